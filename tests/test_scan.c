/*
 * test_scan.c - PDFs and scans read into pages of text (src/import/read_pdf.c,
 * read_image.c), on fixtures rendered from pacts/2024.yaml by
 * tests/data/import/make-scan-fixtures.py: a text-layer PDF, one page scanned at
 * 200 dpi, an image-only PDF, an encrypted PDF. Recognition takes seconds a
 * page, so the suite recognises two images in all.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/import/scan.h"
#include "helpers.h"
#include "pact/error.h"
#include "wordmatch.h"

static char *fixture(const char *name, size_t *len)
{
	char *rel = strf("tests/data/import/%s", name), *p = src_path(rel);
	char *data = read_file(p, len);
	cr_assert_not_null(data, "cannot read %s", p);
	free(rel);
	free(p);
	return data;
}

static char *all_pages(const pact_import_pages *p)
{
	size_t len = 1;
	for (size_t i = 0; i < p->count; i++)
		len += strlen(p->items[i].text) + 1;
	char *out = calloc(len, 1);
	for (size_t i = 0; i < p->count; i++) {
		strcat(out, p->items[i].text);
		strcat(out, "\n");
	}
	return out;
}

static char *ref_commitments(void)
{
	char *p = src_path("pacts/2024.yaml"), *ref = commitments_text(p);
	cr_assert_not_null(ref);
	free(p);
	return ref;
}

Test(scan, a_text_pdf_is_read_page_by_page_without_ocr)
{
	size_t len;
	char *pdf = fixture("pact-2024.pdf", &len), *text, *ref = ref_commitments();
	pact_import_pages *p = NULL;
	pact_import_scan_opts o = PACT_IMPORT_SCAN_OPTS_INIT;

	cr_assert(pact_scan__sniff_pdf(pdf, len));
	cr_assert(!pact_scan__sniff_image(pdf, len));
	cr_assert_eq(pact_scan__read_pdf(&p, pdf, len, &o), 0, "%s", pact_error_last()->message);
	cr_expect_eq(p->count, 2);
	cr_expect_eq(p->ocr_pages, 0);
	cr_expect_null(p->ocr_model);
	cr_expect_eq(p->items[0].ocr, 0);
	cr_expect_eq(p->items[0].confidence, -1);
	cr_expect_not_null(strstr(p->items[0].text, "Bắc Giang, ngày 09 tháng 5 năm 2024\n"));
	cr_expect_not_null(strstr(p->items[0].text, "BẢN GIAO ƯỚC THI ĐUA NĂM 2024\n"));
	/* the page number as poppler lays it out: the finder drops it */
	cr_expect_eq(strncmp(p->items[1].text, "-2 -\n", 5), 0);
	cr_expect_eq(p->items[0].text[strlen(p->items[0].text) - 1], '\n');
	text = all_pages(p);
	cr_expect_geq(word_recall(text, ref), 0.99);
	pact_scan__pages_free(p);
	free(text);
	free(ref);
	free(pdf);
}

Test(scan, an_encrypted_or_broken_pdf_is_refused_with_a_clear_message)
{
	size_t len;
	char *pdf = fixture("encrypted.pdf", &len);
	const char *bad = "%PDF-1.7\nthis is not a PDF at all\n";
	pact_import_pages *p = NULL;

	cr_expect_eq(pact_scan__read_pdf(&p, pdf, len, NULL), PACT_EINVALID);
	cr_expect_null(p);
	cr_expect_str_eq(pact_error_last()->message,
	                 "the PDF is protected by a password: save it without one and "
	                 "import that copy");
	cr_expect_eq(pact_scan__read_pdf(&p, bad, strlen(bad), NULL), PACT_EINVALID);
	cr_expect_null(p);
	cr_expect_str_eq(pact_error_last()->message,
	                 "not a readable PDF (PDF document is damaged)");
	/* half a file */
	cr_expect_eq(pact_scan__read_pdf(&p, pdf, len / 2, NULL), PACT_EINVALID);
	free(pdf);
}

