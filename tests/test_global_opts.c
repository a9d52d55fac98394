/*
 * test_global_opts.c - pact's global options (-C, --lang, --no-pager,
 * --max-doc-bytes, --version, --help) are one table in src/cli/main.c:
 * parsing, `pact help`, the man page, "did you mean" and completion all
 * read it, so an option is never known to one and missing from another.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "review_fixture.h"

/* Every global option, as `pact help` writes its label. */
static const char *const labels[] = {"-C DIR",    "--lang=vi|en", "--no-pager", "--max-doc-bytes=N",
                                     "--version", "-h, --help"};

Test(global_opts, help_lists_every_global_option_in_order)
{
	run_result r = run_pact(NULL, "--lang=en", "help", NULL);
	const char *at;

	cr_assert_eq(r.status, 0, "%s", r.err);
	/* -C, --max-doc-bytes, --version and --help only before the command
	 * (after it they are unknown options), as pact(1) says: the heading
	 * said "or among its arguments" of them all */
	at = strstr(r.out, "Global options (before the command; --lang and --no-pager also among "
	                   "its arguments):\n");
	cr_assert(at, "%s", r.out);
	for (size_t i = 0; i < sizeof(labels) / sizeof(*labels); i++) {
		char *line = strf("\n  %s ", labels[i]);
		const char *found = strstr(at, line);
		cr_expect(found, "'%s' missing from pact help:\n%s", labels[i], r.out);
		if (found)
			at = found;
		free(line);
	}
	run_result_free(&r);
}

/* A command's help lists the global options it takes among its own, and
 * not those that only come before the command. */
Test(global_opts, command_help_lists_only_the_options_every_command_takes)
{
	run_result r = run_pact(NULL, "--lang=en", "log", "--help", NULL);
	const char *every;

	cr_assert_eq(r.status, 0, "%s", r.err);
	every = strstr(r.out, "Options of every command:\n");
	cr_assert(every, "%s", r.out);
	cr_expect(strstr(every, "--lang=vi|en") && strstr(every, "--no-pager"), "%s", every);
	cr_expect(!strstr(every, "-C DIR") && !strstr(every, "--max-doc-bytes") &&
	                  !strstr(every, "--version"),
	          "%s", every);
	run_result_free(&r);
	/* and such an option after the command is not taken for one: it is
	 * told where it goes */
	r = run_pact(NULL, "--lang=en", "log", "--max-doc-bytes=1", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "pact: error: option '--max-doc-bytes' goes before the command") ==
	                  r.err,
	          "%s", r.err);
	run_result_free(&r);
}

/* A flag given a value was "unknown option '--no-pager'; did you mean
 * '--no-pager'?": the option is known, it takes no value. */
Test(global_opts, a_flag_given_a_value_is_told_so)
{
	static const char *const flags[] = {"--no-pager=1", "--version=2", "--help=x"};
	for (size_t i = 0; i < sizeof(flags) / sizeof(*flags); i++) {
		run_result r = run_pact(NULL, "--lang=en", flags[i], "log", NULL);
		char *want = strf("pact: error: option '%.*s' takes no value\n",
		                  (int)strcspn(flags[i], "="), flags[i]);
		cr_expect_eq(r.status, 2, "%s", flags[i]);
		cr_expect_str_eq(r.err, want);
		cr_expect_str_eq(r.out, "");
		free(want);
		run_result_free(&r);
	}
}

/* The messages that were there before the table stay as they were. */
Test(global_opts, missing_values_and_unknown_options_keep_their_messages)
{
	run_result r = run_pact(NULL, "--lang=en", "-C", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "pact: error: option '-C' needs a directory\n");
	run_result_free(&r);

	r = run_pact(NULL, "--lang=en", "--max-doc-bytes", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "pact: error: option '--max-doc-bytes' needs a value\n");
	run_result_free(&r);

	r = run_pact(NULL, "--lang=en", "--verson", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "pact: error: unknown option '--verson'; did you mean "
	                        "'--version'?\nusage: pact [-C DIR]") == r.err,
	          "%s", r.err);
	run_result_free(&r);

	r = run_pact(NULL, "--lang=en", "-Cpacts", "log", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "pact: error: unknown option '-Cpacts'\n") == r.err, "%s", r.err);
	run_result_free(&r);

	/* and they act in order: -C, then a relative -C, then the command */
	r = run_pact(PACT_SRCDIR, "--lang=en", "-C", "tests", "-C", "data", "--max-doc-bytes",
	             "64K", "validate", "invalid/2023.yaml", NULL);
	cr_expect_neq(r.status, 2, "%s", r.err);
	cr_expect(strstr(r.err, "invalid/2023.yaml") || strstr(r.out, "invalid/2023.yaml"), "%s%s",
	          r.out, r.err);
	run_result_free(&r);
}

/* Completion before the command offers every global option (it had no
 * --max-doc-bytes), their values, and skips a value to reach the command;
 * after the command, only the options every command takes. */
