/*
 * write.c - the found document as pact/1 YAML.
 *
 * Keys in the order of docs/schema.md, every string double-quoted (so a
 * colon, a leading dash or "yes" in the text can never change its type).
 * A required field import did not find is written empty with a comment
 * saying so ("title: \"\"  # not found ..."): the output then fails
 * `pact validate`, which points at that line, and nothing is invented.
 * `source:` says what the text was imported from and how.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "import.h"
#include "pact/error.h"
#include "pact/sanitize.h"
#include "pact/utf8.h"

/* A YAML double-quoted scalar. What the sanitiser would never show raw
 * (controls, bidi and other format characters, U+2028/U+2029, which YAML
 * itself reads as line breaks) is written as a YAML escape, so the output
 * drives no terminal and pact validate still sees the character and warns;
 * a byte that is not UTF-8 (the readers decode, so none should arrive)
 * becomes U+FFFD. */
static void quoted(pact_buf *b, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	pact_buf__putc(b, '"');
	for (size_t i = 0; i < len;) {
		unsigned cp = 0;
		size_t n = pact_utf8_next(s + i, len - i, &cp);
		if (n == 0)
			pact_buf__puts(b, "\\uFFFD");
		else if (cp == '"' || cp == '\\')
			pact_buf__printf(b, "\\%c", (char)cp);
		else if (cp == '\n')
			pact_buf__puts(b, "\\n");
		else if (cp == '\t')
			pact_buf__putc(b, ' ');
		else if (cp < 0x80 && pact_sanitize_is_unsafe(cp))
			pact_buf__printf(b, "\\x%02x", cp);
		else if (pact_sanitize_is_unsafe(cp))
			pact_buf__printf(b, cp <= 0xFFFF ? "\\u%04x" : "\\U%08x", cp);
		else
			pact_buf__put(b, s + i, n);
		i += n ? n : 1;
	}
	pact_buf__putc(b, '"');
}

/* "key: "value"" or, when missing, "key: ""  # not found: hint" */
static void field(pact_buf *b, const char *indent, const char *key, const imp_text *t,
                  const char *hint, int *complete)
{
	pact_buf__printf(b, "%s%s: ", indent, key);
	quoted(b, t->s);
	if (!t->s || !*t->s) {
		pact_buf__printf(b, "  # not found by pact import: %s", hint);
		*complete = 0;
	}
	pact_buf__putc(b, '\n');
}

static void source(pact_buf *b, const imp_doc *doc, imp_ctx *ctx)
{
	pact_buf s = PACT_BUF_INIT;
	const char *base = strrchr(ctx->name, '/') ? strrchr(ctx->name, '/') + 1 : ctx->name;
	/* file names are anyone's bytes: an ESC in one made the pact invalid
	 * ("control character U+001B in text"); shown as the sanitiser shows
	 * it (x\e[31m.txt), a text of visible characters */
	char *name = pact_sanitize(base, PACT_SANITIZE_LINE),
	     *label = ctx->opts->like_label
	                      ? pact_sanitize(ctx->opts->like_label, PACT_SANITIZE_LINE)
	                      : NULL;
	if (!name || (ctx->opts->like_label && !label))
		s.oom = 1;
	pact_buf__printf(&s, "Imported with pact import from '%s' (%s", name ? name : "",
	                 doc->format);
	if (doc->how)
		pact_buf__printf(&s, ", %s", doc->how);
	pact_buf__puts(&s, ")");
	if (doc->no_diacritics)
		pact_buf__puts(&s, "; the text had lost most of its diacritics");
	if (doc->like && label)
		pact_buf__printf(&s, "; ids aligned with %s", label);
	else if (doc->like)
		pact_buf__puts(&s, "; ids aligned with last year's pact");
	else
		pact_buf__puts(&s, "; ids made from the text");
	if (doc->restored || doc->unrestored)
		pact_buf__printf(&s,
		                 "; %zu word%s restored from last year's wording, %zu left as read",
		                 doc->restored, doc->restored == 1 ? "" : "s", doc->unrestored);
	pact_buf__puts(&s, ". Check it against the original.");
	if (s.oom) {
		b->oom = 1;
	} else {
		pact_buf__puts(b, "source: ");
		quoted(b, s.ptr);
		pact_buf__putc(b, '\n');
	}
	pact_buf__clear(&s);
	free(name);
	free(label);
}

int pact_import__write(char **out, size_t *len, int *complete, const imp_doc *doc, imp_ctx *ctx)
{
	pact_buf b = PACT_BUF_INIT;

	*out = NULL;
	*complete = 1;
	pact_buf__puts(&b, "schema: pact/1\n");
	if (doc->year)
		pact_buf__printf(&b, "year: %d\n", ctx->opts->year ? ctx->opts->year : doc->year);
	else if (ctx->opts->year)
		pact_buf__printf(&b, "year: %d\n", ctx->opts->year);
	else {
		pact_buf__puts(&b,
		               "year: \"\"  # not found by pact import: the pact's year, e.g. 2025 "
		               "(or import with --year)\n");
		*complete = 0;
	}
	field(&b, "", "title", &doc->title, "the title, e.g. Bản giao ước thi đua năm 2025",
	      complete);
	field(&b, "", "bloc", &doc->bloc, "the bloc, e.g. Khối thi đua ...", complete);
	field(&b, "", "province", &doc->province, "the province", complete);
	pact_buf__puts(&b, "signed:\n");
	field(&b, "  ", "place", &doc->place, "where it was signed", complete);
	if (doc->date.year) {
		pact_buf__printf(&b, "  date: %04d-%02d-%02d\n", doc->date.year, doc->date.month,
		                 doc->date.day);
	} else {
		pact_buf__puts(&b, "  date: \"\"  # not found by pact import: the signing date, "
		                   "YYYY-MM-DD\n");
		*complete = 0;
	}
	if (!doc->nmembers) {
		pact_buf__puts(&b, "members: []  # not found by pact import: add each member as "
		                   "- {id: so-tu-phap, name: Sở Tư pháp}\n");
		*complete = 0;
	} else {
		pact_buf__puts(&b, "members:\n");
	}
	for (size_t i = 0; i < doc->nmembers; i++) {
		pact_buf__printf(&b, "  - id: %s\n", doc->members[i].id);
		field(&b, "    ", "name", &doc->members[i].name, "the member's name", complete);
	}
	field(&b, "", "preamble", &doc->preamble, "the opening paragraph", complete);
	pact_buf__puts(&b, "clauses:\n");
	for (size_t i = 0; i < doc->nclauses; i++) {
		const imp_clause *c = &doc->clauses[i];
		pact_buf__printf(&b, "  - id: %s\n    number: %zu\n", c->id, i + 1);
		if (c->title.s) {
			pact_buf__puts(&b, "    title: ");
			quoted(&b, c->title.s);
			pact_buf__putc(&b, '\n');
		}
		if (!c->ncommitments) {
			pact_buf__puts(
			        &b, "    commitments: []  # not found by pact import: the clause's "
			            "sentences, one item each\n");
			*complete = 0;
			continue;
		}
		pact_buf__puts(&b, "    commitments:\n");
		for (size_t k = 0; k < c->ncommitments; k++) {
			pact_buf__puts(&b, "      - ");
			quoted(&b, c->commitments[k].s);
			pact_buf__putc(&b, '\n');
		}
	}
	field(&b, "", "closing", &doc->closing, "the closing paragraph", complete);
	source(&b, doc, ctx);
	if (b.oom) {
		pact_buf__clear(&b);
		return PACT_ENOMEM;
	}
	*out = pact_buf__detach(&b, len);
	return 0;
}
