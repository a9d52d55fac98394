/*
 * ids.c - ids for the imported clauses and members.
 *
 * Without --like: slugs made from the text, readable and stable ("Sở Tư
 * pháp" -> so-tu-phap; a clause from its title, or from the first words of
 * its first commitment that say something: "Tiếp tục quán triệt sâu sắc"
 * -> quan-triet-sau). With --like PREV: the clauses and members are paired
 * with last year's by pact's own aligner (include/pact/align.h) and take
 * their ids, so `pact log --clause` follows them across the years. Both
 * sides are compared without diacritics (pact_import__fold), because an OCR text
 * that lost them must still find last year's clauses. Members are short
 * names that OCR damages letter by letter ("S& Ngoaiv vu"), so they are
 * compared as character trigrams rather than words. Whatever is not paired
 * gets a slug that collides with no id in use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "import.h"
#include "../align.h"
#include "pact/error.h"

/* Slugs are cut at a word boundary to at most this many bytes. */
#define SLUG_MAX 40
/* Words a clause id is made of. */
#define CLAUSE_ID_WORDS 4

char *pact_import_slug(const char *text, size_t max)
{
	char *f = pact_import__fold(text, strlen(text));
	char *out, *w;
	size_t lastcut = 0;
	if (!f)
		return NULL;
	out = pact_alloc__malloc(strlen(f) + 1);
	if (!out) {
		free(f);
		return NULL;
	}
	w = out;
	for (const char *p = f; *p; p++) {
		char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			*w++ = c;
		} else if (w > out && w[-1] != '-') {
			*w++ = '-';
		}
	}
	while (w > out && w[-1] == '-')
		w--;
	*w = '\0';
	free(f);
	if (max && strlen(out) > max) {
		for (size_t i = 0; i <= max && out[i]; i++)
			if (out[i] == '-')
				lastcut = i;
		out[lastcut ? lastcut : max] = '\0';
	}
	if (!*out) {
		free(out);
		return NULL;
	}
	return out;
}

static const char *const filler[] = {
        "tiep", "tuc",  "thi",  "dua", "ve",   "cong",  "tac",   "day",  "manh", "tang", "cuong",
        "thuc", "hien", "cac",  "va",  "cua",  "nhung", "trong", "cho",  "voi",  "tap",  "trung",
        "chu",  "dong", "tich", "cuc", "nang", "cao",   "to",    "chuc", "mot",  "so",   "cap",
};

static int is_filler(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(filler) / sizeof(filler[0]); i++)
		if (strlen(filler[i]) == n && !strncmp(filler[i], w, n))
			return 1;
	return 0;
}

/* A clause id from its words: the first CLAUSE_ID_WORDS that are not
 * filler ("tiếp tục", "đẩy mạnh", "các"). */
static char *clause_slug(const imp_clause *c)
{
	const char *src = c->title.s ? c->title.s : c->ncommitments ? c->commitments[0].s : NULL;
	char *slug = src ? pact_import_slug(src, 0) : NULL;
	pact_buf b = PACT_BUF_INIT;
	size_t taken = 0;
	if (!slug)
		return NULL;
	for (char *p = slug; *p && taken < CLAUSE_ID_WORDS;) {
		size_t n = strcspn(p, "-");
		if (!is_filler(p, n)) {
			if (b.len)
				pact_buf__putc(&b, '-');
			pact_buf__put(&b, p, n);
			taken++;
		}
		p += n;
		if (*p == '-')
			p++;
	}
	free(slug);
	return b.oom || !b.len ? (pact_buf__clear(&b), NULL) : pact_buf__detach(&b, NULL);
}

static int used(char *const *ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] && !strcmp(ids[i], id))
			return 1;
	return 0;
}

/* Make `*id` (owned, may be NULL) unique among ids[0..n) and `also`
 * (last year's ids, which unpaired items must not take); fallback
 * "<what>-<k>" when there is no slug. */
