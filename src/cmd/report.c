// SPDX-License-Identifier: GPL-2.0
#include "ptool/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptool/hist.h"
#include "ptool/latency.h"
#include "ptool/msg.h"
#include "ptool/opt.h"
#include "ptool/out.h"
#include "ptool/out_file.h"
#include "ptool/out_flamegraph.h"
#include "ptool/out_stacks.h"
#include "ptool/out_trace.h"
#include "ptool/parse.h"
#include "ptool/pdata.h"
#include "ptool/recorder.h"
#include "ptool/session.h"
#include "ptool/strbuf.h"
#include "ptool/sym.h"
#include "ptool/tpfmt.h"

static const char *const report_usage[] = {
	"ptool report [<options>]",
	NULL,
};

struct report_opts {
	const char *input;
	const char *recover;	/* --recover FILE */
	bool force;
	const char *vmlinux;
	const char *kallsyms;
	const char *sort;
	int children;		/* -1: perf's default (on with callchains) */
	const char *callgraph;
	bool callgraph_set;
	bool inverted;
	bool show_nr;
	double percent_limit;
	const char *comms, *pids, *dsos, *syms;
	int group;		/* -1: perf's default (on for files with groups) */
	bool header, header_only;
	bool stdio;
	bool quiet;
	int verbose;
	unsigned int max_stack;
	bool demangle;
	bool inline_;
	/* stacks and pictures (out_stacks.h) */
	bool folded;
	const char *flamegraph, *title, *diff, *pprof, *pprof_labels;
	unsigned int labels;
	const char *latency;	/* "BEGIN,END" */
	const char *latency_by;
	bool off_cpu_only, on_cpu_only;	/* record --off-cpu files */
};

struct cg_opts {
	enum out_graph graph;
	bool order_set;
	enum hist_order order;
	double min_percent;
};

/* -g [graph|flat|fractal|folded|none][,threshold][,caller|callee][,...] */
static int parse_cg(const char *s, struct cg_opts *cg)
{
	char *dup = xstrdup(s), *save = NULL, *tok;
	int ret = 0;

	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double d;

		if (!strcmp(tok, "graph"))
			cg->graph = OUT_GRAPH_GRAPH;
		else if (!strcmp(tok, "fractal"))
			cg->graph = OUT_GRAPH_FRACTAL;
		else if (!strcmp(tok, "flat"))
			cg->graph = OUT_GRAPH_FLAT;
		else if (!strcmp(tok, "folded"))
			cg->graph = OUT_GRAPH_FOLDED;
		else if (!strcmp(tok, "none"))
			cg->graph = OUT_GRAPH_NONE;
		else if (!strcmp(tok, "caller")) {
			cg->order = HIST_ORDER_CALLER;
			cg->order_set = true;
		} else if (!strcmp(tok, "callee")) {
			cg->order = HIST_ORDER_CALLEE;
			cg->order_set = true;
		} else if (!strcmp(tok, "function") || !strcmp(tok, "address") ||
			   !strcmp(tok, "percent") || !strcmp(tok, "period") ||
			   !strcmp(tok, "count"))
			;	/* perf's key and value choices: accepted */
		else if (!parse_double(tok, &d) && d >= 0)
			cg->min_percent = d;
		else {
			ret = -EINVAL;
			break;
		}
	}
	free(dup);
	return ret;
}

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

/* comma-separated list membership */
/*
 * perf's --comms, --pid, --dsos and --symbols filter samples: a sample
 * whose thread, object or symbol (of its own IP) is not listed adds to
 * the totals but to no entry.
 */
static bool filtered(const struct report_opts *o, const struct session_sample *ss)
{
	const struct session_frame *f = ss->ip_frame;

	if (o->comms && !parse_in_list(o->comms, ss->comm))
		return true;
	if (o->pids) {
		char pid[16];

		snprintf(pid, sizeof(pid), "%d", ss->pid);
		if (!parse_in_list(o->pids, pid))
			return true;
	}
	if (o->dsos && (!f || (!parse_in_list(o->dsos, f->dso_name) &&
			       !parse_in_list(o->dsos, f->dso_path))))
		return true;
	if (o->syms && (!f || !f->sym_name || !parse_in_list(o->syms, f->sym_name)))
		return true;
	return false;
}

