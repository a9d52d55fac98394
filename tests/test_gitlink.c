/*
 * test_gitlink.c - the pact executable links libgit2 statically and loads
 * what only some remotes need when they need it (src/gitlink/lazy.h):
 * mbedTLS for https, libssh2 for ssh, GSSAPI for a Negotiate login.
 *
 * Seen from outside, as a user's system would: the dynamic linker's own
 * account (LD_DEBUG) of what a command loads, and the message of a remote
 * whose library is missing (LD_LIBRARY_PATH puts a broken copy first).
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "store_helpers.h"

#define A23 PACT_SRCDIR "/pacts/2023.yaml"
#define A24 PACT_SRCDIR "/pacts/2024.yaml"

TestSuite(gitlink, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* What only some remotes need (and what they bring), and libgit2 itself:
 * none of it may be among the libraries pact loads at start-up. */
static const char *const lazy_only[] = {"libgit2",   "libssh2", "libmbed",     "libcrypto",
                                        "libgssapi", "libkrb5", "libk5crypto", "libcom_err"};

Test(gitlink, pact_starts_without_libgit2_or_the_network_libraries)
{
	char *cmd = strf("ldd '%s'", PACT_BIN);
	run_result r = run_sh(NULL, cmd);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.out, "libc.so"), "%s", r.out);
	for (size_t i = 0; i < sizeof(lazy_only) / sizeof(*lazy_only); i++)
		cr_expect_null(strstr(r.out, lazy_only[i]), "pact loads %s at start-up:\n%s",
		               lazy_only[i], r.out);
	run_result_free(&r);
	free(cmd);
}

/* The dynamic linker's account (LD_DEBUG=what: files, symbols) of
 * `pact ARGS` run in `cwd`; pact's stderr in *err (the caller frees it),
 * its exit status in *status. */
static char *loaded(const char *cwd, const char *what, const char *args, char **err, int *status)
{
	char *dir = strf("%s/ld", store_tmp), *log = strf("%s/all", dir),
	     *errf = strf("%s/err", store_tmp);
	char *cmd =
	        strf("rm -rf '%s' && mkdir '%s' && LD_DEBUG=%s LD_DEBUG_OUTPUT='%s/pid' '%s' %s "
	             ">/dev/null 2>'%s'; s=$?; cat '%s'/pid.* > '%s'; exit $s",
	             dir, dir, what, dir, PACT_BIN, args, errf, dir, log);
	run_result r = run_sh(cwd, cmd);
	char *out = read_file(log, NULL);

	cr_assert_not_null(out, "%s", log);
	*err = read_file(errf, NULL);
	cr_assert_not_null(*err, "%s", errf);
	*status = r.status;
	run_result_free(&r);
	free(cmd);
	free(errf);
	free(log);
	free(dir);
	return out;
}

/* A store with a hub it pushes to and pulls from by path. */
static char *store_with_hub(void)
{
	char *s = store_init(store_tmp, "s");
	cr_assert_eq(sh(store_tmp, NULL,
	                "git init -q --bare -b main hub.git && cp '%s' s/pacts/2024.yaml && "
	                "git -C s remote add origin ../hub.git",
	                A24),
	             0);
	return s;
}

/* A diff of files, a commit, a log, a push and a pull through a path load
 * none of it: no TLS, no ssh, no Kerberos. */
Test(gitlink, local_commands_load_no_network_library)
{
	static const char *const cmds[] = {
	        "diff '" A23 "' '" A24 "'",
	        "commit pacts/2024.yaml -m one",
	        "log",
	        "push",
	        "pull",
	        "review status 2024",
	        "--version",
	};
	char *s = store_with_hub();

	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
		int status;
		char *err, *libs = loaded(s, "files", cmds[i], &err, &status);

		/* no review is open: status 1, said */
		cr_expect_eq(status, strstr(cmds[i], "review") ? 1 : 0, "%s: %s", cmds[i], err);
		cr_assert_not_null(strstr(libs, "libyaml"), "LD_DEBUG said nothing: %s", libs);
		for (size_t k = 0; k < sizeof(lazy_only) / sizeof(*lazy_only); k++)
			cr_expect_null(strstr(libs, lazy_only[k]), "%s loads %s:\n%s", cmds[i],
			               lazy_only[k], libs);
		free(err);
		free(libs);
	}
	free(s);
}

