/*
 * store_ref.c - moving a branch with a compare-and-swap, as git does it
 * (lock file, compare under the lock, reflog, rename), but with a lock
 * that is provably pact's if pact is killed while holding it.
 *
 * The lock $GIT_DIR/refs/heads/NAME.lock is created as a hard link of
 * $GIT_DIR/pact-ref.owned, which already holds the new id: link() fails
 * if the lock exists (like O_EXCL), and as long as pact-ref.owned exists
 * a lock with the same inode is pact's, so pact_store__index_recover can remove
 * it. (With libgit2's own ref update a kill leaves an empty lock that
 * nobody can tell from a running git's, and every later commit stops.)
 *
 * Where hard links fail, pact-ref.owned itself is renamed to the lock,
 * only if that name is free (RENAME_NOREPLACE): the lock is never empty,
 * and holds from its first moment the new id, or "delete" for a ref being
 * deleted, which recovery uses as its proof (git writes an id into a ref
 * lock, never "delete", and no other program knew of the new commit or,
 * for a fetch, moves the ref it lists). Only where that rename is refused
 * too is the lock created empty (O_EXCL) and written after.
 */
#define _GNU_SOURCE /* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "pact/error.h"
#include "store_internal.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

/* No hard links: rename `owned` (holding the lock's text) to `lock` if
 * that name is free. 1 taken (owned is gone), 0 held by someone else, -1
 * not possible here (errno set; owned stays). */
static int rename_owned(const char *owned, const char *lock)
{
	if (renameat2(AT_FDCWD, owned, AT_FDCWD, lock, RENAME_NOREPLACE) == 0)
		return 1;
	return errno == EEXIST || errno == ENOTEMPTY ? 0 : -1;
}

/* Write all of `data` to a new or appended file; 0 or PACT_EIO. */
static int write_all(const char *path, int flags, const char *data, size_t len)
{
	size_t off = 0;
	int fd = open(path, O_WRONLY | O_CLOEXEC | flags, 0666), rc = 0;

	if (fd < 0)
		return pact_error_set(PACT_EIO, "cannot write '%s': %s", path, strerror(errno));
	while (off < len && rc == 0) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", path,
			                    strerror(w < 0 ? errno : EIO));
		else
			off += (size_t)w;
	}
	if (close(fd) != 0 && rc == 0)
		rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", path, strerror(errno));
	return rc;
}

/* Whether git would log updates of `name`: its log exists, or
 * core.logAllRefUpdates says so: "always" for every ref, true (the default
 * outside bare repositories) for HEAD, branches, remote-tracking refs and
 * notes only, as git's should_autocreate_reflog(). */
static int wants_log(git_repository *repo, const char *name, const char *logpath)
{
	git_config *cfg = NULL;
	const char *v = NULL;
	int all = !git_repository_is_bare(repo), always = 0;

	if (access(logpath, F_OK) == 0)
		return 1;
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string(&v, cfg, "core.logAllRefUpdates") == 0) {
		always = !strcasecmp(v, "always");
		if (!always && git_config_get_bool(&all, cfg, "core.logAllRefUpdates") < 0)
			all = 0;
	}
	git_config_free(cfg);
	pact_error_clear();
	return always ||
	       (all && (!strcmp(name, "HEAD") || !strncmp(name, "refs/heads/", 11) ||
	                !strncmp(name, "refs/remotes/", 13) || !strncmp(name, "refs/notes/", 11)));
}

/* Append one reflog line for `name` ("HEAD" or a ref) as git writes it. */
static int append_reflog(git_repository *repo, const char *name, const git_oid *old,
                         const git_oid *new_id, const git_signature *who, const char *msg)
{
	char o[GIT_OID_HEXSZ + 1], w[GIT_OID_HEXSZ + 1], *log = NULL, *line = NULL;
	const char *cd = git_repository_commondir(repo);
	int off = who->when.offset, rc = 0;
	size_t cap;

	if (!strcmp(name, "HEAD"))
		cd = git_repository_path(repo); /* HEAD is per work tree */
	log = pact_alloc__malloc(strlen(cd) + strlen(name) + sizeof("logs/"));
	if (!log)
		return PACT_ENOMEM;
	sprintf(log, "%slogs/%s", cd, name);
	if (!wants_log(repo, name, log))
		goto done;
	if (old)
		git_oid_tostr(o, sizeof(o), old);
	else
		memset(o, '0', GIT_OID_HEXSZ), o[GIT_OID_HEXSZ] = '\0';
	git_oid_tostr(w, sizeof(w), new_id);
	cap = strlen(who->name) + strlen(who->email) + strlen(msg) + 160;
	line = pact_alloc__malloc(cap);
	if (!line) {
		rc = PACT_ENOMEM;
		goto done;
	}
	snprintf(line, cap, "%s %s %s <%s> %lld %c%02d%02d\t%.*s\n", o, w, who->name, who->email,
	         (long long)who->when.time, off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60,
	         (int)strcspn(msg, "\n"), msg);
	rc = pact_store__make_parents(log);
	if (rc == 0)
		rc = write_all(log, O_CREAT | O_APPEND, line, strlen(line));
done:
	free(line);
	free(log);
	return rc;
}

