/*
 * test_shared_pacts.c - pacts that travel: what another clone committed
 * with `git commit --no-verify` (a pact that does not validate) or with
 * plain git over an adopted year reaches this store through `pact pull`
 * with a warning naming the year, the commit and the validator's lines
 * (exit status 0: the shared history is received); `pact push` refuses to
 * send a branch whose pacts do not validate (exit 1, nothing sent),
 * except a text the hub already has. Real git is the other party.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

/* Lê Bảo's clone commits as Lê Bảo. */
#define AS_BAO "GIT_AUTHOR_NAME='Lê Bảo' GIT_AUTHOR_EMAIL=bao@bhxh.vn "

/* `store` (in DIR) shared through DIR/hub.git, and DIR/other: a git clone
 * of it with pact's pre-commit hook installed (which --no-verify skips). */
static void share(const char *dir, const char *store)
{
	run_result r;

	cr_assert_eq(
	        fx_sh(&r, store,
	              "git init -q --bare -b main ../hub.git && git remote add origin ../hub.git "
	              "&& pact review push >/dev/null 2>&1; pact push >/dev/null && cd .. && "
	              "git clone -q hub.git other && cd other && pact hooks install >/dev/null"),
	        0, "%s%s", r.out, r.err);
	run_result_free(&r);
	(void)dir;
}

/* In DIR/other: duplicate the `year:` line of pacts/YEAR.yaml, commit it
 * with --no-verify as Lê Bảo and push it with git. */
static void push_invalid(const char *dir, int year)
{
	run_result r;

	cr_assert_eq(
	        fx_sh(&r, dir,
	              "cd other && sed -i 's/^year: %d$/year: %d\\nyear: %d/' pacts/%d.yaml && "
	              "! git commit -qam x 2>/dev/null && " AS_BAO
	              "git commit -q --no-verify -am 'Sửa %d' && git push -q origin main",
	              year, year, year, year, year),
	        0, "%s%s", r.out, r.err);
	run_result_free(&r);
}

