/*
 * test_budget.c - the work budget shared by the word diffs of one report
 * (PACT_TEXTDIFF_BUDGET, textdiff_internal.h): hostile pairs at a small
 * scale with a tiny budget take the cheaper path, stay correct and say so
 * in every format; ordinary pairs stay exact whatever is left of it.
 *
 * The shapes are those that make the search costly (bench and the budget's
 * sizing use them at full scale, 60 commitments of 250 KB a side): two
 * words in random order, the same with a few words flipped, one word
 * repeated with another scattered on each side, the same words shuffled.
 * No timing here: the budget counts steps, so what it cuts is the same on
 * every machine.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/textdiff_internal.h"
#include "helpers.h"
#include "pact/doc.h"
#include "pact/pactdiff.h"
#include "pact/report.h"

/* A small deterministic generator (the tests must not depend on rand()). */
static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

typedef enum { BINARY, BINARY_EDITED, SPRINKLED, SHUFFLED, SCATTERED, NSHAPES } shape;
static const char *const shape_names[] = {"binary", "binary_edited", "sprinkled", "shuffled",
                                          "scattered"};

/* Keys of one hostile pair of n tokens a side (key k stands for a word). */
static void make_shape(shape sh, uint64_t *a, uint64_t *b, size_t n, uint64_t seed)
{
	for (size_t i = 0; i < n; i++) {
		switch (sh) {
		case BINARY: /* two words, independently on each side */
			a[i] = lcg(&seed) & 1;
			b[i] = lcg(&seed) & 1;
			break;
		case BINARY_EDITED: /* the same, B a copy with 10% flipped */
		case SPRINKLED:     /* one word, 5% another at other places */
		case SCATTERED:     /* 200 words, B a copy with 1% replaced */
			a[i] = sh == BINARY_EDITED ? lcg(&seed) & 1
			       : sh == SPRINKLED   ? (lcg(&seed) % 20 == 0)
			                           : lcg(&seed) % 200;
			b[i] = sh == SPRINKLED ? (lcg(&seed) % 20 == 0) : a[i];
			if (sh == BINARY_EDITED && lcg(&seed) % 10 == 0)
				b[i] ^= 1;
			if (sh == SCATTERED && lcg(&seed) % 100 == 0)
				b[i] = 1000 + lcg(&seed) % 200;
			break;
		default: /* SHUFFLED: B is A in another order */
			a[i] = b[i] = lcg(&seed) % 100;
			break;
		}
	}
	if (sh == SHUFFLED)
		for (size_t i = n - 1; i > 0; i--) {
			size_t j = lcg(&seed) % (i + 1);
			uint64_t t = b[i];
			b[i] = b[j];
			b[j] = t;
		}
}

/* The ops rebuild both sides: EQUAL runs are equal, the counts add up. */
static void expect_rebuilds(const pact_tokops *o, const uint64_t *a, size_t na, const uint64_t *b,
                            size_t nb)
{
	size_t ai = 0, bi = 0;

	for (size_t i = 0; i < o->count; i++) {
		const pact_tokop *p = &o->items[i];
		if (p->op != PACT_OP_INSERT)
			cr_assert_eq(p->a_start, ai, "op %zu starts at %zu in A, not %zu", i,
			             p->a_start, ai);
		if (p->op != PACT_OP_DELETE)
			cr_assert_eq(p->b_start, bi, "op %zu starts at %zu in B, not %zu", i,
			             p->b_start, bi);
		if (p->op == PACT_OP_EQUAL)
			for (size_t k = 0; k < p->count; k++)
				cr_assert_eq(a[ai + k], b[bi + k], "EQUAL run %zu differs at %zu",
				             i, k);
		ai += p->op != PACT_OP_INSERT ? p->count : 0;
		bi += p->op != PACT_OP_DELETE ? p->count : 0;
	}
	cr_assert_eq(ai, na);
	cr_assert_eq(bi, nb);
}

static size_t changed(const pact_tokops *o)
{
	size_t n = 0;
	for (size_t i = 0; i < o->count; i++)
		n += o->items[i].op != PACT_OP_EQUAL ? o->items[i].count : 0;
	return n;
}

