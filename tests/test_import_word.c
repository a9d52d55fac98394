/*
 * test_import_word.c - `pact import` of Word files as officers write them:
 * automatic numbering in every w:numFmt Word offers (vietnameseCounting,
 * upperRoman, decimalEnclosedCircle, ...), paragraphs partly deleted with
 * tracked changes, and the end of the paper (signatures without "TM.",
 * "(Đã ký)", names, "Nơi nhận:"), which must not become commitments or the
 * closing.
 *
 * Each .docx is written here with libzip from the XML Word writes.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "pact/import.h"

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define DEL_ATTRS "w:id=\"1\" w:author=\"A\" w:date=\"2025-01-01T00:00:00Z\""

/* A numbering of one list: level 0 (clauses) and level 1 (sub-items). */
static char *numbering(const char *fmt0, const char *text0, const char *fmt1, const char *text1)
{
	return strf("<w:numbering " W_NS "><w:abstractNum w:abstractNumId=\"1\">"
	            "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"%s\"/>"
	            "<w:lvlText w:val=\"%s\"/></w:lvl>"
	            "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"%s\"/>"
	            "<w:lvlText w:val=\"%s\"/></w:lvl></w:abstractNum>"
	            "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>",
	            fmt0, text0, fmt1, text1);
}

/* A paragraph; level -1: not in the list. */
static char *para(const char *text, int level)
{
	if (level < 0)
		return strf("<w:p><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>", text);
	return strf("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"%d\"/><w:numId w:val=\"1\"/></w:numPr>"
	            "</w:pPr><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>",
	            level, text);
}

/* Write dir/name.docx from document.xml's body parts (NULL-terminated,
 * each freed) and numbering.xml (may be NULL; freed). */
static char *docx(const char *dir, const char *name, char *num, ...)
{
	char *path = strf("%s/%s", dir, name), *doc = strf("<w:document " W_NS "><w:body>"), *t;
	va_list ap;
	int err = 0;
	zip_t *z;

	va_start(ap, num);
	for (char *part; (part = va_arg(ap, char *)) != NULL; free(part)) {
		t = strf("%s%s", doc, part);
		free(doc);
		doc = t;
	}
	va_end(ap);
	t = strf("%s</w:body></w:document>", doc);
	free(doc);
	doc = t;
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	cr_assert_not_null(z);
	if (num)
		zip_file_add(z, "word/numbering.xml", zip_source_buffer(z, num, strlen(num), 0), 0);
	zip_file_add(z, "word/document.xml", zip_source_buffer(z, doc, strlen(doc), 0), 0);
	cr_assert_eq(zip_close(z), 0);
	free(doc);
	free(num);
	return path;
}

/* Import and parse; a closing import did not find is filled in with "-"
 * so that the rest can be read (the import says what it did not find). */
static pact_doc *import_doc(const char *path, pact_import_result **res)
{
	static const char missing[] = "closing: \"\"";
	pact_doc *doc = NULL;
	pact_diags d = PACT_DIAGS_INIT;
	char *yaml, *at;
	cr_assert_eq(pact_import_file(res, path, NULL), 0, "%s", pact_error_last()->message);
	yaml = strf("%s", (*res)->yaml);
	if ((at = strstr(yaml, missing)) != NULL) {
		char *nl = strchr(at, '\n');
		*at = '\0';
		at = strf("%sclosing: \"-\"%s", yaml, nl ? nl : "");
		free(yaml);
		yaml = at;
	}
	cr_assert_eq(pact_doc_parse(&doc, &d, yaml, strlen(yaml), NULL), 0, "%s\n%s",
	             pact_error_last()->message, yaml);
	pact_diags_clear(&d);
	free(yaml);
	return doc;
}

static int has_warning(const pact_import_result *res, const char *text)
{
	for (size_t i = 0; i < res->diags.count; i++)
		if (strstr(res->diags.items[i].message, text))
			return 1;
	return 0;
}

#define HEAD                                                                                                        \
	para("BẢN GIAO ƯỚC THI ĐUA NĂM 2025", -1), para("Khối thi đua các cơ quan tổng hợp", -1),                   \
	        para("Bắc Giang, ngày 15 tháng 3 năm 2025", -1),                                                    \
	        para("Các cơ quan thành viên gồm: Sở Tư pháp, Sở Nội vụ, Thanh tra tỉnh thống " \
	             "nhất giao ước thi đua năm 2025 như sau:",                                                     \
	             -1)
