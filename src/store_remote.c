/*
 * store_remote.c - sharing a store through any remote libgit2 reaches
 * (a path, file://, git://, ssh://, https://).
 *
 * Push and pull move one branch, the one HEAD is on, to or from the branch
 * of the same name on the remote, and both only ever fast-forward: a pact's
 * history is a record, so pact never rewrites it and never makes a merge
 * the user did not write. Push checks the remote tip itself before sending
 * (not every transport reports a rejected non-fast-forward the same way).
 * Pull fetches, then hands the fast-forward to pact_store_update_branch:
 * under the store's writer lock, a SAFE checkout (which finds every
 * conflict before it writes anything) and only then a compare-and-swap of
 * the branch; so a pull that cannot fast-forward changes nothing but the
 * remote-tracking ref.
 *
 * A fetch downloads through libgit2 and moves its refs through
 * store_fetch.c, so that a fetch killed half-way leaves no ref lock that
 * stops the next one.
 *
 * pact_store_push_refs and pact_store_fetch_refs move any set of refs in
 * one transfer, for the workflows above the store (reviews travel as
 * several refs at once); every transfer here shares one set of callbacks,
 * so credentials and progress behave the same whatever is moved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PACT_I18N_SHORT_NAMES
#include "buf.h"
#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/sanitize.h"
#include "pact/i18n.h"
#include "pact/store.h"
#include "error_internal.h"
#include "store_internal.h"

/* Asking the ssh agent again after it failed once would loop forever:
 * libgit2 calls the credential callback until it stops offering. */
#define MAX_CRED_TRIES 1

typedef struct xfer {
	pact_progress_cb cb;
	void *payload;
	int cred_tries;
	char *rejected; /* "REF (reason), ...": the refs the remote refused */
	pact_buf said;  /* what the remote's hooks printed ("remote: ..."), bounded */
} xfer;

/* A server hook's reasons for refusing a push are only worth so much
 * room in an error message. */
#define MAX_REMOTE_SAID 4096

/* What the remote prints on the sideband (its hooks' stderr): kept, so a
 * refusal can say why, as git does with its "remote:" lines. */
static int on_sideband(const char *str, int len, void *payload)
{
	xfer *x = payload;
	if (len > 0 && x->said.len < MAX_REMOTE_SAID)
		pact_buf__put(&x->said, str, (size_t)len);
	return 0;
}

static int on_credentials(git_credential **out, const char *url, const char *user,
                          unsigned int allowed, void *payload)
{
	xfer *x = payload;
	(void)url;
	if (x->cred_tries++ >= MAX_CRED_TRIES)
		return GIT_PASSTHROUGH;
	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return git_credential_ssh_key_from_agent(out, user ? user : "git");
	if (allowed & GIT_CREDENTIAL_DEFAULT)
		return git_credential_default_new(out);
	return GIT_PASSTHROUGH;
}

static int on_fetch_progress(const git_indexer_progress *p, void *payload)
{
	xfer *x = payload;
	if (!x->cb)
		return 0;
	if (p->total_deltas && p->received_objects == p->total_objects)
		return x->cb("resolving deltas", p->indexed_deltas, p->total_deltas, x->payload);
	return x->cb("receiving objects", p->received_objects, p->total_objects, x->payload);
}

static int on_push_progress(unsigned int cur, unsigned int total, size_t bytes, void *payload)
{
	xfer *x = payload;
	(void)bytes;
	return x->cb ? x->cb("writing objects", cur, total, x->payload) : 0;
}

static int on_push_update(const char *refname, const char *status, void *payload)
{
	xfer *x = payload;
	size_t had = x->rejected ? strlen(x->rejected) : 0, n;
	char *p;
	if (!status)
		return 0;
	n = had + strlen(refname) + strlen(status) + 6;
	p = pact_alloc__realloc(x->rejected, n);
	if (!p)
		return -1; /* libgit2 fails the push: better than a silent refusal */
	snprintf(p + had, n - had, "%s%s (%s)", had ? ", " : "", refname, status);
	x->rejected = p;
	return 0;
}

static void set_callbacks(git_remote_callbacks *cb, xfer *x)
{
	cb->credentials = on_credentials;
	cb->transfer_progress = on_fetch_progress;
	cb->push_transfer_progress = on_push_progress;
	cb->push_update_reference = on_push_update;
	cb->sideband_progress = on_sideband;
	cb->payload = x;
}

