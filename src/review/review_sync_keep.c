/*
 * review_sync_keep.c - what a pull must not drop: a withdrawal.
 *
 * A review the remote rewrote or deleted is followed by the local one when
 * it holds nothing made here (review_sync.c, follow_remote), so that an
 * approval deleted upstream is not pushed back. But a rewrite that drops a
 * revocation brings back the approval it withdrew: that member's newest
 * event is the approval again, and `review merge` here would adopt on it.
 * Anyone who can force-push the hub (one without pact's hook) could undo a
 * member's withdrawal so, and a deletion followed by a new review holding
 * only the old approval does the same in two pulls. So a review whose
 * dropped part holds a revocation the remote's no longer has is kept, and
 * merged with the remote's, where the revocation, the newer event, stands.
 */
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#include "review.h"

/* The blob ids of records under approvals/ in the commits walked from
 * `from` (hiding `hide`, may be NULL); with `members` (may be NULL) only
 * revocations, and their member ids, one per id. */
typedef struct record_set {
	git_oid *ids;
	char **members;
	size_t n, cap, mcap;
} record_set;

static void set_clear(record_set *s)
{
	for (size_t i = 0; s->members && i < s->n; i++)
		free(s->members[i]);
	free(s->members);
	free(s->ids);
	memset(s, 0, sizeof(*s));
}

static int set_has(const record_set *s, const git_oid *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (git_oid_equal(&s->ids[i], id))
			return 1;
	return 0;
}

/* Add record `id` (when `revocations`, only a revocation, with its
 * member). */
static int set_add(record_set *s, git_repository *repo, const git_oid *id, int revocations)
{
	pact_approval a;
	char *rec = NULL, *member = NULL;
	int rc;

	if (set_has(s, id))
		return 0;
	if (revocations) {
		rc = pact_store__blob_string(&rec, NULL, repo, id, PACT_REVIEW_MAX_RECORD_BYTES,
		                             "cannot read approval");
		if (rc == PACT_ENOMEM)
			return rc;
		pact_error_clear();
		if (rc > 0 && pact_review__parse_approval(&a, rec) == 0) {
			if (a.revoked) {
				member = a.member;
				a.member = NULL;
			}
			pact_review__approval_clear(&a);
		}
		free(rec);
		if (!member)
			return 0;
	}
	git_oid *p = pact_alloc__grow(s->ids, &s->cap, s->n, sizeof(*p), 16);
	char **m = p && revocations ? pact_alloc__grow(s->members, &s->mcap, s->n, sizeof(*m), 16)
	                            : NULL;
	if (p)
		s->ids = p;
	if (m)
		s->members = m;
	if (!p || (revocations && !m)) {
		free(member);
		return PACT_ENOMEM;
	}
	git_oid_cpy(&s->ids[s->n], id);
	if (revocations)
		s->members[s->n] = member;
	s->n++;
	return 0;
}

/* The approvals/ tree of commit `c` into *out (NULL when none). */
static int approvals_of(git_tree **out, git_repository *repo, const git_commit *c)
{
	git_tree *tree = NULL;
	git_tree_entry *ae = NULL;
	int rc = git_commit_tree(&tree, c);

	*out = NULL;
	if (rc == 0)
		rc = git_tree_entry_bypath(&ae, tree, "approvals");
	if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(ae) != GIT_OBJECT_TREE))
		rc = 0;
	else if (rc == 0)
		rc = git_tree_lookup(out, repo, git_tree_entry_id(ae));
	if (rc < 0)
		rc = pact_error_from_git(rc, "cannot read review");
	git_tree_entry_free(ae);
	git_tree_free(tree);
	return rc;
}

/* The records commit `c` brings into approvals/, those that differ from
 * its first parent's (all of them in a first commit), into s. Every
 * record of a history is so read where it came in, however many other
 * files stand beside it: reading the first 800 entries of each tree
 * missed a withdrawal filed behind entries piled on in front of it, and
 * a remote that dropped it was followed. The bound is per commit, on
 * what one commit changes; `pact review revoke` changes one file. */
static int add_commit(record_set *s, git_repository *repo, const git_oid *c, int revocations)
{
	git_commit *commit = NULL, *parent = NULL;
	git_tree *atree = NULL, *ptree = NULL;
	git_diff *diff = NULL;
	int rc = git_commit_lookup(&commit, repo, c);

	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read review");
		goto done;
	}
	if ((rc = approvals_of(&atree, repo, commit)) < 0 || !atree)
		goto done;
	/* a parent that cannot be read (a shallow clone): all are new */
	if (git_commit_parentcount(commit) > 0 && git_commit_parent(&parent, commit, 0) == 0 &&
	    (rc = approvals_of(&ptree, repo, parent)) < 0)
		goto done;
	pact_error_clear();
	rc = git_diff_tree_to_tree(&diff, repo, ptree, atree, NULL);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read review");
		goto done;
	}
	for (size_t i = 0; rc == 0 && i < git_diff_num_deltas(diff) && i < PACT_MAX_MEMBERS * 4;
	     i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->status != GIT_DELTA_DELETED && d->new_file.mode != GIT_FILEMODE_COMMIT)
			rc = set_add(s, repo, &d->new_file.id, revocations);
	}
done:
	git_diff_free(diff);
	git_tree_free(ptree);
	git_tree_free(atree);
	git_commit_free(parent);
	git_commit_free(commit);
	return rc;
}

static int collect(record_set *s, git_repository *repo, const git_oid *from, const git_oid *hide,
                   int revocations)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t count = 0;
	int rc = git_revwalk_new(&walk, repo);

	if (rc == 0)
		rc = git_revwalk_push(walk, from);
	if (rc == 0 && hide)
		rc = git_revwalk_hide(walk, hide);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot walk the review");
		goto done;
	}
	while ((rc = git_revwalk_next(&id, walk)) == 0 && ++count <= PACT_REVIEW_MAX_HISTORY)
		if ((rc = add_commit(s, repo, &id, revocations)) < 0)
			goto done;
	rc = rc == GIT_ITEROVER || rc == 0 ? 0 : pact_error_from_git(rc, "cannot walk the review");
done:
	git_revwalk_free(walk);
	return rc;
}

int pact_review__dropped_withdrawals(char **members, git_repository *repo, const git_oid *mine,
                                     const git_oid *theirs)
{
	record_set gone = {0}, kept = {0};
	pact_buf b = {0};
	int rc;

	*members = NULL;
	if ((rc = collect(&gone, repo, mine, theirs, 1)) < 0 ||
	    (theirs && gone.n && (rc = collect(&kept, repo, theirs, NULL, 0)) < 0))
		goto done;
	for (size_t i = 0; i < gone.n; i++) {
		int again = 0;
		if (set_has(&kept, &gone.ids[i]))
			continue;
		for (size_t k = 0; k < i && !again; k++)
			again = !set_has(&kept, &gone.ids[k]) &&
			        !strcmp(gone.members[k], gone.members[i]);
		if (!again)
			pact_buf__printf(&b, "%s%s", b.len ? ", " : "", gone.members[i]);
	}
	if (b.oom) {
		rc = PACT_ENOMEM;
		goto done;
	}
	if (!b.len) {
		rc = 0;
		goto done;
	}
	if (!(*members = pact_buf__detach(&b, NULL))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = 1;
done:
	pact_buf__clear(&b);
	set_clear(&gone);
	set_clear(&kept);
	return rc;
}
