/*
 * test_review_merge_git.c - 'review merge' finishes an adoption a kill
 * left on main; a merge of the draft made with plain git looks the same,
 * and must not be "finished" into an adoption while a member has not
 * approved.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "review_fixture.h"

Test(review_merge_git, a_git_merge_of_an_unapproved_draft_is_not_finished_into_an_adoption)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	/* only bhxh-tinh approved; an officer merges the draft with git */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "git switch -q main && git merge -q --no-ff draft/2025 -m 'merge' && "
	                   "git rev-parse HEAD > ../merged"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025 --allow-leftovers"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "cannot adopt 2025: 1 member (of 2) has not approved the current "
	                        "text: so-y-te (not yet approved)"),
	          "%s", r.err);
	run_result_free(&r);
	/* no tag, no adoption record; the status does not say adopted */
	cr_expect_eq(fx_sh(&r, store,
	                   "! git rev-parse -q --verify refs/tags/pact/2025 && "
	                   "! git cat-file -e refs/pact/reviews/2025:adopted 2>/dev/null && "
	                   "! pact review status 2025 | grep -q adopted && "
	                   "test $(git rev-parse main) = $(cat ../merged) && "
	                   "git fsck --strict --no-progress"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	/* once so-y-te approves, the merge is finished as an adoption */
	cr_expect_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review merge 2025 --allow-leftovers && "
	                   "git rev-parse -q --verify refs/tags/pact/2025"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}
