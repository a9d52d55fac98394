/*
 * align.c - pairing clauses (or commitments) of two years by id and content.
 *
 * Method, in five passes (n items, T tokens in all):
 *  1-2. Bags and vocabulary (align_vocab.c): each item becomes a bag of
 *     case-folded, tone-normalised word unigrams and bigrams (tokens.c
 *     keys), every key of both lists gets a 32-bit id, its rank, and an IDF
 *     weight w = log(1 + N / df); a bag keeps its ids in ascending order
 *     with their counts, and an item's mass is the sum of count * w.
 *     O(T + V log V) for V distinct keys.
 *  3. Candidates: small inputs (na <= PACT_ALIGN_SMALL) compare all pairs.
 *     Large ones build inverted indexes on both sides and, for each item,
 *     accumulate shared weight over its PACT_ALIGN_PROBE rarest keys (posting
 *     lists longer than PACT_ALIGN_POSTINGS are skipped: such keys are
 *     stop-words), stopping once PACT_ALIGN_SCAN postings are read; the
 *     PACT_ALIGN_CANDIDATES best get an exact score.
 *     Only items still unpaired after 4a query, so only edges with one end
 *     unpaired are found: with ids, a few items' queries, not n.
 *     O(n * (scan + postings) + n * k * L): linear in n for fixed bounds.
 *  4. Matching: same ids pair first (before 3., so that edges between two
 *     items paired by id, which nothing uses, are never scored); then greedy
 *     best-first over candidate edges by similarity (ties: closer relative
 *     position). Greedy rather than Hungarian: edges are sparse and
 *     near-duplicates rare in pacts.
 *  5. Moves: pairs off one longest increasing subsequence of new positions,
 *     O(n log n). Split / merge: a lone new item mostly contained in what
 *     its candidate old item left over after that item's own pairing is a
 *     piece split off it (and symmetrically a merge).
 * Similarity is the weighted Dice coefficient 2*sum(min)/(mass_a + mass_b),
 * in [0, 1]: robust to reordered sentences, gentle with partial rewording.
 */
/* qsort_r (POSIX.1-2024, glibc 2.8, musl 1.2.3): the edges' order needs
 * the sides' sizes */
#define _GNU_SOURCE
#include "align.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pact/error.h"
#include "align_internal.h"
#include "tokens.h"

#define PACT_ALIGN_PROBE 16     /* rarest keys of an item used to find candidates */
#define PACT_ALIGN_POSTINGS 256 /* longer posting lists are stop-words */
#define PACT_ALIGN_SCAN 1024    /* postings a query scans past its rarest key */

typedef pact_align_bag bag;
typedef pact_align_vocab vocab;

/* the weight of entry k of bag g */
static double bag_w(const bag *g, size_t k, const double *idf)
{
	return pact_align__bag_w(g, k, idf);
}

/* sum over shared keys of min(w_a, w_b) */
static double bag_overlap(const bag *x, const bag *y, const double *idf)
{
	size_t i = 0, j = 0;
	double s = 0;
	while (i < x->n && j < y->n) {
		if (x->keys[i].id < y->keys[j].id)
			i++;
		else if (x->keys[i].id > y->keys[j].id)
			j++;
		else {
			double wx = bag_w(x, i, idf), wy = bag_w(y, j, idf);
			s += wx < wy ? wx : wy;
			i++;
			j++;
		}
	}
	return s;
}

static double dice(const bag *x, const bag *y, const double *idf)
{
	double tot = x->mass + y->mass;
	if (tot <= 0)
		return (x->n == 0 && y->n == 0) ? 1.0 : 0.0;
	double s = 2 * bag_overlap(x, y, idf) / tot;
	return s > 1 ? 1 : s;
}

/* How much of `piece` lies in what `whole` keeps after `partner` took its
 * share: sum min(w_piece, max(0, w_whole - w_partner)) / mass(piece). */
