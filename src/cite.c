/*
 * cite.c - recognising cited directives (Chỉ thị, Nghị quyết, ...) in text.
 *
 * Works on the token stream of tokens.c rather than on bytes, so the kind
 * words match whatever the case, Unicode normalisation or tone placement,
 * and "no whitespace between tokens" (a token's ws == off) is what glues
 * "19", "/", "CT", "-", "TTg" into one number. A single left-to-right pass:
 * O(tokens) with a constant number of key comparisons per token, then one
 * sort to drop repeated numbers: O(tokens + c log c) for c citations.
 */
#include "pact/cite.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pact/error.h"
#include "tokens.h"

static const char *const kinds[] = {
        "luật",     "nghị quyết", "nghị định", "quyết định", "chỉ thị", "kết luận",
        "thông tư", "kế hoạch",   "hướng dẫn", "công văn",   "đề án",
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* words that end an issuer name ("của Thủ tướng Chính phủ về việc ...") */
static const char *const issuer_stop[] = {
        "về",  "gắn", "và", "quy", "ngày", "năm",  "để",  "nhằm", "trong", "theo",
        "với", "tại", "đã", "đến", "thực", "việc", "nay", "số",   "đề",    "hướng",
};
#define NSTOP (sizeof(issuer_stop) / sizeof(issuer_stop[0]))

/* A fixed word: its spelling here and the hash of its case-folded key. */
typedef struct fixed_word {
	const char *w;
	size_t len;
	uint64_t key;
} fixed_word;

static fixed_word fixed(const char *w, size_t n)
{
	char *k = pact_tokens__key_string(w, n, 1);
	fixed_word f = {w, n, k ? pact_tokens__hash(k, strlen(k), 0) : 0};
	free(k);
	return f;
}

typedef struct kind_keys {
	fixed_word w[NKINDS][2];
	size_t n[NKINDS];
	fixed_word stop[NSTOP];
	fixed_word so, ngay, thang, nam, cua;
} kind_keys;

static void init_keys(kind_keys *kk)
{
	for (size_t i = 0; i < NKINDS; i++) {
		const char *s = kinds[i], *sp = strchr(s, ' ');
		if (sp) {
			kk->w[i][0] = fixed(s, (size_t)(sp - s));
			kk->w[i][1] = fixed(sp + 1, strlen(sp + 1));
			kk->n[i] = 2;
		} else {
			kk->w[i][0] = fixed(s, strlen(s));
			kk->n[i] = 1;
		}
	}
	for (size_t i = 0; i < NSTOP; i++)
		kk->stop[i] = fixed(issuer_stop[i], strlen(issuer_stop[i]));
	kk->so = fixed("số", strlen("số"));
	kk->ngay = fixed("ngày", strlen("ngày"));
	kk->thang = fixed("tháng", strlen("tháng"));
	kk->nam = fixed("năm", strlen("năm"));
	kk->cua = fixed("của", strlen("của"));
}

static int glued(const pact_token *t)
{
	return t->ws == t->off;
}

static int is_char(const char *text, const pact_token *t, char c)
{
	return t->kind == PACT_TOK_PUNCT && t->len == 1 && text[t->off] == c;
}

static int all_digits(const char *s, size_t n, long *val)
{
	long v = 0;
	if (n == 0 || n > 4)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*val = v;
	return 1;
}

static void cite_free(pact_cite *c)
{
	free(c->kind);
	free(c->number);
	free(c->key);
	free(c->issuer);
	free(c->text);
}

long pact_cites_find(const pact_cites *list, const char *key)
{
	for (size_t i = 0; list && i < list->count; i++)
		if (!strcmp(list->items[i].key, key))
			return (long)i;
	return -1;
}

static int push_owned(pact_cites *out, pact_cite *c)
{
	pact_cite *p = pact_alloc__grow(out->items, &out->cap, out->count, sizeof(*p), 8);
	if (!p)
		return -1;
	out->items = p;
	out->items[out->count++] = *c;
	return 0;
}

int pact_cites_push(pact_cites *out, const pact_cite *c)
{
	pact_cite x = *c;
	x.kind = pact_alloc__strdup(c->kind);
	x.number = pact_alloc__strdup(c->number);
	x.key = pact_alloc__strdup(c->key);
	x.issuer = pact_alloc__strdup(c->issuer);
	x.text = pact_alloc__strdup(c->text);
	if ((c->kind && !x.kind) || (c->number && !x.number) || (c->key && !x.key) ||
	    (c->issuer && !x.issuer) || (c->text && !x.text) || push_owned(out, &x) < 0) {
		cite_free(&x);
		return PACT_ENOMEM;
	}
	return 0;
}

/* by key, then by position, so each run of equal keys starts with the first */
static int cmp_key_pos(const void *x, const void *y)
{
	const pact_cite *const *p = x, *const *q = y;
	int r = strcmp((*p)->key, (*q)->key);
	if (r)
		return r;
	return *p < *q ? -1 : (*p > *q);
}

/* Drop the entries of out->items[from..] whose key occurs earlier in the
 * list, keeping the order of the rest. A sort of pointers, O(n log n): a
 * search of the list per citation would make a text made of nothing but
 * citations (a 256 KB commitment holds ~15 000) quadratic. */
static int drop_repeats(pact_cites *out, size_t from)
{
	size_t n = out->count, w = from;
	const pact_cite **s = NULL;
	unsigned char *dup = NULL;
	int rc = -1;

	if (n == from)
		return 0;
	s = pact_alloc__malloc(n * sizeof(*s));
	dup = pact_alloc__calloc(n, 1);
	if (!s || !dup)
		goto done;
	for (size_t i = 0; i < n; i++)
		s[i] = &out->items[i];
	qsort(s, n, sizeof(*s), cmp_key_pos);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(s[i]->key, s[i - 1]->key))
			dup[s[i] - out->items] = 1;
	for (size_t i = from; i < n; i++) {
		if (dup[i])
			cite_free(&out->items[i]);
		else
			out->items[w++] = out->items[i];
	}
	out->count = w;
	rc = 0;
done:
	free(s);
	free(dup);
	return rc;
}

