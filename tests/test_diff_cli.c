/*
 * test_diff_cli.c - `pact diff` as a user and as git run it: exit codes,
 * options, -o, and the --git-driver calling convention.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

Test(diff_cli, sample_files_text_report)
{
	run_result r = run_pact(PACT_SRCDIR, "diff", "pacts/2023.yaml", "pacts/2024.yaml",
	                        "--lang=en", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(
	        strncmp(r.out, "Emulation pact comparison: pacts/2023.yaml → pacts/2024.yaml\n",
	                strlen("Emulation pact comparison: pacts/2023.yaml → pacts/2024.yaml\n")) ==
	                0,
	        "%s", r.out);
	cr_expect(strstr(r.out, "== Clause 6 (khen-thuong) · Modified · split from Clause 2") !=
	          NULL);
	cr_expect_str_eq(r.err, "");
	run_result_free(&r);
}

Test(diff_cli, exit_code_option)
{
	run_result r = run_pact(PACT_SRCDIR, "diff", "--exit-code", "--stat", "pacts/2023.yaml",
	                        "pacts/2024.yaml", NULL);
	cr_expect_eq(r.status, 1);
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "diff", "--exit-code", "--lang=vi", "pacts/2024.yaml",
	             "pacts/2024.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.out);
	/* the verdict comes first, before the zero counts */
	cr_expect(strstr(r.out, "Tóm tắt:\n  Không có thay đổi\n  Điều khoản: 6 → 6;") != NULL,
	          "%s", r.out);
	run_result_free(&r);
}

Test(diff_cli, usage_and_failures)
{
	run_result r = run_pact(PACT_SRCDIR, "diff", "--format=pdf", "a", "b", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "unknown format 'pdf'") != NULL, "%s", r.err);
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "diff", "pacts/2024.yaml", NULL);
	cr_expect_eq(r.status, 2);
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "diff", "pacts/2024.yaml", "no/such/file.yaml", NULL);
	cr_expect_eq(r.status, 1, "no such file: invalid input, as in every command");
	cr_expect(strstr(r.err, "file.yaml") != NULL, "%s", r.err);
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "diff", "pacts/2024.yaml", "tests/data/invalid/bad-date.yaml",
	             NULL);
	cr_expect_eq(r.status, 1, "an invalid pact is invalid input, as in every command");
	cr_expect(strstr(r.err, "bad-date.yaml:6:34: error:") != NULL, "%s", r.err);
	run_result_free(&r);
}

Test(diff_cli, output_file_and_formats)
{
	char *dir = make_tempdir();
	char *out = strf("%s/cmp.html", dir);
	run_result r = run_pact(PACT_SRCDIR, "diff", "--format=html", "--lang=vi", "-o", out,
	                        "pacts/2023.yaml", "pacts/2024.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	char *html = read_file(out, NULL);
	cr_assert(html);
	cr_expect(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	cr_expect(strstr(html, "Bảng so sánh") != NULL);
	free(html);
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "diff", "--format=json", "--stat", "pacts/2023.yaml",
	             "pacts/2024.yaml", NULL);
	cr_expect(strstr(r.out, "\"summary\"") && !strstr(r.out, "\"fields\""), "%s", r.out);
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "diff", "--color=always", "pacts/2023.yaml", "pacts/2024.yaml",
	             NULL);
	cr_expect(strstr(r.out, "\033[32m") != NULL);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(out);
}

Test(diff_cli, git_driver_convention)
{
	run_result r =
	        run_pact(PACT_SRCDIR, "diff", "--git-driver", "pacts/2024.yaml", "pacts/2023.yaml",
	                 "0123abc", "100644", "pacts/2024.yaml", "4567def", "100644", NULL);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "a/pacts/2024.yaml → b/pacts/2024.yaml") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "\033[") == NULL, "no colour into a pipe");
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "diff", "--git-driver", "pacts/2025.yaml", "/dev/null", ".", ".",
	             "pacts/2024.yaml", "4567def", "100644", NULL);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "new pact: pacts/2025.yaml") != NULL, "%s", r.out);
	run_result_free(&r);
}

/* A file git hands over that cannot be read is a failure (exit 3, with the
 * reason), so git stops instead of showing nothing; a file that is not a
 * pact/1 document gets the note and exit 0, so git goes on to the next. */
