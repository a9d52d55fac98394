/*
 * test_yaml_problems.c - a YAML syntax error reads in one language: under
 * --lang=vi libyaml's own problem and context ("found character that
 * cannot start any token", "while scanning a plain scalar") come out in
 * Vietnamese inside the Vietnamese line, under --lang=en as libyaml wrote
 * them; a string libyaml might add later is kept as it is.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/yaml_problems.h"
#include "helpers.h"

static const struct {
	const char *yaml;
	const char *en; /* the line under --lang=en */
	const char *vi; /* and under --lang=vi */
} cases[] = {
        {"schema: pact/1\nyear: 2024\ntitle: @bad\n",
         "x.yaml:3:8: error: invalid YAML: found character that cannot start any token while "
         "scanning for the next token (started at line 3, column 8)\n",
         "x.yaml:3:8: lỗi: YAML không hợp lệ: gặp ký tự không thể mở đầu thành phần nào khi "
         "tìm thành phần tiếp theo (bắt đầu ở dòng 3, cột 8)\n"},
        {"schema: pact/1\nyear: 2024\nclauses:\n  - id: x\n   number: 1\n",
         "x.yaml:5:4: error: invalid YAML: did not find expected '-' indicator while parsing a "
         "block collection (started at line 4, column 3)\n",
         "x.yaml:5:4: lỗi: YAML không hợp lệ: không thấy dấu '-' cần có khi phân tích một danh "
         "sách hoặc bảng ánh xạ dạng khối (bắt đầu ở dòng 4, cột 3)\n"},
        {"schema: pact/1\ntitle: \"chưa đóng nháy\n",
         "x.yaml:3:1: error: invalid YAML: found unexpected end of stream while scanning a "
         "quoted scalar (started at line 2, column 8)\n",
         "x.yaml:3:1: lỗi: YAML không hợp lệ: gặp kết thúc tệp không đúng chỗ khi đọc một giá "
         "trị trong dấu nháy (bắt đầu ở dòng 2, cột 8)\n"},
        {"schema: pact/1\nmembers: [a, b\nyear: 2024\n",
         "x.yaml:3:5: error: invalid YAML: did not find expected ',' or ']' while parsing a "
         "flow sequence (started at line 2, column 10)\n",
         "x.yaml:3:5: lỗi: YAML không hợp lệ: không thấy dấu ',' hoặc ']' cần có khi phân tích "
         "một danh sách trong ngoặc [] (bắt đầu ở dòng 2, cột 10)\n"},
        {"schema: pact/1\nyear: 2024\n\ttitle: x\n",
         "x.yaml:3:1: error: invalid YAML: found a tab character that violates indentation "
         "while scanning a plain scalar (started at line 2, column 7)\n",
         "x.yaml:3:1: lỗi: YAML không hợp lệ: gặp ký tự tab làm sai thụt lề khi đọc một giá trị "
         "không có dấu nháy (bắt đầu ở dòng 2, cột 7)\n"},
        {"schema: pact/1\nyear: 2024: 2025\n",
         "x.yaml:2:11: error: invalid YAML: mapping values are not allowed in this context\n",
         "x.yaml:2:11: lỗi: YAML không hợp lệ: không được có giá trị của bảng ánh xạ (sau dấu "
         "':') ở chỗ này\n"},
};

Test(yaml_problems, libyaml_says_what_is_wrong_in_the_officers_language)
{
	char *dir = make_tempdir(), *f = strf("%s/x.yaml", dir);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(write_file(f, cases[i].yaml, strlen(cases[i].yaml)), 0);
		for (int vi = 0; vi < 2; vi++) {
			run_result r = run_pact(dir, vi ? "--lang=vi" : "--lang=en", "validate",
			                        "x.yaml", NULL);
			char *all = strf("%s%s", r.out, r.err);
			const char *want = vi ? cases[i].vi : cases[i].en;
			cr_expect_eq(r.status, 1, "case %zu: %s", i, all);
			cr_expect(strstr(all, want) != NULL, "case %zu: want\n%sgot\n%s", i, want,
			          all);
			if (vi)
				cr_expect(!strstr(all, "found ") && !strstr(all, "while ") &&
				                  !strstr(all, "did not find") &&
				                  !strstr(all, "not allowed"),
				          "case %zu: English left in the Vietnamese line: %s", i,
				          all);
			free(all);
			run_result_free(&r);
		}
	}
	free(f);
	rm_rf(dir);
	free(dir);
}

Test(yaml_problems, a_string_libyaml_may_add_later_is_kept_as_written)
{
	const char *later = "found something a later libyaml says";
	cr_expect_eq(pact_yaml__problem(later), later);
	cr_expect_eq(pact_yaml__problem(NULL), NULL);
}
