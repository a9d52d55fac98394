/*
 * report/report.h - the front door of src/report/, the renderers: what the
 * diff renderers (report_text.c, report_md.c, report_html.c, report_json.c
 * over report.c) share, small formatting helpers over the label catalogue
 * (labels.h). paper.c, the pact laid out as paper, sits beside them. Not
 * installed; the API is include/pact/report.h and include/pact/paper.h.
 */
#ifndef PACT_REPORT_REPORT_H
#define PACT_REPORT_REPORT_H

#include "../buf.h"
#include "../labels.h"
#include "pact/report.h"

/* What a renderer carries: where it writes and the caller's options. */
typedef struct pact_rctx {
	pact_buf *b;
	const pact_report_opts *o;
} pact_rctx;

/* A label in the report's language. */
static inline const char *L(const pact_rctx *t, label_id id)
{
	return pact_labels__get(t->o->lang, id);
}

/* Writes a reference to a clause in one format's markup. */
typedef void pact_report_ref_fn(pact_buf *b, pact_lang lang, const pact_clause_ref *r);

/* "khoản 3 Điều 4" / "Clause 4.3": commitment k (0-based) of the clause
 * numbered `number`, the way each language cites it (Vietnamese legal
 * drafting goes Điều > khoản); without the clause id, which each format
 * writes in its own markup. */
void pact_report__commit_name(pact_buf *b, pact_lang lang, long number, long k);

/* "Điều 5" / "Clause 5" plus " (id)" into b (plain text). */
void pact_report__clause_name(pact_buf *b, pact_lang lang, const pact_clause_ref *r);

/* The clause a clause's section is headed by: the new clause, but the old
 * one for a removed clause and for the part of a merge (named by the old
 * clause it came from, then "merged into" the new one). */
const pact_clause_ref *pact_report__heading_ref(const pact_clause_diff *cd);

/* After a clause's heading: its status, then "moved", "formerly Clause N",
 * "split from REF", "merged into REF", "split into REF, REF" (a split took
 * commitments from this clause), "merged from REF" (a merge added to it),
 * each preceded by `sep`; references written by `ref`. */
void pact_report__clause_notes(pact_buf *b, pact_lang lang, const pact_diff *d,
                               const pact_clause_diff *cd, const char *sep,
                               pact_report_ref_fn *ref);

/* One line per kind of change that happened, naming the clauses: "Added:
 * REF", "Removed: REF [2023]", "Split: REF [2023] → REF", "Merged: REF
 * [2023] → REF", "Moved: REF, formerly Clause 2"; each line starts with
 * `before` and ends with a newline; kinds that did not happen have no
 * line. At most 20 names a line, then "; and N more". Returns the lines. */
size_t pact_report__named_lines(pact_buf *b, pact_lang lang, const pact_diff *d, const char *before,
                                pact_report_ref_fn *ref);

/* Writes a member's name in one format's markup (escaped as it needs). */
typedef void pact_report_name_fn(pact_buf *b, const char *name);

/* One member change in words, after its label: "Joined: NEW (id)",
 * "Left: OLD (id)", "Renamed: OLD → NEW (id)" (same id) or "Renamed: OLD
 * (old-id) → NEW (id)", "Merged: A (a) + B (b) → NEW (id)", "Split: OLD
 * (id) → A (a) + B (b)". Names go through `name`; ids are slugs, written
 * between id_open and id_close (" (" and ")", " (`" and "`)"). */
void pact_report__member_change(pact_buf *b, pact_lang lang, const pact_member_diff *m,
                                pact_report_name_fn *name, const char *id_open,
                                const char *id_close);

/* The label of a member change: Joined, Left, Renamed, Merged, Split. */
const char *pact_report__member_label(pact_lang lang, const pact_member_diff *m);

/* "wording 83% alike": a paired clause's similarity, for --verbose. */
void pact_report__similarity(pact_buf *b, pact_lang lang, const pact_clause_diff *cd);

