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

/* ---- hostile XML -------------------------------------------------------- */

/* A .docx at `path` whose word/document.xml is `len` bytes of `xml`. */
static void make_docx(const char *path, const char *xml, size_t len)
{
	int err = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	cr_assert_not_null(z);
	char *copy = malloc(len ? len : 1);
	cr_assert_not_null(copy);
	memcpy(copy, xml, len);
	cr_assert(zip_file_add(z, "word/document.xml", zip_source_buffer(z, copy, len, 1), 0) >= 0);
	cr_assert_eq(zip_close(z), 0);
}

#define W_DOC                                                                                      \
	"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
#define W_PACT                                                                                     \
	"<w:body><w:p><w:r><w:t>BẢN GIAO ƯỚC THI ĐUA NĂM 2025</w:t></w:r></w:p>"            \
	"<w:p><w:r><w:t>1. Về công tác chuyên môn</w:t></w:r></w:p>"                         \
	"<w:p><w:r><w:t>a) Hoàn thành 100% nhiệm vụ.</w:t></w:r></w:p>"

/* "<!DOCTYPE" in UTF-16 is not those bytes: a byte search let it through,
 * and an entity of 50 KB named 20 000 times (1.2 KB zipped) took 2 GB and
 * 10 s before the text limit stopped it. libxml2 itself now stops at the
 * DOCTYPE, in any encoding; here a small entity, which was expanded. */
Test(import_break, utf16_doctype_is_refused)
{
	static const char xml[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
	                          "<!DOCTYPE d [<!ENTITY e \"được giao\">]>" W_DOC W_PACT
	                          "<w:p><w:r><w:t>b) &e;</w:t></w:r></w:p></w:body></w:document>";
	/* UTF-16LE with a byte-order mark; the text is ASCII but for the
	 * Vietnamese, which goes in as U+FFFD-free BMP code points */
	size_t cap = 2 * sizeof(xml) + 2, n = 0;
	unsigned char *u16 = malloc(cap);
	cr_assert_not_null(u16);
	u16[n++] = 0xFF, u16[n++] = 0xFE;
	for (const unsigned char *p = (const unsigned char *)xml; *p;) {
		unsigned cp = *p++;
		if (cp >= 0xE0)
			cp = (cp & 0x0F) << 12 | (p[0] & 0x3Fu) << 6 | (p[1] & 0x3Fu), p += 2;
		else if (cp >= 0xC0)
			cp = (cp & 0x1F) << 6 | (p[0] & 0x3Fu), p += 1;
		u16[n++] = (unsigned char)(cp & 0xFF), u16[n++] = (unsigned char)(cp >> 8);
	}
	char *dir = make_tempdir();
	char *in = strf("%s/laughs16.docx", dir);
	make_docx(in, (const char *)u16, n);
	run_result r = run_pact(dir, "import", "laughs16.docx", "-o", "out.yaml", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "'laughs16.docx': 'word/document.xml' declares a DOCTYPE or "
	                        "entities") != NULL,
	          "%s", r.err);
	char *out = strf("%s/out.yaml", dir);
	cr_expect_null(read_file(out, NULL), "out.yaml was written");
	run_result_free(&r);
	rm_rf(dir);
	free(out);
	free(in);
	free(u16);
	free(dir);
}

/* Nodes cost memory whatever they are: 3 MB of "<?a?>" (processing
 * instructions, 600 000 nodes) were parsed whole into libxml2's tree
 * and imported; 32 MiB of them (50 KB zipped) took 925 MB. */
Test(import_break, xml_with_too_many_nodes_is_refused)
{
	static const char head[] = "<?xml version=\"1.0\"?>" W_DOC W_PACT;
	size_t n = 600000, len = 0;
	char *xml = malloc(sizeof(head) + 5 * n + 64);
	cr_assert_not_null(xml);
	memcpy(xml, head, sizeof(head) - 1);
	len = sizeof(head) - 1;
	for (size_t i = 0; i < n; i++, len += 5)
		memcpy(xml + len, "<?a?>", 5);
	len += (size_t)sprintf(xml + len, "</w:body></w:document>");
	char *dir = make_tempdir();
	char *in = strf("%s/nodes.docx", dir);
	make_docx(in, xml, len);
	run_result r = run_pact(dir, "import", "nodes.docx", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "'nodes.docx': 'word/document.xml' has more than 500000 XML "
	                        "nodes") != NULL,
	          "%s", r.err);
	cr_expect_eq(r.out[0], '\0', "%s", r.out);
	run_result_free(&r);
	rm_rf(dir);
	free(in);
	free(xml);
	free(dir);
}
