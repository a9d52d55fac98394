/*
 * text.h - small text tools shared by the structure finder and the member
 * finder (internal to src/import/).
 *
 * A "word" here is a run of non-space bytes of the original text with its
 * folded form (pact_import__fold: no diacritics, lower case, đ -> d) and its
 * folded form without the punctuation around it ("gồm:" -> "gom"), so
 * patterns like "ngày D tháng M năm Y" are matched on folded words while
 * the text cut out keeps the original spelling.
 */
#ifndef PACT_IMPORT_TEXT_H
#define PACT_IMPORT_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef struct imp_word {
	size_t off, len; /* in the original text */
	char *fold;      /* folded word */
	char *bare;      /* folded, leading/trailing punctuation removed */
} imp_word;

typedef struct imp_words {
	imp_word *w;
	size_t n, cap;
} imp_words;

/* Split s[0..len) at spaces and fold each word. 0 or PACT_ENOMEM. */
int pact_import__words_split(imp_words *out, const char *s, size_t len);
void pact_import__words_clear(imp_words *w);
/* Nonzero when words [i, i+k) have bare forms equal to the space-separated
 * folded phrase `ph` ("thong nhat"). */
int pact_import__words_match(const imp_words *w, size_t i, const char *ph);

/* First code point of s (0 at the end). */
int32_t pact_import__first_cp(const char *s, size_t len);
int pact_import__is_upper(int32_t cp);
int pact_import__is_lower(int32_t cp);
/* Nonzero when s starts (after opening quotes or brackets) with a capital
 * letter or a digit. */
int pact_import__starts_upper(const char *s, size_t len);
/* Nonzero when the text has letters and no lower-case letter. */
int pact_import__all_caps(const char *s, size_t len);
/* Sentence case of an all-caps text: the first letter upper, the rest
 * lower. Caller frees; NULL on OOM. */
char *pact_import__sentence_case(const char *s, size_t len);
/* Nonzero when the text ends a sentence (. ! ? … ; possibly followed by
 * closing quotes or brackets). */
int pact_import__ends_sentence(const char *s, size_t len);

#endif
