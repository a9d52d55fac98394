/*
 * store.c - a bloc's pacts in a git repository, read and written through
 * libgit2 in-process (never by running git).
 *
 * Reading: an address ("2024", "2024@main~2", or a file path) names the
 * bytes of one pact; a year is looked up as pacts/<year>.yaml in the tree of
 * the commit REV peels to, so nothing in an address can reach outside the
 * store's objects.
 *
 * Writing: pact_store_commit builds blobs, trees and the commit object
 * first (unreferenced objects are harmless), then moves the branch with a
 * compare-and-swap on the old id; that single ref update is the commit
 * point, so a process killed before it leaves the store as it was, and two
 * writers can never both win. pact writers also serialise on an flock()ed
 * $GIT_DIR/pact.lock (the kernel drops it if the process dies, so there is
 * no stale lock to clean up), which keeps the index read-modify-write of
 * one from undoing the other's. Only after the ref has moved are the work
 * tree files and their index entries brought in line, so `git status`
 * stays clean.
 */
#include "pact/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "pact/utf8.h"
#include "store_internal.h"

/* In the process's language, as every commit message pact writes. */
static const char *const README_TEXT =
        N_("# Pact store\n"
           "\n"
           "This repository is a pact store: each year's emulation pact of the bloc\n"
           "is kept in pacts/<year>.yaml (schema pact/1), written with `pact commit`\n"
           "and compared with `pact diff`. Any git tool can read it.\n");
static const char GITATTRIBUTES_TEXT[] = "pacts/*.yaml diff=pact\n";
static const char DIFF_COMMAND[] = "pact diff --git-driver";

/* ---- opening and creating --------------------------------------------- */

/* Inside a pre-receive hook, git keeps the pushed objects in a quarantine
 * directory (GIT_QUARANTINE_PATH) until the hook accepts them; libgit2 does
 * not read that variable, so any pact command a hook runs would not find
 * them. Adding it as an alternate object store makes them visible. */
static int use_quarantine(git_repository *repo)
{
	const char *q = getenv("GIT_QUARANTINE_PATH");
	git_odb *odb = NULL;
	int rc;

	if (!q || !*q)
		return 0;
	rc = git_repository_odb(&odb, repo);
	if (rc == 0)
		rc = git_odb_add_disk_alternate(odb, q);
	git_odb_free(odb);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot read the pushed objects");
	return 0;
}

/* libgit2 1.5 reports a repository owned by another user as "not found"
 * (the missing safe.directory setting leaks out as the error). Opening it
 * again with the owner check off tells the two apart; then say what git
 * says. Returns PACT_EIO with the message set, or 0 (not that case). The
 * check is a process-wide libgit2 option, restored at once. */
static int not_owned(const char *dir)
{
	git_repository *repo = NULL;
	int was = 1, rc = 0;

	if (git_libgit2_opts(GIT_OPT_GET_OWNER_VALIDATION, &was) < 0 || !was)
		return 0;
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	if (git_repository_open_ext(&repo, dir, 0, NULL) == 0) {
		const char *where = git_repository_workdir(repo) ? git_repository_workdir(repo)
		                                                 : git_repository_path(repo);
		int n = (int)strlen(where);
		if (n > 1 && where[n - 1] == '/')
			n--;
		rc = pact_error_set(
		        PACT_EIO,
		        "detected dubious ownership in repository at '%.*s': it belongs "
		        "to another user. If you trust it, mark it safe with: "
		        "git config --global --add safe.directory %.*s",
		        n, where, n, where);
	}
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, was);
	git_repository_free(repo);
	return rc;
}

/* core.sharedRepository (git init --shared): git makes what it creates in
 * $GIT_DIR writable by the group (directories 2775, files 0664; the
 * setgid bit comes from the parent directory). libgit2 does not, so the
 * umask is relaxed the same way while the store is open. */
