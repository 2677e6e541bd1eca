// SPDX-License-Identifier: GPL-2.0
/*
 * Sample decoding and layout. The order of the fields is the kernel's
 * (include/uapi/linux/perf_event.h, PERF_RECORD_SAMPLE and the sample_id
 * block of the other records). Every read goes through a cursor that knows
 * the end of the record.
 */
#include "ptool/sample.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

struct cur {
	const uint8_t *p;
	const uint8_t *end;
};

static inline size_t left(const struct cur *c)
{
	return (size_t)(c->end - c->p);
}

static inline int get_u64(struct cur *c, uint64_t *v)
{
	if (left(c) < 8)
		return -EINVAL;
	memcpy(v, c->p, 8);
	c->p += 8;
	return 0;
}

static inline int get_u32x2(struct cur *c, uint32_t *a, uint32_t *b)
{
	if (left(c) < 8)
		return -EINVAL;
	memcpy(a, c->p, 4);
	memcpy(b, c->p + 4, 4);
	c->p += 8;
	return 0;
}

/* @n items of @size bytes at the cursor; guards the multiplication */
static inline int get_array(struct cur *c, uint64_t n, size_t size,
			    const void **ptr)
{
	if (n > left(c) / size)
		return -EINVAL;
	*ptr = c->p;
	c->p += n * size;
	return 0;
}

static unsigned int read_stride(uint64_t read_format)
{
	return 1 + !!(read_format & PERF_FORMAT_ID) +
	       !!(read_format & PERF_FORMAT_LOST);
}

static int parse_read(struct cur *c, const struct perf_event_attr *attr,
		      struct sample_read *r)
{
	uint64_t rf = attr->read_format;
	int err;

	r->stride = read_stride(rf);
	if (rf & PERF_FORMAT_GROUP) {
		const void *v;

		if ((err = get_u64(c, &r->nr)))
			return err;
		if ((rf & PERF_FORMAT_TOTAL_TIME_ENABLED) &&
		    (err = get_u64(c, &r->time_enabled)))
			return err;
		if ((rf & PERF_FORMAT_TOTAL_TIME_RUNNING) &&
		    (err = get_u64(c, &r->time_running)))
			return err;
		if ((err = get_array(c, r->nr, r->stride * 8, &v)))
			return err;
		r->values = v;
		return 0;
	}
	r->nr = 1;
	if ((err = get_u64(c, &r->one.value)))
		return err;
	if ((rf & PERF_FORMAT_TOTAL_TIME_ENABLED) &&
	    (err = get_u64(c, &r->time_enabled)))
		return err;
	if ((rf & PERF_FORMAT_TOTAL_TIME_RUNNING) &&
	    (err = get_u64(c, &r->time_running)))
		return err;
	if ((rf & PERF_FORMAT_ID) && (err = get_u64(c, &r->one.id)))
		return err;
	if ((rf & PERF_FORMAT_LOST) && (err = get_u64(c, &r->one.lost)))
		return err;
	return 0;
}

struct sample_read_value sample_read_value(const struct sample_read *r,
					   const struct perf_event_attr *attr,
					   uint64_t i)
{
	struct sample_read_value v = { 0, 0, 0 };
	const uint64_t *e;

	if (!(attr->read_format & PERF_FORMAT_GROUP))
		return i == 0 ? r->one : v;
	if (!r->values || i >= r->nr)
		return v;
	e = r->values + i * r->stride;
	memcpy(&v.value, e, 8);
	e++;
	if (attr->read_format & PERF_FORMAT_ID)
		memcpy(&v.id, e++, 8);
	if (attr->read_format & PERF_FORMAT_LOST)
		memcpy(&v.lost, e, 8);
	return v;
}

static int parse_regs(struct cur *c, uint64_t mask, struct sample_regs *r)
{
	const void *v;
	int err;

	if ((err = get_u64(c, &r->abi)))
		return err;
	r->mask = mask;
	if (r->abi == PERF_SAMPLE_REGS_ABI_NONE)
		return 0;
	r->nr = (unsigned int)__builtin_popcountll(mask);
	if ((err = get_array(c, r->nr, 8, &v)))
		return err;
	r->regs = v;
	return 0;
}

