/*
 * store_adopted.c - a pact adopted through review stays what was approved.
 *
 * `pact review merge` adopts a year by a merge commit on main and the
 * annotated tag pact/YEAR on it; that commit's pacts/YEAR.yaml is the text
 * every member approved (approvals name the blob, never a commit). A plain
 * commit could afterwards put another text at that path, and the record
 * would still point at the old one. So every commit pact makes (`pact
 * commit`, `import --commit`, several years at once) is judged here, under
 * the store lock and before any object is written: on any branch (main,
 * one made from it since, or one made before the adoption, the draft
 * included), a file that replaces or deletes the adopted text is refused, unless the
 * caller gives a reason (--amend-adopted), which goes into the commit
 * message as trailers next to the adoption it changes.
 *
 * "The text" is the bytes, as everywhere in the store: approvals are bound
 * to a blob id, the server's pre-receive hook judges blobs, and a commit of
 * the same bytes is "nothing to commit". A text that differs only in
 * Unicode normalisation (NFC/NFD) is therefore another text and refused
 * too; the message says that this is all that differs, so the officer
 * knows the adopted file is already the right one. Committing the adopted
 * bytes back (after a git commit replaced them) is always allowed.
 *
 * What is an adoption: the annotated tag pact/YEAR that 'review merge'
 * writes, on a commit whose pacts/YEAR.yaml is the text, and the
 * `adopted` record of the review of YEAR naming that commit and that
 * text. A tag made by hand (`git tag pact/2025`), or one the review does
 * not record, adopts nothing: neither this guard nor `pact log` counts it.
 *
 * Cost: one ref lookup per pact file committed; more only for an adopted
 * year (a tag, a tree entry, the review's record).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "pact/doc.h"
#include "pact/error.h"
#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "pact/sanitize.h"
#include "pact/utf8.h"
#include "store_adopted.h"
#include "store_internal.h"

/* The year of "pacts/YEAR.yaml" written as pact_store_year_path writes it;
 * 0 for any other path. */
static int path_year(const char *path)
{
	char canon[32];
	long y;
	char *end;

	if (strncmp(path, "pacts/", 6) != 0 || path[6] < '0' || path[6] > '9')
		return 0;
	y = strtol(path + 6, &end, 10);
	if (strcmp(end, ".yaml") != 0 || y <= 0 || y > 9999)
		return 0;
	pact_store_year_path(canon, (int)y);
	return strcmp(canon, path) == 0 ? (int)y : 0;
}

/* "YYYY-MM-DD" of a git time, in its own offset. */
static void format_day(char out[16], const git_time *when)
{
	time_t t = (time_t)(when->time + (int64_t)when->offset * 60);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 16, "%Y-%m-%d", &tm))
		snprintf(out, 16, "?");
}

/* The value of line "KEY VALUE" in record `rec` into val (n bytes): 1
 * found, 0 not. */
static int record_value(char *val, size_t n, const char *rec, const char *key)
{
	size_t k = strlen(key);

	for (const char *l = rec; l && *l && *l != '\n'; l = strchr(l, '\n'), l = l ? l + 1 : l) {
		size_t len = strcspn(l, "\n");
		if (len > k && !strncmp(l, key, k) && l[k] == ' ' && len - k - 1 < n) {
			memcpy(val, l + k + 1, len - k - 1);
			val[len - k - 1] = '\0';
			return 1;
		}
	}
	return 0;
}

/* Nonzero when the review of `year` (refs/pact/reviews/YEAR) records the
 * adoption `commit` of text `blob` (its `adopted` record, which 'review
 * merge' writes with the tag): the adoption is the tag pact writes and
 * the record it points to, not any tag of that name. */
static int recorded_adoption(git_repository *repo, int year, const git_oid *commit,
                             const git_oid *blob)
{
	git_reference *ref = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	char rref[48], *rec = NULL, hex[GIT_OID_HEXSZ + 1], v[GIT_OID_HEXSZ + 8];
	size_t len = 0;
	int ok = 0;

	snprintf(rref, sizeof(rref), "refs/pact/reviews/%04d", year);
	if (git_reference_lookup(&ref, repo, rref) < 0 || !git_reference_target(ref) ||
	    git_commit_lookup(&c, repo, git_reference_target(ref)) < 0 ||
	    git_commit_tree(&tree, c) < 0 || git_tree_entry_bypath(&e, tree, "adopted") < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    pact_store__blob_string(&rec, &len, repo, git_tree_entry_id(e), 4096,
	                            "cannot read the adoption record") != 1)
		goto done;
	git_oid_tostr(hex, sizeof(hex), commit);
	ok = record_value(v, sizeof(v), rec, "commit") && !strcmp(v, hex);
	git_oid_tostr(hex, sizeof(hex), blob);
	ok = ok && record_value(v, sizeof(v), rec, "blob") && !strcmp(v, hex);
done:
	pact_error_clear();
	free(rec);
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(c);
	git_reference_free(ref);
	return ok;
}

