/*
 * test_officer_vi.c - a new officer's first hour in Vietnamese: what pact
 * asks the officer to do is said with the officer's words and the exact
 * command to type, not with git's jargon (user.name, ref, blob) nor with a
 * placeholder the usage line does not have.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The one-time set-up every identity message now shows. */
#define HOW_NAME "'git config --global user.name \"Họ Tên\"'"
#define HOW_EMAIL "'git config --global user.email \"email\"'"

/* Runs `cmd` (pact's arguments) with --lang=vi in `dir` with no identity
 * anywhere: no GIT_AUTHOR_*, no EMAIL, a HOME without .gitconfig. */
static run_result run_anonymous(const char *dir, const char *cmd)
{
	char *line = strf("env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME "
	                  "-u GIT_COMMITTER_EMAIL -u EMAIL HOME='%s' '%s' --lang=vi %s",
	                  dir, PACT_BIN, cmd);
	run_result r = run_sh(dir, line);
	free(line);
	return r;
}

Test(officer_vi, no_identity_says_how_to_set_it)
{
	char *dir = make_tempdir(), *src = src_path("pacts/2024.yaml");
	char *cmd = strf("commit '%s' -m 'Giao ước 2024'", src);
	run_result r = run_anonymous(dir, "init s");

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "chưa khai báo họ tên và email của người ghi: lần ghi đầu tiên") !=
	                  NULL,
	          "%s", r.err);
	cr_expect(strstr(r.err, HOW_NAME) && strstr(r.err, HOW_EMAIL), "%s", r.err);
	cr_expect(strstr(r.err, "user.name và") == NULL, "%s", r.err);
	run_result_free(&r);

	char *store = strf("%s/s", dir);
	r = run_anonymous(store, cmd);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "pact: cảnh báo: chưa khai báo họ tên và email của người ghi: đã "
	                        "ghi với tên 'pact <pact@localhost>'") != NULL,
	          "%s", r.err);
	cr_expect(strstr(r.err, HOW_NAME) && strstr(r.err, HOW_EMAIL), "%s", r.err);
	run_result_free(&r);

	r = run_anonymous(store, "review open 2025");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_anonymous(store, "review approve 2025 --member so-y-te");
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: lỗi: ai phê duyệt? hãy khai báo một lần bằng " HOW_NAME) !=
	                  NULL,
	          "%s", r.err);
	cr_expect(strstr(r.err, HOW_EMAIL ", hoặc dùng --author \"Họ Tên <email>\"") != NULL, "%s",
	          r.err);
	run_result_free(&r);

	free(store);
	free(cmd);
	free(src);
	rm_rf(dir);
	free(dir);
}

/* git's words an officer does not know, and the placeholder THÀNH-VIÊN
 * that no usage line has (the option is --member MÃ). */
static const char *const jargon[] = {" ref ", "blob", "THÀNH-VIÊN"};

Test(officer_vi, help_of_push_pull_approve_revoke_uses_the_officers_words)
{
	static const char *const topics[][2] = {
	        {"push", NULL},
	        {"pull", NULL},
	        {"review", "approve"},
	        {"review", "revoke"},
	};

	for (size_t i = 0; i < sizeof(topics) / sizeof(topics[0]); i++) {
		run_result r =
		        run_pact(NULL, "--lang=vi", "help", topics[i][0], topics[i][1], NULL);
		cr_expect_eq(r.status, 0, "%s", r.err);
		for (size_t j = 0; j < sizeof(jargon) / sizeof(jargon[0]); j++)
			cr_expect(strstr(r.out, jargon[j]) == NULL,
			          "'%s' in pact --lang=vi help %s %s:\n%s", jargon[j], topics[i][0],
			          topics[i][1] ? topics[i][1] : "", r.out);
		run_result_free(&r);
	}
	run_result r = run_pact(NULL, "--lang=vi", "help", "review", "approve", NULL);
	cr_expect(strstr(r.out, "Ghi nhận cơ quan thành viên (--member) phê duyệt đúng văn bản") !=
	                  NULL,
	          "%s", r.out);
	run_result_free(&r);
	r = run_pact(NULL, "--lang=vi", "help", "push", NULL);
	cr_expect(strstr(r.out, "Các góp ý và phê duyệt, nhánh dự thảo và thẻ pact/") != NULL, "%s",
	          r.out);
	cr_expect(strstr(r.out, "được\ngửi trước, trong lần đẩy riêng.") != NULL, "%s", r.out);
	run_result_free(&r);
}

