/*
 * read_odt.c - OpenDocument text (.odt, LibreOffice Writer): content.xml,
 * with list labels computed from the list styles.
 *
 * Recognised by content: a zip whose "mimetype" entry says
 * application/vnd.oasis.opendocument.text. Each text:p and text:h becomes
 * an IMP_PARA block (a text:line-break splits it), paragraphs in table
 * cells IMP_CELL blocks. text:s is a space, text:tab a space; notes and
 * annotations are left out; the paragraphs of a text box (draw:frame)
 * follow the paragraph it is anchored in.
 *
 * Lists: a text:list names a list style (text:list-style, in content.xml's
 * automatic styles or styles.xml); each nesting of text:list is one level
 * down. A level is numbered (style:num-format "1", "a", "A", "i", "I",
 * with num-prefix/num-suffix and text:start-value) or bulleted. Counters
 * are kept per list style and restart with each new top-level list unless
 * it says text:continue-numbering="true". Heading outline numbering
 * (text:outline-style) is not computed.
 *
 * Input position: `line` is the paragraph's number in the document.
 */
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../buf.h"
#include "../import.h"
#include "pact/error.h"
#include "zipxml.h"

#define MAX_LEVELS 10
#define MAX_LIST_STYLES 1024
#define MAX_NEST 32

typedef struct list_style {
	char *name;
	char fmt[MAX_LEVELS][8]; /* "" for a bullet */
	char prefix[MAX_LEVELS][8], suffix[MAX_LEVELS][8];
	int start[MAX_LEVELS];
	long count[MAX_LEVELS];
	int used[MAX_LEVELS];
} list_style;

typedef struct owalk {
	imp_xml_place at; /* where the next block goes */
	list_style *styles;
	size_t nstyles, cap;
	unsigned tables;
	int depth;
} owalk;

static void copy_attr(char *dst, size_t cap, const xmlNode *n, const char *name)
{
	char *v = imp_xml_attr(n, name);
	snprintf(dst, cap, "%s", v ? v : "");
	xmlFree(v);
}

static int add_styles(owalk *w, const xmlNode *container)
{
	for (const xmlNode *s = container ? container->children : NULL; s; s = s->next) {
		if (!imp_xml_is(s, "list-style"))
			continue;
		if (w->nstyles >= MAX_LIST_STYLES)
			return pact_error_set(PACT_ELIMIT, "more than %d list styles",
			                      MAX_LIST_STYLES);
		list_style *ls = pact_alloc__grow(w->styles, &w->cap, w->nstyles, sizeof(*ls), 4);
		if (!ls)
			return PACT_ENOMEM;
		w->styles = ls;
		ls = &w->styles[w->nstyles++];
		memset(ls, 0, sizeof(*ls));
		ls->name = imp_xml_attr(s, "name");
		for (int l = 0; l < MAX_LEVELS; l++)
			ls->start[l] = 1;
		for (const xmlNode *lv = s->children; lv; lv = lv->next) {
			int num = imp_xml_is(lv, "list-level-style-number");
			if (!num && !imp_xml_is(lv, "list-level-style-bullet"))
				continue;
			char *lvs = imp_xml_attr(lv, "level");
			long lv1 = lvs ? strtol(lvs, NULL, 10) : 0; /* atoi overflowed */
			xmlFree(lvs);
			if (lv1 < 1 || lv1 > MAX_LEVELS)
				continue;
			int l = (int)lv1 - 1;
			if (num) {
				copy_attr(ls->fmt[l], sizeof(ls->fmt[l]), lv, "num-format");
				copy_attr(ls->prefix[l], sizeof(ls->prefix[l]), lv, "num-prefix");
				copy_attr(ls->suffix[l], sizeof(ls->suffix[l]), lv, "num-suffix");
				char *st = imp_xml_attr(lv, "start-value");
				/* 1 to 32767, as LibreOffice allows; atoi of a
				 * huge value, or "start - 1" of INT_MIN, overflowed */
				long sv = st ? strtol(st, NULL, 10) : 1;
				ls->start[l] = sv < 1 ? 1 : sv > 32767 ? 32767 : (int)sv;
				xmlFree(st);
				if (!ls->fmt[l][0])
					strcpy(ls->fmt[l],
					       "-"); /* numbered level without a format */
			}
		}
	}
	return 0;
}

static list_style *find_style(owalk *w, const char *name)
{
	for (size_t i = 0; name && i < w->nstyles; i++)
		if (w->styles[i].name && !strcmp(w->styles[i].name, name))
			return &w->styles[i];
	return NULL;
}

static void counter(pact_buf *b, const char *fmt, long v)
{
	if (!strcmp(fmt, "a") || !strcmp(fmt, "A")) {
		pact_buf__putc(b, (char)(fmt[0] + (v - 1) % 26));
	} else if (!strcmp(fmt, "i") || !strcmp(fmt, "I")) {
		static const char *const r[] = {
		        "i",  "ii",  "iii",  "iv",  "v",  "vi",  "vii",  "viii",  "ix",  "x",
		        "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"};
		if (v >= 1 && v <= 20)
			for (const char *p = r[v - 1]; *p; p++)
				pact_buf__putc(b, fmt[0] == 'I' ? (char)(*p - 'a' + 'A') : *p);
		else
			pact_buf__printf(b, "%ld", v);
	} else {
		pact_buf__printf(b, "%ld", v);
	}
}

