// SPDX-License-Identifier: GPL-2.0
/*
 * ptool stat: count events while a command runs (or on -p/-t/-a/-C), in
 * perf stat's output shapes.
 */
#include "ptool/cmd.h"
#include "stat-priv.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptool/counts.h"
#include "ptool/evlist.h"
#include "ptool/evspec.h"
#include "ptool/msg.h"
#include "ptool/opt.h"
#include "ptool/statfmt.h"
#include "ptool/strbuf.h"
#include "ptool/target.h"
#include "ptool/workload.h"

static volatile sig_atomic_t stop_signal;

static int opt_filter(const struct opt *opt, const char *arg, bool unset)
{
	struct stat_opts *o = opt->value;

	if (!o->events.nr) {
		pr_err("--filter must follow the -e event it applies to");
		return -1;
	}
	ALLOC_GROW(o->filters, o->nr_filters + 1, o->alloc_filters);
	o->filters[o->nr_filters].spec = o->events.nr - 1;
	o->filters[o->nr_filters++].expr = arg;
	return 0;
}

static const char *const stat_usage[] = {
	"ptool stat [<options>] [<command>]",
	NULL,
};

static void on_signal(int sig)
{
	/* SIGCHLD only has to interrupt ppoll(): the loop polls the child */
	if (sig != SIGCHLD)
		stop_signal = sig;
}


/* -------- events -------- */

static const char *const default_events[] = {
	"context-switches", "cpu-migrations", "page-faults",
	"cycles", "instructions", "branches", "branch-misses",
};

static const char *const detailed_events[3][7] = {
	{ "L1-dcache-loads", "L1-dcache-load-misses", "LLC-loads",
	  "LLC-load-misses", NULL },
	{ "L1-icache-loads", "L1-icache-load-misses", "dTLB-loads",
	  "dTLB-load-misses", "iTLB-loads", "iTLB-load-misses", NULL },
	{ "L1-dcache-prefetches", "L1-dcache-prefetch-misses", NULL },
};

static int add_events(struct stat_run *r)
{
	struct evspec_ctx ctx = { .mount_tracefs = true, .tool_events = true };
	struct evspec_err perr;
	char buf[2048];
	int err;

	for (int i = 0; i < r->o->events.nr; i++) {
		int first = r->el->nr;

		err = evspec_parse(r->el, r->o->events.v[i], &ctx, &perr);
		if (err) {
			int kind = perr.kind;

			fprintf(stderr, "%s\n",
				evspec_err_format(&perr, msg_prefix(), buf, sizeof(buf)));
			evspec_err_release(&perr);
			/* no such event: a bad command line, as in record */
			return kind == EVSPEC_E_SYSTEM ? PTOOL_EXIT_FAIL :
							 PTOOL_EXIT_USAGE;
		}
		/* --filter applies to the events of the -e before it */
		for (int k = 0; k < r->o->nr_filters; k++) {
			if (r->o->filters[k].spec != i)
				continue;
			for (int j = first; j < r->el->nr; j++) {
				struct evsel *e = r->el->entry[j];

				if (e->kind != EVSEL_TRACEPOINT)
					return cmd_fail(0, "--filter applies to tracepoints, and '%s' is not one",
							e->name);
				evsel_set_filter(e, r->o->filters[k].expr);
			}
		}
	}
	/* -g: the -e events in one group (perf's evlist__set_leader) */
	if (r->o->group && r->el->nr > 1)
		evlist_set_leader(r->el, 0, r->el->nr);
	if (r->o->null_run)
		return 0;
	err = 0;
	if (!r->o->events.nr) {
		err = evspec_parse(r->el, target_has_cpu(&r->o->target) ?
				   "cpu-clock" : "task-clock", NULL, &perr);
		for (size_t i = 0; !err && i < ARRAY_SIZE(default_events); i++)
			err = evspec_parse(r->el, default_events[i], NULL, &perr);
	}
	/* -d, -dd, -ddd append perf's detailed cache events */
	for (int level = 0; !err && level < r->o->detailed && level < 3; level++)
		for (int i = 0; !err && detailed_events[level][i]; i++)
			err = evspec_parse(r->el, detailed_events[level][i], NULL, &perr);
	if (err) {
		evspec_err_release(&perr);
		return err;
	}
	return 0;
}