static int head_points_to(git_repository *repo, const char *refname);

int pact_store__head_is(pact_store *store, const char *refname)
{
	return head_points_to(pact_store__repo(store), refname);
}

/* Nonzero when HEAD is the symbolic ref `refname`. */
static int head_points_to(git_repository *repo, const char *refname)
{
	git_reference *head = NULL;
	int is = git_reference_lookup(&head, repo, "HEAD") == 0 &&
	         git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
	         !strcmp(git_reference_symbolic_target(head), refname);
	git_reference_free(head);
	pact_error_clear();
	return is;
}

/* Nonzero when `refname` is where the caller expects: at `old`, or
 * absent when old is NULL. Read while the lock is held. */
static int still_at(git_repository *repo, const char *refname, const git_oid *old)
{
	git_reference *ref = NULL;
	int rc = git_reference_lookup(&ref, repo, refname), same;

	if (!old)
		same = rc == GIT_ENOTFOUND;
	else
		same = rc == 0 && git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		       git_oid_equal(git_reference_target(ref), old);
	git_reference_free(ref);
	pact_error_clear();
	return same;
}

int pact_store__ref_cas(int *outcome, pact_store *store, const char *refname, const git_oid *old,
                        const git_oid *new_id, const git_signature *who, const char *msg)
{
	git_repository *repo = pact_store__repo(store);
	const char *cd = git_repository_commondir(repo);
	char hex[GIT_OID_HEXSZ + 2], *path = NULL, *lock = NULL, *owned = NULL;
	int rc, locked = 0;

	*outcome = STORE_REF_MOVED_OK;
	path = pact_store__join2(cd, refname);
	lock = path ? pact_store__join2(path, ".lock") : NULL;
	owned = pact_store__join2(cd, "pact-ref.owned");
	if (!path || !lock || !owned) {
		rc = PACT_ENOMEM;
		goto done;
	}
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, new_id);
	strcat(hex, "\n");
	unlink(owned);
	rc = pact_store__make_parents(lock);
	if (rc == 0)
		rc = write_all(owned, O_CREAT | O_EXCL, hex, strlen(hex));
	if (rc < 0)
		goto done;
	if (link(owned, lock) != 0) {
		if (errno == EEXIST) {
			*outcome = STORE_REF_LOCKED;
			goto done;
		}
		/* no hard links on this file system: pact-ref.owned becomes the
		 * lock, holding the new id from its first moment */
		int r = rename_owned(owned, lock), fd;
		if (r >= 0) {
			owned[0] = '\0';
			if (r == 0) {
				*outcome = STORE_REF_LOCKED;
				goto done;
			}
			locked = 1;
			goto taken;
		}
		/* nor such a rename: a plain O_EXCL lock, written after */
		fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		unlink(owned);
		owned[0] = '\0';
		if (fd < 0) {
			if (errno == EEXIST)
				*outcome = STORE_REF_LOCKED;
			else
				rc = pact_error_set(PACT_EIO, "cannot create '%s': %s", lock,
				                    strerror(errno));
			goto done;
		}
		close(fd);
		locked = 1;
		rc = write_all(lock, 0, hex, strlen(hex));
		if (rc < 0)
			goto done;
	}
