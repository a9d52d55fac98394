/*
 * test_pull_settle.c - `pact pull --keep-mine=YEARS --take-theirs=YEARS
 * --against=COMMIT` settles only what the officer was shown.
 *
 * The race it closes: the pull refuses, naming 2024; before the officer
 * re-runs it with a choice, another officer pushes a change of 2025 (or of
 * 2024 again). The re-run must not settle what the officer never saw: it
 * refuses the whole pull with nothing changed (branch, index, work tree;
 * only origin/main moves to the hub's tip, as any refused pull leaves it),
 * naming the new year and how to see it, and the command it prints then is
 * exactly runnable. The other officer is the real git CLI on a clone of
 * the same bare hub; git judges what is left (status, log --graph, fsck).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pull_fixture.h"
#include "store_helpers.h"

TestSuite(pull_settle, .init = store_fixture_setup, .fini = store_fixture_teardown);

#define CUONG "Lê Văn Cường"

/* The other officer, with git only: in store_tmp/c (a clone of the hub,
 * made on first use), YEAR's pact becomes SPEC (gen_pact), or, when SPEC
 * starts with '@', the bytes of the file store_tmp/SPEC+1; committed as
 * CUONG and pushed. */
static void other_officer(int year, const char *spec)
{
	char *f = spec[0] == '@' ? strf("%s/%s", store_tmp, spec + 1)
	                         : gen_pact_file(store_tmp, "o.yaml", year, spec);
	int rc = sh(store_tmp, NULL,
	            "{ test -d c || git clone -q r.git c; } && cd c && git pull -q --ff-only && "
	            "cp '%s' pacts/%d.yaml && git add pacts && "
	            "GIT_AUTHOR_NAME='" CUONG "' git commit -qm 'Cường edits %d' && "
	            "git push -q origin main 2>/dev/null",
	            f, year, year);
	cr_assert_eq(rc, 0, "the other officer could not push %d", year);
	free(f);
}

/* The first line of `text` that starts with "  pact pull " and holds
 * `flag`, without its indent (NULL when none): the command a refusal
 * printed. */
static char *printed_command(const char *text, const char *flag)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		size_t n = strcspn(l, "\n");
		char *line = strf("%.*s", (int)n, l);
		if (!strncmp(line, "  pact pull ", 12) && strstr(line, flag)) {
			char *cmd = strdup(line + 2);
			free(line);
			return cmd;
		}
		free(line);
	}
	return NULL;
}

/* Run a printed command as the officer would paste it into a shell in
 * store_tmp/DIR: the same words, with the pact under test for "pact". */
static run_result run_printed(const char *dir, const char *cmd, const char *lang)
{
	char *line = strf("PACT_LANG=%s '%s' %s", lang, PACT_BIN, cmd + strlen("pact "));
	run_result r = pf_pact_in(dir, line);
	free(line);
	return r;
}

/* What nothing-changed means for b: the same branch tip, index, files and
 * history as `before` (git's words), and git finds b clean and whole. */
#define B_STATE                                                                                    \
	"git rev-parse HEAD && git ls-files -s | md5sum && cat pacts/*.yaml | md5sum && "          \
	"git log --graph --oneline main"
static void b_unchanged(const char *before)
{
	expect_out("b", B_STATE, before);
	pf_git_is_content("b");
}

/* The hub fixes 2024 (pushed); b, an officer, changed 2024 and wrote a
 * 2025 pact, not pushed. b's pull refuses for 2024 only: returns the
 * refusal's stderr. */
static char *conflict_on_2024(void)
{
	run_result r;
	char *err;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	pf_commit_in("b", 2024, "a b:officer c d", BINH, 0);
	pf_commit_in("b", 2025, "a b:officer", BINH, 0);
	r = pf_pact_in("b", "PACT_LANG=en " PACT_BIN " pull");
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert(strstr(r.err, "the 2024 pact (pacts/2024.yaml):"), "%s", r.err);
	cr_assert(strstr(r.err, "2025") == NULL, "2025 is not in conflict yet: %s", r.err);
	err = r.err;
	r.err = NULL;
	run_result_free(&r);
	return err;
}

