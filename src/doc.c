/*
 * doc.c - bytes to a pact_doc: input checks, libyaml events to a node tree,
 * diagnostics, and the YAML writer.
 *
 * Why a tree of our own rather than libyaml's document API: we need the
 * position of every node, we must refuse anchors, aliases and tags before
 * anything expands them (libyaml 0.2.5 accepts self-referencing anchors),
 * and we stop at PACT_MAX_DEPTH while parsing, so a 10 000-deep document
 * costs nothing. Hostile input is stopped in this order: size, UTF-8
 * (including NUL bytes), then YAML syntax, aliases, depth, keys per
 * mapping, scalar size and escaped NULs as the events arrive. Only then does schema.c look at meaning.
 *
 * Invariant: every node of a tree has a position; a tree is at most
 * PACT_MAX_DEPTH deep, so the recursive node_free is bounded.
 */
#include "pact/doc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "doc_internal.h"
#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "pact/sanitize.h"
#include "pact/utf8.h"

/* ---- diagnostics ---------------------------------------------------- */

int diags_add(pact_diags *d, pact_severity sev, pact_pos pos, const char *code,
              const char *fmt, ...)
{
	va_list ap;
	char buf[1024];
	pact_diag *it;

	if (!d)
		return 0;
	it = pact_grow(d->items, &d->cap, d->count, sizeof(*it), 8);
	PACT_CHECK_ALLOC(it);
	d->items = it;
	va_start(ap, fmt);
	/* fmt is an English msgid (xgettext: diags_add's 5th argument, the
	 * schema's ERR/WARN's 4th); the message is kept in the process's
	 * language, the code stays the stable English tag */
	vsnprintf(buf, sizeof(buf), pact__(pact_i18n_lang(), fmt), ap);
	va_end(ap);
	it = &d->items[d->count];
	it->severity = sev;
	it->line = pos.line;
	it->col = pos.col;
	it->code = pact_strdup(code);
	it->message = pact_strdup(buf);
	if (!it->code || !it->message) {
		free(it->code);
		free(it->message);
		return PACT_ENOMEM;
	}
	d->count++;
	if (sev == PACT_DIAG_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
	return 0;
}

void pact_diags_clear(pact_diags *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].code);
		free(d->items[i].message);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}

void pact_diags_make_strict(pact_diags *d)
{
	if (!d)
		return;
	for (size_t k = 0; k < d->count; k++)
		d->items[k].severity = PACT_DIAG_ERROR;
	d->nerrors += d->nwarnings;
	d->nwarnings = 0;
}

char *pact_diag_format(const pact_diag *d, const char *path)
{
	/* The severity word is translated, as gcc and git do ("lỗi",
	 * "cảnh báo"); "path:line:col:" in front stays as editors read it. */
	const char *sev = d->severity == PACT_DIAG_ERROR
	                          ? pact_p__(pact_i18n_lang(), "severity", "error")
	                          : pact_p__(pact_i18n_lang(), "severity", "warning");
	char *out = NULL;
	int n;

	if (!path)
		path = "<input>";
	for (int pass = 0; pass < 2; pass++) {
		size_t cap = out ? (size_t)n + 1 : 0;
		if (d->line)
			n = snprintf(out, cap, "%s:%u:%u: %s: %s", path, d->line, d->col, sev,
			             d->message);
		else
			n = snprintf(out, cap, "%s: %s: %s", path, sev, d->message);
		if (n < 0 || (pass == 0 && !(out = pact_malloc((size_t)n + 1))))
			return NULL;
	}
	return out;
}

/* ---- the node tree -------------------------------------------------- */

void node_free(node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		node_free(n->items[i]);
	free(n->items);
	free(n->value);
	free(n->raw);
	free(n);
}

static int node_push(node *parent, node *child)
{
	node **items = pact_grow(parent->items, &parent->cap, parent->n, sizeof(*items), 4);
	PACT_CHECK_ALLOC(items);
	parent->items = items;
	parent->items[parent->n++] = child;
	return 0;
}

static pact_pos mark_pos(yaml_mark_t m)
{
	pact_pos p = {(unsigned)m.line + 1, (unsigned)m.column + 1};
	return p;
}