static int same_ops(const pact_tokops *x, const pact_tokops *y)
{
	if (x->count != y->count)
		return 0;
	for (size_t i = 0; i < x->count; i++)
		if (x->items[i].op != y->items[i].op || x->items[i].count != y->items[i].count ||
		    x->items[i].a_start != y->items[i].a_start ||
		    x->items[i].b_start != y->items[i].b_start)
			return 0;
	return 1;
}

static shape all_shapes[] = {BINARY, BINARY_EDITED, SPRINKLED, SHUFFLED, SCATTERED};
ParameterizedTestParameters(budget, every_shape_stays_correct_on_a_tiny_budget)
{
	return cr_make_param_array(shape, all_shapes, NSHAPES);
}

/* Each shape, once with all the steps it wants and once with 1 000 to
 * share. The hostile shapes want more than their own allowance (16 steps a
 * token) and the 1 000: on the small budget the search stops, the pair is
 * coarse and the budget spent; scattered edits fit in the allowance and
 * come out the same. Either way the ops rebuild both sides, and the default
 * budget gives what an unlimited one does. */
ParameterizedTest(shape *sh, budget, every_shape_stays_correct_on_a_tiny_budget)
{
	size_t n = 4000;
	uint64_t *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	pact_tokops tiny = PACT_TOKOPS_INIT, def = PACT_TOKOPS_INIT, unl = PACT_TOKOPS_INIT;
	const unsigned long long lots = ~0ull >> 2;
	pact_textdiff_budget t = {1000, 0}, d = {PACT_TEXTDIFF_BUDGET, 0}, u = {lots, 0};
	int coarse_t = -1, coarse_d = -1, coarse_u = -1;
	const char *name = shape_names[*sh];

	cr_assert(a && b);
	make_shape(*sh, a, b, n, 7);
	cr_assert_eq(pact_textdiff__keys_budget(&tiny, a, n, b, n, 1, &t, &coarse_t), 0);
	cr_assert_eq(pact_textdiff__keys_budget(&def, a, n, b, n, 1, &d, &coarse_d), 0);
	cr_assert_eq(pact_textdiff__keys_budget(&unl, a, n, b, n, 1, &u, &coarse_u), 0);
	expect_rebuilds(&tiny, a, n, b, n);
	expect_rebuilds(&def, a, n, b, n);
	cr_expect(same_ops(&def, &unl), "%s: the default budget changed the diff", name);
	cr_expect_eq(coarse_d, coarse_u);
	if (*sh == SCATTERED) {
		cr_expect_eq(lots - u.left, 0, "%s: %llu shared steps", name, lots - u.left);
		cr_expect(same_ops(&tiny, &unl), "%s: not the same on a small budget", name);
		cr_expect_eq(coarse_t, 0);
		cr_expect_eq(t.left, 1000);
	} else {
		cr_expect_gt(lots - u.left, 1000, "%s: only %llu shared steps", name,
		             lots - u.left);
		cr_expect_eq(coarse_t, 1, "%s: not cut on a tiny budget", name);
		cr_expect_eq(t.coarse, 1);
		cr_expect_eq(t.left, 0, "%s: %llu steps left", name, t.left);
		cr_expect_geq(changed(&tiny), changed(&unl),
		              "%s: the cut diff is finer (%zu < %zu)", name, changed(&tiny),
		              changed(&unl));
	}
	pact_textdiff__tokops_clear(&tiny);
	pact_textdiff__tokops_clear(&def);
	pact_textdiff__tokops_clear(&unl);
	free(a);
	free(b);
}

