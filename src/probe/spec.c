// SPDX-License-Identifier: GPL-2.0
/*
 * Probe spec parsing: perf probe's PROBEDEF syntax into struct probe_spec.
 * Everything that ends up in a tracefs line is validated here, so a spec
 * never carries a newline, a ';' or a blank into uprobe_events.
 */
#include "ptool/probe.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/parse.h"

static bool is_ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static bool is_ident(int c)
{
	return isalnum(c) || c == '_';
}

bool probe_name_valid(const char *s)
{
	if (!s || !is_ident_start((unsigned char)*s))
		return false;
	for (s++; *s; s++)
		if (!is_ident((unsigned char)*s))
			return false;
	return true;
}

/* a symbol name as it appears in ELF: identifiers plus '.' (foo.isra.0) */
static bool func_name_valid(const char *s)
{
	if (!s || !is_ident_start((unsigned char)*s))
		return false;
	for (s++; *s; s++)
		if (!is_ident((unsigned char)*s) && *s != '.')
			return false;
	return true;
}

/* a source file name: printable, no blanks, no characters we use as syntax */
static bool file_name_valid(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		unsigned char c = *s;

		if (c <= ' ' || c >= 0x7f || strchr(":;%@=+*?[]\"'\\", c))
			return false;
	}
	return true;
}

static bool type_valid(const char *t)
{
	static const char *const names[] = {
		"string", "ustring", "symbol", "symstr",
	};
	int bits;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(t, names[i]))
			return true;
	/* perf's "u", "s", "x": that signedness, the variable's size */
	if ((t[0] == 'u' || t[0] == 's' || t[0] == 'x') && !t[1])
		return true;
	if ((t[0] == 'u' || t[0] == 's' || t[0] == 'x') &&
	    !parse_int(t + 1, 8, 64, &bits) && t[1] != '0' &&
	    (bits == 8 || bits == 16 || bits == 32 || bits == 64))
		return true;
	return false;
}

static int fail(struct strbuf *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct strbuf *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		strbuf_vaddf(err, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* VAR[->F|.F|[N]]... */
static bool var_expr_valid(const char *s)
{
	if (!is_ident_start((unsigned char)*s))
		return false;
	while (is_ident((unsigned char)*s))
		s++;
	while (*s) {
		if (s[0] == '-' && s[1] == '>') {
			s += 2;
		} else if (*s == '.') {
			s++;
		} else if (*s == '[') {
			s++;
			if (!isdigit((unsigned char)*s))
				return false;
			while (isdigit((unsigned char)*s))
				s++;
			if (*s++ != ']')
				return false;
			continue;
		} else {
			return false;
		}
		if (!is_ident_start((unsigned char)*s))
			return false;
		while (is_ident((unsigned char)*s))
			s++;
	}
	return true;
}

/* a fetch-arg written in tracefs syntax: %reg, +8(%di), @sym, $stack0 */
static bool raw_expr_valid(const char *s)
{
	int depth = 0;

	if (s[0] == '%')
		return probe_name_valid(s + 1);
	if (s[0] == '$') {
		static const char *const specials[] = {
			"$retval", "$params", "$vars", "$comm", "$stack",
		};
		for (size_t i = 0; i < ARRAY_SIZE(specials); i++)
			if (!strcmp(s, specials[i]))
				return true;
		if ((!strncmp(s, "$stack", 6) && isdigit((unsigned char)s[6])) ||
		    (!strncmp(s, "$arg", 4) && isdigit((unsigned char)s[4]))) {
			const char *d = s + (s[1] == 's' ? 6 : 4);

			while (isdigit((unsigned char)*d))
				d++;
			return !*d;
		}
		return false;
	}
	if (s[0] == '@')
		return s[1] && (func_name_valid(s + 1) ||
				(s[1] == '+' && isdigit((unsigned char)s[2])) ||
				isdigit((unsigned char)s[1]));
	if (s[0] != '+' && s[0] != '-')
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char c = *p;

		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth < 0)
				return false;
		} else if (!isalnum(c) && !strchr("+-%_@$", c))
			return false;
	}
	return depth == 0 && strchr(s, '(');
}

