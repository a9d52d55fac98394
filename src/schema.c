/*
 * schema.c - the rules of pact/1: from a checked node tree to a pact_doc.
 *
 * Every rule reports through the diagnostics list and the checks go on, so
 * a user sees all the problems of a file at once, each at its line and
 * column. A document is built only when no error was found.
 *
 * libyaml tags every plain scalar as a string, so types are decided here:
 * integers and dates must be plain (unquoted) scalars of the right shape;
 * text may be plain or quoted but never empty or null. Text also gets the
 * reviewer-safety checks: C0/C1 controls other than TAB and LF are errors
 * (they drive terminals and break reports); warnings for text not in NFC,
 * invisible or bidirectional characters, and Cyrillic/Greek letters that
 * look Latin mixed into words.
 */
#include "schema.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include <utf8proc.h>

#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/utf8.h"
#include "schema_internal.h"
#include "tree.h"

typedef pact_schema__ctx ctx;
typedef pact_schema__keyspec keyspec;

/* The diagnostics one document lists: a rule reports each clause, key and
 * text it finds wrong, so 15 000 clauses of 64 unknown keys (3.7 MB) gave
 * a million diagnostics, 218 MB and 13 s to build, sort and print them.
 * Past this many, a problem is only counted (nerrors, nwarnings stay
 * exact), and one whole-file diagnostic says so. */
#define SCHEMA_MAX_DIAGS 200

/* Whether the next diagnostic of severity sev is to be stored: 1, or 0
 * when it was counted (or, the first one past the cap, replaced by the
 * note that more are not listed). */
int pact_schema__listed(ctx *c, pact_severity sev)
{
	pact_pos whole = {0, 0};

	if (c->listed < SCHEMA_MAX_DIAGS) {
		c->listed++;
		return 1;
	}
	if (c->listed == SCHEMA_MAX_DIAGS) {
		c->listed++;
		if (pact_tree__diags_add(c->d, sev, whole, "too-many",
		                         "more than %d problems: the rest are counted, not listed",
		                         SCHEMA_MAX_DIAGS) < 0)
			c->oom = 1;
		return 0;
	}
	if (sev == PACT_DIAG_ERROR)
		c->d->nerrors++;
	else
		c->d->nwarnings++;
	return 0;
}

static const char *kind_name(const node *n)
{
	return _(n->kind == NODE_MAP   ? N_("a mapping")
	         : n->kind == NODE_SEQ ? N_("a list")
	                               : N_("text"));
}

/* Levenshtein distance, for "did you mean"; keys are short (< 64 bytes). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) !=
			                            tolower((unsigned char)b[j - 1]));
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb];
}

/* Check a mapping's keys against spec: duplicates, unknown keys (with a
 * suggestion), missing required keys. vals[i] gets the value of spec[i]. */
void pact_schema__check_map(ctx *c, const node *map, const char *what, const keyspec *spec,
                            size_t nspec, const node **vals)
{
	what = _(what); /* "a clause", "the pact": msgids */
	for (size_t i = 0; i < nspec; i++)
		vals[i] = NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const node *k = &map->items[i];
		size_t s;
		if (k->kind != NODE_SCALAR) {
			ERR(c, k->pos, "bad-key", "keys in %s must be plain names, not %s", what,
			    kind_name(k));
			continue;
		}
		for (size_t j = 0; j < i; j += 2) {
			const node *o = &map->items[j];
			if (o->kind == NODE_SCALAR && !strcmp(o->value, k->value)) {
				ERR(c, k->pos, "duplicate-key",
				    "duplicate key '%s' in %s (first at line %u)", k->value, what,
				    o->pos.line);
				goto next;
			}
		}
		for (s = 0; s < nspec; s++)
			if (!strcmp(spec[s].name, k->value))
				break;
		if (s < nspec) {
			vals[s] = &map->items[i + 1];
		} else {
			const char *best = NULL;
			size_t bestd = 99, lim = strlen(k->value) / 3 + 1;
			for (size_t j = 0; j < nspec; j++) {
				size_t dist = edit_distance(k->value, spec[j].name);
				if (dist < bestd) {
					bestd = dist;
					best = spec[j].name;
				}
			}
			if (best && bestd <= (lim < 3 ? lim : 3))
				ERR(c, k->pos, "unknown-key",
				    "unknown key '%s' in %s; did you mean '%s'?", k->value, what,
				    best);
			else
				ERR(c, k->pos, "unknown-key", "unknown key '%s' in %s", k->value,
				    what);
		}
	next:;
	}
	for (size_t s = 0; s < nspec; s++)
		if (spec[s].required && !vals[s])
			ERR(c, map->pos, "missing-key", "missing required key '%s' in %s",
			    spec[s].name, what);
}

