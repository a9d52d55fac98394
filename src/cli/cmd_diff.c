/*
 * cmd_diff.c - `pact diff [OLD NEW] [options]` and git's external diff.
 *
 * Parses options, loads the two documents through the store (addresses
 * "2024", "2024@REV", or file paths, which work outside any store), calls
 * pact_diff_docs and one renderer, and writes the result. Exit statuses
 * are the table every command shares (help.c): an invalid or missing pact
 * is 1 here as in show; with --exit-code, 1 also means "they differ", and
 * only then is nothing printed on stderr.
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

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "store_cli.h"
#include "pact/doc.h"
#include "pact/pactdiff.h"
#include "pact/report.h"
#include "pact/store.h"

typedef struct diff_args {
	const char *format, *color, *output;
	int stat, verbose, exit_code, ignore_ids, git_driver;
	long context;
} diff_args;

static const cli_opt diff_opts[] = {
        CLI_CHOICE(0, "format", diff_args, format, "text|markdown|json|html",
                   N_("text (default), markdown, json (docs/diff-json.md) or html")),
        CLI_FLAG(0, "stat", diff_args, stat, N_("print only the summary")),
        CLI_FLAG('v', "verbose", diff_args, verbose,
                 /* xgettext:no-c-format */
                 N_("say how alike each pair of clauses is (\"wording 83% alike\")")),
        CLI_COUNT('U', "context", "N", diff_args, context,
                  N_("html, markdown: keep N unchanged commitments around a change, fold the "
                     "rest")),
        CLI_STRING('o', "output", "FILE", diff_args, output, CLI_COMP_FILE,
                   N_("write the report to FILE instead of standard output")),
        CLI_CHOICE(0, "color", diff_args, color, "auto|always|never",
                   N_("colour the text report: auto (when stdout is a terminal), always, never")),
        CLI_FLAG(0, "exit-code", diff_args, exit_code, N_("exit 1 when the pacts differ")),
        CLI_FLAG(0, "ignore-ids", diff_args, ignore_ids, N_("align clauses by content only")),
        {CLI_OPT_REST, 0, "git-driver", NULL,
         N_("run as git's external diff driver (set up by 'pact setup-git')"),
         offsetof(diff_args, git_driver), NULL, CLI_COMP_FILE, CLI_OPT_HIDDEN},
        CLI_END};

const cli_cmd cli_cmd_diff = {
        .name = "diff",
        .usage = N_(
                "diff [OLD NEW] [--format=text|markdown|json|html] [--stat] [-v] [-U N] [-o FILE]\n"
                "     [--lang=vi|en] [--color=auto|always|never] [--exit-code] [--ignore-ids]"),
        .summary = N_("compare two pacts clause by clause (years, revisions or files)"),
        .about = N_("Compare two pacts clause by clause: which clauses were kept, reworded,\n"
                    "renumbered, moved, split, merged, dropped or added, how each commitment\n"
                    "changed word by word, and which cited directives came or went.\n"
                    "\n"
                    "OLD and NEW are addresses: a year (2024, from HEAD), YEAR@REV (2024@draft,\n"
                    "2024@main~1) or a file path. Without them, the two newest years in the\n"
                    "store are compared. Text that differs only by Unicode normalisation or\n"
                    "tone-mark placement (hoà/hòa) is not a change; --stat counts such cases."),
        .example = "pact diff 2023 2024\n"
                   "pact diff --format=html -o so-sanh.html\n"
                   "pact diff 2024@main~1 2024 --stat --lang=en",
        .opts = diff_opts,
        .operand = CLI_COMP_YEAR,
        .args_size = CLI_ARGS(diff_args),
};

static int load(pact_doc **out, pact_store *store, const char *address)
{
	pact_diags dg = PACT_DIAGS_INIT;
	int rc = pact_store_load(out, &dg, store, address);
	if (rc < 0) {
		if (dg.nerrors)
			cli_print_diags(&dg, address);
		else
			cli_fail(rc);
		if (dg.nerrors)
			cli_error(_("cannot compare: '%s' is not a valid pact"), address);
	}
	pact_diags_clear(&dg);
	return rc;
}

/* Whether any address (or none given: the two newest years) is read from
 * the store rather than from a file. */
