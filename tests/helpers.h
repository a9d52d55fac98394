/*
 * helpers.h - what the Criterion suites share: running the pact CLI (or git)
 * as a process and capturing what a user would see, temp directories, files.
 *
 * Ownership: every char * returned is the caller's to free().
 */
#ifndef PACT_TEST_HELPERS_H
#define PACT_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>

typedef struct run_result {
	int status; /* exit status, or 128+signal */
	char *out;  /* everything written to stdout, NUL-terminated */
	char *err;  /* everything written to stderr */
} run_result;

/* Run argv[0] (searched in PATH) with argv in directory `cwd` (NULL: the
 * current one), stdin from `input` (NULL: /dev/null). Waits at most 60 s. */
run_result run_argv(const char *cwd, const char *input, char *const argv[]);

/* Run the pact binary under test: run_pact(cwd, "validate", "x.yaml", NULL). */
run_result run_pact(const char *cwd, ...);

/* Run a shell command line with sh -c in `cwd`. */
run_result run_sh(const char *cwd, const char *cmdline);
/* The same, killed after `seconds` instead of 60 (a whole build). */
run_result run_sh_limit(const char *cwd, const char *cmdline, int seconds);
/* run_sh of a command line formatted from fmt and ap (the shell helpers of
 * the fixtures, sh() and fx_sh(), are built on it). */
run_result run_vsh(const char *cwd, const char *fmt, va_list ap)
        __attribute__((format(printf, 2, 0)));

void run_result_free(run_result *r);

/* A fresh temporary directory (mkdtemp under $TMPDIR or /tmp) whose HOME-like
 * git config is isolated; remove it with rm_rf(). */
char *make_tempdir(void);
void rm_rf(const char *path);

/* Read a whole file (NULL if it cannot be read); write one (0 on success). */
char *read_file(const char *path, size_t *len);
int write_file(const char *path, const char *data, size_t len);

/* A path under the source tree: src_path("pacts/2024.yaml"). */
char *src_path(const char *rel);

/* printf into a new string (vstrf: with a va_list). */
char *strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *vstrf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
