/*
 * test_store_module.c - the pact executable does not link libgit2: the
 * store lives in the repository module pact-store.so, loaded only by a
 * command that needs a repository (src/storemod/storemod.h). Diffing,
 * validating and showing files, help and --version work without it; a
 * store command without it fails with one clear line and exit 3 before
 * touching the repository.
 *
 * PACT_STORE_MODULE points pact at a module path instead of its search:
 * here at one that does not exist, is not a library, is cut short, or is
 * another module.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "store_helpers.h"

#define A23 PACT_SRCDIR "/pacts/2023.yaml"
#define A24 PACT_SRCDIR "/pacts/2024.yaml"

TestSuite(store_module, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* What the dynamic linker loads for libgit2 (Debian's libgit2 1.5 and
 * what only it needs): none of it may be among pact's libraries. */
static const char *const git_only[] = {"libgit2",   "libssh2", "libmbed",        "libcrypto",
                                       "libgssapi", "libkrb5", "libhttp_parser", "libpcre2"};

/* build/NAME beside the build/pact under test */
static char *built(const char *name)
{
	char *dir = strf("%s", PACT_BIN), *slash = strrchr(dir, '/'), *p;
	cr_assert(slash);
	*slash = '\0';
	p = strf("%s/%s", dir, name);
	free(dir);
	return p;
}

/* The NEEDED entries of an ELF file's dynamic section, as readelf says. */
static char *needed(const char *file)
{
	char *cmd = strf("readelf -d '%s' | grep '(NEEDED)'", file);
	run_result r = run_sh(NULL, cmd);
	char *out = strf("%s", r.out);

	cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
	run_result_free(&r);
	free(cmd);
	return out;
}

Test(store_module, pact_does_not_need_libgit2_and_the_module_does)
{
	char *exe = needed(PACT_BIN), *so = built("pact-store.so"), *mod = needed(so);
	char *cmd = strf("ldd '%s'", PACT_BIN);
	run_result r = run_sh(NULL, cmd);

	/* readelf was read: libc is there */
	cr_assert_not_null(strstr(exe, "libc.so"), "%s", exe);
	for (size_t i = 0; i < sizeof(git_only) / sizeof(*git_only); i++)
		cr_expect_null(strstr(exe, git_only[i]), "pact needs %s:\n%s", git_only[i], exe);
	cr_expect_not_null(strstr(mod, "libgit2"), "pact-store.so:\n%s", mod);
	/* nor through another library (ldd: the whole tree) */
	cr_assert_eq(r.status, 0, "%s", r.err);
	for (size_t i = 0; i < sizeof(git_only) / sizeof(*git_only); i++)
		cr_expect_null(strstr(r.out, git_only[i]), "pact loads %s:\n%s", git_only[i],
		               r.out);
	run_result_free(&r);
	free(cmd);
	free(mod);
	free(so);
	free(exe);
}

/* Run a shell line with PACT_STORE_MODULE=module in `cwd`. */
static run_result with_module(const char *cwd, const char *module, const char *args)
{
	char *cmd = strf("PACT_STORE_MODULE='%s' '%s' %s", module, PACT_BIN, args);
	run_result r = run_sh(cwd, cmd);
	free(cmd);
	return r;
}

/* A file that is no library: loading it would fail the command. */
static char *broken_module(void)
{
	char *bad = strf("%s/broken-store.so", store_tmp);
	cr_assert_eq(write_file(bad, "not a library\n", 14), 0);
	return bad;
}

/* Diff, validate, show of files, help, --version and a store command's
 * --help never load the module: they work, with the same output, when it
 * is broken. */
