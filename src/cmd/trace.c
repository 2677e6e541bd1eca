// SPDX-License-Identifier: GPL-2.0
/*
 * ptool trace: system calls as perf trace prints them, from the
 * raw_syscalls tracepoints read live from ring buffers (never through a
 * file), or replayed from a perf.data file (-i).
 */
#include "ptool/cmd.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/evlist.h"
#include "ptool/msg.h"
#include "ptool/opt.h"
#include "ptool/parse.h"
#include "ptool/pdata.h"
#include "ptool/scargs.h"
#include "ptool/scevents.h"
#include "ptool/session.h"
#include "ptool/strbuf.h"
#include "ptool/syscalltbl.h"
#include "ptool/target.h"
#include "ptool/tfs.h"
#include "ptool/tpfmt.h"
#include "ptool/trace.h"
#include "ptool/workload.h"

/*
 * Ring pages per cpu: 64 MiB over all cpus, 4 to 16 MiB each: a second of
 * a busy program's calls while ptool is not scheduled, on small machines
 */
#define BUDGET_PAGES	16384
#define MIN_PAGES	1024
#define MAX_PAGES	4096

static unsigned int default_pages(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int p = MAX_PAGES;

	while (n > 0 && p > MIN_PAGES && (long)p * n > BUDGET_PAGES)
		p /= 2;
	return p;
}

struct trace_cmd {
	struct target target;
	struct opt_strlist exprs;
	const char *output;
	const char *input;
	const char *mmap_pages;
	double duration;
	uint64_t max_events;
	bool summary_only;
	bool with_summary;
	bool failure;
	bool errno_summary;
	bool full_time;
	bool comm;
	bool no_inherit;
	bool list_syscalls;
	int verbose;
};

static const char *const trace_usage[] = {
	"ptool trace [<options>] [<command>]",
	"ptool trace [<options>] -- <command> [<options>]",
	NULL,
};

static volatile sig_atomic_t trace_stop;

static void on_signal(int sig)
{
	trace_stop = sig;
}

/* -e/--expr: which syscalls; a clear message for a name that is none */
static int select_syscalls(const struct trace_cmd *o, bool *sel)
{
	char bad[128];
	int err = syscalltbl_select(o->exprs.v, o->exprs.nr, sel, bad,
				    sizeof(bad));
	const char *hint;

	if (err == -EINVAL)
		return cmd_usage_fail("'%s' is not a syscall: ptool trace traces syscalls only",
				      bad);
	if (err) {
		hint = syscalltbl_suggest(bad);
		if (hint)
			return cmd_usage_fail("unknown syscall '%s'; did you mean '%s'?",
					      bad, hint);
		return cmd_usage_fail("unknown syscall '%s'", bad);
	}
	return 0;
}

static int check_options(struct trace_cmd *o, int nargs, unsigned int *pages)
{
	struct strbuf warn = STRBUF_INIT;
	uint64_t v;
	int ret;

	if (o->input && (nargs || !target_none(&o->target)))
		return cmd_usage_fail("-i replays a file: no command, -p, -t, -a or -C with it");
	if (o->duration < 0)
		return cmd_usage_fail("invalid --duration '%g'", o->duration);
	*pages = default_pages();
	if (o->mmap_pages) {
		if (parse_u64(o->mmap_pages, &v) || !v || v > (1u << 20) ||
		    (v & (v - 1)))
			return cmd_usage_fail("invalid --mmap-pages '%s': a power of two",
					      o->mmap_pages);
		*pages = (unsigned int)v;
	}
	ret = cmd_check_target(&o->target, &warn);
	if (warn.len)
		pr_warn("%s", warn.buf);
	strbuf_release(&warn);
	if (ret)
		return ret;
	/* perf trace with neither a command nor a target traces everything */
	if (!o->input && !nargs && target_none(&o->target))
		o->target.system_wide = true;
	return 0;
}

static FILE *open_output(const struct trace_cmd *o)
{
	FILE *fp;

	if (!o->output)
		return stderr;	/* perf trace's output is stderr too */
	fp = fopen(o->output, "we");	/* not the workload's */
	if (!fp)
		cmd_fail(-errno, "cannot create '%s'", o->output);
	return fp;
}

/* ---- -i: replay a file ---- */

struct replay {
	struct trace *t;
	enum trace_kind *kind;
	size_t nr;
};

