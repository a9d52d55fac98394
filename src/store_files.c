/*
 * store_files.c - the store's small file helpers (store_internal.h): paths,
 * whole-file reads and atomic writes, and the files pact keeps in $GIT_DIR
 * to prove a lock is its own, reached without following a symbolic link.
 *
 * Anything in .git may have been planted (a symbolic link to a file
 * outside, to a FIFO, to another repository's lock, or dangling): pact's
 * own files there are opened with O_NOFOLLOW (and O_NONBLOCK, so a FIFO is
 * refused, not waited on), created with O_EXCL after the name is unlinked
 * (unlink removes a link, never what it points to), and a lock pact
 * removes is reached from the git directory one component at a time,
 * none of them a link.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "store_internal.h"

/* ---- small helpers ---------------------------------------------------- */

char *pact_store__join2(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = pact_alloc__malloc(na + nb + 1);
	if (!p)
		return NULL;
	memcpy(p, a, na);
	memcpy(p + na, b, nb + 1);
	return p;
}

long pact_store__now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void pact_store__sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* A repository path is safe to join to the work tree: relative, no empty,
 * "." or ".." component, nothing inside .git, no newline (the commit
 * journal is one path a line). */
int pact_store__safe_path(const char *p)
{
	const char *c = p;
	if (!*p || *p == '/' || strchr(p, '\n'))
		return 0;
	while (*c) {
		const char *e = strchr(c, '/');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.') ||
		    (n == 4 && strncmp(c, ".git", 4) == 0))
			return 0;
		c += n;
		if (*c == '/')
			c++;
	}
	return 1;
}

/* As pact_store__read_file (address.c), but opened with O_NOFOLLOW: the files pact
 * keeps in $GIT_DIR are never read through a link. */
int pact_store__read_own_file(char **buf, size_t *len, const char *path, size_t max)
{
	struct stat st;
	char *b = NULL;
	size_t n = 0;
	int fd, rc = 0;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 && errno == ELOOP)
		return pact_error_set(
		        PACT_EIO,
		        "'%s' is a symbolic link, not a file pact wrote; remove it and try again",
		        path);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR
		               ? pact_error_set(PACT_ENOTFOUND, "'%s' does not exist", path)
		               : pact_error_set(PACT_EIO, "cannot read '%s': %s", path,
		                                strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		rc = pact_error_set(PACT_EINVALID, "'%s' is not a regular file", path);
	else if ((unsigned long long)st.st_size > max)
		rc = pact_error_set(PACT_ELIMIT, "'%s' is larger than %zu bytes", path, max);
	else if (!(b = pact_alloc__malloc((size_t)st.st_size + 1)))
		rc = PACT_ENOMEM;
	while (rc == 0 && n < (size_t)st.st_size) {
		ssize_t r = read(fd, b + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			rc = pact_error_set(PACT_EIO, "cannot read '%s': %s", path,
			                    strerror(errno));
		if (r <= 0)
			break; /* shrunk meanwhile: what is there */
		n += (size_t)r;
	}
	close(fd);
	if (rc < 0) {
		free(b);
		return rc;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

int pact_store__is_own_file(const char *path, struct stat *st)
{
	struct stat mine;
	if (!st)
		st = &mine;
	return lstat(path, st) == 0 && S_ISREG(st->st_mode);
}

/* The directory holding `rel` (relative to `dirfd`), reached one
 * component at a time with O_NOFOLLOW: -1 when one is a symbolic link,
 * "", "." or "..", or missing. *base: the last component. */
static int open_parent(int dirfd, const char *rel, const char **base)
{
	int fd = dup(dirfd);
	const char *c = rel;

	while (fd >= 0) {
		const char *slash = strchr(c, '/');
		char part[256];
		size_t n = slash ? (size_t)(slash - c) : strlen(c);
		int next;

		if (n == 0 || n >= sizeof(part) || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.')) {
			close(fd);
			return -1;
		}
		if (!slash) {
			*base = c;
			return fd;
		}
		memcpy(part, c, n);
		part[n] = '\0';
		next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = next;
		c = slash + 1;
	}
	return -1;
}

int pact_store__drop_owned_lock(const char *gitdir, const char *rel, const char *owned)
{
	struct stat so, sl;
	const char *base = NULL;
	int gfd = open(gitdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), dfd = -1, dropped = 0;

	if (gfd >= 0 && fstatat(gfd, owned, &so, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(so.st_mode) &&
	    (dfd = open_parent(gfd, rel, &base)) >= 0 &&
	    fstatat(dfd, base, &sl, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sl.st_mode) &&
	    sl.st_dev == so.st_dev && sl.st_ino == so.st_ino)
		dropped = unlinkat(dfd, base, 0) == 0;
	if (dfd >= 0)
		close(dfd);
	if (gfd >= 0)
		close(gfd);
	return dropped;
}

int pact_store__drop_lock_holding(const char *gitdir, const char *rel, const char *text)
{
	struct stat sl;
	const char *base = NULL;
	size_t want = strlen(text);
	char buf[256];
	ssize_t got = -1;
	int gfd = open(gitdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), dfd = -1, fd = -1, dropped = 0;

	if (gfd >= 0 && want < sizeof(buf) && (dfd = open_parent(gfd, rel, &base)) >= 0 &&
	    (fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)) >=
	            0 &&
	    fstat(fd, &sl) == 0 && S_ISREG(sl.st_mode))
		got = read(fd, buf, sizeof(buf));
	if (got >= 0 && (size_t)got == want && memcmp(buf, text, want) == 0)
		dropped = unlinkat(dfd, base, 0) == 0;
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	if (gfd >= 0)
		close(gfd);
	return dropped;
}

/* fsync the directory holding `path`, so that a rename into it survives a
 * power cut (best effort: some file systems refuse it). */
static void sync_dir_of(const char *path)
{
	char *dir = pact_alloc__strdup(path), *slash = dir ? strrchr(dir, '/') : NULL;
	int fd;

	if (slash) {
		*(slash == dir ? slash + 1 : slash) = '\0';
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
	}
	free(dir);
}

/* Write `len` bytes to `path` once, through temporary file `tmp` and
 * rename(). EXDEV (tmp on another file system) is returned as is. The
 * temporary name is unlinked and created anew (O_EXCL, O_NOFOLLOW): one
 * planted as a symbolic link is replaced, never written through; one
 * planted as a directory (unlink cannot remove it) is named. With
 * `durable`, the file is fsynced before the rename and its directory
 * after. */
static int write_via(const char *tmp, const char *path, const char *data, size_t len, int durable)
{
	int fd, rc = 0;
	size_t off = 0;

	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return pact_store__planted(tmp, errno);
	while (off < len && rc == 0) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno != EINTR)
			rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", tmp,
			                    strerror(errno));
		else if (w > 0)
			off += (size_t)w;
	}
	if (durable && rc == 0 && fsync(fd) != 0 && errno != EINVAL)
		rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", tmp, strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = pact_error_set(PACT_EIO, "cannot write '%s': %s", tmp, strerror(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = errno == EXDEV ? EXDEV
		                    : pact_error_set(PACT_EIO, "cannot rename '%s' to '%s': %s",
		                                     tmp, path, strerror(errno));
	if (rc != 0)
		unlink(tmp);
	else if (durable)
		sync_dir_of(path);
	return rc;
}

