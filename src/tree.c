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
 * nodes in all, items per list, keys per mapping, scalar size and escaped
 * NULs as the events arrive, and at controls outside the text. Only then
 * does schema.c look at meaning.
 *
 * Memory: a node is 24 bytes and a map's or list's children one array of
 * nodes, a text is its bytes and a NUL; with at most PACT_MAX_NODES nodes
 * and every list checked as it grows, a hostile document is refused in a
 * few times its own size (a 14 MB list of 7 million items: 20 MB; with
 * 80-byte nodes, pointer arrays and the item limits left to schema.c, it
 * had cost 786 MB to build the tree that was then refused).
 *
 * Invariant: every node of a tree has a position; a tree is at most
 * PACT_MAX_DEPTH deep. Its nodes, texts and child arrays live in a few
 * large blocks freed at once (a 10 000-clause pact is 200 000 nodes: a
 * malloc and a free for each, and each child array regrown as it filled,
 * had been a seventh of loading it).
 */
#include "tree.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "error_internal.h"
#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "pact/sanitize.h"
#include "pact/utf8.h"
#include "schema.h"
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
	 * language, the code stays the stable English tag; a key or a value
	 * it quotes is shown safe (error_internal.h) */
	pact_error__vformat(buf, sizeof(buf), pact__(pact_i18n_lang(), fmt), ap);
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
	 * "cảnh báo"); "path:line:col:" in front stays as editors read it.
	 * The path is the caller's: shown safe, as the message already is. */
	const char *sev = d->severity == PACT_DIAG_ERROR
	                          ? pact_p__(pact_i18n_lang(), "severity", "error")
	                          : pact_p__(pact_i18n_lang(), "severity", "warning");
	char *out = NULL, *shown = pact_sanitize(path ? path : "<input>", PACT_SANITIZE_MESSAGE);
	int n;

	if (!shown)
		goto done;
	for (int pass = 0; pass < 2; pass++) {
		size_t cap = out ? (size_t)n + 1 : 0;
		if (d->line)
			n = snprintf(out, cap, "%s:%u:%u: %s: %s", shown, d->line, d->col, sev,
			             d->message);
		else
			n = snprintf(out, cap, "%s: %s: %s", shown, sev, d->message);
		if (n < 0 || (pass == 0 && !(out = pact_alloc__malloc((size_t)n + 1)))) {
			free(out);
			out = NULL;
			goto done;
		}
	}
done:
	free(shown);
	return out;
}

/* ---- the node tree -------------------------------------------------- */

/* One block of a tree's memory; the first is the newest. */
struct pact_tree_block {
	struct pact_tree_block *next;
	size_t used, cap;
	max_align_t mem[];
};

#define TREE_BLOCK_BYTES ((size_t)64 * 1024)

void pact_tree__free(pact_tree *t)
{
	if (!t)
		return;
	while (t->blocks) {
		struct pact_tree_block *next = t->blocks->next;
		free(t->blocks);
		t->blocks = next;
	}
	t->root = NULL;
}

/* n bytes (n > 0) of the tree's memory, aligned to `align` (a power of
 * two, at most that of max_align_t: texts take 1, nodes their own); NULL
 * (and PACT_ENOMEM recorded) when out of memory. A request larger than a
 * quarter block gets a block of its own, kept behind the newest one so
 * that the newest one's room stays in use. */
