// SPDX-License-Identifier: GPL-2.0
/*
 * The perf_event_attr field table: every byte and flag bit of the attr
 * belongs to one row (the reserved ones to none), the values are written
 * as perf writes them in both styles, and the two printers built on it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/attrfmt.h"
#include "ptool/evsel.h"
#include "ptool/pdata.h"

struct collect {
	struct strbuf text;
	size_t nr;
	const char *last;
};

static void collect_cb(const char *name, const char *value, void *arg)
{
	struct collect *c = arg;

	strbuf_addf(&c->text, "%s=%s;", name, value);
	c->nr++;
	c->last = name;
}

static size_t field_index(const char *name)
{
	for (size_t i = 0; i < attrfmt_nr_fields; i++)
		if (!strcmp(attrfmt_fields[i].name, name))
			return i;
	fail_msg("no field %s", name);
	return 0;
}

/* the fields a bit of the attr shows in; NULL for none */
static const char *field_of_bit(size_t bit, size_t *nr)
{
	struct perf_event_attr a;
	struct collect c = { STRBUF_INIT, 0, NULL };

	memset(&a, 0, sizeof(a));
	((uint8_t *)&a)[bit / 8] = (uint8_t)(1u << (bit % 8));
	attrfmt_for_each(&a, ATTRFMT_HEADER, collect_cb, &c);
	strbuf_release(&c.text);
	*nr = c.nr;
	return c.last;
}

/*
 * Each bit of the attr shows in at most one field, every field is shown
 * by some bit, the bits of one field are contiguous, and the reserved
 * bits show in none.
 */
static void test_coverage(void **state)
{
	size_t hits[128] = { 0 }, first[128], last[128];
	size_t bit, nr, i;

	(void)state;
	assert_true(attrfmt_nr_fields < 128);
	for (bit = 0; bit < sizeof(struct perf_event_attr) * 8; bit++) {
		const char *name = field_of_bit(bit, &nr);
		bool reserved = (bit >= 40 * 8 + 38 && bit < 48 * 8) ||
			(bit >= offsetof(struct perf_event_attr, __reserved_2) * 8 &&
			 bit < offsetof(struct perf_event_attr, __reserved_2) * 8 + 16) ||
			(bit >= offsetof(struct perf_event_attr, __reserved_3) * 8 &&
			 bit < offsetof(struct perf_event_attr, __reserved_3) * 8 + 32);

		if (reserved) {
			assert_int_equal(nr, 0);
			continue;
		}
		assert_int_equal(nr, 1);
		i = field_index(name);
		if (!hits[i]++)
			first[i] = bit;
		last[i] = bit;
	}
	for (i = 0; i < attrfmt_nr_fields; i++) {
		assert_true(hits[i] > 0);
		assert_int_equal(last[i] - first[i] + 1, hits[i]);
	}
	/* a few by place: the flag word in perf_event.h's order */
	assert_string_equal(field_of_bit(40 * 8, &nr), "disabled");
	assert_string_equal(field_of_bit(40 * 8 + 15, &nr), "precise_ip");
	assert_string_equal(field_of_bit(40 * 8 + 16, &nr), "precise_ip");
	assert_string_equal(field_of_bit(40 * 8 + 17, &nr), "mmap_data");
	assert_string_equal(field_of_bit(40 * 8 + 37, &nr), "sigtrap");
	assert_string_equal(field_of_bit(16 * 8 + 3, &nr),
			    "{ sample_period, sample_freq }");
	assert_string_equal(field_of_bit(56 * 8, &nr), "{ bp_addr, config1 }");
	assert_string_equal(field_of_bit(127 * 8 + 7, &nr), "sig_data");
}

static void check(const struct perf_event_attr *a, enum attrfmt_style style,
		  const char *want)
{
	struct collect c = { STRBUF_INIT, 0, NULL };

	attrfmt_for_each(a, style, collect_cb, &c);
	assert_string_equal(c.text.buf, want);
	strbuf_release(&c.text);
}