taken:
	locked = 1;
	if (!still_at(repo, refname, old)) {
		*outcome = STORE_REF_CHANGED;
		goto done;
	}
	/* git's order: the logs, then the ref itself */
	rc = append_reflog(repo, refname, old, new_id, who, msg);
	if (rc == 0 && head_points_to(repo, refname))
		rc = append_reflog(repo, "HEAD", old, new_id, who, msg);
	if (rc < 0)
		goto done;
	if (rename(lock, path) != 0) {
		rc = pact_error_set(PACT_EIO, "cannot update '%s': %s", path, strerror(errno));
		goto done;
	}
	locked = 0;
done:
	if (locked && lock)
		unlink(lock);
	if (owned && owned[0])
		unlink(owned);
	free(owned);
	free(lock);
	free(path);
	return rc;
}

/* Take `lock` as pact's: a hard link of `owned` (where the file system has
 * none: `owned` made anew holding "delete" and renamed to it, else a plain
 * O_EXCL file). *outcome STORE_REF_LOCKED when someone holds it; *taken
 * set when it is ours. */
static int take_lock(int *outcome, int *taken, const char *owned, const char *lock)
{
	int fd, r;

	*taken = 0;
	if (link(owned, lock) == 0) {
		*taken = 1;
		return 0;
	}
	if (errno == EEXIST) {
		*outcome = STORE_REF_LOCKED;
		return 0;
	}
	unlink(owned);
	r = write_all(owned, O_CREAT | O_EXCL, STORE_REF_DELETE, strlen(STORE_REF_DELETE));
	if (r < 0)
		return r;
	r = rename_owned(owned, lock);
	if (r == 0)
		*outcome = STORE_REF_LOCKED;
	if (r >= 0) {
		*taken = r;
		return 0;
	}
	fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EEXIST) {
		*outcome = STORE_REF_LOCKED;
		return 0;
	}
	if (fd < 0)
		return pact_error_set(PACT_EIO, "cannot create '%s': %s", lock, strerror(errno));
	close(fd);
	*taken = 1;
	return 0;
}

/* packed-refs without `refname`'s line (and the "^" peeled line after
 * it), written to `tmp` and renamed over `packed` while packed-refs.lock
 * is held; nothing done when it is not there. */
static int unpack_ref(int *outcome, const char *cd, const char *owned, const char *refname)
{
	char *packed = pact_store__join2(cd, "packed-refs"), *plock = NULL, *tmp = NULL;
	char *text = NULL, *p, *w;
	size_t len = 0, nlen = strlen(refname);
	int rc, taken = 0, found = 0;

	plock = packed ? pact_store__join2(packed, ".lock") : NULL;
	tmp = pact_store__join2(cd, "pact-packed-refs.tmp");
	if (!packed || !plock || !tmp) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = take_lock(outcome, &taken, owned, plock);
	if (rc < 0 || !taken)
		goto done;
	rc = pact_store__read_file(&text, &len, packed, (size_t)1 << 31);
	if (rc == PACT_ENOTFOUND) {
		pact_error_clear();
		rc = 0;
		goto done;
	}
	if (rc < 0)
		goto done;
	for (p = w = text; p < text + len;) {
		char *eol = memchr(p, '\n', (size_t)(text + len - p));
		size_t l = eol ? (size_t)(eol - p) + 1 : (size_t)(text + len - p);
		int drop = l >= nlen + 41 && p[0] != '#' && p[0] != '^' && p[40] == ' ' &&
		           !strncmp(p + 41, refname, nlen) &&
		           (l == nlen + 41 || p[41 + nlen] == '\n');
		if (drop) {
			found = 1;
			p += l;
			while (p < text + len && *p == '^') { /* its peeled line */
				eol = memchr(p, '\n', (size_t)(text + len - p));
				p = eol ? eol + 1 : text + len;
			}
			continue;
		}
		memmove(w, p, l);
		w += l;
		p += l;
	}
	if (!found)
		goto done;
	unlink(tmp);
	rc = write_all(tmp, O_CREAT | O_EXCL, text, (size_t)(w - text));
	if (rc == 0 && rename(tmp, packed) != 0)
		rc = pact_error_set(PACT_EIO, "cannot update '%s': %s", packed, strerror(errno));
	if (rc < 0)
		unlink(tmp);
done:
	if (taken)
		unlink(plock);
	free(text);
	free(tmp);
	free(plock);
	free(packed);
	return rc;
}

/* Remove the directories of `path` that are left empty, up to `top` (as
 * git does, so that a later ref can have the name of one). */
