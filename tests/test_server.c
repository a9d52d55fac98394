/*
 * test_server.c - the shared store behind a real smart-HTTP git server:
 * git http-backend under lighttpd, started by the test on 127.0.0.1 on a
 * free port and stopped after it. libgit2 pushing to a path never runs the
 * remote's hooks; over HTTP git-receive-pack runs pre-receive, so this is
 * where the server hook is tried as a bloc would meet it: pact push, pact
 * review push/pull between two clones, an invalid pact refused, an
 * unapproved change to an adopted year refused, and with
 * .pact/allowed_signers on the server's main an unsigned set of approvals
 * refused and a signed one accepted.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "helpers.h"
#include "review_fixture.h"

static int server_pid; /* stop_server's: the test's lighttpd */

/* A port nobody listens on now (the kernel's pick for port 0). */
static int free_port(void)
{
	struct sockaddr_in a;
	socklen_t n = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

	cr_assert(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &n) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	cr_assert(port > 0);
	return port;
}

/* lighttpd serving DIR/srv/<name>.git at http://127.0.0.1:PORT/git/<name>.git
 * through git http-backend, pushes allowed (http.receivepack per repo);
 * the pact under test on the CGI's PATH so the hook finds it. It also
 * stops by itself after 5 idle minutes, should the test die. */
static char *start_server(const char *dir)
{
	char *conf, *bin = strf("%s", PACT_BIN), *url = NULL;
	run_result r;
	int port = 0;

	*strrchr(bin, '/') = '\0';
	for (int attempt = 0; attempt < 5; attempt++) {
		port = free_port();
		conf = strf("server.document-root = \"%s/www\"\n"
		            "server.bind = \"127.0.0.1\"\nserver.port = %d\n"
		            "server.pid-file = \"%s/lighttpd.pid\"\n"
		            "server.errorlog = \"%s/lighttpd.log\"\n"
		            "server.modules = (\"mod_alias\", \"mod_cgi\", \"mod_setenv\")\n"
		            "alias.url = (\"/git\" => \"/usr/lib/git-core/git-http-backend\")\n"
		            "$HTTP[\"url\"] =~ \"^/git\" {\n"
		            "  cgi.assign = (\"\" => \"\")\n"
		            "  setenv.set-environment = (\"GIT_PROJECT_ROOT\" => \"%s/srv\",\n"
		            "    \"GIT_HTTP_EXPORT_ALL\" => \"1\", \"HOME\" => \"%s\",\n"
		            "    \"PATH\" => \"%s:/usr/bin:/bin\")\n"
		            "}\n",
		            dir, port, dir, dir, dir, dir, bin);
		{
			char *p = strf("%s/lighttpd.conf", dir);
			cr_assert_eq(write_file(p, conf, strlen(conf)), 0);
			free(p);
		}
		free(conf);
		if (fx_sh(&r, dir, "mkdir -p www srv && lighttpd -f lighttpd.conf -i 300") == 0) {
			run_result_free(&r);
			break;
		}
		run_result_free(&r);
		port = 0; /* taken meanwhile: another port */
	}
	cr_assert(port > 0, "lighttpd did not start");
	{
		char *pf = strf("%s/lighttpd.pid", dir), *pid = read_file(pf, NULL);
		cr_assert(pid, "no %s", pf);
		server_pid = atoi(pid);
		free(pid);
		free(pf);
	}
	url = strf("http://127.0.0.1:%d/git", port);
	free(bin);
	return url;
}

static void stop_server(void)
{
	if (server_pid > 0)
		kill(server_pid, SIGTERM);
	server_pid = 0;
}

/* A bare store DIR/srv/store.git with the server hook, pushes on. */
static void make_server_store(const char *dir)
{
	run_result r;
	cr_assert_eq(fx_sh(&r, dir,
	                   "git init -q --bare srv/store.git && "
	                   "pact -C srv/store.git hooks install --server >/dev/null && "
	                   "git -C srv/store.git config http.receivepack true"),
	             0, "%s", r.err);
	run_result_free(&r);
}

static void put(const char *dir, const char *name, const char *text)
{
	char *p = strf("%s/%s", dir, name);
	cr_assert_eq(write_file(p, text, strlen(text)), 0);
	free(p);
}

