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

int opt_parse(int argc, const char **argv, const struct opt *opts,
	      const char *const *usage, unsigned int flags)
{
	struct option *lopts = NULL;
	size_t nl = 0, alloc = 0;
	struct strbuf shorts = STRBUF_INIT;
	int nopts, i, c, ret = OPT_ERR;
	const char **rest = NULL;
	int nrest = 0;

	strbuf_addstr(&shorts, (flags & OPT_STOP_AT_NON_OPTION) ? "+:h" : ":h");
	for (nopts = 0; opts[nopts].type != OPT_T_END; nopts++) {
		const struct opt *o = &opts[nopts];

		if (o->type == OPT_T_GROUP)
			continue;
		if (o->short_name) {
			strbuf_addch(&shorts, o->short_name);
			if (takes_arg(o))
				strbuf_addstr(&shorts, (o->flags & OPT_OPTARG) ? "::" : ":");
		}
		if (o->long_name) {
			ALLOC_GROW(lopts, nl + 2, alloc);
			lopts[nl].name = o->long_name;
			lopts[nl].has_arg = !takes_arg(o) ? no_argument :
				(o->flags & OPT_OPTARG) ? optional_argument :
				required_argument;
			lopts[nl].flag = NULL;
			lopts[nl].val = LONG_BASE + nopts;
			nl++;
			if (negatable(o)) {
				char *n = xmalloc(strlen(o->long_name) + 4);

				sprintf(n, "no-%s", o->long_name);
				lopts[nl].name = n;
				lopts[nl].has_arg = no_argument;
				lopts[nl].flag = NULL;
				lopts[nl].val = LONG_BASE + NEG_BASE + nopts;
				nl++;
			}
		}
	}
	ALLOC_GROW(lopts, nl + 2, alloc);
	lopts[nl].name = "help";
	lopts[nl].has_arg = no_argument;
	lopts[nl].flag = NULL;
	lopts[nl].val = 'h';
	nl++;
	memset(&lopts[nl], 0, sizeof(lopts[nl]));

	/*
	 * For shell completion, as perf's --list-opts: the long options -h
	 * shows, "=" after those that need a value. Only as the first
	 * argument, so that a workload's own arguments are never taken.
	 */
	if (argc > 1 && !strcmp(argv[1], "--list-opts")) {
		for (i = 0; i < nopts; i++) {
			const struct opt *o = &opts[i];

			if (o->long_name && !(o->flags & OPT_HIDDEN) &&
			    o->type != OPT_T_GROUP)
				printf("--%s%s\n", o->long_name,
				       takes_arg(o) && !(o->flags & OPT_OPTARG) ? "=" : "");
		}
		ret = OPT_HELP;
		goto out;
	}
	rest = xcalloc((size_t)argc + 1, sizeof(*rest));
	optind = 0;	/* full re-initialisation of getopt */
	opterr = 0;
	for (;;) {
		int li = -1;

		c = getopt_long(argc, (char *const *)argv, shorts.buf, lopts, &li);
		if (c == -1)
			break;
		if (c == 'h') {
			opt_usage(usage, opts);
			ret = OPT_HELP;
			goto out;
		}
		if (c == '?') {
			if (optopt)
				pr_err("unknown switch '%c'", optopt);
			else
				pr_err("unknown option '%s'", argv[optind - 1]);
			goto usage_hint;
		}
		if (c == ':') {
			if (optopt && optopt < LONG_BASE)
				pr_err("switch '%c' requires a value", optopt);
			else
				pr_err("option '%s' requires a value", argv[optind - 1]);
			goto usage_hint;
		}
		if (c >= LONG_BASE) {
			bool neg = (c - LONG_BASE) >= NEG_BASE;
			int idx = (c - LONG_BASE) - (neg ? NEG_BASE : 0);
			int r = apply(&opts[idx], optarg, neg);

			if (r) {
				ret = r;
				goto out;
			}
			continue;
		}
		for (i = 0; i < nopts; i++)
			if (opts[i].short_name == c && opts[i].type != OPT_T_GROUP)
				break;
		if (i == nopts) {
			pr_err("unknown switch '%c'", c);
			goto usage_hint;
		}
		c = apply(&opts[i], optarg, false);
		if (c) {
			ret = c;
			goto out;
		}
	}

	/* non-options are what getopt left from optind on (it permutes) */
	for (i = optind; i < argc; i++)
		rest[nrest++] = argv[i];
	/*
	 * getopt_long swallows the "--" that ends the options; put it back
	 * when the caller wants to see it.
	 */
	if ((flags & OPT_KEEP_DASHDASH) && optind > 1 &&
	    !strcmp(argv[optind - 1], "--")) {
		memmove(rest + 1, rest, (size_t)nrest * sizeof(*rest));
		rest[0] = "--";
		nrest++;
	}
	for (i = 0; i < nrest; i++)
		argv[i] = rest[i];
	argv[nrest] = NULL;
	ret = nrest;
	goto out;

usage_hint:
	fprintf(stderr, "Run '%s -h' for the options.\n", msg_prefix());
out:
	for (size_t k = 0; k < nl; k++)
		if (lopts[k].val >= LONG_BASE + NEG_BASE)
			free((char *)lopts[k].name);
	free(lopts);
	free(rest);
	strbuf_release(&shorts);
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
