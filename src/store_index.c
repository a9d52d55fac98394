/*
 * store_index.c - the index lock pact_store_commit holds from before it
 * writes anything until the new index is in place, the journal that lets
 * the next pact command finish or undo a commit whose process died, and
 * bringing work tree files to a commit's text.
 *
 * Why: once the branch has moved, the old index stages the old text of
 * every file the commit changed; a plain `git commit` of anything else
 * would then silently revert the pact. git never commits while
 * $GIT_DIR/index.lock exists, so the lock stays until the index agrees
 * with the branch again. The ordering is described in store_internal.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pact/error.h"
#include "store_internal.h"

#define JOURNAL_MAGIC STORE_JOURNAL_MAGIC
#define LOCK_MAGIC STORE_LOCK_MAGIC
#define MARKER_MAX STORE_MARKER_MAX

int pact_store__index_paths(store_index *ix, pact_store *store)
{
	const char *gd = git_repository_path(pact_store__repo(store));
	if (!ix->lock)
		ix->lock = pact_store__join2(gd, "index.lock");
	if (!ix->journal)
		ix->journal = pact_store__join2(gd, "pact-commit.journal");
	if (!ix->tmp)
		ix->tmp = pact_store__join2(gd, "pact-index.tmp");
	if (!ix->owned)
		ix->owned = pact_store__join2(gd, "pact-index.owned");
	if (!ix->old)
		ix->old = pact_store__join2(gd, "pact-index.old");
	if (!ix->mark)
		ix->mark = pact_store__join2(gd, "pact-index.mark");
	if (!ix->lock || !ix->journal || !ix->tmp || !ix->owned || !ix->old || !ix->mark)
		return PACT_ENOMEM;
	return 0;
}

/* Create index.lock as a second name of $GIT_DIR/pact-index.owned:
 * link() fails if the lock exists, as O_EXCL does, and the other name
 * proves later (pact_store__index_recover) that a lock left behind is ours.
 * 1 taken, 0 held by someone else, <0 error. */
