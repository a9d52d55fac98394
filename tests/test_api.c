/*
 * test_api.c - libpact as a program outside pact uses it: only the
 * installed headers, no git2.h (issue 13: libgit2 types stay behind the
 * store). It opens a store, commits a pact as a given person and reads
 * back the commit id and the author as text; and reads a pre-receive
 * hook's input with pact_review_check_push_lines.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#include "pact/history.h"
#include "pact/oid.h"
#include "pact/review.h"
#include "pact/store.h"

/* The public headers must not pull libgit2 in (git2.h's include guard). */
#ifdef INCLUDE_git_git_h__
#error "a public header of libpact includes git2.h"
#endif

#include "helpers.h"
#include "store_helpers.h"

Test(api, commit_with_a_signature_and_read_it_back)
{
	char *tmp = store_test_env(), *dir = strf("%s/s", tmp), *text = gen_pact(2025, "a b");
	pact_signature who = {"Nguyễn Thị Hoa", "hoa@soyte.example.vn", 1735689600, 420};
	pact_store_file f = {"pacts/2025.yaml", text, strlen(text)};
	pact_log_opts lo = PACT_LOG_OPTS_INIT;
	pact_store *st = NULL;
	pact_log *log = NULL;
	pact_oid id, head;
	char hex[PACT_OID_HEXSZ + 1];

	cr_assert_eq(pact_store_init(&st, dir, 0), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_store_commit(&id, st, NULL, &f, 1, "Thêm giao ước 2025", &who), 0, "%s",
	             pact_error_last()->message);
	pact_oid_fmt(hex, sizeof(hex), &id);
	cr_expect_eq(strlen(hex), 40);
	cr_assert_eq(pact_store_resolve(&head, st, NULL), 0);
	cr_expect(pact_oid_equal(&id, &head), "the commit is the branch tip");

	cr_assert_eq(pact_history_log(&log, st, &lo), 0, "%s", pact_error_last()->message);
	cr_assert_eq(log->count, 1);
	cr_expect_str_eq(log->entries[0].hex, hex);
	cr_expect_str_eq(log->entries[0].author_name, "Nguyễn Thị Hoa");
	cr_expect_str_eq(log->entries[0].author_email, "hoa@soyte.example.vn");
	cr_expect_eq(log->entries[0].time, 1735689600);
	cr_expect_eq(log->entries[0].offset, 420);
	cr_expect_str_eq(log->entries[0].subject, "Thêm giao ước 2025");

	/* and git agrees: the same id, the same author */
	char *out = NULL;
	cr_assert_eq(sh(dir, &out, "git log -1 --format='%%H %%an <%%ae> %%ad' --date=raw"), 0);
	char *want = strf("%s Nguyễn Thị Hoa <hoa@soyte.example.vn> 1735689600 +0700", hex);
	cr_expect_str_eq(out, want);
	free(want);
	free(out);

	pact_log_free(log);
	pact_store_free(st);
	free(text);
	free(dir);
	rm_rf(tmp);
	free(tmp);
}

Test(api, store_signature_comes_back_as_plain_strings)
{
	char *tmp = store_test_env(), *dir = strf("%s/s", tmp);
	pact_signature *sig = NULL;
	pact_store *st = NULL;

	cr_assert_eq(pact_store_init(&st, dir, 0), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_store_signature(&sig, NULL, st, "Trần Văn Bình <binh@bhxh.example.vn>"),
	             0);
	cr_expect_str_eq(sig->name, "Trần Văn Bình");
	cr_expect_str_eq(sig->email, "binh@bhxh.example.vn");
	cr_expect_gt(sig->time, 1700000000);
	pact_signature_free(sig);
	cr_expect_eq(pact_store_signature(&sig, NULL, st, "no email"), PACT_EUSAGE);
	cr_expect_null(sig);
	pact_signature_free(NULL);
	pact_store_free(st);
	free(dir);
	rm_rf(tmp);
	free(tmp);
}

