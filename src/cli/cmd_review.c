/*
 * cmd_review.c - `pact review SUBCOMMAND`: open a draft, comment, approve,
 * revoke, see where it stands, adopt it, share it.
 *
 * A second small table dispatches the sub-commands, like the main one;
 * each sub-command parses its options, calls one libpact function
 * (include/pact/review.h) and prints. Exit status: 0 done, 1 refused or
 * incomplete (merge/check without every approval), 2 usage, 3 failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "wrap.h"
#include "pact/json.h"
#include "pact/review.h"
#include "pact/store.h"
#include "review_since.h"
#include "store_cli.h"

typedef struct args {
	int year;
	const char *from, *author, *clause, *member, *format, *rev, *reviews, *text, *remote;
	int no_switch, board, sign_yes, no_sign, allow_leftovers, force;
} args;

#define AUTHOR_OPT                                                                                 \
	CLI_STRING(0, "author", "\"NAME <EMAIL>\"", args, author, CLI_COMP_NONE,                   \
	           N_("who is recorded; default: GIT_AUTHOR_NAME/EMAIL, then user.name/email"))
#define FORMAT_OPT CLI_CHOICE(0, "format", args, format, "text|json", N_("text (default) or json"))

static const cli_opt open_opts[] = {
        CLI_STRING(0, "from", "YEAR", args, from, CLI_COMP_YEAR,
                   N_("seed the draft from YEAR's pact (default: the year before)")),
        CLI_FLAG(0, "no-switch", args, no_switch, N_("stay on the current branch")), AUTHOR_OPT,
        CLI_END};
static const cli_opt comment_opts[] = {
        CLI_STRING(0, "clause", "ID", args, clause, CLI_COMP_CLAUSE,
                   N_("comment on clause ID (default: on the draft as a whole)")),
        AUTHOR_OPT, CLI_END};
static const cli_opt comments_opts[] = {
        CLI_STRING(0, "clause", "ID", args, clause, CLI_COMP_CLAUSE,
                   N_("only the comments on clause ID ('-': the general ones)")),
        FORMAT_OPT, CLI_END};
static const cli_opt approve_opts[] = {
        CLI_STRING(0, "member", "ID", args, member, CLI_COMP_MEMBER,
                   N_("the member approving; default: the one whose approvers: lists you")),
        CLI_FLAG(0, "board", args, board,
                 N_("approve as the store's board (.pact/board on main), for departing members")),
        CLI_FLAG('S', "sign", args, sign_yes,
                 N_("sign with your SSH key (git config gpg.format ssh, user.signingKey)")),
        CLI_FLAG(0, "no-sign", args, no_sign, N_("do not sign (default: sign when a key is set)")),
        AUTHOR_OPT,
        CLI_END};
static const cli_opt revoke_opts[] = {
        CLI_STRING(0, "member", "ID", args, member, CLI_COMP_MEMBER,
                   N_("the member whose approval is withdrawn; default: the one whose "
                      "approvers: lists you")),
        CLI_FLAG(0, "board", args, board,
                 N_("withdraw the board's approval (.pact/board on main), given for departing "
                    "members")),
        CLI_FLAG('S', "sign", args, sign_yes,
                 N_("sign with your SSH key (git config gpg.format ssh, user.signingKey)")),
        CLI_FLAG(0, "no-sign", args, no_sign, N_("do not sign (default: sign when a key is set)")),
        AUTHOR_OPT,
        CLI_END};
static const cli_opt status_opts[] = {FORMAT_OPT, CLI_END};
static const cli_opt merge_opts[] = {
        CLI_FLAG(0, "allow-leftovers", args, allow_leftovers,
                 N_("adopt although last year's placeholder date or year mentions remain")),
        CLI_FLAG(0, "force", args, force,
                 N_("adopt the committed text although the work tree has uncommitted "
                    "changes to it")),
        AUTHOR_OPT, CLI_END};
static const cli_opt check_opts[] = {
        CLI_STRING(0, "rev", "REV", args, rev, CLI_COMP_REV,
                   N_("the text to check (default: the draft branch)")),
        CLI_STRING(0, "reviews", "REV", args, reviews, CLI_COMP_REV,
                   N_("the review records to read (default: this store's)")),
        CLI_END};

#define SUB(n, u, s, ab, ex, o, comp)                                                              \
	{                                                                                          \
		.name = "review " n, .usage = u, .summary = s, .about = ab, .example = ex,         \
		.opts = o, .operand = comp, .args_size = CLI_ARGS(args)                            \
	}

static const cli_cmd review_open =
        SUB("open", N_("review open YEAR [--from YEAR] [--no-switch] [--author \"NAME <EMAIL>\"]"),
            N_("open next year's draft on branch draft/YEAR"),
            N_("Create branch draft/YEAR with pacts/YEAR.yaml seeded from the previous\n"
               "year's pact (its signing date reset), and switch to it unless local\n"
               "changes are in the way, this copy is on no branch (an older version\n"
               "is checked out) or --no-switch is given."),
            "pact review open 2025", open_opts, CLI_COMP_YEAR);
static const cli_cmd review_comment = SUB(
        "comment", N_("review comment YEAR [--clause ID] [--author \"NAME <EMAIL>\"] [--] TEXT"),
        N_("comment on the draft or on one clause"),
        N_("Record a comment on the YEAR draft, on clause ID or on the whole text.\n"
           "Comments are kept in refs/pact/reviews and travel with 'pact review push'."),
        "pact review comment 2025 --clause khen-thuong \"Đề nghị bổ sung tiêu chí\"", comment_opts,
        CLI_COMP_YEAR);
static const cli_cmd review_comments =
        SUB("comments", N_("review comments YEAR [--clause ID|-] [--format=text|json]"),
            N_("list the comments on a draft"),
            N_("List the comments on the YEAR draft, thread by thread."),
            "pact review comments 2025 --clause khen-thuong", comments_opts, CLI_COMP_YEAR);
static const cli_cmd review_approve =
        SUB("approve",
            N_("review approve YEAR [--member ID] [--board] [-S|--no-sign] [--author \"NAME "
               "<EMAIL>\"]"),
            N_("approve the exact text of a draft for a member"),
            N_("Record that MEMBER approves the draft's current text, word for word: a\n"
               "later change to the text makes the approval out of date. Refused when\n"
               "you are not one of the member's approvers: (in the last adopted pact for\n"
               "a continuing member). A member the draft drops approves too, or the\n"
               "board (--board, e-mails in .pact/board on main) approves for it. The\n"
               "record is signed with your SSH key when git config names one."),
            "pact review approve 2025 --member so-y-te", approve_opts, CLI_COMP_YEAR);
static const cli_cmd review_revoke = SUB(
        "revoke",
        N_("review revoke YEAR [--member ID] [--board] [-S|--no-sign] [--author \"NAME <EMAIL>\"]"),
        N_("withdraw an approval"),
        N_("Withdraw MEMBER's approval of the YEAR draft: a revocation record, newer\n"
           "than the approval, so it wins on every clone. Refused once adopted."),
        "pact review revoke 2025 --member so-y-te", revoke_opts, CLI_COMP_YEAR);
static const cli_cmd review_status =
        SUB("status", N_("review status YEAR [--format=text|json]"),
            N_("show where a draft stands: changes and approvals"),
            N_("Show the draft's branch and text, what changed against the previous\n"
               "year, and which members have approved this exact text."),
            "pact review status 2025", status_opts, CLI_COMP_YEAR);
static const cli_cmd review_merge = SUB(
        "merge", N_("review merge YEAR [--allow-leftovers] [--force] [--author \"NAME <EMAIL>\"]"),
        N_("adopt a draft every member approved"),
        N_("Merge draft/YEAR into main and tag it pact/YEAR, only when every member\n"
           "(and every member the draft drops) has approved the exact text and no\n"
           "leftovers of last year remain; otherwise refuse (exit status 1). Also\n"
           "refused while the draft checked out has uncommitted changes to the pact,\n"
           "unless --force: what is adopted is the committed text."),
        "pact review merge 2025", merge_opts, CLI_COMP_YEAR);
static const cli_cmd review_check =
        SUB("check", N_("review check YEAR [--rev REV] [--reviews REV]"),
            N_("check that every member approved a text (for scripts and hooks)"),
            N_("Exit 0 when every member approved the text of REV (default: the draft),\n"
               "1 with the missing members otherwise."),
            "pact review check 2025 --rev main", check_opts, CLI_COMP_YEAR);
static const cli_cmd review_push =
        SUB("push", N_("review push [REMOTE]"), N_("send reviews, drafts, main and pact/ tags"),
            N_("Push review records, draft branches, main and pact/ tags to REMOTE\n"
               "(default: origin), and list what it did not have yet: drafts,\n"
               "comments, approvals, withdrawals, adoptions."),
            "pact review push origin", NULL, CLI_COMP_REMOTE);
static const cli_cmd review_pull =
        SUB("pull", N_("review pull [REMOTE]"), N_("fetch reviews, drafts and pact/ tags"),
            N_("Fetch review records, draft branches and pact/ tags from REMOTE\n"
               "(default: origin), and list what came in (drafts, comments,\n"
               "approvals, withdrawals, adoptions) or say that nothing is new."),
            "pact review pull origin", NULL, CLI_COMP_REMOTE);

const cli_cmd *const cli_review_cmds[] = {&review_open,    &review_comment,        &review_comments,
                                          &review_approve, &review_revoke,         &review_status,
                                          &review_merge,   &review_check,          &review_push,
                                          &review_pull,    &cli_cmd_review_import, NULL};

const cli_cmd cli_cmd_review = {
        .name = "review",
        .usage = N_("review SUB-COMMAND [YEAR] [OPTIONS]"),
        .summary = N_("draft, comment on, approve and adopt next year's pact"),
        .about = N_("Adopt next year's pact the way the bloc does: the leader opens a draft\n"
                    "(branch draft/YEAR, seeded from the previous year), members comment and\n"
                    "approve, and the draft is merged onto main, tagged pact/YEAR, only when\n"
                    "every member has approved the exact text."),
        .example = "pact review open 2025\n"
                   "pact review approve 2025 --member so-y-te\n"
                   "pact review merge 2025",
        .subs = cli_review_cmds,
};

/* The sub-command's own options (its table), then its operands:
 * YEAR and TEXT, or REMOTE. */
