// SPDX-License-Identifier: GPL-2.0
/*
 * ptool top: a live profile, as perf top. The events are opened as record
 * opens them (cycles falls back to cpu-clock), one ring per cpu; the rings
 * are drained in a poll loop into a live session and hist (src/report/
 * top.c), and every -d seconds the table is shown on the terminal
 * (ncurses, top-tui.c) or printed (--stdio, or when stdout is no
 * terminal). Nothing goes through a perf.data file.
 */
#include "ptool/cmd.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ptool/cpumap.h"
#include "ptool/evlist.h"
#include "ptool/evsel.h"
#include "ptool/evspec.h"
#include "ptool/msg.h"
#include "ptool/opt.h"
#include "ptool/parse.h"
#include "ptool/recattr.h"
#include "ptool/ring.h"
#include "ptool/session.h"
#include "ptool/strbuf.h"
#include "ptool/synth.h"
#include "ptool/target.h"
#include "ptool/top.h"

#include "top-priv.h"

#define DEFAULT_EVENT	"cycles:P"
#define DEFAULT_FREQ	4000

/* the signal that ends top (SIGINT, SIGTERM, SIGHUP) */
static volatile sig_atomic_t top_stop;

static void on_signal(int sig)
{
	if (!top_stop)
		top_stop = sig;
}

struct top_cmd_opts {
	struct opt_strlist events;
	const char *freq;
	uint64_t period;
	struct target target;
	const char *uid;
	bool callchain;
	const char *call_graph;
	int children;		/* -1: perf's default (on with -g) */
	bool hide_kernel, hide_user;
	const char *sort;
	double delay;
	bool zero;
	double percent_limit;
	uint64_t entries;
	bool stdio;
	uint64_t count_filter;
	struct strbuf uid_list;	/* -u: its processes, as a -p list */
};

static const char *const top_usage[] = {
	"ptool top [<options>]",
	NULL,
};

/* the processes of user @name (a name or a number) as a -p list */
static int uid_pids(const char *name, struct strbuf *out)
{
	struct passwd *pw = getpwnam(name);
	uint64_t v;
	uid_t uid;
	DIR *d;
	struct dirent *de;

	if (pw)
		uid = pw->pw_uid;
	else if (!parse_u64(name, &v) && v < (uid_t)-1)
		uid = (uid_t)v;
	else
		return -ENOENT;
	d = opendir("/proc");
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char path[300];
		struct stat st;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s", de->d_name);
		if (stat(path, &st) || st.st_uid != uid)
			continue;
		if (out->len)
			strbuf_addch(out, ',');
		strbuf_addstr(out, de->d_name);
	}
	closedir(d);
	return out->len ? 0 : -ESRCH;
}

/* /proc/sys/kernel/perf_event_max_sample_rate, 100000 when unreadable */
static uint64_t read_max_rate(void)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t v = 100000;

	if (strbuf_read_file(&sb, "/proc/sys/kernel/perf_event_max_sample_rate", 32) > 0) {
		strbuf_rtrim(&sb);
		if (parse_u64(sb.buf, &v) || !v)
			v = 100000;
	}
	strbuf_release(&sb);
	return v;
}

