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
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pact/error.h"
#include "pact/utf8.h"
#include "store_internal.h"

/* How often a commit is rebuilt when a writer outside pact moved the branch
 * under it; each retry needs that writer to win a race again. */
#define MAX_CAS_RETRIES 8

static const char README_TEXT[] =
        "# Pact store\n"
        "\n"
        "This repository is a pact store: each year's emulation pact of the bloc\n"
        "is kept in pacts/<year>.yaml (schema pact/1), written with `pact commit`\n"
        "and compared with `pact diff`. Any git tool can read it.\n";
static const char GITATTRIBUTES_TEXT[] = "pacts/*.yaml diff=pact\n";
static const char DIFF_COMMAND[] = "pact diff --git-driver";

/* ---- small helpers ---------------------------------------------------- */

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

static char *join2(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = malloc(na + nb + 1);
	if (!p)
		return NULL;
	memcpy(p, a, na);
	memcpy(p + na, b, nb + 1);
	return p;
}

long store_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void store_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* A repository path is safe to join to the work tree: relative, no empty,
 * "." or ".." component, nothing inside .git. */
static int safe_repo_path(const char *p)
{
	const char *c = p;
	if (!*p || *p == '/')
		return 0;
	while (*c) {
		const char *e = strchr(c, '/');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.') ||
		    (n == 4 && strncmp(c, ".git", 4) == 0))
			return 0;
		c += n;
		if (*c == '/')
			c++;
	}
	return 1;
}

