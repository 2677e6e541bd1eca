// SPDX-License-Identifier: GPL-2.0
/*
 * The perf.data reader: header, attrs and ids, feature sections (parsed in
 * pdata-header.c), and one pass over the data section with optional
 * time ordering (the queue is in pdata-order.c; pipe mode, in
 * pdata-pipe.c).
 *
 * The data section is mapped in windows of PDATA_WINDOW bytes; the window
 * behind is unmapped when the next one is mapped, so a large file never
 * counts in RSS as a whole. Records queued for ordering are copied into
 * chunks that are freed as soon as every record in them was delivered.
 */
#include "ptool/pdata.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "ptool/msg.h"
#include "ptool/readall.h"
#include "ptool/strbuf.h"
#include "ptool/u64map.h"
#include "pdata-priv.h"

#define PDATA_WINDOW	(8u << 20)
#define PDATA_MAX_ATTRS	65536
#define PDATA_MAX_IDS	(1u << 24)
#define PDATA_MAX_ATTR_SIZE 4096
#define PDATA_MAX_FEAT	(256u << 20)	/* one parsed feature section */
/*
 * Decompressed records: a record is at most 64 KiB, so a buffer of
 * 256 KiB always has room for output next to a partial record.
 */
#define PDATA_ZBUF	(256u << 10)
/* one COMPRESSED record's output when no COMPRESSED feature bounds it */
#define PDATA_MAX_DECOMP (256ull << 20)

int pdata_err(struct pdata *p, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(p->err, sizeof(p->err), "%s: ", p->name);
	if (n < 0 || (size_t)n >= sizeof(p->err))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(p->err + n, sizeof(p->err) - n, fmt, ap);
	va_end(ap);
	return err;
}

const char *pdata_strerror(const struct pdata *p)
{
	return p ? p->err : "";
}

char *pdata_keep_str(struct pdata *p, const char *s, size_t len)
{
	char *c = xstrndup(s, len);

	ALLOC_GROW(p->strings, p->nr_strings + 1, p->alloc_strings);
	p->strings[p->nr_strings++] = c;
	return c;
}

/* ---- attrs and ids ---- */

/* the ids of the attr just added; the first attr of an id wins, as in perf */
static void id_add_last(struct pdata *p)
{
	const struct pdata_attr *a = &p->attrs[p->nr_attrs - 1];
	size_t j;

	for (j = 0; j < a->nr_ids; j++) {
		bool fresh;
		uint64_t *v = u64map_put(&p->ids, a->ids[j], &fresh);

		if (fresh)
			*v = p->nr_attrs - 1;
	}
}

int pdata_id_to_attr(const struct pdata *p, uint64_t id)
{
	const uint64_t *v;

	if (p->nr_attrs == 1 || (id == 0 && p->nr_attrs))
		return 0;
	v = u64map_get(&p->ids, id);
	return v ? (int)*v : -1;
}

int pdata_add_attr(struct pdata *p, const struct perf_event_attr *attr,
		   size_t attr_bytes, const uint64_t *ids, size_t nr_ids)
{
	struct pdata_attr *a;
	uint64_t *copy = NULL;

	if (p->nr_attrs >= PDATA_MAX_ATTRS)
		return pdata_err(p, -EFBIG, "more than %u events",
				 PDATA_MAX_ATTRS);
	if (nr_ids > PDATA_MAX_IDS || p->nr_ids + nr_ids > PDATA_MAX_IDS)
		return pdata_err(p, -EFBIG, "more than %u event ids",
				 PDATA_MAX_IDS);
	ALLOC_GROW(p->attrs, p->nr_attrs + 1, p->alloc_attrs);
	a = &p->attrs[p->nr_attrs];
	memset(a, 0, sizeof(*a));
	memcpy(&a->attr, attr, attr_bytes < sizeof(a->attr) ? attr_bytes
							     : sizeof(a->attr));
	if (nr_ids) {
		copy = xmalloc(nr_ids * sizeof(*copy));
		memcpy(copy, ids, nr_ids * sizeof(*copy));
	}
	a->ids = copy;
	a->nr_ids = nr_ids;
	p->nr_attrs++;
	/* bits this code does not know would shift every later field */
	if (a->attr.sample_type & ~(uint64_t)(PERF_SAMPLE_MAX - 1))
		return pdata_err(p, -EINVAL,
				 "event %zu has unknown sample_type bits %#llx",
				 p->nr_attrs - 1,
				 (unsigned long long)(a->attr.sample_type &
						      ~(uint64_t)(PERF_SAMPLE_MAX - 1)));
	if (a->attr.read_format & ~(uint64_t)(PERF_FORMAT_MAX - 1))
		return pdata_err(p, -EINVAL,
				 "event %zu has unknown read_format bits %#llx",
				 p->nr_attrs - 1,
				 (unsigned long long)(a->attr.read_format &
						      ~(uint64_t)(PERF_FORMAT_MAX - 1)));
	p->nr_ids += nr_ids;
	if (p->nr_attrs == 1) {
		p->id_sample_type = a->attr.sample_type;
		p->id_sample_id_all = a->attr.sample_id_all;
	} else if (sample_id_pos(a->attr.sample_type) !=
			   sample_id_pos(p->id_sample_type) ||
		   sample_id_is_pos(a->attr.sample_type) !=
			   sample_id_is_pos(p->id_sample_type) ||
		   a->attr.sample_id_all != p->id_sample_id_all) {
		return pdata_err(p, -EINVAL,
				 "event %zu has its id at another position than event 0",
				 p->nr_attrs - 1);
	}
	id_add_last(p);
	return 0;
}

