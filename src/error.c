/*
 * error.c - the per-thread last error.
 *
 * One fixed buffer per thread: recording an error never allocates, so an
 * out-of-memory failure can still be reported. A new message is formatted
 * aside and then copied in, so it may quote the previous one. Every
 * argument a message quotes passes through the sanitiser on the way in
 * (error_format.c), so a library user printing pact_error_last() prints no
 * control, bidi override or invalid UTF-8 whatever a caller or a file
 * supplied.
 */
#include "pact/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "error_internal.h"
#include "pact/i18n.h"

#define MESSAGE_MAX PACT_ERROR__MESSAGE_MAX

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
	 * (xgettext extracts pact_error_set's second argument). Its %s and %c
	 * arguments are outside text, written safe and bounded
	 * (error_format.c). */
	pact_error__vformat(next, sizeof(next), pact__(pact_i18n_lang(), fmt), ap);
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

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void pact_error__append(const char *fmt, ...)
{
	static _Thread_local char next[MESSAGE_MAX];
	size_t n = strlen(message);
	va_list ap;

	memcpy(next, message, n);
	va_start(ap, fmt);
	pact_error__vformat(next + n, sizeof(next) - n, fmt, ap);
	va_end(ap);
	memcpy(message, next, sizeof(message));
	last.message = message;
}

int pact_error__is_last(const char *s)
{
	return s && message[0] && strcmp(s, message) == 0;
}

void pact_error_clear(void)
{
	message[0] = '\0';
	last.code = 0;
	last.message = message;
}
