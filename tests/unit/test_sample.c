// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ptool/sample.h"

static union {
	uint64_t align;
	uint8_t b[65536];
} rbuf;

/* a PERF_RECORD_SAMPLE (or @type with a trailer) laid out from @s */
static struct perf_event_header *build(const struct perf_event_attr *attr,
				       const struct sample *s, uint32_t type,
				       size_t body_extra)
{
	struct perf_event_header *h = (void *)rbuf.b;
	bool trailer = type != PERF_RECORD_SAMPLE;
	size_t len = sample_synth_size(attr, s, trailer);
	long n;

	memset(rbuf.b, 0xa5, sizeof(rbuf.b));
	memset(h + 1, 0, body_extra);
	n = sample_synth(attr, s, trailer, (uint8_t *)(h + 1) + body_extra,
			 len);
	assert_int_equal(n, (long)len);
	assert_int_equal(len % 8, 0);
	h->type = type;
	h->misc = PERF_RECORD_MISC_USER;
	h->size = (uint16_t)(sizeof(*h) + body_extra + len);
	return h;
}

static void attr_init(struct perf_event_attr *a, uint64_t type)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->sample_type = type;
	a->sample_period = 4000;
	a->freq = 1;
	a->sample_id_all = 1;
}

static const uint64_t chain[] = { PERF_CONTEXT_USER, 0x401000, 0x402000,
				  0x403000 };
