/*
 * test_review_trust.c - approvals that can be trusted, tried the way an
 * adversarial member would: dropping members from the draft, rewriting a
 * member's approvers, revocations racing approvals across clones, revoking
 * after adoption, adopting last year's words by accident, approving with
 * an edited but uncommitted file, one identity speaking for two members.
 * pact and git run as processes on real stores.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "review_fixture.h"

#define BOARD "--author 'Chủ tịch Khối <board@bloc.vn>'"

/* A pact of `year` whose members: block is `members` (YAML list items). */
static char *pact_members(int year, const char *members)
{
	return strf("schema: pact/1\nyear: %d\ntitle: Bản giao ước thi đua năm %d\n"
	            "bloc: Khối thi đua số 2\nprovince: Bắc Giang\n"
	            "signed:\n  place: Bắc Giang\n  date: %d-03-15\n"
	            "members:\n%s"
	            "preamble: Nhằm phát huy kết quả đạt được.\n"
	            "clauses:\n  - id: quan-triet\n    number: 1\n    commitments:\n"
	            "      - Quán triệt tư tưởng thi đua.\n"
	            "closing: Trên đây là bản giao ước năm %d.\n",
	            year, year, year, members, year);
}

#define FIVE                                                                                       \
	"  - id: so-y-te\n    name: Sở Y tế\n    approvers:\n      - yte@bloc.vn\n"            \
	"  - id: so-ngoai-vu\n    name: Sở Ngoại vụ\n    approvers:\n      - nv@bloc.vn\n"   \
	"  - id: so-tu-phap\n    name: Sở Tư pháp\n    approvers:\n      - tp@bloc.vn\n"       \
	"  - id: so-xay-dung\n    name: Sở Xây dựng\n    approvers:\n      - xd@bloc.vn\n"    \
	"  - id: so-noi-vu\n    name: Sở Nội vụ\n    approvers:\n      - noivu@bloc.vn\n"

/* Write `text` to DIR/NAME and commit it with pact on the current branch. */
static void commit_text(const char *store, const char *name, const char *text, const char *msg)
{
	char *p = strf("%s/%s", store, name);
	run_result r;
	cr_assert_eq(write_file(p, text, strlen(text)), 0);
	cr_assert_eq(fx_sh(&r, store, "pact commit %s -m '%s'", name, msg), 0, "%s", r.err);
	run_result_free(&r);
	free(p);
}

/* A store whose main has the five-member 2024 pact. */
static char *five_store(char **dir)
{
	char *store = fx_store(dir), *t = pact_members(2024, FIVE);
	commit_text(store, "pacts/2024.yaml", t, "Five members in 2024");
	free(t);
	return store;
}

