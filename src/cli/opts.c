/*
 * opts.c - the option parser, help printer and suggester over the option
 * tables of opts.h.
 *
 * Parsing is one left-to-right pass, as git's parse-options: an option may
 * come before, between or after the operands (`pact log 2024 -n1`), `--`
 * makes every later word an operand (a pact file named `-m.yaml`), and a
 * lone `-` is an operand. Operands are moved down to argv[1..n] in order,
 * which is safe because the write index never passes the read index.
 *
 * Suggestions use the optimal-string-alignment distance (Levenshtein with
 * adjacent transpositions, O(|a|*|b|) on names of a few bytes), plus a
 * unique-prefix rule, the way git's help.autocorrect and cargo suggest.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "opts.h"
#include "pact/i18n.h"
#include "wrap.h"

cli_globals cli_global;

/* Names are short; anything longer is not worth a suggestion. */
#define SUGGEST_MAX_LEN 64

static size_t osa_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1], best = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

const char *cli_suggest(const char *typed, const char *const *names)
{
	const char *best = NULL, *prefixed = NULL;
	size_t best_d = (size_t)-1, len = strlen(typed), nprefixed = 0;

	if (!len)
		return NULL;
	for (size_t i = 0; names[i]; i++) {
		size_t d = osa_distance(typed, names[i]);
		if (!strncmp(names[i], typed, len)) {
			prefixed = names[i];
			nprefixed++;
		}
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	if (nprefixed == 1)
		return prefixed;
	/* one typo in a short word, two in a longer one (git: similarity) */
	if (best && best_d <= (len < 5 ? 1u : len < 9 ? 2u : 3u))
		return best;
	return NULL;
}

/* ---- help -------------------------------------------------------------- */

static void print_synopsis(FILE *f, const cli_cmd *cmd)
{
	const char *p = cmd->usage ? _(cmd->usage) : NULL, *word = _("usage:");
	int first = 1, w = (int)cli_text_width(word, strlen(word));
	while (p && *p) {
		size_t n = strcspn(p, "\n");
		if (*p == ' ') /* continues the line above */
			fprintf(f, "%*s      %.*s\n", w, "", (int)n, p);
		else if (first)
			fprintf(f, "%s pact %.*s\n", word, (int)n, p);
		else
			fprintf(f, "%*s pact %.*s\n", w, "", (int)n, p);
		first = 0;
		p += n + (p[n] == '\n');
	}
}

void cli_short_usage(FILE *f, const cli_cmd *cmd)
{
	print_synopsis(f, cmd);
	fprintf(f, _("Run 'pact help %s' for the options and an example.\n"), cmd->name);
}

/* "-n, --max-count=N" or "--format=text|json" into buf. */
static void option_label(char *buf, size_t n, const cli_opt *o)
{
	/* choices are typed as they are; a metavariable is translated */
	const char *arg = o->kind == CLI_OPT_CHOICE ? o->choices
	                  : o->argname              ? _(o->argname)
	                                            : NULL;
	int at = 0;
	if (o->short_name)
		at = snprintf(buf, n, "-%c%s", o->short_name, o->long_name ? ", " : "");
	if (o->long_name)
		at += snprintf(buf + at, n - (size_t)at, "--%s", o->long_name);
	if (arg &&
	    (o->kind == CLI_OPT_STRING || o->kind == CLI_OPT_CHOICE || o->kind == CLI_OPT_COUNT))
		snprintf(buf + at, n - (size_t)at, "%s%s", o->long_name ? "=" : " ", arg);
}

void cli_print_options(FILE *f, const cli_opt *opts, int skip)
{
	for (const cli_opt *o = opts; o && o->kind != CLI_OPT_END; o++) {
		char label[96];
		if (o->flags & (CLI_OPT_HIDDEN | skip))
			continue;
		option_label(label, sizeof(label), o);
		/* columns, not bytes: a translated metavariable ("TỆP") has letters
		 * of two or three bytes */
		size_t w = cli_text_width(label, strlen(label));
		if (w <= 22)
			fprintf(f, "  %s%*s ", label, (int)(22 - w), "");
		else
			fprintf(f, "  %s\n  %-22s ", label, "");
		cli_wrap(f, _(o->help), 25, 25, 79);
	}
}

static void print_indented(FILE *f, const char *text, const char *indent)
{
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, "\n");
		if (n)
			fprintf(f, "%s%.*s\n", indent, (int)n, p);
		else
			fputc('\n', f);
		p += n + (p[n] == '\n');
	}
}

