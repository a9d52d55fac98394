/*
 * test_import_marks.c - a letter carrying a long run of combining marks in
 * a document to import. utf8proc's NFC sorts a run of n marks in n^2
 * steps (a letter with 64 000 marks took 5 s of `pact import`, 120 000
 * took minutes to validate), and no language needs more than a few, so
 * import refuses a run of more than 30 (what pact validate refuses too,
 * error 'marks') before normalising it, saying where it is; the import
 * module's page texts (PDF, OCR) are not normalised when they have one.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "../src/import/import.h"
#include "helpers.h"
#include "pact/error.h"
#include "pact/import.h"

/* Acute, grave, hook, tilde, dot below in turn: classes 230 and 220, so
 * the canonical ordering has work to do. */
static const char *const mark[] = {"\xCC\x81", "\xCC\x80", "\xCC\x89", "\xCC\x83", "\xCC\xA3"};

/* "a" then n marks; a grapheme joiner (U+034F) after mark number `cgj`
 * (0: none). */
static char *marked_a(size_t n, size_t cgj)
{
	char *s = malloc(2 + 2 * n + 2 + 1), *p = s;

	cr_assert_not_null(s);
	*p++ = 'a';
	for (size_t i = 0; i < n; i++) {
		memcpy(p, mark[i % 5], 2), p += 2;
		if (i + 1 == cgj)
			memcpy(p, "\xCD\x8F", 2), p += 2;
	}
	*p = '\0';
	return s;
}

/* The typed 2025 pact with " " and `word` after "sát với thực tế": line 15,
 * whose first 54 characters end there, so the word starts at column 56. */
static char *typed_with(const char *word, size_t *len)
{
	char *src = read_file(PACT_SRCDIR "/tests/data/import/typed-2025.txt", NULL);
	const char *at;
	char *out;

	cr_assert_not_null(src);
	at = strstr(src, "sát với thực tế;");
	cr_assert_not_null(at);
	at += strlen("sát với thực tế");
	out = strf("%.*s %s%s", (int)(at - src), src, word, at);
	*len = strlen(out);
	free(src);
	return out;
}

static int import_text(pact_import_result **res, const char *text, size_t len)
{
	pact_import_opts o = PACT_IMPORT_OPTS_INIT;

	o.name = "giao-uoc.txt";
	return pact_import_buffer(res, text, len, &o);
}

Test(import_marks, a_letter_with_thousands_of_marks_is_refused_where_it_is)
{
	char *a = marked_a(5000, 0);
	size_t len;
	char *text = typed_with(a, &len);
	pact_import_result *res = NULL;

	cr_assert_eq(import_text(&res, text, len), PACT_EINVALID);
	cr_assert_null(res);
	/* the 31st mark: "a" is column 56, its marks 57 on */
	cr_expect_str_eq(pact_error_last()->message,
	                 "'giao-uoc.txt': more than 30 combining marks in a row on one letter at "
	                 "line 15, column 87: no language needs that many; remove them");
	free(text);
	free(a);
}

Test(import_marks, thirty_marks_are_imported_and_normalised)
{
	char *a = marked_a(30, 0);
	size_t len;
	char *text = typed_with(a, &len);
	pact_import_result *res = NULL;

	cr_assert_eq(import_text(&res, text, len), 0, "%s", pact_error_last()->message);
	/* NFC sorts the marks, dots below (220) before the others (230), and
	 * composes the first with the letter: "ạ" then the other dots below */
	cr_expect(strstr(res->yaml, "\xE1\xBA\xA1\xCC\xA3") != NULL,
	          "marks not in canonical order");
	cr_expect(strstr(res->yaml, a) == NULL, "the text was not normalised");
	pact_import_result_free(res);
	free(text);
	free(a);
}

/* The grapheme joiner parts two runs for NFC, but import drops it (an
 * invisible character a pact must not carry): then the run is 40 long. */
