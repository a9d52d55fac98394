/*
 * review_leftovers.c - no accidental adoption of last year's words.
 *
 * `review open` seeds next year's draft with a copy of the year before and
 * a placeholder signing date, so an unedited draft is a valid pact that
 * members can approve without reading, naming the wrong year in its own
 * closing. Two defences live here: the seed rolls the mechanical year
 * mentions over itself (the title, the closing, the preamble where it
 * names the pact), and the status lists what still looks left over, which
 * `review merge` refuses until fixed or explicitly allowed.
 *
 * A "year" is four digits standing alone (not inside a longer number).
 * Matching "giao ước thi đua năm YYYY" is done on case-folded NFC text, so
 * "Giao ước" and "GIAO ƯỚC" count too.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/utf8.h"
#include "review.h"

/* Leftover lists are short; a pathological draft cannot make them long. */
#define MAX_LEFTOVERS 50

static char *review_replace_year(const char *s, int from, int to)
{
	char f[8], t[8];
	pact_buf b = {0};
	size_t i = 0, n = strlen(s);

	snprintf(f, sizeof(f), "%04d", from);
	snprintf(t, sizeof(t), "%04d", to);
	while (i < n) {
		if (i + 4 <= n && !memcmp(s + i, f, 4) &&
		    (i == 0 || !isdigit((unsigned char)s[i - 1])) &&
		    !isdigit((unsigned char)s[i + 4])) {
			pact_buf__put(&b, t, 4);
			i += 4;
		} else {
			pact_buf__put(&b, s + i, 1);
			i++;
		}
	}
	return pact_buf__detach(&b, NULL);
}

/* Nonzero when year y stands alone in s, not after a '/': the year of a
 * date ("ngày 22/12/2024") or of a document's number ("12/2024/QĐ-UBND")
 * names a directive as it was issued, cited the same way every year; it
 * is not last year's year left in the text. */
static int mentions(const char *s, int y)
{
	char f[8];
	size_t n;

	if (!s)
		return 0;
	n = strlen(s);
	snprintf(f, sizeof(f), "%04d", y);
	for (const char *p = s; (p = strstr(p, f)) != NULL; p++) {
		size_t i = (size_t)(p - s);
		if ((i == 0 || (!isdigit((unsigned char)s[i - 1]) && s[i - 1] != '/')) &&
		    (i + 4 >= n || !isdigit((unsigned char)s[i + 4])))
			return 1;
	}
	return 0;
}

/* 1 when s names the pact of year y ("giao ước thi đua năm Y", any case),
 * 0 not, <0 out of memory. */
static int names_pact(const char *s, int y)
{
	char needle[64], *f;
	int hit;

	if (!s || !mentions(s, y))
		return 0;
	f = pact_utf8_fold(s, strlen(s));
	if (!f)
		return PACT_ENOMEM;
	snprintf(needle, sizeof(needle), "giao ước thi đua năm %04d", y);
	hit = strstr(f, needle) != NULL;
	free(f);
	return hit;
}

/* The preamble's "giao ước thi đua năm FROM" with the year rolled; the
 * rest of the preamble (last year's results) is left as it is. */
static char *roll_phrase(const char *s, int from, int to, int *changed)
{
	char old[64], neu[64];
	pact_buf b = {0};
	const char *p = s, *q;

	*changed = 0;
	snprintf(old, sizeof(old), "giao ước thi đua năm %04d", from);
	snprintf(neu, sizeof(neu), "giao ước thi đua năm %04d", to);
	while ((q = strstr(p, old)) != NULL) {
		pact_buf__put(&b, p, (size_t)(q - p));
		pact_buf__puts(&b, neu);
		p = q + strlen(old);
		*changed = 1;
	}
	pact_buf__puts(&b, p);
	return pact_buf__detach(&b, NULL);
}

/* Replace *field by the rolled text when it differs; bit into *rolled. */
static int roll_field(char **field, char *rolled_text, unsigned bit, unsigned *rolled)
{
	if (!rolled_text)
		return PACT_ENOMEM;
	if (strcmp(*field, rolled_text) != 0) {
		free(*field);
		*field = rolled_text;
		*rolled |= bit;
	} else {
		free(rolled_text);
	}
	return 0;
}

