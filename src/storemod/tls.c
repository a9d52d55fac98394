/*
 * tls.c - keep libgit2 from parsing the system CA bundle at start-up.
 *
 * libgit2 1.5 built with mbedTLS (Debian's build) loads every certificate
 * of its compiled-in GIT_DEFAULT_CERT_LOCATION inside git_libgit2_init:
 * about 50 M instructions, more than half of a `pact diff` of two years or
 * of a `pact commit`, for certificates that only an https remote needs.
 * libgit2 1.5 has no option to skip it (options can only be set after the
 * init that already parsed them), so the repository module (storemod.h)
 * defines mbedTLS's mbedtls_x509_crt_parse_file itself, exported: the
 * module is the first object of the group dlopen loads with libgit2, so
 * the dynamic linker binds libgit2's call to this definition first. While
 * deferring (from start-up until pact_storemod_tls_load) it only remembers
 * the path and reports success, leaving libgit2's CA chain empty.
 * pact_storemod_tls_load, called by the CLI before any command that may
 * talk to a network remote (cli_tls_load), asks libgit2 to load the
 * remembered path (GIT_OPT_SET_SSL_CERT_LOCATIONS); that call comes back
 * here and goes on to mbedTLS's own function (dlsym RTLD_NEXT), so https
 * remotes are verified exactly as before.
 *
 * libssh2_init is put off the same way: libgit2 calls it in
 * git_libgit2_init, and libssh2 (built with OpenSSL) initialises OpenSSL
 * there, loading its error strings and engines (about 1 M instructions and
 * 40 page faults, a tenth of a local commit's own work) for the ssh
 * remotes only. While deferring, the module's libssh2_init only counts
 * the call; pact_storemod_tls_load initialises libssh2 for real (dlsym
 * RTLD_NEXT) before a command that may reach a remote. libssh2_exit
 * without an initialisation does nothing.
 *
 * A libgit2 built with OpenSSL, or without TLS, never calls this function
 * and nothing changes. The library (libpact.a) is not involved: only the
 * module the pact executable loads carries this definition.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "storemod.h"

/* mbedTLS's prototype, without its headers: the chain is opaque here. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
        __attribute__((visibility("default")));

/* libssh2's prototype, without its headers. */
int libssh2_init(int flags) __attribute__((visibility("default")));

static int deferring = 1;
static char *deferred_path;
static int ssh_deferred; /* libssh2_init called (by libgit2) while deferring */

/* libssh2's own function, or NULL. */
static int (*real_libssh2_init(void))(int)
{
	int (*real)(int);
	*(void **)&real = dlsym(RTLD_NEXT, "libssh2_init");
	return real;
}

int libssh2_init(int flags)
{
	int (*real)(int);

	if (deferring) {
		ssh_deferred = 1;
		return 0;
	}
	real = real_libssh2_init();
	return real ? real(flags) : -1;
}

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	int (*real)(void *, const char *);

	if (deferring && path) {
		free(deferred_path);
		deferred_path = strdup(path);
		return deferred_path ? 0 : -1;
	}
	*(void **)&real = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
	return real ? real(chain, path) : -1;
}

int pact_storemod_tls_load(char **failed_path)
{
	char *path = deferred_path;

	*failed_path = NULL;
	deferring = 0;
	deferred_path = NULL;
	if (ssh_deferred) {
		int (*real)(int) = real_libssh2_init();
		ssh_deferred = 0;
		if (real)
			real(0);
	}
	if (path && git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, path, NULL) < 0) {
		*failed_path = path;
		return -1;
	}
	free(path);
	return 0;
}