Test(store_module, file_commands_work_when_the_module_is_broken)
{
	static const char *const cmds[] = {
	        "diff '" A23 "' '" A24 "'",
	        "diff --format=json '" A23 "' '" A24 "'",
	        "diff --format=html '" A23 "' '" A24 "'",
	        "diff --stat '" A23 "' '" A24 "'",
	        "validate '" A23 "' '" A24 "'",
	        "show '" A24 "'",
	        "help",
	        "help diff",
	        "--version",
	        "__complete 'pact diff --f'",
	        "commit --help",
	        "review --help",
	        "log -h",
	};
	char *bad = broken_module();

	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
		char *plain = strf("'%s' %s", PACT_BIN, cmds[i]);
		run_result good = run_sh(store_tmp, plain),
		           r = with_module(store_tmp, bad, cmds[i]);

		cr_expect_eq(good.status, 0, "%s: %s", cmds[i], good.err);
		cr_expect_eq(r.status, 0, "%s: %s", cmds[i], r.err);
		cr_expect_str_eq(r.out, good.out, "%s", cmds[i]);
		cr_expect_str_eq(r.err, "", "%s", cmds[i]);
		run_result_free(&good);
		run_result_free(&r);
		free(plain);
	}
	free(bad);
}

/* The dynamic linker's own account: a diff of two files loads no libgit2,
 * a log does (the test can tell). */
Test(store_module, a_diff_of_files_never_loads_libgit2)
{
	char *store = store_init(store_tmp, "s");
	char *diff = strf("LD_DEBUG=files '%s' diff '%s' '%s' >/dev/null", PACT_BIN, A23, A24);
	char *log = strf("LD_DEBUG=files '%s' log >/dev/null", PACT_BIN);
	run_result d = run_sh(store, diff), l = run_sh(store, log);

	cr_expect_eq(d.status, 0, "%s", d.err);
	cr_assert_not_null(strstr(d.err, "libyaml"), "LD_DEBUG said nothing: %s", d.err);
	cr_expect_null(strstr(d.err, "libgit2"), "%s", d.err);
	cr_expect_null(strstr(d.err, "pact-store.so"), "%s", d.err);
	cr_expect_eq(l.status, 0, "%s", l.err);
	cr_expect_not_null(strstr(l.err, "libgit2"), "%s", l.err);
	run_result_free(&d);
	run_result_free(&l);
	free(log);
	free(diff);
	free(store);
}

/* Everything a user could see change in a repository: HEAD, the status,
 * and every file under .git with its size and contents. */
static char *snapshot(const char *store)
{
	char *out = NULL;
	cr_assert_eq(
	        sh(store, &out,
	           "git rev-parse HEAD && git --no-optional-locks status --porcelain --ignored && "
	           "find .git -type f | LC_ALL=C sort | xargs cksum"),
	        0);
	return out;
}

/* A store made by git itself, with a pact changed in the work tree. */
static char *git_store(void)
{
	char *store = strf("%s/s", store_tmp);
	cr_assert_eq(sh(store_tmp, NULL,
	                "git init -q -b main s && mkdir s/pacts && cp '%s' s/pacts/2023.yaml && "
	                "cp '%s' s/pacts/2024.yaml && git -C s add pacts && "
	                "git -C s commit -q -m two && git -C s remote add origin ../hub.git && "
	                "cp '%s' s/pacts/2024.yaml",
	                A23, A24, A23),
	             0);
	return store;
}

Test(store_module, store_commands_without_it_fail_clearly_and_touch_nothing)
{
	static const char *const cmds[] = {
	        "commit pacts/2024.yaml -m x",
	        "log",
	        "diff 2023 2024",
	        "diff",
	        "show 2023",
	        "validate --staged",
	        "remote add hub ../hub2.git",
	        "remote",
	        "push",
	        "pull",
	        "setup-git",
	        "hooks install",
	        "review status 2025",
	        "review open 2025",
	        "import --commit '" A24 "'",
	};
	char *store = git_store(), *before = snapshot(store);
	char *missing = strf("%s/nowhere/pact-store.so", store_tmp);
	char *want = strf("pact: error: cannot load the repository module %s: it does not exist "
	                  "(PACT_STORE_MODULE)\n",
	                  missing);

	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
		run_result r = with_module(store, missing, cmds[i]);
		char *after;

		cr_expect_eq(r.status, 3, "%s: %s", cmds[i], r.err);
		cr_expect_str_eq(r.err, want, "%s", cmds[i]);
		cr_expect_str_eq(r.out, "", "%s", cmds[i]);
		after = snapshot(store);
		cr_expect_str_eq(after, before, "%s changed the repository", cmds[i]);
		free(after);
		run_result_free(&r);
	}
	/* init creates nothing either */
	{
		run_result r = with_module(store_tmp, missing, "init fresh");
		char *fresh = strf("%s/fresh", store_tmp);
		cr_expect_eq(r.status, 3, "%s", r.err);
		cr_expect_str_eq(r.err, want);
		cr_expect_neq(access(fresh, F_OK), 0, "init made %s", fresh);
		run_result_free(&r);
		free(fresh);
	}
	free(want);
	free(missing);
	free(before);
	free(store);
}

