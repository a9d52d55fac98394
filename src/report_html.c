/*
 * report_html.c - one standalone HTML page: the Vietnamese administrative
 * comparison table ("bảng so sánh": clause | OLD | NEW | change).
 *
 * The old cell shows the old text with deletions struck (<del>), the new
 * cell the new text with insertions underlined (<ins>), as in the tables
 * that accompany a draft administrative document. No script, no external
 * resource (it must open offline and from an e-mail); the CSS sets A4 pages,
 * repeats the table header on every page and keeps a row on one page. Every
 * piece of pact text goes through esc(): a commitment containing "<script>"
 * is shown, never run.
 */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

typedef pact_rctx hctx;

static void esc(pact_buf *b, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		switch (*s) {
		case '&': pact_buf_puts(b, "&amp;"); break;
		case '<': pact_buf_puts(b, "&lt;"); break;
		case '>': pact_buf_puts(b, "&gt;"); break;
		case '"': pact_buf_puts(b, "&quot;"); break;
		case '\'': pact_buf_puts(b, "&#39;"); break;
		default: pact_buf_putc(b, *s); break;
		}
	}
}

/* side 0: old text (equal + <del>); side 1: new text (equal + <ins>) */
static void redline(const hctx *t, const pact_worddiff *w, int side)
{
	for (size_t i = 0; i < w->nops; i++) {
		pact_op_kind op = w->ops[i].op;
		const char *s = w->ops[i].text;
		if ((side == 0 && op == PACT_OP_INSERT) || (side == 1 && op == PACT_OP_DELETE))
			continue;
		while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
			s++;
		if (s != w->ops[i].text && t->b->len && i > 0)
			pact_buf_putc(t->b, ' ');
		if (op == PACT_OP_EQUAL) {
			esc(t->b, s);
		} else {
			pact_buf_puts(t->b, op == PACT_OP_DELETE ? "<del>" : "<ins>");
			esc(t->b, s);
			pact_buf_puts(t->b, op == PACT_OP_DELETE ? "</del>" : "</ins>");
		}
	}
}

static void cref_html(pact_buf *b, pact_lang lang, const pact_clause_ref *r)
{
	pact_buf_printf(b, "%s %ld", pact_label(lang, L_CLAUSE), r->number);
	if (r->id) {
		pact_buf_puts(b, " <span class=\"id\">(");
		esc(b, r->id);
		pact_buf_puts(b, ")</span>");
	}
}

static void cref(const hctx *t, const pact_clause_ref *r)
{
	cref_html(t->b, t->o->lang, r);
}

/* commitment k of clause r: "khoản 3 Điều 4 (id)" / "Clause 4.3 (id)" */
static void commit_ref(const hctx *t, const pact_clause_ref *r, long k)
{
	pact_report_commit_name(t->b, t->o->lang, r->number, k);
	if (r->id) {
		pact_buf_puts(t->b, " <span class=\"id\">(");
		esc(t->b, r->id);
		pact_buf_puts(t->b, ")</span>");
	}
}

/* "2024@draft (2024)"; just "2024" when the label already is the year */
static void label_year(pact_buf *b, const char *label, int year)
{
	char y[16];
	snprintf(y, sizeof(y), "%d", year);
	esc(b, label);
	if (!label || strcmp(label, y) != 0)
		pact_buf_printf(b, " (%s)", y);
}

static const char css[] =
	"@page{size:A4;margin:15mm}\n"
	"body{font-family:'Times New Roman',Times,serif;font-size:12pt;line-height:1.35;"
	"max-width:180mm;margin:1em auto;color:#000}\n"
	"h1{font-size:15pt;text-align:center;margin:0 0 .3em}\n"
	"p.sub{text-align:center;margin:0 0 1em}\n"
	"h2{font-size:13pt;margin:1.2em 0 .4em}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{border:1px solid #444;padding:3pt 4pt;vertical-align:top;text-align:left}\n"
	"table.cmp{table-layout:fixed}\n"
	"table.cmp col.n{width:11%}table.cmp col.t{width:35%}table.cmp col.c{width:19%}\n"
	"thead{display:table-header-group}tr{page-break-inside:avoid;break-inside:avoid}\n"
	"th{background:#eee}tr.clause th{background:#f6f6f6;font-weight:bold}\n"
	"table.sum td.k{text-align:right}\n"
	"del{color:#a00;background:#fde8e8;text-decoration:line-through}\n"
	"ins{color:#060;background:#e6f6e6;text-decoration:underline}\n"
	"td.unchanged{color:#555}.id{color:#555;font-weight:normal;font-size:10pt}\n"
	"ul{margin:.2em 0 .2em 1.2em;padding:0}\n"
	"@media print{body{margin:0;max-width:none}del,ins{background:none}}\n";

