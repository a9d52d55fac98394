/*
 * cmd_hooks.c - `pact hooks install [--server] [--force]`, and the
 * commands the installed hooks run (`pact hooks pre-receive`).
 *
 * The hook scripts are kept twice: as files in hooks/ (to read, to copy by
 * hand, to package) and as strings here, so an installed pact can install
 * them without its source tree; a test fails when the two differ. They are
 * one exec each: all judgement is in libpact (review_check.c), so no file
 * name or ref name is ever word-split by a shell.
 *
 * Hooks go where git will run them: core.hooksPath when it is set
 * (relative to the work tree, or to the repository when bare, as git
 * reads it), else $GIT_DIR/hooks (pact_store_hooks_dir). An existing hook
 * that is not pact's is kept unless --force.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "pact/review.h"
#include "pact/store.h"
#include "store_cli.h"

/* Generated from hooks/pre-commit and hooks/pre-receive; keep in sync
 * (tests/test_hooks.c compares them). */
static const char hook_pre_commit[] =
        "#!/bin/sh\n"
        "# pact pre-commit hook: refuse a commit whose staged pacts/*.yaml are not\n"
        "# valid pact/1 documents, with the validator's messages.\n"
        "#\n"
        "# It checks the index (what is about to be committed), not the work tree,\n"
        "# and file names never pass through this script, so names with spaces or\n"
        "# newlines cannot break it. Installed by 'pact hooks install' (into\n"
        "# core.hooksPath when set). PACT names the pact program (default: pact\n"
        "# from PATH). Skip once with 'git commit --no-verify'.\n"
        "pact=${PACT:-pact}\n"
        "if ! command -v \"$pact\" >/dev/null 2>&1; then\n"
        "\techo \"pre-commit: '$pact' not found in PATH; install pact or set PACT\" >&2\n"
        "\texit 1\n"
        "fi\n"
        "exec \"$pact\" validate --staged\n";

static const char hook_pre_receive[] =
        "#!/bin/sh\n"
        "# pact pre-receive hook for a shared bare store: refuse a push that brings\n"
        "# an invalid pacts/*.yaml in any commit, deletes or rewinds main, a review\n"
        "# or an adoption tag, or changes a year's pact on main without every\n"
        "# member's approval of the new text (README.md).\n"
        "#\n"
        "# The ref updates arrive on standard input (\"OLD NEW REF\" lines) and go\n"
        "# straight to pact, which reads the pushed objects from git's quarantine;\n"
        "# nothing here parses them. Installed by 'pact hooks install --server'.\n"
        "# PACT names the pact program (default: pact from PATH).\n"
        "pact=${PACT:-pact}\n"
        "if ! command -v \"$pact\" >/dev/null 2>&1; then\n"
        "\techo \"pre-receive: '$pact' not found in PATH; install pact or set PACT\" >&2\n"
        "\texit 1\n"
        "fi\n"
        "exec \"$pact\" hooks pre-receive\n";

typedef struct hooks_args {
	int server, force;
} hooks_args;

static const cli_opt hooks_opts[] = {
        CLI_FLAG(0, "server", hooks_args, server,
                 N_("install: the pre-receive hook, for a shared bare store (pushes with "
                    "invalid pacts, or changing main's pacts without every member's "
                    "approval, are refused)")),
        CLI_FLAG(0, "force", hooks_args, force, N_("install: replace a hook that is not pact's")),
        CLI_END};

const cli_cmd cli_cmd_hooks = {
        .name = "hooks",
        .usage = N_("hooks install [--server] [--force]\n"
                    "hooks show pre-commit|pre-receive\n"
                    "hooks pre-receive < updates"),
        .summary = N_("install the git hooks that keep broken pacts out"),
        .about = N_("install puts the pre-commit hook (it validates the staged pacts) into\n"
                    "this store's hooks directory (core.hooksPath if set); with --server,\n"
                    "the pre-receive hook for a shared bare store. show prints a hook\n"
                    "script. pre-receive is what that hook runs: it reads 'OLD NEW REF'\n"
                    "lines and judges the push (README.md)."),
        .example = "pact hooks install\n"
                   "pact -C /srv/khoi-vhxh-2.git hooks install --server",
        .opts = hooks_opts,
        .args_size = CLI_ARGS(hooks_args),
};

