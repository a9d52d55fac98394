/*
 * test_pactdiff.c - whole documents -> edit script: one crafted pair per kind
 * of change, with the answer known in advance, and the sample 2023 -> 2024
 * pair checked line by line against tests/data/expected-2023-2024.md (written
 * by hand, not by this program).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stddef.h>
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

static const pact_clause_diff *by_new(const pact_diff *d, const char *id)
{
	for (size_t i = 0; i < d->nclauses; i++)
		if (d->clauses[i].after.present && !strcmp(d->clauses[i].after.id, id))
			return &d->clauses[i];
	return NULL;
}

static const pact_clause_diff *by_old(const pact_diff *d, const char *id)
{
	for (size_t i = 0; i < d->nclauses; i++)
		if (d->clauses[i].before.present && !strcmp(d->clauses[i].before.id, id) &&
		    !d->clauses[i].split_from.present)
			return &d->clauses[i];
	return NULL;
}

/* ---- crafted pairs: one per kind of change, as a table ---------------- */

/* A clause and a commitment, so that a case can rearrange the same
 * sentences and show that it did. */
#define CLAUSE(id, num, commitments)                                                               \
	"  - id: " id "\n    number: " num "\n    commitments:\n" commitments
#define CM(text) "      - \"" text "\"\n"
#define T_YTE "Nâng cao chất lượng dịch vụ y tế, chăm sóc sức khỏe cho Nhân dân."
#define T_DICH "Chủ động phòng, chống dịch bệnh; phát hiện sớm, kịp thời khống chế."
#define T_CCHC "Đẩy mạnh cải cách hành chính, tăng cường chuyển đổi số."
#define T_KT "Công tác khen thưởng bảo đảm đúng quy định của pháp luật."
#define T_TT "Tăng cường tuyên truyền, phổ biến những điển hình tiên tiến."

#define C1(n) CLAUSE("y-te", n, CM(T_YTE) CM(T_DICH))
#define C2(n) CLAUSE("cai-cach", n, CM(T_CCHC))
#define C3(n)                                                                                      \
	CLAUSE("giao-duc", n, CM("Thực hiện đổi mới, nâng cao chất lượng giáo dục và đào tạo."))
#define C4(n) CLAUSE("khen-thuong", n, CM(T_KT) CM(T_TT))

#define MAX_FACTS 12

/*
 * One case: the clauses (and members, NULL: one member) of 2023 and 2024
 * and the facts their diff must show. A fact is a subject and checks:
 *   "summary NAME=N ..."          fields of d->summary
 *   "diff differs=yes nclauses=N" the diff itself
 *   "new:ID ...", "old:ID ...", "clause:I ..."  a clause entry, found by its
 *       new id, its old id (not a split part) or its index; "new:*" is every
 *       entry with a new clause that was not merged into another
 *   "new:ID.K ..." (or old:, clause:) its commitment K (0-based)
 * Clause checks: status= moved= renumbered= paired_by_id= split_from=ID
 * merged_into=ID old=ID ncommits=N nmoved_out=N cites=N sim=X.
 * Commitment checks: status= from=ID (from=-: none) words_del=N
 * words_ins=N norm_only= sim>X sim<X.
 */
typedef struct diff_case {
	const char *name;
	const char *old_clauses, *new_clauses;
	const char *old_members, *new_members;
	int no_opts; /* pact_diff_docs with NULL options */
	const char *facts[MAX_FACTS];
} diff_case;

