/*
 * pactdiff_order.c - pass 3 of pact_diff_docs (pactdiff.c) for one entry:
 * its commitments' in-clause moves (LIS over the pairs in old order), their
 * reading order (new position; a removed one after its old predecessor),
 * then its citations (pactdiff_cites.c); and the order both it and pass 4
 * (the entries in reading order) sort by.
 */
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "alloc.h"
#include "pactdiff_internal.h"

int pact_diff__cmp_ord(const void *x, const void *y)
{
	const pact_diff__ord *p = x, *q = y;
	if (p->major != q->major)
		return p->major < q->major ? -1 : 1;
	if (p->minor != q->minor)
		return p->minor < q->minor ? -1 : 1;
	return p->i < q->i ? -1 : (p->i > q->i);
}

int pact_diff__order_entry(pact_clause_diff *cd)
{
	size_t n = cd->ncommits, np = 0;
	pact_diff__ord *o = pact_alloc__malloc((n + 1) * sizeof(*o));
	size_t *seq = pact_alloc__malloc((n + 1) * sizeof(*seq)),
	       *idx = pact_alloc__malloc((n + 1) * sizeof(*idx));
	unsigned char *keep = pact_alloc__malloc(n + 1);
	pact_commit_diff *sorted = pact_alloc__malloc((n + 1) * sizeof(*sorted));
	int rc = -1;

	if (!o || !seq || !idx || !keep || !sorted)
		goto done;
	/* in-clause moves: LIS over pairs from this clause, in old order */
	for (size_t i = 0; i < n; i++)
		if (cd->commits[i].old_index >= 0 && cd->commits[i].new_index >= 0 &&
		    !cd->commits[i].from.present)
			idx[np++] = i;
	for (size_t x = 1; x < np; x++) { /* insertion sort by old index: k <= 1000 */
		size_t v = idx[x], y = x;
		while (y > 0 && cd->commits[idx[y - 1]].old_index > cd->commits[v].old_index) {
			idx[y] = idx[y - 1];
			y--;
		}
		idx[y] = v;
	}
	for (size_t x = 0; x < np; x++)
		seq[x] = (size_t)cd->commits[idx[x]].new_index;
	if (pact_align__lis(keep, seq, np) < 0)
		goto done;
	for (size_t x = 0; x < np; x++)
		cd->commits[idx[x]].moved = !keep[x];
	/* reading order: new position; removed ones after their old predecessor */
	for (size_t i = 0; i < n; i++) {
		const pact_commit_diff *c = &cd->commits[i];
		o[i].i = i;
		if (c->new_index >= 0) {
			o[i].major = (double)c->new_index;
			o[i].minor = 0;
		} else {
			long anchor = -1, best_old = -1;
			for (size_t x = 0; x < np; x++) {
				const pact_commit_diff *p = &cd->commits[idx[x]];
				if (p->old_index < c->old_index && p->old_index > best_old) {
					best_old = p->old_index;
					anchor = p->new_index;
				}
			}
			o[i].major = (double)anchor + 0.5;
			o[i].minor = (double)c->old_index;
		}
	}
	qsort(o, n, sizeof(*o), pact_diff__cmp_ord);
	for (size_t i = 0; i < n; i++)
		sorted[i] = cd->commits[o[i].i];
	memcpy(cd->commits, sorted, n * sizeof(*sorted));
	rc = pact_diff__entry_cites(cd);
done:
	free(o);
	free(seq);
	free(idx);
	free(keep);
	free(sorted);
	return rc;
}
