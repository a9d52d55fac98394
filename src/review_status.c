/*
 * review_status.c - the judgement: where a year's text stands against the
 * approval records of its review. The same function serves `review
 * status`, `review merge`, `review check` and the server hook, so all of
 * them apply one rule. It never trusts a record beyond what it can check.
 */
#include "pact/review.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "pact/error.h"
#include "review_internal.h"

/* ---- approvals -------------------------------------------------------- */

void review_approval_clear(pact_approval *a)
{
	free(a->member);
	free(a->name);
	free(a->email);
	memset(a, 0, sizeof(*a));
}

/* Parse an approval record; -1 when it is not one (ignored). */
int review_parse_approval(pact_approval *a, const char *rec)
{
	char *member = review_hdr_get(rec, "member"), *blob = review_hdr_get(rec, "blob"),
	     *commit = review_hdr_get(rec, "commit"), *sig = review_hdr_get(rec, "approver");
	int rc = -1;

	memset(a, 0, sizeof(*a));
	if (!review_is_slug(member) || !review_is_hex_oid(blob))
		goto done;
	if (review_parse_sig(sig, &a->name, &a->email, &a->time, &a->offset) < 0)
		goto done;
	memcpy(a->blob, blob, sizeof(a->blob));
	if (review_is_hex_oid(commit))
		memcpy(a->commit, commit, sizeof(a->commit));
	a->member = member;
	member = NULL;
	rc = 0;
done:
	free(member);
	free(blob);
	free(commit);
	free(sig);
	return rc;
}

static void approval_move(pact_approval *dst, pact_approval *src)
{
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

void pact_review_status_free(pact_review_status *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nmembers; i++) {
		free(s->members[i].id);
		free(s->members[i].name);
		review_approval_clear(&s->members[i].approval);
	}
	for (size_t i = 0; i < s->nstrangers; i++)
		review_approval_clear(&s->strangers[i]);
	free(s->members);
	free(s->strangers);
	free(s->branch);
	free(s);
}

int pact_review_complete(const pact_review_status *s)
{
	return s && s->valid && s->nmembers > 0 && s->napproved == s->nmembers;
}

char *pact_review_missing_list(const pact_review_status *s)
{
	pact_buf b = {0};
	static const char *why[] = {"not yet approved", "", "approval out of date",
	                            "approved by an identity not in its approvers"};
	for (size_t i = 0; i < s->nmembers; i++) {
		const pact_review_member *m = &s->members[i];
		if (m->state == PACT_APPROVAL_CURRENT)
			continue;
		pact_buf_printf(&b, "%s%s (%s)", b.len ? ", " : "", m->id, why[m->state]);
	}
	return pact_buf_detach(&b, NULL);
}

