/*
 * test_adoption_marks.c - what counts as an adoption: the annotated tag
 * pact/YEAR that 'review merge' writes and the review's `adopted` record
 * naming it. A tag made by hand adopts nothing; the guard then guards
 * every branch (one made before the adoption too); `pact log` and `pact
 * show` say "adopted" exactly where the guard sees an adoption. And `pact
 * push` asks the hub it pushes to what it holds, instead of trusting the
 * refs/remotes/ of the last pull. Real git is the other party.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pact/store.h"
#include "review_fixture.h"

TestSuite(adoption_marks);

/* A 2025 text committed to main by hand (no review), and ../x.yaml: a
 * different 2025 text. */
static char *committed_2025(char **dir)
{
	char *store = fx_store(dir), *p = fx_pact(2025, NULL), *f = strf("%s/p2025.yaml", *dir);
	char *x = fx_pact(2025, "đúng hạn"), *fx = strf("%s/x.yaml", *dir);

	cr_assert_eq(write_file(f, p, strlen(p)), 0);
	cr_assert_eq(write_file(fx, x, strlen(x)), 0);
	cr_assert_eq(fx_sh(NULL, store, "pact commit ../p2025.yaml -m 2025 >/dev/null"), 0);
	free(p);
	free(f);
	free(x);
	free(fx);
	return store;
}