static int unique(char **id, char *const *ids, size_t n, const char *const *also, size_t nalso,
                  const char *what, size_t k)
{
	char buf[SLUG_MAX + 32];
	const char *base = *id;
	for (unsigned v = 1;; v++) {
		int clash;
		if (base && v == 1)
			snprintf(buf, sizeof(buf), "%s", base);
		else if (base)
			snprintf(buf, sizeof(buf), "%s-%u", base, v);
		else if (v == 1)
			snprintf(buf, sizeof(buf), "%s-%zu", what, k);
		else
			snprintf(buf, sizeof(buf), "%s-%zu-%u", what, k, v);
		clash = used(ids, n, buf);
		for (size_t j = 0; j < nalso && !clash; j++)
			clash = also[j] && !strcmp(also[j], buf);
		if (!clash)
			break;
		if (v > 100000)
			return PACT_ERROR;
	}
	free(*id);
	*id = pact_alloc__strdup(buf);
	return *id ? 0 : PACT_ENOMEM;
}

/* "so ngoai vu" -> "son ong ngo goa oai ivu ..." : letters and digits only */
static char *trigrams(const char *name)
{
	char *f = pact_import__fold(name, strlen(name));
	pact_buf b = PACT_BUF_INIT;
	size_t n = 0;
	if (!f)
		return NULL;
	for (char *r = f; *r; r++)
		if ((*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9'))
			f[n++] = *r;
	f[n] = '\0';
	for (size_t i = 0; i + 3 <= n || (i == 0 && n); i++) {
		if (b.len)
			pact_buf__putc(&b, ' ');
		pact_buf__put(&b, f + i, n < 3 ? n : 3);
	}
	free(f);
	if (!b.len)
		pact_buf__puts(&b, "-");
	return b.oom ? (pact_buf__clear(&b), NULL) : pact_buf__detach(&b, NULL);
}

static char *clause_key(const char *title, const char *const *cm, size_t n)
{
	pact_buf b = PACT_BUF_INIT;
	char *r;
	if (title)
		pact_buf__puts(&b, title);
	for (size_t i = 0; i < n; i++) {
		pact_buf__putc(&b, ' ');
		pact_buf__puts(&b, cm[i]);
	}
	if (b.oom || !b.len) {
		pact_buf__clear(&b);
		return pact_alloc__strdup("-");
	}
	r = pact_import__fold(b.ptr, b.len);
	pact_buf__clear(&b);
	return r;
}

static void free_strs(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A member name OCR damaged beyond recognition ("S¢' Y t€" for "Sở Y
 * tế") is paired by elimination: when exactly one member is left unpaired
 * on each side, they are the same agency. */
static void pair_last_member(imp_doc *doc, const pact_alignment *al)
{
	size_t ua = 0, ub = 0, la = 0, lb = 0;
	for (size_t i = 0; i < al->na; i++)
		if (al->a_to_b[i] < 0)
			ua++, la = i;
	for (size_t i = 0; i < al->nb; i++)
		if (al->b_to_a[i] < 0)
			ub++, lb = i;
	if (ua == 1 && ub == 1)
		doc->members[lb].like = (long)la;
}

/* Pair doc's clauses or members with like's; *pair[i] gets the partner. */
static int align_with_like(imp_doc *doc, int members)
{
	const pact_doc *like = doc->like;
	size_t na = members ? like->nmembers : like->nclauses;
	size_t nb = members ? doc->nmembers : doc->nclauses;
	char **a = pact_alloc__calloc(na ? na : 1, sizeof(*a)),
	     **b = pact_alloc__calloc(nb ? nb : 1, sizeof(*b));
	pact_alignment *al = NULL;
	int rc = PACT_ENOMEM;

	if (!a || !b)
		goto done;
	for (size_t i = 0; i < na; i++) {
		if (members) {
			a[i] = trigrams(like->members[i].name);
		} else {
			const pact_clause *c = &like->clauses[i];
			const char **cm = pact_alloc__malloc(
			        (c->ncommitments ? c->ncommitments : 1) * sizeof(*cm));
			if (!cm)
				goto done;
			for (size_t k = 0; k < c->ncommitments; k++)
				cm[k] = c->commitments[k].text;
			a[i] = clause_key(c->title, cm, c->ncommitments);
			free(cm);
		}
		if (!a[i])
			goto done;
	}
	for (size_t i = 0; i < nb; i++) {
		if (members) {
			b[i] = trigrams(doc->members[i].name.s);
		} else {
			const imp_clause *c = &doc->clauses[i];
			const char **cm = pact_alloc__malloc(
			        (c->ncommitments ? c->ncommitments : 1) * sizeof(*cm));
			if (!cm)
				goto done;
			for (size_t k = 0; k < c->ncommitments; k++)
				cm[k] = c->commitments[k].s;
			b[i] = clause_key(c->title.s, cm, c->ncommitments);
			free(cm);
		}
		if (!b[i])
			goto done;
	}
	if ((rc = pact_align__texts(&al, (const char *const *)a, NULL, na, (const char *const *)b,
	                            NULL, nb, NULL)) < 0)
		goto done;
	for (size_t i = 0; i < nb; i++) {
		if (members)
			doc->members[i].like = al->b_to_a[i];
		else
			doc->clauses[i].like = al->b_to_a[i];
	}
	if (members)
		pair_last_member(doc, al);
	rc = 0;
done:
	pact_align__free(al);
	free_strs(a, na);
	free_strs(b, nb);
	return rc;
}

int pact_import__ids(imp_doc *doc, imp_ctx *ctx)
{
	const pact_doc *like = doc->like;
	const char **also = NULL;
	char **ids = NULL;
	size_t nalso = 0, n = doc->nclauses > doc->nmembers ? doc->nclauses : doc->nmembers;
	int rc = PACT_ENOMEM;
	(void)ctx;

	ids = pact_alloc__calloc(n ? n : 1, sizeof(*ids));
	if (!ids)
		goto done;
	if (like && ((rc = align_with_like(doc, 0)) < 0 || (rc = align_with_like(doc, 1)) < 0))
		goto done;
	rc = PACT_ENOMEM;
	/* clauses: last year's id when paired, else a slug */
	if (like) {
		also = pact_alloc__calloc(like->nclauses + like->nmembers + 1, sizeof(*also));
		if (!also)
			goto done;
		for (size_t i = 0; i < like->nclauses; i++)
			also[nalso++] = like->clauses[i].id;
	}
	for (size_t i = 0; i < doc->nclauses; i++) {
		imp_clause *c = &doc->clauses[i];
		c->id = c->like >= 0 ? pact_alloc__strdup(like->clauses[c->like].id)
		                     : clause_slug(c);
		if (c->like >= 0 && !c->id)
			goto done;
		if (c->like < 0 &&
		    (rc = unique(&c->id, ids, i, also, nalso, "dieu", (size_t)c->number)) < 0)
			goto done;
		rc = PACT_ENOMEM;
		ids[i] = c->id;
	}
	nalso = 0;
	if (like)
		for (size_t i = 0; i < like->nmembers; i++)
			also[nalso++] = like->members[i].id;
	memset(ids, 0, n * sizeof(*ids));
	for (size_t i = 0; i < doc->nmembers; i++) {
		imp_member *m = &doc->members[i];
		m->id = m->like >= 0 ? pact_alloc__strdup(like->members[m->like].id)
		                     : pact_import_slug(m->name.s, SLUG_MAX);
		if (m->like >= 0 && !m->id)
			goto done;
		if (m->like < 0 &&
		    (rc = unique(&m->id, ids, i, also, nalso, "thanh-vien", i + 1)) < 0)
			goto done;
		ids[i] = m->id;
	}
	rc = 0;
done:
	free(ids);
	free(also);
	return rc;
}
