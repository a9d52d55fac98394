/*
 * modload.c - finding and loading a module: see modload.h.
 */
#define _GNU_SOURCE /* secure_getenv */
#include "modload.h"
#include "exe_path.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <link.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PACT_PKGLIBDIR
#define PACT_PKGLIBDIR "/usr/local/lib/pact"
#endif

/* 1 when group `gid` is its one member's own: that member is this user
 * (or root, the owner `owner` of what is checked), whether by primary
 * group or as the group's one listed member. A user private group (umask
 * 002 makes a build tree group-writable) passes; a shared group such as
 * staff or users does not: its other members could change the module
 * (the rule of Debian's OpenSSH for group-writable files). */
static int own_group(gid_t gid, uid_t owner)
{
	struct group *gr = getgrgid(gid);
	struct passwd *pw;
	int members = 0, ok = gr != NULL;

	if (!ok)
		return 0;
	setpwent();
	while (ok && (pw = getpwent()) != NULL)
		if (pw->pw_gid == gid) {
			members++;
			ok = pw->pw_uid == owner || pw->pw_uid == geteuid();
		}
	endpwent();
	gr = ok ? getgrgid(gid) : NULL; /* getpwent may have reused its buffer */
	if (!gr)
		return 0;
	if (gr->gr_mem[0]) {
		pw = getpwnam(gr->gr_mem[0]);
		members++;
		if (gr->gr_mem[1] || !pw || (pw->pw_uid != owner && pw->pw_uid != geteuid()))
			return 0;
	}
	return members > 0;
}

/* 1 when no one but root and this user can change what `st` describes (a
 * directory on the module's path, or the module): owned by one of them,
 * not writable by all, unless it is a sticky directory (/tmp: there only
 * the owner of an entry can replace it, and that owner is checked next),
 * and writable by its group only when that group is its owner's alone. */
static int safe_stat(const struct stat *st)
{
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return 0;
	if (st->st_mode & S_IWOTH)
		return S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX);
	if (st->st_mode & S_IWGRP)
		return own_group(st->st_gid, st->st_uid);
	return 1;
}

/* The first directory of the absolute path `real` (from "/" down to the
 * module's own) that other users could change, copied into `out`; 0 when
 * there is none. */
static int unsafe_dir(const char *real, char *out, size_t size)
{
	struct stat st;

	for (size_t i = 0; real[i]; i++) {
		if (real[i] != '/')
			continue;
		snprintf(out, size, "%.*s", (int)(i ? i : 1), real);
		if (stat(out, &st) != 0 || !safe_stat(&st))
			return 1;
	}
	return 0;
}

/* 1 when the ELF file `fd` of `size` bytes holds all that dlopen maps: a
 * library cut short makes the loader touch pages past the end of the file
 * (SIGBUS). Files of another class or not ELF at all are left to dlopen,
 * which says so. */
static int elf_complete(int fd, off_t size)
{
	ElfW(Ehdr) eh;
	ElfW(Phdr) ph;
	size_t room;
	ssize_t n = pread(fd, &eh, sizeof(eh), 0);

	/* empty, or ELF cut short; anything else is dlopen's to judge */
	if (n < (ssize_t)sizeof(eh))
		return n >= SELFMAG && memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0;
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32))
		return 1;
	if (eh.e_phentsize != sizeof(ph) || (off_t)eh.e_phoff > size)
		return 0;
	room = (size_t)(size - (off_t)eh.e_phoff) / sizeof(ph);
	if (eh.e_phnum > room)
		return 0;
	for (size_t i = 0; i < eh.e_phnum; i++) {
		off_t at = (off_t)(eh.e_phoff + i * sizeof(ph));
		if (pread(fd, &ph, sizeof(ph), at) != (ssize_t)sizeof(ph))
			return 0;
		if (ph.p_type == PT_LOAD &&
		    ((off_t)ph.p_offset > size || (off_t)ph.p_filesz > size - (off_t)ph.p_offset))
			return 0;
	}
	return 1;
}

static void refuse(pact_modload *out, pact_modload_why why, const char *detail)
{
	out->why = why;
	snprintf(out->detail, sizeof(out->detail), "%s", detail ? detail : "");
}

/* 1 when `st` is a plain file no one else can change, else 0 after saying
 * why not (planted first: the search goes on past a planted file). */
static int file_ok(pact_modload *out, const struct stat *st)
{
	if (!safe_stat(st))
		refuse(out, PACT_MODLOAD_UNSAFE, out->path);
	else if (!S_ISREG(st->st_mode))
		refuse(out, PACT_MODLOAD_NOT_FILE, NULL);
	else
		return 1;
	return 0;
}

/* Open the module at out->path (which exists) for dlopen: the descriptor,
 * or -1 after saying why not. */
