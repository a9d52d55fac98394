/*
 * alloc.c - allocation wrappers that record out-of-memory (see alloc.h).
 */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int pact_alloc__oom(void)
{
	return pact_error_set(PACT_ENOMEM, "out of memory");
}

static void *checked(void *p)
{
	if (!p)
		pact_alloc__oom();
	return p;
}

void *pact_alloc__malloc(size_t n)
{
	return checked(malloc(n ? n : 1));
}

void *pact_alloc__calloc(size_t n, size_t size)
{
	return checked(calloc(n ? n : 1, size ? size : 1));
}

void *pact_alloc__realloc(void *p, size_t n)
{
	return checked(realloc(p, n ? n : 1));
}

char *pact_alloc__strdup(const char *s)
{
	return s ? pact_alloc__strndup(s, strlen(s)) : NULL;
}

char *pact_alloc__strndup(const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	n = strnlen(s, n);
	if (!(p = pact_alloc__malloc(n + 1)))
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *pact_alloc__grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
	size_t c = *cap ? *cap : first;
	void *p;

	if (n < *cap)
		return items;
	if (*cap) {
		if (c > SIZE_MAX / 2 / size) {
			pact_alloc__oom();
			return NULL;
		}
		c *= 2;
	}
	p = pact_alloc__realloc(items, c * size);
	if (p)
		*cap = c;
	return p;
}
