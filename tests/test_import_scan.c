/*
 * test_import_scan.c - `pact import` on PDFs, scans and OCR text, and the
 * restoration of lost diacritics with --like (issue 10's quality bars):
 *
 *   the OCR seed + --like pacts/2024.yaml   >= 95% of the commitments' words
 *   the text-layer PDF of the 2024 pact     all clauses, >= 99% of words
 *   the 200 dpi scan of it + --like         all clauses, >= 97% of words
 *
 * Words are compared NFC and case-folded (tests/wordmatch.c). The fixtures
 * are rendered from pacts/2024.yaml by tests/data/import/make-scan-fixtures.py.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "pact/import.h"
#include "wordmatch.h"

#define DATA PACT_SRCDIR "/tests/data/import/"
#define PACT2024 PACT_SRCDIR "/pacts/2024.yaml"

static pact_doc *load(const char *path)
{
	pact_doc *d = NULL;
	cr_assert_eq(pact_doc_load_file(&d, NULL, path, NULL), 0, "%s", pact_error_last()->message);
	return d;
}

/* Import `path` (with `like` when not NULL); the result must validate. */
static pact_doc *import(const char *path, const pact_doc *like, pact_import_result **res)
{
	pact_import_opts o = PACT_IMPORT_OPTS_INIT;
	pact_doc *doc = NULL;
	pact_diags d = PACT_DIAGS_INIT;

	o.like = like;
	o.like_label = like ? "pacts/2024.yaml" : NULL;
	cr_assert_eq(pact_import_file(res, path, &o), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_doc_parse(&doc, &d, (*res)->yaml, (*res)->len, NULL), 0, "%s\n%s",
	             pact_error_last()->message, (*res)->yaml);
	pact_diags_clear(&d);
	return doc;
}

static char *commitments(const pact_doc *doc)
{
	size_t len = 1;
	char *out;
	for (size_t c = 0; c < doc->nclauses; c++)
		for (size_t k = 0; k < doc->clauses[c].ncommitments; k++)
			len += strlen(doc->clauses[c].commitments[k].text) + 1;
	out = calloc(len, 1);
	for (size_t c = 0; c < doc->nclauses; c++)
		for (size_t k = 0; k < doc->clauses[c].ncommitments; k++) {
			strcat(out, doc->clauses[c].commitments[k].text);
			strcat(out, "\n");
		}
	return out;
}

/* Clauses numbered 1..n as in 2024 (with `ids`: the same ids), and the
 * share of the commitments' words. */
static double check_against_2024(const pact_doc *doc, const pact_doc *ref, int ids)
{
	char *a = commitments(doc), *b = commitments(ref);
	double acc = word_accuracy(a, b, NULL);
	cr_expect_eq(doc->nclauses, ref->nclauses);
	for (size_t i = 0; i < doc->nclauses && i < ref->nclauses; i++) {
		cr_expect_eq(doc->clauses[i].number, (long)i + 1);
		if (ids)
			cr_expect_str_eq(doc->clauses[i].id, ref->clauses[i].id);
	}
	free(a);
	free(b);
	return acc;
}

static size_t count_code(const pact_diags *d, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < d->count; i++)
		n += !strcmp(d->items[i].code, code);
	return n;
}

Test(import_scan, the_ocr_seed_with_like_2024_gets_95_percent_of_the_words_and_the_six_ids)
{
	pact_doc *ref = load(PACT2024), *doc, *plain;
	pact_import_result *res = NULL, *res0 = NULL;
	double acc, before;

	plain = import(DATA "seed-2024-ocr.txt", NULL, &res0);
	doc = import(DATA "seed-2024-ocr.txt", ref, &res);
	before = check_against_2024(plain, ref, 0);
	acc = check_against_2024(doc, ref, 1);
	cr_log_info("OCR seed: %.1f%% of the commitments' words as read, %.1f%% with --like",
	            100 * before, 100 * acc);
	cr_expect_lt(before, 0.30);
	cr_expect_geq(acc, 0.95, "%.2f%%", 100 * acc);
	/* every change is reported with its input line */
	cr_expect_gt(count_code(&res->changes, "restored"), 800);
	for (size_t i = 0; i < res->changes.count; i++)
		cr_expect_gt(res->changes.items[i].line, 0);
	cr_expect_eq(count_code(&res0->changes, "restored"), 0);
	cr_expect_not_null(strstr(doc->source, "words restored from last year's wording"));
	/* the members' names are restored too, from their partners */
	cr_expect_str_eq(doc->members[0].name, "Sở Ngoại vụ");
	cr_expect_str_eq(doc->members[1].name, "Bảo hiểm xã hội tỉnh");
	cr_expect_str_eq(doc->title, "Bản giao ước thi đua năm 2024");
	pact_doc_free(doc);
	pact_doc_free(plain);
	pact_doc_free(ref);
	pact_import_result_free(res);
	pact_import_result_free(res0);
}