static int try_lock(store_index *ix)
{
	int fd;

	unlink(ix->owned);
	fd = open(ix->owned, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return pact_store__planted(ix->owned, errno);
	close(fd);
	ix->owns = 1;
	if (link(ix->owned, ix->lock) == 0)
		return 1;
	if (errno == EEXIST) {
		unlink(ix->owned);
		ix->owns = 0;
		return 0;
	}
	/* a file system without hard links: a lock that names this process */
	unlink(ix->owned);
	ix->owns = 0;
	return pact_store__take_marked(ix);
}

/* git's index as something other than a file: a symbolic link, which git
 * follows (it locks and writes the file the link points to, and the link
 * stays), or anything else, which git cannot use either. pact writes
 * .git/index itself and never through a link, so it would neither keep a
 * git that locks the target out nor leave the link as git does: it
 * refuses. */
static int check_index_file(pact_store *store)
{
	char *index = pact_store__join2(git_repository_path(pact_store__repo(store)), "index");
	struct stat st;
	int rc = 0;

	if (!index)
		return PACT_ENOMEM;
	if (lstat(index, &st) == 0 && S_ISLNK(st.st_mode))
		rc = pact_error_set(PACT_EIO,
		                    "'%s' is a symbolic link: git writes the index through it, "
		                    "pact does not follow links in .git, so it cannot commit here "
		                    "safely. Replace the link by the file it points to (move that "
		                    "file to '%s') and try again. Nothing was changed",
		                    index, index);
	else if (lstat(index, &st) == 0 && !S_ISREG(st.st_mode))
		rc = pact_error_set(PACT_EIO,
		                    "'%s' is not a file: git keeps its index there and cannot use "
		                    "this either. Move it away (git rebuilds the index with "
		                    "'git reset') and try again. Nothing was changed",
		                    index);
	free(index);
	return rc;
}

int pact_store__index_lock(store_index *ix, pact_store *store, int wait_ms)
{
	long deadline = pact_store__now_ms() + wait_ms;
	int rc;

	rc = pact_store__index_paths(ix, store);
	if (rc == 0)
		rc = check_index_file(store);
	if (rc < 0)
		return rc;
	while ((rc = try_lock(ix)) == 0) {
		if (pact_store__now_ms() >= deadline)
			return pact_store__lock_busy(ix);
		pact_store__sleep_ms(10);
	}
	if (rc < 0)
		return rc;
	ix->held = 1;
	return 0;
}

/* Nonzero when the index entry `e` (may be NULL) is what the tip holds
 * for `path` or the blob the commit writes (`blob` NULL: a deletion). */
static int entry_is_known(const git_index_entry *e, git_tree *tip, const char *path,
                          const git_oid *blob)
{
	git_tree_entry *te = NULL;
	int known;

	if (tip)
		git_tree_entry_bypath(&te, tip, path);
	if (!e)
		known = !te || !blob;
	else
		known = (te && git_oid_equal(&e->id, git_tree_entry_id(te))) ||
		        (blob && git_oid_equal(&e->id, blob));
	git_tree_entry_free(te);
	return known;
}

/* The current index, as a standalone index bound to ix->tmp (ix->next),
 * read from the very file, so every extension libgit2 reads (cached trees,
 * resolved conflicts) is kept: ix->tmp is made a second name of the index
 * (a hard link), opened, and that name dropped again. Nothing is written
 * here; pact_store__index_replace writes the new index once, at ix->tmp,
 * a name that does not exist then (a rename over a file would make ext4
 * flush it). Where hard links are not possible the file is copied to
 * ix->tmp instead. The caller holds index.lock. */
static int open_copy(store_index *ix, pact_store *store)
{
	char *tmplock = pact_store__join2(ix->tmp, ".lock");
	char *index = pact_store__join2(git_repository_path(pact_store__repo(store)), "index");
	char *buf = NULL;
	size_t len = 0;
	struct stat st;
	int rc = 0;

	if (!tmplock || !index) {
		rc = PACT_ENOMEM;
		goto done;
	}
	/* Leftovers of a killed pact: nobody else uses these names, and we
	 * hold both the store lock and index.lock. */
	unlink(ix->tmp);
	unlink(tmplock);
	git_index_free(ix->next);
	ix->next = NULL;
	ix->has_index_mtime = ix->had_index = stat(index, &st) == 0;
	if (ix->has_index_mtime)
		ix->index_mtime = (int64_t)st.st_mtim.tv_sec;
	if (link(index, ix->tmp) != 0 && errno != ENOENT) {
		rc = pact_store__read_file(&buf, &len, index, (size_t)-1);
		if (rc == 0)
			rc = pact_store__write_file_atomic(
			        git_repository_path(pact_store__repo(store)), ix->tmp, buf, len);
		else if (rc == PACT_ENOTFOUND)
			rc = 0; /* no index yet: an empty one */
		if (rc < 0)
			goto done;
	}
	pact_error_clear();
	rc = git_index_open(&ix->next, ix->tmp);
	if (rc < 0)
		rc = pact_error_from_git(rc, "cannot read the index");
	/* read (git_index_open reads at once); the name is free again */
	unlink(ix->tmp);
done:
	free(buf);
	free(index);
	free(tmplock);
	return rc;
}

/* The current index with `files` set to `blobs`, in memory (ix->next). */
static int build_next(store_index *ix, pact_store *store, const pact_store_file *files,
                      const git_oid *blobs, size_t n)
{
	int rc = open_copy(ix, store);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (files[i].data) {
			git_index_entry e;
			memset(&e, 0, sizeof(e));
			e.mode = GIT_FILEMODE_BLOB;
			e.path = files[i].path;
			git_oid_cpy(&e.id, &blobs[i]);
			rc = git_index_add(ix->next, &e);
		} else {
			rc = git_index_remove(ix->next, files[i].path, 0);
			if (rc == GIT_ENOTFOUND)
				rc = 0;
		}
		if (rc < 0)
			rc = pact_error_from_git(rc, "cannot write the new index");
	}
	return rc;
}

/* Copy the new index (at ix->tmp) into the lock file itself: the lock
 * keeps its identity, so it stays provably ours. */
static int copy_into_lock(store_index *ix)
{
	char *buf = NULL;
	size_t len = 0, off = 0;
	int fd = -1, rc;

	rc = pact_store__read_file(&buf, &len, ix->tmp, (size_t)-1);
	if (rc < 0)
		goto done;
	fd = open(ix->lock, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", ix->lock, strerror(errno));
		goto done;
	}
	while (off < len) {
		ssize_t w = write(fd, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", ix->lock,
			                    strerror(w < 0 ? errno : EIO));
			goto done;
		}
		off += (size_t)w;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", ix->lock, strerror(errno));
		goto done;
	}
	fd = -1;
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	free(buf);
	return rc;
}

