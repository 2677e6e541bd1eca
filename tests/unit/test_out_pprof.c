// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <cmocka.h>

#include "ptool/out_pprof.h"

static void test_varint(void **state)
{
	static const uint64_t v[] = { 0, 1, 127, 128, 300, 16383, 16384,
				      1ull << 35, 1ull << 63, UINT64_MAX };
	struct strbuf sb = STRBUF_INIT;
	size_t pos = 0;

	out_pb_varint(&sb, 300);
	assert_int_equal(sb.len, 2);
	assert_int_equal((unsigned char)sb.buf[0], 0xac);
	assert_int_equal((unsigned char)sb.buf[1], 0x02);
	strbuf_reset(&sb);
	out_pb_varint(&sb, UINT64_MAX);
	assert_int_equal(sb.len, 10);
	strbuf_reset(&sb);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		out_pb_varint(&sb, v[i]);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint64_t x;

		assert_int_equal(out_pb_read_varint((unsigned char *)sb.buf, sb.len,
						    &pos, &x), 0);
		assert_true(x == v[i]);
	}
	assert_int_equal(pos, sb.len);
	{
		uint64_t x;
		static const unsigned char trunc[] = { 0x80, 0x80 };
		static const unsigned char toolong[11] = {
			0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };

		pos = 0;
		assert_int_equal(out_pb_read_varint(trunc, 2, &pos, &x), -22);
		pos = 0;
		assert_int_equal(out_pb_read_varint(toolong, 11, &pos, &x), -22);
	}
	strbuf_release(&sb);
}

/* A minimal decoder of the messages written, to check them field by field. */
struct field {
	unsigned int num, wire;
	uint64_t v;		/* varint */
	const unsigned char *p;	/* length-delimited */
	size_t len;
};

static int next_field(const unsigned char *buf, size_t len, size_t *pos,
		      struct field *f)
{
	uint64_t key;

	if (*pos >= len)
		return 0;
	assert_int_equal(out_pb_read_varint(buf, len, pos, &key), 0);
	f->num = (unsigned int)(key >> 3);
	f->wire = key & 7;
	if (f->wire == 0) {
		assert_int_equal(out_pb_read_varint(buf, len, pos, &f->v), 0);
	} else {
		assert_int_equal(f->wire, 2);
		assert_int_equal(out_pb_read_varint(buf, len, pos, &f->v), 0);
		assert_true(*pos + f->v <= len);
		f->p = buf + *pos;
		f->len = f->v;
		*pos += f->len;
	}
	return 1;
}

struct decoded {
	char *strings[64];
	int nr_strings;
	int nr_samples, nr_locations, nr_functions, nr_mappings;
	int64_t value_sum[2];
	uint64_t period;
	uint64_t default_type;
	uint64_t map_offset, map_flags;	/* flags: fields 7..10 as bits 0..3 */
	uint64_t fn_sys[8];
	int nr_types;
	uint64_t first_locs[8];
	int nr_first_locs;
	char fn_names[8][32];
};

static void decode(const unsigned char *buf, size_t len, struct decoded *d)
{
	struct field f, g;
	size_t pos = 0;

	memset(d, 0, sizeof(*d));
	while (next_field(buf, len, &pos, &f)) {
		size_t p2 = 0;

		switch (f.num) {
		case 1:
			d->nr_types++;
			break;
		case 2: {
			int vi = 0;

			while (next_field(f.p, f.len, &p2, &g)) {
				size_t p3 = 0;
				uint64_t x;

				assert_int_equal(g.wire, 2);	/* packed */
				while (p3 < g.len) {
					assert_int_equal(out_pb_read_varint(g.p, g.len, &p3, &x), 0);
					if (g.num == 2)
						d->value_sum[vi++] += (int64_t)x;
					else if (g.num == 1 && d->nr_samples == 0 &&
						 d->nr_first_locs < 8)
						d->first_locs[d->nr_first_locs++] = x;
				}
			}
			d->nr_samples++;
			break;
		}
		case 3:
			while (next_field(f.p, f.len, &p2, &g)) {
				if (g.num == 4)
					d->map_offset = g.v;
				if (g.num >= 7 && g.num <= 10 && g.v)
					d->map_flags |= 1u << (g.num - 7);
			}
			d->nr_mappings++;
			break;
		case 4: d->nr_locations++; break;
		case 5: {
			uint64_t id = 0, name = 0;

			while (next_field(f.p, f.len, &p2, &g)) {
				if (g.num == 1)
					id = g.v;
				if (g.num == 2)
					name = g.v;
				if (g.num == 3)
					d->fn_sys[id - 1] = g.v;
			}
			assert_true(id >= 1 && id <= 8);
			snprintf(d->fn_names[id - 1], 32, "%llu", (unsigned long long)name);
			d->nr_functions++;
			break;
		}
		case 6:
			assert_true(d->nr_strings < 64);
			d->strings[d->nr_strings++] = strndup((const char *)f.p, f.len);
			break;
		case 12:
			d->period = f.v;
			break;
		case 14:
			d->default_type = f.v;
			break;
		default:
			break;
		}
	}
	assert_int_equal(pos, len);
}

