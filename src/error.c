/*
 * error.c - the per-thread last error.
 *
 * One fixed buffer per thread: recording an error never allocates, so an
 * out-of-memory failure can still be reported. A new message is formatted
 * aside and then copied in, so it may quote the previous one.
 */
#include "pact/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pact/i18n.h"

#define MESSAGE_MAX 1024

static _Thread_local char message[MESSAGE_MAX];
static _Thread_local pact_error last = {0, ""};

const pact_error *pact_error_last(void)
{
	return &last;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
int pact_error_setv(int code, const char *fmt, va_list ap)
{
	/* Format into a second buffer first: a caller may pass the last
	 * message itself as an argument ("%s: more", pact_error_last()->message),
	 * and vsnprintf into the buffer it reads from is undefined. */
	static _Thread_local char next[MESSAGE_MAX];

	/* The message in the process's language: fmt is an English msgid
	 * (xgettext extracts pact_error_set's second argument). */
	vsnprintf(next, sizeof(next), pact__(pact_i18n_lang(), fmt), ap);
	memcpy(message, next, sizeof(message));
	last.code = code;
	last.message = message;
	return code;
}

int pact_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pact_error_setv(code, fmt, ap);
	va_end(ap);
	return code;
}

void pact_error_clear(void)
{
	message[0] = '\0';
	last.code = 0;
	last.message = message;
}
