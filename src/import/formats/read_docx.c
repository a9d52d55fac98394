/*
 * read_docx.c - Word .docx (Office Open XML): word/document.xml, with the
 * list labels Word computes from word/numbering.xml and word/styles.xml.
 *
 * A .docx is a zip holding word/document.xml (recognised by that entry, not
 * by the extension). Each w:p becomes one IMP_PARA block (a manual line
 * break w:br splits it), a table cell's paragraphs IMP_CELL blocks with
 * their table, row and column. Text is every w:t of the paragraph, in
 * order, as if every tracked change were accepted: deleted text
 * (w:delText) and field codes (w:instrText) are not w:t and so are left
 * out, and neither is the w:t of text moved away (w:moveFrom) or of a
 * hidden run; w:tab is a space, w:noBreakHyphen a hyphen. The paragraphs
 * of a text box follow the paragraph it is anchored in (once: the copy in
 * mc:Fallback is skipped).
 *
 * Automatic numbering: the number is not in the text. A paragraph's w:numPr
 * (or its style's, following w:basedOn) names a w:num and a level; the
 * w:num leads to a w:abstractNum whose w:lvl gives the start, the format
 * (decimal, lowerLetter, upperRoman, bullet, ...) and the label text
 * ("%1.", "%1.%2.", "%2)"). Counters are kept per abstract numbering, as
 * Word does, and a level's counter restarts when a higher level advances.
 * The label goes to the block's `label`; the structure finder reads it as
 * if it had been typed.
 *
 * Input position: `line` is the paragraph's number in the document (1 for
 * the first w:p), which is what a person can find by counting; Word shows
 * no line numbers for a reflowing text.
 */
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../buf.h"
#include "../import.h"
#include "pact/error.h"
#include "zipxml.h"

#define MAX_LEVELS 9    /* w:ilvl is 0..8 */
#define MAX_NUMS 4096   /* w:num and w:abstractNum entries read */
#define MAX_STYLES 4096 /* styles with numbering read */
#define MAX_BASED_ON 16 /* w:basedOn chain followed */

typedef struct lvl {
	int start;
	char fmt[32]; /* "decimalEnclosedCircleChinese" is 28 */
	char text[32];
} lvl;

typedef struct abstract_num {
	long id;
	char link[64]; /* w:numStyleLink: the list style that defines it */
	lvl lv[MAX_LEVELS];
	long count[MAX_LEVELS];
	int used[MAX_LEVELS];
} abstract_num;

typedef struct num {
	long id, abstract;
	int override_start[MAX_LEVELS]; /* -1: none */
	int override_done;
} num;

typedef struct style {
	char *id, *based_on;
	long num;
	int ilvl;
} style;

typedef struct numbering {
	abstract_num *abs;
	size_t nabs;
	num *nums;
	size_t nnums;
	style *styles;
	size_t nstyles;
} numbering;

#define MAX_WARNED 8 /* numbering formats warned about, once each */

typedef struct walk {
	imp_xml_place at; /* where the next block goes */
	numbering nb;
	unsigned tables;
	int depth;
	imp_ctx *ctx;
	/* the text of paragraphs whose mark a tracked change deleted: with
	 * the change accepted, it begins the next paragraph */
	pact_buf carry;
	char warned[MAX_WARNED][32];
	int nwarned;
} walk;

static long attr_long(const xmlNode *n, const char *name, long dflt)
{
	char *v = imp_xml_attr(n, name);
	long r = v ? strtol(v, NULL, 10) : dflt;
	xmlFree(v);
	return r;
}

static void attr_copy(char *dst, size_t cap, const xmlNode *n, const char *name)
{
	char *v = imp_xml_attr(n, name);
	snprintf(dst, cap, "%s", v ? v : "");
	xmlFree(v);
}

/* ---- numbering.xml and styles.xml ---------------------------------- */

/* A list's start (w:start, w:startOverride): Word allows 0 to 32767.
 * Outside that, a start of INT_MIN made "start - 1" overflow. */
static int clamp_start(long v)
{
	return v < 0 ? 0 : v > 32767 ? 32767 : (int)v;
}

