/*
 * fuzz_review.c - libFuzzer target: the review's record parsers on any
 * bytes, as they come from a review ref someone else pushed.
 *
 * The input is one record file (approval, revocation or comment), read as
 * pact_review__read_file reads it: at most PACT_REVIEW_MAX_RECORD_BYTES, cut at
 * the first NUL. It goes through pact_review__parse_approval, the signature
 * check's armor split (pact_review__check_signature with no allowed_signers, so
 * no ssh-keygen runs) and pact_review__parse_comment (on the general thread or
 * on a clause, by the input's length). Promises checked (abort() when
 * broken):
 *   - a parsed approval has a member that is a slug or "_board", a blob of
 *     40 lowercase hex digits, a commit that is that or empty, a name and
 *     an e-mail, and `revoked` exactly when a "revoke" header is there;
 *     a record that is not one leaves nothing allocated;
 *   - a record counts as signed exactly when its body starts with the SSH
 *     armor line;
 *   - a parsed comment has a name, an e-mail, the record's body as its
 *     text, its thread's clause (NULL for the general one);
 *   - what pact would write back from a parsed approval or comment (when
 *     the identity is one pact accepts) parses to the same values: the
 *     writer and the reader agree.
 *
 * Replayed by tests/test_fuzz_regressions.c through pact_fuzz_review.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "../../src/review/review.h"
#include "pact/error.h"

int pact_fuzz_review(const uint8_t *data, size_t size);

static int fz_str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Append the identity line pact writes for (name, email, time, offset);
 * -1 when pact could not have written it: an identity pact_review__check_sig
 * refuses, or one libgit2 would not make a signature of, or a time zone
 * beyond +-14:59 (git's parser reads a larger one as +0000, and pact only
 * writes the zones of real clocks). */
static int fz_sig_line(pact_buf *b, const char *name, const char *email, git_time_t t, int off)
{
	git_signature *s = NULL;
	int ok;

	if (t < 0 || off < -(14 * 60 + 59) || off > 14 * 60 + 59 ||
	    git_signature_new(&s, name, email, t, off) < 0) {
		pact_error_clear();
		return -1;
	}
	/* git_signature_new trims; only an identity that survives unchanged is
	 * one pact could have written */
	ok = pact_review__check_sig(s) == 0 && !strcmp(s->name, name) && !strcmp(s->email, email);
	pact_error_clear();
	if (ok)
		pact_review__sb_sig(b, s);
	git_signature_free(s);
	return ok ? 0 : -1;
}

static void fz_check_approval(const char *rec)
{
	pact_approval a, again;
	char *revoke = pact_review__hdr_get(rec, "revoke");
	pact_buf b = {0};

	if (pact_review__parse_approval(&a, rec) < 0) {
		if (a.member || a.name || a.email || a.sig_reason)
			abort(); /* "not a record" must leave nothing behind */
		free(revoke);
		return;
	}
	if (!(pact_review__is_slug(a.member) || !strcmp(a.member, PACT_REVIEW_BOARD)) ||
	    !pact_review__is_hex_oid(a.blob) ||
	    (a.commit[0] && !pact_review__is_hex_oid(a.commit)) || !a.name || !a.email ||
	    a.revoked != (revoke != NULL))
		abort();
	/* written back as review_approve.c's build_record writes it */
	pact_buf__printf(&b, "member %s\n%sblob %s\ncommit %s\napprover ", a.member,
	                 a.revoked ? "revoke yes\n" : "", a.blob, a.commit);
	if (fz_sig_line(&b, a.name, a.email, a.time, a.offset) == 0 && !b.oom) {
		pact_buf__puts(&b, "\n");
		if (b.oom || pact_review__parse_approval(&again, b.ptr) < 0)
			abort();
		if (strcmp(again.member, a.member) || strcmp(again.blob, a.blob) ||
		    strcmp(again.commit, a.commit) || strcmp(again.name, a.name) ||
		    strcmp(again.email, a.email) || again.time != a.time ||
		    again.offset != a.offset || again.revoked != a.revoked)
			abort();
		pact_review__approval_clear(&again);
	}
	free(b.ptr);
	free(revoke);
	pact_review__approval_clear(&a);
}

static void fz_check_armor(const char *rec)
{
	pact_approval a;
	review_trust t;
	const char *body = pact_review__rec_body(rec);
	int armored =
	        body != rec && !strncmp(body, PACT_SSH_ARMOR_BEGIN, strlen(PACT_SSH_ARMOR_BEGIN));

	memset(&a, 0, sizeof(a));
	memset(&t, 0, sizeof(t));
	if (pact_review__check_signature(&a, &t, rec) != 0 ||
	    a.sig != (armored ? PACT_SIG_UNCHECKED : PACT_SIG_NONE) || a.sig_reason)
		abort();
}

static void fz_comment_clear(pact_comment *c)
{
	free(c->clause);
	free(c->name);
	free(c->email);
	free(c->text);
	memset(c, 0, sizeof(*c));
}

static void fz_check_comment(const char *rec, const char *thread)
{
	pact_comment c, again;
	pact_buf b = {0};
	int general = !strcmp(thread, "_general");
	int rc = pact_review__parse_comment(&c, thread, rec);

	if (rc < 0)
		return; /* out of memory: not a finding */
	if (rc > 0) {
		if (c.clause || c.name || c.email || c.text)
			abort();
		return;
	}
	if (!c.name || !c.email || !c.text || strcmp(c.text, pact_review__rec_body(rec)) ||
	    (general ? c.clause != NULL : !fz_str_eq(c.clause, thread)) ||
	    (c.blob[0] && !pact_review__is_hex_oid(c.blob)))
		abort();
	/* written back as pact_review_comment writes it */
	if (!general)
		pact_buf__printf(&b, "clause %s\n", thread);
	pact_buf__printf(&b, "blob %s\nauthor ", c.blob[0] ? c.blob : "0");
	if (fz_sig_line(&b, c.name, c.email, c.time, c.offset) == 0) {
		pact_buf__puts(&b, "\n\n");
		pact_buf__puts(&b, c.text);
		if (b.oom)
			goto done;
		if (pact_review__parse_comment(&again, thread, b.ptr) != 0)
			abort();
		if (strcmp(again.text, c.text) || strcmp(again.name, c.name) ||
		    strcmp(again.email, c.email) || again.time != c.time ||
		    again.offset != c.offset || strcmp(again.blob, c.blob) ||
		    !fz_str_eq(again.clause, c.clause))
			abort();
		fz_comment_clear(&again);
	}
done:
	free(b.ptr);
	fz_comment_clear(&c);
}

int pact_fuzz_review(const uint8_t *data, size_t size)
{
	static int git_ready;
	char *rec;

	if (size > PACT_REVIEW_MAX_RECORD_BYTES)
		return 0; /* pact_review__read_file ignores such a file */
	if (!git_ready) {
		git_libgit2_init(); /* signatures are parsed by libgit2 */
		git_ready = 1;
	}
	rec = malloc(size + 1);
	if (!rec)
		return 0;
	memcpy(rec, data, size);
	rec[size] = '\0';
	fz_check_approval(rec);
	fz_check_armor(rec);
	fz_check_comment(rec, size & 1 ? "khen-thuong" : "_general");
	free(rec);
	pact_error_clear();
	return 0;
}

#ifndef PACT_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pact_fuzz_review(data, size);
}
#endif