/* Read a whole regular file, refusing anything larger than `max`. */
static int read_file(char **buf, size_t *len, const char *path, size_t max)
{
	FILE *f = NULL;
	char *b = NULL;
	struct stat st;
	size_t n = 0;
	int rc;

	*buf = NULL;
	*len = 0;
	if (stat(path, &st) != 0) {
		rc = errno == ENOENT || errno == ENOTDIR
		             ? pact_error_set(PACT_ENOTFOUND, "'%s' does not exist", path)
		             : pact_error_set(PACT_EIO, "cannot read '%s': %s", path,
		                              strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = pact_error_set(PACT_EINVALID, "'%s' is not a regular file", path);
		goto done;
	}
	if ((unsigned long long)st.st_size > max) {
		rc = pact_error_set(PACT_ELIMIT, "'%s' is larger than %zu bytes (--max-doc-bytes or "
		                    "PACT_MAX_DOC_BYTES raise the limit)", path, max);
		goto done;
	}
	f = fopen(path, "rb");
	if (!f) {
		rc = pact_error_set(PACT_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	b = malloc((size_t)st.st_size + 1);
	if (!b) {
		rc = pact_error_set(PACT_ENOMEM, "out of memory");
		goto done;
	}
	n = fread(b, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		rc = pact_error_set(PACT_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	/* The file may have grown since stat(); what grew is not read, which is
	 * what a snapshot of the file at stat() time would give too. */
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
	rc = 0;
done:
	if (f)
		fclose(f);
	free(b);
	return rc;
}

/* Write `len` bytes to `path` once, through temporary file `tmp` and
 * rename(). EXDEV (tmp on another file system) is returned as is. */
static int write_via(const char *tmp, const char *path, const char *data, size_t len)
{
	int fd, rc = 0;
	size_t off = 0;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return pact_error_set(PACT_EIO, "cannot write '%s': %s", tmp, strerror(errno));
	while (off < len && rc == 0) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno != EINTR)
			rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", tmp,
			                    strerror(errno));
		else if (w > 0)
			off += (size_t)w;
	}
	if (close(fd) != 0 && rc == 0)
		rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", tmp, strerror(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = errno == EXDEV ? EXDEV
		                    : pact_error_set(PACT_EIO, "cannot rename '%s' to '%s': %s",
		                                     tmp, path, strerror(errno));
	if (rc != 0)
		unlink(tmp);
	return rc;
}

/* Write `len` bytes to `path` atomically: a reader (or a crash) never sees
 * half a pact. The temporary file goes in $GIT_DIR, so a process killed
 * mid-write leaves nothing in the work tree for `git status` to show; only
 * when $GIT_DIR is on another file system does it go beside the file. */
static int write_file_atomic(const char *gitdir, const char *path, const char *data, size_t len)
{
	char name[64], *tmp = NULL;
	int rc;

	snprintf(name, sizeof(name), "pact-write-%ld.tmp", (long)getpid());
	tmp = join2(gitdir, name);
	if (!tmp)
		return pact_error_set(PACT_ENOMEM, "out of memory");
	rc = write_via(tmp, path, data, len);
	free(tmp);
	if (rc != EXDEV)
		return rc;
	tmp = join2(path, ".pact-tmp");
	if (!tmp)
		return pact_error_set(PACT_ENOMEM, "out of memory");
	rc = write_via(tmp, path, data, len);
	free(tmp);
	return rc == EXDEV ? pact_error_set(PACT_EIO, "cannot write '%s'", path) : rc;
}

/* mkdir -p for the directories of `path` (not the last component). */
static int make_parents(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;
	if (!p)
		return pact_error_set(PACT_ENOMEM, "out of memory");
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = pact_error_set(PACT_EIO, "cannot create '%s': %s", p, strerror(errno));
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

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

int pact_store_open(pact_store **out, const char *dir)
{
	pact_store *s = NULL;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		rc = pact_error_set(PACT_ENOMEM, "out of memory");
		goto done;
	}
	git_libgit2_init(); /* balanced in pact_store_free */
	rc = git_repository_open_ext(&s->repo, dir ? dir : ".", 0, NULL);
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
	if (rc < 0)
		goto done;
	*out = s;
	s = NULL;
	rc = 0;
done:
	pact_store_free(s);
	return rc;
}

void pact_store_free(pact_store *store)
{
	if (!store)
		return;
	git_repository_free(store->repo);
	free(store);
	git_libgit2_shutdown();
}

git_repository *pact_store_repo(pact_store *store)
{
	return store->repo;
}

const char *pact_store_workdir(const pact_store *store)
{
	return git_repository_workdir(store->repo);
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
	s = calloc(1, sizeof(*s));
	if (!s) {
		rc = pact_error_set(PACT_ENOMEM, "out of memory");
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
		const pact_store_file files[] = {
		        {".gitattributes", GITATTRIBUTES_TEXT, sizeof(GITATTRIBUTES_TEXT) - 1},
		        {"README.md", README_TEXT, sizeof(README_TEXT) - 1},
		        {"pacts/.gitkeep", "", 0},
		};
		rc = pact_store_signature(&sig, NULL, s, NULL);
		if (rc < 0)
			goto done;
		rc = pact_store_commit(NULL, s, NULL, files, sizeof(files) / sizeof(files[0]),
		                       "Create the pact store", sig);
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

int pact_address_parse(pact_address *out, const char *s)
{
	memset(out, 0, sizeof(*out));
	if (!s || !*s)
		return pact_error_set(PACT_EUSAGE, "empty address");
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			goto path;
	if (s[4] != '\0' && s[4] != '@')
		goto path;
	out->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	/* a malformed address is bad input (exit 1), like an unknown one */
	if (out->year < 1000)
		return pact_error_set(PACT_EINVALID, "bad year in address '%s'", s);
	if (s[4] == '@') {
		if (s[5] == '\0')
			return pact_error_set(PACT_EINVALID, "empty revision in address '%s'", s);
		out->rev = s + 5;
	}
	return 0;
path:
	out->path = s;
	return 0;
}

void pact_store_year_path(char buf[32], int year)
{
	snprintf(buf, 32, "pacts/%04d.yaml", year);
}

int pact_store_resolve(git_oid *out, pact_store *store, const char *rev)
{
	git_object *obj = NULL, *commit = NULL;
	const char *r = rev ? rev : "HEAD";
	int rc;

	rc = git_revparse_single(&obj, store->repo, r);
	if (rc < 0) {
		if (!rev && git_repository_head_unborn(store->repo) == 1)
			rc = pact_error_set(PACT_ENOTFOUND, "the store has no commits yet");
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
	rc = pact_store_resolve(&id, store, rev);
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

int pact_store_read_year(char **buf, size_t *len, pact_store *store, int year, const char *rev)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	char path[32];
	char *b = NULL;
	git_object_size_t size;
	int rc;

	*buf = NULL;
	*len = 0;
	pact_store_year_path(path, year);
	rc = rev_tree(&tree, store, rev);
	if (rc < 0)
		goto done;
	rc = git_tree_entry_bypath(&entry, tree, path);
	if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(entry) != GIT_OBJECT_BLOB)) {
		rc = rev ? pact_error_set(PACT_ENOTFOUND, "no pact for %04d at '%s'", year, rev)
		         : pact_error_set(PACT_ENOTFOUND, "no pact for %04d in the store", year);
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read tree");
		goto done;
	}
	rc = git_blob_lookup(&blob, store->repo, git_tree_entry_id(entry));
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read blob");
		goto done;
	}
	size = git_blob_rawsize(blob);
	if (size > pact_doc_max_bytes()) {
		rc = pact_error_set(PACT_ELIMIT, "%s is larger than %zu bytes", path,
		                    pact_doc_max_bytes());
		goto done;
	}
	b = malloc((size_t)size + 1);
	if (!b) {
		rc = pact_error_set(PACT_ENOMEM, "out of memory");
		goto done;
	}
	memcpy(b, git_blob_rawcontent(blob), (size_t)size);
	b[size] = '\0';
	*buf = b;
	*len = (size_t)size;
	b = NULL;
	rc = 0;
done:
	free(b);
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return rc;
}

int pact_store_read(char **buf, size_t *len, char **label, pact_store *store, const char *address)
{
	pact_address a;
	char path[32];
	char *b = NULL, *l = NULL;
	size_t n = 0;
	int rc;

	*buf = NULL;
	*len = 0;
	*label = NULL;
	rc = pact_address_parse(&a, address);
	if (rc < 0)
		goto done;
	if (a.path) {
		rc = read_file(&b, &n, a.path, pact_doc_max_bytes());
		if (rc < 0)
			goto done;
		l = xstrdup(a.path);
	} else {
		if (!store) {
			rc = pact_error_set(PACT_ENOTFOUND,
			                    "'%s' names a year, but there is no pact store here",
			                    address);
			goto done;
		}
		rc = pact_store_read_year(&b, &n, store, a.year, a.rev);
		if (rc < 0)
			goto done;
		pact_store_year_path(path, a.year);
		if (a.rev) {
			l = malloc(strlen(a.rev) + sizeof(path) + 2);
			if (l)
				sprintf(l, "%s:%s", a.rev, path);
		} else {
			l = xstrdup(path);
		}
	}
	if (!l) {
		rc = pact_error_set(PACT_ENOMEM, "out of memory");
		goto done;
	}
	*buf = b;
	*len = n;
	*label = l;
	b = l = NULL;
	rc = 0;
done:
	free(b);
	free(l);
	return rc;
}

int pact_store_load(pact_doc **out, pact_diags *diags, pact_store *store, const char *address)
{
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	pact_address a;
	char *buf = NULL, *label = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = pact_address_parse(&a, address);
	if (rc < 0)
		goto done;
	rc = pact_store_read(&buf, &len, &label, store, address);
	if (rc < 0)
		goto done;
	opts.path = label;
	/* A stored pact sits at pacts/<year>.yaml, so its name must agree with
	 * its year; a file given by path may be a draft with any name. */
	opts.check_filename = a.path ? 0 : 1;
	rc = pact_doc_parse(out, diags, buf, len, &opts);
done:
	free(buf);
	free(label);
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
		return 0;
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
	ys = calloc(cnt ? cnt : 1, sizeof(*ys));
	if (!ys) {
		rc = pact_error_set(PACT_ENOMEM, "out of memory");
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
	pact_error_clear();
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
	char *p = malloc(n + 1);
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
		r = xstrdup(b.ptr);
	git_buf_dispose(&b);
	return r;
}

static char *env_dup(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? xstrdup(v) : NULL;
}

int pact_store_signature(git_signature **out, int *is_default, pact_store *store, const char *spec)
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
			rc = pact_error_set(PACT_ENOMEM, "out of memory");
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
			name = xstrdup(PACT_DEFAULT_NAME);
			dflt = 1;
		}
		if (!email) {
			email = xstrdup(PACT_DEFAULT_EMAIL);
			dflt = 1;
		}
		if (!name || !email) {
			rc = pact_error_set(PACT_ENOMEM, "out of memory");
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

int pact_store_head_branch(char **out, pact_store *store)
{
	git_reference *head = NULL;
	int rc;

	*out = NULL;
	rc = git_reference_lookup(&head, store->repo, "HEAD");
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read HEAD");
		goto done;
	}
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		rc = pact_error_set(PACT_ENOTFOUND, "HEAD is detached: not on a branch");
		goto done;
	}
	*out = xstrdup(git_reference_symbolic_target(head));
	rc = *out ? 0 : pact_error_set(PACT_ENOMEM, "out of memory");
done:
	git_reference_free(head);
	return rc;
}

/* ---- committing ------------------------------------------------------- */

int store_lock(int *fd, pact_store *store, int max_ms)
{
	char *path = join2(git_repository_commondir(store->repo), "pact.lock");
	long deadline = store_now_ms() + max_ms;
	int rc;

	*fd = -1;
	if (!path)
		return pact_error_set(PACT_ENOMEM, "out of memory");
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		rc = pact_error_set(PACT_EIO, "cannot open '%s': %s", path, strerror(errno));
		goto done;
	}
	for (;;) {
		if (flock(*fd, LOCK_EX | LOCK_NB) == 0) {
			rc = 0;
			break;
		}
		if (errno != EWOULDBLOCK && errno != EINTR) {
			rc = pact_error_set(PACT_EIO, "cannot lock '%s': %s", path,
			                    strerror(errno));
			break;
		}
		if (store_now_ms() >= deadline) {
			rc = pact_error_set(PACT_ECONFLICT,
			                    "another pact process is writing to the store "
			                    "(lock '%s' held for %d ms); try again",
			                    path, max_ms);
			break;
		}
		store_sleep_ms(5);
	}
done:
	if (rc < 0 && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	free(path);
	return rc;
}

/* Nonzero when every path has the same entry (or none) in trees a and b. */
static int same_paths(git_tree *a, git_tree *b, const pact_store_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		git_tree_entry *ea = NULL, *eb = NULL;
		int same;
		if (a)
			git_tree_entry_bypath(&ea, a, files[i].path);
		if (b)
			git_tree_entry_bypath(&eb, b, files[i].path);
		same = (!ea && !eb) ||
		       (ea && eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
		        git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb));
		git_tree_entry_free(ea);
		git_tree_entry_free(eb);
		if (!same)
			return 0;
	}
	pact_error_clear();
	return 1;
}