static void sample_init(struct sample *s, const struct perf_event_attr *attr,
			const struct perf_event_header *rec)
{
	memset(s, 0, sizeof(*s));
	s->rec_type = rec->type;
	s->misc = rec->misc;
	s->time = (uint64_t)-1;
	s->cpu = (uint32_t)-1;
	s->period = (!attr->freq && attr->sample_period) ? attr->sample_period
							 : 1;
	s->branch.hw_idx = (uint64_t)-1;
}

size_t sample_id_size(uint64_t t)
{
	size_t n = 0;

	n += !!(t & PERF_SAMPLE_TID);
	n += !!(t & PERF_SAMPLE_TIME);
	n += !!(t & PERF_SAMPLE_ID);
	n += !!(t & PERF_SAMPLE_STREAM_ID);
	n += !!(t & PERF_SAMPLE_CPU);
	n += !!(t & PERF_SAMPLE_IDENTIFIER);
	return n * 8;
}

static int parse_trailer(const struct perf_event_attr *attr,
			 const struct perf_event_header *rec, struct sample *s)
{
	uint64_t t = attr->sample_type;
	size_t sz = sample_id_size(t);
	struct cur c;
	int err = 0;

	if (rec->size < sizeof(*rec) + sz)
		return -EINVAL;
	c.end = (const uint8_t *)rec + rec->size;
	c.p = c.end - sz;
	s->type = t & SAMPLE_ID_TYPES;
	if (t & PERF_SAMPLE_TID)
		err |= get_u32x2(&c, &s->pid, &s->tid);
	if (t & PERF_SAMPLE_TIME)
		err |= get_u64(&c, &s->time);
	if (t & PERF_SAMPLE_ID)
		err |= get_u64(&c, &s->id);
	if (t & PERF_SAMPLE_STREAM_ID)
		err |= get_u64(&c, &s->stream_id);
	if (t & PERF_SAMPLE_CPU)
		err |= get_u32x2(&c, &s->cpu, &s->cpu_res);
	if (t & PERF_SAMPLE_IDENTIFIER) {
		err |= get_u64(&c, &s->identifier);
		s->id = s->identifier;
	}
	return err ? -EINVAL : 0;
}

