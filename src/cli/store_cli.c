/*
 * store_cli.c - small output helpers the store's commands share:
 * git-style dates, the warning for a push that skips the
 * server's hook, and a progress line that appears only on a
 * terminal (a script reading stderr must not get carriage returns).
 */
#include "store_cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "pact/store.h"

static void local_tm(struct tm *tm, int64_t t, int offset_min)
{
	time_t tt = (time_t)(t + (int64_t)offset_min * 60);
	gmtime_r(&tt, tm);
}

void cli_format_date_git(char *buf, size_t n, int64_t t, int offset_min)
{
	static const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	int off = offset_min < 0 ? -offset_min : offset_min;
	local_tm(&tm, t, offset_min);
	snprintf(buf, n, "%s %s %d %02d:%02d:%02d %d %c%02d%02d", days[tm.tm_wday % 7],
	         months[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	         tm.tm_year + 1900, offset_min < 0 ? '-' : '+', off / 60, off % 60);
}

void cli_format_date_iso(char *buf, size_t n, int64_t t, int offset_min)
{
	struct tm tm;
	int off = offset_min < 0 ? -offset_min : offset_min;
	local_tm(&tm, t, offset_min);
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	         offset_min < 0 ? '-' : '+', off / 60, off % 60);
}

/* One line per stage, redrawn in place ("\r") as it advances, as git
 * does; a repeated report is not drawn again and a new stage starts on a
 * new line, so the finished line of each stage stays readable. */
static int progress_drawn;
static char progress_stage[32];
static size_t progress_done, progress_total;

int cli_progress(const char *stage, size_t done, size_t total, void *payload)
{
	(void)payload;
	if (!isatty(STDERR_FILENO))
		return 0;
	if (progress_drawn && !strcmp(stage, progress_stage) && done == progress_done &&
	    total == progress_total)
		return 0;
	if (progress_drawn && strcmp(stage, progress_stage))
		fputc('\n', stderr);
	if (total)
		fprintf(stderr, "\r%s: %3zu%% (%zu/%zu)", stage, done * 100 / total, done, total);
	else
		fprintf(stderr, "\r%s: %zu", stage, done);
	snprintf(progress_stage, sizeof(progress_stage), "%s", stage);
	progress_done = done;
	progress_total = total;
	progress_drawn = 1;
	return 0;
}

void cli_progress_end(void)
{
	if (progress_drawn)
		fputc('\n', stderr);
	progress_drawn = 0;
	progress_stage[0] = '\0';
}

int cli_is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int cli_parse_year(int *out, const char *s)
{
	char *end = NULL;
	long y = s ? strtol(s, &end, 10) : 0;
	if (!s || !*s || *end || y < 1000 || y > 9999)
		return -1;
	*out = (int)y;
	return 0;
}

void cli_warn_push_skips_hooks(struct pact_store *store, const char *remote)
{
	char *url = NULL;
	int skipped = 0;
	if (pact_store_remote_skips_hooks(&skipped, &url, store, remote) == 0 && skipped)
		cli_warning(_("'%s' is a local path: its pre-receive hook does not run for pushes "
		              "made by pact; use git push or an ssh/https remote so the server "
		              "checks them"),
		            url);
	free(url);
}

void cli_warn_recovered(const struct pact_store *store)
{
	int what = pact_store_recovered(store);
	if (what == PACT_RECOVERED_FINISHED)
		cli_warning(_("finished a commit, pull or branch switch that was interrupted after "
		              "the branch moved: the work tree and index now match it"));
	else if (what == PACT_RECOVERED_UNDONE)
		cli_warning(
		        _("undid a commit, pull or branch switch that was interrupted before the "
		          "branch moved: the work tree and index are as they were"));
}
