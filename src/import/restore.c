/*
 * restore.c - putting back lost diacritics and repairing OCR damage from the
 * previous year's aligned text (see restore.h).
 *
 * Method: both sides are cut into words (runs of letters, marks and digits);
 * each word gets a skeleton (NFD, marks dropped, đ -> d, case-folded). The
 * two word sequences of one clause are aligned by a global dynamic programme
 * (Needleman-Wunsch): equal skeletons cost 0, skeletons within a small
 * weighted edit distance cost 0.3 + 0.2 x distance, anything else is not a
 * pair, and a word left alone costs 0.5 (so two gaps, 1.0, always beat a
 * poor pair). Cost O(n x m) time and bytes for n input and m old words,
 * bounded by PACT_RESTORE_MAX_CELLS; a clause has a few hundred words.
 *
 * Invariants: a word is only replaced by the word it was aligned with, and
 * only when the alignment around it agrees (an exact neighbour for equal
 * skeletons; both neighbours aligned, one exactly, for an edit-distance
 * repair), so a word that is new this year -- no counterpart, or a
 * counterpart too different -- is always kept as read. Numbers are never
 * repaired (2025 is not an OCR misreading of 2024). The case of the word as
 * read is kept ("Nam" restored from "năm" gives "Năm").
 */
#include "restore.h"

#include <stdio.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../buf.h"
#include "import.h"
#include "pact/error.h"
#include "pact/utf8.h"

#define GAP 0.5f
#define NOPAIR 1e9f
#define FUZZY_MAX_LEN 40 /* longer words are compared for equality only */

typedef struct word {
	size_t seg, off, len; /* where, in the NFC text of segment seg */
	char *skel;           /* skeleton, NUL-terminated */
	size_t skel_len;
	uint64_t hash; /* of the skeleton */
	int marked;    /* carries at least one mark or đ */
	int letters;   /* number of letters */
	int digits;    /* number of digits */
} word;

typedef struct words {
	word *items;
	size_t count, cap;
} words;

