/*
 * test_store_break.c - holes found by attacking the store from outside
 * (issue 8, second pass): each test reproduces one with the pact binary on
 * a real repository in a temporary directory, the real git CLI damaging it
 * or judging the result. Commands that could hang run under timeout(1).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "store_helpers.h"

static char *tmp;

static void setup(void)
{
	tmp = store_test_env();
	umask(022);
}

static void teardown(void)
{
	rm_rf(tmp);
	free(tmp);
}

TestSuite(store_break, .init = setup, .fini = teardown);

/* A store under tmp with 2023 and 2024 committed; returns its path. */
static char *two_years(void)
{
	char *s = strf("%s/s", tmp);
	run_result r = run_pact(tmp, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "init: %s", r.err);
	run_result_free(&r);
	for (int y = 2023; y <= 2024; y++) {
		char *f = gen_pact_file(tmp, "in.yaml", y, y == 2023 ? "a b" : "a b:v2 c");
		r = run_pact(s, "commit", f, NULL);
		cr_assert_eq(r.status, 0, "commit %d: %s", y, r.err);
		run_result_free(&r);
		free(f);
	}
	return s;
}

/* `log --clause` read the store's years and then threw the reason away:
 * a missing tree or a damaged ref said only "unknown failure". */
Test(store_break, log_clause_names_a_missing_tree, .timeout = 60)
{
	char *s = two_years();
	char *id = NULL;
	run_result r;

	cr_assert_eq(sh(s, &id, "git rev-parse HEAD^{tree}"), 0);
	cr_assert_eq(sh(s, NULL, "rm -f .git/objects/%.2s/%s", id, id + 2), 0);
	r = run_sh(s, "timeout -s KILL 20 " PACT_BIN " log --clause a");
	cr_expect_eq(r.status, 3, "exit %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, id) != NULL, "does not name the tree %s: %s", id, r.err);
	cr_expect(strstr(r.err, "unknown failure") == NULL, "%s", r.err);
	run_result_free(&r);
	free(id);
	free(s);
}

Test(store_break, log_clause_names_a_damaged_branch, .timeout = 60)
{
	char *s = two_years();
	run_result r;

	cr_assert_eq(sh(s, NULL, "echo garbage > .git/refs/heads/main"), 0);
	r = run_sh(s, "timeout -s KILL 20 " PACT_BIN " log --clause a");
	cr_expect_eq(r.status, 3, "exit %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, "refs/heads/main") != NULL, "%s", r.err);
	run_result_free(&r);
	free(s);
}
