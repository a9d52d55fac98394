/*
 * report.h - rendering a pact_diff for people and programs.
 *
 * Four formats from one edit script (pactdiff.h); renderers read only the
 * pact_diff and never the documents:
 *   text     - terminal, summary first, inline word changes, ANSI colour
 *              when asked ([-deleted-]{+inserted+} without colour);
 *   markdown - the same for review threads and wikis;
 *   json     - the machine contract, documented in docs/diff-json.md;
 *   html     - one standalone page (no network): summary and the Vietnamese
 *              comparison table ("bảng so sánh"), redline in the cells,
 *              printable on A4; all pact text HTML-escaped.
 * Labels are Vietnamese (PACT_LANG_VI) or English (PACT_LANG_EN) in every
 * format; JSON keys and status values stay English (they are the contract).
 *
 * Ownership: pact_report_render returns a malloc'ed NUL-terminated string
 * the caller frees with free().
 */
#ifndef PACT_REPORT_H
#define PACT_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "pact/i18n.h"
#include "pact/json.h"
#include "pact/pactdiff.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	PACT_REPORT_TEXT = 0,
	PACT_REPORT_MARKDOWN = 1,
	PACT_REPORT_JSON = 2,
	PACT_REPORT_HTML = 3
} pact_report_format;

typedef struct pact_report_opts {
	unsigned version;
	pact_report_format format;
	pact_lang lang;
	int color;      /* text: ANSI colours */
	int stat_only;  /* the summary only */
	int verbose;    /* text, markdown: how alike paired clauses are */
	long context;   /* html, markdown: unchanged commitments kept around a
	                   change, the rest collapsed to one line (git's -U);
	                   -1: all of them */
	pact_date made; /* html, markdown: the date the report was made; all zero: today
	                   (or SOURCE_DATE_EPOCH when set, for reproducible
	                   output) */
} pact_report_opts;
#define PACT_REPORT_OPTS_VERSION 1
#define PACT_REPORT_OPTS_INIT                                                                      \
	{                                                                                          \
		PACT_REPORT_OPTS_VERSION, PACT_REPORT_TEXT, PACT_LANG_VI, 0, 0, 0, -1,             \
		{                                                                                  \
			0, 0, 0                                                                    \
		}                                                                                  \
	}

/* Render `d`. *out is the caller's (free()); *len, if not NULL, its length.
 * 0, or PACT_ENOMEM. */
int pact_report_render(char **out, size_t *len, const pact_diff *d, const pact_report_opts *opts);

/* Render `d` to `out`: the same bytes as pact_report_render. The JSON
 * report is written as it is made, so a long one (18 MB at 10 000
 * clauses) is never held whole; the other formats are rendered, then
 * written. 0, or PACT_ENOMEM (then part of the report may have been
 * written). Write errors stay on `out` for the caller to check (ferror,
 * fclose). */
int pact_report_write(FILE *out, const pact_diff *d, const pact_report_opts *opts);

/* The members of the diff JSON's `summary` object (docs/diff-json.md) into
 * the object open in j: the counts, then `fields_changed` listing `fields`.
 * pact log's JSON writes its `stat` the same way, so one reader reads both. */
void pact_report_json_summary(pact_json *j, const pact_diff_summary *s, const char *const *fields,
                              size_t nfields);

/* "text", "markdown" (or "md"), "json", "html" -> format; "vi", "en" ->
 * language (the same as pact_lang_parse, i18n.h). 0, or PACT_EUSAGE with a
 * message naming the bad value. */
int pact_report_format_parse(pact_report_format *out, const char *name);
int pact_report_lang_parse(pact_lang *out, const char *name);

#ifdef __cplusplus
}
#endif
#endif
