/*
 * test_store_break.c - holes found by attacking the store from outside
 * (issue 8, second pass): each test reproduces one with the pact binary on
 * a real repository in a temporary directory, the real git CLI damaging it
 * or judging the result. Commands that could hang run under timeout(1).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "pact/error.h"
#include "pact/store.h"
#include "store_helpers.h"

TestSuite(store_break, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* A store under store_tmp with 2023 and 2024 committed; returns its path. */
static char *two_years(void)
{
	char *s = strf("%s/s", store_tmp);
	run_result r = run_pact(store_tmp, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "init: %s", r.err);
	run_result_free(&r);
	for (int y = 2023; y <= 2024; y++) {
		char *f = gen_pact_file(store_tmp, "in.yaml", y, y == 2023 ? "a b" : "a b:v2 c");
		r = run_pact(s, "commit", f, NULL);
		cr_assert_eq(r.status, 0, "commit %d: %s", y, r.err);
		run_result_free(&r);
		free(f);
	}
	return s;
}

/* `log --clause` read the store's years and then threw the reason away:
 * a missing tree or a damaged ref said only "unknown failure". */
Test(store_break, log_clause_names_a_missing_tree, .timeout = 60)
{
	char *s = two_years();
	char *id = NULL;
	run_result r;

	cr_assert_eq(sh(s, &id, "git rev-parse HEAD^{tree}"), 0);
	cr_assert_eq(sh(s, NULL, "rm -f .git/objects/%.2s/%s", id, id + 2), 0);
	r = run_sh(s, "timeout -s KILL 20 " PACT_BIN " log --clause a");
	cr_expect_eq(r.status, 3, "exit %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, id) != NULL, "does not name the tree %s: %s", id, r.err);
	cr_expect(strstr(r.err, "unknown failure") == NULL, "%s", r.err);
	run_result_free(&r);
	free(id);
	free(s);
}

Test(store_break, log_clause_names_a_damaged_branch, .timeout = 60)
{
	char *s = two_years();
	run_result r;

	cr_assert_eq(sh(s, NULL, "echo garbage > .git/refs/heads/main"), 0);
	r = run_sh(s, "timeout -s KILL 20 " PACT_BIN " log --clause a");
	cr_expect_eq(r.status, 3, "exit %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, "refs/heads/main") != NULL, "%s", r.err);
	run_result_free(&r);
	free(s);
}

/* The first full object id (40 hex digits) in `s`, or NULL. */
static char *hex_id_in(const char *s)
{
	for (size_t run = 0; *s; s++) {
		run = strchr("0123456789abcdef", *s) ? run + 1 : 0;
		if (run == 40 && (!s[1] || !strchr("0123456789abcdef", s[1])))
			return strndup(s - 39, 40);
	}
	return NULL;
}

/* A damaged pack: libgit2 reports only "error inflating zlib stream"; the
 * message must name the object, as it does for a loose one. */
Test(store_break, a_damaged_packed_object_is_named, .timeout = 60)
{
	char *s = two_years();
	char *id = NULL;
	const char *cmds[] = {"show 2024", "diff 2023 2024", "log --clause a"};

	cr_assert_eq(sh(s, &id, "git rev-parse HEAD:pacts/2024.yaml"), 0);
	/* pack everything (pack-objects fed by rev-list: git gc's repack read
	 * stray input in this sandbox now and then), then scramble the middle
	 * of that blob's data */
	cr_assert_eq(
	        sh(s, NULL,
	           "git rev-list --objects --all | "
	           "git pack-objects -q .git/objects/pack/pack >/dev/null && git prune-packed && "
	           "p=$(ls .git/objects/pack/*.pack) && chmod u+w $p && "
	           "set -- $(git verify-pack -v ${p%%.pack}.idx | grep '^%s ') && "
	           "off=$(( $5 + $4 / 2 )) && "
	           "printf '\\377\\000\\377\\000' | dd of=$p bs=1 seek=$off conv=notrunc "
	           "status=none",
	           id),
	        0);
	cr_assert_neq(sh(s, NULL, "git cat-file -p %s >/dev/null 2>&1", id), 0,
	              "git still reads the blob");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char *cmd = strf("timeout -s KILL 20 %s %s", PACT_BIN, cmds[i]);
		run_result r = run_sh(s, cmd);
		cr_expect_eq(r.status, 3, "pact %s: exit %d: %s", cmds[i], r.status, r.err);
		/* it names the object it could not read (a delta on that blob
		 * counts), and git cannot read that object either */
		char *named = hex_id_in(r.err);
		cr_expect(named != NULL, "pact %s names no object: %s", cmds[i], r.err);
		if (named)
			cr_expect_neq(sh(s, NULL, "git cat-file -p %s >/dev/null 2>&1", named), 0,
			              "pact %s names %s, which git reads: %s", cmds[i], named,
			              r.err);
		cr_expect(strstr(r.err, "corrupt") != NULL, "pact %s: %s", cmds[i], r.err);
		free(named);
		run_result_free(&r);
		free(cmd);
	}
	free(id);
	free(s);
}

/* A file size limit (ulimit -f) killed pact with SIGXFSZ in the middle of
 * a commit, without a word; it must say what failed, like a full disk, and
 * the next pact command must finish the commit. */
Test(store_break, a_file_size_limit_is_reported_not_fatal, .timeout = 60)
{
	char *s = two_years();
	/* a pact bigger than the limit: the work tree file cannot be written */
	const char *spec =
	        "a b:v3 c d e f g h i j k l m n o p q r s t u v w x y z "
	        "a2 b2 c2 d2 e2 f2 g2 h2 i2 j2 k2 l2 m2 n2 o2 p2 q2 r2 s2 t2 u2 v2 w2 x2 y2 z2";
	char *f = gen_pact_file(store_tmp, "big.yaml", 2024, spec);
	char *cmd = strf("ulimit -f 4; %s commit %s -m big", PACT_BIN, f);
	char *out = NULL;
	run_result r = run_sh(s, cmd);
	struct stat st;

	cr_assert_eq(stat(f, &st), 0);
	cr_assert_gt(st.st_size, 4096, "the test pact is too small: %lld", (long long)st.st_size);
	cr_expect_eq(r.status, 3, "exit %d (153: killed by SIGXFSZ): %s", r.status, r.err);
	cr_expect(strstr(r.err, "File too large") != NULL, "%s", r.err);
	run_result_free(&r);
	/* any pact command finishes (or undoes) it; git sees a clean store */
	r = run_pact(s, "log", "--oneline", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "", "git status: %s", out);
	cr_expect_eq(sh(s, NULL, "git fsck --strict --no-dangling >/dev/null 2>&1"), 0);
	free(out);
	free(cmd);
	free(f);
	free(s);
}

/* A fetch killed mid-way leaves refs/remotes/origin/main.lock behind; the
 * next pull said only "failed to lock file '...' for writing: ". It must
 * say what to do, as for pact's own locks. */
Test(store_break, a_stale_remote_ref_lock_says_what_to_do, .timeout = 60)
{
	char *s = two_years();
	char *c = strf("%s/c", store_tmp);
	run_result r;

	cr_assert_eq(
	        sh(store_tmp, NULL, "git clone -q s c && cd s && git commit -q --allow-empty -m x"),
	        0);
	cr_assert_eq(sh(c, NULL, "touch .git/refs/remotes/origin/main.lock"), 0);
	r = run_sh(c, "timeout -s KILL 20 " PACT_BIN " pull");
	cr_expect_eq(r.status, 3, "exit %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, "refs/remotes/origin/main.lock") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "remove") != NULL, "no remedy: %s", r.err);
	cr_expect(strstr(r.err, "writing: \n") == NULL, "%s", r.err);
	run_result_free(&r);
	free(c);
	free(s);
}

/* A signature the caller fills in itself reached libgit2 unchecked when it
 * was the committer (only the author was checked) or when its time or
 * offset was out of what libgit2 1.5 writes: a committer named
 * "C\nencoding x" was written raw into a commit object (git fsck:
 * missingEmail), then the ref move failed with libgit2's "failed to parse
 * signature"; a time of -5 was written as 4294967291 and an offset of
 * 100000 minutes as "+166640" (git fsck: badTimezone). Each is refused up
 * front, and nothing is written. */
Test(store_break, a_signature_git_would_write_wrong_is_refused, .timeout = 60)
{
	char *s = two_years(), *before = NULL, *after = NULL, *tip = NULL;
	pact_signature good = {"A", "a@b.vn", 1700000000, 420};
	pact_signature bad[] = {{"C\nencoding x", "c@b.vn", 1700000000, 0},
	                        {"C", "c@b.vn\r", 1700000000, 0},
	                        {"C", "c@b.vn", -5, 0},
	                        {"C", "c@b.vn", INT64_C(5000000000), 0},
	                        {"C", "c@b.vn", 1700000000, 100000}};
	const char *why[] = {"the committer's name 'C\\nencoding x' contains the control character",
	                     "the committer's e-mail 'c@b.vn\\r' contains the control character",
	                     "the committer's time -5 is not one git can write",
	                     "the committer's time 5000000000 is not one git can write",
	                     "the committer's time zone offset 100000 minutes"};
	pact_store_file f = {"notes.txt", "x\n", 2};
	pact_store *st = NULL;

	cr_assert_eq(sh(s, &before, "git count-objects -v | grep -v size"), 0);
	cr_assert_eq(sh(s, &tip, "git rev-parse HEAD"), 0);
	cr_assert_eq(pact_store_open(&st, s), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pact_commit_opts o = PACT_COMMIT_OPTS_INIT;
		o.committer = &bad[i];
		cr_expect_eq(pact_store_commit_ext(NULL, st, NULL, &f, 1, "m", &good, &o) < 0, 1,
		             "committer %zu", i);
		cr_expect(strstr(pact_error_last()->message, why[i]), "committer %zu: %s", i,
		          pact_error_last()->message);
		cr_expect(pact_store_commit(NULL, st, NULL, &f, 1, "m", &bad[i]) < 0, "author %zu",
		          i);
	}
	pact_store_free(st);
	cr_assert_eq(sh(s, &after, "git count-objects -v | grep -v size"), 0);
	cr_expect_str_eq(after, before, "no object was written");
	free(after);
	cr_assert_eq(sh(s, &after, "git rev-parse HEAD"), 0);
	cr_expect_str_eq(after, tip);
	free(before);
	free(after);
	free(tip);
	free(s);
}
