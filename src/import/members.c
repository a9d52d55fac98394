/*
 * members.c - the member agencies of the bloc.
 *
 * Two sources: the preamble's list ("đại diện lãnh đạo 05 cơ quan thành
 * viên của Khối thi đua gồm: Sở Ngoại vụ, Bảo hiểm xã hội tỉnh, ...,
 * Sở Y tế thống nhất ký ...") and the signature block ("TM. SỞ TƯ PHÁP",
 * one column per member). The list is cut at its commas, and a piece that
 * does not start like an agency name ("Thể thao và Du lịch") belongs to
 * the piece before it, so "Sở Văn hóa, Thể thao và Du lịch" stays one
 * member; the stated count ("05 cơ quan") is checked against the result.
 * Agency names start with a head word: Sở, Ban, Bảo hiểm, Văn phòng,
 * Ủy ban, Hội, Đài, Báo, Trường, Công an, Cục, ... The list is preferred
 * (it has the names' own capitals); the signature block is the fallback,
 * its capitals turned into the usual spelling and the user warned.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../buf.h"
#include "import.h"
#include "pact/error.h"
#include "paras.h"
#include "text.h"

/* The list in the preamble is at most this many words: it stops at
 * "thống nhất", "cùng ký", a full stop or a semicolon before that. */
#define LIST_MAX_WORDS 120
/* The list is looked for in the preamble's first bytes only (a preamble
 * is a paragraph; this is forty times a real one). */
#define PREAMBLE_SCAN_BYTES (64u * 1024u)

/* Folded head words of agency names, one or two words. */
static const char *const heads[] = {
        "so",         "ban",      "bao hiem",  "van phong", "uy ban",       "ubnd",
        "hoi",        "dai",      "bao",       "truong",    "benh vien",    "cong an",
        "bo chi huy", "kho bac",  "cuc",       "chi cuc",   "lien doan",    "tinh doan",
        "thanh doan", "doan",     "thanh tra", "vien",      "trung tam",    "ngan hang",
        "toa an",     "mat tran", "dang uy",   "cong ty",   "tong cong ty", "thu vien",
        "nha hat",    "bao tang", "hoc vien",  "kiem toan", "tap doan",     "hoi dong",
        "lien minh",  "quy",      "phong",     "bo",        "ubmttq",       "cang vu",
};

/* Number of words of the head the words at i start with, 0 if none. The
 * OCR's "S&", "SQ", "S¢'" (for "Sở") count as a head. */
static size_t head_at(const imp_words *w, size_t i, const char *text)
{
	size_t best = 0;
	if (i >= w->n)
		return 0;
	for (size_t h = 0; h < sizeof(heads) / sizeof(heads[0]); h++) {
		size_t k = 1;
		for (const char *p = heads[h]; *p; p++)
			k += *p == ' ';
		if (k > best && pact_import__words_match(w, i, heads[h]))
			best = k;
	}
	if (!best) {
		const char *s = text + w->w[i].off;
		size_t len = w->w[i].len;
		if (len >= 2 && len <= 4 && s[0] == 'S' && !(s[1] >= 'a' && s[1] <= 'z'))
			best = 1;
	}
	return best;
}

static int add_member(imp_doc *doc, const char *s, size_t len, const imp_text *src, size_t off)
{
	imp_member *m =
	        pact_alloc__grow(doc->members, &doc->members_cap, doc->nmembers, sizeof(*m), 8);
	if (!m)
		return PACT_ENOMEM;
	if (doc->nmembers >= PACT_MAX_MEMBERS)
		return pact_error_set(PACT_ELIMIT, "more than %d member agencies",
		                      PACT_MAX_MEMBERS);
	doc->members = m;
	m = &doc->members[doc->nmembers];
	memset(m, 0, sizeof(*m));
	m->like = -1;
	int rc = pact_import__text_append(&m->name, s, len,
	                                  src ? pact_import__text_line_at(src, off) : 0, ' ');
	if (rc < 0) {
		pact_import__text_clear(&m->name);
		return rc;
	}
	doc->nmembers++;
	return 0;
}

static void trim_piece(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && strchr(" ,;:.", s[*a]))
		(*a)++;
	while (*b > *a && strchr(" ,;:", s[*b - 1]))
		(*b)--;
}

