/*
 * test_store_read.c - reading the versioned store: show at any revision,
 * addresses and their errors, the library calls other modules build on
 * (load, years, update_branch's and commit's compare-and-swap, remotes and
 * hooks), and commits git made by hand. Split from test_store.c.
 *
 * Every test makes its own temporary directory, which is also HOME.
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

TestSuite(store_read, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* ---- show and addresses -------------------------------------------------- */

static char *store_with_history(void)
{
	char *s = store_init(store_tmp, "s");
	const char *specs[] = {"a", "a b", "a b:v2 c"};
	for (int i = 0; i < 3; i++) {
		char *f = gen_pact_file(store_tmp, "p.yaml", 2024, specs[i]);
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

Test(store_read, show_at_any_revision)
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
	r = run_pact(store_tmp, "-C", "s", "show", "2024@v1", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(addr);
	free(id);
	free(s);
}

Test(store_read, bad_addresses_exit_1_with_a_message)
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

Test(store_read, address_parsing)
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

Test(store_read, library_load_and_years)
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

Test(store_read, library_update_branch_is_a_compare_and_swap)
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

Test(store_read, library_remote_skips_hooks_only_for_local_paths_with_a_hook)
{
	char *s = store_init(store_tmp, "s"), *url = NULL, *cmd;
	pact_store *st = NULL;
	int skipped = -1;
	/* absolute paths: the check opens them as libgit2's transport would,
	 * from the current directory */
	cmd = strf("git init -q --bare %s/hub.git && printf '#!/bin/sh\\n' > "
	           "%s/hub.git/hooks/pre-receive"
	           " && git remote add path %s/hub.git && git remote add file file://%s/hub.git"
	           " && git remote add ssh ssh://example.invalid/hub.git"
	           " && git remote add scp example.invalid:hub.git",
	           store_tmp, store_tmp, store_tmp, store_tmp);
	cr_assert_eq(sh(s, NULL, "%s", cmd), 0);
	free(cmd);
	cr_assert_eq(pact_store_open(&st, s), 0);
	const char *names[] = {"path", "file", "ssh", "scp", "missing"};
	for (int i = 0; i < 5; i++) {
		cr_expect_eq(pact_store_remote_skips_hooks(&skipped, NULL, st, names[i]), 0);
		cr_expect_eq(skipped, 0, "%s: the hook is not executable yet", names[i]);
	}
	cr_assert_eq(sh(store_tmp, NULL, "chmod +x hub.git/hooks/pre-receive"), 0);
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

Test(store_read, pact_reads_commits_git_made_by_hand)
{
	char *s = strf("%s/hand", store_tmp), *out = NULL;
	cr_assert_eq(sh(store_tmp, NULL, "git init -q -b main hand"), 0);
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
	char *f = gen_pact_file(store_tmp, "p.yaml", 2023, "a b c");
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

Test(store_read, compare_and_swap_refuses_a_moved_branch)
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
