/*
 * sanitize.c - make any text safe to show (see sanitize.h for the rules).
 *
 * One pass over the bytes: runs of safe bytes go to the sink as they are,
 * each unsafe character is replaced by its visible escape. The decoder is
 * strict (no overlongs, surrogates or values above U+10FFFF), so a byte
 * that does not start a well-formed sequence is escaped on its own and the
 * text after it is still read correctly. Nothing allocates except
 * pact_sanitize(), so the CLI can print through this when memory is gone.
 */
#include "pact/sanitize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "pact/error.h"
#include "pact/utf8.h"
#include "sanitize_internal.h"

/* Blank on screen though not controls or format characters: a character
 * that draws nothing (the grapheme joiner, Hangul fillers, invisible Khmer
 * vowels, the blank braille cell) or only changes how the one before it is
 * drawn (variation selectors). Shown raw, "Sở Y tế" and "Sở Y tế" + U+3164
 * read the same in a diff that calls them different. */
static int draws_blank(unsigned cp)
{
	return cp == 0x034F || cp == 0x2800 || cp == 0x17B4 || cp == 0x17B5 || cp == 0x115F ||
	       cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || (cp >= 0xFE00 && cp <= 0xFE0F);
}

int pact_sanitize_is_unsafe(unsigned cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
		return 1;
	if (cp < 0xA0)
		return 0;
	if (cp == 0x2028 || cp == 0x2029)
		return 1;
	if (cp == 0x200C || cp == 0x200D)
		return 0;
	/* Latin, with every Vietnamese letter, holds one format character (the
	 * soft hyphen) and one blank (the grapheme joiner): no table look-up for
	 * the common case (tests/test_utf8.c checks this against utf8proc for
	 * every code point) */
	if ((cp < 0x600 && cp != 0xAD && cp != 0x34F) || (cp >= 0x1E00 && cp < 0x1F00))
		return 0;
	return draws_blank(cp) || utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_CF;
}

/* Markdown punctuation that could start emphasis, code, a link, raw HTML,
 * a table cell, strikethrough or an entity. */
static int md_special(unsigned c)
{
	/* ASCII only: strchr() sees (char)c, and U+0100 or U+015C would match
	 * the terminator or the backslash */
	return c && c < 0x80 && strchr("\\`*_[]<>|~&", (int)c) != NULL;
}

/* Where a piece of Markdown that starts a line, a list item or a table
 * cell could open a block through its first characters: the offset of the
 * character to escape, or len when none. A heading ("# "), a bullet list
 * or thematic break ("- ", "+ ", "---"), a setext underline ("==="), an
 * ordered list ("1. ", "2)"), an indented code block (leading space, tab
 * or newline, which shows as a space); '*', '_', '>', '`', '~', '<' and '|' are escaped wherever
 * they are. */
static size_t md_block_marker(const unsigned char *p, size_t len)
{
	size_t i = 0;

	if (len == 0)
		return len;
	if (p[0] == ' ' || p[0] == '\t' || p[0] == '\n' || p[0] == '#' || p[0] == '-' ||
	    p[0] == '+' || p[0] == '=')
		return 0;
	while (i < len && i < 9 && p[i] >= '0' && p[i] <= '9')
		i++;
	if (i > 0 && i < len && (p[i] == '.' || p[i] == ')'))
		return i;
	return len;
}

/* The password of a URL whose "://" starts at p[i], as in
 * "https://user:password@host/path": its bytes [*start, *end) and 1; 0 when
 * the URL names none. The authority ends at the first '/', '?', '#' or
 * white space; its last '@' ends the user information (a password may hold an
 * '@' of its own), whose first ':' starts the password. */
static int url_password(const unsigned char *p, size_t len, size_t i, size_t *start, size_t *end)
{
	size_t colon = 0, at = 0;

	if (len - i < 3 || p[i] != ':' || p[i + 1] != '/' || p[i + 2] != '/')
		return 0;
	for (size_t k = i + 3; k < len && p[k] && !strchr(" \t\n\r/?#", p[k]); k++) {
		if (p[k] == '@')
			at = k;
		else if (p[k] == ':' && !colon && !at)
			colon = k;
	}
	if (!at || !colon || at <= colon + 1)
		return 0;
	*start = colon + 1;
	*end = at;
	return 1;
}

