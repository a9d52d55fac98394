/*
 * pager.c - long output on a terminal goes through a pager, with long
 * lines wrapped at word boundaries, as git does for log and diff.
 *
 * Only when standard output is a terminal and --no-pager was not given.
 * The pager is the first of PACT_PAGER, core.pager (the store's git
 * config), PAGER, and "less"; "cat" or an empty value means none. less
 * gets LESS=FRX unless LESS is set (quit when the text fits one screen,
 * pass colours through, leave the text on the screen), lv gets LV=-c.
 *
 * pact writes into a pipe; a child process reads it line by line, wraps
 * each line wider than the terminal at spaces with a hanging indent (the
 * line's own indentation plus its list marker: "   ~ 3. "), counting
 * columns with utf8proc (combining marks are zero wide) and skipping
 * colour escapes (a colour open at a break is closed before the newline
 * and reopened after the indent), and writes to the pager, or straight
 * to the terminal when there is none. main waits for it before exiting,
 * so the prompt does not come back under the pager.
 *
 * It is also the last guard of the terminal: what pact prints is
 * sanitised where it is written, but `show` prints a pact's YAML as
 * stored, and a valid pact may hold a bidi override or a zero-width space
 * in its text (validate warns). Every line passes the sanitiser (TEXT
 * mode) here, pact's own colour escapes (SGR: ESC [ digits m) as they
 * are, so nothing raw reaches a terminal or a pager; redirected to a file
 * or a pipe, output is never filtered and keeps its bytes.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "pact/sanitize.h"
#include "pact/store.h"
#include "pager.h"
#include "wrap.h"

static pid_t filter_pid = -1;

/* core.pager from the git config of the repository around the current
 * directory (global config when there is none); NULL when unset. */
static char *config_pager(void)
{
	char *out = NULL;
	return pact_store_config_get(&out, NULL, "core.pager") == 0 ? out : NULL;
}

static char *choose_pager(void)
{
	const char *env = getenv("PACT_PAGER");
	char *p;
	if (env)
		return strdup(env);
	if ((p = config_pager()) != NULL)
		return p;
	env = getenv("PAGER");
	return strdup(env ? env : "less");
}

static size_t terminal_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	if (cols && atoi(cols) > 0)
		return (size_t)atoi(cols);
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* The length of the SGR escape at s (ESC [ digits and ';' m), else 0. */
static size_t sgr_len(const char *s, size_t n)
{
	size_t i = 2;

	if (n < 3 || s[0] != '\033' || s[1] != '[')
		return 0;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
		i++;
	return i < n && s[i] == 'm' ? i + 1 : 0;
}

static int file_sink(void *payload, const char *s, size_t len)
{
	return fwrite(s, 1, len, payload) == len ? 0 : -1;
}

/* One line of output, wrapped, with nothing raw in it but pact's colour
 * escapes (the head of the file). */
static void put_line(FILE *out, const char *line, size_t n, size_t width)
{
	char *safe = NULL;
	size_t len = 0, i = 0, run = 0, k;
	FILE *m;

	if (n && line[n - 1] == '\r')
		n--; /* a CRLF line end (a pact's YAML may have them) */
	if (!pact_sanitize_needed(line, n, PACT_SANITIZE_TEXT)) {
		cli_wrap_line(out, line, n, width);
		return;
	}
	if (!(m = open_memstream(&safe, &len))) { /* safe, if uncoloured */
		pact_sanitize_write(file_sink, out, line, n, PACT_SANITIZE_TEXT);
		fputc('\n', out);
		return;
	}
	while (i < n) {
		if ((k = sgr_len(line + i, n - i)) == 0) {
			i++;
			continue;
		}
		pact_sanitize_write(file_sink, m, line + run, i - run, PACT_SANITIZE_TEXT);
		fwrite(line + i, 1, k, m);
		i = run = i + k;
	}
	pact_sanitize_write(file_sink, m, line + run, n - run, PACT_SANITIZE_TEXT);
	if (fclose(m) == 0 && safe)
		cli_wrap_line(out, safe, len, width);
	free(safe);
}

/* The child: wrap what pact writes and hand it on. */
static void run_filter(int in_fd, const char *pager, size_t width)
{
	FILE *in = fdopen(in_fd, "r"), *out = stdout;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	signal(SIGPIPE, SIG_DFL);
	if (pager) {
		if (!getenv("LESS"))
			setenv("LESS", "FRX", 1);
		if (!getenv("LV"))
			setenv("LV", "-c", 1);
		out = popen(pager, "w");
		if (!out)
			out = stdout;
	}
	while (in && (n = getline(&line, &cap, in)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		put_line(out, line, (size_t)n, width);
	}
	free(line);
	if (out != stdout)
		pclose(out);
	else
		fflush(out);
	_exit(0);
}

void cli_pager_start(int use_pager)
{
	char *pager = NULL;
	int fds[2];
	size_t width;
	pid_t pid;

	if (!isatty(STDOUT_FILENO))
		return;
	pager = use_pager && !cli_global.no_pager ? choose_pager() : NULL;
	if (pager && (!*pager || !strcmp(pager, "cat"))) {
		free(pager);
		pager = NULL;
	}
	width = terminal_width();
	fflush(stdout);
	if (pipe(fds) != 0)
		goto done;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		goto done;
	}
	if (pid == 0) {
		close(fds[1]);
		run_filter(fds[0], pager, width);
	}
	close(fds[0]);
	if (dup2(fds[1], STDOUT_FILENO) < 0) {
		close(fds[1]);
		goto done;
	}
	close(fds[1]);
	filter_pid = pid;
done:
	free(pager);
}

void cli_pager_finish(void)
{
	if (filter_pid < 0)
		return;
	fflush(stdout);
	close(STDOUT_FILENO); /* the filter sees end of input */
	while (waitpid(filter_pid, NULL, 0) < 0 && errno == EINTR)
		;
	filter_pid = -1;
}