/* ---- text checks ---------------------------------------------------- */

/* Characters that draw nothing (or only whitespace) yet change the stored
 * text: the named few people meet in pasted text, then every control (Cc:
 * "\x01", "\r" written as escapes; TAB and LF are ordinary) and every
 * format character (Cf: invisible operators, U+E0000 tag characters that
 * can spell hidden ASCII), plus the Hangul fillers and variation selectors,
 * which are letters or marks by category but blank on screen. */
static int is_invisible(int32_t cp, const char **name)
{
	switch (cp) {
	case 0x00AD:
		*name = "SOFT HYPHEN";
		return 1;
	case 0x200B:
		*name = "ZERO WIDTH SPACE";
		return 1;
	case 0x200C:
		*name = "ZERO WIDTH NON-JOINER";
		return 1;
	case 0x200D:
		*name = "ZERO WIDTH JOINER";
		return 1;
	case 0x2060:
		*name = "WORD JOINER";
		return 1;
	case 0xFEFF:
		*name = "ZERO WIDTH NO-BREAK SPACE";
		return 1;
	case 0x034F:
		*name = "COMBINING GRAPHEME JOINER";
		return 1;
	case 0x115F:
	case 0x1160:
	case 0x3164:
	case 0xFFA0:
		*name = "HANGUL FILLER";
		return 1;
	/* not Cf, yet blank or breaking: a line break only some viewers make,
	 * a blank braille cell, Khmer vowels that draw nothing */
	case 0x2028:
		*name = "LINE SEPARATOR";
		return 1;
	case 0x2029:
		*name = "PARAGRAPH SEPARATOR";
		return 1;
	case 0x2800:
		*name = "BRAILLE PATTERN BLANK";
		return 1;
	case 0x17B4:
		*name = "KHMER VOWEL INHERENT AQ";
		return 1;
	case 0x17B5:
		*name = "KHMER VOWEL INHERENT AA";
		return 1;
	case '\t':
	case '\n':
		return 0;
	default:
		break;
	}
	if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)) {
		*name = "VARIATION SELECTOR";
		return 1;
	}
	if (!pact_utf8_is_control(cp))
		return 0;
	*name = cp < 0xA0 ? "CONTROL CHARACTER" : "FORMAT CHARACTER";
	return 1;
}

/* C0 and C1 controls other than TAB and LF (and DEL): ESC starts the
 * terminal sequences that plant links or clear the screen, CSI U+009B and
 * NEL U+0085 do the same on some terminals, a bare CR rewrites the line or
 * starts a Markdown block. No pact needs one, so they are errors. */
static int is_forbidden_control(int32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

static int is_bidi(int32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

typedef enum { SCRIPT_OTHER, SCRIPT_LATIN, SCRIPT_CYRILLIC, SCRIPT_GREEK } script;

static script script_of(int32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F) ||
	    (cp >= 0x1E00 && cp <= 0x1EFF))
		return SCRIPT_LATIN;
	if (cp >= 0x0400 && cp <= 0x052F)
		return SCRIPT_CYRILLIC;
	if (cp >= 0x0370 && cp <= 0x03FF)
		return SCRIPT_GREEK;
	return SCRIPT_OTHER;
}

