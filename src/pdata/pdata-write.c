// SPDX-License-Identifier: GPL-2.0
/*
 * The perf.data writer.
 *
 * File mode follows perf's layout: header, then the ids and attrs (written
 * when the data starts, so that an interrupted recording keeps them), the
 * data section, and at finish the feature section table at the end of the
 * data followed by the feature bodies. The header is rewritten last.
 * Pipe mode sends the same information as records (HEADER_ATTR,
 * EVENT_UPDATE, HEADER_FEATURE, HEADER_TRACING_DATA, HEADER_BUILD_ID).
 */
#include "ptool/pdata.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#include "ptool/msg.h"
#include "ptool/strbuf.h"
#include "pdata-priv.h"

#define WBUF_SIZE	(1u << 20)
#define NAME_ALIGN	64

struct wattr {
	struct perf_event_attr attr;
	char *name;
	uint64_t *ids;
	size_t nr_ids, alloc_ids;
};

struct pdata_writer {
	int fd;
	bool pipe;
	bool begun, finished;
	int err;		/* sticky */

	struct wattr *attrs;
	size_t nr_attrs, alloc_attrs;
	size_t begun_attrs, begun_ids;	/* what the file holds since begin */
	uint64_t ids_off, attrs_off;

	struct strbuf feat[PDATA_FEAT_BITS];
	bool has_feat[PDATA_FEAT_BITS];
	bool sent_feat[PDATA_FEAT_BITS];	/* pipe: already emitted */
	size_t build_ids_sent;			/* pipe: bytes of BUILD_ID sent */

	uint8_t *buf;
	size_t len;
	uint64_t pos;		/* file mode: offset of buf[0] */
	uint64_t data_off;
	uint64_t data_bytes;
	uint64_t safe_end;	/* file mode: end of the last whole record on disk */

	/* pdata_write_compressed(): one zstd stream for the whole file */
	ZSTD_CStream *zcs;
	uint8_t *zrec;		/* one COMPRESSED record being filled */
	uint32_t zlevel, zmmap_len;
	uint64_t zin, zout;	/* bytes given and written (records) */
};

/* ---- low-level output ---- */

static int out_raw(struct pdata_writer *w, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t r = w->pipe ? write(w->fd, c, n)
				    : pwrite(w->fd, c, n, (off_t)w->pos);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return w->err = -errno;
		}
		if (r == 0)
			return w->err = -EIO;
		c += r;
		n -= (size_t)r;
		w->pos += (uint64_t)r;
	}
	return 0;
}

static int wflush(struct pdata_writer *w)
{
	size_t n = w->len;

	if (w->err)
		return w->err;
	w->len = 0;
	return n ? out_raw(w, w->buf, n) : 0;
}

/* buffered append at the current position */
static int wadd(struct pdata_writer *w, const void *p, size_t n)
{
	if (w->err)
		return w->err;
	if (w->len + n > WBUF_SIZE) {
		if (wflush(w))
			return w->err;
		if (n >= WBUF_SIZE)
			return out_raw(w, p, n);
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	return 0;
}

static int pwrite_at(struct pdata_writer *w, const void *p, size_t n,
		     uint64_t off)
{
	uint64_t save = w->pos;
	int err;

	w->pos = off;
	err = out_raw(w, p, n);
	w->pos = save;
	return err;
}

/* ---- encoding helpers ---- */

static void enc_u32(struct strbuf *sb, uint32_t v)
{
	strbuf_add(sb, &v, 4);
}

static void enc_u64(struct strbuf *sb, uint64_t v)
{
	strbuf_add(sb, &v, 8);
}

/* perf_header_string: u32 len, string, NUL padding to NAME_ALIGN */
static void enc_str(struct strbuf *sb, const char *s)
{
	size_t olen = strlen(s) + 1;
	size_t len = (olen + NAME_ALIGN - 1) / NAME_ALIGN * NAME_ALIGN;
	static const char zero[NAME_ALIGN];

	enc_u32(sb, (uint32_t)len);
	strbuf_add(sb, s, olen);
	strbuf_add(sb, zero, len - olen);
}

static void feat_reset(struct pdata_writer *w, enum pdata_feat f)
{
	strbuf_reset(&w->feat[f]);
	w->has_feat[f] = true;
}

/* ---- construction ---- */

static void file_header(struct pdata_writer *w, struct pdata_file_header *h,
			uint64_t data_size, bool features)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	h->magic = PDATA_MAGIC2;
	h->size = sizeof(*h);
	h->attr_size = sizeof(struct perf_event_attr) +
		       sizeof(struct pdata_file_section);
	h->attrs.offset = w->attrs_off;
	h->attrs.size = w->begun_attrs * h->attr_size;
	h->data.offset = w->data_off;
	h->data.size = data_size;
	if (features)
		for (i = 1; i < PDATA_FEAT_BITS; i++)
			if (w->has_feat[i])
				h->features[i / 64] |= 1ULL << (i % 64);
}

