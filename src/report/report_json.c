/*
 * report_json.c - the machine contract of `pact diff --format=json`.
 *
 * The shape is documented in docs/diff-json.md and versioned by the
 * top-level "format" key; change both together. Output is deterministic
 * (no timestamps, entries in reading order) so it can be committed and
 * diffed. Everything goes through the one JSON writer (pact/json.h), which
 * escapes strings and keeps the document valid UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../json_internal.h"
#include "pact/json.h"
#include "report.h"

static void jref(pact_json *j, const pact_clause_ref *r)
{
	if (!r->present) {
		pact_json_null(j);
		return;
	}
	pact_json_begin_object(j, PACT_JSON_INLINE);
	pact_json_kstring(j, "id", r->id);
	pact_json_kint(j, "number", r->number);
	pact_json_kstring(j, "title", r->title);
	pact_json_end_object(j);
}

static void jwords(pact_json *j, const pact_worddiff *w)
{
	static const char *const ops[] = {"equal", "delete", "insert"};
	pact_json_begin_array(j, PACT_JSON_INLINE);
	for (size_t i = 0; i < w->nops; i++) {
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kstring(j, "op", ops[w->ops[i].op]);
		pact_json_kstring(j, "text", w->ops[i].text);
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
}

static void jdate(pact_json *j, const char *key, pact_date dt)
{
	pact_json_key(j, key);
	pact_json_date(j, dt.year, dt.month, dt.day);
}

static void jcite(pact_json *j, const pact_cite_change *c)
{
	pact_json_begin_object(j, PACT_JSON_INLINE);
	pact_json_kstring(j, "kind", c->cite.kind);
	pact_json_kstring(j, "number", c->cite.number);
	jdate(j, "date", c->cite.date);
	if (c->status == PACT_CHANGE_MODIFIED)
		jdate(j, "old_date", c->old_date);
	pact_json_kstring(j, "issuer", c->cite.issuer);
	pact_json_kstring(j, "text", c->cite.text);
	pact_json_end_object(j);
}

static void jcites(pact_json *j, const pact_cite_changes *cs)
{
	static const struct {
		const char *key;
		pact_change st;
	} groups[] = {
	        {"added", PACT_CHANGE_ADDED},
	        {"dropped", PACT_CHANGE_REMOVED},
	        {"redated", PACT_CHANGE_MODIFIED},
	        {"kept", PACT_CHANGE_UNCHANGED},
	};
	pact_json_begin_object(j, PACT_JSON_BLOCK);
	for (size_t g = 0; g < 4; g++) {
		pact_json_key(j, groups[g].key);
		pact_json_begin_array(j, PACT_JSON_BLOCK);
		for (size_t i = 0; i < cs->count; i++)
			if (cs->items[i].status == groups[g].st)
				jcite(j, &cs->items[i]);
		pact_json_end_array(j);
	}
	pact_json_end_object(j);
}

static void jposition(pact_json *j, const char *key, long index)
{
	pact_json_key(j, key);
	if (index >= 0)
		pact_json_int(j, index + 1);
	else
		pact_json_null(j);
}

static void jcommit(pact_json *j, const pact_commit_diff *c)
{
	pact_json_begin_object(j, PACT_JSON_BLOCK);
	pact_json_kstring(j, "status", pact_change_name(c->status));
	pact_json_kbool(j, "moved", c->moved || c->from.present);
	pact_json_key(j, "similarity");
	pact_json_double(j, c->similarity, 3);
	jposition(j, "old_position", c->old_index);
	jposition(j, "new_position", c->new_index);
	pact_json_kbool(j, "normalisation_only", c->norm_only);
	if (c->words.coarse) /* only then: realistic reports stay as they were */
		pact_json_kbool(j, "compared_in_part", 1);
	pact_json_key(j, "moved_from");
	jref(j, &c->from);
	pact_json_kstring(j, "old", c->old_text);
	pact_json_kstring(j, "new", c->new_text);
	pact_json_key(j, "words");
	jwords(j, &c->words);
	pact_json_end_object(j);
}