#define CLOSING para("Trên đây là nội dung giao ước thi đua năm 2025 của Khối.", -1)

/* The list Word numbers "một." "hai." "ba." with its sub-items "1)"
 * "2)": the clauses are 1, 2, 3 and every sub-item is a commitment (the
 * second sub-item, "2)", had been taken for clause 2). */
static void check_three_clauses(const char *fmt0, const char *text0, const char *fmt1,
                                const char *text1)
{
	char *dir = make_tempdir();
	char *path = docx(
	        dir, "giao-uoc.docx", numbering(fmt0, text0, fmt1, text1), HEAD,
	        para("Về công tác chuyên môn", 0), para("Hoàn thành 100% nhiệm vụ được giao.", 1),
	        para("Giải quyết thủ tục hành chính đúng hạn.", 1),
	        para("Về công tác xây dựng Đảng", 0), para("Tổ chức học tập nghị quyết.", 1),
	        para("Không có đảng viên vi phạm.", 1), para("Về công tác đoàn thể", 0),
	        para("Tham gia đầy đủ các phong trào.", 1), CLOSING, NULL);
	pact_import_result *res = NULL;
	pact_doc *doc = import_doc(path, &res);

	cr_assert_eq(doc->nclauses, 3, "%s/%s:\n%s", fmt0, fmt1, res->yaml);
	for (size_t i = 0; i < 3; i++)
		cr_expect_eq(doc->clauses[i].number, (long)i + 1);
	cr_expect_str_eq(doc->clauses[0].title, "Về công tác chuyên môn");
	cr_expect_str_eq(doc->clauses[1].title, "Về công tác xây dựng Đảng");
	cr_assert_eq(doc->clauses[0].ncommitments, 2, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[0].commitments[1].text,
	                 "Giải quyết thủ tục hành chính đúng hạn.");
	cr_assert_eq(doc->clauses[1].ncommitments, 2, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[1].commitments[0].text, "Tổ chức học tập nghị quyết.");
	cr_expect_eq(doc->clauses[2].ncommitments, 1, "%s", res->yaml);
	cr_expect(!has_warning(res, "automatic numbering"), "%s/%s", fmt0, fmt1);
	pact_doc_free(doc);
	pact_import_result_free(res);
	rm_rf(dir);
	free(dir);
	free(path);
}

Test(import_word, vietnamese_counting_clauses_with_numbered_sub_items)
{
	check_three_clauses("vietnameseCounting", "%1.", "decimal", "%2)");
}

Test(import_word, decimal_clauses_with_numbered_sub_items)
{
	check_three_clauses("decimal", "%1.", "decimal", "%2)");
}

Test(import_word, roman_clauses_with_circled_sub_items)
{
	/* "①" has no punctuation: "%2" alone had given "1 Hoàn thành ..." */
	check_three_clauses("upperRoman", "%1.", "decimalEnclosedCircle", "%2");
}

Test(import_word, clauses_in_words_with_letter_sub_items)
{
	check_three_clauses("ordinalText", "Điều %1.", "lowerLetter", "%2)");
}

/* A format import does not read: said once, with its name, and the
 * paragraphs still numbered. */
Test(import_word, a_numbering_it_cannot_read_is_named_in_a_warning)
{
	char *dir = make_tempdir();
	char *path = docx(dir, "giao-uoc.docx", numbering("chicago", "%1.", "bullet", "-"), HEAD,
	                  para("Về công tác chuyên môn", 0),
	                  para("Hoàn thành 100% nhiệm vụ được giao.", 1),
	                  para("Về công tác đoàn thể", 0),
	                  para("Tham gia đầy đủ các phong trào.", 1), CLOSING, NULL);
	pact_import_result *res = NULL;
	pact_doc *doc = import_doc(path, &res);
	size_t n = 0;

	cr_expect_eq(doc->nclauses, 2, "%s", res->yaml);
	for (size_t i = 0; i < res->diags.count; i++)
		if (strstr(res->diags.items[i].message,
		           "Word's automatic numbering 'chicago' is not "
		           "one import reads")) {
			n++;
			cr_expect_eq(res->diags.items[i].line, 5); /* its first paragraph */
		}
	cr_expect_eq(n, 1, "warned %zu times", n);
	pact_doc_free(doc);
	pact_import_result_free(res);
	rm_rf(dir);
	free(dir);
	free(path);
}

