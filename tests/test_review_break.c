/*
 * test_review_break.c - the approvals attacked as an adversarial member
 * would, with plain git on the review ref: an older signed approval put
 * back over a later signed revocation, a forged revocation over a valid
 * approval, and trust anchors too large to read. Each was a hole; each
 * must stay shut.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "review_fixture.h"

/* Put blob $rec at approvals/$who on refs/pact/reviews/2025 with plain git
 * (a fast-forward commit, as a push would bring it). */
#define PUT_RECORD                                                                                 \
	"GIT_INDEX_FILE=.git/tmpidx git read-tree refs/pact/reviews/2025 && "                      \
	"GIT_INDEX_FILE=.git/tmpidx git update-index --add --cacheinfo "                           \
	"100644,$rec,approvals/$who && "                                                           \
	"t=$(GIT_INDEX_FILE=.git/tmpidx git write-tree) && rm -f .git/tmpidx && "                  \
	"c=$(git commit-tree $t -p refs/pact/reviews/2025 -m tamper) && "                          \
	"git update-ref refs/pact/reviews/2025 $c"

static void both_approve_signed(const char *store)
{
	run_result r;
	cr_assert_eq(
	        fx_sh(&r, store,
	              "pact review open 2025 >/dev/null && git config user.signingKey ../yte && "
	              "pact review approve 2025 -S --member so-y-te " YTE " >/dev/null && "
	              "git config user.signingKey ../bao && "
	              "pact review approve 2025 -S --member bhxh-tinh " BHXH " >/dev/null && "
	              "pact review check 2025"),
	        0, "%s%s", r.out, r.err);
	run_result_free(&r);
}

