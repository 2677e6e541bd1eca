// SPDX-License-Identifier: GPL-2.0
#include "ptool/evlist.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"

struct evlist *evlist_new(void)
{
	return xcalloc(1, sizeof(struct evlist));
}

void evlist_free(struct evlist *el)
{
	if (!el)
		return;
	for (int i = 0; i < el->nr; i++)
		evsel_free(el->entry[i]);
	free(el->entry);
	cpumap_free(el->cpus);
	threadmap_free(el->threads);
	free(el);
}

void evlist_add(struct evlist *el, struct evsel *evsel)
{
	ALLOC_GROW(el->entry, el->nr + 1, el->alloc);
	evsel->idx = el->nr;
	el->entry[el->nr++] = evsel;
}

struct evsel *evlist_first(const struct evlist *el)
{
	return el->nr ? el->entry[0] : NULL;
}

struct evsel *evlist_find(const struct evlist *el, const char *name)
{
	for (int i = 0; i < el->nr; i++)
		if (!strcmp(el->entry[i]->name, name))
			return el->entry[i];
	return NULL;
}

int evlist_set_maps(struct evlist *el, const struct target *t, pid_t workload)
{
	struct cpumap *c;
	struct threadmap *th;
	int err = target_maps(t, workload, &c, &th);

	if (err)
		return err;
	evlist_set_maps_direct(el, c, th);
	return 0;
}

void evlist_set_maps_direct(struct evlist *el, struct cpumap *cpus,
			    struct threadmap *threads)
{
	cpumap_free(el->cpus);
	threadmap_free(el->threads);
	el->cpus = cpus;
	el->threads = threads;
}

int evlist_open(struct evlist *el, struct evsel **failed)
{
	*failed = NULL;
	if (!el->cpus || !el->threads)
		return -EINVAL;
	for (int i = 0; i < el->nr; i++) {
		int err = evsel_open(el->entry[i], el->cpus, el->threads);

		if (err) {
			*failed = el->entry[i];
			return err;
		}
	}
	return 0;
}

void evlist_close(struct evlist *el)
{
	/* members before leaders, like perf: the group dies with its leader */
	for (int i = el->nr - 1; i >= 0; i--)
		evsel_close(el->entry[i]);
}

int evlist_enable(struct evlist *el)
{
	int err = 0;

	for (int i = 0; i < el->nr; i++) {
		int e = evsel_is_leader(el->entry[i]) ?
			evsel_enable(el->entry[i]) : 0;

		if (e && !err)
			err = e;
	}
	return err;
}

int evlist_disable(struct evlist *el)
{
	int err = 0;

	for (int i = 0; i < el->nr; i++) {
		int e = evsel_is_leader(el->entry[i]) ?
			evsel_disable(el->entry[i]) : 0;

		if (e && !err)
			err = e;
	}
	return err;
}

void evlist_set_leader(struct evlist *el, int first, int n)
{
	struct evsel *leader = el->entry[first];

	for (int i = first; i < first + n; i++)
		el->entry[i]->leader = leader;
	leader->nr_members = n;
	if (n > 1)
		el->nr_groups++;
}

int evlist_set_filter(struct evlist *el, int first, const char *expr,
		      struct evsel **bad)
{
	for (int i = first; i < el->nr; i++) {
		/* uprobes and kprobes are tracepoints too */
		if (el->entry[i]->attr.type != PERF_TYPE_TRACEPOINT) {
			*bad = el->entry[i];
			return -EINVAL;
		}
	}
	for (int i = first; i < el->nr; i++)
		evsel_set_filter(el->entry[i], expr);
	return 0;
}
