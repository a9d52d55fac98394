/*
 * cmd_pull.c - `pact pull [REMOTE] [--keep-mine=YEARS] [--take-theirs=YEARS]
 * [--against=COMMIT]`: fetch the current branch and bring it up to date: a
 * fast-forward, or, when both sides committed, a merge of the files each
 * side changed (store_merge.c). Files both sides changed differently stop
 * the pull with an explanation and nothing changed, unless the options
 * name each of them and say which text wins; the refusal prints the exact
 * command, with the hub's commit it showed (--against), so a year someone
 * changes on the hub after that is never settled unseen.
 *
 * A value of --keep-mine/--take-theirs is a list of years ("2023,2024")
 * or one file ("README.md"); both options may be repeated.
 */
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "adopted_cli.h"
#include "cli.h"
#include "pact/error.h"
#include "pact/review.h"
#include "pact/store.h"
#include "store_cli.h"

typedef struct pull_args {
	cli_list keep_mine, take_theirs;
	const char *against;
} pull_args;

static const cli_opt pull_opts[] = {
        CLI_STRINGS(0, "keep-mine", N_("YEARS"), pull_args, keep_mine, CLI_COMP_YEAR,
                    N_("for these years (2023,2024) or file, changed differently on both "
                       "sides, keep this store's text")),
        CLI_STRINGS(0, "take-theirs", N_("YEARS"), pull_args, take_theirs, CLI_COMP_YEAR,
                    N_("for these years (2023,2024) or file, changed differently on both "
                       "sides, take the remote's text")),
        CLI_STRING(0, "against", N_("COMMIT"), pull_args, against, CLI_COMP_NONE,
                   N_("the remote's commit the refused pull showed: stop if a named file "
                      "changed there since")),
        CLI_END};

const cli_cmd cli_cmd_pull = {
        .name = "pull",
        .usage = N_("pull [REMOTE] [--keep-mine=YEARS] [--take-theirs=YEARS] "
                    "[--against=COMMIT]"),
        .summary = N_("bring the current branch up to date from a remote"),
        .about = N_("Fetch the current branch from REMOTE (default: origin) and bring it up\n"
                    "to date: a fast-forward when only the remote has new commits; when both\n"
                    "sides committed, a merge commit that takes each file from the side that\n"
                    "changed it. When both sides changed the same file differently, nothing\n"
                    "is changed and pull exits with status 1, saying who changed what, how\n"
                    "to see the difference, and the exact command that settles it, e.g.\n"
                    "'pact pull origin --keep-mine=2024 --against=1a2b3c4'. --keep-mine and\n"
                    "--take-theirs settle only the years (or files) they name; a file both\n"
                    "sides changed that is not named, or (with --against) a named one that\n"
                    "changed on the remote since that commit, stops the pull again with\n"
                    "nothing changed. Local changes in the way also stop it. Then fetch\n"
                    "review refs, draft branches and pact/ tags (README.md). Pacts that came\n"
                    "in and do not validate, or replace a year adopted through review, are\n"
                    "named on stderr (status 0)."),
        .example = "pact pull origin\n"
                   "pact pull origin --keep-mine=2024 --take-theirs=2023 --against=1a2b3c4",
        .opts = pull_opts,
        .operand = CLI_COMP_REMOTE,
        .args_size = CLI_ARGS(pull_args),
};

/* `--keep-mine` or `--take-theirs` with no years after it (as the refusal
 * of pact before 2026-12 printed it): a usage error that says what changed,
 * rather than taking the next word for a year. */
static int bare_flag(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		const char *next = i + 1 < argc ? argv[i + 1] : "-";
		if (strcmp(argv[i], "--keep-mine") && strcmp(argv[i], "--take-theirs"))
			continue;
		if (next[0] == '-' || !strpbrk(next, "0123456789/."))
			return cli_usage_error(&cli_cmd_pull,
			                       _("%s needs the years it settles, such as %s=2024: "
			                         "run 'pact pull' and copy the command it prints"),
			                       argv[i], argv[i]);
	}
	return CLI_CONTINUE;
}

/* The names of `l`'s values: a value of digits and commas is a list of
 * years, any other one file. *names (malloc'ed, pointing into *copy, the
 * caller's to free) gets them. */
