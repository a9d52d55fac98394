/*
 * test_pactdiff.c - whole documents -> edit script: one crafted pair per kind
 * of change, with the answer known in advance, and the sample 2023 -> 2024
 * pair checked line by line against tests/data/expected-2023-2024.md (written
 * by hand, not by this program).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/pactdiff.h"

/* A valid pact/1 document around a `clauses:` block. */
static pact_doc *mkdoc(int year, const char *members, const char *clauses)
{
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_diags dg = PACT_DIAGS_INIT;
	pact_doc *d = NULL;
	char *y = strf("schema: pact/1\nyear: %d\ntitle: \"Giao ước thi đua năm %d\"\n"
	               "bloc: \"Khối thi đua số 2\"\nprovince: \"Bắc Giang\"\n"
	               "signed:\n  place: \"Bắc Giang\"\n  date: %d-03-14\n"
	               "members:\n%s"
	               "preamble: \"Các cơ quan thống nhất ký giao ước.\"\nclauses:\n%s"
	               "closing: \"Trên đây là bản giao ước.\"\n",
	               year, year, year,
	               members ? members : "  - id: so-y-te\n    name: \"Sở Y tế\"\n", clauses);
	po.check_filename = 0;
	int rc = pact_doc_parse(&d, &dg, y, strlen(y), &po);
	if (rc != 0) {
		for (size_t i = 0; i < dg.count; i++)
			fprintf(stderr, "%u:%u: %s\n", dg.items[i].line, dg.items[i].col,
			        dg.items[i].message);
		fprintf(stderr, "%s", y);
	}
	cr_assert_eq(rc, 0, "test document does not parse");
	pact_diags_clear(&dg);
	free(y);
	return d;
}

static pact_diff *diff2(const char *ca, const char *cb, int ignore_ids)
{
	pact_doc *a = mkdoc(2023, NULL, ca), *b = mkdoc(2024, NULL, cb);
	pact_diff_opts o = PACT_DIFF_OPTS_INIT;
	pact_diff *d = NULL;
	o.ignore_ids = ignore_ids;
	cr_assert_eq(pact_diff_docs(&d, a, b, &o), 0);
	pact_doc_free(a);
	pact_doc_free(b);
	return d;
}

static const pact_clause_diff *by_new(const pact_diff *d, const char *id)
{
	for (size_t i = 0; i < d->nclauses; i++)
		if (d->clauses[i].new.present && !strcmp(d->clauses[i].new.id, id))
			return &d->clauses[i];
	return NULL;
}

static const pact_clause_diff *by_old(const pact_diff *d, const char *id)
{
	for (size_t i = 0; i < d->nclauses; i++)
		if (d->clauses[i].old.present && !strcmp(d->clauses[i].old.id, id) &&
		    !d->clauses[i].split_from.present)
			return &d->clauses[i];
	return NULL;
}

/* A clause (its number a %d for strf) and a commitment, so that a test can
 * rearrange the same sentences and show that it did. */
#define CLAUSE(id, commitments) "  - id: " id "\n    number: %d\n    commitments:\n" commitments
#define CM(text) "      - \"" text "\"\n"
#define T_YTE "Nâng cao chất lượng dịch vụ y tế, chăm sóc sức khỏe cho Nhân dân."
#define T_DICH "Chủ động phòng, chống dịch bệnh; phát hiện sớm, kịp thời khống chế."
#define T_CCHC "Đẩy mạnh cải cách hành chính, tăng cường chuyển đổi số."
#define T_KT "Công tác khen thưởng bảo đảm đúng quy định của pháp luật."
#define T_TT "Tăng cường tuyên truyền, phổ biến những điển hình tiên tiến."

#define C1 CLAUSE("y-te", CM(T_YTE) CM(T_DICH))
#define C2 CLAUSE("cai-cach", CM(T_CCHC))
#define C3 CLAUSE("giao-duc", CM("Thực hiện đổi mới, nâng cao chất lượng giáo dục và đào tạo."))
#define C4 CLAUSE("khen-thuong", CM(T_KT) CM(T_TT))

Test(pactdiff, identical_pacts_differ_only_in_year_fields)
{
	char *a = strf(C1 C2, 1, 2);
	pact_diff *d = diff2(a, a, 0);
	cr_expect_eq(d->summary.unchanged, 2);
	cr_expect_eq(d->summary.modified + d->summary.added + d->summary.removed, 0);
	cr_expect_eq(d->summary.c_unchanged, 3);
	cr_expect_eq(d->clauses[0].similarity, 1.0);
	pact_diff_free(d);
	free(a);
}

