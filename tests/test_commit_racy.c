/*
 * test_commit_racy.c - git's racy-clean entries across a pact commit.
 *
 * git trusts an index entry's stat data only when the file's mtime is
 * older than the index file's: an entry as new as the index ("racily
 * clean") is checked by content, because the file may have been changed
 * in the same second, with the same size, after it was staged. When git
 * writes a new index it smudges such entries (size 0) so that the newer
 * index file does not make them trusted. A pact commit rewrites the index
 * too; an edit git saw before it must still be seen after it. The real git
 * CLI is the judge.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(commit_racy, .init = store_fixture_setup, .fini = store_fixture_teardown);

static void commit_ok(const char *s, int year, const char *spec)
{
	char *f = gen_pact_file(store_tmp, "in.yaml", year, spec);
	run_result r = run_pact(s, "commit", f, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
}

/* notes.txt staged, then rewritten with the same size and the same mtime
 * as its entry and the index file (the same second): git sees the edit by
 * content. After a pact commit of another file it still must; without
 * smudging, the commit's newer index file made the old stat data trusted,
 * git status said nothing and `git commit -a` left the edit out.
 * (core.trustctime false: git compares no ctime, as on file systems
 * whose ctime is unreliable, so only the racy check can see the edit.) */
Test(commit_racy, an_edit_git_sees_by_content_stays_seen_after_a_commit)
{
	char *s = store_init(store_tmp, "s"), *out = NULL;

	commit_ok(s, 2024, "a b");
	cr_assert_eq(sh(s, NULL,
	                "git config core.trustctime false && echo aaaa > notes.txt && "
	                "touch -d @1600000000 notes.txt && git add notes.txt && "
	                "git commit -qm notes && echo bbbb > notes.txt && "
	                "touch -d @1600000000 notes.txt .git/index"),
	             0);
	cr_assert_eq(sh(s, &out, "git diff --name-only"), 0);
	cr_assert(out && strstr(out, "notes.txt"), "git does not see the edit before: %s",
	          out ? out : "");
	free(out);
	out = NULL;
	commit_ok(s, 2024, "a b:v2");
	cr_assert_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect(out && strstr(out, " M notes.txt"), "git status lost the edit: '%s'",
	          out ? out : "");
	free(out);
	out = NULL;
	cr_assert_eq(sh(s, NULL, "git commit -qam edit && git show HEAD:notes.txt | grep -qx bbbb"),
	             0, "git commit -a left the edit out");
	cr_expect_eq(sh(s, NULL, "test -z \"$(git status --porcelain)\""), 0);
	free(s);
}

/* The same for a pact file pact itself wrote and staged with its stat
 * data: edited in the same second (same size, same mtime), then another
 * year committed; git still sees the edit of the first. */
Test(commit_racy, an_edit_of_a_pact_stays_seen_after_a_commit_of_another)
{
	char *s = store_init(store_tmp, "s"), *out = NULL;

	commit_ok(s, 2024, "a b");
	cr_assert_eq(sh(s, NULL,
	                "git config core.trustctime false && "
	                "touch -d @1600000000 pacts/2024.yaml && git update-index -q --refresh && "
	                "sed 's/\\([a-z]\\)\\([a-z]\\)/\\2\\1/' pacts/2024.yaml > ../x && "
	                "cat ../x > pacts/2024.yaml && "
	                "touch -d @1600000000 pacts/2024.yaml .git/index"),
	             0);
	cr_assert_eq(sh(s, &out, "git diff --name-only"), 0);
	cr_assert(out && strstr(out, "pacts/2024.yaml"), "git does not see the edit before: %s",
	          out ? out : "");
	free(out);
	out = NULL;
	commit_ok(s, 2023, "c");
	cr_assert_eq(sh(s, &out, "git status --porcelain"), 0);
	cr_expect(out && strstr(out, " M pacts/2024.yaml"), "git status lost the edit: '%s'",
	          out ? out : "");
	free(out);
	free(s);
}