int pact_review__roll_years(pact_doc *doc, int from, int to, unsigned *rolled)
{
	int rc, changed = 0;

	*rolled = 0;
	if ((rc = roll_field(&doc->title, review_replace_year(doc->title, from, to),
	                     PACT_ROLLED_TITLE, rolled)) < 0)
		return rc;
	if (doc->closing &&
	    (rc = roll_field(&doc->closing, review_replace_year(doc->closing, from, to),
	                     PACT_ROLLED_CLOSING, rolled)) < 0)
		return rc;
	if (doc->preamble &&
	    (rc = roll_field(&doc->preamble, roll_phrase(doc->preamble, from, to, &changed),
	                     PACT_ROLLED_PREAMBLE, rolled)) < 0)
		return rc;
	return 0;
}

typedef struct list {
	char **items;
	size_t n, cap;
	int oom;
} list;

/* fmt is an msgid (xgettext keyword leftover:2): the line is kept in the
 * process's language, as review status and review merge print it. */
static void leftover(list *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void leftover(list *l, const char *fmt, ...)
{
	va_list ap;
	char buf[512], **p;

	if (l->oom || l->n >= MAX_LEFTOVERS)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), pact__(pact_i18n_lang(), fmt), ap);
	va_end(ap);
	p = pact_alloc__grow(l->items, &l->cap, l->n, sizeof(*p), 8);
	if (!p || !(p[l->n] = pact_alloc__strdup(buf))) {
		if (p)
			l->items = p;
		l->oom = 1;
		return;
	}
	l->items = p;
	l->n++;
}

/* A text unchanged since `prev` that still mentions the old years. */
static void unchanged(list *l, const char *what, const char *now, const char *then, int py)
{
	if (!now || !then || strcmp(now, then) != 0)
		return;
	if (mentions(now, py))
		leftover(l, "%s: unchanged since %04d and mentions %04d", what, py, py);
	else if (mentions(now, py - 1))
		leftover(l, "%s: unchanged since %04d and mentions %04d", what, py, py - 1);
}

int pact_review__leftovers(char ***out, size_t *n, const pact_doc *doc, const pact_doc *prev)
{
	list l = {0};
	int py = prev->year, y = doc->year, rc = 0, hit;

	*out = NULL;
	*n = 0;
	if (doc->signed_date.month == 1 && doc->signed_date.day == 1 && doc->signed_date.year == y)
		leftover(&l, "signing date is the placeholder %04d-01-01 'review open' set", y);
	if (mentions(doc->title, py))
		leftover(&l, "title still names %04d: \"%s\"", py, doc->title);
	if (mentions(doc->closing, py))
		leftover(&l, "closing still names %04d", py);
	if ((hit = names_pact(doc->preamble, py)) < 0)
		rc = hit;
	else if (hit)
		leftover(&l, "preamble names the %04d pact (\"giao ước thi đua năm %04d\")", py,
		         py);
	else if (doc->preamble && prev->preamble) {
		/* as 'review open' left it: the pact's own name rolled over */
		int rolled = 0;
		char *seed = roll_phrase(prev->preamble, py, y, &rolled);
		if (!seed)
			rc = PACT_ENOMEM;
		else
			unchanged(&l, pact__(pact_i18n_lang(), "preamble"), doc->preamble,
			          strcmp(doc->preamble, seed) ? prev->preamble : doc->preamble, py);
		free(seed);
	}
	for (size_t i = 0; rc == 0 && i < doc->nclauses; i++) {
		const pact_clause *c = &doc->clauses[i];
		const pact_clause *o = pact_doc_clause(prev, c->id);
		if (c->title) {
			/* a clause's own title ("Thi đua thực hiện nhiệm vụ năm
			 * 2024"), as its commitments */
			char what[200];
			snprintf(what, sizeof(what), pact__(pact_i18n_lang(), "clause %s, title"),
			         c->id);
			if ((hit = names_pact(c->title, py)) < 0) {
				rc = hit;
				break;
			}
			if (hit)
				leftover(&l, "%s names the %04d pact", what, py);
			else if (o)
				unchanged(&l, what, c->title, o->title, py);
		}
		for (size_t k = 0; k < c->ncommitments; k++) {
			char what[200];
			snprintf(what, sizeof(what),
			         pact__(pact_i18n_lang(), "clause %s, commitment %zu"), c->id,
			         k + 1);
			if ((hit = names_pact(c->commitments[k].text, py)) < 0) {
				rc = hit;
				break;
			}
			if (hit)
				leftover(&l, "%s names the %04d pact", what, py);
			else if (o && k < o->ncommitments)
				unchanged(&l, what, c->commitments[k].text, o->commitments[k].text,
				          py);
		}
	}
	if (l.oom)
		rc = PACT_ENOMEM;
	if (rc < 0) {
		for (size_t i = 0; i < l.n; i++)
			free(l.items[i]);
		free(l.items);
		return rc;
	}
	*out = l.items;
	*n = l.n;
	return 0;
}
