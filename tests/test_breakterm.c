/*
 * test_breakterm.c - hostile text against what a reader sees, found by
 * attacking every output with fresh eyes: each test puts text where a
 * hostile writer can (a pact field, a remote's address, history) and
 * checks the bytes the reader gets (the Markdown as cmark-gfm renders it,
 * the terminal output of the real CLI).
 */
#include <criterion/criterion.h>
#include <git2.h>
#include <git2/sys/alloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "pact/history.h"
#include "pact/paper.h"
#include "pact/pactdiff.h"
#include "pact/report.h"
#include "pact/sanitize.h"
#include "pact/store.h"
#include "render_fixture.h"

#include <utf8proc.h>

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

/* Two texts that look the same but are written differently (NFC "ệ"
 * against NFD "e" + U+0323 + U+0302): the diff counted "differing only in
 * Unicode normalisation: 2" and said "No changes", but listed the clause
 * among the unchanged ones and left the title out, so the reader could
 * not tell which text it was. Each report now shows the commitment and the
 * field, marked. */
Test(breakterm, a_text_differing_only_in_normalisation_is_named, .timeout = 60)
{
	static const pact_report_format formats[] = {PACT_REPORT_TEXT, PACT_REPORT_MARKDOWN,
	                                             PACT_REPORT_HTML};
	pact_doc *a = load_src("pacts/2024.yaml"), *b = load_src("pacts/2024.yaml");
	pact_diff *d = NULL;
	char *nfd =
	        (char *)utf8proc_NFD((const utf8proc_uint8_t *)b->clauses[1].commitments[0].text);
	char *title = (char *)utf8proc_NFD((const utf8proc_uint8_t *)b->title);

	cr_assert(nfd && strcmp(nfd, b->clauses[1].commitments[0].text) != 0);
	set(&b->clauses[1].commitments[0].text, nfd);
	set(&b->title, title);
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
	cr_assert_eq(d->summary.norm_only, 2);
	for (size_t f = 0; f < 3; f++) {
		pact_report_opts o = PACT_REPORT_OPTS_INIT;
		char *out = NULL;
		const char *c2, *mark;
		o.format = formats[f];
		o.lang = PACT_LANG_EN;
		cr_assert_eq(pact_report_render(&out, NULL, d, &o), 0);
		/* clause 2 has a heading of its own, and the commitment says why */
		c2 = strstr(out, formats[f] == PACT_REPORT_HTML
		                         ? "<tr class=\"clause\"><th>Clause 2"
		                 : formats[f] == PACT_REPORT_MARKDOWN ? "\n### Clause 2"
		                                                      : "\n== Clause 2");
		cr_expect_not_null(c2, "format %zu: %s", f, out);
		mark = c2 ? strstr(c2, "Differing only in Unicode normalisation") : NULL;
		cr_expect_not_null(mark, "format %zu: %s", f, out);
		if (c2 && mark && formats[f] != PACT_REPORT_HTML)
			cr_expect(strstr(c2, "Thi đua") < mark, "format %zu: %s", f, out);
		/* the title is listed among the general information, marked too */
		cr_expect(strstr(out, formats[f] == PACT_REPORT_HTML
		                              ? "<span class=\"no\">Title:</span> "
		                      : formats[f] == PACT_REPORT_MARKDOWN ? "- **Title**: "
		                                                           : "   Title: ") != NULL,
		          "format %zu: %s", f, out);
		cr_expect(strstr(out, "Unchanged: Clause 1, 2,") == NULL, "format %zu: %s", f, out);
		free(out);
	}
	free(nfd);
	free(title);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
}

/* A character that draws nothing but is no control or format character
 * (a Hangul filler, the grapheme joiner, the braille blank, a variation
 * selector) made the diff show "Renamed: Sở Y tế → Sở Y tế" and
 * "[-tập-] {+tập+}": a change between two texts that read the same, with
 * nothing to say why. The sanitiser shows them as escapes everywhere. */
