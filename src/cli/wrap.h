/*
 * wrap.h - word wrapping for the terminal: long lines break at spaces,
 * never inside a word, continuation lines get a hanging indent, and width
 * is counted in terminal columns (utf8proc_charwidth: Vietnamese combining
 * marks are zero wide, a CJK character two).
 */
#ifndef PACT_CLI_WRAP_H
#define PACT_CLI_WRAP_H

#include <stddef.h>
#include <stdio.h>

/* Terminal columns taken by the first `len` bytes of UTF-8 `s`
 * (invalid bytes count one column each). */
size_t cli_text_width(const char *s, size_t len);

/* Print `text` (one paragraph, no '\n') to f, starting at column `col`
 * (what is already on the line), breaking at spaces so no line passes
 * `width` columns unless one word alone does; continuation lines start
 * with `indent` spaces. Ends with '\n'. */
void cli_wrap(FILE *f, const char *text, size_t col, size_t indent, size_t width);

/* Print one line (no '\n') of terminal output wrapped to `width`
 * columns: breaks at spaces only, continuation lines indented like the
 * text after the line's indentation and list marker ("   ~ 3. "), SGR
 * colour escapes counted zero wide and closed/reopened around a break.
 * Ends with '\n'. */
void cli_wrap_line(FILE *f, const char *line, size_t len, size_t width);

#endif