static const uint8_t raw[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
static const uint64_t regs[] = { 11, 22, 33 };
static const uint8_t stack[] = "0123456789abcdef0123456789abcdef";
static struct perf_branch_entry branches[2] = {
	{ .from = 0x1000, .to = 0x2000, .mispred = 1 },
	{ .from = 0x3000, .to = 0x4000, .predicted = 1 },
};
static const uint64_t bcounters[2] = { 5, 6 };
static const uint64_t group_vals[] = { 100, 7, 200, 8 };	/* value, id */

static void fill(struct sample *s)
{
	memset(s, 0, sizeof(*s));
	s->ip = 0xffffffff81000000ULL;
	s->pid = 42;
	s->tid = 43;
	s->time = 123456789;
	s->addr = 0xdead0000;
	s->id = 7;
	s->stream_id = 9;
	s->cpu = 1;
	s->period = 10007;
	s->read.time_enabled = 1000;
	s->read.time_running = 900;
	s->read.nr = 2;
	s->read.values = group_vals;
	s->read.one.value = 55;
	s->read.one.id = 7;
	s->read.one.lost = 3;
	s->callchain_nr = 4;
	s->callchain = chain;
	s->raw_size = sizeof(raw);
	s->raw = raw;
	s->branch.nr = 2;
	s->branch.hw_idx = 1;
	s->branch.entries = branches;
	s->branch.counters = bcounters;
	s->regs_user.abi = PERF_SAMPLE_REGS_ABI_64;
	s->regs_user.nr = 3;
	s->regs_user.regs = regs;
	s->stack_size = 32;
	s->stack = stack;
	s->stack_dyn_size = 20;
	s->weight = 77;
	s->data_src = 0x1234;
	s->transaction = 5;
	s->regs_intr.abi = PERF_SAMPLE_REGS_ABI_64;
	s->regs_intr.nr = 3;
	s->regs_intr.regs = regs;
	s->phys_addr = 0x5000;
	s->cgroup = 99;
	s->data_page_size = 4096;
	s->code_page_size = 2 << 20;
	s->aux_size = 16;
	s->aux = stack;
}

static void check_fields(const struct perf_event_attr *a, const struct sample *s,
			 const struct sample *in)
{
	uint64_t t = a->sample_type;

	assert_int_equal(s->type, t);
	if (t & (PERF_SAMPLE_ID | PERF_SAMPLE_IDENTIFIER))
		assert_int_equal(s->id, in->id);
	if (t & PERF_SAMPLE_IDENTIFIER)
		assert_int_equal(s->identifier, in->id);
	if (t & PERF_SAMPLE_IP)
		assert_int_equal(s->ip, in->ip);
	if (t & PERF_SAMPLE_TID) {
		assert_int_equal(s->pid, in->pid);
		assert_int_equal(s->tid, in->tid);
	}
	if (t & PERF_SAMPLE_TIME)
		assert_int_equal(s->time, in->time);
	else
		assert_int_equal(s->time, (uint64_t)-1);
	if (t & PERF_SAMPLE_ADDR)
		assert_int_equal(s->addr, in->addr);
	if (t & PERF_SAMPLE_STREAM_ID)
		assert_int_equal(s->stream_id, in->stream_id);
	if (t & PERF_SAMPLE_CPU)
		assert_int_equal(s->cpu, in->cpu);
	else
		assert_int_equal(s->cpu, (uint32_t)-1);
	if (t & PERF_SAMPLE_PERIOD)
		assert_int_equal(s->period, in->period);
	else
		assert_int_equal(s->period, 1);	/* freq mode, no PERIOD */
	if (t & PERF_SAMPLE_CALLCHAIN) {
		assert_int_equal(s->callchain_nr, 4);
		assert_memory_equal(s->callchain, chain, sizeof(chain));
	}
	if (t & PERF_SAMPLE_RAW) {
		/* padded so that u32 size + data is a multiple of 8 */
		assert_int_equal(s->raw_size, 12);
		assert_memory_equal(s->raw, raw, sizeof(raw));
	}
	if (t & PERF_SAMPLE_BRANCH_STACK) {
		assert_int_equal(s->branch.nr, 2);
		assert_memory_equal(s->branch.entries, branches, sizeof(branches));
	}
	if (t & PERF_SAMPLE_REGS_USER) {
		assert_int_equal(s->regs_user.abi, PERF_SAMPLE_REGS_ABI_64);
		assert_int_equal(s->regs_user.nr, 3);
		assert_memory_equal(s->regs_user.regs, regs, sizeof(regs));
	}
	if (t & PERF_SAMPLE_STACK_USER) {
		assert_int_equal(s->stack_size, 32);
		assert_int_equal(s->stack_dyn_size, 20);
		assert_memory_equal(s->stack, stack, 32);
	}
	if (t & PERF_SAMPLE_WEIGHT)
		assert_int_equal(s->weight, 77);
	if (t & PERF_SAMPLE_DATA_SRC)
		assert_int_equal(s->data_src, 0x1234);
	if (t & PERF_SAMPLE_TRANSACTION)
		assert_int_equal(s->transaction, 5);
	if (t & PERF_SAMPLE_REGS_INTR) {
		assert_int_equal(s->regs_intr.nr, 3);
		assert_memory_equal(s->regs_intr.regs, regs, sizeof(regs));
	}
	if (t & PERF_SAMPLE_PHYS_ADDR)
		assert_int_equal(s->phys_addr, 0x5000);
	if (t & PERF_SAMPLE_CGROUP)
		assert_int_equal(s->cgroup, 99);
	if (t & PERF_SAMPLE_DATA_PAGE_SIZE)
		assert_int_equal(s->data_page_size, 4096);
	if (t & PERF_SAMPLE_CODE_PAGE_SIZE)
		assert_int_equal(s->code_page_size, 2 << 20);
	if (t & PERF_SAMPLE_AUX) {
		assert_int_equal(s->aux_size, 16);
		assert_memory_equal(s->aux, stack, 16);
	}
}

static void set_masks(struct perf_event_attr *a)
{
	a->sample_regs_user = 0x7;	/* three registers */
	a->sample_regs_intr = 0x13;	/* three registers */
	a->sample_stack_user = 32;
	a->read_format = PERF_FORMAT_ID | PERF_FORMAT_LOST |
			 PERF_FORMAT_TOTAL_TIME_ENABLED;
}

/* every sample_type bit on its own, then all of them together */
static void test_each_bit(void **state)
{
	struct perf_event_attr a;
	struct sample in, out;
	unsigned int bit;

	fill(&in);
	for (bit = 0; bit < 25; bit++) {
		uint64_t t = 1ULL << bit;

		if (t == PERF_SAMPLE_WEIGHT_STRUCT)
			continue;	/* tested below: exclusive with WEIGHT */
		attr_init(&a, t);
		set_masks(&a);
		build(&a, &in, PERF_RECORD_SAMPLE, 0);
		assert_int_equal(sample_parse(&a, (void *)rbuf.b, &out), 0);
		check_fields(&a, &out, &in);
		if (t == PERF_SAMPLE_READ) {
			struct sample_read_value v =
				sample_read_value(&out.read, &a, 0);

			assert_int_equal(out.read.nr, 1);
			assert_int_equal(out.read.time_enabled, 1000);
			assert_int_equal(out.read.time_running, 0);
			assert_int_equal(v.value, 55);
			assert_int_equal(v.id, 7);
			assert_int_equal(v.lost, 3);
		}
	}
	attr_init(&a, PERF_SAMPLE_MAX - 1 - PERF_SAMPLE_WEIGHT_STRUCT);
	set_masks(&a);
	build(&a, &in, PERF_RECORD_SAMPLE, 0);
	assert_int_equal(sample_parse(&a, (void *)rbuf.b, &out), 0);
	check_fields(&a, &out, &in);
}

static void test_weight_struct(void **state)
{
	struct perf_event_attr a;
	struct sample in, out;

	fill(&in);
	in.weight = 0x11223344;
	in.weight_var2 = 0x5566;
	in.weight_var3 = 0x7788;
	attr_init(&a, PERF_SAMPLE_WEIGHT_STRUCT | PERF_SAMPLE_IP);
	build(&a, &in, PERF_RECORD_SAMPLE, 0);
	assert_int_equal(sample_parse(&a, (void *)rbuf.b, &out), 0);
	assert_int_equal(out.weight, 0x11223344);
	assert_int_equal(out.weight_var2, 0x5566);
	assert_int_equal(out.weight_var3, 0x7788);
}

static void test_read_group(void **state)
{
	struct perf_event_attr a;
	struct sample in, out;
	struct sample_read_value v;

	fill(&in);
	attr_init(&a, PERF_SAMPLE_READ | PERF_SAMPLE_TIME);
	a.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID |
			PERF_FORMAT_TOTAL_TIME_ENABLED |
			PERF_FORMAT_TOTAL_TIME_RUNNING;
	build(&a, &in, PERF_RECORD_SAMPLE, 0);
	assert_int_equal(sample_parse(&a, (void *)rbuf.b, &out), 0);
	assert_int_equal(out.read.nr, 2);
	assert_int_equal(out.read.stride, 2);
	assert_int_equal(out.read.time_enabled, 1000);
	assert_int_equal(out.read.time_running, 900);
	v = sample_read_value(&out.read, &a, 1);
	assert_int_equal(v.value, 200);
	assert_int_equal(v.id, 8);
	v = sample_read_value(&out.read, &a, 2);	/* out of range */
	assert_int_equal(v.value, 0);
	assert_int_equal(out.time, 123456789);
}

static void test_branch_hw_idx_counters(void **state)
{
	struct perf_event_attr a;
	struct sample in, out;

	fill(&in);
	attr_init(&a, PERF_SAMPLE_BRANCH_STACK | PERF_SAMPLE_PERIOD);
	a.branch_sample_type = PERF_SAMPLE_BRANCH_ANY |
			       PERF_SAMPLE_BRANCH_HW_INDEX |
			       PERF_SAMPLE_BRANCH_COUNTERS;
	build(&a, &in, PERF_RECORD_SAMPLE, 0);
	assert_int_equal(sample_parse(&a, (void *)rbuf.b, &out), 0);
	assert_int_equal(out.branch.nr, 2);
	assert_int_equal(out.branch.hw_idx, 1);
	assert_non_null(out.branch.counters);
	assert_int_equal(out.branch.counters[1], 6);
	assert_int_equal(out.branch.entries[0].mispred, 1);
	assert_int_equal(out.period, 10007);
}

static void test_regs_abi_none_and_empty_stack(void **state)
{
	struct perf_event_attr a;
	struct sample in, out;

	fill(&in);
	in.regs_user.abi = PERF_SAMPLE_REGS_ABI_NONE;
	in.stack_size = 0;
	attr_init(&a, PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER |
			      PERF_SAMPLE_IP);
	set_masks(&a);
	build(&a, &in, PERF_RECORD_SAMPLE, 0);
	/* abi u64 + size u64 + ip u64, nothing else */
	assert_int_equal(((struct perf_event_header *)rbuf.b)->size, 8 + 24);
	assert_int_equal(sample_parse(&a, (void *)rbuf.b, &out), 0);
	assert_int_equal(out.regs_user.nr, 0);
	assert_null(out.regs_user.regs);
	assert_int_equal(out.stack_size, 0);
	assert_int_equal(out.stack_dyn_size, 0);
}

/* every shorter size of a valid sample is refused, never read past */
static void test_truncated(void **state)
{
	struct perf_event_attr a;
	struct sample in, out;
	struct perf_event_header *h;
	uint16_t full, sz;

	fill(&in);
	attr_init(&a, PERF_SAMPLE_MAX - 1 - PERF_SAMPLE_WEIGHT_STRUCT);
	set_masks(&a);
	h = build(&a, &in, PERF_RECORD_SAMPLE, 0);
	full = h->size;
	for (sz = 0; sz < full; sz++) {
		h->size = sz;
		assert_int_equal(sample_parse(&a, h, &out), -EINVAL);
	}
	h->size = full;
	assert_int_equal(sample_parse(&a, h, &out), 0);
}

/* overwrite the u64 at @word (after the header) */
static void poke(struct perf_event_header *h, size_t word, uint64_t v)
{
	memcpy((uint8_t *)(h + 1) + word * 8, &v, 8);
}

static void test_lying_sizes(void **state)
{
	struct perf_event_attr a;
	struct sample in, out;
	struct perf_event_header *h;
	uint32_t bad;

	fill(&in);
	/* callchain nr too big, and big enough to overflow nr * 8 */
	attr_init(&a, PERF_SAMPLE_IP | PERF_SAMPLE_CALLCHAIN);
	h = build(&a, &in, PERF_RECORD_SAMPLE, 0);
	poke(h, 1, 5);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);
	poke(h, 1, 1ULL << 61);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);
	poke(h, 1, (uint64_t)-1);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);
	poke(h, 1, 4);
	assert_int_equal(sample_parse(&a, h, &out), 0);

	/* raw size past the end, and one that breaks the 8-byte padding */
	attr_init(&a, PERF_SAMPLE_RAW);
	h = build(&a, &in, PERF_RECORD_SAMPLE, 0);
	bad = 100;
	memcpy(h + 1, &bad, 4);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);
	bad = 11;
	memcpy(h + 1, &bad, 4);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);
	bad = 0xffffffff;
	memcpy(h + 1, &bad, 4);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);

	/* user stack: size past the end; dyn_size larger than size */
	attr_init(&a, PERF_SAMPLE_STACK_USER);
	set_masks(&a);
	h = build(&a, &in, PERF_RECORD_SAMPLE, 0);
	poke(h, 0, 40);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);
	poke(h, 0, (uint64_t)-8);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);
	poke(h, 0, 32);
	poke(h, 5, 33);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);
	poke(h, 5, 32);
	assert_int_equal(sample_parse(&a, h, &out), 0);

	/* branch nr huge (nr * 24 would overflow) */
	attr_init(&a, PERF_SAMPLE_BRANCH_STACK);
	h = build(&a, &in, PERF_RECORD_SAMPLE, 0);
	poke(h, 0, 0x0aaaaaaaaaaaaaabULL);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);

	/* read group nr huge */
	attr_init(&a, PERF_SAMPLE_READ);
	a.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID;
	h = build(&a, &in, PERF_RECORD_SAMPLE, 0);
	poke(h, 0, 1ULL << 62);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);

	/* registers announced by the abi, but the record ends */
	attr_init(&a, PERF_SAMPLE_REGS_INTR);
	set_masks(&a);
	h = build(&a, &in, PERF_RECORD_SAMPLE, 0);
	h->size -= 8;
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);

	/* aux size past the end */
	attr_init(&a, PERF_SAMPLE_AUX);
	h = build(&a, &in, PERF_RECORD_SAMPLE, 0);
	poke(h, 0, 1000);
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);

	/* a header that claims less than itself */
	h->size = 4;
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);
}

