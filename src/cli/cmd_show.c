/*
 * cmd_show.c - `pact show ADDRESS [--format=yaml|text|json|html|markdown]`.
 *
 * ADDRESS is YEAR, YEAR@REV or a file path. The pact is validated before it
 * is printed in any format, so `show` never passes off a broken document
 * (or /etc/passwd) as a pact; yaml prints the bytes exactly as stored.
 * The store is opened only for a year address, so a file can be shown
 * outside any store. html and markdown lay the pact out as the signed
 * paper (paper.h), for printing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "../labels.h"
#include "adopted_cli.h"
#include "cli.h"
#include "pact/doc.h"
#include "pact/i18n.h"
#include "pact/json.h"
#include "pact/paper.h"
#include "pact/store.h"
#include "store_cli.h"

typedef struct show_args {
	const char *format;
} show_args;

static const cli_opt show_opts[] = {
        CLI_CHOICE(0, "format", show_args, format, "yaml|text|json|html|markdown",
                   N_("yaml as stored (default), text to read, json, or the signed paper's "
                      "layout to print (html, markdown)")),
        CLI_END};

const cli_cmd cli_cmd_show = {
        .name = "show",
        .usage = N_("show [--format=yaml|text|json|html|markdown] [--] YEAR[@REV] | FILE"),
        .summary = N_("print a year's pact at a revision (YEAR[@REV])"),
        .about = N_("Print a year's pact as stored at REV (default HEAD; anything git\n"
                    "rev-parse accepts: main~2, a tag, a commit id), or a pact file. The\n"
                    "pact is validated first, so show never passes off a broken document.\n"
                    "\n"
                    "--format=html lays the pact out as the signed paper: the national motto,\n"
                    "the bloc, place and date, title, preamble, numbered clauses, closing and\n"
                    "a signature cell for each member agency, ready to print for signing."),
        .example = "pact show 2024\n"
                   "pact show 2023@main~1 --format=text\n"
                   "pact show 2024 --format=html > giao-uoc-2024.html",
        .opts = show_opts,
        .operand = CLI_COMP_YEAR,
        .args_size = CLI_ARGS(show_args),
};

/* html, markdown: the paper. 0 or an exit status. */
static int print_paper(const pact_doc *d, const char *format)
{
	pact_paper_opts po = PACT_PAPER_OPTS_INIT;
	char *out = NULL;
	size_t len = 0;

	po.format = !strcmp(format, "html") ? PACT_PAPER_HTML : PACT_PAPER_MARKDOWN;
	po.lang = cli_report_lang(); /* --lang, PACT_LANG, else the locale */
	if (pact_paper_render(&out, &len, d, &po) < 0)
		return cli_fail(pact_error_last()->code);
	fwrite(out, 1, len, stdout);
	free(out);
	return EXIT_OK;
}

static void print_text(const pact_doc *d)
{
	char when[PACT_LABELS__DATE_MAX];

	/* as the paper and the reports write it: "ngày 09 tháng 5 năm 2024" */
	pact_labels__date_str(when, sizeof(when), pact_i18n_lang(), &d->signed_date);
	cli_printf("%s\n", d->title);
	cli_printf(_("year: %d   bloc: %s   province: %s\n"), d->year, d->bloc, d->province);
	/* TRANSLATORS: PLACE, DATE ("Bắc Giang, ngày 09 tháng 5 năm 2024") */
	cli_printf(_("signed: %s, %s\n"), d->signed_place, when);
	cli_printf(_("members:\n"));
	for (size_t i = 0; i < d->nmembers; i++)
		cli_printf("  - %s (%s)\n", d->members[i].name, d->members[i].id);
	if (d->preamble)
		cli_printf("\n%s\n", d->preamble);
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause *c = &d->clauses[i];
		if (c->title)
			cli_printf("\n%ld. %s [%s]\n", c->number, c->title, c->id);
		else
			cli_printf("\n%ld. [%s]\n", c->number, c->id);
		for (size_t j = 0; j < c->ncommitments; j++)
			cli_printf("   - %s\n", c->commitments[j].text);
	}
	if (d->closing)
		cli_printf("\n%s\n", d->closing);
	if (d->source)
		cli_printf(_("\nsource: %s\n"), d->source);
	if (d->note)
		cli_printf(_("note: %s\n"), d->note);
}

/* Docs: docs/json.md ("pact-show/1"): the document's fields as pact/1
 * names them. */
