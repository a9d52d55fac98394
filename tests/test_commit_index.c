/*
 * test_commit_index.c - the index a commit leaves behind, as git sees it.
 *
 * A commit builds its new index from the index file itself (opened through
 * a second name, never copied through a buffer) and writes it once: what
 * git keeps in the index beyond the entries must survive, the entries pact
 * wrote must carry the work tree's stat data, and no temporary file of
 * pact's may stay in $GIT_DIR. The real git CLI is the judge.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(commit_index, .init = store_fixture_setup, .fini = store_fixture_teardown);

static void commit_ok(const char *s, int year, const char *spec)
{
	char *f = gen_pact_file(store_tmp, "in.yaml", year, spec);
	run_result r = run_pact(s, "commit", f, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
}

/* git's resolve-undo record (the REUC extension `git add` leaves when it
 * resolves a conflict; `git checkout -m` needs it to bring the conflict
 * back) is index content only git reads; a pact commit keeps it. */
Test(commit_index, the_resolve_undo_record_of_git_survives_a_commit)
{
	char *s = store_init(store_tmp, "s"), *before = NULL, *after = NULL;

	commit_ok(s, 2024, "a b");
	cr_assert_eq(sh(s, NULL,
	                "echo a > notes.txt && git add notes.txt && git commit -qm notes && "
	                "git checkout -qb side && echo b > notes.txt && git commit -qam b && "
	                "git checkout -q main && echo c > notes.txt && git commit -qam c && "
	                "{ git merge side >/dev/null 2>&1; true; } && echo d > notes.txt && "
	                "git add notes.txt && git commit -qm merged"),
	             0);
	cr_assert_eq(sh(s, &before, "git ls-files --resolve-undo"), 0);
	cr_assert(before && strstr(before, "notes.txt"), "no resolve-undo record to keep: %s",
	          before ? before : "");
	commit_ok(s, 2024, "a b:v2");
	cr_assert_eq(sh(s, &after, "git ls-files --resolve-undo"), 0);
	cr_expect_str_eq(after ? after : "", before);
	cr_expect_eq(sh(s, NULL, "test -z \"$(git status --porcelain)\""), 0);
	free(before);
	free(after);
	free(s);
}

/* The pact a commit rewrote in the work tree is staged with that file's
 * stat data: git diff-files (which trusts stat data, unlike git status)
 * does not list it, so git need not hash it again. */
Test(commit_index, a_rewritten_pact_is_staged_with_its_stat_data)
{
	char *s = store_init(store_tmp, "s"), *out = NULL;

	commit_ok(s, 2024, "a b");
	commit_ok(s, 2024, "a b:v2");
	cr_assert_eq(sh(s, &out, "git diff-files --name-only"), 0);
	cr_expect(!out || !strstr(out, "pacts/2024.yaml"), "%s", out);
	cr_expect_eq(sh(s, NULL, "git diff --cached --quiet && git diff --quiet"), 0);
	free(out);
	free(s);
}

/* Nothing of the commit's own stays in $GIT_DIR: not the new index's
 * temporary names, not the old index kept while it was replaced. */
Test(commit_index, a_commit_leaves_no_temporary_file)
{
	char *s = store_init(store_tmp, "s"), *out = NULL;

	commit_ok(s, 2024, "a b");
	commit_ok(s, 2024, "a b:v2");
	commit_ok(s, 2025, "a");
	cr_assert_eq(sh(s, &out, "ls -a .git | grep -e '^pact-' -e '\\.lock$' || true"), 0);
	cr_expect(!out || !strcmp(out, "pact.lock"), "left in .git: %s", out ? out : "");
	free(out);
	free(s);
}
