/*
 * store_error.c - libgit2's last error as a libpact error
 * (pact_error_from_git, error.h). Apart from error.c because it is the one
 * piece of the error code that calls libgit2: it belongs with the store,
 * in the repository module the pact executable loads only when a command
 * needs a repository (src/cli/store_module.c). It also rewords libgit2's
 * most common messages (git_says), which no catalogue translates.
 */
#include "pact/error.h"

#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <string.h>

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
        {"failed to lock file '%s' for writing",
         /* xgettext:c-format */ N_("cannot lock '%s' for writing")},
};

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

int pact_error_from_git(int git_code, const char *what)
{
	int saved_errno = errno;
	const git_error *e = git_error_last();
	int code = git_code == GIT_ENOTFOUND ? PACT_ENOTFOUND : PACT_EGIT;
	char msg[MESSAGE_MAX];

	what = pact__(pact_i18n_lang(), what); /* an msgid too */

	/* An object the repository refers to but does not have is damage to
	 * the repository (exit 3), not a user's typo. */
	if (code == PACT_ENOTFOUND && e && e->klass == GIT_ERROR_ODB)
		code = PACT_EGIT;
	/* git_error_last() may be NULL on libgit2 1.5 (a failed write of a
	 * loose object, for one): a full disk still says so. Its text starts
	 * with an upper-case letter now and then: keep ours in git's style. */
	if (e && e->message && e->klass == GIT_ERROR_ZLIB && pact_store__odb_last_read()[0])
		/* a damaged pack: libgit2 says only "error inflating zlib stream" */
		snprintf(msg, sizeof(msg),
		         pact__(pact_i18n_lang(), "object %s is corrupt (%s); restore it from "
		                                  "another copy of the store "
		                                  "('git fsck' lists what is damaged)"),
		         pact_store__odb_last_read(), e->message);
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
