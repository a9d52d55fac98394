/*
 * review_merge.c - adopting a draft: the merge onto main, the tag
 * pact/YEAR and the `adopted` record, and leaving the draft.
 *
 * Everything that refuses an adoption is judged before anything is
 * written. Then the writes, each with one commit point: the merge commit
 * (an object), main moved to it (the adoption: from here on the pact is
 * adopted whatever happens), the tag, the record, the switch back to
 * main. A pact killed after main moved left an adoption without its tag
 * or record, which `review status` could not tell from a draft still to
 * adopt; `review merge` run again finds that adoption on main (the merge
 * of exactly this draft tip, holding exactly its text) and finishes it
 * instead of refusing with "'main' already has pacts/YEAR.yaml".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/review.h"
#include "pact/sanitize.h"
#include "review.h"

/* ---- adopting --------------------------------------------------------- */

/* Refuse a draft that changed anything but pacts/YEAR.yaml since it left
 * main: adopting means adopting that one text. */
static int only_year_changed(git_repository *repo, const git_oid *main_tip,
                             const git_oid *draft_tip, int year)
{
	git_commit *bc = NULL, *dc = NULL;
	git_tree *bt = NULL, *dt = NULL;
	git_diff *diff = NULL;
	char path[32];
	git_oid base;
	int rc;

	pact_store_year_path(path, year);
	rc = git_merge_base(&base, repo, main_tip, draft_tip);
	if (rc == GIT_ENOTFOUND) {
		rc = pact_error_set(PACT_EREFUSED, "draft/%04d does not share history with 'main'",
		                    year);
		goto done;
	}
	if (rc == 0)
		rc = git_commit_lookup(&bc, repo, &base);
	if (rc == 0)
		rc = git_commit_lookup(&dc, repo, draft_tip);
	if (rc == 0)
		rc = git_commit_tree(&bt, bc);
	if (rc == 0)
		rc = git_commit_tree(&dt, dc);
	if (rc == 0)
		rc = git_diff_tree_to_tree(&diff, repo, bt, dt, NULL);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot compare the draft with 'main'");
		goto done;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *p = d->new_file.path ? d->new_file.path : d->old_file.path;
		if (strcmp(p, path) != 0) {
			rc = pact_error_set(PACT_EREFUSED,
			                    "draft/%04d also changes '%s'; a review adopts only %s",
			                    year, p, path);
			goto done;
		}
	}
	rc = 0;
done:
	git_diff_free(diff);
	git_tree_free(bt);
	git_tree_free(dt);
	git_commit_free(bc);
	git_commit_free(dc);
	return rc;
}

/* The "Approved-by:" trailer lines of the merge commit and of the tag: one
 * per member, with the identity that approved the adopted text. */
void pact_review__approved_by(pact_buf *b, const pact_review_status *st)
{
	pact_lang lang = pact_i18n_lang();

	for (size_t i = 0; i < st->nmembers; i++) {
		const pact_review_member *m = &st->members[i];
		const pact_approval *a = m->by_board ? &st->board : &m->approval;
		/* a record written by hand may hold anything: the message gets
		 * the name as pact shows it, never raw controls */
		pact_buf__printf(b, "Approved-by: %s ", m->id);
		if (a->name)
			pact_buf__put_sanitized(b, a->name, strlen(a->name), PACT_SANITIZE_LINE);
		pact_buf__puts(b, " <");
		if (a->email)
			pact_buf__put_sanitized(b, a->email, strlen(a->email), PACT_SANITIZE_LINE);
		/* the trailer's key is for scripts; what follows, for officers,
		 * in the store's language like the rest of the message */
		pact_buf__printf(b, ">%s%s\n",
		                 m->by_board    ? pact__(lang, " (board, for the departing member)")
		                 : m->departing ? pact__(lang, " (departing member)")
		                                : "",
		                 a->sig == PACT_SIG_VALID ? pact__(lang, " [signed]") : "");
	}
}

/* PACT_EREFUSED, naming who is missing, unless st is a valid text every
 * member approved. */
