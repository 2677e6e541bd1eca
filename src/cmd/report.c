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
#include "ptool/readvals.h"
#include "ptool/recorder.h"
#include "ptool/session.h"
#include "ptool/sfilter.h"
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
	const char *fields;	/* -F */
	bool hierarchy;
	int children;		/* -1: perf's default (on with callchains) */
	const char *callgraph;
	bool callgraph_set;
	bool inverted;
	bool show_nr;
	double percent_limit;
	const char *comms, *pids, *tids, *dsos, *syms, *cpus, *time;
	bool hide_unresolved;
	const char *symfs, *objdump, *parent;
	bool threads;
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
	bool min_set;
	enum out_value value;
	unsigned int print_limit;
	bool address;
};

/*
 * -g [graph|flat|fractal|folded|none][,threshold[,print_limit]]
 *    [,caller|callee][,function|address][,percent|period|count]
 */
static int parse_cg(const char *s, struct cg_opts *cg)
{
	static const struct {
		const char *name;
		int graph, order, value, address;
	} words[] = {
		{ "graph", OUT_GRAPH_GRAPH, -1, -1, -1 },
		{ "fractal", OUT_GRAPH_FRACTAL, -1, -1, -1 },
		{ "flat", OUT_GRAPH_FLAT, -1, -1, -1 },
		{ "folded", OUT_GRAPH_FOLDED, -1, -1, -1 },
		{ "none", OUT_GRAPH_NONE, -1, -1, -1 },
		{ "caller", -1, HIST_ORDER_CALLER, -1, -1 },
		{ "callee", -1, HIST_ORDER_CALLEE, -1, -1 },
		{ "percent", -1, -1, OUT_VALUE_PERCENT, -1 },
		{ "period", -1, -1, OUT_VALUE_PERIOD, -1 },
		{ "count", -1, -1, OUT_VALUE_COUNT, -1 },
		{ "function", -1, -1, -1, 0 },
		{ "address", -1, -1, -1, 1 },
	};
	char *dup = xstrdup(s), *save = NULL, *tok;
	int ret = 0;

	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t w;
		double d;
		uint64_t u;

		for (w = 0; w < ARRAY_SIZE(words) && strcmp(tok, words[w].name); w++)
			;
		if (w < ARRAY_SIZE(words)) {
			if (words[w].graph >= 0)
				cg->graph = (enum out_graph)words[w].graph;
			if (words[w].order >= 0) {
				cg->order = (enum hist_order)words[w].order;
				cg->order_set = true;
			}
			if (words[w].value >= 0)
				cg->value = (enum out_value)words[w].value;
			if (words[w].address >= 0)
				cg->address = words[w].address;
		} else if (!cg->min_set && !parse_double(tok, &d) && d >= 0) {
			cg->min_percent = d;
			cg->min_set = true;
		} else if (cg->min_set && !parse_u64(tok, &u) && u <= UINT32_MAX) {
			cg->print_limit = (unsigned int)u;
		} else {
			ret = -EINVAL;
			break;
		}
	}
	free(dup);
	return ret;
}

/* whether sort key @k is asked for */
static bool has_key(const struct hist_opts *ho, enum hist_key k)
{
	for (int i = 0; i < ho->nr_keys; i++)
		if (ho->keys[i] == k)
			return true;
	return false;
}

static int parse_sort(const char *s, struct hist_opts *ho, bool *branch)
{
	const char *bad;

	*branch = false;
	if (!hist_parse_keys(s, ho, &bad))
		return 0;
	if (bad && hist_key_is_branch(bad)) {
		*branch = true;		/* said once the file is open */
		return 0;
	}
	if (bad)
		cmd_usage_fail("unknown --sort key '%s' (known: comm, pid, dso, sym, srcline, srcfile, cpu, socket, parent, time, trace)",
			       bad);
	else
		cmd_usage_fail("empty --sort");
	return -EINVAL;
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
	struct sfilter *filt;
	struct hist **hists;
	size_t nr_hists;
	struct hist_opts ho;
	uint64_t nr;
	bool progress;
	struct session_frame *fbuf;	/* -U: the resolved frames */
	struct readvals *rv;		/* -T */
	int wall_idx;		/* the hist off-CPU samples join, -1: their own */
	/* --sort trace: one table per event, the formatted records */
	bool trace;
	struct out_trace **traces;
	struct strbuf text;
};