static void jclause(pact_json *j, const pact_clause_diff *cd)
{
	int paired = cd->before.present && cd->after.present && !cd->split_from.present &&
	             !cd->merged_into.present;

	pact_json_begin_object(j, PACT_JSON_BLOCK);
	pact_json_kstring(j, "status", pact_change_name(cd->status));
	pact_json_kbool(j, "moved", cd->moved);
	pact_json_kbool(j, "renumbered", cd->renumbered);
	pact_json_key(j, "similarity");
	pact_json_double(j, cd->similarity, 3);
	pact_json_kstring(j, "paired_by", !paired ? NULL : cd->paired_by_id ? "id" : "content");
	pact_json_key(j, "old");
	jref(j, &cd->before);
	pact_json_key(j, "new");
	jref(j, &cd->after);
	if (cd->split_from.present) {
		pact_json_key(j, "split_from");
		jref(j, &cd->split_from);
	}
	if (cd->merged_into.present) {
		pact_json_key(j, "merged_into");
		jref(j, &cd->merged_into);
	}
	pact_json_kbool(j, "title_changed", cd->title_changed);
	if (cd->title_changed) {
		pact_json_key(j, "title_words");
		jwords(j, &cd->title);
		if (cd->title.coarse)
			pact_json_kbool(j, "title_compared_in_part", 1);
	}
	pact_json_key(j, "commitments");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t k = 0; k < cd->ncommits; k++)
		jcommit(j, &cd->commits[k]);
	pact_json_end_array(j);
	pact_json_key(j, "moved_out");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t k = 0; k < cd->nmoved_out; k++) {
		const pact_moved_out *m = &cd->moved_out[k];
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kint(j, "old_position", m->old_index + 1);
		pact_json_key(j, "to");
		jref(j, &m->to);
		pact_json_kint(j, "new_position", m->new_index + 1);
		pact_json_kstring(j, "text", m->text);
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
	pact_json_key(j, "citations");
	jcites(j, &cd->cites);
	pact_json_end_object(j);
}

static void counts(pact_json *j, const char *key, const char *const *names, const size_t *values,
                   size_t n)
{
	pact_json_key(j, key);
	pact_json_begin_object(j, PACT_JSON_INLINE);
	for (size_t i = 0; i < n; i++)
		pact_json_kuint(j, names[i], values[i]);
	pact_json_end_object(j);
}

void pact_report_json_summary(pact_json *j, const pact_diff_summary *s, const char *const *fields,
                              size_t nfields)
{
	static const char *const cl[] = {"old",     "new",   "unchanged",  "modified", "added",
	                                 "removed", "moved", "renumbered", "split",    "merged"};
	static const char *const co[] = {"old",   "new",     "unchanged", "modified",
	                                 "added", "removed", "moved",     "moved_across"};
	static const char *const wo[] = {"deleted", "inserted"};
	static const char *const ci[] = {"added", "dropped", "redated", "kept"};
	static const char *const me[] = {"joined", "left", "renamed", "merged", "split"};
	const size_t vcl[] = {s->old_clauses, s->new_clauses, s->unchanged, s->modified,
	                      s->added,       s->removed,     s->moved,     s->renumbered,
	                      s->split,       s->merged};
	const size_t vco[] = {s->old_commitments, s->new_commitments, s->c_unchanged,
	                      s->c_modified,      s->c_added,         s->c_removed,
	                      s->c_moved,         s->c_moved_across};
	const size_t vwo[] = {s->words_deleted, s->words_inserted};
	const size_t vci[] = {s->cites_added, s->cites_dropped, s->cites_redated, s->cites_kept};
	const size_t vme[] = {s->members_joined, s->members_left, s->members_renamed,
	                      s->members_merged, s->members_split};

	counts(j, "clauses", cl, vcl, 10);
	counts(j, "commitments", co, vco, 8);
	counts(j, "words", wo, vwo, 2);
	counts(j, "citations", ci, vci, 4);
	counts(j, "members", me, vme, 5);
	pact_json_kuint(j, "normalisation_only", s->norm_only);
	if (s->coarse) /* only then: realistic reports stay as they were */
		pact_json_kuint(j, "compared_in_part", s->coarse);
	pact_json_key(j, "fields_changed");
	pact_json_begin_array(j, PACT_JSON_INLINE);
	for (size_t i = 0; i < nfields; i++)
		pact_json_string(j, fields[i]);
	pact_json_end_array(j);
}

