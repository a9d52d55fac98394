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
#define HEAD_2025_NO_CLAUSE                                                                                             \
	P("Lạng Sơn, ngày 14 tháng 3 năm 2025")                                                                         \
	P("BẢN GIAO ƯỚC THI ĐUA NĂM 2025")                                                                              \
	P("Khối thi đua Các cơ quan lĩnh vực nội chính")                                                                \
	P("Đại diện lãnh đạo 02 cơ quan thành viên của Khối thi đua gồm: Sở Tư pháp, Thanh tra " \
	  "tỉnh thống nhất ký kết giao ước thi đua năm 2025 với các nội dung sau:")
#define HEAD_2025 HEAD_2025_NO_CLAUSE P("1. Về công tác chuyên môn")

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

/* A file name is anyone's bytes. One with an ESC went into source: as a
 * YAML escape of the ESC itself, so the imported pact did not validate
 * ("control character U+001B in text"); the summary showed it escaped. */
Test(import_break, a_hostile_file_name_keeps_the_pact_valid)
{
	char *dir = make_tempdir();
	char *in = strf("%s/x\033[31mred\n.txt", dir);
	size_t len = 0;
	char *text = read_file(TYPED, &len);
	cr_assert_not_null(text);
	cr_assert_eq(write_file(in, text, len), 0);
	run_result r = run_pact(dir, "import", "x\033[31mred\n.txt", "-o", "2025.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "from 'x\\e[31mred\\n.txt' (plain text (UTF-8))") != NULL, "%s",
	          r.err);
	cr_expect(strstr(r.err, "control character") == NULL, "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "validate", "2025.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
	run_result_free(&r);
	char *out = strf("%s/2025.yaml", dir);
	char *yaml = read_file(out, NULL);
	cr_assert_not_null(yaml);
	cr_expect(strstr(yaml, "from 'x\\\\e[31mred\\\\n.txt'") != NULL, "%s", yaml);
	free(yaml);
	free(out);
	free(text);
	rm_rf(dir);
	free(in);
	free(dir);
}

/* "đạt ≥ 95%" with the sign from Insert > Symbol (w:sym, Symbol font,
 * F0B3) read "đạt 95%": a target changed its meaning. */
Test(import_break, docx_symbol_characters_are_kept)
{
	static const char body[] = HEAD_2025
	        "<w:p><w:r><w:t xml:space=\"preserve\">a) Tỷ lệ hồ sơ đúng hạn đạt "
	        "</w:t><w:sym w:font=\"Symbol\" w:char=\"F0B3\"/><w:t xml:space=\"preserve\">"
	        " 95%, sai sót </w:t><w:sym w:font=\"Symbol\" w:char=\"F0A3\"/>"
	        "<w:t xml:space=\"preserve\"> 1%</w:t><w:sym w:font=\"Wingdings\" "
	        "w:char=\"F0FC\"/><w:sym w:font=\"Cambria Math\" w:char=\"2260\"/>"
	        "<w:t>.</w:t></w:r></w:p>" P("Trên đây là Bản giao ước thi đua năm 2025./.")
	                P("TM. SỞ TƯ PHÁP") P("TM. THANH TRA TỈNH");
	pact_import_result *res = NULL;
	pact_doc *doc = import_docx_body(body, &res);
	cr_assert_eq(doc->nclauses, 1, "%s", res->yaml);
	cr_assert_eq(doc->clauses[0].ncommitments, 1, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[0].commitments[0].text,
	                 "Tỷ lệ hồ sơ đúng hạn đạt ≥ 95%, sai sót ≤ 1%≠.");
	pact_doc_free(doc);
	pact_import_result_free(res);
}

/* A list start of INT_MIN made "start - 1" overflow (undefined behaviour,
 * which `make asan` stops at), in Word's w:start and w:startOverride and
 * in OpenDocument's text:start-value (atoi of a huge value, too). Starts
 * are clamped as Word and LibreOffice clamp them. */
Test(import_break, list_starts_out_of_range_do_not_overflow)
{
	static const char numbering[] =
	        "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
	        "main\"><w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:start "
	        "w:val=\"-2147483648\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"-\"/>"
	        "</w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId "
	        "w:val=\"1\"/></w:num>"
	        "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\">"
	        "<w:startOverride w:val=\"-2147483648\"/></w:lvlOverride></w:num></w:numbering>";
	static const char document[] =
	        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
	        "main\"><w:body><w:p><w:r><w:t>1. Về công tác chuyên môn</w:t></w:r></w:p>"
	        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
	        "<w:r><w:t>Hoàn thành nhiệm vụ.</w:t></w:r></w:p>"
	        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr>"
	        "<w:r><w:t>Tổ chức sơ kết.</w:t></w:r></w:p></w:body></w:document>";
	static const char content[] =
	        "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:"
	        "office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
	        "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"><office:automatic-"
	        "styles><text:list-style style:name=\"L1\"><text:list-level-style-number "
	        "text:level=\"-9223372036854775808\" style:num-format=\"1\"/><text:list-level-"
	        "style-number text:level=\"1\" style:num-format=\"a\" style:num-suffix=\")\" "
	        "text:start-value=\"-99999999999999999999\"/></text:list-style></office:"
	        "automatic-styles><office:body><office:text><text:p>1. Về công tác chuyên môn"
	        "</text:p><text:list text:style-name=\"L1\"><text:list-item><text:p>Hoàn thành "
	        "nhiệm vụ.</text:p></text:list-item></text:list></office:text></office:body>"
	        "</office:document-content>";
	static const char mimetype[] = "application/vnd.oasis.opendocument.text";
	char *dir = make_tempdir();
	const char *names[2] = {"list.docx", "list.odt"};
	for (int k = 0; k < 2; k++) {
		char *in = strf("%s/%s", dir, names[k]);
		int err = 0;
		zip_t *z = zip_open(in, ZIP_CREATE | ZIP_TRUNCATE, &err);
		cr_assert_not_null(z);
		if (k == 0) {
			zip_file_add(z, "word/numbering.xml",
			             zip_source_buffer(z, numbering, strlen(numbering), 0), 0);
			zip_file_add(z, "word/document.xml",
			             zip_source_buffer(z, document, strlen(document), 0), 0);
		} else {
			zip_file_add(z, "mimetype",
			             zip_source_buffer(z, mimetype, strlen(mimetype), 0), 0);
			zip_file_add(z, "content.xml",
			             zip_source_buffer(z, content, strlen(content), 0), 0);
		}
		cr_assert_eq(zip_close(z), 0);
		pact_import_result *res = NULL;
		int rc = pact_import_file(&res, in, NULL);
		cr_expect_eq(rc, 0, "%s: %s", names[k], pact_error_last()->message);
		cr_expect(res && strstr(res->yaml, "Hoàn thành nhiệm vụ.") != NULL, "%s",
		          res ? res->yaml : "");
		pact_import_result_free(res);
		free(in);
	}
	rm_rf(dir);
	free(dir);
}

/* A clause deleted with tracked changes (its paragraphs' text and marks
 * in w:del) still advanced Word's automatic numbering, so the clause after
 * it read "3." after "1.", was not taken for clause 2, and became
 * commitments of clause 1. With the changes accepted, as import reads a
 * document, Word numbers it 2. */
Test(import_break, docx_deleted_numbered_paragraphs_do_not_count)
{
	static const char numbering[] =
	        "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
	        "main\"><w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:start "
	        "w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
	        "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/>"
	        "<w:lvlText w:val=\"%2)\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\">"
	        "<w:abstractNumId w:val=\"1\"/></w:num></w:numbering>";
#define NUMPR(lvl) "<w:numPr><w:ilvl w:val=\"" lvl "\"/><w:numId w:val=\"1\"/></w:numPr>"
#define DELMARK "<w:rPr><w:del w:id=\"9\" w:author=\"A\"/></w:rPr>"
	static const char document[] =
	        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
	        "main\"><w:body>" HEAD_2025_NO_CLAUSE "<w:p><w:pPr>" NUMPR(
	                "0") "</w:pPr><w:r><w:t>Về công tác A</w:t></w:r></w:p>"
	                     "<w:p><w:pPr>" NUMPR(
	                             "1") "</w:pPr><w:r><w:t>Mục một.</w:t></w:r></w:p>"
	                                  "<w:p><w:pPr>" NUMPR("0") DELMARK
	        "</w:pPr><w:del w:id=\"1\" w:author=\"A\"><w:r>"
	        "<w:delText>Về công tác B</w:delText></w:r></w:del></w:p>"
	        "<w:p><w:pPr>" NUMPR("1") DELMARK
	        "</w:pPr><w:del w:id=\"2\" w:author=\"A\"><w:r>"
	        "<w:delText>Mục bị xóa.</w:delText></w:r></w:del></w:p>"
	        "<w:p><w:pPr>" NUMPR(
	                "0") "</w:pPr><w:r><w:t>Về công tác C</w:t></w:r></w:p>"
	                     "<w:p><w:pPr>" NUMPR(
	                             "1") "</w:pPr><w:r><w:t>Mục hai.</w:t></w:r></w:p>"
	                                  "<w:p><w:r><w:t>Trên đây là Bản giao ước thi đua năm "
	                                  "2025./.</w:t></w:r></w:p>"
	                                  "<w:p><w:r><w:t>TM. SỞ TƯ PHÁP</w:t></w:r></w:p>"
	                                  "<w:p><w:r><w:t>TM. THANH TRA TỈNH</w:t></w:r></w:p>"
	                                  "</w:body></w:document>";
#undef NUMPR
#undef DELMARK
	char *dir = make_tempdir();
	char *in = strf("%s/giao-uoc.docx", dir);
	int err = 0;
	zip_t *z = zip_open(in, ZIP_CREATE | ZIP_TRUNCATE, &err);
	cr_assert_not_null(z);
	zip_file_add(z, "word/numbering.xml", zip_source_buffer(z, numbering, strlen(numbering), 0),
	             0);
	zip_file_add(z, "word/document.xml", zip_source_buffer(z, document, strlen(document), 0),
	             0);
	cr_assert_eq(zip_close(z), 0);
	pact_import_result *res = NULL;
	pact_doc *doc = NULL;
	pact_diags d = PACT_DIAGS_INIT;
	cr_assert_eq(pact_import_file(&res, in, NULL), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_doc_parse(&doc, &d, res->yaml, res->len, NULL), 0, "%s", res->yaml);
	cr_assert_eq(doc->nclauses, 2, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[1].title ? doc->clauses[1].title : "", "Về công tác C");
	cr_expect_eq(doc->clauses[0].ncommitments, 1, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[1].commitments[0].text, "Mục hai.");
	pact_diags_clear(&d);
	pact_doc_free(doc);
	pact_import_result_free(res);
	rm_rf(dir);
	free(in);
	free(dir);
}

/* OpenDocument: a text box (draw:frame > draw:text-box) is in the
 * paragraph it is anchored in, and its text was glued to the paragraph's:
 * "Tổ chức sơ kết.c) Tổng kết cuối năm." Its paragraphs follow it now. */
Test(import_break, odt_text_box_paragraphs_follow_their_anchor)
{
	static const char content[] =
	        "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:"
	        "office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
	        "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\"><office:body>"
	        "<office:text><text:p>Lạng Sơn, ngày 14 tháng 3 năm 2025</text:p>"
	        "<text:p>BẢN GIAO ƯỚC THI ĐUA NĂM 2025</text:p>"
	        "<text:p>Khối thi đua Các cơ quan lĩnh vực nội chính</text:p>"
	        "<text:p>Đại diện lãnh đạo 01 cơ quan thành viên của Khối thi đua gồm: Sở Tư "
	        "pháp thống nhất ký kết giao ước thi đua năm 2025 với các nội dung sau:</text:p>"
	        "<text:p>1. Về công tác chuyên môn</text:p>"
	        "<text:p>a) Hoàn thành 100% nhiệm vụ.</text:p>"
	        "<text:p>b) Tổ chức sơ kết.<draw:frame draw:name=\"f1\"><draw:text-box><text:p>c) "
	        "Tổng kết cuối năm.</text:p></draw:text-box></draw:frame></text:p>"
	        "<text:p>Trên đây là Bản giao ước thi đua năm 2025./.</text:p>"
	        "<text:p>TM. SỞ TƯ PHÁP</text:p></office:text></office:body>"
	        "</office:document-content>";
	static const char mimetype[] = "application/vnd.oasis.opendocument.text";
	char *dir = make_tempdir();
	char *in = strf("%s/giao-uoc.odt", dir);
	int err = 0;
	zip_t *z = zip_open(in, ZIP_CREATE | ZIP_TRUNCATE, &err);
	cr_assert_not_null(z);
	zip_file_add(z, "mimetype", zip_source_buffer(z, mimetype, strlen(mimetype), 0), 0);
	zip_file_add(z, "content.xml", zip_source_buffer(z, content, strlen(content), 0), 0);
	cr_assert_eq(zip_close(z), 0);
	pact_import_result *res = NULL;
	pact_doc *doc = NULL;
	pact_diags d = PACT_DIAGS_INIT;
	cr_assert_eq(pact_import_file(&res, in, NULL), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_doc_parse(&doc, &d, res->yaml, res->len, NULL), 0, "%s", res->yaml);
	cr_assert_eq(doc->nclauses, 1, "%s", res->yaml);
	cr_assert_eq(doc->clauses[0].ncommitments, 3, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[0].commitments[1].text, "Tổ chức sơ kết.");
	cr_expect_str_eq(doc->clauses[0].commitments[2].text, "Tổng kết cuối năm.");
	pact_diags_clear(&d);
	pact_doc_free(doc);
	pact_import_result_free(res);
	rm_rf(dir);
	free(in);
	free(dir);
}

/* Word's list styles ("Define New List Style"): the numbering paragraphs
 * use has no levels of its own, only w:numStyleLink naming the style,
 * whose numbering has them. Read as "%1." at every level, the "a)"
 * sub-items were labelled "1.", "2." and became clauses. A block wrapped
 * in w:customXml was skipped whole. */
Test(import_break, docx_list_style_numbering_and_custom_xml_blocks)
{
	static const char numbering[] =
	        "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
	        "main\"><w:abstractNum w:abstractNumId=\"1\"><w:styleLink w:val=\"DanhSach\"/>"
	        "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
	        "<w:lvlText w:val=\"%1.\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/>"
	        "<w:numFmt w:val=\"lowerLetter\"/><w:lvlText "
	        "w:val=\"%2)\"/></w:lvl></w:abstractNum>"
	        "<w:abstractNum w:abstractNumId=\"2\"><w:numStyleLink w:val=\"DanhSach\"/>"
	        "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num>"
	        "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"2\"/></w:num></w:numbering>";
	static const char styles[] =
	        "<w:styles "
	        "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	        "<w:style w:type=\"numbering\" w:styleId=\"DanhSach\"><w:pPr><w:numPr><w:numId "
	        "w:val=\"1\"/></w:numPr></w:pPr></w:style></w:styles>";
#define NUMBERED(lvl, text)                                                                        \
	"<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" lvl "\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr>" \
	"<w:r><w:t>" text "</w:t></w:r></w:p>"
	static const char document[] =
	        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
	        "main\"><w:body>" HEAD_2025_NO_CLAUSE NUMBERED("0", "Về công tác A") NUMBERED(
	                "1", "Mục một.")
	                NUMBERED("1", "Mục hai.") "<w:customXml w:element=\"dieu\">" NUMBERED(
	                        "0", "Về công tác B")
	                        NUMBERED("1",
	                                 "Mục ba.") "</w:customXml>"
	                                            "<w:p><w:r><w:t>Trên đây là Bản giao ước thi "
	                                            "đua năm 2025./.</w:t></w:r></w:p>"
	                                            "<w:p><w:r><w:t>TM. SỞ TƯ "
	                                            "PHÁP</w:t></w:r></w:p></w:body></w:document>";
#undef NUMBERED
	char *dir = make_tempdir();
	char *in = strf("%s/giao-uoc.docx", dir);
	int err = 0;
	zip_t *z = zip_open(in, ZIP_CREATE | ZIP_TRUNCATE, &err);
	cr_assert_not_null(z);
	zip_file_add(z, "word/numbering.xml", zip_source_buffer(z, numbering, strlen(numbering), 0),
	             0);
	zip_file_add(z, "word/styles.xml", zip_source_buffer(z, styles, strlen(styles), 0), 0);
	zip_file_add(z, "word/document.xml", zip_source_buffer(z, document, strlen(document), 0),
	             0);
	cr_assert_eq(zip_close(z), 0);
	pact_import_result *res = NULL;
	pact_doc *doc = NULL;
	pact_diags d = PACT_DIAGS_INIT;
	cr_assert_eq(pact_import_file(&res, in, NULL), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_doc_parse(&doc, &d, res->yaml, res->len, NULL), 0, "%s", res->yaml);
	cr_assert_eq(doc->nclauses, 2, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[0].title ? doc->clauses[0].title : "", "Về công tác A");
	cr_expect_eq(doc->clauses[0].ncommitments, 2, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[1].title ? doc->clauses[1].title : "", "Về công tác B");
	cr_expect_eq(doc->clauses[1].ncommitments, 1, "%s", res->yaml);
	pact_diags_clear(&d);
	pact_doc_free(doc);
	pact_import_result_free(res);
	rm_rf(dir);
	free(in);
	free(dir);
}

/* A table of targets inside a clause, as officers lay them out: heading
 * row "STT | Nội dung | Chỉ tiêu", then a row per target. Cell by cell,
 * "STT", "Nội dung", "Chỉ tiêu", "1", "100%" each became a commitment,
 * apart from what they measure. */
Test(import_break, docx_table_of_targets_gives_a_commitment_per_row)
{
#define TC(text) "<w:tc><w:p><w:r><w:t>" text "</w:t></w:r></w:p></w:tc>"
	static const char body[] = HEAD_2025 "<w:tbl><w:tr>" TC("STT") TC("Nội dung") TC(
	        "Chỉ tiêu") "</w:tr><w:tr>" TC("1") TC("Thủ tục hành chính giải quyết đúng hạn")
	        TC("100%") "</w:tr><w:tr>" TC("2") TC("Mức độ hài lòng của người dân")
	                TC("đạt từ 95% trở lên") "</w:tr></w:tbl>"
	                                         "<w:p><w:r><w:t>Trên đây là Bản giao ước thi đua "
	                                         "năm 2025./.</w:t></w:r></w:p>"
	                                         "<w:p><w:r><w:t>TM. SỞ TƯ PHÁP</w:t></w:r></w:p>";
#undef TC
	pact_import_result *res = NULL;
	pact_doc *doc = import_docx_body(body, &res);
	cr_assert_eq(doc->nclauses, 1, "%s", res->yaml);
	cr_assert_eq(doc->clauses[0].ncommitments, 2, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[0].commitments[0].text,
	                 "Thủ tục hành chính giải quyết đúng hạn: 100%");
	cr_expect_str_eq(doc->clauses[0].commitments[1].text,
	                 "Mức độ hài lòng của người dân đạt từ 95% trở lên");
	pact_doc_free(doc);
	pact_import_result_free(res);
}
