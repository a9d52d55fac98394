/*
 * cmd_log.c - `pact log [YEAR[@REV] | REV] [--format=text|json] [-n N]
 * [--oneline] [--lang=vi|en]` and `pact log --clause ID [@REV]`.
 *
 * The first lists the revisions that changed a year's pact (or any pact),
 * newest first, in git's layout with one line per changed year (the
 * library's description; the JSON carries the diff's counts); the second
 * prints a clause's lineage table across the years of the store.
 * --lang picks the words of the text as `pact diff --lang` does (same
 * default, same table); git's own lines (commit, Author:, Date:) stay as
 * git prints them and the JSON stays English, its keys and its `summary`.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pact/history.h"
#include "pact/store.h"
#include "store_cli.h"

static void help(FILE *f)
{
	fputs("usage: pact log [YEAR[@REV] | REV] [--format=text|json] [--oneline] [-n N]\n"
	      "                [--lang=vi|en]\n"
	      "       pact log --clause ID [REV] [--format=text|json] [--lang=vi|en]\n"
	      "\n"
	      "List the revisions that changed YEAR's pact (or any pact), newest first,\n"
	      "with author, date, message and what changed, counted as 'pact diff --stat'\n"
	      "counts it (clauses added, removed, modified, moved...; citations +/-).\n"
	      "With --clause, follow one clause across every year in the store: its\n"
	      "number each year and whether its text changed from the year it last\n"
	      "appeared (normalisation and tone-mark placement are not changes).\n"
	      "\n"
	      "  --format=F      text (default) or json\n"
	      "  --oneline       one line per revision: short id, subject, changes\n"
	      "  -n N            at most N revisions\n"
	      "  --clause ID     the lineage of clause ID\n"
	      "  --lang=L        text in Vietnamese (vi, default) or English (en), as\n"
	      "                  'pact diff'; the commit, Author: and Date: lines stay\n"
	      "                  as git prints them and JSON is the same in both\n"
	      "\n"
	      "Exit status: 0 success, 1 no such clause, revision or store, 2 usage\n"
	      "error, 3 failure.\n",
	      f);
}

static const char *kind_name(pact_year_change_kind k)
{
	return k == PACT_YEAR_ADDED ? "added" : k == PACT_YEAR_DELETED ? "deleted" : "modified";
}

/* The counts, as the object `summary` of pact diff's JSON (docs/diff-json.md)
 * spells them, so one reader handles both. */
static void stat_json(const pact_year_change *c)
{
	const pact_diff_summary *s = &c->stat;
	printf("{\"clauses\": {\"old\": %zu, \"new\": %zu, \"unchanged\": %zu, "
	       "\"modified\": %zu, \"added\": %zu, \"removed\": %zu, \"moved\": %zu, "
	       "\"renumbered\": %zu, \"split\": %zu, \"merged\": %zu}, "
	       "\"commitments\": {\"old\": %zu, \"new\": %zu, \"unchanged\": %zu, "
	       "\"modified\": %zu, \"added\": %zu, \"removed\": %zu, \"moved\": %zu, "
	       "\"moved_across\": %zu}, "
	       "\"words\": {\"deleted\": %zu, \"inserted\": %zu}, "
	       "\"citations\": {\"added\": %zu, \"dropped\": %zu, \"redated\": %zu, "
	       "\"kept\": %zu}, "
	       "\"members\": {\"joined\": %zu, \"left\": %zu, \"renamed\": %zu}, "
	       "\"normalisation_only\": %zu, \"fields_changed\": [",
	       s->old_clauses, s->new_clauses, s->unchanged, s->modified, s->added, s->removed,
	       s->moved, s->renumbered, s->split, s->merged, s->old_commitments, s->new_commitments,
	       s->c_unchanged, s->c_modified, s->c_added, s->c_removed, s->c_moved,
	       s->c_moved_across, s->words_deleted, s->words_inserted, s->cites_added,
	       s->cites_dropped, s->cites_redated, s->cites_kept, s->members_joined,
	       s->members_left, s->members_renamed, s->norm_only);
	for (size_t i = 0; i < c->nfields; i++) {
		printf("%s", i ? ", " : "");
		cli_json_string(stdout, c->fields[i]);
	}
	printf("]}");
}

static void log_text(const pact_log *log, int oneline, pact_lang lang)
{
	for (size_t i = 0; i < log->count; i++) {
		const pact_log_entry *e = &log->entries[i];
		char date[64];
		if (oneline) {
			printf("%.7s %s (", e->hex, e->subject);
			for (size_t j = 0; j < e->nchanges; j++) {
				char *d = pact_year_change_describe_lang(&e->changes[j], lang);
				printf("%s%s", j ? "; " : "", d ? d : "");
				free(d);
			}
			printf(")\n");
			continue;
		}
		cli_format_date_git(date, sizeof(date), e->time, e->offset);
		printf("%scommit %s\nAuthor: %s <%s>\nDate:   %s\n\n", i ? "\n" : "", e->hex,
		       e->author_name, e->author_email, date);
		for (const char *p = e->message; *p;) {
			size_t n = strcspn(p, "\n");
			printf("    %.*s\n", (int)n, p);
			p += n;
			if (*p == '\n')
				p++;
		}
		printf("\n");
		for (size_t j = 0; j < e->nchanges; j++) {
			char *d = pact_year_change_describe_lang(&e->changes[j], lang);
			printf("    %s\n", d ? d : "");
			free(d);
		}
	}
}

