/*
 * pdf_bound.c - what a PDF will cost poppler, measured before poppler sees
 * it (scan.h: pact_scan__pdf_bound).
 *
 * Poppler's text extraction (poppler_page_get_text) has no way to stop: it
 * interprets a page's whole content stream and builds a word for every
 * glyph before it returns. A 300 KB PDF whose content stream deflates to
 * 112 MB of "(...) Tj" took 8-12 s and hundreds of MB before import could
 * look at the text and refuse it. So the raw file is walked first: each
 * stream that can hold drawing instructions (page contents, forms, object
 * streams; not images, fonts, colour profiles or metadata, which carry no
 * text) is inflated with zlib into a small scratch buffer, counted and
 * thrown away, and the walk stops as soon as a limit is passed. Counted:
 *   - inflated bytes of those streams (PACT_IMPORT_MAX_PDF_CONTENT_BYTES);
 *   - objects: "N G obj" headers plus each object stream's /N
 *     (PACT_IMPORT_MAX_PDF_OBJECTS);
 *   - "Do" operators in the inflated contents, each of which draws a form
 *     or image once more (PACT_IMPORT_MAX_PDF_DRAWS): a page that draws
 *     one form 100 000 times multiplies its text without any large stream.
 * The walk costs one pass of zlib over at most the content limit: about
 * 50 ms for the worst file it accepts.
 *
 * It is a bound, not a parser: it reads the stream dictionaries as text
 * (the keys Word, LibreOffice, Chrome and cairo write), trusts no /Length
 * (zlib ends a deflate stream by itself; other streams end at
 * "endstream"), and leaves the file's validity to poppler. Streams with
 * another filter than Flate are counted at their raw size. What it cannot
 * see (forms nested so that each level draws the next many times) is
 * still bounded while poppler reads: read_pdf.c counts the text of each
 * page and the time spent, page by page.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pact/error.h"
#include "../scan.h"

/* How far back from "stream" the dictionary is looked for: a stream
 * dictionary is a few hundred bytes; a longer one is read from its tail. */
#define DICT_WINDOW 4096
#define SCRATCH (16u * 1024u)

typedef struct tally {
	size_t content, objects, draws;
	unsigned char last[3]; /* the bytes before the current chunk (Do tokens) */
} tally;

/* memmem, which C11 and POSIX lack: memchr finds the candidates. */
static const char *find(const char *h, size_t hl, const char *n, size_t nl)
{
	const char *end = h + hl;
	while (hl >= nl && (h = memchr(h, n[0], hl - nl + 1)) != NULL) {
		if (!memcmp(h, n, nl))
			return h;
		h++;
		hl = (size_t)(end - h);
	}
	return NULL;
}

static int space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static int delim(unsigned char c)
{
	return space(c) || c == '/' || c == '[' || c == ']' || c == '(' || c == ')' || c == '<' ||
	       c == '>' || c == '{' || c == '}' || c == '%';
}

static int has(const char *d, size_t n, const char *key)
{
	return find(d, n, key, strlen(key)) != NULL;
}

/* A dictionary key with its value, with or without a space between
 * ("/Subtype/Image", "/Subtype /Image"). */
static int has_kv(const char *d, size_t n, const char *key, const char *val)
{
	size_t kl = strlen(key), vl = strlen(val);
	for (const char *p = d; (p = find(p, n - (size_t)(p - d), key, kl)) != NULL; p += kl) {
		const char *v = p + kl;
		while (v < d + n && space((unsigned char)*v))
			v++;
		if ((size_t)(d + n - v) >= vl && !memcmp(v, val, vl))
			return 1;
	}
	return 0;
}

/* Streams that carry no drawing instructions: their bytes cost poppler
 * nothing while it reads text. */
