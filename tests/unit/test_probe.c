// SPDX-License-Identifier: GPL-2.0
/* probe spec parsing, event names and the registrar's tracefs lines */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/probe.h"
#include "ptool/strbuf.h"
#include "ptool/tfs.h"

static void parse_ok(const char *str, struct probe_spec *s)
{
	struct strbuf err = STRBUF_INIT;
	int ret = probe_spec_parse(str, s, &err);

	if (ret)
		fail_msg("'%s' failed: %s", str, err.buf);
	strbuf_release(&err);
}

static void test_spec_func(void **state)
{
	struct probe_spec s;

	parse_ok("main", &s);
	assert_string_equal(s.func, "main");
	assert_null(s.file);
	assert_int_equal(s.line, -1);
	assert_false(s.ret);
	assert_false(s.has_offset);
	assert_int_equal(s.nargs, 0);
	probe_spec_release(&s);

	parse_ok("main:4", &s);
	assert_string_equal(s.func, "main");
	assert_int_equal(s.line, 4);
	probe_spec_release(&s);

	parse_ok("work+16", &s);
	assert_true(s.has_offset);
	assert_int_equal(s.offset, 16);
	probe_spec_release(&s);

	parse_ok("work+0x10", &s);
	assert_int_equal(s.offset, 16);
	probe_spec_release(&s);

	parse_ok("work%return $retval", &s);
	assert_true(s.ret);
	assert_int_equal(s.nargs, 1);
	assert_string_equal(s.args[0].var, "$retval");
	probe_spec_release(&s);

	parse_ok("a.c:7", &s);
	assert_null(s.func);
	assert_string_equal(s.file, "a.c");
	assert_int_equal(s.line, 7);
	probe_spec_release(&s);

	parse_ok("src/x/a.c:70", &s);
	assert_string_equal(s.file, "src/x/a.c");
	probe_spec_release(&s);

	parse_ok("main@a.c:3", &s);
	assert_string_equal(s.func, "main");
	assert_string_equal(s.file, "a.c");
	assert_int_equal(s.line, 3);
	probe_spec_release(&s);

	parse_ok("0x1150 %di", &s);
	assert_true(s.has_addr);
	assert_int_equal(s.addr, 0x1150);
	assert_null(s.func);
	assert_int_equal(s.nargs, 1);
	probe_spec_release(&s);

	parse_ok("schedule;rq=*", &s);
	assert_string_equal(s.func, "schedule");
	assert_string_equal(s.lazy, "rq=*");
	assert_null(s.event);
	probe_spec_release(&s);

	parse_ok("ev=a.c;*k++*", &s);
	assert_string_equal(s.event, "ev");
	assert_string_equal(s.file, "a.c");
	assert_string_equal(s.lazy, "*k++*");
	probe_spec_release(&s);

	parse_ok("foo.isra.0", &s);
	assert_string_equal(s.func, "foo.isra.0");
	probe_spec_release(&s);
}

static void test_spec_names_and_args(void **state)
{
	struct probe_spec s;

	parse_ok("main_4=main:4", &s);
	assert_null(s.group);
	assert_string_equal(s.event, "main_4");
	probe_spec_release(&s);

	parse_ok("grp:ev=work n", &s);
	assert_string_equal(s.group, "grp");
	assert_string_equal(s.event, "ev");
	assert_string_equal(s.func, "work");
	probe_spec_release(&s);

	parse_ok("main:8 total k:u32 x=p->x arr[2] q.r.s name=str:string "
		 "%ax +8(%di):s64 $params $vars c=$comm", &s);
	assert_int_equal(s.nargs, 11);
	assert_string_equal(s.args[0].var, "total");
	assert_null(s.args[0].type);
	assert_string_equal(s.args[1].var, "k");
	assert_string_equal(s.args[1].type, "u32");
	assert_string_equal(s.args[2].name, "x");
	assert_string_equal(s.args[2].var, "p->x");
	assert_string_equal(s.args[3].var, "arr[2]");
	assert_string_equal(s.args[4].var, "q.r.s");
	assert_string_equal(s.args[5].type, "string");
	assert_string_equal(s.args[6].var, "%ax");
	assert_string_equal(s.args[7].var, "+8(%di)");
	assert_string_equal(s.args[7].type, "s64");
	assert_string_equal(s.args[8].var, "$params");
	assert_string_equal(s.args[10].name, "c");
	probe_spec_release(&s);

	/* tabs and several blanks separate like one */
	parse_ok("  work \t n  ", &s);
	assert_int_equal(s.nargs, 1);
	probe_spec_release(&s);
}

