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

typedef struct mctx {
	pact_buf *b;
	const pact_report_opts *o;
} mctx;

static const char *L(const mctx *t, label_id id)
{
	return pact_report_label(t->o->lang, id);
}

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

static void cref(const mctx *t, const pact_clause_ref *r)
{
	pact_buf_printf(t->b, "%s %ld", L(t, L_CLAUSE), r->number);
	if (r->id) {
		pact_buf_puts(t->b, " (`");
		pact_buf_puts(t->b, r->id); /* ids are slugs [a-z0-9-] */
		pact_buf_puts(t->b, "`)");
	}
}

static void cites(const mctx *t, const pact_cite_changes *cs, int heading)
{
	int any = 0;
	for (size_t i = 0; i < cs->count; i++)
		if (cs->items[i].status != PACT_CHANGE_UNCHANGED)
			any = 1;
	if (!any)
		return;
	if (heading)
		pact_buf_printf(t->b, "\n## %s\n\n", L(t, L_CITATIONS));
	else
		pact_buf_printf(t->b, "\n%s:\n\n", L(t, L_CITATIONS));
	for (size_t i = 0; i < cs->count; i++) {
		const pact_cite_change *c = &cs->items[i];
		if (c->status == PACT_CHANGE_UNCHANGED)
			continue;
		pact_buf_printf(t->b, "- %s: ",
		                c->status == PACT_CHANGE_ADDED     ? L(t, L_CITE_ADDED)
		                : c->status == PACT_CHANGE_REMOVED ? L(t, L_CITE_DROPPED)
		                                                   : L(t, L_CITE_REDATED));
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
	int n = 0;

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
	pact_buf_printf(b, "- %s: %s %zu, %s %zu, %s %zu, %s %zu\n", L(&t, L_CITATIONS),
	                L(&t, L_CITE_ADDED), s->cites_added, L(&t, L_CITE_DROPPED),
	                s->cites_dropped, L(&t, L_CITE_REDATED), s->cites_redated,
	                L(&t, L_CITE_KEPT), s->cites_kept);
	pact_buf_printf(b, "- %s: ", L(&t, L_FIELDS));
	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].changed)
			pact_buf_printf(b, "%s%s", n++ ? ", " : "",
			                pact_report_field_label(o->lang, d->fields[i].name));
	pact_buf_printf(b, "%s\n", n ? "" : L(&t, L_NO_DIFF));
	pact_buf_printf(b, "- %s: %s %zu, %s %zu, %s %zu\n", L(&t, L_MEMBERS), L(&t, L_JOINED),
	                s->members_joined, L(&t, L_LEFT), s->members_left, L(&t, L_RENAMED),
	                s->members_renamed);
	if (s->norm_only)
		pact_buf_printf(b, "- %s: %zu (%s)\n", L(&t, L_NORM_ONLY), s->norm_only,
		                L(&t, L_NORM_NOTE));
	if (o->stat_only)
		return 0;

	if (n || d->nmembers) {
		pact_buf_printf(b, "\n## %s\n\n", L(&t, L_FIELDS));
		for (size_t i = 0; i < d->nfields; i++) {
			if (!d->fields[i].changed)
				continue;
			pact_buf_printf(b, "- **%s**: ", pact_report_field_label(o->lang, d->fields[i].name));
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
		pact_buf_puts(b, "\n### ");
		cref(&t, cd->new.present ? &cd->new : &cd->old);
		if (!cd->new.present)
			pact_buf_printf(b, " [%d]", d->old_year);
		pact_buf_printf(b, " — %s", pact_report_status_label(o->lang, cd->status));
		if (cd->moved)
			pact_buf_printf(b, ", %s", L(&t, L_MOVED));
		if (cd->renumbered)
			pact_buf_printf(b, ", %s %s %ld", L(&t, L_BEFORE), L(&t, L_CLAUSE), cd->old.number);
		if (cd->split_from.present) {
			pact_buf_printf(b, ", %s ", L(&t, L_SPLIT_FROM));
			cref(&t, &cd->split_from);
		}
		if (cd->merged_into.present) {
			pact_buf_printf(b, ", %s ", L(&t, L_MERGED_INTO));
			cref(&t, &cd->merged_into);
		}
		if (cd->old.present && cd->new.present)
			pact_buf_printf(b, " (%s %.2f)", L(&t, L_SIMILARITY), cd->similarity);
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
			long pos = c->new_index >= 0 ? c->new_index + 1 : c->old_index + 1;
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
				cref(&t, &c->from);
				pact_buf_printf(b, ", %ld)*", c->old_index + 1);
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
			cref(&t, &m->to);
			pact_buf_printf(b, ", %ld: ", m->new_index + 1);
			escs(b, m->text);
			pact_buf_putc(b, '\n');
		}
		cites(&t, &cd->cites, 0);
	}
	cites(&t, &d->cites, 1);
	return 0;
}
