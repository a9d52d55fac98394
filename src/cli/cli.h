/*
 * cli.h - what every command of the pact CLI shares.
 *
 * Only the CLI prints and exits; it calls libpact and turns its error codes
 * into messages and exit statuses (see EXIT_* below, also in --help/README).
 */
#ifndef PACT_CLI_H
#define PACT_CLI_H

#include <stdio.h>

#include "opts.h"
#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/sanitize.h"

enum {
	EXIT_OK = 0,       /* success; for validate: every file valid */
	EXIT_FINDINGS = 1, /* invalid input, findings, refused operation */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_FAILURE_ = 3  /* repository, I/O or internal failure */
};

struct pact_store;

typedef struct cli_ctx {
	const char *progname;     /* "pact" */
	struct pact_store *store; /* opened by main for needs_store commands */
	int color_stdout;         /* stdout is a terminal and colour is allowed */
} cli_ctx;

typedef int (*cli_fn)(int argc, char **argv, cli_ctx *ctx);

/* Each command's option table and help (opts.h), cli_cmd_<name>, defined
 * in its cmd_<name>.c. Weak, so a command without one still links: help
 * and completion then only know its name and summary. */
#define CMD(name, needs_store, summary)                                                            \
	int cmd_##name(int argc, char **argv, cli_ctx *ctx);                                       \
	extern const cli_cmd cli_cmd_##name __attribute__((weak));
#include "commands.def"
#undef CMD

/* The command table of main.c, in commands.def order. */
typedef struct cli_command {
	const char *name; /* as typed: "setup-git" */
	cli_fn fn;
	int needs_store;
	const char *summary;
	const cli_cmd *spec; /* NULL when the command has no option table */
} cli_command;
extern cli_command cli_commands[]; /* names filled in by main() */
extern const size_t cli_ncommands;

/* The command named `name` ('-' or '_' alike), or NULL. */
const cli_command *cli_find_command(const char *name);

/* `pact review`'s sub-commands, NULL-terminated (cmd_review.c). */
extern const cli_cmd *const cli_review_cmds[];
/* `pact review import` lives with `pact import` (cmd_import.c). */
extern const cli_cmd cli_cmd_review_import;
int cmd_review_import(int argc, char **argv, cli_ctx *ctx);

/* The short help (`pact` alone, a mistyped command): usage and the list
 * of commands; the full one (`pact help`) adds global options and exit
 * statuses. */
/* The global usage line (translated; two lines, no final newline). */
const char *cli_global_usage(void);
void cli_main_usage(FILE *f, int full);
/* `pact __complete LINE` (complete.c): completion candidates for the last
 * word of LINE, one per line. */
int cli_complete_main(int argc, char **argv);
/* `pact __man [DOCDIR]` (man.c): the pact(1) page in roff. */
int cli_man_main(int argc, char **argv);

/* The language of reports (diff, log, show): the one choice of the run,
 * as for messages and help: --lang, else PACT_LANG, else the locale. */
pact_lang cli_report_lang(void);

/* The exit-status table, the one place it is written (pact help
 * exit-status, the README copies it). */
void cli_exit_status_table(FILE *f);

/* Everything a person reads goes through the sanitiser (pact/sanitize.h):
 * no pact text, commit message, author, comment or file name can write a
 * control to the terminal.
 * cli_printf/cli_eprintf: printf to stdout/stderr, the result written in
 * PACT_SANITIZE_TEXT mode (LF and TAB pass; the format's own text must
 * hold no other control). cli_write_safe: s[0..len) in `mode` to f. */
void cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_write_safe(FILE *f, const char *s, size_t len, pact_sanitize_mode mode);

/* Every JSON output: `fill` writes one document with the writer (it begins
 * with pact_json_begin_document), which is then printed to stdout. Returns
 * the exit status: EXIT_OK, or EXIT_FAILURE_ after an error message. */
struct pact_json;
int cli_print_json(void (*fill)(struct pact_json *j, const void *arg), const void *arg);
/* The same for a document already written into j; frees j. */
int cli_print_json_writer(struct pact_json *j);

/* "%zu clause" or "%zu clauses" for count n, in the process's language
 * (ngettext), formatted into the char array buf; evaluates to buf. */
#define CLI_PLURAL(buf, singular, plural, n)                                                       \
	(snprintf((buf), sizeof(buf),                                                              \
	          pact_n__(pact_i18n_lang(), singular, plural, (unsigned long)(n)), (size_t)(n)),  \
	 (buf))

/* Print "pact: error: <msg>\n" to stderr (printf-style), the message in
 * PACT_SANITIZE_LINE mode (one line whatever the arguments hold). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "pact: warning: <msg>\n" to stderr. */
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report the library's last error and return the exit status it maps to:
 * PACT_EINVALID/ENOTFOUND/EREFUSED/EUNCHANGED/ECONFLICT/EEXISTS -> 1,
 * PACT_EUSAGE -> 2, everything else -> 3. */
int cli_fail(int code);
/* Report an allocation the CLI itself made that failed ("pact: error: out
 * of memory", translated) and return EXIT_FAILURE_: the one place the CLI
 * words it. */
int cli_oom(void);

/* A diagnostic of the loader as "path:line:col: error: message" on stderr
 * (its bare message when out of memory); cli_print_diags: all of them, in
 * order (diags.c). */
struct pact_diag;
struct pact_diags;
void cli_print_diag(const struct pact_diag *d, const char *path);
void cli_print_diags(const struct pact_diags *d, const char *path);
/* Map a library error code to an exit status without printing. */
int cli_exit_status(int code);

#endif