static void prune_dirs(char *path, size_t top)
{
	char *slash;

	while ((slash = strrchr(path, '/')) != NULL && (size_t)(slash - path) > top) {
		*slash = '\0';
		if (rmdir(path) != 0)
			break;
	}
}

int pact_store__ref_delete(int *outcome, pact_store *store, const char *refname, const git_oid *old)
{
	git_repository *repo = pact_store__repo(store);
	const char *cd = git_repository_commondir(repo);
	char *path = NULL, *lock = NULL, *owned = NULL, *logs = NULL, *log = NULL;
	int rc, taken = 0;

	*outcome = STORE_REF_MOVED_OK;
	path = pact_store__join2(cd, refname);
	lock = path ? pact_store__join2(path, ".lock") : NULL;
	owned = pact_store__join2(cd, "pact-ref.owned");
	logs = pact_store__join2(cd, "logs/");
	log = logs ? pact_store__join2(logs, refname) : NULL;
	if (!path || !lock || !owned || !log) {
		rc = PACT_ENOMEM;
		goto done;
	}
	unlink(owned);
	rc = pact_store__make_parents(lock); /* a packed ref may have no directory */
	if (rc == 0)
		rc = write_all(owned, O_CREAT | O_EXCL, STORE_REF_DELETE, strlen(STORE_REF_DELETE));
	if (rc == 0)
		rc = take_lock(outcome, &taken, owned, lock);
	if (rc < 0 || !taken)
		goto done;
	if (!still_at(repo, refname, old)) {
		*outcome = STORE_REF_CHANGED;
		goto done;
	}
	/* git's order: packed-refs first, so that a kill in between leaves the
	 * loose ref, at its old id, and never the packed one resurrected */
	rc = unpack_ref(outcome, cd, owned, refname);
	if (rc < 0 || *outcome != STORE_REF_MOVED_OK)
		goto done;
	if (unlink(path) != 0 && errno != ENOENT) {
		rc = pact_error_set(PACT_EIO, "cannot delete '%s': %s", path, strerror(errno));
		goto done;
	}
	unlink(log);
	unlink(lock); /* before its directory can go */
	taken = 0;
	/* up to refs/remotes/ and logs/refs/remotes/, never those themselves */
	prune_dirs(path, strlen(cd) + strlen("refs/remotes/") - 1);
	prune_dirs(log, strlen(cd) + strlen("logs/refs/remotes/") - 1);
done:
	if (taken)
		unlink(lock);
	if (owned)
		unlink(owned);
	free(log);
	free(logs);
	free(owned);
	free(lock);
	free(path);
	return rc;
}

/* ---- moving a ref for the rest of libpact ------------------------------- */

/* The list of refs being moved, read by pact_store__fetch_recover (its
 * name is store_fetch.c's FETCH_LIST: one list, one recovery). */
#define REF_LIST "pact-fetch.refs"

/* `refname`'s lock is in the way: whose it may be and what to do. */
static int locked_error(git_repository *repo, const char *refname)
{
	return pact_error_set(PACT_EIO,
	                      "cannot update '%s': its lock file '%s%s.lock' exists. Another "
	                      "git process seems to be running in this repository; wait for it "
	                      "to finish and try again. If none is running, one crashed "
	                      "earlier: remove that file and try again",
	                      refname, git_repository_commondir(repo), refname);
}