static void share_with_group(pact_store *s)
{
	git_config *cfg = NULL;
	const char *v = NULL;
	mode_t clear = 0, old;

	if (git_repository_config_snapshot(&cfg, s->repo) == 0 &&
	    git_config_get_string(&v, cfg, "core.sharedRepository") == 0 && v) {
		if (!strcasecmp(v, "group") || !strcasecmp(v, "true") || !strcmp(v, "1"))
			clear = 0070;
		else if (!strcasecmp(v, "all") || !strcasecmp(v, "world") ||
		         !strcasecmp(v, "everybody") || !strcmp(v, "2"))
			clear = 0075;
		else if (v[0] == '0' && strlen(v) > 1) {
			/* an octal mode such as 0660: exactly that for files */
			unsigned long m = strtoul(v, NULL, 8) & 0777;
			if (m) {
				old = umask(0);
				umask((mode_t)(0777 & ~(m | ((m & 0444) >> 2))));
				s->old_umask = old;
				s->umask_set = 1;
			}
		}
	}
	if (clear) {
		old = umask(0);
		umask(old & ~clear);
		s->old_umask = old;
		s->umask_set = 1;
	}
	git_config_free(cfg);
	pact_error_clear();
}

/* A pact commit (or pull, or branch switch) killed half-way left its
 * journal, or a temporary file in $GIT_DIR: finish (or undo) it now, so
 * that git can commit again, when no other pact is writing. Best
 * effort: a store this process cannot write to is still readable, and
 * the next pact writer reports what stands in the way. */
static void finish_interrupted(pact_store *s)
{
	char *fetch = NULL;
	struct stat st;
	int fd = -1, left;

	/* a fetch's ref locks (store_fetch.c), in a bare store too */
	fetch = pact_store__join2(git_repository_commondir(s->repo), "pact-fetch.refs");
	left = fetch && lstat(fetch, &st) == 0; /* a planted link too: recovery names it */
	if (!git_repository_is_bare(s->repo))
		left = left || pact_store__index_leftover(git_repository_path(s->repo));
	if (left && pact_store__lock(&fd, s, 0) == 0)
		close(fd);
	free(fetch);
	pact_error_clear();
}

int pact_store_open(pact_store **out, const char *dir)
{
	pact_store *s = NULL;
	int rc;

	*out = NULL;
	s = pact_alloc__calloc(1, sizeof(*s));
	if (!s) {
		rc = PACT_ENOMEM;
		goto done;
	}
	git_libgit2_init(); /* balanced in pact_store_free */
	rc = git_repository_open_ext(&s->repo, dir ? dir : ".", 0, NULL);
	if ((rc == GIT_ENOTFOUND || rc == GIT_EOWNER) && not_owned(dir ? dir : ".") < 0) {
		rc = PACT_EIO;
		goto done;
	}
	if (rc == GIT_ENOTFOUND) {
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "not a pact store (or any of the parent directories): '%s'; "
		                    "run 'pact init' to create one",
		                    dir ? dir : ".");
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot open the store");
		goto done;
	}
	rc = use_quarantine(s->repo);
	if (rc == 0)
		rc = pact_store__guard_loose_objects(s->repo);
	if (rc < 0)
		goto done;
	pact_store__error_repo(s->repo, 1);
	share_with_group(s);
	finish_interrupted(s);
	*out = s;
	s = NULL;
	rc = 0;
done:
	pact_store_free(s);
	return rc;
}

int pact_store_recovered(const pact_store *store)
{
	return store ? store->recovered : PACT_RECOVERED_NONE;
}

void pact_store_free(pact_store *store)
{
	if (!store)
		return;
	if (store->umask_set)
		umask((mode_t)store->old_umask);
	pact_store__error_repo(store->repo, 0);
	git_repository_free(store->repo);
	free(store);
	git_libgit2_shutdown();
}

git_repository *pact_store__repo(pact_store *store)
{
	return store->repo;
}

const char *pact_store_workdir(const pact_store *store)
{
	return git_repository_workdir(store->repo);
}

const char *pact_store_path(const pact_store *store)
{
	return git_repository_path(store->repo);
}

