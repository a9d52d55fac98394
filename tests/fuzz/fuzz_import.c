/*
 * fuzz_import.c - libFuzzer target: any bytes -> pact_import_buffer, as a
 * file of unknown kind (text, .docx, .odt, or none of them), alone and with
 * a fixed last year's pact for --like.
 *
 * Promises checked (abort() when broken): an import either fails with an
 * error code and a message, or returns YAML; YAML that import calls
 * complete parses as a valid pact/1 document, and the numbers it reports
 * match that document.
 *
 * Replayed by tests/test_fuzz_regressions.c through pact_fuzz_import.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pact/doc.h"
#include "pact/error.h"
#include "pact/import.h"

int pact_fuzz_import(const uint8_t *data, size_t size);

static const char import_like[] = "schema: pact/1\n"
                                  "year: 2024\n"
                                  "title: Bản giao ước thi đua năm 2024\n"
                                  "bloc: Khối thi đua Các cơ quan lĩnh vực văn hóa, xã hội 2\n"
                                  "province: Bắc Giang\n"
                                  "signed: {place: Bắc Giang, date: 2024-05-09}\n"
                                  "members:\n"
                                  "  - {id: so-ngoai-vu, name: Sở Ngoại vụ}\n"
                                  "  - {id: so-y-te, name: Sở Y tế}\n"
                                  "preamble: Nhằm phát huy kết quả đạt được năm 2023.\n"
                                  "clauses:\n"
                                  "  - id: khen-thuong\n"
                                  "    number: 1\n"
                                  "    commitments: [Công tác khen thưởng bảo đảm đúng quy định.]\n"
                                  "closing: Trên đây là Bản giao ước thi đua năm 2024./.\n";

static void check(const pact_import_result *res)
{
	pact_doc *doc = NULL;
	int rc = pact_doc_parse(&doc, NULL, res->yaml, res->len, NULL);
	if (res->complete && rc != 0)
		abort(); /* import said complete, the loader disagrees */
	if (rc == 0 && (doc->nclauses != res->nclauses || doc->nmembers != res->nmembers))
		abort();
	pact_doc_free(doc);
}

int pact_fuzz_import(const uint8_t *data, size_t size)
{
	pact_import_opts opts = PACT_IMPORT_OPTS_INIT;
	pact_import_result *res = NULL;
	pact_doc *like = NULL;

	opts.name = "fuzz";
	if (pact_import_buffer(&res, data, size, &opts) == 0)
		check(res);
	else if (res || !*pact_error_last()->message)
		abort(); /* a failure returns nothing and says why */
	pact_import_result_free(res);
	res = NULL;
	if (pact_doc_parse(&like, NULL, import_like, strlen(import_like), NULL) != 0)
		abort();
	opts.like = like;
	if (pact_import_buffer(&res, data, size, &opts) == 0)
		check(res);
	pact_import_result_free(res);
	pact_doc_free(like);
	return 0;
}

#ifndef PACT_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pact_fuzz_import(data, size);
}
#endif