static void cites_html(const hctx *t, const pact_cite_changes *cs)
{
	if (!pact_report_cites_changed(cs))
		return;
	pact_buf_printf(t->b, "<ul class=\"cites\">");
	for (size_t i = 0; i < cs->count; i++) {
		const pact_cite_change *c = &cs->items[i];
		if (c->status == PACT_CHANGE_UNCHANGED)
			continue;
		pact_buf_printf(t->b, "<li>%s: ", pact_report_cite_label(t->o->lang, c->status));
		pact_buf_puts(t->b, c->status == PACT_CHANGE_REMOVED ? "<del>" : "<ins>");
		esc(t->b, c->cite.text);
		pact_buf_puts(t->b, c->status == PACT_CHANGE_REMOVED ? "</del>" : "</ins>");
		if (c->status == PACT_CHANGE_MODIFIED)
			pact_buf_printf(t->b, " (%s %02d/%02d/%04d)", L(t, L_WAS), c->old_date.day,
			                c->old_date.month, c->old_date.year);
		pact_buf_puts(t->b, "</li>");
	}
	pact_buf_puts(t->b, "</ul>");
}

static void commit_row(const hctx *t, const pact_clause_diff *cd, const pact_commit_diff *c)
{
	pact_buf *b = t->b;
	const pact_clause_ref *r = cd->new.present ? &cd->new : &cd->old;
	long pos = pact_report_commit_pos(c);

	pact_buf_printf(b, "<tr><td>%ld.%ld</td><td%s>", r->number, pos,
	                c->status == PACT_CHANGE_UNCHANGED ? " class=\"unchanged\"" : "");
	if (c->status == PACT_CHANGE_REMOVED) {
		pact_buf_puts(b, "<del>");
		esc(b, c->old_text);
		pact_buf_puts(b, "</del>");
	} else if (c->old_text) {
		redline(t, &c->words, 0);
	}
	pact_buf_printf(b, "</td><td%s>", c->status == PACT_CHANGE_UNCHANGED ? " class=\"unchanged\"" : "");
	if (c->status == PACT_CHANGE_ADDED) {
		pact_buf_puts(b, "<ins>");
		esc(b, c->new_text);
		pact_buf_puts(b, "</ins>");
	} else if (c->new_text) {
		redline(t, &c->words, 1);
	}
	pact_buf_printf(b, "</td><td>%s", pact_label_status(t->o->lang, c->status));
	if (c->from.present) {
		pact_buf_printf(b, "; %s ", L(t, L_MOVED_FROM));
		commit_ref(t, &c->from, c->old_index);
	} else if (c->moved) {
		pact_buf_printf(b, "; %s", L(t, L_MOVED));
	}
	if (c->norm_only)
		pact_buf_printf(b, "; %s (%s)", L(t, L_NORM_ONLY), L(t, L_NORM_NOTE));
	pact_buf_puts(b, "</td></tr>\n");
}

