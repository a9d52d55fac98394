/*
 * test_officer_papers.c - what an officer working in one language sees, and
 * what the printed papers look like, found by trying pact as a user would
 * (issue 11): the store pact init makes, the lines review open prints,
 * import's refusal of a file it cannot read, the Markdown summary, and the
 * print layout of the signed paper and of the comparison table.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/paper.h"
#include "pact/pactdiff.h"
#include "pact/report.h"
#include "render_fixture.h"

/* A store made by `pact --lang=LANG init s` in a fresh directory: the
 * subject of its first commit, and its README. */
static void init_in(const char *lang, char **subject, char **readme)
{
	char *dir = make_tempdir(), *flag = strf("--lang=%s", lang), *path;
	run_result r = run_pact(dir, flag, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	path = strf("%s/s", dir);
	r = run_sh(path, "git log --format=%s");
	cr_assert_eq(r.status, 0, "%s", r.err);
	*subject = r.out;
	free(r.err);
	free(path);
	path = strf("%s/s/README.md", dir);
	*readme = read_file(path, NULL);
	cr_assert(*readme != NULL);
	free(path);
	free(flag);
	rm_rf(dir);
	free(dir);
}

/* The commit and the README pact init writes are in the officer's language,
 * like every other commit message pact writes. */
Test(officer, init_writes_the_store_in_the_chosen_language, .timeout = 60)
{
	char *subject, *readme;
	init_in("vi", &subject, &readme);
	cr_expect_str_eq(subject, "Tạo kho giao ước\n");
	cr_expect(strstr(readme, "# Kho giao ước thi đua\n") == readme, "%s", readme);
	cr_expect(strstr(readme, "pacts/<năm>.yaml") != NULL, "%s", readme);
	cr_expect(strstr(readme, "This repository") == NULL, "%s", readme);
	free(subject);
	free(readme);
	init_in("en", &subject, &readme);
	cr_expect_str_eq(subject, "Create the pact store\n");
	cr_expect(strstr(readme, "# Pact store\n") == readme, "%s", readme);
	free(subject);
	free(readme);
}

static run_result open_2025(const char *lang)
{
	char *dir = make_tempdir(), *flag = strf("--lang=%s", lang);
	char *y = src_path("pacts/2024.yaml"), *store = strf("%s/s", dir);
	run_result r = run_pact(dir, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "commit", y, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, flag, "review", "open", "2025", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	free(store);
	free(y);
	free(flag);
	rm_rf(dir);
	free(dir);
	return r;
}

/* "rolled 2024 over to 2025 in: title closing preamble" read as one odd
 * phrase: the parts are a list. */
Test(officer, review_open_lists_what_it_rolled_over, .timeout = 60)
{
	run_result r = open_2025("en");
	cr_expect(strstr(r.out, "\nrolled 2024 over to 2025 in: title, closing, preamble\n") !=
	                  NULL,
	          "%s", r.out);
	run_result_free(&r);
	r = open_2025("vi");
	cr_expect(
	        strstr(r.out, "\nđã đổi 2024 thành 2025 trong: tiêu đề, phần kết, phần mở đầu\n") !=
	                NULL,
	        "%s", r.out);
	run_result_free(&r);
}

/* A file import cannot read is refused in the officer's language, the
 * list of what it can read included. */
Test(officer, import_names_what_it_reads_in_the_chosen_language, .timeout = 60)
{
	char *dir = make_tempdir(), *path = strf("%s/giao-uoc.bin", dir);
	cr_assert_eq(write_file(path, "garbage\0\1", 9), 0);
	run_result r = run_pact(dir, "--lang=vi", "import", "giao-uoc.bin", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "pact: lỗi: 'giao-uoc.bin' không phải là văn bản") == r.err, "%s",
	          r.err);
	cr_expect(strstr(r.err, "Word .docx, OpenDocument .odt, PDF (") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "ảnh quét") != NULL && strstr(r.err, "văn bản thuần") != NULL, "%s",
	          r.err);
	cr_expect(strstr(r.err, "scanned") == NULL && strstr(r.err, "plain text") == NULL &&
	                  strstr(r.err, "text layer") == NULL,
	          "no English in Vietnamese: %s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "--lang=en", "import", "giao-uoc.bin", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "scanned image (PNG, JPEG, TIFF; OCR), plain text (") != NULL, "%s",
	          r.err);
	run_result_free(&r);
	free(path);
	rm_rf(dir);
	free(dir);
}

static char *markdown(const char *old_rel, const char *new_rel, pact_lang lang)
{
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	o.format = PACT_REPORT_MARKDOWN;
	o.lang = lang;
	return render_src(old_rel, new_rel, NULL, NULL, &o);
}

/* The Markdown summary, as the text one, leaves out what did not happen:
 * no "Merged: 0" line for a pair of years without a merge. */
Test(officer, markdown_summary_skips_zero_counts)
{
	char *en = markdown("pacts/2023.yaml", "pacts/2024.yaml", PACT_LANG_EN);
	char *vi = markdown("pacts/2023.yaml", "pacts/2024.yaml", PACT_LANG_VI);
	cr_expect(strstr(en, "Merged") == NULL, "%s", en);
	cr_expect(strstr(en, "\n- Renumbered 1, moved across clauses 1\n") != NULL, "%s", en);
	cr_expect(strstr(vi, "Gộp") == NULL, "%s", vi);
	cr_expect(strstr(vi, "\n- Đánh số lại 1, chuyển sang điều khác 1\n") != NULL, "%s", vi);
	free(en);
	free(vi);
	/* the same pact twice: nothing moved, no line at all */
	en = markdown("pacts/2024.yaml", "pacts/2024.yaml", PACT_LANG_EN);
	cr_expect(strstr(en, "Renumbered") == NULL && strstr(en, "moved across") == NULL, "%s", en);
	free(en);
}

/* Printed, the closing, the "for the member agencies" heading and the
 * signature cells stay on one page: the heading was left alone at the foot
 * of page 3 of the 2024 pact and the signatures went to page 4 (seen in
 * Chromium's print to PDF). */
Test(officer, paper_keeps_the_signature_block_with_the_closing)
{
	pact_paper_opts o = PACT_PAPER_OPTS_INIT;
	o.format = PACT_PAPER_HTML;
	o.lang = PACT_LANG_VI;
	char *h = paper_src("pacts/2024.yaml", &o);
	const char *block =
	        strstr(h, "<div class=\"sign\">\n<p class=\"t\">Trên đây là Bản giao ước");
	cr_expect(block != NULL, "%s", h);
	const char *heading = strstr(h, "<p class=\"for\">Đại diện các cơ quan thành viên</p>");
	const char *table = strstr(h, "<table class=\"sig\">");
	const char *end = block ? strstr(block, "</div>") : NULL;
	cr_expect(block && heading && table && end && block < heading && heading < table &&
	                  table < end && strstr(table, "</table>") < end,
	          "one block: %s", h);
	cr_expect(strstr(h, "div.sign{break-inside:avoid}") != NULL, "%s", h);
	free(h);
}

/* Printed, a table as wide as the page lost its right-hand border: with
 * collapsed borders half of it lies outside the table, and Chromium clips
 * what goes past the page margin. The printed body keeps room for it. */
Test(officer, printed_table_keeps_its_right_border)
{
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	o.format = PACT_REPORT_HTML;
	char *h = render_src("pacts/2023.yaml", "pacts/2024.yaml", NULL, NULL, &o);
	cr_expect(strstr(h, "table{border-collapse:collapse;width:100%}") != NULL, "%s", h);
	cr_expect(strstr(h, "@media print{body{margin:0;max-width:none;padding:0 1px}}") != NULL,
	          "%s", h);
	free(h);
}

/* Printed, the pages of the paper are numbered as Nghị định 30/2020/NĐ-CP
 * wants: at the top centre, from the second page on. */
Test(officer, paper_numbers_its_pages_from_the_second)
{
	pact_paper_opts o = PACT_PAPER_OPTS_INIT;
	o.format = PACT_PAPER_HTML;
	char *h = paper_src("pacts/2024.yaml", &o);
	cr_expect(strstr(h, "@top-center{content:counter(page);") != NULL, "%s", h);
	cr_expect(strstr(h, "@page:first{@top-center{content:none}}") != NULL, "%s", h);
	free(h);
}

/* The help's words, wrapped as the terminal is: every run of spaces and
 * line breaks as one space. */
static char *squeeze(const char *s)
{
	char *out = strf("%s", s), *w = out;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\n') {
			if (w > out && w[-1] == ' ')
				continue;
			*w++ = ' ';
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return out;
}

/* The Vietnamese help of commit and import promised English default
 * messages ("Add pact 2024", 'Import pact NĂM from TỆP') that pact never
 * writes under --lang=vi: it writes "Thêm giao ước năm 2024". */
Test(officer, help_names_the_default_message_pact_writes, .timeout = 60)
{
	char *dir = make_tempdir(), *store = strf("%s/s", dir), *y = src_path("pacts/2024.yaml");
	run_result r = run_pact(dir, "--lang=vi", "help", "commit", NULL);
	char *h = squeeze(r.out);
	cr_expect(strstr(h, "(mặc định: \"Thêm giao ước năm 2024\" hoặc \"Cập nhật giao ước năm "
	                    "2024\")") != NULL,
	          "%s", r.out);
	cr_expect(strstr(h, "Add pact") == NULL, "%s", r.out);
	free(h);
	run_result_free(&r);
	r = run_pact(dir, "--lang=vi", "help", "import", NULL);
	h = squeeze(r.out);
	cr_expect(strstr(h, "(mặc định: 'Nhập giao ước năm NĂM từ TỆP')") != NULL, "%s", r.out);
	cr_expect(strstr(h, "Import pact") == NULL, "%s", r.out);
	free(h);
	run_result_free(&r);
	/* and that is what it writes */
	r = run_pact(dir, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "--lang=vi", "commit", y, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_sh(store, "git log -1 --format=%s");
	cr_expect_str_eq(r.out, "Thêm giao ước năm 2024\n");
	run_result_free(&r);
	free(y);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* `make` then `make install PREFIX=P`: the installed man pages pointed at
 * /usr/local/share/doc/pact, where nothing was installed, instead of
 * P/share/doc/pact, where the docs went. In a build directory of its own:
 * `make install PREFIX=P` relinks pact with P's paths, and relinking the
 * binary the other tests are running made them fail at random. */
Test(officer, installed_man_pages_point_at_the_installed_docs, .timeout = 300)
{
	char *dir = make_tempdir(), *src = src_path(""), *build = strf("%s/build", dir);
	/* a whole build from scratch: over run_sh's 60 s on a loaded machine,
	 * where it was killed half-way (the test's own limit is 300 s) */
	char *cmd = strf("make -s -j2 --no-print-directory -C '%s' BUILD='%s' >/dev/null && "
	                 "make -s --no-print-directory -C '%s' BUILD='%s' install PREFIX='%s/p' "
	                 ">/dev/null",
	                 src, build, src, build, dir);
	run_result r = run_sh_limit(NULL, cmd, 280);
	cr_assert_eq(r.status, 0, "status %d (137: killed): %s", r.status, r.err);
	run_result_free(&r);
	char *docs = strf("%s/p/share/doc/pact", dir), *schema = strf("%s/schema.md", docs);
	char *page = strf("%s/p/share/man/man1/pact-diff.1", dir);
	char *vi = strf("%s/p/share/man/vi/man1/pact-diff.1", dir);
	char *en_text = read_file(page, NULL), *vi_text = read_file(vi, NULL),
	     *md = read_file(schema, NULL);
	cr_assert(en_text && vi_text && md, "installed: %s %s %s", page, vi, schema);
	/* as roff writes it: every '-' as '\\-' */
	char *roff = calloc(2 * strlen(docs) + 1, 1), *w = roff;
	for (const char *c = docs; *c; c++) {
		if (*c == '-')
			*w++ = '\\';
		*w++ = *c;
	}
	cr_expect(strstr(en_text, roff) != NULL, "%s names %s: %s", page, roff, en_text);
	cr_expect(strstr(vi_text, roff) != NULL, "%s names %s", vi, roff);
	free(roff);
	cr_expect(strstr(en_text, "/usr/local/share/doc/pact") == NULL, "%s", en_text);
	free(en_text);
	free(vi_text);
	free(md);
	free(vi);
	free(page);
	free(schema);
	free(docs);
	free(cmd);
	free(build);
	free(src);
	rm_rf(dir);
	free(dir);
}

/* In colour on a narrow terminal, a dropped clause's commitments (red from
 * the start of the line, before the indentation) continued at column 0
 * instead of under their text, as the uncoloured lines do. */
Test(officer, coloured_lines_keep_their_hanging_indent_when_wrapped, .timeout = 60)
{
	char *a = src_path("pacts/2023.yaml"), *b = src_path("pacts/2024.yaml");
	char *cmd = strf("script -qec \"COLUMNS=50 %s --no-pager --lang=vi diff --color=always "
	                 "'%s' '%s'\" /dev/null | tr -d '\\r'",
	                 PACT_BIN, a, b);
	run_result r = run_sh(NULL, cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	/* the first commitment of the dropped clause 5 and its continuation */
	const char *c =
	        strstr(r.out, "\033[31m   - 1. Thi đua thực hiện hiệu quả Chương trình\033[m\n");
	cr_assert(c != NULL, "%s", r.out);
	c = strchr(c, '\n') + 1;
	cr_expect(strncmp(c, "        \033[31mphục hồi", strlen("        \033[31mphục hồi")) == 0,
	          "under the text, in red: %.80s", c);
	/* a commitment moved away ("→ 3.") continues under its text too */
	cr_expect(strstr(r.out, "\n        \033[36mcông nghệ; thúc đẩy phong trào") != NULL, "%s",
	          r.out);
	/* no line of text starts at column 0 inside a clause */
	cr_expect(strstr(r.out, "\n\033[31mphục hồi") == NULL, "%s", r.out);
	run_result_free(&r);
	free(cmd);
	free(b);
	free(a);
}

/* English plurals: a bloc of one member read "approvals: 0 of 1 members". */
Test(officer, review_status_counts_one_member_in_the_singular, .timeout = 60)
{
	char *dir = make_tempdir(), *store = strf("%s/s", dir), *y = strf("%s/2030.yaml", dir);
	const char *pact = "schema: pact/1\nyear: 2030\ntitle: Bản giao ước thi đua năm 2030\n"
	                   "bloc: Khối thi đua X\nprovince: Bắc Giang\n"
	                   "signed: {place: Bắc Giang, date: 2030-05-09}\n"
	                   "members:\n  - {id: so-y-te, name: Sở Y tế}\npreamble: Mở đầu.\n"
	                   "clauses:\n  - id: a\n    number: 1\n    commitments:\n"
	                   "      - Một cam kết.\nclosing: Hết.\n";
	cr_assert_eq(write_file(y, pact, strlen(pact)), 0);
	run_result r = run_pact(dir, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "commit", y, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "review", "open", "2031", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "--lang=en", "review", "status", "2031", NULL);
	cr_expect(strstr(r.out, "\napprovals: 0 of 1 member\n") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "not ready: 1 member still to approve this text\n") != NULL, "%s",
	          r.out);
	run_result_free(&r);
	r = run_pact(store, "--lang=vi", "review", "status", "2031", NULL);
	cr_expect(strstr(r.out, "\nphê duyệt: 0 trên 1 thành viên\n") != NULL, "%s", r.out);
	run_result_free(&r);
	free(y);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* The Markdown table says when it was made, as the printed HTML one does
 * (SOURCE_DATE_EPOCH or the caller's date fixes it). */
Test(officer, markdown_says_when_it_was_made)
{
	pact_doc *a = load_src("pacts/2023.yaml"), *b = load_src("pacts/2024.yaml");
	pact_diff *d = NULL;
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	char *vi = NULL, *en = NULL;
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
	o.format = PACT_REPORT_MARKDOWN;
	o.made.year = 2026;
	o.made.month = 11;
	o.made.day = 29;
	o.lang = PACT_LANG_VI;
	cr_assert_eq(pact_report_render(&vi, NULL, d, &o), 0);
	o.lang = PACT_LANG_EN;
	cr_assert_eq(pact_report_render(&en, NULL, d, &o), 0);
	cr_expect(strstr(vi, "ngày 09 tháng 5 năm 2024.\n\n*Lập ngày 29 tháng 11 năm 2026*\n") !=
	                  NULL,
	          "%s", vi);
	cr_expect(strstr(en, "\n\n*Report made on 2026-11-29*\n") != NULL, "%s", en);
	free(vi);
	free(en);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
}

/* A mistyped global option is named without its value and gets the
 * nearest one suggested, as a command's options do ("--lnag=vi" was
 * "unknown option '--lnag=vi'", no suggestion). */
Test(officer, a_mistyped_global_option_suggests_the_nearest)
{
	run_result r = run_pact(NULL, "--lang=en", "--lnag=vi", "show", "2024", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strncmp(r.err,
	                  "pact: error: unknown option '--lnag'; did you mean '--lang'?\n"
	                  "usage: pact [-C DIR]",
	                  strlen("pact: error: unknown option '--lnag'; did you mean '--lang'?\n"
	                         "usage: pact [-C DIR]")) == 0,
	          "%s", r.err);
	run_result_free(&r);
	r = run_pact(NULL, "--lang=vi", "--no-pagr", "log", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "pact: lỗi: không có tùy chọn '--no-pagr'; có phải ý bạn là "
	                        "'--no-pager'?\n") == r.err,
	          "%s", r.err);
	run_result_free(&r);
	/* the global usage line in the same language as the error above it */
	r = run_pact(NULL, "--lang=vi", "--no-pagr", "log", NULL);
	cr_expect(strstr(r.err, "cách dùng: pact [-C THƯ-MỤC] ") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "LỆNH [THAM-SỐ]") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "COMMAND") == NULL && strstr(r.err, "[-C DIR]") == NULL, "%s",
	          r.err);
	run_result_free(&r);
	r = run_pact(NULL, "--lang=vi", "help", NULL);
	cr_expect(strstr(r.out, "cách dùng: pact [-C THƯ-MỤC] ") == r.out, "%s", r.out);
	run_result_free(&r);
	r = run_pact(NULL, "--lang=en", "--frobnicate", "log", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "pact: error: unknown option '--frobnicate'\n") == r.err, "%s",
	          r.err);
	run_result_free(&r);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

Test(officer, show_help_lists_lang_once)
{
	run_result r = run_pact(NULL, "--lang=en", "show", "--help", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(count(r.out, "--lang"), 1, "%s", r.out);
	cr_expect(strstr(r.out, "Options of every command:\n  --lang=vi|en ") != NULL, "%s", r.out);
	run_result_free(&r);
	/* the global --lang after the command still picks the paper's words */
	r = run_pact(PACT_SRCDIR, "show", "pacts/2024.yaml", "--format=markdown", "--lang=en",
	             NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "**SOCIALIST REPUBLIC OF VIET NAM**") != NULL, "%s", r.out);
	run_result_free(&r);
}

Test(officer, help_of_a_mistyped_review_command_suggests_the_nearest)
{
	run_result r = run_pact(NULL, "--lang=en", "help", "review", "aprove", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "pact: error: 'aprove' is not a review command; did you mean "
	                        "'approve'?\nusage: pact help") == r.err,
	          "%s", r.err);
	run_result_free(&r);
}

Test(officer, hooks_show_of_an_unknown_hook_prints_the_usage)
{
	run_result r = run_pact(NULL, "--lang=en", "hooks", "show", "bogus", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "pact: error: which hook? pre-commit or pre-receive\n"
	                        "usage: pact hooks") == r.err,
	          "%s", r.err);
	run_result_free(&r);
}

