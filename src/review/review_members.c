/*
 * review_members.c - whose say a text needs, and who may give it.
 *
 * The roster of a year's review is not the draft's own members: list. A
 * draft is written by members, so it cannot be trusted to say who must
 * agree to it. The roster is:
 *   - every member of the draft's text;
 *   - every member of the last adopted year before it on main that the
 *     draft drops (a departure): its own approval or the board's counts;
 * and a member's approvers come from the last adopted text when the member
 * continues (a draft cannot rewrite who speaks for a member and then speak
 * for it), from the draft only for a new member. A member that continues
 * adopted members under a new id (`formerly:`, the 2025 mergers and
 * renames) is not new: it takes the approvers of those members, all of
 * them. A member a draft says was merged away (named in a `formerly:`)
 * is still a departure here: that it went on in another member is the
 * draft's word, and a draft does not decide whose say it needs, so its
 * own approval or the board's is asked, as for any member that goes.
 *
 * Trust anchors are read from main, never from the draft or the review:
 * .pact/allowed_signers (OpenSSH allowed-signers format, principals are
 * approver e-mails) and .pact/board (one e-mail per line). In a server
 * hook main is still the tip before the push, so a push cannot bring its
 * own anchors. When .pact/allowed_signers exists, an approval record counts
 * only when its signature verifies (review_sign.c) for its approver.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pact/error.h"
#include "review.h"
#include "review_sign.h"

/* When `year` itself is already adopted (its tag pact/YEAR names a
 * commit that main contains), that text, loaded: an amendment of an
 * adopted year answers to the members and approvers it was adopted with,
 * not to the year before. A tag main does not contain proves nothing (a
 * push may create one), so it is not used. 1 found, 0 not, <0 error. */
static int load_adopted(pact_doc **out, git_repository *repo, int year, const git_oid *main_tip)
{
	git_object *o = NULL;
	git_oid blob;
	char spec[48], path[32];
	int rc;

	*out = NULL;
	snprintf(spec, sizeof(spec), "refs/tags/pact/%04d^{commit}", year);
	if (git_revparse_single(&o, repo, spec) < 0) {
		pact_error_clear();
		return 0;
	}
	rc = 0;
	if ((git_oid_equal(git_object_id(o), main_tip) ||
	     git_graph_descendant_of(repo, main_tip, git_object_id(o)) == 1) &&
	    pact_review__year_blob(&blob, repo, git_object_id(o), year) == 0) {
		pact_store_year_path(path, year);
		rc = pact_review__load_blob(out, NULL, repo, &blob, path);
		if (rc == 0 && *out)
			rc = 1;
	}
	pact_error_clear();
	git_object_free(o);
	return rc;
}

/* Commits of main's first-parent line walked back to find where a year
 * came onto it; far beyond any bloc's record. */
#define MAX_MAIN_WALK 100000

/* When main has `year` without an adoption tag (a year imported when the
 * store started, or committed before any review), the text it came onto
 * main with: the oldest commit of main's first-parent line, from its tip
 * back, that has pacts/YEAR.yaml with every commit between having it too.
 * Not the tip's text: in a member's store the tip may hold the amendment
 * being judged, which cannot name whose say it needs. 1 found, 0 not
 * (main has no such year, or its text there is not a valid pact), <0
 * error. */
static int load_introduced(pact_doc **out, git_repository *repo, int year, const git_oid *main_tip)
{
	git_commit *c = NULL, *p = NULL;
	git_oid blob, pblob;
	char path[32];
	size_t steps = 0;
	int rc;

	*out = NULL;
	if (pact_review__year_blob(&blob, repo, main_tip, year) < 0) {
		pact_error_clear();
		return 0;
	}
	rc = git_commit_lookup(&c, repo, main_tip);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read 'main'");
		goto done;
	}
	/* a parent that cannot be read (a shallow clone) ends the line */
	while (git_commit_parentcount(c) > 0 && ++steps < MAX_MAIN_WALK &&
	       git_commit_parent(&p, c, 0) == 0 &&
	       pact_review__year_blob(&pblob, repo, git_commit_id(p), year) == 0) {
		git_oid_cpy(&blob, &pblob);
		git_commit_free(c);
		c = p;
		p = NULL;
	}
	pact_error_clear();
	pact_store_year_path(path, year);
	rc = pact_review__load_blob(out, NULL, repo, &blob, path);
	if (rc == 0 && *out)
		rc = 1;
	pact_error_clear();
done:
	git_commit_free(p);
	git_commit_free(c);
	return rc;
}

/* The texts a review of `year` answers to, loaded: `year` itself when it
 * is adopted (load_adopted); else the newest year before it with a pact on
 * main (*prev; for a year older than all of main's others, the oldest
 * of those), and, when main has `year` without a review, the text it
 * came onto main with (*intro, load_introduced). Both count: main's
 * untagged text may be a local, unapproved one (a draft merged with plain
 * git), which cannot drop the year before's members either. 1 found, 0
 * none (or main is unborn), <0 error. */
