// SPDX-License-Identifier: GPL-2.0
/* latency: per-thread BEGIN->END durations, statistics, histogram */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/latency.h"

#define BAR "@@@@@@@@@@@@@@@@@@@@@@@@@@" "@@@@@@@@@@@@@@@@@@@@@@@@@@"

static char *print(struct latency *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(latency_print(l, fp, "g:a", "g:b"), 0);
	fclose(fp);
	return buf;
}

static void test_parse(void **state)
{
	char *a, *b;
	enum latency_by by;

	assert_int_equal(latency_parse_pair("probe_a:main_L4,probe_a:main_L20",
					    &a, &b), 0);
	assert_string_equal(a, "probe_a:main_L4");
	assert_string_equal(b, "probe_a:main_L20");
	free(a);
	free(b);
	assert_int_equal(latency_parse_pair("x", &a, &b), -EINVAL);
	assert_int_equal(latency_parse_pair(",x", &a, &b), -EINVAL);
	assert_int_equal(latency_parse_pair("x,", &a, &b), -EINVAL);
	assert_int_equal(latency_parse_pair("x,y,z", &a, &b), -EINVAL);
	assert_int_equal(latency_parse_by("comm", &by), 0);
	assert_int_equal(by, LATENCY_BY_COMM);
	assert_int_equal(latency_parse_by("tid", &by), 0);
	assert_int_equal(by, LATENCY_BY_TID);
	assert_int_equal(latency_parse_by("pid", &by), -EINVAL);
}

static void test_percentile(void **state)
{
	uint64_t v[100];

	for (int i = 0; i < 100; i++)
		v[i] = i + 1;
	assert_int_equal(latency_percentile(v, 100, 50), 50);
	assert_int_equal(latency_percentile(v, 100, 90), 90);
	assert_int_equal(latency_percentile(v, 100, 99), 99);
	assert_int_equal(latency_percentile(v, 100, 100), 100);
	assert_int_equal(latency_percentile(v, 1, 99), 1);
	assert_int_equal(latency_percentile(v, 3, 50), 2);
	assert_int_equal(latency_percentile(v, 4, 50), 2);
}

/* two threads interleaved: pairs are per thread, not global */
static void test_pairs_per_thread(void **state)
{
	struct latency *l = latency_new(LATENCY_BY_NONE);
	char *out;

	latency_feed(l, 1, "a", 1000, true, false);
	latency_feed(l, 2, "b", 1500, true, false);
	latency_feed(l, 2, "b", 4500, false, true);	/* 3000 ns */
	latency_feed(l, 1, "a", 6000, false, true);	/* 5000 ns */
	latency_feed(l, 1, "a", 7000, false, true);	/* unmatched */
	latency_feed(l, 1, "a", 8000, true, false);
	latency_feed(l, 1, "a", 9000, true, false);	/* restarts */
	latency_feed(l, 1, "a", 10000, false, true);	/* 1000 ns */
	latency_feed(l, 3, "c", 11000, true, false);	/* never ends */
	assert_int_equal(latency_count(l), 3);
	out = print(l);
	assert_non_null(strstr(out, "# Latency from g:a to g:b, per thread: "
			       "3 intervals\n"));
	assert_non_null(strstr(out, "# 1 g:b event without an open g:a "
			       "ignored\n"));
	/* min 1us, avg 3us, p50 3us, p90 5us, p99 5us, max 5us */
	assert_non_null(strstr(out,
		"         3        1.000        3.000        3.000        "
		"5.000        5.000        5.000\n"));
	assert_non_null(strstr(out, "@usecs:\n"
		"[1]                     1 |" BAR "|\n"
		"[2, 4)                  1 |" BAR "|\n"
		"[4, 8)                  1 |" BAR "|\n"));
	free(out);
	latency_free(l);
}

static void test_by_comm_and_tid(void **state)
{
	struct latency *l = latency_new(LATENCY_BY_COMM);
	char *out;

	for (int i = 0; i < 4; i++) {
		latency_feed(l, 10, "fast", i * 10000000ull, true, false);
		latency_feed(l, 10, "fast", i * 10000000ull + 2000000, false,
			     true);
	}
	latency_feed(l, 11, "slow", 0, true, false);
	latency_feed(l, 11, "slow", 3000000000ull, false, true);
	out = print(l);
	/* the bigger group first; 2000 us lands in [1K, 2K) (K = 1024) */
	assert_non_null(strstr(out, "\ncomm: fast\n"));
	assert_true(strstr(out, "comm: fast") < strstr(out, "comm: slow"));
	assert_non_null(strstr(out, "[1K, 2K)                4 |" BAR "|"));
	assert_non_null(strstr(out, "[2M, 4M)                1 |" BAR "|"));
	free(out);
	latency_free(l);

	l = latency_new(LATENCY_BY_TID);
	latency_feed(l, 77, "x", 0, true, false);
	latency_feed(l, 77, "x", 0, false, true);	/* 0 ns: bucket [0] */
	out = print(l);
	assert_non_null(strstr(out, "\ntid: 77\n"));
	assert_non_null(strstr(out, "\n[0]                     1 |@@@@"));
	free(out);
	latency_free(l);
}

/* the same event as BEGIN and END: time between consecutive hits */
static void test_same_event(void **state)
{
	struct latency *l = latency_new(LATENCY_BY_NONE);

	for (int i = 0; i < 5; i++)
		latency_feed(l, 1, "p", i * 1000, true, true);
	assert_int_equal(latency_count(l), 4);
	latency_free(l);
}

/* many threads: the table grows and keeps every thread's state */
static void test_many_threads(void **state)
{
	struct latency *l = latency_new(LATENCY_BY_NONE);

	for (uint32_t t = 0; t < 5000; t++)
		latency_feed(l, t, NULL, t, true, false);
	for (uint32_t t = 0; t < 5000; t++)
		latency_feed(l, t, NULL, t + 100, false, true);
	assert_int_equal(latency_count(l), 5000);
	latency_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_pairs_per_thread),
		cmocka_unit_test(test_by_comm_and_tid),
		cmocka_unit_test(test_same_event),
		cmocka_unit_test(test_many_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
