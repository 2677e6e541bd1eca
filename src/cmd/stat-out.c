// SPDX-License-Identifier: GPL-2.0
/*
 * ptool stat's rows: counts of each scope (everything, a cpu, a thread)
 * with their derived metrics, for the summary and for each -I interval.
 */
#include "stat-priv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"

static void scope_label(const struct stat_run *r, int k,
			struct statfmt_row *row)
{
	row->cpu = r->o->no_aggr ? r->el->cpus->cpu[k] : -1;
	if (r->o->per_thread) {
		row->comm = r->comms[k];
		row->tid = r->el->threads->tid[k];
	}
	if (r->fmt.aggr) {
		const struct cpu_topo *t = &r->agg.aggr[k];

		row->socket = t->socket;
		row->die = t->die;
		row->core = t->core;
		row->node = t->node;
		row->aggr_nr = statagg_nr_cpus(&r->agg, k);
	}
}

/*
 * The row order: each event for every cpu or thread (-A, --per-thread), but
 * every event of one socket/die/core/node before the next one
 */
static int row_index(const struct stat_run *r, int ev, int sc, int nsc)
{
	return r->fmt.aggr ? sc * r->el->nr + ev : ev * nsc + sc;
}

/* the names of the measured threads, for --per-thread rows */
void stat_read_comms(struct stat_run *r)
{
	const struct threadmap *t = r->el->threads;

	r->comms = xcalloc((size_t)t->nr, sizeof(*r->comms));
	for (int i = 0; i < t->nr; i++) {
		struct strbuf sb = STRBUF_INIT;
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/comm", (int)t->tid[i]);
		if (strbuf_read_file(&sb, path, 32) <= 0)
			strbuf_addstr(&sb, "?");
		strbuf_rtrim(&sb);
		r->comms[i] = strbuf_detach(&sb, NULL);
	}
}

/* -------- output -------- */

struct thread_row {
	const struct statfmt_row *row;
	uint64_t val;
};

/* perf's order of --per-thread rows: its int difference of u64 counts */
static int cmp_thread_val(const void *a, const void *b)
{
	return (int)(((const struct thread_row *)b)->val -
		     ((const struct thread_row *)a)->val);
}

/*
 * One event's --per-thread rows (@stride apart in @rows): by count, the
 * largest first, as perf; system-wide, the threads that counted nothing
 * are left out.
 */
static void print_thread_rows(const struct stat_run *r,
			      const struct statfmt_row *rows, int nsc,
			      int stride, struct strbuf *sb)
{
	struct thread_row *v = xcalloc((size_t)nsc, sizeof(*v));
	bool skip_zero = !target_has_task(&r->o->target);
	int n = 0;

	for (int sc = 0; sc < nsc; sc++) {
		const struct statfmt_row *row = &rows[(size_t)sc * stride];
		uint64_t val = row->state == STATFMT_COUNTED ?
			       (uint64_t)row->value : 0;

		if (skip_zero && !val)
			continue;
		v[n].row = row;
		v[n++].val = val;
	}
	qsort(v, (size_t)n, sizeof(*v), cmp_thread_val);
	for (int i = 0; i < n; i++)
		statfmt_row(&r->fmt, v[i].row, sb);
	free(v);
}

static void set_value(struct statfmt_row *row, const struct statagg_value *v)
{
	row->value = v->value;
	row->run = v->run;
	row->pct_running = v->pct_running;
	row->noise_pct = v->noise_pct;
}

static void fill_row(struct statfmt_row *row, const struct evsel *e,
		     const struct ev_state *s, const struct stat_run *r)
{
	memset(row, 0, sizeof(*row));
	row->event = e->name;
	row->cgroup = s->cgroup;
	row->msec = statfmt_is_clock(e->attr.type, e->attr.config);
	row->unit = e->kind == EVSEL_TOOL ? "ns" : NULL;
	row->pct_running = 100.0;
	if (s->unsupported)
		row->state = STATFMT_NOT_SUPPORTED;
	else if (s->not_counted)
		row->state = STATFMT_NOT_COUNTED;
}

/*
 * The rows of scope @k (see struct statagg) from the run totals into @rows
 * (one per event). Metrics use the other counters of the
 * same scope.
 */
static void scope_rows(struct stat_run *r, int k, struct statfmt_row *rows)
{
	struct statfmt_shadow sh = { 0 };
	struct evsel *e;
	int runs = (int)r->walltime.n;

	sh.elapsed_ns = r->walltime.mean * 1e9;
	evlist_for_each(r->el, e) {
		struct ev_state *s = &r->st[e->idx];
		struct statfmt_row *row = &rows[e->idx];
		struct statagg_value v;

		fill_row(row, e, s, r);
		scope_label(r, k, row);
		if (row->state != STATFMT_COUNTED)
			continue;
		if (!statagg_runs_value(&s->runs, k, runs, &v)) {
			row->state = STATFMT_NOT_COUNTED;
			continue;
		}
		set_value(row, &v);
		statfmt_shadow_add(&sh, e->attr.type, e->attr.config, row->value);
	}
	evlist_for_each(r->el, e)
		statfmt_metric(&sh, e->attr.type, e->attr.config, &rows[e->idx]);
}

