/*
 * pactdiff.c - two pact documents -> one edit script (pactdiff.h).
 *
 * The passes, in the order pact_diff_docs runs them:
 *  1. clauses: pact_align__parts (ids, then IDF-weighted content
 *     similarity, split, merge, moves by LIS), each clause read as its
 *     title and commitments. Each clause ends up in exactly one "home" entry
 *     on its side: a one-to-one pair, a split piece (new side), a merged
 *     part (old side), or a lone added / removed clause.
 *  2. commitments: clauses linked by pairs, splits and merges form families
 *     (union-find); commitments are aligned inside each family, so the
 *     commitments that followed a split land in the split piece's entry.
 *     Commitments still unpaired anywhere are then aligned globally with a
 *     stricter threshold: those pairs are commitments moved across clauses.
 *     Each pair gets its word diff as it is recorded: Myers + semantic
 *     clean-up (textdiff.c). The commitments of one alignment are
 *     tokenised once for their bags and their word diffs, and the tokens
 *     dropped when that alignment is done; in the rare alignment of more
 *     text than PACT_DIFF_KEPT_TEXT, each text is tokenised when needed
 *     and dropped at once, so the tokens held never exceed one such
 *     alignment's or one pair's (a token takes ~50 bytes: tokens of whole
 *     documents held at once took 27 to 100 times their text). A
 *     byte-identical pair only has its tokens counted.
 *  3. entries: commitment order and in-clause moves (LIS, pactdiff_order.c),
 *     citations (pactdiff_cites.c), the title's words, the status; then the parents
 *     of splits and merges are marked changed.
 *  4. the entries in reading order.
 *  5. counts of clauses and commitments.
 *  6. the other fields and the members (pactdiff_fields.c).
 *  7. the citations of the whole documents.
 *  8. the remaining counts, and whether anything differs.
 * Nothing is quadratic in the number of clauses: families are small and the
 * global passes go through align.c's inverted index. Identical one-to-one
 * clauses take a fast path (no alignment, byte comparison only), which is
 * most clauses of most years.
 */
#include "pact/pactdiff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "align.h"
#include "pactdiff_internal.h"
#include "pact/error.h"
#include "textdiff_internal.h"
#include "tokens.h"

const char *pact_change_name(pact_change c)
{
	switch (c) {
	case PACT_CHANGE_UNCHANGED:
		return "unchanged";
	case PACT_CHANGE_MODIFIED:
		return "modified";
	case PACT_CHANGE_ADDED:
		return "added";
	case PACT_CHANGE_REMOVED:
		return "removed";
	}
	return "unknown";
}

static int same_text(const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	return !strcmp(a, b) || pact_tokens__same_text(a, b) == 1; /* out of memory: changed */
}

int pact_diff_clause_same_text(const pact_clause *a, const pact_clause *b)
{
	if (a->ncommitments != b->ncommitments || !same_text(a->title, b->title))
		return 0;
	for (size_t i = 0; i < a->ncommitments; i++)
		if (!same_text(a->commitments[i].text, b->commitments[i].text))
			return 0;
	return 1;
}

/* ---- freeing ---------------------------------------------------------- */

static void ref_clear(pact_clause_ref *r)
{
	free(r->id);
	free(r->title);
	memset(r, 0, sizeof(*r));
}

static void cite_changes_clear(pact_cite_changes *c)
{
	for (size_t i = 0; i < c->count; i++) {
		pact_cite *x = &c->items[i].cite;
		free(x->kind);
		free(x->number);
		free(x->key);
		free(x->issuer);
		free(x->text);
	}
	free(c->items);
	memset(c, 0, sizeof(*c));
}

static void clause_diff_clear(pact_clause_diff *cd)
{
	ref_clear(&cd->before);
	ref_clear(&cd->after);
	ref_clear(&cd->split_from);
	ref_clear(&cd->merged_into);
	pact_worddiff_clear(&cd->title);
	for (size_t i = 0; i < cd->ncommits; i++) {
		pact_commit_diff *c = &cd->commits[i];
		free(c->old_text);
		free(c->new_text);
		pact_worddiff_clear(&c->words);
		ref_clear(&c->from);
	}
	free(cd->commits);
	for (size_t i = 0; i < cd->nmoved_out; i++) {
		free(cd->moved_out[i].text);
		ref_clear(&cd->moved_out[i].to);
	}
	free(cd->moved_out);
	cite_changes_clear(&cd->cites);
}

void pact_diff_free(pact_diff *d)
{
	if (!d)
		return;
	free(d->old_label);
	free(d->new_label);
	for (size_t i = 0; i < d->nfields; i++) {
		free(d->fields[i].old_value);
		free(d->fields[i].new_value);
		pact_worddiff_clear(&d->fields[i].words);
	}
	free(d->fields);
	pact_diff__members_free(d);
	for (size_t i = 0; i < d->nclauses; i++)
		clause_diff_clear(&d->clauses[i]);
	free(d->clauses);
	cite_changes_clear(&d->cites);
	free(d);
}