static int parse_body(const struct perf_event_attr *attr,
		      const struct perf_event_header *rec, struct sample *s)
{
	uint64_t t = attr->sample_type;
	struct cur c = {
		(const uint8_t *)(rec + 1),
		(const uint8_t *)rec + rec->size,
	};
	const void *v;
	int err;

	s->type = t;
#define U64(field) do {					\
		if ((err = get_u64(&c, &(field))))	\
			return err;			\
	} while (0)
	if (t & PERF_SAMPLE_IDENTIFIER) {
		U64(s->identifier);
		s->id = s->identifier;
	}
	if (t & PERF_SAMPLE_IP)
		U64(s->ip);
	if ((t & PERF_SAMPLE_TID) && (err = get_u32x2(&c, &s->pid, &s->tid)))
		return err;
	if (t & PERF_SAMPLE_TIME)
		U64(s->time);
	if (t & PERF_SAMPLE_ADDR)
		U64(s->addr);
	if (t & PERF_SAMPLE_ID)
		U64(s->id);
	if (t & PERF_SAMPLE_STREAM_ID)
		U64(s->stream_id);
	if ((t & PERF_SAMPLE_CPU) && (err = get_u32x2(&c, &s->cpu, &s->cpu_res)))
		return err;
	if (t & PERF_SAMPLE_PERIOD)
		U64(s->period);
	if ((t & PERF_SAMPLE_READ) && (err = parse_read(&c, attr, &s->read)))
		return err;
	if (t & PERF_SAMPLE_CALLCHAIN) {
		U64(s->callchain_nr);
		if ((err = get_array(&c, s->callchain_nr, 8, &v)))
			return err;
		s->callchain = v;
	}
	if (t & PERF_SAMPLE_RAW) {
		uint32_t sz;

		if (left(&c) < 4)
			return -EINVAL;
		memcpy(&sz, c.p, 4);
		c.p += 4;
		/* the kernel pads u32 size + data to a multiple of 8 */
		if (sz > left(&c) || (sz + 4) % 8)
			return -EINVAL;
		s->raw_size = sz;
		s->raw = c.p;
		c.p += sz;
	}
	if (t & PERF_SAMPLE_BRANCH_STACK) {
		uint64_t bst = attr->branch_sample_type;

		U64(s->branch.nr);
		if (bst & PERF_SAMPLE_BRANCH_HW_INDEX)
			U64(s->branch.hw_idx);
		if ((err = get_array(&c, s->branch.nr,
				     sizeof(struct perf_branch_entry), &v)))
			return err;
		s->branch.entries = v;
		if (bst & PERF_SAMPLE_BRANCH_COUNTERS) {
			if ((err = get_array(&c, s->branch.nr, 8, &v)))
				return err;
			s->branch.counters = v;
		}
	}
	if ((t & PERF_SAMPLE_REGS_USER) &&
	    (err = parse_regs(&c, attr->sample_regs_user, &s->regs_user)))
		return err;
	if (t & PERF_SAMPLE_STACK_USER) {
		U64(s->stack_size);
		if ((err = get_array(&c, s->stack_size, 1, &v)))
			return err;
		s->stack = v;
		if (s->stack_size) {
			U64(s->stack_dyn_size);
			if (s->stack_dyn_size > s->stack_size)
				return -EINVAL;
		}
	}
	if (t & PERF_SAMPLE_WEIGHT_TYPE) {
		uint64_t w;

		U64(w);
		if (t & PERF_SAMPLE_WEIGHT_STRUCT) {
			s->weight = (uint32_t)w;
			s->weight_var2 = (uint16_t)(w >> 32);
			s->weight_var3 = (uint16_t)(w >> 48);
		} else {
			s->weight = w;
		}
	}
	if (t & PERF_SAMPLE_DATA_SRC)
		U64(s->data_src);
	if (t & PERF_SAMPLE_TRANSACTION)
		U64(s->transaction);
	if ((t & PERF_SAMPLE_REGS_INTR) &&
	    (err = parse_regs(&c, attr->sample_regs_intr, &s->regs_intr)))
		return err;
	if (t & PERF_SAMPLE_PHYS_ADDR)
		U64(s->phys_addr);
	if (t & PERF_SAMPLE_CGROUP)
		U64(s->cgroup);
	if (t & PERF_SAMPLE_DATA_PAGE_SIZE)
		U64(s->data_page_size);
	if (t & PERF_SAMPLE_CODE_PAGE_SIZE)
		U64(s->code_page_size);
	if (t & PERF_SAMPLE_AUX) {
		U64(s->aux_size);
		if ((err = get_array(&c, s->aux_size, 1, &v)))
			return err;
		s->aux = v;
	}
#undef U64
	return 0;
}

int sample_parse(const struct perf_event_attr *attr,
		 const struct perf_event_header *rec, struct sample *out)
{
	if (rec->size < sizeof(*rec))
		return -EINVAL;
	sample_init(out, attr, rec);
	if (rec->type == PERF_RECORD_SAMPLE)
		return parse_body(attr, rec, out);
	if (rec->type >= 64 || !attr->sample_id_all)
		return 0;
	return parse_trailer(attr, rec, out);
}

int sample_id_pos(uint64_t t)
{
	if (t & PERF_SAMPLE_IDENTIFIER)
		return 0;
	if (!(t & PERF_SAMPLE_ID))
		return -1;
	return !!(t & PERF_SAMPLE_IP) + !!(t & PERF_SAMPLE_TID) +
	       !!(t & PERF_SAMPLE_TIME) + !!(t & PERF_SAMPLE_ADDR);
}

int sample_id_is_pos(uint64_t t)
{
	if (t & PERF_SAMPLE_IDENTIFIER)
		return 1;
	if (!(t & PERF_SAMPLE_ID))
		return -1;
	return 1 + !!(t & PERF_SAMPLE_CPU) + !!(t & PERF_SAMPLE_STREAM_ID);
}

