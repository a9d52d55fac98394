/*
 * test_import_bound.c - `pact import` on the documents officers hold, with
 * its work bounded and its messages clear: PDFs whose text layer inflates
 * far beyond their size, text files with a NUL byte or in UTF-16 without a
 * byte-order mark, and names echoed in hints.
 *
 * The PDFs are written here, byte by byte with zlib, as a hostile or
 * broken producer would write them; real PDFs are the fixtures of
 * tests/data/import/.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "pact/import.h"

#define DATA PACT_SRCDIR "/tests/data/import/"
#define TYPED DATA "typed-2025.txt"

/* ---- PDFs made here ---------------------------------------------------- */

typedef struct pdfw {
	char *buf;
	size_t len, cap;
	size_t off[64];
	int n;
} pdfw;

static void put(pdfw *w, const void *s, size_t n)
{
	if (w->len + n + 1 > w->cap) {
		w->cap = (w->len + n + 1) * 2;
		w->buf = realloc(w->buf, w->cap);
		cr_assert_not_null(w->buf);
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static void puts_(pdfw *w, const char *s)
{
	put(w, s, strlen(s));
}

/* Object n (from 1, in order) with `dict`, and a stream when data. */
static void obj(pdfw *w, const char *dict, const void *data, size_t dlen)
{
	char head[64];
	w->off[w->n++] = w->len;
	snprintf(head, sizeof(head), "%d 0 obj\n", w->n);
	puts_(w, head);
	puts_(w, dict);
	if (data) {
		puts_(w, "\nstream\n");
		put(w, data, dlen);
		puts_(w, "\nendstream");
	}
	puts_(w, "\nendobj\n");
}

/* `unit` repeated until `total` bytes, deflated as it goes (never held
 * whole): the compressed bytes, *zlen long, the caller frees. */
static unsigned char *deflate_repeated(const char *unit, size_t total, size_t *zlen)
{
	size_t ul = strlen(unit), cap = total / 100 + 4096;
	unsigned char *out = malloc(cap);
	z_stream z;
	memset(&z, 0, sizeof(z));
	cr_assert_eq(deflateInit(&z, 9), Z_OK);
	z.next_out = out;
	z.avail_out = (uInt)cap;
	for (size_t done = 0; done < total; done += ul) {
		z.next_in = (Bytef *)(uintptr_t)unit;
		z.avail_in = (uInt)ul;
		cr_assert_eq(deflate(&z, Z_NO_FLUSH), Z_OK);
		cr_assert_gt(z.avail_out, 0);
	}
	cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	*zlen = z.total_out;
	deflateEnd(&z);
	return out;
}

/* A PDF of `pages` pages sharing one content stream (deflated bytes
 * z[zlen]) and, when `form` is not NULL, a form XObject /Fm0 with that
 * content. Written to path; returns its size. */
static size_t write_pdf(const char *path, const unsigned char *z, size_t zlen, int pages,
                        const char *form)
{
	pdfw w = {0};
	char dict[4096], *kids = calloc(1, (size_t)pages * 16 + 1);
	size_t xref, size;

	puts_(&w, "%PDF-1.4\n");
	obj(&w, "<< /Type /Catalog /Pages 2 0 R >>", NULL, 0);
	for (int i = 0; i < pages; i++)
		sprintf(kids + strlen(kids), "%d 0 R ", 6 + i);
	snprintf(dict, sizeof(dict), "<< /Type /Pages /Kids [%s] /Count %d >>", kids, pages);
	obj(&w, dict, NULL, 0);
	obj(&w, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", NULL, 0);
	snprintf(dict, sizeof(dict), "<< /Length %zu /Filter /FlateDecode >>", zlen);
	obj(&w, dict, z, zlen);
	snprintf(dict, sizeof(dict),
	         "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << "
	         "/F1 3 0 R >> >> /Length %zu >>",
	         form ? strlen(form) : 0);
	obj(&w, dict, form ? form : "", form ? strlen(form) : 0);
	for (int i = 0; i < pages; i++)
		obj(&w,
		    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << "
		    "/F1 3 0 R >> /XObject << /Fm0 5 0 R >> >> /Contents 4 0 R >>",
		    NULL, 0);
	xref = w.len;
	snprintf(dict, sizeof(dict), "xref\n0 %d\n0000000000 65535 f \n", w.n + 1);
	puts_(&w, dict);
	for (int i = 0; i < w.n; i++) {
		snprintf(dict, sizeof(dict), "%010zu 00000 n \n", w.off[i]);
		puts_(&w, dict);
	}
	snprintf(dict, sizeof(dict),
	         "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", w.n + 1, xref);
	puts_(&w, dict);
	cr_assert_eq(write_file(path, w.buf, w.len), 0);
	size = w.len;
	free(w.buf);
	free(kids);
	return size;
}

/* The officer's view: `pact import NAME -o 2025.yaml` in dir exits 1,
 * says `want` on stderr and writes nothing. */
static void cli_refuses(const char *dir, const char *name, const char *want)
{
	char *out = strf("%s/2025.yaml", dir);
	struct stat st;
	run_result r = run_pact(dir, "--lang=en", "import", name, "-o", "2025.yaml", NULL);
	cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.err, want) != NULL, "wanted \"%s\" in:\n%s", want, r.err);
	cr_expect_eq(strchr(r.err, '\n'), r.err + strlen(r.err) - 1, "one line:\n%s", r.err);
	cr_expect_neq(stat(out, &st), 0, "2025.yaml was written");
	run_result_free(&r);
	free(out);
}

/* A 300 KB PDF whose one page content inflates to 112 MB of shown text:
 * poppler took 8-12 s on it (and failed after). Refused before poppler
 * reads it, by the limit on inflated page content, saying the limit. */
Test(import_bound, a_pdf_whose_text_layer_inflates_to_112_mb_is_refused_naming_the_limit,
     .timeout = 120)
{
	static const char line[] = "72 720 Td (Cam ket thi dua hoan thanh nhiem vu duoc giao "
	                           "nam 2024 ) Tj -72 -720 Td\n";
	char *dir = make_tempdir(), *path = strf("%s/giao-uoc-2024.pdf", dir);
	size_t zlen, size;
	unsigned char *z = deflate_repeated(line, 112u * 1000u * 1000u, &zlen);
	pact_import_result *res = NULL;

	size = write_pdf(path, z, zlen, 1, NULL);
	cr_assert_lt(size, 400u * 1024u, "the bomb is %zu bytes", size);
	cr_expect_eq(pact_import_file(&res, path, NULL), PACT_ELIMIT);
	cr_expect_null(res);
	cr_expect(strstr(pact_error_last()->message,
	                 "the PDF's pages hold more than 16 MiB of drawing instructions") != NULL,
	          "%s", pact_error_last()->message);
	cli_refuses(dir, "giao-uoc-2024.pdf",
	            "pact: error: 'giao-uoc-2024.pdf': the PDF's pages hold more than 16 MiB of "
	            "drawing instructions once inflated; import reads at most that");
	rm_rf(dir);
	free(dir);
	free(path);
	free(z);
}

/* No large stream: one page draws the same form 20 000 times. */
Test(import_bound, a_page_drawing_one_form_thousands_of_times_is_refused)
{
	static const char form[] = "BT /F1 10 Tf 72 720 Td (1. Cam ket thi dua) Tj ET";
	char *dir = make_tempdir(), *path = strf("%s/to-mau.pdf", dir);
	size_t zlen;
	unsigned char *z = deflate_repeated("q /Fm0 Do Q\n", 20000u * 12u, &zlen);

	write_pdf(path, z, zlen, 1, form);
	cli_refuses(dir, "to-mau.pdf",
	            "the PDF's pages draw forms or images more than 10000 times; import reads "
	            "at most that");
	rm_rf(dir);
	free(dir);
	free(path);
	free(z);
}

/* 100 001 objects in a 2 MB file: refused before poppler builds its
 * table of them. */
Test(import_bound, a_pdf_with_more_than_100000_objects_is_refused)
{
	char *dir = make_tempdir(), *path = strf("%s/nhieu.pdf", dir);
	pdfw w = {0};
	char head[48];

	puts_(&w, "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< "
	          "/Type /Pages /Kids [] /Count 0 >>\nendobj\n");
	for (unsigned i = 3; i < 3 + 100000u; i++) {
		snprintf(head, sizeof(head), "%u 0 obj null endobj\n", i);
		puts_(&w, head);
	}
	puts_(&w, "trailer\n<< /Root 1 0 R >>\n%%EOF\n");
	cr_assert_eq(write_file(path, w.buf, w.len), 0);
	cli_refuses(dir, "nhieu.pdf",
	            "the PDF has more than 100000 objects; import reads at most that");
	rm_rf(dir);
	free(dir);
	free(path);
	free(w.buf);
}

/* The bounds leave real pacts alone: the 11-page PDF of the fixtures
 * (441 KB of page content once inflated, 107 objects) imports whole. */
Test(import_bound, a_real_eleven_page_pdf_is_still_imported, .timeout = 60)
{
	pact_import_result *res = NULL;
	cr_assert_eq(pact_import_file(&res, DATA "long-10-pages.pdf", NULL), 0, "%s",
	             pact_error_last()->message);
	cr_expect_eq(res->nclauses, 42);
	cr_expect_eq(res->nmembers, 5);
	cr_expect_str_eq(res->format, "PDF with a text layer");
	pact_import_result_free(res);
}

/* ---- text files ------------------------------------------------------- */

static char *typed_with_nul(size_t *len, unsigned *line)
{
	size_t n;
	char *t = read_file(TYPED, &n), *p;
	cr_assert_not_null(t);
	/* the NUL replaces the first letter of the word "Hoàn" */
	p = strstr(t, "Hoàn");
	cr_assert_not_null(p);
	*p = '\0';
	*line = 1;
	for (char *q = t; q < p; q++)
		*line += *q == '\n';
	*len = n;
	return t;
}

/* A text file with a NUL byte was "not a document pact import can read",
 * with the list of formats: it says where the NUL is and what to do. */
Test(import_bound, a_text_file_with_a_nul_byte_says_where)
{
	char *dir = make_tempdir(), *path = strf("%s/giao-uoc.txt", dir), *want;
	size_t len;
	unsigned line;
	char *text = typed_with_nul(&len, &line);
	run_result r;

	cr_assert_eq(write_file(path, text, len), 0);
	want = strf("pact: error: 'giao-uoc.txt': a NUL byte at line %u, column ", line);
	cli_refuses(dir, "giao-uoc.txt", want);
	cli_refuses(dir, "giao-uoc.txt", "the file is not plain text");
	r = run_pact(dir, "--lang=vi", "import", "giao-uoc.txt", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "byte NUL") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "NUL byte") == NULL, "%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(path);
	free(want);
	free(text);
}

