/*
 * store_recover.c - finishing or undoing a commit (or pull, or branch
 * switch) whose pact process died half-way, from the journal it wrote
 * before the branch moved (store_index.c): run by the next pact command
 * that opens the store, under the store lock, so never while another pact
 * writes. Each step can be repeated and the journal goes last, so a kill
 * during recovery leaves the work for the next command.
 *
 * What is touched is only what is provably pact's: index.lock when it is
 * a second name of pact-index.owned, or (no hard links) when it holds the
 * text of a pact process that is gone (store_lockmark.c); a ref lock when
 * it is a second name of pact-ref.owned, or holds the id of the commit the
 * journal names (no other program knew of it). Anything else stays and
 * the next writer names it.
 *
 * Why no kill can make this lie: the journal is written whole (fsynced,
 * then renamed) before the work tree, the index or the branch change, so
 * it exists whenever one of them might have; whether the commit happened
 * is read from the branch itself, never from the journal; a lock's
 * ownership is in the lock (its inode, or a text it held before it had
 * its name), never inferred from the journal; each step below can run
 * twice, and the journal goes last. The new index is in place before the
 * branch moves, so even a lock removed by hand cannot stage the old text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pact/error.h"
#include "store_internal.h"

/* Nonzero when paths a and b are the same regular file (lstat: a planted
 * symbolic link is never pact's). */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return pact_store__is_own_file(a, &sa) && pact_store__is_own_file(b, &sb) &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

typedef struct journal {
	char *ref;
	char *head; /* a branch switch: the commit point is HEAD -> head */
	git_oid old, new_id;
	int has_old, has_new;
	int noindex; /* there was no index file before the commit */
	const char **paths;
	size_t npaths;
} journal;

/* Parse `text` (modified in place; paths point into it). */
static int parse_journal(journal *j, char *text)
{
	char *line = text, *nl;
	size_t cap = 0;

	if (strncmp(text, STORE_JOURNAL_MAGIC, strlen(STORE_JOURNAL_MAGIC)) != 0)
		return -1;
	for (line = text + strlen(STORE_JOURNAL_MAGIC); *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			return -1;
		*nl = '\0';
		if (!strncmp(line, "ref ", 4)) {
			j->ref = line + 4;
		} else if (!strncmp(line, "head ", 5)) {
			j->head = line + 5;
		} else if (!strncmp(line, "old ", 4)) {
			j->has_old = git_oid_fromstr(&j->old, line + 4) == 0 &&
			             !git_oid_is_zero(&j->old);
		} else if (!strncmp(line, "new ", 4)) {
			j->has_new = git_oid_fromstr(&j->new_id, line + 4) == 0;
		} else if (!strcmp(line, "noindex")) {
			j->noindex = 1;
		} else if (!strncmp(line, "path ", 5)) {
			const char **p = pact_alloc__grow(j->paths, &cap, j->npaths, sizeof(*p), 4);
			if (!p)
				return -1;
			j->paths = p;
			j->paths[j->npaths++] = line + 5;
		}
	}
	return j->ref && j->has_new ? 0 : -1;
}

/* A ref lock that is also $GIT_DIR/pact-ref.owned was left by a pact
 * killed while moving the branch (it had not renamed it into place, so the
 * branch did not move): remove it, or every later commit would find the
 * branch locked. */
static void drop_ref_lock(pact_store *store, const journal *j)
{
	const char *cd = git_repository_commondir(pact_store__repo(store));
	char *lock = pact_store__join2(j->ref, ".lock"),
	     *owned = pact_store__join2(cd, STORE_REF_OWNED);

	if (lock && owned) {
		/* reached through no symbolic link and no "..": the journal
		 * names the ref, and may have been planted */
		char hex[GIT_OID_HEXSZ + 2];
		pact_store__drop_owned_lock(cd, lock, STORE_REF_OWNED);
		unlink(owned);
		/* no hard links: a lock holding the commit this journal names,
		 * which no other program knew of yet, is the killed pact's */
		git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &j->new_id);
		strcat(hex, "\n");
		pact_store__drop_lock_holding(cd, lock, hex);
	}
	free(owned);
	free(lock);
}

/* HEAD.lock that is also $GIT_DIR/pact-ref.owned was left by a pact
 * killed while switching branches (pact_store__head_set): HEAD did not
 * move; remove it, or every later git switch and git commit would stop
 * on it. (Where hard links fail the lock holds "ref: ...", which git
 * writes too: it stays, and the next switch names it.) */
static void drop_head_lock(pact_store *store)
{
	git_repository *repo = pact_store__repo(store);
	const char *cd = git_repository_commondir(repo), *gd = git_repository_path(repo);
	size_t cl = strlen(cd);
	char *rel = NULL, *owned = pact_store__join2(cd, STORE_REF_OWNED);

	/* HEAD is per work tree: $GIT_DIR/worktrees/NAME/HEAD in a linked one */
	if (!strncmp(gd, cd, cl))
		rel = pact_store__join2(gd + cl, "HEAD.lock");
	if (rel && owned) {
		pact_store__drop_owned_lock(cd, rel, STORE_REF_OWNED);
		unlink(owned);
	}
	free(rel);
	free(owned);
}

/* Finish (the ref moved) or undo a commit whose process died, given its
 * journal (NULL: it died before writing one, so the ref did not move). */