/* ---- building --------------------------------------------------------- */

typedef struct entry_extra {
	size_t cap_commits, cap_moved;
	double major, minor; /* reading-order key */
} entry_extra;

typedef struct builder {
	const pact_doc *a, *b;
	pact_diff *d;
	entry_extra *ex;
	long *home_old, *home_new; /* clause -> entry index */
	size_t *aoff, *boff;       /* clause -> first global commitment index */
	unsigned char *a_used, *b_used;
	const pact_diff_opts *opts;
	pact_textdiff_budget budget; /* shared by all word diffs (textdiff_internal.h) */
} builder;

static int ref_set(pact_clause_ref *r, const pact_clause *c, size_t index)
{
	r->present = 1;
	r->id = pact_alloc__strdup(c->id);
	r->title = pact_alloc__strdup(c->title);
	r->number = c->number;
	r->index = index;
	return (c->id && !r->id) || (c->title && !r->title) ? -1 : 0;
}

static int ref_copy(pact_clause_ref *dst, const pact_clause_ref *src)
{
	*dst = *src;
	dst->id = pact_alloc__strdup(src->id);
	dst->title = pact_alloc__strdup(src->title);
	return (src->id && !dst->id) || (src->title && !dst->title) ? -1 : 0;
}

static long new_entry(builder *bd)
{
	pact_diff *d = bd->d;
	long e = (long)d->nclauses++;
	memset(&d->clauses[e], 0, sizeof(d->clauses[e]));
	memset(&bd->ex[e], 0, sizeof(bd->ex[e]));
	return e;
}

/* One side's clauses as alignment items: the title, then the commitments,
 * pointing into the document (no text is copied). *parts and *items are
 * the caller's to free. */
static int clause_items(pact_align_item **items, const char ***parts, const char ***ids,
                        const pact_doc *doc)
{
	size_t n = doc->nclauses, total = 0, x = 0;

	for (size_t i = 0; i < n; i++)
		total += 1 + doc->clauses[i].ncommitments;
	*items = pact_alloc__calloc(n + 1, sizeof(**items));
	*parts = pact_alloc__calloc(total + 1, sizeof(**parts));
	*ids = pact_alloc__calloc(n + 1, sizeof(**ids));
	if (!*items || !*parts || !*ids)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const pact_clause *c = &doc->clauses[i];
		(*items)[i].parts = *parts + x;
		(*parts)[x++] = c->title; /* NULL: no title, skipped */
		for (size_t k = 0; k < c->ncommitments; k++)
			(*parts)[x++] = c->commitments[k].text;
		(*items)[i].nparts = 1 + c->ncommitments;
		(*ids)[i] = c->id;
	}
	return 0;
}

/* 1. Pair the clauses of the two years (align.c). */
static int align_clauses(pact_alignment **al, const pact_doc *A, const pact_doc *B,
                         const pact_diff_opts *opts)
{
	pact_align_opts ao = PACT_ALIGN_OPTS_INIT;
	pact_align_item *ia = NULL, *ib = NULL;
	const char **pa = NULL, **pb = NULL, **ida = NULL, **idb = NULL;
	int rc = -1;

	*al = NULL;
	if (clause_items(&ia, &pa, &ida, A) < 0 || clause_items(&ib, &pb, &idb, B) < 0)
		goto done;
	ao.threshold = opts->clause_threshold;
	ao.no_ids = opts->ignore_ids;
	rc = pact_align__parts(al, ia, ida, A->nclauses, ib, idb, B->nclauses, &ao);
done:
	free(ia);
	free(ib);
	free(pa);
	free(pb);
	free(ida);
	free(idb);
	return rc;
}

/* One side of a commitment record: clause c's commitment k, or none (c
 * negative), with its tokens when they are at hand (else NULL: the word
 * diff splits the text itself). */
typedef struct commit_side {
	long c, k;
	const pact_tokens *t;
} commit_side;

/* Add a commitment record to entry e: old commitment o, new commitment n
 * (either may be none). */