/* the u64 at word @pos after the header, or @pos words back from the end */
static int word_at(const struct perf_event_header *rec, int pos, bool back,
		   uint64_t *v)
{
	size_t words = (rec->size - sizeof(*rec)) / 8;
	const uint8_t *p;

	if (rec->size < sizeof(*rec) || (size_t)pos >= words + back)
		return -EINVAL;
	if (back)
		p = (const uint8_t *)rec + rec->size - (size_t)pos * 8;
	else
		p = (const uint8_t *)(rec + 1) + (size_t)pos * 8;
	memcpy(v, p, 8);
	return 0;
}

int sample_record_id(uint64_t t, bool sample_id_all,
		     const struct perf_event_header *rec, uint64_t *id)
{
	int pos;

	if (rec->type == PERF_RECORD_SAMPLE) {
		pos = sample_id_pos(t);
		if (pos < 0)
			return -ENOENT;
		return word_at(rec, pos, false, id);
	}
	if (rec->type >= 64 || !sample_id_all)
		return -ENOENT;
	pos = sample_id_is_pos(t);
	if (pos < 0)
		return -ENOENT;
	if (rec->size < sizeof(*rec) + sample_id_size(t))
		return -EINVAL;
	return word_at(rec, pos, true, id);
}

uint64_t sample_record_time(uint64_t t, bool sample_id_all,
			    const struct perf_event_header *rec)
{
	uint64_t v;
	int pos;

	if (!(t & PERF_SAMPLE_TIME))
		return (uint64_t)-1;
	if (rec->type == PERF_RECORD_SAMPLE) {
		pos = !!(t & PERF_SAMPLE_IDENTIFIER) + !!(t & PERF_SAMPLE_IP) +
		      !!(t & PERF_SAMPLE_TID);
		return word_at(rec, pos, false, &v) ? (uint64_t)-1 : v;
	}
	if (rec->type >= 64 || !sample_id_all)
		return (uint64_t)-1;
	if (rec->size < sizeof(*rec) + sample_id_size(t))
		return (uint64_t)-1;
	pos = 1 + !!(t & PERF_SAMPLE_ID) + !!(t & PERF_SAMPLE_STREAM_ID) +
	      !!(t & PERF_SAMPLE_CPU) + !!(t & PERF_SAMPLE_IDENTIFIER);
	return word_at(rec, pos, true, &v) ? (uint64_t)-1 : v;
}

/* ---- layout ---- */

struct out {
	uint8_t *p;
	uint8_t *end;	/* NULL: only count */
	size_t n;
	int err;
};

static void put(struct out *o, const void *src, size_t len)
{
	if (o->end) {
		if ((size_t)(o->end - o->p) < len) {
			o->err = -ENOSPC;
			o->end = o->p;	/* write nothing more */
			o->n += len;
			return;
		}
		if (src && len)
			memcpy(o->p, src, len);
		else if (len)
			memset(o->p, 0, len);
		o->p += len;
	}
	o->n += len;
}

static void put_u64(struct out *o, uint64_t v)
{
	put(o, &v, 8);
}

static void put_u32x2(struct out *o, uint32_t a, uint32_t b)
{
	uint32_t v[2] = { a, b };

	put(o, v, 8);
}

static void pad8(struct out *o)
{
	size_t pad = (8 - o->n % 8) % 8;

	put(o, NULL, pad);
}

static void synth_regs(struct out *o, const struct sample_regs *r,
		       uint64_t mask)
{
	unsigned int nr = (unsigned int)__builtin_popcountll(mask);

	put_u64(o, r->abi);
	if (r->abi == PERF_SAMPLE_REGS_ABI_NONE)
		return;
	if (r->regs && r->nr >= nr)
		put(o, r->regs, (size_t)nr * 8);
	else
		put(o, NULL, (size_t)nr * 8);
}

