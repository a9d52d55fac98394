/*
 * store_commit.c - writing the store: pact_store_commit and
 * pact_store_update_branch, under the store lock ($GIT_DIR/pact.lock,
 * flock()ed, so the kernel drops it when the process dies) and, when the
 * branch is checked out, under git's own index.lock (see store_index.c
 * for the order of the steps and what a kill between two of them leaves).
 *
 * Objects come first (unreferenced objects are harmless); the branch moves
 * with a compare-and-swap on its old id, the single commit point, so two
 * writers can never both win and a writer outside pact that moved the
 * branch is noticed.
 *
 * The writes of one commit (branch checked out), and what a SIGKILL just
 * before the next one leaves; "next pact" is any command that opens the
 * store (store_recover.c), "git" a git commit run meanwhile:
 *
 *  1 pact.lock (flock)      | nothing; the kernel drops the lock
 *  2 index.lock: links: a   | pact-index.owned and maybe the lock as its
 *    second name of         | second name; no links: pact-index.mark or a
 *    pact-index.owned; no   | lock naming the dead process. next pact
 *    links: marker text     | removes them. (Without RENAME_NOREPLACE
 *    renamed in without     | too: an empty lock, unprovable, stays; pact
 *    replacing (lockmark.c) | says removing it is safe.) git: refuses
 *  3 objects, index copy    | unreferenced objects, pact-index.tmp: removed
 *  4 journal (fsynced):     | lock + journal, branch not moved. next pact:
 *    ref, old, new, lock,   | undo (lock removed). git: refuses (lock)
 *    paths, noindex         |
 *  5 work tree files the    | as 4; the files hold the new text until the
 *    old commit has         | next pact puts the old back
 *  6 new index in place;    | as 5, index new; next pact puts
 *    old kept (link/copy)   | pact-index.old back (noindex: removes it)
 *  7 ref lock, reflogs,     | before the rename: undone as 6; the ref lock
 *    rename = COMMIT POINT  | is removed when provably pact's (second name,
 *                           | or holds the new id); empty: stays, named by
 *                           | the next commit. After: branch moved, index
 *                           | already new: next pact finishes
 *  8 files the commit adds  | next pact writes them (finish)
 *  9 drop old, journal,     | lock (+owned) only: next pact removes it.
 *    lock, owned            | git: refuses until then
 *
 * So the index never stages the old text while the branch holds the new
 * one and no lock keeps git out: the index is new before the branch
 * moves, and the lock goes only after both agree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "pact/sanitize.h"
#include "pact/utf8.h"
#include "store_adopted.h"
#include "store_internal.h"

/* How often a commit is rebuilt when a writer outside pact moved the branch
 * under it; each retry needs that writer to win a race again. */
#define MAX_CAS_RETRIES 8

/* How long a commit waits for another git to drop index.lock before it
 * refuses: a git commit holds it for milliseconds; a leftover lock is
 * reported after this. */
#define INDEX_WAIT_MS 1000

/* ---- committing ------------------------------------------------------- */

/* The names pact creates and removes in the git directory (per work
 * tree) and in the common one. Something else standing at one (a
 * directory, a FIFO, a symbolic link: planted, or made by another
 * program) is never followed, emptied or removed: the writer refuses,
 * saying what it is, before anything is written. A regular file there is
 * pact's leftover (pact makes only regular files there) and recovery or
 * the next write replaces it. */
static const char *const own_names[] = {
        "pact-index.owned", "pact-index.tmp",  "pact-index.tmp.lock",
        "pact-index.old",   "pact-index.mark", "pact-commit.journal",
        "pact-write.tmp",   "pact-ref.owned",  "pact-fetch.refs",
};

static int check_own_names(pact_store *store)
{
	const char *dirs[2] = {git_repository_path(store->repo),
	                       git_repository_commondir(store->repo)};
	int rc = 0;

	for (size_t d = 0; d < 2 && rc == 0; d++)
		for (size_t i = 0; i < sizeof(own_names) / sizeof(*own_names) && rc == 0; i++) {
			char *p = pact_store__join2(dirs[d], own_names[i]);
			struct stat st;
			if (!p)
				return PACT_ENOMEM;
			if (lstat(p, &st) == 0 && !S_ISREG(st.st_mode))
				rc = pact_store__planted(p, EEXIST);
			free(p);
		}
	return rc;
}

