// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/sfilter.h"

#define S 1000000000ull

static void test_abs(void **state)
{
	struct sfilter_range *r;
	size_t n;

	(void)state;
	assert_int_equal(sfilter_parse_time("10.5,11", 0, 0, &r, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].start, 10 * S + S / 2);
	assert_int_equal(r[0].end, 11 * S);
	assert_true(sfilter_time_skip(r, n, 10 * S));
	assert_false(sfilter_time_skip(r, n, 11 * S));
	assert_true(sfilter_time_skip(r, n, 11 * S + 1));
	assert_false(sfilter_time_skip(r, n, 0));	/* no time: kept */
	free(r);
	assert_int_equal(sfilter_parse_time(",5", 0, 0, &r, &n), 0);
	assert_int_equal(r[0].start, 0);
	assert_false(sfilter_time_skip(r, n, 1));
	free(r);
	/* several ranges, apart by spaces; an open end last */
	assert_int_equal(sfilter_parse_time("1,2 3,", 0, 0, &r, &n), 0);
	assert_int_equal(n, 2);
	assert_false(sfilter_time_skip(r, n, 1 * S));
	assert_true(sfilter_time_skip(r, n, 2 * S + 1));
	assert_false(sfilter_time_skip(r, n, 100 * S));
	free(r);
}

static void test_bad(void **state)
{
	struct sfilter_range *r;
	size_t n;

	(void)state;
	assert_int_equal(sfilter_parse_time("5,3", 0, 0, &r, &n), -EINVAL);
	assert_int_equal(sfilter_parse_time("1,3 2,4", 0, 0, &r, &n), -EINVAL);
	assert_int_equal(sfilter_parse_time("abc", 0, 0, &r, &n), -EINVAL);
	assert_int_equal(sfilter_parse_time("1.0123456789,2", 0, 0, &r, &n), -EINVAL);
	assert_int_equal(sfilter_parse_time("10%/2", 0, 0, &r, &n), -ENODATA);
	assert_int_equal(sfilter_parse_time("0%/2", 100, 200, &r, &n), -EINVAL);
	assert_int_equal(sfilter_parse_time("120%", 100, 200, &r, &n), -EINVAL);
}

static void test_percent(void **state)
{
	struct sfilter_range *r;
	size_t n;

	(void)state;
	/* the second tenth of [1000, 2000]: perf's end is one ns short */
	assert_int_equal(sfilter_parse_time("10%/2", 1000, 2000, &r, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].start, 1100);
	assert_int_equal(r[0].end, 1199);
	free(r);
	assert_int_equal(sfilter_parse_time("0%-10%,30%-40%", 1000, 2000, &r, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[1].start, 1300);
	assert_int_equal(r[1].end, 1399);
	assert_true(sfilter_time_skip(r, n, 1200));
	assert_false(sfilter_time_skip(r, n, 1350));
	free(r);
	/* up to the end: the last sample is kept */
	assert_int_equal(sfilter_parse_time("50%-100%", 1000, 2000, &r, &n), 0);
	assert_int_equal(r[0].end, 2000);
	free(r);
	assert_int_equal(sfilter_parse_time("50%", 1000, 2000, &r, &n), 0);
	assert_int_equal(r[0].start, 1000);
	assert_int_equal(r[0].end, 1499);
	free(r);
}

static char fixture[512];

static struct session *open_fixture(const char *name)
{
	const char *top = getenv("TOP");
	struct session_opts so = { .path = fixture };
	struct strbuf err = STRBUF_INIT;
	struct session *s;

	snprintf(fixture, sizeof(fixture), "%s/tests/data/%s",
		 top ? top : ".", name);
	s = session_open(&so, &err);
	if (!s)
		fail_msg("%s", err.buf);
	assert_int_equal(err.len, 0);
	strbuf_release(&err);
	return s;
}

/* sfilter_new() on @s: NULL and the message appended to @err, or not */
static void expect_new(struct session *s, const struct sfilter_opts *o,
		       const char *want)
{
	struct strbuf err = STRBUF_INIT;
	struct strbuf msg = STRBUF_INIT;
	struct sfilter *f;

	strbuf_addstr(&err, "before: ");
	f = sfilter_new(o, s, &err);
	if (!want) {
		assert_non_null(f);
		assert_string_equal(err.buf, "before: ");
		sfilter_free(f);
	} else {
		assert_null(f);
		strbuf_addf(&msg, "before: %s", want);
		assert_string_equal(err.buf, msg.buf);
		/* and without a message */
		assert_null(sfilter_new(o, s, NULL));
	}
	strbuf_release(&msg);
	strbuf_release(&err);
}

static void test_new_errors(void **state)
{
	struct session *s = open_fixture("cpuclock-g.data");
	struct strbuf want = STRBUF_INIT;

	(void)state;
	expect_new(s, &(struct sfilter_opts){ .pids = "1,2" }, NULL);
	expect_new(s, &(struct sfilter_opts){ .pids = "1,x" },
		   "bad pid list '1,x'");
	expect_new(s, &(struct sfilter_opts){ .tids = "-" },
		   "bad tid list '-'");
	expect_new(s, &(struct sfilter_opts){ .cpus = "0-" },
		   "bad cpu list '0-'");
	strbuf_addf(&want, "'%s' does not contain CPU events: remove -C to proceed",
		    fixture);
	expect_new(s, &(struct sfilter_opts){ .cpus = "0" }, want.buf);
	expect_new(s, &(struct sfilter_opts){ .time = "10%" }, NULL);
	expect_new(s, &(struct sfilter_opts){ .time = "x" },
		   "invalid --time 'x': give START,STOP in seconds (either may be empty, ranges apart by spaces) or percentages (10%/2, 0%-10%,30%-40%)");
	session_free(s);

	s = open_fixture("syswide.data");
	expect_new(s, &(struct sfilter_opts){ .cpus = "1" }, NULL);
	strbuf_reset(&want);
	strbuf_addf(&want, "requested CPU 5 too large: '%s' was recorded with 2 cpus",
		    fixture);
	expect_new(s, &(struct sfilter_opts){ .cpus = "1,5" }, want.buf);
	session_free(s);

	s = open_fixture("pipe-g.data");
	strbuf_reset(&want);
	strbuf_addf(&want, "--time '10%%': '%s' has no first/last sample time (SAMPLE_TIME header)",
		    fixture);
	expect_new(s, &(struct sfilter_opts){ .time = "10%" }, want.buf);
	session_free(s);
	strbuf_release(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abs),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_new_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