Test(adoption_marks, a_tag_made_by_hand_is_no_adoption)
{
	char *dir, *store = committed_2025(&dir);
	pact_store *s = NULL;
	pact_adopted ad;
	run_result r;

	/* lightweight, then annotated: neither was written by review merge */
	for (int annotated = 0; annotated < 2; annotated++) {
		cr_assert_eq(fx_sh(&r, store, "git tag -f %s pact/2025 >/dev/null 2>&1",
		                   annotated ? "-a -m 'The 2025 pact, adopted'" : ""),
		             0, "%s", r.err);
		run_result_free(&r);
		cr_assert_eq(pact_store_open(&s, store), 0);
		cr_expect_eq(pact_store_adopted(&ad, s, 2025), 0, "annotated %d", annotated);
		pact_store_free(s);
		cr_expect_eq(fx_sh(&r, store,
		                   "pact show 2025 --format=text | grep -c adopted; "
		                   "pact log 2025 | grep -c 'adopted through review'"),
		             1, "%s", r.out);
		cr_expect_str_eq(r.out, "0\n0\n");
		run_result_free(&r);
	}
	/* and the guard does not stop a commit of another 2025 text */
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../x.yaml -m x"), 0, "%s", r.err);
	cr_expect_null(strstr(r.err, "adopted"), "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* A store whose 2025 was adopted through review; `before`: a branch made
 * from main before the adoption. */
static char *adopted_store(char **dir)
{
	char *store = fx_store(dir), *x = fx_pact(2025, "đúng hạn"), *fx = strf("%s/x.yaml", *dir);
	run_result r;

	cr_assert_eq(write_file(fx, x, strlen(x)), 0);
	cr_assert_eq(fx_sh(&r, store,
	                   "git branch before && pact review open 2025 --no-switch >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review merge 2025 --allow-leftovers >/dev/null"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(x);
	free(fx);
	return store;
}

Test(adoption_marks, every_branch_is_guarded_the_draft_and_older_ones_too)
{
	char *dir, *store = adopted_store(&dir);
	run_result r;

	for (int i = 0; i < 2; i++) {
		const char *branch = i ? "draft/2025" : "before";
		cr_assert_eq(fx_sh(NULL, store, "git switch -q %s", branch), 0);
		cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../x.yaml -m x"), 1, "%s: %s",
		             branch, r.err);
		cr_expect(strstr(r.err, "the 2025 pact was adopted through review on "), "%s: %s",
		          branch, r.err);
		run_result_free(&r);
		/* nothing committed */
		cr_expect_eq(fx_sh(&r, store,
		                   "test -z \"$(git status --porcelain)\" && "
		                   "test \"$(git log -1 --format=%%s)\" != x"),
		             0, "%s", branch);
		run_result_free(&r);
	}
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(adoption_marks, log_and_show_say_adopted_where_the_guard_sees_it)
{
	char *dir, *store = adopted_store(&dir), *want;
	run_result r, d;

	cr_assert_eq(fx_sh(&d, store,
	                   "git for-each-ref --format='%%(taggerdate:short)' "
	                   "refs/tags/pact/2025 | tr -d '\\n'"),
	             0);
	want = strf("    2025: adopted through review on %s (tag pact/2025): every member "
	            "approved this text\n",
	            d.out);
	cr_assert_eq(fx_sh(&r, store, "pact --lang=en log"), 0, "%s", r.err);
	cr_expect(strstr(r.out, want), "%s", r.out);
	/* on the adoption commit only */
	cr_expect_null(strstr(strstr(r.out, want) + strlen(want), "adopted through review"), "%s",
	               r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact --lang=en log --oneline -1"), 0, "%s", r.err);
	cr_expect(strstr(r.out, ", adopted (pact/2025))"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact --lang=en show 2025 --format=text"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "adopted through review on "), "%s", r.out);
	run_result_free(&r);
	/* a text of 2025 that is not the adopted one */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact commit ../x.yaml --amend-adopted 'sửa lỗi' -m x >/dev/null "
	                   "2>&1 && pact --lang=en show 2025 --format=text"),
	             0, "%s", r.err);
	cr_expect(
	        strstr(r.out, "not the adopted text: the 2025 pact was adopted through review on "),
	        "%s", r.out);
	run_result_free(&r);
	/* once the record is gone from the review, the tag alone is no adoption */
	cr_assert_eq(fx_sh(&r, store,
	                   "git update-ref refs/pact/reviews/2025 refs/pact/reviews/2025~1 && "
	                   "pact --lang=en log | grep -c 'adopted through review'"),
	             1, "%s", r.out);
	run_result_free(&r);
	run_result_free(&d);
	free(want);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(adoption_marks, push_asks_the_hub_not_the_last_pull)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	/* origin: the hub pushed to; other: another hub that has a 2026 text
	 * which does not validate, fetched here (refs/remotes/other/main) */
	cr_assert_eq(fx_sh(&r, store,
	                   "git init -q --bare -b main ../hub.git && git remote add origin "
	                   "../hub.git && pact push >/dev/null 2>&1 && "
	                   "sed 's/2024/2026/g; s/^year: 2026$/year: 2026\\nyear: 2026/' "
	                   "pacts/2024.yaml > pacts/2026.yaml && git add pacts/2026.yaml && "
	                   "git commit -q --no-verify -m 'Sai 2026' && "
	                   "git init -q --bare -b main ../other.git && git remote add other "
	                   "../other.git && git push -q other main && git fetch -q other"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	/* origin has never had that text: refused, nothing sent */
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en push origin"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: not pushing 'main': 1 pact above does not validate, "
	                        "and the hub does not have that text yet."),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "! git -C ../hub.git cat-file -e main:pacts/2026.yaml 2>/dev/null"),
	             0);
	run_result_free(&r);
	/* a stale tracking ref that claims origin has it changes nothing */
	cr_expect_eq(fx_sh(&r, store,
	                   "git update-ref refs/remotes/origin/main main && "
	                   "pact --lang=en push origin"),
	             1, "%s", r.err);
	run_result_free(&r);
	/* the hub that does have it: the push of it there is not blocked */
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en push other"), 0, "%s", r.err);
	run_result_free(&r);
	/* and once origin really has it (pushed with git), it goes */
	cr_expect_eq(fx_sh(&r, store,
	                   "git push -q origin main && "
	                   "sed -i 's/Quán triệt/Quán triệt sâu sắc/' pacts/2024.yaml && "
	                   "pact commit pacts/2024.yaml -m 2024 >/dev/null && pact push origin"),
	             0, "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}
