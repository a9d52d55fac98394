/*
 * quiet.h - standard error taken from the import module's libraries while
 * a reader runs (internal to the module; quiet.c says why and how).
 *
 * Use: imp_quiet_begin(&q); ... library calls ...; imp_quiet_end(&q, said,
 * sizeof(said)). Between the two, whatever any library writes to file
 * descriptor 2 goes to a temporary file; imp_quiet_end puts fd 2 back and
 * copies the first line written (NUL-terminated, "" when none) into said.
 * Nothing to free; every begin needs its end.
 */
#ifndef PACT_IMPORT_QUIET_H
#define PACT_IMPORT_QUIET_H

#include <stddef.h>
#include <stdio.h>

typedef struct imp_quiet {
	int saved; /* the terminal's fd 2, -1 when not redirected */
	FILE *tmp; /* where fd 2 points meanwhile */
} imp_quiet;

void imp_quiet_begin(imp_quiet *q);
void imp_quiet_end(imp_quiet *q, char *said, size_t cap);

#endif