/* The list after "gồm" in the preamble. */
static int from_preamble(imp_doc *doc, imp_ctx *ctx)
{
	const imp_text *t = &doc->preamble;
	imp_words w = {0};
	size_t start = 0, end, stop, *cuts = NULL, ncuts = 0, cap = 0;
	int rc;

	if (!t->s)
		return 0;
	size_t scan = t->len;
	if (scan > PREAMBLE_SCAN_BYTES)
		for (scan = PREAMBLE_SCAN_BYTES; scan > 0 && t->s[scan] != ' '; scan--)
			; /* cut between words, never inside a code point */
	if ((rc = pact_import__words_split(&w, t->s, scan)) < 0)
		return rc;
	for (size_t i = 0; i + 2 < w.n; i++)
		if (!doc->members_stated && strlen(w.w[i].bare) <= 3 && w.w[i].bare[0] >= '0' &&
		    w.w[i].bare[0] <= '9' &&
		    (pact_import__words_match(&w, i + 1, "co quan") ||
		     pact_import__words_match(&w, i + 1, "don vi") ||
		     pact_import__words_match(&w, i + 1, "thanh vien")))
			doc->members_stated = (size_t)atoi(w.w[i].bare);
	for (size_t i = 0; i < w.n && !start; i++)
		if (!strcmp(w.w[i].bare, "gom"))
			start = i + 1 + (i + 1 < w.n && !strcmp(w.w[i + 1].bare, "co"));
	if (!start || start >= w.n)
		goto done;
	for (stop = start; stop < w.n && stop < start + LIST_MAX_WORDS; stop++) {
		if (pact_import__words_match(&w, stop, "thong nhat") ||
		    pact_import__words_match(&w, stop, "cung ky") ||
		    pact_import__words_match(&w, stop, "ky ket") ||
		    pact_import__words_match(&w, stop, "cam ket"))
			break;
		char last = t->s[w.w[stop].off + w.w[stop].len - 1];
		if (last == ';' || (last == '.' && stop > start)) {
			stop++;
			break;
		}
	}
	end = w.w[stop - 1].off + w.w[stop - 1].len;
	/* cut at commas; keep a cut only where the next words start a name */
	size_t a = w.w[start].off;
	for (size_t i = start; i < stop; i++) {
		size_t we = w.w[i].off + w.w[i].len;
		int comma = t->s[we - 1] == ',';
		int va = i > start && !strcmp(w.w[i].bare, "va") && head_at(&w, i + 1, t->s);
		if ((comma && i + 1 < stop && head_at(&w, i + 1, t->s)) || va) {
			size_t *c = pact_alloc__grow(cuts, &cap, ncuts, sizeof(*c), 8);
			if (!c) {
				rc = PACT_ENOMEM;
				goto done;
			}
			cuts = c;
			cuts[ncuts++] = va ? w.w[i].off : we;
		}
	}
	for (size_t k = 0; k <= ncuts; k++) {
		size_t b = k < ncuts ? cuts[k] : end;
		size_t pa = a, pb = b;
		trim_piece(t->s, &pa, &pb);
		if (!strncmp(t->s + pa, "và ", 4))
			pa += 4;
		if (pb > pa && (rc = add_member(doc, t->s + pa, pb - pa, t, pa)) < 0)
			goto done;
		if (k < ncuts)
			a = cuts[k] + (t->s[cuts[k]] == 'v' ? 0 : 1);
	}
done:
	free(cuts);
	pact_import__words_clear(&w);
	(void)ctx;
	return rc;
}

/* "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" -> "Sở Văn hóa, Thể thao và Du lịch":
 * capitals for the first word, the word after the head, and words after a
 * comma, a dash or "và"; "tỉnh", "huyện" stay small. */
static char *name_case(const char *s, size_t len, size_t headw)
{
	imp_words w = {0};
	pact_buf b = PACT_BUF_INIT;
	char *r = NULL;
	if (pact_import__words_split(&w, s, len) < 0)
		goto done;
	for (size_t i = 0; i < w.n; i++) {
		const char *p = s + w.w[i].off;
		int cap = i == 0 || i == headw;
		if (i > 0) {
			const char *q = s + w.w[i - 1].off;
			size_t ql = w.w[i - 1].len;
			cap |= q[ql - 1] == ',' || !strcmp(w.w[i - 1].bare, "va") ||
			       (ql == 1 && q[0] == '-');
		}
		if (!strcmp(w.w[i].bare, "tinh") || !strcmp(w.w[i].bare, "huyen"))
			cap = 0;
		if (i)
			pact_buf__putc(&b, ' ');
		size_t k = 0;
		while (k < w.w[i].len) {
			utf8proc_int32_t cp;
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t n =
			        utf8proc_iterate((const utf8proc_uint8_t *)p + k,
			                         (utf8proc_ssize_t)(w.w[i].len - k), &cp);
			if (n <= 0)
				break;
			cp = k == 0 && cap ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
			pact_buf__put(&b, (const char *)enc, (size_t)utf8proc_encode_char(cp, enc));
			k += (size_t)n;
		}
	}
	if (!b.oom)
		r = pact_buf__detach(&b, NULL);
done:
	pact_buf__clear(&b);
	pact_import__words_clear(&w);
	return r;
}