static int inert(const char *d, size_t n)
{
	return has_kv(d, n, "/Subtype", "/Image") || has(d, n, "/Length1") ||
	       has(d, n, "/Length2") || has(d, n, "/Length3") ||
	       has_kv(d, n, "/Subtype", "/Type1C") || has_kv(d, n, "/Subtype", "/CIDFontType0C") ||
	       has_kv(d, n, "/Subtype", "/OpenType") || has_kv(d, n, "/Type", "/XRef") ||
	       has_kv(d, n, "/Type", "/Metadata") || has_kv(d, n, "/Type", "/EmbeddedFile") ||
	       (has(d, n, "/N ") && has(d, n, "/Alternate")); /* an ICC profile */
}

/* Count "Do" operators in inflated bytes, across chunk boundaries. */
static void count_draws(tally *t, const unsigned char *s, size_t n)
{
	unsigned char a = t->last[0], b = t->last[1], c = t->last[2];
	for (size_t i = 0; i < n; i++) {
		if (b == 'D' && c == 'o' && space(a) && delim(s[i]))
			t->draws++;
		a = b;
		b = c;
		c = s[i];
	}
	t->last[0] = a;
	t->last[1] = b;
	t->last[2] = c;
}

static int over_content(void)
{
	return pact_error_set(PACT_ELIMIT,
	                      "the PDF's pages hold more than %u MiB of drawing instructions "
	                      "once inflated; import reads at most that (a pact of 20 pages "
	                      "has about 1 MiB)",
	                      PACT_IMPORT_MAX_PDF_CONTENT_BYTES >> 20);
}

/* The stream's /Filter: 1 for Flate alone, 0 for none, -1 for any other
 * filter or chain of filters (counted at its raw size). */
static int flate_only(const char *d, size_t n)
{
	const char *p = find(d, n, "/Filter", 7), *e = d + n;
	int names = 0, flate = 0;
	if (!p)
		return 0;
	for (p += 7; p < e && space((unsigned char)*p); p++)
		;
	if (p < e && *p == '/')
		return (size_t)(e - p) >= 12 && !memcmp(p, "/FlateDecode", 12) &&
		                       (p + 12 == e || delim((unsigned char)p[12]))
		               ? 1
		               : -1;
	if (p >= e || *p != '[')
		return -1;
	for (p++; p < e && *p != ']'; p++)
		if (*p == '/') {
			names++;
			flate += (size_t)(e - p) >= 12 && !memcmp(p, "/FlateDecode", 12);
		}
	return names == 1 && flate == 1 ? 1 : -1;
}

/* Inflate the deflate stream at s[0..n) into scratch space, counting.
 * *used: the compressed bytes zlib consumed. */
static int inflate_count(tally *t, const unsigned char *s, size_t n, size_t *used)
{
	unsigned char out[SCRATCH];
	z_stream z;
	int zr = Z_OK, rc = 0;

	memset(&z, 0, sizeof(z));
	*used = 0;
	if (inflateInit(&z) != Z_OK)
		return PACT_ENOMEM;
	z.next_in = (Bytef *)(uintptr_t)s;
	/* zlib's avail_in is 32 bits: the file is at most 64 MiB (scan.h) */
	z.avail_in = (uInt)(n > 0xFFFFFFFFu ? 0xFFFFFFFFu : n);
	t->last[0] = t->last[1] = t->last[2] = ' ';
	while (zr == Z_OK) {
		size_t got;
		z.next_out = out;
		z.avail_out = sizeof(out);
		zr = inflate(&z, Z_NO_FLUSH);
		got = sizeof(out) - z.avail_out;
		count_draws(t, out, got);
		if ((t->content += got) > PACT_IMPORT_MAX_PDF_CONTENT_BYTES) {
			rc = over_content();
			break;
		}
		if (zr == Z_BUF_ERROR && got)
			zr = Z_OK; /* output was full: go on */
	}
	count_draws(t, (const unsigned char *)" ", 1);
	*used = (size_t)(z.next_in - (const Bytef *)s);
	inflateEnd(&z);
	return rc;
}

