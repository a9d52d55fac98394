/*
 * history_cache.c - pact log's per-revision summaries, cached by blob pair
 * (history_cache.h says why that key cannot go stale).
 *
 * The file is text, one change per line after a header line:
 *
 *   pact-log-cache 1 diff=1 summary=28 max=16777216
 *   OLDHEX NEWHEX INVALID DIFFERS N1 ... N28 FIELD,FIELD|-
 *
 * with forty zeros for an absent side. It is read whole into an
 * open-addressing table (a few hundred bytes per changed year and revision:
 * a store of 1 000 revisions makes a file of a few hundred KB) and written
 * back whole, through a temporary file and rename(), when a run added to
 * it; two runs racing each write a complete file and the last one stays.
 * Past HISTORY_CACHE_MAX entries the file starts again from this run's.
 */
#include "history_cache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "pact/error.h"

/* Bump when pactdiff.c counts a change differently: an old file is then
 * ignored rather than served. */
#define HISTORY_CACHE_DIFF_VERSION 1
#define HISTORY_CACHE_FORMAT 1
#define HISTORY_CACHE_MAX 100000
#define NCOUNTS (sizeof(pact_diff_summary) / sizeof(size_t))

/* The names pact_year_change.fields can hold (static strings from the diff
 * and history.c); a change naming another is not cached. */
static const char *const field_names[] = {
        "year",     "title",   "bloc",   "province", "signed.place",      "signed.date",
        "preamble", "closing", "source", "note",     "members.approvers",
};
#define NFIELD_NAMES (sizeof(field_names) / sizeof(field_names[0]))

typedef struct entry {
	git_oid old, new; /* zero: absent */
	int invalid, differs;
	size_t counts[NCOUNTS];
	unsigned char fields[PACT_YEAR_CHANGE_MAX_FIELDS]; /* indices into field_names */
	size_t nfields;
} entry;

struct history_cache {
	char *path;
	char header[96];
	entry *items;
	size_t count, cap;
	size_t *slots; /* 1 + index into items; 0: empty */
	size_t nslots;
	int dirty;
};

static const git_oid zero_oid;

static size_t pair_hash(const git_oid *old, const git_oid *new)
{
	size_t h = 0;
	for (size_t i = 0; i < sizeof(size_t); i++)
		h = (h << 8) | (size_t)(old->id[i] ^ new->id[i] ^ (unsigned char)(0x5b * i));
	return h ^ (h >> 29);
}

static entry *find(history_cache *c, const git_oid *old, const git_oid *new)
{
	if (!c->nslots)
		return NULL;
	for (size_t s = pair_hash(old, new) & (c->nslots - 1);; s = (s + 1) & (c->nslots - 1)) {
		entry *e;
		if (!c->slots[s])
			return NULL;
		e = &c->items[c->slots[s] - 1];
		if (git_oid_equal(&e->old, old) && git_oid_equal(&e->new, new))
			return e;
	}
}

/* Index items[count - 1] (growing the table at half full). */
static int index_last(history_cache *c)
{
	if (2 * c->count > c->nslots) {
		size_t n = c->nslots ? 2 * c->nslots : 256;
		size_t *s = pact_alloc__calloc(n, sizeof(*s));
		if (!s)
			return -1;
		free(c->slots);
		c->slots = s;
		c->nslots = n;
		for (size_t i = 0; i + 1 < c->count; i++) {
			size_t k = pair_hash(&c->items[i].old, &c->items[i].new) & (n - 1);
			while (s[k])
				k = (k + 1) & (n - 1);
			s[k] = i + 1;
		}
	}
	size_t k = pair_hash(&c->items[c->count - 1].old, &c->items[c->count - 1].new) &
	           (c->nslots - 1);
	while (c->slots[k])
		k = (k + 1) & (c->nslots - 1);
	c->slots[k] = c->count;
	return 0;
}

