/*
 * cmd_setup_git.c - `pact setup-git`: make git itself show pact diffs.
 *
 * For a store made by `git init` or cloned with `git clone`: the config
 * (diff.pact.command) is never cloned, so every copy needs this once.
 */
#include "cli.h"
#include "pact/store.h"
#include "store_cli.h"

int cmd_setup_git(int argc, char **argv, cli_ctx *ctx)
{
	int rc;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			puts("usage: pact setup-git\n"
			     "\n"
			     "Set diff.pact.command to 'pact diff --git-driver' in the store's "
			     "config\n"
			     "and make sure pacts/*.yaml is marked diff=pact, so that git diff "
			     "and\n"
			     "git log -p compare pacts clause by clause.");
			return EXIT_OK;
		}
		cli_error("unexpected argument '%s'", argv[i]);
		return EXIT_USAGE;
	}
	rc = pact_store_setup_diff_driver(ctx->store);
	if (rc < 0)
		return cli_fail(rc);
	puts("git will now run 'pact diff --git-driver' for pacts/*.yaml");
	return EXIT_OK;
}
