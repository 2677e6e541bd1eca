// SPDX-License-Identifier: GPL-2.0
/*
 * ptool trace's engine: perf trace's pairing of sys_enter and sys_exit,
 * its line layout and its -s statistics (tools/perf/builtin-trace.c:
 * trace__sys_enter(), trace__sys_exit(), trace__printf_interrupted_entry(),
 * thread__dump_stats()).
 */
#include "ptool/trace.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/sample.h"
#include "ptool/scargs.h"
#include "ptool/strbuf.h"
#include "ptool/syscalltbl.h"
#include "ptool/tpfmt.h"
#include "ptool/u64map.h"

#define ARGS_ALIGNMENT	70	/* perf trace's args_alignment */
#define MAX_FD_CACHE	1024

#define MAX_ERRNO_SUMMARY 256

struct scstats {
	uint64_t n, failures;
	uint32_t *errnos;	/* [MAX_ERRNO_SUMMARY], --errno-summary only */
	uint64_t min, max;
	double mean, m2;	/* Welford, as perf's update_stats() */
};

struct thread {
	int32_t pid, tid;
	char comm[32];
	bool comm_set;
	uint64_t nr_events;
	uint64_t entry_time;	/* of the last sys_enter; kept after the exit */
	bool entry_pending;
	long entry_nr;
	uint64_t args[SCARGS_MAX];
	struct strbuf entry;
	struct scstats *stats;	/* [syscalltbl_max()], on demand */
	char **fd_path;		/* [MAX_FD_CACHE], on demand */
};

struct qrec {
	uint64_t time, seq;
	uint64_t ring;			/* 8 bytes: @rec stays 8-aligned */
	struct perf_event_header rec[];
};

/* one ring's queued records: [head, n) of v, in time order */
struct rq {
	struct qrec **v;
	size_t head, n, alloc;
};

struct trace {
	struct trace_opts o;
	struct scargs *sa;
	const struct tpfmt *tp;
	struct thread **threads;
	size_t nr_threads, alloc_threads;
	struct u64map by_tid;		/* tid -> index + 1 */
	struct thread *current;		/* whose entry may be pending */
	uint64_t base_time;
	uint64_t nr_events;		/* every record (perf's trace->nr_events) */
	uint64_t nr_calls;
	uint64_t nr_printed;		/* lines printed */
	struct strbuf line, tmp;
	/* live input */
	struct perf_event_attr attr;
	struct u64map kinds;		/* id -> enum trace_kind */
	struct rq *rq;			/* per ring, each in time order */
	int nrq;
	uint64_t seq, cur_max, round_max, limit;
	uint64_t *lost;			/* per ring */
	int nr_lost;
	char fdbuf[PATH_MAX];
};

struct trace *trace_new(const struct trace_opts *o, struct scargs *sa,
			const struct tpfmt *tp)
{
	struct trace *t = xcalloc(1, sizeof(*t));

	t->o = *o;
	t->sa = sa;
	t->tp = tp;
	strbuf_init(&t->line, 256);
	strbuf_init(&t->tmp, 256);
	return t;
}

static void thread_free(struct thread *th)
{
	if (th->fd_path)
		for (int i = 0; i < MAX_FD_CACHE; i++)
			free(th->fd_path[i]);
	free(th->fd_path);
	for (int i = 0; th->stats && i < syscalltbl_max(); i++)
		free(th->stats[i].errnos);
	free(th->stats);
	strbuf_release(&th->entry);
	free(th);
}

void trace_free(struct trace *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nr_threads; i++)
		thread_free(t->threads[i]);
	for (int r = 0; r < t->nrq; r++) {
		for (size_t i = t->rq[r].head; i < t->rq[r].n; i++)
			free(t->rq[r].v[i]);
		free(t->rq[r].v);
	}
	free(t->rq);
	free(t->threads);
	free(t->lost);
	u64map_release(&t->by_tid);
	u64map_release(&t->kinds);
	strbuf_release(&t->line);
	strbuf_release(&t->tmp);
	free(t);
}

/* ---- threads ---- */

static struct thread *thread_find(const struct trace *t, int32_t tid)
{
	uint64_t *v = u64map_get(&t->by_tid, (uint64_t)(uint32_t)tid);

	return v ? t->threads[*v - 1] : NULL;
}

