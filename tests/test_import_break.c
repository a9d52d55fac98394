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
#include "pact/doc.h"
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

/* ---- what is imported -------------------------------------------------- */

static pact_doc *import_text(const char *text, pact_import_result **res)
{
	pact_import_opts o = PACT_IMPORT_OPTS_INIT;
	pact_doc *doc = NULL;
	pact_diags d = PACT_DIAGS_INIT;
	o.name = "giao-uoc.txt";
	cr_assert_eq(pact_import_buffer(res, text, strlen(text), &o), 0, "%s",
	             pact_error_last()->message);
	cr_assert_eq(pact_doc_parse(&doc, &d, (*res)->yaml, (*res)->len, NULL), 0, "%s",
	             (*res)->yaml);
	pact_diags_clear(&d);
	return doc;
}

/* A commitment of the last clause with a deadline ("trước ngày
 * 15/12/2025") was taken for the place-and-date line of the signatures:
 * the clause kept only its title (as a commitment), and the closing was
 * lost into the signature block. */
Test(import_break, a_date_in_the_last_clause_is_a_commitment)
{
	static const char text[] =
	        "Lạng Sơn, ngày 14 tháng 3 năm 2025\n"
	        "BẢN GIAO ƯỚC THI ĐUA NĂM 2025\n"
	        "Khối thi đua Các cơ quan lĩnh vực nội chính\n"
	        "Đại diện lãnh đạo 02 cơ quan thành viên của Khối thi đua gồm: Sở Tư pháp, "
	        "Thanh tra tỉnh thống nhất ký kết giao ước thi đua năm 2025 với các nội dung "
	        "sau:\n"
	        "1. Về công tác chuyên môn\n"
	        "a) Hoàn thành 100% nhiệm vụ trước ngày 15/12/2025.\n"
	        "b) Tổ chức sơ kết trước ngày 30 tháng 6 năm 2025\n"
	        "Trên đây là Bản giao ước thi đua năm 2025./.\n"
	        "TM. SỞ TƯ PHÁP\n"
	        "TM. THANH TRA TỈNH\n";
	pact_import_result *res = NULL;
	pact_doc *doc = import_text(text, &res);
	cr_assert_eq(doc->nclauses, 1);
	cr_expect_str_eq(doc->clauses[0].title ? doc->clauses[0].title : "",
	                 "Về công tác chuyên môn");
	cr_assert_eq(doc->clauses[0].ncommitments, 2, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[0].commitments[0].text,
	                 "Hoàn thành 100% nhiệm vụ trước ngày 15/12/2025.");
	cr_expect_str_eq(doc->clauses[0].commitments[1].text,
	                 "Tổ chức sơ kết trước ngày 30 tháng 6 năm 2025");
	cr_expect_str_eq(doc->closing, "Trên đây là Bản giao ước thi đua năm 2025./.");
	cr_expect_eq(doc->signed_date.day, 14);
	cr_expect(res->complete, "%s", res->yaml);
	pact_doc_free(doc);
	pact_import_result_free(res);
}

static pact_doc *import_docx_body(const char *body, pact_import_result **res)
{
	char *dir = make_tempdir();
	char *in = strf("%s/giao-uoc.docx", dir);
	char *xml = strf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	                 "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
	                 "wordprocessingml/2006/main\" xmlns:mc=\"http://schemas.openxmlformats."
	                 "org/markup-compatibility/2006\" xmlns:v=\"urn:schemas-microsoft-com:"
	                 "vml\"><w:body>%s</w:body></w:document>",
	                 body);
	pact_doc *doc = NULL;
	pact_diags d = PACT_DIAGS_INIT;
	make_docx(in, xml, strlen(xml));
	cr_assert_eq(pact_import_file(res, in, NULL), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_doc_parse(&doc, &d, (*res)->yaml, (*res)->len, NULL), 0, "%s",
	             (*res)->yaml);
	pact_diags_clear(&d);
	rm_rf(dir);
	free(xml);
	free(in);
	free(dir);
	return doc;
}

