/*
 * textdiff.c - Myers' difference on word tokens, with semantic clean-up.
 *
 * Method: common prefix and suffix are stripped, then Myers' O(ND) "middle
 * snake" bisection (the linear-space variant, as in diff-match-patch's
 * bisect) splits the problem in two and recurses; recursion depth is
 * O(log D) because each half carries about half of the edit distance.
 * Memory is O(N) per level. Clauses and commitments are aligned before this
 * runs, so N is the length of one commitment, not of the document.
 *
 * Cost bound: searching to edit distance d costs about d^2 steps, so the
 * search of one range stops at limit = min(PACT_TEXTDIFF_MAX_D,
 * max(PACT_TEXTDIFF_MIN_D, sqrt(PACT_TEXTDIFF_WORK * N))) and the range
 * becomes one delete + one insert (git's xdiff bounds its search by sqrt(N)
 * in the same spirit). Each level of the recursion then costs O(N) with a
 * constant of at most WORK, so a hostile pair of 256 KB commitments with
 * nothing in common costs milliseconds, not MAX_D^2 steps each; real
 * commitments (tens of words) never reach the bound.
 *
 * Cost bound of a report: the bound above is per pair, so all the word
 * diffs of one report share one budget of steps (PACT_TEXTDIFF_BUDGET in
 * textdiff_internal.h, with a small allowance per pair of its own); bisect
 * counts every diagonal it visits and every pair of tokens it compares, and
 * once the budget is spent a range is given up (one delete + one insert)
 * as at the bound, and the diff is marked coarse.
 *
 * Before the search, tokens whose key does not occur at all on the other side
 * are set aside (git's xdiff does the same in xdl_cleanup_records,
 * xdiff/xprepare.c): such a token can never be part of a common
 * subsequence, so the longest common subsequence of what remains is as long
 * as that of the whole, and the search runs on the (usually much shorter)
 * rest. Two paragraphs of different prose then cost a search over their few
 * shared words instead of one to an edit distance of their whole length.
 * The result can differ only in which of several equally long common
 * subsequences is chosen, or be better where the cost bound cut the search
 * of the whole short. (xdiff also sets aside tokens with very many matches
 * when they sit among set-aside ones; words are not lines, and that rule is
 * not needed here.)
 *
 * The clean-up then works on blocks (equal run, deleted run, inserted run):
 * an equal run no longer than the changes on both of its sides is absorbed
 * into them (diff-match-patch's rule), repeatedly, so "tăng cường công tác"
 * -> "đẩy mạnh công việc" is one change rather than two with "công" between.
 */
#include "textdiff_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pact/error.h"
#include "tokens.h"

typedef struct ctx {
	const uint64_t *a, *b;
	char *script; /* 'E', 'D', 'I' per step */
	size_t len;
	long *v;                   /* 2 * (2 * MAX_D + 2) longs, reused */
	pact_textdiff_budget *bud; /* the report's shared steps */
	unsigned long long own;    /* this pair's own steps not yet spent */
	int cut;                   /* some range was not searched to its end */
} ctx;

static void emit(ctx *c, char op, size_t n)
{
	memset(c->script + c->len, op, n);
	c->len += n;
}

static void diff_rec(ctx *c, size_t a0, size_t a1, size_t b0, size_t b1);

/* Steps the search may still spend: the pair's own, then the shared ones
 * (saturated: a budget of ULLONG_MAX is no limit, not a few thousand). */
static unsigned long long steps_left(const ctx *c)
{
	return c->bud->left > ULLONG_MAX - c->own ? ULLONG_MAX : c->own + c->bud->left;
}

/* Spend n steps (n <= steps_left), the pair's own first. */
static void spend(ctx *c, unsigned long long n)
{
	unsigned long long from_own = n < c->own ? n : c->own;

	c->own -= from_own;
	c->bud->left -= n - from_own;
}

