/*
 * test_import.c - `pact import` and pact_import_*: from the documents
 * officers hold to a pact/1 document. The OCR seed (tests/data/import/
 * seed-2024-ocr.txt, diacritics lost) is the real input the issue starts
 * from; the other fixtures are made by tests/data/import/make-fixtures.py.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

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
	cr_expect(strstr(doc->clauses[2].commitments[3].text, "doi mai sang tao") != NULL,
	          "%s", doc->clauses[2].commitments[3].text);
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
	                        "diacritics") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "imported 6 clauses, 24 commitments, 5 members from") != NULL,
	          "%s", r.err);
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
	static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0";
	refused("giao-uoc.txt", elf, sizeof(elf), "'giao-uoc.txt' is not a document pact import can read");
}

Test(import, text_without_clauses_is_refused)
{
	const char *t = "Bắc Giang, ngày 09 tháng 5 năm 2024\n\nBÁO CÁO TỔNG KẾT\n\nNăm qua các cơ quan đã hoàn thành.\n";
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