Test(budget, once_spent_later_pairs_keep_their_common_ends_and_replace_the_middle)
{
	/* 100 shared tokens, 2 000 hostile ones, 100 shared: with nothing left
	 * to spend, the ends stay EQUAL and the middle is one deletion and one
	 * insertion (after the tokens with no equal are set aside: none here) */
	size_t n = 2200;
	uint64_t *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	pact_tokops o = PACT_TOKOPS_INIT;
	pact_textdiff_budget t = {0, 0};
	int coarse = 0;

	cr_assert(a && b);
	make_shape(BINARY, a + 100, b + 100, 2000, 3);
	for (size_t i = 0; i < 100; i++) {
		a[i] = b[i] = 10 + i;
		a[2100 + i] = b[2100 + i] = 500 + i;
	}
	a[100] = 0; /* so that the prefix ends at 100 exactly */
	b[100] = 1;
	a[2099] = 0;
	b[2099] = 1;
	cr_assert_eq(pact_textdiff__keys_budget(&o, a, n, b, n, 1, &t, &coarse), 0);
	expect_rebuilds(&o, a, n, b, n);
	cr_expect_eq(coarse, 1);
	cr_assert_eq(o.count, 4);
	cr_expect_eq(o.items[0].op, PACT_OP_EQUAL);
	cr_expect_eq(o.items[0].count, 100);
	cr_expect_eq(o.items[1].op, PACT_OP_DELETE);
	cr_expect_eq(o.items[1].count, 2000);
	cr_expect_eq(o.items[2].op, PACT_OP_INSERT);
	cr_expect_eq(o.items[3].op, PACT_OP_EQUAL);
	cr_expect_eq(o.items[3].count, 100);
	pact_textdiff__tokops_clear(&o);
	free(a);
	free(b);
}

Test(budget, an_ordinary_pair_stays_exact_when_the_shared_budget_is_spent)
{
	/* its own PACT_TEXTDIFF_PAIR_WORK steps a token are enough */
	const char *a = "Nâng cao chất lượng dịch vụ y tế, chăm sóc sức khỏe cho Nhân dân; "
	                "nâng cao chất lượng dân số và tuổi thọ.";
	const char *b = "Tiếp tục nâng cao chất lượng khám chữa bệnh, chăm sóc sức khoẻ cho "
	                "Nhân dân; bảo đảm chất lượng dân số.";
	pact_worddiff own, spent;
	pact_textdiff_budget none = {0, 0};

	cr_assert_eq(pact_textdiff_words(&own, a, b), 0);
	cr_assert_eq(pact_textdiff__words(&spent, a, NULL, b, NULL, &none), 0);
	cr_expect_eq(spent.coarse, 0);
	cr_expect_eq(none.coarse, 0);
	cr_assert_eq(own.nops, spent.nops);
	for (size_t i = 0; i < own.nops; i++) {
		cr_expect_eq(own.ops[i].op, spent.ops[i].op);
		cr_expect_str_eq(own.ops[i].text, spent.ops[i].text);
	}
	cr_expect_eq(own.ndeleted, spent.ndeleted);
	cr_expect_eq(own.ninserted, spent.ninserted);
	pact_worddiff_clear(&own);
	pact_worddiff_clear(&spent);
}

/* ---- whole documents and their reports -------------------------------- */

/* n words "thi"/"đua" in random order, or (edited) a copy of the n words
 * of `seed` with every 10th word or so flipped. */
static char *binary_text(size_t n, uint64_t seed, int edited)
{
	char *s = malloc(n * 5 + 1);
	size_t len = 0;
	uint64_t e = seed + 99;

	cr_assert(s);
	for (size_t i = 0; i < n; i++) {
		unsigned w = lcg(&seed) & 1;
		if (edited && lcg(&e) % 10 == 0)
			w ^= 1;
		len += (size_t)sprintf(s + len, "%s%s", i ? " " : "", w ? "thi" : "đua");
	}
	return s;
}

#define REAL_OLD "Nâng cao chất lượng dịch vụ y tế, chăm sóc sức khỏe cho Nhân dân."
#define REAL_NEW "Nâng cao hơn nữa chất lượng khám chữa bệnh, chăm sóc sức khỏe Nhân dân."

