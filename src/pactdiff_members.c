/*
 * pactdiff_members.c - pass 6 of a diff (pactdiff.c), the members: what
 * became of each member agency from the old year to the new one.
 *
 * Members are matched by id first; then the new year's `formerly:` lists
 * (docs/schema.md) say which old members a new one continues, so that the
 * 2025 reorganisation reads as "X and Y merged into Z" or "X renamed to Y"
 * and not as members that left and others that joined. The schema already
 * guarantees that a former id is not a member of the new year and that an
 * id named by two members is named alone by each (a split), so here every
 * old member is exactly one of: kept (same id), continued by one new
 * member (renamed or one of a merger's parts), split among several, or
 * left. Former ids the old year does not have are warned about
 * (d->warnings) and otherwise ignored. Members are few (PACT_MAX_MEMBERS),
 * so the linear look-ups cost at most 200 x 200 x |formerly|.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "pactdiff_internal.h"
#include "tokens.h"

static long old_index(const pact_doc *a, const char *id)
{
	for (size_t k = 0; k < a->nmembers; k++)
		if (!strcmp(a->members[k].id, id))
			return (long)k;
	return -1;
}

static int set_ref(pact_member_ref *r, const pact_member *m)
{
	r->id = pact_alloc__strdup(m->id);
	r->name = pact_alloc__strdup(m->name);
	return r->id && r->name ? 0 : -1;
}

/* A new entry with its id and names copied; NULL on out of memory (the
 * entry is counted, so pact_diff_free frees what it got). */
static pact_member_diff *add(pact_diff *d, pact_change st, pact_member_event ev, const char *id,
                             const char *on, const char *nn, const char *old_id)
{
	pact_member_diff *m = &d->members[d->nmembers++];
	m->status = st;
	m->event = ev;
	m->id = pact_alloc__strdup(id);
	m->old_name = on ? pact_alloc__strdup(on) : NULL;
	m->new_name = nn ? pact_alloc__strdup(nn) : NULL;
	m->old_id = old_id ? pact_alloc__strdup(old_id) : NULL;
	if (!m->id || (on && !m->old_name) || (nn && !m->new_name) || (old_id && !m->old_id))
		return NULL;
	return m;
}

/* Old member k split among the new members that name it. */
static int add_split(pact_diff *d, const pact_doc *a, const pact_doc *b, size_t k, size_t parts)
{
	const pact_member *o = &a->members[k];
	pact_member_diff *e =
	        add(d, PACT_CHANGE_MODIFIED, PACT_MEMBER_SPLIT, o->id, o->name, NULL, o->id);
	if (!e || !(e->into = pact_alloc__calloc(parts, sizeof(*e->into))))
		return -1;
	for (size_t i = 0; i < b->nmembers; i++)
		for (size_t f = 0; f < b->members[i].nformerly; f++)
			if (!strcmp(b->members[i].formerly[f], o->id) &&
			    set_ref(&e->into[e->ninto++], &b->members[i]) < 0)
				return -1;
	return 0;
}

/* New member m: joined, kept (perhaps under another name), renamed, or
 * merged from several; the splits it is a part of first. */
