/*
 * store_git.h - the libgit2 boundary of libpact's API (not installed).
 *
 * The public headers speak pact_oid and pact_signature (pact/oid.h); the
 * library inside speaks libgit2. The conversions between the two, and the
 * git-typed forms of the public store calls that the rest of libpact
 * (review, history) builds on, are declared here, so no libgit2 type leaks
 * into include/pact/ and every conversion is in one place (store_git.c).
 */
#ifndef PACT_STORE_GIT_H
#define PACT_STORE_GIT_H

#include <git2.h>

#include "pact/oid.h"
#include "pact/store.h"

/* The libgit2 repository behind the store; lives as long as the store. */
git_repository *pact_store__repo(pact_store *store);

/* A libgit2 id as the API carries it. */
void pact_store__oid_from_git(pact_oid *out, const git_oid *in);

/* An API id as libgit2 takes it: PACT_EINVALID for a SHA-256 id, which
 * the libgit2 pact is built with (1.5, SHA-1 only) cannot name. */
int pact_store__oid_to_git(git_oid *out, const pact_oid *in);

/* A signature for libgit2: *out (NULL when `in` is NULL) is the caller's
 * to free with git_signature_free(). Refused as pact_signature_new would
 * refuse it, `role` ("author", "reviewer") naming it in the message, and
 * PACT_EUSAGE for one libgit2 refuses. */
int pact_store__sig_to_git(git_signature **out, const pact_signature *in, const char *role);

/* A libgit2 signature as the API's: *out is the caller's to free with
 * pact_signature_free(). */
int pact_store__sig_from_git(pact_signature **out, const git_signature *in);

/* ---- the git-typed forms of public store calls (same contracts) ---- */

int pact_store__resolve(git_oid *out, pact_store *store, const char *rev);

/* pact_commit_opts with libgit2's types. */
typedef struct pact_store__commit_opts {
	const git_signature *committer; /* NULL: same as the author */
	const git_oid *expected_parent; /* NULL: build on the tip found */
	int allow_unchanged;
	int max_wait_ms;           /* 0: STORE_WAIT_MS */
	const char *amend_adopted; /* pact_commit_opts.amend_adopted */
} pact_store__commit_opts;

int pact_store__commit(git_oid *out, pact_store *store, const char *branch,
                       const pact_store_file *files, size_t nfiles, const char *message,
                       const git_signature *author, const pact_store__commit_opts *opts);
int pact_store__update_branch(pact_store *store, const char *branch, const git_oid *target,
                              const git_oid *expected, const char *reflog);
/* The same, the caller holding the store lock (pact_store__lock): a
 * caller that must judge other refs and move the branch as one decision
 * (review merge: the review and the draft as judged). */
int pact_store__update_branch_held(pact_store *store, const char *branch, const git_oid *target,
                                   const git_oid *expected, const char *reflog);
int pact_store__switch(pact_store *store, const char *branch, const git_oid *tip);
/* *out is the caller's to free with git_signature_free(). */
int pact_store__signature(git_signature **out, int *is_default, pact_store *store,
                          const char *spec);

#endif
