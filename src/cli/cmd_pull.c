/*
 * cmd_pull.c - `pact pull [REMOTE]`: fetch and fast-forward the current
 * branch; anything else stops with an explanation and changes nothing.
 */
#include <stdlib.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "pact/review.h"
#include "pact/store.h"
#include "store_cli.h"

const cli_cmd cli_cmd_pull = {
        .name = "pull",
        .usage = N_("pull [REMOTE]"),
        .summary = N_("fast-forward the current branch from a remote"),
        .about = N_("Fetch the current branch from REMOTE (default: origin) and fast-forward\n"
                    "to it. When the histories have diverged, or local changes are in the\n"
                    "way, nothing is changed and pull exits with status 1. Then fetch\n"
                    "review refs, draft branches and pact/ tags (README.md)."),
        .example = "pact pull origin",
        .operand = CLI_COMP_REMOTE,
};

int cmd_pull(int argc, char **argv, cli_ctx *ctx)
{
	const char *remote = NULL;
	pact_pull_result res;
	pact_oid tip;
	char hex[PACT_OID_HEXSZ + 1];
	int rc, n = 0;

	if ((rc = cli_parse(&n, &cli_cmd_pull, NULL, argc, argv)) != CLI_CONTINUE)
		return rc;
	if ((rc = cli_operands(&cli_cmd_pull, n, 0, 1, argv)) != CLI_CONTINUE)
		return rc;
	remote = n ? argv[1] : NULL;
	rc = pact_store_pull(&res, &tip, ctx->store, remote, cli_progress, NULL);
	cli_progress_end();
	if (rc < 0)
		return cli_fail(rc);
	pact_oid_fmt(hex, 8, &tip);
	if (res == PACT_PULL_UP_TO_DATE)
		puts(_("Already up to date."));
	else
		cli_printf(_("Fast-forward to %s\n"), hex);
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
