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
#include "pact/json.h"
#include "pact/sanitize.h"
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
	        "usage: pact [-C DIR] [--version] [--help] COMMAND [ARGS]\n"
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
	        "Exit status: 0 success, 1 invalid input or refused operation\n"
	        "(diff --exit-code: the pacts differ), 2 usage error,\n"
	        "3 repository, I/O or internal failure.\n");
}

static int file_sink(void *payload, const char *s, size_t len)
{
	return fwrite(s, 1, len, (FILE *)payload) == len ? 0 : -1;
}

void cli_write_safe(FILE *f, const char *s, size_t len, pact_sanitize_mode mode)
{
	pact_sanitize_write(file_sink, f, s, len, mode);
}

/* Format, then write through the sanitiser: whatever the arguments hold
 * (pact text, a file name, a commit subject), no control reaches f. */
static void vprint_safe(FILE *f, pact_sanitize_mode mode, const char *fmt, va_list ap)
{
	char small[1024], *big = NULL;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n < 0)
		goto done;
	if ((size_t)n < sizeof(small)) {
		cli_write_safe(f, small, (size_t)n, mode);
		goto done;
	}
	big = malloc((size_t)n + 1);
	if (!big) {
		cli_write_safe(f, small, sizeof(small) - 1, mode); /* cut, but safe */
		goto done;
	}
	vsnprintf(big, (size_t)n + 1, fmt, ap2);
	cli_write_safe(f, big, (size_t)n, mode);
done:
	va_end(ap2);
	free(big);
}

void cli_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprint_safe(stdout, PACT_SANITIZE_TEXT, fmt, ap);
	va_end(ap);
}

void cli_eprintf(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	va_start(ap, fmt);
	vprint_safe(stderr, PACT_SANITIZE_TEXT, fmt, ap);
	va_end(ap);
}

/* One message line: an LF in a name shows as \n, so no name forges a
 * second "pact: error:" line. */
void cli_error(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("pact: error: ", stderr);
	va_start(ap, fmt);
	vprint_safe(stderr, PACT_SANITIZE_LINE, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("pact: warning: ", stderr);
	va_start(ap, fmt);
	vprint_safe(stderr, PACT_SANITIZE_LINE, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_print_json_writer(pact_json *j)
{
	char *out = NULL;
	size_t len = 0;
	int rc = pact_json_finish(&out, &len, j);

	if (rc == 0)
		fwrite(out, 1, len, stdout);
	free(out);
	pact_json_free(j);
	return rc < 0 ? cli_fail(rc) : EXIT_OK;
}

int cli_print_json(void (*fill)(struct pact_json *j, const void *arg), const void *arg)
{
	pact_json *j = NULL;

	if (pact_json_new(&j) < 0)
		return cli_fail(PACT_ENOMEM);
	fill(j, arg);
	return cli_print_json_writer(j);
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
		cli_eprintf("%s\n", e->message); /* already file:line:col: error: */
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

int main(int argc, char **argv)
{
	cli_ctx ctx = {0};
	const command *cmd = NULL;
	int i = 1, status = EXIT_FAILURE_, rc;

	signal(SIGPIPE, SIG_IGN);
	ctx.progname = "pact";

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
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

	git_libgit2_init();
	ctx.color_stdout = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (cmd->needs_store) {
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
