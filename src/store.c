/*
 * store.c - opening a pact store (a git repository) with libgit2.
 *
 * The store is found upward from a directory as git finds a repository
 * (git_repository_open_ext without NO_SEARCH), so `pact` works from any
 * sub-directory of a checkout.
 */
#include "pact/store.h"

#include <stdlib.h>

#include "pact/error.h"

struct pact_store {
	git_repository *repo;
};

int pact_store_open(pact_store **out, const char *dir)
{
	pact_store *s = NULL;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		rc = pact_error_set(PACT_ENOMEM, "out of memory");
		goto done;
	}
	rc = git_repository_open_ext(&s->repo, dir ? dir : ".", 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "not a pact store (or any of the parent directories): '%s'; "
		                    "run 'pact init' to create one", dir ? dir : ".");
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot open the store");
		goto done;
	}
	*out = s;
	s = NULL;
	rc = 0;
done:
	pact_store_free(s);
	return rc;
}

void pact_store_free(pact_store *store)
{
	if (!store)
		return;
	git_repository_free(store->repo);
	free(store);
}

git_repository *pact_store_repo(pact_store *store)
{
	return store->repo;
}

const char *pact_store_workdir(const pact_store *store)
{
	return git_repository_workdir(store->repo);
}