/* Cyrillic and Greek letters that a reader takes for Latin ones. */
static int looks_latin(int32_t cp)
{
	static const int32_t set[] = {
	        0x0410, 0x0412, 0x0415, 0x041A, 0x041C, 0x041D, 0x041E, 0x0420, 0x0421, 0x0422,
	        0x0425, 0x0430, 0x0435, 0x043E, 0x0440, 0x0441, 0x0443, 0x0445, 0x0455, 0x0456,
	        0x0458, 0x0405, 0x0406, 0x0408, 0x04BB, 0x0501, 0x0391, 0x0392, 0x0395, 0x0396,
	        0x0397, 0x0399, 0x039A, 0x039C, 0x039D, 0x039F, 0x03A1, 0x03A4, 0x03A5, 0x03A7,
	        0x03BF, 0x03B1, 0x03BD, 0x03B9, 0x03F2, 0x03F3};
	for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

/* Position of the character `chars` code points into a scalar's value:
 * exact for text on one line, the scalar's start otherwise. */
/* Position of the character `chars` code points into a scalar's value:
 * exact for text on one line (escapes in quoted text are walked in the
 * source: "\u200B" is six characters there, one in the value), the
 * scalar's start otherwise. */
static pact_pos char_pos(const node *n, size_t chars)
{
	pact_pos p = n->pos;
	const char *raw = node_raw(n);
	size_t i = 0, src = 0, len;

	if (!(n->flags & NODE_ONE_LINE))
		return p;
	if (!raw) {
		p.col += (unsigned)chars + (n->plain ? 0 : 1);
		return p;
	}
	len = strlen(raw);
	for (size_t k = 0; k < chars && i < len; k++) {
		size_t w = 1;
		if (n->quote == '"' && raw[i] == '\\' && i + 1 < len)
			w = raw[i + 1] == 'x'   ? 4
			    : raw[i + 1] == 'u' ? 6
			    : raw[i + 1] == 'U' ? 10
			                        : 2;
		else if (n->quote == '\'' && raw[i] == '\'' && i + 1 < len && raw[i + 1] == '\'')
			w = 2;
		if (w > 1) { /* escapes are ASCII: w source characters */
			i += w;
			src += w;
		} else {
			int32_t cp;
			i += pact_utf8_decode(raw + i, len - i, &cp);
			src++;
		}
	}
	p.col += (unsigned)src + 1;
	return p;
}

/* The length of the character at p (n > 0 bytes left) when it is a letter
 * of the Latin script past ASCII that no check of check_text flags:
 * U+00C0-U+023F but U+00D7 and U+00F7 (the signs x and /), and
 * U+1E00-U+1EFF, every Vietnamese letter among them; 0 for anything else
 * (which check_text decodes and classifies: script_of and
 * pact_utf8_is_letter agree on these ranges, tests/test_doc.c checks it). */
static inline size_t latin_letter_len(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] >= 0xC3 && p[0] <= 0xC8 && (p[1] & 0xC0) == 0x80)
		return p[0] == 0xC3 && (p[1] == 0x97 || p[1] == 0xB7) ? 0 : 2;
	if (n >= 3 && p[0] == 0xE1 && p[1] >= 0xB8 && p[1] <= 0xBB && (p[2] & 0xC0) == 0x80)
		return 3;
	return 0;
}

/* The word being read by check_text: where it starts, its letters' scripts. */
typedef struct word {
	size_t start, chars;
	int has_latin, has_alike, has_other;
	int32_t alike;
} word;

/* A word ends before byte i (character `chars`) of n's value: Latin mixed
 * with look-alikes, or a word made only of look-alikes, reads as Latin but
 * is not. */
static void word_end(ctx *c, const node *n, word *w, size_t i, size_t chars)
{
	if (w->chars && w->has_alike && (w->has_latin || !w->has_other)) {
		size_t wlen = i - w->start;
		WARN(c, char_pos(n, chars - w->chars), "confusable",
		     script_of(w->alike) == SCRIPT_CYRILLIC
		             ? N_("word '%.*s' contains the Cyrillic letter U+%04X "
		                  "that looks "
		                  "like a Latin letter")
		             : N_("word '%.*s' contains the Greek letter U+%04X "
		                  "that looks "
		                  "like a Latin letter"),
		     (int)(wlen < 200 ? wlen : 200), n->value + w->start, (unsigned)w->alike);
	}
	memset(w, 0, sizeof(*w));
}

