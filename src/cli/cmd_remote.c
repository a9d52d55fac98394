/*
 * cmd_remote.c - `pact remote [-v]` and `pact remote add NAME URL`.
 *
 * Remotes are plain git remotes, so `git remote` sees the same list.
 */
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "pact/store.h"
#include "store_cli.h"

typedef struct remote_args {
	int verbose;
} remote_args;

static const cli_opt remote_opts[] = {
        CLI_FLAG('v', "verbose", remote_args, verbose, N_("list each remote with its URL")),
        CLI_END};

const cli_cmd cli_cmd_remote = {
        .name = "remote",
        .usage = N_("remote [-v]\n"
                    "remote add NAME URL"),
        .summary = N_("list remotes, or add one"),
        .about = N_("List the store's remotes (plain git remotes: git remote sees the same\n"
                    "list), or add one. URL is anything libgit2 reaches: a path, file://,\n"
                    "git://, ssh://, https://."),
        .example = "pact remote add origin ../hub.git\n"
                   "pact remote -v",
        .opts = remote_opts,
        .operand = CLI_COMP_REMOTE,
        .args_size = CLI_ARGS(remote_args),
};

static int list(cli_ctx *ctx, int verbose)
{
	pact_remotes *r = NULL;
	int rc = pact_store_remotes(&r, ctx->store);
	if (rc < 0)
		return cli_fail(rc);
	for (size_t i = 0; i < r->count; i++) {
		cli_printf(verbose ? "%s\t" : "%s\n", r->items[i].name);
		if (!verbose)
			continue;
		/* one line, a password in the address shown as "***" */
		cli_write_safe(stdout, r->items[i].url, strlen(r->items[i].url),
		               PACT_SANITIZE_LINE);
		cli_printf("\n");
	}
	pact_remotes_free(r);
	return EXIT_OK;
}

int cmd_remote(int argc, char **argv, cli_ctx *ctx)
{
	remote_args o = {0};
	int rc, n = 0;

	if ((rc = cli_parse(&n, &cli_cmd_remote, &o, argc, argv)) != CLI_CONTINUE)
		return rc;
	if (n == 0)
		return list(ctx, o.verbose);
	if (strcmp(argv[1], "add"))
		return cli_usage_error(&cli_cmd_remote, _("unknown remote command '%s'"), argv[1]);
	if (n != 3)
		return cli_usage_error(&cli_cmd_remote, _("'remote add' needs NAME and URL"));
	rc = pact_store_remote_add(ctx->store, argv[2], argv[3]);
	return rc < 0 ? cli_fail(rc) : EXIT_OK;
}