Test(review_trust, a_draft_cannot_drop_members_to_adopt_on_one_approval)
{
	char *dir, *store = five_store(&dir), *one;
	run_result r;

	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	one = pact_members(2025, "  - id: so-y-te\n    name: Sở Y tế\n    approvers:\n"
	                         "      - yte@bloc.vn\n");
	commit_text(store, "pacts/2025.yaml", one, "Only one member left");
	cr_assert_eq(fx_sh(&r, store, "pact review approve 2025 " YTE), 0, "%s", r.err);
	run_result_free(&r);
	/* the four dropped members are still asked */
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "approvals: 1 of 5 members (4 of them in the 2024 pact but not "
	                        "in this text)"),
	          "%s", r.out);
	cr_expect(strstr(r.out, "so-ngoai-vu          Sở Ngoại vụ [leaves the bloc: not in the "
	                        "2025 text]"),
	          "%s", r.out);
	cr_expect(strstr(r.out, "not ready: 4 members still to approve"), "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025"), 1);
	cr_expect(strstr(r.err, "cannot adopt 2025: 4 members (of 5) have not approved"), "%s",
	          r.err);
	cr_expect(strstr(r.err, "so-ngoai-vu (leaves the bloc: its own or the board's approval "
	                        "needed; not yet approved)"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store, "pact review check 2025 2>/dev/null"), 1);
	/* the diff names every departure */
	cr_assert_eq(fx_sh(&r, store, "pact diff 2024 2025@draft/2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "so-ngoai-vu") && strstr(r.out, "so-noi-vu") &&
	                  strstr(r.out, "so-tu-phap") && strstr(r.out, "so-xay-dung"),
	          "%s", r.out);
	run_result_free(&r);

	/* a departing member can approve its own departure */
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --author 'Ngoại vụ <nv@bloc.vn>'"),
	             0, "%s", r.err);
	cr_expect(strstr(r.out, "so-ngoai-vu approves the 2025 draft"), "%s", r.out);
	run_result_free(&r);
	/* the board stands in for the others, once main names it */
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --board " BOARD), 1);
	cr_expect(strstr(r.err, "this store has no board"), "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store,
	                   "git switch -q main && mkdir -p .pact && "
	                   "printf '# the bloc board\\nboard@bloc.vn\\n' > .pact/board && "
	                   "git add .pact/board && git commit -qm 'Name the board' && "
	                   "git switch -q draft/2025"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --board " YTE), 1);
	cr_expect(strstr(r.err, "'yte@bloc.vn' is not on the board (.pact/board on main)"), "%s",
	          r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review approve 2025 --board " BOARD), 0, "%s", r.err);
	cr_expect(strstr(r.out, "the board approves the 2025 draft"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "approvals: 5 of 5 members"), "%s", r.out);
	cr_expect(strstr(r.out, "board        so-tu-phap"), "%s", r.out);
	cr_expect(strstr(r.out, "its departure approved by the board"), "%s", r.out);
	cr_expect(strstr(r.out, "approved     so-ngoai-vu"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review merge 2025"), 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "git log -1 --format=%%B main"), 0);
	cr_expect(strstr(r.out, "Approved-by: so-tu-phap Chủ tịch Khối <board@bloc.vn> (board, "
	                        "for the departing member)"),
	          "%s", r.out);
	run_result_free(&r);
	free(one);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_trust, approvers_of_continuing_members_come_from_the_adopted_text)
{
	char *dir, *store = fx_store(&dir), *text = fx_pact(2025, NULL), *p;
	run_result r;

	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	/* the draft makes mallory an approver of so-y-te */
	p = strstr(text, "yte@bloc.vn");
	cr_assert(p);
	{
		char *evil =
		        strf("%.*sm@evil.vn%s", (int)(p - text), text, p + strlen("yte@bloc.vn"));
		commit_text(store, "pacts/2025.yaml", evil, "Change approvers");
		free(evil);
	}
	cr_expect_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member so-y-te --author 'M <m@evil.vn>'"),
	             1);
	cr_expect(strstr(r.err, "'m@evil.vn' may not approve for 'so-y-te' (its approvers in the "
	                        "adopted 2024 pact: yte@bloc.vn)"),
	          "%s", r.err);
	run_result_free(&r);
	/* the member's real approver still can */
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --member so-y-te " YTE), 0, "%s",
	             r.err);
	run_result_free(&r);
	free(text);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_trust, a_newer_revocation_wins_over_an_older_approval_on_pull)
{
	char *dir, *store = fx_store(&dir), *other = strf("%s/other", dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare hub.git && cd store && "
	                   "git remote add origin ../hub.git && "
	                   "pact review open 2025 --no-switch >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review push >/dev/null && cd .. && git clone -q hub.git other && "
	                   "cd other && pact review pull >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	/* store: revoke and approve again (not yet seen by other) */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review revoke 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "sleep 1 && pact review approve 2025 --member bhxh-tinh " BHXH
	                   " >/dev/null && pact review push >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	/* other: revokes later, from the first approval */
	cr_assert_eq(fx_sh(&r, other,
	                   "sleep 1 && pact review revoke 2025 --member bhxh-tinh " BHXH
	                   " >/dev/null && pact review pull >/dev/null && pact review status 2025"),
	             0, "%s", r.err);
	cr_expect(strstr(r.out, "revoked      bhxh-tinh"), "%s", r.out);
	cr_expect(strstr(r.out, "approvals: 0 of 2 members"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, other, "pact review push >/dev/null"), 0, "%s", r.err);
	run_result_free(&r);
	/* and the same on the side that re-approved */
	cr_assert_eq(fx_sh(&r, store, "pact review pull >/dev/null && pact review status 2025"), 0,
	             "%s", r.err);
	cr_expect(strstr(r.out, "revoked      bhxh-tinh"), "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, dir,
	                   "test \"$(git -C store rev-parse refs/pact/reviews/2025)\" = "
	                   "\"$(git -C other rev-parse refs/pact/reviews/2025)\""),
	             0);
	/* the revocation is a record in the review, not a deletion */
	cr_assert_eq(fx_sh(&r, store, "git show refs/pact/reviews/2025:approvals/bhxh-tinh"), 0);
	cr_expect(strstr(r.out, "member bhxh-tinh\nrevoke yes\nblob "), "%s", r.out);
	run_result_free(&r);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_trust, revoke_after_adoption_is_refused)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review merge 2025 --allow-leftovers >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review revoke 2025 --member so-y-te " YTE), 1);
	cr_expect(strstr(r.err, "the 2025 pact is adopted; its approvals are part of the record "
	                        "and can no longer be revoked"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review check 2025 --rev main"), 0, "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_trust, an_unedited_draft_is_not_adopted_by_accident)
{
	char *dir, *store = fx_store(&dir), *y24 = fx_pact(2024, "năm 2024");
	char *p, *fixed;
	run_result r;

	/* 2024's text mentions its year in a commitment and names itself in
	 * the preamble */
	p = strstr(y24, "Nhằm phát huy kết quả đạt được.");
	cr_assert(p);
	fixed = strf("%.*sThực hiện giao ước thi đua năm 2024, chào mừng các ngày lễ lớn năm "
	             "2024.%s",
	             (int)(p - y24), y24, p + strlen("Nhằm phát huy kết quả đạt được."));
	commit_text(store, "pacts/2024.yaml", fixed, "2024 names itself");
	cr_assert_eq(fx_sh(&r, store, "pact review open 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "rolled 2024 over to 2025 in: title, closing, preamble"), "%s",
	          r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "git show draft/2025:pacts/2025.yaml"), 0);
	cr_expect(strstr(r.out, "closing: Trên đây là bản giao ước năm 2025."), "%s", r.out);
	cr_expect(strstr(r.out,
	                 "Thực hiện giao ước thi đua năm 2025, chào mừng các ngày lễ lớn năm "
	                 "2024."),
	          "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review status 2025"),
	             0, "%s", r.err);
	cr_expect(strstr(r.out, "leftovers from 2024 ('review merge' refuses them; fix them or "
	                        "use --allow-leftovers):\n"
	                        "  signing date is the placeholder 2025-01-01 'review open' set\n"
	                        "  preamble: unchanged since 2024 and mentions 2024\n"
	                        "  clause khen-thuong, commitment 1: unchanged since 2024 and "
	                        "mentions 2024\n"),
	          "%s", r.out);
	/* every member approved, yet merge refuses: status must not say ready */
	cr_expect(strstr(r.out, "not ready: every member approved, but the leftovers above "
	                        "remain; fix them, or adopt as it is with 'pact review merge "
	                        "2025 --allow-leftovers'\n"),
	          "%s", r.out);
	cr_expect_null(strstr(r.out, "ready: 'pact review merge"), "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025"), 1);
	/* one readable line, no escaped newlines */
	cr_expect(strstr(r.err, "pact: error: cannot adopt 2025: the draft still has 3 leftovers "
	                        "of 2024 (signing date is the placeholder 2025-01-01 'review "
	                        "open' set; preamble: unchanged since 2024 and mentions 2024; "
	                        "clause khen-thuong, commitment 1: unchanged since 2024 and "
	                        "mentions 2024); fix them on the draft, or adopt as it is with "
	                        "--allow-leftovers\n"),
	          "%s", r.err);
	cr_expect_null(strstr(r.err, "\\n"), "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(NULL, store, "git rev-parse -q --verify main:pacts/2025.yaml"), 0);
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025 --allow-leftovers"), 0, "%s", r.err);
	run_result_free(&r);
	free(fixed);
	free(y24);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_trust, approving_with_uncommitted_edits_says_what_is_approved)
{
	char *dir, *store = fx_store(&dir), *head;
	run_result r;

	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	cr_assert_eq(fx_sh(&r, store, "git rev-parse --short=7 draft/2025:pacts/2025.yaml"), 0);
	head = strf("pact: warning: pacts/2025.yaml has uncommitted changes; approving the "
	            "committed text %.7s",
	            r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(NULL, store, "echo '# more' >> pacts/2025.yaml"), 0);
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --member so-y-te " YTE), 0);
	cr_expect(strstr(r.err, head), "%s", r.err);
	run_result_free(&r);
	free(head);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_trust, one_identity_approving_for_two_members_is_warned_and_shown)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(NULL, store,
	                   "pact review open 2025 >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null"),
	             0);
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --member bhxh-tinh " YTE), 0);
	cr_expect(strstr(r.err, "pact: warning: you already approved for so-y-te as yte@bloc.vn"),
	          "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0);
	cr_expect(strstr(r.out, "the same identity approved for so-y-te"), "%s", r.out);
	cr_expect(strstr(r.out, "the same identity approved for bhxh-tinh"), "%s", r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* Write record `rec` (printf-escaped) as approvals/bhxh-tinh on the review
 * ref with plain git. */
static void forge(const char *store, const char *rec)
{
	run_result r;
	cr_assert_eq(fx_sh(&r, store,
	                   "b=$(git rev-parse draft/2025:pacts/2025.yaml) && "
	                   "c=$(git rev-parse draft/2025) && "
	                   "id=$(printf '%s' $b $c | git hash-object -w --stdin) && "
	                   "GIT_INDEX_FILE=.git/tmpidx git read-tree refs/pact/reviews/2025 && "
	                   "GIT_INDEX_FILE=.git/tmpidx git update-index --add --cacheinfo "
	                   "100644,$id,approvals/bhxh-tinh && "
	                   "t=$(GIT_INDEX_FILE=.git/tmpidx git write-tree) && "
	                   "n=$(git commit-tree $t -p refs/pact/reviews/2025 -m event) && "
	                   "git update-ref refs/pact/reviews/2025 $n && rm -f .git/tmpidx",
	                   rec),
	             0, "%s", r.err);
	run_result_free(&r);
}

Test(review_trust, events_of_the_same_second_merge_the_same_way_on_both_sides)
{
	char *dir, *store = fx_store(&dir), *other = strf("%s/other", dir);
	run_result r, a, b;

	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare hub.git && cd store && "
	                   "git remote add origin ../hub.git && "
	                   "pact review open 2025 --no-switch >/dev/null && "
	                   "pact review push >/dev/null && cd .. && git clone -q hub.git other && "
	                   "cd other && pact review pull >/dev/null && "
	                   "git remote add peer ../store"),
	             0, "%s", r.err);
	run_result_free(&r);
	/* an approval on one side, a revocation on the other, same second */
	forge(store, "member bhxh-tinh\\nblob %s\\ncommit %s\\n"
	             "approver Lê Bảo <bao@bhxh.vn> 1800000000 +0700\\n");
	forge(other, "member bhxh-tinh\\nrevoke yes\\nblob %s\\ncommit %s\\n"
	             "approver Lê Bảo <bao@bhxh.vn> 1800000000 +0700\\n");
	/* each side merges the other's */
	cr_assert_eq(fx_sh(&r, other, "pact review push >/dev/null && pact review pull peer"), 0,
	             "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review pull"), 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&a, store, "git show refs/pact/reviews/2025:approvals/bhxh-tinh"), 0);
	cr_assert_eq(fx_sh(&b, other, "git show refs/pact/reviews/2025:approvals/bhxh-tinh"), 0);
	cr_expect_str_eq(a.out, b.out);
	run_result_free(&a);
	run_result_free(&b);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_trust, the_server_hook_counts_departing_members_too)
{
	char *dir, *store = five_store(&dir), *one;
	run_result r;

	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare hub.git && pact -C hub.git hooks install --server "
	                   ">/dev/null && cd store && git remote add origin ../hub.git && "
	                   "git push -q origin main && pact review open 2025 >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	one = pact_members(2025, "  - id: so-y-te\n    name: Sở Y tế\n    approvers:\n"
	                         "      - yte@bloc.vn\n");
	commit_text(store, "pacts/2025.yaml", one, "Only one member left");
	/* the one member left approves, and main is merged by hand */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review approve 2025 " YTE " >/dev/null && git switch -q main && "
	                   "git merge -q --no-ff -m 'Adopt 2025' draft/2025"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "git push origin 'refs/pact/reviews/*:refs/pact/reviews/*' "
	                   "'refs/heads/draft/*:refs/heads/draft/*' main"),
	             1);
	cr_expect(strstr(r.err, "pacts/2025.yaml is added without every member's approval"), "%s",
	          r.err);
	cr_expect(strstr(r.err, "so-ngoai-vu (leaves the bloc: its own or the board's approval "
	                        "needed; not yet approved)"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(NULL, dir, "git -C hub.git rev-parse -q --verify main:pacts/2025.yaml"),
	              0);
	free(one);
	free(store);
	rm_rf(dir);
	free(dir);
}
