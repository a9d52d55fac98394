/*
 * review_check.c - what the git hooks ask: are the staged pacts valid, are
 * the pacts of a revision valid, and may this push be accepted.
 *
 * The hooks themselves are one line of shell each (hooks/); the judgement
 * is here, in-process, on libgit2, so file names never pass through a
 * shell and a push of many commits costs one process. Validation is by
 * blob: a pact is checked once per distinct content, whatever the number
 * of commits that carry it, so a push costs O(distinct pact versions).
 *
 * A push is judged against the refs as they are before it (git updates
 * none until pre-receive accepts), and against the review refs it brings
 * itself: `pact review push` sends the review ref and main in one push, so
 * the approvals that justify a new main arrive with it. The pushed objects
 * sit in git's quarantine directory until then; pact_store_open makes
 * them visible (GIT_QUARANTINE_PATH).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "pact/review.h"
#include "review.h"
#include "review_sign.h"

/* A push may bring a long history (an import of decades of pacts); the
 * walk is linear, but a bound keeps a hostile push from pinning the
 * server. 100 000 commits is far beyond any bloc's record. */
#define MAX_PUSH_COMMITS 100000

/* "pacts/<something>.yaml" directly under pacts/. */
static int is_pact_path(const char *p)
{
	size_t n = strlen(p);
	return n > 11 && !strncmp(p, "pacts/", 6) && !strchr(p + 6, '/') &&
	       !strcmp(p + n - 5, ".yaml");
}

/* Validate one blob; append its diagnostics to rep with `label` (the path,
 * or "REV:path"). Returns 1 when valid, 0 when not, <0 on failure. */
static int check_blob(pact_buf *rep, git_repository *repo, const git_oid *blob, const char *path,
                      const char *label, int strict)
{
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc, ok;

	rc = pact_store__blob_string(&buf, &len, repo, blob, pact_doc_max_bytes(),
	                             "cannot read blob");
	if (rc < 0)
		return rc;
	if (rc == 0) {
		pact_buf__printf(rep, _("%s: error: larger than %zu bytes\n"), label,
		                 pact_doc_max_bytes());
		return 0;
	}
	po.path = path;
	rc = pact_doc_parse(&doc, &diags, buf, len, &po);
	free(buf);
	if (rc < 0 && rc != PACT_EINVALID) {
		pact_diags_clear(&diags);
		return rc;
	}
	if (strict)
		pact_diags_make_strict(&diags);
	ok = rc == 0 && diags.nerrors == 0;
	for (size_t i = 0; i < diags.count; i++) {
		char *line = pact_diag_format(&diags.items[i], label);
		pact_buf__printf(rep, "%s\n", line ? line : diags.items[i].message);
		free(line);
	}
	if (!ok) {
		/* the verdict as pact validate says it, counts in plural forms */
		char e[64], w[64];
		snprintf(e, sizeof(e), Q_("%zu error", "%zu errors", diags.nerrors), diags.nerrors);
		snprintf(w, sizeof(w), Q_("%zu warning", "%zu warnings", diags.nwarnings),
		         diags.nwarnings);
		pact_buf__printf(rep, _("%s: invalid (%s, %s)\n"), label, e, w);
	}
	pact_doc_free(doc);
	pact_diags_clear(&diags);
	pact_error_clear();
	return ok;
}

