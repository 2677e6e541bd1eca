// SPDX-License-Identifier: GPL-2.0
#include "ptool/sched.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/pdata.h"
#include "ptool/tpfmt.h"

#define NSEC_PER_MSEC	((uint64_t)1000000)
#define NSEC_PER_USEC	((uint64_t)1000)
#define THREADS_TABLE	256	/* perf's THREADS__TABLE_SIZE: summary order */

/* perf's struct stats (Welford) */
struct rstats {
	double n, mean, m2;
	uint64_t min, max;
};

/* what timehist keeps per task (perf's struct thread_runtime) */
struct trt {
	int32_t pid, tid;
	bool idle;
	uint64_t last_time;
	uint64_t ready_to_run;
	uint64_t dt_wait, dt_delay, dt_run;
	struct rstats run;
	uint64_t total_run_time;
	uint64_t total_delay, total_sleep, total_iowait, total_preempt;
	char last_state;	/* the state of its last switch-out */
	uint64_t migrations;
	struct trt *next;
};

enum sched_ev {
	EV_NONE,
	EV_SWITCH,
	EV_WAKEUP,
	EV_MIGRATE,
};

struct th {
	const struct sched_opts *o;
	struct session *s;
	struct tpfmt *tp;
	FILE *fp;
	enum sched_ev *ev;	/* per attr */
	bool *has_chain;	/* per attr */
	struct trt **buckets;
	size_t nr_buckets, nr;
	struct trt **idle;	/* per cpu */
	uint32_t nr_idle;
	uint64_t *cpu_last;	/* last switch time per cpu */
	uint32_t nr_cpu_last;
	uint32_t max_cpu;
	int comm_width;
	uint64_t hist_start, hist_end;
	uint64_t skipped;
	struct strbuf line, tmp;
};

void sched_fmt_time(struct strbuf *sb, uint64_t ns, int width)
{
	uint64_t ms = ns / NSEC_PER_MSEC;

	ns -= ms * NSEC_PER_MSEC;
	strbuf_addf(sb, "%*" PRIu64 ".%03" PRIu64 " ", width, ms, (uint64_t)(ns / NSEC_PER_USEC));
}

static void stats_init(struct rstats *st)
{
	memset(st, 0, sizeof(*st));
	st->min = UINT64_MAX;
}

static void stats_update(struct rstats *st, uint64_t val)
{
	double delta;

	st->n++;
	delta = (double)val - st->mean;
	st->mean += delta / st->n;
	st->m2 += delta * ((double)val - st->mean);
	if (val > st->max)
		st->max = val;
	if (val < st->min)
		st->min = val;
}

static double stats_rel_stddev(const struct rstats *st)
{
	double var, sd;

	if (st->n < 2 || !st->mean)
		return 0;
	var = st->m2 / (st->n - 1);
	sd = sqrt(var / st->n);
	return 100.0 * sd / st->mean;
}

static struct trt *trt_new(int32_t pid, int32_t tid)
{
	struct trt *r = xcalloc(1, sizeof(*r));

	r->pid = pid;
	r->tid = tid;
	stats_init(&r->run);
	return r;
}

static struct trt *task_findnew(struct th *t, int32_t pid, int32_t tid)
{
	size_t b;
	struct trt *r;

	if (!t->buckets || t->nr + 1 > t->nr_buckets * 2) {
		size_t n = t->nr_buckets ? t->nr_buckets * 2 : 256;
		struct trt **nb = xcalloc(n, sizeof(*nb));

		for (size_t i = 0; i < t->nr_buckets; i++) {
			struct trt *x, *nx;

			for (x = t->buckets[i]; x; x = nx) {
				nx = x->next;
				x->next = nb[(uint32_t)x->tid % n];
				nb[(uint32_t)x->tid % n] = x;
			}
		}
		free(t->buckets);
		t->buckets = nb;
		t->nr_buckets = n;
	}
	b = (uint32_t)tid % t->nr_buckets;
	for (r = t->buckets[b]; r; r = r->next)
		if (r->tid == tid)
			return r;
	r = trt_new(pid, tid);
	r->next = t->buckets[b];
	t->buckets[b] = r;
	t->nr++;
	return r;
}

