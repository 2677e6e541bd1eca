// SPDX-License-Identifier: GPL-2.0
/*
 * obj_debuginfod_elf() through libdebuginfod's file:// servers (no
 * network): the test binary itself served under its own build-id is
 * taken; a file with another build-id, a file cut in half, a file that
 * is no ELF and a missing file are refused. Without libdebuginfod the
 * function finds nothing, whatever is served.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <elfutils/libdwelf.h>

#include "ptool/obj.h"
#include "testutil.h"

struct fx {
	char root[64];		/* the file:// server's directory */
	uint8_t id[20];
	size_t len;
	char *self;		/* this executable's bytes */
	size_t self_len;
	int n;			/* cache directories used */
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	const void *id;
	ssize_t n;
	int fd = open("/proc/self/exe", O_RDONLY);
	struct stat st;
	Elf *e;

	assert_true(fd >= 0);
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	n = dwelf_elf_gnu_build_id(e, &id);
	if (n <= 0 || n > 20) {
		elf_end(e);
		close(fd);
		free(fx);
		skip();
	}
	fx->len = (size_t)n;
	memcpy(fx->id, id, fx->len);
	elf_end(e);
	assert_int_equal(fstat(fd, &st), 0);
	fx->self_len = (size_t)st.st_size;
	fx->self = malloc(fx->self_len);
	assert_int_equal(pread(fd, fx->self, fx->self_len, 0), (ssize_t)fx->self_len);
	close(fd);
	strcpy(fx->root, "/tmp/ptool-dbgd.XXXXXX");
	assert_non_null(mkdtemp(fx->root));
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->root);
	assert_int_equal(system(cmd), 0);
	free(fx->self);
	free(fx);
	unsetenv("DEBUGINFOD_URLS");
	unsetenv("DEBUGINFOD_CACHE_PATH");
	return 0;
}

static void hex(const uint8_t *id, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", id[i]);
}

/* serve @len bytes of @data as the debug file of @id; a fresh cache */
static void serve(struct fx *fx, const uint8_t *id, const void *data,
		  size_t len)
{
	char h[41] = "", path[128], url[96];
	FILE *f;

	hex(id, fx->len, h);
	snprintf(path, sizeof(path), "buildid/%s/debuginfo", h);
	assert_int_equal(tu_put_file(fx->root, path, ""), 0);
	snprintf(path, sizeof(path), "%s/buildid/%s/debuginfo", fx->root, h);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	snprintf(url, sizeof(url), "file://%s", fx->root);
	setenv("DEBUGINFOD_URLS", url, 1);
	snprintf(path, sizeof(path), "%s/cache%d", fx->root, fx->n++);
	setenv("DEBUGINFOD_CACHE_PATH", path, 1);
}

static bool found(struct fx *fx, const uint8_t *id)
{
	int fd = -1;
	Elf *e = obj_debuginfod_elf("test", id, fx->len, &fd);

	if (!e)
		return false;
	assert_true(fd >= 0);
	elf_end(e);
	close(fd);
	return true;
}

static void test_no_servers(void **state)
{
	struct fx *fx = *state;

	serve(fx, fx->id, fx->self, fx->self_len);
	unsetenv("DEBUGINFOD_URLS");
	assert_false(found(fx, fx->id));
	setenv("DEBUGINFOD_URLS", "", 1);
	assert_false(found(fx, fx->id));
}

static void test_served(void **state)
{
	struct fx *fx = *state;

	serve(fx, fx->id, fx->self, fx->self_len);
#ifdef HAVE_DEBUGINFOD
	assert_true(found(fx, fx->id));
#else
	assert_false(found(fx, fx->id));
#endif
}

static void test_hostile(void **state)
{
	struct fx *fx = *state;
	uint8_t other[20];

	/* the right bytes under another build-id: refused */
	memcpy(other, fx->id, fx->len);
	other[0] ^= 0xff;
	serve(fx, other, fx->self, fx->self_len);
	assert_false(found(fx, other));
	/* cut in half: the section headers at the end are gone */
	serve(fx, fx->id, fx->self, fx->self_len / 2);
	assert_false(found(fx, fx->id));
	/* no ELF at all, and nothing at all */
	serve(fx, fx->id, "not an ELF file\n", 16);
	assert_false(found(fx, fx->id));
	serve(fx, fx->id, "", 0);
	assert_false(found(fx, fx->id));
	other[1] ^= 0xff;
	assert_false(found(fx, other));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_servers),
		cmocka_unit_test(test_served),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