/* The modes of one-line messages, which never show a URL's password
 * (a remote's address quoted in an error, `pact remote -v`). */
static int hides_passwords(pact_sanitize_mode mode)
{
	return mode == PACT_SANITIZE_LINE || mode == PACT_SANITIZE_MESSAGE;
}

static const char *html_entity(unsigned c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* Whether code point cp (decoded, or a lone byte when bad) is written other
 * than as itself in `mode`. */
static int special(unsigned cp, int bad, pact_sanitize_mode mode)
{
	if (bad)
		return 1;
	if (cp == '\t')
		return mode == PACT_SANITIZE_MESSAGE;
	if (cp == '\n')
		return mode == PACT_SANITIZE_LINE || mode == PACT_SANITIZE_MARKDOWN ||
		       mode == PACT_SANITIZE_QUOTE || mode == PACT_SANITIZE_MESSAGE;
	if (pact_sanitize_is_unsafe(cp))
		return 1;
	switch (mode) {
	case PACT_SANITIZE_MARKDOWN:
		return md_special(cp);
	case PACT_SANITIZE_HTML:
		return html_entity(cp) != NULL;
	case PACT_SANITIZE_QUOTE:
		return cp == '"' || cp == '\\';
	default:
		return 0;
	}
}

/* The length of the character at p (n bytes left) when it is written as it
 * is in every mode without a look-up: an ASCII letter, digit or space, or a
 * Vietnamese letter; 0 for anything else (decode it and ask special()). */
static size_t plain_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ')
		return 1;
	return pact_sanitize__letter_len(p, n);
}

/* The Markdown block marker c (md_block_marker) written so that it opens
 * no block: a backslash before punctuation, a character reference for a
 * space or a tab (a backslash does not escape them). */
static size_t md_marker_escape(char *out, unsigned c)
{
	if (c == ' ' || c == '\t' || c == '\n')
		return (size_t)snprintf(out, 16, "&#%u;", c == '\t' ? c : ' ');
	return (size_t)snprintf(out, 16, "\\%c", (char)c);
}

/* The visible form of one unsafe character into out (at least 16 bytes). */
static size_t escape(char *out, unsigned cp, int bad, pact_sanitize_mode mode)
{
	static const char named[] = "\a\b\t\n\v\f\r\033";
	static const char letters[] = "abtnvfre";
	const char *e;

	if (bad)
		return (size_t)snprintf(out, 16, "\\x%02x", cp);
	if (mode == PACT_SANITIZE_MARKDOWN && cp == '\n')
		return (size_t)snprintf(out, 16, " ");
	if (mode == PACT_SANITIZE_MARKDOWN && md_special(cp))
		return (size_t)snprintf(out, 16, "\\%c", (char)cp);
	if (mode == PACT_SANITIZE_HTML && (e = html_entity(cp)) != NULL)
		return (size_t)snprintf(out, 16, "%s", e);
	if (mode == PACT_SANITIZE_QUOTE && (cp == '"' || cp == '\\'))
		return (size_t)snprintf(out, 16, "\\%c", (char)cp);
	if (cp && cp < 0x20 && (e = strchr(named, (int)cp)) != NULL)
		return (size_t)snprintf(out, 16, "\\%c", letters[e - named]);
	if (cp < 0x80)
		return (size_t)snprintf(out, 16, "\\x%02x", cp);
	if (cp <= 0xFFFF)
		return (size_t)snprintf(out, 16, "\\u%04x", cp);
	return (size_t)snprintf(out, 16, "\\U%06x", cp);
}

int pact_sanitize_needed(const char *s, size_t len, pact_sanitize_mode mode)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	size_t pw_start, pw_end;

	if (mode == PACT_SANITIZE_MARKDOWN && md_block_marker(p, len) < len)
		return 1;
	while (i < len) {
		unsigned cp = p[i];
		size_t n = plain_len(p + i, len - i);
		if (n) {
			i += n;
			continue;
		}
		if (cp == ':' && hides_passwords(mode) &&
		    url_password(p, len, i, &pw_start, &pw_end))
			return 1;
		n = pact_utf8_next((const char *)p + i, len - i, &cp);
		if (special(cp, n == 0, mode))
			return 1;
		i += n ? n : 1;
	}
	return 0;
}