int pact_store__lock(int *fd, pact_store *store, int max_ms)
{
	char *path = pact_store__join2(git_repository_commondir(store->repo), "pact.lock");
	long deadline = pact_store__now_ms() + max_ms;
	struct stat st;
	int rc;

	*fd = -1;
	if (!path)
		return PACT_ENOMEM;
	/* never through a planted symbolic link (O_NOFOLLOW: it could create
	 * or lock a file outside), never a FIFO or device */
	*fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
	if (*fd < 0 && errno == EISDIR) {
		rc = pact_store__planted(path, EISDIR);
		goto done;
	}
	if (*fd < 0 && errno != ELOOP) {
		rc = pact_error_set(PACT_EIO, "cannot open '%s': %s", path, strerror(errno));
		goto done;
	}
	if (*fd < 0 && errno == ELOOP) {
		rc = pact_store__planted(path, ELOOP);
		goto done;
	}
	if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = pact_store__planted(path, EEXIST);
		goto done;
	}
	for (;;) {
		if (flock(*fd, LOCK_EX | LOCK_NB) == 0) {
			/* a pact killed in the middle of a commit is finished first,
			 * and the ref locks of a killed fetch go */
			rc = check_own_names(store);
			if (rc == 0)
				rc = pact_store__fetch_recover(store);
			if (rc == 0)
				rc = pact_store__index_recover(store);
			break;
		}
		if (errno != EWOULDBLOCK && errno != EINTR) {
			rc = pact_error_set(PACT_EIO, "cannot lock '%s': %s", path,
			                    strerror(errno));
			break;
		}
		if (pact_store__now_ms() >= deadline) {
			rc = pact_error_set(PACT_ECONFLICT,
			                    "another pact process is writing to the store "
			                    "(lock '%s' held for %d ms); try again",
			                    path, max_ms);
			break;
		}
		pact_store__sleep_ms(5);
	}
done:
	if (rc < 0 && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	free(path);
	return rc;
}

/* Nonzero when every path has the same entry (or none) in trees a and b. */
static int same_paths(git_tree *a, git_tree *b, const pact_store_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		git_tree_entry *ea = NULL, *eb = NULL;
		int same;
		if (a)
			git_tree_entry_bypath(&ea, a, files[i].path);
		if (b)
			git_tree_entry_bypath(&eb, b, files[i].path);
		same = (!ea && !eb) ||
		       (ea && eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
		        git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb));
		git_tree_entry_free(ea);
		git_tree_entry_free(eb);
		if (!same)
			return 0;
	}
	pact_error_clear();
	return 1;
}

/* Refuse to overwrite work tree edits: a file that differs both from what
 * the branch tip holds and from the new content is someone's unsaved work. */
static int check_workdir(pact_store *store, git_tree *tip, const pact_store_file *f)
{
	const char *wd = git_repository_workdir(store->repo);
	git_tree_entry *e = NULL;
	git_oid disk, want;
	char *full = NULL, *buf = NULL;
	size_t len = 0;
	int rc;

	full = pact_store__join2(wd, f->path);
	if (!full)
		return PACT_ENOMEM;
	rc = pact_store__read_file(&buf, &len, full, (size_t)-1);
	if (rc == PACT_ENOTFOUND) {
		rc = 0; /* missing in the work tree: nothing to lose */
		goto done;
	}
	if (rc < 0)
		goto done;
	if (f->data && len == f->len && memcmp(buf, f->data, len) == 0)
		goto done; /* already the new content */
	if (git_odb_hash(&disk, buf, len, GIT_OBJECT_BLOB) < 0) {
		rc = pact_error_from_git(-1, "cannot hash file");
		goto done;
	}
	if (tip && git_tree_entry_bypath(&e, tip, f->path) == 0) {
		git_oid_cpy(&want, git_tree_entry_id(e));
		if (git_oid_equal(&want, &disk))
			goto done; /* clean */
	}
	rc = pact_error_set(PACT_EREFUSED,
	                    "your local changes to '%s' would be overwritten; "
	                    "commit that file or move it away first",
	                    f->path);
done:
	git_tree_entry_free(e);
	free(buf);
	free(full);
	return rc;
}