struct pdata_writer *pdata_writer_new(int fd, unsigned int flags)
{
	struct pdata_writer *w = xcalloc(1, sizeof(*w));
	size_t i;

	w->fd = fd;
	w->pipe = flags & PDATA_WRITER_PIPE;
	w->buf = xmalloc(WBUF_SIZE);
	for (i = 0; i < PDATA_FEAT_BITS; i++)
		strbuf_init(&w->feat[i], 0);
	if (!w->pipe) {
		struct pdata_file_header h;

		w->attrs_off = w->data_off = sizeof(h);
		file_header(w, &h, 0, false);
		if (pwrite_at(w, &h, sizeof(h), 0) < 0) {
			int e = -w->err;

			pdata_writer_free(w);
			errno = e;
			return NULL;
		}
		w->pos = sizeof(h);
	}
	return w;
}

void pdata_writer_free(struct pdata_writer *w)
{
	size_t i;

	if (!w)
		return;
	if (w->begun && !w->finished)
		wflush(w);	/* best effort: keep what was written */
	for (i = 0; i < w->nr_attrs; i++) {
		free(w->attrs[i].name);
		free(w->attrs[i].ids);
	}
	free(w->attrs);
	for (i = 0; i < PDATA_FEAT_BITS; i++)
		strbuf_release(&w->feat[i]);
	free(w->buf);
	ZSTD_freeCStream(w->zcs);
	free(w->zrec);
	free(w);
}

int pdata_writer_add_ids(struct pdata_writer *w, int idx, const uint64_t *ids,
			 size_t nr_ids)
{
	struct wattr *a;

	if (idx < 0 || (size_t)idx >= w->nr_attrs)
		return -EINVAL;
	if (w->pipe && w->begun)
		return -EBUSY;
	a = &w->attrs[idx];
	ALLOC_GROW(a->ids, a->nr_ids + nr_ids, a->alloc_ids);
	if (nr_ids)
		memcpy(a->ids + a->nr_ids, ids, nr_ids * sizeof(*ids));
	a->nr_ids += nr_ids;
	return 0;
}

int pdata_writer_add_attr(struct pdata_writer *w,
			  const struct perf_event_attr *attr, const char *name,
			  const uint64_t *ids, size_t nr_ids)
{
	struct wattr *a;

	if (w->pipe && w->begun)
		return -EBUSY;
	if (w->nr_attrs) {
		uint64_t t0 = w->attrs[0].attr.sample_type;

		if (sample_id_pos(t0) != sample_id_pos(attr->sample_type) ||
		    sample_id_is_pos(t0) != sample_id_is_pos(attr->sample_type) ||
		    w->attrs[0].attr.sample_id_all != attr->sample_id_all)
			return -EINVAL;
	}
	ALLOC_GROW(w->attrs, w->nr_attrs + 1, w->alloc_attrs);
	a = &w->attrs[w->nr_attrs];
	memset(a, 0, sizeof(*a));
	a->attr = *attr;
	a->attr.size = sizeof(a->attr);
	a->name = name ? xstrdup(name) : NULL;
	w->nr_attrs++;
	pdata_writer_add_ids(w, (int)w->nr_attrs - 1, ids, nr_ids);
	return (int)w->nr_attrs - 1;
}

int pdata_writer_set_string(struct pdata_writer *w, enum pdata_feat feat,
			    const char *s)
{
	switch (feat) {
	case PDATA_FEAT_HOSTNAME:
	case PDATA_FEAT_OSRELEASE:
	case PDATA_FEAT_VERSION:
	case PDATA_FEAT_ARCH:
	case PDATA_FEAT_CPUDESC:
	case PDATA_FEAT_CPUID:
		break;
	default:
		return -EINVAL;
	}
	feat_reset(w, feat);
	enc_str(&w->feat[feat], s);
	return 0;
}

int pdata_writer_set_nrcpus(struct pdata_writer *w, uint32_t online,
			    uint32_t avail)
{
	feat_reset(w, PDATA_FEAT_NRCPUS);
	enc_u32(&w->feat[PDATA_FEAT_NRCPUS], avail);	/* perf's order */
	enc_u32(&w->feat[PDATA_FEAT_NRCPUS], online);
	return 0;
}

