/*
 * review_sign.c - SSH signatures through ssh-keygen, as git makes them for
 * commits (gpg.format=ssh): `-Y sign -n NS`, `-Y verify`, `-Y
 * find-principals`.
 *
 * The boundary is small on purpose: ssh-keygen is started with
 * posix_spawnp and an argument vector, so no text from a record, a key
 * name or an e-mail ever passes through a shell; everything it reads
 * (data, signature, allowed signers, a literal key) is written to files in
 * a private mkdtemp directory, its standard input is one of those files
 * and its output goes to two more, so there is no pipe to deadlock on.
 * The directory is removed before returning. Sizes are bounded by the
 * callers (records are at most PACT_REVIEW_MAX_RECORD_BYTES).
 */
#include "review_sign.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../buf.h"
#include "pact/error.h"
#include "pact/i18n.h"

extern char **environ;

/* What ssh-keygen may print that we keep (a signature is ~300 bytes). */
#define MAX_OUTPUT (64u * 1024u)

typedef struct scratch {
	char dir[512];
	char paths[6][600];
	int n;
} scratch;

static int scratch_open(scratch *s)
{
	const char *t = getenv("TMPDIR");
	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "%s/pact-ssh-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(s->dir)) {
		s->dir[0] = '\0';
		return pact_error_set(PACT_EIO, "cannot create a temporary directory: %s",
		                      strerror(errno));
	}
	return 0;
}

/* The next path in the scratch directory, named `name`. */
static char *scratch_path(scratch *s, const char *name)
{
	char tmp[sizeof(s->paths[0])];
	char *p = s->paths[s->n++];
	snprintf(tmp, sizeof(tmp), "%s/%s", s->dir, name);
	memcpy(p, tmp, sizeof(tmp));
	return p;
}

/* A file `name` in the scratch directory with `data`; its path in *path. */
static int scratch_put(const char **path, scratch *s, const char *name, const char *data,
                       size_t len)
{
	char *p = scratch_path(s, name);
	FILE *f;
	int ok;

	f = fopen(p, "wb");
	if (!f)
		return pact_error_set(PACT_EIO, "cannot write '%s': %s", p, strerror(errno));
	ok = fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok)
		return pact_error_set(PACT_EIO, "cannot write '%s'", p);
	*path = p;
	return 0;
}

static void scratch_close(scratch *s)
{
	for (int i = 0; i < s->n; i++)
		unlink(s->paths[i]);
	if (s->dir[0])
		rmdir(s->dir);
}

static char *slurp(const char *path)
{
	pact_buf b = {0};
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f)
		return pact_alloc__strdup("");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len < MAX_OUTPUT)
		pact_buf__put(&b, chunk, n);
	fclose(f);
	return pact_buf__detach(&b, NULL);
}

/* Run ssh-keygen with argv (argv[0] "ssh-keygen"), standard input from
 * `in` (a path), and collect what it printed. *status is its exit status
 * (-1 when killed). */
static int run_keygen(int *status, char **out, char **err, scratch *s, char *const argv[],
                      const char *in)
{
	posix_spawn_file_actions_t fa;
	char *op = scratch_path(s, "out"), *ep = scratch_path(s, "err");
	pid_t pid;
	int rc, w;

	*out = *err = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in ? in : "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, op, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, ep, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	rc = posix_spawnp(&pid, "ssh-keygen", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return pact_error_set(PACT_EIO, "cannot run ssh-keygen: %s", strerror(rc));
	while (waitpid(pid, &w, 0) < 0)
		if (errno != EINTR)
			return pact_error_set(PACT_EIO, "ssh-keygen: %s", strerror(errno));
	*status = WIFEXITED(w) ? WEXITSTATUS(w) : -1;
	/* posix_spawnp reports a missing program as exit 127 on glibc */
	if (*status == 127)
		return pact_error_set(PACT_EIO, "cannot run ssh-keygen (is OpenSSH installed?)");
	*out = slurp(op);
	*err = slurp(ep);
	if (!*out || !*err) {
		free(*out);
		free(*err);
		*out = *err = NULL;
		return PACT_ENOMEM;
	}
	return 0;
}

/* The last non-empty line of ssh-keygen's messages, without its newline. */
static char *last_line(const char *text)
{
	const char *end = text + strlen(text), *start;
	while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	start = end;
	while (start > text && start[-1] != '\n')
		start--;
	if (start == end)
		return pact_alloc__strdup("ssh-keygen gave no reason");
	{
		pact_buf b = {0};
		pact_buf__put(&b, start, (size_t)(end - start));
		return pact_buf__detach(&b, NULL);
	}
}

