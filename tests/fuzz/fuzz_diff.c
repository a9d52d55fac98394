/*
 * fuzz_diff.c - libFuzzer target: two documents -> pact_diff_docs -> one
 * report, in the format and with the options the input picks.
 *
 * The first byte is the control byte; it picks ONE rendering, so each run
 * costs one diff and one report instead of sixteen:
 *   bits 0-1  format: text, markdown, JSON, HTML
 *   bit 2     language: Vietnamese (0) or English (1)
 *   bit 3     --stat (the summary only)
 *   bit 4     colour (text)
 *   bit 5     verbose (text, markdown: how alike paired clauses are)
 *   bit 6     id-blind alignment (--ignore-ids)
 *   bit 7     context: 1 commitment around a change (markdown, HTML) or all
 * The rest is split at the first "\n---8<---\n" (or half-way when there is
 * none) and each half is parsed. Most mutated halves are invalid, and an
 * invalid side would stop before the diff, so such a side is replaced by a
 * fixed valid pact: the diff and the renderers then see every document the
 * loader accepts, against itself or against the seed. The report is
 * rendered to memory only and must be UTF-8 without a NUL, of the length
 * it says.
 *
 * Replayed by tests/test_fuzz_regressions.c through pact_fuzz_diff.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pact/doc.h"
#include "pact/pactdiff.h"
#include "pact/report.h"
#include "pact/utf8.h"

int pact_fuzz_diff(const uint8_t *data, size_t size);

/* Small but covers every part of the model: optional fields, approvers,
 * a titled and an untitled clause, and a citation to keep or drop. */
static const char diff_seed[] =
        "schema: pact/1\n"
        "year: 2024\n"
        "title: Bản giao ước thi đua năm 2024\n"
        "bloc: Khối thi đua Các cơ quan lĩnh vực văn hóa, xã hội 2\n"
        "province: Bắc Giang\n"
        "signed: {place: Bắc Giang, date: 2024-05-09}\n"
        "members:\n"
        "  - {id: so-ngoai-vu, name: Sở Ngoại vụ}\n"
        "  - id: so-y-te\n"
        "    name: Sở Y tế\n"
        "    approvers: [giamdoc@syt.bacgiang.gov.vn]\n"
        "preamble: Nhằm phát huy kết quả đạt được năm 2023.\n"
        "clauses:\n"
        "  - id: quan-triet-tu-tuong\n"
        "    number: 1\n"
        "    title: Quán triệt tư tưởng\n"
        "    commitments:\n"
        "      - Thực hiện Chỉ thị số 19/CT-TTg ngày 10/6/2022 của Thủ tướng Chính phủ.\n"
        "  - id: khen-thuong\n"
        "    number: 2\n"
        "    commitments:\n"
        "      - Công tác khen thưởng bảo đảm đúng quy định của pháp luật.\n"
        "      - \"Tăng cường tuyên truyền: gương điển hình tiên tiến.\"\n"
        "closing: Trên đây là Bản giao ước thi đua năm 2024./.\n"
        "source: fuzz seed\n";

static pact_doc *parse_or_seed(const char *buf, size_t len)
{
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	pact_doc *doc = NULL;

	opts.check_filename = 0;
	if (pact_doc_parse(&doc, NULL, buf, len, &opts) == 0)
		return doc;
	if (pact_doc_parse(&doc, NULL, diff_seed, sizeof(diff_seed) - 1, &opts) != 0)
		abort(); /* the seed itself must stay valid */
	return doc;
}

/* The report options the control byte picks (see the top of the file). */
static void pick_opts(pact_report_opts *ropts, pact_diff_opts *dopts, unsigned ctl)
{
	ropts->format = (pact_report_format)(ctl & 3);
	ropts->lang = ctl & 4 ? PACT_LANG_EN : PACT_LANG_VI;
	ropts->stat_only = (ctl >> 3) & 1;
	ropts->color = (ctl >> 4) & 1;
	ropts->verbose = (ctl >> 5) & 1;
	dopts->ignore_ids = (ctl >> 6) & 1;
	ropts->context = ctl & 0x80 ? 1 : -1;
	ropts->made.year = 2024; /* not today: the same input renders the same */
	ropts->made.month = 5;
	ropts->made.day = 9;
}

int pact_fuzz_diff(const uint8_t *data, size_t size)
{
	static const char cut[] = "\n---8<---\n";
	const size_t cutlen = sizeof(cut) - 1;
	const char *buf = (const char *)data + (size > 0);
	pact_diff_opts dopts = PACT_DIFF_OPTS_INIT;
	pact_report_opts ropts = PACT_REPORT_OPTS_INIT;
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;
	char *out = NULL;
	size_t len = 0, n = size > 0 ? size - 1 : 0;
	size_t alen = n / 2, boff = n / 2;

	pick_opts(&ropts, &dopts, size > 0 ? data[0] : 0);
	for (size_t i = 0; i + cutlen <= n; i++) {
		if (memcmp(buf + i, cut, cutlen) == 0) {
			alen = i;
			boff = i + cutlen;
			break;
		}
	}
	a = parse_or_seed(buf, alen);
	b = parse_or_seed(buf + boff, n - boff);
	if (pact_diff_docs(&d, a, b, &dopts) != 0)
		goto done;
	if (pact_report_render(&out, &len, d, &ropts) == 0 &&
	    (strlen(out) != len || !pact_utf8_valid(out, len, NULL)))
		abort(); /* a NUL inside a report, a wrong length, or broken UTF-8 */
done:
	free(out);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
	return 0;
}

#ifndef PACT_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pact_fuzz_diff(data, size);
}
#endif
