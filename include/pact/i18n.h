/*
 * i18n.h - one language at a time: choosing it, and saying things in it.
 *
 * pact speaks Vietnamese or English. The language is data (pact_lang) that
 * callers pass down, so one report can be made in English in a process
 * whose messages are Vietnamese; the words themselves come from GNU gettext
 * (text domain "pact"): English source strings, their Vietnamese in
 * po/vi.po, compiled to <localedir>/vi/LC_MESSAGES/pact.mo.
 *
 * Which language: pact_lang_choose() takes an explicit choice (--lang)
 * first, then the environment: the first of PACT_LANG, LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG that is set and not empty decides; a value starting
 * with "vi" means Vietnamese, anything else English ("C", "en_US.UTF-8").
 *
 * Where the catalogue is: the first of <dir of the program>/locale (a build
 * tree: build/pact next to build/locale), <dir of the program>/../share/locale
 * (an installed, relocatable prefix) and the locale directory compiled in
 * (PREFIX/share/locale) that holds vi/LC_MESSAGES/pact.mo.
 *
 * A lookup does not depend on the process locale: the Vietnamese .mo is
 * read even when vi_VN.UTF-8 is not installed or the process never called
 * setlocale(). Without the .mo, lookups return the English source strings.
 *
 * Strings returned are never freed by the caller; they live as long as the
 * process. Lookups are meant for one thread at a time unless the process
 * called pact_i18n_setup() first (see there).
 */
#ifndef PACT_I18N_H
#define PACT_I18N_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PACT_LANG_VI = 0, PACT_LANG_EN = 1 } pact_lang;

/* "vi" or "en" -> *out. 0, or PACT_EUSAGE with a message naming the value. */
int pact_lang_parse(pact_lang *out, const char *name);

/* The language the environment asks for (PACT_LANG, LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG: the first set and not empty; vi* -> Vietnamese, else
 * English). Never fails. */
pact_lang pact_lang_from_env(void);

/* `flag` ("vi"/"en", from --lang) when not NULL, else pact_lang_from_env().
 * 0, or PACT_EUSAGE for a flag that is neither. */
int pact_lang_choose(pact_lang *out, const char *flag);

/* `msgid` (an English source string) in `lang`: msgid itself for English
 * or when the catalogue has no translation. Never NULL for a non-NULL msgid. */
const char *pact__(pact_lang lang, const char *msgid)
#if defined(__GNUC__)
        __attribute__((format_arg(2)))
#endif
        ;

/* The same for a msgid that needs a context to tell two uses of one English
 * word apart (gettext's pgettext: msgctxt "ctx" in the .po). */
const char *pact_p__(pact_lang lang, const char *ctx, const char *msgid)
#if defined(__GNUC__)
        __attribute__((format_arg(3)))
#endif
        ;

/* ngettext: `singular` or `plural` (English source strings) as the count
 * `n` needs in `lang`: English has two forms (1, and everything else),
 * Vietnamese one ("3 điều", "1 điều"). Never NULL for non-NULL strings. */
const char *pact_n__(pact_lang lang, const char *singular, const char *plural, unsigned long n)
#if defined(__GNUC__)
        __attribute__((format_arg(2))) __attribute__((format_arg(3)))
#endif
        ;

/* For a program that owns its process (the pact CLI): make `lang` the
 * process's language once, so that pact_i18n_lang() returns it and lookups
 * in that language need no per-call set-up (they then are safe from any
 * thread). It sets LANGUAGE and, when the user's LC_MESSAGES locale is "C"
 * or missing, LC_MESSAGES to C.UTF-8; no other locale category changes, so
 * numbers and JSON are printed as before. */
void pact_i18n_setup(pact_lang lang);

/* The language pact_i18n_setup() chose; pact_lang_from_env() before it. */
pact_lang pact_i18n_lang(void);

/* The directory the catalogue is read from (see above); never NULL. */
const char *pact_i18n_localedir(void);

/* Short names for sources that say things in the process's language (the
 * CLI, and libpact's own error and warning messages: the library never
 * prints, but what it records in pact_error_last() and in diagnostics is in
 * pact_i18n_lang()) and for tables of msgids marked for xgettext. Define
 * PACT_I18N_SHORT_NAMES before including this header to get them. */
#ifdef PACT_I18N_SHORT_NAMES
#define _(msgid) pact__(pact_i18n_lang(), msgid)
#define N_(msgid) msgid
/* singular or plural for count n (ngettext), as git's Q_() */
#define Q_(singular, plural, n) pact_n__(pact_i18n_lang(), singular, plural, (unsigned long)(n))
#endif

#ifdef __cplusplus
}
#endif
#endif
