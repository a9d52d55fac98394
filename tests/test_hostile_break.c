/*
 * test_hostile_break.c - hostile documents found by a breaker after the
 * tree limits landed: what got through them, and stays refused cheaply.
 *
 * A document within every tree limit can still hold a problem in each of
 * its nodes: 15 000 clauses of 64 unknown keys (3.7 MB) made a million
 * diagnostics, 218 MB and 13 s to build, sort and print them (58 MB and
 * 1.5 s with them capped). The schema lists at most 200 and counts the
 * rest, with one whole-file diagnostic saying so.
 *
 * A word's key kept only the last of its tone marks, so a word of two
 * syllables run together, or a foreign word, lost a tone without the diff
 * seeing it: "Ápdụng" -> "Apdụng" was "No changes". Each tone is kept now,
 * in order; their placement inside a syllable still does not count.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "../src/textdiff_internal.h"
#include "../src/tokens.h"

/* A document of `clauses` clauses, each a map of `keys` unknown keys
 * (and none of id, number, commitments): clauses * (keys + 3) + 7 errors
 * (title, bloc, province, signed, members, preamble, closing missing). */
static char *unknown_keys(size_t clauses, size_t keys, size_t *len)
{
	size_t cap = 64 + clauses * (keys * 8 + 8), n = 0;
	char *s = malloc(cap);

	cr_assert_not_null(s);
	n += (size_t)sprintf(s + n, "schema: pact/1\nyear: 2024\nclauses:\n");
	for (size_t c = 0; c < clauses; c++) {
		n += (size_t)sprintf(s + n, "  - {");
		for (size_t k = 0; k < keys; k++)
			n += (size_t)sprintf(s + n, "%sk%zu", k ? ", " : "", k);
		n += (size_t)sprintf(s + n, "}\n");
	}
	*len = n;
	return s;
}

Test(hostile_break, a_problem_in_every_node_lists_200_and_counts_the_rest)
{
	size_t len, clauses = 500, keys = 5;
	char *s = unknown_keys(clauses, keys, &len);
	pact_diags d = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	int rc = pact_doc_parse(&doc, &d, s, len, NULL);
	size_t total = clauses * (keys + 3) + 7;

	cr_expect_eq(rc, PACT_EINVALID);
	cr_expect_null(doc);
	/* every problem counted: 5 unknown keys and 3 missing ones per
	 * clause, 7 missing keys of the pact */
	cr_expect_eq(d.nerrors, total, "%zu errors counted", d.nerrors);
	/* 200 listed, and the note first (a whole-file one) */
	cr_assert_eq(d.count, 201, "%zu listed", d.count);
	cr_expect_eq(d.items[0].line, 0);
	cr_expect_str_eq(d.items[0].code, "too-many");
	cr_expect_str_eq(d.items[0].message,
	                 "more than 200 problems: the rest are counted, not listed");
	cr_expect_str_eq(d.items[1].code, "missing-key");
	pact_diags_clear(&d);
	free(s);
}

Test(hostile_break, two_hundred_problems_are_all_listed)
{
	/* 24 clauses * 8 + 7 + 1 more unknown key = 200 */
	size_t len;
	char *s = unknown_keys(24, 5, &len);
	char *more = strf("%skx: 1\n", s);
	pact_diags d = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;

	cr_expect_eq(pact_doc_parse(&doc, &d, more, strlen(more), NULL), PACT_EINVALID);
	cr_expect_eq(d.nerrors, 200);
	cr_expect_eq(d.count, 200);
	for (size_t k = 0; k < d.count; k++)
		cr_expect_str_neq(d.items[k].code, "too-many");
	pact_diags_clear(&d);
	free(more);
	free(s);
}

Test(hostile_break, the_cap_is_said_in_vietnamese_and_the_summary_counts_all)
{
	size_t len;
	char *s = unknown_keys(300, 5, &len);
	char *dir = make_tempdir(), *path = strf("%s/2024.yaml", dir);
	run_result r;

	cr_assert_eq(write_file(path, s, len), 0);
	r = run_pact(dir, "--lang=vi", "validate", path, NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "hơn 200 vấn đề: các vấn đề còn lại chỉ được đếm, không liệt kê") !=
	                  NULL,
	          "%s", r.err);
	cr_expect(strstr(r.out, "(2407 lỗi, 0 cảnh báo)") != NULL, "%s", r.out);
	run_result_free(&r);
	rm_rf(dir);
	free(path);
	free(dir);
	free(s);
}

static int same_key(const char *a, const char *b)
{
	char *ka = pact_tokens__key_string(a, strlen(a), 0);
	char *kb = pact_tokens__key_string(b, strlen(b), 0);
	int r;

	cr_assert(ka && kb);
	r = !strcmp(ka, kb);
	free(ka);
	free(kb);
	return r;
}

Test(hostile_break, a_tone_removed_from_a_word_of_several_is_a_change)
{
	char *k = pact_tokens__key_string("Ápdụng", strlen("Ápdụng"), 0);

	cr_expect_str_eq(k, "Apdung\x01"
	                    "301\x01"
	                    "323");
	free(k);
	/* the table path (composed letters) and utf8proc's (a letter with two
	 * tones goes there) */
	cr_expect(!same_key("Ápdụng", "Apdụng"));
	cr_expect(!same_key("résumé", "resumé"));
	cr_expect(!same_key("a\u0301\u0300", "a\u0300"));
	/* NFD or NFC, and the order of marks on one letter, still do not count */
	cr_expect(same_key("Ápdụng", "A\u0301pdu\u0323ng"));
	cr_expect(same_key("a\u0323\u0301", "a\u0301\u0323"));
	cr_expect(same_key("hoà", "hòa"));
}

