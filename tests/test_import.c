/*
 * test_import.c - `pact import` and pact_import_*: from the documents
 * officers hold to a pact/1 document. The OCR seed (tests/data/import/
 * seed-2024-ocr.txt, diacritics lost) is the real input the issue starts
 * from; the other fixtures are made by tests/data/import/make-fixtures.py.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "pact/import.h"

#define SEED PACT_SRCDIR "/tests/data/import/seed-2024-ocr.txt"

static pact_import_result *import_ok(const char *path, const pact_import_opts *opts)
{
	pact_import_result *res = NULL;
	int rc = pact_import_file(&res, path, opts);
	cr_assert_eq(rc, 0, "%s", pact_error_last()->message);
	cr_assert_not_null(res);
	return res;
}

static pact_doc *parse_ok(const pact_import_result *res)
{
	pact_doc *doc = NULL;
	pact_diags d = PACT_DIAGS_INIT;
	int rc = pact_doc_parse(&doc, &d, res->yaml, res->len, NULL);
	cr_assert_eq(rc, 0, "%s\n%s", pact_error_last()->message, res->yaml);
	pact_diags_clear(&d);
	return doc;
}

static int has_warning(const pact_import_result *res, const char *code)
{
	for (size_t i = 0; i < res->diags.count; i++)
		if (!strcmp(res->diags.items[i].code, code))
			return 1;
	return 0;
}

Test(import, ocr_seed_alone)
{
	pact_import_result *res = import_ok(SEED, NULL);
	pact_doc *doc = parse_ok(res);

	cr_expect(res->complete);
	cr_expect_eq(doc->year, 2024);
	cr_expect_eq(doc->nclauses, 6);
	cr_expect_eq(doc->nmembers, 5);
	cr_expect_eq(doc->signed_date.year, 2024);
	cr_expect_eq(doc->signed_date.month, 5);
	cr_expect_eq(doc->signed_date.day, 9);
	cr_expect_str_eq(doc->signed_place, "Bac Giang");
	cr_expect_str_eq(doc->members[0].name, "S& Ngoaiv vu");
	cr_expect_str_eq(doc->members[1].name, "Bao hiém xa hoi tinh");
	/* "Sở Văn hóa, Thể thao và Du lịch" is one member, comma and all */
	cr_expect(strstr(doc->members[3].name, "Du lich") != NULL, "%s", doc->members[3].name);
	cr_expect(has_warning(res, "no-diacritics"));
	/* the diacritics warning points at clause 1's line in the input */
	for (size_t i = 0; i < res->diags.count; i++)
		if (!strcmp(res->diags.items[i].code, "no-diacritics"))
			cr_expect_eq(res->diags.items[i].line, 16);
	/* lines the layout broke are joined; "01-" + "KL/TW" glued */
	cr_expect(strstr(doc->clauses[0].commitments[0].text, "01-KL/TW") != NULL);
	/* clause 3 continues across the page break */
	cr_expect(strstr(doc->clauses[2].commitments[3].text, "doi mai sang tao") != NULL, "%s",
	          doc->clauses[2].commitments[3].text);
	cr_expect(strncmp(doc->closing, "Trén day 1a Ban giao", 20) == 0, "%s", doc->closing);
	cr_expect(strncmp(doc->preamble, "Nhédm phat huy", 14) == 0, "%s", doc->preamble);
	cr_expect(strstr(doc->source, "seed-2024-ocr.txt") != NULL, "%s", doc->source);
	pact_doc_free(doc);
	pact_import_result_free(res);
}

Test(import, ocr_seed_like_last_year_keeps_ids)
{
	pact_doc *like = NULL;
	pact_import_opts opts = PACT_IMPORT_OPTS_INIT;
	cr_assert_eq(pact_doc_load_file(&like, NULL, PACT_SRCDIR "/pacts/2024.yaml", NULL), 0);
	opts.like = like;
	pact_import_result *res = import_ok(SEED, &opts);
	pact_doc *doc = parse_ok(res);
	cr_assert_eq(doc->nclauses, like->nclauses);
	for (size_t i = 0; i < doc->nclauses; i++)
		cr_expect_str_eq(doc->clauses[i].id, like->clauses[i].id);
	cr_assert_eq(doc->nmembers, like->nmembers);
	for (size_t i = 0; i < doc->nmembers; i++)
		cr_expect_str_eq(doc->members[i].id, like->members[i].id);
	pact_doc_free(doc);
	pact_doc_free(like);
	pact_import_result_free(res);
}