static int check_options(struct top_cmd_opts *o, struct top_opts *to)
{
	struct strbuf warn = STRBUF_INIT;
	const char *bad;
	int ret;

	if (o->uid) {
		if (o->target.pid || o->target.tid)
			return cmd_usage_fail("-u cannot be used with -p or -t");
		if (uid_pids(o->uid, &o->uid_list))
			return cmd_usage_fail("no processes of user '%s'", o->uid);
		o->target.pid = o->uid_list.buf;
		/* as perf's thread map of a uid: one that ends is left out */
		o->target.skip_gone = true;
	}
	ret = cmd_check_target(&o->target, &warn);
	strbuf_release(&warn);
	if (ret)
		return ret;
	if (target_none(&o->target))
		o->target.system_wide = true;
	if (!(o->delay > 0) || o->delay > 3600)
		return cmd_usage_fail("invalid refresh delay '%g' (seconds, > 0)", o->delay);
	to->ho.order = HIST_ORDER_CALLER;	/* perf's default: caller */
	if (o->call_graph) {
		if (strcmp(o->call_graph, "fp") && strncmp(o->call_graph, "fp,", 3) &&
		    strcmp(o->call_graph, "graph") && strcmp(o->call_graph, "caller") &&
		    strcmp(o->call_graph, "callee"))
			return cmd_usage_fail("unsupported --call-graph '%s' (fp)", o->call_graph);
		o->callchain = true;
		if (strstr(o->call_graph, "callee"))
			to->ho.order = HIST_ORDER_CALLEE;
	}
	if (hist_parse_keys(o->sort ? o->sort : "dso,sym", &to->ho, &bad))
		return cmd_usage_fail("unknown --sort key '%s'", bad ? bad : "");
	to->zero = o->zero;
	to->hide_kernel = o->hide_kernel;
	to->hide_user = o->hide_user;
	to->percent_limit = o->percent_limit;
	to->count_filter = o->count_filter;
	if (o->callchain) {
		to->session_flags = SESSION_CALLCHAIN;
		to->ho.callchain = true;
		to->ho.children = o->children != 0;
		to->graph = OUT_GRAPH_GRAPH;
		to->min_percent = 0.5;
		to->ho.min_percent = 0.5;
	}
	return 0;
}

static int parse_events(struct top_cmd_opts *o, struct evlist *el)
{
	int n = o->events.nr ? o->events.nr : 1;

	for (int i = 0; i < n; i++) {
		const char *spec = o->events.nr ? o->events.v[i] : DEFAULT_EVENT;
		bool system;

		if (evspec_add(el, spec, &system))
			return system ? PTOOL_EXIT_FAIL : PTOOL_EXIT_USAGE;
	}
	if (!o->events.nr)
		evlist_first(el)->attr.exclude_guest = 0;
	return 0;
}

static int open_events(struct evlist *el, bool is_default, bool esrch_quiet)
{
	struct evsel *e;
	char buf[1024];
	int err = evlist_open_fallback(el, NULL, NULL, is_default, false, &e);

	if (!err)
		return 0;
	if (err == -ESRCH && esrch_quiet)
		return err;	/* a process went away: look again */
	evsel_strerror(e, err, buf, sizeof(buf));
	pr_err("cannot open event '%s': %s", e->name, buf);
	return PTOOL_EXIT_FAIL;
}

/* one ring per cpu, every other fd of that cpu sent into it */
static int map_rings(struct evlist *el, struct ring ***rings, int *nr)
{
	struct strbuf why = STRBUF_INIT;
	int err;

	*nr = el->cpus->nr;
	*rings = xcalloc((size_t)*nr, sizeof(**rings));
	err = evlist_map_rings(el, ring_default_pages(), *rings, &why);
	if (err)
		err = cmd_fail(0, "%s", why.buf);
	strbuf_release(&why);
	return err;
}

/* perf top's "PerfTop:" line */
static void header(struct strbuf *sb, const struct top_cmd_opts *o,
		   const struct evlist *el, const struct top_stats *st,
		   double secs)
{
	const struct evsel *first = evlist_first(el);
	double k = st->samples ? 100.0 * (double)st->kernel / (double)st->samples : 0;
	double x = st->samples ? 100.0 * (double)st->exact / (double)st->samples : 0;
	int ncpu = el->cpus->nr;

	strbuf_reset(sb);
	strbuf_addf(sb, "   PerfTop:%8.0f irqs/sec  kernel:%4.1f%%  exact: %4.1f%% "
		    "lost: %" PRIu64 "/%" PRIu64 " drop: %" PRIu64 "/%" PRIu64 " [",
		    (double)st->samples / secs, k, x, st->lost,
		    st->lost_total, st->dropped, st->dropped_total);
	if (el->nr == 1)
		strbuf_addf(sb, "%" PRIu64 "%s ", (uint64_t)first->attr.sample_period,
			    first->attr.freq ? "Hz" : "");
	strbuf_addf(sb, "%s],  ", first->name);
	if (o->uid)
		strbuf_addf(sb, "(uid: %s, 1 CPU)", o->uid);
	else if (o->target.pid)
		strbuf_addf(sb, "(target_pid: %s)", o->target.pid);
	else if (o->target.tid)
		strbuf_addf(sb, "(target_tid: %s)", o->target.tid);
	else if (o->target.cpu_list)
		strbuf_addf(sb, "(all, CPU%s: %s)", ncpu > 1 ? "s" : "", o->target.cpu_list);
	else
		strbuf_addf(sb, "(all, %d CPU%s)", ncpu, ncpu > 1 ? "s" : "");
}

