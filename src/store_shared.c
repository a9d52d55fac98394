/*
 * store_shared.c - what pact says about pacts that travel between stores:
 * after a pull, the incoming pacts that do not validate and the adopted
 * years that were replaced without review; before a push, the pacts of
 * the commits about to leave that do not validate.
 *
 * libgit2 runs no hooks, and a hub may not run pact's pre-receive hook,
 * so a pact committed with `git commit --no-verify` can reach any clone.
 * A pull still takes it (the history is shared; refusing it would leave
 * the officer unable to receive the bloc's other work) but says so,
 * naming the commit that brought it and the validator's messages. A push
 * refuses to send a branch whose pacts do not validate, except a text the
 * hub already has (someone else's old mistake must not block the other
 * years). It judges the branch's tip, what the hub will hold: a mistake
 * fixed by a later commit does not block (an officer cannot be asked to
 * rewrite history; a hub's pre-receive hook judges every commit).
 *
 * Both judge texts by blob: only pacts whose blob changed are parsed
 * (pull); a push parses the tip's pacts and, only when one does not
 * validate, asks the hub it pushes to which texts it holds now (not the
 * refs/remotes/ of the last pull: stale, any remote's, or set by hand).
 * Finding the commit that brought a text walks only the commits that
 * moved, bounded by MAX_WALK.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "pact/doc.h"
#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "pact/sanitize.h"
#include "store_adopted.h"
#include "store_internal.h"

/* Commits walked at most to find who brought a text, or to judge a push:
 * far beyond a bloc's record (one or a few commits a year), a bound on a
 * hostile history. */
#define MAX_WALK 100000

/* Blob ids already judged. */
typedef struct blob_set {
	git_oid *ids;
	size_t n, cap;
} blob_set;

static int set_has(const blob_set *s, const git_oid *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (git_oid_equal(&s->ids[i], id))
			return 1;
	return 0;
}

static int set_add(blob_set *s, const git_oid *id)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		git_oid *p = realloc(s->ids, cap * sizeof(*p));
		if (!p)
			return PACT_ENOMEM;
		s->ids = p;
		s->cap = cap;
	}
	git_oid_cpy(&s->ids[s->n++], id);
	return 0;
}

/* Validate blob `blob` stored at `path` as `pact validate` and `pact diff`
 * read a stored pact (its name must agree with its year). 1 valid, 0 not
 * (its messages, "pacts/2024.yaml:LINE:COL: error: ...", appended to
 * `lines`), <0 failure. */
static int validate_blob(pact_buf *lines, git_repository *repo, const git_oid *blob,
                         const char *path)
{
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	rc = pact_store__blob_string(&buf, &len, repo, blob, pact_doc_max_bytes(),
	                             "cannot read blob");
	if (rc < 0)
		return rc;
	if (rc == 0) {
		pact_buf__printf(lines, _("%s: error: larger than %zu bytes\n"), path,
		                 pact_doc_max_bytes());
		return 0;
	}
	po.path = path;
	po.check_filename = 1;
	rc = pact_doc_parse(&doc, &diags, buf, len, &po);
	free(buf);
	pact_doc_free(doc);
	if (rc < 0 && rc != PACT_EINVALID) {
		pact_diags_clear(&diags);
		return rc;
	}
	if (rc == 0 && diags.nerrors == 0) {
		pact_diags_clear(&diags);
		return 1;
	}
	for (size_t i = 0; i < diags.count; i++) {
		char *line = pact_diag_format(&diags.items[i], path);
		pact_buf__printf(lines, "%s\n", line ? line : diags.items[i].message);
		free(line);
	}
	pact_diags_clear(&diags);
	pact_error_clear();
	return 0;
}

/* The blob at `path` in commit `c` into *id: 1, or 0 when absent. */
static int blob_at(git_oid *id, git_commit *c, const char *path)
{
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	int found = 0;

	if (git_commit_tree(&t, c) == 0 && git_tree_entry_bypath(&e, t, path) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
		git_oid_cpy(id, git_tree_entry_id(e));
		found = 1;
	}
	git_tree_entry_free(e);
	git_tree_free(t);
	pact_error_clear();
	return found;
}

/* Nonzero when commit `c` put `blob` at `path` (NULL: deleted it): it has
 * that state and none of its parents has. */