Test(global_opts, completion_before_the_command_reads_the_table)
{
	static const struct {
		const char *line, *want;
	} cases[] = {
	        {"pact -", "-C\n--lang=\n--no-pager\n--max-doc-bytes=\n--version\n--help\n"},
	        {"pact --lang=", "vi\nen\n"},
	        {"pact -C ", ":dir\n"},
	        {"pact --lang en --no-pager va", "validate\n"},
	        {"pact log --m", "--max-count=\n"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		run_result r = run_pact(PACT_SRCDIR, "__complete", cases[i].line, NULL);
		cr_expect_eq(r.status, 0, "%s", r.err);
		cr_expect_str_eq(r.out, cases[i].want, "completing '%s'", cases[i].line);
		run_result_free(&r);
	}
}

/* pact(1) lists the global options from the same table (it had only -C,
 * --version and --help). */
Test(global_opts, man_page_lists_every_global_option)
{
	run_result r = run_pact(NULL, "--lang=en", "__man", "/usr/share/doc/pact", NULL);
	const char *g, *cmds;

	cr_assert_eq(r.status, 0, "%s", r.err);
	g = strstr(r.out, ".SH GLOBAL OPTIONS\n");
	cmds = strstr(r.out, ".SH COMMANDS\n");
	cr_assert(g && cmds && g < cmds, "%s", r.out);
	static const char *const want[] = {
	        "\\fB\\-C\\fR \\fIDIR\\fR", "\\fB\\-\\-lang\\fR=\\fIvi|en\\fR",
	        "\\fB\\-\\-no\\-pager\\fR", "\\fB\\-\\-max\\-doc\\-bytes\\fR=\\fIN\\fR",
	        "\\fB\\-\\-version\\fR",    "\\fB\\-h\\fR, \\fB\\-\\-help\\fR"};
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
		const char *at = strstr(g, want[i]);
		cr_expect(at && at < cmds, "'%s' not under GLOBAL OPTIONS", want[i]);
	}
	run_result_free(&r);
}

/* -C, --max-doc-bytes and --version after the command were "unknown
 * option", as if pact had none such: they are named as global options,
 * with where they go. */
Test(global_opts, a_global_option_after_the_command_is_told_where_it_goes)
{
	static const char *const cases[][5] = {
	        {"log", "-C", ".", NULL,
	         "option '-C' goes before the command: pact -C DIR log ..."},
	        {"validate", "--max-doc-bytes=4K", "x.yaml", NULL,
	         "option '--max-doc-bytes' goes before the command: pact --max-doc-bytes=N "
	         "validate ..."},
	        {"review", "approve", "2025", "--version",
	         "option '--version' goes before the command: pact --version review approve ..."},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		run_result r = run_pact(NULL, "--lang=en", cases[i][0], cases[i][1], cases[i][2],
		                        cases[i][3], NULL);
		char *want = strf("pact: error: %s\n", cases[i][4]);
		cr_expect_eq(r.status, 2, "%s: %s", cases[i][4], r.err);
		cr_expect(!strncmp(r.err, want, strlen(want)), "want %s\ngot %s", want, r.err);
		free(want);
		run_result_free(&r);
	}
	/* a command's own -h and --help are still its help */
	run_result r = run_pact(NULL, "--lang=en", "log", "-h", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
}

/* `-C ""` is "here", as git -C "" is (the README says "like git -C"): it
 * was "cannot change to ''" and exit 1. */
Test(global_opts, an_empty_dir_for_minus_c_is_the_current_one)
{
	run_result r = run_pact(NULL, "--lang=en", "-C", "", "-C", "", "help", "exit-status", NULL);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.err, "");
	run_result_free(&r);
}

/* --lang is read where the parsers read it, not in another option's value:
 * `commit -m --lang=fr` is a commit whose message is "--lang=fr" (it was
 * "unknown language 'fr'"), `-C --lang=fr` a directory, and a word after
 * `--` an operand; a real --lang after the command still counts. */
Test(global_opts, a_lang_that_is_another_options_value_is_that_value)
{
	char *dir, *store = fx_store(&dir), *text = fx_pact(2025, NULL);
	char *f = strf("%s/in.yaml", dir);
	run_result r;

	cr_assert_eq(write_file(f, text, strlen(text)), 0);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit -m --lang=fr ../in.yaml"), 0, "%s",
	             r.err);
	cr_expect(strstr(r.err, "unknown language") == NULL, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "git log -1 --format=%%s"), 0);
	cr_expect_str_eq(r.out, "--lang=fr\n");
	run_result_free(&r);

	cr_expect_eq(fx_sh(&r, store, "pact --lang=en -C --lang=fr log"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "cannot change to '--lang=fr'"), "%s", r.err);
	run_result_free(&r);

	cr_expect_eq(fx_sh(&r, store, "pact --lang=en validate -- --lang=fr"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "unknown language") == NULL, "%s", r.err);
	run_result_free(&r);

	cr_expect_eq(fx_sh(&r, store, "pact --lang=en log -n 1 --lang=fr"), 2);
	cr_expect(strstr(r.err, "unknown language 'fr'"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=vi log -n 1 --lang=en"), 0, "%s", r.err);
	run_result_free(&r);

	free(f);
	free(text);
	free(store);
	rm_rf(dir);
	free(dir);
}