static int refuse_unapproved(const pact_review_status *st, int year)
{
	char *missing;
	size_t n;
	int rc;

	if (!st->valid)
		return pact_error_set(PACT_EREFUSED,
		                      "cannot adopt %04d: the draft is not a valid pact", year);
	if (pact_review_complete(st))
		return 0;
	missing = pact_review_missing_list(st);
	n = st->nmembers - st->napproved;
	rc = pact_error_set(PACT_EREFUSED,
	                    pact_n__(pact_i18n_lang(),
	                             "cannot adopt %04d: %zu member (of %zu) has not approved "
	                             "the current text: %s",
	                             "cannot adopt %04d: %zu members (of %zu) have not approved "
	                             "the current text: %s",
	                             n),
	                    year, n, st->nmembers, missing ? missing : "?");
	free(missing);
	return rc;
}

/* Everything that refuses an adoption, judged before anything is
 * written: *st gets the status (caller frees, also on refusal). */
static int may_adopt(pact_review_status **st_out, pact_store *store, int year,
                     const review_adoption *a, unsigned flags)
{
	const git_oid *main_tip = &a->main, *draft_tip = &a->draft;
	git_repository *repo = pact_store__repo(store);
	pact_review_status *st = NULL;
	pact_buf m = {0};
	char path[32], tagname[32];
	git_oid x;
	int rc;

	pact_store_year_path(path, year);
	snprintf(tagname, sizeof(tagname), "pact/%04d", year);
	rc = pact_review__evaluate(&st, store, year, draft_tip, a->had_review ? &a->review : NULL);
	if (rc < 0)
		goto done;
	if (st->adopted[0]) {
		rc = pact_error_set(PACT_EEXISTS, "the %04d draft was already adopted in %.12s",
		                    year, st->adopted);
		goto done;
	}
	if ((rc = refuse_unapproved(st, year)) < 0)
		goto done;
	if (pact_review__year_blob(&x, repo, main_tip, year) == 0) {
		rc = pact_error_set(PACT_EEXISTS, "'main' already has %s", path);
		goto done;
	}
	pact_error_clear();
	{
		char tref[48];
		snprintf(tref, sizeof(tref), "refs/tags/%s", tagname);
		if ((rc = pact_store__ref_tip(&x, repo, tref)) != 0) {
			if (rc > 0)
				rc = pact_error_set(PACT_EEXISTS, "tag '%s' already exists",
				                    tagname);
			goto done;
		}
	}
	rc = only_year_changed(repo, main_tip, draft_tip, year);
	if (rc < 0)
		goto done;
	if (st->nleftovers && !(flags & PACT_REVIEW_MERGE_ALLOW_LEFTOVERS)) {
		/* one line: a message is shown with its newlines escaped */
		pact_buf__printf(
		        &m,
		        pact_n__(pact_i18n_lang(),
		                 "cannot adopt %04d: the draft still has %zu leftover of %04d (",
		                 "cannot adopt %04d: the draft still has %zu leftovers of %04d (",
		                 st->nleftovers),
		        year, st->nleftovers, st->from_year);
		for (size_t i = 0; i < st->nleftovers; i++)
			pact_buf__printf(&m, "%s%s", i ? "; " : "", st->leftovers[i]);
		pact_buf__puts(&m, pact__(pact_i18n_lang(),
		                          "); fix them on the draft, or adopt as it is with "
		                          "--allow-leftovers"));
		rc = pact_error_set(PACT_EREFUSED, "%s", m.oom ? "leftovers" : m.ptr);
		pact_buf__clear(&m);
		goto done;
	}
	rc = 0;
done:
	*st_out = st;
	pact_buf__clear(&m);
	return rc;
}

/* The tips of draft/YEAR, of main and of the review, read once: what the
 * adoption judges, and what must still be there when main moves.
 * PACT_ENOTFOUND when the draft or main is missing; no review: a->had_review 0. */