static void read_proc_comm(struct thread *th)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/comm", th->tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, th->comm, sizeof(th->comm) - 1);
	close(fd);
	if (n <= 0)
		return;
	th->comm[n] = '\0';
	th->comm[strcspn(th->comm, "\n")] = '\0';
	th->comm_set = true;
}

static struct thread *thread_get(struct trace *t, int32_t pid, int32_t tid,
				 const char *comm)
{
	struct thread *th = thread_find(t, tid);
	bool fresh;

	if (!th) {
		th = xcalloc(1, sizeof(*th));
		th->pid = pid;
		th->tid = tid;
		strbuf_init(&th->entry, 128);
		snprintf(th->comm, sizeof(th->comm), ":%d", tid);
		if (!comm && t->o.live)
			read_proc_comm(th);
		if (t->nr_threads == t->alloc_threads) {
			t->alloc_threads = t->alloc_threads ? 2 * t->alloc_threads : 64;
			t->threads = xrealloc(t->threads, t->alloc_threads * sizeof(*t->threads));
		}
		t->threads[t->nr_threads++] = th;
		*u64map_put(&t->by_tid, (uint64_t)(uint32_t)tid, &fresh) = t->nr_threads;
	}
	if (pid > 0)
		th->pid = pid;	/* -p/-t noted tasks before their first sample */
	if (comm && (!th->comm_set || strcmp(th->comm, comm))) {
		snprintf(th->comm, sizeof(th->comm), "%s", comm);
		th->comm_set = true;
	}
	return th;
}

void trace_note_task(struct trace *t, int32_t tid)
{
	struct thread *th = thread_get(t, tid, tid, NULL);

	if (!th->comm_set)
		read_proc_comm(th);
}

/* ---- what the argument formatter asks ---- */

/*
 * The fd path cache is the process's (threads share their fds): kept in the
 * thread entry of the process's leader.
 */
static struct thread *fd_owner(struct trace *t, int tid)
{
	struct thread *th = thread_find(t, tid);

	if (!th || th->pid <= 0 || th->pid == th->tid)
		return th;
	return thread_get(t, th->pid, th->pid, NULL);
}

static void fd_forget_all(struct thread *th)
{
	if (!th || !th->fd_path)
		return;
	for (int i = 0; i < MAX_FD_CACHE; i++) {
		free(th->fd_path[i]);
		th->fd_path[i] = NULL;
	}
}

static const char *cb_fd_path(void *arg, int tid, int fd)
{
	struct trace *t = arg;
	struct thread *th;
	char link[64];
	ssize_t n;

	if (!t->o.live || !(th = fd_owner(t, tid)))
		return NULL;
	if (fd < MAX_FD_CACHE && th->fd_path && th->fd_path[fd])
		return th->fd_path[fd];
	snprintf(link, sizeof(link), "/proc/%d/fd/%d", th->tid, fd);
	n = readlink(link, t->fdbuf, sizeof(t->fdbuf) - 1);
	if (n <= 0) {
		snprintf(link, sizeof(link), "/proc/%d/fd/%d", tid, fd);
		n = readlink(link, t->fdbuf, sizeof(t->fdbuf) - 1);
	}
	if (n <= 0)
		return NULL;
	t->fdbuf[n] = '\0';
	if (fd >= MAX_FD_CACHE)
		return t->fdbuf;
	if (!th->fd_path)
		th->fd_path = xcalloc(MAX_FD_CACHE, sizeof(*th->fd_path));
	th->fd_path[fd] = xstrdup(t->fdbuf);
	return th->fd_path[fd];
}

static void cb_fd_close(void *arg, int tid, int fd)
{
	struct thread *th = fd_owner(arg, tid);

	if (th && th->fd_path && fd >= 0 && fd < MAX_FD_CACHE) {
		free(th->fd_path[fd]);
		th->fd_path[fd] = NULL;
	}
}

static const char *cb_comm(void *arg, int pid)
{
	struct thread *th = thread_find(arg, pid);

	return th && th->comm_set ? th->comm : NULL;
}

static void ctx_init(struct trace *t, struct scargs_ctx *c, int tid)
{
	c->fd_path = cb_fd_path;
	c->fd_close = cb_fd_close;
	c->comm = cb_comm;
	c->arg = t;
	c->tid = tid;
}