static int sub_install(int argc, char **argv, const hooks_args *o, cli_ctx *ctx)
{
	int server = o->server, rc;
	char *path = NULL, *slash;

	if (argc > 1)
		return cli_usage_error(&cli_cmd_hooks, _("unexpected argument '%s'"), argv[1]);
	if (!server && pact_store_is_bare(ctx->store))
		cli_warning(_("this store is bare: nobody commits here; did you mean --server?"));
	rc = pact_store_hooks_install(&path, ctx->store, server ? "pre-receive" : "pre-commit",
	                              server ? hook_pre_receive : hook_pre_commit, o->force);
	if (rc < 0)
		return cli_fail(rc);
	slash = strrchr(path, '/'); /* path is DIR/NAME */
	*slash = '\0';
	if (rc == 0)
		cli_printf(_("installed %s/%s\n"), path, slash + 1);
	else
		cli_printf(_("%s/%s is up to date\n"), path, slash + 1);
	free(path);
	return EXIT_OK;
}

static int sub_show(int argc, char **argv, cli_ctx *ctx)
{
	(void)ctx;
	if (argc == 2 && !strcmp(argv[1], "pre-commit"))
		fputs(hook_pre_commit, stdout);
	else if (argc == 2 && !strcmp(argv[1], "pre-receive"))
		fputs(hook_pre_receive, stdout);
	else
		return cli_usage_error(&cli_cmd_hooks, _("which hook? pre-commit or pre-receive"));
	return EXIT_OK;
}

/* Bound on what git hands the hook: PACT_REVIEW_MAX_UPDATES lines of two
 * SHA-256 ids and a long ref name, with room to spare. */
#define MAX_INPUT ((size_t)PACT_REVIEW_MAX_UPDATES * 1200)

/* The ref updates on standard input ("OLD NEW REFNAME" lines), judged by
 * libpact (pact_review_check_push_lines): the CLI only reads and prints. */
static int sub_pre_receive(int argc, char **argv, cli_ctx *ctx)
{
	char *in = NULL, *report = NULL;
	const char *nul;
	size_t len = 0, got;
	int rc, status = EXIT_FAILURE_;

	(void)argc;
	(void)argv;
	if (!(in = malloc(MAX_INPUT + 1))) {
		cli_oom();
		goto done;
	}
	while (len <= MAX_INPUT && (got = fread(in + len, 1, MAX_INPUT + 1 - len, stdin)) > 0)
		len += got;
	if (len > MAX_INPUT) {
		cli_error(_("pre-receive: more than %zu bytes of ref updates (at most %d updates "
		            "of a push are judged)"),
		          MAX_INPUT, PACT_REVIEW_MAX_UPDATES);
		status = EXIT_FINDINGS;
		goto done;
	}
	/* the library reads a C string: a NUL would end the input early and
	 * leave the updates after it unjudged */
	if ((nul = memchr(in, '\0', len))) {
		cli_error(_("pre-receive: the ref updates hold a NUL byte at byte %zu: git never "
		            "writes one"),
		          (size_t)(nul - in));
		status = EXIT_USAGE;
		goto done;
	}
	in[len] = '\0';
	rc = pact_review_check_push_lines(&report, ctx->store, in);
	if (report && *report)
		cli_eprintf("%s", report);
	if (rc == PACT_EREFUSED) {
		cli_error(_("push refused: fix the pacts above, or have every member approve "
		            "with 'pact review approve' and push the review first ('pact push')"));
		status = EXIT_FINDINGS;
	} else if (rc < 0) {
		status = cli_fail(rc);
	} else {
		status = EXIT_OK;
	}
done:
	free(in);
	free(report);
	return status;
}

int cmd_hooks(int argc, char **argv, cli_ctx *ctx)
{
	static const char *const names[] = {"install", "show", "pre-receive", NULL};
	hooks_args o = {0};
	const char *near;
	int n = 0, st;

	if ((st = cli_parse(&n, &cli_cmd_hooks, &o, argc, argv)) != CLI_CONTINUE)
		return st;
	if (n < 1)
		return cli_usage_error(&cli_cmd_hooks, _("which hooks command? install, show or "
		                                         "pre-receive"));
	if (strcmp(argv[1], "install") && (o.server || o.force))
		return cli_usage_error(&cli_cmd_hooks, _("--server and --force go with 'install'"));
	if (!strcmp(argv[1], "install"))
		return sub_install(n, argv + 1, &o, ctx);
	if (!strcmp(argv[1], "show"))
		return sub_show(n, argv + 1, ctx);
	if (!strcmp(argv[1], "pre-receive"))
		return sub_pre_receive(n, argv + 1, ctx);
	near = cli_suggest(argv[1], names);
	if (near)
		return cli_usage_error(&cli_cmd_hooks,
		                       _("'%s' is not a hooks command; did you mean "
		                         "'%s'?"),
		                       argv[1], near);
	return cli_usage_error(&cli_cmd_hooks, _("'%s' is not a hooks command"), argv[1]);
}
