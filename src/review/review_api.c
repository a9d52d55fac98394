/*
 * review_api.c - the public review calls with the API's types (pact/oid.h):
 * each converts its signature and ids at the libgit2 boundary
 * (store_git.h) and calls the git-typed form the workflow is written in;
 * and the pre-receive hook's input read into ref updates.
 *
 * Why here: review.c and its siblings build on libgit2 throughout; keeping
 * the conversions in one file keeps them out of every function there.
 */
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#include "pact/review.h"
#include "pact/sanitize.h"
#include "review.h"

int pact_review_open(pact_oid *draft_tip, int *switched, pact_store *store, int year,
                     const pact_signature *who, pact_review_open_opts *opts)
{
	git_signature *w = NULL;
	git_oid tip;
	int rc;

	if ((rc = pact_store__sig_to_git(&w, who, "reviewer")) < 0)
		return rc;
	rc = pact_review__open(&tip, switched, store, year, w, opts);
	if (rc == 0 && draft_tip)
		pact_store__oid_from_git(draft_tip, &tip);
	git_signature_free(w);
	return rc;
}

int pact_review_comment(pact_store *store, int year, const char *clause, const char *text,
                        const pact_signature *who)
{
	git_signature *w = NULL;
	int rc;

	if ((rc = pact_store__sig_to_git(&w, who, "reviewer")) < 0)
		return rc;
	rc = pact_review__comment(store, year, clause, text, w);
	git_signature_free(w);
	return rc;
}

int pact_review_approve_ext(pact_review_receipt **out, pact_store *store, int year,
                            const pact_signature *who, const pact_review_approve_opts *opts)
{
	git_signature *w = NULL;
	int rc;

	if ((rc = pact_store__sig_to_git(&w, who, "reviewer")) < 0)
		return rc;
	rc = pact_review__approve_ext(out, store, year, w, opts);
	git_signature_free(w);
	return rc;
}

int pact_review_revoke_ext(pact_review_receipt **out, pact_store *store, int year,
                           const pact_signature *who, const pact_review_approve_opts *opts)
{
	git_signature *w = NULL;
	int rc;

	if ((rc = pact_store__sig_to_git(&w, who, "reviewer")) < 0)
		return rc;
	rc = pact_review__revoke_ext(out, store, year, w, opts);
	git_signature_free(w);
	return rc;
}

int pact_review_approve(pact_oid *approved, char **member_out, pact_store *store, int year,
                        const char *member, const pact_signature *who)
{
	pact_review_approve_opts o = PACT_REVIEW_APPROVE_OPTS_INIT;
	pact_review_receipt *r = NULL;
	int rc;

	if (member_out)
		*member_out = NULL;
	o.member = member;
	rc = pact_review_approve_ext(&r, store, year, who, &o);
	if (rc == 0 && r->unchanged)
		rc = pact_error_set(PACT_EUNCHANGED,
		                    "'%s' already approved this text of the %04d draft", r->member,
		                    year);
	if (rc == 0 && approved)
		rc = pact_oid_parse(approved, r->blob);
	if (rc == 0 && member_out && !(*member_out = pact_alloc__strdup(r->member)))
		rc = PACT_ENOMEM;
	pact_review_receipt_free(r);
	return rc;
}

int pact_review_revoke(pact_store *store, int year, const char *member, const pact_signature *who)
{
	pact_review_approve_opts o = PACT_REVIEW_APPROVE_OPTS_INIT;
	pact_review_receipt *r = NULL;
	int rc;

	o.member = member;
	rc = pact_review_revoke_ext(&r, store, year, who, &o);
	pact_review_receipt_free(r);
	return rc;
}

int pact_review_evaluate(pact_review_status **out, pact_store *store, int year,
                         const pact_oid *content, const pact_oid *reviews)
{
	git_oid c, r;
	int rc;

	*out = NULL;
	if ((rc = pact_store__oid_to_git(&c, content)) < 0 ||
	    (reviews && (rc = pact_store__oid_to_git(&r, reviews)) < 0))
		return rc;
	return pact_review__evaluate(out, store, year, &c, reviews ? &r : NULL);
}

