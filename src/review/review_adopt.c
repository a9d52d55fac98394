/*
 * review_adopt.c - the moment of adoption: the check that the approvals
 * judged still stand and the move of main are one decision.
 *
 * 'review merge' judges the approvals on the review and the draft as it
 * read them, then writes objects (the merge commit, the tag, the
 * `adopted` record). A revocation or a new draft text landing meanwhile
 * would otherwise go unseen: main adopted a text a member had withdrawn
 * from. So the refs move under the store lock ($GIT_DIR/pact.lock, which
 * every pact write to a ref takes), and only if the draft and the review
 * are still at the tips judged: a revoke lands before (the merge sees it
 * and adopts nothing) or after (the review holds the `adopted` record by
 * then, and the revoke, judging again, is refused). Main, the tag and
 * the record move in that order under the one lock; a kill between them
 * leaves an adoption the next 'review merge' finishes (review_merge.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/review.h"
#include "review.h"

int pact_review__tag_on(git_repository *repo, const char *tagref, const git_oid *commit)
{
	git_reference *ref = NULL;
	git_object *o = NULL;
	int on = git_reference_lookup(&ref, repo, tagref) == 0 &&
	         git_reference_peel(&o, ref, GIT_OBJECT_COMMIT) == 0 &&
	         git_oid_equal(git_object_id(o), commit);
	git_object_free(o);
	git_reference_free(ref);
	pact_error_clear();
	return on;
}

/* The annotated tag object pact/YEAR on a->merge (no ref yet). */
static int make_tag(review_adoption *a, git_repository *repo, int year,
                    const pact_review_status *st, const git_signature *who)
{
	git_commit *c = NULL;
	pact_buf t = {0};
	char path[32], tagname[32];
	int rc;

	pact_store_year_path(path, year);
	snprintf(tagname, sizeof(tagname), "pact/%04d", year);
	rc = git_commit_lookup(&c, repo, &a->merge);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read the merge commit");
		goto done;
	}
	pact_buf__printf(&t, pact__(pact_i18n_lang(), "The %04d pact, adopted\n\n%s: blob %s\n"),
	                 year, path, st->blob);
	pact_review__approved_by(&t, st);
	if (t.oom) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = git_tag_annotation_create(&a->tag, repo, tagname, (git_object *)c, who, t.ptr);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot create the tag");
		goto done;
	}
	a->has_tag = 1;
done:
	pact_buf__clear(&t);
	git_commit_free(c);
	return rc;
}

int pact_review__adoption_objects(review_adoption *a, pact_store *store, int year,
                                  const pact_review_status *st, const git_signature *who,
                                  int record)
{
	git_repository *repo = pact_store__repo(store);
	pact_buf rec = {0};
	char tagref[48], hex[GIT_OID_HEXSZ + 1], msg[96];
	int rc = 0;

	snprintf(tagref, sizeof(tagref), "refs/tags/pact/%04d", year);
	a->has_tag = a->has_record = 0;
	/* an existing tag is never moved; one already on this adoption (a
	 * merge finished now) is kept */
	if (!pact_review__tag_on(repo, tagref, &a->merge) &&
	    (rc = make_tag(a, repo, year, st, who)) < 0)
		goto done;
	if (!record)
		goto done;
	git_oid_tostr(hex, sizeof(hex), &a->merge);
	pact_buf__printf(&rec, "commit %s\ntag pact/%04d\nblob %s\nadopted ", hex, year, st->blob);
	pact_review__sb_sig(&rec, who);
	pact_buf__puts(&rec, "\n");
	if (rec.oom) {
		rc = PACT_ENOMEM;
		goto done;
	}
	snprintf(msg, sizeof(msg), "review: %04d adopted in %.12s", year, hex);
	{
		pact_store_file f = {"adopted", rec.ptr, rec.len};
		rc = pact_review__build_commit(&a->record, repo, a->had_review ? &a->review : NULL,
		                               &f, 1, msg, who);
	}
	if (rc == 0)
		a->has_record = 1;
done:
	pact_buf__clear(&rec);
	return rc;
}

/* Nonzero when ref `name` is still at `tip` (had 0: still absent). */
static int still_at(git_repository *repo, const char *name, const git_oid *tip, int had)
{
	git_oid now;
	int has = pact_store__ref_tip(&now, repo, name);

	pact_error_clear();
	if (has < 0)
		return 0;
	return has == had && (!has || git_oid_equal(&now, tip));
}

