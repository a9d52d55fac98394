/*
 * src/import/import.h - the front door of the import family (internal, not
 * installed). Public API: include/pact/import.h.
 *
 *   bytes --reader--> imp_blocks --structure finder--> imp_doc
 *         --ids / --like alignment--> passes (passes.def) --writer--> YAML
 *
 * Files:
 *   import.c     the pipeline, content sniffing and dispatch to a reader
 *   readers.def  the table of readers, tried in order
 *   read_text.c  plain text: UTF-8, UTF-16 with BOM
 *   read_zip.c   bounded zip + XML access shared by the Word/ODF readers
 *   read_docx.c  Word .docx (numbering.xml labels computed, tables)
 *   read_odt.c   OpenDocument .odt
 *   blocks.c     imp_blocks / imp_text helpers
 *   structure.c  blocks -> imp_doc (place/date, title, clauses, ...)
 *   members.c    member agencies (preamble list, signature block)
 *   ids.c        slugs, and ids reused from last year's pact
 *   write.c      imp_doc -> pact/1 YAML
 *
 * ---- Adding a reader -------------------------------------------------
 * Write src/import/read_NAME.c with two functions (declare them below) and
 * add one line to readers.def:
 *
 *   int pact_import__sniff_NAME(const unsigned char *data, size_t len);
 *       nonzero when the bytes are this reader's format. Look at content
 *       only (magic bytes, zip entries). Must be cheap and never fail loud.
 *   int pact_import__read_NAME(imp_blocks *out, const unsigned char *data, size_t len,
 *                     imp_ctx *ctx);
 *       append the document's blocks to `out` in reading order; set
 *       out->format (static string) and, if the reader guessed or
 *       recognised anything the user should know (OCR, an encoding),
 *       out->how (static or strdup'ed into out->how_owned). Warnings go
 *       to ctx->diags with pact_import__warn(). Return 0, or a negative PACT_E*
 *       code after pact_error_set() (PACT_EINVALID for a broken or
 *       encrypted file, PACT_ELIMIT over a limit).
 *
 * Blocks: a reader gives either whole paragraphs (IMP_PARA: Word, ODF,
 * a PDF's text layer when it knows paragraphs) or physical lines as the
 * layout broke them (IMP_LINE: plain text, OCR), separated by IMP_BREAK for
 * an empty line and IMP_PAGE at a page boundary. The structure finder joins
 * IMP_LINE runs itself and drops page furniture (page numbers, repeated
 * running headers, the national motto). Every block carries the input
 * position people would look for: `line` (1-based text line, or paragraph
 * number in a Word file), and `page` (1-based, 0 when the format has no
 * pages). List numbering that the format computes (Word's numbering.xml,
 * ODF's text:list) is given as `label` ("1.", "a)", "-"), the text itself
 * without it; a label typed into the text stays in the text.
 *
 * ---- Passes ------------------------------------------------------------
 * After the structure is found and ids assigned (with --like, each clause
 * and member knows its partner in last year's pact: `like` index), the
 * passes listed in passes.def run in order on the imp_doc:
 *   int pact_import__pass_NAME(imp_doc *doc, imp_ctx *ctx);
 * A pass may rewrite the text of the fields (e.g. restore lost diacritics
 * from last year's aligned wording), report each changed word in
 * ctx->changes (pact_import__change()), and adjust doc->restored / doc->how.
 */
#ifndef PACT_IMPORT_INTERNAL_H
#define PACT_IMPORT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "../alloc.h"
#include "pact/doc.h"
#include "pact/import.h"

/* ---- blocks --------------------------------------------------------- */

typedef enum {
	IMP_LINE = 0,  /* one physical line; may continue the one before */
	IMP_PARA = 1,  /* one whole paragraph */
	IMP_CELL = 2,  /* one table cell (a paragraph), see row/col */
	IMP_BREAK = 3, /* an empty line: ends a paragraph (text NULL) */
	IMP_PAGE = 4   /* a page boundary (text NULL); page = the new page */
} imp_block_kind;

enum {
	IMP_F_BOLD = 1,   /* the whole block is bold */
	IMP_F_CENTER = 2, /* centred */
	IMP_F_HEADER = 4, /* from a page header or footer part */
	IMP_F_HEADING = 8 /* a heading or title style */
};

typedef struct imp_block {
	imp_block_kind kind;
	char *text;               /* valid UTF-8, NFC, no newline; NULL for BREAK/PAGE */
	char *label;              /* computed list label ("1.", "a)", "-"), or NULL */
	int level;                /* list level 0..8 when label is set, else -1 */
	unsigned line;            /* 1-based input line or paragraph number; 0 unknown */
	unsigned page;            /* 1-based page; 0 when the format has no pages */
	unsigned table, row, col; /* IMP_CELL: 1-based table, row, column */
	unsigned flags;           /* IMP_F_* */
} imp_block;

typedef struct imp_blocks {
	imp_block *items;
	size_t count, cap;
	size_t text_bytes;  /* total, checked against MAX_TEXT_BYTES */
	const char *format; /* set by the reader, static */
	const char *how;    /* what the reader did that a person should know
	                       ("OCR (Tesseract, vie)", "guessed Windows-1258"),
	                       static or how_owned; NULL when plain */
	char *how_owned;
	int ocr; /* nonzero: the text comes from OCR */
} imp_blocks;

/* Append a block (text copied, normalised to NFC; len may be (size_t)-1
 * for NUL-terminated). PACT_ENOMEM, PACT_ELIMIT (too many blocks or too
 * much text), PACT_EINVALID (text not UTF-8). Returns the new block in
 * *added (may be NULL) to set label, flags or cell position. */