static double residual_containment(const bag *piece, const bag *whole, const bag *partner,
                                   const double *idf)
{
	size_t i = 0, j = 0, k = 0;
	double s = 0;
	if (piece->mass <= 0)
		return 0;
	for (i = 0; i < piece->n; i++) {
		uint32_t id = piece->keys[i].id;
		double ww = 0, wp = 0, left, w = bag_w(piece, i, idf);
		while (j < whole->n && whole->keys[j].id < id)
			j++;
		if (j < whole->n && whole->keys[j].id == id)
			ww = bag_w(whole, j, idf);
		if (partner) {
			while (k < partner->n && partner->keys[k].id < id)
				k++;
			if (k < partner->n && partner->keys[k].id == id)
				wp = bag_w(partner, k, idf);
		}
		left = ww - wp;
		if (left > 0)
			s += w < left ? w : left;
	}
	return s / piece->mass;
}

/* 32-bit indices: an alignment has at most PACT_MAX_CLAUSES x
 * PACT_MAX_COMMITMENTS items (2e7), and edges and postings are the bulk of
 * a 10 000-clause diff's memory */
typedef struct edge {
	uint32_t a, b;
	double sim;
} edge;

typedef struct edges {
	edge *items;
	size_t count, cap;
} edges;

static int edge_add(edges *e, size_t a, size_t b, double sim)
{
	edge *p = pact_alloc__grow(e->items, &e->cap, e->count, sizeof(*p), 256);
	if (!p)
		return -1;
	e->items = p;
	e->items[e->count].a = (uint32_t)a;
	e->items[e->count].b = (uint32_t)b;
	e->items[e->count].sim = sim;
	e->count++;
	return 0;
}

/* |relative position difference| of an edge's items, the tie-break of equal
 * similarities: computed when compared rather than stored, as edges are
 * the bulk of a large alignment's memory. */
static double edge_pos(const edge *x, size_t na, size_t nb)
{
	return fabs((na ? (double)x->a / (double)na : 0) - (nb ? (double)x->b / (double)nb : 0));
}

/* best first: similarity, then position (ctx: the two sides' sizes), then
 * index, a total order */
static int cmp_edge(const void *x, const void *y, void *ctx)
{
	const edge *p = x, *q = y;
	const size_t *n = ctx;
	if (p->sim != q->sim)
		return p->sim > q->sim ? -1 : 1;
	double pp = edge_pos(p, n[0], n[1]), qp = edge_pos(q, n[0], n[1]);
	if (pp != qp)
		return pp < qp ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : (p->b > q->b);
}

/* Inverted index of one side: the items with key id k are
 * items[off[k]..off[k+1]) */
typedef struct index {
	uint32_t *off;
	uint32_t *items;
} index_t;

/* The length of key id's posting list in the index of one side (side_a:
 * the old one): its document frequency there (a bag lists each key once),
 * or 0 when that is more than PACT_ALIGN_POSTINGS: such keys are
 * stop-words, not indexed (docs/diff.md). */
static size_t postings(const vocab *v, uint32_t id, int side_a)
{
	uint32_t df = side_a ? v->df_a[id] : v->df_b[id];
	return df <= PACT_ALIGN_POSTINGS ? df : 0;
}

/* The posting lists of one side, of the keys in `want` only (those some
 * query of the other side probes: with ids, the few lone items' keys).
 * Their lengths are known (postings), so one pass over the bags deals the
 * items, in ascending order, writing only where a probe will read. */
static int index_build(index_t *ix, const vocab *v, const bag *bags, size_t n, int side_a,
                       const unsigned char *want)
{
	uint32_t *fill = NULL;
	int rc = -1;

	ix->off = pact_alloc__malloc((v->n + 1) * sizeof(*ix->off));
	fill = pact_alloc__malloc((v->n + 1) * sizeof(*fill));
	if (!ix->off || !fill)
		goto done;
	ix->off[0] = 0;
	for (size_t id = 0; id < v->n; id++) {
		fill[id] = ix->off[id];
		ix->off[id + 1] =
		        ix->off[id] + (want[id] ? (uint32_t)postings(v, (uint32_t)id, side_a) : 0);
	}
	ix->items = pact_alloc__malloc((ix->off[v->n] + 1) * sizeof(*ix->items));
	if (!ix->items)
		goto done;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < bags[i].n; k++) {
			uint32_t id = bags[i].keys[k].id;
			if (want[id] && fill[id] < ix->off[id + 1])
				ix->items[fill[id]++] = (uint32_t)i;
		}
	rc = 0;
