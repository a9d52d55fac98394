/*
 * doc.c - bytes to a pact_doc, and a pact_doc back to YAML.
 *
 * Loading is three steps, each in its own file: the input checks here
 * (size, then UTF-8 including NUL bytes: the cheapest refusals first),
 * the node tree from libyaml's events (tree.c: syntax, aliases, depth,
 * limits), then the rules of pact/1 over the tree (schema.c). Each step
 * reports into the same diagnostics list, which is put in file order at
 * the end. The writer emits the canonical layout `pact commit` keeps.
 */
#include "pact/doc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/utf8.h"
#include "schema.h"
#include "tree.h"

/* ---- public loading API --------------------------------------------- */

typedef struct ranked {
	pact_diag d;
	size_t order;
} ranked;

static int ranked_cmp(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->d.line != y->d.line)
		return x->d.line < y->d.line ? -1 : 1;
	if (x->d.col != y->d.col)
		return x->d.col < y->d.col ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Put the diagnostics from index `from` on in file order (stable), as a
 * reader goes through the file; whole-file ones (line 0) come first. */
static void sort_diags(pact_diags *d, size_t from)
{
	size_t n = d->count - from;
	ranked *r;

	if (n < 2 || !(r = pact_alloc__malloc(n * sizeof(*r))))
		return;
	for (size_t i = 0; i < n; i++) {
		r[i].d = d->items[from + i];
		r[i].order = i;
	}
	qsort(r, n, sizeof(*r), ranked_cmp);
	for (size_t i = 0; i < n; i++)
		d->items[from + i] = r[i].d;
	free(r);
}

/* Record the first error of `diags` as the library's last error. */
static void set_last_from_diags(const pact_diags *diags, const char *path)
{
	for (size_t i = 0; diags && i < diags->count; i++) {
		if (diags->items[i].severity != PACT_DIAG_ERROR)
			continue;
		char *msg = pact_diag_format(&diags->items[i], path);
		pact_error_set(PACT_EINVALID, "%s", msg ? msg : diags->items[i].message);
		free(msg);
		return;
	}
	pact_error_set(PACT_EINVALID, "%s: %s: %s", path ? path : "<input>",
	               pact_p__(pact_i18n_lang(), "severity", "error"),
	               pact__(pact_i18n_lang(), "invalid pact"));
}

/* The process-wide size limit (doc.h); 0 means PACT_MAX_DOC_BYTES. */
static size_t max_doc_bytes;

size_t pact_doc_max_bytes(void)
{
	return max_doc_bytes ? max_doc_bytes : PACT_MAX_DOC_BYTES;
}

void pact_doc_set_max_bytes(size_t n)
{
	max_doc_bytes = n;
}

int pact_doc_parse(pact_doc **out, pact_diags *diags_in, const char *buf, size_t len,
                   const pact_parse_opts *opts_in)
{
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	pact_diags local = PACT_DIAGS_INIT;
	pact_diags *diags = diags_in ? diags_in : &local;
	size_t first_error = diags->nerrors, first_diag = diags->count;
	pact_tree tree = {NULL, NULL};
	pact_doc *doc = NULL;
	size_t bad = 0, limit;
	int rc = 0;

	*out = NULL;
	if (opts_in)
		opts = *opts_in;
	limit = opts.max_bytes ? opts.max_bytes : pact_doc_max_bytes();
	if (len > limit) {
		pact_pos none = {0, 0};
		rc = pact_tree__diags_add(
		        diags, PACT_DIAG_ERROR, none, "too-large",
		        "document of %zu bytes is larger than the limit of %zu bytes "
		        "(--max-doc-bytes or PACT_MAX_DOC_BYTES raise it)",
		        len, limit);
		rc = rc ? rc : PACT_EINVALID;
		goto done;
	}
	if (!pact_utf8_valid(buf, len, &bad)) {
		pact_pos pos = pact_tree__byte_pos(buf, bad);
		if (buf[bad] == '\0')
			rc = pact_tree__diags_add(diags, PACT_DIAG_ERROR, pos, "nul",
			                          "NUL byte in the document");
		else
			rc = pact_tree__diags_add(
			        diags, PACT_DIAG_ERROR, pos, "utf8",
			        "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
			        (unsigned char)buf[bad]);
		rc = rc ? rc : PACT_EINVALID;
		goto done;
	}
	rc = pact_tree__build(&tree, diags, buf, len);
	if (rc < 0)
		goto done;
	rc = pact_doc__schema_build(&doc, diags, tree.root, opts.check_filename ? opts.path : NULL);
	if (rc < 0)
		goto done;
	doc->path = pact_alloc__strdup(opts.path ? opts.path : "<input>");
	if (!doc->path) {
		rc = PACT_ENOMEM;
		goto done;
	}
	*out = doc;
	doc = NULL;
done:
	if (rc == PACT_EINVALID && diags->nerrors == first_error) {
		/* should not happen: every refusal comes with a diagnostic */
		pact_pos none = {0, 0};
		pact_tree__diags_add(diags, PACT_DIAG_ERROR, none, "invalid", "invalid pact");
	}
	sort_diags(diags, first_diag);
	if (rc == PACT_EINVALID)
		set_last_from_diags(diags, opts.path);
	pact_tree__free(&tree);
	pact_doc_free(doc);
	pact_diags_clear(&local);
	return rc;
}

