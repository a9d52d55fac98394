/*
 * test_pull_kill.c - `pact pull` killed (SIGKILL) at random moments against
 * a real local remote never leaves what git could commit by mistake, and
 * the next pact command of any kind finishes or undoes the pull.
 *
 * The pull moves what is checked out as a commit does (store_switch.c):
 * index.lock first, journal, work tree and index, the branch's
 * compare-and-swap. Between the kill and the next pact command the
 * incoming files may stand in the work tree, untracked or staged, but
 * only behind git's index.lock; afterwards the store is clean, on the old
 * tip or the new one, with none of pact's temporary files left behind.
 * The real git CLI is the judge (status, diff --cached, fsck, commit).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(pull_kill, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* In `a`: round i adds the pact of year 2030+i and changes 2024's, then
 * pushes to origin. */
static void upstream_commit(const char *a, int i)
{
	char *spec = strf("a b:round%d", i), *f;
	run_result r;

	f = gen_pact_file(store_tmp, "up.yaml", 2024, spec);
	free(f);
	f = gen_pact_file(store_tmp, "new.yaml", 2030 + i, "x y");
	free(f);
	r = run_sh(a, "timeout -s KILL 30 " PACT_BIN " commit ../up.yaml ../new.yaml -m up && "
	              "git push -q origin main 2>/dev/null");
	cr_assert_eq(r.status, 0, "round %d upstream: %s", i, r.err);
	run_result_free(&r);
	free(spec);
}

