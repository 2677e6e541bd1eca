// SPDX-License-Identifier: GPL-2.0
/*
 * The perf.data reader in pipe mode: the stream is read through a buffer,
 * the header records at its start (attrs, features, tracing data, build
 * ids) are applied at open and kept for the first pass, and perf's own
 * records met later are applied as they come.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/msg.h"
#include "ptool/strbuf.h"
#include "pdata-priv.h"

#define PDATA_PIPE_BUF	(1u << 20)

/* make @need bytes available at p->pbuf + p->pbuf_head; 0, 1 at EOF, -errno */
static int pipe_fill(struct pdata *p, size_t need)
{
	if (p->pbuf_tail - p->pbuf_head >= need)
		return 0;
	if (p->pbuf_head) {
		memmove(p->pbuf, p->pbuf + p->pbuf_head,
			p->pbuf_tail - p->pbuf_head);
		p->pbuf_tail -= p->pbuf_head;
		p->pbuf_head = 0;
	}
	if (need > p->pbuf_size) {
		p->pbuf_size = need;
		p->pbuf = xrealloc(p->pbuf, p->pbuf_size);
	}
	while (p->pbuf_tail < need) {
		ssize_t n = read(p->fd, p->pbuf + p->pbuf_tail,
				 p->pbuf_size - p->pbuf_tail);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return pdata_err(p, -errno, "read error at offset 0x%llx",
					 (unsigned long long)(p->pipe_pos +
							      p->pbuf_tail));
		}
		if (n == 0) {
			p->pipe_eof = true;
			return 1;
		}
		p->pbuf_tail += (size_t)n;
	}
	return 0;
}

/* consume @len bytes of payload following a record, into @dst if not NULL */
static int pipe_payload(struct pdata *p, void *dst, uint64_t len)
{
	while (len) {
		size_t have = p->pbuf_tail - p->pbuf_head, take;
		int r;

		if (!have) {
			r = pipe_fill(p, len < p->pbuf_size ? len : p->pbuf_size);
			if (r == 1 && p->pbuf_tail == p->pbuf_head)
				return pdata_err(p, -EINVAL,
						 "payload at offset 0x%llx runs past the end of the data",
						 (unsigned long long)p->pipe_pos);
			if (r < 0)
				return r;
			continue;
		}
		take = have < len ? have : (size_t)len;
		if (dst) {
			memcpy(dst, p->pbuf + p->pbuf_head, take);
			dst = (char *)dst + take;
		}
		p->pbuf_head += take;
		p->pipe_pos += take;
		len -= take;
	}
	return 0;
}

/*
 * The next record of a pipe: 0 with *rec set (valid until the next call),
 * 1 at the end, -errno.
 */
static int pipe_next(struct pdata *p, const struct perf_event_header **rec,
		     uint64_t *off)
{
	struct perf_event_header h;
	int r;

	r = pipe_fill(p, sizeof(h));
	if (r == 1) {
		if (p->pbuf_tail != p->pbuf_head)
			return pdata_err(p, -EINVAL,
					 "record at offset 0x%llx is cut short by the end of the data",
					 (unsigned long long)p->pipe_pos);
		return 1;
	}
	if (r < 0)
		return r;
	memcpy(&h, p->pbuf + p->pbuf_head, sizeof(h));
	if (h.size < sizeof(h))
		return pdata_err(p, -EINVAL, "record at offset 0x%llx has size %u",
				 (unsigned long long)p->pipe_pos, h.size);
	r = pipe_fill(p, h.size);
	if (r == 1)
		return pdata_err(p, -EINVAL,
				 "record at offset 0x%llx (size %u) is cut short by the end of the data",
				 (unsigned long long)p->pipe_pos, h.size);
	if (r < 0)
		return r;
	/* pbuf is malloc'd and records start at multiples of 8 bytes only if
	 * sizes are: the caller copies a misaligned record */
	*rec = (const struct perf_event_header *)(p->pbuf + p->pbuf_head);
	*off = p->pipe_pos;
	p->pbuf_head += h.size;
	p->pipe_pos += h.size;
	return 0;
}

/* ---- perf's own records ---- */

