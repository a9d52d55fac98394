/*
 * align_internal.h - what align.c asks of align_vocab.c: the items' bags of
 * words and word pairs, and the vocabulary of both sides (passes 1 and 2 of
 * an alignment; libpact's own, not installed).
 *
 * Ownership: pact_align__bags fills *ba, *bb and *v; the caller frees them
 * with pact_align__bags_free and pact_align__vocab_free (NULL-safe), whether
 * it succeeded or not. The bags point into v->blocks: free the vocabulary
 * last.
 */
#ifndef PACT_ALIGN_INTERNAL_H
#define PACT_ALIGN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "align.h"

/* One key of a bag: its vocabulary id and its count in the item, side by
 * side, so that comparing two bags reads two arrays, not four. */
typedef struct pact_align_key {
	uint32_t id;
	uint32_t count;
} pact_align_key;

/* An item's distinct words and word pairs, by vocabulary id (ascending),
 * with their counts; the weight of entry k is count * idf[id], computed
 * where it is used rather than stored. The keys live in the vocabulary's
 * blocks (v->blocks), every bag after the previous one. */
typedef struct pact_align_bag {
	pact_align_key *keys;
	size_t n;
	double mass; /* sum of the weights */
} pact_align_bag;

/* The keys of both sides, by id (the rank of the key's 64-bit hash among
 * all of them): document frequencies and IDF weights; and the storage of
 * every bag's keys. */
typedef struct pact_align_vocab {
	double *idf;           /* log(1 + N / df); 1 for unweighted similarity */
	uint32_t *df_a, *df_b; /* items of each side that have the key */
	size_t n;
	/* the bags' keys, side a's items then side b's, in blocks that are
	 * never moved (each twice the last: no copy as they grow) */
	pact_align_key **blocks;
	size_t nblocks;
} pact_align_vocab;

/* the weight of entry k of bag g */
static inline double pact_align__bag_w(const pact_align_bag *g, size_t k, const double *idf)
{
	return (double)g->keys[k].count * idf[g->keys[k].id];
}

/* The bags of a[na] and b[nb] and their vocabulary: words are the
 * case-folded, tone-normalised tokens of tokens.c, word pairs run across
 * an item's parts as if they were joined by newlines. Weights are
 * log(1 + (na + nb) / df) when `weighted`, else 1. b_twin: NULL, or for
 * each b[i] an index j of a whose parts are the same bytes (b[i]'s bag then
 * shares a[j]'s keys, not made again), or -1. 0 or -1 (out of
 * memory). Cost O(T + V log V) for T tokens and V distinct keys. */
int pact_align__bags(pact_align_vocab *v, pact_align_bag **ba, const pact_align_item *a, size_t na,
                     pact_align_bag **bb, const pact_align_item *b, size_t nb, const long *b_twin,
                     int weighted);
void pact_align__bags_free(pact_align_bag *g);
void pact_align__vocab_free(pact_align_vocab *v);

#endif
