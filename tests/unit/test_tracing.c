// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "ptool/tracing.h"

#include "testutil.h"

static char root[64];

static void put_file(const char *rel, const char *text)
{
	assert_int_equal(tu_put_file(root, rel, text), 0);
}

static const char write_fmt[] =
	"name: sys_enter_write\nID: 700\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned int fd;\toffset:16;\tsize:8;\tsigned:0;\n\n"
	"print fmt: \"fd: 0x%08lx\", ((unsigned long)(REC->fd))\n";
static const char read_fmt[] = "name: sys_enter_read\nID: 701\nformat:\n";
static const char probe_fmt[] = "name: main_L4\nID: 1500\nformat:\n"
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n";
static const char fn_fmt[] = "name: function\nID: 1\nformat:\n";

static int setup(void **state)
{
	strcpy(root, "/tmp/ptool-tracing.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	put_file("events/header_page", "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n");
	put_file("events/header_event", "# compressed entry header\n");
	put_file("events/syscalls/sys_enter_write/format", write_fmt);
	put_file("events/syscalls/sys_enter_read/format", read_fmt);
	put_file("events/probe_a/main_L4/format", probe_fmt);
	put_file("events/ftrace/function/format", fn_fmt);
	put_file("printk_formats", "0xffffffff81000000 : \"hello\"\n");
	/* no saved_cmdlines: written as an empty section */
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void check_event(const struct tracing_data *td, const char *sys,
			const char *name, int id, const char *text)
{
	const struct tracing_event *e = tracing_data_find(td, sys, name);

	assert_non_null(e);
	assert_string_equal(e->system, sys);
	assert_string_equal(e->name, name);
	assert_int_equal(e->id, id);
	assert_int_equal(e->format_len, strlen(text));
	assert_memory_equal(e->format, text, strlen(text));
	assert_int_equal(e->format[e->format_len], '\0');
	assert_ptr_equal(tracing_data_find_id(td, id), e);
}

static void test_round_trip(void **state)
{
	struct tfs *t = tfs_open(root);
	const struct tracing_tp tps[] = {
		{ "syscalls", "sys_enter_write" },
		{ "probe_a", "main_L4" },
		{ "syscalls", "sys_enter_read" },
		{ "syscalls", "sys_enter_write" },	/* a duplicate */
		{ "ftrace", "function" },
	};
	struct strbuf sb = STRBUF_INIT;
	struct tracing_data *td;

	assert_non_null(t);
	strbuf_addstr(&sb, "xx");	/* appended, not replaced */
	assert_int_equal(tracing_data_write(t, tps, 5, &sb), 0);
	assert_memory_equal(sb.buf, "xx\x17\x08\x44tracing0.6", 15);
	td = tracing_data_parse(sb.buf + 2, sb.len - 2);
	assert_non_null(td);
	assert_string_equal(td->version, "0.6");
	assert_false(td->big_endian);
	assert_int_equal(td->long_size, sizeof(long));
	assert_int_equal(td->page_size, 4096);
	assert_int_equal(td->nr_events, 4);
	check_event(td, "syscalls", "sys_enter_write", 700, write_fmt);
	check_event(td, "syscalls", "sys_enter_read", 701, read_fmt);
	check_event(td, "probe_a", "main_L4", 1500, probe_fmt);
	check_event(td, "ftrace", "function", 1, fn_fmt);
	assert_string_equal(td->events[0].system, "ftrace");
	assert_non_null(tracing_data_find(td, NULL, "main_L4"));
	assert_null(tracing_data_find(td, "syscalls", "main_L4"));
	assert_null(tracing_data_find_id(td, 12345));
	assert_non_null(strstr(td->header_page, "timestamp"));
	assert_int_equal(td->header_event_len, strlen("# compressed entry header\n"));
	assert_int_equal(td->kallsyms_len, 0);
	assert_string_equal(td->printk, "0xffffffff81000000 : \"hello\"\n");
	/* no saved_cmdlines: only the newlines that make whole u64 words */
	assert_true(td->cmdlines_len < 8);
	assert_int_equal(strspn(td->cmdlines, "\n"), td->cmdlines_len);
	assert_int_equal((sb.len - 2) % 8, 0);

	/* every truncation is refused, none crashes */
	for (size_t n = 0; n < sb.len - 2; n++) {
		struct tracing_data *bad = tracing_data_parse(sb.buf + 2, n);

		assert_null(bad);
		assert_int_equal(errno, EINVAL);
	}
	tracing_data_free(td);
	tracing_data_free(NULL);
	strbuf_release(&sb);
	tfs_free(t);
}

static void test_missing(void **state)
{
	struct tfs *t = tfs_open(root);
	const struct tracing_tp tps[] = {
		{ "syscalls", "sys_enter_write" },
		{ "nosuch", "event" },
	};
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(tracing_data_write(t, tps, 2, &sb), -ENOENT);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	tfs_free(t);
}

static void test_no_tracepoints(void **state)
{
	struct tfs *t = tfs_open(root);
	struct strbuf sb = STRBUF_INIT;
	struct tracing_data *td;

	assert_int_equal(tracing_data_write(t, NULL, 0, &sb), 0);
	td = tracing_data_parse(sb.buf, sb.len);
	assert_non_null(td);
	assert_int_equal(td->nr_events, 0);
	tracing_data_free(td);
	strbuf_release(&sb);
	tfs_free(t);
}

static void be32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };

	strbuf_add(sb, b, 4);
}

static void be64(struct strbuf *sb, uint64_t v)
{
	be32(sb, (uint32_t)(v >> 32));
	be32(sb, (uint32_t)v);
}

/* a big-endian recorder's blob, version 0.5 (no saved_cmdlines) */
static void test_big_endian(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct tracing_data *td;

	strbuf_add(&sb, "\x17\x08\x44tracing0.5", 14);
	strbuf_addch(&sb, 1);
	strbuf_addch(&sb, 8);
	be32(&sb, 65536);
	strbuf_add(&sb, "header_page", 12);
	be64(&sb, 2);
	strbuf_add(&sb, "hp", 2);
	strbuf_add(&sb, "header_event", 13);
	be64(&sb, 0);
	be32(&sb, 0);			/* no ftrace events */
	be32(&sb, 1);			/* one system */
	strbuf_add(&sb, "sched", 6);
	be32(&sb, 1);
	be64(&sb, strlen(read_fmt));
	strbuf_addstr(&sb, read_fmt);
	be32(&sb, 0);			/* kallsyms */
	be32(&sb, 3);
	strbuf_add(&sb, "abc", 3);	/* printk */
	td = tracing_data_parse(sb.buf, sb.len);
	assert_non_null(td);
	assert_true(td->big_endian);
	assert_int_equal(td->page_size, 65536);
	assert_int_equal(td->nr_events, 1);
	check_event(td, "sched", "sys_enter_read", 701, read_fmt);
	assert_string_equal(td->printk, "abc");
	assert_string_equal(td->header_page, "hp");
	tracing_data_free(td);

	/* the wrong magic */
	sb.buf[0] = 0x18;
	assert_null(tracing_data_parse(sb.buf, sb.len));
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_no_tracepoints),
		cmocka_unit_test(test_big_endian),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