/* Write `len` bytes to `path` atomically: a reader (or a crash) never sees
 * half a pact. The temporary file goes in $GIT_DIR, so a process killed
 * mid-write leaves nothing in the work tree for `git status` to show; only
 * when $GIT_DIR is on another file system does it go beside the file.
 * Callers hold the store lock, so one fixed name serves (and a leftover is
 * simply overwritten). */
static int write_atomic(const char *gitdir, const char *path, const char *data, size_t len,
                        int durable)
{
	char *tmp = NULL;
	int rc;

	tmp = pact_store__join2(gitdir, "pact-write.tmp");
	if (!tmp)
		return PACT_ENOMEM;
	rc = write_via(tmp, path, data, len, durable);
	free(tmp);
	if (rc != EXDEV)
		return rc;
	tmp = pact_store__join2(path, ".pact-tmp");
	if (!tmp)
		return PACT_ENOMEM;
	rc = write_via(tmp, path, data, len, durable);
	free(tmp);
	return rc == EXDEV ? pact_error_set(PACT_EIO, "cannot write '%s'", path) : rc;
}

int pact_store__write_file_atomic(const char *gitdir, const char *path, const char *data,
                                  size_t len)
{
	return write_atomic(gitdir, path, data, len, 0);
}

int pact_store__write_file_durable(const char *gitdir, const char *path, const char *data,
                                   size_t len)
{
	return write_atomic(gitdir, path, data, len, 1);
}

int pact_store__planted(const char *path, int err)
{
	struct stat st;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return pact_error_set(PACT_EIO,
		                      "'%s' is %s, not a file pact wrote; pact makes this file "
		                      "itself and never removes what it did not make: remove it "
		                      "and try again. Nothing was changed",
		                      path,
		                      S_ISDIR(st.st_mode)    ? _("a directory")
		                      : S_ISLNK(st.st_mode)  ? _("a symbolic link")
		                      : S_ISFIFO(st.st_mode) ? _("a named pipe (FIFO)")
		                                             : _("a special file"));
	return pact_error_set(PACT_EIO, "cannot write '%s': %s", path, strerror(err));
}

/* mkdir -p for the directories of `path` (not the last component). */
int pact_store__make_parents(const char *path)
{
	char *p = pact_alloc__strdup(path);
	int rc = 0;
	if (!p)
		return PACT_ENOMEM;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = pact_error_set(PACT_EIO, "cannot create '%s': %s", p, strerror(errno));
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}
