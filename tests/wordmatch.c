/*
 * wordmatch.c - word accuracy for the import suites (see wordmatch.h).
 * LCS by dynamic programming over two rows: O(n x m) time, O(m) memory;
 * a pact has about 1 000 words.
 */
#include "wordmatch.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "pact/doc.h"
#include "pact/utf8.h"

typedef struct wlist {
	char **w;
	size_t n;
} wlist;

static int is_wordch(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

static wlist split(const char *text)
{
	wlist l = {NULL, 0};
	char *f = pact_utf8_fold(text, strlen(text));
	size_t len = f ? strlen(f) : 0, i = 0;

	l.w = calloc(len / 2 + 2, sizeof(char *));
	while (f && l.w && i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)f + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		size_t j;
		if (k <= 0)
			break;
		if (!is_wordch(cp)) {
			i += (size_t)k;
			continue;
		}
		for (j = i; j < len;) {
			k = utf8proc_iterate((const utf8proc_uint8_t *)f + j,
			                     (utf8proc_ssize_t)(len - j), &cp);
			if (k <= 0 || !is_wordch(cp))
				break;
			j += (size_t)k;
		}
		l.w[l.n++] = strndup(f + i, j - i);
		i = j;
	}
	free(f);
	return l;
}

static void wlist_free(wlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->w[i]);
	free(l->w);
}

static double lcs_ratio(const char *got, const char *ref, size_t *nref, int recall)
{
	wlist a = split(got), b = split(ref);
	size_t *prev = calloc(b.n + 1, sizeof(size_t)), *cur = calloc(b.n + 1, sizeof(size_t));
	size_t max = a.n > b.n ? a.n : b.n;
	double acc = 0.0;

	if (prev && cur) {
		for (size_t i = 1; i <= a.n; i++) {
			for (size_t j = 1; j <= b.n; j++) {
				size_t v = !strcmp(a.w[i - 1], b.w[j - 1]) ? prev[j - 1] + 1 : 0;
				if (prev[j] > v)
					v = prev[j];
				if (cur[j - 1] > v)
					v = cur[j - 1];
				cur[j] = v;
			}
			size_t *t = prev;
			prev = cur;
			cur = t;
		}
		size_t den = recall ? b.n : max;
		acc = den ? (double)prev[b.n] / (double)den : 1.0;
	}
	if (nref)
		*nref = b.n;
	free(prev);
	free(cur);
	wlist_free(&a);
	wlist_free(&b);
	return acc;
}

double word_accuracy(const char *got, const char *ref, size_t *nref)
{
	return lcs_ratio(got, ref, nref, 0);
}

double word_recall(const char *got, const char *ref)
{
	return lcs_ratio(got, ref, NULL, 1);
}

char *commitments_text(const char *yaml_path)
{
	pact_doc *doc = NULL;
	char *out = NULL;
	size_t len = 0;

	if (pact_doc_load_file(&doc, NULL, yaml_path, NULL) < 0)
		return NULL;
	for (size_t c = 0; c < doc->nclauses; c++)
		for (size_t k = 0; k < doc->clauses[c].ncommitments; k++)
			len += strlen(doc->clauses[c].commitments[k].text) + 1;
	out = calloc(len + 1, 1);
	for (size_t c = 0; out && c < doc->nclauses; c++)
		for (size_t k = 0; k < doc->clauses[c].ncommitments; k++) {
			strcat(out, doc->clauses[c].commitments[k].text);
			strcat(out, "\n");
		}
	pact_doc_free(doc);
	return out;
}
