// SPDX-License-Identifier: GPL-2.0
#include "ptool/recorder.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ptool/buildid.h"
#include "ptool/msg.h"
#include "ptool/parse.h"
#include "ptool/readall.h"
#include "ptool/sample.h"
#include "ptool/strbuf.h"
#include "ptool/strset.h"
#include "ptool/tfs.h"
#include "ptool/tracing.h"

/* a file of an executable mapping, by path; device and inode when known */
/* what the first mapping of a path said of its file */
struct dso {
	uint32_t maj, min;
	uint64_t ino;
	bool have_ino;
};

/* the dsos by path, in the order first mapped */
struct pathset {
	struct strset paths;
	struct dso *v;		/* under the ids of paths */
	size_t alloc;
};

struct recorder {
	struct pdata_writer *w;
	uint64_t sample_type;
	struct ring **rings;
	int nr_rings, alloc_rings;
	struct recorder_stats st;
	struct pathset dsos;
	struct strbuf zstage;	/* records of one ring read, to compress */
	size_t zmax;		/* 0: no compression */
	int zlevel;
};

static void pathset_add(struct pathset *s, const char *name, bool have_ino,
			uint32_t maj, uint32_t min, uint64_t ino)
{
	bool fresh;
	uint32_t id = strset_add(&s->paths, name, &fresh);

	if (!fresh)
		return;
	ALLOC_GROW(s->v, s->paths.nr, s->alloc);
	s->v[id] = (struct dso){ maj, min, ino, have_ino };
}

struct recorder *recorder_new(struct pdata_writer *w, uint64_t sample_type)
{
	struct recorder *rc = xcalloc(1, sizeof(*rc));

	rc->w = w;
	rc->sample_type = sample_type;
	return rc;
}

void recorder_set_writer(struct recorder *rc, struct pdata_writer *w)
{
	rc->w = w;
}

void recorder_free(struct recorder *rc)
{
	if (!rc)
		return;
	for (int i = 0; i < rc->nr_rings; i++)
		ring_free(rc->rings[i]);
	free(rc->rings);
	free(rc->dsos.v);
	strset_release(&rc->dsos.paths);
	strbuf_release(&rc->zstage);
	free(rc);
}

void recorder_add_ring(struct recorder *rc, struct ring *ring)
{
	ALLOC_GROW(rc->rings, rc->nr_rings + 1, rc->alloc_rings);
	rc->rings[rc->nr_rings++] = ring;
}

const struct recorder_stats *recorder_stats(const struct recorder *rc)
{
	return &rc->st;
}

const char *recorder_dso(const struct recorder *rc, size_t *iter)
{
	while (*iter < rc->dsos.paths.nr) {
		const char *path = rc->dsos.paths.v[*iter];
		const struct dso *d = &rc->dsos.v[(*iter)++];
		struct stat st;

		/*
		 * The path as this process sees it must still be the file that
		 * was mapped (not one of another mount namespace, not replaced)
		 */
		if (d->have_ino &&
		    (stat(path, &st) || st.st_ino != d->ino ||
		     major(st.st_dev) != d->maj || minor(st.st_dev) != d->min)) {
			pr_debug("build-id: skipping '%s': not the file that was mapped",
				 path);
			continue;
		}
		return path;
	}
	return NULL;
}

void recorder_add_build_ids(struct recorder *rc)
{
	struct buildid b;
	const char *name;
	size_t it = 0;

	if (!buildid_read_notes("/sys/kernel/notes", &b))
		pdata_writer_add_build_id(rc->w, -1, PERF_RECORD_MISC_KERNEL,
					  b.data, b.size, "[kernel.kallsyms]");
	while ((name = recorder_dso(rc, &it))) {
		if (buildid_read(name, &b) || b.size > 20)
			continue;
		pdata_writer_add_build_id(rc->w, -1, PERF_RECORD_MISC_USER,
					  b.data, b.size, name);
	}
	/* every process maps the kernel's vdso; perf lists it as [vdso] */
	if (!buildid_read_vdso(&b) && b.size <= 20)
		pdata_writer_add_build_id(rc->w, -1, PERF_RECORD_MISC_USER,
					  b.data, b.size, "[vdso]");
}

