/*
 * read_pdf.c - the pages of a PDF as text, through poppler-glib (see scan.h).
 *
 * A page with a text layer is read with poppler_page_get_text, which gives
 * the text in reading order with one '\n' per line as laid out. A page with
 * no text (a scanned sheet saved as PDF) is rendered with cairo into a grey
 * bitmap at 300 dpi (less for oversized pages, so it stays under
 * PACT_IMPORT_MAX_PIXELS) and recognised by read_image.c's engine, which is
 * loaded only when the first such page comes.
 *
 * Bounds (scan.h): before poppler sees the file, its inflated page
 * contents, objects and forms drawn are measured (pdf_bound.c); the page
 * count is checked before any page is read, so a 10 000-page PDF costs
 * only its cross-reference table; the text kept is at most
 * PACT_IMPORT_MAX_TEXT_BYTES, checked after each page and before the page
 * is normalised, and the text layer is read within
 * PACT_IMPORT_PDF_TEXT_SECONDS, checked between pages (poppler cannot be
 * stopped inside one); OCR is bounded per page by Tesseract's deadline and
 * in number of pages. Poppler reports syntax errors of damaged files
 * through GLib's log: they are silenced here, what the libraries print
 * themselves (fontconfig, libjpeg, Tesseract) is taken off the terminal
 * (quiet.h), and the file either opens or is refused with one clear
 * message.
 */
#include "../scan.h"

#include <cairo.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pact/doc.h"
#include "pact/import.h"
#include "../../alloc.h"
#include "pact/error.h"
#include "pact/utf8.h"
#include "quiet.h"

static int blank(const char *s)
{
	for (; s && *s; s++)
		if (!(*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t' || *s == '\f'))
			return 0;
	return 1;
}

static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)data;
}

/* Render page `pg` to grey and recognise it into *page. */
static int ocr_page(pact_ocr *ocr, pact_import_page *page, PopplerPage *pg, int dpi, size_t pageno)
{
	cairo_surface_t *s = NULL;
	cairo_t *cr = NULL;
	unsigned char *grey = NULL;
	double pw = 0, ph = 0;
	int w, h, rc;

	poppler_page_get_size(pg, &pw, &ph);
	while (dpi > 50 && (pw * dpi / 72.0) * (ph * dpi / 72.0) > PACT_IMPORT_MAX_PIXELS)
		dpi -= 25;
	if ((pw * dpi / 72.0) * (ph * dpi / 72.0) > PACT_IMPORT_MAX_PIXELS)
		return pact_error_set(PACT_ELIMIT,
		                      "page %zu is %.0f x %.0f points: too large to "
		                      "recognise",
		                      pageno, pw, ph);
	w = (int)(pw * dpi / 72.0 + 0.5);
	h = (int)(ph * dpi / 72.0 + 0.5);
	if (w < 1 || h < 1)
		return 0; /* a page of no size has no text */
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	grey = pact_alloc__malloc((size_t)w * (size_t)h);
	if (!grey || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		rc = grey ? pact_alloc__oom() : PACT_ENOMEM; /* cairo's failure is not recorded */
		goto done;
	}
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, dpi / 72.0, dpi / 72.0);
	poppler_page_render(pg, cr);
	cairo_surface_flush(s);
	{
		const unsigned char *d = cairo_image_surface_get_data(s);
		int stride = cairo_image_surface_get_stride(s);
		for (int y = 0; y < h; y++) {
			const uint32_t *row =
			        (const uint32_t *)(const void *)(d + (size_t)y * (size_t)stride);
			for (int x = 0; x < w; x++) {
				uint32_t p = row[x];
				unsigned r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
				grey[(size_t)y * (size_t)w + (size_t)x] =
				        (unsigned char)((r * 299 + g * 587 + b * 114) / 1000);
			}
		}
	}
	rc = pact_scan__ocr_grey(ocr, page, grey, w, h, w, dpi, pageno);
done:
	if (cr)
		cairo_destroy(cr);
	cairo_surface_destroy(s);
	free(grey);
	return rc;
}

static int open_doc(PopplerDocument **out, const char *buf, size_t len)
{
	GBytes *bytes = g_bytes_new_static(buf, len);
	GError *err = NULL;
	int rc = 0;

	*out = poppler_document_new_from_bytes(bytes, NULL, &err);
	if (!*out) {
		if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
			rc = pact_error_set(
			        PACT_EINVALID,
			        "the PDF is protected by a password: save it without one "
			        "and import that copy");
		else
			rc = pact_error_set(PACT_EINVALID, "not a readable PDF (%s)",
			                    err && err->message ? err->message : "damaged");
	}
	if (err)
		g_error_free(err);
	g_bytes_unref(bytes);
	return rc;
}

/* Pages are joined by the caller: each ends its last line. */
static int ensure_newline(char **text)
{
	size_t n = strlen(*text);
	char *t;
	if (n && (*text)[n - 1] == '\n')
		return 0;
	t = pact_alloc__realloc(*text, n + 2);
	if (!t)
		return -1;
	t[n] = '\n';
	t[n + 1] = '\0';
	*text = t;
	return 0;
}