/* syscalls that return a new fd: what the cache knew of that number is stale */
static bool returns_fd(long nr)
{
	static const char *const names[] = {
		"open", "openat", "openat2", "creat", "dup", "dup2", "dup3",
		"socket", "accept", "accept4", "fcntl", "memfd_create",
		"eventfd2", "epoll_create1", "timerfd_create", "signalfd4",
		"pidfd_open", "inotify_init1", "perf_event_open", "open_tree",
		"fsopen", "fspick", "fsmount",
	};
	const char *n = syscalltbl_name(nr);

	for (size_t i = 0; n && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(n, names[i]))
			return true;
	return false;
}

/* ---- lines ---- */

static void head(struct trace *t, struct thread *th, uint64_t dur,
		 bool dur_known, uint64_t tstamp)
{
	struct strbuf *l = &t->line;

	if (tstamp)
		strbuf_addf(l, "%10.3f ", (double)(tstamp - t->base_time) / 1e6);
	else
		strbuf_addstr(l, "         ? ");
	if (!dur_known)
		strbuf_addstr(l, "(         ): ");
	else
		strbuf_addf(l, "(%6.3f ms): ", (double)dur / 1e6);
	if (t->o.show_tid) {
		if (t->o.show_comm)
			strbuf_addf(l, "%.14s/", th->comm);
		strbuf_addf(l, "%d ", th->tid);
	}
}

/* one call's line (perf's nr_events_printed counts these for --max-events) */
static void emit(struct trace *t)
{
	fwrite(t->line.buf, 1, t->line.len, t->o.out);
	strbuf_reset(&t->line);
	t->nr_printed++;
}

bool trace_done(const struct trace *t)
{
	return t->o.max_events && t->nr_printed >= t->o.max_events;
}

static void interrupted(struct trace *t)
{
	struct thread *th = t->current;
	size_t len;

	if (t->o.failure_only || !th || !th->entry_pending)
		return;
	head(t, th, 0, false, th->entry_time);
	len = th->entry.len + 1;
	strbuf_add(&t->line, th->entry.buf, th->entry.len);
	strbuf_addch(&t->line, ')');
	if ((int)len < ARGS_ALIGNMENT - 4)
		strbuf_addchars(&t->line, ' ', (size_t)(ARGS_ALIGNMENT - 4) - len);
	strbuf_addstr(&t->line, " ...\n");
	emit(t);
	th->entry_pending = false;
}

static bool selected(const struct trace *t, long nr)
{
	return !t->o.sel || (nr >= 0 && nr < syscalltbl_max() && t->o.sel[nr]);
}

static void sys_enter(struct trace *t, struct thread *th, const struct sample *s)
{
	unsigned long long v[1 + SCARGS_MAX] = { 0 };
	struct scargs_ctx ctx;
	long nr;

	if (tpfmt_field_u64(t->tp, s->raw, s->raw_size, "id", v) < 0)
		return;
	nr = (long)v[0];
	if (!selected(t, nr))
		return;
	th->nr_events++;
	tpfmt_field_array(t->tp, s->raw, s->raw_size, "args", v + 1, SCARGS_MAX);
	if (!t->o.duration_ns && t->o.lines)
		interrupted(t);
	th->entry_time = s->time;
	th->entry_nr = nr;
	for (int i = 0; i < SCARGS_MAX; i++)
		th->args[i] = v[1 + i];
	strbuf_reset(&th->entry);
	ctx_init(t, &ctx, th->tid);
	if (t->o.lines)
		scargs_enter(t->sa, nr, th->args, &ctx, &th->entry);
	if (scargs_is_exit(nr)) {
		if (t->o.lines && !t->o.duration_ns && !t->o.failure_only) {
			size_t len = th->entry.len + 1;

			head(t, th, 0, false, th->entry_time);
			strbuf_add(&t->line, th->entry.buf, th->entry.len);
			strbuf_addch(&t->line, ')');
			strbuf_addchars(&t->line, ' ', len < ARGS_ALIGNMENT ?
					ARGS_ALIGNMENT - len : 1);
			strbuf_addstr(&t->line, "= ?\n");
			emit(t);
		}
	} else {
		th->entry_pending = true;
	}
	t->current = th;
}

