/*
 * store_internal.h - what store.c shares with store_remote.c and
 * history.c. Not installed; not part of the public API.
 */
#ifndef PACT_STORE_INTERNAL_H
#define PACT_STORE_INTERNAL_H

#include <git2.h>
#include <sys/stat.h>

#include "alloc.h"
#include "pact/store.h"
#include "store_git.h"

struct pact_store {
	git_repository *repo;
	int umask_set;      /* a shared store: umask relaxed while open */
	unsigned old_umask; /* to restore in pact_store_free */
	int recovered;      /* what the last recovery did: a PACT_RECOVERED_* */
};

/* Move `refname` from `old` (NULL: must not exist) to `new_id` as git
 * does (lock, compare under the lock, reflog lines for the ref and for
 * HEAD when it points there, rename), with a lock that is provably pact's
 * (store_ref.c). *outcome: STORE_REF_MOVED_OK, STORE_REF_LOCKED (someone
 * holds the lock; nothing done) or STORE_REF_CHANGED (the ref is not at
 * `old`; nothing done). <0: an error, nothing moved. */
enum { STORE_REF_MOVED_OK = 0, STORE_REF_LOCKED = 1, STORE_REF_CHANGED = 2 };
/* The file in the common $GIT_DIR of which a ref lock of pact's is a
 * second name. */
#define STORE_REF_OWNED "pact-ref.owned"
/* What a lock of pact's deleting a ref (or editing packed-refs) holds
 * where hard links fail: no git writes it into a lock, so recovery may
 * remove such a lock (store_fetch.c). */
#define STORE_REF_DELETE "delete\n"
int pact_store__ref_cas(int *outcome, pact_store *store, const char *refname, const git_oid *old,
                        const git_oid *new_id, const git_signature *who, const char *msg);

/* Point HEAD at branch `refname` as git does (HEAD.lock, the reflog line
 * `msg`, rename), the lock taken as pact_store__ref_cas takes a ref's: a
 * second name of pact-ref.owned, so that the lock of a pact killed while
 * holding it is provably pact's and the recovery of the switch removes it
 * (store_recover.c); libgit2's git_repository_set_head left a HEAD.lock
 * that stopped every later git switch and git commit. PACT_EIO naming the
 * lock when someone else holds it. */
int pact_store__head_set(pact_store *store, const char *refname, const char *msg);

/* Delete `refname` if it is still at `old`, as git does (its lock, taken
 * as pact_store__ref_cas takes it; its line in packed-refs under
 * packed-refs.lock, also a second name of pact-ref.owned; then the loose
 * file and its reflog). Same *outcome and errors as pact_store__ref_cas. */
int pact_store__ref_delete(int *outcome, pact_store *store, const char *refname,
                           const git_oid *old);

/* Move `refname` (git's way, through pact_store__ref_cas) from `old`
 * (NULL: must not exist) to `new_id`, or delete it if still at `old`
 * (new_id NULL), under the store lock, with the ref named in
 * $GIT_DIR/pact-fetch.refs meanwhile: the lock of a pact killed in between
 * is then provably pact's, and the next pact command removes it
 * (pact_store__fetch_recover), where libgit2's ref writes leave an empty
 * lock nobody can tell from a running git's. Flags: STORE_REF_FORCE, from
 * whatever the ref holds (`old` unused); STORE_REF_HELD, the caller holds
 * the store lock. *outcome STORE_REF_CHANGED: not at `old`, nothing done;
 * a lock of someone else's in the way: PACT_EIO naming it (store_ref.c). */
enum { STORE_REF_FORCE = 1, STORE_REF_HELD = 2 };
int pact_store__ref_set(int *outcome, pact_store *store, const char *refname, const git_oid *old,
                        unsigned flags, const git_oid *new_id, const char *reflog);

/* Called, before anything moves, for each ref a pruning fetch is about to
 * delete (`ref`, at `old`; new_id NULL) and for each it moves to a commit
 * that does not contain `old` (new_id: the remote rewrote it): it may name
 * in *also (malloc'ed) a ref of the caller's to change first, only if
 * still at *also_at: deleted (pruned), or moved to *also_to (rewritten);
 * and in *keep (malloc'ed, may stay NULL) a ref set to *also_at before
 * that, so that nothing is lost. *also NULL: none. <0 stops the fetch
 * (nothing moved). */
