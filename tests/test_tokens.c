/*
 * test_tokens.c - words, punctuation and normalised keys (tokens.c).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../src/tokens.h"

static int same_key(const char *a, const char *b, int fold)
{
	char *ka = pact_tokens__key_string(a, strlen(a), fold);
	char *kb = pact_tokens__key_string(b, strlen(b), fold);
	int r = ka && kb && !strcmp(ka, kb);
	free(ka);
	free(kb);
	return r;
}

Test(tokens, tone_mark_placement_is_not_a_difference)
{
	cr_expect(same_key("hoà", "hòa", 0)); /* U+00E0 on a vs U+00F2 on o */
	cr_expect(same_key("khoẻ", "khỏe", 0));
	cr_expect(same_key("thuỷ", "thủy", 0));
	cr_expect(!same_key("hóa", "hòa", 0)); /* a different tone is a different word */
	cr_expect(!same_key("hoa", "hòa", 0));
}

Test(tokens, nfd_and_nfc_spellings_share_a_key)
{
	/* "Việt" precomposed vs e + U+0323 + U+0302 */
	cr_expect(same_key("Vi\xe1\xbb\x87t", "Vie\xcc\xa3\xcc\x82t", 0));
}

Test(tokens, case_matters_for_key_not_for_fold)
{
	cr_expect(!same_key("Tỉnh", "tỉnh", 0));
	cr_expect(same_key("Tỉnh", "tỉnh", 1));
	cr_expect(same_key("ĐẢNG", "đảng", 1));
}

Test(tokens, syllables_are_words_and_punctuation_stands_alone)
{
	const char *s = "Chỉ thị số 19/CT-TTg, ngày 16/7/2021.";
	pact_tokens t = PACT_TOKENS_INIT;
	const char *want[] = {"Chỉ", "thị",  "số", "19", "/", "CT", "-",    "TTg",
	                      ",",   "ngày", "16", "/",  "7", "/",  "2021", "."};
	cr_assert_eq(pact_tokens__split(&t, s, strlen(s)), 0);
	cr_assert_eq(t.count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < t.count; i++) {
		cr_expect_eq(t.items[i].len, strlen(want[i]), "token %zu", i);
		cr_expect(!strncmp(s + t.items[i].off, want[i], t.items[i].len), "token %zu", i);
	}
	/* "/" in 19/CT is glued to its neighbours; "ngày" follows a space */
	cr_expect_eq(t.items[4].ws, t.items[4].off);
	cr_expect_neq(t.items[9].ws, t.items[9].off);
	pact_tokens__clear(&t);
}

Test(tokens, never_splits_a_utf8_sequence)
{
	const char *s = "“Toàn dân” — ệ…";
	pact_tokens t = PACT_TOKENS_INIT;
	cr_assert_eq(pact_tokens__split(&t, s, strlen(s)), 0);
	for (size_t i = 0; i < t.count; i++) {
		unsigned char first = (unsigned char)s[t.items[i].off];
		cr_expect((first & 0xC0) != 0x80, "token %zu starts inside a sequence", i);
		size_t end = t.items[i].off + t.items[i].len;
		cr_expect(end == strlen(s) || ((unsigned char)s[end] & 0xC0) != 0x80);
	}
	pact_tokens__clear(&t);
}

Test(tokens, same_text_ignores_whitespace_and_normalisation)
{
	cr_expect(pact_tokens__same_text("sức  khoẻ", "sức khỏe"));
	cr_expect(!pact_tokens__same_text("sức khoẻ", "sức khoẻ tốt"));
}