/* One range with no common subsequence found: its tokens are deleted and
 * inserted whole (the caller has taken off their common prefix and
 * suffix); `cut`: because the search was stopped, not because there is
 * none. */
static void give_up(ctx *c, long n1, long n2, int cut)
{
	emit(c, 'D', (size_t)n1);
	emit(c, 'I', (size_t)n2);
	c->cut |= cut;
}

/* How far one bisection may search for n tokens (see the cost bound above). */
static long work_limit(long n)
{
	long lo = PACT_TEXTDIFF_MIN_D, hi = PACT_TEXTDIFF_MAX_D, max_d = (n + 1) / 2;

	/* largest d in [MIN_D, MAX_D] with d * d <= WORK * n, by bisection */
	while (lo < hi) {
		long mid = lo + (hi - lo + 1) / 2;
		if (mid * mid <= PACT_TEXTDIFF_WORK * n)
			lo = mid;
		else
			hi = mid - 1;
	}
	return max_d < lo ? max_d : lo;
}

static void bisect(ctx *c, size_t a0, size_t a1, size_t b0, size_t b1)
{
	const uint64_t *t1 = c->a + a0, *t2 = c->b + b0;
	long n1 = (long)(a1 - a0), n2 = (long)(b1 - b0);
	long limit = work_limit(n1 + n2);
	long off = limit + 1, vlen = 2 * limit + 2;
	long *v1 = c->v, *v2 = c->v + vlen;
	long delta = n1 - n2;
	int front = (delta % 2) != 0;
	long k1start = 0, k1end = 0, k2start = 0, k2end = 0;
	/* steps spent, and what may be: a diagonal visited costs one, each
	 * pair of tokens compared along it one more (the snake is at most as
	 * long as the shorter side, so the check after it overshoots by that) */
	unsigned long long spent = 0, avail = steps_left(c);
	long snake;

	if (avail == 0) {
		give_up(c, n1, n2, 1);
		return;
	}
	for (long i = 0; i < vlen; i++)
		v1[i] = v2[i] = -1;
	v1[off + 1] = 0;
	v2[off + 1] = 0;
	for (long d = 0; d < limit; d++) {
		for (long k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
			long ko = off + k1, x1, y1;
			if (k1 == -d || (k1 != d && v1[ko - 1] < v1[ko + 1]))
				x1 = v1[ko + 1];
			else
				x1 = v1[ko - 1] + 1;
			y1 = x1 - k1;
			snake = x1;
			while (x1 < n1 && y1 < n2 && t1[x1] == t2[y1]) {
				x1++;
				y1++;
			}
			spent += 1 + (unsigned long long)(x1 - snake);
			if (spent > avail)
				goto out_of_steps;
			v1[ko] = x1;
			if (x1 > n1) {
				k1end += 2;
			} else if (y1 > n2) {
				k1start += 2;
			} else if (front) {
				long k2o = off + delta - k1;
				if (k2o >= 0 && k2o < vlen && v2[k2o] != -1) {
					long x2 = n1 - v2[k2o];
					if (x1 >= x2) {
						spend(c, spent);
						diff_rec(c, a0, a0 + (size_t)x1, b0,
						         b0 + (size_t)y1);
						diff_rec(c, a0 + (size_t)x1, a1, b0 + (size_t)y1,
						         b1);
						return;
					}
				}
			}
		}
		for (long k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
			long ko = off + k2, x2, y2;
			if (k2 == -d || (k2 != d && v2[ko - 1] < v2[ko + 1]))
				x2 = v2[ko + 1];
			else
				x2 = v2[ko - 1] + 1;
			y2 = x2 - k2;
			snake = x2;
			while (x2 < n1 && y2 < n2 && t1[n1 - x2 - 1] == t2[n2 - y2 - 1]) {
				x2++;
				y2++;
			}
			spent += 1 + (unsigned long long)(x2 - snake);
			if (spent > avail)
				goto out_of_steps;
			v2[ko] = x2;
			if (x2 > n1) {
				k2end += 2;
			} else if (y2 > n2) {
				k2start += 2;
			} else if (!front) {
				long k1o = off + delta - k2;
				if (k1o >= 0 && k1o < vlen && v1[k1o] != -1) {
					long x1 = v1[k1o];
					long y1 = off + x1 - k1o;
					if (x1 >= n1 - x2) {
						spend(c, spent);
						diff_rec(c, a0, a0 + (size_t)x1, b0,
						         b0 + (size_t)y1);
						diff_rec(c, a0 + (size_t)x1, a1, b0 + (size_t)y1,
						         b1);
						return;
					}
				}
			}
		}
	}
	/* no overlap within the bound: nothing worth aligning (and nothing in
	 * common at all when the bound was half of both lengths: an edit
	 * distance under n1 + n2 shows within that) */
	spend(c, spent);
	give_up(c, n1, n2, limit < (n1 + n2 + 1) / 2);
	return;
out_of_steps:
	/* the budget is spent: this range and every later one are given up */
	spend(c, avail);
	give_up(c, n1, n2, 1);
}

