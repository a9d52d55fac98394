/*
 * test_safety.c - no text can drive the reader's terminal or change a
 * document's structure (issue 8): hostile pact text, commit messages,
 * authors, comments and file names, through every human-facing output,
 * and JSON that strict decoders accept whatever history holds.
 *
 * What is checked is what reaches the user: stdout and stderr of the real
 * CLI, or the report a renderer returns, scanned byte by byte for raw
 * controls (ESC, BEL, CR, C1 in UTF-8, a raw 0x9b, any byte that is not
 * UTF-8), and the visible escapes shown instead.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/pactdiff.h"
#include "pact/paper.h"
#include "pact/report.h"
#include "pact/utf8.h"
#include "render_fixture.h"
#include "review_fixture.h"

/* The offset of the first byte a terminal could act on, or -1. With
 * `sgr`, the colour codes pact writes itself (ESC [ digits;... m) pass. */
static long raw_control(const char *s, int sgr)
{
	size_t len = strlen(s), bad = 0;
	if (!pact_utf8_valid(s, len, &bad))
		return (long)bad;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0x1b && sgr && s[i + 1] == '[') {
			size_t k = i + 2;
			while (s[k] == ';' || (s[k] >= '0' && s[k] <= '9'))
				k++;
			if (s[k] == 'm') {
				i = k;
				continue;
			}
		}
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			return (long)i;
		if (c == 0xc2 && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9f)
			return (long)i;
		/* bidi overrides and isolates U+202A-U+202E, U+2066-U+2069 */
		if (c == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] >= 0xaa && (unsigned char)s[i + 2] <= 0xae)
			return (long)i;
		if (c == 0xe2 && (unsigned char)s[i + 1] == 0x81 &&
		    (unsigned char)s[i + 2] >= 0xa6 && (unsigned char)s[i + 2] <= 0xa9)
			return (long)i;
	}
	return -1;
}

#define expect_safe(s, sgr, what)                                                                  \
	do {                                                                                       \
		long at_ = raw_control((s), (sgr));                                                \
		cr_expect_eq(at_, -1, "%s: raw control at byte %ld: %s", (what), at_, (s));        \
	} while (0)

static void expect_run_safe(const run_result *r, const char *what)
{
	expect_safe(r->out, 0, what);
	expect_safe(r->err, 0, what);
}

/* ---- the diff renderers ---------------------------------------------- */

static void set(char **field, const char *s)
{
	free(*field);
	*field = strdup(s);
}

#define OSC8 "\033]8;;http://x\033\\click\033]8;;\033\\"

/* The sample pacts, with text a loader would refuse put in after loading:
 * history written by others, or a library user that skipped validation. */
static pact_diff *hostile_diff(pact_doc **a, pact_doc **b)
{
	pact_diff *d = NULL;
	*a = load_src("pacts/2023.yaml");
	*b = load_src("pacts/2024.yaml");
	set(&(*b)->members[0].name, "Sở Y tế\r\r# Đã được phê duyệt");
	set(&(*a)->members[0].name, "Sở cũ");
	set(&(*b)->clauses[0].commitments[0].text,
	    "Xem " OSC8 " ngay\033[2J, NEL\xc2\x85 CSI\xc2\x9b.");
	set(&(*b)->title, "Tiêu đề \xc2\x9b"
	                  "31m và \xe2\x80\xae"
	                  "đảo");
	set(&(*b)->clauses[1].title, "Điều\r\n## giả");
	cr_assert_eq(pact_diff_docs(&d, *a, *b, NULL), 0);
	return d;
}

static char *render(const pact_diff *d, pact_report_format f, int color)
{
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	char *out = NULL;
	o.format = f;
	o.color = color;
	o.lang = PACT_LANG_EN;
	cr_assert_eq(pact_report_render(&out, NULL, d, &o), 0);
	return out;
}