static const diff_case cases[] = {
        {"identical pacts differ only in year fields",
         C1("1") C2("2"),
         C1("1") C2("2"),
         NULL,
         NULL,
         0,
         {"summary unchanged=2 modified=0 added=0 removed=0 c_unchanged=3", "clause:0 sim=1"}},
        {"reworded commitment is modified with word ops",
         C2("1"),
         CLAUSE("cai-cach", "1", CM("Đẩy mạnh cải cách hành chính, tập trung chuyển đổi số.")),
         NULL,
         NULL,
         0,
         {"diff nclauses=1", "clause:0 status=modified ncommits=1",
          /* tăng cường -> tập trung */
          "clause:0.0 status=modified words_del=2 words_ins=2 sim>0.4 sim<1"}},
        {"renumbered is not moved",
         C1("1") C2("2"),
         C3("1") C1("2") C2("3"),
         NULL,
         NULL,
         0,
         {"summary added=1 renumbered=2 moved=0 unchanged=2", "new:y-te renumbered=yes",
          "new:giao-duc status=added"}},
        {"reordered clause is moved",
         C1("1") C2("2") C3("3"),
         C2("1") C3("2") C1("3"),
         NULL,
         NULL,
         0,
         {"summary moved=1", "new:y-te moved=yes", "new:cai-cach moved=no",
          /* status and move are separate facts: same content, new place */
          "new:y-te status=unchanged",
          /* a move alone makes the pacts differ */
          "diff differs=yes"}},
        {"dropped and added clauses",
         C1("1") C2("2"),
         C1("1") C3("2"),
         NULL,
         NULL,
         0,
         {"summary removed=1 added=1", "old:cai-cach status=removed", "new:giao-duc status=added",
          "new:giao-duc.0 status=added"}},
        {"split clause",
         C4("1") C2("2"),
         CLAUSE("khen-thuong", "1", CM(T_KT)) CLAUSE("tuyen-truyen", "2", CM(T_TT)) C2("3"),
         NULL,
         NULL,
         0,
         {"new:tuyen-truyen split_from=khen-thuong status=modified ncommits=1",
          /* followed the split, not a cross-clause move */
          "new:tuyen-truyen.0 status=unchanged from=-", "summary split=1 added=0 c_removed=0",
          /* what is left of the old clause reads the same, but a split took a
           * commitment from it: not "unchanged" (issue 11) */
          "old:khen-thuong status=modified",
          /* only the untouched clause */
          "summary unchanged=1"}},
        {"merged clauses",
         CLAUSE("khen-thuong", "1", CM(T_KT)) CLAUSE("tuyen-truyen", "2", CM(T_TT)),
         C4("1"),
         NULL,
         NULL,
         0,
         {"old:tuyen-truyen merged_into=khen-thuong", "summary merged=1 removed=0 c_added=0",
          /* the clause that took the other one in is not "unchanged" either */
          "new:* status=modified", "summary unchanged=0"}},
        {"no ids in common still aligns",
         C1("1") C2("2") C3("3"),
         CLAUSE("moi-1", "1",
                CM("Thực hiện đổi mới, nâng cao chất lượng giáo dục và đào tạo, nguồn nhân lực."))
                 CLAUSE("moi-2", "2", CM(T_YTE) CM(T_DICH)) CLAUSE("moi-3", "3", CM(T_CCHC)),
         NULL,
         NULL,
         0,
         {"summary added=0 removed=0", "new:moi-1 old=giao-duc", "new:moi-2 old=y-te",
          "new:moi-3 old=cai-cach", "new:moi-2 paired_by_id=no", "new:moi-1.0 status=modified",
          /* giao-duc moved from 3 to 1 */
          "summary moved=1"}},
        /* NFD "khỏe" -> o + U+0309, "hoà" old tone placement; same words */
        {"only normalisation differs",
         CLAUSE("y-te", "1",
                CM("Chăm sóc sức kho\xcc\x89"
                   "e, hoà nhập cộng đồng.")),
         CLAUSE("y-te", "1", CM("Chăm sóc sức khỏe, hòa nhập cộng đồng.")),
         NULL,
         NULL,
         0,
         {"clause:0 status=unchanged", "clause:0.0 status=unchanged norm_only=yes",
          "summary norm_only=1",
          /* the year fields differ, the clauses do not */
          "summary modified=0"}},
        {"commitment moved across clauses",
         C1("1") C2("2"),
         CLAUSE("y-te", "1", CM(T_YTE)) CLAUSE("cai-cach", "2", CM(T_CCHC) CM(T_DICH)),
         NULL,
         NULL,
         0,
         {"summary c_moved_across=1", "new:y-te nmoved_out=1", "new:cai-cach ncommits=2",
          "new:cai-cach.1 from=y-te status=unchanged"}},
        {"citation redated, added, dropped",
         CLAUSE("x", "1",
                CM("Thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021 và Nghị định số 91/2017/NĐ-CP.")),
         CLAUSE("x", "1", CM("Thực hiện Chỉ thị số 19/CT-TTg ngày 1/8/2021 và Chỉ thị 26-CT/TU.")),
         NULL,
         NULL,
         0,
         {"summary cites_redated=1 cites_added=1 cites_dropped=1", "clause:0 cites=3"}},
        {"members joined and left",
         C2("1"),
         C2("1"),
         "  - id: so-y-te\n    name: \"Sở Y tế\"\n",
         "  - id: so-noi-vu\n    name: \"Sở Nội vụ\"\n",
         1,
         {"summary members_joined=1 members_left=1", "diff differs=yes"}},
};