/* ---- tracked deletions ------------------------------------------------ */

/* Part of a paragraph deleted, and a paragraph mark deleted with text
 * left: with the changes accepted, "Hoàn thành nhiệm vụ " and "được giao
 * năm 2025." are one paragraph (they had been two commitments), and the
 * words deleted inside a paragraph are gone. */
Test(import_word, partly_deleted_paragraphs_are_joined_as_word_accepts_them)
{
	char *dir = make_tempdir();
	char *path = docx(
	        dir, "giao-uoc.docx", numbering("decimal", "%1.", "lowerLetter", "%2)"), HEAD,
	        para("Về công tác chuyên môn", 0),
	        strf("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr>"
	             "<w:rPr><w:del " DEL_ATTRS "/></w:rPr></w:pPr>"
	             "<w:r><w:t xml:space=\"preserve\">Hoàn thành </w:t></w:r>"
	             "<w:del " DEL_ATTRS "><w:r><w:delText xml:space=\"preserve\">một phần "
	             "</w:delText></w:r></w:del>"
	             "<w:r><w:t xml:space=\"preserve\">nhiệm vụ </w:t></w:r></w:p>"),
	        para("được giao năm 2025.", 1),
	        strf("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr>"
	             "</w:pPr><w:r><w:t>Giải quyết thủ tục</w:t></w:r><w:del " DEL_ATTRS
	             "><w:r><w:delText xml:space=\"preserve\"> hành chính</w:delText></w:r>"
	             "</w:del><w:r><w:t xml:space=\"preserve\"> đúng hạn.</w:t></w:r></w:p>"),
	        para("Về công tác đoàn thể", 0), para("Tham gia các phong trào.", 1), CLOSING,
	        NULL);
	pact_import_result *res = NULL;
	pact_doc *doc = import_doc(path, &res);

	cr_assert_eq(doc->nclauses, 2, "%s", res->yaml);
	cr_assert_eq(doc->clauses[0].ncommitments, 2, "%s", res->yaml);
	cr_expect_str_eq(doc->clauses[0].commitments[0].text,
	                 "Hoàn thành nhiệm vụ được giao năm 2025.");
	cr_expect_str_eq(doc->clauses[0].commitments[1].text, "Giải quyết thủ tục đúng hạn.");
	cr_expect(strstr(res->yaml, "một phần") == NULL);
	pact_doc_free(doc);
	pact_import_result_free(res);
	rm_rf(dir);
	free(dir);
	free(path);
}

/* ---- the end of the paper --------------------------------------------- */

static char *cell3(const char *a, const char *b, const char *c)
{
	return strf("<w:tc>%s%s%s</w:tc>", a, b, c);
}

/* What the last clause must hold, whatever follows it. */
static void check_end(const char *path, int closing)
{
	pact_import_result *res = NULL;
	pact_doc *doc = import_doc(path, &res);

	cr_assert_eq(doc->nclauses, 2, "%s", res->yaml);
	cr_expect_eq(doc->clauses[1].ncommitments, 2, "%s", res->yaml);
	cr_expect(strstr(res->yaml, "Đã ký") == NULL, "%s", res->yaml);
	cr_expect(strstr(res->yaml, "Nguyễn Văn An") == NULL, "%s", res->yaml);
	cr_expect(strstr(res->yaml, "Nơi nhận") == NULL, "%s", res->yaml);
	cr_expect(strstr(res->yaml, "Lưu: VT") == NULL, "%s", res->yaml);
	if (closing)
		cr_expect_str_eq(doc->closing, "Trên đây là nội dung giao ước thi đua năm 2025 "
		                               "của Khối.");
	cr_expect_eq(doc->nmembers, 3);
	pact_doc_free(doc);
	pact_import_result_free(res);
}

