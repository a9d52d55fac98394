/*
 * test_store.c - the versioned store: init and commit, run as a user would
 * (the pact binary) and checked with the real git CLI (fsck --strict, log,
 * show, status). Reading (show, addresses, the library calls other modules
 * build on) is in test_store_read.c, races and crashes in
 * test_store_race.c, push and pull in test_store_remote.c.
 *
 * Every test makes its own temporary directory, which is also HOME, so
 * tests are independent of order and of the machine's git config.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "pact/error.h"
#include "pact/store.h"
#include "store_helpers.h"

TestSuite(store, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* ---- init --------------------------------------------------------------- */

Test(store, init_makes_a_git_repository_on_main)
{
	char *s = store_init(store_tmp, "s"), *out = NULL;

	cr_expect_eq(sh(s, &out, "git symbolic-ref HEAD"), 0);
	cr_expect_str_eq(out, "refs/heads/main");
	free(out);
	cr_expect_eq(sh(s, &out, "git ls-files"), 0);
	cr_expect_str_eq(out, ".gitattributes\nREADME.md\npacts/.gitkeep");
	free(out);
	cr_expect_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	cr_expect_eq(sh(s, &out, "git config diff.pact.command"), 0);
	cr_expect_str_eq(out, "pact diff --git-driver");
	free(out);
	cr_expect_eq(sh(s, &out, "git check-attr diff pacts/2024.yaml"), 0);
	cr_expect_str_eq(out, "pacts/2024.yaml: diff: pact");
	free(out);
	cr_expect_eq(sh(s, NULL, "git fsck --strict"), 0);
	cr_expect_eq(store_count_commits(s), 1);

	/* A second init is refused, and the store is untouched. */
	run_result r = run_pact(store_tmp, "init", "s", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "already holds a git repository") != NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(store_count_commits(s), 1);
	free(s);
}

Test(store, init_bare_is_empty_and_bare)
{
	char *out = NULL;
	run_result r = run_pact(store_tmp, "init", "--bare", "srv.git", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(store_tmp, &out, "git -C srv.git rev-parse --is-bare-repository"), 0);
	cr_expect_str_eq(out, "true");
	free(out);
	cr_expect_eq(sh(store_tmp, &out, "git -C srv.git symbolic-ref HEAD"), 0);
	cr_expect_str_eq(out, "refs/heads/main");
	free(out);
	cr_expect_neq(sh(store_tmp, NULL, "git -C srv.git rev-parse -q --verify HEAD"), 0);
}

Test(store, missing_store_is_a_clear_error)
{
	run_result r = run_pact(store_tmp, "log", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "not a pact store") != NULL, "%s", r.err);
	run_result_free(&r);
}

/* ---- commit ------------------------------------------------------------- */

Test(store, commit_is_what_git_reads)
{
	char *s = store_init(store_tmp, "s"),
	     *f = gen_pact_file(store_tmp, "draft.yaml", 2024, "a b c");
	char *out = NULL, *want = gen_pact(2024, "a b c");
	run_result r = run_pact(s, "commit", f, "-m", "Ký giao ước 2024", NULL);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "[main ") == r.out, "%s", r.out);
	cr_expect(strstr(r.out, "] Ký giao ước 2024\n") != NULL, "%s", r.out);
	run_result_free(&r);

	cr_expect_eq(sh(s, NULL, "git fsck --strict"), 0);
	cr_expect_eq(sh(s, &out, "git log --format='%%an <%%ae>|%%s'"), 0);
	cr_expect_str_eq(out, "Test Officer <officer@example.vn>|Ký giao ước 2024\n"
	                      "Test Officer <officer@example.vn>|Create the pact store");
	free(out);
	cr_expect_eq(sh(s, &out, "git show main:pacts/2024.yaml"), 0);
	want[strlen(want) - 1] = '\0'; /* sh() trims the final newline */
	cr_expect_str_eq(out, want);
	free(out);
	/* The work tree and index agree with the commit. */
	cr_expect_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	/* The reflog says what happened, as git's does. */
	cr_expect_eq(sh(s, &out, "git reflog -1 --format=%%gs main"), 0);
	cr_expect_str_eq(out, "commit: Ký giao ước 2024");
	free(out);
	free(want);
	free(f);
	free(s);
}

