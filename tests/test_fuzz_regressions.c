/*
 * test_fuzz_regressions.c - every input a fuzz target ever crashed on,
 * replayed through the target's own code.
 *
 * tests/data/fuzz/doc, diff, text and import hold the minimised inputs that made
 * tests/fuzz/fuzz_doc.c, fuzz_diff.c, fuzz_text.c and fuzz_import.c fail (a sanitizer report, a
 * leak, an abort() on a broken promise, a timeout). The targets are
 * included here with PACT_FUZZ_NO_ENTRY, so the replay is the same code
 * libFuzzer ran, minus libFuzzer: a file that fails again crashes or hangs
 * its test (run `make asan` to see the sanitizer's report). Adding a case
 * is dropping a file into the directory; what each one was is in the
 * commit that added it.
 */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define PACT_FUZZ_NO_ENTRY
#include "fuzz/fuzz_diff.c"
#include "fuzz/fuzz_doc.c"
#include "fuzz/fuzz_text.c"
#include "fuzz/fuzz_import.c"

typedef int (*fuzz_fn)(const uint8_t *, size_t);

/* Replay every file of tests/data/fuzz/<subdir>; returns how many. */
static int replay(const char *subdir, fuzz_fn fn)
{
	char *top = src_path("tests/data/fuzz");
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
		cr_log_info("replaying %s", path);
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