static const char *local_remote_path(const char *url)
{
	const char *colon, *slash;
	if (!strncmp(url, "file://", 7))
		return !strncmp(url + 7, "localhost/", 10) ? url + 16 : url + 7;
	if (strstr(url, "://"))
		return NULL;
	colon = strchr(url, ':');
	slash = strchr(url, '/');
	return colon && (!slash || colon < slash) ? NULL : url;
}

/* A remote given as a relative path ("../hub.git") means, as in git,
 * relative to the top of the work tree (the git directory of a bare store),
 * wherever in the store pact runs; libgit2 alone would take it relative to
 * the current directory. *out is the absolute path (caller frees), or NULL
 * when `u` needs no anchoring. */
static int anchored_url(char **out, pact_store *store, const char *u)
{
	const char *base = git_repository_workdir(store->repo);

	*out = NULL;
	if (!u || u[0] == '/' || local_remote_path(u) != u)
		return 0;
	if (!base)
		base = git_repository_path(store->repo);
	*out = pact_alloc__malloc(strlen(base) + strlen(u) + 1);
	if (!*out)
		return PACT_ENOMEM;
	sprintf(*out, "%s%s", base, u); /* base ends with '/' */
	return 0;
}

/* Anchor this remote instance's fetch and push URLs (the config is left
 * as the user wrote it). */
static int anchor_remote(git_remote *r, pact_store *store)
{
	char *url = NULL, *push = NULL;
	int rc = anchored_url(&url, store, git_remote_url(r));

	if (rc == 0)
		rc = anchored_url(&push, store, git_remote_pushurl(r));
	if (rc == 0 && url && (rc = git_remote_set_instance_url(r, url)) < 0)
		rc = pact_error_from_git(rc, "cannot use remote");
	if (rc == 0 && push && (rc = git_remote_set_instance_pushurl(r, push)) < 0)
		rc = pact_error_from_git(rc, "cannot use remote");
	free(url);
	free(push);
	return rc;
}

static int lookup_remote(git_remote **out, pact_store *store, const char *name)
{
	int rc = git_remote_lookup(out, store->repo, name);
	/* an address where a name goes ('pact push /srv/hub.git'): say so */
	if ((rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) && strpbrk(name, "/:"))
		return pact_error_set(PACT_ENOTFOUND,
		                      "no remote named '%s': push and pull take a remote's name; "
		                      "name this address with 'pact remote add NAME %s'",
		                      name, name);
	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
		return pact_error_set(PACT_ENOTFOUND,
		                      "no remote '%s'; add one with 'pact remote add %s URL'", name,
		                      name);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot read remote");
	if ((rc = anchor_remote(*out, store)) < 0) {
		git_remote_free(*out);
		*out = NULL;
	}
	return rc;
}

/* Connect to remote `name` for a push and list its refs; *heads lives as
 * long as *r. */
static int push_connect(git_remote **r, const git_remote_head ***heads, size_t *nheads,
                        pact_store *store, const char *name, git_push_options *po, xfer *x)
{
	int rc = lookup_remote(r, store, name);
	if (rc < 0)
		return rc;
	set_callbacks(&po->callbacks, x);
	rc = git_remote_connect(*r, GIT_DIRECTION_PUSH, &po->callbacks, NULL, NULL);
	if (rc == 0)
		rc = git_remote_ls(heads, nheads, *r);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot reach remote");
	return 0;
}

int pact_store__remote_heads(git_oid **ids, size_t *n, pact_store *store, const char *name)
{
	git_remote_callbacks cb;
	git_remote *r = NULL;
	const git_remote_head **heads = NULL;
	xfer x = {NULL, NULL, 0, NULL, PACT_BUF_INIT};
	size_t nheads = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	if ((rc = lookup_remote(&r, store, name ? name : "origin")) < 0)
		goto done;
	set_callbacks(&cb, &x);
	rc = git_remote_connect(r, GIT_DIRECTION_FETCH, &cb, NULL, NULL);
	if (rc == 0)
		rc = git_remote_ls(&heads, &nheads, r);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot reach remote");
		goto done;
	}
	*ids = pact_alloc__calloc(nheads ? nheads : 1, sizeof(**ids));
	if (!*ids) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < nheads; i++)
		git_oid_cpy(&(*ids)[i], &heads[i]->oid);
	*n = nheads;
	rc = 0;
