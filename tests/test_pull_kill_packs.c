/*
 * test_pull_kill_packs.c - a `pact pull` killed while it downloads leaves
 * libgit2's temporary pack in objects/pack/ (pack_git2_ID, and
 * pack_git2_...idx.lock when killed writing the index): git ignores them and
 * nobody removed them, so the store kept their size forever. The store's
 * recovery removes each that no process has open and that was last
 * written two minutes ago or more; never one a live process holds, never
 * a young one, never git's own temporary files.
 *
 * The kill is the syscall shim's PACT_SHIM_KILL_ON (SIGKILL right after
 * the first write to the named file); "two minutes ago" is made with
 * touch; the live download is a process holding the file open.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pull_fixture.h"
#include "store_helpers.h"

TestSuite(pull_kill_packs, .init = store_fixture_setup, .fini = store_fixture_teardown);

#define PACKS "ls .git/objects/pack/ | grep -E '^pack_git2_|idx[.]lock$' || true"

/* The hub gets a commit b has not fetched (big enough to be a pack of
 * its own); b's `pact pull` is killed after its first write to a file
 * whose path holds `at`. Returns what objects/pack/ of b holds of
 * libgit2's temporary files. */
static char *killed_pull(const char *at)
{
	char *line;
	run_result r;

	pf_two_clones();
	cr_assert_eq(sh(store_tmp, NULL,
	                "cd a && head -c 300000 /dev/urandom > big.bin && git add big.bin && "
	                "git commit -qm big && git push -q origin main 2>/dev/null"),
	             0);
	line = strf("ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0\" "
	            "LD_PRELOAD='%s' PACT_SHIM_KILL_ON='%s' '%s' pull",
	            PACT_SHIM, at, PACT_BIN);
	r = pf_pact_in("b", line);
	cr_assert_eq(r.status, 128 + 9, "the pull was not killed: exit %d %s", r.status, r.err);
	run_result_free(&r);
	free(line);
	return pf_in("b", PACKS);
}

/* A pact command that takes the store lock (so runs the recovery): a
 * commit, of another year each time. */
static void locking_command(void)
{
	static int year = 2030;
	char *f = gen_pact_file(store_tmp, "c.yaml", year++, "a b");
	char *line = strf("'%s' commit ../c.yaml -m next >/dev/null", PACT_BIN);
	run_result r = pf_pact_in("b", line);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(line);
	free(f);
}

Test(pull_kill_packs, a_dead_downloads_pack_goes_a_live_or_young_one_stays, .timeout = 120)
{
	char *left = killed_pull("/objects/pack/pack_git2_"), *now;
	run_result r;

	cr_assert(!strncmp(left, "pack_git2_", 10), "no temporary pack left: '%s'", left);
	expect_out("b", "git fsck --strict --no-dangling >/dev/null 2>&1 && echo ok", "ok");

	/* the next pull works; the leftover, written a moment ago, may be a
	 * live download's for all anyone knows: it stays */
	r = pf_pact_in("b", "PACT_LANG=en " PACT_BIN " pull");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Fast-forward"), "%s", r.out);
	run_result_free(&r);
	expect_out("b", PACKS, left);

	/* two minutes later, held open by a process (a download stalled on
	 * the network): still not a dead one's */
	cr_assert_eq(sh(store_tmp, NULL,
	                "cd b/.git/objects/pack && touch -d '-3 minutes' %s && "
	                "touch -d '-3 minutes' tmp_pack_AbC123 && "
	                "{ sleep 60 3<%s >/dev/null 2>&1 & echo $! > ../../../../holder; }",
	                left, left),
	             0);
	locking_command();
	expect_out("b", PACKS, left);
	cr_assert_eq(sh(store_tmp, NULL,
	                "kill $(cat holder) && wait $(cat holder) 2>/dev/null; "
	                "sleep 0.2"),
	             0);

	/* open nowhere, old: removed; git's own temporary file stays */
	locking_command();
	now = pf_in("b", PACKS);
	cr_expect_str_eq(now, "", "left behind: %s", now);
	expect_out("b", "ls .git/objects/pack/tmp_pack_AbC123",
	           ".git/objects/pack/tmp_pack_AbC123");
	expect_out("b", "git fsck --strict --no-dangling >/dev/null 2>&1 && echo ok", "ok");
	expect_out("b", "git status --porcelain", "");
	free(now);
	free(left);
}

/* Killed while writing the index: the index's lock and the pack both
 * stay behind; both go. */
Test(pull_kill_packs, a_killed_index_write_leaves_nothing_after_recovery, .timeout = 120)
{
	char *left = killed_pull("idx.lock"), *now;

	cr_assert(strstr(left, "pack_git2_") && strstr(left, "idx.lock"), "left: '%s'", left);
	cr_assert_eq(sh(store_tmp, NULL, "cd b/.git/objects/pack && touch -d '-3 minutes' *"), 0);
	locking_command();
	now = pf_in("b", PACKS);
	cr_expect_str_eq(now, "", "left behind: %s", now);
	expect_out("b", "git fsck --strict --no-dangling >/dev/null 2>&1 && echo ok", "ok");
	free(now);
	free(left);
}
