/*
 * cmd_validate.c - `pact validate [--strict] [--format=F] FILE...`
 *
 * Loads each file with the library's loader and prints its diagnostics:
 * text (compiler style, on stderr, with a one-line verdict per file on
 * stdout), json (one object on stdout) or github (workflow annotations).
 */
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "store_cli.h"
#include "pact/json.h"
#include "pact/doc.h"
#include "pact/review.h"
#include "pact/store.h"

typedef struct validate_args {
	const char *format, *rev;
	int strict, staged;
} validate_args;

static const cli_opt validate_opts[] = {
        CLI_FLAG(0, "strict", validate_args, strict,
                 N_("treat warnings (non-NFC text, invisible characters, look-alike letters) "
                    "as errors")),
        CLI_CHOICE(0, "format", validate_args, format, "text|json|github",
                   N_("text (default), json, or github (workflow annotations)")),
        CLI_FLAG(0, "staged", validate_args, staged,
                 N_("the staged pacts/*.yaml that differ from HEAD (what the pre-commit hook "
                    "checks), text format only")),
        CLI_STRING(0, "rev", "REV", validate_args, rev, CLI_COMP_REV,
                   N_("every pacts/*.yaml in revision REV, text format only")),
        CLI_END};

const cli_cmd cli_cmd_validate = {
        .name = "validate",
        .usage = N_("validate [--strict] [--format=text|json|github] [--] FILE...\n"
                    "validate [--strict] --staged | --rev REV"),
        .summary = N_("check pact files against the pact/1 schema"),
        .about = N_("Check pact files against the pact/1 schema (docs/schema.md). Errors and\n"
                    "warnings are printed as FILE:LINE:COL: error: MESSAGE, and a verdict\n"
                    "per file on standard output."),
        .example = "pact validate pacts/2024.yaml\n"
                   "pact validate --strict --format=json pacts/*.yaml\n"
                   "pact validate -- -m.yaml",
        .opts = validate_opts,
        .operand = CLI_COMP_FILE,
        .args_size = CLI_ARGS(validate_args),
};

enum fmt { FMT_TEXT, FMT_JSON, FMT_GITHUB };

/* One file's entry of the JSON (docs/json.md, "pact-validate/1"); `io` is
 * the message when the file could not be read at all. */
