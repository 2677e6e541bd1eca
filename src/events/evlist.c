// SPDX-License-Identifier: GPL-2.0
#include "ptool/evlist.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/msg.h"
#include "ptool/ring.h"
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

static int open_on_maps(struct evsel *e, struct evlist *el, void *arg)
{
	(void)arg;
	return evsel_open(e, el->cpus, el->threads);
}

int evlist_open_fallback(struct evlist *el, evlist_open_fn open, void *arg,
			 bool is_default, bool quiet, struct evsel **failed)
{
	struct evsel *e;

	*failed = NULL;
	if (!open)
		open = open_on_maps;
	evlist_for_each(el, e) {
		char msg[256];
		bool switched = false;	/* cycles -> cpu-clock done and told */
		int err;

		for (;;) {
			err = open(e, el, arg);
			if (!err || !evsel_fallback(e, err, msg, sizeof(msg)))
				break;
			if (!e->fell_back || switched) {
				pr_debug("%s", msg);
				continue;
			}
			switched = true;
			if (is_default) {
				/* perf's name and precision for its own default */
				free(e->name);
				e->name = xstrdup("cpu-clock:ppp");
				e->attr.precise_ip = 3;
				e->precise_max = 1;
			}
			if (!quiet)
				pr_info("%s: %s is not supported here, falling back to %s",
					msg_prefix(), is_default ? "cycles" :
					e->orig_name ? e->orig_name : "cycles",
					is_default ? "cpu-clock" : e->name);
		}
		if (err) {
			*failed = e;
			return err;
		}
	}
	return 0;
}

int evlist_set_maps_per_cpu(struct evlist *el, const struct target *t,
			    pid_t workload)
{
	struct cpumap *cpus;
	struct threadmap *threads;
	int err;

	if (target_has_cpu(t))
		return evlist_set_maps(el, t, workload);
	err = target_maps(t, workload, &cpus, &threads);
	if (err)
		return err;
	cpumap_free(cpus);
	cpus = cpumap_new_online();
	if (!cpus) {
		err = -errno;
		threadmap_free(threads);
		return err;
	}
	evlist_set_maps_direct(el, cpus, threads);
	return 0;
}

/* every fd of cpu @c but the first event's first one sends into @fd */
/*
 * the first open fd of cpu @c, which owns the cpu's ring: a thread that
 * was gone before its open (ignore_missing_thread) has none; -1 if no fd
 */
static int ring_owner(const struct evlist *el, int c)
{
	const struct evsel *e;

	evlist_for_each(el, e)
		for (int t = 0; t < el->threads->nr; t++)
			if (evsel_fd(e, c, t) >= 0)
				return evsel_fd(e, c, t);
	return -1;
}

static int share_ring(const struct evlist *el, int c, int fd)
{
	const struct evsel *e;

	evlist_for_each(el, e) {
		for (int t = 0; t < el->threads->nr; t++) {
			int other = evsel_fd(e, c, t), err;

			if (other < 0 || other == fd)
				continue;
			err = ring_set_output(other, fd);
			if (err)
				return err;
		}
	}
	return 0;
}

int evlist_map_rings_shrink(const struct evlist *el, unsigned int *pages,
			    unsigned int min_pages, struct ring **rings,
			    struct strbuf *err)
{
	for (int c = 0; c < el->cpus->nr; c++) {
		int fd = ring_owner(el, c), ret;

		if (fd < 0) {
			strbuf_addstr(err, "cannot map the ring buffer: every thread has ended");
			return -ESRCH;
		}
		/* a smaller ring when the mlock limit refuses this one */
		while (!(rings[c] = ring_mmap(fd, *pages)) &&
		       (errno == EPERM || errno == ENOMEM) && *pages > min_pages)
			*pages /= 2;
		if (!rings[c]) {
			ret = -errno;
			strbuf_addf(err, "cannot map the ring buffer (%u pages): %s",
				    *pages, strerror(-ret));
			return ret;
		}
		ret = share_ring(el, c, fd);
		if (ret) {
			strbuf_addf(err, "cannot share a ring buffer between events: %s",
				    strerror(-ret));
			return ret;
		}
	}
	return 0;
}

int evlist_map_rings(const struct evlist *el, unsigned int pages,
		     struct ring **rings, struct strbuf *err)
{
	return evlist_map_rings_shrink(el, &pages, pages, rings, err);
}
