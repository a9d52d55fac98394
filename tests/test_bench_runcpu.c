/*
 * test_bench_runcpu.c - bench/runcpu.c, the runner behind `make bench`'s
 * ratios, accepts an exit status only for the command it was given for.
 *
 * The sample-diff row runs `pact diff` round-robin with `git diff
 * --no-index`, which exits 1 when the files differ, and the validate row
 * runs `pact validate` with yamllint, which exits 1 on its findings. With
 * one -e for every command, a pact that refused its input (exit 1 after
 * the first error, a fraction of the work) was timed as if it had done the
 * whole job, and the ratio looked better than pact is. No timing is
 * asserted here: only which runs the runner accepts.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static char *dir, *runcpu;

static void setup(void)
{
	char *src = src_path("bench/runcpu.c"), *cmd;
	run_result r;

	dir = make_tempdir();
	runcpu = strf("%s/runcpu", dir);
	cmd = strf("cc -O2 -o '%s' '%s'", runcpu, src);
	r = run_sh(dir, cmd);
	cr_assert_eq(r.status, 0, "cannot build bench/runcpu.c: %s", r.err);
	run_result_free(&r);
	free(cmd);
	free(src);
}

static void teardown(void)
{
	rm_rf(dir);
	free(dir);
	free(runcpu);
}

TestSuite(bench_runcpu, .init = setup, .fini = teardown);

static run_result runcpu_sh(const char *args)
{
	char *cmd = strf("'%s' -n 1 %s", runcpu, args);
	run_result r = run_sh(dir, cmd);
	free(cmd);
	return r;
}

static size_t lines(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

Test(bench_runcpu, a_baselines_exit_code_does_not_excuse_the_measured_command)
{
	/* pact's place refuses (exit 1); only the baseline may exit 1 */
	run_result r = runcpu_sh("sh -c 'exit 1' :: -e 1 sh -c 'exit 1'");
	cr_expect_eq(r.status, 1, "a failed measured command was timed: %s", r.out);
	cr_expect_eq(lines(r.out), 0, "figures printed for a failed run: %s", r.out);
	cr_expect(strstr(r.err, "runcpu: failed (exit 1): sh -c exit 1") != NULL, "%s", r.err);
	run_result_free(&r);
}

Test(bench_runcpu, the_baseline_may_exit_with_the_codes_given_for_it)
{
	run_result r = runcpu_sh("true :: -e 1 sh -c 'exit 1'");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(lines(r.out), 2, "one line per command: %s", r.out);
	run_result_free(&r);
	/* and a code given for the first command is the first command's */
	r = runcpu_sh("-e 3 sh -c 'exit 3' :: sh -c 'exit 3'");
	cr_expect_eq(r.status, 1, "the second command's exit 3 was accepted: %s", r.out);
	run_result_free(&r);
	r = runcpu_sh("-e 3 -e 1 sh -c 'exit 1' :: true");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
}

Test(bench_runcpu, a_command_killed_by_a_signal_always_fails)
{
	run_result r = runcpu_sh("true :: -e 0 -e 1 sh -c 'kill -9 $$'");
	cr_expect_eq(r.status, 1, "%s", r.out);
	cr_expect(strstr(r.err, "signal 9") != NULL, "%s", r.err);
	run_result_free(&r);
}