/* Refuse to overwrite work tree edits: a file that differs both from what
 * the branch tip holds and from the new content is someone's unsaved work. */
static int check_workdir(pact_store *store, git_tree *tip, const pact_store_file *f)
{
	const char *wd = git_repository_workdir(store->repo);
	git_tree_entry *e = NULL;
	git_oid disk, want;
	char *full = NULL, *buf = NULL;
	size_t len = 0;
	int rc;

	full = join2(wd, f->path);
	if (!full)
		return pact_error_set(PACT_ENOMEM, "out of memory");
	rc = read_file(&buf, &len, full, (size_t)-1);
	if (rc == PACT_ENOTFOUND) {
		rc = 0; /* missing in the work tree: nothing to lose */
		goto done;
	}
	if (rc < 0)
		goto done;
	if (f->data && len == f->len && memcmp(buf, f->data, len) == 0)
		goto done; /* already the new content */
	if (git_odb_hash(&disk, buf, len, GIT_OBJECT_BLOB) < 0) {
		rc = pact_error_from_git(-1, "cannot hash file");
		goto done;
	}
	if (tip && git_tree_entry_bypath(&e, tip, f->path) == 0) {
		git_oid_cpy(&want, git_tree_entry_id(e));
		if (git_oid_equal(&want, &disk))
			goto done; /* clean */
	}
	rc = pact_error_set(PACT_EREFUSED,
	                    "your local changes to '%s' would be overwritten; "
	                    "commit that file or move it away first",
	                    f->path);
done:
	git_tree_entry_free(e);
	free(buf);
	free(full);
	return rc;
}

