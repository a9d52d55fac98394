/*
 * store_adopted.h - the guard that keeps a pact adopted through review
 * what was approved (store_adopted.c), for the store's commit path.
 */
#ifndef PACT_STORE_ADOPTED_H
#define PACT_STORE_ADOPTED_H

#include <git2.h>

#include "pact/store.h"

/* pact_store_adopted on a libgit2 repository; *commit and *blob (each may
 * be NULL) get the adoption commit and the approved blob when it returns 1. */
int pact_store__adopted_read(pact_adopted *out, git_oid *commit, git_oid *blob,
                             git_repository *repo, int year);

/* Judge a commit of `files` on branch `refname` (a full ref name) built on
 * its current tip: 0 when it may go ahead, *trailers then NULL or, when
 * `reason` is set, the Amends-adopted:/Amend-reason: lines to append to
 * its message (the caller frees); PACT_EREFUSED when it would replace or
 * delete an adopted text and `reason` is NULL; PACT_EREFUSED too when
 * `reason` is set and no adopted text changes; PACT_EUSAGE (or
 * PACT_EINVALID) when the reason is empty or not one visible line. Writes nothing: called under the
 * store lock before the commit's objects are written. */
int pact_store__adopted_guard(char **trailers, pact_store *store, const char *refname,
                              const pact_store_file *files, size_t n, const char *reason);

#endif