Test(diff_cli, git_driver_unreadable_file_fails)
{
	char *dir = make_tempdir();
	char *missing = strf("%s/gone.yaml", dir);
	run_result r = run_pact(PACT_SRCDIR, "diff", "--git-driver", "pacts/2024.yaml", missing,
	                        "0123abc", "100644", "pacts/2024.yaml", "4567def", "100644", NULL);

	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: cannot open '") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "gone.yaml': No such file or directory") != NULL, "%s", r.err);
	cr_expect(strstr(r.out, "not a valid pact/1 document") == NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "diff", "--git-driver", "pacts/2024.yaml", "pacts/2023.yaml",
	             "0123abc", "100644", dir, "4567def", "100644", NULL);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "is not a regular file") != NULL, "%s", r.err);
	run_result_free(&r);
	r = run_pact(PACT_SRCDIR, "diff", "--git-driver", "pacts/2024.yaml", "pacts/2023.yaml",
	             "0123abc", "100644", "README.md", "4567def", "100644", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "not a valid pact/1 document") != NULL, "%s", r.out);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(missing);
}

Test(diff_cli, git_diff_uses_the_driver)
{
	/* a real repository, configured as the store setup does */
	char *dir = make_tempdir();
	char *cmd = strf("set -e; git init -q -b main . && mkdir pacts && cp '%s/pacts/2023.yaml' "
	                 "pacts/2024.yaml"
	                 " && git add . && git -c user.name=t -c user.email=t@x commit -qm a"
	                 " && cp '%s/pacts/2024.yaml' pacts/2024.yaml"
	                 " && echo 'pacts/*.yaml diff=pact' > .gitattributes"
	                 " && git config diff.pact.command '%s diff --git-driver'"
	                 " && git diff pacts/2024.yaml",
	                 PACT_SRCDIR, PACT_SRCDIR, PACT_BIN);
	run_result r = run_sh(dir, cmd);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "khen-thuong") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "{+tăng cường+}") != NULL, "%s", r.out);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(cmd);
}

/* As an officer runs it in a store made by `pact init`: years, YEAR@REV,
 * and `pact diff` alone, which compares the two newest years. */
Test(diff_cli, years_revisions_and_no_arguments_in_a_store)
{
	char *dir = make_tempdir(), *store = strf("%s/s", dir);
	char *p23 = src_path("pacts/2023.yaml"), *p24 = src_path("pacts/2024.yaml");
	run_result r = run_pact(dir, "init", "s", NULL), r2;

	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "commit", p23, "-m", "2023", "--author", "T <t@x.vn>", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	/* one year is not enough for `pact diff` alone */
	r = run_pact(store, "diff", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "the store has 1 pact; pact diff needs two years") != NULL, "%s",
	          r.err);
	run_result_free(&r);

	r = run_pact(store, "commit", p24, "-m", "2024", "--author", "T <t@x.vn>", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	r = run_pact(store, "diff", "--format=json", NULL);
	r2 = run_pact(store, "diff", "--format=json", "2023", "2024", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, r2.out, "pact diff alone is pact diff 2023 2024");
	cr_expect(strstr(r.out, "\"old\": {\"label\": \"2023\", \"year\": 2023}") != NULL, "%s",
	          r.out);
	run_result_free(&r);
	run_result_free(&r2);

	r = run_pact(store, "diff", "--stat", "--lang=en", "2023@HEAD~1", "2024@main", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Emulation pact comparison: 2023@HEAD~1 → 2024@main\n") != NULL,
	          "%s", r.out);
	cr_expect(strstr(r.out, "Clauses: 5 → 6;") != NULL, "%s", r.out);
	run_result_free(&r);

	/* 2024 did not exist one commit ago: 1 as in 'pact show', with a message */
	r = run_pact(store, "diff", "--exit-code", "2023", "2024@HEAD~1", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "pact: error: ") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "2024") != NULL, "%s", r.err);
	run_result_free(&r);

	/* outside any store, `pact diff` alone has nothing to compare */
	r = run_pact(dir, "diff", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "not a pact store") != NULL, "%s", r.err);
	run_result_free(&r);

	rm_rf(dir);
	free(dir);
	free(store);
	free(p23);
	free(p24);
}
