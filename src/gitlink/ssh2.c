/*
 * ssh2.c - libssh2, loaded when an ssh:// remote first needs it (lazy.h):
 * every libssh2 function libgit2 1.5 calls, one trampoline a line, as
 * libssh2.h declares it. A function libgit2 starts calling fails to link
 * pact ("undefined reference to libssh2_..."): add its line here.
 *
 * libgit2 calls libssh2_init from git_libgit2_init, in every process:
 * libssh2 (built with OpenSSL) would initialise OpenSSL there. It is put
 * off: libssh2_init only notes the call until libssh2 is loaded, which
 * then initialises it first; libssh2_exit without libssh2 does nothing.
 */
#include <libssh2.h>
#include <stddef.h>

#define PACT_I18N_SHORT_NAMES
#include "lazy.h"
#include "pact/i18n.h"

static void ssh2_loaded(void);

/* from the library pact is built against (Makefile: lazy_lib) */
#ifndef PACT_SSH2_SONAME
#define PACT_SSH2_SONAME "libssh2.so.1"
#define PACT_SSH2_PACKAGE "libssh2-1"
#endif

static pact_lazy_lib ssh2 =
        PACT_LAZY_LIB(PACT_SSH2_SONAME, PACT_SSH2_PACKAGE, N_("ssh remotes"), ssh2_loaded);

/* libssh2_init's flags, and whether libgit2 called it before the load */
static int init_flags, init_deferred;

int libssh2_init(int flags)
{
	static int (*real)(int);

	if (!pact_lazy__loaded(&ssh2)) {
		init_flags = flags;
		init_deferred = 1;
		return 0;
	}
	if (!real)
		*(void **)&real = pact_lazy__sym(&ssh2, "libssh2_init");
	return real ? real(flags) : -1;
}

void libssh2_exit(void)
{
	static void (*real)(void);

	init_deferred = 0;
	if (!pact_lazy__loaded(&ssh2))
		return;
	if (!real)
		*(void **)&real = pact_lazy__sym(&ssh2, "libssh2_exit");
	if (real)
		real();
}

/* The initialisation libgit2 asked for before libssh2 was loaded. */
static void ssh2_loaded(void)
{
	if (init_deferred) {
		init_deferred = 0;
		libssh2_init(init_flags);
	}
}

#define SSH2(ret, fail, name, params, args) PACT_LAZY(ssh2, ret, fail, name, params, args)
#define SSH2_VOID(name, params, args) PACT_LAZY_VOID(ssh2, name, params, args)

/* the session */
SSH2(LIBSSH2_SESSION *, NULL, libssh2_session_init_ex,
     (LIBSSH2_ALLOC_FUNC((*my_alloc)), LIBSSH2_FREE_FUNC((*my_free)),
      LIBSSH2_REALLOC_FUNC((*my_realloc)), void *abstract),
     (my_alloc, my_free, my_realloc, abstract))
SSH2(void **, NULL, libssh2_session_abstract, (LIBSSH2_SESSION * session), (session))
SSH2(int, -1, libssh2_session_handshake, (LIBSSH2_SESSION * session, libssh2_socket_t sock),
     (session, sock))
SSH2(int, -1, libssh2_session_method_pref,
     (LIBSSH2_SESSION * session, int method_type, const char *prefs), (session, method_type, prefs))
SSH2(const char *, NULL, libssh2_session_hostkey,
     (LIBSSH2_SESSION * session, size_t *len, int *type), (session, len, type))
SSH2(const char *, NULL, libssh2_hostkey_hash, (LIBSSH2_SESSION * session, int hash_type),
     (session, hash_type))
SSH2(int, -1, libssh2_session_last_error,
     (LIBSSH2_SESSION * session, char **errmsg, int *errmsg_len, int want_buf),
     (session, errmsg, errmsg_len, want_buf))
SSH2_VOID(libssh2_session_set_blocking, (LIBSSH2_SESSION * session, int blocking),
          (session, blocking))
SSH2(int, -1, libssh2_session_disconnect_ex,
     (LIBSSH2_SESSION * session, int reason, const char *description, const char *lang),
     (session, reason, description, lang))
SSH2(int, -1, libssh2_session_free, (LIBSSH2_SESSION * session), (session))

/* known hosts */
SSH2(LIBSSH2_KNOWNHOSTS *, NULL, libssh2_knownhost_init, (LIBSSH2_SESSION * session), (session))
SSH2(int, -1, libssh2_knownhost_readfile,
     (LIBSSH2_KNOWNHOSTS * hosts, const char *filename, int type), (hosts, filename, type))
SSH2(int, LIBSSH2_KNOWNHOST_CHECK_FAILURE, libssh2_knownhost_checkp,
     (LIBSSH2_KNOWNHOSTS * hosts, const char *host, int port, const char *key, size_t keylen,
      int typemask, struct libssh2_knownhost **knownhost),
     (hosts, host, port, key, keylen, typemask, knownhost))