static void test_trailer(void **state)
{
	struct perf_event_attr a;
	struct sample in, out;
	struct perf_event_header *h;
	uint64_t id;

	fill(&in);
	attr_init(&a, PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			      PERF_SAMPLE_ID | PERF_SAMPLE_CPU |
			      PERF_SAMPLE_STREAM_ID | PERF_SAMPLE_CALLCHAIN);
	assert_int_equal(sample_id_size(a.sample_type), 40);
	/* a COMM record: 16 bytes of body, then the trailer */
	h = build(&a, &in, PERF_RECORD_COMM, 16);
	assert_int_equal(h->size, 8 + 16 + 40);
	assert_int_equal(sample_parse(&a, h, &out), 0);
	assert_int_equal(out.type, a.sample_type & SAMPLE_ID_TYPES);
	assert_int_equal(out.pid, 42);
	assert_int_equal(out.tid, 43);
	assert_int_equal(out.time, 123456789);
	assert_int_equal(out.id, 7);
	assert_int_equal(out.stream_id, 9);
	assert_int_equal(out.cpu, 1);
	assert_int_equal(out.ip, 0);
	assert_int_equal(sample_record_id(a.sample_type, true, h, &id), 0);
	assert_int_equal(id, 7);
	assert_int_equal(sample_record_time(a.sample_type, true, h), 123456789);
	/* without sample_id_all nothing is parsed */
	assert_int_equal(sample_record_id(a.sample_type, false, h, &id),
			 -ENOENT);
	a.sample_id_all = 0;
	assert_int_equal(sample_parse(&a, h, &out), 0);
	assert_int_equal(out.type, 0);
	assert_int_equal(out.time, (uint64_t)-1);
	a.sample_id_all = 1;
	/* a record too short for its trailer */
	h->size = 8 + 32;
	assert_int_equal(sample_parse(&a, h, &out), -EINVAL);
	assert_int_equal(sample_record_id(a.sample_type, true, h, &id),
			 -EINVAL);
	assert_int_equal(sample_record_time(a.sample_type, true, h),
			 (uint64_t)-1);
	/* perf's own record types carry no trailer */
	h->type = 68;
	h->size = 8;
	assert_int_equal(sample_parse(&a, h, &out), 0);
	assert_int_equal(out.type, 0);
}