/* A PDF of n empty pages, with a correct cross-reference table. */
static char *many_pages(size_t n, size_t *len)
{
	char *b = NULL;
	size_t size = 0, *xref = calloc(n + 3, sizeof(size_t)), start;
	FILE *f = open_memstream(&b, &size);

	cr_assert(f && xref);
	fprintf(f, "%%PDF-1.4\n");
	xref[1] = (size_t)ftell(f);
	fprintf(f, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
	xref[2] = (size_t)ftell(f);
	fprintf(f, "2 0 obj << /Type /Pages /Count %zu /Kids [", n);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%zu 0 R ", i + 3);
	fprintf(f, "] >> endobj\n");
	for (size_t i = 0; i < n; i++) {
		xref[i + 3] = (size_t)ftell(f);
		fprintf(f,
		        "%zu 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> "
		        "endobj\n",
		        i + 3);
	}
	start = (size_t)ftell(f);
	fprintf(f, "xref\n0 %zu\n0000000000 65535 f \n", n + 3);
	for (size_t i = 1; i < n + 3; i++)
		fprintf(f, "%010zu 00000 n \n", xref[i]);
	fprintf(f, "trailer << /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 3, start);
	fclose(f);
	free(xref);
	*len = size;
	return b;
}

Test(scan, a_10000_page_pdf_is_refused_before_its_pages_are_read)
{
	size_t len;
	char *pdf = many_pages(10000, &len);
	pact_import_pages *p = NULL;

	cr_expect_eq(pact_scan__read_pdf(&p, pdf, len, NULL), PACT_ELIMIT);
	cr_expect_null(p);
	cr_expect_str_eq(pact_error_last()->message,
	                 "the PDF has 10000 pages; import reads at most 100 (a pact has a few)");
	free(pdf);
}

Test(scan, blank_pages_with_nothing_to_read_or_recognise_give_empty_text)
{
	size_t len;
	char *pdf = many_pages(2, &len);
	pact_import_pages *p = NULL;

	cr_assert_eq(pact_scan__read_pdf(&p, pdf, len, NULL), 0, "%s", pact_error_last()->message);
	cr_expect_eq(p->count, 2);
	cr_expect_eq(p->ocr_pages, 2);
	cr_expect(p->items[0].text[strspn(p->items[0].text, " \n")] == '\0');
	pact_scan__pages_free(p);
	free(pdf);
}

Test(scan, an_image_only_pdf_page_is_rendered_and_recognised)
{
	size_t len;
	char *pdf = fixture("scan-header.pdf", &len);
	pact_import_pages *p = NULL;

	cr_assert_eq(pact_scan__read_pdf(&p, pdf, len, NULL), 0, "%s", pact_error_last()->message);
	cr_assert_eq(p->count, 1);
	cr_expect_eq(p->ocr_pages, 1);
	cr_expect_eq(p->items[0].ocr, 1);
	cr_expect_gt(p->items[0].ocr_seconds, 0.0);
	cr_expect_gt(p->items[0].confidence, 50);
	cr_expect_not_null(strstr(p->ocr_model, "tesseract"));
	cr_expect_not_null(strstr(p->ocr_model, "vie"));
	cr_expect_not_null(strstr(p->items[0].text, "Bắc Giang, ngày 09 tháng 5 năm 2024"));
	cr_expect_not_null(
	        strstr(p->items[0].text, "Khối thi đua Các cơ quan lĩnh vực văn hóa, xã hội 2"));
	cr_log_info("image-only PDF page: %.2f s of OCR", p->items[0].ocr_seconds);
	pact_scan__pages_free(p);
	free(pdf);
}

Test(scan, a_200_dpi_scan_is_recognised_with_every_clause_number)
{
	size_t len;
	char *png = fixture("pact-2024-scan.png", &len), *ref = ref_commitments();
	pact_import_pages *p = NULL;
	double recall;

	cr_assert(pact_scan__sniff_image(png, len));
	cr_assert(!pact_scan__sniff_pdf(png, len));
	cr_assert_eq(pact_scan__read_image(&p, png, len, NULL), 0, "%s",
	             pact_error_last()->message);
	cr_assert_eq(p->count, 1);
	cr_expect_eq(p->ocr_pages, 1);
	for (int k = 1; k <= 6; k++) {
		char *at = strf("\n%d. ", k);
		cr_expect_not_null(strstr(p->items[0].text, at), "clause %d not found", k);
		free(at);
	}
	recall = word_recall(p->items[0].text, ref);
	cr_log_info("scan: %.2f s of OCR, %.1f%% of the commitments' words before restoring",
	            p->items[0].ocr_seconds, 100 * recall);
	cr_expect_geq(recall, 0.95);
	pact_scan__pages_free(p);
	free(ref);
	free(png);
}

Test(scan, an_undecodable_or_oversized_image_is_refused_before_ocr)
{
	/* a PNG signature with nothing after it */
	const char junk[] = "\x89PNG\r\n\x1a\nnot really";
	/* a PNG header announcing 100 000 x 100 000 pixels */
	const unsigned char huge[] = {0x89, 'P',  'N',  'G',  '\r', '\n', 0x1a, '\n', 0,
	                              0,    0,    13,   'I',  'H',  'D',  'R',  0,    1,
	                              0x86, 0xA0, 0,    1,    0x86, 0xA0, 8,    0,    0,
	                              0,    0,    0x8d, 0x39, 0x54, 0x14, 0,    0,    0,
	                              0,    'I',  'E',  'N',  'D',  0xAE, 0x42, 0x60, 0x82};
	pact_import_pages *p = NULL;

	cr_expect_eq(pact_scan__read_image(&p, junk, sizeof(junk) - 1, NULL), PACT_EINVALID);
	cr_expect_str_eq(pact_error_last()->message,
	                 "the image cannot be decoded: it is damaged or cut short");
	cr_expect_eq(pact_scan__read_image(&p, (const char *)huge, sizeof(huge), NULL),
	             PACT_ELIMIT);
	cr_expect_str_eq(pact_error_last()->message,
	                 "the image is 100000 x 100000 pixels; import reads images up to 36 "
	                 "million pixels (A4 at 600 dpi)");
	cr_expect_null(p);
}

Test(scan, a_missing_ocr_model_names_the_package_to_install)
{
	pact_ocr *ocr = NULL;
	pact_import_scan_opts o = PACT_IMPORT_SCAN_OPTS_INIT;

	o.lang = "xyz";
	cr_expect_eq(pact_scan__ocr_open(&ocr, &o), PACT_EIO);
	cr_expect_null(ocr);
	cr_expect_not_null(strstr(pact_error_last()->message, "cannot load the OCR model 'xyz'"));
	cr_expect_not_null(strstr(pact_error_last()->message, "apt-get install tesseract-ocr-xyz"));
}
