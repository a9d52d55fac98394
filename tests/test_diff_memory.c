/*
 * test_diff_memory.c - the memory of a diff of hostile text within the
 * document limits. Text of one-letter words and punctuation has a token
 * for every byte, and a token takes ~50 bytes: a diff that held the tokens
 * of every commitment until the report was done needed 27 to 100 times its
 * input (1.5 GB for two 15 MB pacts of punctuation). The diff now holds
 * the tokens of one alignment of commitments at a time
 * (PACT_DIFF_KEPT_TEXT, src/pactdiff.c), so its heap, report included,
 * stays a small multiple of the input.
 *
 * Measured in heap bytes (alloc_meter.h: malloc_usable_size of what libpact
 * holds at once), never in time or RSS: the same on every machine and
 * under the sanitizers.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_meter.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "pact/pactdiff.h"
#include "pact/report.h"

/* A small deterministic generator (the tests must not depend on rand()). */
static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

/* A pact of `nclauses` clauses of one commitment each, `bytes` of letters
 * and punctuation in turn ("q!x(b;..."): one token a byte, the densest
 * text there is. The new year's commitments end with another letter, so
 * every pair is aligned and word-diffed. The caller frees the result. */
static char *hostile_pact(int year, size_t nclauses, size_t bytes, size_t *len)
{
	static const char punct[] = "!#$%&()*+,-./:;<=>?@[]^_{|}~";
	size_t cap = 512 + nclauses * (bytes + 80), n;
	char *s = malloc(cap);

	cr_assert(s);
	n = (size_t)snprintf(s, cap,
	                     "schema: pact/1\nyear: %d\ntitle: \"Giao ước %d\"\n"
	                     "bloc: \"Khối 2\"\nprovince: \"Bắc Giang\"\n"
	                     "signed:\n  place: \"Bắc Giang\"\n  date: %d-03-14\n"
	                     "members:\n  - id: so-y-te\n    name: \"Sở Y tế\"\n"
	                     "preamble: \"Các cơ quan ký giao ước.\"\nclauses:\n",
	                     year, year, year);
	for (size_t c = 0; c < nclauses; c++) {
		uint64_t seed = c + 1;
		n += (size_t)snprintf(s + n, cap - n,
		                      "  - id: c%zu\n    number: %zu\n    commitments:\n      - \"",
		                      c + 1, c + 1);
		for (size_t i = 0; i + 1 < bytes; i += 2) {
			s[n++] = (char)('a' + lcg(&seed) % 26);
			s[n++] = punct[lcg(&seed) % (sizeof(punct) - 1)];
		}
		s[n++] = year == 2023 ? 'a' : 'z';
		n += (size_t)snprintf(s + n, cap - n, "\"\n");
	}
	n += (size_t)snprintf(s + n, cap - n, "closing: \"Trên đây là bản giao ước.\"\n");
	cr_assert_lt(n, cap);
	*len = n;
	return s;
}

static pact_doc *parse(const char *text, size_t len, const char *path)
{
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_doc *doc = NULL;

	po.path = path;
	po.check_filename = 0;
	cr_assert_eq(pact_doc_parse(&doc, NULL, text, len, &po), 0, "%s: %s", path,
	             pact_error_last()->message);
	return doc;
}

/* 2 MB of input: the old diff held ~100 MB of tokens (48x), now ~5x. */
Test(diff_memory, dense_tokens_stay_a_small_multiple_of_the_input)
{
	const size_t nclauses = 32, bytes = 32 * 1024;
	size_t la, lb, peak, rlen = 0, shown = 0;
	char *ta = hostile_pact(2023, nclauses, bytes, &la);
	char *tb = hostile_pact(2024, nclauses, bytes, &lb);
	pact_doc *a = parse(ta, la, "2023.yaml"), *b = parse(tb, lb, "2024.yaml");
	pact_report_opts ro = PACT_REPORT_OPTS_INIT;
	pact_diff *d = NULL;
	char *report = NULL;
	int rc;

	ro.format = PACT_REPORT_MARKDOWN;
	ro.lang = PACT_LANG_EN;
	alloc_meter_start();
	rc = pact_diff_docs(&d, a, b, NULL);
	if (rc == 0)
		rc = pact_report_render(&report, &rlen, d, &ro);
	peak = alloc_meter_stop();
	cr_assert_eq(rc, 0, "%s", pact_error_last()->message);
	/* the report a user reads: every commitment reworded at its end */
	cr_assert_eq(d->summary.c_modified, nclauses);
	cr_assert_eq(d->summary.words_deleted, nclauses);
	cr_assert_eq(d->summary.words_inserted, nclauses);
	cr_assert_gt(rlen, la, "the report shows every commitment");
	for (const char *p = report; (p = strstr(p, "~~a~~ **z**")); p++)
		shown++;
	cr_assert_eq(shown, nclauses, "%zu of %zu changed words shown", shown, nclauses);
	cr_assert_leq(peak, 10 * (la + lb),
	              "the diff and its report held %zu MB at once for %zu MB of input", peak >> 20,
	              (la + lb) >> 20);
	free(report);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
	free(ta);
	free(tb);
}