/* "# Samples: ..." of @name (a group's with perf's "events"), --time's note */
static void block_header(const struct report_opts *o, const char *name,
			 uint64_t nr, uint64_t total, bool group)
{
	struct strbuf sb = STRBUF_INIT;

	if (o->quiet)
		return;
	strbuf_addstr(&sb, name);
	/* perf names the --time ranges after the event */
	if (o->time)
		strbuf_addf(&sb, "' (time slices: %s)", o->time);
	(group ? out_report_group_header : out_report_event_header)
		(stdout, sb.buf, nr, total, o->time != NULL);
	strbuf_release(&sb);
	fputs("#\n", stdout);
}

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
		block_header(r->o, name.buf, nr, total, true);
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

	if (!*ot)
		*ot = out_trace_new();
	if (sfilter_hides(r->filt, ss)) {
		out_trace_add(*ot, NULL, ss->period);
		return;
	}
	strbuf_reset(&r->text);
	hist_trace_text(s, r->ho.tp, ss, &r->text);
	out_trace_add(*ot, r->text.buf, ss->period);
}

/* -U: perf leaves the frames without a symbol out of callchains too */
static const struct session_sample *resolved_only(struct run *r,
						  const struct session_sample *ss,
						  struct session_sample *tmp)
{
	unsigned int n = 0;

	if (!r->o->hide_unresolved || !ss->frames)
		return ss;
	*tmp = *ss;
	r->fbuf = xrealloc(r->fbuf, (ss->nr_frames + 1) * sizeof(*r->fbuf));
	for (unsigned int i = 0; i < ss->nr_frames; i++)
		if (ss->frames[i].sym_name)
			r->fbuf[n++] = ss->frames[i];
	tmp->frames = r->fbuf;
	tmp->nr_frames = n;
	return tmp;
}

static int on_sample(struct session *s, const struct session_sample *ss,
		     void *arg)
{
	struct run *r = arg;
	struct session_sample tmp;
	struct hist *h;
	int idx = ss->offcpu && r->wall_idx >= 0 ? r->wall_idx : ss->attr_idx;

	if ((size_t)idx >= r->nr_hists || sfilter_drops(r->filt, ss) ||
	    (r->o->off_cpu_only && !ss->offcpu) || (r->o->on_cpu_only && ss->offcpu))
		return 0;
	if (r->trace) {
		trace_sample(r, s, ss);
		return 0;
	}
	h = r->hists[idx];
	if (!h)
		h = r->hists[idx] = hist_new(&r->ho);
	ss = resolved_only(r, ss, &tmp);
	if (sfilter_hides(r->filt, ss))
		hist_add_hidden(h, s, ss);
	else
		hist_add(h, s, ss);
	if (r->progress && !(++r->nr & 0xffff))
		fprintf(stderr, "\rptool report: %llu samples", (unsigned long long)r->nr);
	return 0;
}

/* -T: the READ records' counts */
static int on_event(struct session *s, const struct pdata_event *ev, void *arg)
{
	struct run *r = arg;

	if (ev->rec->type == PERF_RECORD_READ)
		readvals_add(r->rv, ev, session_event_name(s, ev->attr_idx >= 0 ?
							   (size_t)ev->attr_idx : 0));
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
		struct strbuf err_msg = STRBUF_INIT;
		struct session *bs = session_open(&so, &err_msg);

		if (!bs) {
			ret = cmd_fail(0, "%s", err_msg.buf);
			strbuf_release(&err_msg);
			return ret;
		}
		strbuf_release(&err_msg);
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
	struct strbuf err = STRBUF_INIT;
	struct session *s = session_open(&so, &err);
	struct pdata_writer *w = NULL;
	const char **names = NULL;
	struct pdata *p;
	struct strbuf ferr = STRBUF_INIT;
	int fd = -1, ret;

	if (!s) {
		ret = cmd_fail(0, "%s", err.buf);
		goto out;
	}
	p = session_pdata(s);
	if (pdata_is_pipe(p) || !pdata_unfinished(p)) {
		ret = cmd_fail(0, "'%s' is %s: there is nothing to recover", o->input,
			       pdata_is_pipe(p) ? "a pipe" : "a finished recording");
		goto out;
	}
	fd = recorder_create_file(o->recover, &ferr);
	if (fd < 0) {
		ret = cmd_fail(0, "%s", ferr.buf);
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
	strbuf_release(&ferr);
	strbuf_release(&err);
	return ret;
}

/*
 * perf takes -g's optional argument as the next word too ("-g caller");
 * getopt only knows "-gcaller", so join them: a new argv (free it and
 * the @joined strings)
 */
static const char **join_cg_args(int argc, const char **argv, int *nargs,
				 char **joined, int *njoined, int max_joined)
{
	const char **args = xcalloc((size_t)argc + 1, sizeof(*args));

	*nargs = *njoined = 0;
	for (int i = 0; i < argc; i++) {
		struct cg_opts tmp = { 0 };

		if ((!strcmp(argv[i], "-g") || !strcmp(argv[i], "--call-graph")) &&
		    *njoined < max_joined && i + 1 < argc && argv[i + 1][0] != '-' &&
		    !parse_cg(argv[i + 1], &tmp)) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "--call-graph=%s", argv[i + 1]);
			args[(*nargs)++] = joined[(*njoined)++] = strbuf_detach(&sb, NULL);
			i++;
			continue;
		}
		args[(*nargs)++] = argv[i];
	}
	return args;
}

