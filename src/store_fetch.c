/*
 * store_fetch.c - the refs a fetch moves, moved by pact so that a fetch
 * killed half-way never leaves a lock that stops the next one.
 *
 * git_remote_fetch downloads, then moves each ref through libgit2's own
 * lock file: a pact killed there (SIGKILL, a closed terminal) left
 * refs/remotes/origin/main.lock, which nobody can tell from the lock of a
 * git running at that moment, and every later pull stopped on it. So the
 * download is libgit2's (git_remote_download: nothing but objects), and
 * the refs are moved here, with the rules of libgit2 1.5's
 * git_remote_update_tips: a refspec's destinations (without '+' only
 * fast-forwards, and an existing tag not at all, as git fetch says), the
 * tags as the remote's tag option says (auto-follow: only new tags whose
 * object came along; never one that exists), and the remote's configured
 * remote-tracking refs for what was fetched.
 *
 * Pruning: when the remote's prune setting says so (remote.NAME.prune,
 * fetch.prune), the remote-tracking refs of branches deleted on the remote
 * are deleted first, as `git fetch --prune` does (never a branch; a tag
 * only with pruneTags or a refspec onto refs/tags/). Review pull prunes
 * always, under its own refspecs, and its hook names a ref of its own to
 * delete before each pruned one (the local review the remote deleted) or
 * to move before each one the remote rewrote (forced to a commit that
 * does not contain it).
 *
 * Each ref moves (or is deleted, with its line in packed-refs) through
 * pact_store__ref_cas (pact_store__ref_delete), whose lock is a second
 * name of $GIT_DIR/pact-ref.owned, under the store lock, while the names
 * of the refs to move are in $GIT_DIR/pact-fetch.refs. A pact killed there
 * leaves that list, and the next pact to take the store lock (so the one
 * that wrote it is dead) removes each listed ref's lock that is
 * pact-ref.owned (pact_store__fetch_recover), reached through no symbolic
 * link, and nothing else: a lock of git's stays, and is named when it is
 * in the way. Where hard links fail, the lock is pact-ref.owned renamed
 * (store_ref.c), so each line also names the id the ref moves to ("NAME
 * ID"; ref names hold no space), and a listed lock holding exactly that
 * id, or "delete", is taken for the dead pact's (drop_unlinked). FETCH_HEAD is not written: pact
 * never reads it, and pulls only fast-forward the branch themselves.
 *
 * A download killed half-way leaves libgit2's temporary pack in
 * objects/pack/ (pack_git2_ID, and pack_git2_...idx.lock when killed while
 * it wrote the index): git ignores such files and nobody ever removes them,
 * so a store kept the size of every killed pull. The same recovery removes
 * each that no process has open (a Linux write lease is granted only then)
 * and that was last written DEAD_PACK_AGE_S ago or more, so never one of a
 * live download, pact's or another libgit2 program's; git's own temporary
 * files (tmp_pack_*) are git's to clean (git gc). Where leases do not
 * work nothing is removed.
 */
#define _GNU_SOURCE /* F_SETLEASE */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "pact/error.h"
#include "pact/sanitize.h"
#include "store_internal.h"

/* The list of refs a fetch is moving, in $GIT_DIR (the common one). */
#define FETCH_LIST "pact-fetch.refs"
/* Ref names in a list are bounded as git bounds a path; the list itself
 * by how many refs a store has, generously. */
#define FETCH_LIST_MAX (16u * 1024u * 1024u)

/* One ref to move to `id`; `force`: without fast-forward; `keep`: only
 * create it (an auto-followed tag); `del`: delete it, if still at `id`
 * (pruned). */
typedef struct tip {
	char *name;
	git_oid id;
	int force, keep, del;
	int has_from; /* a hook's move: only from `from`, else left alone */
	git_oid from;
} tip;

typedef struct tips {
	tip *v;
	size_t n, cap;
} tips;

