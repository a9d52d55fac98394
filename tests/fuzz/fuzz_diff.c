/*
 * fuzz_diff.c - libFuzzer target: two documents -> pact_diff_docs -> every
 * report format in both languages.
 *
 * The input is split at the first "\n---8<---\n" (or half-way when there is
 * none) and each half is parsed. Most mutated halves are invalid, and an
 * invalid side would stop before the diff, so such a side is replaced by a
 * fixed valid pact: the diff and the renderers then see every document the
 * loader accepts, against itself or against the seed. Reports are rendered
 * to memory only (text with and without colour, markdown, JSON, HTML; full
 * and --stat; Vietnamese and English).
 *
 * Replayed by tests/test_fuzz_regressions.c through pact_fuzz_diff.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pact/doc.h"
#include "pact/pactdiff.h"
#include "pact/report.h"

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

int pact_fuzz_diff(const uint8_t *data, size_t size)
{
	static const char cut[] = "\n---8<---\n";
	const size_t cutlen = sizeof(cut) - 1;
	const char *buf = (const char *)data;
	pact_diff_opts dopts = PACT_DIFF_OPTS_INIT;
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;
	size_t alen = size / 2, boff = size / 2;

	for (size_t i = 0; i + cutlen <= size; i++) {
		if (memcmp(buf + i, cut, cutlen) == 0) {
			alen = i;
			boff = i + cutlen;
			break;
		}
	}
	a = parse_or_seed(buf, alen);
	b = parse_or_seed(buf + boff, size - boff);
	/* the low byte picks id-blind alignment now and then, a cheap extra path */
	dopts.ignore_ids = size > 0 && (data[size - 1] & 1);
	if (pact_diff_docs(&d, a, b, &dopts) != 0)
		goto done;
	for (int fmt = PACT_REPORT_TEXT; fmt <= PACT_REPORT_HTML; fmt++) {
		for (int lang = PACT_LANG_VI; lang <= PACT_LANG_EN; lang++) {
			for (int stat = 0; stat <= 1; stat++) {
				pact_report_opts ropts = PACT_REPORT_OPTS_INIT;
				char *out = NULL;
				size_t len = 0;

				ropts.format = (pact_report_format)fmt;
				ropts.lang = (pact_lang)lang;
				ropts.stat_only = stat;
				ropts.color = fmt == PACT_REPORT_TEXT && lang == PACT_LANG_VI;
				if (pact_report_render(&out, &len, d, &ropts) == 0 &&
				    strlen(out) != len)
					abort(); /* a NUL inside a report, or a wrong length */
				free(out);
			}
		}
	}
done:
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
