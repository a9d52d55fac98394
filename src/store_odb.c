/*
 * store_odb.c - a guard in front of libgit2's loose object reader.
 *
 * libgit2 1.5 loops forever inflating a truncated loose object (fixed
 * upstream later); git itself says "loose object ... is corrupt" at once.
 * This object database backend is asked first for every object read: when
 * the object is a loose file, it inflates the whole zlib stream with zlib
 * (bounded by the file's size, so it always ends) and checks the header's
 * size; a damaged file is an error naming the object id, anything else
 * passes through to libgit2's own backends (GIT_PASSTHROUGH), which then
 * read a file known to be whole. Packed objects are not concerned: a
 * stat() finds no loose file; the id last asked for is kept so that a
 * damaged pack (zlib error) is reported naming the object.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2/sys/odb_backend.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "pact/error.h"
#include "store_internal.h"

/* Higher than libgit2's packed (2) and loose (1) backends: asked first. */
#define GUARD_PRIORITY 100

/* The object last asked for: libgit2's pack reader does not name the
 * object it fails to inflate, so pact_error_from_git() names this one. */
static _Thread_local char last_read[GIT_OID_HEXSZ + 1];

const char *pact_store__odb_last_read(void)
{
	return last_read;
}

typedef struct guard_backend {
	git_odb_backend parent;
	char *objects; /* ".../objects/" */
} guard_backend;

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
	         "loose object %s (stored in %s) is corrupt: truncated or damaged; restore it "
	         "from another copy of the store ('git fsck' lists what is damaged)",
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

static void guard_free(git_odb_backend *be)
{
	guard_backend *b = (guard_backend *)be;
	if (!b)
		return;
	free(b->objects);
	free(b);
}

int pact_store__guard_loose_objects(git_repository *repo)
{
	guard_backend *b = NULL;
	git_odb *odb = NULL;
	int rc;

	b = pact_alloc__calloc(1, sizeof(*b));
	if (!b)
		return PACT_ENOMEM;
	git_odb_init_backend(&b->parent, GIT_ODB_BACKEND_VERSION);
	b->parent.read = guard_read;
	b->parent.read_header = guard_read_header;
	b->parent.read_prefix = guard_read_prefix;
	b->parent.free = guard_free;
	b->objects = pact_store__join2(git_repository_commondir(repo), "objects/");
	if (!b->objects) {
		guard_free(&b->parent);
		return PACT_ENOMEM;
	}
	rc = git_repository_odb(&odb, repo);
	if (rc == 0)
		rc = git_odb_add_backend(odb, &b->parent, GUARD_PRIORITY);
	if (rc < 0) {
		guard_free(&b->parent);
		rc = pact_error_from_git(rc, "cannot open the object database");
	}
	git_odb_free(odb);
	return rc;
}