int pdata_writer_set_total_mem(struct pdata_writer *w, uint64_t kb)
{
	feat_reset(w, PDATA_FEAT_TOTAL_MEM);
	enc_u64(&w->feat[PDATA_FEAT_TOTAL_MEM], kb);
	return 0;
}

int pdata_writer_set_cmdline(struct pdata_writer *w, int argc,
			     const char *const *argv)
{
	int i;

	if (argc < 0)
		return -EINVAL;
	feat_reset(w, PDATA_FEAT_CMDLINE);
	enc_u32(&w->feat[PDATA_FEAT_CMDLINE], (uint32_t)argc);
	for (i = 0; i < argc; i++)
		enc_str(&w->feat[PDATA_FEAT_CMDLINE], argv[i] ? argv[i] : "");
	return 0;
}

int pdata_writer_set_sample_time(struct pdata_writer *w, uint64_t first,
				 uint64_t last)
{
	feat_reset(w, PDATA_FEAT_SAMPLE_TIME);
	enc_u64(&w->feat[PDATA_FEAT_SAMPLE_TIME], first);
	enc_u64(&w->feat[PDATA_FEAT_SAMPLE_TIME], last);
	return 0;
}

int pdata_writer_set_clockid(struct pdata_writer *w, uint64_t res_ns)
{
	feat_reset(w, PDATA_FEAT_CLOCKID);
	enc_u64(&w->feat[PDATA_FEAT_CLOCKID], res_ns);
	return 0;
}

int pdata_writer_set_clock_data(struct pdata_writer *w, uint32_t clockid,
				uint64_t tod_ns, uint64_t clockid_ns)
{
	struct strbuf *sb = &w->feat[PDATA_FEAT_CLOCK_DATA];

	feat_reset(w, PDATA_FEAT_CLOCK_DATA);
	enc_u32(sb, 1);		/* version */
	enc_u32(sb, clockid);
	enc_u64(sb, tod_ns);
	enc_u64(sb, clockid_ns);
	return 0;
}

static void enc_build_id(struct strbuf *sb, uint16_t type, int32_t pid,
			 uint16_t misc, const uint8_t *id, size_t size,
			 const char *filename)
{
	struct pdata_build_id_rec r;
	size_t olen = strlen(filename) + 1;
	size_t len = (olen + NAME_ALIGN - 1) / NAME_ALIGN * NAME_ALIGN;
	static const char zero[NAME_ALIGN];

	memset(&r, 0, sizeof(r));
	r.header.type = type;
	r.header.misc = misc | PDATA_MISC_BUILD_ID_SIZE;
	r.header.size = (uint16_t)(sizeof(r) + len);
	r.pid = pid;
	memcpy(r.build_id, id, size);
	r.build_id[20] = (uint8_t)size;
	strbuf_add(sb, &r, sizeof(r));
	strbuf_add(sb, filename, olen);
	strbuf_add(sb, zero, len - olen);
}

int pdata_writer_add_build_id(struct pdata_writer *w, int32_t pid,
			      uint16_t misc, const uint8_t *id, size_t size,
			      const char *filename)
{
	if (size > 20 || strlen(filename) > 4096)
		return -EINVAL;
	w->has_feat[PDATA_FEAT_BUILD_ID] = true;
	enc_build_id(&w->feat[PDATA_FEAT_BUILD_ID],
		     w->pipe ? PDATA_RECORD_HEADER_BUILD_ID : 0, pid, misc, id,
		     size, filename);
	return 0;
}

int pdata_writer_add_group(struct pdata_writer *w, int leader,
			   uint32_t nr_members, const char *name)
{
	struct strbuf *sb = &w->feat[PDATA_FEAT_GROUP_DESC];
	uint32_t nr = 0, l = (uint32_t)leader;

	if (leader < 0 || !nr_members)
		return -EINVAL;
	if (!w->has_feat[PDATA_FEAT_GROUP_DESC]) {
		feat_reset(w, PDATA_FEAT_GROUP_DESC);
		enc_u32(sb, 0);
	}
	memcpy(&nr, sb->buf, 4);
	nr++;
	memcpy(sb->buf, &nr, 4);
	enc_str(sb, name ? name : "{anon_group}");
	enc_u32(sb, l);
	enc_u32(sb, nr_members);
	return 0;
}

int pdata_writer_set_tracing_data(struct pdata_writer *w, const void *buf,
				  size_t len)
{
	if (len > UINT32_MAX)
		return -EFBIG;
	feat_reset(w, PDATA_FEAT_TRACING_DATA);
	strbuf_add(&w->feat[PDATA_FEAT_TRACING_DATA], buf, len);
	return 0;
}