Test(server, pushes_through_git_http_backend_meet_the_hook, .fini = stop_server)
{
	char *dir, *store = fx_store(&dir), *url, *other = strf("%s/other", dir);
	char *bad = fx_pact(2025, NULL), *edited = fx_pact(2024, "hằng quý");
	run_result r;

	url = start_server(dir);
	make_server_store(dir);
	cr_assert_eq(fx_sh(&r, store, "git remote add origin %s/store.git && pact push", url), 0,
	             "%s", r.err);
	cr_expect(!strstr(r.err, "local path"), "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, dir,
	                   "git -C srv/store.git rev-parse -q --verify "
	                   "main:pacts/2024.yaml >/dev/null"),
	             0);

	/* an invalid pact, in a branch pushed with git */
	memcpy(strstr(bad, "2025-03-15"), "2025-02-30", 10);
	put(store, "pacts/2025.yaml", bad);
	cr_assert_eq(fx_sh(NULL, store, "git switch -qc topic && git add -A && git commit -qm bad"),
	             0);
	cr_expect_eq(fx_sh(&r, store, "git push origin topic"), 1);
	cr_expect(strstr(r.err, "pacts/2025.yaml:8:9: error: 'date' is not a real date"), "%s",
	          r.err);
	cr_expect(strstr(r.err, "pre-receive hook declined"), "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(NULL, store, "git switch -q main && git branch -qD topic"), 0);

	/* an unapproved change to the adopted 2024 pact, pushed by pact */
	put(store, "pacts/2024.yaml", edited);
	cr_assert_eq(fx_sh(NULL, store, "git commit -qam 'Quietly edit 2024'"), 0);
	cr_expect_neq(fx_sh(&r, store, "pact push"), 0);
	cr_expect(strstr(r.err, "the remote refused refs/heads/main (pre-receive hook declined)"),
	          "%s", r.err);
	/* the hook's reasons reach the user, as git's "remote:" lines */
	cr_expect(strstr(r.err, "\nremote: refs/heads/main: error: pacts/2024.yaml changes without "
	                        "every member's approval of the new text"),
	          "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, dir,
	                   "test \"$(git -C srv/store.git rev-parse main)\" != "
	                   "\"$(git -C store rev-parse main)\""),
	             0);
	cr_assert_eq(fx_sh(NULL, store, "git reset -q --hard HEAD~1"), 0);

	/* a review between two clones, through the server */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review push"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, dir,
	                   "git clone -q %s/store.git other && cd other && pact review pull && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " && "
	                   "pact review push",
	                   url),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store, "pact review pull >/dev/null && pact review status 2025"), 0,
	             "%s", r.err);
	cr_expect(strstr(r.out, "approvals: 2 of 2 members"), "%s", r.out);
	run_result_free(&r);
	/* adopted and pushed in one go: the hook takes it */
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review merge 2025 --allow-leftovers >/dev/null && "
	                   "pact review push"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, dir,
	                   "test \"$(git -C srv/store.git rev-parse main:pacts/2025.yaml)\" = "
	                   "\"$(git -C srv/store.git rev-parse pact/2025:pacts/2025.yaml)\""),
	             0);
	free(bad);
	free(edited);
	free(url);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}

Test(server, with_allowed_signers_only_signed_approvals_adopt, .fini = stop_server)
{
	char *dir, *store = fx_store(&dir), *url, *other = strf("%s/other", dir);
	run_result r;

	url = start_server(dir);
	make_server_store(dir);
	/* the store starts signing: its main names the members' keys */
	cr_assert_eq(
	        fx_sh(&r, dir,
	              "ssh-keygen -q -t ed25519 -N '' -C yte -f yte && "
	              "ssh-keygen -q -t ed25519 -N '' -C bao -f bao && mkdir -p store/.pact && "
	              "{ printf 'yte@bloc.vn '; cat yte.pub; printf 'bao@bhxh.vn '; cat bao.pub; "
	              "} > store/.pact/allowed_signers && cd store && "
	              "git add .pact && git commit -qm 'Trust the members keys' && "
	              "git remote add origin %s/store.git && pact push >/dev/null && "
	              "pact review open 2025 >/dev/null && pact review push >/dev/null && "
	              "cd .. && git clone -q %s/store.git other && cd other && "
	              "pact review pull >/dev/null",
	              url, url),
	        0, "%s", r.err);
	run_result_free(&r);

	/* unsigned approvals of both members, adopted by hand and pushed */
	cr_assert_eq(fx_sh(&r, other,
	                   "pact review approve 2025 --no-sign --member bhxh-tinh " BHXH
	                   " >/dev/null && pact review push >/dev/null"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review pull >/dev/null && "
	                   "pact review approve 2025 --no-sign --member so-y-te " YTE
	                   " >/dev/null && git switch -q main && "
	                   "git merge -q --no-ff -m 'Adopt 2025' draft/2025"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(&r, store, "pact review push"), 0);
	cr_expect(strstr(r.err, "so-y-te (unsigned; this store needs signed approvals)"), "%s",
	          r.err);
	run_result_free(&r);
	cr_expect_neq(fx_sh(NULL, dir,
	                    "git -C srv/store.git rev-parse -q --verify "
	                    "main:pacts/2025.yaml"),
	              0);
	cr_assert_eq(fx_sh(NULL, store, "git reset -q --hard HEAD~1"), 0);

	/* signed by the right keys, on both clones: accepted */
	cr_assert_eq(fx_sh(&r, other,
	                   "git config gpg.format ssh && git config user.signingKey ../bao && "
	                   "pact review pull >/dev/null && "
	                   "pact review approve 2025 --member bhxh-tinh " BHXH " && "
	                   "pact review push >/dev/null"),
	             0, "%s", r.err);
	cr_expect(strstr(r.out, "(signed)"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store,
	                   "git config gpg.format ssh && git config user.signingKey ../yte && "
	                   "pact review pull >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "pact review status 2025"),
	             0, "%s", r.err);
	cr_expect(strstr(r.out, "approvals: 2 of 2 members"), "%s", r.out);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store,
	                   "pact review merge 2025 --allow-leftovers >/dev/null && "
	                   "pact review push"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_expect_eq(fx_sh(NULL, dir,
	                   "git -C srv/store.git rev-parse -q --verify "
	                   "main:pacts/2025.yaml >/dev/null"),
	             0);
	free(url);
	free(other);
	free(store);
	rm_rf(dir);
	free(dir);
}