/* What a scan looks at: the text, its tokens and the fixed words' keys. */
typedef struct scan {
	const char *text;
	const pact_token *tk;
	size_t count;
	const kind_keys *kk;
	int *oom; /* set when a comparison ran out of memory */
} scan;

/* Whether token i is the fixed word f, whatever its case, normalisation or
 * tone placement: the key finds it, the key string confirms it (a word
 * crafted to share the key's hash is not f). Out of memory: not f, and
 * *s->oom set, which fails the scan. */
static int is_word(const scan *s, size_t i, const fixed_word *f)
{
	const pact_token *t = &s->tk[i];
	int same;

	if (t->fold != f->key)
		return 0;
	same = pact_tokens__same_word(s->text + t->off, t->len, f->w, f->len, 1);
	if (same < 0)
		*s->oom = 1;
	return same == 1;
}

/* The keys of the fixed words, computed once per thread. */
static const kind_keys *fixed_keys(void)
{
	static _Thread_local kind_keys cached;
	static _Thread_local int ready;

	if (!ready) {
		init_keys(&cached);
		ready = 1;
	}
	return &cached;
}

/* The kind whose name starts at token i ("chỉ thị", "luật"), or NKINDS. */
static size_t match_kind(const scan *s, size_t i)
{
	for (size_t k = 0; k < NKINDS; k++) {
		if (!is_word(s, i, &s->kk->w[k][0]))
			continue;
		if (s->kk->n[k] == 2 && !(i + 1 < s->count && is_word(s, i + 1, &s->kk->w[k][1])))
			continue;
		return k;
	}
	return NKINDS;
}

/* The number at token j: starts with a digit, tokens glued together by '/'
 * or '-', ends on a word. Its tokens are [j, *nend); 1 when it is a
 * citation's number, which always holds a '/'. */
static int match_number(const scan *s, size_t j, size_t *nend)
{
	const pact_token *tk = s->tk;
	const char *text = s->text;
	size_t e = j + 1;
	int has_slash = 0;

	if (j >= s->count || tk[j].kind != PACT_TOK_WORD || text[tk[j].off] < '0' ||
	    text[tk[j].off] > '9')
		return 0;
	while (e + 1 < s->count && glued(&tk[e]) &&
	       (is_char(text, &tk[e], '/') || is_char(text, &tk[e], '-')) && glued(&tk[e + 1]) &&
	       tk[e + 1].kind == PACT_TOK_WORD) {
		if (is_char(text, &tk[e], '/'))
			has_slash = 1;
		e += 2;
	}
	*nend = e;
	return has_slash;
}

/* The text of tokens [from, to). */
static char *span(const scan *s, size_t from, size_t to)
{
	const pact_token *a = &s->tk[from], *z = &s->tk[to - 1];

	return pact_alloc__strndup(s->text + a->off, z->off + z->len - a->off);
}

/* Nonzero when d/m/y is a day of the calendar, the year written in full
 * (four digits: "15/3/21" is not a date a citation can be compared by). */