/* Bring the index entries and the work tree files in line with the commit
 * just made, so `git status` shows nothing for them. The index goes first
 * (entries made from the bytes, not from the files): a process killed in
 * between leaves a file that looks modified or deleted, never an untracked
 * one, and the next writer's recover_interrupted rewrites it. */
static int update_workdir(pact_store *store, const pact_store_file *files, size_t n, long deadline)
{
	const char *wd = git_repository_workdir(store->repo);
	git_index *idx = NULL;
	char *full = NULL;
	int rc;

	rc = git_repository_index(&idx, store->repo);
	if (rc == 0)
		rc = git_index_read(idx, 1);
	for (size_t i = 0; i < n && rc == 0; i++) {
		git_index_entry e;
		if (!files[i].data) {
			rc = git_index_remove_bypath(idx, files[i].path);
			continue;
		}
		/* the blob is in the store already (the commit wrote it): its id
		 * is all the entry needs; add_from_buffer would compress and
		 * write it again, a third of a 50-year commit */
		memset(&e, 0, sizeof(e));
		e.path = files[i].path;
		e.mode = GIT_FILEMODE_BLOB;
		e.file_size = (uint32_t)files[i].len;
		rc = git_odb_hash(&e.id, files[i].data, files[i].len, GIT_OBJECT_BLOB);
		if (rc == 0)
			rc = git_index_add(idx, &e);
	}
	for (;;) {
		if (rc == 0)
			rc = git_index_write(idx);
		if (rc != GIT_ELOCKED || store_now_ms() >= deadline)
			break;
		store_sleep_ms(10);
		rc = 0;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "committed, but cannot update the index");
		goto done;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		full = join2(wd, files[i].path);
		if (!full) {
			rc = pact_error_set(PACT_ENOMEM, "out of memory");
			break;
		}
		if (files[i].data) {
			rc = make_parents(full);
			if (rc == 0)
				rc = write_file_atomic(git_repository_path(store->repo), full,
				                       files[i].data, files[i].len);
		} else if (unlink(full) != 0 && errno != ENOENT) {
			rc = pact_error_set(PACT_EIO, "cannot remove '%s': %s", full,
			                    strerror(errno));
		}
		free(full);
		full = NULL;
	}
