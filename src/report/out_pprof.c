// SPDX-License-Identifier: GPL-2.0
#include "ptool/out_pprof.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ptool/hash.h"
#include "ptool/hmap.h"

/*
 * Field numbers from profile.proto. Wire types: 0 varint, 2 length-delimited.
 */
enum {
	PROFILE_SAMPLE_TYPE = 1, PROFILE_SAMPLE = 2, PROFILE_MAPPING = 3,
	PROFILE_LOCATION = 4, PROFILE_FUNCTION = 5, PROFILE_STRING_TABLE = 6,
	PROFILE_TIME_NANOS = 9, PROFILE_DURATION_NANOS = 10,
	PROFILE_PERIOD_TYPE = 11, PROFILE_PERIOD = 12, PROFILE_COMMENT = 13,
	PROFILE_DEFAULT_SAMPLE_TYPE = 14,
	VALUETYPE_TYPE = 1, VALUETYPE_UNIT = 2,
	SAMPLE_LOCATION_ID = 1, SAMPLE_VALUE = 2, SAMPLE_LABEL = 3,
	LABEL_KEY = 1, LABEL_STR = 2, LABEL_NUM = 3, LABEL_NUM_UNIT = 4,
	MAPPING_ID = 1, MAPPING_MEMORY_START = 2, MAPPING_MEMORY_LIMIT = 3,
	MAPPING_FILE_OFFSET = 4, MAPPING_FILENAME = 5, MAPPING_BUILD_ID = 6,
	MAPPING_HAS_FUNCTIONS = 7, MAPPING_HAS_FILENAMES = 8,
	MAPPING_HAS_LINE_NUMBERS = 9, MAPPING_HAS_INLINE_FRAMES = 10,
	LOCATION_ID = 1, LOCATION_MAPPING_ID = 2, LOCATION_ADDRESS = 3,
	LOCATION_LINE = 4,
	LINE_FUNCTION_ID = 1, LINE_LINE = 2,
	FUNCTION_ID = 1, FUNCTION_NAME = 2, FUNCTION_SYSTEM_NAME = 3,
	FUNCTION_FILENAME = 4, FUNCTION_START_LINE = 5,
};

/* A byte-string -> u64 map, keys kept in one arena. */
struct bmap_ent {
	size_t off;
	uint32_t len;
	uint64_t val;
};

struct bmap {
	struct hmap idx;	/* hash_bytes() of a key -> index into ents */
	struct bmap_ent *ents;
	size_t nr, alloc;
	struct strbuf keys;
};

/* the value of @key, or NULL; *@h is set to its hash for bmap_add() */
static uint64_t *bmap_get(struct bmap *m, const void *key, size_t len,
			  uint64_t *h)
{
	size_t pos;
	uint32_t id;

	*h = hash_bytes(key, len);
	hmap_for_each_hash(&m->idx, *h, pos, id) {
		struct bmap_ent *e = &m->ents[id];

		if (e->len == len && !memcmp(m->keys.buf + e->off, key, len))
			return &e->val;
	}
	return NULL;
}

/* add @key (not there yet, hashing to @h) with @val */
static void bmap_add(struct bmap *m, uint64_t h, const void *key, size_t len,
		     uint64_t val)
{
	ALLOC_GROW(m->ents, m->nr + 1, m->alloc);
	m->ents[m->nr] = (struct bmap_ent){ m->keys.len, (uint32_t)len, val };
	strbuf_add(&m->keys, key, len);
	hmap_add(&m->idx, h, (uint32_t)m->nr++);
}

static void bmap_release(struct bmap *m)
{
	hmap_release(&m->idx);
	free(m->ents);
	strbuf_release(&m->keys);
}

struct psample {
	uint64_t *locs;
	size_t nr_locs;
	int64_t *values;
	int64_t *labels;	/* 4 per label: key, str, num, num_unit */
	size_t nr_labels;
};

struct out_pprof {
	struct bmap strings;
	char **strv;
	size_t nr_strings, alloc_strings;

