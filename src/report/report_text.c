/*
 * report_text.c - the terminal report: summary first, then clause by clause
 * with inline word changes.
 *
 * Without colour, changes are marked like `git diff --word-diff=plain`
 * ([-deleted-]{+inserted+}) so the output survives copy and paste and
 * e-mail; with colour, deletions are red and insertions green as in git.
 * Unchanged commitments are cut to one short line: the reader looks for
 * what changed. Whitespace that precedes a changed piece is printed outside
 * the markers, so "tăng [-cường-] {+mạnh+}" reads naturally.
 */
#include <string.h>
#include <utf8proc.h>

#include "pact/sanitize.h"
#include "report.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define DEL_SGR "\033[31;9m" /* red, struck through: deleted words */
#define INS_SGR "\033[32;4m" /* green, underlined: inserted words */
#define BOLD "\033[1m"
#define CYAN "\033[36m"
#define DIM "\033[2m"
#define RESET "\033[m"

/* An unchanged commitment is cut so that its whole line, indentation,
 * mark and number included, fits this many terminal columns: the width
 * of a terminal nobody resized, and the pager's when it cannot tell.
 * A cut that ran past it (72 characters after "   = 2. ") was wrapped by
 * the pager and left the last syllable and the "…" alone on a line. */
#define SHORT_LINE_COLS 80

typedef pact_rctx tctx;

/* The only raw control bytes of the report: pact_report_render filters
 * everything else through the sanitiser (pact_buf__filter). */
static void color(const tctx *t, const char *c)
{
	if (t->o->color)
		pact_buf__put_raw(t->b, c);
}

/* a member's name: the report is filtered through the sanitiser whole */
static void plain_name(pact_buf *b, const char *s)
{
	pact_buf__puts(b, s);
}

/* copy s without its leading whitespace; print the whitespace first */
static const char *lead_ws(pact_buf *b, const char *s)
{
	const char *p = s;
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	if (p > s)
		pact_buf__putc(b, ' ');
	return p;
}

/* Deleted words are [-struck-] and inserted ones {+underlined+}, a space
 * between a deletion and the insertion that replaces it: "[-Khôi phục-]
 * {+Tập trung+}" reads as two phrases, not "Khôi phụcTập trung". In colour
 * the marks are SGR 9 (strike) and 4 (underline) on top of red and green,
 * so the change shows without telling red from green. */
static void words(const tctx *t, const pact_worddiff *w)
{
	for (size_t i = 0; i < w->nops; i++) {
		const char *s = w->ops[i].text;
		if (i == 0)
			while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
				s++;
		else if (w->ops[i].op == PACT_OP_INSERT && w->ops[i - 1].op == PACT_OP_DELETE) {
			while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
				s++;
			pact_buf__putc(t->b, ' ');
		} else
			s = lead_ws(t->b, s);
		switch (w->ops[i].op) {
		case PACT_OP_EQUAL:
			pact_buf__puts(t->b, s);
			break;
		case PACT_OP_DELETE:
			if (t->o->color) {
				color(t, DEL_SGR);
				pact_buf__puts(t->b, s);
				color(t, RESET);
			} else
				pact_buf__printf(t->b, "[-%s-]", s);
			break;
		case PACT_OP_INSERT:
			if (t->o->color) {
				color(t, INS_SGR);
				pact_buf__puts(t->b, s);
				color(t, RESET);
			} else
				pact_buf__printf(t->b, "{+%s+}", s);
			break;
		}
	}
}

/* Columns of "   = 12. " / "   → 12. ": three spaces, a mark, a space,
 * the number, a dot and a space. */
static size_t short_prefix_cols(long number)
{
	size_t n = 8;
	for (long v = number < 0 ? -number : number; v >= 10; v /= 10)
		n++;
	return n + (number < 0);
}

/* Print s, or as much of it as fits the rest of a SHORT_LINE_COLS line
 * after `used` columns, followed by "…". Width is counted as the pager
 * counts it (utf8proc_charwidth: combining marks take none); the cut
 * falls after a word when one ends in the last quarter of the room. */
