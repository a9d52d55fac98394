/*
 * test_utf8.c - the NFC quick scan (utf8.c): the code points it takes as
 * stable are checked against utf8proc's own tables, over all of Unicode,
 * so a future change of the ranges cannot silently let a non-NFC string
 * through; and the scan agrees with the exact check on real and tricky text.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "helpers.h"
#include "pact/sanitize.h"
#include "pact/utf8.h"

#define NCP 0x110000

/* canonical decomposition of one code point; the count */
static utf8proc_ssize_t nfd(utf8proc_int32_t cp, utf8proc_int32_t *out, utf8proc_ssize_t cap)
{
	int boundclass = 0;
	return utf8proc_decompose_char(cp, out, cap, UTF8PROC_DECOMPOSE, &boundclass);
}

Test(utf8, stable_code_points_cannot_change_under_nfc)
{
	unsigned char *first = calloc(NCP, 1);
	utf8proc_int32_t d[32];
	size_t nstable = 0;

	cr_assert_not_null(first);
	for (utf8proc_int32_t cp = 1; cp < NCP; cp++) {
		if (!pact_utf8_nfc_stable((uint32_t)cp))
			continue;
		nstable++;
		cr_assert(utf8proc_codepoint_valid(cp), "U+%04X", (unsigned)cp);
		/* a starter, whose decomposition starts with a starter */
		cr_assert_eq(utf8proc_get_property(cp)->combining_class, 0, "U+%04X", (unsigned)cp);
		utf8proc_ssize_t n = nfd(cp, d, 32);
		cr_assert_gt(n, 0, "U+%04X", (unsigned)cp);
		cr_assert_eq(utf8proc_get_property(d[0])->combining_class, 0, "U+%04X",
		             (unsigned)cp);
		first[d[0]] = 1;
		/* NFC gives it back alone */
		utf8proc_uint8_t enc[4], *nfc = NULL;
		utf8proc_ssize_t len = utf8proc_encode_char(cp, enc);
		utf8proc_ssize_t m =
		        utf8proc_map(enc, len, &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		cr_assert(m == len && !memcmp(nfc, enc, (size_t)len), "U+%04X", (unsigned)cp);
		free(nfc);
	}
	cr_expect_gt(nstable, 1000);
	/* and none of them (nor what they decompose to first) is ever the
	 * second part of a canonical decomposition, so none can compose with
	 * what precedes it */
	for (utf8proc_int32_t cp = 1; cp < NCP; cp++) {
		if (!utf8proc_codepoint_valid(cp))
			continue;
		utf8proc_ssize_t n = nfd(cp, d, 32);
		for (utf8proc_ssize_t k = 1; k < n; k++)
			cr_assert(!first[d[k]], "U+%04X is part %zd of U+%04X's decomposition",
			          (unsigned)d[k], k, (unsigned)cp);
	}
	free(first);
}

Test(utf8, quick_scan_agrees_with_the_exact_check)
{
	static const char *const texts[] = {
	        "Thực hiện tốt công tác thi đua, khen thưởng năm 2024.",
	        "“Dấu ngoặc” – gạch ngang … 100.000 ₫",
	        "ASCII only",
	        "",
	        "hoa\xcc\x80", /* o + combining grave: NFD, not NFC */
	        ("ho\xcc\x80"
	         "a"),                  /* the same inside a word */
	        "\xe1\xba\xa1\xcc\x82", /* ạ + combining circumflex: composes to ậ */
	        "\xe2\x80\x80",         /* U+2000, a singleton decomposition */
	        "Ki\xcc\x81nh",         /* K i + acute */
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		size_t len = strlen(texts[i]);
		char *n = pact_utf8_nfc(texts[i], len);
		int exact = n && strlen(n) == len && !memcmp(n, texts[i], len);
		cr_expect_eq(!!pact_utf8_is_nfc(texts[i], len), exact, "text %zu", i);
		free(n);
	}
	size_t len = 0;
	char *path = src_path("pacts/2024.yaml");
	char *doc = read_file(path, &len);
	cr_assert_not_null(doc);
	cr_expect(pact_utf8_is_nfc(doc, len));
	free(doc);
	free(path);
}

Test(utf8, sanitizer_fast_path_agrees_with_the_unicode_tables)
{
	for (utf8proc_int32_t cp = 0xA0; cp < NCP; cp++) {
		if (cp == 0x2028 || cp == 0x2029 || cp == 0x200C || cp == 0x200D)
			continue;
		/* and the characters that draw nothing (sanitize.h) */
		int cf = utf8proc_category(cp) == UTF8PROC_CATEGORY_CF || cp == 0x034F ||
		         cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 ||
		         cp == 0x2800 || cp == 0x3164 || cp == 0xFFA0 ||
		         (cp >= 0xFE00 && cp <= 0xFE0F);
		cr_assert_eq(!!pact_sanitize_is_unsafe((unsigned)cp), cf, "U+%04X", (unsigned)cp);
	}
}

/* utf8proc_map with `opts`, the reference pact_utf8_nfc and _fold must
 * give the same bytes as. */
static char *reference(const char *s, size_t len, utf8proc_option_t opts)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n =
	        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out, opts);
	return n < 0 ? NULL : (char *)out;
}