done:
	git_remote_free(r);
	free(x.rejected);
	pact_buf__clear(&x.said);
	return rc;
}

/* Send `specs` over the connection push_connect made. One push: the
 * remote's hook sees every ref of it together. */
static int push_send(git_remote *r, const char *name, const git_strarray *specs,
                     git_push_options *po, xfer *x)
{
	int rc = git_remote_push(r, specs, po);
	if (rc == GIT_ENONFASTFORWARD)
		return pact_error_set(PACT_ECONFLICT, "'%s' has commits this store does not have",
		                      name);
	if (rc < 0)
		return pact_error_from_git(rc, "push failed");
	if (x->rejected && x->said.len && !x->said.oom) {
		/* one "remote: " line per line the hooks printed, each shown safe */
		const char *p = x->said.ptr, *end = x->said.ptr + x->said.len;
		rc = pact_error_set(PACT_ECONFLICT, "the remote refused %s", x->rejected);
		while (p < end) {
			size_t n = strcspn(p, "\r\n");
			if (n)
				pact_error__append("\nremote: %.*s", (int)n, p);
			p += n + (p + n < end);
		}
		return rc;
	}
	if (x->rejected)
		return pact_error_set(PACT_ECONFLICT, "the remote refused %s", x->rejected);
	return 0;
}

/* The directory a remote URL names when libgit2 reaches it through its
 * local transport (a path or file:// URL), which writes the refs itself
 * without receive-pack, so no hook of the remote runs; NULL for the
 * transports where the server runs its hooks (ssh, scp-like host:path,
 * git://, http(s)://). */