int pact_store__adopted_read(pact_adopted *out, git_oid *commit, git_oid *blob,
                             git_repository *repo, int year)
{
	git_reference *ref = NULL, *resolved = NULL;
	git_object *target = NULL, *peeled = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	char tref[48], path[32];
	git_time when = {0, 0, 0};
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(tref, sizeof(tref), "refs/tags/pact/%04d", year);
	pact_store_year_path(path, year);
	rc = git_reference_lookup(&ref, repo, tref);
	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) {
		rc = 0;
		goto done;
	}
	/* the object the tag ref names: the annotated tag 'review merge'
	 * makes (its date is the adoption's); a lightweight tag (`git tag
	 * pact/2025`, made by hand) adopts nothing */
	if (rc == 0 && git_reference_type(ref) != GIT_REFERENCE_DIRECT)
		rc = git_reference_resolve(&resolved, ref);
	if (rc == 0)
		rc = git_object_lookup(&target, repo,
		                       git_reference_target(resolved ? resolved : ref),
		                       GIT_OBJECT_ANY);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read the adoption tag");
		goto done;
	}
	if (git_object_type(target) == GIT_OBJECT_TAG) {
		const git_signature *t = git_tag_tagger((git_tag *)target);
		if (t)
			when = t->when;
		if (git_object_peel(&peeled, target, GIT_OBJECT_COMMIT) < 0) {
			rc = 0; /* a tag of a tree or blob adopts nothing */
			goto done;
		}
	} else {
		rc = 0;
		goto done;
	}
	if (!when.time)
		when = git_commit_committer((git_commit *)peeled)->when;
	rc = git_commit_tree(&tree, (git_commit *)peeled);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read the adoption commit");
		goto done;
	}
	if (git_tree_entry_bypath(&e, tree, path) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    !recorded_adoption(repo, year, git_object_id(peeled), git_tree_entry_id(e))) {
		rc = 0; /* not an adoption of this year */
		goto done;
	}
	out->year = year;
	snprintf(out->tag, sizeof(out->tag), "pact/%04d", year);
	git_oid_tostr(out->commit, sizeof(out->commit), git_object_id(peeled));
	git_oid_tostr(out->blob, sizeof(out->blob), git_tree_entry_id(e));
	format_day(out->date, &when);
	if (commit)
		git_oid_cpy(commit, git_object_id(peeled));
	if (blob)
		git_oid_cpy(blob, git_tree_entry_id(e));
	rc = 1;
done:
	if (rc <= 0) {
		if (rc == 0)
			pact_error_clear();
		memset(out, 0, sizeof(*out));
	}
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_object_free(peeled);
	git_object_free(target);
	git_reference_free(resolved);
	git_reference_free(ref);
	return rc;
}

int pact_store_adopted(pact_adopted *out, pact_store *store, int year)
{
	if (!out || !store || year <= 0 || year > 9999)
		return pact_error_set(PACT_EUSAGE, "pact_store_adopted: bad arguments");
	return pact_store__adopted_read(out, NULL, NULL, pact_store__repo(store), year);
}

/* Nonzero when the bytes of `adopted` and data[0..len) are the same text
 * once both are in NFC. */
static int same_after_nfc(git_repository *repo, const git_oid *adopted, const char *data,
                          size_t len)
{
	char *old = NULL, *a = NULL, *b = NULL;
	size_t olen = 0;
	int same = 0;

	if (pact_store__blob_string(&old, &olen, repo, adopted, pact_doc_max_bytes(),
	                            "cannot read blob") == 1 &&
	    (a = pact_utf8_nfc(old, olen)) && (b = pact_utf8_nfc(data, len)))
		same = strcmp(a, b) == 0;
	pact_error_clear();
	free(old);
	free(a);
	free(b);
	return same;
}

/* The refusal for file `f` replacing (or deleting) the adoption `ad`. */
static int refuse(git_repository *repo, const pact_adopted *ad, const git_oid *adopted_blob,
                  const pact_store_file *f, const git_oid *new_blob)
{
	char what[160], hex[GIT_OID_HEXSZ + 1];

	if (!f->data)
		snprintf(what, sizeof(what), "%s", _("delete it"));
	else if (same_after_nfc(repo, adopted_blob, f->data, f->len))
		snprintf(what, sizeof(what), "%s",
		         _("replace it with a text that differs from it only in Unicode "
		           "normalisation (NFC/NFD); the adopted file is already the right text"));
	else {
		git_oid_tostr(hex, sizeof(hex), new_blob);
		snprintf(what, sizeof(what), _("replace it with another text (blob %.12s)"), hex);
	}
	return pact_error_set(
	        PACT_EREFUSED,
	        "the %04d pact was adopted through review on %s (commit %.12s, tag %s): every "
	        "member approved that exact text (blob %.12s), and this commit would %s. "
	        "'pact commit' and 'pact import --commit' do not change an adopted pact, and "
	        "'pact review open %04d' does not reopen it. Nothing was committed. If the bloc "
	        "agreed on paper to correct it, commit again with --amend-adopted \"REASON\": "
	        "the commit then records the reason and the adoption it changes",
	        ad->year, ad->date, ad->commit, ad->tag, ad->blob, what, ad->year);
}

