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
#include "pact/review.h"
#include "pact/store.h"
#include "store_cli.h"

static const char usage_text[] =
        "usage: pact review open YEAR [--from PREV] [--no-switch] [--author ID]\n"
        "       pact review comment YEAR [--clause ID] [--author ID] TEXT\n"
        "       pact review comments YEAR [--clause ID|-] [--format=text|json]\n"
        "       pact review approve YEAR [--member ID | --board] [-S|--no-sign] [--author ID]\n"
        "       pact review revoke YEAR [--member ID | --board] [-S|--no-sign] [--author ID]\n"
        "       pact review status YEAR [--format=text|json]\n"
        "       pact review merge YEAR [--allow-leftovers] [--author ID]\n"
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
        "  --board        approve as the store's board (.pact/board on main), for\n"
        "                 the members the draft drops\n"
        "  -S, --no-sign  sign the record with your SSH key (git config gpg.format\n"
        "                 ssh, user.signingKey), or do not; default: sign when a\n"
        "                 key is configured\n"
        "  --allow-leftovers  adopt although the draft still has last year's\n"
        "                 placeholder date or year mentions\n"
        "\n"
        "Exit status: 0 done, 1 refused (merge or check: approvals missing),\n"
        "2 usage error, 3 repository or I/O failure.\n";

