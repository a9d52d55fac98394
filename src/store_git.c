/*
 * store_git.c - the conversions between the API's pact_oid and
 * pact_signature and libgit2's git_oid and git_signature (store_git.h),
 * and the public store calls that take the API's types: each converts its
 * arguments and calls the git-typed form the rest of libpact uses.
 *
 * Why a boundary: a program using libpact includes no git2.h and frees
 * nothing of libgit2's (pact/oid.h), and a later libgit2 with SHA-256 ids
 * changes this file, not the API.
 */
#include <string.h>

#include "alloc.h"
#include "oid_internal.h"
#include "pact/error.h"
#include "store_git.h"
#include "store_internal.h"

_Static_assert(GIT_OID_RAWSZ == PACT_OID_SHA1_SIZE, "libgit2's ids are SHA-1");
_Static_assert(GIT_OID_HEXSZ <= PACT_OID_HEXSZ, "the API's hex ids hold libgit2's");

void pact_store__oid_from_git(pact_oid *out, const git_oid *in)
{
	memset(out, 0, sizeof(*out));
	out->type = PACT_OID_SHA1;
	memcpy(out->id, in->id, GIT_OID_RAWSZ);
}

int pact_store__oid_to_git(git_oid *out, const pact_oid *in)
{
	memset(out, 0, sizeof(*out));
	if (in->type != PACT_OID_SHA1) {
		char hex[PACT_OID_HEXSZ + 1];
		return pact_error_set(
		        PACT_EINVALID,
		        "object id '%s' is not SHA-1: SHA-256 stores are not supported",
		        pact_oid_fmt(hex, sizeof(hex), in));
	}
	memcpy(out->id, in->id, GIT_OID_RAWSZ);
	return 0;
}

int pact_store__sig_to_git(git_signature **out, const pact_signature *in, const char *role)
{
	int rc;

	*out = NULL;
	if (!in)
		return 0;
	/* a signature the caller filled in itself: libgit2 would write it as
	 * it is (oid.c) */
	if ((rc = pact_oid__check_signature(role, in->name, in->email, in->time, in->offset)) < 0)
		return rc;
	rc = git_signature_new(out, in->name ? in->name : "", in->email ? in->email : "",
	                       (git_time_t)in->time, in->offset);
	if (rc < 0)
		return pact_error_set(PACT_EUSAGE, "invalid identity '%s <%s>'",
		                      in->name ? in->name : "", in->email ? in->email : "");
	return 0;
}

int pact_store__sig_from_git(pact_signature **out, const git_signature *in)
{
	pact_signature *sig = pact_alloc__calloc(1, sizeof(*sig));
	int rc = PACT_ENOMEM;

	*out = NULL;
	if (!sig || !(sig->name = pact_alloc__strdup(in->name)) ||
	    !(sig->email = pact_alloc__strdup(in->email)))
		goto done;
	sig->time = (int64_t)in->when.time;
	sig->offset = in->when.offset;
	*out = sig;
	sig = NULL;
	rc = 0;
done:
	pact_signature_free(sig);
	return rc;
}

/* ---- the public store calls with the API's types ---- */

int pact_store_resolve(pact_oid *out, pact_store *store, const char *rev)
{
	git_oid id;
	int rc = pact_store__resolve(&id, store, rev);

	if (rc == 0)
		pact_store__oid_from_git(out, &id);
	return rc;
}

int pact_store_commit(pact_oid *out, pact_store *store, const char *branch,
                      const pact_store_file *files, size_t nfiles, const char *message,
                      const pact_signature *author)
{
	return pact_store_commit_ext(out, store, branch, files, nfiles, message, author, NULL);
}

int pact_store_commit_ext(pact_oid *out, pact_store *store, const char *branch,
                          const pact_store_file *files, size_t nfiles, const char *message,
                          const pact_signature *author, const pact_commit_opts *opts)
{
	git_signature *a = NULL, *c = NULL;
	pact_store__commit_opts o = {0};
	git_oid expected, id;
	int rc;

	if ((rc = pact_store__sig_to_git(&a, author, "author")) < 0)
		goto done;
	if (opts) {
		if ((rc = pact_store__sig_to_git(&c, opts->committer, "committer")) < 0)
			goto done;
		if (opts->expected_parent &&
		    (rc = pact_store__oid_to_git(&expected, opts->expected_parent)) < 0)
			goto done;
		o.committer = c;
		o.expected_parent = opts->expected_parent ? &expected : NULL;
		o.allow_unchanged = opts->allow_unchanged;
		o.max_wait_ms = opts->max_wait_ms;
		if (opts->version >= 3)
			o.amend_adopted = opts->amend_adopted;
	}
	rc = pact_store__commit(&id, store, branch, files, nfiles, message, a, &o);
	if (rc == 0 && out)
		pact_store__oid_from_git(out, &id);
done:
	git_signature_free(a);
	git_signature_free(c);
	return rc;
}

int pact_store_update_branch(pact_store *store, const char *branch, const pact_oid *target,
                             const pact_oid *expected, const char *reflog)
{
	git_oid t, e;
	int rc;

	if ((rc = pact_store__oid_to_git(&t, target)) < 0 ||
	    (expected && (rc = pact_store__oid_to_git(&e, expected)) < 0))
		return rc;
	return pact_store__update_branch(store, branch, &t, expected ? &e : NULL, reflog);
}

int pact_store_switch(pact_store *store, const char *branch, const pact_oid *tip)
{
	git_oid t;
	int rc = pact_store__oid_to_git(&t, tip);

	return rc < 0 ? rc : pact_store__switch(store, branch, &t);
}

int pact_store_signature(pact_signature **out, int *is_default, pact_store *store, const char *spec)
{
	git_signature *sig = NULL;
	int rc;

	*out = NULL;
	git_libgit2_init(); /* without a store, the config is read all the same */
	rc = pact_store__signature(&sig, is_default, store, spec);
	if (rc == 0)
		rc = pact_store__sig_from_git(out, sig);
	git_signature_free(sig);
	git_libgit2_shutdown();
	return rc;
}
