/*
 * gssapi.c - MIT Kerberos's GSSAPI, loaded when a server first asks for a
 * Negotiate (Kerberos) login (lazy.h): every GSSAPI function libgit2 1.5
 * calls, one trampoline a line, as <gssapi/gssapi.h> declares it, and the
 * one data symbol it reads. Without the library a function fails with
 * GSS_S_UNAVAILABLE and *minor_status 0, which libgit2 reports as a failed
 * login.
 */
#include <gssapi/gssapi.h>
#include <stddef.h>

#define PACT_I18N_SHORT_NAMES
#include "lazy.h"
#include "pact/i18n.h"

/* from the library pact is built against (Makefile: lazy_lib) */
#ifndef PACT_GSSAPI_SONAME
#define PACT_GSSAPI_SONAME "libgssapi_krb5.so.2"
#define PACT_GSSAPI_PACKAGE "libgssapi-krb5-2"
#endif

static pact_lazy_lib gss = PACT_LAZY_LIB(PACT_GSSAPI_SONAME, PACT_GSSAPI_PACKAGE,
                                         N_("Kerberos (Negotiate) logins"), NULL);

/* RFC 2744, 4.1: {iso(1) member-body(2) US(840) mit(113554) infosys(1)
 * gssapi(2) generic(1) service_name(4)}, the name type of "HTTP@host" */
static gss_OID_desc hostbased_service = {10, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04"};
gss_OID GSS_C_NT_HOSTBASED_SERVICE = &hostbased_service;

/* A GSSAPI function: its first parameter is OM_uint32 *minor */
#define GSS(name, params, args)                                                                    \
	OM_uint32 name params                                                                      \
	{                                                                                          \
		static OM_uint32(*real) params;                                                    \
		if (!real)                                                                         \
			*(void **)&real = pact_lazy__sym(&gss, #name);                             \
		if (real)                                                                          \
			return real args;                                                          \
		if (minor)                                                                         \
			*minor = 0;                                                                \
		return GSS_S_UNAVAILABLE;                                                          \
	}

GSS(gss_indicate_mechs, (OM_uint32 * minor, gss_OID_set *mech_set), (minor, mech_set))
GSS(gss_import_name,
    (OM_uint32 * minor, gss_buffer_t input_name_buffer, gss_OID input_name_type,
     gss_name_t *output_name),
    (minor, input_name_buffer, input_name_type, output_name))
GSS(gss_init_sec_context,
    (OM_uint32 * minor, gss_cred_id_t claimant_cred_handle, gss_ctx_id_t *context_handle,
     gss_name_t target_name, gss_OID mech_type, OM_uint32 req_flags, OM_uint32 time_req,
     gss_channel_bindings_t input_chan_bindings, gss_buffer_t input_token,
     gss_OID *actual_mech_type, gss_buffer_t output_token, OM_uint32 *ret_flags,
     OM_uint32 *time_rec),
    (minor, claimant_cred_handle, context_handle, target_name, mech_type, req_flags, time_req,
     input_chan_bindings, input_token, actual_mech_type, output_token, ret_flags, time_rec))
GSS(gss_delete_sec_context,
    (OM_uint32 * minor, gss_ctx_id_t *context_handle, gss_buffer_t output_token),
    (minor, context_handle, output_token))
GSS(gss_display_status,
    (OM_uint32 * minor, OM_uint32 status_value, int status_type, gss_OID mech_type,
     OM_uint32 *message_context, gss_buffer_t status_string),
    (minor, status_value, status_type, mech_type, message_context, status_string))
GSS(gss_release_buffer, (OM_uint32 * minor, gss_buffer_t buffer), (minor, buffer))
GSS(gss_release_name, (OM_uint32 * minor, gss_name_t *name), (minor, name))
GSS(gss_release_oid_set, (OM_uint32 * minor, gss_OID_set *set), (minor, set))
