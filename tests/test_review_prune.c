/*
 * test_review_prune.c - `pact review pull` (and `pact pull`, which runs it)
 * prunes: a review or draft deleted on the remote loses its tracking ref,
 * and a review deleted upstream is deleted locally when it holds nothing
 * the remote did not have, so that `pact review push` never brings an
 * approval the remote deleted back. Real git is the other party: a bare
 * hub, clones made by git, deletions made with git update-ref.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "review_fixture.h"
#include "store_helpers.h"

TestSuite(review_prune);

#define REVIEW "refs/pact/reviews/2025"
#define TRACKING "refs/pact/remotes/origin/reviews/2025"
#define KEPT "refs/pact/pruned/origin/reviews/2025"

/* The property that matters: an approval deleted on the remote (the whole
 * review ref deleted with git) was kept by every clone that had pulled it,
 * and the clone's next `pact review push` put it back on the hub. */
Test(review_prune, a_review_deleted_upstream_is_not_pushed_back, .timeout = 120)
{
	char *dir, *store = fx_store(&dir), *other = fx_shared_review(dir, store), *kept;
	run_result r;

	cr_assert_eq(fx_sh(&r, other, "git rev-parse " REVIEW), 0);
	kept = strndup(r.out, 40);
	run_result_free(&r);
	cr_assert_eq(fx_sh(NULL, dir, "git -C hub.git update-ref -d " REVIEW), 0);
	cr_assert_eq(fx_sh(&r, other, "pact --lang=en review pull"), 0, "%s", r.err);
	cr_expect(strstr(r.out,
	                 REVIEW " was deleted on the remote; deleted here too (kept as " KEPT ")"),
	          "%s", r.out);
	run_result_free(&r);
	cr_expect_neq(fx_sh(NULL, other, "git rev-parse -q --verify " REVIEW), 0,
	              "the local review survived its deletion upstream");
	cr_expect_neq(fx_sh(NULL, other, "git rev-parse -q --verify " TRACKING), 0,
	              "the tracking ref survived");
	/* nothing is lost: kept where no push looks */
	cr_expect_eq(fx_sh(NULL, other, "test \"$(git rev-parse " KEPT ")\" = %s", kept), 0,
	             "the deleted review was not kept");
	/* the push sends the draft and main, never the deleted approvals */
	fx_sh(&r, other, "pact review push");
	run_result_free(&r);
	cr_expect_neq(fx_sh(NULL, dir, "git -C hub.git rev-parse -q --verify " REVIEW), 0,
	              "the deleted approval was pushed back to the hub");
	cr_expect_eq(
	        fx_sh(NULL, dir, "test -z \"$(git -C hub.git for-each-ref refs/pact/pruned)\""), 0,
	        "the kept copy was pushed");
	/* the same through `pact pull`, which runs the review pull */
	cr_assert_eq(fx_sh(&r, store, "pact pull"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(NULL, store, "git rev-parse -q --verify " REVIEW), 0);
	cr_expect_eq(fx_sh(NULL, other,
	                   "test -z \"$(find .git -name '*.lock' ! -name pact.lock -o -name "
	                   "'pact-fetch.refs' -o -name 'pact-ref.owned')\" && git fsck "
	                   "--no-dangling 2>&1 >/dev/null"),
	             0, "something left behind");
	free(kept);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* A clone that approved since its last pull keeps its review (deleting it
 * would lose an approval the remote never had) and says what a push would
 * do; a draft branch deleted upstream is kept with a note; a review still
 * on the remote is untouched. */
Test(review_prune, local_records_and_drafts_are_kept_with_a_note, .timeout = 120)
{
	char *dir, *store = fx_store(&dir), *other = fx_shared_review(dir, store), *before, *after;
	run_result r;

	cr_assert_eq(fx_sh(NULL, other,
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null"),
	             0);
	before = NULL;
	cr_assert_eq(fx_sh(&r, other, "git rev-parse " REVIEW), 0);
	before = strdup(r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(NULL, dir,
	                   "git -C hub.git update-ref -d " REVIEW " && git -C hub.git "
	                   "update-ref -d refs/heads/draft/2025"),
	             0);
	cr_assert_eq(fx_sh(&r, other, "pact --lang=en review pull"), 0, "%s", r.err);
	cr_expect(strstr(r.out,
	                 REVIEW " was deleted or rewritten on the remote, but it holds "
	                        "records made here since the last pull or push, so it is kept"),
	          "%s", r.out);
	cr_expect(strstr(r.out, "git update-ref -d " REVIEW), "no remedy: %s", r.out);
	cr_expect(strstr(r.out, "refs/heads/draft/2025 was deleted on the remote; your branch "
	                        "is kept (delete it with 'git branch -D draft/2025'"),
	          "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, other, "git rev-parse " REVIEW), 0);
	after = strdup(r.out);
	run_result_free(&r);
	cr_expect_str_eq(after, before, "a local approval was lost");
	cr_expect_eq(fx_sh(NULL, other, "git rev-parse -q --verify draft/2025 >/dev/null"), 0);
	cr_expect_neq(
	        fx_sh(NULL, other, "git rev-parse -q --verify refs/pact/remotes/origin/draft/2025"),
	        0);
	free(after);
	free(before);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* An approval dropped on the remote by rewriting the review ref (git
 * update-ref to the commit before it, or a forced push): a clone that had
 * pulled it kept it (its review contains the remote's new one) and its
 * next `pact review push` fast-forwarded the remote back onto it. The
 * clone's review now follows the remote's when it holds nothing of its
 * own. */
Test(review_prune, an_approval_dropped_by_a_rewrite_upstream_is_not_pushed_back, .timeout = 120)
{
	char *dir, *store = fx_store(&dir), *other = fx_shared_review(dir, store), *dropped, *now;
	run_result r;

	cr_assert_eq(fx_sh(&r, dir, "git -C hub.git rev-parse " REVIEW "~1"), 0);
	dropped = strdup(r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(NULL, dir, "git -C hub.git update-ref " REVIEW " %s", dropped), 0);
	cr_assert_eq(fx_sh(&r, other, "pact --lang=en review pull"), 0, "%s", r.err);
	cr_expect(strstr(r.out, REVIEW " was rewritten on the remote, dropping records it had; "
	                               "yours follows it (the old one is kept as " KEPT ")"),
	          "%s", r.out);
	cr_expect_eq(fx_sh(NULL, other, "git merge-base --is-ancestor " REVIEW " " KEPT), 0,
	             "the dropped approval was not kept");
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, other, "git rev-parse " REVIEW), 0);
	now = strdup(r.out);
	run_result_free(&r);
	cr_expect_str_eq(now, dropped, "the local review kept the dropped approval");
	cr_assert_eq(fx_sh(&r, other, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "approvals: 0 of 2 members"), "%s", r.out);
	run_result_free(&r);
	fx_sh(&r, other, "pact review push");
	run_result_free(&r);
	free(now);
	cr_assert_eq(fx_sh(&r, dir, "git -C hub.git rev-parse " REVIEW), 0);
	now = strdup(r.out);
	run_result_free(&r);
	cr_expect_str_eq(now, dropped, "the dropped approval was pushed back to the hub");
	free(now);
	free(dropped);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* SIGKILL anywhere in a pruning review pull: the local review is deleted
 * before its tracking ref, so a kill never leaves the local review without
 * the tracking ref that says it was deleted upstream (the next pull would
 * keep it, and a push bring it back); the next pull finishes the job. */
Test(review_prune, sigkill_mid_prune_never_forgets_the_deletion, .timeout = 600)
{
	char *dir, *store = fx_store(&dir), *other = fx_shared_review(dir, store), *mine, *tracked;
	unsigned seed0 = (unsigned)time(NULL), seed = seed0;
	long span = 0;
	run_result r;

	cr_assert_eq(fx_sh(&r, other, "git rev-parse " REVIEW), 0);
	mine = strdup(r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, other, "git rev-parse " TRACKING), 0);
	tracked = strdup(r.out);
	run_result_free(&r);
	mine[strcspn(mine, "\n")] = tracked[strcspn(tracked, "\n")] = '\0';
	cr_assert_eq(fx_sh(NULL, dir, "git -C hub.git update-ref -d " REVIEW), 0);
	for (int i = 0; i < 3; i++) {
		long t = pact_and_kill(other, -1, "review", "pull");
		span = t > span ? t : span;
		cr_assert_eq(fx_sh(NULL, other,
		                   "git update-ref " REVIEW " %s && git update-ref " TRACKING " %s",
		                   mine, tracked),
		             0);
	}
	for (int i = 0; i < 20; i++) {
		long us = (long)(rand_r(&seed) % (unsigned)(span + 1));
		int has_mine, has_tracked;

		pact_and_kill(other, us, "review", "pull");
		has_mine =
		        fx_sh(NULL, other, "git rev-parse -q --verify " REVIEW " >/dev/null") == 0;
		has_tracked = fx_sh(NULL, other,
		                    "git rev-parse -q --verify " TRACKING " >/dev/null") == 0;
		cr_expect(!has_mine || has_tracked,
		          "round %d (seed %u, %ld us): the local review stayed, its tracking ref "
		          "went",
		          i, seed0, us);
		cr_expect_eq(fx_sh(&r, other, "timeout -s KILL 60 pact review pull"), 0,
		             "round %d: %s", i, r.err);
		run_result_free(&r);
		cr_expect_neq(fx_sh(NULL, other, "git rev-parse -q --verify " REVIEW), 0,
		              "round %d (seed %u, %ld us): kept after the next pull", i, seed0, us);
		cr_expect_eq(fx_sh(NULL, other,
		                   "test -z \"$(find .git -name '*.lock' ! -name pact.lock -o "
		                   "-name 'pact-fetch.refs')\""),
		             0, "round %d: a lock left", i);
		cr_assert_eq(fx_sh(NULL, other,
		                   "git update-ref " REVIEW " %s && git update-ref " TRACKING " %s",
		                   mine, tracked),
		             0);
	}
	free(mine);
	free(tracked);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}
