/*
 * paper.c - a pact laid out as the paper the members sign (paper.h).
 *
 * The layout follows Vietnamese administrative documents (Nghị định
 * 30/2020/NĐ-CP): the issuing body top left and the national motto top
 * right, each over a short rule; place and date under the motto, in
 * italics; the title centred in capitals; body paragraphs justified with a
 * first-line indent; margins of 20 mm top and bottom, 30 mm left (the
 * binding), 15 mm right; printed, pages are numbered at the top centre
 * from the second on. The signature block gives each member agency a
 * cell tall enough for a signature and a seal, three to a row.
 *
 * The pact's text goes out through the sanitiser in the output's own mode
 * (HTML entities, Markdown escapes), so no pact text can become markup or
 * reach the reader as a control; the markup here is the only raw text.
 * source: and note: are provenance, not part of the paper, and are left
 * out. Cost: one pass over the document.
 */
#include "pact/paper.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "../buf.h"
#include "../labels.h"
#include "pact/error.h"
#include "pact/sanitize.h"

/* Signature cells in one row: three fit 165 mm of A4 text width with room
 * for a seal (about 40 mm) in each. */
#define SIG_PER_ROW 3

typedef struct paper {
	pact_buf *b;
	const pact_paper_opts *o;
	int md;
} paper;

/* Pact text, escaped for the output. */
static void text(const paper *p, const char *s)
{
	if (s)
		pact_buf__put_sanitized(p->b, s, strlen(s),
		                        p->md ? PACT_SANITIZE_MARKDOWN : PACT_SANITIZE_HTML);
}

/* Pact text in capitals (Markdown has no text-transform), escaped. */
static void upper(const paper *p, const char *s)
{
	pact_buf u = PACT_BUF_INIT;
	utf8proc_int32_t cp;
	utf8proc_uint8_t enc[4];

	for (const char *q = s ? s : ""; *q;) {
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)q, -1, &cp);
		if (n <= 0) {
			pact_buf__putc(&u, *q++);
			continue;
		}
		cp = utf8proc_toupper(cp);
		pact_buf__put(&u, (const char *)enc, (size_t)utf8proc_encode_char(cp, enc));
		q += n;
	}
	if (u.oom)
		p->b->oom = 1;
	else if (u.ptr)
		text(p, u.ptr);
	pact_buf__clear(&u);
}

/* "Bắc Giang, ngày 09 tháng 5 năm 2024" / "Bắc Giang, 2024-05-09" */
static void place_date(const paper *p, const pact_doc *d)
{
	pact_buf date = PACT_BUF_INIT;
	text(p, d->signed_place);
	pact_buf__puts(p->b, ", ");
	pact_labels__date(&date, p->o->lang, &d->signed_date);
	if (date.oom)
		p->b->oom = 1;
	else if (date.ptr)
		pact_buf__puts(p->b, date.ptr);
	pact_buf__clear(&date);
}

static const char css[] =
        "@page{size:A4;margin:20mm 15mm 20mm 30mm;"
        "@top-center{content:counter(page);font:13pt 'Times New Roman',Times,serif}}\n"
        "@page:first{@top-center{content:none}}\n"
        "body{font-family:'Times New Roman',Times,serif;font-size:13pt;line-height:1.4;"
        "max-width:165mm;margin:1em auto;padding:0 .5em;color:#000}\n"
        "table{border-collapse:collapse;width:100%}\n"
        "table.head td{vertical-align:top;text-align:center;width:42%;padding:0 2pt}\n"
        "table.head td+td{width:58%}\n"
        ".org,.nation{font-weight:bold;text-transform:uppercase;font-size:12pt;margin:0}\n"
        ".nation{font-size:11.5pt;white-space:nowrap}\n"
        ".motto{font-weight:bold;margin:0}\n"
        ".rule{border-top:1px solid #000;width:35%;margin:2pt auto 0}\n"
        "p.date{font-style:italic;text-align:right;margin:.6em 0 0}\n"
        "h1{text-align:center;font-size:14pt;text-transform:uppercase;margin:1.2em 0 .8em}\n"
        "p.t{text-align:justify;text-indent:1.27cm;margin:0 0 6pt}\n"
        "p.cl{font-weight:bold;margin:10pt 0 4pt}\n"
        "p.for{font-weight:bold;text-align:center;text-transform:uppercase;margin:1.4em 0 .4em}\n"
        "div.sign{break-inside:avoid}\n"
        "table.sig td{width:33%;text-align:center;vertical-align:top;height:42mm;padding:4pt}\n"
        ".sigorg{font-weight:bold;text-transform:uppercase;margin:0}\n"
        ".hint{font-style:italic;font-size:10pt;color:#444;margin:0}\n"
        "@media print{body{margin:0;max-width:none;padding:0}}\n"
        "@media (max-width:40em){body{font-size:12pt}.nation{white-space:normal}"
        "table.head td,table.head td+td,table.sig td{display:block;width:auto;height:auto;"
        "padding-bottom:1.5em}}\n";

static void html_head(const paper *p, const pact_doc *d)
{
	pact_buf *b = p->b;

	pact_buf__printf(b,
	                 "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width\">\n<title>",
	                 p->o->lang == PACT_LANG_EN ? "en" : "vi");
	text(p, d->title);
	pact_buf__printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	pact_buf__puts(b, "<table class=\"head\"><tr><td><p class=\"org\">");
	text(p, d->bloc);
	pact_buf__puts(b, "</p><div class=\"rule\"></div></td>\n<td><p class=\"nation\">");
	/* TRANSLATORS: the national motto heading of a Vietnamese document */
	pact_buf__puts(b, pact__(p->o->lang, "Socialist Republic of Viet Nam"));
	pact_buf__printf(b,
	                 "</p><p class=\"motto\">%s</p><div class=\"rule\"></div>"
	                 "<p class=\"date\">",
	                 pact__(p->o->lang, "Independence - Freedom - Happiness"));
	place_date(p, d);
	pact_buf__puts(b, "</p></td></tr></table>\n<h1>");
	text(p, d->title);
	pact_buf__puts(b, "</h1>\n");
}

