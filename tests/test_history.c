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
static pact_signature *sig;

static void setup(void)
{
	char *dir;
	tmp = store_test_env();
	dir = strf("%s/s", tmp);
	cr_assert_eq(pact_store_init(&st, dir, 0), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_store_signature(&sig, NULL, st, "Cán bộ <cb@example.vn>"), 0);
	free(dir);
}

static void teardown(void)
{
	pact_signature_free(sig);
	pact_store_free(st);
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

static pact_doc *parse(const char *text)
{
	pact_doc *d = NULL;
	cr_assert_eq(pact_doc_parse(&d, NULL, text, strlen(text), NULL), 0, "%s",
	             pact_error_last()->message);
	return d;
}

static pact_doc *load_sample(const char *rel)
{
	size_t len;
	char *path = src_path(rel), *text = read_file(path, &len);
	cr_assert_not_null(text, "%s", path);
	pact_doc *d = parse(text);
	free(text);
	free(path);
	return d;
}

/* The log counts what `pact diff --stat` counts: the same summary, on the
 * sample pacts that exercise moves, a split and citations. */
/* `pact log --clause ID` (with --lang=LANG; NULL: vi) succeeds and prints
 * exactly `want`. */
static void expect_lineage(const char *dir, const char *id, const char *lang, const char *want)
{
	char *opt = strf("--lang=%s", lang ? lang : "vi");
	run_result r = opt ? run_pact(dir, "log", "--clause", id, opt, NULL)
	                   : run_pact(dir, "log", "--clause", id, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, want, "pact log --clause %s", id);
	run_result_free(&r);
	free(opt);
}

Test(history, compare_is_the_diff_summary)
{
	pact_doc *a = load_sample("pacts/2023.yaml"), *b = load_sample("pacts/2024.yaml");
	pact_diff *d = NULL;
	pact_year_change c;

	memset(&c, 0, sizeof(c));
	c.year = 2024;
	c.kind = PACT_YEAR_MODIFIED;
	cr_assert_eq(pact_history_compare(&c, a, b), 0);
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
	cr_expect_eq(memcmp(&c.stat, &d->summary, sizeof(c.stat)), 0);
	cr_expect_eq(c.differs, 1);
	cr_expect_eq(c.stat.added, 1);
	cr_expect_eq(c.stat.removed, 1);
	cr_expect_eq(c.stat.modified, 5);
	cr_expect_eq(c.stat.split, 1);
	char *s = pact_year_change_describe(&c);
	cr_expect_str_eq(s, "2024: 1 clause added, 1 removed, 5 modified, 1 moved, 1 renumbered, "
	                    "1 split; citations +1 -2; year, title, signed.date, preamble, "
	                    "closing, source, note changed");
	free(s);
	/* the same counts in the diff's Vietnamese words, the action first */
	s = pact_year_change_describe_lang(&c, PACT_LANG_VI);
	cr_expect_str_eq(s, "2024: Bổ sung 1 điều, lược bỏ 1, sửa đổi 5, chuyển vị trí 1, "
	                    "đánh số lại 1, tách 1; văn bản dẫn chiếu +1 −2; sửa đổi năm, "
	                    "tiêu đề, ngày ký, phần mở đầu, phần kết, nguồn, ghi chú");
	free(s);
	s = pact_year_change_describe_lang(&c, PACT_LANG_EN);
	cr_expect_str_eq(s, "2024: 1 clause added, 1 removed, 5 modified, 1 moved, 1 renumbered, "
	                    "1 split; citations +1 -2; year, title, signed.date, preamble, "
	                    "closing, source, note changed");
	free(s);

	/* a pact that appears is all added, as against an empty pact */
	cr_assert_eq(pact_history_compare(&c, NULL, b), 0);
	c.kind = PACT_YEAR_ADDED;
	cr_expect_eq(c.stat.added, 6);
	cr_expect_eq(c.stat.c_added, 25);
	cr_expect_eq(c.stat.cites_added,
	             d->summary.cites_added + d->summary.cites_kept + d->summary.cites_redated);
	s = pact_year_change_describe(&c);
	cr_expect_str_eq(s, "2024: new pact, 6 clauses");
	free(s);
	s = pact_year_change_describe_lang(&c, PACT_LANG_VI);
	cr_expect_str_eq(s, "2024: Giao ước mới, 6 điều");
	free(s);
	cr_assert_eq(pact_history_compare(&c, a, NULL), 0);
	c.kind = PACT_YEAR_DELETED;
	cr_expect_eq(c.stat.removed, 5);
	s = pact_year_change_describe(&c);
	cr_expect_str_eq(s, "2024: pact removed");
	free(s);
	s = pact_year_change_describe_lang(&c, PACT_LANG_VI);
	cr_expect_str_eq(s, "2024: Gỡ bỏ giao ước");
	free(s);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
}

Test(history, describe_small_changes)
{
	struct {
		const char *old_spec, *new_spec, *want, *want_vi;
	} cases[] = {
	        {"a", "a b", "2024: 1 clause added", "2024: Bổ sung 1 điều"},
	        {"a b c", "a c", "2024: 1 clause removed, 1 renumbered",
	         "2024: Lược bỏ 1 điều, đánh số lại 1"},
	        {"a b", "a b:v2", "2024: 1 clause modified", "2024: Sửa đổi 1 điều"},
	        /* hòa -> hoà: the tone mark on another vowel is the same word */
	        {"a b:h\xc3\xb2"
	         "a",
	         "a b:ho\xc3\xa0",
	         "2024: no change (1 text differs only in Unicode normalisation or tone-mark "
	         "placement)",
	         "2024: Không có thay đổi (1 đoạn văn bản chỉ khác về chuẩn Unicode hoặc vị trí "
	         "dấu thanh)"},
	};
	/* the bytes changed, the pact did not */
	{
		pact_year_change c;
		memset(&c, 0, sizeof(c));
		c.year = 2024;
		c.kind = PACT_YEAR_MODIFIED;
		char *s = pact_year_change_describe(&c);
		cr_expect_str_eq(s, "2024: no change (formatting only)");
		free(s);
		s = pact_year_change_describe_lang(&c, PACT_LANG_VI);
		cr_expect_str_eq(s, "2024: Không có thay đổi (chỉ khác định dạng)");
		free(s);
		/* counts with no sign: after the label, in either order */
		c.differs = 1;
		c.stat.cites_redated = 1;
		c.stat.members_joined = 1;
		c.stat.members_renamed = 2;
		s = pact_year_change_describe(&c);
		cr_expect_str_eq(s, "2024: citations 1 re-dated; members +1, 2 renamed");
		free(s);
		s = pact_year_change_describe_lang(&c, PACT_LANG_VI);
		cr_expect_str_eq(s, "2024: Văn bản dẫn chiếu đổi ngày 1; thành viên +1, đổi tên 2");
		free(s);
		c.invalid = 1;
		s = pact_year_change_describe_lang(&c, PACT_LANG_VI);
		cr_expect_str_eq(s, "2024: Không phải giao ước hợp lệ");
		free(s);
	}
	/* approvers: not the pact's text, so not the diff's, but still a change */
	{
		char *ta = gen_pact(2024, "a"), *tb = gen_pact(2024, "a");
		const char *at = strstr(tb, "    name: Sở Y tế\n") + strlen("    name: Sở Y tế\n");
		char *tc = strf("%.*s    approvers: [gd@soyte.example.vn]\n%s", (int)(at - tb), tb,
		                at);
		pact_doc *a = parse(ta), *b = parse(tc);
		pact_year_change c;
		memset(&c, 0, sizeof(c));
		c.year = 2024;
		c.kind = PACT_YEAR_MODIFIED;
		cr_assert_eq(pact_history_compare(&c, a, b), 0);
		char *s = pact_year_change_describe(&c);
		cr_expect_str_eq(s, "2024: members.approvers changed");
		free(s);
		s = pact_year_change_describe_lang(&c, PACT_LANG_VI);
		cr_expect_str_eq(s, "2024: Sửa đổi người phê duyệt của thành viên");
		free(s);
		pact_doc_free(a);
		pact_doc_free(b);
		free(ta);
		free(tb);
		free(tc);
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *ta = gen_pact(2024, cases[i].old_spec),
		     *tb = gen_pact(2024, cases[i].new_spec);
		pact_doc *a = parse(ta), *b = parse(tb);
		pact_year_change c;
		memset(&c, 0, sizeof(c));
		c.year = 2024;
		c.kind = PACT_YEAR_MODIFIED;
		cr_assert_eq(pact_history_compare(&c, a, b), 0);
		char *s = pact_year_change_describe(&c);
		cr_expect_str_eq(s, cases[i].want, "%s -> %s", cases[i].old_spec,
		                 cases[i].new_spec);
		free(s);
		s = pact_year_change_describe_lang(&c, PACT_LANG_VI);
		cr_expect_str_eq(s, cases[i].want_vi, "%s -> %s", cases[i].old_spec,
		                 cases[i].new_spec);
		free(s);
		pact_doc_free(a);
		pact_doc_free(b);
		free(ta);
		free(tb);
	}
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
	cr_expect_eq(log->entries[0].changes[0].kind, PACT_YEAR_DELETED);
	cr_expect_str_eq(log->entries[1].subject, "second 2024");
	cr_expect_eq(log->entries[1].nchanges, 1);
	cr_expect_eq(log->entries[1].changes[0].stat.added, 1);
	cr_expect_eq(log->entries[1].changes[0].stat.modified, 1);
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

	run_result r = run_pact(dir, "log", "2024", "--lang=en", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Author: Cán bộ <cb@example.vn>\nDate:   ") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "    two\n\n    2024: 1 clause added\n") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "    2024: new pact, 1 clause\n") != NULL, "%s", r.out);
	run_result_free(&r);
	/* the locale decides without --lang or PACT_LANG, as for every
	 * command; git's own lines stay git's */
	{
		char *cmd = strf("LC_ALL=vi_VN.UTF-8 '%s' log 2024", PACT_BIN);
		r = run_sh(dir, cmd);
		free(cmd);
	}
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strncmp(r.out, "commit ", 7) == 0, "%s", r.out);
	cr_expect(strstr(r.out, "Author: Cán bộ <cb@example.vn>\nDate:   ") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "    two\n\n    2024: Bổ sung 1 điều\n") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "    2024: Giao ước mới, 1 điều\n") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "log", "--oneline", "--lang=vi", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, " two (2024: Bổ sung 1 điều)\n") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "log", "--lang=fr", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "unknown language 'fr' (vi or en)") != NULL, "%s", r.err);
	run_result_free(&r);

	/* JSON is language-neutral: --lang changes nothing in it */
	r = run_pact(dir, "log", "--format=json", "-n", "1", "--lang=vi", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"subject\": \"two\"") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "\"valid\": true, \"differs\": true, \"stat\": {\"clauses\": "
	                        "{\"old\": 1, \"new\": 2, \"unchanged\": 1, \"modified\": 0, "
	                        "\"added\": 1, \"removed\": 0,") != NULL,
	          "%s", r.out);
	cr_expect(strstr(r.out,
	                 "\"fields_changed\": []}, \"summary\": \"2024: 1 clause added\"}") != NULL,
	          "%s", r.out);
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
	expect_lineage(dir, "x", "en",
	               "clause 'x' appears in 5 of 5 years\n\n"
	               "year  no.  text\n"
	               "2020    1  new\n"
	               "2021    1  unchanged since 2020\n"
	               "2022    1  unchanged since 2020\n"
	               "2023    1  unchanged since 2020\n"
	               "2024    2  unchanged since 2020 (renumbered from 1)\n");
	expect_lineage(dir, "k", NULL,
	               "điều 'k' có trong 3 trên 5 năm\n\n"
	               "năm    số  nội dung\n"
	               "2020    -  không có\n"
	               "2021    3  mới\n"
	               "2022    2  giữ nguyên từ 2021 (đánh số lại, trước đây là điều 3)\n"
	               "2023    -  không có\n"
	               "2024    1  sửa đổi (đánh số lại, trước đây là điều 2)\n");
	run_result r = run_pact(dir, "log", "--clause", "k", "--format=json", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "{\"year\": 2022, \"status\": \"unchanged\", \"number\": 2, "
	                        "\"title\": null, \"same_since\": 2021}") != NULL,
	          "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "log", "--clause", "nope", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "no clause 'nope'") != NULL, "%s", r.err);
	run_result_free(&r);
	/* one year in the store at HEAD~4: "1 of 1 year" */
	r = run_pact(dir, "log", "--clause", "x", "HEAD~4", "--lang=en", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "clause 'x' appears in 1 of 1 year\n\n"
	                        "year  no.  text\n"
	                        "2020    1  new\n");
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
	run_result r = run_pact(dir, "log", "--oneline", "--lang=en", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "junk (2024: not a valid pact)") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "log", "--oneline", "--lang=vi", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "junk (2024: Không phải giao ước hợp lệ)") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(dir, "show", "2024", NULL);
	cr_expect_eq(r.status, 1);
	run_result_free(&r);
	free(dir);
}

