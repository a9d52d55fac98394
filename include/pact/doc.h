/*
 * doc.h - the pact/1 document model and its loader.
 *
 * A pact_doc is the in-memory form of one `pacts/<year>.yaml`. It is built
 * only by the loader (pact_doc_parse / pact_doc_load_file), which parses the
 * YAML with libyaml's event API, keeps the line and column of every node and
 * checks every rule of docs/schema.md. A document that comes back is valid:
 * code above this layer never re-checks structure.
 *
 * Ownership: the caller owns the pact_doc it receives and frees it with
 * pact_doc_free(); every string and array inside belongs to the document.
 * The fields are public for reading; treat them as const.
 *
 * All text is valid UTF-8 exactly as written in the file (not re-normalised:
 * the loader warns about non-NFC text instead, so what is stored is what the
 * author wrote).
 */
#ifndef PACT_DOC_H
#define PACT_DOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Hard limits on input, so hostile documents cost bounded time and memory.
 * Why these numbers: the largest real pact is ~10 KB with ~10 clauses; the
 * limits leave three orders of magnitude of room and still stop a 50 MB or
 * 10 000-deep document before libyaml or our tree builder spend real work.
 * The size limit is the default of pact_doc_max_bytes(): 16 MiB takes a
 * pact of 10 000 clauses (~6.5 MB) with room to spare and costs at most
 * ~8 bytes of memory per input byte; a process may raise or lower it. */
#define PACT_MAX_DOC_BYTES (16u * 1024u * 1024u) /* 16 MiB per document */
#define PACT_MAX_DEPTH 16                        /* pact/1 needs depth 5 */
#define PACT_MAX_CLAUSES 20000                   /* bench uses 10 000 */
#define PACT_MAX_COMMITMENTS 1000                /* per clause */
#define PACT_MAX_MEMBERS 200
#define PACT_MAX_SCALAR_BYTES (256u * 1024u) /* one string */
/* Keys of one mapping: pact/1's largest has 12. Duplicate keys are found by
 * comparing each key with those before it, so this bound is what keeps a
 * 4 MiB mapping of 300 000 keys from costing 10^10 comparisons. */
#define PACT_MAX_MAP_KEYS 64
/* Items of one list: pact/1's longest is its clauses. */
#define PACT_MAX_LIST_ITEMS PACT_MAX_CLAUSES
/* Keys, values, lists and mappings of one document (nodes): 100 a clause
 * at the clause limit; a 10 000-clause pact has 200 000. With the limits
 * above, checked while the document is read, this bounds what a hostile
 * document costs (a 14 MB list of 7 million one-letter items had cost
 * 800 MB before its refusal): a node is 24 bytes (src/tree.h). */
#define PACT_MAX_NODES (100u * PACT_MAX_CLAUSES)

typedef struct pact_pos {
	unsigned line; /* 1-based; 0 when unknown */
	unsigned col;  /* 1-based, in characters (code points) */
} pact_pos;

typedef struct pact_member {
	char *id;         /* slug [a-z0-9-]+, unique in the document */
	char *name;       /* display name, e.g. "Sở Ngoại vụ" */
	char **approvers; /* optional e-mail addresses allowed to approve */
	size_t napprovers;
	pact_pos pos;
	/* optional `formerly:`: ids of the previous year's members this member
	 * continues (renamed, or formed by merging them; docs/schema.md). Never
	 * its own id (a member keeping its id continues itself), no repeats;
	 * NULL and 0 when absent. */
	char **formerly;
	size_t nformerly;
	pact_pos formerly_pos; /* of the `formerly` list, for cross-year warnings */
} pact_member;

typedef struct pact_commitment {
	char *text; /* one sentence, non-empty */
	pact_pos pos;
} pact_commitment;

typedef struct pact_clause {
	char *id;    /* slug, unique, stable across years */
	long number; /* 1..n in document order */
	char *title; /* NULL when absent */
	pact_commitment *commitments;
	size_t ncommitments; /* >= 1 */
	pact_pos pos;
} pact_clause;

typedef struct pact_date {
	int year, month, day; /* a real calendar date */
} pact_date;

typedef struct pact_doc {
	char *path;   /* file name used in messages; "<input>" if none */
	char *schema; /* always "pact/1" */
	int year;
	char *title;
	char *bloc;
	char *province;
	char *signed_place;
	pact_date signed_date;
	pact_member *members;
	size_t nmembers; /* >= 1 */
	char *preamble;
	pact_clause *clauses;
	size_t nclauses; /* >= 1 */
	char *closing;
	char *source; /* optional provenance, NULL when absent */
	char *note;   /* optional, NULL when absent */
} pact_doc;

/* ---- diagnostics ---------------------------------------------------- */

