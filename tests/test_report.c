/*
 * test_report.c - the four renderers read the edit script: labels in both
 * languages, HTML escaping, the JSON contract's keys, --stat.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/pactdiff.h"
#include "pact/report.h"
#include "render_fixture.h"

static char *render(pact_report_format f, pact_lang lang, int stat)
{
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	o.format = f;
	o.lang = lang;
	o.stat_only = stat;
	return render_src("pacts/2023.yaml", "pacts/2024.yaml", NULL, NULL, &o);
}

Test(report, labels_follow_the_language_in_every_format)
{
	for (int f = 0; f < 4; f++) {
		char *vi = render((pact_report_format)f, PACT_LANG_VI, 0);
		char *en = render((pact_report_format)f, PACT_LANG_EN, 0);
		if (f != PACT_REPORT_JSON) {
			cr_expect(strstr(vi, "Sửa đổi") && strstr(vi, "Bổ sung") &&
			                  strstr(vi, "Lược bỏ"),
			          "format %d", f);
			cr_expect(!strstr(vi, "Modified"), "format %d", f);
			cr_expect(strstr(en, "Modified") && strstr(en, "Added") &&
			                  strstr(en, "Removed"),
			          "format %d", f);
			cr_expect(!strstr(en, "Sửa đổi"), "format %d", f);
		}
		free(vi);
		free(en);
	}
}

Test(report, text_marks_words_without_colour)
{
	char *t = render(PACT_REPORT_TEXT, PACT_LANG_EN, 0);
	cr_expect(strstr(t, "tiếp tục {+tăng cường+} thực hiện") != NULL);
	/* a deletion and the insertion replacing it are two phrases */
	cr_expect(strstr(t, "[-Khôi phục và mở rộng-] {+Tập trung triển khai+}") != NULL, "%s", t);
	cr_expect(strstr(t, "\033[") == NULL);
	free(t);
}

Test(report, stat_is_only_the_summary)
{
	char *t = render(PACT_REPORT_TEXT, PACT_LANG_EN, 1);
	cr_expect(strstr(t, "Summary:") != NULL);
	cr_expect(strstr(t, "Differing only in Unicode normalisation or tone-mark placement: 1") !=
	          NULL);
	cr_expect(strstr(t, "== Clause") == NULL);
	free(t);
}