	int64_t *types;		/* 2 per sample type */
	size_t nr_types, alloc_types;
	int64_t period_type[2];
	int64_t period;
	int64_t time_nanos, duration_nanos;
	int64_t *comments;
	size_t nr_comments, alloc_comments;
	int64_t default_type;

	struct bmap mapping_ids, function_ids, location_ids, sample_ids;
	struct strbuf mappings, functions, locations;	/* encoded entries */
	uint64_t nr_mappings, nr_functions, nr_locations;

	struct psample *samples;
	size_t nr_samples, alloc_samples;
	struct strbuf distinct;		/* encoded samples, never merged */
	size_t nr_distinct;
};

void out_pb_varint(struct strbuf *out, uint64_t v)
{
	unsigned char b[10];
	int n = 0;

	do {
		b[n] = v & 0x7f;
		v >>= 7;
		if (v)
			b[n] |= 0x80;
		n++;
	} while (v);
	strbuf_add(out, b, n);
}

int out_pb_read_varint(const unsigned char *buf, size_t len, size_t *pos,
		       uint64_t *v)
{
	uint64_t r = 0;

	for (int shift = 0; shift < 70; shift += 7) {
		unsigned char c;

		if (*pos >= len)
			return -EINVAL;
		c = buf[(*pos)++];
		r |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*v = r;
			return 0;
		}
	}
	return -EINVAL;
}

static void pb_key(struct strbuf *out, unsigned int field, unsigned int wire)
{
	out_pb_varint(out, (uint64_t)field << 3 | wire);
}

/* a varint field, left out when zero (proto3 default) */
static void pb_uint(struct strbuf *out, unsigned int field, uint64_t v)
{
	if (!v)
		return;
	pb_key(out, field, 0);
	out_pb_varint(out, v);
}

static void pb_bytes(struct strbuf *out, unsigned int field, const void *data,
		     size_t len)
{
	pb_key(out, field, 2);
	out_pb_varint(out, len);
	strbuf_add(out, data, len);
}

static void pb_packed(struct strbuf *out, unsigned int field,
		      const uint64_t *v, size_t n)
{
	struct strbuf tmp = STRBUF_INIT;

	if (!n)
		return;
	for (size_t i = 0; i < n; i++)
		out_pb_varint(&tmp, v[i]);
	pb_bytes(out, field, tmp.buf, tmp.len);
	strbuf_release(&tmp);
}

struct out_pprof *out_pprof_new(void)
{
	struct out_pprof *p = xcalloc(1, sizeof(*p));

	strbuf_init(&p->strings.keys, 0);
	strbuf_init(&p->mapping_ids.keys, 0);
	strbuf_init(&p->function_ids.keys, 0);
	strbuf_init(&p->location_ids.keys, 0);
	strbuf_init(&p->sample_ids.keys, 0);
	strbuf_init(&p->mappings, 0);
	strbuf_init(&p->functions, 0);
	strbuf_init(&p->locations, 0);
	strbuf_init(&p->distinct, 0);
	out_pprof_string(p, "");
	return p;
}

void out_pprof_free(struct out_pprof *p)
{
	if (!p)
		return;
	bmap_release(&p->strings);
	bmap_release(&p->mapping_ids);
	bmap_release(&p->function_ids);
	bmap_release(&p->location_ids);
	bmap_release(&p->sample_ids);
	for (size_t i = 0; i < p->nr_strings; i++)
		free(p->strv[i]);
	free(p->strv);
	free(p->types);
	free(p->comments);
	strbuf_release(&p->mappings);
	strbuf_release(&p->functions);
	strbuf_release(&p->locations);
	strbuf_release(&p->distinct);
	for (size_t i = 0; i < p->nr_samples; i++) {
		free(p->samples[i].locs);
		free(p->samples[i].values);
		free(p->samples[i].labels);
	}
	free(p->samples);
	free(p);
}

