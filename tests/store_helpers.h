/*
 * store_helpers.h - what the store and history suites share: small valid
 * pacts generated on the fly, and a store in a fresh temporary directory.
 *
 * Ownership: every char * returned is the caller's to free().
 */
#ifndef PACT_TEST_STORE_HELPERS_H
#define PACT_TEST_STORE_HELPERS_H

#include <stddef.h>
#include <sys/types.h>

/* A valid pact/1 document for `year` whose clauses are given by `spec`:
 * space-separated clause ids, each optionally followed by ":TAG" to vary
 * its text ("a b:v2 c" gives clauses a, b, c numbered 1..3, b's text
 * carrying "v2"). */
char *gen_pact(int year, const char *spec);

/* Write gen_pact(year, spec) to DIR/NAME and return the path. */
char *gen_pact_file(const char *dir, const char *name, int year, const char *spec);

/* Per-test isolation: a temp dir that is also HOME, no system git config,
 * a fixed identity for git and pact. Returns the directory (rm_rf it). */
char *store_test_env(void);

/* Run a shell line in `cwd` and return its exit status; stdout (trimmed of
 * the final newline) into *out when out is not NULL. */
int sh(const char *cwd, char **out, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The fixture of the suites that run pact on stores of their own: before
 * each test store_tmp is a fresh store_test_env() (with umask 022, so the
 * modes git sees are the usual ones), removed after it. A suite declares
 *     TestSuite(NAME, .init = store_fixture_setup, .fini = store_fixture_teardown);
 * and makes its stores and files under store_tmp. */
extern char *store_tmp;
void store_fixture_setup(void);
void store_fixture_teardown(void);

/* The number of commits HEAD reaches in the repository at `dir` (git
 * rev-list --count HEAD), -1 when git cannot say. */
int store_count_commits(const char *dir);

/* `pact init NAME` run in `dir` (the test fails if it does); returns
 * DIR/NAME. */
char *store_init(const char *dir, const char *name);

/* The stdout of a shell line run in `cwd` (sh(), trimmed), whatever its
 * status; NULL when it wrote nothing. */
char *sh_out(const char *cwd, const char *cmd);

/* Start `pact CMD [ARG]` in `store` with its output discarded; the caller
 * waits for the child it returns. */
pid_t pact_spawn_quiet(const char *store, const char *cmd, const char *arg);

/* Run `pact CMD [ARG]` in `store` (output discarded) and SIGKILL it after
 * `us` microseconds (us < 0: let it finish). Returns how long it ran, in
 * microseconds (to pick kill moments from, never to assert on). */
long pact_and_kill(const char *store, long us, const char *cmd, const char *arg);

#endif
