/*
 * tree.c - the YAML node tree: libyaml events to nodes that know their
 * position, and the diagnostics list every check reports into.
 *
 * Why a tree of our own rather than libyaml's document API: we need the
 * position of every node, we must refuse anchors, aliases and tags before
 * anything expands them (libyaml 0.2.5 accepts self-referencing anchors),
 * and we stop at PACT_MAX_DEPTH while parsing, so a 10 000-deep document
 * costs nothing. Hostile input reaches this file already checked for size
 * and UTF-8 (doc.c); here it is stopped at YAML syntax, aliases, depth,
 * keys per mapping, scalar size and escaped NULs as the events arrive, and
 * at controls outside the text. Only then does schema.c look at meaning.
 *
 * Invariant: every node of a tree has a position; a tree is at most
 * PACT_MAX_DEPTH deep, so the recursive pact_doc__node_free is bounded.
 */
#include "tree.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "pact/sanitize.h"
#include "pact/utf8.h"
#include "yaml_problems.h"

/* ---- diagnostics ---------------------------------------------------- */

int pact_tree__diags_add(pact_diags *d, pact_severity sev, pact_pos pos, const char *code,
                         const char *fmt, ...)
{
	va_list ap;
	char buf[1024];
	pact_diag *it;

	if (!d)
		return 0;
	it = pact_alloc__grow(d->items, &d->cap, d->count, sizeof(*it), 8);
	PACT_CHECK_ALLOC(it);
	d->items = it;
	va_start(ap, fmt);
	/* fmt is an English msgid (xgettext: pact_tree__diags_add's 5th argument, the
	 * schema's ERR/WARN's 4th); the message is kept in the process's
	 * language, the code stays the stable English tag */
	vsnprintf(buf, sizeof(buf), pact__(pact_i18n_lang(), fmt), ap);
	va_end(ap);
	it = &d->items[d->count];
	it->severity = sev;
	it->line = pos.line;
	it->col = pos.col;
	it->code = pact_alloc__strdup(code);
	it->message = pact_alloc__strdup(buf);
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
		if (n < 0 || (pass == 0 && !(out = pact_alloc__malloc((size_t)n + 1))))
			return NULL;
	}
	return out;
}

/* ---- the node tree -------------------------------------------------- */

void pact_doc__node_free(node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		pact_doc__node_free(n->items[i]);
	free(n->items);
	free(n->value);
	free(n->raw);
	free(n);
}

static int node_push(node *parent, node *child)
{
	node **items = pact_alloc__grow(parent->items, &parent->cap, parent->n, sizeof(*items), 4);
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

pact_pos pact_tree__byte_pos(const char *buf, size_t off)
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
	n->raw = pact_alloc__malloc(end - start + 1);
	if (!n->raw)
		return PACT_ENOMEM;
	memcpy(n->raw, lc->buf + start, end - start);
	n->raw[end - start] = '\0';
	return 0;
}

/* A refusal: the diagnostic stored (pact_tree__diags_add returned 0) makes the
 * document invalid; PACT_ENOMEM stays what it is. */
static int refused(int rc)
{
	return rc ? rc : PACT_EINVALID;
}

/* Something in the event that pact/1 forbids: anchors, tags. 0, or the
 * refusal with its diagnostic. */
static int forbidden_props(pact_diags *diags, const yaml_event_t *ev)
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
	if (anchor)
		return refused(pact_tree__diags_add(
		        diags, PACT_DIAG_ERROR, pos, "anchor",
		        "anchors are not allowed in a pact ('&%s'): write the text out in full",
		        (const char *)anchor));
	if (tag && !implicit)
		return refused(pact_tree__diags_add(diags, PACT_DIAG_ERROR, pos, "tag",
		                                    "tags are not allowed in a pact ('%s')",
		                                    (const char *)tag));
	return 0;
}

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
		if (cp != '\n' && cp != '\t' && pact_sanitize_is_unsafe(cp) &&
		    (control || !in_text)) {
			rc = pact_tree__diags_add(
			        diags, PACT_DIAG_ERROR, pact_tree__byte_pos(buf, i), "control",
			        control || cp == 0x2028 || cp == 0x2029
			                ? N_("character U+%04X used as a line break: it can drive "
			                     "or "
			                     "reorder the reader's terminal; remove it (end lines "
			                     "with LF or CRLF)")
			                : N_("character U+%04X outside the text (in a comment or "
			                     "an "
			                     "indentation): it can drive or reorder the reader's "
			                     "terminal; remove it"),
			        cp);
			return rc ? rc : PACT_EINVALID;
		}
		i += n;
	}
	return 0;
}

