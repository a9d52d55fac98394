/*
 * yaml_problems.c - libyaml's own words for what is wrong with a YAML
 * file, in the process's language.
 *
 * libyaml reports a syntax error as two fixed English strings, a problem
 * ("found character that cannot start any token") and sometimes a context
 * ("while scanning a plain scalar"), which tree.c puts in a pact
 * diagnostic. Left as they are, a Vietnamese line read "lỗi: YAML không
 * hợp lệ: found character that ...". The strings are a small closed set
 * (the literals of libyaml 0.2.5's reader.c, scanner.c and parser.c, the
 * event API pact uses; loader.c's are never reached): each is an msgid
 * here, translated in po/vi.po. A string not in the table (a later libyaml
 * that words something new) is kept as libyaml wrote it, so the message
 * is never lost, only untranslated.
 */
#include <stddef.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "pact/i18n.h"
#include "yaml_problems.h"

/* Every problem and context string libyaml 0.2.5's parser can report. */
static const char *const known[] = {
        /* reader.c: the bytes */
        N_("input error"),
        N_("input is too long"),
        N_("invalid leading UTF-8 octet"),
        N_("incomplete UTF-8 octet sequence"),
        N_("invalid trailing UTF-8 octet"),
        N_("invalid length of a UTF-8 sequence"),
        N_("invalid Unicode character"),
        N_("incomplete UTF-16 character"),
        N_("unexpected low surrogate area"),
        N_("incomplete UTF-16 surrogate pair"),
        N_("expected low surrogate area"),
        N_("control characters are not allowed"),
        /* scanner.c: the tokens */
        N_("while scanning a simple key"),
        N_("could not find expected ':'"),
        N_("while scanning for the next token"),
        N_("found character that cannot start any token"),
        N_("block sequence entries are not allowed in this context"),
        N_("mapping keys are not allowed in this context"),
        N_("mapping values are not allowed in this context"),
        N_("found a tab character that violates indentation"),
        N_("while scanning a directive"),
        N_("found unknown directive name"),
        N_("did not find expected comment or line break"),
        N_("could not find expected directive name"),
        N_("found unexpected non-alphabetical character"),
        N_("while scanning a %YAML directive"),
        N_("did not find expected whitespace"),
        N_("did not find expected digit or '.' character"),
        N_("found extremely long version number"),
        N_("did not find expected version number"),
        N_("while scanning a %TAG directive"),
        N_("did not find expected whitespace or line break"),
        N_("while scanning an anchor"),
        N_("while scanning an alias"),
        N_("did not find expected alphabetic or numeric character"),
        N_("while scanning a tag"),
        N_("while scanning a tag directive"),
        N_("while parsing a tag directive"),
        N_("while parsing a %TAG directive"),
        N_("did not find the expected '>'"),
        N_("did not find expected '!'"),
        N_("while parsing a tag"),
        N_("did not find expected tag URI"),
        N_("did not find URI escaped octet"),
        N_("found an incorrect leading UTF-8 octet"),
        N_("found an incorrect trailing UTF-8 octet"),
        N_("while scanning a block scalar"),
        N_("found an indentation indicator equal to 0"),
        N_("found a tab character where an indentation space is expected"),
        N_("while scanning a quoted scalar"),
        N_("while parsing a quoted scalar"),
        N_("found unexpected document indicator"),
        N_("found unexpected end of stream"),
        N_("found unknown escape character"),
        N_("did not find expected hexdecimal number"),
        N_("found invalid Unicode character escape code"),
        N_("while scanning a plain scalar"),
        N_("found unexpected ':'"),
        /* parser.c: the structure */
        N_("did not find expected <stream-start>"),
        N_("did not find expected <document start>"),
        N_("found duplicate %YAML directive"),
        N_("found incompatible YAML document"),
        N_("found duplicate %TAG directive"),
        N_("while parsing a node"),
        N_("found undefined tag handle"),
        N_("while parsing a block node"),
        N_("while parsing a flow node"),
        N_("did not find expected node content"),
        N_("while parsing a block collection"),
        N_("did not find expected '-' indicator"),
        N_("while parsing a block mapping"),
        N_("did not find expected key"),
        N_("while parsing a flow sequence"),
        N_("did not find expected ',' or ']'"),
        N_("while parsing a flow mapping"),
        N_("did not find expected ',' or '}'"),
};

const char *pact_yaml__problem(const char *text)
{
	if (!text)
		return NULL;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(text, known[i]))
			return _(known[i]);
	return text;
}