static struct trt *idle_get(struct th *t, uint32_t cpu)
{
	if (cpu >= t->nr_idle) {
		uint32_t n = cpu + 1;

		t->idle = xrealloc(t->idle, n * sizeof(*t->idle));
		memset(t->idle + t->nr_idle, 0, (n - t->nr_idle) * sizeof(*t->idle));
		t->nr_idle = n;
	}
	if (!t->idle[cpu]) {
		t->idle[cpu] = trt_new(0, 0);
		t->idle[cpu]->idle = true;
	}
	return t->idle[cpu];
}

/* perf's timehist_get_commstr: "comm[tid]", "comm[tid/pid]", "<idle>" */
static const char *commstr(struct th *t, const struct trt *r, const char *comm)
{
	int n;

	strbuf_reset(&t->tmp);
	if (r->idle)
		strbuf_addstr(&t->tmp, "<idle>");
	else if (r->pid == 0)
		strbuf_addstr(&t->tmp, comm);
	else if (r->tid != r->pid)
		strbuf_addf(&t->tmp, "%s[%d/%d]", comm, r->tid, r->pid);
	else
		strbuf_addf(&t->tmp, "%s[%d]", comm, r->tid);
	if (t->tmp.len > 31)
		strbuf_setlen(&t->tmp, 31);	/* perf's char str[32] */
	n = (int)t->tmp.len;
	if (n > t->comm_width)
		t->comm_width = n;
	return t->tmp.buf;
}

/* the comm of @tid as the session has it now */
static const char *comm_of(struct th *t, int32_t tid, int32_t *pid)
{
	struct session_thread st;

	if (session_thread_find(t->s, tid, &st))
		return NULL;
	if (pid)
		*pid = st.pid;
	return st.comm;
}