static int add_commit(builder *bd, long e, commit_side o, commit_side n, double sim,
                      const pact_clause_ref *from)
{
	const char *ot = o.c >= 0 ? bd->a->clauses[o.c].commitments[o.k].text : NULL;
	const char *nt = n.c >= 0 ? bd->b->clauses[n.c].commitments[n.k].text : NULL;
	long oi = o.c >= 0 ? o.k : -1, ni = n.c >= 0 ? n.k : -1;
	pact_clause_diff *cd = &bd->d->clauses[e];
	entry_extra *x = &bd->ex[e];
	pact_commit_diff *c =
	        pact_alloc__grow(cd->commits, &x->cap_commits, cd->ncommits, sizeof(*c), 4);

	if (!c)
		return -1;
	cd->commits = c;
	c = &cd->commits[cd->ncommits++];
	memset(c, 0, sizeof(*c));
	c->old_index = oi;
	c->new_index = ni;
	c->old_text = pact_alloc__strdup(ot);
	c->new_text = pact_alloc__strdup(nt);
	if ((ot && !c->old_text) || (nt && !c->new_text))
		return -1;
	if (pact_textdiff__words(&c->words, ot, o.t, nt, n.t, &bd->budget) < 0)
		return -1;
	if (!ot) {
		c->status = PACT_CHANGE_ADDED;
	} else if (!nt) {
		c->status = PACT_CHANGE_REMOVED;
	} else {
		c->status = c->words.differs ? PACT_CHANGE_MODIFIED : PACT_CHANGE_UNCHANGED;
		c->norm_only = !c->words.differs && c->words.norm_only;
		c->similarity = c->words.differs ? sim : 1.0;
	}
	if (from && ref_copy(&c->from, from) < 0)
		return -1;
	return 0;
}

static int add_moved_out(builder *bd, long e, long oi, const char *text, const pact_clause *to,
                         size_t to_index, long ni)
{
	pact_clause_diff *cd = &bd->d->clauses[e];
	entry_extra *x = &bd->ex[e];
	pact_moved_out *m =
	        pact_alloc__grow(cd->moved_out, &x->cap_moved, cd->nmoved_out, sizeof(*m), 2);

	if (!m)
		return -1;
	cd->moved_out = m;
	m = &cd->moved_out[cd->nmoved_out++];
	memset(m, 0, sizeof(*m));
	m->old_index = oi;
	m->new_index = ni;
	m->text = pact_alloc__strdup(text);
	if (!m->text)
		return -1;
	return ref_set(&m->to, to, to_index);
}

/* A commitment pair o - n (both present): record it in the entry that
 * links the two clauses, else as a move. */
static int record_pair(builder *bd, commit_side o, commit_side n, double sim)
{
	pact_diff *d = bd->d;
	size_t ca = (size_t)o.c, ka = (size_t)o.k, cb = (size_t)n.c, kb = (size_t)n.k;
	long en = bd->home_new[cb], eo = bd->home_old[ca];
	const char *ot = bd->a->clauses[ca].commitments[ka].text;
	pact_clause_ref from;
	int rc;

	bd->a_used[bd->aoff[ca] + ka] = 1;
	bd->b_used[bd->boff[cb] + kb] = 1;
	if (d->clauses[en].before.present && d->clauses[en].before.index == ca)
		return add_commit(bd, en, o, n, sim, NULL);
	if (d->clauses[eo].after.present && d->clauses[eo].after.index == cb)
		return add_commit(bd, eo, o, n, sim, NULL);
	memset(&from, 0, sizeof(from));
	if (ref_set(&from, &bd->a->clauses[ca], ca) < 0) {
		ref_clear(&from);
		return -1;
	}
	rc = add_commit(bd, en, o, n, sim, &from);
	ref_clear(&from);
	if (rc < 0)
		return rc;
	return add_moved_out(bd, eo, (long)ka, ot, &bd->b->clauses[cb], cb, (long)kb);
}

/* union-find over clauses: old a -> a, new b -> na + b */
static size_t uf_find(size_t *p, size_t x)
{
	while (p[x] != x) {
		p[x] = p[p[x]];
		x = p[x];
	}
	return x;
}

static void uf_union(size_t *p, size_t x, size_t y)
{
	x = uf_find(p, x);
	y = uf_find(p, y);
	if (x != y)
		p[y] = x;
}

typedef struct citem {
	size_t clause, k;
} citem;

/* One side of a commitment alignment: its commitments as alignment
 * items, with their tokens when kept (toks not NULL; tokp[x] = &toks[x]). */
typedef struct commit_list {
	const citem *ci;
	size_t n;
	pact_align_item *items;
	const char **texts;
	pact_tokens *toks;
	const pact_tokens **tokp;
} commit_list;

/* The bytes of text of commitments ci[n] of one side, counted up to a
 * little over `limit` (a count above it is all the caller needs). */
static size_t commit_bytes(const pact_doc *doc, const citem *ci, size_t n, size_t limit)
{
	size_t total = 0;

	for (size_t x = 0; x < n && total <= limit; x++)
		total += strlen(doc->clauses[ci[x].clause].commitments[ci[x].k].text);
	return total;
}

/* l: commitments ci[n] of doc as items, each split once into l->toks when
 * `keep` (their bags and word diffs share the tokens), else not (align.c
 * splits each in turn). Released with commit_list_clear. */
