/*
 * blocks.c - the containers of the import pipeline: the readers' block
 * list, the joined texts of the found document with their line maps, and
 * the warnings.
 *
 * Invariants: every block's text is valid UTF-8 in NFC without NUL, so the
 * structure finder never re-checks encoding; the total text is bounded by
 * PACT_IMPORT_MAX_TEXT_BYTES and the count by PACT_IMPORT_MAX_BLOCKS, so
 * whatever a reader is fed, what follows it costs bounded memory. An
 * imp_text keeps, for each piece appended, the byte offset where it starts
 * and its input line, so every word of a commitment can be traced back to
 * the line a person would look at.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../buf.h"
#include "../schema.h"
#include "../tree.h"
#include "import.h"
#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/utf8.h"

/*
 * The combining marks in a row once cp is added to a run of `run`, counted
 * as pact validate counts them (schema.c, error 'marks'): in cp's
 * canonical decomposition, a letter of the Latin blocks (every precomposed
 * Vietnamese letter) starting a run afresh. utf8proc's NFC sorts a run of
 * n marks in n^2 steps: a letter with 64 000 marks took 5 s to import, so
 * a run longer than PACT_MAX_MARKS is never normalised.
 */
static size_t marks_run(int32_t cp, size_t run)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n;

	if (cp < 0x80 || (cp >= 0xC0 && cp < 0x240 && cp != 0xD7 && cp != 0xF7) ||
	    (cp >= 0x1E00 && cp < 0x1F00))
		return 0;
	n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, NULL);
	if (n < 0 || n > 8)
		return run;
	for (utf8proc_ssize_t k = 0; k < n; k++)
		run = utf8proc_get_property(d[k])->combining_class ? run + 1 : 0;
	return run;
}

char *pact_import__nfc(const char *s, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += pact_utf8_decode(s + i, len - i, &cp);
		if ((run = marks_run(cp, run)) > PACT_MAX_MARKS)
			return pact_alloc__strndup(s, len);
	}
	return pact_utf8_nfc(s, len);
}

/* Office documents carry typography a pact must not: no-break and other
 * fixed-width spaces become a space, soft hyphens, zero-width characters,
 * bidi controls and other control characters are dropped (pact validate
 * warns about each of them). TAB stays: it separates columns (write.c
 * turns it into a space). s is valid UTF-8; the result is no longer.
 * *over: the column of s (in characters, from 1) where what is kept first
 * has more than PACT_MAX_MARKS combining marks in a row, else 0 (the
 * marks are counted after the cleaning, which drops the grapheme joiner
 * U+034F that may part them). */
static size_t clean(char *s, size_t len, size_t *over)
{
	size_t r = 0, w = 0, run = 0, chars = 0;

	*over = 0;
	while (r < len) {
		int32_t cp;
		size_t n = pact_utf8_decode(s + r, len - r, &cp);
		chars++;
		if (cp == 0xA0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A)) {
			s[w++] = ' ';
			run = 0;
		} else if (cp == '\t' || (!pact_utf8_is_control(cp) && cp != 0x034F)) {
			memmove(s + w, s + r, n), w += n;
			if ((run = marks_run(cp, run)) > PACT_MAX_MARKS && !*over)
				*over = chars;
		}
		r += n;
	}
	return w;
}

int pact_import__blocks_add(imp_blocks *b, imp_block_kind kind, const char *text, size_t len,
                            unsigned line, unsigned page, imp_block **added)
{
	imp_block *items, *bl;
	char *nfc = NULL;
	size_t over;

	if (added)
		*added = NULL;
	if (b->count >= PACT_IMPORT_MAX_BLOCKS)
		return pact_error_set(PACT_ELIMIT, "more than %u lines or paragraphs",
		                      (unsigned)PACT_IMPORT_MAX_BLOCKS);
	if (text) {
		if (len == (size_t)-1)
			len = strlen(text);
		if (!pact_utf8_valid(text, len, NULL))
			return pact_error_set(PACT_EINVALID, "text that is not UTF-8 at line %u",
			                      line);
		if (b->text_bytes + len > PACT_IMPORT_MAX_TEXT_BYTES)
			return pact_error_set(PACT_ELIMIT, "more than %u MiB of text",
			                      PACT_IMPORT_MAX_TEXT_BYTES / (1024u * 1024u));
		char *copy = pact_alloc__malloc(len + 1);
		if (!copy)
			return PACT_ENOMEM;
		memcpy(copy, text, len);
		len = clean(copy, len, &over);
		copy[len] = '\0';
		if (over) {
			free(copy);
			return pact_error_set(
			        PACT_EINVALID,
			        "more than %d combining marks in a row on one letter "
			        "at line %u, column %zu: no language needs that many; "
			        "remove them",
			        PACT_MAX_MARKS, line, over);
		}
		nfc = len ? pact_utf8_nfc(copy, len) : pact_alloc__strdup("");
		free(copy);
		if (!nfc)
			return PACT_ENOMEM;
	}
	items = pact_alloc__grow(b->items, &b->cap, b->count, sizeof(*items), 64);
	if (!items) {
		free(nfc);
		return PACT_ENOMEM;
	}
	b->items = items;
	bl = &items[b->count++];
	memset(bl, 0, sizeof(*bl));
	bl->kind = kind;
	bl->text = nfc;
	bl->level = -1;
	bl->line = line;
	bl->page = page;
	b->text_bytes += nfc ? strlen(nfc) : 0;
	if (added)
		*added = bl;
	return 0;
}

