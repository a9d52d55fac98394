/*
 * complete.c - `pact __complete LINE`: the candidates for the last word of
 * a command line, one per line, for the shell completion script
 * (completion/pact.bash), which stays a few lines of glue.
 *
 * Everything comes from the option tables (opts.h) and the store: command
 * and sub-command names, each command's options, the values a CHOICE
 * allows, and for operands and option arguments the years in the store,
 * the member and clause ids of its newest pact, remotes and branches.
 * A line ":file" or ":dir" asks the script to complete file or directory
 * names as well. Words are split at spaces only (completion never needs
 * quoting rules); an option's value after '=' is completed alone, since
 * bash breaks words at '=' (COMP_WORDBREAKS).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pact/doc.h"
#include "pact/sanitize.h"
#include "pact/store.h"

#define MAX_WORDS 256

typedef struct words {
	char *w[MAX_WORDS];
	int n;
} words;

/* A candidate is shown by the shell as it is: one the sanitiser would
 * escape (a remote or branch named with a bidi override, a byte that is
 * not UTF-8, an ESC in a pact id of a store written by others) is not
 * offered, rather than written raw or offered escaped and wrong. */
static void put(const char *cur, const char *cand)
{
	if (!strncmp(cand, cur, strlen(cur)) &&
	    !pact_sanitize_needed(cand, strlen(cand), PACT_SANITIZE_LINE))
		printf("%s\n", cand);
}

static void put_choices(const char *cur, const char *choices)
{
	char buf[64];
	for (const char *p = choices; *p;) {
		size_t n = strcspn(p, "|");
		snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
		put(cur, buf);
		p += n + (p[n] == '|');
	}
}

/* Members or clauses of the newest pact in the store. */
static void put_ids(pact_store *st, const char *cur, int clauses)
{
	int *years = NULL;
	size_t ny = 0;
	pact_doc *doc = NULL;
	pact_diags dg = PACT_DIAGS_INIT;
	char addr[16];

	if (!st || pact_store_years(&years, &ny, st, NULL) < 0 || !ny)
		goto done;
	snprintf(addr, sizeof(addr), "%d", years[ny - 1]);
	if (pact_store_load(&doc, &dg, st, addr) < 0)
		goto done;
	if (clauses)
		for (size_t i = 0; i < doc->nclauses; i++)
			put(cur, doc->clauses[i].id);
	else
		for (size_t i = 0; i < doc->nmembers; i++)
			put(cur, doc->members[i].id);
done:
	pact_diags_clear(&dg);
	pact_doc_free(doc);
	free(years);
}

static void put_years(pact_store *st, const char *cur, int next_too)
{
	int *years = NULL;
	size_t ny = 0;
	char buf[16];
	if (st && pact_store_years(&years, &ny, st, NULL) == 0) {
		for (size_t i = 0; i < ny; i++) {
			snprintf(buf, sizeof(buf), "%d", years[i]);
			put(cur, buf);
		}
		if (next_too && ny) {
			snprintf(buf, sizeof(buf), "%d", years[ny - 1] + 1);
			put(cur, buf);
		}
	}
	free(years);
}

static void put_refs(pact_store *st, const char *cur, int remotes)
{
	pact_remotes *r = NULL;
	char **names = NULL;
	size_t n = 0;

	if (!st)
		return;
	if (remotes) {
		if (pact_store_remotes(&r, st) == 0)
			for (size_t i = 0; i < r->count; i++)
				put(cur, r->items[i].name);
		pact_remotes_free(r);
		return;
	}
	if (pact_store_ref_names(&names, &n, st) == 0)
		for (size_t i = 0; i < n; i++)
			put(cur, names[i]);
	pact_store_names_free(names, n);
}