static int commit_list_init(commit_list *l, const pact_doc *doc, const citem *ci, size_t n,
                            int keep)
{
	memset(l, 0, sizeof(*l));
	l->ci = ci;
	l->n = n;
	l->items = pact_alloc__calloc(n + 1, sizeof(*l->items));
	l->texts = pact_alloc__malloc((n + 1) * sizeof(*l->texts));
	if (!l->items || !l->texts)
		return -1;
	if (keep) {
		l->toks = pact_alloc__calloc(n + 1, sizeof(*l->toks));
		l->tokp = pact_alloc__malloc((n + 1) * sizeof(*l->tokp));
		if (!l->toks || !l->tokp)
			return -1;
	}
	for (size_t x = 0; x < n; x++) {
		const char *text = doc->clauses[ci[x].clause].commitments[ci[x].k].text;
		l->texts[x] = text;
		l->items[x].parts = &l->texts[x];
		l->items[x].nparts = 1;
		if (!keep)
			continue;
		if (pact_tokens__split(&l->toks[x], text, strlen(text)) < 0)
			return -1;
		l->tokp[x] = &l->toks[x];
		l->items[x].toks = &l->tokp[x];
	}
	return 0;
}

static void commit_list_clear(commit_list *l)
{
	for (size_t x = 0; l->toks && x < l->n; x++)
		pact_tokens__clear(&l->toks[x]);
	free(l->items);
	free(l->texts);
	free(l->toks);
	free(l->tokp);
	memset(l, 0, sizeof(*l));
}

/* Item x of l as one side of a commitment record. */
static commit_side list_side(const commit_list *l, size_t x)
{
	commit_side s = {(long)l->ci[x].clause, (long)l->ci[x].k, l->toks ? &l->toks[x] : NULL};
	return s;
}

/* Align old commitments oi[no] with new ones ni[nn] (align.c, no split or
 * merge of sentences) and record the pairs at or above `threshold`. Their
 * tokens are kept for the word diffs when all the texts together are at
 * most PACT_DIFF_KEPT_TEXT bytes, and dropped when done. */
static int align_commitments(builder *bd, const citem *oi, size_t no, const citem *ni, size_t nn,
                             double threshold)
{
	size_t bytes = commit_bytes(bd->a, oi, no, PACT_DIFF_KEPT_TEXT);
	int keep = bytes + commit_bytes(bd->b, ni, nn, PACT_DIFF_KEPT_TEXT) <= PACT_DIFF_KEPT_TEXT;
	commit_list lo, ln;
	pact_alignment *al = NULL;
	pact_align_opts ao = PACT_ALIGN_OPTS_INIT;
	int rc = -1;

	memset(&ln, 0, sizeof(ln));
	if (commit_list_init(&lo, bd->a, oi, no, keep) < 0 ||
	    commit_list_init(&ln, bd->b, ni, nn, keep) < 0)
		goto done;
	ao.threshold = threshold;
	ao.contain = 2.0; /* no split / merge of sentences */
	if (pact_align__parts(&al, lo.items, NULL, no, ln.items, NULL, nn, &ao) < 0)
		goto done;
	for (size_t i = 0; i < al->nprimary; i++) {
		const pact_align_pair *p = &al->pairs[i];
		if (record_pair(bd, list_side(&lo, p->a), list_side(&ln, p->b), p->similarity) < 0)
			goto done;
	}
	rc = 0;
done:
	pact_align__free(al);
	commit_list_clear(&lo);
	commit_list_clear(&ln);
	return rc;
}

static int align_family(builder *bd, const size_t *olds, size_t no, const size_t *news, size_t nn)
{
	const pact_doc *A = bd->a, *B = bd->b;
	size_t tot_o = 0, tot_n = 0, i, k, x = 0;
	citem *oi = NULL, *ni = NULL;
	int rc = -1;

	/* fast path: one clause each side, commitments byte-identical */
	if (no == 1 && nn == 1) {
		const pact_clause *ca = &A->clauses[olds[0]], *cb = &B->clauses[news[0]];
		int same = ca->ncommitments == cb->ncommitments;
		for (k = 0; same && k < ca->ncommitments; k++)
			same = !strcmp(ca->commitments[k].text, cb->commitments[k].text);
		if (same) {
			for (k = 0; k < ca->ncommitments; k++) {
				commit_side o = {(long)olds[0], (long)k, NULL};
				commit_side n = {(long)news[0], (long)k, NULL};
				if (record_pair(bd, o, n, 1.0) < 0)
					return -1;
			}
			return 0;
		}
	}
	for (i = 0; i < no; i++)
		tot_o += A->clauses[olds[i]].ncommitments;
	for (i = 0; i < nn; i++)
		tot_n += B->clauses[news[i]].ncommitments;
	oi = pact_alloc__malloc((tot_o + 1) * sizeof(*oi));
	ni = pact_alloc__malloc((tot_n + 1) * sizeof(*ni));
	if (!oi || !ni)
		goto done;
	for (i = 0, x = 0; i < no; i++)
		for (k = 0; k < A->clauses[olds[i]].ncommitments; k++, x++) {
			oi[x].clause = olds[i];
			oi[x].k = k;
		}
	for (i = 0, x = 0; i < nn; i++)
		for (k = 0; k < B->clauses[news[i]].ncommitments; k++, x++) {
			ni[x].clause = news[i];
			ni[x].k = k;
		}
	rc = align_commitments(bd, oi, tot_o, ni, tot_n, bd->opts->commit_threshold);
done:
	free(oi);
	free(ni);
	return rc;
}