int pdata_set_name_by_id(struct pdata *p, uint64_t id, const char *name,
			 size_t len)
{
	int idx = pdata_id_to_attr(p, id);

	if (idx < 0)
		return -ENOENT;
	p->attrs[idx].name = pdata_keep_str(p, name, strnlen(name, len));
	return 0;
}

size_t pdata_nr_attrs(const struct pdata *p)
{
	return p->nr_attrs;
}

bool pdata_has_sample_bit(const struct pdata *p, uint64_t bit)
{
	for (size_t i = 0; i < p->nr_attrs; i++)
		if (!(pdata_attr(p, i)->attr.sample_type & bit))
			return false;
	return p->nr_attrs > 0;
}

const struct pdata_attr *pdata_attr(const struct pdata *p, size_t idx)
{
	return idx < p->nr_attrs ? &p->attrs[idx] : NULL;
}

const struct pdata_info *pdata_info(const struct pdata *p)
{
	return &p->info;
}

bool pdata_has_feat(const struct pdata *p, int feat)
{
	if (feat < 0 || feat >= PDATA_FEAT_BITS)
		return false;
	return p->feat_bits[feat / 64] >> (feat % 64) & 1;
}

bool pdata_is_pipe(const struct pdata *p)
{
	return p->pipe;
}

void pdata_data_section(const struct pdata *p, uint64_t *offset,
			uint64_t *size)
{
	*offset = p->pipe ? 0 : p->data_off;
	*size = p->pipe ? 0 : p->data_size;
}

const char *pdata_unfinished(const struct pdata *p)
{
	return p->unfinished;
}

const struct pdata_stats *pdata_stats(const struct pdata *p)
{
	return &p->stats;
}

/* ---- file mode ---- */

static int read_section(struct pdata *p, const struct pdata_file_section *s,
			const char *what, void **out)
{
	void *buf;
	ssize_t n;

	*out = NULL;
	if (s->offset > p->file_size || s->size > p->file_size - s->offset)
		return pdata_err(p, -EFBIG,
				 "%s section (offset 0x%llx, size %llu) is past the end of the file",
				 what, (unsigned long long)s->offset,
				 (unsigned long long)s->size);
	if (s->size > PDATA_MAX_BLOB)
		return pdata_err(p, -EFBIG, "%s section is too large (%llu bytes)",
				 what, (unsigned long long)s->size);
	buf = xmalloc(s->size ? s->size : 1);
	n = pread_all(p->fd, buf, s->size, s->offset);
	if (n < 0 || (uint64_t)n != s->size) {
		free(buf);
		return pdata_err(p, n < 0 ? (int)n : -EIO,
				 "cannot read the %s section", what);
	}
	*out = buf;
	return 0;
}

static int read_attrs(struct pdata *p)
{
	const struct pdata_file_header *h = &p->hdr;
	uint64_t entry = h->attr_size, nr, i;
	uint8_t *buf = NULL;
	int err;

	if (entry < PERF_ATTR_SIZE_VER0 + sizeof(struct pdata_file_section) ||
	    entry > PDATA_MAX_ATTR_SIZE || entry % 8)
		return pdata_err(p, -EINVAL, "bad attr size %llu in the header",
				 (unsigned long long)entry);
	nr = h->attrs.size / entry;
	if (h->attrs.size % entry)
		return pdata_err(p, -EINVAL,
				 "attrs section size %llu is not a multiple of %llu",
				 (unsigned long long)h->attrs.size,
				 (unsigned long long)entry);
	if (nr > PDATA_MAX_ATTRS)
		return pdata_err(p, -EFBIG, "more than %u events",
				 PDATA_MAX_ATTRS);
	err = read_section(p, &h->attrs, "attrs", (void **)&buf);
	if (err)
		return err;
	for (i = 0; i < nr; i++) {
		const uint8_t *e = buf + i * entry;
		size_t asz = entry - sizeof(struct pdata_file_section);
		struct pdata_file_section ids;
		struct perf_event_attr attr;
		uint64_t *idbuf = NULL;

		memset(&attr, 0, sizeof(attr));
		memcpy(&attr, e, asz < sizeof(attr) ? asz : sizeof(attr));
		memcpy(&ids, e + asz, sizeof(ids));
		if (ids.size % 8) {
			err = pdata_err(p, -EINVAL,
					"ids of event %llu have size %llu, not a multiple of 8",
					(unsigned long long)i,
					(unsigned long long)ids.size);
			goto out;
		}
		if (ids.size / 8 > PDATA_MAX_IDS) {
			err = pdata_err(p, -EFBIG, "event %llu has too many ids",
					(unsigned long long)i);
			goto out;
		}
		if (ids.size) {
			err = read_section(p, &ids, "ids", (void **)&idbuf);
			if (err)
				goto out;
		}
		err = pdata_add_attr(p, &attr, asz, idbuf, ids.size / 8);
		free(idbuf);
		if (err)
			goto out;
	}
out:
	free(buf);
	return err;
}

