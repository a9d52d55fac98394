/*
 * mbedtls.c - mbedTLS, loaded when libgit2 first calls it (lazy.h): every
 * mbedTLS function libgit2 1.5 calls, one trampoline a line, as mbedTLS's
 * headers declare them. Linked at start-up, its three libraries (TLS,
 * X.509, crypto: all bound at load) were 0.9 M of the 1.3 M instructions
 * of `pact --version`, and a diff or validation of files never needs
 * them. libgit2 itself calls it in git_libgit2_init, so a store command
 * loads it as before.
 *
 * One library is opened, libmbedtls; dlsym finds the X.509 and crypto
 * functions in its dependencies. Its soname comes from the build
 * (Makefile: PACT_MBEDTLS_SONAME): mbedTLS changes it with its ABI, and
 * the prototypes below are those of the headers pact was built with.
 * Without it, a function returns MBEDTLS_ERR_ERROR_GENERIC_ERROR (or does
 * nothing): libgit2 fails to start TLS, and a store command says why.
 */
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/sha256.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <stddef.h>

#define PACT_I18N_SHORT_NAMES
#include "lazy.h"
#include "pact/i18n.h"

/* from the library pact is built against (Makefile: lazy_lib) */
#ifndef PACT_MBEDTLS_SONAME
#define PACT_MBEDTLS_SONAME "libmbedtls.so.14"
#define PACT_MBEDTLS_PACKAGE "libmbedtls14"
#endif

static pact_lazy_lib tls = PACT_LAZY_LIB(PACT_MBEDTLS_SONAME, PACT_MBEDTLS_PACKAGE,
                                         N_("libgit2's TLS (https remotes)"), NULL);

#define FAIL MBEDTLS_ERR_ERROR_GENERIC_ERROR
#define TLS(ret, fail, name, params, args) PACT_LAZY(tls, ret, fail, name, params, args)
#define TLS_VOID(name, params, args) PACT_LAZY_VOID(tls, name, params, args)

/* random numbers (crypto) */
TLS_VOID(mbedtls_entropy_init, (mbedtls_entropy_context * ctx), (ctx))
TLS_VOID(mbedtls_entropy_free, (mbedtls_entropy_context * ctx), (ctx))
TLS(int, FAIL, mbedtls_entropy_func, (void *data, unsigned char *output, size_t len),
    (data, output, len))
TLS_VOID(mbedtls_ctr_drbg_init, (mbedtls_ctr_drbg_context * ctx), (ctx))
TLS_VOID(mbedtls_ctr_drbg_free, (mbedtls_ctr_drbg_context * ctx), (ctx))
TLS(int, FAIL, mbedtls_ctr_drbg_seed,
    (mbedtls_ctr_drbg_context * ctx, int (*f_entropy)(void *, unsigned char *, size_t),
     void *p_entropy, const unsigned char *custom, size_t len),
    (ctx, f_entropy, p_entropy, custom, len))
TLS(int, FAIL, mbedtls_ctr_drbg_random, (void *p_rng, unsigned char *output, size_t output_len),
    (p_rng, output, output_len))

/* SHA-256 (crypto) */
TLS_VOID(mbedtls_sha256_init, (mbedtls_sha256_context * ctx), (ctx))
TLS_VOID(mbedtls_sha256_free, (mbedtls_sha256_context * ctx), (ctx))
TLS_VOID(mbedtls_sha256_starts, (mbedtls_sha256_context * ctx, int is224), (ctx, is224))
TLS_VOID(mbedtls_sha256_update,
         (mbedtls_sha256_context * ctx, const unsigned char *input, size_t ilen),
         (ctx, input, ilen))
TLS_VOID(mbedtls_sha256_finish, (mbedtls_sha256_context * ctx, unsigned char output[32]),
         (ctx, output))

/* error texts (crypto) */
TLS_VOID(mbedtls_strerror, (int errnum, char *buffer, size_t buflen), (errnum, buffer, buflen))