int pact_store__ref_set(int *outcome, pact_store *store, const char *refname, const git_oid *old,
                        unsigned flags, const git_oid *new_id, const char *reflog)
{
	git_repository *repo = pact_store__repo(store);
	git_signature *who = NULL;
	char *list = pact_store__join2(git_repository_commondir(repo), REF_LIST), *line = NULL;
	git_oid now;
	int rc = 0, lockfd = -1, listed = 0, has_now;

	*outcome = STORE_REF_MOVED_OK;
	/* "NAME ID": where hard links fail, recovery knows the lock by the
	 * id it holds (store_fetch.c) */
	line = refname ? pact_alloc__malloc(strlen(refname) + GIT_OID_HEXSZ + 3) : NULL;
	if (line && new_id) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), new_id);
		sprintf(line, "%s %s\n", refname, hex);
	} else if (line) {
		sprintf(line, "%s\n", refname);
	}
	if (!list || !line) {
		rc = PACT_ENOMEM;
		goto done;
	}
	if (new_id && (rc = pact_store__signature(&who, NULL, store, NULL)) < 0)
		goto done;
	if (!(flags & STORE_REF_HELD) && (rc = pact_store__lock(&lockfd, store, STORE_WAIT_MS)) < 0)
		goto done;
	/* named before its lock is taken, gone once it is dropped: a pact
	 * killed in between leaves a lock the next pact command removes */
	rc = pact_store__write_file_atomic(git_repository_path(repo), list, line, strlen(line));
	if (rc < 0)
		goto done;
	listed = 1;
	has_now = git_reference_name_to_id(&now, repo, refname) == 0;
	pact_error_clear();
	if (flags & STORE_REF_FORCE) /* from whatever it holds (read under the store lock) */
		old = has_now ? &now : NULL;
	if (!new_id && !old)
		goto done; /* nothing to delete */
	if (new_id && has_now && old && git_oid_equal(&now, new_id) && git_oid_equal(old, new_id))
		goto done; /* already there */
	if (new_id)
		rc = pact_store__ref_cas(outcome, store, refname, old, new_id, who, reflog);
	else
		rc = pact_store__ref_delete(outcome, store, refname, old);
	if (rc == 0 && *outcome == STORE_REF_LOCKED)
		rc = locked_error(repo, refname);
done:
	if (listed)
		unlink(list); /* our lock is gone: ref_cas and ref_delete drop it */
	if (lockfd >= 0)
		close(lockfd);
	git_signature_free(who);
	free(line);
	free(list);
	return rc;
}

/* ---- HEAD, the other ref a killed pact must not leave locked ---------- */

int pact_store__head_set(pact_store *store, const char *refname, const char *msg)
{
	git_repository *repo = pact_store__repo(store);
	git_signature *who = NULL;
	git_oid old, new_id;
	char *path = pact_store__join2(git_repository_path(repo), "HEAD"), *lock = NULL;
	char *owned = pact_store__join2(git_repository_commondir(repo), STORE_REF_OWNED), *text;
	int rc, locked = 0, has_old, has_new;

	text = pact_alloc__malloc(strlen(refname) + sizeof("ref: \n"));
	lock = path ? pact_store__join2(path, ".lock") : NULL;
	if (!path || !lock || !owned || !text) {
		rc = PACT_ENOMEM;
		goto done;
	}
	sprintf(text, "ref: %s\n", refname);
	has_old = git_reference_name_to_id(&old, repo, "HEAD") == 0;
	has_new = git_reference_name_to_id(&new_id, repo, refname) == 0;
	pact_error_clear();
	rc = pact_store__signature(&who, NULL, store, NULL);
	if (rc < 0)
		goto done;
	unlink(owned);
	rc = write_all(owned, O_CREAT | O_EXCL, text, strlen(text));
	if (rc < 0)
		goto done;
	if (link(owned, lock) == 0) {
		locked = 1;
	} else if (errno != EEXIST) {
		/* no hard links: owned becomes the lock, or a plain O_EXCL one
		 * (whose text recovery cannot tell from git's: it stays) */
		int r = rename_owned(owned, lock), fd;
		if (r >= 0) {
			owned[0] = '\0';
			locked = r;
		} else if ((fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) >= 0) {
			close(fd);
			locked = 1;
			rc = write_all(lock, 0, text, strlen(text));
		} else if (errno != EEXIST) {
			rc = pact_store__planted(lock, errno);
		}
	}
	if (rc == 0 && !locked)
		rc = pact_error_set(
		        PACT_EIO,
		        "cannot switch branches: '%s' exists. Another git process seems "
		        "to be running in this repository; wait for it to finish and try "
		        "again. If none is running, one crashed earlier: remove that file "
		        "and try again",
		        lock);
	/* git's order: the log, then HEAD itself */
	if (rc == 0 && has_new)
		rc = append_reflog(repo, "HEAD", has_old ? &old : NULL, &new_id, who, msg);
	if (rc == 0 && rename(lock, path) != 0)
		rc = pact_error_set(PACT_EIO, "cannot update '%s': %s", path, strerror(errno));
	if (rc == 0)
		locked = 0;
done:
	if (locked)
		unlink(lock);
	if (owned && owned[0])
		unlink(owned);
	git_signature_free(who);
	free(text);
	free(owned);
	free(lock);
	free(path);
	return rc;
}
