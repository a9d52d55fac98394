/*
 * read_scan.c - the "pdf" and "image" readers of readers.def: pages from
 * formats/read_pdf.c and formats/read_image.c (scan.h) turned into the
 * pipeline's blocks.
 *
 * Each page's lines become IMP_LINE blocks, an empty line IMP_BREAK, and an
 * IMP_PAGE block separates pages, so the structure finder joins lines the
 * layout broke and drops page numbers and running headers. Lines are
 * numbered through the document (page 2 continues page 1's count), as in
 * the text a PDF viewer copies out; the block keeps its page too.
 *
 * The pages themselves come from the import module (formats.c loads it):
 * only the sniffing by magic bytes and the page list live here.
 *
 * OCR is said twice: in source: ("OCR with tesseract 5.3.0, vie") and in a
 * warning that gives the time it took per page and asks for a check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "import.h"
#include "pact/error.h"
#include "pact/i18n.h"
#include "scan.h"

int pact_scan__sniff_pdf(const char *buf, size_t len)
{
	size_t n = len < 1024 ? len : 1024;
	for (size_t i = 0; i + 5 <= n; i++)
		if (!memcmp(buf + i, "%PDF-", 5))
			return 1;
	return 0;
}

int pact_scan__sniff_image(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	if (len >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return 1;
	if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return 1;
	if (len >= 4 && (!memcmp(p, "II*\0", 4) || !memcmp(p, "MM\0*", 4)))
		return 1;
	return 0;
}

int pact_scan__pages_add(pact_import_pages *p, char *text)
{
	pact_import_page *items = pact_alloc__realloc(p->items, (p->count + 1) * sizeof(*items));
	if (!items) {
		free(text);
		return PACT_ENOMEM;
	}
	p->items = items;
	memset(&items[p->count], 0, sizeof(items[0]));
	items[p->count].text = text ? text : pact_alloc__strdup("");
	items[p->count].confidence = -1;
	if (!items[p->count].text)
		return PACT_ENOMEM;
	p->count++;
	return 0;
}

void pact_scan__pages_free(pact_import_pages *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->count; i++)
		free(p->items[i].text);
	free(p->items);
	free(p->ocr_model);
	free(p);
}

int pact_import__sniff_pdf(const unsigned char *data, size_t len)
{
	return pact_scan__sniff_pdf((const char *)data, len);
}

int pact_import__sniff_image(const unsigned char *data, size_t len)
{
	return pact_scan__sniff_image((const char *)data, len);
}

static int add_pages(imp_blocks *out, const pact_import_pages *p)
{
	unsigned line = 0;
	int rc = 0;

	for (size_t i = 0; i < p->count && rc == 0; i++) {
		const char *s = p->items[i].text;
		if (i > 0)
			rc = pact_import__blocks_add(out, IMP_PAGE, NULL, 0, line + 1,
			                             (unsigned)i + 1, NULL);
		while (rc == 0 && *s) {
			size_t n = strcspn(s, "\n");
			size_t k = strspn(s, " \t\r\f");
			line++;
			if (k >= n)
				rc = pact_import__blocks_add(out, IMP_BREAK, NULL, 0, line,
				                             (unsigned)i + 1, NULL);
			else
				rc = pact_import__blocks_add(out, IMP_LINE, s, n, line,
				                             (unsigned)i + 1, NULL);
			s += n + (s[n] == '\n');
		}
	}
	return rc;
}

/* Say what was recognised and how long it took. The time goes to a
 * warning, not into source: (the YAML must not change from run to run). */
static int describe(imp_blocks *out, imp_ctx *ctx, const char *what, const pact_import_pages *p)
{
	char buf[128];

	out->format = what;
	if (!p->ocr_pages)
		return 0;
	snprintf(buf, sizeof(buf), "OCR with %s", p->ocr_model ? p->ocr_model : "tesseract");
	free(out->how_owned);
	out->how_owned = pact_alloc__strdup(buf);
	if (!out->how_owned)
		return PACT_ENOMEM;
	out->how = out->how_owned;
	out->ocr = 1;
	return pact_import__warn(
	        ctx, 0, "ocr",
	        Q_("%zu page recognised by OCR in %.1f s (%.1f s a page, %s): check the "
	           "text against the paper",
	           "%zu pages recognised by OCR in %.1f s (%.1f s a page, %s): check the "
	           "text against the paper",
	           p->ocr_pages),
	        p->ocr_pages, p->ocr_seconds, p->ocr_seconds / (double)p->ocr_pages, buf + 9);
}

int pact_import__read_pdf(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	pact_import_pages *p = NULL;
	int rc;

	if ((rc = pact_scan__read_pdf(&p, (const char *)data, len, NULL)) == 0 &&
	    (rc = add_pages(out, p)) == 0)
		rc = describe(out, ctx,
		              p->ocr_pages ? (p->ocr_pages == p->count ? N_("scanned PDF")
		                                                       : N_("PDF, partly scanned"))
		                           : N_("PDF with a text layer"),
		              p);
	pact_scan__pages_free(p);
	return rc;
}

int pact_import__read_image(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	pact_import_pages *p = NULL;
	int rc;

	if ((rc = pact_scan__read_image(&p, (const char *)data, len, NULL)) == 0 &&
	    (rc = add_pages(out, p)) == 0)
		rc = describe(out, ctx, N_("scanned image (PNG, JPEG or TIFF)"), p);
	pact_scan__pages_free(p);
	return rc;
}
