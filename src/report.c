/*
 * report.c - format dispatch and the phrases the renderers share.
 *
 * Every format says a thing in the same words: the words come from the
 * label catalogue (labels.c), the phrases built from them ("khoản 3 Điều
 * 4", "Giữ nguyên: Điều 2, 3") from here. Renderers append to a pact_buf;
 * out-of-memory is checked once, here.
 */
#include "pact/sanitize.h"
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

#include "pact/error.h"

void pact_report_commit_name(pact_buf *b, pact_lang lang, long number, long k)
{
	/* TRANSLATORS: commitment %2$ld of clause %1$ld ("khoản 2 Điều 4") */
	/* xgettext:c-format */
	pact_buf_printf(b, pact__(lang, "Clause %1$ld.%2$ld"), number, k + 1);
}

void pact_report_clause_name(pact_buf *b, pact_lang lang, const pact_clause_ref *r)
{
	pact_buf_printf(b, "%s %ld", pact_label(lang, L_CLAUSE), r->number);
	if (r->id)
		pact_buf_printf(b, " (%s)", r->id);
}

void pact_report_clause_notes(pact_buf *b, pact_lang lang, const pact_clause_diff *cd,
                              const char *sep, pact_report_ref_fn *ref)
{
	pact_buf_puts(b, pact_label_status(lang, cd->status));
	if (cd->moved)
		pact_buf_printf(b, "%s%s", sep, pact_label(lang, L_MOVED));
	if (cd->renumbered)
		pact_buf_printf(b, "%s%s %s %ld", sep, pact_label(lang, L_BEFORE),
		                pact_label(lang, L_CLAUSE), cd->old.number);
	if (cd->split_from.present) {
		pact_buf_printf(b, "%s%s ", sep, pact_label(lang, L_SPLIT_FROM));
		ref(b, lang, &cd->split_from);
	}
	if (cd->merged_into.present) {
		pact_buf_printf(b, "%s%s ", sep, pact_label(lang, L_MERGED_INTO));
		ref(b, lang, &cd->merged_into);
	}
}

int pact_report_collapsed(const pact_clause_diff *cd)
{
	return cd->status == PACT_CHANGE_UNCHANGED && !cd->moved && !cd->split_from.present &&
	       !cd->merged_into.present && cd->new.present;
}

size_t pact_report_unchanged_line(pact_buf *b, pact_lang lang, const pact_diff *d,
                                  const char *before)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause_diff *cd = &d->clauses[i];
		if (!pact_report_collapsed(cd))
			continue;
		if (n++ == 0)
			pact_buf_printf(b, "%s%s: %s ", before, pact_label(lang, L_UNCHANGED),
			                pact_label(lang, L_CLAUSE));
		else
			pact_buf_puts(b, ", ");
		pact_buf_printf(b, "%ld", cd->new.number);
		if (cd->renumbered)
			pact_buf_printf(b, " (%s %ld)", pact_label(lang, L_BEFORE), cd->old.number);
	}
	return n;
}

long pact_report_commit_pos(const pact_commit_diff *c)
{
	return c->new_index >= 0 ? c->new_index + 1 : c->old_index + 1;
}

int pact_report_cites_changed(const pact_cite_changes *cs)
{
	for (size_t i = 0; i < cs->count; i++)
		if (cs->items[i].status != PACT_CHANGE_UNCHANGED)
			return 1;
	return 0;
}

const char *pact_report_cite_label(pact_lang lang, pact_change st)
{
	return pact_label(lang, st == PACT_CHANGE_ADDED     ? L_CITE_ADDED
	                               : st == PACT_CHANGE_REMOVED ? L_CITE_DROPPED
	                               : st == PACT_CHANGE_MODIFIED ? L_CITE_REDATED
	                                                            : L_CITE_KEPT);
}

void pact_report_sum_cites(pact_buf *b, pact_lang lang, const pact_diff_summary *s)
{
	pact_buf_printf(b, "%s: %s %zu, %s %zu, %s %zu, %s %zu", pact_label(lang, L_CITATIONS),
	                pact_label(lang, L_CITE_ADDED), s->cites_added,
	                pact_label(lang, L_CITE_DROPPED), s->cites_dropped,
	                pact_label(lang, L_CITE_REDATED), s->cites_redated,
	                pact_label(lang, L_CITE_KEPT), s->cites_kept);
}

void pact_report_sum_members(pact_buf *b, pact_lang lang, const pact_diff_summary *s)
{
	pact_buf_printf(b, "%s: %s %zu, %s %zu, %s %zu", pact_label(lang, L_MEMBERS),
	                pact_label(lang, L_JOINED), s->members_joined,
	                pact_label(lang, L_LEFT), s->members_left,
	                pact_label(lang, L_RENAMED), s->members_renamed);
}

size_t pact_report_sum_fields(pact_buf *b, pact_lang lang, const pact_diff *d)
{
	size_t n = 0;
	pact_buf_printf(b, "%s: ", pact_label(lang, L_FIELDS));
	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].changed)
			pact_buf_printf(b, "%s%s", n++ ? ", " : "",
			                pact_label_field(lang, d->fields[i].name));
	if (!n)
		pact_buf_puts(b, pact_label(lang, L_NO_DIFF));
	return n;
}

void pact_report_sum_norm(pact_buf *b, pact_lang lang, const pact_diff_summary *s)
{
	pact_buf_printf(b, "%s: %zu (%s)", pact_label(lang, L_NORM_ONLY), s->norm_only,
	                pact_label(lang, L_NORM_NOTE));
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

int pact_report_render(char **out, size_t *len, const pact_diff *d,
                       const pact_report_opts *opts)
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
		pact_buf_filter(&b, PACT_SANITIZE_TEXT);
	switch (opts->format) {
	case PACT_REPORT_MARKDOWN:
		rc = pact_report_md(&b, d, opts);
		break;
	case PACT_REPORT_JSON:
		rc = pact_report_json(&b, d, opts);
		break;
	case PACT_REPORT_HTML:
		rc = pact_report_html(&b, d, opts);
		break;
	default:
		rc = pact_report_text(&b, d, opts);
		break;
	}
	if (rc < 0 || b.oom) {
		rc = pact_error_set(PACT_ENOMEM, "out of memory");
		goto done;
	}
	*out = pact_buf_detach(&b, len);
	rc = *out ? 0 : pact_error_set(PACT_ENOMEM, "out of memory");
done:
	pact_buf_clear(&b);
	return rc;
}