static void test_id_pos(void **state)
{
	struct perf_event_attr a;
	struct sample in;
	struct perf_event_header *h;
	uint64_t id;

	assert_int_equal(sample_id_pos(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP),
			 0);
	assert_int_equal(sample_id_pos(PERF_SAMPLE_IP | PERF_SAMPLE_TID |
				       PERF_SAMPLE_TIME | PERF_SAMPLE_ID), 3);
	assert_int_equal(sample_id_pos(PERF_SAMPLE_IP), -1);
	assert_int_equal(sample_id_is_pos(PERF_SAMPLE_IDENTIFIER), 1);
	assert_int_equal(sample_id_is_pos(PERF_SAMPLE_ID | PERF_SAMPLE_CPU), 2);
	assert_int_equal(sample_id_is_pos(PERF_SAMPLE_ID | PERF_SAMPLE_CPU |
					  PERF_SAMPLE_STREAM_ID), 3);
	assert_int_equal(sample_id_is_pos(PERF_SAMPLE_TIME), -1);

	fill(&in);
	attr_init(&a, PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			      PERF_SAMPLE_TIME);
	h = build(&a, &in, PERF_RECORD_SAMPLE, 0);
	assert_int_equal(sample_record_id(a.sample_type, true, h, &id), 0);
	assert_int_equal(id, 7);
	assert_int_equal(sample_record_time(a.sample_type, true, h), 123456789);
	h = build(&a, &in, PERF_RECORD_MMAP2, 48);
	assert_int_equal(sample_record_id(a.sample_type, true, h, &id), 0);
	assert_int_equal(id, 7);
	assert_int_equal(sample_record_time(a.sample_type, true, h), 123456789);
	attr_init(&a, PERF_SAMPLE_IP);
	h = build(&a, &in, PERF_RECORD_SAMPLE, 0);
	assert_int_equal(sample_record_id(a.sample_type, true, h, &id),
			 -ENOENT);
}