/* A word ends: word_end when it may warn, else just forget the word (most
 * words: no look-alike letter in them). */
static inline void word_next(ctx *c, const node *n, word *w, size_t i, size_t chars)
{
	if (w->has_alike)
		word_end(c, n, w, i, chars);
	else
		w->chars = 0, w->has_latin = w->has_other = 0;
}

/* Warn where text is not NFC, pointing at the first combining mark: that
 * is where NFC differs. check_text calls it after its own pass, and only
 * when that pass met a character NFC may change (pact_utf8_nfc_stable):
 * the warning then moves to index `first` of the list, before the node's
 * other diagnostics, where a check made first would have put it. */
static void check_nfc(ctx *c, const node *n, size_t first)
{
	const char *s = n->value;
	size_t len = n->len, k = 0, at = 0, count = c->d->count;
	int is_nfc = pact_utf8_is_nfc(s, len);

	if (is_nfc < 0)
		c->oom = 1;
	if (is_nfc)
		return;
	while (k < len) {
		int32_t cp;
		size_t w = pact_utf8_decode(s + k, len - k, &cp);
		if (cp >= 0x0300 && cp <= 0x036F)
			break;
		k += w;
		at++;
	}
	WARN(c, char_pos(n, at ? at - 1 : 0), "not-nfc",
	     "text is not in Unicode NFC (letters written as base + combining marks); "
	     "it looks the same but compares differently: save the file as NFC");
	if (c->d->count == count + 1 && first < count) {
		pact_diag nfc = c->d->items[count];
		memmove(c->d->items + first + 1, c->d->items + first,
		        (count - first) * sizeof(*c->d->items));
		c->d->items[first] = nfc;
	}
}

/*
 * The combining marks (non-starters) in a row once cp is added to a run of
 * `run`, counted in cp's canonical decomposition (U+0344 and U+0F73 are two
 * marks each). Normalising a run of n marks costs n^2 in utf8proc (its
 * canonical ordering is a bubble sort): 120 000 marks on one letter took
 * minutes to load. No script needs more than a few on one letter (UAX #15's
 * Stream-Safe Text Format allows 30), so a longer run is refused. A letter
 * of the Latin fast paths starts a run afresh (its own marks, two at most,
 * are not counted), so utf8proc never sorts more than 32.
 */
static size_t marks_run(int32_t cp, size_t run)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, NULL);

	if (n < 0 || n > 8)
		return run;
	for (utf8proc_ssize_t k = 0; k < n; k++)
		run = utf8proc_get_property(d[k])->combining_class ? run + 1 : 0;
	return run;
}

static void check_text(ctx *c, const node *n)
{
	const char *s = n->value;
	size_t len = n->len, i = 0, chars = 0, first = c->d->count, marks = 0;
	int nfc_stable = 1; /* every character so far is one NFC keeps */
	int too_many_marks = 0;
	word w = {0};

	for (; i < len; chars++) {
		unsigned char ch = (unsigned char)s[i];
		int32_t cp = 0;
		const char *name = NULL;
		/* printable ASCII (most of any pact): a Latin letter or a word's
		 * end, with none of the checks below to make */
		if (ch >= 0x20 && ch < 0x7F) {
			if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
				if (w.chars++ == 0)
					w.start = i;
				w.has_latin = 1;
			} else {
				word_next(c, n, &w, i, chars);
			}
			marks = 0;
			i++;
			continue;
		}
		/* a Latin letter past ASCII (every Vietnamese one): the same,
		 * told by its bytes without decoding it */
		size_t latin = latin_letter_len((const unsigned char *)s + i, len - i);
		if (latin) {
			if (w.chars++ == 0)
				w.start = i;
			w.has_latin = 1;
			marks = 0;
			i += latin;
			continue;
		}
		size_t width = pact_utf8_decode(s + i, len - i, &cp);
		if (nfc_stable && !pact_utf8_nfc_stable((uint32_t)cp))
			nfc_stable = 0;
		marks = marks_run(cp, marks);
		if (marks > PACT_MAX_MARKS && !too_many_marks) {
			too_many_marks = 1;
			ERR(c, char_pos(n, chars), "marks",
			    "more than %d combining marks in a row on one letter: no language "
			    "needs that many; remove them",
			    PACT_MAX_MARKS);
		}
		if (is_forbidden_control(cp))
			ERR(c, char_pos(n, chars), "control",
			    "control character U+%04X in text: it can drive the reader's terminal "
			    "or change a report's layout; remove it",
			    (unsigned)cp);
		else if (is_bidi(cp))
			WARN(c, char_pos(n, chars), "bidi",
			     "bidirectional control character U+%04X in text: it can make the "
			     "text display in another order than it is stored",
			     (unsigned)cp);
		else if (is_invisible(cp, &name))
			WARN(c, char_pos(n, chars), "invisible",
			     "invisible character U+%04X (%s) in text", (unsigned)cp, name);
		if (pact_utf8_is_letter(cp)) {
			script sc = script_of(cp);
			if (w.chars++ == 0)
				w.start = i;
			if (sc == SCRIPT_LATIN)
				w.has_latin = 1;
			else if ((sc == SCRIPT_CYRILLIC || sc == SCRIPT_GREEK) && looks_latin(cp)) {
				if (!w.has_alike)
					w.alike = cp;
				w.has_alike = 1;
			} else if (sc == SCRIPT_CYRILLIC || sc == SCRIPT_GREEK)
				w.has_other = 1;
		} else {
			word_next(c, n, &w, i, chars);
		}
		i += width;
	}
	word_next(c, n, &w, len, chars);
	if (!nfc_stable && !too_many_marks) /* normalising those would take minutes */
		check_nfc(c, n, first);
}