/* Each way a module can be unusable, in one line naming it and why. */
Test(store_module, an_unusable_module_is_named_with_the_reason)
{
	char *store = git_store(), *so = built("pact-store.so"),
	     *imp = built("pact-import-formats.so");
	char *bad = broken_module(), *cut = strf("%s/cut-store.so", store_tmp);
	size_t len;
	char *whole = read_file(so, &len);
	struct {
		const char *module, *err;
	} cases[] = {
	        {bad, "; install pact again, or the libraries it needs (Debian: apt-get install "
	              "libgit2-1.5)\n"},
	        {cut, ": it is cut short or damaged; install pact again\n"},
	        {imp, ": it is not the module this pact was built with; install pact again\n"},
	        {"pact-store.so", "cannot load the repository module pact-store.so: it is not an "
	                          "absolute path (PACT_STORE_MODULE)\n"},
	};

	cr_assert_not_null(whole);
	/* within its first segment (the end of the file is debug data) */
	cr_assert_gt(len, 20000);
	cr_assert_eq(write_file(cut, whole, 20000), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		run_result r = with_module(store, cases[i].module, "log");
		char *head = strf("pact: error: cannot load the repository module %s",
		                  cases[i].module[0] == '/' ? cases[i].module : "");

		cr_expect_eq(r.status, 3, "%s: %s", cases[i].module, r.err);
		cr_expect_eq(strncmp(r.err, head, strlen(head)), 0, "%s", r.err);
		cr_expect_not_null(strstr(r.err, cases[i].err), "%s", r.err);
		cr_expect_eq(strchr(r.err, '\n') - r.err + 1, (long)strlen(r.err), "one line: %s",
		             r.err);
		run_result_free(&r);
		free(head);
	}
	/* and with the module of this build, the same log works */
	{
		run_result r = with_module(store, so, "log");
		cr_expect_eq(r.status, 0, "%s", r.err);
		cr_expect_not_null(strstr(r.out, "two"), "%s", r.out);
		run_result_free(&r);
	}
	free(whole);
	free(cut);
	free(bad);
	free(imp);
	free(so);
	free(store);
}

/* pact copied alone into a directory: files still diff; a store command
 * says the module is not beside it (unless one is installed, which then
 * does the work). */
Test(store_module, a_copy_of_pact_without_its_module)
{
	char *store = git_store(), *bin = strf("%s/bin", store_tmp);
	char *cp = strf("mkdir '%s' && cp '%s' '%s/pact'", bin, PACT_BIN, bin);
	char *diff = strf("env -u PACT_STORE_MODULE '%s/pact' diff '%s' '%s'", bin, A23, A24);
	char *log = strf("env -u PACT_STORE_MODULE '%s/pact' log", bin);
	run_result r;

	cr_assert_eq(sh(store_tmp, NULL, "%s", cp), 0);
	r = run_sh(store, diff);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "Summary:"), "%s", r.out);
	run_result_free(&r);
	r = run_sh(store, log);
	if (r.status != 0) {
		cr_expect_eq(r.status, 3, "%s", r.err);
		cr_expect_not_null(strstr(r.err, "pact: error: cannot load the repository module "
		                                 "pact-store.so: it is neither beside the pact "
		                                 "program nor in "),
		                   "%s", r.err);
	}
	run_result_free(&r);
	free(log);
	free(diff);
	free(cp);
	free(bin);
	free(store);
}