static int merge_tips(review_adoption *a, pact_store *store, int year)
{
	git_repository *repo = pact_store__repo(store);
	char dref[48], rref[48];
	int rc;

	pact_review_draft_ref(dref, year);
	pact_review_ref(rref, year);
	rc = pact_store__ref_tip(&a->draft, repo, dref);
	if (rc == 0)
		rc = pact_error_set(PACT_ENOTFOUND, "no draft for %04d", year);
	if (rc < 0)
		return rc;
	rc = pact_store__ref_tip(&a->main, repo, PACT_REVIEW_MAIN);
	if (rc == 0)
		rc = pact_store_explain_missing(store, PACT_REVIEW_MAIN);
	if (rc == 0)
		rc = pact_error_set(PACT_ENOTFOUND, "'main' has no commits");
	if (rc < 0)
		return rc;
	rc = pact_store__ref_tip(&a->review, repo, rref);
	if (rc < 0)
		return rc;
	a->had_review = rc;
	return 0;
}

/* An adoption cannot be revoked: an officer looking at edits in the work
 * tree must not adopt, unknowingly, the other text members approved
 * (unless --force). */
static int refuse_uncommitted(pact_store *store, int year, const char *path,
                              const pact_review_status *st, unsigned flags)
{
	git_oid blob;

	git_oid_fromstr(&blob, st->blob);
	if (!(flags & PACT_REVIEW_MERGE_FORCE) && pact_review__uncommitted(store, year, &blob))
		return pact_error_set(
		        PACT_EREFUSED,
		        "%s has uncommitted changes; 'review merge' adopts the committed "
		        "text every member approved (text %.12s), not the file in your "
		        "work tree. Commit your changes (members then approve the new "
		        "text), put them away ('git stash'), or adopt the committed text "
		        "as it is with --force. Nothing was changed",
		        path, st->blob);
	return 0;
}

/* The merge commit (not on any branch yet): main's tree with the approved
 * text `st->blob` at `path`, parents main and the draft, the members'
 * approvals as Approved-by: trailers. */
static int write_merge_commit(git_oid *out, git_repository *repo, const git_oid *main_tip,
                              const git_oid *draft_tip, const char *path, int year,
                              const pact_review_status *st, const git_signature *who)
{
	git_commit *mc = NULL, *dc = NULL;
	git_tree *mtree = NULL, *ntree = NULL;
	git_tree_update upd;
	git_oid tree_id;
	pact_buf m = {0};
	char *msg = NULL;
	int rc;

	rc = git_commit_lookup(&mc, repo, main_tip);
	if (rc == 0)
		rc = git_commit_lookup(&dc, repo, draft_tip);
	if (rc == 0)
		rc = git_commit_tree(&mtree, mc);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read 'main'");
		goto done;
	}
	memset(&upd, 0, sizeof(upd));
	upd.action = GIT_TREE_UPDATE_UPSERT;
	upd.filemode = GIT_FILEMODE_BLOB;
	upd.path = path;
	git_oid_fromstr(&upd.id, st->blob);
	rc = git_tree_create_updated(&tree_id, repo, mtree, 1, &upd);
	if (rc == 0)
		rc = git_tree_lookup(&ntree, repo, &tree_id);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot write tree");
		goto done;
	}
	/* in the process's language; the Approved-by: trailers stay as they are */
	pact_buf__printf(&m,
	                 pact__(pact_i18n_lang(),
	                        "Adopt the %04d pact\n\nMerge branch 'draft/%04d': %s (blob %.12s) "
	                        "approved by every member.\n\n"),
	                 year, year, path, st->blob);
	pact_review__approved_by(&m, st);
	msg = pact_buf__detach(&m, NULL);
	if (!msg) {
		rc = PACT_ENOMEM;
		goto done;
	}
	{
		const git_commit *parents[2] = {mc, dc};
		rc = pact_store__commit_create(out, repo, who, who, msg, ntree, 2, parents);
		if (rc < 0)
			rc = pact_error_from_git(rc, "cannot write the merge commit");
	}