typedef int (*pact_store__prune_hook)(char **also, char **keep, git_oid *also_at, git_oid *also_to,
                                      const char *ref, const git_oid *old, const git_oid *new_id,
                                      void *payload);

/* How a fetch prunes. refspecs NULL: as the remote's configuration says
 * (remote.NAME.prune, fetch.prune; its configured refspecs, and tags with
 * pruneTags), as `git fetch` does; else always, the destinations of these
 * n refspecs (never refs/tags/). */
typedef struct pact_store__prune {
	const char *const *refspecs;
	size_t n;
	pact_store__prune_hook hook; /* may be NULL */
	void *payload;
} pact_store__prune;

/* After git_remote_download of `refspecs` from r: move the refs the fetch
 * moves (their destinations, the tags as `tags` or the remote says, the
 * remote's tracking refs) as libgit2's update_tips would, each through
 * pact_store__ref_cas under the store lock, listed in
 * $GIT_DIR/pact-fetch.refs meanwhile (store_fetch.c). With `prune` (NULL:
 * none), first delete the refs whose source the remote no longer has, as
 * `git fetch --prune`, and before each the hook's own. A ref locked by someone else: PACT_EIO
 * naming the lock file. */
int pact_store__fetch_update_tips(pact_store *store, git_remote *r, const char *const *refspecs,
                                  size_t n, git_remote_autotag_option_t tags,
                                  const pact_store__prune *prune, const char *reflog);
/* After a compare-and-swap of `refname` from `expected` (NULL: absent)
 * failed during a pull: PACT_ECONFLICT saying what moved it (its old and
 * new ids, what the ref's last reflog entry says and who made it) and that
 * `pact COMMAND` (shown: the name shown for the ref) should be run again;
 * 0, no message set, when the ref is still at `expected`, so that the
 * caller's own cause stands (store_fetch.c). */
int pact_store__explain_moved(pact_store *store, const char *refname, const char *shown,
                              const git_oid *expected, const char *command);
/* pact_store_push_refs, and when `had` is not NULL (n entries) what the
 * remote held at each refspec's destination before the push (zero: no
 * such ref there), as it said when connected (store_remote.c). */
int pact_store__push_refs_had(pact_store *store, const char *remote, const char *const *refspecs,
                              size_t n, git_oid *had, pact_progress_cb cb, void *payload);
/* What remote `name` (NULL: origin) holds now: the ids of every ref it
 * advertises (as `git ls-remote`, through libgit2, with pact's
 * credentials), *ids the caller's to free. PACT_ENOTFOUND for no such
 * remote; "cannot reach remote" when it cannot be reached
 * (store_remote.c). */
int pact_store__remote_heads(git_oid **ids, size_t *n, pact_store *store, const char *name);
/* pact_store_fetch_refs, pruning always (with the hook, may be NULL) the
 * destinations of `refspecs` that the remote no longer has, except tags
 * (store_remote.c). */
int pact_store__fetch_pruning(pact_store *store, const char *remote, const char *const *refspecs,
                              size_t n, const char *reflog, pact_store__prune_hook hook,
                              void *payload);
/* With the store lock held: remove the ref locks a killed fetch of pact's
 * left (those listed in pact-fetch.refs that are pact-ref.owned). */
int pact_store__fetch_recover(pact_store *store);

/* The merge of a pull whose histories diverged (store_merge.c): the
 * commit joining `mine` (the local tip, first parent) and `theirs`, each
 * file from the side that changed it since their merge base, written as
 * an object only (*merged); the caller moves the branch. Files both sides
 * changed to different bytes: settled when `opts` names them (and, with
 * opts->against, the remote's text is the one shown then), else
 * PACT_ECONFLICT with *report (may be NULL; the caller's to free) saying
 * which, who and when, and the exact commands that settle them. After a
 * merge *report is its message. Names: `mine_name` ("main"),
 * `theirs_name` ("origin/main"), `remote` ("origin"), as officers type
 * them. */
