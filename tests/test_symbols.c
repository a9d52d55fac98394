/*
 * test_symbols.c - libpact's names: every symbol libpact.a exports starts
 * with "pact_" (the API, or pact_<module>__name for internals shared
 * between its files, as libgit2's git_<module>__name); anything else is
 * `static`. A program linking libpact cannot collide with a `store_lock`
 * or a `node_free` of its own.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* build/libpact.a beside the build/pact under test */
static char *libpact_path(void)
{
	char *dir = strf("%s", PACT_BIN), *slash = strrchr(dir, '/'), *lib;
	cr_assert(slash);
	*slash = '\0';
	lib = strf("%s/libpact.a", dir);
	free(dir);
	return lib;
}

Test(symbols, libpact_exports_only_pact_names)
{
	char *lib = libpact_path();
	char *cmd = strf("nm -g --defined-only '%s'", lib);
	run_result r = run_sh(NULL, cmd);
	char *bad = strf("%s", ""), *line, *save = NULL;
	size_t seen = 0;

	cr_assert_eq(r.status, 0, "%s failed: %s", cmd, r.err);
	for (line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char addr[64], type[8], name[512];
		/* "0000000000000000 T pact_diff_docs"; object headers and
		 * blank lines have fewer fields */
		if (sscanf(line, "%63s %7s %511s", addr, type, name) != 3)
			continue;
		seen++;
		if (!strncmp(name, "pact_", 5))
			continue;
		char *more = strf("%s  %s\n", bad, name);
		free(bad);
		bad = more;
	}
	cr_assert_gt(seen, 100, "nm listed no symbols of %s", lib);
	cr_assert_str_eq(bad, "",
	                 "symbols of libpact without the pact_ prefix "
	                 "(rename to pact_<module>__name or make static):\n%s",
	                 bad);
	free(bad);
	free(cmd);
	free(lib);
	run_result_free(&r);
}