/*
 * perf top --stdio's rows: -E, else the terminal's height (or $LINES, or
 * 25 lines) less the 4 lines of the header
 */
static size_t stdio_entries(const struct top_cmd_opts *o)
{
	struct winsize ws;
	long rows = 25;
	const char *env = getenv("LINES");

	if (o->entries)
		return (size_t)o->entries;
	if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_row)
		rows = ws.ws_row;
	else if (env && atol(env) > 0)
		rows = atol(env);
	return rows > 5 ? (size_t)(rows - 4) : 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct loop {
	struct top *t;
	struct evlist *el;
	struct ring **rings;
	int nr_rings;
	struct tui *ui;
	const struct top_cmd_opts *o;
	size_t entries;		/* rows of a --stdio table */
};

static size_t drain(struct loop *l)
{
	size_t n = 0;

	for (int i = 0; i < l->nr_rings; i++) {
		const struct perf_event_header *ev;

		if (ring_read_init(l->rings[i]))
			continue;
		while ((ev = ring_read_event(l->rings[i]))) {
			top_queue(l->t, ev);
			n++;
		}
		top_ring_end(l->t);
		ring_consume(l->rings[i]);
	}
	top_flush(l->t);
	return n;
}

static void show(struct loop *l, struct strbuf *hdr, double secs)
{
	const struct top_stats *st;

	top_snapshot(l->t);
	st = top_stats(l->t);
	header(hdr, l->o, l->el, st, secs);
	pr_debug("top: %zu threads, %zu stacks, %" PRIu64 " idle samples",
		 st->threads, st->stacks, st->idle);
	if (l->ui) {
		tui_show(l->ui, hdr->buf, l->t);
		return;
	}
	/* perf top --stdio: clear, header, a dashed line, the table */
	printf("\033[H\033[2J\n%s\n", hdr->buf);
	printf("%.79s\n\n", "-----------------------------------------------"
	       "--------------------------------");
	top_print(l->t, stdout, l->entries);
	fflush(stdout);
}

static int loop(struct loop *l)
{
	int nfd = l->nr_rings + (l->ui ? 1 : 0);
	struct pollfd *pfd = xcalloc((size_t)nfd, sizeof(*pfd));
	struct strbuf hdr = STRBUF_INIT;
	double next = now();
	int hung = 0;

	for (int i = 0; i < l->nr_rings; i++) {
		pfd[i].fd = ring_fd(l->rings[i]);
		pfd[i].events = POLLIN;
	}
	if (l->ui) {
		pfd[nfd - 1].fd = STDIN_FILENO;
		pfd[nfd - 1].events = POLLIN;
	}
	while (!top_stop) {
		double t = now(), wait;
		struct timespec ts;
		int ret;

		drain(l);
		if (t >= next) {
			/* perf divides by the delay, not the time it took */
			show(l, &hdr, l->o->delay);
			top_decay(l->t);
			next = t + l->o->delay;
			if (!l->ui && hung >= l->nr_rings)
				break;	/* every target is gone */
		}
		wait = next - now();
		if (wait < 0)
			wait = 0;
		/* wake up at least every 100 ms: rings fill between wake-ups */
		if (wait > 0.1)
			wait = 0.1;
		ts.tv_sec = (time_t)wait;
		ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
		ret = ppoll(pfd, (nfds_t)nfd, &ts, NULL);
		if (ret < 0 && errno != EINTR)
			break;
		for (int i = 0; i < l->nr_rings; i++) {
			if (pfd[i].fd >= 0 && (pfd[i].revents & (POLLHUP | POLLERR))) {
				pfd[i].fd = -1;
				hung++;
			}
		}
		if (l->ui) {
			enum tui_action a = tui_keys(l->ui, l->t);

			if (a == TUI_QUIT)
				break;
			if (a == TUI_RESHOW) {
				top_snapshot(l->t);
				tui_show(l->ui, hdr.buf, l->t);
			}
		}
	}
	strbuf_release(&hdr);
	free(pfd);
	return 0;
}

