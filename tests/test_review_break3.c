/*
 * test_review_break3.c - approvals attacked by a member with a trusted
 * key, on the years a store started with (imported, never adopted
 * through a review, so without a pact/YEAR tag): an amendment of such a
 * year must answer to the members and approvers it came onto main with,
 * not to the members and approvers the amended text names itself.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "review_fixture.h"

/* A record for member $who of blob $blob by $appr, signed with key $key
 * (ssh-keygen -Y sign, as pact signs), put at approvals/$who on
 * refs/pact/reviews/$year with plain git (created when absent). */
#define SIGNED_RECORD                                                                              \
	"printf 'member %%s\\nblob %%s\\napprover %%s 1790000000 +0700\\n' \"$who\" \"$blob\" "    \
	"\"$appr\" > ../rec && rm -f ../rec.sig && ssh-keygen -q -Y sign -f \"$key\" -n pact "     \
	"../rec && rec=$({ cat ../rec; echo; cat ../rec.sig; } | git hash-object -w --stdin) && "  \
	"ref=refs/pact/reviews/$year && old=$(git rev-parse -q --verify $ref) ; "                  \
	"if [ -n \"$old\" ]; then GIT_INDEX_FILE=.git/tmpidx git read-tree $ref; "                 \
	"else GIT_INDEX_FILE=.git/tmpidx git read-tree --empty; fi && "                            \
	"GIT_INDEX_FILE=.git/tmpidx git update-index --add --cacheinfo "                           \
	"100644,$rec,approvals/$who && "                                                           \
	"t=$(GIT_INDEX_FILE=.git/tmpidx git write-tree) && rm -f .git/tmpidx && "                  \
	"c=$(git commit-tree $t ${old:+-p $old} -m record) && git update-ref $ref $c"

/* The fixture's store (2024 imported: so-y-te approved by yte@bloc.vn,
 * bhxh-tinh by anyone), signing on, shared on DIR/hub.git with the
 * server hook. */
static char *hub_store(char **dir)
{
	char *store = fx_store(dir);
	run_result r;

	fx_signing_store(*dir, store);
	cr_assert_eq(fx_sh(&r, *dir,
	                   "git init -q --bare hub.git && pact -C hub.git hooks install --server "
	                   ">/dev/null && cd store && git remote add origin ../hub.git && "
	                   "git push -q origin main"),
	             0, "%s", r.err);
	run_result_free(&r);
	return store;
}

