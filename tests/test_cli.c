/*
 * test_cli.c - the command line as data (src/cli/opts.c): options and
 * their errors, help, suggestions, `--`, and the exit-status table, run
 * as a user runs pact.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "review_fixture.h"
#include "store_helpers.h"

static char *tmp;

static void setup(void)
{
	tmp = store_test_env();
}

static void teardown(void)
{
	rm_rf(tmp);
	free(tmp);
}

TestSuite(cli, .init = setup, .fini = teardown);

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* A store in tmp/s with `n` commits of 2024 ("c1".."cN"). */
static char *store_with_commits(int n)
{
	char *dir = strf("%s/s", tmp);
	run_result r = run_pact(tmp, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	for (int i = 1; i <= n; i++) {
		char *spec = strf("a:v%d", i), *msg = strf("c%d", i);
		char *f = gen_pact_file(tmp, "2024.yaml", 2024, spec);
		r = run_pact(dir, "commit", f, "-m", msg, NULL);
		cr_assert_eq(r.status, 0, "%s", r.err);
		run_result_free(&r);
		free(spec);
		free(msg);
		free(f);
	}
	return dir;
}

Test(cli, review_sub_command_rejects_options_it_does_not_take)
{
	char *dir = store_with_commits(1);
	run_result r = run_pact(dir, "review", "approve", "2025", "--rev", "x", "--clause", "y",
	                        "--format=json", NULL);
	cr_expect_eq(r.status, 2, "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: unknown option '--rev'\n") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "usage: pact review approve YEAR") != NULL, "%s", r.err);
	cr_expect(count_lines(r.err) <= 4, "a short usage, not the whole help:\n%s", r.err);
	cr_expect_str_eq(r.out, "");
	run_result_free(&r);
	/* each sub-command has its own table: --format belongs to status */
	r = run_pact(dir, "review", "status", "2025", "--member", "x", NULL);
	cr_expect_eq(r.status, 2, "%s", r.err);
	cr_expect(strstr(r.err, "unknown option '--member'") != NULL, "%s", r.err);
	run_result_free(&r);
	free(dir);
}

Test(cli, mistyped_option_suggests_the_nearest)
{
	run_result r = run_pact(tmp, "log", "--formt=json", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "unknown option '--formt'; did you mean '--format'?") != NULL, "%s",
	          r.err);
	cr_expect(count_lines(r.err) <= 4, "%s", r.err);
	run_result_free(&r);
	r = run_pact(tmp, "diff", "--stats", "a", "b", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "did you mean '--stat'?") != NULL, "%s", r.err);
	run_result_free(&r);
	r = run_pact(tmp, "validate", "--strcit", "x.yaml", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "did you mean '--strict'?") != NULL, "%s", r.err);
	run_result_free(&r);
	/* nothing close: no suggestion */
	r = run_pact(tmp, "log", "--zzzzzzzz", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "unknown option '--zzzzzzzz'\n") != NULL, "%s", r.err);
	run_result_free(&r);
}

Test(cli, mistyped_command_suggests_the_nearest)
{
	run_result r = run_pact(tmp, "dif", "2023", "2024", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "'dif' is not a pact command; did you mean 'diff'?") != NULL, "%s",
	          r.err);
	cr_expect(count_lines(r.err) <= 3, "%s", r.err);
	run_result_free(&r);
	r = run_pact(tmp, "review", "aprove", "2025", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "did you mean 'approve'?") != NULL, "%s", r.err);
	run_result_free(&r);
	r = run_pact(tmp, "help", "statsu", NULL);
	cr_expect_eq(r.status, 2);
	run_result_free(&r);
}

Test(cli, pact_alone_prints_the_short_help)
{
	run_result r = run_pact(tmp, NULL);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "usage: pact ") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "  diff       compare two pacts") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "Run 'pact help COMMAND'") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "Exit status:") == NULL, "the short help: %s", r.out);
	run_result_free(&r);
}