static const struct {
	const char *name;
	size_t off;
} summary_fields[] = {
#define F(x)                                                                                       \
	{                                                                                          \
#x, offsetof(pact_diff_summary, x)                                                 \
	}
        F(unchanged),     F(modified),       F(added),        F(removed),     F(moved),
        F(renumbered),    F(split),          F(merged),       F(c_unchanged), F(c_added),
        F(c_removed),     F(c_moved_across), F(norm_only),    F(cites_added), F(cites_dropped),
        F(cites_redated), F(members_joined), F(members_left),
#undef F
};

static pact_change status_named(const char *s)
{
	if (!strcmp(s, "unchanged"))
		return PACT_CHANGE_UNCHANGED;
	if (!strcmp(s, "modified"))
		return PACT_CHANGE_MODIFIED;
	if (!strcmp(s, "added"))
		return PACT_CHANGE_ADDED;
	cr_assert_str_eq(s, "removed", "unknown status '%s'", s);
	return PACT_CHANGE_REMOVED;
}

static int yes(const char *v)
{
	cr_assert(!strcmp(v, "yes") || !strcmp(v, "no"), "'%s' is not yes or no", v);
	return !strcmp(v, "yes");
}

static void check_summary(const pact_diff *d, const char *key, const char *v, const char *fact)
{
	for (size_t i = 0; i < sizeof(summary_fields) / sizeof(summary_fields[0]); i++)
		if (!strcmp(summary_fields[i].name, key)) {
			size_t got = *(const size_t *)((const char *)&d->summary +
			                               summary_fields[i].off);
			cr_expect_eq(got, (size_t)atol(v), "%s: summary.%s is %zu", fact, key, got);
			return;
		}
	cr_assert_fail("unknown summary field '%s' in '%s'", key, fact);
}

static void check_clause(const pact_clause_diff *c, const char *key, const char *v,
                         const char *fact)
{
	if (!strcmp(key, "status"))
		cr_expect_eq(c->status, status_named(v), "%s", fact);
	else if (!strcmp(key, "moved"))
		cr_expect_eq(!!c->moved, yes(v), "%s", fact);
	else if (!strcmp(key, "renumbered"))
		cr_expect_eq(!!c->renumbered, yes(v), "%s", fact);
	else if (!strcmp(key, "paired_by_id"))
		cr_expect_eq(!!c->paired_by_id, yes(v), "%s", fact);
	else if (!strcmp(key, "split_from")) {
		cr_expect(c->split_from.present, "%s", fact);
		cr_expect_str_eq(c->split_from.present ? c->split_from.id : "", v, "%s", fact);
	} else if (!strcmp(key, "merged_into")) {
		cr_expect(c->merged_into.present, "%s", fact);
		cr_expect_str_eq(c->merged_into.present ? c->merged_into.id : "", v, "%s", fact);
	} else if (!strcmp(key, "old"))
		cr_expect_str_eq(c->before.present ? c->before.id : "", v, "%s", fact);
	else if (!strcmp(key, "ncommits"))
		cr_assert_eq(c->ncommits, (size_t)atol(v), "%s", fact);
	else if (!strcmp(key, "nmoved_out"))
		cr_expect_eq(c->nmoved_out, (size_t)atol(v), "%s", fact);
	else if (!strcmp(key, "cites"))
		cr_expect_eq(c->cites.count, (size_t)atol(v), "%s", fact);
	else if (!strcmp(key, "sim"))
		cr_expect_eq(c->similarity, atof(v), "%s", fact);
	else
		cr_assert_fail("unknown clause check '%s' in '%s'", key, fact);
}

