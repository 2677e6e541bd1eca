// SPDX-License-Identifier: GPL-2.0
/*
 * ptool script: print the samples of a perf.data file as `perf script`
 * does, or their folded stacks, a flame graph SVG or a pprof profile.
 */
#include "ptool/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptool/msg.h"
#include "ptool/opt.h"
#include "ptool/out_file.h"
#include "ptool/out_flamegraph.h"
#include "ptool/out_folded.h"
#include "ptool/out_script.h"
#include "ptool/out_stacks.h"
#include "ptool/parse.h"
#include "ptool/pdata.h"
#include "ptool/readall.h"
#include "ptool/session.h"
#include "ptool/sfilter.h"
#include "ptool/strbuf.h"
#include "ptool/tpfmt.h"

struct script_opts {
	const char *input;
	const char *fields;
	bool ns;
	bool reltime, deltatime;
	bool hide_callchain;
	bool header;
	bool header_only;
	bool force;
	const char *vmlinux;
	const char *kallsyms;
	const char *symfs;
	int verbose;
	bool demangle;
	bool inline_frames;
	unsigned int max_stack;
	const char *comms;
	const char *syms, *dsos, *cpus;
	const char *gen_script;
	bool show_task, show_mmap, show_switch, show_lost;
	const char *pids;
	const char *tids;
	const char *time;
	bool folded;
	bool fold_plain;
	bool fold_pid, fold_tid;
	const char *flamegraph;
	const char *title;
	const char *subtitle;
	unsigned int width;
	bool inverted;
	const char *diff;
	const char *pprof;
	const char *pprof_labels;
	bool off_cpu_only, on_cpu_only;
	bool wall;		/* set when the file is an off-CPU recording */
};

static const char *const script_usage[] = {
	"ptool script [<options>]",
	"ptool script --folded [<options>]",
	"ptool script --flamegraph <file.svg> [<options>]",
	"ptool script --pprof <file.pb.gz> [<options>]",
	NULL
};

struct run {
	const struct script_opts *o;
	struct sfilter *filt;
	struct out_script *sc;
	struct out_stacks *st;
	struct strbuf out;
	int write_err;
};

static struct sfilter *filter_new(const struct script_opts *o, struct session *s,
				  bool with_time)
{
	struct sfilter_opts fo = {
		.comms = o->comms, .pids = o->pids, .tids = o->tids,
		.cpus = o->cpus, .dsos = o->dsos, .syms = o->syms,
		.time = with_time ? o->time : NULL,
	};
	struct strbuf err = STRBUF_INIT;
	struct sfilter *f = sfilter_new(&fo, s, &err);

	if (!f)
		cmd_fail(0, "%s", err.buf);
	strbuf_release(&err);
	return f;
}

static int flush_out(struct run *r)
{
	errno = 0;
	if (r->out.len && fwrite(r->out.buf, 1, r->out.len, stdout) != r->out.len)
		r->write_err = errno ? -errno : -EIO;
	strbuf_reset(&r->out);
	return r->write_err;
}

static int on_sample(struct session *s, const struct session_sample *ss,
		     void *arg)
{
	struct run *r = arg;

	if (sfilter_drops(r->filt, ss) || sfilter_hides(r->filt, ss))
		return 0;
	if ((r->o->off_cpu_only && !ss->offcpu) || (r->o->on_cpu_only && ss->offcpu))
		return 0;
	if (r->st) {
		out_stacks_add(r->st, ss);
		return 0;
	}
	out_script_sample(r->sc, ss, &r->out);
	if (r->out.len >= 1 << 16)
		return flush_out(r) ? 1 : 0;
	return 0;
}

/* --show-*-events: perf filters those lines by -C alone */
static int on_event(struct session *s, const struct pdata_event *ev, void *arg)
{
	struct run *r = arg;

	(void)s;
	if (!sfilter_cpu_ok(r->filt, ev->sample.cpu))
		return 0;
	out_script_event(r->sc, ev, &r->out);
	if (r->out.len >= 1 << 16)
		return flush_out(r) ? 1 : 0;
	return 0;
}


