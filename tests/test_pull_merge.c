/*
 * test_pull_merge.c - `pact pull` when both sides committed: two clones of
 * a real bare hub, the real git CLI as the other party and the judge.
 *
 * Officers edit different years (or one edits a year while the leader
 * fixes another): the pull merges, with a merge commit git reads. The same
 * file changed differently on both sides: refused, nothing changed, the
 * officer told who changed what and when and how to see it; --keep-mine
 * and --take-theirs settle it, written in the merge commit. Never a
 * conflict marker. A kill at any moment leaves the old tip or the merge,
 * nothing in between.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"
#include "pull_fixture.h"
#include "store_helpers.h"

TestSuite(pull_merge, .init = store_fixture_setup, .fini = store_fixture_teardown);

Test(pull_merge, different_years_on_each_side_are_merged_and_git_reads_the_merge, .timeout = 120)
{
	char *before, *theirs, *parents, *msg, *graph, *ours24;
	run_result r;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1); /* the leader fixes 2024 */
	pf_commit_in("b", 2023, "a b:officer c", BINH, 0);  /* an officer, 2023 */
	before = pf_in("b", "git rev-parse HEAD");
	theirs = pf_in("a", "git rev-parse HEAD");
	ours24 = pf_in("a", "git show HEAD:pacts/2024.yaml | md5sum");

	r = pf_pact_in("b", "PACT_LANG=en " PACT_BIN " pull");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, "Merge 'origin/main' into 'main'"), "%s", r.out);
	cr_expect(strstr(r.out, "From 'origin/main': the 2024 pact (pacts/2024.yaml)"), "%s",
	          r.out);
	cr_expect(strstr(r.out, "From 'main': the 2023 pact (pacts/2023.yaml)"), "%s", r.out);
	cr_expect(strstr(r.out, "Test Officer"), "the incoming commit's author: %s", r.out);
	cr_expect(strstr(r.out, "pact push"), "%s", r.out);
	run_result_free(&r);

	/* a merge commit: our tip first, then the hub's */
	parents = pf_in("b", "git log -1 --format=%P");
	msg = strf("%s %s", before, theirs);
	cr_expect_str_eq(parents, msg);
	free(msg);
	msg = pf_in("b", "git log -1 --format=%B");
	cr_expect(strstr(msg, "Merge 'origin/main' into 'main'") == msg, "%s", msg);
	cr_expect(strstr(msg, "Commits from 'origin/main':"), "%s", msg);
	graph = pf_in("b", "git log --graph --oneline | head -4");
	cr_expect(strstr(graph, "|\\"), "%s", graph);
	expect_out("b", "git show HEAD:pacts/2024.yaml | md5sum", ours24);
	expect_has("b", "cat pacts/2023.yaml", "officer");
	expect_has("b", "cat pacts/2024.yaml", "leader");
	pf_git_is_content("b");

	/* push fast-forwards the hub; the leader's pull fast-forwards too */
	r = pf_pact_in("b", PACT_BIN " push");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = pf_pact_in("a", "PACT_LANG=en " PACT_BIN " pull");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Fast-forward"), "%s", r.out);
	run_result_free(&r);
	free(msg);
	msg = pf_in("b", "git rev-parse HEAD");
	expect_out("a", "git rev-parse HEAD", msg);
	expect_out("r.git", "git fsck --strict >/dev/null 2>&1 && echo ok", "ok");
	pf_git_is_content("a");
	free(graph);
	free(msg);
	free(parents);
	free(ours24);
	free(theirs);
	free(before);
}

Test(pull_merge, the_merge_message_is_in_the_users_language, .timeout = 120)
{
	char *msg;
	run_result r;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	pf_commit_in("b", 2023, "a b:officer c", BINH, 0);
	r = pf_pact_in("b", PACT_BIN " --lang=vi pull");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, "Hợp nhất 'origin/main' vào 'main'"), "%s", r.out);
	cr_expect(strstr(r.out, "Gửi bản hợp nhất lên bằng 'pact push'"), "%s", r.out);
	run_result_free(&r);
	msg = pf_in("b", "git log -1 --format=%B");
	cr_expect(strstr(msg, "Hợp nhất 'origin/main' vào 'main'") == msg, "%s", msg);
	cr_expect(strstr(msg, "Từ 'origin/main': giao ước năm 2024 (pacts/2024.yaml)"), "%s", msg);
	cr_expect(strstr(msg, "Từ 'main': giao ước năm 2023 (pacts/2023.yaml)"), "%s", msg);
	cr_expect(strstr(msg, "Các lần ghi từ 'origin/main':"), "%s", msg);
	pf_git_is_content("b");
	free(msg);
}