/* the checks that involve several options; 0 or the exit status */
static int check_opts(struct report_opts *o, struct cg_opts *cg,
		      struct hist_opts *ho, bool *branch_key)
{
	const char *bad;

	if (o->off_cpu_only && o->on_cpu_only)
		return cmd_usage_fail("--off-cpu-only and --on-cpu-only cannot be used together");
	if (o->pprof_labels && !o->pprof)
		return cmd_usage_fail("--pprof-labels needs --pprof");
	if (o->pprof_labels && out_stacks_parse_labels(o->pprof_labels, &o->labels))
		return cmd_usage_fail("unknown label in '--pprof-labels=%s' (comm, pid, tid, cpu or none)",
				      o->pprof_labels);
	if (o->latency_by && !o->latency)
		return cmd_usage_fail("--latency-by needs --latency BEGIN,END");
	if (o->latency) {
		char *b, *e;

		if (latency_parse_pair(o->latency, &b, &e))
			return cmd_usage_fail("invalid --latency '%s': give two events, BEGIN,END",
					      o->latency);
		free(b);
		free(e);
	}
	if (o->percent_limit < 0 || o->percent_limit > 100)
		return cmd_usage_fail("--percent-limit must be between 0 and 100");
	/* kernel symbol files named by the user must exist (perf: Invalid file) */
	if (o->vmlinux && access(o->vmlinux, R_OK))
		return cmd_fail(-errno, "cannot read vmlinux '%s'", o->vmlinux);
	if (o->kallsyms && access(o->kallsyms, R_OK))
		return cmd_fail(-errno, "cannot read kallsyms '%s'", o->kallsyms);
	if (o->symfs && access(o->symfs, X_OK))
		return cmd_fail(-errno, "cannot use --symfs '%s'", o->symfs);
	if (o->parent && hist_parse_regex(o->parent))
		return cmd_usage_fail("invalid --parent regular expression '%s'", o->parent);
	if (o->callgraph) {
		o->callgraph_set = true;
		if (parse_cg(o->callgraph, cg))
			return cmd_usage_fail("invalid --call-graph '%s'", o->callgraph);
		if (cg->address)
			return cmd_usage_fail("'-g address' is not supported: call graphs are keyed by function (use -g function, the default)");
	}
	if (o->inverted) {
		cg->order = HIST_ORDER_CALLER;
		cg->order_set = true;
	}
	if (o->percent_limit > 0)
		cg->min_percent = o->percent_limit;
	ho->keys[0] = HIST_KEY_COMM;
	ho->keys[1] = HIST_KEY_DSO;
	ho->keys[2] = HIST_KEY_SYM;
	ho->nr_keys = 3;
	if (o->sort && parse_sort(o->sort, ho, branch_key))
		return PTOOL_EXIT_USAGE;
	/* perf: a --parent regex of one's own adds the parent key */
	if (o->parent && !has_key(ho, HIST_KEY_PARENT) && ho->nr_keys < HIST_KEY_MAX)
		ho->keys[ho->nr_keys++] = HIST_KEY_PARENT;
	if (o->hierarchy && o->fields)
		return cmd_usage_fail("--hierarchy and --fields cannot be used together");
	if (o->fields && hist_parse_fields(o->fields, ho, o->sort != NULL, &bad))
		return bad ? cmd_usage_fail("unknown --fields key '%s' (known: overhead, overhead_sys, overhead_us, overhead_children, sample, period and the --sort keys)",
					    bad) : cmd_usage_fail("empty --fields");
	return 0;
}

