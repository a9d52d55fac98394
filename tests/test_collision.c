/*
 * test_collision.c - word keys are unkeyed 64-bit hashes (tokens.h); two
 * different words crafted to share one (~2^32 work) must still be
 * different words to the word diff, to same_text and to the aligner.
 *
 * Finding a real collision of the hash is too slow for a test, so each
 * test splits the texts as the library does, then forges the collision:
 * the new word's key (or case-folded key) is overwritten with the old
 * word's, which is exactly what a crafted pair of words would produce.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../src/align.h"
#include "../src/textdiff_internal.h"
#include "../src/tokens.h"

static void split(pact_tokens *t, const char *s)
{
	*t = (pact_tokens)PACT_TOKENS_INIT;
	cr_assert_eq(pact_tokens__split(t, s, strlen(s)), 0);
}

/* the index of the token spelled w in t */
static size_t find(const pact_tokens *t, const char *text, const char *w)
{
	for (size_t i = 0; i < t->count; i++)
		if (t->items[i].len == strlen(w) &&
		    !memcmp(text + t->items[i].off, w, t->items[i].len))
			return i;
	cr_assert_fail("no token '%s' in '%s'", w, text);
	return 0;
}

/* b's token `bw` given a's token `aw`'s keys, as a crafted collision would */
static void forge(pact_tokens *ta, const char *a, const char *aw, pact_tokens *tb, const char *b,
                  const char *bw)
{
	const pact_token *x = &ta->items[find(ta, a, aw)];
	pact_token *y = &tb->items[find(tb, b, bw)];
	cr_assert_neq(y->key, x->key);
	y->key = x->key;
	y->fold = x->fold;
}

Test(collision, word_diff_shows_a_changed_word_whose_key_collides)
{
	const char *a = "Giải ngân 100 tỷ đồng vốn đầu tư công";
	const char *b = "Giải ngân 900 tỷ đồng vốn đầu tư công";
	pact_tokens ta, tb;
	pact_worddiff w;

	split(&ta, a);
	split(&tb, b);
	forge(&ta, a, "100", &tb, b, "900");
	cr_assert_eq(pact_textdiff__words(&w, a, &ta, b, &tb, NULL), 0);
	cr_expect(w.differs, "100 -> 900 shown as unchanged");
	cr_expect(!w.norm_only);
	cr_expect_eq(w.ndeleted, 1);
	cr_expect_eq(w.ninserted, 1);
	int del = 0, ins = 0;
	for (size_t i = 0; i < w.nops; i++) {
		if (w.ops[i].op == PACT_OP_DELETE && strstr(w.ops[i].text, "100"))
			del = 1;
		if (w.ops[i].op == PACT_OP_INSERT && strstr(w.ops[i].text, "900"))
			ins = 1;
	}
	cr_expect(del && ins, "the report must show -100 +900");
	pact_worddiff_clear(&w);
	pact_tokens__clear(&ta);
	pact_tokens__clear(&tb);
}

Test(collision, word_diff_still_equates_spellings_of_one_word)
{
	/* same key, other bytes, same key string: one word (tone placement) */
	const char *a = "hoà nhập cộng đồng";
	const char *b = "hòa nhập cộng đồng";
	pact_worddiff w;

	cr_assert_eq(pact_textdiff_words(&w, a, b), 0);
	cr_expect(!w.differs);
	cr_expect(w.norm_only);
	pact_worddiff_clear(&w);
}

Test(collision, same_text_is_not_fooled_by_a_colliding_key)
{
	const char *a = "Tỉnh Bắc Giang";
	const char *b = "Tỉnh Bắc Ninh";
	pact_tokens ta, tb;

	split(&ta, a);
	split(&tb, b);
	forge(&ta, a, "Giang", &tb, b, "Ninh");
	cr_expect(!pact_tokens__same_tokens(a, &ta, b, &tb));
	pact_tokens__clear(&ta);
	pact_tokens__clear(&tb);
	cr_expect(pact_tokens__same_text("sức  khoẻ", "sức khỏe"));
}

Test(collision, same_word_compares_key_strings)
{
	cr_expect_eq(pact_tokens__same_word("khoẻ", strlen("khoẻ"), "khỏe", strlen("khỏe"), 0), 1);
	cr_expect_eq(pact_tokens__same_word("Tỉnh", strlen("Tỉnh"), "tỉnh", strlen("tỉnh"), 0), 0);
	cr_expect_eq(pact_tokens__same_word("Tỉnh", strlen("Tỉnh"), "tỉnh", strlen("tỉnh"), 1), 1);
	cr_expect_eq(pact_tokens__same_word("100", 3, "900", 3, 1), 0);
}

/* the similarity the aligner gives one old and one new text, split by the
 * caller (so their keys can be forged) */
static double similarity(const char *a, const pact_tokens *ta, const char *b, const pact_tokens *tb)
{
	const pact_tokens *pa[] = {ta}, *pb[] = {tb};
	pact_align_item ia = {&a, 1, pa}, ib = {&b, 1, pb};
	pact_align_opts o = PACT_ALIGN_OPTS_INIT;
	pact_alignment *al = NULL;
	double s;

	o.threshold = 0;
	cr_assert_eq(pact_align__parts(&al, &ia, NULL, 1, &ib, NULL, 1, &o), 0);
	cr_assert_eq(al->nprimary, 1);
	s = al->pairs[0].similarity;
	pact_align__free(al);
	return s;
}

Test(collision, aligner_bags_keep_colliding_words_apart)
{
	const char *a = "Hoàn thành chỉ tiêu giảm nghèo";
	const char *b = "Hoàn thành chỉ tiêu tăng nghèo";
	pact_tokens ta, tb;

	split(&ta, a);
	split(&tb, b);
	forge(&ta, a, "giảm", &tb, b, "tăng");
	/* forged, the bags were equal (similarity 1): "tăng" counted as
	 * "giảm", and so were the pairs "tiêu tăng" and "tăng nghèo" */
	cr_expect_lt(similarity(a, &ta, b, &tb), 0.9);
	pact_tokens__clear(&ta);
	pact_tokens__clear(&tb);
}

Test(collision, aligner_bags_still_join_case_and_tone_variants)
{
	const char *a = "hoàn thành chỉ tiêu hoà nhập";
	const char *b = "Hoàn thành chỉ tiêu hòa nhập";
	pact_tokens ta, tb;

	split(&ta, a);
	split(&tb, b);
	cr_expect_eq(similarity(a, &ta, b, &tb), 1.0);
	pact_tokens__clear(&ta);
	pact_tokens__clear(&tb);
}
