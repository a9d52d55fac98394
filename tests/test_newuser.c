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
