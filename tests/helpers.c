/*
 * helpers.c - process and file helpers for the test suites.
 *
 * Children run with a clean, predictable git environment (no system or
 * global config, a fixed identity, no pager, no colour) so the tests see
 * what a user on a fresh machine sees, whatever the developer's ~/.gitconfig.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

char *vstrf(const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	s = malloc((size_t)n + 1);
	if (!s)
		abort();
	vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return s;
}

char *strf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vstrf(fmt, ap);
	va_end(ap);
	return s;
}

typedef struct buf {
	char *data;
	size_t len, cap;
} buf;

static void buf_add(buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->data = realloc(b->data, b->cap);
		if (!b->data)
			abort();
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void child_env(void)
{
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "Test Officer", 1);
	setenv("GIT_AUTHOR_EMAIL", "officer@example.vn", 1);
	setenv("GIT_COMMITTER_NAME", "Test Officer", 1);
	setenv("GIT_COMMITTER_EMAIL", "officer@example.vn", 1);
	setenv("GIT_PAGER", "cat", 1);
	setenv("PAGER", "cat", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("NO_COLOR");
}

static run_result run_argv_limit(const char *cwd, const char *input, char *const argv[],
                                 int seconds)
{
	run_result r = {-1, NULL, NULL};
	int out[2], err[2], in[2];
	buf bo = {0}, be = {0};
	pid_t pid;
	time_t start = time(NULL);
	size_t inlen = input ? strlen(input) : 0, inoff = 0;

	if (pipe(out) || pipe(err) || pipe(in))
		abort();
	pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		close(err[0]);
		close(err[1]);
		if (cwd && chdir(cwd) != 0)
			_exit(126);
		child_env();
		execvp(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (!input) {
		close(in[1]);
		in[1] = -1;
	} else {
		fcntl(in[1], F_SETFL, O_NONBLOCK);
	}
	buf_add(&bo, "", 0);
	buf_add(&be, "", 0);
	for (int open_fds = 2; open_fds > 0;) {
		struct pollfd p[3] = {
		        {out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {in[1], POLLOUT, 0}};
		char chunk[65536];
		if (time(NULL) - start > seconds) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(p, in[1] >= 0 ? 3 : 2, 1000) <= 0)
			continue;
		for (int k = 0; k < 2; k++) {
			if (p[k].fd < 0 || !(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(p[k].fd, chunk, sizeof(chunk));
			if (n > 0) {
				buf_add(k == 0 ? &bo : &be, chunk, (size_t)n);
			} else {
				close(p[k].fd);
				if (k == 0)
					out[0] = -1;
				else
					err[0] = -1;
				open_fds--;
			}
		}
		if (in[1] >= 0 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t n = write(in[1], input + inoff, inlen - inoff);
			if (n > 0)
				inoff += (size_t)n;
			if (n < 0 || inoff >= inlen) {
				close(in[1]);
				in[1] = -1;
			}
		}
	}
	if (in[1] >= 0)
		close(in[1]);
	if (out[0] >= 0)
		close(out[0]);
	if (err[0] >= 0)
		close(err[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r.out = bo.data;
	r.err = be.data;
	return r;
}

run_result run_argv(const char *cwd, const char *input, char *const argv[])
{
	return run_argv_limit(cwd, input, argv, 60);
}

run_result run_pact(const char *cwd, ...)
{
	char *argv[64];
	int n = 0;
	va_list ap;

	argv[n++] = (char *)PACT_BIN;
	va_start(ap, cwd);
	for (char *a; n < 63 && (a = va_arg(ap, char *)) != NULL;)
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	return run_argv(cwd, NULL, argv);
}

run_result run_sh(const char *cwd, const char *cmdline)
{
	return run_sh_limit(cwd, cmdline, 60);
}

run_result run_sh_limit(const char *cwd, const char *cmdline, int seconds)
{
	char *argv[] = {"sh", "-c", (char *)cmdline, NULL};
	return run_argv_limit(cwd, NULL, argv, seconds);
}

run_result run_vsh(const char *cwd, const char *fmt, va_list ap)
{
	char *cmd = vstrf(fmt, ap);
	run_result r = run_sh(cwd, cmd);
	free(cmd);
	return r;
}

void run_result_free(run_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

char *make_tempdir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *t = strf("%s/pact-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(t))
		abort();
	return t;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

void rm_rf(const char *path)
{
	if (path)
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	buf b = {0};
	char chunk[65536];
	size_t n;

	if (!f)
		return NULL;
	buf_add(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return b.data;
}

int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int rc;
	if (!f)
		return -1;
	rc = fwrite(data, 1, len, f) == len ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

char *src_path(const char *rel)
{
	return strf("%s/%s", PACT_SRCDIR, rel);
}
