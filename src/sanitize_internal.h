/*
 * sanitize_internal.h - the sanitiser's fast path, shared by the sanitiser
 * (sanitize.c) and the JSON writer (json.c) (internal, not installed).
 */
#ifndef PACT_SANITIZE_INTERNAL_H
#define PACT_SANITIZE_INTERNAL_H

#include <stddef.h>

/* The length of the well-formed character at p (n bytes left, n > 0) when
 * it is U+00C0-U+05FF but U+034F, or U+1E00-U+1EFF, every Vietnamese
 * letter: safe (pact_sanitize_is_unsafe() passes it without a table) and
 * special in no mode, so it is written as it is; 0 for anything else,
 * which the caller decodes and classifies. */
static inline size_t pact_sanitize__letter_len(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] >= 0xC3 && p[0] <= 0xD7 && (p[1] & 0xC0) == 0x80 &&
	    !(p[0] == 0xCD && p[1] == 0x8F))
		return 2;
	if (n >= 3 && p[0] == 0xE1 && p[1] >= 0xB8 && p[1] <= 0xBB && (p[2] & 0xC0) == 0x80)
		return 3;
	return 0;
}

#endif
