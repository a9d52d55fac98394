/*
 * test_symbols.c - libpact's names: every symbol libpact.a exports starts
 * with "pact_" (the API, or pact_<module>__name for internals shared
 * between its files, as libgit2's git_<module>__name); anything else is
 * `static`. A program linking libpact cannot collide with a `store_lock`
 * or a `node_free` of its own.
 *
 * And a name without the double underscore is API: it is declared in an
 * installed header (include/pact/, what `make install` copies), so a
 * program linking libpact can see what it may call and what it must not.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
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

/* "nm -g --defined-only" of build/libpact.a, the symbol names one a line */
static char *exported_names(void)
{
	char *lib = libpact_path();
	char *cmd = strf("nm -g --defined-only '%s'", lib);
	run_result r = run_sh(NULL, cmd);
	char *names = strf("%s", ""), *line, *save = NULL;

	cr_assert_eq(r.status, 0, "%s failed: %s", cmd, r.err);
	for (line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char addr[64], type[8], name[512];
		if (sscanf(line, "%63s %7s %511s", addr, type, name) != 3)
			continue;
		char *more = strf("%s%s\n", names, name);
		free(names);
		names = more;
	}
	free(cmd);
	free(lib);
	run_result_free(&r);
	return names;
}

/* The installed headers (the .h files of include/pact), one after another */
static void each_installed_header(void (*fn)(const char *dir, const char *name, void *arg),
                                  void *arg)
{
	char *dir = src_path("include/pact");
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	cr_assert(d, "cannot open %s", dir);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 3 || strcmp(e->d_name + len - 2, ".h"))
			continue;
		fn(dir, e->d_name, arg);
		n++;
	}
	closedir(d);
	cr_assert_gt(n, 5, "no headers in %s", dir);
	free(dir);
}

typedef struct text {
	char *s;
} text;

static void append_header(const char *dir, const char *name, void *arg)
{
	text *all = arg;
	char *path = strf("%s/%s", dir, name), *t = read_file(path, NULL), *more;

	cr_assert(t, "cannot read %s", path);
	more = strf("%s%s\n", all->s, t);
	free(all->s);
	all->s = more;
	free(t);
	free(path);
}

static char *installed_headers(void)
{
	text all = {strf("%s", "")};

	each_installed_header(append_header, &all);
	return all.s;
}

/* Is `name` declared in `headers`: the name as a whole word, followed by "("
 * (a function) or by ";" / "[" (an object)? A mention in a comment is not a
 * declaration: "(" after it in prose would be, which the headers avoid. */
static int declared(const char *headers, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(headers, name); p; p = strstr(p + 1, name)) {
		const char *q = p + n;
		if (p > headers && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '(' || *q == ';' || *q == '[')
			return 1;
	}
	return 0;
}

Test(symbols, internal_names_have_a_double_underscore)
{
	char *names = exported_names(), *headers = installed_headers();
	char *bad = strf("%s", ""), *line, *save = NULL;
	size_t seen = 0, api = 0;

	for (line = strtok_r(names, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		seen++;
		if (strncmp(line, "pact_", 5) || strstr(line, "__"))
			continue;
		if (declared(headers, line)) {
			api++;
			continue;
		}
		char *more = strf("%s  %s\n", bad, line);
		free(bad);
		bad = more;
	}
	cr_assert_gt(seen, 100, "nm listed no symbols of libpact.a");
	cr_assert_gt(api, 50, "found no function of libpact's API in include/pact/");
	cr_assert_str_eq(bad, "",
	                 "symbols of libpact neither declared in include/pact/*.h nor named "
	                 "pact_<module>__name (rename them, or make them static):\n%s",
	                 bad);
	free(bad);
	free(headers);
	free(names);
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

/* Each installed header has an extern "C" guard, so a C++ program must be
 * able to include it: g++ parses each one on its own (pactdiff.h had a
 * field named `new`, which broke pactdiff.h, report.h and history.h). */
static void compile_as_cplusplus(const char *dir, const char *name, void *arg)
{
	const char *inc = arg;
	char *cmd = strf("printf '#include <pact/%s>\\n' | g++ -std=c++11 -Wall -Wextra "
	                 "-Werror -pedantic -fsyntax-only -x c++ -I'%s' -",
	                 name, inc);
	run_result r = run_sh(NULL, cmd);

	(void)dir;
	cr_expect_eq(r.status, 0, "%s does not compile as C++: %s", name, r.err);
	run_result_free(&r);
	free(cmd);
}

Test(symbols, installed_headers_compile_as_cplusplus)
{
	char *inc = src_path("include");

	each_installed_header(compile_as_cplusplus, inc);
	free(inc);
}