int pact_validate_index(char **report, size_t *nfiles, pact_store *store, int strict)
{
	git_repository *repo = pact_store__repo(store);
	const char *ifile = getenv("GIT_INDEX_FILE");
	git_index *idx = NULL;
	git_tree *head = NULL;
	git_object *ho = NULL;
	pact_buf rep = {0};
	int rc, bad = 0;

	*report = NULL;
	*nfiles = 0;
	rc = ifile && *ifile ? git_index_open(&idx, ifile) : git_repository_index(&idx, repo);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read the index");
		goto done;
	}
	/* An unborn HEAD has no tree: every staged pact is new. */
	if (git_revparse_single(&ho, repo, "HEAD^{tree}") == 0)
		head = (git_tree *)ho, ho = NULL;
	pact_error_clear();
	for (size_t i = 0; i < git_index_entrycount(idx); i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		git_tree_entry *te = NULL;
		int same;

		if (!is_pact_path(e->path))
			continue;
		if (git_index_entry_stage(e) != 0) {
			pact_buf__printf(&rep,
			                 _("%s: error: unmerged; resolve the conflict first\n"),
			                 e->path);
			bad = 1;
			continue;
		}
		same = head && git_tree_entry_bypath(&te, head, e->path) == 0 &&
		       git_oid_equal(git_tree_entry_id(te), &e->id);
		git_tree_entry_free(te);
		pact_error_clear();
		if (same)
			continue;
		rc = check_blob(&rep, repo, &e->id, e->path, e->path, strict);
		if (rc < 0)
			goto done;
		(*nfiles)++;
		if (!rc)
			bad = 1;
	}
	*report = pact_buf__detach(&rep, NULL);
	if (!*report) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = bad ? pact_error_set(PACT_EINVALID, "staged pacts are not valid") : 0;
done:
	free(rep.ptr);
	git_tree_free(head);
	git_object_free(ho);
	git_index_free(idx);
	return rc;
}

/* Validate the pacts of `tree`; only those whose blob differs from the
 * same path in `parent` (may be NULL) and was not seen before. */
typedef struct seen {
	git_oid *ids;
	size_t n, cap;
} seen;

static int seen_add(seen *s, const git_oid *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (git_oid_equal(&s->ids[i], id))
			return 0;
	git_oid *p = pact_alloc__grow(s->ids, &s->cap, s->n, sizeof(*p), 32);
	PACT_CHECK_ALLOC(p);
	s->ids = p;
	git_oid_cpy(&s->ids[s->n++], id);
	return 1;
}

static int check_tree(pact_buf *rep, size_t *nfiles, int *bad, seen *sn, git_repository *repo,
                      git_tree *tree, git_tree *parent, const char *prefix, int strict)
{
	git_tree_entry *pe = NULL;
	git_tree *pacts = NULL;
	int rc;

	rc = git_tree_entry_bypath(&pe, tree, "pacts");
	if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(pe) != GIT_OBJECT_TREE)) {
		git_tree_entry_free(pe);
		pact_error_clear();
		return 0;
	}
	if (rc == 0)
		rc = git_tree_lookup(&pacts, repo, git_tree_entry_id(pe));
	git_tree_entry_free(pe);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot read tree");
	for (size_t i = 0; i < git_tree_entrycount(pacts); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(pacts, i);
		git_tree_entry *old = NULL;
		char path[300], label[400];
		int same;

		snprintf(path, sizeof(path), "pacts/%s", git_tree_entry_name(e));
		if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || !is_pact_path(path))
			continue;
		same = parent && git_tree_entry_bypath(&old, parent, path) == 0 &&
		       git_oid_equal(git_tree_entry_id(old), git_tree_entry_id(e));
		git_tree_entry_free(old);
		pact_error_clear();
		if (same)
			continue;
		rc = seen_add(sn, git_tree_entry_id(e));
		if (rc <= 0) {
			if (rc < 0)
				goto done;
			continue;
		}
		snprintf(label, sizeof(label), "%s%s", prefix, path);
		rc = check_blob(rep, repo, git_tree_entry_id(e), path, label, strict);
		if (rc < 0)
			goto done;
		(*nfiles)++;
		if (!rc)
			*bad = 1;
	}
	rc = 0;
done:
	git_tree_free(pacts);
	return rc;
}

int pact_validate_rev(char **report, size_t *nfiles, pact_store *store, const char *rev, int strict)
{
	git_repository *repo = pact_store__repo(store);
	git_commit *c = NULL;
	git_tree *tree = NULL;
	pact_buf rep = {0};
	seen sn = {0};
	git_oid id;
	int rc, bad = 0;

	*report = NULL;
	*nfiles = 0;
	rc = pact_store__resolve(&id, store, rev);
	if (rc < 0)
		goto done;
	rc = git_commit_lookup(&c, repo, &id);
	if (rc == 0)
		rc = git_commit_tree(&tree, c);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read commit");
		goto done;
	}
	{
		char prefix[128];
		snprintf(prefix, sizeof(prefix), "%s:", rev ? rev : "HEAD");
		rc = check_tree(&rep, nfiles, &bad, &sn, repo, tree, NULL, prefix, strict);
		if (rc < 0)
			goto done;
	}
	*report = pact_buf__detach(&rep, NULL);
	if (!*report) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = bad ? pact_error_set(PACT_EINVALID, "pacts at '%s' are not valid", rev ? rev : "HEAD")
	         : 0;
