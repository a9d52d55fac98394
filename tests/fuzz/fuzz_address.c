/*
 * fuzz_address.c - libFuzzer target: any bytes as an address ("2024",
 * "2024@REV", or a file path) -> pact_address_parse, and a year's address
 * -> pact_store_read / pact_store_load in a tiny store made once.
 *
 * The store (a temporary directory, removed at exit) has three commits on
 * main: the store's first one, pacts/2023.yaml, pacts/2024.yaml; a branch
 * "draft" at the second, a lightweight tag v2023 and an annotated tag
 * v2024 at commits, and a tag "tree" at a tree. The input is cut at the
 * first NUL, as a command-line argument would be. Promises checked
 * (abort() when broken):
 *   - the parse gives exactly one of a year (1000-9999, with the revision
 *     after the '@' and never empty) or a path (the whole string), or an
 *     error with a message: PACT_EUSAGE for "", PACT_EINVALID otherwise;
 *   - a revision resolves to one of the store's three commits or to
 *     PACT_ENOTFOUND with a message (nothing in an address reaches outside
 *     the store's commits);
 *   - reading a year gives the bytes that year's file has in that commit
 *     and the label "REV:pacts/YEAR.yaml" (or "pacts/YEAR.yaml"); loading
 *     it gives a pact of that year.
 * Paths are not opened: reading a file the fuzzer names could block.
 *
 * Replayed by tests/test_fuzz_regressions.c through pact_fuzz_address.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "pact/doc.h"
#include "pact/error.h"
#include "pact/store.h"
#include "../../src/store_git.h" /* the fixture is built with libgit2 */

int pact_fuzz_address(const uint8_t *data, size_t size);

#define FZ_PACT(y)                                                                                        \
	"schema: pact/1\nyear: " #y "\ntitle: Bản giao ước thi đua năm " #y "\n"                          \
	"bloc: Khối thi đua Các cơ quan lĩnh vực văn hóa, xã hội 2\nprovince: Bắc Giang\n" \
	"signed: {place: Bắc Giang, date: " #y "-05-09}\n"                                                \
	"members:\n  - {id: so-y-te, name: Sở Y tế}\n"                                                \
	"preamble: Nhằm phát huy kết quả đạt được.\n"                                       \
	"clauses:\n  - id: khen-thuong\n    number: 1\n"                                                  \
	"    commitments: [Công tác khen thưởng bảo đảm đúng quy định.]\n"                 \
	"closing: Trên đây là Bản giao ước thi đua năm " #y "./.\n"

static const char fz_2023[] = FZ_PACT(2023);
static const char fz_2024[] = FZ_PACT(2024);

static struct {
	int ready; /* 1 made, -1 could not be made */
	char dir[64];
	pact_store *store;
	git_oid commits[3]; /* first, 2023 added, 2024 added */
} fz;

/* rm -r dir, without following links (no nftw: it needs _XOPEN_SOURCE,
 * which the suites including this file cannot set this late). */