int pdata_writer_set_feat_raw(struct pdata_writer *w, enum pdata_feat feat,
			      const void *buf, size_t len)
{
	if (feat <= PDATA_FEAT_RESERVED || feat >= PDATA_FEAT_BITS)
		return -EINVAL;
	feat_reset(w, feat);
	strbuf_add(&w->feat[feat], buf, len);
	return 0;
}

/* ---- EVENT_DESC from the attrs ---- */

static void build_event_desc(struct pdata_writer *w)
{
	struct strbuf *sb = &w->feat[PDATA_FEAT_EVENT_DESC];
	size_t i;

	feat_reset(w, PDATA_FEAT_EVENT_DESC);
	enc_u32(sb, (uint32_t)w->nr_attrs);
	enc_u32(sb, sizeof(struct perf_event_attr));
	for (i = 0; i < w->nr_attrs; i++) {
		const struct wattr *a = &w->attrs[i];

		strbuf_add(sb, &a->attr, sizeof(a->attr));
		enc_u32(sb, (uint32_t)a->nr_ids);
		enc_str(sb, a->name ? a->name : "");
		strbuf_add(sb, a->ids, a->nr_ids * sizeof(*a->ids));
	}
}

/* ---- begin ---- */

static size_t total_ids(const struct pdata_writer *w)
{
	size_t i, n = 0;

	for (i = 0; i < w->nr_attrs; i++)
		n += w->attrs[i].nr_ids;
	return n;
}

/* ids then attrs at the current position (perf's order) */
static int write_attrs_section(struct pdata_writer *w)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t ids_off = w->pos, off;
	size_t i;
	int err;

	for (i = 0; i < w->nr_attrs; i++)
		strbuf_add(&sb, w->attrs[i].ids,
			   w->attrs[i].nr_ids * sizeof(uint64_t));
	w->attrs_off = ids_off + sb.len;
	off = ids_off;
	for (i = 0; i < w->nr_attrs; i++) {
		struct pdata_file_section s = {
			off, w->attrs[i].nr_ids * sizeof(uint64_t)
		};

		strbuf_add(&sb, &w->attrs[i].attr, sizeof(struct perf_event_attr));
		strbuf_add(&sb, &s, sizeof(s));
		off += s.size;
	}
	err = out_raw(w, sb.buf, sb.len);
	strbuf_release(&sb);
	w->ids_off = ids_off;
	w->begun_attrs = w->nr_attrs;
	w->begun_ids = total_ids(w);
	return err;
}

static int put_record(struct pdata_writer *w, uint32_t type, const void *body,
		      size_t len)
{
	struct perf_event_header h;

	if (len + sizeof(h) > UINT16_MAX)
		return -E2BIG;
	h.type = type;
	h.misc = 0;
	h.size = (uint16_t)(sizeof(h) + len);
	if (wadd(w, &h, sizeof(h)) || wadd(w, body, len))
		return w->err;
	return 0;
}

static int pipe_feature(struct pdata_writer *w, int f)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t id = (uint64_t)f;
	static const char zero[8];
	int err;

	strbuf_add(&sb, &id, 8);
	strbuf_add(&sb, w->feat[f].buf, w->feat[f].len);
	strbuf_add(&sb, zero, (8 - sb.len % 8) % 8);
	err = put_record(w, PDATA_RECORD_HEADER_FEATURE, sb.buf, sb.len);
	strbuf_release(&sb);
	if (err == -E2BIG)
		err = 0;	/* too large for a record: perf drops it too */
	w->sent_feat[f] = true;
	return err;
}

static int pipe_tracing_data(struct pdata_writer *w)
{
	const struct strbuf *td = &w->feat[PDATA_FEAT_TRACING_DATA];
	/* perf checks that the size covers the data and its padding */
	uint32_t body[2] = { (uint32_t)((td->len + 7) & ~(size_t)7), 0 };
	static const char zero[8];
	int err;

	err = put_record(w, PDATA_RECORD_HEADER_TRACING_DATA, body,
			 sizeof(body));
	if (!err)
		err = wadd(w, td->buf, td->len);
	if (!err)
		err = wadd(w, zero, (8 - td->len % 8) % 8);
	w->sent_feat[PDATA_FEAT_TRACING_DATA] = true;
	return err;
}

/*
 * The features perf sends as HEADER_FEATURE records in pipe mode (and
 * accepts there); tracing data and build ids have records of their own.
 */
