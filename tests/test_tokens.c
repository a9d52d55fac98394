/*
 * test_tokens.c - words, punctuation and normalised keys (tokens.c).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "../src/tokens.h"

static int same_key(const char *a, const char *b, int fold)
{
	char *ka = pact_tokens__key_string(a, strlen(a), fold);
	char *kb = pact_tokens__key_string(b, strlen(b), fold);
	int r = ka && kb && !strcmp(ka, kb);
	free(ka);
	free(kb);
	return r;
}

Test(tokens, tone_mark_placement_is_not_a_difference)
{
	cr_expect(same_key("hoà", "hòa", 0)); /* U+00E0 on a vs U+00F2 on o */
	cr_expect(same_key("khoẻ", "khỏe", 0));
	cr_expect(same_key("thuỷ", "thủy", 0));
	cr_expect(!same_key("hóa", "hòa", 0)); /* a different tone is a different word */
	cr_expect(!same_key("hoa", "hòa", 0));
}

Test(tokens, nfd_and_nfc_spellings_share_a_key)
{
	/* "Việt" precomposed vs e + U+0323 + U+0302 */
	cr_expect(same_key("Vi\xe1\xbb\x87t", "Vie\xcc\xa3\xcc\x82t", 0));
}

Test(tokens, case_matters_for_key_not_for_fold)
{
	cr_expect(!same_key("Tỉnh", "tỉnh", 0));
	cr_expect(same_key("Tỉnh", "tỉnh", 1));
	cr_expect(same_key("ĐẢNG", "đảng", 1));
}

Test(tokens, syllables_are_words_and_punctuation_stands_alone)
{
	const char *s = "Chỉ thị số 19/CT-TTg, ngày 16/7/2021.";
	pact_tokens t = PACT_TOKENS_INIT;
	const char *want[] = {"Chỉ", "thị",  "số", "19", "/", "CT", "-",    "TTg",
	                      ",",   "ngày", "16", "/",  "7", "/",  "2021", "."};
	cr_assert_eq(pact_tokens__split(&t, s, strlen(s)), 0);
	cr_assert_eq(t.count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < t.count; i++) {
		cr_expect_eq(t.items[i].len, strlen(want[i]), "token %zu", i);
		cr_expect(!strncmp(s + t.items[i].off, want[i], t.items[i].len), "token %zu", i);
	}
	/* "/" in 19/CT is glued to its neighbours; "ngày" follows a space */
	cr_expect_eq(t.items[4].ws, t.items[4].off);
	cr_expect_neq(t.items[9].ws, t.items[9].off);
	pact_tokens__clear(&t);
}

Test(tokens, never_splits_a_utf8_sequence)
{
	const char *s = "“Toàn dân” — ệ…";
	pact_tokens t = PACT_TOKENS_INIT;
	cr_assert_eq(pact_tokens__split(&t, s, strlen(s)), 0);
	for (size_t i = 0; i < t.count; i++) {
		unsigned char first = (unsigned char)s[t.items[i].off];
		cr_expect((first & 0xC0) != 0x80, "token %zu starts inside a sequence", i);
		size_t end = t.items[i].off + t.items[i].len;
		cr_expect(end == strlen(s) || ((unsigned char)s[end] & 0xC0) != 0x80);
	}
	pact_tokens__clear(&t);
}

Test(tokens, same_text_ignores_whitespace_and_normalisation)
{
	cr_expect(pact_tokens__same_text("sức  khoẻ", "sức khỏe"));
	cr_expect(!pact_tokens__same_text("sức khoẻ", "sức khoẻ tốt"));
}

/* Every Vietnamese letter, written precomposed (keyed letter by letter
 * from a table) and decomposed (keyed by utf8proc): the same key, with
 * case and without. */
Test(tokens, every_vietnamese_letter_keys_as_its_decomposed_spelling)
{
	static const char *const letters[] = {
	        "aàáảãạăằắẳẵặâầấẩẫậ",
	        "eèéẻẽẹêềếểễệ",
	        "iìíỉĩị",
	        "oòóỏõọôồốổỗộơờớởỡợ",
	        "uùúủũụưừứửữự",
	        "yỳýỷỹỵ",
	        "đ",
	        "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ",
	        "EÈÉẺẼẸÊỀẾỂỄỆ",
	        "IÌÍỈĨỊ",
	        "OÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ",
	        "UÙÚỦŨỤƯỪỨỬỮỰ",
	        "YỲÝỶỸỴ",
	        "Đ",
	};
	size_t checked = 0, decomposed = 0;

	for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
		for (const char *p = letters[i]; *p;) {
			size_t n = 1;
			while ((p[n] & 0xC0) == 0x80)
				n++;
			char *word = malloc(n + 3);
			cr_assert(word);
			word[0] = 't';
			memcpy(word + 1, p, n);
			memcpy(word + 1 + n, "n", 2);
			char *nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)word);
			cr_assert(nfd);
			decomposed += strcmp(nfd, word) != 0; /* keyed the other way */
			cr_expect(same_key(word, nfd, 0), "%s", word);
			cr_expect(same_key(word, nfd, 1), "%s", word);
			free(nfd);
			free(word);
			p += n;
			checked++;
		}
	cr_assert_eq(checked, 2 * 73);
	cr_assert_eq(decomposed, 2 * 66); /* all but a e i o u y đ */
}