static void diff_rec(ctx *c, size_t a0, size_t a1, size_t b0, size_t b1)
{
	size_t pre = 0, suf = 0;

	while (a0 + pre < a1 && b0 + pre < b1 && c->a[a0 + pre] == c->b[b0 + pre])
		pre++;
	emit(c, 'E', pre);
	a0 += pre;
	b0 += pre;
	while (a1 > a0 + suf && b1 > b0 + suf && c->a[a1 - suf - 1] == c->b[b1 - suf - 1])
		suf++;
	a1 -= suf;
	b1 -= suf;
	if (a0 == a1)
		emit(c, 'I', b1 - b0);
	else if (b0 == b1)
		emit(c, 'D', a1 - a0);
	else
		bisect(c, a0, a1, b0, b1);
	emit(c, 'E', suf);
}

/*
 * Ranges of fewer tokens than this (both sides together, after the common
 * prefix and suffix) are searched whole, as without the set-aside pass: that
 * costs at most (DISCARD_MIN/2)^2 steps. The reduced search finds a common
 * subsequence just as long, but not always the same one, and the clean-up
 * can then keep fewer equal words: on the sample pacts' 138-token `source`
 * paragraph, the whole search kept "of the", "2024 pact (" and "):" and the
 * reduced one matched scattered single words that the clean-up absorbed (136
 * changed tokens instead of 126). Longer ranges, where the search costs the
 * square of their edit distance (the sample's 476-token `note`: 2.5 M
 * instructions), are reduced first.
 */
#define DISCARD_MIN 256

/* The keys that occur on each side: an open-addressing set of keys, each
 * with a bit per side it was seen on. Token keys are already well-mixed
 * hashes (tokens.h), but callers of pact_textdiff__keys may pass any keys,
 * so the slot comes from a multiplicative hash of the key. */
typedef struct side_entry {
	uint64_t key;
	unsigned sides; /* 0: empty slot; 1: seen in A; 2: seen in B */
} side_entry;

typedef struct side_set {
	side_entry *slots;
	size_t mask;
} side_set;

static side_entry *side_find(side_set *s, uint64_t key)
{
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15u) >> 32) & s->mask;

	while (s->slots[i].sides && s->slots[i].key != key)
		i = (i + 1) & s->mask;
	return &s->slots[i];
}

static void side_mark(side_set *s, const uint64_t *keys, size_t n, unsigned side)
{
	for (size_t i = 0; i < n; i++) {
		side_entry *e = side_find(s, keys[i]);
		e->key = keys[i];
		e->sides |= side;
	}
}

/* The tokens of keys[n] whose key was also seen on side `other`: their
 * keys to kept[], their indices to idx[]; returns how many. */
static size_t side_keep(side_set *s, const uint64_t *keys, size_t n, unsigned other, uint64_t *kept,
                        size_t *idx)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		if (side_find(s, keys[i])->sides & other) {
			kept[m] = keys[i];
			idx[m++] = i;
		}
	}
	return m;
}

