/*
 * main.c - pact's entry point: global options, the command table, and the
 * set-up every command shares (libgit2 init, opening the store, stdout).
 *
 * A command is a line in commands.def and a function cmd_<name>; this file
 * holds no command logic. Output goes through stdio; a closed pipe
 * (`pact diff | head`) ends the program quietly, a failed write is an error.
 */
#include <errno.h>
#include <git2.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pact/store.h"

cli_command cli_commands[] = {
#define CMD(name, needs_store, summary) {"", cmd_##name, needs_store, summary, &cli_cmd_##name},
#include "commands.def"
#undef CMD
};
const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);

/* Names as users type them ("setup-git"), filled from the C identifiers
 * of commands.def by name_commands() before anything reads the table. */
static char command_names[sizeof(cli_commands) / sizeof(cli_commands[0])][32];
static const char *const command_ids[] = {
#define CMD(name, needs_store, summary) #name,
#include "commands.def"
#undef CMD
};

static void name_commands(void)
{
	for (size_t i = 0; i < cli_ncommands; i++) {
		char *c = command_names[i];
		snprintf(c, sizeof(command_names[i]), "%s", command_ids[i]);
		for (; *c; c++)
			*c = *c == '_' ? '-' : *c; /* setup_git is spelled setup-git */
		cli_commands[i].name = command_names[i];
	}
}

const cli_command *cli_find_command(const char *name)
{
	for (size_t k = 0; k < cli_ncommands; k++) {
		const char *t = cli_commands[k].name, *a = name;
		for (; *t && *a; t++, a++)
			if (*t != *a && !(*t == '-' && *a == '_'))
				break;
		if (!*t && !*a)
			return &cli_commands[k];
	}
	return NULL;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("pact: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("pact: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_exit_status(int code)
{
	switch (code) {
	case PACT_OK:
		return EXIT_OK;
	case PACT_EINVALID:
	case PACT_ENOTFOUND:
	case PACT_EREFUSED:
	case PACT_EUNCHANGED:
	case PACT_ECONFLICT:
	case PACT_EEXISTS:
	case PACT_ELIMIT:
		return EXIT_FINDINGS;
	case PACT_EUSAGE:
		return EXIT_USAGE;
	default:
		return EXIT_FAILURE_;
	}
}

int cli_fail(int code)
{
	const pact_error *e = pact_error_last();
	fflush(stdout);
	if (e->message[0] != '\0' && strstr(e->message, ": error: ") != NULL)
		fprintf(stderr, "%s\n", e->message); /* already file:line:col: error: */
	else
		cli_error("%s", e->message[0] ? e->message : "unknown failure");
	return cli_exit_status(code);
}

int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		cli_error("option '%s' needs a value", name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

/* Flush stdout at exit: EPIPE is a reader that went away (not an error),
 * anything else means output was lost and the run must not look green. */
static int finish_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return status;
		fprintf(stderr, "pact: error: cannot write to standard output: %s\n",
		        strerror(errno));
		return EXIT_FAILURE_;
	}
	return status;
}

/* `pact review SUB`: the sub-command's table, so its --help and usage
 * errors are answered before the store is opened. */
static const cli_cmd *command_spec(const cli_command *cmd, int argc, char **argv, int *skip)
{
	*skip = 0;
	if (!strcmp(cmd->name, "review")) {
		for (size_t k = 0; argc > 1 && cli_review_cmds[k]; k++)
			if (!strcmp(cli_review_cmds[k]->name + strlen("review "), argv[1])) {
				*skip = 1;
				return cli_review_cmds[k];
			}
		return NULL; /* cmd_review lists its sub-commands itself */
	}
	return cmd->spec;
}

static int unknown_command(const char *typed)
{
	const char *names[64];
	const char *s;
	size_t k = 0;
	for (; k < cli_ncommands && k < 63; k++)
		names[k] = cli_commands[k].name;
	names[k] = NULL;
	s = cli_suggest(typed, names);
	if (s)
		cli_error("'%s' is not a pact command; did you mean '%s'?", typed, s);
	else
		cli_error("'%s' is not a pact command", typed);
	fputs("Run 'pact help' for the list of commands.\n", stderr);
	return EXIT_USAGE;
}

/* The global options before the command. CLI_CONTINUE, or an exit status. */
static int global_options(int argc, char **argv, int *i)
{
	for (; *i < argc && argv[*i][0] == '-'; ++*i) {
		const char *a = argv[*i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_main_usage(stdout, 1);
			return finish_stdout(EXIT_OK);
		} else if (!strcmp(a, "--version")) {
			printf("pact 0.1.0 (libgit2 %d.%d.%d)\n", LIBGIT2_VER_MAJOR,
			       LIBGIT2_VER_MINOR, LIBGIT2_VER_REVISION);
			return finish_stdout(EXIT_OK);
		} else if (!strcmp(a, "-C")) {
			if (*i + 1 >= argc) {
				cli_error("option '-C' needs a directory");
				return EXIT_USAGE;
			}
			/* like git -C: relative paths given later are relative to DIR */
			if (chdir(argv[++*i]) != 0) {
				cli_error("cannot change to '%s': %s", argv[*i], strerror(errno));
				return EXIT_FINDINGS;
			}
		} else {
			cli_error("unknown option '%s'", a);
			fputs("usage: pact [-C DIR] [--version] [--help] COMMAND [ARGS]\n"
			      "Run 'pact help' for the list of commands.\n",
			      stderr);
			return EXIT_USAGE;
		}
	}
	return CLI_CONTINUE;
}

int main(int argc, char **argv)
{
	cli_ctx ctx = {0};
	const cli_command *cmd = NULL;
	const cli_cmd *spec;
	int i = 1, status = EXIT_FAILURE_, rc, skip;

	signal(SIGPIPE, SIG_IGN);
	ctx.progname = "pact";
	name_commands();

	if ((status = global_options(argc, argv, &i)) != CLI_CONTINUE)
		return status;
	if (i >= argc) {
		cli_main_usage(stdout, 0);
		return finish_stdout(EXIT_OK);
	}
	if (!strcmp(argv[i], "__complete")) /* for completion/pact.bash */
		return finish_stdout(cli_complete_main(argc - i, argv + i));
	if (!strcmp(argv[i], "__man")) /* for make: build/pact.1 */
		return finish_stdout(cli_man_main(argc - i, argv + i));
	cmd = cli_find_command(argv[i]);
	if (!cmd)
		return unknown_command(argv[i]);
	spec = command_spec(cmd, argc - i, argv + i, &skip);
	if (spec && (status = cli_check(spec, argc - i - skip, argv + i + skip)) != CLI_CONTINUE)
		return finish_stdout(status);

	git_libgit2_init();
	ctx.color_stdout = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	/* `pact review` alone, --help or a mistyped sub-command needs no store */
	if (cmd->needs_store && !(!strcmp(cmd->name, "review") && !skip)) {
		rc = pact_store_open(&ctx.store, NULL);
		if (rc < 0) {
			status = cli_fail(rc);
			goto done;
		}
	}
	status = cmd->fn(argc - i, argv + i, &ctx);
	status = finish_stdout(status);
done:
	pact_store_free(ctx.store);
	git_libgit2_shutdown();
	return status;
}