/* 2b. Commitments still unpaired anywhere, aligned across clauses with a
 * stricter threshold (moves); what is left is removed or added in its home
 * entry. */
static int align_leftovers(builder *bd)
{
	const pact_doc *A = bd->a, *B = bd->b;
	size_t na = bd->aoff[A->nclauses], nb = bd->boff[B->nclauses], no = 0, nn = 0;
	citem *oi = pact_alloc__malloc((na + 1) * sizeof(*oi)),
	      *ni = pact_alloc__malloc((nb + 1) * sizeof(*ni));
	commit_side none = {-1, -1, NULL};
	int rc = -1;

	if (!oi || !ni)
		goto done;
	for (size_t c = 0; c < A->nclauses; c++)
		for (size_t k = 0; k < A->clauses[c].ncommitments; k++)
			if (!bd->a_used[bd->aoff[c] + k]) {
				oi[no].clause = c;
				oi[no++].k = k;
			}
	for (size_t c = 0; c < B->nclauses; c++)
		for (size_t k = 0; k < B->clauses[c].ncommitments; k++)
			if (!bd->b_used[bd->boff[c] + k]) {
				ni[nn].clause = c;
				ni[nn++].k = k;
			}
	if (no && nn && align_commitments(bd, oi, no, ni, nn, bd->opts->move_threshold) < 0)
		goto done;
	/* what is left is removed or added, in its home clause */
	for (size_t c = 0; c < A->nclauses; c++)
		for (size_t k = 0; k < A->clauses[c].ncommitments; k++)
			if (!bd->a_used[bd->aoff[c] + k] &&
			    add_commit(bd, bd->home_old[c], (commit_side){(long)c, (long)k, NULL},
			               none, 0, NULL) < 0)
				goto done;
	for (size_t c = 0; c < B->nclauses; c++)
		for (size_t k = 0; k < B->clauses[c].ncommitments; k++)
			if (!bd->b_used[bd->boff[c] + k] &&
			    add_commit(bd, bd->home_new[c], none,
			               (commit_side){(long)c, (long)k, NULL}, 0, NULL) < 0)
				goto done;
	rc = 0;
done:
	free(oi);
	free(ni);
	return rc;
}

/* ---- splits and merges ------------------------------------------------ */

/* A one-to-one pair whose old clause gave commitments to a piece split off
 * it, or whose new clause took in an old clause merged into it, changed as
 * a whole even when every commitment it kept reads the same: it is
 * MODIFIED, never UNCHANGED (docs/diff.md, "Splits and merges"). Linear:
 * one pass marks the givers and takers, one pass reads the marks. */
static int mark_split_merge_parents(pact_diff *d, size_t na, size_t nb)
{
	unsigned char *gave = pact_alloc__calloc(na + 1, 1), *took = pact_alloc__calloc(nb + 1, 1);
	int rc = PACT_ENOMEM;

	if (!gave || !took)
		goto done;
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause_diff *cd = &d->clauses[i];
		if (cd->split_from.present && cd->split_from.index < na)
			gave[cd->split_from.index] = 1;
		if (cd->merged_into.present && cd->merged_into.index < nb)
			took[cd->merged_into.index] = 1;
	}
	for (size_t i = 0; i < d->nclauses; i++) {
		pact_clause_diff *cd = &d->clauses[i];
		if (!cd->before.present || !cd->after.present)
			continue;
		if (cd->split_from.present || cd->merged_into.present)
			continue;
		cd->split_source = gave[cd->before.index];
		cd->merge_target = took[cd->after.index];
		if (cd->split_source || cd->merge_target)
			cd->status = PACT_CHANGE_MODIFIED;
	}
	rc = 0;
done:
	free(gave);
	free(took);
	return rc;
}

/* ---- the whole -------------------------------------------------------- */

/* The diff with its labels and room for every entry (at most one per
 * clause of either side), and the builder's per-clause tables. Made after
 * the clause alignment, whose bags and edges are the peak of memory. */