int pact_report_html(pact_buf *b, const pact_diff *d, const pact_report_opts *o)
{
	hctx t = {b, o};
	const pact_diff_summary *s = &d->summary;

	pact_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                   "<meta name=\"viewport\" content=\"width=device-width\">\n<title>",
	                o->lang == PACT_LANG_EN ? "en" : "vi");
	pact_buf_printf(b, "%s: ", L(&t, L_TABLE));
	esc(b, d->old_label);
	pact_buf_puts(b, " → ");
	esc(b, d->new_label);
	pact_buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	pact_buf_printf(b, "<h1>%s</h1>\n<p class=\"sub\">", L(&t, L_TITLE_DIFF));
	label_year(b, d->old_label, d->old_year);
	pact_buf_puts(b, " → ");
	label_year(b, d->new_label, d->new_year);
	pact_buf_puts(b, "</p>\n");

	pact_buf_printf(b, "<h2>%s</h2>\n<table class=\"sum\">\n<thead><tr><th></th><th>%s</th>"
	                   "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n",
	                L(&t, L_SUMMARY), L(&t, L_UNCHANGED), L(&t, L_MODIFIED), L(&t, L_ADDED),
	                L(&t, L_REMOVED), L(&t, L_MOVED), L(&t, L_SPLIT));
	pact_buf_printf(b, "<tr><th>%s (%zu → %zu)</th><td class=\"k\">%zu</td><td class=\"k\">%zu</td>"
	                   "<td class=\"k\">%zu</td><td class=\"k\">%zu</td><td class=\"k\">%zu</td>"
	                   "<td class=\"k\">%zu</td></tr>\n",
	                L(&t, L_CLAUSES), s->old_clauses, s->new_clauses, s->unchanged, s->modified,
	                s->added, s->removed, s->moved, s->split);
	pact_buf_printf(b, "<tr><th>%s (%zu → %zu)</th><td class=\"k\">%zu</td><td class=\"k\">%zu</td>"
	                   "<td class=\"k\">%zu</td><td class=\"k\">%zu</td><td class=\"k\">%zu</td>"
	                   "<td></td></tr>\n</table>\n",
	                L(&t, L_COMMITMENTS), s->old_commitments, s->new_commitments,
	                s->c_unchanged, s->c_modified, s->c_added, s->c_removed, s->c_moved);
	pact_buf_printf(b, "<ul>\n<li>%s: %zu; %s: %zu; %s: %zu</li>\n", L(&t, L_RENUMBERED),
	                s->renumbered, L(&t, L_MERGED), s->merged, L(&t, L_MOVED_ACROSS),
	                s->c_moved_across);
	if (pact_report_sum_cites(b, o->lang, "<li>", s))
		pact_buf_puts(b, "</li>\n");
	pact_buf_puts(b, "<li>");
	pact_report_sum_fields(b, o->lang, d); /* labels only: nothing to escape */
	pact_buf_puts(b, "</li>\n");
	if (pact_report_sum_members(b, o->lang, "<li>", s))
		pact_buf_puts(b, "</li>\n");
	if (s->norm_only) {
		pact_buf_puts(b, "<li>");
		pact_report_sum_norm(b, o->lang, s);
		pact_buf_puts(b, "</li>\n");
	}
	pact_buf_puts(b, "</ul>\n");
	cites_html(&t, &d->cites);
	if (o->stat_only) {
		pact_buf_puts(b, "</body>\n</html>\n");
		return 0;
	}

	pact_buf_printf(b, "<h2>%s</h2>\n<table class=\"cmp\">\n<colgroup><col class=\"n\">"
	                   "<col class=\"t\"><col class=\"t\"><col class=\"c\"></colgroup>\n"
	                   "<thead><tr><th>%s</th><th>",
	                L(&t, L_TABLE), L(&t, L_CLAUSE));
	esc(b, d->old_label);
	pact_buf_puts(b, "</th><th>");
	esc(b, d->new_label);
	pact_buf_printf(b, "</th><th>%s</th></tr></thead>\n<tbody>\n", L(&t, L_CHANGE));

	/* top-level fields that changed, then members */
	for (size_t i = 0; i < d->nfields; i++) {
		const pact_field_diff *f = &d->fields[i];
		if (!f->changed)
			continue;
		pact_buf_printf(b, "<tr><td>%s</td><td>", pact_label_field(o->lang, f->name));
		redline(&t, &f->words, 0);
		pact_buf_puts(b, "</td><td>");
		redline(&t, &f->words, 1);
		pact_buf_printf(b, "</td><td>%s</td></tr>\n", L(&t, L_MODIFIED));
	}
	for (size_t i = 0; i < d->nmembers; i++) {
		const pact_member_diff *m = &d->members[i];
		pact_buf_printf(b, "<tr><td>%s</td><td>", L(&t, L_MEMBERS));
		if (m->old_name) {
			pact_buf_puts(b, m->status == PACT_CHANGE_REMOVED ? "<del>" : "");
			esc(b, m->old_name);
			pact_buf_puts(b, m->status == PACT_CHANGE_REMOVED ? "</del>" : "");
		}
		pact_buf_puts(b, "</td><td>");
		if (m->new_name) {
			pact_buf_puts(b, "<ins>");
			esc(b, m->new_name);
			pact_buf_puts(b, "</ins>");
		}
		pact_buf_printf(b, "</td><td>%s</td></tr>\n",
		                m->status == PACT_CHANGE_ADDED     ? L(&t, L_JOINED)
		                : m->status == PACT_CHANGE_REMOVED ? L(&t, L_LEFT)
		                                                   : L(&t, L_RENAMED));
	}

	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause_diff *cd = &d->clauses[i];
		pact_buf_puts(b, "<tr class=\"clause\"><th colspan=\"3\">");
		cref(&t, cd->new.present ? &cd->new : &cd->old);
		if (!cd->new.present)
			pact_buf_printf(b, " [%d]", d->old_year);
		if (cd->new.present && cd->new.title) {
			pact_buf_puts(b, ": ");
			redline(&t, &cd->title, 1);
		}
		pact_buf_puts(b, "</th><th>");
		pact_report_clause_notes(b, o->lang, d, cd, "; ", cref_html);
		pact_buf_puts(b, "</th></tr>\n");
		for (size_t k = 0; k < cd->ncommits; k++)
			commit_row(&t, cd, &cd->commits[k]);
		for (size_t k = 0; k < cd->nmoved_out; k++) {
			const pact_moved_out *m = &cd->moved_out[k];
			pact_buf_printf(b, "<tr><td>%ld.%ld</td><td class=\"unchanged\">", cd->old.number,
			                m->old_index + 1);
			esc(b, m->text);
			pact_buf_printf(b, "</td><td></td><td>%s ", L(&t, L_MOVED_TO));
			commit_ref(&t, &m->to, m->new_index);
			pact_buf_puts(b, "</td></tr>\n");
		}
		if (pact_report_cites_changed(&cd->cites)) {
			pact_buf_printf(b, "<tr><td></td><td colspan=\"3\">%s:", L(&t, L_CITATIONS));
			cites_html(&t, &cd->cites);
			pact_buf_puts(b, "</td></tr>\n");
		}
	}
	pact_buf_puts(b, "</tbody>\n</table>\n</body>\n</html>\n");
	return 0;
}
