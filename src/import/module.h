/*
 * module.h - the import module, pact-import-formats.so: the readers whose
 * libraries are heavy, loaded with dlopen only when a file needs them
 * (internal, not installed).
 *
 * Why a module: Word and OpenDocument files need libzip and libxml2 (which
 * bring ICU and the C++ runtime), PDFs poppler-glib and cairo (GLib,
 * fontconfig, freetype...), scans Tesseract and leptonica. Linked into
 * pact, they made about 97 shared objects that every process loaded and
 * relocated before it did anything: 20 ms of each `pact diff` or `pact
 * commit`, for a command that imports a document once a year. The core
 * (libpact, the pact binary) links only libgit2, libyaml, utf8proc and
 * zlib; the module links the rest.
 *
 *   in the module (src/import/formats/)     in libpact (src/import/)
 *   read_docx.c read_odt.c read_zip.c       module.c: finds and loads the
 *   zipxml.c  read_pdf.c read_image.c         module, and the readers'
 *   entry.c: the table below, and the          entry points of readers.def
 *     libpact functions they call,             and scan.h, which forward to
 *     forwarded to the host's                  it
 *
 * Sniffing stays cheap: a file is handed to the module only when its magic
 * bytes say zip, PDF or image, so plain-text imports (and every other
 * command) never load it.
 *
 * Where the module is looked for, first found wins:
 *   $PACT_IMPORT_MODULE            an absolute path, when set (and then
 *                                  only there; ignored when set-user-ID);
 *   <dir of the program>/pact-import-formats.so             (build tree);
 *   <dir of the program>/../lib/pact/pact-import-formats.so (relocated
 *                                                            install);
 *   PACT_PKGLIBDIR/pact-import-formats.so ($(PREFIX)/lib/pact, compiled in).
 *
 * The two sides talk through two tables of functions, not through symbols
 * the module would resolve in the program: a program linking the static
 * libpact exports none, and the module must use the host's per-thread last
 * error (pact_error_last), not a copy of its own. The module is built from
 * the same tree as libpact; the checksum of the headers both sides share,
 * the version and the sizes of both tables are checked at load, so a stale
 * module is refused instead of misread.
 *
 * A module found is loaded only when no one but root and the user can
 * change it or a directory on its path (else it is skipped: pact copied
 * into /tmp must not load a pact-import-formats.so someone left there),
 * and only when its file holds all its segments (a truncated library
 * would crash the loader).
 */
#ifndef PACT_IMPORT_MODULE_H
#define PACT_IMPORT_MODULE_H

#include <stdarg.h>
#include <stddef.h>

#include "../buf.h"
#include "import.h"
#include "scan.h"

#define PACT_IMPORT_MODULE_FILE "pact-import-formats.so"
#define PACT_IMPORT_MODULE_ENTRY "pact_import_module_v1"
#define PACT_IMPORT_MODULE_VERSION 1
/* The module's other exported symbol: a string naming the interface it was
 * built for (PACT_IMPORT_MODULE_ABI, a checksum of the headers both sides
 * share, given by the Makefile), compared before any of its code runs. */
#define PACT_IMPORT_MODULE_ABI_SYMBOL "pact_import_module_abi"

/* What libpact lends the module: each is the libpact function of the same
 * name (error.c, blocks.c, utf8.c, buf.c, read_scan.c), but utf8_nfc, which
 * is pact_import__nfc (blocks.c: no NFC of runs of marks too long to sort),
 * and warnv, pact_import__warnv (the readers' pact_import__warn). */
typedef struct imp_module_host {
	unsigned version;
	size_t size; /* sizeof(imp_module_host) */
	int (*error_setv)(int code, const char *fmt, va_list ap);
	void (*error_clear)(void);
	int (*blocks_add)(imp_blocks *b, imp_block_kind kind, const char *text, size_t len,
	                  unsigned line, unsigned page, imp_block **added);
	int (*utf8_valid)(const char *s, size_t len, size_t *bad);
	char *(*utf8_nfc)(const char *s, size_t len);
	int (*pages_add)(pact_import_pages *p, char *text);
	void (*pages_free)(pact_import_pages *p);
	void (*buf_puts)(pact_buf *b, const char *s);
	void (*buf_putc)(pact_buf *b, char c);
	char *(*buf_detach)(pact_buf *b, size_t *len);
	void (*buf_clear)(pact_buf *b);
	int (*warnv)(imp_ctx *ctx, unsigned line, const char *code, const char *fmt, va_list ap);
} imp_module_host;

/* What the module gives: the readers of readers.def and scan.h that need
 * its libraries. Each behaves as documented in import.h and scan.h. */
typedef struct imp_module {
	unsigned version;
	size_t size; /* sizeof(imp_module) */
	int (*sniff_docx)(const unsigned char *data, size_t len);
	int (*read_docx)(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx);
	int (*sniff_odt)(const unsigned char *data, size_t len);
	int (*read_odt)(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx);
	int (*read_zip)(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx);
	int (*read_pdf)(pact_import_pages **out, const char *buf, size_t len,
	                const pact_import_scan_opts *opts);
	int (*read_image)(pact_import_pages **out, const char *buf, size_t len,
	                  const pact_import_scan_opts *opts);
	int (*ocr_open)(pact_ocr **out, const pact_import_scan_opts *opts);
	void (*ocr_close)(pact_ocr *ocr);
} imp_module;

/* The module's one exported symbol, PACT_IMPORT_MODULE_ENTRY: called once,
 * after dlopen, with the host's table (borrowed for the life of the
 * process). Returns the module's table, or NULL when `host` is not the
 * version or size it was built for. */
typedef const imp_module *(*imp_module_entry)(const imp_module_host *host);

#endif
