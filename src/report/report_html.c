/*
 * report_html.c - one standalone HTML page: the comparison table an officer
 * prints for the bloc's meeting ("bảng so sánh": OLD | NEW | change).
 *
 * It reads like the paper it replaces: a heading that names the bloc, the
 * province, the two years and their signing dates (in Vietnamese form,
 * "ngày 09 tháng 5 năm 2024", or ISO in English) and the day the report was
 * made; then the summary; then the table, where every clause and
 * commitment carries its old number in the old column and its new number
 * in the new one, the old text with deletions struck (<del>) and the new
 * text with insertions underlined (<ins>); provenance (source, note) in an
 * appendix, not among the contents. --context N keeps N unchanged
 * commitments around a change and folds the rest into one line.
 *
 * Print: A4 with page numbers in the bottom margin ("2 / 5"), the table
 * header repeated on each page, rows free to break so that no page is left
 * half empty, 11 pt Times. The underline of inserted text sits below the
 * dot of dấu nặng (text-underline-offset), so "đạo" does not read "đao".
 * Screens: the page never overflows a narrow window (fixed table layout,
 * long words wrap).
 *
 * No script, no external resource (it must open offline and from an
 * e-mail). Every piece of pact text goes through esc(): a commitment
 * containing "<script>" is shown, never run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pact/sanitize.h"
#include "report.h"

typedef pact_rctx hctx;

/* Pact text as HTML text or attribute content: the sanitiser's HTML mode
 * (& < > " ' as entities), the one escaper of every renderer. */
static void esc(pact_buf *b, const char *s)
{
	if (s)
		pact_buf__put_sanitized(b, s, strlen(s), PACT_SANITIZE_HTML);
}

/* side 0: old text (equal + <del>); side 1: new text (equal + <ins>) */
static void redline(const hctx *t, const pact_worddiff *w, int side)
{
	int any = 0;
	for (size_t i = 0; i < w->nops; i++) {
		pact_op_kind op = w->ops[i].op;
		const char *s = w->ops[i].text;
		if ((side == 0 && op == PACT_OP_INSERT) || (side == 1 && op == PACT_OP_DELETE))
			continue;
		while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
			s++;
		if (s != w->ops[i].text && any)
			pact_buf__putc(t->b, ' ');
		any = 1;
		if (op == PACT_OP_EQUAL) {
			esc(t->b, s);
		} else {
			pact_buf__puts(t->b, op == PACT_OP_DELETE ? "<del>" : "<ins>");
			esc(t->b, s);
			pact_buf__puts(t->b, op == PACT_OP_DELETE ? "</del>" : "</ins>");
		}
	}
}

static void cref_html(pact_buf *b, pact_lang lang, const pact_clause_ref *r)
{
	pact_buf__printf(b, "%s %ld", pact_labels__get(lang, L_CLAUSE), r->number);
	if (r->id) {
		pact_buf__puts(b, " <span class=\"id\">(");
		esc(b, r->id);
		pact_buf__puts(b, ")</span>");
	}
}

/* commitment k of clause r: "khoản 3 Điều 4 (id)" / "Clause 4.3 (id)" */
static void commit_ref(const hctx *t, const pact_clause_ref *r, long k)
{
	pact_report__commit_name(t->b, t->o->lang, r->number, k);
	if (r->id) {
		pact_buf__puts(t->b, " <span class=\"id\">(");
		esc(t->b, r->id);
		pact_buf__puts(t->b, ")</span>");
	}
}

/* "2024@draft (2024)"; just "2024" when the label already is the year */
static void label_year(pact_buf *b, const char *label, int year)
{
	char y[16];
	snprintf(y, sizeof(y), "%d", year);
	esc(b, label);
	if (!label || strcmp(label, y) != 0)
		pact_buf__printf(b, " (%s)", y);
}

