/*
 * entry.c - the import module's entry point (see ../module.h): the table
 * of its readers, and the libpact functions the readers call, forwarded to
 * the host that loaded the module.
 *
 * The module is built with hidden visibility: these definitions, like the
 * readers, bind inside it and are not seen by the program; only
 * pact_import_module_v1 is exported.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../module.h"
#include "pact/error.h"
#include "pact/utf8.h"

static const imp_module_host *host;

int pact_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	host->error_setv(code, fmt, ap);
	va_end(ap);
	return code;
}

void pact_error_clear(void)
{
	host->error_clear();
}

int pact_import__blocks_add(imp_blocks *b, imp_block_kind kind, const char *text, size_t len,
                            unsigned line, unsigned page, imp_block **added)
{
	return host->blocks_add(b, kind, text, len, line, page, added);
}

int pact_import__warn(imp_ctx *ctx, unsigned line, const char *code, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = host->warnv(ctx, line, code, fmt, ap);
	va_end(ap);
	return rc;
}

int pact_utf8_valid(const char *s, size_t len, size_t *bad)
{
	return host->utf8_valid(s, len, bad);
}

char *pact_utf8_nfc(const char *s, size_t len)
{
	return host->utf8_nfc(s, len);
}

int pact_scan__pages_add(pact_import_pages *p, char *text)
{
	return host->pages_add(p, text);
}

void pact_scan__pages_free(pact_import_pages *p)
{
	host->pages_free(p);
}

void pact_buf__puts(pact_buf *b, const char *s)
{
	host->buf_puts(b, s);
}

void pact_buf__putc(pact_buf *b, char c)
{
	host->buf_putc(b, c);
}

char *pact_buf__detach(pact_buf *b, size_t *len)
{
	return host->buf_detach(b, len);
}

void pact_buf__clear(pact_buf *b)
{
	host->buf_clear(b);
}

/* The readers print numbers only ("%ld", "%02ld"): formatted here, then
 * appended. A longer text (never, today) is formatted on the heap. */
void pact_buf__printf(pact_buf *b, const char *fmt, ...)
{
	char small[64], *s = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		s = pact_alloc__malloc((size_t)n + 1);
		if (!s) {
			b->oom = 1; /* as pact_buf does: the caller checks it at the end */
			return;
		}
		va_start(ap, fmt);
		vsnprintf(s, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	host->buf_puts(b, s);
	if (s != small)
		free(s);
}

__attribute__((visibility("default"))) const imp_module *
pact_import_module_v1(const imp_module_host *h);

#ifndef PACT_IMPORT_MODULE_ABI
#define PACT_IMPORT_MODULE_ABI "unknown"
#endif
__attribute__((visibility("default"))) extern const char pact_import_module_abi[];
const char pact_import_module_abi[] = PACT_IMPORT_MODULE_ABI;

const imp_module *pact_import_module_v1(const imp_module_host *h)
{
	static const imp_module module = {
	        PACT_IMPORT_MODULE_VERSION, sizeof(imp_module),     pact_import__sniff_docx,
	        pact_import__read_docx,     pact_import__sniff_odt, pact_import__read_odt,
	        pact_import__read_zip,      pact_scan__read_pdf,    pact_scan__read_image,
	        pact_scan__ocr_open,        pact_scan__ocr_close,
	};
	if (!h || h->version != PACT_IMPORT_MODULE_VERSION || h->size != sizeof(*h))
		return NULL;
	host = h;
	return &module;
}
