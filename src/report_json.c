/*
 * report_json.c - the machine contract of `pact diff --format=json`.
 *
 * The shape is documented in docs/diff-json.md and versioned by the
 * top-level "format" key; change both together. Output is deterministic
 * (no timestamps, entries in reading order) so it can be committed and
 * diffed. Strings are pact text as written (valid UTF-8, checked by the
 * loader); only ", \ and control characters are escaped.
 */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

static void jstr(pact_buf *b, const char *s)
{
	if (!s) {
		pact_buf_puts(b, "null");
		return;
	}
	pact_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		const unsigned char *q = p;
		while (*q && *q != '"' && *q != '\\' && *q >= 0x20)
			q++;
		if (q > p) {
			pact_buf_put(b, (const char *)p, (size_t)(q - p));
			p = q;
			if (!*p)
				break;
		}
		switch (*p) {
		case '"': pact_buf_puts(b, "\\\""); break;
		case '\\': pact_buf_puts(b, "\\\\"); break;
		case '\n': pact_buf_puts(b, "\\n"); break;
		case '\t': pact_buf_puts(b, "\\t"); break;
		case '\r': pact_buf_puts(b, "\\r"); break;
		default: pact_buf_printf(b, "\\u%04x", *p); break;
		}
	}
	pact_buf_putc(b, '"');
}

static void jbool(pact_buf *b, int v)
{
	pact_buf_puts(b, v ? "true" : "false");
}

static void jref(pact_buf *b, const pact_clause_ref *r)
{
	if (!r->present) {
		pact_buf_puts(b, "null");
		return;
	}
	pact_buf_puts(b, "{\"id\": ");
	jstr(b, r->id);
	pact_buf_printf(b, ", \"number\": %ld, \"title\": ", r->number);
	jstr(b, r->title);
	pact_buf_putc(b, '}');
}

static void jwords(pact_buf *b, const pact_worddiff *w)
{
	static const char *const ops[] = {"equal", "delete", "insert"};
	pact_buf_putc(b, '[');
	for (size_t i = 0; i < w->nops; i++) {
		pact_buf_printf(b, "%s{\"op\": \"%s\", \"text\": ", i ? ", " : "", ops[w->ops[i].op]);
		jstr(b, w->ops[i].text);
		pact_buf_putc(b, '}');
	}
	pact_buf_putc(b, ']');
}

static void jdate(pact_buf *b, pact_date dt)
{
	if (!dt.year)
		pact_buf_puts(b, "null");
	else
		pact_buf_printf(b, "\"%04d-%02d-%02d\"", dt.year, dt.month, dt.day);
}

static void jcite(pact_buf *b, const pact_cite_change *c)
{
	pact_buf_puts(b, "{\"kind\": ");
	jstr(b, c->cite.kind);
	pact_buf_puts(b, ", \"number\": ");
	jstr(b, c->cite.number);
	pact_buf_puts(b, ", \"date\": ");
	jdate(b, c->cite.date);
	if (c->status == PACT_CHANGE_MODIFIED) {
		pact_buf_puts(b, ", \"old_date\": ");
		jdate(b, c->old_date);
	}
	pact_buf_puts(b, ", \"issuer\": ");
	jstr(b, c->cite.issuer);
	pact_buf_puts(b, ", \"text\": ");
	jstr(b, c->cite.text);
	pact_buf_putc(b, '}');
}

static void jcites(pact_buf *b, const pact_cite_changes *cs, const char *indent)
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
	pact_buf_puts(b, "{");
	for (size_t g = 0; g < 4; g++) {
		int n = 0;
		pact_buf_printf(b, "%s\n%s  \"%s\": [", g ? "," : "", indent, groups[g].key);
		for (size_t i = 0; i < cs->count; i++) {
			if (cs->items[i].status != groups[g].st)
				continue;
			pact_buf_printf(b, "%s\n%s    ", n++ ? "," : "", indent);
			jcite(b, &cs->items[i]);
		}
		if (n)
			pact_buf_printf(b, "\n%s  ", indent);
		pact_buf_puts(b, "]");
	}
	pact_buf_printf(b, "\n%s}", indent);
}

