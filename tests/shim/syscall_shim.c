/*
 * syscall_shim.c - an LD_PRELOAD library the store tests put in front of
 * the pact CLI (build/test-shim.so) to reproduce what a test cannot make
 * happen on its own file system:
 *
 *   PACT_SHIM_NOLINK=1   link() and linkat() fail with EPERM, as on a file
 *                        system without hard links (vfat, some FUSE and
 *                        network mounts, some sandboxes);
 *   PACT_SHIM_NORENAME2=1 renameat2() fails with EINVAL, as where the file
 *                        system cannot rename without replacing;
 *   PACT_SHIM_KILL_AT=N  the process SIGKILLs itself just before its N-th
 *                        call (from 1) that changes a file: open/openat
 *                        for writing or creating, write, rename*, link*,
 *                        unlink*, mkdir, ftruncate, fsync, fdatasync,
 *                        symlink. N past the last such call: no kill.
 *   PACT_SHIM_COUNT=FILE the number of such calls made is written to FILE
 *                        at exit (so a test knows how many kill points a
 *                        command has).
 *   PACT_SHIM_ENOSPC=TEXT write() to a file opened for writing whose path
 *                        holds TEXT fails with ENOSPC, as on a full disk
 *                        ("/objects/": every object git or libgit2 writes);
 *   PACT_SHIM_ENOSPC_SKIP=N the first N such files are written all right
 *                        (so a test can fail the 1st, 2nd, ... object).
 *   PACT_SHIM_KILL_ON=TEXT the process SIGKILLs itself just after its first
 *                        write() to a file opened for writing whose path
 *                        holds TEXT (a download killed with its temporary
 *                        pack half-written).
 *   PACT_SHIM_RUN_ON=TEXT, PACT_SHIM_RUN=CMD  just before the process first
 *                        opens for writing a file whose path holds TEXT,
 *                        it runs CMD (/bin/sh -c, without the shim) and
 *                        waits for it: another officer's command landing
 *                        in a precise window ("pact.lock": just before
 *                        pact takes the store lock).
 *
 * The library takes LD_PRELOAD out of the environment as it loads, so
 * that the programs pact starts (git hooks, ssh) run without it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static long kill_at = -1, calls;
static int nolink, norename2;
static char count_file[4096], enospc[4096];
static char kill_on[4096];
static char run_on[4096], run_cmd[8192];
static long enospc_skip, enospc_seen;
static unsigned char full_fd[4096]; /* the fds write() fails on (1) or dies after (2) */

