/*
 * test_tree_walk.c - tree.c checks every character of the source once, on
 * a cursor that turns libyaml's character counts into bytes; inside text
 * it steps over a character by its first byte. These tests put 2-, 3- and
 * 4-byte characters before what must be found and check that the refusal
 * names the exact line and column, so a cursor that lost its place (or
 * stepped over a control) would fail them; and that a big document's tree
 * (many nodes, long child lists) loads whole.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"

/* pacts/2024.yaml with its title line replaced by `title` */
static char *with_title(const char *title)
{
	char *path = src_path("pacts/2024.yaml"), *base = read_file(path, NULL), *out;
	char *at, *eol;

	cr_assert_not_null(base);
	at = strstr(base, "\ntitle: ");
	cr_assert_not_null(at);
	eol = strchr(at + 1, '\n');
	out = strf("%.*s\n%s%s", (int)(at - base), base, title, eol);
	free(base);
	free(path);
	return out;
}

/* line of the first "title:" of the sample (1-based) */
static unsigned title_line(void)
{
	char *t = with_title("title: x");
	unsigned line = 1;
	for (const char *p = t; p < strstr(t, "\ntitle:") + 1; p++)
		line += *p == '\n';
	free(t);
	return line;
}

/* the first diagnostic of parsing `text`, as "line:col code" */
static char *first_diag(const char *text)
{
	pact_diags d = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	int rc = pact_doc_parse(&doc, &d, text, strlen(text), NULL);
	char *out;

	cr_assert_eq(rc, PACT_EINVALID, "%s", pact_error_last()->message);
	cr_assert_gt(d.count, 0);
	out = strf("%u:%u %s", d.items[0].line, d.items[0].col, d.items[0].code);
	pact_diags_clear(&d);
	pact_doc_free(doc);
	return out;
}

Test(tree_walk, a_line_break_control_after_wide_characters_is_found_in_place)
{
	/* U+0085 (NEL) inside quoted text, after "ở" (2 bytes), "ế" (3) and
	 * an emoji (4): column 17 counts characters */
	char *t = with_title(
	        "title: \"S\xe1\xbb\x9f \xc3\xa9 \xf0\x9f\x98\x80 Y\xc2\x85 t\xe1\xba\xbf\"");
	char *got = first_diag(t), *want = strf("%u:17 control", title_line());

	cr_expect_str_eq(got, want);
	free(want);
	free(got);
	free(t);
}

Test(tree_walk, a_comment_after_wide_text_is_checked_in_place)
{
	/* the text before the comment holds 2-, 3- and 4-byte characters; the
	 * bidi override in the comment on the next line is at its column 3 */
	char *t = with_title("title: \"\xf0\x9f\x98\x80 Gi\xe1\xba\xa3i th\xc6\xb0\xe1\xbb\x9fng "
	                     "\xf0\xa0\x80\x80\"\n# \xe2\x80\xae comment");
	char *got = first_diag(t), *want = strf("%u:3 control", title_line() + 1);

	cr_expect_str_eq(got, want);
	free(want);
	free(got);
	free(t);
}

Test(tree_walk, wide_text_without_controls_is_valid)
{
	char *t = with_title("title: \"\xf0\x9f\x98\x80 \xc2\xa0S\xe1\xbb\x9f \xc2\xbb x\"");
	pact_diags d = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;

	cr_assert_eq(pact_doc_parse(&doc, &d, t, strlen(t), NULL), 0, "%s",
	             pact_error_last()->message);
	cr_expect_str_eq(doc->title, "\xf0\x9f\x98\x80 \xc2\xa0S\xe1\xbb\x9f \xc2\xbb x");
	pact_diags_clear(&d);
	pact_doc_free(doc);
	free(t);
}

/* 3 000 clauses of 3 commitments: every child list and text of the tree
 * reaches the document, in order */
Test(tree_walk, a_large_document_loads_whole)
{
	char *path = src_path("pacts/2024.yaml"), *base = read_file(path, NULL);
	char *cut, *doc_text;
	size_t cap = 3000 * 200 + strlen(base), at;
	pact_doc *doc = NULL;

	cr_assert_not_null(base);
	cut = strstr(base, "\nclauses:\n");
	cr_assert_not_null(cut);
	doc_text = malloc(cap);
	cr_assert_not_null(doc_text);
	at = (size_t)snprintf(doc_text, cap, "%.*s\nclauses:\n", (int)(cut - base), base);
	for (int i = 1; i <= 3000; i++)
		at += (size_t)snprintf(doc_text + at, cap - at,
		                       "  - id: c%d\n    number: %d\n    commitments:\n"
		                       "      - Th\xe1\xbb\xb1\x63 hi\xe1\xbb\x87n %d.\n"
		                       "      - \"B\xc3\xa1o c\xc3\xa1o %d\"\n      - x%d\n",
		                       i, i, i, i, i);
	at += (size_t)snprintf(doc_text + at, cap - at, "closing: H\xe1\xba\xbft.\n");
	cr_assert_lt(at, cap);
	cr_assert_eq(pact_doc_parse(&doc, NULL, doc_text, at, NULL), 0, "%s",
	             pact_error_last()->message);
	cr_assert_eq(doc->nclauses, 3000);
	for (size_t i = 0; i < doc->nclauses; i += 999) {
		char *want = strf("B\xc3\xa1o c\xc3\xa1o %zu", i + 1), *id = strf("c%zu", i + 1);
		cr_expect_str_eq(doc->clauses[i].id, id);
		cr_assert_eq(doc->clauses[i].ncommitments, 3);
		cr_expect_str_eq(doc->clauses[i].commitments[1].text, want);
		free(want);
		free(id);
	}
	cr_expect_str_eq(doc->closing, "H\xe1\xba\xbft.");
	pact_doc_free(doc);
	free(doc_text);
	free(base);
	free(path);
}
