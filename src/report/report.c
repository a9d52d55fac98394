/*
 * report.c - format dispatch and the phrases the renderers share.
 *
 * Every format says a thing in the same words: the words come from the
 * label catalogue (labels.c), the phrases built from them ("khoản 3 Điều
 * 4", "Giữ nguyên: Điều 2, 3") from here. Renderers append to a pact_buf;
 * out-of-memory is checked once, here.
 */
#include "pact/sanitize.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pact/error.h"

void pact_report__commit_name(pact_buf *b, pact_lang lang, long number, long k)
{
	/* TRANSLATORS: commitment %2$ld of clause %1$ld ("khoản 2 Điều 4") */
	/* xgettext:c-format */
	pact_buf__printf(b, pact__(lang, "Clause %1$ld.%2$ld"), number, k + 1);
}

void pact_report__clause_name(pact_buf *b, pact_lang lang, const pact_clause_ref *r)
{
	pact_buf__printf(b, "%s %ld", pact_labels__get(lang, L_CLAUSE), r->number);
	if (r->id)
		pact_buf__printf(b, " (%s)", r->id);
}

const pact_clause_ref *pact_report__heading_ref(const pact_clause_diff *cd)
{
	return cd->merged_into.present || !cd->after.present ? &cd->before : &cd->after;
}

/* ", " between the clauses `ref` names: the pieces split off cd's old
 * clause (split) or the old clauses merged into cd's new one (merge). */
static void relatives(pact_buf *b, pact_lang lang, const pact_diff *d, const pact_clause_diff *cd,
                      int split, pact_report_ref_fn *ref)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause_diff *e = &d->clauses[i];
		if (split ? !(e->split_from.present && e->split_from.index == cd->before.index)
		          : !(e->merged_into.present && e->merged_into.index == cd->after.index))
			continue;
		pact_buf__puts(b, n++ ? ", " : "");
		ref(b, lang, split ? &e->after : &e->before);
	}
}

void pact_report__clause_notes(pact_buf *b, pact_lang lang, const pact_diff *d,
                               const pact_clause_diff *cd, const char *sep, pact_report_ref_fn *ref)
{
	pact_buf__puts(b, pact_labels__status(lang, cd->status));
	if (cd->moved)
		pact_buf__printf(b, "%s%s", sep, pact_labels__get(lang, L_MOVED));
	if (cd->renumbered)
		pact_buf__printf(b, "%s%s %s %ld", sep, pact_labels__get(lang, L_BEFORE),
		                 pact_labels__get(lang, L_CLAUSE), cd->before.number);
	if (cd->split_from.present) {
		pact_buf__printf(b, "%s%s ", sep, pact_labels__get(lang, L_SPLIT_FROM));
		ref(b, lang, &cd->split_from);
	}
	if (cd->merged_into.present) {
		pact_buf__printf(b, "%s%s ", sep, pact_labels__get(lang, L_MERGED_INTO));
		ref(b, lang, &cd->merged_into);
	}
	if (cd->split_source) {
		pact_buf__printf(b, "%s%s ", sep, pact_labels__get(lang, L_SPLIT_INTO));
		relatives(b, lang, d, cd, 1, ref);
	}
	if (cd->merge_target) {
		pact_buf__printf(b, "%s%s ", sep, pact_labels__get(lang, L_MERGED_FROM));
		relatives(b, lang, d, cd, 0, ref);
	}
}

/* A summary line names at most this many clauses, then says how many more:
 * a reader scans names, and 10 000 planted changes are a benchmark's. */
#define NAMES_MAX 20

enum { NAMED_ADDED, NAMED_REMOVED, NAMED_SPLIT, NAMED_MERGED, NAMED_MOVED, NAMED_KINDS_ };

static int named_kind(const pact_clause_diff *cd, int kind)
{
	switch (kind) {
	case NAMED_ADDED:
		return cd->status == PACT_CHANGE_ADDED;
	case NAMED_REMOVED:
		return cd->status == PACT_CHANGE_REMOVED;
	case NAMED_SPLIT:
		return cd->split_from.present;
	case NAMED_MERGED:
		return cd->merged_into.present;
	default:
		return cd->moved;
	}
}

