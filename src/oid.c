/*
 * oid.c - pact_oid and pact_signature (oid.h): the API's own small types
 * for object ids and signatures, so that libgit2 stays behind the store.
 *
 * Nothing here calls libgit2; the conversions live in store_git.c, the one
 * place that knows both shapes. What libgit2 1.5 would write wrong into a
 * commit is refused here, for pact_signature_new and for the store's
 * conversion alike: it checks only '<' and '>', writes the time as 32
 * unsigned bits and the offset as %02d%02d hours and minutes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PACT_I18N_SHORT_NAMES
#include "alloc.h"
#include "oid_internal.h"
#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/oid.h"
#include "pact/sanitize.h"

size_t pact_oid_size(const pact_oid *id)
{
	return id && id->type == PACT_OID_SHA256 ? PACT_OID_SHA256_SIZE : PACT_OID_SHA1_SIZE;
}

char *pact_oid_fmt(char *out, size_t n, const pact_oid *id)
{
	static const char digits[] = "0123456789abcdef";
	size_t len, i;

	if (!out || !n)
		return out;
	len = 2 * pact_oid_size(id);
	if (len > n - 1)
		len = n - 1;
	for (i = 0; i < len; i++) {
		unsigned char b = id ? id->id[i / 2] : 0;
		out[i] = digits[i % 2 ? b & 0xf : b >> 4];
	}
	out[len] = '\0';
	return out;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Longest piece of a bad id shown in its message: the id is the caller's
 * input (a pre-receive line, a typed revision), of any length. */
#define SHOWN_MAX 80

static int bad_id(const char *hex)
{
	char cut[SHOWN_MAX + 1], *shown;
	size_t n = hex ? strnlen(hex, SHOWN_MAX + 1) : 0;
	int rc;

	snprintf(cut, sizeof(cut), "%.*s", (int)(n > SHOWN_MAX ? SHOWN_MAX : n), hex ? hex : "");
	shown = pact_sanitize(cut, PACT_SANITIZE_LINE);
	rc = pact_error_set(PACT_EINVALID, "invalid object id '%s%s'", shown ? shown : "",
	                    n > SHOWN_MAX ? "..." : "");
	free(shown);
	return rc;
}

int pact_oid_parse(pact_oid *out, const char *hex)
{
	size_t len = 0, i;

	memset(out, 0, sizeof(*out));
	while (hex && len <= 2 * PACT_OID_MAX_SIZE && hex_value(hex[len]) >= 0)
		len++;
	if (!hex || hex[len] || (len != 2 * PACT_OID_SHA1_SIZE && len != 2 * PACT_OID_SHA256_SIZE))
		return bad_id(hex);
	out->type = len == 2 * PACT_OID_SHA1_SIZE ? PACT_OID_SHA1 : PACT_OID_SHA256;
	for (i = 0; i < len; i += 2)
		out->id[i / 2] = (unsigned char)(hex_value(hex[i]) << 4 | hex_value(hex[i + 1]));
	return 0;
}

int pact_oid_is_zero(const pact_oid *id)
{
	size_t i;

	for (i = 0; i < sizeof(id->id); i++)
		if (id->id[i])
			return 0;
	return 1;
}

int pact_oid_equal(const pact_oid *a, const pact_oid *b)
{
	return a->type == b->type && !memcmp(a->id, b->id, sizeof(a->id));
}

/* git writes "name <email> time +zone": these would break that line. */
static int sig_field_ok(const char *s)
{
	return s && *s && !strpbrk(s, "<>\n");
}

/* git writes the offset as [+-]HHMM: 99 hours 59 minutes at most. */
#define SIG_MAX_OFFSET (99 * 60 + 59)
/* libgit2 1.5 writes the time as an unsigned 32-bit number (to 2106). */
#define SIG_MAX_TIME INT64_C(4294967295)

/* The role as a reader of the message says it (an author, a reviewer...),
 * in the process's language; a role no table names is shown as given. */
static const char *role_word(const char *role)
{
	static const char *const roles[] = {N_("author"), N_("committer"), N_("reviewer"),
	                                    N_("signature")};
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (!strcmp(role, roles[i]))
			return _(roles[i]);
	return role;
}

static int check_field(const char *role, int email, const char *s)
{
	char what[128];
	size_t len = s ? strlen(s) : 0;
	int rc;

	snprintf(what, sizeof(what), email ? _("the %s's e-mail") : _("the %s's name"),
	         role_word(role));
	if ((rc = pact_sanitize_require_visible(what, s)) < 0)
		return rc;
	if (len > PACT_SIGNATURE_MAX_FIELD)
		return pact_error_set(PACT_EUSAGE, "%s is %zu bytes long: at most %d", what, len,
		                      PACT_SIGNATURE_MAX_FIELD);
	return 0;
}

int pact_oid__check_signature(const char *role, const char *name, const char *email, int64_t time,
                              int offset)
{
	int rc;

	if ((rc = check_field(role, 0, name)) < 0 || (rc = check_field(role, 1, email)) < 0)
		return rc;
	if (time < 0 || time > SIG_MAX_TIME)
		return pact_error_set(PACT_EUSAGE,
		                      "the %s's time %lld is not one git can write (seconds from "
		                      "1970 to 2106)",
		                      role_word(role), (long long)time);
	if (offset < -SIG_MAX_OFFSET || offset > SIG_MAX_OFFSET)
		return pact_error_set(PACT_EUSAGE,
		                      "the %s's time zone offset %d minutes is not one git can "
		                      "write (-99:59 to +99:59)",
		                      role_word(role), offset);
	return 0;
}

int pact_signature_new(pact_signature **out, const char *name, const char *email, int64_t time,
                       int offset)
{
	pact_signature *sig = NULL;
	int rc;

	*out = NULL;
	if (!sig_field_ok(name) || !sig_field_ok(email)) {
		rc = pact_error_set(PACT_EUSAGE, "invalid identity '%s <%s>'", name ? name : "",
		                    email ? email : "");
		goto done;
	}
	if ((rc = pact_oid__check_signature("signature", name, email, time, offset)) < 0)
		goto done;
	sig = pact_alloc__calloc(1, sizeof(*sig));
	if (!sig || !(sig->name = pact_alloc__strdup(name)) ||
	    !(sig->email = pact_alloc__strdup(email))) {
		rc = PACT_ENOMEM;
		goto done;
	}
	sig->time = time;
	sig->offset = offset;
	*out = sig;
	sig = NULL;
	rc = 0;
done:
	pact_signature_free(sig);
	return rc;
}

int pact_signature_now(pact_signature **out, const char *name, const char *email)
{
	time_t now = time(NULL);
	struct tm tm;
	int offset = 0;

	if (localtime_r(&now, &tm))
		offset = (int)(tm.tm_gmtoff / 60);
	return pact_signature_new(out, name, email, (int64_t)now, offset);
}

void pact_signature_free(pact_signature *sig)
{
	if (!sig)
		return;
	free(sig->name);
	free(sig->email);
	free(sig);
}
