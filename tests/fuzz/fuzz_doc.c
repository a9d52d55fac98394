/*
 * fuzz_doc.c - libFuzzer target: bytes -> pact_doc_parse -> pact_doc_to_yaml
 * -> pact_doc_parse again.
 *
 * Any bytes may come in; the loader must refuse or accept them without a
 * sanitizer report. A document that is accepted must survive the round
 * trip doc.h promises ("parsing the output gives an equal doc"): the
 * serialised YAML must parse, and to the same content (positions and path
 * aside, which serialising may change). A broken promise is an abort(), so
 * libFuzzer keeps the input like any crash.
 *
 * The entry point is pact_fuzz_doc, so tests/test_fuzz_regressions.c can
 * replay saved inputs through exactly this code without libFuzzer; it
 * includes this file with PACT_FUZZ_NO_ENTRY defined.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pact/doc.h"

int pact_fuzz_doc(const uint8_t *data, size_t size);

static int str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Content equality: everything a pact says, not where it says it. */
static int doc_equal(const pact_doc *a, const pact_doc *b)
{
	if (!str_eq(a->schema, b->schema) || a->year != b->year || !str_eq(a->title, b->title) ||
	    !str_eq(a->bloc, b->bloc) || !str_eq(a->province, b->province) ||
	    !str_eq(a->signed_place, b->signed_place) ||
	    memcmp(&a->signed_date, &b->signed_date, sizeof(a->signed_date)) != 0 ||
	    !str_eq(a->preamble, b->preamble) || !str_eq(a->closing, b->closing) ||
	    !str_eq(a->source, b->source) || !str_eq(a->note, b->note) ||
	    a->nmembers != b->nmembers || a->nclauses != b->nclauses)
		return 0;
	for (size_t i = 0; i < a->nmembers; i++) {
		const pact_member *x = &a->members[i], *y = &b->members[i];
		if (!str_eq(x->id, y->id) || !str_eq(x->name, y->name) ||
		    x->napprovers != y->napprovers)
			return 0;
		for (size_t j = 0; j < x->napprovers; j++)
			if (!str_eq(x->approvers[j], y->approvers[j]))
				return 0;
	}
	for (size_t i = 0; i < a->nclauses; i++) {
		const pact_clause *x = &a->clauses[i], *y = &b->clauses[i];
		if (!str_eq(x->id, y->id) || x->number != y->number ||
		    !str_eq(x->title, y->title) || x->ncommitments != y->ncommitments)
			return 0;
		for (size_t j = 0; j < x->ncommitments; j++)
			if (!str_eq(x->commitments[j].text, y->commitments[j].text))
				return 0;
	}
	return 1;
}

int pact_fuzz_doc(const uint8_t *data, size_t size)
{
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = NULL, *again = NULL;
	char *yaml = NULL;
	size_t ylen = 0;

	opts.check_filename = 0;
	if (pact_doc_parse(&doc, &diags, (const char *)data, size, &opts) != 0)
		goto done;
	if (pact_doc_to_yaml(&yaml, &ylen, doc) != 0)
		goto done; /* out of memory: not a finding */
	pact_diags_clear(&diags);
	if (pact_doc_parse(&again, &diags, yaml, ylen, &opts) != 0 || !doc_equal(doc, again))
		abort(); /* the round trip doc.h promises is broken */
done:
	free(yaml);
	pact_doc_free(doc);
	pact_doc_free(again);
	pact_diags_clear(&diags);
	return 0;
}

#ifndef PACT_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pact_fuzz_doc(data, size);
}
#endif