static int read_numbering(numbering *nb, imp_zip *z)
{
	xmlDoc *doc = NULL;
	int rc;

	if (!imp_zip_has(z, "word/numbering.xml"))
		return 0;
	if ((rc = imp_zip_xml(&doc, z, "word/numbering.xml")) < 0)
		return rc;
	const xmlNode *root = xmlDocGetRootElement(doc);
	size_t na = 0, nn = 0;
	for (const xmlNode *c = root->children; c; c = c->next)
		na += imp_xml_is(c, "abstractNum"), nn += imp_xml_is(c, "num");
	if (na > MAX_NUMS || nn > MAX_NUMS) {
		xmlFreeDoc(doc);
		return pact_error_set(PACT_ELIMIT, "more than %d numbering definitions", MAX_NUMS);
	}
	nb->abs = pact_alloc__calloc(na ? na : 1, sizeof(*nb->abs));
	nb->nums = pact_alloc__calloc(nn ? nn : 1, sizeof(*nb->nums));
	if (!nb->abs || !nb->nums) {
		xmlFreeDoc(doc);
		return PACT_ENOMEM;
	}
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (imp_xml_is(c, "abstractNum")) {
			abstract_num *a = &nb->abs[nb->nabs++];
			a->id = attr_long(c, "abstractNumId", -1);
			attr_copy(a->link, sizeof(a->link), imp_xml_child(c, "numStyleLink"),
			          "val");
			for (int l = 0; l < MAX_LEVELS; l++) {
				a->lv[l].start = 1;
				strcpy(a->lv[l].fmt, "decimal");
				snprintf(a->lv[l].text, sizeof(a->lv[l].text), "%%%d.", l + 1);
			}
			for (const xmlNode *l = c->children; l; l = l->next) {
				long il = imp_xml_is(l, "lvl") ? attr_long(l, "ilvl", -1) : -1;
				if (il < 0 || il >= MAX_LEVELS)
					continue;
				lvl *v = &a->lv[il];
				const xmlNode *e;
				if ((e = imp_xml_child(l, "start")))
					v->start = clamp_start(attr_long(e, "val", 1));
				if ((e = imp_xml_child(l, "numFmt")))
					attr_copy(v->fmt, sizeof(v->fmt), e, "val");
				if ((e = imp_xml_child(l, "lvlText")))
					attr_copy(v->text, sizeof(v->text), e, "val");
			}
		} else if (imp_xml_is(c, "num")) {
			num *m = &nb->nums[nb->nnums++];
			m->id = attr_long(c, "numId", -1);
			m->abstract = attr_long(imp_xml_child(c, "abstractNumId"), "val", -1);
			for (int l = 0; l < MAX_LEVELS; l++)
				m->override_start[l] = -1;
			for (const xmlNode *o = c->children; o; o = o->next) {
				long il = imp_xml_is(o, "lvlOverride") ? attr_long(o, "ilvl", -1)
				                                       : -1;
				const xmlNode *so = imp_xml_child(o, "startOverride");
				if (il >= 0 && il < MAX_LEVELS && so)
					m->override_start[il] =
					        clamp_start(attr_long(so, "val", 1));
			}
		}
	}
	xmlFreeDoc(doc);
	return 0;
}

static int read_styles(numbering *nb, imp_zip *z)
{
	xmlDoc *doc = NULL;
	int rc;

	if (!imp_zip_has(z, "word/styles.xml"))
		return 0;
	if ((rc = imp_zip_xml(&doc, z, "word/styles.xml")) < 0)
		return rc;
	const xmlNode *root = xmlDocGetRootElement(doc);
	size_t n = 0;
	for (const xmlNode *c = root->children; c; c = c->next)
		n += imp_xml_is(c, "style");
	if (n > MAX_STYLES) {
		xmlFreeDoc(doc);
		return pact_error_set(PACT_ELIMIT, "more than %d styles", MAX_STYLES);
	}
	nb->styles = pact_alloc__calloc(n ? n : 1, sizeof(*nb->styles));
	if (!nb->styles) {
		xmlFreeDoc(doc);
		return PACT_ENOMEM;
	}
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (!imp_xml_is(c, "style"))
			continue;
		style *s = &nb->styles[nb->nstyles++];
		const xmlNode *ppr = imp_xml_child(c, "pPr");
		const xmlNode *npr = imp_xml_child(ppr, "numPr");
		s->id = imp_xml_attr(c, "styleId");
		s->based_on = imp_xml_attr(imp_xml_child(c, "basedOn"), "val");
		s->num = npr ? attr_long(imp_xml_child(npr, "numId"), "val", -1) : -1;
		s->ilvl = npr ? (int)attr_long(imp_xml_child(npr, "ilvl"), "val", 0) : 0;
	}
	xmlFreeDoc(doc);
	return 0;
}