static uint64_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static int is_wordch(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

/* Skeleton of w[0..len) into b; *marked and the letter/digit counts too.
 * Returns 0 or -1 (out of memory). */
static int skeleton(pact_buf *b, const char *w, size_t len, int *marked, int *letters, int *digits)
{
	utf8proc_uint8_t *nfd = NULL;
	utf8proc_ssize_t n;

	*marked = *letters = *digits = 0;
	n = utf8proc_map((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)len, &nfd,
	                 UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
	if (n < 0)
		return -1;
	for (utf8proc_ssize_t k = 0; k < n;) {
		int32_t cp;
		size_t m = pact_utf8_decode((const char *)nfd + k, (size_t)(n - k), &cp);
		utf8proc_category_t c = utf8proc_category(cp);
		k += (utf8proc_ssize_t)m;
		if (c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
		    c == UTF8PROC_CATEGORY_ME) {
			*marked = 1;
			continue;
		}
		if (cp == 0x111) { /* đ (Đ is folded to it) */
			*marked = 1;
			cp = 'd';
		}
		if (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO)
			(*digits)++;
		else
			(*letters)++;
		if (cp < 0x80) {
			pact_buf__putc(b, (char)cp);
		} else {
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t e = utf8proc_encode_char(cp, enc);
			pact_buf__put(b, (const char *)enc, (size_t)e);
		}
	}
	free(nfd);
	return b->oom ? -1 : 0;
}

/* Append the words of segment `seg` (NFC text t[0..len)) to ws. */
static int split_words(words *ws, size_t seg, const char *t, size_t len)
{
	pact_buf b = PACT_BUF_INIT;
	size_t i = 0;
	int rc = -1;

	while (i < len) {
		int32_t cp;
		size_t n = pact_utf8_decode(t + i, len - i, &cp), j;
		word *w;

		if (!is_wordch(cp)) {
			i += n;
			continue;
		}
		for (j = i + n; j < len;) {
			size_t m = pact_utf8_decode(t + j, len - j, &cp);
			if (!is_wordch(cp))
				break;
			j += m;
		}
		w = pact_alloc__grow(ws->items, &ws->cap, ws->count, sizeof(*w), 64);
		if (!w)
			goto done;
		ws->items = w;
		w = &ws->items[ws->count];
		memset(w, 0, sizeof(*w));
		b.len = 0;
		if (skeleton(&b, t + i, j - i, &w->marked, &w->letters, &w->digits) < 0)
			goto done;
		w->skel = pact_alloc__malloc(b.len + 1);
		if (!w->skel)
			goto done;
		memcpy(w->skel, b.ptr ? b.ptr : "", b.len);
		w->skel[b.len] = '\0';
		w->skel_len = b.len;
		w->hash = hash_bytes(w->skel, b.len);
		w->seg = seg;
		w->off = i;
		w->len = j - i;
		ws->count++;
		i = j;
	}
	rc = 0;
done:
	pact_buf__clear(&b);
	return rc;
}

static void words_clear(words *ws)
{
	for (size_t i = 0; i < ws->count; i++)
		free(ws->items[i].skel);
	free(ws->items);
	ws->items = NULL;
	ws->count = ws->cap = 0;
}

/* Pairs of characters OCR confuses in Vietnamese print once the marks are
 * gone: Đ read as P, l as 1, ó/ô as 6 or 0, ã as 4 or 3, ơ as &... */
static int confusable(char a, char b)
{
	static const char *const pairs[] = {"pd", "1l", "1i", "1r", "0o", "6o",
	                                    "4a", "3a", "ce", "8a", "5s", "9g"};
	for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++)
		if ((pairs[k][0] == a && pairs[k][1] == b) ||
		    (pairs[k][0] == b && pairs[k][1] == a))
			return 1;
	return 0;
}

/* Weighted Levenshtein distance of two short skeletons: substitution 1, or
 * 0.5 for a confusable pair; insertion and deletion 1. O(la x lb). */
static float edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	float row[FUZZY_MAX_LEN + 1], cur[FUZZY_MAX_LEN + 1];

	for (size_t j = 0; j <= lb; j++)
		row[j] = (float)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (float)i;
		for (size_t j = 1; j <= lb; j++) {
			float sub = a[i - 1] == b[j - 1]             ? 0.f
			            : confusable(a[i - 1], b[j - 1]) ? 0.5f
			                                             : 1.f;
			float v = row[j - 1] + sub;
			if (row[j] + 1.f < v)
				v = row[j] + 1.f;
			if (cur[j - 1] + 1.f < v)
				v = cur[j - 1] + 1.f;
			cur[j] = v;
		}
		memcpy(row, cur, (lb + 1) * sizeof(float));
	}
	return row[lb];
}

/* Cost of pairing input word a with old word b: 0 for equal skeletons, a
 * little for a near miss, NOPAIR otherwise. Numbers pair only when equal. */
static float pair_cost(const word *a, const word *b)
{
	size_t maxlen;
	float d;

	if (a->hash == b->hash && a->skel_len == b->skel_len &&
	    !memcmp(a->skel, b->skel, a->skel_len))
		return 0.f;
	if (!a->letters || !b->letters || b->digits)
		return NOPAIR;
	maxlen = a->skel_len > b->skel_len ? a->skel_len : b->skel_len;
	if (maxlen < 2 || maxlen > FUZZY_MAX_LEN ||
	    (a->skel_len > b->skel_len ? a->skel_len - b->skel_len : b->skel_len - a->skel_len) > 2)
		return NOPAIR;
	d = edit_distance(a->skel, a->skel_len, b->skel, b->skel_len);
	if (d <= 1.f || (d <= 2.f && maxlen >= 4 && d * 2.f <= (float)maxlen))
		return 0.3f + 0.2f * d;
	return NOPAIR;
}

enum { DIR_DIAG = 0, DIR_UP = 1, DIR_LEFT = 2 };

/* Global alignment of in[0..n) with old[0..m): a2b[i] = j or -1, exact[i]
 * set when the skeletons are equal. Returns 0 or -1 (out of memory). */