static int split_names(const char ***names, size_t *n, char **copy, const cli_list *l)
{
	size_t len = 0, cap = 0;
	char *p;

	for (size_t i = 0; i < l->n; i++) {
		len += strlen(l->v[i]) + 1;
		cap += strlen(l->v[i]) + 1; /* at most one name per byte */
	}
	*n = 0;
	*names = calloc(cap + 1, sizeof(**names));
	*copy = p = malloc(len + 1);
	if (!*names || !p)
		return cli_oom();
	for (size_t i = 0; i < l->n; i++) {
		const char *v = l->v[i];
		size_t vl = strlen(v);
		int list = vl && strspn(v, "0123456789,") == vl;
		memcpy(p, v, vl + 1);
		(*names)[(*n)++] = p;
		for (char *c = p; list && (c = strchr(c, ',')) != NULL;) {
			*c++ = '\0';
			(*names)[(*n)++] = c;
		}
		p += vl + 1;
	}
	return CLI_CONTINUE;
}

/* A merge: "[main abc1234] " and its message, as `pact commit` shows a
 * commit; the identity it was made with when none is configured. */
static void say_merged(pact_store *store, const char *hex, const char *report)
{
	pact_signature *sig = NULL;
	char *branch = NULL;
	int is_default = 0;

	if (pact_store_signature(&sig, &is_default, store, NULL) == 0 && is_default)
		cli_warning(
		        _("no identity configured: merged as '%s <%s>'; set your name and e-mail "
		          "once with 'git config --global user.name \"Full Name\"' and 'git "
		          "config --global user.email \"email\"'"),
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

/* The pull itself, with the names settled; the pull's exit status. */
static int pull(cli_ctx *ctx, const char *remote, const pact_pull_opts *po)
{
	pact_pull_result res;
	pact_oid tip;
	char *report = NULL;
	int rc;

	rc = pact_store_pull_merge(&res, &tip, &report, ctx->store, remote, po, cli_progress, NULL);
	cli_progress_end();
	if (rc == PACT_EUSAGE)
		return cli_usage_error(&cli_cmd_pull, "%s", pact_error_last()->message);
	if (rc < 0) {
		/* which files, who changed them, how to see it, the ways out */
		if (report)
			cli_eprintf("%s", report);
		free(report);
		return cli_fail(rc);
	}
	if (res != PACT_PULL_MERGED && (po->nkeep_mine || po->ntake_theirs))
		cli_warning(_("nothing to settle: no merge was needed, so --keep-mine and "
		              "--take-theirs were not used"));
	say_done(ctx->store, res, &tip, report);
	free(report);
	return EXIT_OK;
}

int cmd_pull(int argc, char **argv, cli_ctx *ctx)
{
	pull_args o;
	pact_pull_opts po = PACT_PULL_OPTS_INIT;
	const char **keep = NULL, **take = NULL;
	char *keep_buf = NULL, *take_buf = NULL;
	const char *remote = NULL;
	pact_oid before;
	int had = cli_pull_before(&before, ctx->store); /* for cli_pull_report */
	int rc, n = 0;

	memset(&o, 0, sizeof(o));
	if ((rc = bare_flag(argc, argv)) != CLI_CONTINUE)
		return rc;
	if ((rc = cli_parse(&n, &cli_cmd_pull, &o, argc, argv)) != CLI_CONTINUE)
		return rc;
	if ((rc = cli_operands(&cli_cmd_pull, n, 0, 1, argv)) != CLI_CONTINUE)
		return rc;
	remote = n ? argv[1] : NULL;
	if ((rc = split_names(&keep, &po.nkeep_mine, &keep_buf, &o.keep_mine)) != CLI_CONTINUE ||
	    (rc = split_names(&take, &po.ntake_theirs, &take_buf, &o.take_theirs)) != CLI_CONTINUE)
		goto done;
	po.keep_mine = keep;
	po.take_theirs = take;
	po.against = o.against;
	rc = pull(ctx, remote, &po);
	if (rc != EXIT_OK)
		goto done;
	/* Then the reviews, drafts and pact/ tags (README.md), and what came
	 * in of them, as `review pull` says it: an officer who pulls learns
	 * of the new draft, comments and approvals there. */
	{
		pact_review_sync *rep = NULL;
		int r = pact_review_pull_report(&rep, ctx->store, remote);
		if (r < 0)
			rc = cli_fail(r);
		if (r == 0 && rep->notes && *rep->notes)
			cli_eprintf("%s", rep->notes);
		if (r == 0 && (rep->count || rep->more)) {
			cli_printf(_("from '%s':\n"), remote ? remote : "origin");
			cli_print_review_events(rep);
		}
		pact_review_sync_free(rep);
	}
	if (rc == EXIT_OK) /* pacts that came in invalid or replace an adopted text */
		cli_pull_report(ctx->store, had ? &before : NULL);
done:
	free(keep);
	free(take);
	free(keep_buf);
	free(take_buf);
	return rc;
}