static void test_spec_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"main\n",
		"main:4\np:evil/x /bin/sh:0",
		"main:4;p:x",
		"main;",			/* empty pattern */
		"main:4;x*",			/* pattern and line */
		"main%return;x*",
		"0x10;x*",
		"a.c;",
		"main:",
		"main:x",
		"main:4x",
		"main:-1",
		"main+",
		"main+x",
		"main+4z",
		"main%ret",
		"main%returnx",
		"main:4%return",
		"main+4%return",
		"main+4:3",
		"1main",
		"ma-in",
		"=main",
		"b@d=main",
		"9ev=main",
		"g-x:ev=main",
		":ev=main",
		"g:=main",
		"ev=",
		"a.c",				/* file without a line */
		"main@",
		"main@a c:3",
		"main n:u33",
		"main n:float",
		"main n:",
		"main 9n",
		"main n=",
		"main bad-name=n",
		"main p->",
		"main p.",
		"main arr[",
		"main arr[x]",
		"main arr[2",
		"main $nosuch",
		"main %",
		"main %a;x",
		"main +8(%di",
		"main +8(%di))",
		"main n\x01",
		"main $retval",			/* needs %return */
		"main%return n",		/* variables at a return */
		"main%return $params",
		"main $vars:u32",
		"main n\xc3\xa9",
		"*",
		"0x",
		"0xzz",
		"0x12g",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct probe_spec s;
		struct strbuf err = STRBUF_INIT;
		int ret = probe_spec_parse(bad[i], &s, &err);

		if (ret != -EINVAL)
			fail_msg("'%s' was accepted", bad[i]);
		if (!err.len)
			fail_msg("'%s': no reason given", bad[i]);
		if (strchr(err.buf, '\n'))
			fail_msg("'%s': reason spans lines", bad[i]);
		probe_spec_release(&s);
		strbuf_release(&err);
	}
}

static void test_starts_point(void **state)
{
	assert_true(probe_spec_starts_point("main:4"));
	assert_true(probe_spec_starts_point("a.c:7"));
	assert_true(probe_spec_starts_point("work%return"));
	assert_true(probe_spec_starts_point("work+8"));
	assert_true(probe_spec_starts_point("x=main:4"));
	assert_true(probe_spec_starts_point("g:x=main:4"));
	assert_true(probe_spec_starts_point("work n"));
	assert_true(probe_spec_starts_point("0x1150"));
	assert_true(probe_spec_starts_point("main;usleep*"));
	assert_false(probe_spec_starts_point("n"));
	assert_false(probe_spec_starts_point("p->x"));
	assert_false(probe_spec_starts_point("n:u32"));
	assert_false(probe_spec_starts_point("x=p.x"));
	assert_false(probe_spec_starts_point("$retval"));
	assert_false(probe_spec_starts_point("+8(%di):s32"));
}

static void test_group_names(void **state)
{
	static const char *const cases[][2] = {
		{ "/tmp/a.out", "probe_a" },
		{ "/usr/lib/x86_64-linux-gnu/libc.so.6", "probe_libc" },
		{ "/x/my_prog", "probe_my_prog" },
		{ "/x/a-b.x", "probe_a" },
		{ "/x/1x", "probe_1x" },
		{ "/x/a+b", "probe_a_b" },
		{ "prog", "probe_prog" },
		{ "/x/.hidden", "probe__hidden" },
	};
	char *g;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		g = probe_group_for(cases[i][0]);
		assert_string_equal(g, cases[i][1]);
		assert_true(probe_name_valid(g));
		free(g);
	}
	g = probe_group_for(NULL);
	assert_string_equal(g, "probe");
	free(g);
}

