/*
 * test_head_states.c - a HEAD that is not on a branch with commits: a new
 * empty store, a branch that vanished (deleted or renamed), a detached
 * HEAD, a HEAD on a ref that is not a branch, a branch other than main or
 * the draft, and a bare store. Each gets a clear message and the exit
 * status of README's table (1 for these), never an empty success, a
 * crash, or a commit that starts a second history.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

#define YTE "--author 'Trần Y <yte@bloc.vn>'"
#define BHXH "--author 'Lê Bảo <bao@bhxh.vn>'"

/* A run that ended by itself with one of README's statuses (not a signal,
 * not 127), its message on stderr when it failed. */
static void expect_clean_exit(const run_result *r, const char *what)
{
	cr_expect(r->status >= 0 && r->status <= 3, "%s: exit %d: %s", what, r->status, r->err);
	if (r->status != 0)
		cr_expect(strstr(r->err, "pact: error: ") != NULL, "%s: no message: %s", what,
		          r->err);
	cr_expect(strstr(r->err, "unknown failure") == NULL, "%s: %s", what, r->err);
}

Test(head_states, an_empty_store_says_so_and_its_first_commit_works)
{
	char *dir, *store = fx_store(&dir), *e = strf("%s/e", dir), *text = fx_pact(2024, NULL);
	char *f = strf("%s/in.yaml", dir);
	run_result r;

	cr_assert_eq(write_file(f, text, strlen(text)), 0);
	cr_assert_eq(fx_sh(NULL, dir, "git init -q -b main e"), 0);
	const char *reads[] = {"pact log", "pact log --oneline", "pact show 2024"};
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		cr_expect_eq(fx_sh(&r, e, "%s", reads[i]), 1, "%s: %s", reads[i], r.err);
		cr_expect(strstr(r.err, "the store has no commits yet") &&
		                  strstr(r.err, "pact commit"),
		          "%s: %s", reads[i], r.err);
		cr_expect_str_eq(r.out, "", "%s", reads[i]);
		run_result_free(&r);
	}
	cr_expect_eq(fx_sh(&r, e, "pact commit ../in.yaml"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, e, "pact log --oneline"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "Add pact 2024"), "%s", r.out);
	run_result_free(&r);
	free(f);
	free(text);
	free(e);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(head_states, a_vanished_branch_is_named_and_never_gets_a_second_history)
{
	char *dir, *store = fx_store(&dir), *text = fx_pact(2023, NULL);
	char *f = strf("%s/in.yaml", dir);
	run_result r;

	cr_assert_eq(write_file(f, text, strlen(text)), 0);
	/* a branch deleted while checked out, as `git branch -m` elsewhere or
	 * a hand-edited HEAD leaves it */
	cr_assert_eq(fx_sh(NULL, store, "git symbolic-ref HEAD refs/heads/gone"), 0);
	const char *cmds[] = {"pact log", "pact log --clause khen-thuong", "pact show 2024",
	                      "pact commit ../in.yaml", "pact push"};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		cr_expect_eq(fx_sh(&r, store, "%s", cmds[i]), 1, "%s: %s", cmds[i], r.err);
		cr_expect(strstr(r.err, "HEAD is on branch 'gone', which does not exist") &&
		                  strstr(r.err, "branches: main") &&
		                  strstr(r.err, "git switch main"),
		          "%s: %s", cmds[i], r.err);
		cr_expect(!strstr(r.err, "no commits yet"), "%s: %s", cmds[i], r.err);
		cr_expect_str_eq(r.out, "", "%s", cmds[i]);
		run_result_free(&r);
	}
	/* no orphan history was started */
	cr_expect_neq(fx_sh(NULL, store, "git rev-parse -q --verify refs/heads/gone"), 0);
	/* back on main, everything works */
	cr_expect_eq(fx_sh(&r, store,
	                   "git symbolic-ref HEAD refs/heads/main && "
	                   "pact commit ../in.yaml && pact log --oneline -n1"),
	             0, "%s", r.err);
	run_result_free(&r);
	free(f);
	free(text);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(head_states, commit_and_pull_refuse_a_head_that_is_not_on_a_branch)
{
	char *dir, *store = fx_store(&dir), *text = fx_pact(2023, NULL);
	char *f = strf("%s/in.yaml", dir);
	run_result r, before, after;

	cr_assert_eq(write_file(f, text, strlen(text)), 0);
	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 --no-switch >/dev/null"), 0);
	/* HEAD on the review's own ref: a commit there would put a pact into
	 * the review record */
	cr_assert_eq(fx_sh(&before, store, "git rev-parse refs/pact/reviews/2025"), 0);
	cr_assert_eq(fx_sh(NULL, store, "git symbolic-ref HEAD refs/pact/reviews/2025"), 0);
	cr_expect_eq(fx_sh(&r, store, "pact commit ../in.yaml"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "HEAD points at 'refs/pact/reviews/2025', which is not a branch"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact pull"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "not a branch"), "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&after, store, "git rev-parse refs/pact/reviews/2025"), 0);
	cr_expect_str_eq(after.out, before.out, "the review ref moved");
	run_result_free(&before);
	run_result_free(&after);

	/* detached */
	cr_assert_eq(fx_sh(NULL, store, "git checkout -q --detach main"), 0);
	cr_expect_eq(fx_sh(&r, store, "pact commit ../in.yaml"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "HEAD is detached") && strstr(r.err, "git switch"), "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(NULL, store, "git rev-parse -q --verify main:pacts/2023.yaml"), 0);
	free(f);
	free(text);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* Open 2025, give it the fixture's text (no leftovers), approve it by both
 * members, and go back to main. */
static void approved_draft(const char *store)
{
	char *text = fx_pact(2025, "sửa"), *f = strf("%s/../d.yaml", store);
	run_result r;

	cr_assert_eq(write_file(f, text, strlen(text)), 0);
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && "
	                   "pact commit ../d.yaml -m edit >/dev/null && git switch -q main && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	free(f);
	free(text);
}

static void every_review_command(const char *store, const char *where)
{
	const char *cmds[] = {"pact review status 2025",
	                      "pact review comments 2025",
	                      ("pact review comment 2025 " YTE " 'Đồng ý'"),
	                      "pact review check 2025",
	                      ("pact review approve 2025 --member so-y-te " YTE),
	                      "pact review merge 2025",
	                      "pact review status 2025",
	                      "pact review open 2026 --no-switch",
	                      "pact log --oneline -n2",
	                      "pact review push",
	                      "pact review pull"};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_result r;
		char *what = strf("%s: %s", where, cmds[i]);
		fx_sh(&r, store, "%s", cmds[i]);
		expect_clean_exit(&r, what);
		/* up to the merge every command succeeds; the remote ones fail
		 * cleanly (no remote) */
		if (i < 9)
			cr_expect_eq(r.status, 0, "%s: %s", what, r.err);
		run_result_free(&r);
		free(what);
	}
	cr_expect_eq(fx_sh(NULL, store, "git rev-parse -q --verify pact/2025 >/dev/null"), 0,
	             "%s: not adopted", where);
}

Test(head_states, review_commands_on_another_branch_keep_it_checked_out)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	approved_draft(store);
	cr_assert_eq(fx_sh(NULL, store, "git switch -q -c tham-khao"), 0);
	every_review_command(store, "on tham-khao");
	cr_expect_eq(fx_sh(&r, store, "git symbolic-ref HEAD; git status --porcelain"), 0);
	cr_expect_str_eq(r.out, "refs/heads/tham-khao\n");
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(head_states, review_commands_on_a_detached_head)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	approved_draft(store);
	cr_assert_eq(fx_sh(NULL, store, "git checkout -q --detach main"), 0);
	every_review_command(store, "detached");
	cr_expect_eq(fx_sh(&r, store, "git status --porcelain; git symbolic-ref -q HEAD"), 1);
	cr_expect_str_eq(r.out, "");
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(head_states, review_commands_in_a_bare_store)
{
	char *dir, *store = fx_store(&dir), *bare = strf("%s/b.git", dir);

	approved_draft(store);
	cr_assert_eq(fx_sh(NULL, dir, "git clone -q --mirror store b.git"), 0);
	every_review_command(bare, "bare");
	free(bare);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(head_states, review_commands_when_main_was_deleted)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	approved_draft(store);
	cr_assert_eq(fx_sh(NULL, store, "git checkout -q draft/2025 && git branch -q -D main"), 0);
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "branch 'main' does not exist") && strstr(r.err, "draft/2025"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review open 2026"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "branch 'main' does not exist"), "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* `git checkout COMMIT` to look at an old text, a commit made there, then
 * `review open`: the draft is opened from main, but HEAD stays detached
 * where it was (switching away would leave that commit on no branch), and
 * the officer is told so and how to get to the draft. */
Test(head_states, review_open_from_a_detached_head_leaves_it_there_and_says_so)
{
	char *dir, *store = fx_store(&dir), *before;
	run_result r;

	cr_assert_eq(fx_sh(NULL, store,
	                   "git checkout -q --detach main && echo 'ghi chú' > ghi-chu.txt && "
	                   "git add ghi-chu.txt && git commit -q -m 'Ghi chú tạm'"),
	             0);
	cr_assert_eq(fx_sh(&r, store, "git rev-parse HEAD"), 0);
	before = strdup(r.out);
	run_result_free(&r);

	cr_expect_eq(fx_sh(&r, store, "pact --lang=en review open 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "opened the 2025 draft on branch 'draft/2025'"), "%s", r.out);
	cr_expect(!strstr(r.out, "switched to branch"), "%s", r.out);
	cr_expect(strstr(r.err,
	                 "warning: this copy is on no branch (an older version is checked "
	                 "out), so it stays where it is; the draft holds main's 2024 text") &&
	                  strstr(r.err, "'git switch draft/2025'"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "git rev-parse HEAD; git symbolic-ref -q HEAD; cat ghi-chu.txt; "
	                   "git cat-file -e draft/2025:pacts/2025.yaml && echo draft"),
	             0);
	char *want = strf("%sghi chú\ndraft\n", before);
	cr_expect_str_eq(r.out, want);
	free(want);
	run_result_free(&r);

	/* in Vietnamese too, and --no-switch stays silent about it */
	cr_expect_eq(fx_sh(&r, store, "pact --lang=vi review open 2026 --from 2024"), 0, "%s",
	             r.err);
	cr_expect(strstr(r.err, "git switch draft/2026") && !strstr(r.err, "not on a branch") &&
	                  !strstr(r.err, "warning"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review open 2027 --from 2024 --no-switch"), 0, "%s",
	             r.err);
	cr_expect_str_eq(r.err, "");
	run_result_free(&r);
	free(before);
	free(store);
	rm_rf(dir);
	free(dir);
}
