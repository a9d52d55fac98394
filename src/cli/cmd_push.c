/*
 * cmd_push.c - `pact push [REMOTE]`: send the current branch to the branch
 * of the same name on REMOTE (default origin). Fast-forward only.
 */
#include <stdlib.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "pact/review.h"
#include "pact/store.h"
#include "store_cli.h"

const cli_cmd cli_cmd_push = {
        .name = "push",
        .usage = N_("push [REMOTE]"),
        .summary = N_("send the current branch to a remote"),
        .about = N_("Send the current branch to the same branch on REMOTE (default: origin).\n"
                    "Refused when the remote has commits this store lacks: pull first.\n"
                    "Review refs, draft branches and pact/ tags (README.md) go first, in\n"
                    "their own push. To a local path or file:// remote the remote's\n"
                    "pre-receive hook does not run; pact warns when it has one. A branch\n"
                    "whose pacts do not validate is not pushed (exit 1), except a text the\n"
                    "remote already has."),
        .example = "pact push origin",
        .operand = CLI_COMP_REMOTE,
};

int cmd_push(int argc, char **argv, cli_ctx *ctx)
{
	const char *remote = NULL;
	int rc, n = 0, sent_reviews;

	if ((rc = cli_parse(&n, &cli_cmd_push, NULL, argc, argv)) != CLI_CONTINUE)
		return rc;
	if ((rc = cli_operands(&cli_cmd_push, n, 0, 1, argv)) != CLI_CONTINUE)
		return rc;
	remote = n ? argv[1] : NULL;
	/* libgit2 runs no hooks and a hub may have none: pacts that do not
	 * validate are not sent (store_shared.c), nothing is sent at all */
	{
		char *report = NULL;
		rc = pact_store_push_check(&report, ctx->store, remote);
		if (report)
			cli_eprintf("%s", report);
		free(report);
		if (rc < 0)
			return cli_fail(rc);
	}
	cli_warn_push_skips_hooks(ctx->store, remote);
	/* Reviews first (README.md): a server hook judging this branch
	 * must already have the approvals that justify it. */
	rc = pact_review_push(ctx->store, remote, 0);
	if (rc < 0 && rc != PACT_EUNCHANGED)
		return cli_fail(rc);
	/* On a draft branch the review push has just sent it: the branch's
	 * own push then finds nothing to do, and "up-to-date" read as if
	 * nothing had been sent. */
	sent_reviews = rc == 0;
	rc = pact_store_push(ctx->store, remote, cli_progress, NULL);
	cli_progress_end();
	if (rc == PACT_EUNCHANGED && !sent_reviews) {
		fputs(_("Everything up-to-date\n"), stderr);
		return EXIT_OK;
	}
	if (rc < 0 && rc != PACT_EUNCHANGED)
		return cli_fail(rc);
	cli_printf(_("pushed to '%s'\n"), remote ? remote : "origin");
	return EXIT_OK;
}
