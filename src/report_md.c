/*
 * report_md.c - the Markdown report, for review threads and wikis.
 *
 * Same content and order as the text report. Deletions are ~~struck~~ and
 * insertions **bold** (the redline convention that survives GitHub, GitLab
 * and most wikis, which strip <del>/<ins>); pact text is escaped so that a
 * "*" or "_" in a commitment cannot turn into formatting, and "|" cannot
 * break the summary table.
 */
#include <string.h>

#include "report_internal.h"

typedef pact_rctx mctx;

static void esc(pact_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (strchr("\\`*_{}[]<>()#+-.!|~", c) && c != '\0') {
			/* only where Markdown could read it as syntax; keep "2023-2024"
			 * and "CT-TTg" readable: '-' '.' '+' '(' ')' matter only at a
			 * line start or after a digit run, which a commitment never is
			 * here (always after "N. "), so leave them */
			if (c == '-' || c == '.' || c == '+' || c == '(' || c == ')' || c == '!' ||
			    c == '#' || c == '{' || c == '}') {
				pact_buf_putc(b, c);
				continue;
			}
			pact_buf_putc(b, '\\');
		}
		if (c == '\n') {
			pact_buf_puts(b, " ");
			continue;
		}
		pact_buf_putc(b, c);
	}
}

static void escs(pact_buf *b, const char *s)
{
	if (s)
		esc(b, s, strlen(s));
}

static void words(const mctx *t, const pact_worddiff *w)
{
	for (size_t i = 0; i < w->nops; i++) {
		const char *s = w->ops[i].text;
		int lead = 0;
		while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			s++;
			lead = 1;
		}
		if (lead && i > 0 &&
		    !(w->ops[i].op == PACT_OP_INSERT && w->ops[i - 1].op == PACT_OP_DELETE))
			pact_buf_putc(t->b, ' ');
		if (w->ops[i].op == PACT_OP_DELETE)
			pact_buf_puts(t->b, "~~");
		else if (w->ops[i].op == PACT_OP_INSERT)
			pact_buf_puts(t->b, "**");
		escs(t->b, s);
		if (w->ops[i].op == PACT_OP_DELETE)
			pact_buf_puts(t->b, "~~");
		else if (w->ops[i].op == PACT_OP_INSERT)
			pact_buf_puts(t->b, "**");
		if (w->ops[i].op == PACT_OP_DELETE && i + 1 < w->nops &&
		    w->ops[i + 1].op == PACT_OP_INSERT)
			pact_buf_putc(t->b, ' ');
	}
}

static void cref_md(pact_buf *b, pact_lang lang, const pact_clause_ref *r)
{
	pact_buf_printf(b, "%s %ld", pact_label(lang, L_CLAUSE), r->number);
	if (r->id) {
		pact_buf_puts(b, " (`");
		pact_buf_puts(b, r->id); /* ids are slugs [a-z0-9-] */
		pact_buf_puts(b, "`)");
	}
}

static void cref(const mctx *t, const pact_clause_ref *r)
{
	cref_md(t->b, t->o->lang, r);
}

/* commitment k of clause r: "khoản 3 Điều 4 (`id`)" / "Clause 4.3 (`id`)" */
static void commit_ref(const mctx *t, const pact_clause_ref *r, long k)
{
	pact_report_commit_name(t->b, t->o->lang, r->number, k);
	if (r->id) {
		pact_buf_puts(t->b, " (`");
		pact_buf_puts(t->b, r->id);
		pact_buf_puts(t->b, "`)");
	}
}

static void cites(const mctx *t, const pact_cite_changes *cs, int heading)
{
	if (!pact_report_cites_changed(cs))
		return;
	if (heading)
		pact_buf_printf(t->b, "\n## %s\n\n", L(t, L_CITATIONS));
	else
		pact_buf_printf(t->b, "\n%s:\n\n", L(t, L_CITATIONS));
	for (size_t i = 0; i < cs->count; i++) {
		const pact_cite_change *c = &cs->items[i];
		if (c->status == PACT_CHANGE_UNCHANGED)
			continue;
		pact_buf_printf(t->b, "- %s: ", pact_report_cite_label(t->o->lang, c->status));
		escs(t->b, c->cite.text);
		if (c->status == PACT_CHANGE_MODIFIED)
			pact_buf_printf(t->b, " (%s %02d/%02d/%04d)", L(t, L_WAS), c->old_date.day,
			                c->old_date.month, c->old_date.year);
		pact_buf_putc(t->b, '\n');
	}
}