static bool pipe_feat_ok(int f)
{
	switch (f) {
	case PDATA_FEAT_TRACING_DATA:
	case PDATA_FEAT_BUILD_ID:
	case PDATA_FEAT_BRANCH_STACK:
	case PDATA_FEAT_AUXTRACE:
	case PDATA_FEAT_STAT:
	case PDATA_FEAT_CACHE:
	case PDATA_FEAT_DIR_FORMAT:
	case PDATA_FEAT_HYBRID_TOPOLOGY:
		return false;
	}
	return f > 0 && f < PDATA_FEAT_PMU_CAPS;
}

static int pipe_begin(struct pdata_writer *w)
{
	struct pdata_pipe_header ph = { PDATA_MAGIC2, sizeof(ph) };
	size_t i;
	int f, err;

	if ((err = wadd(w, &ph, sizeof(ph))))
		return err;
	for (i = 0; i < w->nr_attrs; i++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_add(&sb, &w->attrs[i].attr, sizeof(struct perf_event_attr));
		strbuf_add(&sb, w->attrs[i].ids,
			   w->attrs[i].nr_ids * sizeof(uint64_t));
		err = put_record(w, PDATA_RECORD_HEADER_ATTR, sb.buf, sb.len);
		strbuf_release(&sb);
		if (err)
			return err;
	}
	for (i = 0; i < w->nr_attrs; i++) {
		struct strbuf sb = STRBUF_INIT;
		static const char zero[8];

		if (!w->attrs[i].name || !w->attrs[i].nr_ids)
			continue;
		enc_u64(&sb, PDATA_EVENT_UPDATE_NAME);
		enc_u64(&sb, w->attrs[i].ids[0]);
		strbuf_add(&sb, w->attrs[i].name, strlen(w->attrs[i].name) + 1);
		strbuf_add(&sb, zero, (8 - sb.len % 8) % 8);
		err = put_record(w, PDATA_RECORD_EVENT_UPDATE, sb.buf, sb.len);
		strbuf_release(&sb);
		if (err)
			return err;
	}
	build_event_desc(w);
	for (f = 1; f < PDATA_FEAT_BITS; f++) {
		if (!w->has_feat[f] || !pipe_feat_ok(f))
			continue;
		if ((err = pipe_feature(w, f)))
			return err;
	}
	if (w->has_feat[PDATA_FEAT_TRACING_DATA])
		return pipe_tracing_data(w);
	return 0;
}

int pdata_writer_begin(struct pdata_writer *w)
{
	struct pdata_file_header h;
	int err;

	if (w->err)
		return w->err;
	if (w->begun)
		return 0;
	w->begun = true;
	if (w->pipe)
		return pipe_begin(w);
	/* the ids and attrs, then a header that knows them and no data */
	w->pos = sizeof(h);
	if ((err = write_attrs_section(w)))
		return err;
	w->data_off = w->pos;
	w->safe_end = w->data_off;
	file_header(w, &h, 0, false);
	return pwrite_at(w, &h, sizeof(h), 0);
}

/* ---- data ---- */

int pdata_write(struct pdata_writer *w, const void *buf, size_t len)
{
	uint64_t start;
	int err;

	if (w->finished)
		return -EINVAL;
	if (!w->begun && (err = pdata_writer_begin(w)))
		return err;
	start = w->pos + w->len;	/* callers write whole records */
	if ((err = wadd(w, buf, len)))
		return err;
	w->data_bytes += len;
	/* a flush in wadd() wrote up to @start, or everything */
	if (!w->len)
		w->safe_end = w->pos;
	else if (w->pos >= start)
		w->safe_end = start;
	return 0;
}

int pdata_write_record(struct pdata_writer *w,
		       const struct perf_event_header *rec)
{
	return pdata_write(w, rec, rec->size);
}

/*
 * perf record -z: a PERF_RECORD_COMPRESSED holds the next piece of one
 * zstd stream, flushed at the end of each call so that every call's
 * records can be decompressed from the file so far
 */
#define ZREC_MAX	(65535u - sizeof(struct perf_event_header))

/*
 * PDATA_FEAT_COMPRESSED as perf writes it: version 0, zstd (1), level,
 * ratio, mmap size
 */
static void compressed_feat(struct pdata_writer *w)
{
	uint32_t v[5] = { 0, 1, w->zlevel, 0, w->zmmap_len };

	if (!w->zcs)
		return;
	if (w->zout)
		v[3] = (uint32_t)((double)w->zin / (double)w->zout + 0.5);
	pdata_writer_set_feat_raw(w, PDATA_FEAT_COMPRESSED, v, sizeof(v));
}

