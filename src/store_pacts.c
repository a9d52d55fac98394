/*
 * store_pacts.c - `pact commit FILE...` as a library call: pact files read
 * once, validated from those very bytes, de-duplicated by year and
 * committed at pacts/<year>.yaml in one commit.
 *
 * libgit2 runs no hooks, so this is the gate: only the bytes that were
 * validated are committed (no window for a file to change between check
 * and commit), and one invalid file commits nothing. The CLI only names
 * the files and prints what comes back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/store.h"

/* Read file f once, into f->data: 0 or the read error (a read error is
 * never "invalid": a FIFO or a missing file stops the whole command). */
static int read_file(pact_checked_file *f)
{
	char *addr = NULL, *label = NULL;
	int rc;

	/* "./2024" so a file named like a year is read as a file */
	addr = pact_alloc__malloc(strlen(f->path) + 3);
	if (!addr)
		return PACT_ENOMEM;
	sprintf(addr, "%s%s", strchr(f->path, '/') ? "" : "./", f->path);
	rc = pact_store_read(&f->data, &f->len, &label, NULL, addr);
	free(label);
	free(addr);
	return rc;
}

/* Validate the bytes read: 0 valid (f->year set), PACT_EINVALID (f->diags
 * say why) or PACT_ENOMEM. */
static int check_file(pact_checked_file *f)
{
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	pact_doc *doc = NULL;
	int rc;

	opts.path = f->path;
	/* the same rules as 'pact validate FILE': a file named 2023.yaml
	 * that says year 2024 is a mistake, not the 2024 pact */
	opts.check_filename = 1;
	if ((rc = pact_doc_parse(&doc, &f->diags, f->data, f->len, &opts)) < 0)
		return rc;
	f->year = doc->year;
	pact_doc_free(doc);
	return 0;
}

/* PACT_EUSAGE when an earlier file than files[i] is the pact of its year. */
static int check_unique(const pact_checked_file *files, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (files[j].year == files[i].year)
			return pact_error_set(PACT_EUSAGE, "'%s' and '%s' are both the pact for %d",
			                      files[j].path, files[i].path, files[i].year);
	return 0;
}

int pact_store_check_files(pact_checked_file *files, size_t n)
{
	int rc, invalid = 0;

	for (size_t i = 0; i < n; i++) {
		if ((rc = read_file(&files[i])) < 0)
			return rc;
		rc = check_file(&files[i]);
		if (rc == PACT_EINVALID) {
			invalid++;
			continue;
		}
		if (rc < 0 || (rc = check_unique(files, i)) < 0)
			return rc;
	}
	return invalid;
}

static int has_year(const int *ys, size_t n, int y)
{
	for (size_t i = 0; i < n; i++)
		if (ys[i] == y)
			return 1;
	return 0;
}

/* "Add pact 2024" when no year is in the store yet, else "Update pacts
 * 2023, 2024", in the process's language ("Thêm giao ước năm 2024"); the
 * caller frees *out. */
static int default_message(char **out, pact_store *store, const pact_checked_file *files, size_t n)
{
	int *stored = NULL, all_new = 1, rc;
	size_t nstored = 0, cap, at;
	const char *verb;

	/* A HEAD that names no commit yet (explained by pact_store_years)
	 * has no years; running out of memory is no answer to "which". */
	if ((rc = pact_store_years(&stored, &nstored, store, NULL)) < 0) {
		if (rc == PACT_ENOMEM)
			return rc;
		pact_error_clear();
		stored = NULL;
		nstored = 0;
	}
	for (size_t i = 0; i < n; i++)
		if (has_year(stored, nstored, files[i].year))
			all_new = 0;
	free(stored);
	verb = all_new ? pact_n__(pact_i18n_lang(), "Add pact", "Add pacts", n)
	               : pact_n__(pact_i18n_lang(), "Update pact", "Update pacts", n);
	cap = strlen(verb) + 1 + 6 * n;
	if (!(*out = pact_alloc__malloc(cap)))
		return PACT_ENOMEM;
	at = (size_t)snprintf(*out, cap, "%s", verb);
	for (size_t i = 0; i < n; i++)
		at += (size_t)snprintf(*out + at, cap - at, "%s %d", i ? "," : "", files[i].year);
	return 0;
}

int pact_store_commit_files(pact_oid *out, char **message_out, pact_store *store,
                            const pact_checked_file *files, size_t n, const char *message,
                            const pact_signature *author)
{
	return pact_store_commit_files_ext(out, message_out, store, files, n, message, author,
	                                   NULL);
}

int pact_store_commit_files_ext(pact_oid *out, char **message_out, pact_store *store,
                                const pact_checked_file *files, size_t n, const char *message,
                                const pact_signature *author, const pact_commit_opts *opts)
{
	pact_store_file *sf = NULL;
	char(*paths)[32] = NULL, *msg = NULL;
	int rc;

	if (message_out)
		*message_out = NULL;
	sf = pact_alloc__calloc(n ? n : 1, sizeof(*sf));
	paths = pact_alloc__calloc(n ? n : 1, sizeof(*paths));
	if (!sf || !paths) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		pact_store_year_path(paths[i], files[i].year);
		sf[i].path = paths[i];
		sf[i].data = files[i].data;
		sf[i].len = files[i].len;
	}
	if (message)
		msg = pact_alloc__strdup(message);
	else if ((rc = default_message(&msg, store, files, n)) < 0)
		goto done;
	if (!msg) {
		rc = PACT_ENOMEM;
		goto done;
	}
	/* the store judges adopted years (store_adopted.c) */
	if ((rc = pact_store_commit_ext(out, store, NULL, sf, n, msg, author, opts)) < 0)
		goto done;
	if (message_out) {
		*message_out = msg;
		msg = NULL;
	}
done:
	free(msg);
	free(paths);
	free(sf);
	return rc;
}

void pact_checked_files_clear(pact_checked_file *files, size_t n)
{
	for (size_t i = 0; files && i < n; i++) {
		pact_diags_clear(&files[i].diags);
		free(files[i].data);
		files[i].data = NULL;
		files[i].len = 0;
		files[i].year = 0;
	}
}
