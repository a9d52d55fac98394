/*
 * schema_members.c - the rules of pact/1's `members` (docs/schema.md,
 * "Members"): ids, names, approvers, and `formerly`, the previous year's
 * members a member continues (the 2025 mergers and renames of agencies).
 *
 * `formerly` is checked in two steps. Each list on its own: slugs, no
 * repeats, never the member's own id (a member that keeps its id continues
 * itself). Then the document as a whole, over every (former id, member)
 * pair sorted by id, so the cost is O(p log p) for p pairs (at most
 * PACT_MAX_MEMBERS squared): a former id may not be a member of this year
 * too (it cannot both continue and be continued), and a former id named
 * by two or more members is a split, which is accepted only when each of
 * them names that id alone (an agency cut in parts); anything else is an
 * error, since the diff could not tell what became of it. Whether a former
 * id was a member of the previous year needs that year: pact diff and
 * pact validate check it where they have it (pact_doc_check_formerly).
 */
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "pact/error.h"
#include "pact/i18n.h"
#include "schema_internal.h"

typedef pact_schema__ctx ctx;

/* One name in a `formerly` list, or (former == 0) a member's own id. */
typedef struct claim {
	const char *id;
	size_t member; /* index in doc->members */
	pact_pos pos;
	int former;
} claim;

static int by_claim(const void *a, const void *b)
{
	const claim *x = a, *y = b;
	int r = strcmp(x->id, y->id);
	if (r)
		return r;
	if (x->former != y->former)
		return x->former - y->former; /* the member itself first */
	return x->member < y->member ? -1 : x->member > y->member;
}

/* One member's `formerly` list: out->formerly, and its pairs into *cl. */
static void build_formerly(ctx *c, pact_member *out, const node *seq, claim *cl, size_t *ncl,
                           size_t member)
{
	out->formerly_pos = seq->pos;
	if (seq->n == 0) {
		ERR(c, seq->pos, "empty",
		    "'formerly' must name at least one member of the previous year (or be left "
		    "out)");
		return;
	}
	if (seq->n > PACT_MAX_MEMBERS) {
		ERR(c, seq->pos, "limit", "%zu former members is more than the limit of %d",
		    (size_t)seq->n, PACT_MAX_MEMBERS);
		return;
	}
	out->formerly = pact_alloc__calloc(seq->n + 1, sizeof(char *));
	if (!out->formerly) {
		c->oom = 1;
		return;
	}
	for (size_t k = 0; k < seq->n; k++) {
		const node *f = &seq->items[k];
		char *id = pact_schema__slug(c, f, "formerly");
		int dup = 0;
		if (!id)
			continue;
		for (size_t j = 0; j < out->nformerly && !dup; j++)
			dup = !strcmp(out->formerly[j], id);
		if (dup) {
			ERR(c, f->pos, "duplicate-id", "'%s' is named twice in 'formerly'", id);
			free(id);
			continue;
		}
		if (out->id && !strcmp(out->id, id)) {
			ERR(c, f->pos, "formerly-self",
			    "member '%s' names itself in 'formerly': a member that keeps its id "
			    "continues itself; list only the other members it took in",
			    id);
			free(id);
			continue;
		}
		out->formerly[out->nformerly++] = id;
		cl[(*ncl)++] = (claim){id, member, f->pos, 1};
	}
}

/* The whole-document rules of `formerly` (see the top of this file). */
static void check_claims(ctx *c, const pact_doc *doc, claim *cl, size_t n)
{
	qsort(cl, n, sizeof(*cl), by_claim);
	for (size_t i = 0, j; i < n; i = j) {
		size_t formers = 0;
		int alone = 1;
		for (j = i; j < n && !strcmp(cl[j].id, cl[i].id); j++)
			if (cl[j].former) {
				formers++;
				alone = alone && doc->members[cl[j].member].nformerly == 1;
			}
		for (size_t k = i; k < j; k++) {
			const pact_member *m = &doc->members[cl[k].member];
			if (!cl[k].former)
				continue;
			if (!cl[i].former)
				ERR(c, cl[k].pos, "formerly-current",
				    "'%s' is a member of this year too (line %u), so '%s' cannot "
				    "continue it",
				    cl[k].id, cl[i].pos.line, m->id ? m->id : "?");
			else if (formers > 1 && !alone && k > i)
				ERR(c, cl[k].pos, "formerly-twice",
				    "'%s' is named in 'formerly' at line %u too: a member split "
				    "into "
				    "parts is written as each part naming it alone",
				    cl[k].id, cl[i].pos.line);
		}
	}
}