static const char css[] =
        "@page{size:A4;margin:12mm 12mm 14mm;"
        "@bottom-center{content:counter(page) \" / \" counter(pages);font:9pt serif}}\n"
        "body{font-family:'Times New Roman',Times,serif;font-size:11pt;line-height:1.3;"
        "max-width:190mm;margin:1em auto;padding:0 .5em;color:#000}\n"
        "header p{margin:0;text-align:center}\n"
        "header .bloc{font-weight:bold;text-transform:uppercase}\n"
        "h1{font-size:13pt;text-align:center;margin:.6em 0 .2em}\n"
        "p.sub{text-align:center;margin:0 0 .2em}\n"
        "header p.made{font-style:italic;margin:.3em 0 0}\n"
        "h2{font-size:12pt;margin:.9em 0 .3em}\n"
        "table{border-collapse:collapse;width:100%}table.cmp{table-layout:fixed}\n"
        "th,td{border:1px solid #444;padding:2pt 4pt;vertical-align:top;text-align:left;"
        "overflow-wrap:break-word}\n"
        "table.cmp col.t{width:42%}table.cmp col.c{width:16%}\n"
        "table.sum th:first-child{width:30%}table.sum td.k{text-align:right}\n"
        "thead{display:table-header-group}tr.clause{break-after:avoid}\n"
        "th{background:#eee}tr.clause th{background:#f4f4f4}\n"
        ".no{font-weight:bold}\n"
        "del{color:#a00;text-decoration:line-through}\n"
        "ins{color:#060;text-decoration:underline;text-underline-offset:.32em;"
        "text-decoration-skip-ink:none}\n"
        "td.same{color:#444}.id{color:#555;font-weight:normal;font-size:9pt}\n"
        "tr.gap td{color:#555;font-style:italic}\n"
        "ul{margin:.2em 0 .2em 1.2em;padding:0}\n"
        "@media print{body{margin:0;max-width:none;padding:0 1px}}\n"
        "@media (max-width:40em){body{font-size:10pt}table.sum{font-size:8.5pt}"
        "table.sum th,table.sum td{padding:1pt 2pt}}\n";

/* s, HTML-escaped, as a new string ("" when out of memory: the buffer's
 * own oom flag is what the caller checks). */
static char *esc_dup(const char *s)
{
	pact_buf b = PACT_BUF_INIT;
	char *r;
	esc(&b, s ? s : "");
	r = pact_buf__detach(&b, NULL);
	return r;
}

/* "Giao ước năm 2023 ký tại Bắc Giang ngày 14 tháng 3 năm 2023." */
static void signed_line(const hctx *t, const pact_diff *d, int side)
{
	const char *iso = pact_report__field(d, "signed.date", side);
	char *place = esc_dup(pact_report__field(d, "signed.place", side));
	pact_buf date = PACT_BUF_INIT;
	pact_date dt;

	if (pact_labels__date_parse(&dt, iso) == 0)
		pact_labels__date(&date, t->o->lang, &dt);
	else
		esc(&date, iso);
	pact_buf__puts(t->b, "<p class=\"signed\">");
	/* TRANSLATORS: "The 2024 pact was signed at PLACE on DATE." DATE is
	 * "ngày 09 tháng 5 năm 2024" in Vietnamese */
	pact_buf__printf(t->b, pact__(t->o->lang, "The %d pact was signed at %s on %s."),
	                 side ? d->new_year : d->old_year, place ? place : "",
	                 date.ptr && !date.oom ? date.ptr : "");
	pact_buf__puts(t->b, "</p>\n");
	if (!place || date.oom)
		t->b->oom = 1;
	free(place);
	pact_buf__clear(&date);
}

