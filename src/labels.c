/*
 * labels.c - the label catalogue: every word the reports and `pact log`
 * are made of, as English msgids that xgettext extracts into po/pact.pot;
 * the Vietnamese is po/vi.po, whose administrative terms follow the
 * comparison tables of draft documents (Bổ sung, Lược bỏ, Sửa đổi, Giữ
 * nguyên).
 *
 * A label is looked up once per process and language and kept: a report
 * names "Điều" once per clause, and the lookup (i18n.c) is not free. The
 * English of the L_LOG_* words is also pact log's JSON `summary` contract:
 * change none of it.
 */
#include "labels.h"

#include <stdio.h>
#include <string.h>

#define N_(s) s

static const char *const msgids[L_COUNT_] = {
        [L_TITLE_DIFF] = N_("Emulation pact comparison"),
        [L_SUMMARY] = N_("Summary"),
        [L_CLAUSES] = N_("Clauses"),
        [L_CLAUSE] = N_("Clause"),
        [L_COMMITMENTS] = N_("Commitments"),
        [L_UNCHANGED] = N_("Unchanged"),
        [L_MODIFIED] = N_("Modified"),
        [L_ADDED] = N_("Added"),
        [L_REMOVED] = N_("Removed"),
        [L_MOVED] = N_("Moved"),
        [L_RENUMBERED] = N_("Renumbered"),
        [L_SPLIT] = N_("Split"),
        [L_MERGED] = N_("Merged"),
        [L_SPLIT_FROM] = N_("split from"),
        [L_MERGED_INTO] = N_("merged into"),
        [L_MOVED_FROM] = N_("moved from"),
        [L_MOVED_TO] = N_("moved to"),
        [L_MOVED_ACROSS] = N_("moved across clauses"),
        [L_CITATIONS] = N_("Citations"),
        [L_CITE_ADDED] = N_("Cited anew"),
        [L_CITE_DROPPED] = N_("No longer cited"),
        [L_CITE_REDATED] = N_("Cited with another date"),
        [L_CITE_KEPT] = N_("Still cited"),
        [L_FIELDS] = N_("General information"),
        [L_MEMBERS] = N_("Members"),
        [L_JOINED] = N_("Joined"),
        [L_LEFT] = N_("Left"),
        [L_RENAMED] = N_("Renamed"),
        [L_NORM_ONLY] = N_("Differing only in Unicode normalisation or tone-mark placement"),
        [L_NORM_NOTE] = N_("not counted as changes"),
        [L_COARSE] = N_("Compared only in part"),
        [L_COARSE_NOTE] = N_("the word-by-word comparison reached its work limit: the rest of "
                             "these texts is shown as deleted and inserted whole"),
        [L_SIMILARITY] = N_("similarity"),
        [L_CHANGE] = N_("Change"),
        [L_OLD] = N_("Year"),
        [L_NEW] = N_("Year"),
        [L_TABLE] = N_("Comparison table"),
        [L_NO_DIFF] = N_("No changes"),
        [L_WORDS_DEL] = N_("words deleted"),
        [L_WORDS_INS] = N_("words inserted"),
        [L_BEFORE] = N_("formerly"),
        [L_NONE] = N_("none"),
        [L_F_YEAR] = N_("Year"),
        [L_F_TITLE] = N_("Title"),
        [L_F_BLOC] = N_("Emulation bloc"),
        [L_F_PROVINCE] = N_("Province"),
        [L_F_PLACE] = N_("Place of signing"),
        [L_F_DATE] = N_("Date of signing"),
        [L_F_PREAMBLE] = N_("Preamble"),
        [L_F_CLOSING] = N_("Closing"),
        [L_F_SOURCE] = N_("Source"),
        [L_F_NOTE] = N_("Note"),
        [L_PREAMBLE_CLOSING] = N_("Preamble and closing"),
        [L_TITLE_OF_CLAUSE] = N_("Clause title"),
        [L_WAS] = N_("was"),
        [L_F_APPROVERS] = N_("Members' approvers"),
        [L_SPLIT_INTO] = N_("split into"),
        [L_MERGED_FROM] = N_("merged from"),
        [L_M_MERGED] = "Merged", /* contextual() */
        [L_M_SPLIT] = "Split",
        [L_LOG_NEW_PACT] = N_("new pact"),
        [L_LOG_PACT_REMOVED] = N_("pact removed"),
        [L_LOG_INVALID] = N_("not a valid pact"),
        [L_LOG_NO_CHANGE] = N_("no change"),
        [L_LOG_FORMAT_ONLY] = N_("formatting only"),
        /* TRANSLATORS: counted, as in "2 text(s) differing only in ..." */
        [L_LOG_TEXTS] = N_("text"),
        [L_LOG_REDATED] = N_("re-dated"),
        [L_LOG_CHANGED] = N_("changed"),
        [L_LOG_NEW] = N_("new"),
        [L_LOG_SINCE] = N_("since"),
        [L_LOG_ABSENT] = N_("absent"),
        [L_LOG_RENUMBERED_FROM] = N_("renumbered from"),
        [L_LOG_APPEARS_IN] = N_("appears in"),
        /* TRANSLATORS: "clause 'x' appears in 2 of 3 years" */
        [L_LOG_OF] = N_("of"),
        /* TRANSLATORS: pact log --clause's header; keep the columns 1, 9, 11 */
        [L_LOG_COLUMNS] = N_("year  no.  text"),
};

