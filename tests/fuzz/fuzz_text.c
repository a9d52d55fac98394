/*
 * fuzz_text.c - libFuzzer target: the text layer on its own, without the
 * loader in front: tokenizer, Myers word diff and the citation scanner.
 *
 * Input that is valid UTF-8 (which excludes NUL, as pact_utf8_valid does,
 * so it is also a C string) is split in two halves at a code-point
 * boundary; each half is tokenised and scanned for citations, and the
 * halves are diffed word by word. The diff's promise is checked in the
 * form that survives normalisation: every old token is equal or deleted,
 * every new one equal or inserted (the texts cannot be compared byte for
 * byte, since EQUAL pieces are taken from the new side).
 *
 * Replayed by tests/test_fuzz_regressions.c through pact_fuzz_text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pact/cite.h"
#include "pact/textdiff.h"
#include "../../src/tokens.h"
#include "pact/utf8.h"

int pact_fuzz_text(const uint8_t *data, size_t size);

static size_t count_tokens(const char *s)
{
	pact_tokens t = PACT_TOKENS_INIT;
	size_t n = (size_t)-1;

	if (pact_tokens__split(&t, s, strlen(s)) == 0)
		n = t.count;
	pact_tokens__clear(&t);
	return n;
}

int pact_fuzz_text(const uint8_t *data, size_t size)
{
	char *a = NULL, *b = NULL;
	size_t half = size / 2;
	pact_cites cites = PACT_CITES_INIT;
	pact_worddiff wd;
	size_t na, nb;

	memset(&wd, 0, sizeof(wd));
	if (!pact_utf8_valid((const char *)data, size, NULL))
		return 0;
	while (half < size && (data[half] & 0xC0) == 0x80)
		half++; /* do not cut a code point in two */
	a = malloc(half + 1);
	b = malloc(size - half + 1);
	if (!a || !b)
		goto done;
	memcpy(a, data, half);
	a[half] = '\0';
	memcpy(b, data + half, size - half);
	b[size - half] = '\0';

	na = count_tokens(a);
	nb = count_tokens(b);
	if (pact_cite_scan(&cites, a) != 0 || pact_cite_scan(&cites, b) != 0)
		goto done;
	if (pact_textdiff_words(&wd, a, b) != 0)
		goto done;
	/* every old token is kept or deleted, every new one kept or inserted */
	if (na != (size_t)-1 && nb != (size_t)-1 &&
	    (wd.nequal + wd.ndeleted != na || wd.nequal + wd.ninserted != nb))
		abort();
done:
	pact_worddiff_clear(&wd);
	pact_cites_clear(&cites);
	free(a);
	free(b);
	return 0;
}

#ifndef PACT_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pact_fuzz_text(data, size);
}
#endif
