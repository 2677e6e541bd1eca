// SPDX-License-Identifier: GPL-2.0
/*
 * perf sched latency: per task, the scheduling delay of each wakeup (from
 * the wakeup, or a preemption, to the switch-in), its average and maximum,
 * the runtime from sched_stat_runtime, merged by command name; and, beyond
 * perf, a log2 histogram of those delays.
 */
#include "ptool/sched.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/pdata.h"
#include "ptool/tpfmt.h"

#define NSEC_PER_MSEC	1e6
#define NR_SLOTS	64

enum atom_state { SLEEPING, WAIT_CPU, SCHED_IN, IGNORE };

/* perf's struct work_atoms, with only the last atom kept */
struct lat {
	int32_t tid;
	const char *comm;	/* final, for printing and merging */
	char placeholder[16];	/* ":tid" for a thread no record named */
	int nr_merged;
	/* the last atom */
	enum atom_state state;
	uint64_t out_time, wake_time;
	bool has_atom;
	/* totals */
	uint64_t total_runtime, total_lat, max_lat, max_start, max_end;
	uint64_t nb_atoms;
	uint64_t slots[NR_SLOTS];
	struct lat *next;
};

enum lev { LEV_NONE, LEV_SWITCH, LEV_RUNTIME, LEV_WAKEUP };

struct lt {
	const struct sched_lat_opts *o;
	struct session *s;
	struct tpfmt *tp;
	enum lev *ev;
	struct lat **buckets;
	size_t nr_buckets, nr;
	uint64_t *cpu_last;
	int64_t *curr_pid;
	uint32_t nr_cpu;
	uint64_t nr_timestamps, nr_unordered, nr_bugs;
	uint64_t all_slots[NR_SLOTS];
};

static struct lat *lat_findnew(struct lt *t, int32_t tid, bool *created)
{
	size_t b;
	struct lat *l;

