/*
 * test_review_words.c - what the review commands and the exit-status
 * table tell an officer, in both languages, without git's vocabulary:
 * how to give one's name (the command to type, not "set user.name"),
 * what `review revoke --member` means (it withdrew, the help said
 * approve), and what exit status 1 means for push and pull (it said
 * "not a fast-forward", in Vietnamese "không tiến thẳng được").
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

TestSuite(review_words);

#define HOW_NAME "'git config --global user.name \"Full Name\"'"
#define HOW_EMAIL "'git config --global user.email \"email\"'"

Test(review_words, an_approval_without_a_name_says_what_to_type, .timeout = 60)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 --no-switch >/dev/null"), 0);
	/* nobody configured: no identity in the environment nor in HOME */
	fx_sh(&r, store,
	      "env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME "
	      "-u GIT_COMMITTER_EMAIL -u EMAIL HOME=\"$PWD/..\" GIT_CONFIG_GLOBAL=/dev/null "
	      "pact --lang=en review approve 2025 --member so-y-te");
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: error: who is approving? set your name and e-mail once "
	                        "with " HOW_NAME " and " HOW_EMAIL
	                        ", or pass --author \"Full Name <email>\""),
	          "%s", r.err);
	cr_expect(!strstr(r.err, "user.name and user.email"), "%s", r.err);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(review_words, revoke_help_says_withdraw)
{
	const char *langs[][3] = {
	        {"--lang=en", "the member whose approval is withdrawn",
	         "withdraw the board's approval"},
	        {"--lang=vi", "cơ quan thành viên có phê duyệt được rút lại",
	         "rút lại phê duyệt của ban điều hành"},
	};
	for (size_t i = 0; i < 2; i++) {
		run_result r = run_pact(NULL, langs[i][0], "review", "revoke", "--help", NULL);
		cr_expect_eq(r.status, 0, "%s", r.err);
		cr_expect(strstr(r.out, langs[i][1]) && strstr(r.out, langs[i][2]), "%s", r.out);
		cr_expect(!strstr(r.out, "the member approving") &&
		                  !strstr(r.out, "approve as the store's board") &&
		                  !strstr(r.out, "cơ quan thành viên phê duyệt;"),
		          "%s", r.out);
		run_result_free(&r);
	}
}

Test(review_words, exit_status_1_is_said_without_git_words)
{
	run_result r = run_pact(NULL, "--lang=en", "help", "exit-status", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "a push refused (the remote has\n     changes to pull first)"),
	          "%s", r.out);
	cr_expect(!strstr(r.out, "fast-forward"), "%s", r.out);
	run_result_free(&r);
	r = run_pact(NULL, "--lang=vi", "help", "exit-status", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "push bị từ chối (kho từ xa có thay đổi cần lấy về trước)"), "%s",
	          r.out);
	cr_expect(!strstr(r.out, "tiến thẳng"), "%s", r.out);
	run_result_free(&r);
}
