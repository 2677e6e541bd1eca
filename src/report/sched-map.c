// SPDX-License-Identifier: GPL-2.0
/*
 * perf sched map: a column per cpu with a two-character name of the task
 * running there, a line per context switch ('*' marks its cpu), and the
 * name's meaning the first time it appears or after an exec.
 */
#include "ptool/sched.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/pdata.h"
#include "ptool/tpfmt.h"

struct mtask {
	int32_t tid;
	char shortname[3];
	const char *comm;	/* the session's comm when last switched in */
	bool placeholder;	/* it had no name then (no record named it) */
	struct mtask *next;
};

struct mp {
	const struct sched_map_opts *o;
	struct session *s;
	struct tpfmt *tp;
	bool *is_switch;
	FILE *fp;
	struct mtask **buckets;
	size_t nr_buckets;
	struct mtask **curr;	/* per cpu */
	uint32_t nr_curr;
	uint32_t max_cpu;
	int32_t *comp;		/* --compact: cpus in order of appearance */
	uint32_t nr_comp;
	char next1, next2;
};

static struct mtask *task_findnew(struct mp *m, int32_t tid)
{
	size_t b = (uint32_t)tid % m->nr_buckets;
	struct mtask *t;

	for (t = m->buckets[b]; t; t = t->next)
		if (t->tid == tid)
			return t;
	t = xcalloc(1, sizeof(*t));
	t->tid = tid;
	t->next = m->buckets[b];
	m->buckets[b] = t;
	return t;
}

static void grow(struct mp *m, uint32_t cpu)
{
	uint32_t n = cpu + 1;

	if (cpu < m->nr_curr)
		return;
	m->curr = xrealloc(m->curr, n * sizeof(*m->curr));
	m->comp = xrealloc(m->comp, n * sizeof(*m->comp));
	memset(m->curr + m->nr_curr, 0, (n - m->nr_curr) * sizeof(*m->curr));
	m->nr_curr = n;
}

static int on_sample(struct session *s, const struct session_sample *ss, void *arg)
{
	struct mp *m = arg;
	unsigned long long next_pid = 0;
	struct session_thread st;
	const char *comm;
	char tbuf[40], ph[24];
	struct mtask *t;
	uint32_t ncols, cpu = ss->cpu;
	bool new_name = false, new_cpu = false, comm_changed, named = true;

	if (!m->is_switch[ss->attr_idx] || cpu == (uint32_t)-1)
		return 0;
	tpfmt_field_u64(m->tp, ss->s->raw, ss->s->raw_size, "next_pid", &next_pid);
	grow(m, cpu > m->max_cpu ? cpu : m->max_cpu);
	if (cpu > m->max_cpu)
		m->max_cpu = cpu;
	if (m->o->compact) {
		uint32_t i;

		for (i = 0; i < m->nr_comp && m->comp[i] != (int32_t)cpu; i++)
			;
		if (i == m->nr_comp) {
			m->comp[m->nr_comp++] = (int32_t)cpu;
			new_cpu = true;
		}
		ncols = m->nr_comp;
	} else {
		ncols = m->max_cpu;
	}
	t = task_findnew(m, (int32_t)next_pid);
	if (!session_thread_find(s, t->tid, &st)) {
		comm = st.comm;
		named = st.comm_set;
	} else {
		named = false;
		snprintf(ph, sizeof(ph), t->tid ? ":%d" : "swapper", t->tid);
		comm = ph;
	}
	/* an exec gives the thread a new comm (perf: comm_changed) */
	comm_changed = t->shortname[0] && named &&
		       (t->placeholder || t->comm != comm);
	m->curr[cpu] = t;
	if (!t->shortname[0]) {
		if (!strcmp(comm, "swapper")) {
			t->shortname[0] = '.';
			t->shortname[1] = ' ';
		} else {
			t->shortname[0] = m->next1;
			t->shortname[1] = m->next2;
			if (m->next1 < 'Z') {
				m->next1++;
			} else {
				m->next1 = 'A';
				m->next2 = m->next2 < '9' ? m->next2 + 1 : '0';
			}
		}
		new_name = true;
	}
	t->comm = comm != ph ? comm : NULL;
	t->placeholder = !named;
	fputs("  ", m->fp);
	for (uint32_t i = 0; i < ncols; i++) {
		uint32_t c = m->o->compact ? (uint32_t)m->comp[i] : i;

		fputc(c == cpu ? '*' : ' ', m->fp);
		if (c < m->nr_curr && m->curr[c])
			fprintf(m->fp, "%2s ", m->curr[c]->shortname);
		else
			fputs("   ", m->fp);
	}
	snprintf(tbuf, sizeof(tbuf), "%" PRIu64 ".%06" PRIu64,
		 (uint64_t)(ss->time / 1000000000u), (uint64_t)(ss->time % 1000000000u / 1000));
	fprintf(m->fp, "  %12s secs ", tbuf);
	if (new_name || comm_changed)
		fprintf(m->fp, "%s => %s:%d", t->shortname, comm, t->tid);
	if (m->o->compact && new_cpu)
		fprintf(m->fp, " (CPU %u)", cpu);
	fputc('\n', m->fp);
	return 0;
}

int sched_map(struct session *s, const struct sched_map_opts *o, FILE *fp,
	      struct strbuf *err)
{
	struct pdata *p = session_pdata(s);
	const struct pdata_info *info = pdata_info(p);
	size_t nr = session_nr_events(s);
	struct mp m = { .o = o, .s = s, .fp = fp, .next1 = 'A', .next2 = '0' };
	bool any = false;
	int ret;

	m.is_switch = xcalloc(nr + 1, sizeof(*m.is_switch));
	for (size_t i = 0; i < nr; i++)
		if (pdata_attr(p, i)->attr.type == PERF_TYPE_TRACEPOINT &&
		    !strcmp(session_event_name(s, i), "sched:sched_switch"))
			any = m.is_switch[i] = true;
	m.nr_buckets = 1024;
	m.buckets = xcalloc(m.nr_buckets, sizeof(*m.buckets));
	if (!any) {
		strbuf_addstr(err, "no sched_switch events found: record with 'ptool sched record'");
		ret = -ENOENT;
		goto out;
	}
	m.tp = session_tpfmt_new(s);
	if (!m.tp) {
		strbuf_addstr(err, "cannot read the tracepoint formats");
		ret = -EINVAL;
		goto out;
	}
	/* perf's columns: the cpus the file's machine had online */
	m.max_cpu = info && info->nr_cpus_online ? info->nr_cpus_online : 0;
	ret = session_for_each_sample(s, 0, on_sample, &m);
	if (ret < 0)
		strbuf_addstr(err, session_strerror(s));
	else
		ret = ferror(fp) ? -EIO : 0;
out:
	for (size_t b = 0; b < m.nr_buckets; b++) {
		struct mtask *t, *nx;

		for (t = m.buckets[b]; t; t = nx) {
			nx = t->next;
			free(t);
		}
	}
	free(m.buckets);
	free(m.curr);
	free(m.comp);
	free(m.is_switch);
	tpfmt_free(m.tp);
	return ret;
}