/* The usage lines name their metavariables as the Vietnamese text does:
 * "pact diff cần cả CŨ và MỚI" above "cách dùng: pact diff [CŨ MỚI]". */
Test(officer, usage_lines_are_in_the_chosen_language)
{
	run_result r = run_pact(NULL, "--lang=vi", "diff", "a", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "cần cả CŨ và MỚI") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "\ncách dùng: pact diff [CŨ MỚI] ") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "[-o TỆP]\n") != NULL, "%s", r.err);
	run_result_free(&r);
	r = run_pact(NULL, "--lang=vi", "help", "init", NULL);
	cr_expect(strstr(r.out, "cách dùng: pact init [--bare] [THƯ-MỤC]\n") == r.out, "%s", r.out);
	run_result_free(&r);
	/* the option column counts letters, not bytes: the help starts level */
	r = run_pact(NULL, "--lang=vi", "help", "diff", NULL);
	cr_expect(strstr(r.out, "\n  -o, --output=TỆP       ghi báo cáo vào TỆP") != NULL, "%s",
	          r.out);
	run_result_free(&r);
	r = run_pact(NULL, "--lang=en", "help", "diff", NULL);
	cr_expect(strstr(r.out, "usage: pact diff [OLD NEW] ") == r.out, "%s", r.out);
	cr_expect(strstr(r.out, "\n  -o, --output=FILE      ") != NULL, "%s", r.out);
	run_result_free(&r);
}
