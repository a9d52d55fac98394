/*
 * man.c - `pact __man`: the pact(1) manual page, written in roff from the
 * same option tables as --help (opts.h), so the page lists every command,
 * sub-command and option there is. `make` runs it into build/pact.1 and
 * `make install` installs that.
 *
 * Text is escaped for roff: backslashes, a leading '.' or '\'', '-' as
 * \- (a real hyphen-minus, so options can be searched and copied), and
 * every non-ASCII character as \[uXXXX], which groff renders on any
 * terminal and in any locale ("Điều" becomes \[u0110]i\[u1EC1]u).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"

/* Write s[0..len) escaped for roff; at_line_start: s begins a line. */
static void roff_n(FILE *f, const char *s, size_t len, int at_line_start)
{
	size_t i = 0;
	if (at_line_start && len && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", f);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\') {
			fputs("\\e", f);
		} else if (c == '-') {
			fputs("\\-", f);
		} else if (c >= 0x80) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
			                                      (utf8proc_ssize_t)(len - i), &cp);
			if (n > 0) {
				fprintf(f, "\\[u%04X]", (unsigned)cp);
				i += (size_t)n;
				continue;
			}
			fputc('?', f);
		} else {
			fputc(c, f);
		}
		i++;
	}
}

static void roff(FILE *f, const char *s)
{
	roff_n(f, s, strlen(s), 1);
}

/* Paragraph text: each source line a roff line; blank lines new paragraphs. */
static void roff_text(FILE *f, const char *text)
{
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, "\n");
		if (n == 0)
			fputs(".PP\n", f);
		else {
			roff_n(f, p, n, 1);
			fputc('\n', f);
		}
		p += n + (p[n] == '\n');
	}
}

/* Options as a .TP list; help texts in the process's language when tr. */
static void man_options_tr(FILE *f, const cli_opt *opts, int tr)
{
	for (const cli_opt *o = opts; o && o->kind != CLI_OPT_END; o++) {
		const char *arg = o->kind == CLI_OPT_CHOICE ? o->choices
		                  : o->argname              ? _(o->argname)
		                                            : NULL;
		if (o->flags & CLI_OPT_HIDDEN)
			continue;
		fputs(".TP\n", f);
		if (o->short_name) {
			fprintf(f, "\\fB\\-%c\\fR", o->short_name);
			if (o->long_name)
				fputs(", ", f);
		}
		if (o->long_name) {
			fputs("\\fB\\-\\-", f);
			roff_n(f, o->long_name, strlen(o->long_name), 0);
			fputs("\\fR", f);
		}
		if (arg && o->kind != CLI_OPT_FLAG && o->kind != CLI_OPT_REST) {
			fputs(o->long_name ? "=\\fI" : " \\fI", f);
			roff_n(f, arg, strlen(arg), 0);
			fputs("\\fR", f);
		}
		fputc('\n', f);
		roff(f, tr ? _(o->help) : o->help);
		fputc('\n', f);
	}
}

static void man_options(FILE *f, const cli_opt *opts)
{
	man_options_tr(f, opts, 0);
}

static void man_command(FILE *f, const cli_cmd *c, const char *heading)
{
	fprintf(f, ".%s ", heading);
	roff(f, c->name);
	fputc('\n', f);
	/* left-aligned: a synopsis line too long for the page wraps without
	 * groff spreading its words apart */
	fputs(".ad l\n", f);
	for (const char *p = c->usage ? _(c->usage) : NULL; p && *p;) {
		size_t n = strcspn(p, "\n");
		fputs(*p == ' ' ? ".br\n\\ \\ \\ \\ \\ " : ".br\n\\fBpact\\fR ", f);
		roff_n(f, p, n, 0);
		fputc('\n', f);
		p += n + (p[n] == '\n');
	}
	fputs(".ad\n", f);
	if (c->about) {
		fputs(".PP\n", f);
		roff_text(f, c->about);
	}
	if (c->opts && c->opts[0].kind != CLI_OPT_END)
		man_options(f, c->opts);
	if (c->example) {
		fputs(".PP\nExample:\n.PP\n.RS 4\n.nf\n", f);
		roff_text(f, c->example);
		fputs(".fi\n.RE\n", f);
	}
	for (size_t i = 0; c->subs && c->subs[i]; i++)
		man_command(f, c->subs[i], "SS");
}

