/*
 * test_textdiff.c - Myers on word tokens and the semantic clean-up.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/textdiff_internal.h"

/* "=a" "-b" "+c" joined by '|', leading whitespace dropped, for comparison */
static char *script(const pact_worddiff *w)
{
	size_t cap = 64, len = 0;
	char *s = malloc(cap);
	s[0] = 0;
	for (size_t i = 0; i < w->nops; i++) {
		const char *t = w->ops[i].text;
		while (*t == ' ')
			t++;
		size_t need = len + strlen(t) + 4;
		while (need >= cap)
			s = realloc(s, cap *= 2);
		len += (size_t)sprintf(s + len, "%s%c%s", i ? "|" : "", "=-+"[w->ops[i].op], t);
	}
	return s;
}

static void check(const char *a, const char *b, const char *want)
{
	pact_worddiff w;
	cr_assert_eq(pact_textdiff_words(&w, a, b), 0);
	char *got = script(&w);
	cr_expect_str_eq(got, want);
	free(got);
	pact_worddiff_clear(&w);
}

Test(textdiff, identical_texts_are_one_equal)
{
	check("một hai ba", "một hai ba", "=một hai ba");
}

Test(textdiff, insertion_and_deletion)
{
	check("tiếp tục thực hiện", "tiếp tục tăng cường thực hiện",
	      "=tiếp tục|+tăng cường|=thực hiện");
	check("ngày 15/5/2016 của Bộ Chính trị", "ngày 15/5/2016 Bộ Chính trị",
	      "=ngày 15/5/2016|-của|=Bộ Chính trị");
}

Test(textdiff, a_reworded_phrase_is_one_change_not_confetti)
{
	/* "hiệu quả" is shared but no longer than the changes on both sides of
	 * it: the rewording reads as one replacement */
	check("Triển khai hiệu quả việc xây dựng", "Thực hiện hiệu quả, thực chất việc xây dựng",
	      "-Triển khai hiệu quả|+Thực hiện hiệu quả, thực chất|=việc xây dựng");
	/* a long shared run between two small changes stays visible */
	check("tăng cường công tác xây dựng hệ thống chính trị vững mạnh",
	      "đẩy mạnh công tác xây dựng hệ thống chính trị trong sạch",
	      "-tăng cường|+đẩy mạnh|=công tác xây dựng hệ thống chính trị|-vững mạnh|+trong sạch");
	check("A B C x D E F", "G H I x J K L", "-A B C x D E F|+G H I x J K L");
}

Test(textdiff, normalisation_only_difference_is_no_change)
{
	pact_worddiff w;
	cr_assert_eq(pact_textdiff_words(&w, "chăm sóc sức khoẻ", "chăm sóc sức khỏe"), 0);
	cr_expect(!w.differs);
	cr_expect(w.norm_only);
	pact_worddiff_clear(&w);
	cr_assert_eq(pact_textdiff_words(&w, "a  b", "a b"), 0);
	cr_expect(!w.differs);
	cr_expect(!w.norm_only, "whitespace alone is not reported");
	pact_worddiff_clear(&w);
}

Test(textdiff, ops_rebuild_both_sides)
{
	const char *a = "Khôi phục và mở rộng hợp tác quốc tế cấp địa phương";
	const char *b = "Tập trung triển khai hợp tác quốc tế cấp tỉnh";
	pact_worddiff w;
	char old[256] = "", new[256] = "";
	cr_assert_eq(pact_textdiff_words(&w, a, b), 0);
	for (size_t i = 0; i < w.nops; i++) {
		if (w.ops[i].op != PACT_OP_INSERT)
			strcat(old, w.ops[i].text);
		if (w.ops[i].op != PACT_OP_DELETE)
			strcat(new, w.ops[i].text);
	}
	cr_expect_str_eq(old, a);
	cr_expect_str_eq(new, b);
	pact_worddiff_clear(&w);
}

Test(textdiff, empty_sides)
{
	check(NULL, "mới", "+mới");
	check("cũ", "", "-cũ");
	check("", NULL, "");
}

Test(textdiff, long_unrelated_texts_stay_bounded)
{
	/* 20 000 distinct tokens each side: the cost bound gives delete+insert */
	size_t n = 20000;
	uint64_t *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	pact_tokops ops = PACT_TOKOPS_INIT;
	for (size_t i = 0; i < n; i++) {
		a[i] = 2 * i;
		b[i] = 2 * i + 1;
	}
	cr_assert_eq(pact_textdiff__keys(&ops, a, n, b, n, 1), 0);
	size_t del = 0, ins = 0;
	for (size_t i = 0; i < ops.count; i++) {
		if (ops.items[i].op == PACT_OP_DELETE)
			del += ops.items[i].count;
		if (ops.items[i].op == PACT_OP_INSERT)
			ins += ops.items[i].count;
	}
	cr_expect_eq(del, n);
	cr_expect_eq(ins, n);
	pact_textdiff__tokops_clear(&ops);
	free(a);
	free(b);
}

/* n words "<stem>0 <stem>1 ..." from `from`, each followed by a space */
static void words(char **s, size_t *len, const char *stem, size_t from, size_t n)
{
	for (size_t i = from; i < from + n; i++) {
		*s = realloc(*s, *len + strlen(stem) + 24);
		*len += (size_t)sprintf(*s + *len, "%s%zu ", stem, i);
	}
}

Test(textdiff, shared_words_are_found_past_the_search_bound)
{
	/* 600 words rewritten around 400 kept ones: an edit distance of 1 200,
	 * far past what the search of 2 000 tokens may cost (sqrt(64 * 2000) ~
	 * 358); the rewritten words have no equal on the other side, so they are
	 * set aside before the search and the kept words are still found */
	char *a = NULL, *b = NULL, *want = NULL;
	size_t na = 0, nb = 0, nw = 0;
	words(&a, &na, "cũ", 0, 300);
	words(&a, &na, "giữ", 0, 400);
	words(&a, &na, "cũ", 300, 300);
	words(&b, &nb, "mới", 0, 300);
	words(&b, &nb, "giữ", 0, 400);
	words(&b, &nb, "mới", 300, 300);
	a[na - 1] = b[nb - 1] = 0; /* no trailing space */
	const char *parts[][3] = {{"-", "cũ", "0"},
	                          {"+", "mới", "0"},
	                          {"=", "giữ", "0"},
	                          {"-", "cũ", "300"},
	                          {"+", "mới", "300"}};
	for (size_t p = 0; p < 5; p++) {
		size_t from = (size_t)atoi(parts[p][2]), n = parts[p][1][0] == 'g' ? 400 : 300;
		want = realloc(want, nw + 4);
		nw += (size_t)sprintf(want + nw, "%s%s", p ? "|" : "", parts[p][0]);
		words(&want, &nw, parts[p][1], from, n);
		want[--nw] = 0; /* the last word's space */
	}
	check(a, b, want);
	free(a);
	free(b);
	free(want);
}