static int load_prev(pact_doc **prev, pact_doc **intro, int *prev_year, git_repository *repo,
                     int year)
{
	pact_store__year_blob *v = NULL;
	git_oid main_tip;
	char path[32];
	size_t n = 0, best = 0, later = 0;
	int rc;

	*prev = *intro = NULL;
	*prev_year = 0;
	rc = pact_store__ref_tip(&main_tip, repo, PACT_REVIEW_MAIN);
	if (rc <= 0)
		return rc;
	if ((rc = load_adopted(prev, repo, year, &main_tip)) != 0) {
		*prev_year = rc > 0 ? year : 0;
		return rc;
	}
	if ((rc = load_introduced(intro, repo, year, &main_tip)) < 0)
		return rc;
	if (*intro)
		*prev_year = year;
	rc = pact_store__year_blobs(&v, &n, repo, &main_tip, "cannot read 'main'",
	                            "cannot read 'main'");
	if (rc < 0)
		goto done;
	/* the newest year before `year`: v[best - 1] */
	for (size_t i = 0; i < n; i++)
		if (v[i].year > 0 && v[i].year < year && (!best || v[i].year > v[best - 1].year))
			best = i + 1;
	/* A year older than every other year main has (a past pact added
	 * later) answers to the oldest of those: else its text named its own
	 * members and approvers, and one member alone could put a pact of
	 * 2019 naming only itself into the bloc's record. Also when main has
	 * the year already (intro): in a member's store that may be the very
	 * commit being judged, and the hub, which does not have it yet,
	 * judges it so too. */
	for (size_t i = 0; !best && i < n; i++)
		if (v[i].year > year && (!later || v[i].year < v[later - 1].year))
			later = i + 1;
	if (!best)
		best = later;
	if (best) {
		pact_store_year_path(path, v[best - 1].year);
		rc = pact_review__load_blob(prev, NULL, repo, &v[best - 1].blob, path);
		if (rc == 0 && *prev) {
			*prev_year = v[best - 1].year;
			rc = 1;
		}
	}
done:
	free(v);
	return rc < 0 ? rc : (*prev || *intro);
}

int pact_review__read_anchor(char **out, git_repository *repo, const git_oid *commit,
                             const char *path)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int rc;

	*out = NULL;
	rc = pact_review__read_file(out, repo, commit, path);
	if (rc != 0)
		return rc;
	/* Absent, or there but not readable as one: a trust anchor that
	 * cannot be read must not read as "no anchor" (signing off). */
	rc = git_commit_lookup(&c, repo, commit);
	if (rc == 0)
		rc = git_commit_tree(&tree, c);
	if (rc == 0)
		rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == GIT_ENOTFOUND) {
		pact_error_clear();
		rc = 0;
	} else if (rc == 0) {
		rc = pact_error_set(PACT_EINVALID,
		                    "%s on main is not a file of at most %u bytes; approvals "
		                    "cannot be checked against it",
		                    path, PACT_REVIEW_MAX_RECORD_BYTES);
	} else {
		rc = pact_error_from_git(rc, "cannot read main");
	}
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

/* File `path` of main's tip: 1 found, 0 absent, <0 error. */
static int main_file(char **out, git_repository *repo, const char *path)
{
	git_oid tip;
	int rc;

	*out = NULL;
	rc = pact_store__ref_tip(&tip, repo, PACT_REVIEW_MAIN);
	if (rc <= 0)
		return rc;
	return pact_review__read_anchor(out, repo, &tip, path);
}

void pact_review__trust_clear(review_trust *t)
{
	if (!t)
		return;
	pact_doc_free(t->prev);
	pact_doc_free(t->intro);
	free(t->allowed);
	free(t->board);
	free(t->roster);
	for (size_t i = 0; i < t->ncontinued; i++)
		free(t->continued[i].approvers);
	free(t->continued);
	memset(t, 0, sizeof(*t));
}

/* The adopted member `id`: in prev, else in intro; NULL when neither. */
static const pact_member *adopted_member(const review_trust *t, const char *id)
{
	const pact_member *m = t->prev ? pact_doc_member(t->prev, id) : NULL;
	return m || !t->intro ? m : pact_doc_member(t->intro, id);
}

/* The member of doc whose `formerly:` names `id`; NULL when none does. */
static const char *continued_in(const pact_doc *doc, const char *id)
{
	for (size_t i = 0; i < doc->nmembers; i++)
		for (size_t k = 0; k < doc->members[i].nformerly; k++)
			if (!strcmp(doc->members[i].formerly[k], id))
				return doc->members[i].id;
	return NULL;
}

/* Whose approvers apply to m, a member of the text with no adopted member
 * of its id: the adopted members its formerly names, their approvers put
 * together (none listing any: anyone, as for them); m itself when it names
 * none of them. 0, or PACT_ENOMEM. */