static char *label_for(list_style *ls, int level)
{
	pact_buf b = PACT_BUF_INIT;
	if (!ls || level < 0 || level >= MAX_LEVELS)
		return NULL;
	if (!ls->fmt[level][0])
		return pact_alloc__strdup("-");
	if (!ls->used[level])
		ls->count[level] = ls->start[level] - 1, ls->used[level] = 1;
	ls->count[level]++;
	for (int l = level + 1; l < MAX_LEVELS; l++)
		ls->used[l] = 0;
	if (!strcmp(ls->fmt[level], "-"))
		return NULL;
	pact_buf__puts(&b, ls->prefix[level]);
	counter(&b, ls->fmt[level], ls->count[level]);
	pact_buf__puts(&b, ls->suffix[level]);
	return b.oom ? (pact_buf__clear(&b), NULL) : pact_buf__detach(&b, NULL);
}

static int text_body(owalk *w, const xmlNode *parent);

/* A drawing anchored in a paragraph (draw:frame holding a draw:text-box,
 * or a draw:custom-shape with text): a signature or a heading is often
 * drawn in one. Its text is not the paragraph's: "nhiệm vụ.TM." was read
 * from a text box glued to its anchor. */
static int is_drawing(const xmlNode *n)
{
	return imp_xml_is(n, "frame") || imp_xml_is(n, "custom-shape");
}

/* The paragraphs of the drawings anchored in p, after it. */
static int drawing_paras(owalk *w, const xmlNode *p)
{
	const xmlNode *n = p->children;
	int rc = 0, depth = 0;

	while (n && rc == 0) {
		if (imp_xml_is(n, "text-box") ||
		    (imp_xml_is(n, "custom-shape") && imp_xml_child(n, "p"))) {
			if (w->depth >= MAX_NEST)
				return pact_error_set(PACT_ELIMIT,
				                      "text boxes nested more than %d deep",
				                      MAX_NEST);
			w->depth++;
			rc = text_body(w, n);
			w->depth--;
		} else if (n->type == XML_ELEMENT_NODE && n->children && !imp_xml_is(n, "note") &&
		           !imp_xml_is(n, "annotation") && depth < PACT_IMPORT_MAX_XML_DEPTH) {
			n = n->children;
			depth++;
			continue;
		}
		n = imp_xml_next(n, &depth);
	}
	return rc;
}

/* The text of a text:p or text:h, iteratively (no recursion on depth). */
static int para_text(owalk *w, const xmlNode *p, const char *label, int level)
{
	pact_buf t = PACT_BUF_INIT;
	const xmlNode *n = p->children;
	int rc = 0, depth = 0, first = 1;

	w->at.para++;
	while (n && rc == 0) {
		int descend = 0;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			pact_buf__puts(&t, (const char *)n->content);
		} else if (imp_xml_is(n, "s") || imp_xml_is(n, "tab")) {
			pact_buf__putc(&t, ' ');
		} else if (imp_xml_is(n, "line-break")) {
			if (t.len)
				rc = imp_xml_emit(&w->at, &t, first ? label : NULL, level),
				first = 0;
		} else if (n->type == XML_ELEMENT_NODE && !imp_xml_is(n, "note") &&
		           !imp_xml_is(n, "annotation") && !is_drawing(n) &&
		           depth < PACT_IMPORT_MAX_XML_DEPTH) {
			descend = n->children != NULL;
		}
		if (descend) {
			n = n->children;
			depth++;
			continue;
		}
		n = imp_xml_next(n, &depth);
	}
	if (rc == 0 && (t.len || first))
		rc = imp_xml_emit(&w->at, &t, first ? label : NULL, level);
	pact_buf__clear(&t);
	return rc == 0 ? drawing_paras(w, p) : rc;
}
static int otable(owalk *w, const xmlNode *tbl);

static int list(owalk *w, const xmlNode *l, list_style *ls, int level)
{
	int rc = 0;
	if (level >= MAX_NEST)
		return pact_error_set(PACT_ELIMIT, "lists nested more than %d deep", MAX_NEST);
	if (level == 0) {
		char *sn = imp_xml_attr(l, "style-name"),
		     *cont = imp_xml_attr(l, "continue-numbering");
		ls = find_style(w, sn);
		if (ls && !(cont && !strcmp(cont, "true")))
			memset(ls->used, 0, sizeof(ls->used));
		xmlFree(sn);
		xmlFree(cont);
	}
	for (const xmlNode *it = l->children; it && rc == 0; it = it->next) {
		if (!imp_xml_is(it, "list-item") && !imp_xml_is(it, "list-header"))
			continue;
		int labelled = 0;
		for (const xmlNode *c = it->children; c && rc == 0; c = c->next) {
			if ((imp_xml_is(c, "p") || imp_xml_is(c, "h")) && !labelled) {
				char *lab =
				        imp_xml_is(it, "list-item") ? label_for(ls, level) : NULL;
				rc = para_text(w, c, lab, level);
				free(lab);
				labelled = 1;
			} else if (imp_xml_is(c, "list")) {
				rc = list(w, c, ls, level + 1);
			} else if (imp_xml_is(c, "p") || imp_xml_is(c, "h")) {
				rc = para_text(w, c, NULL, level);
			} else if (imp_xml_is(c, "table")) {
				rc = otable(w, c);
			}
		}
	}
	return rc;
}

