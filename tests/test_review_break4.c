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

/* Two officers holding every approval both adopt 2025 before either
 * pushes. The second one's pull merges the hub's main (the same text),
 * but its tag pact/2025 still named its own merge: every later 'pact
 * push' and 'pact review push' failed with exit 3 ("push failed: object
 * is no commit object"), for good. The pull now takes the hub's tag, says
 * so, and the push goes through. */
Test(review_break4, two_officers_adopting_the_same_year_can_both_push)
{
	char *dir, *store = fx_store(&dir), *other;
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 --no-switch >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "git init -q --bare ../hub.git && git remote add origin ../hub.git && "
	                   "pact review push >/dev/null 2>&1 && cd .. && git clone -q -b main "
	                   "hub.git other && "
	                   "cd other && pact review pull >/dev/null && pact pull >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	other = strf("%s/other", dir);
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review merge 2025 --allow-leftovers --author 'An <an@bloc.vn>' "
	                   ">/dev/null && pact review push >/dev/null 2>&1"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(
	        fx_sh(&r, other,
	              "pact review merge 2025 --allow-leftovers --author 'Bình <binh@bloc.vn>'"),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, other, "pact pull"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "2025 was adopted on 'origin' too, with the same text") ||
	                  strstr(r.err, "2025 was adopted on 'origin' too, with the same text"),
	          "%s%s", r.out, r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, other, "pact review push"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, other, "pact push"), 0, "%s", r.err);
	run_result_free(&r);
	/* one tag, the hub's, on a main that holds both adoptions; the two
	 * stores and the hub agree, and git finds them whole */
	cr_expect_eq(
	        fx_sh(&r, dir,
	              "t=$(git -C hub.git rev-parse refs/tags/pact/2025) && "
	              "test $t = $(git -C store rev-parse refs/tags/pact/2025) && "
	              "test $t = $(git -C other rev-parse refs/tags/pact/2025) && "
	              "test $(git -C hub.git rev-parse main) = $(git -C other rev-parse main) && "
	              "git -C hub.git merge-base --is-ancestor "
	              "$(git -C store rev-parse 'refs/tags/pact/2025^{commit}') main && "
	              "git -C other fsck --strict --no-progress && "
	              "git -C hub.git fsck --strict --no-progress && "
	              "test -z \"$(git -C other status --porcelain)\""),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, other, "pact review check 2025 --rev main"), 0, "%s", r.err);
	run_result_free(&r);
	free(other);
	free(store);
	rm_rf(dir);
}

/* A review ref or an adoption tag pushed at a blob was accepted by the
 * hub's hook, and could then never be moved or deleted there (both are
 * refused, as they must be): 2026 could never be reviewed on that hub
 * again ('a review for 2026 already exists' in every clone). */