int pact_store_init(pact_store **out, const char *dir, int bare)
{
	git_repository_init_options o;
	git_signature *sig = NULL;
	pact_store *s = NULL;
	int rc;

	if (out)
		*out = NULL;
	git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	s = pact_alloc__calloc(1, sizeof(*s));
	if (!s) {
		rc = PACT_ENOMEM;
		goto done;
	}
	git_libgit2_init(); /* balanced in pact_store_free */
	/* NO_REINIT: running init twice must not look like it did something. */
	o.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT |
	          (bare ? GIT_REPOSITORY_INIT_BARE : 0);
	o.initial_head = "main";
	rc = git_repository_init_ext(&s->repo, dir, &o);
	if (rc == GIT_EEXISTS) {
		rc = pact_error_set(PACT_EEXISTS, "'%s' already holds a git repository", dir);
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot create the store");
		goto done;
	}
	if (!bare) {
		const char *readme = pact__(pact_i18n_lang(), README_TEXT);
		const pact_store_file files[] = {
		        {".gitattributes", GITATTRIBUTES_TEXT, sizeof(GITATTRIBUTES_TEXT) - 1},
		        {"README.md", readme, strlen(readme)},
		        {"pacts/.gitkeep", "", 0},
		};
		rc = pact_store__signature(&sig, NULL, s, NULL);
		if (rc < 0)
			goto done;
		rc = pact_store__commit(NULL, s, NULL, files, sizeof(files) / sizeof(files[0]),
		                        pact__(pact_i18n_lang(), "Create the pact store"), sig,
		                        NULL);
		if (rc < 0)
			goto done;
	}
	rc = pact_store_setup_diff_driver(s);
	if (rc < 0)
		goto done;
	if (out) {
		*out = s;
		s = NULL;
	}
	rc = 0;
done:
	git_signature_free(sig);
	pact_store_free(s);
	return rc;
}

/* ---- addresses and reading -------------------------------------------- */

/* HEAD names no commit: a new empty store, or a branch that vanished. */
static int unborn_error(pact_store *store)
{
	int rc = pact_store_explain_missing(store, NULL);
	if (rc == 0)
		rc = pact_error_set(PACT_ENOTFOUND, "the store has no commits yet; add the first "
		                                    "pact with 'pact commit FILE'");
	return rc;
}

int pact_store__resolve(git_oid *out, pact_store *store, const char *rev)
{
	git_object *obj = NULL, *commit = NULL;
	const char *r = rev ? rev : "HEAD";
	git_reference *ref = NULL;
	int rc;

	/* A branch or HEAD is peeled here rather than by git_revparse_single,
	 * which (libgit2 1.5) leaks the reference when the commit it names
	 * cannot be read; and a commit that is missing or damaged is damage
	 * to the store (exit 3), not an unknown revision. */
	if (git_reference_dwim(&ref, store->repo, r) == 0) {
		git_reference *direct = NULL;
		rc = git_reference_resolve(&direct, ref);
		git_reference_free(ref);
		if (rc == 0)
			rc = git_object_lookup(&obj, store->repo, git_reference_target(direct),
			                       GIT_OBJECT_ANY);
		git_reference_free(direct);
		if (rc == 0)
			rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
		if (rc == 0) {
			git_oid_cpy(out, git_object_id(commit));
			goto done;
		}
		if (!rev && git_repository_head_unborn(store->repo) == 1)
			rc = unborn_error(store);
		else if (obj && (rc == GIT_EPEEL || rc == GIT_EINVALIDSPEC || rc == GIT_EINVALID))
			rc = pact_error_set(PACT_ENOTFOUND, "'%s' does not name a commit", r);
		else
			rc = pact_error_from_git(rc, "cannot read commit");
		goto done;
	}
	/* ":PATH" and ":N:PATH" name a file in the index, never a commit;
	 * libgit2 1.5 fails on them as "unimplemented", an internal error */
	if (r[0] == ':' && r[1] != '/') {
		rc = pact_error_set(PACT_ENOTFOUND, "'%s' does not name a commit", r);
		goto done;
	}
	rc = git_revparse_single(&obj, store->repo, r);
	if (rc < 0) {
		if (!rev && git_repository_head_unborn(store->repo) == 1)
			rc = unborn_error(store);
		else if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS)
			rc = pact_error_set(PACT_ENOTFOUND, "unknown revision '%s'", r);
		else
			rc = pact_error_from_git(rc, "cannot resolve revision");
		goto done;
	}
	rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	if (rc < 0) {
		rc = pact_error_set(PACT_ENOTFOUND, "'%s' does not name a commit", r);
		goto done;
	}
	git_oid_cpy(out, git_object_id(commit));
	rc = 0;
