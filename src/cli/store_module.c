/*
 * store_module.c - the executable's side of the repository module,
 * pact-store.so (why and what: src/storemod/storemod.h): each function of
 * src/storemod/api.def defined as a call through the module's table, the
 * module loaded by the first of them (modload.c finds and checks it).
 *
 * A command that needs no repository calls none of them, so libgit2 is
 * never loaded. When the module cannot be loaded, the function returns
 * PACT_EIO (NULL for a pointer) with the error "cannot load the
 * repository module PATH: reason", which the command prints as any other
 * failure (exit 3), before it has touched a repository.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "../modload.h"
#include "../storemod/storemod.h"
#include "cli.h"
#include "pact/error.h"
#include "pact/i18n.h"
#include "store-preload.h" /* made by src/storemod/preload.sh */

#ifndef PACT_STORE_MODULE_ABI
#define PACT_STORE_MODULE_ABI "unknown"
#endif

/* The Debian package of the module's library (bookworm's name). */
#define STORE_PACKAGES "libgit2-1.5"

static const pact_store_module *module;
static int tried;
static char refused_path[PATH_MAX]; /* the module refused, when module is NULL */
static char why[PATH_MAX + 1024];   /* and why, in the language of the time */

/* The loader's verdict in this module's words. */
static void word(const pact_modload *m)
{
	const char *d = m->detail;

	snprintf(refused_path, sizeof(refused_path), "%s", m->path);
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
		snprintf(why, sizeof(why), _("it is not an absolute path (%s)"), d);
		break;
	case PACT_MODLOAD_ENV_MISSING:
		snprintf(why, sizeof(why), _("it does not exist (%s)"), d);
		break;
	case PACT_MODLOAD_OPEN:
		snprintf(why, sizeof(why), "%s", d);
		break;
	case PACT_MODLOAD_UNSAFE:
		snprintf(why, sizeof(why), _("users other than you and root can change %s"), d);
		break;
	case PACT_MODLOAD_NOT_FILE:
		snprintf(why, sizeof(why), _("it is not a regular file"));
		break;
	case PACT_MODLOAD_DAMAGED:
		snprintf(why, sizeof(why), _("it is cut short or damaged; install pact again"));
		break;
	case PACT_MODLOAD_DLOPEN:
		snprintf(why, sizeof(why),
		         _("%s; install pact again, or the libraries it needs (Debian: apt-get "
		           "install %s)"),
		         d, STORE_PACKAGES);
		break;
	case PACT_MODLOAD_FOREIGN:
		snprintf(why, sizeof(why),
		         _("it is not the module this pact was built with; install pact again"));
		break;
	}
}

/* The libraries the module brings, leaf first (PACT_STORE_PRELOAD), loaded
 * one by one, each after its own dependencies: each binds its symbols
 * through the program's libraries and its own only, not through the whole
 * group of the module (src/storemod/preload.sh says why and which). The
 * module, loaded next, finds them loaded. A library missing (the system
 * changed since the build) is skipped: the module loads it, or says why
 * not, as before. Their handles go to `h` (n of them) for release(). */
static size_t preload(void **h, size_t n)
{
	static const char *const libs[] = {PACT_STORE_PRELOAD NULL};
	size_t k = 0;

	for (size_t i = 0; libs[i] && k < n; i++)
		if ((h[k] = dlopen(libs[i], RTLD_LAZY | RTLD_LOCAL)) != NULL)
			k++;
	dlerror(); /* a library skipped is no error of the module's */
	return k;
}

/* Drop preload()'s handles: what the module uses stays loaded with it;
 * without the module, they are unloaded. */
static void release(void **h, size_t n)
{
	while (n > 0)
		dlclose(h[--n]);
}

/* The module's table, or NULL after recording why it cannot be loaded. */
static const pact_store_module *need(void)
{
	static const pact_modload_spec spec = {PACT_STORE_MODULE_FILE,       PACT_STORE_MODULE_ENV,
	                                       PACT_STORE_MODULE_ABI_SYMBOL, PACT_STORE_MODULE_ABI,
	                                       PACT_STORE_MODULE_ENTRY,      1};
	pact_modload m;
	pact_store_module_entry entry;
	void *pre[32];
	size_t npre;

	if (!tried) {
		tried = 1;
		npre = preload(pre, sizeof(pre) / sizeof(*pre));
		if (pact_modload__load(&m, &spec) == 0) {
			*(void **)&entry = m.entry;
			module = entry();
			if (!module || module->version != PACT_STORE_MODULE_VERSION ||
			    module->size != sizeof(*module)) {
				module = NULL;
				dlclose(m.handle);
				m.why = PACT_MODLOAD_FOREIGN;
			}
		}
		release(pre, npre);
		word(&m);
	}
	if (!module)
		pact_error_set(PACT_EIO, "cannot load the repository module %s: %s", refused_path,
		               why);
	return module;
}

#define FN(ret, fail, name, params, args)                                                          \
	ret name params                                                                            \
	{                                                                                          \
		const pact_store_module *t = need();                                               \
		return t ? t->name args : fail;                                                    \
	}
#define VFN(name, params, args)                                                                    \
	void name params                                                                           \
	{                                                                                          \
		if (module)                                                                        \
			module->name args;                                                         \
	}
#define DO(name, params, args)                                                                     \
	void name params                                                                           \
	{                                                                                          \
		const pact_store_module *t = need();                                               \
		if (t)                                                                             \
			t->name args;                                                              \
	}
#include "../storemod/api.def"
#undef FN
#undef VFN
#undef DO

void cli_tls_load(void)
{
	char *failed = NULL;

	if (pact_storemod_tls_load(&failed) < 0 && failed)
		cli_warning("cannot load the CA certificates in '%s': https remotes will "
		            "not be trusted",
		            failed);
	free(failed);
}
