// SPDX-License-Identifier: GPL-2.0
#include "ptool/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/diff.h"
#include "ptool/msg.h"
#include "ptool/opt.h"
#include "ptool/parse.h"
#include "ptool/out_file.h"
#include "ptool/out_flamegraph.h"
#include "ptool/out_stacks.h"
#include "ptool/session.h"
#include "ptool/strbuf.h"

static const char *const diff_usage[] = {
	"ptool diff [<options>] <baseline> <file> [<file>...]",
	NULL,
};

struct diff_cmd_opts {
	bool force;
	const char *vmlinux;
	const char *kallsyms;
	const char *compute;
	const char *sort;
	const char *percentage;
	unsigned int order;
	bool period;
	bool formula;
	bool baseline_only;
	bool quiet;
	int verbose;
	const char *flamegraph;
	const char *title;
	const char *cpus;
};

static int parse_sort(const char *s, struct hist_opts *ho)
{
	const char *bad;

	if (!hist_parse_keys(s, ho, &bad))
		return 0;
	if (bad)
		cmd_usage_fail("unknown --sort key '%s' (known: comm, pid, dso, sym, srcline)", bad);
	else
		cmd_usage_fail("empty --sort");
	return -EINVAL;
}

static struct session *open_one(const struct diff_cmd_opts *o, const char *path)
{
	struct session_opts so = {
		.path = path, .force = o->force,
		.vmlinux = o->vmlinux, .kallsyms = o->kallsyms,
	};
	struct strbuf err = STRBUF_INIT;
	struct session *s = session_open(&so, &err);

	if (!s)
		cmd_fail(0, "%s", err.buf);
	strbuf_release(&err);
	return s;
}

static int stacks_sample(struct session *s, const struct session_sample *ss,
			 void *arg)
{
	out_stacks_add(arg, ss);
	return 0;
}

/* the folded stacks of @path, for the differential flame graph */
static struct out_fold *fold_file(const struct diff_cmd_opts *o, const char *path)
{
	struct session *s = open_one(o, path);
	struct out_stacks *st;
	struct out_fold *fold = NULL;

	if (!s)
		return NULL;
	st = out_stacks_new(s, OUT_STACKS_FOLD, NULL);
	if (!st)
		cmd_fail(0, "cannot collect the stacks of '%s'", path);
	else if (session_for_each_sample(s, SESSION_CALLCHAIN, stacks_sample, st) < 0)
		cmd_fail(0, "cannot read the samples of '%s': %s", path,
			 session_strerror(s));
	else
		fold = out_stacks_detach_fold(st);
	out_stacks_free(st);
	session_free(s);
	return fold;
}

/*
 * --flamegraph: the last file drawn against the baseline, as
 * 'ptool script --flamegraph OUT --diff BASELINE' draws it
 */
static int write_flamegraph(const struct diff_cmd_opts *o, const char *base_path,
			    const char *path)
{
	struct out_fold *base, *fold = NULL;
	struct out_flame_opts fo = { .title = o->title };
	struct out_file of;
	int ret = PTOOL_EXIT_FAIL, err;

	base = fold_file(o, base_path);
	if (!base)
		return PTOOL_EXIT_FAIL;
	fold = fold_file(o, path);
	if (!fold)
		goto out;
	fo.base = base;
	if (!fo.title)
		fo.title = "Differential Flame Graph";
	if ((err = out_file_open(&of, o->flamegraph))) {
		ret = cmd_fail(err, "cannot create '%s'", o->flamegraph);
		goto out;
	}
	err = out_file_commit(&of, out_flamegraph_write(fold, &fo, of.fp));
	if (err)
		ret = cmd_fail(err, "cannot write '%s'", o->flamegraph);
	else
		ret = PTOOL_EXIT_OK;
out:
	out_fold_free(fold);
	out_fold_free(base);
	return ret;
}