static void doc_json(pact_json *j, const void *arg)
{
	const pact_doc *d = arg;

	pact_json_begin_document(j, "pact-show/1");
	pact_json_kstring(j, "schema", d->schema);
	pact_json_kint(j, "year", d->year);
	pact_json_kstring(j, "title", d->title);
	pact_json_kstring(j, "bloc", d->bloc);
	pact_json_kstring(j, "province", d->province);
	pact_json_key(j, "signed");
	pact_json_begin_object(j, PACT_JSON_INLINE);
	pact_json_kstring(j, "place", d->signed_place);
	pact_json_key(j, "date");
	pact_json_date(j, d->signed_date.year, d->signed_date.month, d->signed_date.day);
	pact_json_end_object(j);
	pact_json_key(j, "members");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t i = 0; i < d->nmembers; i++) {
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kstring(j, "id", d->members[i].id);
		pact_json_kstring(j, "name", d->members[i].name);
		pact_json_key(j, "approvers");
		pact_json_begin_array(j, PACT_JSON_INLINE);
		for (size_t k = 0; k < d->members[i].napprovers; k++)
			pact_json_string(j, d->members[i].approvers[k]);
		pact_json_end_array(j);
		pact_json_key(j, "formerly");
		pact_json_begin_array(j, PACT_JSON_INLINE);
		for (size_t k = 0; k < d->members[i].nformerly; k++)
			pact_json_string(j, d->members[i].formerly[k]);
		pact_json_end_array(j);
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
	pact_json_kstring(j, "preamble", d->preamble);
	pact_json_key(j, "clauses");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause *c = &d->clauses[i];
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kstring(j, "id", c->id);
		pact_json_kint(j, "number", c->number);
		pact_json_kstring(j, "title", c->title);
		pact_json_key(j, "commitments");
		pact_json_begin_array(j, PACT_JSON_INLINE);
		for (size_t k = 0; k < c->ncommitments; k++)
			pact_json_string(j, c->commitments[k].text);
		pact_json_end_array(j);
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
	pact_json_kstring(j, "closing", d->closing);
	pact_json_kstring(j, "source", d->source);
	pact_json_kstring(j, "note", d->note);
}

int cmd_show(int argc, char **argv, cli_ctx *ctx)
{
	const char *address = NULL, *format;
	show_args o = {0};
	pact_store *store = NULL;
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	pact_diags diags = PACT_DIAGS_INIT;
	pact_address a;
	pact_doc *doc = NULL;
	char *buf = NULL, *label = NULL;
	size_t len = 0;
	int status, rc, n = 0;

	(void)ctx;

	if ((status = cli_parse(&n, &cli_cmd_show, &o, argc, argv)) != CLI_CONTINUE)
		return status;
	if (n == 0)
		return cli_usage_error(&cli_cmd_show, _("which pact? give YEAR[@REV] or a file"));
	if ((status = cli_operands(&cli_cmd_show, n, 1, 1, argv)) != CLI_CONTINUE)
		return status;
	status = EXIT_FAILURE_;
	address = argv[1];
	format = o.format ? o.format : "yaml";
	rc = pact_address_parse(&a, address);
	if (rc == 0 && a.year && (rc = pact_store_open(&store, NULL)) == 0)
		cli_warn_recovered(store);
	if (rc == 0)
		rc = pact_store_read(&buf, &len, &label, store, address);
	if (rc < 0) {
		status = cli_fail(rc);
		goto done;
	}
	opts.path = label;
	opts.check_filename = a.year ? 1 : 0;
	rc = pact_doc_parse(&doc, &diags, buf, len, &opts);
	if (rc < 0) {
		for (size_t i = 0; i < diags.count; i++) {
			char *s = pact_diag_format(&diags.items[i], label);
			cli_eprintf("%s\n", s ? s : diags.items[i].message);
			free(s);
		}
		if (rc == PACT_EINVALID)
			cli_error(_("'%s' is not a valid pact"), address);
		else
			cli_fail(rc);
		status = cli_exit_status(rc);
		goto done;
	}
	status = EXIT_OK;
	if (!strcmp(format, "yaml"))
		fwrite(buf, 1, len, stdout);
	else if (!strcmp(format, "text")) {
		print_text(doc);
		if (a.year)
			cli_show_adoption(store, a.year, buf, len);
	} else if (!strcmp(format, "html") || !strcmp(format, "markdown"))
		status = print_paper(doc, format);
	else
		status = cli_print_json(doc_json, doc);
done:
	pact_diags_clear(&diags);
	pact_doc_free(doc);
	free(buf);
	free(label);
	pact_store_free(store);
	return status;
}