static char *doc_yaml(int year, const char *hostile, const char *real)
{
	return strf("schema: pact/1\nyear: %d\ntitle: \"Giao ước thi đua năm %d\"\n"
	            "bloc: \"Khối thi đua số 2\"\nprovince: \"Bắc Giang\"\n"
	            "signed:\n  place: \"Bắc Giang\"\n  date: %d-03-14\n"
	            "members:\n  - id: so-y-te\n    name: \"Sở Y tế\"\n"
	            "preamble: \"Các cơ quan thống nhất ký giao ước.\"\nclauses:\n"
	            "  - id: dai\n    number: 1\n    commitments:\n      - \"%s\"\n"
	            "  - id: y-te\n    number: 2\n    commitments:\n      - \"%s\"\n"
	            "closing: \"Trên đây là bản giao ước.\"\n",
	            year, year, year, hostile, real);
}

static pact_doc *parse(const char *y)
{
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_doc *d = NULL;
	po.check_filename = 0;
	cr_assert_eq(pact_doc_parse(&d, NULL, y, strlen(y), &po), 0);
	return d;
}

static char *render(const pact_diff *d, pact_report_format f, pact_lang lang)
{
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	char *out = NULL;
	o.format = f;
	o.lang = lang;
	cr_assert_eq(pact_report_render(&out, NULL, d, &o), 0);
	return out;
}

/* A clause with a costly commitment (3 000 words of two kinds, 10% flipped)
 * before an ordinary one, diffed with `budget` steps to share (0: the
 * default). */
static pact_diff *hostile_diff(unsigned long long budget)
{
	char *h0 = binary_text(3000, 5, 0), *h1 = binary_text(3000, 5, 1);
	char *y0 = doc_yaml(2023, h0, REAL_OLD), *y1 = doc_yaml(2024, h1, REAL_NEW);
	pact_doc *a = parse(y0), *b = parse(y1);
	pact_diff_opts o = PACT_DIFF_OPTS_INIT;
	pact_diff *d = NULL;

	o.word_budget = budget;
	cr_assert_eq(pact_diff_docs(&d, a, b, &o), 0);
	pact_doc_free(a);
	pact_doc_free(b);
	free(h0);
	free(h1);
	free(y0);
	free(y1);
	return d;
}

static const pact_commit_diff *commit_of(const pact_diff *d, const char *id)
{
	for (size_t i = 0; i < d->nclauses; i++)
		if (d->clauses[i].after.present && !strcmp(d->clauses[i].after.id, id))
			return &d->clauses[i].commits[0];
	cr_assert_fail("no clause %s", id);
	return NULL;
}

Test(budget, a_report_whose_budget_ran_out_says_so_in_every_format_and_language)
{
	pact_diff *d = hostile_diff(1000), *full = hostile_diff(0);
	const pact_commit_diff *h = commit_of(d, "dai"), *r = commit_of(d, "y-te");
	const pact_commit_diff *rf = commit_of(full, "y-te");
	char *s;

	cr_expect_eq(d->summary.coarse, 1);
	cr_expect_eq(h->words.coarse, 1);
	cr_expect_eq(h->status, PACT_CHANGE_MODIFIED);
	cr_expect_eq(r->words.coarse, 0, "the ordinary commitment after it stays exact");
	cr_assert_eq(r->words.nops, rf->words.nops);
	for (size_t i = 0; i < r->words.nops; i++)
		cr_expect_str_eq(r->words.ops[i].text, rf->words.ops[i].text);
	/* the default budget compares the same pair word by word */
	cr_expect_eq(full->summary.coarse, 0);
	cr_expect_eq(commit_of(full, "dai")->words.coarse, 0);
	cr_expect_lt(commit_of(full, "dai")->words.ndeleted, h->words.ndeleted);

	s = render(d, PACT_REPORT_TEXT, PACT_LANG_EN);
	cr_expect(strstr(s, "\n  Compared only in part: 1 (the word-by-word comparison reached "
	                    "its work limit: the rest of these texts is shown as deleted and "
	                    "inserted whole)\n"),
	          "%s", s);
	cr_expect(strstr(s, " (Compared only in part)\n"), "the commitment is not marked");
	free(s);
	s = render(d, PACT_REPORT_TEXT, PACT_LANG_VI);
	cr_expect(strstr(s, "\n  Chỉ so sánh được một phần: 1 (việc so sánh từng từ đã đạt giới "
	                    "hạn khối lượng xử lý"),
	          "%s", s);
	free(s);
	s = render(d, PACT_REPORT_MARKDOWN, PACT_LANG_VI);
	cr_expect(strstr(s, "\n- Chỉ so sánh được một phần: 1 ("), "markdown summary");
	cr_expect(strstr(s, " *(Chỉ so sánh được một phần)*"), "markdown commitment");
	free(s);
	s = render(d, PACT_REPORT_HTML, PACT_LANG_EN);
	cr_expect(strstr(s, "<li>Compared only in part: 1 ("), "html summary");
	cr_expect(strstr(s, "; Compared only in part</td>"), "html commitment");
	free(s);
	s = render(d, PACT_REPORT_JSON, PACT_LANG_VI);
	cr_expect(strstr(s, "\"normalisation_only\": 0,\n    \"compared_in_part\": 1,\n"), "%s", s);
	cr_expect(strstr(s, "\"compared_in_part\": true"), "json commitment");
	free(s);
	/* without a cut, none of it (and the JSON as it was) */
	s = render(full, PACT_REPORT_JSON, PACT_LANG_EN);
	cr_expect_null(strstr(s, "compared_in_part"));
	free(s);
	s = render(full, PACT_REPORT_TEXT, PACT_LANG_EN);
	cr_expect_null(strstr(s, "Compared only in part"));
	free(s);
	pact_diff_free(d);
	pact_diff_free(full);
}

