/*
 * review_sign.h - SSH signatures the way git makes them: ssh-keygen -Y
 * sign / verify / find-principals, run as a program with an argument
 * vector (never through a shell), data and signatures passed in private
 * temporary files. This is the one place pact runs another program.
 *
 * Not installed; not part of the public API. Every char * returned through
 * an out parameter is the caller's to free().
 */
#ifndef PACT_REVIEW_SIGN_H
#define PACT_REVIEW_SIGN_H

#include <stddef.h>

/* Sign `data` in namespace `ns` with `key`: a key file (private, or public
 * with its private key in ssh-agent; "~/" is expanded) or a literal public
 * key "key::ssh-ed25519 AAAA..." (agent), as git's user.signingKey. *armor
 * gets the "-----BEGIN SSH SIGNATURE-----" block. PACT_EREFUSED (message
 * from ssh-keygen) when it cannot sign; PACT_EIO when ssh-keygen cannot
 * be run. */
int pact_review__ssh_sign(char **armor, const char *key, const char *ns, const char *data,
                          size_t len);

/* Check `armor` over `data` for `principal` in namespace `ns` against the
 * allowed-signers text `allowed`. 1 valid; 0 not, *why (may be NULL) says
 * why in ssh-keygen's words; <0 when ssh-keygen cannot be run. */
int pact_review__ssh_verify(char **why, const char *allowed, size_t alen, const char *principal,
                            const char *ns, const char *data, size_t len, const char *armor,
                            size_t armor_len);

/* The first principal of `allowed` whose key made `armor`: 1 found (and
 * *principal set), 0 none, <0 failure. */
int pact_review__ssh_find_principal(char **principal, const char *allowed, size_t alen,
                                    const char *armor, size_t armor_len);

#endif
