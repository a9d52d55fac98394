/*
 * report.c - format dispatch and the label table shared by the renderers.
 *
 * Labels live in one table indexed by language so that every format says
 * the same thing in the same words; administrative Vietnamese follows the
 * terms of comparison tables in draft documents (Bổ sung, Lược bỏ, Sửa đổi,
 * Giữ nguyên). Renderers append to a pact_buf; out-of-memory is checked
 * once, here. `pact log` (history.c) says its lines in the same words, so
 * its few words of its own (L_LOG_*) are in this table too, not in a copy.
 */
#include "pact/sanitize.h"
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

#include "pact/error.h"

static const char *const labels[L_COUNT_][2] = {
	[L_TITLE_DIFF] = {"So sánh giao ước thi đua", "Emulation pact comparison"},
	[L_SUMMARY] = {"Tóm tắt", "Summary"},
	[L_CLAUSES] = {"Điều khoản", "Clauses"},
	[L_CLAUSE] = {"Điều", "Clause"},
	[L_COMMITMENTS] = {"Nội dung cam kết", "Commitments"},
	[L_UNCHANGED] = {"Giữ nguyên", "Unchanged"},
	[L_MODIFIED] = {"Sửa đổi", "Modified"},
	[L_ADDED] = {"Bổ sung", "Added"},
	[L_REMOVED] = {"Lược bỏ", "Removed"},
	[L_MOVED] = {"Chuyển vị trí", "Moved"},
	[L_RENUMBERED] = {"Đánh số lại", "Renumbered"},
	[L_SPLIT] = {"Tách", "Split"},
	[L_MERGED] = {"Gộp", "Merged"},
	[L_SPLIT_FROM] = {"tách từ", "split from"},
	[L_MERGED_INTO] = {"gộp vào", "merged into"},
	[L_MOVED_FROM] = {"chuyển từ", "moved from"},
	[L_MOVED_TO] = {"chuyển sang", "moved to"},
	[L_MOVED_ACROSS] = {"chuyển sang điều khác", "moved across clauses"},
	[L_CITATIONS] = {"Văn bản dẫn chiếu", "Citations"},
	[L_CITE_ADDED] = {"Bổ sung dẫn chiếu", "Cited anew"},
	[L_CITE_DROPPED] = {"Bỏ dẫn chiếu", "No longer cited"},
	[L_CITE_REDATED] = {"Dẫn chiếu với ngày khác", "Cited with another date"},
	[L_CITE_KEPT] = {"Giữ nguyên dẫn chiếu", "Still cited"},
	[L_FIELDS] = {"Thông tin chung", "General information"},
	[L_MEMBERS] = {"Thành viên", "Members"},
	[L_JOINED] = {"Gia nhập", "Joined"},
	[L_LEFT] = {"Rời khối", "Left"},
	[L_RENAMED] = {"Đổi tên", "Renamed"},
	[L_NORM_ONLY] = {"Chỉ khác về chuẩn Unicode hoặc vị trí dấu thanh",
	                 "Differing only in Unicode normalisation or tone-mark placement"},
	[L_NORM_NOTE] = {"không tính là thay đổi", "not counted as changes"},
	[L_SIMILARITY] = {"độ tương đồng", "similarity"},
	[L_CHANGE] = {"Nội dung thay đổi", "Change"},
	[L_OLD] = {"Năm", "Year"},
	[L_NEW] = {"Năm", "Year"},
	[L_TABLE] = {"Bảng so sánh", "Comparison table"},
	[L_NO_DIFF] = {"Không có thay đổi", "No changes"},
	[L_WORDS_DEL] = {"từ bị xóa", "words deleted"},
	[L_WORDS_INS] = {"từ được thêm", "words inserted"},
	[L_BEFORE] = {"trước đây", "formerly"},
	[L_NONE] = {"không có", "none"},
	[L_F_YEAR] = {"Năm", "Year"},
	[L_F_TITLE] = {"Tiêu đề", "Title"},
	[L_F_BLOC] = {"Khối thi đua", "Emulation bloc"},
	[L_F_PROVINCE] = {"Tỉnh", "Province"},
	[L_F_PLACE] = {"Nơi ký", "Place of signing"},
	[L_F_DATE] = {"Ngày ký", "Date of signing"},
	[L_F_PREAMBLE] = {"Phần mở đầu", "Preamble"},
	[L_F_CLOSING] = {"Phần kết", "Closing"},
	[L_F_SOURCE] = {"Nguồn", "Source"},
	[L_F_NOTE] = {"Ghi chú", "Note"},
	[L_PREAMBLE_CLOSING] = {"Mở đầu và kết thúc", "Preamble and closing"},
	[L_TITLE_OF_CLAUSE] = {"Tên điều", "Clause title"},
	[L_WAS] = {"trước là", "was"},
	[L_F_APPROVERS] = {"Người phê duyệt của thành viên", "Members' approvers"},
	/* pact log. Its English is the JSON `summary` contract: change none of it. */
	[L_LOG_NEW_PACT] = {"giao ước mới", "new pact"},
	[L_LOG_PACT_REMOVED] = {"gỡ bỏ giao ước", "pact removed"},
	[L_LOG_INVALID] = {"không phải giao ước hợp lệ", "not a valid pact"},
	[L_LOG_NO_CHANGE] = {"không có thay đổi", "no change"},
	[L_LOG_FORMAT_ONLY] = {"chỉ khác định dạng", "formatting only"},
	[L_LOG_TEXTS] = {"đoạn văn bản", "text"},
	[L_LOG_REDATED] = {"đổi ngày", "re-dated"},
	[L_LOG_CHANGED] = {"sửa đổi", "changed"},
	[L_LOG_NEW] = {"mới", "new"},
	[L_LOG_SINCE] = {"từ", "since"},
	[L_LOG_ABSENT] = {"không có", "absent"},
	[L_LOG_RENUMBERED_FROM] = {"đánh số lại, trước đây là điều", "renumbered from"},
	[L_LOG_APPEARS_IN] = {"có trong", "appears in"},
	[L_LOG_OF] = {"trên", "of"},
	/* the lineage table's header, aligned with its "%04d %4ld  " rows */
	[L_LOG_COLUMNS] = {"năm    số  nội dung", "year  no.  text"},
};

