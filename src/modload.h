/*
 * modload.h - finding and loading one of pact's modules with dlopen
 * (internal, not installed): the import module pact-import-formats.so
 * (import/module.c). One loader, one search, one set of checks.
 *
 * Where a module FILE is looked for, first found wins:
 *   $ENV                               an absolute path, when set (and then
 *                                      only there; ignored when set-user-ID);
 *   <dir of the program>/FILE                     (build tree);
 *   <dir of the program>/../lib/pact/FILE         (relocated install);
 *   PACT_PKGLIBDIR/FILE                ($(PREFIX)/lib/pact, compiled in).
 *
 * A module found is loaded only when no one but root and the user can
 * change it or a directory on its path (else it is skipped: pact copied
 * into /tmp must not load a module someone left there; group-writable
 * passes only for a group that is its owner's alone), only when its
 * file holds all its segments (a truncated library would crash the
 * loader), and only when its interface string (a checksum of the headers
 * both sides were built with) is the one expected: a module of another
 * build is refused before any of its code runs.
 *
 * Nothing is printed and no libpact error is recorded: the caller words
 * the outcome (each module has its own message and its own advice).
 */
#ifndef PACT_MODLOAD_H
#define PACT_MODLOAD_H

#include <limits.h>
#include <stddef.h>

/* What to load. */
typedef struct pact_modload_spec {
	const char *file;       /* "pact-import-formats.so" */
	const char *env;        /* "PACT_IMPORT_MODULE" */
	const char *abi_symbol; /* the module's exported interface string */
	const char *abi;        /* the value this program was built with */
	const char *entry;      /* the module's entry point */
	int lazy;               /* RTLD_LAZY: see pact_modload__load */
} pact_modload_spec;

/* Why a module was not loaded. */
typedef enum pact_modload_why {
	PACT_MODLOAD_OK = 0,
	PACT_MODLOAD_NOT_FOUND,    /* in none of the places (detail: PACT_PKGLIBDIR) */
	PACT_MODLOAD_ENV_RELATIVE, /* $ENV is not an absolute path */
	PACT_MODLOAD_ENV_MISSING,  /* $ENV names no file */
	PACT_MODLOAD_OPEN,         /* cannot be opened (detail: strerror) */
	PACT_MODLOAD_UNSAFE,       /* others can change it (detail: what they can change) */
	PACT_MODLOAD_NOT_FILE,     /* not a plain file (a directory, a FIFO, a device) */
	PACT_MODLOAD_DAMAGED,      /* an ELF file cut short */
	PACT_MODLOAD_DLOPEN,       /* dlopen refused it (detail: dlerror, without the path) */
	PACT_MODLOAD_FOREIGN       /* not the interface this program was built with */
} pact_modload_why;

/* The outcome of pact_modload__load. */
typedef struct pact_modload {
	pact_modload_why why;
	void *handle;        /* dlopen's handle, when why is PACT_MODLOAD_OK */
	void *entry;         /* the entry point's address, likewise */
	char path[PATH_MAX]; /* the module loaded or refused (the file name when not found) */
	char detail[PATH_MAX + 256]; /* see pact_modload_why */
} pact_modload;

/* Look for spec->file and load the first one found that passes the checks
 * above, RTLD_LOCAL, and RTLD_NOW unless spec->lazy. Lazy, each library
 * the module brings binds its functions as it would have at the program's
 * start (when first called, unless it was linked to bind them at load:
 * a module linked with -z now still has its own bound, and a missing one
 * refused, here); RTLD_NOW binds every function of every library at once.
 * Fills *out; returns 0 when loaded, -1 otherwise (out->why says why). The
 * handle is the caller's: it may dlclose it when its entry point refuses. */
int pact_modload__load(pact_modload *out, const pact_modload_spec *spec);

#endif