static int read_features(struct pdata *p)
{
	uint64_t pos = p->data_off + p->data_size;
	unsigned int nr = 0, i, f;
	struct pdata_file_section *secs;
	ssize_t n;

	for (i = 0; i < PDATA_FEAT_BITS / 64; i++)
		nr += (unsigned int)__builtin_popcountll(p->hdr.features[i]);
	if (!nr)
		return 0;
	if (pos > p->file_size || (uint64_t)nr * sizeof(*secs) >
					  p->file_size - pos)
		return pdata_err(p, -EFBIG,
				 "feature sections at offset 0x%llx are past the end of the file (truncated?)",
				 (unsigned long long)pos);
	secs = xcalloc(nr, sizeof(*secs));
	n = pread_all(p->fd, secs, nr * sizeof(*secs), pos);
	if (n != (ssize_t)(nr * sizeof(*secs))) {
		free(secs);
		return pdata_err(p, n < 0 ? (int)n : -EIO,
				 "cannot read the feature sections");
	}
	i = 0;
	for (f = 0; f < PDATA_FEAT_BITS; f++) {
		struct pdata_file_section *s;
		void *buf;

		if (!(p->hdr.features[f / 64] >> (f % 64) & 1))
			continue;
		s = &secs[i++];
		if (s->offset > p->file_size ||
		    s->size > p->file_size - s->offset) {
			int err = pdata_err(p, -EFBIG,
					 "feature %s section (offset 0x%llx, size %llu) is past the end of the file (truncated?)",
					 pdata_feat_name((int)f) ?
						 pdata_feat_name((int)f) : "?",
					 (unsigned long long)s->offset,
					 (unsigned long long)s->size);

			free(secs);
			return err;
		}
		p->feat[f] = *s;
		p->feat_bits[f / 64] |= 1ULL << (f % 64);
		/* tracing data is loaded on demand; unknown ones are skipped */
		if (f == PDATA_FEAT_TRACING_DATA || !pdata_feat_name((int)f) ||
		    f == PDATA_FEAT_RESERVED)
			continue;
		if (s->size > PDATA_MAX_FEAT) {
			pr_debug("%s: feature %s too large, ignored", p->name,
				 pdata_feat_name((int)f));
			continue;
		}
		buf = xmalloc(s->size ? s->size : 1);
		n = pread_all(p->fd, buf, s->size, s->offset);
		if (n == (ssize_t)s->size &&
		    pdata_parse_feat(p, (int)f, buf, s->size) < 0)
			pr_debug("%s: feature %s is malformed, ignored",
				 p->name, pdata_feat_name((int)f));
		free(buf);
	}
	free(secs);
	return 0;
}

static int open_file(struct pdata *p)
{
	struct pdata_file_header *h = &p->hdr;
	ssize_t n;
	int err;

	memset(h, 0, sizeof(*h));
	n = pread_all(p->fd, h, sizeof(*h), 0);
	if (n < 0)
		return pdata_err(p, (int)n, "cannot read the header");
	if ((size_t)n < h->size || (h->size != sizeof(*h) &&
				    h->size != PDATA_HEADER_SIZE_NOFEAT))
		return pdata_err(p, -EINVAL,
				 "truncated or bad header (size %llu)",
				 (unsigned long long)h->size);
	if (h->size == PDATA_HEADER_SIZE_NOFEAT)
		memset(h->features, 0, sizeof(h->features));
	p->data_off = h->data.offset;
	p->data_size = h->data.size;
	if (p->data_off > p->file_size)
		return pdata_err(p, -EFBIG,
				 "data section offset 0x%llx is past the end of the file (%llu bytes)",
				 (unsigned long long)p->data_off,
				 (unsigned long long)p->file_size);
	if ((p->data_size == 0 && p->file_size > p->data_off) ||
	    p->data_size > p->file_size - p->data_off) {
		/*
		 * an unfinished recording (the recorder was killed: perf and
		 * ptool leave data size 0 until the end) or a file cut short:
		 * the records up to the last whole one, and no features
		 */
		p->unfinished = p->data_size ?
			"its data section runs past the end of the file" :
			"the header says data size 0";
		p->recovered = true;
		p->data_size = p->file_size - p->data_off;
		memset(h->features, 0, sizeof(h->features));
		pr_debug("%s: %s, reading %llu bytes to the end", p->name,
			 p->unfinished, (unsigned long long)p->data_size);
	}
	err = read_attrs(p);
	if (err)
		return err;
	return read_features(p);
}


