/*
 * import.h - from the documents officers hold (plain text, OCR output,
 * Word .docx, OpenDocument .odt, and, through further readers, PDF and
 * scans) to a pact/1 document.
 *
 * The pipeline: a reader, chosen by the file's content (magic bytes, zip
 * entries; never the extension), turns the bytes into a neutral list of
 * blocks (paragraphs or layout lines with their input line or page, Word's
 * computed list labels, table cells); one structure finder turns the blocks
 * into the parts of a pact (place and date, title, bloc, preamble, members,
 * numbered clauses and their commitments, closing); ids are made from the
 * text, or reused from last year's pact through pact's own aligner; the
 * writer prints pact/1 YAML.
 *
 * What import cannot find is never invented: the field is written empty,
 * with a comment, so that `pact validate` points at it, and a warning with
 * the input line is returned. Text is kept as written (NFC), apart from
 * joining lines the layout broke and dropping page furniture.
 *
 * Ownership: pact_import_file / pact_import_buffer return a
 * pact_import_result the caller frees with pact_import_result_free
 * (NULL-safe); every string inside belongs to the result.
 */
#ifndef PACT_IMPORT_H
#define PACT_IMPORT_H

#include <stddef.h>

#include "pact/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits, so hostile input costs bounded time and memory. Why these
 * numbers: a real pact is 5-20 KB of text and a Word file of it under
 * 100 KB; a scan of ten pages under 20 MB. */
#define PACT_IMPORT_MAX_INPUT_BYTES (64u * 1024u * 1024u) /* a file read whole */
#define PACT_IMPORT_MAX_TEXT_BYTES (4u * 1024u * 1024u)   /* text from all blocks */
#define PACT_IMPORT_MAX_BLOCKS 200000                     /* lines or paragraphs */
/* A real pact has 5 to 20 clauses; a text with thousands of numbered
 * paragraphs is something else, and refusing it keeps the id assignment
 * (quadratic in the number of clauses) cheap. Commitments per clause and
 * members are bounded as the schema bounds them (PACT_MAX_COMMITMENTS,
 * PACT_MAX_MEMBERS). */
#define PACT_IMPORT_MAX_CLAUSES 2000
/* .docx/.odt are zip archives: a 40 KB "zip bomb" can inflate to
 * gigabytes. Each entry is inflated at most to this size (checked while
 * inflating, not trusted from the header), and an archive with more
 * entries than this is refused before anything is inflated. */
#define PACT_IMPORT_MAX_ZIP_ENTRY_BYTES (32u * 1024u * 1024u)
#define PACT_IMPORT_MAX_ZIP_ENTRIES 10000
#define PACT_IMPORT_MAX_XML_DEPTH 256 /* libxml2's own limit is 256 too */
/* Nodes of one XML part (elements, attributes, namespace declarations,
 * runs of text, comments, processing instructions), counted while
 * parsing: libxml2's tree costs about 140 bytes a node, so 32 MiB of
 * "<w:p/>" (40 KB zipped) took 676 MB. A Word pact of ten pages has some
 * 10 000 to 20 000; this allows 25 times that, about 100 MB of tree. */
#define PACT_IMPORT_MAX_XML_NODES 500000

typedef struct pact_import_opts {
	unsigned version;       /* PACT_IMPORT_OPTS_VERSION */
	int year;               /* 0: take the year from the document (title, date) */
	const pact_doc *like;   /* last year's pact (borrowed), or NULL: ids and
	                           wording are aligned with it */
	const char *like_label; /* how `like` was named, for source: ("2024") */
	const char *name;       /* input name for messages and source: (NULL:
	                           the path, or "<input>") */
} pact_import_opts;
#define PACT_IMPORT_OPTS_VERSION 1
#define PACT_IMPORT_OPTS_INIT                                                                      \
	{                                                                                          \
		PACT_IMPORT_OPTS_VERSION, 0, NULL, NULL, NULL                                      \
	}

typedef struct pact_import_result {
	char *yaml; /* the pact/1 text (NUL-terminated) */
	size_t len;
	int complete;       /* nonzero when every required field was found, so
	                       the text passes pact validate */
	int year;           /* the pact's year (opts->year when given), 0 when
	                       not found */
	int doc_year;       /* the year the document itself says, 0 if none */
	char *format;       /* what the reader recognised: "plain text (UTF-8)",
	                       "Word document (.docx)", ... */
	pact_diags diags;   /* warnings (severity WARNING) with input lines:
	                       code "not-found", "no-diacritics", "members", ... */
	pact_diags changes; /* one entry per word import changed or could not
	                       restore (codes "restored", "not-restored"), for
	                       --report; empty without --like */
	size_t nclauses, nmembers, ncommitments;
} pact_import_result;

/* Import the file at `path`. 0 and *out on success (warnings possibly in
 * (*out)->diags). Errors, with pact_error_last() saying why, nothing
 * returned: PACT_EINVALID for input that is not a pact import can read
 * (empty, unknown binary, broken or encrypted archive, no numbered
 * clause), PACT_ELIMIT for input over the limits above, PACT_EIO /
 * PACT_ENOTFOUND when the file cannot be read, PACT_ENOMEM. */
int pact_import_file(pact_import_result **out, const char *path, const pact_import_opts *opts);

/* Same, from `len` bytes in memory (opts->name names them). */
int pact_import_buffer(pact_import_result **out, const void *data, size_t len,
                       const pact_import_opts *opts);

void pact_import_result_free(pact_import_result *r);

/* Slug of a name: diacritics folded (đ -> d), lower case, runs of other
 * characters as one '-', at most `max` bytes cut at a word boundary
 * ("Sở Tư pháp" -> "so-tu-phap"). The caller frees; NULL on out of memory
 * or when nothing is left (then use a fallback). */
char *pact_import_slug(const char *text, size_t max);

#ifdef __cplusplus
}
#endif
#endif
