// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/tpfmt.h"

static const char write_fmt[] =
"name: sys_enter_write\n"
"ID: 840\n"
"format:\n"
"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
"\n"
"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
"\tfield:unsigned int fd;\toffset:16;\tsize:8;\tsigned:0;\n"
"\tfield:const char * buf;\toffset:24;\tsize:8;\tsigned:0;\n"
"\tfield:size_t count;\toffset:32;\tsize:8;\tsigned:0;\n"
"\n"
"print fmt: \"fd: 0x%08lx, buf: 0x%08lx, count: 0x%08lx\", ((unsigned long)(REC->fd)), "
"((unsigned long)(REC->buf)), ((unsigned long)(REC->count))\n";

static const char uprobe_fmt[] =
"name: hot\n"
"ID: 2001\n"
"format:\n"
"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
"\n"
"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
"\tfield:u64 n;\toffset:16;\tsize:8;\tsigned:0;\n"
"\n"
"print fmt: \"(%lx) n=%Lu\", REC->__probe_ip, REC->n\n";

static const char switch_fmt[] =
"name: sched_switch\n"
"ID: 372\n"
"format:\n"
"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
"\n"
"\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
"\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
"\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
"\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
"\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
"\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n"
"\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n"
"\n"
"print fmt: \"prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s "
"next_pid=%d next_prio=%d\", REC->prev_comm, REC->prev_pid, REC->prev_prio, "
"(REC->prev_state & ((((0x00000000 | 0x00000001 | 0x00000002) + 1) << 1) - 1)) ? "
"__print_flags(REC->prev_state & ((((0x00000000 | 0x00000001 | 0x00000002) + 1) << 1) - 1), "
"\"|\", { 0x00000001, \"S\" }, { 0x00000002, \"D\" }) : \"R\", "
"REC->prev_state & (((0x00000000 | 0x00000001 | 0x00000002) + 1) << 1) ? \"+\" : \"\", "
"REC->next_comm, REC->next_pid, REC->next_prio\n";

static void put(unsigned char *raw, size_t off, uint64_t v, size_t size)
{
	memcpy(raw + off, &v, size);	/* little-endian host */
}

static void test_syscall(void **state)
{
	struct tpfmt *t = tpfmt_new(8, false);
	unsigned char raw[40] = { 0 };
	struct strbuf sb = STRBUF_INIT;
	unsigned long long v;

	assert_non_null(t);
	assert_int_equal(tpfmt_add_format(t, "syscalls", write_fmt, strlen(write_fmt)), 840);
	assert_int_equal(tpfmt_add_format(t, "syscalls", write_fmt, strlen(write_fmt)), -17);
	assert_true(tpfmt_has(t, 840));
	assert_false(tpfmt_has(t, 841));
	assert_true(tpfmt_name(t, 840, &sb));
	assert_string_equal(sb.buf, "syscalls:sys_enter_write");
	strbuf_reset(&sb);

	put(raw, 0, 840, 2);
	put(raw, 4, 1234, 4);
	put(raw, 8, 1, 4);
	put(raw, 16, 1, 8);
	put(raw, 24, 0x563d9eabbb60ull, 8);
	put(raw, 32, 3, 8);
	assert_int_equal(tpfmt_format(t, raw, sizeof(raw), 0, &sb), 0);
	assert_string_equal(sb.buf, "fd: 0x00000001, buf: 0x563d9eabbb60, count: 0x00000003");
	assert_int_equal(tpfmt_field_u64(t, raw, sizeof(raw), "count", &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(tpfmt_field_u64(t, raw, sizeof(raw), "nope", &v), -2);

	put(raw, 0, 999, 2);
	assert_int_equal(tpfmt_format(t, raw, sizeof(raw), 0, &sb), -2);
	assert_int_equal(tpfmt_format(t, raw, 4, 0, &sb), -22);
	strbuf_release(&sb);
	tpfmt_free(t);
}

static void test_uprobe_and_flags(void **state)
{
	struct tpfmt *t = tpfmt_new(8, false);
	unsigned char raw[64] = { 0 };
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(tpfmt_add_format(t, "probe_cpuloop", uprobe_fmt, strlen(uprobe_fmt)), 2001);
	put(raw, 0, 2001, 2);
	put(raw, 8, 0x401136, 8);
	put(raw, 16, 1000000, 8);
	assert_int_equal(tpfmt_format(t, raw, 24, 0, &sb), 0);
	assert_string_equal(sb.buf, "(401136) n=1000000");
	strbuf_reset(&sb);

	assert_int_equal(tpfmt_add_format(t, "sched", switch_fmt, strlen(switch_fmt)), 372);
	memset(raw, 0, sizeof(raw));
	put(raw, 0, 372, 2);
	memcpy(raw + 8, "echo", 4);
	put(raw, 24, 9569, 4);
	put(raw, 28, 120, 4);
	put(raw, 32, 2, 8);
	memcpy(raw + 40, "swapper/0", 9);
	put(raw, 56, 0, 4);
	put(raw, 60, 120, 4);
	assert_int_equal(tpfmt_format(t, raw, 64, 0, &sb), 0);
	assert_string_equal(sb.buf, "prev_comm=echo prev_pid=9569 prev_prio=120 prev_state=D "
			    "==> next_comm=swapper/0 next_pid=0 next_prio=120");
	strbuf_reset(&sb);
	/* char-array fields as text, up to the NUL or the field's end */
	assert_int_equal(tpfmt_field_str(t, raw, 64, "next_comm", &sb), 0);
	assert_string_equal(sb.buf, "swapper/0");
	strbuf_reset(&sb);
	memcpy(raw + 8, "0123456789abcdef", 16);
	assert_int_equal(tpfmt_field_str(t, raw, 64, "prev_comm", &sb), 0);
	assert_string_equal(sb.buf, "0123456789abcdef");
	strbuf_reset(&sb);
	assert_int_equal(tpfmt_field_str(t, raw, 64, "nope", &sb), -2);
	assert_int_equal(tpfmt_field_str(t, raw, 30, "next_comm", &sb), -2);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	tpfmt_free(t);
}

static void test_bad_format(void **state)
{
	struct tpfmt *t = tpfmt_new(8, false);

	assert_int_equal(tpfmt_add_format(t, "x", "garbage", 7), -22);
	assert_int_equal(tpfmt_add_format(t, "x", "name: a\nformat:\n", 17), -22);
	tpfmt_free(t);
	tpfmt_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syscall),
		cmocka_unit_test(test_uprobe_and_flags),
		cmocka_unit_test(test_bad_format),
	};

	return cmocka_run_group_tests_name("tpfmt", tests, NULL, NULL);
}
