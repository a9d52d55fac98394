/*
 * test_recover.c - what the next pact command does with what a killed
 * `pact commit` left (store_index.c, "recovery"): pact finishes or undoes
 * its own half-done commit, and never removes a lock it cannot prove is its
 * own (a running git's looks the same as a dead one's). The commit killed
 * on either side of its commit point is simulated exactly in
 * test_store_safety.c; here: foreign locks, and the files a normal commit
 * must not leave behind.
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

Test(recover, locks_pact_cannot_prove_are_its_own_are_reported_never_removed, .init = setup,
     .fini = teardown)
{
	char *out = NULL, *before = NULL, *store = strf("%s/s", tmp);
	run_result r = run_pact(tmp, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	char *f1 = gen_pact_file(tmp, "a.yaml", 2023, "a b");
	pact_ok(store, f1);
	cr_assert_eq(sh(store, &before, "git rev-parse HEAD"), 0);

	/* git's locks, as a running (or crashed) git leaves them */
	cr_assert_eq(sh(store, NULL, ": > .git/refs/heads/main.lock; : > .git/index.lock"), 0);
	char *f2 = gen_pact_file(tmp, "b.yaml", 2024, "a b c");
	r = run_pact(store, "commit", f2, NULL);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "index.lock' exists") != NULL, "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "log", NULL); /* any command: still nothing removed */
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(store, NULL, "test -e .git/index.lock && test -e .git/refs/heads/main.lock"),
	             0);
	cr_expect_eq(sh(store, &out, "git rev-parse HEAD"), 0);
	cr_expect_str_eq(out, before);
	free(out);

	/* the index lock gone, the branch lock is named in its turn */
	cr_assert_eq(sh(store, NULL, "rm .git/index.lock"), 0);
	r = run_pact(store, "commit", f2, NULL);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "refs/heads/main.lock' exists") != NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(store, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "", "a refused commit changed the work tree or index: %s", out);
	free(out);

	cr_assert_eq(sh(store, NULL, "rm .git/refs/heads/main.lock"), 0);
	pact_ok(store, f2);
	cr_expect_eq(sh(store, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	cr_expect_eq(sh(store, NULL, "git fsck --strict --no-dangling >/dev/null 2>&1"), 0);

	free(before);
	free(f1);
	free(f2);
	free(store);
}

Test(recover, a_commit_that_ends_normally_leaves_nothing_behind, .init = setup,
     .fini = teardown)
{
	const char *left = "test ! -e .git/pact-commit.journal && test ! -e .git/pact-index.owned && "
	                   "test ! -e .git/pact-ref.owned && test ! -e .git/index.lock && "
	                   "test ! -e .git/pact-index.tmp && test ! -e .git/pact-write.tmp";
	char *store = strf("%s/s", tmp);
	run_result r = run_pact(tmp, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	char *f1 = gen_pact_file(tmp, "a.yaml", 2023, "a b");
	pact_ok(store, f1);
	cr_expect_eq(sh(store, NULL, "%s", left), 0);

	/* a refused commit (nothing changed) leaves none either */
	r = run_pact(store, "commit", f1, NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(store, NULL, "%s", left), 0);
	free(f1);
	free(store);
}