int pact_store__index_stage(store_index *ix, pact_store *store, git_tree *tip,
                            const pact_store_file *files, const git_oid *blobs, size_t n)
{
	git_index *cur = NULL;
	int rc;

	ix->store = store;
	rc = git_repository_index(&cur, pact_store__repo(store));
	if (rc == 0)
		rc = git_index_read(cur, 1);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read the index");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const char *p = files[i].path;
		if (git_index_get_bypath(cur, p, 1) || git_index_get_bypath(cur, p, 2) ||
		    git_index_get_bypath(cur, p, 3)) {
			rc = pact_error_set(PACT_EREFUSED,
			                    "'%s' has an unresolved merge conflict in the index; "
			                    "resolve it first. Nothing was committed",
			                    p);
			goto done;
		}
		if (!entry_is_known(git_index_get_bypath(cur, p, 0), tip, p,
		                    files[i].data ? &blobs[i] : NULL)) {
			rc = pact_error_set(PACT_EREFUSED,
			                    "'%s' has changes staged with git add that this commit "
			                    "would drop; commit them or unstage them first "
			                    "(git restore --staged '%s'). Nothing was committed",
			                    p, p);
			goto done;
		}
	}
	rc = build_next(ix, store, files, blobs, n);
done:
	git_index_free(cur);
	return rc;
}

int pact_store__index_journal(store_index *ix, const char *refname, const char *head_to,
                              const git_oid *old, const git_oid *new_id,
                              const pact_store_file *files, size_t n)
{
	char o[GIT_OID_HEXSZ + 1], w[GIT_OID_HEXSZ + 1], *text = NULL, *gd = NULL;
	size_t cap = 512 + MARKER_MAX + strlen(refname) + (head_to ? strlen(head_to) : 0), at;
	int rc;

	for (size_t i = 0; i < n; i++)
		cap += strlen(files[i].path) + 8;
	text = pact_alloc__malloc(cap);
	if (!text)
		return PACT_ENOMEM;
	if (old)
		git_oid_tostr(o, sizeof(o), old);
	else
		memset(o, '0', GIT_OID_HEXSZ), o[GIT_OID_HEXSZ] = '\0';
	git_oid_tostr(w, sizeof(w), new_id);
	at = (size_t)snprintf(text, cap, JOURNAL_MAGIC "ref %s\nold %s\nnew %s\n", refname, o, w);
	/* which lock is the commit's: pact's second name of it, or (no hard
	 * links) the process its text names */
	if (ix->marker) {
		size_t from = at;
		at += (size_t)snprintf(text + at, cap - at, "lock marked %s",
		                       ix->marker + strlen(LOCK_MAGIC));
		for (size_t k = from; k + 1 < at; k++) /* one line: "pid P boot B start S" */
			if (text[k] == '\n')
				text[k] = ' ';
	} else
		at += (size_t)snprintf(text + at, cap - at, "lock linked\n");
	if (!ix->had_index)
		at += (size_t)snprintf(text + at, cap - at, "noindex\n");
	if (head_to)
		at += (size_t)snprintf(text + at, cap - at, "head %s\n", head_to);
	for (size_t i = 0; i < n && at < cap; i++)
		at += (size_t)snprintf(text + at, cap - at, "path %s\n", files[i].path);
	/* the journal's directory is the lock's */
	gd = pact_alloc__strdup(ix->journal);
	if (!gd) {
		rc = PACT_ENOMEM;
		goto done;
	}
	*(strrchr(gd, '/') + 1) = '\0';
	rc = pact_store__write_file_durable(gd, ix->journal, text, at);
	if (rc == 0)
		ix->journaled = 1;
done:
	free(gd);
	free(text);
	return rc;
}

/* The bytes of blob `id` when the commit under way wrote it from memory
 * (ix->written), else NULL. */
static const char *written_bytes(const store_index *ix, const git_oid *id, size_t *len)
{
	for (size_t i = 0; ix && i < ix->nwritten; i++)
		if (ix->written_files[i].data && git_oid_equal(&ix->written[i], id)) {
			*len = ix->written_files[i].len;
			return ix->written_files[i].data;
		}
	return NULL;
}