/* ---- typed values --------------------------------------------------- */

static int is_null_scalar(const node *n)
{
	return n->plain && (n->len == 0 || !strcmp(n->value, "~") || !strcmp(n->value, "null") ||
	                    !strcmp(n->value, "Null") || !strcmp(n->value, "NULL"));
}

static int all_blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* Text value: a non-empty scalar. Returns a copy (or NULL on error). */
char *pact_schema__text(ctx *c, const node *n, const char *key)
{
	char *s;
	if (n->kind != NODE_SCALAR) {
		ERR(c, n->pos, "type", "'%s' must be text, not %s", key, kind_name(n));
		return NULL;
	}
	if (is_null_scalar(n) || all_blank(n->value)) {
		ERR(c, n->pos, "empty", "'%s' must not be empty", key);
		return NULL;
	}
	if (!(n->flags & NODE_PLAIN_TEXT) && !pact_schema__plain_text(n->value, n->len))
		check_text(c, n);
	/* the value's length is known and it holds no NUL (tree.c) */
	s = pact_alloc__malloc((size_t)n->len + 1);
	if (!s) {
		c->oom = 1;
		return NULL;
	}
	memcpy(s, n->value, (size_t)n->len + 1);
	return s;
}

static int parse_long(const char *s, long *out)
{
	long v = 0;
	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000L)
			return 0;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 1;
}

static int get_int(ctx *c, const node *n, const char *key, long min, long max, long *out)
{
	if (n->kind != NODE_SCALAR || !n->plain || !parse_long(n->value, out)) {
		ERR(c, n->pos, "type",
		    n->kind == NODE_SCALAR && !n->plain
		            ? N_("'%s' must be a whole number (without quotes)")
		            : N_("'%s' must be a whole number"),
		    key);
		return 0;
	}
	if (*out < min || *out > max) {
		ERR(c, n->pos, "range", "'%s' is %ld; it must be between %ld and %ld", key, *out,
		    min, max);
		return 0;
	}
	return 1;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

static int get_date(ctx *c, const node *n, const char *key, pact_date *out)
{
	const char *s = n->value;
	if (n->kind != NODE_SCALAR || n->len != 10 || s[4] != '-' || s[7] != '-') {
		ERR(c, n->pos, "type", "'%s' must be a date written YYYY-MM-DD", key);
		return 0;
	}
	/* quoted, it is a string to every other YAML reader, as for 'year' */
	if (!n->plain) {
		ERR(c, n->pos, "type", "'%s' must be a date written YYYY-MM-DD (without quotes)",
		    key);
		return 0;
	}
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) {
			ERR(c, n->pos, "type", "'%s' must be a date written YYYY-MM-DD", key);
			return 0;
		}
	out->year = atoi(s);
	out->month = atoi(s + 5);
	out->day = atoi(s + 8);
	if (out->year < 1900 || out->month < 1 || out->month > 12 || out->day < 1 ||
	    out->day > days_in_month(out->year, out->month)) {
		ERR(c, n->pos, "date", "'%s' is not a real date: '%s'", key, s);
		return 0;
	}
	return 1;
}

