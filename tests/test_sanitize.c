/*
 * test_sanitize.c - the one sanitiser (pact/sanitize.h), the one JSON writer
 * (pact/json.h) and the last-error buffer they report through: what a
 * reader sees for each hostile character, in each mode.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/error.h"
#include "pact/json.h"
#include "pact/sanitize.h"

#define PACT_FUZZ_NO_ENTRY
#include "fuzz/fuzz_sanitize.c"

static void expect_mode(pact_sanitize_mode mode, const char *in, const char *want)
{
	char *got = pact_sanitize(in, mode);
	cr_assert_not_null(got);
	cr_expect_str_eq(got, want, "mode %d: got '%s', want '%s'", (int)mode, got, want);
	free(got);
}

Test(sanitize, terminal_controls_become_visible_escapes)
{
	/* an OSC 8 hidden link and a screen clear, as a pact can write them */
	expect_mode(PACT_SANITIZE_TEXT, "\033]8;;http://x\033\\click\033]8;;\033\\",
	            "\\e]8;;http://x\\e\\click\\e]8;;\\e\\");
	expect_mode(PACT_SANITIZE_TEXT, "a\033[2Jb", "a\\e[2Jb");
	expect_mode(PACT_SANITIZE_TEXT, "bell\a bs\b vt\v ff\f cr\r",
	            "bell\\a bs\\b vt\\v ff\\f cr\\r");
	expect_mode(PACT_SANITIZE_TEXT, "\x01\x1f\x7f", "\\x01\\x1f\\x7f");
	/* raw 0x9b is CSI to an 8-bit terminal and not UTF-8: one byte escaped */
	expect_mode(PACT_SANITIZE_TEXT,
	            "x\x9b"
	            "31mred",
	            "x\\x9b31mred");
	/* U+0085 NEL and U+009B CSI as UTF-8 */
	expect_mode(PACT_SANITIZE_TEXT, "a\xc2\x85z\xc2\x9b", "a\\u0085z\\u009b");
	/* a cut sequence, an overlong form, a surrogate */
	expect_mode(PACT_SANITIZE_TEXT, "\xe1\xba", "\\xe1\\xba");
	expect_mode(PACT_SANITIZE_TEXT, "\xc0\xaf", "\\xc0\\xaf");
	expect_mode(PACT_SANITIZE_TEXT, "\xed\xa0\x80", "\\xed\\xa0\\x80");
	/* multi-line text keeps its lines and tabs; Vietnamese is untouched */
	expect_mode(PACT_SANITIZE_TEXT, "Điều 1\n\tSở Y tế", "Điều 1\n\tSở Y tế");
}

Test(sanitize, format_characters_are_shown_zwj_is_kept)
{
	/* RLO reorders what follows on screen ("Trojan Source") */
	expect_mode(PACT_SANITIZE_TEXT,
	            "ab\xe2\x80\xae"
	            "cd",
	            "ab\\u202ecd");
	expect_mode(PACT_SANITIZE_TEXT, "\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");
	expect_mode(PACT_SANITIZE_TEXT, "\xe2\x80\x8b\xc2\xad\xef\xbb\xbf",
	            "\\u200b\\u00ad\\ufeff");
	expect_mode(PACT_SANITIZE_TEXT, "l\xe2\x80\xa8p\xe2\x80\xa9", "l\\u2028p\\u2029");
	/* a tag character, above U+FFFF */
	expect_mode(PACT_SANITIZE_TEXT, "\xf3\xa0\x80\x81", "\\U0e0001");
	/* ZWJ and ZWNJ stay; what draws nothing (U+2800, the Khmer vowels, a
	 * Hangul filler) is shown, or a diff between two names that read the
	 * same has nothing to say why (test_breakterm.c) */
	expect_mode(PACT_SANITIZE_TEXT,
	            "a\xe2\x80\x8d"
	            "b\xe2\x80\x8c",
	            "a\xe2\x80\x8d"
	            "b\xe2\x80\x8c");
	expect_mode(PACT_SANITIZE_TEXT, "\xe2\xa0\x80\xe1\x9e\xb4\xe3\x85\xa4",
	            "\\u2800\\u17b4\\u3164");
}

