/*
 * test_breakdiff.c - what fresh eyes found in the diff path's speed work
 * and the word diff's budget: each test is a hostile input that used to get
 * through, asserted by what the user sees (diagnostics, report text).
 *
 * Combining marks: normalising a run of n combining marks costs n^2 in
 * utf8proc (its canonical ordering is a bubble sort), so a pact whose
 * commitments were one letter with 120 000 marks each kept `pact validate`
 * and `pact diff` busy for minutes. More than 30 in a row (UAX #15's
 * Stream-Safe limit) is now an error of its own.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/textdiff_internal.h"
#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"

/* A valid pact whose one commitment is `text`. */
static char *pact_with(const char *text)
{
	return strf("schema: pact/1\nyear: 2024\ntitle: \"Giao ước thi đua năm 2024\"\n"
	            "bloc: \"Khối thi đua số 2\"\nprovince: \"Bắc Giang\"\n"
	            "signed:\n  place: \"Bắc Giang\"\n  date: 2024-03-14\n"
	            "members:\n  - id: so-y-te\n    name: \"Sở Y tế\"\n"
	            "preamble: \"Các cơ quan thống nhất ký giao ước.\"\n"
	            "clauses:\n  - id: dai\n    number: 1\n    commitments:\n"
	            "      - \"%s\"\n"
	            "closing: \"Trên đây là bản giao ước.\"\n",
	            text);
}

/* "Thi đua a" then n combining marks (acute, grave, hook, tilde, dot below
 * in turn: classes 230 and 220, so canonical ordering has work to do). */
static char *marks_text(size_t n)
{
	static const char *const m[] = {"\xCC\x81", "\xCC\x80", "\xCC\x89", "\xCC\x83", "\xCC\xA3"};
	char *s = malloc(16 + 2 * n + 1);
	size_t k = 0;

	cr_assert_not_null(s);
	memcpy(s, "Thi đua a", strlen("Thi đua a"));
	k = strlen("Thi đua a");
	for (size_t i = 0; i < n; i++, k += 2)
		memcpy(s + k, m[i % 5], 2);
	s[k] = '\0';
	return s;
}

/* The codes of the diagnostics of parsing `y`, one a line; the return code
 * in *rc. */
static char *diag_codes(const char *y, int *rc)
{
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_diags dg = PACT_DIAGS_INIT;
	pact_doc *d = NULL;
	char *codes = strf("%s", "");

	po.check_filename = 0;
	*rc = pact_doc_parse(&d, &dg, y, strlen(y), &po);
	for (size_t i = 0; i < dg.count; i++) {
		char *next = strf("%s%s %u:%u %s\n", codes, dg.items[i].code, dg.items[i].line,
		                  dg.items[i].col, dg.items[i].message);
		free(codes);
		codes = next;
	}
	pact_diags_clear(&dg);
	pact_doc_free(d);
	return codes;
}

Test(breakdiff, thirty_one_combining_marks_are_refused)
{
	char *t = marks_text(31), *y = pact_with(t);
	int rc;
	char *codes = diag_codes(y, &rc);

	cr_expect_eq(rc, PACT_EINVALID, "%s", codes);
	/* the 31st mark is the one too many: column 9 ("      - \"") + 9
	 * characters of "Thi đua a" + 31 marks */
	cr_expect(strstr(codes, "marks 17:49 more than 30 combining marks in a row on one letter: "
	                        "no language needs that many; remove them\n") != NULL,
	          "%s", codes);
	/* said once, and no NFC check of such a text */
	cr_expect_null(strstr(strstr(codes, "more than 30") + 1, "more than 30"), "%s", codes);
	cr_expect_null(strstr(codes, "not-nfc"), "%s", codes);
	free(codes);
	free(y);
	free(t);
}

Test(breakdiff, thirty_combining_marks_are_only_not_nfc)
{
	char *t = marks_text(30), *y = pact_with(t);
	int rc;
	char *codes = diag_codes(y, &rc);

	cr_expect_eq(rc, 0, "%s", codes);
	cr_expect_null(strstr(codes, "marks "), "%s", codes);
	cr_expect(strstr(codes, "not-nfc") != NULL, "%s", codes);
	free(codes);
	free(y);
	free(t);
}