static int is_slug(const char *s)
{
	if (!*s || *s == '-')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

char *pact_schema__slug(ctx *c, const node *n, const char *what)
{
	int kind = !strcmp(what, "member") ? 0 : !strcmp(what, "clause") ? 1 : 2;
	char *s;
	if (n->kind != NODE_SCALAR || is_null_scalar(n)) {
		ERR(c, n->pos, "type",
		    kind == 0   ? N_("member id must be text")
		    : kind == 1 ? N_("clause id must be text")
		                : N_("each item of 'formerly' must be a member id"));
		return NULL;
	}
	if (!is_slug(n->value) || n->len > 100) {
		ERR(c, n->pos, "slug",
		    kind == 0   ? N_("member id '%s' is not a slug: use lower-case "
		                       "ASCII letters, digits "
		                       "and '-' (e.g. 'so-tu-phap')")
		    : kind == 1 ? N_("clause id '%s' is not a slug: use lower-case "
		                     "ASCII letters, digits "
		                     "and '-' (e.g. 'quan-triet-tu-tuong')")
		                : N_("former member id '%s' is not a slug: write the id the "
		                     "member had in the previous year's pact (e.g. "
		                     "'so-ke-hoach-va-dau-tu')"),
		    n->value);
		return NULL;
	}
	s = pact_alloc__strdup(n->value);
	if (!s)
		c->oom = 1;
	return s;
}

const node *pact_schema__want(ctx *c, const node *n, node_kind kind, const char *key)
{
	if (!n)
		return NULL;
	if (n->kind != kind) {
		ERR(c, n->pos, "type", "'%s' must be %s, not %s", key,
		    kind == NODE_MAP ? _("a mapping") : _("a list"), kind_name(n));
		return NULL;
	}
	return n;
}

/* ---- members and clauses -------------------------------------------- */

static void build_commitments(ctx *c, pact_clause *cl, const node *seq)
{
	if (seq->n == 0) {
		ERR(c, seq->pos, "empty", "clause '%s' must have at least one commitment",
		    cl->id ? cl->id : "?");
		return;
	}
	if (seq->n > PACT_MAX_COMMITMENTS) {
		ERR(c, seq->pos, "limit", "%zu commitments is more than the limit of %d",
		    (size_t)seq->n, PACT_MAX_COMMITMENTS);
		return;
	}
	cl->commitments = pact_alloc__calloc(seq->n, sizeof(*cl->commitments));
	if (!cl->commitments) {
		c->oom = 1;
		return;
	}
	for (size_t k = 0; k < seq->n; k++) {
		pact_commitment *cm = &cl->commitments[cl->ncommitments++];
		cm->pos = seq->items[k].pos;
		cm->text = pact_schema__text(c, &seq->items[k], "commitments[]");
	}
}

static int by_id(const void *a, const void *b)
{
	const pact_clause *x = *(const pact_clause *const *)a, *y = *(const pact_clause *const *)b;
	int r = strcmp(x->id, y->id);
	return r ? r : (x < y ? -1 : x > y);
}

/* Clause ids must be unique. Sorting pointers costs O(n log n): with up to
 * PACT_MAX_CLAUSES clauses a pairwise check was most of the load time.
 * Each repeat is reported at its own id, naming the line of the first. */
static void check_unique_clause_ids(ctx *c, const pact_doc *doc, const node *seq)
{
	const pact_clause **v = pact_alloc__malloc(doc->nclauses * sizeof(*v));
	size_t n = 0;

	if (!v) {
		c->oom = 1;
		return;
	}
	for (size_t i = 0; i < doc->nclauses; i++)
		if (doc->clauses[i].id)
			v[n++] = &doc->clauses[i];
	qsort(v, n, sizeof(*v), by_id);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;
		while (first > 0 && !strcmp(v[first - 1]->id, v[i]->id))
			first--;
		if (strcmp(v[first]->id, v[i]->id))
			continue;
		/* the id node of clause k is found again through the tree */
		const node *m = &seq->items[(size_t)(v[i] - doc->clauses)];
		pact_pos at = m->pos;
		for (size_t k = 0; k + 1 < m->n; k += 2)
			if (m->items[k].kind == NODE_SCALAR && !strcmp(m->items[k].value, "id"))
				at = m->items[k + 1].pos;
		ERR(c, at, "duplicate-id", "clause id '%s' is used twice (first at line %u)",
		    v[i]->id, v[first]->pos.line);
	}
	free(v);
}

