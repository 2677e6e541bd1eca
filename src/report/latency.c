// SPDX-License-Identifier: GPL-2.0
/*
 * Durations between a BEGIN and an END event per thread, with summary
 * statistics and a log2 histogram in the layout of bpftrace's hist().
 */
#include "ptool/latency.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/session.h"
#include "ptool/strbuf.h"
#include "ptool/strset.h"
#include "ptool/u64map.h"

struct thread_state {
	uint32_t tid;
	bool open;
	uint64_t begin;
	char *comm;
};

struct group {
	const char *key;	/* comm, or the tid as text, or "" */
	uint64_t *v;		/* durations, ns */
	size_t nr, alloc;
};

struct latency {
	enum latency_by by;
	struct thread_state *threads;
	size_t nthreads, talloc;
	struct u64map tids;		/* tid -> index in threads */
	struct strset keys;		/* the groups' keys */
	struct group *groups;		/* under the ids of their keys */
	size_t ngroups, galloc;
	uint64_t unmatched;
	uint64_t total;
};

struct latency *latency_new(enum latency_by by)
{
	struct latency *l = xcalloc(1, sizeof(*l));

	l->by = by;
	return l;
}

void latency_free(struct latency *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nthreads; i++)
		free(l->threads[i].comm);
	u64map_release(&l->tids);
	for (size_t i = 0; i < l->ngroups; i++)
		free(l->groups[i].v);
	strset_release(&l->keys);
	free(l->threads);
	free(l->groups);
	free(l);
}

int latency_parse_by(const char *s, enum latency_by *by)
{
	if (!strcmp(s, "comm"))
		*by = LATENCY_BY_COMM;
	else if (!strcmp(s, "tid"))
		*by = LATENCY_BY_TID;
	else if (!strcmp(s, "none"))
		*by = LATENCY_BY_NONE;
	else
		return -EINVAL;
	return 0;
}

int latency_parse_pair(const char *s, char **begin, char **end)
{
	const char *comma = strchr(s, ',');

	if (!comma || comma == s || !comma[1] || strchr(comma + 1, ','))
		return -EINVAL;
	*begin = xstrndup(s, comma - s);
	*end = xstrdup(comma + 1);
	return 0;
}

static struct thread_state *thread(struct latency *l, uint32_t tid)
{
	bool fresh;
	uint64_t *v = u64map_put(&l->tids, tid, &fresh);

	if (fresh) {
		ALLOC_GROW(l->threads, l->nthreads + 1, l->talloc);
		memset(&l->threads[l->nthreads], 0, sizeof(l->threads[0]));
		l->threads[l->nthreads].tid = tid;
		*v = l->nthreads++;
	}
	return &l->threads[*v];
}

static struct group *group_for(struct latency *l, const struct thread_state *t)
{
	char buf[32];
	const char *key = "";
	bool fresh;
	uint32_t id;

	if (l->by == LATENCY_BY_COMM) {
		key = t->comm ? t->comm : "<unknown>";
	} else if (l->by == LATENCY_BY_TID) {
		snprintf(buf, sizeof(buf), "%" PRIu32, t->tid);
		key = buf;
	}
	id = strset_add(&l->keys, key, &fresh);
	if (fresh) {
		ALLOC_GROW(l->groups, l->ngroups + 1, l->galloc);
		memset(&l->groups[l->ngroups], 0, sizeof(l->groups[0]));
		l->groups[l->ngroups++].key = l->keys.v[id];
	}
	return &l->groups[id];
}

void latency_feed(struct latency *l, uint32_t tid, const char *comm,
		  uint64_t time, bool is_begin, bool is_end)
{
	struct thread_state *t = thread(l, tid);

	if (comm && (!t->comm || strcmp(t->comm, comm))) {
		free(t->comm);
		t->comm = xstrdup(comm);
	}
	if (is_end) {
		if (t->open && time >= t->begin) {
			struct group *g = group_for(l, t);

			ALLOC_GROW(g->v, g->nr + 1, g->alloc);
			g->v[g->nr++] = time - t->begin;
			l->total++;
		} else if (!is_begin || t->open) {
			l->unmatched++;
		}
		t->open = false;
	}
	if (is_begin) {
		t->open = true;
		t->begin = time;
	}
}

uint64_t latency_count(const struct latency *l)
{
	return l->total;
}