Test(store, commit_with_nothing_changed_is_refused)
{
	char *s = store_init(store_tmp, "s"), *f = gen_pact_file(store_tmp, "p.yaml", 2024, "a b");
	run_result r = run_pact(s, "commit", f, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(s, "commit", f, NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "nothing to commit") != NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(store_count_commits(s), 2);
	free(f);
	free(s);
}

/* What `pact init` configures is enough for git itself to show pacts clause
 * by clause: the real `git diff` and `git log -p --ext-diff` run the driver
 * (`pact diff --git-driver`, found in PATH as a user's would be), and
 * --no-ext-diff still gives git's own line diff. */
Test(store, git_diff_runs_pact_as_driver_after_init)
{
	char *s = store_init(store_tmp, "s"), *bin = strdup(PACT_BIN), *out = NULL;
	char *f = gen_pact_file(store_tmp, "in/2024.yaml", 2024, "a b c");
	char *slash = strrchr(bin, '/');
	*slash = '\0';

	run_result r = run_pact(s, "commit", f, "-m", "one", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
	/* edit in the work tree: b reworded, d added; the driver's report is
	 * in the language pact diff would use (PACT_LANG here) */
	f = gen_pact_file(s, "pacts/2024.yaml", 2024, "a b:v2 c d");

	cr_expect_eq(sh(s, &out, "PATH='%s':\"$PATH\" PACT_LANG=vi git diff", bin), 0);
	cr_expect(strstr(out, "pact diff a/pacts/2024.yaml b/pacts/2024.yaml\n") != NULL, "%s",
	          out);
	cr_expect(strstr(out, "Tóm tắt:") != NULL, "summary label: %s", out);
	cr_expect(strstr(out, "~ 1. Thực hiện nội dung b {+bản v2+}.\n") != NULL,
	          "word-level markers: %s", out);
	cr_expect(strstr(out, "== Điều 4 (d) · Bổ sung\n") != NULL, "clause d added: %s", out);
	cr_expect(strstr(out, "@@") == NULL, "not a line diff: %s", out);
	free(out);

	cr_expect_eq(sh(s, &out, "PATH='%s':\"$PATH\" git diff --no-ext-diff", bin), 0);
	cr_expect(strstr(out, "@@") != NULL, "%s", out);
	cr_expect(strstr(out, "\n+      - Thực hiện nội dung b bản v2.\n") != NULL, "%s", out);
	cr_expect(strstr(out, "Tóm tắt") == NULL, "%s", out);
	free(out);

	r = run_pact(s, "commit", "pacts/2024.yaml", "-m", "two", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, &out, "PATH='%s':\"$PATH\" PACT_LANG=vi git log -p --ext-diff -1", bin),
	             0);
	cr_expect(strstr(out, "    two\n") != NULL, "%s", out);
	cr_expect(strstr(out, "Tóm tắt:") != NULL, "%s", out);
	cr_expect(strstr(out, "nội dung b {+bản v2+}.") != NULL, "%s", out);
	cr_expect(strstr(out, "@@") == NULL, "%s", out);
	free(out);
	/* without --ext-diff, git log -p keeps its line diff */
	cr_expect_eq(sh(s, &out, "PATH='%s':\"$PATH\" git log -p -1", bin), 0);
	cr_expect(strstr(out, "@@") != NULL, "%s", out);
	free(out);

	free(f);
	free(bin);
	free(s);
}

Test(store, invalid_pact_never_gets_in)
{
	char *s = store_init(store_tmp, "s"),
	     *good = gen_pact_file(store_tmp, "good.yaml", 2023, "a");
	char *bad = strf("%s/bad.yaml", store_tmp);
	const char *text = "schema: pact/1\nyear: 2024\ntitle: x\n";
	cr_assert_eq(write_file(bad, text, strlen(text)), 0);

	run_result r = run_pact(s, "commit", good, bad, NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "bad.yaml:") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "nothing committed") != NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(store_count_commits(s), 1); /* not even the good one */

	/* what 'pact validate' refuses, commit refuses: 2023.yaml saying 2024 */
	char *misnamed = gen_pact_file(store_tmp, "2023.yaml", 2024, "a");
	r = run_pact(s, "commit", misnamed, NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "2023.yaml:2:7: error: year 2024 does not match the file name "
	                        "'2023.yaml'") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(store_count_commits(s), 1);
	free(misnamed);
	free(good);
	free(bad);
	free(s);
}

