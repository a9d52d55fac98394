/*
 * test_doc.c - the loader and validator: the sample pacts load, every rule
 * of pact/1 is enforced with the message and position a user sees
 * (tests/data/invalid/NAME.yaml + NAME.expected), warnings are raised
 * (tests/data/warn), and the YAML writer round-trips.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"

static pact_doc *load_sample(const char *rel, pact_diags *diags)
{
	char *path = src_path(rel);
	pact_doc *doc = NULL;
	int rc = pact_doc_load_file(&doc, diags, path, NULL);
	cr_assert_eq(rc, 0, "%s: %s", rel, pact_error_last()->message);
	free(path);
	return doc;
}

Test(doc, sample_2024_loads_clean)
{
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = load_sample("pacts/2024.yaml", &diags);

	cr_expect_eq(diags.count, 0, "the sample pact must not even warn");
	cr_expect_eq(doc->year, 2024);
	cr_expect_str_eq(doc->schema, "pact/1");
	cr_expect_str_eq(doc->province, "Bắc Giang");
	cr_expect_str_eq(doc->signed_place, "Bắc Giang");
	cr_expect_eq(doc->signed_date.year, 2024);
	cr_expect_eq(doc->signed_date.month, 5);
	cr_expect_eq(doc->signed_date.day, 9);
	cr_expect_eq(doc->nmembers, 5);
	cr_expect_eq(doc->nclauses, 6);
	cr_expect_str_eq(doc->members[0].name, "Sở Ngoại vụ");
	for (size_t i = 0; i < doc->nclauses; i++)
		cr_expect_eq(doc->clauses[i].number, (long)i + 1);
	cr_expect(strstr(doc->clauses[0].commitments[0].text,
	                 "Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị") != NULL);
	cr_expect_not_null(doc->source);
	cr_expect_not_null(pact_doc_clause(doc, doc->clauses[5].id));
	cr_expect_null(pact_doc_clause(doc, "no-such-clause"));
	pact_doc_free(doc);
	pact_diags_clear(&diags);
}

Test(doc, sample_2023_loads_clean)
{
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = load_sample("pacts/2023.yaml", &diags);
	cr_expect_eq(diags.count, 0);
	cr_expect_eq(doc->year, 2023);
	cr_expect_eq(doc->nmembers, 5);
	cr_expect_not_null(doc->source, "2023 says it is illustrative in source:");
	pact_doc_free(doc);
	pact_diags_clear(&diags);
}

Test(doc, fixture_keeps_positions)
{
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = load_sample("tests/data/valid/2024.yaml", &diags);
	cr_expect_eq(doc->clauses[1].pos.line, 19);
	cr_expect_eq(doc->clauses[1].pos.col, 5);
	cr_expect_eq(doc->clauses[1].commitments[1].pos.line, 23);
	cr_expect_eq(doc->clauses[1].commitments[1].pos.col, 9);
	cr_expect_str_eq(doc->clauses[0].title, "Quán triệt tư tưởng");
	cr_expect_null(doc->clauses[1].title);
	cr_expect_eq(doc->members[1].napprovers, 1);
	cr_expect_str_eq(doc->members[1].approvers[0], "giamdoc@syt.bacgiang.gov.vn");
	pact_doc_free(doc);
	pact_diags_clear(&diags);
}

/* Load dir/name with its base name as the path, and format every
 * diagnostic the way `pact validate` prints it. */
static char *diagnose(const char *dir, const char *name, int *rc_out)
{
	char *path = strf("%s/%s", dir, name);
	size_t len = 0;
	char *buf = read_file(path, &len);
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	char *all = strf("%s", "");

	cr_assert_not_null(buf, "cannot read %s", path);
	opts.path = name;
	*rc_out = pact_doc_parse(&doc, &diags, buf, len, &opts);
	cr_expect((*rc_out == 0) == (doc != NULL));
	for (size_t i = 0; i < diags.count; i++) {
		char *line = pact_diag_format(&diags.items[i], name);
		char *next = strf("%s%s\n", all, line);
		free(line);
		free(all);
		all = next;
	}
	pact_doc_free(doc);
	pact_diags_clear(&diags);
	free(buf);
	free(path);
	return all;
}

static void run_table(const char *subdir, int want_rc)
{
	char *dir = src_path(subdir);
	DIR *d = opendir(dir);
	struct dirent *e;
	int cases = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 6 || strcmp(e->d_name + n - 5, ".yaml"))
			continue;
		int rc = 0;
		char *got = diagnose(dir, e->d_name, &rc);
		char *exp_path = strf("%s/%.*s.expected", dir, (int)(n - 5), e->d_name);
		char *want = read_file(exp_path, NULL);
		cr_assert_not_null(want, "missing %s", exp_path);
		cr_expect_eq(rc, want_rc, "%s: rc %d", e->d_name, rc);
		cr_expect_str_eq(got, want, "%s", e->d_name);
		free(got);
		free(want);
		free(exp_path);
		cases++;
	}
	closedir(d);
	free(dir);
	cr_expect_gt(cases, 4, "the table must not be empty");
}

Test(doc, every_rule_has_its_message_and_position)
{
	run_table("tests/data/invalid", PACT_EINVALID);
}

Test(doc, warnings_for_text_that_fools_a_reviewer)
{
	run_table("tests/data/warn", 0);
}