/* A TLS server (openssl s_server) with a certificate no CA signed, on a
 * port of its choosing: its port, or 0 when openssl cannot be run. */
static int tls_server(FILE **server)
{
	char *cert = strf("%s/cert.pem", store_tmp), *key = strf("%s/key.pem", store_tmp);
	char *cmd, line[256];
	int port = 0;

	*server = NULL;
	if (sh(store_tmp, NULL,
	       "openssl req -x509 -newkey rsa:2048 -nodes -keyout '%s' -out '%s' "
	       "-subj /CN=127.0.0.1 -days 2 >/dev/null 2>&1",
	       key, cert) != 0)
		goto done;
	cmd = strf("exec timeout 60 openssl s_server -4 -accept 0 -naccept 1 -www -cert '%s' "
	           "-key '%s' 2>/dev/null",
	           cert, key);
	*server = popen(cmd, "r");
	free(cmd);
	while (*server && fgets(line, sizeof(line), *server))
		if (sscanf(line, "ACCEPT 0.0.0.0:%d", &port) == 1)
			break;
done:
	free(key);
	free(cert);
	return port;
}

/* An https remote starts TLS: mbedTLS is loaded, the system CA bundle
 * parsed (mbedTLS's parse function looked up), and a certificate it does
 * not trust refused, as before TLS waited for its first use. */
Test(gitlink, an_https_remote_starts_tls_and_checks_the_certificate, .timeout = 90)
{
	char *s = store_init(store_tmp, "s"), *libs, *err;
	FILE *server;
	int port, status;

	if (access("/etc/ssl/certs/ca-certificates.crt", R_OK) != 0)
		cr_skip_test("no system CA bundle to load");
	port = tls_server(&server);
	if (!port) {
		if (server)
			pclose(server);
		cr_skip_test("openssl s_server cannot be run");
	}
	cr_assert_eq(sh(s, NULL, "git remote add origin https://127.0.0.1:%d/x.git", port), 0);
	libs = loaded(s, "files,symbols", "pull", &err, &status);
	pclose(server);
	cr_expect_eq(status, 3, "%s", err);
	cr_expect_not_null(strstr(libs, "file=libmbedtls"), "mbedTLS not loaded");
	cr_expect_not_null(strstr(libs, "symbol=mbedtls_x509_crt_parse_file"),
	                   "the CA bundle was not parsed");
	cr_expect_not_null(strstr(err, "pact: error: fetch failed: the server's certificate is "
	                               "not valid"),
	                   "%s", err);
	free(err);
	free(libs);
	free(s);
}

/* A copy of a library that cannot be used, in a directory put before the
 * system's: `soname` there is a shared object without the library's
 * functions (or a file that is no library at all: `empty`). The directory,
 * for LD_LIBRARY_PATH. */
static char *broken_lib(const char *soname, int empty)
{
	char *dir = strf("%s/broken", store_tmp), *path = strf("%s/%s", dir, soname);
	char *src = strf("%s/nothing.c", store_tmp);

	cr_assert_eq(sh(store_tmp, NULL, "mkdir -p broken"), 0);
	if (empty)
		cr_assert_eq(write_file(path, "no library\n", 11), 0);
	else {
		cr_assert_eq(write_file(src, "int pact_test_nothing;\n", 23), 0);
		cr_assert_eq(sh(store_tmp, NULL, "cc -shared -fPIC -o '%s' '%s'", path, src), 0);
	}
	free(src);
	free(path);
	return dir;
}

/* A listening socket on 127.0.0.1 (connections wait in its backlog): its
 * descriptor, its port in *port. */
static int listener(int *port)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(fd, 8) == 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

/* An ssh remote without a usable libssh2: the pull fails with the
 * library's name, why, and the package to install; nothing crashes, and
 * a local commit does not care. */