static void synth(const struct perf_event_attr *attr, const struct sample *s,
		  bool trailer, struct out *o)
{
	uint64_t t = attr->sample_type;
	uint64_t rf = attr->read_format;

	if (trailer) {
		if (t & PERF_SAMPLE_TID)
			put_u32x2(o, s->pid, s->tid);
		if (t & PERF_SAMPLE_TIME)
			put_u64(o, s->time);
		if (t & PERF_SAMPLE_ID)
			put_u64(o, s->id);
		if (t & PERF_SAMPLE_STREAM_ID)
			put_u64(o, s->stream_id);
		if (t & PERF_SAMPLE_CPU)
			put_u32x2(o, s->cpu, s->cpu_res);
		if (t & PERF_SAMPLE_IDENTIFIER)
			put_u64(o, s->id);
		return;
	}
	if (t & PERF_SAMPLE_IDENTIFIER)
		put_u64(o, s->id);
	if (t & PERF_SAMPLE_IP)
		put_u64(o, s->ip);
	if (t & PERF_SAMPLE_TID)
		put_u32x2(o, s->pid, s->tid);
	if (t & PERF_SAMPLE_TIME)
		put_u64(o, s->time);
	if (t & PERF_SAMPLE_ADDR)
		put_u64(o, s->addr);
	if (t & PERF_SAMPLE_ID)
		put_u64(o, s->id);
	if (t & PERF_SAMPLE_STREAM_ID)
		put_u64(o, s->stream_id);
	if (t & PERF_SAMPLE_CPU)
		put_u32x2(o, s->cpu, s->cpu_res);
	if (t & PERF_SAMPLE_PERIOD)
		put_u64(o, s->period);
	if (t & PERF_SAMPLE_READ) {
		const struct sample_read *r = &s->read;

		if (rf & PERF_FORMAT_GROUP) {
			size_t words = (size_t)r->nr * read_stride(rf);

			put_u64(o, r->nr);
			if (rf & PERF_FORMAT_TOTAL_TIME_ENABLED)
				put_u64(o, r->time_enabled);
			if (rf & PERF_FORMAT_TOTAL_TIME_RUNNING)
				put_u64(o, r->time_running);
			put(o, r->values, words * 8);
		} else {
			put_u64(o, r->one.value);
			if (rf & PERF_FORMAT_TOTAL_TIME_ENABLED)
				put_u64(o, r->time_enabled);
			if (rf & PERF_FORMAT_TOTAL_TIME_RUNNING)
				put_u64(o, r->time_running);
			if (rf & PERF_FORMAT_ID)
				put_u64(o, r->one.id);
			if (rf & PERF_FORMAT_LOST)
				put_u64(o, r->one.lost);
		}
	}
	if (t & PERF_SAMPLE_CALLCHAIN) {
		put_u64(o, s->callchain_nr);
		put(o, s->callchain, s->callchain_nr * 8);
	}
	if (t & PERF_SAMPLE_RAW) {
		uint32_t sz = (uint32_t)(((uint64_t)s->raw_size + 4 + 7) / 8 *
					 8 - 4);

		put(o, &sz, 4);
		put(o, s->raw, s->raw_size);
		put(o, NULL, sz - s->raw_size);
	}
	if (t & PERF_SAMPLE_BRANCH_STACK) {
		uint64_t bst = attr->branch_sample_type;

		put_u64(o, s->branch.nr);
		if (bst & PERF_SAMPLE_BRANCH_HW_INDEX)
			put_u64(o, s->branch.hw_idx);
		put(o, s->branch.entries,
		    s->branch.nr * sizeof(struct perf_branch_entry));
		if (bst & PERF_SAMPLE_BRANCH_COUNTERS)
			put(o, s->branch.counters, s->branch.nr * 8);
	}
	if (t & PERF_SAMPLE_REGS_USER)
		synth_regs(o, &s->regs_user, attr->sample_regs_user);
	if (t & PERF_SAMPLE_STACK_USER) {
		uint64_t sz = (s->stack_size + 7) / 8 * 8;

		put_u64(o, sz);
		put(o, s->stack, s->stack_size);
		put(o, NULL, sz - s->stack_size);
		if (sz)
			put_u64(o, s->stack_dyn_size);
	}
	if (t & PERF_SAMPLE_WEIGHT_TYPE) {
		uint64_t w = s->weight;

		if (t & PERF_SAMPLE_WEIGHT_STRUCT)
			w = (uint32_t)s->weight |
			    (uint64_t)s->weight_var2 << 32 |
			    (uint64_t)s->weight_var3 << 48;
		put_u64(o, w);
	}
	if (t & PERF_SAMPLE_DATA_SRC)
		put_u64(o, s->data_src);
	if (t & PERF_SAMPLE_TRANSACTION)
		put_u64(o, s->transaction);
	if (t & PERF_SAMPLE_REGS_INTR)
		synth_regs(o, &s->regs_intr, attr->sample_regs_intr);
	if (t & PERF_SAMPLE_PHYS_ADDR)
		put_u64(o, s->phys_addr);
	if (t & PERF_SAMPLE_CGROUP)
		put_u64(o, s->cgroup);
	if (t & PERF_SAMPLE_DATA_PAGE_SIZE)
		put_u64(o, s->data_page_size);
	if (t & PERF_SAMPLE_CODE_PAGE_SIZE)
		put_u64(o, s->code_page_size);
	if (t & PERF_SAMPLE_AUX) {
		uint64_t sz = (s->aux_size + 7) / 8 * 8;

		put_u64(o, sz);
		put(o, s->aux, s->aux_size);
		put(o, NULL, sz - s->aux_size);
	}
	pad8(o);
}

