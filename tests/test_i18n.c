/*
 * test_i18n.c - one language at a time: which language the environment
 * asks for, Vietnamese looked up through gettext whatever the process
 * locale, and a catalogue (po/vi.po) that is complete, current and NFC.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include "helpers.h"
#include "pact/error.h"
#include "pact/i18n.h"

static void clear_lang_env(void)
{
	static const char *const vars[] = {"PACT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES",
	                                   "LANG"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
}

Test(i18n, the_first_variable_set_decides_and_vi_means_vietnamese)
{
	static const struct {
		const char *pact_lang, *language, *lc_all, *lc_messages, *lang;
		pact_lang want;
	} cases[] = {
	        {NULL, NULL, NULL, NULL, NULL, PACT_LANG_EN},
	        {NULL, NULL, NULL, NULL, "vi_VN.UTF-8", PACT_LANG_VI},
	        {NULL, NULL, NULL, NULL, "en_US.UTF-8", PACT_LANG_EN},
	        {NULL, NULL, NULL, "vi_VN.UTF-8", "en_US.UTF-8", PACT_LANG_VI},
	        {NULL, NULL, "C", "vi_VN.UTF-8", "vi_VN.UTF-8", PACT_LANG_EN},
	        {NULL, "vi:en", "C.UTF-8", NULL, NULL, PACT_LANG_VI},
	        {NULL, "en", "vi_VN.UTF-8", NULL, NULL, PACT_LANG_EN},
	        {"vi", "en", "en_US.UTF-8", NULL, NULL, PACT_LANG_VI},
	        {"en", "vi", "vi_VN.UTF-8", NULL, "vi_VN.UTF-8", PACT_LANG_EN},
	        {"", "", "", "", "vi", PACT_LANG_VI}, /* empty is unset */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		clear_lang_env();
		if (cases[i].pact_lang)
			setenv("PACT_LANG", cases[i].pact_lang, 1);
		if (cases[i].language)
			setenv("LANGUAGE", cases[i].language, 1);
		if (cases[i].lc_all)
			setenv("LC_ALL", cases[i].lc_all, 1);
		if (cases[i].lc_messages)
			setenv("LC_MESSAGES", cases[i].lc_messages, 1);
		if (cases[i].lang)
			setenv("LANG", cases[i].lang, 1);
		cr_expect_eq(pact_lang_from_env(), cases[i].want, "case %zu", i);
	}
}

Test(i18n, an_explicit_choice_wins_and_a_bad_one_is_a_usage_error)
{
	pact_lang l = PACT_LANG_VI;
	clear_lang_env();
	setenv("PACT_LANG", "vi", 1);
	cr_expect_eq(pact_lang_choose(&l, "en"), 0);
	cr_expect_eq(l, PACT_LANG_EN);
	cr_expect_eq(pact_lang_choose(&l, NULL), 0);
	cr_expect_eq(l, PACT_LANG_VI);
	/* libpact's own messages follow the language too (PACT_LANG=vi here) */
	cr_expect_eq(pact_lang_choose(&l, "fr"), PACT_EUSAGE);
	cr_expect_str_eq(pact_error_last()->message, "không có ngôn ngữ 'fr' (vi hoặc en)");
	setenv("PACT_LANG", "en", 1);
	cr_expect_eq(pact_lang_choose(&l, "fr"), PACT_EUSAGE);
	cr_expect_str_eq(pact_error_last()->message, "unknown language 'fr' (vi or en)");
}

/* The process never called setlocale() (it runs in "C"), no Vietnamese
 * locale is asked for and LANGUAGE says English: the Vietnamese catalogue
 * is read all the same, and the caller's LANGUAGE is left as it was. */
Test(i18n, vietnamese_is_found_whatever_the_process_locale)
{
	clear_lang_env();
	setenv("LANGUAGE", "en", 1);
	setenv("LC_ALL", "C", 1);
	cr_expect_str_eq(pact__(PACT_LANG_VI, "Unchanged"), "Giữ nguyên");
	cr_expect_str_eq(pact__(PACT_LANG_VI, "Members' approvers"),
	                 "Người phê duyệt của thành viên");
	cr_expect_str_eq(pact__(PACT_LANG_EN, "Unchanged"), "Unchanged");
	cr_expect_str_eq(getenv("LANGUAGE"), "en");
	cr_expect_str_eq(pact__(PACT_LANG_VI, "no such message in the catalogue"),
	                 "no such message in the catalogue");
	cr_expect_str_eq(pact_p__(PACT_LANG_VI, "no-such-context", "Unchanged"), "Unchanged");
}

Test(i18n, a_process_set_up_for_one_language_still_answers_in_the_other)
{
	clear_lang_env();
	pact_i18n_setup(PACT_LANG_EN);
	cr_expect_eq(pact_i18n_lang(), PACT_LANG_EN);
	cr_expect_str_eq(pact__(PACT_LANG_VI, "Clause"), "Điều");
	pact_i18n_setup(PACT_LANG_VI);
	cr_expect_eq(pact_i18n_lang(), PACT_LANG_VI);
	cr_expect_str_eq(pact__(PACT_LANG_VI, "Removed"), "Lược bỏ");
	cr_expect_str_eq(pact__(PACT_LANG_EN, "Removed"), "Removed");
}

/* The test binary is build/test-pact: its catalogue is build/locale. */
Test(i18n, the_build_tree_reads_its_own_catalogue)
{
	const char *dir = pact_i18n_localedir();
	char *mo = strf("%s/vi/LC_MESSAGES/pact.mo", dir);
	size_t n = strlen(dir);
	cr_expect(n > 7 && !strcmp(dir + n - 7, "/locale"), "%s", dir);
	cr_expect_eq(access(mo, R_OK), 0, "%s", mo);
	free(mo);
}

/* Every string the sources mark is in po/pact.pot and translated in
 * po/vi.po (msgcmp fails on a missing or untranslated one), and nothing is
 * left fuzzy. A new message without its Vietnamese fails here. */
Test(i18n, the_catalogue_is_complete_and_current, .timeout = 120)
{
	char *dir = make_tempdir(), *src = src_path("");
	/* the Makefile's own xgettext keywords: the functions that translate
	 * their format string (pact_error_set, diags_add, cli_error...) too */
	char *cmd = strf("make -s --no-print-directory -C '%s' po-check POT_TMP='%s/now.pot'", src,
	                 dir);
	run_result r = run_sh(NULL, cmd);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, " translated message") != NULL, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, "fuzzy") == NULL && strstr(r.out, "untranslated") == NULL, "%s",
	          r.out);
	run_result_free(&r);
	free(cmd);
	free(src);
	rm_rf(dir);
	free(dir);
}

/* Diacritics in one spelling (NFC), as the pacts themselves are checked:
 * "hòa" typed with a combining grave would look right and match nothing. */
Test(i18n, the_vietnamese_catalogue_is_nfc)
{
	char *p = src_path("po/vi.po");
	char *text = read_file(p, NULL);
	cr_assert(text);
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)text);
	cr_assert(nfc);
	cr_expect_str_eq((const char *)nfc, text);
	free(nfc);
	free(text);
	free(p);
}
