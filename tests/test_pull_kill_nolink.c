/*
 * test_pull_kill_nolink.c - a `pact pull` killed (SIGKILL) before each of
 * its writes in turn, on a file system without hard links (the syscall
 * shim makes link() fail, as on vfat, some network and FUSE mounts): the
 * fetch moves a remote-tracking ref and prunes another (its line in
 * packed-refs too), then the branch fast-forwards. Whatever the kill left,
 * the next pact command removes pact's own ref locks, so that no lock
 * wedges every later pull (and git fetch) until someone removes it by
 * hand, and the next pull goes through. Real git is the judge.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(pull_kill_nolink, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* The shim in front of pact: no hard links, a kill before the n-th write
 * (0: none), the count of writes into ../count. A sanitized pact accepts a
 * library loaded before its runtime. */
static char *shim_env(int norename2, long n)
{
	return strf("ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0\" "
	            "LD_PRELOAD=" PACT_SHIM " PACT_SHIM_NOLINK=1 PACT_SHIM_NORENAME2=%d "
	            "PACT_SHIM_KILL_AT=%ld PACT_SHIM_COUNT=\"$PWD/../count\"",
	            norename2, n);
}

static run_result run_pact_env(const char *dir, const char *env, const char *args)
{
	char *cmd = strf("%s exec " PACT_BIN " %s", env, args);
	run_result r = run_sh(dir, cmd);
	free(cmd);
	return r;
}

/* store_tmp/snap: a clone of the hub store_tmp/r.git that has fetched its
 * branch 'old' (refs packed, pruning on); the hub has since moved main
 * (a new 2024 text) and deleted 'old'. Returns the hub's main. */
static char *setup(void)
{
	char *a = store_init(store_tmp, "a");
	run_result r;

	free(gen_pact_file(store_tmp, "v1.yaml", 2024, "a b:one c"));
	free(gen_pact_file(store_tmp, "v2.yaml", 2024, "a b:two c d"));
	r = run_sh(a, PACT_BIN
	           " commit ../v1.yaml -m one >/dev/null && cd .. && "
	           "git init -q --bare -b main r.git && cd a && git remote add origin ../r.git "
	           "&& git push -q origin main main:old 2>/dev/null && cd .. && "
	           "git clone -q r.git snap && cd snap && git pack-refs --all && "
	           "git config remote.origin.prune true && cd ../a && " PACT_BIN
	           " commit ../v2.yaml -m two >/dev/null && "
	           "git push -q origin main :old 2>/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(a);
	return sh_out(store_tmp, "git -C r.git rev-parse main");
}

static void kill_everywhere(int norename2)
{
	char *hub = setup(), *env, *count, *path;
	long writes;
	size_t len;
	run_result r;

	/* how many writes a whole pull makes */
	cr_assert_eq(sh(store_tmp, NULL, "rm -rf b && cp -a snap b"), 0);
	env = shim_env(norename2, 0);
	{
		char *b = strf("%s/b", store_tmp);
		r = run_pact_env(b, env, "pull");
		free(b);
	}
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(env);
	path = strf("%s/count", store_tmp);
	count = read_file(path, &len);
	cr_assert_not_null(count);
	writes = strtol(count, NULL, 10);
	cr_assert_gt(writes, 10, "only %ld writes counted", writes);
	for (long n = 1; n <= writes; n++) {
		char *what = strf("killed at write %ld of %ld", n, writes), *b, *left, *head, *st;
		cr_assert_eq(sh(store_tmp, NULL, "rm -rf b && cp -a snap b"), 0);
		b = strf("%s/b", store_tmp);
		env = shim_env(norename2, n);
		r = run_pact_env(b, env, "pull");
		cr_expect(r.status == 137 || r.status == 0, "%s: exit %d: %s", what, r.status,
		          r.err);
		run_result_free(&r);
		free(env);
		/* the next pact command, on the same file system, settles it */
		env = shim_env(norename2, 0);
		r = run_pact_env(b, env, "--lang=en log -n1");
		cr_expect_eq(r.status, 0, "%s: pact log: %s", what, r.err);
		run_result_free(&r);
		/* RENAME_NOREPLACE refused too: a lock killed between its
		 * creation and its first byte is empty, cannot be told from
		 * git's, and stays for the pull to name */
		if (norename2)
			sh(b, NULL, "find .git -name '*.lock' -empty -delete");
		/* (the objects: libgit2's temporary pack files, which no git
		 * command waits for) */
		left = sh_out(b, "cd .git && { find . -path ./objects -prune -o -name '*.lock' "
		                 "! -name pact.lock -print; ls -d pact-fetch.refs pact-ref.owned "
		                 "pact-commit.journal pact-index.* 2>/dev/null; } | tr '\\n' ' '");
		cr_expect(!left || !*left, "%s: left behind: %s", what, left);
		/* and the next pull goes through */
		r = run_pact_env(b, env, "--lang=en pull");
		cr_expect_eq(r.status, 0, "%s: the next pull: %s", what, r.err);
		run_result_free(&r);
		free(env);
		head = sh_out(b, "git rev-parse HEAD");
		cr_expect_str_eq(head, hub, "%s: the branch is not the hub's", what);
		st = sh_out(b, "git status --porcelain; git rev-parse -q --verify origin/old; "
		               "git fsck --no-dangling 2>&1");
		cr_expect(!st || !*st, "%s: git says: %s", what, st);
		free(st);
		free(head);
		free(left);
		free(b);
		free(what);
	}
	free(hub);
	free(path);
	free(count);
}

Test(pull_kill_nolink, a_pull_killed_at_any_write_leaves_no_ref_lock_behind, .timeout = 600)
{
	kill_everywhere(0);
}

Test(pull_kill_nolink, nor_noreplace_rename_only_an_empty_lock_can_stay, .timeout = 600)
{
	kill_everywhere(1);
}
