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

static int deferring = 1;
static char *deferred_path;

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
	if (path && git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, path, NULL) < 0) {
		*failed_path = path;
		return -1;
	}
	free(path);
	return 0;
}
