/*
 * i18n.c - choosing the language and looking words up in it through GNU
 * gettext (text domain "pact"), independently of the process locale.
 *
 * gettext picks a catalogue from LANGUAGE only when the LC_MESSAGES locale
 * is not "C", and an officer's machine may not have vi_VN.UTF-8 installed
 * (a fresh Debian has only C, C.UTF-8 and POSIX). So a Vietnamese lookup
 * runs with LANGUAGE=vi and an LC_MESSAGES of C.UTF-8, which glibc always
 * has and which is not "C": either because the process set itself up that
 * way once (pact_i18n_setup, what the CLI does), or, for a library caller
 * that did not, for the length of the call only (a thread-local locale
 * through uselocale() and LANGUAGE put back afterwards). glibc caches a
 * translation under the LC_MESSAGES locale's name, and English is never
 * looked up (it is the source text), so the cache only ever holds
 * Vietnamese.
 *
 * The catalogue directory is found once, relative to the running program
 * first so that a build tree (build/pact, build/test-pact next to
 * build/locale) and a relocated install both find their own .mo without
 * installing anything.
 */
#include "pact/i18n.h"
#include "exe_path.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pact/error.h"

#define DOMAIN "pact"

#ifndef PACT_LOCALEDIR
#define PACT_LOCALEDIR "/usr/local/share/locale"
#endif

/* Longest "context\004msgid" key pact_p__ builds on the stack; pact's
 * contexts and labels are a few dozen bytes. */
#define CTX_KEY_MAX 512

static char localedir[PATH_MAX];
static int bound;              /* bindtextdomain done */
static int process_set;        /* pact_i18n_setup called */
static pact_lang process_lang; /* what it chose */
static int process_ready_vi;   /* the process itself looks up Vietnamese */
static locale_t msg_locale;    /* LC_MESSAGES = C.UTF-8, for one call */

int pact_lang_parse(pact_lang *out, const char *name)
{
	if (name && !strcmp(name, "vi"))
		*out = PACT_LANG_VI;
	else if (name && !strcmp(name, "en"))
		*out = PACT_LANG_EN;
	else
		return pact_error_set(PACT_EUSAGE, "unknown language '%s' (vi or en)",
		                      name ? name : "");
	return 0;
}

pact_lang pact_lang_from_env(void)
{
	static const char *const vars[] = {"PACT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES",
	                                   "LANG"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return !strncmp(v, "vi", 2) ? PACT_LANG_VI : PACT_LANG_EN;
	}
	return PACT_LANG_EN;
}

int pact_lang_choose(pact_lang *out, const char *flag)
{
	if (flag)
		return pact_lang_parse(out, flag);
	*out = pact_lang_from_env();
	return 0;
}

/* Whether `dir` holds the Vietnamese catalogue. */
static int has_catalogue(const char *dir)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/vi/LC_MESSAGES/" DOMAIN ".mo", dir);
	return n > 0 && (size_t)n < sizeof(path) && access(path, R_OK) == 0;
}

static void find_localedir(void)
{
	static const char *const rel[] = {"locale", "../share/locale"};
	char dir[PATH_MAX];

	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		if (pact_exe__beside(dir, sizeof(dir), rel[i]) && has_catalogue(dir)) {
			snprintf(localedir, sizeof(localedir), "%s", dir);
			return;
		}
	}
	snprintf(localedir, sizeof(localedir), "%s", PACT_LOCALEDIR);
}

const char *pact_i18n_localedir(void)
{
	if (!localedir[0])
		find_localedir();
	return localedir;
}

static void bind_once(void)
{
	if (bound)
		return;
	bindtextdomain(DOMAIN, pact_i18n_localedir());
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	/* strerror() in a message ("không mở được 'x': Không có tập tin...")
	 * is glibc's own catalogue: in UTF-8 too, not '?' for every letter
	 * with a diacritic under an LC_CTYPE of "C" */
	bind_textdomain_codeset("libc", "UTF-8");
	bound = 1;
}

/* An LC_MESSAGES locale that is not "C": C.UTF-8 is built into glibc
 * 2.35+ and shipped by Debian before; the others are a last resort. */
static locale_t messages_locale(void)
{
	static const char *const names[] = {"C.UTF-8", "C.utf8", "vi_VN.UTF-8", "en_US.UTF-8"};
	for (size_t i = 0; !msg_locale && i < sizeof(names) / sizeof(names[0]); i++)
		msg_locale = newlocale(LC_MESSAGES_MASK, names[i], (locale_t)0);
	return msg_locale;
}

/* dgettext(key) (dngettext(key, plural, n) when plural is not NULL) in
 * Vietnamese, with the process set up for it or, for this call only, a
 * thread-local LC_MESSAGES and LANGUAGE=vi. */
static const char *lookup(const char *key, const char *plural, unsigned long n)
{
	return plural ? dngettext(DOMAIN, key, plural, n) : dgettext(DOMAIN, key);
}

static const char *lookup_vi_n(const char *key, const char *plural, unsigned long n)
{
	const char *old;
	char *saved = NULL;
	locale_t loc, prev;
	const char *r = plural && n != 1 ? plural : key;

	bind_once();
	if (process_ready_vi)
		return lookup(key, plural, n);
	loc = messages_locale();
	if (!loc)
		goto done;
	old = getenv("LANGUAGE");
	if (old && !(saved = strdup(old)))
		goto done;
	if (setenv("LANGUAGE", "vi", 1) != 0)
		goto done;
	prev = uselocale(loc);
	r = lookup(key, plural, n);
	uselocale(prev);
	if (saved)
		setenv("LANGUAGE", saved, 1);
	else
		unsetenv("LANGUAGE");
done:
	free(saved);
	return r;
}

static const char *lookup_vi(const char *key)
{
	return lookup_vi_n(key, NULL, 0);
}

const char *pact__(pact_lang lang, const char *msgid)
{
	if (lang != PACT_LANG_VI || !msgid || !*msgid)
		return msgid;
	return lookup_vi(msgid);
}

const char *pact_p__(pact_lang lang, const char *ctx, const char *msgid)
{
	char key[CTX_KEY_MAX];
	size_t c, m;
	const char *r;

	if (lang != PACT_LANG_VI || !msgid || !*msgid || !ctx)
		return msgid;
	c = strlen(ctx);
	m = strlen(msgid);
	if (c + 1 + m + 1 > sizeof(key))
		return msgid;
	memcpy(key, ctx, c);
	key[c] = '\004';
	memcpy(key + c + 1, msgid, m + 1);
	r = lookup_vi(key);
	return r == key ? msgid : r;
}

const char *pact_n__(pact_lang lang, const char *singular, const char *plural, unsigned long n)
{
	if (lang != PACT_LANG_VI || !singular || !*singular || !plural)
		return n == 1 ? singular : plural;
	return lookup_vi_n(singular, plural, n);
}

void pact_i18n_setup(pact_lang lang)
{
	const char *cur;

	process_set = 1;
	process_lang = lang;
	process_ready_vi = 0;
	setenv("LANGUAGE", lang == PACT_LANG_VI ? "vi" : "en", 1);
	/* The user's LC_MESSAGES if it exists, else C.UTF-8: gettext ignores
	 * LANGUAGE under "C". */
	cur = setlocale(LC_MESSAGES, "");
	if (!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX"))
		cur = setlocale(LC_MESSAGES, "C.UTF-8");
	bind_once();
	process_ready_vi = lang == PACT_LANG_VI && cur && strcmp(cur, "C") && strcmp(cur, "POSIX");
}

pact_lang pact_i18n_lang(void)
{
	return process_set ? process_lang : pact_lang_from_env();
}