static void build_clauses(ctx *c, pact_doc *doc, const node *seq)
{
	static const keyspec spec[] = {{"id", 1}, {"number", 1}, {"title", 0}, {"commitments", 1}};
	const node *v[4];

	if (seq->n == 0) {
		ERR(c, seq->pos, "empty", "'clauses' must list at least one clause");
		return;
	}
	if (seq->n > PACT_MAX_CLAUSES) {
		ERR(c, seq->pos, "limit", "%zu clauses is more than the limit of %d",
		    (size_t)seq->n, PACT_MAX_CLAUSES);
		return;
	}
	doc->clauses = pact_alloc__calloc(seq->n, sizeof(*doc->clauses));
	if (!doc->clauses) {
		c->oom = 1;
		return;
	}
	for (size_t i = 0; i < seq->n && !c->oom; i++) {
		const node *m = &seq->items[i];
		pact_clause *out = &doc->clauses[doc->nclauses++];
		out->pos = m->pos;
		if (!pact_schema__want(c, m, NODE_MAP, "clauses[]"))
			continue;
		pact_schema__check_map(c, m, N_("a clause"), spec, 4, v);
		if (v[0])
			out->id = pact_schema__slug(c, v[0], "clause");
		if (v[1] && get_int(c, v[1], "number", 1, PACT_MAX_CLAUSES, &out->number) &&
		    out->number != (long)i + 1)
			ERR(c, v[1]->pos, "number",
			    "clause number %ld is out of sequence: expected %zu (clauses are "
			    "numbered 1, 2, 3... in order)",
			    out->number, i + 1);
		if (v[2])
			out->title = pact_schema__text(c, v[2], "title");
		if (v[3] && pact_schema__want(c, v[3], NODE_SEQ, "commitments"))
			build_commitments(c, out, v[3]);
	}
	check_unique_clause_ids(c, doc, seq);
}

/* Basename "<digits>.yaml": the year the file name claims, else 0. */
/* Basename "YYYY.yaml" (four digits, as a year is everywhere in pact):
 * the year the file name claims, else 0 (other names claim nothing). */
static long year_of_path(const char *path)
{
	const char *b = strrchr(path, '/');
	long y = 0;

	b = b ? b + 1 : path;
	if (strlen(b) != 9 || strcmp(b + 4, ".yaml") != 0)
		return 0;
	for (int i = 0; i < 4; i++) {
		if (b[i] < '0' || b[i] > '9')
			return 0;
		y = y * 10 + (b[i] - '0');
	}
	return y;
}

enum {
	K_SCHEMA,
	K_YEAR,
	K_TITLE,
	K_BLOC,
	K_PROVINCE,
	K_SIGNED,
	K_MEMBERS,
	K_PREAMBLE,
	K_CLAUSES,
	K_CLOSING,
	K_SOURCE,
	K_NOTE,
	K_COUNT
};