static void header(pact_json *j, const pact_diff *d, const pact_report_opts *o)
{
	const char *changed[64]; /* a pact has a dozen top-level fields */
	size_t n = 0;

	pact_json_kstring(j, "lang", o->lang == PACT_LANG_EN ? "en" : "vi");
	pact_json_key(j, "old");
	pact_json_begin_object(j, PACT_JSON_INLINE);
	pact_json_kstring(j, "label", d->old_label);
	pact_json_kint(j, "year", d->old_year);
	pact_json_end_object(j);
	pact_json_key(j, "new");
	pact_json_begin_object(j, PACT_JSON_INLINE);
	pact_json_kstring(j, "label", d->new_label);
	pact_json_kint(j, "year", d->new_year);
	pact_json_end_object(j);
	pact_json_kbool(j, "differs", d->differs);
	for (size_t i = 0; i < d->nfields && n < sizeof(changed) / sizeof(changed[0]); i++)
		if (d->fields[i].changed)
			changed[n++] = d->fields[i].name;
	pact_json_key(j, "summary");
	pact_json_begin_object(j, PACT_JSON_BLOCK);
	pact_report_json_summary(j, &d->summary, changed, n);
	pact_json_end_object(j);
}

/* The JSON contract's names of pact_member_event (docs/diff-json.md). */
static const char *member_event_name(pact_member_event e)
{
	static const char *const names[] = {"joined", "left", "renamed", "merged", "split"};
	return (unsigned)e < 5 ? names[e] : "?";
}

/* "key": [{"id": ..., "name": ...}, ...] */
static void member_refs(pact_json *j, const char *key, const pact_member_ref *r, size_t n)
{
	pact_json_key(j, key);
	pact_json_begin_array(j, PACT_JSON_INLINE);
	for (size_t i = 0; i < n; i++) {
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kstring(j, "id", r[i].id);
		pact_json_kstring(j, "name", r[i].name);
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
}

static void body(pact_json *j, const pact_diff *d)
{
	pact_json_key(j, "fields");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t i = 0; i < d->nfields; i++) {
		const pact_field_diff *f = &d->fields[i];
		pact_json_begin_object(j, PACT_JSON_BLOCK);
		pact_json_kstring(j, "name", f->name);
		pact_json_kbool(j, "changed", f->changed);
		pact_json_kbool(j, "normalisation_only", f->norm_only);
		pact_json_kstring(j, "old", f->old_value);
		pact_json_kstring(j, "new", f->new_value);
		if (f->changed) {
			pact_json_key(j, "words");
			jwords(j, &f->words);
			if (f->words.coarse)
				pact_json_kbool(j, "compared_in_part", 1);
		}
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
	pact_json_key(j, "members");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t i = 0; i < d->nmembers; i++) {
		const pact_member_diff *m = &d->members[i];
		pact_json_begin_object(j, PACT_JSON_INLINE);
		pact_json_kstring(j, "status", pact_change_name(m->status));
		pact_json_kstring(j, "event", member_event_name(m->event));
		pact_json_kstring(j, "id", m->id);
		pact_json_kstring(j, "old_id", m->old_id);
		pact_json_kstring(j, "old_name", m->old_name);
		pact_json_kstring(j, "new_name", m->new_name);
		if (m->event == PACT_MEMBER_MERGED)
			member_refs(j, "from", m->from, m->nfrom);
		if (m->event == PACT_MEMBER_SPLIT)
			member_refs(j, "into", m->into, m->ninto);
		pact_json_end_object(j);
	}
	pact_json_end_array(j);
	pact_json_key(j, "clauses");
	pact_json_begin_array(j, PACT_JSON_BLOCK);
	for (size_t i = 0; i < d->nclauses; i++)
		jclause(j, &d->clauses[i]);
	pact_json_end_array(j);
	pact_json_key(j, "citations");
	jcites(j, &d->cites);
}

static void document(pact_json *j, const pact_diff *d, const pact_report_opts *o)
{
	pact_json_begin_document(j, "pact-diff/1");
	header(j, d, o);
	if (!o->stat_only)
		body(j, d);
}

int pact_report__json_write(FILE *out, const pact_diff *d, const pact_report_opts *o)
{
	pact_json *j = NULL;
	int rc = pact_json__new_stream(&j, out);

	if (rc == 0) {
		document(j, d, o);
		rc = pact_json__finish_stream(j);
	}
	pact_json_free(j);
	return rc;
}

int pact_report__json(pact_buf *b, const pact_diff *d, const pact_report_opts *o)
{
	pact_json *j = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	rc = pact_json_new(&j);
	if (rc < 0)
		goto done;
	document(j, d, o);
	rc = pact_json_finish(&text, &len, j);
	if (rc < 0)
		goto done;
	pact_buf__put_owned(b, text, len);
	text = NULL;
done:
	free(text);
	pact_json_free(j);
	return rc;
}