Test(safety, diff_reports_show_controls_never_send_them)
{
	pact_doc *a, *b;
	pact_diff *d = hostile_diff(&a, &b);
	static const char *names[] = {"text", "markdown", "json", "html"};

	for (int f = 0; f < 4; f++) {
		for (int color = 0; color < 2; color++) {
			char *out = render(d, (pact_report_format)f, color);
			expect_safe(out, color && f == PACT_REPORT_TEXT, names[f]);
			if (f != PACT_REPORT_JSON) {
				cr_expect(strstr(out, "\\e]8;;http://x\\e") != NULL ||
				                  strstr(out, "\\e\\]8;;http://x\\e") != NULL,
				          "%s: %s", names[f], out);
				cr_expect(strstr(out, "\\u0085") && strstr(out, "\\u009b"), "%s",
				          names[f]);
			}
			if (f == PACT_REPORT_TEXT) {
				cr_expect(strstr(out, "ngay\\e[2J") != NULL, "%s", out);
				cr_expect(strstr(out, "Tiêu đề \\u009b31m và \\u202eđảo") != NULL,
				          "%s", out);
			}
			free(out);
		}
	}
	/* Markdown: a bare CR in a member name does not start a heading */
	char *md = render(d, PACT_REPORT_MARKDOWN, 0);
	cr_expect(strstr(md, "\n# Đã") == NULL && strstr(md, "\r") == NULL, "%s", md);
	cr_expect(strstr(md, "Sở Y tế\\r\\r\\# Đã được phê duyệt") != NULL ||
	                  strstr(md, "Sở Y tế\\r\\r# Đã được phê duyệt") != NULL,
	          "%s", md);
	cr_expect(strstr(md, "\n## giả") == NULL, "%s", md);
	free(md);
	/* JSON keeps the text exactly, escaped */
	char *js = render(d, PACT_REPORT_JSON, 0);
	cr_expect(strstr(js, "\\u001b]8;;http://x\\u001b\\\\click") != NULL, "%s", js);
	cr_expect(strstr(js, "Sở Y tế\\r\\r# Đã được phê duyệt") != NULL, "%s", js);
	cr_expect(strstr(js, "Tiêu đề \\u009b31m và \\u202eđảo") != NULL, "%s", js);
	free(js);
	/* the printable pact (pact show --format=html|markdown) as well */
	for (int f = 0; f < 2; f++) {
		pact_paper_opts po = PACT_PAPER_OPTS_INIT;
		char *paper = NULL;
		po.format = f ? PACT_PAPER_HTML : PACT_PAPER_MARKDOWN;
		cr_assert_eq(pact_paper_render(&paper, NULL, b, &po), 0);
		expect_safe(paper, 0, f ? "paper html" : "paper markdown");
		cr_expect(strstr(paper, "\n# Đã") == NULL, "%s", paper);
		free(paper);
	}
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
}

/* ---- history written by others --------------------------------------- */

/* A store whose last commit was made with the git CLI in Latin-1, with
 * terminal sequences in its subject, body and author. */
static char *hostile_history(char **dir)
{
	char *store = fx_store(dir);
	run_result r;
	cr_assert_eq(fx_sh(&r, store,
	                   "printf '# x\\n' >> pacts/2024.yaml && git add pacts/2024.yaml && "
	                   "git -c i18n.commitEncoding=ISO-8859-1 commit -q "
	                   "-m \"$(printf 'caf\\351 \\377 \\033[2J\\033]8;;http://x\\033\\\\click"
	                   "\\033]8;;\\033\\\\\\302\\233')\" "
	                   "--author \"$(printf 'Ng\\351 \\033[31m <a@b.vn>')\""),
	             0, "%s", r.err);
	run_result_free(&r);
	return store;
}

