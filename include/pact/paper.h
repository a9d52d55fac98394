/*
 * paper.h - a pact laid out as the signed paper: for printing and signing.
 *
 * `pact show YEAR --format=html|markdown`. The layout is that of a
 * Vietnamese administrative document: the issuing bloc on the left and the
 * national motto on the right ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc
 * lập - Tự do - Hạnh phúc"), place and date ("Bắc Giang, ngày 09 tháng 5
 * năm 2024"), the title, the preamble, the numbered clauses and their
 * commitments, the closing, and a signature block with one cell per member
 * agency. The pact's own text is printed as written; the words pact adds
 * (motto, "Điều", the signature hints) follow `lang`. HTML is one
 * standalone A4 page (no script, no external resource, all text escaped);
 * Markdown is CommonMark with a GFM table for the signatures.
 *
 * Ownership: pact_paper_render returns a malloc'ed NUL-terminated string
 * the caller frees with free().
 */
#ifndef PACT_PAPER_H
#define PACT_PAPER_H

#include <stddef.h>

#include "pact/doc.h"
#include "pact/i18n.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PACT_PAPER_HTML = 0, PACT_PAPER_MARKDOWN = 1 } pact_paper_format;

typedef struct pact_paper_opts {
	unsigned version;
	pact_paper_format format;
	pact_lang lang; /* the words pact adds; the pact's text is as written */
} pact_paper_opts;
#define PACT_PAPER_OPTS_VERSION 1
#define PACT_PAPER_OPTS_INIT                                                                       \
	{                                                                                          \
		PACT_PAPER_OPTS_VERSION, PACT_PAPER_HTML, PACT_LANG_VI                             \
	}

/* Lay `doc` out. *out is the caller's (free()); *len, if not NULL, its
 * length. 0, or PACT_ENOMEM. */
int pact_paper_render(char **out, size_t *len, const pact_doc *doc, const pact_paper_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
