/*
 * store_head.c - what HEAD is on, and why a branch names no commit.
 *
 * A store's HEAD is normally a branch with commits. The other states each
 * call for a different remedy, so each gets its own message: a new empty
 * store (`git init`, or a clone of an empty server) has no branch at all
 * and its first `pact commit` creates one, but a clone whose HEAD names a
 * branch the server does not have (a hub made with plain `git init
 * --bare`, HEAD on 'master', holding 'main') has the remote's branches
 * only, and is sent to 'main' rather than start a second history; a HEAD left on a branch that
 * was deleted or renamed while others remain would start a second,
 * unrelated history, so pact refuses to commit there and names the
 * branches to switch to; a detached HEAD, or a HEAD on a ref that is not a
 * branch (`git symbolic-ref HEAD refs/pact/reviews/2025`), is not a place
 * to commit or pull either.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "pact/error.h"
#include "pact/store.h"
#include "store_internal.h"

/* How many branch names a message lists before "...". */
#define MAX_NAMED_BRANCHES 6

int pact_store_head_branch(char **out, pact_store *store)
{
	git_reference *head = NULL;
	const char *target;
	int rc;

	*out = NULL;
	rc = git_reference_lookup(&head, store->repo, "HEAD");
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read HEAD");
		goto done;
	}
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "HEAD is detached: not on a branch; switch to one first "
		                    "('git switch main')");
		goto done;
	}
	target = git_reference_symbolic_target(head);
	if (strncmp(target, "refs/heads/", 11) != 0) {
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "HEAD points at '%s', which is not a branch; switch to a "
		                    "branch first ('git switch main')",
		                    target);
		goto done;
	}
	*out = pact_alloc__strdup(target);
	rc = *out ? 0 : PACT_ENOMEM;
done:
	git_reference_free(head);
	return rc;
}

int pact_store_head_on_branch(pact_store *store)
{
	char *head = NULL;
	int on = pact_store_head_branch(&head, store) == 0;

	free(head);
	pact_error_clear();
	return on;
}

/* The store's branches of `type` (local: "main, draft/2025"; remote:
 * "origin/main, origin/draft/2025", without a remote's symbolic HEAD), at
 * most MAX_NAMED_BRANCHES, then ", ...", into b; *count gets how many
 * there are, and *has_main whether 'main' (remote: some REMOTE/main) is
 * one of them. */
static int list_branches(pact_buf *b, size_t *count, int *has_main, git_repository *repo,
                         git_branch_t which)
{
	git_branch_iterator *it = NULL;
	git_reference *ref = NULL;
	git_branch_t type;
	int rc;

	*count = 0;
	*has_main = 0;
	rc = git_branch_iterator_new(&it, repo, which);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot list branches");
	while ((rc = git_branch_next(&ref, &type, it)) == 0) {
		const char *name = git_reference_shorthand(ref);
		const char *base = which == GIT_BRANCH_REMOTE && strchr(name, '/')
		                           ? strchr(name, '/') + 1
		                           : name;
		if (which == GIT_BRANCH_REMOTE &&
		    (git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC || !strcmp(base, "HEAD"))) {
			git_reference_free(ref);
			continue;
		}
		if (!strcmp(base, "main"))
			*has_main = 1;
		if (*count < MAX_NAMED_BRANCHES)
			pact_buf__printf(b, "%s%s", *count ? ", " : "", name);
		else if (*count == MAX_NAMED_BRANCHES)
			pact_buf__puts(b, ", ...");
		(*count)++;
		git_reference_free(ref);
	}
	git_branch_iterator_free(it);
	if (rc != GIT_ITEROVER)
		return pact_error_from_git(rc, "cannot list branches");
	if (b->oom)
		return PACT_ENOMEM; /* recorded by the buffer's allocator */
	return 0;
}

/* A copy with no branch of its own yet, but with the remote's: a clone of
 * a server whose HEAD names a branch that does not exist there (a hub made
 * with plain 'git init --bare', HEAD on 'master', that was pushed 'main').
 * Its first commit would start a second, unrelated history beside the
 * hub's, so the officer is sent to the hub's branch instead. */
static int explain_remote_only(pact_store *store, const char *shortname)
{
	pact_buf names = {0};
	size_t count = 0;
	int has_main = 0;
	int rc = list_branches(&names, &count, &has_main, store->repo, GIT_BRANCH_REMOTE);

	if (rc == 0 && count > 0 && has_main && strcmp(shortname, "main") != 0)
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "this copy has no commits on branch '%s', and the remote's "
		                    "pacts are on branch 'main' (its branches: %s); switch to it "
		                    "with 'git switch main', then try again",
		                    shortname, names.ptr);
	else if (rc == 0 && count > 0)
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "this copy has no commits on branch '%s' yet, and the "
		                    "remote's branches are %s; switch to one with 'git switch "
		                    "%s', then try again",
		                    shortname, names.ptr, has_main ? "main" : "BRANCH");
	pact_buf__clear(&names);
	return rc;
}

int pact_store_explain_missing(pact_store *store, const char *refname)
{
	pact_buf names = {0};
	char *head = NULL;
	const char *shortname;
	size_t count = 0;
	git_oid id;
	int has_main = 0, rc = 0;

	if (!refname) {
		rc = pact_store_head_branch(&head, store);
		if (rc < 0)
			goto done;
		refname = head;
	}
	shortname = refname + (strncmp(refname, "refs/heads/", 11) ? 0 : 11);
	if (git_reference_name_to_id(&id, store->repo, refname) == 0)
		goto done; /* it names a commit: nothing to explain */
	rc = list_branches(&names, &count, &has_main, store->repo, GIT_BRANCH_LOCAL);
	if (rc < 0)
		goto done;
	if (count == 0) {
		/* an empty store: its first commit makes the branch; unless it
		 * is a copy of a hub that has branches */
		rc = explain_remote_only(store, shortname);
		goto done;
	}
	if (head)
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "HEAD is on branch '%s', which does not exist (deleted or "
		                    "renamed?); the store's branches: %s. Switch to one with "
		                    "'git switch %s'",
		                    shortname, names.ptr, has_main ? "main" : "BRANCH");
	else
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "branch '%s' does not exist (deleted or renamed?); the store's "
		                    "branches: %s",
		                    shortname, names.ptr);
done:
	pact_buf__clear(&names);
	free(head);
	return rc;
}
