/*
 * textdiff_internal.h - the key-level engine of the word diff (libpact's
 * own, not installed; the word diff itself is pact/textdiff.h).
 *
 * Myers' O(ND) difference on token keys (see tokens.h), in linear space,
 * with the semantic clean-up described in pact/textdiff.h.
 */
#ifndef PACT_TEXTDIFF_INTERNAL_H
#define PACT_TEXTDIFF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "pact/textdiff.h"

/* One run of the token-level script: `count` tokens starting at a_start in
 * A (EQUAL, DELETE) and/or at b_start in B (EQUAL, INSERT). */
typedef struct pact_tokop {
	pact_op_kind op;
	size_t a_start, b_start;
	size_t count;
} pact_tokop;

typedef struct pact_tokops {
	pact_tokop *items;
	size_t count;
	size_t cap;
} pact_tokops;
#define PACT_TOKOPS_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Cost bound: when the edit distance of two token sequences of N tokens in
 * all exceeds min(MAX_D, max(MIN_D, sqrt(WORK * N))), the rest is reported
 * as one deletion plus one insertion (they have little in common anyway).
 * Searching to distance D costs ~D^2, so this keeps the diff of one pair at
 * O(WORK * N log N) however hostile: two unrelated 256 KB commitments
 * would otherwise cost MAX_D^2 = 16M steps each. MIN_D is far above any
 * real commitment's edit distance, so ordinary text is diffed exactly. */
#define PACT_TEXTDIFF_MAX_D 4096
#define PACT_TEXTDIFF_MIN_D 256
#define PACT_TEXTDIFF_WORK 64

/*
 * The work budget of the word diffs of one report (pact_diff_docs): the
 * per-range bound above keeps one pair near-linear, but a 16 MiB document
 * holds thousands of pairs, so the searches of all of them draw on one
 * budget. Work is counted in edit-graph steps (a diagonal visited, plus
 * each pair of tokens compared along it), never in time, so a report is the
 * same on any machine and under any load.
 *
 * Each pair may first spend PACT_TEXTDIFF_PAIR_WORK steps per token (of
 * both sides) of its own, so the search of an ordinary commitment never
 * depends on what came before it; then the shared `left`. When a search
 * would overdraw both, it stops, and so does every later one that needs
 * shared steps: what is left of that range after its common prefix and
 * suffix (and after the tokens with no equal on the other side, see
 * textdiff.c) is shown as deleted and inserted whole. The diff stays
 * correct (its EQUAL, DELETE and INSERT runs still rebuild both texts),
 * only less fine, and the pact_worddiff says so (`coarse`); so does a pair
 * cut by the per-range bound. A report then costs at most
 * PACT_TEXTDIFF_BUDGET + PAIR_WORK * (its tokens) steps, about 400 M for
 * two 16 MiB pacts of two-letter words.
 *
 * Sizes, measured with 60 commitments of 250 KB a side (15 MB pacts): two
 * words in random order on each side wanted 0.8 G steps, one word repeated
 * with another scattered (5%) on each side 2 G, the same words shuffled
 * 0.3 G; a step costs 5-8 ns here, so those took 5-15 s of search alone.
 * What must stay exact spends far less: the sample pacts 28 k steps, the
 * generated 10 000-clause pair (bench/gen.awk) 2.4 k, the 15 MB pair with
 * 1% of its words edited at random places 33 M, the same with 1% of two
 * words flipped 108 M. 300 M keeps all of these exact and the worst shapes
 * to 2-3 s of search.
 */
typedef struct pact_textdiff_budget {
	unsigned long long left; /* shared steps not yet spent */
	size_t coarse;           /* word diffs cut short so far */
} pact_textdiff_budget;
#define PACT_TEXTDIFF_BUDGET 300000000ull
#define PACT_TEXTDIFF_PAIR_WORK 16u

/* Diff key sequences a[na] and b[nb]; `cleanup` nonzero applies the
 * semantic clean-up. Appends to `out` (initialised). 0 or PACT_ENOMEM.
 * pact_textdiff__keys spends a budget of its own of PACT_TEXTDIFF_BUDGET;
 * __keys_budget spends *budget (not NULL) and sets *coarse (not NULL) to
 * whether the search was cut short. */
int pact_textdiff__keys(pact_tokops *out, const uint64_t *a, size_t na, const uint64_t *b,
                        size_t nb, int cleanup);
int pact_textdiff__keys_budget(pact_tokops *out, const uint64_t *a, size_t na, const uint64_t *b,
                               size_t nb, int cleanup, pact_textdiff_budget *budget, int *coarse);
void pact_textdiff__tokops_clear(pact_tokops *ops);

/* pact_textdiff_words with the tokens of a and b when the caller has them
 * (each NULL, or pact_tokens__split of that text; a NULL text has none):
 * a diff that tokenised its texts for the alignment does not do it again.
 * `budget`: the report's (see above; out->coarse and budget->coarse say
 * when it ran out), or NULL for one of PACT_TEXTDIFF_BUDGET of its own. */
struct pact_tokens;
int pact_textdiff__words(pact_worddiff *out, const char *a, const struct pact_tokens *given_a,
                         const char *b, const struct pact_tokens *given_b,
                         pact_textdiff_budget *budget);

#endif
