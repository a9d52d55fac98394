/*
 * cite.h - directives and laws cited in pact text.
 *
 * A citation is a numbered legal or party document: one of Luật, Nghị
 * quyết, Nghị định, Quyết định, Chỉ thị, Kết luận, Thông tư, Kế hoạch,
 * Hướng dẫn, Công văn, Đề án (any case, any tone-mark placement), then an
 * optional "số", then a number written without spaces that contains a "/"
 * ("19/CT-TTg", "91/2017/NĐ-CP", "26-CT/TU"), then optionally "ngày
 * D/M/YYYY" (or "ngày D tháng M năm YYYY") and "của <issuer>". Unnumbered
 * mentions ("Luật Thi đua, khen thưởng", "Nghị quyết Đại hội ...") are not
 * citations: without a number two years cannot be told apart reliably.
 * The key that identifies a citation is its number (NFC, case-folded); the
 * date and issuer are not part of it, so a re-dated citation is detected.
 *
 * Ownership: pact_cite_scan appends to a caller-provided list whose
 * contents the caller frees with pact_cites_clear (NULL-safe).
 */
#ifndef PACT_CITE_H
#define PACT_CITE_H

#include <stddef.h>

#include "pact/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pact_cite {
	char *kind;     /* as written: "Chỉ thị" */
	char *number;   /* as written: "19/CT-TTg" */
	char *key;      /* comparison key: folded number */
	pact_date date; /* all zero when no date is given */
	char *issuer;   /* "Thủ tướng Chính phủ", or NULL */
	char *text;     /* the citation as written, kind to issuer */
} pact_cite;

typedef struct pact_cites {
	pact_cite *items;
	size_t count, cap;
} pact_cites;
#define PACT_CITES_INIT                                                                            \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Find the citations in a NUL-terminated UTF-8 text and append them to
 * `out` (a number already in `out` is not added twice). 0 or PACT_ENOMEM
 * (then `out` is left as it was). Cost: O(length of text + c log c) for c
 * citations in `out` afterwards. */
int pact_cite_scan(pact_cites *out, const char *text);

/* Append a deep copy of `c`. 0 or PACT_ENOMEM. */
int pact_cites_push(pact_cites *out, const pact_cite *c);

/* Index of the citation with `key` in the list, or -1. */
long pact_cites_find(const pact_cites *list, const char *key);

void pact_cites_clear(pact_cites *list);

#ifdef __cplusplus
}
#endif
#endif