static int branch_refname(char **out, pact_store *store, const char *branch)
{
	*out = NULL;
	if (!branch)
		return pact_store_head_branch(out, store);
	*out = strncmp(branch, "refs/", 5) == 0 ? pact_alloc__strdup(branch)
	                                        : pact_store__join2("refs/heads/", branch);
	if (!*out)
		return PACT_ENOMEM;
	int valid = 0;
	if (git_reference_name_is_valid(&valid, *out) < 0 || !valid) {
		free(*out);
		*out = NULL;
		return pact_error_set(PACT_EUSAGE, "invalid branch name '%s'", branch);
	}
	return 0;
}

/* One commit being made: what the caller asked for and what each attempt
 * at the compare-and-swap found. */
typedef struct commit_job {
	pact_store *store;
	const pact_store_file *files;
	size_t n;
	const char *msg;
	const git_signature *author;
	pact_store__commit_opts o;
	char *refname, *reflog;
	int checked_out;
	git_tree_update *upd; /* one per file; blobs written once */
	git_oid *blobs;
	store_index ix;
	git_oid tip, commit_id;
	int has_tip;
	git_tree *base_tree; /* the tip tree the work tree was checked against */
} commit_job;

static int check_files(const pact_store_file *files, size_t n)
{
	if (!n)
		return pact_error_set(PACT_EUSAGE, "nothing to commit: no files given");
	for (size_t i = 0; i < n; i++) {
		if (!files[i].path || !pact_store__safe_path(files[i].path))
			return pact_error_set(PACT_EUSAGE,
			                      "refusing to write outside the store: '%s'",
			                      files[i].path ? files[i].path : "(null)");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(files[i].path, files[j].path))
				return pact_error_set(PACT_EUSAGE, "'%s' given twice",
				                      files[i].path);
	}
	return 0;
}

/* The subject line of the message, for the reflog as git writes it. */
static int make_reflog(char **out, const char *msg)
{
	size_t sl = strcspn(msg, "\n");
	*out = pact_alloc__malloc(sl + sizeof("commit: "));
	if (!*out)
		return PACT_ENOMEM;
	memcpy(*out, "commit: ", 8);
	memcpy(*out + 8, msg, sl);
	(*out)[8 + sl] = '\0';
	return 0;
}

/* Blobs first: they do not depend on the tip. */
static int write_blobs(commit_job *j)
{
	git_repository *repo = pact_store__repo(j->store);
	for (size_t i = 0; i < j->n; i++) {
		j->upd[i].path = j->files[i].path;
		if (!j->files[i].data) {
			j->upd[i].action = GIT_TREE_UPDATE_REMOVE;
			continue;
		}
		j->upd[i].action = GIT_TREE_UPDATE_UPSERT;
		j->upd[i].filemode = GIT_FILEMODE_BLOB;
		int rc = git_blob_create_from_buffer(&j->upd[i].id, repo, j->files[i].data,
		                                     j->files[i].len);
		if (rc < 0)
			return pact_error_from_git(rc, "cannot write blob");
		git_oid_cpy(&j->blobs[i], &j->upd[i].id);
	}
	return 0;
}

/* Read the tip; on the first attempt check the work tree and stage the new
 * index; on later ones make sure the writer that moved the tip left our
 * files alone. *tip_tree gets the tip's tree (NULL: unborn). */