done:
	free(fill);
	return rc;
}

/* A key of a query (its weight in the query, its id) or a candidate (its
 * accumulated score, its index): both are ranked best first by score, then
 * by smaller id, a total order. For keys the ties fall as they did when the
 * order was the bag's (ascending ids) kept by a stable selection. */
typedef struct ranked {
	double score;
	size_t id;
} ranked;

static int better(const ranked *x, const ranked *y)
{
	return x->score > y->score || (x->score == y->score && x->id < y->id);
}

/* Move the k best of r[n] to the front, best first: insertion into a sorted
 * prefix of at most k, so one comparison per element that does not beat the
 * k-th (most of them), O(n * k) at worst; k is PACT_ALIGN_PROBE or
 * _CANDIDATES. The full sort this replaces was a third of a 10 000-clause
 * diff. Returns min(n, k). */
static size_t top_k(ranked *r, size_t n, size_t k)
{
	size_t have = 0;

	for (size_t i = 0; i < n; i++) {
		ranked x = r[i];
		size_t at;
		if (have == k && !better(&x, &r[k - 1]))
			continue;
		if (have < k)
			have++;
		for (at = have - 1; at > 0 && better(&x, &r[at - 1]); at--)
			r[at] = r[at - 1];
		r[at] = x;
	}
	return have;
}

/* How many of a query's probe keys pr[np] (rarest first) it scans: all of
 * them while their posting lists hold PACT_ALIGN_SCAN items in all, and
 * at least the first. Without this bound, 16 keys each in just under
 * PACT_ALIGN_POSTINGS items (20 000 clauses written with 50 words) made
 * every query scan 4 000 postings: linear in n, but 4 s. A true match
 * shares a query's rarest keys first, and with them the largest part of
 * its score, so the keys left out are the ones that find the fewest true
 * matches per item scanned. */
static size_t keys_within_scan(const vocab *v, int side_a, const ranked *pr, size_t np)
{
	size_t scanned = 0, p;

	for (p = 0; p < np; p++) {
		scanned += postings(v, (uint32_t)pr[p].id, side_a);
		if (p > 0 && scanned > PACT_ALIGN_SCAN)
			break;
	}
	return p;
}

/* The keys query q probes in the other side's index into pr (room for
 * q->n), best first; their number. Those with postings there, at most
 * PACT_ALIGN_PROBE of the rarest, as many as PACT_ALIGN_SCAN allows; none
 * when every key of q is a stop-word there or absent. */
static size_t probe_keys(ranked *pr, const bag *q, const vocab *v, int q_is_b)
{
	size_t np = 0;

	for (size_t k = 0; k < q->n; k++) {
		uint32_t id = q->keys[k].id;
		if (!postings(v, id, q_is_b))
			continue;
		pr[np].score = bag_w(q, k, v->idf);
		pr[np].id = id;
		np++;
	}
	np = top_k(pr, np, PACT_ALIGN_PROBE); /* rarest first */
	return keys_within_scan(v, q_is_b, pr, np);
}

/* Whether the edges of b, b_first[b] .. b_first[b + 1], hold one to a. */
static int edge_known(const edges *e, const size_t *b_first, size_t a, size_t b)
{
	for (size_t x = b_first[b]; x < b_first[b + 1]; x++)
		if (e->items[x].a == a)
			return 1;
	return 0;
}

/* Whether an edge can still matter once ids have paired items (4a): one
 * whose items are both paired by id is never taken by the greedy pass (4b)
 * nor seen by split / merge (5b, which wants one lone item), so it is
 * neither scored nor kept. Most clauses of most years pair by id. */
static int edge_useful(const pact_alignment *al, size_t a, size_t b)
{
	return al->a_to_b[a] < 0 || al->b_to_a[b] < 0;
}