int64_t out_pprof_string(struct out_pprof *p, const char *s)
{
	size_t len;
	uint64_t *v, h;

	if (!s)
		s = "";
	len = strlen(s);
	v = bmap_get(&p->strings, s, len, &h);
	if (v)
		return (int64_t)*v;
	bmap_add(&p->strings, h, s, len, p->nr_strings);
	ALLOC_GROW(p->strv, p->nr_strings + 1, p->alloc_strings);
	p->strv[p->nr_strings] = xstrdup(s);
	return (int64_t)p->nr_strings++;
}

void out_pprof_sample_type(struct out_pprof *p, const char *type,
			   const char *unit)
{
	ALLOC_GROW(p->types, 2 * (p->nr_types + 1), p->alloc_types);
	p->types[2 * p->nr_types] = out_pprof_string(p, type);
	p->types[2 * p->nr_types + 1] = out_pprof_string(p, unit);
	p->nr_types++;
}

void out_pprof_period(struct out_pprof *p, const char *type, const char *unit,
		      int64_t period)
{
	p->period_type[0] = out_pprof_string(p, type);
	p->period_type[1] = out_pprof_string(p, unit);
	p->period = period;
}

void out_pprof_times(struct out_pprof *p, int64_t time_nanos,
		     int64_t duration_nanos)
{
	p->time_nanos = time_nanos;
	p->duration_nanos = duration_nanos;
}

void out_pprof_comment(struct out_pprof *p, const char *text)
{
	ALLOC_GROW(p->comments, p->nr_comments + 1, p->alloc_comments);
	p->comments[p->nr_comments++] = out_pprof_string(p, text);
}

void out_pprof_default_type(struct out_pprof *p, const char *type)
{
	p->default_type = out_pprof_string(p, type);
}

uint64_t out_pprof_mapping(struct out_pprof *p, uint64_t start, uint64_t limit,
			   uint64_t offset, const char *file,
			   const char *build_id, unsigned int flags)
{
	int64_t key[4] = { (int64_t)start, (int64_t)limit, (int64_t)offset,
			   out_pprof_string(p, file) };
	uint64_t h, *v = bmap_get(&p->mapping_ids, key, sizeof(key), &h);
	struct strbuf m = STRBUF_INIT;
	uint64_t id;

	if (v)
		return *v;
	id = ++p->nr_mappings;
	bmap_add(&p->mapping_ids, h, key, sizeof(key), id);
	pb_uint(&m, MAPPING_ID, id);
	pb_uint(&m, MAPPING_MEMORY_START, start);
	pb_uint(&m, MAPPING_MEMORY_LIMIT, limit);
	pb_uint(&m, MAPPING_FILE_OFFSET, offset);
	pb_uint(&m, MAPPING_FILENAME, (uint64_t)key[3]);
	if (build_id && *build_id)
		pb_uint(&m, MAPPING_BUILD_ID, (uint64_t)out_pprof_string(p, build_id));
	pb_uint(&m, MAPPING_HAS_FUNCTIONS, !!(flags & OUT_PPROF_HAS_FUNCTIONS));
	pb_uint(&m, MAPPING_HAS_FILENAMES, !!(flags & OUT_PPROF_HAS_FILENAMES));
	pb_uint(&m, MAPPING_HAS_LINE_NUMBERS, !!(flags & OUT_PPROF_HAS_LINE_NUMBERS));
	pb_uint(&m, MAPPING_HAS_INLINE_FRAMES, !!(flags & OUT_PPROF_HAS_INLINE_FRAMES));
	pb_bytes(&p->mappings, PROFILE_MAPPING, m.buf, m.len);
	strbuf_release(&m);
	return id;
}