/* an executable user mapping of a file: its path goes to the BUILD_ID list */
static void note_mmap(struct recorder *rc, const struct perf_event_header *ev)
{
	const char *name;
	size_t off;

	if (ev->misc & PERF_RECORD_MISC_MMAP_DATA)
		return;
	if ((ev->misc & PERF_RECORD_MISC_CPUMODE_MASK) != PERF_RECORD_MISC_USER)
		return;
	/* header, pid/tid, start/len/pgoff [, dev/ino or build id, prot/flags] */
	off = ev->type == PERF_RECORD_MMAP2 ? 8 + 8 + 24 + 24 + 8 : 8 + 8 + 24;
	if (ev->size <= off)
		return;
	name = (const char *)ev + off;
	if (name[0] != '/' || !memchr(name, '\0', ev->size - off))
		return;
	if (ev->type == PERF_RECORD_MMAP2 &&
	    !(ev->misc & PERF_RECORD_MISC_MMAP_BUILD_ID)) {
		const unsigned char *b = (const unsigned char *)ev + 40;
		uint32_t maj, min;
		uint64_t ino;

		memcpy(&maj, b, 4);
		memcpy(&min, b + 4, 4);
		memcpy(&ino, b + 8, 8);
		pathset_add(&rc->dsos, name, true, maj, min, ino);
	} else {
		pathset_add(&rc->dsos, name, false, 0, 0, 0);
	}
}

static void account(struct recorder *rc, const struct perf_event_header *ev)
{
	struct recorder_stats *st = &rc->st;
	uint64_t v[2], t;

	st->events++;
	switch (ev->type) {
	case PERF_RECORD_SAMPLE:
		st->samples++;
		t = sample_record_time(rc->sample_type, true, ev);
		if (t != (uint64_t)-1) {
			if (!st->first_time || t < st->first_time)
				st->first_time = t;
			if (t > st->last_time)
				st->last_time = t;
		}
		break;
	case PERF_RECORD_LOST:		/* u64 id, u64 lost */
		if (ev->size >= sizeof(*ev) + 16) {
			memcpy(v, ev + 1, 16);
			st->lost_chunks++;
			st->lost += v[1];
		}
		break;
	case PERF_RECORD_LOST_SAMPLES:	/* u64 lost */
		if (ev->size >= sizeof(*ev) + 8) {
			memcpy(v, ev + 1, 8);
			st->lost_samples += v[0];
		}
		break;
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
		note_mmap(rc, ev);
		break;
	}
}

int recorder_compress(struct recorder *rc, int level, uint32_t mmap_len)
{
	int err = pdata_writer_set_compression(rc->w, level, mmap_len);

	if (err)
		return err;
	rc->zmax = mmap_len;
	rc->zlevel = level;
	strbuf_init(&rc->zstage, mmap_len);
	return 0;
}

int recorder_switch_writer(struct recorder *rc, struct pdata_writer *w)
{
	rc->w = w;
	rc->st.first_time = rc->st.last_time = 0;
	if (!rc->zmax)
		return 0;
	return pdata_writer_set_compression(w, rc->zlevel, (uint32_t)rc->zmax);
}

/* the staged records as compressed records */
static int zflush(struct recorder *rc)
{
	int err;

	if (!rc->zstage.len)
		return 0;
	err = pdata_write_compressed(rc->w, rc->zstage.buf, rc->zstage.len);
	strbuf_reset(&rc->zstage);
	return err;
}

/* one ring record into the file, or staged for compression */
static int put(struct recorder *rc, const struct perf_event_header *ev)
{
	int err;

	if (!rc->zmax)
		return pdata_write_record(rc->w, ev);
	if (rc->zstage.len + ev->size > rc->zmax && (err = zflush(rc)))
		return err;
	strbuf_add(&rc->zstage, ev, ev->size);
	return 0;
}

