/*
 * read_text.c - plain text: UTF-8 (with or without BOM) and UTF-16 (with a
 * byte-order mark, or without one when the zero bytes say which order),
 * one IMP_LINE block per input line; and the "nul" reader, which refuses
 * text with a NUL byte saying where it is.
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

/* UTF-16 without a byte-order mark (Notepad's "Unicode" saved by some
 * tools, or text copied out of a Windows program): 1 little endian, 2 big
 * endian, 0 not. Vietnamese is in U+0000-U+01FF and U+1E00-U+1EFF, so one
 * byte of most pairs is 0x00 (ASCII, Latin-1) and the other almost never
 * is: at least a quarter of the pairs have a zero byte on one side and
 * none on the other, and never a zero pair (U+0000). */
static int utf16_bare(const unsigned char *d, size_t len)
{
	size_t zero_lo = 0, zero_hi = 0, pairs = len / 2;
	if (len < 4 || len % 2)
		return 0;
	for (size_t i = 0; i + 1 < len; i += 2) {
		if (!d[i] && !d[i + 1])
			return 0;
		zero_lo += !d[i];
		zero_hi += !d[i + 1];
	}
	if (zero_hi * 4 >= pairs && !zero_lo)
		return 1;
	if (zero_lo * 4 >= pairs && !zero_hi)
		return 2;
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
	if (utf16_bom(data, len) || utf16_bare(data, len))
		return 1;
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
		data += 3;
		len -= 3;
	}
	/* pact_utf8_valid refuses NUL: a binary file fails here */
	return pact_utf8_valid((const char *)data, len, NULL) && looks_text(data, len);
}

/* UTF-16 to UTF-8 from byte `i` (2 after a BOM, 0 without); surrogate
 * pairs joined; lone surrogates are an error (the file is broken). */
static int from_utf16(char **out, size_t *outlen, const unsigned char *d, size_t len, int be,
                      size_t i)
{
	pact_buf b = PACT_BUF_INIT;

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
	int rc, bom16 = utf16_bom(data, len), bare16 = bom16 ? 0 : utf16_bare(data, len);
	(void)ctx;

	out->format = N_("plain text (UTF-8)");
	if (bom16 || bare16) {
		if ((rc = from_utf16(&conv, &clen, data, len, (bom16 | bare16) == 2,
		                     bom16 ? 2 : 0)) < 0)
			goto done;
		if (!pact_utf8_valid(conv, clen, NULL)) {
			rc = pact_error_set(PACT_EINVALID, "UTF-16 text with a NUL character");
			goto done;
		}
		out->format = (bom16 | bare16) == 2 ? N_("plain text (UTF-16 BE)")
		                                    : N_("plain text (UTF-16 LE)");
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

/* ---- nul: text with a NUL byte --------------------------------------- */

/* Text but for its NUL bytes: what is between them is UTF-8 with few
 * controls, and there is some of it. A program (ELF: DEL, many controls),
 * an image or an archive fails this and gets the list of formats. */
int pact_import__sniff_nul(const unsigned char *data, size_t len)
{
	size_t from = 0, text = 0, ctl = 0;
	int nul = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && data[i] != 0) {
			ctl += data[i] == 0x7F ||
			       (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' &&
			        data[i] != '\r' && data[i] != '\f');
			continue;
		}
		if (!pact_utf8_valid((const char *)data + from, i - from, NULL))
			return 0;
		text += i - from;
		nul |= i < len;
		from = i + 1;
	}
	return nul && text >= 16 && ctl * 1000 <= text * CONTROL_PER_MILLE;
}

int pact_import__read_nul(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	const unsigned char *nul = memchr(data, 0, len);
	unsigned line = 1;
	size_t col = 1;
	(void)out, (void)ctx;
	for (const unsigned char *p = data; nul && p < nul; p++) {
		if (*p == '\n' || (*p == '\r' && !(p + 1 < nul && p[1] == '\n'))) {
			line++;
			col = 1;
		} else if ((*p & 0xC0) != 0x80) {
			col++; /* a character starts here */
		}
	}
	return pact_error_set(PACT_EINVALID,
	                      "a NUL byte at line %u, column %zu: the file is not plain text "
	                      "(a damaged file, or one saved by a program pact cannot read): "
	                      "open it in the program that made it and save it as .docx or as "
	                      "UTF-8 text",
	                      line, col);
}
