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
#include <unistd.h>

#include "../src/import/scan.h"
#include "helpers.h"
#include "pact/error.h"

#define DATA PACT_SRCDIR "/tests/data/import/"

/* Run `pact import IN -o out.yaml` in a fresh directory with
 * PACT_IMPORT_MODULE=module; *written says whether out.yaml appeared. */
static run_result import_with_module(const char *module, const char *in, int *written)
{
	char *dir = make_tempdir();
	char *cmd =
	        strf("PACT_IMPORT_MODULE='%s' '%s' import '%s' -o out.yaml", module, PACT_BIN, in);
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
	static const char *const heavy[] = {"libpoppler", "libcairo",  "libtesseract", "liblept",
	                                    "libxml2",    "libzip.so", "libglib",      "libicuuc"};

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
	cr_expect_not_null(strstr(r.err,
	                          "(Debian: apt-get install libzip4 libxml2 libpoppler-glib8 "
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
	cr_expect_eq(pact_scan__read_pdf(&p, "%PDF-1.4\n", 9, NULL), PACT_EIO);
	cr_expect_null(p);
	cr_expect_not_null(strstr(pact_error_last()->message, "pact-import-formats.so"), "%s",
	                   pact_error_last()->message);
	cr_expect_eq(pact_scan__ocr_open(&ocr, NULL), PACT_EIO);
	cr_expect_null(ocr);
	pact_scan__ocr_close(NULL);
}

/* ---- which files are loaded ---------------------------------------- */

/* A stand-in for a module someone else left: its constructor and its entry
 * point each leave a file, `<dir>/ran-init` and `<dir>/ran-entry`, which
 * say whether pact ran any of its code. `abi` is the interface string it
 * claims. Compiled with cc into `so`. */
static void build_foreign_module(const char *so, const char *dir, const char *abi)
{
	char *c = strf("%s.c", so);
	char *src = strf("#include <stdio.h>\n"
	                 "static void mark(const char *what)\n"
	                 "{ FILE *f = fopen(what, \"w\"); if (f) fclose(f); }\n"
	                 "__attribute__((constructor)) static void init(void)\n"
	                 "{ mark(\"%s/ran-init\"); }\n"
	                 "const char pact_import_module_abi[] = \"%s\";\n"
	                 "const void *pact_import_module_v1(const void *host)\n"
	                 "{ (void)host; mark(\"%s/ran-entry\"); return 0; }\n",
	                 dir, abi, dir);
	char *cmd = strf("cc -shared -fPIC -o '%s' '%s'", so, c);
	run_result r;

	cr_assert_eq(write_file(c, src, strlen(src)), 0);
	r = run_sh(NULL, cmd);
	cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
	run_result_free(&r);
	free(cmd);
	free(src);
	free(c);
}

static int exists_in(const char *dir, const char *name)
{
	char *p = strf("%s/%s", dir, name), *data = read_file(p, NULL);
	int there = data != NULL;
	free(data);
	free(p);
	return there;
}

/* The import module of this build: beside build/pact. */
static char *built_module(void)
{
	char *bin = strf("%s", PACT_BIN), *slash = strrchr(bin, '/'), *so;
	cr_assert(slash);
	*slash = '\0';
	so = strf("%s/pact-import-formats.so", bin);
	free(bin);
	return so;
}

/* pact copied into a directory anyone can write to (as /tmp/x made with
 * mode 777) must not load the pact-import-formats.so found beside it:
 * another user may have put it there. */
Test(import_module, a_module_in_a_directory_anyone_can_write_is_not_loaded)
{
	char *dir = make_tempdir(), *so = strf("%s/pact-import-formats.so", dir);
	char *cmd = strf("cp '%s' '%s/pact' && chmod 777 '%s' && env -u PACT_IMPORT_MODULE "
	                 "'%s/pact' import '%s' -o out.yaml",
	                 PACT_BIN, dir, dir, dir, DATA "pact-2024.pdf");
	run_result r;

	build_foreign_module(so, dir, "planted");
	r = run_sh(dir, cmd);
	cr_expect_not(exists_in(dir, "ran-init"), "a planted module was loaded: %s", r.err);
	cr_expect_not(exists_in(dir, "ran-entry"));
	/* refused; when an installed module exists, that one did the import */
	if (r.status != 0) {
		cr_expect_eq(r.status, 3, "%s", r.err);
		cr_expect_not_null(strstr(r.err,
		                          "pact-import-formats.so is not loaded: users other than "
		                          "you and root can change "),
		                   "%s", r.err);
	}
	run_result_free(&r);
	free(cmd);
	free(so);
	rm_rf(dir);
	free(dir);
}

/* In a sticky directory such as /tmp, a module owned by another user. */
Test(import_module, a_module_owned_by_another_user_is_not_loaded)
{
	char *dir = make_tempdir(), *so = strf("%s/pact-import-formats.so", dir);
	char *cmd = strf("cp '%s' '%s/pact' && chmod 1777 '%s' && chown nobody '%s' && "
	                 "env -u PACT_IMPORT_MODULE '%s/pact' import '%s' -o out.yaml",
	                 PACT_BIN, dir, dir, so, dir, DATA "pact-2024.pdf");
	run_result r;

	if (geteuid() != 0)
		cr_skip_test("giving a file to another user needs root");
	build_foreign_module(so, dir, "planted");
	r = run_sh(dir, cmd);
	cr_expect_not(exists_in(dir, "ran-init"), "a planted module was loaded: %s", r.err);
	if (r.status != 0)
		cr_expect_not_null(strstr(r.err, "is not loaded: users other than you and root can "
		                                 "change "),
		                   "%s", r.err);
	run_result_free(&r);
	free(cmd);
	free(so);
	rm_rf(dir);
	free(dir);
}

/* PACT_IMPORT_MODULE names a file by its absolute path, never one of the
 * current directory. */
Test(import_module, a_relative_module_path_is_refused)
{
	char *dir = make_tempdir(), *so = strf("%s/pact-import-formats.so", dir);
	char *cmd = strf("PACT_IMPORT_MODULE=pact-import-formats.so '%s' import '%s' -o out.yaml",
	                 PACT_BIN, DATA "pact-2024.pdf");
	run_result r;

	build_foreign_module(so, dir, "planted");
	r = run_sh(dir, cmd);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_not_null(strstr(r.err,
	                          "and pact-import-formats.so (PACT_IMPORT_MODULE) is not an "
	                          "absolute path\n"),
	                   "%s", r.err);
	cr_expect_not(exists_in(dir, "ran-init"), "a module of the current directory was loaded");
	cr_expect_not(exists_in(dir, "out.yaml"));
	run_result_free(&r);
	free(cmd);
	free(so);
	rm_rf(dir);
	free(dir);
}

/* A module of another build (its interface string differs) is refused
 * before any of its functions is called. */
Test(import_module, a_module_of_another_build_is_refused_before_its_code_runs)
{
	char *dir = make_tempdir(), *so = strf("%s/pact-import-formats.so", dir);
	int written;
	run_result r;

	build_foreign_module(so, dir, "0");
	r = import_with_module(so, DATA "pact-2024.pdf", &written);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_not_null(strstr(r.err, "pact-import-formats.so is not the module this pact was "
	                                 "built with: install pact again\n"),
	                   "%s", r.err);
	cr_expect_not(exists_in(dir, "ran-entry"), "the entry of a foreign module was called");
	cr_expect_not(written);
	run_result_free(&r);
	free(so);
	rm_rf(dir);
	free(dir);
}

/* A module cut short (a full disk, an interrupted copy) made the loader
 * crash pact with SIGBUS; it is refused instead. */
Test(import_module, a_truncated_module_is_refused_without_a_crash)
{
	static const size_t cut[] = {0, 100, 4096, 8192, 20000};
	char *dir = make_tempdir(), *so = strf("%s/pact-import-formats.so", dir);
	char *whole = built_module();
	size_t len;
	char *data = read_file(whole, &len);

	cr_assert_not_null(data, "%s", whole);
	for (size_t i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		int written;
		run_result r;

		cr_assert_lt(cut[i], len);
		cr_assert_eq(write_file(so, data, cut[i]), 0);
		r = import_with_module(so, DATA "pact-2024.pdf", &written);
		cr_expect_eq(r.status, 3, "cut at %zu: %s", cut[i], r.err);
		cr_expect_not_null(strstr(r.err,
		                          "pact-import-formats.so is cut short or damaged: install "
		                          "pact again\n"),
		                   "cut at %zu: %s", cut[i], r.err);
		cr_expect_not(written);
		run_result_free(&r);
	}
	free(data);
	free(whole);
	free(so);
	rm_rf(dir);
	free(dir);
}
