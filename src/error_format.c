/*
 * error_format.c - the one place where outside text enters a library message.
 *
 * A message is a format of our own (an msgid or its translation) filled in
 * with arguments, and any %s or %c argument may come from outside: a
 * revision or a path a caller passed, a YAML key a file holds, libgit2's
 * message quoting either. Each such argument is written through the one
 * sanitiser (pact/sanitize.h, MESSAGE mode), so no message holds a C0 or
 * C1 control (TAB and LF included), DEL, a bidi or other format character
 * or bytes that are not UTF-8, whoever prints it. The sanitiser leaves a
 * backslash
 * alone, so a message quoting an earlier message (already safe) comes out
 * unchanged, and the CLI's own escaping on print changes nothing: a '\' is
 * shown once. An argument is bounded too (share()), so a megabyte revision
 * still gives a message that ends with its advice.
 *
 * The format is parsed here rather than handed to vsnprintf whole, so that
 * each argument can be fetched and then written its own way; positional
 * arguments ("%2$04d ... %1$s", which translations use to reorder words)
 * are supported. A format this parser does not know (a wide string, %n) is
 * formatted by vsnprintf and the whole result sanitised. Nothing
 * allocates: the out-of-memory message goes through here too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "error_internal.h"
#include "pact/sanitize.h"

/* An argument gets its share of the room the message has left: the
 * buffer less what is written, less the rest of the format (the advice at
 * the end must survive), split evenly with the text arguments still to
 * come. One that does not fit keeps its first two thirds and its end
 * around an ellipsis: a name that long is hostile or a mistake, and its
 * start and end identify it. A message that is one argument ("%s", a
 * finished message passed on) gets the whole buffer. */
#define ELLIPSIS "\xe2\x80\xa6" /* U+2026 */

/* Conversions per format and arguments per format: the longest message
 * has 6 of each. */
#define MAX_SPECS 32
#define MAX_ARGS 16

typedef enum {
	T_NONE,
	T_INT,
	T_LONG,
	T_LLONG,
	T_SIZE,
	T_INTMAX,
	T_PTRDIFF,
	T_DOUBLE,
	T_LDOUBLE,
	T_STR,
	T_PTR
} arg_type;

typedef struct {
	arg_type type;
	union {
		int i;
		long l;
		long long ll;
		size_t z;
		intmax_t j;
		ptrdiff_t t;
		double d;
		long double ld;
		const char *s;
		void *p;
	} v;
} arg;

typedef struct {
	const char *start, *end; /* the conversion as written, '%' to its letter */
	int pos;                 /* the argument converted (0-based) */
	int width_pos, prec_pos; /* the argument a '*' takes, or -1 */
	int width, prec;         /* written in the format; -1 when absent */
	char flags[8], length[3], conv;
} spec;

/* ---- the output: bounded, never cut inside a character or an escape ---- */

typedef struct {
	char *buf;
	size_t size, len;
	int full; /* something did not fit: write nothing more */
} out_t;

/* Append s[0..n). When it does not fit, a piece that is one escape ("\e",
 * "\u202e") is dropped whole and other text is cut at a character
 * boundary (what reaches here is UTF-8: the sanitiser escaped the rest). */
static void put(out_t *o, const char *s, size_t n)
{
	size_t room = o->size - 1 - o->len, k = n;

	if (o->full)
		return;
	if (n > room) {
		o->full = 1;
		k = s[0] == '\\' && n <= 10 ? 0 : room;
		while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
	}
	memcpy(o->buf + o->len, s, k);
	o->len += k;
	o->buf[o->len] = '\0';
}

static int put_sink(void *payload, const char *s, size_t n)
{
	out_t *o = payload;
	put(o, s, n);
	return o->full;
}

static int count_sink(void *payload, const char *s, size_t n)
{
	(void)s;
	*(size_t *)payload += n;
	return 0;
}

static size_t shown_len(const char *s, size_t n)
{
	size_t total = 0;
	pact_sanitize_write(count_sink, &total, s, n, PACT_SANITIZE_MESSAGE);
	return total;
}

/* The longest start (from_end: end) of s[0..n) shown in at most `limit`
 * bytes, in raw bytes, not splitting a well-formed character. */
static size_t fit(const char *s, size_t n, size_t limit, int from_end)
{
	size_t k = n < limit ? n : limit, shown, next;

	for (;;) {
		/* the piece kept starts (from_end) or ends (else) at the first
		 * byte of a character: never half a well-formed one */
		for (int i = 0; i < 3 && k > 0 && k < n; i++) {
			unsigned char c = (unsigned char)(from_end ? s[n - k] : s[k]);
			if ((c & 0xC0) != 0x80)
				break;
			k--;
		}
		shown = shown_len(from_end ? s + n - k : s, k);
		if (shown <= limit || k == 0)
			return k;
		next = k * limit / shown;
		k = next < k ? next : k - 1;
	}
}