done:
	free(rep.ptr);
	free(sn.ids);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

/* ---- judging a push ---------------------------------------------------- */

static int is_zero(const git_oid *id)
{
	return git_oid_is_zero(id);
}

/* Validate the pacts of every commit `u` brings that no ref has yet. */
static int check_new_commits(pact_buf *rep, int *bad, seen *sn, git_repository *repo,
                             const pact_review__ref_update *u)
{
	git_revwalk *walk = NULL;
	git_reference_iterator *it = NULL;
	git_reference *r = NULL;
	git_object *peeled = NULL;
	size_t count = 0, nfiles = 0;
	git_oid id;
	int rc;

	rc = git_object_lookup(&peeled, repo, &u->new_id, GIT_OBJECT_ANY);
	if (rc == 0 && git_object_type(peeled) == GIT_OBJECT_TAG) {
		git_object *t = NULL;
		rc = git_object_peel(&t, peeled, GIT_OBJECT_ANY);
		git_object_free(peeled);
		peeled = t;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read pushed object");
		goto done;
	}
	if (git_object_type(peeled) != GIT_OBJECT_COMMIT) {
		rc = 0; /* a tag of a blob or tree: nothing of ours */
		goto done;
	}
	rc = git_revwalk_new(&walk, repo);
	if (rc == 0)
		rc = git_revwalk_push(walk, git_object_id(peeled));
	if (rc == 0)
		rc = git_reference_iterator_new(&it, repo);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot walk the pushed commits");
		goto done;
	}
	/* What any ref already reaches was judged when it came in. */
	while (git_reference_next(&r, it) == 0) {
		git_object *o = NULL;
		if (git_reference_peel(&o, r, GIT_OBJECT_COMMIT) == 0)
			git_revwalk_hide(walk, git_object_id(o));
		git_object_free(o);
		git_reference_free(r);
		r = NULL;
	}
	pact_error_clear();
	while ((rc = git_revwalk_next(&id, walk)) == 0) {
		git_commit *c = NULL, *p = NULL;
		git_tree *t = NULL, *pt = NULL;
		char prefix[64], hex[GIT_OID_HEXSZ + 1];

		if (++count > MAX_PUSH_COMMITS) {
			pact_buf__printf(rep,
			                 _("%s: error: more than %d new commits in one push\n"),
			                 u->refname, MAX_PUSH_COMMITS);
			*bad = 1;
			break;
		}
		rc = git_commit_lookup(&c, repo, &id);
		if (rc == 0)
			rc = git_commit_tree(&t, c);
		if (rc == 0 && git_commit_parentcount(c) > 0 && git_commit_parent(&p, c, 0) == 0)
			git_commit_tree(&pt, p);
		if (rc < 0) {
			git_commit_free(c);
			rc = pact_error_from_git(rc, "cannot read pushed commit");
			goto done;
		}
		git_oid_tostr(hex, 8, &id);
		snprintf(prefix, sizeof(prefix), "%s:", hex);
		rc = check_tree(rep, &nfiles, bad, sn, repo, t, pt, prefix, 0);
		git_tree_free(t);
		git_tree_free(pt);
		git_commit_free(p);
		git_commit_free(c);
		if (rc < 0)
			goto done;
	}
	rc = rc == GIT_ITEROVER || rc == 0 ? 0 : pact_error_from_git(rc, "cannot walk commits");
done:
	git_reference_iterator_free(it);
	git_revwalk_free(walk);
	git_object_free(peeled);
	return rc;
}

static const pact_store__year_blob *find_year(const pact_store__year_blob *v, size_t n, int year)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].year == year)
			return &v[i];
	return NULL;
}

