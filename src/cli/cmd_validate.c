/*
 * cmd_validate.c - `pact validate [--strict] [--format=F] FILE...`
 *
 * Loads each file with the library's loader and prints its diagnostics:
 * text (compiler style, on stderr, with a one-line verdict per file on
 * stdout), json (one object on stdout) or github (workflow annotations).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pact/json.h"
#include "pact/doc.h"
#include "pact/review.h"
#include "pact/store.h"

static const char usage_text[] =
	"usage: pact validate [--strict] [--format=text|json|github] FILE...\n"
	"       pact validate [--strict] --staged | --rev REV\n"
	"\n"
	"Check pact files against the pact/1 schema (docs/schema.md).\n"
	"Errors and warnings are printed as FILE:LINE:COL: error: MESSAGE.\n"
	"\n"
	"  --strict        treat warnings (non-NFC text, invisible characters,\n"
	"                  look-alike letters) as errors\n"
	"  --format=F      text (default), json, or github (annotations)\n"
	"  --staged        the staged pacts/*.yaml that differ from HEAD (reads the\n"
	"                  index, as the pre-commit hook needs), text format only\n"
	"  --rev REV       every pacts/*.yaml in revision REV, text format only\n"
	"\n"
	"Exit status: 0 all files valid, 1 a file is invalid, 2 usage error.\n";

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
		rc = staged ? pact_validate_index(&report, &n, store, strict)
		            : pact_validate_rev(&report, &n, store, rev, strict);
	if (report && *report)
		cli_eprintf("%s", report);
	free(report);
	pact_store_free(store);
	if (rc == PACT_EINVALID) {
		cli_error("%s", staged ? "staged pacts are not valid; fix them, 'git add' them "
		                         "and commit again"
		                       : pact_error_last()->message);
		return EXIT_FINDINGS;
	}
	return rc < 0 ? cli_fail(rc) : EXIT_OK;
}

int cmd_validate(int argc, char **argv, cli_ctx *ctx)
{
	enum fmt fmt = FMT_TEXT;
	int strict = 0, status = EXIT_OK, nfiles = 0, staged = 0;
	pact_json *j = NULL;
	const char *rev = NULL;
	(void)ctx;

	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		int r;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--strict")) {
			strict = 1;
		} else if (!strcmp(argv[i], "--staged")) {
			staged = 1;
		} else if ((r = cli_opt_value(argc, argv, &i, "--rev", &rev)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
		} else if ((r = cli_opt_value(argc, argv, &i, "--format", &v)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			if (!strcmp(v, "text"))
				fmt = FMT_TEXT;
			else if (!strcmp(v, "json"))
				fmt = FMT_JSON;
			else if (!strcmp(v, "github"))
				fmt = FMT_GITHUB;
			else {
				cli_error("unknown format '%s'; use text, json or github", v);
				return EXIT_USAGE;
			}
		} else if (!strcmp(argv[i], "--")) {
			nfiles += argc - i - 1;
			break;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error("unknown option '%s'", argv[i]);
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		} else {
			nfiles++;
		}
	}
	if (staged || rev) {
		if (nfiles || (staged && rev) || fmt != FMT_TEXT) {
			cli_error("--staged and --rev take no files, exclude each other and print text");
			return EXIT_USAGE;
		}
		return validate_store(staged, rev, strict);
	}
	if (nfiles == 0) {
		cli_error("no file to validate");
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}

	if (fmt == FMT_JSON) {
		if (pact_json_new(&j) < 0)
			return cli_fail(PACT_ENOMEM);
		pact_json_begin_document(j, "pact-validate/1");
		pact_json_key(j, "files");
		pact_json_begin_array(j, PACT_JSON_BLOCK);
	}
	for (int i = 1, opts_done = 0; i < argc; i++) {
		const char *path = argv[i];
		pact_diags diags = PACT_DIAGS_INIT;
		pact_doc *doc = NULL;
		int rc, ok;

		if (!opts_done && !strcmp(path, "--")) {
			opts_done = 1;
			continue;
		}
		if (!opts_done && path[0] == '-' && path[1]) {
			if (!strcmp(path, "--format"))
				i++;
			continue;
		}
		rc = pact_doc_load_file(&doc, &diags, path, NULL);
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
					printf("::%s file=",
					       d->severity == PACT_DIAG_ERROR ? "error" : "warning");
					gh_str(stdout, path, 1);
					printf(",line=%u,col=%u,title=pact %s::", d->line ? d->line : 1,
					       d->col ? d->col : 1, d->code);
					gh_str(stdout, d->message, 0);
					fputc('\n', stdout);
				} else {
					char *line = pact_diag_format(d, path);
					fflush(stdout);
					cli_eprintf("%s\n", line ? line : d->message);
					free(line);
				}
			}
			if (fmt == FMT_TEXT) {
				/* the name as git's core.quotePath shows it */
				cli_write_safe(stdout, path, strlen(path), PACT_SANITIZE_QUOTE);
				if (ok)
					printf(": valid (%zu clause%s, %zu member%s%s)\n", doc->nclauses,
					       doc->nclauses == 1 ? "" : "s", doc->nmembers,
					       doc->nmembers == 1 ? "" : "s",
					       diags.nwarnings ? ", with warnings" : "");
				else
					printf(": invalid (%zu error%s, %zu warning%s)\n", diags.nerrors,
					       diags.nerrors == 1 ? "" : "s", diags.nwarnings,
					       diags.nwarnings == 1 ? "" : "s");
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
