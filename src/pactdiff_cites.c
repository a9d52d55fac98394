/*
 * pactdiff_cites.c - the citations of a diff (pactdiff.c): those of each
 * entry's commitments, old against new, and those of the whole documents,
 * wherever they stand. A citation is found by pact_cite_scan (cite.c) and
 * known by its key (kind, number, issuer); two with the same key and
 * different dates are the same document re-dated.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pact/cite.h"
#include "pactdiff_internal.h"

static int date_eq(pact_date x, pact_date y)
{
	return x.year == y.year && x.month == y.month && x.day == y.day;
}

static int push_change(pact_cite_changes *out, pact_change st, const pact_cite *c,
                       pact_date old_date)
{
	pact_cites tmp = PACT_CITES_INIT;
	pact_cite_change *p = pact_alloc__grow(out->items, &out->cap, out->count, sizeof(*p), 4);
	if (!p)
		return -1;
	out->items = p;
	if (pact_cites_push(&tmp, c) < 0)
		return -1;
	out->items[out->count].status = st;
	out->items[out->count].cite = tmp.items[0];
	out->items[out->count].old_date = old_date;
	out->count++;
	free(tmp.items);
	return 0;
}

static int cmp_cite_ptr(const void *x, const void *y)
{
	const pact_cite *const *p = x, *const *q = y;
	return strcmp((*p)->key, (*q)->key);
}

/* by key, then by position in the array, so a run starts with the first */
static int cmp_cite_first(const void *x, const void *y)
{
	const pact_cite *const *p = x, *const *q = y;
	int r = strcmp((*p)->key, (*q)->key);
	if (r)
		return r;
	return *p < *q ? -1 : (*p > *q);
}

/* Compare two lists of citations (each free of duplicate keys) by key:
 * sorted merge, O(n log n). Output in the order of b, then dropped ones. */
static int compare_cites(pact_cite_changes *out, const pact_cites *a, const pact_cites *b)
{
	const pact_cite **sa = pact_alloc__malloc((a->count + 1) * sizeof(*sa));
	unsigned char *a_seen = pact_alloc__calloc(a->count + 1, 1);
	pact_date none = {0, 0, 0};
	int rc = -1;

	if (!sa || !a_seen)
		goto done;
	for (size_t i = 0; i < a->count; i++)
		sa[i] = &a->items[i];
	qsort(sa, a->count, sizeof(*sa), cmp_cite_ptr);
	for (size_t i = 0; i < b->count; i++) {
		const pact_cite *c = &b->items[i];
		size_t lo = 0, hi = a->count;
		const pact_cite *m = NULL;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int r = strcmp(sa[mid]->key, c->key);
			if (r == 0) {
				m = sa[mid];
				break;
			}
			if (r < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (!m) {
			if (push_change(out, PACT_CHANGE_ADDED, c, none) < 0)
				goto done;
			continue;
		}
		a_seen[m - a->items] = 1;
		if (m->date.year && c->date.year && !date_eq(m->date, c->date)) {
			if (push_change(out, PACT_CHANGE_MODIFIED, c, m->date) < 0)
				goto done;
		} else if (push_change(out, PACT_CHANGE_UNCHANGED, c, m->date) < 0) {
			goto done;
		}
	}
	for (size_t i = 0; i < a->count; i++)
		if (!a_seen[i] && push_change(out, PACT_CHANGE_REMOVED, &a->items[i], none) < 0)
			goto done;
	rc = 0;
done:
	free(sa);
	free(a_seen);
	return rc;
}

/* Scan many texts into one list without duplicates: per text, then a sort. */
static int scan_all(pact_cites *out, const char *const *texts, size_t n)
{
	pact_cites one = PACT_CITES_INIT;
	const pact_cite **s = NULL;
	pact_cites all = PACT_CITES_INIT;
	int rc = -1;

	for (size_t i = 0; i < n; i++) {
		if (!texts[i])
			continue;
		if (pact_cite_scan(&one, texts[i]) < 0)
			goto done;
		for (size_t k = 0; k < one.count; k++)
			if (pact_cites_push(&all, &one.items[k]) < 0)
				goto done;
		pact_cites_clear(&one);
	}
	/* keep the first occurrence of each key, in text order */
	s = pact_alloc__malloc((all.count + 1) * sizeof(*s));
	if (!s)
		goto done;
	for (size_t i = 0; i < all.count; i++)
		s[i] = &all.items[i];
	qsort(s, all.count, sizeof(*s), cmp_cite_first);
	{
		unsigned char *dup = pact_alloc__calloc(all.count + 1, 1);
		if (!dup)
			goto done;
		for (size_t i = 1; i < all.count; i++)
			if (!strcmp(s[i]->key, s[i - 1]->key))
				dup[s[i] - all.items] = 1;
		for (size_t i = 0; i < all.count; i++)
			if (!dup[i] && pact_cites_push(out, &all.items[i]) < 0) {
				free(dup);
				goto done;
			}
		free(dup);
	}
	rc = 0;
done:
	free(s);
	pact_cites_clear(&one);
	pact_cites_clear(&all);
	return rc;
}

int pact_diff__entry_cites(pact_clause_diff *cd)
{
	const char **ot = pact_alloc__malloc((cd->ncommits + 1) * sizeof(*ot));
	const char **nt = pact_alloc__malloc((cd->ncommits + 1) * sizeof(*nt));
	pact_cites a = PACT_CITES_INIT, b = PACT_CITES_INIT;
	int rc = -1;

	if (!ot || !nt)
		goto done;
	for (size_t i = 0; i < cd->ncommits; i++) {
		ot[i] = cd->commits[i].old_text;
		nt[i] = cd->commits[i].new_text;
	}
	if (scan_all(&a, ot, cd->ncommits) < 0 || scan_all(&b, nt, cd->ncommits) < 0)
		goto done;
	rc = compare_cites(&cd->cites, &a, &b);
done:
	free(ot);
	free(nt);
	pact_cites_clear(&a);
	pact_cites_clear(&b);
	return rc;
}

/* The commitments of a whole document, scanned for citations. */
static int doc_cites(pact_cites *out, const pact_doc *doc)
{
	size_t n = 0, x = 0;
	const char **all;
	int rc;

	for (size_t i = 0; i < doc->nclauses; i++)
		n += doc->clauses[i].ncommitments;
	all = pact_alloc__malloc((n + 1) * sizeof(*all));
	if (!all)
		return -1;
	for (size_t i = 0; i < doc->nclauses; i++)
		for (size_t k = 0; k < doc->clauses[i].ncommitments; k++)
			all[x++] = doc->clauses[i].commitments[k].text;
	rc = scan_all(out, all, x);
	free(all);
	return rc;
}

int pact_diff__doc_cites(pact_cite_changes *out, const pact_doc *a, const pact_doc *b)
{
	pact_cites ca = PACT_CITES_INIT, cb = PACT_CITES_INIT;
	int rc = -1;

	if (doc_cites(&ca, a) == 0 && doc_cites(&cb, b) == 0)
		rc = compare_cites(out, &ca, &cb);
	pact_cites_clear(&ca);
	pact_cites_clear(&cb);
	return rc;
}