static int brought(git_commit *c, const char *path, const git_oid *blob)
{
	git_oid id;
	int has = blob_at(&id, c, path);

	if (blob ? !has || !git_oid_equal(&id, blob) : has)
		return 0;
	for (unsigned i = 0; i < git_commit_parentcount(c); i++) {
		git_commit *p = NULL;
		int same;
		if (git_commit_parent(&p, c, i) < 0) {
			pact_error_clear();
			continue;
		}
		has = blob_at(&id, p, path);
		same = blob ? has && git_oid_equal(&id, blob) : !has;
		git_commit_free(p);
		if (same)
			return 0;
	}
	return 1;
}

/* The newest commit of new_tip's history, not old_tip's (NULL: none),
 * that put `blob` at `path` (NULL: deleted it), into *out: 1, 0 none
 * found, <0 error. */
static int find_bringer(git_oid *out, git_repository *repo, const git_oid *new_tip,
                        const git_oid *old_tip, const char *path, const git_oid *blob)
{
	git_revwalk *w = NULL;
	git_oid id;
	size_t count = 0;
	int rc, found = 0;

	rc = git_revwalk_new(&w, repo);
	if (rc == 0)
		rc = git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (rc == 0)
		rc = git_revwalk_push(w, new_tip);
	if (rc == 0 && old_tip)
		rc = git_revwalk_hide(w, old_tip);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot walk the commits");
		goto done;
	}
	while (!found && count++ < MAX_WALK && git_revwalk_next(&id, w) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, repo, &id) < 0)
			continue;
		if (brought(c, path, blob)) {
			git_oid_cpy(out, &id);
			found = 1;
		}
		git_commit_free(c);
	}
	pact_error_clear();
	rc = found;
done:
	git_revwalk_free(w);
	return rc;
}

/* 'commit 1a2b3c4 "subject" (Name <email>, 2026-11-30 08:46 +0000)' */
static void put_commit(pact_buf *b, git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, 8, id);
	if (git_commit_lookup(&c, repo, id) < 0) {
		pact_error_clear();
		pact_buf__printf(b, _("commit %s"), hex);
		return;
	}
	{
		const git_signature *a = git_commit_author(c);
		const char *s = git_commit_summary(c);
		time_t at = (time_t)(a->when.time + (git_time_t)a->when.offset * 60);
		int off = a->when.offset < 0 ? -a->when.offset : a->when.offset;
		struct tm tm;
		char when[32] = "";

		if (gmtime_r(&at, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		pact_buf__printf(b, _("commit %s \""), hex);
		pact_buf__put_sanitized(b, s ? s : "", s ? strlen(s) : 0, PACT_SANITIZE_LINE);
		pact_buf__puts(b, "\" (");
		pact_buf__put_sanitized(b, a->name, strlen(a->name), PACT_SANITIZE_LINE);
		pact_buf__puts(b, " <");
		pact_buf__put_sanitized(b, a->email, strlen(a->email), PACT_SANITIZE_LINE);
		pact_buf__printf(b, ">, %s %c%02d%02d)", when, a->when.offset < 0 ? '-' : '+',
		                 off / 60, off % 60);
	}
	git_commit_free(c);
}

/* The Amend-reason: a commit made with --amend-adopted gives; NULL. */
static char *amend_reason(git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;
	const char *m, *at;
	char *out = NULL;

	if (git_commit_lookup(&c, repo, id) < 0) {
		pact_error_clear();
		return NULL;
	}
	m = git_commit_message(c);
	at = m ? strstr(m, "\nAmend-reason: ") : NULL;
	if (at) {
		at += strlen("\nAmend-reason: ");
		out = pact_alloc__malloc(strcspn(at, "\n") + 1);
		if (out) {
			memcpy(out, at, strcspn(at, "\n"));
			out[strcspn(at, "\n")] = '\0';
		}
	}
	git_commit_free(c);
	return out;
}

static const pact_store__year_blob *find_year(const pact_store__year_blob *v, size_t n, int year)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].year == year)
			return &v[i];
	return NULL;
}

/* An incoming pact `nb` (NULL: year `year` deleted) that does not
 * validate or replaces an adopted text: its warning into `rep`. 1 when
 * there was one, 0 none, <0 error. */