/* 300 clauses of three commitments drawn from a vocabulary, a fifth of them
 * reworded in a few places (bench/gen.awk's kind of edits): diffed with the
 * default budget and with a single step to share, the reports are the same
 * bytes and nothing is coarse. */
Test(budget, realistic_pacts_are_exact_whatever_is_left_of_the_budget)
{
	static const char *const vocab[] = {
	        "thi",    "đua",  "khen",  "thưởng", "cán",  "bộ",   "công",  "chức", "nâng",
	        "cao",    "chất", "lượng", "hiệu",   "quả",  "tỉnh", "huyện", "đẩy",  "mạnh",
	        "chuyển", "đổi",  "số",    "cải",    "cách", "hành", "chính", "xây",  "dựng",
	        "đảng",   "văn",  "hóa",   "giáo",   "dục",  "y",    "tế",    "an",   "sinh",
	        "xã",     "hội",  "nhiệm", "vụ",     "kế",   "hoạch"};
	size_t nv = sizeof(vocab) / sizeof(vocab[0]);
	uint64_t seed = 11;
	char *c0 = NULL, *c1 = NULL, *y0, *y1, *r0, *r1;
	size_t l0 = 0, l1 = 0;
	pact_doc *a, *b;
	pact_diff *d0 = NULL, *d1 = NULL;
	pact_diff_opts o = PACT_DIFF_OPTS_INIT;

	for (size_t c = 0; c < 300; c++) {
		c0 = realloc(c0, l0 + 2000);
		c1 = realloc(c1, l1 + 2000);
		l0 += (size_t)sprintf(c0 + l0, "  - id: c%zu\n    number: %zu\n    commitments:\n",
		                      c, c + 1);
		l1 += (size_t)sprintf(c1 + l1, "  - id: c%zu\n    number: %zu\n    commitments:\n",
		                      c, c + 1);
		for (int k = 0; k < 3; k++) {
			int edit = lcg(&seed) % 5 == 0;
			size_t nw = 12 + lcg(&seed) % 13;
			l0 += (size_t)sprintf(c0 + l0, "      - \"");
			l1 += (size_t)sprintf(c1 + l1, "      - \"");
			for (size_t w = 0; w < nw; w++) {
				const char *x = vocab[lcg(&seed) % nv];
				const char *y =
				        edit && lcg(&seed) % 6 == 0 ? vocab[lcg(&seed) % nv] : x;
				l0 += (size_t)sprintf(c0 + l0, "%s%s", w ? " " : "", x);
				l1 += (size_t)sprintf(c1 + l1, "%s%s", w ? " " : "", y);
			}
			l0 += (size_t)sprintf(c0 + l0, ".\"\n");
			l1 += (size_t)sprintf(c1 + l1, ".\"\n");
		}
	}
	y0 = strf("schema: pact/1\nyear: 2023\ntitle: \"T\"\nbloc: \"B\"\nprovince: \"P\"\n"
	          "signed:\n  place: \"X\"\n  date: 2023-01-02\nmembers:\n  - id: m\n    name: "
	          "\"M\"\npreamble: \"p\"\nclauses:\n%sclosing: \"c\"\n",
	          c0);
	y1 = strf("schema: pact/1\nyear: 2024\ntitle: \"T\"\nbloc: \"B\"\nprovince: \"P\"\n"
	          "signed:\n  place: \"X\"\n  date: 2024-01-02\nmembers:\n  - id: m\n    name: "
	          "\"M\"\npreamble: \"p\"\nclauses:\n%sclosing: \"c\"\n",
	          c1);
	a = parse(y0);
	b = parse(y1);
	cr_assert_eq(pact_diff_docs(&d0, a, b, NULL), 0);
	o.word_budget = 1;
	cr_assert_eq(pact_diff_docs(&d1, a, b, &o), 0);
	cr_expect_gt(d0->summary.c_modified, 50, "the generator made few edits");
	cr_expect_eq(d0->summary.coarse, 0);
	cr_expect_eq(d1->summary.coarse, 0);
	for (int f = 0; f < 4; f++) {
		pact_report_format fmt = f == 0   ? PACT_REPORT_TEXT
		                         : f == 1 ? PACT_REPORT_MARKDOWN
		                         : f == 2 ? PACT_REPORT_HTML
		                                  : PACT_REPORT_JSON;
		r0 = render(d0, fmt, PACT_LANG_VI);
		r1 = render(d1, fmt, PACT_LANG_VI);
		cr_expect_str_eq(r0, r1, "format %d", f);
		free(r0);
		free(r1);
	}
	pact_diff_free(d0);
	pact_diff_free(d1);
	pact_doc_free(a);
	pact_doc_free(b);
	free(c0);
	free(c1);
	free(y0);
	free(y1);
}