static void tips_free(tips *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static int tips_add(tips *t, const char *name, const git_oid *id, int force, int keep)
{
	tip *v = pact_alloc__grow(t->v, &t->cap, t->n, sizeof(*v), 8);
	if (!v)
		return PACT_ENOMEM;
	t->v = v;
	v[t->n].name = pact_alloc__strdup(name);
	if (!v[t->n].name)
		return PACT_ENOMEM;
	git_oid_cpy(&v[t->n].id, id);
	v[t->n].force = force;
	v[t->n].keep = keep;
	v[t->n].del = 0;
	v[t->n].has_from = 0;
	t->n++;
	return 0;
}

/* Add head's destination under `spec` (when it matches), as
 * git_refspec_transform says. */
static int add_mapped(tips *t, const git_refspec *spec, const git_remote_head *head, int force)
{
	git_buf dst = {0};
	int rc;

	if (!git_refspec_src_matches(spec, head->name) || !git_refspec_dst(spec))
		return 0;
	rc = git_refspec_transform(&dst, spec, head->name);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot map a fetched ref");
	rc = tips_add(t, dst.ptr, &head->oid, force, 0);
	git_buf_dispose(&dst);
	return rc;
}

/* The refs fetching `specs` moves, from the remote's advertised heads. */
static int plan(tips *t, git_repository *repo, git_remote *r, git_refspec **specs, size_t n,
                git_remote_autotag_option_t tagopt)
{
	const git_remote_head **heads;
	git_strarray conf = {0};
	git_odb *odb = NULL;
	size_t nheads;
	int rc;

	rc = git_remote_ls(&heads, &nheads, r);
	if (rc == 0)
		rc = git_repository_odb(&odb, repo);
	if (rc == 0)
		rc = git_remote_get_fetch_refspecs(&conf, r);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read what the remote has");
		goto done;
	}
	for (size_t h = 0; h < nheads && rc == 0; h++) {
		const git_remote_head *head = heads[h];
		int valid = 0, is_tag = !strncmp(head->name, "refs/tags/", 10), wanted = 0;

		if (git_reference_name_is_valid(&valid, head->name) < 0 || !valid)
			continue; /* also the peeled "tag^{}" lines */
		if (is_tag && tagopt == GIT_REMOTE_DOWNLOAD_TAGS_ALL)
			rc = tips_add(t, head->name, &head->oid, 0, 0);
		else if (is_tag && tagopt == GIT_REMOTE_DOWNLOAD_TAGS_AUTO &&
		         git_odb_exists(odb, &head->oid))
			rc = tips_add(t, head->name, &head->oid, 0, 1);
		for (size_t s = 0; s < n && rc == 0; s++) {
			if (!git_refspec_src_matches(specs[s], head->name))
				continue;
			wanted = 1;
			if (!is_tag || tagopt == GIT_REMOTE_DOWNLOAD_TAGS_NONE)
				rc = add_mapped(t, specs[s], head, git_refspec_force(specs[s]));
		}
		/* what was fetched also moves the remote's own tracking refs */
		for (size_t c = 0; c < conf.count && wanted && rc == 0; c++) {
			git_refspec *cs = NULL;
			if (git_refspec_parse(&cs, conf.strings[c], 1) == 0)
				rc = add_mapped(t, cs, head, 1);
			git_refspec_free(cs);
		}
	}
	if (rc == 0)
		pact_error_clear(); /* a name libgit2 found invalid */
done:
	git_strarray_dispose(&conf);
	git_odb_free(odb);
	return rc;
}

/* Whether tags are pruned too: remote.NAME.pruneTags, else
 * fetch.pruneTags, as git fetch reads them. */
static int prune_tags(git_repository *repo, const char *remote)
{
	git_config *cfg = NULL;
	char key[256];
	int on = 0;

	if (git_repository_config_snapshot(&cfg, repo) == 0) {
		snprintf(key, sizeof(key), "remote.%s.prunetags", remote ? remote : "");
		if (!remote || git_config_get_bool(&on, cfg, key) < 0)
			if (git_config_get_bool(&on, cfg, "fetch.prunetags") < 0)
				on = 0;
	}
	git_config_free(cfg);
	pact_error_clear();
	return on;
}

/* Nonzero when the remote advertises a ref that `spec` maps onto `name`. */
static int on_remote(const git_refspec *spec, const char *name, const git_remote_head **heads,
                     size_t nheads)
{
	git_buf src = {0};
	int found = 0;

	if (git_refspec_rtransform(&src, spec, name) == 0)
		for (size_t h = 0; h < nheads && !found; h++)
			found = !strcmp(heads[h]->name, src.ptr);
	git_buf_dispose(&src);
	return found;
}