Test(import, cli_writes_a_file_that_validates)
{
	char *dir = make_tempdir();
	char *out = strf("%s/2024.yaml", dir);
	run_result r = run_pact(dir, "import", SEED, "-o", out, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	cr_expect(strstr(r.err, "seed-2024-ocr.txt:16: warning: the text has lost most of its "
	                        "diacritics") != NULL,
	          "%s", r.err);
	cr_expect(strstr(r.err, "imported 6 clauses, 24 commitments, 5 members from") != NULL, "%s",
	          r.err);
	run_result_free(&r);
	r = run_pact(dir, "validate", "2024.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "2024.yaml: valid (6 clauses, 5 members)\n");
	run_result_free(&r);
	rm_rf(dir);
	free(out);
	free(dir);
}

/* bad input: exit 1, a clear message, nothing written */
static void refused(const char *name, const char *content, size_t len, const char *msg)
{
	char *dir = make_tempdir();
	char *in = strf("%s/%s", dir, name);
	cr_assert_eq(write_file(in, content, len), 0);
	run_result r = run_pact(dir, "import", name, "-o", "out.yaml", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, msg) != NULL, "%s", r.err);
	char *written = strf("%s/out.yaml", dir);
	char *data = read_file(written, NULL);
	cr_expect_null(data, "something was written for %s", name);
	free(data);
	free(written);
	run_result_free(&r);
	rm_rf(dir);
	free(in);
	free(dir);
}

Test(import, empty_file_is_refused)
{
	refused("empty.txt", "", 0, "pact: error: 'empty.txt' is empty\n");
}

Test(import, binary_file_is_refused)
{
	static const char elf[] = "\x7f"
	                          "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0";
	refused("giao-uoc.txt", elf, sizeof(elf),
	        "'giao-uoc.txt' is not a document pact import can read");
}

Test(import, text_without_clauses_is_refused)
{
	const char *t = "Bắc Giang, ngày 09 tháng 5 năm 2024\n\nBÁO CÁO TỔNG KẾT\n\nNăm qua các cơ "
	                "quan đã hoàn thành.\n";
	refused("bao-cao.txt", t, strlen(t), "'bao-cao.txt': no numbered clause found");
}

Test(import, slugs)
{
	char *s = pact_import_slug("Sở Tư pháp", 40);
	cr_expect_str_eq(s, "so-tu-phap");
	free(s);
	s = pact_import_slug("Sở Lao động - Thương binh và Xã hội", 20);
	cr_expect_str_eq(s, "so-lao-dong-thuong");
	free(s);
	s = pact_import_slug("Đảng ủy Khối", 0);
	cr_expect_str_eq(s, "dang-uy-khoi");
	free(s);
	cr_expect_null(pact_import_slug("“—”", 0));
}

#define TYPED PACT_SRCDIR "/tests/data/import/typed-2025.txt"

static void expect_typed_2025(const pact_doc *doc)
{
	static const char *const titles[] = {
	        "Về công tác lãnh đạo, chỉ đạo", "Về công tác chuyên môn",
	        "Về công tác thi đua, khen thưởng", "Về xây dựng tổ chức đảng và đoàn thể"};
	static const char *const cm[][3] = {
	        {"Quán triệt, triển khai kịp thời các chủ trương của Đảng, chính sách, pháp luật "
	         "của "
	         "Nhà nước đến toàn thể cán bộ, công chức.",
	         "Xây dựng kế hoạch công tác năm 2025 sát với thực tế; hoàn thành 100% nhiệm vụ "
	         "được giao.",
	         "Tổ chức sơ kết, tổng kết đúng thời gian quy định."},
	        {"Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được Ủy ban nhân dân tỉnh giao.",
	         "Đẩy mạnh cải cách hành chính, nâng cao chỉ số hài lòng của người dân.",
	         "Ứng dụng công nghệ thông tin trong quản lý, điều hành; thực hiện số hóa hồ sơ, "
	         "tài "
	         "liệu theo lộ trình."},
	        {"Phát động các phong trào thi đua thiết thực, hiệu quả, gắn với nhiệm vụ chính "
	         "trị của "
	         "từng cơ quan.",
	         "Phát hiện, bồi dưỡng, nhân rộng các điển hình tiên tiến.", NULL},
	        {"Xây dựng tổ chức đảng trong sạch, vững mạnh; các đoàn thể hoàn thành xuất sắc "
	         "nhiệm vụ.",
	         "Thực hiện tốt quy chế dân chủ ở cơ sở.", NULL}};
	static const char *const members[] = {"Sở Tư pháp", "Thanh tra tỉnh", "Sở Nội vụ",
	                                      "Công an tỉnh"};
	static const char *const ids[] = {"so-tu-phap", "thanh-tra-tinh", "so-noi-vu",
	                                  "cong-an-tinh"};

	cr_expect_eq(doc->year, 2025);
	cr_expect_str_eq(doc->title, "Bản giao ước thi đua năm 2025");
	cr_expect_str_eq(doc->bloc, "Khối thi đua Các cơ quan lĩnh vực nội chính");
	cr_expect_str_eq(doc->province, "Lạng Sơn");
	cr_expect_str_eq(doc->signed_place, "Lạng Sơn");
	cr_expect_eq(doc->signed_date.year, 2025);
	cr_expect_eq(doc->signed_date.month, 3);
	cr_expect_eq(doc->signed_date.day, 14);
	cr_assert_eq(doc->nmembers, 4);
	for (size_t i = 0; i < 4; i++) {
		cr_expect_str_eq(doc->members[i].name, members[i]);
		cr_expect_str_eq(doc->members[i].id, ids[i]);
	}
	cr_expect(strncmp(doc->preamble, "Thực hiện Kế hoạch tổ chức", 30) == 0, "%s",
	          doc->preamble);
	cr_assert_eq(doc->nclauses, 4);
	for (size_t i = 0; i < 4; i++) {
		const pact_clause *c = &doc->clauses[i];
		size_t n = cm[i][2] ? 3 : 2;
		cr_expect_str_eq(c->title, titles[i]);
		cr_assert_eq(c->ncommitments, n, "clause %zu", i + 1);
		for (size_t k = 0; k < n; k++)
			cr_expect_str_eq(c->commitments[k].text, cm[i][k]);
	}
	cr_expect_str_eq(doc->clauses[0].id, "lanh-dao-chi-dao");
	cr_expect_str_eq(
	        doc->closing,
	        "Trên đây là Bản giao ước thi đua năm 2025 của Khối thi đua Các cơ quan lĩnh "
	        "vực nội chính. Các cơ quan thành viên cam kết thực hiện nghiêm túc các nội "
	        "dung đã ký kết./.");
}

/* headings "1. Về ...", a) b) c), a page number inside clause 2, the
 * national motto beside the header, a signature block in two columns */
Test(import, typed_text_every_part_right)
{
	pact_import_result *res = import_ok(TYPED, NULL);
	pact_doc *doc = parse_ok(res);
	expect_typed_2025(doc);
	cr_expect(res->complete);
	cr_expect_eq(res->diags.count, 0, "%s",
	             res->diags.count ? res->diags.items[0].message : "");
	pact_doc_free(doc);
	pact_import_result_free(res);
}

/* without the list in the preamble, the members come from "TM. SỞ ..." */
Test(import, members_from_the_signature_block)
{
	size_t len;
	char *text = read_file(TYPED, &len);
	cr_assert_not_null(text);
	char *list = strstr(text, "gồm: ");
	char *end = strstr(text, " thống nhất");
	cr_assert(list && end);
	memmove(list + strlen("gồm"), end,
	        strlen(end) + 1); /* "... Khối thi đua gồm thống nhất ..." */
	pact_import_opts opts = PACT_IMPORT_OPTS_INIT;
	opts.name = "typed.txt";
	pact_import_result *res = NULL;
	cr_assert_eq(pact_import_buffer(&res, text, strlen(text), &opts), 0, "%s",
	             pact_error_last()->message);
	pact_doc *doc = parse_ok(res);
	static const char *const names[] = {"Sở Tư pháp", "Thanh tra tỉnh", "Sở Nội vụ",
	                                    "Công an tỉnh"};
	cr_assert_eq(doc->nmembers, 4);
	for (size_t i = 0; i < 4; i++)
		cr_expect_str_eq(doc->members[i].name, names[i]);
	cr_expect(has_warning(res, "upper-case"));
	pact_doc_free(doc);
	pact_import_result_free(res);
	free(text);
}

/* what cannot be found is left empty, warned about with its line, and
 * pointed at by validate; never invented */
Test(import, missing_date_and_members_are_left_for_the_user)
{
	const char *t = "BẢN GIAO ƯỚC THI ĐUA NĂM 2025\n"
	                "Khối thi đua Các cơ quan lĩnh vực nội chính\n"
	                "\n"
	                "Các cơ quan thành viên thống nhất ký giao ước thi đua như sau:\n"
	                "\n"
	                "1. Hoàn thành tốt nhiệm vụ được giao.\n"
	                "2. Thực hiện tốt công tác thi đua.\n"
	                "\n"
	                "Trên đây là Bản giao ước thi đua năm 2025./.\n";
	char *dir = make_tempdir();
	char *in = strf("%s/in.txt", dir), *out = strf("%s/2025.yaml", dir);
	cr_assert_eq(write_file(in, t, strlen(t)), 0);
	run_result r = run_pact(dir, "import", "in.txt", "-o", "2025.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "in.txt: warning: no place and date line") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "in.txt:4: warning: no member agencies") != NULL, "%s", r.err);
	run_result_free(&r);
	char *yaml = read_file(out, NULL);
	cr_assert_not_null(yaml);
	cr_expect(strstr(yaml, "  date: \"\"  # not found by pact import") != NULL, "%s", yaml);
	cr_expect(strstr(yaml, "members: []  # not found by pact import") != NULL, "%s", yaml);
	free(yaml);
	r = run_pact(dir, "validate", "2025.yaml", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "2025.yaml:8:") != NULL, "%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(in);
	free(out);
	free(dir);
}

/* ---- Word and OpenDocument ------------------------------------------- */

static void expect_fixture(const char *name, const char *format)
{
	char *path = strf("%s/tests/data/import/%s", PACT_SRCDIR, name);
	pact_import_result *res = import_ok(path, NULL);
	pact_doc *doc = parse_ok(res);
	cr_expect_str_eq(res->format, format);
	expect_typed_2025(doc);
	cr_expect(res->complete);
	cr_expect_eq(res->diags.count, 0, "%s",
	             res->diags.count ? res->diags.items[0].message : "");
	pact_doc_free(doc);
	pact_import_result_free(res);
	free(path);
}

/* numbers typed into the text; header and signatures in tables */
Test(import, docx_typed_numbers)
{
	expect_fixture("typed-2025.docx", "Word document (.docx)");
}

/* the clause numbers and a) b) exist only in numbering.xml */
Test(import, docx_automatic_numbering)
{
	expect_fixture("auto-2025.docx", "Word document (.docx)");
}

Test(import, odt_lists)
{
	expect_fixture("auto-2025.odt", "OpenDocument text (.odt)");
}

/* recognised by content: a .docx renamed .txt is still read as Word */
Test(import, format_by_content_not_extension)
{
	char *dir = make_tempdir();
	size_t len;
	char *data = read_file(PACT_SRCDIR "/tests/data/import/auto-2025.docx", &len);
	char *in = strf("%s/giao-uoc.txt", dir);
	cr_assert_not_null(data);
	cr_assert_eq(write_file(in, data, len), 0);
	run_result r = run_pact(dir, "import", "giao-uoc.txt", "-o", "2025.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "from 'giao-uoc.txt' (Word document (.docx))") != NULL, "%s",
	          r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(in);
	free(data);
	free(dir);
}

Test(import, broken_docx_is_refused)
{
	size_t len;
	char *data = read_file(PACT_SRCDIR "/tests/data/import/typed-2025.docx", &len);
	cr_assert_not_null(data);
	refused("giao-uoc.docx", data, len / 2, "'giao-uoc.docx': a damaged zip archive");
	free(data);
}

Test(import, encrypted_docx_is_refused)
{
	char ole[512] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
	refused("giao-uoc.docx", ole, sizeof(ole), "a password-protected Word document");
}

/* ---- hostile archives ------------------------------------------------ */

/* A zip at `path` with `n` small entries and `name` holding `bytes` bytes of
 * one repeated letter (compresses about a thousand to one). */
static void make_zip(const char *path, const char *name, size_t bytes, size_t n)
{
	int err = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	cr_assert_not_null(z);
	char *big = malloc(bytes ? bytes : 1);
	cr_assert_not_null(big);
	memset(big, 'a', bytes);
	zip_source_t *src = zip_source_buffer(z, big, bytes, 1); /* freed by libzip */
	cr_assert(zip_file_add(z, name, src, 0) >= 0);
	for (size_t i = 0; i < n; i++) {
		char entry[32];
		snprintf(entry, sizeof(entry), "x/%zu", i);
		zip_source_t *e = zip_source_buffer(z, "", 0, 0);
		cr_assert(zip_file_add(z, entry, e, 0) >= 0);
	}
	cr_assert_eq(zip_close(z), 0);
}

Test(import, zip_bomb_is_stopped_while_inflating)
{
	char *dir = make_tempdir();
	char *in = strf("%s/bomb.docx", dir);
	make_zip(in, "word/document.xml", PACT_IMPORT_MAX_ZIP_ENTRY_BYTES + 1024, 0);
	run_result r = run_pact(dir, "import", "bomb.docx", "-o", "out.yaml", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "'word/document.xml' inflates to more than 32 MiB (a zip bomb?)") !=
	                  NULL,
	          "%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(in);
	free(dir);
}

Test(import, zip_with_too_many_entries_is_refused)
{
	char *dir = make_tempdir();
	char *in = strf("%s/many.docx", dir);
	make_zip(in, "word/document.xml", 10, PACT_IMPORT_MAX_ZIP_ENTRIES);
	run_result r = run_pact(dir, "import", "many.docx", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "more than 10000 entries") != NULL, "%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(in);
	free(dir);
}

/* entity expansion ("billion laughs") never reaches libxml2 */
Test(import, xml_with_a_doctype_is_refused)
{
	char *dir = make_tempdir();
	char *in = strf("%s/laughs.docx", dir);
	int err = 0;
	static const char xml[] = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\">"
	                          "<!ENTITY b \"&a;&a;&a;&a;\">]><w:document><w:body><w:p><w:r>"
	                          "<w:t>&b;</w:t></w:r></w:p></w:body></w:document>";
	zip_t *z = zip_open(in, ZIP_CREATE | ZIP_TRUNCATE, &err);
	cr_assert_not_null(z);
	cr_assert(zip_file_add(z, "word/document.xml", zip_source_buffer(z, xml, strlen(xml), 0),
	                       0) >= 0);
	cr_assert_eq(zip_close(z), 0);
	run_result r = run_pact(dir, "import", "laughs.docx", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "declares a DOCTYPE or entities") != NULL, "%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(in);
	free(dir);
}

/* ---- into the store -------------------------------------------------- */

static char *store_with_2024(void)
{
	char *dir = make_tempdir();
	run_result r = run_pact(dir, "init", "st", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	char *st = strf("%s/st", dir);
	r = run_pact(st, "commit", PACT_SRCDIR "/pacts/2024.yaml", "-m", "Giao ước 2024",
	             "--author", "An <an@example.vn>", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(dir);
	return st;
}

Test(import, commit_puts_a_complete_import_in_the_store)
{
	char *st = store_with_2024();
	run_result r =
	        run_pact(st, "import", TYPED, "--commit", "--author", "An <an@example.vn>", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "[main ") &&
	                  strstr(r.out, "] Import pact 2025 from typed-2025.txt\n"),
	          "%s", r.out);
	run_result_free(&r);
	r = run_pact(st, "show", "2025", "--format=text", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Bản giao ước thi đua năm 2025") != NULL, "%s", r.out);
	run_result_free(&r);
	/* an incomplete import is not committed */
	char *in = strf("%s/nodate.txt", st);
	const char *t = "BẢN GIAO ƯỚC THI ĐUA NĂM 2026\n\n1. Hoàn thành tốt nhiệm vụ.\n";
	cr_assert_eq(write_file(in, t, strlen(t)), 0);
	r = run_pact(st, "import", "nodate.txt", "--commit", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "'nodate.txt' was not committed: the import is incomplete") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	r = run_pact(st, "show", "2026", NULL);
	cr_expect_eq(r.status, 1);
	run_result_free(&r);
	char *parent = strf("%s/..", st);
	rm_rf(parent);
	free(parent);
	free(in);
	free(st);
}

Test(import, review_import_replaces_the_draft_text)
{
	char *st = store_with_2024();
	run_result r = run_pact(st, "review", "open", "2025", "--no-switch", "--author",
	                        "An <an@example.vn>", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	/* the 2024 OCR seed is not the 2025 pact: refused */
	r = run_pact(st, "review", "import", "2025", SEED, NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "the 2025 draft was not changed") != NULL, "%s", r.err);
	run_result_free(&r);
	r = run_pact(st, "review", "import", "2025", TYPED, "--author", "An <an@example.vn>", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "[draft/2025 ") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(st, "show", "2025@draft/2025", "--format=json", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Khối thi đua Các cơ quan lĩnh vực nội chính") != NULL, "%s",
	          r.out);
	run_result_free(&r);
	/* no draft, no import */
	r = run_pact(st, "review", "import", "2031", TYPED, NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "there is no 2031 draft: run 'pact review open 2031' first") !=
	                  NULL,
	          "%s", r.err);
	run_result_free(&r);
	char *parent = strf("%s/..", st);
	rm_rf(parent);
	free(parent);
	free(st);
}

/* Word's no-break spaces, zero-width spaces and soft hyphens do not reach
 * the pact (validate would warn about each) */
Test(import, invisible_characters_are_cleaned)
{
	size_t len;
	char *text = read_file(TYPED, &len);
	cr_assert_not_null(text);
	const char *from = "1. Về công tác lãnh đạo";
	char *at = strstr(text, from);
	cr_assert_not_null(at);
	/* "1.<NBSP>Về công<ZWSP> tác lãnh<SHY> đạo" */
	char *edited = strf("%.*s1.\xc2\xa0V\xe1\xbb\x81 c\xc3\xb4ng\xe2\x80\x8b t\xc3\xa1"
	                    "c l\xc3\xa3nh\xc2\xad \xc4\x91\xe1\xba\xa1o%s",
	                    (int)(at - text), text, at + strlen(from));
	pact_import_opts opts = PACT_IMPORT_OPTS_INIT;
	pact_import_result *res = NULL;
	cr_assert_eq(pact_import_buffer(&res, edited, strlen(edited), &opts), 0, "%s",
	             pact_error_last()->message);
	pact_diags d = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	cr_assert_eq(pact_doc_parse(&doc, &d, res->yaml, res->len, NULL), 0);
	cr_expect_eq(d.nwarnings, 0, "%s", d.count ? d.items[0].message : "");
	expect_typed_2025(doc);
	pact_diags_clear(&d);
	pact_doc_free(doc);
	pact_import_result_free(res);
	free(edited);
	free(text);
}

Test(import, a_pact_file_is_not_imported_again)
{
	size_t len;
	char *data = read_file(PACT_SRCDIR "/pacts/2024.yaml", &len);
	cr_assert_not_null(data);
	refused("2024.yaml", data, len, "'2024.yaml' is already a pact/1 document");
	free(data);
}

/* a running header printed under each page number is page furniture */
Test(import, running_headers_are_dropped)
{
	size_t len;
	char *text = read_file(TYPED, &len);
	cr_assert_not_null(text);
	const char *h = "Giao ước thi đua năm 2025 - Khối nội chính\n";
	char *p2 = strstr(text, "- 2 -\n"), *p3 = strstr(text, "- 3 -\n");
	cr_assert(p2 && p3);
	char *edited = strf("%.*s- 2 -\n%s%.*s- 3 -\n%s%s", (int)(p2 - text), text, h,
	                    (int)(p3 - p2 - 6), p2 + 6, h, p3 + 6);
	pact_import_result *res = NULL;
	cr_assert_eq(pact_import_buffer(&res, edited, strlen(edited), NULL), 0);
	pact_doc *doc = parse_ok(res);
	expect_typed_2025(doc);
	pact_doc_free(doc);
	pact_import_result_free(res);
	free(edited);
	free(text);
}

/* ---- limits ---------------------------------------------------------- */

Test(import, too_many_clauses_is_a_limit)
{
	size_t cap = 64 * (PACT_IMPORT_MAX_CLAUSES + 2), n = 0;
	char *t = malloc(cap);
	cr_assert_not_null(t);
	n += (size_t)snprintf(t, cap, "Bản giao ước thi đua năm 2025\n\n");
	/* "Điều N" numbers have no three-digit bound, unlike "N." */
	for (int i = 1; i <= PACT_IMPORT_MAX_CLAUSES + 1; i++)
		n += (size_t)snprintf(t + n, cap - n, "Điều %d. Thi đua.\n", i);
	pact_import_result *res = NULL;
	cr_expect_eq(pact_import_buffer(&res, t, n, NULL), PACT_ELIMIT);
	cr_expect_null(res);
	cr_expect(strstr(pact_error_last()->message, "more than 2000 numbered clauses") != NULL,
	          "%s", pact_error_last()->message);
	free(t);
}

Test(import, too_much_text_is_a_limit)
{
	size_t n = PACT_IMPORT_MAX_TEXT_BYTES / 49 * 50 + 100; /* newlines do not count */
	char *t = malloc(n);
	cr_assert_not_null(t);
	for (size_t i = 0; i < n; i++)
		t[i] = i % 50 == 49 ? '\n' : 'a';
	pact_import_result *res = NULL;
	cr_expect_eq(pact_import_buffer(&res, t, n, NULL), PACT_ELIMIT);
	cr_expect(strstr(pact_error_last()->message, "more than 4 MiB of text") != NULL, "%s",
	          pact_error_last()->message);
	free(t);
}

/* "Điều 1." and "I." numbering; under Roman numerals, "1." items are
 * commitments of the clause */
Test(import, dieu_and_roman_numbering)
{
	const char *dieu = "BẢN GIAO ƯỚC THI ĐUA NĂM 2025\n\n"
	                   "Điều 1. Thi đua hoàn thành nhiệm vụ.\n"
	                   "Điều 2. Thực hiện tốt công tác khen thưởng.\n";
	const char *roman = "BẢN GIAO ƯỚC THI ĐUA NĂM 2025\n\n"
	                    "I. Về công tác chuyên môn\n"
	                    "1. Hoàn thành nhiệm vụ được giao.\n"
	                    "2. Đẩy mạnh cải cách hành chính.\n"
	                    "II. Về công tác thi đua\n"
	                    "1. Phát động phong trào thi đua.\n";
	pact_import_result *res = NULL;
	cr_assert_eq(pact_import_buffer(&res, dieu, strlen(dieu), NULL), 0, "%s",
	             pact_error_last()->message);
	cr_expect_eq(res->nclauses, 2);
	cr_expect(strstr(res->yaml, "      - \"Thực hiện tốt công tác khen thưởng.\"\n") != NULL,
	          "%s", res->yaml);
	pact_import_result_free(res);
	cr_assert_eq(pact_import_buffer(&res, roman, strlen(roman), NULL), 0, "%s",
	             pact_error_last()->message);
	cr_expect_eq(res->nclauses, 2);
	cr_expect_eq(res->ncommitments, 3);
	cr_expect(strstr(res->yaml, "    title: \"Về công tác chuyên môn\"\n    commitments:\n"
	                            "      - \"Hoàn thành nhiệm vụ được giao.\"\n"
	                            "      - \"Đẩy mạnh cải cách hành chính.\"\n") != NULL,
	          "%s", res->yaml);
	pact_import_result_free(res);
}

/* another layout: a capitals header (the bloc's own spelling is found in
 * the preamble), "Căn cứ" lines, "-" items under a "1. ...:" heading, a
 * closing without "Trên đây", the date under it and a signature block of
 * three columns without "TM." */
Test(import, signature_columns_and_date_at_the_bottom)
{
	pact_import_result *res =
	        import_ok(PACT_SRCDIR "/tests/data/import/signature-columns-2025.txt", NULL);
	pact_doc *doc = parse_ok(res);
	static const char *const names[] = {"Sở Kế hoạch và Đầu tư", "Sở Tài chính",
	                                    "Sở Công thương"};
	cr_expect_str_eq(doc->bloc, "Khối thi đua các Sở, ngành kinh tế");
	cr_expect_str_eq(doc->province, "Bắc Ninh");
	cr_expect_eq(doc->signed_date.year, 2025);
	cr_expect_eq(doc->signed_date.month, 2);
	cr_expect_eq(doc->signed_date.day, 20);
	cr_assert_eq(doc->nmembers, 3);
	for (size_t i = 0; i < 3; i++)
		cr_expect_str_eq(doc->members[i].name, names[i]);
	cr_expect(strncmp(doc->preamble, "Căn cứ Luật Thi đua, khen thưởng năm 2022;\nCăn cứ",
	                  50) == 0,
	          "%s", doc->preamble);
	cr_assert_eq(doc->nclauses, 3);
	cr_expect_str_eq(doc->clauses[0].title,
	                 "Thi đua thực hiện thắng lợi các chỉ tiêu kinh tế - xã hội năm 2025");
	cr_assert_eq(doc->clauses[0].ncommitments, 2);
	cr_expect_str_eq(doc->clauses[0].commitments[1].text,
	                 "Giải ngân vốn đầu tư công đạt trên 95%.");
	cr_expect_eq(doc->clauses[1].ncommitments, 3);
	cr_assert_eq(doc->clauses[2].ncommitments, 1);
	cr_expect_str_eq(
	        doc->closing,
	        "Các cơ quan thành viên cam kết thực hiện tốt các nội dung giao ước trên./.");
	pact_doc_free(doc);
	pact_import_result_free(res);
}

/* ---- encodings ------------------------------------------------------- */

/* UTF-16 with a byte-order mark (Notepad's "Unicode") */
Test(import, utf16_with_bom)
{
	size_t len;
	char *text = read_file(TYPED, &len);
	cr_assert_not_null(text);
	unsigned char *u16 = malloc(2 + 4 * len);
	size_t n = 0;
	cr_assert_not_null(u16);
	u16[n++] = 0xFF, u16[n++] = 0xFE;
	for (size_t i = 0; i < len;) { /* UTF-8 to UTF-16LE; the text is in the BMP */
		unsigned char c = (unsigned char)text[i];
		unsigned cp;
		if (c < 0x80)
			cp = c, i += 1;
		else if (c < 0xE0)
			cp = (unsigned)(c & 0x1F) << 6 | (text[i + 1] & 0x3F), i += 2;
		else
			cp = (unsigned)(c & 0x0F) << 12 | (unsigned)(text[i + 1] & 0x3F) << 6 |
			     (text[i + 2] & 0x3F),
			i += 3;
		u16[n++] = (unsigned char)(cp & 0xFF);
		u16[n++] = (unsigned char)(cp >> 8);
	}
	pact_import_result *res = NULL;
	cr_assert_eq(pact_import_buffer(&res, u16, n, NULL), 0, "%s", pact_error_last()->message);
	cr_expect_str_eq(res->format, "plain text (UTF-16 LE)");
	pact_doc *doc = parse_ok(res);
	expect_typed_2025(doc);
	pact_doc_free(doc);
	pact_import_result_free(res);
	free(u16);
	free(text);
}

/* Windows-1258 / TCVN3 / VNI are not guessed: refused with what to do */
Test(import, legacy_8bit_text_is_refused_with_advice)
{
	/* "Sở Tư pháp" in TCVN3 (ABC): S \xeb T \xad p h \xb8 p */
	const char t[] = "1. S\xeb T\xad ph\xb8p.\n";
	refused("tcvn3.txt", t, sizeof(t) - 1,
	        "'tcvn3.txt': text that is not UTF-8, probably typed in an old Vietnamese "
	        "encoding");
}
