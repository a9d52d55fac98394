/*
 * cmd_init.c - `pact init [DIR] [--bare]`: create a store.
 *
 * DIR is taken relative to -C DIR, as git does. A work-tree store gets its
 * first commit (README, pacts/, .gitattributes); a bare one stays empty so
 * the first push into it fast-forwards.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pact/store.h"
#include "store_cli.h"

static void help(FILE *f)
{
	fputs("usage: pact init [--bare] [DIR]\n"
	      "\n"
	      "Create a pact store in DIR (default: the current directory): a git\n"
	      "repository on branch main with pacts/, a README and .gitattributes\n"
	      "marking pacts/*.yaml for the pact diff driver, in a first commit.\n"
	      "\n"
	      "  --bare   a bare store for a server (no work tree, no commit)\n",
	      f);
}

int cmd_init(int argc, char **argv, cli_ctx *ctx)
{
	pact_store *s = NULL;
	git_signature *sig = NULL;
	const char *dir = NULL;
	int bare = 0, is_default = 0, rc, status;

	(void)ctx;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			help(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--bare")) {
			bare = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error("unknown option '%s'", argv[i]);
			help(stderr);
			return EXIT_USAGE;
		} else if (!dir) {
			dir = argv[i];
		} else {
			cli_error("too many arguments");
			help(stderr);
			return EXIT_USAGE;
		}
	}
	if (!dir)
		dir = ".";
	rc = pact_store_init(&s, dir, bare);
	if (rc < 0) {
		status = cli_fail(rc);
		goto done;
	}
	cli_printf("Initialized empty %spact store in %s\n", bare ? "bare " : "",
	       bare ? git_repository_path(pact_store_repo(s)) : pact_store_workdir(s));
	if (!bare && pact_store_signature(&sig, &is_default, s, NULL) == 0 && is_default)
		cli_warning("no identity configured: the first commit was made as '%s <%s>'; "
		            "set user.name and user.email, or pass --author to 'pact commit'",
		            sig->name, sig->email);
	status = EXIT_OK;
done:
	git_signature_free(sig);
	pact_store_free(s);
	return status;
}