done:
	git_object_free(commit);
	git_object_free(obj);
	return rc;
}

/* The tree of the commit REV names. */
static int rev_tree(git_tree **out, pact_store *store, const char *rev)
{
	git_oid id;
	git_commit *c = NULL;
	int rc;

	*out = NULL;
	rc = pact_store__resolve(&id, store, rev);
	if (rc < 0)
		return rc;
	rc = git_commit_lookup(&c, store->repo, &id);
	if (rc == 0)
		rc = git_commit_tree(out, c);
	if (rc < 0)
		rc = pact_error_from_git(rc, "cannot read commit");
	git_commit_free(c);
	return rc;
}

/* No pacts/YEAR.yaml at HEAD. Before adoption a year's text is only on its
 * draft branch, and an officer on 'main' who typed `pact show 2025` or
 * `pact diff 2024 2025` was told the store had no such pact: the message
 * names the draft and the address that reads it. */
static int missing_year(pact_store *store, int year, const char *path)
{
	char draft[48];
	git_object *obj = NULL;
	int has;

	snprintf(draft, sizeof(draft), "draft/%04d:%s", year, path);
	has = git_revparse_single(&obj, store->repo, draft) == 0 &&
	      git_object_type(obj) == GIT_OBJECT_BLOB;
	git_object_free(obj);
	git_error_clear();
	if (has)
		return pact_error_set(PACT_ENOTFOUND,
		                      "no pact for %04d on this branch; its draft is on branch "
		                      "'draft/%04d': read it as %04d@draft/%04d",
		                      year, year, year, year);
	return pact_error_set(PACT_ENOTFOUND, "no pact for %04d in the store", year);
}

/* REV a hex id (4 to 40 digits) of a blob: that text, as an approval
 * names it and 'review status' shows it ("of older text 1d03dc6359a4").
 * 1 read, 0 REV names no blob (no message), <0 error. */
static int read_text_id(char **buf, size_t *len, pact_store *store, const char *rev)
{
	git_object *o = NULL;
	size_t n = strlen(rev);
	git_oid id;
	int rc;

	if (n < 4 || n > GIT_OID_HEXSZ || strspn(rev, "0123456789abcdefABCDEF") != n ||
	    git_oid_fromstrn(&id, rev, n) < 0)
		return 0;
	if (git_object_lookup_prefix(&o, store->repo, &id, n, GIT_OBJECT_BLOB) < 0)
		return 0;
	rc = pact_store__blob_string(buf, len, store->repo, git_object_id(o), pact_doc_max_bytes(),
	                             "cannot read blob");
	if (rc == 0)
		rc = pact_error_set(PACT_ELIMIT, "text %s is larger than %zu bytes", rev,
		                    pact_doc_max_bytes());
	git_object_free(o);
	return rc;
}

int pact_store_read_year(char **buf, size_t *len, pact_store *store, int year, const char *rev)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	char path[32];
	int rc;

	*buf = NULL;
	*len = 0;
	pact_store_year_path(path, year);
	rc = rev_tree(&tree, store, rev);
	if (rc == PACT_ENOTFOUND && rev) {
		/* not a commit: the id of a text itself */
		int t = read_text_id(buf, len, store, rev);
		if (t != 0) {
			if (t > 0)
				pact_error_clear();
			rc = t > 0 ? 0 : t;
			goto done;
		}
	}
	if (rc < 0)
		goto done;
	rc = git_tree_entry_bypath(&entry, tree, path);
	if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(entry) != GIT_OBJECT_BLOB)) {
		rc = rev ? pact_error_set(PACT_ENOTFOUND, "no pact for %04d at '%s'", year, rev)
		         : missing_year(store, year, path);
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read tree");
		goto done;
	}
	rc = pact_store__blob_string(buf, len, store->repo, git_tree_entry_id(entry),
	                             pact_doc_max_bytes(), "cannot read blob");
	if (rc == 0)
		rc = pact_error_set(PACT_ELIMIT, "%s is larger than %zu bytes", path,
		                    pact_doc_max_bytes());
	if (rc > 0)
		rc = 0;