/* The refs, with the store lock held and the draft and review as judged. */
static int move_refs(pact_store *store, int year, const review_adoption *a)
{
	char path[32], tagref[48], rref[48], reflog[128], hex[GIT_OID_HEXSZ + 1];
	int outcome = STORE_REF_MOVED_OK, rc = 0;

	pact_store_year_path(path, year);
	snprintf(tagref, sizeof(tagref), "refs/tags/pact/%04d", year);
	pact_review_ref(rref, year);
	git_oid_tostr(hex, sizeof(hex), &a->merge);
	if (a->move_main) {
		rc = pact_store__update_branch_held(store, PACT_REVIEW_MAIN, &a->merge, &a->main,
		                                    "review: adopt draft");
		if (rc == PACT_EREFUSED)
			return pact_error_set(PACT_ECONFLICT,
			                      "local changes to %s on 'main' would be "
			                      "overwritten; commit or remove them first. nothing "
			                      "was changed",
			                      path);
		if (rc == PACT_ECONFLICT)
			return pact_error_set(PACT_ECONFLICT,
			                      "'main' moved during the merge; try again");
		if (rc < 0)
			return rc;
	}
	/* from here on the pact is adopted: an error says what is left */
	if (a->has_tag) {
		rc = pact_store__ref_set(&outcome, store, tagref, NULL, STORE_REF_HELD, &a->tag,
		                         "review: adopt");
		if (rc == 0 && outcome == STORE_REF_CHANGED)
			rc = pact_error_set(PACT_EGIT,
			                    "adopted, but cannot create the tag: '%s' exists",
			                    tagref);
		if (rc < 0)
			return rc;
	}
	if (a->has_record) {
		snprintf(reflog, sizeof(reflog), "commit: review: %04d adopted in %.12s", year,
		         hex);
		rc = pact_store__ref_set(&outcome, store, rref, a->had_review ? &a->review : NULL,
		                         STORE_REF_HELD, &a->record, reflog);
		if (rc == 0 && outcome == STORE_REF_CHANGED)
			rc = pact_error_set(PACT_ECONFLICT,
			                    "adopted, but '%s' moved before the adoption was "
			                    "recorded in it; run 'pact review merge %04d' again",
			                    rref, year);
	}
	return rc;
}

/* The draft moved after it was judged. */
static int draft_moved(pact_store *store, int year)
{
	char dref[48];
	git_oid now;
	int has;

	pact_review_draft_ref(dref, year);
	has = pact_store__ref_tip(&now, pact_store__repo(store), dref);
	pact_error_clear();
	if (has <= 0)
		return pact_error_set(
		        PACT_EREFUSED,
		        "draft/%04d was deleted while 'review merge' ran: nothing was "
		        "adopted",
		        year);
	{
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &now);
		return pact_error_set(PACT_EREFUSED,
		                      "draft/%04d moved while 'review merge' ran (it is now "
		                      "%.12s): nothing was adopted; see 'pact review status %04d', "
		                      "then run 'pact review merge %04d' again",
		                      year, hex, year, year);
	}
}

/* The review moved after it was judged: 1 when every member still
 * approves the text (judge again), else the refusal naming who withdrew. */
static int review_moved(pact_store *store, int year, const review_adoption *a,
                        const pact_review_status *before)
{
	pact_review_status *now = NULL;
	pact_buf who = {0};
	size_t nwithdrew = 0;
	char *missing = NULL;
	int rc = pact_review__evaluate(&now, store, year, &a->draft, NULL);

	if (rc < 0)
		goto done;
	if (pact_review_complete(now)) {
		rc = 1;
		goto done;
	}
	for (size_t i = 0; i < now->nmembers; i++) {
		const pact_review_member *m = &now->members[i];
		const pact_review_member *was = NULL;
		for (size_t j = 0; j < before->nmembers && !was; j++)
			if (!strcmp(before->members[j].id, m->id))
				was = &before->members[j];
		if (was && (was->state == PACT_APPROVAL_CURRENT || was->by_board) &&
		    m->state == PACT_APPROVAL_REVOKED && !m->by_board) {
			pact_buf__printf(&who, "%s%s", nwithdrew ? ", " : "", m->id);
			nwithdrew++;
		}
	}
	if (who.oom) {
		rc = PACT_ENOMEM;
		goto done;
	}
	if (nwithdrew) {
		rc = pact_error_set(
		        PACT_EREFUSED,
		        pact_n__(pact_i18n_lang(),
		                 "%s withdrew its approval while 'review merge' ran: "
		                 "nothing was adopted ('main' and the tag pact/%04d are "
		                 "as they were)",
		                 "%s withdrew their approvals while 'review merge' ran: "
		                 "nothing was adopted ('main' and the tag pact/%04d are "
		                 "as they were)",
		                 nwithdrew),
		        who.ptr, year);
		goto done;
	}
	missing = pact_review_missing_list(now);
	rc = pact_error_set(PACT_EREFUSED,
	                    "the review of %04d changed while 'review merge' ran and the text "
	                    "no longer has every member's approval (%s): nothing was adopted",
	                    year, missing ? missing : "?");
done:
	free(missing);
	pact_buf__clear(&who);
	pact_review_status_free(now);
	return rc;
}

int pact_review__adoption_publish(pact_store *store, int year, const review_adoption *a,
                                  const pact_review_status *st)
{
	git_repository *repo = pact_store__repo(store);
	char dref[48], rref[48];
	int lockfd = -1, moved = 0, rc;

	pact_review_draft_ref(dref, year);
	pact_review_ref(rref, year);
	if ((rc = pact_store__lock(&lockfd, store, STORE_WAIT_MS)) < 0)
		goto done;
	if (!still_at(repo, dref, &a->draft, 1))
		moved = 1;
	else if (!still_at(repo, rref, &a->review, a->had_review))
		moved = 2;
	else
		rc = move_refs(store, year, a);
	close(lockfd);
	lockfd = -1;
	if (moved == 1)
		rc = draft_moved(store, year);
	else if (moved == 2)
		rc = review_moved(store, year, a, st);
done:
	if (lockfd >= 0)
		close(lockfd);
	return rc;
}
