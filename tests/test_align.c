/*
 * test_align.c - pairing items by id and content, splits, merges, moves.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/align.h"

static const char *A[] = {
        "Nâng cao chất lượng dịch vụ y tế, chăm sóc sức khoẻ cho Nhân dân",
        "Đẩy mạnh cải cách hành chính, tăng cường chuyển đổi số",
        "Thực hiện đổi mới, nâng cao chất lượng giáo dục và đào tạo",
        "Chủ động thích ứng an toàn, linh hoạt, kiểm soát hiệu quả dịch COVID-19",
};

static long partner(const pact_alignment *al, size_t a)
{
	return al->a_to_b[a];
}

Test(align, content_pairs_without_ids_survive_reordering)
{
	const char *B[] = {
	        "Thực hiện đổi mới, nâng cao chất lượng giáo dục và đào tạo, nguồn nhân lực",
	        "Chăm sóc sức khỏe cho Nhân dân, nâng cao chất lượng dịch vụ y tế", /* reordered */
	        "Đẩy mạnh cải cách hành chính, tăng cường chuyển đổi số",
	        "Hoàn thành xóa nhà tạm, nhà dột nát cho hộ nghèo",
	};
	pact_alignment *al = NULL;
	cr_assert_eq(pact_align__texts(&al, A, NULL, 4, B, NULL, 4, NULL), 0);
	cr_expect_eq(partner(al, 0), 1);
	cr_expect_eq(partner(al, 1), 2);
	cr_expect_eq(partner(al, 2), 0);
	cr_expect_eq(partner(al, 3), -1, "COVID clause is removed");
	cr_expect_eq(al->b_to_a[3], -1, "xóa nhà tạm is added");
	cr_expect_eq(al->nprimary, 3);
	/* old order 0,1,2 -> new 1,2,0: one pair leaves the LIS */
	int moved = 0;
	for (size_t i = 0; i < al->nprimary; i++)
		moved += al->pairs[i].moved;
	cr_expect_eq(moved, 1);
	for (size_t i = 0; i < al->nprimary; i++) {
		cr_expect(al->pairs[i].similarity > 0.3 && al->pairs[i].similarity <= 1.0);
		if (al->pairs[i].a == 1)
			cr_expect_float_eq(al->pairs[i].similarity, 1.0, 1e-9);
	}
	pact_align__free(al);
}

Test(align, ids_win_over_content)
{
	const char *ida[] = {"x", "y"}, *idb[] = {"y", "x"};
	const char *a[] = {"một hai ba", "bốn năm sáu"};
	const char *b[] = {"một hai ba", "bốn năm sáu"};
	pact_alignment *al = NULL;
	cr_assert_eq(pact_align__texts(&al, a, ida, 2, b, idb, 2, NULL), 0);
	cr_expect_eq(partner(al, 0), 1);
	cr_expect_eq(partner(al, 1), 0);
	cr_expect_eq(al->pairs[0].kind, PACT_PAIR_ID);
	pact_align__free(al);
	pact_align_opts o = PACT_ALIGN_OPTS_INIT;
	o.no_ids = 1;
	cr_assert_eq(pact_align__texts(&al, a, ida, 2, b, idb, 2, &o), 0);
	cr_expect_eq(partner(al, 0), 0);
	pact_align__free(al);
}

Test(align, split_and_merge)
{
	const char *old1[] = {
	        "Công tác khen thưởng bảo đảm đúng quy định của pháp luật. "
	        "Tăng cường tuyên truyền, phổ biến những điển hình tiên tiến, mô hình tiêu biểu.",
	        "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
	};
	const char *new1[] = {
	        "Công tác khen thưởng bảo đảm đúng quy định của pháp luật.",
	        "Tăng cường tuyên truyền, phổ biến những điển hình tiên tiến, mô hình tiêu biểu.",
	        "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
	};
	pact_alignment *al = NULL;
	cr_assert_eq(pact_align__texts(&al, old1, NULL, 2, new1, NULL, 3, NULL), 0);
	cr_expect_eq(al->nprimary, 2);
	cr_assert_eq(al->npairs, 3);
	cr_expect_eq(al->pairs[2].kind, PACT_PAIR_SPLIT);
	cr_expect_eq(al->pairs[2].a, 0);
	pact_align__free(al);
	/* the same, the other way round, is a merge */
	cr_assert_eq(pact_align__texts(&al, new1, NULL, 3, old1, NULL, 2, NULL), 0);
	cr_assert_eq(al->npairs, 3);
	cr_expect_eq(al->pairs[2].kind, PACT_PAIR_MERGE);
	cr_expect_eq(al->pairs[2].b, 0);
	pact_align__free(al);
}