static void put_short(pact_buf *b, const char *s, size_t used)
{
	size_t room = used + 1 < SHORT_LINE_COLS ? SHORT_LINE_COLS - used - 1 : 1;
	size_t len = strlen(s), i = 0, cols = 0, cut = 0, word_end = 0;

	while (i < len) {
		utf8proc_int32_t cp = 0;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		int cw = n > 0 ? utf8proc_charwidth(cp) : 1;
		size_t w = cw > 0 ? (size_t)cw : 0;

		if (n <= 0)
			n = 1;
		if (cols + w > room && !cut)
			cut = i;
		if (cp == ' ' && cols <= room && cols * 4 >= room * 3)
			word_end = i;
		cols += w;
		i += (size_t)n;
	}
	if (cols <= room + 1) { /* the whole text fits where the "…" would go */
		pact_buf__put(b, s, len);
		return;
	}
	if (word_end)
		cut = word_end;
	pact_buf__put(b, s, cut);
	pact_buf__puts(b, "…");
}

/* "khoản 3 Điều 4 (xay-dung-dang)": commitment k (0-based) of clause r */
static void commit_ref(const tctx *t, const pact_clause_ref *r, long k)
{
	pact_report__commit_name(t->b, t->o->lang, r->number, k);
	if (r->id)
		pact_buf__printf(t->b, " (%s)", r->id);
}

/* "  Clauses: 5 → 6; Modified 5, Added 1; Moved 1, Split 1": the counts
 * that are not zero, in two groups (what changed; how the rest moved). */
static void clause_counts(const tctx *t, const pact_diff_summary *s)
{
	const label_id what[] = {L_UNCHANGED, L_MODIFIED, L_ADDED, L_REMOVED};
	const size_t nwhat[] = {s->unchanged, s->modified, s->added, s->removed};
	const label_id how[] = {L_MOVED, L_RENUMBERED, L_SPLIT, L_MERGED};
	const size_t nhow[] = {s->moved, s->renumbered, s->split, s->merged};
	pact_lang lang = t->o->lang;

	pact_buf__printf(t->b, "  %s: %zu → %zu", L(t, L_CLAUSES), s->old_clauses, s->new_clauses);
	pact_report__sum_counts(t->b, lang, "; ", what, nwhat, 4);
	pact_report__sum_counts(t->b, lang, "; ", how, nhow, 4);
	pact_buf__putc(t->b, '\n');
}

static void commit_counts(const tctx *t, const pact_diff_summary *s)
{
	const label_id what[] = {L_UNCHANGED, L_MODIFIED, L_ADDED, L_REMOVED, L_MOVED};
	const size_t nwhat[] = {s->c_unchanged, s->c_modified, s->c_added, s->c_removed,
	                        s->c_moved};
	const label_id words_[] = {L_WORDS_DEL, L_WORDS_INS};
	const size_t nwords[] = {s->words_deleted, s->words_inserted};
	pact_lang lang = t->o->lang;

	pact_buf__printf(t->b, "  %s: %zu → %zu", L(t, L_COMMITMENTS), s->old_commitments,
	                 s->new_commitments);
	pact_report__sum_counts(t->b, lang, "; ", what, nwhat, 5);
	if (s->c_moved_across)
		pact_buf__printf(t->b, " (%s %zu)", L(t, L_MOVED_ACROSS), s->c_moved_across);
	pact_report__sum_counts(t->b, lang, "; ", words_, nwords, 2);
	pact_buf__putc(t->b, '\n');
}

/* The summary says what happened and names the clauses it happened to;
 * counts that are zero are left out. */