static void numbering_clear(numbering *nb)
{
	for (size_t i = 0; i < nb->nstyles; i++) {
		xmlFree(nb->styles[i].id);
		xmlFree(nb->styles[i].based_on);
	}
	free(nb->styles);
	free(nb->abs);
	free(nb->nums);
	memset(nb, 0, sizeof(*nb));
}

static const style *find_style(const numbering *nb, const char *id)
{
	for (size_t i = 0; id && i < nb->nstyles; i++)
		if (nb->styles[i].id && !strcmp(nb->styles[i].id, id))
			return &nb->styles[i];
	return NULL;
}

/* ---- labels --------------------------------------------------------- */

static void roman(pact_buf *b, long v, int upper)
{
	static const struct {
		int v;
		const char *s;
	} t[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
	         {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
	         {5, "v"},    {4, "iv"},   {1, "i"}};
	if (v <= 0 || v > 3999) {
		pact_buf__printf(b, "%ld", v);
		return;
	}
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		for (; v >= t[i].v; v -= t[i].v)
			for (const char *p = t[i].s; *p; p++)
				pact_buf__putc(b, upper ? (char)(*p - 'a' + 'A') : *p);
}

/* Formats read as their number: Word shows "một, hai, ba"
 * (vietnameseCounting), "①", "⒈", "⑴", "1st", "One", "First"; a clause's
 * number is the number, and a sub-item's label only has to read as one. */
static const char *const as_number[] = {"decimal",
                                        "decimalHalfWidth",
                                        "decimalFullWidth",
                                        "decimalFullWidth2",
                                        "ordinal",
                                        "cardinalText",
                                        "ordinalText",
                                        "vietnameseCounting",
                                        "numberInDash",
                                        "decimalEnclosedCircle",
                                        "decimalEnclosedCircleChinese",
                                        "decimalEnclosedFullstop",
                                        "decimalEnclosedParen"};

/* Write counter v in format fmt; 0 when the format is not one import
 * reads (then the number stands in, and the caller says so). */
static int format_counter(pact_buf *b, const char *fmt, long v)
{
	for (size_t i = 0; i < sizeof(as_number) / sizeof(as_number[0]); i++)
		if (!strcmp(fmt, as_number[i])) {
			pact_buf__printf(b, "%ld", v);
			return 1;
		}
	if (!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "upperLetter")) {
		char base = fmt[0] == 'l' ? 'a' : 'A';
		long k = v > 0 ? v - 1 : 0;
		for (long r = 0; r <= k / 26 && r < 8; r++) /* aa, bb after z, as Word does */
			pact_buf__putc(b, (char)(base + k % 26));
	} else if (!strcmp(fmt, "lowerRoman") || !strcmp(fmt, "upperRoman")) {
		roman(b, v, fmt[0] == 'u');
	} else if (!strcmp(fmt, "decimalZero")) {
		pact_buf__printf(b, "%02ld", v);
	} else {
		pact_buf__printf(b, "%ld", v);
		return 0;
	}
	return 1;
}

/* A level text that is one counter and nothing else ("%1", "%2 "): the
 * format carries the punctuation ("⑴", "①") or there is none. */
static int bare_counter(const char *text)
{
	while (*text == ' ')
		text++;
	if (text[0] != '%' || text[1] < '1' || text[1] > '9')
		return 0;
	for (text += 2; *text == ' '; text++)
		;
	return *text == '\0';
}

static abstract_num *find_abstract(numbering *nb, long id)
{
	for (size_t i = 0; id >= 0 && i < nb->nabs; i++)
		if (nb->abs[i].id == id)
			return &nb->abs[i];
	return NULL;
}

