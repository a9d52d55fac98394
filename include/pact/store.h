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

/* ---- planned API (implemented by the store work, issue 3) ------------
 * Declared here early so the diff and review work can code against it. */

/* Create a store in `dir` (created if missing): branch main, pacts/,
 * README, .gitattributes for the pact diff driver; bare when `bare`. */
int pact_store_init(pact_store **out, const char *dir, int bare);

/* Load the pact an address names: "2024" (HEAD), "2024@REV" (REV as git
 * rev-parse takes it), or a path to a file (inside or outside the store).
 * `store` may be NULL: then only file paths work. On success *out is the
 * caller's to free; PACT_EINVALID with diags for a broken document,
 * PACT_ENOTFOUND for a missing year or revision, PACT_EUSAGE for an
 * address that is neither. */
int pact_store_load(pact_doc **out, pact_diags *diags, pact_store *store,
                    const char *address);

/* The years that have a pact at revision `rev` (NULL: HEAD), ascending.
 * *years is the caller's to free(). */
int pact_store_years(int **years, size_t *count, pact_store *store, const char *rev);

/* Set the repository config so `git diff` / `git log -p` run
 * `pact diff --git-driver` for files marked `diff=pact` in .gitattributes
 * (diff.pact.command), and make sure .gitattributes marks pacts/ *.yaml. */
int pact_store_setup_diff_driver(pact_store *store);

#ifdef __cplusplus
}
#endif
#endif
