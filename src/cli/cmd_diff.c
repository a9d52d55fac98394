/*
 * cmd_diff.c - `pact diff [OLD NEW] [options]` and git's external diff.
 *
 * Parses options, loads the two documents through the store (addresses
 * "2024", "2024@REV", or file paths, which work outside any store), calls
 * pact_diff_docs and one renderer, and writes the result. Exit status: 0,
 * or with --exit-code 1 when the pacts differ; 2 usage; 3 any failure
 * (including an invalid document: 1 must keep meaning "they differ").
 *
 * As git's diff driver (`diff.pact.command = pact diff --git-driver`) it is
 * run as: pact diff --git-driver PATH OLDFILE OLDHEX OLDMODE NEWFILE NEWHEX
 * NEWMODE. It then always prints the text report and exits 0 (git stops a
 * whole `git log -p` when a driver fails), with colour only when git pages
 * to a terminal (GIT_PAGER_IN_USE) or stdout is one, and NO_COLOR unset.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pact/doc.h"
#include "pact/pactdiff.h"
#include "pact/report.h"
#include "pact/store.h"

static const char usage_text[] =
	"usage: pact diff [OLD NEW] [--format=text|markdown|json|html] [--stat]\n"
	"                 [-o FILE] [--lang=vi|en] [--color=auto|always|never]\n"
	"                 [--exit-code] [--ignore-ids]\n"
	"\n"
	"Compare two pacts clause by clause: which clauses were kept, reworded,\n"
	"renumbered, moved, split, merged, dropped or added, how each commitment\n"
	"changed word by word, and which cited directives came or went.\n"
	"\n"
	"OLD and NEW are addresses: a year (2024, from HEAD), YEAR@REV (2024@draft,\n"
	"2024@main~1) or a file path. Without them, the two newest years in the\n"
	"store are compared.\n"
	"\n"
	"  --format=F      text (default), markdown, json (docs/diff-json.md), html\n"
	"  --stat          print only the summary\n"
	"  -o FILE         write the report to FILE instead of standard output\n"
	"  --lang=L        labels in Vietnamese (vi, default) or English (en)\n"
	"  --color=WHEN    auto (default: when stdout is a terminal), always, never\n"
	"  --exit-code     exit 1 when the pacts differ\n"
	"  --ignore-ids    align clauses by content only\n"
	"\n"
	"Text that differs only by Unicode normalisation or tone-mark placement\n"
	"(hoà/hòa) is not a change; --stat counts such cases.\n"
	"\n"
	"Exit status: 0 success (with --exit-code: no difference), 1 the pacts\n"
	"differ (--exit-code only), 2 usage error, 3 failure.\n";

static void print_diags(const pact_diags *dg, const char *path)
{
	for (size_t i = 0; i < dg->count; i++) {
		char *s = pact_diag_format(&dg->items[i], path);
		if (s)
			cli_eprintf("%s\n", s);
		free(s);
	}
}

static int load(pact_doc **out, pact_store *store, const char *address)
{
	pact_diags dg = PACT_DIAGS_INIT;
	int rc = pact_store_load(out, &dg, store, address);
	if (rc < 0) {
		if (dg.nerrors)
			print_diags(&dg, address);
		else
			cli_fail(rc);
		if (dg.nerrors)
			cli_error("cannot compare: '%s' is not a valid pact", address);
	}
	pact_diags_clear(&dg);
	return rc;
}

static int write_out(const char *path, const char *s, size_t n)
{
	FILE *f;
	if (!path) {
		fwrite(s, 1, n, stdout);
		return 0; /* main checks stdout (EPIPE is not an error) */
	}
	f = fopen(path, "wb");
	if (!f) {
		cli_error("cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fwrite(s, 1, n, f) != n || fclose(f) != 0) {
		cli_error("cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int git_driver(int argc, char **argv, int color_flag)
{
	const char *path, *opath, *oldf, *newf;
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;
	pact_diags dg = PACT_DIAGS_INIT;
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_diff_opts dopt = PACT_DIFF_OPTS_INIT;
	pact_report_opts ro = PACT_REPORT_OPTS_INIT;
	char *out = NULL, *ol = NULL, *nl = NULL;
	size_t len = 0;
	int color;

	/* git passes 7 arguments, 9 for a rename (NEWPATH and a similarity
	 * header follow); the report shows the new path then */
	if (argc != 7 && argc != 9) {
		cli_error("--git-driver expects PATH OLDFILE OLDHEX OLDMODE NEWFILE NEWHEX NEWMODE");
		return EXIT_USAGE;
	}
	opath = argv[0];
	path = argc == 9 ? argv[7] : argv[0];
	oldf = argv[1];
	newf = argv[4];
	color = color_flag >= 0 ? color_flag
	                        : ((isatty(STDOUT_FILENO) || getenv("GIT_PAGER_IN_USE")) &&
	                           !getenv("NO_COLOR"));
	cli_printf("pact diff a/%s b/%s\n", opath, path);
	if (!strcmp(oldf, "/dev/null") || !strcmp(newf, "/dev/null")) {
		cli_printf("%s %s\n", !strcmp(oldf, "/dev/null") ? "new pact:" : "deleted pact:",
		           path);
		return EXIT_OK;
	}
	po.check_filename = 0;
	po.path = path;
	if (pact_doc_load_file(&a, &dg, oldf, &po) < 0 ||
	    pact_doc_load_file(&b, &dg, newf, &po) < 0) {
		cli_printf("(%s is not a valid pact/1 document in one of the two versions; "
		           "run 'git diff --no-ext-diff' for the line diff)\n", path);
		goto done;
	}
	ol = malloc(strlen(opath) + 3);
	nl = malloc(strlen(path) + 3);
	if (!ol || !nl)
		goto done;
	sprintf(ol, "a/%s", opath);
	sprintf(nl, "b/%s", path);
	dopt.old_label = ol;
	dopt.new_label = nl;
	ro.color = color;
	if (pact_diff_docs(&d, a, b, &dopt) < 0 || pact_report_render(&out, &len, d, &ro) < 0) {
		cli_fail(PACT_ENOMEM);
		goto done;
	}
	fwrite(out, 1, len, stdout);
done:
	pact_diags_clear(&dg);
	pact_doc_free(a);
	pact_doc_free(b);
	pact_diff_free(d);
	free(out);
	free(ol);
	free(nl);
	return EXIT_OK;
}

int cmd_diff(int argc, char **argv, cli_ctx *ctx)
{
	pact_report_opts ro = PACT_REPORT_OPTS_INIT;
	pact_diff_opts dopt = PACT_DIFF_OPTS_INIT;
	const char *addr[2] = {NULL, NULL}, *outpath = NULL;
	char yearbuf[2][16];
	int naddr = 0, exit_code = 0, color = -1, status = EXIT_FAILURE_, git = 0;
	pact_store *store = NULL;
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;
	int *years = NULL;
	size_t nyears = 0, len = 0;
	char *out = NULL;

	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		int r;
		if (git) {
			break;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--git-driver")) {
			git = i + 1;
		} else if (!strcmp(argv[i], "--stat")) {
			ro.stat_only = 1;
		} else if (!strcmp(argv[i], "--exit-code")) {
			exit_code = 1;
		} else if (!strcmp(argv[i], "--ignore-ids")) {
			dopt.ignore_ids = 1;
		} else if ((r = cli_opt_value(argc, argv, &i, "--format", &v)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			if (pact_report_format_parse(&ro.format, v) < 0)
				return cli_fail(PACT_EUSAGE);
		} else if ((r = cli_opt_value(argc, argv, &i, "--lang", &v)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			if (pact_report_lang_parse(&ro.lang, v) < 0)
				return cli_fail(PACT_EUSAGE);
		} else if ((r = cli_opt_value(argc, argv, &i, "--color", &v)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			if (!strcmp(v, "always"))
				color = 1;
			else if (!strcmp(v, "never"))
				color = 0;
			else if (!strcmp(v, "auto"))
				color = -1;
			else {
				cli_error("unknown --color value '%s'; use auto, always or never", v);
				return EXIT_USAGE;
			}
		} else if ((r = cli_opt_value(argc, argv, &i, "-o", &v)) != 0 ||
		           (r = cli_opt_value(argc, argv, &i, "--output", &v)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			outpath = v;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error("unknown option '%s'", argv[i]);
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		} else if (naddr < 2) {
			addr[naddr++] = argv[i];
		} else {
			cli_error("too many arguments: pact diff takes OLD and NEW");
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
	}
	if (git)
		return git_driver(argc - git, argv + git, color);
	if (naddr == 1) {
		cli_error("pact diff needs both OLD and NEW (or neither)");
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}

	/* A store is optional: file paths work anywhere. */
	if (pact_store_open(&store, NULL) < 0) {
		store = NULL;
		if (naddr == 0) {
			/* the message as usual, but a diff failure always exits 3 */
			cli_fail(pact_error_last()->code);
			status = EXIT_FAILURE_;
			goto done;
		}
	}
	if (naddr == 0) {
		if (pact_store_years(&years, &nyears, store, NULL) < 0) {
			cli_fail(pact_error_last()->code);
			goto done;
		}
		if (nyears < 2) {
			cli_error("the store has %zu pact%s; pact diff needs two years", nyears,
			          nyears == 1 ? "" : "s");
			goto done;
		}
		snprintf(yearbuf[0], sizeof(yearbuf[0]), "%d", years[nyears - 2]);
		snprintf(yearbuf[1], sizeof(yearbuf[1]), "%d", years[nyears - 1]);
		addr[0] = yearbuf[0];
		addr[1] = yearbuf[1];
	}
	if (load(&a, store, addr[0]) < 0 || load(&b, store, addr[1]) < 0)
		goto done;
	dopt.old_label = addr[0];
	dopt.new_label = addr[1];
	if (ro.format == PACT_REPORT_TEXT)
		ro.color = color >= 0 ? color : (!outpath && ctx->color_stdout);
	if (pact_diff_docs(&d, a, b, &dopt) < 0 || pact_report_render(&out, &len, d, &ro) < 0) {
		cli_fail(pact_error_last()->code);
		goto done;
	}
	if (write_out(outpath, out, len) < 0)
		goto done;
	status = (exit_code && d->differs) ? EXIT_FINDINGS : EXIT_OK;
done:
	pact_store_free(store);
	pact_doc_free(a);
	pact_doc_free(b);
	pact_diff_free(d);
	free(years);
	free(out);
	return status;
}