/* `git diff` through the driver 'pact setup-git' configures speaks the
 * officer's language, as `pact diff` does: English under an English
 * locale (the heading was Vietnamese whatever the choice), Vietnamese
 * with PACT_LANG=vi. */
Test(officer_vi, git_diff_driver_follows_the_language)
{
	char *dir = make_tempdir();
	char *cmd = strf("set -e; git init -q -b main . && mkdir pacts && cp '%s/pacts/2023.yaml' "
	                 "pacts/2024.yaml"
	                 " && git add . && git -c user.name=t -c user.email=t@x commit -qm a"
	                 " && cp '%s/pacts/2024.yaml' pacts/2024.yaml"
	                 " && echo 'pacts/*.yaml diff=pact' > .gitattributes"
	                 " && git config diff.pact.command '%s diff --git-driver'"
	                 " && LC_ALL=C.UTF-8 git --no-pager diff pacts/2024.yaml"
	                 " && echo ==== && PACT_LANG=vi git --no-pager diff pacts/2024.yaml",
	                 PACT_SRCDIR, PACT_SRCDIR, PACT_BIN);
	run_result r = run_sh(dir, cmd);
	const char *vi;

	cr_assert_eq(r.status, 0, "%s", r.err);
	vi = strstr(r.out, "====\n");
	cr_assert(vi != NULL, "%s", r.out);
	cr_expect(
	        strstr(r.out, "Emulation pact comparison: a/pacts/2024.yaml → b/pacts/2024.yaml") ==
	                strchr(r.out, '\n') + 1,
	        "%s", r.out);
	cr_expect(strstr(r.out, "So sánh giao ước thi đua") == NULL ||
	                  strstr(r.out, "So sánh giao ước thi đua") > vi,
	          "%s", r.out);
	cr_expect(strstr(vi, "So sánh giao ước thi đua: a/pacts/2024.yaml → b/pacts/2024.yaml") !=
	                  NULL,
	          "%s", vi);
	run_result_free(&r);
	rm_rf(dir);
	free(dir);
	free(cmd);
}

/* Two messages an officer met in the first hour, in plain Vietnamese: a
 * pull that only takes the hub's commits ("fast-forward" was "tiến
 * thẳng", git's word), and `pact diff` given one year. */
Test(officer_vi, pull_and_diff_say_it_plainly)
{
	char *dir = make_tempdir(), *p23 = src_path("pacts/2023.yaml");
	char *p24 = src_path("pacts/2024.yaml");
	char *cmd = strf("set -e; P='%s'; $P init a >/dev/null;"
	                 " $P init --bare hub.git >/dev/null; cd a;"
	                 " $P commit '%s' -m 2023 >/dev/null; $P remote add origin ../hub.git;"
	                 " $P push >/dev/null 2>&1; cd ..; git clone -q hub.git b; cd a;"
	                 " $P commit '%s' -m 2024 >/dev/null; $P push >/dev/null 2>&1; cd ../b;"
	                 " $P --lang=vi pull",
	                 PACT_BIN, p23, p24);
	run_result r = run_sh(dir, cmd);
	const char *ff = "Đã cập nhật theo kho từ xa, tới lần ghi ";

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strncmp(r.out, ff, strlen(ff)) == 0, "%s", r.out);
	cr_expect(strstr(r.out, "tiến thẳng") == NULL, "%s", r.out);
	run_result_free(&r);

	char *b = strf("%s/b", dir);
	r = run_pact(b, "--lang=vi", "diff", "2023", NULL);
	cr_expect_eq(r.status, 2, "%s", r.err);
	cr_expect(strstr(r.err, "pact: lỗi: pact diff cần cả CŨ và MỚI, hoặc không có cả hai\n") !=
	                  NULL,
	          "%s", r.err);
	run_result_free(&r);
	free(b);
	free(cmd);
	free(p23);
	free(p24);
	rm_rf(dir);
	free(dir);
}

/* Terminal columns of one line of UTF-8 text: code points, less the
 * combining marks U+0300-U+036F (a decomposed "ệ" is one column). */
static size_t line_cols(const char *s, size_t len)
{
	size_t cols = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) == 0x80)
			continue;
		if ((c == 0xCC && i + 1 < len) ||
		    (c == 0xCD && i + 1 < len && (unsigned char)s[i + 1] <= 0xAF))
			continue;
		cols++;
	}
	return cols;
}