static void config_events(struct stat_run *r)
{
	struct evsel *e;

	evlist_for_each(r->el, e) {
		struct perf_event_attr *a = &e->attr;

		a->read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
				 PERF_FORMAT_TOTAL_TIME_RUNNING;
		/* one read(2) per group, with ids, as perf stat */
		if (e->leader->nr_members > 1)
			a->read_format |= PERF_FORMAT_ID | PERF_FORMAT_GROUP;
		a->inherit = !r->o->no_inherit;	/* as perf, -a too */
		a->sample_period = 0;
		a->freq = 0;
		a->sample_type = PERF_SAMPLE_IDENTIFIER;	/* as perf stat */
		a->disabled = evsel_is_leader(e);
		/* --all-user, --all-kernel: perf sets both bits, names stay */
		if (r->o->all_user) {
			a->exclude_kernel = 1;
			a->exclude_user = 0;
		} else if (r->o->all_kernel) {
			a->exclude_kernel = 0;
			a->exclude_user = 1;
		}
		e->ignore_missing_thread = r->o->per_thread &&
					   !target_has_task(&r->o->target);
		a->enable_on_exec = evsel_is_leader(e) && r->have_workload &&
				    target_none(&r->o->target) && !r->o->delay;
	}
}

/*
 * Open every event. An event the kernel does not support is shown as
 * "<not supported>" (and the rest of its group as "<not counted>", as
 * perf does); any other failure ends the command.
 */
static int open_events(struct stat_run *r)
{
	struct evsel *e;
	int cgfd = -1, ret = 0;
	char buf[1024];

	evlist_for_each(r->el, e) {
		struct ev_state *s = &r->st[e->idx];
		int err;

		if (s->unsupported || s->not_counted || e->kind == EVSEL_TOOL)
			continue;
		if (cgfd >= 0)
			close(cgfd);
		cgfd = -1;
		if (s->cgroup) {
			cgfd = target_cgroup_open(s->cgroup);
			if (cgfd == -ENOENT)
				return cmd_fail(0, "cannot open cgroup '%s': no such cgroup",
						s->cgroup);
			if (cgfd < 0)
				return cmd_fail(cgfd, "cannot open cgroup '%s'",
						s->cgroup);
		}
		if (!evsel_is_leader(e) && !e->leader->fd) {
			s->not_counted = true;
			continue;
		}
		for (int tries = 0; tries < 2; tries++) {
			if (msg_verbose() >= 2)
				evsel_fprintf_attr(e, stderr);
			if (cgfd >= 0)
				err = evsel_open_cgroup(e, r->el->cpus, cgfd);
			else
				err = evsel_open(e, r->el->cpus, r->el->threads);
			/* perf_event_paranoid: count user space only, as perf */
			if (!err || !evsel_fallback_user_only(e, err, buf, sizeof(buf)))
				break;
			pr_debug("%s", buf);
		}
		if (!err)
			continue;
		if (evsel_is_unsupported_err(err) ||
		    (err == -EINVAL && e->kind != EVSEL_SOFTWARE &&
		     e->kind != EVSEL_TRACEPOINT)) {
			pr_debug("%s: %s", e->name,
				 evsel_strerror(e, err, buf, sizeof(buf)));
			if (msg_verbose())
				fprintf(stderr, "Warning:\n%s event is not supported by the kernel.\n",
					e->name);
			s->unsupported = true;
			/* the whole group is lost with one of its events */
			if (e->leader->nr_members > 1) {
				struct evsel *m;

				evlist_for_each(r->el, m) {
					if (m->leader != e->leader || m == e)
						continue;
					evsel_close(m);
					if (!r->st[m->idx].unsupported)
						r->st[m->idx].not_counted = true;
				}
			}
			continue;
		}
		ret = cmd_fail(0, "%s", evsel_strerror(e, err, buf, sizeof(buf)));
		break;
	}
	if (cgfd >= 0)
		close(cgfd);
	return ret;
}

