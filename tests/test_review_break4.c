/*
 * test_review_break4.c - approvals attacked with plain git by a member of
 * the bloc (no key needed): records the judgement must not lose, whatever
 * else a review's tree holds.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "review_fixture.h"

/* 800 junk files approvals/c-1000 .. approvals/c-1799 (names that sort
 * between bhxh-tinh and so-y-te) added on refs/pact/reviews/2025 with
 * plain git: what any member with push access can do. */
#define PILE_JUNK                                                                                  \
	"ref=refs/pact/reviews/2025 && export GIT_INDEX_FILE=.git/tmpidx && "                      \
	"git read-tree $ref && e=$(echo junk | git hash-object -w --stdin) && "                    \
	"for i in $(seq 1000 1799); do printf '100644 %%s\\tapprovals/c-%%s\\n' $e $i; done | "    \
	"git update-index --index-info && t=$(git write-tree) && rm -f .git/tmpidx && "            \
	"unset GIT_INDEX_FILE && c=$(git commit-tree $t -p $ref -m junk) && "                      \
	"git update-ref $ref $c"

/* A revocation made in a review whose approvals/ holds hundreds of other
 * files stands: the judgement read only the first 800 entries of the
 * tree, so the revocation (filed after them) was never read, the approval
 * it withdrew was found again in the history, and 'review merge' adopted
 * the text so-y-te had withdrawn its approval of. */
Test(review_break4, a_revocation_behind_piled_entries_stands)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 --no-switch >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review check 2025 && " PILE_JUNK " && "
	                   "pact review revoke 2025 --member so-y-te " YTE),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "revoked") && strstr(r.out, "so-y-te") &&
	                  strstr(r.out, "1 member still to approve"),
	          "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2025"), 1, "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025 --allow-leftovers"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "so-y-te (approval revoked)"), "%s", r.err);
	run_result_free(&r);
	/* nothing adopted: main has no 2025, no tag */
	cr_expect_eq(fx_sh(&r, store,
	                   "! git cat-file -e main:pacts/2025.yaml && "
	                   "! git rev-parse -q --verify refs/tags/pact/2025 && "
	                   "git fsck --strict --no-progress"),
	             0, "%s", r.err);
	run_result_free(&r);
	/* a re-approval behind the pile counts again */
	cr_expect_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review check 2025"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
}