Test(safety, log_shows_what_others_wrote_without_running_it)
{
	char *dir, *store = hostile_history(&dir);
	run_result r;

	cr_expect_eq(fx_sh(&r, store, "pact log -n 1"), 0, "%s", r.err);
	expect_run_safe(&r, "log");
	cr_expect(strstr(r.out, "Author: Ng\\xe9 \\e[31m <a@b.vn>\n") != NULL, "%s", r.out);
	cr_expect(
	        strstr(r.out,
	               "    caf\\xe9 \\xff \\e[2J\\e]8;;http://x\\e\\click\\e]8;;\\e\\\\u009b\n") !=
	                NULL,
	        "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact log --oneline -n 1"), 0, "%s", r.err);
	expect_run_safe(&r, "log --oneline");
	cr_expect(strstr(r.out, " caf\\xe9 \\xff \\e[2J") != NULL, "%s", r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(safety, log_json_is_valid_for_a_strict_decoder)
{
	char *dir, *store = hostile_history(&dir);
	run_result r;

	cr_expect_eq(
	        fx_sh(&r, store,
	              "pact log --format=json | python3 -c 'import json,sys; "
	              "d = json.loads(sys.stdin.buffer.read().decode(\"utf-8\", \"strict\")); "
	              "c = d[\"commits\"][0]; print(d[\"format\"]); print(ascii(c[\"subject\"])); "
	              "print(ascii(c[\"author\"][\"name\"]))'"),
	        0, "%s", r.err);
	cr_expect_str_eq(r.out, "pact-log/1\n"
	                        "'caf\\ufffd \\ufffd \\x1b[2J\\x1b]8;;http://x\\x1b\\\\click"
	                        "\\x1b]8;;\\x1b\\\\\\x9b'\n"
	                        "'Ng\\ufffd \\x1b[31m'\n");
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact log --format=json"), 0, "%s", r.err);
	expect_run_safe(&r, "log --format=json");
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* ---- what pact writes into history ----------------------------------- */

Test(safety, commit_refuses_what_is_not_utf8_and_shows_its_subject_safely)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_expect_eq(fx_sh(&r, store,
	                   "printf '# y\\n' >> pacts/2024.yaml && "
	                   "pact commit pacts/2024.yaml -m \"$(printf 'caf\\351')\""),
	             1);
	cr_expect(strstr(r.err, "pact: error: the commit message is not valid UTF-8 (byte 0xe9 at "
	                        "offset 3)") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "pact commit pacts/2024.yaml -m ok "
	                   "--author \"$(printf 'Ng\\351 <a@b.vn>')\""),
	             1);
	cr_expect(strstr(r.err, "the author's name is not valid UTF-8") != NULL, "%s", r.err);
	expect_run_safe(&r, "commit --author");
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "git log -1 --format=%%s -- pacts/2024.yaml"), 0);
	cr_expect(strstr(r.out, "caf") == NULL && strstr(r.out, "ok") == NULL,
	          "nothing was committed: %s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "pact commit pacts/2024.yaml -m \"$(printf 'S\\033[2Ja \\302\\205b')\""),
	             0, "%s", r.err);
	expect_run_safe(&r, "commit");
	cr_expect(strstr(r.out, "] S\\e[2Ja \\u0085b\n") != NULL, "%s", r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(safety, review_comments_and_status_show_controls_visibly)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store, "pact review open 2025 >/dev/null"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "pact review comment 2025 --author 'Lê Bảo <bao@bhxh.vn>' "
	                   "\"$(printf 'Xem \\033]8;;http://x\\033\\\\đây\\033]8;;\\033\\\\"
	                   "\\r\\033[2J\\302\\233')\""),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "pact review comment 2025 --author 'Lê Bảo <bao@bhxh.vn>' "
	                   "\"$(printf 'caf\\351')\""),
	             1);
	cr_expect(strstr(r.err, "the comment is not valid UTF-8") != NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review comments 2025"), 0, "%s", r.err);
	expect_run_safe(&r, "review comments");
	cr_expect(strstr(r.out, "    Xem \\e]8;;http://x\\e\\đây\\e]8;;\\e\\\\r\\e[2J\\u009b\n") !=
	                  NULL,
	          "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review comments 2025 --format=json"), 0, "%s", r.err);
	expect_run_safe(&r, "review comments --format=json");
	cr_expect(strstr(r.out, "\"format\": \"pact-review-comments/1\"") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "\\u001b]8;;http://x\\u001b\\\\đây") != NULL, "%s", r.out);
	run_result_free(&r);
	/* an approver's name comes from their git identity: one with a
	 * control is refused at write time (an old record that has one is
	 * shown escaped: tests/test_review_names.c) */
	cr_expect_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member bhxh-tinh "
	                   "--author \"$(printf 'L\\303\\252 \\033[2J <bao@bhxh.vn>')\""),
	             1, "%s", r.err);
	expect_run_safe(&r, "review approve");
	cr_expect(strstr(r.err, "the reviewer's name 'Lê \\e[2J' contains the control character "
	                        "U+001B") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review status 2025 --format=json"), 0, "%s", r.err);
	expect_run_safe(&r, "review status --format=json");
	cr_expect(strstr(r.out, "\"format\": \"pact-review-status/1\"") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "\"approved\": 0") != NULL, "%s", r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* ---- names echoed in messages, pact text in show and validate --------- */

Test(safety, file_names_in_messages_are_quoted)
{
	char *dir = make_tempdir();
	run_result r;

	r = run_sh(dir,
	           "pact=" PACT_BIN "; $pact validate \"$(printf 'a\\033[2J\\302\\205.yaml')\"");
	cr_expect_eq(r.status, 1);
	expect_run_safe(&r, "validate missing file");
	cr_expect(strstr(r.err, "'a\\e[2J\\u0085.yaml'") != NULL, "%s", r.err);
	run_result_free(&r);
	r = run_sh(dir, "pact=" PACT_BIN "; $pact show \"$(printf 'b\\033]8;;x\\033\\\\.yaml')\"");
	cr_expect_neq(r.status, 0);
	expect_run_safe(&r, "show missing file");
	cr_expect(strstr(r.err, "b\\e]8;;x\\e\\.yaml") != NULL, "%s", r.err);
	run_result_free(&r);
	/* a valid pact under a hostile name: the verdict quotes it as git does */
	r = run_sh(dir, "pact=" PACT_BIN "; f=\"$(printf 'c\\033[2J\"q.yaml')\"; "
	                "cp " PACT_SRCDIR "/pacts/2024.yaml \"$f\" && $pact validate \"$f\"");
	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_run_safe(&r, "validate hostile name");
	cr_expect_str_eq(r.out, "\"c\\e[2J\\\"q.yaml\": valid (6 clauses, 5 members)\n");
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
}

Test(safety, controls_in_a_pact_are_errors_and_diff_shows_none)
{
	run_result r =
	        run_pact(PACT_SRCDIR "/tests/data/invalid", "validate", "control.yaml", NULL);
	cr_expect_eq(r.status, 1);
	expect_run_safe(&r, "validate control.yaml");
	cr_expect(strstr(r.err, "control.yaml:23:21: error: control character U+001B in text") !=
	                  NULL,
	          "%s", r.err);
	cr_expect(strstr(r.err, "control.yaml:8:37: error: control character U+000D") != NULL, "%s",
	          r.err);
	run_result_free(&r);
	static const char *const formats[] = {"--format=text", "--format=markdown", "--format=html",
	                                      "--format=json"};
	for (size_t i = 0; i < 4; i++) {
		r = run_pact(PACT_SRCDIR, "diff", formats[i], "pacts/2024.yaml",
		             "tests/data/invalid/control.yaml", NULL);
		cr_expect_eq(r.status, 1, "%s: %s", formats[i], r.err);
		expect_run_safe(&r, formats[i]);
		run_result_free(&r);
	}
	r = run_pact(PACT_SRCDIR, "show", "--format=text", "tests/data/invalid/control.yaml", NULL);
	cr_expect_eq(r.status, 1);
	expect_run_safe(&r, "show control.yaml");
	run_result_free(&r);
	/* a bidi override is only a warning: show displays it as an escape */
	r = run_pact(PACT_SRCDIR, "show", "--format=text", "tests/data/warn/bidi.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_run_safe(&r, "show bidi.yaml");
	cr_expect(strstr(r.out, "\\u202e") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "show", "--format=json", "tests/data/warn/bidi.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_run_safe(&r, "show --format=json");
	cr_expect(strstr(r.out, "\"format\": \"pact-show/1\"") && strstr(r.out, "\\u202e"), "%s",
	          r.out);
	run_result_free(&r);
}
