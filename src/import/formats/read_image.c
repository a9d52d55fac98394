/*
 * read_image.c - scanned pages recognised with Tesseract's C API (see scan.h).
 *
 * The engine (pact_ocr) is Tesseract's LSTM recogniser with the Vietnamese
 * model, loaded once per import: loading costs about half a second, a page
 * of A4 at 200-300 dpi several seconds, so a PDF of scanned pages shares one
 * engine. Images are decoded by leptonica, whose header is read first so a
 * 100 000 x 100 000 pixel PNG is refused before a byte of it is inflated.
 *
 * Tesseract writes its diagnostics through tprintf to `debug_file`, set to
 * /dev/null here; leptonica's messages are turned off while it decodes, and
 * what the libraries below it print themselves (libpng's "libpng error:
 * IDAT: CRC error", libjpeg's "Corrupt JPEG data") is taken off the
 * terminal (quiet.h): a damaged image gets one error, pact's, which quotes
 * what the decoder found. The
 * text comes back NFC (Tesseract emits precomposed letters, but nothing is
 * assumed). Time per page is measured on the monotonic clock around
 * Recognize, which is also what the deadline bounds.
 */
#include "../scan.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <allheaders.h>
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#endif
#include <tesseract/capi.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include "../../alloc.h"
#include "pact/error.h"
#include "pact/utf8.h"
#include "quiet.h"

/* Tesseract's LSTM runs OpenMP teams (up to 10 threads in places) whose
 * workers spin while they wait: on a busy two-core machine one page cost
 * 16 s of CPU instead of 3. Dynamic teams make libgomp size each team by
 * the cores left idle (cores - load average), which is what
 * OMP_THREAD_LIMIT=1 would do on a loaded machine, without asking the user
 * to set it. Weak references: a Tesseract built without OpenMP has none. */
extern void omp_set_dynamic(int) __attribute__((weak));
extern void omp_set_num_threads(int) __attribute__((weak));