Test(store, commit_places_files_by_year_in_one_commit)
{
	char *s = store_init(store_tmp, "s"), *out = NULL;
	char *a = gen_pact_file(store_tmp, "x.yaml", 2023, "a"),
	     *b = gen_pact_file(store_tmp, "y.yaml", 2024, "a b");
	run_result r = run_pact(s, "commit", a, b, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "] Add pacts 2023, 2024") != NULL, "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(sh(s, &out, "git show --name-only --format= HEAD"), 0);
	cr_expect_str_eq(out, "pacts/2023.yaml\npacts/2024.yaml");
	free(out);

	/* Two files for one year is a usage error. */
	char *c = gen_pact_file(store_tmp, "z.yaml", 2024, "c");
	r = run_pact(s, "commit", b, c, NULL);
	cr_expect_eq(r.status, 2);
	run_result_free(&r);
	free(a);
	free(b);
	free(c);
	free(s);
}

/* The library call behind `pact commit`: every file checked and counted
 * when invalid, two files of one year refused, a read error stopping at
 * its file, and the checked bytes committed with the default message. */
Test(store, check_files_then_commit_files_as_pact_commit_does)
{
	char *s = store_init(store_tmp, "s"), *msg = NULL, *out = NULL;
	char *a = gen_pact_file(store_tmp, "x.yaml", 2023, "a"),
	     *b = gen_pact_file(store_tmp, "y.yaml", 2024, "a b"),
	     *c = gen_pact_file(store_tmp, "z.yaml", 2024, "c"),
	     *bad = strf("%s/bad.yaml", store_tmp), *missing = strf("%s/missing.yaml", store_tmp);
	pact_store *st = NULL;
	pact_oid id;

	cr_assert_eq(write_file(bad, "schema: pact/1\nyear: x\n", 23), 0);
	{
		pact_checked_file f[] = {{.path = bad}, {.path = a}, {.path = bad}};
		cr_expect_eq(pact_store_check_files(f, 3), 2,
		             "both copies of bad.yaml are invalid");
		cr_expect(f[0].diags.nerrors > 0 && f[2].diags.nerrors > 0);
		cr_expect_eq(f[1].year, 2023);
		cr_expect_eq(f[1].diags.nerrors, 0);
		pact_checked_files_clear(f, 3);
	}
	{
		pact_checked_file f[] = {{.path = b}, {.path = c}};
		cr_expect_eq(pact_store_check_files(f, 2), PACT_EUSAGE);
		cr_expect(strstr(pact_error_last()->message, "are both the pact for 2024"), "%s",
		          pact_error_last()->message);
		pact_checked_files_clear(f, 2);
	}
	{
		pact_checked_file f[] = {{.path = missing}, {.path = bad}};
		cr_expect_eq(pact_store_check_files(f, 2), PACT_ENOTFOUND);
		cr_expect_eq(f[1].diags.count, 0, "the file after a read error is not read");
		pact_checked_files_clear(f, 2);
	}
	{
		pact_checked_file f[] = {{.path = a}, {.path = b}};
		pact_signature *sig = NULL;
		cr_assert_eq(pact_store_check_files(f, 2), 0);
		cr_assert_eq(pact_store_open(&st, s), 0);
		cr_assert_eq(pact_signature_now(&sig, "Trần Y", "yte@bloc.vn"), 0);
		cr_assert_eq(pact_store_commit_files(&id, &msg, st, f, 2, NULL, sig), 0, "%s",
		             pact_error_last()->message);
		cr_expect_str_eq(msg, "Add pacts 2023, 2024");
		pact_signature_free(sig);
		pact_checked_files_clear(f, 2);
		pact_store_free(st);
	}
	cr_expect_eq(sh(s, &out, "git show --name-only --format=%%s HEAD"), 0);
	cr_expect_str_eq(out, "Add pacts 2023, 2024\n\npacts/2023.yaml\npacts/2024.yaml");
	free(out);
	free(msg);
	free(a);
	free(b);
	free(c);
	free(bad);
	free(missing);
	free(s);
}

