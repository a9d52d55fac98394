/*
 * cmd_review.c - `pact review SUBCOMMAND`: open a draft, comment, approve,
 * revoke, see where it stands, adopt it, share it.
 *
 * A second small table dispatches the sub-commands, like the main one;
 * each sub-command parses its options, calls one libpact function
 * (include/pact/review.h) and prints. Exit status: 0 done, 1 refused or
 * incomplete (merge/check without every approval), 2 usage, 3 failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pact/json.h"
#include "pact/review.h"
#include "pact/store.h"
#include "store_cli.h"

static const char usage_text[] =
        "usage: pact review open YEAR [--from PREV] [--no-switch] [--author ID]\n"
        "       pact review comment YEAR [--clause ID] [--author ID] TEXT\n"
        "       pact review comments YEAR [--clause ID|-] [--format=text|json]\n"
        "       pact review approve YEAR [--member ID] [--author ID]\n"
        "       pact review revoke YEAR [--member ID] [--author ID]\n"
        "       pact review status YEAR [--format=text|json]\n"
        "       pact review merge YEAR [--author ID]\n"
        "       pact review check YEAR [--rev REV] [--reviews REV]\n"
        "       pact review push [REMOTE]\n"
        "       pact review pull [REMOTE]\n"
        "\n"
        "Adopt next year's pact the way the bloc does: the leader opens a draft\n"
        "(branch draft/YEAR, seeded from the previous year), members comment and\n"
        "approve, and the draft is merged onto main, tagged pact/YEAR, only when\n"
        "every member has approved the exact text. See README.md.\n"
        "\n"
        "  --author ID    \"Name <email>\"; default: GIT_AUTHOR_NAME/EMAIL, then\n"
        "                 user.name/user.email\n"
        "  --member ID    the member approving; default: the one member whose\n"
        "                 approvers: lists your e-mail\n"
        "\n"
        "Exit status: 0 done, 1 refused (merge or check: approvals missing),\n"
        "2 usage error, 3 repository or I/O failure.\n";

typedef struct args {
	int year;
	const char *from, *author, *clause, *member, *format, *rev, *reviews, *text, *remote;
	int no_switch;
} args;

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cli_error("%s", msg);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

static int parse_year(int *out, const char *s)
{
	char *end = NULL;
	long y = s ? strtol(s, &end, 10) : 0;
	if (!s || !*s || *end || y < 1000 || y > 9999)
		return -1;
	*out = (int)y;
	return 0;
}

/* Options any sub-command may take; which ones apply is checked by each. */
static int parse(args *a, int argc, char **argv, int want_year, int want_text)
{
	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		int r;
		if ((r = cli_opt_value(argc, argv, &i, "--from", &a->from)) ||
		    (r = cli_opt_value(argc, argv, &i, "--author", &a->author)) ||
		    (r = cli_opt_value(argc, argv, &i, "--clause", &a->clause)) ||
		    (r = cli_opt_value(argc, argv, &i, "--member", &a->member)) ||
		    (r = cli_opt_value(argc, argv, &i, "--format", &a->format)) ||
		    (r = cli_opt_value(argc, argv, &i, "--rev", &a->rev)) ||
		    (r = cli_opt_value(argc, argv, &i, "--reviews", &a->reviews))) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		v = argv[i];
		if (!strcmp(v, "--no-switch")) {
			a->no_switch = 1;
		} else if (!strcmp(v, "--")) {
			if (i + 1 < argc && want_text && !a->text)
				a->text = argv[++i];
			if (i + 1 < argc)
				return usage_error("unexpected argument '%s'", argv[i + 1]);
			break;
		} else if (v[0] == '-' && v[1]) {
			return usage_error("unknown option '%s'", v);
		} else if (want_year && !a->year) {
			if (parse_year(&a->year, v) < 0)
				return usage_error("'%s' is not a year", v);
		} else if (want_text && !a->text) {
			a->text = v;
		} else if (!want_year && !want_text && !a->remote) {
			a->remote = v;
		} else {
			return usage_error("unexpected argument '%s'", v);
		}
	}
	if (want_year && !a->year)
		return usage_error("%s", "which year? e.g. 'pact review status 2025'");
	if (want_text && !a->text)
		return usage_error("%s", "no comment text given");
	if (a->format && strcmp(a->format, "text") && strcmp(a->format, "json"))
		return usage_error("unknown format '%s'; use text or json", a->format);
	return 0;
}