struct pact_ocr {
	TessBaseAPI *api;
	char lang[32];
	unsigned page_seconds;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int pact_scan__ocr_open(pact_ocr **out, const pact_import_scan_opts *opts)
{
	pact_import_scan_opts def = PACT_IMPORT_SCAN_OPTS_INIT;
	pact_ocr *o = NULL;
	const char *lang, *data;
	int rc;

	*out = NULL;
	if (!opts)
		opts = &def;
	lang = opts->lang ? opts->lang : "vie";
	data = opts->tessdata ? opts->tessdata : getenv("TESSDATA_PREFIX");
	o = pact_alloc__calloc(1, sizeof(*o));
	if (!o || !(o->api = TessBaseAPICreate())) {
		rc = o ? pact_alloc__oom() : PACT_ENOMEM;
		goto done;
	}
	snprintf(o->lang, sizeof(o->lang), "%s", lang);
	o->page_seconds = opts->page_seconds ? opts->page_seconds : PACT_IMPORT_OCR_PAGE_SECONDS;
	if (omp_set_dynamic)
		omp_set_dynamic(1);
	TessBaseAPISetVariable(o->api, "debug_file", "/dev/null");
	if (TessBaseAPIInit3(o->api, data, lang) != 0) {
		rc = pact_error_set(PACT_EIO,
		                    "cannot load the OCR model '%s'%s%s (Debian: apt-get install "
		                    "tesseract-ocr-%s)",
		                    lang, data ? " from " : "", data ? data : "", lang);
		goto done;
	}
	TessBaseAPISetPageSegMode(o->api, PSM_AUTO);
	*out = o;
	o = NULL;
	rc = 0;
done:
	pact_scan__ocr_close(o);
	return rc;
}

void pact_scan__ocr_close(pact_ocr *o)
{
	if (!o)
		return;
	if (o->api) {
		TessBaseAPIEnd(o->api);
		TessBaseAPIDelete(o->api);
	}
	free(o);
}

char *pact_scan__ocr_describe(const pact_ocr *o)
{
	char buf[96];
	snprintf(buf, sizeof(buf), "tesseract %s, %s", TessVersion(), o ? o->lang : "?");
	return pact_alloc__strdup(buf);
}

/* Recognise the image already given to the engine. */
static int recognise(pact_ocr *o, pact_import_page *page, int dpi, size_t pageno)
{
	ETEXT_DESC *mon = TessMonitorCreate();
	char *text = NULL;
	double t0;
	int rc;

	if (!mon)
		return pact_alloc__oom();
	TessBaseAPISetSourceResolution(o->api, dpi > 0 ? dpi : PACT_IMPORT_OCR_DPI);
	TessMonitorSetDeadlineMSecs(mon, (int)(o->page_seconds * 1000));
	t0 = now();
	rc = TessBaseAPIRecognize(o->api, mon);
	page->ocr_seconds = now() - t0;
	page->ocr = 1;
	if (rc != 0) {
		rc = page->ocr_seconds >= o->page_seconds
		             ? pact_error_set(PACT_ELIMIT,
		                              "page %zu: recognition stopped after %u s (limit)",
		                              pageno, o->page_seconds)
		             : pact_error_set(PACT_EIO, "page %zu: recognition failed", pageno);
		goto done;
	}
	text = TessBaseAPIGetUTF8Text(o->api);
	page->confidence = TessBaseAPIMeanTextConf(o->api);
	free(page->text);
	page->text = pact_utf8_valid(text ? text : "", text ? strlen(text) : 0, NULL)
	                     ? pact_utf8_nfc(text ? text : "", text ? strlen(text) : 0)
	                     : pact_alloc__strdup("");
	rc = page->text ? 0 : PACT_ENOMEM;
done:
	if (text)
		TessDeleteText(text);
	TessMonitorDelete(mon);
	TessBaseAPIClear(o->api);
	return rc;
}

int pact_scan__ocr_grey(pact_ocr *o, pact_import_page *page, const unsigned char *grey, int w,
                        int h, int stride, int dpi, size_t pageno)
{
	TessBaseAPISetImage(o->api, grey, w, h, 1, stride);
	return recognise(o, page, dpi, pageno);
}

/* The decoder's own words, "libpng error: IDAT: CRC error" shown as
 * "libpng: IDAT: CRC error" inside pact's message. */
static int damaged(char *said)
{
	char *e = strstr(said, " error: ");
	if (e)
		memmove(e, e + 6, strlen(e + 6) + 1);
	if (*said)
		return pact_error_set(
		        PACT_EINVALID,
		        "the image cannot be decoded: it is damaged or cut short (%s)", said);
	return pact_error_set(PACT_EINVALID,
	                      "the image cannot be decoded: it is damaged or cut short");
}

/* Decode an image after checking its size from the header alone. */
static int decode(PIX **out, int *dpi, const char *buf, size_t len)
{
	l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
	l_int32 old = setMsgSeverity(L_SEVERITY_NONE);
	PIX *pix = NULL, *grey = NULL;
	imp_quiet q;
	char said[160];
	int rc, header;

	*out = NULL;
	imp_quiet_begin(&q);
	header = pixReadHeaderMem((const l_uint8 *)buf, len, &format, &w, &h, &bps, &spp, &cmap);
	imp_quiet_end(&q, said, sizeof(said));
	if (header || w <= 0 || h <= 0) {
		rc = damaged(said);
		goto done;
	}
	if ((double)w * (double)h > PACT_IMPORT_MAX_PIXELS) {
		rc = pact_error_set(PACT_ELIMIT,
		                    "the image is %d x %d pixels; import reads images up to %u "
		                    "million pixels (A4 at 600 dpi)",
		                    (int)w, (int)h, PACT_IMPORT_MAX_PIXELS / 1000000u);
		goto done;
	}
	imp_quiet_begin(&q);
	pix = pixReadMem((const l_uint8 *)buf, len);
	grey = pix ? pixConvertTo8(pix, 0) : NULL;
	imp_quiet_end(&q, said, sizeof(said));
	if (!grey) {
		rc = damaged(said);
		goto done;
	}
	*dpi = pixGetXRes(pix);
	*out = grey;
	grey = NULL;
	rc = 0;
done:
	pixDestroy(&pix);
	pixDestroy(&grey);
	setMsgSeverity(old);
	return rc;
}

/* Tesseract reads best at 300 dpi or more: small print scanned at 200 dpi
 * lost the full stop of "3." at its own resolution and kept it at twice
 * that. Scale a low-resolution scan up by the whole factor that brings it
 * to 300 dpi or above (200 -> 400, 150 -> 300), within the pixel limit. */
static int upscale(PIX **pix, int *dpi)
{
	int f = (PACT_IMPORT_OCR_DPI + *dpi - 1) / *dpi;
	double px = (double)pixGetWidth(*pix) * (double)pixGetHeight(*pix);
	PIX *big;

	while (f > 1 && px * f * f > PACT_IMPORT_MAX_PIXELS)
		f--;
	if (f <= 1)
		return 0;
	big = pixScale(*pix, (l_float32)f, (l_float32)f);
	if (!big)
		return pact_alloc__oom();
	pixDestroy(pix);
	*pix = big;
	*dpi *= f;
	return 0;
}

int pact_scan__read_image(pact_import_pages **out, const char *buf, size_t len,
                          const pact_import_scan_opts *opts)
{
	pact_import_pages *p = NULL;
	pact_ocr *ocr = NULL;
	PIX *pix = NULL;
	imp_quiet q;
	int dpi = 0, rc, quiet = 0;

	*out = NULL;
	if (len > PACT_IMPORT_MAX_FILE_BYTES) {
		rc = pact_error_set(PACT_ELIMIT, "larger than %u MiB",
		                    PACT_IMPORT_MAX_FILE_BYTES >> 20);
		goto done;
	}
	if ((rc = decode(&pix, &dpi, buf, len)) < 0)
		goto done;
	/* a resolution outside what scanners produce is a missing header */
	if (dpi < 70 || dpi > 2400)
		dpi = PACT_IMPORT_OCR_DPI;
	p = pact_alloc__calloc(1, sizeof(*p));
	if (!p) {
		rc = PACT_ENOMEM;
		goto done;
	}
	imp_quiet_begin(&q); /* Tesseract's own std::cerr lines */
	quiet = 1;
	if ((rc = pact_scan__ocr_open(&ocr, opts)) < 0 || (rc = pact_scan__pages_add(p, NULL)) < 0)
		goto done;
	if ((rc = upscale(&pix, &dpi)) < 0)
		goto done;
	TessBaseAPISetImage2(ocr->api, pix);
	if ((rc = recognise(ocr, &p->items[0], dpi, 1)) < 0)
		goto done;
	p->ocr_pages = 1;
	p->ocr_seconds = p->items[0].ocr_seconds;
	p->ocr_model = pact_scan__ocr_describe(ocr);
	*out = p;
	p = NULL;
done:
	pixDestroy(&pix);
	pact_scan__ocr_close(ocr);
	if (quiet)
		imp_quiet_end(&q, NULL, 0);
	pact_scan__pages_free(p);
	return rc;
}