/* The provincial board reads `pact diff` on an 80-column terminal. An
 * unchanged commitment is cut to one line ending in "…"; the cut ran 72
 * characters after "   = 2. ", 81 columns, and the pager wrapped the
 * last syllable and the "…" onto a line of their own ("        t…"),
 * once for nearly every unchanged commitment. */
Test(officer_vi, unchanged_commitments_fit_an_80_column_terminal)
{
	char *p23 = src_path("pacts/2023.yaml"), *p24 = src_path("pacts/2024.yaml");
	run_result r = run_pact(NULL, "--lang=vi", "diff", "--color=never", p23, p24, NULL);
	size_t cut = 0;

	cr_assert_eq(r.status, 0, "%s", r.err);
	for (const char *line = r.out; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *ell = "…";

		if (len >= 3 && !memcmp(line + len - 3, ell, 3)) {
			cut++;
			cr_expect(line_cols(line, len) <= 80, "%zu columns: %.*s",
			          line_cols(line, len), (int)len, line);
		}
		line += len + (nl != NULL);
	}
	cr_expect_geq(cut, 8, "only %zu cut lines in:\n%s", cut, r.out);
	run_result_free(&r);
	free(p23);
	free(p24);
}

/* The comparison table officers print (HTML) gave clauses kept, changed,
 * added, removed, moved and split, but not renumbered or merged, nor the
 * commitments moved to another clause: the board read a summary in which
 * no clause had been renumbered, while the text and Markdown summaries
 * said "Đánh số lại 1". */
Test(officer_vi, printed_summary_says_clauses_were_renumbered)
{
	char *p23 = src_path("pacts/2023.yaml"), *p24 = src_path("pacts/2024.yaml");
	run_result h = run_pact(NULL, "--lang=vi", "diff", "--format=html", p23, p24, NULL);
	run_result m = run_pact(NULL, "--lang=vi", "diff", "--format=markdown", p23, p24, NULL);
	const char *how = "Đánh số lại 1, chuyển sang điều khác 1";
	const char *table = h.out ? strstr(h.out, "<h2>Bảng so sánh</h2>") : NULL;
	const char *said = h.out ? strstr(h.out, how) : NULL;

	cr_assert_eq(h.status, 0, "%s", h.err);
	cr_assert_eq(m.status, 0, "%s", m.err);
	cr_expect(strstr(m.out, how) != NULL, "%s", m.out);
	cr_expect(said != NULL && table != NULL && said < table, "not in the summary:\n%s", h.out);
	run_result_free(&h);
	run_result_free(&m);
	free(p23);
	free(p24);
}

/* `pact log --clause` takes a clause's id, but an officer types the
 * number printed on the paper ("6") or the start of the id she half
 * remembers: pact said only that no year had that clause. It now says
 * which id to type, from the newest year. */
Test(officer_vi, log_clause_says_which_id_to_type)
{
	char *dir = make_tempdir(), *p23 = src_path("pacts/2023.yaml");
	char *p24 = src_path("pacts/2024.yaml");
	char *cmd = strf("set -e; P='%s'; $P init s >/dev/null; cd s;"
	                 " $P commit '%s' '%s' -m 'Giao ước' >/dev/null",
	                 PACT_BIN, p23, p24);
	run_result r = run_sh(dir, cmd);
	char *store = strf("%s/s", dir);

	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "--lang=vi", "log", "--clause", "6", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err,
	                 "pact: lỗi: không năm nào trong kho có điều mang mã '6'; điều 6 "
	                 "năm 2024 có mã 'khen-thuong': pact log --clause khen-thuong\n") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "--lang=vi", "log", "--clause", "khen", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "không năm nào trong kho có điều 'khen'; có phải ý bạn là "
	                        "'khen-thuong'?\n") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "--lang=vi", "log", "--clause", "thi-dua-khen-thuong", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "; mã các điều năm 2024: quan-triet-tu-tuong, trien-khai-nhiem-vu, "
	                        "van-hoa-xa-hoi, xay-dung-dang, phong-trao-thi-dua, "
	                        "khen-thuong\n") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	free(store);
	free(cmd);
	free(p23);
	free(p24);
	rm_rf(dir);
	free(dir);
}

/* Usage errors an officer meets in a Vietnamese session were English:
 * `pact review comment 2025` with no text, --board with --member, and
 * import's --year, --commit with -o, -m without --commit. */