int pact_sanitize_write(pact_sanitize_sink sink, void *payload, const char *s, size_t len,
                        pact_sanitize_mode mode)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, pw_start = SIZE_MAX, pw_stop = 0;
	int quote = mode == PACT_SANITIZE_QUOTE && pact_sanitize_needed(s, len, mode);
	int rc = 0;

	if (quote && (rc = sink(payload, "\"", 1)) != 0)
		goto done;
	if (mode == PACT_SANITIZE_MARKDOWN && (i = md_block_marker(p, len)) < len) {
		/* the digits of "1." as they are, then the marker escaped */
		char esc[16];
		size_t elen = md_marker_escape(esc, p[i]);
		if ((i && (rc = sink(payload, s, i)) != 0) || (rc = sink(payload, esc, elen)) != 0)
			goto done;
		run = ++i;
	} else {
		i = 0;
	}
	while (i < len) {
		unsigned cp = p[i];
		size_t n, pw_end;
		char esc[16];
		size_t elen;

		if (i == pw_start) {
			/* a URL's password: "***" in its place, never its bytes */
			if ((i > run && (rc = sink(payload, s + run, i - run)) != 0) ||
			    (rc = sink(payload, "***", 3)) != 0)
				goto done;
			i = run = pw_stop;
			pw_start = SIZE_MAX;
			continue;
		}
		if ((n = plain_len(p + i, len - i)) != 0) {
			i += n;
			continue;
		}
		if (cp == ':' && hides_passwords(mode) && url_password(p, len, i, &n, &pw_end)) {
			pw_start = n;
			pw_stop = pw_end;
		}
		n = pact_utf8_next((const char *)p + i, len - i, &cp);
		if (!special(cp, n == 0, mode)) {
			i += n;
			continue;
		}
		if (i > run && (rc = sink(payload, s + run, i - run)) != 0)
			goto done;
		elen = escape(esc, n ? cp : p[i], n == 0, mode);
		if ((rc = sink(payload, esc, elen)) != 0)
			goto done;
		i += n ? n : 1;
		run = i;
	}
	if (i > run && (rc = sink(payload, s + run, i - run)) != 0)
		goto done;
	if (quote)
		rc = sink(payload, "\"", 1);
done:
	return rc;
}

static int buf_sink(void *payload, const char *s, size_t len)
{
	pact_buf *b = payload;
	pact_buf__put(b, s, len);
	return b->oom ? -1 : 0;
}

void pact_buf__put_sanitized(pact_buf *b, const char *s, size_t len, int mode)
{
	pact_sanitize_write(buf_sink, b, s, len, (pact_sanitize_mode)mode);
}

char *pact_sanitize(const char *s, pact_sanitize_mode mode)
{
	pact_buf b = PACT_BUF_INIT;
	char *out = NULL;

	if (!s)
		goto done;
	pact_buf__put(&b, "", 0);
	pact_buf__put_sanitized(&b, s, strlen(s), (int)mode);
	out = pact_buf__detach(&b, NULL);
done:
	pact_buf__clear(&b);
	return out;
}

int pact_sanitize_require_visible(const char *what, const char *s)
{
	size_t len, i = 0;
	int rc = 0;

	if (!s)
		return 0;
	if ((rc = pact_utf8_require(what, s)) < 0)
		return rc;
	len = strlen(s);
	while (i < len) {
		unsigned cp = 0;
		size_t n = pact_utf8_next(s + i, len - i, &cp);
		if (n == 0)
			n = 1;
		/* the name as given: pact_error_set shows it safe */
		if (pact_sanitize_is_unsafe(cp)) {
			if (cp < 0xA0)
				rc = pact_error_set(
				        PACT_EINVALID,
				        "%s '%s' contains the control character U+%04X at "
				        "byte %zu; write it as plain visible text",
				        what, s, cp, i);
			else
				rc = pact_error_set(
				        PACT_EINVALID,
				        "%s '%s' contains the invisible character U+%04X at "
				        "byte %zu; write it as plain visible text",
				        what, s, cp, i);
			break;
		}
		i += n;
	}
	return rc;
}
