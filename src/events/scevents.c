// SPDX-License-Identifier: GPL-2.0
#include "ptool/scevents.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ptool/cpumap.h"
#include "ptool/evlist.h"
#include "ptool/evsel.h"
#include "ptool/readall.h"
#include "ptool/ring.h"
#include "ptool/sample.h"
#include "ptool/strbuf.h"
#include "ptool/tfs.h"
#include "ptool/tp.h"

struct scevents {
	struct evlist *el;
	struct ring **rings;
	int nr_rings;
	unsigned int pages;
	struct pollfd *pfd;
	int nfd;
	int hung;
};

static int add_event(struct evlist *el, const struct tfs *t, const char *name,
		     bool inherit, bool first)
{
	struct perf_event_attr attr = { 0 };
	struct strbuf full = STRBUF_INIT;
	int64_t id = tp_id(t, "raw_syscalls", name);

	if (id < 0)
		return (int)id;
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = (uint64_t)id;
	attr.sample_period = 1;
	attr.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID |
			   PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW;
	attr.sample_id_all = 1;
	/* the samples the kernel dropped, even those no LOST record tells */
	attr.read_format = PERF_FORMAT_LOST;
	attr.inherit = inherit;
	attr.disabled = 1;
	attr.enable_on_exec = 1;
	/* wake the reader when a quarter of the ring is used (poll also ticks) */
	attr.watermark = 1;
	if (first) {
		/* perf trace's tracking event: names and tasks for the lines */
		attr.comm = attr.comm_exec = attr.task = 1;
		attr.mmap = attr.mmap2 = 1;
	}
	strbuf_addf(&full, "raw_syscalls:%s", name);
	evlist_add(el, evsel_new(&attr, full.buf, EVSEL_TRACEPOINT));
	strbuf_release(&full);
	return 0;
}

/* the events and their rings: "cannot <step> raw_syscalls:...: <why>" */
static int err_line(struct strbuf *err, int ret, const char *step,
		    const char *why)
{
	strbuf_addf(err, "cannot %s raw_syscalls:sys_enter/sys_exit: %s", step,
		    why && *why ? why : strerror(-ret));
	return ret;
}

/* a smaller ring when the mlock limit refuses one, down to 8 pages */
static int map_rings(struct scevents *sc, unsigned int pages)
{
	struct strbuf why = STRBUF_INIT;
	int err;

	sc->nr_rings = sc->el->cpus->nr;
	sc->rings = xcalloc((size_t)sc->nr_rings, sizeof(*sc->rings));
	err = evlist_map_rings_shrink(sc->el, &pages, 8, sc->rings, &why);
	strbuf_release(&why);	/* the caller says "map the ring buffers" */
	if (!err)
		sc->pages = pages;
	return err;
}

static int open_all(struct scevents *sc, struct strbuf *err)
{
	struct evsel *e;

	evlist_for_each(sc->el, e) {
		int ret = evsel_open(e, sc->el->cpus, sc->el->threads);

		if (ret) {
			char msg[1024];

			evsel_strerror(e, ret, msg, sizeof(msg));
			return err_line(err, ret,
					e->filter_failed ? "filter" : "open",
					msg);
		}
	}
	return 0;
}

int scevents_open(struct scevents **out, const struct scevents_opts *o,
		  struct strbuf *err)
{
	struct scevents *sc = xcalloc(1, sizeof(*sc));
	long psz = sysconf(_SC_PAGESIZE);
	struct tfs *t = tfs_open_mount();
	struct evsel *e;
	int ret;

