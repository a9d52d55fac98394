/*
 * paras.c - from the readers' blocks to clean paragraphs: page furniture
 * dropped, lines the layout broke joined again, list labels put back in
 * front of their text.
 *
 * Furniture: page numbers ("- 2 -", "Trang 2", "2/5"), the national motto
 * ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
 * also as one column of a two-column line), rules ("-----"), the OCR's
 * stray marks before a line ("~ "), and running headers: a short line
 * found at the top or the bottom of two or more pages.
 *
 * Joining (IMP_LINE only): a line starts a new paragraph when it starts
 * with a list marker, or follows an empty line, or the line before ended a
 * sentence or was short (well under the usual width) and this one starts
 * with a capital. An empty line is crossed (a page break in OCR output)
 * when the text before it does not end a sentence and the next line starts
 * in lower case. A line ending in a hyphen after a letter or digit is glued
 * to the next without a space ("01-" + "KL/TW"). Cost: O(text).
 */
#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "import.h"
#include "paras.h"
#include "pact/error.h"
#include "text.h"

/* Lines shorter than this share of the usual (90th percentile) line length
 * end their paragraph when the next starts with a capital: titles and last
 * lines of paragraphs are short, lines the layout broke are not. */
#define SHORT_LINE_PERCENT 65

/* Nonzero when the line may hold the national motto: one fold, two looks. */
static int has_motto(const char *s, size_t len)
{
	char *f = pact_import__fold(s, len);
	int r = f && (strstr(f, "cong hoa xa hoi") || strstr(f, "doc lap"));
	free(f);
	return r;
}

/* Page numbers and rules: a line of digits, dashes and spaces with at most
 * 3 digits in a row, optionally "Trang N". */
static int is_page_number(const char *s, size_t len)
{
	size_t digits = 0, run = 0, i = 0;
	if (len >= 5 && !strncmp(s, "Trang", 5))
		i = 5;
	for (; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (++run > 3)
				return 0;
			digits++;
		} else if (c == '-' || c == ' ' || c == '/' || c == '.' || c == '_' || c == '*' ||
		           c == '=' || c == '~') {
			run = 0;
		} else if ((unsigned char)c == 0xE2 && i + 2 < len &&
		           (unsigned char)s[i + 1] == 0x80 &&
		           ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) {
			i += 2; /* – — */
			run = 0;
		} else {
			return 0;
		}
	}
	(void)digits;
	return 1; /* digits or a rule of dashes alone */
}

static const char *const motto[] = {
        "cong hoa xa hoi chu nghia viet nam",
        "doc lap - tu do - hanh phuc",
        "doc lap-tu do-hanh phuc",
        "doc lap – tu do – hanh phuc",
};

/* The line without the national motto, or NULL (drop the line); *out is a
 * copy the caller frees. Works on the folded form and cuts the same number
 * of words from the original, since folding keeps word boundaries. */
static int strip_motto(char **out, const char *s, size_t len)
{
	char *f = pact_import__fold(s, len);
	imp_words ws = {0}, fw = {0};
	pact_buf b = PACT_BUF_INIT;
	int rc = 0;
	size_t i = 0;

	*out = NULL;
	if (!f)
		return PACT_ENOMEM;
	if ((rc = pact_import__words_split(&ws, s, len)) < 0)
		goto done;
	while (i < ws.n) {
		size_t skip = 0;
		for (size_t m = 0; m < sizeof(motto) / sizeof(motto[0]) && !skip; m++) {
			/* count the words of the motto and compare word by word */
			imp_words mw = {0};
			if ((rc = pact_import__words_split(&mw, motto[m], strlen(motto[m]))) < 0)
				goto done;
			if (i + mw.n <= ws.n) {
				size_t k = 0;
				for (; k < mw.n; k++)
					if (strcmp(ws.w[i + k].bare, mw.w[k].bare) &&
					    strcmp(ws.w[i + k].fold, mw.w[k].fold))
						break;
				if (k == mw.n)
					skip = mw.n;
			}
			pact_import__words_clear(&mw);
		}
		if (skip) {
			pact_buf__puts(&b, "   "); /* keep the column gap */
			i += skip;
			continue;
		}
		if (b.len)
			pact_buf__putc(&b, ' ');
		if (i && ws.w[i].off > ws.w[i - 1].off + ws.w[i - 1].len + 2)
			pact_buf__puts(&b, "  "); /* a column gap stays a gap */
		pact_buf__put(&b, s + ws.w[i].off, ws.w[i].len);
		i++;
	}
	if (b.oom) {
		rc = PACT_ENOMEM;
		goto done;
	}
	*out = pact_buf__detach(&b, NULL);
	if (!*out && !b.oom)
		*out = pact_alloc__strdup("");
	if (!*out)
		rc = PACT_ENOMEM;
done:
	pact_buf__clear(&b);
	pact_import__words_clear(&ws);
	pact_import__words_clear(&fw);
	free(f);
	return rc;
}

