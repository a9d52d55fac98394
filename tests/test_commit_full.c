/*
 * test_commit_full.c - a commit that fails on a full disk before the
 * commit point leaves the work tree as it was.
 *
 * pact commit writes the work tree files before the branch moves, then
 * the new index (pact-index.tmp) and its copy in index.lock; a write that
 * fails there undoes the commit, and the message says nothing was
 * committed. Putting the old text back is itself a write: on a disk the
 * commit just filled it failed, and the work tree kept the new text of a
 * commit that never happened (git status: modified) while pact said
 * nothing had changed. Each free page in turn is tried, on a small tmpfs
 * in a private mount namespace (root only; CI runs as root).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(commit_full, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* In a private mount namespace (gone with the test process), a small
 * tmpfs at `dir`; 0 when this machine does not allow it. */
static int small_fs(const char *dir)
{
	if (unshare(CLONE_NEWNS) != 0)
		return 0;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return 0;
	return mount("tmpfs", dir, "tmpfs", 0, "size=2m") == 0;
}

/* Leave about `pages` free pages on the file system of `dir`. */
static void fill_leaving(const char *dir, long pages)
{
	struct statvfs v;
	char *f = strf("%s/filler", dir);
	int fd;
	cr_assert_eq(statvfs(dir, &v), 0);
	long long avail = (long long)v.f_bavail * (long long)v.f_frsize - pages * 4096LL;
	fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	cr_assert(fd >= 0);
	if (avail > 0)
		cr_assert_eq(posix_fallocate(fd, 0, avail), 0);
	close(fd);
	free(f);
}

/* `cmd`'s first line of output, without its newline. */
static char *sh_line(const char *dir, const char *cmd)
{
	char *out = NULL;
	cr_assert_eq(sh(dir, &out, "%s", cmd), 0, "%s", cmd);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

Test(commit_full, a_commit_the_disk_stopped_leaves_the_work_tree_as_it_was, .timeout = 240)
{
	char *fs = strf("%s/fs", store_tmp), *s, *filler, *in;
	int undone = 0;
	cr_assert_eq(mkdir(fs, 0755), 0);
	if (!small_fs(fs))
		cr_skip_test("mounting a small tmpfs needs root (CI runs as root)");
	setenv("HOME", fs, 1);
	run_result r = run_pact(fs, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	s = strf("%s/s", fs);
	filler = strf("%s/filler", fs);
	in = gen_pact_file(store_tmp, "in.yaml", 2024, "a b");
	r = run_pact(s, "commit", in, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(in);
	for (int k = 0; k < 16; k++) {
		char *spec = strf("a b:disk%d", k), *before = sh_line(s, "git rev-parse HEAD"),
		     *after;
		in = gen_pact_file(store_tmp, "in.yaml", 2024, spec);
		fill_leaving(fs, k);
		r = run_pact(s, "commit", in, NULL);
		unlink(filler);
		after = sh_line(s, "git rev-parse HEAD");
		if (r.status != 0 && strcmp(before, after) == 0) {
			undone++;
			cr_expect(strstr(r.err, "othing was committed") != NULL, "k=%d: %s", k,
			          r.err);
			cr_expect_eq(sh(s, NULL, "git diff --quiet HEAD"), 0,
			             "k=%d: nothing was committed, yet the work tree holds the new "
			             "text: %s",
			             k, r.err);
		}
		run_result_free(&r);
		/* with room again, the commit goes through */
		r = run_pact(s, "commit", in, NULL);
		cr_expect(r.status == 0 || strstr(r.err, "nothing to commit"), "k=%d: %s", k,
		          r.err);
		run_result_free(&r);
		cr_expect_eq(sh(s, NULL, "test -z \"$(git status --porcelain)\""), 0, "k=%d", k);
		free(before);
		free(after);
		free(spec);
		free(in);
	}
	cr_expect(undone > 3, "the disk never stopped a commit (%d)", undone);
	umount2(fs, MNT_DETACH);
	free(filler);
	free(s);
	free(fs);
}