/* Position (1-based line, column in code points) of byte `off` of buf. */
static pact_pos byte_pos(const char *buf, size_t off)
{
	pact_pos p = {1, 1};
	size_t line_start = 0;

	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n') {
			p.line++;
			line_start = i + 1;
		}
	p.col = (unsigned)pact_utf8_length(buf + line_start, off - line_start) + 1;
	return p;
}

/* A forward-only cursor over the source lines: events arrive in file
 * order, so finding the line of each scalar costs O(n) for the whole file. */
typedef struct line_cursor {
	const char *buf;
	size_t len, line_start;
	unsigned line; /* 1-based line that starts at line_start */
} line_cursor;

/* Keep the source of a one-line quoted scalar that holds escapes (its
 * decoded text is shorter than its source), for exact columns inside it.
 * Only for such scalars: everywhere else column arithmetic is exact. */
static int keep_raw(node *n, line_cursor *lc)
{
	size_t i, start, end;
	unsigned col = 1;

	if (!n->quote || n->end.line != n->pos.line ||
	    n->end.col - n->pos.col <= pact_utf8_length(n->value, n->len) + 2)
		return 0;
	while (lc->line < n->pos.line) {
		const char *nl = memchr(lc->buf + lc->line_start, '\n', lc->len - lc->line_start);
		if (!nl)
			return 0;
		lc->line_start = (size_t)(nl - lc->buf) + 1;
		lc->line++;
	}
	for (i = lc->line_start; i < lc->len && col < n->pos.col; col++) {
		int32_t cp;
		i += pact_utf8_decode(lc->buf + i, lc->len - i, &cp);
	}
	start = i + 1; /* after the opening quote */
	for (end = i; end < lc->len && col < n->end.col; col++) {
		int32_t cp;
		end += pact_utf8_decode(lc->buf + end, lc->len - end, &cp);
	}
	if (start > end)
		return 0;
	n->raw = pact_malloc(end - start + 1);
	if (!n->raw)
		return PACT_ENOMEM;
	memcpy(n->raw, lc->buf + start, end - start);
	n->raw[end - start] = '\0';
	return 0;
}

/* Something in the event that pact/1 forbids: anchors, tags. Returns 1 and
 * records an error when there is. */
static int forbidden_props(pact_diags *diags, const yaml_event_t *ev, int *rc)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	int implicit = 1;
	pact_pos pos = mark_pos(ev->start_mark);

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		implicit = ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		implicit = ev->data.sequence_start.implicit;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		implicit = ev->data.mapping_start.implicit;
		break;
	default:
		return 0;
	}
	if (anchor) {
		*rc = diags_add(diags, PACT_DIAG_ERROR, pos, "anchor",
		                "anchors are not allowed in a pact ('&%s'): write the text out in full",
		                (const char *)anchor);
		return 1;
	}
	if (tag && !implicit) {
		*rc = diags_add(diags, PACT_DIAG_ERROR, pos, "tag",
		                "tags are not allowed in a pact ('%s')", (const char *)tag);
		return 1;
	}
	return 0;
}

/*
 * Build the node tree from libyaml's events. Stops at the first hard
 * problem (syntax, alias, anchor, tag, depth, scalar size): past any of
 * those the rest of the stream cannot be trusted, and continuing would
 * spend work on hostile input. Returns 0, PACT_EINVALID or PACT_ENOMEM.
 */
/* ---- what lies outside the text ------------------------------------- */

/* Comments, indentation and line breaks are not text, so schema.c never
 * sees them, yet `pact show --format=yaml` and `git show` print them as
 * they are: YAML accepts NEL (U+0085), U+2028 and U+2029 as line breaks and
 * any printable character, a bidi override included, in a comment. No pact
 * needs any of them there, so the first one is an error; a control used
 * as a line break inside a scalar is one too (see check_raw). libyaml's marks
 * count characters, so a forward-only cursor turns them into bytes. */
typedef struct raw_cursor {
	const char *buf;
	size_t len, byte, chars;
} raw_cursor;

