/*
 * runcpu.c - CPU time of a command with microsecond resolution, for
 * bench/targets.sh.
 *
 * GNU time prints user and system time with two decimals: a 10 ms step,
 * as large as a whole `pact commit`. This runner fork/execs the command
 * itself and reads the child's rusage from wait4(), whose user + system
 * sum is the scheduler's own runtime in microseconds (Linux splits the
 * exact runtime between the two by its tick samples, so each alone is
 * coarse but their sum is not). Like GNU time, the figures include the
 * command's own children that it waited for (a `sh` loop and everything
 * it ran).
 *
 *   runcpu [-n REPS] [-e CODE]... CMD [ARG...] [:: [-e CODE]... CMD [ARG...]]...
 *
 * Several commands (separated by a `::` argument) are run round-robin,
 * REPS times each (default 3), so a pact command and its baseline share
 * the machine's moods; one line per command on stdout, in order:
 *
 *   CPU_S WALL_S MAXRSS_KB
 *
 * each the median of its REPS runs (CPU = user + system). The command's
 * stdout goes to /dev/null, its stderr to a temporary file that is shown
 * when the command fails: an exit status other than 0 (or one of the -e
 * CODEs written just before that command: `git diff --no-index` exits 1
 * when the files differ, but a pact command that exits 1 refused its input
 * and did a fraction of the work) or a signal stops the runner with
 * status 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 16
#define MAX_OK 8

typedef struct run {
	double cpu, wall, rss;
} run;

typedef struct cmd {
	char **argv;
	run *runs;
	int ok[MAX_OK]; /* the exit statuses that count as success: 0 and -e's */
	int nok;
} cmd;

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void show_stderr(int fd)
{
	char buf[4096];
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, (size_t)n, stderr) != (size_t)n)
			break;
}

/* One run of c's command into *out; 0, or -1 after saying why on stderr. */
static int run_once(const cmd *c, run *out)
{
	char **argv = c->argv;
	char errpath[] = "/tmp/runcpu-XXXXXX";
	int errfd = mkstemp(errpath), status = 0, rc = -1, ok = 0;
	struct rusage ru;
	double t0;
	pid_t pid;

	if (errfd < 0) {
		perror("runcpu: mkstemp");
		return -1;
	}
	unlink(errpath);
	t0 = now();
	pid = fork();
	if (pid < 0) {
		perror("runcpu: fork");
		goto done;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(errfd, 2) < 0)
			_exit(126);
		execvp(argv[0], argv);
		fprintf(stderr, "runcpu: cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("runcpu: wait4");
			goto done;
		}
	out->wall = now() - t0;
	out->cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	out->rss = (double)ru.ru_maxrss;
	for (int i = 0; WIFEXITED(status) && i < c->nok; i++)
		ok |= WEXITSTATUS(status) == c->ok[i];
	if (!ok) {
		fprintf(stderr, "runcpu: failed (%s %d):", WIFEXITED(status) ? "exit" : "signal",
		        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		for (char **a = argv; *a; a++)
			fprintf(stderr, " %s", *a);
		fputc('\n', stderr);
		show_stderr(errfd);
		goto done;
	}
	rc = 0;
done:
	close(errfd);
	return rc;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int usage(void)
{
	fputs("usage: runcpu [-n REPS] [-e CODE]... CMD [ARG...] "
	      "[:: [-e CODE]... CMD [ARG...]]...\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	cmd cmds[MAX_CMDS] = {{0}};
	int reps = 3, ncmds = 0, i = 1, status = 1;
	double *v = NULL;

	for (; i + 1 < argc && !strcmp(argv[i], "-n"); i += 2)
		reps = atoi(argv[i + 1]);
	if (i >= argc || reps < 1)
		return usage();
	/* split the rest at "::" (the argument vector itself is cut there);
	 * each command's own -e codes come first */
	while (i < argc && ncmds < MAX_CMDS) {
		cmd *c = &cmds[ncmds];
		c->nok = 1; /* ok[0] = 0 */
		for (; i + 1 < argc && !strcmp(argv[i], "-e"); i += 2) {
			if (c->nok >= MAX_OK)
				return usage();
			c->ok[c->nok++] = atoi(argv[i + 1]);
		}
		if (i < argc && argv[i][0] == '-')
			return usage();
		c->argv = argv + i;
		while (i < argc && strcmp(argv[i], "::"))
			i++;
		if (i < argc)
			argv[i++] = NULL;
		if (!cmds[ncmds].argv[0])
			return usage();
		ncmds++;
	}
	if (i < argc)
		return usage();
	for (int c = 0; c < ncmds; c++)
		if (!(cmds[c].runs = calloc((size_t)reps, sizeof(run))))
			goto done;
	if (!(v = calloc((size_t)reps, sizeof(*v))))
		goto done;
	for (int r = 0; r < reps; r++)
		for (int c = 0; c < ncmds; c++)
			if (run_once(&cmds[c], &cmds[c].runs[r]) < 0)
				goto done;
	for (int c = 0; c < ncmds; c++) {
		double cpu, wall;
		for (int r = 0; r < reps; r++)
			v[r] = cmds[c].runs[r].cpu;
		cpu = median(v, reps);
		for (int r = 0; r < reps; r++)
			v[r] = cmds[c].runs[r].wall;
		wall = median(v, reps);
		for (int r = 0; r < reps; r++)
			v[r] = cmds[c].runs[r].rss;
		printf("%.6f %.6f %.0f\n", cpu, wall, median(v, reps));
	}
	status = 0;
done:
	for (int c = 0; c < ncmds; c++)
		free(cmds[c].runs);
	free(v);
	return status;
}