int pdata_writer_set_compression(struct pdata_writer *w, int level,
				 uint32_t mmap_len)
{
	size_t r;

	if (level < 1 || level > ZSTD_maxCLevel() || w->zcs)
		return -EINVAL;
	w->zcs = ZSTD_createCStream();
	if (!w->zcs)
		return -ENOMEM;
	r = ZSTD_CCtx_setParameter(w->zcs, ZSTD_c_compressionLevel, level);
	if (ZSTD_isError(r))
		return -EINVAL;
	w->zrec = xmalloc(65536);
	w->zlevel = (uint32_t)level;
	w->zmmap_len = mmap_len;
	compressed_feat(w);	/* a pipe sends it before the ratio is known */
	return 0;
}

int pdata_write_compressed(struct pdata_writer *w, const void *buf,
			   size_t len)
{
	ZSTD_inBuffer in = { buf, len, 0 };
	size_t left;
	int err;

	if (!w->zcs)
		return pdata_write(w, buf, len);
	if (!len)
		return 0;
	do {
		struct perf_event_header h = { PDATA_RECORD_COMPRESSED, 0, 0 };
		ZSTD_outBuffer out = { w->zrec + sizeof(h), ZREC_MAX, 0 };

		left = ZSTD_compressStream2(w->zcs, &out, &in, ZSTD_e_flush);
		if (ZSTD_isError(left))
			return -EINVAL;
		if (!out.pos)
			continue;
		h.size = (uint16_t)(sizeof(h) + out.pos);
		memcpy(w->zrec, &h, sizeof(h));
		if ((err = pdata_write(w, w->zrec, h.size)))
			return err;
		w->zout += h.size;
	} while (left || in.pos < in.size);
	w->zin += len;
	return 0;
}

void pdata_writer_compressed_bytes(const struct pdata_writer *w,
				   uint64_t *in, uint64_t *out)
{
	*in = w->zin;
	*out = w->zout;
}

uint64_t pdata_writer_data_size(const struct pdata_writer *w)
{
	return w->data_bytes;
}

/* ---- finish ---- */

static int file_finish(struct pdata_writer *w)
{
	struct pdata_file_header h;
	struct pdata_file_section secs[PDATA_FEAT_BITS];
	uint64_t feat_off, off, data_size;
	unsigned int nr = 0, i;
	int f, err;

	/* perf takes an empty data section for an interrupted recording */
	if (!w->data_bytes && (err = pdata_write_finished_round(w)))
		return err;
	if ((err = wflush(w)))
		return err;
	w->safe_end = w->pos;
	data_size = w->pos - w->data_off;
	compressed_feat(w);
	if (w->nr_attrs != w->begun_attrs || total_ids(w) != w->begun_ids) {
		/* attrs changed since begin: they go after the features */
		w->begun_attrs = 0;
	} else {
		/* rewrite in place (same size) */
		uint64_t save = w->pos;

		w->pos = w->ids_off;
		err = write_attrs_section(w);
		w->pos = save;
		if (err)
			return err;
	}
	build_event_desc(w);
	feat_off = w->pos;
	for (f = 1; f < PDATA_FEAT_BITS; f++)
		nr += w->has_feat[f];
	off = feat_off + nr * sizeof(struct pdata_file_section);
	w->pos = off;
	for (f = 1, i = 0; f < PDATA_FEAT_BITS; f++) {
		static const char zero[8];
		size_t len;

		if (!w->has_feat[f])
			continue;
		len = w->feat[f].len;
		secs[i].offset = w->pos + w->len;
		secs[i].size = len;
		i++;
		if (wadd(w, w->feat[f].buf, len) ||
		    wadd(w, zero, (8 - len % 8) % 8))
			return w->err;
	}
	if ((err = wflush(w)))
		return err;
	if ((err = pwrite_at(w, secs, nr * sizeof(*secs), feat_off)))
		return err;
	if (!w->begun_attrs && (err = write_attrs_section(w)))
		return err;
	/* an empty data section must still say where the features are */
	file_header(w, &h, data_size, true);
	if ((err = pwrite_at(w, &h, sizeof(h), 0)))
		return err;
	if (ftruncate(w->fd, (off_t)w->pos) < 0)
		return 0;	/* not a regular file: nothing to trim */
	return 0;
}

