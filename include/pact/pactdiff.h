/*
 * pactdiff.h - two pacts -> one edit script, clause by clause.
 *
 * pact_diff_docs aligns the clauses of two documents (align.h), then the
 * commitments inside each aligned family of clauses, then commitments left
 * over anywhere (a commitment that moved to another clause), then the words
 * inside each pair of commitments (textdiff.h); it compares the top-level
 * fields, the members and the cited directives (cite.h). The result is a
 * self-contained pact_diff: every string is copied, so it outlives both
 * documents, and the renderers (report.h) read nothing else.
 *
 * Ownership: *out belongs to the caller, freed with pact_diff_free
 * (NULL-safe). Everything inside belongs to the pact_diff.
 */
#ifndef PACT_PACTDIFF_H
#define PACT_PACTDIFF_H

#include <stddef.h>

#include "pact/cite.h"
#include "pact/doc.h"
#include "pact/textdiff.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	PACT_CHANGE_UNCHANGED = 0,
	PACT_CHANGE_MODIFIED = 1,
	PACT_CHANGE_ADDED = 2,
	PACT_CHANGE_REMOVED = 3
} pact_change;

/* A clause of one year, as the report names it. */
typedef struct pact_clause_ref {
	int present; /* 0: no clause on this side */
	char *id;
	long number;
	char *title;  /* NULL when the clause has none */
	size_t index; /* 0-based position in its document */
} pact_clause_ref;

/* One commitment of an aligned clause: a pair, or a lone old or new one. */
typedef struct pact_commit_diff {
	pact_change status;
	int moved;         /* relative order changed inside the clause */
	double similarity; /* 1 for unchanged, 0 for lone ones */
	long old_index;    /* 0-based in its old clause, -1 when added */
	long new_index;    /* 0-based in its new clause, -1 when removed */
	char *old_text, *new_text;
	pact_worddiff words;  /* word operations; for added / removed one op */
	int norm_only;        /* unchanged, but only after Unicode / tone-mark
	                         normalisation */
	pact_clause_ref from; /* present: came from another clause (cross-clause
	                         move; not set for the pieces of a split) */
} pact_commit_diff;

/* An old commitment that went to another clause (shown where it left). */
typedef struct pact_moved_out {
	long old_index;
	char *text;
	pact_clause_ref to;
	long new_index;
} pact_moved_out;

/* Change of one cited document. */
typedef struct pact_cite_change {
	pact_change status; /* ADDED, REMOVED (dropped), MODIFIED (re-dated),
	                       UNCHANGED (kept) */
	pact_cite cite;     /* the new citation; the old one when REMOVED */
	pact_date old_date; /* for MODIFIED: the date the old year gave */
} pact_cite_change;

typedef struct pact_cite_changes {
	pact_cite_change *items;
	size_t count, cap;
} pact_cite_changes;

typedef struct pact_clause_diff {
	pact_change status; /* UNCHANGED, MODIFIED, ADDED, REMOVED */
	int moved;          /* relative order changed (one-to-one pairs only) */
	int renumbered;     /* number differs (pairs) */
	double similarity;  /* in [0, 1]; containment for split / merge parts */
	int paired_by_id;
	pact_clause_ref before;      /* the clause in the old year (present 0
	                                when ADDED); not `old`/`new`: C++ */
	pact_clause_ref after;       /* the clause in the new year (present 0
	                                when REMOVED) */
	pact_clause_ref split_from;  /* present: this new clause is a piece of
	                                the old clause split_from */
	pact_clause_ref merged_into; /* present: this old clause was merged into
	                                the new clause merged_into */
	int title_changed;
	pact_worddiff title;
	pact_commit_diff *commits;
	size_t ncommits;
	pact_moved_out *moved_out;
	size_t nmoved_out;
	pact_cite_changes cites; /* citations in this clause's commitments */
	size_t nchanged;         /* commitments not UNCHANGED, + moves */
	int split_source;        /* a one-to-one pair whose old clause also
	                            gave a piece to a split (see split_from) */
	int merge_target;        /* a one-to-one pair whose new clause also
	                            took in a merged clause (see merged_into);
	                            either makes the pair MODIFIED */
} pact_clause_diff;

/* A top-level field: title, signed.date, preamble ... */
typedef struct pact_field_diff {
	const char *name; /* static: "year", "title", "signed.place", ... */
	char *old_value, *new_value;
	int changed;
	int norm_only;
	pact_worddiff words;
} pact_field_diff;

/* What became of a member from one year to the next. Members are matched
 * by id, then by the new year's `formerly:` lists (docs/schema.md). */