static int calendar_day(long d, long m, long y, size_t ylen)
{
	static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (ylen != 4 || y < 1000 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= (m == 2 && !leap ? 28 : days[m - 1]);
}

/* "ngày 15/3/2020" or "ngày 15 tháng 3 năm 2020" at token `end`: only a
 * complete date of the calendar goes to *date and moves past it (the token
 * after the date is returned). "ngày" without one ("ngày ký", "ngày của",
 * "ngày 15/3") leaves *date all zero and returns `end`. */
static size_t match_date(const scan *s, size_t end, pact_date *date)
{
	const pact_token *tk = s->tk;
	const char *text = s->text;
	long d = 0, mo = 0, y = 0;
	size_t q = end + 1;
	int slashes, words;

	if (end >= s->count || !is_word(s, end, &s->kk->ngay) || q + 4 >= s->count)
		return end;
	slashes = is_char(text, &tk[q + 1], '/') && is_char(text, &tk[q + 3], '/');
	words = is_word(s, q + 1, &s->kk->thang) && is_word(s, q + 3, &s->kk->nam);
	if (!(slashes || words) || tk[q].len > 2 || tk[q + 2].len > 2 ||
	    !all_digits(text + tk[q].off, tk[q].len, &d) ||
	    !all_digits(text + tk[q + 2].off, tk[q + 2].len, &mo) ||
	    !all_digits(text + tk[q + 4].off, tk[q + 4].len, &y) ||
	    !calendar_day(d, mo, y, tk[q + 4].len))
		return end;
	date->year = (int)y;
	date->month = (int)mo;
	date->day = (int)d;
	return q + 5;
}

/* "của Bộ Y tế" at token *end: up to six words, to the first stop word,
 * go to *issuer (the caller's) and *end moves past them. -1: no memory. */
static int match_issuer(const scan *s, size_t *end, char **issuer)
{
	const pact_token *tk = s->tk;
	size_t q = *end + 1, n = 0;

	if (*end >= s->count || !is_word(s, *end, &s->kk->cua))
		return 0;
	while (q + n < s->count && n < 6 && tk[q + n].kind == PACT_TOK_WORD) {
		int stop = 0;
		for (size_t k = 0; k < NSTOP; k++)
			if (is_word(s, q + n, &s->kk->stop[k]))
				stop = 1;
		if (stop)
			break;
		n++;
	}
	if (n == 0)
		return 0;
	if (!(*issuer = span(s, q, q + n)))
		return -1;
	*end = q + n;
	return 0;
}

/* The citation that starts at token i, if one does: 1 and *c filled (its
 * strings the caller's, *c zeroed first), *end its last token + 1; 0 when
 * none starts there; -1 when out of memory. */
static int match_cite(pact_cite *c, size_t *end, const scan *s, size_t i)
{
	size_t kind = match_kind(s, i), nstart, nend;

	memset(c, 0, sizeof(*c));
	if (kind == NKINDS)
		return 0;
	nstart = i + s->kk->n[kind];
	if (nstart < s->count && is_word(s, nstart, &s->kk->so))
		nstart++;
	if (!match_number(s, nstart, &nend))
		return 0;
	*end = match_date(s, nend, &c->date);
	if (match_issuer(s, end, &c->issuer) < 0)
		return -1;
	c->kind = span(s, i, i + s->kk->n[kind]);
	c->number = span(s, nstart, nend);
	c->text = span(s, i, *end);
	if (!c->kind || !c->number || !c->text)
		return -1;
	c->key = pact_tokens__key_string(c->number, strlen(c->number), 1);
	return c->key ? 1 : -1;
}

int pact_cite_scan(pact_cites *out, const char *text)
{
	pact_tokens t = PACT_TOKENS_INIT;
	pact_cite c;
	scan s;
	size_t from = out->count, end = 0;
	int rc = 0, found, oom = 0;

	memset(&c, 0, sizeof(c));
	/* a citation's number always holds a '/' (match_number): a text
	 * without one, most commitments, needs no tokenising */
	if (!text || !strchr(text, '/'))
		return 0;
	if ((rc = pact_tokens__split(&t, text, strlen(text))) < 0)
		goto done;
	s = (scan){text, t.items, t.count, fixed_keys(), &oom};
	for (size_t i = 0; i < t.count; i++) {
		if ((found = match_cite(&c, &end, &s, i)) < 0 || oom)
			goto oom;
		if (!found)
			continue;
		if (push_owned(out, &c) < 0) /* repeats are dropped at the end */
			goto oom;
		memset(&c, 0, sizeof(c));
		i = end - 1;
	}
	if (drop_repeats(out, from) == 0)
		goto done;
oom:
	rc = PACT_ENOMEM;
	while (out->count > from) /* leave `out` as it was */
		cite_free(&out->items[--out->count]);
done:
	cite_free(&c);
	pact_tokens__clear(&t);
	return rc;
}

void pact_cites_clear(pact_cites *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		cite_free(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = list->cap = 0;
}
