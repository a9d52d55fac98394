/*
 * test_hooks.c - the git hooks with the real git CLI: the pre-commit hook
 * refuses invalid staged pacts (reading the index, whatever the work tree
 * says, in paths with spaces and with core.hooksPath), and a bare store
 * with the pre-receive hook refuses invalid pacts, unapproved changes to
 * main and rewritten records, while an approved adoption pushed with
 * `pact review push` goes through.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "review_fixture.h"

/* What `pact review push` sends, as one git push: libgit2 pushes to a
 * path without running receive-pack, so server hooks only run for git's
 * own transport (and for ssh/https remotes, which always run them). */
#define PUSH_ALL                                                                                   \
	"'refs/pact/reviews/*:refs/pact/reviews/*' 'refs/heads/draft/*:refs/heads/draft/*' "       \
	"main 'refs/tags/pact/*:refs/tags/pact/*'"

static void put(const char *dir, const char *name, const char *text)
{
	char *p = strf("%s/%s", dir, name);
	cr_assert_eq(write_file(p, text, strlen(text)), 0);
	free(p);
}

Test(hooks, shipped_scripts_are_the_installed_ones)
{
	const char *names[] = {"pre-commit", "pre-receive"};
	for (int i = 0; i < 2; i++) {
		char *p = strf("%s/hooks/%s", PACT_SRCDIR, names[i]);
		char *file = read_file(p, NULL);
		run_result r = run_pact(NULL, "hooks", "show", names[i], NULL);
		cr_assert(file, "%s", p);
		cr_expect_eq(r.status, 0);
		cr_expect_str_eq(r.out, file, "hooks/%s and the copy in cmd_hooks.c differ",
		                 names[i]);
		run_result_free(&r);
		free(file);
		free(p);
	}
	{
		char *y = strf("%s/.pre-commit-hooks.yaml", PACT_SRCDIR), *t = read_file(y, NULL);
		cr_assert(t);
		cr_expect(strstr(t, "entry: pact validate"));
		free(t);
		free(y);
	}
}