typedef enum { PACT_DIAG_ERROR = 0, PACT_DIAG_WARNING = 1 } pact_severity;

typedef struct pact_diag {
	pact_severity severity;
	unsigned line, col; /* 1-based; 0 when the whole file is meant */
	char *code;         /* short stable tag, e.g. "unknown-key", "not-nfc" */
	char *message;      /* git style: "duplicate key 'number'" */
} pact_diag;

/* A growable list of diagnostics. Initialise with PACT_DIAGS_INIT (or zero),
 * free the contents with pact_diags_clear(). */
typedef struct pact_diags {
	pact_diag *items;
	size_t count;
	size_t nerrors;
	size_t nwarnings;
	size_t cap;
} pact_diags;
#define PACT_DIAGS_INIT                                                                            \
	{                                                                                          \
		0                                                                                  \
	}

void pact_diags_clear(pact_diags *d);

/* --strict: make every warning an error (severity and counts), so that
 * whatever prints the list says "error" for each. */
void pact_diags_make_strict(pact_diags *d);

/* Format one diagnostic as "path:line:col: error: message" into a newly
 * allocated string the caller frees; NULL on out of memory. The path is
 * shown safe (pact/sanitize.h, MESSAGE mode), as the message already is. */
char *pact_diag_format(const pact_diag *d, const char *path);

/* ---- loading -------------------------------------------------------- */

typedef struct pact_parse_opts {
	unsigned version;   /* PACT_PARSE_OPTS_VERSION */
	const char *path;   /* name for messages and for the <year>.yaml check;
	                       NULL means "<input>" and no file-name check */
	int check_filename; /* nonzero: `year` must match a basename <year>.yaml */
	size_t max_bytes;   /* size limit; 0: pact_doc_max_bytes() */
} pact_parse_opts;
#define PACT_PARSE_OPTS_VERSION 1
#define PACT_PARSE_OPTS_INIT                                                                       \
	{                                                                                          \
		PACT_PARSE_OPTS_VERSION, NULL, 1, 0                                                \
	}

/* The size limit every loader of this process applies (pact_doc_parse,
 * pact_doc_load_file, the store's readers): PACT_MAX_DOC_BYTES unless
 * pact_doc_set_max_bytes changed it. Setting 0 restores the default. Meant
 * to be set once at start-up (the CLI's --max-doc-bytes and
 * PACT_MAX_DOC_BYTES environment variable), not from several threads. */
size_t pact_doc_max_bytes(void);
void pact_doc_set_max_bytes(size_t n);

/* Parse and validate `len` bytes. On success returns 0 and sets *out (the
 * caller frees it); warnings, if any, are appended to `diags` (may be NULL).
 * On an invalid document returns PACT_EINVALID, sets *out to NULL and
 * appends every error found (and warnings) to `diags`; pact_error_last()
 * holds the first error, formatted. Other negative codes: PACT_ENOMEM. */
int pact_doc_parse(pact_doc **out, pact_diags *diags, const char *buf, size_t len,
                   const pact_parse_opts *opts);

/* Read `path` and parse it as above (opts may be NULL: defaults with path
 * set to `path`). PACT_EIO when the file cannot be read, PACT_ENOTFOUND when
 * it does not exist; a file larger than the size limit (opts->max_bytes, else
 * pact_doc_max_bytes()) is PACT_EINVALID with a "too-large" diagnostic,
 * refused before it is read. */
int pact_doc_load_file(pact_doc **out, pact_diags *diags, const char *path,
                       const pact_parse_opts *opts);

/* Free a document; NULL is fine. */
void pact_doc_free(pact_doc *doc);

/* Serialise a document back to pact/1 YAML (block style, keys in schema
 * order, strings quoted only when needed). The result is a NUL-terminated
 * string the caller frees with free(); *len_out, if not NULL, gets its
 * length. Returns 0, or PACT_ENOMEM. Parsing the output gives an equal doc. */
int pact_doc_to_yaml(char **out, size_t *len_out, const pact_doc *doc);

/* The checks of `formerly` that need the previous year (docs/schema.md):
 * a warning "formerly-unknown" in `diags` for each former id of `doc`'s
 * members that is not a member of `prev`, at the member's `formerly` list.
 * Nothing when any argument is NULL. 0, or PACT_ENOMEM. */
int pact_doc_check_formerly(pact_diags *diags, const pact_doc *prev, const pact_doc *doc);

/* Find a clause or member by id; NULL when absent. Pointer lives as long
 * as the document. */
const pact_clause *pact_doc_clause(const pact_doc *doc, const char *id);
const pact_member *pact_doc_member(const pact_doc *doc, const char *id);

#ifdef __cplusplus
}
#endif
#endif