/* A key path with "~/" expanded, or a literal "key::" key written out. */
static int key_file(const char **path, char **owned, scratch *s, const char *key)
{
	*owned = NULL;
	if (!strncmp(key, "key::", 5)) {
		size_t n = strlen(key + 5);
		char *line = pact_alloc__malloc(n + 2);
		int rc;
		if (!line)
			return PACT_ENOMEM;
		memcpy(line, key + 5, n);
		line[n] = '\n';
		rc = scratch_put(path, s, "key.pub", line, n + 1);
		free(line);
		return rc;
	}
	if (key[0] == '~' && key[1] == '/' && getenv("HOME")) {
		pact_buf b = {0};
		pact_buf__printf(&b, "%s%s", getenv("HOME"), key + 1);
		*owned = pact_buf__detach(&b, NULL);
		if (!*owned)
			return PACT_ENOMEM;
		*path = *owned;
		return 0;
	}
	*path = key;
	return 0;
}

int pact_review__ssh_sign(char **armor, const char *key, const char *ns, const char *data,
                          size_t len)
{
	scratch s;
	const char *in = NULL, *kp = NULL;
	char *out = NULL, *err = NULL, *owned = NULL, *why = NULL;
	int rc, status = 0;

	*armor = NULL;
	if ((rc = scratch_open(&s)) < 0)
		return rc;
	if ((rc = scratch_put(&in, &s, "data", data, len)) < 0 ||
	    (rc = key_file(&kp, &owned, &s, key)) < 0)
		goto done;
	{
		char *argv[] = {"ssh-keygen", "-q", "-Y",       "sign", "-f",
		                (char *)kp,   "-n", (char *)ns, NULL};
		rc = run_keygen(&status, &out, &err, &s, argv, in);
	}
	if (rc < 0)
		goto done;
	if (status != 0 || !strstr(out, "-----BEGIN SSH SIGNATURE-----")) {
		why = last_line(err);
		rc = pact_error_set(PACT_EREFUSED, "cannot sign with '%s': %s", key,
		                    why ? why : "ssh-keygen failed");
		goto done;
	}
	*armor = out;
	out = NULL;
	rc = 0;
done:
	scratch_close(&s);
	free(out);
	free(err);
	free(owned);
	free(why);
	return rc;
}

int pact_review__ssh_verify(char **why, const char *allowed, size_t alen, const char *principal,
                            const char *ns, const char *data, size_t len, const char *armor,
                            size_t armor_len)
{
	scratch s;
	const char *in = NULL, *sp = NULL, *ap = NULL;
	char *out = NULL, *err = NULL;
	int rc, status = 0;

	if (why)
		*why = NULL;
	if ((rc = scratch_open(&s)) < 0)
		return rc;
	if ((rc = scratch_put(&in, &s, "data", data, len)) < 0 ||
	    (rc = scratch_put(&sp, &s, "sig", armor, armor_len)) < 0 ||
	    (rc = scratch_put(&ap, &s, "allowed", allowed, alen)) < 0)
		goto done;
	{
		char *argv[] = {"ssh-keygen",      "-Y", "verify",   "-f", (char *)ap, "-I",
		                (char *)principal, "-n", (char *)ns, "-s", (char *)sp, NULL};
		rc = run_keygen(&status, &out, &err, &s, argv, in);
	}
	if (rc < 0)
		goto done;
	if (status == 0) {
		rc = 1;
		goto done;
	}
	/* ssh-keygen says why on stderr when it knows ("incorrect
	 * signature"); a key that is not the principal's gets only "Could not
	 * verify signature." on stdout. */
	if (why && err[strspn(err, " \r\n")] == '\0') {
		pact_buf b = {0};
		pact_buf__printf(&b,
		                 pact__(pact_i18n_lang(),
		                        "not made by a key the allowed signers list for '%s'"),
		                 principal);
		*why = pact_buf__detach(&b, NULL);
		if (!*why) {
			rc = PACT_ENOMEM;
			goto done;
		}
	} else if (why && !(*why = last_line(err))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = 0;
done:
	scratch_close(&s);
	free(out);
	free(err);
	return rc;
}

int pact_review__ssh_find_principal(char **principal, const char *allowed, size_t alen,
                                    const char *armor, size_t armor_len)
{
	scratch s;
	const char *sp = NULL, *ap = NULL;
	char *out = NULL, *err = NULL;
	int rc, status = 0;

	*principal = NULL;
	if ((rc = scratch_open(&s)) < 0)
		return rc;
	if ((rc = scratch_put(&sp, &s, "sig", armor, armor_len)) < 0 ||
	    (rc = scratch_put(&ap, &s, "allowed", allowed, alen)) < 0)
		goto done;
	{
		char *argv[] = {"ssh-keygen", "-Y", "find-principals", "-f",
		                (char *)ap,   "-s", (char *)sp,        NULL};
		rc = run_keygen(&status, &out, &err, &s, argv, NULL);
	}
	if (rc < 0)
		goto done;
	if (status != 0 || !out[0] || out[0] == '\n') {
		rc = 0;
		goto done;
	}
	out[strcspn(out, "\n")] = '\0';
	*principal = out;
	out = NULL;
	rc = 1;
done:
	scratch_close(&s);
	free(out);
	free(err);
	return rc;
}
