/*
 * schema_internal.h - what the files of the schema family (schema.c: the
 * pact and its clauses, schema_members.c: its members) share: the build's
 * context, the ERR/WARN reporting macros and the typed-value readers. Not
 * installed; nothing outside src/schema*.c includes it.
 */
#ifndef PACT_SCHEMA_INTERNAL_H
#define PACT_SCHEMA_INTERNAL_H

#include "schema.h"
#include "tree.h"

typedef struct pact_schema__ctx {
	pact_diags *d;
	int oom;
	size_t listed; /* diagnostics this build stored (at most SCHEMA_MAX_DIAGS + 1) */
} pact_schema__ctx;

typedef struct pact_schema__keyspec {
	const char *name;
	int required;
} pact_schema__keyspec;

/* Whether the next diagnostic of severity sev is to be stored (schema.c
 * caps how many one document lists). */
int pact_schema__listed(pact_schema__ctx *c, pact_severity sev);

/* The format is an English msgid: xgettext reads ERR's and WARN's 4th
 * argument (Makefile's XGETTEXT_FLAGS). */
#define ERR(c, pos, code, ...)                                                                     \
	do {                                                                                       \
		if (pact_schema__listed((c), PACT_DIAG_ERROR) &&                                   \
		    pact_tree__diags_add((c)->d, PACT_DIAG_ERROR, (pos), (code), __VA_ARGS__) < 0) \
			(c)->oom = 1;                                                              \
	} while (0)
#define WARN(c, pos, code, ...)                                                                    \
	do {                                                                                       \
		if (pact_schema__listed((c), PACT_DIAG_WARNING) &&                                 \
		    pact_tree__diags_add((c)->d, PACT_DIAG_WARNING, (pos), (code), __VA_ARGS__) <  \
		            0)                                                                     \
			(c)->oom = 1;                                                              \
	} while (0)

/* Check a mapping's keys against spec: duplicates, unknown keys (with a
 * suggestion), missing required keys. vals[i] gets the value of spec[i].
 * `what` is a msgid ("a member"). */
void pact_schema__check_map(pact_schema__ctx *c, const node *map, const char *what,
                            const pact_schema__keyspec *spec, size_t nspec, const node **vals);

/* A non-empty text value, checked (schema.c's text checks); a copy the
 * caller frees, or NULL after an error. */
char *pact_schema__text(pact_schema__ctx *c, const node *n, const char *key);

/* A slug; `what` is "member", "clause" or "formerly" (the message says
 * which). A copy the caller frees, or NULL after an error. */
char *pact_schema__slug(pact_schema__ctx *c, const node *n, const char *what);

/* n when it is of `kind`; NULL (with an error naming `key`) otherwise, or
 * when n is NULL (no error). */
const node *pact_schema__want(pact_schema__ctx *c, const node *n, node_kind kind, const char *key);

/* schema_members.c: doc->members from the `members` list, with every rule
 * of docs/schema.md's "Members" (ids, names, approvers, formerly). */
void pact_schema__build_members(pact_schema__ctx *c, pact_doc *doc, const node *seq);

/* Frees doc->members and everything in them (pact_doc_free's part). */
void pact_schema__free_members(pact_doc *doc);

#endif