static int too_much_text(int i)
{
	return pact_error_set(PACT_ELIMIT,
	                      "the PDF's text is larger than %u MiB by page %d; import reads at "
	                      "most that (a pact has some 20 KB of text)",
	                      PACT_IMPORT_MAX_TEXT_BYTES >> 20, i + 1);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Text of page i, or OCR of it when it has none. */
static int read_page(pact_import_pages *p, pact_ocr **ocr, PopplerDocument *doc, int i,
                     const pact_import_scan_opts *opts, size_t *total)
{
	PopplerPage *pg = poppler_document_get_page(doc, i);
	char *raw = pg ? poppler_page_get_text(pg) : NULL;
	pact_import_page *page;
	int rc;

	rc = pact_scan__pages_add(p, NULL);
	if (rc < 0)
		goto done;
	page = &p->items[p->count - 1];
	if (raw && (*total += strlen(raw)) > PACT_IMPORT_MAX_TEXT_BYTES) {
		rc = too_much_text(i);
		goto done;
	}
	if (!blank(raw)) {
		free(page->text);
		page->text = pact_utf8_valid(raw, strlen(raw), NULL)
		                     ? pact_utf8_nfc(raw, strlen(raw))
		                     : pact_alloc__strdup("");
		if (!page->text || ensure_newline(&page->text) < 0)
			rc = PACT_ENOMEM;
	} else if (pg) {
		if (p->ocr_pages >= PACT_IMPORT_MAX_OCR_PAGES) {
			rc = pact_error_set(PACT_ELIMIT,
			                    "more than %d pages have no text and "
			                    "would need OCR",
			                    PACT_IMPORT_MAX_OCR_PAGES);
			goto done;
		}
		if (!*ocr && (rc = pact_scan__ocr_open(ocr, opts)) < 0)
			goto done;
		rc = ocr_page(*ocr, page, pg, opts->dpi > 0 ? opts->dpi : PACT_IMPORT_OCR_DPI,
		              (size_t)i + 1);
		p->ocr_pages += page->ocr;
		p->ocr_seconds += page->ocr_seconds;
	}
	if (rc == 0 && page->ocr && (*total += strlen(page->text)) > PACT_IMPORT_MAX_TEXT_BYTES)
		rc = too_much_text(i);
done:
	g_free(raw);
	if (pg)
		g_object_unref(pg);
	return rc;
}

int pact_scan__read_pdf(pact_import_pages **out, const char *buf, size_t len,
                        const pact_import_scan_opts *opts)
{
	pact_import_scan_opts def = PACT_IMPORT_SCAN_OPTS_INIT;
	PopplerDocument *doc = NULL;
	pact_import_pages *p = NULL;
	pact_ocr *ocr = NULL;
	unsigned max;
	size_t total = 0;
	struct timespec t0;
	imp_quiet q;
	guint handler;
	int n, rc;

	*out = NULL;
	if (!opts)
		opts = &def;
	max = opts->max_pages ? opts->max_pages : PACT_IMPORT_MAX_PAGES;
	imp_quiet_begin(&q);
	handler = g_log_set_handler(
	        "Poppler",
	        (GLogLevelFlags)(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION), quiet,
	        NULL);
	if (len > PACT_IMPORT_MAX_FILE_BYTES) {
		rc = pact_error_set(PACT_ELIMIT, "larger than %u MiB",
		                    PACT_IMPORT_MAX_FILE_BYTES >> 20);
		goto done;
	}
	if ((rc = pact_scan__pdf_bound(buf, len)) < 0 || (rc = open_doc(&doc, buf, len)) < 0)
		goto done;
	n = poppler_document_get_n_pages(doc);
	if (n <= 0) {
		rc = pact_error_set(PACT_EINVALID, "the PDF has no pages");
		goto done;
	}
	if ((unsigned)n > max) {
		rc = pact_error_set(PACT_ELIMIT,
		                    "the PDF has %d pages; import reads at most %u "
		                    "(a pact has a few)",
		                    n, max);
		goto done;
	}
	p = pact_alloc__calloc(1, sizeof(*p));
	if (!p) {
		rc = PACT_ENOMEM;
		goto done;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < n; i++) {
		/* OCR has its own deadline per page: only reading counts here */
		if (seconds_since(&t0) - p->ocr_seconds > PACT_IMPORT_PDF_TEXT_SECONDS) {
			rc = pact_error_set(PACT_ELIMIT,
			                    "reading the PDF's text took more than %d s by page "
			                    "%d of %d; import stops there (a pact of 20 pages "
			                    "takes under a second)",
			                    PACT_IMPORT_PDF_TEXT_SECONDS, i, n);
			goto done;
		}
		if ((rc = read_page(p, &ocr, doc, i, opts, &total)) < 0)
			goto done;
	}
	if (ocr && !(p->ocr_model = pact_scan__ocr_describe(ocr))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	*out = p;
	p = NULL;
	rc = 0;
done:
	if (doc)
		g_object_unref(doc);
	pact_scan__ocr_close(ocr);
	pact_scan__pages_free(p);
	g_log_remove_handler("Poppler", handler);
	imp_quiet_end(&q, NULL, 0);
	return rc;
}