static void heading(const hctx *t, const pact_diff *d)
{
	pact_buf *b = t->b;
	pact_date made = t->o->made;
	pact_buf date = PACT_BUF_INIT;

	if (!made.year)
		pact_report__today(&made);
	pact_labels__date(&date, t->o->lang, &made);
	pact_buf__puts(b, "<header>\n<p class=\"bloc\">");
	esc(b, pact_report__field(d, "bloc", 1));
	pact_buf__printf(b, "</p>\n<p class=\"prov\">%s: ", L(t, L_F_PROVINCE));
	esc(b, pact_report__field(d, "province", 1));
	pact_buf__puts(b, "</p>\n<h1>");
	/* TRANSLATORS: the printed table's title, the two years */
	pact_buf__printf(b, pact__(t->o->lang, "Comparison of the %d and %d emulation pacts"),
	                 d->old_year, d->new_year);
	pact_buf__puts(b, "</h1>\n<p class=\"sub\">");
	label_year(b, d->old_label, d->old_year);
	pact_buf__puts(b, " → ");
	label_year(b, d->new_label, d->new_year);
	pact_buf__puts(b, "</p>\n");
	signed_line(t, d, 0);
	signed_line(t, d, 1);
	pact_buf__puts(b, "<p class=\"made\">");
	/* TRANSLATORS: DATE is "ngày 29 tháng 11 năm 2026" in Vietnamese */
	pact_buf__printf(b, pact__(t->o->lang, "Report made on %s"),
	                 date.ptr && !date.oom ? date.ptr : "");
	pact_buf__puts(b, "</p>\n</header>\n");
	if (date.oom)
		b->oom = 1;
	pact_buf__clear(&date);
}

static void summary(const hctx *t, const pact_diff *d)
{
	const pact_diff_summary *s = &d->summary;
	/* the counts the table has no column for, as the text and Markdown
	 * summaries give them: without them the printed table hid that
	 * clauses were renumbered or merged */
	const label_id how[] = {L_RENUMBERED, L_MERGED, L_MOVED_ACROSS};
	const size_t nhow[] = {s->renumbered, s->merged, s->c_moved_across};
	pact_buf *b = t->b;
	pact_lang lang = t->o->lang;

	pact_buf__printf(b,
	                 "<h2>%s</h2>\n<table class=\"sum\">\n<thead><tr><th></th><th>%s</th>"
	                 "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n",
	                 L(t, L_SUMMARY), L(t, L_UNCHANGED), L(t, L_MODIFIED), L(t, L_ADDED),
	                 L(t, L_REMOVED), L(t, L_MOVED), L(t, L_SPLIT));
	pact_buf__printf(
	        b,
	        "<tr><th>%s (%zu → %zu)</th><td class=\"k\">%zu</td><td class=\"k\">%zu</td>"
	        "<td class=\"k\">%zu</td><td class=\"k\">%zu</td><td class=\"k\">%zu</td>"
	        "<td class=\"k\">%zu</td></tr>\n",
	        L(t, L_CLAUSES), s->old_clauses, s->new_clauses, s->unchanged, s->modified,
	        s->added, s->removed, s->moved, s->split);
	pact_buf__printf(
	        b,
	        "<tr><th>%s (%zu → %zu)</th><td class=\"k\">%zu</td><td class=\"k\">%zu</td>"
	        "<td class=\"k\">%zu</td><td class=\"k\">%zu</td><td class=\"k\">%zu</td>"
	        "<td></td></tr>\n</table>\n<ul>\n",
	        L(t, L_COMMITMENTS), s->old_commitments, s->new_commitments, s->c_unchanged,
	        s->c_modified, s->c_added, s->c_removed, s->c_moved);
	if (pact_report__sum_counts(b, lang, "<li>", how, nhow, sizeof(how) / sizeof(how[0])))
		pact_buf__puts(b, "</li>\n");
	pact_report__named_lines(b, lang, d, "<li>", cref_html);
	if (pact_report__sum_cites(b, lang, "<li>", s))
		pact_buf__puts(b, "</li>\n");
	pact_buf__puts(b, "<li>");
	pact_report__sum_fields(b, lang, d); /* labels only: nothing to escape */
	pact_buf__puts(b, "</li>\n");
	if (pact_report__sum_members(b, lang, "<li>", s))
		pact_buf__puts(b, "</li>\n");
	if (s->norm_only) {
		pact_buf__puts(b, "<li>");
		pact_report__sum_norm(b, lang, s);
		pact_buf__puts(b, "</li>\n");
	}
	if (s->coarse) {
		pact_buf__puts(b, "<li>");
		pact_report__sum_coarse(b, lang, s);
		pact_buf__puts(b, "</li>\n");
	}
	pact_buf__puts(b, "</ul>\n");
}

