// SPDX-License-Identifier: GPL-2.0
#include "ptool/top.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/pdata.h"
#include "ptool/sample.h"
#include "ptool/strbuf.h"

struct top_ev {
	struct perf_event_attr attr;
	uint64_t *ids;
	size_t nr_ids;
};

/* a queued record: where it is in the queue, and when it happened */
struct qent {
	uint64_t time;
	size_t off;
	size_t seq;
};

struct top {
	struct top_opts o;
	struct session *s;
	struct hist *h;
	char *filter;

	struct top_ev *evs;
	size_t nr_evs;

	char *q;		/* copies of the records of one pass */
	size_t q_len, q_alloc;
	struct qent *qe;
	size_t nr_qe, alloc_qe;
	size_t seq;		/* queue order, for equal times */
	size_t ring_first;	/* the first record of the current ring */
	uint64_t limit;		/* flush up to here: min of the rings' last */
	char *q2;		/* compaction space */
	size_t q2_alloc;

	struct top_stats st;
	bool snapped;
};

struct top *top_new(const struct top_opts *o, struct session *s)
{
	struct top *t = xcalloc(1, sizeof(*t));

	t->o = *o;
	t->o.ho.live = true;
	t->s = s;
	t->h = hist_new(&t->o.ho);
	t->limit = UINT64_MAX;
	return t;
}

void top_free(struct top *t)
{
	if (!t)
		return;
	hist_free(t->h);
	for (size_t i = 0; i < t->nr_evs; i++)
		free(t->evs[i].ids);
	free(t->evs);
	free(t->q);
	free(t->q2);
	free(t->qe);
	free(t->filter);
	free(t);
}

int top_add_event(struct top *t, const struct perf_event_attr *attr,
		  const uint64_t *ids, size_t nr_ids)
{
	struct top_ev *e;

	t->evs = xrealloc(t->evs, (t->nr_evs + 1) * sizeof(*t->evs));
	e = &t->evs[t->nr_evs];
	e->attr = *attr;
	e->ids = xcalloc(nr_ids ? nr_ids : 1, sizeof(*e->ids));
	if (nr_ids)
		memcpy(e->ids, ids, nr_ids * sizeof(*ids));
	e->nr_ids = nr_ids;
	return (int)t->nr_evs++;
}

const struct top_opts *top_opts_of(const struct top *t)
{
	return &t->o;
}

const struct top_stats *top_stats(const struct top *t)
{
	return &t->st;
}

const struct hist *top_hist(const struct top *t)
{
	return t->h;
}

void top_set_hide(struct top *t, bool kernel, bool user)
{
	t->o.hide_kernel = kernel;
	t->o.hide_user = user;
}

void top_set_filter(struct top *t, const char *substr)
{
	free(t->filter);
	t->filter = substr && *substr ? xstrdup(substr) : NULL;
}

/* ---- feeding ---- */

void top_queue(struct top *t, const struct perf_event_header *rec)
{
	size_t sz = rec->size;
	struct qent *e;

	if (sz < sizeof(*rec))
		return;
	ALLOC_GROW(t->q, t->q_len + sz, t->q_alloc);
	memcpy(t->q + t->q_len, rec, sz);
	ALLOC_GROW(t->qe, t->nr_qe + 1, t->alloc_qe);
	e = &t->qe[t->nr_qe];
	e->off = t->q_len;
	e->seq = t->seq++;
	t->nr_qe++;
	e->time = t->nr_evs ? sample_record_time(t->evs[0].attr.sample_type,
						 t->evs[0].attr.sample_id_all, rec) : 0;
	if (e->time == (uint64_t)-1)
		e->time = 0;
	t->q_len += sz;
}