Test(pull_settle, a_year_pushed_after_the_refusal_is_not_settled_unseen, .timeout = 180)
{
	char *err = conflict_on_2024(), *keep = printed_command(err, "--keep-mine=2024"), *before,
	     *hub, *take;
	run_result r;

	cr_assert(keep, "no command in: %s", err);
	/* after the refusal, another officer pushes a 2025 pact of their own */
	other_officer(2025, "a b:cuong");
	before = pf_in("b", B_STATE);

	/* the command the officer was given names 2024 only: refused, with
	 * nothing changed, 2025 named with who changed it and how to see it */
	r = run_printed("b", keep, "en");
	cr_expect_eq(r.status, 1, "%s: %s%s", keep, r.out, r.err);
	cr_expect(strstr(r.err, "Your command does not say which text wins for 2025"), "%s", r.err);
	cr_expect(strstr(r.err, "  the 2025 pact (pacts/2025.yaml):\n"), "%s", r.err);
	cr_expect(strstr(r.err, "on 'origin' ('origin/main'): changed by " CUONG), "%s", r.err);
	cr_expect(strstr(r.err, "to see the difference: pact diff 2025@main 2025@origin/main"),
	          "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: cannot merge 'origin/main' into 'main': both sides "
	                        "changed 2025 differently and the command does not say which text "
	                        "wins; nothing was changed"),
	          "%s", r.err);
	cr_expect(strstr(r.out, "Merge") == NULL, "%s", r.out);
	b_unchanged(before);
	expect_has("b", "cat pacts/2025.yaml", "officer");
	/* what a refused pull leaves: origin/main at the hub's tip */
	hub = pf_in("r.git", "git rev-parse main");
	expect_out("b", "git rev-parse origin/main", hub);
	/* the way to see it that the refusal gives works */
	expect_has("b", PACT_BIN " diff 2025@main 2025@origin/main", "cuong");

	/* the new refusal's command, run as printed, settles both: the
	 * hub's texts, so nobody's work is reverted by the push */
	take = printed_command(r.err, "--take-theirs=2024,2025");
	cr_assert(take, "%s", r.err);
	run_result_free(&r);
	r = run_printed("b", take, "en");
	cr_expect_eq(r.status, 0, "%s: %s%s", take, r.out, r.err);
	cr_expect(strstr(r.out, "took the text of 'origin/main' (pact pull --take-theirs): the "
	                        "2024 pact (pacts/2024.yaml), the 2025 pact (pacts/2025.yaml)"),
	          "%s", r.out);
	run_result_free(&r);
	pf_git_is_content("b");
	r = pf_pact_in("b", PACT_BIN " push");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	expect_has("r.git", "git show main:pacts/2025.yaml", "cuong");
	expect_has("r.git", "git show main:pacts/2024.yaml", "leader");
	expect_out("r.git", "git fsck --strict >/dev/null 2>&1 && echo ok", "ok");
	free(take);
	free(hub);
	free(before);
	free(keep);
	free(err);
}

/* The printed command, run as printed, merges; only the years and files
 * it names are settled; the push then fast-forwards the hub. A file that
 * is not a pact is named by its path, quoted for the shell. */
Test(pull_settle, the_printed_command_runs_as_printed_and_settles_what_it_names, .timeout = 180)
{
	char *keep, *msg;
	run_result r;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	cr_assert_eq(sh(store_tmp, NULL,
	                "cd a && echo hub > \"it's notes.txt\" && git add . && "
	                "git commit -qm notes && git push -q origin main 2>/dev/null && cd ../b && "
	                "echo mine > \"it's notes.txt\" && git add . && git commit -qm notes"),
	             0);
	pf_commit_in("b", 2024, "a b:officer c d", BINH, 0);
	r = pf_pact_in("b", "PACT_LANG=en " PACT_BIN " pull");
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	keep = printed_command(r.err, "--keep-mine=2024");
	cr_assert(keep, "%s", r.err);
	cr_expect(strstr(keep, " --keep-mine=2024 --keep-mine='it'\\''s notes.txt' --against="),
	          "%s", keep);
	cr_expect(strstr(r.err, "merge, keeping the text of 'main' for it's notes.txt, 2024"), "%s",
	          r.err);
	run_result_free(&r);

	r = run_printed("b", keep, "en");
	cr_expect_eq(r.status, 0, "%s: %s%s", keep, r.out, r.err);
	run_result_free(&r);
	msg = pf_in("b", "git log -1 --format=%B");
	cr_expect(strstr(msg, "kept the text of 'main' (pact pull --keep-mine): it's notes.txt, "
	                      "the 2024 pact (pacts/2024.yaml)"),
	          "%s", msg);
	cr_expect(strstr(msg, "Named in pact pull") == NULL, "%s", msg);
	expect_out("b", "git log -1 --format=%P | wc -w", "2");
	expect_has("b", "cat pacts/2024.yaml", "officer");
	expect_out("b", "cat \"it's notes.txt\"", "mine");
	pf_git_is_content("b");
	r = pf_pact_in("b", PACT_BIN " push");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	expect_has("r.git", "git show main:pacts/2024.yaml", "officer");
	free(msg);
	free(keep);
}

