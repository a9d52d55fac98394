/*
 * test_breakterm.c - hostile text against what a reader sees, found by
 * attacking every output with fresh eyes: each test puts text where a
 * hostile writer can (a pact field, a remote's address, history) and
 * checks the bytes the reader gets (the Markdown as cmark-gfm renders it,
 * the terminal output of the real CLI).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/paper.h"
#include "pact/pactdiff.h"
#include "pact/report.h"
#include "pact/sanitize.h"
#include "render_fixture.h"

static void set(char **field, const char *value)
{
	free(*field);
	*field = strdup(value);
	cr_assert_not_null(*field);
}

/* Markdown as GitHub's reader renders it (cmark-gfm with its extensions). */
static char *cmark(const char *md)
{
	char *argv[] = {"cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", NULL};
	run_result r = run_argv(NULL, md, argv);
	char *out;

	cr_assert_eq(r.status, 0, "cmark-gfm (apt-get install cmark-gfm; .ci/run does): %s", r.err);
	out = r.out;
	r.out = NULL;
	run_result_free(&r);
	return out;
}

/* A piece of pact text that starts a Markdown line opened a block there:
 * the diff's bloc line is its own paragraph, so a bloc "# Đã được phê
 * duyệt" became a first-level heading of the report, and the paper's
 * preamble, closing and commitments (each at a line or list item start)
 * became headings, nested lists, thematic breaks or code. */
Test(breakterm, markdown_text_at_a_line_start_opens_no_block, .timeout = 60)
{
	pact_doc *a = load_src("pacts/2023.yaml"), *b = load_src("pacts/2024.yaml");
	pact_diff *d = NULL;
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	pact_paper_opts po = PACT_PAPER_OPTS_INIT;
	char *md = NULL, *html, *paper = NULL;
	size_t len = 0;

	set(&b->bloc, "# Đã được phê duyệt");
	set(&b->clauses[0].commitments[0].text, "# Đã được phê duyệt");
	set(&b->clauses[1].commitments[0].text, "1. Đã ký");
	set(&b->clauses[1].commitments[1].text, "- - -");
	set(&b->preamble, "    mã");
	set(&b->closing, "2) Hết");
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
	o.format = PACT_REPORT_MARKDOWN;
	o.lang = PACT_LANG_VI;
	cr_assert_eq(pact_report_render(&md, NULL, d, &o), 0);
	cr_expect(strstr(md, "\n\n\\# Đã được phê duyệt — ") != NULL, "%s", md);
	html = cmark(md);
	cr_expect(strstr(html, "<p># Đã được phê duyệt — ") != NULL, "%s", html);
	cr_expect(strstr(html, "<h1>Đã được") == NULL, "%s", html);
	free(html);

	po.format = PACT_PAPER_MARKDOWN;
	cr_assert_eq(pact_paper_render(&paper, &len, b, &po), 0);
	cr_expect(strstr(paper, "\n- \\# Đã được phê duyệt\n") != NULL, "%s", paper);
	cr_expect(strstr(paper, "\n- 1\\. Đã ký\n") != NULL, "%s", paper);
	cr_expect(strstr(paper, "\n- \\- - -\n") != NULL, "%s", paper);
	cr_expect(strstr(paper, "\n\n&#32;   mã\n\n") != NULL, "%s", paper);
	cr_expect(strstr(paper, "\n\n2\\) Hết\n\n") != NULL, "%s", paper);
	html = cmark(paper);
	cr_expect(strstr(html, "<li># Đã được phê duyệt</li>") != NULL, "%s", html);
	cr_expect(strstr(html, "<li>1. Đã ký</li>") != NULL, "%s", html);
	cr_expect(strstr(html, "<li>- - -</li>") != NULL, "%s", html);
	cr_expect(strstr(html, "<p>2) Hết</p>") != NULL, "%s", html);
	cr_expect(strstr(html, "<pre>") == NULL && strstr(html, "<hr") == NULL &&
	                  strstr(html, "<ol") == NULL && strstr(html, "<h1>Đã") == NULL,
	          "%s", html);
	free(html);
	free(paper);
	free(md);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
}

/* The rule itself, piece by piece: only a piece's first characters can
 * open a block (a newline inside reads as a space). */