/* Trim spaces and the OCR's stray marks at the start ("~ ", "| "). */
static void trim(const char **s, size_t *len)
{
	const char *p = *s;
	size_t n = *len;
	for (;;) {
		while (n && (*p == ' ' || *p == '\t'))
			p++, n--;
		if (n >= 2 && strchr("~|_*", *p) && p[1] == ' ')
			p++, n--;
		else
			break;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	*s = p;
	*len = n;
}

static int all_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '-' && *s != '_')
			return 0;
	return 1;
}

/* ---- clean lines ----------------------------------------------------- */

static int add_line(imp_lines *L, const imp_block *b, const char *s, size_t len, int brk)
{
	imp_line *ln = pact_alloc__grow(L->items, &L->cap, L->count, sizeof(*ln), 64);
	pact_buf t = PACT_BUF_INIT;
	if (!ln)
		return PACT_ENOMEM;
	L->items = ln;
	ln = &L->items[L->count];
	memset(ln, 0, sizeof(*ln));
	if (b->label && *b->label) {
		pact_buf__puts(&t, b->label);
		pact_buf__putc(&t, ' ');
	}
	pact_buf__put(&t, s, len);
	ln->text = pact_buf__detach(&t, &ln->len);
	if (!ln->text)
		return PACT_ENOMEM;
	ln->kind = b->kind;
	ln->line = b->line;
	ln->page = b->page;
	ln->flags = b->flags;
	ln->level = b->level;
	ln->labelled = b->label != NULL;
	ln->table = b->table;
	ln->row = b->row;
	ln->col = b->col;
	ln->brk = brk;
	L->count++;
	return 0;
}

/* Running headers and footers: short lines found first or last on two or
 * more pages. Where the reader knows pages, "first or last" is by page;
 * in plain text, where pages show only as page-number lines, it is a line
 * next to a page number. Marks them in drop[]. */
static int is_edge(const imp_blocks *bl, size_t i)
{
	size_t n = bl->count, j;
	const imp_block *b = &bl->items[i];
	if (b->page) {
		for (j = i; j > 0 && !bl->items[j - 1].text && bl->items[j - 1].kind != IMP_PAGE;
		     j--)
			;
		if (j == 0 || bl->items[j - 1].kind == IMP_PAGE)
			return 1;
		for (j = i + 1; j < n && !bl->items[j].text && bl->items[j].kind != IMP_PAGE; j++)
			;
		return j == n || bl->items[j].kind == IMP_PAGE;
	}
	for (j = i; j > 0 && !bl->items[j - 1].text; j--)
		;
	if (j > 0 && is_page_number(bl->items[j - 1].text, strlen(bl->items[j - 1].text)))
		return 1;
	for (j = i + 1; j < n && !bl->items[j].text; j++)
		;
	return j < n && is_page_number(bl->items[j].text, strlen(bl->items[j].text));
}

typedef struct edge_line {
	const char *text;
	size_t idx;
	unsigned page;
} edge_line;