int pact_store__pull_merge(git_oid *merged, char **report, pact_store *store, const char *mine_name,
                           const char *theirs_name, const char *remote, const git_oid *mine,
                           const git_oid *theirs, const pact_pull_opts *opts);

/* The names of pact_pull_opts (store_pull_opts.c). _check: 0, or
 * PACT_EUSAGE for options no pull may run with (a bad name, a name in
 * both lists, a bad or lone `against`). _year_path: is `path`
 * pacts/YYYY.yaml? _names: does `name` ("2024", "README.md", "/LICENSE")
 * name `path`? _named: what `o` (may be NULL) says of `path`. */
enum { PACT_STORE__UNNAMED = 0, PACT_STORE__KEEP = 1, PACT_STORE__TAKE = 2 };
int pact_store__pull_check(const pact_pull_opts *o);
int pact_store__pull_year_path(const char *path);
int pact_store__pull_names(const char *name, const char *path);
int pact_store__pull_named(const pact_pull_opts *o, const char *path);

/* Put a guard in front of libgit2's loose object reader (store_odb.c): a
 * truncated or damaged loose object is an error naming its id instead of
 * an endless loop in libgit2 1.5. */
int pact_store__guard_loose_objects(git_repository *repo);
/* git_commit_create(id, repo, NULL, ...) that fails, with the write's
 * error, when the commit object was not written: libgit2 1.5 returns 0
 * then (store_odb.c). */
int pact_store__commit_create(git_oid *id, git_repository *repo, const git_signature *author,
                              const git_signature *committer, const char *message,
                              const git_tree *tree, size_t nparents, const git_commit **parents);
/* The hex id of the object libgit2 asked for last ("" before any): static
 * storage, overwritten by the next read. */
const char *pact_store__odb_last_read(void);

/* Note `repo` as the calling thread's open store (open nonzero), or forget
 * it (open 0, only if it is the one noted): pact_error_from_git reads it
 * to tell why an object is missing (a shallow or partial clone, or
 * damage). store_error.c. */
void pact_store__error_repo(git_repository *repo, int open);

/* Why a library that libgit2 needs for one kind of remote, and that the
 * pact executable loads on first use (src/gitlink/lazy.h), cannot be had:
 * `msg`, in the user's language, becomes the message of the next network
 * error of the calling thread (libgit2 itself says only "failed to
 * initialize SSH session"). store_error.c. */
void pact_store__lib_failed(const char *msg);

/* How long a writer waits for the store lock or a locked ref/index before
 * giving up: long enough for a burst of concurrent commits (each holds the
 * lock for a few milliseconds), short enough that a wedged store is
 * reported instead of hanging a script. */
#define STORE_WAIT_MS 10000

/* Take the store's writer lock ($GIT_DIR/pact.lock, flock()ed, so the
 * kernel drops it when the process dies), waiting at most max_ms; then
 * PACT_ECONFLICT. *fd gets the open lock file; close() releases it. */
int pact_store__lock(int *fd, pact_store *store, int max_ms);

/* Monotonic milliseconds, and a sleep of ms milliseconds. */
long pact_store__now_ms(void);
void pact_store__sleep_ms(long ms);

/* ---- small file helpers (store_files.c; pact_store__read_file: address.c) ---- */

/* a followed by b, malloc'ed; NULL when out of memory. */
char *pact_store__join2(const char *a, const char *b);

/* Nonzero when `p` is relative, has no empty, "." or ".." component,
 * nothing inside .git and no newline: safe to join to the work tree. */
int pact_store__safe_path(const char *p);

/* Read a whole regular file (opened without blocking, so a FIFO is
 * refused, not waited on), refusing one larger than `max`. */
int pact_store__read_file(char **buf, size_t *len, const char *path, size_t max);

/* pact_store__read_file for a file pact keeps in $GIT_DIR: a symbolic
 * link there is refused (PACT_EIO, "is a symbolic link"), never
 * followed (store_files.c). */
int pact_store__read_own_file(char **buf, size_t *len, const char *path, size_t max);