/* A program's bytes are still "not a document", not a text with NULs. */
Test(import_bound, a_program_is_not_taken_for_text_with_nul_bytes)
{
	char *dir = make_tempdir(), *path = strf("%s/giao-uoc.txt", dir);
	unsigned char bin[4096] = "\x7f"
	                          "ELF\x02\x01\x01";
	for (size_t i = 8; i < sizeof(bin); i++)
		bin[i] = (unsigned char)(i * 37u);
	cr_assert_eq(write_file(path, (const char *)bin, sizeof(bin)), 0);
	cli_refuses(dir, "giao-uoc.txt", "is not a document pact import can read");
	rm_rf(dir);
	free(dir);
	free(path);
}

/* UTF-16 without a byte-order mark (both orders) reads as with one. */
Test(import_bound, utf16_without_a_bom_is_converted)
{
	char *dir = make_tempdir();
	const char *enc[2] = {"utf-16le", "utf-16be"};
	const char *fmt[2] = {"plain text (UTF-16 LE)", "plain text (UTF-16 BE)"};
	for (int k = 0; k < 2; k++) {
		char *cmd = strf("iconv -f utf-8 -t %s '%s' > giao-uoc.txt", enc[k], TYPED);
		char *path = strf("%s/giao-uoc.txt", dir);
		pact_import_result *res = NULL, *ref = NULL;
		run_result r = run_sh(dir, cmd);
		size_t len;
		char *raw = read_file(path, &len);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert(len > 2 && !(raw[0] == '\xff' && raw[1] == '\xfe') &&
		          !(raw[0] == '\xfe' && raw[1] == '\xff'));
		cr_assert_eq(pact_import_file(&res, path, NULL), 0, "%s: %s", enc[k],
		             pact_error_last()->message);
		cr_assert_eq(pact_import_file(&ref, TYPED, NULL), 0);
		cr_expect_str_eq(res->format, fmt[k]);
		cr_expect_eq(res->nclauses, ref->nclauses);
		cr_expect_eq(res->ncommitments, ref->ncommitments);
		cr_expect_eq(res->nmembers, ref->nmembers);
		pact_import_result_free(res);
		pact_import_result_free(ref);
		run_result_free(&r);
		free(raw);
		free(cmd);
		free(path);
	}
	rm_rf(dir);
	free(dir);
}

