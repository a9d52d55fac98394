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
	    add_field(d, bud, "signed.date", da, db) < 0 ||
	    add_field(d, bud, "preamble", a->preamble, b->preamble) < 0 ||
	    add_field(d, bud, "closing", a->closing, b->closing) < 0 ||
	    add_field(d, bud, "source", a->source, b->source) < 0 ||
	    add_field(d, bud, "note", a->note, b->note) < 0)
		return -1;
	return 0;
}