/* b's refusal, in `lang`: the year, both authors, the way to see it, the
 * two ways out; nothing changed. */
static void refused(const char *lang, const char *const *says, size_t n)
{
	char *head = pf_in("b", "git rev-parse HEAD"), *file = pf_in("b", "md5sum pacts/2024.yaml"),
	     *cmd = strf(PACT_BIN " --lang=%s pull", lang);
	run_result r = pf_pact_in("b", cmd);

	cr_expect_eq(r.status, 1, "exit %d: %s%s", r.status, r.out, r.err);
	for (size_t i = 0; i < n; i++)
		cr_expect(strstr(r.err, says[i]), "%s: no '%s' in: %s", lang, says[i], r.err);
	cr_expect(strstr(r.err, "Trần Thị Bình") && strstr(r.err, "Test Officer"), "%s", r.err);
	cr_expect(strstr(r.err, "pact pull origin --keep-mine") &&
	                  strstr(r.err, "pact pull origin --take-theirs"),
	          "%s", r.err);
	expect_out("b", "git rev-parse HEAD", head);
	expect_out("b", "md5sum pacts/2024.yaml", file);
	pf_git_is_content("b");
	run_result_free(&r);
	free(cmd);
	free(file);
	free(head);
}

Test(pull_merge, the_same_year_changed_differently_is_refused_and_explained, .timeout = 120)
{
	static const char *const en[] = {
	        "the 2024 pact (pacts/2024.yaml)",
	        "here ('main'): changed by Trần Thị Bình",
	        "on 'origin' ('origin/main'): changed by Test Officer",
	        "pact diff 2024@main 2024@origin/main",
	        "cannot merge 'origin/main' into 'main': both sides changed 2024 differently",
	        "nothing was changed",
	};
	static const char *const vi[] = {
	        "giao ước năm 2024 (pacts/2024.yaml)",
	        "ở đây ('main'): sửa bởi Trần Thị Bình",
	        "xem chỗ khác nhau: pact diff 2024@main 2024@origin/main",
	        "không hợp nhất được 'origin/main' vào 'main'",
	        "chưa có gì thay đổi",
	};
	run_result r;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	pf_commit_in("b", 2024, "a b:officer c d", BINH, 0);
	refused("en", en, sizeof(en) / sizeof(*en));
	refused("vi", vi, sizeof(vi) / sizeof(*vi));
	/* the way to see it that the message gives works */
	r = pf_pact_in("b", "PACT_LANG=en " PACT_BIN " diff 2024@main 2024@origin/main");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "leader") && strstr(r.out, "officer"), "%s", r.out);
	run_result_free(&r);
}

Test(pull_merge, keep_mine_and_take_theirs_settle_it_and_say_so_in_the_merge, .timeout = 120)
{
	char *msg;
	run_result r;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	pf_commit_in("a", 2025, "a", NULL, 1);
	pf_commit_in("b", 2024, "a b:officer c d", BINH, 0);
	cr_assert_eq(sh(store_tmp, NULL, "cp -a b b2"), 0);

	r = pf_pact_in("b", PACT_BIN " --lang=en pull --keep-mine=2024 --take-theirs=2024");
	cr_expect_eq(r.status, 2, "%s", r.err);
	run_result_free(&r);

	r = pf_pact_in("b", PACT_BIN " --lang=en pull --keep-mine=2024");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	expect_has("b", "cat pacts/2024.yaml", "officer");
	expect_has("b", "cat pacts/2025.yaml", "2025");
	msg = pf_in("b", "git log -1 --format=%B");
	cr_expect(strstr(msg, "Changed on both sides, kept the text of 'main' (pact pull "
	                      "--keep-mine): the 2024 pact (pacts/2024.yaml)"),
	          "%s", msg);
	cr_expect(strstr(msg, "From 'origin/main': the 2025 pact"), "%s", msg);
	free(msg);
	expect_out("b", "git rev-list --count HEAD", "6");
	pf_git_is_content("b");

	r = pf_pact_in("b2", PACT_BIN " --lang=vi pull --take-theirs=2024");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	expect_has("b2", "cat pacts/2024.yaml", "leader");
	msg = pf_in("b2", "git log -1 --format=%B");
	cr_expect(strstr(msg, "Hai bên cùng sửa, lấy văn bản của 'origin/main' (pact pull "
	                      "--take-theirs): giao ước năm 2024"),
	          "%s", msg);
	free(msg);
	pf_git_is_content("b2");
	/* git agrees that nothing of the hub's is missing: push is a fast-forward */
	r = pf_pact_in("b2", PACT_BIN " push");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
}

