/*
 * align_vocab.c - passes 1 and 2 of an alignment (align.c): each item's
 * bag of words and word pairs, and the vocabulary of both sides.
 *
 * Method, O(T + V log V) for T tokens, V distinct keys:
 *  1. One pass over the items' tokens interns every key in a hash table of
 *     entries: a word, found by its fold key from tokens.c and confirmed
 *     by its spelling or key string, or a pair of consecutive words, found
 *     by their two entries. A hash only says where to look, so two words
 *     crafted to share one stay two keys. A pair's own key, the hash of
 *     its words' fold keys, is computed once, when the pair is new. An
 *     entry remembers the last item that had it (a stamp), so the item's
 *     occurrences are counted there and each item keeps its distinct
 *     entries once, in first-seen order, with their counts; the stamp
 *     also counts each side's documents (df).
 *  2. The distinct keys are sorted once by hash (entries that share one,
 *     in first-seen order) and numbered by rank: a key's id.
 *     Each bag must list its ids in ascending order (the overlap of two bags
 *     is a merge, and weights are summed in that order): the bags' keys lie
 *     one after another in one array, and each bag is renumbered and sorted
 *     in place, O(b^1.3) for a bag of b keys while it is in cache.
 */
#include "align_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tokens.h"

/* key -> entry, open addressing over entry numbers + 1 (0: empty). Keys
 * are 64-bit hashes, and two different words (or word pairs) could be
 * crafted to share one: an entry is a word's case-folded key string or a
 * pair of word entries, and a key's hash only finds where to look. A word
 * entry keeps the spelling it was first seen with; a later occurrence with
 * the same bytes is the same word at the cost of a memcmp, and another
 * spelling with the same hash ("Tỉnh" for "tỉnh", "hoà" for "hòa") is
 * compared by key string once, then remembered in `spellings`. */
/* one key: a word or a pair of words, and its counts */
typedef struct entry {
	uint64_t key;
	uint64_t ident;   /* a word's spelling length; a pair's two entries */
	const char *text; /* a word's first spelling (not owned); NULL for a pair */
	uint32_t df_a, df_b;
	uint32_t stamp; /* the last item that had the key, numbered from 1 */
	uint32_t cnt;   /* its occurrences in that item */
} entry;

typedef struct interner {
	uint32_t *slots;
	size_t cap; /* a power of two, at least twice the entries */
	entry *e;   /* what a look-up compares, side by side */
	size_t n, ecap;
	/* spelling -> word entry, for the spellings that are not an entry's
	 * first: open addressing over (hash, bytes) */
	struct spelling {
		uint64_t h;
		const char *w;
		size_t len;
		size_t entry; /* (size_t)-1: empty */
	} * spellings;
	size_t scap, sn;
} interner;

static void interner_free(interner *in)
{
	free(in->slots);
	free(in->e);
	free(in->spellings);
}

/* Where a pair of word entries (a, b) is looked up: a multiplicative mix
 * of the two, cheaper than its key, which only its first occurrence
 * computes. */
static uint64_t pair_place(uint64_t ident)
{
	uint64_t h = ident * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 29);
}

/* Where entry x is looked up: a word by its key, a pair by its entries. */
static uint64_t place(const entry *x)
{
	return x->text ? x->key : pair_place(x->ident);
}

/* the first empty slot from `at` on (the table is never full) */
static size_t free_slot(const interner *in, uint64_t at)
{
	size_t i = (size_t)at & (in->cap - 1);
	while (in->slots[i])
		i = (i + 1) & (in->cap - 1);
	return i;
}

/* double the table (kept at most half full) */
static int rehash(interner *in)
{
	uint32_t *old = in->slots;
	size_t ocap = in->cap;

	in->cap = ocap ? 2 * ocap : 256;
	in->slots = pact_alloc__calloc(in->cap, sizeof(*in->slots));
	if (!in->slots) {
		in->slots = old;
		in->cap = ocap;
		return -1;
	}
	for (size_t i = 0; i < ocap; i++)
		if (old[i])
			in->slots[free_slot(in, place(&in->e[old[i] - 1]))] = old[i];
	free(old);
	return 0;
}

