/*
 * scan.h - reading PDFs and scanned images into text, page by page.
 *
 * Internal to libpact's import (not installed). read_pdf.c takes the text
 * layer of each PDF page through poppler-glib, in reading order; a page
 * without text (a scanned page inside a PDF) is rasterised with cairo and
 * recognised. read_image.c recognises PNG, JPEG and TIFF scans (decoded by
 * leptonica) with Tesseract's C API and its Vietnamese model. No program is
 * run: libraries only, so the limits below hold for any input.
 *
 * Messages do not name the file: the import pipeline puts "'FILE': " in
 * front of them.
 *
 * Ownership: the readers return a pact_import_pages the caller frees with
 * pact_scan__pages_free (NULL-safe). The library never prints: poppler's,
 * leptonica's and Tesseract's own chatter is silenced while they work.
 */
#ifndef PACT_IMPORT_SCAN_H
#define PACT_IMPORT_SCAN_H

#include <stddef.h>

/* Limits, each a bound on time or memory for hostile input:
 * - a PDF or image file above 64 MiB is refused before it is parsed (a
 *   scanned pact of ten pages at 300 dpi is under 10 MiB);
 * - a pact is 2-10 pages: a PDF of more than 100 pages is refused before a
 *   page is read, so a 10 000-page PDF costs only its header;
 * - OCR takes seconds a page: at most 20 pages are recognised, each within
 *   a 60-second deadline (Tesseract's own monitor stops it);
 * - a page is recognised at 300 dpi, or less so that it stays under 36
 *   million pixels (A4 at 600 dpi is 35 Mpx), and an image with more pixels
 *   than that is refused before it is decoded. */
#define PACT_IMPORT_MAX_FILE_BYTES (64u * 1024u * 1024u)
#define PACT_IMPORT_MAX_PAGES 100
#define PACT_IMPORT_MAX_OCR_PAGES 20
#define PACT_IMPORT_OCR_PAGE_SECONDS 60
#define PACT_IMPORT_OCR_DPI 300
#define PACT_IMPORT_MAX_PIXELS (36u * 1000u * 1000u)

/* What poppler is given to read, measured first (pdf_bound.c), because its
 * text extraction cannot be stopped half-way through a page: a 300 KB PDF
 * whose page content inflated to 112 MB cost 8-12 s before import could
 * refuse its text. The sample pact printed to PDF (11 pages) has 150 KB of
 * page content, 60 objects and no form drawn; a 20-page pact from Word or
 * LibreOffice about 1 MiB, a few thousand objects and a few dozen images
 * or forms drawn (logos, signatures, stamps). Each limit allows 15 to 100
 * times that:
 * - page contents, forms and object streams inflated (images and fonts not
 *   counted: they carry no text), 16 MiB, about 2 s of poppler;
 * - objects ("N G obj" and those inside object streams), 100 000;
 * - forms or images drawn ("Do"), 10 000.
 * While poppler reads, page by page (read_pdf.c): the text kept is at most
 * PACT_IMPORT_MAX_TEXT_BYTES (import.h, 4 MiB, what the pipeline takes
 * anyway) and the text layer is read within PACT_IMPORT_PDF_TEXT_SECONDS,
 * for what the measure above cannot see (forms nested in forms). */
#define PACT_IMPORT_MAX_PDF_CONTENT_BYTES (16u * 1024u * 1024u)
#define PACT_IMPORT_MAX_PDF_OBJECTS 100000u
#define PACT_IMPORT_MAX_PDF_DRAWS 10000u
#define PACT_IMPORT_PDF_TEXT_SECONDS 30

typedef struct pact_import_page {
	char *text;         /* UTF-8, NFC; lines end with '\n' */
	int ocr;            /* the text was recognised, not read */
	double ocr_seconds; /* how long recognition took (0 when read) */
	int confidence;     /* Tesseract's mean word confidence 0-100; -1 when read */
} pact_import_page;