Test(report, json_has_the_documented_keys)
{
	char *j = render(PACT_REPORT_JSON, PACT_LANG_EN, 0);
	static const char clauses[] = "\"clauses\": {\"old\": 5, \"new\": 6, \"unchanged\": 0, "
	                              "\"modified\": 5, \"added\": 1, \"removed\": 1, \"moved\": 1";
	const char *keys[] = {
	        "\"format\": \"pact-diff/1\"",
	        "\"summary\": {",
	        clauses,
	        "\"status\": \"removed\"",
	        "\"split_from\": {\"id\": \"phong-trao-thi-dua\", \"number\": 2",
	        "\"op\": \"insert\", \"text\": \" tăng cường\"",
	        "\"moved_from\": {\"id\": \"xay-dung-dang\"",
	        "\"number\": \"26-CT/TU\"",
	        "\"normalisation_only\": true",
	        "\"similarity\": ",
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		cr_expect(strstr(j, keys[i]) != NULL, "missing %s", keys[i]);
	free(j);
}

/* A valid pact/1 document of `year` around a `members:` and a `clauses:`
 * block; the title gets `title_extra`. */
static char *mkyaml(int year, const char *title_extra, const char *members, const char *clauses)
{
	return strf("schema: pact/1\nyear: %d\ntitle: \"T%s\"\nbloc: \"B\"\nprovince: \"P\"\n"
	            "signed:\n  place: \"X\"\n  date: %d-01-02\nmembers:\n%s"
	            "preamble: \"p\"\nclauses:\n%sclosing: \"c\"\n",
	            year, title_extra, year, members, clauses);
}

/* Diff two YAML texts labelled as the user would name them and render. */
static char *render_yaml(const char *y0, const char *y1, const char *l0, const char *l1,
                         pact_report_format f, pact_lang lang)
{
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_diff_opts dopt = PACT_DIFF_OPTS_INIT;
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	char *out = NULL;
	po.check_filename = 0;
	dopt.old_label = l0;
	dopt.new_label = l1;
	cr_assert_eq(pact_doc_parse(&a, NULL, y0, strlen(y0), &po), 0);
	cr_assert_eq(pact_doc_parse(&b, NULL, y1, strlen(y1), &po), 0);
	cr_assert_eq(pact_diff_docs(&d, a, b, &dopt), 0);
	o.format = f;
	o.lang = lang;
	cr_assert_eq(pact_report_render(&out, NULL, d, &o), 0);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
	return out;
}

#define MEMBER "  - id: m\n    name: \"M\"\n"
#define CL(id, n, text)                                                                            \
	"  - id: " id "\n    number: " #n "\n    commitments:\n      - \"" text "\"\n"
#define T_A "Nâng cao chất lượng dịch vụ y tế, chăm sóc sức khỏe cho Nhân dân."
#define T_B "Đẩy mạnh cải cách hành chính, tăng cường chuyển đổi số."
#define T_C "Thực hiện đổi mới, nâng cao chất lượng giáo dục và đào tạo."
#define T_D "Công tác khen thưởng bảo đảm đúng quy định của pháp luật."

/* 2023: a b c d; 2024: a, a new clause, b, c reworded, d. */
static char *render_kept(pact_report_format f, pact_lang lang)
{
	char *y0 = mkyaml(2023, "", MEMBER,
	                  CL("a", 1, T_A) CL("b", 2, T_B) CL("c", 3, T_C) CL("d", 4, T_D));
	char *y1 = mkyaml(
	        2024, "", MEMBER,
	        CL("a", 1, T_A) CL("moi", 2, "Phát triển du lịch, quảng bá hình ảnh tỉnh.")
	                CL("b", 3, T_B) CL("c", 4, "Thực hiện đổi mới căn bản giáo dục và đào tạo.")
	                        CL("d", 5, T_D));
	char *out = render_yaml(y0, y1, "2023", "2024", f, lang);
	free(y0);
	free(y1);
	return out;
}

Test(report, text_lists_unchanged_clauses_in_one_line)
{
	char *en = render_kept(PACT_REPORT_TEXT, PACT_LANG_EN);
	char *vi = render_kept(PACT_REPORT_TEXT, PACT_LANG_VI);
	cr_expect(strstr(en, "\n\nAdded: Clause 2 (moi)\n"
	                     "Unchanged: Clause 1, 3 (formerly 2), 5 (formerly 4)\n\n") != NULL,
	          "%s", en);
	cr_expect(strstr(vi, "\nGiữ nguyên: Điều 1, 3 (trước đây 2), 5 (trước đây 4)\n") != NULL,
	          "%s", vi);
	cr_expect(strstr(en, "== Clause 1 ") == NULL, "no empty heading for a kept clause");
	cr_expect(strstr(en, "== Clause 3 ") == NULL);
	cr_expect(strstr(en, "== Clause 4 (c) · Modified") != NULL, "%s", en);
	cr_expect(strstr(en, "== Clause 2 (moi) · Added") != NULL, "%s", en);
	/* after the summary, before the details */
	cr_expect(strstr(en, "Unchanged: Clause 1") > strstr(en, "Summary:"));
	cr_expect(strstr(en, "Unchanged: Clause 1") < strstr(en, "== Clause 2"));
	free(en);
	free(vi);
}

Test(report, markdown_lists_unchanged_clauses_in_one_line)
{
	char *md = render_kept(PACT_REPORT_MARKDOWN, PACT_LANG_EN);
	cr_expect(strstr(md, "\nUnchanged: Clause 1, 3 (formerly 2), 5 (formerly 4)\n") != NULL,
	          "%s", md);
	cr_expect(strstr(md, "### Clause 1 ") == NULL, "%s", md);
	cr_expect(strstr(md, "### Clause 5 ") == NULL, "%s", md);
	cr_expect(strstr(md, "### Clause 4 (`c`) — Modified") != NULL, "%s", md);
	free(md);
}

Test(report, html_and_json_keep_every_clause)
{
	char *h = render_kept(PACT_REPORT_HTML, PACT_LANG_EN);
	char *j = render_kept(PACT_REPORT_JSON, PACT_LANG_EN);
	cr_expect(strstr(h, "<tr class=\"clause\"><th>Clause 1 <span class=\"id\">(a)</span></th>"
	                    "<th>Clause 1 <span") != NULL,
	          "%s", h);
	cr_expect(strstr(h, "<th>Clause 4 <span class=\"id\">(d)</span></th>"
	                    "<th>Clause 5 <span") != NULL,
	          "%s", h);
	cr_expect(strstr(h, "Unchanged: Clause") == NULL);
	cr_expect(strstr(j, "\"status\": \"unchanged\",\n      \"moved\": false,\n"
	                    "      \"renumbered\": true") != NULL,
	          "%s", j);
	free(h);
	free(j);
}

Test(report, a_moved_clause_keeps_its_heading)
{
	char *y0 = mkyaml(2023, "", MEMBER, CL("a", 1, T_A) CL("b", 2, T_B) CL("c", 3, T_C));
	char *y1 = mkyaml(2024, "", MEMBER, CL("b", 1, T_B) CL("c", 2, T_C) CL("a", 3, T_A));
	char *t = render_yaml(y0, y1, "2023", "2024", PACT_REPORT_TEXT, PACT_LANG_EN);
	cr_expect(strstr(t, "Unchanged: Clause 1 (formerly 2), 2 (formerly 3)\n") != NULL, "%s", t);
	cr_expect(strstr(t, "== Clause 3 (a) · Unchanged · Moved") != NULL, "%s", t);
	free(t);
	free(y0);
	free(y1);
}

Test(report, html_heading_shows_the_year_only_when_the_label_is_not_it)
{
	char *y0 = mkyaml(2023, "", MEMBER, CL("a", 1, T_A));
	char *y1 = mkyaml(2024, "", MEMBER, CL("a", 1, T_B));
	char *h = render_yaml(y0, y1, "2023", "2024@draft", PACT_REPORT_HTML, PACT_LANG_VI);
	cr_expect(strstr(h, "<p class=\"sub\">2023 → 2024@draft (2024)</p>") != NULL, "%s", h);
	free(h);
	h = render_yaml(y0, y1, "2023", "2024", PACT_REPORT_HTML, PACT_LANG_VI);
	cr_expect(strstr(h, "<p class=\"sub\">2023 → 2024</p>") != NULL, "%s", h);
	free(h);
	free(y0);
	free(y1);
}

Test(report, html_escapes_pact_text)
{
	char *y0 = mkyaml(2023, "", "  - id: m\n    name: \"M\"\n", CL("c", 1, "an toàn"));
	char *y = mkyaml(2024, " <b>", "  - id: m\n    name: \"M & N\"\n",
	                 CL("c", 1, "<script>alert('x')</script> & \\\"q\\\""));
	char *h = render_yaml(y0, y, NULL, NULL, PACT_REPORT_HTML, PACT_LANG_VI);
	cr_expect(strstr(h, "<script>") == NULL);
	cr_expect(strstr(h, "&lt;script&gt;") != NULL);
	cr_expect(strstr(h, "&#39;x&#39;") != NULL);
	cr_expect(strstr(h, "M &amp; N") != NULL);
	cr_expect(strstr(h, "&lt;b&gt;") != NULL && strstr(h, "<b>") == NULL);
	cr_expect(strstr(h, "http") == NULL, "a standalone page loads nothing");
	free(h);
	free(y0);
	free(y);
}

/* A commitment is cited the way each language cites it: Vietnamese legal
 * drafting says "khoản 3 Điều 4" (Điều > khoản), English "Clause 4.3"; the
 * same words in every human format, never "Điều 4.3" or "Điều 4 (id), 3". */
Test(report, a_moved_commitment_is_named_as_each_language_cites_it)
{
	static const struct {
		pact_report_format f;
		pact_lang lang;
		const char *from, *to;
	} cases[] = {
	        {PACT_REPORT_TEXT, PACT_LANG_VI, "chuyển từ khoản 3 Điều 4 (xay-dung-dang)",
	         "chuyển sang khoản 5 Điều 3 (van-hoa-xa-hoi)"},
	        {PACT_REPORT_TEXT, PACT_LANG_EN, "moved from Clause 4.3 (xay-dung-dang)",
	         "moved to Clause 3.5 (van-hoa-xa-hoi)"},
	        {PACT_REPORT_MARKDOWN, PACT_LANG_VI, "chuyển từ khoản 3 Điều 4 (`xay-dung-dang`)",
	         "chuyển sang* khoản 5 Điều 3 (`van-hoa-xa-hoi`)"},
	        {PACT_REPORT_MARKDOWN, PACT_LANG_EN, "moved from Clause 4.3 (`xay-dung-dang`)",
	         "moved to* Clause 3.5 (`van-hoa-xa-hoi`)"},
	        {PACT_REPORT_HTML, PACT_LANG_VI,
	         "chuyển từ khoản 3 Điều 4 <span class=\"id\">(xay-dung-dang)</span>",
	         "chuyển sang khoản 5 Điều 3 <span class=\"id\">(van-hoa-xa-hoi)</span>"},
	        {PACT_REPORT_HTML, PACT_LANG_EN,
	         "moved from Clause 4.3 <span class=\"id\">(xay-dung-dang)</span>",
	         "moved to Clause 3.5 <span class=\"id\">(van-hoa-xa-hoi)</span>"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = render(cases[i].f, cases[i].lang, 0);
		cr_expect(strstr(out, cases[i].from) != NULL, "case %zu: no '%s'", i,
		          cases[i].from);
		cr_expect(strstr(out, cases[i].to) != NULL, "case %zu: no '%s'", i, cases[i].to);
		cr_expect(strstr(out, "Điều 4.3") == NULL && strstr(out, "Điều 3.5") == NULL,
		          "case %zu", i);
		free(out);
	}
}

/* The HTML summary says what the text and Markdown summaries say, the
 * changed fields included, under one title (not "Bảng so sánh" twice). */
Test(report, html_summary_names_the_changed_fields)
{
	char *vi = render(PACT_REPORT_HTML, PACT_LANG_VI, 0);
	char *en = render(PACT_REPORT_HTML, PACT_LANG_EN, 0);
	cr_expect(strstr(vi, "<li>Thông tin chung: Năm, Tiêu đề, Ngày ký, Phần mở đầu, Phần kết, "
	                     "Nguồn, Ghi chú</li>") != NULL,
	          "%s", vi);
	cr_expect(strstr(en, "<li>General information: Year, Title, Date of signing, Preamble, "
	                     "Closing, Source, Note</li>") != NULL,
	          "%s", en);
	cr_expect(strstr(vi, "<h1>Bảng so sánh giao ước thi đua năm 2023 và năm 2024</h1>") != NULL,
	          "%s", vi);
	cr_expect(strstr(vi, "<h2>Bảng so sánh</h2>") != NULL, "%s", vi);
	free(vi);
	free(en);
}

static char *render_ctx(pact_report_format f, pact_lang lang, long context);

static char *render_with(pact_report_format f, pact_lang lang, int color, int stat, int verbose)
{
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	o.format = f;
	o.lang = lang;
	o.color = color;
	o.stat_only = stat;
	o.verbose = verbose;
	return render_src("pacts/2023.yaml", "pacts/2024.yaml", "2023", "2024", &o);
}

/* Colour is not the only mark: struck-through deletions (SGR 9) and
 * underlined insertions (SGR 4), a space apart, so "Khôi phục và mở
 * rộngTập trung" no longer runs together for a colour-blind reader or
 * in a copy. */
Test(report, colour_words_are_struck_and_underlined_and_kept_apart)
{
	char *t = render_with(PACT_REPORT_TEXT, PACT_LANG_VI, 1, 0, 0);
	cr_expect(strstr(t, "\033[31;9mKhôi phục và mở rộng\033[m \033[32;4mTập trung triển "
	                    "khai\033[m") != NULL,
	          "%s", t);
	cr_expect(strstr(t, "rộng\033[m\033[") == NULL, "%s", t);
	free(t);
}

Test(report, the_summary_names_the_clauses_and_skips_zero_counts)
{
	char *en = render_with(PACT_REPORT_TEXT, PACT_LANG_EN, 0, 0, 0);
	char *vi = render_with(PACT_REPORT_TEXT, PACT_LANG_VI, 0, 1, 0);
	cr_expect(strstr(en, "  Clauses: 5 → 6; Modified 5, Added 1, Removed 1; Moved 1, "
	                     "Renumbered 1, Split 1\n") != NULL,
	          "%s", en);
	cr_expect(strstr(en,
	                 "\n\nAdded: Clause 2 (trien-khai-nhiem-vu)\n"
	                 "Removed: Clause 5 (phuc-hoi-kinh-te) [2023]\n"
	                 "Split: Clause 2 (phong-trao-thi-dua) [2023] → Clause 6 (khen-thuong)\n"
	                 "Moved: Clause 5 (phong-trao-thi-dua), formerly Clause 2\n\n") != NULL,
	          "%s", en);
	cr_expect(strstr(en, " 0,") == NULL && strstr(en, " 0\n") == NULL &&
	                  strstr(en, " 0;") == NULL,
	          "no zero counts: %s", en);
	cr_expect(strstr(en, "Members") == NULL, "no member changed: %s", en);
	cr_expect(strstr(en, "similarity") == NULL && strstr(en, "alike") == NULL, "%s", en);
	/* --stat names them too, in the officers' words */
	cr_expect(strstr(vi, "\nBổ sung: Điều 2 (trien-khai-nhiem-vu)\n"
	                     "Lược bỏ: Điều 5 (phuc-hoi-kinh-te) [2023]\n"
	                     "Tách: Điều 2 (phong-trao-thi-dua) [2023] → Điều 6 (khen-thuong)\n") !=
	                  NULL,
	          "%s", vi);
	cr_expect(strstr(vi, "== Điều") == NULL, "%s", vi);
	free(en);
	free(vi);
}

Test(report, verbose_says_how_alike_the_clauses_are_in_words)
{
	char *en = render_with(PACT_REPORT_TEXT, PACT_LANG_EN, 0, 0, 1);
	char *vi = render_with(PACT_REPORT_TEXT, PACT_LANG_VI, 0, 0, 1);
	cr_expect(strstr(en, "== Clause 3 (van-hoa-xa-hoi) · Modified · wording 83% alike\n") !=
	                  NULL,
	          "%s", en);
	cr_expect(strstr(vi, "== Điều 3 (van-hoa-xa-hoi) · Sửa đổi · lời văn giống nhau 83%\n") !=
	                  NULL,
	          "%s", vi);
	free(en);
	free(vi);
}

/* Old clauses 2 and 3 merged into new 2: the part from old 3 is headed by
 * old 3, and new 2, which took it in, is not "unchanged" anywhere. */
Test(report, a_merged_clause_is_headed_by_the_old_clause_it_came_from)
{
	char *y0 = mkyaml(2023, "", MEMBER, CL("m1", 1, T_C) CL("m2", 2, T_A) CL("m3", 3, T_B));
	char *y1 = mkyaml(2024, "", MEMBER,
	                  CL("m1", 1, T_C) "  - id: m2\n    number: 2\n    commitments:\n"
	                                   "      - \"" T_A "\"\n      - \"" T_B "\"\n");
	char *t = render_yaml(y0, y1, "2023", "2024", PACT_REPORT_TEXT, PACT_LANG_EN);
	char *v = render_yaml(y0, y1, "2023", "2024", PACT_REPORT_TEXT, PACT_LANG_VI);
	char *j = render_yaml(y0, y1, "2023", "2024", PACT_REPORT_JSON, PACT_LANG_EN);
	cr_expect(strstr(t, "== Clause 3 (m3) [2023] · Modified · merged into Clause 2 (m2)\n") !=
	                  NULL,
	          "%s", t);
	cr_expect(strstr(t, "== Clause 2 (m2) · Modified · merged from Clause 3 (m3)\n") != NULL,
	          "%s", t);
	cr_expect(strstr(t, "Merged: Clause 3 (m3) [2023] → Clause 2 (m2)\n") != NULL, "%s", t);
	cr_expect(strstr(t, "Unchanged: Clause 1\n") != NULL, "%s", t);
	cr_expect(strstr(t, "Unchanged: Clause 1, 2") == NULL, "%s", t);
	cr_expect(strstr(v, "== Điều 3 (m3) [2023] · Sửa đổi · gộp vào Điều 2 (m2)\n") != NULL,
	          "%s", v);
	cr_expect(strstr(v, "== Điều 2 (m2) · Sửa đổi · gộp từ Điều 3 (m3)\n") != NULL, "%s", v);
	cr_expect(strstr(j, "\"unchanged\": 1, \"modified\": 2") != NULL, "%s", j);
	free(t);
	free(v);
	free(j);
	free(y0);
	free(y1);
}

static char *render_ctx(pact_report_format f, pact_lang lang, long context)
{
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	o.format = f;
	o.lang = lang;
	o.context = context;
	o.made.year = 2025;
	o.made.month = 1;
	o.made.day = 7;
	return render_src("pacts/2023.yaml", "pacts/2024.yaml", "2023", "2024", &o);
}

/* The printed table's heading says what it is: bloc, province, the two
 * years, when each was signed and when the report was made, in the
 * officers' date form ("ngày 09 tháng 5 năm 2024"; a zero before months 1
 * and 2), ISO in English. */
Test(report, the_printed_table_says_what_it_is)
{
	char *vi = render_ctx(PACT_REPORT_HTML, PACT_LANG_VI, -1);
	char *en = render_ctx(PACT_REPORT_HTML, PACT_LANG_EN, -1);
	cr_expect(
	        strstr(vi,
	               "<p class=\"bloc\">Khối thi đua Các cơ quan lĩnh vực văn hóa, xã hội 2</p>\n"
	               "<p class=\"prov\">Tỉnh: Bắc Giang</p>") != NULL,
	        "%s", vi);
	cr_expect(strstr(vi,
	                 "<p class=\"signed\">Giao ước năm 2023 ký tại Bắc Giang, ngày 14 tháng 3 "
	                 "năm 2023.</p>\n<p class=\"signed\">Giao ước năm 2024 ký tại Bắc Giang, "
	                 "ngày 09 tháng 5 năm 2024.</p>") != NULL,
	          "%s", vi);
	cr_expect(strstr(vi, "Lập ngày 07 tháng 01 năm 2025") != NULL, "%s", vi);
	cr_expect(strstr(en, "The 2024 pact was signed at Bắc Giang on 2024-05-09.") != NULL, "%s",
	          en);
	cr_expect(strstr(en, "Report made on 2025-01-07") != NULL, "%s", en);
	/* page numbers in print; an underline that clears the dot below */
	cr_expect(strstr(vi, "@bottom-center{content:counter(page)") != NULL);
	cr_expect(strstr(vi, "text-underline-offset:") != NULL);
	free(vi);
	free(en);
}

/* Each side numbers its own text: the commitment that moved from 4.3 to
 * 3.5 shows 4.3 in the old column and 3.5 in the new one; the dropped
 * clause 5 and the new clause 5 never share a label. */
Test(report, each_column_carries_its_own_numbers)
{
	char *h = render_ctx(PACT_REPORT_HTML, PACT_LANG_VI, -1);
	cr_expect(
	        strstr(h,
	               "<tr><td class=\"same\"><span class=\"no\">4.3.</span> Đẩy mạnh ứng dụng") !=
	                NULL,
	        "%s", h);
	const char *row = strstr(h, "<span class=\"no\">4.3.</span> Đẩy mạnh ứng dụng");
	cr_assert(row);
	const char *next =
	        strstr(row, "<td class=\"same\"><span class=\"no\">3.5.</span> Đẩy mạnh");
	cr_expect(next && next < strstr(row, "</tr>"), "the new number in the same row: %s", row);
	cr_expect(strstr(h, "<tr class=\"clause\"><th>Điều 5 <span class=\"id\">(phuc-hoi-kinh-te)"
	                    "</span></th><th></th>") != NULL,
	          "%s", h);
	cr_expect(strstr(h, "<tr><td><span class=\"no\">5.1.</span> <del>Thi đua thực hiện") !=
	                  NULL,
	          "%s", h);
	cr_expect(strstr(h, "<tr class=\"clause\"><th></th><th>Điều 2 <span class=\"id\">"
	                    "(trien-khai-nhiem-vu)</span></th>") != NULL,
	          "%s", h);
	cr_expect(strstr(h, "<tr><td></td><td><span class=\"no\">2.1.</span> <ins>") != NULL, "%s",
	          h);
	free(h);
}

/* source: and note: are where the text came from, not what it says: an
 * appendix after the table. */
Test(report, provenance_is_an_appendix)
{
	char *h = render_ctx(PACT_REPORT_HTML, PACT_LANG_VI, -1);
	const char *app = strstr(h, "<h2>Phụ lục: nguồn và ghi chú</h2>");
	const char *table_end = strstr(h, "</tbody>\n</table>");
	cr_assert(app && table_end, "%s", h);
	cr_expect(table_end < app);
	cr_expect(strstr(h, "<span class=\"no\">Nguồn:</span>") > app, "%s", h);
	cr_expect(strstr(h, "<span class=\"no\">Ghi chú:</span>") > app, "%s", h);
	free(h);
}

/* --context N (git's -U): N unchanged commitments around each change,
 * the others folded into one line saying how many. */
Test(report, context_folds_unchanged_commitments)
{
	char *all = render_ctx(PACT_REPORT_HTML, PACT_LANG_VI, -1);
	char *u0 = render_ctx(PACT_REPORT_HTML, PACT_LANG_VI, 0);
	char *u1 = render_ctx(PACT_REPORT_HTML, PACT_LANG_EN, 1);
	cr_expect(strstr(all, "class=\"gap\"") == NULL);
	cr_expect(strstr(all, "Tiếp tục đẩy mạnh phong trào thi đua trên các lĩnh vực") != NULL);
	/* clause 3: 1 and 2 unchanged (2 only in normalisation: shown), 3 changed */
	cr_expect(strstr(u0, "Tiếp tục đẩy mạnh phong trào thi đua trên các lĩnh vực") == NULL,
	          "%s", u0);
	cr_expect(
	        strstr(u0, "<tr class=\"gap\"><td colspan=\"3\">… khoản giữ nguyên: 1</td></tr>") !=
	                NULL,
	        "%s", u0);
	cr_expect(strstr(u1, "… unchanged commitments: ") != NULL, "%s", u1);
	cr_expect(strstr(u1, "Tiếp tục đẩy mạnh phong trào thi đua trên các lĩnh vực") != NULL,
	          "one of context keeps the neighbour: %s", u1);
	free(all);
	free(u0);
	free(u1);
}

/* The Markdown as a CommonMark reader sees it (cmark-gfm, GitHub's
 * parser): no change marker is left as literal asterisks or tildes, even
 * where an inserted "(" sits between a quote and a word ("Bộ Chính trị”
 * (after"), where `**(**after` used to stay literal. */
Test(report, markdown_marks_survive_a_commonmark_reader, .timeout = 60)
{
	char *md = render_ctx(PACT_REPORT_MARKDOWN, PACT_LANG_EN, -1);
	char *dir = make_tempdir(), *path = strf("%s/r.md", dir);
	cr_assert_eq(write_file(path, md, strlen(md)), 0);
	char *cmd = strf("cmark-gfm --unsafe -e strikethrough -e table '%s'", path);
	run_result r = run_sh(NULL, cmd);
	cr_assert_eq(r.status, 0, "cmark-gfm (apt-get install cmark-gfm; .ci/run does): %s", r.err);
	cr_expect(strstr(r.out, "**") == NULL, "%s", r.out);
	cr_expect(strstr(r.out, "~~") == NULL, "%s", r.out);
	cr_expect(strstr(r.out, "Bộ Chính trị” <ins>(</ins>after") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "<del>2023</del> <strong>2024</strong>") != NULL, "%s", r.out);
	run_result_free(&r);
	free(cmd);
	free(path);
	rm_rf(dir);
	free(dir);
	free(md);
}

Test(report, markdown_says_what_it_is_and_folds_with_context)
{
	char *md = render_ctx(PACT_REPORT_MARKDOWN, PACT_LANG_VI, 0);
	cr_expect(
	        strstr(md,
	               "\n\nKhối thi đua Các cơ quan lĩnh vực văn hóa, xã hội 2 — Tỉnh: Bắc "
	               "Giang\n\n"
	               "Giao ước năm 2023 ký tại Bắc Giang, ngày 14 tháng 3 năm 2023. Giao ước năm "
	               "2024 ký tại Bắc Giang, ngày 09 tháng 5 năm 2024.\n") != NULL,
	        "%s", md);
	cr_expect(strstr(md, "- … khoản giữ nguyên: 1\n- 2\\. *(Giữ nguyên)*") != NULL, "%s", md);
	const char *app = strstr(md, "## Phụ lục: nguồn và ghi chú\n\n- **Nguồn**: ");
	cr_expect(app != NULL, "%s", md);
	cr_expect(strstr(md, "- **Nguồn**") == app + strlen("## Phụ lục: nguồn và ghi chú\n\n"),
	          "provenance only in the appendix: %s", md);
	free(md);
}
