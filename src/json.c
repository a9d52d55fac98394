/*
 * json.c - the streaming JSON writer (see pact/json.h).
 *
 * The writer keeps a stack of open containers, each with its kind, layout
 * and member count, and whether a key waits for its value; that is all it
 * needs to place commas, newlines and indentation. Strings are escaped in
 * one pass with the sanitiser's definition of an unsafe character, so JSON
 * and the human-facing outputs agree on what is dangerous.
 */
#include "pact/json.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json_internal.h"
#include "pact/error.h"
#include "pact/utf8.h"
#include "pact/sanitize.h"
#include "sanitize_internal.h"

/* A writer with a sink hands its text over once it holds this much, when a
 * container closes: the memory of a long document is then this buffer's,
 * not the document's (an 18 MB diff of 10 000 clauses). */
#define JSON_FLUSH_BYTES (64 * 1024)

/* pact's documents nest six levels at most (diff > clauses > clause >
 * commitments > commitment > words); 32 leaves room and bounds the stack. */
#define JSON_DEPTH_MAX 32

typedef struct level {
	char kind; /* '{' or '[' */
	char inline_;
	size_t count; /* members written */
} level;

struct pact_json {
	pact_buf b;
	level stack[JSON_DEPTH_MAX];
	size_t depth;
	int has_key; /* a key was written, its value is due */
	int done;    /* a complete top-level value was written */
	int misuse;
	FILE *sink; /* pact_json__new_stream: where the text goes */
};

/* Append to the writer's buffer: straight in when it has room (nearly
 * always), else through pact_buf__put, which grows it. */
static inline void put(pact_buf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap && !b->oom) {
		memcpy(b->ptr + b->len, s, n);
		b->len += n;
		b->ptr[b->len] = '\0';
		return;
	}
	pact_buf__put(b, s, n);
}

static inline void putc_(pact_buf *b, char c)
{
	if (b->len + 1 < b->cap && !b->oom) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
		return;
	}
	pact_buf__putc(b, c);
}

int pact_json_new(pact_json **out)
{
	*out = pact_alloc__calloc(1, sizeof(**out));
	if (!*out)
		return PACT_ENOMEM;
	return 0;
}

int pact_json__new_stream(pact_json **out, FILE *sink)
{
	int rc = pact_json_new(out);
	if (rc == 0)
		(*out)->sink = sink;
	return rc;
}

/* The text so far to the sink (write errors stay on the FILE, as for any
 * stdio output: its owner checks them). */
static void flush(pact_json *j)
{
	if (j->b.oom)
		return; /* pact_json__finish_stream reports it */
	if (j->b.len)
		fwrite(j->b.ptr, 1, j->b.len, j->sink);
	/* the memory stays for the next piece: freed, it was grown again
	 * from nothing, a dozen reallocations a flush */
	j->b.len = 0;
	if (j->b.ptr)
		j->b.ptr[0] = '\0';
}

void pact_json_free(pact_json *j)
{
	if (!j)
		return;
	pact_buf__clear(&j->b);
	free(j);
}

static int failed(const pact_json *j)
{
	return j->misuse || j->b.oom;
}

/* A line break and two spaces a level, in one append (indent is at most
 * JSON_DEPTH_MAX). */
static void newline(pact_json *j, size_t indent)
{
	static const char spaces[] = "\n                                "
	                             "                                ";

	_Static_assert(sizeof(spaces) - 2 >= 2 * JSON_DEPTH_MAX, "indentation fits");
	put(&j->b, spaces, 1 + 2 * indent);
}

/* Commas and line breaks before a value (or a key) in the current
 * container, in one append; 0, or -1 when a value is not allowed here. */
static int before(pact_json *j, int is_key)
{
	static const char sep[] = ",\n                                "
	                          "                                ";
	level *l;
	size_t first;

	_Static_assert(sizeof(sep) - 3 >= 2 * JSON_DEPTH_MAX, "indentation fits");
	if (failed(j))
		return -1;
	if (j->depth == 0) {
		if (j->done || is_key)
			goto misuse;
		return 0;
	}
	l = &j->stack[j->depth - 1];
	if (l->kind == '{') {
		/* a key when none waits for its value, a value when one does */
		if (j->has_key != !is_key)
			goto misuse;
		if (!is_key) {
			j->has_key = 0;
			return 0;
		}
	} else if (is_key) {
		goto misuse;
	}
	first = l->count++ == 0;
	if (!l->inline_)
		put(&j->b, sep + first, 2 - first + 2 * j->depth);
	else if (!first)
		put(&j->b, ", ", 2);
	return 0;
misuse:
	j->misuse = 1;
	return -1;
}

