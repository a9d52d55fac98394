/*
 * storemod.h - the repository module, pact-store.so: libpact's store part
 * and libgit2, loaded with dlopen by the pact executable only when a
 * command needs a repository (internal, not installed).
 *
 * Why a module: Debian's libgit2 brings about 19 shared libraries (libssh2
 * and libcrypto, Kerberos, mbedTLS, http-parser, pcre2), all bound at
 * start-up: linked into pact, loading and relocating them was about 3 ms
 * of every run, half of a `pact diff` of two files that never opens a
 * repository. Now `pact diff FILE FILE`, `validate`, `show FILE`, `help`,
 * `--version`, `import` without --commit and completion outside a store
 * run without it.
 *
 *   in the module (Makefile: STORE_SRC)       in the executable
 *   src/store_*.c, src/history*.c and all     libpact's other files, the
 *     of src/review/: libpact's store           CLI, and src/cli/
 *   src/storemod/entry.c: the table below,      store_module.c: finds and
 *     filled with those functions               loads the module (modload.c)
 *   src/storemod/tls.c: the CA bundle put off   and defines every function
 *   src/storemod/preload.sh (build time): the   of api.def as a call
 *     module's libraries that store_module.c    through the table
 *     loads one by one before it, leaf first
 *
 * One table, one direction: the executable calls the store through the
 * functions of api.def, never through symbols it would look up by name.
 * The store's own calls into the rest of libpact (the last error, the
 * document parser, the allocator, messages) go to the executable's one
 * copy: the executable exports exactly the functions the module's objects
 * need (the Makefile lists them from the objects, `build/store-imports.list`),
 * so there is one last error, one language and one document size limit.
 * The module is built with hidden visibility: its own calls stay inside it
 * even where the executable defines a forwarder of the same name.
 *
 * Only the pact executable loads it: programs linking libpact.a get the
 * whole library, store included, as before.
 *
 * The two sides are built from one tree: the module's interface string
 * (PACT_STORE_MODULE_ABI, a checksum of the headers both sides compile,
 * from the Makefile), the version and the size of the table are checked
 * at load, so a module of another build is refused before its code runs.
 */
#ifndef PACT_STOREMOD_H
#define PACT_STOREMOD_H

#include <stddef.h>

#include "pact/history.h"
#include "pact/review.h"
#include "pact/store.h"

#define PACT_STORE_MODULE_FILE "pact-store.so"
#define PACT_STORE_MODULE_ENV "PACT_STORE_MODULE"
#define PACT_STORE_MODULE_ENTRY "pact_store_module_v1"
#define PACT_STORE_MODULE_ABI_SYMBOL "pact_store_module_abi"
#define PACT_STORE_MODULE_VERSION 1

/* src/storemod/tls.c: load the CA certificates whose parse libgit2's
 * start-up was kept from doing, before a command that may reach an https
 * remote. 0, or -1 with *failed_path the bundle that could not be loaded
 * (the caller frees it, and warns). */
int pact_storemod_tls_load(char **failed_path);

/* What the module gives: each the libpact function of the same name. */
typedef struct pact_store_module {
	unsigned version; /* PACT_STORE_MODULE_VERSION */
	size_t size;      /* sizeof(pact_store_module) */
#define FN(ret, fail, name, params, args) ret(*name) params;
#define VFN(name, params, args) void(*name) params;
#define DO VFN
#include "api.def"
#undef FN
#undef VFN
#undef DO
} pact_store_module;

/* The module's entry point, PACT_STORE_MODULE_ENTRY: its table, borrowed
 * for the life of the process. */
typedef const pact_store_module *(*pact_store_module_entry)(void);

#endif