uint64_t out_pprof_function(struct out_pprof *p, const char *name,
			    const char *system_name, const char *file,
			    int64_t start_line)
{
	int64_t key[4] = { out_pprof_string(p, name),
			   out_pprof_string(p, system_name ? system_name : name),
			   out_pprof_string(p, file), start_line };
	uint64_t h, *v = bmap_get(&p->function_ids, key, sizeof(key), &h);
	struct strbuf m = STRBUF_INIT;
	uint64_t id;

	if (v)
		return *v;
	id = ++p->nr_functions;
	bmap_add(&p->function_ids, h, key, sizeof(key), id);
	pb_uint(&m, FUNCTION_ID, id);
	pb_uint(&m, FUNCTION_NAME, (uint64_t)key[0]);
	pb_uint(&m, FUNCTION_SYSTEM_NAME, (uint64_t)key[1]);
	pb_uint(&m, FUNCTION_FILENAME, (uint64_t)key[2]);
	pb_uint(&m, FUNCTION_START_LINE, (uint64_t)start_line);
	pb_bytes(&p->functions, PROFILE_FUNCTION, m.buf, m.len);
	strbuf_release(&m);
	return id;
}

uint64_t out_pprof_location(struct out_pprof *p, uint64_t mapping_id,
			    uint64_t address, const struct out_pprof_line *lines,
			    size_t nr_lines)
{
	uint64_t key[2] = { mapping_id, address };
	uint64_t h, *v = bmap_get(&p->location_ids, key, sizeof(key), &h);
	struct strbuf m = STRBUF_INIT, l = STRBUF_INIT;
	uint64_t id;

	if (v)
		return *v;
	id = ++p->nr_locations;
	bmap_add(&p->location_ids, h, key, sizeof(key), id);
	pb_uint(&m, LOCATION_ID, id);
	pb_uint(&m, LOCATION_MAPPING_ID, mapping_id);
	pb_uint(&m, LOCATION_ADDRESS, address);
	for (size_t i = 0; i < nr_lines; i++) {
		strbuf_reset(&l);
		pb_uint(&l, LINE_FUNCTION_ID, lines[i].function_id);
		pb_uint(&l, LINE_LINE, (uint64_t)lines[i].line);
		pb_bytes(&m, LOCATION_LINE, l.buf, l.len);
	}
	pb_bytes(&p->locations, PROFILE_LOCATION, m.buf, m.len);
	strbuf_release(&m);
	strbuf_release(&l);
	return id;
}

void out_pprof_sample(struct out_pprof *p, const uint64_t *locs, size_t nr_locs,
		      const int64_t *values, const struct out_pprof_label *labels,
		      size_t nr_labels)
{
	struct strbuf key = STRBUF_INIT;
	int64_t *lab = nr_labels ? xcalloc(4 * nr_labels, sizeof(*lab)) : NULL;
	uint64_t h, *v;
	struct psample *s;

	for (size_t i = 0; i < nr_labels; i++) {
		lab[4 * i] = out_pprof_string(p, labels[i].key);
		if (labels[i].str) {
			lab[4 * i + 1] = out_pprof_string(p, labels[i].str);
		} else {
			lab[4 * i + 2] = labels[i].num;
			if (labels[i].num_unit)
				lab[4 * i + 3] = out_pprof_string(p, labels[i].num_unit);
		}
	}
	strbuf_add(&key, &nr_locs, sizeof(nr_locs));
	strbuf_add(&key, locs, nr_locs * sizeof(*locs));
	if (nr_labels)
		strbuf_add(&key, lab, 4 * nr_labels * sizeof(*lab));
	v = bmap_get(&p->sample_ids, key.buf, key.len, &h);
	if (v) {
		s = &p->samples[*v];
		for (size_t i = 0; i < p->nr_types; i++)
			s->values[i] += values[i];
		free(lab);
		strbuf_release(&key);
		return;
	}
	bmap_add(&p->sample_ids, h, key.buf, key.len, p->nr_samples);
	strbuf_release(&key);
	ALLOC_GROW(p->samples, p->nr_samples + 1, p->alloc_samples);
	s = &p->samples[p->nr_samples++];
	s->nr_locs = nr_locs;
	s->locs = xmalloc((nr_locs ? nr_locs : 1) * sizeof(*locs));
	memcpy(s->locs, locs, nr_locs * sizeof(*locs));
	s->values = xcalloc(p->nr_types ? p->nr_types : 1, sizeof(*values));
	memcpy(s->values, values, p->nr_types * sizeof(*values));
	s->labels = lab;
	s->nr_labels = nr_labels;
}