static struct out_pprof *sample_profile(void)
{
	struct out_pprof *p = out_pprof_new();
	uint64_t m = out_pprof_mapping(p, 0x400000, 0x401000, 0x1000, "/bin/prog", "abcd",
				       OUT_PPROF_HAS_FUNCTIONS | OUT_PPROF_HAS_INLINE_FRAMES);
	uint64_t fmain = out_pprof_function(p, "main", NULL, "prog.c", 10);
	uint64_t fhot = out_pprof_function(p, "ns::hot", "_ZN2ns3hotEv", "prog.c", 3);
	struct out_pprof_line lm = { fmain, 12 }, lh = { fhot, 4 };
	uint64_t l1 = out_pprof_location(p, m, 0x400100, &lh, 1);
	uint64_t l2 = out_pprof_location(p, m, 0x400200, &lm, 1);
	uint64_t stack[2] = { l1, l2 };
	int64_t v[2] = { 1, 1000000 };
	struct out_pprof_label lab = { .key = "comm", .str = "prog" };

	out_pprof_sample_type(p, "samples", "count");
	out_pprof_sample_type(p, "cpu", "nanoseconds");
	out_pprof_period(p, "cpu", "nanoseconds", 1000000);
	assert_int_equal(out_pprof_location(p, m, 0x400100, &lh, 1), l1);
	assert_int_equal(out_pprof_function(p, "ns::hot", "_ZN2ns3hotEv", "prog.c", 3), fhot);
	/* another start line or system name is another function */
	assert_int_not_equal(out_pprof_function(p, "ns::hot", "_ZN2ns3hotEv", "prog.c", 4), fhot);
	assert_int_not_equal(out_pprof_function(p, "ns::hot", NULL, "prog.c", 3), fhot);
	assert_int_equal(out_pprof_mapping(p, 0x400000, 0x401000, 0x1000, "/bin/prog", NULL, 0), m);
	out_pprof_default_type(p, "cpu");
	out_pprof_sample(p, stack, 2, v, &lab, 1);
	out_pprof_sample(p, stack, 2, v, &lab, 1);	/* merged */
	out_pprof_sample(p, stack + 1, 1, v, &lab, 1);
	assert_int_equal(out_pprof_nr_samples(p), 2);
	return p;
}

static void test_encode(void **state)
{
	struct out_pprof *p = sample_profile();
	struct strbuf raw = STRBUF_INIT;
	struct decoded d;
	int found_main = 0;

	out_pprof_encode(p, &raw);
	decode((const unsigned char *)raw.buf, raw.len, &d);
	assert_int_equal(d.nr_types, 2);
	assert_int_equal(d.nr_samples, 2);
	assert_int_equal(d.nr_locations, 2);
	assert_int_equal(d.nr_functions, 4);
	assert_int_equal(d.nr_mappings, 1);
	assert_int_equal(d.map_offset, 0x1000);
	assert_int_equal(d.map_flags, 1 | 8);
	assert_string_equal(d.strings[d.default_type], "cpu");
	/* main has no system name of its own: its name; hot has its own */
	assert_string_equal(d.strings[d.fn_sys[0]], "main");
	assert_string_equal(d.strings[d.fn_sys[1]], "_ZN2ns3hotEv");
	assert_int_equal(d.value_sum[0], 3);
	assert_int_equal(d.value_sum[1], 3000000);
	assert_int_equal(d.period, 1000000);
	assert_int_equal(d.nr_first_locs, 2);	/* leaf first */
	assert_int_equal(d.first_locs[0], 1);
	assert_int_equal(d.first_locs[1], 2);
	assert_string_equal(d.strings[0], "");
	for (int i = 0; i < d.nr_strings; i++)
		if (!strcmp(d.strings[i], "main")) {
			char idx[32];

			snprintf(idx, sizeof(idx), "%d", i);
			assert_string_equal(d.fn_names[0], idx);
			found_main = 1;
		}
	assert_true(found_main);
	for (int i = 0; i < d.nr_strings; i++)
		free(d.strings[i]);
	strbuf_release(&raw);
	out_pprof_free(p);
}

static void test_gzip(void **state)
{
	struct out_pprof *p = sample_profile();
	struct strbuf raw = STRBUF_INIT;
	char *gz = NULL;
	size_t gzlen = 0;
	FILE *fp = open_memstream(&gz, &gzlen);
	unsigned char out[65536];
	z_stream zs;

	assert_int_equal(out_pprof_write(p, fp), 0);
	fclose(fp);
	assert_true(gzlen > 18);
	assert_int_equal((unsigned char)gz[0], 0x1f);	/* gzip magic */
	assert_int_equal((unsigned char)gz[1], 0x8b);
	memset(&zs, 0, sizeof(zs));
	assert_int_equal(inflateInit2(&zs, 31), Z_OK);
	zs.next_in = (unsigned char *)gz;
	zs.avail_in = (uInt)gzlen;
	zs.next_out = out;
	zs.avail_out = sizeof(out);
	assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
	out_pprof_encode(p, &raw);
	assert_int_equal(zs.total_out, raw.len);
	assert_memory_equal(out, raw.buf, raw.len);
	inflateEnd(&zs);
	free(gz);
	strbuf_release(&raw);
	out_pprof_free(p);
	out_pprof_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_varint),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_gzip),
	};

	return cmocka_run_group_tests_name("out_pprof", tests, NULL, NULL);
}
