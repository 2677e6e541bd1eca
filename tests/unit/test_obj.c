// SPDX-License-Identifier: GPL-2.0
/*
 * The object layer on a program compiled here (cc -g into a temp dir,
 * with a fixed build-id): opening, sections, the symbol walk, PT_LOAD
 * address translation, the build-id, the debug-file lookups under a temp
 * root and perf's build-id cache, and DWARF handles.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/buildid.h"
#include "ptool/obj.h"
#include "testutil.h"

#define BID_HEX "0123456789abcdef0123456789abcdef01234567"

static const uint8_t bid[20] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23,
	0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67,
};

static const char src[] =
	"#include <stdio.h>\n"
	"int obj_test_data = 3;\n"
	"int obj_test_fn(int x)\n"
	"{\n"
	"\treturn x * obj_test_data;\n"
	"}\n"
	"int main(int argc, char **argv)\n"
	"{\n"
	"\tprintf(\"%d\\n\", obj_test_fn(argc));\n"
	"\treturn 0;\n"
	"}\n";

static char dir[] = "/tmp/ptool-obj-XXXXXX";
static bool have_cc;

static int run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static void path_of(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", dir, rel);
}

static int setup(void **state)
{
	assert_non_null(mkdtemp(dir));
	assert_int_equal(tu_put_file(dir, "prog.c", src), 0);
	/*
	 * prog: symbols and DWARF; prog.debug: its debug file; stripped: no
	 * .symtab, a .gnu_debuglink to prog.debug; other: another build-id
	 */
	have_cc = !run("cd %s && cc -O0 -g -Wl,--build-id=0x" BID_HEX
		       " -o prog prog.c && "
		       "cc -O0 -Wl,--build-id=0xaabbccdd -o other prog.c && "
		       "objcopy --only-keep-debug prog prog.debug && "
		       "objcopy --strip-all --add-gnu-debuglink=prog.debug "
		       "prog stripped && mkdir -p bin && mv stripped bin/ && "
		       "echo 'not an ELF file' > text 2>/dev/null", dir);
	return 0;
}

static int teardown(void **state)
{
	run("rm -rf %s", dir);
	return 0;
}

static Elf *open_rel(const char *rel, int *fd)
{
	char p[256];

	path_of(p, sizeof(p), rel);
	return obj_elf_open(p, fd);
}

static void test_open(void **state)
{
	GElf_Shdr sh;
	Elf *e;
	int fd;

	if (!have_cc)
		skip();
	errno = 0;
	assert_null(open_rel("missing", &fd));
	assert_int_equal(errno, ENOENT);
	assert_null(open_rel("text", &fd));
	assert_int_equal(errno, ENOEXEC);
	e = open_rel("prog", &fd);
	assert_non_null(e);
	assert_true(fd >= 0);
	assert_non_null(obj_section(e, ".text", &sh));
	assert_int_equal(sh.sh_type, SHT_PROGBITS);
	assert_null(obj_section(e, ".no-such", &sh));
	assert_true(obj_has_section_type(e, SHT_SYMTAB));
	assert_true(obj_has_data_section(e, ".debug_info"));
	assert_null(obj_debuglink(e));
	obj_elf_close(e, fd);

	/* a debug file keeps .text's header, not its contents */
	e = open_rel("prog.debug", &fd);
	assert_non_null(e);
	assert_non_null(obj_section(e, ".text", &sh));
	assert_int_equal(sh.sh_type, SHT_NOBITS);
	assert_false(obj_has_data_section(e, ".text"));
	obj_elf_close(e, fd);

	e = open_rel("bin/stripped", &fd);
	assert_non_null(e);
	assert_false(obj_has_section_type(e, SHT_SYMTAB));
	assert_string_equal(obj_debuglink(e), "prog.debug");
	obj_elf_close(e, fd);
	obj_elf_close(NULL, -1);
}

struct walk {
	const char *want;
	GElf_Sym found;
	size_t idx;
	int seen;
	bool stop;
};

static int walk_cb(void *arg, const GElf_Sym *s, const char *name, size_t idx)
{
	struct walk *w = arg;

	assert_true(idx >= 1);
	w->seen++;
	if (name && !strcmp(name, w->want)) {
		w->found = *s;
		w->idx = idx;
		if (w->stop)
			return 7;
	}
	return 0;
}

