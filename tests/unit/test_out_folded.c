// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/out_folded.h"

static char *folded_text(const struct out_fold *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(out_fold_write(f, fp), 0);
	fclose(fp);
	return buf;
}

static void test_aggregate_and_sort(void **state)
{
	struct out_fold *f = out_fold_new();
	const char *s1[] = { "cpuloop", "main", "run", "hot", "spin" };
	const char *s2[] = { "cpuloop", "main", "run", "warm", "spin" };
	const char *s3[] = { "cpuloop", "main", "run" };
	/* bytewise order of whole stacks: ';' (0x3b) sorts after '!' */
	const char *s4[] = { "a", "x" };
	const char *s5[] = { "a!" };
	const char *s6[] = { "ab" };
	char *out;

	out_fold_add(f, s1, 5, 3);
	out_fold_add(f, s2, 5, 1);
	out_fold_add(f, s1, 5, 2);
	out_fold_add(f, s3, 3, 7);
	out_fold_add(f, s4, 2, 1);
	out_fold_add(f, s5, 1, 1);
	out_fold_add(f, s6, 1, 1);
	assert_int_equal(out_fold_total(f), 16);
	assert_int_equal(out_fold_nr_stacks(f), 6);
	out = folded_text(f);
	assert_string_equal(out,
		"a! 1\n"
		"a;x 1\n"
		"ab 1\n"
		"cpuloop;main;run 7\n"
		"cpuloop;main;run;hot;spin 5\n"
		"cpuloop;main;run;warm;spin 1\n");
	free(out);
	out_fold_free(f);
}

static void test_node_api(void **state)
{
	struct out_fold *f = out_fold_new();
	uint32_t a = out_fold_intern(f, "alpha", 5);
	uint32_t b = out_fold_intern(f, "beta-long", 4);	/* "beta" */
	uint32_t n1, n2;

	assert_int_equal(out_fold_intern(f, "alpha", 5), a);
	assert_string_equal(out_fold_name(f, b), "beta");
	assert_int_equal(out_fold_lookup(f, "beta", 4), b);
	assert_int_equal(out_fold_lookup(f, "gamma", 5), -1);
	n1 = out_fold_child(f, OUT_FOLD_ROOT, a);
	n2 = out_fold_child(f, n1, b);
	assert_int_equal(out_fold_child(f, OUT_FOLD_ROOT, a), n1);
	assert_int_equal(out_fold_find_child(f, n1, b), n2);
	assert_int_equal(out_fold_find_child(f, n2, a), -1);
	out_fold_count(f, n2, 4);
	out_fold_count(f, n1, 1);
	assert_int_equal(out_fold_total(f), 5);
	out_fold_free(f);
}

static void test_many(void **state)
{
	struct out_fold *f = out_fold_new();
	char name[32];

	/* enough names and nodes to rehash several times */
	for (int i = 0; i < 5000; i++) {
		const char *st[2] = { "p", name };

		snprintf(name, sizeof(name), "fn%d", i % 2500);
		out_fold_add(f, st, 2, 1);
	}
	assert_int_equal(out_fold_nr_stacks(f), 2500);
	assert_int_equal(out_fold_total(f), 5000);
	out_fold_free(f);
	out_fold_free(NULL);
}

static void test_read(void **state)
{
	static const char text[] = "b;c 2\n\na;b 1\na;b 4\nx 2.6\n";
	struct out_fold *f = out_fold_new();
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	unsigned long line = 0;
	char *out;

	assert_int_equal(out_fold_read(f, fp, &line), 4);
	fclose(fp);
	out = folded_text(f);
	assert_string_equal(out, "a;b 5\nb;c 2\nx 3\n");
	free(out);

	fp = fmemopen((void *)"a 1\nno-count\n", 13, "r");
	assert_int_equal(out_fold_read(f, fp, &line), -22);
	assert_int_equal(line, 2);
	fclose(fp);
	fp = fmemopen((void *)"a -3\n", 5, "r");
	assert_int_equal(out_fold_read(f, fp, &line), -22);
	fclose(fp);
	/* a NUL byte stops the reading at once (binary input, /dev/zero) */
	fp = fmemopen((void *)"a 1\nb\0\0\0 2\n", 12, "r");
	assert_int_equal(out_fold_read(f, fp, &line), -22);
	assert_int_equal(line, 2);
	fclose(fp);
	/* the last line may lack its newline */
	fp = fmemopen((void *)"z 7", 3, "r");
	assert_int_equal(out_fold_read(f, fp, &line), 1);
	fclose(fp);
	out_fold_free(f);
}