done:
	git_commit_free(mc);
	git_commit_free(dc);
	git_tree_free(mtree);
	git_tree_free(ntree);
	free(msg);
	return rc;
}

/* The draft is done: a work tree still on it goes back to main, as
 * 'review open' had switched it to the draft (never over local edits).
 * *switched (may be NULL) as pact_store_switch says. */
static int leave_draft(int *switched, pact_store *store, const char *dref, const git_oid *commit_id,
                       int year)
{
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	if (git_repository_is_bare(pact_store__repo(store)) || !pact_store__head_is(store, dref))
		return 0;
	rc = pact_store__switch(store, PACT_REVIEW_MAIN, commit_id);
	if (rc < 0) {
		/* adopted all the same: say so, or a retry meets "already
		 * adopted" with no idea why */
		char *why = pact_alloc__strdup(pact_error_last()->message);
		git_oid_tostr(hex, sizeof(hex), commit_id);
		rc = pact_error_set(rc,
		                    "the %04d pact is adopted (main at %.12s, tag pact/%04d), "
		                    "but the work tree stays on %s: %s; switch with 'git "
		                    "switch main' when that is fixed",
		                    year, hex, year, dref + 11, why ? why : "?");
		free(why);
		return rc;
	}
	if (switched)
		*switched = rc;
	return 0;
}

/* How far back on main's first parents an adoption killed half-way is
 * looked for: it is main's tip unless commits landed on main since. */
#define MAX_UNFINISHED_DEPTH 100

/* Nonzero when the review of `year` holds its `adopted` record. */
static int recorded(git_repository *repo, int year)
{
	char rref[48], *rec = NULL;
	git_oid rtip;
	int has;

	pact_review_ref(rref, year);
	has = pact_store__ref_tip(&rtip, repo, rref) > 0 &&
	      pact_review__read_file(&rec, repo, &rtip, "adopted") > 0;
	free(rec);
	pact_error_clear();
	return has;
}

/* An adoption of exactly `draft_tip` that a killed `review merge` left
 * on main without its tag or record: a merge commit reachable from main
 * whose second parent is the draft's tip and whose pacts/YEAR.yaml is the
 * draft's text. Found through the tag pact/YEAR when it was made, else on
 * main's first parents. 1 with *out set, 0 none, <0 error. */
static int unfinished_adoption(git_oid *out, pact_store *store, int year, const git_oid *main_tip,
                               const git_oid *draft_tip)
{
	git_repository *repo = pact_store__repo(store);
	git_commit *c = NULL;
	git_oid id, draft_blob, blob;
	char tagref[48], dref[48];
	int found = 0;

	pact_review_draft_ref(dref, year);
	if (pact_review__year_blob(&draft_blob, repo, draft_tip, year) < 0) {
		pact_error_clear();
		return 0;
	}
	snprintf(tagref, sizeof(tagref), "refs/tags/pact/%04d", year);
	git_oid_cpy(&id, main_tip);
	for (int depth = 0; !found && depth < MAX_UNFINISHED_DEPTH; depth++) {
		if (git_commit_lookup(&c, repo, &id) < 0)
			break;
		found = git_commit_parentcount(c) == 2 &&
		        git_oid_equal(git_commit_parent_id(c, 1), draft_tip) &&
		        pact_review__year_blob(&blob, repo, &id, year) == 0 &&
		        git_oid_equal(&blob, &draft_blob);
		if (found)
			git_oid_cpy(out, &id);
		else if (git_commit_parentcount(c) > 0)
			git_oid_cpy(&id, git_commit_parent_id(c, 0));
		else
			depth = MAX_UNFINISHED_DEPTH;
		git_commit_free(c);
		c = NULL;
	}
	pact_error_clear();
	/* a tag on another commit is someone else's: not this adoption; and
	 * one with its tag and its record is finished, unless the work tree
	 * is still on the draft it was to leave */
	if (found && pact_store__ref_tip(&id, repo, tagref) > 0 &&
	    (!pact_review__tag_on(repo, tagref, out) ||
	     (recorded(repo, year) &&
	      (git_repository_is_bare(repo) || !pact_store__head_is(store, dref)))))
		found = 0;
	pact_error_clear();
	return found;
}

