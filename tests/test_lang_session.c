/*
 * test_lang_session.c - one language at a time, as an officer sees it.
 *
 * A scripted session of the commands an officer runs (init, commit, show,
 * validate, import, diff, log, review open/status/approve/merge, and their
 * errors) with --lang=vi: nothing of what pact prints may be English. What
 * the officer typed or the pact holds (quoted names, file names, ids,
 * options, git commands to run) is left out before looking for English
 * words, so the check sees pact's own words only. The same session with
 * --lang=en says the same things in English.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "helpers.h"

/* pact's own words in `s`: '...' and "..." spans, --options, paths and
 * ids (words with '/', '-', '.', '_' or digits) blanked out. */
static char *own_words(const char *s)
{
	char *o = strdup(s);
	size_t n = strlen(o);
	cr_assert(o);
	/* the session's own "$ pact ..." headings */
	for (char *l = o; (l = strstr(l, "$ ")) != NULL;)
		while (*l && *l != '\n')
			*l++ = ' ';
	for (size_t i = 0; i < n; i++) {
		if (o[i] == '\'' || o[i] == '"') {
			char q = o[i];
			size_t j = i + 1;
			while (j < n && o[j] != q && o[j] != '\n')
				j++;
			if (j < n && o[j] == q) {
				memset(o + i, ' ', j - i + 1);
				i = j;
			}
		}
	}
	for (size_t i = 0; i < n;) {
		size_t j = i, odd = 0;
		while (j < n && !isspace((unsigned char)o[j])) {
			if (strchr("/-._@<>=0123456789", o[j]))
				odd = 1;
			j++;
		}
		if (odd)
			memset(o + i, ' ', j - i);
		i = j == i ? i + 1 : j;
	}
	return o;
}

/* The first English word of a list pact's messages are made of, found as
 * a whole word in pact's own words; NULL when there is none. */
static const char *english_in(const char *text)
{
	static const char *const words[] = {
	        "the",     "cannot",  "not",      "error",   "warning",  "refused",  "approved",
	        "approve", "members", "member",   "draft",   "has",      "have",     "unchanged",
	        "nothing", "invalid", "missing",  "unknown", "clause",   "clauses",  "commitment",
	        "pacts",   "store",   "year",     "with",    "from",     "run",      "first",
	        "already", "no",      "is",       "and",     "of",       "not",      "usage",
	        "text",    "valid",   "found",    "still",   "names",    "leftover", "leftovers",
	        "signing", "title",   "preamble", "closing", "imported", "page",     "check",
	};
	static char hit[64];
	char *o = own_words(text);
	const char *found = NULL;

	for (char *w = strtok(o, " \t\n,;:()[]!?·"); w && !found;
	     w = strtok(NULL, " \t\n,;:()[]!?·"))
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (!strcasecmp(w, words[i])) {
				snprintf(hit, sizeof(hit), "%s", w);
				found = hit;
				break;
			}
	free(o);
	return found;
}

/* Run pact with `lang` and the arguments; both streams of the run are
 * appended to *all, each run headed by its command line. */
static int step(char **all, const char *dir, const char *lang, const char *cmd)
{
	char *line = strf("'%s' --lang=%s %s 2>&1", PACT_BIN, lang, cmd);
	run_result r = run_sh(dir, line);
	char *next = strf("%s\n$ pact %s\n%s", *all ? *all : "", cmd, r.out);
	int status = r.status;

	free(*all);
	*all = next;
	run_result_free(&r);
	free(line);
	return status;
}