static int parse_arg(const char *word, struct probe_arg *arg,
		     struct strbuf *err)
{
	const char *eq, *colon, *expr = word;
	char *var;

	memset(arg, 0, sizeof(*arg));
	eq = strchr(word, '=');
	if (eq) {
		arg->name = xstrndup(word, eq - word);
		if (!probe_name_valid(arg->name))
			return fail(err, "bad argument name '%s' in '%s'",
				    arg->name, word);
		expr = eq + 1;
	}
	colon = strrchr(expr, ':');
	if (colon) {
		arg->type = xstrdup(colon + 1);
		if (!type_valid(arg->type))
			return fail(err, "bad type '%s' in argument '%s'",
				    arg->type, word);
		var = xstrndup(expr, colon - expr);
	} else {
		var = xstrdup(expr);
	}
	arg->var = var;
	if (!*var)
		return fail(err, "empty argument in '%s'", word);
	if (!var_expr_valid(var) && !raw_expr_valid(var))
		return fail(err, "bad argument '%s'", word);
	if (arg->type && (!strcmp(var, "$params") || !strcmp(var, "$vars")))
		return fail(err, "'%s' cannot take a type", var);
	return 0;
}

/* "a.c", "x.cpp": a source file rather than a function like foo.isra.0 */
static bool looks_like_source(const char *p)
{
	static const char *const exts[] = {
		".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".S", ".s",
		".rs", ".go", ".m",
	};
	const char *dot = strrchr(p, '.');

	for (size_t i = 0; dot && i < ARRAY_SIZE(exts); i++)
		if (!strcmp(dot, exts[i]))
			return true;
	return false;
}

static int parse_point(const char *word, struct probe_spec *s,
		       struct strbuf *err)
{
	char *buf = xstrdup(word), *p = buf, *q;
	int ret = -EINVAL;