/* certificates (X.509) */
TLS_VOID(mbedtls_x509_crt_init, (mbedtls_x509_crt * crt), (crt))
TLS_VOID(mbedtls_x509_crt_free, (mbedtls_x509_crt * crt), (crt))
TLS(int, FAIL, mbedtls_x509_crt_parse_file, (mbedtls_x509_crt * chain, const char *path),
    (chain, path))
TLS(int, FAIL, mbedtls_x509_crt_parse_path, (mbedtls_x509_crt * chain, const char *path),
    (chain, path))
TLS(int, -1, mbedtls_x509_crt_verify_info,
    (char *buf, size_t size, const char *prefix, uint32_t flags), (buf, size, prefix, flags))

/* the configuration (TLS) */
TLS_VOID(mbedtls_ssl_config_init, (mbedtls_ssl_config * conf), (conf))
TLS_VOID(mbedtls_ssl_config_free, (mbedtls_ssl_config * conf), (conf))
TLS(int, FAIL, mbedtls_ssl_config_defaults,
    (mbedtls_ssl_config * conf, int endpoint, int transport, int preset),
    (conf, endpoint, transport, preset))
TLS_VOID(mbedtls_ssl_conf_authmode, (mbedtls_ssl_config * conf, int authmode), (conf, authmode))
TLS_VOID(mbedtls_ssl_conf_ca_chain,
         (mbedtls_ssl_config * conf, mbedtls_x509_crt *ca_chain, mbedtls_x509_crl *ca_crl),
         (conf, ca_chain, ca_crl))
TLS_VOID(mbedtls_ssl_conf_ciphersuites, (mbedtls_ssl_config * conf, const int *ciphersuites),
         (conf, ciphersuites))
TLS_VOID(mbedtls_ssl_conf_min_version, (mbedtls_ssl_config * conf, int major, int minor),
         (conf, major, minor))
TLS_VOID(mbedtls_ssl_conf_rng,
         (mbedtls_ssl_config * conf, int (*f_rng)(void *, unsigned char *, size_t), void *p_rng),
         (conf, f_rng, p_rng))
TLS(int, 0, mbedtls_ssl_get_ciphersuite_id, (const char *ciphersuite_name), (ciphersuite_name))

/* a connection (TLS) */
TLS_VOID(mbedtls_ssl_init, (mbedtls_ssl_context * ssl), (ssl))
TLS_VOID(mbedtls_ssl_free, (mbedtls_ssl_context * ssl), (ssl))
TLS(int, FAIL, mbedtls_ssl_setup, (mbedtls_ssl_context * ssl, const mbedtls_ssl_config *conf),
    (ssl, conf))
TLS(int, FAIL, mbedtls_ssl_set_hostname, (mbedtls_ssl_context * ssl, const char *hostname),
    (ssl, hostname))
TLS_VOID(mbedtls_ssl_set_bio,
         (mbedtls_ssl_context * ssl, void *p_bio, mbedtls_ssl_send_t *f_send,
          mbedtls_ssl_recv_t *f_recv, mbedtls_ssl_recv_timeout_t *f_recv_timeout),
         (ssl, p_bio, f_send, f_recv, f_recv_timeout))
TLS(int, FAIL, mbedtls_ssl_handshake, (mbedtls_ssl_context * ssl), (ssl))
TLS(uint32_t, (uint32_t)-1, mbedtls_ssl_get_verify_result, (const mbedtls_ssl_context *ssl), (ssl))
TLS(const mbedtls_x509_crt *, NULL, mbedtls_ssl_get_peer_cert, (const mbedtls_ssl_context *ssl),
    (ssl))
TLS(int, FAIL, mbedtls_ssl_read, (mbedtls_ssl_context * ssl, unsigned char *buf, size_t len),
    (ssl, buf, len))
TLS(int, FAIL, mbedtls_ssl_write, (mbedtls_ssl_context * ssl, const unsigned char *buf, size_t len),
    (ssl, buf, len))
TLS(int, FAIL, mbedtls_ssl_close_notify, (mbedtls_ssl_context * ssl), (ssl))
