/*
 * test_review_sync_report.c - `pact review pull` says what came in and
 * `pact review push` what went out: new drafts, comments, approvals (for
 * which member, by whom), revocations, adoptions, or that nothing is new.
 * A new officer read the old "up to date with 'origin'" as "nothing new"
 * when approvals had just arrived. Real git is the other party: a bare
 * hub and clones made by git.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

TestSuite(review_sync_report);

#define NOTHING_NEW "nothing new from 'origin': no new drafts, comments, approvals or adoptions\n"

static char *out_of(const char *cwd, const char *cmd)
{
	run_result r;
	char *out;
	cr_assert_eq(fx_sh(&r, cwd, "%s", cmd), 0, "%s: %s%s", cmd, r.out, r.err);
	out = r.out;
	r.out = NULL;
	run_result_free(&r);
	return out;
}

Test(review_sync_report, pull_and_push_say_what_moved, .timeout = 120)
{
	char *dir, *store = fx_store(&dir), *other = fx_shared_review(dir, store), *out;

	/* the clone pulled it all when it was made: nothing new now */
	out = out_of(other, "pact --lang=en review pull");
	cr_expect_str_eq(out, NOTHING_NEW);
	free(out);

	/* the other clone approves for bhxh-tinh and comments */
	cr_assert_eq(fx_sh(NULL, other,
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review comment 2025 --clause khen-thuong --author 'Phạm Chi "
	                   "<chi@bloc.vn>' 'Thêm tiêu chí' >/dev/null && "
	                   "pact review comment 2025 --author 'Phạm Chi <chi@bloc.vn>' "
	                   "'Nhìn chung đồng ý' >/dev/null"),
	             0);
	out = out_of(other, "pact --lang=en review push");
	cr_expect_str_eq(out, "sent to 'origin':\n"
	                      "  2025: approval for bhxh-tinh, given by Lê Bảo <bao@bhxh.vn>\n"
	                      "  2025: comment on the draft as a whole by Phạm Chi <chi@bloc.vn>\n"
	                      "  2025: comment on clause khen-thuong by Phạm Chi <chi@bloc.vn>\n");
	free(out);
	out = out_of(other, "pact --lang=en review push");
	cr_expect_str_eq(out, "nothing new to send: 'origin' already has every review, draft and "
	                      "adopted pact of this store\n");
	free(out);

	/* the leader's store learns exactly that, in either language */
	out = out_of(store, "pact --lang=vi review pull");
	cr_expect_str_eq(out, "nhận từ 'origin':\n"
	                      "  2025: bhxh-tinh phê duyệt, do Lê Bảo <bao@bhxh.vn>\n"
	                      "  2025: góp ý chung cho dự thảo của Phạm Chi <chi@bloc.vn>\n"
	                      "  2025: góp ý vào điều khen-thuong của Phạm Chi <chi@bloc.vn>\n");
	free(out);
	out = out_of(store, "pact --lang=vi review pull");
	cr_expect_str_eq(out, "không có gì mới từ 'origin': không có dự thảo, góp ý, phê duyệt "
	                      "hay giao ước được thông qua mới\n");
	free(out);
	/* and git agrees that both sides hold the same review */
	cr_expect_eq(fx_sh(NULL, dir,
	                   "test \"$(git -C store rev-parse refs/pact/reviews/2025)\" = "
	                   "\"$(git -C other rev-parse refs/pact/reviews/2025)\""),
	             0);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_sync_report, revocations_drafts_and_adoptions_are_named, .timeout = 120)
{
	char *dir, *store = fx_store(&dir), *other = fx_shared_review(dir, store), *out;

	cr_assert_eq(fx_sh(NULL, other,
	                   "pact review revoke 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review push >/dev/null"),
	             0);
	out = out_of(store, "pact --lang=en review pull");
	cr_expect_str_eq(out, "from 'origin':\n"
	                      "  2025: approval for so-y-te withdrawn by Trần Y <yte@bloc.vn>\n");
	free(out);

	/* the leader edits the draft: the clone hears of the new text */
	cr_assert_eq(
	        fx_sh(NULL, store,
	              "git switch -q draft/2025 && sed -i 's/kịp thời/kịp thời, đúng người/' "
	              "pacts/2025.yaml && pact commit -m 'Sửa điều 2' --author 'Ngô Lãnh "
	              "<lanh@bloc.vn>' pacts/2025.yaml >/dev/null && pact review push >/dev/null"),
	        0);
	out = out_of(other, "pact --lang=en review pull");
	cr_expect_str_eq(out, "from 'origin':\n"
	                      "  2025: the draft was changed, last by Ngô Lãnh\n");
	free(out);

	/* approved by both, adopted and shared: the push and the pull say so */
	cr_assert_eq(fx_sh(NULL, store,
	                   "sed -i 's/2025-01-01/2025-03-15/' pacts/2025.yaml && "
	                   "pact commit -m 'Ngày ký' pacts/2025.yaml >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review merge 2025 >/dev/null"),
	             0);
	out = out_of(store, "pact --lang=en review push");
	cr_expect(strstr(out, "  2025: approval for so-y-te, given by Trần Y <yte@bloc.vn>\n"),
	          "%s", out);
	cr_expect(strstr(out, "  2025: approval for bhxh-tinh, given by Lê Bảo <bao@bhxh.vn>\n"),
	          "%s", out);
	cr_expect(strstr(out, "  2025: the draft was changed, last by"), "%s", out);
	cr_expect(strstr(out, "  main (the adopted pacts): updated, last change by"), "%s", out);
	cr_expect(strstr(out, "  2025: adopted\n"), "%s", out);
	free(out);
	out = out_of(other, "pact --lang=en review pull");
	cr_expect(strstr(out, "  2025: adopted\n'pact pull' brings the adopted texts into this "
	                      "copy\n"),
	          "%s", out);
	cr_expect(strstr(out, "approval for so-y-te, given by"), "%s", out);
	free(out);
	cr_expect_eq(fx_sh(NULL, other, "git rev-parse -q --verify refs/tags/pact/2025 >/dev/null"),
	             0);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* A pull that merges two sides' reviews reports the other side's records
 * only: what this store said itself is not news to it. */
Test(review_sync_report, a_merged_pull_reports_only_the_other_side, .timeout = 120)
{
	char *dir, *store = fx_store(&dir), *other = fx_shared_review(dir, store), *out;

	cr_assert_eq(fx_sh(NULL, other,
	                   "pact review comment 2025 --author 'Phạm Chi <chi@bloc.vn>' 'Từ bản "
	                   "sao' >/dev/null && pact review push >/dev/null"),
	             0);
	cr_assert_eq(fx_sh(NULL, store,
	                   "pact review comment 2025 --author 'Ngô Lãnh <lanh@bloc.vn>' 'Từ "
	                   "trưởng khối' >/dev/null"),
	             0);
	out = out_of(store, "pact --lang=en review pull");
	cr_expect_str_eq(out,
	                 "from 'origin':\n"
	                 "  2025: comment on the draft as a whole by Phạm Chi <chi@bloc.vn>\n");
	free(out);
	out = out_of(store, "pact --lang=en review comments 2025");
	cr_expect(strstr(out, "Từ bản sao") && strstr(out, "Từ trưởng khối"), "%s", out);
	free(out);
	out = out_of(store, "pact --lang=en review push");
	cr_expect_str_eq(out,
	                 "sent to 'origin':\n"
	                 "  2025: comment on the draft as a whole by Ngô Lãnh <lanh@bloc.vn>\n");
	free(out);
	cr_expect_eq(fx_sh(NULL, dir, "git -C store fsck --strict --no-progress 2>&1 >/dev/null"),
	             0);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* The draft open in the leader's work tree is not moved under them: the
 * note names the branch as the officer knows it (not refs/heads/...) and
 * what to run, and the report does not claim the draft came in. */
Test(review_sync_report, a_draft_open_here_is_named_plainly, .timeout = 120)
{
	char *dir, *store = fx_store(&dir), *other = fx_shared_review(dir, store), *out;

	cr_assert_eq(fx_sh(NULL, other,
	                   "git switch -q draft/2025 && sed -i 's/kịp thời/kịp thời, đúng người/' "
	                   "pacts/2025.yaml && pact commit -m 'Sửa điều 2' pacts/2025.yaml "
	                   ">/dev/null && pact review push >/dev/null"),
	             0);
	out = out_of(store, "git switch -q draft/2025 && pact --lang=en review pull");
	cr_expect_str_eq(out, "note: branch 'draft/2025' is the one open here, so it was left as "
	                      "it is; bring it up to date with 'pact pull'\n" NOTHING_NEW);
	free(out);
	out = out_of(store, "pact --lang=vi review pull");
	cr_expect(strstr(out, "lưu ý: nhánh 'draft/2025' đang mở ở đây nên được giữ nguyên; hãy "
	                      "cập nhật bằng 'pact pull'\n"),
	          "%s", out);
	free(out);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}