const char *pact_report_label(pact_lang lang, label_id id)
{
	return labels[id][lang == PACT_LANG_EN ? 1 : 0];
}

const char *pact_report_field_label(pact_lang lang, const char *f)
{
	static const struct {
		const char *name;
		label_id id;
	} map[] = {
		{"year", L_F_YEAR}, {"title", L_F_TITLE}, {"bloc", L_F_BLOC},
		{"province", L_F_PROVINCE}, {"signed.place", L_F_PLACE},
		{"signed.date", L_F_DATE}, {"preamble", L_F_PREAMBLE},
		{"closing", L_F_CLOSING}, {"source", L_F_SOURCE}, {"note", L_F_NOTE},
		{"members.approvers", L_F_APPROVERS}, /* pact log's, not the diff's */
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].name, f))
			return pact_report_label(lang, map[i].id);
	return f;
}

const char *pact_report_status_label(pact_lang lang, pact_change st)
{
	switch (st) {
	case PACT_CHANGE_UNCHANGED:
		return pact_report_label(lang, L_UNCHANGED);
	case PACT_CHANGE_MODIFIED:
		return pact_report_label(lang, L_MODIFIED);
	case PACT_CHANGE_ADDED:
		return pact_report_label(lang, L_ADDED);
	case PACT_CHANGE_REMOVED:
		return pact_report_label(lang, L_REMOVED);
	}
	return "?";
}

void pact_report_commit_name(pact_buf *b, pact_lang lang, long number, long k)
{
	if (lang == PACT_LANG_VI)
		pact_buf_printf(b, "khoản %ld %s %ld", k + 1, pact_report_label(lang, L_CLAUSE), number);
	else
		pact_buf_printf(b, "%s %ld.%ld", pact_report_label(lang, L_CLAUSE), number, k + 1);
}