static void named_item(pact_buf *b, pact_lang lang, const pact_diff *d, const pact_clause_diff *cd,
                       int kind, pact_report_ref_fn *ref)
{
	switch (kind) {
	case NAMED_ADDED:
		ref(b, lang, &cd->after);
		break;
	case NAMED_REMOVED:
		ref(b, lang, &cd->before);
		pact_buf__printf(b, " [%d]", d->old_year);
		break;
	case NAMED_SPLIT:
		ref(b, lang, &cd->split_from);
		pact_buf__printf(b, " [%d] → ", d->old_year);
		ref(b, lang, &cd->after);
		break;
	case NAMED_MERGED:
		ref(b, lang, &cd->before);
		pact_buf__printf(b, " [%d] → ", d->old_year);
		ref(b, lang, &cd->merged_into);
		break;
	default:
		ref(b, lang, &cd->after);
		if (cd->renumbered)
			pact_buf__printf(b, ", %s %s %ld", pact_labels__get(lang, L_BEFORE),
			                 pact_labels__get(lang, L_CLAUSE), cd->before.number);
		break;
	}
}

size_t pact_report__named_lines(pact_buf *b, pact_lang lang, const pact_diff *d, const char *before,
                                pact_report_ref_fn *ref)
{
	static const label_id names[NAMED_KINDS_] = {L_ADDED, L_REMOVED, L_SPLIT, L_MERGED,
	                                             L_MOVED};
	size_t lines = 0;

	for (int kind = 0; kind < NAMED_KINDS_; kind++) {
		size_t n = 0;
		for (size_t i = 0; i < d->nclauses; i++) {
			const pact_clause_diff *cd = &d->clauses[i];
			if (!named_kind(cd, kind))
				continue;
			if (n == 0)
				pact_buf__printf(b, "%s%s: ", before,
				                 pact_labels__get(lang, names[kind]));
			if (n < NAMES_MAX) {
				pact_buf__puts(b, n ? "; " : "");
				named_item(b, lang, d, cd, kind, ref);
			}
			n++;
		}
		if (n > NAMES_MAX)
			pact_buf__printf(b, pact__(lang, "; and %zu more"), n - NAMES_MAX);
		if (n) {
			pact_buf__putc(b, '\n');
			lines++;
		}
	}
	return lines;
}

void pact_report__similarity(pact_buf *b, pact_lang lang, const pact_clause_diff *cd)
{
	/* TRANSLATORS: how alike two versions of a clause are, in words shared */
	pact_buf__printf(b, pact__(lang, "wording %.0f%% alike"), cd->similarity * 100.0);
}

int pact_report__has_norm_only(const pact_clause_diff *cd)
{
	for (size_t k = 0; k < cd->ncommits; k++)
		if (cd->commits[k].norm_only)
			return 1;
	return 0;
}

int pact_report__collapsed(const pact_clause_diff *cd)
{
	return cd->status == PACT_CHANGE_UNCHANGED && !cd->moved && !cd->split_from.present &&
	       !cd->merged_into.present && cd->after.present && !pact_report__has_norm_only(cd);
}

int pact_report__field_shown(const pact_field_diff *f)
{
	return f->changed || f->norm_only;
}

size_t pact_report__unchanged_line(pact_buf *b, pact_lang lang, const pact_diff *d,
                                   const char *before)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause_diff *cd = &d->clauses[i];
		if (!pact_report__collapsed(cd))
			continue;
		if (n++ == 0)
			pact_buf__printf(b, "%s%s: %s ", before,
			                 pact_labels__get(lang, L_UNCHANGED),
			                 pact_labels__get(lang, L_CLAUSE));
		else
			pact_buf__puts(b, ", ");
		pact_buf__printf(b, "%ld", cd->after.number);
		if (cd->renumbered)
			pact_buf__printf(b, " (%s %ld)", pact_labels__get(lang, L_BEFORE),
			                 cd->before.number);
	}
	return n;
}

long pact_report__commit_pos(const pact_commit_diff *c)
{
	return c->new_index >= 0 ? c->new_index + 1 : c->old_index + 1;
}

int pact_report__cites_changed(const pact_cite_changes *cs)
{
	for (size_t i = 0; i < cs->count; i++)
		if (cs->items[i].status != PACT_CHANGE_UNCHANGED)
			return 1;
	return 0;
}

const char *pact_report__cite_label(pact_lang lang, pact_change st)
{
	return pact_labels__get(lang, st == PACT_CHANGE_ADDED      ? L_CITE_ADDED
	                              : st == PACT_CHANGE_REMOVED  ? L_CITE_DROPPED
	                              : st == PACT_CHANGE_MODIFIED ? L_CITE_REDATED
	                                                           : L_CITE_KEPT);
}

size_t pact_report__sum_counts(pact_buf *b, pact_lang lang, const char *before, const label_id *ids,
                               const size_t *counts, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (!counts[i])
			continue;
		pact_buf__printf(b, "%s%s %zu", w++ ? ", " : before, pact_labels__get(lang, ids[i]),
		                 counts[i]);
	}
	return w;
}