static void update_stats(struct trace *t, struct thread *th, long nr,
			 uint64_t time, int64_t ret)
{
	uint64_t d = 0;
	struct scstats *st;
	double delta;

	if (nr < 0 || nr >= syscalltbl_max())
		return;
	if (!th->stats)
		th->stats = xcalloc((size_t)syscalltbl_max(), sizeof(*th->stats));
	st = &th->stats[nr];
	if (th->entry_time && time > th->entry_time)
		d = time - th->entry_time;
	if (!st->n)
		st->min = UINT64_MAX;
	st->n++;
	delta = (double)d - st->mean;
	st->mean += delta / (double)st->n;
	st->m2 += delta * ((double)d - st->mean);
	if (d > st->max)
		st->max = d;
	if (d < st->min)
		st->min = d;
	if (ret < 0) {
		st->failures++;
		if (t->o.errno_summary && -ret < MAX_ERRNO_SUMMARY) {
			if (!st->errnos)
				st->errnos = xcalloc(MAX_ERRNO_SUMMARY, sizeof(*st->errnos));
			st->errnos[-ret]++;
		}
	}
}

static void sys_exit(struct trace *t, struct thread *th, const struct sample *s)
{
	unsigned long long id, uret;
	struct scargs_ctx ctx;
	uint64_t dur = 0;
	bool dur_known = false;
	int64_t ret;
	size_t len;
	long nr;

	if (tpfmt_field_u64(t->tp, s->raw, s->raw_size, "id", &id) < 0 ||
	    tpfmt_field_u64(t->tp, s->raw, s->raw_size, "ret", &uret) < 0)
		return;
	nr = (long)id;
	ret = (int64_t)uret;
	if (!selected(t, nr))
		return;
	th->nr_events++;
	t->nr_calls++;
	if (t->o.summary)
		update_stats(t, th, nr, s->time, ret);
	ctx_init(t, &ctx, th->tid);
	if (ret >= 0 && returns_fd(nr))
		cb_fd_close(t, th->tid, (int)ret);
	if (th->entry_time) {
		dur = s->time - th->entry_time;
		if (t->o.duration_ns && dur < t->o.duration_ns)
			goto out;
		dur_known = true;
	} else if (t->o.duration_ns) {
		goto out;
	}
	if (!t->o.lines || (ret >= 0 && t->o.failure_only))
		goto out;
	head(t, th, dur, dur_known, th->entry_time);
	if (th->entry_pending && th->entry_nr == nr) {
		strbuf_add(&t->line, th->entry.buf, th->entry.len);
		len = th->entry.len;
	} else {
		const char *name = syscalltbl_name(nr);

		strbuf_addstr(&t->line, " ... [continued]: ");
		if (name)
			strbuf_addf(&t->line, "%s()", name);
		else
			strbuf_addf(&t->line, "syscall_%ld()", nr);
		len = strlen(" ... [continued]: ") + 2 + (name ? strlen(name) :
		      (size_t)snprintf(NULL, 0, "syscall_%ld", nr));
	}
	len++;	/* the closing parenthesis */
	strbuf_addch(&t->line, ')');
	strbuf_addchars(&t->line, ' ', len < ARGS_ALIGNMENT ? ARGS_ALIGNMENT - len : 1);
	strbuf_addstr(&t->line, "= ");
	scargs_ret(t->sa, nr, ret, th->entry_pending && th->entry_nr == nr ?
		   th->args : NULL, &ctx, &t->line);
	strbuf_addch(&t->line, '\n');
	emit(t);
out:
	th->entry_pending = false;
}

void trace_sample(struct trace *t, enum trace_kind kind, const struct sample *s,
		  const char *comm)
{
	struct thread *th;

	if (kind == TRACE_OTHER || !s->raw || trace_done(t))
		return;
	if (!t->base_time && !t->o.full_time && s->time != (uint64_t)-1)
		t->base_time = s->time;
	th = thread_get(t, (int32_t)s->pid, (int32_t)s->tid, comm);
	if (kind == TRACE_ENTER)
		sys_enter(t, th, s);
	else
		sys_exit(t, th, s);
}

/* ---- live input: ordering, side-band records ---- */

void trace_set_attr(struct trace *t, const struct perf_event_attr *attr)
{
	t->attr = *attr;
}

void trace_add_id(struct trace *t, uint64_t id, enum trace_kind kind)
{
	bool fresh;

	*u64map_put(&t->kinds, id, &fresh) = (uint64_t)kind;
}