/* room for one more entry */
static int entries_grow(interner *in)
{
	size_t cap = in->ecap ? 2 * in->ecap : 256;
	entry *e = pact_alloc__realloc(in->e, cap * sizeof(*e));

	if (!e)
		return -1;
	in->e = e;
	in->ecap = cap;
	return 0;
}

/* A new entry for `key` (a word spelled w[len], or a pair when w is NULL,
 * ident its two entries); (size_t)-1 when out of memory. */
static size_t add_entry(interner *in, uint64_t key, const char *w, uint64_t ident)
{
	size_t e = in->n;

	if (2 * (in->n + 1) > in->cap && rehash(in) < 0)
		return (size_t)-1;
	if (in->n == in->ecap && entries_grow(in) < 0)
		return (size_t)-1;
	in->e[e] = (entry){key, ident, w, 0, 0, 0, 0};
	in->slots[free_slot(in, place(&in->e[e]))] = (uint32_t)(e + 1);
	in->n++;
	return e;
}

/* The spelling slot of w[len] (hash h): its own, or the empty one where it
 * would go. */
static struct spelling *spelling_slot(const interner *in, uint64_t h, const char *w, size_t len)
{
	size_t i = (size_t)h & (in->scap - 1);
	while (in->spellings[i].entry != (size_t)-1 &&
	       !(in->spellings[i].h == h && in->spellings[i].len == len &&
	         !memcmp(in->spellings[i].w, w, len)))
		i = (i + 1) & (in->scap - 1);
	return &in->spellings[i];
}

/* Remember that w[len] (hash h) is word entry e; 0 or -1. */
static int spelling_add(interner *in, uint64_t h, const char *w, size_t len, size_t e)
{
	if (2 * (in->sn + 1) > in->scap) {
		struct spelling *old = in->spellings;
		size_t ocap = in->scap, cap = ocap ? 2 * ocap : 64;
		struct spelling *s = pact_alloc__malloc(cap * sizeof(*s));
		if (!s)
			return -1;
		for (size_t i = 0; i < cap; i++)
			s[i].entry = (size_t)-1;
		in->spellings = s;
		in->scap = cap;
		for (size_t i = 0; i < ocap; i++)
			if (old[i].entry != (size_t)-1)
				*spelling_slot(in, old[i].h, old[i].w, old[i].len) = old[i];
		free(old);
	}
	*spelling_slot(in, h, w, len) = (struct spelling){h, w, len, e};
	in->sn++;
	return 0;
}

/* The entry of the word spelled w[len] whose fold key is `key`, added when
 * new; (size_t)-1 when out of memory. */
static size_t word_entry(interner *in, uint64_t key, const char *w, size_t len)
{
	size_t mask = in->cap - 1, e = (size_t)-1;
	uint64_t h;
	char *mine = NULL;

	for (size_t i = (size_t)key & mask; in->cap && in->slots[i]; i = (i + 1) & mask) {
		size_t x = in->slots[i] - 1;
		if (in->e[x].key == key && in->e[x].text && in->e[x].ident == len &&
		    !memcmp(in->e[x].text, w, len))
			return x; /* the spelling it was first seen with: most words */
	}
	if (in->scap) {
		h = pact_tokens__hash(w, len, 0x5be1);
		struct spelling *sp = spelling_slot(in, h, w, len);
		if (sp->entry != (size_t)-1)
			return sp->entry;
	}
	/* a new spelling: the same word as an entry with an equal key string,
	 * else a new word */
	for (size_t i = (size_t)key & mask; in->cap && in->slots[i]; i = (i + 1) & mask) {
		size_t x = in->slots[i] - 1;
		char *theirs;
		int same;
		if (in->e[x].key != key || !in->e[x].text)
			continue;
		if (!mine && !(mine = pact_tokens__key_string(w, len, 1)))
			goto done;
		if (!(theirs = pact_tokens__key_string(in->e[x].text, (size_t)in->e[x].ident, 1)))
			goto done;
		same = !strcmp(mine, theirs);
		free(theirs);
		if (same) {
			h = pact_tokens__hash(w, len, 0x5be1);
			e = spelling_add(in, h, w, len, x) < 0 ? (size_t)-1 : x;
			goto done;
		}
	}
	e = add_entry(in, key, w, len);
done:
	free(mine);
	return e;
}

