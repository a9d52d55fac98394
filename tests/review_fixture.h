/*
 * review_fixture.h - what the review and hooks suites share: a store with
 * a 2024 pact of two members (one naming its approvers) on main, and
 * small wrappers that run pact or git and keep the output for messages.
 *
 * Ownership: every char * returned is the caller's to free().
 */
#ifndef PACT_TEST_REVIEW_FIXTURE_H
#define PACT_TEST_REVIEW_FIXTURE_H

#include "helpers.h"

/* --author options of the two members' approvers in fx_pact. */
#define YTE "--author 'Trần Y <yte@bloc.vn>'"
#define BHXH "--author 'Lê Bảo <bao@bhxh.vn>'"

/* A valid pact for `year`: members so-y-te (approvers yte@bloc.vn) and
 * bhxh-tinh (no approvers); clauses quan-triet and khen-thuong; `extra`
 * is appended to khen-thuong's commitment, to make edits. */
char *fx_pact(int year, const char *extra);

/* A fresh environment (HOME, identity, PATH with the pact under test) and
 * a store DIR/store with pacts/2024.yaml committed on main. *dir is the
 * temp dir to rm_rf; returns DIR/store. */
char *fx_store(char **dir);

/* SSH keys DIR/yte, DIR/bao and DIR/eve (ssh-keygen, as git uses for
 * gpg.format=ssh), and main of `store` with .pact/allowed_signers trusting
 * yte for yte@bloc.vn and bao for bao@bhxh.vn (eve is trusted by no one). */
void fx_signing_store(const char *dir, const char *store);

/* `store` (in DIR) with review 2025 opened and approved for so-y-te and
 * pushed to DIR/hub.git; DIR/other: a git clone of the hub that has pulled
 * it. Returns DIR/other. */
char *fx_shared_review(const char *dir, const char *store);

/* Run a shell line in cwd; returns the status, output kept in *r (free it
 * with run_result_free) when r is not NULL. */
int fx_sh(run_result *r, const char *cwd, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

#endif