/*
 * Append to `script` the script of a[na] against b[nb] (with common prefix
 * and suffix already stripped by the caller): the tokens of each side with
 * no equal on the other are set aside (see the top of the file), the rest
 * is diffed, and its script is mapped back onto the whole: each set-aside
 * token becomes a deletion or an insertion just before the next kept token
 * of its side. 0 or -1 (out of memory).
 */
static int diff_discarding(ctx *out, const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	side_set set = {NULL, 0};
	uint64_t *ra = NULL, *rb = NULL;
	size_t *ia = NULL, *ib = NULL, size = 16, ma, mb, ai = 0, bi = 0, ri = 0, rj = 0;
	char *script = out->script;
	size_t *len = &out->len;
	ctx c = *out; /* the same budget, buffers of its own */
	int rc = -1;

	while (size < 2 * (na + nb))
		size *= 2;
	set.slots = pact_alloc__calloc(size, sizeof(*set.slots));
	set.mask = size - 1;
	ra = pact_alloc__malloc((na + 1) * sizeof(*ra));
	rb = pact_alloc__malloc((nb + 1) * sizeof(*rb));
	ia = pact_alloc__malloc((na + 1) * sizeof(*ia));
	ib = pact_alloc__malloc((nb + 1) * sizeof(*ib));
	c.script = pact_alloc__malloc(na + nb + 1);
	c.len = 0;
	if (!set.slots || !ra || !rb || !ia || !ib || !c.script)
		goto done;
	side_mark(&set, a, na, 1);
	side_mark(&set, b, nb, 2);
	ma = side_keep(&set, a, na, 2, ra, ia);
	mb = side_keep(&set, b, nb, 1, rb, ib);
	c.a = ra;
	c.b = rb;
	diff_rec(&c, 0, ma, 0, mb);
	out->own = c.own;
	out->cut |= c.cut;
	for (size_t s = 0; s < c.len; s++) {
		char op = c.script[s];
		size_t to_a = op != 'I' ? ia[ri] : ai, to_b = op != 'D' ? ib[rj] : bi;
		/* the set-aside tokens before this step's kept ones */
		memset(script + *len, 'D', to_a - ai);
		*len += to_a - ai;
		memset(script + *len, 'I', to_b - bi);
		*len += to_b - bi;
		script[(*len)++] = op;
		if (op != 'I') {
			ai = to_a + 1;
			ri++;
		}
		if (op != 'D') {
			bi = to_b + 1;
			rj++;
		}
	}
	memset(script + *len, 'D', na - ai);
	*len += na - ai;
	memset(script + *len, 'I', nb - bi);
	*len += nb - bi;
	rc = 0;
done:
	free(set.slots);
	free(ra);
	free(rb);
	free(ia);
	free(ib);
	free(c.script);
	return rc;
}

/* A block: `eq` equal tokens, then `del` deleted and `ins` inserted. */
typedef struct block {
	size_t eq, del, ins;
} block;

static int push_op(pact_tokops *o, pact_op_kind op, size_t a, size_t b, size_t n)
{
	pact_tokop *p;

	if (n == 0)
		return 0;
	if (o->count && o->items[o->count - 1].op == op && (op != PACT_OP_EQUAL)) {
		o->items[o->count - 1].count += n;
		return 0;
	}
	p = pact_alloc__grow(o->items, &o->cap, o->count, sizeof(*p), 16);
	if (!p)
		return -1;
	o->items = p;
	o->items[o->count].op = op;
	o->items[o->count].a_start = a;
	o->items[o->count].b_start = b;
	o->items[o->count].count = n;
	o->count++;
	return 0;
}

static size_t max2(size_t x, size_t y)
{
	return x > y ? x : y;
}

