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

#include "ptool/buildid.h"
#include "ptool/sdt.h"
#include "testutil.h"

/* the hex build-id of the ELF file @path into @hex */
static void hex_id(const char *path, char *hex, size_t len)
{
	struct buildid bid;

	assert_int_equal(buildid_read(path, &bid), 0);
	buildid_hex(&bid, hex, len);
}

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
	char root[] = "/tmp/ptool-sdt.XXXXXX", cmd[64], **v, want[256];
	char self[4096], id1[129], id2[129], *name, *lo, *hi;
	const char *lib = "/proc/self/exe", *other = NULL;
	static const char *const libs[] = {
		"/lib/x86_64-linux-gnu/libc.so.6", "/lib64/libc.so.6",
		"/usr/lib/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6",
	};
	ssize_t len;
	int n;

	(void)state;
	len = readlink(lib, self, sizeof(self) - 1);
	assert_true(len > 0);
	self[len] = '\0';
	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++)
		if (!access(libs[i], R_OK))
			other = libs[i];
	if (!other)
		skip();
	hex_id(self, id1, sizeof(id1));
	hex_id(other, id2, sizeof(id2));
	assert_non_null(mkdtemp(root));
	add_entry(root, self, id1, "%sdt_x:go=go\n%sdt_x:stop=stop\n");
	add_entry(root, other, id2, "%sdt_x:go=go\n");
	/* a binary that is no longer there (or changed): not listed */
	add_entry(root, "/nonexistent/ptool-bin",
		  "ff00000000000000000000000000000000000001", "%sdt_x:gone=gone\n");
	n = sdt_cache_list(root, &v);
	assert_int_equal(n, 3);
	/* sorted as perf's strlist: by name, then build-id */
	lo = strcmp(id1, id2) < 0 ? id1 : id2;
	hi = lo == id1 ? id2 : id1;
	snprintf(want, sizeof(want), "sdt_x:go@%s", lo);
	assert_string_equal(v[0], want);
	snprintf(want, sizeof(want), "sdt_x:go@%s", hi);
	assert_string_equal(v[1], want);
	snprintf(want, sizeof(want), "sdt_x:stop@%s", id1);
	assert_string_equal(v[2], want);
	sdt_strv_free(v, n);
	name = sdt_cache_origname(root, id1);
	assert_string_equal(name, self);
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