/* ---- building the tree ---------------------------------------------- */

/* What building a tree carries from one event to the next. */
typedef struct builder {
	pact_diags *diags;
	const char *buf;
	size_t len;
	node *root;
	node *stack[PACT_MAX_DEPTH + 1]; /* the open maps and sequences */
	size_t depth;
	line_cursor lc; /* for keep_raw */
	raw_cursor raw; /* for check_raw */
	size_t checked; /* bytes before this one were checked by check_raw */
	int ndocs;
} builder;

/* libyaml could not parse: its problem, where, and in what context. */
static int syntax_error(pact_diags *diags, const yaml_parser_t *parser)
{
	pact_pos pos = mark_pos(parser->problem_mark);

	if (parser->error == YAML_MEMORY_ERROR)
		return pact_alloc__oom();
	if (parser->context) {
		pact_pos ctx = mark_pos(parser->context_mark);
		return refused(pact_tree__diags_add(
		        diags, PACT_DIAG_ERROR, pos, "syntax",
		        "invalid YAML: %s %s (started at line %u, column %u)",
		        pact_yaml__problem(parser->problem), pact_yaml__problem(parser->context),
		        ctx.line, ctx.col));
	}
	return refused(pact_tree__diags_add(
	        diags, PACT_DIAG_ERROR, pos, "syntax", "invalid YAML: %s",
	        parser->problem ? pact_yaml__problem(parser->problem) : _("cannot parse")));
}

/* The source up to a scalar (outside the text) and the scalar's own. */
static int check_scalar_source(builder *b, const yaml_event_t *ev)
{
	size_t at = raw_seek(&b->raw, ev->start_mark.index);
	int rc = check_raw(b->diags, b->buf, b->len, b->checked, at, 0);

	if (rc < 0)
		return rc;
	b->checked = raw_seek(&b->raw, ev->end_mark.index);
	return check_raw(b->diags, b->buf, b->len, at, b->checked, 1);
}

/* The bounds a new node must keep: depth, scalar size, keys per mapping,
 * and no NUL in text. */
