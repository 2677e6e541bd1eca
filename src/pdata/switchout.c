// SPDX-License-Identifier: GPL-2.0
#include "ptool/switchout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "ptool/evsel.h"
#include "ptool/msg.h"
#include "ptool/strbuf.h"

struct tag {
	char tag;
	uint64_t mult;
};

static const struct tag size_tags[] = {
	{ 'B', 1 }, { 'K', 1ull << 10 }, { 'M', 1ull << 20 }, { 'G', 1ull << 30 },
	{ 0, 0 },
};

static const struct tag time_tags[] = {
	{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 }, { 0, 0 },
};

/* perf's parse_tag_value(): digits, then exactly one of the tags */
static int parse_tag(const char *s, const struct tag *tags, uint64_t *out)
{
	const char *p = s;
	uint64_t v = 0;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (!p[0] || p[1])
		return -EINVAL;
	for (; tags->tag; tags++) {
		if (*p != tags->tag)
			continue;
		if (v > UINT64_MAX / tags->mult)
			return -ERANGE;
		*out = v * tags->mult;
		return 0;
	}
	return -EINVAL;
}

int switchout_parse(struct switchout *so, const char *arg)
{
	uint64_t v;

	so->signal = false;
	so->size = 0;
	so->time = 0;
	if (!arg || !strcmp(arg, "signal")) {
		so->signal = true;
	} else if (!parse_tag(arg, size_tags, &v) && v) {
		so->size = v;
	} else if (!parse_tag(arg, time_tags, &v) && v && v <= UINT32_MAX) {
		so->time = (unsigned int)v;
	} else {
		return -EINVAL;
	}
	so->enabled = true;
	return 0;
}

int switchout_timestamp(char *buf, size_t len)
{
	struct timeval tv;
	struct tm tm;
	char dt[32];

	if (gettimeofday(&tv, NULL) || !localtime_r(&tv.tv_sec, &tm))
		return -errno ? -errno : -EINVAL;
	if (!strftime(dt, sizeof(dt), "%Y%m%d%H%M%S", &tm))
		return -EINVAL;
	if ((size_t)snprintf(buf, len, "%s%02u", dt,
			     (unsigned int)tv.tv_usec / 10000) >= len)
		return -ENOSPC;
	return 0;
}

int switchout_rotate(struct switchout *so, const char *path, char *name,
		     size_t len)
{
	char ts[32];
	int err = switchout_timestamp(ts, sizeof(ts));

	if (err)
		return err;
	if ((size_t)snprintf(name, len, "%s.%s", path, ts) >= len)
		return -ENAMETOOLONG;
	if (rename(path, name))
		err = -errno;
	if (so->max_files > 0) {
		int n = so->cur + 1;

		if (!so->names)
			so->names = xcalloc((size_t)so->max_files,
					    sizeof(*so->names));
		if (n >= so->max_files)
			n = 0;
		so->cur = n;
		if (so->names[n]) {
			if (unlink(so->names[n]) && errno != ENOENT)
				pr_debug("cannot remove '%s': %s", so->names[n],
					 strerror(errno));
			free(so->names[n]);
		}
		so->names[n] = xstrdup(name);
	}
	return err;
}

bool switchout_size_hit(const struct switchout *so, uint64_t bytes)
{
	return so->size && bytes >= so->size;
}

bool switchout_due(struct switchout *so, volatile sig_atomic_t *flag,
		   uint64_t bytes)
{
	bool due = *flag;

	*flag = 0;
	if (switchout_size_hit(so, bytes))
		due = true;
	if (so->sb && switchout_events_fired(so) > 0)
		due = true;
	return due;
}

/* "cannot <step> '<path>': <why>", returning @ret */
static int err_line(struct strbuf *err, int ret, const char *step,
		    const char *path)
{
	strbuf_addf(err, "cannot %s '%s': %s", step, path, strerror(-ret));
	return ret;
}

int switchout_next(struct switchout *so, struct recorder *rc,
		   struct pdata_writer **w, int *fd, const char *path,
		   char *name, size_t len, struct strbuf *err)
{
	const struct recorder_stats *st = recorder_stats(rc);
	int ret;

	name[0] = '\0';
	if (st->first_time)
		pdata_writer_set_sample_time(*w, st->first_time, st->last_time);
	ret = pdata_writer_finish(*w);
	pdata_writer_free(*w);
	*w = NULL;
	close(*fd);
	*fd = -1;
	if (ret)
		return err_line(err, ret, "finish", path);
	ret = switchout_rotate(so, path, name, len);
	if (ret) {
		strbuf_addf(err, "cannot rename '%s' to '%s': %s", path, name,
			    strerror(-ret));
		return ret;
	}
	*fd = recorder_create_file(path, err);
	if (*fd < 0) {
		ret = *fd;
		*fd = -1;
		return ret;
	}
	*w = pdata_writer_new(*fd, 0);
	if (!*w)
		return err_line(err, -errno, "write to", path);
	ret = recorder_switch_writer(rc, *w);
	return ret ? err_line(err, ret, "write to", path) : 0;
}

/* ---- --switch-output-event ---- */

int switchout_open_events(struct switchout *so, const struct target *t)
{
	struct target all = { .system_wide = true };
	struct evsel *e;
	int err;

	if (!so->sb)
		return 0;
	evlist_for_each(so->sb, e) {
		struct perf_event_attr *a = &e->attr;

		/* every sample wakes the poll: one sample, one switch */
		if (!a->sample_period && !a->freq)
			a->sample_period = 1;
		a->sample_type |= PERF_SAMPLE_IDENTIFIER;
		a->wakeup_events = 1;
		a->watermark = 0;
		a->disabled = 0;
		a->inherit = 0;
	}
	/* perf's side-band events take the target, a workload being none */
	err = evlist_set_maps(so->sb, target_none(t) ? &all : t, 0);
	if (!err)
		err = evlist_open(so->sb, &e);
	if (err)
		return err;
	evlist_for_each(so->sb, e) {
		int n = e->nr_cpus * e->nr_threads;

		for (int i = 0; i < n; i++) {
			struct ring *r = ring_mmap(e->fd[i], 1);

			if (!r)
				return -errno;
			so->rings = xrealloc(so->rings, (size_t)(so->nr_rings + 1) *
					     sizeof(*so->rings));
			so->rings[so->nr_rings++] = r;
		}
	}
	return 0;
}

int switchout_event_fds(const struct switchout *so, int *fds, int max)
{
	int n = 0;

	for (int i = 0; i < so->nr_rings && n < max; i++)
		fds[n++] = ring_fd(so->rings[i]);
	return n;
}

long switchout_events_fired(struct switchout *so)
{
	long n = 0;

	for (int i = 0; i < so->nr_rings; i++) {
		const struct perf_event_header *ev;

		if (ring_read_init(so->rings[i]))
			continue;
		while ((ev = ring_read_event(so->rings[i])))
			if (ev->type == PERF_RECORD_SAMPLE)
				n++;
		ring_consume(so->rings[i]);
	}
	return n;
}

void switchout_release(struct switchout *so)
{
	if (so->names)
		for (int i = 0; i < so->max_files; i++)
			free(so->names[i]);
	free(so->names);
	so->names = NULL;
	for (int i = 0; i < so->nr_rings; i++)
		ring_free(so->rings[i]);
	free(so->rings);
	so->rings = NULL;
	so->nr_rings = 0;
	evlist_free(so->sb);
	so->sb = NULL;
}
