/*
 * test_review_since.c - approving again after the draft changed is not
 * blind: `review status` and `review approve` show what changed since the
 * member's last approval and the exact `pact diff` command, and that
 * command (YEAR@ a text id, as status prints it) runs.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

TestSuite(review_since);

/* so-y-te approved the draft's first text; then clause khen-thuong was
 * reworded and committed. ../old and ../new hold the two text ids. */
static char *changed_store(char **dir)
{
	char *store = fx_store(dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "git rev-parse draft/2025:pacts/2025.yaml > ../old && "
	                   "sed -i 's/Khen thưởng kịp thời/Khen thưởng kịp thời, đúng người/' "
	                   "pacts/2025.yaml && pact commit pacts/2025.yaml -m 'Sửa' >/dev/null && "
	                   "git rev-parse draft/2025:pacts/2025.yaml > ../new"),
	             0, "%s", r.err);
	run_result_free(&r);
	return store;
}

/* The first 12 digits of the id in file `name` (in dir). */
static char *short_id(const char *dir, const char *name)
{
	run_result r;
	char *id;

	cr_assert_eq(fx_sh(&r, dir, "cut -c1-12 %s | tr -d '\\n'", name), 0);
	id = strf("%s", r.out);
	run_result_free(&r);
	return id;
}

Test(review_since, status_shows_what_changed_since_an_out_of_date_approval)
{
	char *dir, *store = changed_store(&dir);
	char *old = short_id(dir, "old"), *new = short_id(dir, "new"), *want, *cmd;
	run_result r;

	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	want = strf("what changed since text %s: 1 clause changed; see it with 'pact diff "
	            "2025@%s 2025@%s'",
	            old, old, new);
	cr_expect(strstr(r.out, want), "%s", r.out);
	/* only under the out-of-date member */
	cr_expect(strstr(r.out, "out of date  so-y-te"), "%s", r.out);
	cr_expect_eq(strstr(r.out, "what changed since"), strstr(r.out, want));
	cr_expect_null(strstr(strstr(r.out, want) + 1, "what changed since"), "%s", r.out);
	run_result_free(&r);
	/* the command printed runs, and shows the words that changed */
	cmd = strf("pact diff 2025@%s 2025@%s --color=never", old, new);
	cr_expect_eq(fx_sh(&r, store, "%s", cmd), 0, "%s", r.err);
	cr_expect(strstr(r.out, "Modified"), "%s", r.out);
	cr_expect(strstr(r.out, "{+, đúng người+}"), "%s", r.out);
	run_result_free(&r);
	/* in Vietnamese */
	cr_assert_eq(fx_sh(&r, store, "pact --lang=vi review status 2025"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "1 điều thay đổi"), "%s", r.out);
	cr_expect(strstr(r.out, "pact diff 2025@"), "%s", r.out);
	cr_expect_null(strstr(r.out, "what changed"), "%s", r.out);
	run_result_free(&r);
	free(want);
	free(cmd);
	free(old);
	free(new);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_since, approving_again_shows_what_changed_since)
{
	char *dir, *store = changed_store(&dir);
	char *old = short_id(dir, "old"), *new = short_id(dir, "new"), *want;
	run_result r;

	cr_assert_eq(fx_sh(&r, store, "pact review approve 2025 --member so-y-te " YTE), 0, "%s",
	             r.err);
	want = strf("what changed since text %s: 1 clause changed; see it with 'pact diff "
	            "2025@%s 2025@%s'\n",
	            old, old, new);
	cr_expect(strstr(r.out, want), "%s", r.out);
	run_result_free(&r);
	/* a first approval, and approving the same text again, say nothing of it */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member so-y-te " YTE " && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH),
	             0, "%s", r.err);
	cr_expect_null(strstr(r.out, "what changed"), "%s", r.out);
	run_result_free(&r);
	/* and status, every approval current, neither */
	cr_assert_eq(fx_sh(&r, store, "pact review status 2025"), 0, "%s", r.err);
	cr_expect_null(strstr(r.out, "what changed"), "%s", r.out);
	run_result_free(&r);
	free(want);
	free(old);
	free(new);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_since, diff_takes_a_text_id_a_commit_a_tag_or_a_draft_branch)
{
	char *dir, *store = changed_store(&dir);
	run_result r;

	/* a text id (blob), a commit id prefix, the draft branch */
	cr_expect_eq(fx_sh(&r, store,
	                   "pact diff 2025@$(cut -c1-7 ../old) 2025@draft/2025 --exit-code "
	                   ">/dev/null; test $? = 1 && "
	                   "pact diff 2025@$(git rev-parse --short draft/2025~1) "
	                   "2025@$(cut -c1-12 ../old) --exit-code && "
	                   "pact show 2025@$(cut -c1-12 ../new) | grep -q 'đúng người'"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	/* the adoption tag */
	cr_expect_eq(fx_sh(&r, store,
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
	                   "pact review merge 2025 --allow-leftovers >/dev/null && "
	                   "pact diff 2025@pact/2025 2025@$(cut -c1-12 ../new) --exit-code && "
	                   "pact diff 2024 2025@pact/2025 --stat | grep -q 'Modified 1'"),
	             0, "%s%s", r.out, r.err);
	run_result_free(&r);
	/* an id that is no pact's text: the pact's own error, not a crash */
	cr_expect_eq(fx_sh(&r, store,
	                   "pact diff 2025@$(git rev-parse refs/pact/reviews/2025:review) 2025"),
	             1, "%s", r.out);
	cr_expect(strstr(r.err, "is not a valid pact"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(&r, store, "pact diff 2025@0123abcd 2025"), 1, "%s", r.out);
	cr_expect(strstr(r.err, "unknown revision '0123abcd'"), "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}
