/*
 * test_store.c - the versioned store: init, commit, show, addresses, push
 * and pull, run as a user would (the pact binary) and checked with the
 * real git CLI (fsck --strict, log, show, status), plus the library calls
 * other modules build on (pact_store_commit's compare-and-swap, the lock,
 * address parsing).
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

static char *tmp;
static pid_t daemon_pid; /* a git daemon to stop even if a test fails */

static void setup(void)
{
	tmp = store_test_env();
}

static void teardown(void)
{
	if (daemon_pid > 0) {
		kill(-daemon_pid, SIGTERM);
		kill(daemon_pid, SIGTERM);
		waitpid(daemon_pid, NULL, 0);
	}
	rm_rf(tmp);
	free(tmp);
}

TestSuite(store, .init = setup, .fini = teardown);

static int count_commits(const char *dir)
{
	char *out = NULL;
	int n = -1;
	if (sh(dir, &out, "git rev-list --count HEAD") == 0)
		n = atoi(out);
	free(out);
	return n;
}

/* ---- init --------------------------------------------------------------- */

Test(store, init_makes_a_git_repository_on_main)
{
	char *s = store_init(tmp, "s"), *out = NULL;

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
	cr_expect_eq(count_commits(s), 1);

	/* A second init is refused, and the store is untouched. */
	run_result r = run_pact(tmp, "init", "s", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "already holds a git repository") != NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(count_commits(s), 1);
	free(s);
}

Test(store, init_bare_is_empty_and_bare)
{
	char *out = NULL;
	run_result r = run_pact(tmp, "init", "--bare", "srv.git", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(tmp, &out, "git -C srv.git rev-parse --is-bare-repository"), 0);
	cr_expect_str_eq(out, "true");
	free(out);
	cr_expect_eq(sh(tmp, &out, "git -C srv.git symbolic-ref HEAD"), 0);
	cr_expect_str_eq(out, "refs/heads/main");
	free(out);
	cr_expect_neq(sh(tmp, NULL, "git -C srv.git rev-parse -q --verify HEAD"), 0);
}

Test(store, missing_store_is_a_clear_error)
{
	run_result r = run_pact(tmp, "log", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "not a pact store") != NULL, "%s", r.err);
	run_result_free(&r);
}

/* ---- commit ------------------------------------------------------------- */