static void *tree_alloc(pact_tree *t, size_t n, size_t align)
{
	struct pact_tree_block *b = t->blocks, *fresh;
	size_t cap, at;

	if (b) {
		at = (b->used + align - 1) & ~(align - 1);
		if (at <= b->cap && b->cap - at >= n) {
			b->used = at + n;
			return (char *)b->mem + at;
		}
	}
	cap = n > TREE_BLOCK_BYTES / 4 ? n : TREE_BLOCK_BYTES;
	fresh = pact_alloc__malloc(sizeof(*fresh) + cap);
	if (!fresh)
		return NULL;
	fresh->cap = cap;
	fresh->used = n;
	if (b && cap == n) {
		fresh->next = b->next;
		b->next = fresh;
	} else {
		fresh->next = b;
		t->blocks = fresh;
	}
	return fresh->mem;
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
	/* a BOM is no column, as libyaml's marks and editors count */
	if (line_start == 0 && off >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		line_start = 3;
	p.col = (unsigned)pact_utf8_length(buf + line_start, off - line_start) + 1;
	return p;
}

/* A scalar's text into the tree: its value, and after it, when the
 * scalar is quoted on one line and holds escapes, its source (node_raw),
 * for exact columns inside it: src[start..end) is the scalar's source,
 * quotes included (raw_walk found those bytes on its way). Escapes are
 * what a backslash starts in double quotes, and '' in single quotes, and
 * each stands for fewer characters than it is written with; everywhere
 * else column arithmetic is exact. */
static int scalar_text(pact_tree *t, node *n, const yaml_event_t *ev, const char *src, size_t start,
                       size_t end)
{
	size_t raw = 0;
	char *p;

	if (n->quote && (n->flags & NODE_ONE_LINE) && end >= start + 2 &&
	    memchr(src + start + 1, n->quote == '"' ? '\\' : '\'', end - start - 2))
		raw = end - start - 1; /* after the opening quote */
	p = tree_alloc(t, n->len + 1 + (raw ? raw + 1 : 0), 1);
	if (!p)
		return PACT_ENOMEM;
	memcpy(p, ev->data.scalar.value, n->len);
	p[n->len] = '\0';
	if (raw) {
		memcpy(p + n->len + 1, src + start + 1, raw);
		p[n->len + 1 + raw] = '\0';
		n->flags |= NODE_RAW;
	}
	n->value = p;
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
 * as a line break inside a scalar is one too (see raw_walk). libyaml's
 * marks count characters, so a forward-only cursor turns them into bytes
 * and checks each character once on the way. */
typedef struct raw_cursor {
	const char *buf;
	size_t len, byte, chars;
} raw_cursor;

/* The refusal of character cp at byte `at` of buf. */
static int raw_refused(pact_diags *diags, const char *buf, size_t at, unsigned cp, int control)
{
	int rc = pact_tree__diags_add(
	        diags, PACT_DIAG_ERROR, pact_tree__byte_pos(buf, at), "control",
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

#define BYTES_01 0x0101010101010101u
#define BYTES_80 0x8080808080808080u

/* Whether a byte of w is below `low` (1 to 128): a byte b - low borrows
 * only then. */
static inline int has_byte_below(uint64_t w, unsigned low)
{
	return ((w - BYTES_01 * low) & ~w & BYTES_80) != 0;
}

/* Whether a byte of w is b. */
static inline int has_byte(uint64_t w, unsigned b)
{
	return has_byte_below(w ^ (BYTES_01 * b), 1);
}

/* The characters in the eight bytes at p when raw_walk has nothing to
 * check in them, else 0: no C0 control (LF and TAB go one by one) and no
 * DEL; outside the text nothing past ASCII, inside no byte 0xC2, which
 * starts every C1 control. Characters are the bytes that are not
 * continuation bytes (10xxxxxx); one may start in these bytes and end
 * after them. */
static inline size_t plain_block(const unsigned char *p, int in_text)
{
	uint64_t w;

	memcpy(&w, p, 8);
	if (has_byte_below(w, 0x20) || has_byte(w, 0x7F))
		return 0;
	if (!in_text)
		return (w & BYTES_80) ? 0 : 8;
	if (has_byte(w, 0xC2))
		return 0;
	w = (w & ~(w << 1) & BYTES_80) >> 7; /* 1 in each continuation byte */
	return 8 - (size_t)((w * BYTES_01) >> 56);
}

/* Move the cursor on to character `chars` of the source (a libyaml mark's
 * index; SIZE_MAX: the end), checking every character it passes: 0, or
 * PACT_EINVALID (or PACT_ENOMEM) after reporting the first one the
 * sanitiser would escape; LF, TAB and the CR of a CRLF pass. Inside a
 * scalar (`in_text`) only controls count: a raw NEL or a bare CR there is
 * a line break libyaml folds away, so schema.c never sees it, while the
 * other characters reach schema.c, which warns. */
static int raw_walk(raw_cursor *r, pact_diags *diags, size_t chars, int in_text)
{
	const unsigned char *p = (const unsigned char *)r->buf;
	size_t byte = r->byte, done = r->chars, len = r->len; /* in registers */
	int rc = 0;

	if (in_text) {
		/* a text's characters are nearly all passed: eight bytes at
		 * once while eight characters are still wanted, then the rest
		 * of the character the blocks ended in, then character by
		 * character, each told by its first byte (the document is
		 * valid UTF-8), until one that the loop below must look at: a
		 * byte below 0x20, DEL, or 0xC2, which starts every C1 control.
		 * (Skipping continuation bytes one by one after each block, and
		 * telling ASCII from a letter byte by byte, took a mispredicted
		 * branch at each Vietnamese letter.) */
		while (done + 8 <= chars && byte + 8 <= len) {
			size_t k = plain_block(p + byte, 1);
			if (!k)
				break;
			byte += 8;
			done += k;
		}
		while (byte < len && (p[byte] & 0xC0) == 0x80)
			byte++;
		while (done < chars && byte < len) {
			unsigned c = p[byte];
			if (c < 0x20 || c == 0x7F || c == 0xC2)
				break;
			byte += 1 + (c >= 0xC0) + (c >= 0xE0) + (c >= 0xF0);
			done++;
		}
	}

	size_t retry = byte; /* where plain_block may be tried again */

	while (done < chars && byte < len) {
		unsigned c = p[byte], cp = 0;
		size_t n;
		int control;
		/* eight bytes at once where there is nothing to check (as many
		 * characters as that, at most, are still wanted) */
		if (byte >= retry && done + 8 <= chars && byte + 8 <= len) {
			size_t k = plain_block(p + byte, in_text);
			if (k) {
				byte += 8;
				done += k;
				while (byte < len && (p[byte] & 0xC0) == 0x80)
					byte++; /* the rest of a character counted */
				continue;
			}
			retry = byte + 8; /* one by one past these */
		}
		/* printable ASCII, LF, TAB: most of any pact, nothing to check */
		if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t') {
			byte++;
			done++;
			continue;
		}
		/* inside a scalar only controls count, and past ASCII they are
		 * U+0080-U+009F, "\xC2\x80" to "\xC2\x9F": any other character
		 * passes whole, its length told by its first byte (the document
		 * is valid UTF-8) */
		if (in_text && c >= 0xC0 && !(c == 0xC2 && byte + 1 < len && p[byte + 1] < 0xA0)) {
			byte += c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
			done++;
			continue;
		}
		n = pact_utf8_next(r->buf + byte, len - byte, &cp);
		if (n == 0)
			n = 1; /* cannot happen: the document was checked as UTF-8 */
		else if (cp == '\r' && byte + 1 < len && p[byte + 1] == '\n')
			cp = '\n';
		control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
		if (cp != '\n' && cp != '\t' && pact_sanitize_is_unsafe(cp) &&
		    (control || !in_text)) {
			rc = raw_refused(diags, r->buf, byte, cp, control);
			break;
		}
		byte += n;
		done++;
	}
	r->byte = byte;
	r->chars = done;
	return rc;
}

/* ---- building the tree ---------------------------------------------- */

/* The index in builder.open of the root, which is no one's child. */
#define OPEN_ROOT SIZE_MAX

/* What building a tree carries from one event to the next. */
typedef struct builder {
	pact_diags *diags;
	const char *buf;
	size_t len;
	pact_tree tree; /* the memory of every node; the root at the end */
	node root;      /* the document's node while it is built */
	/* the open maps and sequences: where each one's node is (its index in
	 * kids, or OPEN_ROOT) and where its children start in kids */
	size_t open[PACT_MAX_DEPTH + 1], first[PACT_MAX_DEPTH + 1];
	size_t depth;
	/* the children of the open maps and sequences, each one's at the top
	 * when it ends (they nest), then moved into the tree at their size:
	 * at most PACT_MAX_DEPTH open ones of PACT_MAX_LIST_ITEMS each */
	node *kids;
	size_t nkids, kids_cap;
	size_t nodes;              /* made so far, at most PACT_MAX_NODES */
	raw_cursor raw;            /* for raw_walk: bytes before raw.byte were checked */
	size_t src_start, src_end; /* the last scalar's source (for scalar_text) */
	int ndocs;
} builder;

/* The open map or sequence at depth d (d < b->depth). */
static node *open_node(builder *b, size_t d)
{
	return b->open[d] == OPEN_ROOT ? &b->root : &b->kids[b->open[d]];
}

/* libyaml could not parse: its problem, where, and in what context. Its
 * reader (a raw control character anywhere, bytes that are not UTF-8)
 * gives no mark but the byte offset of the character, read ahead of the
 * parser: the mark said 1:1, which left an officer looking for an ESC no
 * editor shows on the first line of the file. */
static int syntax_error(pact_diags *diags, const yaml_parser_t *parser, const char *buf, size_t len)
{
	pact_pos pos = parser->error == YAML_READER_ERROR && parser->problem_offset <= len
	                       ? pact_tree__byte_pos(buf, parser->problem_offset)
	                       : mark_pos(parser->problem_mark);

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

/* The bytes of a scalar's source when it is its value as written: on one
 * line, plain or quoted, its value (between its quotes, with no quote or
 * backslash in it that the source could have escaped) at the cursor, and
 * nothing in it that the walk or the text checks would look at
 * (pact_schema__plain_text). Else 0: the walk goes through the source.
 * Nearly every text of a pact is written so, and then its bytes are
 * compared and scanned once, not counted character by character. */
static size_t text_as_written(const builder *b, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value, *at = b->buf + b->raw.byte;
	size_t len = ev->data.scalar.length, q;
	char quote;

	if (ev->start_mark.line != ev->end_mark.line || b->raw.chars != ev->start_mark.index)
		return 0;
	switch (ev->data.scalar.style) {
	case YAML_PLAIN_SCALAR_STYLE:
		quote = 0;
		break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		quote = '"';
		break;
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		quote = '\'';
		break;
	default:
		return 0;
	}
	q = quote ? 1 : 0;
	if (len + 2 * q > b->len - b->raw.byte)
		return 0;
	if (q && (at[0] != quote || at[len + 1] != quote || memchr(v, quote, len) ||
	          (quote == '"' && memchr(v, '\\', len))))
		return 0;
	if (memcmp(at + q, v, len) != 0 || !pact_schema__plain_text(v, len))
		return 0;
	return len + 2 * q;
}

/* The source up to a scalar (outside the text) and the scalar's own;
 * *plain_text is set when the text checks have nothing to find in it. */
static int check_scalar_source(builder *b, const yaml_event_t *ev, int *plain_text)
{
	int rc = raw_walk(&b->raw, b->diags, ev->start_mark.index, 0);
	size_t written;

	if (rc < 0)
		return rc;
	b->src_start = b->raw.byte;
	*plain_text = 0;
	if ((written = text_as_written(b, ev)) != 0 ||
	    (ev->start_mark.index == ev->end_mark.index && b->raw.chars == ev->end_mark.index)) {
		/* its characters are the scalar's, end_mark counts them */
		b->raw.byte += written;
		b->raw.chars = ev->end_mark.index;
		b->src_end = b->raw.byte;
		*plain_text = written != 0;
		return 0;
	}
	rc = raw_walk(&b->raw, b->diags, ev->end_mark.index, 1);
	b->src_end = b->raw.byte;
	return rc;
}

/* The bounds a new node must keep, checked as the events arrive so that
 * a hostile document costs memory in proportion to what is kept, never to
 * what it would expand to: nodes in all, depth, items per list, keys per
 * mapping, scalar size, and no NUL in text. */
static int check_limits(builder *b, const yaml_event_t *ev)
{
	pact_pos pos = mark_pos(ev->start_mark);
	int scalar = ev->type == YAML_SCALAR_EVENT;
	const node *parent = b->depth > 0 ? open_node(b, b->depth - 1) : NULL;

	if (b->nodes >= PACT_MAX_NODES)
		return refused(pact_tree__diags_add(
		        b->diags, PACT_DIAG_ERROR, pos, "limit",
		        "more than %u keys and values in the document: no pact needs this many",
		        (unsigned)PACT_MAX_NODES));
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
	if (parent && parent->kind == NODE_SEQ && parent->n >= PACT_MAX_LIST_ITEMS)
		return refused(pact_tree__diags_add(
		        b->diags, PACT_DIAG_ERROR, parent->pos, "limit",
		        "list with more than %d items: no pact needs this many",
		        PACT_MAX_LIST_ITEMS));
	/* "\0" in a quoted string: C strings would cut the text there, so what
	 * a reviewer reads and what pact keeps would differ */
	if (scalar && memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
		return refused(pact_tree__diags_add(b->diags, PACT_DIAG_ERROR, pos, "nul",
		                                    "NUL character (written '\\0') in text"));
	return 0;
}

/* The node a scalar, sequence-start or mapping-start event stands for;
 * a scalar's text goes into b's tree. */
static int new_node(node *n, builder *b, const yaml_event_t *ev)
{
	memset(n, 0, sizeof(*n));
	n->pos = mark_pos(ev->start_mark);
	if (ev->type != YAML_SCALAR_EVENT) {
		n->kind = ev->type == YAML_MAPPING_START_EVENT ? NODE_MAP : NODE_SEQ;
		return 0;
	}
	n->kind = NODE_SCALAR;
	n->len = (uint32_t)ev->data.scalar.length; /* check_limits bounded it */
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->quote = ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE   ? '"'
	           : ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\''
	                                                                      : 0;
	if (ev->end_mark.line == ev->start_mark.line)
		n->flags |= NODE_ONE_LINE;
	return scalar_text(&b->tree, n, ev, b->buf, b->src_start, b->src_end);
}

/* A scalar, or the start of a map or sequence: checked, made a node, added
 * to the children of the open map or sequence (or made the root); a map
 * or sequence is then the open one. */
static int on_node(builder *b, const yaml_event_t *ev)
{
	node n, *kids;
	int rc, plain_text = 0;

	if (ev->type == YAML_SCALAR_EVENT && (rc = check_scalar_source(b, ev, &plain_text)) < 0)
		return rc;
	if ((rc = check_limits(b, ev)) < 0 || (rc = new_node(&n, b, ev)) < 0)
		return rc;
	if (plain_text)
		n.flags |= NODE_PLAIN_TEXT;
	b->nodes++;
	if (b->depth == 0) {
		b->root = n;
	} else {
		kids = pact_alloc__grow(b->kids, &b->kids_cap, b->nkids, sizeof(*kids), 64);
		PACT_CHECK_ALLOC(kids);
		b->kids = kids;
		b->kids[b->nkids++] = n;
		open_node(b, b->depth - 1)->n++;
	}
	if (n.kind != NODE_SCALAR) {
		b->open[b->depth] = b->depth == 0 ? OPEN_ROOT : b->nkids - 1;
		b->first[b->depth] = b->nkids;
		b->depth++;
	}
	return 0;
}

/* The end of the open map or sequence: its children, the top of b->kids,
 * move into the tree. */
static int on_end(builder *b)
{
	size_t d = --b->depth;
	node *c = open_node(b, d);

	if (c->n) {
		c->items = tree_alloc(&b->tree, c->n * sizeof(*c->items), _Alignof(node));
		PACT_CHECK_ALLOC(c->items);
		memcpy(c->items, b->kids + b->first[d], c->n * sizeof(*c->items));
		b->nkids = b->first[d];
	}
	return 0;
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
		return raw_walk(&b->raw, b->diags, SIZE_MAX, 0);
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
		return on_end(b);
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
int pact_tree__build(pact_tree *out, pact_diags *diags, const char *buf, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	builder b = {.diags = diags, .buf = buf, .len = len};
	int rc = 0, end = 0;

	memset(out, 0, sizeof(*out));
	b.raw = (raw_cursor){buf, len, 0, 0};
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		b.raw.byte = 3; /* libyaml does not count a BOM */
	if (!yaml_parser_initialize(&parser))
		return pact_alloc__oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!end && rc == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = syntax_error(diags, &parser, buf, len);
			goto done;
		}
		rc = on_event(&b, &ev, &end);
		yaml_event_delete(&ev);
	}
	if (rc == 0 && !b.nodes) {
		pact_pos start = {1, 1};
		rc = refused(pact_tree__diags_add(diags, PACT_DIAG_ERROR, start, "empty",
		                                  "the document is empty"));
	}
	if (rc == 0) {
		b.tree.root = tree_alloc(&b.tree, sizeof(node), _Alignof(node));
		if (!b.tree.root) {
			rc = PACT_ENOMEM;
			goto done;
		}
		*b.tree.root = b.root;
		*out = b.tree;
		b.tree = (pact_tree){NULL, NULL};
	}
done:
	pact_tree__free(&b.tree);
	free(b.kids);
	yaml_parser_delete(&parser);
	return rc;
}