/* "BEFORE Title: " then the counts that are not zero; nothing at all when
 * every count is zero. */
static size_t titled_counts(pact_buf *b, pact_lang lang, const char *before, label_id title,
                            const label_id *ids, const size_t *counts, size_t n)
{
	size_t i = 0;
	while (i < n && !counts[i])
		i++;
	if (i == n)
		return 0;
	pact_buf__printf(b, "%s%s: ", before, pact_labels__get(lang, title));
	return pact_report__sum_counts(b, lang, "", ids, counts, n);
}

size_t pact_report__sum_cites(pact_buf *b, pact_lang lang, const char *before,
                              const pact_diff_summary *s)
{
	const label_id ids[] = {L_CITE_ADDED, L_CITE_DROPPED, L_CITE_REDATED, L_CITE_KEPT};
	const size_t counts[] = {s->cites_added, s->cites_dropped, s->cites_redated, s->cites_kept};
	return titled_counts(b, lang, before, L_CITATIONS, ids, counts, 4);
}

size_t pact_report__sum_members(pact_buf *b, pact_lang lang, const char *before,
                                const pact_diff_summary *s)
{
	const label_id ids[] = {L_JOINED, L_LEFT, L_RENAMED, L_M_MERGED, L_M_SPLIT};
	const size_t counts[] = {s->members_joined, s->members_left, s->members_renamed,
	                         s->members_merged, s->members_split};
	return titled_counts(b, lang, before, L_MEMBERS, ids, counts, 5);
}

const char *pact_report__member_label(pact_lang lang, const pact_member_diff *m)
{
	static const label_id ids[] = {[PACT_MEMBER_JOINED] = L_JOINED,
	                               [PACT_MEMBER_LEFT] = L_LEFT,
	                               [PACT_MEMBER_RENAMED] = L_RENAMED,
	                               [PACT_MEMBER_MERGED] = L_M_MERGED,
	                               [PACT_MEMBER_SPLIT] = L_M_SPLIT};
	return pact_labels__get(lang, (unsigned)m->event < 5 ? ids[m->event] : L_RENAMED);
}

static void member_ref(pact_buf *b, const char *nm, const char *id, pact_report_name_fn *name,
                       const char *id_open, const char *id_close)
{
	name(b, nm ? nm : "");
	if (id)
		pact_buf__printf(b, "%s%s%s", id_open, id, id_close);
}

static void member_refs(pact_buf *b, const pact_member_ref *r, size_t n, pact_report_name_fn *name,
                        const char *id_open, const char *id_close)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			pact_buf__puts(b, " + ");
		member_ref(b, r[i].name, r[i].id, name, id_open, id_close);
	}
}

void pact_report__member_change(pact_buf *b, pact_lang lang, const pact_member_diff *m,
                                pact_report_name_fn *name, const char *id_open,
                                const char *id_close)
{
	pact_buf__printf(b, "%s: ", pact_report__member_label(lang, m));
	switch (m->event) {
	case PACT_MEMBER_JOINED:
		member_ref(b, m->new_name, m->id, name, id_open, id_close);
		break;
	case PACT_MEMBER_LEFT:
		member_ref(b, m->old_name, m->id, name, id_open, id_close);
		break;
	case PACT_MEMBER_RENAMED:
		if (m->old_id && strcmp(m->old_id, m->id))
			member_ref(b, m->old_name, m->old_id, name, id_open, id_close);
		else
			name(b, m->old_name ? m->old_name : "");
		pact_buf__puts(b, " → ");
		member_ref(b, m->new_name, m->id, name, id_open, id_close);
		break;
	case PACT_MEMBER_MERGED:
		member_refs(b, m->from, m->nfrom, name, id_open, id_close);
		pact_buf__puts(b, " → ");
		member_ref(b, m->new_name, m->id, name, id_open, id_close);
		break;
	case PACT_MEMBER_SPLIT:
		member_ref(b, m->old_name, m->id, name, id_open, id_close);
		pact_buf__puts(b, " → ");
		member_refs(b, m->into, m->ninto, name, id_open, id_close);
		break;
	}
}

size_t pact_report__sum_fields(pact_buf *b, pact_lang lang, const pact_diff *d)
{
	size_t n = 0;
	pact_buf__printf(b, "%s: ", pact_labels__get(lang, L_FIELDS));
	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].changed)
			pact_buf__printf(b, "%s%s", n++ ? ", " : "",
			                 pact_labels__field(lang, d->fields[i].name));
	if (!n)
		pact_buf__puts(b, pact_labels__get(lang, L_NO_DIFF));
	return n;
}