static void put_arg(out_t *o, const char *s, size_t n, size_t max)
{
	size_t head = max / 3 * 2, tail = max - head, h, t;

	if (shown_len(s, n) <= max) {
		pact_sanitize_write(put_sink, o, s, n, PACT_SANITIZE_MESSAGE);
		return;
	}
	tail = tail > sizeof(ELLIPSIS) - 1 ? tail - (sizeof(ELLIPSIS) - 1) : 0;
	h = fit(s, n, head, 0);
	t = fit(s, n, tail, 1);
	if (t > n - h)
		t = n - h;
	pact_sanitize_write(put_sink, o, s, h, PACT_SANITIZE_MESSAGE);
	put(o, ELLIPSIS, sizeof(ELLIPSIS) - 1);
	pact_sanitize_write(put_sink, o, s + n - t, t, PACT_SANITIZE_MESSAGE);
}

/* The bytes the text argument of conversion sp shows in, unbounded. */
static size_t text_len(const spec *sp, const arg *args)
{
	int prec = sp->prec_pos >= 0 ? args[sp->prec_pos].v.i : sp->prec;
	const char *s = args[sp->pos].v.s;
	char c = (char)args[sp->pos].v.i;

	if (sp->conv == 'c')
		return shown_len(&c, 1);
	if (!s)
		return 6;
	return shown_len(s, prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s));
}

/* The share of the room left that conversion i of n may fill: the room
 * less the rest of the format, less what the text arguments after it need
 * (each at most an even share). */
static size_t share(const out_t *o, const spec *specs, const arg *args, int i, int n)
{
	size_t used = o->len + 1 + strlen(specs[i].end), room, even, reserve = 0, later = 0;

	if (used >= o->size)
		return 0;
	room = o->size - used;
	for (int j = i + 1; j < n; j++)
		later += strchr("sc", specs[j].conv) != NULL;
	even = room / (1 + later);
	for (int j = i + 1; j < n; j++)
		if (strchr("sc", specs[j].conv)) {
			size_t need = text_len(&specs[j], args);
			reserve += need < even ? need : even;
		}
	return reserve < room ? room - reserve : 0;
}

/* An earlier message quoted whole: already safe, and its line breaks are
 * the library's own ("\nremote: ..."), so it goes in as it is; when too
 * long, its start is kept (a cause reads from the front). */
static void put_earlier(out_t *o, const char *s, size_t max)
{
	size_t n = strlen(s), k;

	if (n <= max) {
		put(o, s, n);
		return;
	}
	k = max > sizeof(ELLIPSIS) - 1 ? max - (sizeof(ELLIPSIS) - 1) : 0;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	put(o, s, k);
	put(o, ELLIPSIS, sizeof(ELLIPSIS) - 1);
}

/* ---- parsing the format --------------------------------------------- */

static int digits(const char **p)
{
	int n = 0;
	while (**p >= '0' && **p <= '9') {
		if (n < 100000)
			n = n * 10 + (**p - '0');
		(*p)++;
	}
	return n;
}

/* "n$" after a '%' or a '*': the 0-based argument, or -1 when absent. */
static int position(const char **p)
{
	const char *q = *p;
	int n;

	if (*q < '1' || *q > '9')
		return -1;
	n = digits(&q);
	if (*q != '$')
		return -1;
	*p = q + 1;
	return n - 1;
}

static arg_type type_of(const spec *sp)
{
	const char *l = sp->length;

	switch (sp->conv) {
	case 'd':
	case 'i':
	case 'o':
	case 'u':
	case 'x':
	case 'X':
		if (!strcmp(l, "l"))
			return T_LONG;
		if (!strcmp(l, "ll"))
			return T_LLONG;
		if (!strcmp(l, "z"))
			return T_SIZE;
		if (!strcmp(l, "j"))
			return T_INTMAX;
		if (!strcmp(l, "t"))
			return T_PTRDIFF;
		return strcmp(l, "L") ? T_INT : T_NONE;
	case 'c':
		return l[0] ? T_NONE : T_INT;
	case 's':
		return l[0] ? T_NONE : T_STR;
	case 'p':
		return l[0] ? T_NONE : T_PTR;
	case 'f':
	case 'F':
	case 'e':
	case 'E':
	case 'g':
	case 'G':
	case 'a':
	case 'A':
		return !strcmp(l, "L") ? T_LDOUBLE : l[0] ? T_NONE : T_DOUBLE;
	default:
		return T_NONE;
	}
}