static uint64_t key_hash(const char *w, size_t n, int fold)
{
	char *k = pact_tokens__key_string(w, n, fold);
	cr_assert(k);
	uint64_t h = pact_tokens__hash(k, strlen(k), 0);
	free(k);
	return h;
}

/* A token's keys are the hashes of its key strings, whichever way the
 * tokeniser got them (ASCII, Latin letters by table, utf8proc; folding
 * shared with the key when it changes nothing). */
Test(tokens, keys_are_the_hashes_of_the_key_strings)
{
	const char *text = "Tỉnh HOÀ khoẻ ĐẢNG ủy 19/CT-TTg Straße ΣΊΣΥΦΟΣ "
	                   "ho\xcc\x80"
	                   "a Ǆemal ﬁnal İstanbul.";
	pact_tokens t = PACT_TOKENS_INIT;

	cr_assert_eq(pact_tokens__split(&t, text, strlen(text)), 0);
	cr_assert_gt(t.count, 15);
	for (size_t i = 0; i < t.count; i++) {
		const pact_token *k = &t.items[i];
		cr_expect_eq(k->key, key_hash(text + k->off, k->len, 0), "%.*s", (int)k->len,
		             text + k->off);
		cr_expect_eq(k->fold, key_hash(text + k->off, k->len, 1), "%.*s", (int)k->len,
		             text + k->off);
	}
	pact_tokens__clear(&t);
}

/* pact_tokens__count finds what pact_tokens__split finds. */
Test(tokens, count_agrees_with_split)
{
	const char *texts[] = {
	        "",
	        "   ",
	        "a",
	        " Tỉnh  Bắc Giang. ",
	        "19/CT-TTg\t\n",
	        "x\xc2\xa0y\xe2\x80\x83",
	        "...",
	        "hoà,hòa",
	        "đ",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		pact_tokens t = PACT_TOKENS_INIT;
		size_t end = 99, len = strlen(texts[i]);
		cr_assert_eq(pact_tokens__split(&t, texts[i], len), 0);
		cr_expect_eq(pact_tokens__count(texts[i], len, &end), t.count, "'%s'", texts[i]);
		size_t want = t.count ? t.items[t.count - 1].off + t.items[t.count - 1].len : 0;
		cr_expect_eq(end, want, "'%s'", texts[i]);
		pact_tokens__clear(&t);
	}
}

/* ---- the per-thread tables, mapped on first use ---------------------- */

#include <pthread.h>

#include "helpers.h"

static const char tables_text[] = "Các cơ quan, đơn vị thuộc Khối thi đua cam kết thực "
                                  "hiện tốt phong trào thi đua \"Vì người nghèo\" năm 2025; "
                                  "Việt Nam, VIỆT NAM, hoà, hòa, résumé, Ωμέγα, 한국어.";

/* The tokens of tables_text, keys and folds, in one string. */
static char *keys_of_text(void)
{
	pact_tokens t = PACT_TOKENS_INIT;
	char *out, *p;

	if (pact_tokens__split(&t, tables_text, strlen(tables_text)) != 0)
		return NULL;
	out = p = malloc(t.count * 48 + 1);
	if (out) {
		*p = '\0';
		for (size_t i = 0; i < t.count; i++)
			p += sprintf(p, "%zu:%zu:%016llx:%016llx;", t.items[i].off, t.items[i].len,
			             (unsigned long long)t.items[i].key,
			             (unsigned long long)t.items[i].fold);
	}
	pact_tokens__clear(&t);
	return out;
}

static void *keys_in_thread(void *arg)
{
	(void)arg;
	return keys_of_text();
}

/* Each thread has its own tables, made on its first use and gone with the
 * thread (make asan and valgrind see no leak): the same keys everywhere,
 * on a thread's first and later uses. */
Test(tokens, threads_get_the_same_keys)
{
	char *want = keys_of_text(), *again = keys_of_text();
	pthread_t th[4];

	cr_assert(want && again);
	cr_expect_str_eq(again, want);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 4; i++)
			cr_assert_eq(pthread_create(&th[i], NULL, keys_in_thread, NULL), 0);
		for (int i = 0; i < 4; i++) {
			void *got = NULL;
			cr_assert_eq(pthread_join(th[i], &got), 0);
			cr_expect(got && !strcmp(got, want), "thread %d: %s", i, (char *)got);
			free(got);
		}
	}
	free(want);
	free(again);
}

/* Every pact process, tokenising or not, started by zeroing its
 * thread-local storage: 300 KB of tokeniser tables there cost 71 page
 * faults per command. The tables are mapped on first use; what is left
 * thread-local is a few buffers of messages. */
Test(tokens, the_pact_executable_keeps_little_thread_local_storage)
{
	char *cmd = strf("readelf -lW '%s'", PACT_BIN);
	run_result r = run_sh(NULL, cmd);
	const char *tls;
	unsigned long long filesz = 0, memsz = ~0ULL;

	free(cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tls = strstr(r.out, "\n  TLS ");
	cr_assert(tls, "%s", r.out);
	/* Type Offset VirtAddr PhysAddr FileSiz MemSiz Flg Align */
	cr_assert_eq(sscanf(tls, " TLS %*s %*s %*s %llx %llx", &filesz, &memsz), 2, "%s", tls);
	cr_expect_lt(memsz, 64 * 1024, "thread-local storage of pact: %llu bytes", memsz);
	run_result_free(&r);
}
