/*
 * test_pull_merge_review.c - a pull that merges main leaves the reviews
 * alone: approvals name the exact text (a blob) on the draft branch, the
 * merge writes no review ref and no text that was not on one side, so the
 * status of a review is the same before and after, and the adoption that
 * follows is a plain fast-forward for the hub.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

Test(pull_merge_review, a_merging_pull_changes_no_approval_and_the_adoption_still_lands,
     .timeout = 120)
{
	char *dir, *store = fx_store(&dir), *other = strf("%s/other", dir), *before, *ref;
	run_result r;

	/* the 2025 draft, approved by both members, shared through a hub */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 --no-switch >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "git init -q --bare -b main ../hub.git && git remote add origin "
	                   "../hub.git && "
	                   "pact push >/dev/null && cd .. && git clone -q hub.git other"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_assert(strstr(r.out, "approvals: 2 of 2 members"), "%s", r.out);
	before = strdup(r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "git rev-parse refs/pact/reviews/2025"), 0);
	ref = strdup(r.out);
	run_result_free(&r);

	/* the leader changes README.md on the hub; the officer commits the
	 * 2023 pact here: the histories diverge on different files */
	cr_assert_eq(fx_sh(&r, other,
	                   "echo 'Khối thi đua số 2' >> README.md && git commit -qam readme && "
	                   "git push -q origin main 2>/dev/null"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	{
		char *p = fx_pact(2023, NULL), *f = strf("%s/2023.yaml", dir);
		cr_assert_eq(write_file(f, p, strlen(p)), 0);
		cr_assert_eq(fx_sh(&r, store, "pact commit ../2023.yaml -m 'Giao ước 2023'"), 0,
		             "%s", r.err);
		run_result_free(&r);
		free(f);
		free(p);
	}
	cr_assert_eq(fx_sh(&r, store, "pact --lang=en pull"), 0, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, "Merge 'origin/main' into 'main'"), "%s", r.out);
	run_result_free(&r);

	/* the review is as it was: same ref, same verdict */
	cr_assert_eq(fx_sh(&r, store, "git rev-parse refs/pact/reviews/2025"), 0);
	cr_expect_str_eq(r.out, ref);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect_str_eq(r.out, before);
	run_result_free(&r);

	/* and it is adopted on top of the merge, and the hub takes it all */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review merge 2025 --allow-leftovers >/dev/null && pact push"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, dir,
	                   "git -C hub.git show main:pacts/2025.yaml >/dev/null && "
	                   "git -C hub.git show main:pacts/2023.yaml >/dev/null && "
	                   "git -C hub.git show main:README.md | tail -1"),
	             0, "%s", r.err);
	cr_expect_str_eq(r.out, "Khối thi đua số 2\n");
	run_result_free(&r);
	free(ref);
	free(before);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}
