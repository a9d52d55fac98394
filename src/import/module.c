/*
 * module.c - finding and loading the import module, pact-import-formats.so
 * (why and where: module.h), and the readers of readers.def and the
 * functions of scan.h that live in it, forwarded.
 *
 * The module is loaded at most once per process (pthread_once), the first
 * time a file's magic bytes say zip, PDF or image, and never unloaded
 * (GLib and Tesseract do not expect to be). When it cannot be loaded, the
 * reason is kept and every reader that needs it fails with PACT_EIO and a
 * message naming the module, where it was looked for, and what to install.
 */
#include "module.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "pact/utf8.h"

#ifndef PACT_PKGLIBDIR
#define PACT_PKGLIBDIR "/usr/local/lib/pact"
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
	pact_utf8_nfc,
	pact_import_pages_add,
	pact_import_pages_free,
	pact_buf_puts,
	pact_buf_putc,
	pact_buf_detach,
	pact_buf_clear,
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const imp_module *module;
static char why[1024]; /* why it could not be loaded, when module is NULL */

/* <dir of the program>/<rel> into out; 0 when there is no /proc/self/exe
 * or it does not fit. */
static int beside_program(char *out, size_t size, const char *rel)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	int w;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	w = snprintf(out, size, "%s/%s", exe, rel);
	return w > 0 && (size_t)w < size;
}

/* Load the module at `path` (which exists) into `module`, or say why not. */
static void load_from(const char *path)
{
	void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	imp_module_entry entry;

	if (!handle) {
		const char *e = dlerror();
		/* a library of the module is missing, most likely */
		snprintf(why, sizeof(why),
		         _("%s cannot be loaded (%s): install the libraries it needs (Debian: "
		           "apt-get install %s)"),
		         path, e ? e : "?", MODULE_PACKAGES);
		return;
	}
	entry = (imp_module_entry)dlsym(handle, PACT_IMPORT_MODULE_ENTRY);
	module = entry ? entry(&host) : NULL;
	if (!module) {
		snprintf(why, sizeof(why),
		         _("%s is not the module this pact was built with: install pact again"), path);
		dlclose(handle);
	}
}

static void load(void)
{
	static const char *const rel[] = {PACT_IMPORT_MODULE_FILE,
	                                  "../lib/pact/" PACT_IMPORT_MODULE_FILE};
	const char *env = getenv("PACT_IMPORT_MODULE");
	char path[PATH_MAX];

	if (env && *env) {
		if (access(env, F_OK) == 0)
			load_from(env);
		else
			snprintf(why, sizeof(why), _("%s (PACT_IMPORT_MODULE) does not exist"), env);
		return;
	}
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		if (beside_program(path, sizeof(path), rel[i]) && access(path, F_OK) == 0) {
			load_from(path);
			return;
		}
	}
	snprintf(path, sizeof(path), "%s/%s", PACT_PKGLIBDIR, PACT_IMPORT_MODULE_FILE);
	if (access(path, F_OK) == 0) {
		load_from(path);
		return;
	}
	snprintf(why, sizeof(why),
	         _("it is neither beside the pact program nor in %s: install pact with "
	           "'make install'"),
	         PACT_PKGLIBDIR);
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

int pact_import_read_pdf(pact_import_pages **out, const char *buf, size_t len,
                         const pact_import_scan_opts *opts)
{
	const imp_module *m = need(N_("reading PDF files"));
	*out = NULL;
	return m ? m->read_pdf(out, buf, len, opts) : PACT_EIO;
}

int pact_import_read_image(pact_import_pages **out, const char *buf, size_t len,
                           const pact_import_scan_opts *opts)
{
	const imp_module *m = need(N_("reading scanned images"));
	*out = NULL;
	return m ? m->read_image(out, buf, len, opts) : PACT_EIO;
}

int pact_ocr_open(pact_ocr **out, const pact_import_scan_opts *opts)
{
	const imp_module *m = need(N_("OCR"));
	*out = NULL;
	return m ? m->ocr_open(out, opts) : PACT_EIO;
}

void pact_ocr_close(pact_ocr *ocr)
{
	/* an engine exists only if the module gave it */
	if (ocr)
		loaded()->ocr_close(ocr);
}