done:
	git_index_free(idx);
	return rc;
}

/* ---- interrupted commits ------------------------------------------------
 * A writer killed between its ref update and the end of its work tree
 * update can leave refs/heads/<branch>.lock or index.lock behind (libgit2's
 * lock files; nothing removes them) and work tree files that lag the
 * branch. So, under pact.lock, a writer first writes $GIT_DIR/pact-pending
 * (the branch, then the paths it writes) and removes it when done. The next
 * writer, holding pact.lock, finds the file only if its author died in that
 * window: it removes the two lock files (no live pact writer can hold them,
 * and git holds a ref lock for milliseconds) and brings those paths of the
 * work tree and index in line with the branch. */

static char *pending_path(pact_store *store)
{
	return join2(git_repository_commondir(store->repo), "pact-pending");
}

static int pending_begin(pact_store *store, const char *refname, const pact_store_file *files,
                         size_t n)
{
	char *path = pending_path(store);
	FILE *f = path ? fopen(path, "w") : NULL;
	int ok = f != NULL;

	if (f) {
		ok = fprintf(f, "%s\n", refname) > 0;
		for (size_t i = 0; i < n && ok; i++)
			ok = fprintf(f, "%s\n", files[i].path) > 0;
		ok = fclose(f) == 0 && ok;
	}
	if (!ok && path)
		unlink(path);
	free(path);
	return ok ? 0 : pact_error_set(PACT_EIO, "cannot write $GIT_DIR/pact-pending");
}

static void pending_end(pact_store *store)
{
	char *path = pending_path(store);
	if (path)
		unlink(path);
	free(path);
}

static void unlink_lock(const char *dir, const char *name)
{
	char *base = join2(dir, name), *lock = base ? join2(base, ".lock") : NULL;
	if (lock)
		unlink(lock);
	free(base);
	free(lock);
}

/* The paths a dead writer was writing, as the branch now holds them. */
static int pending_files(pact_store_file **out, size_t *n, git_blob ***blobs, pact_store *store,
                         const char *refname, char *list)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_oid id;
	size_t cap = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	*blobs = NULL;
	for (char *p = list; *p; p++)
		cap += *p == '\n';
	*out = calloc(cap + 1, sizeof(**out));
	*blobs = calloc(cap + 1, sizeof(**blobs));
	if (!*out || !*blobs)
		return pact_error_set(PACT_ENOMEM, "out of memory");
	if (git_reference_name_to_id(&id, store->repo, refname) < 0 ||
	    git_commit_lookup(&c, store->repo, &id) < 0 || git_commit_tree(&tree, c) < 0)
		goto done; /* no branch yet: nothing to bring in line */
	for (char *p = list, *nl; *p && (nl = strchr(p, '\n')); p = nl + 1) {
		git_tree_entry *e = NULL;
		pact_store_file *f = &(*out)[*n];
		*nl = '\0';
		if (!*p || !safe_repo_path(p))
			continue;
		f->path = p;
		if (git_tree_entry_bypath(&e, tree, p) == 0 &&
		    git_blob_lookup(&(*blobs)[*n], store->repo, git_tree_entry_id(e)) == 0) {
			f->data = git_blob_rawcontent((*blobs)[*n]);
			f->len = (size_t)git_blob_rawsize((*blobs)[*n]);
		}
		git_tree_entry_free(e);
		(*n)++;
	}
done:
	pact_error_clear();
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

/* Finish what a writer killed mid-commit left undone (see above). */
static int recover_interrupted(pact_store *store, long deadline)
{
	char *path = pending_path(store), *buf = NULL, *refname, *list, *head = NULL;
	pact_store_file *files = NULL;
	git_blob **blobs = NULL;
	size_t len = 0, n = 0;
	int rc;

	if (!path)
		return pact_error_set(PACT_ENOMEM, "out of memory");
	rc = read_file(&buf, &len, path, 1u << 20);
	if (rc == PACT_ENOTFOUND) {
		rc = 0;
		goto done;
	}
	if (rc < 0)
		goto done;
	refname = buf;
	list = strchr(buf, '\n');
	if (!list)
		goto finished;
	*list++ = '\0';
	unlink_lock(git_repository_commondir(store->repo), refname);
	unlink_lock(git_repository_path(store->repo), "index");
	if (git_repository_is_bare(store->repo) || pact_store_head_branch(&head, store) < 0 ||
	    strcmp(head, refname) != 0)
		goto finished;
	rc = pending_files(&files, &n, &blobs, store, refname, list);
	if (rc == 0 && n)
		rc = update_workdir(store, files, n, deadline);
	if (rc < 0)
		goto done;
finished:
	pact_error_clear();
	rc = 0;
	unlink(path);
done:
	for (size_t i = 0; blobs && i < n; i++)
		git_blob_free(blobs[i]);
	free(blobs);
	free(files);
	free(head);
	free(buf);
	free(path);
	return rc;
}

