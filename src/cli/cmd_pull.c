/*
 * cmd_pull.c - `pact pull [REMOTE] [--keep-mine | --take-theirs]`: fetch
 * the current branch and bring it up to date: a fast-forward, or, when
 * both sides committed, a merge of the files each side changed
 * (store_merge.c). Files both sides changed differently stop the pull with
 * an explanation and nothing changed, unless one of the two options says
 * which text wins.
 */
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "adopted_cli.h"
#include "cli.h"
#include "pact/review.h"
#include "pact/store.h"
#include "store_cli.h"

typedef struct pull_args {
	int keep_mine, take_theirs;
} pull_args;

static const cli_opt pull_opts[] = {
        CLI_FLAG(0, "keep-mine", pull_args, keep_mine,
                 N_("for files both sides changed differently, keep this store's text")),
        CLI_FLAG(0, "take-theirs", pull_args, take_theirs,
                 N_("for files both sides changed differently, take the remote's text")),
        CLI_END};

const cli_cmd cli_cmd_pull = {
        .name = "pull",
        .usage = N_("pull [REMOTE] [--keep-mine | --take-theirs]"),
        .summary = N_("bring the current branch up to date from a remote"),
        .about = N_("Fetch the current branch from REMOTE (default: origin) and bring it up\n"
                    "to date: a fast-forward when only the remote has new commits; when both\n"
                    "sides committed, a merge commit that takes each file from the side that\n"
                    "changed it. When both sides changed the same file differently, nothing\n"
                    "is changed and pull exits with status 1, saying who changed what and\n"
                    "how to see the difference; --keep-mine or --take-theirs then merges,\n"
                    "keeping this store's text or taking the remote's for those files. Local\n"
                    "changes in the way also stop it. Then fetch review refs, draft branches\n"
                    "and pact/ tags (README.md). Pacts that came in and do not validate, or\n"
                    "replace a year adopted through review, are named on stderr (status 0)."),
        .example = "pact pull origin\n"
                   "pact pull --keep-mine",
        .opts = pull_opts,
        .operand = CLI_COMP_REMOTE,
        .args_size = CLI_ARGS(pull_args),
};

/* A merge: "[main abc1234] " and its message, as `pact commit` shows a
 * commit; the identity it was made with when none is configured. */
static void say_merged(pact_store *store, const char *hex, const char *report)
{
	pact_signature *sig = NULL;
	char *branch = NULL;
	int is_default = 0;

	if (pact_store_signature(&sig, &is_default, store, NULL) == 0 && is_default)
		cli_warning(_("no identity configured: merged as '%s <%s>'; set user.name and "
		              "user.email"),
		            sig->name, sig->email);
	if (pact_store_head_branch(&branch, store) < 0)
		branch = NULL;
	cli_printf("[%s %s] %s",
	           branch ? branch + (strncmp(branch, "refs/heads/", 11) ? 0 : 11) : "HEAD", hex,
	           report ? report : "\n");
	cli_printf(_("Share the merge with 'pact push'.\n"));
	pact_signature_free(sig);
	free(branch);
}

/* What the pull did, on stdout. */
static void say_done(pact_store *store, pact_pull_result res, const pact_oid *tip,
                     const char *report)
{
	char hex[PACT_OID_HEXSZ + 1];

	pact_oid_fmt(hex, 8, tip);
	if (res == PACT_PULL_UP_TO_DATE)
		puts(_("Already up to date."));
	else if (res == PACT_PULL_FAST_FORWARD)
		cli_printf(_("Fast-forward to %s\n"), hex);
	else
		say_merged(store, hex, report);
}

int cmd_pull(int argc, char **argv, cli_ctx *ctx)
{
	pull_args o = {0, 0};
	pact_oid before;
	int had = cli_pull_before(&before, ctx->store); /* for cli_pull_report */
	const char *remote = NULL;
	pact_pull_result res;
	pact_oid tip;
	char *report = NULL;
	int rc, n = 0;

	if ((rc = cli_parse(&n, &cli_cmd_pull, &o, argc, argv)) != CLI_CONTINUE)
		return rc;
	if ((rc = cli_operands(&cli_cmd_pull, n, 0, 1, argv)) != CLI_CONTINUE)
		return rc;
	if (o.keep_mine && o.take_theirs)
		return cli_usage_error(&cli_cmd_pull,
		                       _("--keep-mine and --take-theirs cannot be used together"));
	remote = n ? argv[1] : NULL;
	rc = pact_store_pull_merge(&res, &tip, &report, ctx->store, remote,
	                           o.keep_mine     ? PACT_PULL_KEEP_MINE
	                           : o.take_theirs ? PACT_PULL_TAKE_THEIRS
	                                           : PACT_PULL_REFUSE,
	                           cli_progress, NULL);
	cli_progress_end();
	if (rc < 0) {
		/* which files, who changed them, how to see it, the ways out */
		if (report)
			cli_eprintf("%s", report);
		free(report);
		return cli_fail(rc);
	}
	say_done(ctx->store, res, &tip, report);
	free(report);
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
	cli_pull_report(ctx->store, had ? &before : NULL); /* invalid or unreviewed pacts */
	return EXIT_OK;
}