/* The Amends-adopted: trailer of one year. */
static void add_trailer(pact_buf *t, const pact_adopted *ad, const git_oid *new_blob)
{
	char hex[GIT_OID_HEXSZ + 1];

	pact_buf__printf(t, "Amends-adopted: %s (adopted %s in commit %s, approved blob %s), ",
	                 ad->tag, ad->date, ad->commit, ad->blob);
	if (new_blob) {
		git_oid_tostr(hex, sizeof(hex), new_blob);
		pact_buf__printf(t, "new blob %s\n", hex);
	} else
		pact_buf__puts(t, "deleted\n");
}

/* Judge one file: 0 nothing adopted is changed, 1 an adopted text is
 * (trailer added, or refused without a reason), <0 error. */
static int judge_file(pact_buf *t, pact_store *store, git_tree *tip_tree, const pact_store_file *f,
                      const char *reason)
{
	git_repository *repo = pact_store__repo(store);
	git_tree_entry *e = NULL;
	pact_adopted ad;
	git_oid commit, adopted_blob, new_blob;
	int year = path_year(f->path), rc;

	if (!year)
		return 0;
	/* every branch: one made before the adoption (the draft itself, a
	 * side branch) would otherwise carry another text for an adopted
	 * year, to be merged onto main with plain git */
	rc = pact_store__adopted_read(&ad, &commit, &adopted_blob, repo, year);
	if (rc <= 0)
		return rc;
	if (f->data && git_odb_hash(&new_blob, f->data, f->len, GIT_OBJECT_BLOB) < 0)
		return pact_error_from_git(-1, "cannot hash file");
	if (f->data && git_oid_equal(&new_blob, &adopted_blob))
		return 0; /* the approved bytes: always welcome */
	/* what the tip already holds is not this commit's doing */
	if (tip_tree && git_tree_entry_bypath(&e, tip_tree, f->path) == 0) {
		int same = f->data && git_oid_equal(git_tree_entry_id(e), &new_blob);
		git_tree_entry_free(e);
		if (same)
			return 0;
	} else if (!f->data)
		return 0; /* deleting what is not there */
	pact_error_clear();
	if (!reason)
		return refuse(repo, &ad, &adopted_blob, f, &new_blob);
	add_trailer(t, &ad, f->data ? &new_blob : NULL);
	return 1;
}

int pact_store__adopted_guard(char **trailers, pact_store *store, const char *refname,
                              const pact_store_file *files, size_t n, const char *reason)
{
	git_repository *repo = pact_store__repo(store);
	git_commit *c = NULL;
	git_tree *tip_tree = NULL;
	pact_buf t = {0};
	git_oid tip;
	int rc, has_tip, amended = 0;

	*trailers = NULL;
	if (reason && ((rc = pact_sanitize_require_visible(
	                        _("the reason given with --amend-adopted"), reason)) < 0))
		goto done;
	if (reason && !reason[strspn(reason, " ")]) {
		rc = pact_error_set(PACT_EUSAGE, "--amend-adopted needs a reason: say why the "
		                                 "adopted text changes without a new review");
		goto done;
	}
	rc = git_reference_name_to_id(&tip, repo, refname);
	has_tip = rc == 0;
	if (rc < 0 && rc != GIT_ENOTFOUND) {
		rc = pact_error_from_git(rc, "cannot read branch");
		goto done;
	}
	pact_error_clear();
	if (has_tip && ((rc = git_commit_lookup(&c, repo, &tip)) < 0 ||
	                (rc = git_commit_tree(&tip_tree, c)) < 0)) {
		rc = pact_error_from_git(rc, "cannot read branch tip");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		rc = judge_file(&t, store, tip_tree, &files[i], reason);
		if (rc < 0)
			goto done;
		amended += rc;
	}
	if (reason && !amended) {
		rc = pact_error_set(PACT_EREFUSED,
		                    "--amend-adopted is only for a commit that changes the text of "
		                    "a pact adopted through review, and this one changes none. "
		                    "Nothing was committed");
		goto done;
	}
	if (amended) {
		pact_buf__puts(&t, "Amend-reason: ");
		pact_buf__puts(&t, reason);
		pact_buf__puts(&t, "\n");
		if (!(*trailers = pact_buf__detach(&t, NULL))) {
			rc = PACT_ENOMEM;
			goto done;
		}
	}
	rc = 0;
done:
	pact_buf__clear(&t);
	git_tree_free(tip_tree);
	git_commit_free(c);
	return rc;
}
