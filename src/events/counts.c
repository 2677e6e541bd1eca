// SPDX-License-Identifier: GPL-2.0
#include "ptool/counts.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"

struct counts *counts_new(int nr_cpus, int nr_threads)
{
	struct counts *c = xcalloc(1, sizeof(*c));
	size_t n = (size_t)nr_cpus * (size_t)nr_threads;

	c->nr_cpus = nr_cpus;
	c->nr_threads = nr_threads;
	c->cur = xcalloc(n ? n : 1, sizeof(*c->cur));
	c->prev = xcalloc(n ? n : 1, sizeof(*c->prev));
	return c;
}

void counts_free(struct counts *c)
{
	if (!c)
		return;
	free(c->cur);
	free(c->prev);
	free(c);
}

static size_t nslots(const struct counts *c)
{
	return (size_t)c->nr_cpus * (size_t)c->nr_threads;
}

int counts_read(struct counts *c, struct evsel *evsel,
		struct counts **member_counts)
{
	bool group = (evsel->attr.read_format & PERF_FORMAT_GROUP) &&
		     evsel_is_leader(evsel);
	struct evsel_count *g = NULL;
	int err = 0;

	if (evsel->nr_cpus != c->nr_cpus || evsel->nr_threads != c->nr_threads)
		return -EINVAL;
	memcpy(c->prev, c->cur, nslots(c) * sizeof(*c->cur));
	for (int k = 1; group && k < evsel->nr_members; k++)
		if (member_counts && member_counts[k - 1])
			memcpy(member_counts[k - 1]->prev,
			       member_counts[k - 1]->cur,
			       nslots(c) * sizeof(*c->cur));
	if (group)
		g = xcalloc((size_t)evsel->nr_members, sizeof(*g));
	for (int cpu = 0; cpu < c->nr_cpus && !err; cpu++) {
		for (int t = 0; t < c->nr_threads && !err; t++) {
			size_t slot = (size_t)cpu * (size_t)c->nr_threads + (size_t)t;

			/* a thread that was gone before its open counts 0 */
			if (evsel->ignore_missing_thread &&
			    evsel_fd(evsel, cpu, t) < 0)
				continue;
			if (!group) {
				err = evsel_read(evsel, cpu, t, &c->cur[slot]);
				continue;
			}
			err = evsel_read_group(evsel, cpu, t, g);
			if (err)
				break;
			c->cur[slot] = g[0];
			for (int k = 1; k < evsel->nr_members; k++)
				if (member_counts && member_counts[k - 1])
					member_counts[k - 1]->cur[slot] = g[k];
		}
	}
	free(g);
	return err;
}

static void sub(struct evsel_count *out, const struct evsel_count *a,
		const struct evsel_count *b)
{
	out->val = a->val - b->val;
	out->ena = a->ena - b->ena;
	out->run = a->run - b->run;
}

static void sum(const struct counts *c, int c0, int c1, int t0, int t1,
		bool delta, struct evsel_count *out)
{
	memset(out, 0, sizeof(*out));
	for (int cpu = c0; cpu < c1 && cpu < c->nr_cpus; cpu++) {
		for (int t = t0; t < t1 && t < c->nr_threads; t++) {
			size_t slot = (size_t)cpu * (size_t)c->nr_threads + (size_t)t;
			struct evsel_count v = c->cur[slot];

			if (delta)
				sub(&v, &c->cur[slot], &c->prev[slot]);
			/*
			 * Scale each fd on its own: multiplexing differs per
			 * cpu, so the sum of scaled values is what was counted.
			 */
			out->val += c->no_scale ? v.val : evsel_count_scaled(&v, NULL);
			out->ena += v.ena;
			out->run += v.run;
		}
	}
}

void counts_sum(const struct counts *c, int cpu_idx, bool delta,
		struct evsel_count *out)
{
	if (cpu_idx < 0)
		sum(c, 0, c->nr_cpus, 0, c->nr_threads, delta, out);
	else
		sum(c, cpu_idx, cpu_idx + 1, 0, c->nr_threads, delta, out);
}

void counts_sum_thread(const struct counts *c, int thread_idx, bool delta,
		       struct evsel_count *out)
{
	sum(c, 0, c->nr_cpus, thread_idx, thread_idx + 1, delta, out);
}

void runstat_add(struct runstat *s, double v)
{
	double d;

	s->n += 1;
	d = v - s->mean;
	s->mean += d / s->n;
	s->m2 += d * (v - s->mean);
}

double runstat_stddev_mean(const struct runstat *s)
{
	double var;

	if (s->n < 2)
		return 0;
	var = s->m2 / (s->n - 1);
	return sqrt(var / s->n);
}

double runstat_noise_pct(const struct runstat *s)
{
	if (s->mean == 0)
		return 0;
	return 100.0 * runstat_stddev_mean(s) / s->mean;
}