static int branch_refname(char **out, pact_store *store, const char *branch)
{
	*out = NULL;
	if (!branch)
		return pact_store_head_branch(out, store);
	*out = strncmp(branch, "refs/", 5) == 0 ? xstrdup(branch) : join2("refs/heads/", branch);
	if (!*out)
		return pact_error_set(PACT_ENOMEM, "out of memory");
	int valid = 0;
	if (git_reference_name_is_valid(&valid, *out) < 0 || !valid) {
		free(*out);
		*out = NULL;
		return pact_error_set(PACT_EUSAGE, "invalid branch name '%s'", branch);
	}
	return 0;
}

int pact_store_commit(git_oid *out, pact_store *store, const char *branch,
                      const pact_store_file *files, size_t nfiles, const char *message,
                      const git_signature *author)
{
	return pact_store_commit_ext(out, store, branch, files, nfiles, message, author, NULL);
}

int pact_store_commit_ext(git_oid *out, pact_store *store, const char *branch,
                          const pact_store_file *files, size_t nfiles, const char *message,
                          const git_signature *author, const pact_commit_opts *opts)
{
	pact_commit_opts o = PACT_COMMIT_OPTS_INIT;
	git_buf msg = GIT_BUF_INIT;
	git_tree_update *upd = NULL;
	git_reference *ref = NULL;
	git_commit *parent = NULL;
	git_tree *base_tree = NULL, *tip_tree = NULL, *new_tree = NULL;
	git_oid tip, tree_id, commit_id;
	char *refname = NULL, *reflog = NULL, *head = NULL;
	int lockfd = -1, has_tip = 0, checked_out = 0, pending = 0, moved = 0, rc;
	long deadline;

	if (opts)
		o = *opts;
	if (!o.max_wait_ms)
		o.max_wait_ms = STORE_WAIT_MS;
	if (!nfiles) {
		rc = pact_error_set(PACT_EUSAGE, "nothing to commit: no files given");
		goto done;
	}
	for (size_t i = 0; i < nfiles; i++) {
		if (!files[i].path || !safe_repo_path(files[i].path)) {
			rc = pact_error_set(PACT_EUSAGE,
			                    "refusing to write outside the store: '%s'",
			                    files[i].path ? files[i].path : "(null)");
			goto done;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(files[i].path, files[j].path)) {
				rc = pact_error_set(PACT_EUSAGE, "'%s' given twice", files[i].path);
				goto done;
			}
	}
	if ((rc = pact_utf8_require("the commit message", message)) < 0 ||
	    (author && ((rc = pact_utf8_require("the author's name", author->name)) < 0 ||
	                (rc = pact_utf8_require("the author's e-mail", author->email)) < 0)))
		goto done;
	rc = git_message_prettify(&msg, message ? message : "", 0, '#');
	if (rc < 0 || !msg.ptr || !msg.ptr[0]) {
		rc = pact_error_set(PACT_EUSAGE, "empty commit message");
		goto done;
	}
	upd = calloc(nfiles, sizeof(*upd));
	if (!upd) {
		rc = pact_error_set(PACT_ENOMEM, "out of memory");
		goto done;
	}
	rc = branch_refname(&refname, store, branch);
	if (rc < 0)
		goto done;
	if (!git_repository_is_bare(store->repo) && pact_store_head_branch(&head, store) == 0)
		checked_out = strcmp(head, refname) == 0;
	pact_error_clear();

	/* The subject line of the message, for the reflog as git writes it. */
	{
		size_t sl = strcspn(msg.ptr, "\n");
		reflog = malloc(sl + sizeof("commit: "));
		if (!reflog) {
			rc = pact_error_set(PACT_ENOMEM, "out of memory");
			goto done;
		}
		memcpy(reflog, "commit: ", 8);
		memcpy(reflog + 8, msg.ptr, sl);
		reflog[8 + sl] = '\0';
	}

	rc = store_lock(&lockfd, store, o.max_wait_ms);
	if (rc < 0)
		goto done;
	deadline = store_now_ms() + o.max_wait_ms;
	rc = recover_interrupted(store, deadline);
	if (rc < 0)
		goto done;

	/* Blobs first: they do not depend on the tip. */
	for (size_t i = 0; i < nfiles; i++) {
		upd[i].path = files[i].path;
		if (!files[i].data) {
			upd[i].action = GIT_TREE_UPDATE_REMOVE;
			continue;
		}
		upd[i].action = GIT_TREE_UPDATE_UPSERT;
		upd[i].filemode = GIT_FILEMODE_BLOB;
		rc = git_blob_create_from_buffer(&upd[i].id, store->repo, files[i].data,
		                                 files[i].len);
		if (rc < 0) {
			rc = pact_error_from_git(rc, "cannot write blob");
			goto done;
		}
	}

	for (int attempt = 0;; attempt++) {
		git_tree_update *live = NULL;
		size_t nlive = 0;

		git_commit_free(parent);
		git_tree_free(tip_tree);
		git_tree_free(new_tree);
		parent = NULL;
		tip_tree = new_tree = NULL;

		rc = git_reference_name_to_id(&tip, store->repo, refname);
		if (rc == GIT_ENOTFOUND) {
			has_tip = 0;
		} else if (rc < 0) {
			rc = pact_error_from_git(rc, "cannot read branch");
			goto done;
		} else {
			has_tip = 1;
		}
		if (o.expected_parent && (!has_tip || !git_oid_equal(&tip, o.expected_parent))) {
			rc = pact_error_set(
			        PACT_ECONFLICT,
			        "'%s' has moved since it was read; reload and try again", refname);
			goto done;
		}
		if (has_tip) {
			rc = git_commit_lookup(&parent, store->repo, &tip);
			if (rc == 0)
				rc = git_commit_tree(&tip_tree, parent);
			if (rc < 0) {
				rc = pact_error_from_git(rc, "cannot read branch tip");
				goto done;
			}
		}
		/* Somebody outside pact moved the branch under us: rebuilding on
		 * the new tip is safe only if it left our files alone. */
		if (attempt > 0 && !same_paths(base_tree, tip_tree, files, nfiles)) {
			rc = pact_error_set(PACT_ECONFLICT,
			                    "'%s' was changed by another commit while committing; "
			                    "nothing was committed",
			                    refname);
			goto done;
		}
		if (attempt == 0 && checked_out) {
			for (size_t i = 0; i < nfiles; i++) {
				rc = check_workdir(store, tip_tree, &files[i]);
				if (rc < 0)
					goto done;
			}
		}
		git_tree_free(base_tree);
		base_tree = NULL;
		if (tip_tree && git_tree_dup(&base_tree, tip_tree) < 0) {
			rc = pact_error_from_git(-1, "cannot read tree");
			goto done;
		}

		/* Removing a path the tip lacks is a no-op, not an error. */
		live = calloc(nfiles, sizeof(*live));
		if (!live) {
			rc = pact_error_set(PACT_ENOMEM, "out of memory");
			goto done;
		}
		for (size_t i = 0; i < nfiles; i++) {
			git_tree_entry *e = NULL;
			if (upd[i].action == GIT_TREE_UPDATE_REMOVE &&
			    (!tip_tree || git_tree_entry_bypath(&e, tip_tree, upd[i].path) < 0))
				continue;
			git_tree_entry_free(e);
			live[nlive++] = upd[i];
		}
		pact_error_clear();
		rc = git_tree_create_updated(&tree_id, store->repo, tip_tree, nlive, live);
		free(live);
		if (rc < 0) {
			rc = pact_error_from_git(rc, "cannot write tree");
			goto done;
		}
		if (!o.allow_unchanged &&
		    ((tip_tree && git_oid_equal(&tree_id, git_tree_id(tip_tree))) ||
		     (!tip_tree && nlive == 0))) {
			rc = pact_error_set(PACT_EUNCHANGED, "nothing to commit: %s%s unchanged",
			                    files[0].path,
			                    nfiles > 1 ? " and the other files" : "");
			goto done;
		}
		rc = git_tree_lookup(&new_tree, store->repo, &tree_id);
		if (rc == 0) {
			const git_commit *parents[1] = {parent};
			rc = git_commit_create(&commit_id, store->repo, NULL, author,
			                       o.committer ? o.committer : author, NULL, msg.ptr,
			                       new_tree, has_tip ? 1 : 0, parents);
		}
		if (rc < 0) {
			rc = pact_error_from_git(rc, "cannot write commit");
			goto done;
		}

		/* The commit point: the branch moves only if it is still where we
		 * built on. */
		git_reference_free(ref);
		ref = NULL;
		if (!pending && (rc = pending_begin(store, refname, files, nfiles)) < 0)
			goto done;
		pending = 1;
		if (has_tip)
			rc = git_reference_create_matching(&ref, store->repo, refname, &commit_id,
			                                   1, &tip, reflog);
		else
			rc = git_reference_create(&ref, store->repo, refname, &commit_id, 0,
			                          reflog);
		if (rc == 0)
			break;
		if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
			if (attempt + 1 >= MAX_CAS_RETRIES || store_now_ms() >= deadline) {
				rc = pact_error_set(PACT_ECONFLICT,
				                    "'%s' keeps changing under this commit; "
				                    "nothing was committed, try again",
				                    refname);
				goto done;
			}
			if (rc == GIT_ELOCKED)
				store_sleep_ms(10);
			continue;
		}
		rc = pact_error_from_git(rc, "cannot update branch");
		goto done;
	}

	moved = 1;
	if (checked_out) {
		rc = update_workdir(store, files, nfiles, deadline);
		if (rc < 0)
			goto done; /* pact-pending stays: the next writer finishes */
	}
	pending_end(store);
	pending = 0;
	if (out)
		git_oid_cpy(out, &commit_id);
	rc = 0;