int pact_report_md(pact_buf *b, const pact_diff *d, const pact_report_opts *o)
{
	mctx t = {b, o};
	const pact_diff_summary *s = &d->summary;
	size_t n;

	pact_buf_printf(b, "# %s: ", L(&t, L_TITLE_DIFF));
	escs(b, d->old_label);
	pact_buf_puts(b, " → ");
	escs(b, d->new_label);
	pact_buf_printf(b, "\n\n## %s\n\n", L(&t, L_SUMMARY));
	pact_buf_printf(b, "| | %s | %s | %s | %s | %s | %s |\n|---|---:|---:|---:|---:|---:|---:|\n",
	                L(&t, L_UNCHANGED), L(&t, L_MODIFIED), L(&t, L_ADDED), L(&t, L_REMOVED),
	                L(&t, L_MOVED), L(&t, L_SPLIT));
	pact_buf_printf(b, "| %s (%zu → %zu) | %zu | %zu | %zu | %zu | %zu | %zu |\n",
	                L(&t, L_CLAUSES), s->old_clauses, s->new_clauses, s->unchanged,
	                s->modified, s->added, s->removed, s->moved, s->split);
	pact_buf_printf(b, "| %s (%zu → %zu) | %zu | %zu | %zu | %zu | %zu | |\n\n",
	                L(&t, L_COMMITMENTS), s->old_commitments, s->new_commitments,
	                s->c_unchanged, s->c_modified, s->c_added, s->c_removed, s->c_moved);
	pact_buf_printf(b, "- %s: %zu, %s: %zu, %s: %zu\n", L(&t, L_RENUMBERED), s->renumbered,
	                L(&t, L_MERGED), s->merged, L(&t, L_MOVED_ACROSS), s->c_moved_across);
	if (pact_report_sum_cites(b, o->lang, "- ", s))
		pact_buf_putc(b, '\n');
	pact_buf_puts(b, "- ");
	n = pact_report_sum_fields(b, o->lang, d);
	pact_buf_putc(b, '\n');
	if (pact_report_sum_members(b, o->lang, "- ", s))
		pact_buf_putc(b, '\n');
	if (s->norm_only) {
		pact_buf_puts(b, "- ");
		pact_report_sum_norm(b, o->lang, s);
		pact_buf_putc(b, '\n');
	}
	/* what happened to which clause, then the unchanged ones in one line:
	 * the reader looks for what changed */
	pact_report_named_lines(b, o->lang, d, "- ", cref_md);
	if (o->stat_only)
		return 0;
	if (pact_report_unchanged_line(b, o->lang, d, "\n"))
		pact_buf_putc(b, '\n');

	if (n || d->nmembers) {
		pact_buf_printf(b, "\n## %s\n\n", L(&t, L_FIELDS));
		for (size_t i = 0; i < d->nfields; i++) {
			if (!d->fields[i].changed)
				continue;
			pact_buf_printf(b, "- **%s**: ", pact_label_field(o->lang, d->fields[i].name));
			words(&t, &d->fields[i].words);
			pact_buf_putc(b, '\n');
		}
		for (size_t i = 0; i < d->nmembers; i++) {
			const pact_member_diff *m = &d->members[i];
			pact_buf_printf(b, "- %s: ", m->status == PACT_CHANGE_ADDED     ? L(&t, L_JOINED)
			                             : m->status == PACT_CHANGE_REMOVED ? L(&t, L_LEFT)
			                                                                : L(&t, L_RENAMED));
			escs(b, m->old_name);
			if (m->old_name && m->new_name)
				pact_buf_puts(b, " → ");
			escs(b, m->new_name);
			pact_buf_printf(b, " (`%s`)\n", m->id);
		}
	}
	pact_buf_printf(b, "\n## %s\n", L(&t, L_CLAUSES));
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause_diff *cd = &d->clauses[i];
		if (pact_report_collapsed(cd))
			continue;
		pact_buf_puts(b, "\n### ");
		cref(&t, pact_report_heading_ref(cd));
		if (pact_report_heading_ref(cd) == &cd->old)
			pact_buf_printf(b, " [%d]", d->old_year);
		pact_buf_puts(b, " — ");
		pact_report_clause_notes(b, o->lang, d, cd, ", ", cref_md);
		if (o->verbose && cd->old.present && cd->new.present) {
			pact_buf_puts(b, " (");
			pact_report_similarity(b, o->lang, cd);
			pact_buf_putc(b, ')');
		}
		pact_buf_puts(b, "\n\n");
		if (cd->status == PACT_CHANGE_UNCHANGED)
			continue;
		if (cd->title_changed) {
			pact_buf_printf(b, "- %s: ", L(&t, L_TITLE_OF_CLAUSE));
			words(&t, &cd->title);
			pact_buf_putc(b, '\n');
		}
		for (size_t k = 0; k < cd->ncommits; k++) {
			const pact_commit_diff *c = &cd->commits[k];
			long pos = pact_report_commit_pos(c);
			pact_buf_printf(b, "%ld. ", pos);
			switch (c->status) {
			case PACT_CHANGE_UNCHANGED:
				pact_buf_printf(b, "*(%s)* ", L(&t, L_UNCHANGED));
				escs(b, c->new_text);
				break;
			case PACT_CHANGE_MODIFIED:
				words(&t, &c->words);
				break;
			case PACT_CHANGE_ADDED:
				pact_buf_printf(b, "*(%s)* **", L(&t, L_ADDED));
				escs(b, c->new_text);
				pact_buf_puts(b, "**");
				break;
			case PACT_CHANGE_REMOVED:
				pact_buf_printf(b, "*(%s)* ~~", L(&t, L_REMOVED));
				escs(b, c->old_text);
				pact_buf_puts(b, "~~");
				break;
			}
			if (c->from.present) {
				pact_buf_printf(b, " *(%s ", L(&t, L_MOVED_FROM));
				commit_ref(&t, &c->from, c->old_index);
				pact_buf_puts(b, ")*");
			} else if (c->moved) {
				pact_buf_printf(b, " *(%s)*", L(&t, L_MOVED));
			}
			if (c->norm_only)
				pact_buf_printf(b, " *(%s)*", L(&t, L_NORM_ONLY));
			pact_buf_putc(b, '\n');
		}
		for (size_t k = 0; k < cd->nmoved_out; k++) {
			const pact_moved_out *m = &cd->moved_out[k];
			pact_buf_printf(b, "- *%s* ", L(&t, L_MOVED_TO));
			commit_ref(&t, &m->to, m->new_index);
			pact_buf_puts(b, ": ");
			escs(b, m->text);
			pact_buf_putc(b, '\n');
		}
		cites(&t, &cd->cites, 0);
	}
	cites(&t, &d->cites, 1);
	return 0;
}