static int read_tip(commit_job *j, int attempt, git_tree **tip_tree)
{
	git_repository *repo = pact_store__repo(j->store);
	git_commit *parent = NULL;
	int rc;

	*tip_tree = NULL;
	rc = git_reference_name_to_id(&j->tip, repo, j->refname);
	j->has_tip = rc == 0;
	if (rc < 0 && rc != GIT_ENOTFOUND)
		return pact_error_from_git(rc, "cannot read branch");
	if (j->o.expected_parent && (!j->has_tip || !git_oid_equal(&j->tip, j->o.expected_parent)))
		return pact_error_set(PACT_ECONFLICT,
		                      "'%s' has moved since it was read; reload and try again",
		                      j->refname);
	if (j->has_tip) {
		rc = git_commit_lookup(&parent, repo, &j->tip);
		if (rc == 0)
			rc = git_commit_tree(tip_tree, parent);
		git_commit_free(parent);
		if (rc < 0)
			return pact_error_from_git(rc, "cannot read branch tip");
	}
	/* Somebody outside pact moved the branch under us: rebuilding on the
	 * new tip is safe only if it left our files alone. */
	if (attempt > 0 && !same_paths(j->base_tree, *tip_tree, j->files, j->n))
		return pact_error_set(PACT_ECONFLICT,
		                      "'%s' was changed by another commit while committing; "
		                      "nothing was committed",
		                      j->refname);
	if (attempt == 0 && j->checked_out) {
		for (size_t i = 0; i < j->n; i++) {
			rc = check_workdir(j->store, *tip_tree, &j->files[i]);
			if (rc < 0)
				return rc;
		}
		rc = pact_store__index_stage(&j->ix, j->store, *tip_tree, j->files, j->blobs, j->n);
		if (rc < 0)
			return rc;
		/* the bytes of every blob written are still here (write_blobs) */
		j->ix.written_files = j->files;
		j->ix.written = j->blobs;
		j->ix.nwritten = j->n;
	}
	git_tree_free(j->base_tree);
	j->base_tree = NULL;
	if (*tip_tree && git_tree_dup(&j->base_tree, *tip_tree) < 0)
		return pact_error_from_git(-1, "cannot read tree");
	return 0;
}

/* Build the tree and commit object on the tip read_tip found. */
static int build_commit(commit_job *j, git_tree *tip_tree)
{
	git_repository *repo = pact_store__repo(j->store);
	git_tree_update *live = NULL;
	git_commit *parent = NULL;
	git_tree *new_tree = NULL;
	git_oid tree_id;
	size_t nlive = 0;
	int rc;

	/* Removing a path the tip lacks is a no-op, not an error. */
	live = pact_alloc__calloc(j->n, sizeof(*live));
	if (!live) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < j->n; i++) {
		git_tree_entry *e = NULL;
		if (j->upd[i].action == GIT_TREE_UPDATE_REMOVE &&
		    (!tip_tree || git_tree_entry_bypath(&e, tip_tree, j->upd[i].path) < 0))
			continue;
		git_tree_entry_free(e);
		live[nlive++] = j->upd[i];
	}
	pact_error_clear();
	rc = git_tree_create_updated(&tree_id, repo, tip_tree, nlive, live);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot write tree");
		goto done;
	}
	if (!j->o.allow_unchanged &&
	    ((tip_tree && git_oid_equal(&tree_id, git_tree_id(tip_tree))) ||
	     (!tip_tree && nlive == 0))) {
		rc = pact_error_set(
		        PACT_EUNCHANGED,
		        j->n > 1 ? N_("nothing to commit: %s and the other files unchanged")
		                 : N_("nothing to commit: %s unchanged"),
		        j->files[0].path);
		goto done;
	}
	rc = git_tree_lookup(&new_tree, repo, &tree_id);
	if (rc == 0 && j->has_tip)
		rc = git_commit_lookup(&parent, repo, &j->tip);
	if (rc == 0) {
		const git_commit *parents[1] = {parent};
		rc = pact_store__commit_create(&j->commit_id, repo, j->author,
		                               j->o.committer ? j->o.committer : j->author, j->msg,
		                               new_tree, j->has_tip ? 1 : 0, parents);
	}
	if (rc < 0)
		rc = pact_error_from_git(rc, "cannot write commit");