/* Strings of letters, marks of several classes in every order, Hangul,
 * Greek and Vietnamese, short and with long runs of marks: pact's NFC and
 * fold are utf8proc's, byte for byte. */
Test(utf8, nfc_and_fold_are_utf8procs_on_mixed_text)
{
	static const utf8proc_int32_t pool[] = {
	        'a',    'E',    'o',    ' ',    0x00C5, 0x0041, 0x0300, 0x0301, 0x0303,
	        0x0309, 0x0323, 0x0302, 0x0306, 0x031B, 0x0316, 0x0327, 0x0345, 0x0344,
	        0x05B0, 0x0591, 0x1100, 0x1161, 0x11A8, 0xAC00, 0x03B1, 0x0313, 0x1F00,
	        0x1EA0, 0x1EC7, 0x01B0, 0x00DF, 0x212B, 0x0F73, 0x093C, 0x0334, 0x1D15E,
	};
	const size_t npool = sizeof(pool) / sizeof(pool[0]);
	unsigned long long seed = 0x9e3779b97f4a7c15ULL;

	for (int round = 0; round < 3000; round++) {
		char s[4 * 200 + 1];
		size_t len = 0, n = (size_t)(round % 7 == 0 ? 150 : round % 13 + 1);
		for (size_t k = 0; k < n; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			len += (size_t)utf8proc_encode_char(pool[(seed >> 33) % npool],
			                                    (utf8proc_uint8_t *)s + len);
		}
		s[len] = '\0';
		char *want = reference(s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		char *got = pact_utf8_nfc(s, len);
		cr_assert(want && got);
		cr_assert_str_eq(got, want, "NFC of round %d", round);
		free(want);
		free(got);
		want = reference(s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
		got = pact_utf8_fold(s, len);
		cr_assert(want && got);
		cr_assert_str_eq(got, want, "fold of round %d", round);
		free(want);
		free(got);
	}
	cr_expect_null(pact_utf8_nfc("a\xC3", 2));
	char *e = pact_utf8_nfc("", 0);
	cr_expect(e && !*e);
	free(e);
}

/* A letter carrying 100 000 marks of two classes, in the worst order
 * (utf8proc_map sorts such a run in about n^2/4 steps and took minutes):
 * the marks come out in canonical order, the first dot below composed
 * with the letter. */
Test(utf8, nfc_of_100000_marks_on_one_letter, .timeout = 10)
{
	const size_t marks = 100000;
	char *s = malloc(1 + 2 * marks + 1), *got;
	size_t len = 0;

	cr_assert(s);
	s[len++] = 'a';
	for (size_t k = 0; k < marks; k++) { /* acute (230), dot below (220), ... */
		memcpy(s + len, k % 2 ? "\xCC\xA3" : "\xCC\x81", 2);
		len += 2;
	}
	s[len] = '\0';
	got = pact_utf8_nfc(s, len);
	cr_assert(got);
	cr_assert_eq(strlen(got), 3 + 2 * (marks - 1));
	cr_expect_eq(memcmp(got, "\xE1\xBA\xA1", 3), 0); /* ạ */
	for (size_t k = 0; k < marks - 1; k++) {
		const char *want = k < marks / 2 - 1 ? "\xCC\xA3" : "\xCC\x81";
		if (memcmp(got + 3 + 2 * k, want, 2)) {
			cr_expect_fail("mark %zu out of order", k);
			break;
		}
	}
	cr_expect(!pact_utf8_is_nfc(s, len));
	cr_expect(pact_utf8_is_nfc(got, strlen(got)));
	free(got);
	got = pact_utf8_fold(s, len);
	cr_expect(got && strlen(got) == 3 + 2 * (marks - 1));
	free(got);
	free(s);
}