/* A code point that decomposes into two marks counts two (U+0344 is U+0308
 * U+0301): 15 of those after "e" are 30, one more mark is 31. */
Test(breakdiff, marks_are_counted_decomposed)
{
	char t[128];
	size_t k = 1;
	int rc;
	char *y, *codes;

	t[0] = 'e';
	for (int i = 0; i < 15; i++, k += 2)
		memcpy(t + k, "\xCD\x84", 2);
	t[k] = '\0';
	y = pact_with(t);
	codes = diag_codes(y, &rc);
	cr_expect_null(strstr(codes, "more than 30"), "%s", codes);
	free(codes);
	free(y);
	memcpy(t + k, "\xCC\x81", 3);
	y = pact_with(t);
	codes = diag_codes(y, &rc);
	cr_expect_eq(rc, PACT_EINVALID, "%s", codes);
	cr_expect(strstr(codes, "marks 17:26 ") != NULL, "%s", codes);
	free(codes);
	free(y);
}

/* What a user sees: validate names the file, line and column, and diff
 * refuses the pact instead of normalising it for minutes. */
Test(breakdiff, validate_and_diff_refuse_a_letter_with_many_marks)
{
	char *t = marks_text(5000), *y = pact_with(t);
	char *dir = make_tempdir(), *path = strf("%s/2024.yaml", dir);
	run_result r;

	cr_assert_eq(write_file(path, y, strlen(y)), 0);
	r = run_pact(dir, "validate", "2024.yaml", NULL);
	cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, "2024.yaml:17:49: error: more than 30 combining marks") ||
	                  strstr(r.err, "2024.yaml:17:49: error: more than 30 combining marks"),
	          "%s%s", r.out, r.err);
	run_result_free(&r);
	r = run_pact(dir, "diff", "--no-pager", "2024.yaml", "2024.yaml", NULL);
	cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.err, "not a valid pact") != NULL, "%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(path);
	free(dir);
	free(y);
	free(t);
}

/* ---- the word diff's budget ------------------------------------------ */

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

/* A budget of ULLONG_MAX steps ("no limit", as a library caller may set
 * pact_diff_opts.word_budget) is no limit: the pair's own steps added to it
 * used to wrap around to a few thousand, and a pair needing more than
 * those was cut short and marked coarse. */
Test(breakdiff, the_largest_budget_is_no_limit)
{
	enum { N = 2000 };
	static uint64_t a[N], b[N];
	uint64_t seed = 42;
	pact_tokops all_ops = PACT_TOKOPS_INIT, lots_ops = PACT_TOKOPS_INIT;
	pact_textdiff_budget all = {ULLONG_MAX, 0}, lots = {1000000000000ull, 0};
	int coarse_all = -1, coarse_lots = -1;

	for (size_t i = 0; i < N; i++) {
		a[i] = lcg(&seed) % 10 == 0; /* one word, 10% another, on each side */
		b[i] = lcg(&seed) % 10 == 0;
	}
	cr_assert_eq(pact_textdiff__keys_budget(&lots_ops, a, N, b, N, 1, &lots, &coarse_lots), 0);
	cr_assert_eq(pact_textdiff__keys_budget(&all_ops, a, N, b, N, 1, &all, &coarse_all), 0);
	/* the pair needs more than its own steps, and a trillion is enough */
	cr_assert_lt(lots.left, 1000000000000ull);
	cr_expect_eq(coarse_lots, 0);
	cr_expect_eq(coarse_all, 0, "ULLONG_MAX steps cut the search short");
	cr_expect_eq(all.coarse, 0);
	cr_expect_eq(all_ops.count, lots_ops.count);
	for (size_t i = 0; i < all_ops.count && i < lots_ops.count; i++) {
		cr_expect_eq(all_ops.items[i].op, lots_ops.items[i].op, "op %zu", i);
		cr_expect_eq(all_ops.items[i].count, lots_ops.items[i].count, "op %zu", i);
	}
	pact_textdiff__tokops_clear(&all_ops);
	pact_textdiff__tokops_clear(&lots_ops);
}
