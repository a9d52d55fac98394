/*
 * test_review_ref_kill.c - a pact killed while it holds the lock of a ref
 * it moves for the review workflow (review pull bringing a review up to
 * the remote's, review push recording what the remote now holds) leaves
 * nothing that blocks the next command. The lock is held while the
 * reflog line is appended, so a FIFO put at the reflog's path (with
 * core.logAllRefUpdates=always, git's setting to log every ref) stops pact
 * right there, holding the lock, every time; it is then killed. With
 * libgit2's own ref writes the empty lock it left stopped every later
 * pull ("failed to lock file ... for writing"), a lock nobody could tell
 * from a running git's.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "review_fixture.h"
#include "store_helpers.h"

TestSuite(review_ref_kill);

#define REVIEW "refs/pact/reviews/2025"
#define TRACKING "refs/pact/remotes/origin/reviews/2025"

/* Run `pact review CMD` in `s` until it holds `ref`'s lock (stopped on
 * the FIFO at the ref's reflog), then SIGKILL it. */
static void kill_holding(const char *s, const char *cmd, const char *ref)
{
	char *lock = strf("%s/.git/%s.lock", s, ref);
	pid_t pid = pact_spawn_quiet(s, "review", cmd);
	int held = 0;

	for (int i = 0; i < 3000 && !held; i++) { /* up to 30 s on a loaded machine */
		struct timespec ts = {0, 10 * 1000 * 1000};
		held = access(lock, F_OK) == 0;
		if (!held)
			nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	cr_assert(held, "pact review %s never held %s", cmd, lock);
	free(lock);
}

/* What must hold after the kill: the next pull works, moves the review to
 * the remote's, and leaves no lock or list of pact's behind. */
static void next_pull_works(const char *dir, const char *other)
{
	run_result r;
	char *hub = NULL, *here = NULL;

	cr_expect_eq(fx_sh(&r, other, "timeout -s KILL 60 pact --lang=en review pull"), 0, "%s",
	             r.err);
	run_result_free(&r);
	fx_sh(&r, dir, "git -C hub.git rev-parse " REVIEW);
	hub = strdup(r.out);
	run_result_free(&r);
	fx_sh(&r, other, "git rev-parse " REVIEW);
	here = strdup(r.out);
	run_result_free(&r);
	cr_expect_str_eq(here, hub, "the review did not follow the remote's");
	cr_expect_eq(fx_sh(&r, other,
	                   "test -z \"$(find .git -name '*.lock' ! -name pact.lock -o -name "
	                   "'pact-fetch.refs' -o -name 'pact-ref.owned')\" && git fsck "
	                   "--no-dangling 2>&1 >/dev/null"),
	             0, "something left behind: %s", r.out);
	run_result_free(&r);
	free(hub);
	free(here);
}

Test(review_ref_kill, a_pull_killed_holding_the_review_lock_blocks_nothing, .timeout = 180)
{
	char *dir, *store = fx_store(&dir), *other = fx_shared_review(dir, store);
	run_result r;

	/* the remote's review moves on: the clone's pull fast-forwards its own */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member bhxh-tinh " BHXH
	                   " >/dev/null && pact review push"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, other,
	                   "git config core.logAllRefUpdates always && rm -f .git/logs/" REVIEW
	                   " && mkdir -p .git/logs/refs/pact/reviews && mkfifo .git/logs/" REVIEW),
	             0, "%s", r.err);
	run_result_free(&r);
	kill_holding(other, "pull", REVIEW);
	cr_assert_eq(fx_sh(NULL, other, "rm -f .git/logs/" REVIEW), 0);
	next_pull_works(dir, other);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_ref_kill, a_push_killed_recording_the_remote_blocks_nothing, .timeout = 180)
{
	char *dir, *store = fx_store(&dir), *other = fx_shared_review(dir, store);
	run_result r;

	/* the clone approves and pushes; killed while it records what the
	 * remote now holds (its tracking ref) */
	cr_assert_eq(fx_sh(&r, other,
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "git config core.logAllRefUpdates always && rm -f .git/logs/" TRACKING
	                   " && mkdir -p .git/logs/refs/pact/remotes/origin/reviews && mkfifo "
	                   ".git/logs/" TRACKING),
	             0, "%s", r.err);
	run_result_free(&r);
	kill_holding(other, "push", TRACKING);
	cr_assert_eq(fx_sh(NULL, other, "rm -f .git/logs/" TRACKING), 0);
	next_pull_works(dir, other);
	/* and a push after it is as usual */
	cr_expect_eq(fx_sh(&r, other, "timeout -s KILL 60 pact review push"), 0, "%s", r.err);
	run_result_free(&r);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}