	/* FUNC;PATTERN: the pattern may hold '=' ("schedule;rq=*") */
	q = strchr(p, ';');
	if (q) {
		*q++ = '\0';
		if (!*q) {
			fail(err, "empty line pattern after ';' in '%s'", word);
			goto out;
		}
		s->lazy = xstrdup(q);
	}
	q = strchr(p, '=');
	if (q) {
		char *name = p, *colon;

		*q = '\0';
		p = q + 1;
		colon = strchr(name, ':');
		if (colon) {
			*colon = '\0';
			s->group = xstrdup(name);
			if (!probe_name_valid(s->group)) {
				fail(err, "bad group name '%s'", s->group);
				goto out;
			}
			name = colon + 1;
		}
		s->event = xstrdup(name);
		if (!probe_name_valid(s->event)) {
			fail(err, "bad event name '%s'", s->event);
			goto out;
		}
	}
	if (!*p) {
		fail(err, "missing probe point in '%s'", word);
		goto out;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		/* 0xADDR: perf's absolute address */
		if (s->lazy) {
			fail(err, "a line pattern needs a function or file");
			goto out;
		}
		if (!isxdigit((unsigned char)p[2]) || parse_u64(p, &s->addr)) {
			fail(err, "bad address '%s'", p);
			goto out;
		}
		s->has_addr = true;
		ret = 0;
		goto out;
	}
	q = strchr(p, '%');
	if (q) {
		if (strcmp(q, "%return")) {
			fail(err, "bad suffix '%s' (only %%return)", q);
			goto out;
		}
		*q = '\0';
		s->ret = true;
	}
	q = strchr(p, '+');
	if (q) {
		*q++ = '\0';
		if (!isdigit((unsigned char)*q) || parse_u64(q, &s->offset)) {
			fail(err, "bad offset '%s'", q);
			goto out;
		}
		s->has_offset = true;
	}
	q = strrchr(p, ':');
	if (q) {
		int line;

		*q++ = '\0';
		if (!isdigit((unsigned char)*q) ||
		    parse_int(q, 0, 1000000000, &line)) {
			fail(err, "bad line number '%s'", q);
			goto out;
		}
		s->line = line;
	}
	q = strchr(p, '@');
	if (q) {
		*q++ = '\0';
		if (!file_name_valid(q)) {
			fail(err, "bad source file name '%s'", q);
			goto out;
		}
		s->file = xstrdup(q);
	}
	if (!*p) {
		fail(err, "missing function or file in '%s'", word);
		goto out;
	}
	if (!s->file && (strchr(p, '/') || looks_like_source(p) ||
			 (strchr(p, '.') && (s->line >= 0 || s->lazy)))) {
		/* SRC:LINE or SRC;PATTERN */
		if (!file_name_valid(p)) {
			fail(err, "bad source file name '%s'", p);
			goto out;
		}
		if (s->line < 0 && !s->lazy) {
			fail(err, "a source file needs a line: '%s'", word);
			goto out;
		}
		s->file = xstrdup(p);
	} else {
		if (!func_name_valid(p)) {
			fail(err, "bad function name '%s'", p);
			goto out;
		}
		s->func = xstrdup(p);
	}
	if (s->ret && (s->line >= 0 || s->has_offset)) {
		fail(err, "%%return cannot be combined with a line or offset");
		goto out;
	}
	if (s->lazy && (s->ret || s->has_offset || s->line >= 0)) {
		fail(err, "a line pattern (;) cannot be combined with a line, "
		     "offset or %%return");
		goto out;
	}
	if (s->has_offset && s->line >= 0) {
		fail(err, "a probe takes a line or an offset, not both");
		goto out;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

static int parse_spec(const char *str, struct probe_spec *s,
		      struct strbuf *err)
{
	const char *p = str, *w;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	s->line = -1;
	for (const char *c = str; *c; c++) {
		if (*c == '\n' || *c == '\r')
			return fail(err, "newline in probe spec");
		if ((unsigned char)*c < ' ' && *c != '\t')
			return fail(err, "control character in probe spec");
		if ((unsigned char)*c >= 0x7f)
			return fail(err, "non-ASCII character in probe spec");
	}
	s->text = xstrdup(str);
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return fail(err, "empty probe spec");
	for (bool first = true; *p; first = false) {
		char *word;

		w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		word = xstrndup(w, p - w);
		if (first) {
			ret = parse_point(word, s, err);
		} else {
			ALLOC_GROW(s->args, s->nargs + 1, s->nalloc);
			ret = parse_arg(word, &s->args[s->nargs++], err);
		}
		free(word);
		if (ret)
			return ret;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	for (int i = 0; i < s->nargs; i++) {
		const char *v = s->args[i].var;

		if (!strcmp(v, "$retval") && !s->ret)
			return fail(err, "$retval needs a %%return probe");
		/* at the return, the frame the variables lived in is gone */
		if (s->ret && (is_ident_start((unsigned char)v[0]) ||
			       !strcmp(v, "$params") || !strcmp(v, "$vars")))
			return fail(err, "a %%return probe cannot fetch the "
				    "variable '%s' (only $retval and raw "
				    "fetch-args)", v);
	}
	return 0;
}

static int spec_parse(const char *str, struct probe_spec *s,
		      struct strbuf *err);

int probe_spec_parse(const char *str, struct probe_spec *s,
		     struct strbuf *err)
{
	int ret = spec_parse(str, s, err);

	/* nothing to release after a failure */
	if (ret)
		probe_spec_release(s);
	return ret;
}

static int spec_parse(const char *str, struct probe_spec *s,
		      struct strbuf *err)
{
	int ret = parse_spec(str, s, err);

	/* a failed parse owns nothing: free what it got to */
	if (ret)
		probe_spec_release(s);
	return ret;
}

void probe_spec_release(struct probe_spec *s)
{
	for (int i = 0; i < s->nargs; i++) {
		free(s->args[i].name);
		free(s->args[i].var);
		free(s->args[i].type);
	}
	free(s->args);
	free(s->group);
	free(s->event);
	free(s->func);
	free(s->file);
	free(s->lazy);
	free(s->text);
	memset(s, 0, sizeof(*s));
	s->line = -1;
}

bool probe_spec_starts_point(const char *w)
{
	const char *eq = strchr(w, '='), *p = w, *c;

	/* a quoted word with blanks is a whole spec: 'work n' */
	if (strpbrk(w, " \t"))
		return true;
	if (eq) {
		/* NAME=POINT or GROUP:NAME=POINT; NAME=VAR is an argument */
		p = eq + 1;
	}
	if (strstr(p, "%return") || (p[0] == '0' && p[1] == 'x') ||
	    strchr(w, ';'))
		return true;
	c = strchr(p, ':');
	if (c && isdigit((unsigned char)c[1]))
		return true;
	if (is_ident_start((unsigned char)*p)) {
		const char *q = p;

		while (is_ident((unsigned char)*q) || *q == '.')
			q++;
		if (*q == '+' && isdigit((unsigned char)q[1]))
			return true;
		if (*q == '@')
			return true;
	}
	return false;
}

char *probe_group_for(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *base, *p;

	if (!path)
		return xstrdup("probe");
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	strbuf_addstr(&sb, "probe_");
	for (p = base; *p; p++) {
		if ((*p == '.' || *p == '-') && p != base)
			break;
		strbuf_addch(&sb, is_ident((unsigned char)*p) ? *p : '_');
	}
	return strbuf_detach(&sb, NULL);
}

bool probe_glob_match(const char *pattern, const char *group,
		      const char *event)
{
	const char *colon = strchr(pattern, ':');
	char *gpat;
	bool ok;

	if (!colon)
		return !fnmatch(pattern, event, 0);
	gpat = xstrndup(pattern, colon - pattern);
	ok = !fnmatch(gpat, group, 0) && !fnmatch(colon + 1, event, 0);
	free(gpat);
	return ok;
}

char *probe_printable(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '\n')
			strbuf_addstr(&sb, "\\n");
		else if (c < ' ' || c == 0x7f)
			strbuf_addf(&sb, "\\x%02x", c);
		else
			strbuf_addch(&sb, c);
	}
	return strbuf_detach(&sb, NULL);
}

void probe_spec_where(const struct probe_spec *s, struct strbuf *out)
{
	if (s->has_addr) {
		strbuf_addf(out, "0x%" PRIx64, s->addr);
		return;
	}
	if (s->func)
		strbuf_addstr(out, s->func);
	else
		strbuf_addstr(out, s->file);
	if (s->func && s->file)
		strbuf_addf(out, "@%s", s->file);
	if (s->line >= 0)
		strbuf_addf(out, ":%d", s->line);
	if (s->has_offset)
		strbuf_addf(out, "+%" PRIu64, s->offset);
	if (s->ret)
		strbuf_addstr(out, "%return");
	if (s->lazy)
		strbuf_addf(out, ";%s", s->lazy);
}

void probe_spec_with(const struct probe_spec *s, struct strbuf *out)
{
	for (int i = 0; i < s->nargs; i++) {
		const struct probe_arg *a = &s->args[i];

		if (i)
			strbuf_addch(out, ' ');
		if (a->name) {
			strbuf_addf(out, "%s=", a->name);
		} else if (strpbrk(a->var, ".[-") && a->var[0] != '$' &&
			   a->var[0] != '%' && a->var[0] != '+' &&
			   a->var[0] != '-' && a->var[0] != '@') {
			/* perf shows the derived name: x=p.x, arr=arr[2] */
			const char *last = a->var, *p;

			for (p = a->var; *p; p++)
				if (*p == '.' || (p[0] == '-' && p[1] == '>'))
					last = p + (*p == '.' ? 1 : 2);
			strbuf_add(out, last, strcspn(last, "[.-"));
			strbuf_addch(out, '=');
		}
		strbuf_addstr(out, a->var);
		if (a->type)
			strbuf_addf(out, ":%s", a->type);
	}
}