static bool is_perf_data(const char *path)
{
	char magic[8];
	int fd;
	ssize_t n;

	if (!strcmp(path, "-"))
		return true;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return true;	/* let the session say what is wrong */
	n = read_all(fd, magic, sizeof(magic));
	close(fd);
	return n != (ssize_t)sizeof(magic) || !memcmp(magic, "PERFILE2", 8) ||
	       !memcmp(magic, "2ELIFREP", 8);
}

static int read_folded(const char *path, struct out_fold *f)
{
	FILE *fp = fopen(path, "r");
	unsigned long line = 0;
	long n;

	if (!fp)
		return cmd_fail(-errno, "cannot open '%s'", path);
	n = out_fold_read(f, fp, &line);
	fclose(fp);
	if (n == -EINVAL)
		return cmd_fail(0, "'%s' is neither a perf.data file nor folded stacks (line %lu has no count)",
				path, line);
	if (n < 0)
		return cmd_fail((int)n, "cannot read '%s'", path);
	return 0;
}

/* write @path whole or not at all (see out_file.h), with the messages */
static int outfile_open(struct out_file *of, const char *path)
{
	int err = out_file_open(of, path);

	return err ? cmd_fail(err, "cannot create '%s'", path) : 0;
}

static int outfile_close(struct out_file *of, int write_ret)
{
	const char *path = of->path;
	int err = out_file_commit(of, write_ret);

	return err ? cmd_fail(err, "cannot write '%s'", path) : 0;
}

static struct session *open_session(const struct script_opts *o, const char *path)
{
	struct session_opts so = {
		.path = path, .force = o->force, .vmlinux = o->vmlinux,
		.kallsyms = o->kallsyms, .symfs = o->symfs, .no_demangle = !o->demangle,
		.no_inline = !o->inline_frames, .max_stack = o->max_stack,
	};
	struct strbuf err = STRBUF_INIT;
	struct session *s = session_open(&so, &err);

	if (!s) {
		if (errno == ENOENT && !strcmp(path, "perf.data"))
			cmd_fail(0, "%s (try 'ptool record' first)", err.buf);
		else if (errno == ENODATA)
			cmd_fail(0, "'%s' has no samples (empty file)", path);
		else
			cmd_fail(0, "%s", err.len ? err.buf : strerror(errno));
	}
	strbuf_release(&err);
	return s;
}

/* the folded stacks of another file, for --diff */
static int load_base(const struct script_opts *o, struct out_fold **base)
{
	struct session *s;
	struct run r = { .o = o };
	int ret;

	if (!is_perf_data(o->diff)) {
		*base = out_fold_new();
		return read_folded(o->diff, *base);
	}
	s = open_session(o, o->diff);
	if (!s)
		return PTOOL_EXIT_FAIL;
	r.st = out_stacks_new(s, OUT_STACKS_FOLD | (o->fold_plain ? OUT_STACKS_PLAIN : 0), NULL);
	if (!r.st) {
		session_free(s);
		return cmd_fail(0, "cannot read the events of '%s'", o->diff);
	}
	out_stacks_wall(r.st, o->wall);
	r.filt = filter_new(o, s, false);	/* another file, other times */
	ret = r.filt ? session_for_each_sample(s, SESSION_CALLCHAIN | SESSION_OFFCPU,
						 on_sample, &r) : 0;
	sfilter_free(r.filt);
	if (!r.filt) {
		out_stacks_free(r.st);
		session_free(s);
		return PTOOL_EXIT_FAIL;
	}
	if (ret < 0) {
		ret = cmd_fail(0, "%s", session_strerror(s));
	} else {
		*base = out_stacks_detach_fold(r.st);
		ret = 0;
	}
	out_stacks_free(r.st);
	session_free(s);
	return ret;
}

static int write_pictures(const struct script_opts *o, const struct out_fold *f,
			  struct out_stacks *st)
{
	int ret = 0;

