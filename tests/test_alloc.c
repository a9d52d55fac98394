/*
 * test_alloc.c - memory failure handled once: a failing malloc at every
 * point of a validation, a diff, and of `pact commit`, `review approve`,
 * `show` and `log` against a real store gives a clean "out of memory" (or
 * the same answer as without the failure), never a crash, a wrong message,
 * a leak or a half-changed store.
 *
 * The test binary is linked with -Wl,--wrap=malloc,... (Makefile), so every
 * malloc, calloc, realloc and free call of libpact (and of these tests) goes
 * through the __wrap_ functions below: while `armed`, they count the calls,
 * fail the n-th one and remember which blocks are live. libpact's own
 * allocator (src/alloc.c) is what makes the failure a recorded PACT_ENOMEM.
 */
#include <criterion/criterion.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_meter.h"
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

/* The meter (alloc_meter.h): bytes held now and at the most. */
static int metering;
static size_t meter_now, meter_peak;

static void *meter_add(void *p)
{
	if (metering && p) {
		meter_now += malloc_usable_size(p);
		if (meter_now > meter_peak)
			meter_peak = meter_now;
	}
	return p;
}

static void meter_sub(size_t n)
{
	meter_now -= n < meter_now ? n : meter_now;
}

void alloc_meter_start(void)
{
	meter_now = meter_peak = 0;
	metering = 1;
}

size_t alloc_meter_stop(void)
{
	metering = 0;
	return meter_peak;
}

void *__wrap_malloc(size_t n)
{
	void *p;
	if (!armed)
		return meter_add(__real_malloc(n));
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
		return meter_add(__real_calloc(n, size));
	if (fail_now())
		return NULL;
	if ((p = __real_calloc(n, size)))
		live_add(p);
	return p;
}

void *__wrap_realloc(void *p, size_t n)
{
	void *q;
	if (!armed) {
		size_t had = metering && p ? malloc_usable_size(p) : 0;
		if ((q = __real_realloc(p, n))) {
			meter_sub(had);
			meter_add(q);
		}
		return q;
	}
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
	if (metering && p)
		meter_sub(malloc_usable_size(p));
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
	cr_assert_eq(pact_doc_parse(&doc, NULL, buf, len, &po), 0, "%s",
	             pact_error_last()->message);
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
		                 "allocation %lu failed unnoticed:\n%s\ninstead of\n%s", n,
		                 got->text ? got->text : "", want->text ? want->text : "");
	}
	cr_assert_eq(nlive, 0, "allocation %lu failed: %zu blocks leaked", n, nlive);
	return past;
}

/* Fail allocation 1, 2, 3... of `run` until a run makes fewer calls than
 * that; returns how many allocations a whole run makes. */
