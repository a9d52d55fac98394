/*
 * test_store_remote.c - sharing a store: push and pull through a bare
 * store, a relative remote, local edits in the way, and git daemon. Split
 * from test_store.c.
 *
 * Every test makes its own temporary directory, which is also HOME.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "pact/error.h"
#include "pact/store.h"
#include "store_helpers.h"

static pid_t daemon_pid; /* a git daemon to stop even if a test fails */

static void setup(void)
{
	store_fixture_setup();
}

static void teardown(void)
{
	if (daemon_pid > 0) {
		kill(-daemon_pid, SIGTERM);
		kill(daemon_pid, SIGTERM);
		waitpid(daemon_pid, NULL, 0);
	}
	store_fixture_teardown();
}

TestSuite(store_remote, .init = setup, .fini = teardown);

/* ---- sharing ------------------------------------------------------------------ */

static void commit_year(const char *store, int year, const char *spec)
{
	char *f = gen_pact_file(store_tmp, "c.yaml", year, spec);
	run_result r = run_pact(store, "commit", f, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(f);
}

static char *head_of(const char *dir)
{
	char *out = NULL;
	cr_assert_eq(sh(dir, &out, "git rev-parse HEAD"), 0);
	return out;
}

/* Push from store a, clone into b (git clone), and exchange through url. */
static void exchange(const char *url)
{
	char *a = store_init(store_tmp, "a"), *b = strf("%s/b", store_tmp), *out = NULL, *ha, *hb;
	run_result r;

	commit_year(a, 2024, "a b");
	r = run_pact(a, "remote", "add", "origin", url, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(a, "push", NULL);
	cr_assert_eq(r.status, 0, "push: %s", r.err);
	run_result_free(&r);
	r = run_pact(a, "push", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "up-to-date") != NULL, "%s", r.err);
	run_result_free(&r);

	cr_assert_eq(sh(store_tmp, NULL, "git clone -q '%s' b", url), 0);
	r = run_pact(b, "show", "2024", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	/* a moves on; b fast-forwards. */
	commit_year(a, 2025, "a");
	r = run_pact(a, "push", "origin", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(b, "pull", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Fast-forward") != NULL, "%s", r.out);
	run_result_free(&r);
	ha = head_of(a);
	hb = head_of(b);
	cr_expect_str_eq(ha, hb);
	free(ha);
	free(hb);
	cr_expect_eq(sh(b, &out, "git status --porcelain"), 0);
	cr_expect_str_eq(out, "");
	free(out);
	r = run_pact(b, "show", "2025", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(b, "pull", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Already up to date") != NULL, "%s", r.out);
	run_result_free(&r);

	/* Diverge: b commits locally, a pushes another year: the pull merges
	 * (tests/test_pull_merge.c has the rest), and b's push then goes. */
	commit_year(b, 2026, "b");
	commit_year(a, 2027, "c");
	r = run_pact(a, "push", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(b, "push", NULL);
	cr_expect_eq(r.status, 1); /* not over a's work */
	cr_expect(strstr(r.err, "pull") != NULL, "%s", r.err);
	run_result_free(&r);
	r = run_pact(b, "--lang=en", "pull", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Merge 'origin/main' into 'main'") != NULL, "%s", r.out);
	run_result_free(&r);
	cr_expect_eq(sh(b, &out, "git status --porcelain; git log -1 --format=%%P | wc -w"), 0);
	cr_expect_str_eq(out, "2");
	free(out);
	r = run_pact(b, "push", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(a);
	free(b);
}

Test(store_remote, push_and_pull_through_a_bare_store)
{
	run_result r = run_pact(store_tmp, "init", "--bare", "srv.git", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	char *url = strf("%s/srv.git", store_tmp);
	exchange(url);
	cr_expect_eq(sh(store_tmp, NULL, "git -C srv.git fsck --strict"), 0);
	free(url);
}

/* "../srv.git" means relative to the top of the store, as in git, even when
 * pact runs in a sub-directory (libgit2 alone would resolve it from there). */
Test(store_remote, relative_remote_works_from_a_subdirectory)
{
	char *a = store_init(store_tmp, "a"), *out = NULL, *pacts;
	run_result r = run_pact(store_tmp, "init", "--bare", "srv.git", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	commit_year(a, 2024, "a");
	r = run_pact(a, "remote", "add", "origin", "../srv.git", NULL);
	run_result_free(&r);
	pacts = strf("%s/pacts", a);
	r = run_pact(pacts, "push", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(sh(store_tmp, &out, "git -C srv.git rev-parse --verify -q main"), 0);
	free(out);
	r = run_pact(pacts, "pull", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Already up to date") != NULL, "%s", r.out);
	run_result_free(&r);
	free(pacts);
	free(a);
}

Test(store_remote, pull_with_local_edits_in_the_way_changes_nothing)
{
	char *a = store_init(store_tmp, "a"), *b = strf("%s/b", store_tmp), *out = NULL;
	run_result r = run_pact(store_tmp, "init", "--bare", "srv.git", NULL);
	run_result_free(&r);
	commit_year(a, 2024, "a");
	r = run_pact(a, "remote", "add", "origin", "../srv.git", NULL);
	run_result_free(&r);
	r = run_pact(a, "push", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(sh(store_tmp, NULL, "git clone -q srv.git b"), 0);
	commit_year(a, 2024, "a b");
	r = run_pact(a, "push", NULL);
	run_result_free(&r);
	free(gen_pact_file(b, "pacts/2024.yaml", 2024, "a:local"));
	char *before = head_of(b);
	r = run_pact(b, "pull", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "local changes") != NULL, "%s", r.err);
	run_result_free(&r);
	char *after = head_of(b);
	cr_expect_str_eq(before, after);
	char *kept = read_file(strf("%s/pacts/2024.yaml", b), NULL),
	     *want = gen_pact(2024, "a:local");
	cr_expect_str_eq(kept, want);
	free(kept);
	free(want);
	free(before);
	free(after);
	free(out);
	free(a);
	free(b);
}

static int free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static int port_open(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

Test(store_remote, push_and_pull_through_git_daemon, .timeout = 120)
{
	int port = free_port();
	pid_t pid;
	run_result r = run_pact(store_tmp, "init", "--bare", "srv/pacts.git", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);

	pid = daemon_pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		char base[4096], portarg[32];
		snprintf(base, sizeof(base), "--base-path=%s/srv", store_tmp);
		snprintf(portarg, sizeof(portarg), "--port=%d", port);
		int devnull = open("/dev/null", O_RDWR);
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		setpgid(0, 0);
		execlp("git", "git", "daemon", "--reuseaddr", base, "--export-all",
		       "--enable=receive-pack", "--listen=127.0.0.1", portarg, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100 && !port_open(port); i++) {
		struct timespec ts = {0, 50 * 1000000L};
		nanosleep(&ts, NULL);
	}
	cr_assert(port_open(port), "git daemon did not start on port %d", port);
	char *url = strf("git://127.0.0.1:%d/pacts.git", port);
	exchange(url);
	free(url);
	kill(-pid, SIGTERM);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	daemon_pid = 0;
}