/* Whether item i of one side (side_b: the new one) is still unpaired. */
static int lone(const pact_alignment *al, int side_b, size_t i)
{
	return (side_b ? al->b_to_a[i] : al->a_to_b[i]) < 0;
}

/* For each query item still unpaired, find candidates among `other`
 * through `ix` and add an edge to each. Only lone items query: an edge is
 * of use when one end is lone (edge_useful), and the lone end's own query
 * finds it. The pairs by content (4b) join two lone items, which both
 * query; a piece split off an item, or merged into one (5b), has all its
 * keys in that item, which its query therefore scores highest (only items
 * that also hold every probe key of the piece can tie). Items paired by id
 * used to query as well, to reach the lone items among their own best
 * candidates: with 10 000 clauses almost every one reached one, so that
 * was most of the candidate search, and it found links the lone item's
 * query already had. Side b queries first (q_is_b), and each b's edges
 * are contiguous: they start at b_first[b]. Side a's queries then skip the
 * edges b's found already, so each pair is an edge once. */
static int probe_side(edges *e, const vocab *v, const index_t *ix, const bag *q, size_t nq,
                      size_t nother, int q_is_b, size_t *b_first, const pact_alignment *al)
{
	double *acc = pact_alloc__calloc(nother + 1, sizeof(*acc));
	size_t *touched = pact_alloc__malloc((nother + 1) * sizeof(*touched));
	ranked *pr = NULL;
	ranked *sc = pact_alloc__malloc((nother + 1) * sizeof(*sc));
	size_t maxn = 1;
	int rc = -1;

	for (size_t i = 0; i < nq; i++)
		if (q[i].n > maxn)
			maxn = q[i].n;
	pr = pact_alloc__malloc(maxn * sizeof(*pr));
	if (!acc || !touched || !pr || !sc)
		goto done;
	for (size_t i = 0; i < nq; i++) {
		size_t np = 0, nt = 0;
		if (q_is_b)
			b_first[i] = e->count;
		if (!lone(al, q_is_b, i))
			continue;
		np = probe_keys(pr, &q[i], v, q_is_b);
		for (size_t p = 0; p < np; p++)
			for (size_t x = ix->off[pr[p].id]; x < ix->off[pr[p].id + 1]; x++) {
				size_t o = ix->items[x];
				if (acc[o] == 0)
					touched[nt++] = o;
				acc[o] += pr[p].score;
			}
		for (size_t t = 0; t < nt; t++) {
			sc[t].id = touched[t];
			sc[t].score = acc[touched[t]];
			acc[touched[t]] = 0;
		}
		nt = top_k(sc, nt, PACT_ALIGN_CANDIDATES);
		if (nt == 0 && nother > 0) {
			/* every key is a stop-word here (e.g. thousands of identical
			 * clauses): fall back to the items at the same relative
			 * position, so duplicates still pair in order */
			size_t c = (size_t)((double)i * (double)nother / (double)nq);
			for (size_t o = c > 2 ? c - 2 : 0; o < nother && o <= c + 2; o++) {
				sc[nt].id = o;
				sc[nt].score = 0;
				nt++;
			}
		}
		/* scored exactly by the caller, once both directions are done */
		for (size_t t = 0; t < nt; t++) {
			size_t a = q_is_b ? sc[t].id : i, b = q_is_b ? i : sc[t].id;
			if (!q_is_b && edge_known(e, b_first, a, b))
				continue;
			if (edge_add(e, a, b, 0) < 0)
				goto done;
		}
	}
	if (q_is_b)
		b_first[nq] = e->count;
	rc = 0;
done:
	free(acc);
	free(touched);
	free(pr);
	free(sc);
	return rc;
}