Test(pull_merge, byte_identical_changes_merge_and_other_files_follow_the_same_rules, .timeout = 120)
{
	char *msg;
	run_result r;

	pf_two_clones();
	/* the same fix made on both sides */
	pf_commit_in("a", 2024, "a b:same c d", NULL, 1);
	pf_commit_in("b", 2024, "a b:same c d", BINH, 0);
	r = pf_pact_in("b", PACT_BIN " --lang=en pull");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	msg = pf_in("b", "git log -1 --format=%B");
	cr_expect(strstr(msg, "Changed alike on both sides: the 2024 pact"), "%s", msg);
	free(msg);
	r = pf_pact_in("b", PACT_BIN " push");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = pf_pact_in("a", PACT_BIN " pull");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	/* README.md changed with git on both sides: refused like a pact */
	cr_assert_eq(sh(store_tmp, NULL,
	                "cd a && echo hub >> README.md && git commit -qam readme-hub && "
	                "git push -q origin main 2>/dev/null && cd ../b && echo mine >> README.md "
	                "&& git commit -qam readme-mine"),
	             0);
	r = pf_pact_in("b", PACT_BIN " --lang=en pull");
	cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.err, "  README.md:"), "%s", r.err);
	cr_expect(strstr(r.err, "git diff main origin/main -- 'README.md'"), "%s", r.err);
	cr_expect(strstr(r.err, "both sides changed README.md differently"), "%s", r.err);
	run_result_free(&r);
	pf_git_is_content("b");
	r = pf_pact_in("b", PACT_BIN " --lang=en pull --take-theirs=README.md");
	cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	expect_out("b", "tail -1 README.md", "hub");
	pf_git_is_content("b");
}

Test(pull_merge, local_edits_in_the_way_stop_the_merge_and_nothing_changes, .timeout = 120)
{
	char *head;
	run_result r;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	pf_commit_in("b", 2023, "a b:officer c", BINH, 0);
	cr_assert_eq(sh(store_tmp, NULL, "echo 'unsaved work' >> b/pacts/2024.yaml"), 0);
	head = pf_in("b", "git rev-parse HEAD");
	r = pf_pact_in("b", PACT_BIN " --lang=en pull");
	cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.err, "cannot merge into 'main': local changes to 'pacts/2024.yaml'"),
	          "%s", r.err);
	cr_expect(strstr(r.out, "Merge") == NULL, "%s", r.out);
	run_result_free(&r);
	expect_out("b", "git rev-parse HEAD", head);
	expect_out("b", "tail -1 pacts/2024.yaml", "unsaved work");
	expect_out("b", "git status --porcelain", " M pacts/2024.yaml");
	free(head);
}

/* pact log follows first parents: the merge is one revision that brought
 * the hub's changes in, compared with our previous tip; show and diff
 * read either side of it; the log cache gives the same answer twice. */
Test(pull_merge, log_show_and_diff_read_a_history_with_merges, .timeout = 120)
{
	char *first, *second;
	run_result r;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	pf_commit_in("b", 2023, "a b:officer c", BINH, 0);
	r = pf_pact_in("b", PACT_BIN " pull");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	first = pf_in("b", "PACT_LANG=en " PACT_BIN " log --oneline");
	cr_expect(strstr(first, "Merge 'origin/main' into 'main' (2024: 1 clause modified"), "%s",
	          first);
	cr_expect(strstr(first, "edit 2023"), "%s", first);
	cr_expect(strstr(first, "edit 2024") == NULL, "first parents only: %s", first);
	second = pf_in("b", "PACT_LANG=en " PACT_BIN " log --oneline");
	cr_expect_str_eq(second, first, "the cached log differs");
	free(second);
	second = pf_in("b",
	               "PACT_LANG=en " PACT_BIN " log 2024 --format=json | grep -c '\"commit\"'");
	cr_expect_str_eq(second, "2");
	free(second);

	r = pf_pact_in("b", PACT_BIN " show 2024@HEAD^2 --format=yaml");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "leader"), "%s", r.out);
	run_result_free(&r);
	r = pf_pact_in("b", "PACT_LANG=en " PACT_BIN " diff 2024@HEAD^1 2024@HEAD --stat");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "modified") || strstr(r.out, "Modified"), "%s", r.out);
	run_result_free(&r);
	free(first);
}

