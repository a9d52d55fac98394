/*
 * read_text.c - plain text: UTF-8 (with or without BOM) and UTF-16 with a
 * byte-order mark, one IMP_LINE block per input line.
 *
 * Recognised by content: a BOM, or bytes that are well-formed UTF-8 with
 * no NUL and few control characters. Legacy Vietnamese 8-bit encodings
 * (Windows-1258, TCVN3/ABC, VNI) are NOT guessed: their byte ranges overlap
 * so much that a guess is wrong too often to be trusted silently, and a
 * wrong guess turns every accented word into other accented words.
 * Such a file is refused with a message saying to save it as UTF-8.
 *
 * Lines: "\n", "\r\n" or "\r" end a line; a form feed starts a new page.
 * Empty or blank lines become IMP_BREAK. Line numbers count from 1 in the
 * input as a text editor shows them.
 */
#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "import.h"
#include "pact/error.h"
#include "pact/utf8.h"

/* Share of control bytes (other than TAB, LF, CR, FF) above which UTF-8
 * bytes are taken for a binary file: text has none, binaries many. */
#define CONTROL_PER_MILLE 5

static int utf16_bom(const unsigned char *d, size_t len)
{
	if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE)
		return 1; /* little endian */
	if (len >= 2 && d[0] == 0xFE && d[1] == 0xFF)
		return 2; /* big endian */
	return 0;
}

static int looks_text(const unsigned char *d, size_t len)
{
	size_t ctl = 0;
	for (size_t i = 0; i < len; i++)
		if (d[i] < 0x20 && d[i] != '\t' && d[i] != '\n' && d[i] != '\r' && d[i] != '\f')
			ctl++;
	return ctl * 1000 <= len * CONTROL_PER_MILLE;
}

int pact_import__sniff_text(const unsigned char *data, size_t len)
{
	if (utf16_bom(data, len))
		return 1;
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
		data += 3;
		len -= 3;
	}
	/* pact_utf8_valid refuses NUL: a binary file fails here */
	return pact_utf8_valid((const char *)data, len, NULL) && looks_text(data, len);
}

/* UTF-16 with BOM to UTF-8; surrogate pairs joined; lone surrogates are
 * an error (the file is broken). */
static int from_utf16(char **out, size_t *outlen, const unsigned char *d, size_t len, int be)
{
	pact_buf b = PACT_BUF_INIT;
	size_t i = 2;

	*out = NULL;
	if (len % 2)
		return pact_error_set(PACT_EINVALID, "UTF-16 text with an odd number of bytes");
	while (i + 1 < len) {
		unsigned u =
		        be ? (unsigned)(d[i] << 8 | d[i + 1]) : (unsigned)(d[i + 1] << 8 | d[i]);
		unsigned long cp = u;
		unsigned char enc[4];
		size_t n;
		i += 2;
		if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
			unsigned lo = be ? (unsigned)(d[i] << 8 | d[i + 1])
			                 : (unsigned)(d[i + 1] << 8 | d[i]);
			if (lo < 0xDC00 || lo > 0xDFFF)
				goto bad;
			cp = 0x10000 + ((unsigned long)(u - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		} else if (u >= 0xD800 && u <= 0xDFFF) {
			goto bad;
		}
		if (cp == 0)
			goto bad;
		if (cp < 0x80) {
			enc[0] = (unsigned char)cp;
			n = 1;
		} else if (cp < 0x800) {
			enc[0] = (unsigned char)(0xC0 | cp >> 6);
			enc[1] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 2;
		} else if (cp < 0x10000) {
			enc[0] = (unsigned char)(0xE0 | cp >> 12);
			enc[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			enc[2] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 3;
		} else {
			enc[0] = (unsigned char)(0xF0 | cp >> 18);
			enc[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
			enc[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			enc[3] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 4;
		}
		pact_buf__put(&b, (const char *)enc, n);
	}
	if (b.oom) {
		pact_buf__clear(&b);
		return PACT_ENOMEM;
	}
	*out = pact_buf__detach(&b, outlen);
	if (!*out)
		*out = pact_alloc__strdup(""), *outlen = 0;
	return *out ? 0 : PACT_ENOMEM;
bad:
	pact_buf__clear(&b);
	return pact_error_set(PACT_EINVALID, "broken UTF-16 text near byte %zu", i);
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* One block per line of UTF-8 text s[0..len). */
static int split_lines(imp_blocks *out, const char *s, size_t len)
{
	unsigned line = 1, page = 0;
	size_t i = 0;

	while (i <= len && len) {
		size_t start = i, end;
		int rc;
		while (i < len && s[i] != '\n' && s[i] != '\r' && s[i] != '\f')
			i++;
		end = i;
		while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
			end--;
		if (blank(s + start, end - start)) {
			if (i < len || start < len)
				if ((rc = pact_import__blocks_add(out, IMP_BREAK, NULL, 0, line,
				                                  page, NULL)) < 0)
					return rc;
		} else {
			while (s[start] == ' ' || s[start] == '\t')
				start++;
			if ((rc = pact_import__blocks_add(out, IMP_LINE, s + start, end - start,
			                                  line, page, NULL)) < 0)
				return rc;
		}
		if (i >= len)
			break;
		if (s[i] == '\f') {
			page = page ? page + 1 : 2;
			if ((rc = pact_import__blocks_add(out, IMP_PAGE, NULL, 0, line, page,
			                                  NULL)) < 0)
				return rc;
			i++;
			continue; /* a form feed does not end the line count */
		}
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			i++;
		i++;
		line++;
	}
	return 0;
}

int pact_import__read_text(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	char *conv = NULL;
	size_t clen = 0;
	int rc, bom16 = utf16_bom(data, len);
	(void)ctx;

	out->format = N_("plain text (UTF-8)");
	if (bom16) {
		if ((rc = from_utf16(&conv, &clen, data, len, bom16 == 2)) < 0)
			goto done;
		if (!pact_utf8_valid(conv, clen, NULL)) {
			rc = pact_error_set(PACT_EINVALID, "UTF-16 text with a NUL character");
			goto done;
		}
		out->format =
		        bom16 == 2 ? N_("plain text (UTF-16 BE)") : N_("plain text (UTF-16 LE)");
		rc = split_lines(out, conv, clen);
		goto done;
	}
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
		data += 3;
		len -= 3;
	}
	rc = split_lines(out, (const char *)data, len);
done:
	free(conv);
	return rc;
}