/* -u: look the user's processes up again */
static int uid_relist(struct top_cmd_opts *o)
{
	strbuf_reset(&o->uid_list);
	if (uid_pids(o->uid, &o->uid_list))
		return -ESRCH;
	o->target.pid = o->uid_list.buf;
	return 0;
}

/* the events' cpus and threads; -u looks again while a process ends */
static int set_maps(struct top_cmd_opts *o, struct evlist *el)
{
	int ret = evlist_set_maps_per_cpu(el, &o->target, -1);

	for (int tries = 0; ret == -ESRCH && o->uid && tries < 10; tries++) {
		if (uid_relist(o))
			return -ESRCH;
		ret = evlist_set_maps_per_cpu(el, &o->target, -1);
	}
	return ret;
}

static int run(struct top_cmd_opts *o, struct top_opts *to, struct evlist *el,
	       bool use_tui)
{
	struct session_opts so = { 0 };
	const char **names = xcalloc((size_t)el->nr, sizeof(*names));
	struct loop l = { .el = el, .o = o, .entries = stdio_entries(o) };
	struct sigaction sa = { .sa_handler = on_signal };
	struct session *s;
	struct evsel *e;
	int i = 0, ret = 0;
	struct synth sy = { NULL, false, session_synth_ops(), NULL };

	evlist_for_each(el, e)
		names[i++] = e->name;
	s = session_new_live(&so, (size_t)el->nr, names);
	free(names);
	/* kallsyms first: its reading would hold up the first rings */
	if (session_kernel_map(s, NULL) == -EPERM && !evlist_first(el)->attr.exclude_kernel)
		pr_warn("kernel addresses are hidden (kptr_restrict or perf_event_paranoid); "
			"kernel samples will not resolve to symbols");
	/* -u: processes of the user may end between the look and the open */
	for (int tries = 0;; tries++) {
		ret = open_events(el, !o->events.nr, o->uid && tries < 10);
		if (ret != -ESRCH)
			break;
		evlist_close(el);
		if (uid_relist(o) || set_maps(o, el)) {
			ret = cmd_fail(-ESRCH, "cannot attach to the processes of '%s'", o->uid);
			break;
		}
	}
	if (!ret)
		ret = map_rings(el, &l.rings, &l.nr_rings);
	if (ret)
		goto out;
	l.t = top_new(to, s);
	evlist_for_each(el, e) {
		size_t n = (size_t)e->nr_cpus * (size_t)e->nr_threads;

		top_add_event(l.t, &e->attr, e->id, n);
	}
	/* what already runs, as record synthesizes it; the rings hold what starts meanwhile */
	sy.arg = s;
	if (target_has_cpu(&o->target))
		synth_all(&sy, NULL);
	else
		synth_threads(&sy, el->threads->tid, el->threads->nr, NULL);
	/*
	 * not blocked: a signal also ends a write to a slow pipe (no
	 * SA_RESTART); the poll below wakes up every 100 ms anyway
	 */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (use_tui) {
		l.ui = tui_start(o->callchain);
		if (!l.ui)
			pr_warn("cannot use the terminal; printing tables (--stdio)");
	}
	ret = loop(&l);
	tui_end(l.ui);
	if (top_stop == SIGTERM || top_stop == SIGHUP)
		ret = 128 + top_stop;
out:
	for (int r = 0; r < l.nr_rings; r++)
		ring_free(l.rings[r]);
	free(l.rings);
	top_free(l.t);
	session_free(s);
	return ret;
}

static int children_cb(const struct opt *opt, const char *arg, bool unset)
{
	(void)arg;
	*(int *)opt->value = !unset;
	return 0;
}

