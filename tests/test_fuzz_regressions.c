/*
 * test_fuzz_regressions.c - every input a fuzz target ever crashed on,
 * replayed through the target's own code.
 *
 * tests/data/fuzz/NAME/ (doc, diff, text, import, review, address) holds
 * the minimised inputs that made tests/fuzz/fuzz_NAME.c fail (a sanitizer
 * report, a leak, an abort() on a broken promise, a timeout). The targets are
 * included here with PACT_FUZZ_NO_ENTRY, so the replay is the same code
 * libFuzzer ran, minus libFuzzer: a file that fails again crashes or hangs
 * its test (run `make asan` to see the sanitizer's report). Adding a case
 * is dropping a file into the directory; what each one was is in the
 * commit that added it.
 *
 * The committed corpora, tests/fuzz/corpus/NAME/ (what the fuzzers learned,
 * minimised), are replayed too: every input in them passes its target.
 */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_helpers.h"

#define PACT_FUZZ_NO_ENTRY
#include "fuzz/fuzz_diff.c"
#include "fuzz/fuzz_doc.c"
#include "fuzz/fuzz_text.c"
#include "fuzz/fuzz_import.c"
#include "fuzz/fuzz_review.c"
#include "fuzz/fuzz_address.c"

typedef int (*fuzz_fn)(const uint8_t *, size_t);

/* Replay every file of <top>/<subdir>; returns how many. */
static int replay_in(const char *topdir, const char *subdir, fuzz_fn fn)
{
	char *top = src_path(topdir);
	char *dir = strf("%s/%s", top, subdir);
	DIR *d = opendir(dir);
	struct dirent *e;
	int cases = 0;

	cr_assert_not_null(d, "missing %s", dir);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *path = strf("%s/%s", dir, e->d_name);
		size_t len = 0;
		char *buf = read_file(path, &len);
		cr_assert_not_null(buf, "cannot read %s", path);
		cr_expect_eq(fn((const uint8_t *)buf, len), 0, "%s", path);
		free(buf);
		free(path);
		cases++;
	}
	closedir(d);
	free(dir);
	free(top);
	return cases;
}

/* Replay every file of tests/data/fuzz/<subdir>; returns how many. */
static int replay(const char *subdir, fuzz_fn fn)
{
	return replay_in("tests/data/fuzz", subdir, fn);
}

Test(fuzz_regressions, doc_inputs, .timeout = 60)
{
	replay("doc", pact_fuzz_doc);
}

Test(fuzz_regressions, diff_inputs, .timeout = 60)
{
	replay("diff", pact_fuzz_diff);
}

Test(fuzz_regressions, text_inputs, .timeout = 60)
{
	replay("text", pact_fuzz_text);
}

Test(fuzz_regressions, import_inputs, .timeout = 60)
{
	replay("import", pact_fuzz_import);
}

Test(fuzz_regressions, review_inputs, .timeout = 60)
{
	replay("review", pact_fuzz_review);
}

Test(fuzz_regressions, address_inputs, .timeout = 60)
{
	replay("address", pact_fuzz_address);
}

/* fuzz_address found it: a revision naming a file in the index (":PATH",
 * ":0:PATH") was "cannot resolve revision: unimplemented", exit 3, as if
 * the store were damaged; it names no commit, so it is bad input (exit 1),
 * and git reads the store as before. */
Test(fuzz_regressions, index_path_revision_is_bad_input, .timeout = 60)
{
	char *tmp = store_test_env();
	char *p23 = gen_pact_file(tmp, "2023.yaml", 2023, "a b");
	const char *revs[] = {"2023@:pacts/2023.yaml", "2023@:0:pacts/2023.yaml", "2023@:x"};

	cr_assert_eq(sh(tmp, NULL,
	                "'%s' init s >/dev/null && mkdir -p s/pacts && "
	                "cp '%s' s/pacts/2023.yaml && cd s && "
	                "'%s' commit -m 2023 pacts/2023.yaml >/dev/null",
	                PACT_BIN, p23, PACT_BIN),
	             0);
	for (size_t i = 0; i < sizeof(revs) / sizeof(revs[0]); i++) {
		char *dir = strf("%s/s", tmp);
		run_result r = run_pact(dir, "show", revs[i], NULL);
		char *want = strf("pact: error: '%s' does not name a commit\n", revs[i] + 5);
		cr_expect_eq(r.status, 1, "%s: %s", revs[i], r.err);
		cr_expect_str_eq(r.err, want);
		cr_expect_str_eq(r.out, "");
		run_result_free(&r);
		free(want);
		free(dir);
	}
	cr_expect_eq(
	        sh(tmp, NULL, "cd s && git fsck --strict 2>/dev/null && git diff --quiet HEAD"), 0);
	free(p23);
	rm_rf(tmp);
	free(tmp);
}

/* What the fuzzers learned: each committed corpus, through its target. */
Test(fuzz_regressions, corpus_doc, .timeout = 600)
{
	cr_expect_gt(replay_in("tests/fuzz/corpus", "doc", pact_fuzz_doc), 0);
}

Test(fuzz_regressions, corpus_diff, .timeout = 600)
{
	cr_expect_gt(replay_in("tests/fuzz/corpus", "diff", pact_fuzz_diff), 0);
}

Test(fuzz_regressions, corpus_text, .timeout = 300)
{
	cr_expect_gt(replay_in("tests/fuzz/corpus", "text", pact_fuzz_text), 0);
}

Test(fuzz_regressions, corpus_import, .timeout = 600)
{
	cr_expect_gt(replay_in("tests/fuzz/corpus", "import", pact_fuzz_import), 0);
}

Test(fuzz_regressions, corpus_review, .timeout = 300)
{
	cr_expect_gt(replay_in("tests/fuzz/corpus", "review", pact_fuzz_review), 0);
}

Test(fuzz_regressions, corpus_address, .timeout = 300)
{
	cr_expect_gt(replay_in("tests/fuzz/corpus", "address", pact_fuzz_address), 0);
}

/* The sample pacts go through every target too, so the replay code is
 * exercised even while the regression directories are short. */
Test(fuzz_regressions, samples_pass_every_target, .timeout = 60)
{
	const char *files[] = {"pacts/2023.yaml", "pacts/2024.yaml", "tests/data/valid/2024.yaml"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = src_path(files[i]);
		size_t len = 0;
		char *buf = read_file(path, &len);
		cr_assert_not_null(buf, "cannot read %s", path);
		cr_expect_eq(pact_fuzz_doc((const uint8_t *)buf, len), 0);
		cr_expect_eq(pact_fuzz_diff((const uint8_t *)buf, len), 0);
		cr_expect_eq(pact_fuzz_text((const uint8_t *)buf, len), 0);
		free(buf);
		free(path);
	}
}
