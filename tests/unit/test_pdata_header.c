// SPDX-License-Identifier: GPL-2.0
/*
 * Feature sections of the perf.data reader (pdata-header.c): hostile
 * topology sections, PMU capabilities and hybrid topology as perf report
 * --header-only prints them, record and feature names.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ptool/pdata.h"
#include "pdatatest.h"

static const uint64_t ids0[] = { 101, 102 };

static void test_bad_topology(void **state)
{
	int fd = tu_tmp_open();
	struct pdata_writer *w = pdata_writer_new(fd, 0);
	struct perf_event_attr a;
	/* version, block size, 1 node: node 0, size, then a bitmap of 2^64-1
	 * bits (a fuzzer's find: the word count overflowed) */
	uint64_t mem[] = { 1, 0x8000000, 1, 0, 64, (uint64_t)-1, 0xff };
	uint32_t topo[] = { 5000, 1, 2 };	/* 5000 strings, then junk */
	uint32_t cache[] = { 1, 3, 1, 64, 64, 8, 4000 };	/* bad string */
	char *buf = NULL;
	size_t len = 0;
	struct pdata *p;
	FILE *f;

	tu_attr_cpu_clock(&a);
	pdata_writer_add_attr(w, &a, "cpu-clock", ids0, 2);
	pdata_writer_set_nrcpus(w, 2, 1000);
	pdata_writer_set_feat_raw(w, PDATA_FEAT_MEM_TOPOLOGY, mem, sizeof(mem));
	pdata_writer_set_feat_raw(w, PDATA_FEAT_CPU_TOPOLOGY, topo, sizeof(topo));
	pdata_writer_set_feat_raw(w, PDATA_FEAT_CACHE, cache, sizeof(cache));
	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	close(fd);
	p = pdata_open(tu_path, NULL);
	assert_non_null(p);
	f = open_memstream(&buf, &len);
	assert_int_equal(pdata_fprintf_header(p, f, PDATA_HDR_FULL), 0);
	fclose(f);
	assert_non_null(strstr(buf, "# memory nodes (nr 1, block size 0x8000000):\n"));
	assert_non_null(strstr(buf, "# CPU_TOPOLOGY: unable to read\n"));
	assert_non_null(strstr(buf, "# CPU cache info:\n# memory nodes"));
	free(buf);
	pdata_close(p);
	unlink(tu_path);
}

/* a perf_header_string at @b; returns the bytes used */
static size_t put_hstr(uint8_t *b, const char *s)
{
	uint32_t len = 16;	/* room for the short strings used here */

	memcpy(b, &len, 4);
	memset(b + 4, 0, len);
	memcpy(b + 4, s, strlen(s));
	return 4 + len;
}

static void test_pmu_caps(void **state)
{
	int fd = tu_tmp_open();
	struct pdata_writer *w = pdata_writer_new(fd, 0);
	struct perf_event_attr a;
	uint8_t cpu[256], pmus[256], hy[64];
	size_t n = 0, m = 0, h;
	uint32_t v;
	char *buf = NULL;
	size_t len = 0;
	struct pdata *p;
	FILE *f;

	v = 2;
	memcpy(cpu, &v, 4);
	n = 4;
	n += put_hstr(cpu + n, "branches");
	n += put_hstr(cpu + n, "32");
	n += put_hstr(cpu + n, "max_prec");
	n += put_hstr(cpu + n, "3");
	v = 1;				/* one PMU */
	memcpy(pmus, &v, 4);
	memcpy(pmus + 4, &v, 4);	/* with one capability */
	m = 8;
	m += put_hstr(pmus + m, "slots");
	m += put_hstr(pmus + m, "8");
	m += put_hstr(pmus + m, "cpu_core");

	tu_attr_cpu_clock(&a);
	pdata_writer_add_attr(w, &a, "cpu-clock", ids0, 2);
	pdata_writer_set_feat_raw(w, PDATA_FEAT_CPU_PMU_CAPS, cpu, n);
	pdata_writer_set_feat_raw(w, PDATA_FEAT_PMU_CAPS, pmus, m);
	v = 1;				/* one hybrid node */
	memcpy(hy, &v, 4);
	h = 4;
	h += put_hstr(hy + h, "cpu_atom");
	h += put_hstr(hy + h, "4-7");
	pdata_writer_set_feat_raw(w, PDATA_FEAT_HYBRID_TOPOLOGY, hy, h);
	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	close(fd);
	p = pdata_open(tu_path, NULL);
	assert_non_null(p);
	f = open_memstream(&buf, &len);
	assert_int_equal(pdata_fprintf_header(p, f, 0), 0);
	fclose(f);
	assert_non_null(strstr(buf, "# cpu pmu capabilities: branches=32, max_prec=3\n"));
	assert_non_null(strstr(buf, "# cpu_core pmu capabilities: slots=8\n"));
	assert_non_null(strstr(buf, "# HYBRID_TOPOLOGY info available, use -I to display\n"));
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(pdata_fprintf_header(p, f, PDATA_HDR_FULL), 0);
	fclose(f);
	assert_non_null(strstr(buf, "# hybrid cpu system:\n# cpu_atom cpu list : 4-7\n"));
	free(buf);
	pdata_close(p);
	unlink(tu_path);
}

static void test_names(void **state)
{
	assert_string_equal(pdata_record_name(PERF_RECORD_SAMPLE), "SAMPLE");
	assert_string_equal(pdata_record_name(PDATA_RECORD_FINISHED_ROUND),
			    "FINISHED_ROUND");
	assert_string_equal(pdata_record_name(PDATA_RECORD_HEADER_ATTR), "ATTR");
	assert_string_equal(pdata_record_name(30), "UNKNOWN");
	assert_string_equal(pdata_record_name(5000), "UNKNOWN");
	assert_string_equal(pdata_feat_name(PDATA_FEAT_EVENT_DESC), "EVENT_DESC");
	assert_null(pdata_feat_name(200));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_topology),
		cmocka_unit_test(test_pmu_caps),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