static void summary(const tctx *t, const pact_diff *d)
{
	const pact_diff_summary *s = &d->summary;
	pact_buf *b = t->b;

	color(t, BOLD);
	/* the labels are file names or addresses: one line, so a name with a
	 * newline forges no line of the report */
	pact_buf__printf(b, "%s: ", L(t, L_TITLE_DIFF));
	pact_buf__put_sanitized(b, d->old_label ? d->old_label : "",
	                        d->old_label ? strlen(d->old_label) : 0, PACT_SANITIZE_LINE);
	pact_buf__puts(b, " → ");
	pact_buf__put_sanitized(b, d->new_label ? d->new_label : "",
	                        d->new_label ? strlen(d->new_label) : 0, PACT_SANITIZE_LINE);
	pact_buf__puts(b, "\n");
	color(t, RESET);
	pact_buf__printf(b, "%s:\n", L(t, L_SUMMARY));
	if (!d->differs) /* the verdict first, before the counts */
		pact_buf__printf(b, "  %s\n", L(t, L_NO_DIFF));
	clause_counts(t, s);
	commit_counts(t, s);
	if (pact_report__sum_cites(b, t->o->lang, "  ", s))
		pact_buf__putc(b, '\n');
	if (s->fields_changed) {
		pact_buf__puts(b, "  ");
		pact_report__sum_fields(b, t->o->lang, d);
		pact_buf__putc(b, '\n');
	}
	if (pact_report__sum_members(b, t->o->lang, "  ", s))
		pact_buf__putc(b, '\n');
	if (s->norm_only) {
		pact_buf__puts(b, "  ");
		pact_report__sum_norm(b, t->o->lang, s);
		pact_buf__putc(b, '\n');
	}
	if (s->coarse) {
		pact_buf__puts(b, "  ");
		pact_report__sum_coarse(b, t->o->lang, s);
		pact_buf__putc(b, '\n');
	}
}

/* After the summary, one line per kind of change naming the clauses, then
 * (except with --stat) the unchanged ones; a blank line first, none of it
 * when there is nothing to name. */
static void named(const tctx *t, const pact_diff *d)
{
	pact_buf *b = t->b;
	size_t mark = b->len, n;

	pact_buf__putc(b, '\n');
	n = pact_report__named_lines(b, t->o->lang, d, "", pact_report__clause_name);
	if (!t->o->stat_only && pact_report__unchanged_line(b, t->o->lang, d, "")) {
		pact_buf__putc(b, '\n');
		n++;
	}
	if (!n && !b->oom) { /* take the blank line back (it is plain text) */
		b->len = mark;
		b->ptr[mark] = '\0';
		if (b->clean > mark)
			b->clean = mark;
	}
}

static void cite_line(const tctx *t, const pact_cite_changes *cs, const char *indent)
{
	if (!pact_report__cites_changed(cs))
		return;
	pact_buf__printf(t->b, "%s%s:\n", indent, L(t, L_CITATIONS));
	for (size_t i = 0; i < cs->count; i++) {
		const pact_cite_change *c = &cs->items[i];
		switch (c->status) {
		case PACT_CHANGE_ADDED:
			color(t, GREEN);
			pact_buf__printf(t->b, "%s  + %s: %s", indent, L(t, L_CITE_ADDED),
			                 c->cite.text);
			break;
		case PACT_CHANGE_REMOVED:
			color(t, RED);
			pact_buf__printf(t->b, "%s  - %s: %s", indent, L(t, L_CITE_DROPPED),
			                 c->cite.text);
			break;
		case PACT_CHANGE_MODIFIED:
			pact_buf__printf(t->b, "%s  ~ %s: %s (%s %02d/%02d/%04d)", indent,
			                 L(t, L_CITE_REDATED), c->cite.text, L(t, L_WAS),
			                 c->old_date.day, c->old_date.month, c->old_date.year);
			break;
		default:
			continue;
		}
		color(t, RESET);
		pact_buf__putc(t->b, '\n');
	}
}