Test(breakterm, markdown_mode_escapes_a_block_marker_at_the_start)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	        {"# x", "\\# x"},         {"#x", "\\#x"},
	        {"- x", "\\- x"},         {"+ x", "\\+ x"},
	        {"---", "\\---"},         {"===", "\\==="},
	        {"12. x", "12\\. x"},     {"3) x", "3\\) x"},
	        {"2024 năm", "2024 năm"}, {"    x", "&#32;   x"},
	        {"\tx", "&#9;x"},         {"\n# x", "&#32;# x"},
	        {"a # b", "a # b"},       {"1234567890. x", "1234567890. x"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = pact_sanitize(cases[i].in, PACT_SANITIZE_MARKDOWN);
		cr_expect_str_eq(s, cases[i].out, "'%s'", cases[i].in);
		cr_expect_eq(pact_sanitize_needed(cases[i].in, strlen(cases[i].in),
		                                  PACT_SANITIZE_MARKDOWN),
		             strcmp(cases[i].in, cases[i].out) != 0, "'%s'", cases[i].in);
		free(s);
	}
}

/* A remote's address may carry a password (https://user:password@host/):
 * `pact remote -v` printed it, and so did every message quoting the
 * address (a URL given where a remote's name goes, libgit2's "malformed
 * URL '...'"), to the screen of whoever looks on or a pasted transcript.
 * The one-line modes of the sanitiser now show "***" in its place. */
Test(breakterm, a_password_in_a_remote_address_is_never_printed, .timeout = 60)
{
	char *dir = make_tempdir();
	run_result r = run_pact(dir, "init", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "remote", "add", "origin", "https://alice:hunter2@example.com/x.git",
	             NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "remote", "add", "bad", "https://alice:p@ss:wd@exa mple.com/x.git", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	r = run_pact(dir, "remote", "-v", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "bad\thttps://alice:***@exa mple.com/x.git\n"
	                        "origin\thttps://alice:***@example.com/x.git\n");
	run_result_free(&r);

	/* an address where the remote's name goes: the advice quotes it twice */
	r = run_pact(dir, "push", "https://alice:hunter2@example.com/x.git", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "'https://alice:***@example.com/x.git'") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "hunter2") == NULL, "%s", r.err);
	run_result_free(&r);

	/* libgit2 quotes the address it cannot parse */
	r = run_pact(dir, "pull", "bad", NULL);
	cr_expect_neq(r.status, 0);
	cr_expect(strstr(r.err, "malformed URL 'https://alice:***@exa mple.com/x.git'") != NULL,
	          "%s", r.err);
	cr_expect(strstr(r.err, "p@ss") == NULL && strstr(r.err, "wd@") == NULL, "%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
}

Test(breakterm, one_line_modes_hide_a_url_password)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	        {"https://a:b@h/x", "https://a:***@h/x"},
	        {"see ssh://u:p%40q@h:22/x and http://v:w@k",
	         "see ssh://u:***@h:22/x and http://v:***@k"},
	        {"https://a:b:c@d@h", "https://a:***@h"},
	        {"https://a@h:8080/x", "https://a@h:8080/x"},
	        {"https://h:8080/x@y", "https://h:8080/x@y"},
	        {"https://a:@h", "https://a:@h"},
	        {"a:b@c", "a:b@c"},
	        {"https://a:\033x@h", "https://a:***@h"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int m = 0; m < 2; m++) {
			pact_sanitize_mode mode = m ? PACT_SANITIZE_MESSAGE : PACT_SANITIZE_LINE;
			char *s = pact_sanitize(cases[i].in, mode);
			cr_expect_str_eq(s, cases[i].out, "'%s'", cases[i].in);
			cr_expect_eq(pact_sanitize_needed(cases[i].in, strlen(cases[i].in), mode),
			             strcmp(cases[i].in, cases[i].out) != 0, "'%s'", cases[i].in);
			free(s);
		}
	}
	/* pact text in a report is shown as written */
	char *t = pact_sanitize("https://a:b@h/x", PACT_SANITIZE_TEXT);
	cr_expect_str_eq(t, "https://a:b@h/x");
	free(t);
}
