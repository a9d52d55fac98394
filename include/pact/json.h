/*
 * json.h - the one JSON writer behind every JSON output of pact.
 *
 * A small streaming writer into memory: open objects and arrays, write keys
 * and values in order, take the text at the end. It keeps the output valid
 * RFC 8259 JSON whatever the strings hold:
 *   - " and \ are escaped, and every character pact's sanitiser escapes
 *     (C0 controls, DEL, C1 controls, format characters such as bidi
 *     overrides, U+2028, U+2029; see pact/sanitize.h) is written as \uXXXX
 *     (a surrogate pair above U+FFFF), with the short forms \b \f \n \r \t:
 *     a JSON document shown on a terminal drives nothing, and a JavaScript
 *     reader can embed it;
 *   - a byte that is not well-formed UTF-8 (history written by others: a
 *     commit message in Latin-1) is written as \ufffd, the replacement
 *     character, so strict decoders accept the document;
 *   - a non-finite number is written as null.
 * Commas and the ": " between key and value are the writer's business.
 *
 * Layout: a container opened with PACT_JSON_BLOCK puts each member on its own
 * line, indented by two spaces per enclosing block container; one opened
 * with PACT_JSON_INLINE keeps its members, and everything nested in it, on
 * one line ({"a": 1, "b": [2, 3]}). The document ends with a newline.
 *
 * Every output carries a `"format": "pact-<what>/<version>"` key first
 * (pact_json_begin_document writes it); docs/json.md lists the formats.
 *
 * Errors: calls after an out-of-memory failure or a misuse (a value where a
 * key is due, a key outside an object, closing what is not open) do
 * nothing; pact_json_finish() reports the first failure.
 *
 * Ownership: pact_json_new() gives a writer the caller frees with
 * pact_json_free() (NULL-safe); pact_json_finish() gives a malloc'ed string
 * the caller frees with free().
 */
#ifndef PACT_JSON_H
#define PACT_JSON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pact_json pact_json;

typedef enum { PACT_JSON_BLOCK = 0, PACT_JSON_INLINE = 1 } pact_json_layout;

/* A new writer; 0 or PACT_ENOMEM. */
int pact_json_new(pact_json **out);
void pact_json_free(pact_json *j);

/* Open the top-level object and write "format": format (e.g. "pact-log/1"). */
void pact_json_begin_document(pact_json *j, const char *format);

void pact_json_begin_object(pact_json *j, pact_json_layout layout);
void pact_json_end_object(pact_json *j);
void pact_json_begin_array(pact_json *j, pact_json_layout layout);
void pact_json_end_array(pact_json *j);

/* The key of the next member of the current object. */
void pact_json_key(pact_json *j, const char *key);

/* Values. pact_json_string writes null for NULL; pact_json_string_n takes
 * any bytes (see above for what is escaped or replaced). */
void pact_json_string(pact_json *j, const char *s);
void pact_json_string_n(pact_json *j, const char *s, size_t len);
void pact_json_int(pact_json *j, int64_t v);
void pact_json_uint(pact_json *j, uint64_t v);
/* A fixed-point number with `decimals` digits after the point (0-9). */
void pact_json_double(pact_json *j, double v, int decimals);
void pact_json_bool(pact_json *j, int v);
void pact_json_null(pact_json *j);
/* A date "YYYY-MM-DD", or null when year is 0. */
void pact_json_date(pact_json *j, int year, int month, int day);

/* Key and value in one call, for the common case. */
void pact_json_kstring(pact_json *j, const char *key, const char *s);
void pact_json_kint(pact_json *j, const char *key, int64_t v);
void pact_json_kuint(pact_json *j, const char *key, uint64_t v);
void pact_json_kbool(pact_json *j, const char *key, int v);

/* Close what is still open (the document), hand over the text in *out
 * (*len its length, if not NULL) and reset the writer. 0, PACT_ENOMEM, or
 * PACT_EUSAGE when the calls did not make one JSON value. */
int pact_json_finish(char **out, size_t *len, pact_json *j);

/* s[0..len) as a JSON string literal (quotes included), malloc'ed; NULL on
 * out of memory. For one-off strings outside a document. */
char *pact_json_quote(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