Test(hostile_break, the_diff_shows_a_word_that_lost_a_tone)
{
	char *dir = make_tempdir(), *a = strf("%s/a.yaml", dir), *b = strf("%s/b.yaml", dir);
	char *src = read_file(PACT_SRCDIR "/pacts/2024.yaml", NULL), *at, *old, *new;
	const char *from = "Thi đua tập trung";
	run_result r;

	cr_assert_not_null(src);
	at = strstr(src, from);
	cr_assert_not_null(at);
	*at = '\0';
	old = strf("%sThi đua Ápdụng tập trung%s", src, at + strlen(from));
	new = strf("%sThi đua Apdụng tập trung%s", src, at + strlen(from));
	cr_assert_eq(write_file(a, old, strlen(old)), 0);
	cr_assert_eq(write_file(b, new, strlen(new)), 0);
	r = run_pact(dir, "diff", "--exit-code", a, b, NULL);
	cr_expect_eq(r.status, 1, "%s", r.out);
	cr_expect(strstr(r.out, "[-Ápdụng-] {+Apdụng+}") != NULL, "%s", r.out);
	run_result_free(&r);
	rm_rf(dir);
	free(old);
	free(new);
	free(src);
	free(a);
	free(b);
	free(dir);
}

/* The column of the first diagnostic of buf[len]. */
static unsigned first_col(const char *buf, size_t len, unsigned *line)
{
	pact_diags d = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	unsigned col;

	cr_assert_eq(pact_doc_parse(&doc, &d, buf, len, NULL), PACT_EINVALID);
	cr_assert_gt(d.count, 0);
	col = d.items[0].col;
	*line = d.items[0].line;
	pact_diags_clear(&d);
	return col;
}

Test(hostile_break, a_bom_is_no_column)
{
	/* libyaml's marks never counted the BOM; the positions found from
	 * bytes (a control outside the text, invalid UTF-8, a NUL) counted it
	 * as a character of line 1 and pointed one column too far */
	static const char rlo[] = "a: 1 # \xE2\x80\xAE\n", bad[] = "a: x\xFF\n", nul[] = "a: x\0\n";
	const char *docs[] = {rlo, bad, nul};
	size_t lens[] = {sizeof(rlo) - 1, sizeof(bad) - 1, sizeof(nul) - 1};
	unsigned want[] = {8, 5, 5};

	for (int k = 0; k < 3; k++) {
		char with[32];
		unsigned line, col;

		memcpy(with, "\xEF\xBB\xBF", 3);
		memcpy(with + 3, docs[k], lens[k]);
		col = first_col(docs[k], lens[k], &line);
		cr_expect_eq(line, 1);
		cr_expect_eq(col, want[k], "without a BOM: %u", col);
		col = first_col(with, lens[k] + 3, &line);
		cr_expect_eq(line, 1);
		cr_expect_eq(col, want[k], "with a BOM: %u", col);
	}
}

Test(hostile_break, short_equalities_between_changes_merge_in_one_pass)
{
	/* x0 s x1 s ... against y0 s y1 s ...: a one-word change before each
	 * shared word, 15 000 blocks that the clean-up merges one into the
	 * next; the merges used to move the rest of the block array each time
	 * (quadratic), now the blocks are a stack. The result is the same:
	 * everything up to the last shared words is one change. */
	size_t m = 15000, n = 2 * m + 1;
	uint64_t *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	pact_tokops ops = PACT_TOKOPS_INIT;

	cr_assert(a && b);
	for (size_t i = 0; i < m; i++) {
		a[2 * i] = 1000 + 2 * i;
		b[2 * i] = 1001 + 2 * i;
		a[2 * i + 1] = b[2 * i + 1] = 7;
	}
	a[n - 1] = b[n - 1] = 9;
	cr_assert_eq(pact_textdiff__keys(&ops, a, n, b, n, 1), 0);
	cr_assert_eq(ops.count, 3);
	cr_expect_eq(ops.items[0].op, PACT_OP_DELETE);
	cr_expect_eq(ops.items[0].count, n - 2);
	cr_expect_eq(ops.items[1].op, PACT_OP_INSERT);
	cr_expect_eq(ops.items[1].count, n - 2);
	cr_expect_eq(ops.items[2].op, PACT_OP_EQUAL);
	cr_expect_eq(ops.items[2].count, 2);
	pact_textdiff__tokops_clear(&ops);

	/* A: 1 2 E E 3 F 4 5 6 G, B: the same with other changed words.
	 * Blocks (equal, deleted, inserted): (0,2,2) (2,1,1) (1,3,3) (1,0,0).
	 * The second cannot join the first (2 equal words around 1 change),
	 * the third joins the second, and the grown block (2,5,5) then joins
	 * the first: one change of 9 words, then G. */
	{
		uint64_t x[] = {1, 2, 100, 101, 3, 102, 4, 5, 6, 103};
		uint64_t y[] = {11, 12, 100, 101, 13, 102, 14, 15, 16, 103};
		cr_assert_eq(pact_textdiff__keys(&ops, x, 10, y, 10, 1), 0);
		cr_assert_eq(ops.count, 3);
		cr_expect_eq(ops.items[0].op, PACT_OP_DELETE);
		cr_expect_eq(ops.items[0].count, 9);
		cr_expect_eq(ops.items[1].count, 9);
		cr_expect_eq(ops.items[2].op, PACT_OP_EQUAL);
		cr_expect_eq(ops.items[2].count, 1);
	}
	pact_textdiff__tokops_clear(&ops);
	free(a);
	free(b);
}
