/*
 * test_mergers.c - members merged, renamed and split between two years
 * (the 2025 reorganisation): the `formerly:` field of pact/1 loads, is
 * written back, and is checked; pact diff says "renamed", "merged",
 * "split" in every format and both languages instead of members that left
 * and others that joined; a former id the old year lacks is a warning.
 *
 * Fixtures: tests/data/mergers/2024.yaml (seven members of Bắc Giang's
 * bloc), 2025.yaml (Bắc Ninh: one renamed under a new id, one renamed
 * under its id, one merger, one joined, one left) and split.yaml (2025
 * with one member cut in two). The rules' messages and positions are in
 * tests/data/invalid/formerly-*.yaml (test_doc.c's table).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "pact/history.h"
#include "pact/pactdiff.h"
#include "pact/report.h"
#include "render_fixture.h"
#include "review_fixture.h"

#define OLD "tests/data/mergers/2024.yaml"
#define NEW "tests/data/mergers/2025.yaml"
#define SPLIT "tests/data/mergers/split.yaml"

static char *render(const char *new_rel, pact_report_format f, pact_lang lang, int stat)
{
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	o.format = f;
	o.lang = lang;
	o.stat_only = stat;
	o.made = (pact_date){2025, 9, 1};
	return render_src(OLD, new_rel, "2024", "2025", &o);
}

static pact_diff *diff_src(const char *old_rel, const char *new_rel)
{
	pact_doc *a = load_src(old_rel), *b = load_src(new_rel);
	pact_diff *d = NULL;
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
	pact_doc_free(a);
	pact_doc_free(b);
	return d;
}

/* The members part of a pact, the rest a valid 2025 pact around it. */
static int parse_members(pact_doc **out, pact_diags *dg, const char *members)
{
	char *text = strf("schema: pact/1\nyear: 2025\ntitle: T\nbloc: B\nprovince: Bắc Ninh\n"
	                  "signed: {place: Bắc Ninh, date: 2025-08-15}\nmembers:\n%s"
	                  "preamble: P\nclauses: [{id: c, number: 1, commitments: [x]}]\n"
	                  "closing: C\n",
	                  members);
	int rc = pact_doc_parse(out, dg, text, strlen(text), NULL);
	free(text);
	return rc;
}

Test(mergers, formerly_loads_and_is_written_back)
{
	pact_doc *doc = load_src(NEW), *again = NULL;
	char *yaml = NULL;

	cr_assert_eq(doc->nmembers, 6);
	cr_expect_eq(doc->members[0].nformerly, 1);
	cr_expect_str_eq(doc->members[0].formerly[0], "so-ldtbxh");
	cr_expect_eq(doc->members[0].formerly_pos.line, 12);
	cr_expect_eq(doc->members[1].nformerly, 0);
	cr_expect_null(doc->members[1].formerly);
	cr_expect_str_eq(doc->members[4].formerly[0], "so-tttt");
	cr_assert_eq(pact_doc_to_yaml(&yaml, NULL, doc), 0);
	cr_expect(strstr(yaml,
	                 "\n- id: so-noi-vu\n  name: Sở Nội vụ\n  formerly:\n  - so-ldtbxh\n") !=
	                  NULL,
	          "%s", yaml);
	cr_assert_eq(pact_doc_parse(&again, NULL, yaml, strlen(yaml), NULL), 0, "%s",
	             pact_error_last()->message);
	cr_expect_eq(again->members[4].nformerly, 1);
	cr_expect_str_eq(again->members[4].formerly[0], "so-tttt");
	free(yaml);
	pact_doc_free(doc);
	pact_doc_free(again);
}

