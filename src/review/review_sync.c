/*
 * review_sync.c - moving reviews between stores: push and pull of the
 * review refs, the draft branches, main and the pact/ tags.
 *
 * The store's own push and pull move one branch; a review needs several
 * refs to travel together. Push sends them in one git push, review refs
 * first, so a server's pre-receive hook sees the approvals in the same
 * batch as the main they justify (git updates no ref until the hook
 * accepts all of them).
 *
 * Pull fetches into refs/pact/remotes/REMOTE/... and then integrates each
 * review by hand: fast-forward when one side contains the other, else a
 * merge commit of the two trees. Reviews merge without conflicts by
 * construction: every comment is its own file, and for a member whose
 * records differ on the two sides, the newer event wins: by the approver's
 * time, then by blob id, the same on both sides. Revocations are records
 * too (review_approve.c), so a revocation newer than an approval wins over
 * it wherever the two meet. Draft branches only fast-forward; a draft that diverged is
 * left for the user to reconcile with git, with a note.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/review.h"
#include "review.h"

static int wanted(const char *name)
{
	return !strncmp(name, "refs/pact/reviews/", 18) ||
	       !strncmp(name, "refs/heads/draft/", 17) || !strncmp(name, "refs/tags/pact/", 15) ||
	       !strcmp(name, PACT_REVIEW_MAIN);
}

/* Review refs sort first, then drafts, main, tags. */
static int rank(const char *name)
{
	if (!strncmp(name, "refs/pact/", 10))
		return 0;
	if (!strncmp(name, "refs/heads/draft/", 17))
		return 1;
	if (!strncmp(name, "refs/heads/", 11))
		return 2;
	return 3;
}

static int cmp_spec(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int rx = rank(x), ry = rank(y);
	return rx != ry ? rx - ry : strcmp(x, y);
}

static int add_spec(git_strarray *specs, size_t *cap, const char *name)
{
	pact_buf s = {0};
	char **p = pact_alloc__grow(specs->strings, cap, specs->count, sizeof(*p), 16);
	PACT_CHECK_ALLOC(p);
	specs->strings = p;
	pact_buf__printf(&s, "%s:%s", name, name);
	specs->strings[specs->count] = pact_buf__detach(&s, NULL);
	if (!specs->strings[specs->count])
		return PACT_ENOMEM;
	specs->count++;
	return 0;
}

/* The tracking ref of review or draft ref `name` from `remote`
 * (refs/pact/remotes/REMOTE/reviews/YEAR, .../draft/YEAR) into *out, as
 * review pull fetches them; 0 when `name` is neither. */
static int tracking_name(pact_buf *out, const char *remote, const char *name)
{
	if (!strncmp(name, "refs/pact/reviews/", 18))
		pact_buf__printf(out, "refs/pact/remotes/%s/reviews/%s", remote, name + 18);
	else if (!strncmp(name, "refs/heads/draft/", 17))
		pact_buf__printf(out, "refs/pact/remotes/%s/draft/%s", remote, name + 17);
	else
		return 0;
	return !out->oom;
}

/* After a push the remote holds what was sent: its review and draft
 * refs are recorded as the tracking refs a pull would have made, as git
 * push updates remote-tracking refs. So the sender too learns, at its
 * next pull, that the remote deleted one (and does not send it back).
 * Best effort: a remote given as a URL has no valid tracking name. */
static void record_pushed(pact_store *store, const char *remote, const git_strarray *specs,
                          const git_oid *sent)
{
	for (size_t i = 0; i < specs->count; i++) {
		pact_buf t = {0}, src = {0};
		int valid = 0, outcome;

		pact_buf__put(&src, specs->strings[i], strcspn(specs->strings[i], ":"));
		/* through the store's ref writes: a kill leaves no lock that
		 * blocks the next pull (pact_store__ref_set) */
		if (!src.oom && tracking_name(&t, remote, src.ptr) && !git_oid_is_zero(&sent[i]) &&
		    git_reference_name_is_valid(&valid, t.ptr) == 0 && valid)
			pact_store__ref_set(&outcome, store, t.ptr, NULL, STORE_REF_FORCE, &sent[i],
			                    "review push");
		free(t.ptr);
		free(src.ptr);
	}
	pact_error_clear();
}