static int qent_cmp(const void *a, const void *b)
{
	const struct qent *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* the event a record belongs to, -1 when its id is unknown */
static int event_of(const struct top *t, const struct perf_event_header *rec)
{
	const struct perf_event_attr *a;
	uint64_t id;

	if (t->nr_evs == 1)
		return 0;
	if (!t->nr_evs)
		return -1;
	a = &t->evs[0].attr;
	if (sample_record_id(a->sample_type, a->sample_id_all, rec, &id))
		return rec->type == PERF_RECORD_SAMPLE ? -1 : 0;
	for (size_t i = 0; i < t->nr_evs; i++)
		for (size_t j = 0; j < t->evs[i].nr_ids; j++)
			if (t->evs[i].ids[j] == id)
				return (int)i;
	return -1;
}

/* perf's symbol__is_idle() list: samples there are not shown */
bool top_is_idle(const char *name)
{
	static const char *const idle[] = {
		"acpi_idle_do_entry", "acpi_processor_ffh_cstate_enter",
		"arch_cpu_idle", "cpu_idle", "cpu_startup_entry", "idle_cpu",
		"intel_idle", "default_idle", "native_safe_halt", "enter_idle",
		"exit_idle", "mwait_idle", "mwait_idle_with_hints",
		"mwait_idle_with_hints.constprop.0", "poll_idle",
		"ppc64_runlatch_off", "pseries_dedicated_idle_sleep",
		"psw_idle", "psw_idle_exit",
	};

	if (!name)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(idle); i++)
		if (!strcmp(name, idle[i]))
			return true;
	return false;
}

static int on_sample(struct session *s, const struct session_sample *ss,
		     void *arg)
{
	struct top *t = arg;

	if (ss->ip_frame && ss->ip_frame->kernel &&
	    top_is_idle(ss->ip_frame->sym_name)) {
		t->st.idle++;
		return 0;
	}
	hist_add(t->h, s, ss);
	return 0;
}

static void process(struct top *t, const struct perf_event_header *rec)
{
	struct pdata_event ev = { .rec = rec };
	int idx = event_of(t, rec);

	switch (rec->type) {
	case PERF_RECORD_SAMPLE: {
		uint16_t mode = rec->misc & PERF_RECORD_MISC_CPUMODE_MASK;

		bool kernel = mode == PERF_RECORD_MISC_KERNEL ||
			      mode == PERF_RECORD_MISC_GUEST_KERNEL;

		t->st.samples++;
		if (kernel)
			t->st.kernel++;
		if (rec->misc & PERF_RECORD_MISC_EXACT_IP)
			t->st.exact++;
		/* perf top counts, then skips the samples -K/-U hide */
		if (kernel ? t->o.hide_kernel : t->o.hide_user)
			return;
		break;
	}
	case PERF_RECORD_LOST:
		if (rec->size >= 24) {
			uint64_t n = ((const uint64_t *)(rec + 1))[1];

			t->st.lost += n;
			t->st.lost_total += n;
		}
		return;
	case PERF_RECORD_LOST_SAMPLES:
		if (rec->size >= 16) {
			uint64_t n = ((const uint64_t *)(rec + 1))[0];

			t->st.dropped += n;
			t->st.dropped_total += n;
		}
		return;
	default:
		break;
	}
	if (idx < 0)
		return;
	ev.attr_idx = idx;
	if (sample_parse(&t->evs[idx].attr, rec, &ev.sample))
		return;
	session_feed(t->s, &ev, t->o.session_flags, on_sample, t);
}

void top_ring_end(struct top *t)
{
	uint64_t last = 0;

	for (size_t i = t->ring_first; i < t->nr_qe; i++)
		if (t->qe[i].time > last)
			last = t->qe[i].time;
	if (t->nr_qe > t->ring_first && last && last < t->limit)
		t->limit = last;
	t->ring_first = t->nr_qe;
}

size_t top_flush(struct top *t)
{
	size_t n = t->nr_qe, done = 0, keep = 0, len = 0;

	if (n > 1)
		qsort(t->qe, n, sizeof(*t->qe), qent_cmp);
	for (; done < n && t->qe[done].time <= t->limit; done++) {
		/* aligned: every record's size is a multiple of 8 */
		process(t, (const struct perf_event_header *)(void *)(t->q + t->qe[done].off));
	}
	/*
	 * What is newer than another ring's last record waits for the next
	 * pass: that ring may still get older records (perf's ordered
	 * events do the same with their flush limit).
	 */
	for (size_t i = done; i < n; i++) {
		const struct perf_event_header *h = (const void *)(t->q + t->qe[i].off);

		ALLOC_GROW(t->q2, len + h->size, t->q2_alloc);
		memcpy(t->q2 + len, h, h->size);
		t->qe[keep] = t->qe[i];
		t->qe[keep++].off = len;
		len += h->size;
	}
	{
		char *tmp = t->q;
		size_t a = t->q_alloc;

		t->q = t->q2;
		t->q_alloc = t->q2_alloc;
		t->q2 = tmp;
		t->q2_alloc = a;
	}
	t->q_len = len;
	t->nr_qe = keep;
	t->ring_first = keep;
	t->limit = UINT64_MAX;
	return done;
}