static const char man_head[] =
        ".TH PACT 1 \"2026\" \"pact 0.1.0\" \"User Commands\"\n"
        ".SH NAME\n"
        "pact \\- keep yearly emulation pacts in git and diff them clause by clause\n"
        ".SH SYNOPSIS\n"
        ".B pact\n"
        "[\\fB\\-C\\fR \\fIDIR\\fR] [\\fB\\-\\-version\\fR] [\\fB\\-\\-help\\fR] "
        "\\fICOMMAND\\fR [\\fIARGS\\fR]\n"
        ".SH DESCRIPTION\n"
        ".B pact\n"
        "keeps the yearly emulation pacts (b\\[u1EA3]n giao \\[u01B0]\\[u1EDB]c thi "
        "\\[u0111]ua) of a bloc of agencies as YAML files\n"
        ".I pacts/<year>.yaml\n"
        "(schema pact/1) in a git repository, through libgit2, and shows how each\n"
        "year's commitments differ from the last.\n"
        ".PP\n"
        "Every command takes \\fB\\-\\-help\\fR. Options may come before or after the\n"
        "other arguments; \\fB\\-\\-\\fR ends the options, so a file whose name starts\n"
        "with \\- is still a file.\n"
        ".PP\n"
        "An \\fIaddress\\fR names a pact: a year (\\fI2024\\fR: pacts/2024.yaml at HEAD),\n"
        "\\fIYEAR\\fR@\\fIREV\\fR (REV as git rev\\-parse takes it), or a file path.\n"
        ".SH GLOBAL OPTIONS\n"
        "Before the command; \\fB\\-\\-lang\\fR and \\fB\\-\\-no\\-pager\\fR also among its "
        "arguments.\n";

static const char man_tail[] =
        ".SH ENVIRONMENT\n"
        ".TP\n"
        ".BR GIT_AUTHOR_NAME \", \" GIT_AUTHOR_EMAIL\n"
        "The author of commits and review records when \\fB\\-\\-author\\fR is not given\n"
        "(then git's user.name and user.email).\n"
        ".TP\n"
        ".B NO_COLOR\n"
        "When set, the text diff is not coloured unless \\fB\\-\\-color=always\\fR.\n"
        ".SH FILES\n"
        ".TP\n"
        ".I @DOCDIR@/schema.md\n"
        "every key of pact/1;\n"
        ".TP\n"
        ".I @DOCDIR@/diff.md\n"
        "how pact diff aligns clauses, and what it costs;\n"
        ".TP\n"
        ".I @DOCDIR@/diff\\-json.md\n"
        "the JSON report of pact diff;\n"
        ".TP\n"
        ".I @DOCDIR@/json.md\n"
        "every JSON output of pact (log, show, validate, review) and what they guarantee.\n"
        ".SH SEE ALSO\n"
        ".BR git (1),\n"
        ".BR gitattributes (5),\n";

/* pact(1): every command, sub-command and option, in English. */
static void man_main_page(FILE *f, const char *docdir)
{
	fputs(man_head, f);
	man_options(f, cli_global_opts);
	fputs(".SH COMMANDS\n", f);
	for (size_t i = 0; i < cli_ncommands; i++) {
		const cli_cmd *c = cli_commands[i].spec;
		if (!c) {
			fprintf(f, ".SS %s\n", cli_commands[i].name);
			roff(f, cli_commands[i].summary);
			fputc('\n', f);
			continue;
		}
		man_command(f, c, "SS");
	}
	fputs(".SH EXIT STATUS\n.nf\n", f);
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		if (m) {
			cli_exit_status_table(m);
			fclose(m);
			roff_text(f, buf);
		}
		free(buf);
	}
	fputs(".fi\n", f);
	for (const char *p = man_tail; *p;) {
		const char *at = strstr(p, "@DOCDIR@");
		if (!at) {
			fputs(p, f);
			break;
		}
		fwrite(p, 1, (size_t)(at - p), f);
		roff_n(f, docdir, strlen(docdir), 0);
		p = at + strlen("@DOCDIR@");
	}
	/* the pages of each command */
	for (size_t i = 0; i < cli_ncommands; i++)
		if (cli_commands[i].spec)
			fprintf(f, ".BR pact\\-%s (1)%s\n", cli_commands[i].name,
			        i + 1 < cli_ncommands ? "," : "");
}

/* A section heading of a command's page, in the process's language. */
static void man_sh(FILE *f, const char *title)
{
	fputs(".SH ", f);
	roff_n(f, title, strlen(title), 0);
	fputc('\n', f);
}

/* Upper-case ASCII of "pact-diff" for .TH. */
static void man_upper(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s, f);
}

/* The synopsis lines of c, each starting "pact ". */
static void man_synopsis(FILE *f, const cli_cmd *c)
{
	/* left-aligned: a synopsis line too long for the page wraps without
	 * groff spreading its words apart */
	fputs(".ad l\n", f);
	for (const char *p = c->usage ? _(c->usage) : NULL; p && *p;) {
		size_t n = strcspn(p, "\n");
		fputs(*p == ' ' ? ".br\n\\ \\ \\ \\ \\ " : ".br\n\\fBpact\\fR ", f);
		roff_n(f, p, n, 0);
		fputc('\n', f);
		p += n + (p[n] == '\n');
	}
	fputs(".ad\n", f);
}