Test(mergers, a_split_is_each_part_naming_the_old_member_alone)
{
	pact_doc *doc = NULL;
	pact_diags dg = PACT_DIAGS_INIT;

	cr_expect_eq(parse_members(&doc, &dg,
	                           "  - {id: so-van-hoa, name: A, formerly: [so-vhttdl]}\n"
	                           "  - {id: so-du-lich, name: B, formerly: [so-vhttdl]}\n"),
	             0);
	cr_expect_eq(dg.count, 0);
	pact_doc_free(doc);
	doc = NULL;
	pact_diags_clear(&dg);
	/* a part that also took in another member: neither a split nor a merger */
	cr_expect_eq(parse_members(&doc, &dg,
	                           "  - {id: so-van-hoa, name: A, formerly: [so-vhttdl, so-x]}\n"
	                           "  - {id: so-du-lich, name: B, formerly: [so-vhttdl]}\n"),
	             PACT_EINVALID);
	cr_assert_eq(dg.count, 1);
	cr_expect_str_eq(dg.items[0].code, "formerly-twice");
	cr_expect_eq(dg.items[0].line, 9);
	pact_diags_clear(&dg);
}

Test(mergers, validate_says_the_rules_in_vietnamese)
{
	run_result r = run_pact(PACT_SRCDIR "/tests/data/invalid", "--lang=vi", "validate",
	                        "formerly-list.yaml", "formerly-claims.yaml", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "formerly-list.yaml:10:39: lỗi: cơ quan thành viên 'so-tai-chinh' "
	                        "tự ghi mã của mình trong 'formerly'") != NULL,
	          "%s", r.err);
	cr_expect(strstr(r.err, "formerly-list.yaml:13:38: lỗi: 'so-ldtbxh' được ghi hai lần "
	                        "trong 'formerly'") != NULL,
	          "%s", r.err);
	cr_expect(strstr(r.err,
	                 "formerly-claims.yaml:10:16: lỗi: 'so-y-te' vẫn là thành viên của "
	                 "năm nay (dòng 11), nên 'so-noi-vu' không thể kế tục cơ quan này") != NULL,
	          "%s", r.err);
	run_result_free(&r);
}

Test(mergers, diff_model_says_what_became_of_each_member)
{
	pact_diff *d = diff_src(OLD, NEW);
	const pact_member_diff *m = d->members;

	cr_assert_eq(d->nmembers, 5);
	cr_expect_eq(m[0].event, PACT_MEMBER_RENAMED);
	cr_expect_str_eq(m[0].id, "so-noi-vu");
	cr_expect_str_eq(m[0].old_id, "so-ldtbxh");
	cr_expect_str_eq(m[0].old_name, "Sở Lao động - Thương binh và Xã hội");
	cr_expect_eq(m[1].event, PACT_MEMBER_RENAMED);
	cr_expect_str_eq(m[1].old_id, "bhxh-tinh");
	cr_expect_eq(m[2].event, PACT_MEMBER_MERGED);
	cr_expect_eq(m[2].status, PACT_CHANGE_MODIFIED);
	cr_assert_eq(m[2].nfrom, 2);
	cr_expect_str_eq(m[2].from[0].id, "so-khcn");
	cr_expect_str_eq(m[2].from[1].id, "so-tttt");
	cr_expect_str_eq(m[2].from[1].name, "Sở Thông tin và Truyền thông");
	cr_expect_eq(m[3].event, PACT_MEMBER_JOINED);
	cr_expect_str_eq(m[3].id, "so-gddt");
	cr_expect_eq(m[4].event, PACT_MEMBER_LEFT);
	cr_expect_str_eq(m[4].id, "so-ngoai-vu");
	cr_expect_eq(d->summary.members_joined, 1);
	cr_expect_eq(d->summary.members_left, 1);
	cr_expect_eq(d->summary.members_renamed, 2);
	cr_expect_eq(d->summary.members_merged, 1);
	cr_expect_eq(d->summary.members_split, 0);
	cr_expect_eq(d->warnings.count, 0);
	pact_diff_free(d);
}