/* A list style's numbering (Word's "Define New List Style"): the
 * abstract numbering paragraphs use has no levels, only w:numStyleLink
 * naming the style; the style's w:numId leads to the numbering that has
 * them (marked w:styleLink). Read as the default "%1." at every level, a
 * style's "a)" sub-items were labelled "1.", "2." and taken for clauses. */
static abstract_num *linked_abstract(numbering *nb, abstract_num *a)
{
	const style *s = find_style(nb, a->link);
	for (size_t i = 0; s && s->num > 0 && i < nb->nnums; i++)
		if (nb->nums[i].id == s->num) {
			abstract_num *to = find_abstract(nb, nb->nums[i].abstract);
			return to && !to->link[0] ? to : a;
		}
	return a;
}

/* The label of a paragraph numbered (numId, ilvl); advances the counters.
 * NULL (and *rc 0) when the numbering is unknown or "none". *unknown: a
 * format the label used that import does not read (NULL when none). */
static char *next_label(numbering *nb, long numid, int ilvl, int *rc, const char **unknown)
{
	num *m = NULL;
	abstract_num *a = NULL;
	pact_buf b = PACT_BUF_INIT;

	*rc = 0;
	*unknown = NULL;
	if (numid <= 0 || ilvl < 0 || ilvl >= MAX_LEVELS)
		return NULL; /* numId 0 switches numbering off */
	for (size_t i = 0; i < nb->nnums && !m; i++)
		if (nb->nums[i].id == numid)
			m = &nb->nums[i];
	a = find_abstract(nb, m ? m->abstract : -1);
	if (a && a->link[0])
		a = linked_abstract(nb, a);
	if (!a)
		return NULL;
	if (!m->override_done) {
		for (int l = 0; l < MAX_LEVELS; l++)
			if (m->override_start[l] >= 0)
				a->count[l] = m->override_start[l] - 1, a->used[l] = 1;
		m->override_done = 1;
	}
	if (!a->used[ilvl])
		a->count[ilvl] = a->lv[ilvl].start - 1, a->used[ilvl] = 1;
	a->count[ilvl]++;
	for (int l = ilvl + 1; l < MAX_LEVELS; l++)
		a->used[l] = 0;
	if (!strcmp(a->lv[ilvl].fmt, "none"))
		return NULL;
	if (!strcmp(a->lv[ilvl].fmt, "bullet"))
		return pact_alloc__strdup("-");
	for (const char *p = a->lv[ilvl].text; *p; p++) {
		if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
			int l = p[1] - '1';
			long v = a->used[l] ? a->count[l] : a->lv[l].start;
			if (!format_counter(&b, a->lv[l].fmt, v))
				*unknown = a->lv[l].fmt;
			p++;
		} else {
			pact_buf__putc(&b, *p);
		}
	}
	/* "1 Hoàn thành" read as text: a bare number gets the ")" that makes
	 * it a list label, as "⑴" or "①" is on the page */
	if (b.len && bare_counter(a->lv[ilvl].text))
		pact_buf__putc(&b, ')');
	if (b.oom) {
		*rc = PACT_ENOMEM;
		pact_buf__clear(&b);
		return NULL;
	}
	return b.len ? pact_buf__detach(&b, NULL) : NULL;
}

/* ---- document.xml --------------------------------------------------- */

static int body(walk *w, const xmlNode *parent);

/* A run formatted as hidden text (w:vanish): Word neither shows nor
 * prints it. */
static int run_hidden(const xmlNode *r)
{
	const xmlNode *v = imp_xml_child(imp_xml_child(r, "rPr"), "vanish");
	char *val = v ? imp_xml_attr(v, "val") : NULL;
	int hidden =
	        v && (!val || (strcmp(val, "0") && strcmp(val, "false") && strcmp(val, "off")));
	xmlFree(val);
	return hidden;
}

/* What a paragraph's walk does not go into: properties; text that
 * tracked changes took away (w:del, and w:moveFrom, whose text is w:t
 * like the w:moveTo copy of it); the w:mc:Fallback that repeats a text box
 * for old readers; text boxes themselves (their paragraphs follow the
 * paragraph, see txbx_paras); hidden runs. */
