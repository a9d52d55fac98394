/*
 * test_report_write.c - pact_report_write: the report written to a FILE,
 * the JSON one as it is made (src/json.c hands its text over in pieces of
 * 64 KiB), is byte for byte pact_report_render's, in every format, for the
 * sample pacts and for generated ones whose JSON runs to megabytes; and
 * `pact diff -o` says when the file cannot be written.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "pact/pactdiff.h"
#include "pact/report.h"

static pact_diff *diff_files(const char *old_path, const char *new_path)
{
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;

	cr_assert_eq(pact_doc_load_file(&a, NULL, old_path, NULL), 0, "%s",
	             pact_error_last()->message);
	cr_assert_eq(pact_doc_load_file(&b, NULL, new_path, NULL), 0, "%s",
	             pact_error_last()->message);
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0, "%s", pact_error_last()->message);
	pact_doc_free(a);
	pact_doc_free(b);
	return d;
}

/* pact_report_write's bytes equal pact_report_render's in `format`. */
static void same_bytes(const pact_diff *d, pact_report_format format, size_t *json_len)
{
	pact_report_opts o = PACT_REPORT_OPTS_INIT;
	char *rendered = NULL, *written = NULL;
	size_t rlen = 0, wlen = 0;
	FILE *f = open_memstream(&written, &wlen);

	cr_assert_not_null(f);
	o.format = format;
	o.made = (pact_date){2025, 1, 2};
	cr_assert_eq(pact_report_render(&rendered, &rlen, d, &o), 0);
	cr_assert_eq(pact_report_write(f, d, &o), 0, "%s", pact_error_last()->message);
	cr_assert_eq(fclose(f), 0);
	cr_expect_eq(wlen, rlen, "format %d: %zu bytes written, %zu rendered", (int)format, wlen,
	             rlen);
	cr_expect(wlen == rlen && !memcmp(written, rendered, rlen), "format %d differs",
	          (int)format);
	if (json_len)
		*json_len = wlen;
	free(rendered);
	free(written);
}

Test(report_write, every_format_of_the_sample_pacts_is_written_as_rendered)
{
	char *old_path = src_path("pacts/2023.yaml"), *new_path = src_path("pacts/2024.yaml");
	pact_diff *d = diff_files(old_path, new_path);
	static const pact_report_format formats[] = {PACT_REPORT_TEXT, PACT_REPORT_MARKDOWN,
	                                             PACT_REPORT_JSON, PACT_REPORT_HTML};

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		same_bytes(d, formats[i], NULL);
	pact_diff_free(d);
	free(old_path);
	free(new_path);
}

/* 400 generated clauses a side: a JSON report of megabytes, handed over
 * in many pieces. */
Test(report_write, a_json_report_of_megabytes_is_written_in_pieces_as_rendered)
{
	char *dir = make_tempdir(), *gen = src_path("bench/gen.awk");
	char *cmd = strf("awk -v n=400 -v seed=7 -v dir='%s' -f '%s'", dir, gen);
	char *old_path = strf("%s/2023.yaml", dir), *new_path = strf("%s/2024.yaml", dir);
	run_result r = run_sh(NULL, cmd);
	pact_diff *d;
	size_t len = 0;

	cr_assert_eq(r.status, 0, "%s", r.err);
	d = diff_files(old_path, new_path);
	same_bytes(d, PACT_REPORT_JSON, &len);
	cr_expect_gt(len, 4 * 64 * 1024, "only %zu bytes: the pieces were not exercised", len);
	pact_diff_free(d);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(gen);
	free(cmd);
	free(old_path);
	free(new_path);
}

Test(report_write, a_report_file_that_cannot_be_written_is_an_error)
{
	char *old_path = src_path("pacts/2023.yaml"), *new_path = src_path("pacts/2024.yaml");
	run_result r = run_pact(NULL, "diff", "--format=json", old_path, new_path, "-o",
	                        "/dev/full", NULL);

	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_not_null(strstr(r.err, "cannot write '/dev/full': No space left on device"), "%s",
	                   r.err);
	run_result_free(&r);
	free(old_path);
	free(new_path);
}