/* The caller's own ref to change with `name` (from `old` to `new_id`;
 * new_id NULL: pruned), as its hook says: changed first, so that a kill in
 * between leaves `name` as it was, and the next fetch asks again. */
static int add_companion(tips *t, const pact_store__prune *how, const char *name,
                         const git_oid *old, const git_oid *new_id)
{
	char *also = NULL, *keep = NULL;
	git_oid at, to;
	int rc = how->hook(&also, &keep, &at, &to, name, old, new_id, how->payload);

	if (rc == 0 && also && keep) /* the copy first: a kill leaves both */
		rc = tips_add(t, keep, &at, 1, 0);
	if (rc == 0 && also) {
		rc = tips_add(t, also, new_id ? &to : &at, 1, 0);
		if (rc == 0 && new_id) {
			t->v[t->n - 1].has_from = 1;
			git_oid_cpy(&t->v[t->n - 1].from, &at);
		} else if (rc == 0) {
			t->v[t->n - 1].del = 1;
		}
	}
	free(also);
	free(keep);
	return rc;
}

/* Before each ref the fetch moves to a commit that does not contain its
 * old one (a forced update: the remote rewrote it), the hook's own change,
 * as add_companion says. */
static int plan_rewrites(tips *t, git_repository *repo, const pact_store__prune *how)
{
	tips out = {0};
	int rc = 0;

	for (size_t i = 0; i < t->n && rc == 0; i++) {
		tip *v = &t->v[i];
		git_oid old;

		if (!v->del && v->force && !v->keep &&
		    git_reference_name_to_id(&old, repo, v->name) == 0 &&
		    !git_oid_equal(&old, &v->id) &&
		    git_graph_descendant_of(repo, &v->id, &old) != 1)
			rc = add_companion(&out, how, v->name, &old, &v->id);
		pact_error_clear();
		if (rc == 0)
			rc = tips_add(&out, v->name, &v->id, v->force, v->keep);
		if (rc == 0) {
			out.v[out.n - 1].del = v->del;
			out.v[out.n - 1].has_from = v->has_from;
			git_oid_cpy(&out.v[out.n - 1].from, &v->from);
		}
	}
	if (rc < 0) {
		tips_free(&out);
		return rc;
	}
	tips_free(t);
	*t = out;
	return 0;
}

/* The refs a pruning fetch deletes, as `git fetch --prune` does: those
 * under the destination of the remote's configured fetch refspecs (and
 * of the tag refspec, with pruneTags) whose source the remote no
 * longer has. Never a branch (refs/heads/), never a symbolic ref; a tag
 * only when a refspec maps onto it. */
static int plan_prune(tips *t, git_repository *repo, git_remote *r, const pact_store__prune *how)
{
	const git_remote_head **heads;
	git_strarray conf = {0}, names = {0};
	git_refspec **specs = NULL;
	size_t nheads, ns = 0;
	int rc;

	rc = git_remote_ls(&heads, &nheads, r);
	if (rc == 0 && !how->refspecs)
		rc = git_remote_get_fetch_refspecs(&conf, r);
	if (rc == 0)
		rc = git_reference_list(&names, repo);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot list the refs to prune");
		goto done;
	}
	specs = pact_alloc__calloc(conf.count + how->n + 1, sizeof(*specs));
	if (!specs) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (size_t c = 0; c < conf.count; c++)
		ns += git_refspec_parse(&specs[ns], conf.strings[c], 1) == 0;
	/* the fetch's own refspecs: their destinations are the caller's,
	 * except tags (pruned only with pruneTags, as git does) */
	for (size_t c = 0; how->refspecs && c < how->n; c++)
		if (git_refspec_parse(&specs[ns], how->refspecs[c], 1) == 0) {
			const char *dst = git_refspec_dst(specs[ns]);
			if (dst && strncmp(dst, "refs/tags/", 10) != 0)
				ns++;
			else
				git_refspec_free(specs[ns]);
		}
	if (!how->refspecs && prune_tags(repo, git_remote_name(r)))
		ns += git_refspec_parse(&specs[ns], "refs/tags/*:refs/tags/*", 1) == 0;
	for (size_t i = 0; i < names.count && rc == 0; i++) {
		const char *name = names.strings[i];
		git_reference *ref = NULL;
		int matched = 0, present = 0;

		if (!strncmp(name, "refs/heads/", 11))
			continue;
		for (size_t s = 0; s < ns && !present; s++)
			if (git_refspec_dst_matches(specs[s], name)) {
				matched = 1;
				present = on_remote(specs[s], name, heads, nheads);
			}
		if (!matched || present)
			continue;
		if (git_reference_lookup(&ref, repo, name) == 0 &&
		    git_reference_type(ref) == GIT_REFERENCE_DIRECT) {
			if (how->hook)
				rc = add_companion(t, how, name, git_reference_target(ref), NULL);
			if (rc == 0)
				rc = tips_add(t, name, git_reference_target(ref), 1, 0);
			if (rc == 0)
				t->v[t->n - 1].del = 1;
		}
		git_reference_free(ref);
	}
	if (rc == 0)
		pact_error_clear();