/* Names and subjects come from other people's commits: an escape sequence
 * or a bidi control in them reaches neither the terminal nor the merge
 * message; a file name with a quote is quoted for the shell in the hint. */
Test(pull_merge, other_peoples_names_and_subjects_are_shown_safe, .timeout = 120)
{
	char *msg;
	run_result r;

	pf_two_clones();
	cr_assert_eq(
	        sh(store_tmp, NULL,
	           "cd a && echo hub > \"it's.txt\" && git add . && "
	           "GIT_AUTHOR_NAME=\"$(printf 'Eve\\033[2J\\033[31m')\" git commit -qm "
	           "\"$(printf 'fix \\342\\200\\256gnp.exe')\" && "
	           "git push -q origin main 2>/dev/null && cd ../b && echo mine > \"it's.txt\" "
	           "&& git add . && git commit -qm mine"),
	        0);
	r = pf_pact_in("b", PACT_BIN " --lang=en pull");
	cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_expect(strchr(r.err, '\033') == NULL, "an escape reached the terminal: %s", r.err);
	cr_expect(strstr(r.err, "\342\200\256") == NULL, "a bidi override: %s", r.err);
	cr_expect(strstr(r.err, "Eve"), "%s", r.err);
	cr_expect(strstr(r.err, "git diff main origin/main -- 'it'\\''s.txt'"), "%s", r.err);
	run_result_free(&r);
	r = pf_pact_in("b", PACT_BIN " --lang=en pull --take-theirs=\"it's.txt\"");
	cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_expect(strchr(r.out, '\033') == NULL, "%s", r.out);
	run_result_free(&r);
	msg = pf_in("b", "git log -1 --format=%B | tr -cd '\\033' | wc -c");
	cr_expect_str_eq(msg, "0", "an escape in the merge message");
	free(msg);
	msg = pf_in("b", "git log -1 --format=%B");
	cr_expect(strstr(msg, "\342\200\256") == NULL, "%s", msg);
	free(msg);
	expect_out("b", "cat \"it's.txt\"", "hub");
	pf_git_is_content("b");
}

/* A pact deleted on one side and changed on the other: a conflict too; the
 * way to see it is the text the other side kept. */
Test(pull_merge, a_year_deleted_on_one_side_and_changed_on_the_other_is_a_conflict, .timeout = 120)
{
	run_result r;

	pf_two_clones();
	cr_assert_eq(sh(store_tmp, NULL,
	                "cd a && git rm -q pacts/2023.yaml && git commit -qm 'drop 2023' && "
	                "git push -q origin main 2>/dev/null"),
	             0);
	pf_commit_in("b", 2023, "a b:officer c", BINH, 0);
	r = pf_pact_in("b", PACT_BIN " --lang=en pull");
	cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.err, "on 'origin' ('origin/main'): deleted by Test Officer"), "%s",
	          r.err);
	cr_expect(strstr(r.err, "to see the difference: pact show 2023@main"), "%s", r.err);
	run_result_free(&r);
	r = pf_pact_in("b", PACT_BIN " --lang=en pull --take-theirs=2023");
	cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	expect_out("b", "test -e pacts/2023.yaml || echo gone", "gone");
	pf_git_is_content("b");
}

/* A bare store (a server's, or a backup) pulls and merges too: only the
 * branch moves. */