Test(breakterm, a_change_to_a_blank_drawing_character_is_visible, .timeout = 60)
{
	static const struct {
		const char *utf8, *shown;
	} blanks[] = {{"\xe3\x85\xa4", "\\u3164"},
	              {"\xcd\x8f", "\\u034f"},
	              {"\xe2\xa0\x80", "\\u2800"},
	              {"\xef\xb8\x8f", "\\ufe0f"},
	              {"\xe1\x85\x9f", "\\u115f"}};
	for (size_t i = 0; i < sizeof(blanks) / sizeof(blanks[0]); i++) {
		pact_doc *a = load_src("pacts/2024.yaml"), *b = load_src("pacts/2024.yaml");
		pact_diff *d = NULL;
		pact_report_opts o = PACT_REPORT_OPTS_INIT;
		char *out = NULL, *name, *want;
		size_t k;

		for (k = 0; k < b->nmembers && strcmp(b->members[k].name, "Sở Y tế"); k++)
			;
		cr_assert_lt(k, b->nmembers);
		name = strf("Sở Y tế%s", blanks[i].utf8);
		set(&b->members[k].name, name);
		cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
		o.lang = PACT_LANG_EN;
		cr_assert_eq(pact_report_render(&out, NULL, d, &o), 0);
		want = strf("Sở Y tế → Sở Y tế%s (so-y-te)", blanks[i].shown);
		cr_expect(strstr(out, want) != NULL, "%s: %s", blanks[i].shown, out);
		cr_expect(strstr(out, blanks[i].utf8) == NULL, "%s: %s", blanks[i].shown, out);
		free(want);
		free(out);
		/* the JSON keeps the name, escaped the same way */
		o.format = PACT_REPORT_JSON;
		cr_assert_eq(pact_report_render(&out, NULL, d, &o), 0);
		want = strf("\"Sở Y tế%s\"", blanks[i].shown);
		cr_expect(strstr(out, want) != NULL, "%s: %s", blanks[i].shown, out);
		free(want);
		free(out);
		free(name);
		pact_diff_free(d);
		pact_doc_free(a);
		pact_doc_free(b);
	}
}

/* libgit2's allocator (malloc and free, as its own), noting the largest
 * request: reading a blob is one allocation of its size. */
static size_t largest;

static void *note(size_t n)
{
	largest = n > largest ? n : largest;
	return malloc(n ? n : 1);
}

static void *big_malloc(size_t n, const char *file, int line)
{
	(void)file, (void)line;
	return note(n);
}

static void *big_calloc(size_t k, size_t n, const char *file, int line)
{
	void *p;
	(void)file, (void)line;
	if (n && k > SIZE_MAX / n)
		return NULL;
	if ((p = note(k * n)) != NULL)
		memset(p, 0, k * n);
	return p;
}

static char *big_substrdup(const char *s, size_t n, const char *file, int line)
{
	char *p;
	(void)file, (void)line;
	if ((p = note(n + 1)) != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static char *big_strdup(const char *s, const char *file, int line)
{
	return big_substrdup(s, strlen(s), file, line);
}

static char *big_strndup(const char *s, size_t n, const char *file, int line)
{
	return big_substrdup(s, strnlen(s, n), file, line);
}

static void *big_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file, (void)line;
	largest = n > largest ? n : largest;
	return realloc(p, n ? n : 1);
}

static void *big_reallocarray(void *p, size_t k, size_t n, const char *file, int line)
{
	return n && k > SIZE_MAX / n ? NULL : big_realloc(p, k * n, file, line);
}

static void *big_mallocarray(size_t k, size_t n, const char *file, int line)
{
	return n && k > SIZE_MAX / n ? NULL : big_malloc(k * n, file, line);
}

static void big_free(void *p)
{
	free(p);
}

/* A blob larger than the document limit (16 MB) in history, committed with
 * git: one byte repeated compresses a thousandfold, so a 2 GB pact is 2 MB
 * to push. `pact show`, `diff` and `log` inflated the whole blob and only
 * then compared its size with the limit (200 MB of memory for a 200 MB
 * blob). Its size now comes from the object's header: the largest memory
 * libgit2 is asked for stays far below the blob's size. */
Test(breakterm, a_blob_over_the_limit_is_never_inflated, .timeout = 120)
{
	char *dir = make_tempdir(), *big = strf("%s/pacts/2024.yaml", dir), *pact = NULL;
	const size_t size = 24u << 20;
	git_allocator meter;
	pact_store *store = NULL;
	pact_log *log = NULL;
	pact_log_opts lo = PACT_LOG_OPTS_INIT;
	size_t len = 0;
	FILE *f;
	run_result r = run_pact(dir, "init", NULL);

	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	f = fopen(big, "w");
	cr_assert_not_null(f);
	fputs("schema: pact/1\nyear: 2024\n# ", f);
	for (size_t i = 0; i < size; i++)
		fputc('a', f);
	fputs("\n", f);
	cr_assert_eq(fclose(f), 0);
	r = run_sh(dir, "git add pacts/2024.yaml && git -c user.name=X -c user.email=x@x "
	                "commit -qm big");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	git_libgit2_init();
	meter = (git_allocator){big_malloc,       big_calloc,      big_strdup,
	                        big_strndup,      big_substrdup,   big_realloc,
	                        big_reallocarray, big_mallocarray, big_free};
	cr_assert_eq(git_libgit2_opts(GIT_OPT_SET_ALLOCATOR, &meter), 0);
	largest = 0;

	cr_assert_eq(pact_store_open(&store, dir), 0, "%s", pact_error_last()->message);
	cr_expect_eq(pact_store_read_year(&pact, &len, store, 2024, NULL), PACT_ELIMIT);
	cr_expect(strstr(pact_error_last()->message, "is larger than 16777216 bytes") != NULL, "%s",
	          pact_error_last()->message);
	cr_expect_null(pact);
	cr_expect_eq(pact_history_log(&log, store, &lo), 0, "%s", pact_error_last()->message);
	cr_expect(log && log->count >= 1, "the big commit is listed");
	cr_expect_lt(largest, size / 4, "libgit2 was asked for %zu bytes at once", largest);
	pact_log_free(log);
	pact_store_free(store);
	git_libgit2_opts(GIT_OPT_SET_ALLOCATOR, NULL); /* libgit2's own again */
	git_libgit2_shutdown();
	rm_rf(dir);
	free(big);
	free(dir);
}

/* A raw control character (an ESC no editor shows) is refused by libyaml's
 * reader, which reads ahead of the parser and gives no line: validate said
 * "x.yaml:1:1", wherever the character was, and the pre-receive hook of
 * the hub said the same of a pushed pact. The reader's byte offset gives
 * the place. */
Test(breakterm, a_raw_control_character_is_located, .timeout = 60)
{
	static const struct {
		const char *yaml, *where;
	} cases[] = {
	        {"schema: pact/1\nyear: 2024\ntitle: \"ab\033c\"\n", "x.yaml:3:11: error: "},
	        {"schema: pact/1\nyear: 2024\n# ghi ch\xc3\xba \x07\ntitle: x\n",
	         "x.yaml:3:11: error: "},
	        {"\xef\xbb\xbfschema: pact/1\r\nyear: 2024\r\ntitle: \"\xe1\xbb\x87\x7f\"\r\n",
	         "x.yaml:3:10: error: "},
	};
	char *dir = make_tempdir(), *path = strf("%s/x.yaml", dir);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(write_file(path, cases[i].yaml, strlen(cases[i].yaml)), 0);
		run_result r = run_pact(dir, "--lang=en", "validate", "x.yaml", NULL);
		cr_expect_eq(r.status, 1, "%s", r.err);
		cr_expect(strstr(r.err, cases[i].where) != NULL, "case %zu: %s", i, r.err);
		run_result_free(&r);
	}
	rm_rf(dir);
	free(path);
	free(dir);
}

