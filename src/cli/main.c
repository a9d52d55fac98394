/*
 * main.c - pact's entry point: the global options' table, the command table,
 * and the set-up every command shares (global options, opening the store,
 * stdout).
 *
 * A command is a line in commands.def and a function cmd_<name>; this file
 * holds no command logic. Output goes through stdio; a closed pipe
 * (`pact diff | head`) ends the program quietly, a failed write is an error.
 */
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "store_cli.h"
#include "pager.h"
#include "pact/doc.h"
#include "pact/i18n.h"
#include "pact/json.h"
#include "pact/sanitize.h"
#include "pact/store.h"

#ifndef PACT_LIBGIT2_VERSION
#define PACT_LIBGIT2_VERSION "?"
#endif

cli_command cli_commands[] = {
#define CMD(name, needs_store, summary) {"", cmd_##name, needs_store, summary, &cli_cmd_##name},
#include "commands.def"
#undef CMD
};
const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);

/* The global options, one table: main parses the words before the command
 * with it, and `pact help`, the man page, completion and "did you mean"
 * read it. --lang and --no-pager every command takes among its own options
 * too (opts.c); the others (CLI_OPT_FIRST) only come before the command.
 * Each acts as soon as it is read (global_option), in order: `-C a -C b`
 * runs in a/b, and --help answers before a later mistake. */
enum { G_DIR, G_LANG, G_NO_PAGER, G_MAX_DOC_BYTES, G_VERSION, G_HELP };
const cli_opt cli_global_opts[] = {
        [G_DIR] = {CLI_OPT_STRING, 'C', NULL, N_("DIR"),
                   N_("run as if pact had been started in DIR"), offsetof(cli_globals, dir), NULL,
                   CLI_COMP_DIR, CLI_OPT_FIRST},
        [G_LANG] = CLI_CHOICE(0, "lang", cli_globals, lang, "vi|en",
                              N_("messages, help and reports in Vietnamese or English (default: "
                                 "PACT_LANG, then the locale)")),
        [G_NO_PAGER] = CLI_FLAG(0, "no-pager", cli_globals, no_pager,
                                N_("do not send long output to a pager")),
        [G_MAX_DOC_BYTES] = {CLI_OPT_STRING, 0, "max-doc-bytes", N_("N"),
                             N_("refuse pact files larger than N bytes (K, M, G suffixes; default "
                                "16M); also PACT_MAX_DOC_BYTES=N, the option wins"),
                             offsetof(cli_globals, max_doc_bytes), NULL, CLI_COMP_NONE,
                             CLI_OPT_FIRST},
        [G_VERSION] = {CLI_OPT_FLAG, 0, "version", NULL, N_("print pact's version"),
                       offsetof(cli_globals, version), NULL, CLI_COMP_NONE, CLI_OPT_FIRST},
        [G_HELP] = {CLI_OPT_FLAG, 'h', "help", NULL, N_("print this help"),
                    offsetof(cli_globals, help), NULL, CLI_COMP_NONE, CLI_OPT_FIRST},
        CLI_END};

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
        __attribute__((format(printf, 3, 0)));
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
	fputs(_("pact: error: "), stderr);
	va_start(ap, fmt);
	vprint_safe(stderr, PACT_SANITIZE_LINE, _(fmt), ap); /* fmt: an msgid */
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs(_("pact: warning: "), stderr);
	va_start(ap, fmt);
	vprint_safe(stderr, PACT_SANITIZE_LINE, _(fmt), ap); /* fmt: an msgid */
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
	char sev[64];

	/* ": lỗi: " under Vietnamese: the library translates the severity */
	snprintf(sev, sizeof(sev), ": %s: ", pact_p__(pact_i18n_lang(), "severity", "error"));
	fflush(stdout);
	if (e->message[0] != '\0' && (strstr(e->message, ": error: ") || strstr(e->message, sev)))
		cli_eprintf("%s\n", e->message); /* already file:line:col: error: */
	else
		cli_error("%s", e->message[0] ? e->message : "unknown failure");
	return cli_exit_status(code);
}

int cli_oom(void)
{
	cli_error("out of memory"); /* an msgid: cli_error translates it */
	return EXIT_FAILURE_;
}

/* Flush stdout at exit: EPIPE is a reader that went away (not an error),
 * anything else means output was lost and the run must not look green. */