static void after_value(pact_json *j)
{
	if (j->depth == 0)
		j->done = 1;
}

static void begin(pact_json *j, char kind, pact_json_layout layout)
{
	int parent_inline = j->depth && j->stack[j->depth - 1].inline_;

	if (before(j, 0) < 0)
		return;
	if (j->depth == JSON_DEPTH_MAX) {
		j->misuse = 1;
		return;
	}
	putc_(&j->b, kind);
	j->stack[j->depth].kind = kind;
	j->stack[j->depth].inline_ = (char)(parent_inline || layout == PACT_JSON_INLINE);
	j->stack[j->depth].count = 0;
	j->depth++;
}

static void end(pact_json *j, char kind)
{
	level *l;

	if (failed(j))
		return;
	if (j->depth == 0 || j->stack[j->depth - 1].kind != kind || j->has_key) {
		j->misuse = 1;
		return;
	}
	l = &j->stack[--j->depth];
	if (l->count && !l->inline_)
		newline(j, j->depth);
	putc_(&j->b, kind == '{' ? '}' : ']');
	after_value(j);
	if (j->sink && j->b.len >= JSON_FLUSH_BYTES)
		flush(j);
}

void pact_json_begin_object(pact_json *j, pact_json_layout layout)
{
	begin(j, '{', layout);
}

void pact_json_end_object(pact_json *j)
{
	end(j, '{');
}

void pact_json_begin_array(pact_json *j, pact_json_layout layout)
{
	begin(j, '[', layout);
}

void pact_json_end_array(pact_json *j)
{
	end(j, '[');
}

void pact_json_begin_document(pact_json *j, const char *format)
{
	pact_json_begin_object(j, PACT_JSON_BLOCK);
	pact_json_kstring(j, "format", format);
}

