/*
 * lazy.h - a shared library that the pact executable loads on the first
 * call of one of its functions (internal, executable only).
 *
 * pact links libgit2 statically (Debian's libgit2.a, Makefile: "the pact
 * executable"), and libgit2 calls two libraries that only some remotes
 * need: libssh2 (ssh:// remotes) and MIT Kerberos's GSSAPI (a server that
 * asks for a Negotiate login). Loaded at start-up, they and what they
 * bring (OpenSSL's libcrypto, krb5, k5crypto, com_err, keyutils, resolv)
 * cost every pact process about 2 ms of CPU. Instead, ssh2.c and gssapi.c
 * define each function libgit2 calls as a trampoline, one line each,
 * checked by the compiler against the library's own header: the first
 * call loads the library (dlopen of its soname, so its security updates
 * keep applying) and the function (dlsym), later calls go straight to it.
 *
 * A library that cannot be loaded fails only the remote that needs it:
 * the function returns its library's error value, libgit2 reports a
 * failed connection, and pact says which library is missing and which
 * Debian package has it (pact_store__lib_failed, store_internal.h).
 *
 * Only the process's one thread that talks to remotes calls these (pact
 * has no other): the state below is not locked.
 */
#ifndef PACT_GITLINK_LAZY_H
#define PACT_GITLINK_LAZY_H

typedef struct pact_lazy_lib {
	const char *soname;   /* "libssh2.so.1" */
	const char *package;  /* the Debian package that has it: "libssh2-1" */
	const char *needs;    /* an msgid: what cannot work without it, "ssh remotes" */
	void (*loaded)(void); /* called once, right after it is loaded; or NULL */
	void *handle;         /* dlopen's, once loaded */
	int failed;           /* dlopen failed: not tried again */
	char why[512];        /* dlerror() of that failure */
} pact_lazy_lib;

#define PACT_LAZY_LIB(soname, package, needs, loaded)                                              \
	{                                                                                          \
		soname, package, needs, loaded, 0, 0, ""                                           \
	}

/* The address of `name` in `lib`, loading it first if needed; NULL (and
 * the reason recorded for the error libgit2 is about to report) when the
 * library or the function cannot be had. */
void *pact_lazy__sym(pact_lazy_lib *lib, const char *name);

/* 1 when `lib` is loaded. */
int pact_lazy__loaded(const pact_lazy_lib *lib);

/* The trampoline of the library function `name`: (ret) name (params), the
 * parameters as the library's header declares them (a mismatch does not
 * compile), calling it with (args), or returning `fail` when it cannot be
 * had. LAZY_VOID: the same for a function returning nothing (then a call
 * without the library does nothing). The function's address is looked up
 * once. */
#define PACT_LAZY(lib, ret, fail, name, params, args)                                              \
	ret name params                                                                            \
	{                                                                                          \
		static ret(*real) params;                                                          \
		if (!real)                                                                         \
			*(void **)&real = pact_lazy__sym(&lib, #name);                             \
		return real ? real args : fail;                                                    \
	}
#define PACT_LAZY_VOID(lib, name, params, args)                                                    \
	void name params                                                                           \
	{                                                                                          \
		static void(*real) params;                                                         \
		if (!real)                                                                         \
			*(void **)&real = pact_lazy__sym(&lib, #name);                             \
		if (real)                                                                          \
			real args;                                                                 \
	}

#endif