/* a filter list of one name: perf drops that column and names it above */
static bool single(const char *list)
{
	return list && *list && !strchr(list, ',');
}

/* whether every sort key is elided (hidden, but still sorting) */
static bool all_elided(const struct hist_opts *ho)
{
	for (int i = 0; i < ho->nr_keys; i++)
		if (!ho->elide[ho->keys[i]])
			return false;
	return true;
}

struct run {
	struct report_opts *o;
	struct hist **hists;
	size_t nr_hists;
	struct hist_opts ho;
	uint64_t nr;
	bool progress;
	int wall_idx;		/* the hist off-CPU samples join, -1: their own */
	/* --sort trace: one table per event, the formatted records */
	bool trace;
	struct out_trace **traces;
	struct tpfmt *tp;
	struct strbuf text;
};

/* the group that attr @idx leads, if it leads one of two or more */
static const struct pdata_group *group_led_by(struct pdata *p, size_t idx)
{
	const struct pdata_info *in = pdata_info(p);

	for (size_t i = 0; i < in->nr_groups; i++)
		if (in->groups[i].leader == idx && in->groups[i].nr_members > 1 &&
		    idx + in->groups[i].nr_members <= pdata_nr_attrs(p))
			return &in->groups[i];
	return NULL;
}

/* a group in one table, as perf report (--group) shows it */
static int report_group(struct run *r, struct session *s,
			const struct pdata_group *g, const struct out_report_opts *oo)
{
	const struct hist **hs = xcalloc(g->nr_members, sizeof(*hs));
	struct strbuf name = STRBUF_INIT;
	uint64_t nr = 0, total = 0;
	int ret = 0;

	strbuf_addf(&name, "%s {", g->name ? g->name : "anon group");
	for (uint32_t m = 0; m < g->nr_members; m++) {
		size_t idx = g->leader + m;

		if (!r->hists[idx])
			r->hists[idx] = hist_new(&r->ho);
		hist_finish(r->hists[idx], NULL, NULL, r->o->percent_limit);
		hs[m] = r->hists[idx];
		nr += hist_nr_samples(hs[m]);
		total += hist_total(hs[m]);
		strbuf_addf(&name, "%s %s", m ? "," : "", session_event_name(s, idx));
	}
	strbuf_addstr(&name, " }");
	if (nr) {
		if (!r->o->quiet) {
			out_report_group_header(stdout, name.buf, nr, total);
			fputs("#\n", stdout);
		}
		ret = out_report_group(stdout, hs, (int)g->nr_members, oo);
		fputs("\n\n", stdout);
	}
	strbuf_release(&name);
	free(hs);
	return ret;
}

/* perf's default sort for a file whose events are all tracepoints */
static bool all_tracepoints(struct session *s)
{
	struct pdata *p = session_pdata(s);

	for (size_t i = 0; i < pdata_nr_attrs(p); i++)
		if (pdata_attr(p, i)->attr.type != PERF_TYPE_TRACEPOINT)
			return false;
	return pdata_nr_attrs(p) > 0;
}

static void trace_sample(struct run *r, struct session *s,
			 const struct session_sample *ss)
{
	struct out_trace **ot = &r->traces[ss->attr_idx];
	struct pdata *p = session_pdata(s);

	if (!*ot)
		*ot = out_trace_new();
	if (filtered(r->o, ss)) {
		out_trace_add(*ot, NULL, ss->period);
		return;
	}
	strbuf_reset(&r->text);
	if (pdata_attr(p, (size_t)ss->attr_idx)->attr.type != PERF_TYPE_TRACEPOINT ||
	    !r->tp || tpfmt_format(r->tp, ss->s->raw, ss->s->raw_size, (int)ss->cpu,
				   &r->text))
		strbuf_addstr(&r->text, "N/A");
	out_trace_add(*ot, r->text.buf, ss->period);
}