static int check_limits(const builder *b, const yaml_event_t *ev)
{
	pact_pos pos = mark_pos(ev->start_mark);
	int scalar = ev->type == YAML_SCALAR_EVENT;
	const node *parent = b->depth > 0 ? b->stack[b->depth - 1] : NULL;

	if (!scalar && b->depth >= PACT_MAX_DEPTH)
		return refused(pact_tree__diags_add(
		        b->diags, PACT_DIAG_ERROR, pos, "too-deep",
		        "nesting deeper than %d levels: a pact is never this deep",
		        PACT_MAX_DEPTH));
	if (scalar && ev->data.scalar.length > PACT_MAX_SCALAR_BYTES)
		return refused(pact_tree__diags_add(
		        b->diags, PACT_DIAG_ERROR, pos, "too-long",
		        "text of %zu bytes is longer than the limit of %u bytes",
		        (size_t)ev->data.scalar.length, PACT_MAX_SCALAR_BYTES));
	/* a key's event arrives with the map holding 2k nodes */
	if (parent && parent->kind == NODE_MAP && parent->n >= 2 * PACT_MAX_MAP_KEYS)
		return refused(pact_tree__diags_add(
		        b->diags, PACT_DIAG_ERROR, pos, "limit",
		        "mapping with more than %d keys: no pact needs this many",
		        PACT_MAX_MAP_KEYS));
	/* "\0" in a quoted string: C strings would cut the text there, so what
	 * a reviewer reads and what pact keeps would differ */
	if (scalar && memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
		return refused(pact_tree__diags_add(b->diags, PACT_DIAG_ERROR, pos, "nul",
		                                    "NUL character (written '\\0') in text"));
	return 0;
}

/* The node a scalar, sequence-start or mapping-start event stands for;
 * *out is the caller's (pact_doc__node_free). */
static int new_node(node **out, line_cursor *lc, const yaml_event_t *ev)
{
	node *n = pact_alloc__calloc(1, sizeof(*n));
	int rc = 0;

	*out = NULL;
	if (!n) {
		rc = PACT_ENOMEM;
		goto done;
	}
	n->pos = mark_pos(ev->start_mark);
	if (ev->type != YAML_SCALAR_EVENT) {
		n->kind = ev->type == YAML_MAPPING_START_EVENT ? NODE_MAP : NODE_SEQ;
	} else {
		n->kind = NODE_SCALAR;
		n->len = ev->data.scalar.length;
		n->value = pact_alloc__malloc(n->len + 1);
		if (!n->value) {
			rc = PACT_ENOMEM;
			goto done;
		}
		memcpy(n->value, ev->data.scalar.value, n->len);
		n->value[n->len] = '\0';
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		n->end = mark_pos(ev->end_mark);
		n->quote = ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE   ? '"'
		           : ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\''
		                                                                      : 0;
		if ((rc = keep_raw(n, lc)) < 0)
			goto done;
	}
	*out = n;
	n = NULL;
done:
	pact_doc__node_free(n);
	return rc;
}

/* A scalar, or the start of a map or sequence: checked, made a node, hung
 * under the open map or sequence (or made the root); a map or sequence is
 * then the open one. */
static int on_node(builder *b, const yaml_event_t *ev)
{
	node *n = NULL;
	int rc = 0;

	if (ev->type == YAML_SCALAR_EVENT && (rc = check_scalar_source(b, ev)) < 0)
		goto done;
	if ((rc = check_limits(b, ev)) < 0 || (rc = new_node(&n, &b->lc, ev)) < 0)
		goto done;
	if (b->depth == 0)
		b->root = n;
	else if ((rc = node_push(b->stack[b->depth - 1], n)) < 0)
		goto done;
	if (n->kind != NODE_SCALAR)
		b->stack[b->depth++] = n;
	n = NULL;
done:
	pact_doc__node_free(n);
	return rc;
}

/* One event of the stream; *end is set at the stream's end. */
static int on_event(builder *b, const yaml_event_t *ev, int *end)
{
	int rc = forbidden_props(b->diags, ev);

	if (rc < 0)
		return rc;
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		*end = 1;
		return check_raw(b->diags, b->buf, b->len, b->checked, b->len, 0);
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1)
			return refused(pact_tree__diags_add(
			        b->diags, PACT_DIAG_ERROR, mark_pos(ev->start_mark), "documents",
			        "more than one YAML document in the file: one pact per file"));
		return 0;
	case YAML_ALIAS_EVENT:
		return refused(pact_tree__diags_add(
		        b->diags, PACT_DIAG_ERROR, mark_pos(ev->start_mark), "alias",
		        "aliases are not allowed in a pact ('*%s'): write the text out in full",
		        (const char *)ev->data.alias.anchor));
	case YAML_SCALAR_EVENT:
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_node(b, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		b->depth--;
		return 0;
	default:
		return 0;
	}
}

/*
 * Build the node tree from libyaml's events. Stops at the first hard
 * problem (syntax, alias, anchor, tag, depth, scalar size): past any of
 * those the rest of the stream cannot be trusted, and continuing would
 * spend work on hostile input. Returns 0, PACT_EINVALID or PACT_ENOMEM.
 */
int pact_tree__build(node **out, pact_diags *diags, const char *buf, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	builder b = {.diags = diags, .buf = buf, .len = len};
	int rc = 0, end = 0;

	*out = NULL;
	b.lc = (line_cursor){buf, len, 0, 1};
	b.raw = (raw_cursor){buf, len, 0, 0};
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		b.lc.line_start = b.raw.byte = b.checked = 3; /* libyaml does not count a BOM */
	if (!yaml_parser_initialize(&parser))
		return pact_alloc__oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!end && rc == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = syntax_error(diags, &parser);
			goto done;
		}
		rc = on_event(&b, &ev, &end);
		yaml_event_delete(&ev);
	}
	if (rc == 0 && !b.root) {
		pact_pos start = {1, 1};
		rc = refused(pact_tree__diags_add(diags, PACT_DIAG_ERROR, start, "empty",
		                                  "the document is empty"));
	}
	if (rc == 0) {
		*out = b.root;
		b.root = NULL;
	}
done:
	pact_doc__node_free(b.root);
	yaml_parser_delete(&parser);
	return rc;
}