/* A module beside pact in a directory anyone can write is not loaded. */
Test(store_module, a_module_in_a_directory_anyone_can_write_is_not_loaded)
{
	char *store = git_store(), *bin = strf("%s/open", store_tmp), *so = built("pact-store.so");
	char *log = strf("env -u PACT_STORE_MODULE '%s/pact' log", bin);
	run_result r;

	cr_assert_eq(sh(store_tmp, NULL, "mkdir '%s' && cp '%s' '%s' '%s/' && chmod 777 '%s'", bin,
	                PACT_BIN, so, bin, bin),
	             0);
	r = run_sh(store, log);
	if (r.status != 0) { /* else an installed module did the work */
		cr_expect_eq(r.status, 3, "%s", r.err);
		cr_expect_not_null(strstr(r.err, "pact-store.so: users other than you and root can "
		                                 "change "),
		                   "%s", r.err);
	}
	run_result_free(&r);
	free(log);
	free(so);
	free(bin);
	free(store);
}

/* A FIFO, a directory or a symbolic link loop where the module should be:
 * one line saying what it is, exit 3, no wait (opening a FIFO for reading
 * waited for a writer forever; `timeout` turns a hang into 124). */
Test(store_module, a_module_that_is_no_file_is_refused_without_waiting)
{
	char *store = git_store(), *fifo = strf("%s/fifo-store.so", store_tmp),
	     *dir = strf("%s/dir-store.so", store_tmp), *loop = strf("%s/loop-store.so", store_tmp);
	char *before = snapshot(store);
	struct {
		const char *module, *err;
	} cases[] = {
	        {fifo, ": it is not a regular file\n"},
	        {dir, ": it is not a regular file\n"},
	        {loop, ": Too many levels of symbolic links\n"},
	};

	cr_assert_eq(sh(store_tmp, NULL, "mkfifo '%s' && mkdir '%s' && ln -s '%s' '%s'", fifo, dir,
	                loop, loop),
	             0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *cmd = strf("PACT_STORE_MODULE='%s' LC_ALL=C.UTF-8 timeout 20 '%s' log",
		                 cases[i].module, PACT_BIN);
		char *want = strf("pact: error: cannot load the repository module %s%s",
		                  cases[i].module, cases[i].err);
		run_result r = run_sh(store, cmd);

		cr_expect_eq(r.status, 3, "%s: %d %s", cases[i].module, r.status, r.err);
		cr_expect_str_eq(r.err, want);
		run_result_free(&r);
		free(want);
		free(cmd);
	}
	/* a name longer than a path can be is said so, and no part of it is
	 * tried: here its first PATH_MAX - 1 characters name this build's
	 * module (slashes, then the path), which must not be loaded */
	{
		char *so = built("pact-store.so"), *name = calloc(PATH_MAX + 2, 1), *cmd;
		size_t pad = PATH_MAX - 1 - strlen(so);
		run_result r;

		cr_assert_not_null(name);
		memset(name, '/', pad);
		strcpy(name + pad, so);
		strcat(name, "x");
		cmd = strf("PACT_STORE_MODULE='%s' '%s' log", name, PACT_BIN);
		r = run_sh(store, cmd);
		cr_expect_eq(r.status, 3, "%d %s", r.status, r.err);
		cr_expect_not_null(strstr(r.err, ": File name too long\n"), "%.200s", r.err);
		run_result_free(&r);
		free(cmd);
		free(name);
		free(so);
	}
	/* in Vietnamese */
	{
		char *cmd = strf("PACT_STORE_MODULE='%s' timeout 20 '%s' --lang=vi log", fifo,
		                 PACT_BIN);
		run_result r = run_sh(store, cmd);

		cr_expect_eq(r.status, 3, "%d %s", r.status, r.err);
		cr_expect_not_null(strstr(r.err, "fifo-store.so: đây không phải là một tệp thông "
		                                 "thường\n"),
		                   "%s", r.err);
		run_result_free(&r);
		free(cmd);
	}
	/* found by the search, beside a copy of pact: the same */
	{
		char *bin = strf("%s/fifobin", store_tmp), *after;
		char *cmd =
		        strf("env -u PACT_STORE_MODULE timeout 20 '%s/pact' --lang=vi log", bin);
		run_result r;

		cr_assert_eq(sh(store_tmp, NULL, "mkdir '%s' && cp '%s' '%s/' && mkfifo '%s/%s'",
		                bin, PACT_BIN, bin, bin, "pact-store.so"),
		             0);
		r = run_sh(store, cmd);
		cr_expect_eq(r.status, 3, "%d %s", r.status, r.err);
		cr_expect_not_null(strstr(r.err, "pact-store.so: it is not a regular file\n"), "%s",
		                   r.err);
		run_result_free(&r);
		after = snapshot(store);
		cr_expect_str_eq(after, before);
		free(after);
		free(cmd);
		free(bin);
	}
	free(before);
	free(loop);
	free(dir);
	free(fifo);
	free(store);
}