Test(sanitize, line_mode_shows_newlines)
{
	expect_mode(PACT_SANITIZE_LINE, "subject\npact: error: forged",
	            "subject\\npact: error: forged");
	expect_mode(PACT_SANITIZE_LINE, "a\tb", "a\tb");
}

/* What a library message quotes holds no byte below 0x20: TAB too. */
Test(sanitize, message_mode_shows_tabs_and_newlines)
{
	expect_mode(PACT_SANITIZE_MESSAGE, "a\tb\nc\033d\\e", "a\\tb\\nc\\ed\\e");
	expect_mode(PACT_SANITIZE_MESSAGE, "Sở Y tế", "Sở Y tế");
}

Test(sanitize, markdown_cannot_start_a_block)
{
	/* a bare CR in a member name made a heading and a list item */
	expect_mode(PACT_SANITIZE_MARKDOWN, "Sở Y tế\r\r# Đã được phê duyệt",
	            "Sở Y tế\\r\\r# Đã được phê duyệt");
	expect_mode(PACT_SANITIZE_MARKDOWN, "a\n- b\n# c", "a - b # c");
	expect_mode(PACT_SANITIZE_MARKDOWN, "*x* _y_ `z` [l](u) <b> a|b ~~s~~ &amp;",
	            "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\<b\\> a\\|b \\~\\~s\\~\\~ \\&amp;");
	expect_mode(PACT_SANITIZE_MARKDOWN, "x\033[2J", "x\\e\\[2J");
	/* letters whose code point ends in 0x00 or 0x5c are not punctuation */
	expect_mode(PACT_SANITIZE_MARKDOWN, "Ā Ŝ \xf4\x85\x80\x80", "Ā Ŝ \xf4\x85\x80\x80");
}