static int skipped(const xmlNode *n)
{
	return imp_xml_is(n, "pPr") || imp_xml_is(n, "rPr") || imp_xml_is(n, "del") ||
	       imp_xml_is(n, "moveFrom") || imp_xml_is(n, "Fallback") ||
	       imp_xml_is(n, "txbxContent") || (imp_xml_is(n, "r") && run_hidden(n));
}

/* The paragraphs of the text boxes anchored in paragraph p (a signature
 * block or a heading is often drawn in one), as paragraphs after it. */
static int txbx_paras(walk *w, const xmlNode *p)
{
	const xmlNode *n = p->children;
	int rc = 0, depth = 0;

	while (n && rc == 0) {
		if (imp_xml_is(n, "txbxContent")) {
			if (w->depth >= 32)
				return pact_error_set(PACT_ELIMIT,
				                      "text boxes nested more than 32 deep");
			w->depth++;
			rc = body(w, n);
			w->depth--;
		} else if (n->type == XML_ELEMENT_NODE && n->children && !skipped(n) &&
		           !imp_xml_is(n, "t") && depth < PACT_IMPORT_MAX_XML_DEPTH) {
			n = n->children;
			depth++;
			continue;
		}
		n = imp_xml_next(n, &depth);
	}
	return rc;
}

/* w:sym: a character from a symbol font, w:char its code in hex: the
 * Symbol font's at F000 + its 8-bit code. "đạt <sym ≥> 95%" typed with
 * Insert > Symbol read "đạt 95%". The Symbol font's signs below are
 * mapped; a code outside the private use area is the character itself;
 * anything else (Wingdings' bullets and ticks) is left out. */
static void sym_char(pact_buf *t, const xmlNode *n)
{
	static const struct {
		unsigned char code;
		const char *s;
	} symbol[] = {{0x25, "%"}, {0x2B, "+"}, {0x2D, "-"}, {0x3C, "<"}, {0x3D, "="},
	              {0x3E, ">"}, {0xA3, "≤"}, {0xA5, "∞"}, {0xAC, "←"}, {0xAE, "→"},
	              {0xB0, "°"}, {0xB1, "±"}, {0xB3, "≥"}, {0xB4, "×"}, {0xB8, "÷"},
	              {0xB9, "≠"}, {0xBB, "≈"}, {0xD6, "√"}, {0xDE, "⇒"}};
	char *font = imp_xml_attr(n, "font"), *hex = imp_xml_attr(n, "char");
	unsigned long cp = hex ? strtoul(hex, NULL, 16) : 0;
	char u[5];

	if (cp >= 0xF000 && cp <= 0xF0FF) {
		for (size_t i = 0;
		     font && !strcmp(font, "Symbol") && i < sizeof(symbol) / sizeof(symbol[0]); i++)
			if (symbol[i].code == (cp & 0xFF))
				pact_buf__puts(t, symbol[i].s);
	} else if (cp >= 0x20 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF) &&
	           (cp < 0xE000 || cp > 0xF8FF)) {
		/* UTF-8 of cp */
		if (cp < 0x80)
			u[0] = (char)cp, u[1] = 0;
		else if (cp < 0x800)
			u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), u[2] = 0;
		else if (cp < 0x10000)
			u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F)),
			u[2] = (char)(0x80 | (cp & 0x3F)), u[3] = 0;
		else
			u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F)),
			u[2] = (char)(0x80 | (cp >> 6 & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)),
			u[4] = 0;
		pact_buf__puts(t, u);
	}
	xmlFree(font);
	xmlFree(hex);
}

/* The text of a paragraph: w:t in document order; w:br/w:cr cut it. It
 * begins with the text carried from paragraphs whose mark was deleted;
 * with `keep`, it is not emitted but carried on to the next paragraph
 * (this one's mark is deleted). */
