// SPDX-License-Identifier: GPL-2.0
/* The /proc/kallsyms parser on fixture text. */
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

#include "ptool/kallsyms.h"
#include "testutil.h"

static void test_parse_line(void **state)
{
	struct kallsyms_sym s;
	char l1[] = "ffffffff81000000 T _text\n";
	char l2[] = "ffffffffc0a01000 t mod_fn\t[my_mod]\n";
	char l3[] = "0000000000000000 W weak_fn";
	char bad1[] = "garbage line\n";
	char bad2[] = "ffffffff81000000 TT x\n";
	char bad3[] = "ffffffff81000000\n";
	char bad4[] = "\n";

	assert_int_equal(kallsyms_parse_line(l1, &s), 0);
	assert_int_equal(s.addr, 0xffffffff81000000ull);
	assert_int_equal(s.type, 'T');
	assert_string_equal(s.name, "_text");
	assert_string_equal(s.mod, "");
	assert_int_equal(kallsyms_parse_line(l2, &s), 0);
	assert_int_equal(s.addr, 0xffffffffc0a01000ull);
	assert_int_equal(s.type, 't');
	assert_string_equal(s.name, "mod_fn");
	assert_string_equal(s.mod, "my_mod");
	/* hidden addresses read 0; no newline at the end of the file */
	assert_int_equal(kallsyms_parse_line(l3, &s), 0);
	assert_int_equal(s.addr, 0);
	assert_string_equal(s.name, "weak_fn");
	assert_int_equal(kallsyms_parse_line(bad1, &s), -EINVAL);
	assert_int_equal(kallsyms_parse_line(bad2, &s), -EINVAL);
	assert_int_equal(kallsyms_parse_line(bad3, &s), -EINVAL);
	assert_int_equal(kallsyms_parse_line(bad4, &s), -EINVAL);
}

struct seen {
	char buf[512];
	int n;
	const char *stop_at;
};

static int collect(void *arg, const struct kallsyms_sym *s)
{
	struct seen *w = arg;
	size_t len = strlen(w->buf);

	snprintf(w->buf + len, sizeof(w->buf) - len, "%llx %c %s [%s]\n",
		 (unsigned long long)s->addr, s->type, s->name, s->mod);
	w->n++;
	if (w->stop_at && !strcmp(s->name, w->stop_at))
		return 5;
	return 0;
}

static void test_read(void **state)
{
	char dir[] = "/tmp/ptool-kallsyms-XXXXXX", path[128];
	struct seen w = { { 0 } };
	char cmd[256];

	assert_non_null(mkdtemp(dir));
	assert_int_equal(tu_put_file(dir, "kallsyms",
		"ffffffff81000000 T _text\n"
		"ffffffff81001000 t alpha_fn\n"
		"not a symbol\n"
		"ffffffff81002000 D some_data\n"
		"ffffffffc0001000 t mod_fn\t[mymod]\n"
		"ffffffffc0002000 t mod_fn2\t[mymod]\n"), 0);
	snprintf(path, sizeof(path), "%s/kallsyms", dir);
	assert_int_equal(kallsyms_read(path, collect, &w), 0);
	assert_int_equal(w.n, 5);
	assert_string_equal(w.buf,
		"ffffffff81000000 T _text []\n"
		"ffffffff81001000 t alpha_fn []\n"
		"ffffffff81002000 D some_data []\n"
		"ffffffffc0001000 t mod_fn [mymod]\n"
		"ffffffffc0002000 t mod_fn2 [mymod]\n");
	/* a nonzero return stops the walk and comes back */
	memset(&w, 0, sizeof(w));
	w.stop_at = "some_data";
	assert_int_equal(kallsyms_read(path, collect, &w), 5);
	assert_int_equal(w.n, 3);
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(kallsyms_read(path, collect, &w), -ENOENT);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_line),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