static void test_sym_walk(void **state)
{
	struct walk w = { .want = "obj_test_fn" };
	Elf *e;
	int fd;

	if (!have_cc)
		skip();
	e = open_rel("prog", &fd);
	assert_non_null(e);
	assert_int_equal(obj_sym_walk(e, SHT_SYMTAB, walk_cb, &w), 0);
	assert_true(w.idx >= 1);
	assert_int_equal(GELF_ST_TYPE(w.found.st_info), STT_FUNC);
	assert_int_equal(GELF_ST_BIND(w.found.st_info), STB_GLOBAL);
	assert_true(w.found.st_value != 0);
	assert_true(w.found.st_size > 0);

	/* a nonzero return stops the walk at the symbol and is passed on */
	{
		struct walk s = { .want = "obj_test_fn", .stop = true };

		assert_int_equal(obj_sym_walk(e, SHT_SYMTAB, walk_cb, &s), 7);
		assert_int_equal(s.idx, w.idx);
		assert_int_equal(s.seen, (int)w.idx);
	}
	obj_elf_close(e, fd);

	/* stripped: no .symtab, but a .dynsym naming what it imports */
	e = open_rel("bin/stripped", &fd);
	assert_non_null(e);
	memset(&w, 0, sizeof(w));
	w.want = "obj_test_fn";
	assert_int_equal(obj_sym_walk(e, SHT_SYMTAB, walk_cb, &w), -ENOENT);
	assert_int_equal(w.seen, 0);
	w.want = "printf";
	assert_int_equal(obj_sym_walk(e, SHT_DYNSYM, walk_cb, &w), 0);
	assert_true(w.seen > 0);
	assert_true(w.idx >= 1);
	assert_int_equal(w.found.st_shndx, SHN_UNDEF);
	obj_elf_close(e, fd);
}

static void test_segs_file(void **state)
{
	struct walk w = { .want = "obj_test_fn" };
	struct obj_segs s;
	uint64_t off, va;
	Elf *e;
	int fd;

	if (!have_cc)
		skip();
	e = open_rel("prog", &fd);
	assert_non_null(e);
	obj_sym_walk(e, SHT_SYMTAB, walk_cb, &w);
	obj_segs_load(&s, e);
	assert_true(s.nr >= 2);
	assert_int_equal(obj_segs_vaddr_to_off(&s, w.found.st_value, &off), 0);
	assert_int_equal(obj_segs_off_to_vaddr(&s, off, &va), 0);
	assert_int_equal(va, w.found.st_value);
	assert_int_equal(obj_segs_map_off(&s, off), w.found.st_value);
	assert_true(obj_segs_end(&s) > w.found.st_value);
	assert_int_equal(obj_segs_vaddr_to_off(&s, 0xffffffff0000ull, &off),
			 -ENOENT);
	assert_int_equal(obj_segs_map_off(&s, 0xffffffff0000ull),
			 0xffffffff0000ull);
	obj_segs_release(&s);
	assert_int_equal(s.nr, 0);
	obj_elf_close(e, fd);
}

/* translation rules on segments made up here */
static void test_segs_rules(void **state)
{
	GElf_Phdr ph[2] = {
		/* read-only data: file 0..0x1000, memory to 0x3000 */
		{ .p_type = PT_LOAD, .p_flags = PF_R, .p_offset = 0,
		  .p_vaddr = 0x400000, .p_filesz = 0x1000, .p_memsz = 0x3000 },
		/* code overlapping it in the file, as a linker may lay it */
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0x800,
		  .p_vaddr = 0x601800, .p_filesz = 0x1000, .p_memsz = 0x1000 },
	};
	struct obj_segs s = { .v = ph, .nr = 2 };
	uint64_t x;

	/* mapping a file offset: the executable segment wins */
	assert_int_equal(obj_segs_map_off(&s, 0x900), 0x601900);
	/* then a segment's memory image (beyond its file contents) */
	assert_int_equal(obj_segs_map_off(&s, 0x2000), 0x402000);
	/* no segment: the offset itself */
	assert_int_equal(obj_segs_map_off(&s, 0x9000), 0x9000);
	/* the plain lookups take the first segment in file order */
	assert_int_equal(obj_segs_off_to_vaddr(&s, 0x900, &x), 0);
	assert_int_equal(x, 0x400900);
	assert_int_equal(obj_segs_off_to_vaddr(&s, 0x2000, &x), -ENOENT);
	assert_int_equal(obj_segs_vaddr_to_off(&s, 0x601810, &x), 0);
	assert_int_equal(x, 0x810);
	assert_int_equal(obj_segs_vaddr_to_off(&s, 0x401000, &x), -ENOENT);
	assert_int_equal(obj_segs_end(&s), 0x602800);
	assert_ptr_equal(obj_segs_find(&s, 0x601800, false), &ph[1]);
	assert_null(obj_segs_find(&s, 0x1800, true));
}

static void test_build_id(void **state)
{
	struct buildid b;
	char p[256];
	Elf *e;
	int fd;

	if (!have_cc)
		skip();
	e = open_rel("prog", &fd);
	assert_non_null(e);
	assert_int_equal(buildid_from_elf(e, &b), 0);
	assert_int_equal(b.size, 20);
	assert_memory_equal(b.data, bid, 20);
	obj_elf_close(e, fd);
	/* the debug file carries the same note */
	path_of(p, sizeof(p), "prog.debug");
	assert_int_equal(buildid_read(p, &b), 0);
	assert_memory_equal(b.data, bid, 20);
}