static void test_name_valid(void **state)
{
	assert_true(probe_name_valid("main_L4"));
	assert_true(probe_name_valid("_x9"));
	assert_false(probe_name_valid(""));
	assert_false(probe_name_valid("9x"));
	assert_false(probe_name_valid("a b"));
	assert_false(probe_name_valid("a\n"));
	assert_false(probe_name_valid("a;b"));
	assert_false(probe_name_valid("a/b"));
	assert_false(probe_name_valid(NULL));
}

static void test_format(void **state)
{
	char *args[] = { "n=-20(%bp):s32", "$retval" };
	struct probe_trace t = {
		.type = 'p', .group = "probe_a", .event = "work",
		.path = "/tmp/a.out", .offset = 0x1150,
		.args = args, .nargs = 1,
	};
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(probe_trace_format(&t, &sb), 0);
	assert_string_equal(sb.buf,
		"p:probe_a/work /tmp/a.out:0x1150 n=-20(%bp):s32");
	strbuf_reset(&sb);

	t.type = 'r';
	t.event = "work__return";
	t.args = args + 1;
	t.offset = 0x1149;
	assert_int_equal(probe_trace_format(&t, &sb), 0);
	assert_string_equal(sb.buf,
		"r:probe_a/work__return /tmp/a.out:0x1149 $retval");
	strbuf_reset(&sb);

	/* a kprobe: symbol+offset */
	t.type = 'p';
	t.group = "probe";
	t.event = "vfs_read";
	t.path = NULL;
	t.symbol = "vfs_read";
	t.offset = 0;
	t.nargs = 0;
	assert_int_equal(probe_trace_format(&t, &sb), 0);
	assert_string_equal(sb.buf, "p:probe/vfs_read vfs_read");
	strbuf_reset(&sb);
	t.offset = 8;
	assert_int_equal(probe_trace_format(&t, &sb), 0);
	assert_string_equal(sb.buf, "p:probe/vfs_read vfs_read+8");
	strbuf_reset(&sb);

	/* nothing that could smuggle a second line or definition */
	t.symbol = "vfs_read\np:x/y z";
	assert_int_equal(probe_trace_format(&t, &sb), -EINVAL);
	strbuf_reset(&sb);
	t.symbol = NULL;
	t.path = "/tmp/a b";
	assert_int_equal(probe_trace_format(&t, &sb), -EINVAL);
	strbuf_reset(&sb);
	t.path = "/tmp/a\n-:probe/x";
	assert_int_equal(probe_trace_format(&t, &sb), -EINVAL);
	strbuf_reset(&sb);
	t.path = "relative";
	assert_int_equal(probe_trace_format(&t, &sb), -EINVAL);
	strbuf_reset(&sb);
	t.path = "/tmp/a";
	t.event = "a b";
	assert_int_equal(probe_trace_format(&t, &sb), -EINVAL);
	strbuf_reset(&sb);
	t.event = "ok";
	{
		char *evil[] = { "n=%di x=%si" };

		t.args = evil;
		t.nargs = 1;
		assert_int_equal(probe_trace_format(&t, &sb), -EINVAL);
	}
	strbuf_release(&sb);
}

/* a temporary tracefs root with an empty uprobe_events */
static char *make_root(bool kprobes)
{
	char tmpl[] = "/tmp/ptool-probe-test.XXXXXX";
	char *root = mkdtemp(tmpl);
	struct strbuf sb = STRBUF_INIT;
	FILE *fp;

	assert_non_null(root);
	root = strdup(root);
	strbuf_addf(&sb, "%s/uprobe_events", root);
	fp = fopen(sb.buf, "w");
	assert_non_null(fp);
	fclose(fp);
	if (kprobes) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/kprobe_events", root);
		fp = fopen(sb.buf, "w");
		assert_non_null(fp);
		fclose(fp);
	}
	strbuf_release(&sb);
	return root;
}

static void remove_root(char *root)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "rm -rf '%s'", root);
	assert_int_equal(system(sb.buf), 0);
	strbuf_release(&sb);
	free(root);
}