Test(pull_kill, sigkill_at_random_moments_is_finished_or_undone_by_the_next_command, .timeout = 600)
{
	char *a = strf("%s/a", store_tmp), *b = strf("%s/b", store_tmp);
	unsigned seed0 = (unsigned)time(NULL), seed = seed0;
	long span = 0;
	run_result r;
	int moved = 0, stayed = 0, interrupted = 0;

	r = run_pact(store_tmp, "init", "a", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(sh(store_tmp, NULL,
	                "git init -q --bare -b main r.git && cd a && git remote add origin "
	                "../r.git && git push -q origin main 2>/dev/null && cd .. && "
	                "git clone -q r.git b"),
	             0);
	/* how long a whole pull takes here: the kills fall anywhere in it */
	for (int i = 0; i < 3; i++) {
		upstream_commit(a, 100 + i);
		long t = pact_and_kill(b, -1, "pull", NULL);
		span = t > span ? t : span;
	}

	for (int i = 0; i < 40; i++) {
		char *old = sh_out(b, "git rev-parse HEAD"), *tip, *head, *staged, *untracked,
		     *left, *before, *after;
		long us = (long)(rand_r(&seed) % (unsigned)(span + span / 5 + 1));
		int was_interrupted;

		upstream_commit(a, i);
		tip = sh_out(a, "git rev-parse HEAD");
		pact_and_kill(b, us, "pull", NULL);

		/* before any pact command: what the kill left is only ever
		 * behind git's lock, so git cannot commit it */
		staged = sh_out(b, "git diff --cached --name-only HEAD");
		untracked = sh_out(b, "git ls-files --others --exclude-standard");
		was_interrupted = staged[0] || untracked[0];
		if (was_interrupted) {
			interrupted++;
			cr_expect_eq(
			        sh(b, NULL, "test -e .git/index.lock"), 0,
			        "round %d (seed %u, %ld us): staged '%s', untracked '%s' without "
			        "index.lock",
			        i, seed0, us, staged, untracked);
		}
		free(staged);
		free(untracked);

		/* any pact command finishes or undoes it, and says which */
		r = run_sh(b, "timeout -s KILL 30 " PACT_BIN " log -n1 >/dev/null");
		cr_expect_eq(r.status, 0, "round %d (seed %u, %ld us): %s", i, seed0, us, r.err);
		if (was_interrupted)
			cr_expect(strstr(r.err, "pact: warning: ") && strstr(r.err, "interrupted"),
			          "round %d (seed %u, %ld us): recovered silently: %s", i, seed0,
			          us, r.err);
		run_result_free(&r);
		/* a fetch killed while it held a ref's lock: that command
		 * removed it too (checked with what is left behind, below) */
		head = sh_out(b, "git rev-parse HEAD");
		cr_expect(!strcmp(head, old) || !strcmp(head, tip),
		          "round %d (seed %u, %ld us): HEAD %s is neither the old tip nor the "
		          "remote's",
		          i, seed0, us, head);
		if (!strcmp(head, tip))
			moved++;
		else
			stayed++;
		left = sh_out(b,
		              "git status --porcelain; ls .git/index.lock .git/pact-* 2>/dev/null; "
		              "find .git/refs -name '*.lock'");
		cr_expect_str_eq(left, "", "round %d (seed %u, %ld us): left behind: %s", i, seed0,
		                 us, left);
		cr_expect_eq(sh(b, NULL, "git fsck --strict --no-dangling >/dev/null 2>&1"), 0,
		             "round %d (seed %u): fsck", i, seed0);
		/* the user commits something else with git: the pacts stay */
		before = sh_out(b, "git ls-tree -r HEAD pacts | md5sum");
		cr_expect_eq(sh(b, NULL,
		                "echo %d > other.txt && git add other.txt && "
		                "git commit -qm other >/dev/null 2>&1",
		                i),
		             0, "round %d: git commit", i);
		after = sh_out(b, "git ls-tree -r HEAD pacts | md5sum");
		cr_expect_str_eq(after, before, "round %d (seed %u, %ld us): git changed the pacts",
		                 i, seed0, us);
		/* and gives it back, so the next pull fast-forwards */
		cr_assert_eq(sh(b, NULL, "git reset -q --hard HEAD~1"), 0);
		free(before);
		free(after);
		free(left);
		free(head);
		free(tip);
		free(old);
	}
	cr_log_info("pull_kill: seed %u, span %ld us: %d moved, %d stayed, %d left files "
	            "behind the lock",
	            seed0, span, moved, stayed, interrupted);
	/* a plain pull afterwards catches up and leaves everything in order */
	r = run_pact(b, "pull", NULL);
	cr_expect_eq(r.status, 0, "seed %u: %s", seed0, r.err);
	run_result_free(&r);
	{
		char *h = sh_out(b, "git rev-parse HEAD"), *t = sh_out(a, "git rev-parse HEAD");
		cr_expect_str_eq(h, t);
		free(h);
		free(t);
	}
	cr_expect_eq(sh(b, NULL, "test -z \"$(git status --porcelain)\""), 0);
	free(a);
	free(b);
}

/* The two outcomes, made exactly as a kill leaves them (the journal, the
 * new index in index.lock linked as pact-index.owned): the next command
 * says what it did, since files in the work tree come or go. */
Test(pull_kill, the_next_command_says_whether_it_finished_or_undid)
{
	char *s = strf("%s/s", store_tmp), *out = NULL;
	run_result r = run_pact(store_tmp, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(gen_pact_file(store_tmp, "new.yaml", 2025, "a b"));

	/* killed after the branch moved: the incoming file is not in the work
	 * tree yet, the index in the lock stages it */
	cr_assert_eq(
	        sh(s, NULL,
	           "old=$(git rev-parse HEAD) && cp ../new.yaml x && b=$(git hash-object -w x) && "
	           "rm x && GIT_INDEX_FILE=.git/pact-index.owned git read-tree HEAD && "
	           "GIT_INDEX_FILE=.git/pact-index.owned git update-index --add "
	           "--cacheinfo 100644,$b,pacts/2025.yaml && "
	           "t=$(GIT_INDEX_FILE=.git/pact-index.owned git write-tree) && "
	           "c=$(git commit-tree -p HEAD -m 'Add pact 2025' $t) && "
	           "ln .git/pact-index.owned .git/index.lock && "
	           "printf 'pact commit journal 1\\nref refs/heads/main\\nold %%s\\nnew "
	           "%%s\\npath pacts/2025.yaml\\n' $old $c > .git/pact-commit.journal && "
	           "git update-ref refs/heads/main $c"),
	        0);
	r = run_pact(s, "log", "-n1", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "pact: warning: finished a commit, pull or branch switch that was "
	                        "interrupted after the branch moved"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, &out, "git status --porcelain; cat pacts/2025.yaml | wc -l"), 0);
	cr_expect(out[0] != ' ' && out[0] != '?' && strcmp(out, "0"), "%s", out);
	free(out);

	/* killed before: the file written, the branch not moved */
	cr_assert_eq(sh(s, NULL,
	                "old=$(git rev-parse HEAD) && cp .git/index .git/pact-index.owned && "
	                "ln .git/pact-index.owned .git/index.lock && "
	                "sed 's/2025/2026/' pacts/2025.yaml > pacts/2026.yaml && "
	                "b=$(git hash-object -w pacts/2026.yaml) && "
	                "GIT_INDEX_FILE=.git/tmpidx git read-tree HEAD && "
	                "GIT_INDEX_FILE=.git/tmpidx git update-index --add "
	                "--cacheinfo 100644,$b,pacts/2026.yaml && "
	                "t=$(GIT_INDEX_FILE=.git/tmpidx git write-tree) && rm .git/tmpidx && "
	                "c=$(git commit-tree -p HEAD -m never $t) && "
	                "printf 'pact commit journal 1\\nref refs/heads/main\\nold %%s\\nnew "
	                "%%s\\npath pacts/2026.yaml\\n' $old $c > .git/pact-commit.journal"),
	             0);
	r = run_pact(s, "show", "2025", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "pact: warning: undid a commit, pull or branch switch that was "
	                        "interrupted before the branch moved"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(
	        sh(s, NULL, "test -z \"$(git status --porcelain)\" && test ! -e pacts/2026.yaml"),
	        0, "the interrupted change was not undone");
	/* a second command has nothing to say */
	r = run_pact(s, "log", "-n1", NULL);
	cr_expect_str_eq(r.err, "");
	run_result_free(&r);
	free(s);
}

/* Start `pact pull` in `store` and SIGKILL it as soon as `file` exists
 * (within 30 s): 0 when it was killed there. */
static int pull_killed_when(const char *store, const char *file)
{
	char *path = strf("%s/%s", store, file);
	pid_t pid = pact_spawn_quiet(store, "pull", NULL);
	int seen = 0;

	for (int i = 0; i < 30000 && !seen; i++) {
		struct timespec ts = {0, 1000000};
		seen = access(path, F_OK) == 0;
		if (!seen)
			nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	free(path);
	return seen ? 0 : -1;
}

/* The kill lands while the pull holds the remote-tracking ref's lock: its
 * reflog is a FIFO, so writing it waits, lock held, for the kill. The next
 * pact command removes that lock (it is provably pact's) and git and pact
 * fetch again; a lock that is not pact's stays, and the pull names it. */
Test(pull_kill, a_fetch_killed_holding_a_ref_lock_does_not_stop_the_next_pull)
{
	char *a = strf("%s/a", store_tmp), *b = strf("%s/b", store_tmp), *tip, *head;
	run_result r = run_pact(store_tmp, "init", "a", NULL);

	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(sh(store_tmp, NULL,
	                "git init -q --bare -b main r.git && cd a && git remote add origin "
	                "../r.git && git push -q origin main 2>/dev/null && cd .. && "
	                "git clone -q r.git b"),
	             0);
	upstream_commit(a, 1);
	cr_assert_eq(sh(b, NULL,
	                "rm -f .git/logs/refs/remotes/origin/main && "
	                "mkfifo .git/logs/refs/remotes/origin/main"),
	             0);
	cr_assert_eq(pull_killed_when(b, ".git/refs/remotes/origin/main.lock"), 0,
	             "the pull never locked refs/remotes/origin/main");
	/* the FIFO gives way to a plain log again */
	cr_assert_eq(sh(b, NULL,
	                "test -e .git/refs/remotes/origin/main.lock && "
	                "rm .git/logs/refs/remotes/origin/main && "
	                ": > .git/logs/refs/remotes/origin/main"),
	             0);

	r = run_sh(b, "timeout -s KILL 30 " PACT_BIN " log -n1 >/dev/null");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	head = sh_out(b, "find .git/refs -name '*.lock'; ls .git/pact-* 2>/dev/null");
	cr_expect_str_eq(head, "", "left behind after the next command");
	free(head);
	cr_expect_eq(sh(b, NULL, "git fetch -q origin 2>&1"), 0, "git fetch still blocked");
	r = run_pact(b, "pull", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	tip = sh_out(a, "git rev-parse HEAD");
	head = sh_out(b, "git rev-parse HEAD");
	cr_expect_str_eq(head, tip);
	free(head);

	/* a lock pact did not make (a git running, or one that crashed) is
	 * left alone and named */
	upstream_commit(a, 2);
	cr_assert_eq(sh(b, NULL, ": > .git/refs/remotes/origin/main.lock"), 0);
	r = run_sh(b, "timeout -s KILL 30 " PACT_BIN " pull");
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, ".git/refs/remotes/origin/main.lock' exists") &&
	                  strstr(r.err, "remove that file"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(b, NULL, "test -e .git/refs/remotes/origin/main.lock"), 0);
	free(tip);
	free(a);
	free(b);
}
