/*
 * tokens.c - splitting pact text into words and punctuation, with keys.
 *
 * Why keys and not strings: the diff and the aligner compare tokens millions
 * of times at 10 000 clauses, so each token is normalised once, here, and
 * compared as a 64-bit integer afterwards. Normalisation for a word that is
 * not pure ASCII: NFD, drop the five Vietnamese tone marks (U+0300 grave,
 * U+0301 acute, U+0303 tilde, U+0309 hook above, U+0323 dot below) while
 * remembering which ones were there, recompose to NFC and append the tones
 * in order. A syllable carries one tone, so its position ("hoà" vs "hòa",
 * "khoẻ" vs "khỏe") is spelling convention, not meaning; a word with more
 * (syllables run together, "résumé") keeps each one, so a tone removed
 * from it is a change. ASCII words skip utf8proc.
 * Cost: O(bytes) per text, one or two utf8proc_map calls per non-ASCII word.
 */
#include "tokens.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <utf8proc.h>

#include "buf.h"
#include "pact/error.h"
#include "pact/utf8.h"

uint64_t pact_tokens__hash(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL ^ seed;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	/* splitmix64 finaliser: FNV alone clusters in the low bits we index by */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

static int is_tone(int32_t cp)
{
	return cp == 0x300 || cp == 0x301 || cp == 0x303 || cp == 0x309 || cp == 0x323;
}

static int is_space(int32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v')
		return 1;
	if (cp < 0x80)
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

static int is_wordch(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

/* Whether case folding maps code point cp to something else. */
static int folds(int32_t cp)
{
	return utf8proc_get_property(cp)->casefold_seqindex != UINT16_MAX;
}

/* The Latin blocks (U+0000-U+024F, U+1E00-U+1EFF, Vietnamese letters
 * included), each code point normalised alone once per thread, when first
 * met: the letter left when its tone mark is removed (NFD, tone dropped,
 * NFC), that tone, and whether case folding changes the code point or its
 * decomposition. NFC never joins two such letters (no Latin starter
 * composes with the starter after it) and each carries its own marks, so a
 * word made of them normalises letter by letter: its key string is their
 * letters side by side, then the last tone, as the general path below
 * would build it (checked for every pair of them), for a table look-up per
 * letter instead of two utf8proc_map calls per new word. */
#define LATIN_END 0x1F00
typedef struct latin_norm {
	int32_t base;    /* the letter without its tone */
	uint16_t tone;   /* 0, or the tone mark removed */
	uint8_t known;   /* computed */
	uint8_t simple;  /* a starter that normalises to one letter, at most one tone */
	uint8_t changes; /* case folding changes it */
} latin_norm;

/* The word cache (word_keys): 4096 x 48 bytes. */
#define CACHE_SLOTS 4096
#define CACHE_WORD 30
typedef struct cache_entry {
	uint64_t key, fold;
	unsigned char len; /* 0: empty */
	char word[CACHE_WORD];
} cache_entry;

/*
 * A thread's tables: the Latin letters' normal forms above, the
 * splitter's classes (char_class) and the word cache (word_keys), 300 KB
 * of zeroes mapped on the thread's first use. As _Thread_local arrays
 * they were zeroed at the start of every process, tokenising or not (71
 * page faults, 0.1 ms of every `pact commit`); mapped, only a process
 * that tokenises pays for them. Unmapped when the thread ends (a pthread key's
 * destructor); the process's end returns the main thread's. Mapped, not
 * malloc'ed: a cache held until the thread ends is no allocation of the
 * call that first needed it (the test suite's allocator counts those).
 * Without memory for it, every look-up is computed afresh.
 */
typedef struct tok_tables {
	latin_norm latin[LATIN_END];
	cache_entry cache[CACHE_SLOTS];
	unsigned char char_class_of[LATIN_END]; /* 0: not yet */
} tok_tables;

static _Thread_local tok_tables *tables;
static pthread_key_t tables_key;
static int tables_keyed; /* tables_key was created */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_unmap(void *t)
{
	munmap(t, sizeof(tok_tables));
}

static void tables_make_key(void)
{
	tables_keyed = pthread_key_create(&tables_key, tables_unmap) == 0;
}

static __attribute__((noinline)) tok_tables *tables_map(void)
{
	void *t = mmap(NULL, sizeof(tok_tables), PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		return NULL;
#ifdef MADV_POPULATE_WRITE
	/* All its pages at once, writable: the look-ups read a slot before
	 * writing it, two faults a page (a zero page, then a copy) where the
	 * zeroing of the thread-local arrays took one; a kernel before 5.14
	 * says EINVAL and the pages come one fault at a time. */
	madvise(t, sizeof(tok_tables), MADV_POPULATE_WRITE);
#endif
	pthread_once(&tables_once, tables_make_key);
	if (tables_keyed)
		pthread_setspecific(tables_key, t);
	return tables = t;
}

/* This thread's tables; NULL when they cannot be had. */
static inline tok_tables *tables_get(void)
{
	return tables ? tables : tables_map();
}

static const latin_norm *latin_of(tok_tables *t, int32_t cp)
{
	latin_norm *l = &t->latin[cp];
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n, m = 0;
	int bound = 0, tones = 0;

	if (l->known)
		return l;
	l->known = 1;
	if ((cp >= 0x250 && cp < 0x1E00) || utf8proc_get_property(cp)->combining_class != 0)
		return l;
	n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE, &bound);
	if (n < 1 || n > 8)
		return l;
	l->changes = folds(cp);
	for (utf8proc_ssize_t k = 0; k < n; k++) {
		if (folds(d[k]))
			l->changes = 1;
		if (is_tone(d[k])) {
			l->tone = (uint16_t)d[k];
			tones++;
		} else {
			d[m++] = d[k];
		}
	}
	m = utf8proc_normalize_utf32(d, m, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (m == 1 && tones <= 1) {
		l->base = d[0];
		l->simple = 1;
	}
	return l;
}

/* The key string of a word of Latin letters by the table above, into `b`:
 * 1 when written, 0 when the word has another code point (nothing
 * written: the general path applies), -1 out of memory. Not for the
 * case-folded key, which the caller gets from the key itself when
 * *fold_same. */
static int latin_key(pact_buf *b, const char *w, size_t len, int *fold_same)
{
	tok_tables *t = tables_get();
	uint16_t tone = 0;
	int same = 1;
	size_t i, tones = 0;

	if (!t)
		return 0;
	for (i = 0; i < len;) {
		int32_t cp;
		i += pact_utf8_decode(w + i, len - i, &cp);
		if (cp >= LATIN_END || !latin_of(t, cp)->simple)
			return 0;
	}
	for (i = 0; i < len;) {
		int32_t cp;
		utf8proc_uint8_t u[4];
		i += pact_utf8_decode(w + i, len - i, &cp);
		const latin_norm *l = &t->latin[cp];
		if (l->tone) {
			tone = l->tone;
			tones++;
		}
		if (l->changes)
			same = 0;
		pact_buf__put(b, (const char *)u, (size_t)utf8proc_encode_char(l->base, u));
	}
	/* every tone, in the order of the letters that carry them: "Ápdụng"
	 * is not "Apdụng" (keeping the last one only made them equal) */
	for (i = 0; tones > 1 && i < len;) {
		int32_t cp;
		i += pact_utf8_decode(w + i, len - i, &cp);
		if (t->latin[cp].tone)
			pact_buf__printf(b, "\x01%x", (unsigned)t->latin[cp].tone);
	}
	if (tones == 1)
		pact_buf__printf(b, "\x01%x", (unsigned)tone);
	if (fold_same)
		*fold_same = same;
	return b->oom ? -1 : 1;
}

/* Build the key string of a word into `b`; returns 0 or -1 on OOM. When
 * `fold_same` is given (and `fold` is 0), *fold_same tells whether the
 * case-folded key string would be the same: no code point of the word nor
 * of its decomposition has a case folding (utf8proc folds code point by
 * code point, before decomposing), which is most words of a pact, so one
 * normalisation gives both keys. */
static int key_string(pact_buf *b, const char *w, size_t len, int fold, int *fold_same)
{
	utf8proc_uint8_t *nfd = NULL, *nfc = NULL;
	utf8proc_ssize_t n;
	size_t i, ascii = 1;
	int rc = -1, same = 1, by_table;
	pact_buf stripped = PACT_BUF_INIT, tones = PACT_BUF_INIT;

	for (i = 0; i < len; i++)
		if ((unsigned char)w[i] >= 0x80)
			ascii = 0;
	if (ascii) {
		for (i = 0; i < len; i++) {
			char c = w[i];
			if (c >= 'A' && c <= 'Z') {
				same = 0;
				if (fold)
					c = (char)(c - 'A' + 'a');
			}
			pact_buf__putc(b, c);
		}
		if (fold_same)
			*fold_same = same;
		return b->oom ? -1 : 0;
	}
	if (!fold && (by_table = latin_key(b, w, len, fold_same)) != 0)
		return by_table < 0 ? -1 : 0;
	for (i = 0; fold_same && i < len;) {
		int32_t cp;
		i += pact_utf8_decode(w + i, len - i, &cp);
		if (folds(cp))
			same = 0;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)len, &nfd,
	                 UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | (fold ? UTF8PROC_CASEFOLD : 0));
	if (n < 0)
		goto done;
	for (utf8proc_ssize_t k = 0; k < n;) {
		int32_t cp;
		size_t m = pact_utf8_decode((const char *)nfd + k, (size_t)(n - k), &cp);
		if (fold_same && folds(cp))
			same = 0;
		if (is_tone(cp))
			pact_buf__printf(&tones, "\x01%x", (unsigned)cp);
		else
			pact_buf__put(&stripped, (const char *)nfd + k, m);
		k += (utf8proc_ssize_t)m;
	}
	if (stripped.oom || tones.oom)
		goto done;
	n = utf8proc_map((const utf8proc_uint8_t *)(stripped.ptr ? stripped.ptr : ""),
	                 (utf8proc_ssize_t)stripped.len, &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		goto done;
	pact_buf__put(b, (const char *)nfc, (size_t)n);
	/* every tone, in order (see latin_key) */
	if (tones.len)
		pact_buf__put(b, tones.ptr, tones.len);
	if (fold_same)
		*fold_same = same;
	rc = b->oom ? -1 : 0;
done:
	free(nfd);
	free(nfc);
	pact_buf__clear(&stripped);
	pact_buf__clear(&tones);
	return rc;
}

/* A per-thread cache of word -> (key, fold). A pact's vocabulary is a few
 * thousand syllables repeated many times, and utf8proc's two maps per
 * non-ASCII word dominated the profile at 10 000 clauses. Entries hold the
 * word's bytes, so a hit is exact; longer words bypass it. Two-way set
 * associative, most recent first: direct-mapped, two frequent words that
 * shared a slot evicted each other on every use (6% of the look-ups of a
 * generated 10 000-clause pact, a third of the tokeniser's time). Per thread
 * (no locks), in tok_tables. */
static int word_keys(const char *w, size_t len, uint64_t *key, uint64_t *fold, pact_buf *kb)
{
	tok_tables *tab = len <= CACHE_WORD ? tables_get() : NULL;
	cache_entry *e = NULL;
	int same = 0;
	if (tab) {
		uint64_t h = pact_tokens__hash(w, len, 0x51ed);
		cache_entry *set = &tab->cache[h & (CACHE_SLOTS - 2)]; /* set[0], set[1] */
		for (int way = 0; way < 2; way++)
			if (set[way].len == len && !memcmp(set[way].word, w, len)) {
				*key = set[way].key;
				*fold = set[way].fold;
				if (way) { /* most recent first */
					cache_entry t = set[0];
					set[0] = set[1];
					set[1] = t;
				}
				return 0;
			}
		set[1] = set[0]; /* the least recent goes */
		e = &set[0];
	}
	kb->len = 0;
	if (key_string(kb, w, len, 0, &same) < 0)
		return -1;
	*key = pact_tokens__hash(kb->ptr, kb->len, 0);
	*fold = *key;
	kb->len = 0;
	if (!same && key_string(kb, w, len, 1, NULL) < 0)
		return -1;
	if (!same)
		*fold = pact_tokens__hash(kb->ptr, kb->len, 0);
	if (e) {
		e->key = *key;
		e->fold = *fold;
		e->len = (unsigned char)len;
		memcpy(e->word, w, len);
	}
	return 0;
}

char *pact_tokens__key_string(const char *word, size_t len, int fold)
{
	pact_buf b = PACT_BUF_INIT;
	if (key_string(&b, word, len, fold, NULL) < 0) {
		pact_buf__clear(&b);
		return NULL;
	}
	return pact_buf__detach(&b, NULL);
}

static int push(pact_tokens *t, const pact_token *tok)
{
	if (t->count == t->cap) { /* rarely: the arrays are reused */
		pact_token *p = pact_alloc__grow(t->items, &t->cap, t->count, sizeof(*p), 32);
		if (!p)
			return -1;
		t->items = p;
	}
	t->items[t->count++] = *tok;
	return 0;
}

/* pact_utf8_decode, with ASCII (most bytes of a pact) decoded in place and
 * well-formed two- and three-byte sequences (Vietnamese letters) decoded
 * here; anything else goes to pact_utf8_decode. */
static inline size_t decode(const char *s, size_t len, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] < 0xE0 && len >= 2 && (u[1] & 0xC0) == 0x80) {
		*cp = (int32_t)(((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu));
		return 2;
	}
	if (u[0] >= 0xE0 && u[0] < 0xF0 && len >= 3 && (u[1] & 0xC0) == 0x80 &&
	    (u[2] & 0xC0) == 0x80) {
		int32_t c =
		        (int32_t)(((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu));
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*cp = c;
			return 3;
		}
	}
	return pact_utf8_decode(s, len, cp);
}

/* What a code point is to the splitter: whitespace, part of a word, or a
 * token of its own. ASCII is tested in place; the other code points of the
 * Latin blocks (LATIN_END) are classified once per thread, when first met
 * (two utf8proc look-ups per letter were a third of the splitter's time). */
enum { CLASS_SPACE = 1, CLASS_WORD, CLASS_OTHER };

static inline int ascii_word(unsigned c)
{
	return (c | 0x20) - 'a' < 26 || c - '0' < 10;
}

static inline int char_class(int32_t cp)
{
	tok_tables *t;
	unsigned char *c;
	int k;

	if (cp < 0x80)
		return ascii_word((unsigned)cp) ? CLASS_WORD
		       : is_space(cp)           ? CLASS_SPACE
		                                : CLASS_OTHER;
	c = cp < LATIN_END && (t = tables_get()) != NULL ? &t->char_class_of[cp] : NULL;
	if (c && *c)
		return *c;
	k = is_space(cp) ? CLASS_SPACE : is_wordch(cp) ? CLASS_WORD : CLASS_OTHER;
	if (c)
		*c = (unsigned char)k;
	return k;
}

/* The next token of text[len] from *i on, without its keys: 0 when only
 * whitespace is left, else 1 with *i moved past the token. */
static int next_token(pact_token *tok, const char *text, size_t len, size_t *i)
{
	size_t ws = *i;

	while (*i < len) {
		int32_t cp;
		size_t n = decode(text + *i, len - *i, &cp);
		int k = char_class(cp);

		if (k == CLASS_SPACE) {
			*i += n;
			continue;
		}
		memset(tok, 0, sizeof(*tok));
		tok->ws = ws;
		tok->off = *i;
		if (k == CLASS_WORD) {
			size_t j = *i + n;
			while (j < len) {
				int32_t c2;
				size_t m;
				if ((unsigned char)text[j] < 0x80) { /* most letters */
					if (!ascii_word((unsigned char)text[j]))
						break;
					j++;
					continue;
				}
				m = decode(text + j, len - j, &c2);
				if (char_class(c2) != CLASS_WORD)
					break;
				j += m;
			}
			tok->len = j - *i;
			tok->kind = PACT_TOK_WORD;
		} else {
			tok->len = n;
			tok->kind = PACT_TOK_PUNCT;
		}
		*i += tok->len;
		return 1;
	}
	return 0;
}

int pact_tokens__split(pact_tokens *out, const char *text, size_t len)
{
	pact_buf kb = PACT_BUF_INIT;
	pact_token tok;
	size_t i = 0;
	int rc = 0;

	while (next_token(&tok, text, len, &i)) {
		if (word_keys(text + tok.off, tok.len, &tok.key, &tok.fold, &kb) < 0 ||
		    push(out, &tok) < 0) {
			rc = PACT_ENOMEM;
			break;
		}
	}
	pact_buf__clear(&kb);
	return rc;
}

size_t pact_tokens__count(const char *text, size_t len, size_t *end)
{
	size_t i = 0, n = 0;
	int in_word = 0;

	/* next_token's rules, a code point at a time: a run of word code
	 * points is one token, any other non-space code point is one */
	*end = 0;
	while (i < len) {
		int32_t cp;
		size_t m = decode(text + i, len - i, &cp);
		int k = char_class(cp);
		if (k == CLASS_WORD && !in_word)
			n++;
		else if (k == CLASS_OTHER)
			n++;
		in_word = k == CLASS_WORD;
		if (k != CLASS_SPACE)
			*end = i + m;
		i += m;
	}
	return n;
}

void pact_tokens__clear(pact_tokens *t)
{
	if (!t)
		return;
	free(t->items);
	t->items = NULL;
	t->count = t->cap = 0;
}

int pact_tokens__same_word(const char *a, size_t alen, const char *b, size_t blen, int fold)
{
	char *ka, *kb;
	int same = -1;

	if (alen == blen && !memcmp(a, b, alen))
		return 1;
	ka = pact_tokens__key_string(a, alen, fold);
	kb = pact_tokens__key_string(b, blen, fold);
	if (ka && kb)
		same = !strcmp(ka, kb);
	free(ka);
	free(kb);
	return same;
}

int pact_tokens__same_tokens(const char *a, const pact_tokens *ta, const char *b,
                             const pact_tokens *tb)
{
	if (ta->count != tb->count)
		return 0;
	for (size_t i = 0; i < ta->count; i++) {
		const pact_token *x = &ta->items[i], *y = &tb->items[i];
		if (x->key != y->key ||
		    pact_tokens__same_word(a + x->off, x->len, b + y->off, y->len, 0) != 1)
			return 0;
	}
	return 1;
}

int pact_tokens__same_text(const char *a, const char *b)
{
	pact_tokens ta = PACT_TOKENS_INIT, tb = PACT_TOKENS_INIT;
	int same = 0;

	if (pact_tokens__split(&ta, a, strlen(a)) == 0 &&
	    pact_tokens__split(&tb, b, strlen(b)) == 0)
		same = pact_tokens__same_tokens(a, &ta, b, &tb);
	pact_tokens__clear(&ta);
	pact_tokens__clear(&tb);
	return same;
}
