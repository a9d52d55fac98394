/*
 * test_officer_leftovers.c - what an officer read that was wrong or said
 * nothing, in both languages: a draft opened from the 2024 pact that
 * claimed to be "restored from the 2024 OCR scan" (its source: and note:
 * copied over), and `review comments --clause` with a mistyped id that
 * listed nothing and exited 0, as if nobody had commented.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "review_fixture.h"

TestSuite(officer_leftovers);

/* fx_store with its 2024 pact given a source: and a note:, as the sample
 * pacts/2024.yaml has them. */
static char *store_with_provenance(char **dir)
{
	char *store = fx_store(dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "cp pacts/2024.yaml ../p.yaml && "
	                   "printf 'source: Khôi phục từ bản quét OCR năm 2024\\n"
	                   "note: Chỗ đọc chưa chắc ở điều 1\\n' >> ../p.yaml && "
	                   "pact commit ../p.yaml -m 'Nguồn của 2024' >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	return store;
}

Test(officer_leftovers, open_leaves_out_last_years_source_and_note, .timeout = 60)
{
	static const char *const lang[][4] = {
	        {"en",
	         "left out the 2024 pact's 'source:': it is about that text, not this draft\n",
	         "left out the 2024 pact's 'note:': it is about that text, not this draft\n",
	         "Left out the 2024 pact's 'source:': it is about that text, not this draft.\n"},
	        {"vi",
	         "giao ước năm 2024: đã bỏ phần 'source:' vì phần này nói về văn bản đó, không "
	         "phải dự thảo này\n",
	         "giao ước năm 2024: đã bỏ phần 'note:' vì phần này nói về văn bản đó, không "
	         "phải dự thảo này\n",
	         "Giao ước năm 2024: đã bỏ phần 'source:' vì phần này nói về văn bản đó, không "
	         "phải dự thảo này.\n"},
	};
	for (size_t i = 0; i < 2; i++) {
		char *dir, *store = store_with_provenance(&dir);
		run_result r;

		cr_assert_eq(
		        fx_sh(&r, store, "pact --lang=%s review open 2025 --no-switch", lang[i][0]),
		        0, "%s", r.err);
		cr_expect(strstr(r.out, lang[i][1]), "%s", r.out);
		cr_expect(strstr(r.out, lang[i][2]), "%s", r.out);
		run_result_free(&r);
		/* the draft holds neither; the rest of 2024 is there */
		cr_assert_eq(fx_sh(&r, store, "git show draft/2025:pacts/2025.yaml"), 0, "%s",
		             r.err);
		cr_expect(!strstr(r.out, "source:") && !strstr(r.out, "note:"), "%s", r.out);
		cr_expect(!strstr(r.out, "OCR"), "%s", r.out);
		cr_expect(strstr(r.out, "khen-thuong"), "%s", r.out);
		run_result_free(&r);
		/* the draft's first commit says so */
		cr_assert_eq(fx_sh(&r, store, "git log -1 --format=%%B draft/2025"), 0, "%s",
		             r.err);
		cr_expect(strstr(r.out, lang[i][3]), "%s", r.out);
		run_result_free(&r);
		free(store);
		rm_rf(dir);
		free(dir);
	}
}

Test(officer_leftovers, open_without_source_says_nothing_of_it, .timeout = 60)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(&r, store, "pact --lang=en review open 2025 --no-switch"), 0, "%s",
	             r.err);
	cr_expect(!strstr(r.out, "left out"), "%s", r.out);
	cr_expect(strstr(r.out, "rolled 2024 over to 2025 in: title, closing\n"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "git log -1 --format=%%B draft/2025"), 0, "%s", r.err);
	cr_expect(!strstr(r.out, "Left out"), "%s", r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(officer_leftovers, comments_on_a_clause_the_draft_lacks_say_so, .timeout = 60)
{
	char *dir, *store = fx_store(&dir);
	run_result r;

	cr_assert_eq(fx_sh(NULL, store, "pact review open 2025 --no-switch >/dev/null"), 0);
	fx_sh(&r, store, "pact --lang=en review comments 2025 --clause no-such-id");
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	cr_expect(strstr(r.err, "pact: error: no clause 'no-such-id' in the 2025 draft; its "
	                        "clauses: quan-triet, khen-thuong\n"),
	          "%s", r.err);
	run_result_free(&r);
	fx_sh(&r, store, "pact --lang=vi review comments 2025 --clause no-such-id");
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: lỗi: dự thảo năm 2025 không có điều 'no-such-id'; mã các "
	                        "điều của dự thảo: quan-triet, khen-thuong\n"),
	          "%s", r.err);
	run_result_free(&r);
	/* the number on the paper gives the id to type */
	fx_sh(&r, store, "pact --lang=en review comments 2025 --clause 2");
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "clause 2 has the id 'khen-thuong': --clause khen-thuong"), "%s",
	          r.err);
	run_result_free(&r);
	/* a clause of the draft without comments is not an error */
	fx_sh(&r, store, "pact --lang=en review comments 2025 --clause khen-thuong");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "no comments on 2025 khen-thuong\n");
	run_result_free(&r);
	/* nor is one that had comments and is no longer in the draft */
	cr_assert_eq(
	        fx_sh(&r, store,
	              "pact review comment 2025 --clause khen-thuong 'Bỏ điều này?' && "
	              "git switch -q draft/2025 && "
	              "sed -i '/id: khen-thuong/,$d' pacts/2025.yaml && "
	              "echo 'closing: Trên đây là bản giao ước năm 2025.' >> pacts/2025.yaml && "
	              "pact commit pacts/2025.yaml -m 'Bỏ điều 2' >/dev/null"),
	        0, "%s", r.err);
	run_result_free(&r);
	fx_sh(&r, store, "pact --lang=en review comments 2025 --clause khen-thuong");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Bỏ điều này?"), "%s", r.out);
	run_result_free(&r);
	free(store);
	rm_rf(dir);
	free(dir);
}