static int parse(args *a, const cli_cmd *spec, int argc, char **argv, int want_year, int want_text)
{
	int n = 0, rc, k = 1;

	memset(a, 0, sizeof(*a));
	if ((rc = cli_parse(&n, spec, a, argc, argv)) != CLI_CONTINUE)
		return rc;
	if (want_year) {
		if (n < 1)
			return cli_usage_error(spec, _("which year? e.g. 'pact %s 2025'"),
			                       spec->name);
		if (cli_parse_year(&a->year, argv[k]) < 0)
			return cli_usage_error(spec, _("'%s' is not a year"), argv[k]);
		k++;
	}
	if (want_text) {
		if (n < k)
			return cli_usage_error(spec, "%s", _("no comment text given"));
		a->text = argv[k++];
	}
	if (!want_year && !want_text && n >= k)
		a->remote = argv[k++];
	if (n >= k)
		return cli_usage_error(spec, _("unexpected argument '%s'"), argv[k]);
	return CLI_CONTINUE;
}

/* The identity for records; approvals refuse the built-in default. */
static int identity(pact_signature **sig, cli_ctx *ctx, const char *author, int need_real)
{
	int is_default = 0, rc = pact_store_signature(sig, &is_default, ctx->store, author);
	if (rc < 0)
		return cli_fail(rc);
	if (is_default && need_real) {
		pact_signature_free(*sig);
		*sig = NULL;
		cli_error(_("who is approving? set your name and e-mail once with 'git config "
		            "--global user.name \"Full Name\"' and 'git config --global user.email "
		            "\"email\"', or pass --author \"Full Name <email>\""));
		return EXIT_FINDINGS;
	}
	return 0;
}

