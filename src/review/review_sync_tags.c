/*
 * review_sync_tags.c - an adoption made on both sides of a pull.
 *
 * Two officers with every approval in hand may both run `pact review
 * merge 2025` before either pushes: each store then has its own merge on
 * main and its own tag pact/2025. The first push wins the hub; the
 * second store's `pact pull` merges the hub's main (the same text, so no
 * file changes), but its tag still names its own merge, and a fetch does
 * not replace a tag. Every later `pact push` and `pact review push` of
 * that store then failed ("push failed: object is no commit object", the
 * tag sent as if it were a branch; a hub with pact's hook refuses to move
 * an adoption tag), with no way out an officer could find.
 *
 * So a review pull fetches the remote's tags as tracking refs
 * (refs/pact/remotes/REMOTE/tags/YEAR), and where the local tag differs:
 * when local main holds the remote's adoption and it adopted the same
 * text, the local tag takes the remote's (the hub is the bloc's record;
 * both merges stay in main's history), with a note; otherwise the local
 * tag stays and a note says why pushing it will be refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/review.h"
#include "review.h"

/* The commit tag ref `name` names (peeled); <0 when it names none. */
static int tag_commit(git_oid *out, git_repository *repo, const char *name)
{
	git_reference *ref = NULL;
	git_object *o = NULL;
	int rc = git_reference_lookup(&ref, repo, name);

	if (rc == 0)
		rc = git_reference_peel(&o, ref, GIT_OBJECT_COMMIT);
	if (rc == 0)
		git_oid_cpy(out, git_object_id(o));
	git_object_free(o);
	git_reference_free(ref);
	pact_error_clear();
	return rc < 0 ? -1 : 0;
}

/* Reconcile the local tag pact/YEAR with the remote's (tracking ref
 * `tracking`, at `theirs`). */
static int sync_one(pact_buf *notes, pact_store *store, const char *tracking, const git_oid *theirs,
                    int year, const char *remote)
{
	git_repository *repo = pact_store__repo(store);
	pact_lang lang = pact_i18n_lang();
	char local[48], ch[GIT_OID_HEXSZ + 1], mh[GIT_OID_HEXSZ + 1];
	git_oid mine, tc, mc, tip, tb, mb;
	int rc, outcome = STORE_REF_MOVED_OK;

	snprintf(local, sizeof(local), "refs/tags/pact/%04d", year);
	rc = git_reference_name_to_id(&mine, repo, local);
	if (rc == GIT_ENOTFOUND) {
		pact_error_clear();
		return pact_store__ref_set(&outcome, store, local, NULL, 0, theirs,
		                           "review pull: adoption tag");
	}
	if (rc < 0)
		return pact_error_from_git(rc, "cannot read the adoption tag");
	if (git_oid_equal(&mine, theirs))
		return 0;
	if (tag_commit(&tc, repo, tracking) < 0 || tag_commit(&mc, repo, local) < 0)
		return 0; /* a tag of no commit adopts nothing: leave both */
	git_oid_tostr(ch, 13, &tc);
	git_oid_tostr(mh, 13, &mc);
	if (pact_review__year_blob(&tb, repo, &tc, year) < 0 ||
	    pact_review__year_blob(&mb, repo, &mc, year) < 0 || !git_oid_equal(&tb, &mb)) {
		pact_error_clear();
		pact_buf__printf(notes,
		                 pact__(lang,
		                        "note: '%s' adopted %04d with another text (in commit "
		                        "%s) than this store (in commit %s); your tag pact/%04d "
		                        "is kept, and pushing it will be refused: compare them "
		                        "with 'pact diff %04d@%s %04d@%s'\n"),
		                 remote, year, ch, mh, year, year, ch, year, mh);
		return 0;
	}
	if (pact_store__ref_tip(&tip, repo, PACT_REVIEW_MAIN) <= 0 ||
	    !(git_oid_equal(&tip, &tc) || git_graph_descendant_of(repo, &tip, &tc) == 1)) {
		pact_error_clear();
		pact_buf__printf(notes,
		                 pact__(lang,
		                        "note: '%s' adopted %04d too, with the same text, in "
		                        "another commit (%s); bring it into 'main' with 'pact "
		                        "pull', and its tag pact/%04d will replace yours\n"),
		                 remote, year, ch, year);
		return 0;
	}
	rc = pact_store__ref_set(&outcome, store, local, &mine, 0, theirs,
	                         "review pull: the remote's adoption tag");
	if (rc < 0)
		return rc;
	if (outcome != STORE_REF_MOVED_OK)
		return pact_error_set(PACT_ECONFLICT, "'%s' changed during the pull; try again",
		                      local);
	pact_buf__printf(notes,
	                 pact__(lang, "note: %04d was adopted on '%s' too, with the same text "
	                              "(commit %s, now in your 'main'); its tag pact/%04d replaces "
	                              "yours (commit %s, which stays in the history)\n"),
	                 year, remote, ch, year, mh);
	return 0;
}

int pact_review__sync_tags(pact_buf *notes, pact_store *store, const char *prefix,
                           const char *remote)
{
	git_repository *repo = pact_store__repo(store);
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	pact_buf glob = {0};
	int rc;

	pact_buf__printf(&glob, "%stags/*", prefix);
	if (glob.oom)
		return PACT_ENOMEM;
	rc = git_reference_iterator_glob_new(&it, repo, glob.ptr);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot list refs");
		goto done;
	}
	while (rc == 0 && git_reference_next(&ref, it) == 0) {
		const char *name = git_reference_name(ref), *rest = name + glob.len - 1;
		const git_oid *id = git_reference_target(ref);
		int year = 0;

		if (id && strlen(rest) == 4 && strspn(rest, "0123456789") == 4)
			year = atoi(rest);
		if (year >= 1000)
			rc = sync_one(notes, store, name, id, year, remote);
		git_reference_free(ref);
		ref = NULL;
	}
	if (rc == 0 && notes->oom)
		rc = PACT_ENOMEM;
done:
	git_reference_iterator_free(it);
	free(glob.ptr);
	return rc;
}