/* Nonzero when `path` is a regular file itself (lstat: a symbolic link is
 * not); its stat in *st when st is not NULL. */
int pact_store__is_own_file(const char *path, struct stat *st);

/* Remove the lock `rel` (relative to `gitdir`, e.g. "refs/heads/main.lock")
 * when it is a second name of the regular file `owned` at the top of
 * `gitdir` (pact-ref.owned), reaching it without following any symbolic
 * link and through no "..": a lock planted outside, or one reached through
 * a linked directory, is never touched. 1 removed, 0 not. */
int pact_store__drop_owned_lock(const char *gitdir, const char *rel, const char *owned);

/* Write `path` atomically through a temporary file in `gitdir`. */
int pact_store__write_file_atomic(const char *gitdir, const char *path, const char *data,
                                  size_t len);

/* pact_store__write_file_atomic, the file fsynced before it is renamed
 * into place and its directory after (the commit journal). */
int pact_store__write_file_durable(const char *gitdir, const char *path, const char *data,
                                   size_t len);

/* The error for a file pact could not create at `path` (errno `err`): when
 * something else stands there (a directory, a symbolic link, a FIFO: planted,
 * or left by another program), PACT_EIO saying what it is and that pact
 * leaves it alone; else "cannot write". */
int pact_store__planted(const char *path, int err);

/* Remove the lock `rel` (relative to `gitdir`, reached as
 * pact_store__drop_owned_lock does) when it is a regular file holding
 * exactly `text` (under 256 bytes). 1 removed, 0 not. */
int pact_store__drop_lock_holding(const char *gitdir, const char *rel, const char *text);

/* mkdir -p for the directories of `path` (not the last component). */
int pact_store__make_parents(const char *path);

/* ---- the index lock held across a commit (store_index.c) ----
 *
 * The order, as git's: take $GIT_DIR/index.lock first (created as a hard
 * link of $GIT_DIR/pact-index.owned, which fails if it exists, like
 * O_EXCL, and proves later that a lock left behind is pact's; where hard
 * links fail, created holding a text that names this process,
 * store_lockmark.c, and then the old index is kept as a copy); build the
 * new index in memory; write a journal ($GIT_DIR/pact-commit.journal) that
 * names the ref and its old and new ids; write the work tree files the
 * old commit has; write the new index (also into the lock) and put it in
 * place, keeping the old one; move the ref; write the files the commit
 * creates; drop the old index, the journal, then the lock, then its other
 * name. While the lock exists git refuses to commit, so the old
 * index (which stages the old text once the ref has moved) can never be
 * committed; a pact process killed in between leaves the journal, and the
 * next pact command (pact_store__index_recover) finishes the commit (ref moved)
 * or undoes it (ref not moved). */
typedef struct store_index {
	char *lock;      /* $GIT_DIR/index.lock */
	char *journal;   /* $GIT_DIR/pact-commit.journal */
	char *tmp;       /* $GIT_DIR/pact-index.tmp, where the new index is written */
	char *owned;     /* $GIT_DIR/pact-index.owned: a second name of our lock */
	char *old;       /* $GIT_DIR/pact-index.old: the index before, while replaced */
	char *mark;      /* $GIT_DIR/pact-index.mark: a marked lock before its rename */
	char *marker;    /* a marked lock's text (no hard links), else NULL */
	int had_index;   /* the index file existed when the commit read it */
	int replaced;    /* the new index is in place, the lock still held */
	int held;        /* we created `lock` */
	int owns;        /* `owned` is on disk */
	int journaled;   /* `journal` is on disk */
	git_index *next; /* the new index (standalone, at `tmp`) */
	/* the mtime (seconds) of the index file `next` was read from: entries
	 * as new are racily clean (see pact_store__index_replace) */
	int has_index_mtime;
	int64_t index_mtime;
	/* the work tree was brought to sync_new (from sync_old, or nothing):
	 * pact_store__index_release puts it back unless the commit point passed */
	int synced, has_sync_old;
	git_oid sync_old, sync_new;
	pact_store *store;
	const pact_store_file *files;
	size_t nfiles;
	/* set by a commit: written[i] is the blob it wrote from the bytes
	 * written_files[i].data (a deletion: data NULL), so work tree files
	 * are compared with and written from those bytes instead of being
	 * hashed again or read back from the object database (NULL: none) */
	const pact_store_file *written_files;
	const git_oid *written;
	size_t nwritten;
} store_index;