Test(import_scan, a_new_clause_and_new_words_are_never_replaced)
{
	/* new-words-2025.txt: the 2024 pact typed without diacritics for 2025,
	 * clause 1 with seven words added at its end, clause 2 new */
	pact_doc *ref = load(PACT2024), *doc;
	pact_import_result *res = NULL;
	const char *c1 = ref->clauses[0].commitments[0].text;
	size_t keep = strlen(c1) - strlen(".");
	char *want = strf("%.*s va so hoa toan dien quy trinh khen thuong.", (int)keep, c1);

	doc = import(DATA "new-words-2025.txt", ref, &res);
	cr_assert_eq(doc->nclauses, 2);
	cr_expect_eq(doc->year, 2025);
	cr_expect_str_eq(doc->clauses[0].id, "quan-triet-tu-tuong");
	cr_expect_str_eq(doc->clauses[0].commitments[0].text, want);
	/* no partner last year: left as read */
	cr_expect_str_eq(doc->clauses[1].commitments[0].text,
	                 "Trien khai ung dung tri tue nhan tao trong cai cach hanh chinh.");
	/* the years stay 2025 where 2024 had 2024 */
	cr_expect_not_null(strstr(doc->closing, "năm 2025 của Khối"), "%s", doc->closing);
	/* the new words of clause 1 (line 8) and of clause 2 (line 10) are
	 * reported as not restored, each with its line */
	cr_expect_eq(count_code(&res->changes, "not-restored"), 9 + 13);
	for (size_t i = 0; i < res->changes.count; i++) {
		if (strstr(res->changes.items[i].message, "'quy'"))
			cr_expect_eq(res->changes.items[i].line, 8);
		if (strstr(res->changes.items[i].message, "'nhan'"))
			cr_expect_eq(res->changes.items[i].line, 10);
	}
	pact_doc_free(doc);
	pact_doc_free(ref);
	pact_import_result_free(res);
	free(want);
}

Test(import_scan, the_text_pdf_gives_every_clause_and_99_percent_of_the_words)
{
	pact_doc *ref = load(PACT2024), *doc;
	pact_import_result *res = NULL;
	double acc;

	doc = import(DATA "pact-2024.pdf", NULL, &res);
	cr_expect(res->complete);
	cr_expect_str_eq(res->format, "PDF with a text layer");
	cr_expect_eq(count_code(&res->diags, "ocr"), 0);
	acc = check_against_2024(doc, ref, 0);
	cr_log_info("text PDF: %.1f%% of the commitments' words", 100 * acc);
	cr_expect_geq(acc, 0.99, "%.2f%%", 100 * acc);
	cr_expect_eq(doc->nmembers, 5);
	cr_expect_eq(doc->signed_date.day, 9);
	cr_expect_str_eq(doc->title, ref->title);
	pact_doc_free(doc);
	pact_doc_free(ref);
	pact_import_result_free(res);
}

Test(import_scan, the_200_dpi_scan_with_like_gives_every_clause_and_97_percent_of_the_words)
{
	pact_doc *ref = load(PACT2024), *doc;
	pact_import_result *res = NULL;
	double acc;

	doc = import(DATA "pact-2024-scan.png", ref, &res);
	cr_expect_str_eq(res->format, "scanned image (PNG, JPEG or TIFF)");
	cr_expect_eq(count_code(&res->diags, "ocr"), 1);
	cr_expect_not_null(strstr(doc->source, "OCR with tesseract"));
	acc = check_against_2024(doc, ref, 1);
	for (size_t i = 0; i < res->diags.count; i++)
		if (!strcmp(res->diags.items[i].code, "ocr"))
			cr_log_info("%s", res->diags.items[i].message);
	cr_log_info("scan with --like: %.1f%% of the commitments' words, %zu restored", 100 * acc,
	            count_code(&res->changes, "restored"));
	cr_expect_geq(acc, 0.97, "%.2f%%", 100 * acc);
	cr_expect_eq(doc->nmembers, 5);
	pact_doc_free(doc);
	pact_doc_free(ref);
	pact_import_result_free(res);
}

Test(import_scan, an_encrypted_pdf_is_refused_and_nothing_is_written)
{
	char *dir = make_tempdir();
	run_result r = run_pact(dir, "import", DATA "encrypted.pdf", "-o", "out.yaml", NULL);
	char *out = strf("%s/out.yaml", dir), *data = read_file(out, NULL);

	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect_not_null(strstr(r.err, "encrypted.pdf': the PDF is protected by a password: "
	                                 "save it without one and import that copy\n"),
	                   "%s", r.err);
	cr_expect_null(data);
	run_result_free(&r);
	rm_rf(dir);
	free(data);
	free(out);
	free(dir);
}