uint64_t latency_percentile(const uint64_t *v, size_t n, double p)
{
	size_t rank = (size_t)ceil(p / 100.0 * (double)n);

	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* bpftrace's bucket label: 0, 1, 2, ..., 1K, 2K, ..., 1M ... */
static void label(uint64_t v, struct strbuf *sb)
{
	static const char *const sfx[] = { "", "K", "M", "G", "T", "P", "E" };
	int i = 0;

	while (v >= 1024 && v % 1024 == 0 && i < 6) {
		v /= 1024;
		i++;
	}
	strbuf_addf(sb, "%" PRIu64 "%s", v, sfx[i]);
}

static int bucket_of(uint64_t us)
{
	int b = 0;

	if (us == 0)
		return 0;
	while (us >>= 1)
		b++;
	return b + 1;	/* 1 for [1], 2 for [2, 4) ... */
}

#define BAR_WIDTH 52

static void print_hist(FILE *out, const uint64_t *v, size_t n)
{
	uint64_t counts[66] = { 0 }, max = 0;
	int lo = 65, hi = 0;

	for (size_t i = 0; i < n; i++) {
		int b = bucket_of(v[i] / 1000);

		counts[b]++;
		if (b < lo)
			lo = b;
		if (b > hi)
			hi = b;
	}
	for (int b = lo; b <= hi; b++)
		if (counts[b] > max)
			max = counts[b];
	for (int b = lo; b <= hi; b++) {
		struct strbuf sb = STRBUF_INIT;
		int w = max ? (int)(counts[b] * BAR_WIDTH / max) : 0;

		if (b <= 1) {
			strbuf_addf(&sb, "[%d]", b);
		} else {
			strbuf_addch(&sb, '[');
			label(1ull << (b - 1), &sb);
			strbuf_addstr(&sb, ", ");
			label(b < 64 ? 1ull << b : 0, &sb);
			strbuf_addch(&sb, ')');
		}
		fprintf(out, "%-16s %8" PRIu64 " |", sb.buf, counts[b]);
		for (int i = 0; i < BAR_WIDTH; i++)
			fputc(i < w ? '@' : ' ', out);
		fputs("|\n", out);
		strbuf_release(&sb);
	}
}

static void print_group(FILE *out, struct group *g)
{
	uint64_t sum = 0;
	size_t n = g->nr;

	qsort(g->v, n, sizeof(*g->v), cmp_u64);
	for (size_t i = 0; i < n; i++)
		sum += g->v[i];
	fprintf(out, "%10s %12s %12s %12s %12s %12s %12s %12s\n", "count",
		"min", "avg", "p50", "p90", "p99", "max", "(usecs)");
	fprintf(out, "%10zu %12.3f %12.3f %12.3f %12.3f %12.3f %12.3f\n\n", n,
		g->v[0] / 1e3, (double)sum / (double)n / 1e3,
		latency_percentile(g->v, n, 50) / 1e3,
		latency_percentile(g->v, n, 90) / 1e3,
		latency_percentile(g->v, n, 99) / 1e3, g->v[n - 1] / 1e3);
	fputs("@usecs:\n", out);
	print_hist(out, g->v, n);
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = *(const struct group *const *)a;
	const struct group *y = *(const struct group *const *)b;

	if (x->nr != y->nr)
		return x->nr > y->nr ? -1 : 1;
	return strcmp(x->key, y->key);
}

int latency_print(struct latency *l, FILE *out, const char *begin,
		  const char *end)
{
	static const char *const byname[] = { "", "comm", "tid" };
	struct group **order;

	fprintf(out, "# Latency from %s to %s, per thread: %" PRIu64
		" interval%s\n", begin, end, l->total,
		l->total == 1 ? "" : "s");
	if (l->unmatched)
		fprintf(out, "# %" PRIu64 " %s event%s without an open %s "
			"ignored\n", l->unmatched, end,
			l->unmatched == 1 ? "" : "s", begin);
	/* the groups stay under their keys' ids: sort pointers to them */
	order = xcalloc(l->ngroups ? l->ngroups : 1, sizeof(*order));
	for (size_t i = 0; i < l->ngroups; i++)
		order[i] = &l->groups[i];
	if (l->ngroups)
		qsort(order, l->ngroups, sizeof(*order), cmp_group);
	for (size_t i = 0; i < l->ngroups; i++) {
		fputc('\n', out);
		if (l->by != LATENCY_BY_NONE)
			fprintf(out, "%s: %s\n", byname[l->by], order[i]->key);
		print_group(out, order[i]);
	}
	free(order);
	if (fflush(out) || ferror(out))
		return -EIO;
	return 0;
}

struct feed {
	struct latency *l;
	int begin, end;
	uint64_t no_time;
};

static int feed_cb(struct session *s, const struct session_sample *ss,
		   void *arg)
{
	struct feed *f = arg;
	bool b = ss->attr_idx == f->begin, e = ss->attr_idx == f->end;

	if (!b && !e)
		return 0;
	if (ss->time == (uint64_t)-1) {
		f->no_time++;
		return 0;
	}
	latency_feed(f->l, (uint32_t)ss->tid, ss->comm, ss->time, b, e);
	return 0;
}

/* the index of event @name in @s, or -1 */
static int event_index(struct session *s, const char *name)
{
	for (size_t i = 0; i < session_nr_events(s); i++) {
		const char *n = session_event_name(s, i);

		if (n && !strcmp(n, name))
			return (int)i;
	}
	return -1;
}

int latency_session(struct session *s, const char *pair, enum latency_by by,
		    FILE *out, struct strbuf *err)
{
	struct feed f = { 0 };
	char *begin = NULL, *end = NULL;
	int ret;

	if (latency_parse_pair(pair, &begin, &end)) {
		strbuf_addf(err, "bad --latency '%s': give BEGIN,END events",
			    pair);
		return -EINVAL;
	}
	f.begin = event_index(s, begin);
	f.end = event_index(s, end);
	if (f.begin < 0 || f.end < 0) {
		strbuf_addf(err, "no event '%s' in the file (recorded: ",
			    f.begin < 0 ? begin : end);
		for (size_t i = 0; i < session_nr_events(s); i++)
			strbuf_addf(err, "%s%s", i ? ", " : "",
				    session_event_name(s, i));
		strbuf_addch(err, ')');
		ret = -EINVAL;
		goto out;
	}
	f.l = latency_new(by);
	ret = session_for_each_sample(s, SESSION_NO_UNWIND, feed_cb, &f);
	if (ret) {
		strbuf_addf(err, "%s", session_strerror(s));
		goto out;
	}
	if (f.no_time && !latency_count(f.l)) {
		strbuf_addstr(err, "the events have no timestamps (record "
			      "them with -T or as tracepoints)");
		ret = -EINVAL;
		goto out;
	}
	ret = latency_print(f.l, out, begin, end);
	if (ret)
		strbuf_addstr(err, "cannot write the output");
out:
	latency_free(f.l);
	free(begin);
	free(end);
	return ret;
}
