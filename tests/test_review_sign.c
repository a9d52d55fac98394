/*
 * test_review_sign.c - signed approvals with real SSH keys (ssh-keygen, as
 * git uses for gpg.format=ssh): a store whose main has
 * .pact/allowed_signers counts only approvals whose signature verifies for
 * one of the member's approvers; status says signed-valid, unsigned or bad
 * signature; a record edited by hand stops counting; merge, review check
 * and the server hook apply one rule; the trust anchors themselves change
 * only by a commit signed with a key already trusted.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "review_fixture.h"

/* Approve for `member` as `who`, signing with key DIR/KEY (NULL: unsigned). */
static int approve(run_result *r, const char *store, const char *member, const char *who,
                   const char *key)
{
	if (!key)
		return fx_sh(r, store, "pact review approve 2025 --member %s %s --no-sign", member,
		             who);
	return fx_sh(r, store,
	             "git config user.signingKey ../%s && pact review approve 2025 -S "
	             "--member %s %s",
	             key, member, who);
}

Test(review_sign, only_signed_valid_approvals_count_where_main_has_allowed_signers)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	fx_signing_store(dir, store);
	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	cr_assert_eq(approve(&r, store, "so-y-te", YTE, "yte"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "so-y-te approves the 2025 draft") && strstr(r.out, "(signed)"),
	          "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "git show refs/pact/reviews/2025:approvals/so-y-te"), 0);
	cr_expect(strstr(r.out, "\n\n-----BEGIN SSH SIGNATURE-----\n"), "%s", r.out);
	run_result_free(&r);
	/* unsigned, and signed with a key not trusted for that e-mail */
	cr_assert_eq(approve(&r, store, "bhxh-tinh", BHXH, NULL), 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "approved     so-y-te") && strstr(r.out, ", signed-valid\n"), "%s",
	          r.out);
	cr_expect(strstr(r.out, "unverified   bhxh-tinh") &&
	                  strstr(r.out, ", unsigned (does not count here)\n"),
	          "%s", r.out);
	cr_expect(strstr(r.out, "signatures: required (.pact/allowed_signers on main)"), "%s",
	          r.out);
	cr_expect(strstr(r.out, "approvals: 1 of 2 members"), "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025 --allow-leftovers"), 1);
	cr_expect(strstr(r.err, "bhxh-tinh (unsigned; this store needs signed approvals)"), "%s",
	          r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2025"), 1);
	cr_expect(strstr(r.err, "bhxh-tinh (unsigned; this store needs signed approvals)"), "%s",
	          r.err);
	run_result_free(&r);
	cr_assert_eq(approve(&r, store, "bhxh-tinh", BHXH, "eve"), 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "unverified   bhxh-tinh") && strstr(r.out, ", bad signature ("),
	          "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025 --format=json"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"signature\": \"bad\", \"signature_reason\": "), "%s", r.out);
	run_result_free(&r);
	/* the right key: both count, and adoption goes through */
	cr_assert_eq(approve(&r, store, "bhxh-tinh", BHXH, "bao"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2025"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025 --allow-leftovers"), 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "git log -1 --format=%%B main"), 0);
	cr_expect(strstr(r.out, "Approved-by: bhxh-tinh Lê Bảo <bao@bhxh.vn> [signed]"), "%s",
	          r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_sign, a_record_edited_by_hand_loses_its_signature)
{
	char *dir, *store = fx_store(&dir), *text = fx_pact(2025, "đúng hạn");
	char *path;
	run_result r;

	fx_signing_store(dir, store);
	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	cr_assert_eq(approve(&r, store, "so-y-te", YTE, "yte"), 0, "%s", r.err);
	run_result_free(&r);
	/* the text changes: the approval is of the older text */
	path = strf("%s/pacts/2025.yaml", store);
	cr_assert_eq(write_file(path, text, strlen(text)), 0);
	cr_assert_eq(fx_sh(NULL, store, "pact commit pacts/2025.yaml -m edit >/dev/null"), 0);
	/* someone points the signed record at the new text with plain git */
	cr_assert_eq(
	        fx_sh(&r, store,
	              "old=$(git rev-parse draft/2025~1:pacts/2025.yaml) && "
	              "new=$(git rev-parse draft/2025:pacts/2025.yaml) && "
	              "rec=$(git show refs/pact/reviews/2025:approvals/so-y-te | "
	              "sed \"s/^blob $old/blob $new/\" | git hash-object -w --stdin) && "
	              "GIT_INDEX_FILE=.git/tmpidx git read-tree refs/pact/reviews/2025 && "
	              "GIT_INDEX_FILE=.git/tmpidx git update-index --cacheinfo "
	              "100644,$rec,approvals/so-y-te && "
	              "t=$(GIT_INDEX_FILE=.git/tmpidx git write-tree) && "
	              "c=$(git commit-tree $t -p refs/pact/reviews/2025 -m tamper) && "
	              "git update-ref refs/pact/reviews/2025 $c && "
	              "git show refs/pact/reviews/2025:approvals/so-y-te | grep -q \"^blob $new\""),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	/* the forged record is ignored: what stands is so-y-te's own signed
	 * approval, of the older text */
	cr_expect(strstr(r.out, "out of date  so-y-te") && strstr(r.out, ", signed-valid"), "%s",
	          r.out);
	cr_expect(strstr(r.out, "approvals: 0 of 2 members"), "%s", r.out);
	run_result_free(&r);
	free(path);
	free(text);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_sign, without_allowed_signers_status_says_approvals_are_unsigned)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review status 2025"),
	             0, "%s", r.err);
	cr_expect(strstr(r.out, "approved     so-y-te") && strstr(r.out, ", unsigned\n"), "%s",
	          r.out);
	cr_expect(strstr(r.out, "signatures: not checked (no .pact/allowed_signers on main)"), "%s",
	          r.out);
	run_result_free(&r);
	/* -S without a key is a usage problem, and nothing is written */
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 -S --member bhxh-tinh " BHXH), 2);
	cr_expect(strstr(r.err, "no SSH signing key: set 'git config gpg.format ssh'"), "%s",
	          r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* A bare hub with the server hook, main pushed to it. */
static void make_hub(const char *dir)
{
	run_result r;
	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare hub.git && pact -C hub.git hooks install --server "
	                   ">/dev/null && cd store && git remote add origin ../hub.git && "
	                   "git push -q origin main"),
	             0, "%s", r.err);
	run_result_free(&r);
}

