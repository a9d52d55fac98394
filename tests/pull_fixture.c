/*
 * pull_fixture.c - two stores of one bare hub for the pull suites
 * (pull_fixture.h).
 */
#define _GNU_SOURCE
#include "pull_fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_helpers.h"

void pf_two_clones(void)
{
	char *a = store_init(store_tmp, "a"), *f;
	run_result r;

	f = gen_pact_file(store_tmp, "y23.yaml", 2023, "a b c");
	free(f);
	f = gen_pact_file(store_tmp, "y24.yaml", 2024, "a b c d");
	free(f);
	r = run_sh(a, PACT_BIN
	           " commit ../y23.yaml ../y24.yaml -m start >/dev/null && cd .. && "
	           "git init -q --bare -b main r.git && cd a && git remote add origin ../r.git "
	           "&& git push -q origin main 2>/dev/null && cd .. && git clone -q r.git b");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(a);
}

void pf_commit_in(const char *dir, int year, const char *spec, const char *author, int push)
{
	char *d = strf("%s/%s", store_tmp, dir),
	     *f = gen_pact_file(store_tmp, "c.yaml", year, spec);
	char *line = strf(PACT_BIN " commit ../c.yaml -m 'edit %d %s'%s%s%s >/dev/null%s", year,
	                  spec, author ? " --author '" : "", author ? author : "",
	                  author ? "'" : "", push ? " && git push -q origin main 2>/dev/null" : "");
	run_result r = run_sh(d, line);
	cr_assert_eq(r.status, 0, "%s: %s", line, r.err);
	run_result_free(&r);
	free(line);
	free(f);
	free(d);
}

char *pf_in(const char *dir, const char *cmd)
{
	char *d = strf("%s/%s", store_tmp, dir), *out = sh_out(d, cmd);
	free(d);
	return out ? out : strdup("");
}

run_result pf_pact_in(const char *dir, const char *cmdline)
{
	char *d = strf("%s/%s", store_tmp, dir);
	run_result r = run_sh(d, cmdline);
	free(d);
	return r;
}

void pf_git_is_content(const char *dir)
{
	char *status = pf_in(dir, "git status --porcelain"), *markers;
	cr_expect_str_eq(status, "", "%s", status);
	expect_out(dir, "git fsck --strict --no-dangling >/dev/null 2>&1 && echo ok", "ok");
	markers = pf_in(dir, "git grep -l -e '^<<<<<<<' -e '^>>>>>>>' HEAD -- . || true");
	cr_expect_str_eq(markers, "", "conflict markers in %s", markers);
	free(markers);
	free(status);
}