/* The report of a push: each sent ref (specs "SRC:SRC", at sent[i]) that
 * the remote held otherwise (had[i], zero: not at all). *moves is the
 * caller's to free; its names point into specs. */
static int report_pushed(pact_review_sync *rep, git_repository *repo, const git_strarray *specs,
                         const git_oid *sent, const git_oid *had, review_move **moves)
{
	size_t n = 0;
	int rc;

	*moves = pact_alloc__calloc(specs->count, sizeof(**moves));
	if (!*moves)
		return PACT_ENOMEM;
	for (size_t i = 0; i < specs->count; i++) {
		review_move *m = &(*moves)[n];
		if (git_oid_is_zero(&sent[i]))
			continue;
		m->name = specs->strings[i]; /* "SRC:SRC" cut at the colon */
		m->name[strcspn(m->name, ":")] = '\0';
		git_oid_cpy(&m->new_id, &sent[i]);
		git_oid_cpy(&m->old_id, &had[i]);
		m->had = !git_oid_is_zero(&had[i]);
		n++;
	}
	rc = pact_review__report_moves(rep, repo, *moves, n);
	return rc;
}

/* pact_review_push; with `rep` (may be NULL) what the remote lacked. */
static int push(pact_review_sync *rep, pact_store *store, const char *remote, unsigned flags)
{
	git_repository *repo = pact_store__repo(store);
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	git_strarray specs = {NULL, 0};
	git_oid *sent = NULL, *had = NULL;
	review_move *moves = NULL;
	char *why = NULL;
	size_t cap = 0;
	int rc;

	if (!remote)
		remote = "origin";
	/* What there is to send, before any connection: a store without
	 * reviews costs `pact push` nothing. */
	rc = git_reference_iterator_new(&it, repo);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot list refs");
		goto done;
	}
	while (git_reference_next(&ref, it) == 0) {
		const char *name = git_reference_name(ref);
		if (git_reference_target(ref) && wanted(name) &&
		    ((flags & PACT_REVIEW_PUSH_MAIN) || strcmp(name, PACT_REVIEW_MAIN) != 0)) {
			rc = add_spec(&specs, &cap, name);
			if (rc < 0) {
				git_reference_free(ref);
				goto done;
			}
		}
		git_reference_free(ref);
		ref = NULL;
	}
	pact_error_clear();
	if (!specs.count) {
		rc = pact_error_set(PACT_EUNCHANGED, "no reviews to push");
		goto done;
	}
	qsort(specs.strings, specs.count, sizeof(*specs.strings), cmp_spec);
	/* what is sent, read before it is: recorded as the remote's once sent */
	sent = pact_alloc__calloc(specs.count, sizeof(*sent));
	had = pact_alloc__calloc(specs.count, sizeof(*had));
	if (!sent || !had) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < specs.count; i++) {
		char *colon = strchr(specs.strings[i], ':');
		*colon = '\0';
		if (git_reference_name_to_id(&sent[i], repo, specs.strings[i]) != 0)
			git_oid_fromstr(&sent[i], "0000000000000000000000000000000000000000");
		*colon = ':';
	}
	pact_error_clear();
	rc = pact_store__push_refs_had(store, remote, (const char *const *)specs.strings,
	                               specs.count, had, NULL, NULL);
	if (rc == 0 || rc == PACT_EUNCHANGED)
		record_pushed(store, remote, &specs, sent);
	if (rc == 0 && rep)
		rc = report_pushed(rep, repo, &specs, sent, had, &moves);
	if (rc == PACT_ECONFLICT) {
		why = pact_alloc__strdup(pact_error_last()->message);
		rc = pact_error_set(PACT_ECONFLICT,
		                    "%s; run 'pact review pull %s' first if it has newer reviews",
		                    why ? why : "the remote refused the push", remote);
	}
done:
	for (size_t i = 0; i < specs.count; i++)
		free(specs.strings[i]);
	free(specs.strings);
	free(sent);
	free(had);
	free(moves);
	free(why);
	git_reference_iterator_free(it);
	return rc;
}

int pact_review_push(pact_store *store, const char *remote, unsigned flags)
{
	return push(NULL, store, remote, flags);
}

int pact_review_push_report(pact_review_sync **out, pact_store *store, const char *remote,
                            unsigned flags)
{
	pact_review_sync *rep = pact_alloc__calloc(1, sizeof(*rep));
	int rc;

	*out = NULL;
	if (!rep)
		return PACT_ENOMEM;
	rc = push(rep, store, remote, flags);
	if (rc == 0)
		*out = rep;
	else
		pact_review_sync_free(rep);
	return rc;
}