/* The hub changes the very year the officer chose for, after the
 * refusal: --against sees it, refused with nothing changed; the new
 * command (against the new tip) goes through. */
Test(pull_settle, a_named_year_changed_again_on_the_hub_is_refused, .timeout = 180)
{
	char *err = conflict_on_2024(), *keep = printed_command(err, "--keep-mine=2024"), *before,
	     *again, *seen;
	run_result r;

	cr_assert(keep, "%s", err);
	seen = strf("%.7s", strstr(keep, "--against=") + strlen("--against="));
	other_officer(2024, "a b:leader c d:cuong");
	before = pf_in("b", B_STATE);
	r = run_printed("b", keep, "en");
	cr_expect_eq(r.status, 1, "%s: %s%s", keep, r.out, r.err);
	again = strf("'origin/main' changed 2024 again since commit %s, the one your command "
	             "names (--against): look at the new text before choosing.",
	             seen);
	cr_expect(strstr(r.err, again), "%s", r.err);
	cr_expect(strstr(r.err, "on 'origin' ('origin/main'): changed by " CUONG), "%s", r.err);
	b_unchanged(before);
	free(keep);
	keep = printed_command(r.err, "--keep-mine=2024");
	cr_assert(keep && !strstr(keep, seen), "%s", r.err);
	run_result_free(&r);
	r = run_printed("b", keep, "en");
	cr_expect_eq(r.status, 0, "%s: %s%s", keep, r.out, r.err);
	run_result_free(&r);
	expect_has("b", "cat pacts/2024.yaml", "officer");
	pf_git_is_content("b");
	free(again);
	free(seen);
	free(before);
	free(keep);
	free(err);
}

/* The hub took the officer's 2024 text meanwhile: nothing to settle for
 * 2024, and the merge says so instead of passing over it. */
Test(pull_settle, a_named_year_that_no_longer_conflicts_is_said, .timeout = 180)
{
	char *err = conflict_on_2024(), *keep = printed_command(err, "--keep-mine=2024");
	run_result r;

	cr_assert(keep, "%s", err);
	cr_assert_eq(sh(store_tmp, NULL, "git -C b show main:pacts/2024.yaml > mine24.yaml"), 0);
	other_officer(2024, "@mine24.yaml");
	r = run_printed("b", keep, "en");
	cr_expect_eq(r.status, 0, "%s: %s%s", keep, r.out, r.err);
	cr_expect(strstr(r.out, "Named in pact pull but not changed differently on both sides, "
	                        "nothing to settle: 2024"),
	          "%s", r.out);
	cr_expect(strstr(r.out, "Changed alike on both sides: the 2024 pact"), "%s", r.out);
	run_result_free(&r);
	expect_has("b", "git log -1 --format=%B", "nothing to settle: 2024");
	pf_git_is_content("b");
	free(keep);
	free(err);
}

/* Options no pull may run with are usage errors (2) before anything is
 * fetched: origin/main stays where it was, as does everything else. */