done:
	free(live);
	git_commit_free(parent);
	git_tree_free(new_tree);
	return rc;
}

/* The commit point: the branch moves only if it is still where we built
 * on (pact_store__ref_cas). Returns 0, GIT_ELOCKED, GIT_EMODIFIED, or a pact
 * error. */
static int move_branch(commit_job *j)
{
	int outcome, rc;
	rc = pact_store__ref_cas(&outcome, j->store, j->refname, j->has_tip ? &j->tip : NULL,
	                         &j->commit_id, j->o.committer ? j->o.committer : j->author,
	                         j->reflog);
	if (rc < 0)
		return rc;
	return outcome == STORE_REF_LOCKED    ? GIT_ELOCKED
	       : outcome == STORE_REF_CHANGED ? GIT_EMODIFIED
	                                      : 0;
}

/* Attempts until the compare-and-swap wins, bounded. A ref lock held by
 * someone else (GIT_ELOCKED) is waited for a while, then reported. */
static int commit_loop(commit_job *j, long deadline)
{
	for (int attempt = 0;; attempt++) {
		git_tree *tip_tree = NULL;
		int rc = read_tip(j, attempt, &tip_tree);
		if (rc == 0)
			rc = build_commit(j, tip_tree);
		git_tree_free(tip_tree);
		if (rc == 0 && j->checked_out)
			rc = pact_store__index_journal(&j->ix, j->refname, NULL,
			                               j->has_tip ? &j->tip : NULL, &j->commit_id,
			                               j->files, j->n);
		/* the work tree before the branch moves: then only two renames
		 * (branch, index) separate the commit point from the end */
		if (rc == 0 && j->checked_out && !j->ix.synced) {
			rc = pact_store__index_sync(&j->ix, j->store, j->has_tip ? &j->tip : NULL,
			                            &j->commit_id, j->files, j->n);
			if (rc == 0)
				rc = pact_store__index_replace(&j->ix, j->store, j->files, j->n);
		}
		if (rc < 0)
			return rc;
		rc = move_branch(j);
		if (rc == 0)
			return 0;
		if (rc != GIT_EMODIFIED && rc != GIT_ELOCKED)
			return rc; /* the message is set */
		if (rc == GIT_ELOCKED &&
		    (attempt + 1 >= MAX_CAS_RETRIES || pact_store__now_ms() >= deadline))
			return pact_error_set(
			        PACT_EIO,
			        "cannot update '%s': its lock file '%s%s.lock' exists. Another git "
			        "process seems to be running in this repository; wait for it to "
			        "finish "
			        "and try again. If none is running, one crashed earlier: remove "
			        "that "
			        "file and try again. Nothing was committed",
			        j->refname, git_repository_commondir(pact_store__repo(j->store)),
			        j->refname);
		if (attempt + 1 >= MAX_CAS_RETRIES || pact_store__now_ms() >= deadline)
			return pact_error_set(PACT_ECONFLICT,
			                      "'%s' keeps changing under this commit; "
			                      "nothing was committed, try again",
			                      j->refname);
		if (rc == GIT_ELOCKED)
			pact_store__sleep_ms(50);
	}
}

/* The branch has moved: bring the work tree and index along. On failure
 * the commit stands and index.lock stays (so git cannot commit the old
 * index); the next pact command finishes the job. */
static int finish_checkout(commit_job *j, int *keep)
{
	char cause[512], hex[GIT_OID_HEXSZ + 1];
	int rc = pact_store__index_finish(&j->ix, j->store, j->has_tip ? &j->tip : NULL,
	                                  &j->commit_id, j->files, j->n);
	if (rc == 0)
		return 0;
	*keep = 1;
	/* a copy: the message is formatted into the buffer it came from */
	snprintf(cause, sizeof(cause), "%s", pact_error_last()->message);
	git_oid_tostr(hex, 8, &j->commit_id);
	return pact_error_set(PACT_EIO,
	                      "committed %s on '%s', but the work tree and index could not "
	                      "follow: %s. '%s' stays in place so that git cannot commit the "
	                      "old text back; fix the cause and run any pact command to finish",
	                      hex, j->refname, cause, j->ix.lock ? j->ix.lock : "index.lock");
}