/* `pact pull` brings the reviews too: it says what came in, as `review
 * pull` does (it printed only the notes, and an officer who pulled never
 * learnt of the comment and approval waiting for them). */
Test(officer_leftovers, pull_says_what_came_in_of_the_reviews, .timeout = 120)
{
	static const char *const lang[][4] = {
	        {"en", "from 'origin':\n",
	         "  2025: comment on clause khen-thuong by Trần Y <yte@bloc.vn>\n",
	         "  2025: approval for bhxh-tinh, given by Lê Bảo <bao@bhxh.vn>\n"},
	        {"vi", "nhận từ 'origin':\n",
	         "  2025: góp ý vào điều khen-thuong của Trần Y <yte@bloc.vn>\n",
	         "  2025: bhxh-tinh phê duyệt, do Lê Bảo <bao@bhxh.vn>\n"},
	};
	for (size_t i = 0; i < 2; i++) {
		char *dir, *store = fx_store(&dir), *other = fx_shared_review(dir, store);
		run_result r;

		cr_assert_eq(fx_sh(&r, store,
		                   "pact review comment 2025 --clause khen-thuong 'Rõ hơn' " YTE
		                   " >/dev/null && "
		                   "pact review approve 2025 --member bhxh-tinh " BHXH
		                   " >/dev/null && "
		                   "pact review push >/dev/null"),
		             0, "%s", r.err);
		run_result_free(&r);
		/* the hub's HEAD names no branch: the clone checks out main */
		cr_assert_eq(
		        fx_sh(&r, other, "git switch -q main && pact --lang=%s pull", lang[i][0]),
		        0, "%s", r.err);
		cr_expect(strstr(r.out, lang[i][1]), "%s", r.out);
		cr_expect(strstr(r.out, lang[i][2]), "%s", r.out);
		cr_expect(strstr(r.out, lang[i][3]), "%s", r.out);
		run_result_free(&r);
		/* and nothing more when nothing more came */
		cr_assert_eq(fx_sh(&r, other, "pact --lang=%s pull", lang[i][0]), 0, "%s", r.err);
		cr_expect(!strstr(r.out, lang[i][1]), "%s", r.out);
		run_result_free(&r);
		free(other);
		free(store);
		rm_rf(dir);
		free(dir);
	}
}

/* Without a configured name, commit and import say what to type, in the
 * session's language (they said "set user.name and user.email"). */