/* ---- pull ---------------------------------------------------------------- */

/* The approver time of an approval record blob; 0 when unreadable. */
static long long record_time(git_repository *repo, const git_oid *id)
{
	char *s = NULL;
	size_t n = 0;
	long long t = 0;

	if (pact_store__blob_string(&s, &n, repo, id, SIZE_MAX, "cannot read approval") > 0) {
		/* "approver Name <email> TIME +ZZZZ": the number after "> " */
		for (size_t i = 0; i + 2 < n; i++)
			if (s[i] == '>' && s[i + 1] == ' ') {
				t = strtoll(s + i + 2, NULL, 10);
				break;
			}
	}
	free(s);
	pact_error_clear();
	return t;
}

/* Nonzero when record a is the newer event: the later approver time, and
 * on a tie the greater blob id, so both clones of a pull pick the same. */
static int newer(git_repository *repo, const git_oid *a, const git_oid *b)
{
	long long ta = record_time(repo, a), tb = record_time(repo, b);
	if (ta != tb)
		return ta > tb;
	return git_oid_cmp(a, b) > 0;
}

/* Merge review commits `ours` and `theirs` into a new commit. */
static int merge_reviews(git_oid *out, git_repository *repo, const git_oid *ours,
                         const git_oid *theirs, const char *refname)
{
	git_commit *oc = NULL, *tc = NULL, *bc = NULL;
	git_tree *ot = NULL, *tt = NULL, *bt = NULL, *nt = NULL;
	git_index *idx = NULL;
	git_signature *sig = NULL;
	git_merge_options mo;
	git_oid base, tree_id;
	int rc, has_base;

	git_merge_options_init(&mo, GIT_MERGE_OPTIONS_VERSION);
	has_base = git_merge_base(&base, repo, ours, theirs) == 0;
	pact_error_clear();
	rc = git_commit_lookup(&oc, repo, ours);
	if (rc == 0)
		rc = git_commit_lookup(&tc, repo, theirs);
	if (rc == 0)
		rc = git_commit_tree(&ot, oc);
	if (rc == 0)
		rc = git_commit_tree(&tt, tc);
	if (rc == 0 && has_base)
		rc = git_commit_lookup(&bc, repo, &base);
	if (rc == 0 && has_base)
		rc = git_commit_tree(&bt, bc);
	if (rc == 0)
		rc = git_merge_trees(&idx, repo, bt, ot, tt, &mo);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot merge reviews");
		goto done;
	}
	if (git_index_has_conflicts(idx)) {
		git_index_conflict_iterator *ci = NULL;
		const git_index_entry *anc, *our, *their;
		git_index_entry *keep = NULL;
		size_t nkeep = 0, kcap = 0, pcap = 0;
		char **paths = NULL;

		rc = git_index_conflict_iterator_new(&ci, idx);
		while (rc == 0 && git_index_conflict_next(&anc, &our, &their, ci) == 0) {
			const git_index_entry *win = our;
			if (!our || (their && newer(repo, &their->id, &our->id)))
				win = their;
			git_index_entry *p = pact_alloc__grow(keep, &kcap, nkeep, sizeof(*p), 8);
			if (p)
				keep = p;
			char **q = p ? pact_alloc__grow(paths, &pcap, nkeep, sizeof(*q), 8) : NULL;
			if (q)
				paths = q;
			if (!p || !q) {
				rc = PACT_ENOMEM;
				break;
			}
			keep[nkeep] = *win;
			paths[nkeep] = pact_alloc__strdup(win->path);
			if (!paths[nkeep]) {
				rc = PACT_ENOMEM;
				break;
			}
			keep[nkeep].path = paths[nkeep];
			nkeep++;
		}
		git_index_conflict_iterator_free(ci);
		for (size_t i = 0; rc == 0 && i < nkeep; i++) {
			git_index_entry e = keep[i];
			e.flags = 0; /* stage 0 */
			rc = git_index_conflict_remove(idx, e.path);
			if (rc == 0)
				rc = git_index_add(idx, &e);
			if (rc < 0)
				rc = pact_error_from_git(rc, "cannot merge reviews");
		}
		for (size_t i = 0; i < nkeep; i++)
			free(paths[i]);
		free(paths);
		free(keep);
		if (rc < 0)
			goto done;
	}
	rc = git_index_write_tree_to(&tree_id, idx, repo);
	if (rc == 0)
		rc = git_tree_lookup(&nt, repo, &tree_id);
	if (rc == 0)
		rc = git_signature_now(&sig, "pact", "pact@localhost");
	if (rc == 0) {
		const git_commit *parents[2] = {oc, tc};
		char msg[160];
		snprintf(msg, sizeof(msg), "review: merge %s from the remote", refname);
		rc = pact_store__commit_create(out, repo, sig, sig, msg, nt, 2, parents);
	}
	if (rc < 0)
		rc = pact_error_from_git(rc, "cannot merge reviews");
