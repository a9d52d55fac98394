/*
 * cmd_remote.c - `pact remote [-v]` and `pact remote add NAME URL`.
 *
 * Remotes are plain git remotes, so `git remote` sees the same list.
 */
#include <string.h>

#include "cli.h"
#include "pact/store.h"
#include "store_cli.h"

static void help(FILE *f)
{
	fputs("usage: pact remote [-v]\n"
	      "       pact remote add NAME URL\n"
	      "\n"
	      "URL is anything libgit2 reaches: a path, file://, git://, ssh://, https://.\n",
	      f);
}

static int list(cli_ctx *ctx, int verbose)
{
	git_repository *repo = pact_store_repo(ctx->store);
	git_strarray names = {NULL, 0};
	int rc = git_remote_list(&names, repo);
	if (rc < 0)
		return cli_fail(pact_error_from_git(rc, "cannot list remotes"));
	for (size_t i = 0; i < names.count; i++) {
		git_remote *r = NULL;
		if (!verbose || git_remote_lookup(&r, repo, names.strings[i]) < 0) {
			cli_printf("%s\n", names.strings[i]);
			continue;
		}
		cli_printf("%s\t%s\n", names.strings[i], git_remote_url(r) ? git_remote_url(r) : "");
		git_remote_free(r);
	}
	git_strarray_dispose(&names);
	return EXIT_OK;
}

int cmd_remote(int argc, char **argv, cli_ctx *ctx)
{
	int rc;

	if (argc >= 2 && cli_is_help(argv[1])) {
		help(stdout);
		return EXIT_OK;
	}
	if (argc == 1)
		return list(ctx, 0);
	if (argc == 2 && !strcmp(argv[1], "-v"))
		return list(ctx, 1);
	if (!strcmp(argv[1], "add")) {
		if (argc != 4) {
			cli_error("'remote add' needs NAME and URL");
			help(stderr);
			return EXIT_USAGE;
		}
		rc = pact_store_remote_add(ctx->store, argv[2], argv[3]);
		return rc < 0 ? cli_fail(rc) : EXIT_OK;
	}
	cli_error("unknown remote command '%s'", argv[1]);
	help(stderr);
	return EXIT_USAGE;
}