static int needs_store(const char *const *addr, int naddr)
{
	pact_address a;
	if (naddr == 0)
		return 1;
	for (int i = 0; i < naddr; i++)
		if (pact_address_parse(&a, addr[i]) < 0 || !a.path)
			return 1;
	return 0;
}

/* The report to stdout, or to the file `path`; the JSON one is written as
 * it is made (pact_report_write), never held whole. 0; 1 when the library
 * failed (its error is set); -1 when `path` could not be written (said). */
static int report_out(const char *path, const pact_diff *d, const pact_report_opts *ro)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	int rc;

	if (!f) {
		cli_error(_("cannot write '%s': %s"), path, strerror(errno));
		return -1;
	}
	rc = pact_report_write(f, d, ro) < 0;
	if (!path)
		return rc; /* main checks stdout (EPIPE is not an error) */
	if ((ferror(f) | fclose(f)) != 0 && !rc) {
		cli_error(_("cannot write '%s': %s"), path, strerror(errno));
		return -1;
	}
	return rc;
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
	int color, rc, status = EXIT_FAILURE_;

	/* git passes 7 arguments, 9 for a rename (NEWPATH and a similarity
	 * header follow); the report shows the new path then */
	if (argc != 7 && argc != 9) {
		cli_error(_(
		        "--git-driver expects PATH OLDFILE OLDHEX OLDMODE NEWFILE NEWHEX NEWMODE"));
		return EXIT_USAGE;
	}
	opath = argv[0];
	path = argc == 9 ? argv[7] : argv[0];
	oldf = argv[1];
	newf = argv[4];
	color = color_flag >= 0 ? color_flag
	                        : ((isatty(STDOUT_FILENO) || getenv("GIT_PAGER_IN_USE")) &&
	                           !getenv("NO_COLOR"));
	/* git hands over any path: one line, as git's own diff --git header */
	fputs("pact diff a/", stdout);
	cli_write_safe(stdout, opath, strlen(opath), PACT_SANITIZE_LINE);
	fputs(" b/", stdout);
	cli_write_safe(stdout, path, strlen(path), PACT_SANITIZE_LINE);
	fputc('\n', stdout);
	if (!strcmp(oldf, "/dev/null") || !strcmp(newf, "/dev/null")) {
		cli_printf("%s %s\n",
		           !strcmp(oldf, "/dev/null") ? _("new pact:") : _("deleted pact:"), path);
		return EXIT_OK;
	}
	po.check_filename = 0;
	po.path = path;
	if ((rc = pact_doc_load_file(&a, &dg, oldf, &po)) < 0 ||
	    (rc = pact_doc_load_file(&b, &dg, newf, &po)) < 0) {
		if (rc != PACT_EINVALID && rc != PACT_ELIMIT) {
			/* a file git handed over that cannot be read: git stops too */
			cli_fail(rc);
			goto done;
		}
		cli_printf(_("(%s is not a valid pact/1 document in one of the two versions; "
		             "run 'git diff --no-ext-diff' for the line diff)\n"),
		           path);
		status = EXIT_OK;
		goto done;
	}
	ol = malloc(strlen(opath) + 3);
	nl = malloc(strlen(path) + 3);
	if (!ol || !nl) {
		status = cli_oom();
		goto done;
	}
	sprintf(ol, "a/%s", opath);
	sprintf(nl, "b/%s", path);
	dopt.old_label = ol;
	dopt.new_label = nl;
	ro.color = color;
	ro.lang = cli_report_lang(); /* as every other report: --lang, PACT_LANG, the locale */
	if ((rc = pact_diff_docs(&d, a, b, &dopt)) < 0 ||
	    (rc = pact_report_render(&out, &len, d, &ro)) < 0) {
		cli_fail(rc); /* exit 3 whatever the code: git stops the diff */
		goto done;
	}
	fwrite(out, 1, len, stdout);
	status = EXIT_OK;
done:
	pact_diags_clear(&dg);
	pact_doc_free(a);
	pact_doc_free(b);
	pact_diff_free(d);
	free(out);
	free(ol);
	free(nl);
	return status;
}

/* --color: 1 always, 0 never, -1 auto (the default) */
static int color_flag(const char *v)
{
	return !v || !strcmp(v, "auto") ? -1 : !strcmp(v, "always");
}