int pact_doc_load_file(pact_doc **out, pact_diags *diags, const char *path,
                       const pact_parse_opts *opts_in)
{
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	FILE *f = NULL;
	char *buf = NULL;
	size_t len = 0, limit;
	struct stat st;
	int fd = -1, rc = 0;

	*out = NULL;
	if (opts_in)
		opts = *opts_in;
	opts.path = path;
	/* Not blocking, and the type checked on what was opened: a FIFO or a
	 * device is refused instead of waited on. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		rc = pact_error_set(errno == ENOENT ? PACT_ENOTFOUND : PACT_EIO,
		                    "cannot open '%s': %s", path, strerror(errno));
		goto done;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = pact_error_set(PACT_EIO, "'%s' is not a regular file", path);
		goto done;
	}
	f = fdopen(fd, "rb");
	if (!f) {
		rc = pact_error_set(PACT_EIO, "cannot open '%s': %s", path, strerror(errno));
		goto done;
	}
	fd = -1;
	limit = opts.max_bytes ? opts.max_bytes : pact_doc_max_bytes();
	if ((unsigned long long)st.st_size > limit) {
		/* refuse before reading: a 50 MB file costs no memory */
		pact_pos none = {0, 0};
		rc = pact_tree__diags_add(
		        diags, PACT_DIAG_ERROR, none, "too-large",
		        "file of %lld bytes is larger than the limit of %zu bytes "
		        "(--max-doc-bytes or PACT_MAX_DOC_BYTES raise it)",
		        (long long)st.st_size, limit);
		rc = rc ? rc
		        : pact_error_set(PACT_EINVALID,
		                         "%s: error: file is larger than the limit of %zu bytes",
		                         path, limit);
		goto done;
	}
	buf = pact_alloc__malloc((size_t)st.st_size + 1);
	if (!buf) {
		rc = PACT_ENOMEM;
		goto done;
	}
	len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		rc = pact_error_set(PACT_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	buf[len] = '\0';
	rc = pact_doc_parse(out, diags, buf, len, &opts);
done:
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	free(buf);
	return rc;
}

const pact_clause *pact_doc_clause(const pact_doc *doc, const char *id)
{
	for (size_t i = 0; doc && id && i < doc->nclauses; i++)
		if (!strcmp(doc->clauses[i].id, id))
			return &doc->clauses[i];
	return NULL;
}

const pact_member *pact_doc_member(const pact_doc *doc, const char *id)
{
	for (size_t i = 0; doc && id && i < doc->nmembers; i++)
		if (!strcmp(doc->members[i].id, id))
			return &doc->members[i];
	return NULL;
}

/* ---- writing YAML --------------------------------------------------- */

typedef struct outbuf {
	char *data;
	size_t len, cap;
	int oom;
} outbuf;

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	outbuf *o = data;
	while (o->len + size >= o->cap) { /* room for the text and a NUL */
		char *d = pact_alloc__grow(o->data, &o->cap, o->len + size, 1, 4096);
		if (!d) {
			o->oom = 1;
			return 0;
		}
		o->data = d;
	}
	memcpy(o->data + o->len, buffer, size);
	o->len += size;
	o->data[o->len] = '\0';
	return 1;
}

/* A plain scalar that a YAML 1.1/1.2 reader would take for something other
 * than a string (null, bool, number, date) is written double-quoted, so
 * other tools read the same text we do. */
static int looks_typed(const char *s)
{
	static const char *words[] = {"",     "~",     "null",  "Null",  "NULL", "true", "True",
	                              "TRUE", "false", "False", "FALSE", "yes",  "Yes",  "YES",
	                              "no",   "No",    "NO",    "on",    "On",   "ON",   "off",
	                              "Off",  "OFF",   "y",     "Y",     "n",    "N"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(s, words[i]))
			return 1;
	const char *p = s;
	if (*p == '-' || *p == '+' || *p == '.')
		p++;
	return *p >= '0' && *p <= '9';
}

static int emit(yaml_emitter_t *e, yaml_event_t *ev)
{
	return yaml_emitter_emit(e, ev) ? 0 : -1;
}

static int emit_str(yaml_emitter_t *e, const char *s)
{
	yaml_event_t ev;
	yaml_scalar_style_t style =
	        looks_typed(s) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
	                             style);
	return emit(e, &ev);
}

static int emit_raw(yaml_emitter_t *e, const char *s)
{
	yaml_event_t ev;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 0,
	                             YAML_PLAIN_SCALAR_STYLE);
	return emit(e, &ev);
}