static int on_replay(struct session *s, const struct session_sample *ss,
		     void *arg)
{
	struct replay *r = arg;

	(void)s;
	if (ss->attr_idx >= 0 && (size_t)ss->attr_idx < r->nr &&
	    r->kind[ss->attr_idx] != TRACE_OTHER)
		trace_sample(r->t, r->kind[ss->attr_idx], ss->s, ss->comm);
	return 0;
}

static int replay(const struct trace_cmd *o, struct trace_opts *to)
{
	struct session_opts so = { .path = o->input };
	struct replay r = { 0 };
	struct scargs *sa = NULL;
	struct tpfmt *tp = NULL;
	struct tfs *tfs = NULL;
	struct session *s;
	struct strbuf err = STRBUF_INIT;
	bool any = false;
	int ret = PTOOL_EXIT_FAIL;

	s = session_open(&so, &err);
	if (!s) {
		cmd_fail(0, "%s", err.buf);
		goto out;
	}
	r.nr = session_nr_events(s);
	r.kind = xcalloc(r.nr + 1, sizeof(*r.kind));
	for (size_t i = 0; i < r.nr; i++) {
		const char *name = session_event_name(s, i);

		if (!strcmp(name, "raw_syscalls:sys_enter"))
			r.kind[i] = TRACE_ENTER;
		else if (!strcmp(name, "raw_syscalls:sys_exit"))
			r.kind[i] = TRACE_EXIT;
		any |= r.kind[i] != TRACE_OTHER;
	}
	if (!any) {
		cmd_fail(0, "'%s' has no raw_syscalls:sys_enter/sys_exit events: record with 'perf trace record' or 'ptool record -e raw_syscalls:sys_enter,raw_syscalls:sys_exit'",
			 o->input);
		goto out;
	}
	tp = session_tpfmt_new(s);
	if (!tp) {
		cmd_fail(0, "'%s': cannot read the tracepoint formats", o->input);
		goto out;
	}
	tfs = tfs_open_mount();	/* argument names; without it arg0..arg5 */
	sa = scargs_new(tfs);
	r.t = trace_new(to, sa, tp);
	ret = session_for_each_sample(s, 0, on_replay, &r);
	if (ret < 0) {
		ret = cmd_fail(0, "%s", session_strerror(s));
		goto out;
	}
	if (to->summary)
		trace_summary(r.t);
	cmd_warn_unfinished(session_pdata(s), o->input);
	ret = PTOOL_EXIT_OK;
out:
	trace_free(r.t);
	scargs_free(sa);
	tfs_free(tfs);
	tpfmt_free(tp);
	free(r.kind);
	session_free(s);
	strbuf_release(&err);
	return ret;
}

/* ---- live ---- */

static int on_record(const struct perf_event_header *rec, int ring, void *arg)
{
	return trace_queue(arg, rec, ring);
}

static struct tpfmt *live_formats(struct tfs **tfs)
{
	struct tpfmt *tp = tpfmt_new((int)sizeof(long),
				     __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);

	*tfs = tfs_open_mount();
	if (!tp || !*tfs ||
	    tpfmt_load_tracefs(tp, *tfs, "raw_syscalls", "sys_enter") < 0 ||
	    tpfmt_load_tracefs(tp, *tfs, "raw_syscalls", "sys_exit") < 0) {
		tpfmt_free(tp);
		return NULL;
	}
	return tp;
}

static void register_ids(struct trace *t, const struct evlist *el)
{
	const struct evsel *e;

	trace_set_attr(t, &evlist_first(el)->attr);
	for (int i = 0; i < el->threads->nr; i++)	/* -p, -t: names now */
		if (el->threads->tid[i] > 0)
			trace_note_task(t, el->threads->tid[i]);
	evlist_for_each(el, e) {
		size_t n = (size_t)e->nr_cpus * (size_t)e->nr_threads;

		for (size_t i = 0; i < n; i++)
			trace_add_id(t, e->id[i], e->idx == 0 ? TRACE_ENTER : TRACE_EXIT);
	}
}

/*
 * Read until the workload ends, the traced tasks are gone or a signal.
 * Formatting is slower than copying records out of the rings, so the
 * rings are drained again after every batch of lines: the backlog waits
 * in memory, not in the rings, where it would be lost.
 */
static int loop(struct scevents *sc, struct trace *t, const sigset_t *mask,
		bool task_target)
{
	long n;
	int ret;

	for (;;) {
		n = scevents_drain(sc, on_record, t);
		if (n < 0)
			return (int)n;
		trace_round(t);
		if (trace_flush(t, false, 2048) == 2048)
			n++;	/* more to print: no waiting */
		if (trace_stop || trace_done(t))
			return 0;
		if (n > 0)
			continue;
		ret = scevents_poll(sc, 100, mask);
		if (ret < 0)
			return ret;
		if (ret == 2 && task_target)
			return 0;
	}
}