done:
	for (size_t s = 0; specs && s < ns; s++)
		git_refspec_free(specs[s]);
	free(specs);
	git_strarray_dispose(&names);
	git_strarray_dispose(&conf);
	return rc;
}

/* $GIT_DIR/NAME (the common dir, where refs live), malloc'ed. */
static char *common_path(git_repository *repo, const char *name)
{
	return pact_store__join2(git_repository_commondir(repo), name);
}

/* Write the list of the refs about to move (one name a line), and
 * "packed-refs" when one is deleted (its lock is taken too). */
static int write_list(git_repository *repo, const tips *t)
{
	pact_buf b = PACT_BUF_INIT;
	char *path = common_path(repo, FETCH_LIST);
	int rc, del = 0;

	for (size_t i = 0; i < t->n; i++) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &t->v[i].id);
		if (t->v[i].del)
			pact_buf__printf(&b, "%s\n", t->v[i].name);
		else
			pact_buf__printf(&b, "%s %s\n", t->v[i].name, hex);
		del |= t->v[i].del;
	}
	if (del)
		pact_buf__puts(&b, "packed-refs\n");
	if (!path || b.oom)
		rc = PACT_ENOMEM;
	else
		rc = pact_store__write_file_atomic(git_repository_path(repo), path,
		                                   b.ptr ? b.ptr : "", b.len);
	pact_buf__clear(&b);
	free(path);
	return rc;
}

/* Nonzero when `name` is a branch checked out in a work tree: its files
 * would not follow the ref, so git refuses to fetch into it. */
static int checked_out(pact_store *store, const char *name)
{
	git_repository *repo = pact_store__repo(store);
	git_reference *ref = NULL;
	int out;

	if (strncmp(name, "refs/heads/", 11) != 0)
		return 0;
	if (git_reference_lookup(&ref, repo, name) == 0)
		out = git_branch_is_checked_out(ref) == 1;
	else /* not there yet: only an unborn HEAD can name it */
		out = !git_repository_is_bare(repo) && pact_store__head_is(store, name);
	git_reference_free(ref);
	pact_error_clear();
	return out;
}

/* Refuse, as git fetch does and before anything moves, a fetch whose
 * refspecs (the remote's configured ones included: they move what was
 * fetched too) map a remote ref onto a checked-out branch. Such a fetch
 * moved the branch under its work tree: its own commits left it, and the
 * pull that followed found it "up to date". */
static int refuse_checked_out(pact_store *store, git_remote *r, const tips *t)
{
	const char *name = git_remote_name(r) ? git_remote_name(r) : "origin";

	for (size_t i = 0; i < t->n; i++) {
		if (!checked_out(store, t->v[i].name))
			continue;
		return pact_error_set(
		        PACT_EREFUSED,
		        "refusing to fetch into branch '%s', which is checked out: the fetch "
		        "refspecs of remote '%s' (git config remote.%s.fetch) map a remote ref "
		        "onto it, and its files would not follow; nothing was changed. Map the "
		        "remote's branches to remote-tracking refs instead, e.g. 'git config "
		        "remote.%s.fetch \"+refs/heads/*:refs/remotes/%s/*\"', then try again",
		        t->v[i].name, name, name, name, name);
	}
	return 0;
}

/* Nonzero when $GIT_DIR/NAME.lock exists. */
static int lock_exists(git_repository *repo, const char *name)
{
	char *path = common_path(repo, name),
	     *lock = path ? pact_store__join2(path, ".lock") : NULL;
	int there = lock && access(lock, F_OK) == 0;

	free(lock);
	free(path);
	return there;
}