void cli_help(FILE *f, const cli_cmd *cmd)
{
	print_synopsis(f, cmd);
	if (cmd->about) {
		fputc('\n', f);
		print_indented(f, _(cmd->about), "");
	}
	if (cmd->subs) {
		size_t skip = strlen(cmd->name) + 1;
		fputc('\n', f);
		fprintf(f, _("Sub-commands ('pact help %s SUB' for the options of one):\n"),
		        cmd->name);
		for (size_t i = 0; cmd->subs[i]; i++)
			fprintf(f, "  %-10s %s\n", cmd->subs[i]->name + skip,
			        _(cmd->subs[i]->summary));
	}
	if (cmd->opts && cmd->opts[0].kind != CLI_OPT_END) {
		fprintf(f, "\n%s\n", _("Options:"));
		cli_print_options(f, cmd->opts, 0);
	}
	fprintf(f, "\n%s\n", _("Options of every command:"));
	cli_print_options(f, cli_global_opts, CLI_OPT_FIRST);
	if (cmd->example) {
		fprintf(f, "\n%s\n", _("Example:"));
		print_indented(f, cmd->example, "  ");
	}
	fputc('\n', f);
	fputs(_("Exit status: 0 done, 1 invalid input or refused, 2 usage error,\n"
	        "3 repository or I/O failure ('pact help exit-status').\n"),
	      f);
}

int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cli_error("%s", msg);
	cli_short_usage(stderr, cmd);
	return EXIT_USAGE;
}

int cli_operands(const cli_cmd *cmd, int nargs, int min, int max, char **argv)
{
	if (nargs < min)
		return cli_usage_error(cmd,
		                       min - nargs == 1 && min == 1
		                               ? _("'pact %s' needs an argument")
		                               : _("'pact %s' needs more arguments"),
		                       cmd->name);
	if (max >= 0 && nargs > max)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[max + 1]);
	return CLI_CONTINUE;
}

/* ---- parsing ----------------------------------------------------------- */