/* A write that failed before the commit point (a full disk, a file size
 * limit, a directory pact cannot write) left the branch, index and work
 * tree as they were (pact_store__index_release puts them back): say so,
 * and what to do, when the cause's own message does not. */
static int nothing_committed(int rc)
{
	/* how the messages that already say so say it, in English and
	 * Vietnamese ("Nothing was changed", "Chưa có gì thay đổi", "Chưa ghi
	 * gì") */
	static const char *const said[] = {"othing was", "hưa có gì", "hưa ghi gì"};
	const char *msg = pact_error_last()->message;
	char cause[512];

	if (rc != PACT_EIO && rc != PACT_EGIT)
		return rc;
	for (size_t i = 0; i < sizeof(said) / sizeof(*said); i++)
		if (strstr(msg, said[i]))
			return rc;
	/* a copy: the message is formatted into the buffer it came from */
	snprintf(cause, sizeof(cause), "%s", msg);
	return pact_error_set(rc,
	                      "%s; nothing was committed: fix that (free some disk space, raise "
	                      "the file size limit, make the store writable) and try again",
	                      cause);
}

int pact_store__commit(git_oid *out, pact_store *store, const char *branch,
                       const pact_store_file *files, size_t nfiles, const char *message,
                       const git_signature *author, const pact_store__commit_opts *opts)
{
	commit_job j;
	git_buf msg = GIT_BUF_INIT;
	char *head = NULL, *trailers = NULL, *amended = NULL, *amended_msg = NULL;
	int lockfd = -1, keep = 0, rc;

	memset(&j, 0, sizeof(j));
	if (opts)
		j.o = *opts;
	if (!j.o.max_wait_ms)
		j.o.max_wait_ms = STORE_WAIT_MS;
	j.store = store;
	j.files = files;
	j.n = nfiles;
	j.author = author;
	rc = check_files(files, nfiles);
	if (rc < 0)
		goto done;
	if ((rc = pact_utf8_require("the commit message", message)) < 0 ||
	    (author &&
	     ((rc = pact_sanitize_require_visible(_("the author's name"), author->name)) < 0 ||
	      (rc = pact_sanitize_require_visible(_("the author's e-mail"), author->email)) < 0)))
		goto done;
	rc = git_message_prettify(&msg, message ? message : "", 0, '#');
	if (rc < 0 || !msg.ptr || !msg.ptr[0]) {
		rc = pact_error_set(PACT_EUSAGE, "empty commit message");
		goto done;
	}
	j.msg = msg.ptr;
	j.upd = pact_alloc__calloc(nfiles, sizeof(*j.upd));
	j.blobs = pact_alloc__calloc(nfiles, sizeof(*j.blobs));
	if (!j.upd || !j.blobs) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = branch_refname(&j.refname, store, branch);
	/* HEAD on a branch that vanished: a commit there would start a second,
	 * unrelated history (an empty store's first commit is fine) */
	if (rc == 0 && !branch)
		rc = pact_store_explain_missing(store, NULL);
	if (rc == 0)
		rc = make_reflog(&j.reflog, msg.ptr);
	if (rc < 0)
		goto done;
	/* the branch HEAD names (just read by branch_refname) is checked out */
	if (!git_repository_is_bare(store->repo))
		j.checked_out = !branch || (pact_store_head_branch(&head, store) == 0 &&
		                            strcmp(head, j.refname) == 0);
	pact_error_clear();

	rc = pact_store__lock(&lockfd, store, j.o.max_wait_ms);
	if (rc < 0)
		goto done;
	/* git's own lock, before anything is written */
	if (j.checked_out) {
		rc = pact_store__index_lock(&j.ix, store, INDEX_WAIT_MS);
		if (rc < 0)
			goto done;
		/* HEAD was read before the lock: a git checkout that held
		 * index.lock meanwhile switched to another branch, whose index
		 * and work tree this commit must not write main's text into */
		if (!pact_store__head_is(store, j.refname)) {
			rc = pact_error_set(PACT_ECONFLICT,
			                    "HEAD left '%s' while committing (a git checkout or "
			                    "switch?); nothing was committed, try again",
			                    j.refname);
			goto done;
		}
	}
	/* An adopted pact stays what was approved: judged before anything
	 * is written (store_adopted.c); an amendment's reason goes into the
	 * message. */
	rc = pact_store__adopted_guard(&trailers, store, j.refname, files, nfiles,
	                               j.o.amend_adopted);
	if (rc < 0)
		goto done;
	if (trailers) {
		if (!(amended = pact_store__join2(msg.ptr, "\n")) ||
		    !(j.msg = amended_msg = pact_store__join2(amended, trailers))) {
			rc = PACT_ENOMEM;
			goto done;
		}
	}
	rc = write_blobs(&j);
	if (rc == 0)
		rc = commit_loop(&j, pact_store__now_ms() + j.o.max_wait_ms);
	if (rc < 0) {
		rc = nothing_committed(rc);
		goto done;
	}
	if (j.checked_out)
		rc = finish_checkout(&j, &keep);
	if (rc < 0)
		goto done;
	if (out)
		git_oid_cpy(out, &j.commit_id);
	rc = 0;
done:
	pact_store__index_release(&j.ix, keep);
	if (lockfd >= 0)
		close(lockfd);
	git_tree_free(j.base_tree);
	git_buf_dispose(&msg);
	free(j.upd);
	free(j.blobs);
	free(j.refname);
	free(j.reflog);
	free(head);
	free(trailers);
	free(amended);
	free(amended_msg);
	return rc;
}