static void html_body(const paper *p, const pact_doc *d)
{
	pact_buf *b = p->b;

	if (d->preamble) {
		pact_buf__puts(b, "<p class=\"t\">");
		text(p, d->preamble);
		pact_buf__puts(b, "</p>\n");
	}
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause *c = &d->clauses[i];
		pact_buf__printf(b, "<p class=\"cl\">%s %ld.",
		                 pact_labels__get(p->o->lang, L_CLAUSE), c->number);
		if (c->title) {
			pact_buf__putc(b, ' ');
			text(p, c->title);
		}
		pact_buf__puts(b, "</p>\n");
		for (size_t k = 0; k < c->ncommitments; k++) {
			pact_buf__puts(b, "<p class=\"t\">- ");
			text(p, c->commitments[k].text);
			pact_buf__puts(b, "</p>\n");
		}
	}
}

static void html_signatures(const paper *p, const pact_doc *d)
{
	pact_buf *b = p->b;

	/* Printed, the closing, the heading and the cells stay on one page:
	 * never a heading alone at the foot of a page, nor a page of nothing
	 * but signatures. */
	pact_buf__puts(b, "<div class=\"sign\">\n");
	if (d->closing) {
		pact_buf__puts(b, "<p class=\"t\">");
		text(p, d->closing);
		pact_buf__puts(b, "</p>\n");
	}
	/* TRANSLATORS: heading of the signature block */
	pact_buf__printf(b, "<p class=\"for\">%s</p>\n<table class=\"sig\">\n",
	                 pact__(p->o->lang, "For the member agencies"));
	for (size_t i = 0; i < d->nmembers; i++) {
		if (i % SIG_PER_ROW == 0)
			pact_buf__puts(b, i ? "</tr>\n<tr>" : "<tr>");
		pact_buf__puts(b, "<td><p class=\"sigorg\">");
		text(p, d->members[i].name);
		/* TRANSLATORS: under each member agency in the signature block */
		pact_buf__printf(b, "</p><p class=\"hint\">%s</p></td>",
		                 pact__(p->o->lang, "(signature, full name and seal)"));
	}
	pact_buf__puts(b, "</tr>\n</table>\n</div>\n</body>\n</html>\n");
}

static void markdown(const paper *p, const pact_doc *d)
{
	pact_buf *b = p->b;

	pact_buf__puts(b, "**");
	upper(p, pact__(p->o->lang, "Socialist Republic of Viet Nam"));
	pact_buf__printf(b, "**  \n**%s**\n\n**",
	                 pact__(p->o->lang, "Independence - Freedom - Happiness"));
	upper(p, d->bloc);
	pact_buf__puts(b, "**\n\n*");
	place_date(p, d);
	pact_buf__puts(b, "*\n\n# ");
	upper(p, d->title);
	pact_buf__puts(b, "\n\n");
	if (d->preamble) {
		text(p, d->preamble);
		pact_buf__puts(b, "\n\n");
	}
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause *c = &d->clauses[i];
		pact_buf__printf(b, "**%s %ld.**", pact_labels__get(p->o->lang, L_CLAUSE),
		                 c->number);
		if (c->title) {
			pact_buf__putc(b, ' ');
			text(p, c->title);
		}
		pact_buf__puts(b, "\n\n");
		for (size_t k = 0; k < c->ncommitments; k++) {
			pact_buf__puts(b, "- ");
			text(p, c->commitments[k].text);
			pact_buf__putc(b, '\n');
		}
		pact_buf__putc(b, '\n');
	}
	if (d->closing) {
		text(p, d->closing);
		pact_buf__puts(b, "\n\n");
	}
	pact_buf__printf(b, "## %s\n\n|", pact__(p->o->lang, "For the member agencies"));
	for (size_t i = 0; i < d->nmembers; i++) {
		pact_buf__putc(b, ' ');
		text(p, d->members[i].name);
		pact_buf__puts(b, " |");
	}
	pact_buf__puts(b, "\n|");
	for (size_t i = 0; i < d->nmembers; i++)
		pact_buf__puts(b, ":---:|");
	pact_buf__puts(b, "\n|");
	for (size_t i = 0; i < d->nmembers; i++)
		pact_buf__printf(b, " *%s* |",
		                 pact__(p->o->lang, "(signature, full name and seal)"));
	pact_buf__putc(b, '\n');
}

int pact_paper_render(char **out, size_t *len, const pact_doc *doc, const pact_paper_opts *opts)
{
	pact_paper_opts def = PACT_PAPER_OPTS_INIT;
	pact_buf b = PACT_BUF_INIT;
	paper p;
	int rc = PACT_ENOMEM;

	*out = NULL;
	if (!opts)
		opts = &def;
	p.b = &b;
	p.o = opts;
	p.md = opts->format == PACT_PAPER_MARKDOWN;
	/* as the diff's reports: no control in the output, whatever a
	 * library caller put into the document (the loader refuses them) */
	pact_buf__filter(&b, PACT_SANITIZE_TEXT);
	if (p.md) {
		markdown(&p, doc);
	} else {
		html_head(&p, doc);
		html_body(&p, doc);
		html_signatures(&p, doc);
	}
	if (b.oom)
		goto done;
	*out = pact_buf__detach(&b, len);
	if (*out)
		rc = 0;
done:
	pact_buf__clear(&b);
	return rc;
}
