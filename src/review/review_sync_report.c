/*
 * review_sync_report.c - what a review pull brought in and a review push
 * sent out, said in the officers' terms: a new or changed draft, each
 * comment, approval and revocation with who made it, each adoption.
 *
 * The report is read from what moved on the receiving side, never from
 * what the transfer did: for a pull the local refs before and after, for
 * a push what the remote held (as it said when connected) and what was
 * sent. A review ref's change is the difference of its two trees, so a
 * pull that merges two sides reports only the records the other side
 * had, and an approval that lost to a newer local one (review_sync.c)
 * is not reported, because it did not change anything here.
 *
 * Work is bounded: at most PACT_REVIEW_SYNC_MAX_EVENTS records are read
 * (PACT_REVIEW_MAX_RECORD_BYTES each); the rest are only counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#include "pact/review.h"
#include "review.h"

void pact_review_sync_free(pact_review_sync *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++) {
		free(s->events[i].member);
		free(s->events[i].clause);
		free(s->events[i].name);
		free(s->events[i].email);
	}
	free(s->events);
	free(s->notes);
	free(s);
}

/* ---- snapshots of the refs a review moves ------------------------------ */

/* The refs a review pull or push reports on (main only when asked). */
static int reported(const char *name, int with_main)
{
	return !strncmp(name, "refs/pact/reviews/", 18) ||
	       !strncmp(name, "refs/heads/draft/", 17) || !strncmp(name, "refs/tags/pact/", 15) ||
	       (with_main && !strcmp(name, PACT_REVIEW_MAIN));
}

int pact_review__snap_take(review_snap *s, git_repository *repo)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	size_t cap = 0;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = git_reference_iterator_new(&it, repo);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot list refs");
	while (git_reference_next(&ref, it) == 0) {
		const char *name = git_reference_name(ref);
		const git_oid *id = git_reference_target(ref);
		if (id && reported(name, 0)) {
			review_move *p = pact_alloc__grow(s->moves, &cap, s->n, sizeof(*p), 16);
			char *copy = pact_alloc__strdup(name);
			if (p)
				s->moves = p;
			if (!p || !copy) {
				free(copy);
				git_reference_free(ref);
				rc = PACT_ENOMEM;
				break;
			}
			memset(&s->moves[s->n], 0, sizeof(s->moves[s->n]));
			s->moves[s->n].name = copy;
			git_oid_cpy(&s->moves[s->n].new_id, id);
			s->n++;
		}
		git_reference_free(ref);
		ref = NULL;
	}
	git_reference_iterator_free(it);
	pact_error_clear();
	if (rc < 0) {
		pact_review__snap_clear(s);
		return rc;
	}
	return 0;
}

void pact_review__snap_clear(review_snap *s)
{
	for (size_t i = 0; s && i < s->n; i++)
		free(s->moves[i].name);
	if (s)
		free(s->moves);
	if (s)
		memset(s, 0, sizeof(*s));
}

void pact_review__snap_since(review_snap *after, const review_snap *before)
{
	for (size_t i = 0; i < after->n; i++) {
		review_move *m = &after->moves[i];
		m->had = 0;
		for (size_t k = 0; k < before->n; k++)
			if (!strcmp(before->moves[k].name, m->name)) {
				git_oid_cpy(&m->old_id, &before->moves[k].new_id);
				m->had = 1;
				break;
			}
	}
}

/* ---- events ---------------------------------------------------------- */

/* Room for one more event: NULL (and rep->more counted) when the report
 * is full, or on out of memory (*rc set). */
static pact_review_event *add_event(pact_review_sync *rep, size_t *cap, int *rc)
{
	pact_review_event *p;

	if (rep->count >= PACT_REVIEW_SYNC_MAX_EVENTS) {
		rep->more++;
		return NULL;
	}
	p = pact_alloc__grow(rep->events, cap, rep->count, sizeof(*p), 16);
	if (!p) {
		*rc = PACT_ENOMEM;
		return NULL;
	}
	rep->events = p;
	p = &rep->events[rep->count++];
	memset(p, 0, sizeof(*p));
	return p;
}

/* The year at the end of a ref name ("refs/heads/draft/2025"): 0 when it
 * is not one. */
static int ref_year(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *y = slash ? slash + 1 : name;
	if (strlen(y) != 4 || strspn(y, "0123456789") != 4)
		return 0;
	return atoi(y);
}

/* Who made commit `id` (the author), into e->name and e->email. */
static int set_author(pact_review_event *e, git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;
	git_object *o = NULL;
	const git_signature *s = NULL;
	int rc = 0;

	/* a tag names its tagger; a commit its author */
	if (git_object_lookup(&o, repo, id, GIT_OBJECT_ANY) == 0) {
		if (git_object_type(o) == GIT_OBJECT_TAG)
			s = git_tag_tagger((git_tag *)o);
		else if (git_object_type(o) == GIT_OBJECT_COMMIT &&
		         git_commit_lookup(&c, repo, id) == 0)
			s = git_commit_author(c);
	}
	if (s && s->name && s->email) {
		e->name = pact_alloc__strdup(s->name);
		e->email = pact_alloc__strdup(s->email);
		if (!e->name || !e->email)
			rc = PACT_ENOMEM;
	}
	git_commit_free(c);
	git_object_free(o);
	pact_error_clear();
	return rc;
}

/* The event of review record `path` (blob `id`), if it is one: approvals/M
 * or comments/THREAD/NAME. Records that do not parse are no event. */