SSH2_VOID(libssh2_knownhost_free, (LIBSSH2_KNOWNHOSTS * hosts), (hosts))

/* logging in */
SSH2(char *, NULL, libssh2_userauth_list,
     (LIBSSH2_SESSION * session, const char *username, unsigned int username_len),
     (session, username, username_len))
SSH2(int, 0, libssh2_userauth_authenticated, (LIBSSH2_SESSION * session), (session))
SSH2(int, -1, libssh2_userauth_password_ex,
     (LIBSSH2_SESSION * session, const char *username, unsigned int username_len,
      const char *password, unsigned int password_len,
      LIBSSH2_PASSWD_CHANGEREQ_FUNC((*passwd_change_cb))),
     (session, username, username_len, password, password_len, passwd_change_cb))
SSH2(int, -1, libssh2_userauth_publickey,
     (LIBSSH2_SESSION * session, const char *username, const unsigned char *pubkeydata,
      size_t pubkeydata_len, LIBSSH2_USERAUTH_PUBLICKEY_SIGN_FUNC((*sign_callback)),
      void **abstract),
     (session, username, pubkeydata, pubkeydata_len, sign_callback, abstract))
SSH2(int, -1, libssh2_userauth_publickey_fromfile_ex,
     (LIBSSH2_SESSION * session, const char *username, unsigned int username_len,
      const char *publickey, const char *privatekey, const char *passphrase),
     (session, username, username_len, publickey, privatekey, passphrase))
SSH2(int, -1, libssh2_userauth_publickey_frommemory,
     (LIBSSH2_SESSION * session, const char *username, size_t username_len,
      const char *publickeyfiledata, size_t publickeyfiledata_len, const char *privatekeyfiledata,
      size_t privatekeyfiledata_len, const char *passphrase),
     (session, username, username_len, publickeyfiledata, publickeyfiledata_len, privatekeyfiledata,
      privatekeyfiledata_len, passphrase))
SSH2(int, -1, libssh2_userauth_keyboard_interactive_ex,
     (LIBSSH2_SESSION * session, const char *username, unsigned int username_len,
      LIBSSH2_USERAUTH_KBDINT_RESPONSE_FUNC((*response_callback))),
     (session, username, username_len, response_callback))

/* ssh-agent */
SSH2(LIBSSH2_AGENT *, NULL, libssh2_agent_init, (LIBSSH2_SESSION * session), (session))
SSH2(int, -1, libssh2_agent_connect, (LIBSSH2_AGENT * agent), (agent))
SSH2(int, -1, libssh2_agent_list_identities, (LIBSSH2_AGENT * agent), (agent))
SSH2(int, -1, libssh2_agent_get_identity,
     (LIBSSH2_AGENT * agent, struct libssh2_agent_publickey **store,
      struct libssh2_agent_publickey *prev),
     (agent, store, prev))
SSH2(int, -1, libssh2_agent_userauth,
     (LIBSSH2_AGENT * agent, const char *username, struct libssh2_agent_publickey *identity),
     (agent, username, identity))
SSH2(int, -1, libssh2_agent_disconnect, (LIBSSH2_AGENT * agent), (agent))
SSH2_VOID(libssh2_agent_free, (LIBSSH2_AGENT * agent), (agent))

/* the channel git's protocol runs in */
SSH2(LIBSSH2_CHANNEL *, NULL, libssh2_channel_open_ex,
     (LIBSSH2_SESSION * session, const char *channel_type, unsigned int channel_type_len,
      unsigned int window_size, unsigned int packet_size, const char *message,
      unsigned int message_len),
     (session, channel_type, channel_type_len, window_size, packet_size, message, message_len))
SSH2(int, -1, libssh2_channel_process_startup,
     (LIBSSH2_CHANNEL * channel, const char *request, unsigned int request_len, const char *message,
      unsigned int message_len),
     (channel, request, request_len, message, message_len))
SSH2(ssize_t, -1, libssh2_channel_read_ex,
     (LIBSSH2_CHANNEL * channel, int stream_id, char *buf, size_t buflen),
     (channel, stream_id, buf, buflen))
SSH2(ssize_t, -1, libssh2_channel_write_ex,
     (LIBSSH2_CHANNEL * channel, int stream_id, const char *buf, size_t buflen),
     (channel, stream_id, buf, buflen))
SSH2_VOID(libssh2_channel_set_blocking, (LIBSSH2_CHANNEL * channel, int blocking),
          (channel, blocking))
SSH2(int, -1, libssh2_channel_close, (LIBSSH2_CHANNEL * channel), (channel))
SSH2(int, -1, libssh2_channel_free, (LIBSSH2_CHANNEL * channel), (channel))