done:
	if (pending && !moved)
		pending_end(store); /* the branch did not move: nothing to finish */
	if (lockfd >= 0)
		close(lockfd);
	git_reference_free(ref);
	git_commit_free(parent);
	git_tree_free(base_tree);
	git_tree_free(tip_tree);
	git_tree_free(new_tree);
	git_buf_dispose(&msg);
	free(upd);
	free(refname);
	free(reflog);
	free(head);
	return rc;
}

/* ---- moving a branch --------------------------------------------------- */

int pact_store_update_branch(pact_store *store, const char *branch, const git_oid *target,
                             const git_oid *expected, const char *reflog)
{
	git_reference *ref = NULL;
	git_object *obj = NULL;
	char *refname = NULL, *head = NULL;
	git_oid tip;
	int lockfd = -1, has_tip, rc;

	rc = branch_refname(&refname, store, branch);
	if (rc < 0)
		goto done;
	rc = git_object_lookup(&obj, store->repo, target, GIT_OBJECT_COMMIT);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read the new tip");
		goto done;
	}
	rc = store_lock(&lockfd, store, STORE_WAIT_MS);
	if (rc < 0)
		goto done;
	/* Checked under the lock, before the work tree is touched: only a
	 * writer outside pact can still move the branch, and the
	 * compare-and-swap below catches that one. */
	has_tip = git_reference_name_to_id(&tip, store->repo, refname) == 0;
	if (has_tip != (expected != NULL) || (has_tip && !git_oid_equal(&tip, expected))) {
		rc = pact_error_set(PACT_ECONFLICT, "'%s' has moved; nothing was changed", refname);
		goto done;
	}
	if (!git_repository_is_bare(store->repo) && pact_store_head_branch(&head, store) == 0 &&
	    !strcmp(head, refname)) {
		/* SAFE: files with local edits are conflicts, found before any
		 * file is written. */
		git_checkout_options co;
		git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
		co.checkout_strategy = GIT_CHECKOUT_SAFE;
		rc = git_checkout_tree(store->repo, obj, &co);
		if (rc == GIT_ECONFLICT) {
			rc = pact_error_set(PACT_EREFUSED,
			                    "local changes in the work tree would be overwritten; "
			                    "commit them first. nothing was changed");
			goto done;
		}
		if (rc < 0) {
			rc = pact_error_from_git(rc, "cannot update the work tree");
			goto done;
		}
	}
	pact_error_clear();
	if (expected)
		rc = git_reference_create_matching(&ref, store->repo, refname, target, 1, expected,
		                                   reflog);
	else
		rc = git_reference_create(&ref, store->repo, refname, target, 0, reflog);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
		rc = pact_error_set(PACT_ECONFLICT, "'%s' has moved; try again", refname);
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot update branch");
		goto done;
	}
	rc = 0;
done:
	if (lockfd >= 0)
		close(lockfd);
	git_reference_free(ref);
	git_object_free(obj);
	free(refname);
	free(head);
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
		dir = buf.ptr[0] == '/' ? xstrdup(buf.ptr) : join2(base, buf.ptr);
	} else {
		git_buf_dispose(&buf);
		rc = git_repository_item_path(&buf, store->repo, GIT_REPOSITORY_ITEM_HOOKS);
		if (rc < 0 || !buf.ptr) {
			rc = pact_error_from_git(rc < 0 ? rc : -1,
			                         "cannot find the hooks directory");
			goto done;
		}
		dir = xstrdup(buf.ptr);
	}
	if (!dir) {
		rc = pact_error_set(PACT_ENOMEM, "out of memory");
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
	info = join2(git_repository_commondir(store->repo), "info/");
	attrs = info ? join2(info, "attributes") : NULL;
	if (!attrs) {
		rc = pact_error_set(PACT_ENOMEM, "out of memory");
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