typedef struct pact_import_pages {
	pact_import_page *items; /* one per page, in order (page n is items[n-1]) */
	size_t count;
	size_t ocr_pages;   /* how many were recognised */
	double ocr_seconds; /* their total */
	char *ocr_model;    /* e.g. "tesseract 5.3.0, vie"; NULL when no OCR */
} pact_import_pages;

typedef struct pact_import_scan_opts {
	unsigned version;
	const char *tessdata;  /* NULL: $TESSDATA_PREFIX or Tesseract's default */
	const char *lang;      /* NULL: "vie" */
	int dpi;               /* rasterising image-only PDF pages; 0: 300 */
	unsigned max_pages;    /* 0: PACT_IMPORT_MAX_PAGES */
	unsigned page_seconds; /* OCR deadline per page; 0: PACT_IMPORT_OCR_PAGE_SECONDS */
} pact_import_scan_opts;
#define PACT_IMPORT_SCAN_OPTS_VERSION 1
#define PACT_IMPORT_SCAN_OPTS_INIT                                                                 \
	{                                                                                          \
		PACT_IMPORT_SCAN_OPTS_VERSION, NULL, NULL, 0, 0, 0                                 \
	}

/* What the first bytes say: a PDF ("%PDF-" within the first KiB) or an
 * image leptonica can read (PNG, JPEG, TIFF). */
int pact_scan__sniff_pdf(const char *buf, size_t len);
int pact_scan__sniff_image(const char *buf, size_t len);

/* Measure the PDF in buf[0..len) against the PACT_IMPORT_MAX_PDF_* limits
 * without parsing it (pdf_bound.c): 0, or PACT_ELIMIT with a message
 * naming the limit passed, or PACT_ENOMEM. In the import module:
 * pact_scan__read_pdf calls it before poppler sees the file. */
int pact_scan__pdf_bound(const char *buf, size_t len);

/* Read the pages of a PDF held in buf[0..len). 0 on success; PACT_EINVALID
 * for an encrypted, damaged or non-PDF file; PACT_ELIMIT past a limit above;
 * PACT_EIO when the OCR model cannot be loaded (only if a page needs it);
 * PACT_ENOMEM. opts may be NULL. */
int pact_scan__read_pdf(pact_import_pages **out, const char *buf, size_t len,
                        const pact_import_scan_opts *opts);

/* Recognise a scanned image (PNG, JPEG or TIFF: its first page) held in
 * buf[0..len). Errors as above; PACT_EINVALID for an undecodable image. */
int pact_scan__read_image(pact_import_pages **out, const char *buf, size_t len,
                          const pact_import_scan_opts *opts);

void pact_scan__pages_free(pact_import_pages *p);

/* ---- shared by the two readers (read_image.c) ---------------------- */

typedef struct pact_ocr pact_ocr;

/* Load the OCR model; PACT_EIO with a message naming the Debian package
 * when it is missing. The caller frees the engine with pact_scan__ocr_close. */
int pact_scan__ocr_open(pact_ocr **out, const pact_import_scan_opts *opts);
void pact_scan__ocr_close(pact_ocr *ocr);

/* Recognise one 8-bit grey page (w x h pixels, `stride` bytes a row, at
 * `dpi`) into page->text, page->ocr_seconds and page->confidence. `pageno`
 * (1-based) is for messages. 0, PACT_ELIMIT (deadline) or PACT_ENOMEM. */
int pact_scan__ocr_grey(pact_ocr *ocr, pact_import_page *page, const unsigned char *grey, int w,
                        int h, int stride, int dpi, size_t pageno);

/* "tesseract 5.3.0, vie": the caller frees it. */
char *pact_scan__ocr_describe(const pact_ocr *ocr);

/* Add a page to the list (takes `text`, which may be NULL for ""). */
int pact_scan__pages_add(pact_import_pages *p, char *text);

#endif