/* The entry of the word pair (e1, e2), fold keys f1 and f2, added when
 * new with the hash of the two fold keys as its key (what orders the ids);
 * (size_t)-1 when out of memory. */
static size_t pair_entry(interner *in, size_t e1, uint64_t f1, size_t e2, uint64_t f2)
{
	uint64_t ident = ((uint64_t)e1 << 32) | e2, folds[2] = {f1, f2};
	size_t mask = in->cap - 1;

	for (size_t i = (size_t)pair_place(ident) & mask; in->cap && in->slots[i];
	     i = (i + 1) & mask) {
		size_t x = in->slots[i] - 1;
		if (!in->e[x].text && in->e[x].ident == ident)
			return x;
	}
	return add_entry(in, pact_tokens__hash(folds, sizeof(folds), 0x9e3779b97f4a7c15ULL), NULL,
	                 ident);
}

/* What one item's pass needs besides the interner: the tokens of the
 * item and its distinct entries, both reused from item to item; and the
 * blocks the bags' keys are appended to, one bag after another (a block
 * never moves: the bags point into it). */
typedef struct scratch {
	pact_tokens t;
	uint32_t *seen;
	size_t cap;
	pact_align_key **blocks;
	size_t nblocks, bcap;
	size_t used, room; /* of the last block */
} scratch;

/* A new last block with room for `need` keys at least, and twice the last
 * one's: growing so, rather than by realloc, copies nothing (the keys of
 * a 10 000-clause diff are 11 MB). 0 or -1. */
static int new_block(scratch *sc, size_t need)
{
	size_t room = sc->room ? 2 * sc->room : 256;
	pact_align_key **list =
	        pact_alloc__grow(sc->blocks, &sc->bcap, sc->nblocks, sizeof(*sc->blocks), 8);

	if (!list)
		return -1;
	sc->blocks = list;
	if (room < need)
		room = need;
	if (!(list[sc->nblocks] = pact_alloc__malloc(room * sizeof(**list))))
		return -1;
	sc->nblocks++;
	sc->used = 0;
	sc->room = room;
	return 0;
}

/* One occurrence of entry e in the item stamped `stamp`. */
static void count_entry(interner *in, scratch *sc, size_t *nseen, uint32_t stamp, int side_b,
                        size_t e)
{
	if (in->e[e].stamp != stamp) { /* first time in this item */
		in->e[e].stamp = stamp;
		in->e[e].cnt = 0;
		if (side_b)
			in->e[e].df_b++;
		else
			in->e[e].df_a++;
		sc->seen[(*nseen)++] = (uint32_t)e;
	}
	in->e[e].cnt++;
}

/* 1. The bag of one item, by entry in first-seen order: its words and
 * each two consecutive words, across the parts. */