/* `pact help X`, `pact X --help` and `pact X -h` print the same, to stdout,
 * outside any store, with usage, options and a real example. */
Test(cli, help_for_every_command)
{
	static const char *cmds[] = {"init",   "validate", "commit", "show",   "log",
	                             "diff",   "push",     "pull",   "remote", "setup-git",
	                             "review", "hooks",    "help"};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_result a = run_pact(tmp, "help", cmds[i], NULL);
		run_result b = run_pact(tmp, cmds[i], "--help", NULL);
		run_result c = run_pact(tmp, cmds[i], "-h", NULL);
		char *usage = strf("usage: pact %s", cmds[i]);
		cr_expect_eq(a.status, 0, "%s: %s", cmds[i], a.err);
		cr_expect_eq(b.status, 0, "%s: %s", cmds[i], b.err);
		cr_expect_str_eq(a.out, b.out, "%s", cmds[i]);
		cr_expect_str_eq(b.out, c.out, "%s", cmds[i]);
		cr_expect(strstr(a.out, usage) != NULL, "%s", a.out);
		cr_expect(strstr(a.out, "Example:\n  pact ") != NULL, "%s", a.out);
		free(usage);
		run_result_free(&a);
		run_result_free(&b);
		run_result_free(&c);
	}
}

Test(cli, help_for_review_sub_commands)
{
	run_result a = run_pact(tmp, "help", "review", "approve", NULL);
	run_result b = run_pact(tmp, "review", "approve", "--help", NULL);
	cr_expect_eq(a.status, 0, "%s", a.err);
	cr_expect_str_eq(a.out, b.out);
	cr_expect(strstr(a.out, "usage: pact review approve YEAR [--member ID]") != NULL, "%s",
	          a.out);
	cr_expect(strstr(a.out, "  --member=ID ") != NULL, "%s", a.out);
	cr_expect(strstr(a.out, "--format") == NULL, "approve has no --format: %s", a.out);
	cr_expect(strstr(a.out, "Example:\n  pact review approve 2025 --member so-y-te\n") != NULL);
	run_result_free(&a);
	run_result_free(&b);
}

Test(cli, log_counts_as_git_does)
{
	char *dir = store_with_commits(3);
	static const char *forms[][2] = {{"-1", NULL},
	                                 {"-n1", NULL},
	                                 {"-n", "1"},
	                                 {"--max-count=1", NULL},
	                                 {"--max-count", "1"}};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		run_result r = run_pact(dir, "log", "--oneline", forms[i][0], forms[i][1], NULL);
		cr_expect_eq(r.status, 0, "%s: %s", forms[i][0], r.err);
		cr_expect_eq(count_lines(r.out), 1, "%s: %s", forms[i][0], r.out);
		cr_expect(strstr(r.out, " c3 (") != NULL, "%s", r.out);
		run_result_free(&r);
	}
	run_result r = run_pact(dir, "log", "--oneline", "-2", NULL);
	cr_expect_eq(count_lines(r.out), 2, "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "log", "-n", "x", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "--max-count needs a number, not 'x'") != NULL, "%s", r.err);
	run_result_free(&r);
	/* options after operands, and options taking no value */
	r = run_pact(dir, "log", "2024", "--oneline", "-n2", NULL);
	cr_expect_eq(count_lines(r.out), 2, "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "log", "--oneline=yes", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "option '--oneline' takes no value") != NULL, "%s", r.err);
	run_result_free(&r);
	free(dir);
}

Test(cli, help_exit_status_is_the_table)
{
	run_result r = run_pact(tmp, "help", "exit-status", NULL);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "  0  done") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "  1  invalid input or refused") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "  2  usage error") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "  3  failure") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(tmp, "help", NULL);
	cr_expect(strstr(r.out, "  2  usage error") != NULL, "pact help has the table: %s", r.out);
	run_result_free(&r);
}

