/*
 * address.c - reading a pact by its address ("2024", "2024@main~2" or a
 * file path), and reading a whole file. A year is read from the store
 * (pact_store_read_year, store.c); a file path needs no store, so these
 * live outside the store's files: `pact diff FILE FILE`, `validate` and
 * `show FILE` never start libgit2.
 */
#include "pact/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pact/error.h"
#include "store_internal.h"

/* Read a whole regular file, refusing anything larger than `max`. The file
 * is opened without blocking and its type checked on the open descriptor,
 * so a FIFO or device is refused instead of waited on. */
int pact_store__read_file(char **buf, size_t *len, const char *path, size_t max)
{
	FILE *f = NULL;
	char *b = NULL;
	struct stat st;
	size_t n = 0;
	int fd, rc;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		rc = errno == ENOENT || errno == ENOTDIR
		             ? pact_error_set(PACT_ENOTFOUND, "'%s' does not exist", path)
		             : pact_error_set(PACT_EIO, "cannot read '%s': %s", path,
		                              strerror(errno));
		goto done;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = pact_error_set(PACT_EINVALID, "'%s' is not a regular file", path);
		goto done;
	}
	if ((unsigned long long)st.st_size > max) {
		rc = pact_error_set(PACT_ELIMIT,
		                    "'%s' is larger than %zu bytes (--max-doc-bytes or "
		                    "PACT_MAX_DOC_BYTES raise the limit)",
		                    path, max);
		goto done;
	}
	f = fdopen(fd, "rb");
	if (!f) {
		rc = pact_error_set(PACT_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	fd = -1;
	b = pact_alloc__malloc((size_t)st.st_size + 1);
	if (!b) {
		rc = PACT_ENOMEM;
		goto done;
	}
	n = fread(b, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		rc = pact_error_set(PACT_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	/* The file may have grown since fstat(); what grew is not read, which
	 * is what a snapshot of the file at that time would give too. */
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
	rc = 0;
done:
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	free(b);
	return rc;
}

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
		rc = pact_store__read_file(&b, &n, a.path, pact_doc_max_bytes());
		if (rc < 0)
			goto done;
		l = pact_alloc__strdup(a.path);
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
			l = pact_alloc__malloc(strlen(a.rev) + sizeof(path) + 2);
			if (l)
				sprintf(l, "%s:%s", a.rev, path);
		} else {
			l = pact_alloc__strdup(path);
		}
	}
	if (!l) {
		rc = PACT_ENOMEM;
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