static void fz_rm(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		struct stat st;
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *p;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !(p = malloc(n)))
			continue;
		snprintf(p, n, "%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			fz_rm(p);
		else
			unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static void fz_cleanup(void)
{
	pact_store_free(fz.store);
	fz.store = NULL;
	if (fz.dir[0])
		fz_rm(fz.dir);
}

static int fz_commit(int i, const char *path, const char *text, git_signature *sig)
{
	pact_store_file f = {path, text, strlen(text)};
	return pact_store__commit(&fz.commits[i], fz.store, NULL, &f, 1, path, sig, NULL);
}

/* The store, made on first use. */
static int fz_setup(void)
{
	git_repository *repo;
	git_signature *sig = NULL;
	git_object *obj = NULL;
	git_oid id;
	int rc = -1;

	snprintf(fz.dir, sizeof(fz.dir), "/tmp/pact-fuzz-address-XXXXXX");
	if (!mkdtemp(fz.dir)) {
		fz.dir[0] = '\0';
		return -1;
	}
	atexit(fz_cleanup);
	if (pact_store_init(&fz.store, fz.dir, 0) < 0 ||
	    git_signature_new(&sig, "Sở Y tế", "syt@example.vn", 1715212800, 420) < 0 ||
	    pact_store__resolve(&fz.commits[0], fz.store, NULL) < 0 ||
	    fz_commit(1, "pacts/2023.yaml", fz_2023, sig) < 0 ||
	    fz_commit(2, "pacts/2024.yaml", fz_2024, sig) < 0)
		goto done;
	repo = pact_store__repo(fz.store);
	if (git_object_lookup(&obj, repo, &fz.commits[1], GIT_OBJECT_COMMIT) < 0 ||
	    git_tag_create_lightweight(&id, repo, "v2023", obj, 0) < 0)
		goto done;
	{
		git_reference *br = NULL;
		if (git_branch_create(&br, repo, "draft", (git_commit *)obj, 0) < 0)
			goto done;
		git_reference_free(br);
	}
	git_object_free(obj);
	obj = NULL;
	if (git_object_lookup(&obj, repo, &fz.commits[2], GIT_OBJECT_COMMIT) < 0 ||
	    git_tag_create(&id, repo, "v2024", obj, sig, "Bản 2024", 0) < 0)
		goto done;
	git_object_free(obj);
	obj = NULL;
	if (git_revparse_single(&obj, repo, "HEAD^{tree}") < 0 ||
	    git_tag_create_lightweight(&id, repo, "tree", obj, 0) < 0)
		goto done;
	rc = 0;
done:
	git_object_free(obj);
	git_signature_free(sig);
	return rc;
}

/* A broken promise: say which, and what the library said, then abort(). */
static void fz_fail(const char *s, const char *what, int rc)
{
	fprintf(stderr, "fuzz_address: '%s': %s (rc %d: %s)\n", s, what, rc,
	        pact_error_last()->message);
	abort();
}

static void fz_check_parse(const char *s, int rc, const pact_address *a)
{
	if (rc < 0) {
		if (rc != (*s ? PACT_EINVALID : PACT_EUSAGE) || !*pact_error_last()->message)
			abort();
		return;
	}
	if (rc != 0 || !!a->year == !!a->path)
		abort();
	if (a->path && (a->path != s || a->rev))
		abort();
	if (a->year && (a->year < 1000 || a->year > 9999 || atoi(s) != a->year ||
	                (a->rev ? a->rev != s + 5 || !*a->rev || s[4] != '@' : s[4] != '\0')))
		abort();
}

/* The year's bytes in one of the store's commits, or NULL when it has none. */
static const char *fz_text_at(const git_oid *id, int year)
{
	if (year == 2023 && !git_oid_equal(id, &fz.commits[0]))
		return fz_2023;
	if (year == 2024 && git_oid_equal(id, &fz.commits[2]))
		return fz_2024;
	return NULL;
}

static void fz_check_read(const char *s, const pact_address *a)
{
	char *buf = NULL, *label = NULL, want[32];
	const char *text;
	pact_doc *doc = NULL;
	size_t len = 0;
	git_oid id;
	int i, rc;

	rc = pact_store__resolve(&id, fz.store, a->rev);
	if (rc < 0) {
		if (rc != PACT_ENOTFOUND || !*pact_error_last()->message)
			fz_fail(s, "resolve: not 'not found'", rc);
		rc = pact_store_read(&buf, &len, &label, fz.store, s);
		if (rc != PACT_ENOTFOUND || buf || label)
			fz_fail(s, "read of an unknown revision", rc);
		return;
	}
	for (i = 0; i < 3 && !git_oid_equal(&id, &fz.commits[i]); i++)
		;
	if (i == 3)
		fz_fail(s, "a commit the store does not have", 0);
	text = fz_text_at(&id, a->year);
	rc = pact_store_read(&buf, &len, &label, fz.store, s);
	snprintf(want, sizeof(want), "pacts/%04d.yaml", a->year);
	if (!text) {
		if (rc != PACT_ENOTFOUND || buf || label)
			abort();
		return;
	}
	if (rc != 0 || len != strlen(text) || memcmp(buf, text, len) || buf[len] ||
	    strncmp(label, a->rev ? a->rev : "", a->rev ? strlen(a->rev) : 0) ||
	    strcmp(label + (a->rev ? strlen(a->rev) + 1 : 0), want) ||
	    (a->rev && label[strlen(a->rev)] != ':'))
		abort();
	if (pact_store_load(&doc, NULL, fz.store, s) != 0 || doc->year != a->year)
		abort();
	pact_doc_free(doc);
	free(buf);
	free(label);
}

int pact_fuzz_address(const uint8_t *data, size_t size)
{
	pact_address a;
	char *s;
	int rc;

	if (!fz.ready)
		fz.ready = fz_setup() == 0 ? 1 : -1;
	if (fz.ready < 0)
		abort(); /* the fixture itself must work */
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	rc = pact_address_parse(&a, s);
	fz_check_parse(s, rc, &a);
	if (rc == 0 && a.year)
		fz_check_read(s, &a);
	pact_error_clear();
	free(s);
	return 0;
}

#ifndef PACT_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pact_fuzz_address(data, size);
}
#endif