	*created = false;
	if (!t->buckets || t->nr + 1 > t->nr_buckets * 2) {
		size_t n = t->nr_buckets ? t->nr_buckets * 2 : 256;
		struct lat **nb = xcalloc(n, sizeof(*nb));

		for (size_t i = 0; i < t->nr_buckets; i++) {
			struct lat *x, *nx;

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
	for (l = t->buckets[b]; l; l = l->next)
		if (l->tid == tid)
			return l;
	l = xcalloc(1, sizeof(*l));
	l->tid = tid;
	l->next = t->buckets[b];
	t->buckets[b] = l;
	t->nr++;
	*created = true;
	return l;
}

/* a new atom: the task left the cpu (runnable when @runnable) */
static void sched_out(struct lat *l, bool runnable, uint64_t ts)
{
	l->has_atom = true;
	l->out_time = ts;
	l->state = runnable ? WAIT_CPU : SLEEPING;
	l->wake_time = runnable ? ts : 0;
}

static unsigned int slot_of(uint64_t v)
{
	unsigned int s = 0;

	while (v > 1 && s < NR_SLOTS - 1) {
		v >>= 1;
		s++;
	}
	return v ? s + 1 : 0;
}

static void sched_in(struct lt *t, struct lat *l, uint64_t ts)
{
	uint64_t delta;

	if (!l->has_atom || l->state != WAIT_CPU)
		return;
	if (ts < l->wake_time) {
		l->state = IGNORE;
		return;
	}
	l->state = SCHED_IN;
	delta = ts - l->wake_time;
	l->total_lat += delta;
	if (delta > l->max_lat) {
		l->max_lat = delta;
		l->max_start = l->wake_time;
		l->max_end = ts;
	}
	l->nb_atoms++;
	/* microseconds, as runqlat counts them */
	l->slots[slot_of(delta / 1000)]++;
	if (l->tid)
		t->all_slots[slot_of(delta / 1000)]++;
}

static uint64_t field(struct lt *t, const struct session_sample *ss, const char *name)
{
	unsigned long long v = 0;

	tpfmt_field_u64(t->tp, ss->s->raw, ss->s->raw_size, name, &v);
	return v;
}

static void grow_cpus(struct lt *t, uint32_t cpu)
{
	uint32_t n = cpu + 1;

	if (cpu < t->nr_cpu)
		return;
	t->cpu_last = xrealloc(t->cpu_last, n * sizeof(*t->cpu_last));
	t->curr_pid = xrealloc(t->curr_pid, n * sizeof(*t->curr_pid));
	for (uint32_t i = t->nr_cpu; i < n; i++) {
		t->cpu_last[i] = 0;
		t->curr_pid[i] = -1;
	}
	t->nr_cpu = n;
}

static int on_sample(struct session *s, const struct session_sample *ss, void *arg)
{
	struct lt *t = arg;
	struct lat *l;
	bool created;

	(void)s;
	switch (t->ev[ss->attr_idx]) {
	case LEV_SWITCH: {
		int32_t prev = (int32_t)field(t, ss, "prev_pid");
		int32_t next = (int32_t)field(t, ss, "next_pid");
		uint64_t state = field(t, ss, "prev_state");

		if (ss->cpu == (uint32_t)-1)
			return 0;
		grow_cpus(t, ss->cpu);
		if (t->curr_pid[ss->cpu] != -1 && t->curr_pid[ss->cpu] != prev)
			t->nr_bugs++;
		t->curr_pid[ss->cpu] = next;
		t->cpu_last[ss->cpu] = ss->time;
		l = lat_findnew(t, prev, &created);
		sched_out(l, state == 0, ss->time);
		l = lat_findnew(t, next, &created);
		if (created)
			sched_out(l, true, ss->time);
		sched_in(t, l, ss->time);
		break;
	}
	case LEV_RUNTIME:
		l = lat_findnew(t, (int32_t)field(t, ss, "pid"), &created);
		if (created)
			sched_out(l, true, ss->time);
		l->total_runtime += field(t, ss, "runtime");
		break;
	case LEV_WAKEUP:
		l = lat_findnew(t, (int32_t)field(t, ss, "pid"), &created);
		if (created)
			sched_out(l, false, ss->time);
		if (l->state != SLEEPING)
			break;
		t->nr_timestamps++;
		if (l->out_time > ss->time) {
			t->nr_unordered++;
			break;
		}
		l->state = WAIT_CPU;
		l->wake_time = ss->time;
		break;
	default:
		break;
	}
	return 0;
}

static int cmp_key(const struct lat *a, const struct lat *b, char key)
{
	uint64_t x, y;

	switch (key) {
	case 'a':
		/* perf: an entry without atoms sorts low */
		if (!a->nb_atoms || !b->nb_atoms)
			return !a->nb_atoms ? -1 : 1;
		x = a->total_lat / a->nb_atoms;
		y = b->total_lat / b->nb_atoms;
		break;
	case 'm':
		x = a->max_lat;
		y = b->max_lat;
		break;
	case 's':
		x = a->nb_atoms;
		y = b->nb_atoms;
		break;
	case 'r':
		x = a->total_runtime;
		y = b->total_runtime;
		break;
	case 'p':
		x = (uint64_t)(int64_t)a->tid;
		y = (uint64_t)(int64_t)b->tid;
		return a->tid < b->tid ? -1 : a->tid > b->tid;
	default:
		return 0;
	}
	return x < y ? -1 : x > y;
}

struct sort_ctx {
	const char *keys;
	bool merged;
};

/* larger first (perf inserts cmp > 0 to the left); ties keep input order */
static int lat_cmp(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *c = arg;
	const struct lat *a = *(const struct lat *const *)pa;
	const struct lat *b = *(const struct lat *const *)pb;
	int r;

	for (const char *k = c->keys; *k; k++)
		if ((r = cmp_key(a, b, *k)))
			return -r;
	/*
	 * ties keep the order of perf's trees: names descending when merged,
	 * else thread ids descending
	 */
	if (c->merged && (r = strcmp(a->comm, b->comm)))
		return -r;
	return a->tid > b->tid ? -1 : a->tid < b->tid;
}

static int tid_desc(const void *pa, const void *pb)
{
	const struct lat *a = *(const struct lat *const *)pa;
	const struct lat *b = *(const struct lat *const *)pb;

	return a->tid > b->tid ? -1 : a->tid < b->tid;
}

static int parse_keys(const char *s, char *keys, size_t n)
{
	char *dup = xstrdup(s), *save = NULL, *tok;
	size_t nr = 0;
	int ret = 0;

	for (tok = strtok_r(dup, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		char k;

		if (!strcmp(tok, "avg"))
			k = 'a';
		else if (!strcmp(tok, "max"))
			k = 'm';
		else if (!strcmp(tok, "switch"))
			k = 's';
		else if (!strcmp(tok, "runtime"))
			k = 'r';
		else if (!strcmp(tok, "pid"))
			k = 'p';
		else {
			ret = -EINVAL;
			break;
		}
		if (nr + 1 < n)
			keys[nr++] = k;
	}
	keys[nr] = 0;
	free(dup);
	return ret ? ret : nr ? 0 : -EINVAL;
}

int sched_lat_parse_sort(const char *s)
{
	char keys[16];

	return parse_keys(s, keys, sizeof(keys));
}

static void put_time(char *buf, size_t n, uint64_t ns)
{
	snprintf(buf, n, "%" PRIu64 ".%06" PRIu64, (uint64_t)(ns / 1000000000u),
		 (uint64_t)(ns % 1000000000u / 1000));
}

/* a log2 histogram of delays in microseconds, as bcc's runqlat draws it */
static void print_hist(FILE *fp, const uint64_t *slots)
{
	static const char stars[] = "****************************************";
	int last = -1;
	uint64_t max = 0;

	for (int i = 0; i < NR_SLOTS; i++) {
		if (slots[i])
			last = i;
		if (slots[i] > max)
			max = slots[i];
	}
	fprintf(fp, "%10s : count    distribution\n", "usecs");
	for (int i = 0; i <= last; i++) {
		uint64_t lo = i ? (uint64_t)1 << (i - 1) : 0;
		uint64_t hi = i ? ((uint64_t)1 << i) - 1 : 0;
		int w = max ? (int)(slots[i] * 40 / max) : 0;

		fprintf(fp, "%10" PRIu64 " -> %-10" PRIu64 " : %-8" PRIu64 " |%-40.*s|\n",
			lo, hi, slots[i], w, stars);
	}
}

int sched_latency(struct session *s, const struct sched_lat_opts *o, FILE *fp,
		  struct strbuf *err)
{
	struct pdata *p = session_pdata(s);
	size_t nr = session_nr_events(s);
	struct lt t = { .o = o, .s = s };
	struct lat **rows = NULL, **merged = NULL;
	size_t nrows = 0, nmerged = 0;
	struct sort_ctx sc = { .merged = !o->per_pid };
	char keys[16];
	uint64_t all_runtime = 0, all_count = 0;
	bool any = false;
	int ret;

	if (parse_keys(o->sort ? o->sort : "avg,max,switch,runtime", keys, sizeof(keys))) {
		strbuf_addf(err, "unknown --sort key in '%s'", o->sort);
		return -EINVAL;
	}
	sc.keys = keys;
	t.ev = xcalloc(nr + 1, sizeof(*t.ev));
	for (size_t i = 0; i < nr; i++) {
		const char *name = session_event_name(s, i);

		if (pdata_attr(p, i)->attr.type != PERF_TYPE_TRACEPOINT)
			continue;
		if (!strcmp(name, "sched:sched_switch")) {
			t.ev[i] = LEV_SWITCH;
			any = true;
		} else if (!strcmp(name, "sched:sched_stat_runtime")) {
			t.ev[i] = LEV_RUNTIME;
		} else if (!strcmp(name, "sched:sched_wakeup") ||
			   !strcmp(name, "sched:sched_wakeup_new") ||
			   (o->hist && !strcmp(name, "sched:sched_waking"))) {
			/*
			 * perf 6.1 reads no sched_waking here, although its
			 * sched record records it instead of sched_wakeup, so
			 * only preemptions and new tasks are measured; the
			 * histogram wants the wakeups of sleeping tasks too
			 */
			t.ev[i] = LEV_WAKEUP;
		}
	}
	if (!any) {
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
	ret = session_for_each_sample(s, 0, on_sample, &t);
	if (ret < 0) {
		strbuf_addstr(err, session_strerror(s));
		goto out;
	}

	/* final names; merge by name unless -p */
	rows = xcalloc(t.nr + 1, sizeof(*rows));
	for (size_t b = 0; b < t.nr_buckets; b++) {
		for (struct lat *l = t.buckets[b]; l; l = l->next) {
			struct session_thread st;

			if (!l->tid) {
				l->comm = "swapper";
			} else if (!session_thread_find(s, l->tid, &st)) {
				l->comm = st.comm;
			} else {
				snprintf(l->placeholder, sizeof(l->placeholder), ":%d", l->tid);
				l->comm = l->placeholder;
			}
			l->nr_merged = 1;
			rows[nrows++] = l;
		}
	}
	/* perf merges in thread id order, highest first: it names the row */
	qsort(rows, nrows, sizeof(*rows), tid_desc);
	merged = xcalloc(nrows + 1, sizeof(*merged));
	for (size_t i = 0; i < nrows; i++) {
		struct lat *l = rows[i];
		size_t j;

		if (o->per_pid) {
			merged[nmerged++] = l;
			continue;
		}
		for (j = 0; j < nmerged; j++)
			if (!strcmp(merged[j]->comm, l->comm))
				break;
		if (j == nmerged) {
			merged[nmerged++] = l;
			continue;
		}
		merged[j]->nr_merged++;
		merged[j]->total_runtime += l->total_runtime;
		merged[j]->nb_atoms += l->nb_atoms;
		merged[j]->total_lat += l->total_lat;
		for (int k = 0; k < NR_SLOTS; k++)
			merged[j]->slots[k] += l->slots[k];
		if (merged[j]->max_lat < l->max_lat) {
			merged[j]->max_lat = l->max_lat;
			merged[j]->max_start = l->max_start;
			merged[j]->max_end = l->max_end;
		}
	}
	qsort_r(merged, nmerged, sizeof(*merged), lat_cmp, &sc);

	fputs("\n -------------------------------------------------------------------------------------------------------------------------------------------\n"
	      "  Task                  |   Runtime ms  | Switches | Avg delay ms    | Max delay ms    | Max delay start           | Max delay end          |\n"
	      " -------------------------------------------------------------------------------------------------------------------------------------------\n", fp);
	for (size_t i = 0; i < nmerged; i++) {
		const struct lat *l = merged[i];
		char name[300], ts[32], te[32];
		int n;

		if (!l->nb_atoms || !strcmp(l->comm, "swapper"))
			continue;
		all_runtime += l->total_runtime;
		all_count += l->nb_atoms;
		if (l->nr_merged > 1)
			n = snprintf(name, sizeof(name), "  %s:(%d) ", l->comm, l->nr_merged);
		else
			n = snprintf(name, sizeof(name), "  %s:%d ", l->comm, l->tid);
		fprintf(fp, "%s%*s", name, n < 24 ? 24 - n : 0, "");
		put_time(ts, sizeof(ts), l->max_start);
		put_time(te, sizeof(te), l->max_end);
		fprintf(fp, "|%11.3f ms |%9" PRIu64 " | avg:%8.3f ms | max:%8.3f ms | max start: %12s s | max end: %12s s\n",
			(double)l->total_runtime / NSEC_PER_MSEC, l->nb_atoms,
			(double)(l->total_lat / l->nb_atoms) / NSEC_PER_MSEC,
			(double)l->max_lat / NSEC_PER_MSEC, ts, te);
		if (o->hist && o->hist_per_task) {
			print_hist(fp, l->slots);
			fputc('\n', fp);
		}
	}
	fprintf(fp, " -----------------------------------------------------------------------------------------------------------------\n");
	fprintf(fp, "  TOTAL:                |%11.3f ms |%9" PRIu64 " |\n",
		(double)all_runtime / NSEC_PER_MSEC, all_count);
	fprintf(fp, " ---------------------------------------------------\n");
	if (t.nr_unordered && t.nr_timestamps)
		fprintf(fp, "  INFO: %.3f%% unordered timestamps (%" PRIu64 " out of %" PRIu64 ")\n",
			(double)t.nr_unordered / (double)t.nr_timestamps * 100.0,
			t.nr_unordered, t.nr_timestamps);
	if (t.nr_bugs && t.nr_timestamps)
		fprintf(fp, "  INFO: %.3f%% context switch bugs (%" PRIu64 " out of %" PRIu64 ")\n",
			(double)t.nr_bugs / (double)t.nr_timestamps * 100.0,
			t.nr_bugs, t.nr_timestamps);
	fputc('\n', fp);
	if (o->hist && !o->hist_per_task) {
		fputs("Scheduling delay (wakeup or preemption to switch-in), all tasks:\n", fp);
		print_hist(fp, t.all_slots);
	}
	ret = ferror(fp) ? -EIO : 0;
out:
	free(rows);
	free(merged);
	for (size_t b = 0; b < t.nr_buckets; b++) {
		struct lat *l, *nx;

		for (l = t.buckets[b]; l; l = nx) {
			nx = l->next;
			free(l);
		}
	}
	free(t.buckets);
	free(t.cpu_last);
	free(t.curr_pid);
	free(t.ev);
	tpfmt_free(t.tp);
	return ret;
}