static int emit_kv(yaml_emitter_t *e, const char *k, const char *v)
{
	if (!v)
		return 0;
	return emit_raw(e, k) || emit_str(e, v);
}

/* Block style only: the files people edit and review are block style. */
static int emit_start(yaml_emitter_t *e, int map)
{
	yaml_event_t ev;
	if (map)
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	else
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	return emit(e, &ev);
}

static int emit_end(yaml_emitter_t *e, int map)
{
	yaml_event_t ev;
	if (map)
		yaml_mapping_end_event_initialize(&ev);
	else
		yaml_sequence_end_event_initialize(&ev);
	return emit(e, &ev);
}

static int emit_doc(yaml_emitter_t *e, const pact_doc *d)
{
	yaml_event_t ev;
	char num[32];

	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (emit(e, &ev))
		return -1;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if (emit(e, &ev) || emit_start(e, 1))
		return -1;
	snprintf(num, sizeof(num), "%d", d->year);
	if (emit_kv(e, "schema", d->schema) || emit_raw(e, "year") || emit_raw(e, num) ||
	    emit_kv(e, "title", d->title) || emit_kv(e, "bloc", d->bloc) ||
	    emit_kv(e, "province", d->province))
		return -1;
	snprintf(num, sizeof(num), "%04d-%02d-%02d", d->signed_date.year, d->signed_date.month,
	         d->signed_date.day);
	if (emit_raw(e, "signed") || emit_start(e, 1) || emit_kv(e, "place", d->signed_place) ||
	    emit_raw(e, "date") || emit_raw(e, num) || emit_end(e, 1))
		return -1;
	if (emit_raw(e, "members") || emit_start(e, 0))
		return -1;
	for (size_t i = 0; i < d->nmembers; i++) {
		const pact_member *m = &d->members[i];
		if (emit_start(e, 1) || emit_kv(e, "id", m->id) || emit_kv(e, "name", m->name))
			return -1;
		if (m->napprovers) {
			if (emit_raw(e, "approvers") || emit_start(e, 0))
				return -1;
			for (size_t k = 0; k < m->napprovers; k++)
				if (emit_str(e, m->approvers[k]))
					return -1;
			if (emit_end(e, 0))
				return -1;
		}
		if (m->nformerly) {
			if (emit_raw(e, "formerly") || emit_start(e, 0))
				return -1;
			for (size_t k = 0; k < m->nformerly; k++)
				if (emit_str(e, m->formerly[k]))
					return -1;
			if (emit_end(e, 0))
				return -1;
		}
		if (emit_end(e, 1))
			return -1;
	}
	if (emit_end(e, 0) || emit_kv(e, "preamble", d->preamble) || emit_raw(e, "clauses") ||
	    emit_start(e, 0))
		return -1;
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause *c = &d->clauses[i];
		snprintf(num, sizeof(num), "%ld", c->number);
		if (emit_start(e, 1) || emit_kv(e, "id", c->id) || emit_raw(e, "number") ||
		    emit_raw(e, num) || emit_kv(e, "title", c->title) ||
		    emit_raw(e, "commitments") || emit_start(e, 0))
			return -1;
		for (size_t k = 0; k < c->ncommitments; k++)
			if (emit_str(e, c->commitments[k].text))
				return -1;
		if (emit_end(e, 0) || emit_end(e, 1))
			return -1;
	}
	if (emit_end(e, 0) || emit_kv(e, "closing", d->closing) ||
	    emit_kv(e, "source", d->source) || emit_kv(e, "note", d->note) || emit_end(e, 1))
		return -1;
	yaml_document_end_event_initialize(&ev, 1);
	if (emit(e, &ev))
		return -1;
	yaml_stream_end_event_initialize(&ev);
	return emit(e, &ev);
}

int pact_doc_to_yaml(char **out, size_t *len_out, const pact_doc *doc)
{
	yaml_emitter_t e;
	outbuf o = {0};
	int rc = 0;

	*out = NULL;
	if (!yaml_emitter_initialize(&e))
		return pact_alloc__oom();
	yaml_emitter_set_output(&e, write_handler, &o);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1); /* never fold long commitments */
	yaml_emitter_set_indent(&e, 2);
	if (emit_doc(&e, doc) < 0 || !yaml_emitter_flush(&e) || o.oom) {
		/* the buffer's allocator has recorded "out of memory" already */
		if (o.oom)
			rc = PACT_ENOMEM;
		else if (e.error == YAML_MEMORY_ERROR)
			rc = pact_alloc__oom();
		else
			rc = pact_error_set(PACT_ERROR, "cannot write YAML: %s",
			                    e.problem ? e.problem : "libyaml failed");
		goto done;
	}
	if (len_out)
		*len_out = o.len;
	*out = o.data;
	o.data = NULL;
done:
	yaml_emitter_delete(&e);
	free(o.data);
	return rc;
}
