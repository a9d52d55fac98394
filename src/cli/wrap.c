/*
 * wrap.c - greedy word wrapping in terminal columns (see wrap.h).
 *
 * Greedy first-fit, as fmt(1) and git's strbuf_add_wrapped_text do: a
 * word goes on the current line when it fits, else it starts the next
 * one. Widths come from utf8proc, so "Điều" is four columns although it
 * is six bytes, and a decomposed "ệ" (e + two combining marks) is one.
 */
#include <string.h>
#include <utf8proc.h>

#include "wrap.h"

size_t cli_text_width(const char *s, size_t len)
{
	size_t w = 0, i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n =
		        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			w++;
			i++;
			continue;
		}
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
		i += (size_t)n;
	}
	return w;
}

void cli_wrap(FILE *f, const char *text, size_t col, size_t indent, size_t width)
{
	const char *p = text;
	int first_word = 1;

	while (*p) {
		size_t spaces = strspn(p, " "), n, w;
		p += spaces;
		if (!*p)
			break;
		n = strcspn(p, " ");
		w = cli_text_width(p, n);
		if (!first_word && col + 1 + w > width) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first_word) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		col += w;
		p += n;
		first_word = 0;
	}
	fputc('\n', f);
}