/*
 * -G A: every event in cgroup A; -G A,B: the first event in A, the second
 * in B, and later events not restricted to a cgroup (perf's rule).
 */
static int assign_cgroups(struct stat_run *r)
{
	char *p, *save = NULL;
	int i = 0, n = 1;

	if (!r->o->target.cgroup)
		return 0;
	r->cgroups = xstrdup(r->o->target.cgroup);
	for (p = r->cgroups; *p; p++)
		n += *p == ',';
	if (n > r->el->nr)
		return cmd_usage_fail("-G names %d cgroups for %d events", n,
				      r->el->nr);
	for (p = strtok_r(r->cgroups, ",", &save); p;
	     p = strtok_r(NULL, ",", &save))
		r->st[i++].cgroup = p;
	for (; n == 1 && i < r->el->nr; i++)
		r->st[i].cgroup = r->st[0].cgroup;
	return 0;
}

static void alloc_state(struct stat_run *r)
{
	r->st = xcalloc((size_t)r->el->nr, sizeof(*r->st));
	for (int i = 0; i < r->el->nr; i++)
		statagg_runs_init(&r->st[i].runs, r->agg.nr_scopes);
}

static void free_state(struct stat_run *r)
{
	for (int i = 0; r->st && i < r->el->nr; i++) {
		counts_free(r->st[i].counts);
		statagg_runs_release(&r->st[i].runs);
	}
	free(r->st);
	r->st = NULL;
	free(r->cgroups);
	r->cgroups = NULL;
	for (int i = 0; r->comms && i < r->el->threads->nr; i++)
		free(r->comms[i]);
	free(r->comms);
	r->comms = NULL;
	statagg_release(&r->agg);
}

/* read every open event; groups with PERF_FORMAT_GROUP in one read */
static int read_counters(struct stat_run *r)
{
	struct evsel *e;

	evlist_for_each(r->el, e) {
		struct ev_state *s = &r->st[e->idx];
		struct counts **members = NULL;
		int err;

		if (!e->fd)
			continue;
		if (!s->counts) {
			s->counts = counts_new(e->nr_cpus, e->nr_threads);
			s->counts->no_scale = !r->o->scale;
		}
		if ((e->attr.read_format & PERF_FORMAT_GROUP) &&
		    !evsel_is_leader(e))
			continue;	/* read with its leader */
		if (e->attr.read_format & PERF_FORMAT_GROUP) {
			members = xcalloc((size_t)e->nr_members, sizeof(*members));
			for (int k = 1; k < e->nr_members; k++) {
				struct evsel *m = r->el->entry[e->idx + k];
				struct ev_state *ms = &r->st[m->idx];

				if (!m->fd)
					continue;
				if (!ms->counts) {
					ms->counts = counts_new(m->nr_cpus, m->nr_threads);
					ms->counts->no_scale = !r->o->scale;
				}
				members[k - 1] = ms->counts;
			}
		}
		err = counts_read(s->counts, e, members);
		free(members);
		if (err)
			return cmd_fail(err, "cannot read the counter of %s",
					e->name);
		if (msg_verbose()) {
			struct evsel_count t;

			counts_sum(s->counts, -1, false, &t);
			fprintf(stderr, "%s: %llu %llu %llu\n", e->name,
				(unsigned long long)t.val,
				(unsigned long long)t.ena,
				(unsigned long long)t.run);
		}
	}
	return 0;
}

/* -------- running -------- */

