/*
 * test_import_module.c - the readers of Word, OpenDocument, PDF and scanned
 * files live in the import module pact-import-formats.so, loaded only when
 * such a file is imported (src/import/module.h): pact itself links none of
 * their libraries, a plain-text import never needs the module, and when it
 * is missing or cannot be loaded the user is told which module, where it
 * was looked for and what to install.
 *
 * PACT_IMPORT_MODULE points pact at a module path instead of its search,
 * here at one that does not exist or is not a library.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../src/import/scan.h"
#include "helpers.h"
#include "pact/error.h"

#define DATA PACT_SRCDIR "/tests/data/import/"

/* Run `pact import IN -o out.yaml` in a fresh directory with
 * PACT_IMPORT_MODULE=module; *written says whether out.yaml appeared. */
static run_result import_with_module(const char *module, const char *in, int *written)
{
	char *dir = make_tempdir();
	char *cmd = strf("PACT_IMPORT_MODULE='%s' '%s' import '%s' -o out.yaml", module, PACT_BIN, in);
	char *out = strf("%s/out.yaml", dir), *data;
	run_result r = run_sh(dir, cmd);

	data = read_file(out, NULL);
	*written = data != NULL;
	free(data);
	free(out);
	free(cmd);
	rm_rf(dir);
	free(dir);
	return r;
}

Test(import_module, pact_links_none_of_the_libraries_of_the_import_module)
{
	char *cmd = strf("ldd '%s'", PACT_BIN);
	run_result r = run_sh(NULL, cmd);
	static const char *const heavy[] = {"libpoppler", "libcairo",  "libtesseract",
	                                    "liblept",    "libxml2",   "libzip.so",
	                                    "libglib",    "libicuuc"};

	cr_assert_eq(r.status, 0, "%s", r.err);
	for (size_t i = 0; i < sizeof(heavy) / sizeof(heavy[0]); i++)
		cr_expect_null(strstr(r.out, heavy[i]), "pact links %s:\n%s", heavy[i], r.out);
	run_result_free(&r);
	free(cmd);
}

Test(import_module, a_pdf_without_the_module_names_it_and_nothing_is_written)
{
	int written;
	run_result r = import_with_module("/nonexistent/pact-import-formats.so",
	                                  DATA "pact-2024.pdf", &written);

	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_not_null(strstr(r.err, "pact-2024.pdf': reading PDF files needs pact's import "
	                                 "module pact-import-formats.so, and "
	                                 "/nonexistent/pact-import-formats.so (PACT_IMPORT_MODULE) "
	                                 "does not exist\n"),
	                   "%s", r.err);
	cr_expect_not(written);
	run_result_free(&r);
}

Test(import_module, a_word_file_without_the_module_says_so_too)
{
	int written;
	run_result r = import_with_module("/nonexistent/pact-import-formats.so",
	                                  DATA "typed-2025.docx", &written);

	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_not_null(strstr(r.err, "reading Word and OpenDocument files needs pact's import "
	                                 "module pact-import-formats.so"),
	                   "%s", r.err);
	cr_expect_not(written);
	run_result_free(&r);
}

Test(import_module, a_module_that_cannot_be_loaded_says_which_packages_to_install)
{
	char *dir = make_tempdir(), *bad = strf("%s/pact-import-formats.so", dir);
	int written;
	run_result r;

	cr_assert_eq(write_file(bad, "not a library\n", 14), 0);
	r = import_with_module(bad, DATA "scan-header.pdf", &written);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_not_null(strstr(r.err, "cannot be loaded ("), "%s", r.err);
	cr_expect_not_null(strstr(r.err, "(Debian: apt-get install libzip4 libxml2 libpoppler-glib8 "
	                                 "libcairo2 libtesseract5 liblept5)\n"),
	                   "%s", r.err);
	cr_expect_not(written);
	run_result_free(&r);
	rm_rf(dir);
	free(bad);
	free(dir);
}

Test(import_module, plain_text_is_imported_without_the_module)
{
	int written;
	run_result r = import_with_module("/nonexistent/pact-import-formats.so",
	                                  DATA "typed-2025.txt", &written);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_not_null(strstr(r.err, "imported 4 clauses"), "%s", r.err);
	cr_expect(written);
	run_result_free(&r);
}

/* The library says the same to a program that calls it directly. */
Test(import_module, the_library_reports_a_missing_module_as_an_io_error)
{
	pact_import_pages *p = (pact_import_pages *)1;
	pact_ocr *ocr = (pact_ocr *)1;

	setenv("PACT_IMPORT_MODULE", "/nonexistent/pact-import-formats.so", 1);
	cr_expect_eq(pact_import_read_pdf(&p, "%PDF-1.4\n", 9, NULL), PACT_EIO);
	cr_expect_null(p);
	cr_expect_not_null(strstr(pact_error_last()->message, "pact-import-formats.so"), "%s",
	                   pact_error_last()->message);
	cr_expect_eq(pact_ocr_open(&ocr, NULL), PACT_EIO);
	cr_expect_null(ocr);
	pact_ocr_close(NULL);
}
