/*
 * utf8.h - the few Unicode operations pact needs, on top of utf8proc.
 *
 * utf8proc (Debian: libutf8proc-dev) gives NFC/NFD and case folding from the
 * Unicode tables; hand-written tables would go stale and are easy to get
 * wrong for Vietnamese, where one letter can carry two marks (ệ = e + ^ + .).
 *
 * Ownership: functions returning char * allocate; the caller frees with free().
 */
#ifndef PACT_UTF8_H
#define PACT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Nonzero when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). On failure *bad (if not NULL) gets the offset of
 * the first bad byte. NUL bytes count as invalid here: no pact text has one. */
int pact_utf8_valid(const char *s, size_t len, size_t *bad);

/* Decode one code point at s (which must be valid UTF-8, len > 0); returns
 * the number of bytes used and stores the code point in *cp. */
size_t pact_utf8_decode(const char *s, size_t len, int32_t *cp);

/* 0 when s (NUL-terminated; NULL counts as valid) is well-formed UTF-8;
 * else PACT_EINVALID with a message naming `what` ("commit message",
 * "author name"...), the bad byte and its offset. Git stores text as
 * UTF-8 by default and warns otherwise; pact refuses, so what it writes
 * into history reads the same everywhere (and in JSON). */
int pact_utf8_require(const char *what, const char *s);

/* Strict decoding of one character of s[0..len) (len > 0, any bytes):
 * the length (1-4) of the well-formed sequence at s with its code point in
 * *cp, or 0 when s[0] does not start one (an overlong form, a surrogate,
 * a value above U+10FFFF, a stray or cut byte). A NUL byte is U+0000. */
size_t pact_utf8_next(const char *s, size_t len, unsigned *cp);

/* Number of code points in a valid UTF-8 string of len bytes. */
size_t pact_utf8_length(const char *s, size_t len);

/* NFC of a valid UTF-8 string; NULL on out of memory or invalid input.
 * Time and memory linear in len, whatever the text: a letter carrying
 * 100 000 combining marks is normalised like any other (utf8proc_map's
 * canonical ordering is quadratic in such a run). */
char *pact_utf8_nfc(const char *s, size_t len);

/* 1 when the string is already in NFC; 0 when it is not (or is not valid
 * UTF-8); -1 out of memory (PACT_ENOMEM recorded), which the NFC of the
 * few strings the quick scan cannot settle needs. */
int pact_utf8_is_nfc(const char *s, size_t len);

/* Nonzero for a code point that no NFC can change in any string made only
 * of such code points: a starter with no decomposition-that-recomposes-
 * differently, never the second half of a composition. The set is a few
 * ranges (below U+0300, Latin Extended Additional with every precomposed
 * Vietnamese letter, general punctuation, currency signs), checked against
 * utf8proc's tables by tests/test_tokens.c. */
int pact_utf8_nfc_stable(uint32_t cp);

/* NFC + Unicode case folding (for comparison keys); NULL on OOM or
 * invalid input. Linear in len, as pact_utf8_nfc. */
char *pact_utf8_fold(const char *s, size_t len);

/* Nonzero for letters (general category L*) and combining marks. */
int pact_utf8_is_letter(int32_t cp);

/* Nonzero for control (Cc, U+0000-U+001F, U+007F-U+009F) and format (Cf:
 * bidi controls, zero-width characters, tag characters) code points. */
int pact_utf8_is_control(int32_t cp);

#ifdef __cplusplus
}
#endif
#endif