static int on_sample(struct session *s, const struct session_sample *ss,
		     void *arg)
{
	struct run *r = arg;
	struct hist *h;
	int idx = ss->offcpu && r->wall_idx >= 0 ? r->wall_idx : ss->attr_idx;

	if ((size_t)idx >= r->nr_hists ||
	    (r->o->off_cpu_only && !ss->offcpu) || (r->o->on_cpu_only && ss->offcpu))
		return 0;
	if (r->trace) {
		trace_sample(r, s, ss);
		return 0;
	}
	h = r->hists[idx];
	if (!h)
		h = r->hists[idx] = hist_new(&r->ho);
	if (filtered(r->o, ss))
		hist_add_hidden(h, s, ss);
	else
		hist_add(h, s, ss);
	if (r->progress && !(++r->nr & 0xffff))
		fprintf(stderr, "\rptool report: %llu samples", (unsigned long long)r->nr);
	return 0;
}

/*
 * --folded, --flamegraph, --pprof: the stacks of the samples that pass the
 * --comms/--pid filters, made as ptool script makes them (out_stacks.h)
 */
struct pictures {
	struct report_opts *o;
	struct out_stacks *st;
};

static int pictures_sample(struct session *s, const struct session_sample *ss,
			   void *arg)
{
	struct pictures *pc = arg;
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", ss->pid);
	if ((pc->o->comms && !parse_in_list(pc->o->comms, ss->comm)) ||
	    (pc->o->pids && !parse_in_list(pc->o->pids, pid)) ||
	    (pc->o->off_cpu_only && !ss->offcpu) || (pc->o->on_cpu_only && ss->offcpu))
		return 0;
	out_stacks_add(pc->st, ss);
	return 0;
}

static int report_pictures(struct report_opts *o, struct session *s)
{
	struct pictures pc = { .o = o };
	struct out_fold *base = NULL;
	struct out_file of;
	int ret = 0, err;

	if (o->diff && !o->flamegraph)
		return cmd_usage_fail("--diff needs --flamegraph");
	if (o->diff) {
		struct session_opts so = { .path = o->diff, .force = o->force,
					   .vmlinux = o->vmlinux, .kallsyms = o->kallsyms };
		char err_msg[512];
		struct session *bs = session_open(&so, err_msg, sizeof(err_msg));

		if (!bs)
			return cmd_fail(0, "%s", err_msg);
		pc.st = out_stacks_new(bs, OUT_STACKS_FOLD, NULL);
		if (pc.st && session_for_each_sample(bs, SESSION_CALLCHAIN,
						     pictures_sample, &pc) >= 0)
			base = out_stacks_detach_fold(pc.st);
		else
			ret = cmd_fail(0, "cannot read the samples of '%s': %s", o->diff,
				       session_strerror(bs));
		out_stacks_free(pc.st);
		session_free(bs);
		if (ret)
			return ret;
	}
	pc.st = out_stacks_new(s, (o->folded || o->flamegraph ? OUT_STACKS_FOLD : 0) |
			       (o->pprof ? OUT_STACKS_PPROF | o->labels |
				(o->inline_ ? 0 : OUT_STACKS_NO_INLINE) : 0), NULL);
	if (!pc.st) {
		out_fold_free(base);
		return cmd_fail(0, "cannot collect the stacks of '%s'", o->input);
	}
	out_stacks_wall(pc.st, session_offcpu_event(s) >= 0 && !o->on_cpu_only);
	if (session_for_each_sample(s, SESSION_CALLCHAIN | SESSION_OFFCPU,
				    pictures_sample, &pc) < 0) {
		ret = cmd_fail(0, "%s", session_strerror(s));
		goto out;
	}
	if (o->folded && out_fold_write(out_stacks_fold(pc.st), stdout)) {
		ret = cmd_fail(-EIO, "cannot write the folded stacks");
		goto out;
	}
	if (o->flamegraph) {
		struct out_flame_opts fo = { .title = o->title, .base = base };

		if (base && !fo.title)
			fo.title = "Differential Flame Graph";
		if (session_offcpu_event(s) >= 0 && !o->on_cpu_only) {
			fo.count_name = "ns";
			if (!fo.title)
				fo.title = o->off_cpu_only ? "Off-CPU Time Flame Graph" :
					   "Wall-Clock Flame Graph (on-CPU and off-CPU time)";
		}
		if ((err = out_file_open(&of, o->flamegraph))) {
			ret = cmd_fail(err, "cannot create '%s'", o->flamegraph);
			goto out;
		}
		err = out_file_commit(&of, out_flamegraph_write(out_stacks_fold(pc.st), &fo, of.fp));
		if (err) {
			ret = cmd_fail(err, "cannot write '%s'", o->flamegraph);
			goto out;
		}
	}
	if (o->pprof) {
		if ((err = out_file_open(&of, o->pprof))) {
			ret = cmd_fail(err, "cannot create '%s'", o->pprof);
			goto out;
		}
		err = out_file_commit(&of, out_stacks_write_pprof(pc.st, of.fp));
		if (err)
			ret = cmd_fail(err, "cannot write '%s'", o->pprof);
	}
out:
	out_fold_free(base);
	out_stacks_free(pc.st);
	return ret;
}