static void test_synth_nospace(void **state)
{
	struct perf_event_attr a;
	struct sample in;
	uint8_t buf[16];

	fill(&in);
	attr_init(&a, PERF_SAMPLE_IP | PERF_SAMPLE_CALLCHAIN);
	assert_int_equal(sample_synth_size(&a, &in, false), 8 + 8 + 32);
	assert_int_equal(sample_synth(&a, &in, false, buf, sizeof(buf)),
			 -ENOSPC);
}

static void test_names(void **state)
{
	assert_string_equal(sample_record_name(PERF_RECORD_SAMPLE), "SAMPLE");
	assert_string_equal(sample_record_name(PERF_RECORD_MMAP2), "MMAP2");
	assert_string_equal(sample_record_name(PERF_RECORD_KSYMBOL), "KSYMBOL");
	assert_null(sample_record_name(0));
	assert_null(sample_record_name(63));
	assert_null(sample_record_name(1000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_bit),
		cmocka_unit_test(test_weight_struct),
		cmocka_unit_test(test_read_group),
		cmocka_unit_test(test_branch_hw_idx_counters),
		cmocka_unit_test(test_regs_abi_none_and_empty_stack),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_lying_sizes),
		cmocka_unit_test(test_trailer),
		cmocka_unit_test(test_id_pos),
		cmocka_unit_test(test_synth_nospace),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
