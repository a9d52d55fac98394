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
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
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

/* Length of an escape sequence at s (CSI "ESC [ ... final"), or 0. */
static size_t escape_len(const char *s, size_t len)
{
	size_t i = 2;
	if (len < 2 || s[0] != '\033' || s[1] != '[')
		return 0;
	while (i < len && !(s[i] >= 0x40 && s[i] <= 0x7e))
		i++;
	return i < len ? i + 1 : len;
}

/* Columns of s[0..len) without its escape sequences. */
static size_t visible_width(const char *s, size_t len)
{
	size_t w = 0, i = 0;
	while (i < len) {
		size_t e = escape_len(s + i, len - i), start = i;
		if (e) {
			i += e;
			continue;
		}
		while (i < len && s[i] != '\033')
			i++;
		w += cli_text_width(s + start, i - start);
		if (i < len && !escape_len(s + i, len - i)) {
			w++; /* a lone ESC: shown as something one wide */
			i++;
		}
	}
	return w;
}

/* The hanging indent: leading spaces, then a short marker ("~", "-",
 * "+", "*", "=", "→") and a number ("3.", "4.2.") with their spaces. A colour
 * may open before the spaces ("ESC[31m   - 1. ...": a dropped clause's
 * commitment, red from the start of the line). */
static size_t hanging_indent(const char *s, size_t len)
{
	size_t i = 0, save, e = 0;
	while (i < len && (s[i] == ' ' || (e = escape_len(s + i, len - i)) != 0))
		i += s[i] == ' ' ? 1 : e;
	save = i;
	if (i + 1 < len && strchr("~-+*=", s[i]) && s[i + 1] == ' ')
		i += 2;
	else if (len - i >= 4 && !memcmp(s + i, "\xe2\x86\x92 ", 4)) /* "→ ": moved away */
		i += 4;
	else
		i = save;
	save = i;
	while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
		i++;
	if (i > save && s[i - 1] == '.' && i < len && s[i] == ' ')
		i++;
	else
		i = save;
	return i;
}

void cli_wrap_line(FILE *f, const char *line, size_t len, size_t width)
{
	char sgr[64] = ""; /* the colour open at this point, to reopen */
	size_t indent, col = 0, i = 0;

	if (width < 20 || visible_width(line, len) <= width) {
		fwrite(line, 1, len, f);
		fputc('\n', f);
		return;
	}
	indent = visible_width(line, hanging_indent(line, len));
	if (indent > width / 2)
		indent = 4;
	while (i < len) {
		/* the spaces before the next word: dropped at a break */
		size_t sp = i, start, w;
		while (i < len && line[i] == ' ')
			i++;
		if (i == len)
			break;
		sp = i - sp;
		/* one word: up to the next space, escapes included */
		start = i;
		while (i < len && line[i] != ' ')
			i++;
		w = visible_width(line + start, i - start);
		if (col > indent && col + sp + w > width) {
			fputs(sgr[0] ? "\033[m\n" : "\n", f);
			fprintf(f, "%*s%s", (int)indent, "", sgr);
			col = indent;
		} else {
			fprintf(f, "%*s", (int)sp, "");
			col += sp;
		}
		for (size_t k = start; k < i;) {
			size_t e = escape_len(line + k, i - k);
			if (e) {
				int reset = e == 3 || (e == 4 && line[k + 2] == '0');
				if (reset)
					sgr[0] = '\0';
				else if (e < sizeof(sgr))
					snprintf(sgr, sizeof(sgr), "%.*s", (int)e, line + k);
				k += e;
			} else {
				k++;
			}
		}
		fwrite(line + start, 1, i - start, f);
		col += w;
	}
	fputc('\n', f);
}