static int by_text(const void *x, const void *y)
{
	const edge_line *a = x, *b = y;
	int c = strcmp(a->text, b->text);
	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

static void running_headers(const imp_blocks *bl, unsigned char *drop)
{
	size_t n = bl->count, ne = 0;
	edge_line *e = pact_alloc__calloc(n ? n : 1, sizeof(*e));
	if (!e)
		return; /* best effort: keep the lines */
	for (size_t i = 0; i < n; i++) {
		const char *t = bl->items[i].text;
		if (t && *t && strlen(t) <= 80 && !is_page_number(t, strlen(t)) && is_edge(bl, i)) {
			e[ne].text = t;
			e[ne].idx = i;
			e[ne++].page = bl->items[i].page;
		}
	}
	/* equal texts end up side by side: O(e log e), whatever the input */
	qsort(e, ne, sizeof(*e), by_text);
	for (size_t a = 0; a < ne;) {
		size_t z = a + 1;
		int pages = 0;
		while (z < ne && !strcmp(e[z].text, e[a].text))
			z++;
		for (size_t k = a + 1; k < z; k++)
			pages |= e[k].page != e[a].page || !e[a].page;
		for (size_t k = a; pages && k < z; k++)
			drop[e[k].idx] = 1;
		a = z;
	}
	free(e);
}

int pact_import__lines_make(imp_lines *L, const imp_blocks *bl)
{
	unsigned char *drop = pact_alloc__calloc(bl->count ? bl->count : 1, 1);
	int brk = 0, rc = 0;

	if (!drop)
		return PACT_ENOMEM;
	running_headers(bl, drop);
	for (size_t i = 0; i < bl->count; i++) {
		const imp_block *b = &bl->items[i];
		const char *s;
		size_t len;
		char *nomotto = NULL;

		if (!b->text) {
			brk = 1;
			continue;
		}
		if (drop[i]) {
			L->dropped++;
			continue;
		}
		s = b->text;
		len = strlen(s);
		trim(&s, &len);
		if (!len || (is_page_number(s, len) && !b->label)) {
			if (len)
				L->dropped++;
			if (b->kind != IMP_LINE)
				brk = 1;
			continue;
		}
		if (has_motto(s, len)) {
			if ((rc = strip_motto(&nomotto, s, len)) < 0)
				goto done;
			if (all_blank(nomotto)) {
				free(nomotto);
				L->dropped++;
				brk = 1;
				continue;
			}
			s = nomotto;
			len = strlen(s);
			trim(&s, &len);
		}
		rc = add_line(L, b, s, len, brk || b->kind != IMP_LINE);
		free(nomotto);
		if (rc < 0)
			goto done;
		brk = 0;
	}
done:
	free(drop);
	return rc;
}

void pact_import__lines_clear(imp_lines *L)
{
	if (!L)
		return;
	for (size_t i = 0; i < L->count; i++)
		free(L->items[i].text);
	free(L->items);
	memset(L, 0, sizeof(*L));
}

/* ---- markers -------------------------------------------------------- */

static long roman_value(const char *s, size_t n)
{
	static const char *const r[] = {"I",    "II",  "III",  "IV",    "V",   "VI",   "VII",
	                                "VIII", "IX",  "X",    "XI",    "XII", "XIII", "XIV",
	                                "XV",   "XVI", "XVII", "XVIII", "XIX", "XX"};
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (strlen(r[i]) == n && !strncmp(r[i], s, n))
			return (long)i + 1;
	return 0;
}

/* The list marker at the start of s (style NONE when there is none). */
static imp_marker imp_marker_parse(const char *s, size_t len)
{
	imp_marker m = {IMP_M_NONE, 0, 0};
	size_t i = 0, d;

	static const char dieu[] = "\xC4\x90i\xE1\xBB\x81u "; /* "Điều ", 8 bytes */
	const size_t dl = sizeof(dieu) - 1;
	if (len > dl && !strncmp(s, dieu, dl)) {
		for (d = dl; d < len && s[d] >= '0' && s[d] <= '9' && d < dl + 4; d++)
			m.value = m.value * 10 + (s[d] - '0');
		if (d > dl) {
			if (d < len && (s[d] == '.' || s[d] == ':'))
				d++;
			if (d == len || s[d] == ' ') {
				m.style = IMP_M_DIEU;
				m.skip = d;
				return m;
			}
		}
		m.value = 0;
	}
	for (d = 0; d < len && d < 4 && s[d] >= '0' && s[d] <= '9'; d++)
		m.value = m.value * 10 + (s[d] - '0');
	if (d >= 1 && d <= 3 && d + 1 < len && (s[d] == '.' || s[d] == ')')) {
		if (s[d + 1] == ' ') {
			m.style = IMP_M_ARABIC;
			m.skip = d + 2;
			return m;
		}
		if (s[d] == '.' && s[d + 1] >= '0' && s[d + 1] <= '9') {
			/* 1.1. sub-numbering: an item inside a clause */
			for (i = d + 1; i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.');
			     i++)
				;
			if (i < len && s[i] == ' ') {
				m.style = IMP_M_ITEM;
				m.skip = i + 1;
				return m;
			}
		}
	}
	m.value = 0;
	for (d = 0; d < len && d < 6 && strchr("IVXLC", s[d]) && s[d]; d++)
		;
	if (d >= 1 && d + 1 < len && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ' &&
	    (m.value = roman_value(s, d)) > 0) {
		m.style = IMP_M_ROMAN;
		m.skip = d + 2;
		return m;
	}
	m.value = 0;
	/* a) b) đ) or a. b. */
	if (len >= 3 && s[0] >= 'a' && s[0] <= 'z' && (s[1] == ')' || s[1] == '.') && s[2] == ' ') {
		m.style = IMP_M_ITEM;
		m.skip = 3;
		return m;
	}
	if (len >= 4 && !strncmp(s, "\xC4\x91", 2) && s[2] == ')' && s[3] == ' ') {
		m.style = IMP_M_ITEM;
		m.skip = 4;
		return m;
	}
	/* - + * • – — · followed by a space */
	if (len >= 2 && strchr("-+*", s[0]) && s[0] && s[1] == ' ') {
		m.style = IMP_M_ITEM;
		m.skip = 2;
		return m;
	}
	if (len >= 4 && (!strncmp(s, "\xE2\x80\xA2 ", 4) || !strncmp(s, "\xE2\x80\x93 ", 4) ||
	                 !strncmp(s, "\xE2\x80\x94 ", 4))) {
		m.style = IMP_M_ITEM;
		m.skip = 4;
		return m;
	}
	if (len >= 3 && !strncmp(s, "\xC2\xB7 ", 3)) {
		m.style = IMP_M_ITEM;
		m.skip = 3;
		return m;
	}
	return m;
}

/* ---- paragraphs ----------------------------------------------------- */

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* the usual line length of IMP_LINE text: the 90th percentile */
static size_t usual_width(const imp_lines *L)
{
	size_t n = 0, *lens = pact_alloc__malloc((L->count ? L->count : 1) * sizeof(*lens)), w = 0;
	if (!lens)
		return (size_t)-1;
	for (size_t i = 0; i < L->count; i++)
		if (L->items[i].kind == IMP_LINE)
			lens[n++] = L->items[i].len;
	if (n >= 4) {
		qsort(lens, n, sizeof(*lens), cmp_size);
		w = lens[n * 9 / 10];
	}
	free(lens);
	return n >= 4 ? w : (size_t)-1;
}

static int starts_lower(const char *s, size_t len)
{
	return pact_import__is_lower(pact_import__first_cp(s, len));
}

/* Three spaces or a tab inside a line: columns side by side. */
static int column_gap(const char *s)
{
	return strstr(s, "   ") != NULL || strchr(s, '\t') != NULL;
}

static int new_para(imp_paras *P, const imp_line *ln, size_t idx)
{
	imp_para *p = pact_alloc__grow(P->items, &P->cap, P->count, sizeof(*p), 32);
	if (!p)
		return PACT_ENOMEM;
	P->items = p;
	p = &P->items[P->count++];
	memset(p, 0, sizeof(*p));
	p->kind = ln->kind;
	p->line = ln->line;
	p->page = ln->page;
	p->flags = ln->flags;
	p->level = ln->level;
	p->table = ln->table;
	p->row = ln->row;
	p->col = ln->col;
	p->l0 = idx;
	p->l1 = idx + 1;
	p->marker = imp_marker_parse(ln->text, ln->len);
	return pact_import__text_append(&p->t, ln->text, ln->len, ln->line, ' ');
}

int pact_import__paras_make(imp_paras *P, const imp_lines *L)
{
	size_t width = usual_width(L);
	int rc;

	for (size_t i = 0; i < L->count; i++) {
		const imp_line *ln = &L->items[i];
		imp_para *cur = P->count ? &P->items[P->count - 1] : NULL;
		const imp_line *prev = i ? &L->items[i - 1] : NULL;
		int join = 0;

		if (cur && ln->kind == IMP_LINE && cur->kind == IMP_LINE && prev) {
			imp_marker m = imp_marker_parse(ln->text, ln->len);
			int ends = pact_import__ends_sentence(cur->t.s, cur->t.len) ||
			           cur->t.s[cur->t.len - 1] == ':';
			int is_short =
			        width != (size_t)-1 && prev->len * 100 < width * SHORT_LINE_PERCENT;
			if (m.style != IMP_M_NONE || column_gap(ln->text) ||
			    column_gap(prev->text) || pact_import__all_caps(ln->text, ln->len) ||
			    pact_import__all_caps(prev->text, prev->len))
				join = 0; /* signature columns, headers and titles stand alone */
			else if (ln->brk)
				join = !ends && starts_lower(ln->text, ln->len);
			else if ((ends || is_short) && pact_import__starts_upper(ln->text, ln->len))
				join = 0;
			else
				join = 1;
		}
		if (!join) {
			if ((rc = new_para(P, ln, i)) < 0)
				return rc;
			P->items[P->count - 1].brk = ln->brk;
			continue;
		}
		/* "01-" + "KL/TW": a hyphen after a letter or digit glues */
		char glue = ' ';
		if (prev->len >= 2 && prev->text[prev->len - 1] == '-' &&
		    prev->text[prev->len - 2] != ' ')
			glue = 0;
		if ((rc = pact_import__text_append(&cur->t, ln->text, ln->len, ln->line, glue)) < 0)
			return rc;
		cur->l1 = i + 1;
	}
	return 0;
}

void pact_import__paras_clear(imp_paras *P)
{
	if (!P)
		return;
	for (size_t i = 0; i < P->count; i++) {
		pact_import__text_clear(&P->items[i].t);
		free(P->items[i].fold_head);
	}
	free(P->items);
	memset(P, 0, sizeof(*P));
}
