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
	"luật", "nghị quyết", "nghị định", "quyết định", "chỉ thị", "kết luận",
	"thông tư", "kế hoạch", "hướng dẫn", "công văn", "đề án",
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* words that end an issuer name ("của Thủ tướng Chính phủ về việc ...") */
static const char *const issuer_stop[] = {
	"về", "gắn", "và", "quy", "ngày", "năm", "để", "nhằm", "trong", "theo",
	"với", "tại", "đã", "đến", "thực", "việc", "nay", "số", "đề", "hướng",
};
#define NSTOP (sizeof(issuer_stop) / sizeof(issuer_stop[0]))

static uint64_t fold_key(const char *w, size_t n)
{
	char *k = pact_tokens_key_string(w, n, 1);
	uint64_t h = k ? pact_tokens_hash(k, strlen(k), 0) : 0;
	free(k);
	return h;
}

typedef struct kind_keys {
	uint64_t w[NKINDS][2];
	size_t n[NKINDS];
	uint64_t stop[NSTOP];
	uint64_t so, ngay, thang, nam, cua;
} kind_keys;

static void init_keys(kind_keys *kk)
{
	for (size_t i = 0; i < NKINDS; i++) {
		const char *s = kinds[i], *sp = strchr(s, ' ');
		if (sp) {
			kk->w[i][0] = fold_key(s, (size_t)(sp - s));
			kk->w[i][1] = fold_key(sp + 1, strlen(sp + 1));
			kk->n[i] = 2;
		} else {
			kk->w[i][0] = fold_key(s, strlen(s));
			kk->n[i] = 1;
		}
	}
	for (size_t i = 0; i < NSTOP; i++)
		kk->stop[i] = fold_key(issuer_stop[i], strlen(issuer_stop[i]));
	kk->so = fold_key("số", strlen("số"));
	kk->ngay = fold_key("ngày", strlen("ngày"));
	kk->thang = fold_key("tháng", strlen("tháng"));
	kk->nam = fold_key("năm", strlen("năm"));
	kk->cua = fold_key("của", strlen("của"));
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
	pact_cite *p = pact_grow(out->items, &out->cap, out->count, sizeof(*p), 8);
	if (!p)
		return -1;
	out->items = p;
	out->items[out->count++] = *c;
	return 0;
}

int pact_cites_push(pact_cites *out, const pact_cite *c)
{
	pact_cite x = *c;
	x.kind = pact_strdup(c->kind);
	x.number = pact_strdup(c->number);
	x.key = pact_strdup(c->key);
	x.issuer = pact_strdup(c->issuer);
	x.text = pact_strdup(c->text);
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
	s = pact_malloc(n * sizeof(*s));
	dup = pact_calloc(n, 1);
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

int pact_cite_scan(pact_cites *out, const char *text)
{
	pact_tokens t = PACT_TOKENS_INIT;
	kind_keys kk;
	pact_cite c;
	size_t i, from = out->count;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	/* a citation's number always holds a '/' (has_slash below): a text
	 * without one, most commitments, needs no tokenising */
	if (!text || !strchr(text, '/'))
		return 0;
	if ((rc = pact_tokens_split(&t, text, strlen(text))) < 0)
		goto done;
	/* the keys of the fixed words are computed once per thread */
	{
		static _Thread_local kind_keys cached;
		static _Thread_local int ready;
		if (!ready) {
			init_keys(&cached);
			ready = 1;
		}
		kk = cached;
	}
	for (i = 0; i < t.count; i++) {
		const pact_token *tk = t.items;
		size_t kind = NKINDS, j, nstart, nend, end;
		long d = 0, mo = 0, y = 0;
		int has_slash = 0;

		for (size_t k = 0; k < NKINDS; k++) {
			if (tk[i].fold != kk.w[k][0])
				continue;
			if (kk.n[k] == 2 && !(i + 1 < t.count && tk[i + 1].fold == kk.w[k][1]))
				continue;
			kind = k;
			break;
		}
		if (kind == NKINDS)
			continue;
		j = i + kk.n[kind];
		if (j < t.count && tk[j].fold == kk.so)
			j++;
		/* number: starts with a digit, tokens glued together, ends on a word */
		if (j >= t.count || tk[j].kind != PACT_TOK_WORD || text[tk[j].off] < '0' ||
		    text[tk[j].off] > '9')
			continue;
		nstart = j;
		nend = j + 1;
		while (nend + 1 < t.count && glued(&tk[nend]) &&
		       (is_char(text, &tk[nend], '/') || is_char(text, &tk[nend], '-')) &&
		       glued(&tk[nend + 1]) && tk[nend + 1].kind == PACT_TOK_WORD) {
			if (is_char(text, &tk[nend], '/'))
				has_slash = 1;
			nend += 2;
		}
		if (!has_slash)
			continue;
		end = nend;
		memset(&c, 0, sizeof(c));
		/* date */
		if (end < t.count && tk[end].fold == kk.ngay) {
			size_t q = end + 1;
			if (q + 4 < t.count && is_char(text, &tk[q + 1], '/') &&
			    is_char(text, &tk[q + 3], '/') &&
			    all_digits(text + tk[q].off, tk[q].len, &d) &&
			    all_digits(text + tk[q + 2].off, tk[q + 2].len, &mo) &&
			    all_digits(text + tk[q + 4].off, tk[q + 4].len, &y)) {
				end = q + 5;
			} else if (q + 4 < t.count && tk[q + 1].fold == kk.thang &&
			           tk[q + 3].fold == kk.nam &&
			           all_digits(text + tk[q].off, tk[q].len, &d) &&
			           all_digits(text + tk[q + 2].off, tk[q + 2].len, &mo) &&
			           all_digits(text + tk[q + 4].off, tk[q + 4].len, &y)) {
				end = q + 5;
			}
			if (end != q) {
				c.date.year = (int)y;
				c.date.month = (int)mo;
				c.date.day = (int)d;
			}
		}
		/* issuer */
		if (end < t.count && tk[end].fold == kk.cua) {
			size_t q = end + 1, n = 0;
			while (q + n < t.count && n < 6 && tk[q + n].kind == PACT_TOK_WORD) {
				int stop = 0;
				for (size_t s = 0; s < NSTOP; s++)
					if (tk[q + n].fold == kk.stop[s])
						stop = 1;
				if (stop)
					break;
				n++;
			}
			if (n > 0) {
				c.issuer = pact_strndup(text + tk[q].off,
				                   tk[q + n - 1].off + tk[q + n - 1].len - tk[q].off);
				if (!c.issuer)
					goto oom;
				end = q + n;
			}
		}
		c.kind = pact_strndup(text + tk[i].off,
		                 tk[i + kk.n[kind] - 1].off + tk[i + kk.n[kind] - 1].len - tk[i].off);
		c.number = pact_strndup(text + tk[nstart].off,
		                   tk[nend - 1].off + tk[nend - 1].len - tk[nstart].off);
		c.text = pact_strndup(text + tk[i].off, tk[end - 1].off + tk[end - 1].len - tk[i].off);
		if (!c.kind || !c.number || !c.text)
			goto oom;
		c.key = pact_tokens_key_string(c.number, strlen(c.number), 1);
		if (!c.key)
			goto oom;
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
	pact_tokens_clear(&t);
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