Test(review_break, an_older_signed_approval_put_back_does_not_undo_a_revocation)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	fx_signing_store(dir, store);
	both_approve_signed(store);
	/* so-y-te revokes (signed, a second later); then someone puts its
	 * older, validly signed approval back on the review ref */
	cr_assert_eq(
	        fx_sh(&r, store,
	              "git rev-parse refs/pact/reviews/2025:approvals/so-y-te > ../old && "
	              "sleep 1 && git config user.signingKey ../yte && "
	              "pact review revoke 2025 -S --member so-y-te " YTE " >/dev/null && "
	              "git show refs/pact/reviews/2025:approvals/so-y-te | grep -q '^revoke' && "
	              "rec=$(cat ../old) who=so-y-te && " PUT_RECORD " && "
	              "git show refs/pact/reviews/2025:approvals/so-y-te | grep -vq '^revoke'"),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2025"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "so-y-te (approval revoked)"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "approvals: 1 of 2 members"), "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025 --allow-leftovers"), 1);
	run_result_free(&r);
	/* a new approval, signed and newer, counts again */
	cr_assert_eq(fx_sh(&r, store,
	                   "sleep 1 && pact review approve 2025 -S --member so-y-te " YTE
	                   " >/dev/null && pact review check 2025"),
	             0, "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_break, a_forged_revocation_does_not_cancel_a_signed_approval)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	fx_signing_store(dir, store);
	both_approve_signed(store);
	/* bao (bhxh-tinh's approver) writes an unsigned revocation for so-y-te
	 * by hand, dated far in the future so that it would win every pull */
	cr_assert_eq(fx_sh(&r, store,
	                   "rec=$(git show refs/pact/reviews/2025:approvals/so-y-te | "
	                   "sed -n '/^$/q;p' | sed 's/^approver .*/revoke yes\\napprover Trần Y "
	                   "<yte@bloc.vn> 4102444800 +0700/' | git hash-object -w --stdin) && "
	                   "who=so-y-te && " PUT_RECORD),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2025"), 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	/* nor one signed by a key that is not so-y-te's approver's */
	cr_assert_eq(fx_sh(&r, store,
	                   "printf 'member so-y-te\\nrevoke yes\\nblob %%s\\napprover Trần Y "
	                   "<yte@bloc.vn> 4102444801 +0700\\n' $(git rev-parse "
	                   "draft/2025:pacts/2025.yaml) > ../forged && "
	                   "ssh-keygen -q -Y sign -f ../eve -n pact ../forged && "
	                   "{ cat ../forged; echo; cat ../forged.sig; } > ../forged.rec && "
	                   "rec=$(git hash-object -w ../forged.rec) who=so-y-te && " PUT_RECORD),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2025"), 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_break, without_signatures_a_revocation_by_a_non_approver_does_not_count)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	/* bao is not among so-y-te's approvers (yte@bloc.vn): pact refuses to
	 * write the revocation, and one written by hand does not count */
	cr_expect_neq(fx_sh(&r, store, "pact review revoke 2025 --member so-y-te " BHXH), 0);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store,
	                   "printf 'member so-y-te\\nrevoke yes\\nblob %%s\\napprover Lê Bảo "
	                   "<bao@bhxh.vn> 4102444800 +0700\\n' $(git rev-parse "
	                   "draft/2025:pacts/2025.yaml) > ../forged && "
	                   "rec=$(git hash-object -w ../forged) who=so-y-te && " PUT_RECORD),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2025"), 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_break, allowed_signers_too_large_to_read_does_not_turn_signing_off)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	/* 300 KiB of comment lines and one trusted key: a big bloc's file */
	cr_assert_eq(
	        fx_sh(&r, dir,
	              "ssh-keygen -q -t ed25519 -N '' -C yte -f yte && mkdir -p store/.pact && "
	              "{ yes '# a long list of agencies and their keys' | head -c 307200; "
	              "printf 'yte@bloc.vn '; cat yte.pub; } > store/.pact/allowed_signers && "
	              "cd store && git add .pact && git commit -qm 'Trust these keys'"),
	        0, "%s", r.err);
	run_result_free(&r);
	/* approving, checking and adopting all refuse: none can be judged */
	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	cr_expect_neq(fx_sh(&r, store,
	                    "pact review approve 2025 --no-sign --member so-y-te " YTE " && "
	                    "pact review approve 2025 --no-sign --member bhxh-tinh " BHXH),
	              0, "%s", r.out);
	cr_expect(strstr(r.err, ".pact/allowed_signers on main is not a file of at most 262144 "
	                        "bytes; approvals cannot be checked against it"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(&r, store, "pact review check 2025"), 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(&r, store, "pact review merge 2025 --allow-leftovers"), 0, "%s", r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* An unsigned approval record of blob $blob for member $who by $appr,
 * written by hand and put on the review ref. */
#define FORGE_APPROVAL                                                                             \
	"rec=$(printf 'member %%s\\nblob %%s\\napprover %%s 1900000000 +0700\\n' \"$who\" "        \
	"\"$blob\" \"$appr\" | git hash-object -w --stdin) && " PUT_RECORD

Test(review_break, amending_an_adopted_year_cannot_drop_a_member_that_joined_that_year)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	/* 2025 adds so-moi; all three approve; adopted; shared on a hub with
	 * the server hook */
	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare hub.git && pact -C hub.git hooks install --server "
	                   ">/dev/null && cd store && git remote add origin ../hub.git && "
	                   "git push -q origin main && pact review open 2025 >/dev/null && "
	                   "sed -i 's/^preamble:/- id: so-moi\\n  name: Sở Mới\\npreamble:/' "
	                   "pacts/2025.yaml && pact commit pacts/2025.yaml -m 'Sở Mới joins' "
	                   ">/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review approve 2025 --member so-moi --author 'Mới <moi@bloc.vn>' "
	                   ">/dev/null && pact review merge 2025 --allow-leftovers >/dev/null && "
	                   "git push -q origin main 'refs/pact/reviews/*:refs/pact/reviews/*' "
	                   "'refs/tags/pact/*:refs/tags/pact/*'"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	/* the two older members amend 2025 with plain git, dropping so-moi,
	 * and approve the amended text between themselves */
	cr_assert_eq(fx_sh(&r, store,
	                   "sed -i '/id: so-moi/,/name: Sở Mới/d' pacts/2025.yaml && "
	                   "! grep -q so-moi pacts/2025.yaml && "
	                   "git commit -qam 'Amend 2025' && "
	                   "blob=$(git rev-parse main:pacts/2025.yaml) && "
	                   "who=so-y-te appr='Trần Y <yte@bloc.vn>' && " FORGE_APPROVAL " && "
	                   "who=bhxh-tinh appr='Lê Bảo <bao@bhxh.vn>' && " FORGE_APPROVAL),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(
	        fx_sh(&r, store, "git push origin main 'refs/pact/reviews/*:refs/pact/reviews/*'"),
	        1, "%s", r.err);
	cr_expect(strstr(r.err, "so-moi (leaves the bloc"), "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_break, a_merge_that_cannot_switch_back_to_main_says_the_pact_is_adopted)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "touch .git/index.lock"),
	             0, "%s", r.err);
	run_result_free(&r);
	/* a git holding the index: main moves, the work tree cannot follow */
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025 --allow-leftovers"), 3);
	cr_expect(strstr(r.err, "the 2025 pact is adopted (main at ") &&
	                  strstr(r.err, "but the work tree stays on draft/2025: ") &&
	                  strstr(r.err, "switch with 'git switch main'"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "rm .git/index.lock && git switch -q main && pact review check 2025 && "
	                   "git rev-parse -q --verify refs/tags/pact/2025"),
	             0, "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_break, a_record_dated_in_the_future_does_not_outlast_later_events)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	/* so-y-te's approver approves on a computer whose clock says 2100 */
	cr_assert_eq(
	        fx_sh(&r, store,
	              "pact review open 2025 >/dev/null && "
	              "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	              "blob=$(git rev-parse draft/2025:pacts/2025.yaml) && "
	              "rec=$(printf 'member so-y-te\\nblob %%s\\napprover Trần Y <yte@bloc.vn> "
	              "4102444800 +0700\\n' $blob | git hash-object -w --stdin) && "
	              "who=so-y-te && " PUT_RECORD),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "bad signature (dated in the future; check the clock"), "%s",
	          r.out);
	run_result_free(&r);
	/* and it revokes with the right clock: the revocation stands */
	cr_expect_eq(fx_sh(&r, store,
	                   "pact review revoke 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review check 2025"),
	             1, "%s", r.out);
	cr_expect(strstr(r.err, "so-y-te (approval revoked)"), "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}
