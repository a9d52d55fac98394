/*
 * paras.h - clean lines and paragraphs, the structure finder's input
 * (internal to src/import/; see paras.c for the rules).
 */
#ifndef PACT_IMPORT_PARAS_H
#define PACT_IMPORT_PARAS_H

#include <stddef.h>

#include "import.h"

typedef enum {
	IMP_M_NONE = 0,
	IMP_M_ARABIC, /* "1." "1)" */
	IMP_M_ROMAN,  /* "I." "IV." */
	IMP_M_DIEU,   /* "Điều 1." */
	IMP_M_ITEM    /* a) b) - + • 1.1. : an item inside a clause */
} imp_marker_style;

typedef struct imp_marker {
	imp_marker_style style;
	long value;  /* the number for ARABIC, ROMAN, DIEU */
	size_t skip; /* bytes of the marker and the space after it */
} imp_marker;

/* A block's text after furniture was dropped, label in front. */
typedef struct imp_line {
	char *text;
	size_t len;
	imp_block_kind kind;
	unsigned line, page, flags, table, row, col;
	int level, labelled;
	int brk; /* an empty line, page break or paragraph block boundary before */
} imp_line;

typedef struct imp_lines {
	imp_line *items;
	size_t count, cap;
	size_t dropped; /* furniture lines dropped */
} imp_lines;

int pact_import__lines_make(imp_lines *L, const imp_blocks *bl);
void pact_import__lines_clear(imp_lines *L);

typedef struct imp_para {
	imp_text t; /* the joined text with its line map */
	imp_block_kind kind;
	unsigned line, page, flags, table, row, col;
	int level, brk;
	size_t l0, l1; /* the lines [l0, l1) it was joined from */
	imp_marker marker;
	int role;        /* set by the structure finder */
	int start;       /* starts a clause */
	char *fold_head; /* folded first bytes, computed when first asked */
} imp_para;

typedef struct imp_paras {
	imp_para *items;
	size_t count, cap;
} imp_paras;

int pact_import__paras_make(imp_paras *P, const imp_lines *L);

/* members.c: the member agencies, from the preamble's list ("05 cơ quan
 * thành viên ... gồm: A, B, C") and the signature block (the clean lines
 * L->items[sig_from..]). */
int pact_import__members(imp_doc *doc, const imp_lines *L, size_t sig_from, imp_ctx *ctx);
void pact_import__paras_clear(imp_paras *P);

#endif
