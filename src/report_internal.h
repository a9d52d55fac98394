/*
 * report_internal.h - what the four renderers share (not installed): the
 * label table in two languages and small formatting helpers.
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
	L_PREAMBLE_CLOSING, L_TITLE_OF_CLAUSE, L_WAS, L_COUNT_
} label_id;

const char *pact_report_label(pact_lang lang, label_id id);
const char *pact_report_field_label(pact_lang lang, const char *field);
const char *pact_report_status_label(pact_lang lang, pact_change st);

/* "Điều 5" / "Clause 5" plus " (id)" into b */
void pact_report_clause_name(pact_buf *b, pact_lang lang, const pact_clause_ref *r);

int pact_report_text(pact_buf *b, const pact_diff *d, const pact_report_opts *o);
int pact_report_md(pact_buf *b, const pact_diff *d, const pact_report_opts *o);
int pact_report_json(pact_buf *b, const pact_diff *d, const pact_report_opts *o);
int pact_report_html(pact_buf *b, const pact_diff *d, const pact_report_opts *o);

#endif