static void cites_html(const hctx *t, const pact_cite_changes *cs)
{
	if (!pact_report__cites_changed(cs))
		return;
	pact_buf__printf(t->b, "<ul class=\"cites\">");
	for (size_t i = 0; i < cs->count; i++) {
		const pact_cite_change *c = &cs->items[i];
		if (c->status == PACT_CHANGE_UNCHANGED)
			continue;
		pact_buf__printf(t->b, "<li>%s: ", pact_report__cite_label(t->o->lang, c->status));
		pact_buf__puts(t->b, c->status == PACT_CHANGE_REMOVED ? "<del>" : "<ins>");
		esc(t->b, c->cite.text);
		pact_buf__puts(t->b, c->status == PACT_CHANGE_REMOVED ? "</del>" : "</ins>");
		if (c->status == PACT_CHANGE_MODIFIED)
			pact_buf__printf(t->b, " (%s %02d/%02d/%04d)", L(t, L_WAS), c->old_date.day,
			                 c->old_date.month, c->old_date.year);
		pact_buf__puts(t->b, "</li>");
	}
	pact_buf__puts(t->b, "</ul>");
}

/* "4.3. " in bold: a commitment's number on one side */
static void number(pact_buf *b, long clause, long k)
{
	pact_buf__printf(b, "<span class=\"no\">%ld.%ld.</span> ", clause, k + 1);
}

static void commit_row(const hctx *t, const pact_clause_diff *cd, const pact_commit_diff *c)
{
	pact_buf *b = t->b;
	const char *same = c->status == PACT_CHANGE_UNCHANGED ? " class=\"same\"" : "";

	pact_buf__printf(b, "<tr><td%s>", same);
	if (c->old_index >= 0)
		number(b, c->from.present ? c->from.number : cd->before.number, c->old_index);
	if (c->status == PACT_CHANGE_REMOVED) {
		pact_buf__puts(b, "<del>");
		esc(b, c->old_text);
		pact_buf__puts(b, "</del>");
	} else if (c->old_text) {
		redline(t, &c->words, 0);
	}
	pact_buf__printf(b, "</td><td%s>", same);
	if (c->new_index >= 0)
		number(b, cd->after.number, c->new_index);
	if (c->status == PACT_CHANGE_ADDED) {
		pact_buf__puts(b, "<ins>");
		esc(b, c->new_text);
		pact_buf__puts(b, "</ins>");
	} else if (c->new_text) {
		redline(t, &c->words, 1);
	}
	pact_buf__printf(b, "</td><td>%s", pact_labels__status(t->o->lang, c->status));
	if (c->from.present) {
		pact_buf__printf(b, "; %s ", L(t, L_MOVED_FROM));
		commit_ref(t, &c->from, c->old_index);
	} else if (c->moved) {
		pact_buf__printf(b, "; %s", L(t, L_MOVED));
	}
	if (c->norm_only)
		pact_buf__printf(b, "; %s (%s)", L(t, L_NORM_ONLY), L(t, L_NORM_NOTE));
	if (c->words.coarse)
		pact_buf__printf(b, "; %s", L(t, L_COARSE));
	pact_buf__puts(b, "</td></tr>\n");
}

static void gap_row(const hctx *t, size_t n)
{
	pact_buf__puts(t->b, "<tr class=\"gap\"><td colspan=\"3\">… ");
	/* TRANSLATORS: a line standing for commitments --context left out */
	pact_buf__printf(t->b, pact__(t->o->lang, "unchanged commitments: %zu"), n);
	pact_buf__puts(t->b, "</td></tr>\n");
}

