/*
 * test_review.c - the review workflow as a bloc runs it: open a draft,
 * comment, approve, see approvals go out of date when the text changes,
 * merge only with every approval, tag; approvers: enforced; racing
 * approvals both kept; reviews shared between two clones. Every test has
 * its own store; pact runs as a process, git reads what it wrote.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "review_fixture.h"

/* Replace the draft's text with fx_pact(2025, extra) and commit it. */
static void edit_draft(const char *store, const char *extra)
{
	char *text = fx_pact(2025, extra), *p = strf("%s/pacts/2025.yaml", store);
	cr_assert_eq(write_file(p, text, strlen(text)), 0);
	cr_assert_eq(
	        fx_sh(NULL, store, "pact commit pacts/2025.yaml -m 'Edit the draft' >/dev/null"),
	        0);
	free(text);
	free(p);
}

Test(review, full_cycle_open_comment_approve_edit_reapprove_merge_tag)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store, "pact review open 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "opened the 2025 draft on branch 'draft/2025'"), "%s", r.out);
	cr_expect(strstr(r.out, "switched to branch 'draft/2025'"), "%s", r.out);
	run_result_free(&r);
	/* the seed: year and title moved on, clause ids kept */
	cr_assert_eq(fx_sh(&r, store, "git show draft/2025:pacts/2025.yaml"), 0);
	cr_expect(strstr(r.out, "year: 2025"));
	cr_expect(strstr(r.out, "năm 2025"));
	cr_expect(strstr(r.out, "date: 2025-01-01"));
	cr_expect(strstr(r.out, "id: khen-thuong"));
	run_result_free(&r);
	/* the new year's draft starts from the real previous year: the title's
	 * year changed, the clauses did not */
	edit_draft(store, NULL);

	cr_expect_eq(fx_sh(NULL, store,
	                   "pact review comment 2025 --clause khen-thuong " BHXH
	                   " 'Nên nêu rõ mức khen thưởng.'"),
	             0);
	cr_expect_eq(fx_sh(NULL, store, "pact review comment 2025 'Đồng ý về cơ bản.'"), 0);
	cr_assert_eq(fx_sh(&r, store, "pact review comments 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "== (general) ==\n"), "%s", r.out);
	cr_expect(strstr(r.out, "== khen-thuong ==\nLê Bảo <bao@bhxh.vn>"), "%s", r.out);
	cr_expect(strstr(r.out, "    Nên nêu rõ mức khen thưởng.\n"), "%s", r.out);
	run_result_free(&r);

	cr_expect_eq(fx_sh(NULL, store, "pact review approve 2025 --member so-y-te " YTE), 0);
	cr_expect_eq(fx_sh(NULL, store, "pact review approve 2025 --member bhxh-tinh " BHXH), 0);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0);
	cr_expect(strstr(r.out, "approvals: 2 of 2 members"), "%s", r.out);
	cr_expect(strstr(r.out, "ready: 'pact review merge 2025'"), "%s", r.out);
	run_result_free(&r);

	/* an edit makes every approval of the old text stale */
	edit_draft(store, "và đúng người");
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0);
	cr_expect(strstr(r.out, "approvals: 0 of 2 members"), "%s", r.out);
	cr_expect(strstr(r.out, "out of date  so-y-te"), "%s", r.out);
	/* counts that are zero are left out, as in the diff summary */
	cr_expect(strstr(r.out,
	                 "against 2024: 1 clause unchanged, 1 changed; other fields changed\n"),
	          "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store, "pact review approve 2025 --member so-y-te " YTE), 0);

	/* merge names who is missing and changes nothing */
	cr_assert_eq(fx_sh(&r, store, "pact review merge 2025"), 1);
	cr_expect(strstr(r.err, "cannot adopt 2025: 1 member (of 2) has not approved the current "
	                        "text: bhxh-tinh (approval out of date)"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(NULL, store, "git rev-parse -q --verify pact/2025"), 0);

	cr_expect_eq(fx_sh(NULL, store, "pact review approve 2025 --member bhxh-tinh " BHXH), 0);
	cr_assert_eq(fx_sh(&r, store, "pact review merge 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "adopted the 2025 pact"), "%s", r.out);
	run_result_free(&r);
	/* the work tree goes back to main, clean, with the adopted text */
	cr_expect_eq(fx_sh(&r, store, "git symbolic-ref HEAD && git status --porcelain"), 0);
	cr_expect_str_eq(r.out, "refs/heads/main\n");
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store, "git diff --quiet main -- pacts/2025.yaml"), 0);

	/* main has the approved text, a merge of the draft, an annotated tag */
	cr_expect_eq(fx_sh(NULL, store,
	                   "test \"$(git rev-parse main:pacts/2025.yaml)\" = "
	                   "\"$(git rev-parse draft/2025:pacts/2025.yaml)\""),
	             0);
	cr_expect_eq(fx_sh(NULL, store,
	                   "test \"$(git rev-parse main^2)\" = "
	                   "\"$(git rev-parse draft/2025)\""),
	             0);
	cr_assert_eq(fx_sh(&r, store,
	                   "git cat-file -t pact/2025 && git rev-parse pact/2025^{commit} "
	                   "main"),
	             0);
	cr_expect(!strncmp(r.out, "tag\n", 4), "%s", r.out);
	{
		char *a = r.out + 4, *nl = strchr(a, '\n');
		cr_assert(nl);
		cr_expect(!strncmp(a, nl + 1, 40), "tag does not point at main: %s", r.out);
	}
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "git log -1 --format=%%B main"), 0);
	cr_expect(strstr(r.out, "Adopt the 2025 pact"), "%s", r.out);
	cr_expect(strstr(r.out, "Approved-by: so-y-te Trần Y <yte@bloc.vn>"), "%s", r.out);
	run_result_free(&r);

	/* pact log shows the adoption and the draft's history */
	cr_assert_eq(fx_sh(&r, store, "pact log 2025@main"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "Adopt the 2025 pact"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact log 2025@draft/2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "Edit the draft"), "%s", r.out);
	cr_expect(strstr(r.out, "Open the 2025 draft from the 2024 pact"), "%s", r.out);
	run_result_free(&r);

	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0);
	cr_expect(strstr(r.out, "adopted in "), "%s", r.out);
	run_result_free(&r);
	/* a second adoption or a new draft of an adopted year is refused */
	cr_expect_eq(fx_sh(NULL, store, "pact review merge 2025 2>/dev/null"), 1);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review, open_refuses_existing_draft_or_adopted_year)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 --no-switch >/dev/null"), 0);
	cr_expect_eq(fx_sh(&r, store, "pact review open 2025"), 1);
	cr_expect(strstr(r.err, "a draft for 2025 already exists"), "%s", r.err);
	cr_expect(strstr(r.err, "git switch draft/2025"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review open 2024 --from 2023"), 1);
	cr_expect(strstr(r.err, "already exists") || strstr(r.err, "already adopted"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review open 2030"), 1);
	cr_expect(strstr(r.err, "no pact for 2029 on 'main'"), "%s", r.err);
	run_result_free(&r);
	/* --no-switch left HEAD on main */
	cr_expect_eq(fx_sh(NULL, store, "test \"$(git symbolic-ref HEAD)\" = refs/heads/main"), 0);
	cr_expect_eq(fx_sh(&r, store, "pact review open 2031 --from 2024 --no-switch"), 0, "%s",
	             r.err);
	run_result_free(&r);
	cr_expect_eq(
	        fx_sh(NULL, store, "git show draft/2031:pacts/2031.yaml | grep -q 'year: 2031'"),
	        0);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review, approvers_list_is_enforced_and_names_the_member)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --member so-y-te " BHXH), 1);
	cr_expect(strstr(r.err, "'bao@bhxh.vn' may not approve for 'so-y-te' (its approvers in "
	                        "the adopted 2024 pact: yte@bloc.vn)"),
	          "%s", r.err);
	run_result_free(&r);
	/* no --member: the one member listing this e-mail */
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --author 'Y <YTE@bloc.vn>'"), 0,
	             "%s", r.err);
	cr_expect(strstr(r.out, "so-y-te approves the 2025 draft"), "%s", r.out);
	run_result_free(&r);
	/* approving the same text again is not a new record */
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --member so-y-te " YTE), 0);
	cr_expect(strstr(r.out, "already approved this text"), "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --member nobody " YTE), 1);
	cr_expect(strstr(r.err, "'nobody' is not a member of the 2025 draft"), "%s", r.err);
	run_result_free(&r);
	/* a record forged with plain git for a listed member is not counted:
	 * the member's own approval, in the review's history, still stands */
	cr_assert_eq(
	        fx_sh(&r, store,
	              "blob=$(git rev-parse draft/2025:pacts/2025.yaml) && "
	              "rec=$(printf 'member so-y-te\\nblob %%s\\ncommit 0\\napprover Mallory "
	              "<m@evil.vn> 1700000000 +0700\\n' $blob | git hash-object -w --stdin) && "
	              "git read-tree --index-output=.git/tmpidx refs/pact/reviews/2025 2>/dev/null;"
	              "GIT_INDEX_FILE=.git/tmpidx git read-tree refs/pact/reviews/2025 && "
	              "GIT_INDEX_FILE=.git/tmpidx git update-index --add --cacheinfo "
	              "100644,$rec,approvals/so-y-te && "
	              "t=$(GIT_INDEX_FILE=.git/tmpidx git write-tree) && "
	              "c=$(git commit-tree $t -p refs/pact/reviews/2025 -m forged) && "
	              "git update-ref refs/pact/reviews/2025 $c"),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025 --format=json"), 0);
	cr_expect(strstr(r.out,
	                 "\"id\": \"so-y-te\", \"name\": \"Sở Y tế\", \"state\": \"approved\""),
	          "%s", r.out);
	cr_expect(strstr(r.out, "\"email\": \"YTE@bloc.vn\"") && !strstr(r.out, "evil"), "%s",
	          r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review, revoke_withdraws_and_records_are_plain_git)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	cr_assert_eq(fx_sh(NULL, store,
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null"),
	             0);
	/* readable with git: the record names the blob of the draft's text */
	cr_assert_eq(fx_sh(&r, store, "git show refs/pact/reviews/2025:approvals/bhxh-tinh"), 0);
	cr_expect(strstr(r.out, "member bhxh-tinh\nblob "), "%s", r.out);
	cr_expect(strstr(r.out, "approver Lê Bảo <bao@bhxh.vn> "), "%s", r.out);
	{
		run_result b;
		cr_assert_eq(fx_sh(&b, store, "git rev-parse draft/2025:pacts/2025.yaml"), 0);
		b.out[40] = '\0';
		cr_expect(strstr(r.out, b.out), "%s", r.out);
		run_result_free(&b);
	}
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store,
	                   "pact review revoke 2025 --member bhxh-tinh " BHXH " >/dev/null"),
	             0);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025 --format=json"), 0);
	cr_expect(strstr(r.out, "\"id\": \"bhxh-tinh\", \"name\": \"Bảo hiểm xã hội tỉnh\", "
	                        "\"state\": \"revoked\""),
	          "%s", r.out);
	run_result_free(&r);
	/* in Vietnamese, the record's words are Vietnamese too */
	cr_assert_eq(fx_sh(&r, store, "pact --lang=vi review status 2025"), 0);
	cr_expect(strstr(r.out, " - rút lại bởi Lê Bảo <bao@bhxh.vn>, "), "%s", r.out);
	cr_expect(strstr(r.out, ", không ký\n"), "%s", r.out);
	cr_expect_null(strstr(r.out, "revoked by"), "%s", r.out);
	cr_expect_null(strstr(r.out, "unsigned"), "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review revoke 2025 --member bhxh-tinh " BHXH), 1);
	cr_expect(strstr(r.err, "no approval of the 2025 draft to revoke"), "%s", r.err);
	run_result_free(&r);
	/* the audit trail is the ref's log */
	cr_assert_eq(fx_sh(&r, store, "git log --format=%%s refs/pact/reviews/2025"), 0);
	cr_expect(strstr(r.out, "review: bhxh-tinh revokes its approval of 2025\n"
	                        "review: bhxh-tinh approves 2025"),
	          "%s", r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review, racing_approvals_are_all_kept)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	/* two members approving at the same moment, several times over, with
	 * comments racing them */
	cr_assert_eq(fx_sh(&r, store,
	                   "for i in 1 2 3; do "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null & "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null & "
	                   "pact review comment 2025 \"race $i\" >/dev/null & "
	                   "pact review comment 2025 --clause quan-triet \"race $i\" >/dev/null & "
	                   "wait; done; pact review revoke 2025 --member so-y-te " YTE
	                   " >/dev/null;"
	                   "pact review revoke 2025 --member bhxh-tinh " BHXH " >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null &"
	                   "pact review approve 2025 --member bhxh-tinh " BHXH
	                   " >/dev/null & wait; pact review status 2025"),
	             0, "%s", r.err);
	cr_expect(strstr(r.out, "approvals: 2 of 2 members"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review comments 2025 | grep -c '    race'"), 0);
	cr_expect_str_eq(r.out, "6\n");
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review, merge_refuses_a_draft_that_changes_other_files)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	cr_assert_eq(fx_sh(NULL, store,
	                   "echo x > notes.txt && git add notes.txt && "
	                   "git commit -qm notes"),
	             0);
	cr_assert_eq(fx_sh(NULL, store,
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null"
	                   " && pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null"),
	             0);
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025"), 1);
	cr_expect(strstr(r.err, "draft/2025 also changes 'notes.txt'"), "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review, reviews_travel_between_clones_and_diverged_ones_merge)
{
	char *dir, *store = fx_store(&dir);
	char *b;
	run_result r;

	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 >/dev/null"), 0);
	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare hub.git && cd store && "
	                   "git remote add origin ../hub.git && pact review push"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, dir, "git clone -q hub.git other && cd other && pact review pull"),
	             0, "%s", r.err);
	run_result_free(&r);
	b = strf("%s/other", dir);
	/* both sides approve and comment without talking to each other */
	cr_assert_eq(fx_sh(NULL, b,
	                   "pact review approve 2025 --member bhxh-tinh " BHXH
	                   " >/dev/null && pact review comment 2025 'from other' >/dev/null"),
	             0);
	cr_assert_eq(fx_sh(NULL, store,
	                   "pact review approve 2025 --member so-y-te " YTE
	                   " >/dev/null && pact review comment 2025 'from store' "
	                   ">/dev/null"),
	             0);
	cr_assert_eq(fx_sh(&r, b, "pact review push"), 0, "%s", r.err);
	run_result_free(&r);
	/* store's push is refused (diverged), pull merges, then push works */
	cr_expect_eq(fx_sh(&r, store, "pact review push"), 1);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review pull && pact review push"), 0, "%s%s", r.out,
	             r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0);
	cr_expect(strstr(r.out, "approvals: 2 of 2 members"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review comments 2025"), 0);
	cr_expect(strstr(r.out, "from other") && strstr(r.out, "from store"), "%s", r.out);
	run_result_free(&r);
	free(b);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review, pact_push_and_pull_carry_the_reviews)
{
	char *dir, *store = fx_store(&dir), *other;
	run_result r;

	cr_assert_eq(fx_sh(NULL, store,
	                   "pact review open 2025 --no-switch >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null"),
	             0);
	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare hub.git && cd store && "
	                   "git remote add origin ../hub.git && pact push"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, dir,
	                   "git -C hub.git rev-parse -q --verify refs/pact/reviews/2025 "
	                   ">/dev/null && git -C hub.git rev-parse -q --verify "
	                   "draft/2025 >/dev/null"),
	             0);
	cr_assert_eq(fx_sh(&r, dir, "git clone -q -b main hub.git other && cd other && pact pull"),
	             0, "%s", r.err);
	run_result_free(&r);
	other = strf("%s/other", dir);
	cr_assert_eq(fx_sh(&r, other, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "approved     so-y-te"), "%s", r.out);
	run_result_free(&r);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* Every command that works on a draft says the same thing when there is
 * none (read in one place, pact_review__draft_tip). */
Test(review, commands_on_a_year_without_draft_say_how_to_start_one)
{
	static const char *const cmds[] = {"status 2031", "approve 2031 " YTE,
	                                   "comment 2031 " YTE " 'Ý kiến'", NULL};
	char *dir, *store = fx_store(&dir);

	for (size_t i = 0; cmds[i]; i++) {
		run_result r;
		int st = fx_sh(&r, store, "pact review %s", cmds[i]);
		cr_assert_eq(st, 1, "review %s: exit %d\n%s", cmds[i], st, r.err);
		cr_assert_str_eq(r.out, "", "review %s", cmds[i]);
		cr_assert_str_eq(
		        r.err,
		        "pact: error: no draft for 2031; start one with 'pact review open 2031'\n",
		        "review %s", cmds[i]);
		run_result_free(&r);
	}
	rm_rf(dir);
	free(dir);
	free(store);
}
