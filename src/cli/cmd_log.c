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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "pact/history.h"
#include "pact/json.h"
#include "pact/store.h"
#include "store_cli.h"

typedef struct log_args {
	const char *format, *clause;
	long max;
	int oneline;
} log_args;

static const cli_opt log_opts[] = {
        CLI_CHOICE(0, "format", log_args, format, "text|json", N_("text (default) or json")),
        CLI_FLAG(0, "oneline", log_args, oneline,
                 N_("one line per revision: short id, subject, changes")),
        {CLI_OPT_COUNT, 'n', "max-count", "N", N_("at most N revisions (also -N, as git log -1)"),
         offsetof(log_args, max), NULL, CLI_COMP_NONE, CLI_OPT_NUMBER},
        CLI_STRING(0, "clause", "ID", log_args, clause, CLI_COMP_CLAUSE,
                   N_("follow clause ID across every year instead")),
        CLI_END};

const cli_cmd cli_cmd_log = {
        .name = "log",
        .usage =
                N_("log [YEAR[@REV] | REV] [--format=text|json] [--oneline] [-n N] [--lang=vi|en]\n"
                   "log --clause ID [REV] [--format=text|json] [--lang=vi|en]"),
        .summary = N_("list the revisions that changed the pacts, or follow a clause"),
        .about = N_("List the revisions that changed YEAR's pact (or any pact), newest first,\n"
                    "with author, date, message and what changed, counted as 'pact diff --stat'\n"
                    "counts it (clauses added, removed, modified, moved...; citations +/-).\n"
                    "With --clause, follow one clause across every year in the store: its\n"
                    "number each year and whether its text changed from the year it last\n"
                    "appeared (normalisation and tone-mark placement are not changes).\n"
                    "--lang changes the words of the text; the commit, Author: and Date:\n"
                    "lines stay as git prints them and the JSON is the same in both."),
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

/* Nonzero when commit `hex` is the adoption of `year` (pact_store_adopted:
 * the tag 'review merge' writes and the review's record of it, so that
 * log says "adopted" exactly where the adopted-year guard sees one);
 * *ad filled then. */
static int adoption_of(pact_adopted *ad, pact_store *store, int year, const char *hex)
{
	int is = store && pact_store_adopted(ad, store, year) == 1 && !strcmp(ad->commit, hex);

	pact_error_clear();
	return is;
}

static void log_text(pact_store *store, const pact_log *log, int oneline, pact_lang lang)
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
				pact_adopted ad;
				cli_printf("%s%s", j ? "; " : "", d ? d : "");
				if (adoption_of(&ad, store, e->changes[j].year, e->hex))
					cli_printf(_(", adopted (%s)"), ad.tag);
				free(d);
			}
			printf(")\n");
			continue;
		}
		cli_format_date_git(date, sizeof(date), e->time, e->offset);
		cli_printf("%scommit %s\nAuthor: ", i ? "\n" : "", e->hex);
		cli_write_safe(stdout, e->author_name, strlen(e->author_name), PACT_SANITIZE_LINE);
		cli_printf(" <");
		cli_write_safe(stdout, e->author_email, strlen(e->author_email),
		               PACT_SANITIZE_LINE);
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
			pact_adopted ad;
			cli_printf("    %s\n", d ? d : "");
			if (adoption_of(&ad, store, e->changes[j].year, e->hex))
				cli_printf(
				        _("    %04d: adopted through review on %s (tag %s): every "
				          "member approved this text\n"),
				        ad.year, ad.date, ad.tag);
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
				pact_report_json_summary(
				        j, &c->stat, (const char *const *)c->fields, c->nfields);
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
	lang = cli_report_lang();
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
			cli_error(_("--clause follows a clause across all years; give a REV, not a "
			            "year"));
			return EXIT_USAGE;
		}
		rc = pact_history_clause(&lin, ctx->store, opts.rev, clause);
		if (rc < 0)
			return cli_fail(rc);
		rc = EXIT_OK;
		if (!strcmp(format, "json"))
			rc = cli_print_json(lineage_json_cb, lin);
		else if (lineage_text(lin, lang) < 0) {
			rc = cli_oom();
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
		log_text(ctx->store, log, oneline, lang);
	/* an empty answer says why, on stderr: a new store's `pact log` printed
	 * nothing at all, and the officer could not tell it from a failure */
	if (strcmp(format, "json") != 0 && log->count == 0 && opts.year)
		fprintf(stderr, _("pact: no revision here changes the %04d pact\n"), opts.year);
	else if (strcmp(format, "json") != 0 && log->count == 0 && !opts.rev)
		fputs(_("pact: no pact has been committed on this branch yet; add one with 'pact "
		        "commit FILE'\n"),
		      stderr);
	pact_log_free(log);
	return rc;
}