/*
 * --metric-only: one scope's rows (@stride apart) without the tool events,
 * as a header (@header) and a line of metrics
 */
static void metric_only(const struct stat_run *r,
			const struct statfmt_row *rows, int stride,
			bool header, struct strbuf *sb)
{
	struct statfmt_row *v = xcalloc((size_t)r->el->nr + 1, sizeof(*v));
	struct evsel *e;
	int n = 0;

	evlist_for_each(r->el, e)
		if (e->kind != EVSEL_TOOL)
			v[n++] = rows[(size_t)e->idx * stride];
	if (header)
		statfmt_metric_only_header(&r->fmt, v, n, sb);
	statfmt_metric_only_line(&r->fmt, v, n, sb);
	free(v);
}

/* --table: perf's print_table(), each run's wall time and a bar */
static void print_table(const struct stat_run *r, int prec, struct strbuf *sb)
{
	double avg = r->walltime.mean;
	int runs = (int)r->walltime.n, indent = 0;
	char tmp[64];

	snprintf(tmp, sizeof(tmp), " %17.*f", prec, avg);
	while (tmp[indent] == ' ')
		indent++;
	strbuf_addf(sb, "%*s# Table of individual measurements:\n", indent, "");
	for (int i = 0; i < runs && i < (int)ARRAY_SIZE(r->walltime_run); i++) {
		double run = r->walltime_run[i];
		/* perf's bar: one '#' per 5% off the mean, and one */
		int n = 1 + abs((int)(100.0 * (run - avg) / run) / 5);

		strbuf_addf(sb, " %17.*f (%+.*f) ", prec, run, prec, run - avg);
		for (int h = 0; h < n; h++)
			strbuf_addch(sb, '#');
		strbuf_addch(sb, '\n');
	}
	strbuf_addf(sb, "\n%*s# Final result:\n", indent, "");
}

static void cmdline(struct strbuf *sb, const char **argv)
{
	for (int i = 0; argv[i]; i++)
		strbuf_addf(sb, "%s%s", i ? " " : "", argv[i]);
}

void stat_print_final(struct stat_run *r, bool print_rusage)
{
	struct strbuf sb = STRBUF_INIT;
	bool std = r->fmt.mode == STATFMT_STD;
	int runs = (int)r->walltime.n;

	if (std) {
		char what[512];

		strbuf_addstr(&sb, "\n Performance counter stats for ");
		if (target_none(&r->o->target) && r->argv) {
			strbuf_addch(&sb, '\'');
			cmdline(&sb, r->argv);
			strbuf_addch(&sb, '\'');
		} else if (target_has_cpu(&r->o->target) && !r->o->target.cpu_list) {
			strbuf_addstr(&sb, "'system wide'");
		} else if (r->o->target.cpu_list) {
			strbuf_addf(&sb, "'%s'", target_describe(&r->o->target,
								what, sizeof(what)));
		} else {
			strbuf_addstr(&sb, target_describe(&r->o->target, what,
							   sizeof(what)));
		}
		if (r->o->repeat > 1)
			strbuf_addf(&sb, " (%d runs)", runs);
		strbuf_addstr(&sb, ":\n\n");
	}
	{
		/* perf's order with -A: each event on every cpu */
		int nsc = r->agg.nr_scopes;
		struct statfmt_row *rows;

		rows = xcalloc((size_t)(nsc * r->el->nr) + 1, sizeof(*rows));
		for (int sc = 0; sc < nsc; sc++)
			scope_rows(r, sc, rows + (size_t)sc * r->el->nr);
		if (r->o->metric_only) {
			metric_only(r, rows, 1, true, &sb);
		} else if (r->fmt.aggr) {
			for (int i = 0; i < nsc * r->el->nr; i++)
				statfmt_row(&r->fmt, &rows[i], &sb);
		} else if (r->o->per_thread) {
			for (int ev = 0; ev < r->el->nr; ev++)
				print_thread_rows(r, rows + ev, nsc, r->el->nr,
						  &sb);
		} else {
			for (int ev = 0; ev < r->el->nr; ev++)
				for (int sc = 0; sc < nsc; sc++)
					statfmt_row(&r->fmt, &rows[sc * r->el->nr + ev], &sb);
		}
		free(rows);
	}
	if (std) {
		if (r->el->nr)
			strbuf_addch(&sb, '\n');
		if (runs > 1) {
			double sd = runstat_stddev_mean(&r->walltime);
			int prec = sd > 1 || sd <= 0 ? 0 : (int)ceil(-log10(sd));

			prec += 2;
			if (r->o->table)
				print_table(r, prec, &sb);
			strbuf_addf(&sb, " %17.*f +- %.*f seconds time elapsed",
				    prec, r->walltime.mean, prec, sd);
			if (runstat_noise_pct(&r->walltime) != 0)
				strbuf_addf(&sb, "  ( +-%6.2f%% )",
					    runstat_noise_pct(&r->walltime));
			strbuf_addch(&sb, '\n');
		} else {
			strbuf_addf(&sb, " %17.9f seconds time elapsed\n",
				    r->walltime.mean);
		}
		strbuf_addch(&sb, '\n');
		if (print_rusage) {
			const struct rusage *ru = &r->w.ru;

			strbuf_addf(&sb, " %17.9f seconds user\n",
				    ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6);
			strbuf_addf(&sb, " %17.9f seconds sys\n",
				    ru->ru_stime.tv_sec + ru->ru_stime.tv_usec / 1e6);
			strbuf_addstr(&sb, "\n\n");
		}
	}
	if (!r->o->quiet)
		fputs(sb.buf, r->out);
	strbuf_release(&sb);
}

