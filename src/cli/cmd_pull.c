/*
 * cmd_pull.c - `pact pull [REMOTE]`: fetch and fast-forward the current
 * branch; anything else stops with an explanation and changes nothing.
 */
#include <stdlib.h>

#include "cli.h"
#include "pact/review.h"
#include "pact/store.h"
#include "store_cli.h"

int cmd_pull(int argc, char **argv, cli_ctx *ctx)
{
	const char *remote = NULL;
	pact_pull_result res;
	git_oid tip;
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			puts("usage: pact pull [REMOTE]\n"
			     "\n"
			     "Fetch the current branch from REMOTE (default: origin) and "
			     "fast-forward\n"
			     "to it. When the histories have diverged, or local changes are in "
			     "the\n"
			     "way, nothing is changed and pull exits with status 1. Then fetch\n"
			     "review refs, draft branches and pact/ tags (README.md).");
			return EXIT_OK;
		}
		if (argv[i][0] == '-' || remote) {
			cli_error("unexpected argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
		remote = argv[i];
	}
	rc = pact_store_pull(&res, &tip, ctx->store, remote, cli_progress, NULL);
	cli_progress_end();
	if (rc < 0)
		return cli_fail(rc);
	git_oid_tostr(hex, 8, &tip);
	if (res == PACT_PULL_UP_TO_DATE)
		puts("Already up to date.");
	else
		cli_printf("Fast-forward to %s\n", hex);
	/* Then the reviews, drafts and pact/ tags (README.md). */
	{
		char *notes = NULL;
		rc = pact_review_pull(&notes, ctx->store, remote);
		if (notes && *notes)
			cli_eprintf("%s", notes);
		free(notes);
		if (rc < 0)
			return cli_fail(rc);
	}
	return EXIT_OK;
}
