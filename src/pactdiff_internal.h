/*
 * pactdiff_internal.h - what pactdiff.c asks of pactdiff_order.c,
 * pactdiff_cites.c and pactdiff_fields.c (internal).
 * All return 0, or -1 when out of memory (the caller sets the error).
 */
#ifndef PACT_PACTDIFF_INTERNAL_H
#define PACT_PACTDIFF_INTERNAL_H

#include "pact/pactdiff.h"

/* The most text (bytes, both sides together) whose tokens one alignment
 * of commitments keeps for its word diffs (pactdiff.c). A token takes ~50
 * bytes and text of one-character words or punctuation has one a byte or
 * two, so keeping the tokens of every commitment of two 15 MB pacts took
 * 0.8 to 1.5 GB. Real families of clauses hold a few KB, far below; more
 * than this (only hostile text) costs a second split of each text (its
 * bag, then its word diff) instead of ~50 MB held. */
#define PACT_DIFF_KEPT_TEXT (1u << 20)

/* A reading position: by major, then minor, then i (the index before
 * sorting, so that qsort is stable). */
typedef struct pact_diff__ord {
	double major, minor;
	size_t i;
} pact_diff__ord;
/* qsort comparator of pact_diff__ord. */
int pact_diff__cmp_ord(const void *x, const void *y);

/* One entry in order: its commitments' in-clause moves marked (LIS), the
 * commitments sorted into reading order (new position; a removed one after
 * its old predecessor), then its citations (pact_diff__entry_cites). */
int pact_diff__order_entry(pact_clause_diff *cd);

/* cd->cites: the citations of the entry's old commitments against those of
 * its new ones. */
int pact_diff__entry_cites(pact_clause_diff *cd);

/* *out: the citations of all of a's commitments against all of b's. */
int pact_diff__doc_cites(pact_cite_changes *out, const pact_doc *a, const pact_doc *b);

/* d->fields: the fields other than clauses and members, old against new. */
struct pact_textdiff_budget;
int pact_diff__fields(pact_diff *d, const pact_doc *a, const pact_doc *b,
                      struct pact_textdiff_budget *budget);

/* d->members: the members joined, left or renamed (matched by id). */
int pact_diff__members(pact_diff *d, const pact_doc *a, const pact_doc *b);
/* Their counts into d->summary (joined, left, renamed, merged, split). */
void pact_diff__members_count(pact_diff *d);
/* Frees d->members and d->warnings (pact_diff_free's part). */
void pact_diff__members_free(pact_diff *d);

#endif
