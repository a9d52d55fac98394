/*
 * review_approve.c - writing approval and revocation records.
 *
 * Both are events: a record under approvals/<member> (approvals/_board for
 * the board) with the text's blob, the draft commit, the approver and,
 * when a signing key is configured the way git's is (gpg.format=ssh,
 * user.signingKey), an SSH signature over those header lines. A
 * revocation is such a record with a "revoke" header, never a deletion, so
 * a pull that merges two clones' reviews keeps the newest event of each
 * member (review_sync.c) and an older approval cannot come back.
 *
 * Who may write for a member is decided on the roster (review_members.c):
 * approvers from the last adopted text for continuing members, and the
 * departing members of that text can still approve or revoke.
 */
#include "pact/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "review.h"
#include "review_sign.h"

/* "a@x, b@y" of a member's approvers; NULL on out of memory. */
static char *approver_list(const pact_member *m)
{
	pact_buf b = {0};
	for (size_t i = 0; i < m->napprovers; i++)
		pact_buf__printf(&b, "%s%s", i ? ", " : "", m->approvers[i]);
	return pact_buf__detach(&b, NULL);
}

/* Which roster entry `who` writes for: the named one, or the only one
 * whose approvers: names who's e-mail; and may who write for it. */
static int pick_member(const review_roster_entry **out, const review_trust *t, int year,
                       const char *member, const git_signature *who)
{
	char *list = NULL;
	int rc;

	*out = NULL;
	if (member) {
		*out = pact_review__roster_find(t, member);
		if (!*out)
			return pact_error_set(PACT_ENOTFOUND,
			                      "'%s' is not a member of the %04d draft", member,
			                      year);
	} else {
		for (size_t i = 0; i < t->nroster; i++) {
			const review_roster_entry *e = &t->roster[i];
			if (!e->approvers->napprovers ||
			    !pact_review__may_approve(e->approvers, who->email))
				continue;
			if (*out)
				return pact_error_set(PACT_EREFUSED,
				                      "'%s' may approve for several members; "
				                      "name one with --member",
				                      who->email);
			*out = e;
		}
		if (!*out)
			return pact_error_set(PACT_EREFUSED,
			                      "no member lists '%s' as an approver; "
			                      "name one with --member",
			                      who->email);
	}
	if (pact_review__may_approve((*out)->approvers, who->email))
		return 0;
	list = approver_list((*out)->approvers);
	if (t->prev && pact_doc_member(t->prev, (*out)->id))
		rc = pact_error_set(PACT_EREFUSED,
		                    "'%s' may not approve for '%s' (its approvers in the adopted "
		                    "%04d pact: %s)",
		                    who->email, (*out)->id, t->prev_year, list ? list : "?");
	else
		rc = pact_error_set(PACT_EREFUSED,
		                    "'%s' may not approve for '%s' (its approvers: %s)", who->email,
		                    (*out)->id, list ? list : "?");
	free(list);
	return rc;
}

/* The key to sign with, as git's config names it: *key NULL when the
 * records go unsigned. PACT_EUSAGE when signing is asked for and no SSH
 * key is configured. */
static int signing_key(char **key, pact_store *store, int sign)
{
	git_config *cfg = NULL;
	git_buf fmt = {0}, k = {0};
	int rc, is_ssh, has_key;

	*key = NULL;
	if (sign == PACT_SIGN_NEVER)
		return 0;
	rc = git_repository_config_snapshot(&cfg, pact_store__repo(store));
	if (rc < 0)
		return pact_error_from_git(rc, "cannot read git config");
	is_ssh = git_config_get_string_buf(&fmt, cfg, "gpg.format") == 0 && !strcmp(fmt.ptr, "ssh");
	has_key = git_config_get_string_buf(&k, cfg, "user.signingkey") == 0 && k.ptr[0];
	pact_error_clear();
	rc = 0;
	if (is_ssh && has_key) {
		if (!(*key = pact_alloc__strdup(k.ptr)))
			rc = PACT_ENOMEM;
	} else if (sign == PACT_SIGN_ALWAYS) {
		rc = pact_error_set(PACT_EUSAGE,
		                    "no SSH signing key: set 'git config gpg.format ssh' and "
		                    "'git config user.signingKey ~/.ssh/id_ed25519.pub'");
	}
	git_buf_dispose(&fmt);
	git_buf_dispose(&k);
	git_config_free(cfg);
	return rc;
}