Test(budget, the_sample_pacts_are_compared_in_full)
{
	char *p0 = src_path("pacts/2023.yaml"), *p1 = src_path("pacts/2024.yaml");
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;
	char *s;

	cr_assert_eq(pact_doc_load_file(&a, NULL, p0, NULL), 0);
	cr_assert_eq(pact_doc_load_file(&b, NULL, p1, NULL), 0);
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
	cr_expect_eq(d->summary.coarse, 0);
	s = render(d, PACT_REPORT_JSON, PACT_LANG_EN);
	cr_expect_null(strstr(s, "compared_in_part"));
	free(s);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
	free(p0);
	free(p1);
}

Test(budget, pact_diff_on_files_marks_a_pair_cut_by_its_own_bound)
{
	/* 6 000 words of two kinds on each side, unrelated orders: the search of
	 * that one pair reaches its own bound (textdiff_internal.h) whatever the
	 * shared budget; the CLI says so in text and JSON */
	char *dir = make_tempdir();
	char *h0 = binary_text(6000, 1, 0), *h1 = binary_text(6000, 2, 0);
	char *y0 = doc_yaml(2023, h0, REAL_OLD), *y1 = doc_yaml(2024, h1, REAL_NEW);
	char *f0 = strf("%s/2023.yaml", dir), *f1 = strf("%s/2024.yaml", dir);
	run_result r;

	cr_assert_eq(write_file(f0, y0, strlen(y0)), 0);
	cr_assert_eq(write_file(f1, y1, strlen(y1)), 0);
	r = run_pact(dir, "--lang=en", "diff", "2023.yaml", "2024.yaml", "--stat", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\n  Compared only in part: 1 ("), "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "--lang=vi", "diff", "2023.yaml", "2024.yaml", "--format=json", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"compared_in_part\": 1,"), "%s", r.out);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(h0);
	free(h1);
	free(y0);
	free(y1);
	free(f0);
	free(f1);
}