Test(officer_leftovers, commit_and_import_without_a_name_say_what_to_type, .timeout = 60)
{
	static const char *const lang[][2] = {
	        {"en", "pact: warning: no identity configured: committed as 'pact "
	               "<pact@localhost>'; set your name and e-mail once with 'git config "
	               "--global user.name \"Full Name\"' and 'git config --global user.email "
	               "\"email\"', or pass --author \"Full Name <email>\"\n"},
	        {"vi", "pact: cảnh báo: chưa khai báo họ tên và email của người ghi: đã ghi với "
	               "tên 'pact <pact@localhost>'; hãy khai báo một lần bằng 'git config "
	               "--global user.name \"Họ Tên\"' và 'git config --global user.email "
	               "\"email\"', hoặc dùng --author \"Họ Tên <email>\"\n"},
	};
	for (size_t i = 0; i < 2; i++) {
		char *dir, *store = fx_store(&dir);
		run_result r;
		const char *nobody = "env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u "
		                     "GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL -u EMAIL "
		                     "HOME=\"$PWD/..\" GIT_CONFIG_GLOBAL=/dev/null";

		fx_sh(&r, store,
		      "sed 's/năm 2024/năm 2023/; s/^year: 2024/year: 2023/' "
		      "pacts/2024.yaml > ../p2023.yaml && "
		      "%s pact --lang=%s commit ../p2023.yaml -m 'Giao ước 2023'",
		      nobody, lang[i][0]);
		cr_expect_eq(r.status, 0, "%s", r.err);
		cr_expect_str_eq(r.err, lang[i][1]);
		run_result_free(&r);
		fx_sh(&r, store,
		      "%s pact --lang=%s import %s/tests/data/import/typed-2025.txt --commit",
		      nobody, lang[i][0], PACT_SRCDIR);
		cr_expect_eq(r.status, 0, "%s", r.err);
		cr_expect(strstr(r.err, lang[i][1]), "%s", r.err);
		run_result_free(&r);
		free(store);
		rm_rf(dir);
		free(dir);
	}
}

/* A member that leaves the bloc approves its departure; the adoption's
 * merge commit names it in the store's language (it said "(departing
 * member)" in a Vietnamese message). */
Test(officer_leftovers, adoption_trailers_in_the_sessions_language, .timeout = 90)
{
	static const char *const lang[][3] = {
	        {"en", "Approved-by: bhxh-tinh Lê Bảo <bao@bhxh.vn> (departing member)\n",
	         "Approved-by: so-y-te Trần Y <yte@bloc.vn>\n"},
	        {"vi", "Approved-by: bhxh-tinh Lê Bảo <bao@bhxh.vn> (thành viên rời khối)\n",
	         "Approved-by: so-y-te Trần Y <yte@bloc.vn>\n"},
	};
	for (size_t i = 0; i < 2; i++) {
		char *dir, *store = fx_store(&dir);
		run_result r;

		cr_assert_eq(
		        fx_sh(&r, store,
		              "pact review open 2025 >/dev/null && "
		              "sed -i '/id: bhxh-tinh/,/name: Bảo hiểm/d' pacts/2025.yaml && "
		              "sed -i 's/2025-01-01/2025-03-20/' pacts/2025.yaml && "
		              "pact commit pacts/2025.yaml -m 'BHXH rời khối' >/dev/null && "
		              "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
		              "pact review approve 2025 --member bhxh-tinh " BHXH " >/dev/null && "
		              "pact --lang=%s review merge 2025 --allow-leftovers >/dev/null",
		              lang[i][0]),
		        0, "%s", r.err);
		run_result_free(&r);
		cr_assert_eq(fx_sh(&r, store, "git log -1 --format=%%B main"), 0, "%s", r.err);
		cr_expect(strstr(r.out, lang[i][1]), "%s", r.out);
		cr_expect(strstr(r.out, lang[i][2]), "%s", r.out);
		if (i)
			cr_expect(!strstr(r.out, "departing"), "%s", r.out);
		run_result_free(&r);
		free(store);
		rm_rf(dir);
		free(dir);
	}
}

/* pull's help, in Vietnamese, without git's "tiến thẳng" (fast-forward). */
Test(officer_leftovers, pull_help_without_git_words)
{
	run_result r = run_pact(NULL, "--lang=vi", "pull", "--help", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "nhận\nthêm các lần ghi mới nếu chỉ kho từ xa có"), "%s", r.out);
	cr_expect(!strstr(r.out, "tiến thẳng") && !strstr(r.out, "tiến\nthẳng"), "%s", r.out);
	run_result_free(&r);
}