/* ---- moving a branch --------------------------------------------------- */

int pact_store__update_branch_held(pact_store *store, const char *branch, const git_oid *target,
                                   const git_oid *expected, const char *reflog)
{
	git_object *obj = NULL;
	char *refname = NULL, *head = NULL;
	git_oid tip;
	int has_tip, outcome, rc;

	rc = branch_refname(&refname, store, branch);
	if (rc < 0)
		goto done;
	rc = git_object_lookup(&obj, store->repo, target, GIT_OBJECT_COMMIT);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read the new tip");
		goto done;
	}
	/* Checked under the lock, before the work tree is touched: only a
	 * writer outside pact can still move the branch, and the
	 * compare-and-swap below catches that one. */
	has_tip = git_reference_name_to_id(&tip, store->repo, refname) == 0;
	if (has_tip != (expected != NULL) || (has_tip && !git_oid_equal(&tip, expected))) {
		rc = pact_error_set(PACT_ECONFLICT, "'%s' has moved; nothing was changed", refname);
		goto done;
	}
	if (!git_repository_is_bare(store->repo) && pact_store_head_branch(&head, store) == 0 &&
	    !strcmp(head, refname)) {
		/* checked out: the index and work tree follow as in a commit;
		 * local changes on the way refuse it before anything is written */
		rc = pact_store__checkout_move(store, refname, NULL, expected, target, reflog);
		goto done;
	}
	pact_error_clear();
	/* the store's ref write: a kill leaves no lock in the way (store_ref.c) */
	rc = pact_store__ref_set(&outcome, store, refname, expected, STORE_REF_HELD, target,
	                         reflog);
	if (rc == 0 && outcome == STORE_REF_CHANGED)
		rc = pact_error_set(PACT_ECONFLICT, "'%s' has moved; try again", refname);
done:
	git_object_free(obj);
	free(refname);
	free(head);
	return rc;
}

int pact_store__update_branch(pact_store *store, const char *branch, const git_oid *target,
                              const git_oid *expected, const char *reflog)
{
	int lockfd = -1, rc;

	rc = pact_store__lock(&lockfd, store, STORE_WAIT_MS);
	if (rc == 0)
		rc = pact_store__update_branch_held(store, branch, target, expected, reflog);
	if (lockfd >= 0)
		close(lockfd);
	return rc;
}
