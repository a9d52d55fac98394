/*
 * test_review_dirty.c - `pact review merge` with uncommitted edits to the
 * pact in the draft checked out: an adoption cannot be revoked, so it is
 * refused (exit 1, naming the file and the remedies) rather than adopting
 * silently a text other than the one the officer is looking at; --force
 * adopts the committed text, says so on stderr and keeps the edits.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

#define YTE "--author 'Trần Y <yte@bloc.vn>'"
#define BHXH "--author 'Lê Bảo <bao@bhxh.vn>'"

Test(review_dirty, merge_refuses_uncommitted_edits_unless_forced)
{
	char *dir, *store = fx_store(&dir), *text = fx_pact(2025, "sửa"),
	           *f = strf("%s/d.yaml", dir);
	run_result r, approved;

	cr_assert_eq(write_file(f, text, strlen(text)), 0);
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && pact commit ../d.yaml -m edit "
	                   ">/dev/null && pact review approve 2025 --member so-y-te " YTE
	                   " >/dev/null && pact review approve 2025 --member bhxh-tinh " BHXH
	                   " >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&approved, store, "git rev-parse draft/2025:pacts/2025.yaml"), 0);
	/* the officer edits the text on screen, and does not commit */
	cr_assert_eq(fx_sh(NULL, store, "sed -i 's/sửa/sửa lại lần nữa/' pacts/2025.yaml"), 0);
	/* approving meanwhile names the text approved by its blob id, as
	 * status does, not the commit */
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --member so-y-te " YTE), 0, "%s",
	             r.err);
	{
		char *want = strf("approving the committed text %.7s", approved.out);
		cr_expect(strstr(r.err, want) != NULL, "%s", r.err);
		free(want);
	}
	run_result_free(&r);

	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: pacts/2025.yaml has uncommitted changes"), "%s",
	          r.err);
	cr_expect(strstr(r.err, "--force") && strstr(r.err, "git stash") &&
	                  strstr(r.err, "Nothing was changed"),
	          "%s", r.err);
	cr_expect_str_eq(r.out, "");
	run_result_free(&r);
	/* nothing adopted, nothing switched, the edit kept */
	cr_expect_neq(fx_sh(NULL, store, "git rev-parse -q --verify pact/2025"), 0);
	cr_expect_neq(fx_sh(NULL, store, "git rev-parse -q --verify main:pacts/2025.yaml"), 0);
	cr_expect_eq(fx_sh(&r, store, "git symbolic-ref HEAD; git status --porcelain"), 0);
	cr_expect_str_eq(r.out, "refs/heads/draft/2025\n M pacts/2025.yaml\n");
	run_result_free(&r);

	/* --force: the committed, approved text is adopted, the edit stays */
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025 --force"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "adopted the 2025 pact"), "%s", r.out);
	cr_expect(strstr(r.err, "pact: warning: pacts/2025.yaml keeps uncommitted changes that "
	                        "were not adopted"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "git rev-parse main:pacts/2025.yaml"), 0);
	cr_expect_str_eq(r.out, approved.out, "adopted another text than the approved one");
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, store, "grep -q 'sửa lại lần nữa' pacts/2025.yaml"), 0,
	             "the uncommitted edit was lost");

	/* a clean draft merges without --force and without a warning */
	run_result_free(&approved);
	free(f);
	free(text);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_dirty, a_clean_draft_merges_without_force_or_warning)
{
	char *dir, *store = fx_store(&dir), *text = fx_pact(2025, "sửa"),
	           *f = strf("%s/d.yaml", dir);
	run_result r;

	cr_assert_eq(write_file(f, text, strlen(text)), 0);
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && pact commit ../d.yaml -m edit "
	                   ">/dev/null && pact review approve 2025 --member so-y-te " YTE
	                   " >/dev/null && pact review approve 2025 --member bhxh-tinh " BHXH
	                   " >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact review merge 2025"), 0, "%s", r.err);
	cr_expect_str_eq(r.err, "");
	cr_expect(strstr(r.out, "switched to branch 'main'"), "%s", r.out);
	run_result_free(&r);
	free(f);
	free(text);
	free(store);
	rm_rf(dir);
	free(dir);
}
