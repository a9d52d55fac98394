/*
 * cmd_setup_git.c - `pact setup-git`: make git itself show pact diffs.
 *
 * For a store made by `git init` or cloned with `git clone`: the config
 * (diff.pact.command) is never cloned, so every copy needs this once.
 */
#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "pact/store.h"
#include "store_cli.h"

const cli_cmd cli_cmd_setup_git = {
        .name = "setup-git",
        .usage = N_("setup-git"),
        .summary = N_("make git diff show pacts clause by clause in this clone"),
        .about = N_("Set diff.pact.command to 'pact diff --git-driver' in the store's config\n"
                    "and make sure pacts/*.yaml is marked diff=pact, so that git diff and\n"
                    "git log -p compare pacts clause by clause. The config is not cloned:\n"
                    "run it once in every clone made with git clone."),
        .example = "pact setup-git",
        .operand = CLI_COMP_NONE,
};

int cmd_setup_git(int argc, char **argv, cli_ctx *ctx)
{
	int rc, n = 0;

	if ((rc = cli_parse(&n, &cli_cmd_setup_git, NULL, argc, argv)) != CLI_CONTINUE)
		return rc;
	if ((rc = cli_operands(&cli_cmd_setup_git, n, 0, 0, argv)) != CLI_CONTINUE)
		return rc;
	rc = pact_store_setup_diff_driver(ctx->store);
	if (rc < 0)
		return cli_fail(rc);
	puts(_("git will now run 'pact diff --git-driver' for pacts/*.yaml"));
	return EXIT_OK;
}