size_t sample_synth_size(const struct perf_event_attr *attr,
			 const struct sample *s, bool trailer)
{
	struct out o = { NULL, NULL, 0, 0 };

	synth(attr, s, trailer, &o);
	return o.n;
}

long sample_synth(const struct perf_event_attr *attr, const struct sample *s,
		  bool trailer, void *buf, size_t size)
{
	struct out o = { buf, (uint8_t *)buf + size, 0, 0 };

	synth(attr, s, trailer, &o);
	return o.err ? o.err : (long)o.n;
}

static const char *const record_names[] = {
	[0] = "TOTAL",
	[PERF_RECORD_MMAP] = "MMAP",
	[PERF_RECORD_LOST] = "LOST",
	[PERF_RECORD_COMM] = "COMM",
	[PERF_RECORD_EXIT] = "EXIT",
	[PERF_RECORD_THROTTLE] = "THROTTLE",
	[PERF_RECORD_UNTHROTTLE] = "UNTHROTTLE",
	[PERF_RECORD_FORK] = "FORK",
	[PERF_RECORD_READ] = "READ",
	[PERF_RECORD_SAMPLE] = "SAMPLE",
	[PERF_RECORD_MMAP2] = "MMAP2",
	[PERF_RECORD_AUX] = "AUX",
	[PERF_RECORD_ITRACE_START] = "ITRACE_START",
	[PERF_RECORD_LOST_SAMPLES] = "LOST_SAMPLES",
	[PERF_RECORD_SWITCH] = "SWITCH",
	[PERF_RECORD_SWITCH_CPU_WIDE] = "SWITCH_CPU_WIDE",
	[PERF_RECORD_NAMESPACES] = "NAMESPACES",
	[PERF_RECORD_KSYMBOL] = "KSYMBOL",
	[PERF_RECORD_BPF_EVENT] = "BPF_EVENT",
	[PERF_RECORD_CGROUP] = "CGROUP",
	[PERF_RECORD_TEXT_POKE] = "TEXT_POKE",
	[PERF_RECORD_AUX_OUTPUT_HW_ID] = "AUX_OUTPUT_HW_ID",
};

const char *sample_record_name(uint32_t type)
{
	if (type == 0 || type >= sizeof(record_names) / sizeof(record_names[0]))
		return NULL;
	return record_names[type];
}

/* ---- names of attr bits ---- */

struct bitname {
	uint64_t bit;
	const char *name;
};