/* append the Sample message of @locs, @values and @lab (4 per label) */
static void encode_sample(struct strbuf *out, const uint64_t *locs, size_t nr_locs,
			  const int64_t *values, size_t nr_values,
			  const int64_t *lab, size_t nr_labels)
{
	struct strbuf m = STRBUF_INIT, l = STRBUF_INIT;

	pb_packed(&m, SAMPLE_LOCATION_ID, locs, nr_locs);
	pb_packed(&m, SAMPLE_VALUE, (const uint64_t *)values, nr_values);
	for (size_t k = 0; k < nr_labels; k++, lab += 4) {
		strbuf_reset(&l);
		pb_uint(&l, LABEL_KEY, (uint64_t)lab[0]);
		pb_uint(&l, LABEL_STR, (uint64_t)lab[1]);
		pb_uint(&l, LABEL_NUM, (uint64_t)lab[2]);
		pb_uint(&l, LABEL_NUM_UNIT, (uint64_t)lab[3]);
		pb_bytes(&m, SAMPLE_LABEL, l.buf, l.len);
	}
	pb_bytes(out, PROFILE_SAMPLE, m.buf, m.len);
	strbuf_release(&m);
	strbuf_release(&l);
}

void out_pprof_sample_distinct(struct out_pprof *p, const uint64_t *locs,
			       size_t nr_locs, const int64_t *values,
			       const struct out_pprof_label *labels,
			       size_t nr_labels)
{
	int64_t lab[4 * 8];

	for (size_t i = 0; i < nr_labels && i < 8; i++) {
		lab[4 * i] = out_pprof_string(p, labels[i].key);
		lab[4 * i + 1] = labels[i].str ? out_pprof_string(p, labels[i].str) : 0;
		lab[4 * i + 2] = labels[i].str ? 0 : labels[i].num;
		lab[4 * i + 3] = !labels[i].str && labels[i].num_unit ?
				 out_pprof_string(p, labels[i].num_unit) : 0;
	}
	encode_sample(&p->distinct, locs, nr_locs, values, p->nr_types, lab,
		      nr_labels < 8 ? nr_labels : 8);
	p->nr_distinct++;
}

size_t out_pprof_nr_samples(const struct out_pprof *p)
{
	return p->nr_samples + p->nr_distinct;
}

static void encode_value_type(struct strbuf *out, unsigned int field,
			      int64_t type, int64_t unit)
{
	struct strbuf m = STRBUF_INIT;

	pb_uint(&m, VALUETYPE_TYPE, (uint64_t)type);
	pb_uint(&m, VALUETYPE_UNIT, (uint64_t)unit);
	pb_bytes(out, field, m.buf, m.len);
	strbuf_release(&m);
}

typedef int (*put_fn)(void *arg, const void *buf, size_t len);