static void write_count(void)
{
	int (*real_open)(const char *, int, ...) = dlsym(RTLD_NEXT, "open");
	ssize_t (*real_write)(int, const void *, size_t) = dlsym(RTLD_NEXT, "write");
	char buf[32];
	int fd, n;

	if (!count_file[0] || !real_open || !real_write)
		return;
	fd = real_open(count_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return;
	n = snprintf(buf, sizeof(buf), "%ld\n", calls);
	if (real_write(fd, buf, (size_t)n) < 0)
		buf[0] = '\0';
	close(fd);
}

__attribute__((constructor)) static void shim_init(void)
{
	const char *k = getenv("PACT_SHIM_KILL_AT"), *c = getenv("PACT_SHIM_COUNT");
	const char *l = getenv("PACT_SHIM_NOLINK");

	if (k && *k)
		kill_at = strtol(k, NULL, 10);
	const char *r = getenv("PACT_SHIM_NORENAME2");
	nolink = l && *l == '1';
	norename2 = r && *r == '1';
	if (c && *c) {
		snprintf(count_file, sizeof(count_file), "%s", c);
		atexit(write_count);
	}
	const char *e = getenv("PACT_SHIM_ENOSPC"), *es = getenv("PACT_SHIM_ENOSPC_SKIP");
	if (e && *e)
		snprintf(enospc, sizeof(enospc), "%s", e);
	if (es && *es)
		enospc_skip = strtol(es, NULL, 10);
	const char *ko = getenv("PACT_SHIM_KILL_ON");
	if (ko && *ko)
		snprintf(kill_on, sizeof(kill_on), "%s", ko);
	const char *ro = getenv("PACT_SHIM_RUN_ON"), *rc = getenv("PACT_SHIM_RUN");
	if (ro && *ro && rc && *rc) {
		snprintf(run_on, sizeof(run_on), "%s", ro);
		snprintf(run_cmd, sizeof(run_cmd), "%s", rc);
	}
	unsetenv("PACT_SHIM_RUN_ON");
	unsetenv("PACT_SHIM_RUN");
	unsetenv("PACT_SHIM_KILL_ON");
	unsetenv("PACT_SHIM_ENOSPC");
	unsetenv("PACT_SHIM_ENOSPC_SKIP");
	unsetenv("LD_PRELOAD");
	unsetenv("PACT_SHIM_KILL_AT");
	unsetenv("PACT_SHIM_NOLINK");
	unsetenv("PACT_SHIM_NORENAME2");
	unsetenv("PACT_SHIM_COUNT");
}

/* One more call that changes a file: die here when it is the chosen one. */
static void step(void)
{
	if (++calls == kill_at)
		raise(SIGKILL);
}

static int writes(int flags)
{
	return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
}

/* PACT_SHIM_RUN: once, before the first open for writing of a path
 * holding PACT_SHIM_RUN_ON. */
static void run_before(const char *path, int flags)
{
	pid_t pid;
	int st;

	if (!run_on[0] || !writes(flags) || !strstr(path, run_on))
		return;
	run_on[0] = '\0';
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", run_cmd, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
}

/* A file opened for writing (fd, from path): is it one the disk is full
 * for? Noted for write() to fail on. */
static int opened(int fd, const char *path, int flags)
{
	if (fd >= 0 && fd < (int)sizeof(full_fd))
		full_fd[fd] = kill_on[0] && writes(flags) && strstr(path, kill_on) ? 2
		              : enospc[0] && writes(flags) && strstr(path, enospc) &&
		                              ++enospc_seen > enospc_skip
		                      ? 1
		                      : 0;
	return fd;
}

static int disk_full(int fd)
{
	return fd >= 0 && fd < (int)sizeof(full_fd) && full_fd[fd] == 1;
}

static int dies_after(int fd)
{
	return fd >= 0 && fd < (int)sizeof(full_fd) && full_fd[fd] == 2;
}

#define REAL(ret, name, ...)                                                                       \
	static ret (*real)(__VA_ARGS__);                                                           \
	if (!real)                                                                                 \
	real = (ret(*)(__VA_ARGS__))dlsym(RTLD_NEXT, name)

int open(const char *path, int flags, ...)
{
	REAL(int, "open", const char *, int, ...);
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	run_before(path, flags);
	if (writes(flags))
		step();
	return opened(real(path, flags, mode), path, flags);
}

int open64(const char *path, int flags, ...)
{
	REAL(int, "open64", const char *, int, ...);
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	run_before(path, flags);
	if (writes(flags))
		step();
	return opened(real(path, flags, mode), path, flags);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	REAL(int, "openat", int, const char *, int, ...);
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	run_before(path, flags);
	if (writes(flags))
		step();
	return opened(real(dirfd, path, flags, mode), path, flags);
}

int close(int fd)
{
	REAL(int, "close", int);
	if (fd >= 0 && fd < (int)sizeof(full_fd))
		full_fd[fd] = 0;
	return real(fd);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(ssize_t, "write", int, const void *, size_t);
	step();
	if (disk_full(fd)) {
		errno = ENOSPC;
		return -1;
	}
	if (dies_after(fd)) {
		real(fd, buf, n);
		raise(SIGKILL);
	}
	return real(fd, buf, n);
}

/* pwrite (libgit2's indexer appends to its pack with it): the full disk
 * and the kill on a path as write() has them; not counted as a step, so
 * the kill points of PACT_SHIM_KILL_AT stay where they were. */
ssize_t pwrite(int fd, const void *buf, size_t n, off_t at)
{
	REAL(ssize_t, "pwrite", int, const void *, size_t, off_t);
	if (disk_full(fd)) {
		errno = ENOSPC;
		return -1;
	}
	if (dies_after(fd)) {
		real(fd, buf, n, at);
		raise(SIGKILL);
	}
	return real(fd, buf, n, at);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t at)
{
	REAL(ssize_t, "pwrite64", int, const void *, size_t, off_t);
	if (disk_full(fd)) {
		errno = ENOSPC;
		return -1;
	}
	if (dies_after(fd)) {
		real(fd, buf, n, at);
		raise(SIGKILL);
	}
	return real(fd, buf, n, at);
}

int rename(const char *a, const char *b)
{
	REAL(int, "rename", const char *, const char *);
	step();
	return real(a, b);
}

int renameat(int da, const char *a, int db, const char *b)
{
	REAL(int, "renameat", int, const char *, int, const char *);
	step();
	return real(da, a, db, b);
}

int renameat2(int da, const char *a, int db, const char *b, unsigned flags)
{
	REAL(int, "renameat2", int, const char *, int, const char *, unsigned);
	step();
	if (norename2) {
		errno = EINVAL;
		return -1;
	}
	return real(da, a, db, b, flags);
}

int link(const char *a, const char *b)
{
	REAL(int, "link", const char *, const char *);
	step();
	if (nolink) {
		errno = EPERM;
		return -1;
	}
	return real(a, b);
}

int linkat(int da, const char *a, int db, const char *b, int flags)
{
	REAL(int, "linkat", int, const char *, int, const char *, int);
	step();
	if (nolink) {
		errno = EPERM;
		return -1;
	}
	return real(da, a, db, b, flags);
}

int unlink(const char *p)
{
	REAL(int, "unlink", const char *);
	step();
	return real(p);
}

int unlinkat(int d, const char *p, int flags)
{
	REAL(int, "unlinkat", int, const char *, int);
	step();
	return real(d, p, flags);
}

int mkdir(const char *p, mode_t m)
{
	REAL(int, "mkdir", const char *, mode_t);
	step();
	return real(p, m);
}

int ftruncate(int fd, off_t len)
{
	REAL(int, "ftruncate", int, off_t);
	step();
	return real(fd, len);
}

int fsync(int fd)
{
	REAL(int, "fsync", int);
	step();
	return real(fd);
}

int fdatasync(int fd)
{
	REAL(int, "fdatasync", int);
	step();
	return real(fd);
}

int symlink(const char *a, const char *b)
{
	REAL(int, "symlink", const char *, const char *);
	step();
	return real(a, b);
}
