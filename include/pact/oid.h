/*
 * oid.h - object ids and signatures as libpact's API carries them, so that
 * a program using libpact needs nothing of libgit2's: its structs and
 * functions take these, and the store converts at its boundary.
 *
 * An id keeps its raw bytes and which hash made them (libgit2 1.7's
 * git_oid has the same shape): today's stores are SHA-1, and the room for
 * SHA-256 keeps such repositories possible without changing the API.
 * A zero-filled pact_oid is the SHA-1 id of all zeros (git's "no object").
 *
 * Ownership: a pact_signature returned through **out belongs to the caller
 * and is freed with pact_signature_free() (NULL-safe), which frees its
 * strings too. A pact_signature the caller fills in itself (on the stack,
 * with its own strings) is never freed by libpact: functions taking a
 * `const pact_signature *` only read it for the duration of the call.
 */
#ifndef PACT_OID_H
#define PACT_OID_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Which hash made an id. */
typedef enum { PACT_OID_SHA1 = 0, PACT_OID_SHA256 = 1 } pact_oid_type;

#define PACT_OID_SHA1_SIZE 20   /* raw bytes of a SHA-1 id */
#define PACT_OID_SHA256_SIZE 32 /* raw bytes of a SHA-256 id */
#define PACT_OID_MAX_SIZE 32    /* room for the longest */
/* Hexadecimal digits of the longest id: char buf[PACT_OID_HEXSZ + 1] holds
 * any id as text, as the structs of this API do (a SHA-1 id fills 40). */
#define PACT_OID_HEXSZ 64

typedef struct pact_oid {
	unsigned char type;                  /* a pact_oid_type */
	unsigned char id[PACT_OID_MAX_SIZE]; /* the first pact_oid_size() bytes;
	                                        the rest zero */
} pact_oid;

/* Raw bytes of an id of this type: 20 or 32. */
size_t pact_oid_size(const pact_oid *id);

/* Write the id in lower-case hexadecimal into out[0..n): as many digits as
 * fit in n - 1 (all 40 or 64 when n > that; 8 gives git's 7-digit short
 * form), then a NUL. Returns out; n == 0 writes nothing. */
char *pact_oid_fmt(char *out, size_t n, const pact_oid *id);

/* Parse exactly 40 (SHA-1) or 64 (SHA-256) hexadecimal digits, either
 * case, with nothing after them. PACT_EINVALID ("invalid object id 'X'")
 * otherwise, and *out is then all zeros. */
int pact_oid_parse(pact_oid *out, const char *hex);

/* Nonzero when every byte of the id is zero (git's "no object", as a
 * pre-receive hook reads a created or deleted ref). */
int pact_oid_is_zero(const pact_oid *id);

/* Nonzero when a and b are the same id (same type, same bytes). */
int pact_oid_equal(const pact_oid *a, const pact_oid *b);

/* Who made a commit or a review record, and when. */
typedef struct pact_signature {
	char *name;
	char *email;
	int64_t time; /* seconds since the epoch */
	int offset;   /* the timezone, minutes east of UTC */
} pact_signature;

/* Longest name or e-mail a signature takes, in bytes: git sets none, but
 * no person's name or address comes near it, and a commit's author line
 * should not carry a document. */
#define PACT_SIGNATURE_MAX_FIELD 1024

/* A signature with copies of name and email at `time` and `offset`. *out
 * is the caller's to free with pact_signature_free(). PACT_EUSAGE for a
 * NULL or empty name or e-mail, or one holding '<', '>' or a newline
 * (git could not write it), one over PACT_SIGNATURE_MAX_FIELD bytes, a
 * time outside 0..4294967295 (libgit2 1.5 writes it as 32 unsigned bits)
 * or an offset beyond -5999..5999 minutes (git's -9959..+9959);
 * PACT_EINVALID for any other control or invisible character (as
 * pact_sanitize_require_visible). The store checks a signature the caller
 * filled in itself by the same rules before it writes anything. */
int pact_signature_new(pact_signature **out, const char *name, const char *email, int64_t time,
                       int offset);

/* The same at the current time in the local timezone. */
int pact_signature_now(pact_signature **out, const char *name, const char *email);

/* Free a signature from pact_signature_new/_now or the store; NULL is fine. */
void pact_signature_free(pact_signature *sig);

#ifdef __cplusplus
}
#endif
#endif