/* the Profile message, in pieces, to @put; stops at its first error */
static int encode_to(const struct out_pprof *p, put_fn put, void *arg)
{
	struct strbuf m = STRBUF_INIT;
	int ret = 0;

#define FLUSH() do {							\
		if (!ret && m.len)					\
			ret = put(arg, m.buf, m.len);			\
		strbuf_reset(&m);					\
	} while (0)
	for (size_t i = 0; i < p->nr_types; i++)
		encode_value_type(&m, PROFILE_SAMPLE_TYPE, p->types[2 * i],
				  p->types[2 * i + 1]);
	for (size_t i = 0; i < p->nr_samples; i++) {
		const struct psample *s = &p->samples[i];

		encode_sample(&m, s->locs, s->nr_locs, s->values, p->nr_types,
			      s->labels, s->nr_labels);
		if (m.len >= 65536)
			FLUSH();
	}
	FLUSH();
	if (!ret && p->distinct.len)
		ret = put(arg, p->distinct.buf, p->distinct.len);
	if (!ret && p->mappings.len)
		ret = put(arg, p->mappings.buf, p->mappings.len);
	if (!ret && p->locations.len)
		ret = put(arg, p->locations.buf, p->locations.len);
	if (!ret && p->functions.len)
		ret = put(arg, p->functions.buf, p->functions.len);
	for (size_t i = 0; i < p->nr_strings; i++) {
		pb_bytes(&m, PROFILE_STRING_TABLE, p->strv[i], strlen(p->strv[i]));
		if (m.len >= 65536)
			FLUSH();
	}
	pb_uint(&m, PROFILE_TIME_NANOS, (uint64_t)p->time_nanos);
	pb_uint(&m, PROFILE_DURATION_NANOS, (uint64_t)p->duration_nanos);
	if (p->period_type[0] || p->period_type[1])
		encode_value_type(&m, PROFILE_PERIOD_TYPE, p->period_type[0],
				  p->period_type[1]);
	pb_uint(&m, PROFILE_PERIOD, (uint64_t)p->period);
	if (p->nr_comments)
		pb_packed(&m, PROFILE_COMMENT, (const uint64_t *)p->comments,
			  p->nr_comments);
	pb_uint(&m, PROFILE_DEFAULT_SAMPLE_TYPE, (uint64_t)p->default_type);
	FLUSH();
#undef FLUSH
	strbuf_release(&m);
	return ret;
}

static int put_strbuf(void *arg, const void *buf, size_t len)
{
	strbuf_add(arg, buf, len);
	return 0;
}

void out_pprof_encode(const struct out_pprof *p, struct strbuf *out)
{
	encode_to(p, put_strbuf, out);
}

struct gz {
	z_stream zs;
	FILE *fp;
	unsigned char buf[65536];
};

/* deflate @len bytes (Z_FINISH when @buf is NULL) and write what comes out */
static int put_gz(void *arg, const void *buf, size_t len)
{
	struct gz *g = arg;
	int flush = buf ? Z_NO_FLUSH : Z_FINISH, zr;

	g->zs.next_in = (unsigned char *)buf;
	g->zs.avail_in = (uInt)len;
	do {
		size_t n;

		g->zs.next_out = g->buf;
		g->zs.avail_out = sizeof(g->buf);
		zr = deflate(&g->zs, flush);
		if (zr == Z_STREAM_ERROR)
			return -ENOMEM;
		n = sizeof(g->buf) - g->zs.avail_out;
		if (n && fwrite(g->buf, 1, n, g->fp) != n)
			return -EIO;
	} while (flush == Z_FINISH ? zr != Z_STREAM_END : g->zs.avail_out == 0);
	return 0;
}

/* large pieces go to deflate in slices that uInt can count */
static int put_gz_sliced(void *arg, const void *buf, size_t len)
{
	const char *p = buf;
	int ret = 0;

	while (!ret && len) {
		size_t n = len > (1u << 30) ? (1u << 30) : len;

		ret = put_gz(arg, p, n);
		p += n;
		len -= n;
	}
	return ret;
}

int out_pprof_write(const struct out_pprof *p, FILE *fp)
{
	struct gz *g = xcalloc(1, sizeof(*g));
	int ret;

	g->fp = fp;
	/*
	 * windowBits 15 + 16: a gzip header and trailer instead of zlib's;
	 * the fastest level, as pprof's own writer compresses
	 */
	if (deflateInit2(&g->zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(g);
		return -ENOMEM;
	}
	ret = encode_to(p, put_gz_sliced, g);
	if (!ret)
		ret = put_gz(g, NULL, 0);
	deflateEnd(&g->zs);
	free(g);
	if (!ret && ferror(fp))
		ret = -EIO;
	return ret;
}