/* 1 when buf[0..len) is blob `id`, 0 when not, -1 when it cannot be
 * hashed: compared byte for byte with the bytes the commit wrote that
 * blob from, else hashed (once per buffer: *disk keeps the hash and
 * *hashed says so). A commit thus hashes a work tree file once at most
 * after check_workdir, and not at all when it holds the new text. */
static int holds_blob(const store_index *ix, const char *buf, size_t len, const git_oid *id,
                      git_oid *disk, int *hashed)
{
	size_t wlen = 0;
	const char *w = written_bytes(ix, id, &wlen);

	if (w)
		return wlen == len && memcmp(w, buf, len) == 0;
	if (!*hashed) {
		if (git_odb_hash(disk, buf, len, GIT_OBJECT_BLOB) < 0)
			return -1;
		*hashed = 1;
	}
	return git_oid_equal(disk, id);
}

/* Fill the stat data of the new index's entries for `files` from the work
 * tree (where the file holds the entry's blob), so that git need not hash
 * them again. */
static int fill_stat(store_index *ix, pact_store *store, const pact_store_file *files, size_t n)
{
	const char *wd = git_repository_workdir(pact_store__repo(store));
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		const git_index_entry *cur = git_index_get_bypath(ix->next, files[i].path, 0);
		char *full = NULL, *buf = NULL;
		size_t len = 0;
		struct stat st;
		git_oid disk;
		int hashed = 0;
		if (!cur)
			continue;
		full = pact_store__join2(wd, files[i].path);
		if (full && stat(full, &st) == 0 &&
		    pact_store__read_file(&buf, &len, full, (size_t)-1) == 0 &&
		    holds_blob(ix, buf, len, &cur->id, &disk, &hashed) == 1) {
			git_index_entry e = *cur;
			e.ctime.seconds = (int32_t)st.st_ctim.tv_sec;
			e.ctime.nanoseconds = (uint32_t)st.st_ctim.tv_nsec;
			e.mtime.seconds = (int32_t)st.st_mtim.tv_sec;
			e.mtime.nanoseconds = (uint32_t)st.st_mtim.tv_nsec;
			e.dev = (uint32_t)st.st_dev;
			e.ino = (uint32_t)st.st_ino;
			e.uid = (uint32_t)st.st_uid;
			e.gid = (uint32_t)st.st_gid;
			e.file_size = (uint32_t)st.st_size;
			rc = git_index_add(ix->next, &e);
		}
		free(buf);
		free(full);
	}
	pact_error_clear();
	return rc;
}

/* Keep a copy of the index (none: there is none yet) at ix->old, where
 * it cannot be a second name of it. */
static int keep_old_copy(store_index *ix, pact_store *store, const char *index)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (!ix->had_index)
		return 0;
	rc = pact_store__read_file(&buf, &len, index, (size_t)-1);
	if (rc == 0)
		rc = pact_store__write_file_atomic(git_repository_path(pact_store__repo(store)),
		                                   ix->old, buf, len);
	/* with the index's time, as the hard link has: put back, its entries
	 * as new as it stay racily clean for git */
	if (rc == 0 && stat(index, &st) == 0) {
		struct timespec t[2] = {st.st_atim, st.st_mtim};
		utimensat(AT_FDCWD, ix->old, t, AT_SYMLINK_NOFOLLOW);
	}
	free(buf);
	return rc;
}

int pact_store__index_replace(store_index *ix, pact_store *store, const pact_store_file *files,
                              size_t n)
{
	char *index = pact_store__join2(git_repository_path(pact_store__repo(store)), "index");
	int rc;

	if (!index)
		return PACT_ENOMEM;
	unlink(ix->old);
	rc = fill_stat(ix, store, files, n);
	if (rc == 0)
		rc = pact_store__index_smudge_racy(ix, store, files, n);
	if (rc == 0 && (rc = git_index_write(ix->next)) < 0)
		rc = pact_error_from_git(rc, "cannot write the new index");
	/* no hard links: the old index is kept as a copy and the new one
	 * put in place now, as below; the lock keeps the text that names
	 * this process */
	if (rc == 0 && ix->marker) {
		rc = keep_old_copy(ix, store, index);
		goto put;
	}
	/* the lock holds the new index too, before the commit point: after
	 * it, the lock is what pact_store__index_finish (no index yet) or
	 * pact_store__index_recover (a killed commit) puts in place */
	if (rc == 0)
		rc = copy_into_lock(ix);
	if (rc == 0 && link(index, ix->old) != 0) {
		/* no index yet, or no hard links: the lock becomes the index
		 * after the commit point instead (pact_store__index_finish) */
		rc = 0;
		goto done;
	}
put:
	if (rc == 0 && rename(ix->tmp, index) != 0) {
		rc = pact_error_set(PACT_EIO, "cannot rename '%s' to '%s': %s", ix->tmp, index,
		                    strerror(errno));
		unlink(ix->old);
	}
	if (rc == 0)
		ix->replaced = 1;
done:
	free(index);
	return rc;
}

