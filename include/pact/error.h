/*
 * error.h - error codes and the last error of the calling thread.
 *
 * Every libpact function returns 0 on success or one of the negative codes
 * below. The message that goes with the failure (already formatted like git's:
 * lower case, subject quoted, no final full stop, with "file:line:col: " in
 * front when there is a position) is kept per thread and read back with
 * pact_error_last(). The library never prints and never exits.
 */
#ifndef PACT_ERROR_H
#define PACT_ERROR_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	PACT_OK = 0,
	PACT_ERROR = -1,      /* generic failure */
	PACT_ENOMEM = -2,     /* out of memory */
	PACT_EIO = -3,        /* a file could not be read or written */
	PACT_EINVALID = -4,   /* a document broke the pact/1 rules */
	PACT_ENOTFOUND = -5,  /* a year, revision, store or object is missing */
	PACT_EGIT = -6,       /* libgit2 reported a failure */
	PACT_EUSAGE = -7,     /* a caller passed arguments that make no sense */
	PACT_EEXISTS = -8,    /* the thing to create is already there */
	PACT_EUNCHANGED = -9, /* nothing to do: e.g. a commit with no change */
	PACT_ECONFLICT = -10, /* concurrent update, non-fast-forward, lock held */
	PACT_EREFUSED = -11,  /* a rule forbids it: e.g. merge without approvals */
	PACT_ELIMIT = -12     /* input exceeds a documented limit */
} pact_error_code;

typedef struct pact_error {
	int code;            /* one of pact_error_code */
	const char *message; /* never NULL; "" when nothing was recorded */
} pact_error;

/* The last error recorded on this thread. The pointer stays valid until the
 * next libpact call on the same thread; the caller does not free it. */
const pact_error *pact_error_last(void);

/* Record an error (printf-style message) and return `code`, so that library
 * code can write `return pact_error_set(PACT_EIO, "cannot read '%s'", p);`.
 * fmt is an English msgid, recorded in the process's language. Every %s and
 * %c argument is taken as outside text and shown safe: C0 and C1 controls
 * (TAB and LF too), DEL, bidi and other format characters and bytes that are
 * not UTF-8 are written as escapes (pact/sanitize.h, MESSAGE mode: "\e[2J",
 * "\u202e", "\xff"; a backslash is left as it is), so the message never
 * holds a byte below 0x20, 0x7F, a C1 or a bidi control. It is at most 1023
 * bytes: an argument too long for its share keeps its start and end around
 * a U+2026 "…", so the text after it (the advice) is kept. */
int pact_error_set(int code, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/* Same, with a va_list. */
int pact_error_setv(int code, const char *fmt, va_list ap)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 0)))
#endif
        ;

/* Forget the last error. */
void pact_error_clear(void);

/* Record libgit2's last error (it may be NULL on libgit2 1.5) prefixed with
 * `what`, and return PACT_EGIT (or PACT_ENOTFOUND for GIT_ENOTFOUND). */
int pact_error_from_git(int git_code, const char *what);

#ifdef __cplusplus
}
#endif
#endif
