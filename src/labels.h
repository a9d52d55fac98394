/*
 * labels.h - the words pact's reports and log lines are made of (not
 * installed): one catalogue, looked up through gettext (i18n.h), so that
 * `pact diff`, `pact log` and the printed papers say a thing the same way
 * in each language. The renderers (report*.c) and history.c read it, and
 * pact show's text its date; it reads nothing above the diff's own types.
 */
#ifndef PACT_LABELS_H
#define PACT_LABELS_H

#include "buf.h"
#include "pact/i18n.h"
#include "pact/pactdiff.h"

typedef enum {
	L_TITLE_DIFF,
	L_SUMMARY,
	L_CLAUSES,
	L_CLAUSE,
	L_COMMITMENTS,
	L_UNCHANGED,
	L_MODIFIED,
	L_ADDED,
	L_REMOVED,
	L_MOVED,
	L_RENUMBERED,
	L_SPLIT,
	L_MERGED,
	L_SPLIT_FROM,
	L_MERGED_INTO,
	L_MOVED_FROM,
	L_MOVED_TO,
	L_MOVED_ACROSS,
	L_CITATIONS,
	L_CITE_ADDED,
	L_CITE_DROPPED,
	L_CITE_REDATED,
	L_CITE_KEPT,
	L_FIELDS,
	L_MEMBERS,
	L_JOINED,
	L_LEFT,
	L_RENAMED,
	L_NORM_ONLY,
	L_NORM_NOTE,
	L_COARSE,
	L_COARSE_NOTE,
	L_SIMILARITY,
	L_CHANGE,
	L_OLD,
	L_NEW,
	L_TABLE,
	L_NO_DIFF,
	L_WORDS_DEL,
	L_WORDS_INS,
	L_BEFORE,
	L_NONE,
	L_F_YEAR,
	L_F_TITLE,
	L_F_BLOC,
	L_F_PROVINCE,
	L_F_PLACE,
	L_F_DATE,
	L_F_PREAMBLE,
	L_F_CLOSING,
	L_F_SOURCE,
	L_F_NOTE,
	L_PREAMBLE_CLOSING,
	L_TITLE_OF_CLAUSE,
	L_WAS,
	L_F_APPROVERS,
	L_SPLIT_INTO,
	L_MERGED_FROM,
	/* member agencies (pactdiff_members.c's events), words of their own:
	 * agencies are "hợp nhất", clauses "gộp" */
	L_M_MERGED,
	L_M_SPLIT,
	/* pact log only (history.c); the words it shares with the diff are above */
	L_LOG_NEW_PACT,
	L_LOG_PACT_REMOVED,
	L_LOG_INVALID,
	L_LOG_NO_CHANGE,
	L_LOG_FORMAT_ONLY,
	L_LOG_TEXTS,
	L_LOG_REDATED,
	L_LOG_CHANGED,
	L_LOG_NEW,
	L_LOG_SINCE,
	L_LOG_ABSENT,
	L_LOG_RENUMBERED_FROM,
	L_LOG_APPEARS_IN,
	L_LOG_OF,
	L_LOG_COLUMNS,
	L_COUNT_
} label_id;

/* Label `id` in `lang`; never NULL, lives as long as the process. */
const char *pact_labels__get(pact_lang lang, label_id id);

/* A top-level field's name ("signed.date") in words ("Ngày ký", "Date of
 * signing"); the name itself when it has none. */
const char *pact_labels__field(pact_lang lang, const char *field);

/* "Giữ nguyên" / "Unchanged" ... for a change status. */
const char *pact_labels__status(pact_lang lang, pact_change st);

/* A date as each language writes it on paper: Vietnamese "ngày 09 tháng 5
 * năm 2024" (a zero before a day under 10 and before months 1 and 2, as
 * administrative documents write it, Nghị định 30/2020/NĐ-CP), English the
 * ISO "2024-05-09". */
void pact_labels__date(pact_buf *b, pact_lang lang, const pact_date *dt);

/* The same date into out (n bytes, NUL-terminated; PACT_LABELS__DATE_MAX
 * holds any): the one rule, which pact show's text (cmd_show.c) shares
 * with the papers and reports. Returns the length it has. */
#define PACT_LABELS__DATE_MAX 64
size_t pact_labels__date_str(char *out, size_t n, pact_lang lang, const pact_date *dt);

/* "2024-05-09" -> *out; 0, or -1 when it is not that shape. */
int pact_labels__date_parse(pact_date *out, const char *iso);

#endif