static struct session *open_input(struct report_opts *o)
{
	struct session_opts so = {
		.path = o->input, .force = o->force, .vmlinux = o->vmlinux,
		.kallsyms = o->kallsyms, .no_demangle = !o->demangle,
		.no_inline = !o->inline_, .max_stack = o->max_stack,
		.symfs = o->symfs,
	};
	struct strbuf err = STRBUF_INIT;
	struct session *s;

	s = session_open(&so, &err);
	if (!s && errno == ENOENT && !strcmp(o->input, "perf.data"))
		cmd_fail(0, "%s (try 'ptool record' first)", err.buf);
	else if (!s)
		cmd_fail(0, "%s", err.buf);
	strbuf_release(&err);
	return s;
}

/*
 * perf names the one allowed value instead of a column of it, in sort
 * key order, and shows every column when none would be left
 */
static void elide_single(const struct report_opts *o, struct hist_opts *ho)
{
	for (int i = 0; i < ho->nr_keys; i++) {
		enum hist_key k = ho->keys[i];
		const char *list = k == HIST_KEY_COMM ? o->comms :
				   k == HIST_KEY_DSO ? o->dsos :
				   k == HIST_KEY_SYM ? o->syms : NULL;

		if (!single(list))
			continue;
		ho->elide[k] = true;
		if (!o->quiet)
			printf("# %s: %s\n", k == HIST_KEY_COMM ? "comm" :
			       k == HIST_KEY_DSO ? "dso" : "symbol", list);
	}
	if (all_elided(ho))
		memset(ho->elide, 0, sizeof(ho->elide));
}

/* the aggregation's options, once the file's callchains are known */
static void setup_hist(struct report_opts *o, struct run *r,
		       const struct cg_opts *cg, struct session *s, bool cc,
		       struct tpfmt **tp, int32_t **sockets)
{
	struct pdata *p = session_pdata(s);
	/*
	 * perf reading a pipe sets up its columns before it has seen an
	 * attr: no children columns unless asked for, but the caller-based
	 * graph that children mode would have had
	 */
	bool pipe_default = pdata_is_pipe(p) && o->children < 0;

	r->ho.children = cc && o->children != 0 && !pipe_default;
	r->ho.callchain = cc && cg->graph != OUT_GRAPH_NONE;
	r->ho.order = cg->order_set ? cg->order :
		      r->ho.children || pipe_default ? HIST_ORDER_CALLER : HIST_ORDER_CALLEE;
	/* perf turns children off there, keeping children's caller order */
	if (o->hierarchy)
		r->ho.children = false;
	r->ho.min_percent = cg->min_percent;
	r->ho.fractal = cg->graph == OUT_GRAPH_FRACTAL;
	r->ho.parent_re = o->parent;
	/* --sort trace alone, or perf's default for tracepoints: out_trace.h */
	r->trace = o->fields ? false :
		   o->sort ? r->ho.nr_keys == 1 && r->ho.keys[0] == HIST_KEY_TRACE :
		   all_tracepoints(s);
	if (r->trace || has_key(&r->ho, HIST_KEY_TRACE))
		r->ho.tp = *tp = session_tpfmt_new(s);
	if (r->trace) {
		r->traces = xcalloc(session_nr_events(s) + 1, sizeof(*r->traces));
		strbuf_init(&r->text, 256);
		r->ho.callchain = r->ho.children = false;
	}
	if (has_key(&r->ho, HIST_KEY_SOCKET) &&
	    !pdata_cpu_sockets(p, sockets, &r->ho.nr_sockets))
		r->ho.sockets = *sockets;
	r->nr_hists = session_nr_events(s);
	r->hists = xcalloc(r->nr_hists + 1, sizeof(*r->hists));
	r->progress = !o->quiet && isatty(STDERR_FILENO);
}

