/*
 * test_load_fastpaths.c - loading a pact skips work on what needs none:
 * UTF-8 validation takes ASCII eight bytes at a time and two- and
 * three-byte characters without decoding them (utf8.c), the NFC check and
 * the text checks tell Vietnamese letters by their bytes (utf8.c,
 * schema.c), and the walk over the source for controls outside the text
 * takes eight bytes at a time where there is nothing to check (tree.c).
 * Each shortcut must answer exactly what the long way answers: these tests
 * hold them to a reference (a plain decoder, utf8proc's NFC, utf8proc's
 * categories) and put what must be found at every offset around the
 * eight-byte blocks.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "pact/json.h"
#include "pact/utf8.h"

/* the text checks' shortcut (schema.c) */
int pact_schema__plain_text(const char *s, size_t len);
static char *first_diag(const char *text, const char *code);

/* The long way: decode each character, refuse NUL. */
static int valid_ref(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;

	while (i < len) {
		unsigned cp = 0;
		size_t n = s[i] ? pact_utf8_next(s + i, len - i, &cp) : 0;
		if (n == 0) {
			*bad = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/* UTF-8 of cp into out; its length. */
static size_t put_cp(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

Test(load_fastpaths, utf8_validation_agrees_with_a_plain_decoder)
{
	/* pieces: ASCII runs, Vietnamese letters, and what is not UTF-8 */
	static const char *bad_pieces[] = {"\xC0\x80",         "\xE0\x80\x80",
	                                   "\xED\xA0\x80",     "\xC3",
	                                   "\xE1\xBB",         "\x80",
	                                   "\xF5\x80\x80\x80", "\xFF",
	                                   "\xE1\x41\x80",     "\xC3\x28",
	                                   "\xF0\x9F\x98\x80", "\xEF\xBF\xBF",
	                                   "\xE0\xA0\x80",     "\xF4\x90\x80\x80"};
	char buf[512];
	unsigned seed = 12345;

	for (int round = 0; round < 20000; round++) {
		size_t len = 0, got_bad = SIZE_MAX, want_bad = SIZE_MAX;
		int pieces = (int)((seed = seed * 1103515245 + 12345) >> 16) % 12;
		for (int p = 0; p < pieces && len < 400; p++) {
			unsigned r = (seed = seed * 1103515245 + 12345) >> 16;
			if (r % 4 == 0) { /* an ASCII run, sometimes with a NUL */
				size_t run = r / 4 % 20;
				for (size_t k = 0; k < run; k++)
					buf[len++] =
					        (char)(r % 97 == 0 && k == run / 2 ? 0
					                                           : 'a' + k % 26);
			} else if (r % 4 == 1) { /* a Latin letter past ASCII */
				len += put_cp(buf + len, r % 2 ? 0xC0 + r / 8 % 0x180
				                               : 0x1E00 + r / 8 % 0x100);
			} else if (r % 4 == 2) { /* any code point, surrogates included */
				unsigned cp = r / 4 % 0x11000;
				if (cp == 0)
					cp = 1;
				len += put_cp(buf + len, cp);
			} else {
				const char *b =
				        bad_pieces[r / 4 %
				                   (sizeof(bad_pieces) / sizeof(bad_pieces[0]))];
				memcpy(buf + len, b, strlen(b));
				len += strlen(b);
			}
		}
		int want = valid_ref(buf, len, &want_bad);
		int got = pact_utf8_valid(buf, len, &got_bad);
		cr_assert_eq(got, want, "round %d", round);
		if (!want)
			cr_assert_eq(got_bad, want_bad, "round %d", round);
	}
}

Test(load_fastpaths, utf8_automaton_agrees_on_every_short_sequence)
{
	/* every sequence of one to three bytes that starts past ASCII (and a
	 * sample of four-byte ones), alone and after 0 to 9 bytes of ASCII,
	 * so that it meets the automaton's eight-byte steps at every offset
	 * and ends in its tail; the answer and the bad offset are the plain
	 * decoder's */
	static const unsigned char tails[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
	                                      0x9F, 0xA0, 0xBF, 0xC0, 0xE0, 0xFF};
	char buf[32];

	for (unsigned b0 = 0x80; b0 < 0x100; b0++)
		for (unsigned b1 = 0; b1 < 0x100; b1++)
			for (size_t t = 0; t <= sizeof(tails); t++) {
				for (size_t pad = 0; pad < 10; pad += (t < sizeof(tails) ? 9 : 1)) {
					size_t len = pad, want_bad = SIZE_MAX, got_bad = SIZE_MAX;
					memset(buf, 'a', pad);
					buf[len++] = (char)b0;
					buf[len++] = (char)b1;
					if (t < sizeof(tails))
						buf[len++] = (char)tails[t];
					int want = valid_ref(buf, len, &want_bad);
					int got = pact_utf8_valid(buf, len, &got_bad);
					cr_assert_eq(got, want, "%02X %02X +%zu pad %zu", b0, b1, t,
					             pad);
					if (!want)
						cr_assert_eq(got_bad, want_bad, "%02X %02X", b0,
						             b1);
				}
			}
	/* and past two bytes, a byte of each class the automaton tells
	 * apart in the third and fourth place */
	for (unsigned b0 = 0xE0; b0 < 0x100; b0++)
		for (unsigned b1 = 0; b1 < 0x100; b1++)
			for (size_t t2 = 0; t2 < sizeof(tails); t2++)
				for (size_t t3 = 0; t3 < sizeof(tails); t3++) {
					size_t want_bad = SIZE_MAX, got_bad = SIZE_MAX;
					buf[0] = 'x';
					buf[1] = (char)b0;
					buf[2] = (char)b1;
					buf[3] = (char)tails[t2];
					buf[4] = (char)tails[t3];
					int want = valid_ref(buf, 5, &want_bad);
					int got = pact_utf8_valid(buf, 5, &got_bad);
					cr_assert_eq(got, want, "%02X %02X %02X %02X", b0, b1,
					             tails[t2], tails[t3]);
					if (!want)
						cr_assert_eq(got_bad, want_bad,
						             "%02X %02X %02X %02X", b0, b1,
						             tails[t2], tails[t3]);
				}
}

Test(load_fastpaths, text_the_checks_skip_has_nothing_they_would_find)
{
	/* the shortcut of schema.c passes exactly TAB, LF, printable ASCII,
	 * U+00C0-U+02FF and U+1E00-U+1EFF; each of those, in a word and
	 * alone, gets no diagnostic from the text checks, which the shortcut
	 * skips */
	for (unsigned cp = 1; cp <= 0x10FFFF; cp++) {
		char s[8];
		size_t len;
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		len = put_cp(s, cp);
		s[len] = '\0';
		int want = cp == '\t' || cp == '\n' || (cp >= 0x20 && cp < 0x7F) ||
		           (cp >= 0xC0 && cp <= 0x2FF) || (cp >= 0x1E00 && cp <= 0x1EFF);
		cr_assert_eq(pact_schema__plain_text(s, len), want, "U+%04X", cp);
		if (!want || cp < 0x80)
			continue;
		char *text = strf("note: \"%s a%sb\"\nbloc: \"%s\"\n", s, s, s);
		pact_diags d = PACT_DIAGS_INIT;
		pact_doc *doc = NULL;
		pact_doc_parse(&doc, &d, text, strlen(text), NULL);
		for (size_t i = 0; i < d.count; i++)
			cr_assert(d.items[i].line == 0 || !strcmp(d.items[i].code, "missing-key"),
			          "U+%04X: %s %s", cp, d.items[i].code, d.items[i].message);
		pact_diags_clear(&d);
		pact_doc_free(doc);
		free(text);
	}
	/* what it does not pass is checked: a look-alike after Vietnamese
	 * letters at the end of a text longer than its four-byte steps */
	char *got =
	        first_diag("note: \"Vi\xe1\xbb\x87t Nam \xe1\xbb\x91\xd0\xb0\"\n", "confusable");
	cr_expect(strstr(got, "U+0430") != NULL, "%s", got);
	free(got);
}

Test(load_fastpaths, the_nfc_check_agrees_with_utf8proc)
{
	static const unsigned ranges[][2] = {{0x80, 0x2FF}, {0x1E00, 0x1EFF}, {0x300, 0x36F}};
	char s[32];

	for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++)
		for (unsigned cp = ranges[r][0]; cp <= ranges[r][1]; cp++)
			for (int form = 0; form < 3; form++) {
				/* the letter alone, after "a", before a combining acute */
				size_t len = 0;
				if (form == 1)
					s[len++] = 'a';
				len += put_cp(s + len, cp);
				if (form == 2)
					len += put_cp(s + len, 0x301);
				char *nfc = pact_utf8_nfc(s, len);
				cr_assert_not_null(nfc);
				int same = strlen(nfc) == len && !memcmp(nfc, s, len);
				cr_assert_eq(pact_utf8_is_nfc(s, len), same, "U+%04X form %d", cp,
				             form);
				free(nfc);
			}
}

Test(load_fastpaths, latin_letters_told_by_their_bytes_are_letters_and_no_controls)
{
	/* what schema.c's shortcut assumes of U+00C0-U+023F (but the two
	 * signs) and U+1E00-U+1EFF, by utf8proc's categories */
	for (int32_t cp = 0xC0; cp <= 0x1EFF; cp++) {
		if (cp == 0x240)
			cp = 0x1E00;
		if (cp == 0xD7 || cp == 0xF7)
			continue;
		cr_assert(pact_utf8_is_letter(cp), "U+%04X", (unsigned)cp);
		cr_assert(!pact_utf8_is_control(cp), "U+%04X", (unsigned)cp);
	}
}

/* The first diagnostic of parsing text with the code `code` (any code:
 * NULL), as "line:col code message". */
static char *first_diag(const char *text, const char *code)
{
	pact_diags d = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	char *out = NULL;

	pact_doc_parse(&doc, &d, text, strlen(text), NULL);
	for (size_t i = 0; i < d.count && !out; i++)
		if (!code || !strcmp(d.items[i].code, code))
			out = strf("%u:%u %s %s", d.items[i].line, d.items[i].col, d.items[i].code,
			           d.items[i].message);
	cr_assert_not_null(out, "%s", text);
	pact_diags_clear(&d);
	pact_doc_free(doc);
	return out;
}

Test(load_fastpaths, a_look_alike_after_vietnamese_letters_is_found_in_its_word)
{
	/* "Ừ" (3 bytes), "ố" (3), "à" (2), then a Cyrillic "а" */
	char *got = first_diag("note: \"x \xe1\xbb\xaa\xe1\xbb\x91\xc3\xa0\xd0\xb0 y\"\n",
	                       "confusable");

	cr_expect_str_eq(got, "1:10 confusable word '\xe1\xbb\xaa\xe1\xbb\x91\xc3\xa0\xd0\xb0' "
	                      "contains the Cyrillic letter U+0430 that looks like a Latin "
	                      "letter");
	free(got);
}

Test(load_fastpaths, controls_are_found_at_every_offset_of_the_blocks)
{
	for (int k = 0; k < 24; k++) {
		char text[256], want[64], *got;
		size_t at = 0;
		/* outside the text: a bidi override in a comment after k ASCII
		 * characters */
		at = (size_t)snprintf(text, sizeof(text), "a: b\n# ");
		for (int i = 0; i < k; i++)
			text[at++] = (char)('a' + i % 26);
		snprintf(text + at, sizeof(text) - at, "\xe2\x80\xae and some more words\n");
		got = first_diag(text, NULL);
		snprintf(want, sizeof(want), "2:%d control", 3 + k);
		cr_expect(!strncmp(got, want, strlen(want)), "k=%d: %s", k, got);
		free(got);

		/* inside quoted text: NEL (a line break libyaml folds away)
		 * after k characters of mixed widths */
		at = (size_t)snprintf(text, sizeof(text), "a: \"");
		for (int i = 0; i < k; i++)
			at += put_cp(text + at, i % 3 == 0 ? 'x' : i % 3 == 1 ? 0x1B0 : 0x1EDD);
		snprintf(text + at, sizeof(text) - at, "\xc2\x85y and some more words\"\n");
		got = first_diag(text, NULL);
		snprintf(want, sizeof(want), "1:%d control", 5 + k);
		cr_expect(!strncmp(got, want, strlen(want)), "k=%d: %s", k, got);
		free(got);
	}
}

Test(load_fastpaths, the_walk_through_a_text_ends_where_the_text_ends)
{
	/* a text of k characters one to four bytes wide, plain or quoted,
	 * with a quote doubled or escaped or none, a comment after it or
	 * none, then on the next line a quoted text with escapes, whose
	 * source the walk located: the warning's column inside it is the same
	 * whatever came before */
	static const char *const open[] = {"", "\"", "'", "'it''s ", "\"a\\\"b ", "\"\\t"};
	static const char *const close[] = {"", "\"", "'", "'", "\"", "\""};
	static const unsigned widths[] = {'x', 0x1B0, 0x1EDD, 0x1F600, ' ', 0xE9};

	for (size_t st = 0; st < sizeof(open) / sizeof(open[0]); st++)
		for (int k = 0; k < 40; k++) {
			char text[512], *got;
			size_t at = (size_t)snprintf(text, sizeof(text), "a: %sz", open[st]);
			for (int i = 0; i < k; i++)
				at += put_cp(text + at, widths[(i * 7 + k) % 6]);
			snprintf(text + at, sizeof(text) - at,
			         "z%s%s\nnote: \"a\\u00E9\\u200Bc\"\n", close[st],
			         k % 2 ? " # \xe1\xbb\x87" : "");
			got = first_diag(text, "invisible");
			cr_expect(!strncmp(got, "2:15 invisible", 14), "style %zu k=%d: %s", st, k,
			          got);
			free(got);
		}
}

Test(load_fastpaths, json_strings_escape_each_ascii_character_as_before)
{
	/* each ASCII character inside ASCII and inside Vietnamese text, so
	 * that the writer's shortcut for strings with nothing to escape meets
	 * it: the quote, the backslash and the controls escaped, the rest as
	 * they are */
	for (unsigned c = 1; c < 0x80; c++) {
		char want[16], in[32], out[64];
		if (c == '"' || c == '\\')
			snprintf(want, sizeof(want), "\\%c", c);
		else if (c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f')
			snprintf(want, sizeof(want), "\\%c",
			         c == '\n'   ? 'n'
			         : c == '\t' ? 't'
			         : c == '\r' ? 'r'
			         : c == '\b' ? 'b'
			                     : 'f');
		else if (c < 0x20 || c == 0x7F)
			snprintf(want, sizeof(want), "\\u%04x", c);
		else
			snprintf(want, sizeof(want), "%c", c);
		for (int ctx = 0; ctx < 2; ctx++) {
			const char *side = ctx ? "\xe1\xbb\x87" : "abcdefgh";
			snprintf(in, sizeof(in), "%s%c%s", side, c, side);
			snprintf(out, sizeof(out), "\"%s%s%s\"", side, want, side);
			char *q = pact_json_quote(in, strlen(in));
			cr_assert_str_eq(q, out, "0x%02X", c);
			free(q);
		}
	}
}

/* pact_json_double(v, d) as a whole document: the number and a newline */
static char *json_number(double v, int decimals)
{
	pact_json *j = NULL;
	char *out = NULL;
	size_t len = 0;

	cr_assert_eq(pact_json_new(&j), 0);
	pact_json_double(j, v, decimals);
	cr_assert_eq(pact_json_finish(&out, &len, j), 0);
	pact_json_free(j);
	return out;
}

Test(load_fastpaths, json_numbers_are_printf_s_digits)
{
	/* the JSON writer prints similarities without printf: every value
	 * here must come out as "%.*f" writes it, halves and their
	 * neighbours, negative zero and large values included */
	static const double fixed[] = {0.0,    -0.0,  0.0005,  0.0015,   0.1235,   0.9995,
	                               1.0005, 2.5,   0.5,     1.5,      -0.0004,  -1.2345,
	                               0.125,  0.375, 1e-9,    999.9995, 123456.5, 1073741823.7,
	                               1e10,   -1e12, 0.83333, 2.0 / 3,  1.0 / 3,  0.1 + 0.2};
	unsigned seed = 99;
	char want[128];

	for (int d = 0; d <= 9; d++) {
		for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
			char *got = json_number(fixed[i], d);
			snprintf(want, sizeof(want), "%.*f\n", d, fixed[i]);
			cr_expect_str_eq(got, want, "%.17g with %d decimals", fixed[i], d);
			free(got);
		}
		for (int k = 0; k < 3000; k++) {
			double v;
			seed = seed * 1103515245 + 12345;
			/* k / 1000 and its neighbours: the halves of three decimals */
			v = (double)(seed >> 8 & 0xFFFF) / (k % 2 ? 1000.0 : 65536.0) - 16.0;
			if (k % 3 == 0)
				v = (double)(k / 3) / 2000.0; /* n.nnn5 exactly as written */
			char *got = json_number(v, d);
			snprintf(want, sizeof(want), "%.*f\n", d, v);
			cr_assert_str_eq(got, want, "%.17g with %d decimals", v, d);
			free(got);
		}
	}
}

Test(load_fastpaths, the_nfc_warning_comes_first_at_a_shared_position)
{
	/* a Greek omicron and a combining acute (NFC makes them one letter):
	 * the NFC warning points at the character before the mark, where the
	 * word of a look-alike letter starts and has its own warning; the NFC
	 * check comes first, as it always has */
	const char *text = "note: \"x \xce\xbf\xcc\x81 y\"\n";
	pact_diags d = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	size_t nfc = SIZE_MAX, word = SIZE_MAX;

	pact_doc_parse(&doc, &d, text, strlen(text), NULL);
	for (size_t i = 0; i < d.count; i++) {
		if (!strcmp(d.items[i].code, "not-nfc"))
			nfc = i;
		if (!strcmp(d.items[i].code, "confusable"))
			word = i;
	}
	cr_assert_neq(nfc, SIZE_MAX);
	cr_assert_neq(word, SIZE_MAX);
	cr_expect_eq(d.items[nfc].line, d.items[word].line);
	cr_expect_eq(d.items[nfc].col, d.items[word].col);
	cr_expect_lt(nfc, word);
	pact_diags_clear(&d);
	pact_doc_free(doc);
}
