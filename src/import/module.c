/*
 * module.c - finding and loading the import module, pact-import-formats.so
 * (why and where: module.h), and the readers of readers.def and the
 * functions of scan.h that live in it, forwarded.
 *
 * The module is loaded at most once per process (pthread_once), the first
 * time a file's magic bytes say zip, PDF or image, and never unloaded
 * (GLib and Tesseract do not expect to be); the search and the checks are
 * modload.c's, shared with the repository module. When it cannot be loaded, the
 * reason is kept and every reader that needs it fails with PACT_EIO and a
 * message naming the module, where it was looked for, and what to install.
 */
#include "module.h"
#include "../modload.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "pact/utf8.h"

#ifndef PACT_IMPORT_MODULE_ABI
#define PACT_IMPORT_MODULE_ABI "unknown"
#endif

/* The Debian packages of the module's libraries (bookworm's names). */
#define MODULE_PACKAGES "libzip4 libxml2 libpoppler-glib8 libcairo2 libtesseract5 liblept5"

static const imp_module_host host = {
        PACT_IMPORT_MODULE_VERSION,
        sizeof(imp_module_host),
        pact_error_setv,
        pact_error_clear,
        pact_import__blocks_add,
        pact_utf8_valid,
        pact_import__nfc,
        pact_scan__pages_add,
        pact_scan__pages_free,
        pact_buf__puts,
        pact_buf__putc,
        pact_buf__detach,
        pact_buf__clear,
        pact_import__warnv,
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const imp_module *module;
static char why[1024]; /* why it could not be loaded, when module is NULL */

/* The loader's verdict in this module's words (they name the variable
 * and the packages to install). */
static void word(const pact_modload *m)
{
	const char *p = m->path, *d = m->detail;

	switch (m->why) {
	case PACT_MODLOAD_OK:
		break;
	case PACT_MODLOAD_NOT_FOUND:
		snprintf(why, sizeof(why),
		         _("it is neither beside the pact program nor in %s: install pact with "
		           "'make install'"),
		         d);
		break;
	case PACT_MODLOAD_ENV_RELATIVE:
		snprintf(why, sizeof(why), _("%s (PACT_IMPORT_MODULE) is not an absolute path"), p);
		break;
	case PACT_MODLOAD_ENV_MISSING:
		snprintf(why, sizeof(why), _("%s (PACT_IMPORT_MODULE) does not exist"), p);
		break;
	case PACT_MODLOAD_OPEN:
		snprintf(why, sizeof(why), _("%s cannot be opened (%s)"), p, d);
		break;
	case PACT_MODLOAD_UNSAFE:
		snprintf(why, sizeof(why),
		         _("%s is not loaded: users other than you and root can change %s"), p, d);
		break;
	case PACT_MODLOAD_NOT_FILE:
		snprintf(why, sizeof(why), _("%s is not a regular file"), p);
		break;
	case PACT_MODLOAD_DAMAGED:
		snprintf(why, sizeof(why), _("%s is cut short or damaged: install pact again"), p);
		break;
	case PACT_MODLOAD_DLOPEN:
		/* a library of the module is missing, most likely */
		snprintf(why, sizeof(why),
		         _("%s cannot be loaded (%s): install the libraries it needs (Debian: "
		           "apt-get install %s)"),
		         p, d, MODULE_PACKAGES);
		break;
	case PACT_MODLOAD_FOREIGN:
		snprintf(why, sizeof(why),
		         _("%s is not the module this pact was built with: install pact again"), p);
		break;
	}
}

static void load(void)
{
	static const pact_modload_spec spec = {
	        PACT_IMPORT_MODULE_FILE, "PACT_IMPORT_MODULE",     PACT_IMPORT_MODULE_ABI_SYMBOL,
	        PACT_IMPORT_MODULE_ABI,  PACT_IMPORT_MODULE_ENTRY, 0};
	pact_modload m;
	imp_module_entry entry;

	if (pact_modload__load(&m, &spec) == 0) {
		*(void **)&entry = m.entry;
		module = entry(&host);
		if (!module) { /* another version or size of the tables */
			dlclose(m.handle);
			m.why = PACT_MODLOAD_FOREIGN;
		}
	}
	word(&m);
}

/* The module, or NULL (quietly: for sniffing). */
static const imp_module *loaded(void)
{
	pthread_once(&once, load);
	return module;
}

/* The module, or NULL after setting PACT_EIO with a message that starts
 * with `what` (an msgid: "reading PDF files"). The reason was worded, in
 * the language of the time, when the module was looked for. */
static const imp_module *need(const char *what)
{
	const imp_module *m = loaded();
	if (!m)
		pact_error_set(PACT_EIO, "%s needs pact's import module %s, and %s", _(what),
		               PACT_IMPORT_MODULE_FILE, why);
	return m;
}

static int zip_magic(const unsigned char *data, size_t len)
{
	return len >= 4 && (!memcmp(data, "PK\x03\x04", 4) || !memcmp(data, "PK\x05\x06", 4));
}

/* ---- the readers of readers.def ------------------------------------ */

/* Without the module a zip cannot be looked into: the same words whichever
 * reader took it. */
#define OFFICE N_("reading Word and OpenDocument files")

/* A zip is a Word file if the module says so, or if there is no module to
 * ask: then reading it says what is missing. */
int pact_import__sniff_docx(const unsigned char *data, size_t len)
{
	const imp_module *m;
	if (!zip_magic(data, len))
		return 0;
	m = loaded();
	return m ? m->sniff_docx(data, len) : 1;
}

int pact_import__read_docx(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	const imp_module *m = need(OFFICE);
	return m ? m->read_docx(out, data, len, ctx) : PACT_EIO;
}

int pact_import__sniff_odt(const unsigned char *data, size_t len)
{
	const imp_module *m;
	if (!zip_magic(data, len))
		return 0;
	m = loaded();
	return m ? m->sniff_odt(data, len) : 1;
}

int pact_import__read_odt(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	const imp_module *m = need(OFFICE);
	return m ? m->read_odt(out, data, len, ctx) : PACT_EIO;
}

int pact_import__sniff_zip(const unsigned char *data, size_t len)
{
	return zip_magic(data, len);
}

int pact_import__read_zip(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	const imp_module *m = need(OFFICE);
	return m ? m->read_zip(out, data, len, ctx) : PACT_EIO;
}

/* ---- scan.h -------------------------------------------------------- */

int pact_scan__read_pdf(pact_import_pages **out, const char *buf, size_t len,
                        const pact_import_scan_opts *opts)
{
	const imp_module *m = need(N_("reading PDF files"));
	*out = NULL;
	return m ? m->read_pdf(out, buf, len, opts) : PACT_EIO;
}

int pact_scan__read_image(pact_import_pages **out, const char *buf, size_t len,
                          const pact_import_scan_opts *opts)
{
	const imp_module *m = need(N_("reading scanned images"));
	*out = NULL;
	return m ? m->read_image(out, buf, len, opts) : PACT_EIO;
}

int pact_scan__ocr_open(pact_ocr **out, const pact_import_scan_opts *opts)
{
	const imp_module *m = need(N_("OCR"));
	*out = NULL;
	return m ? m->ocr_open(out, opts) : PACT_EIO;
}

void pact_scan__ocr_close(pact_ocr *ocr)
{
	/* an engine exists only if the module gave it */
	if (ocr)
		loaded()->ocr_close(ocr);
}
