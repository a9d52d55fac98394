/*
 * test_commit_kill.c - `pact commit` SIGKILLed just before each of its
 * writes, on a file system with hard links and on one without (link()
 * failing, through build/test-shim.so put in front of the pact CLI), then
 * the next pact command: it finishes the commit or undoes it without
 * anyone removing a file by hand, git status shows nothing, and a
 * `git commit -a` afterwards never brings the old pact back. The real git
 * CLI is the judge. A lock pact cannot prove its own is never touched.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "pact/store.h"
#include "store_helpers.h"

TestSuite(commit_kill, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* The environment that puts the shim in front of pact: no hard links
 * (nolink), no RENAME_NOREPLACE (norename2), a kill at the n-th write (n
 * 0: none), the count of writes into ../count. A sanitized pact accepts a
 * library loaded before its runtime. */
static char *shim_env(int nolink, int norename2, long n)
{
	return strf("ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0\" "
	            "LD_PRELOAD=" PACT_SHIM " PACT_SHIM_NOLINK=%d PACT_SHIM_NORENAME2=%d "
	            "PACT_SHIM_KILL_AT=%ld PACT_SHIM_COUNT=\"$PWD/../count\"",
	            nolink, norename2, n);
}

/* The branch's commit, "unborn" before the first. */
#define HEAD_ID "git rev-parse -q --verify HEAD || echo unborn"

/* `pact ARGS` in `s` with the environment words `env` before it (exec:
 * the shell's status is pact's, 137 when the shim killed it). */
static run_result run_pact_env(const char *s, const char *env, const char *args)
{
	char *cmd = strf("%s exec " PACT_BIN " %s", env, args);
	run_result r = run_sh(s, cmd);
	free(cmd);
	return r;
}

/* Set by kill_everywhere: neither hard links nor RENAME_NOREPLACE. */
static int no_noreplace;

/* What a killed commit may leave after the next pact command: nothing of
 * pact's but, where neither link() nor RENAME_NOREPLACE works, an empty
 * refs/heads/BRANCH.lock (killed between creating the ref's lock and
 * writing it, before the branch could move: it cannot be told from git's
 * own, so it stays, and the next commit names it). */
static void expect_settled(const char *s, const char *base, const char *newtext, const char *what)
{
	char *head = sh_out(s, HEAD_ID), *blob, *after, *left;

	/* no RENAME_NOREPLACE either: killed between creating index.lock and
	 * writing it, before anything else was written; an empty lock cannot
	 * be told from git's, so it stays, and pact says that removing it is
	 * safe when no git is running */
	if (sh(s, NULL, "test -e .git/index.lock && test ! -s .git/index.lock") == 0) {
		run_result r = run_sh(s, PACT_BIN " --lang=en commit ../v2.yaml -m two");
		cr_expect_eq(r.status, 3, "%s: %s", what, r.err);
		cr_expect(strstr(r.err, "is empty") && strstr(r.err, "safe"), "%s: %s", what,
		          r.err);
		run_result_free(&r);
		cr_expect_str_eq(head, base, "%s: the branch moved with an empty lock", what);
		cr_assert_eq(sh(s, NULL, "rm .git/index.lock"), 0);
	}
	left = sh_out(s, "cd .git && ls -d index.lock pact-commit.journal pact-index.* "
	                 "pact-write.tmp pact-ref.owned 2>/dev/null | tr '\\n' ' '");
	cr_expect(!left || !*left, "%s: left behind: %s", what, left);
	if (sh(s, NULL, "test -e .git/refs/heads/*.lock") == 0) {
		cr_expect(no_noreplace, "%s: the branch's lock was left", what);
		cr_expect_eq(sh(s, NULL, "test ! -s .git/refs/heads/*.lock"), 0,
		             "%s: a ref lock holding an id was left", what);
		cr_expect_str_eq(head, base, "%s: the branch moved with its lock left", what);
		cr_assert_eq(sh(s, NULL, "rm .git/refs/heads/*.lock"), 0);
	}
	/* the branch is where it was, or holds the new pact */
	if (strcmp(head, base) != 0) {
		char *text = sh_out(s, "git show HEAD:pacts/2024.yaml");
		cr_expect_str_eq(text, newtext, "%s: the branch moved to something else", what);
		free(text);
	}
	/* index and work tree agree with the branch */
	char *st = sh_out(s, "git status --porcelain");
	cr_expect(!st || !*st, "%s: git status shows: %s", what, st);
	free(st);
	/* and git commit -a has nothing of the old pact to bring back */
	blob = sh_out(s, "git rev-parse -q --verify HEAD:pacts/2024.yaml");
	sh(s, NULL, "git commit -qam 'officer commits all' >/dev/null 2>&1");
	after = sh_out(s, "git rev-parse -q --verify HEAD:pacts/2024.yaml");
	cr_expect_str_eq(after, blob, "%s: git commit -a changed the pact", what);
	free(head);
	free(blob);
	free(after);
	free(left);
}