static int judge_incoming(pact_buf *rep, git_repository *repo, const git_oid *new_tip,
                          const git_oid *old_tip, int year, const git_oid *nb)
{
	pact_buf lines = {0};
	pact_adopted ad;
	git_oid abl, who;
	char path[32], *reason = NULL;
	int rc, valid = 1, replaced = 0, found;

	pact_store_year_path(path, year);
	if (nb && (valid = validate_blob(&lines, repo, nb, path)) < 0) {
		rc = valid;
		goto done;
	}
	rc = pact_store__adopted_read(&ad, NULL, &abl, repo, year);
	if (rc < 0)
		goto done;
	replaced = rc == 1 && (!nb || !git_oid_equal(nb, &abl));
	rc = 0;
	if (valid && !replaced)
		goto done;
	if ((found = find_bringer(&who, repo, new_tip, old_tip, path, nb)) < 0) {
		rc = found;
		goto done;
	}
	if (!found)
		git_oid_cpy(&who, new_tip);
	if (!valid) {
		pact_buf__printf(rep, "%s", _("pact: warning: "));
		pact_buf__printf(rep, _("the %04d pact that came in is not valid: "), year);
		put_commit(rep, repo, &who);
		pact_buf__printf(
		        rep, _(" put it there without pact's checks (git commit --no-verify?); "
		               "'pact validate' and 'pact diff' refuse it until it is fixed and "
		               "committed again:\n"));
		pact_buf__puts(rep, lines.ptr ? lines.ptr : "");
	}
	if (replaced) {
		char hb[GIT_OID_HEXSZ + 1] = "";
		if (nb)
			git_oid_tostr(hb, sizeof(hb), nb);
		reason = amend_reason(repo, &who);
		pact_buf__printf(rep, "%s", _("pact: warning: "));
		pact_buf__printf(rep,
		                 nb ? _("the %04d pact adopted through review on %s (tag %s) was "
		                        "replaced without a new review by ")
		                    : _("the %04d pact adopted through review on %s (tag %s) was "
		                        "deleted without a new review by "),
		                 year, ad.date, ad.tag);
		put_commit(rep, repo, &who);
		if (nb)
			pact_buf__printf(
			        rep,
			        _(": the members approved blob %.12s, the branch now holds "
			          "blob %.12s (pact diff %04d@%s %04d)"),
			        ad.blob, hb, year, ad.tag, year);
		if (reason) {
			pact_buf__puts(rep, _("; the reason it gives: \""));
			pact_buf__put_sanitized(rep, reason, strlen(reason), PACT_SANITIZE_LINE);
			pact_buf__puts(rep, "\"");
		}
		pact_buf__puts(rep, "\n");
	}
	rc = 1;
done:
	free(reason);
	pact_buf__clear(&lines);
	return rc;
}

