/*
 * test_cite.c - recognising cited directives (cite.c).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "pact/cite.h"

Test(cite, full_citation_with_date_and_issuer)
{
	pact_cites c = PACT_CITES_INIT;
	cr_assert_eq(pact_cite_scan(&c, "đẩy mạnh thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021 "
	                                "của Thủ tướng Chính phủ về việc phát động thi đua"),
	             0);
	cr_assert_eq(c.count, 1);
	cr_expect_str_eq(c.items[0].kind, "Chỉ thị");
	cr_expect_str_eq(c.items[0].number, "19/CT-TTg");
	cr_expect_eq(c.items[0].date.year, 2021);
	cr_expect_eq(c.items[0].date.month, 7);
	cr_expect_eq(c.items[0].date.day, 16);
	cr_expect_str_eq(c.items[0].issuer, "Thủ tướng Chính phủ");
	cr_expect_str_eq(c.items[0].text,
	                 "Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ");
	pact_cites_clear(&c);
}

Test(cite, forms_without_so_or_date)
{
	pact_cites c = PACT_CITES_INIT;
	cr_assert_eq(pact_cite_scan(&c, "thực hiện nghiêm Chỉ thị 26-CT/TU. Theo nghị định số "
	                                "91/2017/NĐ-CP và Kết luận số 01-KL/TW ngày 18 tháng 5 "
	                                "năm 2021 của Bộ Chính trị về"),
	             0);
	cr_assert_eq(c.count, 3);
	cr_expect_str_eq(c.items[0].number, "26-CT/TU");
	cr_expect_eq(c.items[0].date.year, 0);
	cr_expect_eq(c.items[0].issuer, NULL);
	cr_expect_str_eq(c.items[1].number, "91/2017/NĐ-CP");
	cr_expect_str_eq(c.items[2].number, "01-KL/TW");
	cr_expect_eq(c.items[2].date.month, 5);
	cr_expect_str_eq(c.items[2].issuer, "Bộ Chính trị");
	pact_cites_clear(&c);
}

Test(cite, unnumbered_mentions_are_not_citations)
{
	pact_cites c = PACT_CITES_INIT;
	cr_assert_eq(pact_cite_scan(&c, "gắn với thực hiện Luật Thi đua, khen thưởng; Nghị quyết "
	                                "Đại hội Đảng bộ tỉnh lần thứ XIX; Đề án “Tuyên truyền "
	                                "gương điển hình tiên tiến giai đoạn 2022-2025”; quyết "
	                                "định 5 năm"),
	             0);
	cr_expect_eq(c.count, 0);
	pact_cites_clear(&c);
}

Test(cite, the_same_number_twice_is_one_citation)
{
	pact_cites c = PACT_CITES_INIT;
	cr_assert_eq(pact_cite_scan(&c, "Chỉ thị số 05-CT/TW; tiếp tục Chỉ thị 05-CT/TW"), 0);
	cr_expect_eq(c.count, 1);
	cr_expect_eq(pact_cites_find(&c, c.items[0].key), 0);
	pact_cites_clear(&c);
}

/* "ngày" after a number is a date only when a whole day of the calendar
 * follows it, dd/mm/yyyy or "ngày dd tháng mm năm yyyy": "ngày ký", "ngày
 * của", a day and month without the year, a two-digit year or a day that
 * does not exist leave the citation undated (all zero) and end it at its
 * number, so two years that cite it are not told apart by a bogus date. */
Test(cite, only_a_complete_calendar_date_is_a_date)
{
	static const struct {
		const char *text;
		int y, m, d;
		const char *cite;
	} cases[] = {
	        {"Chỉ thị số 34-CT/TW ngày của Bộ Chính trị về công tác thi đua", 0, 0, 0, NULL},
	        {"Chỉ thị số 34-CT/TW ngày ký ban hành", 0, 0, 0, NULL},
	        {"Chỉ thị số 34-CT/TW ngày 15/3 của Bộ Chính trị về công tác", 0, 0, 0, NULL},
	        {"Chỉ thị số 34-CT/TW ngày 15/3/nay của Bộ Chính trị về", 0, 0, 0, NULL},
	        {"Chỉ thị số 34-CT/TW ngày 15 tháng 3 năm nay của Bộ Chính trị về", 0, 0, 0, NULL},
	        {"Chỉ thị số 34-CT/TW ngày 15/3/21 của Bộ Chính trị về", 0, 0, 0, NULL},
	        {"Chỉ thị số 34-CT/TW ngày 40/13/2021 của Bộ Chính trị", 0, 0, 0, NULL},
	        {"Chỉ thị số 34-CT/TW ngày 29/2/2023 của Bộ Chính trị", 0, 0, 0, NULL},
	        {"Chỉ thị số 34-CT/TW ngày 0 tháng 0 năm 2021 của Bộ Chính trị", 0, 0, 0, NULL},
	        {"Chỉ thị số 34-CT/TW ngày 29/2/2024 của Bộ Chính trị", 2024, 2, 29,
	         "Chỉ thị số 34-CT/TW ngày 29/2/2024 của Bộ Chính trị"},
	        {"Chỉ thị số 34-CT/TW ngày 07 tháng 04 năm 2021 của Bộ Chính trị", 2021, 4, 7,
	         "Chỉ thị số 34-CT/TW ngày 07 tháng 04 năm 2021 của Bộ Chính trị"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pact_cites c = PACT_CITES_INIT;
		cr_assert_eq(pact_cite_scan(&c, cases[i].text), 0);
		cr_assert_eq(c.count, 1, "%s", cases[i].text);
		cr_expect_str_eq(c.items[0].number, "34-CT/TW", "%s", cases[i].text);
		cr_expect(c.items[0].date.year == cases[i].y &&
		                  c.items[0].date.month == cases[i].m &&
		                  c.items[0].date.day == cases[i].d,
		          "%s: %d-%d-%d", cases[i].text, c.items[0].date.year,
		          c.items[0].date.month, c.items[0].date.day);
		cr_expect_str_eq(c.items[0].text,
		                 cases[i].cite ? cases[i].cite : "Chỉ thị số 34-CT/TW", "%s",
		                 cases[i].text);
		pact_cites_clear(&c);
	}
}