static int known(const imp_doc *doc, size_t upto, const char *fold)
{
	for (size_t i = 0; i < upto; i++) {
		char *f = pact_import__fold(doc->members[i].name.s, doc->members[i].name.len);
		int same = f && !strcmp(f, fold);
		free(f);
		if (same)
			return 1;
	}
	return 0;
}

/* A signatory's title under the agency ("TRƯỞNG BAN", "PHÓ TRƯỞNG BAN",
 * "VIỆN TRƯỞNG", "TRƯỞNG PHÒNG"): "trưởng" (hook above) heads no agency's
 * name, but folds to the head word of "Trường" (a school), so "TRƯỞNG BAN"
 * under "TM. BAN DÂN TỘC" was taken for a member, warned about, or, with
 * no list in the preamble, added as a member "Trưởng Ban" that would then
 * be asked to approve the next year's pact. In capitals, as the block
 * writes it, in NFC (what the readers give). */
static int is_title(const char *s, size_t len)
{
	static const char truong[] = "TR\xc6\xaf\xe1\xbb\x9eNG"; /* TRƯỞNG */
	size_t n = sizeof(truong) - 1;

	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(s + i, truong, n) && (i == 0 || s[i - 1] == ' ') &&
		    (i + n == len || s[i + n] == ' '))
			return 1;
	return 0;
}

/* One column of the signature block: "TM. SỞ TƯ PHÁP" -> a member. */
static int sig_column(imp_doc *doc, size_t nlist, const char *s, size_t len, unsigned line,
                      int *warned, imp_ctx *ctx)
{
	imp_words w = {0};
	char *name = NULL, *fold = NULL;
	size_t h;
	int rc;

	while (len && *s == ' ')
		s++, len--;
	if (len > 4 && (!strncmp(s, "TM.", 3) || !strncmp(s, "T/M", 3) || !strncmp(s, "KT.", 3) ||
	                !strncmp(s, "TL.", 3))) {
		s += 3, len -= 3;
		while (len && *s == ' ')
			s++, len--;
	}
	if (!pact_import__all_caps(s, len) || is_title(s, len))
		return 0;
	if ((rc = pact_import__words_split(&w, s, len)) < 0)
		return rc;
	if (!w.n || !(h = head_at(&w, 0, s)) || w.n > 14)
		goto done;
	rc = PACT_ENOMEM;
	if (!(fold = pact_import__fold(s, len)))
		goto done;
	rc = 0;
	if (known(doc, doc->nmembers, fold))
		goto done;
	if (nlist) {
		rc = pact_import__warn(
		        ctx, line, "members",
		        "the signature block names '%.*s', which is not in the preamble's list",
		        (int)len, s);
		goto done;
	}
	if (!(name = name_case(s, len, h))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	if ((rc = add_member(doc, name, strlen(name), NULL, 0)) < 0)
		goto done;
	doc->members[doc->nmembers - 1].name.line[0] = line;
	if (!*warned) {
		*warned = 1;
		rc = pact_import__warn(
		        ctx, line, "upper-case",
		        "member names taken from the signature block, in capitals there: check "
		        "their spelling");
	}
done:
	free(name);
	free(fold);
	pact_import__words_clear(&w);
	return rc;
}

static int from_signature(imp_doc *doc, const imp_lines *L, size_t from, imp_ctx *ctx)
{
	size_t nlist = doc->nmembers;
	int warned = 0, rc = 0;
	for (size_t i = from; i < L->count && rc == 0; i++) {
		const char *s = L->items[i].text;
		size_t len = L->items[i].len, a = 0;
		/* columns: separated by a tab or three spaces */
		while (a < len && rc == 0) {
			size_t b = a;
			while (b < len && s[b] != '\t' &&
			       !(b + 2 < len && !strncmp(s + b, "   ", 3)))
				b++;
			if (b > a)
				rc = sig_column(doc, nlist, s + a, b - a, L->items[i].line, &warned,
				                ctx);
			while (b < len && (s[b] == ' ' || s[b] == '\t'))
				b++;
			a = b;
		}
	}
	return rc;
}

int pact_import__members(imp_doc *doc, const imp_lines *L, size_t sig_from, imp_ctx *ctx)
{
	int rc;
	if ((rc = from_preamble(doc, ctx)) < 0 || (rc = from_signature(doc, L, sig_from, ctx)) < 0)
		return rc;
	if (!doc->nmembers)
		return pact_import__warn(
		        ctx, pact_import__text_first_line(&doc->preamble), "not-found",
		        "no member agencies: neither a list in the preamble (\"... gồm: Sở "
		        "A, Sở B\") nor a signature block (\"TM. SỞ A\")");
	if (doc->members_stated && doc->members_stated != doc->nmembers)
		return pact_import__warn(
		        ctx, pact_import__text_first_line(&doc->preamble), "members",
		        "the preamble speaks of %zu members, but %zu were found: check them",
		        doc->members_stated, doc->nmembers);
	return 0;
}