/* Is commit `id` signed (git's SSH commit signature, namespace "git") by
 * a key of `allowed`? 1 yes; 0 no, *why says why; <0 failure. */
static int commit_signed_by(char **why, git_repository *repo, const git_oid *id,
                            const char *allowed)
{
	git_buf sig = {0}, data = {0};
	char *principal = NULL;
	int rc;

	*why = NULL;
	rc = git_commit_extract_signature(&sig, &data, repo, (git_oid *)id, NULL);
	if (rc == GIT_ENOTFOUND) {
		pact_error_clear();
		*why = pact_alloc__strdup("the commit is not signed");
		rc = *why ? 0 : PACT_ENOMEM;
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read the commit's signature");
		goto done;
	}
	rc = pact_review__ssh_find_principal(&principal, allowed, strlen(allowed), sig.ptr,
	                                     sig.size);
	if (rc == 0) {
		*why = pact_alloc__strdup(
		        "no key in the current .pact/allowed_signers made its signature");
		rc = *why ? 0 : PACT_ENOMEM;
	}
	if (rc <= 0)
		goto done;
	rc = pact_review__ssh_verify(why, allowed, strlen(allowed), principal, "git", data.ptr,
	                             data.size, sig.ptr, sig.size);
done:
	free(principal);
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	return rc;
}

/* Main's trust anchors (.pact/allowed_signers, .pact/board) change only
 * by a commit signed with a key the current allowed signers name: who may
 * sign is decided by the file as it stands before the push. A store
 * without the file yet may add it (that is how signing starts). */
static int check_anchors(pact_buf *rep, int *bad, git_repository *repo,
                         const pact_review__ref_update *u)
{
	static const char *paths[] = {PACT_ALLOWED_SIGNERS_PATH, PACT_BOARD_PATH};
	char *allowed = NULL, *why = NULL, hex[GIT_OID_HEXSZ + 1];
	int rc = 0, changed = 0;

	for (size_t i = 0; i < 2; i++) {
		git_oid a, b;
		int ha = pact_store__path_id(&a, repo, &u->old_id, paths[i], 0,
		                             "cannot read commit");
		int hb = ha < 0 ? ha
		                : pact_store__path_id(&b, repo, &u->new_id, paths[i], 0,
		                                      "cannot read commit");
		if ((rc = hb) < 0 || (rc = ha) < 0)
			goto done;
		if (ha != hb || (ha && !git_oid_equal(&a, &b)))
			changed |= 1 << i;
	}
	if (!changed)
		goto done;
	rc = pact_review__read_anchor(&allowed, repo, &u->old_id, PACT_ALLOWED_SIGNERS_PATH);
	if (rc < 0)
		goto done;
	if (rc == 0)
		goto out_ok; /* no signers yet: nothing to check against */
	rc = commit_signed_by(&why, repo, &u->new_id, allowed);
	if (rc < 0)
		goto done;
	if (rc == 0) {
		git_oid_tostr(hex, 8, &u->new_id);
		pact_buf__printf(
		        rep,
		        _("%s: error: %s changes only by a commit signed with a key in the "
		          "current %s (git commit -S with gpg.format=ssh); commit %s: %s\n"),
		        u->refname, changed & 1 ? PACT_ALLOWED_SIGNERS_PATH : PACT_BOARD_PATH,
		        PACT_ALLOWED_SIGNERS_PATH, hex, why ? why : _("not signed"));
		*bad = 1;
	}
out_ok:
	rc = 0;
done:
	free(allowed);
	free(why);
	return rc;
}