/* the samples into the aggregations; 0 or the exit status */
static int read_samples(struct report_opts *o, struct run *r, struct session *s,
			bool cc)
{
	int rc;

	if (o->threads) {
		r->rv = readvals_new();
		session_set_event_fn(s, on_event, r);
	}
	/*
	 * hist keeps what a callchain came to, so a chain seen before is not
	 * resolved again; the --dsos, --symbols and -U filters look at every
	 * sample's own frame; off-CPU time joins the CPU samples' time
	 * (session_offcpu_wall())
	 */
	r->wall_idx = o->off_cpu_only || o->on_cpu_only ? -1 : session_offcpu_wall(s);
	rc = session_for_each_sample(s, (!r->trace && cc &&
					 (r->ho.children || r->ho.callchain ||
					  has_key(&r->ho, HIST_KEY_PARENT)) ?
					 SESSION_CALLCHAIN : 0) |
				     (sfilter_needs_frames(r->filt) ? 0 : SESSION_REUSE) |
				     (r->ho.order == HIST_ORDER_CALLER ? SESSION_STACK_ROOT : 0) |
				     SESSION_OFFCPU, on_sample, r);
	if (r->progress && r->nr >= 0x10000)
		fputs("\r\033[K", stderr);
	if (rc < 0)
		return cmd_fail(0, "%s", session_strerror(s));
	cmd_warn_unfinished(session_pdata(s), o->input);
	return 0;
}

/* the --sort trace tables, one per event */
static int print_traces(struct report_opts *o, struct run *r, struct session *s)
{
	struct out_trace_opts to = { o->show_nr, o->percent_limit, o->quiet };

	for (size_t i = 0; i < r->nr_hists; i++) {
		struct out_trace *ot = r->traces[i];

		if (!ot || !out_trace_nr_samples(ot))
			continue;
		block_header(o, session_event_name(s, i), out_trace_nr_samples(ot),
			     out_trace_total(ot), false);
		if (out_trace_write(ot, stdout, &to) < 0)
			return -EIO;
		fputs("\n\n", stdout);
	}
	return 0;
}

/* the tables of the events (a group's in one with --group) */
static int print_hists(struct report_opts *o, struct run *r, struct session *s,
		       const struct out_report_opts *oo)
{
	struct pdata *p = session_pdata(s);

	for (size_t i = 0; i < r->nr_hists; i++) {
		const struct pdata_group *g = group_led_by(p, i);
		struct hist *h = r->hists[i];

		/* perf's group view: no call graphs here (see the docs) */
		if (g && o->group && !r->ho.callchain && !r->ho.children &&
		    !o->hierarchy) {
			if (report_group(r, s, g, oo) < 0)
				return -EIO;
			i += g->nr_members - 1;
			continue;
		}
		if (!h || !hist_nr_samples(h))
			continue;
		hist_finish(h, NULL, NULL, o->percent_limit);
		/* a leader is "events" in perf, grouped or not */
		block_header(o, session_offcpu_name(s, i, r->wall_idx >= 0),
			     hist_nr_samples(h), hist_total(h), g != NULL);
		if ((o->hierarchy ? out_report_hierarchy : out_report_hist)(stdout, h, oo) < 0)
			return -EIO;
		fputs("\n\n", stdout);
	}
	return 0;
}

/* one block per event (or group) with samples, then -T's table */
static int print_report(struct report_opts *o, struct run *r, struct session *s,
			const struct cg_opts *cg)
{
	const struct pdata_stats *ps = pdata_stats(session_pdata(s));
	struct out_report_opts oo = {
		.graph = r->ho.callchain ? cg->graph : OUT_GRAPH_NONE,
		.show_nr = o->show_nr, .percent_limit = o->percent_limit,
		.min_percent = cg->min_percent, .quiet = o->quiet,
		.skip_first_frame = o->sort && !o->fields && !strncmp(o->sort, "sym", 3),
		.value = cg->value, .print_limit = cg->print_limit,
	};
	size_t with_samples = 0;

	for (size_t i = 0; i < r->nr_hists; i++)
		if ((r->hists[i] && hist_nr_samples(r->hists[i])) ||
		    (r->trace && r->traces[i] && out_trace_nr_samples(r->traces[i])))
			with_samples++;
	if (!with_samples) {
		/* perf says so and exits 0: nothing to report is no failure */
		pr_err("'%s' has no samples", o->input);
		return 0;
	}
	if (!o->quiet)
		printf("#\n# Total Lost Samples: %llu\n#\n",
		       (unsigned long long)ps->total_lost_samples);
	if (session_stats(s)->nr_unwind_fail)
		pr_debug("%llu samples could not be unwound",
			 (unsigned long long)session_stats(s)->nr_unwind_fail);
	/* perf stops at a write error without a message of its own */
	if (r->trace)
		print_traces(o, r, s);
	else
		print_hists(o, r, s, &oo);
	if (r->rv && readvals_write(r->rv, stdout))
		return cmd_fail(-EIO, "cannot write the thread table");
	return 0;
}