static int builder_init(builder *bd, const pact_doc *A, const pact_doc *B,
                        const pact_diff_opts *opts)
{
	size_t na = A->nclauses, nb = B->nclauses;
	pact_diff *d;

	bd->a = A;
	bd->b = B;
	bd->opts = opts;
	bd->d = d = pact_alloc__calloc(1, sizeof(*d));
	if (!d)
		return -1;
	d->old_label = pact_alloc__strdup(opts->old_label ? opts->old_label : A->path);
	d->new_label = pact_alloc__strdup(opts->new_label ? opts->new_label : B->path);
	if ((!d->old_label && (opts->old_label || A->path)) ||
	    (!d->new_label && (opts->new_label || B->path)))
		return -1;
	d->old_year = A->year;
	d->new_year = B->year;
	d->clauses = pact_alloc__calloc(na + nb + 1, sizeof(*d->clauses));
	bd->ex = pact_alloc__calloc(na + nb + 1, sizeof(*bd->ex));
	bd->home_old = pact_alloc__malloc((na + 1) * sizeof(long));
	bd->home_new = pact_alloc__malloc((nb + 1) * sizeof(long));
	bd->aoff = pact_alloc__malloc((na + 1) * sizeof(size_t));
	bd->boff = pact_alloc__malloc((nb + 1) * sizeof(size_t));
	if (!d->clauses || !bd->ex || !bd->home_old || !bd->home_new || !bd->aoff || !bd->boff)
		return -1;
	for (size_t i = 0; i < na; i++)
		bd->home_old[i] = -1;
	for (size_t i = 0; i < nb; i++)
		bd->home_new[i] = -1;
	/* commitment k of clause c is number aoff[c] + k of its side */
	bd->aoff[0] = bd->boff[0] = 0;
	for (size_t i = 0; i < na; i++)
		bd->aoff[i + 1] = bd->aoff[i] + A->clauses[i].ncommitments;
	for (size_t i = 0; i < nb; i++)
		bd->boff[i + 1] = bd->boff[i] + B->clauses[i].ncommitments;
	bd->a_used = pact_alloc__calloc(bd->aoff[na] + 1, 1);
	bd->b_used = pact_alloc__calloc(bd->boff[nb] + 1, 1);
	return bd->a_used && bd->b_used ? 0 : -1;
}

static void builder_clear(builder *bd)
{
	pact_diff_free(bd->d);
	free(bd->ex);
	free(bd->home_old);
	free(bd->home_new);
	free(bd->aoff);
	free(bd->boff);
	free(bd->a_used);
	free(bd->b_used);
}

/* 1a. One entry per pair of the alignment: the home of both clauses of a
 * one-to-one pair, of the new clause of a split piece, of the old clause
 * of a merged part. */
static int entries_from_pairs(builder *bd, const pact_alignment *al)
{
	const pact_doc *A = bd->a, *B = bd->b;

	for (size_t i = 0; i < al->npairs; i++) {
		const pact_align_pair *p = &al->pairs[i];
		long e = new_entry(bd);
		pact_clause_diff *cd = &bd->d->clauses[e];
		cd->status = PACT_CHANGE_MODIFIED;
		cd->similarity = p->similarity;
		if (ref_set(&cd->before, &A->clauses[p->a], p->a) < 0 ||
		    ref_set(&cd->after, &B->clauses[p->b], p->b) < 0)
			return -1;
		if (p->kind == PACT_PAIR_SPLIT) {
			if (ref_set(&cd->split_from, &A->clauses[p->a], p->a) < 0)
				return -1;
			bd->home_new[p->b] = e;
			bd->ex[e].major = (double)p->b;
		} else if (p->kind == PACT_PAIR_MERGE) {
			if (ref_set(&cd->merged_into, &B->clauses[p->b], p->b) < 0)
				return -1;
			bd->home_old[p->a] = e;
			bd->ex[e].major = (double)p->b;
			bd->ex[e].minor = 1.0 + (double)p->a;
		} else {
			cd->moved = p->moved;
			cd->paired_by_id = p->kind == PACT_PAIR_ID;
			cd->renumbered = A->clauses[p->a].number != B->clauses[p->b].number;
			bd->home_old[p->a] = e;
			bd->home_new[p->b] = e;
			bd->ex[e].major = (double)p->b;
		}
	}
	return 0;
}

/* 1b. An entry for each clause left without one: removed (read after the
 * new position of the nearest paired clause before it) or added. */
