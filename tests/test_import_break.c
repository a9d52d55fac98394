/*
 * test_import_break.c - `pact import` attacked with fresh eyes: where its
 * output goes (-o to a device, a FIFO, a link), hostile XML that slipped
 * past the DOCTYPE check, and Word constructs whose text was imported
 * twice or lost.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "helpers.h"
#include "pact/error.h"
#include "pact/import.h"

#define TYPED PACT_SRCDIR "/tests/data/import/typed-2025.txt"

/* ---- where -o writes ------------------------------------------------- */

/* -o /dev/null (as in README's hyperfine line), /dev/stdout or a FIFO:
 * written into, never replaced by a regular file (as root, the rename of
 * the temporary file replaced /dev/null itself). A FIFO stands for the
 * device here: the test must not touch the machine's /dev/null. */
Test(import_break, output_to_a_fifo_is_written_into_not_replaced)
{
	char *dir = make_tempdir();
	char *fifo = strf("%s/out.fifo", dir);
	char buf[65536];
	struct stat st;
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	/* a reader that does not block the writer: O_RDWR on a FIFO */
	int fd = open(fifo, O_RDWR | O_NONBLOCK);
	cr_assert(fd >= 0);
	run_result r = run_pact(dir, "import", TYPED, "-o", "out.fifo", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(lstat(fifo, &st), 0);
	cr_expect(S_ISFIFO(st.st_mode), "out.fifo was replaced by a file of mode %o",
	          (unsigned)st.st_mode);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	cr_expect(strstr(buf, "schema: pact/1") != NULL, "the FIFO got: '%s'", buf);
	close(fd);
	run_result_free(&r);
	rm_rf(dir);
	free(fifo);
	free(dir);
}

/* -o through a symbolic link: the link stays, its target gets the pact */
Test(import_break, output_through_a_link_replaces_the_target)
{
	char *dir = make_tempdir();
	char *target = strf("%s/thật.yaml", dir), *link = strf("%s/2025.yaml", dir);
	struct stat st;
	cr_assert_eq(write_file(target, "old\n", 4), 0);
	cr_assert_eq(symlink("thật.yaml", link), 0);
	run_result r = run_pact(dir, "import", TYPED, "-o", "2025.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(lstat(link, &st), 0);
	cr_expect(S_ISLNK(st.st_mode), "the link 2025.yaml was replaced by a file");
	size_t len = 0;
	char *got = read_file(target, &len);
	cr_assert_not_null(got);
	cr_expect(strncmp(got, "schema: pact/1", 14) == 0, "the target holds '%s'", got);
	free(got);
	run_result_free(&r);
	rm_rf(dir);
	free(target);
	free(link);
	free(dir);
}

/* -o over an existing file keeps its permissions (mkstemp's 0600 made a
 * shared 0644 pact unreadable to the others) */
Test(import_break, output_keeps_the_old_files_mode)
{
	char *dir = make_tempdir();
	char *out = strf("%s/2025.yaml", dir);
	struct stat st;
	cr_assert_eq(write_file(out, "old\n", 4), 0);
	cr_assert_eq(chmod(out, 0644), 0);
	run_result r = run_pact(dir, "import", TYPED, "-o", "2025.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(stat(out, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0644, "mode %o", (unsigned)(st.st_mode & 0777));
	run_result_free(&r);
	rm_rf(dir);
	free(out);
	free(dir);
}

/* -o a directory: refused, exit 3, and the directory left alone */
Test(import_break, output_to_a_directory_is_refused)
{
	char *dir = make_tempdir();
	char *sub = strf("%s/d", dir);
	cr_assert_eq(mkdir(sub, 0755), 0);
	run_result r = run_pact(dir, "import", TYPED, "-o", "d", NULL);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "cannot write 'd': Is a directory") != NULL, "%s", r.err);
	struct stat st;
	cr_expect(stat(sub, &st) == 0 && S_ISDIR(st.st_mode));
	run_result_free(&r);
	rm_rf(dir);
	free(sub);
	free(dir);
}