static void block_signals(sigset_t *old)
{
	sigset_t set;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: waits return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* a thread that exited is gone, or a zombie until its parent reaps it */
static bool threads_alive(const struct threadmap *t)
{
	for (int i = 0; i < t->nr; i++) {
		struct strbuf sb = STRBUF_INIT;
		char path[64];
		const char *paren;
		bool alive = false;

		snprintf(path, sizeof(path), "/proc/%d/stat", (int)t->tid[i]);
		if (strbuf_read_file(&sb, path, 512) > 0 &&
		    (paren = strrchr(sb.buf, ')')) && paren[1] == ' ')
			alive = paren[2] != 'Z' && paren[2] != 'X';
		strbuf_release(&sb);
		if (alive)
			return true;
	}
	return false;
}

/*
 * Wait until the workload ends (or, without one, until SIGINT/SIGTERM),
 * printing intervals on the way. Signals are blocked except inside ppoll().
 */
static double ts_s(const struct timespec *t)
{
	return (double)t->tv_sec + (double)t->tv_nsec / 1e9;
}

/* ptool itself ends the workload (--timeout, --interval-count) */
static void end_workload(struct stat_run *r, int *term_sent)
{
	if (!(*term_sent)++)
		workload_signal(&r->w, SIGTERM);
	r->ended_by_us = true;
}

/* one -I interval: read the counters, print their change */
static void interval(struct stat_run *r, const struct timespec *now)
{
	if (!read_counters(r))
		stat_print_interval(r, now);
}

static void wait_loop(struct stat_run *r, const sigset_t *unblocked)
{
	int sigint_seen = 0, term_sent = 0;
	double t0 = ts_s(&r->t0), tick = r->o->interval / 1e3;
	double enable_at = r->o->delay > 0 ? t0 + r->o->delay / 1e3 : 0;
	double next_tick = r->o->interval && !enable_at ? t0 + tick : 0;
	double deadline = r->o->timeout ? t0 + r->o->timeout / 1e3 : 0;

	for (;;) {
		struct timespec now_ts, tmo;
		double now, wake = 0;

		if (r->have_workload && workload_poll(&r->w) != 0)
			break;
		if (stop_signal) {
			int sig = stop_signal;

			stop_signal = 0;
			if (!r->have_workload)
				break;
			/*
			 * Ctrl-C reached the workload too (same process
			 * group): wait for it to end. Pass on what it could
			 * not have seen: SIGTERM, or a second SIGINT.
			 */
			if (sig == SIGINT && !sigint_seen++)
				continue;
			if (!term_sent++)
				workload_signal(&r->w, SIGTERM);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &now_ts);
		now = ts_s(&now_ts);
		if (enable_at && now >= enable_at) {
			/* -D: the measurement starts now */
			evlist_enable(r->el);
			if (!r->o->quiet)
				fprintf(stderr, "Events enabled\n");
			r->t0 = r->last = now_ts;
			enable_at = 0;
			next_tick = r->o->interval ? now + tick : 0;
			continue;
		}
		if (deadline && now >= deadline) {
			deadline = 0;
			if (!r->have_workload)
				break;
			end_workload(r, &term_sent);
			continue;
		}
		if (next_tick && now >= next_tick) {
			interval(r, &now_ts);
			next_tick += tick;
			if (r->o->interval_count &&
			    r->nr_intervals >= r->o->interval_count) {
				/*
				 * perf stops printing and waits for the
				 * workload to end by itself
				 */
				if (!r->have_workload)
					break;
				next_tick = 0;
			}
			continue;
		}
		wake = enable_at;
		if (deadline && (!wake || deadline < wake))
			wake = deadline;
		if (next_tick && (!wake || next_tick < wake))
			wake = next_tick;
		/* -p/-t: end when every measured thread is gone, as perf */
		if (!r->have_workload && target_has_task(&r->o->target)) {
			if (!threads_alive(r->el->threads))
				break;
			if (!wake || now + 0.2 < wake)
				wake = now + 0.2;
		}
		if (wake) {
			double left = wake - now;

			tmo.tv_sec = (time_t)left;
			tmo.tv_nsec = (long)((left - (double)tmo.tv_sec) * 1e9);
		}
		ppoll(NULL, 0, wake ? &tmo : NULL, unblocked);
	}
}

/* the scopes that -A, --per-thread and --per-socket... ask for */
static enum statagg_mode agg_mode(const struct stat_opts *o)
{
	if (o->no_aggr)
		return STATAGG_CPU;
	if (o->per_thread)
		return STATAGG_THREAD;
	return o->per_socket ? STATAGG_SOCKET :
	       o->per_die ? STATAGG_DIE :
	       o->per_core ? STATAGG_CORE :
	       o->per_node ? STATAGG_NODE : STATAGG_GLOBAL;
}

/*
 * The maps and state of the first run: the target's cpus and threads
 * (system-wide --per-thread: every thread of the system, each on any cpu,
 * perf's dummy cpu map), the aggregates, the per-event state. 0 or a
 * status after a message.
 */
static int first_maps(struct stat_run *r)
{
	int err = evlist_set_maps(r->el, &r->o->target, r->w.pid);

	if (err == -ESRCH)
		return cmd_fail(0, "no such process or thread: '%s'",
				r->o->target.pid ? r->o->target.pid :
				r->o->target.tid);
	if (err == -ENODEV)
		return cmd_fail(0, "cpu list '%s' names a cpu that is not online",
				r->o->target.cpu_list);
	if (err)
		return cmd_fail(err, "bad target");
	if (r->o->per_thread && r->o->target.system_wide &&
	    !target_has_task(&r->o->target)) {
		struct threadmap *all = threadmap_new_all();

		if (!all)
			return cmd_fail(-errno, "cannot list the threads in /proc");
		threadmap_free(r->el->threads);
		r->el->threads = all;
		cpumap_free(r->el->cpus);
		r->el->cpus = cpumap_new_any();
	}
	err = statagg_init_cpus(&r->agg, agg_mode(r->o), r->el->cpus,
				r->el->threads->nr);
	if (err)
		return cmd_fail(err, "cannot read the cpu topology");
	alloc_state(r);
	if (r->o->per_thread)
		stat_read_comms(r);
	return assign_cgroups(r);
}

static int run_once(struct stat_run *r, const sigset_t *unblocked,
		    int *status)
{
	struct timespec t1;
	int err;

	*status = 0;
	if (r->argv) {
		err = workload_prepare(&r->w, (const char *const *)r->argv);
		if (err)
			return cmd_fail(err, "cannot start '%s'", r->argv[0]);
		r->have_workload = true;
	}
	if (!r->el->cpus) {
		err = first_maps(r);
		if (err) {
			workload_release(&r->w);
			return err;
		}
	} else if (r->have_workload && target_none(&r->o->target)) {
		/* a new workload each run; -a/-C/-p keep their maps */
		threadmap_free(r->el->threads);
		r->el->threads = threadmap_new_pid(r->w.pid);
	}
	config_events(r);
	if (r->o->sync)
		sync();
	err = open_events(r);
	if (err) {
		workload_release(&r->w);
		return PTOOL_EXIT_FAIL;
	}
	/*
	 * A workload's counters start at its exec (enable_on_exec); other
	 * targets' when enabled, before the workload runs, so that the
	 * clocks cover the elapsed time.
	 */
	if (r->o->delay) {
		if (!r->o->quiet)
			fprintf(stderr, "Events disabled\n");
	} else if (!r->have_workload || !target_none(&r->o->target)) {
		evlist_enable(r->el);
	}
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	r->last = r->t0;
	if (r->have_workload) {
		err = workload_start(&r->w);
		if (err) {
			evlist_close(r->el);
			workload_release(&r->w);
			cmd_fail(err, "cannot run '%s'", r->argv[0]);
			return PTOOL_EXIT_NOEXEC;
		}
	}
	wait_loop(r, unblocked);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r->o->interval) {
		/* the last, partial interval, unless --interval-count ended */
		bool done = r->o->interval_count &&
			    r->nr_intervals >= r->o->interval_count;

		if (!done && (ts_diff(&t1, &r->last) > 0.0005 || !r->nr_intervals))
			interval(r, &t1);
	} else {
		evlist_disable(r->el);
		err = read_counters(r);
		if (err) {
			evlist_close(r->el);
			workload_release(&r->w);
			return err;
		}
	}
	evlist_close(r->el);
	if ((size_t)r->walltime.n < ARRAY_SIZE(r->walltime_run))
		r->walltime_run[(int)r->walltime.n] = ts_diff(&t1, &r->t0);
	runstat_add(&r->walltime, ts_diff(&t1, &r->t0));
	r->last_run_ns = ts_diff(&t1, &r->t0) * 1e9;
	stat_account_run(r);
	if (r->have_workload) {
		int sig = workload_term_signal(&r->w);

		if (sig)
			fprintf(stderr, "%s: %s\n", r->argv[0], strsignal(sig));
		*status = r->ended_by_us ? 0 : workload_exit_status(&r->w);
		workload_release(&r->w);
	}
	return 0;
}

