/*
 * sanitize.h - one sanitiser for every piece of text a person reads.
 *
 * Pact text, commit messages, authors, review comments and file names come
 * from whoever wrote them. Written to a terminal as they are, an ESC or a
 * C1 control plants hidden links (OSC 8), clears the screen or moves the
 * cursor; in Markdown a bare CR or LF starts a heading or a list item. So
 * every human-facing output (terminal text, Markdown, HTML, messages) passes
 * text through this module, and no raw control reaches the reader.
 *
 * What is escaped (the same set in every mode):
 *   - C0 controls U+0000-U+001F and DEL U+007F, except that LF and TAB pass
 *     where the mode keeps them;
 *   - C1 controls U+0080-U+009F (NEL U+0085, CSI U+009B...);
 *   - bytes that are not well-formed UTF-8 (a raw 0x9b, a cut sequence);
 *   - format characters (Unicode category Cf: bidi embeddings, overrides
 *     and isolates U+202A-U+202E, U+2066-U+2069, marks U+200E/U+200F/U+061C,
 *     the soft hyphen, zero-width space and BOM, tag characters), except
 *     ZWNJ U+200C and ZWJ U+200D, which some scripts and emoji need: a bidi
 *     control reorders what is shown ("Trojan Source") and the others hide
 *     text;
 *   - the line and paragraph separators U+2028 and U+2029, which some
 *     terminals and viewers break lines on;
 *   - characters that draw nothing though they are not Cf: the grapheme
 *     joiner U+034F, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0,
 *     the invisible Khmer vowels U+17B4/U+17B5, the braille blank U+2800
 *     and the variation selectors U+FE00-U+FE0F: raw, "Sở Y tế" and
 *     "Sở Y tế" + U+3164 read the same where a diff says they differ.
 * `pact validate` reports the same characters in a pact (controls are
 * errors, the others warnings), so a pact without warnings shows
 * unchanged.
 *
 * How it is shown, one scheme everywhere (C's and JSON's escapes):
 *   \a \b \t \n \v \f \r \e  for BEL BS TAB LF VT FF CR ESC;
 *   \xHH    for the other C0 controls, DEL and every byte that is not
 *           UTF-8 (a raw 0x9b shows \x9b);
 *   \uHHHH  for a code point from U+0080 up (C1, Cf, U+2028/9), six hex
 *           digits \UHHHHHH above U+FFFF (tag characters).
 * A backslash already in the text is left alone except when quoting (a
 * reader of text is not a parser; a name quoted for a message is).
 *
 * Modes (pick one PACT_SANITIZE_* value):
 *   TEXT      terminal text of several lines: LF and TAB pass.
 *   LINE      one line (a subject, a name inside a sentence): TAB passes,
 *             LF shows as \n, so no text forges a second line.
 *   MARKDOWN  one piece of Markdown inline text: as LINE, but LF becomes a
 *             space (inside a paragraph, table cell or list item a line
 *             break reads as one) and CR shows as \r, so no text starts a
 *             heading, list or table row; Markdown punctuation that could
 *             be read as syntax (\ ` * _ [ ] < > | ~ &) gets a backslash,
 *             and so does what would open a block where the piece starts
 *             a line, a list item or a cell ("\# ", "\- ", "\+ ", "\=",
 *             "1\. ", "2\) "); a leading space, tab or newline is written
 *             "&#32;" / "&#9;", which no reader takes for indentation.
 *   HTML      text or attribute content: as TEXT, plus & < > " ' written
 *             as entities.
 *   MESSAGE   text quoted in a library message (error_format.c): as LINE,
 *             and TAB shows as \t too, so a message holds no byte below
 *             0x20 whatever it quotes.
 *   QUOTE     a name echoed in a message, as git's core.quotePath (with
 *             quotePath=false: letters beyond ASCII stay as they are): a
 *             name needing no escape is written as it is, any other is put
 *             in double quotes with " and \ escaped too ("pacts/\e[2J.yaml").
 *
 * Ownership: pact_sanitize() returns a malloc'ed string the caller frees;
 * nothing else allocates.
 */
#ifndef PACT_SANITIZE_H
#define PACT_SANITIZE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	PACT_SANITIZE_TEXT = 0,
	PACT_SANITIZE_LINE = 1,
	PACT_SANITIZE_MARKDOWN = 2,
	PACT_SANITIZE_HTML = 3,
	PACT_SANITIZE_QUOTE = 4,
	PACT_SANITIZE_MESSAGE = 5
} pact_sanitize_mode;

/* Receives the sanitised text in pieces; returns 0, or nonzero to stop
 * (the value is passed back by pact_sanitize_write). */
typedef int (*pact_sanitize_sink)(void *payload, const char *s, size_t len);

/* Write s[0..len) as `mode` shows it to `sink`, without allocating. Returns
 * 0, or the first nonzero value the sink returned. s may hold any bytes. */
int pact_sanitize_write(pact_sanitize_sink sink, void *payload, const char *s, size_t len,
                        pact_sanitize_mode mode);

/* s (NUL-terminated) as `mode` shows it, malloc'ed; NULL when s is NULL or
 * on out of memory (then pact_error_last() says so). The caller frees it. */
char *pact_sanitize(const char *s, pact_sanitize_mode mode);

/* Nonzero when `mode` would write s[0..len) differently from its bytes, that
 * is, when it holds something to escape (for QUOTE: when it needs quotes). */
int pact_sanitize_needed(const char *s, size_t len, pact_sanitize_mode mode);

/* Nonzero for a code point the sanitiser never shows raw (the list above,
 * LF and TAB included): the one definition pact validate and the JSON
 * writer share. */
int pact_sanitize_is_unsafe(unsigned cp);

/* 0 when s (NUL-terminated; NULL is fine) may be written into history as
 * a name or an e-mail (an author's, a reviewer's): UTF-8 holding nothing
 * pact_sanitize_is_unsafe() refuses (TAB and LF included: so no character
 * that draws blank either). Else PACT_EINVALID: "<what> 'Tr\e[2Jan' contains the
 * control character U+001B at byte 3; write it as plain visible text"
 * (the name shown sanitised). `what` is "the reviewer's name" and such. */
int pact_sanitize_require_visible(const char *what, const char *s);

#ifdef __cplusplus
}
#endif
#endif
