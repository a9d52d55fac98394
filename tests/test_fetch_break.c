/*
 * test_fetch_break.c - `pact pull` moves refs itself (store_fetch.c), so it
 * must refuse what `git fetch` refuses. Real git is the other party and the
 * judge: a bare remote, clones made by git, the same fetch run by git.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_helpers.h"

/* The shell words that make the bare remote r.git beside the store `a`
 * (store_init) and point a's origin at it; the line goes on from inside a. */
#define BARE_REMOTE "git init -q --bare -b main r.git && cd a && git remote add origin ../r.git && "

TestSuite(fetch_break, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* a: a store pushed to the bare r.git, then b: a clone of it; a pushes one
 * more commit, b makes one of its own (the histories diverge). */
static void diverged(void)
{
	char *a = store_init(store_tmp, "a"), *f;
	run_result r;

	cr_assert_eq(sh(store_tmp, NULL,
	                BARE_REMOTE "git push -q origin main 2>/dev/null && cd .. && "
	                            "git clone -q r.git b"),
	             0);
	f = gen_pact_file(store_tmp, "up.yaml", 2024, "a b:up");
	r = run_sh(a, PACT_BIN " commit ../up.yaml -m up && git push -q origin main 2>/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
	f = gen_pact_file(store_tmp, "mine.yaml", 2024, "a b:mine");
	r = run_sh(store_tmp, "cd b && " PACT_BIN " commit ../mine.yaml -m mine");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
	free(a);
}

/* A remote whose configured fetch refspec maps its branches onto the local
 * ones ('git remote add --mirror=fetch', or a fetch line mapping refs/heads/ onto refs/heads/):
 * the pull's fetch moved the checked-out main onto the remote's tip as a
 * "remote-tracking" update, so the local commit left the branch and the
 * pull then said "Already up to date". git refuses such a fetch
 * ("refusing to fetch into branch 'refs/heads/main' checked out at ...")
 * and changes nothing; so must pact, saying what to fix. */
Test(fetch_break, a_fetch_refspec_onto_the_checked_out_branch_is_refused, .timeout = 60)
{
	char *b = strf("%s/b", store_tmp), *mine, *after, *tracked, *tracking, *gitsays;
	run_result r;

	diverged();
	mine = sh_out(b, "git rev-parse main");
	tracked = sh_out(b, "git rev-parse refs/remotes/origin/main");
	cr_assert_eq(sh(b, NULL, "git config --add remote.origin.fetch '+refs/*:refs/*'"), 0);
	/* real git's verdict on the same fetch */
	cr_assert_neq(sh(b, &gitsays, "git fetch -q 2>&1"), 0);
	cr_assert(strstr(gitsays, "refusing to fetch into branch") != NULL, "%s", gitsays);
	r = run_pact(b, "pull", NULL);
	after = sh_out(b, "git rev-parse main");
	tracking = sh_out(b, "git rev-parse refs/remotes/origin/main");
	cr_expect_str_eq(after, mine, "the local commit left main: %s", r.out);
	cr_expect_eq(r.status, 1, "exit %d: %s%s", r.status, r.out, r.err);
	cr_expect(strstr(r.out, "up to date") == NULL, "%s", r.out);
	cr_expect(strstr(r.err, "refs/heads/main") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "remote.origin.fetch") != NULL, "no remedy: %s", r.err);
	cr_expect(strstr(r.err, "nothing was changed") != NULL, "%s", r.err);
	/* nothing moved, as with git: not even the tracking ref */
	cr_expect_str_eq(tracking, tracked, "origin/main moved");
	cr_expect_eq(
	        sh(b, NULL, "git fsck --no-dangling 2>&1 && test -z \"$(git status --porcelain)\""),
	        0);
	run_result_free(&r);
	free(gitsays);
	free(tracking);
	free(tracked);
	free(after);
	free(mine);
	free(b);
}

/* A tag that moved on the remote (forward, even) is not moved here by a
 * fetch that is not forced: git refuses ("would clobber existing tag") and
 * keeps the local one; pact moved a lightweight tag whose new commit
 * descends from the old one, as if it were a branch. With
 * remote.origin.tagOpt=--tags the pull fetches every tag; afterwards the
 * tags are those of the same fetch made by git. */
Test(fetch_break, a_tag_that_moved_on_the_remote_is_kept_as_git_keeps_it, .timeout = 60)
{
	char *a = store_init(store_tmp, "a"), *b = strf("%s/b", store_tmp), *f, *tags, *gittags,
	     *tip;
	run_result r;

	cr_assert_eq(sh(store_tmp, NULL,
	                BARE_REMOTE
	                "git tag light && git tag -a -m adopted annotated && "
	                "git push -q origin main --tags 2>/dev/null && cd .. && "
	                "git clone -q r.git b && git -C b config remote.origin.tagOpt --tags"),
	             0);
	f = gen_pact_file(store_tmp, "up.yaml", 2024, "a b:up");
	r = run_sh(a, PACT_BIN " commit ../up.yaml -m up && git tag -f light && "
	                       "git tag -f -a -m moved annotated && git tag new && "
	                       "git push -q -f origin main --tags 2>/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(sh(store_tmp, NULL, "cp -a b g && (git -C g fetch -q origin 2>&1; true)"), 0);
	r = run_pact(b, "pull", NULL);
	cr_expect_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	run_result_free(&r);
	tip = sh_out(store_tmp, "git -C a rev-parse main");
	tags = sh_out(store_tmp, "git -C b for-each-ref refs/tags refs/remotes/origin/main");
	gittags = sh_out(store_tmp, "git -C g for-each-ref refs/tags refs/remotes/origin/main");
	cr_expect(strstr(gittags, "refs/tags/new") != NULL, "%s", gittags);
	cr_expect(strstr(gittags, tip) != NULL, "%s", gittags);
	cr_expect_str_eq(tags, gittags);
	free(tip);
	free(tags);
	free(gittags);
	free(f);
	free(b);
	free(a);
}

/* $GIT_DIR/pact-fetch.refs names the refs a killed pull was moving; the
 * next pact command removes their locks that are pact's. Forged, it must
 * not make pact remove a lock of git's (nor anything outside .git); not a
 * file pact wrote (a FIFO, a directory, huge), pact said only "is larger
 * than ... (--max-doc-bytes ...)" or "is not a regular file" with exit 1,
 * on every commit, with nothing about what to do. */
Test(fetch_break, a_forged_or_damaged_fetch_list_removes_no_lock_and_says_what_to_do,
     .timeout = 120)
{
	char *s = store_init(store_tmp, "s"),
	     *f = gen_pact_file(store_tmp, "x.yaml", 2024, "a b:x");
	static const char *const damage[] = {
	        "mkfifo .git/pact-fetch.refs",
	        "mkdir .git/pact-fetch.refs",
	        "head -c 17000000 /dev/zero | tr '\\0' a > .git/pact-fetch.refs",
	};
	run_result r;

	/* git's locks (plain files, as git makes them) named by a forged list,
	 * beside pact's own proof file */
	cr_assert_eq(sh(s, NULL,
	                "echo x > ../outside.lock && mkdir -p .git/refs/remotes/origin && "
	                "echo git > .git/refs/heads/main.lock && echo git > "
	                ".git/refs/remotes/origin/main.lock && echo git > .git/HEAD.lock && "
	                "echo pact > .git/pact-ref.owned && printf 'refs/heads/main\\nHEAD\\n"
	                "refs/remotes/origin/main\\n../../outside\\n\\n%%s\\n' junk > "
	                ".git/pact-fetch.refs"),
	             0);
	r = run_pact(s, "log", NULL);
	run_result_free(&r);
	cr_expect_eq(sh(s, NULL,
	                "test -f .git/refs/heads/main.lock && test -f .git/HEAD.lock && "
	                "test -f .git/refs/remotes/origin/main.lock && test -f ../outside.lock"),
	             0, "a lock that is not pact's was removed");
	cr_expect_eq(sh(s, NULL, "test ! -e .git/pact-fetch.refs"), 0);
	cr_assert_eq(sh(s, NULL, "rm .git/refs/heads/main.lock .git/HEAD.lock"), 0);

	for (size_t i = 0; i < sizeof(damage) / sizeof(*damage); i++) {
		cr_assert_eq(sh(s, NULL, "%s", damage[i]), 0);
		r = run_sh(s, "timeout -s KILL 30 " PACT_BIN " commit ../x.yaml -m x");
		cr_expect_eq(r.status, 3, "%s: exit %d: %s", damage[i], r.status, r.err);
		cr_expect(strstr(r.err, "pact-fetch.refs") != NULL, "%s", r.err);
		cr_expect(strstr(r.err, "remove it") != NULL, "%s: no remedy: %s", damage[i],
		          r.err);
		cr_expect(strstr(r.err, "max-doc-bytes") == NULL, "%s", r.err);
		run_result_free(&r);
		cr_assert_eq(sh(s, NULL, "rm -rf .git/pact-fetch.refs"), 0);
	}
	r = run_pact(s, "commit", f, "-m", "x", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(
	        sh(s, NULL, "git fsck --no-dangling 2>&1 && git log --format=%%s -1 | grep -qx x"),
	        0);
	free(f);
	free(s);
}

/* `git checkout other` while a pull waits for index.lock (git holds it
 * while it rewrites the index and work tree, then points HEAD at other):
 * the pull fast-forwarded main and wrote main's new files into the index
 * and work tree that were now other's (git status on other showed them
 * staged). It must notice that HEAD left main and change nothing (or,
 * started after the switch, fast-forward nothing that is not checked
 * out). */
Test(fetch_break, a_git_checkout_during_the_pull_gets_nothing_staged, .timeout = 120)
{
	char *a = store_init(store_tmp, "a"), *b = strf("%s/b", store_tmp), *f, *head,
	     *status = NULL;
	run_result r;

	cr_assert_eq(sh(store_tmp, NULL,
	                BARE_REMOTE "git push -q origin main 2>/dev/null && cd .. && "
	                            "git clone -q r.git b && git -C b branch other"),
	             0);
	f = gen_pact_file(store_tmp, "up.yaml", 2024, "a b:up");
	r = run_sh(a, PACT_BIN " commit ../up.yaml -m up && git push -q origin main 2>/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_sh(b, "echo > .git/index.lock && (" PACT_BIN " pull >../out 2>../err; "
	              "echo $? >../rc) & sleep 0.5; git symbolic-ref HEAD refs/heads/other && "
	              "rm .git/index.lock && wait");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	head = sh_out(b, "git symbolic-ref HEAD");
	cr_assert_str_eq(head, "refs/heads/other");
	cr_expect_eq(sh(b, &status, "git status --porcelain"), 0);
	cr_expect_str_eq(status ? status : "", "", "main's new text staged on other: %s",
	                 status ? status : "");
	cr_expect_eq(sh(b, NULL, "git fsck --no-dangling 2>&1 && test ! -e .git/index.lock"), 0);
	free(status);
	free(head);
	free(f);
	free(b);
	free(a);
}

/* With fetch.prune (or remote.origin.prune) set, a branch deleted on the
 * remote loses its remote-tracking ref on `pact pull`, as on `git fetch`
 * in a twin clone with the same setting: refs/remotes/ end up the same,
 * packed or loose. A local branch and a tag of the same name stay (git
 * prunes neither without a refspec mapping onto them), and no lock or
 * list is left behind. */
Test(fetch_break, prune_deletes_the_tracking_refs_of_deleted_branches_as_git_does, .timeout = 60)
{
	char *a = store_init(store_tmp, "a"), *ours = NULL, *theirs = NULL, *out = NULL;
	run_result r;

	cr_assert_eq(sh(store_tmp, NULL,
	                BARE_REMOTE
	                "git push -q origin main main:gone main:packed main:kept "
	                "2>/dev/null && git fetch -q origin && git pack-refs --all && "
	                "git push -q origin main:loose main:topic/x 2>/dev/null && git fetch -q "
	                "origin && "
	                "git branch gone && git tag packed && cd .. && git clone -q r.git twin"),
	             0);
	cr_assert_eq(
	        sh(store_tmp, NULL,
	           "git -C r.git branch -D gone packed loose topic/x >/dev/null && "
	           "git -C a config fetch.prune true && git -C twin config fetch.prune true && "
	           "git -C twin fetch -q"),
	        0);
	r = run_sh(a, PACT_BIN " pull");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	const char *list = "git for-each-ref --format='%(refname) %(objectname)' refs/remotes/ "
	                   "| grep -v /HEAD";
	cr_assert_eq(sh(a, &ours, "%s", list), 0);
	cr_assert_eq(sh(store_tmp, &theirs, "cd twin && %s", list), 0);
	cr_expect_str_eq(ours, theirs, "pact pull:\n%s\ngit fetch:\n%s", ours, theirs);
	cr_expect(strstr(ours, "refs/remotes/origin/kept") && !strstr(ours, "origin/gone") &&
	                  !strstr(ours, "origin/packed") && !strstr(ours, "origin/loose"),
	          "%s", ours);
	cr_expect_neq(sh(a, NULL, "test -e .git/refs/remotes/origin/topic"), 0, "empty dir left");
	cr_expect_eq(sh(a, NULL, "git show-ref -q --verify refs/heads/gone"), 0, "local branch");
	cr_expect_eq(sh(a, NULL, "git show-ref -q --verify refs/tags/packed"), 0, "tag");
	cr_expect_eq(sh(a, &out,
	                "find .git -name '*.lock' ! -name pact.lock -o -name "
	                "'pact-fetch.refs' -o -name 'pact-ref.owned' -o -name 'pact-packed*'"),
	             0);
	cr_expect_str_eq(out, "", "left behind: %s", out);
	r = run_sh(a, "git fsck --no-dangling");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(out);
	free(ours);
	free(theirs);
	free(a);
}

/* A pruning pull that finds packed-refs.lock held (a git running, or one
 * that crashed) names that lock, leaves it, and deletes nothing; once it
 * is gone the next pull prunes. */
Test(fetch_break, prune_names_a_held_packed_refs_lock_and_changes_nothing, .timeout = 60)
{
	char *a = store_init(store_tmp, "a");
	run_result r;

	cr_assert_eq(
	        sh(store_tmp, NULL,
	           BARE_REMOTE
	           "git push -q origin main main:gone 2>/dev/null && "
	           "git fetch -q origin && git pack-refs --all && git config fetch.prune true "
	           "&& git -C ../r.git branch -D gone >/dev/null && : > .git/packed-refs.lock"),
	        0);
	r = run_sh(a, PACT_BIN " --lang=en pull");
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "packed-refs.lock' exists"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(a, NULL, "git show-ref -q --verify refs/remotes/origin/gone"), 0);
	cr_expect_eq(sh(a, NULL, "test -f .git/packed-refs.lock"), 0, "git's lock removed");
	cr_assert_eq(sh(a, NULL, "rm .git/packed-refs.lock"), 0);
	r = run_sh(a, PACT_BIN " pull");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(sh(a, NULL, "git show-ref -q --verify refs/remotes/origin/gone"), 0);
	free(a);
}

/* A git moving the branch while `pact pull` waits for index.lock (after
 * pull read the branch, before its compare-and-swap): the pull said only
 * "'main' changed during the pull; try again". It must say what moved it
 * (from which commit to which, what git's reflog says), that nothing was
 * changed and to pull again; and nothing is changed. */
Test(fetch_break, a_branch_moved_by_git_during_the_pull_is_explained, .timeout = 120)
{
	char *a = store_init(store_tmp, "a"), *b = strf("%s/b", store_tmp), *f, *up, *init, *up2,
	     *after, *err = NULL, *rc = NULL, *line;
	run_result r;

	f = gen_pact_file(store_tmp, "up.yaml", 2024, "a b:up");
	cr_assert_eq(sh(store_tmp, NULL,
	                BARE_REMOTE PACT_BIN " commit ../up.yaml -m up && git push -q origin "
	                                     "main 2>/dev/null && cd .. && git clone -q r.git b"),
	             0);
	free(f);
	f = gen_pact_file(store_tmp, "up2.yaml", 2024, "a b:up2");
	r = run_sh(a, PACT_BIN " commit ../up2.yaml -m up2 && git push -q origin main 2>/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	up = sh_out(b, "git rev-parse --short=7 main");
	init = sh_out(b, "git rev-parse --short=7 main~1");
	up2 = sh_out(a, "git rev-parse main");
	/* pull is past its fetch (origin/main moved, the fetch list gone) and
	 * holds the store lock again: it read main and waits for index.lock */
	line = strf(": > .git/index.lock && " PACT_BIN " --lang=en pull >../out 2>../err & "
	            "pid=$!; i=0; until [ \"$(git rev-parse -q --verify "
	            "refs/remotes/origin/main)\" = %s ] && [ ! -e .git/pact-fetch.refs ] && "
	            "ls -l /proc/$pid/fd 2>/dev/null | grep -q pact.lock; do sleep 0.01; "
	            "i=$((i+1)); [ $i -lt 3000 ] || break; done; git reset -q --soft HEAD~1 && "
	            "rm .git/index.lock; wait $pid; echo $? >../rc",
	            up2);
	r = run_sh(b, line);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(sh(store_tmp, &rc, "cat rc"), 0);
	cr_assert_eq(sh(store_tmp, &err, "cat err"), 0);
	cr_expect_str_eq(rc, "1", "%s", err);
	cr_expect(strstr(err, "changed during the pull") == NULL, "%s", err);
	cr_expect(strstr(err, "'main' was moved from") != NULL, "%s", err);
	cr_expect(strstr(err, up) && strstr(err, init), "from %s to %s: %s", up, init, err);
	cr_expect(strstr(err, "reset: moving to HEAD~1") != NULL, "git's reflog: %s", err);
	cr_expect(strstr(err, "nothing was changed") && strstr(err, "run 'pact pull' again"), "%s",
	          err);
	after = sh_out(b, "git rev-parse --short=7 main");
	cr_expect_str_eq(after, init, "git's move was undone");
	{
		char *cmd = strf("git diff --quiet %s && git diff --cached --quiet %s", up, up);
		run_result st = run_sh(b, cmd);
		cr_expect_eq(st.status, 0, "the work tree or index moved: %s", st.out);
		run_result_free(&st);
		free(cmd);
	}
	cr_expect_eq(sh(b, NULL, "git fsck --no-dangling 2>&1 && test ! -e .git/index.lock"), 0);
	free(line);
	free(after);
	free(rc);
	free(err);
	free(up);
	free(up2);
	free(init);
	free(f);
	free(b);
	free(a);
}