long recorder_drain(struct recorder *rc)
{
	long nr = 0;
	int err = 0;

	for (int i = 0; i < rc->nr_rings && !err; i++) {
		struct ring *ring = rc->rings[i];
		const struct perf_event_header *ev;

		if (ring_read_init(ring))
			continue;
		while ((ev = ring_read_event(ring))) {
			account(rc, ev);
			err = put(rc, ev);
			if (err)
				break;
			nr++;
		}
		if (!err)
			err = zflush(rc);
		ring_consume(ring);
		if (!err && ring_error(ring))
			err = -EBADMSG;
	}
	if (!err && nr)
		err = pdata_write_finished_round(rc->w);
	/* on disk at each round, as perf writes: a killed recorder loses little */
	if (!err && nr)
		err = pdata_writer_flush(rc->w);
	return err ? err : nr;
}

/* ---- synthesized records ---- */

static int syn_comm(void *arg, pid_t pid, pid_t tid, const char *comm)
{
	struct recorder *rc = arg;

	return pdata_write_comm(rc->w, (uint32_t)pid, (uint32_t)tid, comm,
				false, NULL);
}

static int syn_fork(void *arg, pid_t pid, pid_t ppid, pid_t tid, pid_t ptid)
{
	struct recorder *rc = arg;

	return pdata_write_fork(rc->w, false, (uint32_t)pid, (uint32_t)ppid,
				(uint32_t)tid, (uint32_t)ptid, 0, NULL);
}

static int syn_mmap(void *arg, pid_t pid, pid_t tid, const struct synth_map *m)
{
	struct recorder *rc = arg;
	struct pdata_mmap pm = {
		.misc = PERF_RECORD_MISC_USER |
			(m->exec ? 0 : PERF_RECORD_MISC_MMAP_DATA),
		.pid = (uint32_t)pid, .tid = (uint32_t)tid,
		.start = m->start, .len = m->len, .pgoff = m->pgoff,
		.maj = m->maj, .min = m->min, .ino = m->ino,
		.prot = m->prot, .flags = m->flags, .filename = m->filename,
	};

	if (m->exec && m->filename[0] == '/')
		pathset_add(&rc->dsos, m->filename, true, m->maj, m->min, m->ino);
	return pdata_write_mmap2(rc->w, &pm, NULL);
}

const struct synth_ops *recorder_synth_ops(void)
{
	static const struct synth_ops ops = { syn_comm, syn_fork, syn_mmap };

	return &ops;
}

int recorder_kernel_map(struct recorder *rc, const char *proc)
{
	uint64_t start, end;
	int err = synth_kernel_map(proc, &start, &end);
	struct pdata_mmap km = {
		.misc = PERF_RECORD_MISC_KERNEL, .pid = (uint32_t)-1,
		.filename = "[kernel.kallsyms]_text",
	};

	if (err)
		return err;
	km.start = start;
	km.len = end - start;
	km.pgoff = start;
	return pdata_write_mmap(rc->w, &km, NULL);
}

/* ---- lost samples ---- */

long long recorder_read_lost(struct recorder *rc,
			     const struct perf_event_attr *attr, int fd,
			     uint64_t id)
{
	uint64_t v[8], rf = attr->read_format;
	unsigned int i = 1;
	union {
		struct perf_event_header h;
		uint64_t words[32];
	} rec;
	struct sample s;
	ssize_t n;
	long len;
	int err;

	if (!(rf & PERF_FORMAT_LOST) || (rf & PERF_FORMAT_GROUP))
		return 0;
	n = read_once(fd, v, sizeof(v));
	if (n < 0)
		return (int)n;
	/* value [, time_enabled] [, time_running] [, id], lost */
	i += !!(rf & PERF_FORMAT_TOTAL_TIME_ENABLED);
	i += !!(rf & PERF_FORMAT_TOTAL_TIME_RUNNING);
	i += !!(rf & PERF_FORMAT_ID);
	if ((size_t)n < (i + 1) * sizeof(uint64_t))
		return -EIO;
	if (!v[i])
		return 0;
	memset(&s, 0, sizeof(s));
	s.id = id;
	memset(&rec, 0, sizeof(rec));
	rec.h.type = PERF_RECORD_LOST_SAMPLES;
	rec.words[1] = v[i];
	len = 0;
	if (attr->sample_id_all) {
		len = sample_synth(attr, &s, true, &rec.words[2],
				   sizeof(rec) - 16);
		if (len < 0)
			return len;
	}
	rec.h.size = (uint16_t)(16 + len);
	err = pdata_write_record(rc->w, &rec.h);
	return err ? err : (long long)v[i];
}

