/*
 * test_fetch_break.c - `pact pull` moves refs itself (store_fetch.c), so it
 * must refuse what `git fetch` refuses. Real git is the other party and the
 * judge: a bare remote, clones made by git, the same fetch run by git.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(fetch_break, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* a: a store pushed to the bare r.git, then b: a clone of it; a pushes one
 * more commit, b makes one of its own (the histories diverge). */
static void diverged(void)
{
	char *a = store_init(store_tmp, "a"), *f;
	run_result r;

	cr_assert_eq(sh(store_tmp, NULL,
	                "git init -q --bare -b main r.git && cd a && git remote add origin "
	                "../r.git && git push -q origin main 2>/dev/null && cd .. && "
	                "git clone -q r.git b"),
	             0);
	f = gen_pact_file(store_tmp, "up.yaml", 2024, "a b:up");
	r = run_sh(a, PACT_BIN " commit ../up.yaml -m up && git push -q origin main 2>/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
	f = gen_pact_file(store_tmp, "mine.yaml", 2024, "a b:mine");
	r = run_sh(store_tmp, "cd b && " PACT_BIN " commit ../mine.yaml -m mine");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
	free(a);
}

/* A remote whose configured fetch refspec maps its branches onto the local
 * ones ('git remote add --mirror=fetch', or a fetch line mapping refs/heads/ onto refs/heads/):
 * the pull's fetch moved the checked-out main onto the remote's tip as a
 * "remote-tracking" update, so the local commit left the branch and the
 * pull then said "Already up to date". git refuses such a fetch
 * ("refusing to fetch into branch 'refs/heads/main' checked out at ...")
 * and changes nothing; so must pact, saying what to fix. */
Test(fetch_break, a_fetch_refspec_onto_the_checked_out_branch_is_refused, .timeout = 60)
{
	char *b = strf("%s/b", store_tmp), *mine, *after, *tracked, *tracking, *gitsays;
	run_result r;

	diverged();
	mine = sh_out(b, "git rev-parse main");
	tracked = sh_out(b, "git rev-parse refs/remotes/origin/main");
	cr_assert_eq(sh(b, NULL, "git config --add remote.origin.fetch '+refs/*:refs/*'"), 0);
	/* real git's verdict on the same fetch */
	cr_assert_neq(sh(b, &gitsays, "git fetch -q 2>&1"), 0);
	cr_assert(strstr(gitsays, "refusing to fetch into branch") != NULL, "%s", gitsays);
	r = run_pact(b, "pull", NULL);
	after = sh_out(b, "git rev-parse main");
	tracking = sh_out(b, "git rev-parse refs/remotes/origin/main");
	cr_expect_str_eq(after, mine, "the local commit left main: %s", r.out);
	cr_expect_eq(r.status, 1, "exit %d: %s%s", r.status, r.out, r.err);
	cr_expect(strstr(r.out, "up to date") == NULL, "%s", r.out);
	cr_expect(strstr(r.err, "refs/heads/main") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "remote.origin.fetch") != NULL, "no remedy: %s", r.err);
	cr_expect(strstr(r.err, "nothing was changed") != NULL, "%s", r.err);
	/* nothing moved, as with git: not even the tracking ref */
	cr_expect_str_eq(tracking, tracked, "origin/main moved");
	cr_expect_eq(
	        sh(b, NULL, "git fsck --no-dangling 2>&1 && test -z \"$(git status --porcelain)\""),
	        0);
	run_result_free(&r);
	free(gitsays);
	free(tracking);
	free(tracked);
	free(after);
	free(mine);
	free(b);
}

/* A tag that moved on the remote (forward, even) is not moved here by a
 * fetch that is not forced: git refuses ("would clobber existing tag") and
 * keeps the local one; pact moved a lightweight tag whose new commit
 * descends from the old one, as if it were a branch. With
 * remote.origin.tagOpt=--tags the pull fetches every tag; afterwards the
 * tags are those of the same fetch made by git. */
Test(fetch_break, a_tag_that_moved_on_the_remote_is_kept_as_git_keeps_it, .timeout = 60)
{
	char *a = store_init(store_tmp, "a"), *b = strf("%s/b", store_tmp), *f, *tags, *gittags,
	     *tip;
	run_result r;

	cr_assert_eq(sh(store_tmp, NULL,
	                "git init -q --bare -b main r.git && cd a && git remote add origin "
	                "../r.git && git tag light && git tag -a -m adopted annotated && "
	                "git push -q origin main --tags 2>/dev/null && cd .. && "
	                "git clone -q r.git b && git -C b config remote.origin.tagOpt --tags"),
	             0);
	f = gen_pact_file(store_tmp, "up.yaml", 2024, "a b:up");
	r = run_sh(a, PACT_BIN " commit ../up.yaml -m up && git tag -f light && "
	                       "git tag -f -a -m moved annotated && git tag new && "
	                       "git push -q -f origin main --tags 2>/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(sh(store_tmp, NULL, "cp -a b g && (git -C g fetch -q origin 2>&1; true)"), 0);
	r = run_pact(b, "pull", NULL);
	cr_expect_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_result_free(&r);
	tip = sh_out(store_tmp, "git -C a rev-parse main");
	tags = sh_out(store_tmp, "git -C b for-each-ref refs/tags refs/remotes/origin/main");
	gittags = sh_out(store_tmp, "git -C g for-each-ref refs/tags refs/remotes/origin/main");
	cr_expect(strstr(gittags, "refs/tags/new") != NULL, "%s", gittags);
	cr_expect(strstr(gittags, tip) != NULL, "%s", gittags);
	cr_expect_str_eq(tags, gittags);
	free(tip);
	free(tags);
	free(gittags);
	free(f);
	free(b);
	free(a);
}