void pact_report__sum_norm(pact_buf *b, pact_lang lang, const pact_diff_summary *s)
{
	pact_buf__printf(b, "%s: %zu (%s)", pact_labels__get(lang, L_NORM_ONLY), s->norm_only,
	                 pact_labels__get(lang, L_NORM_NOTE));
}

void pact_report__sum_coarse(pact_buf *b, pact_lang lang, const pact_diff_summary *s)
{
	pact_buf__printf(b, "%s: %zu (%s)", pact_labels__get(lang, L_COARSE), s->coarse,
	                 pact_labels__get(lang, L_COARSE_NOTE));
}

const char *pact_report__field(const pact_diff *d, const char *name, int side)
{
	for (size_t i = 0; i < d->nfields; i++)
		if (!strcmp(d->fields[i].name, name))
			return side ? d->fields[i].new_value : d->fields[i].old_value;
	return NULL;
}

/* Whether a commitment says something changed (always shown). */
static int commit_changed(const pact_commit_diff *c)
{
	return c->status != PACT_CHANGE_UNCHANGED || c->moved || c->from.present || c->norm_only;
}

int pact_report__commit_shown(const pact_clause_diff *cd, size_t k, long ctx)
{
	size_t lo, hi;
	if (ctx < 0 || commit_changed(&cd->commits[k]))
		return 1;
	lo = k > (size_t)ctx ? k - (size_t)ctx : 0;
	hi = k + (size_t)ctx < cd->ncommits - 1 ? k + (size_t)ctx : cd->ncommits - 1;
	for (size_t i = lo; i <= hi; i++)
		if (commit_changed(&cd->commits[i]))
			return 1;
	return 0;
}

void pact_report__today(pact_date *out)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	struct tm tm;
	char *end = NULL;
	int utc = 0;

	if (epoch && *epoch) {
		long long v = strtoll(epoch, &end, 10);
		if (end && *end == '\0' && v >= 0) {
			now = (time_t)v;
			utc = 1;
		}
	}
	if ((utc ? gmtime_r(&now, &tm) : localtime_r(&now, &tm)) == NULL) {
		out->year = 1970;
		out->month = out->day = 1;
		return;
	}
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
}

int pact_report_format_parse(pact_report_format *out, const char *name)
{
	if (!strcmp(name, "text"))
		*out = PACT_REPORT_TEXT;
	else if (!strcmp(name, "markdown") || !strcmp(name, "md"))
		*out = PACT_REPORT_MARKDOWN;
	else if (!strcmp(name, "json"))
		*out = PACT_REPORT_JSON;
	else if (!strcmp(name, "html"))
		*out = PACT_REPORT_HTML;
	else
		return pact_error_set(PACT_EUSAGE,
		                      "unknown format '%s' (text, markdown, json or html)", name);
	return 0;
}

int pact_report_lang_parse(pact_lang *out, const char *name)
{
	return pact_lang_parse(out, name);
}

int pact_report_render(char **out, size_t *len, const pact_diff *d, const pact_report_opts *opts)
{
	pact_report_opts def = PACT_REPORT_OPTS_INIT;
	pact_buf b = PACT_BUF_INIT;
	int rc;

	*out = NULL;
	if (!opts)
		opts = &def;
	/* Pact text may hold anything its authors typed (or a forger wrote
	 * into history); no control reaches the reader through a report. The
	 * JSON writer escapes on its own. */
	if (opts->format != PACT_REPORT_JSON)
		pact_buf__filter(&b, PACT_SANITIZE_TEXT);
	switch (opts->format) {
	case PACT_REPORT_MARKDOWN:
		rc = pact_report__md(&b, d, opts);
		break;
	case PACT_REPORT_JSON:
		rc = pact_report__json(&b, d, opts);
		break;
	case PACT_REPORT_HTML:
		rc = pact_report__html(&b, d, opts);
		break;
	default:
		rc = pact_report__text(&b, d, opts);
		break;
	}
	if (rc < 0 || b.oom) {
		rc = PACT_ENOMEM;
		goto done;
	}
	*out = pact_buf__detach(&b, len);
	rc = *out ? 0 : PACT_ENOMEM;
done:
	pact_buf__clear(&b);
	return rc;
}

int pact_report_write(FILE *out, const pact_diff *d, const pact_report_opts *opts)
{
	pact_report_opts def = PACT_REPORT_OPTS_INIT;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!opts)
		opts = &def;
	if (opts->format == PACT_REPORT_JSON)
		return pact_report__json_write(out, d, opts);
	rc = pact_report_render(&text, &len, d, opts);
	if (rc == 0)
		fwrite(text, 1, len, out);
	free(text);
	return rc;
}
