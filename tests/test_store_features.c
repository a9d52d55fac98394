/*
 * test_store_features.c - git features libgit2 1.5 cannot read, as an
 * officer meets them: each store is made by the real git CLI, and pact's
 * message must say what the feature is, that nothing was changed, and the
 * git command that turns it off where there is one; never the "free some
 * disk space" hint of a failed write. The features libgit2 reads (index
 * v4, the untracked cache, fsmonitor data) must simply work.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(store_features, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* A store with one commit of 2024 ("a b"); its path. */
static char *store_with_2024(const char *name)
{
	char *s = store_init(store_tmp, name),
	     *f = gen_pact_file(store_tmp, "in.yaml", 2024, "a b");
	run_result r = run_pact(s, "commit", f, "-m", "first", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
	return s;
}

/* `pact commit` of a changed 2024 in `s`: its result (the caller frees). */
static run_result commit_changed(const char *s)
{
	char *f = gen_pact_file(store_tmp, "next.yaml", 2024, "a b:v2");
	run_result r = run_pact(s, "commit", f, "-m", "second", NULL);
	free(f);
	return r;
}

/* The refusal every case shares: exit 3, the words of `want` (each a
 * substring of stderr), nothing about disk space, HEAD and the work tree
 * as they were. */
static void refused_unchanged(const char *s, const run_result *r, const char *const *want)
{
	cr_expect_eq(r->status, 3, "status %d: %s", r->status, r->err);
	for (; *want; want++)
		cr_expect(strstr(r->err, *want), "no '%s' in: %s", *want, r->err);
	cr_expect(!strstr(r->err, "disk space"), "%s", r->err);
	cr_expect(!strstr(r->err, "unsupported"), "libgit2's words: %s", r->err);
	cr_expect_eq(store_count_commits(s), 2, "a commit was made");
	cr_expect_eq(sh(s, NULL, "git diff --quiet HEAD -- pacts"), 0, "the work tree changed");
}

Test(store_features, a_split_index_is_named_with_the_command_that_turns_it_off)
{
	char *s = store_with_2024("s");
	const char *want[] = {"split index", "nothing was changed",
	                      "git config core.splitIndex false && git update-index "
	                      "--no-split-index",
	                      NULL};
	run_result r;

	cr_assert_eq(sh(s, NULL,
	                "git config core.splitIndex true && git update-index "
	                "--split-index && ls .git/sharedindex.*"),
	             0);
	r = commit_changed(s);
	refused_unchanged(s, &r, want);
	run_result_free(&r);
	/* and the command given does turn it off */
	cr_assert_eq(sh(s, NULL,
	                "git config core.splitIndex false && git update-index "
	                "--no-split-index"),
	             0);
	r = commit_changed(s);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(s);
}

Test(store_features, a_sparse_index_is_named_in_both_languages)
{
	char *s = store_with_2024("s");
	const char *want[] = {"sparse index", "nothing was changed",
	                      "git sparse-checkout init --no-sparse-index", NULL};
	const char *want_vi[] = {"chỉ mục thưa", "chưa có gì thay đổi",
	                         "git sparse-checkout init --no-sparse-index", NULL};
	char *f = gen_pact_file(store_tmp, "next.yaml", 2024, "a b:v2");
	run_result r;

	/* a directory outside the cone, so that the index has a sparse entry */
	cr_assert_eq(sh(s, NULL,
	                "mkdir -p docs/x && echo a > docs/x/a && git add docs && "
	                "git commit -qm docs && git sparse-checkout init --cone "
	                "--sparse-index && git sparse-checkout set pacts"),
	             0);
	cr_assert_eq(store_count_commits(s), 3);
	r = run_pact(s, "commit", f, "-m", "second", NULL);
	cr_expect_eq(r.status, 3, "%s", r.err);
	for (const char *const *w = want; *w; w++)
		cr_expect(strstr(r.err, *w), "no '%s' in: %s", *w, r.err);
	cr_expect(!strstr(r.err, "disk space"), "%s", r.err);
	run_result_free(&r);
	r = run_pact(s, "--lang=vi", "commit", f, "-m", "second", NULL);
	cr_expect_eq(r.status, 3, "%s", r.err);
	for (const char *const *w = want_vi; *w; w++)
		cr_expect(strstr(r.err, *w), "no '%s' in: %s", *w, r.err);
	cr_expect(!strstr(r.err, "disk space") && !strstr(r.err, "dung lượng"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(store_count_commits(s), 3, "a commit was made");
	cr_assert_eq(sh(s, NULL, "git sparse-checkout init --no-sparse-index"), 0);
	r = run_pact(s, "commit", f, "-m", "second", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
	free(s);
}

/* Repository extensions libgit2 1.5 refuses: every command stops at
 * opening the store, saying which feature and what to do. */
Test(store_features, repository_extensions_are_named_not_quoted)
{
	static const struct {
		const char *config, *words;
	} cases[] = {
	        {"extensions.worktreeConfig true", "git config --unset extensions.worktreeConfig"},
	        {"extensions.refStorage reftable", "git refs migrate --ref-format=files"},
	        {"extensions.objectFormat sha256", "SHA-256"},
	        {"extensions.frobnicate yes", "a git feature pact cannot read "
	                                      "(extensions.frobnicate)"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char name[16];
		snprintf(name, sizeof(name), "s%zu", i);
		char *s = store_with_2024(name);
		const char *want[] = {cases[i].words, "nothing was changed", NULL};
		run_result r;

		/* git itself writes the setting (and refuses the store after) */
		cr_assert_eq(sh(s, NULL,
		                "git config core.repositoryformatversion 1 && git config %s",
		                cases[i].config),
		             0);
		r = commit_changed(s);
		cr_expect_eq(r.status, 3, "%s: %s", cases[i].config, r.err);
		for (const char *const *w = want; *w; w++)
			cr_expect(strstr(r.err, *w), "%s: no '%s' in: %s", cases[i].config, *w,
			          r.err);
		cr_expect(!strstr(r.err, "disk space") && !strstr(r.err, "unsupported"), "%s",
		          r.err);
		run_result_free(&r);
		r = run_pact(s, "log", NULL);
		cr_expect_eq(r.status, 3, "%s", r.err);
		cr_expect(strstr(r.err, cases[i].words), "%s", r.err);
		run_result_free(&r);
		free(s);
	}
}

Test(store_features, a_newer_repository_format_is_named)
{
	char *s = store_with_2024("s");
	run_result r;

	cr_assert_eq(sh(s, NULL, "git config core.repositoryformatversion 2"), 0);
	r = run_pact(s, "log", NULL);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "newer git format (core.repositoryformatversion 2)"), "%s", r.err);
	run_result_free(&r);
	free(s);
}

/* A SHA-256 store made by git init itself. */
Test(store_features, a_sha256_store_made_by_git_is_refused_plainly)
{
	run_result r;
	char *f = gen_pact_file(store_tmp, "in.yaml", 2024, "a");
	char *s = strf("%s/sha", store_tmp);

	cr_assert_eq(sh(store_tmp, NULL, "git init -q --object-format=sha256 sha"), 0);
	r = run_pact(s, "commit", f, "-m", "first", NULL);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "SHA-256") && strstr(r.err, "pact init"), "%s", r.err);
	cr_expect(!strstr(r.err, "disk space"), "%s", r.err);
	run_result_free(&r);
	free(s);
	free(f);
}

/* A shallow clone has a commit whose parents are not there: history stops
 * with the command that fetches the rest, not as damage. */
Test(store_features, a_shallow_clone_says_how_to_fetch_the_rest)
{
	char *s = store_with_2024("s"), *c = strf("%s/c", store_tmp);
	run_result r;

	r = commit_changed(s);
	run_result_free(&r);
	cr_assert_eq(sh(store_tmp, NULL, "git clone -q --depth 1 file://%s c", s), 0);
	r = run_pact(c, "log", NULL);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "shallow clone") && strstr(r.err, "git fetch --unshallow"), "%s",
	          r.err);
	cr_expect(!strstr(r.err, "damaged"), "%s", r.err);
	run_result_free(&r);
	/* and does what it says */
	cr_assert_eq(sh(c, NULL, "git fetch -q --unshallow"), 0);
	r = run_pact(c, "log", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(c);
	free(s);
}

