/*
 * test_oid.c - pact_oid and pact_signature (pact/oid.h): ids as text and
 * back, SHA-1 and SHA-256, and signatures that git could not write refused.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pact/error.h"
#include "pact/oid.h"

Test(oid, oid_text_round_trips)
{
	const char *sha1 = "0123456789abcdef0123456789ABCDEF01234567";
	const char *sha256 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
	char hex[PACT_OID_HEXSZ + 1];
	pact_oid a, b, zero = {0};

	cr_assert_eq(pact_oid_parse(&a, sha1), 0);
	cr_expect_eq(a.type, PACT_OID_SHA1);
	cr_expect_eq(pact_oid_size(&a), 20);
	cr_expect_str_eq(pact_oid_fmt(hex, sizeof(hex), &a),
	                 "0123456789abcdef0123456789abcdef01234567");
	cr_expect_str_eq(pact_oid_fmt(hex, 8, &a), "0123456");
	cr_expect_eq(pact_oid_fmt(hex, 0, &a), hex);
	cr_assert_eq(pact_oid_parse(&b, "0123456789abcdef0123456789abcdef01234567"), 0);
	cr_expect(pact_oid_equal(&a, &b));
	cr_expect_not(pact_oid_is_zero(&a));

	cr_assert_eq(pact_oid_parse(&b, sha256), 0);
	cr_expect_eq(b.type, PACT_OID_SHA256);
	cr_expect_str_eq(pact_oid_fmt(hex, sizeof(hex), &b), sha256);
	cr_expect_not(pact_oid_equal(&a, &b));

	cr_assert_eq(pact_oid_parse(&b, "0000000000000000000000000000000000000000"), 0);
	cr_expect(pact_oid_is_zero(&b));
	cr_expect(pact_oid_equal(&b, &zero), "a zero-filled pact_oid is the SHA-1 zero id");

	cr_expect_eq(pact_oid_parse(&b, "0123"), PACT_EINVALID);
	cr_expect_str_eq(pact_error_last()->message, "invalid object id '0123'");
	cr_expect(pact_oid_is_zero(&b), "a failed parse leaves zeros");
	cr_expect_eq(pact_oid_parse(&b, "0123456789abcdef0123456789abcdef0123456g"), PACT_EINVALID);
	cr_expect_eq(pact_oid_parse(&b, "0123456789abcdef0123456789abcdef01234567 "),
	             PACT_EINVALID);
	cr_expect_eq(pact_oid_parse(&b, ""), PACT_EINVALID);
	cr_expect_eq(pact_oid_parse(&b, NULL), PACT_EINVALID);
}

Test(oid, signature_new_copies_and_refuses_what_git_cannot_write)
{
	char name[] = "Lê Thu", email[] = "thu@example.vn";
	pact_signature *sig = NULL;

	cr_assert_eq(pact_signature_new(&sig, name, email, 1700000000, -300), 0);
	name[0] = 'X';
	cr_expect_str_eq(sig->name, "Lê Thu", "the name is a copy");
	cr_expect_str_eq(sig->email, "thu@example.vn");
	cr_expect_eq(sig->time, 1700000000);
	cr_expect_eq(sig->offset, -300);
	pact_signature_free(sig);

	cr_expect_eq(pact_signature_new(&sig, "A <b>", "a@b", 0, 0), PACT_EUSAGE);
	cr_expect_null(sig);
	cr_expect_eq(pact_signature_new(&sig, "A", "", 0, 0), PACT_EUSAGE);
	cr_expect_eq(pact_signature_new(&sig, "A\nB", "a@b", 0, 0), PACT_EUSAGE);
	cr_assert_eq(pact_signature_now(&sig, "A", "a@b"), 0);
	cr_expect_gt(sig->time, 1700000000);
	pact_signature_free(sig);
}

/* What libgit2 1.5 would write wrong or raw into a commit's author line:
 * control characters (a CR, an escape), names no person has (over
 * PACT_SIGNATURE_MAX_FIELD bytes), times it writes as unsigned 32 bits
 * (before 1970, after 2106) and offsets wider than git's +HHMM. */
Test(oid, signature_new_refuses_what_git_would_write_wrong)
{
	pact_signature *sig = NULL;
	char *big = malloc(PACT_SIGNATURE_MAX_FIELD + 2);

	cr_assert(big);
	cr_expect_eq(pact_signature_new(&sig, "A\rB", "a@b", 0, 0), PACT_EINVALID);
	cr_expect_str_eq(pact_error_last()->message,
	                 "the signature's name 'A\\rB' contains the control character U+000D at "
	                 "byte 1; write it as plain visible text");
	cr_expect_eq(pact_signature_new(&sig, "A", "a@\x1b[2Jb", 0, 0), PACT_EINVALID);
	cr_expect_null(strchr(pact_error_last()->message, '\x1b'), "the message is sanitised");
	cr_expect_eq(pact_signature_new(&sig, "A\tB", "a@b", 0, 0), PACT_EINVALID);
	memset(big, 'x', PACT_SIGNATURE_MAX_FIELD + 1);
	big[PACT_SIGNATURE_MAX_FIELD + 1] = '\0';
	cr_expect_eq(pact_signature_new(&sig, big, "a@b", 0, 0), PACT_EUSAGE);
	cr_expect_str_eq(pact_error_last()->message,
	                 "the signature's name is 1025 bytes long: at most 1024");
	big[PACT_SIGNATURE_MAX_FIELD] = '\0';
	cr_expect_eq(pact_signature_new(&sig, big, "a@b", 0, 0), 0, "the bound itself is fine");
	pact_signature_free(sig);
	sig = NULL;
	cr_expect_eq(pact_signature_new(&sig, "A", "a@b", -1, 0), PACT_EUSAGE);
	cr_expect_str_eq(pact_error_last()->message,
	                 "the signature's time -1 is not one git can write (seconds from "
	                 "1970 to 2106)");
	cr_expect_eq(pact_signature_new(&sig, "A", "a@b", INT64_C(4294967296), 0), PACT_EUSAGE);
	cr_expect_eq(pact_signature_new(&sig, "A", "a@b", INT64_C(4294967295), 5999), 0);
	pact_signature_free(sig);
	sig = NULL;
	cr_expect_eq(pact_signature_new(&sig, "A", "a@b", 0, 6000), PACT_EUSAGE);
	cr_expect_str_eq(pact_error_last()->message,
	                 "the signature's time zone offset 6000 minutes is not one git can "
	                 "write (-99:59 to +99:59)");
	cr_expect_eq(pact_signature_new(&sig, "A", "a@b", 0, INT_MIN), PACT_EUSAGE);
	cr_expect_null(sig);
	free(big);
}

/* A bad id is named in its message: that text is the caller's input (a
 * pre-receive line, a revision typed), so it is shown sanitised and cut
 * short, never an ESC or a 70 000-byte message. */
Test(oid, a_bad_id_is_named_sanitised_and_short)
{
	pact_oid o;
	char *big = malloc(70000);

	cr_assert(big);
	cr_expect_eq(pact_oid_parse(&o, "\x1b[2J0123\n"), PACT_EINVALID);
	cr_expect_str_eq(pact_error_last()->message, "invalid object id '\\e[2J0123\\n'");
	memset(big, 'a', 69999);
	big[69999] = '\0';
	cr_expect_eq(pact_oid_parse(&o, big), PACT_EINVALID);
	cr_expect_str_eq(
	        pact_error_last()->message,
	        "invalid object id "
	        "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	        "aaaa...'");
	free(big);
}
