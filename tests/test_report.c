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

static pact_doc *load(const char *rel)
{
	char *p = src_path(rel);
	pact_doc *d = NULL;
	cr_assert_eq(pact_doc_load_file(&d, NULL, p, NULL), 0);
	free(p);
	return d;
}

static char *render(pact_report_format f, pact_lang lang, int stat)
{
	pact_doc *a = load("pacts/2023.yaml"), *b = load("pacts/2024.yaml");
	pact_diff *d = NULL;
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	char *out = NULL;
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
	o.format = f;
	o.lang = lang;
	o.stat_only = stat;
	cr_assert_eq(pact_report_render(&out, NULL, d, &o), 0);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
	return out;
}

Test(report, labels_follow_the_language_in_every_format)
{
	for (int f = 0; f < 4; f++) {
		char *vi = render((pact_report_format)f, PACT_LANG_VI, 0);
		char *en = render((pact_report_format)f, PACT_LANG_EN, 0);
		if (f != PACT_REPORT_JSON) {
			cr_expect(strstr(vi, "Sửa đổi") && strstr(vi, "Bổ sung") && strstr(vi, "Lược bỏ"),
			          "format %d", f);
			cr_expect(!strstr(vi, "Modified"), "format %d", f);
			cr_expect(strstr(en, "Modified") && strstr(en, "Added") && strstr(en, "Removed"),
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
	cr_expect(strstr(t, "[-Khôi phục và mở rộng-]{+Tập trung triển khai+}") != NULL);
	cr_expect(strstr(t, "\033[") == NULL);
	free(t);
}

Test(report, stat_is_only_the_summary)
{
	char *t = render(PACT_REPORT_TEXT, PACT_LANG_EN, 1);
	cr_expect(strstr(t, "Summary:") != NULL);
	cr_expect(strstr(t, "Differing only in Unicode normalisation or tone-mark placement: 1") != NULL);
	cr_expect(strstr(t, "== Clause") == NULL);
	free(t);
}

Test(report, json_has_the_documented_keys)
{
	char *j = render(PACT_REPORT_JSON, PACT_LANG_EN, 0);
	static const char clauses[] = "\"clauses\": {\"old\": 5, \"new\": 6, \"unchanged\": 0, "
	                              "\"modified\": 5, \"added\": 1, \"removed\": 1, \"moved\": 1";
	const char *keys[] = {
		"\"format\": \"pact-diff/1\"", "\"summary\": {", clauses,
		"\"status\": \"removed\"", "\"split_from\": {\"id\": \"phong-trao-thi-dua\", \"number\": 2",
		"\"op\": \"insert\", \"text\": \" tăng cường\"", "\"moved_from\": {\"id\": \"xay-dung-dang\"",
		"\"number\": \"26-CT/TU\"", "\"normalisation_only\": true", "\"similarity\": ",
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		cr_expect(strstr(j, keys[i]) != NULL, "missing %s", keys[i]);
	free(j);
}

Test(report, html_escapes_pact_text)
{
	const char *y =
		"schema: pact/1\nyear: 2024\ntitle: \"T <b>\"\nbloc: \"B\"\nprovince: \"P\"\n"
		"signed:\n  place: \"X\"\n  date: 2024-01-02\nmembers:\n  - id: m\n    name: \"M & N\"\n"
		"preamble: \"p\"\nclauses:\n  - id: c\n    number: 1\n    commitments:\n"
		"      - \"<script>alert('x')</script> & \\\"q\\\"\"\nclosing: \"c\"\n";
	const char *y0 =
		"schema: pact/1\nyear: 2023\ntitle: \"T\"\nbloc: \"B\"\nprovince: \"P\"\n"
		"signed:\n  place: \"X\"\n  date: 2023-01-02\nmembers:\n  - id: m\n    name: \"M\"\n"
		"preamble: \"p\"\nclauses:\n  - id: c\n    number: 1\n    commitments:\n"
		"      - \"an toàn\"\nclosing: \"c\"\n";
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	char *h = NULL;
	po.check_filename = 0;
	cr_assert_eq(pact_doc_parse(&a, NULL, y0, strlen(y0), &po), 0);
	cr_assert_eq(pact_doc_parse(&b, NULL, y, strlen(y), &po), 0);
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
	o.format = PACT_REPORT_HTML;
	cr_assert_eq(pact_report_render(&h, NULL, d, &o), 0);
	cr_expect(strstr(h, "<script>") == NULL);
	cr_expect(strstr(h, "&lt;script&gt;") != NULL);
	cr_expect(strstr(h, "&#39;x&#39;") != NULL);
	cr_expect(strstr(h, "M &amp; N") != NULL);
	cr_expect(strstr(h, "&lt;b&gt;") != NULL && strstr(h, "<b>") == NULL);
	cr_expect(strstr(h, "http") == NULL, "a standalone page loads nothing");
	free(h);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
}