Test(import_marks, runs_joined_by_dropping_a_grapheme_joiner_are_refused)
{
	char *a = marked_a(40, 20);
	size_t len;
	char *text = typed_with(a, &len);
	pact_import_result *res = NULL;

	cr_assert_eq(import_text(&res, text, len), PACT_EINVALID);
	/* the 31st mark counts the joiner before it as a column */
	cr_expect(strstr(pact_error_last()->message, "at line 15, column 88:") != NULL, "%s",
	          pact_error_last()->message);
	free(text);
	free(a);
}

/* A Word document: its paragraphs (pact_import__blocks_add is the same
 * for every reader; the line of a .docx is its paragraph). */
Test(import_marks, a_word_document_is_refused_at_its_paragraph)
{
	char *dir = make_tempdir(), *a = marked_a(5000, 0);
	char *path = strf("%s/giao-uoc.docx", dir);
	char *xml = strf("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\""
	                 "http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
	                 "<w:p><w:r><w:t>BẢN GIAO ƯỚC THI ĐUA NĂM 2025</w:t></w:r></w:p>"
	                 "<w:p><w:r><w:t>1. Về công tác chuyên môn</w:t></w:r></w:p>"
	                 "<w:p><w:r><w:t>a) Hoàn thành %s chỉ tiêu.</w:t></w:r></w:p>"
	                 "</w:body></w:document>",
	                 a);
	int err = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	pact_import_result *res = NULL;

	cr_assert_not_null(z);
	cr_assert(zip_file_add(z, "word/document.xml", zip_source_buffer(z, xml, strlen(xml), 0),
	                       0) >= 0);
	cr_assert_eq(zip_close(z), 0);
	cr_assert_eq(pact_import_file(&res, path, NULL), PACT_EINVALID);
	cr_expect(strstr(pact_error_last()->message,
	                 "giao-uoc.docx': more than 30 combining marks in a row on one letter at "
	                 "line 3, column 46:") != NULL,
	          "%s", pact_error_last()->message);
	rm_rf(dir);
	free(path);
	free(xml);
	free(a);
	free(dir);
}

/* The import module normalises whole pages of PDF and OCR text through
 * pact_import__nfc: a page with a long run comes back as it is (its line
 * is refused when it becomes a block), never sorted. */
Test(import_marks, page_text_with_a_long_run_is_not_normalised)
{
	char *longer = marked_a(31, 0), *ok = marked_a(30, 0);
	char *page = strf("Thi đua %s\nkhen thưởng\n", longer);
	char *n1 = pact_import__nfc(page, strlen(page)), *n2 = pact_import__nfc(ok, strlen(ok));

	cr_assert_not_null(n1);
	cr_assert_not_null(n2);
	cr_expect_str_eq(n1, page);
	cr_expect_str_neq(n2, ok, "30 marks are normalised");
	cr_expect_eq(strncmp(n2, "\xE1\xBA\xA1\xCC\xA3", 5), 0, "%s", n2);
	free(n1);
	free(n2);
	free(page);
	free(longer);
	free(ok);
}

/* What the officer sees: the file, the line and column, exit status 1,
 * nothing written. */
Test(import_marks, the_cli_says_where_and_writes_nothing)
{
	char *dir = make_tempdir(), *a = marked_a(200, 0), *path, *out;
	size_t len;
	char *text = typed_with(a, &len);
	run_result r;
	struct stat st;

	path = strf("%s/giao-uoc.txt", dir);
	out = strf("%s/2025.yaml", dir);
	cr_assert_eq(write_file(path, text, len), 0);
	r = run_pact(dir, "--lang=en", "import", "giao-uoc.txt", "-o", "2025.yaml", NULL);
	cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.err, "'giao-uoc.txt': more than 30 combining marks in a row on one "
	                        "letter at line 15, column 87") != NULL,
	          "%s", r.err);
	cr_expect_neq(stat(out, &st), 0, "2025.yaml was written");
	run_result_free(&r);
	r = run_pact(dir, "--lang=vi", "import", "giao-uoc.txt", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "dòng 15, cột 87") != NULL, "%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(path);
	free(out);
	free(text);
	free(a);
}