static size_t raw_seek(raw_cursor *r, size_t chars)
{
	while (r->chars < chars && r->byte < r->len) {
		r->byte++;
		while (r->byte < r->len && ((unsigned char)r->buf[r->byte] & 0xC0) == 0x80)
			r->byte++;
		r->chars++;
	}
	return r->byte;
}

/* 0, or PACT_EINVALID (or PACT_ENOMEM) after reporting the first character
 * of buf[from..to) that the sanitiser would escape; LF, TAB and the CR of
 * a CRLF pass. Inside a scalar (`in_text`) only controls count: a raw NEL
 * or a bare CR there is a line break libyaml folds away, so schema.c never
 * sees it, while the other characters reach schema.c, which warns. */
static int check_raw(pact_diags *diags, const char *buf, size_t len, size_t from, size_t to,
                     int in_text)
{
	for (size_t i = from; i < to;) {
		unsigned cp = 0;
		size_t n = pact_utf8_next(buf + i, len - i, &cp);
		int rc, control;
		if (n == 0)
			n = 1; /* cannot happen: the document was checked as UTF-8 */
		else if (cp == '\r' && i + 1 < len && buf[i + 1] == '\n')
			cp = '\n';
		control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
		if (cp != '\n' && cp != '\t' && pact_sanitize_is_unsafe(cp) && (control || !in_text)) {
			rc = diags_add(diags, PACT_DIAG_ERROR, byte_pos(buf, i), "control",
			               control || cp == 0x2028 || cp == 0x2029
			                       ? N_("character U+%04X used as a line break: it can drive or "
			                            "reorder the reader's terminal; remove it (end lines "
			                            "with LF or CRLF)")
			                       : N_("character U+%04X outside the text (in a comment or an "
			                            "indentation): it can drive or reorder the reader's "
			                            "terminal; remove it"),
			               cp);
			return rc ? rc : PACT_EINVALID;
		}
		i += n;
	}
	return 0;
}