/* Claim argument `pos` as `t`; 0 when it was claimed as another type. */
static int claim(arg *args, int pos, arg_type t)
{
	if (pos < 0 || pos >= MAX_ARGS || t == T_NONE)
		return 0;
	if (args[pos].type != T_NONE && args[pos].type != t)
		return 0;
	args[pos].type = t;
	return 1;
}

/* One conversion at *p (just after '%'); *seq counts arguments taken in
 * order, *mode is 0 until known, then 1 (in order) or 2 (positional).
 * 0 when the conversion is one this parser does not handle. */
static int parse_spec(spec *sp, const char **p, int *seq, int *mode, arg *args)
{
	const char *q = *p;
	size_t nf = 0;
	int want;

	sp->pos = position(&q);
	want = sp->pos >= 0 ? 2 : 1;
	if (*mode && *mode != want)
		return 0;
	*mode = want;
	while (*q && strchr("-+ #0", *q) && nf + 1 < sizeof(sp->flags))
		sp->flags[nf++] = *q++;
	sp->flags[nf] = '\0';
	sp->width = sp->prec = sp->width_pos = sp->prec_pos = -1;
	if (*q == '*') {
		q++;
		sp->width_pos = *mode == 2 ? position(&q) : (*seq)++;
		if (sp->width_pos < 0 || !claim(args, sp->width_pos, T_INT))
			return 0;
	} else if (*q >= '0' && *q <= '9') {
		sp->width = digits(&q);
	}
	if (*q == '.') {
		q++;
		if (*q == '*') {
			q++;
			sp->prec_pos = *mode == 2 ? position(&q) : (*seq)++;
			if (sp->prec_pos < 0 || !claim(args, sp->prec_pos, T_INT))
				return 0;
		} else {
			sp->prec = digits(&q);
		}
	}
	nf = 0;
	while (*q && strchr("hlLzjt", *q) && nf + 1 < sizeof(sp->length))
		sp->length[nf++] = *q++;
	sp->length[nf] = '\0';
	if (strchr("hlLzjt", *q))
		return 0;
	sp->conv = *q;
	if (!sp->conv)
		return 0;
	sp->end = q + 1;
	if (sp->pos < 0)
		sp->pos = (*seq)++;
	if (!claim(args, sp->pos, type_of(sp)))
		return 0;
	*p = sp->end;
	return 1;
}

/* Parse every conversion of fmt into specs[] and the types of args[];
 * the number of conversions, or -1 for a format left to vsnprintf. */
static int parse(const char *fmt, spec *specs, arg *args, int *nargs)
{
	int n = 0, seq = 0, mode = 0;

	*nargs = 0;
	for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
		if (p[1] == '%') {
			p += 2;
			continue;
		}
		if (n == MAX_SPECS)
			return -1;
		memset(&specs[n], 0, sizeof(specs[n]));
		specs[n].start = p++;
		if (!parse_spec(&specs[n], &p, &seq, &mode, args))
			return -1;
		if (specs[n].pos + 1 > *nargs)
			*nargs = specs[n].pos + 1;
		if (specs[n].width_pos + 1 > *nargs)
			*nargs = specs[n].width_pos + 1;
		if (specs[n].prec_pos + 1 > *nargs)
			*nargs = specs[n].prec_pos + 1;
		n++;
	}
	for (int i = 0; i < *nargs; i++)
		if (args[i].type == T_NONE) /* a gap: its type is unknown */
			return -1;
	return n;
}

static void fetch(arg *args, int nargs, va_list ap)
{
	for (int i = 0; i < nargs; i++) {
		switch (args[i].type) {
		case T_INT:
			args[i].v.i = va_arg(ap, int);
			break;
		case T_LONG:
			args[i].v.l = va_arg(ap, long);
			break;
		case T_LLONG:
			args[i].v.ll = va_arg(ap, long long);
			break;
		case T_SIZE:
			args[i].v.z = va_arg(ap, size_t);
			break;
		case T_INTMAX:
			args[i].v.j = va_arg(ap, intmax_t);
			break;
		case T_PTRDIFF:
			args[i].v.t = va_arg(ap, ptrdiff_t);
			break;
		case T_DOUBLE:
			args[i].v.d = va_arg(ap, double);
			break;
		case T_LDOUBLE:
			args[i].v.ld = va_arg(ap, long double);
			break;
		case T_STR:
			args[i].v.s = va_arg(ap, const char *);
			break;
		case T_PTR:
			args[i].v.p = va_arg(ap, void *);
			break;
		case T_NONE:
			break;
		}
	}
}

/* ---- writing -------------------------------------------------------- */

/* A number, through snprintf with the conversion rewritten in order
 * ('*' and "n$" replaced by the values). */