/* `--` ends options in every command that takes files (issue 8). */
Test(cli, double_dash_ends_options)
{
	char *dir = store_with_commits(1);
	char *f = gen_pact_file(dir, "-m.yaml", 2025, "a b");
	run_result r = run_pact(dir, "validate", "--", "-m.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "-m.yaml: valid (2 clauses") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "validate", "-m.yaml", NULL);
	cr_expect_eq(r.status, 2, "without --, -m.yaml is an option: %s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "show", "--format=text", "--", "-m.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "diff", "--stat", "--", "2024", "-m.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "commit", "-m", "from a dash file", "--", "-m.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "] from a dash file\n") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "review", "comment", "2025", "--", "-1 is a typo", NULL);
	cr_expect(strstr(r.err, "unknown option") == NULL, "%s", r.err);
	run_result_free(&r);
	free(f);
	free(dir);
}

/* The exit-status table (pact help exit-status): the same error, the same
 * status, whichever command meets it. */
Test(cli_exit, same_error_same_status_in_every_command)
{
	char *dir, *store = fx_store(&dir);
	char *outside = strf("%s/outside", dir);
	static const struct {
		const char *cwd; /* "s": the store, "o": outside any store */
		const char *line;
		int status;
		const char *err;
	} rows[] = {
	        /* not a pact store: 1 */
	        {"o", "pact show 2024", 1, "not a pact store"},
	        {"o", "pact diff 2023 2024", 1, "no pact store here"},
	        {"o", "pact diff", 1, "not a pact store"},
	        {"o", "pact log", 1, "not a pact store"},
	        {"o", "pact review status 2025", 1, "not a pact store"},
	        {"o", "pact validate --rev HEAD", 1, "not a pact store"},
	        /* no pact for that year: 1 */
	        {"s", "pact show 2019", 1, "no pact for 2019"},
	        {"s", "pact diff 2019 2024", 1, "no pact for 2019"},
	        {"s", "pact diff --exit-code 2019 2024", 1, "no pact for 2019"},
	        /* unknown revision: 1 */
	        {"s", "pact show 2024@nosuch", 1, "nosuch"},
	        {"s", "pact diff 2024@nosuch 2024", 1, "nosuch"},
	        {"s", "pact log nosuch", 1, "nosuch"},
	        {"s", "pact validate --rev nosuch", 1, "nosuch"},
	        /* an approval refused: 1 */
	        {"s",
	         "pact review open 2025 >/dev/null && pact review approve 2025 "
	         "--author 'X <x@nowhere.vn>'",
	         1, "no member lists 'x@nowhere.vn' as an approver"},
	        {"s", "pact review approve 2025 --member so-y-te --author 'X <x@nowhere.vn>'", 1,
	         "may not approve"},
	        {"s", "pact review merge 2025", 1, "so-y-te"},
	        /* usage: 2 */
	        {"s", "pact show --bogus 2024", 2, "unknown option '--bogus'"},
	        {"s", "pact diff --bogus", 2, "unknown option '--bogus'"},
	        {"s", "pact log --bogus", 2, "unknown option '--bogus'"},
	        {"s", "pact review status 2025 --bogus", 2, "unknown option '--bogus'"},
	        {"s", "pact commit --bogus x", 2, "unknown option '--bogus'"},
	        {"o", "pact log --bogus", 2, "unknown option '--bogus'"},
	        {"s", "pact show", 2, "which pact?"},
	        {"s", "pact bogus", 2, "not a pact command"},
	};
	cr_assert_eq(fx_sh(NULL, dir, "mkdir outside"), 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		run_result r;
		int st = fx_sh(&r, rows[i].cwd[0] == 's' ? store : outside, "%s", rows[i].line);
		cr_expect_eq(st, rows[i].status, "%s: status %d, not %d\n%s", rows[i].line, st,
		             rows[i].status, r.err);
		cr_expect(strstr(r.err, rows[i].err) != NULL, "%s:\n%s", rows[i].line, r.err);
		run_result_free(&r);
	}
	free(outside);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* Run the installed completion function as bash would: COMP_WORDS split
 * the way bash splits them (at '=' too), COMPREPLY printed one per line. */
static char *complete_in(const char *cwd, const char *line, const char *words, int cword)
{
	char *bin = strdup(PACT_BIN), *slash = strrchr(bin, '/');
	char *script = src_path("src/cli/pact.bash");
	*slash = '\0';
	char *cmd =
	        strf("PATH='%s':\"$PATH\"; . '%s'; COMP_LINE='%s'; COMP_POINT=${#COMP_LINE}; "
	             "COMP_WORDS=(%s); COMP_CWORD=%d; _pact; printf '%%s\\n' \"${COMPREPLY[@]}\"",
	             bin, script, line, words, cword);
	char *argv[] = {"bash", "-c", cmd, NULL};
	run_result r = run_argv(cwd, NULL, argv);
	char *out = r.out;
	r.out = NULL;
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(cmd);
	free(script);
	free(bin);
	return out;
}

Test(cli, bash_completion_from_the_tables_and_the_store)
{
	char *dir = store_with_commits(1), *out;

	out = complete_in(dir, "pact di", "pact di", 1);
	cr_expect_str_eq(out, "diff\n");
	free(out);
	out = complete_in(dir, "pact review ap", "pact review ap", 2);
	cr_expect_str_eq(out, "approve\n");
	free(out);
	out = complete_in(dir, "pact review approve 2025 --", "pact review approve 2025 --", 4);
	cr_expect(strncmp(out, "--member=\n", 10) == 0, "approve's own options: %s", out);
	cr_expect(strstr(out, "\n--author=\n") != NULL, "%s", out);
	cr_expect(strstr(out, "--format") == NULL && strstr(out, "--rev") == NULL, "%s", out);
	free(out);
	out = complete_in(dir, "pact diff --format=", "pact diff --format =", 3);
	cr_expect_str_eq(out, "text\nmarkdown\njson\nhtml\n");
	free(out);
	out = complete_in(dir, "pact diff --format=j", "pact diff --format = j", 4);
	cr_expect_str_eq(out, "json\n");
	free(out);
	/* years in the store, then file names */
	out = complete_in(dir, "pact show 20", "pact show 20", 2);
	cr_expect(strncmp(out, "2024\n", 5) == 0, "%s", out);
	free(out);
	/* member and clause ids of the newest pact */
	out = complete_in(dir, "pact log --clause ", "pact log --clause ''", 3);
	cr_expect_str_eq(out, "a\n", "gen_pact's one clause is 'a': %s", out);
	free(out);
	out = complete_in(dir, "pact review approve 2025 --member ",
	                  "pact review approve 2025 --member ''", 5);
	cr_expect_str_eq(out, "so-y-te\n", "gen_pact's one member: %s", out);
	free(out);
	out = complete_in(dir, "pact help ex", "pact help ex", 2);
	cr_expect_str_eq(out, "exit-status\n");
	free(out);
	free(dir);
}

/* pact(1) is written from the option tables: every command, sub-command
 * and option is in it, and groff has nothing to warn about. */
Test(cli, man_page_renders_without_warnings)
{
	char *cmd = strf("'%s' __man /usr/share/doc/pact > pact.1 && "
	                 "MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l pact.1",
	                 PACT_BIN);
	run_result r = run_sh(tmp, cmd);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.err, "", "man --warnings: %s", r.err);
	static const char *want[] = {"pact log [YEAR[@REV] | REV]",
	                             "-n, --max-count=N",
	                             "review approve",
	                             "--member=ID",
	                             "--git-driver",
	                             "pact diff --format=html -o so-sanh.html",
	                             "EXIT STATUS",
	                             "bản giao ước thi đua",
	                             "/usr/share/doc/pact/schema.md",
	                             "setup-git",
	                             "hooks install [--server] [--force]"};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_expect(strstr(r.out, want[i]) != NULL, "'%s' not in:\n%s", want[i], r.out);
	run_result_free(&r);
	free(cmd);
}

/* One page per command besides pact(1), in English and in Vietnamese
 * (make install puts those under share/man/vi): each renders without a
 * groff warning, names itself, its options, its example and the docs. */
Test(cli, a_man_page_per_command_in_both_languages)
{
	static const struct {
		const char *lang, *page, *want[4];
	} cases[] = {
	        {"en",
	         "pact-diff",
	         {"pact-diff - compare two pacts", "--format=", "OPTIONS", "/usr/share/doc/pact"}},
	        {"en", "pact-review", {"review approve", "--member=ID", "COMMANDS", "pact(1)"}},
	        {"vi", "pact-diff", {"so sánh hai bản giao ước", "TÙY CHỌN", "VÍ DỤ", "XEM THÊM"}},
	        {"vi", "pact-review", {"review approve", "phê duyệt", "LỆNH CON", "pact(1)"}},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *cmd =
		        strf("mkdir -p man-%s && '%s' --lang=%s __man /usr/share/doc/pact --dir "
		             "man-%s && MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l man-%s/%s.1 | "
		             "tr -s ' '",
		             cases[i].lang, PACT_BIN, cases[i].lang, cases[i].lang, cases[i].lang,
		             cases[i].page);
		run_result r = run_sh(tmp, cmd);
		cr_expect_eq(r.status, 0, "%s", r.err);
		cr_expect_str_eq(r.err, "", "man --warnings %s: %s", cases[i].page, r.err);
		for (size_t k = 0; k < 4; k++)
			cr_expect(strstr(r.out, cases[i].want[k]) != NULL,
			          "'%s' not in %s (%s):\n%s", cases[i].want[k], cases[i].page,
			          cases[i].lang, r.out);
		run_result_free(&r);
		free(cmd);
	}
	/* pact(1) lists them */
	run_result r = run_sh(tmp, "MANWIDTH=80 LC_ALL=C.UTF-8 man -l man-en/pact.1");
	cr_expect(strstr(r.out, "pact-diff(1)") != NULL, "%s", r.out);
	run_result_free(&r);
}

/* One language for the whole run: --lang anywhere on the line, else
 * PACT_LANG, else the locale; help, usage errors and suggestions follow. */
Test(cli, help_and_errors_in_both_languages)
{
	char *cmd;
	run_result r = run_pact(tmp, "--lang=vi", "help", "review", "approve", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "cách dùng: pact review approve NĂM") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "phê duyệt") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "Ví dụ:\n  pact review approve 2025 --member so-y-te\n") != NULL,
	          "%s", r.out);
	run_result_free(&r);
	/* --lang after the command's own arguments */
	r = run_pact(tmp, "log", "--formt=json", "--lang=vi", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "pact: lỗi: không có tùy chọn '--formt'; có phải ý bạn là "
	                        "'--format'?") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	r = run_pact(tmp, "--lang", "en", "dif", NULL);
	cr_expect(strstr(r.err, "pact: error: 'dif' is not a pact command; did you mean 'diff'?") !=
	                  NULL,
	          "%s", r.err);
	run_result_free(&r);
	/* the locale decides when nothing else does; PACT_LANG before it */
	cmd = strf("LC_ALL= LANGUAGE= LANG=vi_VN.UTF-8 '%s' help exit-status", PACT_BIN);
	r = run_sh(tmp, cmd);
	cr_expect(strstr(r.out, "Mã thoát:\n  0  xong") != NULL, "%s", r.out);
	run_result_free(&r);
	free(cmd);
	cmd = strf("PACT_LANG=en LANG=vi_VN.UTF-8 '%s' help exit-status", PACT_BIN);
	r = run_sh(tmp, cmd);
	cr_expect(strstr(r.out, "Exit status:\n  0  done") != NULL, "%s", r.out);
	run_result_free(&r);
	free(cmd);
	/* the commands' own messages and labels too */
	r = run_pact(tmp, "show", "--lang=vi", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err,
	                 "pact: lỗi: giao ước nào? hãy cho NĂM[@PHIÊN-BẢN] hoặc một tệp\n") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	char *pact = src_path("pacts/2024.yaml");
	r = run_pact(tmp, "--lang=vi", "show", "--format=text", pact, NULL);
	cr_expect(strstr(r.out, "\nký tại: Bắc Giang, ngày 09 tháng 5 năm 2024\ncơ quan thành "
	                        "viên:\n") != NULL,
	          "%s", r.out);
	run_result_free(&r);
	r = run_pact(tmp, "show", "--format=text", pact, NULL);
	cr_expect(strstr(r.out, "\nsigned: Bắc Giang, 2024-05-09\nmembers:\n") != NULL, "%s",
	          r.out);
	run_result_free(&r);
	free(pact);
	r = run_pact(tmp, "init", "--lang=vi", "s2", NULL);
	cr_expect(strstr(r.out, "Đã tạo kho giao ước trống tại ") == r.out, "%s", r.out);
	run_result_free(&r);
	r = run_pact(tmp, "help", "--lang=fr", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "unknown language 'fr' (vi or en)") != NULL, "%s", r.err);
	run_result_free(&r);
}