static int recover_with(store_index *ix, pact_store *store, const journal *j)
{
	char *index = NULL;
	git_oid tip;
	int rc = 0, moved = 0, linked, marked;

	/* Each step can be repeated, and the journal goes last: a kill during
	 * recovery leaves it for the next one. */
	if (j && j->head) {
		moved = pact_store__head_is(store, j->head);
		drop_head_lock(store);
	} else if (j) {
		moved = git_reference_name_to_id(&tip, pact_store__repo(store), j->ref) == 0 &&
		        git_oid_equal(&tip, &j->new_id);
		drop_ref_lock(store, j);
	}
	pact_error_clear();
	linked = same_file(ix->lock, ix->owned);
	marked = !linked && pact_store__marked_lock_dead(ix->lock);
	if (!linked && !marked) {
		unlink(ix->old); /* cannot happen without our lock; harmless */
	} else {
		if (moved) {
			/* the commit happened: finish it */
			rc = pact_store__sync_workdir(store, NULL, j->has_old ? &j->old : NULL,
			                              &j->new_id, j->paths, j->npaths);
			if (rc < 0)
				goto done;
			/* a marked lock: the new index was put in place before
			 * the commit point (pact_store__index_replace) */
			if (marked) {
				unlink(ix->lock);
				goto forget;
			}
			index = pact_store__join2(git_repository_path(pact_store__repo(store)),
			                          "index");
			if (!index || rename(ix->lock, index) != 0) {
				rc = pact_error_set(PACT_EIO, "cannot rename '%s' to '%s': %s",
				                    ix->lock, index ? index : "index",
				                    strerror(errno));
				goto done;
			}
		} else {
			/* it did not: the old index and work tree go back, the lock goes */
			struct stat st;
			int back =
			        !j || pact_store__head_still_at(store, j->has_old ? &j->old : NULL);
			index = pact_store__join2(git_repository_path(pact_store__repo(store)),
			                          "index");
			if (!index) {
				rc = PACT_ENOMEM;
				goto done;
			}
			if (back && pact_store__is_own_file(ix->old, &st)) {
				if (rename(ix->old, index) != 0) {
					rc = pact_error_set(PACT_EIO, "cannot restore '%s': %s",
					                    ix->old, strerror(errno));
					goto done;
				}
			} else if (back && j && j->noindex) {
				unlink(index); /* there was none; only we could write one */
			}
			if (j && back) {
				rc = pact_store__sync_workdir(store, NULL, &j->new_id,
				                              j->has_old ? &j->old : NULL, j->paths,
				                              j->npaths);
				if (rc < 0)
					goto done;
			}
			unlink(ix->lock);
		}
	}
forget:
	/* otherwise the lock is not ours, or gone */
	if (j)
		store->recovered = moved ? PACT_RECOVERED_FINISHED : PACT_RECOVERED_UNDONE;
	unlink(ix->old);
	unlink(ix->journal);
	unlink(ix->owned);
done:
	free(index);
	return rc;
}

int pact_store__index_recover(pact_store *store)
{
	store_index ix;
	journal j;
	char *text = NULL;
	size_t len = 0;
	struct stat st;
	int rc;

	memset(&ix, 0, sizeof(ix));
	memset(&j, 0, sizeof(j));
	if (git_repository_is_bare(pact_store__repo(store)))
		return 0;
	rc = pact_store__index_paths(&ix, store);
	if (rc < 0)
		goto done;
	/* the new index's temporary files and the one every atomic write goes
	 * through (a kill mid-write leaves it): nobody else uses these names,
	 * and the caller holds the store lock */
	{
		char *tmplock = pact_store__join2(ix.tmp, ".lock");
		char *wtmp = pact_store__join2(git_repository_path(pact_store__repo(store)),
		                               "pact-write.tmp");
		unlink(ix.tmp);
		unlink(ix.mark);
		if (tmplock)
			unlink(tmplock);
		if (wtmp)
			unlink(wtmp);
		free(tmplock);
		free(wtmp);
	}
	if (lstat(ix.owned, &st) != 0 && lstat(ix.journal, &st) != 0 &&
	    !pact_store__marked_lock_dead(ix.lock))
		goto done; /* the usual case: nothing left behind (tmp: see below) */
	rc = pact_store__read_own_file(&text, &len, ix.journal, STORE_JOURNAL_MAX);
	if (rc == PACT_ENOTFOUND) {
		rc = recover_with(&ix, store, NULL);
		goto done;
	}
	if (rc < 0)
		goto done;
	if (parse_journal(&j, text) < 0) {
		rc = pact_error_set(PACT_EIO,
		                    "'%s' is damaged; check 'git status', then remove it and "
		                    "'%s' if present",
		                    ix.journal, ix.lock);
		goto done;
	}
	rc = recover_with(&ix, store, &j);
done:
	free(text);
	free(j.paths);
	pact_store__index_release(&ix, 1);
	return rc;
}

int pact_store__index_leftover(const char *gitdir)
{
	static const char *const names[] = {"pact-index.owned", "pact-commit.journal",
	                                    "pact-index.mark", "pact-write.tmp", "index.lock"};
	struct stat st;
	int left = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(*names) && !left; i++) {
		char *p = pact_store__join2(gitdir, names[i]);
		left = p && lstat(p, &st) == 0;
		free(p);
	}
	return left;
}