static void jcommit(pact_buf *b, const pact_commit_diff *c)
{
	pact_buf_printf(b, "{\"status\": \"%s\", \"moved\": ", pact_change_name(c->status));
	jbool(b, c->moved || c->from.present);
	pact_buf_printf(b, ", \"similarity\": %.3f, \"old_position\": ", c->similarity);
	if (c->old_index >= 0)
		pact_buf_printf(b, "%ld", c->old_index + 1);
	else
		pact_buf_puts(b, "null");
	pact_buf_puts(b, ", \"new_position\": ");
	if (c->new_index >= 0)
		pact_buf_printf(b, "%ld", c->new_index + 1);
	else
		pact_buf_puts(b, "null");
	pact_buf_puts(b, ", \"normalisation_only\": ");
	jbool(b, c->norm_only);
	pact_buf_puts(b, ", \"moved_from\": ");
	jref(b, &c->from);
	pact_buf_puts(b, ",\n          \"old\": ");
	jstr(b, c->old_text);
	pact_buf_puts(b, ",\n          \"new\": ");
	jstr(b, c->new_text);
	pact_buf_puts(b, ",\n          \"words\": ");
	jwords(b, &c->words);
	pact_buf_putc(b, '}');
}

static void jclause(pact_buf *b, const pact_clause_diff *cd)
{
	pact_buf_printf(b, "{\"status\": \"%s\", \"moved\": ", pact_change_name(cd->status));
	jbool(b, cd->moved);
	pact_buf_puts(b, ", \"renumbered\": ");
	jbool(b, cd->renumbered);
	pact_buf_printf(b, ", \"similarity\": %.3f, \"paired_by\": %s,\n      \"old\": ",
	                cd->similarity,
	                (cd->old.present && cd->new.present && !cd->split_from.present &&
	                 !cd->merged_into.present)
	                        ? (cd->paired_by_id ? "\"id\"" : "\"content\"")
	                        : "null");
	jref(b, &cd->old);
	pact_buf_puts(b, ",\n      \"new\": ");
	jref(b, &cd->new);
	if (cd->split_from.present) {
		pact_buf_puts(b, ",\n      \"split_from\": ");
		jref(b, &cd->split_from);
	}
	if (cd->merged_into.present) {
		pact_buf_puts(b, ",\n      \"merged_into\": ");
		jref(b, &cd->merged_into);
	}
	pact_buf_puts(b, ",\n      \"title_changed\": ");
	jbool(b, cd->title_changed);
	if (cd->title_changed) {
		pact_buf_puts(b, ", \"title_words\": ");
		jwords(b, &cd->title);
	}
	pact_buf_puts(b, ",\n      \"commitments\": [");
	for (size_t k = 0; k < cd->ncommits; k++) {
		pact_buf_printf(b, "%s\n        ", k ? "," : "");
		jcommit(b, &cd->commits[k]);
	}
	pact_buf_puts(b, cd->ncommits ? "\n      ]" : "]");
	pact_buf_puts(b, ",\n      \"moved_out\": [");
	for (size_t k = 0; k < cd->nmoved_out; k++) {
		const pact_moved_out *m = &cd->moved_out[k];
		pact_buf_printf(b, "%s\n        {\"old_position\": %ld, \"to\": ", k ? "," : "",
		                m->old_index + 1);
		jref(b, &m->to);
		pact_buf_printf(b, ", \"new_position\": %ld, \"text\": ", m->new_index + 1);
		jstr(b, m->text);
		pact_buf_putc(b, '}');
	}
	pact_buf_puts(b, cd->nmoved_out ? "\n      ]" : "]");
	pact_buf_puts(b, ",\n      \"citations\": ");
	jcites(b, &cd->cites, "      ");
	pact_buf_putc(b, '}');
}