static int record_event(pact_review_sync *rep, size_t *cap, git_repository *repo, int year,
                        const char *path, const git_oid *id)
{
	const char *thread = NULL;
	pact_review_event *e;
	pact_approval a;
	pact_comment c;
	char *rec = NULL, *tname = NULL;
	int rc = 0, is_comment = 0;

	if (!strncmp(path, "comments/", 9)) {
		const char *slash = strchr(path + 9, '/');
		if (!slash || slash == path + 9 || strchr(slash + 1, '/'))
			return 0;
		is_comment = 1;
		thread = path + 9;
		tname = pact_alloc__strndup(thread, (size_t)(slash - thread));
		if (!tname)
			return PACT_ENOMEM;
	} else if (strncmp(path, "approvals/", 10) != 0 || strchr(path + 10, '/')) {
		return 0;
	}
	if (rep->count >= PACT_REVIEW_SYNC_MAX_EVENTS) {
		rep->more++; /* not read: counted */
		goto done;
	}
	if (pact_store__blob_string(&rec, NULL, repo, id, PACT_REVIEW_MAX_RECORD_BYTES,
	                            "cannot read review record") <= 0) {
		pact_error_clear(); /* too large or unreadable: not a record */
		goto done;
	}
	if (is_comment) {
		rc = pact_review__parse_comment(&c, tname, rec);
		if (rc != 0) {
			rc = rc < 0 ? rc : 0;
			goto done;
		}
		e = add_event(rep, cap, &rc);
		if (e) {
			e->kind = PACT_REVIEW_EV_COMMENT;
			e->year = year;
			e->clause = c.clause;
			e->name = c.name;
			e->email = c.email;
			c.clause = c.name = c.email = NULL;
		}
		free(c.clause);
		free(c.name);
		free(c.email);
		free(c.text);
	} else if (pact_review__parse_approval(&a, rec) == 0) {
		e = add_event(rep, cap, &rc);
		if (e) {
			e->kind = a.revoked ? PACT_REVIEW_EV_REVOCATION : PACT_REVIEW_EV_APPROVAL;
			e->year = year;
			e->member = a.member;
			e->name = a.name;
			e->email = a.email;
			a.member = a.name = a.email = NULL;
		}
		pact_review__approval_clear(&a);
	}
done:
	free(rec);
	free(tname);
	return rc;
}

/* The records review commit `new_id` holds that `old` (NULL: none) did
 * not, or held otherwise. */
static int review_events(pact_review_sync *rep, size_t *cap, git_repository *repo, int year,
                         const git_oid *old, const git_oid *new_id)
{
	git_commit *oc = NULL, *nc = NULL;
	git_tree *ot = NULL, *nt = NULL;
	git_diff *diff = NULL;
	int rc;

	/* an old tip this store lacks (a push the remote would refuse)
	 * compares as nothing */
	if (old && git_commit_lookup(&oc, repo, old) == 0 && git_commit_tree(&ot, oc) < 0)
		ot = NULL;
	pact_error_clear();
	rc = git_commit_lookup(&nc, repo, new_id);
	if (rc == 0)
		rc = git_commit_tree(&nt, nc);
	if (rc == 0)
		rc = git_diff_tree_to_tree(&diff, repo, ot, nt, NULL);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read review");
		goto done;
	}
	for (size_t i = 0; rc == 0 && i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->status != GIT_DELTA_ADDED && d->status != GIT_DELTA_MODIFIED)
			continue;
		rc = record_event(rep, cap, repo, year, d->new_file.path, &d->new_file.id);
	}
done:
	git_diff_free(diff);
	git_tree_free(ot);
	git_tree_free(nt);
	git_commit_free(oc);
	git_commit_free(nc);
	return rc;
}

/* Order of a report: drafts, reviews, main, tags; by name within each. */
static int report_rank(const char *name)
{
	if (!strncmp(name, "refs/heads/draft/", 17))
		return 0;
	if (!strncmp(name, "refs/pact/", 10))
		return 1;
	if (!strncmp(name, "refs/heads/", 11))
		return 2;
	return 3;
}

static int cmp_move(const void *a, const void *b)
{
	const review_move *x = a, *y = b;
	int rx = report_rank(x->name), ry = report_rank(y->name);
	return rx != ry ? rx - ry : strcmp(x->name, y->name);
}

int pact_review__report_moves(pact_review_sync *rep, git_repository *repo, review_move *moves,
                              size_t n)
{
	size_t cap = rep->count;
	int rc = 0;

	if (n) /* qsort's array may not be NULL, even for 0 items */
		qsort(moves, n, sizeof(*moves), cmp_move);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const review_move *m = &moves[i];
		int year = ref_year(m->name), rank = report_rank(m->name);
		pact_review_event *e;

		if (m->had && git_oid_equal(&m->old_id, &m->new_id))
			continue;
		if (rank == 1) {
			if (year)
				rc = review_events(rep, &cap, repo, year,
				                   m->had ? &m->old_id : NULL, &m->new_id);
			continue;
		}
		if (rank != 2 && !year)
			continue;
		if (!(e = add_event(rep, &cap, &rc)))
			continue;
		e->year = rank == 2 ? 0 : year;
		e->kind = rank == 0   ? (m->had ? PACT_REVIEW_EV_DRAFT_CHANGED
		                                : PACT_REVIEW_EV_DRAFT_NEW)
		          : rank == 2 ? PACT_REVIEW_EV_MAIN
		                      : PACT_REVIEW_EV_ADOPTED;
		rc = set_author(e, repo, &m->new_id);
	}
	return rc;
}
