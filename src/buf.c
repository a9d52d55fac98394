/*
 * buf.c - the growable buffer behind the renderers (see buf.h).
 *
 * Capacity doubles, so appending n bytes in total costs O(n) amortised. A
 * failed allocation sets `oom` once and turns later appends into no-ops, so
 * callers test for out-of-memory in one place.
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "pact/sanitize.h"

static int grow(pact_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return -1;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = pact_alloc__realloc(b->ptr, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->ptr = p;
	b->cap = cap;
	return 0;
}

void pact_buf__put(pact_buf *b, const char *s, size_t n)
{
	/* room already there (the common case): no call to grow() */
	if ((b->oom || b->len + n >= b->cap) && grow(b, n) < 0)
		return;
	if (n)
		memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void pact_buf__puts(pact_buf *b, const char *s)
{
	pact_buf__put(b, s, strlen(s));
}

void pact_buf__putc(pact_buf *b, char c)
{
	if ((b->oom || b->len + 1 >= b->cap) && grow(b, 1) < 0)
		return;
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void pact_buf__printf(pact_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	char small[256];

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		pact_buf__put(b, small, (size_t)n);
		return;
	}
	if (grow(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Apply the filter to what is not settled yet. */
static void settle(pact_buf *b)
{
	pact_buf tail = PACT_BUF_INIT;

	if (!b->filter || b->oom || b->clean >= b->len)
		return;
	/* the common case: nothing to escape, nothing to copy */
	if (!pact_sanitize_needed(b->ptr + b->clean, b->len - b->clean,
	                          (pact_sanitize_mode)(b->filter - 1))) {
		b->clean = b->len;
		return;
	}
	pact_buf__put_sanitized(&tail, b->ptr + b->clean, b->len - b->clean, b->filter - 1);
	if (tail.oom) {
		b->oom = 1;
		goto done;
	}
	b->len = b->clean;
	pact_buf__put(b, tail.ptr ? tail.ptr : "", tail.len);
	b->clean = b->len;
done:
	pact_buf__clear(&tail);
}

void pact_buf__filter(pact_buf *b, int mode)
{
	settle(b);
	b->filter = mode + 1;
	b->clean = b->len;
}

void pact_buf__put_raw(pact_buf *b, const char *s)
{
	settle(b);
	pact_buf__puts(b, s);
	b->clean = b->len;
}

void pact_buf__put_owned(pact_buf *b, char *s, size_t len)
{
	if (!b->ptr && !b->filter && !b->oom && s) {
		b->ptr = s;
		b->len = b->clean = len;
		b->cap = len + 1;
		return;
	}
	pact_buf__put(b, s, len);
	free(s);
}

char *pact_buf__detach(pact_buf *b, size_t *len)
{
	char *p;

	settle(b);
	if (b->oom) {
		pact_buf__clear(b);
		return NULL;
	}
	if (grow(b, 0) < 0) {
		pact_buf__clear(b);
		return NULL;
	}
	b->ptr[b->len] = '\0';
	p = b->ptr;
	if (len)
		*len = b->len;
	b->ptr = NULL;
	b->len = b->cap = b->clean = 0;
	b->filter = 0;
	return p;
}

void pact_buf__clear(pact_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = b->clean = 0;
	b->oom = 0;
	b->filter = 0;
}
