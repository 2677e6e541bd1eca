// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/out_flamegraph.h"

static char *svg_of(const struct out_fold *f, const struct out_flame_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(out_flamegraph_write(f, o, fp), 0);
	fclose(fp);
	return buf;
}

/* the width of the frame whose title starts with @name" (" */
static double frame_width(const char *svg, const char *name)
{
	char key[256];
	const char *p, *w;

	snprintf(key, sizeof(key), "<title>%s (", name);
	p = strstr(svg, key);
	if (!p)
		return -1;
	w = strstr(p, "width=\"");
	assert_non_null(w);
	return strtod(w + 7, NULL);
}

static int count(const char *s, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_widths(void **state)
{
	struct out_fold *f = out_fold_new();
	const char *a[] = { "prog", "main", "hot" };
	const char *b[] = { "prog", "main", "warm" };
	const char *c[] = { "prog", "main" };
	char *svg;

	out_fold_add(f, a, 3, 600);
	out_fold_add(f, b, 3, 300);
	out_fold_add(f, c, 2, 100);
	svg = svg_of(f, NULL);
	/* 1200 px wide, 10 px of padding each side */
	assert_true(frame_width(svg, "all") > 1179.99 && frame_width(svg, "all") < 1180.01);
	assert_true(frame_width(svg, "prog") > 1179.99);
	assert_true(frame_width(svg, "hot") > 707.99 && frame_width(svg, "hot") < 708.01);
	assert_true(frame_width(svg, "warm") > 353.99 && frame_width(svg, "warm") < 354.01);
	assert_non_null(strstr(svg, "<title>hot (600 samples, 60.00%)</title>"));
	assert_non_null(strstr(svg, "<title>all (1,000 samples, 100.00%)</title>"));
	assert_int_equal(count(svg, "<g class=\"f\""), 5);
	assert_non_null(strstr(svg, "<svg "));
	assert_non_null(strstr(svg, "</svg>\n"));
	assert_non_null(strstr(svg, "<text id=\"title\" x=\"600.00\" y=\"24\">Flame Graph</text>"));
	/* no reference to anything on the network but the SVG namespace */
	assert_int_equal(count(svg, "http"), 1);
	free(svg);
	out_fold_free(f);
}

static void test_escaping(void **state)
{
	struct out_fold *f = out_fold_new();
	const char *a[] = { "p", "operator<<(a&\"b\")", "x\x01y" };
	const char *b[] = { "p", "bad\xff\xc3utf\xc3\xa9" };
	struct out_flame_opts o = { .title = "T <&> \"q\"" };
	char *svg;

	out_fold_add(f, a, 3, 10);
	out_fold_add(f, b, 2, 10);
	svg = svg_of(f, &o);
	assert_non_null(strstr(svg, "operator&lt;&lt;(a&amp;&quot;b&quot;)"));
	assert_null(strstr(svg, "operator<<"));
	assert_null(strstr(svg, "a&\""));
	assert_non_null(strstr(svg, ">T &lt;&amp;&gt; &quot;q&quot;</text>"));
	assert_non_null(strstr(svg, "x?y"));
	/* invalid UTF-8 bytes become '?', a valid sequence stays */
	assert_non_null(strstr(svg, "bad??utf\xc3\xa9"));
	free(svg);
	out_fold_free(f);
}

static void test_kinds_and_narrow(void **state)
{
	struct out_fold *f = out_fold_new();
	const char *k[] = { "p", "entry_SYSCALL_64_[k]", "do_syscall_64_[k]" };
	const char *u[] = { "p", "main" };
	const char *tiny[] = { "p", "tiny" };
	char *svg;

	out_fold_add(f, k, 3, 500000);
	out_fold_add(f, u, 2, 500000);
	out_fold_add(f, tiny, 2, 1);	/* 0.001 px: left out */
	svg = svg_of(f, NULL);
	/* annotations are not shown in names; kernel frames are blue */
	assert_non_null(strstr(svg, "<title>do_syscall_64 ("));
	assert_null(strstr(svg, "_[k]"));
	assert_null(strstr(svg, "<title>tiny"));
	{
		const char *p = strstr(svg, "<title>do_syscall_64 (");
		const char *fill = strstr(p, "fill=\"rgb(");
		int r, g, b;

		assert_int_equal(sscanf(fill, "fill=\"rgb(%d,%d,%d)", &r, &g, &b), 3);
		assert_true(b > r && b > 200);
	}
	free(svg);
	out_fold_free(f);
}

static void test_diff(void **state)
{
	struct out_fold *now = out_fold_new(), *before = out_fold_new();
	const char *a[] = { "p", "grew" };
	const char *b[] = { "p", "shrank" };
	struct out_flame_opts o = { .base = before };
	char *svg;

	out_fold_add(before, a, 2, 10);
	out_fold_add(before, b, 2, 90);
	out_fold_add(now, a, 2, 60);
	out_fold_add(now, b, 2, 40);
	svg = svg_of(now, &o);
	assert_non_null(strstr(svg, "<title>grew (60 samples, 60.00%; +50.00%)"));
	assert_non_null(strstr(svg, "<title>shrank (40 samples, 40.00%; -50.00%)"));
	free(svg);
	out_fold_free(now);
	out_fold_free(before);
}

/* the fill of the frame whose title starts with @name" (" */
static void frame_fill(const char *svg, const char *name, int rgb[3])
{
	char key[256];
	const char *p, *fill;

	snprintf(key, sizeof(key), "<title>%s (", name);
	p = strstr(svg, key);
	assert_non_null(p);
	fill = strstr(p, "fill=\"rgb(");
	assert_non_null(fill);
	assert_int_equal(sscanf(fill, "fill=\"rgb(%d,%d,%d)", &rgb[0], &rgb[1], &rgb[2]), 3);
}

/* off-CPU time: frames with only off-CPU time blue, mixed ones warm */
static void test_offcpu(void **state)
{
	struct out_fold *f = out_fold_new();
	const char *run[] = { "prog", "main", "burn" };
	const char *wait[] = { "prog", "main", "nap", "schedule_[k]" };
	uint32_t node = OUT_FOLD_ROOT;
	int rgb[3];
	char *svg;

	out_fold_add(f, run, 3, 300);
	for (int i = 0; i < 4; i++)
		node = out_fold_child(f, node, out_fold_intern(f, wait[i], strlen(wait[i])));
	out_fold_count_off(f, node, 700);
	assert_int_equal(out_fold_total(f), 1000);
	assert_int_equal(out_fold_total_off(f), 700);
	svg = svg_of(f, NULL);
	frame_fill(svg, "nap", rgb);
	assert_int_equal(rgb[0], rgb[1]);
	assert_true(rgb[2] >= 190);
	frame_fill(svg, "schedule", rgb);	/* not the kernel's blue */
	assert_int_equal(rgb[0], rgb[1]);
	frame_fill(svg, "burn", rgb);
	assert_true(rgb[0] >= 205);
	assert_non_null(strstr(svg, "<title>main (1,000 samples, 100.00%; off-CPU 70.00%)"));
	assert_non_null(strstr(svg, ">off-CPU</text>"));
	free(svg);
	out_fold_free(f);

	/* no off-CPU time: no legend entry */
	f = out_fold_new();
	out_fold_add(f, run, 3, 300);
	svg = svg_of(f, NULL);
	assert_null(strstr(svg, "off-CPU"));
	free(svg);
	out_fold_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_kinds_and_narrow),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_offcpu),
	};

	return cmocka_run_group_tests_name("out_flamegraph", tests, NULL, NULL);
}