/* the table report (perf report --stdio) of an open session */
static int report_tables(struct report_opts *o, struct session *s,
			 struct cg_opts *cg, struct run *r, bool branch_key)
{
	struct pdata *p = session_pdata(s);
	struct tpfmt *tp = NULL;
	int32_t *sockets = NULL;
	struct strbuf err = STRBUF_INIT;
	bool cc = has_callchains(p);
	int ret;

	if (branch_key)
		return pdata_has_sample_bit(p, PERF_SAMPLE_BRANCH_STACK) ?
		       cmd_usage_fail("branch sort keys (dso_from, symbol_to ...) are not supported") :
		       cmd_usage_fail("invalid --sort key '%s': '%s' has no branch stacks (record with -b)",
				      o->sort, o->input);
	if (!cc && o->callgraph_set && cg->graph != OUT_GRAPH_NONE)
		return cmd_fail(0, "selected -g but no callchain data (record with -g)");
	if (o->header || o->header_only) {
		if (pdata_fprintf_header(p, stdout, 0) < 0)
			return cmd_fail(-EIO, "cannot write the header");
		if (o->header_only)
			return 0;
	} else if (!o->quiet) {
		fputs("# To display the perf.data header info, please use "
		      "--header/--header-only options.\n#\n", stdout);
	}
	fflush(stdout);		/* that line before an error, as perf */
	if (!cc && has_key(&r->ho, HIST_KEY_PARENT))
		return cmd_fail(0, "selected --sort parent but no callchain data (record with -g)");
	r->filt = sfilter_new(&(struct sfilter_opts){
		.comms = o->comms, .pids = o->pids, .tids = o->tids,
		.cpus = o->cpus, .dsos = o->dsos, .syms = o->syms,
		.time = o->time, .hide_unresolved = o->hide_unresolved,
	}, s, &err);
	if (!r->filt) {
		ret = cmd_fail(0, "%s", err.buf);
		strbuf_release(&err);
		return ret;
	}
	strbuf_release(&err);
	elide_single(o, &r->ho);
	setup_hist(o, r, cg, s, cc, &tp, &sockets);
	ret = read_samples(o, r, s, cc);
	if (!ret)
		ret = print_report(o, r, s, cg);
	tpfmt_free(tp);
	free(sockets);
	return ret;
}

static void run_release(struct run *r)
{
	for (size_t i = 0; i < r->nr_hists; i++) {
		hist_free(r->hists[i]);
		if (r->traces)
			out_trace_free(r->traces[i]);
	}
	free(r->hists);
	free(r->traces);
	strbuf_release(&r->text);
	free(r->fbuf);
	readvals_free(r->rv);
	sfilter_free(r->filt);
}

/* --latency: the probe latency table */
static int report_latency(struct session *s, const char *spec,
			  enum latency_by lby)
{
	struct strbuf lerr = STRBUF_INIT;
	int ret = 0;