Test(store, commit_is_what_git_reads)
{
	char *s = store_init(tmp, "s"), *f = gen_pact_file(tmp, "draft.yaml", 2024, "a b c");
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
	char *s = store_init(tmp, "s"), *f = gen_pact_file(tmp, "p.yaml", 2024, "a b");
	run_result r = run_pact(s, "commit", f, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(s, "commit", f, NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "nothing to commit") != NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(count_commits(s), 2);
	free(f);
	free(s);
}

/* What `pact init` configures is enough for git itself to show pacts clause
 * by clause: the real `git diff` and `git log -p --ext-diff` run the driver
 * (`pact diff --git-driver`, found in PATH as a user's would be), and
 * --no-ext-diff still gives git's own line diff. */
Test(store, git_diff_runs_pact_as_driver_after_init)
{
	char *s = store_init(tmp, "s"), *bin = strdup(PACT_BIN), *out = NULL;
	char *f = gen_pact_file(tmp, "in/2024.yaml", 2024, "a b c");
	char *slash = strrchr(bin, '/');
	*slash = '\0';

	run_result r = run_pact(s, "commit", f, "-m", "one", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
	/* edit in the work tree: b reworded, d added */
	f = gen_pact_file(s, "pacts/2024.yaml", 2024, "a b:v2 c d");

	cr_expect_eq(sh(s, &out, "PATH='%s':\"$PATH\" git diff", bin), 0);
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
	cr_expect_eq(sh(s, &out, "PATH='%s':\"$PATH\" git log -p --ext-diff -1", bin), 0);
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
	char *s = store_init(tmp, "s"), *good = gen_pact_file(tmp, "good.yaml", 2023, "a");
	char *bad = strf("%s/bad.yaml", tmp);
	const char *text = "schema: pact/1\nyear: 2024\ntitle: x\n";
	cr_assert_eq(write_file(bad, text, strlen(text)), 0);

	run_result r = run_pact(s, "commit", good, bad, NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "bad.yaml:") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "nothing committed") != NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(count_commits(s), 1); /* not even the good one */

	/* what 'pact validate' refuses, commit refuses: 2023.yaml saying 2024 */
	char *misnamed = gen_pact_file(tmp, "2023.yaml", 2024, "a");
	r = run_pact(s, "commit", misnamed, NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "2023.yaml:2:7: error: year 2024 does not match the file name "
	                        "'2023.yaml'") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(count_commits(s), 1);
	free(misnamed);
	free(good);
	free(bad);
	free(s);
}

Test(store, commit_places_files_by_year_in_one_commit)
{
	char *s = store_init(tmp, "s"), *out = NULL;
	char *a = gen_pact_file(tmp, "x.yaml", 2023, "a"),
	     *b = gen_pact_file(tmp, "y.yaml", 2024, "a b");
	run_result r = run_pact(s, "commit", a, b, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "] Add pacts 2023, 2024") != NULL, "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(sh(s, &out, "git show --name-only --format= HEAD"), 0);
	cr_expect_str_eq(out, "pacts/2023.yaml\npacts/2024.yaml");
	free(out);

	/* Two files for one year is a usage error. */
	char *c = gen_pact_file(tmp, "z.yaml", 2024, "c");
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
	char *s = store_init(tmp, "s"), *msg = NULL, *out = NULL;
	char *a = gen_pact_file(tmp, "x.yaml", 2023, "a"),
	     *b = gen_pact_file(tmp, "y.yaml", 2024, "a b"),
	     *c = gen_pact_file(tmp, "z.yaml", 2024, "c"), *bad = strf("%s/bad.yaml", tmp),
	     *missing = strf("%s/missing.yaml", tmp);
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
	char *s = store_init(tmp, "s"), *out = NULL;
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
	cr_expect_eq(count_commits(s), 3);
	free(f);
	free(s);
}

Test(store, local_edits_are_not_overwritten)
{
	char *s = store_init(tmp, "s"), *out = NULL;
	char *f = gen_pact_file(tmp, "p.yaml", 2024, "a");
	run_result r = run_pact(s, "commit", f, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	/* Somebody edits the checked-out file but commits another copy. */
	char *edit = gen_pact_file(s, "pacts/2024.yaml", 2024, "a:mine");
	char *other = gen_pact_file(tmp, "q.yaml", 2024, "a b");
	r = run_pact(s, "commit", other, NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "local changes to 'pacts/2024.yaml'") != NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(count_commits(s), 2);
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
	char *s = store_init(tmp, "s"), *out = NULL;
	char *f = gen_pact_file(tmp, "p.yaml", 2024, "a");
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
	char *g = gen_pact_file(tmp, "g.yaml", 2025, "a");
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
	cr_expect_eq(sh(tmp, &out,
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

/* ---- show and addresses -------------------------------------------------- */

static char *store_with_history(void)
{
	char *s = store_init(tmp, "s");
	const char *specs[] = {"a", "a b", "a b:v2 c"};
	for (int i = 0; i < 3; i++) {
		char *f = gen_pact_file(tmp, "p.yaml", 2024, specs[i]);
		char *msg = strf("revision %d", i + 1);
		run_result r = run_pact(s, "commit", f, "-m", msg, NULL);
		cr_assert_eq(r.status, 0, "%s", r.err);
		run_result_free(&r);
		free(f);
		free(msg);
	}
	cr_assert_eq(sh(s, NULL, "git tag v1 HEAD~2"), 0);
	return s;
}

Test(store, show_at_any_revision)
{
	char *s = store_with_history(), *want, *id = NULL;
	run_result r = run_pact(s, "show", "2024", NULL);
	want = gen_pact(2024, "a b:v2 c");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, want); /* yaml: the stored bytes */
	run_result_free(&r);
	free(want);

	const char *revs[][2] = {
	        {"2024@main~1", "a b"}, {"2024@v1", "a"}, {"2024@HEAD", "a b:v2 c"}};
	for (size_t i = 0; i < 3; i++) {
		r = run_pact(s, "show", revs[i][0], NULL);
		want = gen_pact(2024, revs[i][1]);
		cr_expect_eq(r.status, 0, "%s: %s", revs[i][0], r.err);
		cr_expect_str_eq(r.out, want, "%s", revs[i][0]);
		run_result_free(&r);
		free(want);
	}
	cr_assert_eq(sh(s, &id, "git rev-parse HEAD~1"), 0);
	char *addr = strf("2024@%s", id);
	r = run_pact(s, "show", addr, "--format=json", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"year\": 2024") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "{\"id\": \"b\", \"number\": 2") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(s, "show", "2024", "--format=text", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "2. [b]\n   - Thực hiện nội dung b bản v2.\n") != NULL, "%s",
	          r.out);
	run_result_free(&r);
	/* -C DIR works like git's. */
	r = run_pact(tmp, "-C", "s", "show", "2024@v1", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(addr);
	free(id);
	free(s);
}

Test(store, bad_addresses_exit_1_with_a_message)
{
	char *s = store_with_history();
	char *dirpath = strf("%s/pacts", s);
	struct {
		const char *addr, *msg;
	} cases[] = {
	        {"2024@nosuchrev", "unknown revision 'nosuchrev'"},
	        {"2019", "no pact for 2019"},
	        {"2024@v1~5", "unknown revision"},
	        {"2024@HEAD:README.md", "does not name a commit"},
	        {"../../../../../../../../etc/passwd", "not a valid pact"},
	        {"/nonexistent/dir/2024.yaml", "does not exist"},
	        {dirpath, "is not a regular file"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_result r = run_pact(s, "show", cases[i].addr, NULL);
		cr_expect_eq(r.status, 1, "%s: status %d", cases[i].addr, r.status);
		cr_expect(strstr(r.err, cases[i].msg) != NULL, "%s: %s", cases[i].addr, r.err);
		cr_expect_str_eq(r.out, "", "%s", cases[i].addr);
		run_result_free(&r);
	}
	const char *malformed[] = {"2024@", "0999@HEAD"};
	for (size_t i = 0; i < 2; i++) {
		run_result r = run_pact(s, "show", malformed[i], NULL);
		cr_expect_eq(r.status, 1, "%s: %s", malformed[i], r.err);
		cr_expect(strstr(r.err, "address") != NULL, "%s", r.err);
		run_result_free(&r);
	}
	free(dirpath);
	free(s);
}

Test(store, address_parsing)
{
	pact_address a;
	cr_expect_eq(pact_address_parse(&a, "2024"), 0);
	cr_expect(a.year == 2024 && !a.rev && !a.path);
	cr_expect_eq(pact_address_parse(&a, "2024@main~2"), 0);
	cr_expect(a.year == 2024 && a.rev && !strcmp(a.rev, "main~2"));
	cr_expect_eq(pact_address_parse(&a, "2024@main@{1}"), 0);
	cr_expect_str_eq(a.rev, "main@{1}");
	cr_expect_eq(pact_address_parse(&a, "2024.yaml"), 0);
	cr_expect(a.year == 0 && a.path && !strcmp(a.path, "2024.yaml"));
	cr_expect_eq(pact_address_parse(&a, "20245"), 0);
	cr_expect_eq(a.year, 0);
	cr_expect_eq(pact_address_parse(&a, "2024@"), PACT_EINVALID);
	cr_expect_eq(pact_address_parse(&a, ""), PACT_EUSAGE);
	cr_expect_eq(pact_address_parse(&a, "0999"), PACT_EINVALID);
}

Test(store, library_load_and_years)
{
	char *s = store_with_history();
	pact_store *st = NULL;
	pact_doc *d = NULL;
	int *years = NULL;
	size_t n = 0;
	cr_assert_eq(pact_store_open(&st, s), 0);
	cr_expect_eq(pact_store_load(&d, NULL, st, "2024@v1"), 0);
	cr_assert_not_null(d);
	cr_expect_eq(d->nclauses, 1);
	pact_doc_free(d);
	cr_expect_eq(pact_store_load(&d, NULL, st, "2024@nope"), PACT_ENOTFOUND);
	cr_expect_null(d);
	cr_expect_eq(pact_store_years(&years, &n, st, NULL), 0);
	cr_expect_eq(n, 1);
	cr_expect_eq(years[0], 2024);
	free(years);
	cr_expect_eq(pact_store_years(&years, &n, st, "HEAD~3"), 0);
	cr_expect_eq(n, 0);
	free(years);
	pact_store_free(st);
	free(s);
}

Test(store, library_update_branch_is_a_compare_and_swap)
{
	char *s = store_with_history(), *out = NULL;
	pact_store *st = NULL;
	pact_oid head, older;
	cr_assert_eq(pact_store_open(&st, s), 0);
	cr_assert_eq(pact_store_resolve(&head, st, "HEAD"), 0);
	cr_assert_eq(pact_store_resolve(&older, st, "v1"), 0);
	/* not where the caller thinks it is: nothing moves */
	cr_expect_eq(pact_store_update_branch(st, "main", &head, &older, "test"), PACT_ECONFLICT);
	cr_expect_eq(pact_store_update_branch(st, "main", &head, NULL, "test"), PACT_ECONFLICT);
	/* checked out: the work tree and index follow the branch */
	cr_expect_eq(pact_store_update_branch(st, "main", &older, &head, "test"), 0);
	cr_expect_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	/* local edits in the way: refused, the branch stays */
	cr_assert_eq(sh(s, NULL, "echo edit >> pacts/2024.yaml"), 0);
	cr_expect_eq(pact_store_update_branch(st, NULL, &head, &older, "test"), PACT_EREFUSED);
	cr_expect_eq(sh(s, &out, "git rev-parse v1^{commit} main | uniq | wc -l"), 0);
	cr_expect_str_eq(out, "1");
	free(out);
	/* a new branch: expected NULL */
	cr_expect_eq(pact_store_update_branch(st, "side", &head, NULL, "test"), 0);
	cr_expect_eq(pact_store_update_branch(st, "side", &head, NULL, "test"), PACT_ECONFLICT);
	pact_store_free(st);
	free(s);
}

Test(store, library_remote_skips_hooks_only_for_local_paths_with_a_hook)
{
	char *s = store_init(tmp, "s"), *url = NULL, *cmd;
	pact_store *st = NULL;
	int skipped = -1;
	/* absolute paths: the check opens them as libgit2's transport would,
	 * from the current directory */
	cmd = strf("git init -q --bare %s/hub.git && printf '#!/bin/sh\\n' > "
	           "%s/hub.git/hooks/pre-receive"
	           " && git remote add path %s/hub.git && git remote add file file://%s/hub.git"
	           " && git remote add ssh ssh://example.invalid/hub.git"
	           " && git remote add scp example.invalid:hub.git",
	           tmp, tmp, tmp, tmp);
	cr_assert_eq(sh(s, NULL, "%s", cmd), 0);
	free(cmd);
	cr_assert_eq(pact_store_open(&st, s), 0);
	const char *names[] = {"path", "file", "ssh", "scp", "missing"};
	for (int i = 0; i < 5; i++) {
		cr_expect_eq(pact_store_remote_skips_hooks(&skipped, NULL, st, names[i]), 0);
		cr_expect_eq(skipped, 0, "%s: the hook is not executable yet", names[i]);
	}
	cr_assert_eq(sh(tmp, NULL, "chmod +x hub.git/hooks/pre-receive"), 0);
	for (int i = 0; i < 5; i++) {
		cr_expect_eq(pact_store_remote_skips_hooks(&skipped, &url, st, names[i]), 0);
		cr_expect_eq(skipped, i < 2, "%s", names[i]);
		cr_expect_eq(url != NULL, i < 2, "%s", names[i]);
		free(url);
		url = NULL;
	}
	pact_store_free(st);
	free(s);
}

/* ---- git interoperability -------------------------------------------------- */

Test(store, pact_reads_commits_git_made_by_hand)
{
	char *s = strf("%s/hand", tmp), *out = NULL;
	cr_assert_eq(sh(tmp, NULL, "git init -q -b main hand"), 0);
	free(gen_pact_file(s, "pacts/2023.yaml", 2023, "a b"));
	cr_assert_eq(sh(s, NULL, "git add pacts && git commit -q -m 'by hand'"), 0);

	run_result r = run_pact(s, "show", "2023", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(s, "log", "--oneline", "--lang=en", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "by hand (2023: new pact, 2 clauses)") != NULL, "%s", r.out);
	run_result_free(&r);

	/* pact commits on top of git's, and git sees both. */
	char *f = gen_pact_file(tmp, "p.yaml", 2023, "a b c");
	r = run_pact(s, "commit", f, "-m", "by pact", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, &out, "git log --format=%%s"), 0);
	cr_expect_str_eq(out, "by pact\nby hand");
	free(out);
	cr_expect_eq(sh(s, NULL, "git fsck --strict"), 0);
	cr_expect_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);

	/* setup-git on a store git made: the attribute goes to info/. */
	r = run_pact(s, "setup-git", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, &out, "git check-attr diff pacts/2023.yaml"), 0);
	cr_expect_str_eq(out, "pacts/2023.yaml: diff: pact");
	free(out);
	cr_expect_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	free(f);
	free(s);
}

/* ---- races and crashes ------------------------------------------------------ */

Test(store, racing_commits_never_lose_one)
{
	char *s = store_init(tmp, "s"), *out = NULL;
	enum { N = 8 };
	for (int i = 0; i < N; i++)
		free(gen_pact_file(tmp, strf("p%d.yaml", i), 2000 + i, "a b"));
	/* N processes at once, each its own year. */
	cr_assert_eq(sh(tmp, NULL,
	                "for i in 0 1 2 3 4 5 6 7; do %s -C s commit \"$PWD/p$i.yaml\" >/dev/null "
	                "2>err$i & "
	                "done; wait; cat err* >&2; ! grep -q error err*",
	                PACT_BIN),
	             0);
	cr_expect_eq(count_commits(s), N + 1);
	cr_expect_eq(sh(s, NULL, "git fsck --strict"), 0);
	cr_expect_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	cr_expect_eq(sh(s, &out, "git ls-tree --name-only HEAD pacts/ | wc -l"), 0);
	cr_expect_eq(atoi(out), N + 1); /* + .gitkeep */
	free(out);
	free(s);
}

Test(store, compare_and_swap_refuses_a_moved_branch)
{
	char *s = store_with_history();
	pact_store *st = NULL;
	pact_signature *sig = NULL;
	pact_oid old, now;
	char *text = gen_pact(2025, "a");
	pact_store_file file = {"pacts/2025.yaml", text, strlen(text)};
	pact_commit_opts o = PACT_COMMIT_OPTS_INIT;

	cr_assert_eq(pact_store_open(&st, s), 0);
	cr_assert_eq(pact_store_signature(&sig, NULL, st, NULL), 0);
	cr_assert_eq(pact_store_resolve(&old, st, "HEAD~1"), 0);
	o.expected_parent = &old; /* a review that read HEAD~1 */
	cr_expect_eq(pact_store_commit_ext(NULL, st, NULL, &file, 1, "late", sig, &o),
	             PACT_ECONFLICT);
	cr_expect(strstr(pact_error_last()->message, "has moved") != NULL);
	cr_assert_eq(pact_store_resolve(&now, st, NULL), 0);
	o.expected_parent = &now;
	cr_expect_eq(pact_store_commit_ext(&old, st, NULL, &file, 1, "in time", sig, &o), 0);
	/* Another branch, not checked out: the work tree is not touched. */
	cr_expect_eq(pact_store_commit(NULL, st, "drafts", &file, 1, "draft", sig), 0);
	cr_expect_eq(sh(s, NULL, "git rev-parse -q --verify drafts"), 0);
	char *out = NULL;
	cr_expect_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	pact_signature_free(sig);
	pact_store_free(st);
	free(text);
	free(s);
}

Test(store, held_lock_times_out_cleanly)
{
	char *s = store_init(tmp, "s"), *lock = strf("%s/.git/pact.lock", s);
	pact_store *st = NULL;
	pact_signature *sig = NULL;
	char *text = gen_pact(2025, "a");
	pact_store_file file = {"pacts/2025.yaml", text, strlen(text)};
	pact_commit_opts o = PACT_COMMIT_OPTS_INIT;
	int fd = open(lock, O_RDWR | O_CREAT, 0644);

	cr_assert(fd >= 0);
	cr_assert_eq(flock(fd, LOCK_EX), 0);
	cr_assert_eq(pact_store_open(&st, s), 0);
	cr_assert_eq(pact_store_signature(&sig, NULL, st, "A <a@b.c>"), 0);
	o.max_wait_ms = 200;
	cr_expect_eq(pact_store_commit_ext(NULL, st, NULL, &file, 1, "m", sig, &o), PACT_ECONFLICT);
	cr_expect(strstr(pact_error_last()->message, "another pact process") != NULL);
	close(fd); /* released: the next one goes through */
	cr_expect_eq(pact_store_commit_ext(NULL, st, NULL, &file, 1, "m", sig, &o), 0);
	pact_signature_free(sig);
	pact_store_free(st);
	free(text);
	free(lock);
	free(s);
}

Test(store, killed_commit_leaves_the_store_consistent)
{
	char *s = store_init(tmp, "s"), *out = NULL;
	/* Kill commits at staggered moments; whatever moment it hits, the
	 * branch is either the old or the new commit and fsck is clean. */
	for (int i = 0; i < 12; i++) {
		char *name = strf("p%d.yaml", i);
		free(gen_pact_file(tmp, name, 2000 + i, "a b c"));
		sh(tmp, NULL, "timeout -s KILL 0.0%02d %s -C s commit \"$PWD/%s\" >/dev/null 2>&1",
		   i * 2 + 1, PACT_BIN, name);
		free(name);
		cr_expect_eq(sh(s, NULL, "git fsck --strict --no-dangling 2>&1"), 0, "round %d", i);
		cr_expect_eq(sh(s, NULL, "git rev-parse --verify -q HEAD >/dev/null"), 0);
		cr_expect_eq(sh(s, &out, "git status --porcelain | grep '^[?][?]' || true"), 0);
		cr_expect_str_eq(out, "", "round %d: stray files", i);
		free(out);
	}
	/* A later commit still works and leaves a clean status. */
	free(gen_pact_file(tmp, "last.yaml", 2099, "z"));
	char *last = strf("%s/last.yaml", tmp);
	run_result r = run_pact(tmp, "-C", "s", "commit", last, NULL);
	free(last);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, &out, "git ls-files --deleted --unmerged"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	free(s);
}

/* ---- sharing ------------------------------------------------------------------ */

static void commit_year(const char *store, int year, const char *spec)
{
	char *f = gen_pact_file(tmp, "c.yaml", year, spec);
	run_result r = run_pact(store, "commit", f, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
}

static char *head_of(const char *dir)
{
	char *out = NULL;
	cr_assert_eq(sh(dir, &out, "git rev-parse HEAD"), 0);
	return out;
}

/* Push from store a, clone into b (git clone), and exchange through url. */
static void exchange(const char *url)
{
	char *a = store_init(tmp, "a"), *b = strf("%s/b", tmp), *out = NULL, *ha, *hb;
	run_result r;

	commit_year(a, 2024, "a b");
	r = run_pact(a, "remote", "add", "origin", url, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(a, "push", NULL);
	cr_assert_eq(r.status, 0, "push: %s", r.err);
	run_result_free(&r);
	r = run_pact(a, "push", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "up-to-date") != NULL, "%s", r.err);
	run_result_free(&r);

	cr_assert_eq(sh(tmp, NULL, "git clone -q '%s' b", url), 0);
	r = run_pact(b, "show", "2024", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	/* a moves on; b fast-forwards. */
	commit_year(a, 2025, "a");
	r = run_pact(a, "push", "origin", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(b, "pull", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Fast-forward") != NULL, "%s", r.out);
	run_result_free(&r);
	ha = head_of(a);
	hb = head_of(b);
	cr_expect_str_eq(ha, hb);
	free(ha);
	free(hb);
	cr_expect_eq(sh(b, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	r = run_pact(b, "show", "2025", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(b, "pull", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Already up to date") != NULL, "%s", r.out);
	run_result_free(&r);

	/* Diverge: b commits locally, a pushes something else. */
	commit_year(b, 2026, "b");
	commit_year(a, 2027, "c");
	r = run_pact(a, "push", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	hb = head_of(b);
	r = run_pact(b, "pull", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "diverged") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "nothing was changed") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "git merge origin/main") != NULL, "%s", r.err);
	run_result_free(&r);
	ha = head_of(b);
	cr_expect_str_eq(ha, hb); /* unchanged */
	free(ha);
	free(hb);
	cr_expect_eq(sh(b, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	/* And b cannot push over a's work. */
	r = run_pact(b, "push", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "pull") != NULL, "%s", r.err);
	run_result_free(&r);
	free(a);
	free(b);
}

Test(store, push_and_pull_through_a_bare_store)
{
	run_result r = run_pact(tmp, "init", "--bare", "srv.git", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	char *url = strf("%s/srv.git", tmp);
	exchange(url);
	cr_expect_eq(sh(tmp, NULL, "git -C srv.git fsck --strict"), 0);
	free(url);
}

/* "../srv.git" means relative to the top of the store, as in git, even when
 * pact runs in a sub-directory (libgit2 alone would resolve it from there). */
Test(store, relative_remote_works_from_a_subdirectory)
{
	char *a = store_init(tmp, "a"), *out = NULL, *pacts;
	run_result r = run_pact(tmp, "init", "--bare", "srv.git", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	commit_year(a, 2024, "a");
	r = run_pact(a, "remote", "add", "origin", "../srv.git", NULL);
	run_result_free(&r);
	pacts = strf("%s/pacts", a);
	r = run_pact(pacts, "push", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(tmp, &out, "git -C srv.git rev-parse --verify -q main"), 0);
	free(out);
	r = run_pact(pacts, "pull", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Already up to date") != NULL, "%s", r.out);
	run_result_free(&r);
	free(pacts);
	free(a);
}

Test(store, pull_with_local_edits_in_the_way_changes_nothing)
{
	char *a = store_init(tmp, "a"), *b = strf("%s/b", tmp), *out = NULL;
	run_result r = run_pact(tmp, "init", "--bare", "srv.git", NULL);
	run_result_free(&r);
	commit_year(a, 2024, "a");
	r = run_pact(a, "remote", "add", "origin", "../srv.git", NULL);
	run_result_free(&r);
	r = run_pact(a, "push", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(sh(tmp, NULL, "git clone -q srv.git b"), 0);
	commit_year(a, 2024, "a b");
	r = run_pact(a, "push", NULL);
	run_result_free(&r);
	free(gen_pact_file(b, "pacts/2024.yaml", 2024, "a:local"));
	char *before = head_of(b);
	r = run_pact(b, "pull", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "local changes") != NULL, "%s", r.err);
	run_result_free(&r);
	char *after = head_of(b);
	cr_expect_str_eq(before, after);
	char *kept = read_file(strf("%s/pacts/2024.yaml", b), NULL),
	     *want = gen_pact(2024, "a:local");
	cr_expect_str_eq(kept, want);
	free(kept);
	free(want);
	free(before);
	free(after);
	free(out);
	free(a);
	free(b);
}

static int free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static int port_open(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

Test(store, push_and_pull_through_git_daemon, .timeout = 120)
{
	int port = free_port();
	pid_t pid;
	run_result r = run_pact(tmp, "init", "--bare", "srv/pacts.git", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	pid = daemon_pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		char base[4096], portarg[32];
		snprintf(base, sizeof(base), "--base-path=%s/srv", tmp);
		snprintf(portarg, sizeof(portarg), "--port=%d", port);
		int devnull = open("/dev/null", O_RDWR);
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		setpgid(0, 0);
		execlp("git", "git", "daemon", "--reuseaddr", base, "--export-all",
		       "--enable=receive-pack", "--listen=127.0.0.1", portarg, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100 && !port_open(port); i++) {
		struct timespec ts = {0, 50 * 1000000L};
		nanosleep(&ts, NULL);
	}
	cr_assert(port_open(port), "git daemon did not start on port %d", port);
	char *url = strf("git://127.0.0.1:%d/pacts.git", port);
	exchange(url);
	free(url);
	kill(-pid, SIGTERM);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	daemon_pid = 0;
}
