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
#include "render_fixture.h"

/* Character references are text a valid pact may hold ("&#x202E;" is
 * nine printable characters), but a Markdown reader turns them into the
 * characters they name: the diff's Markdown must escape the '&', or a
 * member name brings back the bidi override and the ESC the sanitiser
 * keeps out. */
Test(hostile, diff_markdown_escapes_character_references)
{
	pact_doc *a = load_src("pacts/2023.yaml"), *b = load_src("pacts/2024.yaml");
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
	cr_expect(strstr(r.out, "\xe2\x80\xae") == NULL,
	          "a bidi override in the rendered Markdown: %s", r.out);
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
	run_result r =
	        run_sh(dir, "git init -q s && cd s && "
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

/* `pact show --format=yaml` (and `git show`) print a pact's bytes as they
 * are, so what lies outside the text must be as clean as the text: YAML
 * takes NEL (a C1 control) and U+2028 as line breaks, and any printable
 * character, a bidi override included, in a comment. validate refuses
 * them, so commit does too and show never prints them. */
Test(hostile, controls_outside_the_text_are_errors)
{
	static const struct {
		const char *from, *to, *says;
	} cases[] = {
	        {"\nyear:", "\xc2\x85year:", ":1:15: error: character U+0085 used as a line break"},
	        {"\ntitle:", "\xe2\x80\xa8title:",
	         ": error: character U+2028 used as a line break"},
	        {"\nmembers:",
	         "\n# \xe2\x80\xae"
	         "comment\nmembers:",
	         ": error: character U+202E outside the text (in a comment"},
	        {"year: 2024", "year: 2024 # \xe2\x80\x8b",
	         ": error: character U+200B outside the text"},
	        /* a NEL inside a quoted scalar is folded away by YAML: the text
	         * never holds it, the file does */
	        {"\"Sở Y tế\"", "\"Sở Y\xc2\x85 tế\"",
	         ": error: character U+0085 used as a line break"},
	        {"\nyear:", "\ryear:", ":1:15: error: character U+000D used as a line break"},
	};
	char *dir = make_tempdir();
	char *src = src_path("pacts/2024.yaml");
	char *base = read_file(src, NULL);
	cr_assert_not_null(base);

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char *p = strstr(base, cases[k].from), *t, *f = strf("%s/p%zu.yaml", dir, k);
		cr_assert_not_null(p, "%s", cases[k].from);
		t = strf("%.*s%s%s", (int)(p - base), base, cases[k].to, p + strlen(cases[k].from));
		cr_assert_eq(write_file(f, t, strlen(t)), 0);
		run_result r = run_pact(dir, "validate", f, NULL);
		cr_expect_eq(r.status, 1, "case %zu: %s%s", k, r.out, r.err);
		cr_expect(strstr(r.err, cases[k].says) != NULL, "case %zu: %s", k, r.err);
		run_result_free(&r);
		free(t);
		free(f);
	}
	/* what stays valid: CRLF line ends, a BOM, a bidi override in the
	 * text (warned about there) */
	char *crlf = calloc(2 * strlen(base) + 4, 1), *q = crlf;
	memcpy(q, "\xef\xbb\xbf", 3);
	q += 3;
	for (const char *s = base; *s; s++) {
		if (*s == '\n')
			*q++ = '\r';
		*q++ = *s;
	}
	char *f = strf("%s/crlf.yaml", dir);
	cr_assert_eq(write_file(f, crlf, strlen(crlf)), 0);
	run_result r = run_pact(dir, "validate", f, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
	free(crlf);
	free(base);
	free(src);
	rm_rf(dir);
	free(dir);
}

/* The labels of a diff are file names (from the command line, or from git
 * through the diff driver): a newline in one shows as \n, so the name
 * forges no line of the report. */
Test(hostile, diff_labels_are_one_line)
{
	char *dir = make_tempdir();
	run_result r =
	        run_sh(dir, "cp '" PACT_SRCDIR "/pacts/2023.yaml' \"$(printf 'a\\n== Forged')\" && "
	                    "cp '" PACT_SRCDIR "/pacts/2024.yaml' b.yaml");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_sh(dir,
	           PACT_BIN " --lang=en diff --color=never \"$(printf 'a\\n== Forged')\" b.yaml");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\n== Forged") == NULL, "a forged line: %s", r.out);
	cr_expect(strstr(r.out, "a\\n== Forged → b.yaml\n") != NULL, "%s", r.out);
	run_result_free(&r);
	/* git's external diff driver, with a path git was given */
	r = run_sh(dir, PACT_BIN " diff --git-driver \"$(printf 'pacts/x\\n+++ y.yaml')\" "
	                         "\"$(printf 'a\\n== Forged')\" 0 100644 b.yaml 0 100644");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\n+++ y.yaml") == NULL, "a forged line: %s", r.out);
	cr_expect(strstr(r.out, "pact diff a/pacts/x\\n+++ y.yaml b/pacts/x\\n+++ y.yaml\n") !=
	                  NULL,
	          "%s", r.out);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
}