/* per cpu: the LOST records' counts, or the fds' when larger */
static void report_lost(struct scevents *sc, struct trace *t)
{
	const struct evlist *el = scevents_evlist(sc);

	for (int i = 0; i < scevents_nr_rings(sc); i++) {
		uint64_t lost = trace_lost(t, i), fds = scevents_lost(sc, i);

		if (fds > lost)
			lost = fds;
		if (lost)
			pr_warn("cpu %d: the kernel lost %lu events: give a larger -m (now %u pages)",
				el->cpus->cpu[i], (unsigned long)lost,
				scevents_pages(sc));
	}
}

/* the message for scevents_open()'s @err on target @tg */
static int open_failed(const struct target *tg, int err, const struct strbuf *why)
{
	const char *what = tg->pid ? "process" : "thread";
	const char *list = tg->pid ? tg->pid : tg->tid;

	if (err == -ESRCH && list)
		return cmd_fail(0, "no such %s in '%s'", what, list);
	if (err == -EINVAL && list)
		return cmd_usage_fail("invalid %s list '%s'", what, list);
	if (err == -EINVAL && tg->cpu_list)
		return cmd_usage_fail("invalid cpu list '%s'", tg->cpu_list);
	return cmd_fail(0, "%s", why->buf);
}

static int live(const struct trace_cmd *o, struct trace_opts *to,
		const char **args, int nargs, unsigned int pages,
		const char *filter)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };
	struct workload wl = { .pid = 0, .go_fd = -1, .err_fd = -1 };
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_NOCLDSTOP };
	/* perf: -t traces just those threads, not their children */
	struct scevents_opts so = { .target = &o->target,
				    .inherit = !o->no_inherit && !o->target.tid,
				    .filter = filter, .pages = pages };
	struct scevents *sc = NULL;
	struct scargs *sargs = NULL;
	struct tfs *tfs = NULL;
	struct tpfmt *tp = NULL;
	struct trace *t = NULL;
	sigset_t block, orig;
	struct strbuf why = STRBUF_INIT;
	int ret, err;

	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&block, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &block, &orig);
	if (nargs) {
		err = workload_prepare(&wl, args);
		if (err) {
			ret = cmd_fail(err, "cannot start '%s'", args[0]);
			goto out;
		}
		so.workload = wl.pid;
	}
	err = scevents_open(&sc, &so, &why);
	if (err) {
		ret = open_failed(&o->target, err, &why);
		goto out;
	}
	tp = live_formats(&tfs);
	if (!tp) {
		ret = cmd_fail(0, "cannot read the raw_syscalls formats from tracefs");
		goto out;
	}
	sargs = scargs_new(tfs);
	{
		const struct threadmap *th = scevents_evlist(sc)->threads;

		/* perf's columns: comm/tid unless one thread, not inherited */
		to->show_tid = so.inherit || th->nr != 1 || th->tid[0] == -1;
	}
	t = trace_new(to, sargs, tp);
	register_ids(t, scevents_evlist(sc));
	if (nargs && target_none(&o->target)) {
		err = workload_start(&wl);	/* enable_on_exec starts the events */
	} else {
		err = scevents_enable(sc);
		if (!err && nargs)
			err = workload_start(&wl);
	}
	if (err) {
		if (nargs && wl.exec_err) {
			cmd_fail(err, "cannot run '%s'", args[0]);
			ret = PTOOL_EXIT_NOEXEC;
		} else {
			ret = cmd_fail(err, "cannot enable the events");
		}
		goto out;
	}
	err = loop(sc, t, &orig, target_has_task(&o->target));
	scevents_disable(sc);
	if (!err) {
		long n = scevents_drain(sc, on_record, t);

		err = n < 0 ? (int)n : 0;
	}
	trace_flush(t, true, 0);
	if (nargs) {
		if (trace_stop != SIGCHLD)
			workload_signal(&wl, SIGTERM);
		workload_wait(&wl, NULL);
	}
	if (err) {
		ret = cmd_fail(err, "cannot read the ring buffers");
		goto out;
	}
	if (to->summary)
		trace_summary(t);
	report_lost(sc, t);
	pr_debug("%lu syscalls traced", (unsigned long)trace_nr_calls(t));
	/* --max-events ended it on purpose: not the command's failure */
	ret = nargs && !trace_done(t) ? workload_exit_status(&wl) : PTOOL_EXIT_OK;
