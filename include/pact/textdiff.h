/*
 * textdiff.h - word-by-word difference of two texts.
 *
 * Myers' O(ND) difference on token keys (see tokens.h), in linear space,
 * followed by a semantic clean-up in the manner of diff-match-patch's
 * cleanupSemantic: a short run of equal words between two changes that are
 * at least as long is folded into them, so a reworded phrase reads as one
 * deletion and one insertion instead of confetti. Within a change, the
 * deletion always comes before the insertion.
 *
 * Ownership: results are written into caller-provided structs whose
 * contents the caller releases with the matching *_clear function.
 */
#ifndef PACT_TEXTDIFF_H
#define PACT_TEXTDIFF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PACT_OP_EQUAL = 0, PACT_OP_DELETE = 1, PACT_OP_INSERT = 2 } pact_op_kind;

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
#define PACT_TOKOPS_INIT {NULL, 0, 0}

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
int pact_textdiff_keys(pact_tokops *out, const uint64_t *a, size_t na,
                       const uint64_t *b, size_t nb, int cleanup);
void pact_tokops_clear(pact_tokops *ops);

/* A word-level change between two texts, ready to render: concatenating the
 * EQUAL and DELETE texts gives the old text, EQUAL and INSERT the new one
 * (EQUAL text is taken from the new side; each piece starts with the
 * whitespace that preceded it in its source). */
typedef struct pact_wordop {
	pact_op_kind op;
	char *text;
} pact_wordop;

typedef struct pact_worddiff {
	pact_wordop *ops;
	size_t nops;
	size_t ndeleted, ninserted; /* words (and punctuation) */
	size_t nequal;
	int differs;   /* some DELETE or INSERT */
	int norm_only; /* no change, but the bytes differ beyond whitespace:
	                  Unicode normalisation or tone-mark placement */
} pact_worddiff;

/* Word diff of two NUL-terminated UTF-8 texts (NULL counts as ""). Fills
 * *out (zeroed first); 0 or PACT_ENOMEM. */
int pact_textdiff_words(pact_worddiff *out, const char *a, const char *b);
void pact_worddiff_clear(pact_worddiff *d);

#ifdef __cplusplus
}
#endif
#endif
