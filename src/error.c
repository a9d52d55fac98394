/*
 * error.c - the per-thread last error.
 *
 * One fixed buffer per thread: recording an error never allocates, so an
 * out-of-memory failure can still be reported. A new message is formatted
 * aside and then copied in, so it may quote the previous one.
 */
#include "pact/error.h"

#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <string.h>

#include "pact/i18n.h"
#include "store_internal.h"

#define MESSAGE_MAX 1024

static _Thread_local char message[MESSAGE_MAX];
static _Thread_local pact_error last = {0, ""};

const pact_error *pact_error_last(void)
{
	return &last;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
int pact_error_setv(int code, const char *fmt, va_list ap)
{
	/* Format into a second buffer first: a caller may pass the last
	 * message itself as an argument ("%s: more", pact_error_last()->message),
	 * and vsnprintf into the buffer it reads from is undefined. */
	static _Thread_local char next[MESSAGE_MAX];

	/* The message in the process's language: fmt is an English msgid
	 * (xgettext extracts pact_error_set's second argument). */
	vsnprintf(next, sizeof(next), pact__(pact_i18n_lang(), fmt), ap);
	memcpy(message, next, sizeof(message));
	last.code = code;
	last.message = message;
	return code;
}

int pact_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pact_error_setv(code, fmt, ap);
	va_end(ap);
	return code;
}

void pact_error_clear(void)
{
	message[0] = '\0';
	last.code = 0;
	last.message = message;
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
		snprintf(msg, sizeof(msg), "%s", e->message);
	else if (saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EROFS)
		snprintf(msg, sizeof(msg), "%s", strerror(saved_errno));
	else
		snprintf(msg, sizeof(msg), "%s", pact__(pact_i18n_lang(), "unknown libgit2 error"));
	size_t n = strlen(msg);
	/* "...: " when libgit2 appends an empty strerror() */
	while (n > 0 && strchr("\n.: ", msg[n - 1]))
		msg[--n] = '\0';
	if (git_code == GIT_ELOCKED || strstr(msg, "failed to lock file"))
		return pact_error_set(
		        code,
		        "%s: %s. Another git process seems to be running in this "
		        "repository; wait for it to finish and try again. If none is "
		        "running, one crashed earlier: remove that file and try again",
		        what, msg);
	return pact_error_set(code, "%s: %s", what, msg);
}
