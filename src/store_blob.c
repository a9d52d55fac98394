/*
 * store_blob.c - refs, paths and blobs read for the rest of libpact.
 *
 * The store is libpact's boundary with libgit2's plumbing: the review
 * workflow and the loaders read a ref's tip, a path in a commit and a blob
 * as text through these few functions rather than each with its own
 * lookups. A blob comes back as a NUL-terminated copy, bounded by the
 * caller's limit before anything is read: its size comes from the
 * object's header, so a blob over the limit is never inflated (2 GB of
 * one repeated byte is 2 MB compressed: anyone who can push can send it),
 * and no caller holds a git_blob or reads past the object. Reads go through the loose-object guard
 * (store_odb.c) like every other read of the store.
 */
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#include "store_internal.h"

int pact_store__ref_tip(git_oid *out, git_repository *repo, const char *name)
{
	int rc = git_reference_name_to_id(out, repo, name);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return pact_error_from_git(rc, "cannot read ref");
	return 1;
}

int pact_store__path_id(git_oid *out, git_repository *repo, const git_oid *commit, const char *path,
                        int files_only, const char *what)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int rc;

	rc = git_commit_lookup(&c, repo, commit);
	if (rc == 0)
		rc = git_commit_tree(&tree, c);
	if (rc < 0) {
		rc = pact_error_from_git(rc, what);
		goto done;
	}
	rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == GIT_ENOTFOUND ||
	    (rc == 0 && files_only && git_tree_entry_type(e) != GIT_OBJECT_BLOB)) {
		pact_error_clear();
		rc = 0;
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read tree");
		goto done;
	}
	git_oid_cpy(out, git_tree_entry_id(e));
	rc = 1;
done:
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

int pact_store__blob_fits(git_repository *repo, const git_oid *id, size_t max, const char *fail)
{
	git_odb *odb = NULL;
	git_object_t type;
	size_t size = 0;
	int rc = git_repository_odb(&odb, repo);

	if (rc == 0)
		rc = git_odb_read_header(&size, &type, odb, id);
	git_odb_free(odb);
	if (rc < 0)
		return pact_error_from_git(rc, fail);
	return size <= max;
}

int pact_store__blob_string(char **out, size_t *len, git_repository *repo, const git_oid *id,
                            size_t max, const char *fail)
{
	git_blob *b = NULL;
	size_t n;
	int rc;

	*out = NULL;
	if (len)
		*len = 0;
	if ((rc = pact_store__blob_fits(repo, id, max, fail)) <= 0)
		return rc;
	rc = git_blob_lookup(&b, repo, id);
	if (rc < 0)
		return pact_error_from_git(rc, fail);
	if (git_blob_rawsize(b) > max) {
		rc = 0;
		goto done;
	}
	n = (size_t)git_blob_rawsize(b);
	if (!(*out = pact_alloc__malloc(n + 1))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	memcpy(*out, git_blob_rawcontent(b), n);
	(*out)[n] = '\0';
	if (len)
		*len = n;
	rc = 1;
done:
	git_blob_free(b);
	return rc;
}

int pact_store__year_blobs(pact_store__year_blob **out, size_t *n, git_repository *repo,
                           const git_oid *commit, const char *what, const char *what_tree)
{
	git_commit *c = NULL;
	git_tree *t = NULL, *pacts = NULL;
	git_tree_entry *pe = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = git_commit_lookup(&c, repo, commit);
	if (rc == 0)
		rc = git_commit_tree(&t, c);
	if (rc < 0) {
		rc = pact_error_from_git(rc, what);
		goto done;
	}
	if (git_tree_entry_bypath(&pe, t, "pacts") < 0 ||
	    git_tree_entry_type(pe) != GIT_OBJECT_TREE) {
		pact_error_clear();
		rc = 0;
		goto done;
	}
	rc = git_tree_lookup(&pacts, repo, git_tree_entry_id(pe));
	if (rc < 0) {
		rc = pact_error_from_git(rc, what_tree);
		goto done;
	}
	*out = pact_alloc__calloc(git_tree_entrycount(pacts) + 1, sizeof(**out));
	if (!*out) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < git_tree_entrycount(pacts); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(pacts, i);
		const char *name = git_tree_entry_name(e);
		/* "2025.yaml" */
		if (strlen(name) != 9 || strcmp(name + 4, ".yaml") != 0 ||
		    strspn(name, "0123456789") < 4 || git_tree_entry_type(e) != GIT_OBJECT_BLOB)
			continue;
		(*out)[*n].year = atoi(name);
		git_oid_cpy(&(*out)[*n].blob, git_tree_entry_id(e));
		(*n)++;
	}
	rc = 0;
done:
	git_tree_entry_free(pe);
	git_tree_free(pacts);
	git_tree_free(t);
	git_commit_free(c);
	return rc;
}