static void put_kind(pact_store *st, cli_complete kind, const char *cur, int next_year)
{
	switch (kind) {
	case CLI_COMP_YEAR:
		put_years(st, cur, next_year);
		puts(":file");
		break;
	case CLI_COMP_MEMBER:
		put_ids(st, cur, 0);
		break;
	case CLI_COMP_CLAUSE:
		put_ids(st, cur, 1);
		break;
	case CLI_COMP_REMOTE:
		put_refs(st, cur, 1);
		break;
	case CLI_COMP_REV:
		put_refs(st, cur, 0);
		break;
	case CLI_COMP_FILE:
		puts(":file");
		break;
	case CLI_COMP_DIR:
		puts(":dir");
		break;
	default:
		break;
	}
}

static const cli_opt *find_in(const cli_opt *opts, const char *word, size_t len, int skip)
{
	for (const cli_opt *o = opts; o && o->kind != CLI_OPT_END; o++) {
		if (o->flags & skip)
			continue;
		if (o->long_name && word[1] == '-' && strlen(o->long_name) == len - 2 &&
		    !strncmp(o->long_name, word + 2, len - 2))
			return o;
		if (o->short_name && word[1] == o->short_name && len == 2)
			return o;
	}
	return NULL;
}

/* An option of the command, or one every command takes (--lang). */
static const cli_opt *find_opt(const cli_cmd *spec, const char *word, size_t len)
{
	const cli_opt *o = find_in(spec->opts, word, len, 0);
	return o ? o : find_in(cli_global_opts, word, len, CLI_OPT_FIRST);
}

static void put_value(pact_store *st, const cli_opt *o, const char *cur)
{
	if (o->kind == CLI_OPT_CHOICE)
		put_choices(cur, o->choices);
	else
		put_kind(st, o->complete, cur, 0);
}

static void put_table(const cli_opt *opts, const char *cur, int skip)
{
	char buf[80];
	for (const cli_opt *o = opts; o && o->kind != CLI_OPT_END; o++) {
		if (o->flags & (CLI_OPT_HIDDEN | skip))
			continue;
		if (o->long_name) {
			snprintf(buf, sizeof(buf), "--%s%s", o->long_name,
			         cli_takes_value(o) ? "=" : "");
			put(cur, buf);
		} else if (o->short_name) {
			snprintf(buf, sizeof(buf), "-%c", o->short_name);
			put(cur, buf);
		}
	}
}

static void put_options(const cli_cmd *spec, const char *cur)
{
	put_table(spec->opts, cur, 0);
	put_table(cli_global_opts, cur, CLI_OPT_FIRST);
	put(cur, "--help");
}

/* The words after the command (and sub-command) up to the current one. */
static void complete_args(pact_store *st, const cli_cmd *spec, words *w, int from)
{
	const char *cur = w->w[w->n - 1], *prev = w->n - 2 >= from ? w->w[w->n - 2] : NULL;
	const cli_opt *o;
	int dashdash = 0;

	for (int i = from; i < w->n - 1; i++)
		if (!strcmp(w->w[i], "--"))
			dashdash = 1;
	if (!dashdash && cur[0] == '-' && cur[1] == '-' && strchr(cur, '=')) {
		const char *eq = strchr(cur, '=');
		o = find_opt(spec, cur, (size_t)(eq - cur));
		if (o && cli_takes_value(o))
			put_value(st, o, eq + 1);
		return;
	}
	if (!dashdash && prev && prev[0] == '-' && !strchr(prev, '=') &&
	    (o = find_opt(spec, prev, strlen(prev))) != NULL && cli_takes_value(o)) {
		put_value(st, o, cur);
		return;
	}
	if (!dashdash && cur[0] == '-') {
		put_options(spec, cur);
		return;
	}
	put_kind(st, spec->operand, cur, !strcmp(spec->name, "review open"));
}