int pact_align__lis(unsigned char *keep, const size_t *seq, size_t n)
{
	/* patience sorting with predecessor links: O(n log n) */
	size_t *tails = pact_alloc__malloc((n + 1) * sizeof(*tails));
	size_t *prev = pact_alloc__malloc((n + 1) * sizeof(*prev));
	size_t len = 0;
	int rc = PACT_ENOMEM;

	if (!tails || !prev)
		goto done;
	memset(keep, 0, n);
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (seq[tails[mid]] < seq[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tails[lo - 1] : (size_t)-1;
		tails[lo] = i;
		if (lo == len)
			len++;
	}
	if (len) {
		for (size_t i = tails[len - 1];; i = prev[i]) {
			keep[i] = 1;
			if (prev[i] == (size_t)-1)
				break;
		}
	}
	rc = 0;
done:
	free(tails);
	free(prev);
	return rc;
}

static int cmp_pair_a(const void *x, const void *y)
{
	const pact_align_pair *p = x, *q = y;
	return p->a < q->a ? -1 : (p->a > q->a);
}

/* id -> index for side a, by hashing the string */
static long id_lookup(const char *const *ids, const long *tab, size_t cap, const char *id)
{
	uint64_t k = pact_tokens__hash(id, strlen(id), 7);
	size_t i = (size_t)k & (cap - 1);
	while (tab[i] >= 0) {
		if (!strcmp(ids[tab[i]], id))
			return tab[i];
		i = (i + 1) & (cap - 1);
	}
	return -1;
}

/* 4a. items that share an id pair first (duplicate ids: the first wins);
 * a hash table of side a's ids. Their similarity is set once the bags are
 * made (pair_similarity). 0 or -1 (out of memory). */
static int pair_by_ids(pact_alignment *al, const char *const *a_ids, const char *const *b_ids)
{
	size_t na = al->na, nb = al->nb, idcap = 16, i;
	long *idtab = NULL;

	while (idcap < 2 * na + 2)
		idcap *= 2;
	idtab = pact_alloc__malloc(idcap * sizeof(*idtab));
	if (!idtab)
		return -1;
	for (i = 0; i < idcap; i++)
		idtab[i] = -1;
	for (i = 0; i < na; i++) {
		if (!a_ids[i])
			continue;
		if (id_lookup(a_ids, idtab, idcap, a_ids[i]) >= 0)
			continue; /* duplicate id: first wins */
		uint64_t h = pact_tokens__hash(a_ids[i], strlen(a_ids[i]), 7);
		size_t s = (size_t)h & (idcap - 1);
		while (idtab[s] >= 0)
			s = (s + 1) & (idcap - 1);
		idtab[s] = (long)i;
	}
	for (i = 0; i < nb; i++) {
		long j;
		if (!b_ids[i])
			continue;
		j = id_lookup(a_ids, idtab, idcap, b_ids[i]);
		if (j < 0 || al->a_to_b[j] >= 0)
			continue;
		al->a_to_b[j] = (long)i;
		al->b_to_a[i] = j;
		al->pairs[al->nprimary].a = (size_t)j;
		al->pairs[al->nprimary].b = i;
		al->pairs[al->nprimary].similarity = 0;
		al->pairs[al->nprimary].kind = PACT_PAIR_ID;
		al->pairs[al->nprimary].moved = 0;
		al->nprimary++;
	}
	free(idtab);
	return 0;
}

/* Whether items x and y have the same parts, byte for byte. */
static int same_parts(const pact_align_item *x, const pact_align_item *y)
{
	if (x->nparts != y->nparts)
		return 0;
	for (size_t p = 0; p < x->nparts; p++) {
		const char *s = x->parts[p], *t = y->parts[p];
		if ((s == NULL) != (t == NULL) || (s && strcmp(s, t)))
			return 0;
	}
	return 1;
}

/* twin[i] for each new item i: the old item it is paired with by id when
 * their parts are the same bytes (its bag is the same: pass 1 copies it),
 * else -1. NULL when out of memory; the caller frees it. */
static long *id_twins(const pact_alignment *al, const pact_align_item *a, const pact_align_item *b)
{
	long *twin = pact_alloc__malloc((al->nb + 1) * sizeof(*twin));

	for (size_t i = 0; twin && i < al->nb; i++) {
		long j = al->b_to_a[i];
		twin[i] = j >= 0 && same_parts(&a[j], &b[i]) ? j : -1;
	}
	return twin;
}

/* 5b. split and merge, over edges touching one lone and one paired item:
 * appended to al->pairs after the primary pairs. 0 or -1 (out of memory). */
static int link_pieces(pact_alignment *al, const edges *e, const bag *ba, const bag *bb,
                       const double *idf, const pact_align_opts *opts)
{
	size_t na = al->na, nb = al->nb, i;
	long *best_b = pact_alloc__malloc((nb + 1) * sizeof(long)); /* best a for lone b */
	long *best_a = pact_alloc__malloc((na + 1) * sizeof(long)); /* best b for lone a */
	double *sb = pact_alloc__malloc((nb + 1) * sizeof(double));
	double *sa = pact_alloc__malloc((na + 1) * sizeof(double));
	int rc = -1;

	if (!best_b || !best_a || !sb || !sa)
		goto done;
	for (i = 0; i < nb; i++) {
		best_b[i] = -1;
		sb[i] = 0;
	}
	for (i = 0; i < na; i++) {
		best_a[i] = -1;
		sa[i] = 0;
	}
	for (i = 0; i < e->count; i++) {
		const edge *x = &e->items[i];
		if (x->sim <= 0)
			continue;
		if (al->b_to_a[x->b] < 0 && al->a_to_b[x->a] >= 0) {
			double c = residual_containment(&bb[x->b], &ba[x->a], &bb[al->a_to_b[x->a]],
			                                idf);
			if (c >= opts->contain && c > sb[x->b]) {
				sb[x->b] = c;
				best_b[x->b] = (long)x->a;
			}
		}
		if (al->a_to_b[x->a] < 0 && al->b_to_a[x->b] >= 0) {
			double c = residual_containment(&ba[x->a], &bb[x->b], &ba[al->b_to_a[x->b]],
			                                idf);
			if (c >= opts->contain && c > sa[x->a]) {
				sa[x->a] = c;
				best_a[x->a] = (long)x->b;
			}
		}
	}
	for (i = 0; i < nb; i++)
		if (best_b[i] >= 0) {
			pact_align_pair *p = &al->pairs[al->npairs++];
			p->a = (size_t)best_b[i];
			p->b = i;
			p->similarity = sb[i];
			p->kind = PACT_PAIR_SPLIT;
			p->moved = 0;
		}
	for (i = 0; i < na; i++)
		if (best_a[i] >= 0) {
			pact_align_pair *p = &al->pairs[al->npairs++];
			p->a = i;
			p->b = (size_t)best_a[i];
			p->similarity = sa[i];
			p->kind = PACT_PAIR_MERGE;
			p->moved = 0;
		}
	rc = 0;
done:
	free(best_b);
	free(best_a);
	free(sb);
	free(sa);
	return rc;
}

int pact_align__texts(pact_alignment **out, const char *const *a, const char *const *a_ids,
                      size_t na, const char *const *b, const char *const *b_ids, size_t nb,
                      const pact_align_opts *opts)
{
	pact_align_item *ia = pact_alloc__calloc(na + 1, sizeof(*ia)),
	                *ib = pact_alloc__calloc(nb + 1, sizeof(*ib));
	int rc = PACT_ENOMEM;

	*out = NULL;
	if (!ia || !ib)
		goto done;
	for (size_t i = 0; i < na; i++) {
		ia[i].parts = &a[i];
		ia[i].nparts = 1;
	}
	for (size_t i = 0; i < nb; i++) {
		ib[i].parts = &b[i];
		ib[i].nparts = 1;
	}
	rc = pact_align__parts(out, ia, a_ids, na, ib, b_ids, nb, opts);
done:
	free(ia);
	free(ib);
	return rc;
}

/* An empty alignment of na and nb items, with room for every pair. */
static pact_alignment *alignment_new(size_t na, size_t nb)
{
	pact_alignment *al = pact_alloc__calloc(1, sizeof(*al));
	if (!al)
		return NULL;
	al->na = na;
	al->nb = nb;
	al->a_to_b = pact_alloc__malloc((na + 1) * sizeof(long));
	al->b_to_a = pact_alloc__malloc((nb + 1) * sizeof(long));
	al->pairs = pact_alloc__malloc((na + nb + 1) * sizeof(*al->pairs));
	if (!al->a_to_b || !al->b_to_a || !al->pairs) {
		pact_align__free(al);
		return NULL;
	}
	for (size_t i = 0; i < na; i++)
		al->a_to_b[i] = -1;
	for (size_t i = 0; i < nb; i++)
		al->b_to_a[i] = -1;
	return al;
}

/* want[id] set for each key that a lone item of side q (q_is_b: the new
 * one) probes in the other side's index. 0 or -1. */
static int wanted_keys(unsigned char *want, const vocab *v, const bag *q, size_t nq, int q_is_b,
                       const pact_alignment *al)
{
	size_t maxn = 1;
	ranked *pr;

	for (size_t i = 0; i < nq; i++)
		if (q[i].n > maxn)
			maxn = q[i].n;
	if (!(pr = pact_alloc__malloc(maxn * sizeof(*pr))))
		return -1;
	for (size_t i = 0; i < nq; i++) {
		size_t np = lone(al, q_is_b, i) ? probe_keys(pr, &q[i], v, q_is_b) : 0;
		for (size_t p = 0; p < np; p++)
			want[pr[p].id] = 1;
	}
	free(pr);
	return 0;
}

/* 3. Candidate edges, each scored: every pair of a small input; through
 * the inverted indexes of both sides otherwise, each of the keys the
 * other side's lone items probe. */
static int find_candidates(edges *e, const vocab *v, const bag *ba, size_t na, const bag *bb,
                           size_t nb, const pact_alignment *al)
{
	index_t ixa = {0}, ixb = {0};
	size_t *b_first = NULL;
	unsigned char *want_a = NULL, *want_b = NULL; /* keys to index on each side */
	int rc = -1;

	if (na <= PACT_ALIGN_SMALL || nb <= PACT_ALIGN_SMALL) {
		for (size_t i = 0; i < na; i++)
			for (size_t j = 0; j < nb; j++)
				if (edge_useful(al, i, j) &&
				    edge_add(e, i, j, dice(&ba[i], &bb[j], v->idf)) < 0)
					return -1;
		return 0;
	}
	b_first = pact_alloc__malloc((nb + 1) * sizeof(*b_first));
	want_a = pact_alloc__calloc(v->n + 1, 1);
	want_b = pact_alloc__calloc(v->n + 1, 1);
	if (!b_first || !want_a || !want_b || wanted_keys(want_a, v, bb, nb, 1, al) < 0 ||
	    wanted_keys(want_b, v, ba, na, 0, al) < 0 ||
	    index_build(&ixa, v, ba, na, 1, want_a) < 0 ||
	    index_build(&ixb, v, bb, nb, 0, want_b) < 0)
		goto done;
	if (probe_side(e, v, &ixa, bb, nb, na, 1, b_first, al) < 0 ||
	    probe_side(e, v, &ixb, ba, na, nb, 0, b_first, al) < 0)
		goto done;
	for (size_t i = 0; i < e->count; i++)
		e->items[i].sim = dice(&ba[e->items[i].a], &bb[e->items[i].b], v->idf);
	rc = 0;
done:
	free(b_first);
	free(want_a);
	free(want_b);
	free(ixa.off);
	free(ixa.items);
	free(ixb.off);
	free(ixb.items);
	return rc;
}

/* 4b. Greedy best-first over the edges at or above the threshold, among
 * the items 4a left unpaired; then the primary pairs in old order. */
static void pair_greedy(pact_alignment *al, edges *e, double threshold)
{
	/* an empty side leaves e->items NULL: qsort must not see it, even
	 * with a count of 0 */
	size_t sides[2] = {al->na, al->nb};
	if (e->count)
		qsort_r(e->items, e->count, sizeof(*e->items), cmp_edge, sides);
	for (size_t i = 0; i < e->count; i++) {
		const edge *x = &e->items[i];
		pact_align_pair *p = &al->pairs[al->nprimary];
		if (x->sim < threshold)
			break;
		if (al->a_to_b[x->a] >= 0 || al->b_to_a[x->b] >= 0)
			continue;
		al->a_to_b[x->a] = (long)x->b;
		al->b_to_a[x->b] = (long)x->a;
		p->a = x->a;
		p->b = x->b;
		p->similarity = x->sim;
		p->kind = PACT_PAIR_CONTENT;
		p->moved = 0;
		al->nprimary++;
	}
	if (al->nprimary)
		qsort(al->pairs, al->nprimary, sizeof(*al->pairs), cmp_pair_a);
}

/* 5a. Moves: the primary pairs off one longest increasing subsequence of
 * new positions. 0 or -1 (out of memory). */
static int mark_moves(pact_alignment *al)
{
	size_t *seq = pact_alloc__malloc((al->nprimary + 1) * sizeof(*seq));
	unsigned char *keep = pact_alloc__malloc(al->nprimary + 1);
	int rc = -1;

	if (!seq || !keep)
		goto done;
	for (size_t i = 0; i < al->nprimary; i++)
		seq[i] = al->pairs[i].b;
	if (pact_align__lis(keep, seq, al->nprimary) < 0)
		goto done;
	for (size_t i = 0; i < al->nprimary; i++)
		al->pairs[i].moved = !keep[i];
	rc = 0;
done:
	free(seq);
	free(keep);
	return rc;
}

/* The passes of the method comment at the top of this file, in order. */
int pact_align__parts(pact_alignment **out, const pact_align_item *a, const char *const *a_ids,
                      size_t na, const pact_align_item *b, const char *const *b_ids, size_t nb,
                      const pact_align_opts *opts)
{
	pact_align_opts def = PACT_ALIGN_OPTS_INIT;
	pact_alignment *al = NULL;
	bag *ba = NULL, *bb = NULL;
	vocab v = {0};
	edges e = {0};
	long *twin = NULL;
	int rc = PACT_ENOMEM;

	*out = NULL;
	if (!opts)
		opts = &def;
	if (!(al = alignment_new(na, nb)))
		goto done;
	/* 4a. first: edges between items paired by id go unscored (3.), and
	 * a new item paired with the same text reuses the old one's bag (1.) */
	if (!opts->no_ids && a_ids && b_ids && pair_by_ids(al, a_ids, b_ids) < 0)
		goto done;
	if (!(twin = id_twins(al, a, b)) ||
	    pact_align__bags(&v, &ba, a, na, &bb, b, nb, twin, 1) < 0) /* 1. and 2. */
		goto done;
	for (size_t i = 0; i < al->nprimary; i++)
		al->pairs[i].similarity = dice(&ba[al->pairs[i].a], &bb[al->pairs[i].b], v.idf);
	if (find_candidates(&e, &v, ba, na, bb, nb, al) < 0) /* 3. */
		goto done;
	pair_greedy(al, &e, opts->threshold); /* 4b. */
	/* 5. */
	if (mark_moves(al) < 0)
		goto done;
	al->npairs = al->nprimary;
	/* containment is at most 1: above it, no piece can be linked */
	if (opts->contain <= 1.0 && link_pieces(al, &e, ba, bb, v.idf, opts) < 0)
		goto done;
	*out = al;
	al = NULL;
	rc = 0;
done:
	pact_align__free(al);
	pact_align__bags_free(ba);
	pact_align__bags_free(bb);
	pact_align__vocab_free(&v);
	free(e.items);
	free(twin);
	return rc;
}

void pact_align__free(pact_alignment *al)
{
	if (!al)
		return;
	free(al->pairs);
	free(al->a_to_b);
	free(al->b_to_a);
	free(al);
}

double pact_align__similarity(const char *a, const char *b)
{
	pact_align_item x = {&a, 1, NULL}, y = {&b, 1, NULL};
	bag *bx = NULL, *by = NULL;
	vocab v = {0};
	double s = 0;

	if (pact_align__bags(&v, &bx, &x, 1, &by, &y, 1, NULL, 0) == 0)
		s = dice(&bx[0], &by[0], v.idf);
	pact_align__bags_free(bx);
	pact_align__bags_free(by);
	pact_align__vocab_free(&v);
	return s;
}
