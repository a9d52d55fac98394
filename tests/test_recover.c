/*
 * test_recover.c - a `pact commit` killed between moving the branch and
 * updating the work tree leaves libgit2's lock files and a lagging work
 * tree behind; the next commit finishes that work (store.c, "interrupted
 * commits"). The dead writer is simulated exactly: its lock files, its
 * $GIT_DIR/pact-pending and the work tree it did not get to write.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_helpers.h"

static char *tmp;

static void setup(void)
{
	tmp = store_test_env();
}

static void teardown(void)
{
	rm_rf(tmp);
	free(tmp);
}

static void pact_ok(const char *cwd, const char *file)
{
	run_result r = run_pact(cwd, "commit", file, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
}

Test(recover, next_commit_finishes_what_a_killed_commit_left, .init = setup, .fini = teardown)
{
	char *out = NULL, *store = strf("%s/s", tmp);
	run_result r = run_pact(tmp, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	char *f1 = gen_pact_file(tmp, "a.yaml", 2023, "a b");
	pact_ok(store, f1);

	/* The dead writer: the branch already holds 2024 (its commit point
	 * passed), its ref and index locks are still there, the index and the
	 * work tree never got 2024. */
	char *f2 = gen_pact_file(tmp, "b.yaml", 2024, "a b c");
	cr_assert_eq(sh(store, NULL,
	                "set -e; blob=$(git hash-object -w %s); cp .git/index .git/tmp-index; "
	                "GIT_INDEX_FILE=.git/tmp-index git update-index --add --cacheinfo "
	                "100644,$blob,pacts/2024.yaml; "
	                "tree=$(GIT_INDEX_FILE=.git/tmp-index git write-tree); rm .git/tmp-index; "
	                "c=$(git commit-tree -p HEAD -m r2 $tree); git update-ref refs/heads/main $c; "
	                ": > .git/refs/heads/main.lock; : > .git/index.lock; "
	                "printf 'refs/heads/main\\npacts/2024.yaml\\n' > .git/pact-pending",
	                f2),
	             0);
	cr_assert_eq(sh(store, NULL, "test ! -e pacts/2024.yaml"), 0);

	/* git itself is stuck on the stale index lock */
	cr_expect_neq(sh(store, NULL, "git update-index --refresh >/dev/null 2>&1"), 0);

	/* the next pact commit (another year) recovers, then commits */
	char *f3 = gen_pact_file(tmp, "c.yaml", 2025, "a");
	pact_ok(store, f3);
	cr_expect_eq(sh(store, &out, "git log --format=%%s | head -2 | tr '\\n' ' '"), 0);
	cr_expect(strstr(out, "r2") != NULL, "%s", out);
	free(out);
	cr_expect_eq(sh(store, NULL, "test -f pacts/2024.yaml && cmp pacts/2024.yaml %s", f2), 0);
	cr_expect_eq(sh(store, NULL, "test ! -e .git/pact-pending && test ! -e .git/index.lock && "
	                             "test ! -e .git/refs/heads/main.lock"),
	             0);
	cr_expect_eq(sh(store, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	cr_expect_eq(sh(store, NULL, "git fsck --strict --no-dangling >/dev/null 2>&1"), 0);

	free(f1);
	free(f2);
	free(f3);
	free(store);
}

Test(recover, a_commit_that_ends_normally_leaves_no_pending_file, .init = setup,
     .fini = teardown)
{
	char *store = strf("%s/s", tmp);
	run_result r = run_pact(tmp, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	char *f1 = gen_pact_file(tmp, "a.yaml", 2023, "a b");
	pact_ok(store, f1);
	cr_expect_eq(sh(store, NULL, "test ! -e .git/pact-pending"), 0);

	/* a refused commit (nothing changed) leaves none either */
	r = run_pact(store, "commit", f1, NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(store, NULL, "test ! -e .git/pact-pending"), 0);
	free(f1);
	free(store);
}