static void check_frame(const char *sym, const char *dso, bool java,
			unsigned int ann, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	bool kept = out_fold_frame(&sb, sym, dso, java, ann);

	if (!want) {
		assert_false(kept);
		assert_int_equal(sb.len, 0);
	} else {
		assert_true(kept);
		assert_string_equal(sb.buf, want);
	}
	strbuf_release(&sb);
}

static void test_frame_names(void **state)
{
	check_frame("spin", "/w/cpuloop", false, 0, "spin");
	check_frame("spin+0x3e", "/w/cpuloop", false, 0, "spin");
	check_frame("spin+0x3E", "/w/cpuloop", false, 0, "spin+0x3E");
	check_frame("foo(int, char*)", "/a", false, 0, "foo");
	/* the collapser drops a frame that starts with '(' */
	check_frame("(anonymous namespace)::bar(int)", "/a", false, 0, NULL);
	check_frame("ns::(anonymous namespace)::f()", "/a", false, 0,
		    "ns::(anonymous namespace)::f");
	check_frame("net/http.(*Client).Do", "/a", false, 0, "net/http.(*Client).Do");
	check_frame("a;b", "/a", false, 0, "a:b");
	check_frame("RegExp:[&<>\\\"'] x", "/a", false, 0, "RegExp:[&<>\\] x");
	check_frame(NULL, "/usr/lib/libc.so.6", false, 0, "[libc.so.6]");
	check_frame(NULL, NULL, false, 0, "[unknown]");
	check_frame(NULL, "[unknown]", false, OUT_FOLD_ANN_ALL, "[unknown]");
	check_frame("(deleted)", "/a", false, 0, NULL);
	check_frame("outer->inner", "/a", false, 0, "outer;inner_[i]");
	check_frame("f->", "/a", false, 0, "f");
	check_frame("Lorg/moz/Ctx;.call(Lorg/X;)V", "/tmp/perf-1.map", true, 0,
		    "org/moz/Ctx:.call");
	check_frame("Lorg/moz/Ctx;.call(Lorg/X;)V", "/tmp/perf-1.map", false, 0,
		    "Lorg/moz/Ctx:.call");
	/* annotations */
	check_frame("do_syscall_64+0x5b", "[kernel.kallsyms]", false,
		    OUT_FOLD_ANN_KERNEL, "do_syscall_64_[k]");
	check_frame(NULL, "[kernel.kallsyms]", false, OUT_FOLD_ANN_KERNEL,
		    "[[kernel.kallsyms]]_[k]");
	check_frame("tcp_sendmsg", "/lib/modules/6.1/build/vmlinux", false,
		    OUT_FOLD_ANN_KERNEL, "tcp_sendmsg_[k]");
	check_frame("__vdso_clock_gettime", "[vdso]", false,
		    OUT_FOLD_ANN_KERNEL, "__vdso_clock_gettime_[k]");
	check_frame("do_syscall_64", "[kernel.kallsyms]", false, 0, "do_syscall_64");
	check_frame("Interp", "/tmp/perf-42.map", false, OUT_FOLD_ANN_ALL,
		    "Interp_[j]");
	check_frame("main", "/bin/x", false, OUT_FOLD_ANN_ALL, "main");
}

static void check_pname(const char *line, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	bool ok = out_fold_pname(&sb, line);

	if (!want) {
		assert_false(ok);
	} else {
		assert_true(ok);
		assert_string_equal(sb.buf, want);
	}
	strbuf_release(&sb);
}

static void test_pname(void **state)
{
	check_pname("cpuloop  5856   537.821354:    1001001 cpu-clock:ppp: ", "cpuloop");
	check_pname("V8 WorkerThread 25607 4794564.109216: 104345 cycles:", "V8_WorkerThread");
	check_pname("java 24636/25607 [000] 4794564.109216: 1 cycles:", "java");
	check_pname("kworker/0:1    12 [000] 1.000000: 1 cpu-clock: ", "kworker/0:1");
	check_pname("         cpuloop  5856   537.821354: 1 cpu-clock:", NULL);
	check_pname("x 12", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aggregate_and_sort),
		cmocka_unit_test(test_node_api),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_frame_names),
		cmocka_unit_test(test_pname),
	};

	return cmocka_run_group_tests_name("out_folded", tests, NULL, NULL);
}
