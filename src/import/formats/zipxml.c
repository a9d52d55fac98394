/*
 * zipxml.c - bounded zip (libzip) and XML (libxml2) access for the Word
 * and OpenDocument readers; see zipxml.h for the limits and why.
 */
#include "zipxml.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "../import.h"
#include "pact/error.h"

struct imp_zip {
	zip_t *zip;
};

int imp_zip_open(imp_zip **out, const unsigned char *data, size_t len)
{
	zip_error_t err;
	zip_source_t *src;
	imp_zip *z;
	zip_int64_t n;

	*out = NULL;
	zip_error_init(&err);
	z = pact_alloc__calloc(1, sizeof(*z));
	if (!z)
		return PACT_ENOMEM;
	src = zip_source_buffer_create(data, len, 0, &err);
	if (!src) {
		free(z);
		zip_error_fini(&err);
		return pact_alloc__oom();
	}
	z->zip = zip_open_from_source(src, ZIP_RDONLY, &err);
	if (!z->zip) {
		zip_source_free(src);
		free(z);
		int rc = pact_error_set(PACT_EINVALID, "a broken zip archive (%s)",
		                        zip_error_strerror(&err));
		zip_error_fini(&err);
		return rc;
	}
	zip_error_fini(&err);
	n = zip_get_num_entries(z->zip, 0);
	if (n < 0 || n > (zip_int64_t)PACT_IMPORT_MAX_ZIP_ENTRIES) {
		imp_zip_close(z);
		return pact_error_set(PACT_ELIMIT, "a zip archive with more than %u entries",
		                      (unsigned)PACT_IMPORT_MAX_ZIP_ENTRIES);
	}
	*out = z;
	return 0;
}

void imp_zip_close(imp_zip *z)
{
	if (!z)
		return;
	if (z->zip)
		zip_discard(z->zip);
	free(z);
}

int imp_zip_has(imp_zip *z, const char *name)
{
	return zip_name_locate(z->zip, name, 0) >= 0;
}

int imp_zip_read(char **out, size_t *len, imp_zip *z, const char *name)
{
	zip_int64_t idx = zip_name_locate(z->zip, name, 0);
	zip_stat_t st;
	zip_file_t *f = NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int rc = 0;

	*out = NULL;
	if (len)
		*len = 0;
	if (idx < 0)
		return pact_error_set(PACT_ENOTFOUND, "no '%s' in the archive", name);
	zip_stat_init(&st);
	if (zip_stat_index(z->zip, (zip_uint64_t)idx, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return pact_error_set(PACT_EINVALID, "'%s' is encrypted (password protected)",
		                      name);
	f = zip_fopen_index(z->zip, (zip_uint64_t)idx, 0);
	if (!f)
		return pact_error_set(PACT_EINVALID, "'%s' cannot be read from the archive (%s)",
		                      name, zip_strerror(z->zip));
	for (;;) {
		zip_int64_t got;
		if (n + 65536 + 1 > cap) {
			size_t ncap = cap ? cap * 2 : 65536 * 2;
			char *nb = pact_alloc__realloc(buf, ncap);
			if (!nb) {
				rc = PACT_ENOMEM;
				goto done;
			}
			buf = nb;
			cap = ncap;
		}
		got = zip_fread(f, buf + n, 65536);
		if (got < 0) {
			rc = pact_error_set(PACT_EINVALID, "'%s' is damaged in the archive (%s)",
			                    name, zip_file_strerror(f));
			goto done;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > PACT_IMPORT_MAX_ZIP_ENTRY_BYTES) {
			rc = pact_error_set(PACT_ELIMIT,
			                    "'%s' inflates to more than %u MiB (a zip bomb?)", name,
			                    PACT_IMPORT_MAX_ZIP_ENTRY_BYTES / (1024u * 1024u));
			goto done;
		}
	}
	buf[n] = '\0';
	*out = buf;
	buf = NULL;
	if (len)
		*len = n;
done:
	zip_fclose(f);
	free(buf);
	return rc;
}

/* What the parser met that makes a part refused: a DOCTYPE (seen by
 * libxml2 itself, in whatever encoding the part declares: a UTF-16 part
 * hid "<!DOCTYPE" from a byte search) or too many nodes. */
typedef struct xml_guard {
	int doctype;
	unsigned long nodes;
} xml_guard;

/* SAX: the DOCTYPE's name is read, its internal subset (where entities
 * are declared) not yet: stop there. */
static void guard_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr c = ctx;
	(void)name, (void)ext, (void)sys;
	((xml_guard *)c->_private)->doctype = 1;
	xmlStopParser(c);
}

/* Count n nodes; nonzero (and the parser stopped) past the limit. */
static int guard_count(void *ctx, unsigned long n)
{
	xmlParserCtxtPtr c = ctx;
	xml_guard *g = c->_private;
	g->nodes += n;
	if (g->nodes <= PACT_IMPORT_MAX_XML_NODES)
		return 0;
	xmlStopParser(c);
	return 1;
}

static void guard_element(void *ctx, const xmlChar *local, const xmlChar *prefix,
                          const xmlChar *uri, int nns, const xmlChar **ns, int natt, int ndef,
                          const xmlChar **att)
{
	if (!guard_count(ctx, 1 + (unsigned long)(nns > 0 ? nns : 0) +
	                              (unsigned long)(natt > 0 ? natt : 0)))
		xmlSAX2StartElementNs(ctx, local, prefix, uri, nns, ns, natt, ndef, att);
}

/* Text, comments and processing instructions are nodes too: 32 MiB of
 * "<?a?>" made 6.7 million of them, 925 MB of tree. A run of text comes
 * in several calls, so text is over-counted, which real documents never
 * notice. */
static void guard_text(void *ctx, const xmlChar *s, int len)
{
	if (!guard_count(ctx, 1))
		xmlSAX2Characters(ctx, s, len);
}

static void guard_cdata(void *ctx, const xmlChar *s, int len)
{
	if (!guard_count(ctx, 1))
		xmlSAX2CDataBlock(ctx, s, len);
}

static void guard_comment(void *ctx, const xmlChar *s)
{
	if (!guard_count(ctx, 1))
		xmlSAX2Comment(ctx, s);
}

static void guard_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	if (!guard_count(ctx, 1))
		xmlSAX2ProcessingInstruction(ctx, target, data);
}