Test(mergers, text_says_renamed_and_merged_not_left_and_joined)
{
	char *en = render(NEW, PACT_REPORT_TEXT, PACT_LANG_EN, 0);
	char *vi = render(NEW, PACT_REPORT_TEXT, PACT_LANG_VI, 0);

	cr_expect(strstr(en, "  Members: Joined 1, Left 1, Renamed 2, Merged 1\n") != NULL, "%s",
	          en);
	cr_expect(strstr(en, "   ~ Renamed: Sở Lao động - Thương binh và Xã hội (so-ldtbxh) → Sở "
	                     "Nội vụ (so-noi-vu)\n") != NULL,
	          "%s", en);
	cr_expect(strstr(en, "   ~ Renamed: Bảo hiểm xã hội tỉnh → Bảo hiểm xã hội tỉnh Bắc Ninh "
	                     "(bhxh-tinh)\n") != NULL,
	          "%s", en);
	cr_expect(strstr(en,
	                 "   ~ Merged: Sở Khoa học và Công nghệ (so-khcn) + Sở Thông tin và "
	                 "Truyền thông (so-tttt) → Sở Khoa học và Công nghệ (so-khcn)\n") != NULL,
	          "%s", en);
	/* the members that continue are not said to have left */
	cr_expect(strstr(en, "Left: Sở Lao động") == NULL, "%s", en);
	cr_expect(strstr(en, "Left: Sở Thông tin") == NULL, "%s", en);
	cr_expect(strstr(en, "   - Left: Sở Ngoại vụ (so-ngoai-vu)\n") != NULL, "%s", en);
	cr_expect(strstr(vi, "  Thành viên: Gia nhập 1, Rời khối 1, Đổi tên 2, Hợp nhất 1\n") !=
	                  NULL,
	          "%s", vi);
	cr_expect(strstr(vi,
	                 "   ~ Hợp nhất: Sở Khoa học và Công nghệ (so-khcn) + Sở Thông tin và "
	                 "Truyền thông (so-tttt) → Sở Khoa học và Công nghệ (so-khcn)\n") != NULL,
	          "%s", vi);
	cr_expect(strstr(vi, "   ~ Đổi tên: Sở Lao động - Thương binh và Xã hội (so-ldtbxh) → Sở "
	                     "Nội vụ (so-noi-vu)\n") != NULL,
	          "%s", vi);
	cr_expect(strstr(vi, "Merged") == NULL, "%s", vi);
	free(en);
	free(vi);
}

Test(mergers, text_says_split)
{
	char *en = render(SPLIT, PACT_REPORT_TEXT, PACT_LANG_EN, 0);
	char *vi = render(SPLIT, PACT_REPORT_TEXT, PACT_LANG_VI, 1);

	cr_expect(strstr(en,
	                 "   ~ Split: Sở Văn hóa, Thể thao và Du lịch (so-vhttdl) → Sở Văn hóa "
	                 "và Thể thao (so-van-hoa-the-thao) + Sở Du lịch (so-du-lich)\n") != NULL,
	          "%s", en);
	cr_expect(strstr(en, "Joined: Sở Du lịch") == NULL, "%s", en);
	cr_expect(strstr(vi, "Thành viên: Gia nhập 1, Rời khối 1, Đổi tên 2, Hợp nhất 1, "
	                     "Chia tách 1\n") != NULL,
	          "%s", vi);
	free(en);
	free(vi);
}

Test(mergers, markdown_and_html_say_it_too)
{
	char *md = render(NEW, PACT_REPORT_MARKDOWN, PACT_LANG_VI, 0);
	char *html = render(SPLIT, PACT_REPORT_HTML, PACT_LANG_EN, 0);

	cr_expect(strstr(md, "- Hợp nhất: Sở Khoa học và Công nghệ (`so-khcn`) + Sở Thông tin và "
	                     "Truyền thông (`so-tttt`) → Sở Khoa học và Công nghệ (`so-khcn`)\n") !=
	                  NULL,
	          "%s", md);
	cr_expect(strstr(md, "- Đổi tên: Sở Lao động \\- Thương binh và Xã hội (`so-ldtbxh`) → "
	                     "Sở Nội vụ (`so-noi-vu`)\n") != NULL ||
	                  strstr(md,
	                         "- Đổi tên: Sở Lao động - Thương binh và Xã hội (`so-ldtbxh`) → "
	                         "Sở Nội vụ (`so-noi-vu`)\n") != NULL,
	          "%s", md);
	cr_expect(strstr(html,
	                 "<tr><td>Members: Sở Khoa học và Công nghệ<br>Sở Thông tin và Truyền "
	                 "thông</td><td>Members: <ins>Sở Khoa học và Công "
	                 "nghệ</ins></td><td>Merged</td></tr>") != NULL,
	          "%s", html);
	cr_expect(strstr(html, "<tr><td>Members: Sở Văn hóa, Thể thao và Du lịch</td><td>Members: "
	                       "<ins>Sở Văn hóa và Thể thao</ins><br><ins>Sở Du "
	                       "lịch</ins></td><td>Split</td></tr>") != NULL,
	          "%s", html);
	free(md);
	free(html);
}