/* A module, or a directory on its path, that a group with other members
 * can write is not loaded (they could have put their code there); one
 * writable only by its owner's own group (umask 002 with user private
 * groups, root's group here) is. */
Test(store_module, a_module_a_shared_group_can_write_is_not_loaded)
{
	char *store = git_store(), *so = built("pact-store.so");
	char *gdir = strf("%s/gw", store_tmp), *gfile = strf("%s/gf", store_tmp);
	char *in_dir = strf("%s/pact-store.so", gdir), *file = strf("%s/pact-store.so", gfile);
	char *before = snapshot(store), *after;
	run_result r;

	if (geteuid() != 0)
		cr_skip_test("chgrp to nogroup and root's group needs root");
	/* nogroup: nobody's group, not root's */
	cr_assert_eq(
	        sh(store_tmp, NULL,
	           "mkdir '%s' '%s' && cp '%s' '%s' && cp '%s' '%s' && chgrp nogroup '%s' '%s' "
	           "&& chmod 775 '%s' && chmod 664 '%s'",
	           gdir, gfile, so, in_dir, so, file, gdir, file, gdir, file),
	        0);
	r = with_module(store, in_dir, "log");
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_not_null(
	        strstr(r.err, "pact-store.so: users other than you and root can change "), "%s",
	        r.err);
	cr_expect_not_null(strstr(r.err, "/gw\n"), "%s", r.err);
	run_result_free(&r);
	r = with_module(store, file, "log");
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_not_null(strstr(r.err, "/gf/pact-store.so\n"), "%s", r.err);
	run_result_free(&r);
	after = snapshot(store);
	cr_expect_str_eq(after, before);
	free(after);
	/* the same modes with root's own group */
	cr_assert_eq(sh(store_tmp, NULL, "chgrp 0 '%s' '%s'", gdir, file), 0);
	r = with_module(store, in_dir, "log");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "two"), "%s", r.out);
	run_result_free(&r);
	r = with_module(store, file, "log");
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(before);
	free(file);
	free(in_dir);
	free(gfile);
	free(gdir);
	free(so);
	free(store);
}

/* The system CA bundle (src/storemod/tls.c puts off its parse, about 50 M
 * instructions) is loaded by the commands that may reach an https remote,
 * push and pull, `review push` and `review pull`, and by no other: `review
 * status` paid for it. Seen in the dynamic linker's log: mbedTLS's own
 * parse function is looked up (dlsym RTLD_NEXT) only when the bundle is
 * loaded. */