void pact_report_clause_name(pact_buf *b, pact_lang lang, const pact_clause_ref *r)
{
	pact_buf_printf(b, "%s %ld", pact_report_label(lang, L_CLAUSE), r->number);
	if (r->id)
		pact_buf_printf(b, " (%s)", r->id);
}

void pact_report_clause_notes(pact_buf *b, pact_lang lang, const pact_clause_diff *cd,
                              const char *sep, pact_report_ref_fn *ref)
{
	pact_buf_puts(b, pact_report_status_label(lang, cd->status));
	if (cd->moved)
		pact_buf_printf(b, "%s%s", sep, pact_report_label(lang, L_MOVED));
	if (cd->renumbered)
		pact_buf_printf(b, "%s%s %s %ld", sep, pact_report_label(lang, L_BEFORE),
		                pact_report_label(lang, L_CLAUSE), cd->old.number);
	if (cd->split_from.present) {
		pact_buf_printf(b, "%s%s ", sep, pact_report_label(lang, L_SPLIT_FROM));
		ref(b, lang, &cd->split_from);
	}
	if (cd->merged_into.present) {
		pact_buf_printf(b, "%s%s ", sep, pact_report_label(lang, L_MERGED_INTO));
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
			pact_buf_printf(b, "%s%s: %s ", before, pact_report_label(lang, L_UNCHANGED),
			                pact_report_label(lang, L_CLAUSE));
		else
			pact_buf_puts(b, ", ");
		pact_buf_printf(b, "%ld", cd->new.number);
		if (cd->renumbered)
			pact_buf_printf(b, " (%s %ld)", pact_report_label(lang, L_BEFORE), cd->old.number);
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
	return pact_report_label(lang, st == PACT_CHANGE_ADDED     ? L_CITE_ADDED
	                               : st == PACT_CHANGE_REMOVED ? L_CITE_DROPPED
	                               : st == PACT_CHANGE_MODIFIED ? L_CITE_REDATED
	                                                            : L_CITE_KEPT);
}

void pact_report_sum_cites(pact_buf *b, pact_lang lang, const pact_diff_summary *s)
{
	pact_buf_printf(b, "%s: %s %zu, %s %zu, %s %zu, %s %zu", pact_report_label(lang, L_CITATIONS),
	                pact_report_label(lang, L_CITE_ADDED), s->cites_added,
	                pact_report_label(lang, L_CITE_DROPPED), s->cites_dropped,
	                pact_report_label(lang, L_CITE_REDATED), s->cites_redated,
	                pact_report_label(lang, L_CITE_KEPT), s->cites_kept);
}

void pact_report_sum_members(pact_buf *b, pact_lang lang, const pact_diff_summary *s)
{
	pact_buf_printf(b, "%s: %s %zu, %s %zu, %s %zu", pact_report_label(lang, L_MEMBERS),
	                pact_report_label(lang, L_JOINED), s->members_joined,
	                pact_report_label(lang, L_LEFT), s->members_left,
	                pact_report_label(lang, L_RENAMED), s->members_renamed);
}

size_t pact_report_sum_fields(pact_buf *b, pact_lang lang, const pact_diff *d)
{
	size_t n = 0;
	pact_buf_printf(b, "%s: ", pact_report_label(lang, L_FIELDS));
	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].changed)
			pact_buf_printf(b, "%s%s", n++ ? ", " : "",
			                pact_report_field_label(lang, d->fields[i].name));
	if (!n)
		pact_buf_puts(b, pact_report_label(lang, L_NO_DIFF));
	return n;
}

void pact_report_sum_norm(pact_buf *b, pact_lang lang, const pact_diff_summary *s)
{
	pact_buf_printf(b, "%s: %zu (%s)", pact_report_label(lang, L_NORM_ONLY), s->norm_only,
	                pact_report_label(lang, L_NORM_NOTE));
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
	if (!strcmp(name, "vi"))
		*out = PACT_LANG_VI;
	else if (!strcmp(name, "en"))
		*out = PACT_LANG_EN;
	else
		return pact_error_set(PACT_EUSAGE, "unknown language '%s' (vi or en)", name);
	return 0;
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
