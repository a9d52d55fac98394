/*
 * test_pull_merge_kill.c - `pact pull` that merges (both sides committed),
 * killed (SIGKILL) at random moments against a real local hub: the branch
 * is either the old local tip or the merge of it and the hub's tip, never
 * anything in between; whatever the kill left is behind git's index.lock,
 * and the next pact command of any kind finishes or undoes it. The merge
 * moves the work tree as a fast-forward pull does (store_switch.c), so the
 * rules of tests/test_pull_kill.c hold here too; real git is the judge.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(pull_merge_kill, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* Round i: the hub gets year 2030+i (from a), b commits year 2060+i. */
static void diverge(const char *a, const char *b, int i)
{
	char *f = gen_pact_file(store_tmp, "up.yaml", 2030 + i, "x y"), *line;
	run_result r;

	free(f);
	r = run_sh(a, "timeout -s KILL 30 " PACT_BIN " commit ../up.yaml -m up >/dev/null && "
	              "git push -q origin main 2>/dev/null");
	cr_assert_eq(r.status, 0, "round %d upstream: %s", i, r.err);
	run_result_free(&r);
	f = gen_pact_file(store_tmp, "mine.yaml", 2060 + i, "p q");
	free(f);
	line = strf("timeout -s KILL 30 " PACT_BIN " commit ../mine.yaml -m mine-%d >/dev/null", i);
	r = run_sh(b, line);
	cr_assert_eq(r.status, 0, "round %d local: %s", i, r.err);
	run_result_free(&r);
	free(line);
}

Test(pull_merge_kill, a_merge_killed_anywhere_is_finished_or_undone, .timeout = 600)
{
	char *a = store_init(store_tmp, "a"), *b = strf("%s/b", store_tmp);
	unsigned seed0 = (unsigned)time(NULL), seed = seed0;
	long span = 0;
	int merged = 0, stayed = 0;

	cr_assert_eq(sh(store_tmp, NULL,
	                "git init -q --bare -b main r.git && cd a && git remote add origin "
	                "../r.git && git push -q origin main 2>/dev/null && cd .. && "
	                "git clone -q r.git b"),
	             0);
	/* how long a whole merging pull takes here */
	for (int i = 0; i < 2; i++) {
		diverge(a, b, 90 + i);
		long t = pact_and_kill(b, -1, "pull", NULL);
		span = t > span ? t : span;
	}
	for (int i = 0; i < 20; i++) {
		char *old, *tip, *head, *parents, *want, *left;
		long us;
		run_result r;

		diverge(a, b, i);
		old = sh_out(b, "git rev-parse HEAD");
		tip = sh_out(a, "git rev-parse HEAD");
		us = (long)(rand_r(&seed) % (unsigned)(span + span / 5 + 1));
		pact_and_kill(b, us, "pull", NULL);

		r = run_sh(b, "timeout -s KILL 30 " PACT_BIN " log -n1 >/dev/null");
		cr_expect_eq(r.status, 0, "round %d (seed %u, %ld us): %s", i, seed0, us, r.err);
		run_result_free(&r);
		head = sh_out(b, "git rev-parse HEAD");
		parents = sh_out(b, "git log -1 --format=%P");
		want = strf("%s %s", old, tip);
		if (!strcmp(head, old)) {
			stayed++;
		} else {
			merged++;
			cr_expect_str_eq(
			        parents, want,
			        "round %d (seed %u, %ld us): HEAD %s is neither the old tip "
			        "nor the merge",
			        i, seed0, us, head);
		}
		left = sh_out(b,
		              "git status --porcelain; ls .git/index.lock .git/pact-* 2>/dev/null; "
		              "find .git/refs -name '*.lock'");
		cr_expect_str_eq(left ? left : "", "",
		                 "round %d (seed %u, %ld us): left behind: %s", i, seed0, us, left);
		cr_expect_eq(sh(b, NULL, "git fsck --strict --no-dangling >/dev/null 2>&1"), 0,
		             "round %d (seed %u): fsck", i, seed0);
		/* the pacts of both sides are there when merged, ours either way */
		cr_expect_eq(sh(b, NULL, "test -f pacts/%d.yaml", 2060 + i), 0, "round %d", i);
		if (strcmp(head, old) != 0)
			cr_expect_eq(sh(b, NULL, "test -f pacts/%d.yaml", 2030 + i), 0, "round %d",
			             i);
		free(left);
		free(want);
		free(parents);
		free(head);
		free(tip);
		free(old);
	}
	cr_log_info("pull_merge_kill: seed %u, span %ld us: %d merged, %d stayed", seed0, span,
	            merged, stayed);
	/* a plain pull afterwards catches up, and the hub takes the result */
	{
		run_result r = run_pact(b, "pull", NULL);
		cr_expect_eq(r.status, 0, "seed %u: %s", seed0, r.err);
		run_result_free(&r);
		r = run_pact(b, "push", NULL);
		cr_expect_eq(r.status, 0, "seed %u: %s", seed0, r.err);
		run_result_free(&r);
	}
	cr_expect_eq(sh(b, NULL,
	                "test -z \"$(git status --porcelain)\" && "
	                "test \"$(git rev-parse HEAD)\" = \"$(git -C ../r.git rev-parse main)\""),
	             0);
	free(a);
	free(b);
}
