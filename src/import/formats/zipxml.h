/*
 * zipxml.h - bounded access to zip archives and their XML parts, shared by
 * the Word (.docx) and OpenDocument (.odt) readers (internal).
 *
 * Every limit is enforced here, so a reader cannot forget one: entry
 * count (PACT_IMPORT_MAX_ZIP_ENTRIES, before anything is inflated), size
 * of each entry inflated (PACT_IMPORT_MAX_ZIP_ENTRY_BYTES, counted while
 * inflating, never trusted from the header), encrypted entries refused,
 * XML with a DOCTYPE refused (Word and LibreOffice never write one; it is
 * how entity-expansion bombs and external entities get in) by the parser
 * itself as it meets it, in any encoding, XML parts of more than
 * PACT_IMPORT_MAX_XML_NODES nodes refused while parsing, libxml2 told to
 * stay off the network and not to print.
 */
#ifndef PACT_IMPORT_ZIPXML_H
#define PACT_IMPORT_ZIPXML_H

#include <libxml/tree.h>
#include <stddef.h>

#include "../../buf.h"
#include "../import.h"

typedef struct imp_zip imp_zip;

/* Open an archive held in memory (borrowed: it must outlive the zip).
 * PACT_EINVALID for bytes that are not a readable zip, PACT_ELIMIT for too
 * many entries, PACT_ENOMEM. */
int imp_zip_open(imp_zip **out, const unsigned char *data, size_t len);
void imp_zip_close(imp_zip *z);

/* Nonzero when the archive has an entry of that name. */
int imp_zip_has(imp_zip *z, const char *name);

/* Inflate one entry (NUL-terminated; the caller frees). PACT_ENOTFOUND
 * when absent, PACT_EINVALID when encrypted or broken, PACT_ELIMIT when
 * larger than the limit. */
int imp_zip_read(char **out, size_t *len, imp_zip *z, const char *name);

/* Parse an entry as XML (the caller frees with xmlFreeDoc). Errors as
 * imp_zip_read, plus PACT_EINVALID for XML that does not parse or has a
 * DOCTYPE. */
int imp_zip_xml(xmlDoc **out, imp_zip *z, const char *name);

/* Nonzero when zip bytes hold an entry `name` (for sniffing: cheap,
 * never fails loud). */
int imp_zip_sniff(const unsigned char *data, size_t len, const char *name);

/* Element helpers: local name test (namespace prefix ignored), attribute
 * by local name (the caller frees with xmlFree; NULL if absent). */
int imp_xml_is(const xmlNode *n, const char *local);
char *imp_xml_attr(const xmlNode *n, const char *local);
const xmlNode *imp_xml_child(const xmlNode *n, const char *local);

/* The next node of an iterative pre-order walk that does not go below n:
 * n's next sibling, else the next sibling of the nearest ancestor that
 * has one, climbing no more than *depth levels (*depth follows); NULL
 * when the walk is over. The readers walk documents this way so that no
 * recursion follows the input's depth. */
const xmlNode *imp_xml_next(const xmlNode *n, int *depth);

/* Where a Word or ODF reader puts the next block: the blocks, the
 * paragraphs seen so far (a block's `line`), and the current table cell
 * (table, row and column from 1; table 0 outside tables). */
typedef struct imp_xml_place {
	imp_blocks *out;
	unsigned para;
	unsigned table, row, col;
} imp_xml_place;

/* Append `text` to at->out as a paragraph, or a cell inside a table, with
 * its list label and level when `label` is not NULL (copied); then empty
 * `text`. 0, or PACT_ENOMEM (also when `text` ran out of memory). */
int imp_xml_emit(const imp_xml_place *at, pact_buf *text, const char *label, int level);

#endif