Test(align, a_copy_of_kept_text_is_not_a_split)
{
	/* old clause kept intact; a new clause repeats part of it: added, not split */
	const char *a[] = {"alpha beta gamma delta epsilon zeta"};
	const char *b[] = {"alpha beta gamma delta epsilon zeta", "alpha beta gamma"};
	pact_alignment *al = NULL;
	cr_assert_eq(pact_align__texts(&al, a, NULL, 1, b, NULL, 2, NULL), 0);
	cr_expect_eq(al->npairs, 1);
	pact_align__free(al);
}

Test(align, lis)
{
	size_t seq[] = {0, 4, 1, 2, 3, 5};
	unsigned char keep[6];
	cr_assert_eq(pact_align__lis(keep, seq, 6), 0);
	cr_expect_eq(keep[1], 0);
	cr_expect_eq(keep[0] + keep[2] + keep[3] + keep[4] + keep[5], 5);
}

Test(align, large_inputs_use_the_index_and_stay_exact)
{
	/* 3000 items with distinct vocabularies, shuffled by a fixed rotation */
	size_t n = 3000;
	char **a = malloc(n * sizeof(*a)), **b = malloc(n * sizeof(*b));
	for (size_t i = 0; i < n; i++) {
		a[i] = malloc(96);
		snprintf(a[i], 96, "thi đua w%zu x%zu y%zu z%zu các và", i, i * 7, i * 13, i * 31);
	}
	for (size_t i = 0; i < n; i++) {
		size_t j = (i + 17) % n;
		b[i] = malloc(96);
		snprintf(b[i], 96, "thi đua w%zu x%zu y%zu mới các và", j, j * 7, j * 13);
	}
	pact_alignment *al = NULL;
	cr_assert_eq(pact_align__texts(&al, (const char *const *)a, NULL, n, (const char *const *)b,
	                               NULL, n, NULL),
	             0);
	size_t ok = 0;
	for (size_t i = 0; i < n; i++)
		ok += partner(al, i) == (long)((i + n - 17) % n);
	cr_expect_eq(ok, n);
	pact_align__free(al);
	for (size_t i = 0; i < n; i++) {
		free(a[i]);
		free(b[i]);
	}
	free(a);
	free(b);
}

Test(align, thousands_of_identical_items_still_pair_in_order)
{
	/* every key is in every item: the index skips them all as stop-words,
	 * and the positional fallback keeps this linear and exact */
	size_t n = 2000;
	const char **a = malloc(n * sizeof(*a));
	for (size_t i = 0; i < n; i++)
		a[i] = "Thực hiện tốt nhiệm vụ được giao.";
	pact_alignment *al = NULL;
	cr_assert_eq(pact_align__texts(&al, a, NULL, n, a, NULL, n, NULL), 0);
	cr_expect_eq(al->nprimary, n);
	size_t moved = 0;
	for (size_t i = 0; i < al->nprimary; i++)
		moved += al->pairs[i].moved;
	cr_expect_eq(moved, 0);
	pact_align__free(al);
	free(a);
}