/* A partial clone lacks the blobs of older revisions until git fetches
 * them; pact cannot, and says so. */
Test(store_features, a_partial_clone_says_how_to_fetch_what_is_missing)
{
	char *s = store_with_2024("s"), *c = strf("%s/c", store_tmp);
	run_result r;

	r = commit_changed(s);
	run_result_free(&r);
	cr_assert_eq(sh(s, NULL, "git config uploadpack.allowFilter true"), 0);
	cr_assert_eq(sh(store_tmp, NULL, "git clone -q --filter=blob:none file://%s c", s), 0);
	r = run_pact(c, "show", "2024@HEAD~1", NULL);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "partial clone") &&
	                  strstr(r.err, "git fetch --refetch --no-filter"),
	          "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(sh(c, NULL, "git fetch -q --refetch --no-filter origin"), 0);
	r = run_pact(c, "show", "2024@HEAD~1", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(c);
	free(s);
}

/* An object the store refers to but has lost: damage, said as such, with
 * what can cause it; a commit on top is refused without the disk hint. */
Test(store_features, a_lost_object_is_damage_not_a_full_disk)
{
	char *s = store_with_2024("s"), *tip = NULL;
	const char *want[] = {"is missing from the store, which is damaged", "git fsck",
	                      "nothing was changed", NULL};
	run_result r;

	r = commit_changed(s);
	run_result_free(&r);
	cr_assert_eq(sh(s, &tip, "git rev-parse HEAD"), 0);
	cr_assert_eq(sh(s, NULL, "rm -f .git/objects/%.2s/%s", tip, tip + 2), 0);
	r = commit_changed(s);
	cr_expect_eq(r.status, 3, "%s", r.err);
	for (const char *const *w = want; *w; w++)
		cr_expect(strstr(r.err, *w), "no '%s' in: %s", *w, r.err);
	cr_expect(strstr(r.err, tip), "the object is not named: %s", r.err);
	cr_expect(!strstr(r.err, "disk space"), "%s", r.err);
	run_result_free(&r);
	free(tip);
	free(s);
}