/* Run `line` (a shell command) with its stdout on a terminal: script(1)
 * gives it a pseudo-terminal; CRs of the terminal are dropped. */
static char *on_terminal(const char *cwd, const char *line)
{
	char *cmd = strf("script -qec \"%s\" /dev/null | tr -d '\\r'", line);
	run_result r = run_sh(cwd, cmd);
	char *out = r.out;
	r.out = NULL;
	cr_expect_eq(r.status, 0, "%s: %s", line, r.err);
	run_result_free(&r);
	free(cmd);
	return out;
}

Test(cli, pager_on_a_terminal_as_git)
{
	char *dir = store_with_commits(1), *out, *line;

	line = strf("PAGER='sed s/^/P:/' %s help review", PACT_BIN);
	out = on_terminal(dir, line);
	cr_expect(strncmp(out, "P:usage: pact review", 20) == 0, "%s", out);
	free(out);
	free(line);
	line = strf("PAGER='sed s/^/P:/' %s help review --no-pager", PACT_BIN);
	out = on_terminal(dir, line);
	cr_expect(strncmp(out, "usage: pact review", 18) == 0, "--no-pager: %s", out);
	free(out);
	free(line);
	/* not a terminal: no pager */
	char *cmd = strf("PAGER='sed s/^/P:/' %s help review", PACT_BIN);
	run_result r = run_sh(dir, cmd);
	cr_expect(strncmp(r.out, "usage: pact review", 18) == 0, "%s", r.out);
	run_result_free(&r);
	free(cmd);
	/* core.pager beats PAGER, PACT_PAGER beats both; less gets LESS=FRX */
	cr_assert_eq(run_sh(dir, "git config core.pager 'sed s/^/C:/'").status, 0);
	line = strf("PAGER='sed s/^/P:/' %s log --oneline", PACT_BIN);
	out = on_terminal(dir, line);
	cr_expect(strncmp(out, "C:", 2) == 0, "%s", out);
	free(out);
	free(line);
	line = strf("PACT_PAGER='echo LESS=\\$LESS; cat >/dev/null' %s log", PACT_BIN);
	out = on_terminal(dir, line);
	cr_expect_str_eq(out, "LESS=FRX\n");
	free(out);
	free(line);
	free(dir);
}