static void short_hex(char out[13], const char *hex)
{
	snprintf(out, 13, "%.12s", hex);
}

/* ---- sub-commands ------------------------------------------------------ */

static int sub_open(int argc, char **argv, cli_ctx *ctx)
{
	pact_review_open_opts o = PACT_REVIEW_OPEN_OPTS_INIT;
	pact_signature *sig = NULL;
	pact_oid tip;
	args a;
	char hex[PACT_OID_HEXSZ + 1];
	int rc, switched = 0, status;

	if ((status = parse(&a, &review_open, argc, argv, 1, 0)) != CLI_CONTINUE)
		return status;
	if (a.from && cli_parse_year(&o.from_year, a.from) < 0)
		return cli_usage_error(&review_open, _("'%s' is not a year"), a.from);
	o.no_switch = a.no_switch;
	if ((status = identity(&sig, ctx, a.author, 0)) != 0)
		return status;
	rc = pact_review_open(&tip, &switched, ctx->store, a.year, sig, &o);
	pact_signature_free(sig);
	if (rc < 0)
		return cli_fail(rc);
	pact_oid_fmt(hex, 8, &tip);
	cli_printf(_("opened the %04d draft on branch 'draft/%04d' [%s], seeded from %04d\n"),
	           a.year, a.year, hex, o.from_year ? o.from_year : a.year - 1);
	if (o.rolled & (PACT_ROLLED_TITLE | PACT_ROLLED_CLOSING | PACT_ROLLED_PREAMBLE)) {
		/* "title, closing, preamble": the parts that changed, as a list */
		char parts[256] = "";
		const char *names[] = {_("title"), _("closing"), _("preamble")};
		const unsigned bits[] = {PACT_ROLLED_TITLE, PACT_ROLLED_CLOSING,
		                         PACT_ROLLED_PREAMBLE};
		for (size_t k = 0; k < 3; k++)
			if (o.rolled & bits[k])
				snprintf(parts + strlen(parts), sizeof(parts) - strlen(parts),
				         "%s%s", parts[0] ? ", " : "", names[k]);
		cli_printf(_("rolled %04d over to %04d in: %s\n"),
		           o.from_year ? o.from_year : a.year - 1, a.year, parts);
	}
	cli_printf(_("signing date reset to %04d-01-01: set the real one before adoption\n"),
	           a.year);
	for (int k = 0; k < 2; k++)
		if (o.rolled & (k ? PACT_SEED_DROPPED_NOTE : PACT_SEED_DROPPED_SOURCE))
			cli_printf(_("left out the %04d pact's '%s:': it is about that text, not "
			             "this draft\n"),
			           o.from_year ? o.from_year : a.year - 1, k ? "note" : "source");
	if (switched)
		cli_printf(
		        _("switched to branch 'draft/%04d'; edit pacts/%04d.yaml and 'pact commit' "
		          "it\n"),
		        a.year, a.year);
	else if (pact_store_workdir(ctx->store) && !a.no_switch &&
	         !pact_store_head_on_branch(ctx->store))
		cli_warning(_("this copy is on no branch (an older version is checked out), so it "
		              "stays where it is; the draft holds main's %04d text, not the one "
		              "open here. Run 'git switch draft/%04d' to edit the draft"),
		            o.from_year ? o.from_year : a.year - 1, a.year);
	else if (pact_store_workdir(ctx->store) && !a.no_switch)
		cli_warning(
		        _("local changes are in the way; run 'git switch draft/%04d' when ready"),
		        a.year);
	return EXIT_OK;
}