Test(gitlink, an_ssh_remote_without_libssh2_says_what_to_install, .timeout = 60)
{
	static const struct {
		int empty;
		const char *why;
	} cases[] = {{0, "undefined symbol: libssh2_"}, {1, "libssh2.so.1: "}};
	char *s = store_with_hub(), *f = gen_pact_file(store_tmp, "in.yaml", 2025, "a");
	int port, fd = listener(&port);

	cr_assert_eq(sh(s, NULL, "git remote add far ssh://git@127.0.0.1:%d/x.git", port), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *dir = broken_lib("libssh2.so.1", cases[i].empty);
		char *pull = strf("LD_LIBRARY_PATH='%s' '%s' pull far", dir, PACT_BIN);
		char *commit = strf("LD_LIBRARY_PATH='%s' '%s' commit '%s' -m x", dir, PACT_BIN, f);
		run_result r = run_sh(s, pull), c;

		cr_expect_eq(r.status, 3, "%s", r.err);
		cr_expect_not_null(strstr(r.err, "pact: error: fetch failed: ssh remotes need the "
		                                 "library libssh2.so.1, which cannot be loaded ("),
		                   "%s", r.err);
		cr_expect_not_null(strstr(r.err, cases[i].why), "%s", r.err);
		cr_expect_not_null(strstr(r.err, "); install it (Debian: apt-get install "), "%s",
		                   r.err);
		c = run_sh(s, commit);
		cr_expect_eq(c.status, i == 0 ? 0 : 1, "%s", c.err); /* the second: unchanged */
		run_result_free(&c);
		run_result_free(&r);
		free(commit);
		free(pull);
		free(dir);
		cr_assert_eq(sh(store_tmp, NULL, "rm -rf broken"), 0);
	}
	close(fd);
	free(f);
	free(s);
}

/* Answer up to `n` HTTP requests on `fd` with 401 and a Negotiate
 * challenge, then exit. */
static void negotiate_server(int fd, int n)
{
	static const char reply[] = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate\r\n"
	                            "Content-Length: 0\r\nConnection: close\r\n\r\n";
	char buf[8192];

	alarm(30);
	for (int i = 0; i < n; i++) {
		int c = accept(fd, NULL, NULL);
		if (c < 0)
			break;
		if (read(c, buf, sizeof(buf)) > 0 &&
		    write(c, reply, sizeof(reply) - 1) != (ssize_t)(sizeof(reply) - 1))
			_exit(2);
		close(c);
	}
	_exit(0);
}

/* A server asking for a Kerberos login loads GSSAPI (and only then); one
 * that is not usable is named with the package to install. */
Test(gitlink, a_negotiate_login_loads_gssapi_or_says_what_to_install, .timeout = 60)
{
	char *s = store_init(store_tmp, "s"), *dir = broken_lib("libgssapi_krb5.so.2", 1), *cmd;
	int port, fd = listener(&port), status;
	pid_t srv = fork();
	char *libs, *err;
	run_result r;

	cr_assert(srv >= 0);
	if (srv == 0)
		negotiate_server(fd, 8);
	close(fd);
	cr_assert_eq(sh(s, NULL, "git remote add origin http://127.0.0.1:%d/x.git", port), 0);
	libs = loaded(s, "files", "pull", &err, &status);
	cr_expect_eq(status, 3, "%s", err);
	free(err);
	cr_expect_not_null(strstr(libs, "file=libgssapi_krb5.so.2"), "%s", libs);
	cmd = strf("LD_LIBRARY_PATH='%s' '%s' pull", dir, PACT_BIN);
	r = run_sh(s, cmd);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_not_null(strstr(r.err, "pact: error: fetch failed: Kerberos (Negotiate) logins "
	                                 "need the library libgssapi_krb5.so.2, which cannot be "
	                                 "loaded ("),
	                   "%s", r.err);
	kill(srv, SIGTERM);
	waitpid(srv, NULL, 0);
	run_result_free(&r);
	free(cmd);
	free(libs);
	free(dir);
	free(s);
}