static int para_text(walk *w, const xmlNode *p, const char *label, int level, int keep)
{
	pact_buf t = PACT_BUF_INIT;
	const xmlNode *n = p->children;
	int rc = 0, depth = 0, first = 1;

	if (w->carry.len) {
		pact_buf__puts(&t, w->carry.ptr);
		pact_buf__clear(&w->carry);
	}
	/* iterative pre-order walk of p's subtree (no recursion on input depth) */
	while (n && rc == 0) {
		if (imp_xml_is(n, "t")) {
			xmlChar *s = xmlNodeGetContent(n);
			if (s)
				pact_buf__puts(&t, (const char *)s);
			xmlFree(s);
		} else if (imp_xml_is(n, "tab")) {
			pact_buf__putc(&t, ' ');
		} else if (imp_xml_is(n, "sym")) {
			sym_char(&t, n);
		} else if (imp_xml_is(n, "noBreakHyphen")) {
			pact_buf__putc(&t, '-'); /* "UBND-Sở": the hyphen is text */
		} else if ((imp_xml_is(n, "br") || imp_xml_is(n, "cr")) && t.len) {
			rc = imp_xml_emit(&w->at, &t, first ? label : NULL, level);
			first = 0;
		}
		if (n->type == XML_ELEMENT_NODE && n->children && !imp_xml_is(n, "t") &&
		    !skipped(n) && depth < PACT_IMPORT_MAX_XML_DEPTH) {
			n = n->children;
			depth++;
			continue;
		}
		n = imp_xml_next(n, &depth);
	}
	if (rc == 0 && keep && t.len) {
		if (t.oom)
			rc = PACT_ENOMEM;
		else
			pact_buf__puts(&w->carry, t.ptr);
	} else if (rc == 0 && (t.len || first)) {
		rc = imp_xml_emit(&w->at, &t, first ? label : NULL, level);
	}
	pact_buf__clear(&t);
	return rc == 0 ? txbx_paras(w, p) : rc;
}

/* Nonzero when p keeps any text once tracked changes are accepted. */
static int para_has_text(const xmlNode *p)
{
	const xmlNode *n = p->children;
	int depth = 0;

	while (n) {
		if (imp_xml_is(n, "t")) {
			xmlChar *s = xmlNodeGetContent(n);
			int has = s && *s;
			xmlFree(s);
			if (has)
				return 1;
		} else if (imp_xml_is(n, "sym") || imp_xml_is(n, "noBreakHyphen") ||
		           imp_xml_is(n, "txbxContent")) {
			return 1;
		}
		if (n->type == XML_ELEMENT_NODE && n->children && !imp_xml_is(n, "t") &&
		    !skipped(n) && depth < PACT_IMPORT_MAX_XML_DEPTH) {
			n = n->children;
			depth++;
			continue;
		}
		n = imp_xml_next(n, &depth);
	}
	return 0;
}

/* A paragraph whose mark a tracked change deleted (w:del or w:moveFrom
 * in the paragraph mark's w:rPr). With the change accepted, the paragraph
 * is joined to the next one, which keeps its own mark, and so its
 * numbering: this one does not count in its list (a deleted clause had
 * made the next one "3." after "1."), and its text, if any is left,
 * begins the next paragraph ("Hoàn thành nhiệm vụ " + "được giao." is one
 * commitment, not two). */
static int mark_deleted(const xmlNode *ppr)
{
	const xmlNode *mark = imp_xml_child(ppr, "rPr");
	return imp_xml_child(mark, "del") || imp_xml_child(mark, "moveFrom");
}

/* Say once per format which numbering could not be read. */
static int warn_format(walk *w, const char *fmt)
{
	for (int i = 0; i < w->nwarned; i++)
		if (!strcmp(w->warned[i], fmt))
			return 0;
	if (w->nwarned < MAX_WARNED)
		snprintf(w->warned[w->nwarned++], sizeof(w->warned[0]), "%s", fmt);
	return pact_import__warn(w->ctx, w->at.para, "numbering",
	                         "Word's automatic numbering '%s' is not one import reads: "
	                         "its paragraphs are numbered 1, 2, 3 instead; check the "
	                         "clause numbers against the document",
	                         fmt);
}