Test(pull_merge, a_bare_store_merges_its_branch, .timeout = 120)
{
	char *parents;
	run_result r;

	pf_two_clones();
	cr_assert_eq(sh(store_tmp, NULL,
	                "git clone -q --bare r.git c.git && git -C c.git remote set-url origin "
	                "../r.git && git -C c.git config remote.origin.fetch "
	                "'+refs/heads/*:refs/remotes/origin/*'"),
	             0);
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	/* c.git gets a commit of its own, made by git in a throwaway clone */
	cr_assert_eq(sh(store_tmp, NULL,
	                "git clone -q c.git w && cd w && echo x > notes.txt && git add . && "
	                "git commit -qm notes && git push -q origin main 2>/dev/null"),
	             0);
	r = pf_pact_in("c.git", PACT_BIN " --lang=en pull");
	cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, "Merge 'origin/main' into 'main'"), "%s", r.out);
	run_result_free(&r);
	parents = pf_in("c.git", "git log -1 --format=%P main | wc -w");
	cr_expect_str_eq(parents, "2");
	free(parents);
	expect_out("c.git", "git show main:notes.txt", "x");
	expect_has("c.git", "git show main:pacts/2024.yaml", "leader");
	expect_out("c.git", "git fsck --strict --no-dangling >/dev/null 2>&1 && echo ok", "ok");
}

/* The merge is shown as `pact commit` shows a commit, and with no identity
 * configured it is made as pact's and says so, as a commit does. */
Test(pull_merge, the_merge_is_shown_like_a_commit_and_a_missing_identity_is_named, .timeout = 120)
{
	char *hex, *want;
	run_result r;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	pf_commit_in("b", 2023, "a b:officer c", BINH, 0);
	r = pf_pact_in("b", "env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME "
	                    "-u GIT_COMMITTER_EMAIL -u EMAIL " PACT_BIN " --lang=en pull");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	hex = pf_in("b", "git rev-parse --short=7 HEAD");
	want = strf("[main %s] Merge 'origin/main' into 'main'\n", hex);
	cr_expect(strstr(r.out, want) == r.out, "%s", r.out);
	cr_expect(strstr(r.err, "pact: warning: no identity configured: merged as 'pact "
	                        "<pact@localhost>'"),
	          "%s", r.err);
	run_result_free(&r);
	expect_out("b", "git log -1 --format='%an <%ae>'", "pact <pact@localhost>");
	free(want);
	free(hex);
}

/* A file on one side where the other made a folder of the same name: no
 * merge can hold both; refused with nothing changed, whichever option. */
Test(pull_merge, a_file_against_a_folder_is_refused_and_nothing_changes, .timeout = 120)
{
	char *head;
	run_result r;

	pf_two_clones();
	cr_assert_eq(sh(store_tmp, NULL,
	                "cd a && echo hub > docs && git add . && git commit -qm docs-file && "
	                "git push -q origin main 2>/dev/null && cd ../b && mkdir docs && "
	                "echo mine > docs/x && git add . && git commit -qm docs-dir"),
	             0);
	head = pf_in("b", "git rev-parse HEAD");
	r = pf_pact_in("b", PACT_BIN " --lang=en pull --take-theirs=/docs");
	cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.err, "a file on one side is a folder on the other") &&
	                  strstr(r.err, "nothing was changed"),
	          "%s", r.err);
	run_result_free(&r);
	expect_out("b", "git rev-parse HEAD", head);
	expect_out("b", "cat docs/x", "mine");
	pf_git_is_content("b");
	free(head);
}

/* The merge rewrites the index as a commit does, so an edit git sees only
 * by content (racily clean: same size, same second as the index) stays
 * seen after it (tests/test_commit_racy.c has the rule). */
Test(pull_merge, a_racily_clean_edit_stays_seen_after_a_merge, .timeout = 120)
{
	run_result r;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	pf_commit_in("b", 2023, "a b:officer c", BINH, 0);
	cr_assert_eq(sh(store_tmp, NULL,
	                "cd b && git config core.trustctime false && echo aaaa > notes.txt && "
	                "touch -d @1600000000 notes.txt && git add notes.txt && "
	                "git commit -qm notes && echo bbbb > notes.txt && "
	                "touch -d @1600000000 notes.txt .git/index"),
	             0);
	expect_out("b", "git diff --name-only", "notes.txt");
	r = pf_pact_in("b", PACT_BIN " --lang=en pull");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	expect_out("b", "git log -1 --format=%P | wc -w", "2");
	expect_out("b", "git status --porcelain", " M notes.txt");
	cr_expect_eq(sh(store_tmp, NULL,
	                "cd b && git commit -qam edit && git show HEAD:notes.txt | grep -qx bbbb"),
	             0, "git commit -a left the edit out");
}
