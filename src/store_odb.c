/*
 * store_odb.c - guards in front of and behind libgit2's object readers,
 * and a loose object writer that a concurrent `git gc` cannot trip.
 *
 * libgit2 1.5 loops forever inflating a truncated loose object (fixed
 * upstream later); git itself says "loose object ... is corrupt" at once.
 * The guard backend is asked first for every object read: when the object
 * is a loose file, it inflates the whole zlib stream with zlib (bounded by
 * the file's size, so it always ends) and checks the header's size; a
 * damaged file is an error naming the object id, anything else passes
 * through to libgit2's own backends (GIT_PASSTHROUGH), which then read a
 * file known to be whole. Packed objects are not concerned: a stat() finds
 * no loose file; the id last asked for is kept so that a damaged pack (zlib
 * error) is reported naming the object.
 *
 * A `git gc` or `git repack -d` running beside pact moves loose objects
 * into a new pack and then deletes them, and removes the objects/XX
 * directories left empty. Two races follow, each seen about once in a few
 * hundred commits racing a gc loop:
 * - Reading: libgit2 asks its pack list (old: not there), then the loose
 *   file (just deleted), refreshes the pack list once and asks again; a
 *   second repack in between (new pack, old one deleted) leaves it with
 *   "object not found". The backend asked last (`again`) looks again,
 *   refreshing a pack list of its own each time, a few times: a repack
 *   deletes loose objects and old packs only after the new pack is in
 *   place, so an object that exists is in a pack that exists at one of
 *   these looks. An object still not found is missing (store_error.c
 *   says why it may be).
 * - Writing: libgit2 writes a new loose object to objects/tmp_object*,
 *   creates objects/XX/ and renames the file into it; a `git prune-packed`
 *   removing the then-empty directory in between makes the commit fail
 *   ("failed to rename lockfile"). The guard writes loose objects itself,
 *   as git does (object-file.c): the temporary file is created inside
 *   objects/XX/ (made again when it vanished), so the directory is never
 *   empty while the object is on its way, and the whole write is tried
 *   again when the file was deleted under it (a `git prune --expire=now`).
 *
 * libgit2 1.5's git_commit_create returns 0 when writing the commit object
 * failed (commit.c does not keep git_odb_write's result): on a full disk a
 * commit or a merge went on with an id that names nothing, and said the
 * store was damaged. pact_store__commit_create checks the object is there.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2/sys/odb_backend.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "pact/error.h"
#include "store_internal.h"

/* Higher than libgit2's packed (2) and loose (1) backends: asked first. */
#define GUARD_PRIORITY 100
/* Lower than both: asked last, when neither found the object. */
#define AGAIN_PRIORITY 0

/* The object last asked for: libgit2's pack reader does not name the
 * object it fails to inflate, so pact_error_from_git() names this one. */
static _Thread_local char last_read[GIT_OID_HEXSZ + 1];

const char *pact_store__odb_last_read(void)
{
	return last_read;
}

/* How often a missing object is looked for again (store_odb.c's head);
 * and how often a loose object write is tried when its file or
 * directory is deleted under it. Each look costs a readdir of
 * objects/pack: only objects that are missing pay it. */
#define LOOKS_AGAIN 5
#define WRITE_TRIES 5

typedef struct guard_backend {
	git_odb_backend parent;
	char *objects; /* ".../objects/" */
	int fsync;     /* core.fsyncObjectFiles */
} guard_backend;

/* Asked after libgit2's own backends, when none found the object. */
typedef struct again_backend {
	git_odb_backend parent;
	char *objects; /* ".../objects/" */
	git_odb *own;  /* loose, packs and alternates, opened on first use */
} again_backend;

/* Inflate the rest of `fd` through `z`; 1 when the stream ends cleanly,
 * 0 when it is truncated or damaged. *total counts the bytes out; the
 * first bytes (the "type size\0" header) are copied to hdr. */
static int inflate_all(int fd, z_stream *z, char *hdr, size_t hdrcap, unsigned long long *total)
{
	unsigned char in[16384], out[16384];
	int ret = Z_OK;

	for (;;) {
		ssize_t n = read(fd, in, sizeof(in));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0; /* end of file (or an error) before the stream ended */
		z->next_in = in;
		z->avail_in = (uInt)n;
		do {
			uInt before_in = z->avail_in;
			size_t got;
			z->next_out = out;
			z->avail_out = sizeof(out);
			ret = inflate(z, Z_NO_FLUSH);
			if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR)
				return 0;
			got = sizeof(out) - z->avail_out;
			for (size_t i = 0; i < got && *total + i < hdrcap; i++)
				hdr[*total + i] = (char)out[i];
			*total += got;
			if (ret == Z_STREAM_END)
				return 1;
			if (got == 0 && z->avail_in == before_in)
				break; /* no progress: needs more input */
		} while (z->avail_in > 0 || z->avail_out == 0);
	}
}