/* The identity for records; approvals refuse the built-in default. */
static int identity(git_signature **sig, cli_ctx *ctx, const char *author, int need_real)
{
	int is_default = 0, rc = pact_store_signature(sig, &is_default, ctx->store, author);
	if (rc < 0)
		return cli_fail(rc);
	if (is_default && need_real) {
		git_signature_free(*sig);
		*sig = NULL;
		cli_error("who is approving? set user.name and user.email (git config) or pass "
		          "--author \"Name <email>\"");
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
	git_signature *sig = NULL;
	git_oid tip;
	args a;
	char hex[GIT_OID_HEXSZ + 1];
	int rc, switched = 0, status;

	if ((status = parse(&a, argc, argv, 1, 0)) != 0)
		return status;
	if (a.from && parse_year(&o.from_year, a.from) < 0)
		return usage_error("'%s' is not a year", a.from);
	o.no_switch = a.no_switch;
	if ((status = identity(&sig, ctx, a.author, 0)) != 0)
		return status;
	rc = pact_review_open(&tip, &switched, ctx->store, a.year, sig, &o);
	git_signature_free(sig);
	if (rc < 0)
		return cli_fail(rc);
	git_oid_tostr(hex, 8, &tip);
	cli_printf("opened the %04d draft on branch 'draft/%04d' [%s], seeded from %04d\n", a.year,
	       a.year, hex, o.from_year ? o.from_year : a.year - 1);
	cli_printf("signing date reset to %04d-01-01: set the real one before adoption\n", a.year);
	if (switched)
		cli_printf("switched to branch 'draft/%04d'; edit pacts/%04d.yaml and 'pact commit' "
		       "it\n",
		       a.year, a.year);
	else if (pact_store_workdir(ctx->store) && !a.no_switch)
		cli_warning("local changes are in the way; run 'git switch draft/%04d' when ready",
		            a.year);
	return EXIT_OK;
}

static int sub_comment(int argc, char **argv, cli_ctx *ctx)
{
	git_signature *sig = NULL;
	args a;
	int rc, status;

	if ((status = parse(&a, argc, argv, 1, 1)) != 0)
		return status;
	if ((status = identity(&sig, ctx, a.author, 0)) != 0)
		return status;
	rc = pact_review_comment(ctx->store, a.year, a.clause, a.text, sig);
	git_signature_free(sig);
	if (rc < 0)
		return cli_fail(rc);
	cli_printf("comment added to %04d %s\n", a.year, a.clause ? a.clause : "(general)");
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

	if ((status = parse(&a, argc, argv, 1, 0)) != 0)
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
		const char *thread = m->clause ? m->clause : "(general)";
		char date[40];
		cli_format_date_iso(date, sizeof(date), m->time, m->offset);
		if (strcmp(thread, last) != 0)
			cli_printf("%s== %s ==\n", i ? "\n" : "", thread);
		last = thread;
		cli_printf("%s <%s>, %s (on text %.7s):\n", m->name, m->email, date, m->blob);
		/* indent the text so threads read like mail */
		for (const char *p = m->text; *p;) {
			size_t n = strcspn(p, "\n");
			cli_printf("    %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	if (!c->count)
		cli_printf("no comments on %04d%s%s\n", a.year, a.clause ? " " : "",
		           a.clause ? a.clause : "");
	pact_comments_free(c);
	return EXIT_OK;
}

static int sub_approve(int argc, char **argv, cli_ctx *ctx)
{
	git_signature *sig = NULL;
	git_oid blob;
	char *member = NULL, hex[GIT_OID_HEXSZ + 1];
	args a;
	int rc, status;

	if ((status = parse(&a, argc, argv, 1, 0)) != 0)
		return status;
	if ((status = identity(&sig, ctx, a.author, 1)) != 0)
		return status;
	rc = pact_review_approve(&blob, &member, ctx->store, a.year, a.member, sig);
	if (rc == PACT_EUNCHANGED) {
		/* approving twice is not a failure: the approval stands */
		cli_printf("%s\n", pact_error_last()->message);
		rc = 0;
	} else if (rc == 0) {
		git_oid_tostr(hex, 13, &blob);
		cli_printf("%s approves the %04d draft (pacts/%04d.yaml %s) as %s <%s>\n", member,
		       a.year, a.year, hex, sig->name, sig->email);
	}
	git_signature_free(sig);
	free(member);
	return rc < 0 ? cli_fail(rc) : EXIT_OK;
}

static int sub_revoke(int argc, char **argv, cli_ctx *ctx)
{
	git_signature *sig = NULL;
	args a;
	int rc, status;

	if ((status = parse(&a, argc, argv, 1, 0)) != 0)
		return status;
	if ((status = identity(&sig, ctx, a.author, 1)) != 0)
		return status;
	rc = pact_review_revoke(ctx->store, a.year, a.member, sig);
	git_signature_free(sig);
	if (rc < 0)
		return cli_fail(rc);
	cli_printf("approval of the %04d draft withdrawn%s%s\n", a.year, a.member ? " for " : "",
	       a.member ? a.member : "");
	return EXIT_OK;
}

static const char *state_word(pact_approval_state s)
{
	static const char *w[] = {"not yet", "approved", "out of date", "not allowed"};
	return w[s];
}

static const char *state_json(pact_approval_state s)
{
	static const char *w[] = {"missing", "approved", "stale", "not-allowed"};
	return w[s];
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
		if (r->state != PACT_APPROVAL_MISSING) {
			char date[40];
			cli_format_date_iso(date, sizeof(date), r->approval.time,
			                    r->approval.offset);
			pact_json_key(j, "approval");
			pact_json_begin_object(j, PACT_JSON_INLINE);
			pact_json_kstring(j, "blob", r->approval.blob);
			pact_json_kstring(j, "commit", r->approval.commit);
			pact_json_kstring(j, "name", r->approval.name);
			pact_json_kstring(j, "email", r->approval.email);
			pact_json_kstring(j, "date", date);
			pact_json_end_object(j);
		}
		pact_json_end_object(j);
	}
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

static void print_status_text(const pact_review_status *s)
{
	const pact_review_summary *m = &s->summary;
	const char *br = s->branch ? s->branch : "";
	char c[13], b[13];

	if (!strncmp(br, "refs/heads/", 11))
		br += 11;
	short_hex(c, s->commit);
	short_hex(b, s->blob);
	cli_printf("draft %04d on branch '%s' (commit %s, pacts/%04d.yaml %s)\n", s->year, br, c,
	       s->year, b);
	if (s->adopted[0])
		cli_printf("adopted in %.12s, tagged pact/%04d\n", s->adopted, s->year);
	if (!s->valid) {
		cli_printf("the draft is not a valid pact: run 'pact validate' on it\n");
		return;
	}
	if (m->has_previous)
		cli_printf("against %04d: %zu clause%s unchanged, %zu changed, %zu added, %zu removed"
		       "%s%s\n",
		       s->from_year, m->unchanged, m->unchanged == 1 ? "" : "s", m->changed,
		       m->added, m->removed, m->renumbered ? ", renumbered some" : "",
		       m->other_changed ? "; other fields changed" : "");
	else
		cli_printf("against %04d: no pact to compare with\n", s->from_year);
	cli_printf("approvals: %zu of %zu members\n", s->napproved, s->nmembers);
	for (size_t i = 0; i < s->nmembers; i++) {
		const pact_review_member *r = &s->members[i];
		cli_printf("  %-12s %-20s %s", state_word(r->state), r->id, r->name);
		if (r->state != PACT_APPROVAL_MISSING) {
			char date[40];
			cli_format_date_iso(date, sizeof(date), r->approval.time,
			                    r->approval.offset);
			cli_printf(" - %s <%s>, %s", r->approval.name, r->approval.email, date);
			if (r->state == PACT_APPROVAL_STALE)
				cli_printf(", of older text %.12s", r->approval.blob);
		}
		cli_printf("\n");
	}
	for (size_t i = 0; i < s->nstrangers; i++)
		cli_printf("  %-12s %-20s (not a member of this text) - %s <%s>\n", "ignored",
		       s->strangers[i].member, s->strangers[i].name, s->strangers[i].email);
	if (s->adopted[0])
		return;
	if (pact_review_complete(s))
		cli_printf("ready: 'pact review merge %04d' adopts it\n", s->year);
	else
		cli_printf("not ready: %zu member%s still to approve this text\n",
		       s->nmembers - s->napproved, s->nmembers - s->napproved == 1 ? "" : "s");
}

static int sub_status(int argc, char **argv, cli_ctx *ctx)
{
	pact_review_status *s = NULL;
	args a;
	int rc, status;

	if ((status = parse(&a, argc, argv, 1, 0)) != 0)
		return status;
	rc = pact_review_status_get(&s, ctx->store, a.year);
	if (rc < 0)
		return cli_fail(rc);
	status = EXIT_OK;
	if (a.format && !strcmp(a.format, "json"))
		status = cli_print_json(status_json, s);
	else
		print_status_text(s);
	pact_review_status_free(s);
	return status;
}

static int sub_merge(int argc, char **argv, cli_ctx *ctx)
{
	git_signature *sig = NULL;
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];
	args a;
	int rc, status, switched = 0;

	if ((status = parse(&a, argc, argv, 1, 0)) != 0)
		return status;
	if ((status = identity(&sig, ctx, a.author, 0)) != 0)
		return status;
	rc = pact_review_merge(&id, &switched, ctx->store, a.year, sig);
	git_signature_free(sig);
	if (rc < 0)
		return cli_fail(rc);
	git_oid_tostr(hex, 13, &id);
	cli_printf("adopted the %04d pact: merged 'draft/%04d' into 'main' [%s], tagged pact/%04d\n",
	       a.year, a.year, hex, a.year);
	if (switched)
		cli_printf("switched to branch 'main'\n");
	cli_printf("share it with 'pact review push'\n");
	return EXIT_OK;
}

static int sub_check(int argc, char **argv, cli_ctx *ctx)
{
	pact_review_status *s = NULL;
	git_oid content, reviews;
	char *missing = NULL, dref[48];
	args a;
	int rc, status;

	if ((status = parse(&a, argc, argv, 1, 0)) != 0)
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
		cli_printf("%04d: every member (%zu) approved text %.12s\n", a.year, s->nmembers,
		       s->blob);
		status = EXIT_OK;
	} else if (!s->valid) {
		cli_error("%04d: pacts/%04d.yaml at '%s' is not a valid pact", a.year, a.year,
		          a.rev ? a.rev : dref);
		status = EXIT_FINDINGS;
	} else {
		missing = pact_review_missing_list(s);
		cli_error("%04d: text %.12s lacks approvals: %s", a.year, s->blob,
		          missing ? missing : "?");
		status = EXIT_FINDINGS;
	}
	free(missing);
	pact_review_status_free(s);
	return status;
}

static int sub_push(int argc, char **argv, cli_ctx *ctx)
{
	args a;
	int rc, status;

	if ((status = parse(&a, argc, argv, 0, 0)) != 0)
		return status;
	cli_warn_push_skips_hooks(ctx->store, a.remote);
	rc = pact_review_push(ctx->store, a.remote, PACT_REVIEW_PUSH_MAIN);
	if (rc == PACT_EUNCHANGED) {
		cli_printf("everything up-to-date\n");
		return EXIT_OK;
	}
	if (rc < 0)
		return cli_fail(rc);
	cli_printf("pushed reviews, drafts, main and pact/ tags to '%s'\n",
	       a.remote ? a.remote : "origin");
	return EXIT_OK;
}

static int sub_pull(int argc, char **argv, cli_ctx *ctx)
{
	char *notes = NULL;
	args a;
	int rc, status;

	if ((status = parse(&a, argc, argv, 0, 0)) != 0)
		return status;
	rc = pact_review_pull(&notes, ctx->store, a.remote);
	if (notes && *notes)
		cli_printf("%s", notes);
	free(notes);
	if (rc < 0)
		return cli_fail(rc);
	cli_printf("reviews, drafts and pact/ tags are up to date with '%s'\n",
	       a.remote ? a.remote : "origin");
	return EXIT_OK;
}

typedef struct sub {
	const char *name;
	cli_fn fn;
} sub;

static const sub subs[] = {
        {"open", sub_open},       {"comment", sub_comment}, {"comments", sub_comments},
        {"approve", sub_approve}, {"revoke", sub_revoke},   {"status", sub_status},
        {"merge", sub_merge},     {"check", sub_check},     {"push", sub_push},
        {"pull", sub_pull},
};

int cmd_review(int argc, char **argv, cli_ctx *ctx)
{
	if (argc < 2) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (cli_is_help(argv[1])) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(subs[i].name, argv[1])) {
			for (int k = 2; k < argc; k++)
				if (cli_is_help(argv[k])) {
					fputs(usage_text, stdout);
					return EXIT_OK;
				}
			return subs[i].fn(argc - 1, argv + 1, ctx);
		}
	return usage_error("'%s' is not a review command", argv[1]);
}