typedef struct args {
	int year;
	const char *from, *author, *clause, *member, *format, *rev, *reviews, *text, *remote;
	int no_switch, board, sign, allow_leftovers;
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
		} else if (!strcmp(v, "--board")) {
			a->board = 1;
		} else if (!strcmp(v, "-S") || !strcmp(v, "--sign")) {
			a->sign = PACT_SIGN_ALWAYS;
		} else if (!strcmp(v, "--no-sign")) {
			a->sign = PACT_SIGN_NEVER;
		} else if (!strcmp(v, "--allow-leftovers")) {
			a->allow_leftovers = 1;
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
	if (a->board && a->member)
		return usage_error("%s", "--board and --member exclude each other");
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
	printf("opened the %04d draft on branch 'draft/%04d' [%s], seeded from %04d\n", a.year,
	       a.year, hex, o.from_year ? o.from_year : a.year - 1);
	if (o.rolled)
		printf("rolled %04d over to %04d in:%s%s%s\n", o.from_year ? o.from_year : a.year - 1,
		       a.year, o.rolled & PACT_ROLLED_TITLE ? " title" : "",
		       o.rolled & PACT_ROLLED_CLOSING ? " closing" : "",
		       o.rolled & PACT_ROLLED_PREAMBLE ? " preamble" : "");
	printf("signing date reset to %04d-01-01: set the real one before adoption\n", a.year);
	if (switched)
		printf("switched to branch 'draft/%04d'; edit pacts/%04d.yaml and 'pact commit' "
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
	printf("comment added to %04d %s\n", a.year, a.clause ? a.clause : "(general)");
	return EXIT_OK;
}

static int sub_comments(int argc, char **argv, cli_ctx *ctx)
{
	pact_comments *c = NULL;
	const char *last = "";
	args a;
	int rc, status, json;

	if ((status = parse(&a, argc, argv, 1, 0)) != 0)
		return status;
	json = a.format && !strcmp(a.format, "json");
	rc = pact_review_comments(&c, ctx->store, a.year, a.clause);
	if (rc < 0)
		return cli_fail(rc);
	if (json)
		fputs("{\"comments\":[", stdout);
	for (size_t i = 0; i < c->count; i++) {
		const pact_comment *m = &c->items[i];
		const char *thread = m->clause ? m->clause : "(general)";
		char date[40];
		cli_format_date_iso(date, sizeof(date), m->time, m->offset);
		if (json) {
			fputs(i ? ",{\"clause\":" : "{\"clause\":", stdout);
			if (m->clause)
				cli_json_string(stdout, m->clause);
			else
				fputs("null", stdout);
			fputs(",\"name\":", stdout);
			cli_json_string(stdout, m->name);
			fputs(",\"email\":", stdout);
			cli_json_string(stdout, m->email);
			printf(",\"date\":\"%s\",\"blob\":\"%s\",\"text\":", date, m->blob);
			cli_json_string(stdout, m->text);
			fputc('}', stdout);
			continue;
		}
		if (strcmp(thread, last) != 0)
			printf("%s== %s ==\n", i ? "\n" : "", thread);
		last = thread;
		printf("%s <%s>, %s (on text %.7s):\n", m->name, m->email, date, m->blob);
		/* indent the text so threads read like mail */
		for (const char *p = m->text; *p;) {
			size_t n = strcspn(p, "\n");
			printf("    %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	if (json)
		puts("]}");
	else if (!c->count)
		printf("no comments on %04d%s%s\n", a.year, a.clause ? " " : "",
		       a.clause ? a.clause : "");
	pact_comments_free(c);
	return EXIT_OK;
}

/* approve and revoke: one path, the library's receipt printed. */
static int approve_or_revoke(int argc, char **argv, cli_ctx *ctx, int revoke)
{
	pact_review_approve_opts o = PACT_REVIEW_APPROVE_OPTS_INIT;
	pact_review_receipt *r = NULL;
	git_signature *sig = NULL;
	args a;
	int rc, status;

	if ((status = parse(&a, argc, argv, 1, 0)) != 0)
		return status;
	if ((status = identity(&sig, ctx, a.author, 1)) != 0)
		return status;
	o.member = a.member;
	o.board = a.board;
	o.sign = a.sign;
	rc = revoke ? pact_review_revoke_ext(&r, ctx->store, a.year, sig, &o)
	            : pact_review_approve_ext(&r, ctx->store, a.year, sig, &o);
	if (rc < 0) {
		git_signature_free(sig);
		return cli_fail(rc);
	}
	if (r->uncommitted)
		cli_warning("pacts/%04d.yaml has uncommitted changes; approving the committed "
		            "text %.7s",
		            a.year, r->commit);
	if (r->unchanged)
		printf("'%s' already approved this text of the %04d draft\n", r->member, a.year);
	else if (revoke)
		printf("approval of the %04d draft withdrawn for %s%s\n", a.year, r->member,
		       r->is_signed ? " (signed)" : "");
	else if (a.board)
		printf("the board approves the %04d draft (pacts/%04d.yaml %.12s) for its departing "
		       "members as %s <%s>%s\n",
		       a.year, a.year, r->blob, sig->name, sig->email,
		       r->is_signed ? " (signed)" : "");
	else
		printf("%s approves the %04d draft (pacts/%04d.yaml %.12s) as %s <%s>%s\n", r->member,
		       a.year, a.year, r->blob, sig->name, sig->email, r->is_signed ? " (signed)" : "");
	if (r->also_for)
		cli_warning("you already approved for %s as %s; one identity now speaks for two "
		            "members",
		            r->also_for, sig->email);
	pact_review_receipt_free(r);
	git_signature_free(sig);
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
	static const char *w[] = {"not yet",     "approved", "out of date",
	                          "not allowed", "revoked",  "unverified"};
	return w[s];
}

static const char *state_json(pact_approval_state s)
{
	static const char *w[] = {"missing", "approved", "stale", "not-allowed", "revoked", "unverified"};
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
	case PACT_SIG_VALID: printf(", signed-valid"); break;
	case PACT_SIG_BAD:
		printf(", bad signature (%s)", a->sig_reason ? a->sig_reason : "?");
		break;
	case PACT_SIG_UNCHECKED: printf(", signed (not checked: no .pact/allowed_signers)"); break;
	default: printf(signing ? ", unsigned (does not count here)" : ", unsigned"); break;
	}
}

static void print_approval_json(const pact_approval *a)
{
	char date[40];
	cli_format_date_iso(date, sizeof(date), a->time, a->offset);
	printf("{\"blob\":\"%s\",\"commit\":\"%s\",\"name\":", a->blob, a->commit);
	cli_json_string(stdout, a->name);
	fputs(",\"email\":", stdout);
	cli_json_string(stdout, a->email);
	printf(",\"date\":\"%s\",\"revoked\":%s,\"signature\":\"%s\"", date,
	       a->revoked ? "true" : "false", sig_json(a->sig));
	if (a->sig_reason) {
		fputs(",\"signature_reason\":", stdout);
		cli_json_string(stdout, a->sig_reason);
	}
	fputc('}', stdout);
}

static void print_status_json(const pact_review_status *s)
{
	const pact_review_summary *m = &s->summary;
	printf("{\"year\":%d,\"from\":%d,\"branch\":", s->year, s->from_year);
	cli_json_string(stdout, s->branch ? s->branch : "");
	printf(",\"commit\":\"%s\",\"blob\":\"%s\",\"valid\":%s,\"adopted\":", s->commit, s->blob,
	       s->valid ? "true" : "false");
	if (s->adopted[0])
		printf("\"%s\"", s->adopted);
	else
		fputs("null", stdout);
	printf(",\"complete\":%s,\"approved\":%zu,\"members\":[",
	       pact_review_complete(s) ? "true" : "false", s->napproved);
	for (size_t i = 0; i < s->nmembers; i++) {
		const pact_review_member *r = &s->members[i];
		fputs(i ? ",{\"id\":" : "{\"id\":", stdout);
		cli_json_string(stdout, r->id);
		fputs(",\"name\":", stdout);
		cli_json_string(stdout, r->name);
		printf(",\"state\":\"%s\",\"departing\":%s,\"by_board\":%s", state_json(r->state),
		       r->departing ? "true" : "false", r->by_board ? "true" : "false");
		if (r->also_for) {
			fputs(",\"also_for\":", stdout);
			cli_json_string(stdout, r->also_for);
		}
		if (r->state != PACT_APPROVAL_MISSING) {
			fputs(",\"approval\":", stdout);
			print_approval_json(&r->approval);
		}
		fputc('}', stdout);
	}
	printf("],\"signing\":%s,\"board\":", s->signing ? "true" : "false");
	if (s->board_state != PACT_APPROVAL_MISSING) {
		printf("{\"state\":\"%s\",\"approval\":", state_json(s->board_state));
		print_approval_json(&s->board);
		fputc('}', stdout);
	} else {
		fputs("null", stdout);
	}
	fputs(",\"leftovers\":[", stdout);
	for (size_t i = 0; i < s->nleftovers; i++) {
		if (i)
			fputc(',', stdout);
		cli_json_string(stdout, s->leftovers[i]);
	}
	fputs("],\"summary\":", stdout);
	if (!m->has_previous)
		fputs("null", stdout);
	else
		printf("{\"unchanged\":%zu,\"changed\":%zu,\"added\":%zu,\"removed\":%zu,"
		       "\"renumbered\":%zu,\"other_changed\":%s}",
		       m->unchanged, m->changed, m->added, m->removed, m->renumbered,
		       m->other_changed ? "true" : "false");
	puts("}");
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
	printf("draft %04d on branch '%s' (commit %s, pacts/%04d.yaml %s)\n", s->year, br, c,
	       s->year, b);
	if (s->adopted[0])
		printf("adopted in %.12s, tagged pact/%04d\n", s->adopted, s->year);
	if (!s->valid) {
		printf("the draft is not a valid pact: run 'pact validate' on it\n");
		return;
	}
	if (m->has_previous)
		printf("against %04d: %zu clause%s unchanged, %zu changed, %zu added, %zu removed"
		       "%s%s\n",
		       s->from_year, m->unchanged, m->unchanged == 1 ? "" : "s", m->changed,
		       m->added, m->removed, m->renumbered ? ", renumbered some" : "",
		       m->other_changed ? "; other fields changed" : "");
	else
		printf("against %04d: no pact to compare with\n", s->from_year);
	printf("approvals: %zu of %zu members", s->napproved, s->nmembers);
	if (s->ndeparting)
		printf(" (%zu of them in the %04d pact but not in this text)", s->ndeparting,
		       s->prev_year);
	putchar('\n');
	for (size_t i = 0; i < s->nmembers; i++) {
		const pact_review_member *r = &s->members[i];
		printf("  %-12s %-20s %s", r->by_board ? "board" : state_word(r->state), r->id,
		       r->name);
		if (r->departing)
			printf(" [leaves the bloc: not in the %04d text]", s->year);
		if (r->state != PACT_APPROVAL_MISSING) {
			char date[40];
			cli_format_date_iso(date, sizeof(date), r->approval.time,
			                    r->approval.offset);
			printf(" - %s%s <%s>, %s", r->approval.revoked ? "revoked by " : "",
			       r->approval.name, r->approval.email, date);
			if (r->state == PACT_APPROVAL_STALE)
				printf(", of older text %.12s", r->approval.blob);
			print_sig_text(&r->approval, s->signing);
		}
		if (r->by_board)
			printf(" - its departure approved by the board");
		if (r->also_for)
			printf(" - the same identity approved for %s", r->also_for);
		putchar('\n');
	}
	if (s->board_state != PACT_APPROVAL_MISSING) {
		char date[40];
		cli_format_date_iso(date, sizeof(date), s->board.time, s->board.offset);
		printf("board: %s - %s%s <%s>, %s", state_word(s->board_state),
		       s->board.revoked ? "revoked by " : "", s->board.name, s->board.email, date);
		print_sig_text(&s->board, s->signing);
		putchar('\n');
	} else if (s->ndeparting) {
		printf("board: %s\n", s->has_board ? "has not approved the departures"
		                                   : "none (.pact/board on main names one)");
	}
	for (size_t i = 0; i < s->nstrangers; i++)
		printf("  %-12s %-20s (not a member of this text) - %s <%s>\n", "ignored",
		       s->strangers[i].member, s->strangers[i].name, s->strangers[i].email);
	if (s->signing)
		printf("signatures: required (.pact/allowed_signers on main): only "
		       "signed-valid approvals count\n");
	else
		printf("signatures: not checked (no .pact/allowed_signers on main): approvals "
		       "are unsigned claims of identity\n");
	if (s->nleftovers && !s->adopted[0]) {
		printf("leftovers from %04d ('review merge' refuses them; fix them or use "
		       "--allow-leftovers):\n",
		       s->from_year);
		for (size_t i = 0; i < s->nleftovers; i++)
			printf("  %s\n", s->leftovers[i]);
	}
	if (s->adopted[0])
		return;
	if (pact_review_complete(s))
		printf("ready: 'pact review merge %04d' adopts it\n", s->year);
	else
		printf("not ready: %zu member%s still to approve this text\n",
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
	if (a.format && !strcmp(a.format, "json"))
		print_status_json(s);
	else
		print_status_text(s);
	pact_review_status_free(s);
	return EXIT_OK;
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
	rc = pact_review_merge(&id, &switched, ctx->store, a.year, sig,
	                       a.allow_leftovers ? PACT_REVIEW_MERGE_ALLOW_LEFTOVERS : 0);
	git_signature_free(sig);
	if (rc < 0)
		return cli_fail(rc);
	git_oid_tostr(hex, 13, &id);
	printf("adopted the %04d pact: merged 'draft/%04d' into 'main' [%s], tagged pact/%04d\n",
	       a.year, a.year, hex, a.year);
	if (switched)
		printf("switched to branch 'main'\n");
	printf("share it with 'pact review push'\n");
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
		printf("%04d: every member (%zu) approved text %.12s\n", a.year, s->nmembers,
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
		printf("everything up-to-date\n");
		return EXIT_OK;
	}
	if (rc < 0)
		return cli_fail(rc);
	printf("pushed reviews, drafts, main and pact/ tags to '%s'\n",
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
		fputs(notes, stdout);
	free(notes);
	if (rc < 0)
		return cli_fail(rc);
	printf("reviews, drafts and pact/ tags are up to date with '%s'\n",
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
