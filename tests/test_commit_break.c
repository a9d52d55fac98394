/*
 * test_commit_break.c - `pact commit` when a write fails half-way: the
 * store stays as it was (branch, index, work tree, no lock left behind),
 * and the message says that nothing was committed and what to do. Real
 * git is the judge (rev-parse, status, fsck).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(commit_break, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* A file size limit (ulimit -f, SIGXFSZ ignored so that write() fails
 * with EFBIG, as on a full disk) stops the commit at one write or another
 * as it grows. Whatever write fails, nothing moved; the message said only
 * "cannot write '.../.git/pact-write.tmp': File too large" (or "cannot
 * write blob: ...") with no word of whether the pact was committed. */
Test(commit_break, a_write_that_fails_says_nothing_was_committed, .timeout = 240)
{
	char *s = store_init(store_tmp, "s"), *big = strf("%s/big.yaml", store_tmp), *text, *old,
	     *oldtext, *wt = strf("%s/pacts/2024.yaml", s);
	size_t len = 0;
	int failed = 0;
	run_result r;

	free(gen_pact_file(store_tmp, "one.yaml", 2024, "a b:one"));
	r = run_sh(s, PACT_BIN " commit ../one.yaml -m one");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	/* a pact of some 40 KB, so that the limits below fall inside it */
	cr_assert_eq(
	        sh(store_tmp, NULL,
	           "cp one.yaml big.yaml && sed -i 's/one/big/' big.yaml && i=0; "
	           "while [ $i -lt 600 ]; do echo \"# ghi chú số $i cho tệp lớn hơn giới hạn\"; "
	           "i=$((i+1)); done >> big.yaml"),
	        0);
	old = sh_out(s, "git rev-parse HEAD");
	oldtext = read_file(wt, &len);
	for (int kb = 1; kb <= 96; kb += 5) {
		char *cmd =
		        strf("trap '' XFSZ; ulimit -f %d; " PACT_BIN " commit ../big.yaml -m big",
		             kb * 2); /* sh counts 512-byte blocks */
		char *head, *now;

		r = run_sh(s, cmd);
		head = sh_out(s, "git rev-parse HEAD");
		now = read_file(wt, &len);
		if (r.status != 0) {
			failed++;
			cr_expect_eq(r.status, 3, "%d KB: exit %d: %s", kb, r.status, r.err);
			cr_expect(strstr(r.err, "nothing was committed") != NULL, "%d KB: %s", kb,
			          r.err);
			cr_expect(strstr(r.err, "try again") != NULL, "%d KB: %s", kb, r.err);
			cr_expect_str_eq(head, old, "%d KB: the branch moved on a failure", kb);
			cr_expect_str_eq(now, oldtext, "%d KB: the work tree changed", kb);
		} else {
			text = read_file(big, &len);
			cr_expect_str_neq(head, old);
			cr_expect_str_eq(now, text, "%d KB: committed but not in the work tree",
			                 kb);
			free(text);
			cr_assert_eq(sh(s, NULL, "git reset -q --hard %s", old), 0);
		}
		cr_expect_eq(
		        sh(s, NULL,
		           "git fsck --no-dangling 2>&1 && test -z \"$(git status --porcelain)\" "
		           "&& test ! -e .git/index.lock && test ! -e .git/pact-write.tmp"),
		        0, "%d KB: %s", kb, r.err);
		run_result_free(&r);
		free(now);
		free(head);
		free(cmd);
	}
	cr_expect(failed > 0, "no limit made the commit fail");
	free(oldtext);
	free(old);
	free(wt);
	free(big);
	free(s);
}

/* `git checkout other` holds index.lock while it rewrites the index and
 * work tree, then points HEAD at the other branch. A pact commit that read
 * HEAD (main) before and waited for that lock went on committing on main
 * and wrote main's new text into the index and work tree that were now
 * other's: `git status` on other showed it staged. It must notice that
 * HEAD moved and commit nothing (or, started after the switch, commit on
 * other); never main's text staged on another branch. */
Test(commit_break, a_git_checkout_during_the_commit_gets_nothing_staged, .timeout = 120)
{
	char *s = store_init(store_tmp, "s"), *main0, *main1, *other1, *head, *status = NULL;
	run_result r;

	free(gen_pact_file(store_tmp, "one.yaml", 2024, "a b:one"));
	free(gen_pact_file(store_tmp, "two.yaml", 2024, "a b:two"));
	r = run_sh(s, PACT_BIN " commit ../one.yaml -m one && git branch other");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	main0 = sh_out(s, "git rev-parse main");
	/* git's checkout, step by step: index.lock held while pact starts,
	 * HEAD switched, the lock dropped (the trees are the same, so the
	 * index and work tree need no change) */
	r = run_sh(s, "echo > .git/index.lock && (" PACT_BIN " commit ../two.yaml -m two "
	              ">../out 2>../err; echo $? >../rc) & sleep 0.3; "
	              "git symbolic-ref HEAD refs/heads/other && rm .git/index.lock && wait");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	main1 = sh_out(s, "git rev-parse main");
	other1 = sh_out(s, "git rev-parse other");
	head = sh_out(s, "git symbolic-ref HEAD");
	cr_assert_str_eq(head, "refs/heads/other");
	cr_expect_eq(sh(s, &status, "git status --porcelain"), 0);
	cr_expect_str_eq(status ? status : "", "", "main's text staged on other: %s",
	                 status ? status : "");
	if (strcmp(main1, main0) != 0) {
		char *err = sh_out(store_tmp, "cat err");
		cr_expect(0, "committed on main while other was checked out: %s", err ? err : "");
		free(err);
	} else if (strcmp(other1, main0) == 0) {
		char *err = sh_out(store_tmp, "cat err");
		cr_expect(err && strstr(err, "nothing was committed"), "%s", err ? err : "");
		free(err);
	}
	cr_expect_eq(sh(s, NULL, "git fsck --no-dangling 2>&1 && test ! -e .git/index.lock"), 0);
	free(status);
	free(head);
	free(other1);
	free(main1);
	free(main0);
	free(s);
}