static int align_words(long *a2b, unsigned char *exact, const words *in, const words *old)
{
	size_t n = in->count, m = old->count, w = m + 1;
	unsigned char *dir = pact_alloc__malloc((n + 1) * w);
	float *prev = pact_alloc__malloc(w * sizeof(float)),
	      *cur = pact_alloc__malloc(w * sizeof(float));
	int rc = -1;

	if (!dir || !prev || !cur)
		goto done;
	for (size_t j = 0; j <= m; j++) {
		prev[j] = GAP * (float)j;
		dir[j] = DIR_LEFT;
	}
	for (size_t i = 1; i <= n; i++) {
		cur[0] = GAP * (float)i;
		dir[i * w] = DIR_UP;
		for (size_t j = 1; j <= m; j++) {
			float c = pair_cost(&in->items[i - 1], &old->items[j - 1]);
			float best = prev[j - 1] + c;
			unsigned char d = DIR_DIAG;
			if (prev[j] + GAP < best) {
				best = prev[j] + GAP;
				d = DIR_UP;
			}
			if (cur[j - 1] + GAP < best) {
				best = cur[j - 1] + GAP;
				d = DIR_LEFT;
			}
			cur[j] = best;
			dir[i * w + j] = d;
		}
		float *t = prev;
		prev = cur;
		cur = t;
	}
	for (size_t i = 0; i < n; i++) {
		a2b[i] = -1;
		exact[i] = 0;
	}
	for (size_t i = n, j = m; i > 0 || j > 0;) {
		unsigned char d = i == 0 ? DIR_LEFT : j == 0 ? DIR_UP : dir[i * w + j];
		if (d == DIR_DIAG) {
			a2b[i - 1] = (long)(j - 1);
			exact[i - 1] = pair_cost(&in->items[i - 1], &old->items[j - 1]) == 0.f;
			i--;
			j--;
		} else if (d == DIR_UP) {
			i--;
		} else {
			j--;
		}
	}
	rc = 0;
done:
	free(dir);
	free(prev);
	free(cur);
	return rc;
}

/* Copy of the old word with the case of the word as read: all capitals
 * stay all capitals (three letters or more), a capital first letter stays
 * one, a small one stays small. */
static char *with_case(const char *as_read, size_t rlen, const char *old, size_t olen)
{
	int upper = 0, lower = 0, first_upper = -1;
	pact_buf b = PACT_BUF_INIT;

	for (size_t k = 0; k < rlen;) {
		int32_t cp;
		k += pact_utf8_decode(as_read + k, rlen - k, &cp);
		if (!pact_utf8_is_letter(cp))
			continue;
		int up = utf8proc_tolower(cp) != cp, lo = utf8proc_toupper(cp) != cp;
		if (first_upper < 0 && (up || lo))
			first_upper = up;
		upper += up;
		lower += lo;
	}
	for (size_t k = 0, idx = 0; k < olen; idx++) {
		int32_t cp;
		utf8proc_uint8_t enc[4];
		k += pact_utf8_decode(old + k, olen - k, &cp);
		if (upper >= 3 && lower == 0)
			cp = utf8proc_toupper(cp);
		else if (idx == 0 && first_upper == 1)
			cp = utf8proc_toupper(cp);
		else if (idx == 0 && first_upper == 0)
			cp = utf8proc_tolower(cp);
		pact_buf__put(&b, (const char *)enc, (size_t)utf8proc_encode_char(cp, enc));
	}
	return pact_buf__detach(&b, NULL);
}

static int same_folded(const char *a, size_t la, const char *b, size_t lb)
{
	char *fa = pact_utf8_fold(a, la), *fb = pact_utf8_fold(b, lb);
	int same = fa && fb && !strcmp(fa, fb);
	free(fa);
	free(fb);
	return same;
}

static int add_event(pact_restore_result *r, pact_restore_kind kind, const word *w,
                     const char *text, char *to)
{
	pact_restore_event *e = pact_alloc__grow(r->events, &r->cap_, r->nevents, sizeof(*e), 16);
	if (!e) {
		free(to);
		return -1;
	}
	r->events = e;
	e = &r->events[r->nevents];
	e->kind = kind;
	e->seg = w->seg;
	e->off = w->off;
	e->len = w->len;
	e->to = to;
	e->from = pact_alloc__malloc(w->len + 1);
	if (!e->from) {
		free(to);
		return -1;
	}
	memcpy(e->from, text + w->off, w->len);
	e->from[w->len] = '\0';
	r->nevents++;
	if (kind == PACT_RESTORE_UNRESTORED)
		r->nunrestored++;
	else
		r->nchanged++;
	return 0;
}