/* ---- the display ---- */

static bool hide(const struct hist_entry *e, const char *sym_name, void *arg)
{
	const struct top *t = arg;

	if (t->o.hide_kernel && e->kernel)
		return true;
	if (t->o.hide_user && !e->kernel)
		return true;
	if (t->o.count_filter && e->nr_samples <= t->o.count_filter)
		return true;
	if (t->filter && (!sym_name || !strstr(sym_name, t->filter)))
		return true;
	return false;
}

void top_snapshot(struct top *t)
{
	if (t->snapped)
		hist_decay(t->h, 1, 1);	/* again, with other filters */
	hist_finish(t->h, hide, t, t->o.percent_limit);
	t->snapped = true;
	t->st.threads = session_nr_threads(t->s);
	t->st.stacks = hist_nr_stacks(t->h);
}

void top_decay(struct top *t)
{
	/* perf top's he_stat__decay(): 7/8 of what was there, or -z */
	if (t->snapped)
		hist_decay(t->h, t->o.zero ? 0 : 7, 8);
	t->snapped = false;
	t->st.samples = t->st.kernel = t->st.exact = 0;
	t->st.lost = t->st.dropped = t->st.idle = 0;
	session_reap(t->s);
	session_refresh_jit(t->s);
}

static int print(struct top *t, FILE *fp)
{
	struct out_report_opts ro = {
		.graph = t->o.graph, .percent_limit = t->o.percent_limit,
		.min_percent = t->o.min_percent, .quiet = true,
		.skip_first_frame = t->o.ho.nr_keys &&
				    t->o.ho.keys[0] == HIST_KEY_SYM,
	};

	return out_report_hist(fp, t->h, &ro);
}

/* an entry's line starts with its percentage; graph lines do not */
static bool is_entry_line(const char *l)
{
	while (*l == ' ')
		l++;
	return *l >= '0' && *l <= '9';
}

int top_lines(struct top *t, struct top_line **out, size_t *nr)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0, n = 0, alloc = 0;
	struct top_line *v = NULL;
	struct strbuf g = STRBUF_INIT;
	FILE *fp = open_memstream(&buf, &len);
	int err;

	*out = NULL;
	*nr = 0;
	if (!fp)
		return -errno;
	err = print(t, fp);
	if (fclose(fp) && !err)
		err = -EIO;
	if (err) {
		free(buf);
		return err;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (is_entry_line(line) || !n) {
			if (n)
				v[n - 1].graph = strbuf_detach(&g, NULL);
			ALLOC_GROW(v, n + 1, alloc);
			v[n].text = xstrdup(line);
			v[n].graph = NULL;
			v[n].nr_graph = 0;
			n++;
			continue;
		}
		if (!*line || strspn(line, " ") == strlen(line))
			continue;	/* the blank line after a graph */
		if (g.len)
			strbuf_addch(&g, '\n');
		strbuf_addstr(&g, line);
		v[n - 1].nr_graph++;
	}
	if (n)
		v[n - 1].graph = strbuf_detach(&g, NULL);
	strbuf_release(&g);
	free(buf);
	*out = v;
	*nr = n;
	return 0;
}

void top_lines_free(struct top_line *l, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(l[i].text);
		free(l[i].graph);
	}
	free(l);
}

int top_print(struct top *t, FILE *fp, size_t entries)
{
	struct top_line *l;
	size_t n;
	int err = top_lines(t, &l, &n);

	if (err)
		return err;
	for (size_t i = 0; i < n && (!entries || i < entries); i++) {
		fprintf(fp, "%s\n", l[i].text);
		if (l[i].nr_graph)
			fprintf(fp, "%s\n\n", l[i].graph);
	}
	top_lines_free(l, n);
	return ferror(fp) ? -EIO : 0;
}
