/*
 * report_md.c - the Markdown report, for review threads and wikis.
 *
 * Same content and order as the text report. Deletions are ~~struck~~ and
 * insertions **bold** (the redline convention that survives GitHub, GitLab
 * and most wikis, which strip <del>/<ins>); pact text is escaped so that a
 * "*" or "_" in a commitment cannot turn into formatting, and "|" cannot
 * break the summary table.
 *
 * CommonMark opens emphasis only at a "left-flanking" run and closes it at
 * a "right-flanking" one: `**(**after` or `năm**“thi đua”**` stay literal
 * asterisks, because a delimiter between a letter and punctuation flanks
 * neither way. So a change that starts or ends with punctuation next to a
 * letter is marked with <del>/<ins> instead, which every CommonMark reader
 * keeps; the tests check the output with cmark-gfm. Commitments are
 * bullets numbered in the text ("- 5\. ..."): an ordered list would be
 * renumbered from its first item by the reader, and --context leaves gaps.
 */
#include <string.h>

#include <utf8proc.h>

#include "pact/sanitize.h"
#include "report.h"

typedef pact_rctx mctx;

/* Pact text as Markdown inline text: the sanitiser's Markdown mode, the one
 * escaper of every renderer (a newline reads as a space, punctuation that
 * could be syntax gets a backslash, and a piece that starts a line opens
 * no heading, list or code block). */
static void esc(pact_buf *b, const char *s, size_t n)
{
	pact_buf__put_sanitized(b, s, n, PACT_SANITIZE_MARKDOWN);
}

static void escs(pact_buf *b, const char *s)
{
	if (s)
		esc(b, s, strlen(s));
}

/* Unicode punctuation or symbol, as CommonMark's flanking rules count it */
static int punct(utf8proc_int32_t cp)
{
	utf8proc_category_t c;
	if (cp < 0)
		return 0;
	c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO) ||
	       (c >= UTF8PROC_CATEGORY_SM && c <= UTF8PROC_CATEGORY_SO);
}

static int space(utf8proc_int32_t cp)
{
	return cp < 0 || cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r';
}

/* The first and the last code point of s (-1: none). */
static utf8proc_int32_t first_cp(const char *s)
{
	utf8proc_int32_t cp = -1;
	if (s && *s && utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp) < 0)
		cp = -1;
	return cp;
}

static utf8proc_int32_t last_cp(const char *s, size_t n)
{
	size_t i = n;
	utf8proc_int32_t cp = -1;
	if (!s || !n)
		return -1;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		i--;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp) < 0)
		cp = -1;
	return cp;
}

/* Whether `**x**` (or `~~x~~`) would be read as emphasis between `before`
 * and `after` (-1 at either end or whitespace). */
static int flanks(utf8proc_int32_t before, const char *x, utf8proc_int32_t after)
{
	int opens = !punct(first_cp(x)) || space(before) || punct(before);
	int closes = !punct(last_cp(x, strlen(x))) || space(after) || punct(after);
	return opens && closes;
}

/* Mark s deleted (~~ or <del>) or inserted (** or <ins>). */
static void mark(const mctx *t, const char *s, int del, utf8proc_int32_t after)
{
	pact_buf *b = t->b;
	utf8proc_int32_t before = b->len ? last_cp(b->ptr, b->len) : -1;
	int md = flanks(before, s, after);
	pact_buf__puts(b, md ? (del ? "~~" : "**") : (del ? "<del>" : "<ins>"));
	escs(b, s);
	pact_buf__puts(b, md ? (del ? "~~" : "**") : (del ? "</del>" : "</ins>"));
}

static void words(const mctx *t, const pact_worddiff *w)
{
	for (size_t i = 0; i < w->nops; i++) {
		const char *s = w->ops[i].text;
		int lead = 0, apart;
		utf8proc_int32_t after = -1;
		while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			s++;
			lead = 1;
		}
		if (lead && i > 0 &&
		    !(w->ops[i].op == PACT_OP_INSERT && w->ops[i - 1].op == PACT_OP_DELETE))
			pact_buf__putc(t->b, ' ');
		apart = w->ops[i].op == PACT_OP_DELETE && i + 1 < w->nops &&
		        w->ops[i + 1].op == PACT_OP_INSERT;
		if (i + 1 < w->nops && !apart)
			after = first_cp(w->ops[i + 1].text);
		if (w->ops[i].op == PACT_OP_EQUAL)
			escs(t->b, s);
		else
			mark(t, s, w->ops[i].op == PACT_OP_DELETE, after);
		if (apart)
			pact_buf__putc(t->b, ' ');
	}
}

