/*
 * store_error.c - libgit2's last error as a libpact error
 * (pact_error_from_git, error.h). Apart from error.c because it is the one
 * piece of the error code that calls libgit2: it belongs with the store,
 * in the repository module the pact executable loads only when a command
 * needs a repository (src/cli/store_module.c).
 */
#include "pact/error.h"

#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <string.h>

#include "pact/i18n.h"
#include "store_internal.h"

#define MESSAGE_MAX 1024

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
