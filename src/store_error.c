/*
 * store_error.c - libgit2's last error as a libpact error
 * (pact_error_from_git, error.h). Apart from error.c because it is the one
 * piece of the error code that calls libgit2: it belongs with the store.
 * It also rewords libgit2's most common messages (git_says), which no
 * catalogue translates.
 */
#include "pact/error.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "store_internal.h"

#define MESSAGE_MAX 1024

/* What libgit2 says most often to someone using pact (a remote that
 * cannot be reached, a login, a lock), in pact's words and so in the
 * user's language: libgit2 has no catalogue, and "unsupported URL
 * protocol" for a mistyped path tells an officer nothing. In a pattern each
 * %s stands for the shortest text up to the literal after it; the last one
 * for the rest up to the pattern's end. The message keeps its %s in order. */
static const struct {
	const char *git, *ours;
} git_says[] = {
        /* TRANSLATORS: libgit2 said "unsupported URL protocol" */
        {"unsupported URL protocol",
         N_("no repository at that path, and not an address pact can reach (https://, "
            "ssh://, git://)")},
        {"failed to resolve address for %s: %s",
         /* xgettext:c-format */
         N_("cannot find the server '%s' (%s); check the remote's address and the network "
            "connection")},
        {"failed to connect to %s",
         /* xgettext:c-format */ N_("cannot connect to %s; check the network connection")},
        {"authentication required but no callback set",
         N_("the remote asks for a login pact cannot give (pact logs in with an ssh key "
            "from ssh-agent, never with a password)")},
        {"too many redirects or authentication replays",
         N_("the remote refused the login (or redirected too many times)")},
        {"Failed to authenticate SSH session: %s",
         /* xgettext:c-format */
         N_("the remote refused the ssh key: %s (is the key loaded in ssh-agent?)")},
        {"unexpected http status code: %s",
         /* xgettext:c-format */ N_("the server answered with HTTP status %s")},
        {"the SSL certificate is invalid: %s",
         /* xgettext:c-format */
         N_("the server's certificate is not valid (%s); pact will not exchange pacts "
            "with it")},
        {"early EOF", N_("the connection was cut before the transfer finished; try again")},
        {"cannot write object file '%s': %s",
         /* xgettext:c-format */ N_("cannot write the object file '%s': %s")},
        {"failed to lock file '%s' for writing",
         /* xgettext:c-format */ N_("cannot lock '%s' for writing")},
};

/* The repository the calling thread opened last (pact_store__error_repo):
 * what a missing object means depends on it (a shallow clone, a partial
 * clone, or damage). */
static _Thread_local git_repository *noted_repo;

/* pact_store__lib_failed's message, until a network error takes it. */
static _Thread_local char lib_failure[MESSAGE_MAX];

void pact_store__lib_failed(const char *msg)
{
	snprintf(lib_failure, sizeof(lib_failure), "%s", msg ? msg : "");
}

void pact_store__error_repo(git_repository *repo, int open)
{
	if (open)
		noted_repo = repo;
	else if (noted_repo == repo)
		noted_repo = NULL;
}

/* Whether libgit2's message s fits `pat`; its %s parts into cap[]. */
static int git_match(const char *pat, const char *s, char cap[2][MESSAGE_MAX / 2])
{
	int k = 0;

	for (;;) {
		const char *w = strstr(pat, "%s");
		size_t lit = w ? (size_t)(w - pat) : strlen(pat), n;
		if (strncmp(s, pat, lit) != 0)
			return 0;
		s += lit;
		if (!w)
			return *s == '\0';
		if (k == 2)
			return 0;
		pat = w + 2;
		w = strstr(pat, "%s");
		lit = w ? (size_t)(w - pat) : strlen(pat);
		if (w) { /* up to the first occurrence of the literal between */
			char sep[64];
			const char *at;
			if (!lit || lit >= sizeof(sep))
				return 0;
			memcpy(sep, pat, lit);
			sep[lit] = '\0';
			if (!(at = strstr(s, sep)))
				return 0;
			n = (size_t)(at - s);
		} else { /* the rest, less the pattern's last words */
			size_t len = strlen(s);
			if (len < lit || strcmp(s + len - lit, pat) != 0)
				return 0;
			n = len - lit;
		}
		if (n >= MESSAGE_MAX / 2)
			n = MESSAGE_MAX / 2 - 1;
		memcpy(cap[k], s, n);
		cap[k++][n] = '\0';
		s += n;
	}
}

