/*
 * test_newuser.c - a member's first hour with a copy of the bloc's hub, as
 * README tells it, in English and in Vietnamese: what the officer sees
 * must say what to do next, and must not send them down a path that
 * splits the bloc's history.
 *
 * - A hub made with plain `git init --bare` has HEAD on 'master' while the
 *   bloc pushes 'main', so `git clone` checks out nothing. pact used to
 *   answer "the store has no commits yet; add the first pact with 'pact
 *   commit FILE'" (and commit it, starting a second, unrelated history
 *   beside the hub's) and `pact pull` "remote 'origin' has no branch
 *   'master'". Now each names the hub's branch and 'git switch main', and
 *   nothing is written.
 * - In a fresh clone the bloc's 2025 draft is on the hub, not yet fetched
 *   into the copy's review refs. `pact review status 2025` used to say
 *   "no draft for 2025; start one with 'pact review open 2025'", and that
 *   open made a second draft beside the bloc's, which neither `review
 *   pull` nor `review push` could then reconcile. Now status says to fetch
 *   it with `pact review pull`, and open refuses, changing nothing.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

/* DIR/hub.git, a bare hub whose HEAD is on `head`, holding `store`'s main
 * and its 2025 draft (pushed by pact); returns DIR/copy, a `git clone` of
 * it, made as a member makes one. */
static char *hub_and_copy(const char *dir, const char *store, const char *head)
{
	run_result r;

	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare hub.git && git -C hub.git symbolic-ref HEAD "
	                   "refs/heads/%s",
	                   head),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 --no-switch " YTE " >/dev/null && "
	                   "pact remote add origin ../hub.git && pact push && pact review push"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, dir, "git clone -q hub.git copy"), 0, "%s", r.err);
	run_result_free(&r);
	return strf("%s/copy", dir);
}

Test(newuser, a_clone_of_a_hub_whose_head_is_master_is_sent_to_main)
{
	char *dir, *store = fx_store(&dir), *copy = hub_and_copy(dir, store, "master");
	char *text = fx_pact(2023, NULL), *f = strf("%s/in.yaml", dir);
	run_result r;

	cr_assert_eq(write_file(f, text, strlen(text)), 0);
	const char *cmds[] = {"pact log", "pact commit ../in.yaml", "pact pull", "pact show 2024"};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		cr_expect_eq(fx_sh(&r, copy, "%s", cmds[i]), 1, "%s: %s", cmds[i], r.err);
		cr_expect(strstr(r.err,
		                 "pact: error: this copy has no commits on branch 'master', "
		                 "and the remote's pacts are on branch 'main' (its branches: "
		                 "origin/draft/2025, origin/main); switch to it with 'git "
		                 "switch main', then try again"),
		          "%s: %s", cmds[i], r.err);
		cr_expect(!strstr(r.err, "pact commit FILE"), "%s: %s", cmds[i], r.err);
		cr_expect_str_eq(r.out, "", "%s", cmds[i]);
		run_result_free(&r);
		cr_expect_eq(fx_sh(&r, copy, "pact --lang=vi %s", cmds[i] + 5), 1, "%s", r.err);
		cr_expect(strstr(r.err,
		                 "pact: lỗi: bản sao này không có lần ghi nào trên nhánh "
		                 "'master', còn giao ước của kho từ xa nằm trên nhánh 'main'") &&
		                  strstr(r.err,
		                         "hãy chuyển sang nhánh đó bằng 'git switch main' rồi "
		                         "chạy lại"),
		          "%s: %s", cmds[i], r.err);
		run_result_free(&r);
	}
	/* nothing was committed: no second history beside the hub's */
	cr_expect_neq(fx_sh(&r, copy, "git rev-parse -q --verify refs/heads/master"), 0, "%s",
	              r.out);
	run_result_free(&r);
	/* and what it says to do works */
	cr_expect_eq(fx_sh(&r, copy, "git switch -q main && pact log --oneline"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "2024: new pact"), "%s", r.out);
	run_result_free(&r);
	free(f);
	free(text);
	free(copy);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(newuser, a_fresh_clone_is_told_to_fetch_the_hubs_draft_not_to_open_another)
{
	char *dir, *store = fx_store(&dir), *copy = hub_and_copy(dir, store, "main");
	run_result r;

	cr_expect_eq(fx_sh(&r, copy, "pact review status 2025"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: this copy has no draft for 2025 yet, but 'origin' "
	                        "has one; fetch it with 'pact review pull origin'"),
	          "%s", r.err);
	cr_expect(!strstr(r.err, "review open"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, copy, "pact --lang=vi review approve 2025 --member so-y-te " YTE), 1,
	             "%s", r.err);
	cr_expect(strstr(r.err, "pact: lỗi: bản sao này chưa có dự thảo năm 2025, nhưng 'origin' "
	                        "đã có; hãy lấy về bằng 'pact review pull origin'"),
	          "%s", r.err);
	run_result_free(&r);

	/* open refuses, and changes nothing */
	cr_expect_eq(fx_sh(&r, copy, "pact review open 2025 " YTE), 1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: 'origin' already has a draft for 2025; fetch it "
	                        "with 'pact review pull origin' rather than open a second one. "
	                        "Nothing was changed"),
	          "%s", r.err);
	cr_expect_str_eq(r.out, "");
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, copy, "pact --lang=vi review open 2025 " YTE), 1, "%s", r.err);
	cr_expect(strstr(r.err,
	                 "pact: lỗi: 'origin' đã có dự thảo năm 2025; hãy lấy dự thảo đó về "
	                 "bằng 'pact review pull origin' thay vì mở dự thảo thứ hai. Chưa có "
	                 "gì thay đổi"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, copy,
	                   "git for-each-ref refs/heads/draft refs/pact/reviews; "
	                   "git symbolic-ref --short HEAD"),
	             0, "%s", r.err);
	cr_expect_str_eq(r.out, "main\n");
	run_result_free(&r);

	/* what it says to do brings the bloc's draft */
	cr_expect_eq(fx_sh(&r, copy, "pact review pull && pact review status 2025"), 0, "%s",
	             r.err);
	cr_expect(strstr(r.out, "draft 2025 on branch 'draft/2025'") && strstr(r.out, "so-y-te"),
	          "%s", r.out);
	run_result_free(&r);
	/* a store with no remote draft is still told to open one */
	cr_expect_eq(fx_sh(&r, store, "pact review status 2026"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "no draft for 2026; start one with 'pact review open 2026'"), "%s",
	          r.err);
	run_result_free(&r);
	free(copy);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* A clause's title is read by members as much as its commitments: "Thi đua
 * thực hiện thắng lợi nhiệm vụ chính trị năm 2024" left unchanged in the
 * 2025 draft was not among the leftovers, so status said nothing of it and
 * merge adopted it. */
