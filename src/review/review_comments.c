/*
 * review_comments.c - comments on a draft: each is its own file under
 * comments/<clause>/ on the review ref, named by time and content hash so
 * racing comments never clash, and listed general thread first, then by
 * clause, each thread oldest first.
 */
#include "pact/review.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "pact/error.h"
#include "pact/utf8.h"
#include "review.h"

/* ---- comments --------------------------------------------------------- */

/* At most this many clause ids are listed when the one asked for is not
 * in the draft. */
#define NO_CLAUSE_LIST 20

/* PACT_ENOTFOUND for a clause the draft does not have, saying what to
 * type: members read "Điều 4" on the paper and type --clause 4, so the
 * clause of that number gives its id; otherwise the draft's ids. */
static int no_clause(const pact_doc *doc, const char *clause, int year)
{
	pact_buf ids = PACT_BUF_INIT;
	const pact_clause *numbered = NULL;
	char *end = NULL;
	long number = strtol(clause, &end, 10);
	int rc;

	for (size_t i = 0; i < doc->nclauses; i++) {
		const pact_clause *c = &doc->clauses[i];
		if (*clause && !*end && c->number == number)
			numbered = c;
		if (i < NO_CLAUSE_LIST)
			pact_buf__printf(&ids, "%s%s", i ? ", " : "", c->id);
	}
	if (doc->nclauses > NO_CLAUSE_LIST)
		pact_buf__puts(&ids, ", ...");
	if (numbered)
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "no clause with the id '%s' in the %04d draft; clause %ld has "
		                    "the id '%s': --clause %s",
		                    clause, year, number, numbered->id, numbered->id);
	else if (ids.oom)
		rc = PACT_ENOMEM;
	else
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "no clause '%s' in the %04d draft; its clauses: %s", clause,
		                    year, ids.ptr ? ids.ptr : "");
	pact_buf__clear(&ids);
	return rc;
}

int pact_review__comment(pact_store *store, int year, const char *clause, const char *text,
                         const git_signature *who)
{
	review_draft d = {0};
	pact_buf rec = {0};
	char *path = NULL, bhex[GIT_OID_HEXSZ + 1], stamp[32], msg[160];
	git_oid h;
	struct tm tm;
	time_t t;
	int rc;

	if ((rc = pact_review__check_year(year)) < 0 || (rc = pact_review__check_sig(who)) < 0)
		goto done;
	if (!text || !*text || strspn(text, " \t\r\n") == strlen(text)) {
		rc = pact_error_set(PACT_EUSAGE, "empty comment");
		goto done;
	}
	if ((rc = pact_utf8_require("the comment", text)) < 0)
		goto done;
	if (strlen(text) > PACT_REVIEW_MAX_COMMENT_BYTES) {
		rc = pact_error_set(PACT_ELIMIT, "comment longer than %u bytes",
		                    PACT_REVIEW_MAX_COMMENT_BYTES);
		goto done;
	}
	rc = pact_review__read_draft(&d, store, year);
	if (rc < 0)
		goto done;
	if (clause) {
		if (!d.doc) {
			rc = pact_error_set(PACT_EREFUSED,
			                    "the %04d draft is not a valid pact; comment "
			                    "on it as a whole",
			                    year);
			goto done;
		}
		if (!pact_doc_clause(d.doc, clause)) {
			rc = no_clause(d.doc, clause, year);
			goto done;
		}
	}
	git_oid_tostr(bhex, sizeof(bhex), &d.blob);
	if (clause)
		pact_buf__printf(&rec, "clause %s\n", clause);
	pact_buf__printf(&rec, "blob %s\nauthor ", bhex);
	pact_review__sb_sig(&rec, who);
	pact_buf__puts(&rec, "\n\n");
	pact_buf__puts(&rec, text);
	if (rec.len && rec.ptr[rec.len - 1] != '\n')
		pact_buf__puts(&rec, "\n");
	if (rec.oom) {
		rc = PACT_ENOMEM;
		goto done;
	}
	/* A name that sorts by time and cannot collide: two comments differ in
	 * author, time or text, so in their hash. */
	t = (time_t)who->when.time;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	rc = git_odb_hash(&h, rec.ptr, rec.len, GIT_OBJECT_BLOB);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot hash comment");
		goto done;
	}
	git_oid_tostr(bhex, 11, &h);
	{
		pact_buf p = {0};
		pact_buf__printf(&p, "comments/%s/%s-%s", clause ? clause : "_general", stamp,
		                 bhex);
		path = pact_buf__detach(&p, NULL);
		if (!path) {
			rc = PACT_ENOMEM;
			goto done;
		}
	}
	snprintf(msg, sizeof(msg), "review: comment on %04d %s", year,
	         clause ? clause : "(general)");
	{
		pact_store_file f = {path, rec.ptr, rec.len};
		rc = pact_review__commit(store, year, &f, 1, msg, who);
	}
done:
	pact_doc_free(d.doc);
	free(rec.ptr);
	free(path);
	return rc;
}

static int cmp_comment(const void *a, const void *b)
{
	const pact_comment *x = a, *y = b;
	int c;
	if (!x->clause != !y->clause)
		return x->clause ? 1 : -1;
	if (x->clause && (c = strcmp(x->clause, y->clause)) != 0)
		return c;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return 0;
}

static void comment_clear(pact_comment *c)
{
	free(c->clause);
	free(c->name);
	free(c->email);
	free(c->text);
}