/*
 * --pre/--post: a shell command around each run, as perf's system(); a
 * command that fails ends ptool stat
 */
static int run_hook(const char *cmd, const char *opt)
{
	int st;

	if (!cmd)
		return 0;
	fflush(NULL);
	st = system(cmd);
	if (st == -1)
		return cmd_fail(-errno, "cannot run the %s command", opt);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return cmd_fail(0, "the %s command '%s' failed", opt, cmd);
	return 0;
}

/* the output's layout: the options' mode, columns and number format */
static void setup_format(struct stat_run *r)
{
	const struct stat_opts *o = r->o;

	/* perf uses the locale's digit grouping for big numbers */
	setlocale(LC_NUMERIC, "");
	if (o->big_num && !o->csv_sep && !o->json) {
		const char *t = localeconv()->thousands_sep;

		snprintf(r->thousands, sizeof(r->thousands), "%s", t ? t : "");
	}
	setlocale(LC_NUMERIC, "C");
	r->fmt.mode = o->json ? STATFMT_JSON : o->csv_sep ? STATFMT_CSV : STATFMT_STD;
	r->fmt.sep = o->csv_sep ? o->csv_sep : ",";
	r->fmt.thousands = r->thousands;
	r->fmt.interval = o->interval > 0;
	r->fmt.per_cpu = o->no_aggr;
	r->fmt.per_thread = o->per_thread;
	r->fmt.aggr = o->per_socket ? STATFMT_AGGR_SOCKET :
		      o->per_die ? STATFMT_AGGR_DIE :
		      o->per_core ? STATFMT_AGGR_CORE :
		      o->per_node ? STATFMT_AGGR_NODE : STATFMT_AGGR_NONE;
	r->fmt.noise = o->repeat > 1;
}