	if (o->folded) {
		if (out_fold_write(f, stdout))
			return cmd_fail(-EIO, "cannot write the folded stacks");
	}
	if (o->flamegraph) {
		struct out_flame_opts fo = {
			.title = o->title, .subtitle = o->subtitle,
			.width = o->width, .inverted = o->inverted,
		};
		struct out_fold *base = NULL;
		struct out_file of;

		if (o->diff && (ret = load_base(o, &base))) {
			out_fold_free(base);	/* a folded file read in part */
			return ret;
		}
		fo.base = base;
		if (o->diff && !fo.title)
			fo.title = "Differential Flame Graph";
		if (o->wall || o->off_cpu_only) {
			/* off-CPU recordings: every frame's width is time */
			fo.count_name = "ns";
			if (!fo.title)
				fo.title = o->off_cpu_only ? "Off-CPU Time Flame Graph" :
					   "Wall-Clock Flame Graph (on-CPU and off-CPU time)";
		}
		if (!outfile_open(&of, o->flamegraph))
			ret = outfile_close(&of, out_flamegraph_write(f, &fo, of.fp));
		else
			ret = PTOOL_EXIT_FAIL;
		out_fold_free(base);
		if (ret)
			return ret;
	}
	if (o->pprof && st) {
		struct out_file of;

		if (outfile_open(&of, o->pprof))
			return PTOOL_EXIT_FAIL;
		ret = outfile_close(&of, out_stacks_write_pprof(st, of.fp));
	}
	return ret;
}

static int check_opts(struct script_opts *o, unsigned int *labels)
{
	if (o->verbose)
		msg_set_verbose(msg_verbose() + o->verbose);
	if (o->symfs && access(o->symfs, X_OK))
		return cmd_fail(-errno, "cannot use --symfs '%s'", o->symfs);
	if (o->gen_script)
		return cmd_fail(0, "-g/--gen-script: Perl and Python scripting is not supported");
	if (o->reltime && o->deltatime)
		return cmd_usage_fail("--reltime and --deltatime cannot be used together");
	if (o->diff && !o->flamegraph)
		return cmd_usage_fail("--diff needs --flamegraph");
	if (o->width && (o->width < 100 || o->width > 100000))
		return cmd_usage_fail("--width must be between 100 and 100000");
	if (o->pprof_labels && !o->pprof)
		return cmd_usage_fail("--pprof-labels needs --pprof");
	if (o->pprof_labels && out_stacks_parse_labels(o->pprof_labels, labels))
		return cmd_usage_fail("unknown label in '--pprof-labels=%s' (comm, pid, tid, cpu or none)",
				      o->pprof_labels);
	if (o->off_cpu_only && o->on_cpu_only)
		return cmd_usage_fail("--off-cpu-only and --on-cpu-only cannot be used together");
	if ((o->off_cpu_only || o->on_cpu_only) &&
	    !(o->folded || o->flamegraph || o->pprof))
		return cmd_usage_fail("--%s-cpu-only needs --folded, --flamegraph or --pprof",
				      o->off_cpu_only ? "off" : "on");
	if (!o->input || !*o->input) {
		struct stat st;

		/* as perf: a pipe on standard input is the data */
		if (!fstat(STDIN_FILENO, &st) && S_ISFIFO(st.st_mode))
			o->input = "-";
		else
			o->input = "perf.data";
	}
	return 0;
}

/* a folded-stack text file: turned into a flame graph or folded text */
static int script_folded_file(const struct script_opts *o)
{
	struct out_fold *f;
	int ret;

	if (o->pprof)
		return cmd_fail(0, "'%s' is not a perf.data file: --pprof needs one", o->input);
	f = out_fold_new();
	ret = read_folded(o->input, f);
	if (!ret)
		ret = write_pictures(o, f, NULL);
	out_fold_free(f);
	return ret;
}

/* what --folded, --flamegraph and --pprof collect */
static unsigned int stacks_flags(const struct script_opts *o, unsigned int labels)
{
	unsigned int flags = 0;

	if (o->folded || o->flamegraph)
		flags |= OUT_STACKS_FOLD;
	if (o->pprof)
		flags |= OUT_STACKS_PPROF | labels |
			 (o->inline_frames ? 0 : OUT_STACKS_NO_INLINE);
	if (o->fold_plain)
		flags |= OUT_STACKS_PLAIN;
	if (o->fold_pid)
		flags |= OUT_STACKS_PID;
	if (o->fold_tid)
		flags |= OUT_STACKS_TID;
	return flags;
}