#define P(text) "<w:p><w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r></w:p>"
#define HEAD_2025                                                                                                       \
	P("Lạng Sơn, ngày 14 tháng 3 năm 2025")                                                                         \
	P("BẢN GIAO ƯỚC THI ĐUA NĂM 2025")                                                                              \
	P("Khối thi đua Các cơ quan lĩnh vực nội chính")                                                                \
	P("Đại diện lãnh đạo 02 cơ quan thành viên của Khối thi đua gồm: Sở Tư pháp, Thanh tra " \
	  "tỉnh thống nhất ký kết giao ước thi đua năm 2025 với các nội dung sau:")                                     \
	P("1. Về công tác chuyên môn")

/* Word as officers use it, with "accept all changes" as what is meant:
 * - text moved by a tracked change (w:moveFrom holds w:t, like w:moveTo)
 *   was imported twice: "Hoàn thành 100% nhiệm vụ 100% được giao.";
 * - a text box is written twice (mc:Choice for Word, mc:Fallback for old
 *   readers) inside the paragraph it is anchored in: the signature "TM.
 *   SỞ TƯ PHÁP" in one was glued twice to a commitment;
 * - a non-breaking hyphen (w:noBreakHyphen) was dropped: "UBNDSở";
 * - hidden text (w:vanish), which Word neither shows nor prints, was
 *   imported. */
Test(import_break, docx_tracked_moves_text_boxes_hyphens_hidden_text)
{
	static const char body[] = HEAD_2025
	        "<w:p><w:r><w:t xml:space=\"preserve\">a) Hoàn thành </w:t></w:r>"
	        "<w:moveFrom w:id=\"1\" w:author=\"A\"><w:r><w:t xml:space=\"preserve\">100% "
	        "</w:t></w:r></w:moveFrom>"
	        "<w:r><w:t xml:space=\"preserve\">nhiệm vụ </w:t></w:r>"
	        "<w:moveTo w:id=\"2\" w:author=\"A\"><w:r><w:t xml:space=\"preserve\">100% "
	        "</w:t></w:r></w:moveTo>"
	        "<w:r><w:t xml:space=\"preserve\">được giao.</w:t></w:r></w:p>"
	        "<w:p><w:r><w:t xml:space=\"preserve\">b) Phối hợp "
	        "UBND</w:t></w:r><w:r><w:noBreakHyphen/></w:r>"
	        "<w:r><w:t xml:space=\"preserve\">Sở Tư pháp</w:t></w:r>"
	        "<w:r><w:rPr><w:vanish/></w:rPr><w:t> (ghi chú ẩn)</w:t></w:r>"
	        "<w:r><w:t xml:space=\"preserve\">.</w:t></w:r>"
	        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbx>"
	        "<w:txbxContent><w:p><w:r><w:t>Trên đây là Bản giao ước thi đua năm "
	        "2025./.</w:t></w:r></w:p></w:txbxContent>"
	        "</w:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
	        "<w:txbxContent><w:p><w:r><w:t>Trên đây là Bản giao ước thi đua năm "
	        "2025./.</w:t></w:r></w:p></w:txbxContent>"
	        "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
	        "<w:p><w:r><w:t xml:space=\"preserve\">TM. SỞ TƯ PHÁP</w:t></w:r></w:p>"
	        "<w:p><w:r><w:t xml:space=\"preserve\">TM. THANH TRA TỈNH</w:t></w:r></w:p>";
	pact_import_result *res = NULL;
	pact_doc *doc = import_docx_body(body, &res);
	cr_assert_eq(doc->nclauses, 1, "%s", res->yaml);
	cr_assert_eq(doc->clauses[0].ncommitments, 2, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[0].commitments[0].text,
	                 "Hoàn thành nhiệm vụ 100% được giao.");
	cr_expect_str_eq(doc->clauses[0].commitments[1].text, "Phối hợp UBND-Sở Tư pháp.");
	cr_expect_str_eq(doc->closing, "Trên đây là Bản giao ước thi đua năm 2025./.");
	cr_expect(res->complete, "%s", res->yaml);
	pact_doc_free(doc);
	pact_import_result_free(res);
}