Test(review_break4, the_hub_refuses_a_review_ref_or_tag_naming_no_commit)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(
	        fx_sh(&r, dir,
	              "git init -q --bare hub.git && pact -C hub.git hooks install --server "
	              ">/dev/null && cd store && git remote add origin ../hub.git && "
	              "git push -q origin main && b=$(echo hi | git hash-object -w --stdin) && "
	              "git update-ref refs/pact/reviews/2026 $b && "
	              "git update-ref refs/tags/pact/2026 $b"),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(&r, store, "git push origin refs/pact/reviews/2026"), 0, "%s", r.err);
	cr_expect(strstr(r.err, "refs/pact/reviews/2026: error: a review ref must name a commit"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(&r, store, "git push origin refs/tags/pact/2026"), 0, "%s", r.err);
	cr_expect(strstr(r.err, "refs/tags/pact/2026: error: an adoption tag must name"), "%s",
	          r.err);
	run_result_free(&r);
	cr_expect_eq(
	        fx_sh(&r, dir, "test -z \"$(git -C hub.git for-each-ref refs/pact refs/tags)\""), 0,
	        "%s", r.err);
	run_result_free(&r);
	/* a real review still goes */
	cr_expect_eq(fx_sh(&r, store,
	                   "git update-ref -d refs/pact/reviews/2026 && "
	                   "git update-ref -d refs/tags/pact/2026 && "
	                   "pact review open 2026 --from 2024 --no-switch >/dev/null && "
	                   "git push -q origin refs/pact/reviews/2026 refs/heads/draft/2026"),
	             0, "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
}

/* A record for member $who of blob $blob by $appr, signed with key $key
 * (ssh-keygen -Y sign, as pact signs), the first commit of
 * refs/pact/reviews/$year, made with plain git. */
#define SIGNED_FIRST_RECORD                                                                        \
	"printf 'member %%s\\nblob %%s\\napprover %%s %%s +0700\\n' \"$who\" \"$blob\" \"$appr\" " \
	"$(date +%%s) > ../rec && rm -f ../rec.sig && "                                            \
	"ssh-keygen -q -Y sign -f \"$key\" -n pact ../rec && "                                     \
	"rec=$({ cat ../rec; echo; cat ../rec.sig; } | git hash-object -w --stdin) && "            \
	"GIT_INDEX_FILE=.git/tmpidx git read-tree --empty && "                                     \
	"GIT_INDEX_FILE=.git/tmpidx git update-index --add --cacheinfo "                           \
	"100644,$rec,approvals/$who && "                                                           \
	"t=$(GIT_INDEX_FILE=.git/tmpidx git write-tree) && rm -f .git/tmpidx && "                  \
	"git update-ref refs/pact/reviews/$year $(git commit-tree $t -m record)"

/* A year older than every year main has named its own members and
 * approvers: bhxh-tinh's approver, with its own trusted key, added a 2019
 * pact naming only bhxh-tinh, approved it alone, and the hub's hook took
 * it into the bloc's record ('every member (1) approved'). It now answers
 * to the oldest year main has (2024), whose so-y-te it drops. */
Test(review_break4, a_past_year_added_later_needs_the_members_main_has)
{
	char *dir, *store = fx_store(&dir), *text = fx_pact(2019, NULL);
	char *file = strf("%s/p2019.yaml", dir);
	run_result r;

	fx_signing_store(dir, store);
	cr_assert_eq(write_file(file, text, strlen(text)), 0);
	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare hub.git && pact -C hub.git hooks install --server "
	                   ">/dev/null && cd store && git remote add origin ../hub.git && "
	                   "git push -q origin main && "
	                   "sed -i '/id: so-y-te/,/yte@bloc.vn/d' ../p2019.yaml && "
	                   "! grep -q so-y-te ../p2019.yaml && "
	                   "pact commit ../p2019.yaml -m 'Add 2019' >/dev/null && "
	                   "blob=$(git rev-parse main:pacts/2019.yaml) year=2019 who=bhxh-tinh "
	                   "appr='Lê Bảo <bao@bhxh.vn>' key=../bao && " SIGNED_FIRST_RECORD),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2019 --rev main"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "so-y-te (leaves the bloc"), "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(&r, store, "git push origin refs/pact/reviews/2019 main"), 0, "%s",
	              r.err);
	cr_expect(strstr(r.err, "pacts/2019.yaml is added without every member's approval") &&
	                  strstr(r.err, "so-y-te (leaves the bloc"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, dir,
	                   "! git -C hub.git cat-file -e main:pacts/2019.yaml && "
	                   "git -C hub.git fsck --strict --no-progress"),
	             0, "%s", r.err);
	run_result_free(&r);
	/* with so-y-te's own signed approval of that text, it goes */
	cr_expect_eq(fx_sh(&r, store,
	                   "git config user.signingKey ../yte.pub && "
	                   "git checkout -q -b draft/2019 && git checkout -q main && "
	                   "pact review approve 2019 --member so-y-te " YTE " >/dev/null && "
	                   "pact review check 2019 --rev main && "
	                   "git push -q origin refs/pact/reviews/2019 main"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(text);
	free(file);
	free(store);
	rm_rf(dir);
}

/* A member pushed the tag pact/2025 on the draft's tip before the bloc
 * adopted: the hook took it, tags never move, so the real adoption
 * could never be pushed with its tag ('refusing to move an adoption
 * tag' refused the whole 'pact review push'). */
Test(review_break4, an_adoption_tag_cannot_be_squatted_before_the_adoption)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(
	        fx_sh(&r, dir,
	              "git init -q --bare hub.git && pact -C hub.git hooks install --server "
	              ">/dev/null && cd store && git remote add origin ../hub.git && "
	              "git push -q origin main && pact review open 2025 --no-switch >/dev/null && "
	              "git push -q origin refs/pact/reviews/2025 refs/heads/draft/2025 && "
	              "git tag -a -m squat pact/2025 draft/2025"),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(&r, store, "git push origin refs/tags/pact/2025"), 0, "%s", r.err);
	cr_expect(strstr(r.err, "refs/tags/pact/2025: error: an adoption tag must name"), "%s",
	          r.err);
	run_result_free(&r);
	/* the real adoption goes, tag and all, with git push as a hub
	 * with hooks sees it */
	cr_expect_eq(fx_sh(&r, store,
	                   "git tag -d pact/2025 >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review merge 2025 --allow-leftovers >/dev/null && "
	                   "git push -q origin refs/pact/reviews/2025 main refs/tags/pact/2025 && "
	                   "test $(git -C ../hub.git rev-parse 'pact/2025^{commit}') = "
	                   "$(git rev-parse main)"),
	             0, "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
}
