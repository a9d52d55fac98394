/*
 * opts.h - options as data: one table per command (and per `review`
 * sub-command) declares each option once, and parsing, `--help`, the short
 * usage of a usage error, "did you mean" suggestions, the man page's option
 * lists and shell completion are all read from it (git's parse-options,
 * libgit2's cli_opt_spec).
 *
 * A command keeps its values in a struct and declares, at file scope,
 *
 *     typedef struct log_args { const char *format; int oneline; long max; } log_args;
 *     static const cli_opt log_opts[] = {
 *             CLI_CHOICE(0, "format", log_args, format, "text|json", "output format"),
 *             CLI_FLAG(0, "oneline", log_args, oneline, "one line per revision"),
 *             CLI_END};
 *     const cli_cmd cli_cmd_log = {"log", "log [--oneline] ...", ..., log_opts};
 *
 * so the table is data the whole CLI can read (`pact help log`, completion,
 * the man page) without running the command. cli_parse() accepts
 * `--format=json`, `--format json`, `-n1`, `-n 1`, bundled short flags
 * (`-vq`), options anywhere among the operands, and `--` ending options;
 * operands are compacted, in order, into argv[1..n].
 */
#ifndef PACT_CLI_OPTS_H
#define PACT_CLI_OPTS_H

#include <stddef.h>
#include <stdio.h>

/* Help strings in the tables are marked for xgettext and translated when
 * printed (pact/i18n.h defines the same under PACT_I18N_SHORT_NAMES). */
#ifndef N_
#define N_(msgid) msgid
#endif

typedef enum cli_opt_kind {
	CLI_OPT_END = 0,
	CLI_OPT_FLAG,   /* no argument: *(int *)value = 1 */
	CLI_OPT_STRING, /* *(const char **)value = ARG (a pointer into argv) */
	CLI_OPT_CHOICE, /* as STRING, ARG must be one of `choices` ("a|b|c") */
	CLI_OPT_COUNT,  /* non-negative integer: *(long *)value */
	CLI_OPT_REST    /* *(int *)value = 1; every later word is an operand */
} cli_opt_kind;

/* What an option's argument (or a command's operands) completes to. */
typedef enum cli_complete {
	CLI_COMP_NONE = 0,
	CLI_COMP_FILE,   /* file names (bash's default) */
	CLI_COMP_YEAR,   /* years in the store, and pact files */
	CLI_COMP_MEMBER, /* member ids of the newest pact */
	CLI_COMP_CLAUSE, /* clause ids of the newest pact */
	CLI_COMP_REMOTE, /* remote names */
	CLI_COMP_REV,    /* branches and tags */
	CLI_COMP_DIR     /* directories */
} cli_complete;

enum {
	CLI_OPT_HIDDEN = 1, /* parsed, not listed in help or completion */
	CLI_OPT_NUMBER = 2, /* COUNT: `-5` means `-n 5` (git log -5) */
	CLI_OPT_FIRST = 4,  /* a global option only before the command (-C DIR) */
	CLI_OPT_REPEAT = 8  /* STRING: each value is kept, in a cli_list (CLI_STRINGS) */
};

/* The values of a repeatable STRING option, in the order given (pointers
 * into argv). A fixed size, so parsing allocates nothing; more values are
 * a usage error. */
#define CLI_LIST_MAX 16
typedef struct cli_list {
	const char *v[CLI_LIST_MAX];
	size_t n;
} cli_list;

typedef struct cli_opt {
	cli_opt_kind kind;
	char short_name;       /* 0: none */
	const char *long_name; /* without "--"; NULL: none */
	const char *argname;   /* "FILE", "N"; NULL for flags */
	const char *help;      /* one line for --help, the man page, completion */
	size_t offset;         /* of the value in the command's args struct */
	const char *choices;   /* CHOICE: "text|json" */
	cli_complete complete;
	int flags; /* CLI_OPT_HIDDEN, CLI_OPT_NUMBER */
} cli_opt;

/* T is the command's args struct, f the field: int for FLAG and REST,
 * const char * for STRING and CHOICE, long for COUNT. */
#define CLI_FLAG(s, l, T, f, h)                                                                    \
	{                                                                                          \
		CLI_OPT_FLAG, s, l, NULL, h, offsetof(T, f), NULL, 0, 0                            \
	}
#define CLI_STRING(s, l, arg, T, f, comp, h)                                                       \
	{                                                                                          \
		CLI_OPT_STRING, s, l, arg, h, offsetof(T, f), NULL, comp, 0                        \
	}
/* A STRING option that may be given more than once: the field is a cli_list. */
#define CLI_STRINGS(s, l, arg, T, f, comp, h)                                                      \
	{                                                                                          \
		CLI_OPT_STRING, s, l, arg, h, offsetof(T, f), NULL, comp, CLI_OPT_REPEAT           \
	}
#define CLI_CHOICE(s, l, T, f, choices, h)                                                         \
	{                                                                                          \
		CLI_OPT_CHOICE, s, l, NULL, h, offsetof(T, f), choices, 0, 0                       \
	}