Test(pactdiff, reworded_commitment_is_modified_with_word_ops)
{
	char *a = strf(C2, 1);
	const char *b = "  - id: cai-cach\n    number: 1\n    commitments:\n"
	                "      - \"Đẩy mạnh cải cách hành chính, tập trung chuyển đổi số.\"\n";
	pact_diff *d = diff2(a, b, 0);
	cr_assert_eq(d->nclauses, 1);
	const pact_clause_diff *c = &d->clauses[0];
	cr_expect_eq(c->status, PACT_CHANGE_MODIFIED);
	cr_assert_eq(c->ncommits, 1);
	cr_expect_eq(c->commits[0].status, PACT_CHANGE_MODIFIED);
	cr_expect_eq(c->commits[0].words.ndeleted, 2);  /* tăng cường */
	cr_expect_eq(c->commits[0].words.ninserted, 2); /* tập trung */
	cr_expect(c->commits[0].similarity > 0.4 && c->commits[0].similarity < 1);
	pact_diff_free(d);
	free(a);
}

Test(pactdiff, renumbered_is_not_moved)
{
	char *a = strf(C1 C2, 1, 2), *b = strf(C3 C1 C2, 1, 2, 3);
	pact_diff *d = diff2(a, b, 0);
	cr_expect_eq(d->summary.added, 1);
	cr_expect_eq(d->summary.renumbered, 2);
	cr_expect_eq(d->summary.moved, 0);
	cr_expect_eq(d->summary.unchanged, 2);
	cr_expect(by_new(d, "y-te")->renumbered);
	cr_expect_eq(by_new(d, "giao-duc")->status, PACT_CHANGE_ADDED);
	pact_diff_free(d);
	free(a);
	free(b);
}

Test(pactdiff, reordered_clause_is_moved)
{
	char *a = strf(C1 C2 C3, 1, 2, 3), *b = strf(C2 C3 C1, 1, 2, 3);
	pact_diff *d = diff2(a, b, 0);
	cr_expect_eq(d->summary.moved, 1);
	cr_expect(by_new(d, "y-te")->moved);
	cr_expect(!by_new(d, "cai-cach")->moved);
	/* status and move are separate facts: same content, new place */
	cr_expect_eq(by_new(d, "y-te")->status, PACT_CHANGE_UNCHANGED);
	cr_expect(d->differs, "a move alone makes the pacts differ");
	pact_diff_free(d);
	free(a);
	free(b);
}

Test(pactdiff, dropped_and_added_clauses)
{
	char *a = strf(C1 C2, 1, 2), *b = strf(C1 C3, 1, 2);
	pact_diff *d = diff2(a, b, 0);
	cr_expect_eq(d->summary.removed, 1);
	cr_expect_eq(d->summary.added, 1);
	cr_expect_eq(by_old(d, "cai-cach")->status, PACT_CHANGE_REMOVED);
	cr_expect_eq(by_new(d, "giao-duc")->status, PACT_CHANGE_ADDED);
	cr_expect_eq(by_new(d, "giao-duc")->commits[0].status, PACT_CHANGE_ADDED);
	pact_diff_free(d);
	free(a);
	free(b);
}

Test(pactdiff, split_clause)
{
	char *a = strf(C4 C2, 1, 2);
	char *b = strf(CLAUSE("khen-thuong", CM(T_KT)) CLAUSE("tuyen-truyen", CM(T_TT)) C2, 1, 2, 3);
	pact_diff *d = diff2(a, b, 0);
	const pact_clause_diff *p = by_new(d, "tuyen-truyen");
	cr_assert(p);
	cr_expect(p->split_from.present);
	cr_expect_str_eq(p->split_from.id, "khen-thuong");
	cr_expect_eq(p->status, PACT_CHANGE_MODIFIED);
	cr_assert_eq(p->ncommits, 1);
	cr_expect_eq(p->commits[0].status, PACT_CHANGE_UNCHANGED);
	cr_expect(!p->commits[0].from.present, "followed the split, not a cross-clause move");
	cr_expect_eq(d->summary.split, 1);
	cr_expect_eq(d->summary.added, 0);
	cr_expect_eq(d->summary.c_removed, 0);
	/* what is left of the old clause reads the same, but a split took a
	 * commitment from it: not "unchanged" (issue 11) */
	cr_expect_eq(by_old(d, "khen-thuong")->status, PACT_CHANGE_MODIFIED);
	cr_expect_eq(d->summary.unchanged, 1, "only the untouched clause");
	pact_diff_free(d);
	free(a);
	free(b);
}

