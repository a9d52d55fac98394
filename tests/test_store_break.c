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

/* The first full object id (40 hex digits) in `s`, or NULL. */
static char *hex_id_in(const char *s)
{
	for (size_t run = 0; *s; s++) {
		run = strchr("0123456789abcdef", *s) ? run + 1 : 0;
		if (run == 40 && (!s[1] || !strchr("0123456789abcdef", s[1])))
			return strndup(s - 39, 40);
	}
	return NULL;
}

/* A damaged pack: libgit2 reports only "error inflating zlib stream"; the
 * message must name the object, as it does for a loose one. */
Test(store_break, a_damaged_packed_object_is_named, .timeout = 60)
{
	char *s = two_years();
	char *id = NULL;
	const char *cmds[] = {"show 2024", "diff 2023 2024", "log --clause a"};

	cr_assert_eq(sh(s, &id, "git rev-parse HEAD:pacts/2024.yaml"), 0);
	/* pack everything, then scramble the middle of that blob's data */
	cr_assert_eq(sh(s, NULL,
	                "git gc -q && p=$(ls .git/objects/pack/*.pack) && chmod u+w $p && "
	                "set -- $(git verify-pack -v ${p%%.pack}.idx | grep '^%s ') && "
	                "off=$(( $5 + $4 / 2 )) && "
	                "printf '\\377\\000\\377\\000' | dd of=$p bs=1 seek=$off conv=notrunc "
	                "status=none",
	                id),
	             0);
	cr_assert_neq(sh(s, NULL, "git cat-file -p %s >/dev/null 2>&1", id), 0,
	              "git still reads the blob");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char *cmd = strf("timeout -s KILL 20 %s %s", PACT_BIN, cmds[i]);
		run_result r = run_sh(s, cmd);
		cr_expect_eq(r.status, 3, "pact %s: exit %d: %s", cmds[i], r.status, r.err);
		/* it names the object it could not read (a delta on that blob
		 * counts), and git cannot read that object either */
		char *named = hex_id_in(r.err);
		cr_expect(named != NULL, "pact %s names no object: %s", cmds[i], r.err);
		if (named)
			cr_expect_neq(sh(s, NULL, "git cat-file -p %s >/dev/null 2>&1", named), 0,
			              "pact %s names %s, which git reads: %s", cmds[i], named, r.err);
		cr_expect(strstr(r.err, "corrupt") != NULL, "pact %s: %s", cmds[i], r.err);
		free(named);
		run_result_free(&r);
		free(cmd);
	}
	free(id);
	free(s);
}
