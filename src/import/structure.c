/*
 * structure.c - the one structure finder: paragraphs -> the parts of a
 * pact (place and date, title, bloc, preamble, clauses with their titles
 * and commitments, closing, signature block).
 *
 * The anchor is the clause numbering. Each paragraph's list marker is read
 * (paras.c); for each numbering style ("1.", "I.", "Điều 1") the longest
 * run 1, 2, 3, ... of paragraphs starting with it is counted, and the style
 * with the longest run wins, except that Roman numerals and "Điều" beat
 * Arabic numbers when they come first (then "1." items are commitments
 * inside them). Everything before clause 1 is the head (date line, title,
 * bloc, preamble); after the last clause come the closing ("Trên đây là
 * ...") and the signature block (upper-case agency names, "TM.", "Nơi
 * nhận"). Requiring the numbers in sequence is what keeps a line that
 * happens to start with "5." or "2024." from becoming a clause.
 *
 * Commitments are the clause's sub-items (a), b), -, +), or, where there
 * are none, its sentences (a full stop, ! or ? followed by a capital;
 * "..." before a lower-case word and initials like "H." are not sentence
 * ends), as docs/schema.md asks. Cost: linear in the text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "import.h"
#include "pact/error.h"
#include "paras.h"
#include "text.h"

enum { R_NONE = 0, R_DATE, R_TITLE, R_BLOC, R_HEADER, R_PREAMBLE, R_CLAUSE, R_CLOSING, R_SIG };

/* A date line is short: a preamble sentence citing "Quyết định ... ngày
 * 10/1/2024" is not one. */
#define DATE_LINE_MAX_WORDS 14
/* A clause's first paragraph without a full stop is its title when it is
 * at most this long; longer ones are commitments that lack a full stop. */
#define TITLE_MAX_WORDS 30

/* Only the start of the text is folded, once per paragraph: every prefix
 * asked for is a few ASCII letters, which come from at most 4 bytes each
 * (a letter with two marks is 3 bytes in NFC). */
#define FOLD_HEAD_BYTES 64

static int fold_starts(const imp_para *cp, const char *prefix)
{
	imp_para *p = (imp_para *)cp; /* the cache is not part of the value */
	if (!p->fold_head) {
		size_t n = p->t.len < FOLD_HEAD_BYTES ? p->t.len : FOLD_HEAD_BYTES;
		while (n < p->t.len && ((unsigned char)p->t.s[n] & 0xC0) == 0x80)
			n++; /* whole code points */
		p->fold_head = pact_import__fold(p->t.s, n);
		if (!p->fold_head)
			return 0;
	}
	return !strncmp(p->fold_head, prefix, strlen(prefix));
}

static int fold_contains(const imp_para *p, const char *needle)
{
	char *f = pact_import__fold(p->t.s, p->t.len);
	int r = f && strstr(f, needle) != NULL;
	free(f);
	return r;
}

static size_t count_words(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			n++;
	return n;
}

static int all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int valid_date(int y, int m, int d)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

/* "dd/mm/yyyy", "dd-mm-yyyy", "dd.mm.yyyy" */
static int slash_date(const char *s, pact_date *out)
{
	int d, m, y;
	char sep1, sep2, rest;
	if (sscanf(s, "%2d%c%2d%c%4d%c", &d, &sep1, &m, &sep2, &y, &rest) < 5)
		return 0;
	if (sep1 != sep2 || !strchr("/-.", sep1) || !valid_date(y, m, d))
		return 0;
	out->year = y, out->month = m, out->day = d;
	return 1;
}

/* Place and date in one paragraph: "Bắc Giang, ngày 09 tháng 5 năm 2024",
 * "Bắc Giang, 09/5/2024". The words "tháng" and "năm" are not checked
 * (OCR turns them into "thdng", "ndm"); the numbers are. *found is 1 for
 * a date, 2 when it is the paragraph's last word. */
