/*
 * lazy.c - loading a library on the first call of one of its functions:
 * see lazy.h.
 */
#include "lazy.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "../store_internal.h"
#include "pact/i18n.h"

/* Record for the error libgit2 is about to report why `lib` (or one of its
 * functions) cannot be had: dlerror()'s words. */
static void failed(const pact_lazy_lib *lib, const char *why)
{
	pact_lang lang = pact_i18n_lang();
	char msg[1024];

	snprintf(msg, sizeof(msg),
	         pact__(lang, "%s need the library %s, which cannot be loaded (%s); install it "
	                      "(Debian: apt-get install %s)"),
	         pact__(lang, lib->needs), lib->soname, why ? why : "?", lib->package);
	pact_store__lib_failed(msg);
}

int pact_lazy__loaded(const pact_lazy_lib *lib)
{
	return lib->handle != NULL;
}

void *pact_lazy__sym(pact_lazy_lib *lib, const char *name)
{
	void *sym = NULL;

	if (!lib->handle && !lib->failed) {
		/* its own scope: it binds its symbols through the program's
		 * libraries and its own dependencies only */
		lib->handle = dlopen(lib->soname, RTLD_LAZY | RTLD_LOCAL);
		if (!lib->handle) {
			const char *e = dlerror();
			lib->failed = 1;
			snprintf(lib->why, sizeof(lib->why), "%s", e ? e : "?");
		} else if (lib->loaded) {
			lib->loaded();
		}
	}
	if (!lib->handle) {
		failed(lib, lib->why);
		goto done;
	}
	dlerror();
	sym = dlsym(lib->handle, name);
	if (!sym)
		failed(lib, dlerror());
done:
	return sym;
}