static int entries_for_lone_clauses(builder *bd, const pact_alignment *al)
{
	const pact_doc *A = bd->a, *B = bd->b;
	pact_diff *d = bd->d;

	for (size_t i = 0; i < A->nclauses; i++) {
		if (bd->home_old[i] >= 0)
			continue;
		long e = new_entry(bd), anchor = -1;
		d->clauses[e].status = PACT_CHANGE_REMOVED;
		if (ref_set(&d->clauses[e].before, &A->clauses[i], i) < 0)
			return -1;
		bd->home_old[i] = e;
		for (size_t k = i; k-- > 0;)
			if (al->a_to_b[k] >= 0) {
				anchor = al->a_to_b[k];
				break;
			}
		bd->ex[e].major = (double)anchor + 0.5;
		bd->ex[e].minor = (double)i;
	}
	for (size_t i = 0; i < B->nclauses; i++) {
		if (bd->home_new[i] >= 0)
			continue;
		long e = new_entry(bd);
		d->clauses[e].status = PACT_CHANGE_ADDED;
		if (ref_set(&d->clauses[e].after, &B->clauses[i], i) < 0)
			return -1;
		bd->home_new[i] = e;
		bd->ex[e].major = (double)i;
	}
	return 0;
}

/* 2a. Commitments, family by family: clauses linked by pairs, splits and
 * merges (union-find over old a -> a, new b -> na + b). */
static int align_families(builder *bd, const pact_alignment *al)
{
	size_t na = bd->a->nclauses, nb = bd->b->nclauses, n = na + nb;
	size_t *uf = pact_alloc__malloc((n + 1) * sizeof(*uf)),
	       *head = pact_alloc__malloc((n + 1) * sizeof(*head));
	size_t *next = pact_alloc__malloc((n + 1) * sizeof(*next));
	size_t *fo = pact_alloc__malloc((na + 1) * sizeof(*fo)),
	       *fn = pact_alloc__malloc((nb + 1) * sizeof(*fn));
	int rc = -1;

	if (!uf || !head || !next || !fo || !fn)
		goto done;
	for (size_t i = 0; i < n; i++) {
		uf[i] = i;
		head[i] = (size_t)-1;
	}
	for (size_t i = 0; i < al->npairs; i++)
		uf_union(uf, al->pairs[i].a, na + al->pairs[i].b);
	for (size_t i = n; i-- > 0;) { /* each family's members, in order */
		size_t r = uf_find(uf, i);
		next[i] = head[r];
		head[r] = i;
	}
	for (size_t i = 0; i < n; i++) {
		size_t no = 0, nn = 0;
		if (head[i] == (size_t)-1)
			continue;
		for (size_t x = head[i]; x != (size_t)-1; x = next[x]) {
			if (x < na)
				fo[no++] = x;
			else
				fn[nn++] = x - na;
		}
		if (no && nn && align_family(bd, fo, no, fn, nn) < 0)
			goto done;
	}
	rc = 0;
done:
	free(uf);
	free(head);
	free(next);
	free(fo);
	free(fn);
	return rc;
}

/* 3. Per entry: commitment order and moves, citations
 * (pact_diff__order_entry, pactdiff_order.c), the
 * title's words, the count of changes and the final status. */
static int finish_entries(builder *bd)
{
	pact_diff *d = bd->d;

	for (size_t i = 0; i < d->nclauses; i++) {
		pact_clause_diff *cd = &d->clauses[i];
		if (pact_diff__order_entry(cd) < 0)
			return -1;
		if (pact_textdiff__words(&cd->title, cd->before.present ? cd->before.title : NULL,
		                         NULL, cd->after.present ? cd->after.title : NULL, NULL,
		                         &bd->budget) < 0)
			return -1;
		cd->title_changed = cd->before.present && cd->after.present && cd->title.differs;
		for (size_t k = 0; k < cd->ncommits; k++) {
			const pact_commit_diff *c = &cd->commits[k];
			if (c->status != PACT_CHANGE_UNCHANGED || c->moved || c->from.present)
				cd->nchanged++;
		}
		cd->nchanged += cd->nmoved_out;
		if (cd->status == PACT_CHANGE_MODIFIED && !cd->split_from.present &&
		    !cd->merged_into.present && cd->nchanged == 0 && !cd->title_changed)
			cd->status = PACT_CHANGE_UNCHANGED;
	}
	return 0;
}

/* 4. The entries in reading order: by new position, a removed clause after
 * its anchor, a merged part after the clause it went into. */
static int sort_entries(builder *bd)
{
	pact_diff *d = bd->d;
	pact_diff__ord *eo = pact_alloc__malloc((d->nclauses + 1) * sizeof(*eo));
	pact_clause_diff *sorted = pact_alloc__malloc((d->nclauses + 1) * sizeof(*sorted));
	int rc = -1;

	if (!eo || !sorted)
		goto done;
	for (size_t i = 0; i < d->nclauses; i++) {
		eo[i].major = bd->ex[i].major;
		eo[i].minor = bd->ex[i].minor;
		eo[i].i = i;
	}
	qsort(eo, d->nclauses, sizeof(*eo), pact_diff__cmp_ord);
	for (size_t i = 0; i < d->nclauses; i++)
		sorted[i] = d->clauses[eo[i].i];
	memcpy(d->clauses, sorted, d->nclauses * sizeof(*sorted));
	rc = 0;
done:
	free(eo);
	free(sorted);
	return rc;
}