static void cref_md(pact_buf *b, pact_lang lang, const pact_clause_ref *r)
{
	pact_buf__printf(b, "%s %ld", pact_labels__get(lang, L_CLAUSE), r->number);
	if (r->id) {
		pact_buf__puts(b, " (`");
		pact_buf__puts(b, r->id); /* ids are slugs [a-z0-9-] */
		pact_buf__puts(b, "`)");
	}
}

static void cref(const mctx *t, const pact_clause_ref *r)
{
	cref_md(t->b, t->o->lang, r);
}

/* commitment k of clause r: "khoản 3 Điều 4 (`id`)" / "Clause 4.3 (`id`)" */
static void commit_ref(const mctx *t, const pact_clause_ref *r, long k)
{
	pact_report__commit_name(t->b, t->o->lang, r->number, k);
	if (r->id) {
		pact_buf__puts(t->b, " (`");
		pact_buf__puts(t->b, r->id);
		pact_buf__puts(t->b, "`)");
	}
}

static void cites(const mctx *t, const pact_cite_changes *cs, int heading)
{
	if (!pact_report__cites_changed(cs))
		return;
	if (heading)
		pact_buf__printf(t->b, "\n## %s\n\n", L(t, L_CITATIONS));
	else
		pact_buf__printf(t->b, "\n%s:\n\n", L(t, L_CITATIONS));
	for (size_t i = 0; i < cs->count; i++) {
		const pact_cite_change *c = &cs->items[i];
		if (c->status == PACT_CHANGE_UNCHANGED)
			continue;
		pact_buf__printf(t->b, "- %s: ", pact_report__cite_label(t->o->lang, c->status));
		escs(t->b, c->cite.text);
		if (c->status == PACT_CHANGE_MODIFIED)
			pact_buf__printf(t->b, " (%s %02d/%02d/%04d)", L(t, L_WAS), c->old_date.day,
			                 c->old_date.month, c->old_date.year);
		pact_buf__putc(t->b, '\n');
	}
}

/* The heading: bloc, province, when each year was signed (in the
 * officers' date form) and the day the report was made, as the HTML
 * table's. */
static void heading(const mctx *t, const pact_diff *d)
{
	pact_buf *b = t->b;
	pact_lang lang = t->o->lang;

	pact_buf__printf(b, "# %s: ", L(t, L_TITLE_DIFF));
	escs(b, d->old_label);
	pact_buf__puts(b, " → ");
	escs(b, d->new_label);
	pact_buf__puts(b, "\n\n");
	escs(b, pact_report__field(d, "bloc", 1));
	pact_buf__printf(b, " — %s: ", L(t, L_F_PROVINCE));
	escs(b, pact_report__field(d, "province", 1));
	pact_buf__puts(b, "\n\n");
	for (int side = 0; side < 2; side++) {
		pact_buf place = PACT_BUF_INIT, date = PACT_BUF_INIT;
		pact_date dt;
		const char *iso = pact_report__field(d, "signed.date", side);
		escs(&place, pact_report__field(d, "signed.place", side));
		if (pact_labels__date_parse(&dt, iso) == 0)
			pact_labels__date(&date, lang, &dt);
		else
			escs(&date, iso);
		pact_buf__puts(b, side ? " " : "");
		pact_buf__printf(b, pact__(lang, "The %d pact was signed at %s on %s."),
		                 side ? d->new_year : d->old_year, place.ptr ? place.ptr : "",
		                 date.ptr ? date.ptr : "");
		if (place.oom || date.oom)
			b->oom = 1;
		pact_buf__clear(&place);
		pact_buf__clear(&date);
	}
	/* the day the report was made, as the HTML table says it */
	pact_date made = t->o->made;
	pact_buf day = PACT_BUF_INIT;
	if (!made.year)
		pact_report__today(&made);
	pact_labels__date(&day, lang, &made);
	pact_buf__puts(b, "\n\n*");
	pact_buf__printf(b, pact__(lang, "Report made on %s"), day.ptr && !day.oom ? day.ptr : "");
	pact_buf__puts(b, "*\n");
	if (day.oom)
		b->oom = 1;
	pact_buf__clear(&day);
}