static int add(history_cache *c, const entry *e)
{
	entry *p = pact_alloc__grow(c->items, &c->cap, c->count, sizeof(*p), 64);
	if (!p)
		return -1;
	c->items = p;
	c->items[c->count++] = *e;
	if (index_last(c) < 0) {
		c->count--;
		return -1;
	}
	return 0;
}

static int parse_oid(git_oid *out, const char *hex)
{
	return git_oid_fromstrn(out, hex, GIT_OID_HEXSZ) == 0 ? 0 : -1;
}

/* One line into *e; -1 when it is not a well-formed line. */
static int parse_line(entry *e, char *line)
{
	char *tok, *save = NULL;
	size_t k = 0;

	memset(e, 0, sizeof(*e));
	if (!(tok = strtok_r(line, " ", &save)) || strlen(tok) != GIT_OID_HEXSZ ||
	    parse_oid(&e->old, tok) < 0)
		return -1;
	if (!(tok = strtok_r(NULL, " ", &save)) || strlen(tok) != GIT_OID_HEXSZ ||
	    parse_oid(&e->new, tok) < 0)
		return -1;
	if (!(tok = strtok_r(NULL, " ", &save)) || (strcmp(tok, "0") && strcmp(tok, "1")))
		return -1;
	e->invalid = *tok == '1';
	if (!(tok = strtok_r(NULL, " ", &save)) || (strcmp(tok, "0") && strcmp(tok, "1")))
		return -1;
	e->differs = *tok == '1';
	for (k = 0; k < NCOUNTS; k++) {
		char *end;
		if (!(tok = strtok_r(NULL, " ", &save)))
			return -1;
		if (*tok < '0' || *tok > '9')
			return -1;
		e->counts[k] = (size_t)strtoull(tok, &end, 10);
		if (*end)
			return -1;
	}
	if (!(tok = strtok_r(NULL, " ", &save)))
		return -1;
	if (strcmp(tok, "-") != 0) {
		char *f, *fsave = NULL;
		for (f = strtok_r(tok, ",", &fsave); f; f = strtok_r(NULL, ",", &fsave)) {
			size_t i = 0;
			while (i < NFIELD_NAMES && strcmp(field_names[i], f))
				i++;
			if (i == NFIELD_NAMES || e->nfields == PACT_YEAR_CHANGE_MAX_FIELDS)
				return -1;
			e->fields[e->nfields++] = (unsigned char)i;
		}
	}
	return strtok_r(NULL, " ", &save) ? -1 : 0;
}

static void load(history_cache *c)
{
	FILE *f = fopen(c->path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f)
		return;
	n = getline(&line, &cap, f);
	if (n > 0 && !strncmp(line, c->header, strlen(c->header)) &&
	    line[strlen(c->header)] == '\n') {
		while ((n = getline(&line, &cap, f)) > 0 && c->count < HISTORY_CACHE_MAX) {
			entry e;
			if (line[n - 1] == '\n')
				line[n - 1] = '\0';
			if (parse_line(&e, line) == 0 && !find(c, &e.old, &e.new) && add(c, &e) < 0)
				break;
		}
	}
	free(line);
	fclose(f);
}

int pact_history__cache_open(history_cache **out, git_repository *repo)
{
	history_cache *c = pact_alloc__calloc(1, sizeof(*c));
	const char *dir = git_repository_commondir(repo);
	int rc = 0;

	*out = NULL;
	if (!c)
		return PACT_ENOMEM;
	c->path = pact_alloc__malloc(strlen(dir) + sizeof("pact/log-cache"));
	if (!c->path) {
		rc = PACT_ENOMEM;
		goto done;
	}
	sprintf(c->path, "%spact/log-cache", dir);
	snprintf(c->header, sizeof(c->header), "pact-log-cache %d diff=%d summary=%zu max=%zu",
	         HISTORY_CACHE_FORMAT, HISTORY_CACHE_DIFF_VERSION, NCOUNTS, pact_doc_max_bytes());
	load(c);
	*out = c;
	c = NULL;
done:
	pact_history__cache_free(c);
	return rc;
}

