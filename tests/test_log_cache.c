/*
 * test_log_cache.c - pact log's cache of per-revision summaries
 * ($GIT_DIR/pact/log-cache, history_cache.c): it is used, keyed by
 * content so a history rewritten by git itself never gets a stale line,
 * ignored when what decides a count (the size limit) differs, harmless
 * when damaged, and invisible to git's own tools.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_helpers.h"

static char *tmp, *store;

static void setup(void)
{
	tmp = store_test_env();
	store = strf("%s/s", tmp);
	run_result r = run_pact(tmp, "init", "s", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
}

static void teardown(void)
{
	rm_rf(tmp);
	free(tmp);
	free(store);
}

static void commit(int year, const char *spec, const char *msg)
{
	char *f = gen_pact_file(tmp, "in.yaml", year, spec);
	char *name = strf("%s/%d.yaml", tmp, year);
	cr_assert_eq(sh(tmp, NULL, "mv in.yaml %d.yaml", year), 0);
	run_result r = run_pact(store, "commit", name, "-m", msg, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(name);
	free(f);
}

/* `pact log` as a user reads it, with and without the cache file */
static char *log_out(const char *extra)
{
	run_result r = extra ? run_pact(store, extra, "log", NULL) : run_pact(store, "log", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	char *out = r.out;
	r.out = NULL;
	run_result_free(&r);
	return out;
}

static char *fresh_log(void)
{
	cr_assert_eq(sh(store, NULL, "rm -f .git/pact/log-cache"), 0);
	return log_out(NULL);
}

static void build_history(void)
{
	commit(2023, "a b c", "r1 2023");
	commit(2024, "a b c", "r1 2024");
	commit(2024, "a b:v2 c d", "r2 2024");
	commit(2023, "a:v2 c", "r2 2023");
}

Test(log_cache, second_run_reads_the_cache_and_says_the_same, .init = setup, .fini = teardown)
{
	build_history();
	char *fresh = fresh_log();
	cr_expect_eq(sh(store, NULL, "test -s .git/pact/log-cache"), 0);
	char *cached = log_out(NULL);
	cr_expect_str_eq(cached, fresh);
	cr_expect(strstr(fresh, "2024:") != NULL, "%s", fresh);

	/* the cache is what the second run used: a line changed by hand shows
	 * (here 7 modified clauses instead of 1) */
	cr_assert_eq(sh(store, NULL,
	                "awk 'NR > 1 && !done && $6 != 0 { $8 = 7; done = 1 } { print }' "
	                ".git/pact/log-cache > c && mv c .git/pact/log-cache"),
	             0);
	char *forged = log_out(NULL);
	cr_expect_str_neq(forged, fresh);
	free(forged);

	/* git's own tools do not see it */
	char *out = NULL;
	cr_expect_eq(sh(store, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	cr_expect_eq(sh(store, NULL, "git fsck --strict --no-dangling >/dev/null 2>&1"), 0);
	free(fresh);
	free(cached);
}

Test(log_cache, history_rewritten_with_git_never_gets_a_stale_summary, .init = setup,
     .fini = teardown)
{
	build_history();
	char *before = log_out(NULL); /* fills the cache */

	/* rewrite the last two revisions with git itself: the same years and
	 * messages, other contents */
	cr_assert_eq(sh(store, NULL, "git reset -q --hard HEAD~2"), 0);
	char *f = gen_pact_file(store, "pacts/2024.yaml", 2024, "a b:v9 e");
	free(f);
	cr_assert_eq(sh(store, NULL, "git add pacts && git commit -q -m 'r2 2024'"), 0);
	f = gen_pact_file(store, "pacts/2023.yaml", 2023, "b c:v7");
	free(f);
	cr_assert_eq(sh(store, NULL, "git add pacts && git commit -q -m 'r2 2023'"), 0);
	char *cached = log_out(NULL);
	cr_expect_str_neq(cached, before);
	char *fresh = fresh_log();
	cr_expect_str_eq(cached, fresh);
	free(before);
	free(cached);
	free(fresh);
}

Test(log_cache, a_run_with_another_size_limit_does_not_share_summaries, .init = setup,
     .fini = teardown)
{
	build_history();
	char *normal = fresh_log();
	/* every pact is over 100 bytes: with that limit they are all invalid */
	char *small = log_out("--max-doc-bytes=100");
	cr_expect_str_neq(small, normal);
	char *again = log_out(NULL);
	cr_expect_str_eq(again, normal);
	char *small_again = log_out("--max-doc-bytes=100");
	cr_expect_str_eq(small_again, small);
	free(normal);
	free(small);
	free(again);
	free(small_again);
}

Test(log_cache, a_damaged_cache_file_is_ignored, .init = setup, .fini = teardown)
{
	build_history();
	char *fresh = fresh_log();
	const char *damage[] = {
	        "printf 'garbage\\n' > .git/pact/log-cache",
	        "head -c 150 .git/pact/log-cache > c && mv c .git/pact/log-cache",
	        "sed -i '2s/ [0-9]* / x /' .git/pact/log-cache",
	        "sed -i '2s/$/ extra/' .git/pact/log-cache",
	        ": > .git/pact/log-cache",
	};
	for (size_t i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
		char *warm = log_out(NULL); /* a good file again */
		free(warm);
		cr_assert_eq(sh(store, NULL, "%s", damage[i]), 0, "%s", damage[i]);
		char *out = log_out(NULL);
		cr_expect_str_eq(out, fresh, "%s", damage[i]);
		free(out);
	}
	free(fresh);
}
