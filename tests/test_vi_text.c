/*
 * test_vi_text.c - what a Vietnamese officer reads: the usage lines, help
 * and man pages name every placeholder in Vietnamese (TỆP, NĂM,
 * PHIÊN-BẢN, GHI-CHÚ...), never an English metavariable, however the
 * language is chosen (--lang=vi, LANGUAGE=vi); completion still offers the
 * options as they are typed.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The English metavariables of the option tables and usage lines (EMAIL
 * stays: "TÊN <EMAIL>" is how Vietnamese forms say it). */
static const char *const english[] = {"MSG", "PREV",    "OUT",    "NAME",    "ID",      "TEXT",
                                      "DIR", "REV",     "FILE",   "YEAR",    "ARGS",    "OLD",
                                      "NEW", "COMMAND", "REMOTE", "OPTIONS", "MESSAGE", "updates"};

/* The first English metavariable in s as a word of its own (letters,
 * digits, '_' join a word: GIT_AUTHOR_NAME is an environment variable, not
 * a placeholder), or NULL. */
static const char *english_word(const char *s)
{
	const char *p = s;

	while (*p) {
		size_t n = 0;
		while (p[n] &&
		       ((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z') ||
		        (p[n] >= '0' && p[n] <= '9') || p[n] == '_' || (unsigned char)p[n] >= 0x80))
			n++;
		for (size_t i = 0; n && i < sizeof(english) / sizeof(english[0]); i++)
			if (strlen(english[i]) == n && !strncmp(p, english[i], n))
				return english[i];
		p += n ? n : 1;
	}
	return NULL;
}

static const char *const topics[][2] = {
        {"help", NULL},         {"init", NULL},        {"validate", NULL},   {"commit", NULL},
        {"show", NULL},         {"log", NULL},         {"diff", NULL},       {"push", NULL},
        {"pull", NULL},         {"remote", NULL},      {"setup-git", NULL},  {"hooks", NULL},
        {"import", NULL},       {"review", NULL},      {"review", "open"},   {"review", "comment"},
        {"review", "comments"}, {"review", "approve"}, {"review", "revoke"}, {"review", "status"},
        {"review", "merge"},    {"review", "check"},   {"review", "push"},   {"review", "pull"},
        {"review", "import"},
};

Test(vi_text, usage_and_help_name_no_english_placeholder)
{
	for (size_t i = 0; i < sizeof(topics) / sizeof(topics[0]); i++) {
		run_result r =
		        run_pact(NULL, "--lang=vi", "help", topics[i][0], topics[i][1], NULL);
		const char *w = english_word(r.out);
		cr_expect_eq(r.status, 0, "help %s: %s", topics[i][0], r.err);
		cr_expect(w == NULL, "'%s' in pact --lang=vi help %s %s:\n%s", w, topics[i][0],
		          topics[i][1] ? topics[i][1] : "", r.out);
		run_result_free(&r);
	}
}

Test(vi_text, the_main_help_under_language_vi)
{
	char *cmd =
	        strf("env -u PACT_LANG -u LC_ALL LANGUAGE=vi LANG=vi_VN.UTF-8 '%s' help", PACT_BIN);
	run_result r = run_sh(NULL, cmd);
	const char *w = english_word(r.out);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "cách dùng: pact [-C THƯ-MỤC]") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "-C THƯ-MỤC ") != NULL, "%s", r.out);
	cr_expect(w == NULL, "'%s' in LANGUAGE=vi pact help:\n%s", w, r.out);
	run_result_free(&r);
	free(cmd);

	/* the usage line of a command, by the flag */
	r = run_pact(NULL, "--lang=vi", "help", "commit", NULL);
	cr_expect(strstr(r.out, "cách dùng: pact commit [-m GHI-CHÚ] [--author \"TÊN <EMAIL>\"] "
	                        "[--amend-adopted LÝ-DO] [--] TỆP...") != NULL,
	          "%s", r.out);
	run_result_free(&r);
	r = run_pact(NULL, "--lang=vi", "help", "import", NULL);
	cr_expect(strstr(r.out, "--like=NĂM-TRƯỚC") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "-o, --output=TỆP-RA") != NULL, "%s", r.out);
	run_result_free(&r);
}

/* The Vietnamese pages of the commands say the same (their .TH title
 * line aside: PACT-REMOTE is a name; pact.1, the page of
 * every command at once, is English by design; groff writes letters
 * beyond ASCII as \[uXXXX], which is no English word either). */
Test(vi_text, man_pages_name_no_english_placeholder)
{
	char *tmp = make_tempdir();
	char *cmd = strf("mkdir -p man-vi && '%s' --lang=vi __man /usr/share/doc/pact --dir man-vi "
	                 "&& grep -hv '^[.]TH ' man-vi/pact-*.1",
	                 PACT_BIN);
	run_result r = run_sh(tmp, cmd);
	const char *w = english_word(r.out);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "review approve") != NULL, "%s", r.out);
	cr_expect(w == NULL, "'%s' in the Vietnamese man pages", w);
	run_result_free(&r);
	free(cmd);
	rm_rf(tmp);
	free(tmp);
}

