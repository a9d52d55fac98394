/*
 * alloc_meter.h - the bytes libpact holds on the heap, at the most, over a
 * stretch of a test: tests/test_alloc.c interposes malloc, calloc, realloc
 * and free (the test binary is linked with -Wl,--wrap=...), and while the
 * meter runs it adds up malloc_usable_size of what they hand out and take
 * back. Heap bytes, not time or RSS: the same on every machine and under
 * the sanitizers. (libyaml's and libgit2's own allocations are not seen.)
 */
#ifndef PACT_TEST_ALLOC_METER_H
#define PACT_TEST_ALLOC_METER_H

#include <stddef.h>

/* Start metering from zero: what is freed from now on must have been
 * allocated from now on. */
void alloc_meter_start(void);
/* Stop; the most bytes held at once since alloc_meter_start. */
size_t alloc_meter_stop(void);

#endif