Test(shared_pacts, pull_takes_an_invalid_pact_and_says_so, .timeout = 120)
{
	char *dir, *store = fx_store(&dir);
	run_result r, who;

	share(dir, store);
	push_invalid(dir, 2024);
	cr_assert_eq(fx_sh(&who, dir, "git -C other rev-parse --short=7 HEAD"), 0);
	who.out[strcspn(who.out, "\n")] = '\0';

	cr_expect_eq(fx_sh(&r, store, "pact --lang=en pull"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "Fast-forward to "), "%s", r.out);
	{
		char *want =
		        strf("pact: warning: the 2024 pact that came in is not valid: commit %s "
		             "\"Sửa 2024\" (Lê Bảo <bao@bhxh.vn>, ",
		             who.out);
		cr_expect(strstr(r.err, want), "%s", r.err);
		free(want);
	}
	cr_expect(strstr(r.err, ") put it there without pact's checks (git commit --no-verify?); "
	                        "'pact validate' and 'pact diff' refuse it until it is fixed and "
	                        "committed again:\npacts/2024.yaml:3:1: error: duplicate key "
	                        "'year'"),
	          "%s", r.err);
	run_result_free(&r);
	/* what it says is true: validate and diff refuse the stored pact */
	cr_expect_neq(fx_sh(NULL, store, "pact validate pacts/2024.yaml >/dev/null 2>&1"), 0);
	/* a pull that brings nothing says nothing more */
	/* (a sanitized build's leak checker keeps its own report off stderr) */
	cr_expect_eq(fx_sh(&r, store,
	                   "LSAN_OPTIONS=\"${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0\" "
	                   "pact --lang=en pull"),
	             0, "%s", r.err);
	cr_expect_str_eq(r.err, "");
	run_result_free(&r);

	/* in Vietnamese, to a store that had nothing yet */
	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q -b main fresh && cd fresh && git remote add origin "
	                   "../hub.git && pact --lang=vi pull"),
	             0, "%s", r.err);
	cr_expect(strstr(r.err, "pact: cảnh báo: giao ước năm 2024 vừa nhận về không hợp lệ: "),
	          "%s", r.err);
	cr_expect(strstr(r.err, "pacts/2024.yaml:3:1: lỗi: "), "%s", r.err);
	run_result_free(&r);
	run_result_free(&who);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(shared_pacts, pull_names_an_adopted_year_replaced_without_review, .timeout = 120)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 --no-switch >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review merge 2025 --allow-leftovers >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	share(dir, store);
	/* the other clone (the adoption's tag and review fetched: what makes
	 * it an adoption there) replaces the adopted text with plain git */
	cr_assert_eq(fx_sh(&r, dir,
	                   "cd other && git fetch -q origin 'refs/tags/*:refs/tags/*' "
	                   "'refs/pact/reviews/*:refs/pact/reviews/*' && "
	                   "sed -i 's/Khen thưởng kịp thời/Khen thưởng/' pacts/2025.yaml && " AS_BAO
	                   "git commit -qam 'Sửa 2025' && git push -q origin main"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en pull"), 0, "%s", r.err);
	cr_expect(strstr(r.err, "pact: warning: the 2025 pact adopted through review on "), "%s",
	          r.err);
	cr_expect(strstr(r.err, "(tag pact/2025) was replaced without a new review by commit "),
	          "%s", r.err);
	cr_expect(strstr(r.err, " \"Sửa 2025\" (Lê Bảo <bao@bhxh.vn>, "), "%s", r.err);
	cr_expect(strstr(r.err, "the branch now holds blob ") &&
	                  strstr(r.err, "(pact diff 2025@pact/2025 2025)\n"),
	          "%s", r.err);
	run_result_free(&r);

	/* an --amend-adopted commit: its reason is shown */
	cr_assert_eq(
	        fx_sh(&r, dir,
	              "cd other && git show pact/2025:pacts/2025.yaml | sed "
	              "'s/Quán triệt/Quán triệt sâu sắc/' > ../fix.yaml && pact commit ../fix.yaml "
	              "--amend-adopted 'biên bản họp khối 3/12' >/dev/null 2>&1 && git push -q "
	              "origin main"),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=vi pull"), 0, "%s", r.err);
	cr_expect(strstr(r.err, "pact: cảnh báo: giao ước năm 2025, đã được thông qua qua thẩm "
	                        "định ngày "),
	          "%s", r.err);
	cr_expect(strstr(r.err, "đã bị thay mà không thẩm định lại, bởi lần ghi "), "%s", r.err);
	cr_expect(strstr(r.err, "\"biên bản họp khối 3/12\""), "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(shared_pacts, push_refuses_an_invalid_pact_but_not_the_hubs_own_mistake, .timeout = 120)
{
	char *dir, *store = fx_store(&dir), *p23 = fx_pact(2023, NULL), *f23, *hub_before;
	run_result r;

	share(dir, store);
	push_invalid(dir, 2024);
	cr_assert_eq(fx_sh(NULL, store, "pact pull >/dev/null 2>&1"), 0);
	/* the hub already has the broken 2024: pushing 2023 is not blocked */
	f23 = strf("%s/p2023.yaml", dir);
	cr_assert_eq(write_file(f23, p23, strlen(p23)), 0);
	cr_expect_eq(
	        fx_sh(&r, store, "pact commit ../p2023.yaml >/dev/null && pact --lang=en push"), 0,
	        "%s", r.err);
	run_result_free(&r);

	/* a broken 2023 of our own, committed around the hook */
	cr_assert_eq(fx_sh(&r, store,
	                   "sed -i 's/^year: 2023$/year: 2023\\nyear: 2023/' pacts/2023.yaml && "
	                   "git commit -q --no-verify -am 'Sai 2023'"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, dir, "git -C hub.git for-each-ref"), 0);
	hub_before = strdup(r.out);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en push"), 1, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	cr_expect(strstr(r.err, "pacts/2023.yaml, as committed in commit ") &&
	                  strstr(r.err, " \"Sai 2023\" (Test Officer <officer@example.vn>, ") &&
	                  strstr(r.err, "):\npacts/2023.yaml:3:1: error: duplicate key 'year'"),
	          "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: not pushing 'main': 1 pact above does not validate, "
	                        "and the hub does not have that text yet. Fix it, commit it with "
	                        "'pact commit' and push again. Nothing was sent\n"),
	          "%s", r.err);
	cr_expect(!strstr(r.err, "pacts/2024.yaml"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=vi push"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: lỗi: không đẩy 'main': "), "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, dir,
	                   "git -C hub.git fsck --no-progress >/dev/null && git -C hub.git "
	                   "for-each-ref"),
	             0, "%s", r.err);
	cr_expect_str_eq(r.out, hub_before);
	run_result_free(&r);

	/* fixed by a later commit: the branch's pacts validate, it goes */
	cr_expect_eq(fx_sh(&r, store, "pact commit ../p2023.yaml >/dev/null && pact push"), 0, "%s",
	             r.err);
	run_result_free(&r);
	free(hub_before);
	free(f23);
	free(p23);
	free(store);
	rm_rf(dir);
	free(dir);
}