Test(store_module, only_commands_that_reach_a_remote_load_the_ca_bundle)
{
	static const struct {
		const char *args;
		int loads;
	} cases[] = {{"log", 0},
	             {"review status 2024", 0},
	             {"review comment 2024 x", 0},
	             {"pull", 1},
	             {"push", 1},
	             {"review pull", 1},
	             {"review push", 1}};
	char *store = git_store(), *so = built("pact-store.so");
	char *ldd = strf("ldd '%s' | grep -q libmbedx509", so);

	if (sh(store_tmp, NULL, "%s", ldd) != 0)
		cr_skip_test("libgit2 is not built with mbedTLS: nothing is put off");
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *cmd = strf("LD_DEBUG=bindings '%s' %s 2>&1 >/dev/null | grep -c '] to "
		                 "[^ ]*libmbedx509[^ ]* .*mbedtls_x509_crt_parse_file'; true",
		                 PACT_BIN, cases[i].args);
		run_result r = run_sh(store, cmd);

		cr_expect_eq(atoi(r.out) > 0, cases[i].loads, "%s: %s", cases[i].args, r.out);
		run_result_free(&r);
		free(cmd);
	}
	free(ldd);
	free(so);
	free(store);
}

/* The module is opened lazily (its libraries bind as at start-up), but its
 * own functions are bound at load: one it lacks refuses the module there,
 * with the interface string right, instead of killing pact mid-command. */
Test(store_module, a_module_missing_a_function_is_refused_at_load)
{
	char *store = git_store(), *abi_file = built("var/STORE_ABI"),
	     *abi = read_file(abi_file, NULL);
	char *src = strf("%s/m.c", store_tmp), *so = strf("%s/m.so", store_tmp), *code;
	run_result r;

	cr_assert_not_null(abi, "%s", abi_file);
	abi[strcspn(abi, "\n")] = '\0';
	code = strf("const char pact_store_module_abi[] = \"%s\";\n"
	            "int pact_no_such_function(void);\n"
	            "const void *pact_store_module_v1(void)\n"
	            "{ return (const void *)(long)pact_no_such_function(); }\n",
	            abi);
	cr_assert_eq(write_file(src, code, strlen(code)), 0);
	cr_assert_eq(sh(store_tmp, NULL, "cc -shared -fPIC -Wl,-z,now -o '%s' '%s'", so, src), 0);
	r = with_module(store, so, "log");
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_not_null(strstr(r.err, "undefined symbol: pact_no_such_function; install pact "
	                                 "again"),
	                   "%s", r.err);
	run_result_free(&r);
	free(code);
	free(so);
	free(src);
	free(abi);
	free(abi_file);
	free(store);
}

/* The libraries the module brings are loaded one by one before it, each
 * after its own dependencies (src/storemod/preload.sh lists them at build
 * time, leaf first): the dynamic linker says each listed one was loaded by
 * pact itself, not as the need of another library of the group. */
Test(store_module, its_libraries_are_loaded_one_by_one_before_it)
{
	char *store = git_store(), *list_file = built("store-preload.h"),
	     *list = read_file(list_file, NULL), *at, *cmd;
	run_result r;
	int checked = 0;

	cr_assert_not_null(list, "%s", list_file);
	cmd = strf("LD_DEBUG=files '%s' log 2>&1 >/dev/null", PACT_BIN);
	r = run_sh(store, cmd);
	cr_assert_eq(r.status, 0, "%s", r.out);
	at = strstr(list, "PACT_STORE_PRELOAD");
	cr_assert_not_null(at, "%s", list);
	while ((at = strchr(at, '"')) != NULL) {
		char *end = strchr(++at, '"'), *line, *by;
		cr_assert_not_null(end, "%s", list);
		*end = '\0';
		line = strf("file=%s [0];", at);
		by = strstr(r.out, line);
		cr_expect_not_null(by, "%s not loaded: %s", at, r.out);
		if (by) { /* loaded by pact, or at its start (libutf8proc; ASan's) */
			char *said = strf("%.*s", (int)strcspn(by, "\n"), by),
			     *first = strstr(r.out, "dynamically loaded by");
			cr_expect(strstr(said, "dynamically loaded by") || (first && by < first),
			          "%s", said);
			free(said);
			checked++;
		}
		free(line);
		at = end + 1;
	}
	if (!checked)
		cr_skip_test("the module's libraries all stay in its group (%s)", list_file);
	run_result_free(&r);
	free(cmd);
	free(list);
	free(list_file);
	free(store);
}