void pact_import__blocks_clear(imp_blocks *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->count; i++) {
		free(b->items[i].text);
		free(b->items[i].label);
	}
	free(b->items);
	free(b->how_owned);
	memset(b, 0, sizeof(*b));
}

/* ---- imp_text ------------------------------------------------------- */

int pact_import__text_append(imp_text *t, const char *s, size_t len, unsigned line, char join)
{
	size_t need = t->len + len + 2;
	char *ns;

	if (t->n == t->cap) {
		size_t cap = t->cap;
		size_t *off = pact_alloc__grow(t->off, &cap, t->n, sizeof(*off), 4);
		if (!off)
			return PACT_ENOMEM;
		t->off = off;
		cap = t->cap;
		unsigned *ln = pact_alloc__grow(t->line, &cap, t->n, sizeof(*ln), 4);
		if (!ln)
			return PACT_ENOMEM;
		t->line = ln;
		t->cap = cap;
	}
	ns = pact_alloc__realloc(t->s, need);
	if (!ns)
		return PACT_ENOMEM;
	t->s = ns;
	if (t->len && join)
		t->s[t->len++] = join;
	t->off[t->n] = t->len;
	t->line[t->n] = line;
	t->n++;
	memcpy(t->s + t->len, s, len);
	t->len += len;
	t->s[t->len] = '\0';
	return 0;
}

unsigned pact_import__text_line_at(const imp_text *t, size_t off)
{
	unsigned line = 0;
	for (size_t k = 0; k < t->n && t->off[k] <= off; k++)
		line = t->line[k];
	return line;
}

unsigned pact_import__text_first_line(const imp_text *t)
{
	return t->n ? t->line[0] : 0;
}

int pact_import__text_replace(imp_text *t, size_t off, size_t len, const char *with)
{
	size_t wl = strlen(with);
	char *ns;

	if (!t->s || off + len > t->len)
		return PACT_EUSAGE;
	ns = pact_alloc__malloc(t->len - len + wl + 1);
	if (!ns)
		return PACT_ENOMEM;
	memcpy(ns, t->s, off);
	memcpy(ns + off, with, wl);
	memcpy(ns + off + wl, t->s + off + len, t->len - off - len + 1);
	for (size_t k = 0; k < t->n; k++)
		if (t->off[k] > off)
			t->off[k] = t->off[k] >= off + len ? t->off[k] - len + wl : off + wl;
	free(t->s);
	t->s = ns;
	t->len = t->len - len + wl;
	return 0;
}

void pact_import__text_clear(imp_text *t)
{
	if (!t)
		return;
	free(t->s);
	free(t->off);
	free(t->line);
	memset(t, 0, sizeof(*t));
}

void pact_import__doc_clear(imp_doc *d)
{
	if (!d)
		return;
	pact_import__text_clear(&d->title);
	pact_import__text_clear(&d->bloc);
	pact_import__text_clear(&d->province);
	pact_import__text_clear(&d->place);
	pact_import__text_clear(&d->preamble);
	pact_import__text_clear(&d->closing);
	for (size_t i = 0; i < d->nmembers; i++) {
		pact_import__text_clear(&d->members[i].name);
		free(d->members[i].id);
	}
	free(d->members);
	for (size_t i = 0; i < d->nclauses; i++) {
		imp_clause *c = &d->clauses[i];
		pact_import__text_clear(&c->title);
		for (size_t k = 0; k < c->ncommitments; k++)
			pact_import__text_clear(&c->commitments[k]);
		free(c->commitments);
		free(c->id);
	}
	free(d->clauses);
	memset(d, 0, sizeof(*d));
}

/* ---- warnings ------------------------------------------------------- */

static int add(pact_diags *d, unsigned line, const char *code, const char *fmt, va_list ap)
        __attribute__((format(printf, 4, 0)));
static int add(pact_diags *d, unsigned line, const char *code, const char *fmt, va_list ap)
{
	char msg[1024];
	pact_pos pos = {line, line ? 1 : 0};
	vsnprintf(msg, sizeof(msg), pact__(pact_i18n_lang(), fmt), ap); /* an msgid */
	return pact_tree__diags_add(d, PACT_DIAG_WARNING, pos, code, "%s", msg);
}

int pact_import__warn(imp_ctx *ctx, unsigned line, const char *code, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = add(ctx->diags, line, code, fmt, ap);
	va_end(ap);
	return rc;
}

int pact_import__warnv(imp_ctx *ctx, unsigned line, const char *code, const char *fmt, va_list ap)
{
	return add(ctx->diags, line, code, fmt, ap);
}

int pact_import__change(imp_ctx *ctx, unsigned line, const char *code, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = add(ctx->changes, line, code, fmt, ap);
	va_end(ap);
	return rc;
}

/* ---- folding -------------------------------------------------------- */

char *pact_import__fold(const char *s, size_t len)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n;
	char *w, *r;
	size_t i;

	/* ASCII needs no Unicode tables (OCR output that lost its marks is
	 * mostly ASCII): lower-case it directly */
	for (i = 0; i < len && (unsigned char)s[i] < 0x80 && s[i]; i++)
		;
	if (i == len) {
		char *a = pact_alloc__malloc(len + 1);
		if (!a)
			return NULL;
		for (i = 0; i < len; i++)
			a[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
		a[len] = '\0';
		return a;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
	                 UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
	if (n < 0)
		return NULL;
	/* đ (U+0111) has no decomposition: fold it to d by hand */
	for (r = w = (char *)m; *r;) {
		if ((unsigned char)r[0] == 0xC4 && (unsigned char)r[1] == 0x91) {
			*w++ = 'd';
			r += 2;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (char *)m;
}