/* "N G obj" headers: a digit and a space before, a delimiter after. */
static size_t count_objects(const char *buf, size_t len)
{
	size_t n = 0;
	for (const char *p = buf; (p = find(p, len - (size_t)(p - buf), "obj", 3)) != NULL;
	     p += 3) {
		const char *after = p + 3;
		if (p - buf < 4 || !space((unsigned char)p[-1]) ||
		    (after < buf + len && !delim(*after)))
			continue;
		if (p[-2] >= '0' && p[-2] <= '9')
			n++;
	}
	return n;
}

/* The /N of an object stream's dictionary (objects it holds). */
static size_t objstm_count(const char *d, size_t n)
{
	const char *p = find(d, n, "/N", 2);
	size_t v = 0;
	if (!p)
		return 0;
	for (p += 2; p < d + n && space((unsigned char)*p); p++)
		;
	for (; p < d + n && *p >= '0' && *p <= '9' && v < PACT_IMPORT_MAX_PDF_OBJECTS + 1u; p++)
		v = v * 10 + (size_t)(*p - '0');
	return v;
}

/* The dictionary before the "stream" keyword at buf+at: from the nearest
 * "obj" within DICT_WINDOW bytes. */
static void dict_before(const char *buf, size_t at, const char **d, size_t *n)
{
	size_t from = at > DICT_WINDOW ? at - DICT_WINDOW : 0, i = at;
	while (i >= from + 3 && memcmp(buf + i - 3, "obj", 3) != 0)
		i--;
	*d = buf + (i >= from + 3 ? i : from);
	*n = at - (size_t)(*d - buf);
}

int pact_scan__pdf_bound(const char *buf, size_t len)
{
	tally t;
	size_t pos = 0;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	t.objects = count_objects(buf, len);
	while (rc == 0 && pos < len) {
		const char *p = find(buf + pos, len - pos, "stream", 6), *d, *end;
		size_t at, start, n, used = 0;
		if (!p)
			break;
		at = (size_t)(p - buf);
		start = at + 6;
		pos = start;
		if ((at >= 3 && !memcmp(p - 3, "end", 3)) || start >= len ||
		    (buf[start] != '\n' && buf[start] != '\r'))
			continue; /* "endstream", or "stream" inside some text */
		start += (buf[start] == '\r' && start + 1 < len && buf[start + 1] == '\n') ? 2 : 1;
		dict_before(buf, at, &d, &n);
		if (has_kv(d, n, "/Type", "/ObjStm"))
			t.objects += objstm_count(d, n);
		if (t.objects > PACT_IMPORT_MAX_PDF_OBJECTS)
			break;
		if (!inert(d, n) && flate_only(d, n) == 1) {
			rc = inflate_count(&t, (const unsigned char *)buf + start, len - start,
			                   &used);
			pos = start + used;
			if (rc == 0 && t.draws > PACT_IMPORT_MAX_PDF_DRAWS)
				break;
			continue;
		}
		end = find(buf + start, len - start, "endstream", 9);
		if (!end)
			break;
		if (!inert(d, n) && (t.content += (size_t)(end - (buf + start))) >
		                            PACT_IMPORT_MAX_PDF_CONTENT_BYTES)
			rc = over_content();
		pos = (size_t)(end - buf) + 9;
	}
	if (rc == 0 && t.objects > PACT_IMPORT_MAX_PDF_OBJECTS)
		rc = pact_error_set(PACT_ELIMIT,
		                    "the PDF has more than %u objects; import reads at most "
		                    "that (a pact of 20 pages has a few thousand)",
		                    PACT_IMPORT_MAX_PDF_OBJECTS);
	else if (rc == 0 && t.draws > PACT_IMPORT_MAX_PDF_DRAWS)
		rc = pact_error_set(PACT_ELIMIT,
		                    "the PDF's pages draw forms or images more than %u times; "
		                    "import reads at most that (a pact of 20 pages draws a few "
		                    "dozen)",
		                    PACT_IMPORT_MAX_PDF_DRAWS);
	return rc;
}
