/*
 * test_limits.c - the document size limit: 16 MiB by default, so a pact of
 * 10 000 clauses loads out of the box, and overridable for one process by
 * the library (pact_doc_set_max_bytes, pact_parse_opts.max_bytes) and the
 * CLI (--max-doc-bytes, PACT_MAX_DOC_BYTES; the option wins).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"

/* A valid pact of n clauses, each with one commitment of about 500 bytes. */
static char *big_pact(size_t n, size_t *len)
{
	size_t cap = 400 + n * 800, off = 0;
	char *s = malloc(cap);
	cr_assert_not_null(s);
	off += (size_t)snprintf(s + off, cap - off,
	                        "schema: pact/1\nyear: 2024\ntitle: Giao ước\nbloc: Khối 2\n"
	                        "province: Bắc Giang\nsigned:\n  place: Bắc Giang\n"
	                        "  date: 2024-03-14\nmembers:\n  - id: so-y-te\n"
	                        "    name: Sở Y tế\npreamble: Các cơ quan thống nhất.\nclauses:\n");
	for (size_t i = 0; i < n; i++) {
		off += (size_t)snprintf(
		        s + off, cap - off,
		        "  - id: c%zu\n    number: %zu\n    commitments:\n      - \"", i, i + 1);
		for (int k = 0; k < 25; k++)
			off += (size_t)snprintf(s + off, cap - off, "thực hiện tốt %zu ",
			                        i * 31 + (size_t)k);
		off += (size_t)snprintf(s + off, cap - off, "nhiệm vụ.\"\n");
	}
	off += (size_t)snprintf(s + off, cap - off, "closing: Hết.\n");
	*len = off;
	return s;
}

Test(limits, default_is_16_mib_and_takes_a_pact_over_the_old_4_mib)
{
	size_t len = 0;
	char *s = big_pact(10000, &len);
	pact_doc *doc = NULL;

	cr_expect_eq(PACT_MAX_DOC_BYTES, 16u * 1024 * 1024);
	cr_expect_eq(pact_doc_max_bytes(), PACT_MAX_DOC_BYTES);
	cr_assert_gt(len, 4u * 1024 * 1024, "the test pact must exceed the old limit: %zu", len);
	cr_assert_eq(pact_doc_parse(&doc, NULL, s, len, NULL), 0, "%s", pact_error_last()->message);
	cr_expect_eq(doc->nclauses, 10000);
	pact_doc_free(doc);
	free(s);
}

Test(limits, the_process_limit_and_the_per_call_limit_refuse_larger_documents)
{
	size_t len = 0;
	char *s = big_pact(10, &len);
	pact_doc *doc = NULL;
	pact_diags dg = PACT_DIAGS_INIT;
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;

	pact_doc_set_max_bytes(len - 1);
	cr_expect_eq(pact_doc_max_bytes(), len - 1);
	cr_expect_eq(pact_doc_parse(&doc, &dg, s, len, NULL), PACT_EINVALID);
	cr_assert_eq(dg.count, 1);
	cr_expect_str_eq(dg.items[0].code, "too-large");
	cr_expect(strstr(dg.items[0].message, "larger than the limit of") != NULL, "%s",
	          dg.items[0].message);
	pact_diags_clear(&dg);

	/* the per-call option wins over the process limit */
	po.max_bytes = len;
	cr_expect_eq(pact_doc_parse(&doc, NULL, s, len, &po), 0, "%s", pact_error_last()->message);
	pact_doc_free(doc);
	doc = NULL;

	/* 0 restores the default */
	pact_doc_set_max_bytes(0);
	cr_expect_eq(pact_doc_max_bytes(), PACT_MAX_DOC_BYTES);
	cr_expect_eq(pact_doc_parse(&doc, NULL, s, len, NULL), 0);
	pact_doc_free(doc);
	free(s);
}

Test(limits, cli_option_and_environment_variable)
{
	run_result r;

	/* pacts/2024.yaml is about 10 KB */
	r = run_pact(PACT_SRCDIR, "--max-doc-bytes=4K", "validate", "pacts/2024.yaml", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "pacts/2024.yaml: error: file of 10120 bytes is larger than the "
	                        "limit of 4096 bytes (--max-doc-bytes or PACT_MAX_DOC_BYTES "
	                        "raise it)") != NULL,
	          "%s", r.err);
	run_result_free(&r);

	r = run_pact(PACT_SRCDIR, "--max-doc-bytes", "20000", "validate", "pacts/2024.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	r = run_sh(PACT_SRCDIR, "PACT_MAX_DOC_BYTES=4096 " PACT_BIN " validate pacts/2024.yaml");
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "limit of 4096 bytes") != NULL, "%s", r.err);
	run_result_free(&r);

	/* the option wins over the environment */
	r = run_sh(PACT_SRCDIR, "PACT_MAX_DOC_BYTES=4096 " PACT_BIN
	                        " --max-doc-bytes=1M validate pacts/2024.yaml");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	/* a diff of files reads them through the store's reader: same limit */
	r = run_pact(PACT_SRCDIR, "--max-doc-bytes=4K", "diff", "pacts/2023.yaml",
	             "pacts/2024.yaml", NULL);
	cr_expect_neq(r.status, 0);
	cr_expect(strstr(r.err, "is larger than 4096 bytes") != NULL, "%s", r.err);
	run_result_free(&r);
}

Test(limits, cli_refuses_a_limit_that_is_not_a_size)
{
	const char *bad[] = {"0", "-5", "abc", "12Q", "", "99999999999999999999"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *opt = strf("--max-doc-bytes=%s", bad[i]);
		run_result r = run_pact(PACT_SRCDIR, opt, "validate", "pacts/2024.yaml", NULL);
		cr_expect_eq(r.status, 2, "%s: %s", bad[i], r.err);
		cr_expect(strstr(r.err, "--max-doc-bytes must be a positive number of bytes") !=
		                  NULL,
		          "%s", r.err);
		run_result_free(&r);
		free(opt);
	}
	run_result r = run_sh(PACT_SRCDIR,
	                      "PACT_MAX_DOC_BYTES=lots " PACT_BIN " validate pacts/2024.yaml");
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "PACT_MAX_DOC_BYTES must be a positive number") != NULL, "%s",
	          r.err);
	run_result_free(&r);
}