int pact_review_evaluate(pact_review_status **out, pact_store *store, int year,
                         const git_oid *content, const git_oid *reviews)
{
	git_repository *repo = pact_store_repo(store);
	pact_review_status *s = NULL;
	pact_doc *doc = NULL, *prev = NULL;
	git_commit *rc_commit = NULL;
	git_tree *rtree = NULL, *atree = NULL;
	git_tree_entry *ae = NULL;
	char path[32], rref[48], *rec = NULL, *v = NULL;
	git_oid blob, rtip, pblob;
	int rc, have_review = 0;

	*out = NULL;
	if ((rc = review_check_year(year)) < 0)
		goto done;
	s = calloc(1, sizeof(*s));
	if (!s) {
		rc = review_oom();
		goto done;
	}
	s->year = year;
	s->from_year = year - 1;
	git_oid_tostr(s->commit, sizeof(s->commit), content);
	rc = review_year_blob(&blob, repo, content, year);
	if (rc < 0)
		goto done;
	git_oid_tostr(s->blob, sizeof(s->blob), &blob);
	pact_store_year_path(path, year);
	rc = review_load_blob(&doc, NULL, repo, &blob, path);
	if (rc < 0)
		goto done;
	s->valid = doc != NULL;

	if (reviews) {
		git_oid_cpy(&rtip, reviews);
		have_review = 1;
	} else {
		pact_review_ref(rref, year);
		rc = review_ref_tip(&rtip, repo, rref);
		if (rc < 0)
			goto done;
		have_review = rc;
	}
	if (have_review) {
		rc = review_read_file(&rec, repo, &rtip, "review");
		if (rc < 0)
			goto done;
		if (rc > 0) {
			v = review_hdr_get(rec, "from");
			if (v && strlen(v) == 4 && atoi(v) >= 1000)
				s->from_year = atoi(v);
			free(v);
			s->branch = review_hdr_get(rec, "branch");
		}
		free(rec);
		rec = NULL;
		rc = review_read_file(&rec, repo, &rtip, "adopted");
		if (rc < 0)
			goto done;
		if (rc > 0) {
			v = review_hdr_get(rec, "commit");
			if (review_is_hex_oid(v))
				memcpy(s->adopted, v, sizeof(s->adopted));
			free(v);
		}
		v = NULL;
		free(rec);
		rec = NULL;
	}

	if (doc) {
		s->members = calloc(doc->nmembers, sizeof(*s->members));
		if (!s->members) {
			rc = review_oom();
			goto done;
		}
		s->nmembers = doc->nmembers;
		for (size_t i = 0; i < doc->nmembers; i++) {
			s->members[i].id = pact_strdup0(doc->members[i].id);
			s->members[i].name = pact_strdup0(doc->members[i].name);
			if (!s->members[i].id || !s->members[i].name) {
				rc = review_oom();
				goto done;
			}
		}
	}

	/* Approvals: one file per member under approvals/. */
	if (have_review) {
		rc = git_commit_lookup(&rc_commit, repo, &rtip);
		if (rc == 0)
			rc = git_commit_tree(&rtree, rc_commit);
		if (rc < 0) {
			rc = pact_error_from_git(rc, "cannot read review");
			goto done;
		}
		rc = git_tree_entry_bypath(&ae, rtree, "approvals");
		if (rc == 0 && git_tree_entry_type(ae) == GIT_OBJECT_TREE)
			rc = git_tree_lookup(&atree, repo, git_tree_entry_id(ae));
		else if (rc == 0 || rc == GIT_ENOTFOUND)
			rc = 0;
		if (rc < 0) {
			rc = pact_error_from_git(rc, "cannot read approvals");
			goto done;
		}
		pact_error_clear();
	}
	for (size_t i = 0; atree && i < git_tree_entrycount(atree); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(atree, i);
		git_blob *b = NULL;
		pact_approval a;
		pact_review_member *m = NULL;

		if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || i >= PACT_MAX_MEMBERS * 4)
			continue;
		if (git_blob_lookup(&b, repo, git_tree_entry_id(e)) < 0 ||
		    git_blob_rawsize(b) > PACT_REVIEW_MAX_RECORD_BYTES) {
			git_blob_free(b);
			pact_error_clear();
			continue;
		}
		rec = malloc((size_t)git_blob_rawsize(b) + 1);
		if (!rec) {
			git_blob_free(b);
			rc = review_oom();
			goto done;
		}
		memcpy(rec, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
		rec[git_blob_rawsize(b)] = '\0';
		git_blob_free(b);
		rc = review_parse_approval(&a, rec);
		free(rec);
		rec = NULL;
		/* The file name is the member: a record filed under another
		 * name is not an approval for either. */
		if (rc < 0 || strcmp(a.member, git_tree_entry_name(e)) != 0) {
			if (rc == 0)
				review_approval_clear(&a);
			continue;
		}
		for (size_t k = 0; k < s->nmembers; k++)
			if (!strcmp(s->members[k].id, a.member))
				m = &s->members[k];
		if (!m) {
			pact_approval *p = realloc(s->strangers, (s->nstrangers + 1) * sizeof(*p));
			if (!p) {
				review_approval_clear(&a);
				rc = review_oom();
				goto done;
			}
			s->strangers = p;
			approval_move(&s->strangers[s->nstrangers++], &a);
			continue;
		}
		if (!review_may_approve(pact_doc_member(doc, a.member), a.email))
			m->state = PACT_APPROVAL_NOT_ALLOWED;
		else if (!strcmp(a.blob, s->blob))
			m->state = PACT_APPROVAL_CURRENT;
		else
			m->state = PACT_APPROVAL_STALE;
		approval_move(&m->approval, &a);
	}
	for (size_t k = 0; k < s->nmembers; k++)
		if (s->members[k].state == PACT_APPROVAL_CURRENT)
			s->napproved++;

	/* The previous year, as it stands in the same commit. */
	if (doc && review_year_blob(&pblob, repo, content, s->from_year) == 0) {
		pact_store_year_path(path, s->from_year);
		rc = review_load_blob(&prev, NULL, repo, &pblob, path);
		if (rc < 0)
			goto done;
	}
	pact_error_clear();
	rc = review_diff_summary(&s->summary, prev, doc);
	if (rc < 0)
		goto done;
	*out = s;
	s = NULL;
	rc = 0;
done:
	pact_review_status_free(s);
	pact_doc_free(doc);
	pact_doc_free(prev);
	git_tree_entry_free(ae);
	git_tree_free(atree);
	git_tree_free(rtree);
	git_commit_free(rc_commit);
	free(rec);
	return rc;
}

int pact_review_status_get(pact_review_status **out, pact_store *store, int year)
{
	git_repository *repo = pact_store_repo(store);
	char dref[48];
	git_oid tip;
	int rc;

	*out = NULL;
	if ((rc = review_check_year(year)) < 0)
		return rc;
	pact_review_draft_ref(dref, year);
	rc = review_ref_tip(&tip, repo, dref);
	if (rc == 0)
		return pact_error_set(PACT_ENOTFOUND,
		                      "no draft for %04d; start one with 'pact review open %04d'",
		                      year, year);
	if (rc < 0)
		return rc;
	rc = pact_review_evaluate(out, store, year, &tip, NULL);
	if (rc == 0 && !(*out)->branch)
		(*out)->branch = pact_strdup0(dref);
	if (rc == 0 && !(*out)->branch) {
		pact_review_status_free(*out);
		*out = NULL;
		return review_oom();
	}
	return rc;
}

/* Which member `who` approves for: the given one, or the only member whose
 * approvers: names who's e-mail. */