Test(officer_vi, usage_errors_are_in_vietnamese)
{
	static const char *const cases[][2] = {
	        {"review comment 2025", "pact: lỗi: thiếu nội dung góp ý\n"},
	        {"review approve 2025 --board --member so-y-te",
	         "pact: lỗi: --board và --member không dùng cùng nhau\n"},
	        {"review revoke 2025 --sign --no-sign",
	         "pact: lỗi: --sign và --no-sign không dùng cùng nhau\n"},
	        {"import x.txt --year 25",
	         "pact: lỗi: --year cần một năm bốn chữ số, không phải '25'\n"},
	        {"import x.txt --commit -o y.yaml",
	         "pact: lỗi: --commit và -o không dùng cùng nhau\n"},
	        {"import x.txt -m 'Giao ước'",
	         "pact: lỗi: -m và --author chỉ dùng cùng --commit\n"},
	        {"review import 25 x.docx", "pact: lỗi: '25' không phải một năm\n"},
	};
	char *dir = make_tempdir(), *p24 = src_path("pacts/2024.yaml");
	char *cmd = strf("set -e; P='%s'; $P init s >/dev/null; cd s;"
	                 " $P commit '%s' -m 'Giao ước 2024' >/dev/null",
	                 PACT_BIN, p24);
	run_result r = run_sh(dir, cmd);
	char *store = strf("%s/s", dir);

	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *line = strf("'%s' --lang=vi %s", PACT_BIN, cases[i][0]);
		r = run_sh(store, line);
		cr_expect_eq(r.status, 2, "pact %s: %d %s", cases[i][0], r.status, r.err);
		cr_expect(strncmp(r.err, cases[i][1], strlen(cases[i][1])) == 0, "pact %s:\n%s",
		          cases[i][0], r.err);
		run_result_free(&r);
		free(line);
	}
	free(store);
	free(cmd);
	free(p24);
	rm_rf(dir);
	free(dir);
}

/* The first `pact push` of a bloc leader on her draft branch sent the
 * draft and its review, then said "Mọi thứ đã là bản mới nhất"
 * (everything up to date): the branch itself had gone with the review
 * refs. An officer reads that nothing was sent. */
Test(officer_vi, first_push_of_a_draft_says_it_was_sent)
{
	char *dir = make_tempdir(), *p24 = src_path("pacts/2024.yaml");
	char *cmd = strf("set -e; P='%s'; $P init s >/dev/null; $P init --bare hub.git >/dev/null;"
	                 " cd s; $P commit '%s' -m 'Giao ước 2024' >/dev/null;"
	                 " $P remote add origin ../hub.git; $P review open 2025 >/dev/null;"
	                 " $P --lang=vi push; git -C ../hub.git rev-parse --verify -q draft/2025",
	                 PACT_BIN, p24);
	run_result r = run_sh(dir, cmd);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "đã đẩy lên 'origin'\n") != NULL, "%s", r.out);
	cr_expect(strstr(r.err, "bản mới nhất") == NULL, "%s", r.err);
	run_result_free(&r);
	free(cmd);
	free(p24);
	rm_rf(dir);
	free(dir);
}

/* `review status` lists as left over from last year a text unchanged
 * since then that mentions last year or the year before, and `review
 * merge` refuses it: "nhiệm vụ năm 2024" carried into 2025 is one. A
 * directive cited by its date ("Nghị quyết số 57-NQ/TW ngày 22/12/2023")
 * or by a number holding its year ("Quyết định số 12/2023/QĐ-UBND") is
 * not: the officer had to adopt with --allow-leftovers, which lets the
 * real leftovers through too. */
