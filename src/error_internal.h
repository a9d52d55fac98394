/*
 * error_internal.h - formatting a message with outside text in it
 * (internal, not installed; error_format.c, error.c).
 */
#ifndef PACT_ERROR_INTERNAL_H
#define PACT_ERROR_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

/* The size of every message buffer: pact_error_last()'s, a diagnostic's. */
#define PACT_ERROR__MESSAGE_MAX 1024

/* printf-style fmt with args into buf (size bytes, NUL-terminated), every
 * %s and %c argument written through the sanitiser in MESSAGE mode (no C0
 * or C1 control, bidi or other format character or invalid UTF-8 byte
 * comes out raw; a backslash passes) and bounded: each gets the room the
 * rest of the format and the later arguments (each at most an even share)
 * leave, the middle of a longer one becoming U+2026. An argument that is
 * the last error's message (pact_error__is_last) is written as it is, its
 * start kept when too long. Cut at a character boundary when buf is full.
 * Positional arguments ("%1$s") work. Returns the length written. Never
 * allocates. */
size_t pact_error__vformat(char *buf, size_t size, const char *fmt, va_list ap)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 0)))
#endif
        ;

/* Nonzero when s holds the text of the last error's message (not empty):
 * text this formatter wrote, safe already. pact_error__vformat writes it
 * as it is when a message quotes it whole. */
int pact_error__is_last(const char *s);

/* Append to the last error's message (its code unchanged), formatted as
 * above into the room left; fmt is not translated. For a message of
 * several lines whose line breaks are the library's own ("\nremote: %s"
 * for each line a remote's hook printed): the text each line quotes is
 * still shown safe. */
void pact_error__append(const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 1, 2)))
#endif
        ;

#endif