#define CLI_COUNT(s, l, arg, T, f, h)                                                              \
	{                                                                                          \
		CLI_OPT_COUNT, s, l, arg, h, offsetof(T, f), NULL, 0, 0                            \
	}
#define CLI_END                                                                                    \
	{                                                                                          \
		CLI_OPT_END, 0, NULL, NULL, NULL, 0, NULL, 0, 0                                    \
	}

/* One command or `review` sub-command. */
typedef struct cli_cmd {
	const char *name;                  /* "log", "review approve" */
	const char *usage;                 /* synopsis lines after "usage: pact ", '\n'-separated */
	const char *summary;               /* one line for the command list */
	const char *about;                 /* paragraphs for --help and the man page */
	const char *example;               /* real example lines, '\n'-separated */
	const cli_opt *opts;               /* CLI_END-terminated; NULL: no options */
	cli_complete operand;              /* what the operands complete to */
	size_t args_size;                  /* sizeof the args struct: CLI_ARGS(T) */
	const struct cli_cmd *const *subs; /* sub-commands, NULL-terminated */
} cli_cmd;

#define CLI_ARGS(T) sizeof(T)

/* The global options' values. --lang and --no-pager every command takes
 * too, wherever they stand on the command line (`pact diff 2023 2024
 * --lang=en`) or before the command (`pact --lang=en help`); the others
 * (CLI_OPT_FIRST) only come before the command. cli_parse and main store
 * them here. */
typedef struct cli_globals {
	const char *lang;          /* --lang=vi|en: NULL when not given */
	int no_pager;              /* --no-pager */
	const char *dir;           /* -C DIR: the last one */
	const char *max_doc_bytes; /* --max-doc-bytes=N */
	int version;               /* --version */
	int help;                  /* -h, --help */
} cli_globals;
extern cli_globals cli_global;

/* The table of the global options (main.c), CLI_END-terminated: main parses
 * the words before the command with it, and `pact help`, the man page,
 * completion and "did you mean" read it; an entry without CLI_OPT_FIRST is
 * also an option of every command (cli_parse, cli_help). */
extern const cli_opt cli_global_opts[];

/* cli_parse returns CLI_CONTINUE when the command should go on. */
#define CLI_CONTINUE (-1)

/* Parse argv[1..argc-1] (argv[0] is the command word) against cmd->opts,
 * storing values into the struct at `args` and moving the operands, in order, to
 * argv[1..*nargs]. Returns CLI_CONTINUE, or an exit status the command must
 * return at once: EXIT_OK after printing --help (or -h) to stdout,
 * EXIT_USAGE after printing an error with a suggestion and the short usage
 * to stderr. Errors: unknown option, missing or unexpected argument, a
 * CHOICE not in its list, a COUNT that is not a number. */
int cli_parse(int *nargs, const cli_cmd *cmd, void *args, int argc, char **argv);

/* cli_parse on a copy of argv into a scratch args struct, so main can
 * answer --help and refuse a bad command line before it opens the store
 * (`pact log --help` works outside one). Same return values. */
int cli_check(const cli_cmd *cmd, int argc, char **argv);

/* Check the number of operands: between min and max (max < 0: no limit).
 * Returns CLI_CONTINUE or EXIT_USAGE after a message and the short usage. */
int cli_operands(const cli_cmd *cmd, int nargs, int min, int max, char **argv);

/* A usage error for cmd: "pact: error: <msg>" then the short usage (stderr).
 * Returns EXIT_USAGE. */
int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The full help of cmd (usage, about, options, example, exit status). */
void cli_help(FILE *f, const cli_cmd *cmd);
/* The synopsis lines only, then "Run 'pact help NAME' for details." */
void cli_short_usage(FILE *f, const cli_cmd *cmd);

/* The nearest of `names` (NULL-terminated) to `typed`, or NULL when none
 * is close: a prefix, or a Damerau-Levenshtein distance small for its
 * length. */
const char *cli_suggest(const char *typed, const char *const *names);

/* The option lines of cmd's help, as printed under "Options:" ("  -n, --max-count=N
 *   text"), leaving out hidden ones and those with a flag of `skip`
 * (CLI_OPT_FIRST: the global options a command does not take). */
void cli_print_options(FILE *f, const cli_opt *opts, int skip);

/* The entry of opts (CLI_END-terminated) for "--NAME" (name[0..len)) or
 * "-C" (short), leaving out those with a flag of `skip`; NULL when none. */
const cli_opt *cli_find_long(const cli_opt *opts, const char *name, size_t len, int skip);
const cli_opt *cli_find_short(const cli_opt *opts, char c, int skip);

/* The last --lang (or `--lang VALUE`) in cmd's command line argv[1..]
 * where cli_parse would read one: not the value of another option
 * (`commit -m --lang=fr`), not after `--` or a REST option; an unknown
 * option is taken for a flag, so its error is in the language asked for
 * after it. `lang` (what came before the command) when none. Prints
 * nothing: main chooses the language with it before any message. */
const char *cli_scan_lang(const cli_cmd *cmd, int argc, char **argv, const char *lang);

/* Does o take a value (STRING, CHOICE, COUNT)? */
int cli_takes_value(const cli_opt *o);

#endif