static int apply_attr_rec(struct pdata *p, const struct perf_event_header *rec,
			  uint64_t off)
{
	size_t body = rec->size - sizeof(*rec);
	const uint8_t *b = (const uint8_t *)(rec + 1);
	struct perf_event_attr attr;
	uint32_t asz;
	uint64_t *ids;
	size_t nr;
	int err;

	if (body < PERF_ATTR_SIZE_VER0)
		return pdata_err(p, -EINVAL,
				 "attr record at offset 0x%llx is too short",
				 (unsigned long long)off);
	memcpy(&asz, b + offsetof(struct perf_event_attr, size), 4);
	if (asz == 0)
		asz = PERF_ATTR_SIZE_VER0;
	if (asz > body || asz % 8 || asz < PERF_ATTR_SIZE_VER0)
		return pdata_err(p, -EINVAL,
				 "attr record at offset 0x%llx has attr size %u",
				 (unsigned long long)off, asz);
	memset(&attr, 0, sizeof(attr));
	memcpy(&attr, b, asz < sizeof(attr) ? asz : sizeof(attr));
	nr = (body - asz) / 8;
	ids = xmalloc((nr ? nr : 1) * 8);
	memcpy(ids, b + asz, nr * 8);
	err = pdata_add_attr(p, &attr, asz, ids, nr);
	free(ids);
	return err;
}

static int apply_feature_rec(struct pdata *p,
			     const struct perf_event_header *rec, uint64_t off)
{
	size_t body = rec->size - sizeof(*rec);
	const uint8_t *b = (const uint8_t *)(rec + 1);
	uint64_t feat;

	if (body < 8)
		return pdata_err(p, -EINVAL,
				 "feature record at offset 0x%llx is too short",
				 (unsigned long long)off);
	memcpy(&feat, b, 8);
	if (feat >= PDATA_FEAT_BITS)
		return 0;
	p->feat_bits[feat / 64] |= 1ULL << (feat % 64);
	free(p->feat_pipe[feat]);
	p->feat_pipe[feat] = xmalloc(body - 8 ? body - 8 : 1);
	memcpy(p->feat_pipe[feat], b + 8, body - 8);
	p->feat_pipe_size[feat] = body - 8;
	if (feat != PDATA_FEAT_TRACING_DATA && pdata_feat_name((int)feat) &&
	    pdata_parse_feat(p, (int)feat, b + 8, body - 8) < 0)
		pr_debug("%s: feature record %s at offset 0x%llx is malformed, ignored",
			 p->name, pdata_feat_name((int)feat),
			 (unsigned long long)off);
	return 0;
}

static int apply_event_update(struct pdata *p,
			      const struct perf_event_header *rec)
{
	size_t body = rec->size - sizeof(*rec);
	const uint8_t *b = (const uint8_t *)(rec + 1);
	uint64_t type, id;

	if (body < 16)
		return 0;
	memcpy(&type, b, 8);
	memcpy(&id, b + 8, 8);
	if (type == PDATA_EVENT_UPDATE_NAME && body > 16)
		pdata_set_name_by_id(p, id, (const char *)b + 16, body - 16);
	return 0;
}

/* records that change what the reader knows (pipe mode's header records) */
static int apply_user_record(struct pdata *p,
			     const struct perf_event_header *rec, uint64_t off)
{
	switch (rec->type) {
	case PDATA_RECORD_HEADER_ATTR:
		return apply_attr_rec(p, rec, off);
	case PDATA_RECORD_HEADER_FEATURE:
		return apply_feature_rec(p, rec, off);
	case PDATA_RECORD_EVENT_UPDATE:
		return apply_event_update(p, rec);
	case PDATA_RECORD_HEADER_BUILD_ID:
		if (pdata_add_build_id_rec(p, (const uint8_t *)rec, rec->size) < 0)
			pr_debug("%s: bad build id record at offset 0x%llx",
				 p->name, (unsigned long long)off);
		return 0;
	case PDATA_RECORD_HEADER_TRACING_DATA: {
		uint32_t sz;
		uint64_t padded;

		if (rec->size < sizeof(*rec) + 4)
			return pdata_err(p, -EINVAL,
					 "tracing data record at offset 0x%llx is too short",
					 (unsigned long long)off);
		memcpy(&sz, rec + 1, 4);
		padded = ((uint64_t)sz + 7) / 8 * 8;
		if (p->pipe) {
			void *blob;
			int err;

			if (padded > PDATA_MAX_BLOB)
				return pdata_err(p, -EFBIG,
						 "tracing data at offset 0x%llx is too large",
						 (unsigned long long)off);
			blob = xmalloc(padded ? padded : 1);
			err = pipe_payload(p, blob, padded);
			if (err) {
				free(blob);
				return err;
			}
			free(p->tracing);
			p->tracing = blob;
			p->tracing_size = sz;
			p->tracing_loaded = true;
			p->feat_bits[0] |= 1ULL << PDATA_FEAT_TRACING_DATA;
		}
		return 0;
	}
	}
	return 0;
}