/* An update of main: every year whose text changes needs all approvals. */
static int check_main(pact_buf *rep, int *bad, pact_store *store, const pact_review__ref_update *u,
                      const pact_review__ref_update *all, size_t n)
{
	git_repository *repo = pact_store__repo(store);
	pact_store__year_blob *ov = NULL, *nv = NULL;
	size_t on = 0, nn = 0;
	git_object *nc = NULL;
	int rc;

	rc = pact_store__year_blobs(&ov, &on, repo, &u->old_id, "cannot read commit",
	                            "cannot read tree");
	if (rc == 0)
		rc = pact_store__year_blobs(&nv, &nn, repo, &u->new_id, "cannot read commit",
		                            "cannot read tree");
	if (rc < 0)
		goto done;
	for (size_t i = 0; i < on; i++)
		if (!find_year(nv, nn, ov[i].year)) {
			pact_buf__printf(rep,
			                 _("%s: error: the adopted %04d pact would be deleted\n"),
			                 u->refname, ov[i].year);
			*bad = 1;
		}
	for (size_t i = 0; i < nn; i++) {
		const pact_store__year_blob *o = find_year(ov, on, nv[i].year);
		pact_review_status *st = NULL;
		const git_oid *reviews = NULL;
		char rref[48];
		char *missing = NULL;

		if (o && git_oid_equal(&o->blob, &nv[i].blob))
			continue;
		pact_review_ref(rref, nv[i].year);
		for (size_t k = 0; k < n; k++)
			if (!strcmp(all[k].refname, rref) && !is_zero(&all[k].new_id))
				reviews = &all[k].new_id;
		rc = pact_review__evaluate(&st, store, nv[i].year, &u->new_id, reviews);
		if (rc < 0)
			goto done;
		if (!pact_review_complete(st)) {
			missing = pact_review_missing_list(st);
			if (!st->valid)
				pact_buf__printf(
				        rep,
				        _(o ? N_("%s: error: pacts/%04d.yaml changes without every "
				                 "member's approval of the new text (text %.12s): "
				                 "not a "
				                 "valid pact\n")
				            : N_("%s: error: pacts/%04d.yaml is added without "
				                 "every "
				                 "member's approval of the new text (text %.12s): "
				                 "not a "
				                 "valid pact\n")),
				        u->refname, nv[i].year, st->blob);
			else
				pact_buf__printf(
				        rep,
				        _(o ? N_("%s: error: pacts/%04d.yaml changes without every "
				                 "member's approval of the new text (text %.12s); "
				                 "missing: %s\n")
				            : N_("%s: error: pacts/%04d.yaml is added without "
				                 "every "
				                 "member's approval of the new text (text %.12s); "
				                 "missing: %s\n")),
				        u->refname, nv[i].year, st->blob, missing ? missing : "?");
			*bad = 1;
		}
		free(missing);
		pact_review_status_free(st);
	}
	rc = 0;
done:
	git_object_free(nc);
	free(ov);
	free(nv);
	return rc;
}

/* Nonzero when `id` is a commit (with `peel`, also a tag of one). An
 * object the push does not bring and the server lacks is no commit. */
static int names_commit(git_repository *repo, const git_oid *id, int peel)
{
	git_object *o = NULL, *c = NULL;
	int ok = 0;

	if (git_object_lookup(&o, repo, id, GIT_OBJECT_ANY) == 0)
		ok = git_object_type(o) == GIT_OBJECT_COMMIT ||
		     (peel && git_object_type(o) == GIT_OBJECT_TAG &&
		      git_object_peel(&c, o, GIT_OBJECT_COMMIT) == 0);
	git_object_free(c);
	git_object_free(o);
	pact_error_clear();
	return ok;
}

/* A new adoption tag pact/YEAR names a commit of main, as this push
 * leaves it, holding main's text of YEAR: the adoption. A tag made
 * before the adoption reached the hub (on the draft's tip, say) would
 * squat the name, and the real adoption could never be pushed with its
 * tag (tags never move). 1 good (or not an adoption tag), 0 not. */