static size_t summary(const mctx *t, const pact_diff *d)
{
	const pact_diff_summary *s = &d->summary;
	const label_id how[] = {L_RENUMBERED, L_MERGED, L_MOVED_ACROSS};
	const size_t nhow[] = {s->renumbered, s->merged, s->c_moved_across};
	pact_buf *b = t->b;
	pact_lang lang = t->o->lang;
	size_t n;

	pact_buf__printf(b, "\n## %s\n\n", L(t, L_SUMMARY));
	pact_buf__printf(b,
	                 "| | %s | %s | %s | %s | %s | %s |\n|---|---:|---:|---:|---:|---:|---:|\n",
	                 L(t, L_UNCHANGED), L(t, L_MODIFIED), L(t, L_ADDED), L(t, L_REMOVED),
	                 L(t, L_MOVED), L(t, L_SPLIT));
	pact_buf__printf(b, "| %s (%zu → %zu) | %zu | %zu | %zu | %zu | %zu | %zu |\n",
	                 L(t, L_CLAUSES), s->old_clauses, s->new_clauses, s->unchanged, s->modified,
	                 s->added, s->removed, s->moved, s->split);
	pact_buf__printf(b, "| %s (%zu → %zu) | %zu | %zu | %zu | %zu | %zu | |\n\n",
	                 L(t, L_COMMITMENTS), s->old_commitments, s->new_commitments,
	                 s->c_unchanged, s->c_modified, s->c_added, s->c_removed, s->c_moved);
	/* as the text summary: the counts that are not zero, none when all are */
	if (pact_report__sum_counts(b, lang, "- ", how, nhow, sizeof(how) / sizeof(how[0])))
		pact_buf__putc(b, '\n');
	if (pact_report__sum_cites(b, lang, "- ", s))
		pact_buf__putc(b, '\n');
	pact_buf__puts(b, "- ");
	n = pact_report__sum_fields(b, lang, d);
	pact_buf__putc(b, '\n');
	if (pact_report__sum_members(b, lang, "- ", s))
		pact_buf__putc(b, '\n');
	if (s->norm_only) {
		pact_buf__puts(b, "- ");
		pact_report__sum_norm(b, lang, s);
		pact_buf__putc(b, '\n');
	}
	if (s->coarse) {
		pact_buf__puts(b, "- ");
		pact_report__sum_coarse(b, lang, s);
		pact_buf__putc(b, '\n');
	}
	/* what happened to which clause */
	pact_report__named_lines(b, lang, d, "- ", cref_md);
	return n;
}

static int is_provenance(const char *name)
{
	return !strcmp(name, "source") || !strcmp(name, "note");
}

static void fields(const mctx *t, const pact_diff *d)
{
	pact_buf *b = t->b;
	int any = d->nmembers != 0;

	for (size_t i = 0; i < d->nfields; i++)
		any |= pact_report__field_shown(&d->fields[i]) && !is_provenance(d->fields[i].name);
	if (!any)
		return;
	pact_buf__printf(b, "\n## %s\n\n", L(t, L_FIELDS));
	for (size_t i = 0; i < d->nfields; i++) {
		if (!pact_report__field_shown(&d->fields[i]) || is_provenance(d->fields[i].name))
			continue;
		pact_buf__printf(b,
		                 "- **%s**: ", pact_labels__field(t->o->lang, d->fields[i].name));
		words(t, &d->fields[i].words);
		if (!d->fields[i].changed)
			pact_buf__printf(b, " *(%s)*", L(t, L_NORM_ONLY));
		pact_buf__putc(b, '\n');
	}
	for (size_t i = 0; i < d->nmembers; i++) {
		const pact_member_diff *m = &d->members[i];
		pact_buf__puts(b, "- ");
		pact_report__member_change(b, t->o->lang, m, escs, " (`", "`)");
		pact_buf__putc(b, '\n');
	}
}

/* source: and note: are provenance, not content: an appendix. */
static void appendix(const mctx *t, const pact_diff *d)
{
	int any = 0;
	for (size_t i = 0; i < d->nfields; i++) {
		const pact_field_diff *f = &d->fields[i];
		if (!is_provenance(f->name) || (!f->old_value && !f->new_value))
			continue;
		if (!any++)
			pact_buf__printf(t->b, "\n## %s\n\n",
			                 pact__(t->o->lang, "Appendix: source and notes"));
		pact_buf__printf(t->b, "- **%s**: ", pact_labels__field(t->o->lang, f->name));
		words(t, &f->words);
		pact_buf__putc(t->b, '\n');
	}
}