static int callgraph_cb(const struct opt *opt, const char *arg, bool unset)
{
	struct report_opts *o = opt->value;

	o->callgraph = unset ? "none" : arg ? arg : "graph";
	return 0;
}

static int children_cb(const struct opt *opt, const char *arg, bool unset)
{
	(void)arg;
	*(int *)opt->value = unset ? 0 : 1;
	return 0;
}

static bool has_callchains(struct pdata *p)
{
	for (size_t i = 0; i < pdata_nr_attrs(p); i++)
		if (pdata_attr(p, i)->attr.sample_type & PERF_SAMPLE_CALLCHAIN)
			return true;
	return false;
}

/*
 * --recover: an unfinished recording (a killed recorder) rewritten as a
 * finished file that perf reads too, with this machine's description
 */
static int recover(const struct report_opts *o)
{
	struct session_opts so = { .path = o->input, .force = o->force };
	char err[512] = "";
	struct session *s = session_open(&so, err, sizeof(err));
	struct pdata_writer *w = NULL;
	const char **names = NULL;
	struct pdata *p;
	const char *step;
	int fd = -1, ret;

	if (!s)
		return cmd_fail(0, "%s", err);
	p = session_pdata(s);
	if (pdata_is_pipe(p) || !pdata_unfinished(p)) {
		ret = cmd_fail(0, "'%s' is %s: there is nothing to recover", o->input,
			       pdata_is_pipe(p) ? "a pipe" : "a finished recording");
		goto out;
	}
	fd = recorder_create_file(o->recover, &step);
	if (fd < 0) {
		ret = cmd_fail(fd, "cannot create '%s'", o->recover);
		goto out;
	}
	/* a killed perf wrote no EVENT_DESC: the names report would show */
	names = xcalloc(pdata_nr_attrs(p) + 1, sizeof(*names));
	for (size_t i = 0; i < pdata_nr_attrs(p); i++)
		names[i] = session_event_name(s, i);
	w = pdata_writer_new(fd, 0);
	ret = w ? pdata_copy(p, w, names) : -errno;
	if (!ret)
		ret = pdata_writer_add_host_features(w, PTOOL_VERSION);
	if (!ret)
		ret = pdata_writer_finish(w);
	if (ret) {
		ret = cmd_fail(0, "cannot recover '%s': %s", o->input,
			       pdata_strerror(p)[0] ? pdata_strerror(p) : strerror(-ret));
		unlink(o->recover);
		goto out;
	}
	cmd_warn_unfinished(p, o->input);
	fprintf(stderr, "[ ptool report: wrote '%s' (%llu bytes of records) ]\n",
		o->recover, (unsigned long long)pdata_writer_data_size(w));
	ret = 0;
out:
	pdata_writer_free(w);
	if (fd >= 0)
		close(fd);
	free(names);
	session_free(s);
	return ret;
}

