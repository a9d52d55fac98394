/*
 * text.c - words with folded forms, letter case and sentence ends, for the
 * structure finder (see text.h). utf8proc knows the case of every letter,
 * Đ/đ and the Vietnamese vowels with two marks included.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../buf.h"
#include "import.h"
#include "pact/error.h"

static int is_punct_byte(unsigned char c)
{
	return c < 0x80 &&
	       !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/* the folded word without leading/trailing ASCII punctuation or curly quotes */
static char *bare_of(const char *f)
{
	size_t a = 0, b = strlen(f);
	for (;;) {
		if (a < b && is_punct_byte((unsigned char)f[a]))
			a++;
		else if (b - a >= 3 && (unsigned char)f[a] == 0xE2 &&
		         (unsigned char)f[a + 1] == 0x80)
			a += 3; /* “ ” ‘ ’ … – — */
		else
			break;
	}
	for (;;) {
		if (b > a && is_punct_byte((unsigned char)f[b - 1]))
			b--;
		else if (b - a >= 3 && (unsigned char)f[b - 3] == 0xE2 &&
		         (unsigned char)f[b - 2] == 0x80)
			b -= 3;
		else
			break;
	}
	return pact_alloc__strndup(f + a, b - a);
}

int pact_import__words_split(imp_words *out, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t st;
		imp_word *w;
		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
			i++;
		if (i >= len)
			break;
		st = i;
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			i++;
		w = pact_alloc__grow(out->w, &out->cap, out->n, sizeof(*w), 16);
		if (!w)
			return PACT_ENOMEM;
		out->w = w;
		w = &out->w[out->n];
		w->off = st;
		w->len = i - st;
		w->fold = pact_import__fold(s + st, i - st);
		w->bare = w->fold ? bare_of(w->fold) : NULL;
		if (!w->fold || !w->bare) {
			free(w->fold);
			free(w->bare);
			return PACT_ENOMEM;
		}
		out->n++;
	}
	return 0;
}

void pact_import__words_clear(imp_words *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++) {
		free(w->w[i].fold);
		free(w->w[i].bare);
	}
	free(w->w);
	memset(w, 0, sizeof(*w));
}

int pact_import__words_match(const imp_words *w, size_t i, const char *ph)
{
	while (*ph) {
		size_t k = strcspn(ph, " ");
		if (i >= w->n || strlen(w->w[i].bare) != k || strncmp(w->w[i].bare, ph, k))
			return 0;
		i++;
		ph += k;
		while (*ph == ' ')
			ph++;
	}
	return 1;
}

int32_t pact_import__first_cp(const char *s, size_t len)
{
	utf8proc_int32_t cp = 0;
	if (!len)
		return 0;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp) < 0)
		return 0;
	return cp;
}

int pact_import__is_upper(int32_t cp)
{
	return utf8proc_tolower(cp) != cp;
}

int pact_import__is_lower(int32_t cp)
{
	return utf8proc_toupper(cp) != cp;
}

int pact_import__all_caps(const char *s, size_t len)
{
	size_t i = 0;
	int letters = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return 0;
		if (pact_import__is_lower(cp))
			return 0;
		if (pact_import__is_upper(cp))
			letters++;
		i += (size_t)n;
	}
	return letters >= 2;
}

char *pact_import__sentence_case(const char *s, size_t len)
{
	pact_buf b = PACT_BUF_INIT;
	size_t i = 0;
	int first = 1;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			break;
		if (pact_import__is_upper(cp) || pact_import__is_lower(cp)) {
			cp = first ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
			first = 0;
		}
		pact_buf__put(&b, (const char *)enc, (size_t)utf8proc_encode_char(cp, enc));
		i += (size_t)n;
	}
	if (b.oom) {
		pact_buf__clear(&b);
		return NULL;
	}
	return b.len ? pact_buf__detach(&b, NULL) : pact_alloc__strdup("");
}

int pact_import__ends_sentence(const char *s, size_t len)
{
	while (len) {
		unsigned char c = (unsigned char)s[len - 1];
		if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '/')
			len--;
		else if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 &&
		         (unsigned char)s[len - 2] == 0x80 &&
		         ((unsigned char)s[len - 1] == 0x9D || (unsigned char)s[len - 1] == 0x99))
			len -= 3; /* ” ’ */
		else
			break;
	}
	if (!len)
		return 0;
	if (strchr(".!?;", s[len - 1]))
		return 1;
	return len >= 3 && !memcmp(s + len - 3, "\xE2\x80\xA6", 3); /* … */
}

int pact_import__starts_upper(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (s[i] == '"' || s[i] == '(' || s[i] == '\''))
		i++;
	if (i + 3 <= len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80)
		i += 3; /* “ ‘ */
	int32_t cp = pact_import__first_cp(s + i, len - i);
	return pact_import__is_upper(cp) || (cp >= '0' && cp <= '9');
}
