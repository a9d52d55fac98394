/*
 * utf8.c - UTF-8 validation and utf8proc-backed normalisation.
 *
 * Validation is hand-written because it must report the offset of the first
 * bad byte (for file:line:col errors) and reject NUL, which utf8proc accepts.
 * Normalisation and case folding are utf8proc's: its tables follow Unicode.
 */
#include "pact/utf8.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "pact/error.h"

/* The first bad byte of s[0..len) (len when there is none), decoding
 * character by character: run only on a document the automaton below
 * refused, to say where. */
static size_t first_bad(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned cp;
		size_t n = s[i] ? pact_utf8_next(s + i, len - i, &cp) : 0;
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

/*
 * Validation is an automaton of nine states, one step a byte with no
 * branch: row[b] packs, for each state s, the state byte b leads to from
 * s, six bits at bit 6 s, and a state is kept as that shift, so a step is
 * one load and one shift (a shift-based DFA, after Per Vognsen). The
 * branch a byte took in a hand-written validator was mispredicted on
 * every change between ASCII and a Vietnamese letter, which is most
 * characters of a pact: a third of the mispredictions loading adds to
 * libyaml's own (cachegrind's branch simulation of a 10 000-clause pact).
 * The states, as shifts: */
enum {
	U8_OK = 0,     /* between characters */
	U8_BAD = 6,    /* refused, for good */
	U8_CONT1 = 12, /* one continuation byte (80-BF) due */
	U8_CONT2 = 18, /* two due */
	U8_E0 = 24,    /* after E0: A0-BF (no overlong), then one */
	U8_ED = 30,    /* after ED: 80-9F (no surrogate), then one */
	U8_F0 = 36,    /* after F0: 90-BF (no overlong), then two */
	U8_CONT3 = 42, /* after F1-F3: three due */
	U8_F4 = 48     /* after F4: 80-8F (nothing past U+10FFFF), then two */
};

/* The state byte b leads to from each state (NUL is refused). */
#define U8_FROM_OK(b)                                                                              \
	((b) == 0      ? U8_BAD                                                                    \
	 : (b) < 0x80  ? U8_OK                                                                     \
	 : (b) < 0xC2  ? U8_BAD                                                                    \
	 : (b) < 0xE0  ? U8_CONT1                                                                  \
	 : (b) == 0xE0 ? U8_E0                                                                     \
	 : (b) == 0xED ? U8_ED                                                                     \
	 : (b) < 0xF0  ? U8_CONT2                                                                  \
	 : (b) == 0xF0 ? U8_F0                                                                     \
	 : (b) < 0xF4  ? U8_CONT3                                                                  \
	 : (b) == 0xF4 ? U8_F4                                                                     \
	               : U8_BAD)
#define U8_IN(b, lo, hi, to) ((b) >= (lo) && (b) <= (hi) ? (to) : U8_BAD)
#define U8_ROW(b)                                                                                  \
	((uint64_t)U8_FROM_OK(b) << U8_OK | (uint64_t)U8_BAD << U8_BAD |                           \
	 (uint64_t)U8_IN(b, 0x80, 0xBF, U8_OK) << U8_CONT1 |                                       \
	 (uint64_t)U8_IN(b, 0x80, 0xBF, U8_CONT1) << U8_CONT2 |                                    \
	 (uint64_t)U8_IN(b, 0xA0, 0xBF, U8_CONT1) << U8_E0 |                                       \
	 (uint64_t)U8_IN(b, 0x80, 0x9F, U8_CONT1) << U8_ED |                                       \
	 (uint64_t)U8_IN(b, 0x90, 0xBF, U8_CONT2) << U8_F0 |                                       \
	 (uint64_t)U8_IN(b, 0x80, 0xBF, U8_CONT2) << U8_CONT3 |                                    \
	 (uint64_t)U8_IN(b, 0x80, 0x8F, U8_CONT2) << U8_F4)
#define U8_ROW4(b) U8_ROW(b), U8_ROW((b) + 1), U8_ROW((b) + 2), U8_ROW((b) + 3)
#define U8_ROW16(b) U8_ROW4(b), U8_ROW4((b) + 4), U8_ROW4((b) + 8), U8_ROW4((b) + 12)
#define U8_ROW64(b) U8_ROW16(b), U8_ROW16((b) + 16), U8_ROW16((b) + 32), U8_ROW16((b) + 48)

static const uint64_t u8_row[256] = {U8_ROW64(0), U8_ROW64(64), U8_ROW64(128), U8_ROW64(192)};

int pact_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t st = U8_OK;
	size_t i = 0;

	/* eight steps at a time; a refusal is for good, so it is looked at
	 * once per block, and where it happened only on a refusal */
	for (; i + 8 <= len; i += 8) {
		st = u8_row[p[i]] >> (st & 63);
		st = u8_row[p[i + 1]] >> (st & 63);
		st = u8_row[p[i + 2]] >> (st & 63);
		st = u8_row[p[i + 3]] >> (st & 63);
		st = u8_row[p[i + 4]] >> (st & 63);
		st = u8_row[p[i + 5]] >> (st & 63);
		st = u8_row[p[i + 6]] >> (st & 63);
		st = u8_row[p[i + 7]] >> (st & 63);
		if ((st & 63) == U8_BAD)
			break;
	}
	for (; i < len && (st & 63) != U8_BAD; i++)
		st = u8_row[p[i]] >> (st & 63);
	if ((st & 63) == U8_OK)
		return 1;
	if (bad)
		*bad = first_bad(s, len);
	return 0;
}

