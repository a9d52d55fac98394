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

#endif