	if (latency_session(s, spec, lby, stdout, &lerr))
		ret = cmd_fail(0, "%s", lerr.buf);
	strbuf_release(&lerr);
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
		OPT_STR(0, "symfs", &o.symfs, "DIR", "look for the objects' files under DIR"),
		OPT_STR(0, "objdump", &o.objdump, "PATH", "objdump binary (accepted; report does not disassemble)"),
		OPT_STR('s', "sort", &o.sort, "KEYS", "sort by keys: comm, pid, dso, sym, srcline, srcfile, cpu, socket, parent, time, trace (default comm,dso,sym; trace when all events are tracepoints)"),
		OPT_STR('F', "fields", &o.fields, "FIELDS", "the columns in order: overhead, overhead_sys, overhead_us, overhead_children, sample, period and sort keys (the sort keys without -s)"),
		OPT_BOOL(0, "hierarchy", &o.hierarchy, "one column of indented levels, one per sort key (no children)"),
		OPT_STR('p', "parent", &o.parent, "REGEX", "the parent key's regex (default ^sys_|^do_page_fault)"),
		OPT_CALLBACK_NOARG(0, "children", &o.children, "accumulate callers' overhead (default with callchains)", children_cb),
		OPT_CALLBACK_OPTARG('g', "call-graph", &o, "MODE", "graph|fractal|flat|folded|none[,threshold[,print_limit]][,caller|callee][,function][,percent|period|count]", callgraph_cb),
		OPT_BOOL('G', "inverted", &o.inverted, "caller-based call graph"),
		OPT_BOOL('n', "show-nr-samples", &o.show_nr, "show the number of samples"),
		OPT_DOUBLE(0, "percent-limit", &o.percent_limit, "PCT", "hide entries under this percentage"),
		OPT_STR('c', "comms", &o.comms, "LIST", "only these commands"),
		{ OPT_T_STR, 0, "comm", &o.comms, "LIST", "only these commands", OPT_HIDDEN, NULL },
		OPT_STR(0, "pid", &o.pids, "LIST", "only these process ids"),
		OPT_STR(0, "tid", &o.tids, "LIST", "only these thread ids"),
		OPT_STR('C', "cpu", &o.cpus, "LIST", "only samples on these cpus (0,2-3)"),
		OPT_STR('d', "dsos", &o.dsos, "LIST", "only these shared objects"),
		{ OPT_T_STR, 0, "dso", &o.dsos, "LIST", "only these shared objects", OPT_HIDDEN, NULL },
		OPT_STR('S', "symbols", &o.syms, "LIST", "only these symbols"),
		OPT_CALLBACK_NOARG(0, "group", &o.group,
				   "show event groups together (default for files with groups)",
				   children_cb),
		OPT_BOOL('U', "hide-unresolved", &o.hide_unresolved, "only samples (and frames) with a symbol"),
		OPT_STR(0, "time", &o.time, "RANGES", "only samples in these time ranges: START,STOP[ ...] (seconds) or 10%/2, 0%-10%,30%-40%"),
		OPT_BOOL('T', "threads", &o.threads, "show the per-thread counts of READ records (record -s)"),
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
	struct run r = { .o = &o };
	struct session *s = NULL;
	struct stat st;
	const char **args;
	char *joined[8];
	int nargs, njoined, ret;
	bool branch_key = false;

	args = join_cg_args(argc, argv, &nargs, joined, &njoined, (int)ARRAY_SIZE(joined));
	argc = opt_parse(nargs, args, options, report_usage, 0);
	if (argc < 0) {
		ret = opt_exit_status(argc);
		goto out_args;
	}
	if (argc > 0) {
		ret = cmd_usage_fail("unexpected argument '%s'", args[0]);
		goto out_args;
	}
	if (o.verbose)
		msg_set_verbose(msg_verbose() + o.verbose);
	if ((ret = check_opts(&o, &cg, &r.ho, &branch_key)))
		goto out_args;
	if (o.latency_by && latency_parse_by(o.latency_by, &lby)) {
		ret = cmd_usage_fail("invalid --latency-by '%s': comm or tid", o.latency_by);
		goto out_args;
	}
	if (!o.input || !*o.input)
		o.input = !fstat(STDIN_FILENO, &st) && S_ISFIFO(st.st_mode) ? "-" : "perf.data";
	if (o.recover) {
		ret = recover(&o);
		goto out_args;
	}
	s = open_input(&o);
	if (!s) {
		ret = PTOOL_EXIT_FAIL;
		goto out_args;
	}
	if (o.latency) {
		ret = report_latency(s, o.latency, lby);
	} else if (o.folded || o.flamegraph || o.pprof) {
		ret = report_pictures(&o, s);
	} else {
		ret = report_tables(&o, s, &cg, &r, branch_key);
	}
	run_release(&r);
	session_free(s);
out_args:
	for (int i = 0; i < njoined; i++)
		free(joined[i]);
	free(args);
	return ret;
}