#define CLAUSES                                                                                    \
	para("1. Về công tác chuyên môn", -1), para("a) Hoàn thành 100% nhiệm vụ được giao.", -1), \
	        para("2. Về công tác xây dựng Đảng", -1),                                          \
	        para("a) Tổ chức học tập nghị quyết.", -1),                                        \
	        para("b) Không có đảng viên vi phạm.", -1)
#define NOI_NHAN                                                                                   \
	para("Nơi nhận:", -1), para("- Ban Thi đua - Khen thưởng tỉnh;", -1), para("- Lưu: VT.", -1)

/* Signatures in a table whose cells have no "TM.": the table had become
 * one commitment of the last clause ("GIÁM ĐỐC SỞ TƯ PHÁP (Đã ký) Nguyễn
 * Văn An: ..."). */
Test(import_word, a_signature_table_without_tm_is_not_a_commitment)
{
	char *dir = make_tempdir();
	for (int closing = 0; closing < 2; closing++) {
		char *row = strf("<w:tbl><w:tr>%s%s</w:tr></w:tbl>",
		                 cell3("<w:p><w:r><w:t>GIÁM ĐỐC SỞ TƯ PHÁP</w:t></w:r></w:p>",
		                       "<w:p><w:r><w:t>(Đã ký)</w:t></w:r></w:p>",
		                       "<w:p><w:r><w:t>Nguyễn Văn An</w:t></w:r></w:p>"),
		                 cell3("<w:p><w:r><w:t>CHÁNH THANH TRA TỈNH</w:t></w:r></w:p>",
		                       "<w:p><w:r><w:t>(Đã ký)</w:t></w:r></w:p>",
		                       "<w:p><w:r><w:t>Lê Văn Cường</w:t></w:r></w:p>"));
		char *path =
		        closing ? docx(dir, "a.docx", NULL, HEAD, CLAUSES, CLOSING, row, NOI_NHAN,
		                       NULL)
		                : docx(dir, "b.docx", NULL, HEAD, CLAUSES, row, NOI_NHAN, NULL);
		check_end(path, closing);
		free(path);
	}
	rm_rf(dir);
	free(dir);
}

/* Signatures typed as lines in ordinary case: "Giám đốc Sở Tư pháp",
 * "(Đã ký)", the name; they had become six commitments, or the closing's
 * tail. */
Test(import_word, signature_lines_with_da_ky_are_not_commitments_or_the_closing)
{
	char *dir = make_tempdir();
	for (int closing = 0; closing < 2; closing++) {
		char *path = docx(dir, closing ? "a.docx" : "b.docx", NULL, HEAD, CLAUSES,
		                  closing ? CLOSING : para("", -1), para("Giám đốc Sở Tư pháp", -1),
		                  para("(Đã ký)", -1), para("Nguyễn Văn An", -1),
		                  para("KT. GIÁM ĐỐC SỞ NỘI VỤ", -1), para("PHÓ GIÁM ĐỐC", -1),
		                  para("(Đã ký)", -1), para("Trần Thị Bình", -1),
		                  para("(Ký, ghi rõ họ tên)", -1), para("Lê Văn Cường", -1),
		                  NOI_NHAN, NULL);
		check_end(path, closing);
		free(path);
	}
	rm_rf(dir);
	free(dir);
}

/* "TL. GIÁM ĐỐC" / "TRƯỞNG PHÒNG": the title is no member agency (folded,
 * "trưởng" reads as "trường", a school). */
Test(import_word, a_head_of_office_title_is_not_taken_for_a_member)
{
	char *dir = make_tempdir();
	char *path = docx(dir, "a.docx", NULL, HEAD, CLAUSES, CLOSING, para("TL. GIÁM ĐỐC", -1),
	                  para("TRƯỞNG PHÒNG", -1), para("(Đã ký)", -1), para("Nguyễn Văn An", -1),
	                  para("TM. KHỐI THI ĐUA", -1), para("TRƯỞNG KHỐI", -1), NOI_NHAN, NULL);
	pact_import_result *res = NULL;
	pact_doc *doc = import_doc(path, &res);

	cr_expect(!has_warning(res, "TRƯỞNG"), "%s",
	          res->diags.count ? res->diags.items[0].message : "");
	cr_expect_eq(doc->nmembers, 3);
	pact_doc_free(doc);
	pact_import_result_free(res);
	rm_rf(dir);
	free(dir);
	free(path);
}