static int tree_of(git_tree **out, git_repository *repo, const git_oid *commit);
static int blob_at(git_oid *out, git_tree *tree, const char *path);

/* Which of a commit's files a sync moves. A file the commit creates is
 * written only after the commit point (pact_store__index_finish): written
 * before it, a pact process killed in between would leave it in the work
 * tree as an untracked stray until the next pact command undid the commit.
 * The files the old commit has (changed or removed) are brought over
 * before the commit point, and git status shows them as changes meanwhile. */
enum { SYNC_ALL, SYNC_EXISTING, SYNC_CREATED };

static int sync_files(pact_store *store, const store_index *ix, const git_oid *from,
                      const git_oid *to, const pact_store_file *files, size_t n, int which)
{
	const char **paths = pact_alloc__calloc(n ? n : 1, sizeof(*paths));
	git_tree *ft = NULL;
	size_t m = 0;
	int rc;

	if (!paths)
		return PACT_ENOMEM;
	rc = which == SYNC_ALL ? 0 : tree_of(&ft, pact_store__repo(store), from);
	for (size_t i = 0; i < n && rc == 0; i++) {
		git_oid id;
		if (which == SYNC_ALL ||
		    (which == SYNC_EXISTING) == blob_at(&id, ft, files[i].path))
			paths[m++] = files[i].path;
	}
	if (rc == 0)
		rc = pact_store__sync_workdir(store, ix, from, to, paths, m);
	git_tree_free(ft);
	free(paths);
	return rc;
}

int pact_store__index_finish(store_index *ix, pact_store *store, const git_oid *old,
                             const git_oid *new_id, const pact_store_file *files, size_t n)
{
	char *index = NULL;
	int rc;

	(void)old;
	(void)new_id;
	(void)files;
	(void)n;
	/* the files the commit creates, from the commit the work tree was
	 * synced from (see sync_files); on failure the journal stays and the
	 * next pact command writes them */
	if (ix->synced && (rc = sync_files(store, ix, ix->has_sync_old ? &ix->sync_old : NULL,
	                                   &ix->sync_new, ix->files, ix->nfiles, SYNC_CREATED)) < 0)
		goto done;
	if (!ix->replaced) {
		index = pact_store__join2(git_repository_path(pact_store__repo(store)), "index");
		if (!index || rename(ix->lock, index) != 0) {
			rc = pact_error_set(PACT_EIO, "cannot rename '%s' to '%s': %s", ix->lock,
			                    index ? index : "index", strerror(errno));
			goto done;
		}
		ix->held = 0;
	}
	/* the commit stands: nothing goes back; then the old index's copy,
	 * the journal, the lock, its second name */
	ix->synced = 0;
	if (ix->replaced)
		unlink(ix->old);
	ix->replaced = 0;
	unlink(ix->journal);
	ix->journaled = 0;
	if (ix->held)
		unlink(ix->lock);
	ix->held = 0;
	unlink(ix->owned);
	ix->owns = 0;
	rc = 0;
done:
	free(index);
	return rc;
}

int pact_store__index_sync(store_index *ix, pact_store *store, const git_oid *old,
                           const git_oid *new_id, const pact_store_file *files, size_t n)
{
	if (ix->synced)
		return 0; /* a retry on a new tip: the files' text is the same */
	ix->synced = 1;
	ix->has_sync_old = old != NULL;
	if (old)
		git_oid_cpy(&ix->sync_old, old);
	git_oid_cpy(&ix->sync_new, new_id);
	ix->store = store;
	ix->files = files;
	ix->nfiles = n;
	return sync_files(store, ix, old, new_id, files, n, SYNC_EXISTING);
}