Test(store, commit_from_inside_the_work_tree)
{
	char *s = store_init(store_tmp, "s"), *out = NULL;
	char *f = gen_pact_file(s, "pacts/2024.yaml", 2024, "a");
	run_result r = run_pact(s, "commit", "pacts/2024.yaml", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);

	/* Edit in place, commit from a sub-directory: the store is found
	 * upward, like git. */
	free(f);
	f = gen_pact_file(s, "pacts/2024.yaml", 2024, "a b");
	char *sub = strf("%s/pacts", s);
	r = run_pact(sub, "commit", "2024.yaml", NULL);
	free(sub);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(store_count_commits(s), 3);
	free(f);
	free(s);
}

Test(store, local_edits_are_not_overwritten)
{
	char *s = store_init(store_tmp, "s"), *out = NULL;
	char *f = gen_pact_file(store_tmp, "p.yaml", 2024, "a");
	run_result r = run_pact(s, "commit", f, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	/* Somebody edits the checked-out file but commits another copy. */
	char *edit = gen_pact_file(s, "pacts/2024.yaml", 2024, "a:mine");
	char *other = gen_pact_file(store_tmp, "q.yaml", 2024, "a b");
	r = run_pact(s, "commit", other, NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "local changes to 'pacts/2024.yaml'") != NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(store_count_commits(s), 2);
	char *kept = read_file(edit, NULL), *want = gen_pact(2024, "a:mine");
	cr_expect_str_eq(kept, want);
	free(kept);
	free(want);
	free(out);
	free(edit);
	free(other);
	free(f);
	free(s);
}

Test(store, identity_author_option_and_default)
{
	char *s = store_init(store_tmp, "s"), *out = NULL;
	char *f = gen_pact_file(store_tmp, "p.yaml", 2024, "a");
	run_result r = run_pact(s, "commit", f, "--author", "Nguyễn Văn A <a@example.vn>", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, &out, "git log -1 --format='%%an <%%ae>'"), 0);
	cr_expect_str_eq(out, "Nguyễn Văn A <a@example.vn>");
	free(out);

	r = run_pact(s, "commit", f, "--author", "no email here", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "malformed author") != NULL, "%s", r.err);
	run_result_free(&r);

	/* No identity anywhere: a clear default and a warning, no crash. */
	char *g = gen_pact_file(store_tmp, "g.yaml", 2025, "a");
	cr_expect_eq(sh(s, &out,
	                "env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u EMAIL %s commit %s 2>&1",
	                PACT_BIN, g),
	             0);
	cr_expect(strstr(out, "no identity configured") != NULL, "%s", out);
	free(out);
	cr_expect_eq(sh(s, &out, "git log -1 --format='%%an <%%ae>'"), 0);
	cr_expect_str_eq(out, "pact <pact@localhost>");
	free(out);

	/* init says so too: its first commit needs an identity */
	cr_expect_eq(sh(store_tmp, &out,
	                "env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u EMAIL %s init anon 2>&1",
	                PACT_BIN),
	             0);
	cr_expect(strstr(out, "pact: warning: no identity configured: the first commit was made "
	                      "as 'pact <pact@localhost>'") != NULL,
	          "%s", out);
	free(out);
	free(f);
	free(g);
	free(s);
}
