/*
 * store_switch.c - moving what is checked out (a pulled fast-forward, a
 * review's branch switch) with the same guarantees as a commit: index.lock
 * first, the new index into it, the journal, the commit point (the ref's
 * compare-and-swap, or HEAD becoming the other branch), then the work
 * tree and the index. libgit2's checkout writes the work tree and the
 * index before the ref or HEAD moves, so a kill in between left the index
 * staging the other branch's text on this one, where a plain `git commit`
 * would have committed it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pact/error.h"
#include "store_internal.h"

/* The tree of commit `id` (NULL: none). */
static int tree_of_commit(git_tree **out, git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;
	int rc = 0;

	*out = NULL;
	if (!id)
		return 0;
	rc = git_commit_lookup(&c, repo, id);
	if (rc == 0)
		rc = git_commit_tree(out, c);
	git_commit_free(c);
	return rc < 0 ? pact_error_from_git(rc, "cannot read commit") : 0;
}

/* One file of the move: its path, and its blob in the target (files[i].data
 * is a non-NULL marker then, NULL when the target lacks it). */
typedef struct moves {
	pact_store_file *files;
	git_oid *blobs;
	size_t n;
	git_diff *diff; /* owns the paths */
} moves;

static void moves_free(moves *m)
{
	free(m->files);
	free(m->blobs);
	git_diff_free(m->diff);
	memset(m, 0, sizeof(*m));
}

/* The paths where trees a and b differ; only regular files are handled. */
static int changed_paths(moves *m, git_repository *repo, git_tree *a, git_tree *b)
{
	git_diff_options o;
	size_t count;
	int rc;

	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	rc = git_diff_tree_to_tree(&m->diff, repo, a, b, &o);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot compare the trees");
	count = git_diff_num_deltas(m->diff);
	m->files = pact_alloc__calloc(count ? count : 1, sizeof(*m->files));
	m->blobs = pact_alloc__calloc(count ? count : 1, sizeof(*m->blobs));
	if (!m->files || !m->blobs)
		return PACT_ENOMEM;
	for (size_t i = 0; i < count; i++) {
		const git_diff_delta *d = git_diff_get_delta(m->diff, i);
		int gone = d->status == GIT_DELTA_DELETED;
		uint16_t mode = gone ? d->old_file.mode : d->new_file.mode;
		if (mode != GIT_FILEMODE_BLOB)
			return pact_error_set(
			        PACT_EREFUSED,
			        "'%s' is not a plain file (a link, an executable or a "
			        "submodule), which pact does not write into the work tree; "
			        "use git for this update (git pull, git switch). Nothing was "
			        "changed",
			        d->new_file.path);
		m->files[m->n].path = d->new_file.path;
		m->files[m->n].data = gone ? NULL : "";
		git_oid_cpy(&m->blobs[m->n], &d->new_file.id);
		m->n++;
	}
	return 0;
}

/* Each work tree file on the way is absent, or holds what `from` or the
 * target holds: anything else is someone's work (PACT_EREFUSED). */
static int check_files(pact_store *store, git_tree *from, const moves *m)
{
	const char *wd = git_repository_workdir(pact_store__repo(store));
	int rc = 0;

	for (size_t i = 0; i < m->n && rc == 0; i++) {
		char *full = pact_store__join2(wd, m->files[i].path), *buf = NULL;
		git_tree_entry *e = NULL;
		size_t len = 0;
		git_oid disk;
		int r;

		if (!full)
			return PACT_ENOMEM;
		r = pact_store__read_file(&buf, &len, full, (size_t)-1);
		if (r == 0 && git_odb_hash(&disk, buf, len, GIT_OBJECT_BLOB) == 0 &&
		    !((m->files[i].data && git_oid_equal(&disk, &m->blobs[i])) ||
		      (from && git_tree_entry_bypath(&e, from, m->files[i].path) == 0 &&
		       git_oid_equal(&disk, git_tree_entry_id(e)))))
			r = -1;
		if (r < 0 && r != PACT_ENOTFOUND)
			rc = pact_error_set(
			        PACT_EREFUSED,
			        "local changes to '%s' would be overwritten; commit them or "
			        "move the file away first. Nothing was changed",
			        m->files[i].path);
		git_tree_entry_free(e);
		free(buf);
		free(full);
	}
	if (rc == 0)
		pact_error_clear();
	return rc;
}