static void test_debug_build_id(void **state)
{
	char root[256];
	Elf *e;
	int fd;

	if (!have_cc)
		skip();
	path_of(root, sizeof(root), "root");
	assert_null(obj_debug_build_id(root, bid, 20, true, &fd));
	assert_int_equal(run("mkdir -p %s/.build-id/01 && cp %s/prog.debug "
			     "%s/.build-id/01/%s.debug", root, dir, root,
			     BID_HEX + 2), 0);
	e = obj_debug_build_id(root, bid, 20, true, &fd);
	assert_non_null(e);
	assert_true(obj_has_data_section(e, ".debug_info"));
	obj_elf_close(e, fd);
	/* a file there with another build-id: refused only when verifying */
	assert_int_equal(run("cp %s/other %s/.build-id/01/%s.debug", dir, root,
			     BID_HEX + 2), 0);
	assert_null(obj_debug_build_id(root, bid, 20, true, &fd));
	e = obj_debug_build_id(root, bid, 20, false, &fd);
	assert_non_null(e);
	obj_elf_close(e, fd);
	assert_null(obj_debug_build_id(root, bid, 0, false, &fd));
}

static void test_debug_link(void **state)
{
	char p[256], root[256];
	Elf *e, *d;
	int fd, dfd;

	if (!have_cc)
		skip();
	path_of(p, sizeof(p), "bin/stripped");
	path_of(root, sizeof(root), "linkroot");
	e = obj_elf_open(p, &fd);
	assert_non_null(e);
	/* nowhere yet: ROOT/DIR/NAME, DIR/.debug/NAME, DIR/NAME */
	assert_null(obj_debug_link(e, p, root, NULL, 0, &dfd));
	assert_int_equal(run("mkdir -p %s/bin/.debug && cp %s/prog.debug "
			     "%s/bin/.debug/", dir, dir, dir), 0);
	d = obj_debug_link(e, p, root, bid, 20, &dfd);
	assert_non_null(d);
	assert_true(obj_has_section_type(d, SHT_SYMTAB));
	obj_elf_close(d, dfd);
	/* a recorded build-id it does not carry refuses it */
	assert_null(obj_debug_link(e, p, root, (const uint8_t *)"\1\2\3\4",
				   4, &dfd));
	/* the root directory is tried first */
	assert_int_equal(run("rm -r %s/bin/.debug && mkdir -p %s%s/bin && "
			     "cp %s/other %s%s/bin/prog.debug", dir, root, dir,
			     dir, root, dir), 0);
	d = obj_debug_link(e, p, root, NULL, 0, &dfd);
	assert_non_null(d);
	assert_false(obj_has_section_type(d, SHT_SYMTAB) &&
		     obj_has_data_section(d, ".debug_info"));
	obj_elf_close(d, dfd);
	obj_elf_close(e, fd);
}

static void test_cache(void **state)
{
	char cache[256];
	Elf *e;
	int fd;

	if (!have_cc)
		skip();
	path_of(cache, sizeof(cache), "cache");
	assert_null(obj_cache_elf(cache, bid, 20, false, &fd));
	assert_null(obj_cache_elf(NULL, bid, 20, false, &fd));
	/* perf's layout: .build-id/xx/rest/elf, or the bare file */
	assert_int_equal(run("mkdir -p %s/.build-id/01 && cp %s/prog "
			     "%s/.build-id/01/%s", cache, dir, cache,
			     BID_HEX + 2), 0);
	e = obj_cache_elf(cache, bid, 20, false, &fd);
	assert_non_null(e);
	obj_elf_close(e, fd);
	assert_null(obj_cache_elf(cache, bid, 20, true, &fd));
	/* the vdso's: [vdso]/HEX/elf */
	assert_int_equal(run("mkdir -p '%s/[vdso]/%s' && cp %s/prog "
			     "'%s/[vdso]/%s/elf'", cache, BID_HEX, dir, cache,
			     BID_HEX), 0);
	e = obj_cache_elf(cache, bid, 20, true, &fd);
	assert_non_null(e);
	obj_elf_close(e, fd);
}

static void test_dwarf(void **state)
{
	Dwarf *dw;
	Elf *e;
	int fd;

	if (!have_cc)
		skip();
	e = open_rel("prog", &fd);
	assert_non_null(e);
	dw = obj_dwarf(e, true);
	assert_non_null(dw);
	dwarf_end(dw);
	obj_elf_close(e, fd);
	/* only .eh_frame: DWARF opens, but has no compilation unit */
	e = open_rel("bin/stripped", &fd);
	assert_non_null(e);
	assert_null(obj_dwarf(e, true));
	obj_elf_close(e, fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_sym_walk),
		cmocka_unit_test(test_segs_file),
		cmocka_unit_test(test_segs_rules),
		cmocka_unit_test(test_build_id),
		cmocka_unit_test(test_debug_build_id),
		cmocka_unit_test(test_debug_link),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_dwarf),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
