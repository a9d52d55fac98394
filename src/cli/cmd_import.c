/*
 * cmd_import.c - `pact import FILE [--year YEAR] [--like PREV] [-o OUT]
 *                [--report FILE]`
 *
 * Calls pact_import_file and prints: the YAML to stdout or, atomically
 * (a temporary file in the same directory, then rename), to OUT; the
 * warnings as "FILE:LINE: warning: ..." on stderr; a one-line summary on
 * stderr; and, when the output is incomplete, what `pact validate` says
 * about it, so the user sees each field left to fill in.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pact/doc.h"
#include "pact/import.h"
#include "pact/store.h"

static const char usage_text[] =
	"usage: pact import FILE [--year YEAR] [--like PREV] [-o OUT] [--report FILE]\n"
	"\n"
	"Read a pact from the document an officer holds (plain text or OCR output\n"
	"in UTF-8 or UTF-16, Word .docx, OpenDocument .odt), recognised by its\n"
	"content, and write it as a pact/1 YAML file.\n"
	"\n"
	"  --year YEAR     the pact's year, when the document does not say it\n"
	"  --like PREV     last year's pact (YEAR, YEAR@REV or a file): clauses and\n"
	"                  members that match it keep its ids\n"
	"  -o, --output OUT  write to OUT (atomically) instead of standard output\n"
	"  --report FILE   write the list of words import changed or could not\n"
	"                  restore to FILE instead of standard error\n"
	"\n"
	"What import cannot find is left empty with a comment, never invented, and\n"
	"reported as FILE:LINE: warning: ...; 'pact validate OUT' then points at it.\n"
	"\n"
	"Exit status: 0 imported, 1 the input is not a pact import can read (empty,\n"
	"unknown format, broken file, no numbered clause), 2 usage error,\n"
	"3 I/O or internal failure.\n";

/* Write data to path through a temporary file in the same directory and
 * rename(2), so a reader never sees half a file and a failure leaves the
 * old file as it was. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	FILE *f = NULL;
	int fd = -1, ok = 0;

	if (!tmp)
		return 0;
	snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto done;
	f = fdopen(fd, "wb");
	if (!f)
		goto done;
	fd = -1;
	ok = fwrite(data, 1, len, f) == len && fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = (fclose(f) == 0) && ok;
	f = NULL;
	if (ok && rename(tmp, path) != 0)
		ok = 0;
done:
	if (!ok) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		if (f)
			fclose(f);
		unlink(tmp);
		errno = e;
	}
	free(tmp);
	return ok;
}

static void print_list(FILE *f, const pact_diags *d, const char *path)
{
	for (size_t i = 0; i < d->count; i++) {
		const pact_diag *it = &d->items[i];
		if (it->line)
			fprintf(f, "%s:%u: %s: %s\n", path, it->line,
			        it->severity == PACT_DIAG_ERROR ? "error" : "warning", it->message);
		else
			fprintf(f, "%s: %s: %s\n", path,
			        it->severity == PACT_DIAG_ERROR ? "error" : "warning", it->message);
	}
}

static int load_like(pact_doc **like, const char *addr)
{
	pact_store *store = NULL;
	pact_diags diags = PACT_DIAGS_INIT;
	pact_address a;
	int rc;

	if (pact_address_parse(&a, addr) == 0 && a.year && (rc = pact_store_open(&store, NULL)) < 0)
		goto done;
	rc = pact_store_load(like, &diags, store, addr);
	if (rc == PACT_EINVALID) {
		for (size_t i = 0; i < diags.count; i++) {
			char *s = pact_diag_format(&diags.items[i], addr);
			fprintf(stderr, "%s\n", s ? s : diags.items[i].message);
			free(s);
		}
	}
done:
	pact_diags_clear(&diags);
	pact_store_free(store);
	return rc;
}

static int usage_error(void)
{
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

int cmd_import(int argc, char **argv, cli_ctx *ctx)
{
	pact_import_opts opts = PACT_IMPORT_OPTS_INIT;
	pact_import_result *res = NULL;
	pact_doc *like = NULL, *check = NULL;
	pact_diags vd = PACT_DIAGS_INIT;
	const char *file = NULL, *out = NULL, *like_addr = NULL, *year = NULL, *report = NULL;
	int status = EXIT_FAILURE_, rc;
	(void)ctx;

	for (int i = 1; i < argc; i++) {
		const char *v;
		int r;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return EXIT_OK;
		} else if ((r = cli_opt_value(argc, argv, &i, "--year", &year)) ||
		           (r = cli_opt_value(argc, argv, &i, "--like", &like_addr)) ||
		           (r = cli_opt_value(argc, argv, &i, "--output", &out)) ||
		           (r = cli_opt_value(argc, argv, &i, "--report", &report))) {
			if (r < 0)
				return EXIT_USAGE;
		} else if (!strcmp(argv[i], "-o")) {
			if (i + 1 >= argc)
				return cli_error("option '%s' needs a value", "-o"), usage_error();
			out = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--")) {
			return cli_error("unknown option '%s'", argv[i]), usage_error();
		} else {
			if (!strcmp(argv[i], "--") && i + 1 < argc)
				i++;
			if (file)
				return cli_error("one file at a time ('%s' is the second)", argv[i]), usage_error();
			file = argv[i];
		}
		(void)v;
	}
	if (!file)
		return cli_error("%s", "no file to import"), usage_error();
	if (year) {
		char *end;
		long y = strtol(year, &end, 10);
		if (*end || y < 1000 || y > 9999)
			return cli_error("--year takes a four-digit year, not '%s'", year), usage_error();
		opts.year = (int)y;
	}
	if (like_addr) {
		if ((rc = load_like(&like, like_addr)) < 0) {
			status = cli_fail(rc);
			goto done;
		}
		opts.like = like;
		opts.like_label = like_addr;
	}
	rc = pact_import_file(&res, file, &opts);
	if (rc < 0) {
		status = cli_fail(rc);
		goto done;
	}
	print_list(stderr, &res->diags, file);
	if (res->changes.count) {
		FILE *rf = report ? fopen(report, "w") : stderr;
		if (!rf) {
			cli_error("cannot write '%s': %s", report, strerror(errno));
			goto done;
		}
		print_list(rf, &res->changes, file);
		if (rf != stderr && fclose(rf) != 0) {
			cli_error("cannot write '%s': %s", report, strerror(errno));
			goto done;
		}
	}
	if (out) {
		if (!write_atomic(out, res->yaml, res->len)) {
			cli_error("cannot write '%s': %s", out, strerror(errno));
			goto done;
		}
	} else {
		fwrite(res->yaml, 1, res->len, stdout);
		fflush(stdout);
	}
	fprintf(stderr, "imported %zu clause%s, %zu commitment%s, %zu member%s from '%s' (%s)\n",
	        res->nclauses, res->nclauses == 1 ? "" : "s", res->ncommitments,
	        res->ncommitments == 1 ? "" : "s", res->nmembers, res->nmembers == 1 ? "" : "s", file,
	        res->format);
	/* what validate will say: the fields left to fill in */
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	po.path = out ? out : "<stdout>";
	po.check_filename = out != NULL;
	rc = pact_doc_parse(&check, &vd, res->yaml, res->len, &po);
	if (rc < 0 || !res->complete) {
		for (size_t i = 0; i < vd.count; i++) {
			char *s = pact_diag_format(&vd.items[i], po.path);
			fprintf(stderr, "%s\n", s ? s : vd.items[i].message);
			free(s);
		}
		fprintf(stderr, "fill in what is missing, then run 'pact validate %s'\n",
		        out ? out : "FILE");
	}
	status = EXIT_OK;
done:
	pact_diags_clear(&vd);
	pact_doc_free(check);
	pact_doc_free(like);
	pact_import_result_free(res);
	return status;
}