static int approvers_of_new(const pact_member **out, review_trust *t, const pact_member *m)
{
	pact_member *c;
	size_t n = 0, found = 0;

	*out = m;
	for (size_t k = 0; k < m->nformerly; k++) {
		const pact_member *o = adopted_member(t, m->formerly[k]);
		found += o != NULL;
		n += o ? o->napprovers : 0;
	}
	if (!found)
		return 0;
	c = &t->continued[t->ncontinued++];
	c->id = m->id;
	c->name = m->name;
	c->approvers = pact_alloc__calloc(n + 1, sizeof(char *));
	if (!c->approvers)
		return PACT_ENOMEM;
	for (size_t k = 0; k < m->nformerly; k++) {
		const pact_member *o = adopted_member(t, m->formerly[k]);
		for (size_t a = 0; o && a < o->napprovers; a++)
			c->approvers[c->napprovers++] = o->approvers[a];
	}
	*out = c;
	return 0;
}

int pact_review__trust_load(review_trust *t, git_repository *repo, int year, const pact_doc *doc)
{
	size_t cap;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = load_prev(&t->prev, &t->intro, &t->prev_year, repo, year)) < 0 ||
	    (rc = main_file(&t->allowed, repo, PACT_ALLOWED_SIGNERS_PATH)) < 0 ||
	    (rc = main_file(&t->board, repo, PACT_BOARD_PATH)) < 0)
		goto done;
	t->allowed_len = t->allowed ? strlen(t->allowed) : 0;
	cap = (doc ? doc->nmembers : 0) + (t->prev ? t->prev->nmembers : 0) +
	      (t->intro ? t->intro->nmembers : 0);
	t->roster = pact_alloc__calloc(cap ? cap : 1, sizeof(*t->roster));
	t->continued =
	        pact_alloc__calloc(doc && doc->nmembers ? doc->nmembers : 1, sizeof(*t->continued));
	if (!t->roster || !t->continued) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; doc && i < doc->nmembers; i++) {
		const pact_member *m = &doc->members[i];
		const pact_member *old = adopted_member(t, m->id);
		review_roster_entry *e = &t->roster[t->nroster++];
		e->id = m->id;
		e->name = m->name;
		e->approvers = old;
		if (!old && (rc = approvers_of_new(&e->approvers, t, m)) < 0)
			goto done;
	}
	for (size_t i = 0; doc && t->prev && i < t->prev->nmembers; i++) {
		const pact_member *m = &t->prev->members[i];
		review_roster_entry *e;
		if (pact_doc_member(doc, m->id))
			continue;
		e = &t->roster[t->nroster++];
		e->id = m->id;
		e->name = m->name;
		e->approvers = m;
		e->departing = 1;
		e->continued_in = continued_in(doc, m->id);
	}
	for (size_t i = 0; doc && t->intro && i < t->intro->nmembers; i++) {
		const pact_member *m = &t->intro->members[i];
		review_roster_entry *e;
		if (pact_doc_member(doc, m->id) || (t->prev && pact_doc_member(t->prev, m->id)))
			continue;
		e = &t->roster[t->nroster++];
		e->id = m->id;
		e->name = m->name;
		e->approvers = m;
		e->departing = 1;
		e->continued_in = continued_in(doc, m->id);
	}
	rc = 0;
done:
	if (rc < 0)
		pact_review__trust_clear(t);
	return rc;
}

const review_roster_entry *pact_review__roster_find(const review_trust *t, const char *id)
{
	for (size_t i = 0; i < t->nroster; i++)
		if (!strcmp(t->roster[i].id, id))
			return &t->roster[i];
	return NULL;
}

int pact_review__board_lists(const review_trust *t, const char *email)
{
	const char *p = t->board;
	while (p && *p) {
		size_t n = strcspn(p, "\n");
		const char *s = p, *e = p + n;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (s < e && *s != '#' && (size_t)(e - s) == strlen(email) &&
		    !strncasecmp(s, email, (size_t)(e - s)))
			return 1;
		p += n + (p[n] == '\n');
	}
	return 0;
}

/* The armored signature that ends a record, and the bytes it signs: the
 * header lines up to and including the newline before the blank line. */
static const char *record_armor(size_t *signed_len, const char *rec)
{
	const char *body = pact_review__rec_body(rec);
	if (strncmp(body, PACT_SSH_ARMOR_BEGIN, strlen(PACT_SSH_ARMOR_BEGIN)) != 0 || body == rec)
		return NULL;
	*signed_len = (size_t)(body - rec) - 1;
	return body;
}

int pact_review__check_signature(pact_approval *a, const review_trust *t, const char *rec)
{
	size_t n = 0;
	const char *armor = record_armor(&n, rec);
	int rc;

	if (!armor) {
		a->sig = PACT_SIG_NONE;
		return 0;
	}
	if (!t->allowed) {
		a->sig = PACT_SIG_UNCHECKED;
		return 0;
	}
	rc = pact_review__ssh_verify(&a->sig_reason, t->allowed, t->allowed_len, a->email,
	                             PACT_SIGN_NAMESPACE, rec, n, armor, strlen(armor));
	if (rc < 0)
		return rc;
	a->sig = rc ? PACT_SIG_VALID : PACT_SIG_BAD;
	return 0;
}
