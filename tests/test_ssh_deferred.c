/*
 * test_ssh_deferred.c - libssh2's initialisation, put off at start-up
 * (src/storemod/tls.c), is done before a pull talks to an ssh remote.
 *
 * The remote is a socket of the test that answers as an SSH server would
 * begin (its version line) and reads what the client sends: pact's libssh2
 * must get as far as its key exchange offer (random cookie, algorithm
 * lists: the crypto library at work) and then report the session's
 * failure as an SSH one, not crash or hang.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "store_helpers.h"

TestSuite(ssh_deferred, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* Accept one connection on `fd`, send an SSH version line, read what the
 * client sends until it has sent a packet after its own version line (or
 * closes), and exit 0 when it did. */
static void fake_server(int fd)
{
	char buf[4096];
	size_t got = 0;
	int c = accept(fd, NULL, NULL);
	static const char hello[] = "SSH-2.0-OpenSSH_9.2 pact-test\r\n";

	if (c < 0 || write(c, hello, sizeof(hello) - 1) != (ssize_t)(sizeof(hello) - 1))
		_exit(2);
	while (got < sizeof(buf)) {
		ssize_t n = read(c, buf + got, sizeof(buf) - got);
		char *eol;
		if (n <= 0)
			break;
		got += (size_t)n;
		eol = memchr(buf, '\n', got);
		/* the client's version line, then a binary packet (its KEXINIT) */
		if (eol && (size_t)(eol - buf) + 1 + 6 <= got)
			_exit(strncmp(buf, "SSH-2.0-", 8) == 0 ? 0 : 3);
	}
	_exit(4);
}

Test(ssh_deferred, a_pull_from_an_ssh_remote_gets_to_the_key_exchange, .timeout = 60)
{
	char *s = store_init(store_tmp, "s"), *f = gen_pact_file(store_tmp, "in.yaml", 2024, "a");
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), st = -1;
	pid_t srv;
	run_result r;

	r = run_pact(s, "commit", f, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(fd, 1) == 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	srv = fork();
	cr_assert(srv >= 0);
	if (srv == 0) {
		alarm(30);
		fake_server(fd);
	}
	close(fd);
	cr_assert_eq(sh(s, NULL, "git remote add origin ssh://git@127.0.0.1:%d/x.git",
	                ntohs(a.sin_port)),
	             0);
	r = run_pact(s, "pull", NULL);
	waitpid(srv, &st, 0);
	cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	          "the server did not see pact's key exchange offer (status %d)", st);
	cr_expect_neq(r.status, 0);
	cr_expect(strstr(r.err, "SSH") != NULL, "%s", r.err);
	run_result_free(&r);
	free(f);
	free(s);
}