static int finish_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return status;
		fprintf(stderr, _("pact: error: cannot write to standard output: %s\n"),
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
		cli_error(_("'%s' is not a pact command; did you mean '%s'?"), typed, s);
	else
		cli_error(_("'%s' is not a pact command"), typed);
	fputs(_("Run 'pact help' for the list of commands.\n"), stderr);
	return EXIT_USAGE;
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

/* A global option pact does not know: named without its value, with the
 * nearest one when there is one ("--lnag=vi": did you mean '--lang'?), as
 * a command's options are; then the short usage. */
static void unknown_global_option(const char *a)
{
	const char *names[sizeof(cli_global_opts) / sizeof(*cli_global_opts)];
	char typed[32];
	const char *s;
	size_t k = 0;

	for (const cli_opt *o = cli_global_opts; o->kind != CLI_OPT_END; o++)
		if (o->long_name)
			names[k++] = o->long_name;
	names[k] = NULL;
	if (!strncmp(a, "--", 2) && a[2]) {
		size_t len = strcspn(a + 2, "=");
		snprintf(typed, sizeof(typed), "%.*s",
		         (int)(len < sizeof(typed) ? len : sizeof(typed) - 1), a + 2);
		s = cli_suggest(typed, names);
		if (s)
			cli_error(_("unknown option '--%s'; did you mean '--%s'?"), typed, s);
		else
			cli_error(_("unknown option '--%s'"), typed);
	} else {
		cli_error(_("unknown option '%s'"), a);
	}
	fprintf(stderr, "%s %s\n", _("usage:"), cli_global_usage());
	fputs(_("Run 'pact help' for the list of commands.\n"), stderr);
}

/* The entry of cli_global_opts for the word argv[*i] ("--lang=vi",
 * "--lang vi", "-C DIR") and in *val its value, taking the next word when
 * it is one. NULL after a usage error. */
static const cli_opt *global_option(int argc, char **argv, int *i, const char **val)
{
	const char *a = argv[*i], *eq = NULL;
	const cli_opt *o = NULL;
	char name[80];

	*val = NULL;
	if (a[1] == '-' && a[2]) {
		eq = strchr(a + 2, '=');
		o = cli_find_long(cli_global_opts, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2),
		                  0);
	} else if (a[1] && !a[2]) {
		o = cli_find_short(cli_global_opts, a[1], 0);
	}
	if (!o) {
		unknown_global_option(a);
		return NULL;
	}
	if (o->long_name)
		snprintf(name, sizeof(name), "--%s", o->long_name);
	else
		snprintf(name, sizeof(name), "-%c", o->short_name);
	if (!cli_takes_value(o)) {
		if (!eq)
			return o;
		cli_error(_("option '%s' takes no value"), name);
		return NULL;
	}
	if (eq)
		*val = eq + 1;
	else if (*i + 1 < argc)
		*val = argv[++*i];
	else if (o == &cli_global_opts[G_DIR])
		cli_error(_("option '-C' needs a directory"));
	else
		cli_error(_("option '%s' needs a value"), name);
	return *val ? o : NULL;
}

/* The global options before the command, each acted on as it is read.
 * CLI_CONTINUE, or an exit status. */
static int global_options(int argc, char **argv, int *i)
{
	const char *env = getenv("PACT_MAX_DOC_BYTES");

	if (env && *env && set_max_doc_bytes(env, "PACT_MAX_DOC_BYTES") < 0)
		return EXIT_USAGE;
	for (; *i < argc && argv[*i][0] == '-'; ++*i) {
		const char *v = NULL;
		const cli_opt *o = global_option(argc, argv, i, &v);

		if (!o)
			return EXIT_USAGE;
		switch (o - cli_global_opts) {
		case G_HELP:
			cli_main_usage(stdout, 1);
			return finish_stdout(EXIT_OK);
		case G_VERSION:
			/* the libgit2 the repository module was built with (the
			 * Makefile's pkg-config): naming it does not load it */
			printf("pact 0.1.0 (libgit2 %s)\n", PACT_LIBGIT2_VERSION);
			return finish_stdout(EXIT_OK);
		case G_DIR:
			/* like git -C: relative paths given later are relative to DIR,
			 * and an empty DIR leaves the directory as it is */
			if (*v && chdir(v) != 0) {
				cli_error(_("cannot change to '%s': %s"), v, strerror(errno));
				return EXIT_FINDINGS;
			}
			cli_global.dir = v;
			break;
		case G_MAX_DOC_BYTES:
			if (set_max_doc_bytes(v, "--max-doc-bytes") < 0)
				return EXIT_USAGE;
			cli_global.max_doc_bytes = v;
			break;
		case G_LANG:
			cli_global.lang = v; /* the language itself was set up by main */
			break;
		case G_NO_PAGER:
			cli_global.no_pager = 1;
			break;
		}
	}
	return CLI_CONTINUE;
}

pact_lang cli_report_lang(void)
{
	/* the one choice setup_language made: --lang, else PACT_LANG, else the
	 * locale; reports have no default of their own */
	return pact_i18n_lang();
}

/* Whether this run's output may be long enough to page, as git pages
 * log, diff and show: help, log, diff, show, review comments and status,
 * and any --help. 0 no, 1 wrap long lines only (--no-pager), 2 wrap and
 * page. Never for git's diff driver (git has its own pager). */