/* Is the pair i -> a2b[i] backed by its neighbours? `side` -1 or +1. */
static int neighbour(const long *a2b, const unsigned char *exact, size_t n, size_t i, int side,
                     int need_exact)
{
	size_t k;
	if (a2b[i] < 0 || (side < 0 && i == 0) || (side > 0 && i + 1 >= n))
		return 0;
	k = side < 0 ? i - 1 : i + 1;
	if (a2b[k] != a2b[i] + side)
		return 0;
	return need_exact ? exact[k] : 1;
}

/* A near miss i -> a2b[i] is taken when it sits in a run of aligned pairs
 * (both neighbours aligned, or one at the start or end of the clause) with
 * an exact pair among the two words on either side: two damaged words in a
 * row ("chit lwong" for "chất lượng") still qualify, a lone pair does not. */
static int fuzzy_backed(const long *a2b, const unsigned char *exact, size_t n, size_t i)
{
	int la = neighbour(a2b, exact, n, i, -1, 0), ra = neighbour(a2b, exact, n, i, 1, 0);
	int lx = neighbour(a2b, exact, n, i, -1, 1), rx = neighbour(a2b, exact, n, i, 1, 1);
	int lx2 = la && neighbour(a2b, exact, n, i - 1, -1, 1);
	int rx2 = ra && neighbour(a2b, exact, n, i + 1, 1, 1);

	if (!(la || i == 0) || !(ra || i + 1 == n) || (!la && !ra))
		return 0;
	return lx || rx || lx2 || rx2;
}

/* Bytes of OCR debris glued to the end of a word: symbols (¢ € © ...) and
 * the ASCII OCR makes of stray marks (& { } | ~ ^ `). "S&" is "Sở" read
 * badly: once the word is restored the debris goes with it. Ordinary
 * punctuation (, . ; : ' " ) ...) is kept. */
static size_t junk_after(const char *s)
{
	size_t n = 0;
	for (;;) {
		int32_t cp;
		size_t m;
		if (!s[n])
			break;
		m = pact_utf8_decode(s + n, strlen(s + n), &cp);
		if (cp < 0x80 ? !strchr("&{}|~^`", (int)cp)
		              : !(utf8proc_category(cp) >= UTF8PROC_CATEGORY_SM &&
		                  utf8proc_category(cp) <= UTF8PROC_CATEGORY_SO))
			break;
		n += m;
	}
	return n;
}

/* Decide, word by word, what to take; record the events. */
static int decide(pact_restore_result *r, char **repl, words *in, const words *old,
                  char *const *texts, char *const *otexts, const long *a2b,
                  const unsigned char *exact)
{
	size_t n = in->count;

	for (size_t i = 0; i < n; i++) {
		word *w = &in->items[i];
		const char *t = texts[w->seg];
		const word *o = a2b[i] >= 0 ? &old->items[a2b[i]] : NULL;
		const char *ot = o ? otexts[o->seg] + o->off : NULL;
		int take = 0;
		pact_restore_kind kind = PACT_RESTORE_MARKS;

		if (o && same_folded(t + w->off, w->len, ot, o->len))
			continue;
		if (o && exact[i]) {
			take = neighbour(a2b, exact, n, i, -1, 0) ||
			       neighbour(a2b, exact, n, i, 1, 0) || (n == 1 && old->count == 1);
		} else if (o && w->letters) {
			take = fuzzy_backed(a2b, exact, n, i);
			kind = PACT_RESTORE_OCR;
		}
		if (take) {
			w->len += junk_after(t + w->off + w->len);
			repl[i] = with_case(t + w->off, w->len, ot, o->len);
			if (!repl[i] || add_event(r, kind, w, t, pact_alloc__strdup(repl[i])) < 0)
				return -1;
		} else if (!w->marked && w->letters) {
			if (add_event(r, PACT_RESTORE_UNRESTORED, w, t, NULL) < 0)
				return -1;
		}
	}
	return 0;
}

/* Rebuild each segment with the replacements. */
static int rebuild(pact_restore_result *r, char *const *texts, const words *in, char **repl)
{
	size_t wi = 0;
	for (size_t s = 0; s < r->nsegs; s++) {
		pact_buf b = PACT_BUF_INIT;
		size_t pos = 0, len = strlen(texts[s]);
		for (; wi < in->count && in->items[wi].seg == s; wi++) {
			const word *w = &in->items[wi];
			if (!repl[wi])
				continue;
			pact_buf__put(&b, texts[s] + pos, w->off - pos);
			pact_buf__puts(&b, repl[wi]);
			pos = w->off + w->len;
		}
		pact_buf__put(&b, texts[s] + pos, len - pos);
		r->texts[s] = pact_buf__detach(&b, NULL);
		if (!r->texts[s])
			return -1;
	}
	return 0;
}