/* libgit2's message in pact's words when it is one of git_says, else as
 * it is; into msg (n bytes). */
static void git_words(char *msg, size_t n, const char *said_in)
{
	static _Thread_local char cap[2][MESSAGE_MAX / 2], said[MESSAGE_MAX];
	size_t len;

	/* "...: " when libgit2 appends an empty strerror() */
	snprintf(said, sizeof(said), "%s", said_in);
	len = strlen(said);
	while (len > 0 && strchr("\n.: ", said[len - 1]))
		said[--len] = '\0';
	for (size_t i = 0; i < sizeof(git_says) / sizeof(git_says[0]); i++) {
		cap[0][0] = cap[1][0] = '\0';
		if (!git_match(git_says[i].git, said, cap))
			continue;
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
		/* the msgid holds the pattern's %s, in order */
		snprintf(msg, n, pact__(pact_i18n_lang(), git_says[i].ours), cap[0], cap[1]);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
		return;
	}
	snprintf(msg, n, "%s", said);
}

/* A git feature libgit2 1.5 refuses to read, in pact's words: what it is,
 * that nothing was changed, and the git command that turns it off where
 * there is one. The index's mandatory extensions are the split index
 * ('link') and the sparse index ('sdir'); a repository of format 1 may
 * name only the extensions libgit2 knows ("noop"). */
static const struct {
	const char *said, *ours;
} features[] = {
        {"unsupported mandatory extension: 'link'",
         N_("the index is split in two files (git's split index, core.splitIndex), "
            "which pact cannot read; nothing was changed. To use pact in this store, "
            "turn it off with: git config core.splitIndex false && git update-index "
            "--no-split-index")},
        {"unsupported mandatory extension: 'sdir'",
         N_("the index is a sparse index (git sparse-checkout --sparse-index), which "
            "pact cannot read; nothing was changed. To use pact in this store, turn it "
            "off with: git sparse-checkout init --no-sparse-index")},
        {"invalid data in index",
         N_("the index (.git/index) is damaged; nothing was changed. Rebuild it from the "
            "last commit with: rm .git/index && git reset (what was staged with git add "
            "is unstaged; no file is changed)")},
        {"unsupported extension name extensions.objectformat",
         N_("the store names its objects with SHA-256 (extensions.objectFormat), which "
            "pact cannot read; nothing was changed. pact needs a store that uses SHA-1: "
            "create one with 'pact init' and commit the pacts into it")},
        {"unsupported extension name extensions.worktreeconfig",
         N_("the store keeps settings for each work tree apart "
            "(extensions.worktreeConfig), which pact cannot read; nothing was changed. "
            "If no config.worktree file in .git holds a setting you need, turn it off "
            "with: git config --unset extensions.worktreeConfig")},
        {"unsupported extension name extensions.refstorage",
         N_("the store keeps its branches in a reftable (extensions.refStorage), which "
            "pact cannot read; nothing was changed. To use pact in this store, convert "
            "it with: git refs migrate --ref-format=files")},
        {"unsupported extension name extensions.partialclone",
         N_("the store is a partial clone (extensions.partialClone), which pact cannot "
            "read; nothing was changed. Fetch everything and turn it off with: git fetch "
            "--refetch --no-filter && git config --unset extensions.partialClone")},
};