/* Finish the adoption a->merge a killed merge left: the tag and the
 * record it lacks (published under the store lock as a merge's are,
 * against the review as judged), then leave the draft. */
static int finish_adoption(int *switched, pact_store *store, int year, review_adoption *a,
                           const git_signature *who)
{
	pact_review_status *st = NULL;
	char dref[48];
	int rc = pact_review__evaluate(&st, store, year, &a->draft,
	                               a->had_review ? &a->review : NULL);

	pact_review_draft_ref(dref, year);
	/* a merge of the draft onto main made with git ('git merge
	 * draft/2025') looks the same as one a kill left: it is finished only
	 * if every member approved the text, as a merge would be made */
	if (rc == 0)
		rc = refuse_unapproved(st, year);
	if (rc == 0)
		rc = pact_review__adoption_objects(a, store, year, st, who, !st->adopted[0]);
	if (rc == 0)
		rc = pact_review__adoption_publish(store, year, a, st);
	if (rc == 0)
		rc = leave_draft(switched, store, dref, &a->merge, year);
	pact_review_status_free(st);
	return rc;
}

/* One try at adopting: judged on the tips read once, the objects written,
 * then the refs moved under the store lock only if the draft and the
 * review are still as judged. PACT_EAGAIN_ (1): the review moved and the
 * text is still approved by everyone: try again. */
static int adopt_once(git_oid *merge, int *switched, pact_store *store, int year,
                      const git_signature *who, unsigned flags, int first)
{
	git_repository *repo = pact_store__repo(store);
	pact_review_status *st = NULL;
	review_adoption a;
	char dref[48], path[32];
	int rc;

	memset(&a, 0, sizeof(a));
	pact_review_draft_ref(dref, year);
	pact_store_year_path(path, year);
	if ((rc = merge_tips(&a, store, year)) < 0)
		goto done;
	rc = first ? unfinished_adoption(&a.merge, store, year, &a.main, &a.draft) : 0;
	if (rc > 0) {
		rc = finish_adoption(switched, store, year, &a, who);
		if (rc == 0 && merge)
			git_oid_cpy(merge, &a.merge);
		goto done;
	}
	if (rc < 0 || (rc = may_adopt(&st, store, year, &a, flags)) < 0 ||
	    (rc = refuse_uncommitted(store, year, path, st, flags)) < 0 ||
	    (rc = write_merge_commit(&a.merge, repo, &a.main, &a.draft, path, year, st, who)) < 0)
		goto done;
	a.move_main = 1;
	if ((rc = pact_review__adoption_objects(&a, store, year, st, who, 1)) < 0 ||
	    (rc = pact_review__adoption_publish(store, year, &a, st)) != 0)
		goto done;
	if ((rc = leave_draft(switched, store, dref, &a.merge, year)) < 0)
		goto done;
	if (merge)
		git_oid_cpy(merge, &a.merge);
	rc = 0;
done:
	pact_review_status_free(st);
	return rc;
}

/* How many times a merge whose review moved meanwhile (a comment, an
 * approval) is judged again before giving up. */
#define MAX_ADOPT_TRIES 4

int pact_review__merge(git_oid *merge, int *switched, pact_store *store, int year,
                       const git_signature *who, unsigned flags)
{
	int rc;

	if ((rc = pact_review__check_year(year)) < 0 || (rc = pact_review__check_sig(who)) < 0)
		return rc;
	for (int i = 0; i < MAX_ADOPT_TRIES; i++)
		if ((rc = adopt_once(merge, switched, store, year, who, flags, i == 0)) <= 0)
			return rc;
	return pact_error_set(PACT_ECONFLICT,
	                      "the review of %04d keeps changing while 'review merge' runs; "
	                      "nothing was adopted, try again",
	                      year);
}
