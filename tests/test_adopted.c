/*
 * test_adopted.c - a pact adopted through review stays what was approved:
 * `pact commit` and `pact import --commit` of another text for an adopted
 * year are refused (exit 1, in English and Vietnamese) with nothing
 * written (git's own status, log and fsck are the judges), in a commit of
 * several years too and on a branch made from main; the adopted bytes
 * themselves are "nothing to commit" or a restore; --amend-adopted commits
 * with the reason recorded in the message, loudly.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pact/store.h"
#include "review_fixture.h"

/* A store (in *dir) whose 2025 pact was adopted through review: opened
 * from 2024, approved by both members, merged. */
static char *adopted_store(char **dir)
{
	char *store = fx_store(dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 --no-switch >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review merge 2025 --allow-leftovers >/dev/null && "
	                   "git cat-file -e pact/2025 && git diff --quiet HEAD"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	return store;
}

/* DIR/NAME holding the adopted 2025 text passed through the shell filter
 * `filter` ("cat" for the adopted bytes). */
static void adopted_text_to(const char *store, const char *name, const char *filter)
{
	cr_assert_eq(
	        fx_sh(NULL, store, "git show pact/2025:pacts/2025.yaml | %s > ../%s", filter, name),
	        0);
}

/* What a refused commit must leave alone: main, HEAD, the index and work
 * tree, the objects (no loose object is written), and fsck stays clean. */
static char *store_state(const char *store)
{
	run_result r;
	char *s;

	cr_assert_eq(fx_sh(&r, store,
	                   "git rev-parse main HEAD pact/2025 && git status --porcelain && "
	                   "git count-objects | cut -d, -f1 && git fsck --no-progress 2>&1 && "
	                   "git log --oneline | wc -l"),
	             0, "%s%s", r.out, r.err);
	s = strdup(r.out);
	run_result_free(&r);
	return s;
}

Test(adopted, commit_of_another_text_is_refused_and_nothing_is_written, .timeout = 120)
{
	char *dir, *store = adopted_store(&dir), *before, *after;
	run_result r;

	adopted_text_to(store, "x.yaml",
	                "sed 's/Quán triệt tư tưởng/Quán triệt sâu sắc tư tưởng/'");
	cr_assert_neq(fx_sh(NULL, store, "cmp -s ../x.yaml pacts/2025.yaml"), 0);
	before = store_state(store);

	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../x.yaml -m 'Sửa điều 1'"), 1, "%s",
	             r.err);
	cr_expect_str_eq(r.out, "");
	cr_expect(strstr(r.err, "pact: error: the 2025 pact was adopted through review on "), "%s",
	          r.err);
	cr_expect(strstr(r.err, "tag pact/2025): every member approved that exact text (blob "),
	          "%s", r.err);
	cr_expect(strstr(r.err, "this commit would replace it with another text (blob "), "%s",
	          r.err);
	cr_expect(strstr(r.err, "'pact review open 2025' does not reopen it. Nothing was "
	                        "committed."),
	          "%s", r.err);
	cr_expect(strstr(r.err, "--amend-adopted \"REASON\""), "%s", r.err);
	run_result_free(&r);
	after = store_state(store);
	cr_expect_str_eq(after, before);
	free(after);

	/* the same in Vietnamese */
	cr_expect_eq(fx_sh(&r, store, "pact --lang=vi commit ../x.yaml"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: lỗi: giao ước năm 2025 đã được thông qua qua thẩm định "
	                        "ngày "),
	          "%s", r.err);
	cr_expect(strstr(r.err, "mọi thành viên đã phê duyệt đúng văn bản đó") &&
	                  strstr(r.err, "Chưa ghi gì") && strstr(r.err, "--amend-adopted"),
	          "%s", r.err);
	run_result_free(&r);
	after = store_state(store);
	cr_expect_str_eq(after, before);
	free(after);

	/* the adoption record and the tag still name the text on main */
	cr_expect_eq(fx_sh(&r, store,
	                   "test \"$(git rev-parse main:pacts/2025.yaml)\" = "
	                   "\"$(git rev-parse pact/2025:pacts/2025.yaml)\""),
	             0);
	run_result_free(&r);
	free(before);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(adopted, import_commit_and_a_commit_of_several_years_are_refused_too, .timeout = 120)
{
	char *dir, *store = adopted_store(&dir), *before, *after, *typed,
	           *p23 = fx_pact(2023, NULL), *f23;
	run_result r;

	before = store_state(store);
	typed = src_path("tests/data/import/typed-2025.txt");
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en import '%s' --commit", typed), 1, "%s",
	             r.err);
	cr_expect(strstr(r.err, "pact: error: the 2025 pact was adopted through review"), "%s",
	          r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=vi import '%s' --commit", typed), 1, "%s",
	             r.err);
	cr_expect(strstr(r.err, "pact: lỗi: giao ước năm 2025 đã được thông qua"), "%s", r.err);
	run_result_free(&r);
	after = store_state(store);
	cr_expect_str_eq(after, before);
	free(after);

	/* 2023 is new and fine, 2025 is not: the commit is all or nothing */
	f23 = strf("%s/p2023.yaml", dir);
	cr_assert_eq(write_file(f23, p23, strlen(p23)), 0);
	adopted_text_to(store, "x.yaml", "sed 's/Khen thưởng kịp thời/Khen thưởng/'");
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../p2023.yaml ../x.yaml"), 1, "%s",
	             r.err);
	cr_expect(strstr(r.err, "the 2025 pact was adopted through review"), "%s", r.err);
	run_result_free(&r);
	after = store_state(store);
	cr_expect_str_eq(after, before);
	cr_expect_neq(fx_sh(NULL, store, "git cat-file -e main:pacts/2023.yaml 2>/dev/null"), 0);
	free(after);
	free(before);
	free(typed);
	free(f23);
	free(p23);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(adopted, the_adopted_bytes_are_nothing_to_commit_and_nfd_is_named, .timeout = 120)
{
	char *dir, *store = adopted_store(&dir), *before, *after;
	run_result r;

	before = store_state(store);
	adopted_text_to(store, "same.yaml", "cat");
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../same.yaml"), 1, "%s", r.err);
	cr_expect_str_eq(r.err, "pact: error: nothing to commit: pacts/2025.yaml unchanged\n");
	run_result_free(&r);

	/* the same letters, decomposed (NFD): another blob, so another text
	 * for the approvals and the hub; the message says that is all */
	adopted_text_to(store, "nfd.yaml",
	                "python3 -c 'import sys,unicodedata; "
	                "sys.stdout.write(unicodedata.normalize(\"NFD\", sys.stdin.read()))'");
	cr_assert_neq(fx_sh(NULL, store, "cmp -s ../nfd.yaml ../same.yaml"), 0);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../nfd.yaml"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "would replace it with a text that differs from it only in "
	                        "Unicode normalisation (NFC/NFD); the adopted file is already "
	                        "the right text"),
	          "%s", r.err);
	run_result_free(&r);
	after = store_state(store);
	cr_expect_str_eq(after, before);
	free(after);
	free(before);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(adopted, amend_adopted_commits_loudly_with_the_reason_recorded, .timeout = 120)
{
	char *dir, *store = adopted_store(&dir), *before, *after, *p23 = fx_pact(2023, NULL), *f23;
	run_result r, tag, old;

	cr_assert_eq(fx_sh(&tag, store, "git rev-parse pact/2025^{commit}"), 0);
	cr_assert_eq(fx_sh(&old, store, "git rev-parse pact/2025:pacts/2025.yaml"), 0);
	adopted_text_to(store, "x.yaml", "sed 's/Khen thưởng kịp thời/Khen thưởng đúng người/'");

	/* an empty reason is no reason */
	before = store_state(store);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../x.yaml --amend-adopted ' '"), 2,
	             "%s", r.err);
	cr_expect(strstr(r.err, "--amend-adopted needs a reason"), "%s", r.err);
	run_result_free(&r);
	/* nor is the flag for a commit that changes no adopted text */
	f23 = strf("%s/p2023.yaml", dir);
	cr_assert_eq(write_file(f23, p23, strlen(p23)), 0);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../p2023.yaml --amend-adopted typo"),
	             1, "%s", r.err);
	cr_expect(strstr(r.err, "--amend-adopted is only for a commit that changes the text of a "
	                        "pact adopted through review, and this one changes none. Nothing "
	                        "was committed"),
	          "%s", r.err);
	run_result_free(&r);
	after = store_state(store);
	cr_expect_str_eq(after, before);
	free(after);
	free(before);

	cr_expect_eq(fx_sh(&r, store,
	                   "pact --lang=en commit ../x.yaml -m 'Sửa lỗi chính tả' --amend-adopted "
	                   "'đã thống nhất tại hội nghị khối ngày 2/12'"),
	             0, "%s", r.err);
	cr_expect(strstr(r.out, "Sửa lỗi chính tả"), "%s", r.out);
	cr_expect(strstr(r.err, "pact: warning: the 2025 pact, adopted through review on "), "%s",
	          r.err);
	cr_expect(strstr(r.err,
	                 "now holds a text its members did not approve; the commit records "
	                 "it with your reason (\"đã thống nhất tại hội nghị khối ngày 2/12\")"),
	          "%s", r.err);
	run_result_free(&r);
	/* the message records the adoption it changes and why */
	cr_expect_eq(fx_sh(&r, store, "git log -1 --format=%%B"), 0);
	{
		char *want = strf("Sửa lỗi chính tả\n\nAmends-adopted: pact/2025 (adopted ");
		char *commit =
		        strf("in commit %.40s, approved blob %.40s), new blob ", tag.out, old.out);
		cr_expect(!strncmp(r.out, want, strlen(want)), "%s", r.out);
		cr_expect(strstr(r.out, commit), "%s", r.out);
		cr_expect(strstr(r.out,
		                 "\nAmend-reason: đã thống nhất tại hội nghị khối ngày 2/12\n"),
		          "%s", r.out);
		free(want);
		free(commit);
	}
	run_result_free(&r);
	/* the tag never moves; git agrees with what was written */
	cr_expect_eq(fx_sh(&r, store,
	                   "test \"$(git rev-parse pact/2025^{commit})\" = '%.40s' && "
	                   "git fsck --no-progress --strict && git status --porcelain",
	                   tag.out),
	             0, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	run_result_free(&r);

	/* putting the approved bytes back needs no reason */
	adopted_text_to(store, "same.yaml", "cat");
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../same.yaml -m 'Trả lại văn bản'"), 0,
	             "%s", r.err);
	cr_expect_str_eq(r.err, "");
	run_result_free(&r);
	/* in Vietnamese, the warning */
	cr_expect_eq(fx_sh(&r, store, "pact --lang=vi commit ../x.yaml --amend-adopted 'lý do'"), 0,
	             "%s", r.err);
	cr_expect(strstr(r.err, "pact: cảnh báo: giao ước năm 2025, đã được thông qua"), "%s",
	          r.err);
	run_result_free(&r);
	run_result_free(&tag);
	run_result_free(&old);
	free(p23);
	free(f23);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(adopted, a_branch_made_from_main_is_guarded_and_git_commits_do_not_block, .timeout = 120)
{
	char *dir, *store = adopted_store(&dir), *p24 = fx_pact(2024, "thêm"), *f24;
	run_result r;

	adopted_text_to(store, "x.yaml", "sed 's/Khen thưởng kịp thời/Khen thưởng/'");
	cr_assert_eq(fx_sh(NULL, store, "git switch -q -c sua-2025"), 0);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../x.yaml"), 1, "%s", r.err);
	cr_expect(strstr(r.err, "the 2025 pact was adopted through review"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "git rev-parse sua-2025 main | uniq | wc -l"), 0);
	cr_expect_str_eq(r.out, "1\n");
	run_result_free(&r);

	/* someone replaced the text with plain git: pact does not block the
	 * other years for it, and takes the adopted text back */
	cr_assert_eq(fx_sh(&r, store,
	                   "git switch -q main && cp ../x.yaml pacts/2025.yaml && "
	                   "git commit -qam 'git, not pact'"),
	             0, "%s", r.err);
	run_result_free(&r);
	f24 = strf("%s/p2024.yaml", dir);
	cr_assert_eq(write_file(f24, p24, strlen(p24)), 0);
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../p2024.yaml"), 0, "%s", r.err);
	run_result_free(&r);
	adopted_text_to(store, "same.yaml", "cat");
	cr_expect_eq(fx_sh(&r, store, "pact --lang=en commit ../same.yaml"), 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store,
	                   "test \"$(git rev-parse main:pacts/2025.yaml)\" = "
	                   "\"$(git rev-parse pact/2025:pacts/2025.yaml)\""),
	             0);
	run_result_free(&r);
	free(p24);
	free(f24);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(adopted, the_library_names_the_adoption, .timeout = 120)
{
	char *dir, *store = adopted_store(&dir);
	pact_store *s = NULL;
	pact_adopted ad;
	run_result c, b;

	cr_assert_eq(fx_sh(&c, store, "git rev-parse pact/2025^{commit}"), 0);
	cr_assert_eq(fx_sh(&b, store, "git rev-parse pact/2025:pacts/2025.yaml"), 0);
	cr_assert_eq(pact_store_open(&s, store), 0);
	cr_expect_eq(pact_store_adopted(&ad, s, 2025), 1);
	cr_expect_eq(ad.year, 2025);
	cr_expect_str_eq(ad.tag, "pact/2025");
	cr_expect(!strncmp(ad.commit, c.out, 40), "%s %s", ad.commit, c.out);
	cr_expect(!strncmp(ad.blob, b.out, 40), "%s %s", ad.blob, b.out);
	cr_expect_eq(strlen(ad.date), 10, "%s", ad.date);
	/* 2024 was committed, never adopted */
	cr_expect_eq(pact_store_adopted(&ad, s, 2024), 0);
	cr_expect_str_eq(ad.tag, "");
	pact_store_free(s);
	run_result_free(&c);
	run_result_free(&b);
	free(store);
	rm_rf(dir);
	free(dir);
}