/* What libgit2 does read: index v4, the untracked cache, fsmonitor data.
 * A commit works, and git status stays clean after it. */
Test(store_features, index_v4_untracked_cache_and_fsmonitor_work)
{
	static const char *const setups[] = {
	        "git update-index --index-version 4",
	        "git config core.untrackedCache true && git update-index --untracked-cache && "
	        "git status -s",
	        "printf '#!/bin/sh\\nprintf \"t\\\\0/\\\\0\"\\n' > .git/fsm && chmod +x .git/fsm "
	        "&& "
	        "git config core.fsmonitor \"$PWD/.git/fsm\" && git config "
	        "core.fsmonitorHookVersion 2 && git update-index --fsmonitor && git status -s",
	};

	for (size_t i = 0; i < sizeof(setups) / sizeof(*setups); i++) {
		char name[16], *st = NULL;
		snprintf(name, sizeof(name), "s%zu", i);
		char *s = store_with_2024(name);
		run_result r;

		cr_assert_eq(sh(s, NULL, "%s", setups[i]), 0, "%s", setups[i]);
		r = commit_changed(s);
		cr_expect_eq(r.status, 0, "%s: %s", setups[i], r.err);
		run_result_free(&r);
		cr_expect_eq(store_count_commits(s), 3);
		cr_expect_eq(sh(s, &st, "git status --porcelain"), 0);
		cr_expect_str_eq(st ? st : "", "", "%s", setups[i]);
		free(st);
		free(s);
	}
}

/* `git gc` and `git repack -d` remove the objects/XX directories they
 * leave empty. libgit2 1.5 creates an object's directory just before it
 * renames the object into it, and failed a commit about once in 150 racing
 * a gc loop ("failed to rename lockfile ... No such file or directory");
 * pact writes objects as git does, from inside the directory. A child
 * removes every empty objects/XX as fast as it can while 30 commits run
 * (before: 1 to 3 of them failed in every run of 30). */
Test(store_features, commits_survive_object_directories_vanishing)
{
	char *s = store_init(store_tmp, "s"), *objects = strf("%s/.git/objects", s);
	char *stop = strf("%s/stop", store_tmp);
	int failed = 0, st = 0;
	pid_t child = fork();

	cr_assert_neq(child, -1);
	if (child == 0) {
		char p[4096];
		while (access(stop, F_OK) != 0)
			for (int i = 0; i < 256; i++) {
				snprintf(p, sizeof(p), "%s/%02x", objects, i);
				rmdir(p);
			}
		_exit(0);
	}
	for (int i = 0; i < 30; i++) {
		char spec[32], *f;
		snprintf(spec, sizeof(spec), "a b:v%d", i);
		f = gen_pact_file(store_tmp, "in.yaml", 2024, spec);
		run_result r = run_pact(s, "commit", f, "-m", "next", NULL);
		if (r.status != 0) {
			cr_log_error("commit %d: %s", i, r.err);
			failed++;
		}
		run_result_free(&r);
		free(f);
	}
	cr_assert_eq(write_file(stop, "", 0), 0);
	waitpid(child, &st, 0);
	cr_expect_eq(failed, 0, "%d of 30 commits failed", failed);
	cr_expect_eq(store_count_commits(s), 31);
	cr_expect_eq(sh(s, NULL, "git fsck --no-dangling"), 0);
	free(stop);
	free(objects);
	free(s);
}

/* A damaged index (cut short) or a damaged object met by a commit is
 * damage, said as such, with what to do; never the disk-space hint. */
Test(store_features, a_damaged_index_or_object_is_not_a_full_disk)
{
	char *s = store_with_2024("s"), *t = store_with_2024("t");
	run_result r;

	cr_assert_eq(sh(s, NULL, "truncate -s 100 .git/index"), 0);
	r = commit_changed(s);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "the index (.git/index) is damaged; nothing was changed") &&
	                  strstr(r.err, "rm .git/index && git reset"),
	          "%s", r.err);
	cr_expect(!strstr(r.err, "disk space"), "%s", r.err);
	run_result_free(&r);
	/* and the command given rebuilds it */
	cr_assert_eq(sh(s, NULL, "rm .git/index && git reset -q"), 0);
	r = commit_changed(s);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	/* the tip's tree, which a commit reads, cut short */
	cr_assert_eq(sh(t, NULL,
	                "o=$(git rev-parse HEAD^{tree}) && f=.git/objects/$(echo $o | cut -c1-2)/"
	                "$(echo $o | cut -c3-) && chmod u+w $f && truncate -s 20 $f"),
	             0);
	r = commit_changed(t);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "is corrupt") && strstr(r.err, "nothing was changed"), "%s", r.err);
	cr_expect(!strstr(r.err, "disk space"), "%s", r.err);
	run_result_free(&r);
	free(t);
	free(s);
}
