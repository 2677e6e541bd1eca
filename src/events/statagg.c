// SPDX-License-Identifier: GPL-2.0
/*
 * stat's counting aggregation: scopes over the fds of counting events,
 * sums over repeated runs, tool event readings (perf 6.1's stat.c and
 * stat-display.c aggregation, without the printing).
 */
#include "ptool/statagg.h"

#include <stdlib.h>
#include <string.h>

#include "ptool/evsel.h"
#include "ptool/strbuf.h"

/* whether cpus at @a and @b are in one scope of @mode */
static bool same_aggr(enum statagg_mode mode, const struct cpu_topo *a,
		      const struct cpu_topo *b)
{
	switch (mode) {
	case STATAGG_SOCKET:
		return a->socket == b->socket;
	case STATAGG_DIE:
		return a->socket == b->socket && a->die == b->die;
	case STATAGG_CORE:
		return a->socket == b->socket && a->die == b->die &&
		       a->core == b->core;
	case STATAGG_NODE:
		return a->node == b->node;
	default:
		return true;
	}
}

static int cmp_topo(const void *x, const void *y)
{
	const struct cpu_topo *a = x, *b = y;

	if (a->node != b->node)
		return a->node < b->node ? -1 : 1;
	if (a->socket != b->socket)
		return a->socket < b->socket ? -1 : 1;
	if (a->die != b->die)
		return a->die < b->die ? -1 : 1;
	return (a->core > b->core) - (a->core < b->core);
}

static void group_cpus(struct statagg *a, const struct cpu_topo *topo)
{
	int nr = 0;

	a->aggr = xcalloc((size_t)a->nr_cpus + 1, sizeof(*a->aggr));
	a->cpu_aggr = xcalloc((size_t)a->nr_cpus + 1, sizeof(*a->cpu_aggr));
	for (int i = 0; i < a->nr_cpus; i++) {
		int k;

		for (k = 0; k < nr; k++)
			if (same_aggr(a->mode, &a->aggr[k], &topo[i]))
				break;
		if (k == nr)
			a->aggr[nr++] = topo[i];
	}
	/* perf's order: by node, socket, die, core */
	qsort(a->aggr, (size_t)nr, sizeof(*a->aggr), cmp_topo);
	for (int i = 0; i < a->nr_cpus; i++)
		for (int k = 0; k < nr; k++)
			if (same_aggr(a->mode, &a->aggr[k], &topo[i]))
				a->cpu_aggr[i] = k;
	a->nr_scopes = nr;
}

void statagg_init(struct statagg *a, enum statagg_mode mode,
		  const struct cpu_topo *topo, int nr_cpus, int nr_threads)
{
	memset(a, 0, sizeof(*a));
	a->mode = mode;
	a->nr_cpus = nr_cpus;
	switch (mode) {
	case STATAGG_CPU:
		a->nr_scopes = nr_cpus;
		break;
	case STATAGG_THREAD:
		a->nr_scopes = nr_threads;
		break;
	case STATAGG_GLOBAL:
		a->nr_scopes = 1;
		break;
	default:
		group_cpus(a, topo);
		break;
	}
}

int statagg_init_cpus(struct statagg *a, enum statagg_mode mode,
		      const struct cpumap *cpus, int nr_threads)
{
	struct cpu_topo *topo;
	int err = 0;

	if (!statagg_is_topo(mode)) {
		statagg_init(a, mode, NULL, cpus->nr, nr_threads);
		return 0;
	}
	/* after a cpu without a topology, the rest stay zero */
	topo = xcalloc((size_t)cpus->nr + 1, sizeof(*topo));
	for (int i = 0; i < cpus->nr && !err; i++)
		err = cpu_topology(cpus->cpu[i], &topo[i]);
	statagg_init(a, mode, topo, cpus->nr, nr_threads);
	free(topo);
	return err;
}

void statagg_release(struct statagg *a)
{
	free(a->aggr);
	free(a->cpu_aggr);
	a->aggr = NULL;
	a->cpu_aggr = NULL;
}

void statagg_sum(const struct statagg *a, const struct counts *c, int k,
		 bool delta, struct evsel_count *out)
{
	struct evsel_count one;

	switch (a->mode) {
	case STATAGG_CPU:
		counts_sum(c, k, delta, out);
		break;
	case STATAGG_THREAD:
		counts_sum_thread(c, k, delta, out);
		break;
	case STATAGG_GLOBAL:
		counts_sum(c, -1, delta, out);
		break;
	default:
		memset(out, 0, sizeof(*out));
		for (int i = 0; i < a->nr_cpus; i++) {
			if (a->cpu_aggr[i] != k)
				continue;
			counts_sum(c, i, delta, &one);
			out->val += one.val;
			out->ena += one.ena;
			out->run += one.run;
		}
		break;
	}
}

int statagg_nr_cpus(const struct statagg *a, int k)
{
	int n = 0;

	for (int i = 0; a->cpu_aggr && i < a->nr_cpus; i++)
		n += a->cpu_aggr[i] == k;
	return n;
}

void statagg_runs_init(struct statagg_runs *s, int nr_scopes)
{
	s->nr_scopes = nr_scopes;
	s->val = xcalloc((size_t)nr_scopes, sizeof(*s->val));
	s->ena = xcalloc((size_t)nr_scopes, sizeof(*s->ena));
	s->run = xcalloc((size_t)nr_scopes, sizeof(*s->run));
}

void statagg_runs_release(struct statagg_runs *s)
{
	free(s->val);
	free(s->ena);
	free(s->run);
	s->val = NULL;
	s->ena = s->run = NULL;
	s->nr_scopes = 0;
}

void statagg_runs_add(struct statagg_runs *s, int k,
		      const struct evsel_count *c)
{
	runstat_add(&s->val[k], (double)c->val);
	s->ena[k] += (double)c->ena;
	s->run[k] += (double)c->run;
}

bool statagg_runs_value(const struct statagg_runs *s, int k, int runs,
			struct statagg_value *v)
{
	if (!s->run[k] || !runs)
		return false;
	v->value = s->val[k].mean;
	v->run = (uint64_t)(s->run[k] / runs);
	v->pct_running = s->ena[k] ? 100.0 * s->run[k] / s->ena[k] : 100.0;
	v->noise_pct = runstat_noise_pct(&s->val[k]);
	return true;
}

bool statagg_count_value(const struct evsel_count *c,
			 struct statagg_value *v)
{
	if (!c->run)
		return false;
	v->value = (double)c->val;
	v->run = c->run;
	v->pct_running = c->ena ? 100.0 * c->run / c->ena : 100.0;
	v->noise_pct = 0;
	return true;
}

void statagg_tool_count(uint64_t config, double run_ns,
			const struct rusage *ru, struct evsel_count *c)
{
	const struct timeval *tv;
	uint64_t v = 0;

	if (config == EVSEL_TOOL_DURATION) {
		v = (uint64_t)run_ns;
	} else if (ru) {
		tv = config == EVSEL_TOOL_USER ? &ru->ru_utime : &ru->ru_stime;
		v = (uint64_t)tv->tv_sec * 1000000000ULL +
		    (uint64_t)tv->tv_usec * 1000ULL;
	}
	c->val = c->ena = c->run = v;
}
