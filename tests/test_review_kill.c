/*
 * test_review_kill.c - every review write SIGKILLed just before each of
 * its writes (build/test-shim.so, PACT_SHIM_KILL_AT), then the officer
 * runs the same command again, as anyone would: it completes, or says it
 * was already done, and the store is whole. No half-made draft (a branch
 * without the pact, or "already exists" for a draft that is not there),
 * no approval or adoption half recorded, no lock left that stops the next
 * pact or git command (HEAD.lock included), git status clean, git fsck
 * --strict happy. Real git is the judge.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

TestSuite(review_kill);

/* What holds after the retry, whatever the write the kill hit: nothing of
 * a killed pact's left, the work tree as the branch, the objects sound. */
#define WHOLE                                                                                      \
	"left=$(find .git -name '*.lock' ! -name pact.lock; ls -d .git/pact-ref.owned "            \
	"  .git/pact-fetch.refs .git/pact-commit.journal .git/pact-index.* 2>/dev/null); "         \
	"[ -z \"$left\" ] || echo \"FAIL left behind: $left\"; "                                   \
	"st=$(git status --porcelain); [ -z \"$st\" ] || echo \"FAIL git status: $st\"; "          \
	"git fsck --strict --no-dangling >/dev/null 2>&1 || echo 'FAIL git fsck'; "                \
	"git switch -q main 2>/dev/null || git checkout -q main 2>/dev/null || "                   \
	"echo 'FAIL git cannot switch'; "

/* One case: `prep` (in a fresh store, fx_store) makes the state before,
 * `cmd` is the pact command killed and retried, `check` (shell, in the
 * store after the retry) prints FAIL lines for what must not be. */
typedef struct kill_case {
	const char *prep, *cmd, *check;
} kill_case;

/* The number of writes `cmd` makes from `base`. */
static long count_writes(const char *dir, const kill_case *k)
{
	run_result r;
	long n;

	cr_assert_eq(
	        fx_sh(&r, dir,
	              "rm -rf w && cp -a base w && cd w && "
	              "LD_PRELOAD=" PACT_SHIM " PACT_SHIM_COUNT=\"$PWD/../count\" "
	              "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0\" "
	              "%s >/dev/null && cat ../count",
	              k->cmd),
	        0, "%s: %s", k->cmd, r.err);
	n = strtol(r.out, NULL, 10);
	run_result_free(&r);
	cr_assert_gt(n, 5, "%s: only %ld writes counted", k->cmd, n);
	return n;
}