/* one interval's rows: deltas since the previous reading */
void stat_print_interval(struct stat_run *r, const struct timespec *now)
{
	struct strbuf sb = STRBUF_INIT;
	double ts = ts_diff(now, &r->t0);
	double len = ts_diff(now, &r->last);
	int nscopes = r->agg.nr_scopes;
	struct statfmt_row *rows;
	struct evsel *e;

	r->last = *now;
	/* --interval-clear: perf clears the terminal (on stdout) each time */
	if (r->o->interval_clear && !r->o->quiet) {
		fputs("\033[H\033[2J\n", stdout);
		fflush(stdout);
	}
	if (r->fmt.mode == STATFMT_STD && !r->o->metric_only &&
	    (r->nr_intervals % 25 == 0 || r->o->interval_clear))
		statfmt_interval_header(&r->fmt, &sb);
	rows = xcalloc((size_t)(r->el->nr * nscopes), sizeof(*rows));
	for (int sc = 0; sc < nscopes; sc++) {
		/*
		 * "CPUs utilized" is over the nominal interval, the last,
		 * partial one too, as perf
		 */
		struct statfmt_shadow sh = { .elapsed_ns = r->o->interval * 1e6 };

		evlist_for_each(r->el, e) {
			struct ev_state *s = &r->st[e->idx];
			struct statfmt_row *row = &rows[row_index(r, e->idx, sc, nscopes)];
			struct statagg_value v;
			struct evsel_count c;

			fill_row(row, e, s, r);
			row->ts = ts;
			scope_label(r, sc, row);
			if (row->state != STATFMT_COUNTED)
				continue;
			if (e->kind == EVSEL_TOOL) {
				/* an interval has a duration, no user/sys time */
				c = (struct evsel_count){ 0 };
				if (e->attr.config == EVSEL_TOOL_DURATION)
					statagg_tool_count(e->attr.config,
							   len * 1e9, NULL, &c);
			} else if (!s->counts) {
				row->state = STATFMT_NOT_COUNTED;
				continue;
			} else {
				statagg_sum(&r->agg, s->counts, sc, true, &c);
			}
			if (!statagg_count_value(&c, &v)) {
				row->state = STATFMT_NOT_COUNTED;
				continue;
			}
			set_value(row, &v);
			statfmt_shadow_add(&sh, e->attr.type, e->attr.config,
					   row->value);
		}
		evlist_for_each(r->el, e)
			statfmt_metric(&sh, e->attr.type, e->attr.config,
				       &rows[row_index(r, e->idx, sc, nscopes)]);
	}
	if (r->o->metric_only)
		metric_only(r, rows, nscopes, r->nr_intervals % 25 == 0 ||
			    r->o->interval_clear, &sb);
	r->nr_intervals++;
	for (int i = 0; !r->o->metric_only && !r->o->per_thread &&
			i < r->el->nr * nscopes; i++)
		statfmt_row(&r->fmt, &rows[i], &sb);
	for (int ev = 0; !r->o->metric_only && r->o->per_thread &&
			 ev < r->el->nr; ev++)
		print_thread_rows(r, rows + row_index(r, ev, 0, nscopes),
				  nscopes, 1, &sb);
	free(rows);
	if (!r->o->quiet) {
		fputs(sb.buf, r->out);
		fflush(r->out);
	}
	strbuf_release(&sb);
}

/* add the final readings of this run to the statistics over runs */
void stat_account_run(struct stat_run *r)
{
	/* perf's user_time and system_time: the workload's own */
	const struct rusage *ru = r->have_workload &&
				  target_none(&r->o->target) ? &r->w.ru : NULL;
	struct evsel *e;

	evlist_for_each(r->el, e) {
		struct ev_state *s = &r->st[e->idx];

		for (int k = 0; k < s->runs.nr_scopes; k++) {
			struct evsel_count c = { 0 };

			if (e->kind == EVSEL_TOOL)
				statagg_tool_count(e->attr.config,
						   r->last_run_ns, ru, &c);
			else if (s->counts)
				statagg_sum(&r->agg, s->counts, k, false, &c);
			statagg_runs_add(&s->runs, k, &c);
		}
	}
}