static int sub_comment(int argc, char **argv, cli_ctx *ctx)
{
	pact_signature *sig = NULL;
	args a;
	int rc, status;

	if ((status = parse(&a, &review_comment, argc, argv, 1, 1)) != CLI_CONTINUE)
		return status;
	if ((status = identity(&sig, ctx, a.author, 0)) != 0)
		return status;
	rc = pact_review_comment(ctx->store, a.year, a.clause, a.text, sig);
	pact_signature_free(sig);
	if (rc < 0)
		return cli_fail(rc);
	cli_printf(_("comment added to %04d %s\n"), a.year, a.clause ? a.clause : _("(general)"));
	return EXIT_OK;
}

/* Docs: docs/json.md ("pact-review-comments/1"). */
static void comments_json(pact_json *j, const void *arg)
{
	const pact_comments *c = arg;

	pact_json_begin_document(j, "pact-review-comments/1");
	pact_json_key(j, "comments");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t i = 0; i < c->count; i++) {
		const pact_comment *m = &c->items[i];
		char date[40];
		cli_format_date_iso(date, sizeof(date), m->time, m->offset);
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kstring(j, "clause", m->clause);
		pact_json_kstring(j, "name", m->name);
		pact_json_kstring(j, "email", m->email);
		pact_json_kstring(j, "date", date);
		pact_json_kstring(j, "blob", m->blob);
		pact_json_kstring(j, "text", m->text);
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
}

