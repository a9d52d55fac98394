/*
 * import.c - the import pipeline: read the input whole (bounded), pick a
 * reader by content, find the structure, assign ids, run the passes, write
 * pact/1 YAML.
 *
 * Why by content: officers rename files ("giao uoc.doc" that is really a
 * .docx, a scan saved as .pdf.jpg), so the extension says little; magic
 * bytes and zip entries say what the bytes are. Readers are tried in the
 * order of readers.def, and plain text, the fallback, last.
 *
 * Nothing is returned on failure: the caller gets either a whole result
 * or an error with a message, never half a document.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../buf.h"
#include "import.h"
#include "pact/error.h"
#include "pact/i18n.h"

typedef struct reader {
	const char *name;
	const char *desc;
	int (*sniff)(const unsigned char *, size_t);
	int (*read)(imp_blocks *, const unsigned char *, size_t, imp_ctx *);
} reader;

static const reader readers[] = {
#define READER(name, desc) {#name, desc, pact_import__sniff_##name, pact_import__read_##name},
#include "readers.def"
#undef READER
};

typedef int (*pass_fn)(imp_doc *, imp_ctx *);
static const pass_fn passes[] = {
#define PASS(name) pact_import__pass_##name,
#include "passes.def"
#undef PASS
};

static const reader *pick_reader(const unsigned char *data, size_t len)
{
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (readers[i].sniff(data, len))
			return &readers[i];
	return NULL;
}

/* A pact/1 YAML file given to import by mistake: a line "schema: pact/1". */
static int already_pact(const unsigned char *d, size_t len)
{
	static const char key[] = "schema: pact/1";
	for (size_t i = 0; i + sizeof(key) - 1 <= len && i < 4096; i++)
		if ((i == 0 || d[i - 1] == '\n') && !memcmp(d + i, key, sizeof(key) - 1))
			return 1;
	return 0;
}

static int unknown_format(const char *name)
{
	pact_buf b = PACT_BUF_INIT;
	char *list;
	int rc;
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (*readers[i].desc) /* readers that only explain a refusal have none */
			pact_buf__printf(&b, "%s%s", b.len ? ", " : "",
			                 pact__(pact_i18n_lang(), readers[i].desc)); /* READER:2 */
	list = pact_buf__detach(&b, NULL);
	rc = pact_error_set(PACT_EINVALID, "'%s' is not a document pact import can read (%s)", name,
	                    list ? list : "");
	free(list);
	return rc;
}