int pact_textdiff__keys(pact_tokops *out, const uint64_t *a, size_t na, const uint64_t *b,
                        size_t nb, int cleanup)
{
	pact_textdiff_budget own = {PACT_TEXTDIFF_BUDGET, 0};
	int coarse;

	return pact_textdiff__keys_budget(out, a, na, b, nb, cleanup, &own, &coarse);
}

int pact_textdiff__keys_budget(pact_tokops *out, const uint64_t *a, size_t na, const uint64_t *b,
                               size_t nb, int cleanup, pact_textdiff_budget *budget, int *coarse)
{
	ctx c = {0};
	block *bl = NULL;
	size_t nbl = 0, i, ai = 0, bi = 0, pre = 0, suf = 0;
	long vsize;
	int rc = 0;

	c.a = a;
	c.b = b;
	c.bud = budget;
	c.own = (unsigned long long)PACT_TEXTDIFF_PAIR_WORK * (na + nb);
	*coarse = 0;
	c.script = pact_alloc__malloc(na + nb + 1);
	vsize = 2 * (2 * PACT_TEXTDIFF_MAX_D + 2);
	if ((long)(na + nb) / 2 + 1 < PACT_TEXTDIFF_MAX_D)
		vsize = 2 * (2 * ((long)(na + nb + 1) / 2 + 1) + 2);
	c.v = pact_alloc__malloc((size_t)vsize * sizeof(long));
	bl = pact_alloc__malloc((na + nb + 2) * sizeof(*bl));
	if (!c.script || !c.v || !bl)
		goto oom;
	/* common prefix and suffix first: they are kept as they are, and most
	 * edits leave little in between for the set-aside pass */
	while (pre < na && pre < nb && a[pre] == b[pre])
		pre++;
	while (suf < na - pre && suf < nb - pre && a[na - suf - 1] == b[nb - suf - 1])
		suf++;
	emit(&c, 'E', pre);
	if (na + nb - 2 * (pre + suf) < DISCARD_MIN)
		diff_rec(&c, pre, na - suf, pre, nb - suf);
	else if (diff_discarding(&c, a + pre, na - pre - suf, b + pre, nb - pre - suf) < 0)
		goto oom;
	emit(&c, 'E', suf);
	if (c.cut) {
		*coarse = 1;
		budget->coarse++;
	}

	/* script -> blocks */
	bl[0].eq = bl[0].del = bl[0].ins = 0;
	nbl = 1;
	for (i = 0; i < c.len; i++) {
		block *cur = &bl[nbl - 1];
		if (c.script[i] == 'E') {
			if (cur->del || cur->ins) {
				cur = &bl[nbl++];
				cur->eq = cur->del = cur->ins = 0;
			}
			cur->eq++;
		} else if (c.script[i] == 'D') {
			cur->del++;
		} else {
			cur->ins++;
		}
	}
	if (cleanup) {
		/* absorb short equalities; after a merge the grown block may
		 * swallow the equality before it too. The blocks kept so far
		 * are a stack (bl[0..m)): each next one is pushed, then the top
		 * two are merged while they can be, the order in which the
		 * merges were made when each one moved the rest of the array
		 * down instead (O(blocks^2): 15 000 one-word changes between
		 * one-word equalities moved 360 KB 15 000 times, a quarter of
		 * such a diff's time) */
		size_t m = nbl ? 1 : 0;
		for (i = 1; i < nbl; i++) {
			bl[m++] = bl[i];
			while (m > 1) {
				block *p = &bl[m - 2], *q = &bl[m - 1];
				if (!((p->del || p->ins) && (q->del || q->ins) &&
				      q->eq <= max2(p->del, p->ins) &&
				      q->eq <= max2(q->del, q->ins)))
					break;
				p->del += q->eq + q->del;
				p->ins += q->eq + q->ins;
				m--;
			}
		}
		nbl = m;
	}
	for (i = 0; i < nbl; i++) {
		if (push_op(out, PACT_OP_EQUAL, ai, bi, bl[i].eq) < 0)
			goto oom;
		ai += bl[i].eq;
		bi += bl[i].eq;
		if (push_op(out, PACT_OP_DELETE, ai, bi, bl[i].del) < 0)
			goto oom;
		ai += bl[i].del;
		if (push_op(out, PACT_OP_INSERT, ai, bi, bl[i].ins) < 0)
			goto oom;
		bi += bl[i].ins;
	}
	goto done;
oom:
	rc = PACT_ENOMEM;
done:
	free(c.script);
	free(c.v);
	free(bl);
	return rc;
}

