/*
 * test_validate_cli.c - `pact validate` as a user runs it: verdicts on
 * stdout, FILE:LINE:COL diagnostics on stderr, exit codes 0/1/2, and the
 * json and github formats.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"

Test(validate_cli, sample_pacts_are_valid)
{
	run_result r =
	        run_pact(PACT_SRCDIR, "validate", "pacts/2023.yaml", "pacts/2024.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "pacts/2024.yaml: valid (6 clauses, 5 members)\n") != NULL, "%s",
	          r.out);
	cr_expect(strstr(r.out, "pacts/2023.yaml: valid (") != NULL, "%s", r.out);
	cr_expect_str_eq(r.err, "");
	run_result_free(&r);
}

Test(validate_cli, broken_file_reports_all_errors_with_positions)
{
	run_result r = run_pact(PACT_SRCDIR "/tests/data/invalid", "validate",
	                        "several-errors.yaml", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(
	        r.err,
	        "several-errors.yaml:1:1: error: missing required key 'province' in the pact\n"
	        "several-errors.yaml:5:1: error: unknown key 'provnce' in the pact; did you mean "
	        "'province'?\n"
	        "several-errors.yaml:6:34: error: 'date' is not a real date: '2024-13-01'\n"
	        "several-errors.yaml:20:13: error: clause number 5 is out of sequence: expected 2 "
	        "(clauses are numbered 1, 2, 3... in order)\n");
	cr_expect_str_eq(r.out, "several-errors.yaml: invalid (4 errors, 0 warnings)\n");
	run_result_free(&r);
}

Test(validate_cli, one_bad_file_among_good_ones_fails_the_run)
{
	run_result r = run_pact(PACT_SRCDIR, "validate", "pacts/2024.yaml",
	                        "tests/data/invalid/bad-date.yaml", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.out, "pacts/2024.yaml: valid") != NULL);
	cr_expect(
	        strstr(r.err,
	               "tests/data/invalid/bad-date.yaml:6:34: error: 'date' is not a real date") !=
	                NULL,
	        "%s", r.err);
	run_result_free(&r);
}

Test(validate_cli, warnings_pass_unless_strict)
{
	run_result r =
	        run_pact(PACT_SRCDIR "/tests/data/warn", "validate", "confusable.yaml", NULL);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.err, "confusable.yaml:8:29: warning: word") != NULL, "%s", r.err);
	cr_expect(strstr(r.out, "valid (2 clauses, 2 members, with warnings)") != NULL, "%s",
	          r.out);
	run_result_free(&r);

	/* --strict: the warning is an error, and says so in every format */
	r = run_pact(PACT_SRCDIR "/tests/data/warn", "validate", "--strict", "confusable.yaml",
	             NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "confusable.yaml:8:29: error: word") != NULL, "%s", r.err);
	cr_expect_str_eq(r.out, "confusable.yaml: invalid (1 error, 0 warnings)\n");
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR "/tests/data/warn", "validate", "--strict", "--format=json",
	             "confusable.yaml", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.out, "\"valid\": false, \"diagnostics\": [{\"severity\": \"error\"") !=
	                  NULL,
	          "%s", r.out);
	run_result_free(&r);
}

Test(validate_cli, counts_read_as_english)
{
	char *dir = make_tempdir(), *path = strf("%s/one.yaml", dir);
	const char *text = "schema: pact/1\nyear: 2024\ntitle: T\nbloc: B\nprovince: P\n"
	                   "signed: {place: X, date: 2024-01-01}\nmembers: [{id: a, name: A}]\n"
	                   "preamble: P\nclauses: [{id: c, number: 1, commitments: [x]}]\n"
	                   "closing: C\n";
	cr_assert_eq(write_file(path, text, strlen(text)), 0);
	run_result r = run_pact(dir, "validate", "one.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "one.yaml: valid (1 clause, 1 member)\n");
	run_result_free(&r);
	rm_rf(dir);
	free(path);
	free(dir);
}

Test(validate_cli, json_format)
{
	run_result r = run_pact(PACT_SRCDIR "/tests/data/invalid", "validate", "--format=json",
	                        "bad-date.yaml", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(
	        r.out, "{\n  \"format\": \"pact-validate/1\",\n  \"files\": [\n"
	               "    {\"file\": \"bad-date.yaml\", \"valid\": false, \"diagnostics\": ["
	               "{\"severity\": \"error\", \"line\": 6, \"column\": 34, \"code\": \"date\", "
	               "\"message\": \"'date' is not a real date: '2024-02-30'\"}]}\n  ]\n}\n");
	run_result_free(&r);
}

Test(validate_cli, github_format)
{
	run_result r = run_pact(PACT_SRCDIR "/tests/data/invalid", "validate", "--format", "github",
	                        "bad-date.yaml", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.out, "::error file=bad-date.yaml,line=6,col=34,title=pact date::"
	                        "'date' is not a real date: '2024-02-30'\n");
	run_result_free(&r);
}

Test(validate_cli, usage_errors_exit_2)
{
	run_result r = run_pact(NULL, "validate", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "pact: error: no file to validate") != NULL);
	cr_expect(strstr(r.err, "usage: pact validate") != NULL);
	run_result_free(&r);

	r = run_pact(NULL, "validate", "--format=xml", "x.yaml", NULL);
	cr_expect_eq(r.status, 2);
	run_result_free(&r);

	r = run_pact(NULL, "frobnicate", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "'frobnicate' is not a pact command") != NULL);
	run_result_free(&r);
}

Test(validate_cli, help_goes_to_stdout)
{
	run_result r = run_pact(NULL, "--help", NULL);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "validate") != NULL);
	cr_expect(strstr(r.out, "Exit status:") != NULL);
	run_result_free(&r);
	r = run_pact(NULL, "validate", "--help", NULL);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "--strict") != NULL);
	run_result_free(&r);
}

Test(validate_cli, missing_file)
{
	run_result r = run_pact(NULL, "validate", "/nonexistent/2024.yaml", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "cannot open '/nonexistent/2024.yaml'") != NULL, "%s", r.err);
	run_result_free(&r);
}

/* --staged reads the index (what the pre-commit hook runs); with --strict a
 * warning is printed as the error it has become. */
Test(validate_cli, staged_strict_prints_warnings_as_errors)
{
	char *dir = make_tempdir();
	char *cmd = strf("git init -q . && mkdir pacts && cp '%s/tests/data/warn/confusable.yaml' "
	                 "pacts/2024.yaml && git add pacts/2024.yaml",
	                 PACT_SRCDIR);
	run_result r = run_sh(dir, cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	r = run_pact(dir, "validate", "--staged", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "pacts/2024.yaml:8:29: warning: word") != NULL, "%s", r.err);
	run_result_free(&r);

	r = run_pact(dir, "validate", "--staged", "--strict", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "pacts/2024.yaml:8:29: error: word") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "warning:") == NULL, "%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(cmd);
}