/* The last reflog entry of `refname` when it is the move to `now`: what it
 * says and who made it, sanitised for a terminal (malloc'ed), else NULLs. */
static void last_move(char **says, char **who, git_repository *repo, const char *refname,
                      const git_oid *now)
{
	git_reflog *log = NULL;
	const git_reflog_entry *e;

	*says = *who = NULL;
	if (git_reflog_read(&log, repo, refname) == 0 &&
	    (e = git_reflog_entry_byindex(log, 0)) != NULL &&
	    git_oid_equal(git_reflog_entry_id_new(e), now) && git_reflog_entry_message(e) &&
	    *git_reflog_entry_message(e)) {
		const git_signature *c = git_reflog_entry_committer(e);
		pact_buf b = PACT_BUF_INIT;
		*says = pact_sanitize(git_reflog_entry_message(e), PACT_SANITIZE_LINE);
		if (c && c->name && c->email)
			pact_buf__printf(&b, "%s <%s>", c->name, c->email);
		*who = b.ptr && !b.oom ? pact_sanitize(b.ptr, PACT_SANITIZE_LINE) : NULL;
		pact_buf__clear(&b);
		if (!*says || !*who) {
			free(*says);
			free(*who);
			*says = *who = NULL;
		}
	}
	git_reflog_free(log);
}

int pact_store__explain_moved(pact_store *store, const char *refname, const char *shown,
                              const git_oid *expected, const char *command)
{
	git_repository *repo = pact_store__repo(store);
	char was[GIT_OID_HEXSZ + 1], is[GIT_OID_HEXSZ + 1], *says = NULL, *who = NULL;
	git_oid now;
	int has_now = git_reference_name_to_id(&now, repo, refname) == 0, rc;

	if (has_now == (expected != NULL) && (!has_now || git_oid_equal(&now, expected)))
		return 0; /* not moved: the caller's cause stands */
	if (!has_now)
		return pact_error_set(PACT_ECONFLICT,
		                      "'%s' was deleted by another program (a git command?) while "
		                      "pact was pulling; nothing was changed; run 'pact %s' again",
		                      shown, command);
	git_oid_tostr(is, 8, &now); /* 7 hex digits, as git shows them */
	if (!expected)
		return pact_error_set(PACT_ECONFLICT,
		                      "'%s' was created at %s by another program (a git command?) "
		                      "while pact was pulling; nothing was changed; run 'pact %s' "
		                      "again",
		                      shown, is, command);
	git_oid_tostr(was, 8, expected);
	last_move(&says, &who, repo, refname, &now);
	if (says)
		rc = pact_error_set(
		        PACT_ECONFLICT,
		        "'%s' was moved from %s to %s by another program while pact was "
		        "pulling (its reflog says \"%s\", by %s); nothing was changed; run "
		        "'pact %s' again",
		        shown, was, is, says, who, command);
	else
		rc = pact_error_set(PACT_ECONFLICT,
		                    "'%s' was moved from %s to %s by another program (a git "
		                    "command?) while pact was pulling; nothing was changed; run "
		                    "'pact %s' again",
		                    shown, was, is, command);
	free(says);
	free(who);
	return rc;
}

/* Move one ref as the rules say (or delete it, pruned); a lock in the way
 * is named. */