/* append to ring @ring's queue, keeping it in time order */
static void rq_push(struct trace *t, int ring, struct qrec *r)
{
	struct rq *q;
	size_t i;

	if (ring >= t->nrq) {
		t->rq = xrealloc(t->rq, (size_t)(ring + 1) * sizeof(*t->rq));
		memset(t->rq + t->nrq, 0, (size_t)(ring + 1 - t->nrq) * sizeof(*t->rq));
		t->nrq = ring + 1;
	}
	q = &t->rq[ring];
	if (q->head && q->head >= q->n / 2) {	/* reuse the delivered front */
		memmove(q->v, q->v + q->head, (q->n - q->head) * sizeof(*q->v));
		q->n -= q->head;
		q->head = 0;
	}
	if (q->n == q->alloc) {
		q->alloc = q->alloc ? 2 * q->alloc : 4096;
		q->v = xrealloc(q->v, q->alloc * sizeof(*q->v));
	}
	/* a ring is written in time order but for rare nesting: sort it in */
	for (i = q->n++; i > q->head && q->v[i - 1]->time > r->time; i--)
		q->v[i] = q->v[i - 1];
	q->v[i] = r;
}

int trace_queue(struct trace *t, const struct perf_event_header *rec, int ring)
{
	struct qrec *q;
	uint64_t time;

	t->nr_events++;
	if (rec->type == PERF_RECORD_LOST && rec->size >= 8 + 16) {
		const uint64_t *p = (const uint64_t *)(rec + 1);

		if (ring >= t->nr_lost) {
			t->lost = xrealloc(t->lost, (size_t)(ring + 1) * sizeof(*t->lost));
			memset(t->lost + t->nr_lost, 0,
			       (size_t)(ring + 1 - t->nr_lost) * sizeof(*t->lost));
			t->nr_lost = ring + 1;
		}
		t->lost[ring] += p[1];
	}
	time = sample_record_time(t->attr.sample_type, t->attr.sample_id_all, rec);
	if (time == (uint64_t)-1)
		time = 0;
	q = xmalloc(sizeof(*q) + rec->size);
	q->time = time;
	q->seq = t->seq++;
	q->ring = ring;
	memcpy(q->rec, rec, rec->size);
	rq_push(t, ring, q);
	if (time > t->cur_max)
		t->cur_max = time;
	return 0;
}

static void deliver(struct trace *t, const struct perf_event_header *rec)
{
	struct sample s;

	if (rec->type == PERF_RECORD_SAMPLE) {
		uint64_t *k;

		if (sample_parse(&t->attr, rec, &s))
			return;
		k = u64map_get(&t->kinds, s.id);
		if (k)
			trace_sample(t, (enum trace_kind)*k, &s, NULL);
	} else if (rec->type == PERF_RECORD_COMM && rec->size > 16) {
		const uint32_t *p = (const uint32_t *)(rec + 1);
		const char *comm = (const char *)(p + 2);
		size_t max = rec->size - sizeof(*rec) - 8;

		struct thread *th = thread_get(t, (int32_t)p[0], (int32_t)p[1],
					       strnlen(comm, max) < max ? comm : NULL);

		/* an exec closed the close-on-exec fds: forget every path */
		if (rec->misc & PERF_RECORD_MISC_COMM_EXEC)
			fd_forget_all(fd_owner(t, th->tid));
	} else if (rec->type == PERF_RECORD_FORK && rec->size >= 8 + 16) {
		const uint32_t *p = (const uint32_t *)(rec + 1);
		struct thread *parent = thread_find(t, (int32_t)p[3]);

		/* pid, ppid, tid, ptid: the child starts with its parent's name */
		if (parent && parent->comm_set && !thread_find(t, (int32_t)p[2]))
			thread_get(t, (int32_t)p[0], (int32_t)p[2], parent->comm);
	} else if (rec->type == PERF_RECORD_LOST && rec->size >= 8 + 16) {
		const uint64_t *p = (const uint64_t *)(rec + 1);

		if (t->o.lines)
			fprintf(t->o.out, "LOST %" PRIu64 " events!\n", p[1]);
	}
}

void trace_round(struct trace *t)
{
	t->limit = t->round_max;
	t->round_max = t->cur_max;
}

/* the ring whose next record is the oldest (ties: the first read) */
static struct rq *oldest(struct trace *t)
{
	struct rq *best = NULL;

