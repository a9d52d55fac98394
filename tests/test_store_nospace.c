/*
 * test_store_nospace.c - a full disk while pact writes objects: every
 * object write of a commit and of a pull's merge is made to fail in turn
 * (the syscall shim's PACT_SHIM_ENOSPC on .git/objects/, skipping the
 * first N files), and each time pact says "No space left on device" once,
 * that nothing was committed or changed, and leaves a store git finds
 * whole with its branch where it was.
 *
 * Two bugs this holds: the object writer named strerror twice ("No space
 * left on device: No space left on device", libgit2 appends it to an OS
 * error itself), and libgit2 1.5's git_commit_create returns 0 when the
 * commit object's write failed, so pact went on with an id that names
 * nothing and called the store damaged.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pull_fixture.h"
#include "store_helpers.h"

TestSuite(store_nospace, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* Object files a commit or a merge writes are a handful; a bound so a
 * pact that never succeeds fails the test instead of looping. */
#define MAX_OBJECT_WRITES 16

#define NOSPACE "No space left on device"
#define NOSPACE_VI "Không có đủ chỗ trống trên thiết bị"

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* In a copy of store_tmp/FROM (store_tmp/try), run pact's `args` with the
 * k-th and later object files failing with ENOSPC. */
static run_result full_disk_run(const char *from, long k, const char *args)
{
	char *line = strf("rm -rf try && cp -a '%s' try && cd try && LD_PRELOAD='%s' "
	                  "PACT_SHIM_ENOSPC=/objects/ PACT_SHIM_ENOSPC_SKIP=%ld '%s' %s",
	                  from, PACT_SHIM, k, PACT_BIN, args);
	run_result r = run_sh(store_tmp, line);
	free(line);
	return r;
}

/* After a failed run in store_tmp/try: the branch at `head`, nothing in
 * the work tree or index, and git's fsck content. */
static void try_is_unchanged(const char *head, long k)
{
	char *got = pf_in("try", "git rev-parse HEAD"), *status = pf_in("try", "git status "
	                                                                       "--porcelain");
	cr_expect_str_eq(got, head, "skip %ld: the branch moved", k);
	cr_expect_str_eq(status, "", "skip %ld: %s", k, status);
	expect_out("try", "git fsck --strict --no-dangling >/dev/null 2>&1 && echo ok", "ok");
	free(status);
	free(got);
}

/* Each object of `args` (run in a copy of FROM) failing in turn: refused
 * with one "No space left on device" and `nothing`, the store as it was;
 * then, past the last object, the command succeeds. Returns how many
 * object files failed in turn. */
static long each_write_fails(const char *from, const char *args, const char *nothing)
{
	char *d = strf("%s/%s", store_tmp, from), *head = sh_out(d, "git rev-parse HEAD");
	long k;

	for (k = 0; k < MAX_OBJECT_WRITES; k++) {
		run_result r = full_disk_run(from, k, args);
		if (r.status == 0) {
			run_result_free(&r);
			break;
		}
		cr_expect_eq(r.status, 3, "skip %ld: exit %d: %s", k, r.status, r.err);
		cr_expect_eq(count_of(r.err, NOSPACE), 1, "skip %ld: %s", k, r.err);
		cr_expect(strstr(r.err, nothing), "skip %ld: %s", k, r.err);
		cr_expect(strstr(r.err, "damaged") == NULL, "skip %ld: %s", k, r.err);
		run_result_free(&r);
		try_is_unchanged(head, k);
	}
	cr_expect_lt(k, MAX_OBJECT_WRITES, "%s never succeeded", args);
	free(head);
	free(d);
	return k;
}

Test(store_nospace, each_object_of_a_commit_failing_is_said_once_and_commits_nothing,
     .timeout = 120)
{
	char *s = store_init(store_tmp, "s"),
	     *f = gen_pact_file(store_tmp, "y.yaml", 2024, "a b c");
	char *args = strf("--lang=en commit '%s' -m 'The 2024 pact'", f);
	long n = each_write_fails("s", args, "nothing was committed");

	/* a blob, the pacts/ tree, the root tree, the commit */
	cr_expect_geq(n, 4, "only %ld object writes failed in turn", n);
	expect_out("try", "git log -1 --format=%s", "The 2024 pact");
	free(args);
	free(f);
	free(s);
}

Test(store_nospace, the_full_disk_is_said_in_vietnamese_once, .timeout = 60)
{
	char *s = store_init(store_tmp, "s"),
	     *f = gen_pact_file(store_tmp, "y.yaml", 2024, "a b c");
	char *args = strf("--lang=vi commit '%s' -m x", f);
	run_result r = full_disk_run("s", 0, args);

	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_eq(count_of(r.err, NOSPACE_VI), 1, "%s", r.err);
	cr_expect(strstr(r.err, "không ghi được tệp đối tượng '"), "%s", r.err);
	cr_expect(strstr(r.err, "chưa ghi gì"), "%s", r.err);
	run_result_free(&r);
	free(args);
	free(f);
	free(s);
}

/* The merge of a pull (its trees and commit; the hub's objects already
 * fetched, so only the merge writes): each failing in turn leaves main,
 * the index and the work tree as they were. */
Test(store_nospace, each_object_of_a_merge_failing_changes_nothing, .timeout = 180)
{
	long n;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	pf_commit_in("b", 2023, "a b:officer c", BINH, 0);
	cr_assert_eq(sh(store_tmp, NULL, "cd b && git fetch -q origin"), 0);
	n = each_write_fails("b", "--lang=en pull", "nothing was changed");
	cr_expect_geq(n, 2, "only %ld object writes failed in turn", n);
	expect_out("try", "git log -1 --format=%P | wc -w", "2");
	pf_git_is_content("try");
}