/* where the counts go: stderr, --log-fd or -o FILE */
static int open_out(struct stat_run *r)
{
	const struct stat_opts *o = r->o;
	time_t now;

	r->out = stderr;
	if (o->log_fd >= 0) {
		r->out = fdopen(dup(o->log_fd), o->append ? "a" : "w");
		if (!r->out)
			return cmd_fail(-errno, "cannot write to --log-fd %d", o->log_fd);
	} else if (o->output) {
		now = time(NULL);
		r->out = fopen(o->output, o->append ? "ae" : "we");
		if (!r->out)
			return cmd_fail(-errno, "cannot create '%s'", o->output);
		/* perf's first line of an -o file (ctime() ends in a newline) */
		fprintf(r->out, "# started on %s\n", ctime(&now));
	}
	return 0;
}

/* the -r runs, each between --pre and --post; a signal ends them early */
static int run_all(struct stat_run *r, const sigset_t *unblocked,
		   int *status)
{
	int ret = 0;

	for (int i = 0; i < r->o->repeat; i++) {
		ret = run_hook(r->o->pre, "--pre");
		if (!ret)
			ret = run_once(r, unblocked, status);
		if (!ret)
			ret = run_hook(r->o->post, "--post");
		if (ret)
			break;
		if (stop_signal && !r->have_workload)
			break;
		if (r->have_workload && workload_term_signal(&r->w) == SIGINT)
			break;
	}
	return ret;
}

