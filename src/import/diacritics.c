/*
 * diacritics.c - the "diacritics" pass: notice text that lost its
 * Vietnamese diacritics (OCR without the Vietnamese model, a text typed
 * without a Vietnamese keyboard) and warn, since every such word needs a
 * person's check, or --like to restore it from last year's wording.
 *
 * Method: the share of words of two letters or more that carry a
 * non-ASCII letter. In Vietnamese prose about three words in four do (the
 * 2024 pact: 76%); in the seed OCR output 20%, the rest being OCR's stray
 * accents. Below DIACRITIC_PERCENT the text is taken to have lost them.
 * Only the clauses are counted: titles in capitals and names would skew
 * it. Cost: one pass over the text.
 */
#include <string.h>
#include <utf8proc.h>

#include "import.h"
#include "pact/error.h"

#define DIACRITIC_PERCENT 45
/* Fewer words than this say nothing either way. */
#define DIACRITIC_MIN_WORDS 40

static void count(const char *s, size_t *words, size_t *marked)
{
	size_t i = 0, len = s ? strlen(s) : 0;
	while (i < len) {
		size_t letters = 0;
		int nonascii = 0, other = 0;
		while (i < len && s[i] != ' ') {
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
			                                      (utf8proc_ssize_t)(len - i), &cp);
			if (n <= 0)
				return;
			const utf8proc_property_t *p = utf8proc_get_property(cp);
			if (p->category >= UTF8PROC_CATEGORY_LU &&
			    p->category <= UTF8PROC_CATEGORY_LO) {
				letters++;
				nonascii |= cp >= 0x80;
			} else if (cp >= '0' && cp <= '9') {
				other = 1;
			}
			i += (size_t)n;
		}
		while (i < len && s[i] == ' ')
			i++;
		if (letters >= 2 && !other) {
			(*words)++;
			*marked += (size_t)nonascii;
		}
	}
}

int pact_import__pass_diacritics(imp_doc *doc, imp_ctx *ctx)
{
	size_t words = 0, marked = 0;
	for (size_t i = 0; i < doc->nclauses; i++)
		for (size_t k = 0; k < doc->clauses[i].ncommitments; k++)
			count(doc->clauses[i].commitments[k].s, &words, &marked);
	if (words < DIACRITIC_MIN_WORDS || marked * 100 >= words * DIACRITIC_PERCENT)
		return 0;
	doc->no_diacritics = 1;
	return pact_import__warn(
	        ctx, doc->nclauses ? doc->clauses[0].line : 0, "no-diacritics",
	        "the text has lost most of its diacritics (%zu%% of its words carry one; "
	        "Vietnamese text has about 75%%): check every word, or import with "
	        "--like LAST-YEAR to restore them from last year's pact",
	        marked * 100 / words);
}