	for (int r = 0; r < t->nrq; r++) {
		struct rq *q = &t->rq[r];
		const struct qrec *a, *b;

		if (q->head == q->n)
			continue;
		if (!best) {
			best = q;
			continue;
		}
		a = q->v[q->head];
		b = best->v[best->head];
		if (a->time < b->time || (a->time == b->time && a->seq < b->seq))
			best = q;
	}
	return best;
}

size_t trace_flush(struct trace *t, bool all, size_t max)
{
	size_t n = 0;
	struct rq *q;

	while ((!max || n < max) && (q = oldest(t))) {
		struct qrec *r = q->v[q->head];

		if (!all && r->time > t->limit)
			break;
		q->head++;
		deliver(t, r->rec);
		free(r);
		n++;
	}
	return n;
}

uint64_t trace_lost(const struct trace *t, int ring)
{
	return ring < t->nr_lost ? t->lost[ring] : 0;
}

uint64_t trace_nr_calls(const struct trace *t)
{
	return t->nr_calls;
}

/* ---- the summary ---- */

static int thread_cmp(const void *a, const void *b)
{
	const struct thread *x = *(const struct thread *const *)a;
	const struct thread *y = *(const struct thread *const *)b;

	if (x->nr_events != y->nr_events)
		return x->nr_events > y->nr_events ? -1 : 1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

struct row {
	long nr;
	double msecs;
};

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->msecs != y->msecs)
		return x->msecs > y->msecs ? -1 : 1;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static void dump_stats(struct trace *t, const struct thread *th)
{
	struct row *rows;
	size_t n = 0;
	FILE *fp = t->o.out;

	/* a thread without a completed call still gets the (empty) table */
	rows = xcalloc((size_t)syscalltbl_max(), sizeof(*rows));
	for (long i = 0; th->stats && i < syscalltbl_max(); i++) {
		if (!th->stats[i].n)
			continue;
		rows[n].nr = i;
		rows[n++].msecs = (double)th->stats[i].n * (th->stats[i].mean / 1e6);
	}
	qsort(rows, n, sizeof(*rows), row_cmp);
	fprintf(fp, "\n");
	fprintf(fp, "   syscall            calls  errors  total       min       avg       max       stddev\n");
	fprintf(fp, "                                     (msec)    (msec)    (msec)    (msec)        (%%)\n");
	fprintf(fp, "   --------------- --------  ------ -------- --------- --------- ---------     ------\n");
	for (size_t i = 0; i < n; i++) {
		const struct scstats *st = &th->stats[rows[i].nr];
		double avg = st->mean, pct = 0;

		/* perf's stddev_stats(): the standard error of the mean */
		if (st->n > 1 && avg)
			pct = 100.0 * sqrt(st->m2 / (double)(st->n - 1) /
					   (double)st->n) / avg;
		fprintf(fp, "   %-15s", syscalltbl_name(rows[i].nr));
		fprintf(fp, " %8" PRIu64 " %6" PRIu64 " %9.3f %9.3f %9.3f",
			st->n, st->failures, rows[i].msecs, (double)st->min / 1e6,
			avg / 1e6);
		fprintf(fp, " %9.3f %9.2f%%\n", (double)st->max / 1e6, pct);
		for (int e = 1; st->errnos && e < MAX_ERRNO_SUMMARY; e++) {
			const char *name = strerrorname_np(e);

			if (st->errnos[e])
				fprintf(fp, "\t\t\t\t%s: %u\n", name ? name : "E?",
					st->errnos[e]);
		}
	}
	fprintf(fp, "\n\n");
	free(rows);
}

void trace_summary(struct trace *t)
{
	struct thread **v = xcalloc(t->nr_threads + 1, sizeof(*v));
	size_t n = 0;
	uint64_t total = t->nr_events;

	for (size_t i = 0; i < t->nr_threads; i++) {
		if (t->threads[i]->nr_events)
			v[n++] = t->threads[i];
	}
	if (!total)	/* replay: the samples are the events */
		for (size_t i = 0; i < n; i++)
			total += v[i]->nr_events;
	qsort(v, n, sizeof(*v), thread_cmp);
	fprintf(t->o.out, "\n Summary of events:\n\n");
	for (size_t i = 0; i < n; i++) {
		fprintf(t->o.out, " %s (%d), %" PRIu64 " events, %.1f%%\n",
			v[i]->comm, v[i]->tid, v[i]->nr_events,
			total ? 100.0 * (double)v[i]->nr_events / (double)total : 0.0);
		dump_stats(t, v[i]);
	}
	free(v);
}