static void kill_everywhere(const kill_case *k)
{
	char *dir, *store = fx_store(&dir);
	run_result r;
	long writes, killed = 0;

	/* every object directory made beforehand: which ones a write needs
	 * depends on the ids, which depend on the clock, and would shift the
	 * numbering of the writes from one run to the next */
	cr_assert_eq(fx_sh(&r, store,
	                   "%s && for i in $(seq 0 255); do mkdir -p .git/objects/$(printf %%02x "
	                   "$i); done",
	                   k->prep),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(NULL, dir, "mv store base"), 0);
	writes = count_writes(dir, k);
	for (long n = 1, failed = 0; n <= writes && !failed; n++) {
		int st = fx_sh(&r, dir,
		               "rm -rf w && cp -a base w && cd w && "
		               "(LD_PRELOAD=" PACT_SHIM " PACT_SHIM_KILL_AT=%ld "
		               "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}"
		               "verify_asan_link_order=0\" exec %s >/dev/null 2>&1); "
		               "echo \"killed: $?\"; "
		               "out=$(%s 2>&1); rc=$?; case $rc$out in "
		               "0*|1*already*|1*to\\ revoke*) ;; *) echo \"FAIL the retry: $rc "
		               "$out\";; esac; "
		               "%s " WHOLE,
		               n, k->cmd, k->cmd, k->check);
		cr_assert_eq(st, 0, "%s", r.err);
		killed += strstr(r.out, "killed: 137") != NULL;
		failed = strstr(r.out, "FAIL") != NULL; /* the first is enough to read */
		cr_expect(!failed, "%s killed at write %ld of %ld:\n%s", k->cmd, n, writes, r.out);
		run_result_free(&r);
	}
	/* the numbering may shift by a write or two between runs (a lock
	 * file that is there or not): nearly every run must have been killed */
	cr_expect_geq(killed, writes - 3, "%s: only %ld of %ld runs killed", k->cmd, killed,
	              writes);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* The draft exists with its pact and its review with the opening record;
 * HEAD is on main or on the draft. */
#define OPENED                                                                                     \
	"git cat-file -e draft/2025:pacts/2025.yaml || echo 'FAIL no pact on the draft'; "         \
	"git cat-file -e refs/pact/reviews/2025:review || echo 'FAIL no opening record'; "         \
	"pact --lang=en review status 2025 >/dev/null 2>&1 || echo 'FAIL status'; "

Test(review_kill, an_open_killed_anywhere_is_whole_after_the_retry, .timeout = 900)
{
	kill_case k = {"true", "pact --lang=en review open 2025", OPENED};
	kill_everywhere(&k);
}

/* One approval for so-y-te on the review, exactly once. */
#define APPROVED                                                                                   \
	"pact --lang=en review status 2025 | grep -q 'approved     so-y-te' || "                   \
	"echo 'FAIL not approved'; "                                                               \
	"[ $(git rev-list --count refs/pact/reviews/2025) = 2 ] || echo 'FAIL records: '"          \
	"$(git rev-list --count refs/pact/reviews/2025); "

Test(review_kill, an_approval_killed_anywhere_is_recorded_once, .timeout = 600)
{
	kill_case k = {"pact review open 2025 --no-switch >/dev/null",
	               "pact --lang=en review approve 2025 --member so-y-te " YTE, APPROVED};
	kill_everywhere(&k);
}

Test(review_kill, a_revocation_killed_anywhere_is_recorded_once, .timeout = 600)
{
	kill_case k = {"pact review open 2025 --no-switch >/dev/null && "
	               "pact review approve 2025 --member so-y-te " YTE " >/dev/null",
	               "pact --lang=en review revoke 2025 --member so-y-te " YTE,
	               "pact --lang=en review status 2025 | grep -q 'revoked      so-y-te' || "
	               "echo 'FAIL not revoked'; "
	               "[ $(git rev-list --count refs/pact/reviews/2025) = 3 ] || "
	               "echo 'FAIL records'; "};
	kill_everywhere(&k);
}

Test(review_kill, a_comment_killed_anywhere_is_whole, .timeout = 600)
{
	kill_case k = {"pact review open 2025 --no-switch >/dev/null",
	               "pact --lang=en review comment 2025 --clause khen-thuong 'Đồng ý'",
	               "n=$(pact review comments 2025 --format=json | grep -c '\"text\"'); "
	               "[ \"$n\" = 1 ] || [ \"$n\" = 2 ] || echo \"FAIL comments: $n\"; "};
	kill_everywhere(&k);
}

/* main holds the 2025 pact, tagged pact/2025 on main's merge, the review
 * records the adoption, and status says it is adopted. */
#define ADOPTED                                                                                    \
	"git cat-file -e main:pacts/2025.yaml || echo 'FAIL main lacks the pact'; "                \
	"[ \"$(git rev-parse pact/2025^{commit})\" = \"$(git rev-parse main)\" ] || "              \
	"echo 'FAIL the tag is not on the adoption'; "                                             \
	"git cat-file -e refs/pact/reviews/2025:adopted || echo 'FAIL no adoption record'; "       \
	"pact --lang=en review status 2025 | grep -q '^adopted in' || echo 'FAIL status'; "        \
	"[ \"$(git symbolic-ref HEAD)\" = refs/heads/main ] || echo 'FAIL still on the draft'; "

Test(review_kill, an_adoption_killed_anywhere_is_finished_by_the_retry, .timeout = 900)
{
	kill_case k = {"pact review open 2025 >/dev/null && "
	               "sed -i 's/2025-01-01/2025-03-15/' pacts/2025.yaml && "
	               "pact commit pacts/2025.yaml -m 'Ngày ký' >/dev/null && "
	               "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	               "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null",
	               "pact --lang=en review merge 2025", ADOPTED};
	kill_everywhere(&k);
}