/* Parse buf as XML into *out with the guards above; nonzero when it is a
 * whole, well-formed document. */
static int parse_guarded(xmlDoc **out, xml_guard *g, const char *buf, size_t len)
{
	xmlParserCtxtPtr c;
	int ok;

	*out = NULL;
	xmlInitParser();
	if (!(c = xmlCreateMemoryParserCtxt(buf, (int)len)))
		return 0;
	xmlCtxtUseOptions(c, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	c->sax->internalSubset = guard_doctype;
	c->sax->startElementNs = guard_element;
	c->sax->characters = guard_text;
	c->sax->ignorableWhitespace = guard_text;
	c->sax->cdataBlock = guard_cdata;
	c->sax->comment = guard_comment;
	c->sax->processingInstruction = guard_pi;
	c->_private = g;
	xmlParseDocument(c);
	ok = c->wellFormed && !g->doctype && g->nodes <= PACT_IMPORT_MAX_XML_NODES;
	if (ok)
		*out = c->myDoc;
	else
		xmlFreeDoc(c->myDoc);
	c->myDoc = NULL;
	xmlFreeParserCtxt(c);
	return ok;
}

int imp_zip_xml(xmlDoc **out, imp_zip *z, const char *name)
{
	xml_guard g = {0, 0};
	char *buf = NULL;
	size_t len = 0;
	int rc = 0;

	*out = NULL;
	if ((rc = imp_zip_read(&buf, &len, z, name)) < 0)
		return rc;
	if (len > (size_t)0x7fffffff) {
		rc = pact_error_set(PACT_ELIMIT, "'%s' is too large", name);
		goto done;
	}
	if (!parse_guarded(out, &g, buf, len) || !xmlDocGetRootElement(*out)) {
		xmlFreeDoc(*out);
		*out = NULL;
		if (g.doctype)
			rc = pact_error_set(PACT_EINVALID,
			                    "'%s' declares a DOCTYPE or entities, which "
			                    "office documents never do",
			                    name);
		else if (g.nodes > PACT_IMPORT_MAX_XML_NODES)
			rc = pact_error_set(PACT_ELIMIT,
			                    "'%s' has more than %u XML nodes (elements, "
			                    "attributes, runs of text)",
			                    name, (unsigned)PACT_IMPORT_MAX_XML_NODES);
		else
			rc = pact_error_set(PACT_EINVALID, "'%s' is not well-formed XML", name);
	}
done:
	free(buf);
	return rc;
}

int imp_zip_sniff(const unsigned char *data, size_t len, const char *name)
{
	imp_zip *z = NULL;
	int has;
	if (len < 4 || memcmp(data, "PK\x03\x04", 4))
		return 0;
	if (imp_zip_open(&z, data, len) < 0) {
		pact_error_clear();
		return 0;
	}
	has = imp_zip_has(z, name);
	imp_zip_close(z);
	return has;
}

int imp_xml_is(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

char *imp_xml_attr(const xmlNode *n, const char *local)
{
	for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
		if (!strcmp((const char *)a->name, local))
			return (char *)xmlNodeGetContent((const xmlNode *)a);
	return NULL;
}

const xmlNode *imp_xml_child(const xmlNode *n, const char *local)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (imp_xml_is(c, local))
			return c;
	return NULL;
}

const xmlNode *imp_xml_next(const xmlNode *n, int *depth)
{
	while (n && !n->next) {
		n = *depth ? n->parent : NULL;
		(*depth)--;
	}
	return n ? n->next : NULL;
}

int imp_xml_emit(const imp_xml_place *at, pact_buf *text, const char *label, int level)
{
	imp_block *bl = NULL;
	int rc;

	if (text->oom)
		return PACT_ENOMEM;
	rc = pact_import__blocks_add(at->out, at->table ? IMP_CELL : IMP_PARA,
	                             text->ptr ? text->ptr : "", text->len, at->para, 0, &bl);
	if (rc < 0)
		return rc;
	if (at->table)
		bl->table = at->table, bl->row = at->row, bl->col = at->col;
	if (label) {
		if (!(bl->label = pact_alloc__strdup(label)))
			return PACT_ENOMEM;
		bl->level = level;
	}
	pact_buf__clear(text);
	return 0;
}