/* "Điều 2 (id): title" on one side of a clause row */
static void clause_side(const hctx *t, const pact_clause_diff *cd, int side)
{
	const pact_clause_ref *r = side ? &cd->after : &cd->before;
	if (!r->present)
		return;
	cref_html(t->b, t->o->lang, r);
	if (r->title) {
		pact_buf__puts(t->b, ": ");
		if (cd->before.present && cd->after.present)
			redline(t, &cd->title, side);
		else
			esc(t->b, r->title);
	}
}

static void clause_rows(const hctx *t, const pact_diff *d, const pact_clause_diff *cd)
{
	pact_buf *b = t->b;
	size_t hidden = 0;

	pact_buf__puts(b, "<tr class=\"clause\"><th>");
	clause_side(t, cd, 0);
	pact_buf__puts(b, "</th><th>");
	clause_side(t, cd, 1);
	pact_buf__puts(b, "</th><th>");
	pact_report__clause_notes(b, t->o->lang, d, cd, "; ", cref_html);
	pact_buf__puts(b, "</th></tr>\n");
	for (size_t k = 0; k < cd->ncommits; k++) {
		if (!pact_report__commit_shown(cd, k, t->o->context)) {
			hidden++;
			continue;
		}
		if (hidden)
			gap_row(t, hidden);
		hidden = 0;
		commit_row(t, cd, &cd->commits[k]);
	}
	if (hidden)
		gap_row(t, hidden);
	for (size_t k = 0; k < cd->nmoved_out; k++) {
		const pact_moved_out *m = &cd->moved_out[k];
		pact_buf__puts(b, "<tr><td class=\"same\">");
		number(b, cd->before.number, m->old_index);
		esc(b, m->text);
		pact_buf__printf(b, "</td><td></td><td>%s ", L(t, L_MOVED_TO));
		commit_ref(t, &m->to, m->new_index);
		pact_buf__puts(b, "</td></tr>\n");
	}
	if (pact_report__cites_changed(&cd->cites)) {
		pact_buf__printf(b, "<tr><td colspan=\"3\">%s:", L(t, L_CITATIONS));
		cites_html(t, &cd->cites);
		pact_buf__puts(b, "</td></tr>\n");
	}
}

/* Provenance: where each year's text came from and notes about it. */
static int is_provenance(const char *name)
{
	return !strcmp(name, "source") || !strcmp(name, "note");
}

/* "Preamble: old" | "Preamble: new" | status, each side's words */
static void field_row(const hctx *t, const pact_field_diff *f)
{
	const char *name = pact_labels__field(t->o->lang, f->name);
	pact_buf *b = t->b;

	pact_buf__puts(b, "<tr><td>");
	if (f->old_value) {
		pact_buf__printf(b, "<span class=\"no\">%s:</span> ", name);
		redline(t, &f->words, 0);
	}
	pact_buf__puts(b, "</td><td>");
	if (f->new_value) {
		pact_buf__printf(b, "<span class=\"no\">%s:</span> ", name);
		redline(t, &f->words, 1);
	}
	pact_buf__printf(b, "</td><td>%s</td></tr>\n",
	                 !f->changed     ? L(t, f->norm_only ? L_NORM_ONLY : L_UNCHANGED)
	                 : !f->old_value ? L(t, L_ADDED)
	                 : !f->new_value ? L(t, L_REMOVED)
	                                 : L(t, L_MODIFIED));
}

/* Names of members, one a line; struck through or underlined (tag). */
static void member_names(pact_buf *b, const pact_member_ref *r, size_t n, const char *name,
                         const char *tag)
{
	if (name)
		r = NULL, n = 1;
	for (size_t i = 0; i < n; i++) {
		pact_buf__printf(b, "%s%s%s%s", i ? "<br>" : "", tag ? "<" : "", tag ? tag : "",
		                 tag ? ">" : "");
		esc(b, r ? r[i].name : name);
		if (tag)
			pact_buf__printf(b, "</%s>", tag);
	}
}