int cmd_top(int argc, const char **argv)
{
	struct top_cmd_opts o = { .delay = 2, .children = -1,
				  .uid_list = STRBUF_INIT };
	struct top_opts to = { 0 };
	struct evlist *el = NULL;
	uint64_t freq = DEFAULT_FREQ, max_rate;
	int ret;
	const struct opt options[] = {
		OPT_STRLIST('e', "event", &o.events, "event",
			    "event selector. use 'ptool list' to list available events"),
		OPT_STR('F', "freq", &o.freq, "freq", "profile at this frequency"),
		OPT_U64('c', "count", &o.period, "n", "event period to sample"),
		OPT_TARGET(&o.target),
		OPT_STR('u', "uid", &o.uid, "user", "user to profile"),
		OPT_BOOL('g', NULL, &o.callchain, "enables call-graph recording and display"),
		OPT_STR(0, "call-graph", &o.call_graph, "fp",
			"setup and enables call-graph (fp, caller or callee)"),
		OPT_CALLBACK_NOARG(0, "children", &o.children,
				   "accumulate callchains of children (default with -g)",
				   children_cb),
		OPT_BOOL('K', "hide_kernel_symbols", &o.hide_kernel, "hide kernel symbols"),
		OPT_BOOL('U', "hide_user_symbols", &o.hide_user, "hide user symbols"),
		OPT_STR('s', "sort", &o.sort, "key[,key2...]",
			"sort by key(s): comm, pid, dso, symbol, srcline"),
		OPT_DOUBLE('d', "delay", &o.delay, "n",
			   "number of seconds to delay between refreshes"),
		OPT_BOOL('z', "zero", &o.zero, "zero history across updates"),
		OPT_DOUBLE(0, "percent-limit", &o.percent_limit, "percent",
			   "don't show entries under that percent"),
		OPT_U64('E', "entries", &o.entries, "n", "display this many functions"),
		OPT_U64('f', "count-filter", &o.count_filter, "n",
			"only display functions with more events than this"),
		OPT_BOOL(0, "stdio", &o.stdio, "use the stdio interface"),
		OPT_END(),
	};

	argc = opt_parse(argc, argv, options, top_usage, 0);
	if (argc < 0)
		return opt_exit_status(argc);
	if (argc > 0) {
		ret = cmd_usage_fail("unexpected argument '%s'", argv[0]);
		goto out;
	}
	if (o.freq && (parse_u64(o.freq, &freq) || !freq) && strcmp(o.freq, "max")) {
		ret = cmd_usage_fail("invalid frequency '%s'", o.freq);
		goto out;
	}
	max_rate = read_max_rate();
	if (o.freq && !strcmp(o.freq, "max"))
		freq = max_rate;
	if (!o.period && freq > max_rate) {
		/* as record: the kernel refuses more */
		pr_warn("Maximum frequency rate (%" PRIu64 " Hz) exceeded, throttling from %"
			PRIu64 " Hz to %" PRIu64 " Hz", max_rate, freq, max_rate);
		freq = max_rate;
	}
	ret = check_options(&o, &to);
	if (ret)
		goto out;
	el = evlist_new();
	ret = parse_events(&o, el);
	if (ret)
		goto out;
	recattr_configure_top(el, o.period, freq, o.callchain);
	if (o.uid) {
		struct evsel *e;

		evlist_for_each(el, e)
			e->ignore_missing_thread = true;
	}
	ret = set_maps(&o, el);
	if (ret && o.uid) {
		ret = cmd_fail(ret, "cannot attach to the processes of '%s'", o.uid);
		goto out;
	} else if (ret) {
		ret = cmd_fail(ret, "cannot attach to '%s'", o.target.pid ? o.target.pid :
			       o.target.tid ? o.target.tid : o.target.cpu_list ?
			       o.target.cpu_list : "all cpus");
		goto out;
	}
	ret = run(&o, &to, el, !o.stdio && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO));
out:
	evlist_free(el);
	opt_strlist_release(&o.events);
	strbuf_release(&o.uid_list);
	return ret;
}