Test(pactdiff, merged_clauses)
{
	char *a = strf(CLAUSE("khen-thuong", CM(T_KT)) CLAUSE("tuyen-truyen", CM(T_TT)), 1, 2);
	char *b = strf(C4, 1);
	pact_diff *d = diff2(a, b, 0);
	const pact_clause_diff *m = by_old(d, "tuyen-truyen");
	cr_assert(m);
	cr_expect(m->merged_into.present);
	cr_expect_str_eq(m->merged_into.id, "khen-thuong");
	cr_expect_eq(d->summary.merged, 1);
	cr_expect_eq(d->summary.removed, 0);
	cr_expect_eq(d->summary.c_added, 0);
	/* the clause that took the other one in is not "unchanged" either */
	for (size_t i = 0; i < d->nclauses; i++)
		if (d->clauses[i].new.present && !d->clauses[i].merged_into.present)
			cr_expect_eq(d->clauses[i].status, PACT_CHANGE_MODIFIED, "%s",
			             d->clauses[i].new.id);
	cr_expect_eq(d->summary.unchanged, 0);
	pact_diff_free(d);
	free(a);
	free(b);
}

Test(pactdiff, no_ids_in_common_still_aligns)
{
	char *a = strf(C1 C2 C3, 1, 2, 3);
	char *b = strf(CLAUSE("moi-1", CM("Thực hiện đổi mới, nâng cao chất lượng giáo dục và "
	                                  "đào tạo, nguồn nhân lực."))
	               CLAUSE("moi-2", CM(T_YTE) CM(T_DICH)) CLAUSE("moi-3", CM(T_CCHC)),
	               1, 2, 3);
	pact_diff *d = diff2(a, b, 0);
	cr_expect_eq(d->summary.added + d->summary.removed, 0);
	cr_expect_str_eq(by_new(d, "moi-1")->old.id, "giao-duc");
	cr_expect_str_eq(by_new(d, "moi-2")->old.id, "y-te");
	cr_expect_str_eq(by_new(d, "moi-3")->old.id, "cai-cach");
	cr_expect(!by_new(d, "moi-2")->paired_by_id);
	cr_expect_eq(by_new(d, "moi-1")->commits[0].status, PACT_CHANGE_MODIFIED);
	cr_expect_eq(d->summary.moved, 1, "giao-duc moved from 3 to 1");
	pact_diff_free(d);
	free(a);
	free(b);
}

Test(pactdiff, only_normalisation_differs)
{
	/* NFD "khỏe" -> o + U+0309, "hoà" old tone placement; same words */
	const char *a = "  - id: y-te\n    number: 1\n    commitments:\n"
	                "      - \"Chăm sóc sức kho\xcc\x89" "e, hoà nhập cộng đồng.\"\n";
	const char *b = "  - id: y-te\n    number: 1\n    commitments:\n"
	                "      - \"Chăm sóc sức khỏe, hòa nhập cộng đồng.\"\n";
	pact_diff *d = diff2(a, b, 0);
	cr_expect_eq(d->clauses[0].status, PACT_CHANGE_UNCHANGED);
	cr_expect_eq(d->clauses[0].commits[0].status, PACT_CHANGE_UNCHANGED);
	cr_expect(d->clauses[0].commits[0].norm_only);
	cr_expect_eq(d->summary.norm_only, 1);
	/* the year fields differ, the clauses do not */
	cr_expect_eq(d->summary.modified, 0);
	pact_diff_free(d);
}

Test(pactdiff, commitment_moved_across_clauses)
{
	char *a = strf(C1 C2, 1, 2);
	char *b = strf(CLAUSE("y-te", CM(T_YTE)) CLAUSE("cai-cach", CM(T_CCHC) CM(T_DICH)), 1, 2);
	pact_diff *d = diff2(a, b, 0);
	const pact_clause_diff *to = by_new(d, "cai-cach"), *from = by_new(d, "y-te");
	cr_expect_eq(d->summary.c_moved_across, 1);
	cr_expect_eq(from->nmoved_out, 1);
	cr_assert_eq(to->ncommits, 2);
	cr_expect(to->commits[1].from.present);
	cr_expect_str_eq(to->commits[1].from.id, "y-te");
	cr_expect_eq(to->commits[1].status, PACT_CHANGE_UNCHANGED);
	pact_diff_free(d);
	free(a);
	free(b);
}