/* the samples of a perf.data file as text or pictures */
static int script_session(struct script_opts *o, unsigned int labels,
			  bool pictures)
{
	struct out_script_opts so;
	struct session *s = NULL;
	struct tpfmt *tp = NULL;
	struct run r = { .o = o };
	struct strbuf err = STRBUF_INIT;
	int ret = 0;

	s = open_session(o, o->input);
	if (!s || !(r.filt = filter_new(o, s, true))) {
		ret = PTOOL_EXIT_FAIL;
		goto out;
	}
	if (o->header || o->header_only) {
		if (pdata_fprintf_header(session_pdata(s), stdout, 0)) {
			ret = cmd_fail(-EIO, "cannot write the header");
			goto out;
		}
		if (o->header_only)
			goto out;
	}
	tp = session_tpfmt_new(s);
	so = (struct out_script_opts){
		.ns = o->ns, .hide_callchain = o->hide_callchain, .fields = o->fields,
		.reltime = o->reltime, .deltatime = o->deltatime,
		.show = (o->show_task ? OUT_SHOW_TASK : 0) | (o->show_mmap ? OUT_SHOW_MMAP : 0) |
			(o->show_switch ? OUT_SHOW_SWITCH : 0) | (o->show_lost ? OUT_SHOW_LOST : 0),
	};
	r.sc = out_script_new(s, &so, tp, &err);
	if (!r.sc) {
		ret = cmd_fail(0, "%s", err.buf);
		goto out;
	}
	if (pictures) {
		r.st = out_stacks_new(s, stacks_flags(o, labels), r.sc);
		if (!r.st) {
			ret = cmd_fail(0, "cannot collect the stacks");
			goto out;
		}
		/*
		 * an off-CPU recording: wall-clock time (CPU samples by their
		 * period, off-CPU samples by the time blocked) unless only the
		 * CPU samples are asked for
		 */
		if (session_offcpu_event(s) >= 0) {
			o->wall = !o->on_cpu_only;
			out_stacks_wall(r.st, o->wall);
		} else if (o->off_cpu_only) {
			pr_warn("'%s' has no off-CPU samples (record with --off-cpu)",
				o->input);
		}
	}
	strbuf_init(&r.out, 1 << 17);
	if (so.show && !pictures)
		session_set_event_fn(s, on_event, &r);
	ret = session_for_each_sample(s, ((o->hide_callchain && !pictures) ? 0 : SESSION_CALLCHAIN) |
				      (pictures ? SESSION_OFFCPU : 0), on_sample, &r);
	if (ret < 0) {
		flush_out(&r);
		ret = cmd_fail(0, "%s", session_strerror(s));
		goto out;
	}
	cmd_warn_unfinished(session_pdata(s), o->input);
	if (flush_out(&r)) {
		ret = cmd_fail(r.write_err, "cannot write the output");
		goto out;
	}
	ret = 0;
	if (pictures)
		ret = write_pictures(o, out_stacks_fold(r.st), r.st);
	if (!ret && o->flamegraph && strcmp(o->flamegraph, "-"))
		pr_info("[ ptool script: wrote '%s' (%llu samples) ]", o->flamegraph,
			(unsigned long long)out_stacks_nr_samples(r.st));
out:
	strbuf_release(&err);
	strbuf_release(&r.out);
	out_stacks_free(r.st);
	out_script_free(r.sc);
	tpfmt_free(tp);
	sfilter_free(r.filt);
	session_free(s);
	return ret;
}

