/*
 * pactdiff_fields.c - pass 6 of a diff (pactdiff.c): the fields other than
 * clauses and members, word by word (textdiff.c). The members are
 * pactdiff_members.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pactdiff_internal.h"
#include "textdiff_internal.h"
#include "tokens.h"

static int add_field(pact_diff *d, pact_textdiff_budget *bud, const char *name, const char *ov,
                     const char *nv)
{
	pact_field_diff *f = &d->fields[d->nfields++];
	memset(f, 0, sizeof(*f));
	f->name = name;
	f->old_value = pact_alloc__strdup(ov);
	f->new_value = pact_alloc__strdup(nv);
	if ((ov && !f->old_value) || (nv && !f->new_value))
		return -1;
	if (pact_textdiff__words(&f->words, ov, NULL, nv, NULL, bud) < 0)
		return -1;
	f->changed = f->words.differs || (!ov) != (!nv);
	f->norm_only = !f->changed && f->words.norm_only;
	return 0;
}

/* A date is read whole: "2024-03-15" → "2025-03-20" word by word showed
 * "[-2024-] {+2025+}-03-[-15-] {+20+}", which no officer reads as a date.
 * A changed one becomes one deletion and one insertion. 0, or -1 out of
 * memory. */
static int whole(pact_field_diff *f)
{
	pact_wordop *ops;

	if (!f->changed || !f->old_value || !f->new_value)
		return 0;
	ops = pact_alloc__calloc(2, sizeof(*ops));
	if (!ops)
		return -1;
	ops[0].op = PACT_OP_DELETE;
	ops[0].text = pact_alloc__strdup(f->old_value);
	ops[1].op = PACT_OP_INSERT;
	ops[1].text = pact_alloc__strdup(f->new_value);
	if (!ops[0].text || !ops[1].text) {
		free(ops[0].text);
		free(ops[1].text);
		free(ops);
		return -1;
	}
	pact_worddiff_clear(&f->words);
	f->words.ops = ops;
	f->words.nops = 2;
	f->words.ndeleted = 1;
	f->words.ninserted = 1;
	f->words.differs = 1;
	return 0;
}

/* 6. The fields other than clauses and members, word by word. */
int pact_diff__fields(pact_diff *d, const pact_doc *a, const pact_doc *b, pact_textdiff_budget *bud)
{
	char ya[16], yb[16], da[16], db[16];
	d->fields = pact_alloc__calloc(12, sizeof(*d->fields));
	if (!d->fields)
		return -1;
	snprintf(ya, sizeof(ya), "%d", a->year);
	snprintf(yb, sizeof(yb), "%d", b->year);
	snprintf(da, sizeof(da), "%04d-%02d-%02d", a->signed_date.year, a->signed_date.month,
	         a->signed_date.day);
	snprintf(db, sizeof(db), "%04d-%02d-%02d", b->signed_date.year, b->signed_date.month,
	         b->signed_date.day);
	if (add_field(d, bud, "year", ya, yb) < 0 ||
	    add_field(d, bud, "title", a->title, b->title) < 0 ||
	    add_field(d, bud, "bloc", a->bloc, b->bloc) < 0 ||
	    add_field(d, bud, "province", a->province, b->province) < 0 ||
	    add_field(d, bud, "signed.place", a->signed_place, b->signed_place) < 0 ||
	    add_field(d, bud, "signed.date", da, db) < 0 || whole(&d->fields[d->nfields - 1]) < 0 ||
	    add_field(d, bud, "preamble", a->preamble, b->preamble) < 0 ||
	    add_field(d, bud, "closing", a->closing, b->closing) < 0 ||
	    add_field(d, bud, "source", a->source, b->source) < 0 ||
	    add_field(d, bud, "note", a->note, b->note) < 0)
		return -1;
	return 0;
}
