/*
 * test_pathological.c - hostile input is refused, quickly, without
 * crashing: alias bombs, deep nesting, huge documents and strings, NUL
 * bytes, broken UTF-8, random bytes; and input that is valid but built to
 * make the diff quadratic. The .timeout is a safety net against a hang, not
 * a speed target (those live in `make bench`).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/cite.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "../src/textdiff_internal.h"

/* Parse and return the code of the first error ("" if none). */
static char *first_code(const char *buf, size_t len, int *rc)
{
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	char *code;

	*rc = pact_doc_parse(&doc, &diags, buf, len, NULL);
	cr_expect_null(doc);
	code = strf("%s", diags.nerrors ? diags.items[0].code : "");
	pact_doc_free(doc);
	pact_diags_clear(&diags);
	return code;
}

static void expect_refused(const char *buf, size_t len, const char *code)
{
	int rc = 0;
	char *got = first_code(buf, len, &rc);
	cr_expect_eq(rc, PACT_EINVALID);
	cr_expect_str_eq(got, code);
	free(got);
}

Test(pathological, billion_laughs, .timeout = 10)
{
	const char *bomb =
	        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	        "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	expect_refused(bomb, strlen(bomb), "anchor");
}

Test(pathological, self_referencing_alias, .timeout = 10)
{
	const char *text = "schema: pact/1\nnote: *x\n";
	expect_refused(text, strlen(text), "alias");
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
	size_t u = strlen(unit), t = strlen(tail);
	char *s = malloc(u * times + t + 1);
	cr_assert_not_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * u, unit, u);
	memcpy(s + u * times, tail, t + 1);
	return s;
}

Test(pathological, ten_thousand_deep_flow, .timeout = 10)
{
	char *s = repeat("[", 10000, "");
	expect_refused(s, strlen(s), "too-deep");
	free(s);
}

Test(pathological, ten_thousand_deep_maps, .timeout = 10)
{
	char *s = repeat("{a: ", 10000, "x");
	expect_refused(s, strlen(s), "too-deep");
	free(s);
}

Test(pathological, deep_block_nesting, .timeout = 10)
{
	/* block style: "- " repeated on one line nests a sequence each time */
	char *s = repeat("- ", 10000, "x\n");
	expect_refused(s, strlen(s), "too-deep");
	free(s);
}

Test(pathological, fifty_megabytes, .timeout = 20)
{
	size_t len = 50u * 1024 * 1024;
	char *s = malloc(len);
	cr_assert_not_null(s);
	memset(s, 'a', len);
	memcpy(s, "note: ", 6);
	expect_refused(s, len, "too-large");

	/* and from a file: refused by its size, before it is read */
	char *dir = make_tempdir();
	char *path = strf("%s/2024.yaml", dir);
	cr_assert_eq(write_file(path, s, len), 0);
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	cr_expect_eq(pact_doc_load_file(&doc, &diags, path, NULL), PACT_EINVALID);
	cr_expect_null(doc);
	cr_assert_eq(diags.nerrors, 1);
	cr_expect_str_eq(diags.items[0].code, "too-large");
	pact_diags_clear(&diags);
	rm_rf(dir);
	free(path);
	free(dir);
	free(s);
}

Test(pathological, one_huge_string, .timeout = 10)
{
	char *s = repeat("x", 300 * 1024, "\n");
	memcpy(s, "note: ", 6);
	expect_refused(s, strlen(s), "too-long");
	free(s);
}

Test(pathological, too_many_clauses, .timeout = 20)
{
	size_t n = PACT_MAX_CLAUSES + 1, cap = n * 64 + 1024, len = 0;
	char *s = malloc(cap);
	cr_assert_not_null(s);
	len += (size_t)snprintf(
	        s + len, cap - len,
	        "schema: pact/1\nyear: 2024\ntitle: T\nbloc: B\nprovince: P\n"
	        "signed: {place: X, date: 2024-01-01}\nmembers: [{id: a, name: A}]\n"
	        "preamble: P\nclosing: C\nclauses:\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len,
		                        "- {id: c%zu, number: %zu, commitments: [x]}\n", i, i + 1);
	expect_refused(s, len, "limit");
	free(s);
}

