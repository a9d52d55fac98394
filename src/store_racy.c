/*
 * store_racy.c - git's racily clean index entries, kept detectable when a
 * commit writes a new index.
 *
 * git trusts an entry's stat data only when the file is older than the
 * index file; an entry as new as the index ("racily clean": the file may
 * have changed in the same second, with the same size, after it was
 * staged) is checked by content. An index written later would make that
 * stale stat data trusted, so git smudges such entries (size 0) when it
 * writes one, and so does pact (pact_store__index_replace).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pact/error.h"
#include "store_internal.h"

/* Nonzero when entry `e` of the new index is racily clean in the index it
 * was read from (its file's mtime not older than that index file's, so git
 * checks the file by content): the newer index file about to be written
 * would make its stat data trusted. Entries git never checks (conflict
 * stages, assume-unchanged, skip-worktree, intent-to-add, submodules)
 * and those already smudged are left alone. */
static int is_racy(const store_index *ix, const git_index_entry *e)
{
	return ix->has_index_mtime && GIT_INDEX_ENTRY_STAGE(e) == 0 && e->file_size != 0 &&
	       !(e->flags & GIT_INDEX_ENTRY_VALID) &&
	       !(e->flags_extended &
	         (GIT_INDEX_ENTRY_SKIP_WORKTREE | GIT_INDEX_ENTRY_INTENT_TO_ADD)) &&
	       e->mode != GIT_FILEMODE_COMMIT &&
	       (int64_t)(uint32_t)e->mtime.seconds >= ix->index_mtime;
}

/* Nonzero when git would see a change to the work tree file of entry `e`
 * without reading it (another size or kind), or when the file holds the
 * entry's blob: then its stat data may be trusted. */
static int change_seen_or_none(git_repository *repo, const git_index_entry *e)
{
	const char *wd = git_repository_workdir(repo);
	char *full = pact_store__join2(wd, e->path);
	struct stat st;
	git_oid id;
	int ok;

	if (!full)
		return 0;
	if (lstat(full, &st) != 0 || !S_ISREG(st.st_mode) || e->mode == GIT_FILEMODE_LINK)
		ok = e->mode != GIT_FILEMODE_LINK || !S_ISLNK(st.st_mode) ? 1 : 0;
	else if ((uint32_t)st.st_size != e->file_size)
		ok = 1;
	else
		ok = git_repository_hashfile(&id, repo, full, GIT_OBJECT_BLOB, e->path) == 0 &&
		     git_oid_equal(&id, &e->id);
	free(full);
	return ok;
}

/* As git does when it writes an index: an entry racily clean in the old
 * index whose file no longer holds its blob (changed in the same second
 * as it was staged, with the same size) gets size 0, so that git still
 * sees the change once the new index is newer than the file. The
 * commit's own files carry fresh stat data (fill_stat) and are skipped.
 * Costs nothing unless an entry is as new as the old index. */
int pact_store__index_smudge_racy(store_index *ix, pact_store *store, const pact_store_file *files,
                                  size_t n)
{
	git_repository *repo = pact_store__repo(store);
	size_t count = git_index_entrycount(ix->next);
	int rc = 0;

	if (!git_repository_workdir(repo))
		return 0;
	for (size_t i = 0; i < count && rc == 0; i++) {
		const git_index_entry *e = git_index_get_byindex(ix->next, i);
		git_index_entry copy;
		int own = 0;
		if (!e || !is_racy(ix, e))
			continue;
		for (size_t k = 0; k < n && !own; k++)
			own = strcmp(files[k].path, e->path) == 0;
		if (own || change_seen_or_none(repo, e))
			continue;
		copy = *e;
		copy.file_size = 0;
		rc = git_index_add(ix->next, &copy);
	}
	pact_error_clear();
	return rc < 0 ? pact_error_from_git(rc, "cannot write the new index") : 0;
}