/* Commit v2 over v1 (fresh: the first commit of a new store, with no
 * index file yet), killed before each write in turn, until it runs to the
 * end; after each kill the next `pact log` or `pact commit` must settle
 * the store. */
static void kill_everywhere(int nolink, int norename2, int fresh)
{
	char *s = fresh ? strf("%s/s", store_tmp) : store_init(store_tmp, "s"), *env, *base,
	     *newtext, *count, *path, *reset;
	long writes, n;
	size_t len;
	int finished = 0, undone = 0;
	run_result r;

	no_noreplace = nolink && norename2;
	free(gen_pact_file(store_tmp, "v1.yaml", 2024, "a b:one c"));
	free(gen_pact_file(store_tmp, "v2.yaml", 2024, "a b:two c d"));
	newtext = sh_out(store_tmp, "cat v2.yaml");
	if (!fresh) {
		r = run_sh(s, PACT_BIN " commit ../v1.yaml -m one");
		cr_assert_eq(r.status, 0, "%s", r.err);
		run_result_free(&r);
	}
	if (fresh)
		cr_assert_eq(sh(store_tmp, NULL, "git init -q s"), 0);
	base = sh_out(s, HEAD_ID);
	/* back to v1 (fresh: a new repository, no commit and no index yet) */
	reset = fresh ? strf("cd .. && rm -rf s && git init -q s")
	              : strf("git reset -q --hard %s", base);
	/* how many writes a whole commit makes */
	env = shim_env(nolink, norename2, 0);
	r = run_pact_env(s, env, "commit ../v2.yaml -m two");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(env);
	path = strf("%s/count", store_tmp);
	count = read_file(path, &len);
	free(path);
	cr_assert_not_null(count);
	writes = strtol(count, NULL, 10);
	cr_assert_gt(writes, 10, "only %ld writes counted", writes);
	for (n = 1; n <= writes + 5; n++) {
		char *what = strf("killed at write %ld of %ld", n, writes), *head, *mtime;
		cr_assert_eq(sh(s, NULL, "%s", reset), 0, "%s: cannot reset", what);
		/* the index's time: undone, it is the same file, or a copy with
		 * its time (entries as new as it stay checked by content) */
		mtime = sh_out(s, "stat -c %y .git/index 2>/dev/null || echo none");
		env = shim_env(nolink, norename2, n);
		r = run_pact_env(s, env, "commit ../v2.yaml -m two");
		cr_expect(r.status == 137 || r.status == 0, "%s: exit %d: %s", what, r.status,
		          r.err);
		run_result_free(&r);
		free(env);
		/* the next pact command, on the same file system: a log, or
		 * (every third time) the commit again, which must go through */
		env = shim_env(nolink, norename2, 0);
		if (n % 3 == 0) {
			r = run_pact_env(s, env, "--lang=en commit ../v2.yaml -m again");
			head = sh_out(s, HEAD_ID);
			/* the empty branch lock (see expect_settled) is named */
			if (r.status == 3 && strstr(r.err, ".lock' exists") &&
			    sh(s, NULL, "test ! -s .git/refs/heads/%s.lock",
			       fresh ? "master" : "main") == 0)
				cr_expect_str_eq(head, base, "%s", what);
			else
				cr_expect(r.status == 0 || (strstr(r.err, "nothing to commit") &&
				                            r.status == 1),
				          "%s: pact commit: exit %d: %s", what, r.status, r.err);
			if (r.status == 0)
				cr_expect_str_neq(head, base, "%s: the commit did not commit",
				                  what);
		} else {
			r = run_pact_env(s, env, "--lang=en log -n1");
			cr_expect(r.status == 0 ||
			                  (strstr(r.err, "no commits yet") && r.status == 1),
			          "%s: pact log: exit %d: %s", what, r.status, r.err);
			head = sh_out(s, HEAD_ID);
			if (strcmp(head, base) != 0) {
				finished++;
			} else {
				char *now =
				        sh_out(s, "stat -c %y .git/index 2>/dev/null || echo none");
				undone++;
				cr_expect_str_eq(now, mtime, "%s: the index's time changed", what);
				free(now);
			}
		}
		free(mtime);
		run_result_free(&r);
		free(env);
		expect_settled(s, base, newtext, what);
		free(head);
		free(what);
	}
	/* both outcomes were met, and a last commit goes through cleanly */
	cr_expect_gt(finished, 0);
	cr_expect_gt(undone, 0);
	cr_log_info("%ld writes: %d finished, %d undone", writes, finished, undone);
	free(base);
	free(newtext);
	free(count);
	free(reset);
	if (fresh)
		free(s);
}