long long recorder_save_lost(struct recorder *rc, const struct evlist *el)
{
	const struct evsel *e;
	long long total = 0;

	evlist_for_each(el, e) {
		for (int c = 0; c < e->nr_cpus; c++) {
			for (int t = 0; t < e->nr_threads; t++) {
				long long n = recorder_read_lost(rc, &e->attr,
								 evsel_fd(e, c, t),
								 evsel_id(e, c, t));

				if (n < 0)
					return n;
				total += n;
			}
		}
	}
	return total;
}

/* ---- rings and tracing data ---- */

int recorder_map_rings(struct recorder *rc, const struct evlist *el,
		       unsigned int pages, struct strbuf *err)
{
	struct ring **rings = xcalloc((size_t)el->cpus->nr, sizeof(*rings));
	int ret = evlist_map_rings(el, pages, rings, err);

	/* the recorder owns what was mapped, failure or not */
	for (int c = 0; c < el->cpus->nr && rings[c]; c++)
		recorder_add_ring(rc, rings[c]);
	free(rings);
	return ret;
}

int recorder_tracing_data(struct recorder *rc, const struct evlist *el)
{
	struct strbuf blob = STRBUF_INIT;
	struct tracing_tp *tps;
	const struct evsel *e;
	struct tfs *t;
	size_t n = 0;
	int err;

	tps = xcalloc((size_t)el->nr + 1, sizeof(*tps));
	evlist_for_each(el, e) {
		if (e->attr.type == PERF_TYPE_TRACEPOINT && e->tp_sys) {
			tps[n].system = e->tp_sys;
			tps[n++].name = e->tp_name;
		}
	}
	if (!n) {
		free(tps);
		return 0;
	}
	t = tfs_open_mount();
	if (!t) {
		err = -errno;
		free(tps);
		return err;
	}
	err = tracing_data_write(t, tps, n, &blob);
	if (!err)
		err = pdata_writer_set_tracing_data(rc->w, blob.buf, blob.len);
	free(tps);
	tfs_free(t);
	strbuf_release(&blob);
	return err;
}

/* ---- the output file ---- */

int recorder_create_file(const char *path, struct strbuf *err)
{
	const char *uid = getenv("SUDO_UID"), *gid = getenv("SUDO_GID");
	struct stat st;
	int fd;

	if (!lstat(path, &st)) {
		if (S_ISREG(st.st_mode) && !st.st_size) {
			if (unlink(path)) {
				int e = -errno;

				strbuf_addf(err, "cannot remove '%s': %s", path, strerror(-e));
				return e;
			}
		} else {
			struct strbuf old = STRBUF_INIT;
			int e = 0;

			strbuf_addf(&old, "%s.old", path);
			if (rename(path, old.buf)) {
				e = -errno;
				strbuf_addf(err, "cannot rename '%s' to '%s': %s", path, old.buf,
					    strerror(-e));
			}
			strbuf_release(&old);
			if (e)
				return e;
		}
	}
	/* whatever appears there meanwhile, a symlink is never followed */
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = -errno;

		strbuf_addf(err, "cannot create '%s': %s", path, strerror(-e));
		return e;
	}
	if (geteuid() == 0 && uid && gid) {
		int u, g;

		if (!parse_int(uid, 0, INT32_MAX, &u) &&
		    !parse_int(gid, 0, INT32_MAX, &g) && fchown(fd, u, g))
			pr_debug("cannot give '%s' to %d:%d: %s", path, u, g,
				 strerror(errno));
	}
	return fd;
}
