/*
 * test_review_names.c - names that go into history (a reviewer's, an
 * author's) are refused at write time when they hold control characters
 * or invisible ones (ESC, a bidi override, a zero-width space), since a
 * reader would see something other than what is stored; a record that
 * already holds one (written with plain git, or by an older pact) is shown
 * escaped everywhere, the adoption's merge commit included.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

#define YTE "--author 'Trần Y <yte@bloc.vn>'"
#define BHXH "--author 'Lê Bảo <bao@bhxh.vn>'"

/* The review ref's tip, for "nothing was written". */
static char *review_tip(const char *store)
{
	run_result r;
	char *tip;
	cr_assert_eq(fx_sh(&r, store, "git rev-parse refs/pact/reviews/2025"), 0);
	tip = strdup(r.out);
	run_result_free(&r);
	return tip;
}

static int has_raw_control(const char *s)
{
	return strchr(s, '\033') || strstr(s, "\xe2\x80\xae") || strstr(s, "\xe2\x80\x8b");
}

Test(review_names, controls_and_invisibles_in_names_are_refused_at_write_time)
{
	char *dir, *store = fx_store(&dir), *before, *after;
	struct {
		const char *cmd, *expect;
	} cases[] = {
	        /* ESC in the reviewer's name */
	        {"pact review approve 2025 --member so-y-te --author \"$(printf 'Trần\\033[2J Y') "
	         "<yte@bloc.vn>\"",
	         "the reviewer's name 'Trần\\e[2J Y' contains the control character U+001B at byte "
	         "6"},
	        /* a right-to-left override: the name reads backwards */
	        {"pact review approve 2025 --member bhxh-tinh --author \"$(printf "
	         "'L\\342\\200\\256ê "
	         "Bảo') <bao@bhxh.vn>\"",
	         "the reviewer's name 'L\\u202eê Bảo' contains the invisible character U+202E"},
	        /* a zero-width space in a commenter's name */
	        {"pact review comment 2025 --author \"$(printf 'Lê\\342\\200\\213Bảo') "
	         "<bao@bhxh.vn>\" "
	         "'Đồng ý'",
	         "contains the invisible character U+200B"},
	        /* a control in the e-mail */
	        {"pact review approve 2025 --member so-y-te --author \"$(printf 'Trần Y "
	         "<yte\\001@bloc.vn>')\"",
	         "the reviewer's e-mail 'yte\\x01@bloc.vn' contains the control character U+0001"},
	        /* a tab in the name from the environment */
	        {"GIT_AUTHOR_NAME=\"$(printf 'Trần\\tY')\" GIT_AUTHOR_EMAIL=yte@bloc.vn "
	         "pact review revoke 2025 --member so-y-te",
	         "contains the control character U+0009"},
	        /* blank braille cells make a name look empty */
	        {"pact review comment 2025 --author \"$(printf '\\342\\240\\200') <x@bloc.vn>\" "
	         "'x'",
	         "contains the invisible character U+2800"},
	};
	run_result r;

	cr_assert_eq(fx_sh(&r, store, "pact review open 2025 --no-switch"), 0, "%s", r.err);
	run_result_free(&r);
	before = review_tip(store);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_expect_eq(fx_sh(&r, store, "%s", cases[i].cmd), 1, "case %zu: %s", i, r.err);
		cr_expect(strstr(r.err, cases[i].expect) != NULL, "case %zu: %s", i, r.err);
		cr_expect(strstr(r.err, "write it as plain visible text"), "case %zu: %s", i,
		          r.err);
		cr_expect(!has_raw_control(r.err), "case %zu: raw control on stderr", i);
		run_result_free(&r);
	}
	after = review_tip(store);
	cr_expect_str_eq(after, before, "a refused record was written");
	free(after);
	/* pact commit's author too */
	{
		char *text = fx_pact(2023, NULL), *f = strf("%s/in.yaml", dir);
		cr_assert_eq(write_file(f, text, strlen(text)), 0);
		cr_expect_eq(fx_sh(&r, store,
		                   "pact commit ../in.yaml --author \"$(printf 'A\\033]8;;x\\a') "
		                   "<a@b.vn>\""),
		             1, "%s", r.err);
		cr_expect(strstr(r.err, "the author's name") && strstr(r.err, "U+001B"), "%s",
		          r.err);
		run_result_free(&r);
		cr_expect_neq(fx_sh(NULL, store, "git rev-parse -q --verify main:pacts/2023.yaml"),
		              0);
		free(f);
		free(text);
	}
	/* ordinary Vietnamese names pass */
	cr_expect_eq(fx_sh(&r, store, "pact review approve 2025 --member so-y-te " YTE), 0, "%s",
	             r.err);
	run_result_free(&r);
	free(before);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* Write record `rec` (a printf format taking the blob and the commit) as
 * approvals/bhxh-tinh on the review ref with plain git, as an older pact
 * or a hand-made record would have left it. */