static int move_one(pact_store *store, const tip *t, const git_signature *who, const char *msg)
{
	git_repository *repo = pact_store__repo(store);
	git_oid old;
	int has_old, outcome = STORE_REF_MOVED_OK, rc;

	has_old = git_reference_name_to_id(&old, repo, t->name) == 0;
	pact_error_clear();
	if (t->del && !has_old)
		return 0;
	/* a hook's move: only from where the hook saw it (else what moved it
	 * meanwhile is the caller's to integrate) */
	if (t->has_from && (!has_old || !git_oid_equal(&old, &t->from)))
		return 0;
	/* an existing tag moves only when forced, as git fetch says ("would
	 * clobber existing tag"), even to a descendant */
	if (!t->del && has_old && !t->force && !strncmp(t->name, "refs/tags/", 10))
		return 0;
	if (!t->del && has_old &&
	    (t->keep || git_oid_equal(&old, &t->id) ||
	     (!t->force && git_graph_descendant_of(repo, &t->id, &old) != 1)))
		return 0;
	pact_error_clear();
	if (t->del)
		rc = pact_store__ref_delete(&outcome, store, t->name, &t->id);
	else
		rc = pact_store__ref_cas(&outcome, store, t->name, has_old ? &old : NULL, &t->id,
		                         who, msg);
	/* a pruned ref also needs packed-refs.lock: name the one in the way */
	if (rc == 0 && outcome == STORE_REF_LOCKED) {
		const char *held =
		        t->del && !lock_exists(repo, t->name) && lock_exists(repo, "packed-refs")
		                ? "packed-refs"
		                : t->name;
		rc = pact_error_set(PACT_EIO,
		                    "cannot update '%s': its lock file '%s%s.lock' exists. Another "
		                    "git process seems to be running in this repository; wait for "
		                    "it to finish and try again. If none is running, one crashed "
		                    "earlier: remove that file and try again",
		                    held, git_repository_commondir(repo), held);
	} else if (rc == 0 && outcome == STORE_REF_CHANGED) {
		/* a `git fetch` (or any git) moved it since it was read */
		rc = pact_store__explain_moved(store, t->name, t->name,
		                               t->del    ? &t->id
		                               : has_old ? &old
		                                         : NULL,
		                               !strcmp(msg, "review pull") ? "review pull"
		                                                           : "pull");
		if (rc == 0) /* and back again */
			rc = pact_error_set(PACT_ECONFLICT,
			                    "'%s' changed during the fetch; try again", t->name);
	}
	return rc;
}

int pact_store__fetch_update_tips(pact_store *store, git_remote *r, const char *const *refspecs,
                                  size_t n, git_remote_autotag_option_t tags,
                                  const pact_store__prune *prune, const char *reflog)
{
	git_repository *repo = pact_store__repo(store);
	git_refspec **specs = pact_alloc__calloc(n ? n : 1, sizeof(*specs));
	git_signature *who = NULL;
	char *list = common_path(repo, FETCH_LIST);
	tips t = {0};
	int rc = 0, lockfd = -1, listed = 0;

	if (!specs || !list) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		if ((rc = git_refspec_parse(&specs[i], refspecs[i], 1)) < 0)
			rc = pact_error_from_git(rc, "bad refspec");
	/* pruned refs go first, as git fetch prunes before it updates: a
	 * deleted origin/a makes way for a new origin/a/b */
	if (rc == 0 && prune && (prune->refspecs || git_remote_prune_refs(r)))
		rc = plan_prune(&t, repo, r, prune);
	if (rc == 0)
		rc = plan(&t, repo, r, specs, n,
		          tags == GIT_REMOTE_DOWNLOAD_TAGS_UNSPECIFIED ? git_remote_autotag(r)
		                                                       : tags);
	if (rc == 0 && prune && prune->hook)
		rc = plan_rewrites(&t, repo, prune);
	if (rc == 0)
		rc = pact_store__signature(&who, NULL, store, NULL);
	if (rc < 0 || t.n == 0)
		goto done;
	rc = pact_store__lock(&lockfd, store, STORE_WAIT_MS);
	if (rc == 0)
		rc = refuse_checked_out(store, r, &t);
	if (rc == 0)
		rc = write_list(repo, &t);
	if (rc < 0)
		goto done;
	listed = 1;
	for (size_t i = 0; i < t.n && rc == 0; i++)
		rc = move_one(store, &t.v[i], who, reflog ? reflog : "fetch");
done:
	if (listed)
		unlink(list); /* every lock of ours is gone: pact_store__ref_cas and
		                 pact_store__ref_delete drop theirs */
	if (lockfd >= 0)
		close(lockfd);
	for (size_t i = 0; specs && i < n; i++)
		git_refspec_free(specs[i]);
	free(specs);
	free(list);
	git_signature_free(who);
	tips_free(&t);
	return rc;
}

/* No hard links: remove the listed ref's `lock` when it holds what a lock
 * of the dead pact's held: the id the list says it moved the ref to (a
 * git fetch run meanwhile could write the same id into it, but pact
 * recovers first thing after the kill, and such a fetch only fails to
 * move a remote-tracking ref, which the next fetch does), or "delete",
 * which no git writes. */