out:
	if (nargs)
		workload_release(&wl);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	trace_free(t);
	scargs_free(sargs);
	tpfmt_free(tp);
	tfs_free(tfs);
	scevents_free(sc);
	strbuf_release(&why);
	return ret;
}

int cmd_trace(int argc, const char **argv)
{
	struct trace_cmd o = { .comm = true };
	struct trace_opts to = { 0 };
	struct strbuf filter = STRBUF_INIT;
	bool *sel = xcalloc((size_t)syscalltbl_max(), sizeof(*sel));
	unsigned int pages = MIN_PAGES;
	int nargs, ret;
	const struct opt options[] = {
		OPT_STRLIST('e', "event", &o.exprs, "syscalls",
			    "syscalls to trace, comma list with globs; '!' first excludes"),
		OPT_STRLIST(0, "expr", &o.exprs, "syscalls", "the same as -e"),
		OPT_TARGET(&o.target),
		OPT_STR('o', "output", &o.output, "file", "output file name"),
		OPT_STR('i', "input", &o.input, "file",
			"replay raw_syscalls events of a perf.data file"),
		OPT_BOOL('s', "summary", &o.summary_only,
			 "show only syscall summary with statistics"),
		OPT_BOOL('S', "with-summary", &o.with_summary,
			 "show all syscalls and summary with statistics"),
		OPT_BOOL('T', "time", &o.full_time,
			 "show full timestamp, not time relative to first start"),
		OPT_BOOL(0, "comm", &o.comm, "show the thread COMM next to its id"),
		OPT_DOUBLE(0, "duration", &o.duration, "float",
			   "show only events with duration > N.M ms"),
		OPT_BOOL(0, "failure", &o.failure, "show only syscalls that failed"),
		OPT_U64(0, "max-events", &o.max_events, "n",
			"set the maximum number of events to print, exit after that is reached"),
		OPT_BOOL(0, "errno-summary", &o.errno_summary,
			 "show errno stats per syscall, use with -s or -S"),
		{ OPT_T_BOOL, 0, "no-inherit", &o.no_inherit, NULL,
		  "child tasks do not inherit counters", OPT_NONEG, NULL },
		OPT_STR('m', "mmap-pages", &o.mmap_pages, "pages",
			"ring buffer pages per cpu (default 4096 up to 4 cpus, fewer on more)"),
		OPT_INCR('v', "verbose", &o.verbose, "be more verbose"),
		{ OPT_T_BOOL, 0, "list-syscalls", &o.list_syscalls, NULL,
		  "the syscall names -e knows (for completion)",
		  OPT_HIDDEN | OPT_NONEG, NULL },
		OPT_END(),
	};

	nargs = opt_parse(argc, argv, options, trace_usage, OPT_STOP_AT_NON_OPTION);
	if (nargs < 0) {
		ret = opt_exit_status(nargs);
		goto out;
	}
	msg_set_verbose(msg_verbose() + o.verbose);
	if (o.list_syscalls) {
		for (int i = 0; i < syscalltbl_max(); i++)
			if (syscalltbl_name(i))
				printf("%s\n", syscalltbl_name(i));
		ret = PTOOL_EXIT_OK;
		goto out;
	}
	ret = check_options(&o, nargs, &pages);
	if (!ret)
		ret = select_syscalls(&o, sel);
	if (ret)
		goto out;
	syscalltbl_filter(sel, &filter);
	if (o.target.system_wide || o.target.cpu_list)	/* not ourselves */
		strbuf_addf(&filter, "%scommon_pid != %d", filter.len ? " && " : "",
			    (int)getpid());
	to.out = open_output(&o);
	if (!to.out) {
		ret = PTOOL_EXIT_FAIL;
		goto out;
	}
	to.lines = !o.summary_only;
	to.summary = o.summary_only || o.with_summary;
	to.failure_only = o.failure;
	to.errno_summary = o.errno_summary;
	to.max_events = o.max_events;
	to.full_time = o.full_time;
	to.show_comm = o.comm;
	to.show_tid = true;
	to.duration_ns = (uint64_t)(o.duration * 1e6);
	to.sel = sel;
	to.live = !o.input;
	if (o.input)
		ret = replay(&o, &to);
	else
		ret = live(&o, &to, argv, nargs, pages, filter.len ? filter.buf : NULL);
	if (to.out != stderr && fclose(to.out) && !ret)
		ret = cmd_fail(-errno, "cannot write '%s'", o.output);
out:
	strbuf_release(&filter);
	opt_strlist_release(&o.exprs);
	free(sel);
	return ret;
}
