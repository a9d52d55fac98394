/*
 * alloc.h - libpact's allocator: memory failure handled once (not installed).
 *
 * As libgit2's git__malloc and GIT_ERROR_CHECK_ALLOC: every allocation of
 * the library goes through these wrappers, which record PACT_ENOMEM ("out of
 * memory") as the last error themselves when they fail, so the code that
 * called them only passes PACT_ENOMEM up (PACT_CHECK_ALLOC) and never writes
 * the message by hand, and a caller never overwrites a callee's message with
 * its own. Memory they return is released with free().
 *
 * tests/test_alloc.c proves it: the test binary wraps malloc, calloc,
 * realloc and free at link time (-Wl,--wrap), makes the n-th call fail for
 * every n in turn while libpact validates and diffs, and checks for a clean
 * PACT_ENOMEM and no leak each time.
 */
#ifndef PACT_ALLOC_H
#define PACT_ALLOC_H

#include <stddef.h>

#include "pact/error.h"

/* malloc, calloc, realloc: NULL (and PACT_ENOMEM recorded) on failure;
 * pact_alloc__realloc leaves `p` allocated then. */
void *pact_alloc__malloc(size_t n);
void *pact_alloc__calloc(size_t n, size_t size);
void *pact_alloc__realloc(void *p, size_t n);

/* strdup / strndup; NULL in gives NULL out (and records nothing). */
char *pact_alloc__strdup(const char *s);
char *pact_alloc__strndup(const char *s, size_t n);

/* Room for element n of a malloc'ed array of *cap elements of `size` bytes:
 * `items` itself while n < *cap, else `items` reallocated to twice *cap (or
 * `first` elements when empty) with *cap updated. NULL, leaving `items` and
 * *cap as they were, on overflow or out of memory (PACT_ENOMEM recorded).
 * Every growing array of the library grows this way. */
void *pact_alloc__grow(void *items, size_t *cap, size_t n, size_t size, size_t first);

/* Record PACT_ENOMEM for a failure outside these wrappers (libyaml, libgit2's
 * buffers, utf8proc) and return it. */
int pact_alloc__oom(void);

/* Return PACT_ENOMEM from the calling function when `p` is NULL; the
 * wrapper that returned it has recorded the error already. */
#define PACT_CHECK_ALLOC(p)                                                                        \
	do {                                                                                       \
		if (!(p))                                                                          \
			return PACT_ENOMEM;                                                        \
	} while (0)

#endif
