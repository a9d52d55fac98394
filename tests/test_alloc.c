/*
 * test_alloc.c - memory failure handled once: a failing malloc at every
 * point of a validation and of a diff gives a clean "out of memory" (or the
 * same answer as without the failure), never a crash, a wrong message or a
 * leak.
 *
 * The test binary is linked with -Wl,--wrap=malloc,... (Makefile), so every
 * malloc, calloc, realloc and free call of libpact (and of these tests) goes
 * through the __wrap_ functions below: while `armed`, they count the calls,
 * fail the n-th one and remember which blocks are live. libpact's own
 * allocator (src/alloc.c) is what makes the failure a recorded PACT_ENOMEM.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "pact/pactdiff.h"
#include "pact/report.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

/* ---- the interposed allocator ------------------------------------------ */

/* Live blocks: open addressing with linear probing, deletion by moving
 * the rest of the run back (no tombstones), so a run that freed everything
 * leaves the table empty and the next one needs no clearing. */
#define LIVE_SLOTS (1u << 16)

static int armed;
static unsigned long calls, fail_at;
static void *live[LIVE_SLOTS];
static size_t nlive;

static size_t slot_of(const void *p)
{
	return (size_t)(((uintptr_t)p >> 4) * 2654435761u) & (LIVE_SLOTS - 1);
}

static void live_add(void *p)
{
	size_t i = slot_of(p);
	while (live[i])
		i = (i + 1) & (LIVE_SLOTS - 1);
	live[i] = p;
	nlive++;
	if (nlive > LIVE_SLOTS / 2)
		abort(); /* the table is too small for this run: make it bigger */
}

/* Forget p if this run allocated it (libpact also frees what libyaml or
 * utf8proc allocated: those are not counted). */
static void live_del(void *p)
{
	size_t i = slot_of(p), j;

	while (live[i] != p) {
		if (!live[i])
			return;
		i = (i + 1) & (LIVE_SLOTS - 1);
	}
	nlive--;
	/* Knuth's algorithm R: pull later entries of the run into the hole
	 * unless their home slot lies cyclically in (hole, entry]. */
	for (j = i;;) {
		size_t k;
		live[i] = NULL;
		do {
			j = (j + 1) & (LIVE_SLOTS - 1);
			if (!live[j])
				return;
			k = slot_of(live[j]);
		} while (i <= j ? (i < k && k <= j) : (i < k || k <= j));
		live[i] = live[j];
		i = j;
	}
}

static int fail_now(void)
{
	return ++calls == fail_at;
}

void *__wrap_malloc(size_t n)
{
	void *p;
	if (!armed)
		return __real_malloc(n);
	if (fail_now())
		return NULL;
	if ((p = __real_malloc(n)))
		live_add(p);
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p;
	if (!armed)
		return __real_calloc(n, size);
	if (fail_now())
		return NULL;
	if ((p = __real_calloc(n, size)))
		live_add(p);
	return p;
}

void *__wrap_realloc(void *p, size_t n)
{
	void *q;
	if (!armed)
		return __real_realloc(p, n);
	if (fail_now())
		return NULL;
	if (!(q = __real_realloc(p, n)))
		return NULL;
	if (p)
		live_del(p);
	live_add(q);
	return q;
}

void __wrap_free(void *p)
{
	if (armed && p)
		live_del(p);
	__real_free(p);
}

/* Start counting: the n-th allocation from now fails (0: none). */
static void arm(unsigned long n)
{
	if (nlive) /* a failed check left blocks behind */
		memset(live, 0, sizeof(live));
	nlive = 0;
	calls = 0;
	fail_at = n;
	armed = 1;
}

static void disarm(void)
{
	armed = 0;
}

/* ---- the operations ---------------------------------------------------- */

/* The text is the test's own (__real_malloc), so that it is not counted
 * as something libpact left allocated. */
typedef struct outcome {
	int rc;
	char *text; /* what a user would read: report, or diagnostics */
} outcome;

static char *own_copy(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = __real_malloc(n);
	cr_assert(p);
	memcpy(p, s, n);
	return p;
}

static char *slurp(const char *rel, size_t *len)
{
	char *path = src_path(rel);
	char *s = read_file(path, len);
	cr_assert(s, "cannot read %s", path);
	free(path);
	return s;
}