static int otable(owalk *w, const xmlNode *tbl)
{
	unsigned st = w->at.table, sr = w->at.row, sc = w->at.col;
	int rc = 0;
	if (++w->depth > MAX_NEST)
		return pact_error_set(PACT_ELIMIT, "tables nested more than %d deep", MAX_NEST);
	w->at.table = ++w->tables;
	w->at.row = 0;
	for (const xmlNode *r = tbl->children; r && rc == 0; r = r->next) {
		const xmlNode *rows =
		        imp_xml_is(r, "table-header-rows") || imp_xml_is(r, "table-rows")
		                ? r->children
		                : r;
		for (const xmlNode *tr = rows; tr && rc == 0; tr = rows == r ? NULL : tr->next) {
			if (!imp_xml_is(tr, "table-row"))
				continue;
			w->at.row++;
			w->at.col = 0;
			for (const xmlNode *tc = tr->children; tc && rc == 0; tc = tc->next)
				if (imp_xml_is(tc, "table-cell"))
					w->at.col++, rc = text_body(w, tc);
		}
	}
	w->at.table = st, w->at.row = sr, w->at.col = sc;
	w->depth--;
	return rc;
}

/* Paragraphs, lists, tables and sections under `parent`. */
static int text_body(owalk *w, const xmlNode *parent)
{
	int rc = 0;
	for (const xmlNode *c = parent->children; c && rc == 0; c = c->next) {
		if (imp_xml_is(c, "p") || imp_xml_is(c, "h"))
			rc = para_text(w, c, NULL, -1);
		else if (imp_xml_is(c, "list"))
			rc = list(w, c, NULL, 0);
		else if (imp_xml_is(c, "table"))
			rc = otable(w, c);
		else if (imp_xml_is(c, "section") && w->depth < MAX_NEST) {
			w->depth++;
			rc = text_body(w, c);
			w->depth--;
		}
	}
	return rc;
}

int pact_import__sniff_odt(const unsigned char *data, size_t len)
{
	static const char mt[] = "application/vnd.oasis.opendocument.text";
	imp_zip *z = NULL;
	char *m = NULL;
	int is;
	if (len < 4 || memcmp(data, "PK\x03\x04", 4) || imp_zip_open(&z, data, len) < 0) {
		pact_error_clear();
		return 0;
	}
	/* the "mimetype" entry says what the package is (ODF 1.2, 3.3) */
	is = imp_zip_has(z, "mimetype") && imp_zip_read(&m, NULL, z, "mimetype") == 0 &&
	     !strncmp(m, mt, sizeof(mt) - 1) &&
	     (m[sizeof(mt) - 1] == '\0' || m[sizeof(mt) - 1] == '\n');
	free(m);
	imp_zip_close(z);
	pact_error_clear();
	return is;
}

int pact_import__read_odt(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	imp_zip *z = NULL;
	xmlDoc *doc = NULL, *sty = NULL;
	owalk w;
	int rc;
	(void)ctx;

	memset(&w, 0, sizeof(w));
	w.at.out = out;
	out->format = N_("OpenDocument text (.odt)");
	if ((rc = imp_zip_open(&z, data, len)) < 0 ||
	    (rc = imp_zip_xml(&doc, z, "content.xml")) < 0)
		goto done;
	if (imp_zip_has(z, "styles.xml")) {
		if ((rc = imp_zip_xml(&sty, z, "styles.xml")) < 0)
			goto done;
		if ((rc = add_styles(&w, imp_xml_child(xmlDocGetRootElement(sty), "styles"))) < 0)
			goto done;
	}
	const xmlNode *root = xmlDocGetRootElement(doc);
	if ((rc = add_styles(&w, imp_xml_child(root, "automatic-styles"))) < 0)
		goto done;
	const xmlNode *text = imp_xml_child(imp_xml_child(root, "body"), "text");
	if (!text) {
		rc = pact_error_set(PACT_EINVALID, "an OpenDocument file without text");
		goto done;
	}
	rc = text_body(&w, text);
done:
	for (size_t i = 0; i < w.nstyles; i++)
		xmlFree(w.styles[i].name);
	free(w.styles);
	xmlFreeDoc(doc);
	xmlFreeDoc(sty);
	imp_zip_close(z);
	return rc;
}
