/*
 * review_internal.h - helpers review.c shares with review_check.c and
 * review_sync.c. Not installed; not part of the public API.
 */
#ifndef PACT_REVIEW_INTERNAL_H
#define PACT_REVIEW_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include <git2.h>

#include "pact/review.h"

/* A growable NUL-terminated string; err is set once an allocation failed
 * and every later append is a no-op, so callers check once at the end. */
typedef struct sbuf {
	char *s;
	size_t len, cap;
	int err;
} sbuf;

void sb_add(sbuf *b, const char *s, size_t n);
void sb_puts(sbuf *b, const char *s);
void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string over (never NULL unless out of memory). */
char *sb_take(sbuf *b);

char *review_strdup(const char *s);

/* The blob id of pacts/YEAR.yaml in commit `commit`; PACT_ENOTFOUND
 * (message set) when the commit has no such file. */
int review_year_blob(git_oid *out, git_repository *repo, const git_oid *commit, int year);

/* Parse the blob `blob` as the pact at `path`; *doc NULL (and 0 returned)
 * when it is not valid, diags (may be NULL) gets why. */
int review_load_blob(pact_doc **doc, pact_diags *diags, git_repository *repo, const git_oid *blob,
                     const char *path);

#endif