/* Completion offers options as typed, whatever the language. */
Test(vi_text, completion_is_the_same_in_both_languages)
{
	run_result en = run_pact(NULL, "--lang=en", "__complete", "pact import --", NULL);
	run_result vi = run_pact(NULL, "--lang=vi", "__complete", "pact import --", NULL);

	cr_expect_eq(en.status, 0, "%s", en.err);
	cr_expect_str_eq(vi.out, en.out);
	cr_expect(strstr(en.out, "--like=\n--output=\n") != NULL, "%s", en.out);
	run_result_free(&en);
	run_result_free(&vi);
}

/* One date rule (labels.c): pact show's text and its paper write the
 * signing date the same way, Vietnamese as administrative documents do
 * (a zero before a day under 10 and before months 1 and 2), English ISO. */
Test(vi_text, show_text_and_paper_write_the_date_alike)
{
	static const struct {
		const char *iso, *vi;
	} dates[] = {{"2024-01-05", "ngày 05 tháng 01 năm 2024"},
	             {"2024-02-10", "ngày 10 tháng 02 năm 2024"},
	             {"2024-05-09", "ngày 09 tháng 5 năm 2024"},
	             {"2024-12-31", "ngày 31 tháng 12 năm 2024"}};
	char *tmp = make_tempdir(), *src = src_path("pacts/2024.yaml"),
	     *text = read_file(src, NULL);

	cr_assert_not_null(text);
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		char *at = strstr(text, "date: 2024-05-09"), *file = strf("%s/p.yaml", tmp);
		cr_assert_not_null(at);
		memcpy(at + 6, dates[i].iso, 10);
		cr_assert_eq(write_file(file, text, strlen(text)), 0);
		for (int lang = 0; lang < 2; lang++) {
			const char *want = lang ? dates[i].vi : dates[i].iso;
			const char *flag = lang ? "--lang=vi" : "--lang=en";
			run_result t = run_pact(tmp, flag, "show", "--format=text", "p.yaml", NULL);
			run_result m =
			        run_pact(tmp, flag, "show", "--format=markdown", "p.yaml", NULL);
			char *line = strf("%s: Bắc Giang, %s\n", lang ? "ký tại" : "signed", want);
			cr_expect_eq(t.status, 0, "%s", t.err);
			cr_expect(strstr(t.out, line) != NULL, "'%s' not in:\n%s", line, t.out);
			cr_expect(strstr(m.out, want) != NULL, "'%s' not in the paper:\n%s", want,
			          m.out);
			free(line);
			run_result_free(&t);
			run_result_free(&m);
		}
		memcpy(at + 6, "2024-05-09", 10);
		free(file);
	}
	free(text);
	free(src);
	rm_rf(tmp);
	free(tmp);
}

/* The help shows a diagnostic as it is printed: under Vietnamese the
 * severity word is "lỗi" / "cảnh báo" (pact_diag_format), never "error:". */
Test(vi_text, help_shows_diagnostics_with_the_words_printed)
{
	char *tmp = make_tempdir(), *bad = strf("%s/bad.yaml", tmp);
	run_result r;

	cr_assert_eq(write_file(bad, "schema: pact/1\nyear: x\n", 23), 0);
	r = run_pact(tmp, "--lang=vi", "validate", "bad.yaml", NULL);
	cr_expect(strstr(r.err, "bad.yaml:2:7: lỗi: ") != NULL, "%s", r.err);
	run_result_free(&r);
	r = run_pact(NULL, "--lang=vi", "help", "validate", NULL);
	cr_expect(strstr(r.out, "TỆP:DÒNG:CỘT: lỗi: THÔNG-BÁO") != NULL, "%s", r.out);
	run_result_free(&r);
	r = run_pact(NULL, "--lang=vi", "help", "import", NULL);
	cr_expect(strstr(r.out, "TỆP:DÒNG: cảnh báo: ...") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "warning") == NULL, "%s", r.out);
	run_result_free(&r);
	free(bad);
	rm_rf(tmp);
	free(tmp);
}

/* What review comment says it did, in the words of the review: the draft
 * of a year, and the clause (or "chung", the whole draft). */
Test(vi_text, review_comment_says_which_draft)
{
	char *tmp = make_tempdir();
	char *cmd = strf(
	        "PACT_LANG=vi '%s' init s >/dev/null && cd s && "
	        "'%s' commit '%s/pacts/2024.yaml' >/dev/null 2>&1 && "
	        "'%s' review open 2025 >/dev/null 2>&1 && "
	        "'%s' --lang=vi review comment 2025 --clause quan-triet-tu-tuong 'Cần số liệu' && "
	        "'%s' --lang=vi review comment 2025 'Chung'",
	        PACT_BIN, PACT_BIN, PACT_SRCDIR, PACT_BIN, PACT_BIN, PACT_BIN);
	run_result r = run_sh(tmp, cmd);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "đã thêm góp ý vào dự thảo 2025: quan-triet-tu-tuong\n"
	                        "đã thêm góp ý vào dự thảo 2025: (chung)\n") != NULL,
	          "%s", r.out);
	run_result_free(&r);
	free(cmd);
	rm_rf(tmp);
	free(tmp);
}
