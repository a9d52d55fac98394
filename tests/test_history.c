/*
 * test_history.c - pact log and clause lineage: the library calls on a
 * store built with the library, and the CLI's text and json output.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/error.h"
#include "pact/history.h"
#include "pact/store.h"
#include "store_helpers.h"

static char *tmp;
static pact_store *st;
static git_signature *sig;

static void setup(void)
{
	char *dir;
	tmp = store_test_env();
	git_libgit2_init();
	dir = strf("%s/s", tmp);
	cr_assert_eq(pact_store_init(&st, dir, 0), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_store_signature(&sig, NULL, st, "Cán bộ <cb@example.vn>"), 0);
	free(dir);
}

static void teardown(void)
{
	git_signature_free(sig);
	pact_store_free(st);
	git_libgit2_shutdown();
	rm_rf(tmp);
	free(tmp);
}

TestSuite(history, .init = setup, .fini = teardown);

static void put(int year, const char *spec, const char *msg)
{
	char *text = gen_pact(year, spec), path[32];
	pact_store_year_path(path, year);
	pact_store_file f = {path, text, strlen(text)};
	cr_assert_eq(pact_store_commit(NULL, st, NULL, &f, 1, msg, sig), 0, "%s",
	             pact_error_last()->message);
	free(text);
}

static void del(int year, const char *msg)
{
	char path[32];
	pact_store_year_path(path, year);
	pact_store_file f = {path, NULL, 0};
	cr_assert_eq(pact_store_commit(NULL, st, NULL, &f, 1, msg, sig), 0, "%s",
	             pact_error_last()->message);
}

Test(history, compare_counts_by_clause_id)
{
	pact_doc *a = NULL, *b = NULL;
	pact_year_change c;
	char *ta = gen_pact(2024, "a b c d"), *tb = gen_pact(2024, "a c:v2 b e");
	cr_assert_eq(pact_doc_parse(&a, NULL, ta, strlen(ta), NULL), 0);
	cr_assert_eq(pact_doc_parse(&b, NULL, tb, strlen(tb), NULL), 0);
	memset(&c, 0, sizeof(c));
	c.year = 2024;
	c.kind = PACT_CHANGE_MODIFIED;
	pact_history_compare(&c, a, b);
	cr_expect_eq(c.added, 1);      /* e */
	cr_expect_eq(c.removed, 1);    /* d */
	cr_expect_eq(c.changed, 1);    /* c */
	cr_expect_eq(c.renumbered, 1); /* b: 2 -> 3, same text */
	cr_expect_eq(c.other_changed, 0);
	char *d = pact_year_change_describe(&c);
	cr_expect_str_eq(d, "2024: 1 clause added, 1 removed, 1 changed, 1 renumbered");
	free(d);
	pact_history_compare(&c, NULL, b);
	c.kind = PACT_CHANGE_ADDED;
	d = pact_year_change_describe(&c);
	cr_expect_str_eq(d, "2024: new pact, 4 clauses");
	free(d);
	pact_doc_free(a);
	pact_doc_free(b);
	free(ta);
	free(tb);
}

Test(history, log_lists_changes_newest_first)
{
	pact_log *log = NULL;
	pact_log_opts o = PACT_LOG_OPTS_INIT;

	put(2023, "a b", "first 2023");
	put(2024, "a b", "first 2024");
	put(2024, "a b:v2 c", "second 2024");
	del(2023, "drop 2023");

	cr_assert_eq(pact_history_log(&log, st, &o), 0);
	cr_assert_eq(log->count, 4); /* the init commit touched no pact */
	cr_expect_str_eq(log->entries[0].subject, "drop 2023");
	cr_expect_eq(log->entries[0].changes[0].kind, PACT_CHANGE_DELETED);
	cr_expect_str_eq(log->entries[1].subject, "second 2024");
	cr_expect_eq(log->entries[1].nchanges, 1);
	cr_expect_eq(log->entries[1].changes[0].added, 1);
	cr_expect_eq(log->entries[1].changes[0].changed, 1);
	cr_expect_str_eq(log->entries[3].author_name, "Cán bộ");
	pact_log_free(log);

	o.year = 2024;
	cr_assert_eq(pact_history_log(&log, st, &o), 0);
	cr_expect_eq(log->count, 2);
	pact_log_free(log);

	o.year = 0;
	o.rev = "HEAD~2";
	o.max = 1;
	cr_assert_eq(pact_history_log(&log, st, &o), 0);
	cr_expect_eq(log->count, 1);
	cr_expect_str_eq(log->entries[0].subject, "first 2024");
	pact_log_free(log);

	o.rev = "nosuch";
	cr_expect_eq(pact_history_log(&log, st, &o), PACT_ENOTFOUND);
	cr_expect_null(log);
}