const cli_opt *cli_find_long(const cli_opt *opts, const char *name, size_t len, int skip)
{
	for (const cli_opt *o = opts; o && o->kind != CLI_OPT_END; o++)
		if (o->long_name && !(o->flags & skip) && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return o;
	return NULL;
}

const cli_opt *cli_find_short(const cli_opt *opts, char c, int skip)
{
	for (const cli_opt *o = opts; o && o->kind != CLI_OPT_END; o++)
		if (o->short_name == c && !(o->flags & skip))
			return o;
	return NULL;
}

static const cli_opt *find_number(const cli_opt *opts)
{
	for (const cli_opt *o = opts; o && o->kind != CLI_OPT_END; o++)
		if (o->kind == CLI_OPT_COUNT && (o->flags & CLI_OPT_NUMBER))
			return o;
	return NULL;
}

int cli_takes_value(const cli_opt *o)
{
	return o->kind == CLI_OPT_STRING || o->kind == CLI_OPT_CHOICE || o->kind == CLI_OPT_COUNT;
}

/* "--format" or "-n", for messages. */
static void opt_name(char *buf, size_t n, const cli_opt *o)
{
	if (o->long_name)
		snprintf(buf, n, "--%s", o->long_name);
	else
		snprintf(buf, n, "-%c", o->short_name);
}

static int choice_ok(const char *choices, const char *v)
{
	size_t len = strlen(v);
	for (const char *p = choices; *p;) {
		size_t n = strcspn(p, "|");
		if (n == len && !strncmp(p, v, n))
			return 1;
		p += n + (p[n] == '|');
	}
	return 0;
}

/* "text, json or github" from "text|json|github". */
static void choice_words(char *buf, size_t n, const char *choices)
{
	size_t at = 0, count = 0, k = 0;
	for (const char *p = choices; *p; p++)
		count += *p == '|';
	buf[0] = '\0';
	for (const char *p = choices; *p && at < n; k++) {
		size_t w = strcspn(p, "|");
		at += (size_t)snprintf(buf + at, n - at, "%s%.*s",
		                       k == 0       ? ""
		                       : k == count ? _(" or ")
		                                    : ", ",
		                       (int)w, p);
		p += w + (p[w] == '|');
	}
}

/* "format" for --format: the thing the user named ("unknown format 'pdf'"). */
static const char *choice_noun(const cli_opt *o, const char *name)
{
	if (!o->long_name)
		return name;
	if (!strcmp(o->long_name, "lang"))
		return _("language");
	if (!strcmp(o->long_name, "color"))
		return _("--color value");
	if (!strcmp(o->long_name, "format"))
		return _("format");
	return o->long_name;
}

static int set_value(const cli_cmd *cmd, const cli_opt *o, void *args, const char *v)
{
	char *base = args, name[80];
	opt_name(name, sizeof(name), o);
	switch (o->kind) {
	case CLI_OPT_FLAG:
	case CLI_OPT_REST:
		*(int *)(void *)(base + o->offset) = 1;
		return CLI_CONTINUE;
	case CLI_OPT_CHOICE:
		if (!choice_ok(o->choices, v)) {
			char words[160];
			choice_words(words, sizeof(words), o->choices);
			return cli_usage_error(cmd, _("unknown %s '%s' (%s)"), choice_noun(o, name),
			                       v, words);
		}
		/* fall through */
	case CLI_OPT_STRING:
		if (o->flags & CLI_OPT_REPEAT) {
			cli_list *l = (cli_list *)(void *)(base + o->offset);
			if (l->n >= CLI_LIST_MAX)
				return cli_usage_error(cmd, _("%s is given more than %d times"),
				                       name, CLI_LIST_MAX);
			l->v[l->n++] = v;
			return CLI_CONTINUE;
		}
		*(const char **)(void *)(base + o->offset) = v;
		return CLI_CONTINUE;
	case CLI_OPT_COUNT: {
		char *end = NULL;
		long n = strtol(v, &end, 10);
		if (!*v || *end || n < 0)
			return cli_usage_error(cmd, _("%s needs a number, not '%s'"), name, v);
		*(long *)(void *)(base + o->offset) = n;
		return CLI_CONTINUE;
	}
	default:
		return CLI_CONTINUE;
	}
}

static int unknown_long(const cli_cmd *cmd, const char *word, size_t len)
{
	const char *names[64];
	char typed[SUGGEST_MAX_LEN + 1];
	size_t k = 0;
	const char *s;

	for (const cli_opt *o = cmd->opts; o && o->kind != CLI_OPT_END && k < 58; o++)
		if (o->long_name && !(o->flags & CLI_OPT_HIDDEN))
			names[k++] = o->long_name;
	for (const cli_opt *o = cli_global_opts; o->kind != CLI_OPT_END; o++)
		if (o->long_name && !(o->flags & (CLI_OPT_HIDDEN | CLI_OPT_FIRST)))
			names[k++] = o->long_name;
	names[k++] = "help";
	names[k] = NULL;
	snprintf(typed, sizeof(typed), "%.*s", (int)(len < SUGGEST_MAX_LEN ? len : SUGGEST_MAX_LEN),
	         word);
	s = cli_suggest(typed, names);
	if (s)
		return cli_usage_error(cmd, _("unknown option '--%s'; did you mean '--%s'?"), typed,
		                       s);
	return cli_usage_error(cmd, _("unknown option '--%s'"), typed);
}

/* A global option that only comes before the command (-C, --max-doc-bytes,
 * --version), typed after it: said so, with where it goes, rather than
 * "unknown option" as if pact had none such. CLI_CONTINUE when `g` is not
 * one (a command's own -h and --help are its help). */
static int misplaced_global(const cli_cmd *cmd, const cli_opt *g)
{
	char name[80], label[96];

	if (!g || !(g->flags & CLI_OPT_FIRST) || (g->long_name && !strcmp(g->long_name, "help")))
		return CLI_CONTINUE;
	opt_name(name, sizeof(name), g);
	option_label(label, sizeof(label), g);
	return cli_usage_error(cmd, _("option '%s' goes before the command: pact %s %s ..."), name,
	                       label, cmd->name);
}

static int parse_long(const cli_cmd *cmd, void *args, int argc, char **argv, int *i)
{
	const char *word = argv[*i] + 2, *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	const cli_opt *o = cli_find_long(cmd->opts, word, len, 0);
	char name[80];
	int rc;

	if (!o && (o = cli_find_long(cli_global_opts, word, len, CLI_OPT_FIRST)) != NULL)
		args = &cli_global;
	if (!o && (rc = misplaced_global(cmd, cli_find_long(cli_global_opts, word, len, 0))) !=
	                  CLI_CONTINUE)
		return rc;
	if (!o)
		return unknown_long(cmd, word, len);
	opt_name(name, sizeof(name), o);
	if (!cli_takes_value(o)) {
		if (eq)
			return cli_usage_error(cmd, _("option '%s' takes no value"), name);
		return set_value(cmd, o, args, NULL);
	}
	if (eq)
		return set_value(cmd, o, args, eq + 1);
	if (*i + 1 >= argc)
		return cli_usage_error(cmd, _("option '%s' needs a value"), name);
	return set_value(cmd, o, args, argv[++*i]);
}

/* "-n1", "-n 1", "-vq", "-5" (a NUMBER option). */
static int parse_short(const cli_cmd *cmd, void *args, int argc, char **argv, int *i)
{
	const char *p = argv[*i] + 1;
	const cli_opt *num = find_number(cmd->opts);

	if (num && *p >= '0' && *p <= '9')
		return set_value(cmd, num, args, p);
	for (; *p; p++) {
		const cli_opt *o = cli_find_short(cmd->opts, *p, 0);
		int rc;
		if (!o && p == argv[*i] + 1 &&
		    (rc = misplaced_global(cmd, cli_find_short(cli_global_opts, *p, 0))) !=
		            CLI_CONTINUE)
			return rc;
		if (!o)
			return cli_usage_error(cmd, _("unknown option '-%c'"), *p);
		if (!cli_takes_value(o)) {
			if ((rc = set_value(cmd, o, args, NULL)) != CLI_CONTINUE)
				return rc;
			if (o->kind == CLI_OPT_REST)
				return CLI_CONTINUE;
			continue;
		}
		if (p[1])
			return set_value(cmd, o, args, p + 1);
		if (*i + 1 >= argc)
			return cli_usage_error(cmd, _("option '-%c' needs a value"), *p);
		return set_value(cmd, o, args, argv[++*i]);
	}
	return CLI_CONTINUE;
}

static int is_help(const char *a)
{
	return !strcmp(a, "--help") || !strcmp(a, "-h");
}

static int rest_given(const cli_opt *opts, void *args)
{
	for (const cli_opt *o = opts; o && o->kind != CLI_OPT_END; o++)
		if (o->kind == CLI_OPT_REST && *(int *)(void *)((char *)args + o->offset))
			return 1;
	return 0;
}

int cli_parse(int *nargs, const cli_cmd *cmd, void *args, int argc, char **argv)
{
	int n = 0, rc, only_operands = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_operands || a[0] != '-' || !a[1]) {
			argv[++n] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_operands = 1;
			continue;
		}
		if (is_help(a)) {
			cli_help(stdout, cmd);
			return EXIT_OK;
		}
		rc = a[1] == '-' ? parse_long(cmd, args, argc, argv, &i)
		                 : parse_short(cmd, args, argc, argv, &i);
		if (rc != CLI_CONTINUE)
			return rc;
		if (rest_given(cmd->opts, args))
			only_operands = 1;
	}
	*nargs = n;
	if (n + 1 < argc)
		argv[n + 1] = NULL;
	return CLI_CONTINUE;
}