static void check_commit(const pact_commit_diff *c, const char *key, char op, const char *v,
                         const char *fact)
{
	if (!strcmp(key, "status"))
		cr_expect_eq(c->status, status_named(v), "%s", fact);
	else if (!strcmp(key, "from") && !strcmp(v, "-"))
		cr_expect(!c->from.present, "%s", fact);
	else if (!strcmp(key, "from")) {
		cr_expect(c->from.present, "%s", fact);
		cr_expect_str_eq(c->from.present ? c->from.id : "", v, "%s", fact);
	} else if (!strcmp(key, "words_del"))
		cr_expect_eq(c->words.ndeleted, (size_t)atol(v), "%s", fact);
	else if (!strcmp(key, "words_ins"))
		cr_expect_eq(c->words.ninserted, (size_t)atol(v), "%s", fact);
	else if (!strcmp(key, "norm_only"))
		cr_expect_eq(!!c->norm_only, yes(v), "%s", fact);
	else if (!strcmp(key, "sim") && op == '>')
		cr_expect(c->similarity > atof(v), "%s: %g", fact, c->similarity);
	else if (!strcmp(key, "sim") && op == '<')
		cr_expect(c->similarity < atof(v), "%s: %g", fact, c->similarity);
	else
		cr_assert_fail("unknown commitment check '%s' in '%s'", key, fact);
}

/* The clause entry a subject names ("new:ID", "old:ID", "clause:I"); *k
 * gets the commitment index after a '.' (-1: none). */
static const pact_clause_diff *subject_clause(const pact_diff *d, const char *subj, long *k,
                                              const char *fact)
{
	char id[64];
	const char *colon = strchr(subj, ':'), *dot;
	const pact_clause_diff *c = NULL;

	cr_assert(colon, "bad subject in '%s'", fact);
	dot = strchr(colon, '.');
	*k = dot ? atol(dot + 1) : -1;
	snprintf(id, sizeof(id), "%.*s", (int)((dot ? dot : colon + strlen(colon)) - colon - 1),
	         colon + 1);
	if (!strncmp(subj, "new:", 4))
		c = by_new(d, id);
	else if (!strncmp(subj, "old:", 4))
		c = by_old(d, id);
	else if (!strncmp(subj, "clause:", 7) && (size_t)atol(id) < d->nclauses)
		c = &d->clauses[atol(id)];
	cr_assert(c, "no clause entry %s: %s", subj, fact);
	if (*k >= 0)
		cr_assert((size_t)*k < c->ncommits, "no commitment %s: %s", subj, fact);
	return c;
}

/* Check one fact (see diff_case) against d; `label` names it in failures. */
static void check_fact(const pact_diff *d, const char *fact_text, const char *label)
{
	const char *fact = label;
	char buf[256], *save = NULL, *subj;
	long k = -1;
	const pact_clause_diff *c = NULL;

	snprintf(buf, sizeof(buf), "%s", fact_text);
	subj = strtok_r(buf, " ", &save);
	for (char *chk = strtok_r(NULL, " ", &save); chk; chk = strtok_r(NULL, " ", &save)) {
		char *op = chk + strcspn(chk, "=<>"), opc = *op;
		cr_assert(opc, "bad check '%s' in '%s'", chk, fact);
		*op = '\0';
		if (!strcmp(subj, "summary")) {
			check_summary(d, chk, op + 1, fact);
		} else if (!strcmp(subj, "diff") && !strcmp(chk, "differs")) {
			cr_expect_eq(!!d->differs, yes(op + 1), "%s", fact);
		} else if (!strcmp(subj, "diff") && !strcmp(chk, "nclauses")) {
			cr_assert_eq(d->nclauses, (size_t)atol(op + 1), "%s", fact);
		} else if (!strcmp(subj, "new:*")) {
			for (size_t i = 0; i < d->nclauses; i++)
				if (d->clauses[i].after.present &&
				    !d->clauses[i].merged_into.present)
					check_clause(&d->clauses[i], chk, op + 1, fact);
		} else {
			if (!c)
				c = subject_clause(d, subj, &k, fact);
			if (k >= 0)
				check_commit(&c->commits[k], chk, opc, op + 1, fact);
			else
				check_clause(c, chk, op + 1, fact);
		}
	}
}