static int parse_date_line(imp_doc *doc, const imp_para *p, int *found)
{
	imp_words w = {0};
	int rc, ok = 0, last = 0;
	size_t at = 0, i;
	pact_date dt = {0, 0, 0};

	*found = 0;
	if (count_words(p->t.s, p->t.len) > DATE_LINE_MAX_WORDS)
		return 0;
	if ((rc = pact_import__words_split(&w, p->t.s, p->t.len)) < 0)
		return rc;
	for (i = 0; i < w.n && !ok; i++) {
		const char *b = w.w[i].bare;
		if (!strcmp(b, "ngay") && i + 5 < w.n && all_digits(w.w[i + 1].bare, 1, 2) &&
		    all_digits(w.w[i + 3].bare, 1, 2) && all_digits(w.w[i + 5].bare, 4, 4)) {
			dt.day = atoi(w.w[i + 1].bare);
			dt.month = atoi(w.w[i + 3].bare);
			dt.year = atoi(w.w[i + 5].bare);
			ok = valid_date(dt.year, dt.month, dt.day);
			at = i;
			last = i + 5 + 1 == w.n;
		} else if (slash_date(b, &dt)) {
			ok = 1;
			at = i && !strcmp(w.w[i - 1].bare, "ngay") ? i - 1 : i;
			last = i + 1 == w.n;
		}
	}
	if (!ok)
		goto done;
	*found = last ? 2 : 1;
	if (!doc)
		goto done; /* only asked whether it is a date line */
	doc->date = dt;
	doc->date_line = p->line;
	/* the place: the words before the date, up to a comma */
	if (at > 0 && at <= 6) {
		size_t end = w.w[at - 1].off + w.w[at - 1].len;
		const char *s = p->t.s;
		while (end > 0 && (s[end - 1] == ',' || s[end - 1] == ' '))
			end--;
		size_t st = 0;
		while (st < end && !pact_import__is_upper(pact_import__first_cp(s + st, end - st)))
			st++; /* OCR marks before the place */
		if (end > st)
			rc = pact_import__text_append(&doc->place, s + st, end - st, p->line, ' ');
	}
done:
	pact_import__words_clear(&w);
	return rc;
}

/* ---- clause numbering ----------------------------------------------- */

static int clause_start_ok(const imp_para *p)
{
	const char *s = p->t.s + p->marker.skip;
	size_t n = p->t.len - p->marker.skip;
	while (n && *s == ' ')
		s++, n--;
	return n && !pact_import__is_lower(pact_import__first_cp(s, n));
}

/* Clauses are one level of a list: once clause 1 is found, a paragraph
 * numbered at another level of a Word or ODF list (level >= 0: its label
 * computed by the reader) is a sub-item, whatever its number says: "1)"
 * "2)" under "1." had made the second sub-item clause 2. Typed numbers
 * (level -1) go with any level. */
static int other_level(const imp_para *p, int clause_level)
{
	return p->level >= 0 && clause_level != p->level && (clause_level >= 0 || p->level > 0);
}

/* Mark the paragraphs that start clause 1, 2, ... in `style`; count. */
static size_t run_of(imp_paras *P, imp_marker_style style, size_t *first, int mark)
{
	long expect = 1;
	int level = -1;
	*first = (size_t)-1;
	for (size_t i = 0; i < P->count; i++) {
		imp_para *p = &P->items[i];
		if (p->marker.style != style || p->marker.value != expect || !clause_start_ok(p) ||
		    (*first != (size_t)-1 && other_level(p, level)))
			continue;
		if (*first == (size_t)-1)
			level = p->level;
		if (*first == (size_t)-1)
			*first = i;
		if (mark)
			p->role = R_CLAUSE, p->start = 1;
		expect++;
	}
	return (size_t)(expect - 1);
}

static imp_marker_style pick_style(imp_paras *P)
{
	size_t fa, fr, fd;
	size_t na = run_of(P, IMP_M_ARABIC, &fa, 0);
	size_t nr = run_of(P, IMP_M_ROMAN, &fr, 0);
	size_t nd = run_of(P, IMP_M_DIEU, &fd, 0);
	if (nd >= 1 && (nd >= na || fd < fa))
		return IMP_M_DIEU;
	if (nr >= 2 && (nr >= na || fr < fa))
		return IMP_M_ROMAN;
	return na ? IMP_M_ARABIC : IMP_M_NONE;
}

/* ---- sentences ------------------------------------------------------ */

