/*
 * test_restore.c - lost diacritics and OCR damage (src/import/restore.c).
 *
 * The measure that matters is issue 10's: the project's OCR seed, restored
 * clause by clause against pacts/2024.yaml, gets at least 95% of the
 * commitments' words right. The other tests pin the promises around it: new
 * words are never replaced, numbers are never repaired, a near miss needs
 * its neighbours, case is kept, every change is reported where it was read.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/import/restore.h"
#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "wordmatch.h"

static pact_restore_result *restore1(const char *in, const char *old)
{
	pact_restore_result *r = NULL;
	const char *a[1] = {in}, *b[1] = {old};
	cr_assert_eq(pact_restore__run(&r, a, 1, b, 1), 0, "%s", pact_error_last()->message);
	return r;
}

static char *seed_text(void)
{
	char *p = src_path("tests/data/import/seed-2024-ocr.txt");
	char *t = read_file(p, NULL);
	cr_assert_not_null(t, "cannot read %s", p);
	free(p);
	return t;
}

/* Cut the seed at its numbered paragraphs "1. " .. "6. " and the closing. */
static char *seed_clause(const char *seed, int k)
{
	char pat[16];
	const char *s, *e;
	snprintf(pat, sizeof(pat), "\n%d. ", k);
	s = strstr(seed, pat);
	cr_assert_not_null(s);
	s += strlen(pat);
	snprintf(pat, sizeof(pat), "\n%d. ", k + 1);
	e = k < 6 ? strstr(s, pat) : strstr(s, "\nTr");
	cr_assert_not_null(e);
	return strndup(s, (size_t)(e - s));
}

Test(restore, the_ocr_seed_against_2024_gets_95_percent_of_the_commitments_words)
{
	char *seed = seed_text(), *p = src_path("pacts/2024.yaml"), *ref = NULL;
	pact_doc *doc = NULL;
	size_t cap = 1 << 16, len = 0, changed = 0;
	char *got = calloc(cap, 1), *before = calloc(cap, 1);
	double acc, acc_before;

	cr_assert_eq(pact_doc_load_file(&doc, NULL, p, NULL), 0);
	cr_assert_eq(doc->nclauses, 6);
	for (int k = 1; k <= 6; k++) {
		const pact_clause *c = &doc->clauses[k - 1];
		const char **old = calloc(c->ncommitments, sizeof(char *));
		char *in = seed_clause(seed, k);
		const char *a[1] = {in};
		pact_restore_result *r = NULL;

		for (size_t i = 0; i < c->ncommitments; i++)
			old[i] = c->commitments[i].text;
		cr_assert_eq(pact_restore__run(&r, a, 1, old, c->ncommitments), 0);
		len += strlen(r->texts[0]) + 1;
		cr_assert_lt(len, cap);
		strcat(got, r->texts[0]);
		strcat(got, "\n");
		strcat(before, in);
		strcat(before, "\n");
		changed += r->nchanged;
		pact_restore__result_free(r);
		free(old);
		free(in);
	}
	ref = commitments_text(p);
	acc = word_accuracy(got, ref, NULL);
	acc_before = word_accuracy(before, ref, NULL);
	cr_log_info("seed vs 2024: %.1f%% of words before, %.1f%% after, %zu changed",
	            100 * acc_before, 100 * acc, changed);
	cr_expect_lt(acc_before, 0.30);
	cr_expect_geq(acc, 0.95, "restored seed: %.2f%% of words", 100 * acc);
	pact_doc_free(doc);
	free(got);
	free(before);
	free(ref);
	free(seed);
	free(p);
}

Test(restore, words_new_this_year_and_numbers_are_kept_as_read)
{
	pact_restore_result *r =
	        restore1("Tiep tuc day manh chuyen doi so, hoan thanh nam 2025.",
	                 "Tiếp tục đẩy mạnh cải cách hành chính, hoàn thành năm 2024.");
	cr_expect_str_eq(r->texts[0], "Tiếp tục đẩy mạnh chuyen doi so, hoàn thành năm 2025.");
	/* the three new words are reported as not restored; 2025 is a number */
	cr_expect_eq(r->nunrestored, 3);
	cr_expect_eq(r->nchanged, 7);
	pact_restore__result_free(r);
}

Test(restore, ocr_damage_is_repaired_only_where_the_neighbours_agree)
{
	pact_restore_result *r =
	        restore1("cam ket ctia Khoi thi dua ndm 2024", "cam kết của Khối thi đua năm 2024");
	cr_expect_str_eq(r->texts[0], "cam kết của Khối thi đua năm 2024");
	pact_restore__result_free(r);

	/* alone, "ctia" is not enough to say "của" */
	r = restore1("ctia", "của");
	cr_expect_str_eq(r->texts[0], "ctia");
	cr_expect_eq(r->nchanged, 0);
	cr_expect_eq(r->nunrestored, 1);
	pact_restore__result_free(r);

	/* a word too far from last year's is a new word, not damage */
	r = restore1("cam ket giam ngheo nam 2024", "cam kết tăng trưởng năm 2024");
	cr_expect_str_eq(r->texts[0], "cam kết giam ngheo năm 2024");
	pact_restore__result_free(r);
}

Test(restore, the_case_of_the_word_as_read_is_kept)
{
	pact_restore_result *r = restore1("BAN GIAO UOC Nam nay", "Bản giao ước năm nay");
	cr_expect_str_eq(r->texts[0], "BẢN GIAO ƯỚC Năm nay");
	pact_restore__result_free(r);
}

Test(restore, every_change_is_reported_with_its_place_in_the_input)
{
	const char *in[2] = {"Thi dua tap trung.", "Doi moi tu duy xyz."};
	const char *old[1] = {"Thi đua tập trung. Đổi mới tư duy."};
	pact_restore_result *r = NULL;
	size_t marks = 0;

	cr_assert_eq(pact_restore__run(&r, in, 2, old, 1), 0);
	cr_expect_str_eq(r->texts[0], "Thi đua tập trung.");
	cr_expect_str_eq(r->texts[1], "Đổi mới tư duy xyz.");
	for (size_t i = 0; i < r->nevents; i++) {
		const pact_restore_event *e = &r->events[i];
		cr_expect_eq(strncmp(in[e->seg] + e->off, e->from, e->len), 0);
		marks += e->kind == PACT_RESTORE_MARKS;
	}
	cr_expect_eq(marks, 5); /* đua tập Đổi mới tư */
	cr_assert_eq(r->nunrestored, 1);
	cr_expect_str_eq(r->events[r->nevents - 1].from, "xyz");
	cr_expect_eq(r->events[r->nevents - 1].seg, 1);
	cr_expect_eq(r->events[r->nevents - 1].off, 15);
	pact_restore__result_free(r);
}

Test(restore, a_hostile_clause_is_left_as_read_and_bad_utf8_is_refused)
{
	size_t n = 2100 * 4;
	char *big = malloc(n + 1);
	const char *bad[1] = {"ca\xff"}, *ok[1] = {"các"};
	pact_restore_result *r = NULL;

	for (size_t i = 0; i < n; i += 4)
		memcpy(big + i, "cac ", 4);
	big[n] = '\0';
	const char *a[1] = {big};
	const char *b[1] = {big};
	cr_assert_eq(pact_restore__run(&r, a, 1, b, 1), 0);
	cr_expect(r->too_long);
	cr_expect_str_eq(r->texts[0], big);
	pact_restore__result_free(r);
	r = NULL;
	cr_expect_eq(pact_restore__run(&r, bad, 1, ok, 1), PACT_EINVALID);
	cr_expect_null(r);
	free(big);
}