static const struct bitname sample_bits[] = {
	{ PERF_SAMPLE_IP, "IP" }, { PERF_SAMPLE_TID, "TID" },
	{ PERF_SAMPLE_TIME, "TIME" }, { PERF_SAMPLE_ADDR, "ADDR" },
	{ PERF_SAMPLE_READ, "READ" }, { PERF_SAMPLE_CALLCHAIN, "CALLCHAIN" },
	{ PERF_SAMPLE_ID, "ID" }, { PERF_SAMPLE_CPU, "CPU" },
	{ PERF_SAMPLE_PERIOD, "PERIOD" }, { PERF_SAMPLE_STREAM_ID, "STREAM_ID" },
	{ PERF_SAMPLE_RAW, "RAW" }, { PERF_SAMPLE_BRANCH_STACK, "BRANCH_STACK" },
	{ PERF_SAMPLE_REGS_USER, "REGS_USER" },
	{ PERF_SAMPLE_STACK_USER, "STACK_USER" },
	{ PERF_SAMPLE_WEIGHT, "WEIGHT" }, { PERF_SAMPLE_DATA_SRC, "DATA_SRC" },
	{ PERF_SAMPLE_IDENTIFIER, "IDENTIFIER" },
	{ PERF_SAMPLE_TRANSACTION, "TRANSACTION" },
	{ PERF_SAMPLE_REGS_INTR, "REGS_INTR" },
	{ PERF_SAMPLE_PHYS_ADDR, "PHYS_ADDR" }, { PERF_SAMPLE_AUX, "AUX" },
	{ PERF_SAMPLE_CGROUP, "CGROUP" },
	{ PERF_SAMPLE_DATA_PAGE_SIZE, "DATA_PAGE_SIZE" },
	{ PERF_SAMPLE_CODE_PAGE_SIZE, "CODE_PAGE_SIZE" },
	{ PERF_SAMPLE_WEIGHT_STRUCT, "WEIGHT_STRUCT" },
	{ 0, NULL }
};

static const struct bitname read_bits[] = {
	{ PERF_FORMAT_TOTAL_TIME_ENABLED, "TOTAL_TIME_ENABLED" },
	{ PERF_FORMAT_TOTAL_TIME_RUNNING, "TOTAL_TIME_RUNNING" },
	{ PERF_FORMAT_ID, "ID" }, { PERF_FORMAT_GROUP, "GROUP" },
	{ PERF_FORMAT_LOST, "LOST" },
	{ 0, NULL }
};

static const struct bitname branch_bits[] = {
	{ PERF_SAMPLE_BRANCH_USER, "USER" },
	{ PERF_SAMPLE_BRANCH_KERNEL, "KERNEL" },
	{ PERF_SAMPLE_BRANCH_HV, "HV" }, { PERF_SAMPLE_BRANCH_ANY, "ANY" },
	{ PERF_SAMPLE_BRANCH_ANY_CALL, "ANY_CALL" },
	{ PERF_SAMPLE_BRANCH_ANY_RETURN, "ANY_RETURN" },
	{ PERF_SAMPLE_BRANCH_IND_CALL, "IND_CALL" },
	{ PERF_SAMPLE_BRANCH_ABORT_TX, "ABORT_TX" },
	{ PERF_SAMPLE_BRANCH_IN_TX, "IN_TX" },
	{ PERF_SAMPLE_BRANCH_NO_TX, "NO_TX" },
	{ PERF_SAMPLE_BRANCH_COND, "COND" },
	{ PERF_SAMPLE_BRANCH_CALL_STACK, "CALL_STACK" },
	{ PERF_SAMPLE_BRANCH_IND_JUMP, "IND_JUMP" },
	{ PERF_SAMPLE_BRANCH_CALL, "CALL" },
	{ PERF_SAMPLE_BRANCH_NO_FLAGS, "NO_FLAGS" },
	{ PERF_SAMPLE_BRANCH_NO_CYCLES, "NO_CYCLES" },
	{ PERF_SAMPLE_BRANCH_TYPE_SAVE, "TYPE_SAVE" },
	{ PERF_SAMPLE_BRANCH_HW_INDEX, "HW_INDEX" },
	{ PERF_SAMPLE_BRANCH_PRIV_SAVE, "PRIV_SAVE" },
	{ 0, NULL }
};

void sample_bits_str(struct strbuf *out, enum sample_bitset set, uint64_t v)
{
	const struct bitname *b = set == SAMPLE_BITS_TYPE ? sample_bits :
				  set == SAMPLE_BITS_READ_FORMAT ? read_bits :
				  branch_bits;
	bool first = true;

	for (; b->name; b++) {
		if (!(v & b->bit))
			continue;
		strbuf_addf(out, "%s%s", first ? "" : "|", b->name);
		first = false;
		v &= ~b->bit;
	}
	if (v)
		strbuf_addf(out, "%s%#" PRIx64, first ? "" : "|", v);
}