/* A clause the text and Markdown reports list in one line instead of a
 * heading: unchanged, not moved, not part of a split or merge, and no
 * commitment of it differs only in Unicode normalisation (two texts that
 * look the same but compare differently: the reader is shown which). */
int pact_report__collapsed(const pact_clause_diff *cd);

/* Whether a commitment of cd differs only in Unicode normalisation. */
int pact_report__has_norm_only(const pact_clause_diff *cd);

/* Whether a field gets a line among the general information: changed, or
 * differing only in normalisation (the line then says so). */
int pact_report__field_shown(const pact_field_diff *f);

/* `before`, then "Giữ nguyên: Điều 2, 3, 5 (trước đây 4)" listing the
 * collapsed clauses, no newline; returns how many. Writes nothing, not even
 * `before`, when there are none. */
size_t pact_report__unchanged_line(pact_buf *b, pact_lang lang, const pact_diff *d,
                                   const char *before);

/* The 1-based position a commitment is shown at: new, else old. */
long pact_report__commit_pos(const pact_commit_diff *c);

/* Whether any citation in cs came, went or changed date. */
int pact_report__cites_changed(const pact_cite_changes *cs);

/* "Cited anew" / "No longer cited" / "Cited with another date". */
const char *pact_report__cite_label(pact_lang lang, pact_change st);

/* "Label N, Label N" for the counts that are not zero, the first preceded
 * by `before`; nothing when all are zero. Returns how many were written. */
size_t pact_report__sum_counts(pact_buf *b, pact_lang lang, const char *before, const label_id *ids,
                               const size_t *counts, size_t n);

/* Summary lines, without newline: `before` then "Citations: Cited anew 1,
 * ..." / "Members: Joined 1, ..." with the zero counts left out, nothing
 * at all when every count is zero (returns how many counts were written);
 * the changed fields ("Fields: Title, Date" or "... No changes"; returns
 * how many changed), and the normalisation-only count ("Differing only
 * ...: 1 (not counted as changes)"). */
size_t pact_report__sum_cites(pact_buf *b, pact_lang lang, const char *before,
                              const pact_diff_summary *s);
size_t pact_report__sum_members(pact_buf *b, pact_lang lang, const char *before,
                                const pact_diff_summary *s);
size_t pact_report__sum_fields(pact_buf *b, pact_lang lang, const pact_diff *d);
void pact_report__sum_norm(pact_buf *b, pact_lang lang, const pact_diff_summary *s);
/* "Compared only in part: N (why)": the word diffs that reached the work
 * limit (pact_worddiff.coarse); said only when there are some. */
void pact_report__sum_coarse(pact_buf *b, pact_lang lang, const pact_diff_summary *s);

/* The value of top-level field `name` ("bloc", "signed.date") on one side
 * (0 old, 1 new); NULL when absent. */
const char *pact_report__field(const pact_diff *d, const char *name, int side);

/* --context: whether commitment k of cd is shown, i.e. changed, or within
 * ctx commitments of one that is (ctx < 0: every one is shown). */
int pact_report__commit_shown(const pact_clause_diff *cd, size_t k, long ctx);

/* Today's date, local time; SOURCE_DATE_EPOCH (seconds, UTC) instead when
 * it is set, so that a report can be made reproducibly. */
void pact_report__today(pact_date *out);

int pact_report__text(pact_buf *b, const pact_diff *d, const pact_report_opts *o);
int pact_report__md(pact_buf *b, const pact_diff *d, const pact_report_opts *o);
int pact_report__json(pact_buf *b, const pact_diff *d, const pact_report_opts *o);
/* The JSON report written to `out` as it is made (pact_report_write). */
int pact_report__json_write(FILE *out, const pact_diff *d, const pact_report_opts *o);
int pact_report__html(pact_buf *b, const pact_diff *d, const pact_report_opts *o);

#endif