void pact_comments_free(pact_comments *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++)
		comment_clear(&c->items[i]);
	free(c->items);
	free(c);
}

int pact_review__parse_comment(pact_comment *c, const char *thread, const char *rec)
{
	char *sig = pact_review__hdr_get(rec, "author"), *blob = pact_review__hdr_get(rec, "blob");
	int rc = 1;

	memset(c, 0, sizeof(*c));
	if (pact_review__parse_sig(sig, &c->name, &c->email, &c->time, &c->offset) < 0)
		goto done;
	c->clause = strcmp(thread, "_general") ? pact_alloc__strdup(thread) : NULL;
	c->text = pact_alloc__strdup(pact_review__rec_body(rec));
	if (pact_review__is_hex_oid(blob))
		snprintf(c->blob, sizeof(c->blob), "%s", blob);
	if ((strcmp(thread, "_general") && !c->clause) || !c->text) {
		comment_clear(c);
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = 0;
done:
	free(sig);
	free(blob);
	return rc;
}

typedef struct comment_walk {
	git_repository *repo;
	pact_comments *out;
	size_t cap;
	const char *only; /* NULL: all; "_general"; a clause id */
	int rc;
} comment_walk;

static int on_comment(const char *root, const git_tree_entry *e, void *payload)
{
	comment_walk *w = payload;
	char *rec = NULL, *thread = NULL;
	pact_comment c = {0};
	size_t rl = strlen(root);
	int rc;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	/* root is "comments/<thread>/" */
	if (rl < 11 || strncmp(root, "comments/", 9) != 0 || strchr(root + 9, '/') != root + rl - 1)
		return 0;
	thread = pact_alloc__malloc(rl - 9);
	if (!thread)
		goto oom;
	memcpy(thread, root + 9, rl - 10);
	thread[rl - 10] = '\0';
	if (w->only && strcmp(w->only, thread) != 0) {
		free(thread);
		return 0;
	}
	if (w->out->count >= PACT_REVIEW_MAX_COMMENTS) {
		free(thread);
		return 0;
	}
	/* unreadable or larger than a record: not one pact wrote, skipped */
	rc = pact_store__blob_string(&rec, NULL, w->repo, git_tree_entry_id(e),
	                             PACT_REVIEW_MAX_RECORD_BYTES, "cannot read comment");
	if (rc == PACT_ENOMEM)
		goto oom;
	if (rc <= 0) {
		pact_error_clear();
		goto skip;
	}
	rc = pact_review__parse_comment(&c, thread, rec);
	if (rc > 0)
		goto skip;
	if (rc < 0)
		goto oom;
	{
		pact_comment *p =
		        pact_alloc__grow(w->out->items, &w->cap, w->out->count, sizeof(*p), 16);
		if (!p) {
			comment_clear(&c);
			goto oom;
		}
		w->out->items = p;
	}
	w->out->items[w->out->count++] = c;
	memset(&c, 0, sizeof(c));
skip:
	comment_clear(&c);
	free(rec);
	free(thread);
	return 0;
oom:
	free(rec);
	free(thread);
	w->rc = PACT_ENOMEM;
	return -1;
}

/* No comment on `clause`: PACT_ENOTFOUND, as `review comment` says it,
 * when the draft has no such clause (a mistyped id listed nothing and
 * exited 0, as if nobody had commented); 0 when it has, or the draft
 * cannot tell (gone, or not a valid pact: then there is nothing to say). */
static int check_clause(pact_store *store, int year, const char *clause)
{
	review_draft d = {0};
	int rc = pact_review__read_draft(&d, store, year);

	if (rc == PACT_ENOMEM)
		goto done;
	rc = 0;
	pact_error_clear();
	if (d.doc && !pact_doc_clause(d.doc, clause))
		rc = no_clause(d.doc, clause, year);
done:
	pact_doc_free(d.doc);
	return rc;
}

int pact_review_comments(pact_comments **out, pact_store *store, int year, const char *clause)
{
	git_repository *repo = pact_store__repo(store);
	comment_walk w = {0};
	git_commit *c = NULL;
	git_tree *tree = NULL;
	char rref[48];
	git_oid tip;
	int rc;

	*out = NULL;
	if ((rc = pact_review__check_year(year)) < 0)
		goto done;
	w.repo = repo;
	w.only = clause && !strcmp(clause, "-") ? "_general" : clause;
	w.out = pact_alloc__calloc(1, sizeof(*w.out));
	if (!w.out) {
		rc = PACT_ENOMEM;
		goto done;
	}
	pact_review_ref(rref, year);
	rc = pact_store__ref_tip(&tip, repo, rref);
	if (rc == 0) {
		rc = pact_error_set(PACT_ENOTFOUND, "no review for %04d", year);
		goto done;
	}
	if (rc < 0)
		goto done;
	rc = git_commit_lookup(&c, repo, &tip);
	if (rc == 0)
		rc = git_commit_tree(&tree, c);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read review");
		goto done;
	}
	rc = git_tree_walk(tree, GIT_TREEWALK_PRE, on_comment, &w);
	if (w.rc < 0) {
		rc = w.rc;
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read comments");
		goto done;
	}
	if (w.out->count)
		qsort(w.out->items, w.out->count, sizeof(*w.out->items), cmp_comment);
	else if (clause && strcmp(clause, "-") && (rc = check_clause(store, year, clause)) < 0)
		goto done;
	*out = w.out;
	w.out = NULL;
	rc = 0;
done:
	pact_comments_free(w.out);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}