int pact_import__blocks_add(imp_blocks *b, imp_block_kind kind, const char *text, size_t len,
                            unsigned line, unsigned page, imp_block **added);
void pact_import__blocks_clear(imp_blocks *b);

/* pact_utf8_nfc of valid UTF-8 s[len], except that text with more than
 * PACT_MAX_MARKS combining marks in a row on one letter comes back as it
 * is (a copy): utf8proc's NFC of a run of n marks costs n^2, and
 * pact_import__blocks_add refuses such text anyway, saying where. What
 * the import module normalises whole pages with. NULL when out of memory. */
char *pact_import__nfc(const char *s, size_t len);

/* ---- context -------------------------------------------------------- */

typedef struct imp_ctx {
	const pact_import_opts *opts;
	const char *name;    /* input name for messages */
	pact_diags *diags;   /* warnings for the user */
	pact_diags *changes; /* words changed / not restored (passes) */
} imp_ctx;

/* A warning at input line `line` (0: the whole input). Returns 0 or
 * PACT_ENOMEM. */
int pact_import__warn(imp_ctx *ctx, unsigned line, const char *code, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
/* The same with a va_list (what the import module's readers call). */
int pact_import__warnv(imp_ctx *ctx, unsigned line, const char *code, const char *fmt, va_list ap)
        __attribute__((format(printf, 4, 0)));
/* A change report entry (a restored word, a word left alone). */
int pact_import__change(imp_ctx *ctx, unsigned line, const char *code, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* ---- readers -------------------------------------------------------- */

/* Marks a format name ("plain text (UTF-8)") for xgettext: the CLI
 * prints it translated; the pact's source: line keeps the English. */
#ifndef N_
#define N_(msgid) msgid
#endif

#define READER(name, desc)                                                                         \
	int pact_import__sniff_##name(const unsigned char *data, size_t len);                      \
	int pact_import__read_##name(imp_blocks *out, const unsigned char *data, size_t len,       \
	                             imp_ctx *ctx);
#include "readers.def"
#undef READER

/* ---- the found document ------------------------------------------- */

/* A piece of text joined from one or more input lines, with where each
 * source line starts in it, so a word can be traced back to its line. */
typedef struct imp_text {
	char *s; /* NUL-terminated UTF-8, NFC; NULL when not found */
	size_t len;
	size_t *off;    /* off[k]: byte offset in s where source piece k starts */
	unsigned *line; /* line[k]: its input line */
	size_t n, cap;
} imp_text;

/* Append `len` bytes from input line `line`, with one space before when
 * `s` is not empty and `join` is ' ' (join 0: glue, for a word the layout
 * hyphenated). PACT_ENOMEM. */
int pact_import__text_append(imp_text *t, const char *s, size_t len, unsigned line, char join);
/* Input line of byte `off` of t->s (0 when unknown). */
unsigned pact_import__text_line_at(const imp_text *t, size_t off);
/* First input line of the text (0 when empty). */
unsigned pact_import__text_first_line(const imp_text *t);
/* Replace t->s[off, off+len) by `with`, shifting the line map. */
int pact_import__text_replace(imp_text *t, size_t off, size_t len, const char *with);
void pact_import__text_clear(imp_text *t);

typedef struct imp_member {
	imp_text name;
	char *id;
	long like; /* index of the partner in opts->like->members, or -1 */
} imp_member;

typedef struct imp_clause {
	long number;    /* as printed (1, 2, ... ; Roman and "Điều n" read) */
	unsigned line;  /* input line of the number */
	imp_text title; /* optional ("Về công tác ..."): s NULL when none */
	imp_text *commitments;
	size_t ncommitments, cap;
	char *id;
	long like; /* index in opts->like->clauses, or -1 */
} imp_clause;

typedef struct imp_doc {
	int year;
	unsigned year_line;
	imp_text title, bloc, province, place, preamble, closing;
	pact_date date; /* year 0 when not found */
	unsigned date_line;
	imp_member *members;
	size_t nmembers, members_cap;
	size_t members_stated; /* "05 cơ quan thành viên": 5; 0 when not said */
	imp_clause *clauses;
	size_t nclauses, clauses_cap;
	const pact_doc *like; /* borrowed from opts */
	const char *format;   /* from the reader */
	const char *how;
	int ocr;
	int no_diacritics; /* the text looks like it lost its diacritics */
	size_t restored;   /* words restored by passes */
	size_t unrestored;
} imp_doc;

void pact_import__doc_clear(imp_doc *d);

/* structure.c: find the parts of a pact in the blocks. PACT_EINVALID
 * (after pact_error_set) when no numbered clause is found. */
int pact_import__structure(imp_doc *doc, const imp_blocks *blocks, imp_ctx *ctx);

/* ids.c: ids for clauses and members, aligned with doc->like when set. */
int pact_import__ids(imp_doc *doc, imp_ctx *ctx);

/* write.c: the YAML; *complete set when no required field is missing. */
int pact_import__write(char **out, size_t *len, int *complete, const imp_doc *doc, imp_ctx *ctx);

/* ---- passes --------------------------------------------------------- */

#define PASS(name) int pact_import__pass_##name(imp_doc *doc, imp_ctx *ctx);
#include "passes.def"
#undef PASS

/* ---- text helpers (blocks.c) ---------------------------------------- */

/* Fold a UTF-8 string for matching: NFD, combining marks dropped, đ -> d,
 * lower case, ASCII result for Vietnamese text. Caller frees; NULL on OOM. */
char *pact_import__fold(const char *s, size_t len);

#endif