typedef enum {
	PACT_MEMBER_JOINED = 0,  /* new, continuing nobody */
	PACT_MEMBER_LEFT = 1,    /* gone, continued by nobody */
	PACT_MEMBER_RENAMED = 2, /* one old member continues as one new one:
	                            another name, another id, or both */
	PACT_MEMBER_MERGED = 3,  /* several old members continue as one new one */
	PACT_MEMBER_SPLIT = 4    /* one old member continues as several new ones */
} pact_member_event;

/* A member of one year as the report names it. */
typedef struct pact_member_ref {
	char *id;
	char *name;
} pact_member_ref;

typedef struct pact_member_diff {
	pact_change status; /* ADDED joined, REMOVED left, MODIFIED renamed,
	                       merged or split (see event) */
	char *id;           /* the new member's; the old one's for LEFT and SPLIT */
	char *old_name;     /* LEFT, RENAMED, SPLIT: the old member's name */
	char *new_name;     /* JOINED, RENAMED, MERGED: the new member's name */
	pact_member_event event;
	char *old_id;          /* RENAMED: the old member's id (== id when only
	                          the name changed); LEFT, SPLIT: == id */
	pact_member_ref *from; /* MERGED: the old members, the new member itself
	                          first when it kept its id, then in the order
	                          its `formerly` names them */
	size_t nfrom;
	pact_member_ref *into; /* SPLIT: the new members, in document order */
	size_t ninto;
} pact_member_diff;

typedef struct pact_diff_summary {
	size_t old_clauses, new_clauses;
	size_t unchanged, modified, added, removed, moved, renumbered, split, merged;
	size_t old_commitments, new_commitments;
	size_t c_unchanged, c_modified, c_added, c_removed, c_moved, c_moved_across;
	size_t words_deleted, words_inserted;
	size_t cites_kept, cites_added, cites_dropped, cites_redated;
	size_t fields_changed, members_joined, members_left, members_renamed;
	size_t members_merged, members_split; /* events, not members */
	size_t norm_only;                     /* texts equal only after normalisation */
	size_t coarse;                        /* word diffs (commitments, titles, fields) compared
	                                         only in part: the word diff's work limit was
	                                         reached (pact_worddiff.coarse) */
} pact_diff_summary;

typedef struct pact_diff {
	char *old_label, *new_label; /* what the user named: "2023", a path */
	int old_year, new_year;
	pact_field_diff *fields;
	size_t nfields;
	pact_member_diff *members; /* changes only */
	size_t nmembers;
	pact_clause_diff *clauses; /* in reading order of the new year, lone old
	                              clauses after their old predecessor */
	size_t nclauses;
	pact_cite_changes cites; /* over all commitments of both years */
	pact_diff_summary summary;
	int differs; /* anything but normalisation differs */
	/* `formerly` names the old year does not have, as warnings
	 * ("formerly-unknown", pact_doc_check_formerly) at the new year's
	 * lines: the diff treats such a name as absent. */
	pact_diags warnings;
} pact_diff;

typedef struct pact_diff_opts {
	unsigned version;
	const char *old_label, *new_label; /* NULL: the documents' paths */
	int ignore_ids;                    /* align by content only */
	double clause_threshold;           /* similarity under which clauses do not pair */
	double commit_threshold;           /* same for commitments within a clause family */
	double move_threshold;             /* same for commitments moved across clauses */
	/* version >= 2: the work all word diffs of the report may share, in
	 * edit-graph steps (see pact_worddiff.coarse); 0: the default, enough
	 * for every realistic pact. Tests set it small to see the limit. */
	unsigned long long word_budget;
} pact_diff_opts;
#define PACT_DIFF_OPTS_VERSION 2
#define PACT_DIFF_OPTS_INIT                                                                        \
	{                                                                                          \
		PACT_DIFF_OPTS_VERSION, NULL, NULL, 0, 0.30, 0.40, 0.50, 0                         \
	}

/* Compare two documents. 0, or PACT_ENOMEM. Cost: see align.h (clauses and
 * leftover commitments), then Myers per commitment pair. */
int pact_diff_docs(pact_diff **out, const pact_doc *old_doc, const pact_doc *new_doc,
                   const pact_diff_opts *opts);

void pact_diff_free(pact_diff *d);

/* Nonzero when two clauses have the same text as the diff sees it: the
 * same title and the same commitments in the same order, each compared by
 * normalised word keys (tokens.h), so Unicode normalisation, tone-mark
 * placement and spacing are not differences. A pair the diff aligns one to
 * one is UNCHANGED exactly when this holds. Numbers and ids are not
 * compared. On out of memory the answer is 0 ("changed"). */
int pact_diff_clause_same_text(const pact_clause *a, const pact_clause *b);

/* Stable English names used by the JSON contract. */
const char *pact_change_name(pact_change c); /* "unchanged", "modified", ... */

#ifdef __cplusplus
}
#endif
#endif