/* 0 when the loose file at `path` is absent or whole; -1 (with libgit2's
 * error set, naming `hex`) when it is damaged. */
static int check_file(const char *path, const char *hex)
{
	char hdr[64] = {0}, type[16], msg[1024];
	unsigned long long total = 0, size = 0;
	z_stream z;
	int fd, whole = 0, hlen = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0; /* not loose (or unreadable: libgit2 reports that) */
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) == Z_OK) {
		whole = inflate_all(fd, &z, hdr, sizeof(hdr) - 1, &total);
		inflateEnd(&z);
	}
	close(fd);
	if (whole && memchr(hdr, '\0', sizeof(hdr) - 1) &&
	    sscanf(hdr, "%15s %llu%n", type, &size, &hlen) == 2 &&
	    total == (unsigned long long)hlen + 1 + size)
		return 0;
	snprintf(msg, sizeof(msg),
	         "loose object %s (stored in %s) is corrupt: truncated or damaged; nothing was "
	         "changed. Restore it from another copy of the store ('git fsck' lists what is "
	         "damaged)",
	         hex, path);
	git_error_set_str(GIT_ERROR_ODB, msg);
	return -1;
}

static int check_oid(guard_backend *b, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1], *path;
	size_t n = strlen(b->objects);
	int rc;

	git_oid_tostr(hex, sizeof(hex), id);
	memcpy(last_read, hex, sizeof(last_read));
	path = pact_alloc__malloc(n + GIT_OID_HEXSZ + 2);
	if (!path)
		return GIT_PASSTHROUGH;
	sprintf(path, "%s%.2s/%s", b->objects, hex, hex + 2);
	rc = check_file(path, hex);
	free(path);
	return rc < 0 ? GIT_ERROR : GIT_PASSTHROUGH;
}

static int guard_read(void **data, size_t *len, git_object_t *type, git_odb_backend *be,
                      const git_oid *id)
{
	(void)data;
	(void)len;
	(void)type;
	return check_oid((guard_backend *)be, id);
}

static int guard_read_header(size_t *len, git_object_t *type, git_odb_backend *be,
                             const git_oid *id)
{
	(void)len;
	(void)type;
	return check_oid((guard_backend *)be, id);
}

/* An abbreviated id: check every loose file it may name. */
static int guard_read_prefix(git_oid *out, void **data, size_t *len, git_object_t *type,
                             git_odb_backend *be, const git_oid *short_id, size_t hexlen)
{
	guard_backend *b = (guard_backend *)be;
	char hex[GIT_OID_HEXSZ + 1], *dir = NULL;
	struct dirent *e;
	DIR *d = NULL;
	int rc = GIT_PASSTHROUGH;

	(void)out;
	(void)data;
	(void)len;
	(void)type;
	if (hexlen < 2 || hexlen > GIT_OID_HEXSZ)
		return GIT_PASSTHROUGH;
	git_oid_tostr(hex, sizeof(hex), short_id);
	dir = pact_alloc__malloc(strlen(b->objects) + 4);
	if (!dir)
		return GIT_PASSTHROUGH;
	sprintf(dir, "%s%.2s/", b->objects, hex);
	d = opendir(dir);
	while (d && rc == GIT_PASSTHROUGH && (e = readdir(d)) != NULL) {
		git_oid id;
		char full[GIT_OID_HEXSZ + 1];
		if (strlen(e->d_name) != GIT_OID_HEXSZ - 2 ||
		    strncmp(e->d_name, hex + 2, hexlen - 2) != 0)
			continue;
		memcpy(full, hex, 2);
		memcpy(full + 2, e->d_name, GIT_OID_HEXSZ - 2);
		full[GIT_OID_HEXSZ] = '\0';
		if (git_oid_fromstr(&id, full) == 0)
			rc = check_oid(b, &id);
	}
	if (d)
		closedir(d);
	free(dir);
	return rc;
}