Test(align, items_written_with_few_words_still_find_their_match)
{
	/* 2000 items of 15-24 words drawn from 20: every word pair is in about
	 * a hundred items, so a query's probe keys hold more postings than it
	 * scans (PACT_ALIGN_SCAN) and only its rarest few are read. Each new
	 * item is an old one, one word changed, shuffled by a rotation: the
	 * rarest keys must still lead every item to its own. */
	static const char *w[] = {"thi",  "đua",  "khen", "thưởng", "cán",  "bộ",    "công",
	                          "chức", "viên", "lao",  "động",   "phát", "triển", "kinh",
	                          "tế",   "xã",   "hội",  "văn",    "hóa",  "giáo"};
	size_t n = 2000;
	char **a = malloc(n * sizeof(*a)), **b = malloc(n * sizeof(*b));
	unsigned long r = 12345;
	for (size_t i = 0; i < n; i++) {
		size_t len = 0, words = 15 + i % 10;
		a[i] = malloc(256);
		for (size_t k = 0; k < words; k++) {
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			len += (size_t)snprintf(a[i] + len, 256 - len, "%s%s", k ? " " : "",
			                        w[(r >> 33) % 20]);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const char *src = a[(i + 17) % n], *sp = strchr(src, ' ');
		b[i] = malloc(256);
		snprintf(b[i], 256, "giáo%s", sp); /* the first word changed */
	}
	pact_alignment *al = NULL;
	cr_assert_eq(pact_align__texts(&al, (const char *const *)a, NULL, n, (const char *const *)b,
	                               NULL, n, NULL),
	             0);
	size_t ok = 0;
	for (size_t i = 0; i < n; i++)
		ok += partner(al, i) == (long)((i + n - 17) % n);
	cr_expect_eq(ok, n);
	pact_align__free(al);
	for (size_t i = 0; i < n; i++) {
		free(a[i]);
		free(b[i]);
	}
	free(a);
	free(b);
}

Test(align, splits_and_merges_among_items_paired_by_id_are_found_by_the_lone_pieces)
{
	/* 300 items with ids (the inverted index, not every pair): old item 50
	 * is split (new 50 keeps half, the other half comes back under a new
	 * id), old 121 is merged into new 120 and its id dropped. Only the
	 * lone items (the new piece, old 121) look for candidates: each must
	 * find the item that holds all of its words. */
	size_t n = 300, nb = 0;
	char **a = malloc(n * sizeof(*a)), **b = malloc((n + 1) * sizeof(*b));
	char **ida = malloc(n * sizeof(*ida)), **idb = malloc((n + 1) * sizeof(*idb));
	for (size_t i = 0; i < n; i++) {
		a[i] = malloc(160);
		ida[i] = malloc(16);
		snprintf(a[i], 160, "thi đua các và k%zu l%zu m%zu n%zu p%zu q%zu r%zu s%zu", i, i,
		         i, i, i, i, i, i);
		snprintf(ida[i], 16, "c%zu", i);
	}
	for (size_t i = 0; i < n; i++) {
		if (i == 121)
			continue; /* merged into 120 */
		b[nb] = malloc(320);
		idb[nb] = malloc(16);
		snprintf(idb[nb], 16, "c%zu", i);
		if (i == 50)
			snprintf(b[nb], 320, "thi đua các và k50 l50 m50 n50");
		else if (i == 120)
			snprintf(b[nb], 320, "%s %s", a[120], a[121]);
		else
			snprintf(b[nb], 320, "%s", a[i]);
		nb++;
		if (i == 50) { /* the piece split off, under a new id */
			b[nb] = malloc(320);
			idb[nb] = malloc(16);
			snprintf(b[nb], 320, "các và p50 q50 r50 s50");
			snprintf(idb[nb], 16, "c50-tach");
			nb++;
		}
	}
	pact_alignment *al = NULL;
	cr_assert_eq(pact_align__texts(&al, (const char *const *)a, (const char *const *)ida, n,
	                               (const char *const *)b, (const char *const *)idb, nb, NULL),
	             0);
	int split = 0, merge = 0;
	for (size_t i = al->nprimary; i < al->npairs; i++) {
		const pact_align_pair *p = &al->pairs[i];
		split += p->kind == PACT_PAIR_SPLIT && p->a == 50 && p->b == 51;
		merge += p->kind == PACT_PAIR_MERGE && p->a == 121 && p->b == 121;
	}
	cr_expect_eq(split, 1, "the piece of 50 is a split");
	cr_expect_eq(merge, 1, "121 is merged into 120 (new index 121)");
	cr_expect_eq(al->npairs - al->nprimary, 2, "no other link");
	cr_expect_eq(al->nprimary, n - 1);
	/* a new item with the same text as its old one by id shares its bag:
	 * exactly alike; the half kept of 50 and the union of 120 are not */
	for (size_t i = 0; i < al->nprimary; i++) {
		const pact_align_pair *p = &al->pairs[i];
		if (p->a == 50 || p->a == 120)
			cr_expect_lt(p->similarity, 0.9, "pair of %zu", p->a);
		else
			cr_expect_eq(p->similarity, 1.0, "pair of %zu", p->a);
	}
	pact_align__free(al);
	for (size_t i = 0; i < n; i++) {
		free(a[i]);
		free(ida[i]);
	}
	for (size_t i = 0; i < nb; i++) {
		free(b[i]);
		free(idb[i]);
	}
	free(a);
	free(b);
	free(ida);
	free(idb);
}
