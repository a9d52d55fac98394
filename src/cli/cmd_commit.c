/*
 * cmd_commit.c - `pact commit FILE... [-m MSG] [--author "Name <email>"]`.
 *
 * libgit2 runs no hooks, so this is the gate: every file is read once,
 * validated from those very bytes, and only those bytes are committed (no
 * window for the file to change between check and commit). All files or
 * none: one invalid file stops the whole commit.
 */
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "pact/doc.h"
#include "pact/store.h"
#include "store_cli.h"

typedef struct commit_args {
	const char *message, *author;
} commit_args;

static const cli_opt commit_opts[] = {
        CLI_STRING('m', "message", "MSG", commit_args, message, CLI_COMP_NONE,
                   N_("the commit message (default: \"Add pact 2024\" or \"Update pact 2024\")")),
        CLI_STRING(0, "author", "\"NAME <EMAIL>\"", commit_args, author, CLI_COMP_NONE,
                   N_("the author; default: GIT_AUTHOR_NAME/EMAIL, then user.name/email")),
        CLI_END};

const cli_cmd cli_cmd_commit = {
        .name = "commit",
        .usage = "commit [-m MSG] [--author \"NAME <EMAIL>\"] [--] FILE...",
        .summary = N_("validate pacts and commit them to the store"),
        .about = N_("Validate each FILE, place it at pacts/<year>.yaml (the year comes from\n"
                 "the document) and make one commit on the current branch. One invalid\n"
                 "file and nothing is committed; a commit that changes nothing is refused.\n"
                 "Without --author the author is GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else\n"
                 "user.name/user.email, else \"pact <pact@localhost>\" (with a warning)."),
        .example = "pact commit ~/2024.yaml -m \"Giao ước 2024\"",
        .opts = commit_opts,
        .operand = CLI_COMP_FILE,
        .args_size = CLI_ARGS(commit_args),
};

static int has_year(const int *ys, size_t n, int y)
{
	for (size_t i = 0; i < n; i++)
		if (ys[i] == y)
			return 1;
	return 0;
}

int cmd_commit(int argc, char **argv, cli_ctx *ctx)
{
	const char *msg = NULL, *author = NULL;
	commit_args o = {0};
	int nargs = 0;
	const char *const *paths = NULL;
	pact_store_file *files = NULL;
	char **bufs = NULL, (*repo_paths)[32] = NULL;
	int *years = NULL, *stored = NULL, is_default = 0, status = EXIT_FAILURE_, rc;
	size_t n = 0, nstored = 0;
	git_signature *sig = NULL;
	char *branch = NULL, *dflt = NULL;
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];

	if ((status = cli_parse(&nargs, &cli_cmd_commit, &o, argc, argv)) != CLI_CONTINUE)
		return status;
	status = EXIT_FAILURE_;
	msg = o.message;
	author = o.author;
	if (!nargs)
		return cli_usage_error(&cli_cmd_commit, _("nothing to commit: name the pact files"));
	n = (size_t)nargs;
	paths = (const char *const *)(argv + 1);
	files = calloc(n, sizeof(*files));
	bufs = calloc(n, sizeof(*bufs));
	repo_paths = calloc(n, sizeof(*repo_paths));
	years = calloc(n, sizeof(*years));
	if (!files || !bufs || !repo_paths || !years)
		goto oom;

	/* Validate everything before touching the store. */
	int invalid = 0;
	for (size_t i = 0; i < n; i++) {
		pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
		pact_diags diags = PACT_DIAGS_INIT;
		pact_doc *doc = NULL;
		char *label = NULL, *addr = NULL;
		size_t len = 0;

		/* "./2024" so a file named like a year is read as a file. */
		addr = malloc(strlen(paths[i]) + 3);
		if (!addr)
			goto oom;
		sprintf(addr, "%s%s", strchr(paths[i], '/') ? "" : "./", paths[i]);
		rc = pact_store_read(&bufs[i], &len, &label, NULL, addr);
		free(addr);
		if (rc < 0) {
			free(label);
			status = cli_fail(rc);
			goto done;
		}
		opts.path = paths[i];
		/* the same rules as 'pact validate FILE': a file named 2023.yaml
		 * that says year 2024 is a mistake, not the 2024 pact */
		opts.check_filename = 1;
		rc = pact_doc_parse(&doc, &diags, bufs[i], len, &opts);
		cli_print_diags(&diags, paths[i]);
		pact_diags_clear(&diags);
		free(label);
		if (rc == PACT_EINVALID) {
			invalid = 1;
			continue;
		}
		if (rc < 0) {
			status = cli_fail(rc);
			goto done;
		}
		years[i] = doc->year;
		pact_doc_free(doc);
		for (size_t j = 0; j < i; j++)
			if (years[j] == years[i]) {
				cli_error(_("'%s' and '%s' are both the pact for %d"), paths[j],
				          paths[i], years[i]);
				status = EXIT_USAGE;
				goto done;
			}
		pact_store_year_path(repo_paths[i], years[i]);
		files[i].path = repo_paths[i];
		files[i].data = bufs[i];
		files[i].len = len;
	}
	if (invalid) {
		cli_error(_("nothing committed: fix the errors above"));
		status = EXIT_FINDINGS;
		goto done;
	}

	if (!msg) {
		const char *verb;
		size_t cap, at;
		int all_new = 1;
		if (pact_store_years(&stored, &nstored, ctx->store, NULL) < 0) {
			stored = NULL;
			nstored = 0;
		}
		for (size_t i = 0; i < n; i++)
			if (has_year(stored, nstored, years[i]))
				all_new = 0;
		/* "Add pact 2024" / "Thêm giao ước năm 2024", "Update pacts 2023, 2024" */
		verb = all_new ? Q_("Add pact", "Add pacts", n) : Q_("Update pact", "Update pacts", n);
		cap = strlen(verb) + 1 + 6 * n;
		dflt = malloc(cap);
		if (!dflt)
			goto oom;
		at = (size_t)snprintf(dflt, cap, "%s", verb);
		for (size_t i = 0; i < n; i++)
			at += (size_t)snprintf(dflt + at, cap - at, "%s %d", i ? "," : "",
			                       years[i]);
		msg = dflt;
	}
	rc = pact_store_signature(&sig, &is_default, ctx->store, author);
	if (rc < 0) {
		status = cli_fail(rc);
		goto done;
	}
	rc = pact_store_commit(&id, ctx->store, NULL, files, n, msg, sig);
	if (rc < 0) {
		status = cli_fail(rc);
		goto done;
	}
	if (is_default)
		cli_warning(_("no identity configured: committed as '%s <%s>'; set user.name and "
		            "user.email, or pass --author"),
		            sig->name, sig->email);
	git_oid_tostr(hex, 8, &id);
	if (pact_store_head_branch(&branch, ctx->store) < 0)
		branch = NULL;
	cli_printf("[%s %s] %.*s\n",
	       branch ? branch + (strncmp(branch, "refs/heads/", 11) ? 0 : 11) : "HEAD", hex,
	       (int)strcspn(msg, "\n"), msg);
	status = EXIT_OK;
	goto done;
oom:
	cli_error(_("out of memory"));
	status = EXIT_FAILURE_;
done:
	for (size_t i = 0; bufs && i < n; i++)
		free(bufs[i]);
	free(bufs);
	free(files);
	free(repo_paths);
	free(years);
	free(stored);
	free(dflt);
	free(branch);
	git_signature_free(sig);
	return status;
}
