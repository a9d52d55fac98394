/*
 * test_store_planted.c - something other than a file at a name pact
 * writes in .git (a directory, one with a file in it, a FIFO), and git's
 * index as a symbolic link. pact never follows, empties or removes what
 * it did not make: it refuses before writing anything, saying what stands
 * there, and commits again once it is gone. The real git CLI is the judge
 * of what git itself does.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(store_planted, .init = store_fixture_setup, .fini = store_fixture_teardown);

static const char *const names[] = {
        "pact.lock",       "pact-ref.owned",      "pact-index.owned", "pact-fetch.refs",
        "pact-write.tmp",  "pact-commit.journal", "pact-index.old",   "pact-index.tmp",
        "pact-index.mark", "pact-index.tmp.lock",
};

Test(store_planted, a_directory_or_fifo_at_a_pact_name_is_named_and_left_alone, .timeout = 300)
{
	static const char *const shapes[] = {"mkdir", "mkdir -p", "mkfifo"};
	static const char *const said[] = {"a directory", "a directory", "a named pipe (FIFO)"};
	char *s = store_init(store_tmp, "s");
	int n = 0;

	free(gen_pact_file(store_tmp, "one.yaml", 2024, "a b:one"));
	run_result r = run_sh(s, PACT_BIN " commit ../one.yaml -m one");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		for (size_t k = 0; k < sizeof(shapes) / sizeof(*shapes); k++) {
			char *spec = strf("a b:v%d", ++n), *head = sh_out(s, "git rev-parse HEAD"),
			     *path = strf(".git/%s", names[i]), *now;
			free(gen_pact_file(store_tmp, "x.yaml", 2024, spec));
			cr_assert_eq(sh(s, NULL, "rm -f %s && %s %s%s%s%s", path, shapes[k], path,
			                k == 1 ? " && echo keep > " : "", k == 1 ? path : "",
			                k == 1 ? "/keep" : ""),
			             0, "cannot plant %s", path);
			r = run_sh(s, "timeout -s KILL 30 " PACT_BIN
			              " --lang=en commit ../x.yaml -m x");
			cr_expect_eq(r.status, 3, "%s, %s: exit %d: %s", names[i], shapes[k],
			             r.status, r.err);
			cr_expect(strstr(r.err, names[i]) && strstr(r.err, said[k]) &&
			                  strstr(r.err, "remove it") &&
			                  strstr(r.err, "Nothing was changed"),
			          "%s, %s: %s", names[i], shapes[k], r.err);
			run_result_free(&r);
			/* still there, as it was; nothing committed or staged */
			cr_expect_eq(sh(s, NULL, k == 2 ? "test -p %s" : "test -d %s", path), 0,
			             "%s, %s: removed", names[i], shapes[k]);
			if (k == 1)
				cr_expect_eq(sh(s, NULL, "test \"$(cat %s/keep)\" = keep", path),
				             0);
			now = sh_out(s, "git rev-parse HEAD");
			cr_expect_str_eq(now, head, "%s, %s: committed", names[i], shapes[k]);
			cr_expect_eq(sh(s, NULL, "test -z \"$(git status --porcelain)\""), 0,
			             "%s, %s: git status changed", names[i], shapes[k]);
			cr_expect_neq(sh(s, NULL, "test -e .git/index.lock"), 0);
			/* gone: the commit goes through */
			cr_assert_eq(sh(s, NULL, "rm -rf %s", path), 0);
			r = run_sh(s, PACT_BIN " --lang=en commit ../x.yaml -m x");
			cr_expect_eq(r.status, 0, "%s, %s, once removed: %s", names[i], shapes[k],
			             r.err);
			run_result_free(&r);
			free(now);
			free(spec);
			free(head);
			free(path);
		}
}

/* git follows a symbolic link at .git/index (it locks and writes the file
 * it points to, and the link stays); pact does not follow links in .git,
 * so it refuses instead of replacing the link with a file or writing
 * while a git holding the target's lock writes too. */
Test(store_planted, a_symlinked_index_is_refused_and_left_as_git_left_it, .timeout = 120)
{
	char *s = store_init(store_tmp, "s"), *before, *after;
	run_result r;

	free(gen_pact_file(store_tmp, "one.yaml", 2024, "a b:one"));
	cr_assert_eq(sh(s, NULL,
	                "mv .git/index ../real-index && "
	                "ln -s \"$PWD/../real-index\" .git/index"),
	             0);
	/* what git does: writes through the link, which stays a link */
	cr_assert_eq(sh(s, NULL,
	                "echo note > note.txt && git add note.txt && "
	                "git commit -qm note && test -L .git/index && "
	                "git ls-files --error-unmatch note.txt >/dev/null"),
	             0);
	before = sh_out(store_tmp, "sha1sum real-index");
	r = run_sh(s, PACT_BIN " --lang=en commit ../one.yaml -m one");
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "symbolic link") && strstr(r.err, "Nothing was changed"), "%s",
	          r.err);
	run_result_free(&r);
	after = sh_out(store_tmp, "sha1sum real-index");
	cr_expect_str_eq(after, before, "the index behind the link changed");
	cr_expect_eq(sh(s, NULL,
	                "test -L .git/index && test ! -e .git/index.lock && "
	                "test -z \"$(git status --porcelain)\""),
	             0);
	/* the link replaced by its file, as the message says: the commit works */
	cr_assert_eq(sh(s, NULL, "rm .git/index && mv ../real-index .git/index"), 0);
	r = run_sh(s, PACT_BIN " --lang=en commit ../one.yaml -m one");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(s, NULL, "test -z \"$(git status --porcelain)\""), 0);
	free(before);
	free(after);
}