	sc->el = evlist_new();
	if (!t) {
		ret = err_line(err, -errno, "find tracefs for", NULL);
		goto fail;
	}
	ret = add_event(sc->el, t, "sys_enter", o->inherit, true);
	if (!ret)
		ret = add_event(sc->el, t, "sys_exit", o->inherit, false);
	tfs_free(t);
	if (ret) {
		err_line(err, ret, "find tracefs for", NULL);
		goto fail;
	}
	evlist_for_each(sc->el, e) {
		e->attr.wakeup_watermark = (uint32_t)((size_t)o->pages * (size_t)psz / 4);
		if (o->filter)
			evsel_set_filter(e, o->filter);
		if (!target_none(o->target))
			e->attr.enable_on_exec = 0;
	}
	/* task targets are opened on every cpu too, as record's are */
	ret = evlist_set_maps_per_cpu(sc->el, o->target, o->workload);
	if (ret) {
		err_line(err, ret, "set up the target for", NULL);
		goto fail;
	}
	ret = open_all(sc, err);
	if (ret)
		goto fail;
	ret = map_rings(sc, o->pages);
	if (ret) {
		err_line(err, ret, "map the ring buffers of", NULL);
		goto fail;
	}
	sc->nfd = evlist_first(sc->el)->nr_cpus * evlist_first(sc->el)->nr_threads;
	sc->pfd = xcalloc((size_t)sc->nfd, sizeof(*sc->pfd));
	for (int i = 0; i < sc->nfd; i++) {
		sc->pfd[i].fd = evlist_first(sc->el)->fd[i];
		sc->pfd[i].events = POLLIN;
	}
	*out = sc;
	return 0;
fail:
	scevents_free(sc);
	return ret;
}

void scevents_free(struct scevents *sc)
{
	if (!sc)
		return;
	for (int i = 0; i < sc->nr_rings; i++)
		ring_free(sc->rings[i]);
	free(sc->rings);
	free(sc->pfd);
	evlist_free(sc->el);
	free(sc);
}

const struct evlist *scevents_evlist(const struct scevents *sc)
{
	return sc->el;
}

int scevents_enable(struct scevents *sc)
{
	return evlist_enable(sc->el);
}

int scevents_disable(struct scevents *sc)
{
	return evlist_disable(sc->el);
}

int scevents_nr_rings(const struct scevents *sc)
{
	return sc->nr_rings;
}

unsigned int scevents_pages(const struct scevents *sc)
{
	return sc->pages;
}

long scevents_drain(struct scevents *sc, scevents_fn fn, void *arg)
{
	long n = 0;

	for (int i = 0; i < sc->nr_rings; i++) {
		const struct perf_event_header *rec;
		int err = ring_read_init(sc->rings[i]);

		if (err == -EAGAIN)
			continue;
		if (err)
			return err;
		while ((rec = ring_read_event(sc->rings[i]))) {
			err = fn(rec, i, arg);
			if (err < 0)
				return err;
			n++;
		}
		if (ring_error(sc->rings[i]))
			return ring_error(sc->rings[i]);
		ring_consume(sc->rings[i]);
	}
	return n;
}

int scevents_poll(struct scevents *sc, int timeout_ms, const sigset_t *mask)
{
	struct timespec ts = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000L };
	int ret = ppoll(sc->pfd, (nfds_t)sc->nfd, &ts, mask);

	if (ret < 0)
		return errno == EINTR ? 0 : -errno;
	for (int i = 0; i < sc->nfd; i++) {
		if (sc->pfd[i].fd >= 0 &&
		    (sc->pfd[i].revents & (POLLHUP | POLLERR))) {
			sc->pfd[i].fd = -1;
			sc->hung++;
		}
	}
	if (sc->hung == sc->nfd)
		return 2;
	return ret > 0;
}

uint64_t scevents_lost(const struct scevents *sc, int ring)
{
	const struct evsel *e;
	uint64_t total = 0;

	evlist_for_each(sc->el, e) {
		for (int t = 0; t < e->nr_threads; t++) {
			uint64_t v[2];
			ssize_t n;

			n = read_once(evsel_fd(e, ring, t), v, sizeof(v));
			if (n == (ssize_t)sizeof(v))
				total += v[1];
		}
	}
	return total;
}