/* 5. The counts of clauses and commitments by status. */
static void count_entries(builder *bd)
{
	const pact_diff *d = bd->d;
	pact_diff_summary *s = &bd->d->summary;

	s->old_clauses = bd->a->nclauses;
	s->new_clauses = bd->b->nclauses;
	s->old_commitments = bd->aoff[bd->a->nclauses];
	s->new_commitments = bd->boff[bd->b->nclauses];
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause_diff *cd = &d->clauses[i];
		switch (cd->status) {
		case PACT_CHANGE_UNCHANGED:
			s->unchanged++;
			break;
		case PACT_CHANGE_MODIFIED:
			s->modified++;
			break;
		case PACT_CHANGE_ADDED:
			s->added++;
			break;
		case PACT_CHANGE_REMOVED:
			s->removed++;
			break;
		}
		s->moved += cd->moved != 0;
		s->renumbered += cd->renumbered != 0;
		s->split += cd->split_from.present != 0;
		s->merged += cd->merged_into.present != 0;
		for (size_t k = 0; k < cd->ncommits; k++) {
			const pact_commit_diff *c = &cd->commits[k];
			switch (c->status) {
			case PACT_CHANGE_UNCHANGED:
				s->c_unchanged++;
				break;
			case PACT_CHANGE_MODIFIED:
				s->c_modified++;
				break;
			case PACT_CHANGE_ADDED:
				s->c_added++;
				break;
			case PACT_CHANGE_REMOVED:
				s->c_removed++;
				break;
			}
			s->c_moved += (c->moved || c->from.present);
			s->c_moved_across += c->from.present != 0;
			s->norm_only += c->norm_only != 0;
			if (c->status == PACT_CHANGE_MODIFIED) {
				s->words_deleted += c->words.ndeleted;
				s->words_inserted += c->words.ninserted;
			}
		}
	}
}

/* 8. The counts of citations, fields and members, and whether anything
 * differs at all. */
static void count_the_rest(pact_diff *d)
{
	pact_diff_summary *s = &d->summary;

	for (size_t i = 0; i < d->cites.count; i++) {
		switch (d->cites.items[i].status) {
		case PACT_CHANGE_UNCHANGED:
			s->cites_kept++;
			break;
		case PACT_CHANGE_ADDED:
			s->cites_added++;
			break;
		case PACT_CHANGE_REMOVED:
			s->cites_dropped++;
			break;
		case PACT_CHANGE_MODIFIED:
			s->cites_redated++;
			break;
		}
	}
	for (size_t i = 0; i < d->nfields; i++) {
		s->fields_changed += d->fields[i].changed != 0;
		s->norm_only += d->fields[i].norm_only != 0;
	}
	pact_diff__members_count(d);
	d->differs = s->modified || s->added || s->removed || s->fields_changed || d->nmembers ||
	             s->moved;
}

/* The passes of the method comment at the top of this file, in order. */
int pact_diff_docs(pact_diff **out, const pact_doc *A, const pact_doc *B,
                   const pact_diff_opts *opts)
{
	pact_diff_opts def = PACT_DIFF_OPTS_INIT;
	pact_alignment *al = NULL;
	builder bd;
	int rc = PACT_ENOMEM;

	*out = NULL;
	memset(&bd, 0, sizeof(bd));
	if (!opts)
		opts = &def;
	bd.budget.left =
	        opts->version >= 2 && opts->word_budget ? opts->word_budget : PACT_TEXTDIFF_BUDGET;
	/* 1. clauses */
	if (align_clauses(&al, A, B, opts) < 0 || builder_init(&bd, A, B, opts) < 0 ||
	    entries_from_pairs(&bd, al) < 0 || entries_for_lone_clauses(&bd, al) < 0)
		goto done;
	/* 2. commitments (their words: add_commit) */
	if (align_families(&bd, al) < 0 || align_leftovers(&bd) < 0)
		goto done;
	/* 3. entries, 4. in reading order, 5. counted */
	if (finish_entries(&bd) < 0 ||
	    mark_split_merge_parents(bd.d, A->nclauses, B->nclauses) < 0 || sort_entries(&bd) < 0)
		goto done;
	count_entries(&bd);
	/* 6. fields and members, 7. citations, 8. the rest counted */
	if (pact_diff__fields(bd.d, A, B, &bd.budget) < 0 || pact_diff__members(bd.d, A, B) < 0 ||
	    pact_diff__doc_cites(&bd.d->cites, A, B) < 0)
		goto done;
	count_the_rest(bd.d);
	bd.d->summary.coarse = bd.budget.coarse;
	*out = bd.d;
	bd.d = NULL;
	rc = 0;
done:
	builder_clear(&bd);
	pact_align__free(al);
	return rc;
}
