/*
 * test_store_links.c - the files pact keeps in .git to prove a lock is its
 * own (pact.lock, pact-ref.owned, pact-index.owned, pact-fetch.refs, the
 * commit journal, the temporary files) planted as symbolic links: to a
 * file outside the repository, to a FIFO, dangling, or reaching another
 * repository's lock through a linked directory. pact must not read, write,
 * truncate, create or delete anything outside, nor hang; it either goes
 * on (replacing the link) or refuses naming the file, and the store stays
 * as git expects it.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(store_links, .init = store_fixture_setup, .fini = store_fixture_teardown);

static const char *const owned_names[] = {
        "pact.lock",      "pact-ref.owned",      "pact-index.owned", "pact-fetch.refs",
        "pact-write.tmp", "pact-commit.journal", "pact-index.old",   "pact-index.tmp",
};

/* The shell words planting .git/NAME as shape s: 0 a link to ../outside
 * (a file whose bytes are checked after), 1 to the FIFO ../fifo, 2 a
 * dangling link to ../nowhere. */
static char *plant(const char *name, int s)
{
	static const char *const target[] = {"outside", "fifo", "nowhere"};
	return strf("rm -rf .git/%s && ln -s \"$PWD/../%s\" .git/%s", name, target[s], name);
}

/* Each name in each shape, then a commit: no hang (exit 137 is the
 * timeout's kill), the outside file's bytes unchanged, the FIFO still a
 * FIFO, nothing created where the dangling link points; either the commit
 * went on or it refused naming the file (exit 3, "remove it"). Once the
 * link is removed, a commit works and git finds the store sound. */
Test(store_links, a_planted_link_is_never_followed, .timeout = 600)
{
	char *s = store_init(store_tmp, "s");
	int n = 0;

	cr_assert_eq(sh(store_tmp, NULL,
	                "printf 'refs/heads/main\\nbytes that must stay\\n' > outside && "
	                "cp outside outside.orig && mkfifo fifo"),
	             0);
	for (size_t i = 0; i < sizeof(owned_names) / sizeof(*owned_names); i++)
		for (int shape = 0; shape < 3; shape++) {
			char *p = plant(owned_names[i], shape), *spec = strf("a b:r%d", n),
			     *f = gen_pact_file(store_tmp, "x.yaml", 2024, spec);
			run_result r;

			cr_assert_eq(sh(s, NULL, "%s", p), 0);
			r = run_sh(s, "timeout -s KILL 30 " PACT_BIN
			              " --lang=en commit ../x.yaml -m x");
			cr_expect_neq(r.status, 137, "%s, shape %d: pact hung", owned_names[i],
			              shape);
			cr_expect(r.status == 0 ||
			                  (r.status == 3 && strstr(r.err, owned_names[i]) &&
			                   strstr(r.err, "remove it")),
			          "%s, shape %d: exit %d: %s", owned_names[i], shape, r.status,
			          r.err);
			run_result_free(&r);
			cr_expect_eq(sh(store_tmp, NULL, "cmp -s outside outside.orig"), 0,
			             "%s, shape %d: the file outside changed", owned_names[i],
			             shape);
			cr_expect_eq(sh(store_tmp, NULL, "test -p fifo"), 0,
			             "%s, shape %d: the FIFO was replaced", owned_names[i], shape);
			cr_expect_neq(sh(store_tmp, NULL, "test -e nowhere || test -L nowhere"), 0,
			              "%s, shape %d: a file was created outside", owned_names[i],
			              shape);
			cr_assert_eq(sh(store_tmp, NULL, "rm -f nowhere && rm -f s/.git/%s",
			                owned_names[i]),
			             0);
			r = run_sh(s, "timeout -s KILL 30 " PACT_BIN " commit ../x.yaml -m again; "
			              "git fsck --no-dangling 2>&1 >/dev/null && "
			              "test -z \"$(git status --porcelain)\"");
			cr_expect_eq(r.status, 0, "%s, shape %d: after the link went: %s",
			             owned_names[i], shape, r.err);
			run_result_free(&r);
			free(f);
			free(spec);
			free(p);
			n++;
		}
	free(s);
}

/* In a bare store (no index, so nothing removed pact-write.tmp first) the
 * atomic write of the fetch list went through a planted pact-write.tmp:
 * the file it pointed to was truncated and overwritten with ref names. */
Test(store_links, a_bare_store_writes_through_no_planted_temporary, .timeout = 120)
{
	char *a = store_init(store_tmp, "a"), *b = strf("%s/b.git", store_tmp);
	run_result r;

	cr_assert_eq(
	        sh(store_tmp, NULL,
	           "printf 'bytes that must stay\\n' > outside && cp outside outside.orig && "
	           "git init -q --bare -b main r.git && git -C a remote add origin ../r.git && "
	           "git -C a push -q origin main main:refs/pact/reviews/2025 2>/dev/null && "
	           "git clone -q --bare r.git b.git "
	           "&& ln -s \"$PWD/outside\" b.git/pact-write.tmp"),
	        0);
	/* refused, naming the link (pact removes nothing it did not make);
	 * once the link is gone, the pull goes through */
	r = run_sh(b, "timeout -s KILL 30 " PACT_BIN " --lang=en review pull");
	cr_expect(r.status == 0 || (r.status == 3 && strstr(r.err, "pact-write.tmp") &&
	                            strstr(r.err, "remove it")),
	          "exit %d: %s", r.status, r.err);
	run_result_free(&r);
	cr_expect_eq(sh(store_tmp, NULL, "cmp -s outside outside.orig"), 0,
	             "written through the link");
	cr_assert_eq(sh(b, NULL, "rm -f pact-write.tmp"), 0);
	r = run_sh(b, "timeout -s KILL 30 " PACT_BIN " review pull");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(b, NULL, "git rev-parse -q --verify refs/pact/reviews/2025 >/dev/null"), 0,
	             "the review was not fetched");
	cr_expect_eq(sh(store_tmp, NULL, "cmp -s outside outside.orig"), 0,
	             "written through the link");
	cr_expect_eq(sh(b, NULL, "test ! -e pact-fetch.refs || test ! -L pact-fetch.refs"), 0,
	             "the link became the fetch list");
	free(b);
	free(a);
}

/* A fetch list naming a ref whose directory is a link into another
 * repository, with pact-ref.owned a hard link of that repository's lock:
 * the recovery deleted the other repository's lock (same inode, reached
 * through the linked directory). It is reached through no link now. */
Test(store_links, recovery_never_removes_a_lock_through_a_linked_directory, .timeout = 120)
{
	char *s = store_init(store_tmp, "s");
	run_result r;

	cr_assert_eq(sh(store_tmp, NULL,
	                "git init -q other && echo git > other/.git/refs/heads/main.lock && "
	                "mkdir -p s/.git/refs/remotes && "
	                "ln -s \"$PWD/other/.git/refs/heads\" s/.git/refs/remotes/evil && "
	                "ln other/.git/refs/heads/main.lock s/.git/pact-ref.owned && "
	                "printf 'refs/remotes/evil/main\\n' > s/.git/pact-fetch.refs"),
	             0);
	{
		char *f = gen_pact_file(store_tmp, "x.yaml", 2024, "a b");
		r = run_pact(s, "commit", f, "-m", "x", NULL);
		free(f);
	}
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(store_tmp, NULL, "test -f other/.git/refs/heads/main.lock"), 0,
	             "another repository's lock was removed");
	cr_expect_eq(sh(s, NULL, "test ! -e .git/pact-fetch.refs"), 0);
	free(s);
}