/* the checks after opt_parse(); 0 or an exit status after a message */
static int check_opts(struct stat_opts *o, int argc)
{
	int ret = stat_check_opts(o, argc);

	if (ret)
		return ret;
	if (o->verbose)
		msg_set_verbose(msg_verbose() + o->verbose);
	if (o->repeat > 100)
		return cmd_usage_fail("-r must be at most 100");
	return 0;
}

/*
 * After the runs (@ret their result): the totals (also after -I with
 * --summary), the output closed; the exit status (the workload's, @status)
 */
static int finish(struct stat_run *r, int ret, int status)
{
	const struct stat_opts *o = r->o;

	if (!ret && (!o->interval || o->summary)) {
		/* --summary: the totals, as without -I */
		r->fmt.interval = false;
		r->fmt.summary = o->interval && !o->no_csv_summary;
		stat_print_final(r, r->have_workload && target_none(&o->target) &&
				 o->repeat == 1);
	}
	if (!ret)
		ret = status;
	if ((o->output || o->log_fd >= 0) && fclose(r->out) && !ret)
		ret = cmd_fail(-errno, "cannot write '%s'", o->output ? o->output : "--log-fd");
	return ret;
}

int cmd_stat(int argc, const char **argv)
{
	struct stat_opts o = { .repeat = 1, .big_num = true, .scale = true,
			       .log_fd = -1 };
	const struct opt options[] = {
		OPT_STRLIST('e', "event", &o.events, "event",
			    "event selector; use 'ptool list' to list available events"),
		OPT_CALLBACK(0, "filter", &o, "filter",
			     "tracepoint filter for the -e event before it", opt_filter),
		OPT_BOOL('i', "no-inherit", &o.no_inherit,
			 "child tasks do not inherit counters"),
		OPT_TARGET(&o.target),
		OPT_STR('G', "cgroup", &o.target.cgroup, "name",
			"monitor events in cgroup name only (with -a or -C)"),
		OPT_INT('r', "repeat", &o.repeat, "n",
			"repeat command and print average + stddev (max: 100)"),
		OPT_BOOL('c', "scale", &o.scale,
			 "scale counts for multiplexing (--no-scale: raw counts)"),
		OPT_BOOL('S', "sync", &o.sync, "call sync() before starting a run"),
		OPT_BOOL('n', "null", &o.null_run, "null run: count nothing, time the command"),
		OPT_BOOL('B', "big-num", &o.big_num,
			 "print large numbers with thousands' separators"),
		OPT_BOOL('A', "no-aggr", &o.no_aggr, "disable CPU count aggregation"),
		OPT_BOOL(0, "per-cpu", &o.per_cpu, "same as -A: a count per cpu"),
		OPT_BOOL(0, "per-thread", &o.per_thread, "a count per thread (with -p, -t or -a)"),
		OPT_BOOL(0, "per-socket", &o.per_socket, "aggregate counts per processor socket"),
		OPT_BOOL(0, "per-die", &o.per_die, "aggregate counts per processor die"),
		OPT_BOOL(0, "per-core", &o.per_core, "aggregate counts per physical processor core"),
		OPT_BOOL(0, "per-node", &o.per_node, "aggregate counts per numa node"),
		OPT_STR('x', "field-separator", &o.csv_sep, "separator",
			"print counts with custom separator (CSV)"),
		OPT_BOOL('j', "json-output", &o.json, "print counts in JSON format"),
		OPT_STR('o', "output", &o.output, "file", "output file name"),
		OPT_BOOL(0, "append", &o.append, "append to the output file"),
		OPT_INT(0, "log-fd", &o.log_fd, "fd",
			"log output to fd, instead of stderr"),
		OPT_INT('I', "interval-print", &o.interval, "msecs",
			"print counts at regular interval in ms (>= 10)"),
		OPT_INT(0, "interval-count", &o.interval_count, "n",
			"print counts for fixed number of times"),
		OPT_INT(0, "timeout", &o.timeout, "msecs",
			"stop the workload and print counts after a timeout period in ms (>= 10ms)"),
		OPT_INT('D', "delay", &o.delay, "msecs",
			"ms to wait before starting measurement after program start"),
		OPT_STR('M', "metrics", &o.metrics, "metric/metric group list",
			"monitor specified metrics or metric groups (separated by ,)"),
		OPT_BOOL(0, "metric-only", &o.metric_only,
			 "Only print computed metrics. No raw values"),
		OPT_BOOL(0, "topdown", &o.topdown, "measure top-down statistics"),
		OPT_BOOL('g', "group", &o.group,
			 "put the counters into a counter group"),
		OPT_BOOL(0, "summary", &o.summary,
			 "print summary for interval mode"),
		OPT_BOOL(0, "no-csv-summary", &o.no_csv_summary,
			 "don't print 'summary' for CSV summary output"),
		OPT_BOOL(0, "interval-clear", &o.interval_clear,
			 "clear screen in between new interval"),
		OPT_BOOL(0, "table", &o.table,
			 "display details about each run (only with -r option)"),
		OPT_STR(0, "pre", &o.pre, "command",
			"command to run prior to the measured command"),
		OPT_STR(0, "post", &o.post, "command",
			"command to run after to the measured command"),
		OPT_BOOL('T', "transaction", &o.transaction,
			 "hardware transaction statistics"),
		OPT_BOOL(0, "smi-cost", &o.smi_cost, "measure SMI cost"),
		OPT_STR(0, "cputype", &o.cputype, "hybrid cpu type",
			"Only enable events on applying cpu with this type for hybrid platform (e.g. core or atom)"),
		OPT_BOOL(0, "all-user", &o.all_user,
			 "Configure all used events to run in user space."),
		OPT_BOOL(0, "all-kernel", &o.all_kernel,
			 "Configure all used events to run in kernel space."),
		OPT_INCR('d', "detailed", &o.detailed,
			 "detailed run - start a lot of events (-dd, -ddd: more)"),
		OPT_INCR('v', "verbose", &o.verbose, "be more verbose (show counter open errors, etc)"),
		OPT_BOOL('q', "quiet", &o.quiet, "don't print any output, messages or warnings"),
		OPT_END(),
	};
	struct stat_run r = { .o = &o };
	sigset_t unblocked;
	int status = 0, ret;

	argc = opt_parse(argc, argv, options, stat_usage, OPT_STOP_AT_NON_OPTION);
	if (argc < 0) {
		opt_strlist_release(&o.events);
		free(o.filters);
		return opt_exit_status(argc);
	}
	ret = check_opts(&o, argc);
	if (ret)
		goto out_opts;
	r.argv = argc ? argv : NULL;
	setup_format(&r);
	r.el = evlist_new();
	ret = add_events(&r);
	if (ret) {
		if (ret != PTOOL_EXIT_USAGE)
			ret = PTOOL_EXIT_FAIL;
		goto out;
	}
	ret = open_out(&r);
	if (ret)
		goto out;
	block_signals(&unblocked);
	ret = run_all(&r, &unblocked, &status);
	sigprocmask(SIG_SETMASK, &unblocked, NULL);
	ret = finish(&r, ret, status);
out:
	free_state(&r);
	evlist_free(r.el);
out_opts:
	opt_strlist_release(&o.events);
	free(o.filters);
	return ret;
}