static int pipe_finish(struct pdata_writer *w)
{
	const struct strbuf *b = &w->feat[PDATA_FEAT_BUILD_ID];
	int f, err;

	for (f = 1; f < PDATA_FEAT_BITS; f++) {
		if (!w->has_feat[f] || w->sent_feat[f] || !pipe_feat_ok(f))
			continue;
		if ((err = pipe_feature(w, f)))
			return err;
	}
	/* build ids as HEADER_BUILD_ID records, already laid out */
	if (b->len > w->build_ids_sent &&
	    (err = wadd(w, b->buf + w->build_ids_sent,
			b->len - w->build_ids_sent)))
		return err;
	w->build_ids_sent = b->len;
	return wflush(w);
}

/*
 * After a write error (a full disk), a header for the whole records that
 * reached the file, without features, and the partial tail cut off: perf
 * reads that as it reads any file, where the placeholder header would say
 * "no data" and a cut record would stop it.
 */
static void salvage(struct pdata_writer *w)
{
	struct pdata_file_header h;
	uint64_t end = w->safe_end;

	if (w->pipe || !w->begun || w->finished || !w->begun_attrs ||
	    w->pos <= w->data_off || w->pos - end > (64u << 20))
		return;
	if (w->pos > end) {
		/* the whole records of a flush cut short */
		size_t n = (size_t)(w->pos - end), off = 0;
		uint8_t *b = xmalloc(n);

		if (pread(w->fd, b, n, (off_t)end) == (ssize_t)n) {
			while (n - off >= sizeof(struct perf_event_header)) {
				struct perf_event_header eh;

				memcpy(&eh, b + off, sizeof(eh));
				if (eh.size < sizeof(eh) || eh.size > n - off)
					break;
				off += eh.size;
			}
			end += off;
		}
		free(b);
	}
	if (end <= w->data_off)
		return;
	file_header(w, &h, end - w->data_off, false);
	if (!pwrite_at(w, &h, sizeof(h), 0) &&
	    ftruncate(w->fd, (off_t)end) < 0)
		pr_debug("cannot trim the file after a write error");
}

int pdata_writer_finish(struct pdata_writer *w)
{
	int err;

	if (w->err) {
		err = w->err;
		salvage(w);
		return err;
	}
	if (w->finished)
		return 0;
	if (!w->begun && (err = pdata_writer_begin(w)))
		return err;
	err = w->pipe ? pipe_finish(w) : file_finish(w);
	if (!err)
		w->finished = true;
	else
		salvage(w);
	return err;
}

/* ---- synthesized records ---- */

static int put_synth(struct pdata_writer *w, uint32_t type, uint16_t misc,
		     const void *body, size_t len, uint32_t pid, uint32_t tid,
		     const struct sample *id)
{
	struct {
		struct perf_event_header h;
		uint8_t b[65536];
	} *rec;
	const struct perf_event_attr *attr =
		w->nr_attrs ? &w->attrs[0].attr : NULL;
	struct sample zero;
	size_t tlen = 0;
	int err;

	if (attr && attr->sample_id_all) {
		if (!id) {
			memset(&zero, 0, sizeof(zero));
			zero.pid = pid;
			zero.tid = tid;
			id = &zero;
		}
		tlen = sample_synth_size(attr, id, true);
	}
	if (sizeof(rec->h) + len + tlen > UINT16_MAX)
		return -E2BIG;
	rec = xmalloc(sizeof(*rec));
	rec->h.type = type;
	rec->h.misc = misc;
	rec->h.size = (uint16_t)(sizeof(rec->h) + len + tlen);
	memcpy(rec->b, body, len);
	if (tlen)
		sample_synth(attr, id, true, rec->b + len, tlen);
	err = pdata_write(w, rec, rec->h.size);
	free(rec);
	return err;
}

/* @s with its NUL, padded with NULs to a multiple of 8 */
static void add_padded_str(struct strbuf *sb, const char *s)
{
	static const char zero[8];
	size_t n = strlen(s) + 1;

	strbuf_add(sb, s, n);
	strbuf_add(sb, zero, (8 - n % 8) % 8);
}

int pdata_write_comm(struct pdata_writer *w, uint32_t pid, uint32_t tid,
		     const char *comm, bool exec, const struct sample *id)
{
	struct strbuf sb = STRBUF_INIT;
	int err;

	enc_u32(&sb, pid);
	enc_u32(&sb, tid);
	add_padded_str(&sb, comm);
	err = put_synth(w, PERF_RECORD_COMM,
			exec ? PERF_RECORD_MISC_COMM_EXEC : 0, sb.buf, sb.len,
			pid, tid, id);
	strbuf_release(&sb);
	return err;
}

