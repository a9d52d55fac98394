/*
 * test_review_race.c - 'review merge' and the records that land while it
 * runs. Another officer's command is run at a precise moment of the
 * merge (or of the revoke) by build/test-shim.so: PACT_SHIM_RUN_ON=pact.lock
 * runs it just before pact first opens its store lock, i.e. after the
 * approvals were judged and before anything is moved. A withdrawal that
 * lands there is seen: nothing is adopted. Real git is the judge of what
 * the store holds afterwards.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

TestSuite(review_race);

/* The environment that runs `cmd` (a shell line, no double quotes) in the
 * window of the pact command that follows. */
#define IN_WINDOW(cmd)                                                                             \
	"LD_PRELOAD=" PACT_SHIM " PACT_SHIM_RUN_ON=pact.lock PACT_SHIM_RUN=\"" cmd "\" "           \
	"ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0\" "

/* A store whose 2025 draft both members approved (work tree on main when
 * `no_switch`), and the ids of main and of the review in ../before. */
static char *approved_store(char **dir, int no_switch)
{
	char *store = fx_store(dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 %s >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "git rev-parse main refs/pact/reviews/2025 > ../before",
	                   no_switch ? "--no-switch" : ""),
	             0, "%s", r.err);
	run_result_free(&r);
	return store;
}

/* Nothing adopted: main as before, no tag, no adoption record. */
#define NOTHING_ADOPTED                                                                            \
	"test $(git rev-parse main) = $(head -1 ../before) && "                                    \
	"! git rev-parse -q --verify refs/tags/pact/2025 && "                                      \
	"! git cat-file -e refs/pact/reviews/2025:adopted 2>/dev/null && "                         \
	"! git cat-file -e main:pacts/2025.yaml 2>/dev/null && "                                   \
	"git fsck --strict --no-progress --no-dangling"

Test(review_race, a_revoke_landing_while_merging_stops_the_adoption)
{
	char *dir, *store = approved_store(&dir, 0);
	run_result r;

	cr_expect_eq(fx_sh(&r, store,
	                   IN_WINDOW("pact review revoke 2025 --member so-y-te " YTE
	                             " >../revoke.out 2>&1") "pact review merge 2025 "
	                                                     "--allow-leftovers"),
	             1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.err, "so-y-te withdrew its approval while 'review merge' ran: "
	                        "nothing was adopted"),
	          "%s", r.err);
	cr_expect_eq(r.out[0], '\0', "%s", r.out);
	run_result_free(&r);
	/* the revoke did land; main, tag and records are as the revoke left
	 * them, and the work tree is still on the draft */
	cr_expect_eq(fx_sh(&r, store,
	                   "grep -q 'withdrawn for so-y-te' ../revoke.out && " NOTHING_ADOPTED
	                   " && "
	                   "git cat-file -p refs/pact/reviews/2025:approvals/so-y-te | "
	                   "grep -q '^revoke yes' && "
	                   "test $(git symbolic-ref HEAD) = refs/heads/draft/2025 && "
	                   "pact review status 2025 | grep -q 'revoked *so-y-te'"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	/* and once so-y-te approves again, the merge adopts */
	cr_expect_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review merge 2025 --allow-leftovers >/dev/null && "
	                   "git rev-parse -q --verify refs/tags/pact/2025"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_race, a_draft_moved_while_merging_stops_the_adoption)
{
	char *dir, *store = approved_store(&dir, 1);
	run_result r;

	/* a new text committed on the draft (plain git, as a member may)
	 * lands while the merge runs */
	cr_assert_eq(fx_sh(&r, store,
	                   "git show draft/2025:pacts/2025.yaml | "
	                   "sed 's/Khen thưởng kịp thời/Khen thưởng đột xuất/' > ../new.yaml && "
	                   "grep -q 'đột xuất' ../new.yaml && export GIT_INDEX_FILE=../idx && "
	                   "git read-tree draft/2025 && "
	                   "git update-index --cacheinfo 100644,$(git hash-object -w ../new.yaml),"
	                   "pacts/2025.yaml && "
	                   "git commit-tree $(git write-tree) -p draft/2025 -m edit > ../edit"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(
	        fx_sh(&r, store,
	              IN_WINDOW(
	                      "git update-ref refs/heads/draft/2025 $(cat ../edit)") "pact review "
	                                                                             "merge 2025 "
	                                                                             "--allow-"
	                                                                             "leftovers"),
	        1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.err, "draft/2025 moved while 'review merge' ran"), "%s", r.err);
	cr_expect(strstr(r.err, "nothing was adopted"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   NOTHING_ADOPTED " && test $(git rev-parse draft/2025) = $(cat ../edit)"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_race, a_comment_landing_while_merging_does_not_stop_it)
{
	char *dir, *store = approved_store(&dir, 0);
	run_result r;

	cr_expect_eq(
	        fx_sh(&r, store,
	              IN_WINDOW("pact review comment 2025 'Đồng ý.' >/dev/null 2>&1") "pact review "
	                                                                              "merge 2025 "
	                                                                              "--allow-"
	                                                                              "leftovers"),
	        0, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, "adopted the 2025 pact"), "%s", r.out);
	run_result_free(&r);
	/* the comment is in the review the adoption was recorded on */
	cr_expect_eq(fx_sh(&r, store,
	                   "git rev-parse -q --verify refs/tags/pact/2025 && "
	                   "git cat-file -e refs/pact/reviews/2025:adopted && "
	                   "pact review comments 2025 | grep -q 'Đồng ý.' && "
	                   "git fsck --strict --no-progress --no-dangling"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_race, a_revoke_judged_before_an_adoption_is_not_written_after_it)
{
	char *dir, *store = approved_store(&dir, 0);
	run_result r;

	/* the revoke judged the review; the merge adopts before it writes */
	cr_expect_eq(fx_sh(&r, store,
	                   IN_WINDOW("pact review merge 2025 --allow-leftovers >../merge.out "
	                             "2>&1") "pact review revoke 2025 --member so-y-te " YTE),
	             1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.err, "the 2025 pact is adopted; its approvals are part of the record "
	                        "and can no longer be revoked"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "grep -q 'adopted the 2025 pact' ../merge.out && "
	                   "git rev-parse -q --verify refs/tags/pact/2025 && "
	                   "! git cat-file -p refs/pact/reviews/2025:approvals/so-y-te | "
	                   "grep -q '^revoke' && "
	                   "! git log --format=%%s refs/pact/reviews/2025 | grep -q revokes"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}
