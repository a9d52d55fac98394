/*
 * align.h - pairing two lists of texts (clauses, or commitments) by content
 * (libpact's own, not installed: the diff, pact/pactdiff.h, is the API).
 *
 * Used at both levels of the diff: clauses of two years, and commitments of
 * two clauses. Items that share an id are paired first (ids are a hint:
 * without any, alignment still works). The rest are paired by similarity:
 * a weighted Dice coefficient over bags of case-folded, normalised word
 * unigrams and bigrams, each weighted by its inverse document frequency
 * over both lists, so "và", "các", "thực hiện" weigh little and reordered
 * sentences keep their score. Pairs below `threshold` are left alone.
 *
 * After the one-to-one pairing, a lone new item whose content is mostly
 * contained in an already paired old item is reported as split from it, and
 * a lone old item mostly contained in a paired new item as merged into it.
 * Pairs that leave the longest increasing subsequence of positions are
 * marked as moved.
 *
 * Ownership: pact_align__texts returns a pact_alignment the caller frees with
 * pact_align__free (NULL-safe).
 */
#ifndef PACT_ALIGN_H
#define PACT_ALIGN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pact_align_opts {
	unsigned version;
	double threshold; /* minimum similarity for a pair by content */
	double contain;   /* minimum containment for split / merge */
	int no_ids;       /* ignore ids (for tests of the content path) */
} pact_align_opts;
#define PACT_ALIGN_OPTS_VERSION 1
#define PACT_ALIGN_OPTS_INIT                                                                       \
	{                                                                                          \
		PACT_ALIGN_OPTS_VERSION, 0.30, 0.50, 0                                             \
	}

typedef enum {
	PACT_PAIR_ID = 0,      /* same id on both sides */
	PACT_PAIR_CONTENT = 1, /* paired by similarity */
	PACT_PAIR_SPLIT = 2,   /* b is a piece split off a (a is paired elsewhere) */
	PACT_PAIR_MERGE = 3    /* a was merged into b (b is paired elsewhere) */
} pact_pair_kind;

typedef struct pact_align_pair {
	size_t a, b;       /* indices into the old and new lists */
	double similarity; /* in [0, 1]; containment for SPLIT / MERGE */
	pact_pair_kind kind;
	int moved; /* relative order changed (ID and CONTENT only) */
} pact_align_pair;

typedef struct pact_alignment {
	pact_align_pair *pairs; /* one-to-one pairs first, by a; then split and
	                           merge links */
	size_t npairs;          /* all links */
	size_t nprimary;        /* the one-to-one pairs: pairs[0..nprimary) */
	long *a_to_b;           /* [na]: primary partner of a, or -1 */
	long *b_to_a;           /* [nb]: primary partner of b, or -1 */
	size_t na, nb;
} pact_alignment;

/* Align a[na] with b[nb]. ids may be NULL (no ids), and individual ids may
 * be NULL. opts NULL means defaults. 0 or PACT_ENOMEM.
 * Cost: O(T) to build bags and an inverted index (T = total tokens); each
 * item that ids leave unpaired is compared exactly with at most
 * PACT_ALIGN_CANDIDATES items of the other side that share its rarest
 * tokens (every pair when a side has at most PACT_ALIGN_SMALL items), so
 * the whole is O(T + n * k * L), not quadratic in the number of items. */
int pact_align__texts(pact_alignment **out, const char *const *a, const char *const *a_ids,
                      size_t na, const char *const *b, const char *const *b_ids, size_t nb,
                      const pact_align_opts *opts);
void pact_align__free(pact_alignment *al);

/* An item made of several texts (a clause: its title, then each
 * commitment), compared as if they were joined by newlines; NULL parts are
 * skipped. */
typedef struct pact_align_item {
	const char *const *parts;
	size_t nparts;
	/* NULL, or each part's tokens (tokens.h) when the caller has them
	 * already; a NULL entry is split here */
	const struct pact_tokens *const *toks;
} pact_align_item;

/* pact_align__texts over items in parts, without joining them into one string
 * (the clauses of a 10 000-clause diff are 6 MB of text). Same results,
 * same cost bounds, same ownership. */
int pact_align__parts(pact_alignment **out, const pact_align_item *a, const char *const *a_ids,
                      size_t na, const pact_align_item *b, const char *const *b_ids, size_t nb,
                      const pact_align_opts *opts);

#define PACT_ALIGN_CANDIDATES 12
#define PACT_ALIGN_SMALL 64

/* Similarity of two texts alone (IDF weights all 1). */
double pact_align__similarity(const char *a, const char *b);

/* Indices of a sequence that lie on one longest increasing subsequence:
 * keep[i] set to 1 for those, 0 for the others. O(n log n). 0 or ENOMEM. */
int pact_align__lis(unsigned char *keep, const size_t *seq, size_t n);

#ifdef __cplusplus
}
#endif
#endif
