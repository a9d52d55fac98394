/*
 * help.c - `pact help [COMMAND [SUB] | exit-status]`, the short and full
 * help of `pact` itself, and the exit-status table.
 *
 * Everything a command's help says comes from its option table (opts.h),
 * so `pact help log`, `pact log --help` and the man page cannot disagree.
 * The exit-status table is written here once; README.md quotes it and
 * tests/test_cli.c checks each row across commands.
 */
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "wrap.h"

const cli_cmd cli_cmd_help = {
        .name = "help",
        .usage = N_("help [COMMAND [SUB-COMMAND] | exit-status]"),
        .summary = N_("show the help of pact, of a command, or the exit statuses"),
        .about = N_("Without an argument, list the commands and the global options. With a\n"
                    "command (or 'review' and a sub-command), print its usage, every option\n"
                    "and an example; 'pact COMMAND --help' prints the same. 'exit-status'\n"
                    "prints what each exit status means."),
        .example = "pact help diff\n"
                   "pact help review approve\n"
                   "pact help exit-status",
};

void cli_exit_status_table(FILE *f)
{
	fputs(_("Exit status:\n"
	        "  0  done: the command did what was asked; validate: every file is valid;\n"
	        "     diff --exit-code: the pacts do not differ\n"
	        "  1  invalid input or refused: a pact that is not valid, no pact for that\n"
	        "     year, an unknown revision, clause, member, remote or file, not a pact\n"
	        "     store, a commit that changes nothing, a push refused (the remote has\n"
	        "     changes to pull first), a pull refused (both sides changed the same\n"
	        "     year, or local edits are in the way), an approval refused, approvals\n"
	        "     missing (review merge, review check), a hook refusing a push;\n"
	        "     diff --exit-code: the pacts differ\n"
	        "  2  usage error: unknown command or option, a missing or extra argument,\n"
	        "     a value that is not allowed (pact prints the usage)\n"
	        "  3  failure: a damaged or unreadable repository, a file that cannot be\n"
	        "     written, no memory, a network failure\n"),
	      f);
}

const char *cli_global_usage(void)
{
	/* TRANSLATORS: the metavariables as the commands' usage lines say
	 * them (DIR, COMMAND); keep the options and the line break. */
	return _("pact [-C DIR] [--lang=vi|en] [--no-pager] [--max-doc-bytes=N] [--version]\n"
	         "            [--help] COMMAND [ARGS]");
}

void cli_main_usage(FILE *f, int full)
{
	fprintf(f, "%s %s\n\n", _("usage:"), cli_global_usage());
	fputs(_("Keep yearly emulation pacts (bản giao ước thi đua) in a git repository\n"
	        "and see, clause by clause, how each year's commitments changed.\n"),
	      f);
	fprintf(f, "\n%s\n", _("Commands:"));
	for (size_t i = 0; i < cli_ncommands; i++) {
		const cli_command *c = &cli_commands[i];
		fprintf(f, "  %-10s ", c->name);
		cli_wrap(f, c->spec ? _(c->spec->summary) : c->summary, 13, 13, 79);
	}
	if (!full) {
		fputc('\n', f);
		fputs(_("Run 'pact help COMMAND' for the options of a command and an example,\n"
		        "'pact help' for the global options and exit statuses.\n"),
		      f);
		return;
	}
	fprintf(f, "\n%s\n",
	        _("Global options (before the command; --lang and --no-pager also among its "
	          "arguments):"));
	cli_print_options(f, cli_global_opts, 0);
	fputc('\n', f);
	fputs(_("Run 'pact help COMMAND' (or 'pact COMMAND --help') for the options of a\n"
	        "command and an example.\n"),
	      f);
	fputc('\n', f);
	cli_exit_status_table(f);
}

/* "approve" under review -> its spec, or NULL. */
static const cli_cmd *review_sub(const char *name)
{
	for (size_t i = 0; cli_review_cmds[i]; i++)
		if (!strcmp(cli_review_cmds[i]->name + strlen("review "), name))
			return cli_review_cmds[i];
	return NULL;
}

/* "pact help review aprove": the nearest sub-command, as 'pact review
 * aprove' suggests it. */
static int unknown_review_sub(const char *what)
{
	const char *names[32], *s;
	size_t k = 0;

	for (size_t i = 0; cli_review_cmds[i] && k < 31; i++)
		names[k++] = cli_review_cmds[i]->name + strlen("review ");
	names[k] = NULL;
	s = cli_suggest(what, names);
	if (s)
		return cli_usage_error(&cli_cmd_help,
		                       _("'%s' is not a review command; did you mean '%s'?"), what,
		                       s);
	return cli_usage_error(&cli_cmd_help, _("'%s' is not a review command"), what);
}

static int unknown_topic(const char *what)
{
	const char *names[64];
	size_t k = 0;
	const char *s;
	for (size_t i = 0; i < cli_ncommands && k < 62; i++)
		names[k++] = cli_commands[i].name;
	names[k++] = "exit-status";
	names[k] = NULL;
	s = cli_suggest(what, names);
	if (s)
		cli_error(_("no help for '%s'; did you mean '%s'?"), what, s);
	else
		cli_error(_("no help for '%s'"), what);
	cli_short_usage(stderr, &cli_cmd_help);
	return EXIT_USAGE;
}

int cmd_help(int argc, char **argv, cli_ctx *ctx)
{
	const cli_command *c;
	const cli_cmd *spec;
	int n = 0, st;

	(void)ctx;
	if ((st = cli_parse(&n, &cli_cmd_help, NULL, argc, argv)) != CLI_CONTINUE)
		return st;
	if (n == 0) {
		cli_main_usage(stdout, 1);
		return EXIT_OK;
	}
	if (n == 1 && !strcmp(argv[1], "exit-status")) {
		cli_exit_status_table(stdout);
		return EXIT_OK;
	}
	c = cli_find_command(argv[1]);
	if (!c)
		return unknown_topic(argv[1]);
	spec = c->spec;
	if (n >= 2 && !strcmp(c->name, "review")) {
		spec = review_sub(argv[2]);
		if (!spec)
			return unknown_review_sub(argv[2]);
	} else if (n >= 2) {
		return cli_operands(&cli_cmd_help, n, 0, 1, argv);
	}
	if (!spec) {
		printf(_("usage: pact %s ...\n\n%s\n\nRun 'pact %s --help' for its options.\n"),
		       c->name, c->summary, c->name);
		return EXIT_OK;
	}
	cli_help(stdout, spec);
	return EXIT_OK;
}