/* The session; returns everything it printed. */
static char *session(const char *lang)
{
	char *dir = make_tempdir(), *all = NULL, *src = src_path("");
	char *sh = strf("cp '%s/pacts/2023.yaml' '%s/pacts/2024.yaml' . && "
	                "cp '%s/tests/data/import/typed-2025.txt' "
	                "'%s/tests/data/import/seed-2024-ocr.txt' . && "
	                "printf 'schema: pact/1\\nyear: 2030\\nfoo: 1\\n' > bad.yaml",
	                src, src, src, src);
	run_result r = run_sh(dir, sh);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	cr_expect_eq(step(&all, dir, lang, "show 2019"), 1); /* not a store */
	cr_expect_eq(step(&all, dir, lang, "init"), 0);
	cr_expect_eq(step(&all, dir, lang, "show 2019"), 1);
	cr_expect_eq(step(&all, dir, lang, "commit 2023.yaml"), 0);
	cr_expect_eq(step(&all, dir, lang, "commit 2023.yaml"), 1); /* nothing to commit */
	cr_expect_eq(step(&all, dir, lang, "validate bad.yaml"), 1);
	cr_expect_eq(step(&all, dir, lang, "validate 2023.yaml"), 0);
	cr_expect_eq(step(&all, dir, lang, "diff 2023.yaml 2024.yaml --stat"), 0);
	cr_expect_eq(step(&all, dir, lang, "import typed-2025.txt -o 2025.yaml"), 0);
	cr_expect_eq(step(&all, dir, lang, "import seed-2024-ocr.txt -o seed.yaml"), 0); /* warns */
	cr_expect_eq(step(&all, dir, lang, "review open 2024"), 0);
	cr_expect_eq(step(&all, dir, lang, "review status 2024"), 0);
	cr_expect_eq(step(&all, dir, lang, "review approve 2024"), 1); /* not an approver */
	cr_expect_eq(step(&all, dir, lang, "review merge 2024"), 1);   /* not approved */
	cr_expect_eq(step(&all, dir, lang, "review comment 2024 --clause nope 'x'"), 1);
	cr_expect_eq(step(&all, dir, lang, "log --oneline"), 0);
	cr_expect_eq(step(&all, dir, lang, "log -n1"), 0);
	/* what the pre-commit hook says (validate --staged) */
	r = run_sh(dir, "git switch -q main && mkdir -p pacts && cp bad.yaml pacts/2030.yaml && "
	                "git add pacts/2030.yaml");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(step(&all, dir, lang, "validate --staged"), 1);
	r = run_sh(dir, "git log --format=%s -1 main && git log --format=%B -1 draft/2024");
	{
		char *next = strf("%s\n$ git log\n%s", all, r.out);
		free(all);
		all = next;
	}
	run_result_free(&r);
	free(sh);
	free(src);
	rm_rf(dir);
	free(dir);
	return all;
}

Test(lang_session, nothing_english_in_a_vietnamese_session, .timeout = 120)
{
	char *all = session("vi");
	const char *w = english_in(all);
	cr_expect(w == NULL, "English word '%s' in --lang=vi output:\n%s", w ? w : "", all);
	/* what the officer reads: refusals, diagnostics and commit messages */
	cr_expect(strstr(all, "pact: lỗi: kho không có giao ước năm 2019"), "%s", all);
	cr_expect(strstr(all, "bad.yaml:3:1: lỗi: khóa 'foo' không hợp lệ trong giao ước"), "%s",
	          all);
	cr_expect(strstr(all, "chưa phê duyệt văn bản hiện tại"), "%s", all);
	cr_expect(strstr(all, "Thêm giao ước năm 2023"), "%s", all);
	cr_expect(strstr(all, "Mở dự thảo năm 2024 từ giao ước năm 2023"), "%s", all);
	cr_expect(strstr(all, "ngày ký vẫn là ngày tạm 2024-01-01"), "%s", all);
	cr_expect(strstr(all, "2023.yaml: hợp lệ (5 điều, 5 thành viên)"), "%s", all);
	cr_expect(strstr(all, "đã nhập 4 điều, 10 cam kết, 4 thành viên"), "%s", all);
	cr_expect(strstr(all, ":16: cảnh báo: văn bản đã mất gần hết dấu (19% số từ có dấu"), "%s",
	          all);
	cr_expect(strstr(all, "pacts/2030.yaml: không hợp lệ (9 lỗi, 0 cảnh báo)"), "%s", all);
	free(all);
}