/* A member change as a row: the old year's members, the new year's, and
 * what became of them (Joined, Left, Renamed, Merged, Split). */
static void member_row(const hctx *t, const pact_member_diff *m)
{
	pact_buf *b = t->b;
	int split = m->event == PACT_MEMBER_SPLIT, merged = m->event == PACT_MEMBER_MERGED;

	pact_buf__printf(b, "<tr><td>%s: ", L(t, L_MEMBERS));
	if (merged)
		member_names(b, m->from, m->nfrom, NULL, NULL);
	else if (m->old_name)
		member_names(b, NULL, 0, m->old_name,
		             m->status == PACT_CHANGE_REMOVED ? "del" : NULL);
	pact_buf__printf(b, "</td><td>%s: ", L(t, L_MEMBERS));
	if (split)
		member_names(b, m->into, m->ninto, NULL, "ins");
	else if (m->new_name)
		member_names(b, NULL, 0, m->new_name, "ins");
	pact_buf__printf(b, "</td><td>%s</td></tr>\n", pact_report__member_label(t->o->lang, m));
}

static void field_rows(const hctx *t, const pact_diff *d)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const pact_field_diff *f = &d->fields[i];
		if (!pact_report__field_shown(f) || is_provenance(f->name))
			continue;
		field_row(t, f);
	}
	for (size_t i = 0; i < d->nmembers; i++)
		member_row(t, &d->members[i]);
}

static void appendix(const hctx *t, const pact_diff *d)
{
	pact_buf *b = t->b;
	int any = 0;

	for (size_t i = 0; i < d->nfields; i++) {
		const pact_field_diff *f = &d->fields[i];
		if (!is_provenance(f->name) || (!f->old_value && !f->new_value))
			continue;
		if (!any++) {
			/* TRANSLATORS: heading of the printed table's last part */
			pact_buf__printf(
			        b,
			        "<h2>%s</h2>\n<table class=\"cmp\">\n<colgroup><col class=\"t\">"
			        "<col class=\"t\"><col class=\"c\"></colgroup>\n<tbody>\n",
			        pact__(t->o->lang, "Appendix: source and notes"));
		}
		field_row(t, f);
	}
	if (any)
		pact_buf__puts(b, "</tbody>\n</table>\n");
}

int pact_report__html(pact_buf *b, const pact_diff *d, const pact_report_opts *o)
{
	hctx t = {b, o};

	pact_buf__printf(b,
	                 "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width\">\n<title>",
	                 o->lang == PACT_LANG_EN ? "en" : "vi");
	pact_buf__printf(b, "%s: ", L(&t, L_TABLE));
	esc(b, d->old_label);
	pact_buf__puts(b, " → ");
	esc(b, d->new_label);
	pact_buf__printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	heading(&t, d);
	summary(&t, d);
	cites_html(&t, &d->cites);
	if (o->stat_only) {
		pact_buf__puts(b, "</body>\n</html>\n");
		return 0;
	}
	pact_buf__printf(b,
	                 "<h2>%s</h2>\n<table class=\"cmp\">\n<colgroup><col class=\"t\">"
	                 "<col class=\"t\"><col class=\"c\"></colgroup>\n<thead><tr><th>",
	                 L(&t, L_TABLE));
	label_year(b, d->old_label, d->old_year);
	pact_buf__puts(b, "</th><th>");
	label_year(b, d->new_label, d->new_year);
	pact_buf__printf(b, "</th><th>%s</th></tr></thead>\n<tbody>\n", L(&t, L_CHANGE));
	field_rows(&t, d);
	for (size_t i = 0; i < d->nclauses; i++)
		clause_rows(&t, d, &d->clauses[i]);
	pact_buf__puts(b, "</tbody>\n</table>\n");
	appendix(&t, d);
	pact_buf__puts(b, "</body>\n</html>\n");
	return 0;
}