/* The first line of the commit journal, and its largest size. */
#define STORE_JOURNAL_MAGIC "pact commit journal 1\n"
#define STORE_JOURNAL_MAX (64 * 1024)

/* Set ix's file names ($GIT_DIR/index.lock, the journal, pact's
 * temporary names). */
int pact_store__index_paths(store_index *ix, pact_store *store);

/* ---- a lock that names its process (store_lockmark.c) ----
 * Where link() fails, index.lock holds STORE_LOCK_MAGIC and then "pid P",
 * "boot B" (the boot id), "start S" (the process's start time), one a
 * line: at most STORE_MARKER_MAX bytes. */
#define STORE_LOCK_MAGIC "pact index lock 1\n"
#define STORE_MARKER_MAX 256

/* Create index.lock holding this process's marker (ix->marker, malloc'ed).
 * 1 taken, 0 held by someone else, <0 error (nothing left behind). */
int pact_store__take_marked(store_index *ix);

/* Nonzero when `lock` is a regular file holding a marker whose process
 * is gone (another boot, no such pid, or a pid now another process's). */
int pact_store__marked_lock_dead(const char *lock);

/* The error (PACT_EIO) for an index.lock that stayed in the way: what it
 * is (not a file, empty, a running pact's, git's) and what to do. */
int pact_store__lock_busy(const store_index *ix);

/* Bring the work tree files `paths` from commit `old` (NULL: none) to
 * commit `new_id`: a file already at the new text, or holding neither the
 * old nor the new text (someone's edit), is left alone. ix (may be NULL)
 * gives the bytes of the blobs a commit wrote. */
int pact_store__sync_workdir(pact_store *store, const store_index *ix, const git_oid *old,
                             const git_oid *new_id, const char *const *paths, size_t n);

/* Nonzero when HEAD is still commit `old` (NULL: unborn). */
int pact_store__head_still_at(pact_store *store, const git_oid *old);

/* Take index.lock, waiting at most wait_ms for another git to drop it;
 * then PACT_EIO naming the file and what to do. */
int pact_store__index_lock(store_index *ix, pact_store *store, int wait_ms);

/* Refuse (PACT_EREFUSED) when the index stages something for one of
 * `files` that is neither `tip`'s entry nor the new blob; else build the
 * index with `files` at `blobs` (deletions: data NULL) in memory (ix->next,
 * read from the index file itself; written by pact_store__index_replace). */
int pact_store__index_stage(store_index *ix, pact_store *store, git_tree *tip,
                            const pact_store_file *files, const git_oid *blobs, size_t n);

/* Write the journal for a move of `refname` from `old` (NULL: unborn) to
 * `new`; done again for each compare-and-swap attempt. With `head_to`, the
 * commit point is HEAD becoming the symbolic ref head_to (a branch switch
 * from commit old to new) instead. */
int pact_store__index_journal(store_index *ix, const char *refname, const char *head_to,
                              const git_oid *old, const git_oid *new_id,
                              const pact_store_file *files, size_t n);

/* Nonzero when HEAD is the symbolic ref `refname` (store_ref.c). */
int pact_store__head_is(pact_store *store, const char *refname);

/* ---- refs, paths and blobs for the rest of libpact (store_blob.c) ----
 * What the review workflow and the loaders read, through the store. */

/* The tip of ref `name`: 1 found, 0 absent, <0 error. */
int pact_store__ref_tip(git_oid *out, git_repository *repo, const char *name);

/* The id of `path` in the tree of commit `commit`: 1 found, 0 absent (or,
 * with files_only, there but not a file), <0 error; `what` is the message
 * when the commit cannot be read ("cannot read commit"). */
int pact_store__path_id(git_oid *out, git_repository *repo, const git_oid *commit, const char *path,
                        int files_only, const char *what);