int cmd_diff(int argc, char **argv, cli_ctx *ctx)
{
	pact_report_opts ro = PACT_REPORT_OPTS_INIT;
	pact_diff_opts dopt = PACT_DIFF_OPTS_INIT;
	const char *addr[2] = {NULL, NULL}, *outpath = NULL;
	char yearbuf[2][16];
	diff_args o = {0};
	int naddr = 0, exit_code = 0, color = -1, status, rc, n = 0;
	pact_store *store = NULL;
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;
	int *years = NULL;
	size_t nyears = 0;

	o.context = -1; /* all of them */
	if ((status = cli_parse(&n, &cli_cmd_diff, &o, argc, argv)) != CLI_CONTINUE)
		return status;
	status = EXIT_FAILURE_;
	if (o.git_driver)
		return git_driver(n, argv + 1, color_flag(o.color));
	if ((rc = cli_operands(&cli_cmd_diff, n, 0, 2, argv)) != CLI_CONTINUE)
		return rc;
	if (n == 1)
		return cli_usage_error(&cli_cmd_diff,
		                       _("pact diff needs both OLD and NEW (or neither)"));
	naddr = n;
	addr[0] = n ? argv[1] : NULL;
	addr[1] = n ? argv[2] : NULL;
	if (o.format && pact_report_format_parse(&ro.format, o.format) < 0)
		return cli_fail(PACT_EUSAGE);
	ro.lang = cli_report_lang();
	ro.stat_only = o.stat;
	ro.verbose = o.verbose;
	ro.context = o.context;
	dopt.ignore_ids = o.ignore_ids;
	exit_code = o.exit_code;
	outpath = o.output;
	color = color_flag(o.color);

	/* A store is optional: file paths work anywhere, and a diff of two
	 * files does not open one (nor start libgit2). */
	if (needs_store(addr, naddr) && pact_store_open(&store, NULL) == 0)
		cli_warn_recovered(store);
	else if (needs_store(addr, naddr)) {
		store = NULL;
		/* no store here is for the year's own error to say; a store that
		 * cannot be opened (or no repository module) is said now */
		if (naddr == 0 || pact_error_last()->code != PACT_ENOTFOUND) {
			status = cli_fail(pact_error_last()->code);
			goto done;
		}
	}
	if (naddr == 0) {
		if (pact_store_years(&years, &nyears, store, NULL) < 0) {
			status = cli_fail(pact_error_last()->code);
			goto done;
		}
		if (nyears < 2) {
			cli_error(Q_("the store has %zu pact; pact diff needs two years",
			             "the store has %zu pacts; pact diff needs two years", nyears),
			          nyears);
			status = EXIT_FINDINGS;
			goto done;
		}
		snprintf(yearbuf[0], sizeof(yearbuf[0]), "%d", years[nyears - 2]);
		snprintf(yearbuf[1], sizeof(yearbuf[1]), "%d", years[nyears - 1]);
		addr[0] = yearbuf[0];
		addr[1] = yearbuf[1];
	}
	if ((rc = load(&a, store, addr[0])) < 0 || (rc = load(&b, store, addr[1])) < 0) {
		status = cli_exit_status(rc);
		goto done;
	}
	dopt.old_label = addr[0];
	dopt.new_label = addr[1];
	if (ro.format == PACT_REPORT_TEXT)
		ro.color = color >= 0 ? color : (!outpath && ctx->color_stdout);
	if (pact_diff_docs(&d, a, b, &dopt) < 0) {
		status = cli_fail(pact_error_last()->code);
		goto done;
	}
	/* `formerly` naming a member the old year lacks (docs/schema.md) */
	cli_print_diags(&d->warnings, addr[1]);
	/* the diff holds copies of everything it shows: the documents can go
	 * before the report is built (a third of the peak at 10 000 clauses) */
	pact_doc_free(a);
	pact_doc_free(b);
	a = b = NULL;
	if ((rc = report_out(outpath, d, &ro)) != 0) {
		status = rc > 0 ? cli_fail(pact_error_last()->code) : status;
		goto done;
	}
	status = (exit_code && d->differs) ? EXIT_FINDINGS : EXIT_OK;
done:
	pact_store_free(store);
	pact_doc_free(a);
	pact_doc_free(b);
	pact_diff_free(d);
	free(years);
	return status;
}