/* Long lines on a terminal break between words, continuation lines under
 * the text after the indentation and marker; the words are all there. */
Test(cli, long_lines_wrap_at_words_on_a_terminal)
{
	char *pact = src_path("pacts/2024.yaml");
	char *line = strf("COLUMNS=50 %s --no-pager show --format=text %s", PACT_BIN, pact);
	char *wrapped = on_terminal(tmp, line);
	run_result plain = run_pact(tmp, "show", "--format=text", pact, NULL);
	size_t longest = 0;

	for (char *p = wrapped; *p;) {
		size_t n = strcspn(p, "\n"), cols = 0;
		for (size_t k = 0; k < n; k++)
			cols += ((unsigned char)p[k] & 0xc0) != 0x80; /* NFC text: one per char */
		if (cols > longest && memchr(p, ' ', n))
			longest = cols;
		p += n + (p[n] == '\n');
	}
	cr_expect(longest <= 50, "a line of %zu columns:\n%s", longest, wrapped);
	/* the same words in the same order: nothing was cut inside a word */
	char *a = strf("%s", wrapped), *b = strf("%s", plain.out), *sa = NULL, *sb = NULL;
	char *ta = strtok_r(a, " \n", &sa), *tb = strtok_r(b, " \n", &sb);
	while (ta && tb && !strcmp(ta, tb)) {
		ta = strtok_r(NULL, " \n", &sa);
		tb = strtok_r(NULL, " \n", &sb);
	}
	cr_expect(ta == NULL && tb == NULL, "words differ at '%s' / '%s'", ta ? ta : "",
	          tb ? tb : "");
	/* a commitment continues under its text, not under its dash */
	cr_expect(strstr(wrapped, "\n   - ") != NULL && strstr(wrapped, "\n     ") != NULL, "%s",
	          wrapped);
	free(a);
	free(b);
	run_result_free(&plain);
	free(wrapped);
	free(line);
	free(pact);
}

