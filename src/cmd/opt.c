// SPDX-License-Identifier: GPL-2.0
#include "ptool/opt.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/cmd.h"
#include "ptool/msg.h"
#include "ptool/parse.h"
#include "ptool/strbuf.h"

/*
 * getopt_long() reports the index of a long option through longindex and
 * returns val. We give every long option val = LONG_BASE + table index,
 * and --no-<name> LONG_BASE + NEG_BASE + index; short options return
 * their character and are looked up in the table.
 */
#define LONG_BASE 0x10000
#define NEG_BASE  0x8000

void opt_strlist_release(struct opt_strlist *l)
{
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

static bool takes_arg(const struct opt *o)
{
	switch (o->type) {
	case OPT_T_BOOL:
	case OPT_T_INCR:
		return false;
	case OPT_T_CALLBACK:
		return !(o->flags & OPT_NOARG);
	default:
		return true;
	}
}

static void opt_name(const struct opt *o, bool neg, char *buf, size_t len)
{
	if (o->long_name)
		snprintf(buf, len, "--%s%s", neg ? "no-" : "", o->long_name);
	else
		snprintf(buf, len, "-%c", o->short_name);
}

static int bad_value(const struct opt *o, const char *arg, int err)
{
	char name[64];

	opt_name(o, false, name, sizeof(name));
	if (err == -ERANGE)
		pr_err("value '%s' for option '%s' is out of range", arg, name);
	else
		pr_err("invalid value '%s' for option '%s'", arg, name);
	return OPT_ERR;
}

static int apply(const struct opt *o, const char *arg, bool unset)
{
	int err = 0;

	switch (o->type) {
	case OPT_T_BOOL:
		*(bool *)o->value = !unset;
		return 0;
	case OPT_T_INCR:
		(*(int *)o->value)++;
		return 0;
	case OPT_T_INT:
		err = parse_int(arg, INT_MIN, INT_MAX, (int *)o->value);
		break;
	case OPT_T_UINT: {
		int64_t v;

		err = parse_s64(arg, &v);
		if (!err && (v < 0 || v > UINT_MAX))
			err = -ERANGE;
		if (!err)
			*(unsigned int *)o->value = (unsigned int)v;
		break;
	}
	case OPT_T_U64:
		err = parse_u64(arg, (uint64_t *)o->value);
		break;
	case OPT_T_DOUBLE:
		err = parse_double(arg, (double *)o->value);
		break;
	case OPT_T_STR:
		*(const char **)o->value = unset ? NULL : arg;
		return 0;
	case OPT_T_STRLIST: {
		struct opt_strlist *l = o->value;

		if (unset) {
			l->nr = 0;
			return 0;
		}
		ALLOC_GROW(l->v, l->nr + 1, l->alloc);
		l->v[l->nr++] = arg;
		return 0;
	}
	case OPT_T_CALLBACK:
		/* OPT_HELP: the callback printed what was asked (a list) */
		err = o->cb(o, arg, unset);
		return err == OPT_HELP ? OPT_HELP : err ? OPT_ERR : 0;
	default:
		return 0;
	}
	if (err)
		return bad_value(o, arg, err);
	return 0;
}

static bool negatable(const struct opt *o)
{
	if (!o->long_name || (o->flags & OPT_NONEG))
		return false;
	return o->type == OPT_T_BOOL || o->type == OPT_T_STR ||
	       o->type == OPT_T_STRLIST ||
	       (o->type == OPT_T_CALLBACK && (o->flags & OPT_NOARG));
}

int opt_exit_status(int ret)
{
	return ret == OPT_HELP ? PTOOL_EXIT_OK : PTOOL_EXIT_USAGE;
}

/* getopt_long()'s view of an option table */
struct gtables {
	struct option *lopts;
	size_t nl, alloc;
	struct strbuf shorts;
	int nopts;
};

static struct option *next_long(struct gtables *t)
{
	ALLOC_GROW(t->lopts, t->nl + 2, t->alloc);
	return &t->lopts[t->nl++];
}

/* the short option string and the long options (with --no-NAME) of @opts */
static void build_tables(const struct opt *opts, unsigned int flags,
			 struct gtables *t)
{
	struct option *l;

	strbuf_addstr(&t->shorts, (flags & OPT_STOP_AT_NON_OPTION) ? "+:h" : ":h");
	for (t->nopts = 0; opts[t->nopts].type != OPT_T_END; t->nopts++) {
		const struct opt *o = &opts[t->nopts];

		if (o->type == OPT_T_GROUP)
			continue;
		if (o->short_name) {
			strbuf_addch(&t->shorts, o->short_name);
			if (takes_arg(o))
				strbuf_addstr(&t->shorts, (o->flags & OPT_OPTARG) ? "::" : ":");
		}
		if (!o->long_name)
			continue;
		l = next_long(t);
		l->name = o->long_name;
		l->has_arg = !takes_arg(o) ? no_argument :
			(o->flags & OPT_OPTARG) ? optional_argument :
			required_argument;
		l->flag = NULL;
		l->val = LONG_BASE + t->nopts;
		if (negatable(o)) {
			char *n = xmalloc(strlen(o->long_name) + 4);

			sprintf(n, "no-%s", o->long_name);
			l = next_long(t);
			l->name = n;
			l->has_arg = no_argument;
			l->flag = NULL;
			l->val = LONG_BASE + NEG_BASE + t->nopts;
		}
	}
	l = next_long(t);
	l->name = "help";
	l->has_arg = no_argument;
	l->flag = NULL;
	l->val = 'h';
	memset(&t->lopts[t->nl], 0, sizeof(t->lopts[t->nl]));
}

static void free_tables(struct gtables *t)
{
	for (size_t k = 0; k < t->nl; k++)
		if (t->lopts[k].val >= LONG_BASE + NEG_BASE)
			free((char *)t->lopts[k].name);
	free(t->lopts);
	strbuf_release(&t->shorts);
}

/*
 * For shell completion, as perf's --list-opts: the long options -h
 * shows, "=" after those that need a value.
 */
static void list_opts(const struct opt *opts, int nopts)
{
	for (int i = 0; i < nopts; i++) {
		const struct opt *o = &opts[i];

		if (o->long_name && !(o->flags & OPT_HIDDEN) &&
		    o->type != OPT_T_GROUP)
			printf("--%s%s\n", o->long_name,
			       takes_arg(o) && !(o->flags & OPT_OPTARG) ? "=" : "");
	}
}

/* getopt_long()'s complaint @c, as a message; then the usage hint */
static bool bad_option(int c, const char **argv)
{
	if (c == '?') {
		if (optopt)
			pr_err("unknown switch '%c'", optopt);
		else
			pr_err("unknown option '%s'", argv[optind - 1]);
		return true;
	}
	if (c == ':') {
		if (optopt && optopt < LONG_BASE)
			pr_err("switch '%c' requires a value", optopt);
		else
			pr_err("option '%s' requires a value", argv[optind - 1]);
		return true;
	}
	return false;
}

/* the option getopt_long() returned as @c; -1 for an unknown switch */
static int find_option(int c, const struct opt *opts, int nopts, bool *neg)
{
	int i;

	*neg = false;
	if (c >= LONG_BASE) {
		*neg = (c - LONG_BASE) >= NEG_BASE;
		return (c - LONG_BASE) - (*neg ? NEG_BASE : 0);
	}
	for (i = 0; i < nopts; i++)
		if (opts[i].short_name == c && opts[i].type != OPT_T_GROUP)
			return i;
	pr_err("unknown switch '%c'", c);
	return -1;
}

/*
 * The words getopt left from optind on (it permutes) into argv[0..]; with
 * OPT_KEEP_DASHDASH the "--" it swallowed first. Returns their number.
 */
static int collect_rest(int argc, const char **argv, unsigned int flags)
{
	const char **rest = xcalloc((size_t)argc + 1, sizeof(*rest));
	int nrest = 0;

	for (int i = optind; i < argc; i++)
		rest[nrest++] = argv[i];
	if ((flags & OPT_KEEP_DASHDASH) && optind > 1 &&
	    !strcmp(argv[optind - 1], "--")) {
		memmove(rest + 1, rest, (size_t)nrest * sizeof(*rest));
		rest[0] = "--";
		nrest++;
	}
	for (int i = 0; i < nrest; i++)
		argv[i] = rest[i];
	argv[nrest] = NULL;
	free(rest);
	return nrest;
}

int opt_parse(int argc, const char **argv, const struct opt *opts,
	      const char *const *usage, unsigned int flags)
{
	struct gtables t = { .shorts = STRBUF_INIT };
	int c, ret = OPT_ERR;

	build_tables(opts, flags, &t);
	/* --list-opts only first, so that a workload's arguments never are */
	if (argc > 1 && !strcmp(argv[1], "--list-opts")) {
		list_opts(opts, t.nopts);
		ret = OPT_HELP;
		goto out;
	}
	optind = 0;	/* full re-initialisation of getopt */
	opterr = 0;
	for (;;) {
		int li = -1, idx;
		bool neg;

		c = getopt_long(argc, (char *const *)argv, t.shorts.buf, t.lopts, &li);
		if (c == -1)
			break;
		if (c == 'h') {
			opt_usage(usage, opts);
			ret = OPT_HELP;
			goto out;
		}
		if (bad_option(c, argv))
			goto usage_hint;
		idx = find_option(c, opts, t.nopts, &neg);
		if (idx < 0)
			goto usage_hint;
		c = apply(&opts[idx], optarg, neg);
		if (c) {
			ret = c;
			goto out;
		}
	}
	ret = collect_rest(argc, argv, flags);
	goto out;

usage_hint:
	fprintf(stderr, "Run '%s -h' for the options.\n", msg_prefix());
out:
	free_tables(&t);
	return ret;
}

void opt_usage(const char *const *usage, const struct opt *opts)
{
	const struct opt *o;

	for (int i = 0; usage && usage[i]; i++)
		printf("%s %s\n", i ? "   or:" : " Usage:", usage[i]);
	putchar('\n');
	for (o = opts; o->type != OPT_T_END; o++) {
		struct strbuf sb = STRBUF_INIT;

		if (o->flags & OPT_HIDDEN)
			continue;
		if (o->type == OPT_T_GROUP) {
			printf("\n%s\n", o->help);
			continue;
		}
		strbuf_addstr(&sb, "    ");
		if (o->short_name)
			strbuf_addf(&sb, "-%c", o->short_name);
		else
			strbuf_addstr(&sb, "  ");
		if (o->long_name)
			strbuf_addf(&sb, "%s--%s", o->short_name ? ", " : "  ",
				    o->long_name);
		if (takes_arg(o)) {
			const char *a = o->argh ? o->argh : "n";

			if (o->flags & OPT_OPTARG)
				strbuf_addf(&sb, "[=<%s>]", a);
			else
				strbuf_addf(&sb, " <%s>", a);
		}
		if (sb.len >= 30)
			printf("%s\n%30s%s\n", sb.buf, "", o->help ? o->help : "");
		else
			printf("%-30s%s\n", sb.buf, o->help ? o->help : "");
		strbuf_release(&sb);
	}
	putchar('\n');
}