done:
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return rc;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int pact_store_years(int **years, size_t *count, pact_store *store, const char *rev)
{
	git_tree *tree = NULL, *pacts = NULL;
	git_tree_entry *e = NULL;
	int *ys = NULL;
	size_t n = 0, i, cnt;
	int rc;

	*years = NULL;
	*count = 0;
	if (!rev && git_repository_head_unborn(store->repo) == 1)
		return pact_store_explain_missing(store, NULL); /* 0: an empty store */
	rc = rev_tree(&tree, store, rev);
	if (rc < 0)
		goto done;
	rc = git_tree_entry_bypath(&e, tree, "pacts");
	if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(e) != GIT_OBJECT_TREE)) {
		rc = 0;
		goto done;
	}
	if (rc == 0)
		rc = git_tree_lookup(&pacts, store->repo, git_tree_entry_id(e));
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read tree");
		goto done;
	}
	cnt = git_tree_entrycount(pacts);
	ys = pact_alloc__calloc(cnt ? cnt : 1, sizeof(*ys));
	if (!ys) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (i = 0; i < cnt; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(pacts, i);
		const char *name = git_tree_entry_name(te);
		pact_address a;
		if (git_tree_entry_type(te) != GIT_OBJECT_BLOB || strlen(name) != 9 ||
		    strcmp(name + 4, ".yaml") != 0)
			continue;
		char y[5];
		memcpy(y, name, 4);
		y[4] = '\0';
		if (pact_address_parse(&a, y) < 0 || !a.year)
			continue;
		ys[n++] = a.year;
	}
	qsort(ys, n, sizeof(*ys), cmp_int);
	*years = ys;
	*count = n;
	ys = NULL;
	rc = 0;
done:
	if (rc == 0)
		pact_error_clear(); /* never the reason of a failure */
	free(ys);
	git_tree_entry_free(e);
	git_tree_free(pacts);
	git_tree_free(tree);
	return rc;
}

/* ---- identity --------------------------------------------------------- */

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char *p = pact_alloc__malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static char *config_string(git_config *cfg, const char *key)
{
	git_buf b = GIT_BUF_INIT;
	char *r = NULL;
	if (cfg && git_config_get_string_buf(&b, cfg, key) == 0 && b.ptr && b.ptr[0])
		r = pact_alloc__strdup(b.ptr);
	git_buf_dispose(&b);
	return r;
}

static char *env_dup(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? pact_alloc__strdup(v) : NULL;
}

int pact_store__signature(git_signature **out, int *is_default, pact_store *store, const char *spec)
{
	git_config *cfg = NULL, *snap = NULL;
	char *name = NULL, *email = NULL;
	int dflt = 0, rc;

	*out = NULL;
	if (spec) {
		const char *lt = strchr(spec, '<'), *gt = strrchr(spec, '>');
		const char *end = gt ? gt + 1 : NULL;
		while (end && (*end == ' ' || *end == '\t'))
			end++;
		if (!lt || !gt || gt < lt || *end != '\0') {
			rc = pact_error_set(PACT_EUSAGE,
			                    "malformed author '%s': expected 'Name <email>'", spec);
			goto done;
		}
		name = trim_dup(spec, (size_t)(lt - spec));
		email = trim_dup(lt + 1, (size_t)(gt - lt - 1));
		if (!name || !email) {
			rc = PACT_ENOMEM;
			goto done;
		}
		if (!*name || !*email || strchr(email, '<') || strchr(name, '>')) {
			rc = pact_error_set(PACT_EUSAGE,
			                    "malformed author '%s': expected 'Name <email>'", spec);
			goto done;
		}
	} else {
		/* A missing or unreadable config only means no identity from it. */
		if (store) {
			if (git_repository_config_snapshot(&snap, store->repo) < 0)
				snap = NULL;
		} else if (git_config_open_default(&cfg) == 0) {
			if (git_config_snapshot(&snap, cfg) < 0)
				snap = NULL;
		}
		name = env_dup("GIT_AUTHOR_NAME");
		if (!name)
			name = config_string(snap, "user.name");
		email = env_dup("GIT_AUTHOR_EMAIL");
		if (!email)
			email = config_string(snap, "user.email");
		if (!email)
			email = env_dup("EMAIL");
		if (!name) {
			name = pact_alloc__strdup(PACT_DEFAULT_NAME);
			dflt = 1;
		}
		if (!email) {
			email = pact_alloc__strdup(PACT_DEFAULT_EMAIL);
			dflt = 1;
		}
		if (!name || !email) {
			rc = PACT_ENOMEM;
			goto done;
		}
	}
	rc = git_signature_now(out, name, email);
	if (rc < 0) {
		rc = pact_error_set(PACT_EUSAGE, "invalid identity '%s <%s>'", name, email);
		goto done;
	}
	if (is_default)
		*is_default = dflt;
	rc = 0;
done:
	free(name);
	free(email);
	git_config_free(snap);
	git_config_free(cfg);
	return rc;
}