/* Nonzero when HEAD is still the commit the old index and work tree
 * matched (`old`; NULL: unborn): only then may they be put back. If another
 * writer committed meanwhile (on top of the new index), what is there now
 * is what it committed, and stays. */
int pact_store__head_still_at(pact_store *store, const git_oid *old)
{
	git_oid head;
	int r = git_reference_name_to_id(&head, pact_store__repo(store), "HEAD");
	pact_error_clear();
	return old ? r == 0 && git_oid_equal(&head, old) : r != 0;
}

/* Nonzero when HEAD's commit holds each of the move's files as the new
 * commit does: another writer committed on top of the new index (git
 * write-tree reads it without the lock), so it stays. Zero when a command
 * that moves refs only (git reset --soft, update-ref, a fetch into the
 * branch) moved it: the files are not its, and the old index and work
 * tree go back. */
static int head_took_new(store_index *ix)
{
	git_repository *repo = pact_store__repo(ix->store);
	git_commit *hc = NULL, *nc = NULL;
	git_tree *ht = NULL, *nt = NULL;
	git_oid head;
	int took = 1;

	if (git_reference_name_to_id(&head, repo, "HEAD") == 0 &&
	    git_commit_lookup(&hc, repo, &head) == 0 && git_commit_tree(&ht, hc) == 0 &&
	    git_commit_lookup(&nc, repo, &ix->sync_new) == 0 && git_commit_tree(&nt, nc) == 0)
		for (size_t i = 0; i < ix->nfiles && took; i++) {
			git_tree_entry *a = NULL, *b = NULL;
			int ha = git_tree_entry_bypath(&a, ht, ix->files[i].path) == 0,
			    hb = git_tree_entry_bypath(&b, nt, ix->files[i].path) == 0;
			took = ha == hb &&
			       (!ha || git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)));
			git_tree_entry_free(a);
			git_tree_entry_free(b);
		}
	git_tree_free(ht);
	git_tree_free(nt);
	git_commit_free(hc);
	git_commit_free(nc);
	pact_error_clear();
	return took;
}

/* Drop the new index written before the commit point (pact-index.tmp,
 * the copy in our lock, which stays ours and in place, empty). */
static void free_new_index(store_index *ix)
{
	if (ix->tmp)
		unlink(ix->tmp);
	if (ix->held && ix->lock) {
		int fd = open(ix->lock, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0)
			close(fd);
	}
}

void pact_store__index_release(store_index *ix, int keep)
{
	/* what failed is what the caller reports: kept across the cleanup */
	char saved[1024];
	int code = pact_error_last()->code;
	snprintf(saved, sizeof(saved), "%s", pact_error_last()->message);
	if (!keep && (ix->replaced || ix->synced) &&
	    !pact_store__head_still_at(ix->store, ix->has_sync_old ? &ix->sync_old : NULL) &&
	    head_took_new(ix))
		ix->replaced = ix->synced = 0; /* someone else's commit holds it now */
	if (!keep && ix->replaced) {
		/* the commit point was not reached: the old index goes back */
		char *index = pact_store__join2(git_repository_path(pact_store__repo(ix->store)),
		                                "index");
		if (index && rename(ix->old, index) != 0 && errno == ENOENT && !ix->had_index)
			unlink(index); /* there was none */
		free(index);
		ix->replaced = 0;
	}
	if (!keep && ix->synced) {
		/* the commit point was not reached: the work tree goes back
		 * (files someone changed meanwhile are left alone). That is a
		 * write too: on a full disk (what most often stops a commit
		 * here) the room the new index took is given back first */
		free_new_index(ix);
		sync_files(ix->store, ix, &ix->sync_new, ix->has_sync_old ? &ix->sync_old : NULL,
		           ix->files, ix->nfiles, SYNC_ALL);
	}
	if (code)
		pact_error_set(code, "%s", saved);
	else
		pact_error_clear();
	if (!keep) {
		if (ix->journaled && ix->journal)
			unlink(ix->journal);
		if (ix->held && ix->lock)
			unlink(ix->lock);
		if (ix->owns && ix->owned)
			unlink(ix->owned);
		ix->journaled = ix->held = ix->owns = 0;
	}
	if (ix->tmp)
		unlink(ix->tmp);
	git_index_free(ix->next);
	if (ix->mark)
		unlink(ix->mark);
	free(ix->mark);
	free(ix->marker);
	free(ix->old);
	free(ix->owned);
	free(ix->lock);
	free(ix->journal);
	free(ix->tmp);
	memset(ix, 0, sizeof(*ix));
}