static int pages(const cli_command *cmd, int argc, char **argv)
{
	static const char *const paged[] = {"help", "log", "diff", "show", NULL};
	int yes = !strcmp(cmd->name, "review") && argc > 1 &&
	          (!strcmp(argv[1], "comments") || !strcmp(argv[1], "status"));
	int no_pager = cli_global.no_pager;

	for (int k = 1; k < argc && strcmp(argv[k], "--"); k++) {
		if (!strcmp(argv[k], "--git-driver"))
			return 0;
		if (!strcmp(argv[k], "--no-pager"))
			no_pager = 1;
		if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h"))
			yes = 1;
	}
	for (size_t k = 0; paged[k]; k++)
		if (!strcmp(cmd->name, paged[k]))
			yes = 1;
	return yes ? 2 - no_pager : 0;
}

/* The --lang the parsers will read, the last one wherever it stands:
 * among the global options before the command (read as global_option
 * reads them), then among the command's (cli_scan_lang, with the
 * sub-command's table for `pact review SUB`). A word that is another
 * option's value (`-m --lang=fr`) is not one, nor anything after `--`;
 * an unknown option counts as a flag. NULL when none. */
static const char *lang_option(int argc, char **argv)
{
	const char *lang = NULL;
	const cli_command *cmd;
	const cli_cmd *spec;
	int i = 1, skip;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *eq = NULL, *val = NULL;
		const cli_opt *o = NULL;

		if (a[1] == '-' && a[2]) {
			eq = strchr(a + 2, '=');
			o = cli_find_long(cli_global_opts, a + 2,
			                  eq ? (size_t)(eq - a - 2) : strlen(a + 2), 0);
		} else if (a[1] && !a[2]) {
			o = cli_find_short(cli_global_opts, a[1], 0);
		}
		if (!o)
			continue; /* refused, in the language of a later --lang */
		if (cli_takes_value(o))
			val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
		if (o == &cli_global_opts[G_LANG] && val)
			lang = val;
	}
	if (i >= argc || !(cmd = cli_find_command(argv[i])))
		return lang;
	spec = command_spec(cmd, argc - i, argv + i, &skip);
	if (!spec)
		spec = cmd->spec;
	return spec ? cli_scan_lang(spec, argc - i - skip, argv + i + skip, lang) : lang;
}

/* One language for the whole run, chosen before anything is printed:
 * the last --lang the parsers will read (lang_option), else PACT_LANG,
 * else the locale (pact_lang_choose). CLI_CONTINUE or EXIT_USAGE. */
static int setup_language(int argc, char **argv)
{
	const char *flag = lang_option(argc, argv);
	pact_lang lang;

	if (pact_lang_choose(&lang, flag) < 0) {
		pact_i18n_setup(pact_lang_from_env());
		cli_error(_("unknown language '%s' (vi or en)"), flag);
		return EXIT_USAGE;
	}
	pact_i18n_setup(lang);
	return CLI_CONTINUE;
}

int main(int argc, char **argv)
{
	cli_ctx ctx = {0};
	const cli_command *cmd = NULL;
	const cli_cmd *spec;
	int i = 1, status = EXIT_FAILURE_, rc, skip;

	signal(SIGPIPE, SIG_IGN);
	/* A file size limit (ulimit -f) makes a write fail with EFBIG, reported
	 * like a full disk, instead of killing pact without a word. */
	signal(SIGXFSZ, SIG_IGN);
	ctx.progname = "pact";
	name_commands();
	if ((status = setup_language(argc, argv)) != CLI_CONTINUE)
		return status;

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
	/* colour is decided by the terminal, before a pager takes stdout */
	ctx.color_stdout = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if ((rc = pages(cmd, argc - i, argv + i)) != 0)
		cli_pager_start(rc == 2);
	spec = command_spec(cmd, argc - i, argv + i, &skip);
	if (spec && (status = cli_check(spec, argc - i - skip, argv + i + skip)) != CLI_CONTINUE) {
		status = finish_stdout(status);
		goto done;
	}

	/* libgit2 starts with the first store opened (pact_store_open), and
	 * its TLS with the first https connection (src/gitlink/tls.c): a diff
	 * or validation of files never pays for either */
	/* `pact review` alone, --help or a mistyped sub-command needs no store */
	if (cmd->needs_store && !(!strcmp(cmd->name, "review") && !skip)) {
		rc = pact_store_open(&ctx.store, NULL);
		if (rc < 0) {
			status = finish_stdout(cli_fail(rc));
			goto done;
		}
		cli_warn_recovered(ctx.store);
	}
	status = cmd->fn(argc - i, argv + i, &ctx);
	status = finish_stdout(status);
done:
	cli_pager_finish();
	pact_store_free(ctx.store);
	return status;
}