static struct pdata *open_common(struct pdata *p, struct strbuf *err);

static int cmp_dir_name(const void *a, const void *b)
{
	unsigned long x = strtoul(*(char *const *)a + 5, NULL, 10);
	unsigned long y = strtoul(*(char *const *)b + 5, NULL, 10);

	return x < y ? -1 : x > y;
}

/*
 * perf record --threads writes a directory: "data" holds the header, the
 * features and the synthesized records, "data.<n>" the records of each
 * reader thread, back to back without a header.
 */
static int open_dir(struct pdata *p)
{
	int dfd = p->fd, hfd, ret = 0;
	struct dirent *de;
	struct stat st;
	size_t i, alloc = 0;
	DIR *d;

	hfd = openat(dfd, "data", O_RDONLY | O_CLOEXEC);
	if (hfd < 0)
		return pdata_err(p, -errno,
				 "is a directory without a 'data' file (not perf's directory format)");
	d = fdopendir(dup(dfd));
	if (!d) {
		ret = pdata_err(p, -errno, "cannot read the directory");
		close(hfd);
		return ret;
	}
	while ((de = readdir(d))) {
		char *end;

		if (strncmp(de->d_name, "data.", 5) || !de->d_name[5])
			continue;
		strtoul(de->d_name + 5, &end, 10);
		if (*end)
			continue;
		ALLOC_GROW(p->dir_names, p->nr_dir_files + 1, alloc);
		p->dir_names[p->nr_dir_files++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (p->nr_dir_files)
		qsort(p->dir_names, p->nr_dir_files, sizeof(*p->dir_names),
		      cmp_dir_name);
	p->dir_fds = xcalloc(p->nr_dir_files + 1, sizeof(*p->dir_fds));
	p->dir_sizes = xcalloc(p->nr_dir_files + 1, sizeof(*p->dir_sizes));
	for (i = 0; i < p->nr_dir_files; i++)
		p->dir_fds[i] = -1;
	for (i = 0; i < p->nr_dir_files; i++) {
		p->dir_fds[i] = openat(dfd, p->dir_names[i], O_RDONLY | O_CLOEXEC);
		if (p->dir_fds[i] < 0 || fstat(p->dir_fds[i], &st) < 0) {
			ret = pdata_err(p, -errno, "cannot open '%s'",
					p->dir_names[i]);
			close(hfd);
			return ret;
		}
		p->dir_sizes[i] = (uint64_t)st.st_size;
	}
	/* from here on the header file is the reader's file */
	if (fstat(hfd, &st) < 0) {
		ret = pdata_err(p, -errno, "cannot stat 'data'");
		close(hfd);
		return ret;
	}
	p->dir_fd = p->own_fd == dfd ? dfd : -1;
	p->own_fd = hfd;
	p->fd = hfd;
	p->file_size = (uint64_t)st.st_size;
	{
		struct pdata_pipe_header ph;
		ssize_t n = pread_all(hfd, &ph, sizeof(ph), 0);

		if (n != (ssize_t)sizeof(ph) || ph.magic != PDATA_MAGIC2 ||
		    ph.size == sizeof(ph))
			return pdata_err(p, -EINVAL,
					 "'data' in the directory is not a perf.data header file");
	}
	return open_file(p);
}

static struct pdata *open_common(struct pdata *p, struct strbuf *err)
{
	struct pdata_pipe_header ph;
	struct stat st;
	ssize_t n;
	int ret;

	if (fstat(p->fd, &st) < 0) {
		ret = pdata_err(p, -errno, "cannot stat: %s", strerror(errno));
		goto fail;
	}
	if (S_ISREG(st.st_mode)) {
		p->file_size = (uint64_t)st.st_size;
		if (p->file_size == 0) {
			ret = pdata_err(p, -ENODATA, "file is empty");
			goto fail;
		}
		n = pread_all(p->fd, &ph, sizeof(ph), 0);
	} else if (S_ISDIR(st.st_mode)) {
		ret = open_dir(p);
		if (ret < 0)
			goto fail;
		return p;
	} else {
		n = read_all(p->fd, &ph, sizeof(ph));
	}
	if (n < 0) {
		ret = pdata_err(p, (int)n, "cannot read the header: %s",
				strerror((int)-n));
		goto fail;
	}
	if (n == 0) {
		ret = pdata_err(p, -ENODATA, "no data (empty input)");
		goto fail;
	}
	if ((size_t)n < sizeof(ph)) {
		ret = pdata_err(p, -EINVAL,
				"not a perf.data file (only %zd bytes)", n);
		goto fail;
	}
	if (ph.magic == PDATA_MAGIC2_SW) {
		ret = pdata_err(p, -EPROTO,
				"file is in the other byte order (recorded on a machine of other endianness), not supported");
		goto fail;
	}
	if (ph.magic == PDATA_MAGIC1) {
		ret = pdata_err(p, -EINVAL,
				"old perf.data format (PERFFILE) is not supported");
		goto fail;
	}
	if (ph.magic != PDATA_MAGIC2) {
		ret = pdata_err(p, -EINVAL, "not a perf.data file (bad magic)");
		goto fail;
	}
	if (ph.size == sizeof(ph)) {
		p->pipe = true;
		if (S_ISREG(st.st_mode) &&
		    lseek(p->fd, sizeof(ph), SEEK_SET) == (off_t)-1) {
			ret = pdata_err(p, -errno, "cannot seek");
			goto fail;
		}
		p->pipe_start = sizeof(ph);
		p->pipe_start_ok = S_ISREG(st.st_mode);
		ret = pdata_open_pipe(p);
	} else if (!S_ISREG(st.st_mode)) {
		ret = pdata_err(p, -EINVAL,
				"a perf.data file in the regular format cannot be read from a pipe");
	} else {
		ret = open_file(p);
	}
	if (ret < 0)
		goto fail;
	return p;
fail:
	msg_add_err(err, "%s", p->err);
	pdata_close(p);
	errno = -ret;
	return NULL;
}

static struct pdata *pdata_alloc(int fd, const char *name)
{
	struct pdata *p = xcalloc(1, sizeof(*p));

	p->fd = fd;
	p->own_fd = -1;
	p->dir_fd = -1;
	p->name = xstrdup(name ? name : "perf.data");
	p->err[0] = '\0';
	return p;
}

struct pdata *pdata_open_fd(int fd, const char *name, struct strbuf *err)
{
	return open_common(pdata_alloc(fd, name), err);
}

struct pdata *pdata_open(const char *path, struct strbuf *err)
{
	struct pdata *p;
	int fd;

	if (!strcmp(path, "-"))
		return pdata_open_fd(0, "stdin", err);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		msg_add_err(err, "cannot open '%s': %s", path, strerror(e));
		errno = e;
		return NULL;
	}
	p = pdata_alloc(fd, path);
	p->own_fd = fd;
	return open_common(p, err);
}

void pdata_close(struct pdata *p)
{
	size_t i;

	if (!p)
		return;
	if (p->own_fd >= 0)
		close(p->own_fd);
	if (p->dir_fd >= 0)
		close(p->dir_fd);
	for (i = 0; i < p->nr_dir_files; i++) {
		if (p->dir_fds && p->dir_fds[i] >= 0)
			close(p->dir_fds[i]);
		free(p->dir_names[i]);
	}
	free(p->dir_names);
	free(p->dir_fds);
	free(p->dir_sizes);
	for (i = 0; i < p->nr_attrs; i++)
		free((void *)p->attrs[i].ids);
	free(p->attrs);
	u64map_release(&p->ids);
	for (i = 0; i < p->nr_strings; i++)
		free(p->strings[i]);
	free(p->strings);
	free(p->build_ids);
	free(p->cmdline);
	free(p->pmus);
	free(p->groups);
	free(p->tracing);
	for (i = 0; i < PDATA_FEAT_BITS; i++)
		free(p->feat_pipe[i]);
	free(p->pbuf);
	strbuf_release(&p->prologue);
	free(p->prologue_offs);
	free(p->scratch);
	ZSTD_freeDStream(p->zds);
	free(p->zbuf);
	pdata_queue_release(&p->queue);
	free(p->name);
	free(p);
}

/* ---- raw features and tracing data ---- */

int pdata_feat_raw(struct pdata *p, int feat, void **out, size_t *len)
{
	if (!pdata_has_feat(p, feat))
		return -ENOENT;
	if (p->pipe) {
		*len = p->feat_pipe_size[feat];
		*out = xmalloc(*len ? *len : 1);
		memcpy(*out, p->feat_pipe[feat], *len);
		return 0;
	}
	*len = (size_t)p->feat[feat].size;
	return read_section(p, &p->feat[feat], pdata_feat_name(feat) ?
				pdata_feat_name(feat) : "feature", out);
}

int pdata_tracing_data(struct pdata *p, const void **buf, size_t *len)
{
	int err;

	if (!p->tracing_loaded) {
		if (p->pipe) {
			/* filled from the stream by apply_user_record() */
		} else if (pdata_has_feat(p, PDATA_FEAT_TRACING_DATA)) {
			err = read_section(p, &p->feat[PDATA_FEAT_TRACING_DATA],
					   "tracing data", &p->tracing);
			if (err)
				return err;
			p->tracing_size = p->feat[PDATA_FEAT_TRACING_DATA].size;
		} else if (p->tracing_rec_size) {
			struct pdata_file_section s = { p->tracing_rec_off,
							p->tracing_rec_size };

			err = read_section(p, &s, "tracing data", &p->tracing);
			if (err)
				return err;
			p->tracing_size = s.size;
		}
		p->tracing_loaded = true;
	}
	if (!p->tracing)
		return -ENOENT;
	*buf = p->tracing;
	*len = p->tracing_size;
	return 0;
}

/*
 * Bytes that follow a record in the stream without being counted in its
 * size: the tracing data of HEADER_TRACING_DATA and the trace of AUXTRACE.
 */
uint64_t pdata_payload_size(const struct perf_event_header *rec)
{
	if (rec->type == PDATA_RECORD_HEADER_TRACING_DATA &&
	    rec->size >= sizeof(*rec) + 4) {
		uint32_t sz;

		memcpy(&sz, rec + 1, 4);
		return ((uint64_t)sz + 7) / 8 * 8;
	}
	if (rec->type == PDATA_RECORD_AUXTRACE &&
	    rec->size >= sizeof(*rec) + 8) {
		uint64_t sz;

		memcpy(&sz, rec + 1, 8);
		return sz;
	}
	return 0;
}

/* ---- delivery and ordering ---- */

static int deliver(struct pdata_iter *it, const struct perf_event_header *rec,
		   uint64_t off)
{
	struct pdata *p = it->p;
	struct pdata_event ev;
	int idx = -1, err;

	ev.rec = rec;
	ev.offset = off;
	if (rec->type < PDATA_RECORD_USER_TYPE_START && p->nr_attrs) {
		uint64_t id;

		if (p->nr_attrs == 1) {
			idx = 0;
		} else {
			err = sample_record_id(p->id_sample_type,
					       p->id_sample_id_all, rec, &id);
			if (err == -ENOENT)
				idx = 0;
			else if (err)
				return pdata_err(p, -EINVAL,
						 "%s record at offset 0x%llx is too short for its id",
						 pdata_record_name(rec->type),
						 (unsigned long long)off);
			else
				idx = pdata_id_to_attr(p, id);
			if (idx < 0) {
				p->stats.nr_unknown_id++;
				if (rec->type == PERF_RECORD_SAMPLE)
					return pdata_err(p, -EINVAL,
							 "sample at offset 0x%llx has id %llu, which belongs to no event",
							 (unsigned long long)off,
							 (unsigned long long)id);
			}
		}
		err = sample_parse(&p->attrs[idx < 0 ? 0 : idx].attr, rec,
				   &ev.sample);
		if (err)
			return pdata_err(p, err,
					 "%s record at offset 0x%llx (size %u) is malformed: too short for its sample_type",
					 pdata_record_name(rec->type),
					 (unsigned long long)off, rec->size);
	} else {
		memset(&ev.sample, 0, sizeof(ev.sample));
		ev.sample.rec_type = rec->type;
		ev.sample.misc = rec->misc;
		ev.sample.time = (uint64_t)-1;
		ev.sample.cpu = (uint32_t)-1;
		if (rec->type < PDATA_RECORD_USER_TYPE_START)
			p->stats.nr_unknown_id++;	/* kernel record, no attrs */
	}
	ev.attr_idx = idx;
	ev.attr = idx >= 0 ? &p->attrs[idx] : NULL;
	if (rec->type == PERF_RECORD_LOST && rec->size >= sizeof(*rec) + 16) {
		uint64_t lost;

		memcpy(&lost, (const uint8_t *)(rec + 1) + 8, 8);
		p->stats.total_lost += lost;
	} else if (rec->type == PERF_RECORD_LOST_SAMPLES &&
		   rec->size >= sizeof(*rec) + 8) {
		uint64_t lost;

		memcpy(&lost, rec + 1, 8);
		p->stats.total_lost_samples += lost;
	}
	return it->fn(p, &ev, it->arg);
}

/* the queue's records, in time order */
static int deliver_queued(void *arg, const struct perf_event_header *rec,
			  uint64_t off)
{
	return deliver(arg, rec, off);
}

static int decompress(struct pdata_iter *it, const struct perf_event_header *rec,
		      uint64_t off);

int pdata_process(struct pdata_iter *it, const struct perf_event_header *rec,
		  uint64_t off)
{
	struct pdata *p = it->p;
	int ret;

	if (rec->type < PDATA_RECORD_HEADER_MAX)
		p->stats.nr_records[rec->type]++;
	else
		p->stats.nr_records[0]++;

	if (rec->type == PDATA_RECORD_COMPRESSED)
		return decompress(it, rec, off);
	if (rec->type >= PDATA_RECORD_USER_TYPE_START) {
		if (!(it->flags & PDATA_ORDERED))
			return deliver(it, rec, off);
		/*
		 * perf record writes both between two passes over the ring
		 * buffers: nothing older than the pass before crosses them
		 */
		if ((rec->type == PDATA_RECORD_FINISHED_ROUND ||
		     rec->type == PDATA_RECORD_FINISHED_INIT) &&
		    !p->nr_dir_files) {
			ret = pdata_queue_round(&p->queue, deliver_queued, it);
			if (ret)
				return ret;
		}
		return deliver(it, rec, off);
	}
	if (it->flags & PDATA_ORDERED) {
		uint64_t t = pdata_record_time(p, rec);

		/* time 0 (synthesized) and no time: at once, as perf does */
		if (t != (uint64_t)-1 && t != 0) {
			if (pdata_queue_push(&p->queue, rec, t, off))
				p->stats.nr_unordered++;
			return 0;
		}
	}
	return deliver(it, rec, off);
}

/*
 * A new stream of compressed records starts (each data file is one zstd
 * stream, which perf record flushes after every ring buffer read)
 */
void pdata_zstream_reset(struct pdata *p)
{
	p->zfill = 0;
	if (p->zds)
		ZSTD_DCtx_reset(p->zds, ZSTD_reset_session_only);
}

/* the whole records at the front of zbuf, through pdata_process() */
static int zdrain(struct pdata_iter *it)
{
	struct pdata *p = it->p;
	size_t pos = 0;
	int ret = 0;

	while (p->zfill - pos >= sizeof(struct perf_event_header)) {
		const struct perf_event_header *rec;
		uint16_t size;

		if (pos & 7) {
			/* a misaligned record: move the rest to the front */
			memmove(p->zbuf, p->zbuf + pos, p->zfill - pos);
			p->zfill -= pos;
			pos = 0;
		}
		rec = (const struct perf_event_header *)(p->zbuf + pos);
		size = rec->size;
		if (size < sizeof(*rec))
			return pdata_err(p, -EINVAL,
					 "compressed record at offset 0x%llx holds a record of size %u",
					 (unsigned long long)p->zoff, size);
		if (size > p->zfill - pos)
			break;
		if (rec->type == PDATA_RECORD_COMPRESSED || pdata_payload_size(rec))
			return pdata_err(p, -EINVAL,
					 "compressed record at offset 0x%llx holds a %s record",
					 (unsigned long long)p->zoff,
					 pdata_record_name(rec->type));
		ret = pdata_process(it, rec, p->zoff);
		if (ret)
			return ret;
		pos += size;
	}
	memmove(p->zbuf, p->zbuf + pos, p->zfill - pos);
	p->zfill -= pos;
	return 0;
}

/*
 * PERF_RECORD_COMPRESSED: zstd stream data whose output is more records
 * (a record may continue in the next compressed record). Decompressed in
 * PDATA_ZBUF pieces, so memory stays bounded whatever the frames claim;
 * one record's output is bounded by the mmap size of the COMPRESSED
 * feature, as in perf, which sizes its buffer by it. The records get the
 * compressed record's offset.
 */
static int decompress(struct pdata_iter *it, const struct perf_event_header *rec,
		      uint64_t off)
{
	struct pdata *p = it->p;
	ZSTD_inBuffer in = { rec + 1, rec->size - sizeof(*rec), 0 };
	uint64_t total = 0, limit = PDATA_MAX_DECOMP;
	int ret = 0;

	if (p->in_compressed)
		return pdata_err(p, -EINVAL,
				 "compressed record at offset 0x%llx holds a compressed record",
				 (unsigned long long)off);
	if (p->has_comp && p->comp[4])
		limit = p->comp[4];
	if (!p->zds) {
		p->zds = ZSTD_createDStream();
		if (!p->zds)
			return pdata_err(p, -ENOMEM,
					 "cannot decompress the record at offset 0x%llx: out of memory",
					 (unsigned long long)off);
	}
	if (!p->zbuf)
		p->zbuf = xmalloc(PDATA_ZBUF);
	p->in_compressed = true;
	for (;;) {
		ZSTD_outBuffer out = { p->zbuf + p->zfill,
				       PDATA_ZBUF - p->zfill, 0 };
		size_t in_pos = in.pos;
		size_t r = ZSTD_decompressStream(p->zds, &out, &in);

		if (ZSTD_isError(r)) {
			ret = pdata_err(p, -EINVAL,
					"compressed record at offset 0x%llx is corrupt: %s",
					(unsigned long long)off,
					ZSTD_getErrorName(r));
			break;
		}
		total += out.pos;
		if (total > limit) {
			ret = pdata_err(p, -EINVAL,
					"compressed record at offset 0x%llx decompresses to more than %llu bytes",
					(unsigned long long)off,
					(unsigned long long)limit);
			break;
		}
		p->zfill += out.pos;
		if (out.pos)
			p->zoff = off;
		ret = zdrain(it);
		if (ret)
			break;
		/* all input used and the output not full: nothing is pending */
		if (in.pos == in.size && out.pos < out.size)
			break;
		if (!out.pos && in.pos == in.size)
			break;
		if (!out.pos && in.pos == in_pos) {
			/* no progress at all: never spin on hostile input */
			ret = pdata_err(p, -EINVAL,
					"compressed record at offset 0x%llx is corrupt: the stream does not advance",
					(unsigned long long)off);
			break;
		}
	}
	p->in_compressed = false;
	return ret;
}

/* what a stream of compressed records left unfinished at its end */
int pdata_zstream_end(struct pdata *p, bool recovered)
{
	if (recovered)
		p->stats.cut_bytes += p->zfill;
	if (!p->zfill || recovered)
		return 0;
	return pdata_err(p, -EINVAL,
			 "compressed data ends inside a record (%zu bytes after the compressed record at offset 0x%llx)",
			 p->zfill, (unsigned long long)p->zoff);
}

/* a record at a misaligned address is copied before anyone reads it */
const struct perf_event_header *pdata_aligned(struct pdata *p,
					     const void *rec)
{
	struct perf_event_header h;

	if (!((uintptr_t)rec & 7))
		return rec;
	memcpy(&h, rec, sizeof(h));
	if (!p->scratch)
		p->scratch = xmalloc(65536);
	memcpy(p->scratch, rec, h.size);
	return (const struct perf_event_header *)p->scratch;
}

/*
 * The records of [@pos, @end) of @fd; @what names the file in messages
 * (NULL: the perf.data file itself).
 */
#define WHAT(w) (w) ? (w) : "", (w) ? ": " : ""

static int iterate_range(struct pdata_iter *it, int fd, uint64_t pos, uint64_t end,
			 bool recovered, const char *what)
{
	struct pdata *p = it->p;
	long pagesz = sysconf(_SC_PAGESIZE);
	uint8_t *map = NULL;
	uint64_t map_off = 0, map_len = 0;
	int ret = 0;

	if (pagesz <= 0)
		pagesz = 4096;
	pdata_zstream_reset(p);
	while (pos < end) {
		struct perf_event_header h;
		const struct perf_event_header *rec;
		uint64_t pay;

		if (end - pos < sizeof(h)) {
			if (recovered) {
				p->stats.cut_bytes += end - pos;
				break;
			}
			ret = pdata_err(p, -EINVAL,
					"%s%srecord at offset 0x%llx is cut short by the end of the data section",
					WHAT(what), (unsigned long long)pos);
			break;
		}
		if (!map || pos < map_off || pos + sizeof(h) > map_off + map_len)
			goto remap;
		memcpy(&h, map + (pos - map_off), sizeof(h));
		if (h.size < sizeof(h)) {
			ret = pdata_err(p, -EINVAL,
					"%s%srecord at offset 0x%llx has size %u",
					WHAT(what), (unsigned long long)pos, h.size);
			break;
		}
		if (h.size > end - pos) {
			if (recovered) {
				p->stats.cut_bytes += end - pos;
				break;
			}
			ret = pdata_err(p, -EINVAL,
					"%s%srecord at offset 0x%llx (size %u) runs past the end of the data section",
					WHAT(what), (unsigned long long)pos, h.size);
			break;
		}
		if (pos + h.size > map_off + map_len)
			goto remap;
		rec = pdata_aligned(p, (const struct perf_event_header *)
			      (map + (pos - map_off)));
		pay = pdata_payload_size(rec);
		if (rec->type == PDATA_RECORD_HEADER_TRACING_DATA &&
		    !p->tracing_rec_size && fd == p->fd) {
			p->tracing_rec_off = pos + h.size;
			p->tracing_rec_size = pay;
		}
		if (pay > end - pos - h.size) {
			ret = pdata_err(p, -EINVAL,
					"%s%spayload of the record at offset 0x%llx runs past the end of the data section",
					WHAT(what), (unsigned long long)pos);
			break;
		}
		ret = pdata_process(it, rec, pos);
		if (ret)
			break;
		pos += h.size + pay;
		continue;
remap:
		if (map)
			munmap(map, map_len);
		map_off = pos & ~(uint64_t)(pagesz - 1);
		map_len = end - map_off;
		if (map_len > PDATA_WINDOW)
			map_len = PDATA_WINDOW;
		map = mmap(NULL, map_len, PROT_READ, MAP_SHARED, fd,
			   (off_t)map_off);
		if (map == MAP_FAILED) {
			map = NULL;
			ret = pdata_err(p, -errno,
					"cannot map the data at offset 0x%llx: %s",
					(unsigned long long)map_off,
					strerror(errno));
			break;
		}
		madvise(map, map_len, MADV_SEQUENTIAL);
	}
	if (map)
		munmap(map, map_len);
	if (!ret)
		ret = pdata_zstream_end(p, recovered);
	return ret;
}

static int iterate_file(struct pdata_iter *it)
{
	struct pdata *p = it->p;
	size_t i;
	int ret;

	ret = iterate_range(it, p->fd, p->data_off, p->data_off + p->data_size,
			    p->recovered, NULL);
	/* perf record --threads: the samples are in data.0, data.1 ... */
	for (i = 0; !ret && i < p->nr_dir_files; i++)
		ret = iterate_range(it, p->dir_fds[i], 0, p->dir_sizes[i],
				    false, p->dir_names[i]);
	return ret;
}

int pdata_for_each_event(struct pdata *p, unsigned int flags,
			 pdata_event_fn fn, void *arg)
{
	struct pdata_iter it = { p, fn, arg, flags };
	int ret;

	memset(&p->stats, 0, sizeof(p->stats));
	p->err[0] = '\0';
	pdata_queue_release(&p->queue);
	ret = p->pipe ? pdata_iterate_pipe(&it) : iterate_file(&it);
	if (!ret && (flags & PDATA_ORDERED))
		ret = pdata_queue_flush(&p->queue, (uint64_t)-1,
					deliver_queued, &it);
	pdata_queue_release(&p->queue);
	return ret;
}
