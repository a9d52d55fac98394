/*
 * doc_internal.h - the YAML node tree shared by doc.c (which builds it from
 * libyaml events) and schema.c (which checks it and builds the model).
 * Not installed; not part of the public API.
 */
#ifndef PACT_DOC_INTERNAL_H
#define PACT_DOC_INTERNAL_H

#include <stddef.h>

#include "alloc.h"
#include "pact/doc.h"

typedef enum { NODE_SCALAR, NODE_MAP, NODE_SEQ } node_kind;

typedef struct node {
	node_kind kind;
	pact_pos pos;
	/* scalars */
	char *value;
	size_t len;
	int plain;        /* plain (unquoted) style: may be a number, a date, null */
	pact_pos end;     /* position just after the scalar */
	char quote;       /* '"' or '\'' for a quoted scalar, else 0 */
	char *raw;        /* a quoted scalar on one line that uses escapes: its
	                     source text after the opening quote, so positions
	                     inside it can be mapped back; else NULL */
	/* maps hold key, value, key, value...; sequences hold items */
	struct node **items;
	size_t n, cap;
} node;

/* Free a tree. Depth is bounded by PACT_MAX_DEPTH, so recursion is too. */
void node_free(node *n);

/* Append a diagnostic; returns PACT_ENOMEM if it could not be stored. */
int diags_add(pact_diags *d, pact_severity sev, pact_pos pos, const char *code,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Check the tree against pact/1 and build the document. Errors and warnings
 * go to `diags`; returns 0 (doc built, *out set), PACT_EINVALID, or
 * PACT_ENOMEM. `path` is for the <year>.yaml check (NULL: no check). */
int schema_build(pact_doc **out, pact_diags *diags, const node *root,
                 const char *path);

#endif