int cmd_script(int argc, const char **argv)
{
	struct script_opts o = {
		.demangle = true, .inline_frames = true,
	};
	const struct opt options[] = {
		OPT_STR('i', "input", &o.input, "FILE", "input file name (default: perf.data)"),
		OPT_STR('F', "fields", &o.fields, "LIST",
			"fields to show: [type:]f1,f2... or +f,-f"),
		OPT_BOOL(0, "ns", &o.ns, "show times in nanoseconds"),
		OPT_BOOL(0, "reltime", &o.reltime, "show times relative to the first sample"),
		OPT_BOOL(0, "deltatime", &o.deltatime, "show times relative to the previous sample"),
		OPT_BOOL('G', "hide-call-graph", &o.hide_callchain, "one line per sample, no callchain"),
		OPT_STR('c', "comms", &o.comms, "LIST", "only these commands (comma-separated)"),
		{ OPT_T_STR, 0, "comm", &o.comms, "LIST", "only these commands", OPT_HIDDEN, NULL },
		OPT_STR('S', "symbols", &o.syms, "LIST", "only samples in these symbols"),
		OPT_STR(0, "dsos", &o.dsos, "LIST", "only samples in these shared objects"),
		OPT_STR('C', "cpu", &o.cpus, "LIST", "only samples on these cpus (1,3-5)"),
		OPT_STR('g', "gen-script", &o.gen_script, "LANG",
			"perf's script skeleton generator (not supported)"),
		OPT_STR(0, "pid", &o.pids, "LIST", "only these process ids"),
		OPT_STR(0, "tid", &o.tids, "LIST", "only these thread ids"),
		OPT_STR(0, "time", &o.time, "RANGES", "only samples in these time ranges: START,STOP[ ...] (seconds) or 10%/2, 0%-10%,30%-40%"),
		OPT_BOOL(0, "show-task-events", &o.show_task, "show the fork/comm/exit events"),
		OPT_BOOL(0, "show-mmap-events", &o.show_mmap, "show the mmap events"),
		OPT_BOOL(0, "show-switch-events", &o.show_switch, "show the context switch events"),
		OPT_BOOL(0, "show-lost-events", &o.show_lost, "show the lost events"),
		OPT_BOOL(0, "header", &o.header, "show the file's header first"),
		OPT_BOOL(0, "header-only", &o.header_only, "show only the file's header"),
		OPT_BOOL('f', "force", &o.force, "read a file owned by another user"),
		OPT_STR('k', "vmlinux", &o.vmlinux, "FILE", "vmlinux for kernel symbols"),
		OPT_STR(0, "kallsyms", &o.kallsyms, "FILE", "kallsyms for kernel symbols"),
		OPT_STR(0, "symfs", &o.symfs, "DIR", "look for the objects' files under DIR"),
		OPT_INCR('v', "verbose", &o.verbose, "more messages"),
		OPT_BOOL(0, "demangle", &o.demangle, "demangle C++ symbols (default)"),
		OPT_BOOL(0, "inline", &o.inline_frames, "show inlined functions in callchains (default)"),
		OPT_UINT(0, "max-stack", &o.max_stack, "N", "frames per callchain (default 127)"),
		OPT_GROUP("Stacks and pictures"),
		OPT_BOOL(0, "folded", &o.folded, "print folded stacks (comm;root;...;leaf count)"),
		OPT_BOOL(0, "fold-plain", &o.fold_plain, "fold without _[k]/_[j] frame marks"),
		OPT_BOOL(0, "fold-pid", &o.fold_pid, "fold with comm-PID roots"),
		OPT_BOOL(0, "fold-tid", &o.fold_tid, "fold with comm-PID/TID roots"),
		OPT_STR(0, "flamegraph", &o.flamegraph, "FILE", "write an interactive SVG flame graph"),
		OPT_STR(0, "title", &o.title, "TEXT", "flame graph title"),
		OPT_STR(0, "subtitle", &o.subtitle, "TEXT", "flame graph subtitle"),
		OPT_UINT(0, "width", &o.width, "PIXELS", "flame graph width (default 1200)"),
		OPT_BOOL(0, "inverted", &o.inverted, "icicle graph: roots at the top"),
		OPT_STR(0, "diff", &o.diff, "FILE", "differential flame graph against FILE (perf.data or folded)"),
		OPT_STR(0, "pprof", &o.pprof, "FILE", "write a gzip'd pprof profile"),
		OPT_STR(0, "pprof-labels", &o.pprof_labels, "LIST",
			"pprof sample labels: comm,pid,tid,cpu (default) or none"),
		OPT_BOOL(0, "off-cpu-only", &o.off_cpu_only,
			 "record --off-cpu files: only the off-CPU time"),
		OPT_BOOL(0, "on-cpu-only", &o.on_cpu_only,
			 "record --off-cpu files: only the CPU samples"),
		OPT_END(),
	};
	unsigned int labels = OUT_STACKS_LABELS;
	bool pictures;
	int ret;

	msg_set_prefix("ptool script");
	argc = opt_parse(argc, argv, options, script_usage, 0);
	if (argc < 0)
		return opt_exit_status(argc);
	if (argc > 0)
		return cmd_usage_fail("unexpected argument '%s'", argv[0]);
	if ((ret = check_opts(&o, &labels)))
		return ret;
	pictures = o.folded || o.flamegraph || o.pprof;
	if (pictures && !is_perf_data(o.input))
		return script_folded_file(&o);
	return script_session(&o, labels, pictures);
}
