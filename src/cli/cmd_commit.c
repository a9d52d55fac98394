/*
 * cmd_commit.c - `pact commit FILE... [-m MSG] [--author "Name <email>"]`.
 *
 * libgit2 runs no hooks, so libpact's pact_store_check_files is the gate:
 * every file is read once, validated from those very bytes, and only those
 * bytes are committed (pact_store_commit_files). All files or none: one
 * invalid file stops the whole commit. This file parses and prints.
 */
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "adopted_cli.h"
#include "cli.h"
#include "pact/doc.h"
#include "pact/store.h"
#include "store_cli.h"

typedef struct commit_args {
	const char *message, *author, *amend_adopted;
} commit_args;

static const cli_opt commit_opts[] = {
        CLI_STRING('m', "message", "MSG", commit_args, message, CLI_COMP_NONE,
                   N_("the commit message (default: \"Add pact 2024\" or \"Update pact 2024\")")),
        CLI_STRING(0, "author", "\"NAME <EMAIL>\"", commit_args, author, CLI_COMP_NONE,
                   N_("the author; default: GIT_AUTHOR_NAME/EMAIL, then user.name/email")),
        CLI_STRING(0, "amend-adopted", "REASON", commit_args, amend_adopted, CLI_COMP_NONE,
                   N_("change a pact adopted through review without a new review, for "
                      "REASON (recorded in the commit)")),
        CLI_END};

const cli_cmd cli_cmd_commit = {
        .name = "commit",
        .usage = N_("commit [-m MSG] [--author \"NAME <EMAIL>\"] [--amend-adopted REASON] [--] "
                    "FILE..."),
        .summary = N_("validate pacts and commit them to the store"),
        .about = N_("Validate each FILE, place it at pacts/<year>.yaml (the year comes from\n"
                    "the document) and make one commit on the current branch. One invalid\n"
                    "file and nothing is committed; a commit that changes nothing is refused.\n"
                    "Without --author the author is GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else\n"
                    "user.name/user.email, else \"pact <pact@localhost>\" (with a warning).\n"
                    "A year adopted through review (tag pact/YEAR) keeps the text its members\n"
                    "approved: a different text for it is refused, unless --amend-adopted\n"
                    "gives the reason, which the commit message records."),
        .example = "pact commit ~/2024.yaml -m \"Giao ước 2024\"",
        .opts = commit_opts,
        .operand = CLI_COMP_FILE,
        .args_size = CLI_ARGS(commit_args),
};

int cmd_commit(int argc, char **argv, cli_ctx *ctx)
{
	commit_args o = {0};
	pact_commit_opts copts = PACT_COMMIT_OPTS_INIT;
	pact_checked_file *files = NULL;
	pact_signature *sig = NULL;
	char *branch = NULL, *msg = NULL;
	char hex[PACT_OID_HEXSZ + 1];
	int nargs = 0, is_default = 0, status, rc;
	size_t n;
	pact_oid id;

	if ((status = cli_parse(&nargs, &cli_cmd_commit, &o, argc, argv)) != CLI_CONTINUE)
		return status;
	if (!nargs)
		return cli_usage_error(&cli_cmd_commit,
		                       _("nothing to commit: name the pact files"));
	n = (size_t)nargs;
	if (!(files = calloc(n, sizeof(*files)))) {
		status = cli_oom();
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		files[i].path = argv[1 + i];
	/* Validate everything before touching the store. */
	rc = pact_store_check_files(files, n);
	for (size_t i = 0; i < n; i++)
		cli_print_diags(&files[i].diags, files[i].path);
	if (rc > 0) {
		cli_error(_("nothing committed: fix the errors above"));
		status = EXIT_FINDINGS;
		goto done;
	}
	copts.amend_adopted = o.amend_adopted;
	if (rc < 0 || (rc = pact_store_signature(&sig, &is_default, ctx->store, o.author)) < 0 ||
	    (rc = pact_store_commit_files_ext(&id, &msg, ctx->store, files, n, o.message, sig,
	                                      &copts)) < 0) {
		status = cli_fail(rc);
		goto done;
	}
	if (is_default)
		cli_warning(_("no identity configured: committed as '%s <%s>'; set your name and "
		              "e-mail once with 'git config --global user.name \"Full Name\"' and "
		              "'git config --global user.email \"email\"', or pass --author "
		              "\"Full Name <email>\""),
		            sig->name, sig->email);
	for (size_t i = 0; o.amend_adopted && i < n; i++)
		cli_warn_amended(ctx->store, files[i].year, files[i].data, files[i].len,
		                 o.amend_adopted);
	pact_oid_fmt(hex, 8, &id);
	if (pact_store_head_branch(&branch, ctx->store) < 0)
		branch = NULL;
	cli_printf("[%s %s] %.*s\n",
	           branch ? branch + (strncmp(branch, "refs/heads/", 11) ? 0 : 11) : "HEAD", hex,
	           (int)strcspn(msg, "\n"), msg);
	status = EXIT_OK;
done:
	pact_checked_files_clear(files, n);
	free(files);
	free(msg);
	free(branch);
	pact_signature_free(sig);
	return status;
}
