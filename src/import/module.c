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
#define _GNU_SOURCE /* secure_getenv */
#include "module.h"
#include "../exe_path.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "pact/utf8.h"

#ifndef PACT_PKGLIBDIR
#define PACT_PKGLIBDIR "/usr/local/lib/pact"
#endif
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
        pact_utf8_nfc,
        pact_scan__pages_add,
        pact_scan__pages_free,
        pact_buf__puts,
        pact_buf__putc,
        pact_buf__detach,
        pact_buf__clear,
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const imp_module *module;
static char why[1024]; /* why it could not be loaded, when module is NULL */

/* 1 when no one but root and this user can change what `st` describes (a
 * directory on the module's path, or the module): owned by one of them and
 * not writable by all, unless it is a sticky directory (/tmp: there only
 * the owner of an entry can replace it, and that owner is checked next). */
static int safe_stat(const struct stat *st)
{
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return 0;
	if (st->st_mode & S_IWOTH)
		return S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX);
	return 1;
}

/* The first directory of the absolute path `real` (from "/" down to the
 * module's own) that other users could change, copied into `out`; 0 when
 * there is none. */
static int unsafe_dir(const char *real, char *out, size_t size)
{
	struct stat st;

	for (size_t i = 0; real[i]; i++) {
		if (real[i] != '/')
			continue;
		snprintf(out, size, "%.*s", (int)(i ? i : 1), real);
		if (stat(out, &st) != 0 || !safe_stat(&st))
			return 1;
	}
	return 0;
}

/* 1 when the ELF file `fd` of `size` bytes holds all that dlopen maps: a
 * library cut short makes the loader touch pages past the end of the file
 * (SIGBUS). Files of another class or not ELF at all are left to dlopen,
 * which says so. */
static int elf_complete(int fd, off_t size)
{
	ElfW(Ehdr) eh;
	ElfW(Phdr) ph;
	size_t room;
	ssize_t n = pread(fd, &eh, sizeof(eh), 0);

	/* empty, or ELF cut short; anything else is dlopen's to judge */
	if (n < (ssize_t)sizeof(eh))
		return n >= SELFMAG && memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0;
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32))
		return 1;
	if (eh.e_phentsize != sizeof(ph) || (off_t)eh.e_phoff > size)
		return 0;
	room = (size_t)(size - (off_t)eh.e_phoff) / sizeof(ph);
	if (eh.e_phnum > room)
		return 0;
	for (size_t i = 0; i < eh.e_phnum; i++) {
		off_t at = (off_t)(eh.e_phoff + i * sizeof(ph));
		if (pread(fd, &ph, sizeof(ph), at) != (ssize_t)sizeof(ph))
			return 0;
		if (ph.p_type == PT_LOAD &&
		    ((off_t)ph.p_offset > size || (off_t)ph.p_filesz > size - (off_t)ph.p_offset))
			return 0;
	}
	return 1;
}

/* Open the module at `path` (which exists) for dlopen: the descriptor, or
 * -1 after saying why not, -2 when other users could have planted or
 * changed it (pact copied into /tmp, a directory writable by all on the
 * way): then it is not loaded, and the search goes on. */
static int open_module(const char *path)
{
	char real[PATH_MAX], dir[PATH_MAX];
	struct stat st;
	int fd = -1;

	if (!realpath(path, real)) {
		snprintf(why, sizeof(why), _("%s cannot be opened (%s)"), path, strerror(errno));
		return -1;
	}
	if (unsafe_dir(real, dir, sizeof(dir))) {
		snprintf(why, sizeof(why),
		         _("%s is not loaded: users other than you and root can change %s"), path,
		         dir);
		return -2;
	}
	fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		snprintf(why, sizeof(why), _("%s cannot be opened (%s)"), path, strerror(errno));
	} else if (!S_ISREG(st.st_mode) || !safe_stat(&st)) {
		snprintf(why, sizeof(why),
		         _("%s is not loaded: users other than you and root can change %s"), path,
		         path);
		close(fd);
		return -2;
	} else if (!elf_complete(fd, st.st_size)) {
		snprintf(why, sizeof(why), _("%s is cut short or damaged: install pact again"),
		         path);
	} else {
		return fd;
	}
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Load the module at `path` (which exists) into `module`, or say why not.
 * The file checked is the file loaded: dlopen is given the descriptor.
 * Returns 0 when the file was refused as planted (see open_module). */
static int load_from(const char *path)
{
	int fd = open_module(path);
	char fdpath[64];
	void *handle;
	const char *abi;
	size_t n;
	imp_module_entry entry;

	if (fd < 0)
		return fd != -2;
	n = (size_t)snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	handle = dlopen(fdpath, RTLD_NOW | RTLD_LOCAL);
	close(fd);
	if (!handle) {
		const char *e = dlerror();
		/* "/proc/self/fd/3: invalid ELF header": the path is said first */
		if (e && !strncmp(e, fdpath, n) && !strncmp(e + n, ": ", 2))
			e += n + 2;
		/* a library of the module is missing, most likely */
		snprintf(why, sizeof(why),
		         _("%s cannot be loaded (%s): install the libraries it needs (Debian: "
		           "apt-get install %s)"),
		         path, e ? e : "?", MODULE_PACKAGES);
		return 1;
	}
	/* the interface it was built for, before any of its code is called */
	abi = (const char *)dlsym(handle, PACT_IMPORT_MODULE_ABI_SYMBOL);
	entry = (imp_module_entry)dlsym(handle, PACT_IMPORT_MODULE_ENTRY);
	module = abi && !strcmp(abi, PACT_IMPORT_MODULE_ABI) && entry ? entry(&host) : NULL;
	if (!module) {
		snprintf(why, sizeof(why),
		         _("%s is not the module this pact was built with: install pact again"),
		         path);
		dlclose(handle);
	}
	return 1;
}

static void load(void)
{
	static const char *const rel[] = {PACT_IMPORT_MODULE_FILE,
	                                  "../lib/pact/" PACT_IMPORT_MODULE_FILE};
	/* not from the environment of a set-user-ID program */
	const char *env = secure_getenv("PACT_IMPORT_MODULE");
	char path[PATH_MAX];

	if (env && *env) {
		if (*env != '/') /* never one of the current directory */
			snprintf(why, sizeof(why),
			         _("%s (PACT_IMPORT_MODULE) is not an absolute path"), env);
		else if (access(env, F_OK) == 0)
			load_from(env);
		else
			snprintf(why, sizeof(why), _("%s (PACT_IMPORT_MODULE) does not exist"),
			         env);
		return;
	}
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		if (pact_exe__beside(path, sizeof(path), rel[i]) && access(path, F_OK) == 0 &&
		    load_from(path))
			return;
	}
	snprintf(path, sizeof(path), "%s/%s", PACT_PKGLIBDIR, PACT_IMPORT_MODULE_FILE);
	if (access(path, F_OK) == 0) {
		load_from(path);
		return;
	}
	if (!why[0]) /* else a planted module was refused: that is the reason */
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