static int tag_is_adoption(git_repository *repo, const pact_review__ref_update *u,
                           const pact_review__ref_update *all, size_t n)
{
	const char *rest = u->refname + 15;
	git_object *o = NULL, *c = NULL;
	git_oid tip, tb, mb;
	char path[32];
	int has_main = 0, ok = 0;

	if (strlen(rest) != 4 || strspn(rest, "0123456789") != 4)
		return 1;
	pact_store_year_path(path, atoi(rest));
	for (size_t k = 0; k < n; k++)
		if (!strcmp(all[k].refname, PACT_REVIEW_MAIN) && !is_zero(&all[k].new_id)) {
			git_oid_cpy(&tip, &all[k].new_id);
			has_main = 1;
		}
	if (!has_main)
		has_main = pact_store__ref_tip(&tip, repo, PACT_REVIEW_MAIN) > 0;
	if (has_main && git_object_lookup(&o, repo, &u->new_id, GIT_OBJECT_ANY) == 0 &&
	    git_object_peel(&c, o, GIT_OBJECT_COMMIT) == 0 &&
	    (git_oid_equal(git_object_id(c), &tip) ||
	     git_graph_descendant_of(repo, &tip, git_object_id(c)) == 1) &&
	    pact_store__path_id(&tb, repo, git_object_id(c), path, 1, "cannot read commit") == 1 &&
	    pact_store__path_id(&mb, repo, &tip, path, 1, "cannot read commit") == 1)
		ok = git_oid_equal(&tb, &mb);
	git_object_free(c);
	git_object_free(o);
	pact_error_clear();
	return ok;
}

int pact_review__check_push(char **report, pact_store *store,
                            const pact_review__ref_update *updates, size_t n)
{
	git_repository *repo = pact_store__repo(store);
	pact_buf rep = {0};
	seen sn = {0};
	int rc, bad = 0;

	*report = NULL;
	for (size_t i = 0; i < n; i++) {
		const pact_review__ref_update *u = &updates[i];
		int is_main = !strcmp(u->refname, PACT_REVIEW_MAIN);
		int is_review = !strncmp(u->refname, "refs/pact/reviews/", 18);
		int is_tag = !strncmp(u->refname, "refs/tags/pact/", 15);

		if (is_zero(&u->new_id)) {
			if (is_main || is_review || is_tag) {
				pact_buf__printf(
				        &rep,
				        _("%s: error: refusing to delete a record of the bloc\n"),
				        u->refname);
				bad = 1;
			}
			continue;
		}
		if ((is_main || is_review) && !is_zero(&u->old_id) &&
		    !git_oid_equal(&u->old_id, &u->new_id) &&
		    git_graph_descendant_of(repo, &u->new_id, &u->old_id) != 1) {
			pact_buf__printf(
			        &rep,
			        _(is_main ? N_("%s: error: refusing an update that would drop what "
			                       "it holds: the adopted pacts' history is a record "
			                       "and "
			                       "is never rewritten\n")
			                  : N_("%s: error: refusing an update that would drop what "
			                       "it holds: a review's history is a record and is "
			                       "never "
			                       "rewritten\n")),
			        u->refname);
			bad = 1;
			pact_error_clear();
			continue;
		}
		if ((is_review || is_tag) &&
		    (!names_commit(repo, &u->new_id, is_tag) ||
		     (is_tag && is_zero(&u->old_id) && !tag_is_adoption(repo, u, updates, n)))) {
			/* a review ref or an adoption tag naming a blob (or a
			 * tree), or a tag made before the adoption, could never be
			 * moved or deleted again: that year could never be
			 * reviewed, or its adoption pushed, on the hub */
			pact_buf__printf(
			        &rep,
			        _(is_review ? N_("%s: error: a review ref must name a commit of "
			                         "review records\n")
			                    : N_("%s: error: an adoption tag must name the "
			                         "adoption's commit\n")),
			        u->refname);
			bad = 1;
			continue;
		}
		if (is_tag && !is_zero(&u->old_id)) {
			pact_buf__printf(&rep, _("%s: error: refusing to move an adoption tag\n"),
			                 u->refname);
			bad = 1;
			continue;
		}
		rc = check_new_commits(&rep, &bad, &sn, repo, u);
		if (rc < 0)
			goto done;
		/* Creating main is how a store starts (its history imported);
		 * from then on, changes to main's pacts need approvals. */
		if (is_main && !is_zero(&u->old_id)) {
			rc = check_main(&rep, &bad, store, u, updates, n);
			if (rc == 0)
				rc = check_anchors(&rep, &bad, repo, u);
			if (rc < 0)
				goto done;
		}
	}
	*report = pact_buf__detach(&rep, NULL);
	if (!*report) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = bad ? pact_error_set(PACT_EREFUSED, "push refused") : 0;
done:
	free(rep.ptr);
	free(sn.ids);
	return rc;
}