Test(newuser, a_clause_title_naming_last_year_is_a_leftover)
{
	char *dir, *store = fx_store(&dir), *text = fx_pact(2024, NULL);
	char *f = strf("%s/titled.yaml", dir), *titled;
	const char *at = "  - id: quan-triet\n    number: 1\n";
	run_result r;

	cr_assert(strstr(text, at));
	titled = strf("%.*s%s    title: Thi đua thực hiện nhiệm vụ chính trị năm 2024\n%s",
	              (int)(strstr(text, at) - text), text, at, strstr(text, at) + strlen(at));
	cr_assert_eq(write_file(f, titled, strlen(titled)), 0);
	cr_assert_eq(
	        fx_sh(&r, store,
	              "pact commit ../titled.yaml -m 'Tên điều' >/dev/null && "
	              "pact review open 2025 " YTE " >/dev/null && "
	              "sed -i 's/date: 2025-01-01/date: 2025-03-20/; "
	              "s/Khen thưởng kịp thời./Khen thưởng kịp thời, đúng người./' "
	              "pacts/2025.yaml && pact commit pacts/2025.yaml -m 'Ngày ký' >/dev/null"),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "leftovers from 2024 ('review merge' refuses them; fix them or "
	                        "use --allow-leftovers):\n"
	                        "  clause quan-triet, title: unchanged since 2024 and mentions "
	                        "2024\n"),
	          "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=vi review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "  điều quan-triet, tên điều: giữ nguyên từ năm 2024 và nhắc đến "
	                        "năm 2024\n"),
	          "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review merge 2025"),
	             1, "%s", r.err);
	cr_expect(strstr(r.err, "the draft still has 1 leftover of 2024 (clause quan-triet, "
	                        "title: unchanged since 2024 and mentions 2024)"),
	          "%s", r.err);
	run_result_free(&r);
	/* the title rewritten for 2025: nothing left over */
	cr_expect_eq(fx_sh(&r, store,
	                   "sed -i 's/chính trị năm 2024/chính trị năm 2025/' pacts/2025.yaml && "
	                   "pact commit pacts/2025.yaml -m 'Tên điều 2025' >/dev/null && "
	                   "pact review status 2025"),
	             0, "%s", r.err);
	cr_expect(!strstr(r.out, "leftovers"), "%s", r.out);
	run_result_free(&r);
	free(titled);
	free(f);
	free(text);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* `pact init` makes a store whose first commit holds no pact; `pact log`
 * there printed nothing at all, with exit status 0, which the officer
 * could not tell from a failure. It still exits 0, and says why on
 * stderr; the JSON stays an empty list. */