int pact_review__uncommitted(pact_store *store, int year, const git_oid *blob)
{
	char dref[48], path[32], *full = NULL;
	const char *wd = pact_store_workdir(store);
	git_oid id;
	int dirty = 0;

	if (!wd)
		return 0;
	pact_review_draft_ref(dref, year);
	pact_store_year_path(path, year);
	if (pact_store__head_is(store, dref)) {
		pact_buf b = {0};
		pact_buf__printf(&b, "%s%s%s", wd, wd[strlen(wd) - 1] == '/' ? "" : "/", path);
		full = pact_buf__detach(&b, NULL);
		if (full && access(full, F_OK) == 0 &&
		    git_odb_hashfile(&id, full, GIT_OBJECT_BLOB) == 0)
			dirty = !git_oid_equal(&id, blob);
	}
	pact_error_clear();
	free(full);
	return dirty;
}

/* Another member for which the same e-mail approved the same text (its
 * newest event): its id into *also (caller frees), else NULL. */
static int same_identity(char **also, git_repository *repo, const git_oid *rtip,
                         const review_trust *t, const char *mine, const char *email,
                         const char *bhex)
{
	*also = NULL;
	for (size_t i = 0; i < t->nroster && !*also; i++) {
		char fpath[160], *rec = NULL;
		pact_approval a;
		int rc;
		if (!strcmp(t->roster[i].id, mine))
			continue;
		snprintf(fpath, sizeof(fpath), "approvals/%s", t->roster[i].id);
		rc = pact_review__read_file(&rec, repo, rtip, fpath);
		if (rc < 0)
			return rc;
		if (rc > 0 && pact_review__parse_approval(&a, rec) == 0) {
			if (!a.revoked && !strcmp(a.blob, bhex) &&
			    pact_review__ci_equal(a.email, email) &&
			    !(*also = pact_alloc__strdup(t->roster[i].id))) {
				pact_review__approval_clear(&a);
				free(rec);
				return PACT_ENOMEM;
			}
			pact_review__approval_clear(&a);
		}
		free(rec);
	}
	return 0;
}

void pact_review_receipt_free(pact_review_receipt *r)
{
	if (!r)
		return;
	free(r->member);
	free(r->also_for);
	free(r);
}

/* The record: headers, and with a key a blank line and the signature over
 * the headers. */
static int build_record(pact_buf *rec, const char *member, int revoke, const char *bhex,
                        const char *chex, const git_signature *who, const char *key)
{
	char *armor = NULL;
	int rc;

	pact_buf__printf(rec, "member %s\n%sblob %s\ncommit %s\napprover ", member,
	                 revoke ? "revoke yes\n" : "", bhex, chex);
	pact_review__sb_sig(rec, who);
	pact_buf__puts(rec, "\n");
	if (rec->oom)
		return PACT_ENOMEM;
	if (!key)
		return 0;
	rc = pact_review__ssh_sign(&armor, key, PACT_SIGN_NAMESPACE, rec->ptr, rec->len);
	if (rc < 0)
		return rc;
	pact_buf__printf(rec, "\n%s", armor);
	free(armor);
	return rec->oom ? PACT_ENOMEM : 0;
}

/* Whom the record is for: the board, or a member (pick_member); with a
 * draft that is not valid, the member named as it is. */
static int pick_target(const char **member, const review_trust *t, int year, int valid,
                       const pact_review_approve_opts *o, const git_signature *who)
{
	const review_roster_entry *e = NULL;
	int rc;

	if (o->board) {
		if (!t->board || !pact_review__board_lists(t, who->email))
			return pact_error_set(
			        PACT_EREFUSED,
			        t->board ? N_("'%s' is not on the board (%s on main)")
			                 : N_("this store has no board ('%s' cannot approve "
			                      "as one): add %s on main first"),
			        who->email, PACT_BOARD_PATH);
		*member = PACT_REVIEW_BOARD;
		return 0;
	}
	if (valid) {
		if ((rc = pick_member(&e, t, year, *member, who)) < 0)
			return rc;
		*member = e->id;
		return 0;
	}
	if (!*member || !pact_review__is_slug(*member))
		return pact_error_set(PACT_EUSAGE, "name the member with --member");
	return 0;
}

/* Nonzero in *out when the newest event `member` really made in the
 * review (its history judged, not just the tip's file) is a revocation:
 * a record put back over it by hand must not make approving a no-op. */
static int newest_is_revocation(int *out, pact_store *store, int year, const git_oid *tip,
                                const char *member)
{
	pact_review_status *st = NULL;
	int rc;

	*out = 0;
	if ((rc = pact_review__evaluate(&st, store, year, tip, NULL)) < 0)
		return rc;
	if (!strcmp(member, PACT_REVIEW_BOARD))
		*out = st->board_state == PACT_APPROVAL_REVOKED;
	for (size_t i = 0; i < st->nmembers; i++)
		if (!strcmp(st->members[i].id, member))
			*out = st->members[i].state == PACT_APPROVAL_REVOKED;
	pact_review_status_free(st);
	return 0;
}

