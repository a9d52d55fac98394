/*
 * history.h - what the store's history says about pacts: the revisions
 * that changed a year (pact log) and one clause followed across the years
 * (pact log --clause).
 *
 * Ownership: a pact_log or pact_lineage returned through **out belongs to
 * the caller and is freed with pact_log_free() / pact_lineage_free(), both
 * NULL-safe; every string inside belongs to its parent.
 */
#ifndef PACT_HISTORY_H
#define PACT_HISTORY_H

#include "pact/doc.h"
#include "pact/pactdiff.h"
#include "pact/report.h"
#include "pact/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How one year's pact changed in one revision. */
typedef enum {
	PACT_YEAR_ADDED = 0,    /* the year's pact appeared */
	PACT_YEAR_MODIFIED = 1, /* it was there before and its blob differs */
	PACT_YEAR_DELETED = 2   /* it was removed */
} pact_year_change_kind;

/* The diff's top-level fields (pactdiff.c compares ten); room to spare. */
#define PACT_YEAR_CHANGE_MAX_FIELDS 16

typedef struct pact_year_change {
	int year;
	pact_year_change_kind kind;
	int invalid; /* a side is not a valid pact: no counts */
	int differs; /* the diff's `differs`: more than normalisation changed */
	/* The counts `pact diff --stat` prints, from pact_diff_docs on the two
	 * versions; an added or deleted pact is compared with an empty one,
	 * so everything in it counts as added or removed. */
	pact_diff_summary stat;
	/* Names of the top-level fields that changed ("title", "preamble"...),
	 * as the diff names them, then "members.approvers" when approvers
	 * changed (the diff does not compare them): static strings. */
	const char *fields[PACT_YEAR_CHANGE_MAX_FIELDS];
	size_t nfields;
} pact_year_change;

typedef struct pact_log_entry {
	char hex[PACT_OID_HEXSZ + 1]; /* the commit */
	char *author_name;
	char *author_email;
	int64_t time;              /* seconds since the epoch */
	int offset;                /* the author's timezone, minutes east of UTC */
	char *message;             /* the whole message */
	char *subject;             /* its first line */
	pact_year_change *changes; /* years changed, ascending */
	size_t nchanges;
} pact_log_entry;

typedef struct pact_log {
	pact_log_entry *entries; /* newest first */
	size_t count;
} pact_log;

typedef struct pact_log_opts {
	unsigned version; /* PACT_LOG_OPTS_VERSION */
	const char *rev;  /* where to start; NULL: HEAD */
	int year;         /* only revisions changing this year; 0: any pact */
	size_t max;       /* at most this many entries; 0: all */
} pact_log_opts;
#define PACT_LOG_OPTS_VERSION 1
#define PACT_LOG_OPTS_INIT                                                                         \
	{                                                                                          \
		PACT_LOG_OPTS_VERSION, NULL, 0, 0                                                  \
	}

/* The revisions reachable from opts->rev that changed a pact (or the one
 * year), newest first, each compared with its first parent as
 * `git log --first-parent` would. An unborn HEAD gives an empty log. */
int pact_history_log(pact_log **out, pact_store *store, const pact_log_opts *opts);
void pact_log_free(pact_log *log);

/* Compare two versions of one pact with pact_diff_docs (either may be
 * NULL for "absent") and fill the counts of *out; year and kind are left
 * alone. 0, or PACT_ENOMEM. */
int pact_history_compare(pact_year_change *out, const pact_doc *old_doc, const pact_doc *new_doc);

/* A one-line description of a change, counted as `pact diff --stat`
 * counts, in the words of `lang` (the diff's labels): "2024: Bổ sung 1
 * điều, lược bỏ 1, sửa đổi 3, chuyển vị trí 1; văn bản dẫn chiếu +1 −2;
 * sửa đổi phần mở đầu" or "2024: 1 clause added, 1 removed, 3 modified,
 * 1 moved; citations +1 -2; preamble changed". Caller frees; NULL on out
 * of memory. */
char *pact_year_change_describe_lang(const pact_year_change *c, pact_lang lang);

/* The English line, the language-neutral `summary` of `pact log`'s JSON:
 * pact_year_change_describe_lang(c, PACT_LANG_EN). */
char *pact_year_change_describe(const pact_year_change *c);

/* ---- one clause across the years ------------------------------------- */

typedef enum {
	PACT_LINEAGE_NEW = 0,       /* first year it appears */
	PACT_LINEAGE_UNCHANGED = 1, /* same text as where it last appeared */
	PACT_LINEAGE_CHANGED = 2,   /* text differs from where it last appeared */
	PACT_LINEAGE_ABSENT = 3,    /* the year's pact lacks it */
	PACT_LINEAGE_INVALID = 4    /* the year's pact is not valid */
} pact_lineage_status;

typedef struct pact_lineage_row {
	int year;
	pact_lineage_status status;
	long number;      /* its number that year; 0 when absent */
	long prev_number; /* its number where it last appeared; 0 if none */
	int same_since;   /* UNCHANGED: first year of the run of equal text */
	char *title;      /* NULL when absent or untitled */
} pact_lineage_row;

typedef struct pact_lineage {
	char *clause_id;
	pact_lineage_row *rows; /* one per year in the store, ascending */
	size_t count;
	size_t appearances; /* rows that are not ABSENT or INVALID */
} pact_lineage;

/* Follow clause `id` across every year that has a pact at `rev` (NULL:
 * HEAD). Text means the title and the commitments, compared as the diff
 * compares them (pact_diff_clause_same_text): Unicode normalisation and
 * tone-mark placement are not changes.
 * PACT_ENOTFOUND when no year has the clause. */
int pact_history_clause(pact_lineage **out, pact_store *store, const char *rev, const char *id);
void pact_lineage_free(pact_lineage *l);

/* The lineage as `pact log --clause` prints it: a header line ("điều 'x'
 * có trong 2 trên 3 năm" / "clause 'x' appears in 2 of 3 years"), a blank
 * line, then a table with one row per year, every line ending in a newline.
 * Caller frees; NULL on out of memory. */
char *pact_lineage_describe(const pact_lineage *l, pact_lang lang);

#ifdef __cplusplus
}
#endif
#endif