/* ---- the work tree -------------------------------------------------------- */

static int tree_of(git_tree **out, git_repository *repo, const git_oid *commit)
{
	git_commit *c = NULL;
	int rc;

	*out = NULL;
	if (!commit)
		return 0;
	rc = git_commit_lookup(&c, repo, commit);
	if (rc == 0)
		rc = git_commit_tree(out, c);
	git_commit_free(c);
	return rc < 0 ? pact_error_from_git(rc, "cannot read commit") : 0;
}

/* The blob id `tree` holds at `path`, or 0 when it holds none. */
static int blob_at(git_oid *out, git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	int found = 0;

	if (tree && git_tree_entry_bypath(&e, tree, path) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
		git_oid_cpy(out, git_tree_entry_id(e));
		found = 1;
	}
	git_tree_entry_free(e);
	return found;
}

/* Write (or, has_new 0, remove) one work tree file. In a shared store
 * the umask is relaxed for $GIT_DIR; the work tree keeps the user's, as
 * with git checkout. */
static int put_file(pact_store *store, const store_index *ix, const char *full, int has_new,
                    const git_oid *id)
{
	git_repository *repo = pact_store__repo(store);
	git_blob *blob = NULL;
	const char *data;
	size_t len = 0;
	int rc;

	if (!has_new) {
		if (unlink(full) != 0 && errno != ENOENT)
			return pact_error_set(PACT_EIO, "cannot remove '%s': %s", full,
			                      strerror(errno));
		return 0;
	}
	/* a blob the commit wrote is written from its bytes, not read back */
	data = written_bytes(ix, id, &len);
	if (!data) {
		rc = git_blob_lookup(&blob, repo, id);
		if (rc < 0)
			return pact_error_from_git(rc, "cannot read blob");
		data = git_blob_rawcontent(blob);
		len = (size_t)git_blob_rawsize(blob);
	}
	rc = pact_store__make_parents(full);
	if (rc == 0)
		rc = pact_store__write_file_atomic(git_repository_path(repo), full, data, len);
	if (rc == 0 && store->umask_set)
		chmod(full, 0666 & ~(mode_t)store->old_umask);
	git_blob_free(blob);
	return rc;
}

int pact_store__sync_workdir(pact_store *store, const store_index *ix, const git_oid *old,
                             const git_oid *new_id, const char *const *paths, size_t n)
{
	git_repository *repo = pact_store__repo(store);
	const char *wd = git_repository_workdir(repo);
	git_tree *ot = NULL, *nt = NULL;
	char *full = NULL, *buf = NULL;
	int rc;

	if (!wd)
		return 0;
	rc = tree_of(&ot, repo, old);
	if (rc == 0)
		rc = tree_of(&nt, repo, new_id);
	for (size_t i = 0; i < n && rc == 0; i++) {
		git_oid oid_old, oid_new, disk;
		int has_old = blob_at(&oid_old, ot, paths[i]);
		int has_new = blob_at(&oid_new, nt, paths[i]);
		size_t len = 0;
		int r, exists, is_new = 0, is_old = 0, hashed = 0;

		full = pact_store__join2(wd, paths[i]);
		if (!full) {
			rc = PACT_ENOMEM;
			break;
		}
		r = pact_store__read_file(&buf, &len, full, (size_t)-1);
		exists = r == 0;
		if (r < 0 && r != PACT_ENOTFOUND)
			goto next; /* a directory or unreadable: not ours to replace */
		if (exists && has_new)
			is_new = holds_blob(ix, buf, len, &oid_new, &disk, &hashed);
		if (exists && has_old && is_new == 0)
			is_old = holds_blob(ix, buf, len, &oid_old, &disk, &hashed);
		if (is_new < 0 || is_old < 0) {
			rc = pact_error_from_git(-1, "cannot hash file");
			goto next;
		}
		if (exists ? is_new : !has_new)
			goto next; /* already the new state */
		if (exists && !is_old)
			goto next; /* someone's edit: left for git status to show */
		rc = put_file(store, ix, full, has_new, &oid_new);
	next:
		free(buf);
		free(full);
		buf = full = NULL;
	}
	if (rc == 0)
		pact_error_clear();
	git_tree_free(ot);
	git_tree_free(nt);
	return rc;
}