/* Lineage and the diff agree on what "changed" means: a clause whose text
 * differs only by tone-mark placement (hòa / hoà) or by NFD spelling is
 * unchanged in both; a real edit is a change in both. */
Test(history, lineage_ignores_what_the_diff_ignores)
{
	pact_lineage *l = NULL;
	put(2020,
	    "x k:h\xc3\xb2"
	    "a",
	    "2020");                          /* hòa, mark on the o */
	put(2021, "x k:ho\xc3\xa0", "2021");  /* hoà, mark on the a */
	put(2022, "x k:hoa\xcc\x80", "2022"); /* hoà in NFD */
	put(2023, "x k:v2", "2023");          /* a real change */

	cr_assert_eq(pact_history_clause(&l, st, NULL, "k"), 0);
	cr_assert_eq(l->count, 4);
	cr_expect_eq(l->rows[0].status, PACT_LINEAGE_NEW);
	cr_expect_eq(l->rows[1].status, PACT_LINEAGE_UNCHANGED);
	cr_expect_eq(l->rows[1].same_since, 2020);
	cr_expect_eq(l->rows[2].status, PACT_LINEAGE_UNCHANGED);
	cr_expect_eq(l->rows[2].same_since, 2020);
	cr_expect_eq(l->rows[3].status, PACT_LINEAGE_CHANGED);
	pact_lineage_free(l);

	/* the same pairs through the diff: the clause's status */
	static const char hoa_o[] = "x k:h\xc3\xb2"
	                            "a";
	const char *specs[] = {hoa_o, "x k:ho\xc3\xa0", "x k:hoa\xcc\x80", "x k:v2"};
	for (size_t i = 1; i < 4; i++) {
		char *ta = gen_pact(2024, specs[i - 1]), *tb = gen_pact(2024, specs[i]);
		pact_doc *a = parse(ta), *b = parse(tb);
		pact_diff *d = NULL;
		cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
		const pact_clause_diff *k = NULL;
		for (size_t j = 0; j < d->nclauses; j++)
			if (d->clauses[j].after.present && !strcmp(d->clauses[j].after.id, "k"))
				k = &d->clauses[j];
		cr_assert_not_null(k);
		cr_expect_eq(k->status == PACT_CHANGE_UNCHANGED, i < 3, "%s -> %s", specs[i - 1],
		             specs[i]);
		cr_expect_eq(pact_diff_clause_same_text(&a->clauses[1], &b->clauses[1]), i < 3);
		pact_diff_free(d);
		pact_doc_free(a);
		pact_doc_free(b);
		free(ta);
		free(tb);
	}

	/* and the log says a commit that only moved a tone mark changed nothing */
	put(2024,
	    "x k:h\xc3\xb2"
	    "a",
	    "2024");
	put(2024, "x k:ho\xc3\xa0", "2024 hoà");
	char *dir = strf("%s/s", tmp);
	run_result r = run_pact(dir, "log", "--oneline", "-n", "1", "--lang=en", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, " 2024 hoà (2024: no change (1 text differs only in Unicode "
	                        "normalisation or tone-mark placement))\n") != NULL,
	          "%s", r.out);
	run_result_free(&r);
	free(dir);
}