static int build_tree(node **out, pact_diags *diags, const char *buf, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	node *stack[PACT_MAX_DEPTH + 1];
	node *root = NULL, *n = NULL;
	line_cursor lc = {buf, len, 0, 1};
	raw_cursor rc_raw = {buf, len, 0, 0};
	size_t depth = 0, checked = 0;
	int rc = 0, have_event = 0, ndocs = 0, done_stream = 0;

	*out = NULL;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		lc.line_start = rc_raw.byte = checked = 3; /* libyaml does not count a BOM */
	if (!yaml_parser_initialize(&parser))
		return pact_oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);

	while (!done_stream) {
		if (!yaml_parser_parse(&parser, &ev)) {
			pact_pos pos = mark_pos(parser.problem_mark);
			if (parser.error == YAML_MEMORY_ERROR) {
				rc = pact_oom();
			} else if (parser.context) {
				pact_pos ctx = mark_pos(parser.context_mark);
				rc = diags_add(diags, PACT_DIAG_ERROR, pos, "syntax",
				               "invalid YAML: %s %s (started at line %u, column %u)",
				               parser.problem, parser.context, ctx.line, ctx.col);
			} else {
				rc = diags_add(diags, PACT_DIAG_ERROR, pos, "syntax", "invalid YAML: %s",
				               parser.problem ? parser.problem : "cannot parse");
			}
			if (rc == 0)
				rc = PACT_EINVALID;
			goto done;
		}
		have_event = 1;
		if (forbidden_props(diags, &ev, &rc)) {
			rc = rc ? rc : PACT_EINVALID;
			goto done;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			if ((rc = check_raw(diags, buf, len, checked, len, 0)) < 0)
				goto done;
			done_stream = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocs > 1) {
				rc = diags_add(diags, PACT_DIAG_ERROR, mark_pos(ev.start_mark), "documents",
				               "more than one YAML document in the file: one pact per file");
				rc = rc ? rc : PACT_EINVALID;
				goto done;
			}
			break;
		case YAML_ALIAS_EVENT:
			rc = diags_add(diags, PACT_DIAG_ERROR, mark_pos(ev.start_mark), "alias",
			               "aliases are not allowed in a pact ('*%s'): write the text out in full",
			               (const char *)ev.data.alias.anchor);
			rc = rc ? rc : PACT_EINVALID;
			goto done;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (ev.type == YAML_SCALAR_EVENT) {
				size_t at = raw_seek(&rc_raw, ev.start_mark.index);
				if ((rc = check_raw(diags, buf, len, checked, at, 0)) < 0)
					goto done;
				checked = raw_seek(&rc_raw, ev.end_mark.index);
				if ((rc = check_raw(diags, buf, len, at, checked, 1)) < 0)
					goto done;
			}
			if (ev.type != YAML_SCALAR_EVENT && depth >= PACT_MAX_DEPTH) {
				rc = diags_add(diags, PACT_DIAG_ERROR, mark_pos(ev.start_mark), "too-deep",
				               "nesting deeper than %d levels: a pact is never this deep",
				               PACT_MAX_DEPTH);
				rc = rc ? rc : PACT_EINVALID;
				goto done;
			}
			if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length > PACT_MAX_SCALAR_BYTES) {
				rc = diags_add(diags, PACT_DIAG_ERROR, mark_pos(ev.start_mark), "too-long",
				               "text of %zu bytes is longer than the limit of %u bytes",
				               (size_t)ev.data.scalar.length, PACT_MAX_SCALAR_BYTES);
				rc = rc ? rc : PACT_EINVALID;
				goto done;
			}
			/* a key's event arrives with the map holding 2k nodes */
			if (depth > 0 && stack[depth - 1]->kind == NODE_MAP &&
			    stack[depth - 1]->n >= 2 * PACT_MAX_MAP_KEYS) {
				rc = diags_add(diags, PACT_DIAG_ERROR, mark_pos(ev.start_mark), "limit",
				               "mapping with more than %d keys: no pact needs this many",
				               PACT_MAX_MAP_KEYS);
				rc = rc ? rc : PACT_EINVALID;
				goto done;
			}
			/* "\0" in a quoted string: C strings would cut the text there,
			 * so what a reviewer reads and what pact keeps would differ */
			if (ev.type == YAML_SCALAR_EVENT &&
			    memchr(ev.data.scalar.value, '\0', ev.data.scalar.length)) {
				rc = diags_add(diags, PACT_DIAG_ERROR, mark_pos(ev.start_mark), "nul",
				               "NUL character (written '\\0') in text");
				rc = rc ? rc : PACT_EINVALID;
				goto done;
			}
			n = pact_calloc(1, sizeof(*n));
			if (!n) {
				rc = PACT_ENOMEM;
				goto done;
			}
			n->pos = mark_pos(ev.start_mark);
			if (ev.type == YAML_SCALAR_EVENT) {
				n->kind = NODE_SCALAR;
				n->len = ev.data.scalar.length;
				n->value = pact_malloc(n->len + 1);
				if (!n->value) {
					rc = PACT_ENOMEM;
					goto done;
				}
				memcpy(n->value, ev.data.scalar.value, n->len);
				n->value[n->len] = '\0';
				n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
				n->end = mark_pos(ev.end_mark);
				n->quote = ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? '"'
				           : ev.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\''
				                                                                     : 0;
				if ((rc = keep_raw(n, &lc)) < 0)
					goto done;
			} else {
				n->kind = ev.type == YAML_MAPPING_START_EVENT ? NODE_MAP : NODE_SEQ;
			}
			if (depth == 0) {
				root = n;
			} else if ((rc = node_push(stack[depth - 1], n)) < 0) {
				goto done;
			}
			if (n->kind != NODE_SCALAR)
				stack[depth++] = n;
			n = NULL;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		have_event = 0;
	}
	if (!root) {
		pact_pos start = {1, 1};
		rc = diags_add(diags, PACT_DIAG_ERROR, start, "empty", "the document is empty");
		rc = rc ? rc : PACT_EINVALID;
		goto done;
	}
	*out = root;
	root = NULL;