static bool in_list(const char *list, int32_t v)
{
	const char *p = list;

	while (p && *p) {
		char *end;
		long x = strtol(p, &end, 10);

		if (end != p && x == v)
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/* perf's thread__is_filtered with --pid/--tid */
static bool filtered(const struct th *t, const struct trt *r)
{
	if (t->o->pids && !in_list(t->o->pids, r->pid))
		return true;
	if (t->o->tids && !in_list(t->o->tids, r->tid))
		return true;
	return false;
}

static uint64_t field(struct th *t, const struct session_sample *ss,
		      const char *name)
{
	unsigned long long v = 0;

	tpfmt_field_u64(t->tp, ss->s->raw, ss->s->raw_size, name, &v);
	return v;
}

static void put_time(struct strbuf *sb, uint64_t ns)
{
	strbuf_addf(sb, "%" PRIu64 ".%06" PRIu64, (uint64_t)(ns / 1000000000ull),
		    (uint64_t)(ns % 1000000000ull / 1000));
}

static void line_start(struct th *t, uint64_t time, uint32_t cpu)
{
	strbuf_reset(&t->line);
	strbuf_reset(&t->tmp);
	put_time(&t->tmp, time);
	strbuf_addf(&t->line, "%15s [%04u] ", t->tmp.buf, cpu);
}

static void line_end(struct th *t)
{
	strbuf_addch(&t->line, '\n');
	fwrite(t->line.buf, 1, t->line.len, t->fp);
}

/*
 * the kernel's prev_state as perf's --state letter: perf 6.1 still maps
 * the bits with the kernel's old TASK_STATE_TO_CHAR_STR, so TASK_REPORT_IDLE
 * (0x80) is a 'K'
 */
static char state_char(uint64_t state)
{
	static const char chars[] = "RSDTtZXxKWP";
	unsigned int bit = state ? (unsigned int)__builtin_ffsll((long long)state) : 0;

	return bit < sizeof(chars) - 1 ? chars[bit] : '?';
}

static bool ignored_sym(const char *name)
{
	return !strcmp(name, "schedule") || !strcmp(name, "__schedule") ||
	       !strcmp(name, "preempt_schedule");
}

static void put_chain(struct th *t, const struct session_sample *ss)
{
	unsigned int kept = 0, limit = t->o->max_stack + 2;
	bool first = true;

	for (unsigned int i = 0; i < ss->nr_frames && kept < limit; i++) {
		const struct session_frame *f = &ss->frames[i];
		const char *name = f->sym_name ? f->sym_name : "[unknown]";

		if (f->inlined)
			continue;
		kept++;
		if (f->sym_name && ignored_sym(f->sym_name))
			continue;
		strbuf_addf(&t->line, "%s%s", first ? "" : " <- ", name);
		first = false;
	}
}

/*
 * perf's timehist_update_runtime_stats: the time since the task's last
 * switch-out (wait) is sleep, iowait (switched out in D) or preempt
 * (switched out runnable)
 */
static void update_runtime(struct trt *r, uint64_t now, uint64_t tprev)
{
	r->dt_delay = r->dt_wait = r->dt_run = 0;
	if (tprev) {
		r->dt_run = now - tprev;
		if (r->ready_to_run && r->ready_to_run <= tprev)
			r->dt_delay = tprev - r->ready_to_run;
		if (r->last_time && r->last_time <= tprev)
			r->dt_wait = tprev - r->last_time;
	}
	stats_update(&r->run, r->dt_run);
	r->total_run_time += r->dt_run;
	r->total_delay += r->dt_delay;
	if (r->last_state == 'R')
		r->total_preempt += r->dt_wait;
	else if (r->last_state == 'D')
		r->total_iowait += r->dt_wait;
	else
		r->total_sleep += r->dt_wait;
}

static int on_switch(struct th *t, const struct session_sample *ss)
{
	const struct sched_opts *o = t->o;
	uint64_t prev_pid = field(t, ss, "prev_pid");
	uint64_t state = field(t, ss, "prev_state");
	uint64_t now = ss->time, tprev;
	bool idle = prev_pid == 0;
	struct trt *r;

	if (idle)
		r = idle_get(t, ss->cpu);
	else
		r = task_findnew(t, ss->pid, ss->tid ? ss->tid : ss->pid);
	if (!idle && r->pid <= 0 && ss->pid > 0)
		r->pid = ss->pid;
	/* the idle task is pid 0: -p and -t leave it out too, as in perf */
	if (filtered(t, r)) {
		t->skipped++;
		goto out;
	}
	tprev = ss->cpu < t->nr_cpu_last ? t->cpu_last[ss->cpu] : 0;
	update_runtime(r, now, tprev);
	if (!o->summary_only) {
		line_start(t, now, ss->cpu);
		if (o->cpu_visual) {
			strbuf_addch(&t->line, ' ');
			for (uint32_t i = 0; i <= t->max_cpu; i++)
				strbuf_addch(&t->line, i == ss->cpu ? (idle ? 'i' : 's') : ' ');
			strbuf_addch(&t->line, ' ');
		}
		{
			const char *c = commstr(t, r, ss->comm);
			char buf[40];

			snprintf(buf, sizeof(buf), "%s", c);
			strbuf_addf(&t->line, " %-*s ", t->comm_width, buf);
		}
		sched_fmt_time(&t->line, r->dt_wait, 6);
		sched_fmt_time(&t->line, r->dt_delay, 6);
		sched_fmt_time(&t->line, r->dt_run, 6);
		if (o->state)
			strbuf_addf(&t->line, " %5c ", idle ? 'I' : state_char(state));
		if (o->next) {
			struct strbuf nc = STRBUF_INIT;
			char nstr[30];

			tpfmt_field_str(t->tp, ss->s->raw, ss->s->raw_size, "next_comm", &nc);
			snprintf(nstr, sizeof(nstr), "next: %s[%" PRIu64 "]", nc.buf,
				 field(t, ss, "next_pid"));
			strbuf_release(&nc);
			strbuf_addf(&t->line, " %-*s", t->comm_width, nstr);
		}
		if (o->wakeups && !o->next)
			strbuf_addf(&t->line, "  %-*s", t->comm_width, "");
		if (!idle && o->callchain && t->has_chain[ss->attr_idx]) {
			/* perf's one-line chain starts with a space of its own */
			strbuf_addstr(&t->line, "   ");
			put_chain(t, ss);
		}
		line_end(t);
	}
out:
	if (!t->hist_start)
		t->hist_start = now;
	t->hist_end = now;
	r->last_time = now;
	r->last_state = state_char(state);
	r->ready_to_run = 0;
	if (ss->cpu >= t->nr_cpu_last) {
		uint32_t n = ss->cpu + 1;

		t->cpu_last = xrealloc(t->cpu_last, n * sizeof(*t->cpu_last));
		memset(t->cpu_last + t->nr_cpu_last, 0,
		       (n - t->nr_cpu_last) * sizeof(*t->cpu_last));
		t->nr_cpu_last = n;
	}
	t->cpu_last[ss->cpu] = now;
	return 0;
}

/* a wakeup or migration line: "<time> [cpu]  waker  ... what: task" */
static void event_line(struct th *t, const struct session_sample *ss,
		       struct trt *task, const char *what, char vis)
{
	struct trt *actor = task_findnew(t, ss->pid, ss->tid);
	const char *c;
	char buf[40], tbuf[40];
	int32_t pid = task->pid;
	const char *tcomm = comm_of(t, task->tid, &pid);

	if (filtered(t, actor) && filtered(t, task))
		return;
	line_start(t, ss->time, ss->cpu);
	if (t->o->cpu_visual) {
		if (vis == ' ') {
			strbuf_addf(&t->line, " %*s ", (int)t->max_cpu + 1, "");
		} else {
			strbuf_addstr(&t->line, "  ");
			for (uint32_t i = 0; i <= t->max_cpu; i++)
				strbuf_addch(&t->line, i == ss->cpu ? vis : ' ');
			strbuf_addstr(&t->line, "  ");
		}
	}
	c = commstr(t, actor, ss->comm);
	snprintf(buf, sizeof(buf), "%s", c);
	strbuf_addf(&t->line, " %-*s ", t->comm_width, buf);
	strbuf_addf(&t->line, "  %9s  %9s  %9s ", "", "", "");
	if (!tcomm) {
		snprintf(tbuf, sizeof(tbuf), ":%d", task->tid);
		tcomm = tbuf;
	}
	c = commstr(t, task, tcomm);
	strbuf_addf(&t->line, "%s: %s", what, c);
}

static int on_wakeup(struct th *t, const struct session_sample *ss)
{
	int32_t tid = (int32_t)field(t, ss, "pid");
	struct trt *r = task_findnew(t, 0, tid);

	if (r->pid == 0)
		comm_of(t, tid, &r->pid);
	if (!r->ready_to_run)
		r->ready_to_run = ss->time;
	if (t->o->wakeups && !t->o->summary_only) {
		event_line(t, ss, r, "awakened", ' ');
		line_end(t);
	}
	return 0;
}

static int on_migrate(struct th *t, const struct session_sample *ss)
{
	int32_t tid = (int32_t)field(t, ss, "pid");
	struct trt *r = task_findnew(t, 0, tid);

	if (r->pid == 0)
		comm_of(t, tid, &r->pid);
	/* perf 6.1 reads migrations only with -M, so they count only then */
	if (!t->o->migrations)
		return 0;
	r->migrations++;
	if (!t->o->summary_only) {
		event_line(t, ss, r, "migrated", 'm');
		strbuf_addf(&t->line, " cpu %" PRIu64 " => %" PRIu64,
			    field(t, ss, "orig_cpu"), field(t, ss, "dest_cpu"));
		line_end(t);
	}
	return 0;
}

static int on_sample(struct session *s, const struct session_sample *ss,
		     void *arg)
{
	struct th *t = arg;

	(void)s;
	if (ss->cpu > t->max_cpu && ss->cpu != (uint32_t)-1)
		t->max_cpu = ss->cpu;
	switch (t->ev[ss->attr_idx]) {
	case EV_SWITCH:
		return on_switch(t, ss);
	case EV_WAKEUP:
		return on_wakeup(t, ss);
	case EV_MIGRATE:
		return on_migrate(t, ss);
	default:
		return 0;
	}
}

static void header(struct th *t)
{
	FILE *fp = t->fp;
	uint32_t ncpus = t->max_cpu + 1;
	static const char dots[] = "----------------------------------------"
				   "----------------------------------------";

	fprintf(fp, "%15s %6s ", "time", "cpu");
	if (t->o->cpu_visual) {
		fputc(' ', fp);
		for (uint32_t i = 0, j = 0; i < ncpus; i++) {
			fprintf(fp, "%x", j++);
			if (j > 15)
				j = 0;
		}
		fputc(' ', fp);
	}
	fprintf(fp, " %-*s  %9s  %9s  %9s", t->comm_width, "task name",
		"wait time", "sch delay", "run time");
	if (t->o->state)
		fprintf(fp, "  %s", "state");
	fputc('\n', fp);

	fprintf(fp, "%15s %-6s ", "", "");
	if (t->o->cpu_visual)
		fprintf(fp, " %*s ", ncpus, "");
	fprintf(fp, " %-*s  %9s  %9s  %9s", t->comm_width, "[tid/pid]",
		"(msec)", "(msec)", "(msec)");
	if (t->o->state)
		fprintf(fp, "  %5s", "");
	fputc('\n', fp);

	fprintf(fp, "%.15s %.6s ", dots, dots);
	if (t->o->cpu_visual)
		fprintf(fp, " %.*s ", ncpus, dots);
	fprintf(fp, " %.*s  %.9s  %.9s  %.9s", t->comm_width, dots, dots, dots, dots);
	if (t->o->state)
		fprintf(fp, "  %.5s", dots);
	fputc('\n', fp);
}

struct sum_row {
	struct trt *r;
	bool dead;
	int32_t ppid;
	const char *comm;
};

static int sum_cmp(const void *pa, const void *pb)
{
	const struct sum_row *a = pa, *b = pb;
	uint32_t ba = (uint32_t)a->r->tid % THREADS_TABLE;
	uint32_t bb = (uint32_t)b->r->tid % THREADS_TABLE;

	if (ba != bb)
		return ba < bb ? -1 : 1;
	return a->r->tid < b->r->tid ? -1 : a->r->tid > b->r->tid;
}

static void print_sum_row(struct th *t, const struct sum_row *sr)
{
	const struct trt *r = sr->r;
	struct strbuf *sb = &t->line;
	char cbuf[40];

	strbuf_reset(sb);
	snprintf(cbuf, sizeof(cbuf), "%s", commstr(t, r, sr->comm));
	strbuf_addf(sb, "%*s   %5d  %9" PRIu64 " ", t->comm_width, cbuf, sr->ppid,
		    (uint64_t)r->run.n);
	sched_fmt_time(sb, r->total_run_time, 8);
	if (t->o->state) {
		sched_fmt_time(sb, r->total_sleep, 6);
		strbuf_addch(sb, ' ');
		sched_fmt_time(sb, r->total_iowait, 6);
		strbuf_addch(sb, ' ');
		sched_fmt_time(sb, r->total_preempt, 6);
		strbuf_addch(sb, ' ');
		sched_fmt_time(sb, r->total_delay, 6);
		strbuf_addch(sb, '\n');
		fwrite(sb->buf, 1, sb->len, t->fp);
		return;
	}
	sched_fmt_time(sb, r->run.min, 6);
	strbuf_addch(sb, ' ');
	sched_fmt_time(sb, (uint64_t)r->run.mean, 6);
	strbuf_addch(sb, ' ');
	sched_fmt_time(sb, r->run.max, 6);
	strbuf_addf(sb, "  %5.2f   %5" PRIu64 "\n", stats_rel_stddev(&r->run),
		    r->migrations);
	fwrite(sb->buf, 1, sb->len, t->fp);
}

static void summary(struct th *t)
{
	FILE *fp = t->fp;
	struct sum_row *rows = xcalloc(t->nr + 1, sizeof(*rows));
	size_t n = 0, live = 0, dead = 0;
	uint64_t sched_count = 0, run_total = 0;
	uint64_t hist_time = t->hist_end - t->hist_start;
	static const char dots[] = "----------------------------------------"
				   "----------------------------------------"
				   "----------------------------------------";

	if (t->o->state) {
		fprintf(fp, "\nWait-time summary\n");
		fprintf(fp, "%*s  parent   sched-in  ", t->comm_width, "comm");
		fprintf(fp, "   run-time      sleep      iowait     preempt       delay\n");
		fprintf(fp, "%*s            (count)  ", t->comm_width, "");
		fprintf(fp, "     (msec)     (msec)      (msec)      (msec)       (msec)\n");
	} else {
		fprintf(fp, "\nRuntime summary\n");
		fprintf(fp, "%*s  parent   sched-in  ", t->comm_width, "comm");
		fprintf(fp, "   run-time    min-run     avg-run     max-run  stddev  migrations\n");
		fprintf(fp, "%*s            (count)  ", t->comm_width, "");
		fprintf(fp, "     (msec)     (msec)      (msec)      (msec)       %%\n");
	}
	fprintf(fp, "%.117s\n", dots);

	for (size_t b = 0; b < t->nr_buckets; b++) {
		for (struct trt *r = t->buckets[b]; r; r = r->next) {
			struct session_thread st;
			char ph[24];

			if (!r->run.n || filtered(t, r))
				continue;
			rows[n].r = r;
			rows[n].ppid = -1;
			if (!session_thread_find(t->s, r->tid, &st)) {
				rows[n].dead = st.dead;
				rows[n].ppid = st.ppid;
				rows[n].comm = st.comm;
				if (st.pid > 0)
					r->pid = st.pid;
			} else {
				snprintf(ph, sizeof(ph), ":%d", r->tid);
				rows[n].comm = NULL;
			}
			n++;
		}
	}
	qsort(rows, n, sizeof(*rows), sum_cmp);
	for (int pass = 0; pass < 2; pass++) {
		if (pass)
			fprintf(fp, "\nTerminated tasks:\n");
		for (size_t i = 0; i < n; i++) {
			char ph[24];

			if (rows[i].dead != (pass == 1))
				continue;
			if (!rows[i].comm) {
				snprintf(ph, sizeof(ph), ":%d", rows[i].r->tid);
				rows[i].comm = ph;
			}
			print_sum_row(t, &rows[i]);
			rows[i].comm = rows[i].comm == ph ? NULL : rows[i].comm;
			sched_count += (uint64_t)rows[i].r->run.n;
			run_total += rows[i].r->total_run_time;
			if (pass)
				dead++;
			else
				live++;
		}
		if (!pass && !live)
			fprintf(fp, "<no still running tasks>\n");
		if (pass && !dead)
			fprintf(fp, "<no terminated tasks>\n");
	}
	free(rows);

	/* perf: without the filtered tasks idle time and totals mean nothing */
	if (t->skipped)
		return;
	{
		fprintf(fp, "\nIdle stats:\n");
		for (uint32_t i = 0; i < t->nr_idle; i++) {
			const struct trt *r = t->idle[i];
			struct strbuf sb = STRBUF_INIT;

			if (!r)
				continue;
			if (r->run.n) {
				sched_count += (uint64_t)r->run.n;
				sched_fmt_time(&sb, r->total_run_time, 6);
				fprintf(fp, "    CPU %2u idle for %s msec  (%6.2f%%)\n", i,
					sb.buf, hist_time ? 100.0 * (double)r->total_run_time /
					(double)hist_time : 0);
			} else {
				fprintf(fp, "    CPU %2u idle entire time window\n", i);
			}
			strbuf_release(&sb);
		}
	}
	{
		struct strbuf sb = STRBUF_INIT;

		fprintf(fp, "\n    Total number of unique tasks: %zu\n"
			"Total number of context switches: %" PRIu64 "\n",
			live + dead, sched_count);
		sched_fmt_time(&sb, run_total, 2);
		fprintf(fp, "           Total run time (msec): %s\n", sb.buf);
		strbuf_reset(&sb);
		sched_fmt_time(&sb, hist_time, 2);
		fprintf(fp, "    Total scheduling time (msec): %s (x %u)\n", sb.buf,
			t->max_cpu);
		strbuf_release(&sb);
	}
}

int sched_timehist(struct session *s, const struct sched_opts *o, FILE *fp,
		   struct strbuf *err)
{
	struct pdata *p = session_pdata(s);
	const struct pdata_info *info = pdata_info(p);
	size_t nr = session_nr_events(s);
	struct th t = {
		.o = o, .s = s, .fp = fp, .comm_width = 30,
		.line = STRBUF_INIT, .tmp = STRBUF_INIT,
	};
	bool any_switch = false, chains = false;
	int ret;

	t.ev = xcalloc(nr + 1, sizeof(*t.ev));
	t.has_chain = xcalloc(nr + 1, sizeof(*t.has_chain));
	for (size_t i = 0; i < nr; i++) {
		const char *name = session_event_name(s, i);
		const struct pdata_attr *a = pdata_attr(p, i);

		if (a->attr.type != PERF_TYPE_TRACEPOINT)
			continue;
		if (!strcmp(name, "sched:sched_switch")) {
			t.ev[i] = EV_SWITCH;
			any_switch = true;
		} else if (!strcmp(name, "sched:sched_wakeup") ||
			   !strcmp(name, "sched:sched_waking") ||
			   !strcmp(name, "sched:sched_wakeup_new")) {
			t.ev[i] = EV_WAKEUP;
		} else if (!strcmp(name, "sched:sched_migrate_task")) {
			t.ev[i] = EV_MIGRATE;
		}
		t.has_chain[i] = a->attr.sample_type & PERF_SAMPLE_CALLCHAIN;
		if (t.ev[i] && t.has_chain[i])
			chains = true;
	}
	if (!any_switch) {
		strbuf_addstr(err, "no sched_switch events found: record with 'ptool sched record'");
		ret = -ENOENT;
		goto out;
	}
	t.tp = session_tpfmt_new(s);
	if (!t.tp) {
		strbuf_addstr(err, "cannot read the tracepoint formats");
		ret = -EINVAL;
		goto out;
	}
	t.max_cpu = info && info->nr_cpus_online ? info->nr_cpus_online : 4;
	for (uint32_t i = 0; i < t.max_cpu; i++)
		idle_get(&t, i);
	if (!o->summary_only)
		header(&t);
	ret = session_for_each_sample(s, o->callchain && chains ? SESSION_CALLCHAIN : 0,
				      on_sample, &t);
	if (ret < 0) {
		strbuf_addstr(err, session_strerror(s));
		goto out;
	}
	if (o->summary_only || o->with_summary)
		summary(&t);
	ret = ferror(fp) ? -EIO : 0;
out:
	for (size_t b = 0; b < t.nr_buckets; b++) {
		struct trt *r, *nx;

		for (r = t.buckets[b]; r; r = nx) {
			nx = r->next;
			free(r);
		}
	}
	for (uint32_t i = 0; i < t.nr_idle; i++)
		free(t.idle[i]);
	free(t.idle);
	free(t.buckets);
	free(t.cpu_last);
	free(t.ev);
	free(t.has_chain);
	tpfmt_free(t.tp);
	strbuf_release(&t.line);
	strbuf_release(&t.tmp);
	return ret;
}