/* Refuse to change the approvals of an adopted pact: its review holds an
 * "adopted" record, and its approvals are part of the record. */
static int refuse_adopted(git_repository *repo, const git_oid *rtip, int year, int revoke)
{
	char *adopted = NULL;
	int rc = pact_review__read_file(&adopted, repo, rtip, "adopted");

	if (rc < 0)
		return rc;
	rc = 0;
	if (adopted)
		rc = pact_error_set(
		        PACT_EREFUSED,
		        revoke ? N_("the %04d pact is adopted; its approvals are part of "
		                    "the record and can no longer be revoked")
		               : N_("the %04d pact is adopted; its approvals are part of "
		                    "the record and can no longer be changed"),
		        year);
	free(adopted);
	return rc;
}

/* What the member's newest event (its record `old`; NULL: none) leaves to
 * do: *live when it is an approval not revoked since; *same when that
 * approval is of this very text (`bhex`) by this approver, signed as this
 * one would be (a signed record that does not verify is replaced). */
static int judge_old(int *live, int *same, char prev[GIT_OID_HEXSZ + 1], pact_store *store,
                     int year, const review_draft *d, const review_trust *t, const char *member,
                     const git_signature *who, const char *bhex, const char *key, const char *old)
{
	pact_approval a;
	int revoked = 0, rc;

	*live = *same = 0;
	if (!old)
		return 0;
	if ((rc = newest_is_revocation(&revoked, store, year, &d->tip, member)) < 0)
		return rc;
	if (revoked || pact_review__parse_approval(&a, old) != 0)
		return 0;
	*live = !a.revoked;
	/* what this member last approved, when it was another text: the
	 * officer is shown what changed since */
	if (*live && strcmp(a.blob, bhex) != 0 && pact_review__is_hex_oid(a.blob)) {
		memcpy(prev, a.blob, GIT_OID_HEXSZ);
		prev[GIT_OID_HEXSZ] = '\0';
	}
	*same = *live && !strcmp(a.blob, bhex) && pact_review__ci_equal(a.email, who->email) &&
	        (strstr(old, PACT_SSH_ARMOR_BEGIN) != NULL) == (key != NULL);
	if (*same && key && (rc = pact_review__check_signature(&a, t, old)) < 0) {
		pact_review__approval_clear(&a);
		return rc;
	}
	if (*same && key && a.sig == PACT_SIG_BAD)
		*same = 0;
	pact_review__approval_clear(&a);
	return 0;
}

/* The receipt of an event of `member` on text `bhex` of draft commit
 * `chex`; the caller frees it (pact_review_receipt_free). */
static int new_receipt(pact_review_receipt **out, const char *member, const char *bhex,
                       const char *chex, int is_signed)
{
	pact_review_receipt *r = pact_alloc__calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return PACT_ENOMEM;
	if (!(r->member = pact_alloc__strdup(member))) {
		pact_review_receipt_free(r);
		return PACT_ENOMEM;
	}
	snprintf(r->blob, sizeof(r->blob), "%s", bhex);
	snprintf(r->commit, sizeof(r->commit), "%s", chex);
	r->is_signed = is_signed;
	*out = r;
	return 0;
}

/* The review commit's message for the event. */
static void event_message(char *msg, size_t n, const pact_review_approve_opts *o,
                          const char *member, int year, int revoke, const char *bhex)
{
	if (revoke)
		snprintf(msg, n, "review: %s revokes its approval of %04d", member, year);
	else if (o->board)
		snprintf(msg, n,
		         "review: the board approves %04d for departing members (blob %.12s)", year,
		         bhex);
	else
		snprintf(msg, n, "review: %s approves %04d (blob %.12s)", member, year, bhex);
}

/* Approve (revoke = 0) or revoke: the one path both take, judged on the
 * review as read and written only if it is still there; 1 (nothing
 * written) when the review moved meanwhile: judge again. */
