/*
 * main.c - pact's entry point: global options, the command table, and the
 * set-up every command shares (global options, opening the store, stdout).
 *
 * A command is a line in commands.def and a function cmd_<name>; this file
 * holds no command logic. Output goes through stdio; a closed pipe
 * (`pact diff | head`) ends the program quietly, a failed write is an error.
 */
#include <errno.h>
#include <git2.h>
#include <signal.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pact/doc.h"
#include "pact/store.h"

typedef struct command {
	const char *name;
	cli_fn fn;
	int needs_store;
	const char *summary;
} command;

static const command commands[] = {
#define CMD(name, needs_store, summary) {#name, cmd_##name, needs_store, summary},
#include "commands.def"
#undef CMD
};

/* Command names are C identifiers in the table; users type '-' for '_'. */
static int same_command(const char *table, const char *arg)
{
	for (; *table && *arg; table++, arg++)
		if (*table != *arg && !(*table == '_' && *arg == '-'))
			return 0;
	return *table == *arg;
}

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: pact [-C DIR] [--max-doc-bytes=N] [--version] [--help] COMMAND [ARGS]\n"
	        "\n"
	        "Keep yearly emulation pacts (bản giao ước thi đua) in a git repository\n"
	        "and see, clause by clause, how each year's commitments changed.\n"
	        "\n"
	        "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char name[32];
		snprintf(name, sizeof(name), "%s", commands[i].name);
		for (char *c = name; *c; c++)
			*c = *c == '_' ? '-' : *c; /* setup_git is spelled setup-git */
		fprintf(f, "  %-10s %s\n", name, commands[i].summary);
	}
	fprintf(f,
	        "\n"
	        "Run 'pact COMMAND --help' for the options of one command.\n"
	        "\n"
	        "  -C DIR              run as if started in DIR\n"
	        "  --max-doc-bytes=N   refuse pact files larger than N bytes (default\n"
	        "                      16777216, 16 MiB; also the PACT_MAX_DOC_BYTES\n"
	        "                      environment variable; the option wins)\n"
	        "\n"
	        "Exit status: 0 success, 1 invalid input or refused operation\n"
	        "(diff --exit-code: the pacts differ), 2 usage error,\n"
	        "3 repository, I/O or internal failure.\n");
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

/* The document size limit from --max-doc-bytes or PACT_MAX_DOC_BYTES
 * (`what` names the source for the message): a positive decimal number of
 * bytes, optionally with a K, M or G suffix (binary: 16M = 16 MiB). */
static int set_max_doc_bytes(const char *v, const char *what)
{
	char *end = NULL;
	unsigned long long n;

	errno = 0;
	n = v[0] >= '0' && v[0] <= '9' ? strtoull(v, &end, 10) : 0;
	if (end && *end && !end[1]) {
		int shift = *end == 'K' || *end == 'k'   ? 10
		            : *end == 'M' || *end == 'm' ? 20
		            : *end == 'G' || *end == 'g' ? 30
		                                         : -1;
		if (shift > 0 && n <= (SIZE_MAX >> shift)) {
			n <<= shift;
			end++;
		}
	}
	if (errno || !end || *end || n == 0 || n > SIZE_MAX / 2) {
		cli_error("%s must be a positive number of bytes (e.g. 33554432 or 32M), not '%s'",
		          what, v);
		return -1;
	}
	pact_doc_set_max_bytes((size_t)n);
	return 0;
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

int main(int argc, char **argv)
{
	cli_ctx ctx = {0};
	const command *cmd = NULL;
	int i = 1, status = EXIT_FAILURE_, rc;

	signal(SIGPIPE, SIG_IGN);
	ctx.progname = "pact";

	if (getenv("PACT_MAX_DOC_BYTES") && *getenv("PACT_MAX_DOC_BYTES") &&
	    set_max_doc_bytes(getenv("PACT_MAX_DOC_BYTES"), "PACT_MAX_DOC_BYTES") < 0)
		return EXIT_USAGE;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *v = NULL;
		int r;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return finish_stdout(EXIT_OK);
		} else if (!strcmp(a, "--version")) {
			printf("pact 0.1.0 (libgit2 %d.%d.%d)\n", LIBGIT2_VER_MAJOR,
			       LIBGIT2_VER_MINOR, LIBGIT2_VER_REVISION);
			return finish_stdout(EXIT_OK);
		} else if (!strcmp(a, "-C")) {
			if (i + 1 >= argc) {
				cli_error("option '-C' needs a directory");
				return EXIT_USAGE;
			}
			/* like git -C: relative paths given later are relative to DIR */
			if (chdir(argv[++i]) != 0) {
				cli_error("cannot change to '%s': %s", argv[i], strerror(errno));
				return EXIT_FINDINGS;
			}
		} else if ((r = cli_opt_value(argc, argv, &i, "--max-doc-bytes", &v)) != 0) {
			if (r < 0 || set_max_doc_bytes(v, "--max-doc-bytes") < 0)
				return EXIT_USAGE;
		} else {
			cli_error("unknown option '%s'", a);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (same_command(commands[k].name, argv[i]))
			cmd = &commands[k];
	if (!cmd) {
		cli_error("'%s' is not a pact command; see 'pact --help'", argv[i]);
		return EXIT_USAGE;
	}

	/* libgit2 starts with the first store opened (pact_store_open): a diff
	 * or validation of files never pays for its start-up */
	ctx.color_stdout = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (cmd->needs_store) {
		rc = pact_store_open(&ctx.store, NULL);
		if (rc < 0) {
			status = cli_fail(rc);
			goto done;
		}
	}
	/* the commands that may reach an https remote need the CA bundle whose
	 * parse tls_defer.c put off; the others (most runs) never pay for it */
	if (cmd->fn == cmd_push || cmd->fn == cmd_pull || cmd->fn == cmd_review)
		cli_tls_load();
	status = cmd->fn(argc - i, argv + i, &ctx);
	status = finish_stdout(status);
done:
	pact_store_free(ctx.store);
	return status;
}