static void put_escaped(pact_buf *b, unsigned cp)
{
	switch (cp) {
	case '"':
		pact_buf__puts(b, "\\\"");
		return;
	case '\\':
		put(b, "\\\\", 2);
		return;
	case '\b':
		put(b, "\\b", 2);
		return;
	case '\f':
		put(b, "\\f", 2);
		return;
	case '\n':
		put(b, "\\n", 2);
		return;
	case '\r':
		put(b, "\\r", 2);
		return;
	case '\t':
		put(b, "\\t", 2);
		return;
	default:
		break;
	}
	if (cp > 0xFFFF) {
		cp -= 0x10000;
		pact_buf__printf(b, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
	} else {
		pact_buf__printf(b, "\\u%04x", cp);
	}
}

/* Bytes copied as they are: printable ASCII but the quote and backslash
 * (a table: one load a byte in put_string's inner loop). */
/* clang-format off */
static const unsigned char plain_byte[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 10 */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 20 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 30 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 50 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, /* 70 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 80 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 90 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* A0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* B0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* C0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* D0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* E0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* F0 */
};
/* clang-format on */

static inline int plain_ascii(unsigned char c)
{
	return plain_byte[c];
}

/*
 * Most strings have nothing to escape, and an automaton says so without a
 * branch a byte (the loop below took one at each change between ASCII and
 * a Vietnamese letter, and mispredicted it): printable ASCII but the quote
 * and the backslash, U+00C0-U+05FF (C3-D7, one more byte) but the
 * grapheme joiner U+034F (CD 8F, which draws nothing: sanitize.h), and
 * U+1E00-U+1EFF (E1, B8-BB, one more), which are what the loop below
 * passes without decoding. Five states kept as shifts (as utf8.c's):
 * row[b] packs the state byte b leads to from each, six bits at bit 6 s.
 */
enum { JS_PLAIN = 0, JS_LONG = 6, JS_CONT = 12, JS_E1 = 18, JS_CD = 24 };
#define JS_FROM_PLAIN(b)                                                                           \
	((b) >= 0x20 && (b) < 0x7F && (b) != '"' && (b) != '\\' ? JS_PLAIN                         \
	 : (b) == 0xCD                                          ? JS_CD                            \
	 : (b) >= 0xC3 && (b) <= 0xD7                           ? JS_CONT                          \
	 : (b) == 0xE1                                          ? JS_E1                            \
	                                                        : JS_LONG)
#define JS_ROW(b)                                                                                  \
	((uint64_t)JS_FROM_PLAIN(b) << JS_PLAIN | (uint64_t)JS_LONG << JS_LONG |                   \
	 (uint64_t)((b) >= 0x80 && (b) <= 0xBF ? JS_PLAIN : JS_LONG) << JS_CONT |                  \
	 (uint64_t)((b) >= 0xB8 && (b) <= 0xBB ? JS_CONT : JS_LONG) << JS_E1 |                     \
	 (uint64_t)((b) >= 0x80 && (b) <= 0xBF && (b) != 0x8F ? JS_PLAIN : JS_LONG) << JS_CD)
#define JS_ROW4(b) JS_ROW(b), JS_ROW((b) + 1), JS_ROW((b) + 2), JS_ROW((b) + 3)
#define JS_ROW16(b) JS_ROW4(b), JS_ROW4((b) + 4), JS_ROW4((b) + 8), JS_ROW4((b) + 12)
#define JS_ROW64(b) JS_ROW16(b), JS_ROW16((b) + 16), JS_ROW16((b) + 32), JS_ROW16((b) + 48)

static const uint64_t js_row[256] = {JS_ROW64(0), JS_ROW64(64), JS_ROW64(128), JS_ROW64(192)};

/* Whether s[0..len) goes into JSON as it is, between quotes. */
static int plain_string(const unsigned char *p, size_t len)
{
	uint64_t st = JS_PLAIN;
	size_t i = 0;

	for (; i + 4 <= len; i += 4) {
		st = js_row[p[i]] >> (st & 63);
		st = js_row[p[i + 1]] >> (st & 63);
		st = js_row[p[i + 2]] >> (st & 63);
		st = js_row[p[i + 3]] >> (st & 63);
	}
	for (; i < len; i++)
		st = js_row[p[i]] >> (st & 63);
	return (st & 63) == JS_PLAIN;
}

/* One pass: runs of characters that stay as they are are copied at once;
 * a character that is unsafe (as the sanitiser defines it), a quote, a
 * backslash or a byte that starts no well-formed sequence is escaped. */
static void put_string(pact_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;

	if (plain_string(p, len)) {
		if (b->len + len + 2 < b->cap && !b->oom) {
			char *at = b->ptr + b->len;
			at[0] = '"';
			memcpy(at + 1, s, len);
			at[len + 1] = '"';
			at[len + 2] = '\0';
			b->len += len + 2;
			return;
		}
		putc_(b, '"');
		put(b, s, len);
		putc_(b, '"');
		return;
	}
	putc_(b, '"');
	while (i < len) {
		unsigned cp = 0;
		size_t n;
		/* printable ASCII and Vietnamese letters, most of any key or
		 * text: as they are, in a tight loop */
		while (i < len && plain_ascii(p[i]))
			i++;
		while (i < len && (n = pact_sanitize__letter_len(p + i, len - i)) != 0) {
			i += n;
			while (i < len && plain_ascii(p[i]))
				i++;
		}
		if (i == len)
			break;
		n = pact_utf8_next((const char *)p + i, len - i, &cp);
		if (n && cp != '"' && cp != '\\' && !pact_sanitize_is_unsafe(cp)) {
			i += n;
			continue;
		}
		put(b, s + run, i - run);
		put_escaped(b, n ? cp : 0xFFFD);
		i += n ? n : 1;
		run = i;
	}
	put(b, s + run, i - run);
	putc_(b, '"');
}

/* A key and what follows it, `"key": `: the key and the colon in one
 * append when the key has nothing to escape (a report's keys never have). */
static void put_key(pact_buf *b, const char *key, size_t len)
{
	if (plain_string((const unsigned char *)key, len) && b->len + len + 4 < b->cap && !b->oom) {
		char *at = b->ptr + b->len;
		at[0] = '"';
		memcpy(at + 1, key, len);
		memcpy(at + len + 1, "\": ", 4); /* and the NUL */
		b->len += len + 4;
		return;
	}
	put_string(b, key, len);
	put(b, ": ", 2);
}

void pact_json_key(pact_json *j, const char *key)
{
	if (!key || before(j, 1) < 0)
		return;
	put_key(&j->b, key, strlen(key));
	j->has_key = 1;
}

void pact_json_string_n(pact_json *j, const char *s, size_t len)
{
	if (!s) {
		pact_json_null(j);
		return;
	}
	if (before(j, 0) < 0)
		return;
	put_string(&j->b, s, len);
	after_value(j);
}

void pact_json_string(pact_json *j, const char *s)
{
	pact_json_string_n(j, s, s ? strlen(s) : 0);
}

static void scalar(pact_json *j, const char *text)
{
	if (before(j, 0) < 0)
		return;
	put(&j->b, text, strlen(text));
	after_value(j);
}

/* The decimal digits of v, with a minus sign when negative, ending at end
 * (printf's "%lld" without its format parsing): the first character. */
static char *decimal(char *end, uint64_t v, int negative)
{
	char *p = end;

	*p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (negative)
		*--p = '-';
	return p;
}

void pact_json_int(pact_json *j, int64_t v)
{
	char s[32];
	/* the magnitude in unsigned arithmetic, so INT64_MIN has one too */
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	scalar(j, decimal(s + sizeof(s) - 1, mag, v < 0));
}

void pact_json_uint(pact_json *j, uint64_t v)
{
	char s[32];
	scalar(j, decimal(s + sizeof(s) - 1, v, 0));
}

/* printf's "%.*f" of v (0 to 9 decimals) without printf, ending at end:
 * 1 with *out its first character, or 0 when it cannot be sure of the
 * same digits. It rounds v * 10^decimals to the nearest integer, which is
 * what printf does with the exact product; the product as computed is
 * within 2^-23 of that while it is under 2^30, so the two round alike
 * unless the fraction is within 10^-6 of a half, left to printf. (A
 * diff's similarities: a snprintf each had been a tenth of the JSON.) */
static int fixed_point(char *end, double v, int decimals, char **out)
{
	static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
	static const uint64_t ipow10[] = {1,      10,      100,      1000,      10000,
	                                  100000, 1000000, 10000000, 100000000, 1000000000};
	double scaled = fabs(v) * pow10[decimals], whole, frac;
	uint64_t r, part;
	char *p = end;

	if (!(scaled < 1073741824.0))
		return 0;
	whole = floor(scaled);
	frac = scaled - whole;
	if (fabs(frac - 0.5) < 1e-6)
		return 0;
	r = (uint64_t)whole + (frac > 0.5);
	*p = '\0';
	part = r % ipow10[decimals];
	for (int k = 0; k < decimals; k++, part /= 10)
		*--p = (char)('0' + part % 10);
	if (decimals)
		*--p = '.';
	r /= ipow10[decimals];
	do {
		*--p = (char)('0' + r % 10);
		r /= 10;
	} while (r);
	if (signbit(v))
		*--p = '-';
	*out = p;
	return 1;
}

void pact_json_double(pact_json *j, double v, int decimals)
{
	char s[64], *text;
	if (!isfinite(v) || fabs(v) > 1e15) {
		scalar(j, "null");
		return;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	if (fixed_point(s + sizeof(s) - 1, v, decimals, &text))
		scalar(j, text);
	else {
		snprintf(s, sizeof(s), "%.*f", decimals, v);
		scalar(j, s);
	}
}

void pact_json_bool(pact_json *j, int v)
{
	scalar(j, v ? "true" : "false");
}

void pact_json_null(pact_json *j)
{
	scalar(j, "null");
}

void pact_json_date(pact_json *j, int year, int month, int day)
{
	char s[48];
	if (!year) {
		scalar(j, "null");
		return;
	}
	snprintf(s, sizeof(s), "\"%04d-%02d-%02d\"", year, month, day);
	scalar(j, s);
}

void pact_json_kstring(pact_json *j, const char *key, const char *s)
{
	pact_json_key(j, key);
	pact_json_string(j, s);
}

void pact_json_kint(pact_json *j, const char *key, int64_t v)
{
	pact_json_key(j, key);
	pact_json_int(j, v);
}

void pact_json_kuint(pact_json *j, const char *key, uint64_t v)
{
	pact_json_key(j, key);
	pact_json_uint(j, v);
}

void pact_json_kbool(pact_json *j, const char *key, int v)
{
	pact_json_key(j, key);
	pact_json_bool(j, v);
}

/* Close what is open and end the document with its newline: 0, or the
 * first failure. */
static int complete(pact_json *j)
{
	while (!failed(j) && j->depth)
		end(j, j->stack[j->depth - 1].kind);
	if (j->b.oom)
		return PACT_ENOMEM;
	if (j->misuse || !j->done)
		return pact_error_set(PACT_EUSAGE, "the JSON writer was not given one value");
	putc_(&j->b, '\n');
	return j->b.oom ? PACT_ENOMEM : 0;
}

int pact_json__finish_stream(pact_json *j)
{
	int rc = complete(j);
	if (rc == 0)
		flush(j);
	pact_buf__clear(&j->b);
	j->depth = 0;
	j->has_key = j->done = j->misuse = 0;
	return rc;
}

int pact_json_finish(char **out, size_t *len, pact_json *j)
{
	int rc;

	*out = NULL;
	rc = complete(j);
	if (rc < 0)
		goto done;
	*out = pact_buf__detach(&j->b, len);
	if (!*out)
		rc = PACT_ENOMEM;
done:
	pact_buf__clear(&j->b);
	j->depth = 0;
	j->has_key = j->done = j->misuse = 0;
	return rc;
}

char *pact_json_quote(const char *s, size_t len)
{
	pact_buf b = PACT_BUF_INIT;
	put_string(&b, s ? s : "", s ? len : 0);
	return pact_buf__detach(&b, NULL);
}