static int open_module(pact_modload *out)
{
	char real[PATH_MAX], dir[PATH_MAX];
	struct stat st;
	int fd = -1;

	if (!realpath(out->path, real)) {
		refuse(out, PACT_MODLOAD_OPEN, strerror(errno));
		return -1;
	}
	if (unsafe_dir(real, dir, sizeof(dir))) {
		refuse(out, PACT_MODLOAD_UNSAFE, dir);
		return -1;
	}
	/* a FIFO's open would wait for a writer, a device's may act: only a
	 * plain file is opened (and the file opened is checked again) */
	if (stat(real, &st) != 0) {
		refuse(out, PACT_MODLOAD_OPEN, strerror(errno));
		return -1;
	}
	if (!file_ok(out, &st))
		return -1;
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) != 0)
		refuse(out, PACT_MODLOAD_OPEN, strerror(errno));
	else if (!file_ok(out, &st))
		;
	else if (!elf_complete(fd, st.st_size))
		refuse(out, PACT_MODLOAD_DAMAGED, NULL);
	else
		return fd;
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Load the module at out->path (which exists), or say why not. The file
 * checked is the file loaded: dlopen is given the descriptor. */
static int load_from(pact_modload *out, const pact_modload_spec *spec)
{
	int fd = open_module(out);
	char fdpath[64];
	const char *abi;
	size_t n;

	if (fd < 0)
		return -1;
	n = (size_t)snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	out->handle = dlopen(fdpath, (spec->lazy ? RTLD_LAZY : RTLD_NOW) | RTLD_LOCAL);
	close(fd);
	if (!out->handle) {
		const char *e = dlerror();
		/* "/proc/self/fd/3: invalid ELF header": the path is said apart */
		if (e && !strncmp(e, fdpath, n) && !strncmp(e + n, ": ", 2))
			e += n + 2;
		refuse(out, PACT_MODLOAD_DLOPEN, e ? e : "?");
		return -1;
	}
	/* the interface it was built for, before any of its code is called */
	abi = (const char *)dlsym(out->handle, spec->abi_symbol);
	out->entry = dlsym(out->handle, spec->entry);
	if (!abi || strcmp(abi, spec->abi) != 0 || !out->entry) {
		dlclose(out->handle);
		out->handle = out->entry = NULL;
		refuse(out, PACT_MODLOAD_FOREIGN, NULL);
		return -1;
	}
	out->why = PACT_MODLOAD_OK;
	return 0;
}

/* Try the module at `path` if it exists: 1 when the search is over
 * (loaded, or refused for a reason other than being planted), 0 to go on. */
static int try_path(pact_modload *out, const pact_modload_spec *spec, const char *path)
{
	if (access(path, F_OK) != 0)
		return 0;
	snprintf(out->path, sizeof(out->path), "%s", path);
	return load_from(out, spec) == 0 || out->why != PACT_MODLOAD_UNSAFE;
}

int pact_modload__load(pact_modload *out, const pact_modload_spec *spec)
{
	const char *rel[] = {spec->file, NULL};
	/* not from the environment of a set-user-ID program */
	const char *env = secure_getenv(spec->env);
	char rel_lib[PATH_MAX], path[PATH_MAX];

	memset(out, 0, sizeof(*out));
	if (env && *env) {
		snprintf(out->path, sizeof(out->path), "%s", env);
		if (*env != '/') /* never one of the current directory */
			refuse(out, PACT_MODLOAD_ENV_RELATIVE, spec->env);
		else if (access(env, F_OK) == 0)
			load_from(out, spec);
		else if (errno == ENOENT || errno == ENOTDIR)
			refuse(out, PACT_MODLOAD_ENV_MISSING, spec->env);
		else /* a loop of links, a name too long (out->path cut it) */
			refuse(out, PACT_MODLOAD_OPEN, strerror(errno));
		return out->why == PACT_MODLOAD_OK ? 0 : -1;
	}
	snprintf(rel_lib, sizeof(rel_lib), "../lib/pact/%s", spec->file);
	rel[1] = rel_lib;
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
		if (pact_exe__beside(path, sizeof(path), rel[i]) && try_path(out, spec, path))
			return out->why == PACT_MODLOAD_OK ? 0 : -1;
	snprintf(path, sizeof(path), "%s/%s", PACT_PKGLIBDIR, spec->file);
	if (try_path(out, spec, path))
		return out->why == PACT_MODLOAD_OK ? 0 : -1;
	if (out->why == PACT_MODLOAD_OK) { /* else a planted module was refused: that is why */
		snprintf(out->path, sizeof(out->path), "%s", spec->file);
		refuse(out, PACT_MODLOAD_NOT_FOUND, PACT_PKGLIBDIR);
	}
	return -1;
}