static void put_number(out_t *o, const spec *sp, const arg *args)
{
	char f[48], piece[512];
	int width = sp->width_pos >= 0 ? args[sp->width_pos].v.i : sp->width;
	int prec = sp->prec_pos >= 0 ? args[sp->prec_pos].v.i : sp->prec;
	const arg *a = &args[sp->pos];
	int n = snprintf(f, sizeof(f), "%%%s%s", sp->flags,
	                 width < 0 && sp->width_pos >= 0 ? "-" : "");
	int u = strchr("ouxX", sp->conv) != NULL;

	if (width != -1 || sp->width_pos >= 0)
		n += snprintf(f + n, sizeof(f) - (size_t)n, "%d", width < 0 ? -width : width);
	if (prec >= 0)
		n += snprintf(f + n, sizeof(f) - (size_t)n, ".%d", prec);
	snprintf(f + n, sizeof(f) - (size_t)n, "%s%c", sp->length, sp->conv);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
	switch (a->type) {
	case T_INT:
		if (u)
			snprintf(piece, sizeof(piece), f, (unsigned)a->v.i);
		else
			snprintf(piece, sizeof(piece), f, a->v.i);
		break;
	case T_LONG:
		if (u)
			snprintf(piece, sizeof(piece), f, (unsigned long)a->v.l);
		else
			snprintf(piece, sizeof(piece), f, a->v.l);
		break;
	case T_LLONG:
		if (u)
			snprintf(piece, sizeof(piece), f, (unsigned long long)a->v.ll);
		else
			snprintf(piece, sizeof(piece), f, a->v.ll);
		break;
	case T_SIZE:
		snprintf(piece, sizeof(piece), f, a->v.z);
		break;
	case T_INTMAX:
		snprintf(piece, sizeof(piece), f, a->v.j);
		break;
	case T_PTRDIFF:
		snprintf(piece, sizeof(piece), f, a->v.t);
		break;
	case T_DOUBLE:
		snprintf(piece, sizeof(piece), f, a->v.d);
		break;
	case T_LDOUBLE:
		snprintf(piece, sizeof(piece), f, a->v.ld);
		break;
	case T_PTR:
		snprintf(piece, sizeof(piece), f, a->v.p);
		break;
	default:
		piece[0] = '\0';
	}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
	put(o, piece, strlen(piece));
}

/* A string or character argument: outside text, shown sanitised in at
 * most `max` bytes. The width of a %s is ignored (no message pads one). */
static void put_text(out_t *o, const spec *sp, const arg *args, size_t max)
{
	int prec = sp->prec_pos >= 0 ? args[sp->prec_pos].v.i : sp->prec;
	const arg *a = &args[sp->pos];
	char c;

	if (sp->conv == 'c') {
		c = (char)a->v.i;
		put_arg(o, &c, 1, max);
		return;
	}
	if (!a->v.s) {
		put(o, "(null)", 6);
		return;
	}
	if (prec < 0 && pact_error__is_last(a->v.s)) {
		put_earlier(o, a->v.s, max);
		return;
	}
	put_arg(o, a->v.s, prec >= 0 ? strnlen(a->v.s, (size_t)prec) : strlen(a->v.s), max);
}

size_t pact_error__vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	spec specs[MAX_SPECS];
	arg args[MAX_ARGS];
	out_t o = {buf, size, 0, 0};
	int nargs = 0, n;
	const char *p = fmt;

	if (!size)
		return 0;
	buf[0] = '\0';
	memset(args, 0, sizeof(args));
	if ((n = parse(fmt, specs, args, &nargs)) < 0) {
		char whole[PACT_ERROR__MESSAGE_MAX];
		vsnprintf(whole, sizeof(whole), fmt, ap);
		pact_sanitize_write(put_sink, &o, whole, strlen(whole), PACT_SANITIZE_MESSAGE);
		return o.len;
	}
	fetch(args, nargs, ap);
	for (int i = 0; i <= n && !o.full; i++) {
		/* the literal text up to the next conversion, "%%" as '%' */
		const char *stop = i < n ? specs[i].start : p + strlen(p);
		while (p < stop) {
			const char *pc = memchr(p, '%', (size_t)(stop - p));
			const char *e = pc ? pc : stop;
			put(&o, p, (size_t)(e - p));
			if (!pc)
				break;
			put(&o, "%", 1);
			p = pc + 2;
		}
		if (i == n)
			break;
		if (strchr("sc", specs[i].conv))
			put_text(&o, &specs[i], args, share(&o, specs, args, i, n));
		else
			put_number(&o, &specs[i], args);
		p = specs[i].end;
	}
	return o.len;
}