/* The README's lineage tables: the sample pacts, and a 2025 that keeps
 * khen-thuong and rewrites phong-trao-thi-dua (as the adopted 2025 does). */
Test(history, lineage_of_the_sample_pacts_is_the_readme_table)
{
	char *dir = strf("%s/s", tmp), *y23 = src_path("pacts/2023.yaml"),
	     *y24 = src_path("pacts/2024.yaml");
	run_result r = run_pact(dir, "commit", y23, y24, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(sh(dir, NULL,
	                "sed -e 's/^year: 2024/year: 2025/' -e 's/Kỷ niệm 70 năm/Kỷ niệm 95 năm/' "
	                "pacts/2024.yaml > ../2025.yaml"),
	             0);
	r = run_pact(dir, "commit", "../2025.yaml", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	expect_lineage(dir, "khen-thuong", NULL,
	               "điều 'khen-thuong' có trong 2 trên 3 năm\n\n"
	               "năm    số  nội dung\n"
	               "2023    -  không có\n"
	               "2024    6  mới\n"
	               "2025    6  giữ nguyên từ 2024\n");
	expect_lineage(dir, "khen-thuong", "en",
	               "clause 'khen-thuong' appears in 2 of 3 years\n\n"
	               "year  no.  text\n"
	               "2023    -  absent\n"
	               "2024    6  new\n"
	               "2025    6  unchanged since 2024\n");
	expect_lineage(dir, "phong-trao-thi-dua", NULL,
	               "điều 'phong-trao-thi-dua' có trong 3 trên 3 năm\n\n"
	               "năm    số  nội dung\n"
	               "2023    2  mới\n"
	               "2024    5  sửa đổi (đánh số lại, trước đây là điều 2)\n"
	               "2025    5  sửa đổi\n");
	expect_lineage(dir, "phong-trao-thi-dua", "en",
	               "clause 'phong-trao-thi-dua' appears in 3 of 3 years\n\n"
	               "year  no.  text\n"
	               "2023    2  new\n"
	               "2024    5  changed (renumbered from 2)\n"
	               "2025    5  changed\n");
	free(y23);
	free(y24);
	free(dir);
}