/* Write all of buf to fd; 0, or -1 with errno set. */
static int write_fd(int fd, const unsigned char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* The loose object file's bytes: "TYPE SIZE\0" and the data, deflated
 * as libgit2 does by default (Z_BEST_SPEED). *out is malloc'ed. */
static int deflate_object(unsigned char **out, size_t *outlen, const void *data, size_t len,
                          git_object_t type)
{
	char hdr[64];
	int hlen = snprintf(hdr, sizeof(hdr), "%s %zu", git_object_type2string(type), len), ret;
	z_stream z;
	uLong cap;

	memset(&z, 0, sizeof(z));
	if (hlen < 0 || deflateInit(&z, Z_BEST_SPEED) != Z_OK)
		return -1;
	cap = deflateBound(&z, (uLong)len + (uLong)hlen + 1) + 64;
	*out = pact_alloc__malloc(cap);
	if (!*out) {
		deflateEnd(&z);
		return -1;
	}
	z.next_out = *out;
	z.avail_out = (uInt)cap;
	z.next_in = (unsigned char *)hdr;
	z.avail_in = (uInt)hlen + 1;
	ret = deflate(&z, Z_NO_FLUSH);
	if (ret == Z_OK) {
		z.next_in = (unsigned char *)(uintptr_t)data;
		z.avail_in = (uInt)len;
		ret = deflate(&z, Z_FINISH);
	}
	*outlen = cap - z.avail_out;
	deflateEnd(&z);
	if (ret != Z_STREAM_END) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* One try at putting `bytes` at `path` (objects/XX/YYYY...) through a
 * temporary file in objects/XX/ (`dir`); 0, or -1 with errno set. */
static int put_object(const guard_backend *b, const char *dir, const char *path,
                      const unsigned char *bytes, size_t n)
{
	static _Thread_local unsigned serial;
	char tmp[4096];
	int fd = -1, made = 0;

	for (;;) {
		snprintf(tmp, sizeof(tmp), "%stmp_obj_pact%ld_%u", dir, (long)getpid(), serial++);
		/* 0444 as git's and libgit2's objects, less the umask */
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0444);
		if (fd >= 0)
			break;
		if (errno == EEXIST)
			continue;
		if (errno != ENOENT || made++)
			return -1;
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			return -1;
	}
	if (write_fd(fd, bytes, n) != 0 || (b->fsync && fsync(fd) != 0)) {
		int e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

static int guard_write(git_odb_backend *be, const git_oid *id, const void *data, size_t len,
                       git_object_t type)
{
	guard_backend *b = (guard_backend *)be;
	char hex[GIT_OID_HEXSZ + 1], *dir = NULL, *path = NULL;
	unsigned char *bytes = NULL;
	size_t n = 0, olen = strlen(b->objects);
	int rc = 0;

	git_oid_tostr(hex, sizeof(hex), id);
	dir = pact_alloc__malloc(olen + 4);
	path = pact_alloc__malloc(olen + GIT_OID_HEXSZ + 2);
	if (!dir || !path || deflate_object(&bytes, &n, data, len, type) < 0) {
		git_error_set_oom();
		rc = GIT_ERROR;
		goto done;
	}
	sprintf(dir, "%s%.2s/", b->objects, hex);
	sprintf(path, "%s%s", dir, hex + 2);
	for (int i = 0;; i++) {
		if (put_object(b, dir, path, bytes, n) == 0)
			break;
		/* deleted under it (the directory, or the temporary file by a
		 * `git prune --expire=now`): again; else what stopped it */
		if (errno == ENOENT && i + 1 < WRITE_TRIES)
			continue;
		/* GIT_ERROR_OS: libgit2 appends ": " and strerror(errno) itself
		 * (naming it here too said "No space left on device: No space
		 * left on device") */
		git_error_set(GIT_ERROR_OS, "cannot write object file '%s'", path);
		rc = GIT_ERROR;
		break;
	}
done:
	free(bytes);
	free(path);
	free(dir);
	return rc;
}

static void guard_free(git_odb_backend *be)
{
	guard_backend *b = (guard_backend *)be;
	if (!b)
		return;
	free(b->objects);
	free(b);
}

/* libgit2's backends did not find `id`: look again, a few times, in a
 * fresh view of the loose objects and packs (see the head of the file). */
static int again_read(void **data, size_t *len, git_object_t *type, git_odb_backend *be,
                      const git_oid *id)
{
	again_backend *b = (again_backend *)be;
	git_odb_object *obj = NULL;
	int rc = GIT_ENOTFOUND;

	if (!b->own && git_odb_open(&b->own, b->objects) < 0)
		return GIT_ENOTFOUND;
	for (int i = 0; i < LOOKS_AGAIN && rc == GIT_ENOTFOUND; i++) {
		git_odb_refresh(b->own);
		rc = git_odb_read(&obj, b->own, id);
	}
	if (rc == 0) {
		*len = git_odb_object_size(obj);
		*type = git_odb_object_type(obj);
		*data = git_odb_backend_data_alloc(be, *len + 1);
		if (*data) {
			memcpy(*data, git_odb_object_data(obj), *len);
			((char *)*data)[*len] = '\0';
		} else {
			rc = GIT_ERROR;
		}
	}
	git_odb_object_free(obj);
	/* libgit2 says "not found" itself, naming the object */
	return rc == 0 || rc == GIT_ERROR ? rc : GIT_ENOTFOUND;
}

static void again_free(git_odb_backend *be)
{
	again_backend *b = (again_backend *)be;
	if (!b)
		return;
	git_odb_free(b->own);
	free(b->objects);
	free(b);
}

/* Whether git is told to fsync object files (core.fsyncObjectFiles), as
 * libgit2's own loose writer asks. */
static int wants_fsync(git_repository *repo)
{
	git_config *cfg = NULL;
	int on = 0;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_bool(&on, cfg, "core.fsyncObjectFiles") < 0)
		on = 0;
	git_config_free(cfg);
	git_error_clear();
	return on;
}

int pact_store__guard_loose_objects(git_repository *repo)
{
	guard_backend *b = NULL;
	again_backend *a = NULL;
	git_odb *odb = NULL;
	int rc;

	b = pact_alloc__calloc(1, sizeof(*b));
	a = pact_alloc__calloc(1, sizeof(*a));
	if (!b || !a) {
		free(b);
		free(a);
		return PACT_ENOMEM;
	}
	git_odb_init_backend(&b->parent, GIT_ODB_BACKEND_VERSION);
	b->parent.read = guard_read;
	b->parent.read_header = guard_read_header;
	b->parent.read_prefix = guard_read_prefix;
	b->parent.write = guard_write;
	b->parent.free = guard_free;
	b->objects = pact_store__join2(git_repository_commondir(repo), "objects/");
	b->fsync = wants_fsync(repo);
	git_odb_init_backend(&a->parent, GIT_ODB_BACKEND_VERSION);
	a->parent.read = again_read;
	a->parent.free = again_free;
	a->objects = pact_store__join2(git_repository_commondir(repo), "objects/");
	if (!b->objects || !a->objects) {
		guard_free(&b->parent);
		again_free(&a->parent);
		return PACT_ENOMEM;
	}
	rc = git_repository_odb(&odb, repo);
	if (rc == 0)
		rc = git_odb_add_backend(odb, &b->parent, GUARD_PRIORITY);
	if (rc < 0) {
		guard_free(&b->parent);
		again_free(&a->parent);
	} else if ((rc = git_odb_add_backend(odb, &a->parent, AGAIN_PRIORITY)) < 0) {
		again_free(&a->parent); /* the guard is the object database's now */
	}
	if (rc < 0)
		rc = pact_error_from_git(rc, "cannot open the object database");
	git_odb_free(odb);
	return rc;
}

int pact_store__commit_create(git_oid *id, git_repository *repo, const git_signature *author,
                              const git_signature *committer, const char *message,
                              const git_tree *tree, size_t nparents, const git_commit **parents)
{
	git_odb *odb = NULL;
	const git_error *e;
	char said[512] = "";
	int klass = GIT_ERROR_OS, rc;

	git_error_clear();
	rc = git_commit_create(id, repo, NULL, author, committer, NULL, message, tree, nparents,
	                       parents);
	if (rc < 0)
		return rc;
	/* what the failed write said, before the look clears it */
	if ((e = git_error_last()) != NULL && e->message) {
		snprintf(said, sizeof(said), "%s", e->message);
		klass = e->klass;
	}
	rc = git_repository_odb(&odb, repo);
	if (rc == 0 && !git_odb_exists(odb, id)) {
		if (said[0])
			git_error_set_str(klass, said);
		else
			git_error_set_str(GIT_ERROR_ODB, "the commit object was not written");
		rc = GIT_ERROR;
	}
	git_odb_free(odb);
	return rc;
}
