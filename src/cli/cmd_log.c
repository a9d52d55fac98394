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
#include "pact/json.h"
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

static void log_text(const pact_log *log, int oneline, pact_lang lang)
{
	for (size_t i = 0; i < log->count; i++) {
		const pact_log_entry *e = &log->entries[i];
		char date[64];
		if (oneline) {
			cli_printf("%.7s ", e->hex);
			cli_write_safe(stdout, e->subject, strlen(e->subject), PACT_SANITIZE_LINE);
			cli_printf(" (");
			for (size_t j = 0; j < e->nchanges; j++) {
				char *d = pact_year_change_describe_lang(&e->changes[j], lang);
				cli_printf("%s%s", j ? "; " : "", d ? d : "");
				free(d);
			}
			printf(")\n");
			continue;
		}
		cli_format_date_git(date, sizeof(date), e->time, e->offset);
		cli_printf("%scommit %s\nAuthor: ", i ? "\n" : "", e->hex);
		cli_write_safe(stdout, e->author_name, strlen(e->author_name), PACT_SANITIZE_LINE);
		cli_printf(" <");
		cli_write_safe(stdout, e->author_email, strlen(e->author_email), PACT_SANITIZE_LINE);
		cli_printf(">\nDate:   %s\n\n", date);
		for (const char *p = e->message; *p;) {
			size_t n = strcspn(p, "\n");
			/* a message written with CRLF shows as git shows it */
			cli_printf("    %.*s\n", (int)(n && p[n - 1] == '\r' ? n - 1 : n), p);
			p += n;
			if (*p == '\n')
				p++;
		}
		printf("\n");
		for (size_t j = 0; j < e->nchanges; j++) {
			char *d = pact_year_change_describe_lang(&e->changes[j], lang);
			cli_printf("    %s\n", d ? d : "");
			free(d);
		}
	}
}

/* Docs: docs/json.md ("pact-log/1"). The stat of each change is the
 * diff JSON's `summary` (pact_report_json_summary), so one reader reads
 * both. */
static void log_json(pact_json *j, const pact_log *log)
{
	pact_json_begin_document(j, "pact-log/1");
	pact_json_key(j, "commits");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t i = 0; i < log->count; i++) {
		const pact_log_entry *e = &log->entries[i];
		char date[64];
		cli_format_date_iso(date, sizeof(date), e->time, e->offset);
		pact_json_begin_object(j, PACT_JSON_BLOCK);
		pact_json_kstring(j, "commit", e->hex);
		pact_json_key(j, "author");
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kstring(j, "name", e->author_name);
		pact_json_kstring(j, "email", e->author_email);
		pact_json_end_object(j);
		pact_json_kstring(j, "date", date);
		pact_json_kstring(j, "subject", e->subject);
		pact_json_kstring(j, "message", e->message);
		pact_json_key(j, "changes");
		pact_json_begin_array(j, PACT_JSON_BLOCK);
		for (size_t k = 0; k < e->nchanges; k++) {
			const pact_year_change *c = &e->changes[k];
			char *d = pact_year_change_describe(c);
			pact_json_begin_object(j, PACT_JSON_INLINE);
			pact_json_kint(j, "year", c->year);
			pact_json_kstring(j, "kind", kind_name(c->kind));
			pact_json_kbool(j, "valid", !c->invalid);
			pact_json_key(j, "differs");
			if (c->invalid)
				pact_json_null(j);
			else
				pact_json_bool(j, c->differs);
			pact_json_key(j, "stat");
			if (c->invalid) {
				pact_json_null(j);
			} else {
				pact_json_begin_object(j, PACT_JSON_INLINE);
				pact_report_json_summary(j, &c->stat, (const char *const *)c->fields,
				                         c->nfields);
				pact_json_end_object(j);
			}
			pact_json_kstring(j, "summary", d);
			pact_json_end_object(j);
			free(d);
		}
		pact_json_end_array(j);
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
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
	cli_write_safe(stdout, t, strlen(t), PACT_SANITIZE_TEXT);
	free(t);
	return 0;
}

static void log_json_cb(pact_json *j, const void *log)
{
	log_json(j, log);
}

/* Docs: docs/json.md ("pact-clause-history/1"). */
static void lineage_json(pact_json *j, const pact_lineage *l)
{
	pact_json_begin_document(j, "pact-clause-history/1");
	pact_json_kstring(j, "clause", l->clause_id);
	pact_json_kuint(j, "appearances", l->appearances);
	pact_json_key(j, "years");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t i = 0; i < l->count; i++) {
		const pact_lineage_row *r = &l->rows[i];
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kint(j, "year", r->year);
		pact_json_kstring(j, "status", status_name(r->status));
		pact_json_key(j, "number");
		if (r->number)
			pact_json_int(j, r->number);
		else
			pact_json_null(j);
		pact_json_kstring(j, "title", r->title);
		if (r->status == PACT_LINEAGE_UNCHANGED)
			pact_json_kint(j, "same_since", r->same_since);
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
}

static void lineage_json_cb(pact_json *j, const void *l)
{
	lineage_json(j, l);
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
			rc = cli_print_json(lineage_json_cb, lin);
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
	rc = EXIT_OK;
	if (!strcmp(format, "json"))
		rc = cli_print_json(log_json_cb, log);
	else
		log_text(log, oneline, lang);
	pact_log_free(log);
	return rc;
}