Test(doc, last_error_is_the_first_problem_formatted)
{
	const char *text = "schema: pact/1\nyear: 2024\nyear: 2025\n";
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	pact_doc *doc = NULL;
	opts.path = "pacts/2024.yaml";
	cr_assert_eq(pact_doc_parse(&doc, NULL, text, strlen(text), &opts), PACT_EINVALID);
	cr_expect_null(doc);
	cr_expect_str_eq(pact_error_last()->message,
	                 "pacts/2024.yaml:1:1: error: missing required key 'title' in the pact");
}

static void expect_same_doc(const pact_doc *a, const pact_doc *b)
{
	cr_expect_eq(a->year, b->year);
	cr_expect_str_eq(a->title, b->title);
	cr_expect_str_eq(a->bloc, b->bloc);
	cr_expect_str_eq(a->preamble, b->preamble);
	cr_expect_str_eq(a->closing, b->closing);
	cr_expect_eq(a->signed_date.day, b->signed_date.day);
	cr_assert_eq(a->nmembers, b->nmembers);
	for (size_t i = 0; i < a->nmembers; i++) {
		cr_expect_str_eq(a->members[i].id, b->members[i].id);
		cr_expect_str_eq(a->members[i].name, b->members[i].name);
		cr_expect_eq(a->members[i].napprovers, b->members[i].napprovers);
	}
	cr_assert_eq(a->nclauses, b->nclauses);
	for (size_t i = 0; i < a->nclauses; i++) {
		cr_expect_str_eq(a->clauses[i].id, b->clauses[i].id);
		cr_expect_eq((a->clauses[i].title == NULL), (b->clauses[i].title == NULL));
		cr_assert_eq(a->clauses[i].ncommitments, b->clauses[i].ncommitments);
		for (size_t k = 0; k < a->clauses[i].ncommitments; k++)
			cr_expect_str_eq(a->clauses[i].commitments[k].text,
			                 b->clauses[i].commitments[k].text);
	}
}

Test(doc, yaml_writer_round_trips)
{
	const char *samples[] = {"pacts/2024.yaml", "pacts/2023.yaml",
	                         "tests/data/valid/2024.yaml"};
	for (size_t s = 0; s < 3; s++) {
		pact_doc *a = load_sample(samples[s], NULL), *b = NULL;
		char *y1 = NULL, *y2 = NULL;
		size_t n1 = 0;
		pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
		cr_assert_eq(pact_doc_to_yaml(&y1, &n1, a), 0);
		cr_expect_eq(strlen(y1), n1);
		cr_expect(strstr(y1, "schema: pact/1\n") == y1, "%s", y1);
		opts.path = samples[s];
		cr_assert_eq(pact_doc_parse(&b, NULL, y1, n1, &opts), 0, "%s\n%s",
		             pact_error_last()->message, y1);
		expect_same_doc(a, b);
		cr_assert_eq(pact_doc_to_yaml(&y2, NULL, b), 0);
		cr_expect_str_eq(y1, y2, "writing is stable");
		free(y1);
		free(y2);
		pact_doc_free(a);
		pact_doc_free(b);
	}
}

Test(doc, writer_quotes_text_that_looks_typed)
{
	const char *text = "schema: pact/1\nyear: 2024\ntitle: \"2024\"\nbloc: \"yes\"\n"
	                   "province: \"null\"\nsigned: {place: X, date: 2024-01-02}\n"
	                   "members: [{id: a, name: A}]\npreamble: P\n"
	                   "clauses: [{id: c, number: 1, commitments: [\"true\"]}]\nclosing: C\n";
	pact_doc *a = NULL, *b = NULL;
	char *y = NULL;
	cr_assert_eq(pact_doc_parse(&a, NULL, text, strlen(text), NULL), 0, "%s",
	             pact_error_last()->message);
	cr_assert_eq(pact_doc_to_yaml(&y, NULL, a), 0);
	cr_expect(strstr(y, "title: \"2024\"") != NULL, "%s", y);
	cr_expect(strstr(y, "- \"true\"") != NULL, "%s", y);
	cr_assert_eq(pact_doc_parse(&b, NULL, y, strlen(y), NULL), 0);
	cr_expect_str_eq(b->province, "null");
	free(y);
	pact_doc_free(a);
	pact_doc_free(b);
}

Test(doc, free_accepts_null)
{
	pact_doc_free(NULL);
	pact_diags_clear(NULL);
}

Test(doc, only_a_four_digit_file_name_claims_a_year)
{
	const char *names[] = {"1.yaml", "draft.yaml", "20245.yaml", "pacts/2024.yml"};
	char *path = src_path("tests/data/valid/2024.yaml");
	size_t len = 0;
	char *buf = read_file(path, &len);
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	pact_doc *doc = NULL;

	cr_assert_not_null(buf);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		opts.path = names[i];
		cr_expect_eq(pact_doc_parse(&doc, NULL, buf, len, &opts), 0, "%s: %s", names[i],
		             pact_error_last()->message);
		pact_doc_free(doc);
		doc = NULL;
	}
	opts.path = "x/2025.yaml";
	cr_expect_eq(pact_doc_parse(&doc, NULL, buf, len, &opts), PACT_EINVALID);
	free(buf);
	free(path);
}