int pdata_write_mmap2(struct pdata_writer *w, const struct pdata_mmap *m,
		      const struct sample *id)
{
	struct strbuf sb = STRBUF_INIT;
	uint16_t misc = m->misc;
	int err;

	if (m->build_id_size > 20)
		return -EINVAL;
	enc_u32(&sb, m->pid);
	enc_u32(&sb, m->tid);
	enc_u64(&sb, m->start);
	enc_u64(&sb, m->len);
	enc_u64(&sb, m->pgoff);
	if (m->build_id) {
		uint8_t b[24] = { 0 };

		b[0] = m->build_id_size;
		memcpy(b + 4, m->build_id, m->build_id_size);
		strbuf_add(&sb, b, sizeof(b));
		misc |= PERF_RECORD_MISC_MMAP_BUILD_ID;
	} else {
		enc_u32(&sb, m->maj);
		enc_u32(&sb, m->min);
		enc_u64(&sb, m->ino);
		enc_u64(&sb, m->ino_generation);
	}
	enc_u32(&sb, m->prot);
	enc_u32(&sb, m->flags);
	add_padded_str(&sb, m->filename ? m->filename : "");
	err = put_synth(w, PERF_RECORD_MMAP2, misc, sb.buf, sb.len, m->pid,
			m->tid, id);
	strbuf_release(&sb);
	return err;
}

int pdata_write_mmap(struct pdata_writer *w, const struct pdata_mmap *m,
		     const struct sample *id)
{
	struct strbuf sb = STRBUF_INIT;
	int err;

	enc_u32(&sb, m->pid);
	enc_u32(&sb, m->tid);
	enc_u64(&sb, m->start);
	enc_u64(&sb, m->len);
	enc_u64(&sb, m->pgoff);
	add_padded_str(&sb, m->filename ? m->filename : "");
	err = put_synth(w, PERF_RECORD_MMAP, m->misc, sb.buf, sb.len, m->pid,
			m->tid, id);
	strbuf_release(&sb);
	return err;
}

int pdata_write_kernel_mmap(struct pdata_writer *w, uint64_t text,
			    const struct sample *id)
{
	struct pdata_mmap m = {
		.misc = PERF_RECORD_MISC_KERNEL,
		.pid = (uint32_t)-1,
		.tid = 0,
		.start = text,
		.len = (uint64_t)-1 - text,
		.pgoff = text,
		.filename = "[kernel.kallsyms]_text",
	};

	return pdata_write_mmap(w, &m, id);
}

int pdata_write_fork(struct pdata_writer *w, bool exit, uint32_t pid,
		     uint32_t ppid, uint32_t tid, uint32_t ptid, uint64_t time,
		     const struct sample *id)
{
	struct strbuf sb = STRBUF_INIT;
	int err;

	enc_u32(&sb, pid);
	enc_u32(&sb, ppid);
	enc_u32(&sb, tid);
	enc_u32(&sb, ptid);
	enc_u64(&sb, time);
	err = put_synth(w, exit ? PERF_RECORD_EXIT : PERF_RECORD_FORK, 0,
			sb.buf, sb.len, pid, tid, id);
	strbuf_release(&sb);
	return err;
}

int pdata_write_sample(struct pdata_writer *w, int idx, uint16_t misc,
		       const struct sample *s)
{
	const struct perf_event_attr *attr;
	struct perf_event_header *rec;
	size_t len;
	int err;

	if (idx < 0 || (size_t)idx >= w->nr_attrs)
		return -EINVAL;
	attr = &w->attrs[idx].attr;
	len = sample_synth_size(attr, s, false);
	if (len + sizeof(*rec) > UINT16_MAX)
		return -E2BIG;
	rec = xmalloc(sizeof(*rec) + len);
	rec->type = PERF_RECORD_SAMPLE;
	rec->misc = misc;
	rec->size = (uint16_t)(sizeof(*rec) + len);
	sample_synth(attr, s, false, rec + 1, len);
	err = pdata_write(w, rec, rec->size);
	free(rec);
	return err;
}

static int header_only(struct pdata_writer *w, uint32_t type)
{
	struct perf_event_header h = { type, 0, sizeof(h) };

	return pdata_write(w, &h, sizeof(h));
}

int pdata_writer_flush(struct pdata_writer *w)
{
	int err;

	if (!w->begun || w->finished)
		return w->err;
	err = wflush(w);
	if (!err)
		w->safe_end = w->pos;	/* callers write whole records */
	return err;
}

int pdata_write_finished_round(struct pdata_writer *w)
{
	return header_only(w, PDATA_RECORD_FINISHED_ROUND);
}

int pdata_write_finished_init(struct pdata_writer *w)
{
	return header_only(w, PDATA_RECORD_FINISHED_INIT);
}