Test(pull_settle, bad_names_are_usage_errors_and_nothing_is_fetched, .timeout = 180)
{
	static const char *const bad[][2] = {
	        {"--keep-mine=2024 --take-theirs=2024", "'2024' is named by both"},
	        {"--keep-mine=2024 --take-theirs=pacts/2024.yaml", "named by both --keep-mine"},
	        {"--keep-mine=2023,2024 --take-theirs=2024", "'2024' is named by both"},
	        {"--keep-mine=24", "'24' is not a year"},
	        {"--take-theirs=20245", "'20245' is not a year"},
	        {"--keep-mine=2O24", "'2O24' is not a year"},
	        {"--keep-mine=2024,", "an empty name"},
	        {"--keep-mine", "needs a value"},
	        {"--keep-mine origin", "--keep-mine needs the years it settles, such as "
	                               "--keep-mine=2024"},
	        {"origin --take-theirs", "needs a value"},
	        {"--against=1a2b3c4", "--against goes with --keep-mine or --take-theirs"},
	        {"--keep-mine=2024 --against=xyz", "'xyz' is not a commit id"},
	};
	char *tracking, *before;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	pf_commit_in("b", 2024, "a b:officer c d", BINH, 0);
	tracking = pf_in("b", "git rev-parse origin/main");
	before = pf_in("b", B_STATE);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *cmd = strf("PACT_LANG=en " PACT_BIN " pull %s", bad[i][0]);
		run_result r = pf_pact_in("b", cmd);
		cr_expect_eq(r.status, 2, "%s: exit %d %s", bad[i][0], r.status, r.err);
		cr_expect(strstr(r.err, bad[i][1]), "%s: no '%s' in %s", bad[i][0], bad[i][1],
		          r.err);
		cr_expect(strstr(r.err, "usage: pact pull"), "%s", r.err);
		run_result_free(&r);
		free(cmd);
	}
	expect_out("b", "git rev-parse origin/main", tracking);
	b_unchanged(before);

	/* a well-formed id of no commit here: refused (1), nothing merged */
	{
		run_result r = pf_pact_in("b", "PACT_LANG=en " PACT_BIN
		                               " pull --keep-mine=2024 --against=0000000");
		cr_expect_eq(r.status, 1, "%s", r.err);
		cr_expect(strstr(r.err, "no commit '0000000' (--against) in this store"), "%s",
		          r.err);
		run_result_free(&r);
	}
	expect_out("b", "git rev-parse HEAD", strtok(before, "\n"));
	free(before);
	free(tracking);
}

/* Names given when no merge is needed (the hub only moved ahead): pulled,
 * with a warning that they were not used. */
Test(pull_settle, names_without_a_merge_are_said_to_be_unused, .timeout = 180)
{
	run_result r;

	pf_two_clones();
	pf_commit_in("a", 2024, "a b:leader c d", NULL, 1);
	r = pf_pact_in("b", "PACT_LANG=en " PACT_BIN " pull --keep-mine=2024");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Fast-forward"), "%s", r.out);
	cr_expect(strstr(r.err, "pact: warning: nothing to settle: no merge was needed, so "
	                        "--keep-mine and --take-theirs were not used"),
	          "%s", r.err);
	run_result_free(&r);
	expect_has("b", "cat pacts/2024.yaml", "leader");
}

/* The same race in Vietnamese: the officer's words, the same commands. */
Test(pull_settle, the_refusals_speak_vietnamese, .timeout = 180)
{
	char *err = conflict_on_2024(), *keep = printed_command(err, "--keep-mine=2024"), *before,
	     *take;
	run_result r;

	cr_assert(keep, "%s", err);
	other_officer(2025, "a b:cuong");
	before = pf_in("b", B_STATE);
	r = run_printed("b", keep, "vi");
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "Lệnh của bạn chưa nói giữ văn bản nào cho 2025"), "%s", r.err);
	cr_expect(strstr(r.err, "giao ước năm 2025 (pacts/2025.yaml):"), "%s", r.err);
	cr_expect(strstr(r.err, "xem chỗ khác nhau: pact diff 2025@main 2025@origin/main"), "%s",
	          r.err);
	cr_expect(strstr(r.err, "Chưa có gì thay đổi. Hãy chọn văn bản được giữ, rồi chạy pull "
	                        "lại bằng một trong hai lệnh:"),
	          "%s", r.err);
	cr_expect(strstr(r.err, "hợp nhất, giữ văn bản của 'main' cho 2024, 2025"), "%s", r.err);
	cr_expect(strstr(r.err, "pact: lỗi: không hợp nhất được 'origin/main' vào 'main': hai bên "
	                        "sửa 2025 theo cách khác nhau"),
	          "%s", r.err);
	b_unchanged(before);
	take = printed_command(r.err, "--take-theirs=2024,2025");
	cr_assert(take, "%s", r.err);
	run_result_free(&r);
	r = pf_pact_in("b", "PACT_LANG=vi " PACT_BIN " pull --keep-mine=2024");
	cr_expect_eq(r.status, 1, "%s", r.err);
	run_result_free(&r);
	r = run_printed("b", take, "vi");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Hai bên cùng sửa, lấy văn bản của 'origin/main' (pact pull "
	                        "--take-theirs): giao ước năm 2024"),
	          "%s", r.out);
	run_result_free(&r);
	r = pf_pact_in("b", "PACT_LANG=vi " PACT_BIN " pull --keep-mine=24");
	cr_expect_eq(r.status, 2, "%s", r.err);
	cr_expect(strstr(r.err, "'24' không phải là một năm"), "%s", r.err);
	run_result_free(&r);
	free(take);
	free(before);
	free(keep);
	free(err);
}