Test(pactdiff, citation_redated_added_dropped)
{
	const char *a = "  - id: x\n    number: 1\n    commitments:\n"
	                "      - \"Thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021 và Nghị định số 91/2017/NĐ-CP.\"\n";
	const char *b = "  - id: x\n    number: 1\n    commitments:\n"
	                "      - \"Thực hiện Chỉ thị số 19/CT-TTg ngày 1/8/2021 và Chỉ thị 26-CT/TU.\"\n";
	pact_diff *d = diff2(a, b, 0);
	cr_expect_eq(d->summary.cites_redated, 1);
	cr_expect_eq(d->summary.cites_added, 1);
	cr_expect_eq(d->summary.cites_dropped, 1);
	cr_expect_eq(d->clauses[0].cites.count, 3);
	pact_diff_free(d);
}

Test(pactdiff, members_joined_and_left)
{
	char *c = strf(C2, 1);
	pact_doc *a = mkdoc(2023, "  - id: so-y-te\n    name: \"Sở Y tế\"\n", c);
	pact_doc *b = mkdoc(2024, "  - id: so-noi-vu\n    name: \"Sở Nội vụ\"\n", c);
	pact_diff *d = NULL;
	cr_assert_eq(pact_diff_docs(&d, a, b, NULL), 0);
	cr_expect_eq(d->summary.members_joined, 1);
	cr_expect_eq(d->summary.members_left, 1);
	cr_expect(d->differs);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
	free(c);
}

/* ---- the sample pair against the hand-written expectation ------------- */

typedef struct fields {
	char *f[12];
	size_t n;
} fields;

/* split on runs of two or more spaces */
static fields split2(char *line)
{
	fields r = {{0}, 0};
	char *p = line;
	while (*p && r.n < 12) {
		char *q = strstr(p, "  ");
		if (q)
			*q = 0;
		r.f[r.n++] = p;
		if (!q)
			break;
		p = q;
		while (*++p == ' ')
			;
		*(p - 1) = 0;
	}
	return r;
}

static const char *val(const fields *r, const char *key)
{
	size_t n = strlen(key);
	for (size_t i = 0; i < r->n; i++)
		if (!strncmp(r->f[i], key, n) && r->f[i][n] == '=')
			return r->f[i] + n + 1;
	return NULL;
}

/* "id#num" or "id#num.k" -> id, number, k (k = 0 when absent) */
static int ref(const char *s, char *id, long *num, long *k)
{
	const char *h = strchr(s, '#');
	if (!h)
		return 0;
	memcpy(id, s, (size_t)(h - s));
	id[h - s] = 0;
	*k = 0;
	if (sscanf(h + 1, "%ld.%ld", num, k) < 1)
		return 0;
	return 1;
}

static const pact_commit_diff *find_commit(const pact_diff *d, const char *o, const char *n,
                                           const pact_clause_diff **owner)
{
	char oid[64] = "", nid[64] = "";
	long on = 0, ok = 0, nn = 0, nk = 0;
	int has_o = strcmp(o, "-") && ref(o, oid, &on, &ok);
	int has_n = strcmp(n, "-") && ref(n, nid, &nn, &nk);
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause_diff *cd = &d->clauses[i];
		for (size_t k = 0; k < cd->ncommits; k++) {
			const pact_commit_diff *c = &cd->commits[k];
			const pact_clause_ref *oc = c->from.present ? &c->from : &cd->old;
			int om = has_o ? (c->old_index == ok - 1 && oc->present && !strcmp(oc->id, oid) &&
			                  oc->number == on)
			               : c->old_index < 0;
			int nm = has_n ? (c->new_index == nk - 1 && cd->new.present &&
			                  !strcmp(cd->new.id, nid) && cd->new.number == nn)
			               : c->new_index < 0;
			if (om && nm) {
				*owner = cd;
				return c;
			}
		}
	}
	return NULL;
}

static int has_cite(const pact_cite_changes *cs, const char *number, pact_change st)
{
	for (size_t i = 0; i < cs->count; i++)
		if (!strcmp(cs->items[i].cite.number, number) && cs->items[i].status == st)
			return 1;
	return 0;
}