int pact_store_remote_skips_hooks(int *skipped, char **url, pact_store *store, const char *remote)
{
	git_remote *r = NULL;
	pact_store there = {NULL, 0, 0, 0};
	const char *u, *path;
	char *dir = NULL, *hook = NULL, *abs = NULL;
	int rc = 0;

	*skipped = 0;
	if (url)
		*url = NULL;
	if (git_remote_lookup(&r, store->repo, remote ? remote : "origin") < 0)
		goto done;
	u = git_remote_pushurl(r) ? git_remote_pushurl(r) : git_remote_url(r);
	path = u ? local_remote_path(u) : NULL;
	if (path && (rc = anchored_url(&abs, store, path)) < 0)
		goto done;
	/* Opened as the push opens it: anchored as lookup_remote does, no
	 * search upward. The warning names the URL as the user wrote it. */
	if (!path ||
	    git_repository_open_ext(&there.repo, abs ? abs : path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	                            NULL) < 0 ||
	    pact_store_hooks_dir(&dir, &there) < 0)
		goto done;
	hook = pact_alloc__malloc(strlen(dir) + sizeof("/pre-receive"));
	if (!hook) {
		rc = PACT_ENOMEM;
		goto done;
	}
	sprintf(hook, "%s/pre-receive", dir);
	if (access(hook, X_OK) != 0)
		goto done;
	if (url && !(*url = pact_alloc__strdup(u))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	*skipped = 1;
done:
	if (rc == 0)
		pact_error_clear();
	git_repository_free(there.repo);
	git_remote_free(r);
	free(dir);
	free(hook);
	free(abs);
	return rc;
}

int pact_store_remote_add(pact_store *store, const char *name, const char *url)
{
	git_remote *r = NULL;
	int rc;

	/* names and addresses are shown to officers in every push and pull:
	 * no control, bidi or blank-drawing character may hide in them */
	if ((rc = pact_sanitize_require_visible(_("the remote's name"), name)) < 0 ||
	    (rc = pact_sanitize_require_visible(_("the remote's address"), url)) < 0)
		return rc;
	rc = git_remote_create(&r, store->repo, name, url);
	if (rc == GIT_EEXISTS)
		rc = pact_error_set(PACT_EEXISTS, "remote '%s' already exists", name);
	else if (rc == GIT_EINVALIDSPEC)
		rc = pact_error_set(PACT_EUSAGE, "'%s' is not a valid remote name", name);
	else if (rc < 0)
		rc = pact_error_from_git(rc, "cannot add remote");
	git_remote_free(r);
	return rc;
}

int pact_store_push(pact_store *store, const char *remote, pact_progress_cb cb, void *payload)
{
	git_push_options po;
	git_remote *r = NULL;
	const git_remote_head **heads = NULL;
	char *branch = NULL, *spec = NULL;
	git_strarray specs = {NULL, 1};
	xfer x = {cb, payload, 0, NULL, PACT_BUF_INIT};
	git_oid local;
	size_t nheads = 0;
	int rc;

	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	if (!remote)
		remote = "origin";
	rc = pact_store_head_branch(&branch, store);
	if (rc < 0)
		goto done;
	rc = git_reference_name_to_id(&local, store->repo, branch);
	if (rc < 0) {
		/* a branch that vanished, or a store with nothing yet */
		rc = pact_store_explain_missing(store, NULL);
		if (rc == 0)
			rc = pact_error_set(PACT_ENOTFOUND, "nothing to push: '%s' has no commits",
			                    branch);
		goto done;
	}
	rc = push_connect(&r, &heads, &nheads, store, remote, &po, &x);
	if (rc < 0)
		goto done;
	for (size_t i = 0; i < nheads; i++) {
		if (strcmp(heads[i]->name, branch) != 0)
			continue;
		if (git_oid_equal(&heads[i]->oid, &local)) {
			rc = PACT_EUNCHANGED;
			pact_error_set(rc, "everything up-to-date");
			goto done;
		}
		/* An unknown remote tip is a commit we never fetched, so it cannot
		 * be an ancestor of ours. */
		if (git_graph_descendant_of(store->repo, &local, &heads[i]->oid) != 1) {
			rc = pact_error_set(PACT_ECONFLICT,
			                    "'%s' on '%s' has commits this store does not have; "
			                    "run 'pact pull %s' first",
			                    /* the branch as officers name it: 'main' */
			                    strncmp(branch, "refs/heads/", 11) ? branch
			                                                       : branch + 11,
			                    remote, remote);
			goto done;
		}
	}
	pact_error_clear();
	spec = pact_alloc__malloc(2 * strlen(branch) + 2);
	if (!spec) {
		rc = PACT_ENOMEM;
		goto done;
	}
	sprintf(spec, "%s:%s", branch, branch);
	specs.strings = &spec;
	rc = push_send(r, remote, &specs, &po, &x);
done:
	git_remote_free(r);
	free(x.rejected);
	pact_buf__clear(&x.said);
	free(branch);
	free(spec);
	return rc;
}

/* The local and remote ref names of refspec "[+]SRC[:DST]" (DST defaults
 * to SRC); *src and *dst are the caller's to free(). */
static int split_refspec(char **src, char **dst, const char *spec)
{
	const char *s = spec + (*spec == '+'), *colon = strchr(s, ':');
	*src = colon ? pact_alloc__strndup(s, (size_t)(colon - s)) : pact_alloc__strdup(s);
	*dst = pact_alloc__strdup(colon && colon[1] ? colon + 1 : *src ? *src : "");
	if (!*src || !*dst) {
		free(*src);
		free(*dst);
		*src = *dst = NULL;
		return PACT_ENOMEM;
	}
	return 0;
}

int pact_store_push_refs(pact_store *store, const char *remote, const char *const *refspecs,
                         size_t n, pact_progress_cb cb, void *payload)
{
	return pact_store__push_refs_had(store, remote, refspecs, n, NULL, cb, payload);
}

int pact_store__push_refs_had(pact_store *store, const char *remote, const char *const *refspecs,
                              size_t n, git_oid *had, pact_progress_cb cb, void *payload)
{
	git_push_options po;
	git_remote *r = NULL;
	const git_remote_head **heads = NULL;
	git_strarray specs = {(char **)refspecs, n};
	xfer x = {cb, payload, 0, NULL, PACT_BUF_INIT};
	size_t nheads = 0, todo = 0;
	int rc;

	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	if (!remote)
		remote = "origin";
	rc = push_connect(&r, &heads, &nheads, store, remote, &po, &x);
	if (rc < 0)
		goto done;
	for (size_t k = 0; k < n && (!todo || had); k++) {
		char *src = NULL, *dst = NULL;
		git_oid local;
		int same = 0;
		rc = split_refspec(&src, &dst, refspecs[k]);
		if (rc < 0)
			goto done;
		if (had) /* zero: the remote has no such ref */
			memset(&had[k], 0, sizeof(had[k]));
		for (size_t i = 0; had && i < nheads; i++)
			if (!strcmp(heads[i]->name, dst))
				git_oid_cpy(&had[k], &heads[i]->oid);
		if (git_reference_name_to_id(&local, store->repo, src) == 0)
			for (size_t i = 0; i < nheads; i++)
				if (!strcmp(heads[i]->name, dst) &&
				    git_oid_equal(&heads[i]->oid, &local))
					same = 1;
		free(src);
		free(dst);
		todo += !same;
	}
	pact_error_clear();
	if (!todo) {
		rc = PACT_EUNCHANGED;
		pact_error_set(rc, "everything up-to-date");
		goto done;
	}
	rc = push_send(r, remote, &specs, &po, &x);
done:
	git_remote_free(r);
	free(x.rejected);
	pact_buf__clear(&x.said);
	return rc;
}

/* Fetch `refspecs` from remote `name` in one fetch; `tags` says which
 * other tags come along; `prune` (NULL: none) how it prunes. */
static int fetch(pact_store *store, const char *name, const char *const *refspecs, size_t n,
                 git_remote_autotag_option_t tags, const pact_store__prune *prune,
                 const char *reflog, pact_progress_cb cb, void *payload)
{
	git_fetch_options fo;
	git_remote *r = NULL;
	git_strarray specs = {(char **)refspecs, n};
	xfer x = {cb, payload, 0, NULL, PACT_BUF_INIT};
	int rc;

	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	rc = lookup_remote(&r, store, name);
	if (rc < 0)
		goto done;
	set_callbacks(&fo.callbacks, &x);
	fo.download_tags = tags;
	/* the objects only: the refs are moved by pact (store_fetch.c) */
	rc = git_remote_download(r, &specs, &fo);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "fetch failed");
		goto done;
	}
	git_remote_disconnect(r);
	rc = pact_store__fetch_update_tips(store, r, refspecs, n, tags, prune, reflog);