static int bag_collect(pact_align_bag *g, interner *in, scratch *sc, uint32_t stamp, int side_b,
                       const pact_align_item *it)
{
	uint64_t prev = 0;
	size_t nseen = 0, prev_e = 0;
	int have_prev = 0;

	for (size_t p = 0; p < it->nparts; p++) {
		const pact_tokens *t = it->toks ? it->toks[p] : NULL;
		const char *text = it->parts[p];
		if (!text)
			continue;
		if (!t) {
			sc->t.count = 0;
			if (pact_tokens__split(&sc->t, text, strlen(text)) < 0)
				return -1;
			t = &sc->t;
		}
		if (nseen + 2 * t->count + 1 > sc->cap) {
			size_t cap = 2 * (nseen + 2 * t->count + 1);
			uint32_t *s = pact_alloc__realloc(sc->seen, cap * sizeof(*s));
			if (!s)
				return -1;
			sc->seen = s;
			sc->cap = cap;
		}
		for (size_t i = 0; i < t->count; i++) {
			const pact_token *tk = &t->items[i];
			size_t e;
			if (tk->kind != PACT_TOK_WORD)
				continue;
			if ((e = word_entry(in, tk->fold, text + tk->off, tk->len)) == (size_t)-1)
				return -1;
			count_entry(in, sc, &nseen, stamp, side_b, e);
			if (have_prev) {
				size_t pe = pair_entry(in, prev_e, prev, e, tk->fold);
				if (pe == (size_t)-1)
					return -1;
				count_entry(in, sc, &nseen, stamp, side_b, pe);
			}
			prev = tk->fold;
			prev_e = e;
			have_prev = 1;
		}
	}
	if ((!sc->nblocks || sc->used + nseen > sc->room) && new_block(sc, nseen + 1) < 0)
		return -1;
	g->keys = sc->blocks[sc->nblocks - 1] + sc->used;
	for (size_t k = 0; k < nseen; k++) {
		/* an entry until pass 2 makes it an id */
		g->keys[k].id = sc->seen[k];
		g->keys[k].count = in->e[sc->seen[k]].cnt;
	}
	sc->used += nseen;
	g->n = nseen;
	return 0;
}

/* 1. The bag of a new item whose parts are the same bytes as those of an
 * old item, `twin` (collected already): its keys and counts, each key now
 * in one more new item. What bag_collect would find, at the cost of the
 * distinct keys rather than of tokenising and interning every word again:
 * most clauses of most years are kept as they were. The two bags share
 * their keys (pass 2 sorts them once, finish_bags). */
static void bag_share(pact_align_bag *g, interner *in, const pact_align_bag *twin)
{
	for (size_t k = 0; k < twin->n; k++)
		in->e[twin->keys[k].id].df_b++; /* still an entry, until pass 2 */
	g->keys = twin->keys;
	g->n = twin->n;
}

typedef struct ranked {
	uint64_t key;
	uint32_t entry;
} ranked;

/* r[n] in ascending key order: LSD radix sort, a byte per pass, skipping
 * the passes where every key has the same byte. O(n) where a comparison
 * sort of the vocabulary was a tenth of a small diff. 0 or -1. */
static int sort_ranked(ranked *r, size_t n)
{
	ranked *tmp = pact_alloc__malloc((n + 1) * sizeof(*tmp)), *src = r, *dst = tmp;

	if (!tmp)
		return -1;
	for (unsigned shift = 0; n && shift < 64; shift += 8) {
		size_t at[257] = {0};
		for (size_t i = 0; i < n; i++)
			at[((src[i].key >> shift) & 0xff) + 1]++;
		if (at[((src[0].key >> shift) & 0xff) + 1] == n)
			continue;
		for (size_t b = 0; b < 256; b++)
			at[b + 1] += at[b];
		for (size_t i = 0; i < n; i++)
			dst[at[(src[i].key >> shift) & 0xff]++] = src[i];
		ranked *t = src;
		src = dst;
		dst = t;
	}
	if (src != r)
		memcpy(r, src, n * sizeof(*r));
	free(tmp);
	return 0;
}

/* 2a. Ids by rank of the keys, with each id's df and weight; *id_of: the
 * id of each entry (the caller frees it). */
