/*
 * review_internal.h - helpers review.c shares with review_check.c and
 * review_sync.c. Not installed; not part of the public API.
 */
#ifndef PACT_REVIEW_INTERNAL_H
#define PACT_REVIEW_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include <git2.h>

#include "buf.h" /* records and reports are built in a pact_buf */
#include "pact/review.h"

/* The blob id of pacts/YEAR.yaml in commit `commit`; PACT_ENOTFOUND
 * (message set) when the commit has no such file. */
int review_year_blob(git_oid *out, git_repository *repo, const git_oid *commit, int year);

/* Parse the blob `blob` as the pact at `path`; *doc NULL (and 0 returned)
 * when it is not valid, diags (may be NULL) gets why. */
int review_load_blob(pact_doc **doc, pact_diags *diags, git_repository *repo, const git_oid *blob,
                     const char *path);

#endif