static int sub_comments(int argc, char **argv, cli_ctx *ctx)
{
	pact_comments *c = NULL;
	const char *last = "";
	args a;
	int rc, status;

	if ((status = parse(&a, &review_comments, argc, argv, 1, 0)) != CLI_CONTINUE)
		return status;
	rc = pact_review_comments(&c, ctx->store, a.year, a.clause);
	if (rc < 0)
		return cli_fail(rc);
	if (a.format && !strcmp(a.format, "json")) {
		status = cli_print_json(comments_json, c);
		pact_comments_free(c);
		return status;
	}
	for (size_t i = 0; i < c->count; i++) {
		const pact_comment *m = &c->items[i];
		const char *thread = m->clause ? m->clause : _("(general)");
		char date[40];
		cli_format_date_iso(date, sizeof(date), m->time, m->offset);
		if (strcmp(thread, last) != 0)
			cli_printf("%s== %s ==\n", i ? "\n" : "", thread);
		last = thread;
		cli_printf(_("%s <%s>, %s (on text %.7s):\n"), m->name, m->email, date, m->blob);
		/* indent the text so threads read like mail */
		for (const char *p = m->text; *p;) {
			size_t n = strcspn(p, "\n");
			cli_printf("    %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	if (!c->count)
		cli_printf(_("no comments on %04d%s%s\n"), a.year, a.clause ? " " : "",
		           a.clause ? a.clause : "");
	pact_comments_free(c);
	return EXIT_OK;
}

/* approve and revoke: one path, the library's receipt printed. */
static int approve_or_revoke(int argc, char **argv, cli_ctx *ctx, int revoke)
{
	pact_review_approve_opts o = PACT_REVIEW_APPROVE_OPTS_INIT;
	pact_review_receipt *r = NULL;
	pact_signature *sig = NULL;
	args a;
	int rc, status;

	if ((status = parse(&a, revoke ? &review_revoke : &review_approve, argc, argv, 1, 0)) !=
	    CLI_CONTINUE)
		return status;
	if (a.board && a.member)
		return cli_usage_error(revoke ? &review_revoke : &review_approve, "%s",
		                       _("--board and --member exclude each other"));
	if (a.sign_yes && a.no_sign)
		return cli_usage_error(revoke ? &review_revoke : &review_approve, "%s",
		                       _("--sign and --no-sign exclude each other"));
	if ((status = identity(&sig, ctx, a.author, 1)) != 0)
		return status;
	o.member = a.member;
	o.board = a.board;
	o.sign = a.sign_yes ? PACT_SIGN_ALWAYS : a.no_sign ? PACT_SIGN_NEVER : PACT_SIGN_AUTO;
	rc = revoke ? pact_review_revoke_ext(&r, ctx->store, a.year, sig, &o)
	            : pact_review_approve_ext(&r, ctx->store, a.year, sig, &o);
	if (rc < 0) {
		pact_signature_free(sig);
		return cli_fail(rc);
	}
	if (r->uncommitted)
		cli_warning(_("pacts/%04d.yaml has uncommitted changes; approving the committed "
		              "text %.7s"),
		            a.year, r->blob);
	if (r->unchanged)
		cli_printf(_("'%s' already approved this text of the %04d draft\n"), r->member,
		           a.year);
	else if (revoke)
		cli_printf(_("approval of the %04d draft withdrawn for %s%s\n"), a.year, r->member,
		           r->is_signed ? _(" (signed)") : "");
	else if (a.board)
		cli_printf(_("the board approves the %04d draft (pacts/%04d.yaml %.12s) for its "
		             "departing "
		             "members as %s <%s>%s\n"),
		           a.year, a.year, r->blob, sig->name, sig->email,
		           r->is_signed ? _(" (signed)") : "");
	else
		cli_printf(_("%s approves the %04d draft (pacts/%04d.yaml %.12s) as %s <%s>%s\n"),
		           r->member, a.year, a.year, r->blob, sig->name, sig->email,
		           r->is_signed ? _(" (signed)") : "");
	if (!revoke && !r->unchanged && r->prev_blob[0])
		cli_review_print_since(ctx->store, a.year, r->prev_blob, r->blob, "");
	if (r->also_for)
		cli_warning(_("you already approved for %s as %s; one identity now speaks for two "
		              "members"),
		            r->also_for, sig->email);
	pact_review_receipt_free(r);
	pact_signature_free(sig);
	return EXIT_OK;
}

static int sub_approve(int argc, char **argv, cli_ctx *ctx)
{
	return approve_or_revoke(argc, argv, ctx, 0);
}

static int sub_revoke(int argc, char **argv, cli_ctx *ctx)
{
	return approve_or_revoke(argc, argv, ctx, 1);
}

static const char *state_word(pact_approval_state s)
{
	static const char *w[] = {N_("not yet"),     N_("approved"), N_("out of date"),
	                          N_("not allowed"), N_("revoked"),  N_("unverified")};
	return _(w[s]);
}

static const char *state_json(pact_approval_state s)
{
	static const char *w[] = {"missing",     "approved", "stale",
	                          "not-allowed", "revoked",  "unverified"};
	return w[s];
}

static const char *sig_json(pact_sig_state s)
{
	static const char *w[] = {"unsigned", "valid", "bad", "unchecked"};
	return w[s];
}

/* ", signed-valid" / ", unsigned" / ", bad signature (why)" */
static void print_sig_text(const pact_approval *a, int signing)
{
	switch (a->sig) {
	case PACT_SIG_VALID:
		cli_printf(_(", signed-valid"));
		break;
	case PACT_SIG_BAD:
		cli_printf(_(", bad signature (%s)"), a->sig_reason ? a->sig_reason : "?");
		break;
	case PACT_SIG_UNCHECKED:
		cli_printf(_(", signed (not checked: no .pact/allowed_signers)"));
		break;
	default:
		cli_printf("%s", signing ? _(", unsigned (does not count here)") : _(", unsigned"));
		break;
	}
}

static void approval_json(pact_json *j, const pact_approval *a)
{
	char date[40];
	cli_format_date_iso(date, sizeof(date), a->time, a->offset);
	pact_json_begin_object(j, PACT_JSON_INLINE);
	pact_json_kstring(j, "blob", a->blob);
	pact_json_kstring(j, "commit", a->commit);
	pact_json_kstring(j, "name", a->name);
	pact_json_kstring(j, "email", a->email);
	pact_json_kstring(j, "date", date);
	pact_json_kbool(j, "revoked", a->revoked);
	pact_json_kstring(j, "signature", sig_json(a->sig));
	if (a->sig_reason)
		pact_json_kstring(j, "signature_reason", a->sig_reason);
	pact_json_end_object(j);
}

/* Docs: docs/json.md ("pact-review-status/1"). */
static void status_json(pact_json *j, const void *arg)
{
	const pact_review_status *s = arg;
	const pact_review_summary *m = &s->summary;

	pact_json_begin_document(j, "pact-review-status/1");
	pact_json_kint(j, "year", s->year);
	pact_json_kint(j, "from", s->from_year);
	pact_json_kstring(j, "branch", s->branch ? s->branch : "");
	pact_json_kstring(j, "commit", s->commit);
	pact_json_kstring(j, "blob", s->blob);
	pact_json_kbool(j, "valid", s->valid);
	pact_json_kstring(j, "adopted", s->adopted[0] ? s->adopted : NULL);
	pact_json_kbool(j, "complete", pact_review_complete(s));
	pact_json_kuint(j, "approved", s->napproved);
	pact_json_key(j, "members");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t i = 0; i < s->nmembers; i++) {
		const pact_review_member *r = &s->members[i];
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kstring(j, "id", r->id);
		pact_json_kstring(j, "name", r->name);
		pact_json_kstring(j, "state", state_json(r->state));
		pact_json_kbool(j, "departing", r->departing);
		pact_json_kbool(j, "by_board", r->by_board);
		if (r->also_for)
			pact_json_kstring(j, "also_for", r->also_for);
		if (r->continued_in)
			pact_json_kstring(j, "continued_in", r->continued_in);
		if (r->state != PACT_APPROVAL_MISSING) {
			pact_json_key(j, "approval");
			approval_json(j, &r->approval);
		}
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
	pact_json_kbool(j, "signing", s->signing);
	pact_json_key(j, "board");
	if (s->board_state == PACT_APPROVAL_MISSING) {
		pact_json_null(j);
	} else {
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kstring(j, "state", state_json(s->board_state));
		pact_json_key(j, "approval");
		approval_json(j, &s->board);
		pact_json_end_object(j);
	}
	pact_json_key(j, "leftovers");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t i = 0; i < s->nleftovers; i++)
		pact_json_string(j, s->leftovers[i]);
	pact_json_end_array(j);
	pact_json_key(j, "summary");
	if (!m->has_previous) {
		pact_json_null(j);
		return;
	}
	pact_json_begin_object(j, PACT_JSON_INLINE);
	pact_json_kuint(j, "unchanged", m->unchanged);
	pact_json_kuint(j, "changed", m->changed);
	pact_json_kuint(j, "added", m->added);
	pact_json_kuint(j, "removed", m->removed);
	pact_json_kuint(j, "renumbered", m->renumbered);
	pact_json_kbool(j, "other_changed", m->other_changed);
	pact_json_end_object(j);
}

/* "against 2024: 3 clauses unchanged, 1 changed": the counts that are not
 * zero, as the text diff summary does. */
static void print_against(int from_year, const pact_review_summary *m)
{
	const char *sep = " ";
	char c1[64];

	cli_printf(_("against %04d:"), from_year);
	if (m->unchanged) {
		cli_printf(" %s", CLI_PLURAL(c1, "%zu clause unchanged", "%zu clauses unchanged",
		                             m->unchanged));
		sep = ", ";
	}
	if (m->changed) {
		cli_printf("%s", sep);
		cli_printf(_("%zu changed"), m->changed);
		sep = ", ";
	}
	if (m->added) {
		cli_printf("%s", sep);
		cli_printf(_("%zu added"), m->added);
		sep = ", ";
	}
	if (m->removed) {
		cli_printf("%s", sep);
		cli_printf(_("%zu removed"), m->removed);
		sep = ", ";
	}
	if (sep[0] == ' ')
		cli_printf(_(" no clauses"));
	cli_printf("%s%s\n", m->renumbered ? _(", renumbered some") : "",
	           m->other_changed ? _("; other fields changed") : "");
}

static void print_status_text(pact_store *store, const pact_review_status *s)
{
	const pact_review_summary *m = &s->summary;
	const char *br = s->branch ? s->branch : "";
	char c[13], b[13];

	if (!strncmp(br, "refs/heads/", 11))
		br += 11;
	short_hex(c, s->commit);
	short_hex(b, s->blob);
	cli_printf(_("draft %04d on branch '%s' (saved as %s; pacts/%04d.yaml is text %s)\n"),
	           s->year, br, c, s->year, b);
	if (s->adopted[0])
		cli_printf(_("adopted in %.12s, tagged pact/%04d\n"), s->adopted, s->year);
	if (!s->valid) {
		cli_printf(_("the draft is not a valid pact: run 'pact validate' on it\n"));
		return;
	}
	if (m->has_previous)
		print_against(s->from_year, m);
	else
		cli_printf(_("against %04d: no pact to compare with\n"), s->from_year);
	cli_printf(Q_("approvals: %zu of %zu member", "approvals: %zu of %zu members", s->nmembers),
	           s->napproved, s->nmembers);
	if (s->ndeparting)
		cli_printf(_(" (%zu of them in the %04d pact but not in this text)"), s->ndeparting,
		           s->prev_year);
	cli_printf("\n");
	for (size_t i = 0; i < s->nmembers; i++) {
		const pact_review_member *r = &s->members[i];
		const char *w = r->by_board ? _("board") : state_word(r->state);
		size_t cols = cli_text_width(w, strlen(w));
		/* padded by terminal columns: "chưa" is 4 columns in 5 bytes */
		cli_printf("  %s%*s %-20s %s", w, cols < 12 ? (int)(12 - cols) : 0, "", r->id,
		           r->name);
		if (r->departing && r->continued_in)
			cli_printf(_(" [continues in %s in the %04d text: its own or the board's "
			             "approval needed]"),
			           r->continued_in, s->year);
		else if (r->departing)
			cli_printf(_(" [leaves the bloc: not in the %04d text]"), s->year);
		if (r->state != PACT_APPROVAL_MISSING) {
			char date[40];
			cli_format_date_iso(date, sizeof(date), r->approval.time,
			                    r->approval.offset);
			cli_printf(" - %s%s <%s>, %s", r->approval.revoked ? _("revoked by ") : "",
			           r->approval.name, r->approval.email, date);
			if (r->state == PACT_APPROVAL_STALE)
				cli_printf(_(", of older text %.12s"), r->approval.blob);
			print_sig_text(&r->approval, s->signing);
		}
		if (r->by_board)
			cli_printf(_(" - its departure approved by the board"));
		if (r->also_for)
			cli_printf(_(" - the same identity approved for %s"), r->also_for);
		cli_printf("\n");
		if (r->state == PACT_APPROVAL_STALE && !s->adopted[0])
			cli_review_print_since(store, s->year, r->approval.blob, s->blob,
			                       "               ");
	}
	if (s->board_state != PACT_APPROVAL_MISSING) {
		char date[40];
		cli_format_date_iso(date, sizeof(date), s->board.time, s->board.offset);
		cli_printf(_("board: %s - %s%s <%s>, %s"), state_word(s->board_state),
		           s->board.revoked ? _("revoked by ") : "", s->board.name, s->board.email,
		           date);
		print_sig_text(&s->board, s->signing);
		cli_printf("\n");
	} else if (s->ndeparting) {
		cli_printf(_("board: %s\n"), s->has_board
		                                     ? _("has not approved the departures")
		                                     : _("none (.pact/board on main names one)"));
	}
	for (size_t i = 0; i < s->nstrangers; i++) {
		const char *w = _("ignored");
		size_t cols = cli_text_width(w, strlen(w));
		cli_printf(_("  %s%*s %-20s (not a member of this text) - %s <%s>\n"), w,
		           cols < 12 ? (int)(12 - cols) : 0, "", s->strangers[i].member,
		           s->strangers[i].name, s->strangers[i].email);
	}
	if (s->signing)
		cli_printf(_("signatures: required (.pact/allowed_signers on main): only "
		             "signed-valid approvals count\n"));
	else
		cli_printf(
		        _("signatures: not checked (no .pact/allowed_signers on main): approvals "
		          "are unsigned claims of identity\n"));
	if (s->nleftovers && !s->adopted[0]) {
		cli_printf(_("leftovers from %04d ('review merge' refuses them; fix them or use "
		             "--allow-leftovers):\n"),
		           s->from_year);
		for (size_t i = 0; i < s->nleftovers; i++)
			cli_printf("  %s\n", s->leftovers[i]);
	}
	if (s->adopted[0])
		return;
	if (pact_review_complete(s) && s->nleftovers)
		cli_printf(
		        _("not ready: every member approved, but the leftovers above remain; fix "
		          "them, or adopt as it is with 'pact review merge %04d "
		          "--allow-leftovers'\n"),
		        s->year);
	else if (pact_review_complete(s))
		cli_printf(_("ready: 'pact review merge %04d' adopts it\n"), s->year);
	else
		cli_printf(Q_("not ready: %zu member still to approve this text\n",
		              "not ready: %zu members still to approve this text\n",
		              s->nmembers - s->napproved),
		           s->nmembers - s->napproved);
}

static int sub_status(int argc, char **argv, cli_ctx *ctx)
{
	pact_review_status *s = NULL;
	args a;
	int rc, status;

	if ((status = parse(&a, &review_status, argc, argv, 1, 0)) != CLI_CONTINUE)
		return status;
	rc = pact_review_status_get(&s, ctx->store, a.year);
	if (rc < 0)
		return cli_fail(rc);
	status = EXIT_OK;
	if (a.format && !strcmp(a.format, "json"))
		status = cli_print_json(status_json, s);
	else
		print_status_text(ctx->store, s);
	pact_review_status_free(s);
	return status;
}

static int sub_merge(int argc, char **argv, cli_ctx *ctx)
{
	pact_signature *sig = NULL;
	pact_oid id;
	char hex[PACT_OID_HEXSZ + 1];
	args a;
	int rc, status, switched = 0, dirty;

	if ((status = parse(&a, &review_merge, argc, argv, 1, 0)) != CLI_CONTINUE)
		return status;
	if ((status = identity(&sig, ctx, a.author, 0)) != 0)
		return status;
	dirty = pact_review_uncommitted(ctx->store, a.year);
	rc = pact_review_merge(&id, &switched, ctx->store, a.year, sig,
	                       (a.allow_leftovers ? PACT_REVIEW_MERGE_ALLOW_LEFTOVERS : 0) |
	                               (a.force ? PACT_REVIEW_MERGE_FORCE : 0));
	pact_signature_free(sig);
	if (rc < 0)
		return cli_fail(rc);
	if (dirty)
		cli_warning(_("pacts/%04d.yaml keeps uncommitted changes that were not adopted; "
		              "the adopted text is the committed one"),
		            a.year);
	pact_oid_fmt(hex, 13, &id);
	cli_printf(_("adopted the %04d pact: merged 'draft/%04d' into 'main' [%s], tagged "
	             "pact/%04d\n"),
	           a.year, a.year, hex, a.year);
	if (switched)
		cli_printf(_("switched to branch 'main'\n"));
	cli_printf(_("share it with 'pact review push'\n"));
	return EXIT_OK;
}

static int sub_check(int argc, char **argv, cli_ctx *ctx)
{
	pact_review_status *s = NULL;
	pact_oid content, reviews;
	char *missing = NULL, dref[48];
	args a;
	int rc, status;

	if ((status = parse(&a, &review_check, argc, argv, 1, 0)) != CLI_CONTINUE)
		return status;
	pact_review_draft_ref(dref, a.year);
	rc = pact_store_resolve(&content, ctx->store, a.rev ? a.rev : dref);
	if (rc == 0 && a.reviews)
		rc = pact_store_resolve(&reviews, ctx->store, a.reviews);
	if (rc == 0)
		rc = pact_review_evaluate(&s, ctx->store, a.year, &content,
		                          a.reviews ? &reviews : NULL);
	if (rc < 0)
		return cli_fail(rc);
	if (pact_review_complete(s)) {
		cli_printf(_("%04d: every member (%zu) approved text %.12s\n"), a.year, s->nmembers,
		           s->blob);
		status = EXIT_OK;
	} else if (!s->valid) {
		cli_error(_("%04d: pacts/%04d.yaml at '%s' is not a valid pact"), a.year, a.year,
		          a.rev ? a.rev : dref);
		status = EXIT_FINDINGS;
	} else {
		missing = pact_review_missing_list(s);
		cli_error(_("%04d: text %.12s lacks approvals: %s"), a.year, s->blob,
		          missing ? missing : "?");
		status = EXIT_FINDINGS;
	}
	free(missing);
	pact_review_status_free(s);
	return status;
}

/* One line per event of a review pull or push: what came in or went out,
 * in the officers' terms (README.md, "Sharing reviews"). */
static void print_event(const pact_review_event *e)
{
	const char *who = e->name ? e->name : "?", *mail = e->email ? e->email : "?";
	int board = e->member && !strcmp(e->member, PACT_REVIEW_BOARD);

	switch (e->kind) {
	case PACT_REVIEW_EV_DRAFT_NEW:
		cli_printf(_("  %04d: new draft, opened by %s\n"), e->year, who);
		break;
	case PACT_REVIEW_EV_DRAFT_CHANGED:
		cli_printf(_("  %04d: the draft was changed, last by %s\n"), e->year, who);
		break;
	case PACT_REVIEW_EV_COMMENT:
		if (e->clause)
			cli_printf(_("  %04d: comment on clause %s by %s <%s>\n"), e->year,
			           e->clause, who, mail);
		else
			cli_printf(_("  %04d: comment on the draft as a whole by %s <%s>\n"),
			           e->year, who, mail);
		break;
	case PACT_REVIEW_EV_APPROVAL:
		if (board)
			cli_printf(_("  %04d: approval by the board, given by %s <%s>\n"), e->year,
			           who, mail);
		else
			cli_printf(_("  %04d: approval for %s, given by %s <%s>\n"), e->year,
			           e->member, who, mail);
		break;
	case PACT_REVIEW_EV_REVOCATION:
		if (board)
			cli_printf(_("  %04d: the board's approval withdrawn by %s <%s>\n"),
			           e->year, who, mail);
		else
			cli_printf(_("  %04d: approval for %s withdrawn by %s <%s>\n"), e->year,
			           e->member, who, mail);
		break;
	case PACT_REVIEW_EV_ADOPTED:
		cli_printf(_("  %04d: adopted\n"), e->year);
		break;
	case PACT_REVIEW_EV_MAIN:
		cli_printf(_("  main (the adopted pacts): updated, last change by %s\n"), who);
		break;
	}
}

/* The events, then "... and N more"; nonzero when any was an adoption. */
static int print_events(const pact_review_sync *rep)
{
	int adopted = 0;
	for (size_t i = 0; i < rep->count; i++) {
		print_event(&rep->events[i]);
		adopted |= rep->events[i].kind == PACT_REVIEW_EV_ADOPTED;
	}
	if (rep->more)
		cli_printf(Q_("  ... and %zu more record\n", "  ... and %zu more records\n",
		              rep->more),
		           rep->more);
	return adopted;
}

int cli_print_review_events(const pact_review_sync *rep)
{
	return print_events(rep);
}

static int sub_push(int argc, char **argv, cli_ctx *ctx)
{
	pact_review_sync *rep = NULL;
	const char *remote;
	args a;
	int rc, status;

	if ((status = parse(&a, &review_push, argc, argv, 0, 0)) != CLI_CONTINUE)
		return status;
	remote = a.remote ? a.remote : "origin";
	cli_warn_push_skips_hooks(ctx->store, a.remote);
	rc = pact_review_push_report(&rep, ctx->store, a.remote, PACT_REVIEW_PUSH_MAIN);
	if (rc == PACT_EUNCHANGED) {
		cli_printf(_("nothing new to send: '%s' already has every review, draft and "
		             "adopted pact of this store\n"),
		           remote);
		return EXIT_OK;
	}
	if (rc < 0)
		return cli_fail(rc);
	cli_printf(_("sent to '%s':\n"), remote);
	print_events(rep);
	pact_review_sync_free(rep);
	return EXIT_OK;
}

static int sub_pull(int argc, char **argv, cli_ctx *ctx)
{
	pact_review_sync *rep = NULL;
	const char *remote;
	args a;
	int rc, status;

	if ((status = parse(&a, &review_pull, argc, argv, 0, 0)) != CLI_CONTINUE)
		return status;
	remote = a.remote ? a.remote : "origin";
	rc = pact_review_pull_report(&rep, ctx->store, a.remote);
	if (rc < 0)
		return cli_fail(rc);
	if (rep->notes)
		cli_printf("%s", rep->notes);
	if (!rep->count && !rep->more) {
		cli_printf(_("nothing new from '%s': no new drafts, comments, approvals or "
		             "adoptions\n"),
		           remote);
	} else {
		cli_printf(_("from '%s':\n"), remote);
		if (print_events(rep))
			cli_printf(_("'pact pull' brings the adopted texts into this copy\n"));
	}
	pact_review_sync_free(rep);
	return EXIT_OK;
}

static const struct {
	const cli_cmd *spec;
	cli_fn fn;
} subs[] = {
        {&review_open, sub_open},
        {&review_comment, sub_comment},
        {&review_comments, sub_comments},
        {&review_approve, sub_approve},
        {&review_revoke, sub_revoke},
        {&review_status, sub_status},
        {&review_merge, sub_merge},
        {&review_check, sub_check},
        {&review_push, sub_push},
        {&review_pull, sub_pull},
        {&cli_cmd_review_import, cmd_review_import},
};

int cmd_review(int argc, char **argv, cli_ctx *ctx)
{
	const char *names[sizeof(subs) / sizeof(subs[0]) + 1], *s;

	if (argc < 2) {
		cli_short_usage(stderr, &cli_cmd_review);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		cli_help(stdout, &cli_cmd_review);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		names[i] = subs[i].spec->name + strlen("review ");
		if (!strcmp(names[i], argv[1]))
			return subs[i].fn(argc - 1, argv + 1, ctx);
	}
	names[sizeof(subs) / sizeof(subs[0])] = NULL;
	s = cli_suggest(argv[1], names);
	if (s)
		cli_error(_("'%s' is not a review command; did you mean '%s'?"), argv[1], s);
	else
		cli_error(_("'%s' is not a review command"), argv[1]);
	cli_short_usage(stderr, &cli_cmd_review);
	return EXIT_USAGE;
}
