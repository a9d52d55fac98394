/*
 * tree.h - the YAML node tree (tree.c builds it from libyaml events) and
 * the diagnostics list that tree.c, schema.c (which checks the tree and
 * builds the model) and the importers report into. Not installed; not part
 * of the public API.
 */
#ifndef PACT_TREE_H
#define PACT_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "pact/doc.h"

typedef enum { NODE_SCALAR, NODE_MAP, NODE_SEQ } node_kind;

/* flags of a node */
enum {
	NODE_ONE_LINE = 1,  /* a scalar whose source is on one line */
	NODE_RAW = 2,       /* a scalar whose source follows its value: see node_raw */
	NODE_PLAIN_TEXT = 4 /* a scalar in which the text checks have nothing to find
	                       (pact_schema__plain_text said so while the tree was built) */
};

/*
 * One node of the tree: 24 bytes, so that a document of one-letter items
 * costs a few times its size, not a hundred (tree.c). A map's or a
 * sequence's children are one array of nodes (a map's: key, value, key,
 * value...), not an array of pointers to nodes.
 */
typedef struct node {
	pact_pos pos;
	union {
		char *value;        /* scalars: the text, NUL-terminated */
		struct node *items; /* maps and sequences: the n children */
	};
	union {
		uint32_t len; /* scalars: bytes of value (at most PACT_MAX_SCALAR_BYTES) */
		uint32_t n;   /* maps and sequences: children */
	};
	unsigned char kind;  /* node_kind */
	unsigned char plain; /* plain (unquoted) style: may be a number, a date, null */
	char quote;          /* '"' or '\'' for a quoted scalar, else 0 */
	unsigned char flags; /* NODE_ONE_LINE, NODE_RAW */
} node;

/* A quoted scalar on one line that uses escapes keeps its source text
 * after the opening quote (the closing one included), so positions inside
 * it can be mapped back: it follows the value and its NUL. NULL for any
 * other node. */
static inline const char *node_raw(const node *n)
{
	return n->kind == NODE_SCALAR && (n->flags & NODE_RAW) ? n->value + n->len + 1 : NULL;
}

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