static void test_registrar_lines(void **state)
{
	char *root = make_root(true);
	struct tfs *t = tfs_open(root);
	char *a1[] = { "n=-20(%bp):s32" };
	struct probe_trace u = {
		.type = 'p', .group = "probe_a", .event = "main_L4",
		.path = "/tmp/a.out", .offset = 0x11d5,
	};
	struct probe_trace k = {
		.type = 'r', .group = "probe", .event = "vfs_read__return",
		.symbol = "vfs_read", .args = (char *[]){ "$retval" },
		.nargs = 1,
	};
	struct probe_event del = { .group = "probe_a", .event = "main_L4" };
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;

	assert_non_null(t);
	assert_true(probe_kprobes_available(t));
	assert_int_equal(probe_add(t, &u, &err), 0);
	u.event = "work";
	u.offset = 0x1150;
	u.args = a1;
	u.nargs = 1;
	assert_int_equal(probe_add(t, &u, &err), 0);
	assert_int_equal(probe_add(t, &k, &err), 0);
	assert_int_equal(probe_del(t, &del, &err), 0);
	assert_true(tfs_read(t, "uprobe_events", &sb) > 0);
	assert_string_equal(sb.buf,
		"p:probe_a/main_L4 /tmp/a.out:0x11d5\n"
		"p:probe_a/work /tmp/a.out:0x1150 n=-20(%bp):s32\n"
		"-:probe_a/main_L4\n");
	strbuf_reset(&sb);
	assert_true(tfs_read(t, "kprobe_events", &sb) > 0);
	assert_string_equal(sb.buf,
		"r:probe/vfs_read__return vfs_read $retval\n");
	/* an invalid name never reaches the file */
	u.event = "x\ny";
	assert_int_equal(probe_add(t, &u, &err), -EINVAL);
	del.event = "a b";
	assert_int_equal(probe_del(t, &del, &err), -EINVAL);
	strbuf_reset(&sb);
	tfs_read(t, "uprobe_events", &sb);
	assert_null(strstr(sb.buf, "x\ny"));
	assert_null(strstr(sb.buf, "a b"));
	strbuf_release(&sb);
	strbuf_release(&err);
	tfs_free(t);
	remove_root(root);
}

static void test_registrar_no_kprobes(void **state)
{
	char *root = make_root(false);
	struct tfs *t = tfs_open(root);

	assert_false(probe_kprobes_available(t));
	tfs_free(t);
	remove_root(root);
}

static void test_events_parse_and_clash(void **state)
{
	struct probe_events l = { 0 };
	char *e;

	probe_events_parse(
		"p:probe_a/main_L4 /tmp/a.out:0x00000000000011d5\n"
		"p:probe_a/main_L8 /tmp/a.out:0x00000000000011c5 total=-8(%bp):s64\n"
		"p:probe_a/main_L8 /tmp/a.out:0x00000000000011d1 total=-8(%bp):s64\n"
		"r:probe_a/work__return /tmp/a.out:0x0000000000001149 arg1=$retval\n"
		"p:probe_a/main_L4_1 /tmp/a.out:0x00000000000011d5\n"
		"garbage line\n", false, &l);
	probe_events_parse("r4:probe/vfs_read__return vfs_read+0 $retval\n",
			   true, &l);
	assert_int_equal(l.nr, 6);
	assert_string_equal(l.v[0].group, "probe_a");
	assert_string_equal(l.v[0].event, "main_L4");
	assert_string_equal(l.v[0].path, "/tmp/a.out");
	assert_int_equal(l.v[0].offset, 0x11d5);
	assert_string_equal(l.v[1].args, "total=-8(%bp):s64");
	assert_int_equal(l.v[3].type, 'r');
	assert_true(l.v[5].kprobe);
	assert_string_equal(l.v[5].symbol, "vfs_read");
	assert_int_equal(l.v[5].type, 'r');

	assert_true(probe_events_has(&l, "probe_a", "main_L8"));
	assert_false(probe_events_has(&l, "probe_b", "main_L8"));
	e = probe_unique_event(&l, "probe_a", "main_L4");
	assert_string_equal(e, "main_L4_2");
	free(e);
	e = probe_unique_event(&l, "probe_a", "main_L8");
	assert_string_equal(e, "main_L8_1");
	free(e);
	e = probe_unique_event(&l, "probe_a", "main_L9");
	assert_string_equal(e, "main_L9");
	free(e);
	e = probe_unique_event(&l, "probe_b", "main_L4");
	assert_string_equal(e, "main_L4");
	free(e);
	probe_events_release(&l);
}

