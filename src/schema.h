/*
 * schema.h - the rules of pact/1 over a node tree (schema.c). Not
 * installed; not part of the public API.
 */
#ifndef PACT_SCHEMA_H
#define PACT_SCHEMA_H

#include "tree.h"

/* Check the tree against pact/1 and build the document. Errors and warnings
 * go to `diags`; returns 0 (doc built, *out set: the caller's,
 * pact_doc_free), PACT_EINVALID, or PACT_ENOMEM. `path` is for the
 * <year>.yaml check (NULL: no check). */
int pact_doc__schema_build(pact_doc **out, pact_diags *diags, const node *root, const char *path);

/* The most combining marks in a row on one letter a pact may carry (error
 * 'marks', schema.c; pact import refuses more too, import/blocks.c). */
#define PACT_MAX_MARKS 30

/* Nonzero when the text s[0..len) (valid UTF-8) has nothing the text
 * checks could flag: only TAB, LF, printable ASCII, U+00C0-U+02FF and
 * U+1E00-U+1EFF (schema.c skips the checks then). */
int pact_schema__plain_text(const char *s, size_t len);

#endif
