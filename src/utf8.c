/*
 * utf8.c - UTF-8 validation and utf8proc-backed normalisation.
 *
 * Validation is hand-written because it must report the offset of the first
 * bad byte (for file:line:col errors) and reject NUL, which utf8proc accepts.
 * Normalisation and case folding are utf8proc's: its tables follow Unicode.
 */
#include "pact/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "pact/error.h"

int pact_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, retry = 0;

	while (i < len) {
		unsigned c = p[i];
		size_t n;
		uint32_t cp, min;

		/* ASCII, most of any pact, then eight bytes at a time while none
		 * is NUL or past ASCII (a byte b - 1 borrows or has its high bit
		 * set only then); after a miss, one by one for eight bytes */
		if (c - 1 < 0x7F) {
			i++;
			if (i < retry || i + 8 > len)
				continue;
			while (i + 8 <= len) {
				uint64_t w;
				memcpy(&w, p + i, 8);
				if (((w - 0x0101010101010101u) | w) & 0x8080808080808080u)
					break;
				i += 8;
			}
			retry = i + 8;
			continue;
		}
		/* two and three bytes that cannot be overlong or a surrogate
		 * whatever their continuation bytes (every Vietnamese letter) */
		if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		if (c >= 0xE1 && c <= 0xEC && i + 2 < len && (p[i + 1] & 0xC0) == 0x80 &&
		    (p[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		if (c == 0)
			goto fail;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 2;
			cp = c & 0x1F;
			min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 3;
			cp = c & 0x0F;
			min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 4;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			goto fail;
		}
		if (i + n > len)
			goto fail;
		for (size_t k = 1; k < n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				goto fail;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto fail;
		i += n;
	}
	return 1;
fail:
	if (bad)
		*bad = i;
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

static char *map(const char *s, size_t len, utf8proc_option_t opts)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n =
	        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out, opts);
	if (n < 0) {
		if (n == UTF8PROC_ERROR_NOMEM)
			pact_alloc__oom();
		return NULL;
	}
	return (char *)out;
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
	same = n && strlen(n) == len && memcmp(n, s, len) == 0;
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