static void file_json(pact_json *j, const char *path, int ok, const pact_diags *diags,
                      const char *io)
{
	pact_json_begin_object(j, PACT_JSON_INLINE);
	pact_json_kstring(j, "file", path);
	pact_json_kbool(j, "valid", ok);
	pact_json_key(j, "diagnostics");
	pact_json_begin_array(j, PACT_JSON_INLINE);
	for (size_t k = 0; k < diags->count || (io && k == 0); k++) {
		const pact_diag *d = io ? NULL : &diags->items[k];
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kstring(j, "severity",
		                  d && d->severity != PACT_DIAG_ERROR ? "warning" : "error");
		pact_json_kuint(j, "line", d ? d->line : 0);
		pact_json_kuint(j, "column", d ? d->col : 0);
		pact_json_kstring(j, "code", d ? d->code : "io");
		pact_json_kstring(j, "message", d ? d->message : io);
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
	pact_json_end_object(j);
}

/* GitHub annotation values escape %, CR, LF (and , : in properties); the
 * value is sanitised first, since a CI log shows ANSI sequences. */
static void gh_str(FILE *f, const char *raw, int property)
{
	char *safe = pact_sanitize(raw, PACT_SANITIZE_LINE);
	for (const char *s = safe ? safe : ""; *s; s++) {
		if (*s == '%')
			fputs("%25", f);
		else if (*s == '\r')
			fputs("%0D", f);
		else if (*s == '\n')
			fputs("%0A", f);
		else if (property && *s == ':')
			fputs("%3A", f);
		else if (property && *s == ',')
			fputs("%2C", f);
		else
			fputc(*s, f);
	}
	free(safe);
}

/* --staged / --rev: problems on stderr, nothing on success. */
static int validate_store(int staged, const char *rev, int strict)
{
	pact_store *store = NULL;
	char *report = NULL;
	size_t n = 0;
	int rc;

	rc = pact_store_open(&store, NULL); /* -C already changed directory */
	if (rc == 0)
		cli_warn_recovered(store);
	if (rc == 0)
		rc = staged ? pact_validate_index(&report, &n, store, strict)
		            : pact_validate_rev(&report, &n, store, rev, strict);
	if (report && *report)
		cli_eprintf("%s", report);
	free(report);
	pact_store_free(store);
	if (rc == PACT_EINVALID) {
		cli_error("%s", staged ? _("staged pacts are not valid; fix them, 'git add' them "
		                           "and commit again")
		                       : pact_error_last()->message);
		return EXIT_FINDINGS;
	}
	return rc < 0 ? cli_fail(rc) : EXIT_OK;
}

/* The checks of `formerly` that need the previous year (docs/schema.md),
 * where it lies beside the file: pacts/2025.yaml against pacts/2024.yaml,
 * when that one exists and is valid (its own problems are its own run's). */
static void check_prev_year(pact_diags *diags, const char *path, const pact_doc *doc)
{
	const char *base = strrchr(path, '/');
	size_t dirlen = base ? (size_t)(base - path) + 1 : 0;
	pact_doc *prev = NULL;
	char *prev_path = NULL;
	int has_formerly = 0;

	for (size_t i = 0; doc && i < doc->nmembers; i++)
		has_formerly |= doc->members[i].nformerly != 0;
	base = base ? base + 1 : path;
	if (!has_formerly || strlen(base) != 9 || strcmp(base + 4, ".yaml") ||
	    strspn(base, "0123456789") != 4 || doc->year <= 1900)
		return;
	prev_path = malloc(dirlen + 10);
	if (!prev_path)
		return;
	snprintf(prev_path, dirlen + 10, "%.*s%04d.yaml", (int)dirlen, path, doc->year - 1);
	if (pact_doc_load_file(&prev, NULL, prev_path, NULL) == 0)
		pact_doc_check_formerly(diags, prev, doc);
	pact_doc_free(prev);
	free(prev_path);
}

int cmd_validate(int argc, char **argv, cli_ctx *ctx)
{
	enum fmt fmt = FMT_TEXT;
	validate_args o = {0};
	int strict, status, nfiles = 0, staged;
	const char *rev;
	pact_json *j = NULL;
	(void)ctx;

	if ((status = cli_parse(&nfiles, &cli_cmd_validate, &o, argc, argv)) != CLI_CONTINUE)
		return status;
	status = EXIT_OK;
	strict = o.strict;
	staged = o.staged;
	rev = o.rev;
	if (o.format)
		fmt = !strcmp(o.format, "json")     ? FMT_JSON
		      : !strcmp(o.format, "github") ? FMT_GITHUB
		                                    : FMT_TEXT;
	if (staged || rev) {
		if (nfiles || (staged && rev) || fmt != FMT_TEXT)
			return cli_usage_error(&cli_cmd_validate,
			                       _("--staged and --rev take no files, "
			                         "exclude each other and print text"));
		return validate_store(staged, rev, strict);
	}
	if (nfiles == 0)
		return cli_usage_error(&cli_cmd_validate, _("no file to validate"));

	if (fmt == FMT_JSON) {
		if (pact_json_new(&j) < 0)
			return cli_fail(PACT_ENOMEM);
		pact_json_begin_document(j, "pact-validate/1");
		pact_json_key(j, "files");
		pact_json_begin_array(j, PACT_JSON_BLOCK);
	}
	for (int i = 1; i <= nfiles; i++) {
		const char *path = argv[i];
		pact_diags diags = PACT_DIAGS_INIT;
		pact_doc *doc = NULL;
		int rc, ok;

		rc = pact_doc_load_file(&doc, &diags, path, NULL);
		if (rc == 0)
			check_prev_year(&diags, path, doc);
		if (rc < 0 && rc != PACT_EINVALID && diags.count == 0) {
			/* the file could not even be read */
			cli_fail(rc);
			status = EXIT_FINDINGS;
			if (fmt == FMT_JSON)
				file_json(j, path, 0, &diags, pact_error_last()->message);
			pact_diags_clear(&diags);
			continue;
		}
		if (strict)
			pact_diags_make_strict(&diags);
		ok = rc == 0 && diags.nerrors == 0;
		if (!ok)
			status = EXIT_FINDINGS;
		if (fmt == FMT_JSON) {
			file_json(j, path, ok, &diags, NULL);
		} else {
			for (size_t k = 0; k < diags.count; k++) {
				const pact_diag *d = &diags.items[k];
				if (fmt == FMT_GITHUB) {
					printf("::%s file=", d->severity == PACT_DIAG_ERROR
					                             ? "error"
					                             : "warning");
					gh_str(stdout, path, 1);
					printf(",line=%u,col=%u,title=pact %s::",
					       d->line ? d->line : 1, d->col ? d->col : 1, d->code);
					gh_str(stdout, d->message, 0);
					fputc('\n', stdout);
				} else {
					fflush(stdout);
					cli_print_diag(d, path);
				}
			}
			if (fmt == FMT_TEXT) {
				char c1[64], c2[64];
				/* the name as git's core.quotePath shows it */
				cli_write_safe(stdout, path, strlen(path), PACT_SANITIZE_QUOTE);
				if (ok)
					printf(_(": valid (%s, %s%s)\n"),
					       CLI_PLURAL(c1, "%zu clause", "%zu clauses",
					                  doc->nclauses),
					       CLI_PLURAL(c2, "%zu member", "%zu members",
					                  doc->nmembers),
					       diags.nwarnings ? _(", with warnings") : "");
				else
					printf(_(": invalid (%s, %s)\n"),
					       CLI_PLURAL(c1, "%zu error", "%zu errors",
					                  diags.nerrors),
					       CLI_PLURAL(c2, "%zu warning", "%zu warnings",
					                  diags.nwarnings));
			}
		}
		pact_doc_free(doc);
		pact_diags_clear(&diags);
	}
	if (fmt == FMT_JSON) {
		int rc = cli_print_json_writer(j);
		if (rc != EXIT_OK)
			status = rc;
	}
	return status;
}