Test(mergers, json_says_it_in_fields_a_program_reads)
{
	char *j = render(SPLIT, PACT_REPORT_JSON, PACT_LANG_EN, 0);
	char *s = render(NEW, PACT_REPORT_JSON, PACT_LANG_VI, 1);

	cr_expect(strstr(j,
	                 "{\"status\": \"modified\", \"event\": \"merged\", \"id\": \"so-khcn\", "
	                 "\"old_id\": null, \"old_name\": null, \"new_name\": \"Sở Khoa học và "
	                 "Công nghệ\", \"from\": [{\"id\": \"so-khcn\", \"name\": \"Sở Khoa học "
	                 "và Công nghệ\"}, {\"id\": \"so-tttt\", \"name\": \"Sở Thông tin và "
	                 "Truyền thông\"}]}") != NULL,
	          "%s", j);
	cr_expect(strstr(j,
	                 "\"event\": \"split\", \"id\": \"so-vhttdl\", \"old_id\": \"so-vhttdl\", "
	                 "\"old_name\": \"Sở Văn hóa, Thể thao và Du lịch\", \"new_name\": null, "
	                 "\"into\": [{\"id\": \"so-van-hoa-the-thao\"") != NULL,
	          "%s", j);
	cr_expect(strstr(j, "\"event\": \"renamed\", \"id\": \"so-noi-vu\", \"old_id\": "
	                    "\"so-ldtbxh\"") != NULL,
	          "%s", j);
	cr_expect(strstr(s,
	                 "\"members\": {\"joined\": 1, \"left\": 1, \"renamed\": 2, \"merged\": 1, "
	                 "\"split\": 0}") != NULL,
	          "%s", s);
	free(j);
	free(s);
}

Test(mergers, a_former_id_the_old_year_lacks_is_a_warning)
{
	char *dir = make_tempdir();
	char *old_text = read_file(PACT_SRCDIR "/" OLD, NULL);
	char *new_text = read_file(PACT_SRCDIR "/" NEW, NULL);
	char *p = strstr(new_text, "formerly: [so-ldtbxh]");
	char *fixed = NULL, *old_path = strf("%s/2024.yaml", dir),
	     *new_path = strf("%s/2025.yaml", dir);
	run_result r;

	cr_assert_not_null(p);
	*p = '\0';
	fixed = strf("%sformerly: [so-ldtbxh, so-lao-dong]%s", new_text,
	             p + strlen("formerly: [so-ldtbxh]"));
	cr_assert_eq(write_file(old_path, old_text, strlen(old_text)), 0);
	cr_assert_eq(write_file(new_path, fixed, strlen(fixed)), 0);
	r = run_pact(dir, "--lang=en", "validate", "2025.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "2025.yaml:12:15: warning: 'formerly' of 'so-noi-vu' names "
	                        "'so-lao-dong', which is not a member in 2024\n") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "--lang=vi", "validate", "--strict", "2025.yaml", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "2025.yaml:12:15: lỗi: 'formerly' của 'so-noi-vu' ghi "
	                        "'so-lao-dong', nhưng cơ quan này không phải là thành viên năm "
	                        "2024\n") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	/* the diff warns and still reads so-noi-vu as so-ldtbxh renamed */
	r = run_pact(dir, "--lang=en", "diff", "2024.yaml", "2025.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "2025.yaml:12:15: warning: 'formerly' of 'so-noi-vu'") != NULL,
	          "%s", r.err);
	cr_expect(strstr(r.out, "~ Renamed: Sở Lao động - Thương binh và Xã hội (so-ldtbxh) → Sở "
	                        "Nội vụ (so-noi-vu)\n") != NULL,
	          "%s", r.out);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(old_text);
	free(new_text);
	free(fixed);
	free(old_path);
	free(new_path);
}