static const pact_clause_diff *clause_by(const pact_diff *d, const char *o, const char *n)
{
	char oid[64] = "", nid[64] = "";
	long on = 0, nn = 0, k;
	int has_o = o && strcmp(o, "-") && ref(o, oid, &on, &k);
	int has_n = n && strcmp(n, "-") && ref(n, nid, &nn, &k);
	for (size_t i = 0; i < d->nclauses; i++) {
		const pact_clause_diff *cd = &d->clauses[i];
		if (has_o && !(cd->old.present && !strcmp(cd->old.id, oid) && cd->old.number == on))
			continue;
		if (!has_o && cd->old.present)
			continue;
		if (has_n && !(cd->new.present && !strcmp(cd->new.id, nid) && cd->new.number == nn))
			continue;
		if (!has_n && cd->new.present)
			continue;
		return cd;
	}
	return NULL;
}

static pact_change cite_status(const char *kind)
{
	if (strstr(kind, "kept"))
		return PACT_CHANGE_UNCHANGED;
	if (strstr(kind, "dropped"))
		return PACT_CHANGE_REMOVED;
	return PACT_CHANGE_ADDED;
}

static pact_change status_of(const char *s)
{
	if (!strcmp(s, "unchanged"))
		return PACT_CHANGE_UNCHANGED;
	if (!strcmp(s, "modified"))
		return PACT_CHANGE_MODIFIED;
	if (!strcmp(s, "added"))
		return PACT_CHANGE_ADDED;
	return PACT_CHANGE_REMOVED;
}

