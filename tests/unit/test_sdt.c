// SPDX-License-Identifier: GPL-2.0
/*
 * SDT markers of a build-id cache laid out as perf buildid-cache does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/sdt.h"
#include "testutil.h"

#define ID1 "aa00000000000000000000000000000000000001"
#define ID2 "0b00000000000000000000000000000000000002"

static void test_parse(void **state)
{
	char **v = NULL;
	int n = 0, alloc = 0;

	(void)state;
	sdt_parse_probes("%sdt_p:one=one\np:sdt_p/one /x:0x10 arg1=%di:u64\n"
			 "#perf_probe:ev=main\np:probe/ev /x:0x20\n"
			 "%sdt_p:two=two", "b1", &v, &n, &alloc);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "sdt_p:one@b1");
	assert_string_equal(v[1], "sdt_p:two@b1");
	/* no '=' or no ':' in the name: not an entry */
	sdt_parse_probes("%sdt_p:three\n%nocolon=x\n", "b1", &v, &n, &alloc);
	assert_int_equal(n, 2);
	sdt_strv_free(v, n);
}

static void add_entry(const char *root, const char *path, const char *id,
		      const char *probes)
{
	char rel[512], link[512], target[512];

	snprintf(rel, sizeof(rel), "%s/%s/probes", path, id);
	assert_int_equal(tu_put_file(root, rel, probes), 0);
	snprintf(rel, sizeof(rel), ".build-id/%.2s/.keep", id);
	assert_int_equal(tu_put_file(root, rel, ""), 0);
	snprintf(link, sizeof(link), "%s/.build-id/%.2s/%s", root, id, id + 2);
	snprintf(target, sizeof(target), "../..%s/%s", path, id);
	assert_int_equal(symlink(target, link), 0);
}

static void test_cache(void **state)
{
	char root[] = "/tmp/ptool-sdt.XXXXXX", cmd[64], **v;
	char *name;
	int n;

	(void)state;
	assert_non_null(mkdtemp(root));
	add_entry(root, "/usr/lib/liba.so", ID1, "%sdt_x:go=go\n%sdt_x:stop=stop\n");
	add_entry(root, "/opt/b", ID2, "%sdt_x:go=go\n");
	n = sdt_cache_list(root, &v);
	assert_int_equal(n, 3);
	/* sorted as perf's strlist: by name, then build-id */
	assert_string_equal(v[0], "sdt_x:go@" ID2);
	assert_string_equal(v[1], "sdt_x:go@" ID1);
	assert_string_equal(v[2], "sdt_x:stop@" ID1);
	sdt_strv_free(v, n);
	name = sdt_cache_origname(root, ID1);
	assert_string_equal(name, "/usr/lib/liba.so");
	free(name);
	assert_null(sdt_cache_origname(root, "ff0000"));
	assert_int_equal(sdt_cache_list("/nonexistent/ptool", &v), -2);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
