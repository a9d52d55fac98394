/*
 * store_lockmark.c - the index.lock pact takes where hard links fail (some
 * network, FUSE and vfat mounts, some sandboxes), which must still be
 * provably pact's for the next pact command to finish or undo a commit
 * whose process was killed (store_recover.c).
 *
 * Where link() fails, index.lock is created holding LOCK_MAGIC and the
 * process that made it: its pid, the boot it runs in
 * (/proc/sys/kernel/random/boot_id) and its start time in clock ticks
 * since boot (/proc/PID/stat, field 22). No other process ever had or
 * will have all three. git writes an index (or nothing yet) into its own
 * index.lock, never this text, so a lock holding it is pact's; and it is
 * a dead pact's when its process is gone: another boot, no such pid, or
 * the pid now belongs to a process that started at another time (or it is
 * the process recovering, whose earlier commit stopped: recovery runs
 * under the store lock, so no commit of it is running). Only then does
 * recovery touch it. */
#define _GNU_SOURCE /* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pact/error.h"
#include "store_internal.h"

#define LOCK_MAGIC STORE_LOCK_MAGIC
#define MARKER_MAX STORE_MARKER_MAX
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

/* Read a small /proc file (its size says 0) into buf, NUL-terminated:
 * 0, or -1. */
static int read_proc(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	ssize_t r = 0;

	if (fd < 0)
		return -1;
	while (n + 1 < cap && (r = read(fd, buf + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return r < 0 ? -1 : 0;
}

/* The start time of process `pid`: 0, or -1 when there is no such
 * process (or no /proc to ask). */
static int proc_start(long pid, unsigned long long *start)
{
	char path[64], buf[1024], *p;
	int field = 2, rc = -1;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (read_proc(path, buf, sizeof(buf)) < 0)
		return -1;
	/* the name (field 2) may hold spaces and parentheses: after its last ')' */
	p = strrchr(buf, ')');
	while (p && *p && field < 22) {
		p = strchr(p + 1, ' ');
		if (p)
			field++;
	}
	if (p && field == 22) {
		*start = strtoull(p + 1, NULL, 10);
		rc = 0;
	}
	return rc;
}

/* This boot's id ("-" when /proc does not say). */
static void boot_id(char *out, size_t cap)
{
	char buf[128];

	if (read_proc("/proc/sys/kernel/random/boot_id", buf, sizeof(buf)) == 0 && buf[0] != '\n' &&
	    buf[0])
		snprintf(out, cap, "%.*s", (int)strcspn(buf, "\n"), buf);
	else
		snprintf(out, cap, "-");
}

/* The text of a lock made by this process (malloc'ed; NULL: no memory). */
static char *marker_text(void)
{
	char boot[80], *text = pact_alloc__malloc(MARKER_MAX);
	unsigned long long start = 0;
	long pid = (long)getpid();

	if (!text)
		return NULL;
	boot_id(boot, sizeof(boot));
	proc_start(pid, &start);
	snprintf(text, MARKER_MAX, LOCK_MAGIC "pid %ld\nboot %s\nstart %llu\n", pid, boot, start);
	return text;
}

/* 1 when `text` (a lock's bytes) is a marked lock whose process is gone,
 * 0 when it is not pact's or its process may still run. */
static int marker_dead(const char *text)
{
	char boot[80], now[80];
	unsigned long long start = 0, ran = 0;
	long pid = 0;

	if (strncmp(text, LOCK_MAGIC, strlen(LOCK_MAGIC)) != 0 ||
	    sscanf(text + strlen(LOCK_MAGIC), "pid %ld\nboot %79[^\n]\nstart %llu", &pid, boot,
	           &start) != 3)
		return 0;
	boot_id(now, sizeof(now));
	if (strcmp(now, "-") != 0 && strcmp(now, boot) != 0)
		return 1; /* made before the last restart */
	/* this very process: an earlier commit of it that could not finish
	 * (the caller holds the store lock, so none of it is running now) */
	if (pid == (long)getpid())
		return 1;
	return proc_start(pid, &ran) != 0 || ran != start;
}

int pact_store__marked_lock_dead(const char *lock)
{
	char *text = NULL;
	size_t len = 0;
	int dead = 0;

	if (pact_store__read_own_file(&text, &len, lock, MARKER_MAX) == 0)
		dead = marker_dead(text);
	pact_error_clear();
	free(text);
	return dead;
}

static int write_text(int fd, const char *text)
{
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return fsync(fd) == 0 || errno == EINVAL ? 0 : -1;
}

/* Create index.lock holding the marker: written whole at pact-index.mark
 * and renamed to index.lock only if that name is free (RENAME_NOREPLACE),
 * so the lock never exists without its text. Where the file system
 * cannot rename that way, index.lock is created (O_EXCL) and then
 * written: a kill in between leaves an empty lock that cannot be proved
 * pact's, but then nothing else has been written yet either. 1 taken, 0
 * held by someone else, <0 error. */
int pact_store__take_marked(store_index *ix)
{
	int fd, e;

	free(ix->marker);
	ix->marker = marker_text();
	if (!ix->marker)
		return PACT_ENOMEM;
	unlink(ix->mark);
	fd = open(ix->mark, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return pact_store__planted(ix->mark, errno);
	e = write_text(fd, ix->marker) == 0 ? 0 : errno;
	close(fd);
	if (e == 0 && renameat2(AT_FDCWD, ix->mark, AT_FDCWD, ix->lock, RENAME_NOREPLACE) == 0)
		return 1;
	e = e ? e : errno;
	unlink(ix->mark);
	if (e == EEXIST || e == ENOTEMPTY)
		return 0;
	fd = open(ix->lock, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return errno == EEXIST ? 0 : pact_store__planted(ix->lock, errno);
	e = write_text(fd, ix->marker) == 0 ? 0 : errno;
	close(fd);
	if (e) {
		unlink(ix->lock);
		return pact_error_set(PACT_EIO, "cannot write '%s': %s; nothing was changed",
		                      ix->lock, strerror(e));
	}
	return 1;
}

/* The error for an index.lock that stayed in the way, saying what it is
 * and whether removing it by hand is safe. */
int pact_store__lock_busy(const store_index *ix)
{
	char *text = NULL;
	size_t len = 0;
	struct stat st;
	long pid = 0;
	int rc;

	if (lstat(ix->lock, &st) == 0 && !S_ISREG(st.st_mode))
		return pact_store__planted(ix->lock, EEXIST);
	rc = pact_store__read_own_file(&text, &len, ix->lock, MARKER_MAX);
	pact_error_clear();
	if (rc == 0 && len == 0)
		rc = pact_error_set(PACT_EIO,
		                    "cannot lock the index: '%s' exists and is empty. Another git "
		                    "process may be starting to write it: wait for it to finish "
		                    "and try again. If no git process is running, one (git or "
		                    "pact) stopped before writing anything into it, so nothing was "
		                    "changed and it is safe to remove that file; then try again. "
		                    "Nothing was changed",
		                    ix->lock);
	else if (rc == 0 && !strncmp(text, LOCK_MAGIC, strlen(LOCK_MAGIC)) &&
	         sscanf(text + strlen(LOCK_MAGIC), "pid %ld", &pid) == 1)
		rc = pact_error_set(PACT_EIO,
		                    "cannot lock the index: another pact (process %ld) holds '%s' "
		                    "and is still running; wait for it to finish and try again. "
		                    "Nothing was changed",
		                    pid, ix->lock);
	else
		rc = pact_error_set(PACT_EIO,
		                    "cannot lock the index: '%s' exists. Another git process "
		                    "seems to be running in this repository (git commit, an "
		                    "editor it opened); wait for it to finish and try again. If "
		                    "no git process is running, one crashed earlier: remove that "
		                    "file and try again. Nothing was changed",
		                    ix->lock);
	free(text);
	return rc;
}