Test(hooks, pre_commit_refuses_an_invalid_staged_pact)
{
	char *dir, *store = fx_store(&dir), *bad = fx_pact(2025, NULL), *good = fx_pact(2025, NULL);
	char *cut;
	run_result r;

	cr_assert_eq(fx_sh(&r, store, "pact hooks install"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "/.git/hooks/pre-commit"), "%s", r.out);
	run_result_free(&r);
	/* a pact with a bad date, staged */
	cut = strstr(bad, "2025-03-15");
	memcpy(cut, "2025-02-30", 10);
	put(store, "pacts/2025.yaml", bad);
	cr_assert_eq(fx_sh(&r, store, "git add pacts/2025.yaml && git commit -qm 'Draft 2025'"), 1);
	cr_expect(strstr(r.err, "pacts/2025.yaml:8:9: error: 'date' is not a real date: "
	                        "'2025-02-30'"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(NULL, store, "git rev-parse -q --verify HEAD:pacts/2025.yaml"), 0);
	/* the index is what counts: fixing only the work tree is not enough */
	put(store, "pacts/2025.yaml", good);
	cr_expect_eq(fx_sh(NULL, store, "git commit -qm 'Draft 2025' 2>/dev/null"), 1);
	cr_expect_eq(fx_sh(&r, store, "git add pacts/2025.yaml && git commit -qm 'Draft 2025'"), 0,
	             "%s", r.err);
	run_result_free(&r);
	/* `git commit FILE` uses a temporary index (GIT_INDEX_FILE) */
	put(store, "pacts/2025.yaml", bad);
	cr_expect_eq(fx_sh(&r, store, "git commit -qm again pacts/2025.yaml"), 1);
	cr_expect(strstr(r.err, "'date' is not a real date"), "%s", r.err);
	run_result_free(&r);
	/* installing twice is fine; a foreign hook is kept */
	cr_expect_eq(fx_sh(&r, store, "pact hooks install"), 0);
	cr_expect(strstr(r.out, "is up to date"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(NULL, store, "printf '#!/bin/sh\\n' > .git/hooks/pre-commit"), 0);
	cr_expect_eq(fx_sh(&r, store, "pact hooks install"), 1);
	cr_expect(strstr(r.err, "exists and is not pact's; use --force"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store, "test \"$(cat .git/hooks/pre-commit)\" = '#!/bin/sh'"), 0,
	             "the foreign hook is kept");
	cr_expect_eq(
	        fx_sh(&r, store, "pact hooks install --force && test -x .git/hooks/pre-commit"), 0,
	        "%s", r.err);
	cr_expect(strstr(r.out, "installed "), "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact hooks show pre-commit | cmp - .git/hooks/pre-commit"),
	             0, "%s", r.err);
	run_result_free(&r);
	/* a hooks directory that cannot be made: exit 3 and the reason */
	cr_expect_eq(fx_sh(&r, store,
	                   "touch not-a-dir && git config core.hooksPath not-a-dir/hooks && "
	                   "pact hooks install"),
	             3);
	cr_expect(strstr(r.err, "pact: error: cannot create the hooks directory '"), "%s", r.err);
	run_result_free(&r);
	free(bad);
	free(good);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(hooks, pre_commit_with_hooks_path_spaces_and_odd_file_names)
{
	char *dir, *store = fx_store(&dir), *bad = fx_pact(2026, NULL), *spaced;
	run_result r;

	/* a store whose path has spaces, hooks in core.hooksPath */
	spaced = strf("%s/my store", dir);
	cr_assert_eq(fx_sh(NULL, dir, "mv store 'my store'"), 0);
	cr_assert_eq(
	        fx_sh(&r, spaced, "git config core.hooksPath 'git hooks' && pact hooks install"), 0,
	        "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(NULL, spaced,
	                   "test -x 'git hooks/pre-commit' && "
	                   "! test -e .git/hooks/pre-commit"),
	             0);
	/* non-pact files with spaces and a newline in their names pass */
	cr_expect_eq(fx_sh(&r, spaced,
	                   "echo x > 'a b.txt' && echo y > \"$(printf 'c\\nd.txt')\" && "
	                   "git add -A && git commit -qm odd"),
	             0, "%s", r.err);
	run_result_free(&r);
	/* the pact is still checked: year 2026 in a file named 2025 */
	put(spaced, "pacts/2025.yaml", bad);
	cr_expect_eq(fx_sh(&r, spaced, "git add -A && git commit -qm wrong-year"), 1);
	cr_expect(strstr(r.err, "pacts/2025.yaml:"), "%s", r.err);
	run_result_free(&r);
	free(bad);
	free(spaced);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* A bare hub with the server hook; the store pushes main to it. */
static char *make_hub(const char *dir, const char *store)
{
	char *hub = strf("%s/hub.git", dir);
	run_result r;
	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare hub.git && pact -C hub.git hooks install "
	                   "--server"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(
	        fx_sh(&r, store, "git remote add origin ../hub.git && git push -q origin main"), 0,
	        "%s", r.err);
	run_result_free(&r);
	return hub;
}

Test(hooks, server_refuses_invalid_pacts_in_any_pushed_commit)
{
	char *dir, *store = fx_store(&dir), *hub = make_hub(dir, store);
	char *bad = fx_pact(2025, NULL), *good = fx_pact(2025, NULL);
	run_result r;

	/* the bad pact is in the middle of the pushed history, fixed later */
	memcpy(strstr(bad, "2025-03-15"), "2025-13-01", 10);
	put(store, "pacts/2025.yaml", bad);
	cr_assert_eq(fx_sh(NULL, store, "git switch -qc topic && git add -A && git commit -qm bad"),
	             0);
	put(store, "pacts/2025.yaml", good);
	cr_assert_eq(fx_sh(NULL, store, "git commit -qam fixed"), 0);
	cr_expect_eq(fx_sh(&r, store, "git push origin topic"), 1);
	cr_expect(strstr(r.err, ":pacts/2025.yaml:8:9: error: 'date' is not a real date: "
	                        "'2025-13-01'"),
	          "%s", r.err);
	cr_expect(strstr(r.err, "pre-receive hook declined"), "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(NULL, hub, "git rev-parse -q --verify topic"), 0);
	/* a history of valid pacts goes through */
	cr_assert_eq(fx_sh(NULL, store, "git switch -qc clean main"), 0);
	put(store, "pacts/2025.yaml", good);
	cr_expect_eq(
	        fx_sh(&r, store, "git add -A && git commit -qm ok && git push -q origin clean"), 0,
	        "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact validate --rev clean && pact validate --rev topic~1"),
	             1);
	cr_expect(strstr(r.err, "topic~1:pacts/2025.yaml:8:9: error:"), "%s", r.err);
	run_result_free(&r);
	free(bad);
	free(good);
	free(hub);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(hooks, server_refuses_unapproved_changes_to_main_and_takes_adoptions)
{
	char *dir, *store = fx_store(&dir), *hub = make_hub(dir, store);
	char *edited = fx_pact(2024, "hằng quý");
	run_result r;

	/* plain git: change the adopted 2024 pact on main, no approvals */
	put(store, "pacts/2024.yaml", edited);
	cr_assert_eq(fx_sh(NULL, store, "git commit -qam 'Quietly edit 2024'"), 0);
	cr_expect_eq(fx_sh(&r, store, "git push origin main"), 1);
	cr_expect(strstr(r.err, "refs/heads/main: error: pacts/2024.yaml changes without every "
	                        "member's approval of the new text"),
	          "%s", r.err);
	cr_expect(strstr(r.err, "so-y-te (not yet approved), bhxh-tinh (not yet approved)"), "%s",
	          r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(NULL, store, "git reset -q --hard HEAD~1"), 0);

	/* the review way: approvals travel with main in one push */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	/* a hand-made merge of a half-approved draft is refused */
	cr_assert_eq(fx_sh(NULL, store,
	                   "git switch -q main && git merge -q --no-ff -m sneak "
	                   "draft/2025"),
	             0);
	cr_expect_eq(fx_sh(&r, store, "git push origin " PUSH_ALL), 1);
	cr_expect(strstr(r.err, "pacts/2025.yaml is added without every member's approval"), "%s",
	          r.err);
	cr_expect(strstr(r.err, "bhxh-tinh (not yet approved)"), "%s", r.err);
	cr_expect(!strstr(r.err, "so-y-te ("), "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: push refused: fix the pacts above, or have every "
	                        "member approve"),
	          "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(NULL, store, "git reset -q --hard HEAD~1"), 0);
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member bhxh-tinh " BHXH
	                   " >/dev/null && pact review merge 2025 --allow-leftovers >/dev/null && "
	                   "git push -q origin " PUSH_ALL),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, hub,
	                   "test \"$(git rev-parse main:pacts/2025.yaml)\" = "
	                   "\"$(git rev-parse refs/pact/reviews/2025:adopted >/dev/null && "
	                   "git rev-parse pact/2025:pacts/2025.yaml)\""),
	             0);

	/* records are never rewritten: no deleting main, no rewinding reviews */
	cr_expect_eq(fx_sh(&r, store, "git push origin :main"), 1);
	cr_expect(strstr(r.err, "refusing to delete"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "git push -f origin "
	                   "refs/pact/reviews/2025~1:refs/pact/reviews/2025"),
	             1);
	cr_expect(strstr(r.err, "refusing an update that would drop what it holds"), "%s", r.err);
	run_result_free(&r);
	free(edited);
	free(hub);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* libgit2 writes the refs of a push to a path itself, so the hub's hook
 * cannot run: pact says so, once, wherever the hub has one. */
Test(hooks, pact_push_to_a_local_path_warns_that_the_hook_does_not_run)
{
	char *dir, *store = fx_store(&dir), *hub = make_hub(dir, store), *url;
	const char *warning = "is a local path: its pre-receive hook does not run for pushes "
	                      "made by pact; use git push or an ssh/https remote";
	const char *pushes[] = {"pact push", "pact review push", "pact push viafile"};
	run_result r;

	url = strf("git remote add viafile 'file://%s' && "
	           "git init -q --bare ../plain.git && git remote add plain ../plain.git",
	           hub);
	cr_assert_eq(fx_sh(NULL, store, "%s", url), 0);
	free(url);
	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	for (size_t i = 0; i < sizeof(pushes) / sizeof(pushes[0]); i++) {
		const char *w;
		cr_expect_eq(fx_sh(&r, store, "%s", pushes[i]), 0, "%s: %s", pushes[i], r.err);
		w = strstr(r.err, warning);
		cr_expect(w && !strstr(w + 1, warning), "%s: %s", pushes[i], r.err);
		cr_expect(strstr(r.err, i < 2 ? "pact: warning: '../hub.git' is a local path"
		                              : "pact: warning: 'file:///"),
		          "%s: %s", pushes[i], r.err);
		run_result_free(&r);
	}
	/* no hook there, nothing to warn about */
	cr_expect_eq(fx_sh(&r, store, "pact push plain"), 0, "%s", r.err);
	cr_expect(!strstr(r.err, "warning"), "%s", r.err);
	run_result_free(&r);
	free(hub);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* The hook read its standard input as a C string: a NUL ended it, so the
 * updates after it were never judged and a deletion of main behind
 * "OLD NEW refs/heads/a\0\n" was let through (exit 0). Input with a NUL
 * is not git's: refused, naming where. */
Test(hooks, pre_receive_input_with_a_nul_is_refused_not_cut_short)
{
	char *dir, *store = fx_store(&dir), *hub = make_hub(dir, store);
	const char *z = "0000000000000000000000000000000000000000";
	run_result r;

	cr_expect_eq(fx_sh(&r, hub,
	                   "H=$(git rev-parse main); printf '%s %%s refs/heads/a\\0\\n%%s %s "
	                   "refs/heads/main\\n' $H $H | pact hooks pre-receive",
	                   z, z),
	             2, "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: pre-receive: the ref updates hold a NUL byte at "
	                        "byte 94: git never writes one"),
	          "%s", r.err);
	run_result_free(&r);
	/* the same deletion on its own is judged as before */
	cr_expect_eq(fx_sh(&r, hub,
	                   "printf '%%s %s refs/heads/main\\n' $(git rev-parse main) | pact "
	                   "hooks pre-receive",
	                   z),
	             1, "%s", r.err);
	cr_expect(strstr(r.err, "refusing to delete a record of the bloc"), "%s", r.err);
	run_result_free(&r);
	free(hub);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* Input over the hook's bound was called "more than 10000 ref updates"
 * even when it was one long line: the bound is on bytes, and said so. */
Test(hooks, pre_receive_input_over_the_bound_is_named_in_bytes)
{
	char *dir, *store = fx_store(&dir), *hub = make_hub(dir, store);
	run_result r;

	cr_expect_eq(fx_sh(&r, hub,
	                   "head -c 13000000 /dev/zero | tr '\\0' a | pact hooks "
	                   "pre-receive"),
	             1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: pre-receive: more than 12000000 bytes of ref "
	                        "updates (at most 10000 updates of a push are judged)"),
	          "%s", r.err);
	run_result_free(&r);
	free(hub);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* Nothing planted in .git/hooks is written through or waited on: a link at
 * the temporary name is removed, a FIFO or a link at the hook's name is
 * "not pact's", and --force replaces the link itself, never its target. */
Test(hooks, install_never_follows_what_was_planted)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(NULL, store,
	                   "mkdir -p .git/hooks && printf 'outside\\n' > ../outside && "
	                   "ln -s \"$PWD/../outside\" .git/hooks/pre-commit.tmp && "
	                   "mkfifo .git/hooks/pre-receive"),
	             0);
	cr_expect_eq(fx_sh(&r, store, "pact hooks install"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store, "test \"$(cat ../outside)\" = outside"), 0,
	             "the file behind the planted temporary link is unchanged");
	cr_expect_eq(fx_sh(NULL, store,
	                   "test ! -e .git/hooks/pre-commit.tmp && "
	                   "test ! -L .git/hooks/pre-commit.tmp && "
	                   "pact hooks show pre-commit | cmp -s - .git/hooks/pre-commit"),
	             0);
	/* a FIFO at the hook's name: refused at once, not waited on */
	cr_expect_eq(fx_sh(&r, store, "pact hooks install --server"), 1);
	cr_expect(strstr(r.err, "exists and is not pact's; use --force"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store, "test -p .git/hooks/pre-receive"), 0);
	/* a hook shared through a link: kept, then replaced as a link only */
	cr_assert_eq(fx_sh(NULL, store,
	                   "rm .git/hooks/pre-commit && "
	                   "ln -s \"$PWD/../outside\" .git/hooks/pre-commit"),
	             0);
	cr_expect_eq(fx_sh(&r, store, "pact hooks install"), 1);
	cr_expect(strstr(r.err, "exists and is not pact's; use --force"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact hooks install --force"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store,
	                   "test \"$(cat ../outside)\" = outside && "
	                   "test ! -L .git/hooks/pre-commit && "
	                   "pact hooks show pre-commit | cmp -s - .git/hooks/pre-commit"),
	             0);
	free(store);
	rm_rf(dir);
	free(dir);
}
