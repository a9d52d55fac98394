/*
 * store.h - a bloc's pacts kept in a git repository, through libgit2.
 *
 * A store is an ordinary git repository (work tree or bare) whose pacts live
 * at pacts/<year>.yaml. pact never shells out to git: everything here is
 * libgit2, in-process.
 *
 * Ownership: a pact_store returned through **out belongs to the caller and
 * is freed with pact_store_free() (NULL-safe).
 */
#ifndef PACT_STORE_H
#define PACT_STORE_H

#include <git2.h>

#include "pact/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pact_store pact_store;

/* Open the store that contains `dir` (NULL: the current directory), looking
 * upward like git does. PACT_ENOTFOUND with a clear message when there is
 * none. */
int pact_store_open(pact_store **out, const char *dir);

/* Free a store; NULL is fine. */
void pact_store_free(pact_store *store);

/* The libgit2 repository behind the store; lives as long as the store. */
git_repository *pact_store_repo(pact_store *store);

/* The work tree directory (with a trailing '/'), or NULL for a bare store;
 * lives as long as the store. */
const char *pact_store_workdir(const pact_store *store);

#ifdef __cplusplus
}
#endif
#endif