done:
	git_signature_free(sig);
	git_index_free(idx);
	git_tree_free(ot);
	git_tree_free(tt);
	git_tree_free(bt);
	git_tree_free(nt);
	git_commit_free(oc);
	git_commit_free(tc);
	git_commit_free(bc);
	return rc;
}

/* Bring local ref `local` to include `theirs`: create, fast-forward, or
 * (reviews only) merge. Notes what was left alone. */
static int integrate(pact_buf *notes, pact_store *store, const char *local, const git_oid *theirs,
                     int may_merge, const char *checked_out)
{
	git_repository *repo = pact_store__repo(store);
	git_oid ours, target;
	int rc, had, outcome = STORE_REF_MOVED_OK;

	rc = git_reference_name_to_id(&ours, repo, local);
	had = rc == 0;
	if (rc == GIT_ENOTFOUND) {
		pact_error_clear();
		rc = pact_store__ref_set(&outcome, store, local, NULL, 0, theirs,
		                         "review pull: new");
		goto out;
	}
	if (rc < 0)
		return pact_error_from_git(rc, "cannot read ref");
	if (git_oid_equal(&ours, theirs) || git_graph_descendant_of(repo, &ours, theirs) == 1)
		return 0;
	pact_error_clear();
	if (checked_out && !strcmp(checked_out, local)) {
		/* a draft: branch names are what the officer knows */
		pact_buf__printf(notes,
		                 pact__(pact_i18n_lang(),
		                        "note: branch '%s' is the one open here, so it was left as "
		                        "it is; bring it up to date with 'pact pull'\n"),
		                 local + 11);
		return 0;
	}
	if (git_graph_descendant_of(repo, theirs, &ours) == 1) {
		git_oid_cpy(&target, theirs);
	} else if (may_merge) {
		rc = merge_reviews(&target, repo, &ours, theirs, local);
		if (rc < 0)
			return rc;
	} else {
		pact_buf__printf(notes,
		                 pact__(pact_i18n_lang(),
		                        "note: branch '%s' here and the remote's both have changes "
		                        "the other lacks, so it was left as it is; reconcile them "
		                        "with git\n"),
		                 local + 11);
		return 0;
	}
	pact_error_clear();
	rc = pact_store__ref_set(&outcome, store, local, &ours, 0, &target, "review pull");
out:
	if (rc == 0 && outcome == STORE_REF_CHANGED) {
		/* a git moved it since it was read: say by what */
		rc = pact_store__explain_moved(store, local, local, had ? &ours : NULL,
		                               "review pull");
		return rc < 0 ? rc
		              : pact_error_set(PACT_ECONFLICT,
		                               "'%s' changed during the pull; try again", local);
	}
	return rc < 0 ? rc : 0;
}

/* What the prune hook needs: the store, the tracking prefix
 * (refs/pact/remotes/REMOTE/) and the notes being written. */
typedef struct pruning {
	git_repository *repo;
	const char *prefix;
	pact_buf *notes;
} pruning;

/* Nonzero when local `mine` holds nothing that `theirs` (what the remote
 * had at the last pull or push) does not: the same commit or an ancestor. */
static int contained(git_repository *repo, const git_oid *mine, const git_oid *theirs)
{
	int in = git_oid_equal(mine, theirs) || git_graph_descendant_of(repo, theirs, mine) == 1;
	pact_error_clear();
	return in;
}