static void forge(const char *store, const char *rec)
{
	run_result r;
	cr_assert_eq(fx_sh(&r, store,
	                   "b=$(git rev-parse draft/2025:pacts/2025.yaml) && "
	                   "c=$(git rev-parse draft/2025) && now=$(date +%%s) && "
	                   "id=$(printf '%s' $b $c $now | git hash-object -w --stdin) && "
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

Test(review_names, an_old_record_with_controls_is_shown_escaped_and_adopted_escaped)
{
	char *dir, *store = fx_store(&dir), *text = fx_pact(2025, "sửa"),
	           *f = strf("%s/d.yaml", dir);
	run_result r;

	cr_assert_eq(write_file(f, text, strlen(text)), 0);
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && pact commit ../d.yaml -m edit "
	                   ">/dev/null && pact review approve 2025 --member so-y-te " YTE
	                   " >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	forge(store, "member bhxh-tinh\\nblob %s\\ncommit %s\\n"
	             "approver L\\033[2J\\342\\200\\256ê Bảo <bao@bhxh.vn> %s +0700\\n");

	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect(!has_raw_control(r.out), "raw control in status: %s", r.out);
	cr_expect(strstr(r.out, "L\\e[2J\\u202eê Bảo <bao@bhxh.vn>"), "%s", r.out);
	cr_expect(strstr(r.out, "approvals: 2 of 2 members"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025 --format=json"), 0, "%s", r.err);
	cr_expect(!has_raw_control(r.out), "raw control in JSON: %s", r.out);
	run_result_free(&r);

	cr_assert_eq(fx_sh(&r, store, "pact review merge 2025"), 0, "%s", r.err);
	cr_expect(!has_raw_control(r.out) && !has_raw_control(r.err), "%s%s", r.out, r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "git log -1 --format=%%B main"), 0);
	cr_expect(!has_raw_control(r.out), "raw control in the merge commit: %s", r.out);
	cr_expect(strstr(r.out, "Approved-by: bhxh-tinh L\\e[2J\\u202eê Bảo <bao@bhxh.vn>"), "%s",
	          r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "git cat-file tag pact/2025"), 0);
	cr_expect(!has_raw_control(r.out), "raw control in the tag: %s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact log -n1"), 0);
	cr_expect(!has_raw_control(r.out), "%s", r.out);
	run_result_free(&r);
	free(f);
	free(text);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* The usage of approve and revoke said `--author ID`: --author takes a
 * name and an e-mail, as everywhere else. */
Test(review_names, approve_and_revoke_usage_say_what_author_takes)
{
	char *dir, *store = fx_store(&dir);
	const char *subs[] = {"approve", "revoke"};
	run_result r;

	for (size_t i = 0; i < 2; i++) {
		cr_expect_eq(fx_sh(&r, store, "pact review %s 2025 --rev x", subs[i]), 2, "%s",
		             r.err);
		cr_expect(strstr(r.err, "[--author \"NAME <EMAIL>\"]") &&
		                  !strstr(r.err, "--author ID"),
		          "%s: %s", subs[i], r.err);
		run_result_free(&r);
	}
	free(store);
	rm_rf(dir);
	free(dir);
}