static void check_expected(int ignore_ids)
{
	char *p23 = src_path("pacts/2023.yaml"), *p24 = src_path("pacts/2024.yaml");
	char *exp = src_path("tests/data/expected-2023-2024.md");
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;
	pact_diff_opts o = PACT_DIFF_OPTS_INIT;
	char *text = read_file(exp, NULL), *save = NULL;
	int in_block = 0, checked = 0;

	cr_assert(text, "cannot read %s", exp);
	cr_assert_eq(pact_doc_load_file(&a, NULL, p23, NULL), 0);
	cr_assert_eq(pact_doc_load_file(&b, NULL, p24, NULL), 0);
	o.ignore_ids = ignore_ids;
	cr_assert_eq(pact_diff_docs(&d, a, b, &o), 0);

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "```", 3)) {
			in_block = !in_block;
			continue;
		}
		if (!in_block || line[0] == '#' || !line[0])
			continue;
		char copy[1024];
		snprintf(copy, sizeof(copy), "%s", line);
		fields r = split2(line);
		const char *kind = r.f[0];
		const char *ov = val(&r, "old"), *nv = val(&r, "new"), *st = val(&r, "status");
		const char *mv = val(&r, "moved");

		if (!strcmp(kind, "pair")) {
			const pact_clause_diff *cd = clause_by(d, ov, nv);
			cr_expect(cd && !cd->split_from.present, "%s", copy);
			if (cd) {
				cr_expect_eq(cd->status, status_of(st), "%s", copy);
				cr_expect_eq(cd->moved, !strcmp(mv, "yes"), "%s", copy);
				cr_expect(cd->similarity > 0 && cd->similarity <= 1, "%s", copy);
			}
		} else if (!strcmp(kind, "split-part")) {
			const pact_clause_diff *cd = clause_by(d, ov, nv);
			cr_expect(cd && cd->split_from.present, "%s", copy);
			if (cd)
				cr_expect_eq(cd->status, status_of(st), "%s", copy);
		} else if (!strcmp(kind, "removed")) {
			const pact_clause_diff *cd = clause_by(d, ov, NULL);
			cr_expect(cd && cd->status == PACT_CHANGE_REMOVED, "%s", copy);
		} else if (!strcmp(kind, "added")) {
			const pact_clause_diff *cd = clause_by(d, NULL, nv);
			cr_expect(cd && cd->status == PACT_CHANGE_ADDED, "%s", copy);
		} else if (!strcmp(kind, "merge")) {
			cr_expect_eq(d->summary.merged, 0, "%s", copy);
		} else if (!strcmp(kind, "commit") || !strcmp(kind, "moved-commit")) {
			const pact_clause_diff *owner = NULL;
			const pact_commit_diff *c = find_commit(d, ov, nv, &owner);
			cr_expect(c != NULL, "no such commitment record: %s", copy);
			if (!c)
				continue;
			if (st)
				cr_expect_eq(c->status, status_of(st), "%s", copy);
			if (!strcmp(kind, "moved-commit") || (mv && !strcmp(mv, "yes")))
				cr_expect(c->from.present, "%s", copy);
			else if (mv && !strcmp(mv, "no"))
				cr_expect(!c->from.present && !c->moved && !owner->split_from.present, "%s", copy);
			else if (mv && !strcmp(mv, "split"))
				cr_expect(owner->split_from.present && !c->from.present, "%s", copy);
			const char *tone = val(&r, "tone-only");
			cr_expect_eq(c->norm_only, tone && !strcmp(tone, "yes"), "%s", copy);
		} else if (!strncmp(kind, "cite-", 5)) {
			const char *number = r.f[1];
			const pact_clause_diff *cd = clause_by(d, ov, nv);
			if (!cd) /* "old=X new=X" for a pair; "new=-" for a removed clause */
				cd = clause_by(d, ov, strcmp(nv, "-") ? nv : NULL);
			cr_expect(cd && has_cite(&cd->cites, number, cite_status(kind)), "%s", copy);
		} else if (!strncmp(kind, "overall-cite-", 13)) {
			cr_expect(has_cite(&d->cites, r.f[1], cite_status(kind)), "%s", copy);
		} else if (!strcmp(kind, "field")) {
			const char *name = r.f[1], *want = r.f[2];
			if (!strcmp(name, "members")) {
				cr_expect_eq(d->nmembers == 0, !strcmp(want, "unchanged"), "%s", copy);
			} else if (strcmp(name, "schema")) {
				int found = 0;
				for (size_t i = 0; i < d->nfields; i++)
					if (!strcmp(d->fields[i].name, name)) {
						found = 1;
						cr_expect_eq(d->fields[i].changed, !strcmp(want, "modified"), "%s", copy);
					}
				cr_expect(found, "%s", copy);
			}
		} else if (!strcmp(kind, "count")) {
			const char *v;
			const pact_diff_summary *s = &d->summary;
			if ((v = val(&r, "old-clauses")))
				cr_expect_eq(s->old_clauses, (size_t)atol(v), "%s", copy);
			if ((v = val(&r, "new-clauses")))
				cr_expect_eq(s->new_clauses, (size_t)atol(v), "%s", copy);
			if ((v = val(&r, "pairs")))
				cr_expect_eq(s->modified + s->unchanged - s->split, (size_t)atol(v), "%s", copy);
			if ((v = val(&r, "split-parts")))
				cr_expect_eq(s->split, (size_t)atol(v), "%s", copy);
			if ((v = val(&r, "old-commitments"))) {
				cr_expect_eq(s->old_commitments, (size_t)atol(v), "%s", copy);
				cr_expect_eq(s->new_commitments, (size_t)atol(val(&r, "new-commitments")));
				cr_expect_eq(s->c_unchanged + s->c_modified, (size_t)atol(val(&r, "matched")), "%s", copy);
				cr_expect_eq(s->c_unchanged, (size_t)atol(val(&r, "unchanged")), "%s", copy);
				cr_expect_eq(s->c_modified, (size_t)atol(val(&r, "modified")), "%s", copy);
				cr_expect_eq(s->c_added, (size_t)atol(val(&r, "added")), "%s", copy);
				cr_expect_eq(s->c_removed, (size_t)atol(val(&r, "removed")), "%s", copy);
				cr_expect_eq(s->c_moved_across, (size_t)atol(val(&r, "moved")), "%s", copy);
				cr_expect_eq(s->norm_only, (size_t)atol(val(&r, "tone-only")), "%s", copy);
			} else {
				if ((v = val(&r, "removed")))
					cr_expect_eq(s->removed, (size_t)atol(v), "%s", copy);
				if ((v = val(&r, "added")) && !val(&r, "kept"))
					cr_expect_eq(s->added, (size_t)atol(v), "%s", copy);
				if ((v = val(&r, "unchanged")))
					cr_expect_eq(s->unchanged, (size_t)atol(v), "%s", copy);
			}
			if ((v = val(&r, "old-cites"))) {
				/* a re-dated citation is on both sides */
				cr_expect_eq(s->cites_kept + s->cites_redated + s->cites_dropped,
				             (size_t)atol(v), "%s", copy);
				cr_expect_eq(s->cites_kept + s->cites_redated + s->cites_added,
				             (size_t)atol(val(&r, "new-cites")), "%s", copy);
			}
			if ((v = val(&r, "kept"))) {
				cr_expect_eq(s->cites_kept, (size_t)atol(v), "%s", copy);
				cr_expect_eq(s->cites_dropped, (size_t)atol(val(&r, "dropped")), "%s", copy);
				cr_expect_eq(s->cites_added, (size_t)atol(val(&r, "added")), "%s", copy);
			}
		} else if (!strcmp(kind, "split")) {
			/* new=A,B: the old clause has an entry with each piece */
			char pieces[256], *sp = NULL;
			size_t n = 0;
			snprintf(pieces, sizeof(pieces), "%s", nv ? nv : "");
			for (char *p = strtok_r(pieces, ",", &sp); p; p = strtok_r(NULL, ",", &sp), n++)
				cr_expect(clause_by(d, ov, p) != NULL, "no entry %s -> %s: %s", ov, p, copy);
			cr_expect_eq(d->summary.split, n - 1, "%s", copy);
		} else if (!strcmp(kind, "tone-only")) {
			const pact_clause_diff *owner = NULL;
			const pact_commit_diff *c = find_commit(d, ov, nv, &owner);
			const char *ow = val(&r, "old-word"), *nw = val(&r, "new-word");
			cr_expect(c && c->norm_only && c->status == PACT_CHANGE_UNCHANGED, "%s", copy);
			cr_expect(c && strstr(c->old_text, ow) && !strstr(c->new_text, ow), "%s", copy);
			cr_expect(c && strstr(c->new_text, nw) && !strstr(c->old_text, nw), "%s", copy);
		} else if (!strcmp(kind, "ref-reworded")) {
			/* an unnumbered reference reworded: a word change, not a citation */
			const pact_clause_diff *owner = NULL;
			const pact_commit_diff *c = find_commit(d, ov, nv, &owner);
			const char *from = val(&r, "from"), *to = val(&r, "to");
			cr_expect(c && c->status == PACT_CHANGE_MODIFIED, "%s", copy);
			cr_expect(c && strstr(c->old_text, from) && !strstr(c->new_text, from), "%s", copy);
			cr_expect(c && strstr(c->new_text, to), "%s", copy);
			for (size_t i = 0; i < d->cites.count; i++)
				cr_expect(strcmp(d->cites.items[i].cite.kind, "Luật"), "%s", copy);
		} else {
			cr_expect_fail("unknown kind of line '%s' in the expectation: %s", kind, copy);
			continue;
		}
		checked++;
	}
	cr_expect_geq(checked, 60, "only %d expectation lines were checked", checked);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
	free(text);
	free(p23);
	free(p24);
	free(exp);
}