int pact_doc__schema_build(pact_doc **out, pact_diags *diags, const node *root, const char *path)
{
	static const keyspec spec[K_COUNT] = {{"schema", 1},  {"year", 1},     {"title", 1},
	                                      {"bloc", 1},    {"province", 1}, {"signed", 1},
	                                      {"members", 1}, {"preamble", 1}, {"clauses", 1},
	                                      {"closing", 1}, {"source", 0},   {"note", 0}};
	static const keyspec signed_spec[] = {{"place", 1}, {"date", 1}};
	const node *v[K_COUNT], *sv[2];
	size_t errors_before = diags->nerrors;
	ctx c = {diags, 0, 0};
	pact_doc *doc = NULL;
	long year = 0;
	int rc = 0;

	*out = NULL;
	doc = pact_alloc__calloc(1, sizeof(*doc));
	if (!doc) {
		rc = PACT_ENOMEM;
		goto done;
	}
	if (root->kind != NODE_MAP) {
		ERR(&c, root->pos, "type",
		    "a pact must be a mapping of keys (schema, year, ...), not %s",
		    kind_name(root));
		goto checked;
	}
	pact_schema__check_map(&c, root, N_("the pact"), spec, K_COUNT, v);
	if (v[K_SCHEMA]) {
		if (v[K_SCHEMA]->kind != NODE_SCALAR || strcmp(v[K_SCHEMA]->value, "pact/1"))
			ERR(&c, v[K_SCHEMA]->pos, "schema",
			    "unsupported schema '%s': expected 'pact/1'",
			    v[K_SCHEMA]->kind == NODE_SCALAR ? v[K_SCHEMA]->value : "?");
		else if (!(doc->schema = pact_alloc__strdup("pact/1")))
			c.oom = 1;
	}
	if (v[K_YEAR] && get_int(&c, v[K_YEAR], "year", 1900, 9999, &year)) {
		long fy = path ? year_of_path(path) : 0;
		doc->year = (int)year;
		if (fy && fy != year)
			ERR(&c, v[K_YEAR]->pos, "year-file",
			    "year %ld does not match the file name '%ld.yaml'", year, fy);
	}
	if (v[K_TITLE])
		doc->title = pact_schema__text(&c, v[K_TITLE], "title");
	if (v[K_BLOC])
		doc->bloc = pact_schema__text(&c, v[K_BLOC], "bloc");
	if (v[K_PROVINCE])
		doc->province = pact_schema__text(&c, v[K_PROVINCE], "province");
	if (pact_schema__want(&c, v[K_SIGNED], NODE_MAP, "signed")) {
		pact_schema__check_map(&c, v[K_SIGNED], N_("'signed'"), signed_spec, 2, sv);
		if (sv[0])
			doc->signed_place = pact_schema__text(&c, sv[0], "place");
		if (sv[1])
			get_date(&c, sv[1], "date", &doc->signed_date);
	}
	if (pact_schema__want(&c, v[K_MEMBERS], NODE_SEQ, "members"))
		pact_schema__build_members(&c, doc, v[K_MEMBERS]);
	if (v[K_PREAMBLE])
		doc->preamble = pact_schema__text(&c, v[K_PREAMBLE], "preamble");
	if (pact_schema__want(&c, v[K_CLAUSES], NODE_SEQ, "clauses"))
		build_clauses(&c, doc, v[K_CLAUSES]);
	if (v[K_CLOSING])
		doc->closing = pact_schema__text(&c, v[K_CLOSING], "closing");
	if (v[K_SOURCE])
		doc->source = pact_schema__text(&c, v[K_SOURCE], "source");
	if (v[K_NOTE])
		doc->note = pact_schema__text(&c, v[K_NOTE], "note");
checked:
	if (c.oom) {
		rc = PACT_ENOMEM;
		goto done;
	}
	if (diags->nerrors > errors_before) {
		rc = PACT_EINVALID;
		goto done;
	}
	*out = doc;
	doc = NULL;
done:
	pact_doc_free(doc);
	return rc;
}

/* The model's destructor lives with its builder, so doc.c (loading) calls
 * schema.c (rules, building) and never the other way round. */
void pact_doc_free(pact_doc *doc)
{
	if (!doc)
		return;
	pact_schema__free_members(doc);
	for (size_t i = 0; i < doc->nclauses; i++) {
		pact_clause *c = &doc->clauses[i];
		free(c->id);
		free(c->title);
		for (size_t k = 0; k < c->ncommitments; k++)
			free(c->commitments[k].text);
		free(c->commitments);
	}
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