static int number_keys(pact_align_vocab *v, uint32_t **id_of, const interner *in, size_t nitems,
                       int weighted)
{
	size_t n = in->n;
	ranked *r = pact_alloc__malloc((n + 1) * sizeof(*r));
	int rc = -1;

	*id_of = pact_alloc__malloc((n + 1) * sizeof(**id_of));
	v->idf = pact_alloc__malloc((n + 1) * sizeof(*v->idf));
	v->df_a = pact_alloc__malloc((n + 1) * sizeof(*v->df_a));
	v->df_b = pact_alloc__malloc((n + 1) * sizeof(*v->df_b));
	if (!r || !*id_of || !v->idf || !v->df_a || !v->df_b)
		goto done;
	for (size_t e = 0; e < n; e++) {
		r[e].key = in->e[e].key;
		r[e].entry = (uint32_t)e;
	}
	if (sort_ranked(r, n) < 0)
		goto done;
	for (size_t id = 0; id < n; id++) {
		uint32_t e = r[id].entry;
		(*id_of)[e] = (uint32_t)id;
		v->df_a[id] = in->e[e].df_a;
		v->df_b[id] = in->e[e].df_b;
		double df = (double)v->df_a[id] + (double)v->df_b[id];
		v->idf[id] = weighted ? log(1.0 + (double)nitems / df) : 1.0;
	}
	v->n = n;
	rc = 0;
done:
	free(r);
	return rc;
}

/* k[n] in ascending id order (ids are distinct within a bag): Shell's
 * sort with Ciura's gaps (each next one 2.25 times the last past 701),
 * O(n^1.3) whatever the ids. */
static void shell_sort(pact_align_key *k, size_t n)
{
	static const size_t ciura[] = {1, 4, 10, 23, 57, 132, 301, 701};
	size_t gaps[64], ng = 0;

	for (size_t gap = 1; gap < n && ng < 64; ng++) {
		gaps[ng] = gap;
		gap = ng + 1 < 8 ? ciura[ng + 1] : gap * 9 / 4;
	}
	while (ng-- > 0) {
		size_t gap = gaps[ng];
		for (size_t i = gap; i < n; i++) {
			pact_align_key x = k[i];
			size_t j = i;
			for (; j >= gap && k[j - gap].id > x.id; j -= gap)
				k[j] = k[j - gap];
			k[j] = x;
		}
	}
}

/* Room to sort a bag: a copy of its keys and a counter per bucket. */
typedef struct sorter {
	pact_align_key *tmp;
	uint32_t *at;
	size_t cap; /* keys; buckets: 2 * cap + 1 */
} sorter;

#define BUCKET_MAX 16 /* a fuller bucket: ids not spread, Shell's sort */

/* k[n] in ascending id order, for ids below nids. Ids are ranks of hashes,
 * so a bag's are spread evenly over [0, nids): dealt into about 2n
 * buckets by value, they fall one or none to a bucket, and the buckets
 * read back in order are sorted but for the rare bucket of two or three,
 * which an insertion pass puts right. Ids that are not spread (a bucket
 * holds more than BUCKET_MAX) go to Shell's sort instead, so no input
 * makes this quadratic. O(n) for a bag of n keys, in place but for
 * s->tmp. */
static void sort_keys(sorter *s, pact_align_key *k, size_t n, size_t nids)
{
	size_t nb = 2 * n + 1, i;
	uint64_t scale = nids ? (uint64_t)nb : 0; /* bucket of id: id * nb / nids */

	if (n < 8) {
		shell_sort(k, n); /* a single insertion pass */
		return;
	}
	memset(s->at, 0, (nb + 1) * sizeof(*s->at));
	for (i = 0; i < n; i++) {
		size_t b = (size_t)(k[i].id * scale / nids);
		if (++s->at[b + 1] > BUCKET_MAX) {
			shell_sort(k, n);
			return;
		}
	}
	for (i = 0; i < nb; i++)
		s->at[i + 1] += s->at[i];
	for (i = 0; i < n; i++)
		s->tmp[s->at[(size_t)(k[i].id * scale / nids)]++] = k[i];
	for (i = 0; i < n; i++) { /* insertion pass: moves within a bucket only */
		pact_align_key x = s->tmp[i];
		size_t j = i;
		for (; j > 0 && k[j - 1].id > x.id; j--)
			k[j] = k[j - 1];
		k[j] = x;
	}
}