static int paragraph(walk *w, const xmlNode *p)
{
	const xmlNode *ppr = imp_xml_child(p, "pPr");
	const xmlNode *npr = imp_xml_child(ppr, "numPr");
	long numid = -1;
	int ilvl = 0, rc = 0;
	char *label = NULL;
	const char *unknown = NULL;

	w->at.para++;
	if (mark_deleted(ppr))
		return para_has_text(p) ? para_text(w, p, NULL, -1, 1) : 0;
	if (npr) {
		numid = attr_long(imp_xml_child(npr, "numId"), "val", -1);
		ilvl = (int)attr_long(imp_xml_child(npr, "ilvl"), "val", 0);
	} else {
		/* numbering from the paragraph style, or the style it is based on */
		char *sid = imp_xml_attr(imp_xml_child(ppr, "pStyle"), "val");
		const style *s = find_style(&w->nb, sid);
		for (int k = 0; s && s->num < 0 && k < MAX_BASED_ON; k++)
			s = find_style(&w->nb, s->based_on);
		if (s && s->num >= 0)
			numid = s->num, ilvl = s->ilvl;
		xmlFree(sid);
	}
	if (numid > 0 && !(label = next_label(&w->nb, numid, ilvl, &rc, &unknown)) && rc < 0)
		return rc;
	if (unknown && (rc = warn_format(w, unknown)) < 0) {
		free(label);
		return rc;
	}
	rc = para_text(w, p, label, ilvl, 0);
	free(label);
	return rc;
}

static int table(walk *w, const xmlNode *tbl)
{
	unsigned saved_t = w->at.table, saved_r = w->at.row, saved_c = w->at.col;
	int rc = 0;
	if (++w->depth > 32)
		return pact_error_set(PACT_ELIMIT, "tables nested more than 32 deep");
	w->at.table = ++w->tables;
	w->at.row = 0;
	for (const xmlNode *tr = tbl->children; tr && rc == 0; tr = tr->next) {
		if (!imp_xml_is(tr, "tr"))
			continue;
		w->at.row++;
		w->at.col = 0;
		for (const xmlNode *tc = tr->children; tc && rc == 0; tc = tc->next) {
			if (!imp_xml_is(tc, "tc"))
				continue;
			w->at.col++;
			rc = body(w, tc);
		}
	}
	w->at.table = saved_t, w->at.row = saved_r, w->at.col = saved_c;
	w->depth--;
	return rc;
}

/* Paragraphs and tables of a body, a cell, a content control, or a
 * custom XML element. */
static int body(walk *w, const xmlNode *parent)
{
	int rc = 0;
	for (const xmlNode *c = parent->children; c && rc == 0; c = c->next) {
		if (imp_xml_is(c, "p"))
			rc = paragraph(w, c);
		else if (imp_xml_is(c, "tbl"))
			rc = table(w, c);
		else if (imp_xml_is(c, "sdt") && imp_xml_child(c, "sdtContent") && w->depth < 32) {
			w->depth++;
			rc = body(w, imp_xml_child(c, "sdtContent"));
			w->depth--;
		} else if (imp_xml_is(c, "customXml") && w->depth < 32) {
			/* a block wrapped in custom XML markup: its
			 * paragraphs were skipped */
			w->depth++;
			rc = body(w, c);
			w->depth--;
		}
	}
	/* a deleted mark at the end of a cell or of the document joins no
	 * paragraph: its text stands alone */
	if (rc == 0 && w->carry.len)
		rc = imp_xml_emit(&w->at, &w->carry, NULL, -1);
	return rc;
}

int pact_import__sniff_docx(const unsigned char *data, size_t len)
{
	return imp_zip_sniff(data, len, "word/document.xml");
}

int pact_import__read_docx(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	imp_zip *z = NULL;
	xmlDoc *doc = NULL;
	walk w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.at.out = out;
	w.ctx = ctx;
	out->format = N_("Word document (.docx)");
	if ((rc = imp_zip_open(&z, data, len)) < 0)
		goto done;
	if ((rc = read_numbering(&w.nb, z)) < 0 || (rc = read_styles(&w.nb, z)) < 0 ||
	    (rc = imp_zip_xml(&doc, z, "word/document.xml")) < 0)
		goto done;
	const xmlNode *bd = imp_xml_child(xmlDocGetRootElement(doc), "body");
	if (!bd) {
		rc = pact_error_set(PACT_EINVALID, "a Word document without a body");
		goto done;
	}
	rc = body(&w, bd);
done:
	xmlFreeDoc(doc);
	numbering_clear(&w.nb);
	pact_buf__clear(&w.carry);
	imp_zip_close(z);
	return rc;
}