/* Criterion starts each parameter in a process of its own, where the
 * binary may sit elsewhere in memory: the parameter is the case's index,
 * not pointers into the table. */
ParameterizedTestParameters(pactdiff, crafted_pairs)
{
	static size_t index[sizeof(cases) / sizeof(cases[0])];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		index[i] = i;
	return cr_make_param_array(size_t, index, sizeof(cases) / sizeof(cases[0]));
}

/* Each crafted pair: the diff of its two documents shows every fact. */
ParameterizedTest(const size_t *which, pactdiff, crafted_pairs)
{
	const diff_case *t = &cases[*which];
	pact_doc *a = mkdoc(2023, t->old_members, t->old_clauses);
	pact_doc *b = mkdoc(2024, t->new_members, t->new_clauses);
	pact_diff_opts o = PACT_DIFF_OPTS_INIT;
	pact_diff *d = NULL;

	cr_assert_eq(pact_diff_docs(&d, a, b, t->no_opts ? NULL : &o), 0, "%s", t->name);
	for (size_t i = 0; i < MAX_FACTS && t->facts[i]; i++) {
		char label[320];
		snprintf(label, sizeof(label), "%s: %s", t->name, t->facts[i]);
		check_fact(d, t->facts[i], label);
	}
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
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
			const pact_clause_ref *oc = c->from.present ? &c->from : &cd->before;
			int om = has_o ? (c->old_index == ok - 1 && oc->present &&
			                  !strcmp(oc->id, oid) && oc->number == on)
			               : c->old_index < 0;
			int nm = has_n ? (c->new_index == nk - 1 && cd->after.present &&
			                  !strcmp(cd->after.id, nid) && cd->after.number == nn)
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
		if (has_o &&
		    !(cd->before.present && !strcmp(cd->before.id, oid) && cd->before.number == on))
			continue;
		if (!has_o && cd->before.present)
			continue;
		if (has_n &&
		    !(cd->after.present && !strcmp(cd->after.id, nid) && cd->after.number == nn))
			continue;
		if (!has_n && cd->after.present)
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
				cr_expect(!c->from.present && !c->moved &&
				                  !owner->split_from.present,
				          "%s", copy);
			else if (mv && !strcmp(mv, "split"))
				cr_expect(owner->split_from.present && !c->from.present, "%s",
				          copy);
			const char *tone = val(&r, "tone-only");
			cr_expect_eq(c->norm_only, tone && !strcmp(tone, "yes"), "%s", copy);
		} else if (!strncmp(kind, "cite-", 5)) {
			const char *number = r.f[1];
			const pact_clause_diff *cd = clause_by(d, ov, nv);
			if (!cd) /* "old=X new=X" for a pair; "new=-" for a removed clause */
				cd = clause_by(d, ov, strcmp(nv, "-") ? nv : NULL);
			cr_expect(cd && has_cite(&cd->cites, number, cite_status(kind)), "%s",
			          copy);
		} else if (!strncmp(kind, "overall-cite-", 13)) {
			cr_expect(has_cite(&d->cites, r.f[1], cite_status(kind)), "%s", copy);
		} else if (!strcmp(kind, "field")) {
			const char *name = r.f[1], *want = r.f[2];
			if (!strcmp(name, "members")) {
				cr_expect_eq(d->nmembers == 0, !strcmp(want, "unchanged"), "%s",
				             copy);
			} else if (strcmp(name, "schema")) {
				int found = 0;
				for (size_t i = 0; i < d->nfields; i++)
					if (!strcmp(d->fields[i].name, name)) {
						found = 1;
						cr_expect_eq(d->fields[i].changed,
						             !strcmp(want, "modified"), "%s", copy);
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
				cr_expect_eq(s->modified + s->unchanged - s->split, (size_t)atol(v),
				             "%s", copy);
			if ((v = val(&r, "split-parts")))
				cr_expect_eq(s->split, (size_t)atol(v), "%s", copy);
			if ((v = val(&r, "old-commitments"))) {
				cr_expect_eq(s->old_commitments, (size_t)atol(v), "%s", copy);
				cr_expect_eq(s->new_commitments,
				             (size_t)atol(val(&r, "new-commitments")));
				cr_expect_eq(s->c_unchanged + s->c_modified,
				             (size_t)atol(val(&r, "matched")), "%s", copy);
				cr_expect_eq(s->c_unchanged, (size_t)atol(val(&r, "unchanged")),
				             "%s", copy);
				cr_expect_eq(s->c_modified, (size_t)atol(val(&r, "modified")), "%s",
				             copy);
				cr_expect_eq(s->c_added, (size_t)atol(val(&r, "added")), "%s",
				             copy);
				cr_expect_eq(s->c_removed, (size_t)atol(val(&r, "removed")), "%s",
				             copy);
				cr_expect_eq(s->c_moved_across, (size_t)atol(val(&r, "moved")),
				             "%s", copy);
				cr_expect_eq(s->norm_only, (size_t)atol(val(&r, "tone-only")), "%s",
				             copy);
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
				cr_expect_eq(s->cites_dropped, (size_t)atol(val(&r, "dropped")),
				             "%s", copy);
				cr_expect_eq(s->cites_added, (size_t)atol(val(&r, "added")), "%s",
				             copy);
			}
		} else if (!strcmp(kind, "split")) {
			/* new=A,B: the old clause has an entry with each piece */
			char pieces[256], *sp = NULL;
			size_t n = 0;
			snprintf(pieces, sizeof(pieces), "%s", nv ? nv : "");
			for (char *p = strtok_r(pieces, ",", &sp); p;
			     p = strtok_r(NULL, ",", &sp), n++)
				cr_expect(clause_by(d, ov, p) != NULL, "no entry %s -> %s: %s", ov,
				          p, copy);
			cr_expect_eq(d->summary.split, n - 1, "%s", copy);
		} else if (!strcmp(kind, "tone-only")) {
			const pact_clause_diff *owner = NULL;
			const pact_commit_diff *c = find_commit(d, ov, nv, &owner);
			const char *ow = val(&r, "old-word"), *nw = val(&r, "new-word");
			cr_expect(c && c->norm_only && c->status == PACT_CHANGE_UNCHANGED, "%s",
			          copy);
			cr_expect(c && strstr(c->old_text, ow) && !strstr(c->new_text, ow), "%s",
			          copy);
			cr_expect(c && strstr(c->new_text, nw) && !strstr(c->old_text, nw), "%s",
			          copy);
		} else if (!strcmp(kind, "ref-reworded")) {
			/* an unnumbered reference reworded: a word change, not a citation */
			const pact_clause_diff *owner = NULL;
			const pact_commit_diff *c = find_commit(d, ov, nv, &owner);
			const char *from = val(&r, "from"), *to = val(&r, "to");
			cr_expect(c && c->status == PACT_CHANGE_MODIFIED, "%s", copy);
			cr_expect(c && strstr(c->old_text, from) && !strstr(c->new_text, from),
			          "%s", copy);
			cr_expect(c && strstr(c->new_text, to), "%s", copy);
			for (size_t i = 0; i < d->cites.count; i++)
				cr_expect(strcmp(d->cites.items[i].cite.kind, "Luật"), "%s", copy);
		} else {
			cr_expect_fail("unknown kind of line '%s' in the expectation: %s", kind,
			               copy);
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
	cr_expect_str_eq(by_old(d, "phuc-hoi-kinh-te")->before.id, "phuc-hoi-kinh-te");
	cr_expect_eq(by_old(d, "phuc-hoi-kinh-te")->status, PACT_CHANGE_REMOVED);
	cr_expect_eq(by_new(d, "trien-khai-nhiem-vu")->status, PACT_CHANGE_ADDED);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
	free(p23);
	free(p24);
}