/* 2b. Every bag's entries made ids, in ascending order, and each bag's
 * mass: each is renumbered and sorted while it is in cache. (A transposition
 * of all the bags through the ids' posting lists did the same in fewer
 * instructions, but scattered its writes over every bag: the largest
 * share of a 10 000-clause diff's cache misses.) 0 or -1. */
static int finish_bags(pact_align_bag *const sides[2], const size_t count[2], const long *b_twin,
                       const pact_align_vocab *v, const uint32_t *id_of)
{
	sorter s = {NULL, NULL, 0};
	int rc = -1;

	for (int side = 0; side < 2; side++)
		for (size_t i = 0; i < count[side]; i++)
			if (sides[side][i].n > s.cap)
				s.cap = sides[side][i].n;
	s.tmp = pact_alloc__malloc((s.cap + 1) * sizeof(*s.tmp));
	s.at = pact_alloc__malloc((2 * s.cap + 2) * sizeof(*s.at));
	if (!s.tmp || !s.at)
		goto done;
	for (int side = 0; side < 2; side++)
		for (size_t i = 0; i < count[side]; i++) {
			pact_align_bag *g = &sides[side][i];
			pact_align_key *keys = g->keys;
			if (side == 1 && b_twin && b_twin[i] >= 0) { /* done: its twin's */
				g->mass = sides[0][b_twin[i]].mass;
				continue;
			}
			for (size_t k = 0; k < g->n; k++)
				keys[k].id = id_of[keys[k].id];
			sort_keys(&s, keys, g->n, v->n);
			g->mass = 0;
			for (size_t k = 0; k < g->n; k++)
				g->mass += pact_align__bag_w(g, k, v->idf);
		}
	rc = 0;
done:
	free(s.tmp);
	free(s.at);
	return rc;
}

int pact_align__bags(pact_align_vocab *v, pact_align_bag **ba, const pact_align_item *a, size_t na,
                     pact_align_bag **bb, const pact_align_item *b, size_t nb, const long *b_twin,
                     int weighted)
{
	interner in = {0};
	scratch sc = {PACT_TOKENS_INIT, NULL, 0, NULL, 0, 0, 0, 0};
	uint32_t *id_of = NULL;
	int rc = -1;

	memset(v, 0, sizeof(*v));
	*ba = pact_alloc__calloc(na + 1, sizeof(**ba));
	*bb = pact_alloc__calloc(nb + 1, sizeof(**bb));
	if (!*ba || !*bb)
		goto done;
	for (size_t i = 0; i < na; i++)
		if (bag_collect(&(*ba)[i], &in, &sc, (uint32_t)(i + 1), 0, &a[i]) < 0)
			goto done;
	for (size_t i = 0; i < nb; i++)
		if (b_twin && b_twin[i] >= 0)
			bag_share(&(*bb)[i], &in, &(*ba)[b_twin[i]]);
		else if (bag_collect(&(*bb)[i], &in, &sc, (uint32_t)(na + i + 1), 1, &b[i]) < 0)
			goto done;
	if (number_keys(v, &id_of, &in, na + nb, weighted) < 0)
		goto done;
	{
		pact_align_bag *const sides[2] = {*ba, *bb};
		const size_t count[2] = {na, nb};
		rc = finish_bags(sides, count, b_twin, v, id_of);
	}
done:
	v->blocks = sc.blocks; /* the bags point into them */
	v->nblocks = sc.nblocks;
	interner_free(&in);
	pact_tokens__clear(&sc.t);
	free(sc.seen);
	free(id_of);
	return rc;
}

void pact_align__bags_free(pact_align_bag *g)
{
	free(g);
}

void pact_align__vocab_free(pact_align_vocab *v)
{
	if (!v)
		return;
	free(v->idf);
	free(v->df_a);
	free(v->df_b);
	for (size_t i = 0; i < v->nblocks; i++)
		free(v->blocks[i]);
	free(v->blocks);
	memset(v, 0, sizeof(*v));
}