static void commit_line(const mctx *t, const pact_commit_diff *c)
{
	pact_buf *b = t->b;

	pact_buf__printf(b, "- %ld\\. ", pact_report__commit_pos(c));
	switch (c->status) {
	case PACT_CHANGE_UNCHANGED:
		pact_buf__printf(b, "*(%s)* ", L(t, L_UNCHANGED));
		escs(b, c->new_text);
		break;
	case PACT_CHANGE_MODIFIED:
		words(t, &c->words);
		break;
	case PACT_CHANGE_ADDED:
		pact_buf__printf(b, "*(%s)* ", L(t, L_ADDED));
		mark(t, c->new_text, 0, -1);
		break;
	case PACT_CHANGE_REMOVED:
		pact_buf__printf(b, "*(%s)* ", L(t, L_REMOVED));
		mark(t, c->old_text, 1, -1);
		break;
	}
	if (c->from.present) {
		pact_buf__printf(b, " *(%s ", L(t, L_MOVED_FROM));
		commit_ref(t, &c->from, c->old_index);
		pact_buf__puts(b, ")*");
	} else if (c->moved) {
		pact_buf__printf(b, " *(%s)*", L(t, L_MOVED));
	}
	if (c->norm_only)
		pact_buf__printf(b, " *(%s)*", L(t, L_NORM_ONLY));
	if (c->words.coarse)
		pact_buf__printf(b, " *(%s)*", L(t, L_COARSE));
	pact_buf__putc(b, '\n');
}

static void gap(const mctx *t, size_t n)
{
	pact_buf__puts(t->b, "- … ");
	pact_buf__printf(t->b, pact__(t->o->lang, "unchanged commitments: %zu"), n);
	pact_buf__putc(t->b, '\n');
}

static void clause(const mctx *t, const pact_diff *d, const pact_clause_diff *cd)
{
	pact_buf *b = t->b;
	const pact_report_opts *o = t->o;
	size_t hidden = 0;

	pact_buf__puts(b, "\n### ");
	cref(t, pact_report__heading_ref(cd));
	if (pact_report__heading_ref(cd) == &cd->before)
		pact_buf__printf(b, " [%d]", d->old_year);
	pact_buf__puts(b, " — ");
	pact_report__clause_notes(b, o->lang, d, cd, ", ", cref_md);
	if (o->verbose && cd->before.present && cd->after.present) {
		pact_buf__puts(b, " (");
		pact_report__similarity(b, o->lang, cd);
		pact_buf__putc(b, ')');
	}
	pact_buf__puts(b, "\n\n");
	if (cd->status == PACT_CHANGE_UNCHANGED && !pact_report__has_norm_only(cd))
		return;
	if (cd->title_changed) {
		pact_buf__printf(b, "- %s: ", L(t, L_TITLE_OF_CLAUSE));
		words(t, &cd->title);
		pact_buf__putc(b, '\n');
	}
	for (size_t k = 0; k < cd->ncommits; k++) {
		if (!pact_report__commit_shown(cd, k, o->context)) {
			hidden++;
			continue;
		}
		if (hidden)
			gap(t, hidden);
		hidden = 0;
		commit_line(t, &cd->commits[k]);
	}
	if (hidden)
		gap(t, hidden);
	for (size_t k = 0; k < cd->nmoved_out; k++) {
		const pact_moved_out *m = &cd->moved_out[k];
		pact_buf__printf(b, "- *%s* ", L(t, L_MOVED_TO));
		commit_ref(t, &m->to, m->new_index);
		pact_buf__puts(b, ": ");
		escs(b, m->text);
		pact_buf__putc(b, '\n');
	}
	cites(t, &cd->cites, 0);
}

int pact_report__md(pact_buf *b, const pact_diff *d, const pact_report_opts *o)
{
	mctx t = {b, o};

	heading(&t, d);
	summary(&t, d);
	if (o->stat_only)
		return 0;
	/* the unchanged clauses in one line: the reader looks for what changed */
	if (pact_report__unchanged_line(b, o->lang, d, "\n"))
		pact_buf__putc(b, '\n');
	fields(&t, d);
	pact_buf__printf(b, "\n## %s\n", L(&t, L_CLAUSES));
	for (size_t i = 0; i < d->nclauses; i++)
		if (!pact_report__collapsed(&d->clauses[i]))
			clause(&t, d, &d->clauses[i]);
	cites(&t, &d->cites, 1);
	appendix(&t, d);
	return 0;
}