void pact_schema__build_members(ctx *c, pact_doc *doc, const node *seq)
{
	static const pact_schema__keyspec spec[] = {
	        {"id", 1}, {"name", 1}, {"approvers", 0}, {"formerly", 0}};
	const node *v[4];
	claim *cl = NULL;
	size_t ncl = 0, cap = 0;

	if (seq->n == 0) {
		ERR(c, seq->pos, "empty", "'members' must list at least one member agency");
		return;
	}
	if (seq->n > PACT_MAX_MEMBERS) {
		ERR(c, seq->pos, "limit", "%zu members is more than the limit of %d",
		    (size_t)seq->n, PACT_MAX_MEMBERS);
		return;
	}
	doc->members = pact_alloc__calloc(seq->n, sizeof(*doc->members));
	if (!doc->members) {
		c->oom = 1;
		return;
	}
	/* each member's own id, and the names of its formerly */
	for (size_t i = 0; i < seq->n; i++) {
		const node *m = &seq->items[i];
		if (m->kind == NODE_MAP)
			for (size_t k = 0; k + 1 < m->n; k += 2)
				if (m->items[k].kind == NODE_SCALAR &&
				    !strcmp(m->items[k].value, "formerly") &&
				    m->items[k + 1].kind == NODE_SEQ)
					cap += m->items[k + 1].n;
		cap++;
	}
	cl = pact_alloc__calloc(cap, sizeof(*cl));
	if (!cl) {
		c->oom = 1;
		return;
	}
	for (size_t i = 0; i < seq->n; i++) {
		const node *m = &seq->items[i];
		pact_member *out = &doc->members[doc->nmembers++];
		out->pos = m->pos;
		if (!pact_schema__want(c, m, NODE_MAP, "members[]"))
			continue;
		pact_schema__check_map(c, m, N_("a member"), spec, 4, v);
		if (v[0] && (out->id = pact_schema__slug(c, v[0], "member"))) {
			for (size_t j = 0; j + 1 < doc->nmembers; j++)
				if (doc->members[j].id && !strcmp(doc->members[j].id, out->id))
					ERR(c, v[0]->pos, "duplicate-id",
					    "member id '%s' is used twice (first at line %u)",
					    out->id, doc->members[j].pos.line);
			cl[ncl++] = (claim){out->id, i, v[0]->pos, 0};
		}
		if (v[1])
			out->name = pact_schema__text(c, v[1], "name");
		if (v[2] && pact_schema__want(c, v[2], NODE_SEQ, "approvers")) {
			out->approvers = pact_alloc__calloc(v[2]->n + 1, sizeof(char *));
			if (!out->approvers) {
				c->oom = 1;
				continue;
			}
			for (size_t k = 0; k < v[2]->n; k++) {
				const node *a = &v[2]->items[k];
				char *mail = pact_schema__text(c, a, "approvers[]");
				const char *at = mail ? strchr(mail, '@') : NULL;
				if (mail && (!at || at == mail || !at[1] || strchr(at + 1, '@') ||
				             strpbrk(mail, " <>"))) {
					ERR(c, a->pos, "email",
					    "approver '%s' is not an e-mail address", mail);
					free(mail);
					continue;
				}
				if (mail)
					out->approvers[out->napprovers++] = mail;
			}
		}
		if (v[3] && pact_schema__want(c, v[3], NODE_SEQ, "formerly"))
			build_formerly(c, out, v[3], cl, &ncl, i);
	}
	if (!c->oom)
		check_claims(c, doc, cl, ncl);
	free(cl);
}

void pact_schema__free_members(pact_doc *doc)
{
	for (size_t i = 0; i < doc->nmembers; i++) {
		pact_member *m = &doc->members[i];
		free(m->id);
		free(m->name);
		for (size_t k = 0; k < m->napprovers; k++)
			free(m->approvers[k]);
		free(m->approvers);
		for (size_t k = 0; k < m->nformerly; k++)
			free(m->formerly[k]);
		free(m->formerly);
	}
	free(doc->members);
}

/* The warnings pact_doc_check_formerly lists; past them it only counts
 * (200 members naming 200 unknown ids each were 40 000 lines). */
#define FORMERLY_MAX_WARNINGS 100

int pact_doc_check_formerly(pact_diags *diags, const pact_doc *prev, const pact_doc *doc)
{
	pact_pos whole = {0, 0};
	size_t listed = 0;

	if (!diags || !prev || !doc)
		return 0;
	for (size_t i = 0; i < doc->nmembers; i++) {
		const pact_member *m = &doc->members[i];
		for (size_t k = 0; k < m->nformerly; k++) {
			if (pact_doc_member(prev, m->formerly[k]))
				continue;
			if (listed > FORMERLY_MAX_WARNINGS) {
				diags->nwarnings++;
				continue;
			}
			if (listed++ == FORMERLY_MAX_WARNINGS) {
				if (pact_tree__diags_add(
				            diags, PACT_DIAG_WARNING, whole, "too-many",
				            "more than %d former members unknown to %d: "
				            "the rest are counted, not listed",
				            FORMERLY_MAX_WARNINGS, prev->year) < 0)
					return PACT_ENOMEM;
				continue;
			}
			if (pact_tree__diags_add(diags, PACT_DIAG_WARNING, m->formerly_pos,
			                         "formerly-unknown",
			                         "'formerly' of '%s' names '%s', which is not a "
			                         "member in %d",
			                         m->id, m->formerly[k], prev->year) < 0)
				return PACT_ENOMEM;
		}
	}
	return 0;
}