Test(officer_vi, a_cited_directives_date_is_not_a_leftover)
{
	char *dir = make_tempdir(), *p24 = src_path("pacts/2024.yaml");
	char *cmd = strf("set -e; P='%s'; $P init s >/dev/null; cd s;"
	                 " sed 's|phát triển khoa học công nghệ;|phát triển khoa học công nghệ "
	                 "theo Nghị quyết "
	                 "số 57-NQ/TW ngày 22/12/2023 của Bộ Chính trị;|; s|thực hiện nghiêm Chỉ "
	                 "thị 26-CT/TU|thực hiện nghiêm "
	                 "Quyết định số 12/2023/QĐ-UBND|' '%s' > ../2024.yaml;"
	                 " $P commit ../2024.yaml -m 'Giao ước 2024' >/dev/null;"
	                 " $P review open 2025 >/dev/null; $P --lang=vi review status 2025",
	                 PACT_BIN, p24);
	run_result r = run_sh(dir, cmd);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "điều trien-khai-nhiem-vu, cam kết 1: giữ nguyên từ năm 2024 và "
	                        "nhắc đến năm 2024\n") != NULL,
	          "%s", r.out);
	cr_expect(strstr(r.out, "Nghị quyết") == NULL && strstr(r.out, "22/12/2023") == NULL, "%s",
	          r.out);
	cr_expect(strstr(r.out, "điều van-hoa-xa-hoi, cam kết 5") == NULL, "%s", r.out);
	cr_expect(strstr(r.out, "điều xay-dung-dang, cam kết 5") == NULL, "%s", r.out);
	run_result_free(&r);
	free(cmd);
	free(p24);
	rm_rf(dir);
	free(dir);
}

/* After the 2025 pact is adopted its draft branch stays, in the leader's
 * store and in every member's after `review pull`. `review open 2025`
 * then told the officer to carry on editing that draft ('git switch
 * draft/2025'), a text that can no longer be adopted, instead of saying
 * the year is adopted. */
Test(officer_vi, opening_an_adopted_year_says_it_is_adopted)
{
	char *dir = make_tempdir(), *p24 = src_path("pacts/2024.yaml");
	char *cmd =
	        strf("set -e; P='%s'; A='--author=Lê Thị Hà <ha@stp.bacgiang.gov.vn>';"
	             " $P init s >/dev/null; cd s; $P commit '%s' -m 'Giao ước 2024' >/dev/null;"
	             " $P review open 2025 >/dev/null;"
	             " for m in so-ngoai-vu bhxh-tinh so-ldtbxh so-vhttdl so-y-te; do"
	             " $P review approve 2025 --member $m \"$A\" >/dev/null 2>&1; done;"
	             " $P review merge 2025 --allow-leftovers >/dev/null 2>&1;"
	             " git rev-parse -q --verify draft/2025 >/dev/null;"
	             " $P --lang=vi review open 2025",
	             PACT_BIN, p24);
	run_result r = run_sh(dir, cmd);

	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err,
	                 "pact: lỗi: giao ước năm 2025 đã được thông qua trên nhánh 'main'\n") !=
	                  NULL,
	          "%s", r.err);
	cr_expect(strstr(r.err, "git switch") == NULL, "%s", r.err);
	run_result_free(&r);
	free(cmd);
	free(p24);
	rm_rf(dir);
	free(dir);
}

/* Members comment on "Điều 4" as the paper numbers it: `review comment
 * 2025 --clause 4` said only that the draft has no clause '4'. It now
 * gives the id to type, or the draft's ids. */
Test(officer_vi, comment_on_a_clause_number_says_which_id_to_type)
{
	char *dir = make_tempdir(), *p24 = src_path("pacts/2024.yaml");
	char *cmd = strf("set -e; P='%s'; $P init s >/dev/null; cd s;"
	                 " $P commit '%s' -m 'Giao ước 2024' >/dev/null;"
	                 " $P review open 2025 >/dev/null",
	                 PACT_BIN, p24);
	run_result r = run_sh(dir, cmd);
	char *store = strf("%s/s", dir);

	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "--lang=vi", "review", "comment", "2025", "--clause", "4",
	             "--author=Trần Thị Bình <binh@syt.bacgiang.gov.vn>", "Đề nghị làm rõ.", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "pact: lỗi: dự thảo năm 2025 không có điều mang mã '4'; điều 4 có "
	                        "mã 'xay-dung-dang': --clause xay-dung-dang\n") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	r = run_pact(store, "--lang=vi", "review", "comment", "2025", "--clause", "khen",
	             "--author=Trần Thị Bình <binh@syt.bacgiang.gov.vn>", "Đề nghị làm rõ.", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err,
	                 "pact: lỗi: dự thảo năm 2025 không có điều 'khen'; mã các điều của "
	                 "dự thảo: quan-triet-tu-tuong, trien-khai-nhiem-vu, van-hoa-xa-hoi, "
	                 "xay-dung-dang, phong-trao-thi-dua, khen-thuong\n") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	free(store);
	free(cmd);
	free(p24);
	rm_rf(dir);
	free(dir);
}