/* pact validate: parse and check one document, its diagnostics as text. */
static outcome validate(const char *buf, size_t len, const char *name)
{
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_diags dg = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	outcome o = {0, NULL};
	size_t tl = 1;

	po.path = name;
	o.rc = pact_doc_parse(&doc, &dg, buf, len, &po);
	for (size_t i = 0; i < dg.count; i++)
		tl += strlen(dg.items[i].message) + strlen(dg.items[i].code) + 32;
	o.text = __real_calloc(1, tl);
	cr_assert(o.text);
	for (size_t i = 0; i < dg.count; i++)
		sprintf(o.text + strlen(o.text), "%u:%u %s %s\n", dg.items[i].line, dg.items[i].col,
		        dg.items[i].code, dg.items[i].message);
	pact_diags_clear(&dg);
	pact_doc_free(doc);
	disarm();
	return o;
}

static pact_doc *load(const char *rel)
{
	size_t len;
	char *buf = slurp(rel, &len);
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_doc *doc = NULL;
	po.path = rel;
	po.check_filename = 0;
	cr_assert_eq(pact_doc_parse(&doc, NULL, buf, len, &po), 0, "%s", pact_error_last()->message);
	free(buf);
	return doc;
}

/* pact diff: the diff of two documents rendered as Markdown. */
static outcome diff(const pact_doc *a, const pact_doc *b)
{
	pact_report_opts ro = PACT_REPORT_OPTS_INIT;
	pact_diff *d = NULL;
	outcome o = {0, NULL};
	char *text = NULL;

	ro.format = PACT_REPORT_MARKDOWN;
	ro.made.year = 2025, ro.made.month = 1, ro.made.day = 2;
	o.rc = pact_diff_docs(&d, a, b, NULL);
	if (o.rc == 0)
		o.rc = pact_report_render(&text, NULL, d, &ro);
	if (text)
		o.text = own_copy(text);
	free(text);
	pact_diff_free(d);
	disarm();
	return o;
}

/* The n-th allocation of the run fails: the answer is the one without the
 * failure, or PACT_ENOMEM with the allocator's message; nothing the run
 * allocated is left. Returns 1 once n is past the run's last allocation. */
static int check_outcome(const outcome *want, const outcome *got, unsigned long n)
{
	int past = calls < n;

	if (got->rc == PACT_ENOMEM) {
		cr_assert(!past, "allocation %lu: out of memory without a failure", n);
		cr_assert_eq(pact_error_last()->code, PACT_ENOMEM, "allocation %lu", n);
		cr_assert_str_eq(pact_error_last()->message, "out of memory", "allocation %lu", n);
	} else {
		cr_assert_eq(got->rc, want->rc, "allocation %lu failed: rc %d (%s)", n, got->rc,
		             pact_error_last()->message);
		cr_assert_str_eq(got->text ? got->text : "", want->text ? want->text : "",
		                 "allocation %lu failed unnoticed", n);
	}
	cr_assert_eq(nlive, 0, "allocation %lu failed: %zu blocks leaked", n, nlive);
	return past;
}

/* Fail allocation 1, 2, 3... of `run` until a run makes fewer calls than
 * that; returns how many allocations a whole run makes. */
#define EVERY_FAILURE(want, call)                                                      \
	do {                                                                           \
		arm(0);                                                                \
		want = call;                                                           \
		cr_assert_eq(nlive, 0, "%zu blocks leaked without a failure", nlive);  \
		total = calls;                                                         \
		for (unsigned long n = 1;; n++) {                                      \
			outcome got;                                                   \
			int past;                                                      \
			arm(n);                                                        \
			got = call;                                                    \
			past = check_outcome(&want, &got, n);                          \
			__real_free(got.text);                                                \
			if (past)                                                      \
				break;                                                 \
		}                                                                      \
		__real_free(want.text);                                                \
	} while (0)

Test(alloc, validate_fails_cleanly_at_every_allocation)
{
	static const char *files[] = {"pacts/2024.yaml", "tests/data/invalid/bad-date.yaml",
	                              "tests/data/warn/confusable.yaml"};
	unsigned long total = 0;

	for (size_t f = 0; f < sizeof(files) / sizeof(*files); f++) {
		size_t len;
		char *buf = slurp(files[f], &len);
		outcome want;
		EVERY_FAILURE(want, validate(buf, len, files[f]));
		cr_assert_gt(total, 10, "%s: the wrapper saw no allocation", files[f]);
		free(buf);
	}
}

Test(alloc, diff_fails_cleanly_at_every_allocation)
{
	pact_doc *a = load("pacts/2023.yaml"), *b = load("pacts/2024.yaml");
	unsigned long total = 0;
	outcome want;

	EVERY_FAILURE(want, diff(a, b));
	cr_assert_gt(total, 100, "the wrapper saw no allocation");
	pact_doc_free(a);
	pact_doc_free(b);
}