/* libgit2's refusal of a store feature into msg: 1, or 0 when `said` is
 * none of them. */
static int feature_words(char *msg, size_t n, const char *said)
{
	static const char ext[] = "unsupported extension name ",
	                  idx[] = "unsupported mandatory extension: '";
	pact_lang lang = pact_i18n_lang();
	int v;

	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (!strncmp(said, features[i].said, strlen(features[i].said))) {
			snprintf(msg, n, "%s", pact__(lang, features[i].ours));
			return 1;
		}
	if (!strncmp(said, ext, sizeof(ext) - 1))
		snprintf(msg, n,
		         pact__(lang, "the store uses a git feature pact cannot read (%s); nothing "
		                      "was changed"),
		         said + sizeof(ext) - 1);
	else if (!strncmp(said, idx, sizeof(idx) - 1))
		snprintf(msg, n,
		         pact__(lang, "the index uses a git feature pact cannot read (index "
		                      "extension '%.4s'); nothing was changed"),
		         said + sizeof(idx) - 1);
	else if (sscanf(said, "unsupported repository version %d", &v) == 1)
		snprintf(msg, n,
		         pact__(lang, "the store is in a newer git format "
		                      "(core.repositoryformatversion %d) than pact can read; "
		                      "nothing was changed"),
		         v);
	else
		return 0;
	return 1;
}

/* Nonzero when `dir` (an objects/pack directory) has a .promisor file:
 * a partial clone's packs, whose missing objects git fetches on demand. */