/* One word of cmd's command line as parse_long and parse_short read it:
 * the option in *o (NULL when the parser would refuse the word), its value
 * in *val (NULL when it takes none), *i past the words it used. */
static void scan_word(const cli_cmd *cmd, int argc, char **argv, int *i, const cli_opt **o,
                      const char **val)
{
	const char *a = argv[*i], *p = a + 1, *eq;
	const cli_opt *num = find_number(cmd->opts);

	*o = NULL;
	*val = NULL;
	if (a[1] == '-') {
		eq = strchr(a + 2, '=');
		size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		if (!(*o = cli_find_long(cmd->opts, a + 2, len, 0)))
			*o = cli_find_long(cli_global_opts, a + 2, len, CLI_OPT_FIRST);
		if (*o && cli_takes_value(*o))
			*val = eq ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
		return;
	}
	if (num && *p >= '0' && *p <= '9') {
		*o = num;
		return;
	}
	for (; *p; p++) {
		if (!(*o = cli_find_short(cmd->opts, *p, 0)) || (*o)->kind == CLI_OPT_REST)
			return;
		if (cli_takes_value(*o)) {
			*val = p[1] ? p + 1 : *i + 1 < argc ? argv[++*i] : NULL;
			return;
		}
	}
}

const char *cli_scan_lang(const cli_cmd *cmd, int argc, char **argv, const char *lang)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		const cli_opt *o;
		const char *v;

		if (argv[i][0] != '-' || !argv[i][1])
			continue; /* an operand */
		scan_word(cmd, argc, argv, &i, &o, &v);
		if (o && o->kind == CLI_OPT_REST)
			break; /* every later word is an operand */
		if (v && o == cli_find_long(cli_global_opts, "lang", 4, 0))
			lang = v;
	}
	return lang;
}

int cli_check(const cli_cmd *cmd, int argc, char **argv)
{
	char **copy = calloc((size_t)argc + 1, sizeof(*copy));
	void *scratch = calloc(1, cmd->args_size ? cmd->args_size : 1);
	int n = 0, rc = EXIT_FAILURE_;

	if (!copy || !scratch) {
		rc = cli_oom();
		goto done;
	}
	memcpy(copy, argv, (size_t)argc * sizeof(*copy));
	rc = cli_parse(&n, cmd, scratch, argc, copy);
done:
	free(copy);
	free(scratch);
	return rc;
}
