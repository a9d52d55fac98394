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

/* Diff key sequences a[na] and b[nb]; `cleanup` nonzero applies the
 * semantic clean-up. Appends to `out` (initialised). 0 or PACT_ENOMEM. */
int pact_textdiff__keys(pact_tokops *out, const uint64_t *a, size_t na, const uint64_t *b,
                        size_t nb, int cleanup);
void pact_textdiff__tokops_clear(pact_tokops *ops);

/* pact_textdiff_words with the tokens of a and b when the caller has them
 * (each NULL, or pact_tokens__split of that text; a NULL text has none):
 * a diff that tokenised its texts for the alignment does not do it again. */
struct pact_tokens;
int pact_textdiff__words(pact_worddiff *out, const char *a, const struct pact_tokens *given_a,
                         const char *b, const struct pact_tokens *given_b);

#endif