Test(pathological, a_mapping_of_300_000_keys, .timeout = 10)
{
	/* each key was compared with every earlier one: minutes of work */
	size_t n = 300000, cap = n * 16, len = 0;
	char *s = malloc(cap);
	cr_assert_not_null(s);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "k%zu: 1\n", i);
	expect_refused(s, len, "limit");
	free(s);
}

Test(pathological, nul_bytes)
{
	const char text[] = "schema: pact/1\0year: 2024\n";
	expect_refused(text, sizeof(text) - 1, "nul");
	/* written as an escape, a NUL would cut the stored text short */
	const char *esc = "schema: \"pact/1\\0 and more\"\n";
	expect_refused(esc, strlen(esc), "nul");
}

Test(pathological, broken_utf8)
{
	const char *cases[] = {
	        "note: \xc0\xaf\n",             /* overlong '/' */
	        "note: \xed\xa0\x80\n",         /* surrogate U+D800 */
	        "note: \xe1\xbb\n",             /* truncated 'ệ' */
	        "note: \xf8\x88\x80\x80\x80\n", /* 5-byte form */
	        "note: \xff\n",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_refused(cases[i], strlen(cases[i]), "utf8");
}

Test(pathological, random_bytes_never_crash, .timeout = 30)
{
	/* a fixed seed: the same inputs every run, so a failure reproduces */
	unsigned long x = 88172645463325252UL;
	char buf[512];
	const char alphabet[] = "ab:- \n[]{}&*!'\"#|>%@`,?\t\\0129ệ";
	for (int iter = 0; iter < 3000; iter++) {
		size_t len = 0;
		int rc;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = x % sizeof(buf);
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] = (iter & 1) ? (char)(x & 0xFF)
			                    : alphabet[x % (sizeof(alphabet) - 1)];
		}
		char *code = first_code(buf, len, &rc);
		cr_assert(rc == PACT_EINVALID, "iteration %d: rc %d", iter, rc);
		free(code);
	}
}

/* Two unrelated 4096-token texts used to cost the full PACT_TEXTDIFF_MAX_D^2
 * (16M steps per direction) before giving up; a 4 MiB pact holds a few
 * hundred such commitment pairs, so `pact diff` ran for minutes. The search
 * is now bounded by sqrt(PACT_TEXTDIFF_WORK * N): 200 pairs take well
 * under a second, and the answer is still one deletion and one insertion. */
Test(pathological, unrelated_long_texts_diff_in_linear_time, .timeout = 10)
{
	size_t n = 4096;
	uint64_t *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	cr_assert(a && b);
	for (size_t i = 0; i < n; i++) {
		a[i] = 2 * i; /* nothing in common with b */
		b[i] = 2 * i + 1;
	}
	for (int pair = 0; pair < 200; pair++) {
		pact_tokops ops = PACT_TOKOPS_INIT;
		cr_assert_eq(pact_textdiff__keys(&ops, a, n, b, n, 1), 0);
		cr_assert_eq(ops.count, 2);
		cr_expect_eq(ops.items[0].op, PACT_OP_DELETE);
		cr_expect_eq(ops.items[0].count, n);
		cr_expect_eq(ops.items[1].op, PACT_OP_INSERT);
		cr_expect_eq(ops.items[1].count, n);
		pact_textdiff__tokops_clear(&ops);
	}
	free(a);
	free(b);
}

/* A text that is nothing but distinct citations: each used to be looked up
 * in the list found so far, O(c^2) string compares. */
Test(pathological, sixty_thousand_citations, .timeout = 10)
{
	size_t n = 60000, cap = n * 32 + 1, len = 0;
	char *s = malloc(cap);
	cr_assert_not_null(s);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "Chỉ thị số %zu/CT-TTg, ", i);
	pact_cites cites = PACT_CITES_INIT;
	cr_assert_eq(pact_cite_scan(&cites, s), 0);
	cr_expect_eq(cites.count, n);
	cr_expect_str_eq(cites.items[0].number, "0/CT-TTg", "text order is kept");
	cr_expect_str_eq(cites.items[n - 1].key, "59999/ct-ttg");
	cr_assert_eq(pact_cite_scan(&cites, s), 0);
	cr_expect_eq(cites.count, n, "a number already in the list is not added again");
	pact_cites_clear(&cites);
	free(s);
}