#define PUSH_ALL                                                                                   \
	"git push origin 'refs/pact/reviews/*:refs/pact/reviews/*' "                               \
	"'refs/heads/draft/*:refs/heads/draft/*' main 'refs/tags/pact/*:refs/tags/pact/*'"

Test(review_sign, the_server_hook_applies_the_same_rule_and_guards_the_anchors)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	fx_signing_store(dir, store);
	make_hub(dir);
	/* an unsigned full set is refused by the hook */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && "
	                   "pact review approve 2025 --no-sign --member so-y-te " YTE
	                   " >/dev/null && "
	                   "pact review approve 2025 --no-sign --member bhxh-tinh " BHXH
	                   " >/dev/null && git switch -q main && "
	                   "git merge -q --no-ff -m 'Adopt by hand' draft/2025"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, PUSH_ALL), 1);
	cr_expect(strstr(r.err, "pacts/2025.yaml is added without every member's approval"), "%s",
	          r.err);
	cr_expect(strstr(r.err, "so-y-te (unsigned; this store needs signed approvals)"), "%s",
	          r.err);
	run_result_free(&r);
	/* signed, the same push goes through */
	cr_assert_eq(approve(&r, store, "so-y-te", YTE, "yte"), 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(approve(&r, store, "bhxh-tinh", BHXH, "bao"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, PUSH_ALL), 0, "%s", r.err);
	run_result_free(&r);

	/* the anchors: an unsigned commit adding a key is refused */
	cr_assert_eq(fx_sh(&r, store,
	                   "{ printf 'm@evil.vn '; cat ../eve.pub; } >> .pact/allowed_signers && "
	                   "git commit -qam 'Trust eve' --no-gpg-sign"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "git push origin main"), 1);
	cr_expect(strstr(r.err, "refs/heads/main: error: .pact/allowed_signers changes only by a "
	                        "commit signed with a key in the current .pact/allowed_signers"),
	          "%s", r.err);
	cr_expect(strstr(r.err, "the commit is not signed"), "%s", r.err);
	run_result_free(&r);
	/* signed by eve's own (untrusted) key: refused */
	cr_expect_eq(fx_sh(&r, store,
	                   "git -c gpg.format=ssh -c user.signingKey=../eve commit -q --amend "
	                   "--no-edit -S && git push origin main"),
	             1);
	cr_expect(strstr(r.err, "no key in the current .pact/allowed_signers made its signature"),
	          "%s", r.err);
	run_result_free(&r);
	/* signed by a trusted key: accepted */
	cr_expect_eq(fx_sh(&r, store,
	                   "git -c gpg.format=ssh -c user.signingKey=../yte commit -q --amend "
	                   "--no-edit -S && git push origin main"),
	             0, "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}