done:
	git_remote_free(r);
	free(x.rejected);
	pact_buf__clear(&x.said);
	return rc;
}

int pact_store_fetch_refs(pact_store *store, const char *remote, const char *const *refspecs,
                          size_t n, const char *reflog, pact_progress_cb cb, void *payload)
{
	return fetch(store, remote ? remote : "origin", refspecs, n, GIT_REMOTE_DOWNLOAD_TAGS_NONE,
	             NULL, reflog, cb, payload);
}

int pact_store__fetch_pruning(pact_store *store, const char *remote, const char *const *refspecs,
                              size_t n, const char *reflog, pact_store__prune_hook hook,
                              void *payload)
{
	pact_store__prune how = {refspecs, n, hook, payload};
	return fetch(store, remote ? remote : "origin", refspecs, n, GIT_REMOTE_DOWNLOAD_TAGS_NONE,
	             &how, reflog, NULL, NULL);
}

/* Move the checked-out `branch` from `local` (NULL: unborn) to `target`
 * (the remote's tip, or the merge of both), as a fast-forward moves it:
 * under the store lock, the work tree first (store_switch.c). */
static int pull_move(pact_store *store, const char *branch, const char *shortname,
                     const git_oid *target, const git_oid *local, int merge, const char *reflog)
{
	int rc = pact_store__update_branch(store, branch, target, local, reflog);
	if (rc == PACT_EREFUSED) {
		/* the store's message names the file and why (local changes
		 * on the way, or a file pact does not write) */
		char cause[512];
		snprintf(cause, sizeof(cause), "%s", pact_error_last()->message);
		if (!merge)
			return pact_error_set(PACT_ECONFLICT, "cannot fast-forward '%s': %s",
			                      shortname, cause);
		return pact_error_set(PACT_ECONFLICT, "cannot merge into '%s': %s", shortname,
		                      cause);
	}
	if (rc == PACT_ECONFLICT) {
		/* moved by a git since it was read: say by what, from where to
		 * where; else (another pact held the store lock, HEAD left the
		 * branch) the store's message says it */
		int why = pact_store__explain_moved(store, branch, shortname, local, "pull");
		return why < 0 ? why : rc;
	}
	return rc;
}