/* the kinds of value, and where the two styles differ */
static void test_values(void **state)
{
	struct perf_event_attr a;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	memset(&a, 0, sizeof(a));
	/* all zero: the header prints nothing, -vv the size */
	check(&a, ATTRFMT_HEADER, "");
	check(&a, ATTRFMT_VERBOSE, "size=0;");
	assert_false(attrfmt_value(&attrfmt_fields[field_index("type")], &a,
				   ATTRFMT_VERBOSE, &sb));
	assert_int_equal(sb.len, 0);

	a.type = PERF_TYPE_SOFTWARE;
	a.size = sizeof(a);
	a.config = 0x3;
	a.sample_period = 4000;
	a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			(1ull << 60);
	a.read_format = PERF_FORMAT_ID | PERF_FORMAT_LOST;
	a.freq = 1;
	a.precise_ip = 3;
	a.wakeup_events = 7;
	a.config1 = 0xabc;
	a.branch_sample_type = PERF_SAMPLE_BRANCH_USER |
			       PERF_SAMPLE_BRANCH_ANY_CALL;
	a.sample_regs_user = 0xff;
	a.clockid = -1;
	a.sample_max_stack = 127;
	a.sig_data = 255;
	/* the two styles differ in branch_sample_type and sig_data only */
#define SAME "type=1;size=128;config=0x3;"				\
	     "{ sample_period, sample_freq }=4000;"			\
	     "sample_type=IP|TID|TIME|0x1000000000000000;"		\
	     "read_format=ID|LOST;freq=1;precise_ip=3;"			\
	     "{ wakeup_events, wakeup_watermark }=7;"			\
	     "{ bp_addr, config1 }=0xabc;"
	check(&a, ATTRFMT_HEADER,
	      SAME "branch_sample_type=USER|ANY_CALL;sample_regs_user=0xff;"
	      "clockid=-1;sample_max_stack=127;sig_data=255;");
	check(&a, ATTRFMT_VERBOSE,
	      SAME "branch_sample_type=0x11;sample_regs_user=0xff;"
	      "clockid=-1;sample_max_stack=127;sig_data=0xff;");
#undef SAME
	/* the largest values */
	memset(&a, 0, sizeof(a));
	a.config = UINT64_MAX;
	a.sample_period = UINT64_MAX;
	a.bp_type = UINT32_MAX;
	a.clockid = INT32_MIN;
	check(&a, ATTRFMT_HEADER,
	      "config=0xffffffffffffffff;"
	      "{ sample_period, sample_freq }=18446744073709551615;"
	      "bp_type=4294967295;clockid=-2147483648;");
	strbuf_release(&sb);
}

/* the two printers: -vv lines and the header's "# event :" text */
static void test_printers(void **state)
{
	static const char vv[] =
		"------------------------------------------------------------\n"
		"perf_event_attr:\n"
		"  type                             1\n"
		"  size                             128\n"
		"  config                           0x1\n"
		"  sample_type                      IP\n"
		"  disabled                         1\n"
		"  branch_sample_type               0x8\n"
		"------------------------------------------------------------\n";
	struct perf_event_attr a;
	struct evsel *e;
	const uint64_t ids[] = { 5, 9 };
	struct pdata_attr pa;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_TASK_CLOCK;
	a.sample_type = PERF_SAMPLE_IP;
	a.disabled = 1;
	a.branch_sample_type = PERF_SAMPLE_BRANCH_ANY;
	e = evsel_new(&a, "task-clock", EVSEL_SOFTWARE);
	f = open_memstream(&buf, &len);
	assert_int_equal(evsel_fprintf_attr(e, f), (int)strlen(vv));
	fclose(f);
	assert_string_equal(buf, vv);
	free(buf);
	evsel_free(e);

	pa.attr = a;
	pa.name = "task-clock";
	pa.ids = ids;
	pa.nr_ids = 2;
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(pdata_fprintf_attr(&pa, f), 0);
	fclose(f);
	assert_string_equal(buf,
			    "name = task-clock, , id = { 5, 9 }, type = 1, "
			    "config = 0x1, sample_type = IP, disabled = 1, "
			    "branch_sample_type = ANY");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_printers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