/* show --format=text writes the signing date as the paper does: in
 * Vietnamese "ngày 05 tháng 01 năm 2024" (a zero before a day under 10
 * and before January and February), in English ISO. */
Test(cli, show_text_writes_the_signing_date_in_the_officers_language)
{
	size_t len = 0;
	char *src = src_path("pacts/2024.yaml"), *text = read_file(src, &len);
	char *at = text ? strstr(text, "date: 2024-05-09") : NULL;
	char *f = strf("%s/2024.yaml", tmp);
	run_result r;

	cr_assert(at, "no signing date in %s", src);
	memcpy(at, "date: 2024-01-05", 16);
	cr_assert_eq(write_file(f, text, len), 0);
	r = run_pact(tmp, "--lang=vi", "show", "--format=text", "2024.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\nký tại: Bắc Giang, ngày 05 tháng 01 năm 2024\n"), "%s", r.out);
	run_result_free(&r);
	r = run_pact(tmp, "--lang=en", "show", "--format=text", "2024.yaml", NULL);
	cr_expect(strstr(r.out, "\nsigned: Bắc Giang, 2024-01-05\n"), "%s", r.out);
	run_result_free(&r);
	free(f);
	free(text);
	free(src);
}

/* Vietnamese usage lines and help name a revision as the help texts do
 * (PHIÊN-BẢN, as in "NĂM@PHIÊN-BẢN" of pact diff's help), never REV. */
Test(cli, vietnamese_usage_says_phien_ban_not_rev)
{
	const char *cmds[][3] = {{"help", "log", NULL},
	                         {"help", "show", NULL},
	                         {"help", "validate", NULL},
	                         {"help", "review", "check"},
	                         {"help", "import", NULL}};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_result r = run_pact(tmp, "--lang=vi", cmds[i][0], cmds[i][1], cmds[i][2], NULL);
		cr_expect_eq(r.status, 0, "%s %s: %s", cmds[i][1], cmds[i][2] ? cmds[i][2] : "",
		             r.err);
		cr_expect(strstr(r.out, "PHIÊN-BẢN") != NULL, "%s", r.out);
		for (const char *p = r.out; (p = strstr(p, "REV")) != NULL; p += 3)
			cr_expect(p > r.out && p[-1] == 'P', "REV in: %s", r.out);
		run_result_free(&r);
	}
}