/* ---- names in hints ----------------------------------------------------- */

/* `-o NAME` came back raw in "then run 'pact validate NAME'": an LF in
 * the name started a line of its own. */
Test(import_bound, the_output_name_in_the_hint_goes_through_the_sanitiser)
{
	static const char text[] = "1. Về công tác chuyên môn\na) Hoàn thành nhiệm vụ.\n";
	char *dir = make_tempdir(), *path = strf("%s/it.txt", dir);
	run_result r;

	cr_assert_eq(write_file(path, text, strlen(text)), 0);
	r = run_pact(dir, "--lang=en", "import", "it.txt", "-o", "x\n\033[31mred.yaml", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "then run 'pact validate x\\n\\e[31mred.yaml'\n") != NULL, "%s",
	          r.err);
	cr_expect(strchr(r.err, '\033') == NULL, "%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(path);
}

/* ---- libraries off the terminal --------------------------------------- */

static void chunk(pdfw *w, const char *type, const unsigned char *d, size_t n, int good_crc)
{
	unsigned char be[4];
	uLong crc = crc32(0L, (const Bytef *)type, 4);
	crc = crc32(crc, d, (uInt)n);
	if (!good_crc)
		crc ^= 0xFFFFFFFFu;
	be[0] = (unsigned char)(n >> 24), be[1] = (unsigned char)(n >> 16);
	be[2] = (unsigned char)(n >> 8), be[3] = (unsigned char)n;
	put(w, be, 4);
	put(w, type, 4);
	put(w, d, n);
	be[0] = (unsigned char)(crc >> 24), be[1] = (unsigned char)(crc >> 16);
	be[2] = (unsigned char)(crc >> 8), be[3] = (unsigned char)crc;
	put(w, be, 4);
}