/* `pact show` prints a pact's YAML as stored, and a valid pact may hold a
 * bidi override (RLO U+202E reverses what follows on screen) or a
 * zero-width space in its text: validate only warns. On a terminal they
 * reached it raw. The terminal filter (pager.c) now passes every line
 * through the sanitiser, pact's colours kept; into a file the bytes stay
 * as stored. */
Test(breakterm, show_sends_no_bidi_override_to_a_terminal, .timeout = 60)
{
	char *dir = make_tempdir(), *src = src_path("pacts/2024.yaml"), *yaml, *p, *t;
	char *path = strf("%s/pacts/2024.yaml", dir), *script = strf("%s/typescript", dir);
	const char *from = "\"Thi đua tập trung";
	run_result r = run_pact(dir, "init", NULL);
	size_t len = 0;

	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	yaml = read_file(src, &len);
	cr_assert_not_null(yaml);
	p = strstr(yaml, from);
	cr_assert_not_null(p);
	t = strf("%.*s\"Thi đua \xe2\x80\xae"
	         "gnurt \xe2\x80\x8b%s",
	         (int)(p - yaml), yaml, p + strlen("\"Thi đua "));
	cr_assert_eq(write_file(path, t, strlen(t)), 0);
	r = run_sh(dir, "git add pacts/2024.yaml && git -c user.name=X -c user.email=x@x "
	                "commit -qm rlo");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	char *cmd =
	        strf("PACT_PAGER=cat script -qec '%s show 2024' '%s' </dev/null", PACT_BIN, script);
	r = run_sh(dir, cmd);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\xe2\x80\xae") == NULL && strstr(r.out, "\xe2\x80\x8b") == NULL,
	          "raw on the terminal: %s", r.out);
	cr_expect(strstr(r.out, "\"Thi đua \\u202egnurt \\u200btập trung") != NULL, "%s", r.out);
	run_result_free(&r);
	/* not a terminal: the YAML as stored, byte for byte */
	r = run_pact(dir, "show", "2024", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, t);
	run_result_free(&r);
	rm_rf(dir);
	free(cmd);
	free(t);
	free(yaml);
	free(src);
	free(path);
	free(script);
	free(dir);
}