Test(commit_kill, no_hard_links_a_kill_at_any_write_never_brings_the_old_pact_back, .timeout = 600)
{
	kill_everywhere(1, 0, 0);
}

Test(commit_kill, no_hard_links_nor_noreplace_rename_a_kill_at_any_write_is_settled, .timeout = 600)
{
	kill_everywhere(1, 1, 0);
}

Test(commit_kill, no_hard_links_the_first_commit_killed_anywhere_is_settled, .timeout = 600)
{
	kill_everywhere(1, 0, 1);
}

Test(commit_kill, with_hard_links_a_kill_at_any_write_is_settled, .timeout = 600)
{
	kill_everywhere(0, 0, 0);
}

/* The text pact puts in an index.lock where link() fails, naming process
 * `pid` (with its start time as /proc says, `start` when given). */
static char *marker_for(long pid, const char *start)
{
	char *cmd = strf("sed 's/.*) //' /proc/%ld/stat | cut -d' ' -f20", pid);
	char *boot = sh_out("/", "cat /proc/sys/kernel/random/boot_id"),
	     *st = start ? strdup(start) : sh_out("/", cmd);
	char *text = strf("pact index lock 1\npid %ld\nboot %s\nstart %s\n", pid, boot, st);
	free(cmd);
	free(boot);
	free(st);
	return text;
}

/* An index.lock that is not provably a dead pact's is left alone: git's
 * own (an index being written), a marked lock of a process that still
 * runs; a dead pact's marked lock is removed by the next pact command. */
Test(commit_kill, only_a_dead_pacts_lock_is_removed, .timeout = 120)
{
	char *s = store_init(store_tmp, "s"), *lock = strf("%s/.git/index.lock", s), *text;
	pid_t child;
	run_result r;
	int status;

	free(gen_pact_file(store_tmp, "v1.yaml", 2024, "a b:one"));
	/* git's: the index git is writing */
	cr_assert_eq(sh(s, NULL,
	                "cp .git/index .git/index.lock 2>/dev/null || "
	                "printf 'DIRC' > .git/index.lock"),
	             0);
	r = run_sh(s, PACT_BIN " --lang=en commit ../v1.yaml -m one");
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "index.lock") != NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, NULL, "test -e .git/index.lock"), 0, "git's lock was removed");
	/* a live process's (this test's) */
	text = marker_for((long)getpid(), NULL);
	cr_assert_eq(write_file(lock, text, strlen(text)), 0);
	free(text);
	r = run_sh(s, PACT_BIN " --lang=en commit ../v1.yaml -m one");
	cr_expect_eq(r.status, 3, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, NULL, "test -s .git/index.lock"), 0, "a live pact's lock was removed");
	/* the same pid with another start time: the pid was reused */
	text = marker_for((long)getpid(), "1");
	cr_assert_eq(write_file(lock, text, strlen(text)), 0);
	free(text);
	r = run_sh(s, PACT_BIN " --lang=en commit ../v1.yaml -m one");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(sh(s, NULL, "test -e .git/index.lock"), 0);
	/* a process that has exited */
	child = fork();
	if (child == 0)
		_exit(0);
	cr_assert_eq(waitpid(child, &status, 0), child);
	text = marker_for((long)child, "12345");
	cr_assert_eq(write_file(lock, text, strlen(text)), 0);
	free(text);
	r = run_sh(s, PACT_BIN " --lang=en log -n1");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(sh(s, NULL, "test -e .git/index.lock"), 0, "a dead pact's lock stayed");
	cr_expect_eq(sh(s, NULL, "test -z \"$(git status --porcelain)\""), 0);
	free(lock);
}