int cmd_report(int argc, const char **argv)
{
	struct report_opts o = {
		.children = -1, .group = -1, .demangle = true, .inline_ = true,
		.labels = OUT_STACKS_LABELS,
	};
	const struct opt options[] = {
		OPT_STR('i', "input", &o.input, "FILE", "input file name (default perf.data, - for a pipe)"),
		OPT_BOOL('f', "force", &o.force, "read a file owned by another user"),
		OPT_STR(0, "recover", &o.recover, "FILE",
			"write an unfinished recording's records to FILE as a finished file"),
		OPT_STR('k', "vmlinux", &o.vmlinux, "FILE", "vmlinux with kernel symbols"),
		OPT_STR(0, "kallsyms", &o.kallsyms, "FILE", "kallsyms file (default /proc/kallsyms)"),
		OPT_STR('s', "sort", &o.sort, "KEYS", "sort by keys: comm, pid, dso, sym, srcline (default comm,dso,sym), or trace (default when all events are tracepoints)"),
		OPT_CALLBACK_NOARG(0, "children", &o.children, "accumulate callers' overhead (default with callchains)", children_cb),
		OPT_CALLBACK_OPTARG('g', "call-graph", &o, "MODE", "graph|fractal|flat|folded|none[,threshold][,caller|callee]", callgraph_cb),
		OPT_BOOL('G', "inverted", &o.inverted, "caller-based call graph"),
		OPT_BOOL('n', "show-nr-samples", &o.show_nr, "show the number of samples"),
		OPT_DOUBLE(0, "percent-limit", &o.percent_limit, "PCT", "hide entries under this percentage"),
		OPT_STR('c', "comms", &o.comms, "LIST", "only these commands"),
		{ OPT_T_STR, 0, "comm", &o.comms, "LIST", "only these commands", OPT_HIDDEN, NULL },
		OPT_STR(0, "pid", &o.pids, "LIST", "only these process ids"),
		OPT_STR('d', "dsos", &o.dsos, "LIST", "only these shared objects"),
		{ OPT_T_STR, 0, "dso", &o.dsos, "LIST", "only these shared objects", OPT_HIDDEN, NULL },
		OPT_STR('S', "symbols", &o.syms, "LIST", "only these symbols"),
		OPT_CALLBACK_NOARG(0, "group", &o.group,
				   "show event groups together (default for files with groups)",
				   children_cb),
		OPT_BOOL(0, "header", &o.header, "show the perf.data header first"),
		OPT_BOOL(0, "header-only", &o.header_only, "show only the perf.data header"),
		OPT_BOOL(0, "stdio", &o.stdio, "text output (the only output)"),
		OPT_BOOL(0, "off-cpu-only", &o.off_cpu_only, "record --off-cpu files: only the off-CPU time"),
		OPT_BOOL(0, "on-cpu-only", &o.on_cpu_only, "record --off-cpu files: only the CPU samples"),
		OPT_BOOL('q', "quiet", &o.quiet, "no header lines or warnings"),
		OPT_INCR('v', "verbose", &o.verbose, "more messages"),
		OPT_UINT(0, "max-stack", &o.max_stack, "N", "frames kept per callchain (default 127)"),
		OPT_BOOL(0, "demangle", &o.demangle, "demangle C++ symbols (default)"),
		OPT_BOOL(0, "inline", &o.inline_, "show inlined functions in callchains (default)"),
		OPT_GROUP("Stacks and pictures (as ptool script)"),
		OPT_BOOL(0, "folded", &o.folded, "print folded stacks (comm;root;...;leaf count)"),
		OPT_STR(0, "flamegraph", &o.flamegraph, "FILE", "write an interactive SVG flame graph"),
		OPT_STR(0, "title", &o.title, "TEXT", "flame graph title"),
		OPT_STR(0, "diff", &o.diff, "FILE", "differential flame graph against FILE"),
		OPT_STR(0, "pprof", &o.pprof, "FILE", "write a gzip'd pprof profile"),
		OPT_STR(0, "pprof-labels", &o.pprof_labels, "LIST",
			"pprof sample labels: comm,pid,tid,cpu (default) or none"),
		OPT_STR(0, "latency", &o.latency, "BEGIN,END", "per-thread durations from BEGIN to the next END event"),
		OPT_STR(0, "latency-by", &o.latency_by, "comm|tid", "one --latency table per command or thread"),
		OPT_END(),
	};
	struct cg_opts cg = { .graph = OUT_GRAPH_GRAPH, .min_percent = 0.5 };
	enum latency_by lby = LATENCY_BY_NONE;
	struct session_opts so = { 0 };
	struct out_report_opts oo = { 0 };
	struct run r = { .o = &o };
	struct session *s = NULL;
	struct pdata *p;
	char err[512];
	int ret = PTOOL_EXIT_OK, rc;
	bool cc, pipe_default;
	struct stat st;
	const char **args;
	char *joined[8];
	int nargs = 0, njoined = 0;

	/*
	 * perf takes -g's optional argument as the next word too ("-g
	 * caller"); getopt only knows "-gcaller", so join them here.
	 */
	args = xcalloc((size_t)argc + 1, sizeof(*args));
	for (int i = 0; i < argc; i++) {
		struct cg_opts tmp = cg;

		if ((!strcmp(argv[i], "-g") || !strcmp(argv[i], "--call-graph")) &&
		    njoined < (int)ARRAY_SIZE(joined) && i + 1 < argc && argv[i + 1][0] != '-' &&
		    !parse_cg(argv[i + 1], &tmp)) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "--call-graph=%s", argv[i + 1]);
			args[nargs++] = joined[njoined++] = strbuf_detach(&sb, NULL);
			i++;
			continue;
		}
		args[nargs++] = argv[i];
	}
	argc = opt_parse(nargs, args, options, report_usage, 0);
	if (argc < 0) {
		ret = opt_exit_status(argc);
		goto out_args;
	}
	argv = args;
	if (argc > 0) {
		ret = cmd_usage_fail("unexpected argument '%s'", argv[0]);
		goto out_args;
	}
	if (o.verbose)
		msg_set_verbose(msg_verbose() + o.verbose);
	if (o.off_cpu_only && o.on_cpu_only) {
		ret = cmd_usage_fail("--off-cpu-only and --on-cpu-only cannot be used together");
		goto out_args;
	}
	if (o.pprof_labels && !o.pprof) {
		ret = cmd_usage_fail("--pprof-labels needs --pprof");
		goto out_args;
	}
	if (o.pprof_labels && out_stacks_parse_labels(o.pprof_labels, &o.labels)) {
		ret = cmd_usage_fail("unknown label in '--pprof-labels=%s' (comm, pid, tid, cpu or none)",
				     o.pprof_labels);
		goto out_args;
	}
	if (o.latency_by && !o.latency) {
		ret = cmd_usage_fail("--latency-by needs --latency BEGIN,END");
		goto out_args;
	}
	if (o.latency) {
		char *b, *e;

		if (latency_parse_pair(o.latency, &b, &e)) {
			ret = cmd_usage_fail("invalid --latency '%s': give two events, BEGIN,END", o.latency);
			goto out_args;
		}
		free(b);
		free(e);
		if (o.latency_by && latency_parse_by(o.latency_by, &lby)) {
			ret = cmd_usage_fail("invalid --latency-by '%s': comm or tid", o.latency_by);
			goto out_args;
		}
	}
	if (o.percent_limit < 0 || o.percent_limit > 100) {
		ret = cmd_usage_fail("--percent-limit must be between 0 and 100");
		goto out_args;
	}
	/* kernel symbol files named by the user must exist (perf: Invalid file) */
	if (o.vmlinux && access(o.vmlinux, R_OK)) {
		ret = cmd_fail(-errno, "cannot read vmlinux '%s'", o.vmlinux);
		goto out_args;
	}
	if (o.kallsyms && access(o.kallsyms, R_OK)) {
		ret = cmd_fail(-errno, "cannot read kallsyms '%s'", o.kallsyms);
		goto out_args;
	}
	if (o.callgraph) {
		o.callgraph_set = true;
		if (parse_cg(o.callgraph, &cg)) {
			ret = cmd_usage_fail("invalid --call-graph '%s'", o.callgraph);
			goto out_args;
		}
	}
	if (o.inverted) {
		cg.order = HIST_ORDER_CALLER;
		cg.order_set = true;
	}
	if (o.percent_limit > 0)
		cg.min_percent = o.percent_limit;
	r.ho.keys[0] = HIST_KEY_COMM;
	r.ho.keys[1] = HIST_KEY_DSO;
	r.ho.keys[2] = HIST_KEY_SYM;
	r.ho.nr_keys = 3;
	if (o.sort && strcmp(o.sort, "trace") && parse_sort(o.sort, &r.ho)) {
		ret = PTOOL_EXIT_USAGE;
		goto out_args;
	}
	if (!o.input || !*o.input) {
		if (!fstat(STDIN_FILENO, &st) && S_ISFIFO(st.st_mode))
			o.input = "-";
		else
			o.input = "perf.data";
	}
	if (o.recover) {
		ret = recover(&o);
		goto out_args;
	}

	so.path = o.input;
	so.force = o.force;
	so.vmlinux = o.vmlinux;
	so.kallsyms = o.kallsyms;
	so.no_demangle = !o.demangle;
	so.no_inline = !o.inline_;
	so.max_stack = o.max_stack;
	s = session_open(&so, err, sizeof(err));
	if (!s) {
		if (errno == ENOENT && !strcmp(o.input, "perf.data"))
			ret = cmd_fail(0, "%s (try 'ptool record' first)", err);
		else
			ret = cmd_fail(0, "%s", err);
		goto out_args;
	}
	p = session_pdata(s);

	if (o.latency) {
		struct strbuf lerr = STRBUF_INIT;

		if (latency_session(s, o.latency, lby, stdout, &lerr))
			ret = cmd_fail(0, "%s", lerr.buf);
		strbuf_release(&lerr);
		goto out;
	}
	if (o.folded || o.flamegraph || o.pprof) {
		ret = report_pictures(&o, s);
		goto out;
	}
	cc = has_callchains(p);
	if (!cc && o.callgraph_set && cg.graph != OUT_GRAPH_NONE) {
		ret = cmd_fail(0, "selected -g but no callchain data (record with -g)");
		goto out;
	}
	if (o.header || o.header_only) {
		if (pdata_fprintf_header(p, stdout, 0) < 0) {
			ret = cmd_fail(-EIO, "cannot write the header");
			goto out;
		}
		if (o.header_only)
			goto out;
	} else if (!o.quiet) {
		fputs("# To display the perf.data header info, please use "
		      "--header/--header-only options.\n#\n", stdout);
	}
	/*
	 * perf names the one allowed value instead of a column of it, in
	 * sort key order, and shows every column when none would be left
	 */
	for (int i = 0; i < r.ho.nr_keys; i++) {
		enum hist_key k = r.ho.keys[i];
		const char *list = k == HIST_KEY_COMM ? o.comms :
				   k == HIST_KEY_DSO ? o.dsos :
				   k == HIST_KEY_SYM ? o.syms : NULL;

		if (!single(list))
			continue;
		r.ho.elide[k] = true;
		if (!o.quiet)
			printf("# %s: %s\n", k == HIST_KEY_COMM ? "comm" :
			       k == HIST_KEY_DSO ? "dso" : "symbol", list);
	}
	if (all_elided(&r.ho))
		memset(r.ho.elide, 0, sizeof(r.ho.elide));

	r.ho.children = cc && o.children != 0;
	/*
	 * perf reading a pipe sets up its columns before it has seen an
	 * attr: no children columns unless asked for, but the caller-based
	 * graph that children mode would have had
	 */
	pipe_default = pdata_is_pipe(p) && o.children < 0;
	if (pipe_default)
		r.ho.children = false;
	r.ho.callchain = cc && cg.graph != OUT_GRAPH_NONE;
	r.ho.order = cg.order_set ? cg.order :
		     r.ho.children || pipe_default ? HIST_ORDER_CALLER : HIST_ORDER_CALLEE;
	r.ho.min_percent = cg.min_percent;
	r.ho.fractal = cg.graph == OUT_GRAPH_FRACTAL;
	r.nr_hists = session_nr_events(s);
	r.hists = xcalloc(r.nr_hists + 1, sizeof(*r.hists));
	r.trace = o.sort ? !strcmp(o.sort, "trace") : all_tracepoints(s);
	if (r.trace) {
		r.traces = xcalloc(r.nr_hists + 1, sizeof(*r.traces));
		r.tp = session_tpfmt_new(s);
		strbuf_init(&r.text, 256);
		r.ho.callchain = r.ho.children = false;
	}
	r.progress = !o.quiet && isatty(STDERR_FILENO);

	/*
	 * hist keeps what a callchain came to, so a chain seen before is not
	 * resolved again; the --dsos and --symbols filters look at every
	 * sample's own frame
	 */
	/* off-CPU time joins the CPU samples' time (session_offcpu_wall()) */
	r.wall_idx = o.off_cpu_only || o.on_cpu_only ? -1 : session_offcpu_wall(s);
	rc = session_for_each_sample(s, (!r.trace && cc && (r.ho.children || r.ho.callchain) ?
					 SESSION_CALLCHAIN : 0) |
				     (o.dsos || o.syms ? 0 : SESSION_REUSE) |
				     SESSION_OFFCPU, on_sample, &r);
	if (r.progress && r.nr >= 0x10000)
		fputs("\r\033[K", stderr);
	if (rc < 0) {
		ret = cmd_fail(0, "%s", session_strerror(s));
		goto out;
	}
	cmd_warn_unfinished(p, o.input);
	{
		const struct pdata_stats *ps = pdata_stats(p);
		const struct session_stats *ss = session_stats(s);
		size_t with_samples = 0;

		for (size_t i = 0; i < r.nr_hists; i++)
			if ((r.hists[i] && hist_nr_samples(r.hists[i])) ||
			    (r.trace && r.traces[i] && out_trace_nr_samples(r.traces[i])))
				with_samples++;
		if (!with_samples) {
			/* perf says so and exits 0: nothing to report is no failure */
			pr_err("'%s' has no samples", o.input);
			goto out;
		}
		if (!o.quiet)
			printf("#\n# Total Lost Samples: %llu\n#\n",
			       (unsigned long long)ps->total_lost_samples);
		if (ss->nr_unwind_fail)
			pr_debug("%llu samples could not be unwound",
				 (unsigned long long)ss->nr_unwind_fail);
	}
	oo.graph = r.ho.callchain ? cg.graph : OUT_GRAPH_NONE;
	oo.show_nr = o.show_nr;
	oo.percent_limit = o.percent_limit;
	oo.min_percent = cg.min_percent;
	oo.quiet = o.quiet;
	oo.skip_first_frame = o.sort && !strncmp(o.sort, "sym", 3);
	for (size_t i = 0; r.trace && i < r.nr_hists; i++) {
		struct out_trace *ot = r.traces[i];
		struct out_trace_opts to = { o.show_nr, o.percent_limit, o.quiet };

		if (!ot || !out_trace_nr_samples(ot))
			continue;
		if (!o.quiet) {
			out_report_event_header(stdout, session_event_name(s, i),
						out_trace_nr_samples(ot), out_trace_total(ot));
			fputs("#\n", stdout);
		}
		if (out_trace_write(ot, stdout, &to) < 0)
			break;
		fputs("\n\n", stdout);
	}
	for (size_t i = 0; !r.trace && i < r.nr_hists; i++) {
		const struct pdata_group *g = group_led_by(p, i);
		struct hist *h = r.hists[i];

		/* perf's group view: no call graphs here (see the docs) */
		if (g && o.group && !r.ho.callchain && !r.ho.children) {
			if (report_group(&r, s, g, &oo) < 0)
				break;
			i += g->nr_members - 1;
			continue;
		}
		if (!h || !hist_nr_samples(h))
			continue;
		hist_finish(h, NULL, NULL, o.percent_limit);
		if (!o.quiet) {
			/* a leader is "events" in perf, grouped or not */
			(g ? out_report_group_header : out_report_event_header)
				(stdout, session_offcpu_name(s, i, r.wall_idx >= 0),
				 hist_nr_samples(h), hist_total(h));
			fputs("#\n", stdout);
		}
		if (out_report_hist(stdout, h, &oo) < 0)
			break;
		fputs("\n\n", stdout);
	}
out:
	for (size_t i = 0; i < r.nr_hists; i++) {
		hist_free(r.hists[i]);
		if (r.traces)
			out_trace_free(r.traces[i]);
	}
	free(r.hists);
	free(r.traces);
	tpfmt_free(r.tp);
	strbuf_release(&r.text);
	session_free(s);
out_args:
	for (int i = 0; i < njoined; i++)
		free(joined[i]);
	free(args);
	return ret;
}
