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
 *
 * The key-level engine under it (pact_textdiff__keys) is libpact's own:
 * src/textdiff_internal.h.
 */
#ifndef PACT_TEXTDIFF_H
#define PACT_TEXTDIFF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PACT_OP_EQUAL = 0, PACT_OP_DELETE = 1, PACT_OP_INSERT = 2 } pact_op_kind;

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
	int coarse;    /* compared only in part: the search for common words
	                  reached its work limit, and what it had not matched
	                  then is shown as deleted and inserted whole (still
	                  correct, less fine; see PACT_TEXTDIFF_BUDGET) */
} pact_worddiff;

/* Word diff of two NUL-terminated UTF-8 texts (NULL counts as ""). Fills
 * *out (zeroed first); 0 or PACT_ENOMEM. Its work is bounded (each call
 * has a budget of its own; out->coarse says when it ran out). */
int pact_textdiff_words(pact_worddiff *out, const char *a, const char *b);
void pact_worddiff_clear(pact_worddiff *d);

#ifdef __cplusplus
}
#endif
#endif