/* The commit point: HEAD to `head_to`, or `refname` from `from` to `target`. */
static int commit_point(pact_store *store, const char *refname, const char *head_to,
                        const git_oid *from, const git_oid *target, const char *reflog)
{
	git_signature *who = NULL;
	int rc, outcome;

	if (head_to) {
		/* through pact's lock: a kill leaves no HEAD.lock in the way */
		char *from_branch = NULL, msg[512];
		if (pact_store_head_branch(&from_branch, store) < 0)
			from_branch = NULL;
		pact_error_clear();
		snprintf(msg, sizeof(msg), "checkout: moving from %s to %s",
		         from_branch ? from_branch + 11 : "HEAD", head_to + 11);
		free(from_branch);
		return pact_store__head_set(store, head_to, msg);
	}
	rc = pact_store__signature(&who, NULL, store, NULL);
	if (rc == 0)
		rc = pact_store__ref_cas(&outcome, store, refname, from, target, who,
		                         reflog ? reflog : "pact");
	git_signature_free(who);
	if (rc == 0 && outcome == STORE_REF_LOCKED)
		rc = pact_error_set(PACT_EIO,
		                    "cannot update '%s': its lock file exists; another git process "
		                    "seems to be running. Nothing was changed",
		                    refname);
	else if (rc == 0 && outcome == STORE_REF_CHANGED)
		rc = pact_error_set(PACT_ECONFLICT, "'%s' has moved; try again", refname);
	return rc;
}

int pact_store__checkout_move(pact_store *store, const char *refname, const char *head_to,
                              const git_oid *from, const git_oid *target, const char *reflog)
{
	git_repository *repo = pact_store__repo(store);
	store_index ix;
	moves m;
	git_tree *ft = NULL, *tt = NULL;
	int rc, keep = 0;

	memset(&ix, 0, sizeof(ix));
	memset(&m, 0, sizeof(m));
	rc = tree_of_commit(&ft, repo, from);
	if (rc == 0)
		rc = tree_of_commit(&tt, repo, target);
	if (rc == 0)
		rc = changed_paths(&m, repo, ft, tt);
	if (rc == 0)
		rc = pact_store__index_lock(&ix, store, 1000);
	/* the caller saw `refname` checked out before this lock: a git
	 * checkout that held it meanwhile may have switched to another
	 * branch, whose index and work tree must not get this move's files */
	if (rc == 0 && refname && !head_to && !pact_store__head_is(store, refname))
		rc = pact_error_set(PACT_ECONFLICT,
		                    "HEAD left '%s' while moving it (a git checkout or switch?); "
		                    "nothing was changed, try again",
		                    refname);
	if (rc == 0)
		rc = check_files(store, ft, &m);
	if (rc == 0)
		rc = pact_store__index_stage(&ix, store, ft, m.files, m.blobs, m.n);
	if (rc == 0)
		rc = pact_store__index_journal(&ix, head_to ? head_to : refname, head_to, from,
		                               target, m.files, m.n);
	if (rc == 0)
		rc = pact_store__index_sync(&ix, store, from, target, m.files, m.n);
	if (rc == 0)
		rc = pact_store__index_replace(&ix, store, m.files, m.n);
	if (rc == 0)
		rc = commit_point(store, refname, head_to, from, target, reflog);
	if (rc < 0)
		goto done;
	rc = pact_store__index_finish(&ix, store, from, target, m.files, m.n);
	if (rc < 0) {
		char cause[512];
		keep = 1;
		snprintf(cause, sizeof(cause), "%s", pact_error_last()->message);
		rc = pact_error_set(
		        PACT_EIO,
		        "the branch moved, but the work tree and index could not follow: "
		        "%s. '%s' stays in place so that git cannot commit the old "
		        "index; fix the cause and run any pact command to finish",
		        cause, ix.lock ? ix.lock : "index.lock");
	}
done:
	pact_store__index_release(&ix, keep);
	moves_free(&m);
	git_tree_free(ft);
	git_tree_free(tt);
	return rc;
}

int pact_store__switch(pact_store *store, const char *branch, const git_oid *tip)
{
	git_oid from;
	int lockfd = -1, rc, has_from;

	rc = pact_store__lock(&lockfd, store, STORE_WAIT_MS);
	if (rc < 0)
		return rc;
	has_from = pact_store__resolve(&from, store, NULL) == 0;
	pact_error_clear();
	rc = pact_store__checkout_move(store, NULL, branch, has_from ? &from : NULL, tip, NULL);
	close(lockfd);
	if (rc == PACT_EREFUSED)
		return 0;
	return rc < 0 ? rc : 1;
}
