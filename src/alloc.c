/*
 * alloc.c - allocation wrappers that record out-of-memory (see alloc.h).
 */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local unsigned long fail_at, count;

void pact_alloc__fail_at(unsigned long n)
{
	fail_at = n;
	count = 0;
}

unsigned long pact_alloc__count(void)
{
	return count;
}

/* Count an allocation; 1 when it is the one a test asked to fail. */
static int injected(void)
{
	return ++count == fail_at;
}

int pact_oom(void)
{
	return pact_error_set(PACT_ENOMEM, "out of memory");
}

static void *checked(void *p)
{
	if (!p)
		pact_oom();
	return p;
}

void *pact_malloc(size_t n)
{
	return checked(injected() ? NULL : malloc(n ? n : 1));
}

void *pact_calloc(size_t n, size_t size)
{
	return checked(injected() ? NULL : calloc(n ? n : 1, size ? size : 1));
}

void *pact_mallocarray(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		pact_oom();
		return NULL;
	}
	return pact_malloc(n * size);
}

void *pact_realloc(void *p, size_t n)
{
	return checked(injected() ? NULL : realloc(p, n ? n : 1));
}

char *pact_strdup(const char *s)
{
	return s ? pact_strndup(s, strlen(s)) : NULL;
}

char *pact_strndup(const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	n = strnlen(s, n);
	if (!(p = pact_malloc(n + 1)))
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *pact_grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
	size_t c = *cap ? *cap : first;
	void *p;

	if (n < *cap)
		return items;
	if (*cap) {
		if (c > SIZE_MAX / 2 / size) {
			pact_oom();
			return NULL;
		}
		c *= 2;
	}
	p = pact_realloc(items, c * size);
	if (p)
		*cap = c;
	return p;
}