/* The body of one command (or sub-command): what it does, its options, an
 * example; a sub-command's under a .SS heading. */
static void man_command_body(FILE *f, const cli_cmd *c, int sub)
{
	if (sub) {
		fputs(".SS ", f);
		roff_n(f, c->name, strlen(c->name), 0);
		fputc('\n', f);
		man_synopsis(f, c);
		fputs(".PP\n", f);
	}
	if (c->about)
		roff_text(f, _(c->about));
	if (c->opts && c->opts[0].kind != CLI_OPT_END) {
		if (!sub)
			man_sh(f, pact_p__(pact_i18n_lang(), "man", "OPTIONS"));
		man_options_tr(f, c->opts, 1);
	}
	if (c->example) {
		if (sub) {
			fputs(".PP\n", f);
			roff_n(f, _("Example:"), strlen(_("Example:")), 1);
			fputc('\n', f);
		} else {
			man_sh(f, pact_p__(pact_i18n_lang(), "man", "EXAMPLE"));
		}
		fputs(".PP\n.RS 4\n.nf\n", f);
		roff_text(f, c->example);
		fputs(".fi\n.RE\n", f);
	}
}

/* pact-NAME(1): one command's page, in the process's language. */
static void man_command_page(FILE *f, const cli_command *cmd, const char *docdir)
{
	const cli_cmd *c = cmd->spec;

	fputs(".TH PACT\\-", f);
	man_upper(f, cmd->name);
	fputs(" 1 \"2026\" \"pact 0.1.0\" \"", f);
	roff_n(f, _("User Commands"), strlen(_("User Commands")), 0);
	fputs("\"\n", f);
	man_sh(f, pact_p__(pact_i18n_lang(), "man", "NAME"));
	fprintf(f, "pact\\-%s \\- ", cmd->name);
	roff_n(f, _(c->summary ? c->summary : cmd->summary),
	       strlen(_(c->summary ? c->summary : cmd->summary)), 0);
	fputc('\n', f);
	man_sh(f, pact_p__(pact_i18n_lang(), "man", "SYNOPSIS"));
	man_synopsis(f, c);
	man_sh(f, pact_p__(pact_i18n_lang(), "man", "DESCRIPTION"));
	man_command_body(f, c, 0);
	if (c->subs && c->subs[0]) {
		man_sh(f, pact_p__(pact_i18n_lang(), "man", "COMMANDS"));
		for (size_t i = 0; c->subs[i]; i++)
			man_command_body(f, c->subs[i], 1);
	}
	man_sh(f, pact_p__(pact_i18n_lang(), "man", "SEE ALSO"));
	fputs(".BR pact (1),\n.BR git (1)\n.PP\n", f);
	roff_n(f, _("The documents of pact:"), strlen(_("The documents of pact:")), 1);
	fputs("\n.IR ", f);
	roff_n(f, docdir, strlen(docdir), 0);
	fputs(" .\n", f);
}

/* pact __man DOCDIR: pact(1) on stdout. pact __man DOCDIR --dir OUT: pact.1
 * and pact-COMMAND.1 for every command into OUT (in the process's
 * language but pact.1, which is English). */
int cli_man_main(int argc, char **argv)
{
	const char *docdir = argc > 1 ? argv[1] : "/usr/local/share/doc/pact";
	const char *out = argc > 3 && !strcmp(argv[2], "--dir") ? argv[3] : NULL;
	int status = EXIT_OK;

	if (!out) {
		man_main_page(stdout, docdir);
		return EXIT_OK;
	}
	for (size_t i = 0; status == EXIT_OK && i <= cli_ncommands; i++) {
		const cli_command *cmd = i < cli_ncommands ? &cli_commands[i] : NULL;
		char path[4096];
		FILE *f;
		int n;

		if (cmd && !cmd->spec)
			continue;
		n = cmd ? snprintf(path, sizeof(path), "%s/pact-%s.1", out, cmd->name)
		        : snprintf(path, sizeof(path), "%s/pact.1", out);
		f = n > 0 && (size_t)n < sizeof(path) ? fopen(path, "w") : NULL;
		if (!f) {
			cli_error(_("cannot write '%s'"), path);
			status = EXIT_FAILURE_;
		} else {
			if (cmd)
				man_command_page(f, cmd, docdir);
			else
				man_main_page(f, docdir);
			if (fclose(f) != 0) {
				cli_error(_("cannot write '%s'"), path);
				status = EXIT_FAILURE_;
			}
		}
	}
	return status;
}
