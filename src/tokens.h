/*
 * tokens.h - words and punctuation of pact text, with comparison keys
 * (libpact's own, not installed).
 *
 * A word is a run of letters, combining marks and digits (Unicode general
 * categories L*, M*, N*), so a Vietnamese syllable is one word and a UTF-8
 * sequence is never split; every other non-space code point is a token of
 * its own (punctuation, symbols). Whitespace separates tokens and is kept
 * only as offsets, for rendering.
 *
 * Each token carries two 64-bit keys:
 *   key  - NFC with the Vietnamese tone mark moved to a canonical place, so
 *          "hoà" and "hòa", or an NFD and an NFC spelling, get the same key;
 *          case is kept (the word diff shows "Tỉnh" -> "tỉnh").
 *   fold - the same, case-folded (similarity of clauses and commitments).
 * Keys are 64-bit hashes (unkeyed): equal keys find the words that are
 * probably equal, and pact_tokens__same_word says whether they are. Two
 * different words can be crafted to share a hash (~2^32 work), so nothing
 * that decides what a reader sees as unchanged trusts a key alone: the word
 * diff (textdiff.c), the aligner's bags (align_vocab.c), same_text and the
 * citation scanner compare key strings where hashes are equal.
 *
 * Ownership: pact_tokens__split fills a caller-provided struct whose array
 * the caller releases with pact_tokens__clear (NULL-safe, idempotent).
 */
#ifndef PACT_TOKENS_H
#define PACT_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PACT_TOK_WORD = 0, PACT_TOK_PUNCT = 1 } pact_token_kind;

typedef struct pact_token {
	size_t ws;  /* offset where the whitespace before this token starts */
	size_t off; /* offset of the token's first byte */
	size_t len; /* its length in bytes */
	uint64_t key;
	uint64_t fold;
	pact_token_kind kind;
} pact_token;

typedef struct pact_tokens {
	pact_token *items;
	size_t count;
	size_t cap;
} pact_tokens;
#define PACT_TOKENS_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Split `len` bytes of valid UTF-8 into tokens (appending to `out`, which
 * must be initialised). Returns 0 or PACT_ENOMEM. */
int pact_tokens__split(pact_tokens *out, const char *text, size_t len);

/* The number of tokens pact_tokens__split would find in text[len], and in
 * *end the offset just past the last one (0 when there is none), without
 * computing keys: the cost of a byte-identical text's word diff. */
size_t pact_tokens__count(const char *text, size_t len, size_t *end);

/* Free the array; the struct is reusable afterwards. */
void pact_tokens__clear(pact_tokens *t);

/* The normalised key of one word as a string, for tests and debugging:
 * NFC, tone marks removed and appended, each as "\x01" plus its code point
 * in hex ("hòa" -> "hoa\x01" "300"; "Ápdụng" -> "Apdung\x01" "301\x01" "323"),
 * case-folded when `fold`. The caller frees the
 * result; NULL on out of memory. */
char *pact_tokens__key_string(const char *word, size_t len, int fold);

/* Hash of a byte string (FNV-1a 64 with a final avalanche); also used to
 * combine keys into bigram keys. */
uint64_t pact_tokens__hash(const void *p, size_t n, uint64_t seed);

/* 1 when the words (or punctuation) a[alen] and b[blen] have the same key
 * string (the case-folded one when `fold`): what equal keys stand for,
 * checked. Equal bytes answer at once; else both are normalised. 0 when
 * they differ, -1 when out of memory. */
int pact_tokens__same_word(const char *a, size_t alen, const char *b, size_t blen, int fold);

/* 1 when a and b have the same tokens under `key` (normalisation and
 * tone placement ignored, whitespace ignored), 0 when not, -1 when out of
 * memory. */
int pact_tokens__same_text(const char *a, const char *b);

/* The same for texts already split: ta is pact_tokens__split of a, tb of b
 * (each key checked with pact_tokens__same_word, so a forged key cannot
 * make two texts the same). 1, 0 or -1 (out of memory). */
int pact_tokens__same_tokens(const char *a, const pact_tokens *ta, const char *b,
                             const pact_tokens *tb);

#ifdef __cplusplus
}
#endif
#endif