void pact_textdiff__tokops_clear(pact_tokops *ops)
{
	if (!ops)
		return;
	free(ops->items);
	ops->items = NULL;
	ops->count = ops->cap = 0;
}

/* An op of the text text[from, to). */
static int add_span(pact_worddiff *d, size_t *cap, pact_op_kind op, const char *text, size_t from,
                    size_t to)
{
	pact_wordop *p;
	char *s = pact_alloc__strndup(text + from, to - from);

	if (!s)
		return -1;
	p = pact_alloc__grow(d->ops, cap, d->nops, sizeof(*p), 8);
	if (!p) {
		free(s);
		return -1;
	}
	d->ops = p;
	d->ops[d->nops].op = op;
	d->ops[d->nops].text = s;
	d->nops++;
	return 0;
}

/* An op of n tokens of t from `start`, with the whitespace before them. */
static int add_word(pact_worddiff *d, size_t *cap, pact_op_kind op, const char *text,
                    const pact_tokens *t, size_t start, size_t n)
{
	const pact_token *f, *l;

	if (n == 0)
		return 0;
	f = &t->items[start];
	l = &t->items[start + n - 1];
	return add_span(d, cap, op, text, f->ws, l->off + l->len);
}

/*
 * Token keys are unkeyed 64-bit hashes (tokens.h): two different words
 * crafted to share one would be diffed as equal, and a changed word shown
 * to the reader as unchanged. So the diff does not run on the keys: each
 * token gets the number of its word among the distinct words of the two
 * texts, a word being found by its key and confirmed by its bytes, or,
 * for another spelling (hoà / hòa), by its key string
 * (pact_tokens__same_word). Equal numbers then mean equal words; without a
 * collision the numbers make the same diff as the keys. One pass over the
 * tokens of a pair that differs (byte-identical pairs never get here).
 */
typedef struct word_slot {
	size_t tok; /* the first token with this word, numbered over A then B; 0: empty */
	uint64_t key;
} word_slot;

/* The bytes of token t of the two texts, A's then B's. */
static const char *tok_bytes(const char *a, const pact_tokens *A, const char *b,
                             const pact_tokens *B, size_t t, size_t *len)
{
	const pact_token *x = t < A->count ? &A->items[t] : &B->items[t - A->count];
	*len = x->len;
	return (t < A->count ? a : b) + x->off;
}

/* num[t]: the number of the word of token t (A's tokens, then B's). 0 or
 * -1 (out of memory). */
static int number_words(uint64_t *num, const char *a, const pact_tokens *A, const char *b,
                        const pact_tokens *B)
{
	size_t n = A->count + B->count, size = 16;
	word_slot *tab;
	int rc = -1;

	while (size < 2 * n)
		size *= 2;
	if (!(tab = pact_alloc__calloc(size, sizeof(*tab))))
		return -1;
	for (size_t t = 0; t < n; t++) {
		uint64_t key = t < A->count ? A->items[t].key : B->items[t - A->count].key;
		size_t i = (size_t)((key * 0x9E3779B97F4A7C15u) >> 32) & (size - 1), len, olen;
		const char *w = tok_bytes(a, A, b, B, t, &len);
		for (; tab[i].tok; i = (i + 1) & (size - 1)) {
			const char *o = tok_bytes(a, A, b, B, tab[i].tok - 1, &olen);
			int same;
			if (tab[i].key != key)
				continue;
			if ((same = pact_tokens__same_word(o, olen, w, len, 0)) < 0)
				goto done;
			if (same)
				break;
		}
		if (!tab[i].tok) {
			tab[i].tok = t + 1;
			tab[i].key = key;
		}
		num[t] = tab[i].tok - 1;
	}
	rc = 0;
done:
	free(tab);
	return rc;
}