/* Both sides have commits: the merge (store_merge.c), then the move. */
static int pull_diverged(git_oid *tip, char **report, pact_store *store, const char *branch,
                         const char *shortname, const char *remote, const git_oid *local,
                         const git_oid *theirs, const pact_pull_opts *opts)
{
	char *theirs_name = pact_alloc__malloc(strlen(remote) + strlen(shortname) + 2);
	int rc;

	if (!theirs_name)
		return PACT_ENOMEM;
	sprintf(theirs_name, "%s/%s", remote, shortname);
	rc = pact_store__pull_merge(tip, report, store, shortname, theirs_name, remote, local,
	                            theirs, opts);
	if (rc == 0) {
		rc = pull_move(store, branch, shortname, tip, local, 1,
		               opts && (opts->nkeep_mine || opts->ntake_theirs)
		                       ? "pull: merge (settling named files)"
		                       : "pull: merge");
		if (rc < 0 && report) { /* not merged: its message is not news */
			free(*report);
			*report = NULL;
		}
	}
	free(theirs_name);
	return rc;
}

int pact_store_pull_merge(pact_pull_result *result, pact_oid *new_tip, char **report,
                          pact_store *store, const char *remote, const pact_pull_opts *opts,
                          pact_progress_cb cb, void *payload)
{
	char *branch = NULL, *spec = NULL, *tracking = NULL;
	const char *shortname;
	pact_store__prune as_configured = {NULL, 0, NULL, NULL};
	git_oid local, theirs, tip;
	int has_local, rc;

	if (report)
		*report = NULL;
	if (!remote)
		remote = "origin";
	/* bad names are a usage error before anything is fetched */
	rc = pact_store__pull_check(opts);
	if (rc < 0)
		goto done;
	rc = pact_store_head_branch(&branch, store);
	if (rc < 0)
		goto done;
	shortname = branch + (strncmp(branch, "refs/heads/", 11) == 0 ? 11 : 0);
	tracking =
	        pact_alloc__malloc(strlen(remote) + strlen(shortname) + sizeof("refs/remotes//"));
	spec = pact_alloc__malloc(strlen(branch) + strlen(remote) + strlen(shortname) +
	                          sizeof(":refs/remotes//") + 1);
	if (!tracking || !spec) {
		rc = PACT_ENOMEM;
		goto done;
	}
	sprintf(tracking, "refs/remotes/%s/%s", remote, shortname);
	sprintf(spec, "+%s:%s", branch, tracking);
	/* Tags as the remote's config says (by default those on the fetched
	 * history), as with git pull. */
	/* and prunes as the remote's prune setting says, as git pull does */
	rc = fetch(store, remote, (const char *const *)&spec, 1,
	           GIT_REMOTE_DOWNLOAD_TAGS_UNSPECIFIED, &as_configured, "pull", cb, payload);
	if (rc < 0)
		goto done;
	rc = git_reference_name_to_id(&theirs, store->repo, tracking);
	if (rc < 0) {
		/* a copy with no commits of its own on a branch the hub lacks
		 * (HEAD on 'master', the hub has 'main') is sent to the hub's */
		rc = pact_store_explain_missing(store, branch);
		if (rc == 0)
			rc = pact_error_set(PACT_ENOTFOUND, "remote '%s' has no branch '%s'",
			                    remote, shortname);
		goto done;
	}

	has_local = git_reference_name_to_id(&local, store->repo, branch) == 0;
	pact_error_clear();
	git_oid_cpy(&tip, &theirs);
	if (has_local && (git_oid_equal(&local, &theirs) ||
	                  git_graph_descendant_of(store->repo, &local, &theirs) == 1)) {
		if (result)
			*result = PACT_PULL_UP_TO_DATE;
		git_oid_cpy(&tip, &local);
	} else if (has_local && git_graph_descendant_of(store->repo, &theirs, &local) != 1) {
		rc = pull_diverged(&tip, report, store, branch, shortname, remote, &local, &theirs,
		                   opts);
		if (rc < 0)
			goto done;
		if (result)
			*result = PACT_PULL_MERGED;
	} else {
		/* The store moves the branch under its lock, only from the tip
		 * judged here, the work tree first. */
		rc = pull_move(store, branch, shortname, &theirs, has_local ? &local : NULL, 0,
		               "pull: fast-forward");
		if (rc < 0)
			goto done;
		if (result)
			*result = PACT_PULL_FAST_FORWARD;
	}
	if (new_tip)
		pact_store__oid_from_git(new_tip, &tip);
	rc = 0;
done:
	free(branch);
	free(spec);
	free(tracking);
	return rc;
}

int pact_store_pull(pact_pull_result *result, pact_oid *new_tip, pact_store *store,
                    const char *remote, pact_progress_cb cb, void *payload)
{
	return pact_store_pull_merge(result, new_tip, NULL, store, remote, NULL, cb, payload);
}