static void test_glob(void **state)
{
	assert_true(probe_glob_match("probe_a:*", "probe_a", "main_L4"));
	assert_false(probe_glob_match("probe_a:*", "probe_b", "main_L4"));
	assert_true(probe_glob_match("main*", "probe_b", "main_L4"));
	assert_true(probe_glob_match("*:main_L?", "probe_b", "main_L4"));
	assert_false(probe_glob_match("work", "probe_a", "work__return"));
	assert_true(probe_glob_match("*", "probe", "vfs_read"));
}

static void test_error_log(void **state)
{
	char *root = make_root(false);
	struct tfs *t = tfs_open(root);
	struct strbuf sb = STRBUF_INIT;
	struct strbuf path = STRBUF_INIT;
	FILE *fp;

	assert_int_equal(probe_error_log(t, NULL, &sb), -ENOENT);
	strbuf_addf(&path, "%s/error_log", root);
	fp = fopen(path.buf, "w");
	fputs("[   10.000001] trace_uprobe: error: Failed to parse address or file.\n"
	      "  Command: p:a/b /x:zz\n"
	      "                  ^\n"
	      "[   12.000002] trace_uprobe: error: Invalid fetch argument\n"
	      "  Command: p:probe_a/x /tmp/a:0x10 n=%zz\n"
	      "                                     ^\n", fp);
	fclose(fp);
	assert_int_equal(probe_error_log(t, NULL, &sb), 0);
	assert_string_equal(sb.buf, "Invalid fetch argument (in "
			    "'p:probe_a/x /tmp/a:0x10 n=%zz')");
	strbuf_reset(&sb);
	/* only the entry about our command */
	assert_int_equal(probe_error_log(t, "p:a/b /x:zz", &sb), 0);
	assert_string_equal(sb.buf, "Failed to parse address or file. (in "
			    "'p:a/b /x:zz')");
	strbuf_reset(&sb);
	assert_int_equal(probe_error_log(t, "p:other/x /bin/ls:0x1", &sb),
			 -ENOENT);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	strbuf_release(&path);
	tfs_free(t);
	remove_root(root);
}

/*
 * Random specs: the parser never crashes, and what it accepts carries no
 * byte that could end a tracefs line or start another definition.
 */
static void test_spec_random(void **state)
{
	static const char alphabet[] = "abz_09:+%=@.-> []$()\n;\t\x01/*"
		"returnstring";
	unsigned int seed = 12345;
	int accepted = 0;

	for (int i = 0; i < 20000; i++) {
		char buf[24];
		int n = 1 + rand_r(&seed) % (int)(sizeof(buf) - 1);
		struct probe_spec s;
		struct strbuf err = STRBUF_INIT;

		for (int j = 0; j < n; j++)
			buf[j] = alphabet[rand_r(&seed) % (sizeof(alphabet) - 1)];
		buf[n] = '\0';
		if (!probe_spec_parse(buf, &s, &err)) {
			accepted++;
			assert_true(!s.group || probe_name_valid(s.group));
			assert_true(!s.event || probe_name_valid(s.event));
			assert_true(s.func || s.file || s.has_addr);
			for (int a = 0; a < s.nargs; a++) {
				assert_null(strpbrk(s.args[a].var, "\n; \t"));
				assert_true(!s.args[a].name ||
					    probe_name_valid(s.args[a].name));
			}
			if (s.file)
				assert_null(strpbrk(s.file, "\n; \t"));
		} else {
			assert_true(err.len > 0);
		}
		probe_spec_release(&s);
		strbuf_release(&err);
	}
	/* the alphabet makes some valid specs too */
	assert_true(accepted > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_func),
		cmocka_unit_test(test_spec_names_and_args),
		cmocka_unit_test(test_spec_malformed),
		cmocka_unit_test(test_spec_random),
		cmocka_unit_test(test_starts_point),
		cmocka_unit_test(test_group_names),
		cmocka_unit_test(test_name_valid),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_registrar_lines),
		cmocka_unit_test(test_registrar_no_kprobes),
		cmocka_unit_test(test_events_parse_and_clash),
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_error_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