int pact_textdiff__words(pact_worddiff *out, const char *a, const pact_tokens *given_a,
                         const char *b, const pact_tokens *given_b, pact_textdiff_budget *budget)
{
	pact_textdiff_budget own = {PACT_TEXTDIFF_BUDGET, 0};
	const pact_tokens *A = given_a, *B = given_b;
	pact_tokens ta = PACT_TOKENS_INIT, tb = PACT_TOKENS_INIT;
	pact_tokops ops = PACT_TOKOPS_INIT;
	uint64_t *ka = NULL; /* the word numbers of A's tokens, then B's */
	const uint64_t *kb;
	size_t cap = 0, i;
	int rc;

	memset(out, 0, sizeof(*out));
	a = a ? a : "";
	b = b ? b : "";
	if (!strcmp(a, b)) {
		/* byte-identical (most commitments of most years): one EQUAL run,
		 * what the diff below would find, for a count of the tokens (no
		 * keys) and no search */
		size_t end;
		out->nequal = pact_tokens__count(b, strlen(b), &end);
		if (out->nequal && add_span(out, &cap, PACT_OP_EQUAL, b, 0, end) < 0)
			goto oom;
		rc = 0;
		goto done;
	}
	if (!A && (rc = pact_tokens__split(&ta, a, strlen(a))) < 0)
		goto done;
	if (!B && (rc = pact_tokens__split(&tb, b, strlen(b))) < 0)
		goto done;
	A = A ? A : &ta;
	B = B ? B : &tb;
	ka = pact_alloc__malloc((A->count + B->count + 1) * sizeof(*ka));
	if (!ka || number_words(ka, a, A, b, B) < 0)
		goto oom;
	kb = ka + A->count; /* B's numbers follow A's */
	if ((rc = pact_textdiff__keys_budget(&ops, ka, A->count, kb, B->count, 1,
	                                     budget ? budget : &own, &out->coarse)) < 0)
		goto done;
	for (i = 0; i < ops.count; i++) {
		const pact_tokop *o = &ops.items[i];
		int r;
		if (o->op == PACT_OP_EQUAL) {
			for (size_t k = 0; k < o->count; k++) {
				const pact_token *x = &A->items[o->a_start + k];
				const pact_token *y = &B->items[o->b_start + k];
				if (x->len != y->len || memcmp(a + x->off, b + y->off, x->len))
					out->norm_only = 1;
			}
			out->nequal += o->count;
			r = add_word(out, &cap, o->op, b, B, o->b_start, o->count);
		} else if (o->op == PACT_OP_DELETE) {
			out->ndeleted += o->count;
			r = add_word(out, &cap, o->op, a, A, o->a_start, o->count);
		} else {
			out->ninserted += o->count;
			r = add_word(out, &cap, o->op, b, B, o->b_start, o->count);
		}
		if (r < 0)
			goto oom;
	}
	out->differs = out->ndeleted || out->ninserted;
	if (out->differs)
		out->norm_only = 0;
	rc = 0;
	goto done;
oom:
	rc = PACT_ENOMEM;
done:
	if (rc < 0)
		pact_worddiff_clear(out);
	pact_tokens__clear(&ta);
	pact_tokens__clear(&tb);
	pact_textdiff__tokops_clear(&ops);
	free(ka);
	return rc;
}

int pact_textdiff_words(pact_worddiff *out, const char *a, const char *b)
{
	return pact_textdiff__words(out, a, NULL, b, NULL, NULL);
}

void pact_worddiff_clear(pact_worddiff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nops; i++)
		free(d->ops[i].text);
	free(d->ops);
	memset(d, 0, sizeof(*d));
}
