/*
 * cmd_show.c - `pact show ADDRESS [--format=yaml|text|json]`.
 *
 * ADDRESS is YEAR, YEAR@REV or a file path. The pact is validated before it
 * is printed in any format, so `show` never passes off a broken document
 * (or /etc/passwd) as a pact; yaml prints the bytes exactly as stored.
 * The store is opened only for a year address, so a file can be shown
 * outside any store.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pact/doc.h"
#include "pact/store.h"
#include "store_cli.h"

typedef struct show_args {
	const char *format;
} show_args;

static const cli_opt show_opts[] = {
        CLI_CHOICE(0, "format", show_args, format, "yaml|text|json",
                   "yaml as stored (default), text to read, or json"),
        CLI_END};

const cli_cmd cli_cmd_show = {
        .name = "show",
        .usage = "show [--format=yaml|text|json] [--] YEAR[@REV] | FILE",
        .summary = "print a year's pact at a revision (YEAR[@REV])",
        .about = "Print a year's pact as stored at REV (default HEAD; anything git\n"
                 "rev-parse accepts: main~2, a tag, a commit id), or a pact file. The\n"
                 "pact is validated first, so show never passes off a broken document.",
        .example = "pact show 2024\n"
                   "pact show 2023@main~1 --format=text",
        .opts = show_opts,
        .operand = CLI_COMP_YEAR,
        .args_size = CLI_ARGS(show_args),
};

static void print_text(const pact_doc *d)
{
	printf("%s\n", d->title);
	printf("year: %d   bloc: %s   province: %s\n", d->year, d->bloc, d->province);
	printf("signed: %s, %04d-%02d-%02d\n", d->signed_place, d->signed_date.year,
	       d->signed_date.month, d->signed_date.day);
	printf("members:\n");
	for (size_t i = 0; i < d->nmembers; i++)
		printf("  - %s (%s)\n", d->members[i].name, d->members[i].id);
	if (d->preamble)
		printf("\n%s\n", d->preamble);
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause *c = &d->clauses[i];
		if (c->title)
			printf("\n%ld. %s [%s]\n", c->number, c->title, c->id);
		else
			printf("\n%ld. [%s]\n", c->number, c->id);
		for (size_t j = 0; j < c->ncommitments; j++)
			printf("   - %s\n", c->commitments[j].text);
	}
	if (d->closing)
		printf("\n%s\n", d->closing);
	if (d->source)
		printf("\nsource: %s\n", d->source);
	if (d->note)
		printf("note: %s\n", d->note);
}

static void kv(const char *key, const char *val, int comma)
{
	printf("  ");
	cli_json_string(stdout, key);
	printf(": ");
	if (val)
		cli_json_string(stdout, val);
	else
		printf("null");
	printf("%s\n", comma ? "," : "");
}

static void print_json(const pact_doc *d)
{
	printf("{\n");
	kv("schema", d->schema, 1);
	printf("  \"year\": %d,\n", d->year);
	kv("title", d->title, 1);
	kv("bloc", d->bloc, 1);
	kv("province", d->province, 1);
	printf("  \"signed\": {\"place\": ");
	cli_json_string(stdout, d->signed_place);
	printf(", \"date\": \"%04d-%02d-%02d\"},\n", d->signed_date.year, d->signed_date.month,
	       d->signed_date.day);
	printf("  \"members\": [");
	for (size_t i = 0; i < d->nmembers; i++) {
		printf("%s\n    {\"id\": ", i ? "," : "");
		cli_json_string(stdout, d->members[i].id);
		printf(", \"name\": ");
		cli_json_string(stdout, d->members[i].name);
		printf(", \"approvers\": [");
		for (size_t j = 0; j < d->members[i].napprovers; j++) {
			printf("%s", j ? ", " : "");
			cli_json_string(stdout, d->members[i].approvers[j]);
		}
		printf("]}");
	}
	printf("\n  ],\n");
	kv("preamble", d->preamble, 1);
	printf("  \"clauses\": [");
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause *c = &d->clauses[i];
		printf("%s\n    {\"id\": ", i ? "," : "");
		cli_json_string(stdout, c->id);
		printf(", \"number\": %ld, \"title\": ", c->number);
		if (c->title)
			cli_json_string(stdout, c->title);
		else
			printf("null");
		printf(", \"commitments\": [");
		for (size_t j = 0; j < c->ncommitments; j++) {
			printf("%s", j ? ", " : "");
			cli_json_string(stdout, c->commitments[j].text);
		}
		printf("]}");
	}
	printf("\n  ],\n");
	kv("closing", d->closing, 1);
	kv("source", d->source, 1);
	kv("note", d->note, 0);
	printf("}\n");
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
		return cli_usage_error(&cli_cmd_show, "which pact? give YEAR[@REV] or a file");
	if ((status = cli_operands(&cli_cmd_show, n, 1, 1, argv)) != CLI_CONTINUE)
		return status;
	status = EXIT_FAILURE_;
	address = argv[1];
	format = o.format ? o.format : "yaml";
	rc = pact_address_parse(&a, address);
	if (rc == 0 && a.year)
		rc = pact_store_open(&store, NULL);
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
			fprintf(stderr, "%s\n", s ? s : diags.items[i].message);
			free(s);
		}
		if (rc == PACT_EINVALID)
			cli_error("'%s' is not a valid pact", address);
		else
			cli_fail(rc);
		status = cli_exit_status(rc);
		goto done;
	}
	if (!strcmp(format, "yaml"))
		fwrite(buf, 1, len, stdout);
	else if (!strcmp(format, "text"))
		print_text(doc);
	else
		print_json(doc);
	status = EXIT_OK;
done:
	pact_diags_clear(&diags);
	pact_doc_free(doc);
	free(buf);
	free(label);
	pact_store_free(store);
	return status;
}
