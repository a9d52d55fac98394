/*
 * fuzz_sanitize.c - libFuzzer target: the sanitiser and the JSON writer's
 * strings on any bytes, with their promises checked (abort() on a broken
 * one):
 *   - every mode's output is well-formed UTF-8 with no NUL, and holds no
 *     character the sanitiser calls unsafe, except LF and TAB where the
 *     mode keeps them (TEXT, HTML: both; LINE, MARKDOWN, QUOTE: TAB);
 *   - text with nothing to escape comes out of TEXT mode unchanged, and
 *     QUOTE mode adds quotes exactly when pact_sanitize_needed says so;
 *   - a JSON string literal is well-formed UTF-8, starts and ends with a
 *     quote, and holds no byte below 0x20 and no unsafe character.
 *
 * Replayed by tests/test_sanitize.c through pact_fuzz_sanitize.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pact/json.h"
#include "pact/sanitize.h"
#include "pact/utf8.h"

int pact_fuzz_sanitize(const uint8_t *data, size_t size);

typedef struct fz_out {
	char *p;
	size_t len, cap;
} fz_out;

static int sink(void *payload, const char *s, size_t len)
{
	fz_out *o = payload;
	if (o->len + len + 1 > o->cap) {
		size_t cap = (o->len + len + 1) * 2;
		char *p = realloc(o->p, cap);
		if (!p)
			return -1;
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, len);
	o->len += len;
	o->p[o->len] = '\0';
	return 0;
}

/* abort() unless s[0..len) is UTF-8 without NUL and without unsafe
 * characters other than LF/TAB as allowed. */
static void check_safe(const char *s, size_t len, int keep_lf)
{
	size_t i = 0;
	if (!pact_utf8_valid(s, len, NULL))
		abort();
	while (i < len) {
		unsigned cp = 0;
		size_t n = pact_utf8_next(s + i, len - i, &cp);
		if (!n)
			abort();
		if (pact_sanitize_is_unsafe(cp) && cp != '\t' && !(cp == '\n' && keep_lf))
			abort();
		i += n;
	}
}

int pact_fuzz_sanitize(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	static const int keeps_lf[] = {1, 0, 0, 1, 0, 0};
	char *q = NULL;

	for (int m = PACT_SANITIZE_TEXT; m <= PACT_SANITIZE_MESSAGE; m++) {
		fz_out o = {NULL, 0, 0};
		int needed = pact_sanitize_needed(s, size, (pact_sanitize_mode)m);
		if (pact_sanitize_write(sink, &o, s, size, (pact_sanitize_mode)m) != 0) {
			free(o.p);
			continue; /* out of memory in the sink */
		}
		check_safe(o.p ? o.p : "", o.len, keeps_lf[m]);
		if (m == PACT_SANITIZE_TEXT && !needed &&
		    (o.len != size || (size && memcmp(o.p, s, size) != 0)))
			abort();
		if (m == PACT_SANITIZE_MESSAGE && o.len && memchr(o.p, '\t', o.len))
			abort();
		if (m == PACT_SANITIZE_QUOTE &&
		    needed != (o.len >= 2 && o.p[0] == '"' && o.p[o.len - 1] == '"'))
			abort();
		free(o.p);
	}
	q = pact_json_quote(s, size);
	if (q) {
		size_t n = strlen(q);
		if (n < 2 || q[0] != '"' || q[n - 1] != '"')
			abort();
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)q[i] < 0x20)
				abort();
		check_safe(q, n, 0);
	}
	free(q);
	return 0;
}

#ifndef PACT_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pact_fuzz_sanitize(data, size);
}
#endif