/* `pact pull` (a new pact and a changed one coming in) killed before
 * each of its writes where link() fails: after the next pact command the
 * branch is on the old tip or the new one, git status is clean and
 * git commit -a changes no pact. (A lock a killed fetch leaves on a
 * remote-tracking ref where link() fails cannot be proved pact's yet and
 * is removed here as a user would, after the checks.) */
Test(commit_kill, no_hard_links_a_pull_killed_at_any_write_is_settled, .timeout = 600)
{
	char *b = strf("%s/b", store_tmp), *env, *base, *count, *path;
	long writes, n;
	size_t len;
	int finished = 0, undone = 0;
	run_result r;

	free(store_init(store_tmp, "a"));
	free(gen_pact_file(store_tmp, "v2.yaml", 2024, "a b:two c"));
	free(gen_pact_file(store_tmp, "new.yaml", 2031, "x y"));
	cr_assert_eq(sh(store_tmp, NULL,
	                "git init -q --bare -b main r.git && cd a && git remote add origin "
	                "../r.git && git push -q origin main 2>/dev/null && cd .. && "
	                "git clone -q r.git b && cd a && " PACT_BIN
	                " commit ../v2.yaml ../new.yaml -m up >/dev/null && "
	                "git push -q origin main 2>/dev/null"),
	             0);
	base = sh_out(b, "git rev-parse HEAD");
	env = shim_env(1, 0, 0);
	r = run_pact_env(b, env, "pull");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(env);
	path = strf("%s/count", store_tmp);
	count = read_file(path, &len);
	cr_assert_not_null(count);
	writes = strtol(count, NULL, 10);
	for (n = 1; n <= writes + 3; n++) {
		char *what = strf("pull killed at write %ld of %ld", n, writes), *head, *st;
		cr_assert_eq(
		        sh(b, NULL,
		           "find .git/refs -name '*.lock' -delete && "
		           "git update-ref refs/remotes/origin/main %s && git reset -q --hard %s",
		           base, base),
		        0, "%s: cannot reset", what);
		env = shim_env(1, 0, n);
		r = run_pact_env(b, env, "pull");
		run_result_free(&r);
		free(env);
		env = shim_env(1, 0, 0);
		r = run_pact_env(b, env, "--lang=en log -n1");
		cr_expect_eq(r.status, 0, "%s: pact log: %s", what, r.err);
		run_result_free(&r);
		free(env);
		head = sh_out(b, "git rev-parse HEAD");
		if (strcmp(head, base) != 0)
			finished++;
		else
			undone++;
		st = sh_out(b, "git status --porcelain");
		cr_expect(!st || !*st, "%s: git status shows: %s", what, st);
		cr_expect_neq(
		        sh(b, NULL, "test -e .git/index.lock || test -e .git/pact-commit.journal"),
		        0, "%s: the index lock or journal stayed", what);
		cr_expect_eq(sh(b, NULL,
		                "a=$(git rev-parse HEAD:pacts/2024.yaml) && "
		                "git commit -qam all >/dev/null 2>&1; "
		                "test \"$a\" = \"$(git rev-parse HEAD:pacts/2024.yaml)\""),
		             0, "%s: git commit -a changed the pact", what);
		free(st);
		free(head);
		free(what);
	}
	cr_expect_gt(finished, 0);
	cr_expect_gt(undone, 0);
	cr_log_info("pull: %ld writes: %d finished, %d undone", writes, finished, undone);
	free(b);
	free(base);
	free(count);
	free(path);
}

/* A program using libpact whose commit stopped after the branch moved
 * (the work tree could not follow) keeps its marked lock, naming itself;
 * its next use of the store finishes that commit: the store lock proves
 * no commit of it is still running. */
Test(commit_kill, this_process_own_leftover_lock_is_recovered_in_process, .timeout = 60)
{
	char *s = store_init(store_tmp, "s"), *lock = strf("%s/.git/index.lock", s),
	     *text = marker_for((long)getpid(), NULL);
	pact_store *st = NULL;

	cr_assert_eq(write_file(lock, text, strlen(text)), 0);
	cr_assert_eq(pact_store_open(&st, s), 0);
	pact_store_free(st);
	cr_expect_neq(sh(s, NULL, "test -e .git/index.lock"), 0, "its own lock stayed");
	cr_expect_eq(sh(s, NULL, "test -z \"$(git status --porcelain)\""), 0);
	free(text);
	free(lock);
	free(s);
}
