/*
 * store_recover.c - finishing a commit whose writer was killed after the
 * branch moved (store.c's commit point) and before the work tree and index
 * caught up.
 *
 * A writer killed in that window can leave refs/heads/<branch>.lock or
 * index.lock behind (libgit2's lock files; nothing removes them) and work
 * tree files that lag the branch. So, under pact.lock, a writer first
 * writes $GIT_DIR/pact-pending (the branch, then the paths it writes) and
 * removes it when done. The next writer, holding pact.lock, finds the file
 * only if its author died in that window: it removes the two lock files
 * (no live pact writer can hold them, and git holds a ref lock for
 * milliseconds) and brings those paths of the work tree and index in line
 * with the branch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pact/error.h"
#include "store_internal.h"

static char *join2(const char *a, const char *b)
{
	char *s = malloc(strlen(a) + strlen(b) + 1);
	if (s) {
		strcpy(s, a);
		strcat(s, b);
	}
	return s;
}

/* The whole of a small file, NUL-terminated; NULL when absent or
 * unreadable (or over 1 MB: not a file this code wrote). */
static char *read_small(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 1u << 20;

	*len = 0;
	if (!f)
		return NULL;
	buf = malloc(cap + 1);
	if (buf) {
		*len = fread(buf, 1, cap + 1, f);
		if (ferror(f) || *len > cap) {
			free(buf);
			buf = NULL;
		} else {
			buf[*len] = '\0';
		}
	}
	fclose(f);
	return buf;
}

static char *pending_path(pact_store *store)
{
	return join2(git_repository_commondir(store->repo), "pact-pending");
}

int store_pending_begin(pact_store *store, const char *refname, const pact_store_file *files,
                         size_t n)
{
	char *path = pending_path(store);
	FILE *f = path ? fopen(path, "w") : NULL;
	int ok = f != NULL;

	if (f) {
		ok = fprintf(f, "%s\n", refname) > 0;
		for (size_t i = 0; i < n && ok; i++)
			ok = fprintf(f, "%s\n", files[i].path) > 0;
		ok = fclose(f) == 0 && ok;
	}
	if (!ok && path)
		unlink(path);
	free(path);
	return ok ? 0 : pact_error_set(PACT_EIO, "cannot write $GIT_DIR/pact-pending");
}

void store_pending_end(pact_store *store)
{
	char *path = pending_path(store);
	if (path)
		unlink(path);
	free(path);
}

static void unlink_lock(const char *dir, const char *name)
{
	char *base = join2(dir, name), *lock = base ? join2(base, ".lock") : NULL;
	if (lock)
		unlink(lock);
	free(base);
	free(lock);
}

/* The paths a dead writer was writing, as the branch now holds them. */
static int pending_files(pact_store_file **out, size_t *n, git_blob ***blobs, pact_store *store,
                         const char *refname, char *list)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_oid id;
	size_t cap = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	*blobs = NULL;
	for (char *p = list; *p; p++)
		cap += *p == '\n';
	*out = calloc(cap + 1, sizeof(**out));
	*blobs = calloc(cap + 1, sizeof(**blobs));
	if (!*out || !*blobs)
		return pact_error_set(PACT_ENOMEM, "out of memory");
	if (git_reference_name_to_id(&id, store->repo, refname) < 0 ||
	    git_commit_lookup(&c, store->repo, &id) < 0 || git_commit_tree(&tree, c) < 0)
		goto done; /* no branch yet: nothing to bring in line */
	for (char *p = list, *nl; *p && (nl = strchr(p, '\n')); p = nl + 1) {
		git_tree_entry *e = NULL;
		pact_store_file *f = &(*out)[*n];
		*nl = '\0';
		if (!*p || !store_safe_path(p))
			continue;
		f->path = p;
		if (git_tree_entry_bypath(&e, tree, p) == 0 &&
		    git_blob_lookup(&(*blobs)[*n], store->repo, git_tree_entry_id(e)) == 0) {
			f->data = git_blob_rawcontent((*blobs)[*n]);
			f->len = (size_t)git_blob_rawsize((*blobs)[*n]);
		}
		git_tree_entry_free(e);
		(*n)++;
	}
done:
	pact_error_clear();
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

/* Finish what a writer killed mid-commit left undone (see above). */
int store_recover_interrupted(pact_store *store, long deadline)
{
	char *path = pending_path(store), *buf = NULL, *refname, *list, *head = NULL;
	pact_store_file *files = NULL;
	git_blob **blobs = NULL;
	size_t len = 0, n = 0;
	int rc;

	if (!path)
		return pact_error_set(PACT_ENOMEM, "out of memory");
	buf = read_small(path, &len);
	if (!buf) {
		rc = 0; /* no file: no commit was interrupted */
		goto done;
	}
	refname = buf;
	list = strchr(buf, '\n');
	if (!list)
		goto finished;
	*list++ = '\0';
	unlink_lock(git_repository_commondir(store->repo), refname);
	unlink_lock(git_repository_path(store->repo), "index");
	if (git_repository_is_bare(store->repo) || pact_store_head_branch(&head, store) < 0 ||
	    strcmp(head, refname) != 0)
		goto finished;
	rc = pending_files(&files, &n, &blobs, store, refname, list);
	if (rc == 0 && n)
		rc = store_update_workdir(store, files, n, deadline);
	if (rc < 0)
		goto done;
finished:
	pact_error_clear();
	rc = 0;
	unlink(path);
done:
	for (size_t i = 0; blobs && i < n; i++)
		git_blob_free(blobs[i]);
	free(blobs);
	free(files);
	free(head);
	free(buf);
	free(path);
	return rc;
}

