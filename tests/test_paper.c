/*
 * test_paper.c - `pact show --format=html|markdown`: the pact laid out as
 * the paper the members sign (motto, bloc, place and date, title, clauses,
 * a signature cell per member), escaped, and readable by a CommonMark
 * parser.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/paper.h"
#include "render_fixture.h"

static char *paper(const char *yaml_rel, pact_paper_format f, pact_lang lang)
{
	pact_paper_opts o = PACT_PAPER_OPTS_INIT;
	o.format = f;
	o.lang = lang;
	return paper_src(yaml_rel, &o);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

Test(paper, html_is_laid_out_as_the_signed_paper)
{
	char *h = paper("pacts/2024.yaml", PACT_PAPER_HTML, PACT_LANG_VI);
	const char *motto = strstr(h, "<p class=\"nation\">Cộng hòa xã hội chủ nghĩa Việt Nam</p>"
	                              "<p class=\"motto\">Độc lập - Tự do - Hạnh phúc</p>");
	const char *title = strstr(h, "<h1>Bản giao ước thi đua năm 2024</h1>");
	const char *c1 = strstr(h, "<p class=\"cl\">Điều 1.</p>");
	const char *c6 = strstr(h, "<p class=\"cl\">Điều 6.</p>");
	const char *closing = strstr(h, "<p class=\"t\">Trên đây là Bản giao ước thi đua năm 2024");
	const char *sig = strstr(h, "<p class=\"for\">Đại diện các cơ quan thành viên</p>");
	cr_expect(
	        strstr(h,
	               "<p class=\"org\">Khối thi đua Các cơ quan lĩnh vực văn hóa, xã hội 2</p>") <
	                motto,
	        "%s", h);
	cr_expect(strstr(h, "<p class=\"date\">Bắc Giang, ngày 09 tháng 5 năm 2024</p>") != NULL,
	          "%s", h);
	cr_expect(motto && title && c1 && c6 && closing && sig, "%s", h);
	cr_expect(motto < title && title < c1 && c1 < c6 && c6 < closing && closing < sig,
	          "in order");
	/* one signature cell per member agency */
	cr_expect_eq(count(h, "<td><p class=\"sigorg\">"), 5);
	cr_expect(strstr(h, "<td><p class=\"sigorg\">Sở Lao động - Thương binh và Xã hội</p>"
	                    "<p class=\"hint\">(Ký, ghi rõ họ tên và đóng dấu)</p></td>") != NULL,
	          "%s", h);
	cr_expect_eq(count(h, "<p class=\"t\">- "), 25, "every commitment");
	cr_expect(strstr(h, "http") == NULL, "a standalone page loads nothing");
	cr_expect(strstr(h, "@page{size:A4") != NULL);
	cr_expect(strstr(h, "Restored from an OCR scan") == NULL, "source: is not on the paper");
	free(h);
}

Test(paper, english_words_around_the_vietnamese_text)
{
	char *h = paper("pacts/2024.yaml", PACT_PAPER_HTML, PACT_LANG_EN);
	cr_expect(strstr(h, "<html lang=\"en\">") != NULL);
	cr_expect(strstr(h, "Socialist Republic of Viet Nam") != NULL, "%s", h);
	cr_expect(strstr(h, "<p class=\"date\">Bắc Giang, 2024-05-09</p>") != NULL, "%s", h);
	cr_expect(strstr(h, "<p class=\"cl\">Clause 1.</p>") != NULL, "%s", h);
	cr_expect(strstr(h, "Tiếp tục quán triệt sâu sắc") != NULL, "the pact's text as written");
	free(h);
}

/* The paper through GitHub's parser: headings, the bloc in capitals, one
 * table cell per member. */
