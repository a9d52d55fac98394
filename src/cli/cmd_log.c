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

typedef struct log_args {
	const char *format, *clause, *lang;
	long max;
	int oneline;
} log_args;

static const cli_opt log_opts[] = {
        CLI_CHOICE(0, "format", log_args, format, "text|json", "text (default) or json"),
        CLI_FLAG(0, "oneline", log_args, oneline,
                 "one line per revision: short id, subject, changes"),
        {CLI_OPT_COUNT, 'n', "max-count", "N", "at most N revisions (also -N, as git log -1)",
         offsetof(log_args, max), NULL, CLI_COMP_NONE, CLI_OPT_NUMBER},
        CLI_STRING(0, "clause", "ID", log_args, clause, CLI_COMP_CLAUSE,
                   "follow clause ID across every year instead"),
        CLI_CHOICE(0, "lang", log_args, lang, "vi|en",
                   "words of the text in Vietnamese (default) or English"),
        CLI_END};

const cli_cmd cli_cmd_log = {
        .name = "log",
        .usage = "log [YEAR[@REV] | REV] [--format=text|json] [--oneline] [-n N] [--lang=vi|en]\n"
                 "log --clause ID [REV] [--format=text|json] [--lang=vi|en]",
        .summary = "list the revisions that changed the pacts, or follow a clause",
        .about = "List the revisions that changed YEAR's pact (or any pact), newest first,\n"
                 "with author, date, message and what changed, counted as 'pact diff --stat'\n"
                 "counts it (clauses added, removed, modified, moved...; citations +/-).\n"
                 "With --clause, follow one clause across every year in the store: its\n"
                 "number each year and whether its text changed from the year it last\n"
                 "appeared (normalisation and tone-mark placement are not changes).\n"
                 "--lang changes the words of the text; the commit, Author: and Date:\n"
                 "lines stay as git prints them and the JSON is the same in both.",
        .example = "pact log --oneline -3\n"
                   "pact log 2024 --format=json\n"
                   "pact log --clause khen-thuong",
        .opts = log_opts,
        .operand = CLI_COMP_YEAR,
        .args_size = CLI_ARGS(log_args),
};

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
	log_args o = {.format = "text", .max = -1};
	const char *arg = NULL, *format, *clause;
	pact_log *log = NULL;
	pact_lineage *lin = NULL;
	pact_lang lang = PACT_LANG_VI;
	int oneline, rc, n = 0;

	if ((rc = cli_parse(&n, &cli_cmd_log, &o, argc, argv)) != CLI_CONTINUE)
		return rc;
	if ((rc = cli_operands(&cli_cmd_log, n, 0, 1, argv)) != CLI_CONTINUE)
		return rc;
	arg = n ? argv[1] : NULL;
	format = o.format;
	clause = o.clause;
	oneline = o.oneline;
	if (o.lang && pact_report_lang_parse(&lang, o.lang) < 0)
		return cli_fail(PACT_EUSAGE);
	if (o.max >= 0)
		opts.max = (size_t)o.max;
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