static int one_new(pact_diff *d, const pact_doc *a, const pact_doc *b, const pact_member *m,
                   const size_t *claims, unsigned char *split_done, const pact_member **refs)
{
	long self = old_index(a, m->id);
	size_t n = 0, split_parts = 0;
	pact_member_diff *e;

	if (self >= 0)
		refs[n++] = &a->members[self];
	for (size_t f = 0; f < m->nformerly; f++) {
		long k = old_index(a, m->formerly[f]);
		if (k < 0)
			continue;
		if (claims[k] == 1) {
			refs[n++] = &a->members[k];
			continue;
		}
		split_parts++;
		if (!split_done[k]) {
			split_done[k] = 1;
			if (add_split(d, a, b, (size_t)k, claims[k]) < 0)
				return -1;
		}
	}
	if (n == 0) {
		if (!split_parts &&
		    !add(d, PACT_CHANGE_ADDED, PACT_MEMBER_JOINED, m->id, NULL, m->name, NULL))
			return -1;
		return 0;
	}
	if (n == 1) {
		if (refs[0] == &a->members[self]) {
			int same = strcmp(refs[0]->name, m->name) == 0
			                   ? 1
			                   : pact_tokens__same_text(refs[0]->name, m->name);
			if (same < 0)
				return -1;
			if (same)
				return 0;
		}
		return add(d, PACT_CHANGE_MODIFIED, PACT_MEMBER_RENAMED, m->id, refs[0]->name,
		           m->name, refs[0]->id)
		               ? 0
		               : -1;
	}
	e = add(d, PACT_CHANGE_MODIFIED, PACT_MEMBER_MERGED, m->id, NULL, m->name, NULL);
	if (!e || !(e->from = pact_alloc__calloc(n, sizeof(*e->from))))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (set_ref(&e->from[e->nfrom++], refs[i]) < 0)
			return -1;
	return 0;
}

int pact_diff__members(pact_diff *d, const pact_doc *a, const pact_doc *b)
{
	size_t *claims = NULL;
	unsigned char *split_done = NULL;
	const pact_member **refs = NULL;
	int rc = -1;

	d->members = pact_alloc__calloc(a->nmembers + b->nmembers + 1, sizeof(*d->members));
	claims = pact_alloc__calloc(a->nmembers + 1, sizeof(*claims));
	split_done = pact_alloc__calloc(a->nmembers + 1, 1);
	refs = pact_alloc__calloc(a->nmembers + 1, sizeof(*refs));
	if (!d->members || !claims || !split_done || !refs)
		goto done;
	if (pact_doc_check_formerly(&d->warnings, a, b) < 0)
		goto done;
	for (size_t i = 0; i < b->nmembers; i++)
		for (size_t f = 0; f < b->members[i].nformerly; f++) {
			long k = old_index(a, b->members[i].formerly[f]);
			if (k >= 0)
				claims[k]++;
		}
	for (size_t i = 0; i < b->nmembers; i++)
		if (one_new(d, a, b, &b->members[i], claims, split_done, refs) < 0)
			goto done;
	for (size_t k = 0; k < a->nmembers; k++) {
		const pact_member *o = &a->members[k];
		if (claims[k] || pact_doc_member(b, o->id))
			continue;
		if (!add(d, PACT_CHANGE_REMOVED, PACT_MEMBER_LEFT, o->id, o->name, NULL, o->id))
			goto done;
	}
	rc = 0;
done:
	free(claims);
	free(split_done);
	free(refs);
	return rc;
}

void pact_diff__members_count(pact_diff *d)
{
	pact_diff_summary *s = &d->summary;

	for (size_t i = 0; i < d->nmembers; i++) {
		switch (d->members[i].event) {
		case PACT_MEMBER_JOINED:
			s->members_joined++;
			break;
		case PACT_MEMBER_LEFT:
			s->members_left++;
			break;
		case PACT_MEMBER_RENAMED:
			s->members_renamed++;
			break;
		case PACT_MEMBER_MERGED:
			s->members_merged++;
			break;
		case PACT_MEMBER_SPLIT:
			s->members_split++;
			break;
		}
	}
}

static void refs_free(pact_member_ref *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].id);
		free(r[i].name);
	}
	free(r);
}

void pact_diff__members_free(pact_diff *d)
{
	for (size_t i = 0; i < d->nmembers; i++) {
		pact_member_diff *m = &d->members[i];
		free(m->id);
		free(m->old_name);
		free(m->new_name);
		free(m->old_id);
		refs_free(m->from, m->nfrom);
		refs_free(m->into, m->ninto);
	}
	free(d->members);
	pact_diags_clear(&d->warnings);
}
