/*
 * pull_fixture.h - what the pull suites share: two stores of one real
 * bare hub (store_tmp/r.git), a pact one (a) and a git clone (b), with
 * the real git CLI as the other officer and the judge.
 *
 * Ownership: every char * returned is the caller's to free().
 */
#ifndef PACT_TEST_PULL_FIXTURE_H
#define PACT_TEST_PULL_FIXTURE_H

#include "helpers.h"

#define BINH "Trần Thị Bình <binh@example.vn>"

/* store_tmp/a (pact init, pushed to the bare store_tmp/r.git) and
 * store_tmp/b (git clone of r.git), both with the 2023 and 2024 pacts. */
void pf_two_clones(void);

/* In store_tmp/DIR: commit YEAR's pact made of SPEC (gen_pact; author:
 * AUTHOR, NULL for the test's own), then push when `push`. */
void pf_commit_in(const char *dir, int year, const char *spec, const char *author, int push);

/* The stdout of shell line `cmd` run in store_tmp/DIR, trimmed ("" when
 * none). */
char *pf_in(const char *dir, const char *cmd);

/* Shell line `cmdline` run in store_tmp/DIR. */
run_result pf_pact_in(const char *dir, const char *cmdline);

/* What git says of DIR after a pull: clean, fsck'ed, no conflict marker
 * (Criterion expectations). */
void pf_git_is_content(const char *dir);

/* The output of `cmd` in DIR is `want` / contains `needle`. */
#define expect_out(dir, cmd, want)                                                                 \
	do {                                                                                       \
		char *got_ = pf_in(dir, cmd);                                                      \
		cr_expect_str_eq(got_, want, "%s: %s", cmd, got_);                                 \
		free(got_);                                                                        \
	} while (0)
#define expect_has(dir, cmd, needle)                                                               \
	do {                                                                                       \
		char *got_ = pf_in(dir, cmd);                                                      \
		cr_expect(strstr(got_, needle) != NULL, "%s: no '%s' in %s", cmd, needle, got_);   \
		free(got_);                                                                        \
	} while (0)

#endif
