/*
 * tls.c - libgit2's TLS (mbedTLS) started when a connection first needs
 * it, not in every process.
 *
 * libgit2 1.5 built with mbedTLS (Debian's build) starts TLS inside
 * git_libgit2_init (git_mbedtls_stream_global_init): it loads mbedTLS's
 * three libraries, seeds a random generator from the system's entropy
 * and parses every certificate of the system CA bundle (its compiled-in
 * GIT_DEFAULT_CERT_LOCATION, about 50 M instructions). A commit, a log or
 * a pull from a path never needs any of it: 2.6 M of a local commit's
 * 7.5 M instructions were that start. libgit2 has no option to skip it
 * (options can only be set after the init that already ran it).
 *
 * So the pact executable links libgit2.a with -Wl,--wrap= for the four
 * functions of libgit2's mbedTLS stream that the rest of libgit2 calls
 * (Makefile: GIT_WRAP; they are libgit2's internal names, and a libgit2
 * that renamed one fails to link, "undefined reference to __real_..."):
 * the start only notes that libgit2 wants TLS, and the first use (an
 * https connection, or setting the certificate locations) starts it,
 * exactly as git_libgit2_init would have, before going on. https remotes
 * are verified as before: the same start, the same CA bundle, later.
 *
 * Only the pact executable is linked so: programs linking libpact.a get
 * libgit2 as it is.
 */
#include <stddef.h>

/* libgit2's functions (src/libgit2/streams/mbedtls.h), and what the rest
 * of libgit2 calls instead (ld --wrap) */
typedef struct git_stream git_stream;
int __real_git_mbedtls_stream_global_init(void);
int __wrap_git_mbedtls_stream_global_init(void);
int __real_git_mbedtls_stream_new(git_stream **out, const char *host, const char *port);
int __wrap_git_mbedtls_stream_new(git_stream **out, const char *host, const char *port);
int __real_git_mbedtls_stream_wrap(git_stream **out, git_stream *in, const char *host);
int __wrap_git_mbedtls_stream_wrap(git_stream **out, git_stream *in, const char *host);
int __real_git_mbedtls__set_cert_location(const char *file, const char *path);
int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path);

static int wanted;  /* git_libgit2_init asked for TLS */
static int started; /* and it was started */

/* git_libgit2_init's call: noted, done by start() when first needed. Its
 * shutdown function is registered then, so git_libgit2_shutdown undoes
 * only a start that happened; a later git_libgit2_init asks again. */
int __wrap_git_mbedtls_stream_global_init(void)
{
	wanted = 1;
	started = 0;
	return 0;
}

/* Start TLS if libgit2 wanted it and it has not started: 0, or -1 with
 * libgit2's error set (mbedTLS missing: src/gitlink/mbedtls.c). */
static int start(void)
{
	if (!wanted || started)
		return 0;
	if (__real_git_mbedtls_stream_global_init() < 0)
		return -1;
	started = 1;
	return 0;
}

int __wrap_git_mbedtls_stream_new(git_stream **out, const char *host, const char *port)
{
	return start() < 0 ? -1 : __real_git_mbedtls_stream_new(out, host, port);
}

int __wrap_git_mbedtls_stream_wrap(git_stream **out, git_stream *in, const char *host)
{
	return start() < 0 ? -1 : __real_git_mbedtls_stream_wrap(out, in, host);
}

int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path)
{
	return start() < 0 ? -1 : __real_git_mbedtls__set_cert_location(file, path);
}
