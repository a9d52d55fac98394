/*
 * store_pull_opts.c - the names `pact pull --keep-mine/--take-theirs`
 * settle conflicts by (pact_pull_opts): "2024" for pacts/2024.yaml, or a
 * path in the store ("README.md", "/LICENSE" for a file at the top whose
 * name has no dot).
 *
 * Names are checked before the pull fetches anything, so a typo is a
 * usage error that changed nothing. A name made of digits must be a year
 * of four (so "24" or "20245" is refused, not taken for a file); other
 * names must look like a path (a '/' or a '.'), so a mistyped year
 * ("2O24") is refused too rather than matching nothing. The merge
 * (store_merge.c) settles a conflicting file only when a name matches it
 * exactly; the refusal writes names back in the same form, so the command
 * it prints is always accepted here.
 */
#include <stdio.h>
#include <string.h>

#include "pact/error.h"
#include "store_internal.h"

/* Four ASCII digits and nothing else. */
static int is_year(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[4] == '\0';
}

int pact_store__pull_year_path(const char *path)
{
	return strlen(path) == 15 && !strncmp(path, "pacts/", 6) && !strcmp(path + 10, ".yaml") &&
	       strspn(path + 6, "0123456789") == 4;
}

int pact_store__pull_names(const char *name, const char *path)
{
	if (is_year(name))
		return pact_store__pull_year_path(path) && !memcmp(path + 6, name, 4);
	return !strcmp(name + (name[0] == '/'), path);
}

/* Do two names name the same file? */
static int same_name(const char *a, const char *b)
{
	char pa[16], pb[16];
	if (is_year(a))
		a = (snprintf(pa, sizeof(pa), "pacts/%s.yaml", a), pa);
	if (is_year(b))
		b = (snprintf(pb, sizeof(pb), "pacts/%s.yaml", b), pb);
	return !strcmp(a + (a[0] == '/'), b + (b[0] == '/'));
}

int pact_store_pull_name_check(const char *name)
{
	int path_like = 0;

	if (!name || !*name)
		return pact_error_set(PACT_EUSAGE, "an empty name: give a year such as 2024, or "
		                                   "a file of the store such as README.md");
	if (is_year(name))
		return 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			path_like = 0;
			break;
		}
		path_like |= *p == '/' || *p == '.';
	}
	if (path_like)
		return 0;
	return pact_error_set(PACT_EUSAGE,
	                      "'%s' is not a year (four digits, such as 2024) nor a file of "
	                      "the store (such as README.md)",
	                      name);
}

/* Nonzero when `s` is 4 to 40 hex digits. */
static int is_hex_id(const char *s)
{
	size_t n = strspn(s, "0123456789abcdefABCDEF");
	return !s[n] && n >= 4 && n <= GIT_OID_HEXSZ;
}

int pact_store__pull_check(const pact_pull_opts *o)
{
	int rc;

	if (!o)
		return 0;
	if (o->version != PACT_PULL_OPTS_VERSION)
		return pact_error_set(PACT_EUSAGE, "pull options of version %u, expected %u",
		                      o->version, PACT_PULL_OPTS_VERSION);
	for (size_t i = 0; i < o->nkeep_mine; i++)
		if ((rc = pact_store_pull_name_check(o->keep_mine[i])) < 0)
			return rc;
	for (size_t i = 0; i < o->ntake_theirs; i++) {
		if ((rc = pact_store_pull_name_check(o->take_theirs[i])) < 0)
			return rc;
		for (size_t k = 0; k < o->nkeep_mine; k++)
			if (same_name(o->keep_mine[k], o->take_theirs[i]))
				return pact_error_set(PACT_EUSAGE,
				                      "'%s' is named by both --keep-mine and "
				                      "--take-theirs: choose one side for it",
				                      o->take_theirs[i]);
	}
	if (o->against && !o->nkeep_mine && !o->ntake_theirs)
		return pact_error_set(PACT_EUSAGE,
		                      "--against goes with --keep-mine or --take-theirs: it names "
		                      "the remote's commit their conflicts were shown from");
	if (o->against && !is_hex_id(o->against))
		return pact_error_set(PACT_EUSAGE,
		                      "'%s' is not a commit id (4 to 40 hexadecimal digits, as the "
		                      "refused pull printed it)",
		                      o->against);
	return 0;
}

int pact_store__pull_named(const pact_pull_opts *o, const char *path)
{
	for (size_t i = 0; o && i < o->nkeep_mine; i++)
		if (pact_store__pull_names(o->keep_mine[i], path))
			return PACT_STORE__KEEP;
	for (size_t i = 0; o && i < o->ntake_theirs; i++)
		if (pact_store__pull_names(o->take_theirs[i], path))
			return PACT_STORE__TAKE;
	return PACT_STORE__UNNAMED;
}