static void drop_unlinked(const char *cd, const char *lock, const char *id)
{
	char hex[GIT_OID_HEXSZ + 2];
	git_oid oid;

	if (pact_store__drop_lock_holding(cd, lock, STORE_REF_DELETE))
		return;
	if (id && strlen(id) == GIT_OID_HEXSZ && git_oid_fromstr(&oid, id) == 0) {
		git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &oid);
		strcat(hex, "\n");
		pact_store__drop_lock_holding(cd, lock, hex);
	}
	pact_error_clear();
}

/* ---- temporary packs of a download that died ------------------------- */

/* How old (seconds since its last write) a temporary pack must be to be
 * taken for a dead download's: a live one writes it all the time, and
 * libgit2 closes it only to rename it at once. */
#define DEAD_PACK_AGE_S 120

/* libgit2 1.5's names, all "pack_git2_" and more: the pack a download
 * writes (git_futils_mktmp: "pack_git2_" and 16 hex digits) and the lock
 * of the index it writes last (the pack's name less four characters, then
 * "idx.lock"). git names its own temporary files tmp_pack_*, tmp_idx_*. */
static int is_git2_temp_pack(const char *name)
{
	return !strncmp(name, "pack_git2_", 10);
}

/* Remove `path` when it is an old regular file no process has open: a
 * write lease is granted only then, and while it is held another open
 * waits. */
static void drop_if_unused(const char *path)
{
#ifdef F_SETLEASE
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    time(NULL) - st.st_mtime >= DEAD_PACK_AGE_S && fcntl(fd, F_SETLEASE, F_WRLCK) == 0) {
		unlink(path);
		fcntl(fd, F_SETLEASE, F_UNLCK);
	}
	close(fd);
#else
	(void)path; /* no way to tell a live download's: kept */
#endif
}

/* The temporary packs in objects/pack/ of downloads that died. Best
 * effort, allocating nothing (a failure here is no reason to stop the
 * command that recovers): what cannot be read or judged stays. */
static void drop_dead_packs(git_repository *repo)
{
	char dir[4096], path[4096 + 256];
	DIR *d;
	struct dirent *e;
	int n = snprintf(dir, sizeof(dir), "%sobjects/pack/", git_repository_commondir(repo));

	if (n < 0 || (size_t)n >= sizeof(dir) || !(d = opendir(dir)))
		return;
	while ((e = readdir(d)) != NULL)
		if (is_git2_temp_pack(e->d_name)) {
			snprintf(path, sizeof(path), "%s%s", dir, e->d_name);
			drop_if_unused(path);
		}
	closedir(d);
}

int pact_store__fetch_recover(pact_store *store)
{
	git_repository *repo = pact_store__repo(store);
	const char *cd = git_repository_commondir(repo);
	char *list = common_path(repo, FETCH_LIST), *owned = common_path(repo, STORE_REF_OWNED);
	char *text = NULL, *line, *save = NULL;
	size_t len = 0;
	int rc;

	if (!list || !owned) {
		rc = PACT_ENOMEM;
		goto done;
	}
	drop_dead_packs(repo);
	/* never through a symbolic link: what it points to is not pact's */
	rc = pact_store__read_own_file(&text, &len, list, FETCH_LIST_MAX);
	if (rc == PACT_ENOTFOUND) {
		pact_error_clear();
		rc = 0; /* the usual case: no fetch was killed */
		goto done;
	}
	if (rc < 0) {
		/* not a list pact wrote (a directory, a FIFO, too large): no lock
		 * is removed, and the message says what to do, not what the
		 * reader's limit on pact files is */
		if (rc != PACT_ENOMEM)
			rc = pact_error_set(
			        PACT_EIO,
			        "'%s' is not a list of refs that pact wrote (it is a symbolic "
			        "link, not a regular file, or larger than %u bytes); no lock was "
			        "removed. Check that no 'pact pull' is running, then remove it and "
			        "try again",
			        list, FETCH_LIST_MAX);
		goto done;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *id = strchr(line, ' '), *lock;
		if (id)
			*id++ = '\0';
		lock = pact_store__join2(line, ".lock");
		if (!lock) {
			rc = PACT_ENOMEM;
			goto done;
		}
		/* reached from the git directory through no link, no ".." */
		if (pact_store__safe_path(line) &&
		    !pact_store__drop_owned_lock(cd, lock, STORE_REF_OWNED))
			drop_unlinked(cd, lock, id);
		free(lock);
	}
	unlink(owned);
	unlink(list);
done:
	free(text);
	free(list);
	free(owned);
	return rc;
}