/* ---- open and iterate ---- */

static bool is_prologue(uint32_t type)
{
	switch (type) {
	case PDATA_RECORD_HEADER_ATTR:
	case PDATA_RECORD_HEADER_EVENT_TYPE:
	case PDATA_RECORD_HEADER_TRACING_DATA:
	case PDATA_RECORD_HEADER_BUILD_ID:
	case PDATA_RECORD_HEADER_FEATURE:
	case PDATA_RECORD_EVENT_UPDATE:
	case PDATA_RECORD_ID_INDEX:
	case PDATA_RECORD_TIME_CONV:
	case PDATA_RECORD_THREAD_MAP:
	case PDATA_RECORD_CPU_MAP:
		return true;
	}
	return false;
}

int pdata_open_pipe(struct pdata *p)
{
	p->pbuf_size = PDATA_PIPE_BUF;
	p->pbuf = xmalloc(p->pbuf_size);
	p->pipe_pos = sizeof(struct pdata_pipe_header);
	strbuf_init(&p->prologue, 0);
	for (;;) {
		const struct perf_event_header *rec;
		uint64_t off;
		int r;

		r = pipe_fill(p, sizeof(*rec));
		if (r == 1)
			break;
		if (r < 0)
			return r;
		{
			struct perf_event_header h;

			memcpy(&h, p->pbuf + p->pbuf_head, sizeof(h));
			if (!is_prologue(h.type))
				break;
		}
		r = pipe_next(p, &rec, &off);
		if (r == 1)
			break;
		if (r < 0)
			return r;
		rec = pdata_aligned(p, rec);
		strbuf_add(&p->prologue, rec, rec->size);
		ALLOC_GROW(p->prologue_offs, p->prologue_nr + 1,
			   p->prologue_alloc);
		p->prologue_offs[p->prologue_nr++] = off;
		r = apply_user_record(p, rec, off);
		if (r < 0)
			return r;
		p->applied_upto = off + 1;
	}
	p->prologue_end = p->pipe_pos;
	return 0;
}

int pdata_iterate_pipe(struct pdata_iter *it)
{
	struct pdata *p = it->p;
	size_t pos = 0, i = 0;
	int ret = 0;

	if (p->prologue_done) {
		/* a second pass: only a regular file can be read again */
		if (lseek(p->fd, (off_t)p->pipe_start, SEEK_SET) == (off_t)-1 ||
		    !p->pipe_start_ok)
			return pdata_err(p, -ESPIPE,
					 "a pipe can be read only once");
		p->pbuf_head = p->pbuf_tail = 0;
		p->pipe_pos = p->pipe_start;
		p->pipe_eof = false;
		/* the prologue was read already: skip it in the stream */
		ret = pipe_payload(p, NULL, p->prologue_end - p->pipe_start);
		if (ret)
			return ret;
	}
	p->prologue_done = true;
	pdata_zstream_reset(p);
	/* the records pdata_open() consumed, in stream order */
	while (pos + sizeof(struct perf_event_header) <= p->prologue.len) {
		const struct perf_event_header *rec =
			pdata_aligned(p, p->prologue.buf + pos);
		size_t size = rec->size;

		ret = pdata_process(it, rec, i < p->prologue_nr ?
					       p->prologue_offs[i] : 0);
		i++;
		if (ret)
			return ret;
		pos += size;
	}
	for (;;) {
		const struct perf_event_header *rec;
		uint64_t off;

		ret = pipe_next(p, &rec, &off);
		if (ret == 1)
			return pdata_zstream_end(p, false);
		if (ret < 0)
			return ret;
		rec = pdata_aligned(p, rec);
		if (pdata_payload_size(rec) && rec != (const void *)p->scratch) {
			/* reading the payload moves the buffer: copy first */
			if (!p->scratch)
				p->scratch = xmalloc(65536);
			memcpy(p->scratch, rec, rec->size);
			rec = (const struct perf_event_header *)p->scratch;
		}
		if (is_prologue(rec->type) && off >= p->applied_upto) {
			ret = apply_user_record(p, rec, off);
			if (ret)
				return ret;
		} else if (pdata_payload_size(rec)) {
			ret = pipe_payload(p, NULL, pdata_payload_size(rec));
			if (ret)
				return ret;
		}
		if (off >= p->applied_upto)
			p->applied_upto = off + 1;
		ret = pdata_process(it, rec, off);
		if (ret)
			return ret;
	}
}