Test(mergers, two_members_into_a_third_under_a_new_id)
{
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;

	cr_assert_eq(parse_members(&a, NULL,
	                           "  - {id: so-ke-hoach-va-dau-tu, name: Sở Kế hoạch và Đầu tư}\n"
	                           "  - {id: so-tai-chinh, name: Sở Tài chính}\n"
	                           "  - {id: so-y-te, name: Sở Y tế}\n"),
	             0);
	cr_assert_eq(parse_members(&b, NULL,
	                           "  - id: so-tai-chinh-moi\n    name: Sở Tài chính\n"
	                           "    formerly: [so-ke-hoach-va-dau-tu, so-tai-chinh]\n"
	                           "  - {id: so-y-te, name: Sở Y tế}\n"),
	             0);
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
	cr_assert_eq(d->nmembers, 1, "one merger, nobody left or joined");
	cr_expect_eq(d->members[0].event, PACT_MEMBER_MERGED);
	cr_expect_str_eq(d->members[0].id, "so-tai-chinh-moi");
	cr_assert_eq(d->members[0].nfrom, 2);
	cr_expect_str_eq(d->members[0].from[0].id, "so-ke-hoach-va-dau-tu");
	cr_expect_str_eq(d->members[0].from[1].id, "so-tai-chinh");
	cr_expect(d->differs);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
}

Test(mergers, log_line_counts_mergers_and_splits)
{
	pact_doc *a = load_src(OLD), *b = load_src(SPLIT);
	pact_year_change c;
	char *en, *vi;

	memset(&c, 0, sizeof(c));
	c.year = 2025;
	c.kind = PACT_YEAR_MODIFIED;
	cr_assert_eq(pact_history_compare(&c, a, b), 0);
	en = pact_year_change_describe_lang(&c, PACT_LANG_EN);
	vi = pact_year_change_describe_lang(&c, PACT_LANG_VI);
	cr_expect(strstr(en, "members +1 -1, 2 renamed, 1 merged, 1 split;") != NULL, "%s", en);
	cr_expect(strstr(vi, "Thành viên +1 \xe2\x88\x92"
	                     "1, đổi tên 2, hợp nhất 1, chia tách 1;") != NULL,
	          "%s", vi);
	free(en);
	free(vi);
	/* merged alone: the members' word still comes first */
	memset(&c, 0, sizeof(c));
	c.year = 2025;
	c.kind = PACT_YEAR_MODIFIED;
	c.differs = 1;
	c.stat.members_merged = 2;
	en = pact_year_change_describe_lang(&c, PACT_LANG_EN);
	cr_expect_str_eq(en, "2025: members 2 merged");
	free(en);
	pact_doc_free(a);
	pact_doc_free(b);
}

/* The 2025 draft of the review fixture's store with so-y-te continued as
 * `id` (formerly: [so-y-te]), naming eve@evil.vn its approver. */
static void draft_renaming(const char *store, const char *id)
{
	char *text = fx_pact(2025, NULL), *p = strf("%s/pacts/2025.yaml", store);
	char *at = strstr(text, "  - id: so-y-te\n    name: Sở Y tế\n    approvers:\n"
	                        "      - yte@bloc.vn\n");
	char *edited;

	cr_assert_not_null(at);
	*at = '\0';
	edited = strf("%s  - id: %s\n    name: Sở Y tế\n    approvers:\n      - eve@evil.vn\n"
	              "    formerly: [so-y-te]\n%s",
	              text, id,
	              at + strlen("  - id: so-y-te\n    name: Sở Y tế\n    approvers:\n"
	                          "      - yte@bloc.vn\n"));
	cr_assert_eq(write_file(p, edited, strlen(edited)), 0);
	cr_assert_eq(
	        fx_sh(NULL, store, "pact commit pacts/2025.yaml -m 'Rename so-y-te' >/dev/null"),
	        0);
	free(text);
	free(edited);
	free(p);
}

