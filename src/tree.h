/*
 * tree.h - the YAML node tree (tree.c builds it from libyaml events) and
 * the diagnostics list that tree.c, schema.c (which checks the tree and
 * builds the model) and the importers report into. Not installed; not part
 * of the public API.
 */
#ifndef PACT_TREE_H
#define PACT_TREE_H

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
	int plain;    /* plain (unquoted) style: may be a number, a date, null */
	pact_pos end; /* position just after the scalar */
	char quote;   /* '"' or '\'' for a quoted scalar, else 0 */
	char *raw;    /* a quoted scalar on one line that uses escapes: its
	                 source text after the opening quote, so positions
	                 inside it can be mapped back; else NULL */
	/* maps hold key, value, key, value...; sequences hold items */
	struct node **items;
	size_t n;
} node;

/* A tree and the memory it lives in: every node, text and child array of
 * it is carved from `blocks` (tree.c) and released with them. */
typedef struct pact_tree {
	node *root;
	struct pact_tree_block *blocks;
} pact_tree;

/* The tree of the YAML document buf[0..len), which must be valid UTF-8 of
 * at most the document size limit (doc.c checks both first). On 0, *out
 * holds it (the caller's: pact_tree__free); otherwise *out is empty and
 * the result is PACT_EINVALID with the first problem in `diags`, or
 * PACT_ENOMEM. */
int pact_tree__build(pact_tree *out, pact_diags *diags, const char *buf, size_t len);

/* Position (1-based line, column in code points) of byte `off` of buf. */
pact_pos pact_tree__byte_pos(const char *buf, size_t off);

/* Free a tree's memory (all its nodes at once) and empty *t; NULL-safe. */
void pact_tree__free(pact_tree *t);

/* Append a diagnostic; returns PACT_ENOMEM if it could not be stored. */
int pact_tree__diags_add(pact_diags *d, pact_severity sev, pact_pos pos, const char *code,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