static int write_event_once(pact_review_receipt **out, pact_store *store, int year,
                            const git_signature *who, const pact_review_approve_opts *o, int revoke)
{
	git_repository *repo = pact_store__repo(store);
	pact_review_receipt *r = NULL;
	review_draft d = {0};
	review_trust t = {0};
	pact_buf rec = {0};
	char bhex[GIT_OID_HEXSZ + 1], chex[GIT_OID_HEXSZ + 1], rref[48], fpath[160], msg[200];
	char *old = NULL, *key = NULL;
	const char *member = o->member;
	git_oid rtip;
	int rc, have_review, live = 0, same = 0;

	*out = NULL;
	if ((rc = pact_review__check_year(year)) < 0 || (rc = pact_review__check_sig(who)) < 0)
		goto done;
	if ((rc = pact_review__read_draft(&d, store, year)) < 0)
		goto done;
	if (!d.doc && !revoke) {
		rc = pact_error_set(PACT_EREFUSED,
		                    "the %04d draft is not a valid pact; fix it before "
		                    "approving (pact validate)",
		                    year);
		goto done;
	}
	pact_review_ref(rref, year);
	if ((rc = have_review = pact_store__ref_tip(&rtip, repo, rref)) < 0)
		goto done;
	if (have_review && (rc = refuse_adopted(repo, &rtip, year, revoke)) < 0)
		goto done;
	if ((rc = pact_review__trust_load(&t, repo, year, d.doc)) < 0 ||
	    (rc = pick_target(&member, &t, year, d.doc != NULL, o, who)) < 0 ||
	    (rc = signing_key(&key, store, o->sign)) < 0)
		goto done;
	git_oid_tostr(bhex, sizeof(bhex), &d.blob);
	git_oid_tostr(chex, sizeof(chex), &d.tip);
	snprintf(fpath, sizeof(fpath), "approvals/%s", member);
	if ((rc = new_receipt(&r, member, bhex, chex, key != NULL)) < 0)
		goto done;
	r->uncommitted = !revoke && pact_review__uncommitted(store, year, &d.blob);

	/* The member's newest event decides what there is to do. */
	if (have_review && (rc = pact_review__read_file(&old, repo, &rtip, fpath)) < 0)
		goto done;
	if ((rc = judge_old(&live, &same, r->prev_blob, store, year, &d, &t, member, who, bhex, key,
	                    old)) < 0)
		goto done;
	if (revoke)
		r->prev_blob[0] = '\0';
	if (revoke && !live) {
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "'%s' has no approval of the %04d draft to revoke", member,
		                    year);
		goto done;
	}
	if (!revoke && same) {
		r->unchanged = 1;
		goto ok;
	}
	if (!revoke && !o->board && have_review &&
	    (rc = same_identity(&r->also_for, repo, &rtip, &t, member, who->email, bhex)) < 0)
		goto done;
	if ((rc = build_record(&rec, member, revoke, bhex, chex, who, key)) < 0)
		goto done;
	event_message(msg, sizeof(msg), o, member, year, revoke, bhex);
	{
		pact_store_file f = {fpath, rec.ptr, rec.len};
		int moved = 0;
		rc = pact_review__commit_at(&moved, store, rref, have_review ? &rtip : NULL, &f, 1,
		                            msg, who);
		if (rc == 0 && moved)
			rc = 1;
		if (rc != 0)
			goto done;
	}
ok:
	*out = r;
	r = NULL;
	rc = 0;
done:
	pact_review_receipt_free(r);
	pact_review__trust_clear(&t);
	pact_doc_free(d.doc);
	free(rec.ptr);
	free(old);
	free(key);
	return rc;
}

/* Judgings of an event on a review that keeps moving before giving up. */
#define MAX_EVENT_TRIES 8

static int write_event(pact_review_receipt **out, pact_store *store, int year,
                       const git_signature *who, const pact_review_approve_opts *o, int revoke)
{
	int rc;

	for (int i = 0; i < MAX_EVENT_TRIES; i++)
		if ((rc = write_event_once(out, store, year, who, o, revoke)) <= 0)
			return rc;
	return pact_error_set(PACT_ECONFLICT,
	                      "the review of %04d keeps changing under this record; nothing was "
	                      "recorded, try again",
	                      year);
}

int pact_review__approve_ext(pact_review_receipt **out, pact_store *store, int year,
                             const git_signature *who, const pact_review_approve_opts *opts)
{
	pact_review_approve_opts o = PACT_REVIEW_APPROVE_OPTS_INIT;
	if (opts)
		o = *opts;
	return write_event(out, store, year, who, &o, 0);
}

int pact_review__revoke_ext(pact_review_receipt **out, pact_store *store, int year,
                            const git_signature *who, const pact_review_approve_opts *opts)
{
	pact_review_approve_opts o = PACT_REVIEW_APPROVE_OPTS_INIT;
	if (opts)
		o = *opts;
	return write_event(out, store, year, who, &o, 1);
}

int pact_review_uncommitted(pact_store *store, int year)
{
	git_repository *repo = pact_store__repo(store);
	char dref[48];
	git_oid tip, blob;
	int dirty = 0;

	pact_review_draft_ref(dref, year);
	if (pact_review__check_year(year) == 0 && pact_store__ref_tip(&tip, repo, dref) > 0 &&
	    pact_review__year_blob(&blob, repo, &tip, year) == 0)
		dirty = pact_review__uncommitted(store, year, &blob) != 0;
	pact_error_clear();
	return dirty;
}