/* Blob `id` as a NUL-terminated string: *out (the caller's to free) and
 * *len (len may be NULL); 1, or 0 when the blob is larger than `max` bytes
 * (nothing copied); <0 error, with message `fail` ("cannot read blob")
 * when libgit2 cannot read it. */
int pact_store__blob_string(char **out, size_t *len, git_repository *repo, const git_oid *id,
                            size_t max, const char *fail);

/* 1 when object `id` holds at most `max` bytes, 0 when more, told from its
 * header without inflating it; <0 error (message `fail`) when libgit2
 * cannot read it. */
int pact_store__blob_fits(git_repository *repo, const git_oid *id, size_t max, const char *fail);

/* A pact of a commit: pacts/YEAR.yaml and its blob. */
typedef struct pact_store__year_blob {
	int year;
	git_oid blob;
} pact_store__year_blob;

/* The pacts of commit `commit`, in tree order: *out (the caller's to
 * free) and *n; none (0) when the commit has no pacts/ tree. <0 error:
 * message `what` when the commit cannot be read, `what_tree` when its
 * pacts/ tree cannot. */
int pact_store__year_blobs(pact_store__year_blob **out, size_t *n, git_repository *repo,
                           const git_oid *commit, const char *what, const char *what_tree);

/* Move the checked-out branch, or switch HEAD, bringing the index and work
 * tree along under index.lock with the journal, as a commit does
 * (store_switch.c). The caller holds the store lock. From commit `from`
 * (what HEAD holds now; NULL: unborn) to commit `target`: with `refname`,
 * that ref moves from `from` by compare-and-swap; with `head_to`, HEAD
 * becomes that branch (which must already point at target). PACT_EREFUSED
 * (nothing done) when a work tree file or index entry on the way holds
 * something else: local changes. */
int pact_store__checkout_move(pact_store *store, const char *refname, const char *head_to,
                              const git_oid *from, const git_oid *target, const char *reflog);

/* After the journal, before the commit point: bring the work tree files
 * that commit `old` (NULL: none) has to commit `new_id`; the files the
 * commit creates wait for pact_store__index_finish, so a process killed
 * before the commit point leaves no untracked file behind. On failure, or
 * when the commit point is not reached, pact_store__index_release puts them
 * back. */
int pact_store__index_sync(store_index *ix, pact_store *store, const git_oid *old,
                           const git_oid *new_id, const pact_store_file *files, size_t n);

/* Before the new index is written: each entry that was racily clean in
 * the index it was read from (ix->index_mtime) and whose work tree file
 * no longer holds its blob gets size 0, as git does, so git still sees
 * that change; the entries of `files` (fresh stat data) are skipped.
 * store_racy.c. */
int pact_store__index_smudge_racy(store_index *ix, pact_store *store, const pact_store_file *files,
                                  size_t n);

/* After the work tree, before the commit point: the new index (with the
 * stat data of the files just written) is written, copied into the lock,
 * and replaces the old one, which is kept
 * as pact-index.old, while index.lock stays held. So a git that reads HEAD
 * and then the index without the lock (git commit does) never sees the new
 * branch with the old index. pact_store__index_release puts the old one back
 * unless the commit point passed. */
int pact_store__index_replace(store_index *ix, pact_store *store, const pact_store_file *files,
                              size_t n);

/* After the commit point: the files the commit creates are written, then
 * the old index's copy, the journal, the lock and pact's second name of it
 * go, in that order (if pact_store__index_replace was
 * not possible, the lock becomes the index first). On failure the journal
 * and lock stay for pact_store__index_recover to finish. */
int pact_store__index_finish(store_index *ix, pact_store *store, const git_oid *old,
                             const git_oid *new_id, const pact_store_file *files, size_t n);

/* Free `ix`; unless `keep`, remove the journal and then the lock. */
void pact_store__index_release(store_index *ix, int keep);

/* Under the store lock: finish or undo a commit whose process died. */
int pact_store__index_recover(pact_store *store);

/* Nonzero when a killed commit may have left something in the git
 * directory `gitdir` for pact_store__index_recover (a journal, pact's
 * second name of the lock, a temporary file, an index.lock to look at). */
int pact_store__index_leftover(const char *gitdir);

#endif