/* NFC copies of n texts, split into words. */
static int prepare(char ***nfc, words *ws, const char *const *t, size_t n)
{
	*nfc = pact_alloc__calloc(n ? n : 1, sizeof(char *));
	if (!*nfc)
		return PACT_ENOMEM;
	for (size_t s = 0; s < n; s++) {
		size_t len = strlen(t[s]);
		if (!pact_utf8_valid(t[s], len, NULL))
			return pact_error_set(PACT_EINVALID, "text to restore is not valid UTF-8");
		(*nfc)[s] = pact_utf8_nfc(t[s], len);
		if (!(*nfc)[s] || split_words(ws, s, (*nfc)[s], strlen((*nfc)[s])) < 0)
			return PACT_ENOMEM;
	}
	return 0;
}

static void free_strings(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int pact_restore__run(pact_restore_result **out, const char *const *in, size_t nin,
                      const char *const *old, size_t nold)
{
	pact_restore_result *r = NULL;
	char **texts = NULL, **otexts = NULL, **repl = NULL;
	words win = {0}, wold = {0};
	long *a2b = NULL;
	unsigned char *exact = NULL;
	int rc;

	*out = NULL;
	r = pact_alloc__calloc(1, sizeof(*r));
	if (!r || !(r->texts = pact_alloc__calloc(nin ? nin : 1, sizeof(char *)))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	r->nsegs = nin;
	if ((rc = prepare(&texts, &win, in, nin)) < 0 ||
	    (rc = prepare(&otexts, &wold, old, nold)) < 0)
		goto done;
	rc = PACT_ENOMEM;
	repl = pact_alloc__calloc(win.count ? win.count : 1, sizeof(char *));
	a2b = pact_alloc__malloc((win.count ? win.count : 1) * sizeof(long));
	exact = pact_alloc__malloc(win.count ? win.count : 1);
	if (!repl || !a2b || !exact)
		goto done;
	if ((double)(win.count + 1) * (double)(wold.count + 1) > PACT_RESTORE_MAX_CELLS) {
		r->too_long = 1;
	} else {
		if (align_words(a2b, exact, &win, &wold) < 0 ||
		    decide(r, repl, &win, &wold, texts, otexts, a2b, exact) < 0)
			goto done;
	}
	if (rebuild(r, texts, &win, repl) < 0)
		goto done;
	*out = r;
	r = NULL;
	rc = 0;
done:
	pact_restore__result_free(r);
	free_strings(texts, nin);
	free_strings(otexts, nold);
	free_strings(repl, win.count);
	words_clear(&win);
	words_clear(&wold);
	free(a2b);
	free(exact);
	return rc;
}

void pact_restore__result_free(pact_restore_result *r)
{
	if (!r)
		return;
	if (r->texts)
		for (size_t s = 0; s < r->nsegs; s++)
			free(r->texts[s]);
	free(r->texts);
	for (size_t i = 0; i < r->nevents; i++) {
		free(r->events[i].from);
		free(r->events[i].to);
	}
	free(r->events);
	free(r);
}

/* ---- the "restore" pass (passes.def) ------------------------------ */

/* Restore the pieces in[0..n) against old[0..nold), report every event at
 * its input line, then rewrite the pieces (last event first, so earlier
 * offsets stay valid). */
static int restore_texts(imp_doc *doc, imp_ctx *ctx, imp_text *const *in, size_t n,
                         const char *const *old, size_t nold)
{
	pact_restore_result *r = NULL;
	const char **txt = pact_alloc__calloc(n ? n : 1, sizeof(char *));
	int rc = PACT_ENOMEM;

	if (!txt)
		goto done;
	for (size_t i = 0; i < n; i++)
		txt[i] = in[i]->s ? in[i]->s : "";
	if ((rc = pact_restore__run(&r, txt, n, old, nold)) < 0)
		goto done;
	for (size_t i = 0; i < r->nevents; i++) {
		const pact_restore_event *e = &r->events[i];
		unsigned line = pact_import__text_line_at(in[e->seg], e->off);
		if (e->kind == PACT_RESTORE_UNRESTORED)
			rc = pact_import__change(
			        ctx, line, "not-restored",
			        "'%s' left as read: no matching word in last year's text", e->from);
		else
			rc = pact_import__change(
			        ctx, line, "restored", "'%s' -> '%s'%s", e->from, e->to,
			        e->kind == PACT_RESTORE_OCR ? " (OCR damage)" : "");
		if (rc < 0)
			goto done;
	}
	for (size_t i = r->nevents; i-- > 0;) {
		const pact_restore_event *e = &r->events[i];
		if (e->kind != PACT_RESTORE_UNRESTORED &&
		    (rc = pact_import__text_replace(in[e->seg], e->off, e->len, e->to)) < 0)
			goto done;
	}
	doc->restored += r->nchanged;
	doc->unrestored += r->nunrestored;
	if (r->too_long)
		rc = pact_import__warn(
		        ctx, pact_import__text_first_line(in[0]), "not-restored",
		        "a text too long to restore (over %u word pairs) was left as read",
		        PACT_RESTORE_MAX_CELLS);
	else
		rc = 0;
done:
	pact_restore__result_free(r);
	free(txt);
	return rc;
}

static int restore_one(imp_doc *doc, imp_ctx *ctx, imp_text *t, const char *old)
{
	imp_text *in[1] = {t};
	const char *o[1] = {old ? old : ""};
	if (!t->s || !old)
		return 0;
	return restore_texts(doc, ctx, in, 1, o, 1);
}

/* Each clause is restored against the clause the aligner paired it with,
 * all its commitments at once (this year's sentences may be cut where last
 * year's were not); members against their partners; the other fields
 * against the same field last year. A clause without a partner is new:
 * left as read, its words reported. */
int pact_import__pass_restore(imp_doc *doc, imp_ctx *ctx)
{
	const pact_doc *like = doc->like;
	const pact_clause none = {0}; /* a new clause: nothing to restore from */
	imp_text **in = NULL;
	const char **old = NULL;
	int rc = 0;

	if (!like || !(doc->no_diacritics || doc->ocr))
		return 0;
	if ((rc = restore_one(doc, ctx, &doc->title, like->title)) < 0 ||
	    (rc = restore_one(doc, ctx, &doc->bloc, like->bloc)) < 0 ||
	    (rc = restore_one(doc, ctx, &doc->province, like->province)) < 0 ||
	    (rc = restore_one(doc, ctx, &doc->place, like->signed_place)) < 0 ||
	    (rc = restore_one(doc, ctx, &doc->preamble, like->preamble)) < 0)
		goto done;
	for (size_t i = 0; i < doc->nmembers; i++) {
		imp_member *m = &doc->members[i];
		if (m->like >= 0 && (size_t)m->like < like->nmembers &&
		    (rc = restore_one(doc, ctx, &m->name, like->members[m->like].name)) < 0)
			goto done;
	}
	for (size_t i = 0; i < doc->nclauses; i++) {
		imp_clause *c = &doc->clauses[i];
		const pact_clause *pc;
		if (!c->ncommitments)
			continue;
		pc = c->like >= 0 && (size_t)c->like < like->nclauses ? &like->clauses[c->like]
		                                                      : &none;
		free(in);
		free(old);
		in = pact_alloc__calloc(c->ncommitments, sizeof(*in));
		old = pact_alloc__calloc(pc->ncommitments ? pc->ncommitments : 1, sizeof(*old));
		if (!in || !old) {
			rc = PACT_ENOMEM;
			goto done;
		}
		for (size_t k = 0; k < c->ncommitments; k++)
			in[k] = &c->commitments[k];
		for (size_t k = 0; k < pc->ncommitments; k++)
			old[k] = pc->commitments[k].text;
		if ((rc = restore_texts(doc, ctx, in, c->ncommitments, old, pc->ncommitments)) <
		            0 ||
		    (rc = restore_one(doc, ctx, &c->title, pc->title)) < 0)
			goto done;
	}
	rc = restore_one(doc, ctx, &doc->closing, like->closing);
done:
	free(in);
	free(old);
	return rc;
}
