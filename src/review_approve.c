/*
 * review_approve.c - writing approval and revocation records.
 */
#include "pact/review.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "pact/error.h"
#include "review_internal.h"

static int pick_member(const pact_member **out, const pact_doc *doc, int year, const char *member,
                       const git_signature *who)
{
	*out = NULL;
	if (member) {
		*out = pact_doc_member(doc, member);
		if (!*out)
			return pact_error_set(PACT_ENOTFOUND,
			                      "'%s' is not a member of the %04d draft", member,
			                      year);
	} else {
		for (size_t i = 0; i < doc->nmembers; i++) {
			const pact_member *m = &doc->members[i];
			if (!m->napprovers || !review_may_approve(m, who->email))
				continue;
			if (*out)
				return pact_error_set(PACT_EUSAGE,
				                      "'%s' may approve for several members; "
				                      "name one with --member",
				                      who->email);
			*out = m;
		}
		if (!*out)
			return pact_error_set(PACT_EUSAGE,
			                      "no member lists '%s' as an approver; "
			                      "name one with --member",
			                      who->email);
	}
	if (!review_may_approve(*out, who->email)) {
		pact_buf b = {0};
		char *list;
		for (size_t i = 0; i < (*out)->napprovers; i++)
			pact_buf_printf(&b, "%s%s", i ? ", " : "", (*out)->approvers[i]);
		list = pact_buf_detach(&b, NULL);
		pact_error_set(PACT_EREFUSED, "'%s' may not approve for '%s' (its approvers: %s)",
		               who->email, (*out)->id, list ? list : "?");
		free(list);
		return PACT_EREFUSED;
	}
	return 0;
}

int pact_review_approve(git_oid *approved, char **member_out, pact_store *store, int year,
                        const char *member, const git_signature *who)
{
	git_repository *repo = pact_store_repo(store);
	const pact_member *m = NULL;
	review_draft d = {0};
	pact_buf rec = {0};
	char bhex[GIT_OID_HEXSZ + 1], chex[GIT_OID_HEXSZ + 1], rref[48], fpath[160], msg[200];
	char *old = NULL;
	git_oid rtip;
	int rc;

	if (member_out)
		*member_out = NULL;
	if ((rc = review_check_year(year)) < 0 || (rc = review_check_sig(who)) < 0)
		goto done;
	rc = review_read_draft(&d, store, year);
	if (rc < 0)
		goto done;
	if (!d.doc) {
		rc = pact_error_set(PACT_EREFUSED,
		                    "the %04d draft is not a valid pact; fix it before "
		                    "approving (pact validate)",
		                    year);
		goto done;
	}
	rc = pick_member(&m, d.doc, year, member, who);
	if (rc < 0)
		goto done;
	git_oid_tostr(bhex, sizeof(bhex), &d.blob);
	git_oid_tostr(chex, sizeof(chex), &d.tip);
	snprintf(fpath, sizeof(fpath), "approvals/%s", m->id);

	/* Approving the same text twice is a no-op, not a new record. */
	pact_review_ref(rref, year);
	rc = review_ref_tip(&rtip, repo, rref);
	if (rc < 0)
		goto done;
	if (rc > 0) {
		pact_approval a;
		rc = review_read_file(&old, repo, &rtip, fpath);
		if (rc < 0)
			goto done;
		if (rc > 0 && review_parse_approval(&a, old) == 0) {
			int same = !strcmp(a.blob, bhex) && review_ci_equal(a.email, who->email);
			review_approval_clear(&a);
			if (same) {
				rc = pact_error_set(
				        PACT_EUNCHANGED,
				        "'%s' already approved this text of the %04d draft", m->id,
				        year);
				goto done;
			}
		}
	}
	pact_buf_printf(&rec, "member %s\nblob %s\ncommit %s\napprover ", m->id, bhex, chex);
	snprintf(msg, sizeof(msg), "review: %s approves %04d (blob %.12s)", m->id, year, bhex);
	rc = review_commit_record(store, year, fpath, &rec, msg, who);
	if (rc < 0)
		goto done;
	if (approved)
		git_oid_cpy(approved, &d.blob);
	if (member_out && !(*member_out = pact_strdup0(m->id))) {
		rc = review_oom();
		goto done;
	}
	rc = 0;
done:
	pact_doc_free(d.doc);
	free(rec.ptr);
	free(old);
	return rc;
}

int pact_review_revoke(pact_store *store, int year, const char *member, const git_signature *who)
{
	git_repository *repo = pact_store_repo(store);
	const pact_member *m = NULL;
	review_draft d = {0};
	char rref[48], fpath[160], msg[160], *old = NULL;
	git_oid rtip;
	int rc;

	if ((rc = review_check_year(year)) < 0 || (rc = review_check_sig(who)) < 0)
		goto done;
	rc = review_read_draft(&d, store, year);
	if (rc < 0)
		goto done;
	if (d.doc) {
		rc = pick_member(&m, d.doc, year, member, who);
		if (rc < 0)
			goto done;
		member = m->id;
	} else if (!member || !review_is_slug(member)) {
		rc = pact_error_set(PACT_EUSAGE, "name the member with --member");
		goto done;
	}
	snprintf(fpath, sizeof(fpath), "approvals/%s", member);
	pact_review_ref(rref, year);
	rc = review_ref_tip(&rtip, repo, rref);
	if (rc > 0)
		rc = review_read_file(&old, repo, &rtip, fpath);
	if (rc == 0) {
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "'%s' has no approval of the %04d draft to revoke", member,
		                    year);
		goto done;
	}
	if (rc < 0)
		goto done;
	/* The record goes; the ref's history keeps that it was there and who
	 * took it back. */
	snprintf(msg, sizeof(msg), "review: %s revokes its approval of %04d", member, year);
	{
		pact_store_file f = {fpath, NULL, 0};
		rc = review_commit(store, year, &f, 1, msg, who);
	}
done:
	pact_doc_free(d.doc);
	free(old);
	return rc;
}

