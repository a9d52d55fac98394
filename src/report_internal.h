/*
 * report_internal.h - what the four renderers share (not installed): the
 * label table in two languages and small formatting helpers. history.c
 * (pact log) reads the same table for its text.
 */
#ifndef PACT_REPORT_INTERNAL_H
#define PACT_REPORT_INTERNAL_H

#include "buf.h"
#include "pact/report.h"

typedef enum {
	L_TITLE_DIFF, L_SUMMARY, L_CLAUSES, L_CLAUSE, L_COMMITMENTS, L_UNCHANGED,
	L_MODIFIED, L_ADDED, L_REMOVED, L_MOVED, L_RENUMBERED, L_SPLIT, L_MERGED,
	L_SPLIT_FROM, L_MERGED_INTO, L_MOVED_FROM, L_MOVED_TO, L_MOVED_ACROSS,
	L_CITATIONS, L_CITE_ADDED, L_CITE_DROPPED, L_CITE_REDATED, L_CITE_KEPT,
	L_FIELDS, L_MEMBERS, L_JOINED, L_LEFT, L_RENAMED, L_NORM_ONLY, L_NORM_NOTE,
	L_SIMILARITY, L_CHANGE, L_OLD, L_NEW, L_TABLE, L_NO_DIFF, L_WORDS_DEL,
	L_WORDS_INS, L_BEFORE, L_NONE, L_F_YEAR, L_F_TITLE, L_F_BLOC, L_F_PROVINCE,
	L_F_PLACE, L_F_DATE, L_F_PREAMBLE, L_F_CLOSING, L_F_SOURCE, L_F_NOTE,
	L_PREAMBLE_CLOSING, L_TITLE_OF_CLAUSE, L_WAS, L_F_APPROVERS,
	/* pact log only (history.c); the words it shares with the diff are above */
	L_LOG_NEW_PACT, L_LOG_PACT_REMOVED, L_LOG_INVALID, L_LOG_NO_CHANGE,
	L_LOG_FORMAT_ONLY, L_LOG_TEXTS, L_LOG_REDATED, L_LOG_CHANGED, L_LOG_NEW, L_LOG_SINCE,
	L_LOG_ABSENT, L_LOG_RENUMBERED_FROM, L_LOG_APPEARS_IN, L_LOG_OF, L_LOG_COLUMNS,
	L_COUNT_
} label_id;

const char *pact_report_label(pact_lang lang, label_id id);
const char *pact_report_field_label(pact_lang lang, const char *field);
const char *pact_report_status_label(pact_lang lang, pact_change st);

/* What a renderer carries: where it writes and the caller's options. */
typedef struct pact_rctx {
	pact_buf *b;
	const pact_report_opts *o;
} pact_rctx;

/* A label in the report's language. */
static inline const char *L(const pact_rctx *t, label_id id)
{
	return pact_report_label(t->o->lang, id);
}

/* Writes a reference to a clause in one format's markup. */
typedef void pact_report_ref_fn(pact_buf *b, pact_lang lang, const pact_clause_ref *r);

/* "khoản 3 Điều 4" / "Clause 4.3": commitment k (0-based) of the clause
 * numbered `number`, the way each language cites it (Vietnamese legal
 * drafting goes Điều > khoản); without the clause id, which each format
 * writes in its own markup. */
void pact_report_commit_name(pact_buf *b, pact_lang lang, long number, long k);

/* "Điều 5" / "Clause 5" plus " (id)" into b (plain text). */
void pact_report_clause_name(pact_buf *b, pact_lang lang, const pact_clause_ref *r);

/* After a clause's heading: its status, then "moved", "formerly Clause N",
 * "split from REF", "merged into REF", each preceded by `sep`; references
 * written by `ref`. */
void pact_report_clause_notes(pact_buf *b, pact_lang lang, const pact_clause_diff *cd,
                              const char *sep, pact_report_ref_fn *ref);

/* A clause the text and Markdown reports list in one line instead of a
 * heading: unchanged, not moved, not part of a split or merge. */
int pact_report_collapsed(const pact_clause_diff *cd);

/* `before`, then "Giữ nguyên: Điều 2, 3, 5 (trước đây 4)" listing the
 * collapsed clauses, no newline; returns how many. Writes nothing, not even
 * `before`, when there are none. */
size_t pact_report_unchanged_line(pact_buf *b, pact_lang lang, const pact_diff *d,
                                  const char *before);

/* The 1-based position a commitment is shown at: new, else old. */
long pact_report_commit_pos(const pact_commit_diff *c);

/* Whether any citation in cs came, went or changed date. */
int pact_report_cites_changed(const pact_cite_changes *cs);

/* "Cited anew" / "No longer cited" / "Cited with another date". */
const char *pact_report_cite_label(pact_lang lang, pact_change st);

/* Summary lines, without indent or newline: "Citations: Cited anew 1, ...",
 * "Members: Joined 0, ...", the changed fields ("Fields: Title, Date" or
 * "... No changes"; returns how many changed), and the normalisation-only
 * count ("Differing only ...: 1 (not counted as changes)"). */
void pact_report_sum_cites(pact_buf *b, pact_lang lang, const pact_diff_summary *s);
void pact_report_sum_members(pact_buf *b, pact_lang lang, const pact_diff_summary *s);
size_t pact_report_sum_fields(pact_buf *b, pact_lang lang, const pact_diff *d);
void pact_report_sum_norm(pact_buf *b, pact_lang lang, const pact_diff_summary *s);

int pact_report_text(pact_buf *b, const pact_diff *d, const pact_report_opts *o);
int pact_report_md(pact_buf *b, const pact_diff *d, const pact_report_opts *o);
int pact_report_json(pact_buf *b, const pact_diff *d, const pact_report_opts *o);
int pact_report_html(pact_buf *b, const pact_diff *d, const pact_report_opts *o);

#endif