static int has_promisor_pack(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	while (d && !found && (e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		found = l > 9 && !strcmp(e->d_name + l - 9, ".promisor");
	}
	if (d)
		closedir(d);
	return found;
}

/* An object libgit2 did not find (`hex`, after libgit2 and store_odb.c
 * looked again), in words that say why it may be missing: into msg. */
static void missing_words(char *msg, size_t n, const char *hex)
{
	pact_lang lang = pact_i18n_lang();
	const char *cd = noted_repo ? git_repository_commondir(noted_repo) : NULL;
	char *shallow = cd ? pact_store__join2(cd, "shallow") : NULL;
	char *pack = cd ? pact_store__join2(cd, "objects/pack") : NULL;
	struct stat st;

	if (shallow && lstat(shallow, &st) == 0)
		snprintf(msg, n,
		         pact__(lang, "object %s is not in this store: it is a shallow clone, "
		                      "which has only the latest history; nothing was changed. "
		                      "Fetch the rest with: git fetch --unshallow"),
		         hex);
	else if (pack && has_promisor_pack(pack))
		snprintf(msg, n,
		         pact__(lang, "object %s is not in this store: it is a partial clone, "
		                      "whose older objects git fetches only when it needs them, "
		                      "and pact cannot; nothing was changed. Fetch them all with: "
		                      "git fetch --refetch --no-filter"),
		         hex);
	else
		snprintf(msg, n,
		         pact__(lang, "object %s is missing from the store, which is damaged "
		                      "(a 'git gc --prune=now' or 'git prune' run while pact or "
		                      "git was writing can do this); nothing was changed. 'git "
		                      "fsck' lists what is damaged: restore it from another copy "
		                      "of the store"),
		         hex);
	free(shallow);
	free(pack);
}

/* The id in libgit2's "object not found - no match for id (HEX)" (and
 * "cannot read header for (HEX)") into hex; 1 found, 0 not that message. */
static int missing_id(char hex[GIT_OID_HEXSZ + 1], const char *said)
{
	const char *open = strrchr(said, '(');
	size_t l;

	if (strncmp(said, "object not found - ", 19) != 0 || !open)
		return 0;
	l = strspn(open + 1, "0123456789abcdef");
	if (l != GIT_OID_HEXSZ || open[1 + l] != ')')
		return 0;
	memcpy(hex, open + 1, l);
	hex[l] = '\0';
	return 1;
}

/* What each libgit2 error pact can meet becomes (the disk-space hint of a
 * failed commit, store_commit.c, is added only to messages that do not
 * say "nothing was changed"):
 * - ODB, not found: a shallow or partial clone, else damage (missing_words);
 *   ZLIB after a read: that object is corrupt; a damaged loose object is
 *   named by store_odb.c's guard.
 * - INDEX: split/sparse index and other mandatory extensions, a damaged
 *   index (features[]); REPOSITORY: extensions and format versions
 *   libgit2 1.5 refuses (features[]).
 * - NET, SSH, HTTP, SSL: the network's common words (git_says[]).
 * - a lock held (GIT_ELOCKED, "failed to lock file"): whose it may be and
 *   what to do; GIT_EOWNER is store.c's (safe.directory).
 * - OS without a message (libgit2 1.5, a failed write): strerror of a full
 *   disk, a quota or a read-only file system; else libgit2's own words. */
int pact_error_from_git(int git_code, const char *what)
{
	int saved_errno = errno;
	const git_error *e = git_error_last();
	int code = git_code == GIT_ENOTFOUND ? PACT_ENOTFOUND : PACT_EGIT;
	char msg[MESSAGE_MAX], hex[GIT_OID_HEXSZ + 1];

	what = pact__(pact_i18n_lang(), what); /* an msgid too */

	/* An object the repository refers to but does not have is damage to
	 * the repository (exit 3), not a user's typo. */
	if (code == PACT_ENOTFOUND && e && e->klass == GIT_ERROR_ODB)
		code = PACT_EGIT;
	/* git_error_last() may be NULL on libgit2 1.5 (a failed write of a
	 * loose object, for one): a full disk still says so. Its text starts
	 * with an upper-case letter now and then: keep ours in git's style. */
	if (lib_failure[0] && e &&
	    (e->klass == GIT_ERROR_NET || e->klass == GIT_ERROR_SSH ||
	     e->klass == GIT_ERROR_HTTP)) {
		/* a library this remote needs is missing (src/gitlink/lazy.c) */
		snprintf(msg, sizeof(msg), "%s", lib_failure);
		lib_failure[0] = '\0';
	} else if (e && e->message && e->klass == GIT_ERROR_ZLIB && pact_store__odb_last_read()[0])
		/* a damaged pack: libgit2 says only "error inflating zlib stream" */
		snprintf(msg, sizeof(msg),
		         pact__(pact_i18n_lang(), "object %s is corrupt (%s); nothing was changed. "
		                                  "Restore it from another copy of the store "
		                                  "('git fsck' lists what is damaged)"),
		         pact_store__odb_last_read(), e->message);
	else if (e && e->message && feature_words(msg, sizeof(msg), e->message))
		; /* a git feature pact cannot read */
	else if (e && e->message && e->klass == GIT_ERROR_ODB && git_code == GIT_ENOTFOUND &&
	         missing_id(hex, e->message))
		missing_words(msg, sizeof(msg), hex);
	else if (e && e->message)
		git_words(msg, sizeof(msg), e->message);
	else if (saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EROFS)
		snprintf(msg, sizeof(msg), "%s", strerror(saved_errno));
	else
		snprintf(msg, sizeof(msg), "%s", pact__(pact_i18n_lang(), "unknown libgit2 error"));
	size_t n = strlen(msg);
	/* "...: " when libgit2 appends an empty strerror() */
	while (n > 0 && strchr("\n.: ", msg[n - 1]))
		msg[--n] = '\0';
	if (git_code == GIT_ELOCKED ||
	    (e && e->message && strstr(e->message, "failed to lock file")))
		return pact_error_set(
		        code,
		        "%s: %s. Another git process seems to be running in this "
		        "repository; wait for it to finish and try again. If none is "
		        "running, one crashed earlier: remove that file and try again",
		        what, msg);
	return pact_error_set(code, "%s: %s", what, msg);
}