Test(pactdiff, sample_2023_2024_matches_the_hand_written_alignment)
{
	check_expected(0);
}

Test(pactdiff, sample_without_ids_finds_the_same_changes)
{
	/* Without ids the old clause 2 may pair with either of its two pieces;
	 * the split, the dropped and the added clause and every commitment
	 * count must come out the same. */
	char *p23 = src_path("pacts/2023.yaml"), *p24 = src_path("pacts/2024.yaml");
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;
	pact_diff_opts o = PACT_DIFF_OPTS_INIT;
	o.ignore_ids = 1;
	cr_assert_eq(pact_doc_load_file(&a, NULL, p23, NULL), 0);
	cr_assert_eq(pact_doc_load_file(&b, NULL, p24, NULL), 0);
	cr_assert_eq(pact_diff_docs(&d, a, b, &o), 0);
	cr_expect_eq(d->summary.split, 1);
	cr_expect_eq(d->summary.removed, 1);
	cr_expect_eq(d->summary.added, 1);
	cr_expect_eq(d->summary.c_unchanged, 11);
	cr_expect_eq(d->summary.c_modified, 9);
	cr_expect_eq(d->summary.c_added, 5);
	cr_expect_eq(d->summary.c_removed, 3);
	cr_expect_eq(d->summary.c_moved_across, 1);
	cr_expect_str_eq(by_old(d, "phuc-hoi-kinh-te")->old.id, "phuc-hoi-kinh-te");
	cr_expect_eq(by_old(d, "phuc-hoi-kinh-te")->status, PACT_CHANGE_REMOVED);
	cr_expect_eq(by_new(d, "trien-khai-nhiem-vu")->status, PACT_CHANGE_ADDED);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
	free(p23);
	free(p24);
}