static void split(words *w, char *line)
{
	size_t len = strlen(line);
	int trailing = !len || line[len - 1] == ' ' || line[len - 1] == '\t';
	char *save = NULL;

	w->n = 0;
	for (char *t = strtok_r(line, " \t", &save); t && w->n < MAX_WORDS - 1;
	     t = strtok_r(NULL, " \t", &save))
		w->w[w->n++] = t;
	/* the word being completed: empty after a trailing space */
	if (trailing || !w->n)
		w->w[w->n++] = line + len;
}

/* The words before the command: global options (-C DIR moving where the
 * store is), each value taken with its option. The index of the first word
 * after them; -1 when the word being completed is one of them, after
 * writing its candidates. */
static int complete_globals(words *w)
{
	int i = 1;

	for (; i < w->n - 1 && w->w[i][0] == '-'; i++) {
		const char *a = w->w[i], *eq = strchr(a, '=');
		const cli_opt *o =
		        find_in(cli_global_opts, a, eq ? (size_t)(eq - a) : strlen(a), 0);
		if (!o || eq || !cli_takes_value(o))
			continue;
		if (i + 1 == w->n - 1) { /* `pact -C <TAB>` */
			put_value(NULL, o, w->w[i + 1]);
			return -1;
		}
		i++;
		if (o->short_name == 'C' && chdir(w->w[i]) != 0) /* -C DIR */
			return -1;
	}
	if (i == w->n - 1 && w->w[i][0] == '-') {
		const char *cur = w->w[i], *eq = strchr(cur, '=');
		const cli_opt *o = eq ? find_in(cli_global_opts, cur, (size_t)(eq - cur), 0) : NULL;
		if (o && cli_takes_value(o))
			put_value(NULL, o, eq + 1); /* `pact --lang=<TAB>` */
		else if (!eq)
			put_table(cli_global_opts, cur, 0);
		return -1;
	}
	return i;
}

static int complete_line(char *line)
{
	words w = {{NULL}, 0};
	pact_store *st = NULL;
	const cli_command *c;
	const cli_cmd *spec;
	int i;

	split(&w, line);
	/* w.w[0] is "pact" */
	if ((i = complete_globals(&w)) < 0)
		return EXIT_OK;
	if (i == w.n - 1) {
		const char *cur = w.w[i];
		for (size_t k = 0; k < cli_ncommands; k++)
			put(cur, cli_commands[k].name);
		return EXIT_OK;
	}
	c = cli_find_command(w.w[i++]);
	if (!c)
		return EXIT_OK;
	if (pact_store_open(&st, NULL) < 0)
		st = NULL;
	spec = c->spec;
	if (spec && spec->subs) {
		if (i == w.n - 1) {
			size_t skip = strlen(spec->name) + 1;
			for (size_t k = 0; spec->subs[k]; k++)
				put(w.w[i], spec->subs[k]->name + skip);
			goto done;
		}
		for (size_t k = 0; c->spec->subs[k]; k++)
			if (!strcmp(c->spec->subs[k]->name + strlen(c->spec->name) + 1, w.w[i]))
				spec = c->spec->subs[k];
		if (spec == c->spec)
			goto done;
		i++;
	}
	if (!strcmp(c->name, "help") && i == w.n - 1) {
		for (size_t k = 0; k < cli_ncommands; k++)
			put(w.w[i], cli_commands[k].name);
		put(w.w[i], "exit-status");
	} else if (!strcmp(c->name, "hooks") && i == w.n - 1 && w.w[i][0] != '-') {
		put(w.w[i], "install");
		put(w.w[i], "show");
		put(w.w[i], "pre-receive");
	} else if (spec) {
		complete_args(st, spec, &w, i);
	}
done:
	pact_store_free(st);
	return EXIT_OK;
}

int cli_complete_main(int argc, char **argv)
{
	char *line;
	int rc;
	if (argc != 2) {
		cli_error("usage: pact __complete LINE");
		return EXIT_USAGE;
	}
	line = strdup(argv[1]);
	if (!line)
		return EXIT_FAILURE_;
	rc = complete_line(line);
	free(line);
	return rc;
}