Test(review_break3, amending_an_imported_year_cannot_drop_a_member)
{
	char *dir, *store = hub_store(&dir);
	run_result r;

	/* bhxh-tinh's approver drops so-y-te from the 2024 pact and approves
	 * the amended text, validly signed with its own key */
	cr_assert_eq(fx_sh(&r, store,
	                   "sed -i '/id: so-y-te/,/yte@bloc.vn/d' pacts/2024.yaml && "
	                   "! grep -q so-y-te pacts/2024.yaml && git commit -qam 'Amend 2024' && "
	                   "blob=$(git rev-parse main:pacts/2024.yaml) year=2024 who=bhxh-tinh "
	                   "appr='Lê Bảo <bao@bhxh.vn>' key=../bao && " SIGNED_RECORD),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2024 --rev main"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "so-y-te (leaves the bloc"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(
	        fx_sh(&r, store, "git push origin main 'refs/pact/reviews/*:refs/pact/reviews/*'"),
	        1, "%s", r.err);
	cr_expect(strstr(r.err, "pacts/2024.yaml changes without every member's approval") &&
	                  strstr(r.err, "so-y-te (leaves the bloc"),
	          "%s", r.err);
	run_result_free(&r);
	/* the hub still has the 2024 pact as imported */
	cr_expect_eq(fx_sh(&r, dir,
	                   "test $(git -C hub.git rev-parse main:pacts/2024.yaml) = "
	                   "$(git -C store rev-parse main~1:pacts/2024.yaml) && "
	                   "git -C hub.git fsck --strict --no-progress"),
	             0, "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_break3, amending_an_imported_year_cannot_hand_a_member_to_another_approver)
{
	char *dir, *store = hub_store(&dir);
	run_result r;

	/* bao names itself so-y-te's approver in the 2024 text and signs for
	 * both members */
	cr_assert_eq(fx_sh(&r, store,
	                   "sed -i 's/- yte@bloc.vn/- bao@bhxh.vn/' pacts/2024.yaml && "
	                   "git commit -qam 'Amend 2024' && "
	                   "blob=$(git rev-parse main:pacts/2024.yaml) year=2024 key=../bao "
	                   "appr='Lê Bảo <bao@bhxh.vn>' && who=so-y-te && " SIGNED_RECORD
	                   " && who=bhxh-tinh && " SIGNED_RECORD),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2024 --rev main"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "so-y-te (approved by an identity not in its approvers)"), "%s",
	          r.err);
	run_result_free(&r);
	cr_expect_eq(
	        fx_sh(&r, store, "git push origin main 'refs/pact/reviews/*:refs/pact/reviews/*'"),
	        1, "%s", r.err);
	cr_expect(strstr(r.err, "so-y-te (approved by an identity not in its approvers)"), "%s",
	          r.err);
	run_result_free(&r);
	/* with the approval of so-y-te's own approver (yte, its own key) the
	 * amendment is accepted: the rule asks for the right people, it does
	 * not forbid amending */
	cr_expect_eq(fx_sh(&r, store,
	                   "blob=$(git rev-parse main:pacts/2024.yaml) year=2024 key=../yte "
	                   "appr='Trần Y <yte@bloc.vn>' who=so-y-te && " SIGNED_RECORD " && "
	                   "pact review check 2024 --rev main && "
	                   "git push -q origin main 'refs/pact/reviews/*:refs/pact/reviews/*'"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* DIR/other (fx_shared_review) has pulled so-y-te's approval, bhxh-tinh's
 * and then so-y-te's withdrawal; DIR/old holds the review's id before the
 * withdrawal. The hub has no hook (pact does not require one). */
static char *withdrawn_review(const char *dir, const char *store)
{
	char *other = fx_shared_review(dir, store);
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review push >/dev/null && "
	                   "git rev-parse refs/pact/reviews/2025 > ../old && sleep 1 && "
	                   "pact review revoke 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review push >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, other,
	                   "{ git rev-parse -q --verify main >/dev/null || "
	                   "git checkout -q -b main origin/main; } && "
	                   "pact review pull >/dev/null && pact review check 2025 2>&1 | "
	                   "grep -q 'so-y-te (approval revoked)'"),
	             0, "%s", r.err);
	run_result_free(&r);
	return other;
}

/* `other` still refuses to adopt: so-y-te's withdrawal stands. */
static void still_withdrawn(const char *other)
{
	run_result r;

	cr_expect_eq(fx_sh(&r, other, "pact review check 2025"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "so-y-te (approval revoked)"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, other, "pact review merge 2025 --allow-leftovers"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "so-y-te (approval revoked)"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(
	        fx_sh(&r, other,
	              "! git rev-parse -q --verify refs/tags/pact/2025 && "
	              "! git cat-file -e main:pacts/2025.yaml 2>/dev/null && "
	              "git fsck --strict --no-progress && test -z \"$(git status --porcelain)\""),
	        0, "%s", r.err);
	run_result_free(&r);
}

Test(review_break3, a_hub_rewound_past_a_withdrawal_does_not_bring_the_approval_back)
{
	char *dir, *store = fx_store(&dir), *other = withdrawn_review(dir, store);
	run_result r;

	/* someone force-pushes the hub's review back to before the withdrawal */
	cr_assert_eq(
	        fx_sh(&r, store, "git push -q -f ../hub.git $(cat ../old):refs/pact/reviews/2025"),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, other, "pact review pull"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "note: refs/pact/reviews/2025 was rewritten on the remote, "
	                        "dropping the withdrawal of the approval of so-y-te; yours is "
	                        "kept and merged with it, so the withdrawal stands"),
	          "%s%s", r.out, r.err);
	run_result_free(&r);
	still_withdrawn(other);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_break3, a_review_deleted_then_put_back_without_its_withdrawal_stays_withdrawn)
{
	char *dir, *store = fx_store(&dir), *other = withdrawn_review(dir, store);
	run_result r;

	/* the hub's review is deleted, pulled, then put back as it was before
	 * the withdrawal */
	cr_assert_eq(fx_sh(&r, store, "git push -q ../hub.git :refs/pact/reviews/2025"), 0, "%s",
	             r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, other, "pact review pull"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "note: refs/pact/reviews/2025 was deleted on the remote, with the "
	                        "withdrawal of the approval of so-y-te; yours is kept, so the "
	                        "withdrawal stands"),
	          "%s%s", r.out, r.err);
	run_result_free(&r);
	cr_assert_eq(
	        fx_sh(&r, store, "git push -q ../hub.git $(cat ../old):refs/pact/reviews/2025"), 0,
	        "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, other, "pact review pull"), 0, "%s", r.err);
	run_result_free(&r);
	still_withdrawn(other);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_break3, a_draft_merged_onto_main_with_git_still_answers_to_the_members_it_drops)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	/* the draft drops so-y-te; only bhxh-tinh approves; an officer merges
	 * the draft onto main with git: main's 2025 text is not an authority
	 * that can forget so-y-te */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && "
	                   "sed -i '/id: so-y-te/,/yte@bloc.vn/d' pacts/2025.yaml && "
	                   "pact commit pacts/2025.yaml -m 'Sở Y tế rời khối' >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "git switch -q main && git merge -q --no-ff draft/2025 -m merge"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2025 --rev main"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "so-y-te (leaves the bloc"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "approvals: 1 of 2 members"), "%s", r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_break3, commits_piled_on_a_review_do_not_hide_a_signed_withdrawal)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	fx_signing_store(dir, store);
	cr_assert_eq(
	        fx_sh(&r, store,
	              "pact review open 2025 >/dev/null && git config user.signingKey ../yte && "
	              "pact review approve 2025 -S --member so-y-te " YTE " >/dev/null && "
	              "git config user.signingKey ../bao && "
	              "pact review approve 2025 -S --member bhxh-tinh " BHXH " >/dev/null && "
	              "git rev-parse refs/pact/reviews/2025:approvals/so-y-te > ../old && "
	              "sleep 1 && git config user.signingKey ../yte && "
	              "pact review revoke 2025 -S --member so-y-te " YTE " >/dev/null"),
	        0, "%s", r.err);
	run_result_free(&r);
	/* bao piles 20 001 empty commits on the review, the first putting
	 * so-y-te's older, validly signed approval back: the withdrawal now
	 * lies below the 20 000 commits pact reads */
	cr_assert_eq(fx_sh(&r, store,
	                   "tip=$(git rev-parse refs/pact/reviews/2025) old=$(cat ../old) && "
	                   "for i in $(seq 1 20001); do "
	                   "echo 'commit refs/pact/reviews/2025'; "
	                   "echo \"committer Bao <bao@bhxh.vn> $((1790000000 + i)) +0700\"; "
	                   "echo 'data 1'; echo x; "
	                   "if [ $i = 1 ]; then echo \"from $tip\"; "
	                   "echo \"M 100644 $old approvals/so-y-te\"; fi; echo; "
	                   "done | git fast-import --quiet && "
	                   "test $(git rev-list --count refs/pact/reviews/2025) -gt 20000"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(&r, store, "pact review check 2025"), 0, "%s", r.out);
	cr_expect(strstr(r.err, "the review of 2025 has more than 20000 commits; pact cannot "
	                        "read every record in it, so it counts no approval"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(&r, store, "pact review merge 2025 --allow-leftovers"), 0, "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "! git rev-parse -q --verify refs/tags/pact/2025 && "
	                   "! git cat-file -e main:pacts/2025.yaml 2>/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}