int pact_import_buffer(pact_import_result **out, const void *data, size_t len,
                       const pact_import_opts *opts_in)
{
	pact_import_opts defaults = PACT_IMPORT_OPTS_INIT;
	const pact_import_opts *opts = opts_in ? opts_in : &defaults;
	const char *name = opts->name ? opts->name : "<input>";
	pact_import_result *res = NULL;
	imp_blocks blocks = {0};
	imp_doc doc = {0};
	imp_ctx ctx;
	const reader *rd;
	int rc;

	*out = NULL;
	pact_error_clear();
	res = pact_alloc__calloc(1, sizeof(*res));
	if (!res)
		return PACT_ENOMEM;
	ctx.opts = opts;
	ctx.name = name;
	ctx.diags = &res->diags;
	ctx.changes = &res->changes;

	if (len == 0) {
		rc = pact_error_set(PACT_EINVALID, "'%s' is empty", name);
		goto done;
	}
	if (len > PACT_IMPORT_MAX_INPUT_BYTES) {
		rc = pact_error_set(PACT_ELIMIT, "'%s' is larger than %u MiB", name,
		                    PACT_IMPORT_MAX_INPUT_BYTES / (1024u * 1024u));
		goto done;
	}
	if (already_pact(data, len)) {
		rc = pact_error_set(PACT_EINVALID,
		                    "'%s' is already a pact/1 document: check it with "
		                    "'pact validate' and store it with 'pact commit'",
		                    name);
		goto done;
	}
	rd = pick_reader(data, len);
	if (!rd) {
		rc = unknown_format(name);
		goto done;
	}
	if ((rc = rd->read(&blocks, data, len, &ctx)) < 0) {
		/* the reader set a message without the file name: prefix it */
		char *msg = pact_alloc__strdup(pact_error_last()->message);
		rc = pact_error_set(rc, "'%s': %s", name, msg ? msg : "cannot be read");
		free(msg);
		goto done;
	}
	res->format = pact_alloc__strdup(blocks.format ? blocks.format : rd->desc);
	if (!res->format) {
		rc = PACT_ENOMEM;
		goto done;
	}
	doc.like = opts->like;
	doc.format = res->format;
	doc.how = blocks.how;
	doc.ocr = blocks.ocr;
	if ((rc = pact_import__structure(&doc, &blocks, &ctx)) < 0) {
		if (rc == PACT_EINVALID) {
			char *msg = pact_alloc__strdup(pact_error_last()->message);
			rc = pact_error_set(rc, "'%s': %s", name, msg ? msg : "no pact found");
			free(msg);
		}
		goto done;
	}
	if (opts->year && doc.year && doc.year != opts->year &&
	    (rc = pact_import__warn(&ctx, doc.year_line, "year",
	                            "the document says %d, but the year asked for is %d", doc.year,
	                            opts->year)) < 0)
		goto done;
	if ((rc = pact_import__ids(&doc, &ctx)) < 0)
		goto done;
	for (size_t i = 0; i < sizeof(passes) / sizeof(passes[0]); i++)
		if ((rc = passes[i](&doc, &ctx)) < 0)
			goto done;
	if ((rc = pact_import__write(&res->yaml, &res->len, &res->complete, &doc, &ctx)) < 0)
		goto done;
	res->year = opts->year ? opts->year : doc.year;
	res->doc_year = doc.year;
	res->nclauses = doc.nclauses;
	res->nmembers = doc.nmembers;
	for (size_t i = 0; i < doc.nclauses; i++)
		res->ncommitments += doc.clauses[i].ncommitments;
	*out = res;
	res = NULL;
	rc = 0;
done:
	if (rc == PACT_ENOMEM && !*pact_error_last()->message)
		pact_alloc__oom(); /* a reader outside pact_alloc__malloc (poppler, tesseract) */
	pact_import__doc_clear(&doc);
	pact_import__blocks_clear(&blocks);
	pact_import_result_free(res);
	return rc;
}

int pact_import_file(pact_import_result **out, const char *path, const pact_import_opts *opts_in)
{
	pact_import_opts opts = PACT_IMPORT_OPTS_INIT;
	unsigned char *data = NULL;
	struct stat st;
	FILE *f = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (opts_in)
		opts = *opts_in;
	if (!opts.name)
		opts.name = path;
	if (stat(path, &st) != 0) {
		rc = pact_error_set(errno == ENOENT ? PACT_ENOTFOUND : PACT_EIO,
		                    "'%s' does not exist", path);
		if (errno != ENOENT)
			rc = pact_error_set(PACT_EIO, "cannot read '%s': %s", path,
			                    strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = pact_error_set(PACT_EIO, "'%s' is not a regular file", path);
		goto done;
	}
	if ((unsigned long long)st.st_size > PACT_IMPORT_MAX_INPUT_BYTES) {
		rc = pact_error_set(PACT_ELIMIT, "'%s' is larger than %u MiB", path,
		                    PACT_IMPORT_MAX_INPUT_BYTES / (1024u * 1024u));
		goto done;
	}
	f = fopen(path, "rb");
	if (!f) {
		rc = pact_error_set(PACT_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	data = pact_alloc__malloc((size_t)st.st_size + 1);
	if (!data) {
		rc = PACT_ENOMEM;
		goto done;
	}
	/* read at most one byte more than stat said, to notice a file that grew */
	len = fread(data, 1, (size_t)st.st_size + 1, f);
	if (ferror(f)) {
		rc = pact_error_set(PACT_EIO, "cannot read '%s'", path);
		goto done;
	}
	if (len > (size_t)st.st_size) {
		rc = pact_error_set(PACT_EIO, "'%s' changed while it was read", path);
		goto done;
	}
	rc = pact_import_buffer(out, data, len, &opts);
done:
	if (f)
		fclose(f);
	free(data);
	return rc;
}

void pact_import_result_free(pact_import_result *r)
{
	if (!r)
		return;
	free(r->yaml);
	free(r->format);
	pact_diags_clear(&r->diags);
	pact_diags_clear(&r->changes);
	free(r);
}