Test(paper, markdown_reads_as_commonmark, .timeout = 60)
{
	char *md = paper("pacts/2024.yaml", PACT_PAPER_MARKDOWN, PACT_LANG_VI);
	char *dir = make_tempdir(), *path = strf("%s/p.md", dir);
	cr_assert_eq(write_file(path, md, strlen(md)), 0);
	char *cmd = strf("cmark-gfm -e table '%s'", path);
	run_result r = run_sh(NULL, cmd);
	cr_assert_eq(r.status, 0, "cmark-gfm (apt-get install cmark-gfm; .ci/run does): %s", r.err);
	cr_expect(strstr(r.out, "<strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br />\n"
	                        "<strong>Độc lập - Tự do - Hạnh phúc</strong>") != NULL,
	          "%s", r.out);
	cr_expect(strstr(r.out,
	                 "<strong>KHỐI THI ĐUA CÁC CƠ QUAN LĨNH VỰC VĂN HÓA, XÃ HỘI 2</strong>") !=
	                  NULL,
	          "%s", r.out);
	cr_expect(strstr(r.out, "<em>Bắc Giang, ngày 09 tháng 5 năm 2024</em>") != NULL, "%s",
	          r.out);
	cr_expect(strstr(r.out, "<h1>BẢN GIAO ƯỚC THI ĐUA NĂM 2024</h1>") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "<p><strong>Điều 6.</strong></p>") != NULL, "%s", r.out);
	cr_expect_eq(count(r.out, "<th align=\"center\">"), 5, "%s", r.out);
	cr_expect(strstr(r.out, "**") == NULL, "%s", r.out);
	run_result_free(&r);
	free(cmd);
	free(path);
	rm_rf(dir);
	free(dir);
	free(md);
}

Test(paper, pact_text_is_escaped)
{
	char *dir = make_tempdir(), *path = strf("%s/2024.yaml", dir);
	char *y = strf("schema: pact/1\nyear: 2024\ntitle: \"T <b>\"\nbloc: \"B & C\"\n"
	               "province: \"P\"\nsigned:\n  place: \"X\"\n  date: 2024-01-02\n"
	               "members:\n  - id: m\n    name: \"M <i>\"\npreamble: \"p\"\n"
	               "clauses:\n  - id: a\n    number: 1\n    commitments:\n"
	               "      - \"<script>alert(1)</script> *x*\"\nclosing: \"c\"\n");
	pact_doc *d = NULL;
	pact_paper_opts o = PACT_PAPER_OPTS_INIT;
	char *h = NULL, *md = NULL;
	cr_assert_eq(write_file(path, y, strlen(y)), 0);
	cr_assert_eq(pact_doc_load_file(&d, NULL, path, NULL), 0);
	cr_assert_eq(pact_paper_render(&h, NULL, d, &o), 0);
	o.format = PACT_PAPER_MARKDOWN;
	cr_assert_eq(pact_paper_render(&md, NULL, d, &o), 0);
	cr_expect(strstr(h, "<script>") == NULL && strstr(h, "&lt;script&gt;") != NULL, "%s", h);
	cr_expect(strstr(h, "B &amp; C") != NULL && strstr(h, "M &lt;i&gt;") != NULL, "%s", h);
	cr_expect(strstr(md, "\\*x\\*") != NULL, "%s", md);
	cr_expect(strstr(md, "<script>") == NULL, "%s", md);
	pact_doc_free(d);
	free(h);
	free(md);
	free(y);
	free(path);
	rm_rf(dir);
	free(dir);
}

Test(paper, show_prints_it)
{
	run_result r = run_pact(PACT_SRCDIR, "show", "pacts/2024.yaml", "--format=html", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strncmp(r.out, "<!DOCTYPE html>", 15) == 0, "%s", r.out);
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "show", "pacts/2024.yaml", "--format=markdown", "--lang=en",
	             NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "**SOCIALIST REPUBLIC OF VIET NAM**") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "show", "pacts/2024.yaml", "--format=html", "--lang=fr", NULL);
	cr_expect_eq(r.status, 2, "%s", r.err);
	run_result_free(&r);
	/* the same choice as every command: PACT_LANG when --lang is not given */
	setenv("PACT_LANG", "en", 1);
	r = run_pact(PACT_SRCDIR, "show", "pacts/2024.yaml", "--format=html", NULL);
	cr_expect(strstr(r.out, "<p class=\"cl\">Clause 1.</p>") != NULL, "%s", r.out);
	run_result_free(&r);
	unsetenv("PACT_LANG");
}