#define EVERY_FAILURE(want, call)                                                                  \
	do {                                                                                       \
		arm(0);                                                                            \
		want = call;                                                                       \
		cr_assert_eq(nlive, 0, "%zu blocks leaked without a failure", nlive);              \
		total = calls;                                                                     \
		for (unsigned long n = 1;; n++) {                                                  \
			outcome got;                                                               \
			int past;                                                                  \
			arm(n);                                                                    \
			got = call;                                                                \
			past = check_outcome(&want, &got, n);                                      \
			__real_free(got.text);                                                     \
			if (past)                                                                  \
				break;                                                             \
		}                                                                                  \
		__real_free(want.text);                                                            \
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

/* ---- the commands that go through the store ------------------------------
 *
 * The same at every allocation of `pact commit`, `pact review approve`,
 * `pact show` and `pact log`, run as the CLI runs them against a real
 * store (libgit2's own allocations are not interposed: only libpact's).
 * A run that fails must also leave the store as it was; a run that
 * succeeds is undone (disarmed) before the next one. */

#include <stdarg.h>
#include <unistd.h>

#include <git2.h>

#include "pact/history.h"
#include "pact/json.h"
#include "pact/paper.h"
#include "pact/review.h"
#include "pact/store.h"
#include "review_fixture.h"

/* text += the printf of fmt, in the test's own memory */
static void add(char **text, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(char **text, const char *fmt, ...)
{
	va_list ap;
	size_t old = *text ? strlen(*text) : 0;
	int n;
	char *t;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	cr_assert_geq(n, 0);
	t = __real_realloc(*text, old + (size_t)n + 1);
	cr_assert(t);
	va_start(ap, fmt);
	vsnprintf(t + old, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*text = t;
}

/* The commit `ref` points to, read without counting (disarmed). */
static void ref_tip(git_oid *out, const char *store_dir, const char *ref)
{
	git_repository *repo = NULL;
	int was = armed;

	armed = 0;
	cr_assert_eq(git_repository_open(&repo, store_dir), 0);
	if (git_reference_name_to_id(out, repo, ref) < 0)
		memset(out, 0, sizeof(*out));
	git_repository_free(repo);
	armed = was;
}

/* After a run: `ref` must still be at `base` when the run failed; a run
 * that succeeded is undone with `undo_cmd BASE` (a shell line in the store). */
static void settle(const outcome *o, const char *store_dir, const char *ref, const git_oid *base,
                   const char *undo_cmd)
{
	git_oid now;
	char *cmd;
	run_result r;

	ref_tip(&now, store_dir, ref);
	if (git_oid_equal(&now, base))
		return;
	cr_assert_eq(o->rc, 0, "allocation %lu: a failed run (rc %d: %s) moved %s", fail_at, o->rc,
	             pact_error_last()->message, ref);
	cmd = strf("%s %s", undo_cmd, git_oid_tostr_s(base));
	r = run_sh(store_dir, cmd);
	cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
	run_result_free(&r);
	free(cmd);
}

typedef struct store_case {
	char *dir, *store;
	const char *ref; /* what the operation moves */
	git_oid base;
	pact_signature who; /* fields are string literals: never freed */
	char *file;         /* commit: the pact file to commit */
} store_case;

static void case_open(store_case *c, const char *ref)
{
	git_libgit2_init();
	c->store = fx_store(&c->dir);
	c->ref = ref;
	ref_tip(&c->base, c->store, ref);
	c->who = (pact_signature){"Trần Y", "yte@bloc.vn", 1700000000, 420};
	c->file = NULL;
}

static void case_close(store_case *c)
{
	rm_rf(c->dir);
	free(c->dir);
	free(c->store);
	free(c->file);
	git_libgit2_shutdown();
}

/* The commit stood but the work tree could not follow (store.h: the next
 * pact command finishes the job): it does, and the commit is the one
 * asked for. */
static void finished_later(outcome *o, store_case *c)
{
	pact_store *store = NULL;
	git_repository *repo = NULL;
	git_commit *head = NULL;
	git_oid id;
	run_result r;

	cr_assert_eq(pact_store_open(&store, c->store), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_store_recovered(store), PACT_RECOVERED_FINISHED);
	pact_store_free(store);
	r = run_sh(c->store, "git status --porcelain");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "", "the work tree did not follow the commit");
	run_result_free(&r);
	cr_assert_eq(git_repository_open(&repo, c->store), 0);
	cr_assert_eq(git_reference_name_to_id(&id, repo, c->ref), 0);
	cr_assert_eq(git_commit_lookup(&head, repo, &id), 0);
	o->rc = 0;
	add(&o->text, "committed: %s\n", git_commit_summary(head));
	git_commit_free(head);
	git_repository_free(repo);
}

/* pact commit FILE -m MSG: check, then commit, as cmd_commit does. */
static outcome commit_run(store_case *c)
{
	pact_checked_file f = {0};
	pact_store *store = NULL;
	outcome o = {0, NULL};
	char *msg = NULL;
	pact_oid id;

	f.path = c->file;
	o.rc = pact_store_check_files(&f, 1);
	for (size_t i = 0; i < f.diags.count; i++)
		add(&o.text, "%s %s\n", f.diags.items[i].code, f.diags.items[i].message);
	if (o.rc == 0 && (o.rc = pact_store_open(&store, c->store)) == 0)
		o.rc = pact_store_commit_files(&id, &msg, store, &f, 1, NULL, &c->who);
	if (o.rc == 0)
		add(&o.text, "committed: %s\n", msg);
	free(msg);
	pact_store_free(store);
	pact_checked_files_clear(&f, 1);
	disarm();
	if (o.rc == PACT_EIO && !strncmp(pact_error_last()->message, "committed ", 10) &&
	    strstr(pact_error_last()->message, "could not follow: out of memory."))
		finished_later(&o, c);
	settle(&o, c->store, c->ref, &c->base, "git reset -q --hard");
	return o;
}

Test(alloc, commit_fails_cleanly_at_every_allocation)
{
	store_case c;
	unsigned long total = 0;
	outcome want;
	char *text;

	case_open(&c, "refs/heads/main");
	text = fx_pact(2024, "và đúng hạn");
	c.file = strf("%s/edited.yaml", c.dir);
	cr_assert_eq(write_file(c.file, text, strlen(text)), 0);
	free(text);
	EVERY_FAILURE(want, commit_run(&c));
	cr_assert_eq(want.rc, 0, "the commit was refused");
	/* a sanity check of the wrapper, not a count to keep: the parsed
	 * pact's tree is a few blocks now, not an allocation per node */
	cr_assert_gt(total, 50, "the wrapper saw no allocation");
	case_close(&c);
}

/* pact review approve 2024 --author 'Trần Y <yte@bloc.vn>' --no-sign */
static outcome approve_run(store_case *c)
{
	pact_review_approve_opts ao = PACT_REVIEW_APPROVE_OPTS_INIT;
	pact_review_receipt *rc = NULL;
	pact_store *store = NULL;
	outcome o = {0, NULL};

	ao.sign = PACT_SIGN_NEVER;
	if ((o.rc = pact_store_open(&store, c->store)) == 0)
		o.rc = pact_review_approve_ext(&rc, store, 2025, &c->who, &ao);
	if (o.rc == 0)
		add(&o.text, "%s %s %s %d %d %d %s\n", rc->member, rc->blob, rc->commit,
		    rc->is_signed, rc->unchanged, rc->uncommitted,
		    rc->also_for ? rc->also_for : "-");
	pact_review_receipt_free(rc);
	pact_store_free(store);
	disarm();
	settle(&o, c->store, c->ref, &c->base, "git update-ref refs/pact/reviews/2025");
	return o;
}

Test(alloc, review_approve_fails_cleanly_at_every_allocation)
{
	store_case c;
	unsigned long total = 0;
	outcome want;
	char ref[48];
	run_result r;

	pact_review_ref(ref, 2025);
	cr_assert_str_eq(ref, "refs/pact/reviews/2025", "settle() undoes this ref by name");
	case_open(&c, ref);
	cr_assert_eq(fx_sh(&r, c.store, "pact review open 2025"), 0, "%s", r.err);
	run_result_free(&r);
	ref_tip(&c.base, c.store, ref);
	EVERY_FAILURE(want, approve_run(&c));
	cr_assert_eq(want.rc, 0, "the approval was refused");
	/* a sanity check of the wrapper (see the commit case above) */
	cr_assert_gt(total, 50, "the wrapper saw no allocation");
	case_close(&c);
}

/* pact show 2024 (the paper, as Markdown), pact show 2024 --format=json
 * (a part of it) and pact log, then pact log --clause khen-thuong: the log
 * without its cache, then with the cache that run wrote. */
static outcome read_run(store_case *c)
{
	pact_paper_opts po = PACT_PAPER_OPTS_INIT;
	pact_log_opts lo = PACT_LOG_OPTS_INIT;
	pact_store *store = NULL;
	pact_doc *doc = NULL;
	pact_json *j = NULL;
	pact_log *log = NULL;
	pact_lineage *lin = NULL;
	outcome o = {0, NULL};
	char *out = NULL, *cache;

	armed = 0;
	cache = strf("%s/.git/pact/log-cache", c->store);
	unlink(cache);
	free(cache);
	armed = 1;
	po.format = PACT_PAPER_MARKDOWN;
	if ((o.rc = pact_store_open(&store, c->store)) < 0 ||
	    (o.rc = pact_store_load(&doc, NULL, store, "2024")) < 0 ||
	    (o.rc = pact_paper_render(&out, NULL, doc, &po)) < 0)
		goto done;
	add(&o.text, "%s", out);
	free(out), out = NULL;
	if ((o.rc = pact_json_new(&j)) < 0)
		goto done;
	pact_json_begin_document(j, "pact-show/1");
	pact_json_kstring(j, "title", doc->title);
	pact_json_kint(j, "year", doc->year);
	if ((o.rc = pact_json_finish(&out, NULL, j)) < 0)
		goto done;
	add(&o.text, "%s", out);
	free(out), out = NULL;
	for (int pass = 0; pass < 2; pass++) {
		if ((o.rc = pact_history_log(&log, store, &lo)) < 0)
			goto done;
		for (size_t e = 0; e < log->count; e++) {
			add(&o.text, "%s %s\n", log->entries[e].hex, log->entries[e].subject);
			for (size_t k = 0; k < log->entries[e].nchanges; k++) {
				char *line = pact_year_change_describe(&log->entries[e].changes[k]);
				if (!line) {
					o.rc = PACT_ENOMEM;
					goto done;
				}
				add(&o.text, "  %s\n", line);
				free(line);
			}
		}
		pact_log_free(log), log = NULL;
	}
	if ((o.rc = pact_history_clause(&lin, store, NULL, "khen-thuong")) < 0)
		goto done;
	if (!(out = pact_lineage_describe(lin, PACT_LANG_VI))) {
		o.rc = PACT_ENOMEM;
		goto done;
	}
	add(&o.text, "%s", out);
done:
	free(out);
	pact_lineage_free(lin);
	pact_log_free(log);
	pact_json_free(j);
	pact_doc_free(doc);
	pact_store_free(store);
	disarm();
	return o;
}

Test(alloc, show_and_log_fail_cleanly_at_every_allocation)
{
	store_case c;
	unsigned long total = 0;
	outcome want;
	run_result r;
	char *p2023 = fx_pact(2023, NULL), *p2024 = fx_pact(2024, "và đúng hạn"), *f23, *f24;

	case_open(&c, "refs/heads/main");
	f23 = strf("%s/p2023.yaml", c.dir);
	f24 = strf("%s/p2024.yaml", c.dir);
	cr_assert_eq(write_file(f23, p2023, strlen(p2023)), 0);
	cr_assert_eq(fx_sh(&r, c.store, "pact commit ../p2023.yaml -m 'The 2023 pact'"), 0, "%s",
	             r.err);
	run_result_free(&r);
	cr_assert_eq(write_file(f24, p2024, strlen(p2024)), 0);
	cr_assert_eq(fx_sh(&r, c.store, "pact commit ../p2024.yaml -m 'Khen thưởng đúng hạn'"), 0,
	             "%s", r.err);
	run_result_free(&r);
	EVERY_FAILURE(want, read_run(&c));
	cr_assert_eq(want.rc, 0, "show or log failed");
	cr_assert_gt(total, 100, "the wrapper saw no allocation");
	free(p2023);
	free(p2024);
	free(f23);
	free(f24);
	case_close(&c);
}

/* pact import writes the pact it read as YAML (pact_doc_to_yaml). */
static outcome to_yaml(const pact_doc *doc)
{
	outcome o = {0, NULL};
	char *text = NULL;

	o.rc = pact_doc_to_yaml(&text, NULL, doc);
	if (text)
		o.text = own_copy(text);
	free(text);
	disarm();
	return o;
}

Test(alloc, yaml_writing_fails_cleanly_at_every_allocation)
{
	pact_doc *doc = load("pacts/2024.yaml");
	unsigned long total = 0;
	outcome want;

	EVERY_FAILURE(want, to_yaml(doc));
	cr_assert_eq(want.rc, 0);
	cr_assert_gt(total, 1, "the wrapper saw no allocation");
	pact_doc_free(doc);
}

/* pact pull when both sides committed (the tracking ref already fetched,
 * so each run takes the same path): refused for README.md, which both
 * changed, with its explanation (also when the names given leave it out);
 * then merged with --keep-mine=README.md, its message
 * the merge commit's. */
static outcome pull_run(store_case *c, const pact_pull_opts *how)
{
	pact_store *store = NULL;
	outcome o = {0, NULL};
	pact_pull_result res;
	pact_oid tip;
	char *report = NULL;

	if ((o.rc = pact_store_open(&store, c->store)) == 0)
		o.rc = pact_store_pull_merge(&res, &tip, &report, store, "origin", how, NULL, NULL);
	if (report)
		add(&o.text, "%s", report);
	if (o.rc < 0 && o.rc != PACT_ENOMEM)
		add(&o.text, "error: %s\n", pact_error_last()->message);
	free(report);
	pact_store_free(store);
	disarm();
	if (o.rc == PACT_EIO &&
	    strstr(pact_error_last()->message, "could not follow: out of memory.")) {
		/* the branch moved; the next command finishes the work tree,
		 * and the text is the merge commit's message, as the report is */
		git_repository *repo = NULL;
		git_commit *head = NULL;
		git_oid id;

		__real_free(o.text);
		o.text = NULL;
		finished_later(&o, c);
		__real_free(o.text);
		o.text = NULL;
		cr_assert_eq(git_repository_open(&repo, c->store), 0);
		cr_assert_eq(git_reference_name_to_id(&id, repo, c->ref), 0);
		cr_assert_eq(git_commit_lookup(&head, repo, &id), 0);
		add(&o.text, "%s", git_commit_message(head));
		git_commit_free(head);
		git_repository_free(repo);
	}
	settle(&o, c->store, c->ref, &c->base, "git reset -q --hard");
	return o;
}

Test(alloc, a_merging_pull_fails_cleanly_at_every_allocation, .timeout = 600)
{
	store_case c;
	unsigned long total = 0;
	outcome want;
	run_result r;
	char *p2023 = fx_pact(2023, NULL), *p2025 = fx_pact(2025, NULL), *f23, *f25;
	static const char *const readme[] = {"README.md"}, *const y2023[] = {"2023"};
	pact_pull_opts keep = PACT_PULL_OPTS_INIT, other = PACT_PULL_OPTS_INIT;

	keep.keep_mine = readme;
	keep.nkeep_mine = 1;
	other.take_theirs = y2023; /* names no conflict, leaves README.md out */
	other.ntake_theirs = 1;
	case_open(&c, "refs/heads/main");
	f23 = strf("%s/p2023.yaml", c.dir);
	f25 = strf("%s/p2025.yaml", c.dir);
	cr_assert_eq(write_file(f23, p2023, strlen(p2023)), 0);
	cr_assert_eq(write_file(f25, p2025, strlen(p2025)), 0);
	cr_assert_eq(fx_sh(&r, c.store,
	                   "git init -q --bare -b main ../hub.git && git remote add origin "
	                   "../hub.git && git push -q origin main 2>/dev/null && cd .. && "
	                   "git clone -q hub.git other && cd other && pact commit ../p2025.yaml "
	                   "-m 'The 2025 pact' >/dev/null && echo hub >> README.md && "
	                   "git commit -qam 'README at the hub' && git push -q origin main "
	                   "2>/dev/null && cd ../store && pact commit ../p2023.yaml "
	                   "-m 'The 2023 pact' >/dev/null && echo mine >> README.md && "
	                   "git commit -qam 'README here' && git fetch -q origin"),
	             0, "%s", r.err);
	run_result_free(&r);
	ref_tip(&c.base, c.store, c.ref);
	EVERY_FAILURE(want, pull_run(&c, NULL));
	cr_assert_eq(want.rc, PACT_ECONFLICT, "%s", want.text ? want.text : "");
	cr_assert_gt(total, 20, "the wrapper saw no allocation");
	EVERY_FAILURE(want, pull_run(&c, &other));
	cr_assert_eq(want.rc, PACT_ECONFLICT, "the refusal for a file left out failed");
	EVERY_FAILURE(want, pull_run(&c, &keep));
	cr_assert_eq(want.rc, 0, "the merge failed");
	free(p2023);
	free(p2025);
	free(f23);
	free(f25);
	case_close(&c);
}
