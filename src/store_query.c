/*
 * store_query.c - what the CLI asks of a store besides pacts: its remotes,
 * the names of its branches and tags (for completion), a git config value
 * (core.pager, before any store is open) and libgit2's version, so that
 * src/cli/ reaches none of it through libgit2 itself.
 *
 * Every list comes back in malloc'ed memory of the caller's; libgit2's
 * git_strarray never leaves this file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "pact/error.h"
#include "store_internal.h"

void pact_store_names_free(char **names, size_t n)
{
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}

/* The short name of a branch or tag ref, NULL for any other ref. */
static const char *short_ref(const char *name)
{
	if (!strncmp(name, "refs/heads/", 11))
		return name + 11;
	if (!strncmp(name, "refs/tags/", 10))
		return name + 10;
	return NULL;
}

int pact_store_ref_names(char ***names, size_t *n, pact_store *store)
{
	git_strarray refs = {NULL, 0};
	char **out = NULL;
	size_t k = 0;
	int rc;

	*names = NULL;
	*n = 0;
	rc = git_reference_list(&refs, store->repo);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot list refs");
		goto done;
	}
	out = pact_alloc__calloc(refs.count ? refs.count : 1, sizeof(*out));
	if (!out) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < refs.count; i++) {
		const char *s = short_ref(refs.strings[i]);
		if (s && !(out[k++] = pact_alloc__strdup(s))) {
			rc = PACT_ENOMEM;
			goto done;
		}
	}
	*names = out;
	*n = k;
	out = NULL;
	rc = 0;
done:
	pact_store_names_free(out, k);
	git_strarray_dispose(&refs);
	return rc;
}

void pact_remotes_free(pact_remotes *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++) {
		free(r->items[i].name);
		free(r->items[i].url);
	}
	free(r->items);
	free(r);
}

int pact_store_remotes(pact_remotes **out, pact_store *store)
{
	git_strarray names = {NULL, 0};
	pact_remotes *r = NULL;
	int rc;

	*out = NULL;
	rc = git_remote_list(&names, store->repo);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot list remotes");
		goto done;
	}
	r = pact_alloc__calloc(1, sizeof(*r));
	if (!r ||
	    !(r->items = pact_alloc__calloc(names.count ? names.count : 1, sizeof(*r->items)))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < names.count; i++) {
		git_remote *gr = NULL;
		const char *url = NULL;
		/* a remote that cannot be read is still listed, without a URL */
		if (git_remote_lookup(&gr, store->repo, names.strings[i]) == 0)
			url = git_remote_url(gr);
		r->items[i].name = pact_alloc__strdup(names.strings[i]);
		r->items[i].url = pact_alloc__strdup(url ? url : "");
		git_remote_free(gr);
		r->count++;
		if (!r->items[i].name || !r->items[i].url) {
			rc = PACT_ENOMEM;
			goto done;
		}
	}
	*out = r;
	r = NULL;
	rc = 0;
done:
	pact_remotes_free(r);
	git_strarray_dispose(&names);
	return rc;
}

int pact_store_config_get(char **out, const char *dir, const char *key)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;
	int rc = 0;

	*out = NULL;
	git_libgit2_init();
	if (git_repository_open_ext(&repo, dir ? dir : ".", 0, NULL) == 0)
		git_repository_config_snapshot(&cfg, repo);
	else
		git_config_open_default(&cfg);
	if (cfg && git_config_get_string_buf(&buf, cfg, key) == 0 &&
	    !(*out = pact_alloc__strdup(buf.ptr)))
		rc = PACT_ENOMEM;
	git_buf_dispose(&buf);
	git_config_free(cfg);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

const char *pact_store_libgit2_version(void)
{
	static char v[32];
	int major = 0, minor = 0, rev = 0;

	git_libgit2_version(&major, &minor, &rev);
	snprintf(v, sizeof(v), "%d.%d.%d", major, minor, rev);
	return v;
}