/* A review or draft the remote deleted (new_id NULL) or rewrote (new_id
 * does not contain `old`, what it had at the last pull or push): its
 * tracking ref is deleted or moved by the fetch; the local review first
 * goes the same way when it holds nothing the remote did not have, so
 * that an approval deleted upstream is never pushed back from here. A
 * local review with records of its own, and a local draft branch, are
 * kept, with a note. */
static int follow_remote(char **also, char **keep, git_oid *also_at, git_oid *also_to,
                         const char *ref, const git_oid *old, const git_oid *new_id, void *payload)
{
	pruning *p = payload;
	pact_lang lang = pact_i18n_lang();
	const char *rest;
	pact_buf local = {0};
	git_oid mine;
	char *withdrawn = NULL;
	int rc = 0, review;

	*also = *keep = NULL;
	if (strncmp(ref, p->prefix, strlen(p->prefix)) != 0)
		return 0;
	rest = ref + strlen(p->prefix);
	review = !strncmp(rest, "reviews/", 8);
	if (review)
		pact_buf__printf(&local, "refs/pact/%s", rest);
	else if (!strncmp(rest, "draft/", 6) && !new_id)
		pact_buf__printf(&local, "refs/heads/%s", rest);
	else
		return 0; /* a rewritten draft: fast-forward only, as before */
	if (local.oom)
		return PACT_ENOMEM;
	if (git_reference_name_to_id(&mine, p->repo, local.ptr) != 0) {
		pact_error_clear(); /* none here: nothing to do */
	} else if (new_id && git_oid_equal(&mine, new_id)) {
		/* already the remote's (a pull killed after moving it) */
	} else if (!review) {
		pact_buf__printf(p->notes,
		                 pact__(lang,
		                        "note: %s was deleted on the remote; your branch is "
		                        "kept (delete it with 'git branch -D %s' unless you mean "
		                        "to push it again)\n"),
		                 local.ptr, local.ptr + 11);
	} else if (contained(p->repo, &mine, old) &&
	           (rc = pact_review__dropped_withdrawals(&withdrawn, p->repo, &mine, new_id)) <
	                   0) {
		/* cannot tell what it drops: the pull stops with the error */
	} else if (withdrawn) {
		/* following it would bring the withdrawn approvals back */
		pact_buf__printf(p->notes,
		                 new_id ? pact__(lang, "note: %s was rewritten on the remote, "
		                                       "dropping the withdrawal of the approval of "
		                                       "%s; yours is kept and merged with it, so "
		                                       "the withdrawal stands\n")
		                        : pact__(lang, "note: %s was deleted on the remote, with "
		                                       "the withdrawal of the approval of %s; "
		                                       "yours is kept, so the withdrawal stands\n"),
		                 local.ptr, withdrawn);
	} else if (contained(p->repo, &mine, old)) {
		/* kept under refs/pact/pruned/, which nothing pushes */
		pact_buf kb = {0};
		pact_buf__printf(&kb, "refs/pact/pruned/%s", ref + strlen("refs/pact/remotes/"));
		git_oid_cpy(also_at, &mine);
		if (new_id)
			git_oid_cpy(also_to, new_id);
		pact_buf__printf(p->notes,
		                 new_id ? pact__(lang, "note: %s was rewritten on the remote, "
		                                       "dropping records it had; yours follows it "
		                                       "(the old one is kept as %s)\n")
		                        : pact__(lang,
		                                 "note: %s was deleted on the remote; deleted "
		                                 "here too (kept as %s)\n"),
		                 local.ptr, kb.ptr ? kb.ptr : "");
		*also = pact_buf__detach(&local, NULL);
		*keep = pact_buf__detach(&kb, NULL);
		if (!*also || !*keep) {
			free(*also);
			free(*keep);
			*also = *keep = NULL;
			rc = PACT_ENOMEM;
		}
	} else {
		pact_buf__printf(
		        p->notes,
		        pact__(lang,
		               "note: %s was deleted or rewritten on the remote, but it holds "
		               "records made here since the last pull or push, so it is kept; "
		               "'pact review push' would send back every record the remote "
		               "dropped: delete it with 'git update-ref -d %s' unless that is "
		               "meant\n"),
		        local.ptr, local.ptr);
	}
	free(local.ptr);
	free(withdrawn);
	return p->notes->oom ? PACT_ENOMEM : rc;
}