/* ---- hooks ------------------------------------------------------------ */

int pact_store_hooks_dir(char **out, pact_store *store)
{
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;
	char *dir = NULL;
	int rc;

	*out = NULL;
	if (git_repository_config_snapshot(&cfg, store->repo) == 0 &&
	    git_config_get_path(&buf, cfg, "core.hooksPath") == 0 && buf.ptr && *buf.ptr) {
		/* relative to where git runs hooks: the work tree, or the
		 * repository itself when bare */
		const char *base = git_repository_is_bare(store->repo)
		                           ? git_repository_path(store->repo)
		                           : git_repository_workdir(store->repo);
		dir = buf.ptr[0] == '/' ? pact_alloc__strdup(buf.ptr)
		                        : pact_store__join2(base, buf.ptr);
	} else {
		git_buf_dispose(&buf);
		rc = git_repository_item_path(&buf, store->repo, GIT_REPOSITORY_ITEM_HOOKS);
		if (rc < 0 || !buf.ptr) {
			rc = pact_error_from_git(rc < 0 ? rc : -1,
			                         "cannot find the hooks directory");
			goto done;
		}
		dir = pact_alloc__strdup(buf.ptr);
	}
	if (!dir) {
		rc = PACT_ENOMEM;
		goto done;
	}
	/* git's paths end in '/'; callers join with one */
	for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
		dir[n - 1] = '\0';
	*out = dir;
	dir = NULL;
	pact_error_clear();
	rc = 0;
done:
	free(dir);
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return rc;
}

/* ---- the diff driver -------------------------------------------------- */

int pact_store_setup_diff_driver(pact_store *store)
{
	git_config *cfg = NULL;
	const char *val = NULL;
	char *info = NULL, *attrs = NULL;
	FILE *f = NULL;
	int rc;

	rc = git_repository_config(&cfg, store->repo);
	if (rc == 0)
		rc = git_config_set_string(cfg, "diff.pact.command", DIFF_COMMAND);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot set diff.pact.command");
		goto done;
	}
	rc = git_attr_get(&val, store->repo,
	                  GIT_ATTR_CHECK_FILE_THEN_INDEX | GIT_ATTR_CHECK_INCLUDE_HEAD,
	                  "pacts/2024.yaml", "diff");
	if (rc == 0 && val && git_attr_value(val) == GIT_ATTR_VALUE_STRING && !strcmp(val, "pact"))
		goto done;
	/* Not marked by any attributes file: mark it locally rather than make
	 * a commit the user did not ask for. */
	info = pact_store__join2(git_repository_commondir(store->repo), "info/");
	attrs = info ? pact_store__join2(info, "attributes") : NULL;
	if (!attrs) {
		rc = PACT_ENOMEM;
		goto done;
	}
	if (mkdir(info, 0777) != 0 && errno != EEXIST) {
		rc = pact_error_set(PACT_EIO, "cannot create '%s': %s", info, strerror(errno));
		goto done;
	}
	f = fopen(attrs, "a");
	if (!f || fputs(GITATTRIBUTES_TEXT, f) == EOF) {
		rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", attrs, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (f && fclose(f) != 0 && rc == 0)
		rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", attrs, strerror(errno));
	git_config_free(cfg);
	free(info);
	free(attrs);
	return rc;
}