int pact_store_pulled_report(char **report, pact_store *store, const pact_oid *old_tip,
                             const pact_oid *new_tip)
{
	git_repository *repo = pact_store__repo(store);
	pact_store__year_blob *ov = NULL, *nv = NULL;
	size_t on = 0, nn = 0;
	pact_buf rep = {0};
	git_oid o, n;
	int rc, count = 0;

	*report = NULL;
	if ((rc = pact_store__oid_to_git(&n, new_tip)) < 0 ||
	    (old_tip && (rc = pact_store__oid_to_git(&o, old_tip)) < 0))
		goto done;
	if (old_tip && git_oid_equal(&o, &n))
		goto done;
	if ((old_tip && (rc = pact_store__year_blobs(&ov, &on, repo, &o, "cannot read commit",
	                                             "cannot read tree")) < 0) ||
	    (rc = pact_store__year_blobs(&nv, &nn, repo, &n, "cannot read commit",
	                                 "cannot read tree")) < 0)
		goto done;
	for (size_t i = 0; i < nn; i++) {
		const pact_store__year_blob *was = find_year(ov, on, nv[i].year);
		if (was && git_oid_equal(&was->blob, &nv[i].blob))
			continue;
		if ((rc = judge_incoming(&rep, repo, &n, old_tip ? &o : NULL, nv[i].year,
		                         &nv[i].blob)) < 0)
			goto done;
		count += rc;
	}
	/* a year the pull deleted: only an adopted one is worth a word */
	for (size_t i = 0; i < on; i++) {
		if (find_year(nv, nn, ov[i].year))
			continue;
		if ((rc = judge_incoming(&rep, repo, &n, &o, ov[i].year, NULL)) < 0)
			goto done;
		count += rc;
	}
	if (count && !(*report = pact_buf__detach(&rep, NULL))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = count;
done:
	pact_buf__clear(&rep);
	free(ov);
	free(nv);
	return rc;
}

/* ---- before a push ------------------------------------------------------ */

/* The blobs of the pacts at every ref remote `name` holds now, asked of
 * it (ls-remote through libgit2), into `hub`: what that hub has, not what
 * the last pull saw in refs/remotes/ (stale: the hub may have lost a
 * text since, and those refs are any remote's, or set by hand). A ref
 * whose commit this store does not have adds nothing: the push that
 * follows is refused for it anyway (the hub has commits this store lacks). */
static int hub_blobs(blob_set *hub, pact_store *store, const char *name)
{
	git_repository *repo = pact_store__repo(store);
	git_oid *ids = NULL;
	size_t nids = 0;
	int rc = pact_store__remote_heads(&ids, &nids, store, name);

	for (size_t k = 0; rc == 0 && k < nids; k++) {
		git_object *o = NULL, *c = NULL;
		pact_store__year_blob *v = NULL;
		size_t n = 0;
		if (git_object_lookup(&o, repo, &ids[k], GIT_OBJECT_ANY) == 0 &&
		    git_object_peel(&c, o, GIT_OBJECT_COMMIT) == 0 &&
		    pact_store__year_blobs(&v, &n, repo, git_object_id(c), "x", "x") == 0)
			for (size_t i = 0; i < n && rc == 0; i++)
				rc = set_add(hub, &v[i].blob);
		free(v);
		git_object_free(c);
		git_object_free(o);
		pact_error_clear();
	}
	free(ids);
	return rc;
}

/* Validate the pacts of the tip `tip`; the invalid ones hub `remote`
 * does not have into `rep`, each named by the commit that brought it
 * (the hub is asked only when one does not validate). Returns how many,
 * or <0. */
static int judge_tip(pact_buf *rep, pact_store *store, const git_oid *tip, const char *remote)
{
	git_repository *repo = pact_store__repo(store);
	pact_store__year_blob *v = NULL;
	blob_set hub = {0};
	size_t n = 0;
	int rc, bad = 0, asked = 0;

	rc = pact_store__year_blobs(&v, &n, repo, tip, "cannot read commit", "cannot read tree");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		pact_buf lines = {0};
		char path[32];
		git_oid who;
		pact_store_year_path(path, v[i].year);
		rc = validate_blob(&lines, repo, &v[i].blob, path);
		if (rc == 0 && !asked) {
			asked = 1;
			rc = hub_blobs(&hub, store, remote);
		}
		if (rc == 0 && set_has(&hub, &v[i].blob))
			rc = 1; /* the hub has this very text already */
		else if (rc == 0) {
			rc = find_bringer(&who, repo, tip, NULL, path, &v[i].blob);
			if (rc >= 0) {
				pact_buf__printf(rep, _("%s, as committed in "), path);
				put_commit(rep, repo, rc == 1 ? &who : tip);
				pact_buf__puts(rep, ":\n");
				pact_buf__puts(rep, lines.ptr ? lines.ptr : "");
				bad++;
			}
		}
		rc = rc < 0 ? rc : 0;
		pact_buf__clear(&lines);
	}
	free(v);
	free(hub.ids);
	return rc < 0 ? rc : bad;
}

int pact_store_push_check(char **report, pact_store *store, const char *remote)
{
	git_repository *repo = pact_store__repo(store);
	pact_buf rep = {0};
	char *branch = NULL;
	git_oid tip;
	int rc, bad;

	*report = NULL;
	if ((rc = pact_store_head_branch(&branch, store)) < 0)
		goto done;
	rc = git_reference_name_to_id(&tip, repo, branch);
	if (rc == GIT_ENOTFOUND) {
		rc = 0; /* nothing to push: pact_store_push says so */
		pact_error_clear();
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read branch");
		goto done;
	}
	if ((rc = bad = judge_tip(&rep, store, &tip, remote)) <= 0)
		goto done;
	if (!(*report = pact_buf__detach(&rep, NULL))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = pact_error_set(
	        PACT_EREFUSED,
	        pact_n__(pact_i18n_lang(),
	                 "not pushing '%s': %d pact above does not validate, and the "
	                 "hub does not have that text yet. Fix it, commit it with 'pact "
	                 "commit' and push again. Nothing was sent",
	                 "not pushing '%s': %d pacts above do not validate, and the hub "
	                 "does not have those texts yet. Fix them, commit them with "
	                 "'pact commit' and push again. Nothing was sent",
	                 (unsigned long)bad),
	        branch + (strncmp(branch, "refs/heads/", 11) ? 0 : 11), bad);
done:
	pact_buf__clear(&rep);
	free(branch);
	return rc;
}
