/*
 * buf.h - a growable byte buffer for libpact's internal use (not installed).
 *
 * Renderers and the diff build long strings piece by piece; checking every
 * append for out-of-memory would bury the logic, so the buffer remembers a
 * failure (`oom`) and the caller checks it once at the end. After a failure
 * every append is a no-op and the contents are meaningless.
 */
#ifndef PACT_BUF_H
#define PACT_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "alloc.h"

typedef struct pact_buf {
	char *ptr; /* NUL-terminated when len > 0 or after pact_buf__detach() */
	size_t len;
	size_t cap;
	int oom;
	/* 0, or 1 + a pact_sanitize_mode: everything appended since the last
	 * pact_buf__put_raw() is sanitised in that mode when the buffer is
	 * settled (by the next raw put or pact_buf__detach), so
	 * a renderer cannot let a control through by forgetting to escape one
	 * piece of text; only its own markup goes in raw. */
	int filter;
	size_t clean; /* bytes [0, clean) are settled */
} pact_buf;
#define PACT_BUF_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0, 0, 0, 0                                                                \
	}

void pact_buf__put(pact_buf *b, const char *s, size_t n);
void pact_buf__puts(pact_buf *b, const char *s);
void pact_buf__putc(pact_buf *b, char c);
void pact_buf__printf(pact_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;
/* Sanitise everything appended from now on in `mode` (a pact_sanitize_mode,
 * see pact/sanitize.h) except what goes through pact_buf__put_raw(). */
void pact_buf__filter(pact_buf *b, int mode);
/* Append markup that must reach the reader as it is (an SGR colour code),
 * after settling what came before. */
void pact_buf__put_raw(pact_buf *b, const char *s);
/* Append s[0..n) sanitised in `mode` (sanitize.c). */
void pact_buf__put_sanitized(pact_buf *b, const char *s, size_t n, int mode);

/* Hand the contents over as a malloc'ed NUL-terminated string (never NULL
 * unless oom) and reset the buffer. */
char *pact_buf__detach(pact_buf *b, size_t *len);
void pact_buf__clear(pact_buf *b);
/* Append a malloc'ed NUL-terminated string of len bytes, taking it over:
 * an empty, unfiltered buffer adopts it instead of copying it (a 10 000-
 * clause JSON report is 18 MB: the copy was a fifth of the diff's peak
 * memory); otherwise it is appended and freed. */
void pact_buf__put_owned(pact_buf *b, char *s, size_t len);

#endif