/* Copy t->s[from, to) (trimmed) into a new imp_text with its line map. */
static int slice(imp_text *dst, const imp_text *t, size_t from, size_t to)
{
	while (from < to && t->s[from] == ' ')
		from++;
	while (to > from && t->s[to - 1] == ' ')
		to--;
	memset(dst, 0, sizeof(*dst));
	if (from == to)
		return 0;
	/* one piece per source piece overlapping [from, to) */
	for (size_t k = 0; k < t->n; k++) {
		size_t a = t->off[k], b = k + 1 < t->n ? t->off[k + 1] : t->len;
		if (b <= from || a >= to)
			continue;
		if (a < from)
			a = from;
		if (b > to)
			b = to;
		/* pieces are appended without a join: the bytes already hold it */
		int rc = pact_import__text_append(dst, t->s + a, b - a, t->line[k], 0);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int is_initial(const char *s, size_t dot)
{
	/* "H." "TP." "TM." "KT." before the dot: a short all-caps word */
	size_t st = dot;
	while (st > 0 && s[st - 1] != ' ')
		st--;
	size_t n = dot - st;
	if (n == 0 || n > 3)
		return 0;
	for (size_t i = st; i < dot; i++)
		if (!(s[i] >= 'A' && s[i] <= 'Z') && !(s[i] == 'p' || s[i] == 'h'))
			return 0;
	return 1;
}

/* Split text t (already without its marker) into sentences, appending
 * each as a commitment of clause c. */
static int add_commitment(imp_clause *c, const imp_text *t, size_t from, size_t to)
{
	imp_text *cm = pact_alloc__grow(c->commitments, &c->cap, c->ncommitments, sizeof(*cm), 4);
	int rc;
	if (!cm)
		return PACT_ENOMEM;
	c->commitments = cm;
	if ((rc = slice(&cm[c->ncommitments], t, from, to)) < 0)
		return rc;
	if (!cm[c->ncommitments].s)
		return 0;
	if (c->ncommitments >= PACT_MAX_COMMITMENTS) {
		pact_import__text_clear(&cm[c->ncommitments]);
		return pact_error_set(PACT_ELIMIT, "clause %ld has more than %d sentences",
		                      c->number, PACT_MAX_COMMITMENTS);
	}
	c->ncommitments++;
	return 0;
}

static int add_sentences(imp_clause *c, const imp_text *t, size_t from)
{
	const char *s = t->s;
	size_t i = from, start = from;
	int rc;

	while (i < t->len) {
		size_t end;
		int ell = 0;
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') {
			end = i + 1;
			while (end < t->len && s[end] == '.')
				end++, ell = 1;
		} else if (i + 3 <= t->len && !memcmp(s + i, "\xE2\x80\xA6", 3)) {
			end = i + 3;
			ell = 1;
		} else {
			i++;
			continue;
		}
		/* closing quotes and brackets stay with the sentence */
		for (;;) {
			if (end < t->len && (s[end] == '"' || s[end] == ')' || s[end] == '\''))
				end++;
			else if (end + 3 <= t->len && !memcmp(s + end, "\xE2\x80\x9D", 3))
				end += 3;
			else
				break;
		}
		if (end < t->len && s[end] == ' ' &&
		    pact_import__starts_upper(s + end + 1, t->len - end - 1) &&
		    !(s[i] == '.' && !ell && is_initial(s, i))) {
			if ((rc = add_commitment(c, t, start, end)) < 0)
				return rc;
			start = end + 1;
		}
		i = end;
	}
	return start < t->len ? add_commitment(c, t, start, t->len) : 0;
}

/* ---- clauses -------------------------------------------------------- */

static int same_row(const imp_para *a, const imp_para *b)
{
	return b->kind == IMP_CELL && b->table == a->table && b->row == a->row;
}

/* A column heading ("STT", "Nội dung", "Chỉ tiêu"): short, no digit. */
static int heading_cell(const imp_para *p)
{
	if (count_words(p->t.s, p->t.len) > 4)
		return 0;
	for (size_t i = 0; i < p->t.len; i++)
		if (p->t.s[i] >= '0' && p->t.s[i] <= '9')
			return 0;
	return 1;
}

/* A row number ("1", "2."): the STT column. */
static int row_number(const imp_para *p)
{
	size_t n = p->t.len, i = 0;
	while (n && (p->t.s[n - 1] == '.' || p->t.s[n - 1] == ' '))
		n--;
	while (i < n && p->t.s[i] >= '0' && p->t.s[i] <= '9')
		i++;
	return n && i == n && n <= 3;
}

/* A table of targets inside a clause ("Nội dung | Chỉ tiêu", rows of
 * "Thủ tục hành chính giải quyết đúng hạn | 100%"): each row is one
 * commitment, its cells joined ("...đúng hạn: 100%", "... người dân đạt
 * từ 95% trở lên"), without the row number and the heading row. Cell by
 * cell, "STT", "Chỉ tiêu" and "100%" had each become a commitment.
 * P->items[from] is the row's first cell; *next the paragraph after it. */
static int table_row(imp_clause *c, const imp_paras *P, size_t from, size_t to, size_t *next)
{
	const imp_para *p0 = &P->items[from];
	imp_text t = {0};
	size_t j = from, k;
	int rc = 0, heading = p0->row == 1;

	while (j < to && same_row(p0, &P->items[j]))
		heading = heading && heading_cell(&P->items[j]), j++;
	*next = j;
	if (heading && j < to && P->items[j].kind == IMP_CELL && P->items[j].table == p0->table)
		return 0; /* the heading row of a table with more rows */
	for (k = from; k < j && rc == 0; k++) {
		const imp_para *p = &P->items[k];
		size_t sk = p->marker.style != IMP_M_NONE ? p->marker.skip : 0;
		while (sk < p->t.len && p->t.s[sk] == ' ')
			sk++;
		if (sk == p->t.len || (p->col == 1 && row_number(p)))
			continue;
		if (t.len && t.s[t.len - 1] != ':' && k > from && p->col != P->items[k - 1].col &&
		    !pact_import__is_lower(pact_import__first_cp(p->t.s + sk, p->t.len - sk)))
			rc = pact_import__text_append(&t, ":", 1, p->line, 0);
		if (rc == 0)
			rc = pact_import__text_append(&t, p->t.s + sk, p->t.len - sk, p->line, ' ');
	}
	if (rc == 0 && t.len)
		rc = add_commitment(c, &t, 0, t.len);
	pact_import__text_clear(&t);
	return rc;
}

static int build_clause(imp_doc *doc, imp_paras *P, size_t from, size_t to, imp_ctx *ctx)
{
	imp_clause *c =
	        pact_alloc__grow(doc->clauses, &doc->clauses_cap, doc->nclauses, sizeof(*c), 8);
	const imp_para *p0 = &P->items[from];
	size_t skip = p0->marker.skip, end = p0->t.len;
	int rc = 0;

	if (!c)
		return PACT_ENOMEM;
	doc->clauses = c;
	if (doc->nclauses >= PACT_IMPORT_MAX_CLAUSES)
		return pact_error_set(PACT_ELIMIT, "more than %d numbered clauses: not a pact",
		                      PACT_IMPORT_MAX_CLAUSES);
	c = &doc->clauses[doc->nclauses++];
	memset(c, 0, sizeof(*c));
	c->number = p0->marker.value;
	c->line = p0->line;
	c->like = -1;
	while (skip < end && p0->t.s[skip] == ' ')
		skip++;
	if (to > from + 1 && !pact_import__ends_sentence(p0->t.s + skip, end - skip) &&
	    count_words(p0->t.s + skip, end - skip) <= TITLE_MAX_WORDS) {
		while (end > skip && (p0->t.s[end - 1] == ':' || p0->t.s[end - 1] == ' '))
			end--;
		if ((rc = slice(&c->title, &p0->t, skip, end)) < 0)
			return rc;
	} else if ((rc = add_sentences(c, &p0->t, skip)) < 0) {
		return rc;
	}
	for (size_t k = from + 1; k < to; k++) {
		const imp_para *p = &P->items[k];
		size_t sk = p->marker.style != IMP_M_NONE ? p->marker.skip : 0;
		if (p->kind == IMP_CELL) {
			size_t next;
			if ((rc = table_row(c, P, k, to, &next)) < 0)
				return rc;
			k = next - 1;
			continue;
		}
		while (sk < p->t.len && p->t.s[sk] == ' ')
			sk++;
		if ((rc = add_sentences(c, &p->t, sk)) < 0)
			return rc;
	}
	if (c->ncommitments == 0)
		rc = pact_import__warn(
		        ctx, c->line, "no-commitment",
		        "clause %ld has no commitment: write its text under 'commitments'",
		        c->number);
	return rc;
}

/* ---- head ----------------------------------------------------------- */

static int set_text(imp_text *dst, const imp_para *p, int sentence_case)
{
	pact_import__text_clear(dst);
	if (sentence_case && pact_import__all_caps(p->t.s, p->t.len)) {
		char *s = pact_import__sentence_case(p->t.s, p->t.len);
		int rc;
		if (!s)
			return PACT_ENOMEM;
		rc = pact_import__text_append(dst, s, strlen(s), p->line, ' ');
		free(s);
		return rc;
	}
	return slice(dst, &p->t, 0, p->t.len);
}

static int is_doc_number(const imp_para *p)
{
	return fold_starts(p, "so:") || fold_starts(p, "so :");
}

static int find_head(imp_doc *doc, imp_paras *P, size_t first, unsigned *bloc_caps, imp_ctx *ctx)
{
	long title_i = -1, bloc_i = -1;
	int rc = 0, found;

	for (size_t i = 0; i < first; i++) {
		imp_para *p = &P->items[i];
		size_t words = count_words(p->t.s, p->t.len);
		if (!doc->date.year) {
			if ((rc = parse_date_line(doc, p, &found)) < 0)
				return rc;
			if (found) {
				p->role = R_DATE;
				continue;
			}
		}
		if (title_i < 0 && words <= 16 &&
		    (fold_starts(p, "ban giao") || fold_contains(p, "giao uoc"))) {
			p->role = R_TITLE;
			title_i = (long)i;
			/* "BẢN GIAO ƯỚC THI ĐUA" / "NĂM 2024" on two lines */
			while (i + 1 < first &&
			       pact_import__all_caps(P->items[i + 1].t.s, P->items[i + 1].t.len) &&
			       count_words(P->items[i + 1].t.s, P->items[i + 1].t.len) <= 4 &&
			       !fold_starts(&P->items[i + 1], "khoi")) {
				imp_para *q = &P->items[++i];
				if ((rc = pact_import__text_append(&p->t, q->t.s, q->t.len, q->line,
				                                   ' ')) < 0)
					return rc;
				q->role = R_TITLE;
			}
		} else if (words <= 20 && fold_starts(p, "khoi ")) {
			if (bloc_i < 0 ||
			    (pact_import__all_caps(P->items[bloc_i].t.s, P->items[bloc_i].t.len) &&
			     !pact_import__all_caps(p->t.s, p->t.len)))
				bloc_i = (long)i;
			p->role = R_HEADER;
		} else if (title_i < 0 &&
		           (pact_import__all_caps(p->t.s, p->t.len) || is_doc_number(p))) {
			p->role = R_HEADER;
		}
	}
	if (title_i >= 0) {
		if ((rc = set_text(&doc->title, &P->items[title_i], 1)) < 0)
			return rc;
		imp_words w = {0};
		if ((rc = pact_import__words_split(&w, doc->title.s, doc->title.len)) < 0)
			return rc;
		for (size_t k = 0; k < w.n; k++)
			if (all_digits(w.w[k].bare, 4, 4))
				doc->year = atoi(w.w[k].bare),
				doc->year_line = P->items[title_i].line;
		pact_import__words_clear(&w);
	} else if ((rc = pact_import__warn(
	                    ctx, first ? P->items[0].line : 0, "not-found",
	                    "no title (\"Bản giao ước thi đua năm ...\") before clause 1")) < 0) {
		return rc;
	}
	if (bloc_i >= 0) {
		if (pact_import__all_caps(P->items[bloc_i].t.s, P->items[bloc_i].t.len))
			*bloc_caps = P->items[bloc_i].line;
		if ((rc = set_text(&doc->bloc, &P->items[bloc_i], 1)) < 0)
			return rc;
		P->items[bloc_i].role = R_BLOC;
	}
	/* the preamble: what is left between the title (or bloc) and clause 1 */
	long after = title_i > bloc_i ? title_i : bloc_i;
	for (size_t i = (size_t)(after + 1); i < first; i++) {
		imp_para *p = &P->items[i];
		if (p->role != R_NONE)
			continue;
		p->role = R_PREAMBLE;
		if ((rc = pact_import__text_append(&doc->preamble, "", 0, p->line, '\n')) < 0)
			return rc;
		imp_text piece;
		if ((rc = slice(&piece, &p->t, 0, p->t.len)) < 0)
			return rc;
		for (size_t k = 0; k < piece.n && rc == 0; k++) {
			size_t b = k + 1 < piece.n ? piece.off[k + 1] : piece.len;
			rc = pact_import__text_append(&doc->preamble, piece.s + piece.off[k],
			                              b - piece.off[k], piece.line[k], 0);
		}
		pact_import__text_clear(&piece);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- closing and signature block ------------------------------------ */

/* "TM. SỞ TƯ PHÁP", "KT. GIÁM ĐỐC", "TL. GIÁM ĐỐC", "TUQ. CHỦ TỊCH",
 * "Q. GIÁM ĐỐC", "Nơi nhận:", "ĐẠI DIỆN ..." */
static int is_sig_words(const imp_para *p)
{
	return fold_starts(p, "tm.") || fold_starts(p, "t/m") || fold_starts(p, "kt.") ||
	       fold_starts(p, "tl.") || fold_starts(p, "tuq.") || fold_starts(p, "q. ") ||
	       fold_starts(p, "noi nhan") || fold_starts(p, "dai dien");
}

/* What stands for the signature under a title: "(Đã ký)", "(đã ký và
 * đóng dấu)", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", "Đã ký". */
static int is_sig_note(const imp_para *p)
{
	if (p->marker.style != IMP_M_NONE || !p->t.len || count_words(p->t.s, p->t.len) > 8)
		return 0;
	if (fold_starts(p, "da ky"))
		return 1;
	return p->t.s[p->t.len - 1] == ')' && (fold_starts(p, "(da ky") || fold_starts(p, "(ky"));
}

/* A title line above such a note: short, no list marker, not a sentence
 * ("Giám đốc Sở Tư pháp", "CHÁNH THANH TRA TỈNH"). */
static int is_sig_title(const imp_para *p)
{
	char c = p->t.len ? p->t.s[p->t.len - 1] : '.';
	return p->marker.style == IMP_M_NONE && p->kind != IMP_CELL &&
	       count_words(p->t.s, p->t.len) <= 10 && !strchr(".;:!?", c);
}

/* A signature written without "TM." starts at i: at most two title lines
 * and then "(Đã ký)" ("Giám đốc Sở Tư pháp" / "(Đã ký)" / "Nguyễn Văn
 * An"), or a table one of whose cells holds such a note or "TM. ...".
 * Officers' papers were read with these lines as commitments of the last
 * clause ("(Đã ký)", "Nguyễn Văn An") or as the closing. */
static int is_unmarked_sig(const imp_paras *P, size_t i)
{
	const imp_para *p = &P->items[i];
	if (p->kind == IMP_CELL) {
		for (size_t k = i;
		     k < P->count && P->items[k].kind == IMP_CELL && P->items[k].table == p->table;
		     k++)
			if (is_sig_note(&P->items[k]) || is_sig_words(&P->items[k]))
				return 1;
		return 0;
	}
	for (size_t k = i; k < P->count && k <= i + 2; k++) {
		if (is_sig_note(&P->items[k]))
			return 1;
		if (!is_sig_title(&P->items[k]))
			return 0;
	}
	return 0;
}

static int is_sig_start(const imp_para *p)
{
	if (p->kind == IMP_CELL || is_sig_words(p))
		return 1;
	return pact_import__all_caps(p->t.s, p->t.len) && count_words(p->t.s, p->t.len) <= 12;
}

/* Below the last clause, before any closing: a table is the signature
 * block only when a cell says so ("TM. ..."); a table of targets (its
 * heading row in capitals, "STT | NỘI DUNG | CHỈ TIÊU") is the clause's. */
static int is_tail_start(const imp_para *p)
{
	return p->kind == IMP_CELL ? is_sig_words(p) : is_sig_start(p);
}

/* The closing: "Trên đây là ...", or the members' or bloc's promise
 * ("Các cơ quan thành viên cam kết ..."), or a paragraph ending "./." */
static int is_closing_start(const imp_para *p)
{
	if (p->marker.style != IMP_M_NONE)
		return 0;
	if (fold_starts(p, "tren day"))
		return 1;
	if ((fold_starts(p, "cac co quan") || fold_starts(p, "khoi thi dua") ||
	     fold_starts(p, "cac don vi") || fold_starts(p, "cac thanh vien")) &&
	    fold_contains(p, "cam ket"))
		return 1;
	return p->t.len >= 3 && !strcmp(p->t.s + p->t.len - 3, "./.");
}

/* A place-and-date line that starts the signature block below the last
 * clause: no item marker, and nothing after the date. A commitment of the
 * last clause that cites a date ("a) Hoàn thành trước ngày 15/12/2025.")
 * is neither, and was taken for one: the clause lost it and the closing,
 * which went into the signature block. */
static int is_date_para(const imp_para *p)
{
	int found = 0;
	if (p->marker.style != IMP_M_NONE)
		return 0;
	return parse_date_line(NULL, p, &found) == 0 && found == 2;
}

/* Returns the index where the signature block starts (P->count: none). */
static int find_tail(imp_doc *doc, imp_paras *P, size_t last, size_t *sig, imp_ctx *ctx)
{
	long close_i = -1;
	size_t i;
	int rc = 0, found;

	*sig = P->count;
	for (i = last + 1; i < P->count; i++) {
		imp_para *p = &P->items[i];
		if (is_closing_start(p)) {
			close_i = (long)i;
			break;
		}
		if (is_tail_start(p) || is_date_para(p) || is_unmarked_sig(P, i)) {
			*sig = i;
			break;
		}
	}
	if (close_i < 0 && *sig == P->count) {
		/* sub-items, then a paragraph without a marker: the closing */
		int items = 0;
		for (i = last + 1; i < P->count; i++) {
			if (P->items[i].marker.style == IMP_M_ITEM)
				items = 1;
			else if (items && P->items[i].marker.style == IMP_M_NONE) {
				close_i = (long)i;
				break;
			}
		}
	}
	for (i = last + 1; i < P->count; i++)
		if ((close_i < 0 || i < (size_t)close_i) && i < *sig)
			P->items[i].role = R_CLAUSE; /* the last clause's body */
	if (close_i >= 0) {
		for (i = (size_t)close_i; i < P->count; i++) {
			imp_para *p = &P->items[i];
			if (!doc->date.year) {
				if ((rc = parse_date_line(doc, p, &found)) < 0)
					return rc;
				if (found) {
					p->role = R_DATE;
					continue;
				}
			}
			if (i > (size_t)close_i && (is_sig_start(p) || is_unmarked_sig(P, i)))
				break;
			p->role = R_CLOSING;
			if ((rc = pact_import__text_append(&doc->closing, "", 0, p->line, '\n')) <
			    0)
				return rc;
			for (size_t k = 0; k < p->t.n && rc == 0; k++) {
				size_t b = k + 1 < p->t.n ? p->t.off[k + 1] : p->t.len;
				rc = pact_import__text_append(&doc->closing, p->t.s + p->t.off[k],
				                              b - p->t.off[k], p->t.line[k], 0);
			}
			if (rc < 0)
				return rc;
		}
		*sig = i;
	} else {
		unsigned at = *sig < P->count ? P->items[*sig].line : P->items[P->count - 1].line;
		if ((rc = pact_import__warn(
		             ctx, at, "not-found",
		             "no closing paragraph (\"Trên đây là ...\") after the last clause")) <
		    0)
			return rc;
	}
	for (i = *sig; i < P->count; i++) {
		if (!doc->date.year) {
			if ((rc = parse_date_line(doc, &P->items[i], &found)) < 0)
				return rc;
			if (found) {
				P->items[i].role = R_DATE;
				continue;
			}
		}
		P->items[i].role = R_SIG;
	}
	return 0;
}

/* A name printed in capitals ("KHỐI THI ĐUA CÁC SỞ, NGÀNH KINH TẾ") as
 * the text itself spells it, when the same words appear in `in` ("Khối thi
 * đua các Sở, ngành kinh tế"): *t is replaced by that spelling, with its
 * line. Words are compared folded, so only the case may differ. */
static int recase(imp_text *t, const imp_text *in)
{
	imp_words a = {0}, b = {0};
	int rc;
	if (!t->s || !in->s || (t->n && in->n && t->line[0] == in->line[0]))
		return 0;
	if ((rc = pact_import__words_split(&a, t->s, t->len)) < 0 ||
	    (rc = pact_import__words_split(&b, in->s, in->len)) < 0 || !a.n)
		goto done;
	for (size_t i = 0; i + a.n <= b.n; i++) {
		size_t k = 0;
		while (k < a.n && !strcmp(a.w[k].bare, b.w[i + k].bare))
			k++;
		if (k < a.n)
			continue;
		size_t from = b.w[i].off, to = b.w[i + a.n - 1].off + b.w[i + a.n - 1].len;
		while (to > from && strchr(",.;:", in->s[to - 1]))
			to--;
		pact_import__text_clear(t);
		rc = slice(t, in, from, to);
		break;
	}
done:
	pact_import__words_clear(&a);
	pact_import__words_clear(&b);
	return rc;
}

/* The bloc from the closing, "... của Khối thi đua X." (up to a full stop) */
static int bloc_from_text(imp_doc *doc, const imp_text *t)
{
	imp_words w = {0};
	int rc;
	if (!t->s)
		return 0;
	if ((rc = pact_import__words_split(&w, t->s, t->len)) < 0)
		return rc;
	for (size_t i = 0; i + 3 < w.n; i++) {
		if (!pact_import__words_match(&w, i, "khoi thi dua") ||
		    !pact_import__is_upper(pact_import__first_cp(t->s + w.w[i].off, w.w[i].len)))
			continue;
		size_t k = i + 2;
		while (k + 1 < w.n && k < i + 16 &&
		       !pact_import__ends_sentence(t->s + w.w[k].off, w.w[k].len))
			k++;
		size_t end = w.w[k].off + w.w[k].len;
		while (end > w.w[i].off && strchr(".;,", t->s[end - 1]))
			end--;
		if (k < i + 16)
			rc = slice(&doc->bloc, t, w.w[i].off, end);
		break;
	}
	pact_import__words_clear(&w);
	return rc;
}

int pact_import__structure(imp_doc *doc, const imp_blocks *blocks, imp_ctx *ctx)
{
	imp_lines L = {0};
	imp_paras P = {0};
	size_t first, sig = 0;
	unsigned bloc_caps = 0;
	imp_marker_style style;
	int rc;

	if ((rc = pact_import__lines_make(&L, blocks)) < 0 ||
	    (rc = pact_import__paras_make(&P, &L)) < 0)
		goto done;
	style = pick_style(&P);
	if (style == IMP_M_NONE) {
		rc = pact_error_set(
		        PACT_EINVALID,
		        "no numbered clause found (\"1. ...\", \"Điều 1\", \"I. ...\"): "
		        "is this a pact?");
		goto done;
	}
	run_of(&P, style, &first, 1);
	if ((rc = find_head(doc, &P, first, &bloc_caps, ctx)) < 0)
		goto done;
	/* clause k runs from its start to the next start; the last one to
	 * the closing or the signature block (find_tail) */
	size_t last = first;
	for (size_t i = first; i < P.count; i++)
		if (P.items[i].start)
			last = i;
	if ((rc = find_tail(doc, &P, last, &sig, ctx)) < 0)
		goto done;
	for (size_t i = first; i < P.count && P.items[i].start;) {
		size_t j = i + 1;
		while (j < P.count && !P.items[j].start &&
		       (i < last || P.items[j].role == R_CLAUSE))
			j++;
		if ((rc = build_clause(doc, &P, i, j, ctx)) < 0)
			goto done;
		i = j;
	}
	if (bloc_caps && (rc = recase(&doc->bloc, &doc->preamble)) == 0 &&
	    (rc = recase(&doc->bloc, &doc->closing)) == 0 && doc->bloc.line &&
	    doc->bloc.line[0] == bloc_caps)
		rc = pact_import__warn(ctx, bloc_caps, "upper-case",
		                       "the bloc's name is in capitals only; check its spelling");
	if (rc < 0)
		goto done;
	if (!doc->bloc.s && (rc = bloc_from_text(doc, &doc->closing)) < 0)
		goto done;
	if (!doc->bloc.s &&
	    (rc = pact_import__warn(ctx, first ? P.items[0].line : 0, "not-found",
	                            "no bloc (\"Khối thi đua ...\") before clause 1")) < 0)
		goto done;
	if (doc->place.s) {
		if ((rc = pact_import__text_append(&doc->province, doc->place.s, doc->place.len,
		                                   doc->date_line, ' ')) < 0)
			goto done;
	}
	if (!doc->date.year &&
	    (rc = pact_import__warn(
	             ctx, 0, "not-found",
	             "no place and date line (\"Bắc Giang, ngày 09 tháng 5 năm 2024\")")) < 0)
		goto done;
	if (doc->date.year && !doc->place.s &&
	    (rc = pact_import__warn(ctx, doc->date_line, "not-found", "no place before the date")) <
	            0)
		goto done;
	if (!doc->preamble.s && (rc = pact_import__warn(ctx, P.items[first].line, "not-found",
	                                                "no preamble before clause 1")) < 0)
		goto done;
	rc = pact_import__members(doc, &L, sig < P.count ? P.items[sig].l0 : L.count, ctx);
done:
	pact_import__paras_clear(&P);
	pact_import__lines_clear(&L);
	return rc;
}