int pact_report_json(pact_buf *b, const pact_diff *d, const pact_report_opts *o)
{
	const pact_diff_summary *s = &d->summary;
	int n = 0;

	pact_buf_puts(b, "{\n  \"format\": \"pact-diff/1\",\n  \"lang\": ");
	jstr(b, o->lang == PACT_LANG_EN ? "en" : "vi");
	pact_buf_puts(b, ",\n  \"old\": {\"label\": ");
	jstr(b, d->old_label);
	pact_buf_printf(b, ", \"year\": %d},\n  \"new\": {\"label\": ", d->old_year);
	jstr(b, d->new_label);
	pact_buf_printf(b, ", \"year\": %d},\n  \"differs\": ", d->new_year);
	jbool(b, d->differs);
	pact_buf_printf(b,
	                ",\n  \"summary\": {\n"
	                "    \"clauses\": {\"old\": %zu, \"new\": %zu, \"unchanged\": %zu, "
	                "\"modified\": %zu, \"added\": %zu, \"removed\": %zu, \"moved\": %zu, "
	                "\"renumbered\": %zu, \"split\": %zu, \"merged\": %zu},\n"
	                "    \"commitments\": {\"old\": %zu, \"new\": %zu, \"unchanged\": %zu, "
	                "\"modified\": %zu, \"added\": %zu, \"removed\": %zu, \"moved\": %zu, "
	                "\"moved_across\": %zu},\n"
	                "    \"words\": {\"deleted\": %zu, \"inserted\": %zu},\n"
	                "    \"citations\": {\"added\": %zu, \"dropped\": %zu, \"redated\": %zu, "
	                "\"kept\": %zu},\n"
	                "    \"members\": {\"joined\": %zu, \"left\": %zu, \"renamed\": %zu},\n"
	                "    \"normalisation_only\": %zu,\n"
	                "    \"fields_changed\": [",
	                s->old_clauses, s->new_clauses, s->unchanged, s->modified, s->added,
	                s->removed, s->moved, s->renumbered, s->split, s->merged,
	                s->old_commitments, s->new_commitments, s->c_unchanged, s->c_modified,
	                s->c_added, s->c_removed, s->c_moved, s->c_moved_across,
	                s->words_deleted, s->words_inserted, s->cites_added, s->cites_dropped,
	                s->cites_redated, s->cites_kept, s->members_joined, s->members_left,
	                s->members_renamed, s->norm_only);
	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].changed) {
			pact_buf_puts(b, n++ ? ", " : "");
			jstr(b, d->fields[i].name);
		}
	pact_buf_puts(b, "]\n  }");
	if (o->stat_only) {
		pact_buf_puts(b, "\n}\n");
		return 0;
	}
	pact_buf_puts(b, ",\n  \"fields\": [");
	for (size_t i = 0; i < d->nfields; i++) {
		const pact_field_diff *f = &d->fields[i];
		pact_buf_printf(b, "%s\n    {\"name\": ", i ? "," : "");
		jstr(b, f->name);
		pact_buf_puts(b, ", \"changed\": ");
		jbool(b, f->changed);
		pact_buf_puts(b, ", \"normalisation_only\": ");
		jbool(b, f->norm_only);
		pact_buf_puts(b, ",\n      \"old\": ");
		jstr(b, f->old_value);
		pact_buf_puts(b, ",\n      \"new\": ");
		jstr(b, f->new_value);
		if (f->changed) {
			pact_buf_puts(b, ",\n      \"words\": ");
			jwords(b, &f->words);
		}
		pact_buf_putc(b, '}');
	}
	pact_buf_puts(b, "\n  ],\n  \"members\": [");
	for (size_t i = 0; i < d->nmembers; i++) {
		const pact_member_diff *m = &d->members[i];
		pact_buf_printf(b, "%s\n    {\"status\": \"%s\", \"id\": ", i ? "," : "",
		                pact_change_name(m->status));
		jstr(b, m->id);
		pact_buf_puts(b, ", \"old_name\": ");
		jstr(b, m->old_name);
		pact_buf_puts(b, ", \"new_name\": ");
		jstr(b, m->new_name);
		pact_buf_putc(b, '}');
	}
	pact_buf_puts(b, d->nmembers ? "\n  ]" : "]");
	pact_buf_puts(b, ",\n  \"clauses\": [");
	for (size_t i = 0; i < d->nclauses; i++) {
		pact_buf_printf(b, "%s\n    ", i ? "," : "");
		jclause(b, &d->clauses[i]);
	}
	pact_buf_puts(b, d->nclauses ? "\n  ]" : "]");
	pact_buf_puts(b, ",\n  \"citations\": ");
	jcites(b, &d->cites, "  ");
	pact_buf_puts(b, "\n}\n");
	return 0;
}
