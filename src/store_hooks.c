/*
 * store_hooks.c - installing a git hook where git will run it.
 *
 * The CLI keeps the hook scripts' text (cmd_hooks.c); this writes one into
 * the store's hooks directory (pact_store_hooks_dir, created when missing)
 * through a temporary file renamed into place, so git never runs half a
 * script. An existing hook that is not the same text is kept unless the
 * caller forces it. Nothing planted in .git is followed: a symbolic link or
 * FIFO at the hook's name is "not pact's" (replaced only when forced, the
 * link itself, not what it points to), one at the temporary name is
 * removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "pact/error.h"
#include "store_internal.h"

int pact_store_is_bare(pact_store *store)
{
	return store && git_repository_is_bare(store->repo) ? 1 : 0;
}

/* mkdir -p: 0, or -1 with errno set */
static int mkdir_p(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* 1 when the file at path holds exactly text, 0 when it differs or is not
 * a regular file of its own (a symbolic link -- a hook shared from elsewhere
 * -- a FIFO, a directory: never opened through, never waited on), -1 when
 * there is none */
static int same_text(const char *path, const char *text, size_t len)
{
	struct stat st;
	char *old = NULL;
	size_t got = 0;
	int same;

	if (lstat(path, &st) != 0)
		return -1;
	if (!S_ISREG(st.st_mode))
		return 0;
	if (pact_store__read_own_file(&old, &got, path, len + 1) < 0) {
		pact_error_clear();
		return 0;
	}
	same = got == len && !memcmp(old, text, len);
	free(old);
	return same;
}

/* Write text into path through a fresh file at tmp, made executable, then
 * renamed over path (a symbolic link at path is replaced, never written
 * through; whatever was planted at tmp is unlinked first, as it is a name
 * only pact uses). 0 or PACT_EIO. */
static int write_hook(const char *path, const char *tmp, const char *text, size_t len)
{
	size_t off = 0;
	int fd, e = 0;

	if (unlink(tmp) != 0 && errno != ENOENT)
		return pact_error_set(PACT_EIO, "cannot remove '%s': %s", tmp, strerror(errno));
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0755);
	if (fd < 0)
		return pact_error_set(PACT_EIO, "cannot write '%s': %s", tmp, strerror(errno));
	while (!e && off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			e = w < 0 ? errno : EIO;
		else
			off += (size_t)w;
	}
	if (close(fd) != 0 && !e)
		e = errno;
	if (e) {
		unlink(tmp);
		return pact_error_set(PACT_EIO, "cannot write '%s': %s", tmp, strerror(e));
	}
	if (chmod(tmp, 0755) != 0 || rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		return pact_error_set(PACT_EIO, "cannot install '%s': %s", path, strerror(e));
	}
	return 0;
}

int pact_store_hooks_install(char **path_out, pact_store *store, const char *name, const char *text,
                             int force)
{
	char *dir = NULL, *path = NULL, *tmp = NULL;
	size_t n, len;
	int rc;

	if (path_out)
		*path_out = NULL;
	if (!store || !name || !*name || strchr(name, '/') || !text)
		return pact_error_set(PACT_EUSAGE, "invalid hook name '%s'", name ? name : "");
	len = strlen(text);
	if ((rc = pact_store_hooks_dir(&dir, store)) < 0)
		goto done;
	if (mkdir_p(dir) != 0) {
		rc = pact_error_set(PACT_EIO, "cannot create the hooks directory '%s'", dir);
		goto done;
	}
	n = strlen(dir) + strlen(name) + 16;
	if (!(path = pact_alloc__malloc(n)) || !(tmp = pact_alloc__malloc(n))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	snprintf(path, n, "%s/%s", dir, name);
	snprintf(tmp, n, "%s/%s.tmp", dir, name);
	rc = same_text(path, text, len);
	if (rc == 1)
		goto out;
	if (rc == 0 && !force) {
		rc = pact_error_set(PACT_EEXISTS,
		                    "'%s' exists and is not pact's; use --force to replace it",
		                    path);
		goto done;
	}
	if ((rc = write_hook(path, tmp, text, len)) < 0)
		goto done;
	rc = 0;
out:
	pact_error_clear();
	if (path_out) {
		*path_out = path;
		path = NULL;
	}
done:
	free(dir);
	free(path);
	free(tmp);
	return rc;
}
