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

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

/* GitHub annotation values escape %, CR, LF (and , : in properties). */
static void gh_str(FILE *f, const char *s, int property)
{
	for (; *s; s++) {
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
	if (report && *report) {
		fflush(stdout);
		fputs(report, stderr);
	}
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
	int strict = 0, status = EXIT_OK, nfiles = 0, first = 1, staged = 0;
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

	if (fmt == FMT_JSON)
		fputs("{\"files\":[", stdout);
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
			if (fmt == FMT_JSON) {
				fputs(first ? "" : ",", stdout);
				fputs("{\"file\":", stdout);
				json_str(stdout, path);
				fputs(",\"valid\":false,\"diagnostics\":[{\"severity\":\"error\",\"line\":0,"
				      "\"column\":0,\"code\":\"io\",\"message\":", stdout);
				json_str(stdout, pact_error_last()->message);
				fputs("}]}", stdout);
				first = 0;
			}
			pact_diags_clear(&diags);
			continue;
		}
		if (strict)
			pact_diags_make_strict(&diags);
		ok = rc == 0 && diags.nerrors == 0;
		if (!ok)
			status = EXIT_FINDINGS;
		if (fmt == FMT_JSON) {
			fputs(first ? "" : ",", stdout);
			first = 0;
			fputs("{\"file\":", stdout);
			json_str(stdout, path);
			printf(",\"valid\":%s,\"diagnostics\":[", ok ? "true" : "false");
			for (size_t k = 0; k < diags.count; k++) {
				const pact_diag *d = &diags.items[k];
				printf("%s{\"severity\":\"%s\",\"line\":%u,\"column\":%u,\"code\":",
				       k ? "," : "", d->severity == PACT_DIAG_ERROR ? "error" : "warning",
				       d->line, d->col);
				json_str(stdout, d->code);
				fputs(",\"message\":", stdout);
				json_str(stdout, d->message);
				fputc('}', stdout);
			}
			fputs("]}", stdout);
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
					fprintf(stderr, "%s\n", line ? line : d->message);
					free(line);
				}
			}
			if (fmt == FMT_TEXT) {
				if (ok)
					printf("%s: valid (%zu clause%s, %zu member%s%s)\n", path,
					       doc->nclauses, doc->nclauses == 1 ? "" : "s", doc->nmembers,
					       doc->nmembers == 1 ? "" : "s",
					       diags.nwarnings ? ", with warnings" : "");
				else
					printf("%s: invalid (%zu error%s, %zu warning%s)\n", path,
					       diags.nerrors, diags.nerrors == 1 ? "" : "s", diags.nwarnings,
					       diags.nwarnings == 1 ? "" : "s");
			}
		}
		pact_doc_free(doc);
		pact_diags_clear(&diags);
	}
	if (fmt == FMT_JSON)
		puts("]}");
	return status;
}