int pact_review_merge(pact_oid *merge, int *switched, pact_store *store, int year,
                      const pact_signature *who, unsigned flags)
{
	git_signature *w = NULL;
	git_oid id;
	int rc;

	if ((rc = pact_store__sig_to_git(&w, who, "reviewer")) < 0)
		return rc;
	rc = pact_review__merge(&id, switched, store, year, w, flags);
	if (rc == 0 && merge)
		pact_store__oid_from_git(merge, &id);
	git_signature_free(w);
	return rc;
}

int pact_review_check_push(char **report, pact_store *store, const pact_ref_update *updates,
                           size_t n)
{
	pact_review__ref_update *u = NULL;
	int rc = 0;

	*report = NULL;
	u = pact_alloc__calloc(n ? n : 1, sizeof(*u));
	if (!u)
		return PACT_ENOMEM;
	for (size_t i = 0; i < n && rc == 0; i++) {
		u[i].refname = updates[i].refname;
		if ((rc = pact_store__oid_to_git(&u[i].old_id, &updates[i].old_id)) == 0)
			rc = pact_store__oid_to_git(&u[i].new_id, &updates[i].new_id);
	}
	if (rc == 0)
		rc = pact_review__check_push(report, store, u, n);
	free(u);
	return rc;
}

/* ---- a pre-receive hook's standard input ---- */

/* The length of the word at s (up to a blank or the line's end). */
static size_t word_len(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\r' && s[n] != '\n')
		n++;
	return n;
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Longest ref name read, as git's own bound on a path. */
#define MAX_REFNAME 1023

/* The refusal of a line that is not "OLD NEW REFNAME": its first 80
 * bytes, sanitised (the line is the caller's input). */
static int bad_update(const char *line, size_t len)
{
	char *cut = pact_alloc__strndup(line, len < 80 ? len : 80);
	char *shown = cut ? pact_sanitize(cut, PACT_SANITIZE_LINE) : NULL;
	int rc = shown ? pact_error_set(PACT_EUSAGE, "pre-receive: cannot read update '%s'", shown)
	               : PACT_ENOMEM;

	free(cut);
	free(shown);
	return rc;
}

/* One "OLD NEW REFNAME" line (up to, not including, its newline) into *u
 * and the malloc'ed *name; words after the ref name are ignored. */
static int parse_update(pact_ref_update *u, char **name, const char *line, size_t len)
{
	char hex[2][PACT_OID_HEXSZ + 1];
	const char *p = skip_blanks(line);
	size_t w;

	*name = NULL;
	for (int k = 0; k < 2; k++) {
		w = word_len(p);
		if (w == 0 || w > PACT_OID_HEXSZ)
			goto bad;
		memcpy(hex[k], p, w);
		hex[k][w] = '\0';
		p = skip_blanks(p + w);
	}
	w = word_len(p);
	if (w > MAX_REFNAME)
		return pact_error_set(
		        PACT_EUSAGE, "pre-receive: a ref name of %zu bytes is longer than git's %d",
		        w, MAX_REFNAME);
	if (w == 0 || pact_oid_parse(&u->old_id, hex[0]) < 0 ||
	    pact_oid_parse(&u->new_id, hex[1]) < 0)
		goto bad;
	*name = pact_alloc__strndup(p, w);
	return *name ? 0 : PACT_ENOMEM;
bad:
	return bad_update(line, len);
}

int pact_review_check_push_lines(char **report, pact_store *store, const char *lines)
{
	pact_ref_update *u = NULL;
	char **names = NULL;
	size_t n = 0, ucap = 0, ncap = 0;
	void *p2;
	const char *p = lines ? lines : "";
	int rc = 0;

	*report = NULL;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (n >= PACT_REVIEW_MAX_UPDATES) {
			rc = pact_error_set(PACT_ELIMIT, "more than %d ref updates in one push",
			                    PACT_REVIEW_MAX_UPDATES);
			goto done;
		}
		if (!(p2 = pact_alloc__grow(u, &ucap, n, sizeof(*u), 16)) || (u = p2, 0) ||
		    !(p2 = pact_alloc__grow(names, &ncap, n, sizeof(*names), 16))) {
			rc = PACT_ENOMEM;
			goto done;
		}
		names = p2;
		if ((rc = parse_update(&u[n], &names[n], p, len)) < 0)
			goto done;
		u[n].refname = names[n];
		n++;
		p += len + (nl ? 1 : 0);
	}
	rc = pact_review_check_push(report, store, u, n);
done:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(u);
	return rc;
}