Test(mergers, review_approvals_of_a_renamed_member)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store, "pact review open 2025"), 0, "%s", r.err);
	run_result_free(&r);
	draft_renaming(store, "so-y-te-moi");
	/* the renamed member answers to the adopted so-y-te's approvers, not
	 * to the ones the draft gave it */
	cr_expect_eq(fx_sh(&r, store,
	                   "pact --lang=en review approve 2025 --member so-y-te-moi "
	                   "--author 'Eve <eve@evil.vn>'"),
	             1, "%s", r.out);
	cr_expect(strstr(r.err, "'eve@evil.vn' may not approve for 'so-y-te-moi' (its approvers: "
	                        "yte@bloc.vn)"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store, "pact review approve 2025 --member so-y-te-moi " YTE), 0);
	cr_expect_eq(fx_sh(NULL, store, "pact review approve 2025 --member bhxh-tinh " BHXH), 0);
	/* the member it continues is a departure the draft alone cannot decide */
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en review merge 2025"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "so-y-te (leaves the bloc"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=vi review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out,
	                 "so-y-te              Sở Y tế [kế tục bởi so-y-te-moi trong văn bản "
	                 "2025: cần phê duyệt của chính cơ quan hoặc của ban điều hành]"),
	          "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review status 2025 --format=json"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"departing\": true, \"by_board\": false, \"continued_in\": "
	                        "\"so-y-te-moi\""),
	          "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store, "pact review approve 2025 --member so-y-te " YTE), 0);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en review check 2025"), 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	/* renamed again before adoption: the approval stays with the id it was
	 * given under, so the member's new id has none */
	draft_renaming(store, "so-y-te-tinh");
	cr_expect_eq(fx_sh(NULL, store, "pact review approve 2025 --member bhxh-tinh " BHXH), 0);
	cr_expect_eq(fx_sh(NULL, store, "pact review approve 2025 --member so-y-te " YTE), 0);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en review merge 2025"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "cannot adopt 2025: 1 member (of 3) has not approved the current "
	                        "text: so-y-te-tinh (not yet approved)"),
	          "%s", r.err);
	cr_expect(!strstr(r.err, "so-y-te-moi"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store, "pact review approve 2025 --member so-y-te-tinh " YTE), 0);
	cr_assert_eq(fx_sh(&r, store, "pact --lang=en review merge 2025"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en diff 2024 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "~ Renamed: Sở Y tế (so-y-te) → Sở Y tế (so-y-te-tinh)\n"), "%s",
	          r.out);
	run_result_free(&r);
	/* the 2026 draft starts from 2025 without its formerly: (it told how
	 * 2025 came from 2024), so nothing in it names a 2025 non-member */
	cr_assert_eq(fx_sh(&r, store, "pact review open 2026 >/dev/null && cat pacts/2026.yaml"), 0,
	             "%s", r.err);
	cr_expect(strstr(r.out, "- id: so-y-te-tinh\n") && !strstr(r.out, "formerly"), "%s", r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* text with its first `from` replaced by `to` (a copy) */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	cr_assert_not_null(at, "%s", from);
	return strf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

Test(mergers, hooks_take_formerly_and_refuse_its_misuse)
{
	static const char member[] = "  - id: bhxh-tinh\n    name: Bảo hiểm xã hội tỉnh\n";
	char *dir, *store = fx_store(&dir), *p = strf("%s/pacts/2025.yaml", store);
	char *good = fx_pact(2025, NULL), *bad, *renamed;
	run_result r;

	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare hub.git && pact -C hub.git hooks install --server "
	                   ">/dev/null && cd store && pact hooks install >/dev/null && "
	                   "git remote add origin ../hub.git && git push -q origin main"),
	             0, "%s", r.err);
	run_result_free(&r);
	bad = replaced(good, member,
	               "  - id: bhxh-tinh\n    name: Bảo hiểm xã hội tỉnh\n"
	               "    formerly: [bhxh-tinh]\n");
	renamed = replaced(good, member,
	                   "  - id: bhxh-bninh\n    name: Bảo hiểm xã hội tỉnh\n"
	                   "    formerly: [bhxh-tinh]\n");
	/* the local hook refuses a member naming itself, at its line */
	cr_assert_eq(write_file(p, bad, strlen(bad)), 0);
	cr_expect_eq(fx_sh(&r, store,
	                   "git switch -qc topic && git add pacts/2025.yaml && "
	                   "PACT_LANG=en git commit -qm 'Draft 2025'"),
	             1);
	cr_expect(strstr(r.err, "pacts/2025.yaml:16:16: error: member 'bhxh-tinh' names itself in "
	                        "'formerly'"),
	          "%s", r.err);
	run_result_free(&r);
	/* the server refuses it too (the local hook skipped) */
	cr_expect_eq(fx_sh(&r, store,
	                   "git commit -qm 'Draft 2025' --no-verify && "
	                   "PACT_LANG=en git push origin topic"),
	             1);
	cr_expect(strstr(r.err, ":pacts/2025.yaml:16:16: error: member 'bhxh-tinh' names itself"),
	          "%s", r.err);
	run_result_free(&r);
	/* a rename both hooks take: bhxh-tinh goes on as bhxh-bninh (on a
	 * topic without the refused commit, which the server would see) */
	cr_assert_eq(fx_sh(NULL, store, "git switch -qfC topic main"), 0);
	cr_assert_eq(write_file(p, renamed, strlen(renamed)), 0);
	cr_expect_eq(fx_sh(&r, store,
	                   "git add pacts/2025.yaml && git commit -qm 'Draft 2025, renamed' && "
	                   "git push -q origin topic"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, dir, "git -C hub.git show topic:pacts/2025.yaml"), 0);
	cr_expect(strstr(r.out, "  - id: bhxh-bninh\n    name: Bảo hiểm xã hội tỉnh\n    formerly: "
	                        "[bhxh-tinh]\n"),
	          "%s", r.out);
	run_result_free(&r);
	free(good);
	free(bad);
	free(renamed);
	free(p);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(mergers, show_json_lists_formerly)
{
	run_result r = run_pact(PACT_SRCDIR, "show", NEW, "--format=json", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out,
	                 "{\"id\": \"so-noi-vu\", \"name\": \"Sở Nội vụ\", \"approvers\": [], "
	                 "\"formerly\": [\"so-ldtbxh\"]}") != NULL,
	          "%s", r.out);
	cr_expect(strstr(r.out, "{\"id\": \"so-y-te\", \"name\": \"Sở Y tế\", \"approvers\": [], "
	                        "\"formerly\": []}") != NULL,
	          "%s", r.out);
	run_result_free(&r);
}

Test(mergers, unknown_former_ids_are_listed_up_to_a_bound)
{
	pact_doc *a = NULL, *b = NULL;
	pact_diags dg = PACT_DIAGS_INIT;
	char *list = strf("%s", "x0"), *members;

	for (int i = 1; i < 150; i++) {
		char *next = strf("%s, x%d", list, i);
		free(list);
		list = next;
	}
	members = strf("  - {id: n, name: N, formerly: [%s]}\n", list);
	cr_assert_eq(parse_members(&a, NULL, "  - {id: o, name: O}\n"), 0);
	a->year = 2024;
	cr_assert_eq(parse_members(&b, NULL, members), 0);
	cr_assert_eq(pact_doc_check_formerly(&dg, a, b), 0);
	cr_expect_eq(dg.nwarnings, 150);
	cr_assert_eq(dg.count, 101);
	cr_expect_str_eq(dg.items[99].message,
	                 "'formerly' of 'n' names 'x99', which is not a member "
	                 "in 2024");
	cr_expect_str_eq(dg.items[100].code, "too-many");
	pact_diags_clear(&dg);
	pact_doc_free(a);
	pact_doc_free(b);
	free(list);
	free(members);
}