/* A 200 x 100 grey PNG whose pixel data fails its checksum, as a scan
 * damaged in a copy is. */
static void write_damaged_png(const char *path)
{
	static const unsigned char ihdr[13] = {0, 0, 0, 200, 0, 0, 0, 100, 8, 0, 0, 0, 0};
	unsigned char raw[100 * 201], z[4096];
	uLongf zlen = sizeof(z);
	pdfw w = {0};

	memset(raw, 0xFF, sizeof(raw));
	for (size_t y = 0; y < 100; y++)
		raw[y * 201] = 0; /* filter: none */
	cr_assert_eq(compress(z, &zlen, raw, sizeof(raw)), Z_OK);
	put(&w, "\x89PNG\r\n\x1a\n", 8);
	chunk(&w, "IHDR", ihdr, sizeof(ihdr), 1);
	chunk(&w, "IDAT", z, zlen, 0);
	chunk(&w, "IEND", (const unsigned char *)"", 0, 1);
	cr_assert_eq(write_file(path, w.buf, w.len), 0);
	free(w.buf);
}

/* libpng printed "libpng error: IDAT: CRC error" on the officer's
 * terminal before pact's own error: now pact's one line says it, in
 * either language. */
Test(import_bound, a_damaged_image_gives_one_error_and_no_library_line)
{
	char *dir = make_tempdir(), *path = strf("%s/ban-chup.png", dir);
	run_result r;

	write_damaged_png(path);
	cli_refuses(dir, "ban-chup.png",
	            "pact: error: 'ban-chup.png': the image cannot be decoded: it is damaged or "
	            "cut short (libpng: IDAT: CRC error)");
	r = run_pact(dir, "--lang=vi", "import", "ban-chup.png", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strncmp(r.err, "pact: lỗi: 'ban-chup.png': ", 28) == 0, "%s", r.err);
	cr_expect(strstr(r.err, "libpng error") == NULL, "%s", r.err);
	cr_expect_eq(strchr(r.err, '\n'), r.err + strlen(r.err) - 1, "one line:\n%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(path);
}
