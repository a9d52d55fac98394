/*
 * test_store_race.c - the versioned store under racing and killed writers:
 * concurrent commits never lose one, a held lock times out cleanly, a
 * commit killed at any moment leaves the store consistent. Split from
 * test_store.c.
 *
 * Every test makes its own temporary directory, which is also HOME.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "pact/error.h"
#include "pact/store.h"
#include "store_helpers.h"

TestSuite(store_race, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* ---- races and crashes ------------------------------------------------------ */

Test(store_race, racing_commits_never_lose_one)
{
	char *s = store_init(store_tmp, "s"), *out = NULL;
	enum { N = 8 };
	for (int i = 0; i < N; i++)
		free(gen_pact_file(store_tmp, strf("p%d.yaml", i), 2000 + i, "a b"));
	/* N processes at once, each its own year. */
	cr_assert_eq(sh(store_tmp, NULL,
	                "for i in 0 1 2 3 4 5 6 7; do %s -C s commit \"$PWD/p$i.yaml\" >/dev/null "
	                "2>err$i & "
	                "done; wait; cat err* >&2; ! grep -q error err*",
	                PACT_BIN),
	             0);
	cr_expect_eq(store_count_commits(s), N + 1);
	cr_expect_eq(sh(s, NULL, "git fsck --strict"), 0);
	cr_expect_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	cr_expect_eq(sh(s, &out, "git ls-tree --name-only HEAD pacts/ | wc -l"), 0);
	cr_expect_eq(atoi(out), N + 1); /* + .gitkeep */
	free(out);
	free(s);
}

Test(store_race, held_lock_times_out_cleanly)
{
	char *s = store_init(store_tmp, "s"), *lock = strf("%s/.git/pact.lock", s);
	pact_store *st = NULL;
	pact_signature *sig = NULL;
	char *text = gen_pact(2025, "a");
	pact_store_file file = {"pacts/2025.yaml", text, strlen(text)};
	pact_commit_opts o = PACT_COMMIT_OPTS_INIT;
	int fd = open(lock, O_RDWR | O_CREAT, 0644);

	cr_assert(fd >= 0);
	cr_assert_eq(flock(fd, LOCK_EX), 0);
	cr_assert_eq(pact_store_open(&st, s), 0);
	cr_assert_eq(pact_store_signature(&sig, NULL, st, "A <a@b.c>"), 0);
	o.max_wait_ms = 200;
	cr_expect_eq(pact_store_commit_ext(NULL, st, NULL, &file, 1, "m", sig, &o), PACT_ECONFLICT);
	cr_expect(strstr(pact_error_last()->message, "another pact process") != NULL);
	close(fd); /* released: the next one goes through */
	cr_expect_eq(pact_store_commit_ext(NULL, st, NULL, &file, 1, "m", sig, &o), 0);
	pact_signature_free(sig);
	pact_store_free(st);
	free(text);
	free(lock);
	free(s);
}

Test(store_race, killed_commit_leaves_the_store_consistent)
{
	char *s = store_init(store_tmp, "s"), *out = NULL;
	/* Kill commits at staggered moments; whatever moment it hits, the
	 * branch is either the old or the new commit and fsck is clean. */
	for (int i = 0; i < 12; i++) {
		char *name = strf("p%d.yaml", i);
		free(gen_pact_file(store_tmp, name, 2000 + i, "a b c"));
		sh(store_tmp, NULL,
		   "timeout -s KILL 0.0%02d %s -C s commit \"$PWD/%s\" >/dev/null 2>&1", i * 2 + 1,
		   PACT_BIN, name);
		free(name);
		cr_expect_eq(sh(s, NULL, "git fsck --strict --no-dangling 2>&1"), 0, "round %d", i);
		cr_expect_eq(sh(s, NULL, "git rev-parse --verify -q HEAD >/dev/null"), 0);
		cr_expect_eq(sh(s, &out, "git status --porcelain | grep '^[?][?]' || true"), 0);
		cr_expect_str_eq(out, "", "round %d: stray files", i);
		free(out);
	}
	/* A later commit still works and leaves a clean status. */
	free(gen_pact_file(store_tmp, "last.yaml", 2099, "z"));
	char *last = strf("%s/last.yaml", store_tmp);
	run_result r = run_pact(store_tmp, "-C", "s", "commit", last, NULL);
	free(last);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, &out, "git ls-files --deleted --unmerged"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	free(s);
}