int pact_history__cache_get(history_cache *c, const git_oid *old, const git_oid *new,
                            pact_year_change *ch)
{
	const entry *e = find(c, old ? old : &zero_oid, new ? new : &zero_oid);

	if (!e)
		return 0;
	ch->invalid = e->invalid;
	ch->differs = e->differs;
	memcpy(&ch->stat, e->counts, sizeof(ch->stat));
	ch->nfields = e->nfields;
	for (size_t i = 0; i < e->nfields; i++)
		ch->fields[i] = field_names[e->fields[i]];
	return 1;
}

int pact_history__cache_put(history_cache *c, const git_oid *old, const git_oid *new,
                            const pact_year_change *ch)
{
	entry e;

	memset(&e, 0, sizeof(e));
	git_oid_cpy(&e.old, old ? old : &zero_oid);
	git_oid_cpy(&e.new, new ? new : &zero_oid);
	if (find(c, &e.old, &e.new))
		return 0;
	e.invalid = ch->invalid;
	e.differs = ch->differs;
	memcpy(e.counts, &ch->stat, sizeof(e.counts));
	for (size_t i = 0; i < ch->nfields; i++) {
		size_t k = 0;
		while (k < NFIELD_NAMES && strcmp(field_names[k], ch->fields[i]))
			k++;
		if (k == NFIELD_NAMES)
			return 0; /* a field this file cannot name: not cached */
		e.fields[e.nfields++] = (unsigned char)k;
	}
	if (c->count >= HISTORY_CACHE_MAX) {
		c->count = 0; /* start again: this run's entries are the ones in use */
		memset(c->slots, 0, c->nslots * sizeof(*c->slots));
	}
	if (add(c, &e) < 0)
		return PACT_ENOMEM;
	c->dirty = 1;
	return 0;
}

static void put_entry(pact_buf *b, const entry *e)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), &e->old);
	pact_buf__printf(b, "%s ", hex);
	git_oid_tostr(hex, sizeof(hex), &e->new);
	pact_buf__printf(b, "%s %d %d", hex, e->invalid, e->differs);
	for (size_t k = 0; k < NCOUNTS; k++)
		pact_buf__printf(b, " %zu", e->counts[k]);
	pact_buf__putc(b, ' ');
	for (size_t k = 0; k < e->nfields; k++)
		pact_buf__printf(b, "%s%s", k ? "," : "", field_names[e->fields[k]]);
	pact_buf__puts(b, e->nfields ? "\n" : "-\n");
}

void pact_history__cache_save(history_cache *c)
{
	pact_buf b = PACT_BUF_INIT;
	char *tmp = NULL, *dir = NULL;
	FILE *f = NULL;
	int ok = 0;

	if (!c || !c->dirty)
		return;
	pact_buf__printf(&b, "%s\n", c->header);
	for (size_t i = 0; i < c->count; i++)
		put_entry(&b, &c->items[i]);
	dir = pact_alloc__malloc(strlen(c->path) + 1);
	tmp = pact_alloc__malloc(strlen(c->path) + 32);
	if (b.oom || !dir || !tmp)
		goto done;
	strcpy(dir, c->path);
	*strrchr(dir, '/') = '\0';
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		goto done;
	sprintf(tmp, "%s.%ld.tmp", c->path, (long)getpid());
	f = fopen(tmp, "w");
	if (!f)
		goto done;
	ok = fwrite(b.ptr, 1, b.len, f) == b.len;
	ok = fclose(f) == 0 && ok;
	ok = ok && rename(tmp, c->path) == 0;
	if (!ok)
		unlink(tmp);
	c->dirty = 0;
done:
	free(tmp);
	free(dir);
	pact_buf__clear(&b);
	pact_error_clear();
}

void pact_history__cache_free(history_cache *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->items);
	free(c->slots);
	free(c);
}