/* A system error inside a message (strerror, glibc's own catalogue) is
 * UTF-8 like the rest, whatever the process's LC_CTYPE: never "Kh?ng c?
 * t?p tin" (Vietnamese when glibc's catalogue is installed, else English). */
Test(lang_session, a_system_error_in_a_message_is_not_mangled)
{
	char *dir = make_tempdir();
	char *cmd = strf("LC_ALL= LC_CTYPE=C LANG= '%s' --lang=vi validate nofile.yaml", PACT_BIN);
	run_result r = run_sh(dir, cmd);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "pact: lỗi: không mở được 'nofile.yaml': ") != NULL, "%s", r.err);
	cr_expect(strchr(r.err, '?') == NULL, "%s", r.err);
	run_result_free(&r);
	free(cmd);
	rm_rf(dir);
	free(dir);
}

/* On an officer's machine, where vi_VN.UTF-8 exists (built here with
 * localedef, as .ci/run makes sure it can): the locale alone picks
 * Vietnamese, messages are whole UTF-8, and numbers in JSON keep their
 * decimal point (only LC_MESSAGES follows the locale). */
Test(lang_session, under_a_real_vietnamese_locale, .timeout = 120)
{
	char *dir = make_tempdir(), *src = src_path("");
	char *cmd = strf("mkdir -p '%s/loc' && localedef -i vi_VN -f UTF-8 '%s/loc/vi_VN.UTF-8' && "
	                 "export LOCPATH='%s/loc' LC_ALL=vi_VN.UTF-8 && "
	                 "locale 2>&1 | grep -q 'LC_MESSAGES=\"vi_VN.UTF-8\"' && "
	                 "'%s' validate nofile.yaml; "
	                 "'%s' diff --format=json '%s/pacts/2023.yaml' '%s/pacts/2024.yaml' "
	                 "| grep -m1 '\"similarity\"'",
	                 dir, dir, dir, PACT_BIN, PACT_BIN, src, src);
	run_result r = run_sh(dir, cmd);
	cr_expect(strstr(r.err, "pact: lỗi: không mở được 'nofile.yaml': ") != NULL, "%s", r.err);
	cr_expect(strchr(r.err, '?') == NULL, "%s", r.err);
	cr_expect(strstr(r.out, "\"similarity\": 0.") != NULL, "%s%s", r.out, r.err);
	run_result_free(&r);
	free(cmd);
	free(src);
	rm_rf(dir);
	free(dir);
}

Test(lang_session, the_same_session_in_english, .timeout = 120)
{
	char *all = session("en");
	cr_expect(strstr(all, "pact: error: no pact for 2019 in the store"), "%s", all);
	cr_expect(strstr(all, "bad.yaml:3:1: error: unknown key 'foo' in the pact"), "%s", all);
	cr_expect(strstr(all, "have not approved the current text"), "%s", all);
	cr_expect(strstr(all, "Add pact 2023"), "%s", all);
	cr_expect(strstr(all, "Open the 2024 draft from the 2023 pact"), "%s", all);
	cr_expect(strstr(all, "signing date is the placeholder 2024-01-01"), "%s", all);
	/* counts through ngettext: two forms in English, one in Vietnamese */
	cr_expect(strstr(all, "2023.yaml: valid (5 clauses, 5 members)"), "%s", all);
	cr_expect(strstr(all, "bad.yaml: invalid (9 errors, 0 warnings)"), "%s", all);
	cr_expect(strstr(all, "imported 4 clauses, 10 commitments, 4 members"), "%s", all);
	cr_expect(strstr(all, ":16: warning: the text has lost most of its diacritics"), "%s", all);
	cr_expect(strstr(all, "not ready: 5 members still to approve this text"), "%s", all);
	cr_expect(strstr(all, "pacts/2030.yaml: invalid (9 errors, 0 warnings)"), "%s", all);
	cr_expect(strstr(all, "lỗi") == NULL, "%s", all);
	free(all);
}