int pact_utf8_require(const char *what, const char *s)
{
	size_t bad = 0;

	if (!s || pact_utf8_valid(s, strlen(s), &bad))
		return 0;
	return pact_error_set(PACT_EINVALID,
	                      "%s is not valid UTF-8 (byte 0x%02x at offset %zu); write it in "
	                      "UTF-8",
	                      what, (unsigned char)s[bad], bad);
}

size_t pact_utf8_next(const char *s, size_t len, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[0], v, min;
	size_t n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[k] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

size_t pact_utf8_decode(const char *s, size_t len, int32_t *cp)
{
	unsigned c = 0;
	size_t n = pact_utf8_next(s, len, &c);
	if (n == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = (int32_t)c;
	return n;
}

size_t pact_utf8_length(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* The combining class of cp: 0 for a starter. */
static unsigned ccc(utf8proc_int32_t cp)
{
	return utf8proc_get_property(cp)->combining_class;
}

/* Runs of at most this many marks are put in order in place (the usual
 * run: one or two marks on a letter); longer ones by counting. */
#define SHORT_RUN 8

/* Put the run of non-starters r[0..n) in canonical order: by combining
 * class, those of one class kept in the order they came (a stable sort,
 * UAX #15). Counting by class makes a run of n marks cost n steps, where
 * utf8proc's ordering, a bubble sort, costs n^2. `tmp` has room for n. */
static void order_run(utf8proc_int32_t *r, size_t n, utf8proc_int32_t *tmp)
{
	size_t at[257];

	if (n <= SHORT_RUN) {
		for (size_t i = 1; i < n; i++) {
			utf8proc_int32_t c = r[i];
			unsigned k = ccc(c);
			size_t j = i;
			for (; j > 0 && ccc(r[j - 1]) > k; j--)
				r[j] = r[j - 1];
			r[j] = c;
		}
		return;
	}
	memset(at, 0, sizeof(at));
	for (size_t i = 0; i < n; i++)
		at[ccc(r[i]) + 1]++;
	for (size_t k = 1; k < 257; k++)
		at[k] += at[k - 1];
	for (size_t i = 0; i < n; i++)
		tmp[at[ccc(r[i])]++] = r[i];
	memcpy(r, tmp, n * sizeof(*r));
}

/* Decompose valid UTF-8 s[0..len) code point by code point with `opts`
 * into buf (NULL: only count), as utf8proc_decompose does before its
 * ordering; the number of code points, or a utf8proc error (< 0). */
static utf8proc_ssize_t decompose(const char *s, size_t len, utf8proc_int32_t *buf, size_t room,
                                  utf8proc_option_t opts)
{
	size_t i = 0, w = 0;
	int bound = UTF8PROC_BOUNDCLASS_START;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (r <= 0 || cp < 0)
			return UTF8PROC_ERROR_INVALIDUTF8;
		i += (size_t)r;
		r = utf8proc_decompose_char(cp, buf ? buf + w : NULL,
		                            buf ? (utf8proc_ssize_t)(room - w) : 0, opts, &bound);
		if (r < 0)
			return r;
		w += (size_t)r;
		if (w > (size_t)PTRDIFF_MAX / 8)
			return UTF8PROC_ERROR_OVERFLOW;
	}
	return (utf8proc_ssize_t)w;
}

/*
 * utf8proc_map(s, len, opts) for opts with UTF8PROC_COMPOSE, in time
 * linear in len: the same decomposition (utf8proc_decompose_char), each run
 * of non-starters put in canonical order by order_run, then the same
 * composition and encoding (utf8proc_reencode: one pass). utf8proc_map's
 * own ordering took minutes on a letter with 100 000 marks.
 */
static char *map(const char *s, size_t len, utf8proc_option_t opts)
{
	utf8proc_int32_t *buf = NULL, *tmp = NULL;
	utf8proc_ssize_t n = decompose(s, len, NULL, 0, opts);
	size_t longest = 0;
	char *out = NULL;

	if (n < 0)
		goto done;
	buf = pact_alloc__malloc((size_t)n * sizeof(*buf) + 1);
	if (!buf || decompose(s, len, buf, (size_t)n, opts) != n)
		goto done;
	for (size_t i = 0; i < (size_t)n;) {
		size_t j = i;
		while (j < (size_t)n && ccc(buf[j]))
			j++;
		if (j - i > SHORT_RUN && j - i > longest) {
			utf8proc_int32_t *t = pact_alloc__realloc(tmp, (j - i) * sizeof(*t));
			if (!t)
				goto done;
			tmp = t;
			longest = j - i;
		}
		if (j - i > 1)
			order_run(buf + i, j - i, tmp);
		i = j > i ? j : i + 1;
	}
	n = utf8proc_reencode(buf, n, opts);
	if (n < 0)
		goto done;
	/* UTF-8 now, NUL-terminated, in place: given back the room the code
	 * points took (a shrinking realloc that fails keeps it all) */
	out = realloc(buf, (size_t)n + 1);
	if (!out)
		out = (char *)buf;
	buf = NULL;
done:
	free(buf);
	free(tmp);
	return out;
}

char *pact_utf8_nfc(const char *s, size_t len)
{
	return map(s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

int pact_utf8_nfc_stable(uint32_t cp)
{
	return cp < 0x300 || (cp >= 0x1E00 && cp < 0x1F00) || (cp >= 0x2010 && cp < 0x2060) ||
	       (cp >= 0x20A0 && cp < 0x20C0);
}

/* The quick scan first: a string made only of NFC-stable code points (all
 * of Vietnamese text, as a rule) is NFC without asking utf8proc, whose map
 * allocates and decomposes every string (half of a `pact validate` once).
 * Anything else gets the exact check. */
int pact_utf8_is_nfc(const char *s, size_t len)
{
	size_t i = 0;
	char *n;
	int same;

	while (i < len) {
		const unsigned char *p = (const unsigned char *)s + i;
		unsigned cp;
		size_t w;
		if (p[0] < 0x80) {
			i++;
			continue;
		}
		/* U+0080-U+02FF and U+1E00-U+1EFF (every Vietnamese letter),
		 * stable, told by their bytes without decoding them */
		if (p[0] >= 0xC2 && p[0] <= 0xCB && i + 1 < len && (p[1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		if (p[0] == 0xE1 && i + 2 < len && p[1] >= 0xB8 && p[1] <= 0xBB &&
		    (p[2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		w = pact_utf8_next(s + i, len - i, &cp);
		if (w == 0 || !pact_utf8_nfc_stable(cp))
			break;
		i += w;
	}
	if (i == len)
		return 1;
	n = pact_utf8_nfc(s, len);
	if (!n) /* out of memory, or not UTF-8 */
		return pact_utf8_valid(s, len, NULL) ? -1 : 0;
	same = strlen(n) == len && memcmp(n, s, len) == 0;
	free(n);
	return same;
}

char *pact_utf8_fold(const char *s, size_t len)
{
	return map(s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

int pact_utf8_is_letter(int32_t cp)
{
	if (cp < 0x80) /* most of any pact: no table look-up */
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME);
}

int pact_utf8_is_control(int32_t cp)
{
	if (cp >= 0 && cp < 0x80)
		return cp < 0x20 || cp == 0x7F;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CF;
}