static void clause(const tctx *t, const pact_diff *d, const pact_clause_diff *cd)
{
	pact_buf *b = t->b;
	const pact_clause_ref *main = pact_report__heading_ref(cd);

	color(t, BOLD);
	pact_buf__puts(b, "\n== ");
	pact_report__clause_name(b, t->o->lang, main);
	if (main == &cd->before)
		pact_buf__printf(b, " [%d]", d->old_year);
	color(t, RESET);
	pact_buf__puts(b, " · ");
	pact_report__clause_notes(b, t->o->lang, d, cd, " · ", pact_report__clause_name);
	if (t->o->verbose && cd->before.present && cd->after.present) {
		pact_buf__puts(b, " · ");
		pact_report__similarity(b, t->o->lang, cd);
	}
	pact_buf__putc(b, '\n');
	if (cd->status == PACT_CHANGE_UNCHANGED && !pact_report__has_norm_only(cd))
		return;
	if (cd->title_changed) {
		pact_buf__printf(b, "   %s: ", L(t, L_TITLE_OF_CLAUSE));
		words(t, &cd->title);
		pact_buf__putc(b, '\n');
	}
	for (size_t k = 0; k < cd->ncommits; k++) {
		const pact_commit_diff *c = &cd->commits[k];
		char mark = c->status == PACT_CHANGE_UNCHANGED  ? '='
		            : c->status == PACT_CHANGE_MODIFIED ? '~'
		            : c->status == PACT_CHANGE_ADDED    ? '+'
		                                                : '-';
		long pos = pact_report__commit_pos(c);
		if (c->status == PACT_CHANGE_ADDED)
			color(t, GREEN);
		else if (c->status == PACT_CHANGE_REMOVED)
			color(t, RED);
		pact_buf__printf(b, "   %c %ld. ", mark, pos);
		if (c->status == PACT_CHANGE_UNCHANGED) {
			color(t, DIM);
			put_short(b, c->new_text, short_prefix_cols(pos));
			color(t, RESET);
		} else if (c->status == PACT_CHANGE_MODIFIED) {
			words(t, &c->words);
		} else {
			pact_buf__puts(b,
			               c->status == PACT_CHANGE_ADDED ? c->new_text : c->old_text);
			color(t, RESET);
		}
		color(t, CYAN);
		if (c->from.present) {
			pact_buf__printf(b, " (%s ", L(t, L_MOVED_FROM));
			commit_ref(t, &c->from, c->old_index);
			pact_buf__putc(b, ')');
		} else if (c->moved) {
			pact_buf__printf(b, " (%s)", L(t, L_MOVED));
		}
		if (c->norm_only)
			pact_buf__printf(b, " (%s)", L(t, L_NORM_ONLY));
		if (c->words.coarse)
			pact_buf__printf(b, " (%s)", L(t, L_COARSE));
		color(t, RESET);
		pact_buf__putc(b, '\n');
	}
	for (size_t k = 0; k < cd->nmoved_out; k++) {
		const pact_moved_out *m = &cd->moved_out[k];
		color(t, CYAN);
		pact_buf__printf(b, "   → %ld. ", m->old_index + 1);
		put_short(b, m->text, short_prefix_cols(m->old_index + 1));
		pact_buf__printf(b, " (%s ", L(t, L_MOVED_TO));
		commit_ref(t, &m->to, m->new_index);
		pact_buf__putc(b, ')');
		color(t, RESET);
		pact_buf__putc(b, '\n');
	}
	cite_line(t, &cd->cites, "   ");
}

int pact_report__text(pact_buf *b, const pact_diff *d, const pact_report_opts *o)
{
	tctx t = {b, o};
	int any = 0;

	summary(&t, d);
	named(&t, d);
	if (o->stat_only)
		return 0;
	for (size_t i = 0; i < d->nfields; i++)
		if (pact_report__field_shown(&d->fields[i]))
			any = 1;
	if (any || d->nmembers) {
		color(&t, BOLD);
		pact_buf__printf(b, "\n== %s\n", L(&t, L_FIELDS));
		color(&t, RESET);
		for (size_t i = 0; i < d->nfields; i++) {
			if (!pact_report__field_shown(&d->fields[i]))
				continue;
			pact_buf__printf(b,
			                 "   %s: ", pact_labels__field(o->lang, d->fields[i].name));
			words(&t, &d->fields[i].words);
			if (!d->fields[i].changed) {
				color(&t, CYAN);
				pact_buf__printf(b, " (%s)", L(&t, L_NORM_ONLY));
				color(&t, RESET);
			}
			pact_buf__putc(b, '\n');
		}
		for (size_t i = 0; i < d->nmembers; i++) {
			const pact_member_diff *m = &d->members[i];
			pact_buf__printf(b, "   %c ",
			                 m->status == PACT_CHANGE_ADDED     ? '+'
			                 : m->status == PACT_CHANGE_REMOVED ? '-'
			                                                    : '~');
			pact_report__member_change(b, o->lang, m, plain_name, " (", ")");
			pact_buf__putc(b, '\n');
		}
	}
	for (size_t i = 0; i < d->nclauses; i++)
		if (!pact_report__collapsed(&d->clauses[i]))
			clause(&t, d, &d->clauses[i]);
	pact_buf__putc(b, '\n');
	cite_line(&t, &d->cites, "");
	return 0;
}
