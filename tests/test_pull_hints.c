/*
 * test_pull_hints.c - what `pact pull` says when it cannot move the branch
 * is the true cause, in both languages: a file pact does not write (an
 * executable script someone added on the hub) is named as such, never as
 * "local changes in the work tree" that a clean work tree does not have
 * (the officer would look for changes to commit, and find none); real
 * local changes are named by their file. Real hub, real git.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(pull_hints, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* store_tmp/a (pact, the 2024 pact) pushed to store_tmp/r.git, cloned to
 * store_tmp/b; then a adds `extra` (a shell line run in a) and pushes. */
static char *hub_then(const char *extra)
{
	char *a = store_init(store_tmp, "a"), *line;
	run_result r;

	free(gen_pact_file(store_tmp, "v1.yaml", 2024, "a b:one c"));
	free(gen_pact_file(store_tmp, "v2.yaml", 2024, "a b:two c"));
	line = strf(PACT_BIN
	            " commit ../v1.yaml -m one >/dev/null && cd .. && "
	            "git init -q --bare -b main r.git && cd a && "
	            "git remote add origin ../r.git && git push -q origin main 2>/dev/null "
	            "&& cd .. && git clone -q r.git b && cd a && %s && "
	            "git push -q origin main 2>/dev/null",
	            extra);
	r = run_sh(a, line);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(line);
	free(a);
	return strf("%s/b", store_tmp);
}

Test(pull_hints, an_executable_on_the_hub_is_named_not_called_local_changes)
{
	char *b = hub_then("printf '#!/bin/sh\\necho hi\\n' > run.sh && chmod +x run.sh && "
	                   "git add run.sh && git commit -qm 'add a script'"),
	     *before = sh_out(b, "git rev-parse HEAD"), *after, *st;
	run_result r = run_sh(b, PACT_BIN " --lang=en pull");

	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "cannot fast-forward 'main'") && strstr(r.err, "'run.sh'") &&
	                  strstr(r.err, "not a plain file") && strstr(r.err, "git pull"),
	          "%s", r.err);
	cr_expect(!strstr(r.err, "local changes"), "a clean work tree blamed: %s", r.err);
	run_result_free(&r);
	r = run_sh(b, PACT_BIN " --lang=vi pull");
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "không cập nhật được 'main' theo kho từ xa") &&
	                  strstr(r.err, "'run.sh' không phải tệp thông thường") &&
	                  strstr(r.err, "hãy dùng git cho lần cập nhật này"),
	          "%s", r.err);
	cr_expect(!strstr(r.err, "thay đổi cục bộ"), "%s", r.err);
	cr_expect(!strstr(r.err, "tiến thẳng"), "git's word: %s", r.err);
	run_result_free(&r);
	/* nothing moved, and git agrees */
	after = sh_out(b, "git rev-parse HEAD");
	cr_expect_str_eq(after, before);
	st = sh_out(b, "git status --porcelain");
	cr_expect(!st || !*st, "git status: %s", st);
	free(st);
	free(after);
	free(before);
	free(b);
}

Test(pull_hints, local_changes_on_the_way_are_named_by_their_file)
{
	char *b = hub_then(PACT_BIN " commit ../v2.yaml -m two >/dev/null");
	run_result r;

	cr_assert_eq(sh(b, NULL, "echo '# mine' >> pacts/2024.yaml"), 0);
	r = run_sh(b, PACT_BIN " --lang=en pull");
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "cannot fast-forward 'main'") &&
	                  strstr(r.err, "local changes to 'pacts/2024.yaml' would be overwritten"),
	          "%s", r.err);
	run_result_free(&r);
	r = run_sh(b, PACT_BIN " --lang=vi pull");
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "không cập nhật được 'main' theo kho từ xa") &&
	                  strstr(r.err, "pacts/2024.yaml"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(b, NULL, "tail -n1 pacts/2024.yaml | grep -q mine"), 0,
	             "the officer's edit was lost");
	free(b);
}