/* The labels whose English is another label's too, told apart by a
 * context for the translation: a member agency that merged is "hợp nhất",
 * a clause "gộp". */
static const char *contextual(pact_lang lang, label_id id)
{
	switch (id) {
	case L_M_MERGED:
		/* TRANSLATORS: member agencies merged into one (pact diff) */
		return pact_p__(lang, "member", "Merged");
	case L_M_SPLIT:
		/* TRANSLATORS: a member agency split into several (pact diff) */
		return pact_p__(lang, "member", "Split");
	default:
		return pact__(lang, msgids[id]);
	}
}

/* Vietnamese looked up so far; English is the msgid itself. */
static const char *vi_cache[L_COUNT_];

const char *pact_labels__get(pact_lang lang, label_id id)
{
	if ((unsigned)id >= L_COUNT_)
		return "?";
	if (lang != PACT_LANG_VI)
		return msgids[id];
	if (!vi_cache[id])
		vi_cache[id] = contextual(lang, id);
	return vi_cache[id];
}

const char *pact_labels__field(pact_lang lang, const char *f)
{
	static const struct {
		const char *name;
		label_id id;
	} map[] = {
	        {"year", L_F_YEAR},
	        {"title", L_F_TITLE},
	        {"bloc", L_F_BLOC},
	        {"province", L_F_PROVINCE},
	        {"signed.place", L_F_PLACE},
	        {"signed.date", L_F_DATE},
	        {"preamble", L_F_PREAMBLE},
	        {"closing", L_F_CLOSING},
	        {"source", L_F_SOURCE},
	        {"note", L_F_NOTE},
	        {"members.approvers", L_F_APPROVERS}, /* pact log's, not the diff's */
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].name, f))
			return pact_labels__get(lang, map[i].id);
	return f;
}

const char *pact_labels__status(pact_lang lang, pact_change st)
{
	switch (st) {
	case PACT_CHANGE_UNCHANGED:
		return pact_labels__get(lang, L_UNCHANGED);
	case PACT_CHANGE_MODIFIED:
		return pact_labels__get(lang, L_MODIFIED);
	case PACT_CHANGE_ADDED:
		return pact_labels__get(lang, L_ADDED);
	case PACT_CHANGE_REMOVED:
		return pact_labels__get(lang, L_REMOVED);
	}
	return "?";
}

size_t pact_labels__date_str(char *out, size_t n, pact_lang lang, const pact_date *dt)
{
	int k;

	if (lang != PACT_LANG_VI)
		k = snprintf(out, n, "%04d-%02d-%02d", dt->year, dt->month, dt->day);
	else
		k = snprintf(out, n, "ngày %02d tháng %s%d năm %d", dt->day,
		             dt->month <= 2 ? "0" : "", dt->month, dt->year);
	return k < 0 ? 0 : (size_t)k;
}

void pact_labels__date(pact_buf *b, pact_lang lang, const pact_date *dt)
{
	char s[PACT_LABELS__DATE_MAX];
	pact_labels__date_str(s, sizeof(s), lang, dt);
	pact_buf__puts(b, s);
}

int pact_labels__date_parse(pact_date *out, const char *iso)
{
	int y, m, d, n = 0;
	if (!iso || sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || iso[n] != '\0' || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return -1;
	out->year = y;
	out->month = m;
	out->day = d;
	return 0;
}
