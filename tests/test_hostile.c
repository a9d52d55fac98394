/*
 * test_hostile.c - holes found by attacking the sanitiser and the JSON
 * writer from outside (issue 8, second pass): each test is text a hostile
 * writer can put somewhere pact reads it, checked where the reader sees it
 * (the Markdown as a CommonMark reader renders it, the terminal output of
 * the real CLI, a strict JSON decoder).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/pactdiff.h"
#include "pact/report.h"

static pact_doc *load(const char *rel)
{
	char *p = src_path(rel);
	pact_doc *d = NULL;
	cr_assert_eq(pact_doc_load_file(&d, NULL, p, NULL), 0);
	free(p);
	return d;
}

/* Character references are text a valid pact may hold ("&#x202E;" is
 * nine printable characters), but a Markdown reader turns them into the
 * characters they name: the diff's Markdown must escape the '&', or a
 * member name brings back the bidi override and the ESC the sanitiser
 * keeps out. */
Test(hostile, diff_markdown_escapes_character_references)
{
	pact_doc *a = load("pacts/2023.yaml"), *b = load("pacts/2024.yaml");
	pact_diff *d = NULL;
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	char *md = NULL;
	char *argv[] = {"cmark-gfm", "-e", "table", "-e", "strikethrough", NULL};

	free(b->members[0].name);
	b->members[0].name = strdup("Sở Y tế &#x202E;RLO &#27;[2J &lt;b&gt; &amp;");
	free(b->clauses[0].commitments[0].text);
	b->clauses[0].commitments[0].text = strdup("Xem &#8238;đảo &#x1b;]8;;http://x");
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
	o.format = PACT_REPORT_MARKDOWN;
	o.lang = PACT_LANG_EN;
	cr_assert_eq(pact_report_render(&md, NULL, d, &o), 0);

	run_result r = run_argv(NULL, md, argv);
	cr_assert_eq(r.status, 0, "cmark-gfm (apt-get install cmark-gfm; .ci/run does): %s", r.err);
	cr_expect(strstr(r.out, "\xe2\x80\xae") == NULL, "a bidi override in the rendered Markdown: %s",
	          r.out);
	cr_expect(strchr(r.out, '\033') == NULL, "an ESC in the rendered Markdown: %s", r.out);
	/* the reader sees the text as it was written */
	cr_expect(strstr(r.out, "&amp;#x202E;RLO") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "&amp;#8238;đảo") != NULL, "%s", r.out);
	run_result_free(&r);
	free(md);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
}

/* Import keeps what the document says, but its YAML goes to the terminal
 * (no -o) and into a pact: a line or paragraph separator, a zero-width
 * space or a BOM the source carried must be written as a YAML escape,
 * never raw, and pact validate must still read the result and warn. */
Test(hostile, import_writes_invisible_characters_as_escapes)
{
	char *dir = make_tempdir();
	char *fixture = src_path("tests/data/import/typed-2025.txt");
	char *text = read_file(fixture, NULL), *in = strf("%s/in.txt", dir), *p, *t;

	cr_assert_not_null(text);
	/* after the first numbered commitment's first word */
	p = strstr(text, "\n1. ");
	cr_assert_not_null(p);
	p = strchr(p + 4, ' ');
	cr_assert_not_null(p);
	t = strf("%.*s \xe2\x80\xa8LS \xe2\x80\xa9PS \xe2\x80\x8bZW%s", (int)(p - text), text, p);
	cr_assert_eq(write_file(in, t, strlen(t)), 0);

	run_result r = run_pact(dir, "import", "in.txt", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\xe2\x80\xa8") == NULL && strstr(r.out, "\xe2\x80\xa9") == NULL &&
	                  strstr(r.out, "\xe2\x80\x8b") == NULL,
	          "raw separators in the YAML: %s", r.out);
	cr_expect(strstr(r.out, "\\u2028LS \\u2029PS") != NULL, "%s", r.out);
	run_result_free(&r);

	r = run_pact(dir, "import", "in.txt", "--year", "2025", "-o", "2025.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "validate", "2025.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "U+2028") != NULL, "validate warns on what import kept: %s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(fixture);
	free(text);
	free(in);
	free(t);
	free(dir);
}

/* Shell completion lists remotes and branches named by whoever made them
 * (git allows a bidi override or a byte that is not UTF-8 in both): the
 * shell shows the candidates raw, so such names are not offered. */
Test(hostile, completion_offers_no_name_that_would_drive_the_terminal)
{
	char *dir = make_tempdir();
	run_result r = run_sh(dir, "git init -q s && cd s && "
	                           "git remote add \"$(printf 'o\\342\\200\\256ri\\233g')\" /nowhere && "
	                           "git remote add origin /elsewhere");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	char *s = strf("%s/s", dir);
	r = run_pact(s, "__complete", "pact push ", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "origin\n") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "\xe2\x80\xae") == NULL && strstr(r.out, "\x9b") == NULL,
	          "a raw name offered: %s", r.out);
	run_result_free(&r);
	rm_rf(dir);
	free(s);
	free(dir);
}