Test(api, pre_receive_lines_are_read_by_the_library)
{
	char *tmp = store_test_env(), *dir = strf("%s/s", tmp), *report = NULL, *lines;
	char hex[PACT_OID_HEXSZ + 1];
	pact_store *st = NULL;
	pact_oid head;

	cr_assert_eq(pact_store_init(&st, dir, 1), 0, "%s", pact_error_last()->message);
	/* a line that is not "OLD NEW REF" is refused before anything is judged */
	cr_expect_eq(pact_review_check_push_lines(&report, st, "abc def refs/heads/main\n"),
	             PACT_EUSAGE);
	cr_expect_str_eq(pact_error_last()->message,
	                 "pre-receive: cannot read update 'abc def refs/heads/main'");
	cr_expect_null(report);
	cr_expect_eq(pact_review_check_push_lines(&report, st,
	                                          "0000000000000000000000000000000000000000 "
	                                          "0000000000000000000000000000000000000000\n"),
	             PACT_EUSAGE, "no ref name");
	/* no input: nothing to judge */
	cr_expect_eq(pact_review_check_push_lines(&report, st, ""), 0);
	cr_expect_str_eq(report ? report : "", "");
	free(report);
	report = NULL;
	pact_store_free(st);
	st = NULL;

	/* a work-tree store's first commit deleted from main: refused */
	free(dir);
	dir = strf("%s/w", tmp);
	cr_assert_eq(pact_store_init(&st, dir, 0), 0, "%s", pact_error_last()->message);
	cr_assert_eq(pact_store_resolve(&head, st, NULL), 0);
	lines = strf("%s 0000000000000000000000000000000000000000 refs/heads/main\n",
	             pact_oid_fmt(hex, sizeof(hex), &head));
	cr_expect_eq(pact_review_check_push_lines(&report, st, lines), PACT_EREFUSED);
	cr_expect(report && strstr(report, "main"), "%s", report ? report : "(null)");
	free(report);
	free(lines);
	pact_store_free(st);
	free(dir);
	rm_rf(tmp);
	free(tmp);
}

/* Every public header, preprocessed alone, names no libgit2 header: what
 * .ci/run checks on the installed copies, here on every `make check`. */
Test(api, no_public_header_includes_libgit2)
{
	char *out = NULL;
	cr_assert_eq(sh(PACT_SRCDIR, &out,
	                "for h in include/pact/*.h; do"
	                "  printf '#include <pact/%%s>\\n' \"${h##*/}\" |"
	                "  cc -std=c11 -E -Iinclude -x c - |"
	                "  grep -qE '^# [0-9]+ \"[^\"]*/git2(\\.h|/)' && echo \"$h\";"
	                "done; true"),
	             0);
	cr_expect_str_eq(out, "", "these include git2.h: %s", out);
	free(out);
	/* and the check itself sees git2.h when it is there */
	cr_assert_eq(sh(PACT_SRCDIR, &out,
	                "printf '#include <git2.h>\\n' | cc -std=c11 -E -x c - |"
	                " grep -cE '^# [0-9]+ \"[^\"]*/git2(\\.h|/)' >/dev/null && echo seen"),
	             0);
	cr_expect_str_eq(out, "seen");
	free(out);
}

/* What a pre-receive line is refused for is said, and the line is shown
 * sanitised: a ref name over the bound was "cannot read update" with the
 * reason cut off after 80 bytes, and an ESC reached the message raw. */
Test(api, pre_receive_refusals_say_why_and_show_no_control)
{
	char *tmp = store_test_env(), *dir = strf("%s/s", tmp), *report = NULL, *line;
	const char *z = "0000000000000000000000000000000000000000";
	char name[1101];
	pact_store *st = NULL;

	cr_assert_eq(pact_store_init(&st, dir, 1), 0, "%s", pact_error_last()->message);
	cr_expect_eq(pact_review_check_push_lines(&report, st, "\x1b[2J 1 refs/heads/x\n"),
	             PACT_EUSAGE);
	cr_expect_str_eq(pact_error_last()->message,
	                 "pre-receive: cannot read update '\\e[2J 1 refs/heads/x'");
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	line = strf("%s %s refs/heads/%s\n", z, z, name);
	cr_expect_eq(pact_review_check_push_lines(&report, st, line), PACT_EUSAGE);
	cr_expect_str_eq(pact_error_last()->message,
	                 "pre-receive: a ref name of 1111 bytes is longer than git's 1023");
	cr_expect_null(report);
	free(line);
	pact_store_free(st);
	free(dir);
	rm_rf(tmp);
	free(tmp);
}