int cmd_diff(int argc, const char **argv)
{
	struct diff_cmd_opts o = { .order = 1 };
	struct diff_opts dopts = { 0 };
	const struct opt options[] = {
		OPT_STR('c', "compute", &o.compute, "METHOD", "delta, delta-abs (default), ratio or wdiff:W1,W2"),
		OPT_STR('s', "sort", &o.sort, "KEYS", "match and sort by keys: comm, pid, dso, sym, srcline (default dso,sym)"),
		OPT_STR(0, "percentage", &o.percentage, "relative|absolute", "percentages of the filtered or of all samples (default absolute)"),
		OPT_STR('C', "comms", &dopts.comms, "LIST", "only samples of these commands"),
		OPT_STR('d', "dsos", &dopts.dsos, "LIST", "only samples in these shared objects"),
		OPT_STR('S', "symbols", &dopts.syms, "LIST", "only samples in these symbols"),
		OPT_STR(0, "pid", &dopts.pids, "LIST", "only samples of these processes"),
		OPT_STR(0, "tid", &dopts.tids, "LIST", "only samples of these threads"),
		OPT_STR(0, "cpu", &o.cpus, "LIST", "only samples taken on these cpus (0-3,5)"),
		OPT_BOOL('p', "period", &o.period, "show the periods"),
		OPT_BOOL('F', "formula", &o.formula, "show the formula of the computed column"),
		OPT_BOOL('b', "baseline-only", &o.baseline_only, "only entries of the baseline"),
		OPT_UINT('o', "order", &o.order, "N", "sort by the computed column of file N first (default 1; 0: by the baseline)"),
		OPT_BOOL('f', "force", &o.force, "read files owned by another user"),
		OPT_STR('k', "vmlinux", &o.vmlinux, "FILE", "vmlinux with kernel symbols"),
		OPT_STR(0, "kallsyms", &o.kallsyms, "FILE", "kallsyms file (default /proc/kallsyms)"),
		OPT_BOOL('q', "quiet", &o.quiet, "no header lines"),
		OPT_INCR('v', "verbose", &o.verbose, "more messages (and the data file list)"),
		OPT_STR(0, "flamegraph", &o.flamegraph, "FILE", "also write a differential flame graph of the last file against the baseline"),
		OPT_STR(0, "title", &o.title, "TEXT", "flame graph title"),
		OPT_END(),
	};
	int *cpus = NULL;
	struct diff *d = NULL;
	int ret = PTOOL_EXIT_OK, err;

	argc = opt_parse(argc, argv, options, diff_usage, 0);
	if (argc < 0)
		return opt_exit_status(argc);
	if (argc < 2)
		return cmd_usage_fail("give a baseline and at least one file to compare with it");
	if (o.verbose)
		msg_set_verbose(msg_verbose() + o.verbose);
	if (o.compute && diff_parse_compute(o.compute, &dopts))
		return cmd_usage_fail("invalid --compute '%s': delta, delta-abs, ratio or wdiff:W1,W2 with non-zero weights",
				      o.compute);
	if (o.sort && parse_sort(o.sort, &dopts.keys))
		return PTOOL_EXIT_USAGE;
	if (o.percentage && strcmp(o.percentage, "relative") &&
	    strcmp(o.percentage, "absolute"))
		return cmd_usage_fail("invalid --percentage '%s': relative or absolute",
				      o.percentage);
	if (o.order >= (unsigned int)argc)
		return cmd_usage_fail("--order %u: there are only %d files", o.order, argc);
	dopts.relative = o.percentage && o.percentage[0] == 'r';
	if (o.cpus && parse_int_list(o.cpus, 4095, &cpus, &dopts.nr_cpus))
		return cmd_usage_fail("invalid --cpu '%s'", o.cpus);
	dopts.cpus = cpus;
	dopts.order = o.order;
	dopts.period = o.period;
	dopts.formula = o.formula;
	dopts.baseline_only = o.baseline_only;
	dopts.quiet = o.quiet;
	dopts.show_files = !o.quiet && (argc > 2 || o.verbose);

	d = diff_new(&dopts);
	for (int i = 0; i < argc; i++) {
		struct session *s = open_one(&o, argv[i]);

		if (!s) {
			ret = PTOOL_EXIT_FAIL;
			goto out;
		}
		if (dopts.cpus && !diff_has_cpu(s)) {
			ret = cmd_fail(0, "'%s' has no cpu in its samples: remove --cpu",
				       argv[i]);
			session_free(s);
			goto out;
		}
		err = diff_add_file(d, s, argv[i]);
		if (err < 0)
			ret = cmd_fail(0, "cannot read the samples of '%s': %s", argv[i],
				       session_strerror(s));
		session_free(s);
		if (ret)
			goto out;
		if (i && !diff_nr_common(d, i)) {
			ret = cmd_fail(0, "'%s' and '%s' have no event in common", argv[0],
				       argv[i]);
			goto out;
		}
	}
	if (diff_print(d, stdout)) {
		ret = cmd_fail(-EIO, "cannot write the comparison");
		goto out;
	}
	if (o.flamegraph)
		ret = write_flamegraph(&o, argv[0], argv[argc - 1]);
out:
	diff_free(d);
	free(cpus);
	return ret;
}