static void log_json(const pact_log *log)
{
	printf("[");
	for (size_t i = 0; i < log->count; i++) {
		const pact_log_entry *e = &log->entries[i];
		char date[64];
		cli_format_date_iso(date, sizeof(date), e->time, e->offset);
		printf("%s\n  {\"commit\": \"%s\", \"author\": {\"name\": ", i ? "," : "", e->hex);
		cli_json_string(stdout, e->author_name);
		printf(", \"email\": ");
		cli_json_string(stdout, e->author_email);
		printf("}, \"date\": \"%s\", \"subject\": ", date);
		cli_json_string(stdout, e->subject);
		printf(", \"message\": ");
		cli_json_string(stdout, e->message);
		printf(", \"changes\": [");
		for (size_t j = 0; j < e->nchanges; j++) {
			const pact_year_change *c = &e->changes[j];
			char *d = pact_year_change_describe(c);
			printf("%s\n    {\"year\": %d, \"kind\": \"%s\", \"valid\": %s, "
			       "\"differs\": %s, \"stat\": ",
			       j ? "," : "", c->year, kind_name(c->kind),
			       c->invalid ? "false" : "true",
			       c->invalid   ? "null"
			       : c->differs ? "true"
			                    : "false");
			if (c->invalid)
				printf("null");
			else
				stat_json(c);
			printf(", \"summary\": ");
			cli_json_string(stdout, d);
			printf("}");
			free(d);
		}
		printf("]}");
	}
	printf("%s]\n", log->count ? "\n" : "");
}

static const char *status_name(pact_lineage_status s)
{
	static const char *names[] = {"new", "unchanged", "changed", "absent", "invalid"};
	return names[s];
}

/* 0, or -1 out of memory (nothing printed: a half table would mislead). */
static int lineage_text(const pact_lineage *l, pact_lang lang)
{
	char *t = pact_lineage_describe(l, lang);
	if (!t)
		return -1;
	fputs(t, stdout);
	free(t);
	return 0;
}

static void lineage_json(const pact_lineage *l)
{
	printf("{\"clause\": ");
	cli_json_string(stdout, l->clause_id);
	printf(", \"appearances\": %zu, \"years\": [", l->appearances);
	for (size_t i = 0; i < l->count; i++) {
		const pact_lineage_row *r = &l->rows[i];
		printf("%s\n  {\"year\": %d, \"status\": \"%s\", \"number\": ", i ? "," : "",
		       r->year, status_name(r->status));
		if (r->number)
			printf("%ld", r->number);
		else
			printf("null");
		printf(", \"title\": ");
		if (r->title)
			cli_json_string(stdout, r->title);
		else
			printf("null");
		if (r->status == PACT_LINEAGE_UNCHANGED)
			printf(", \"same_since\": %d", r->same_since);
		printf("}");
	}
	printf("\n]}\n");
}

int cmd_log(int argc, char **argv, cli_ctx *ctx)
{
	pact_log_opts opts = PACT_LOG_OPTS_INIT;
	const char *format = "text", *clause = NULL, *arg = NULL, *nval = NULL, *lval = NULL;
	pact_log *log = NULL;
	pact_lineage *lin = NULL;
	pact_lang lang = PACT_LANG_VI;
	int oneline = 0, rc;

	for (int i = 1; i < argc; i++) {
		int r;
		if (cli_is_help(argv[i])) {
			help(stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--oneline")) {
			oneline = 1;
			continue;
		}
		if ((r = cli_opt_value(argc, argv, &i, "--format", &format)) != 0 ||
		    (r = cli_opt_value(argc, argv, &i, "--clause", &clause)) != 0 ||
		    (r = cli_opt_value(argc, argv, &i, "-n", &nval)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		if ((r = cli_opt_value(argc, argv, &i, "--lang", &lval)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			if (pact_report_lang_parse(&lang, lval) < 0)
				return cli_fail(PACT_EUSAGE);
			continue;
		}
		if ((argv[i][0] == '-' && argv[i][1]) || arg) {
			cli_error("unexpected argument '%s'", argv[i]);
			help(stderr);
			return EXIT_USAGE;
		}
		arg = argv[i];
	}
	if (strcmp(format, "text") && strcmp(format, "json")) {
		cli_error("unknown format '%s' (text or json)", format);
		return EXIT_USAGE;
	}
	if (nval) {
		char *end;
		long n = strtol(nval, &end, 10);
		if (*end || n < 0) {
			cli_error("-n needs a number, not '%s'", nval);
			return EXIT_USAGE;
		}
		opts.max = (size_t)n;
	}
	if (arg) {
		pact_address a;
		rc = pact_address_parse(&a, arg);
		if (rc < 0)
			return cli_fail(rc);
		if (a.year) {
			opts.year = a.year;
			opts.rev = a.rev;
		} else {
			opts.rev = arg[0] == '@' && arg[1] ? arg + 1 : arg; /* REV or @REV */
		}
	}
	if (clause) {
		if (opts.year) {
			cli_error("--clause follows a clause across all years; give a REV, not a "
			          "year");
			return EXIT_USAGE;
		}
		rc = pact_history_clause(&lin, ctx->store, opts.rev, clause);
		if (rc < 0)
			return cli_fail(rc);
		rc = EXIT_OK;
		if (!strcmp(format, "json"))
			lineage_json(lin);
		else if (lineage_text(lin, lang) < 0) {
			cli_error("out of memory");
			rc = EXIT_FAILURE_;
		}
		pact_lineage_free(lin);
		return rc;
	}
	rc = pact_history_log(&log, ctx->store, &opts);
	if (rc < 0)
		return cli_fail(rc);
	if (!strcmp(format, "json"))
		log_json(log);
	else
		log_text(log, oneline, lang);
	pact_log_free(log);
	return EXIT_OK;
}