Test(newuser, an_empty_log_says_why)
{
	char *dir, *store = fx_store(&dir), *k = strf("%s/k", dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, dir, "pact init k"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, k, "pact log"), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	cr_expect_str_eq(r.err, "pact: no pact has been committed on this branch yet; add one "
	                        "with 'pact commit FILE'\n");
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, k, "pact --lang=vi log --oneline"), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	cr_expect_str_eq(r.err, "pact: nhánh này chưa có giao ước nào được ghi; hãy thêm bằng "
	                        "'pact commit TỆP'\n");
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, k, "pact log --format=json"), 0, "%s", r.err);
	cr_expect_str_eq(r.err, "");
	cr_expect(strstr(r.out, "\"commits\": []"), "%s", r.out);
	run_result_free(&r);
	/* a year no revision changed */
	cr_expect_eq(fx_sh(&r, store, "pact log 2025"), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	cr_expect_str_eq(r.err, "pact: no revision here changes the 2025 pact\n");
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=vi log 2025"), 0, "%s", r.err);
	cr_expect_str_eq(r.err, "pact: ở đây không có phiên bản nào thay đổi giao ước năm 2025\n");
	run_result_free(&r);
	/* and one that has revisions says nothing more */
	cr_expect_eq(fx_sh(&r, store, "pact log 2024 --oneline"), 0, "%s", r.err);
	cr_expect_str_eq(r.err, "");
	run_result_free(&r);
	free(k);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* The signing date in every report is one date, old and new: word by word
 * it read "[-2024-] {+2025+}-03-15" (and "~~2024~~ **2025**-03-~~15~~
 * **20**" in Markdown), which the board cannot read as a date. */
Test(newuser, a_changed_signing_date_is_shown_whole)
{
	char *dir, *store = fx_store(&dir), *a = fx_pact(2024, NULL), *b = fx_pact(2025, NULL);
	char *fa = strf("%s/a.yaml", dir), *fb = strf("%s/b.yaml", dir);
	run_result r;

	cr_assert_eq(write_file(fa, a, strlen(a)), 0);
	cr_assert_eq(write_file(fb, b, strlen(b)), 0);
	cr_expect_eq(fx_sh(&r, dir, "pact diff a.yaml b.yaml --lang=en"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "   Date of signing: [-2024-03-15-] {+2025-03-15+}\n"), "%s",
	          r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, dir, "pact diff a.yaml b.yaml --lang=vi"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "   Ngày ký: [-2024-03-15-] {+2025-03-15+}\n"), "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, dir, "pact diff a.yaml b.yaml --lang=vi --format=markdown"), 0, "%s",
	             r.err);
	cr_expect(strstr(r.out, "- **Ngày ký**: ~~2024-03-15~~ **2025-03-15**\n"), "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, dir, "pact diff a.yaml b.yaml --lang=vi --format=html"), 0, "%s",
	             r.err);
	cr_expect(strstr(r.out, "<del>2024-03-15</del>") && strstr(r.out, "<ins>2025-03-15</ins>"),
	          "%s", r.out);
	run_result_free(&r);
	/* a date that did not change is not listed */
	cr_expect_eq(fx_sh(&r, dir, "pact diff a.yaml a.yaml --lang=en"), 0, "%s", r.err);
	cr_expect(!strstr(r.out, "Date of signing"), "%s", r.out);
	run_result_free(&r);
	free(fa);
	free(fb);
	free(a);
	free(b);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* Last year's pact as the officer holds it, its signature block as Nghị
 * định 30 lays it out: "TM. <AGENCY>", the signatory's title, the name.
 * "TRƯỞNG BAN" (the head of Ban Dân tộc) was read as an agency: a warning
 * that the block names something not in the preamble's list, and with no
 * list a member "Trưởng Ban" (id truong-ban) asked to approve. */
static const char signed_text[] =
        "KHỐI THI ĐUA CÁC CƠ QUAN KINH TẾ - TỔNG HỢP\n"
        "Quảng Ninh, ngày 15 tháng 3 năm 2024\n"
        "BẢN GIAO ƯỚC THI ĐUA NĂM 2024\n"
        "Nhằm phát huy kết quả đạt được năm 2023, %s thống nhất ký giao ước thi đua năm "
        "2024 với các nội dung sau:\n"
        "1. Thi đua thực hiện thắng lợi nhiệm vụ chính trị\n"
        "a) Hoàn thành 100%% các chỉ tiêu được giao.\n"
        "b) Tham mưu kịp thời các văn bản.\n"
        "2. Công tác thi đua, khen thưởng\n"
        "a) Thực hiện đúng quy định về thi đua, khen thưởng.\n"
        "Trên đây là Bản giao ước thi đua năm 2024. Các cơ quan thành viên cam kết thực hiện "
        "nghiêm túc./.\n"
        "TM. SỞ TƯ PHÁP\nGIÁM ĐỐC\nLê Thị Hương\n"
        "TM. BAN DÂN TỘC\nTRƯỞNG BAN\nHoàng Văn Sơn\n"
        "TM. VIỆN KIỂM SÁT NHÂN DÂN TỈNH\nVIỆN TRƯỞNG\nPhạm Văn Nam\n";

Test(newuser, a_signatorys_title_is_not_a_member)
{
	char *dir, *store = fx_store(&dir);
	char *listed = strf(signed_text, "đại diện lãnh đạo 03 cơ quan thành viên của Khối thi "
	                                 "đua gồm: Sở Tư pháp, Ban Dân tộc, Viện Kiểm sát nhân dân "
	                                 "tỉnh");
	char *unlisted = strf(signed_text, "các cơ quan thành viên");
	char *f1 = strf("%s/listed.txt", dir), *f2 = strf("%s/unlisted.txt", dir);
	run_result r;

	cr_assert_eq(write_file(f1, listed, strlen(listed)), 0);
	cr_assert_eq(write_file(f2, unlisted, strlen(unlisted)), 0);
	cr_expect_eq(fx_sh(&r, dir, "pact import listed.txt --lang=en -o listed.yaml"), 0, "%s",
	             r.err);
	cr_expect(!strstr(r.err, "TRƯỞNG"), "%s", r.err);
	cr_expect(strstr(r.err, "imported 2 clauses, 3 commitments, 3 members"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, dir, "pact import listed.txt --lang=vi -o listed.yaml"), 0, "%s",
	             r.err);
	cr_expect(!strstr(r.err, "phần chữ ký có"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, dir,
	                   "pact import unlisted.txt --lang=en -o unlisted.yaml && "
	                   "grep 'id:' unlisted.yaml"),
	             0, "%s", r.err);
	cr_expect_str_eq(r.out, "  - id: so-tu-phap\n"
	                        "  - id: ban-dan-toc\n"
	                        "  - id: vien-kiem-sat-nhan-dan-tinh\n"
	                        "  - id: thang-loi-nhiem-vu\n"
	                        "  - id: khen-thuong\n");
	run_result_free(&r);
	free(f1);
	free(f2);
	free(listed);
	free(unlisted);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* Before adoption the draft's text is only on its branch. On 'main',
 * `pact show 2025` and `pact diff 2024 2025` said "no pact for 2025 in the
 * store", though the bloc had been reviewing it for weeks; now they name
 * the draft and the address that reads it. */
Test(newuser, a_year_only_drafted_is_named_with_its_address)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store, "pact review open 2025 --no-switch " YTE " >/dev/null"), 0,
	             "%s", r.err);
	run_result_free(&r);
	const char *cmds[] = {"show 2025", "diff 2024 2025"};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		cr_expect_eq(fx_sh(&r, store, "pact %s", cmds[i]), 1, "%s: %s", cmds[i], r.err);
		cr_expect(strstr(r.err,
		                 "pact: error: no pact for 2025 on this branch; its draft is "
		                 "on branch 'draft/2025': read it as 2025@draft/2025"),
		          "%s: %s", cmds[i], r.err);
		run_result_free(&r);
		cr_expect_eq(fx_sh(&r, store, "pact --lang=vi %s", cmds[i]), 1, "%s: %s", cmds[i],
		             r.err);
		cr_expect(strstr(r.err,
		                 "pact: lỗi: nhánh này chưa có giao ước năm 2025; dự thảo nằm "
		                 "trên nhánh 'draft/2025': đọc bằng địa chỉ 2025@draft/2025"),
		          "%s: %s", cmds[i], r.err);
		run_result_free(&r);
	}
	/* the address it gives works */
	cr_expect_eq(fx_sh(&r, store, "pact diff 2024 2025@draft/2025 --stat"), 0, "%s", r.err);
	run_result_free(&r);
	/* a year with no draft either: as before */
	cr_expect_eq(fx_sh(&r, store, "pact show 2026"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: no pact for 2026 in the store"), "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}
