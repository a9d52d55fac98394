/*
 * cmd_init.c - `pact init [DIR] [--bare]`: create a store.
 *
 * DIR is taken relative to -C DIR, as git does. A work-tree store gets its
 * first commit (README, pacts/, .gitattributes); a bare one stays empty so
 * the first push into it fast-forwards.
 */
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "pact/store.h"
#include "store_cli.h"

typedef struct init_args {
	int bare;
} init_args;

static const cli_opt init_opts[] = {
        CLI_FLAG(0, "bare", init_args, bare,
                 N_("a bare store for a server (no work tree, no commit)")),
        CLI_END};

const cli_cmd cli_cmd_init = {
        .name = "init",
        .usage = N_("init [--bare] [DIR]"),
        .summary = N_("create a pact store (a git repository)"),
        .about = N_("Create a pact store in DIR (default: the current directory): a git\n"
                    "repository on branch main with pacts/, a README and .gitattributes\n"
                    "marking pacts/*.yaml for the pact diff driver, in a first commit."),
        .example = "pact init khoi-vhxh-2\n"
                   "pact init --bare hub.git",
        .opts = init_opts,
        .operand = CLI_COMP_DIR,
        .args_size = CLI_ARGS(init_args),
};

int cmd_init(int argc, char **argv, cli_ctx *ctx)
{
	pact_store *s = NULL;
	pact_signature *sig = NULL;
	const char *dir = NULL;
	init_args o = {0};
	int bare, is_default = 0, rc, status, n = 0;

	(void)ctx;

	if ((status = cli_parse(&n, &cli_cmd_init, &o, argc, argv)) != CLI_CONTINUE)
		return status;
	if ((status = cli_operands(&cli_cmd_init, n, 0, 1, argv)) != CLI_CONTINUE)
		return status;
	bare = o.bare;
	dir = n ? argv[1] : NULL;
	if (!dir)
		dir = ".";
	rc = pact_store_init(&s, dir, bare);
	if (rc < 0) {
		status = cli_fail(rc);
		goto done;
	}
	if (bare)
		cli_printf(_("Initialized empty bare pact store in %s\n"), pact_store_path(s));
	else
		cli_printf(_("Initialized empty pact store in %s\n"), pact_store_workdir(s));
	if (!bare && pact_store_signature(&sig, &is_default, s, NULL) == 0 && is_default)
		cli_warning(
		        _("no identity configured: the first commit was made as '%s <%s>'; "
		          "set your name and e-mail once with 'git config --global user.name "
		          "\"Full Name\"' and 'git config --global user.email \"email\"', or pass "
		          "--author to 'pact commit'"),
		        sig->name, sig->email);
	status = EXIT_OK;
done:
	pact_signature_free(sig);
	pact_store_free(s);
	return status;
}