done:
	if (have_event)
		yaml_event_delete(&ev);
	node_free(n);
	node_free(root);
	yaml_parser_delete(&parser);
	return rc;
}

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

	if (n < 2 || !(r = pact_malloc(n * sizeof(*r))))
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
	node *root = NULL;
	pact_doc *doc = NULL;
	size_t bad = 0, limit;
	int rc = 0;

	*out = NULL;
	if (opts_in)
		opts = *opts_in;
	limit = opts.max_bytes ? opts.max_bytes : pact_doc_max_bytes();
	if (len > limit) {
		pact_pos none = {0, 0};
		rc = diags_add(diags, PACT_DIAG_ERROR, none, "too-large",
		               "document of %zu bytes is larger than the limit of %zu bytes "
		               "(--max-doc-bytes or PACT_MAX_DOC_BYTES raise it)",
		               len, limit);
		rc = rc ? rc : PACT_EINVALID;
		goto done;
	}
	if (!pact_utf8_valid(buf, len, &bad)) {
		pact_pos pos = byte_pos(buf, bad);
		if (buf[bad] == '\0')
			rc = diags_add(diags, PACT_DIAG_ERROR, pos, "nul", "NUL byte in the document");
		else
			rc = diags_add(diags, PACT_DIAG_ERROR, pos, "utf8",
			               "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
			               (unsigned char)buf[bad]);
		rc = rc ? rc : PACT_EINVALID;
		goto done;
	}
	rc = build_tree(&root, diags, buf, len);
	if (rc < 0)
		goto done;
	rc = schema_build(&doc, diags, root, opts.check_filename ? opts.path : NULL);
	if (rc < 0)
		goto done;
	doc->path = pact_strdup(opts.path ? opts.path : "<input>");
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
		diags_add(diags, PACT_DIAG_ERROR, none, "invalid", "invalid pact");
	}
	sort_diags(diags, first_diag);
	if (rc == PACT_EINVALID)
		set_last_from_diags(diags, opts.path);
	node_free(root);
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
		rc = diags_add(diags, PACT_DIAG_ERROR, none, "too-large",
		               "file of %lld bytes is larger than the limit of %zu bytes "
		               "(--max-doc-bytes or PACT_MAX_DOC_BYTES raise it)",
		               (long long)st.st_size, limit);
		rc = rc ? rc : pact_error_set(PACT_EINVALID,
		                              "%s: error: file is larger than the limit of %zu bytes",
		                              path, limit);
		goto done;
	}
	buf = pact_malloc((size_t)st.st_size + 1);
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

void pact_doc_free(pact_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->nmembers; i++) {
		pact_member *m = &doc->members[i];
		free(m->id);
		free(m->name);
		for (size_t k = 0; k < m->napprovers; k++)
			free(m->approvers[k]);
		free(m->approvers);
	}
	for (size_t i = 0; i < doc->nclauses; i++) {
		pact_clause *c = &doc->clauses[i];
		free(c->id);
		free(c->title);
		for (size_t k = 0; k < c->ncommitments; k++)
			free(c->commitments[k].text);
		free(c->commitments);
	}
	free(doc->members);
	free(doc->clauses);
	free(doc->path);
	free(doc->schema);
	free(doc->title);
	free(doc->bloc);
	free(doc->province);
	free(doc->signed_place);
	free(doc->preamble);
	free(doc->closing);
	free(doc->source);
	free(doc->note);
	free(doc);
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
	if (o->len + size + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		while (cap < o->len + size + 1)
			cap *= 2;
		char *d = pact_realloc(o->data, cap);
		if (!d) {
			o->oom = 1;
			return 0;
		}
		o->data = d;
		o->cap = cap;
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
	static const char *words[] = {"", "~", "null", "Null", "NULL", "true", "True", "TRUE",
	                              "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No",
	                              "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"};
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
	yaml_scalar_style_t style = looks_typed(s) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
	                                           : YAML_ANY_SCALAR_STYLE;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1, style);
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
		if (emit_start(e, 1) || emit_kv(e, "id", m->id) ||
		    emit_kv(e, "name", m->name))
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
		return pact_oom();
	yaml_emitter_set_output(&e, write_handler, &o);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1); /* never fold long commitments */
	yaml_emitter_set_indent(&e, 2);
	if (emit_doc(&e, doc) < 0 || !yaml_emitter_flush(&e) || o.oom) {
		rc = pact_error_set(o.oom ? PACT_ENOMEM : PACT_ERROR, "cannot write YAML: %s",
		                    e.problem ? e.problem : "out of memory");
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