int pact_review_pull(char **notes, pact_store *store, const char *remote)
{
	git_repository *repo = pact_store__repo(store);
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	pact_buf nb = {0}, s1 = {0}, s2 = {0}, s3 = {0}, s4 = {0}, prefix = {0};
	const char *specv[4];
	char *head = NULL;
	pruning pr;
	int rc;

	if (notes)
		*notes = NULL;
	if (!remote)
		remote = "origin";
	pact_buf__printf(&s1, "+refs/pact/reviews/*:refs/pact/remotes/%s/reviews/*", remote);
	pact_buf__printf(&s2, "+refs/heads/draft/*:refs/pact/remotes/%s/draft/*", remote);
	pact_buf__printf(&s3, "refs/tags/pact/*:refs/tags/pact/*");
	/* the remote's adoption tags as they are, for a local tag that
	 * differs (review_sync_tags.c) */
	pact_buf__printf(&s4, "+refs/tags/pact/*:refs/pact/remotes/%s/tags/*", remote);
	pact_buf__printf(&prefix, "refs/pact/remotes/%s/", remote);
	specv[0] = s1.ptr;
	specv[1] = s2.ptr;
	specv[2] = s3.ptr;
	specv[3] = s4.ptr;
	if (s1.oom || s2.oom || s3.oom || s4.oom || prefix.oom) {
		rc = PACT_ENOMEM;
		goto done;
	}
	/* always pruned: a review's approvals are bound to exact text, and
	 * one deleted on the remote must not come back from a clone */
	pr.repo = repo;
	pr.prefix = prefix.ptr;
	pr.notes = &nb;
	rc = pact_store__fetch_pruning(store, remote, specv, 4, "review pull", follow_remote, &pr);
	if (rc < 0)
		goto done;
	if (!git_repository_is_bare(repo) && pact_store_head_branch(&head, store) < 0)
		head = NULL;
	pact_error_clear();
	rc = git_reference_iterator_new(&it, repo);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot list refs");
		goto done;
	}
	while (rc == 0 && git_reference_next(&ref, it) == 0) {
		const char *name = git_reference_name(ref);
		const git_oid *id = git_reference_target(ref);
		pact_buf local = {0};
		int is_review = 0;
		if (id && !strncmp(name, prefix.ptr, prefix.len)) {
			const char *rest = name + prefix.len;
			if (!strncmp(rest, "reviews/", 8)) {
				pact_buf__printf(&local, "refs/pact/%s", rest);
				is_review = 1;
			} else if (!strncmp(rest, "draft/", 6)) {
				pact_buf__printf(&local, "refs/heads/%s", rest);
			}
			if (local.oom)
				rc = PACT_ENOMEM;
			else if (local.ptr)
				rc = integrate(&nb, store, local.ptr, id, is_review, head);
		}
		free(local.ptr);
		git_reference_free(ref);
		ref = NULL;
	}
	if (rc == 0)
		rc = pact_review__sync_tags(&nb, store, prefix.ptr, remote);
	if (rc < 0)
		goto done;
	if (notes && !(*notes = pact_buf__detach(&nb, NULL))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = 0;
done:
	git_reference_iterator_free(it);
	free(nb.ptr);
	free(s1.ptr);
	free(s2.ptr);
	free(s3.ptr);
	free(s4.ptr);
	free(prefix.ptr);
	free(head);
	return rc;
}

int pact_review_pull_report(pact_review_sync **out, pact_store *store, const char *remote)
{
	git_repository *repo = pact_store__repo(store);
	review_snap before = {0}, after = {0};
	pact_review_sync *rep = NULL;
	int rc;

	*out = NULL;
	rep = pact_alloc__calloc(1, sizeof(*rep));
	if (!rep) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = pact_review__snap_take(&before, repo);
	if (rc == 0)
		rc = pact_review_pull(&rep->notes, store, remote);
	if (rc == 0)
		rc = pact_review__snap_take(&after, repo);
	if (rc < 0)
		goto done;
	pact_review__snap_since(&after, &before);
	rc = pact_review__report_moves(rep, repo, after.moves, after.n);
	if (rc < 0)
		goto done;
	if (rep->notes && !*rep->notes) {
		free(rep->notes);
		rep->notes = NULL;
	}
	*out = rep;
	rep = NULL;
done:
	pact_review_sync_free(rep);
	pact_review__snap_clear(&before);
	pact_review__snap_clear(&after);
	return rc;
}
