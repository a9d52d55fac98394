/*
 * review_write.c - how the review workflow writes: every commit object
 * first, then one ref moved through pact_store__ref_set, so that each
 * write has a single commit point and a pact killed at any moment leaves
 * either the old state or the new one.
 *
 * pact_store__ref_set names the ref in $GIT_DIR/pact-fetch.refs before it
 * takes the ref's lock, so a lock left by a pact killed while holding it
 * is provably pact's and the next pact command removes it; a commit moved
 * with the store's plain compare-and-swap left refs/pact/reviews/YEAR.lock
 * behind, and every later approval failed on it until someone removed it
 * by hand. Objects written before a kill are merely unreachable (git gc
 * drops them).
 *
 * A compare-and-swap that loses (another member's record landed first)
 * is rebuilt on the new tip: each record is its own file, so no record is
 * lost by the rebuild.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#include "pact/review.h"
#include "review.h"

/* Rebuilds of a record on a tip that keeps moving before giving up. */
#define MAX_REBUILDS 8

int pact_review__build_commit(git_oid *out, git_repository *repo, const git_oid *parent,
                              const pact_store_file *files, size_t n, const char *message,
                              const git_signature *who)
{
	git_commit *pc = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_tree_update *upd = NULL;
	git_buf msg = GIT_BUF_INIT;
	git_oid tree_id;
	int rc;

	upd = pact_alloc__calloc(n ? n : 1, sizeof(*upd));
	if (!upd)
		return PACT_ENOMEM;
	rc = git_message_prettify(&msg, message ? message : "", 0, '#');
	if (rc < 0 || !msg.ptr || !msg.ptr[0]) {
		rc = pact_error_set(PACT_EUSAGE, "empty commit message");
		goto done;
	}
	if (parent && (rc = git_commit_lookup(&pc, repo, parent)) == 0)
		rc = git_commit_tree(&base, pc);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		upd[i].path = files[i].path;
		upd[i].action = files[i].data ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
		upd[i].filemode = GIT_FILEMODE_BLOB;
		if (files[i].data)
			rc = git_blob_create_from_buffer(&upd[i].id, repo, files[i].data,
			                                 files[i].len);
	}
	/* no base (a first commit): the tree holds just the files, and no
	 * empty tree is written that nothing would ever name */
	if (rc == 0)
		rc = git_tree_create_updated(&tree_id, repo, base, n, upd);
	if (rc == 0)
		rc = git_tree_lookup(&tree, repo, &tree_id);
	if (rc == 0) {
		const git_commit *parents[1] = {pc};
		rc = pact_store__commit_create(out, repo, who, who, msg.ptr, tree, pc ? 1 : 0,
		                               parents);
	}
	if (rc < 0)
		rc = pact_error_from_git(rc, "cannot write the review record");
done:
	git_buf_dispose(&msg);
	git_tree_free(base);
	git_tree_free(tree);
	git_commit_free(pc);
	free(upd);
	return rc;
}

int pact_review__commit_on(git_oid *out, pact_store *store, const char *ref,
                           const pact_store_file *files, size_t n, const char *message,
                           const git_signature *who)
{
	git_repository *repo = pact_store__repo(store);
	pact_buf reflog = {0};
	int rc = 0;

	pact_buf__puts(&reflog, "commit: ");
	pact_buf__put(&reflog, message, strcspn(message, "\n"));
	if (reflog.oom)
		return PACT_ENOMEM;
	for (int attempt = 0;; attempt++) {
		git_oid tip, id;
		int has, outcome = STORE_REF_MOVED_OK;

		has = git_reference_name_to_id(&tip, repo, ref) == 0;
		pact_error_clear();
		rc = pact_review__build_commit(&id, repo, has ? &tip : NULL, files, n, message,
		                               who);
		if (rc == 0)
			rc = pact_store__ref_set(&outcome, store, ref, has ? &tip : NULL, 0, &id,
			                         reflog.ptr);
		if (rc < 0)
			break;
		if (outcome == STORE_REF_MOVED_OK) {
			if (out)
				git_oid_cpy(out, &id);
			break;
		}
		if (attempt + 1 >= MAX_REBUILDS) {
			rc = pact_error_set(PACT_ECONFLICT,
			                    "'%s' keeps changing under this record; nothing was "
			                    "recorded, try again",
			                    ref);
			break;
		}
	}
	pact_buf__clear(&reflog);
	return rc;
}

int pact_review__commit_at(int *moved, pact_store *store, const char *ref, const git_oid *expected,
                           const pact_store_file *files, size_t n, const char *message,
                           const git_signature *who)
{
	pact_buf reflog = {0};
	git_oid id;
	int outcome = STORE_REF_MOVED_OK, rc;

	*moved = 0;
	pact_buf__puts(&reflog, "commit: ");
	pact_buf__put(&reflog, message, strcspn(message, "\n"));
	if (reflog.oom)
		return PACT_ENOMEM;
	rc = pact_review__build_commit(&id, pact_store__repo(store), expected, files, n, message,
	                               who);
	if (rc == 0)
		rc = pact_store__ref_set(&outcome, store, ref, expected, 0, &id, reflog.ptr);
	if (rc == 0 && outcome != STORE_REF_MOVED_OK)
		*moved = 1;
	pact_buf__clear(&reflog);
	return rc;
}

int pact_review__commit(pact_store *store, int year, const pact_store_file *files, size_t n,
                        const char *message, const git_signature *who)
{
	char ref[48];
	pact_review_ref(ref, year);
	return pact_review__commit_on(NULL, store, ref, files, n, message, who);
}

/* Nonzero when review commit `id` holds nothing but the opening record
 * of a review: a first commit whose tree is the one file `review`. */
static int only_opening(git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	int only = 0;

	if (git_commit_lookup(&c, repo, id) == 0 && git_commit_parentcount(c) == 0 &&
	    git_commit_tree(&t, c) == 0 && git_tree_entrycount(t) == 1) {
		const git_tree_entry *e = git_tree_entry_byindex(t, 0);
		only = !strcmp(git_tree_entry_name(e), "review") &&
		       git_tree_entry_type(e) == GIT_OBJECT_BLOB;
	}
	git_tree_free(t);
	git_commit_free(c);
	pact_error_clear();
	return only;
}

int pact_review__open_leftover(pact_store *store, int year)
{
	git_repository *repo = pact_store__repo(store);
	char dref[48], rref[48];
	git_oid dtip, rtip, blob;
	int has_draft, has_review, outcome = STORE_REF_MOVED_OK, rc = 0;

	pact_review_draft_ref(dref, year);
	pact_review_ref(rref, year);
	has_draft = pact_store__ref_tip(&dtip, repo, dref);
	has_review = has_draft < 0 ? 0 : pact_store__ref_tip(&rtip, repo, rref);
	if (has_draft < 0 || has_review < 0)
		return has_draft < 0 ? has_draft : has_review;
	if (!has_draft && has_review && only_opening(repo, &rtip)) {
		/* this version's open, killed before its draft branch */
		rc = pact_store__ref_set(&outcome, store, rref, &rtip, 0, NULL, NULL);
	} else if (has_draft && !has_review &&
	           pact_review__year_blob(&blob, repo, &dtip, year) < 0 &&
	           !pact_store__head_is(store, dref)) {
		/* an earlier version's, killed between making the branch at
		 * main's tip and committing the seed on it */
		rc = pact_store__ref_set(&outcome, store, dref, &dtip, 0, NULL, NULL);
	}
	pact_error_clear();
	return rc;
}
