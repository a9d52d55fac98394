/*
 * store_helpers.c - generated pacts and isolated environments for the
 * store and history suites. Pacts are generated rather than kept as files
 * so a test says in one line which clauses each revision has.
 */
#include "store_helpers.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "helpers.h"

char *gen_pact(int year, const char *spec)
{
	size_t cap = 4096 + strlen(spec) * 16, at = 0;
	char *out = malloc(cap), *copy = strdup(spec), *save = NULL;
	int number = 0;

	if (!out || !copy)
		abort();
	at += (size_t)snprintf(out + at, cap - at,
	                       "schema: pact/1\n"
	                       "year: %d\n"
	                       "title: Bản giao ước thi đua năm %d\n"
	                       "bloc: Khối thi đua số 2\n"
	                       "province: Bắc Giang\n"
	                       "signed:\n"
	                       "  place: Bắc Giang\n"
	                       "  date: %d-03-15\n"
	                       "members:\n"
	                       "  - id: so-y-te\n"
	                       "    name: Sở Y tế\n"
	                       "preamble: Nhằm phát huy kết quả đạt được.\n"
	                       "clauses:\n",
	                       year, year, year);
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *tag = strchr(tok, ':');
		if (tag)
			*tag++ = '\0';
		if (at + 512 + strlen(tok) * 2 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			if (!out)
				abort();
		}
		at += (size_t)snprintf(out + at, cap - at,
		                       "  - id: %s\n"
		                       "    number: %d\n"
		                       "    commitments:\n"
		                       "      - Thực hiện nội dung %s%s%s.\n",
		                       tok, ++number, tok, tag ? " bản " : "", tag ? tag : "");
	}
	snprintf(out + at, cap - at, "closing: Trên đây là bản giao ước năm %d.\n", year);
	free(copy);
	return out;
}

char *gen_pact_file(const char *dir, const char *name, int year, const char *spec)
{
	char *path = strf("%s/%s", dir, name), *text = gen_pact(year, spec);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	mkdir(path, 0777); /* one level is all the tests need (pacts/) */
	*slash = '/';
	if (write_file(path, text, strlen(text)) != 0)
		abort();
	free(text);
	return path;
}

char *store_test_env(void)
{
	char *dir = make_tempdir();
	setenv("HOME", dir, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "Test Officer", 1);
	setenv("GIT_AUTHOR_EMAIL", "officer@example.vn", 1);
	setenv("GIT_COMMITTER_NAME", "Test Officer", 1);
	setenv("GIT_COMMITTER_EMAIL", "officer@example.vn", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	return dir;
}

int sh(const char *cwd, char **out, const char *fmt, ...)
{
	va_list ap;
	run_result r;
	int n;

	va_start(ap, fmt);
	r = run_vsh(cwd, fmt, ap);
	va_end(ap);
	if (out) {
		size_t len = strlen(r.out);
		if (len && r.out[len - 1] == '\n')
			r.out[len - 1] = '\0';
		*out = r.out;
		r.out = NULL;
	}
	n = r.status;
	run_result_free(&r);
	return n;
}

char *store_tmp;

void store_fixture_setup(void)
{
	store_tmp = store_test_env();
	umask(022);
}

void store_fixture_teardown(void)
{
	rm_rf(store_tmp);
	free(store_tmp);
	store_tmp = NULL;
}

char *store_init(const char *dir, const char *name)
{
	run_result r = run_pact(dir, "init", name, NULL);
	cr_assert_eq(r.status, 0, "pact init %s: %s", name, r.err);
	run_result_free(&r);
	return strf("%s/%s", dir, name);
}

char *sh_out(const char *cwd, const char *cmd)
{
	char *out = NULL;
	sh(cwd, &out, "%s", cmd);
	return out;
}

static long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

pid_t pact_spawn_quiet(const char *store, const char *cmd, const char *arg)
{
	pid_t pid = fork();

	cr_assert(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		if (chdir(store) != 0)
			_exit(127);
		execl(PACT_BIN, PACT_BIN, cmd, arg, (char *)NULL);
		_exit(127);
	}
	return pid;
}

long pact_and_kill(const char *store, long us, const char *cmd, const char *arg)
{
	long start = now_us();
	pid_t pid = pact_spawn_quiet(store, cmd, arg);

	if (us >= 0) {
		struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
	}
	waitpid(pid, NULL, 0);
	return now_us() - start;
}

int store_count_commits(const char *dir)
{
	char *out = NULL;
	int n = -1;
	if (sh(dir, &out, "git rev-list --count HEAD") == 0)
		n = atoi(out);
	free(out);
	return n;
}