Test(history, log_cli_text_and_json)
{
	char *dir = strf("%s/s", tmp);
	put(2024, "a", "one");
	put(2024, "a b", "two");

	run_result r = run_pact(dir, "log", "2024", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Author: Cán bộ <cb@example.vn>\nDate:   ") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "    two\n\n    2024: 1 clause added\n") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "    2024: new pact, 1 clause\n") != NULL, "%s", r.out);
	run_result_free(&r);

	r = run_pact(dir, "log", "--format=json", "-n", "1", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"subject\": \"two\"") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "\"clauses\": {\"added\": 1, \"removed\": 0") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "\"subject\": \"one\"") == NULL, "%s", r.out);
	run_result_free(&r);

	r = run_pact(dir, "log", "2031", NULL);
	cr_expect_eq(r.status, 0);
	cr_expect_str_eq(r.out, "");
	run_result_free(&r);
	r = run_pact(dir, "log", "2024@nosuchrev", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "unknown revision 'nosuchrev'") != NULL, "%s", r.err);
	run_result_free(&r);
	free(dir);
}

Test(history, clause_lineage_across_years)
{
	pact_lineage *l = NULL;
	put(2020, "x y", "2020");
	put(2021, "x y k", "2021");
	put(2022, "x k y", "2022"); /* k renumbered, same text */
	put(2023, "x y", "2023");   /* k absent */
	put(2024, "k:moi x y", "2024");

	cr_assert_eq(pact_history_clause(&l, st, NULL, "k"), 0);
	cr_assert_eq(l->count, 5);
	cr_expect_eq(l->appearances, 3);
	cr_expect_eq(l->rows[0].status, PACT_LINEAGE_ABSENT);
	cr_expect_eq(l->rows[1].status, PACT_LINEAGE_NEW);
	cr_expect_eq(l->rows[1].number, 3);
	cr_expect_eq(l->rows[2].status, PACT_LINEAGE_UNCHANGED);
	cr_expect_eq(l->rows[2].same_since, 2021);
	cr_expect_eq(l->rows[2].number, 2);
	cr_expect_eq(l->rows[3].status, PACT_LINEAGE_ABSENT);
	cr_expect_eq(l->rows[4].status, PACT_LINEAGE_CHANGED);
	cr_expect_eq(l->rows[4].number, 1);
	pact_lineage_free(l);

	cr_expect_eq(pact_history_clause(&l, st, NULL, "nope"), PACT_ENOTFOUND);
	cr_expect_null(l);

	char *dir = strf("%s/s", tmp);
	run_result r = run_pact(dir, "log", "--clause", "x", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "clause 'x' appears in 5 of 5 years\n\n"
	                        "year  no.  text\n"
	                        "2020    1  new\n"
	                        "2021    1  unchanged since 2020\n"
	                        "2022    1  unchanged since 2020\n"
	                        "2023    1  unchanged since 2020\n"
	                        "2024    2  unchanged since 2020 (renumbered from 1)\n");
	run_result_free(&r);
	r = run_pact(dir, "log", "--clause", "k", "--format=json", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "{\"year\": 2022, \"status\": \"unchanged\", \"number\": 2, "
	                        "\"title\": null, \"same_since\": 2021}") != NULL,
	          "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "log", "--clause", "nope", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "no clause 'nope'") != NULL, "%s", r.err);
	run_result_free(&r);
	free(dir);
}

Test(history, invalid_pact_in_history_is_reported_not_fatal)
{
	char *dir = strf("%s/s", tmp);
	put(2024, "a", "good");
	/* git lets anything in; pact's log must cope. */
	const char *junk = "year: 2024\n";
	pact_store_file f = {"pacts/2024.yaml", junk, strlen(junk)};
	cr_assert_eq(pact_store_commit(NULL, st, NULL, &f, 1, "junk", sig), 0);
	run_result r = run_pact(dir, "log", "--oneline", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "junk (2024: not a valid pact)") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "show", "2024", NULL);
	cr_expect_eq(r.status, 1);
	run_result_free(&r);
	free(dir);
}