Test(sanitize, html_entities_and_controls)
{
	expect_mode(PACT_SANITIZE_HTML, "<script>\"a\" & 'b'</script>",
	            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;");
	expect_mode(PACT_SANITIZE_HTML, "x\033]8;;u\033\\y\n", "x\\e]8;;u\\e\\y\n");
}

Test(sanitize, names_are_quoted_as_git_quotes_paths)
{
	expect_mode(PACT_SANITIZE_QUOTE, "pacts/2024.yaml", "pacts/2024.yaml");
	expect_mode(PACT_SANITIZE_QUOTE, "pacts/giao ước.yaml", "pacts/giao ước.yaml");
	expect_mode(PACT_SANITIZE_QUOTE, "pacts/\033[2J.yaml", "\"pacts/\\e[2J.yaml\"");
	expect_mode(PACT_SANITIZE_QUOTE, "a\"b\\c", "\"a\\\"b\\\\c\"");
	expect_mode(PACT_SANITIZE_QUOTE, "a\nb", "\"a\\nb\"");
	cr_expect(pact_sanitize_needed("a\nb", 3, PACT_SANITIZE_QUOTE));
	cr_expect(!pact_sanitize_needed("a\nb", 3, PACT_SANITIZE_TEXT));
}

Test(sanitize, embedded_nul_and_null)
{
	cr_expect(pact_sanitize_needed("a\0b", 3, PACT_SANITIZE_TEXT));
	cr_expect_null(pact_sanitize(NULL, PACT_SANITIZE_TEXT));
}

static int collect(void *payload, const char *s, size_t len)
{
	char *out = payload;
	strncat(out, s, len);
	return strlen(out) > 6 ? 7 : 0;
}

Test(sanitize, the_sink_can_stop_the_writer)
{
	char out[256] = "";
	cr_expect_eq(
	        pact_sanitize_write(collect, out, "ab\033cd\033ef\033gh", 11, PACT_SANITIZE_TEXT),
	        7);
	cr_expect_str_eq(out, "ab\\ecd\\e");
	out[0] = '\0';
	cr_expect_eq(pact_sanitize_write(collect, out, "a\0b", 3, PACT_SANITIZE_TEXT), 0);
	cr_expect_str_eq(out, "a\\x00b");
}

/* ---- the JSON writer ---- */

static char *finish(pact_json *j)
{
	char *out = NULL;
	cr_assert_eq(pact_json_finish(&out, NULL, j), 0, "%s", pact_error_last()->message);
	pact_json_free(j);
	return out;
}

Test(json, layout_block_and_inline)
{
	pact_json *j = NULL;
	cr_assert_eq(pact_json_new(&j), 0);
	pact_json_begin_document(j, "pact-test/1");
	pact_json_kint(j, "n", -3);
	pact_json_key(j, "inline");
	pact_json_begin_object(j, PACT_JSON_INLINE);
	pact_json_kuint(j, "a", 1);
	pact_json_key(j, "b");
	pact_json_begin_array(j, PACT_JSON_BLOCK); /* inside inline: inline */
	pact_json_bool(j, 1);
	pact_json_null(j);
	pact_json_double(j, 0.5, 3);
	pact_json_end_array(j);
	pact_json_end_object(j);
	pact_json_key(j, "list");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	pact_json_date(j, 2024, 5, 9);
	pact_json_date(j, 0, 0, 0);
	pact_json_end_array(j);
	pact_json_key(j, "empty");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	pact_json_end_array(j);
	char *s = finish(j);
	cr_expect_str_eq(s, "{\n"
	                    "  \"format\": \"pact-test/1\",\n"
	                    "  \"n\": -3,\n"
	                    "  \"inline\": {\"a\": 1, \"b\": [true, null, 0.500]},\n"
	                    "  \"list\": [\n"
	                    "    \"2024-05-09\",\n"
	                    "    null\n"
	                    "  ],\n"
	                    "  \"empty\": []\n"
	                    "}\n");
	free(s);
}

Test(json, strings_are_always_valid_utf8)
{
	pact_json *j = NULL;
	cr_assert_eq(pact_json_new(&j), 0);
	pact_json_begin_array(j, PACT_JSON_INLINE);
	pact_json_string(j, "q\"b\\ t\t n\n r\r b\b f\f e\033 del\x7f");
	pact_json_string(j, "latin-1 \xff\xfe caf\xe9");
	pact_json_string(j, "nel\xc2\x85 rlo\xe2\x80\xae ls\xe2\x80\xa8 tag\xf3\xa0\x80\x81");
	pact_json_string(j, "Sở Y tế");
	pact_json_string_n(j, "a\0b", 3);
	pact_json_string(j, NULL);
	char *s = finish(j);
	cr_expect_str_eq(s, "[\"q\\\"b\\\\ t\\t n\\n r\\r b\\b f\\f e\\u001b del\\u007f\", "
	                    "\"latin-1 \\ufffd\\ufffd caf\\ufffd\", "
	                    "\"nel\\u0085 rlo\\u202e ls\\u2028 tag\\udb40\\udc01\", "
	                    "\"Sở Y tế\", \"a\\u0000b\", null]\n");
	free(s);
}

Test(json, misuse_is_reported_not_written)
{
	pact_json *j = NULL;
	char *out = (char *)"x";
	cr_assert_eq(pact_json_new(&j), 0);
	pact_json_begin_object(j, PACT_JSON_BLOCK);
	pact_json_int(j, 1); /* a value where a key is due */
	cr_expect_eq(pact_json_finish(&out, NULL, j), PACT_EUSAGE);
	cr_expect_null(out);
	/* the writer is reset and can be used again; open containers close */
	pact_json_begin_array(j, PACT_JSON_INLINE);
	pact_json_int(j, 1);
	cr_assert_eq(pact_json_finish(&out, NULL, j), 0);
	cr_expect_str_eq(out, "[1]\n");
	free(out);
	pact_json_key(j, "k"); /* a key outside an object */
	cr_expect_eq(pact_json_finish(&out, NULL, j), PACT_EUSAGE);
	pact_json_free(j);
	pact_json_free(NULL);
	char *q = pact_json_quote("a\"\xff", 3);
	cr_expect_str_eq(q, "\"a\\\"\\ufffd\"");
	free(q);
}

/* The UTF-8 encoding of cp into out (4 bytes at most): its length. */
static size_t encode(unsigned cp, unsigned char *out)
{
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* What JSON should hold for cp: the character itself, or its \u escape
 * (a surrogate pair above U+FFFF) when the sanitiser calls it unsafe. */
static void expected_json(unsigned cp, char *want, size_t size)
{
	unsigned char enc[4];
	size_t n = encode(cp, enc);
	if (!pact_sanitize_is_unsafe(cp))
		snprintf(want, size, "\"%.*s\"", (int)n, (const char *)enc);
	else if (cp > 0xFFFF)
		snprintf(want, size, "\"\\u%04x\\u%04x\"", 0xD800 + ((cp - 0x10000) >> 10),
		         0xDC00 + ((cp - 0x10000) & 0x3FF));
	else
		snprintf(want, size, "\"\\u%04x\"", cp);
}

/* Every character of the Basic Multilingual Plane, two supplementary
 * planes and the tag plane, alone, after a letter, and cut short by its
 * last byte (each byte left is then a U+FFFD): escaped exactly when the
 * sanitiser calls it unsafe, whichever path the writer takes for it. */
Test(json, each_character_is_kept_or_escaped_as_the_sanitiser_says)
{
	for (unsigned cp = 0x80; cp < 0xE1000; cp++) {
		unsigned char enc[8];
		char want[64], longer[80];
		size_t n;
		char *q;

		if (cp == 0x30000)
			cp = 0xE0000; /* unassigned planes in between */
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = encode(cp, enc);
		expected_json(cp, want, sizeof(want));
		q = pact_json_quote((const char *)enc, n);
		cr_assert_str_eq(q, want, "U+%04X", cp);
		free(q);
		/* after a Vietnamese letter, and followed by one */
		memmove(enc + 2, enc, n);
		enc[0] = 0xE1, enc[1] = 0xBB;
		memmove(enc + 3, enc + 2, n);
		enc[2] = 0x87; /* ệ */
		enc[3 + n] = 'x';
		q = pact_json_quote((const char *)enc, n + 4);
		snprintf(longer, sizeof(longer), "\"ệ%.*sx\"", (int)(strlen(want) - 2), want + 1);
		cr_assert_str_eq(q, longer, "U+%04X after a letter", cp);
		free(q);
		/* cut short: n - 1 bytes, each a U+FFFD */
		q = pact_json_quote((const char *)enc + 3, n - 1);
		cr_assert_eq(strlen(q), 2 + 6 * (n - 1), "U+%04X cut short: %s", cp, q);
		cr_assert_eq(strncmp(q, "\"\\ufffd", 7), 0, "U+%04X cut short: %s", cp, q);
		free(q);
	}
}

/* Every non-ASCII character, in every mode, between two ASCII letters:
 * written as it is exactly when the sanitiser calls it safe (no mode
 * treats a non-ASCII character specially), whichever path it takes. */
Test(sanitize, each_character_is_kept_or_escaped_in_every_mode)
{
	for (unsigned cp = 0x80; cp < 0xE1000; cp++) {
		unsigned char in[8];
		size_t n;

		if (cp == 0x30000)
			cp = 0xE0000; /* unassigned planes in between */
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		in[0] = 'a';
		n = encode(cp, in + 1);
		in[1 + n] = '9';
		in[2 + n] = '\0';
		for (int mode = PACT_SANITIZE_TEXT; mode <= PACT_SANITIZE_MESSAGE; mode++) {
			char *got = pact_sanitize((const char *)in, (pact_sanitize_mode)mode);
			cr_assert_not_null(got);
			if (pact_sanitize_is_unsafe(cp))
				cr_assert(strcmp(got, (const char *)in) != 0 &&
				                  !strstr(got, (const char *)in + 1),
				          "U+%04X mode %d kept: %s", cp, mode, got);
			else
				cr_assert_str_eq(got, (const char *)in, "U+%04X mode %d", cp, mode);
			free(got);
		}
	}
}

Test(json, integers_at_their_limits_and_deep_indentation)
{
	pact_json *j = NULL;
	char want[4096];
	size_t w = 0;

	cr_assert_eq(pact_json_new(&j), 0);
	pact_json_begin_array(j, PACT_JSON_INLINE);
	pact_json_int(j, INT64_MIN);
	pact_json_int(j, INT64_MAX);
	pact_json_int(j, 0);
	pact_json_int(j, -7);
	pact_json_uint(j, UINT64_MAX);
	pact_json_uint(j, 10);
	char *s = finish(j);
	cr_expect_str_eq(s, "[-9223372036854775808, 9223372036854775807, 0, -7, "
	                    "18446744073709551615, 10]\n");
	free(s);

	/* 32 levels, the most the writer takes: two spaces a level */
	cr_assert_eq(pact_json_new(&j), 0);
	for (int d = 0; d < 32; d++) {
		pact_json_begin_array(j, PACT_JSON_BLOCK);
		w += (size_t)snprintf(want + w, sizeof(want) - w, "[\n%*s", 2 * (d + 1), "");
	}
	pact_json_int(j, 1);
	want[w++] = '1';
	for (int d = 31; d >= 0; d--)
		w += (size_t)snprintf(want + w, sizeof(want) - w, "\n%*s]", 2 * d, "");
	snprintf(want + w, sizeof(want) - w, "\n");
	s = finish(j);
	cr_expect_str_eq(s, want);
	free(s);
}

/* ---- the last error may quote itself ---- */

Test(error, a_message_may_quote_the_previous_one)
{
	pact_error_set(PACT_EIO, "cannot read 'pacts/2024.yaml'");
	pact_error_set(PACT_EINVALID, "the 2024 pact on 'main' is not valid: %s",
	               pact_error_last()->message);
	cr_expect_str_eq(pact_error_last()->message,
	                 "the 2024 pact on 'main' is not valid: cannot read 'pacts/2024.yaml'");
	cr_expect_eq(pact_error_last()->code, PACT_EINVALID);
}

/* ---- the fuzz target's promises on fixed and pseudo-random inputs ---- */

Test(sanitize, promises_hold_for_hostile_and_random_bytes)
{
	static const char *const fixed[] = {
	        "\033]8;;http://x\033\\click\033]8;;\033\\",
	        "\033[2J",
	        "x\x9by",
	        "\xc2\x85",
	        "Sở Y tế\r\r# Đã được phê duyệt",
	        "\xf4\x90\x80\x80",
	        "\xed\xbf\xbf",
	        "\xe2\x80",
	        "\xf3\xa0\x80\x81\xe2\x80\xae\"\\",
	        "",
	};
	unsigned long x = 12345;
	unsigned char buf[64];

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		cr_expect_eq(pact_fuzz_sanitize((const uint8_t *)fixed[i], strlen(fixed[i])), 0);
	cr_expect_eq(pact_fuzz_sanitize((const uint8_t *)"a\0b", 3), 0);
	/* bytes drawn mostly from the interesting ranges: controls, C1 lead
	 * 0xc2, continuation bytes, 3- and 4-byte leads */
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(round % 17);
		for (size_t k = 0; k < n; k++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			static const unsigned char pool[] = {0x00, 0x0a, 0x0d, 0x1b, 0x22, 0x5c,
			                                     0x41, 0x7f, 0x80, 0x85, 0x9b, 0xbf,
			                                     0xc2, 0xc0, 0xe2, 0x80, 0xae, 0xed,
			                                     0xef, 0xf0, 0xf3, 0xf4, 0xff, 0xa0};
			buf[k] = (x >> 33) % 4 == 0 ? (unsigned char)(x >> 40)
			                            : pool[(x >> 40) % sizeof(pool)];
		}
		cr_assert_eq(pact_fuzz_sanitize(buf, n), 0);
	}
}

/* What fuzz_sanitize learned (tests/fuzz/corpus/sanitize, committed and
 * minimised): every input passes the target again. */
Test(sanitize, fuzz_corpus_passes, .timeout = 300)
{
	char *dir = src_path("tests/fuzz/corpus/sanitize");
	DIR *d = opendir(dir);
	struct dirent *e;
	int cases = 0;

	cr_assert_not_null(d, "missing %s", dir);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *path = strf("%s/%s", dir, e->d_name);
		size_t len = 0;
		char *buf = read_file(path, &len);
		cr_assert_not_null(buf, "cannot read %s", path);
		cr_expect_eq(pact_fuzz_sanitize((const uint8_t *)buf, len), 0, "%s", path);
		free(buf);
		free(path);
		cases++;
	}
	closedir(d);
	free(dir);
	cr_expect_gt(cases, 0);
}
