/*
 * test_store_query.c - what the CLI asks of a store through libpact instead
 * of libgit2 (store_query.c): remotes with their URLs, branch and tag
 * names, a git config value, libgit2's version. git is the other party.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/error.h"
#include "pact/store.h"
#include "store_helpers.h"

Test(store_query, remotes_refs_and_config_as_git_sees_them)
{
	char *tmp = store_test_env(), *dir = strf("%s/s", tmp), *v = NULL, **names = NULL;
	pact_remotes *r = NULL;
	pact_store *st = NULL;
	size_t n = 0;

	cr_assert_eq(pact_store_init(&st, dir, 0), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_store_remotes(&r, st), 0);
	cr_expect_eq(r->count, 0);
	pact_remotes_free(r);
	cr_assert_eq(pact_store_remote_add(st, "origin", "../hub.git"), 0);
	cr_assert_eq(sh(dir, NULL, "git remote add backup /srv/pacts.git"), 0);
	cr_assert_eq(pact_store_remotes(&r, st), 0);
	cr_assert_eq(r->count, 2);
	cr_expect_str_eq(r->items[0].name, "backup");
	cr_expect_str_eq(r->items[0].url, "/srv/pacts.git");
	cr_expect_str_eq(r->items[1].name, "origin");
	cr_expect_str_eq(r->items[1].url, "../hub.git");
	pact_remotes_free(r);
	pact_remotes_free(NULL);

	cr_assert_eq(sh(dir, NULL,
	                "git branch draft/2025 && git tag pact/2024 && "
	                "git update-ref refs/pact/reviews/2025 HEAD"),
	             0);
	cr_assert_eq(pact_store_ref_names(&names, &n, st), 0);
	cr_assert_eq(n, 3, "branches and tags only, not refs/pact/");
	cr_expect_str_eq(names[0], "draft/2025");
	cr_expect_str_eq(names[1], "main");
	cr_expect_str_eq(names[2], "pact/2024");
	pact_store_names_free(names, n);

	cr_assert_eq(sh(dir, NULL, "git config core.pager 'less -S'"), 0);
	cr_assert_eq(pact_store_config_get(&v, dir, "core.pager"), 0);
	cr_expect_str_eq(v, "less -S");
	free(v);
	cr_assert_eq(pact_store_config_get(&v, dir, "pact.nothing"), 0);
	cr_expect_null(v);
	cr_expect_neq(strchr(pact_store_libgit2_version(), '.'), NULL);

	pact_store_free(st);
	free(dir);
	rm_rf(tmp);
	free(tmp);
}

/* pact_store_head_on_branch, the one copy the CLI and pact_review_open ask
 * whether HEAD is on a branch: yes on main (even unborn), no when git
 * detaches HEAD or points it at a ref outside refs/heads/, and no error
 * left behind either way. */
Test(store_query, head_on_branch_as_git_leaves_head)
{
	char *tmp = store_test_env(), *dir = strf("%s/s", tmp);
	pact_store *st = NULL;

	cr_assert_eq(pact_store_init(&st, dir, 0), 0, "%s", pact_error_last()->message);
	cr_expect_eq(pact_store_head_on_branch(st), 1, "HEAD on main");
	cr_assert_eq(sh(dir, NULL, "git checkout -q --detach"), 0);
	cr_expect_eq(pact_store_head_on_branch(st), 0, "detached HEAD");
	cr_expect_eq(pact_error_last()->code, 0, "no error left: %s", pact_error_last()->message);
	cr_assert_eq(sh(dir, NULL,
	                "git update-ref refs/pact/x HEAD && git symbolic-ref HEAD refs/pact/x"),
	             0);
	cr_expect_eq(pact_store_head_on_branch(st), 0, "HEAD on refs/pact/x");
	cr_assert_eq(sh(dir, NULL, "git checkout -q main"), 0);
	cr_expect_eq(pact_store_head_on_branch(st), 1, "back on main");
	pact_store_free(st);
	free(dir);
	rm_rf(tmp);
	free(tmp);
}
