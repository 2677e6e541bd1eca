// SPDX-License-Identifier: GPL-2.0
/*
 * The symbolizer on objects made here: a small program compiled with the
 * system compiler (symbols, PLT entries, program headers, source lines,
 * inline frames, a separate debug file found through .gnu_debuglink), a
 * kallsyms file, a perf-PID.map file.
 */
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

#include "ptool/strbuf.h"
#include "ptool/sym.h"

static char dir[] = "/tmp/ptool-test-sym.XXXXXX";
static char prog[256], stripped[256];
static bool have_cc;

static const char *const src =
	"#include <stdio.h>\n"					/* 1 */
	"static inline __attribute__((always_inline)) int twice(int x)\n" /* 2 */
	"{\n"							/* 3 */
	"\treturn x * 2 + puts(\"x\");\n"			/* 4 */
	"}\n"							/* 5 */
	"__attribute__((noinline)) int outer_fn(int x)\n"	/* 6 */
	"{\n"							/* 7 */
	"\treturn twice(x) + 1;\n"				/* 8 */
	"}\n"							/* 9 */
	"__attribute__((noinline)) static int local_fn(int x)\n" /* 10 */
	"{\n"							/* 11 */
	"\treturn x + 3;\n"					/* 12 */
	"}\n"							/* 13 */
	"int main(int argc, char **argv)\n"			/* 14 */
	"{\n"							/* 15 */
	"\treturn outer_fn(argc) + local_fn(argc);\n"		/* 16 */
	"}\n";							/* 17 */

static int run(const char *cmd)
{
	int rc = system(cmd);

	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static int setup(void **state)
{
	char path[256], cmd[1024];
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/prog.c", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(src, f);
	fclose(f);
	snprintf(prog, sizeof(prog), "%s/prog", dir);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && cc -O2 -g -fno-omit-frame-pointer -o prog prog.c 2>/dev/null", dir);
	have_cc = run(cmd) == 0;
	if (have_cc) {
		snprintf(stripped, sizeof(stripped), "%s/lib/stripped", dir);
		snprintf(cmd, sizeof(cmd),
			 "cd %s && mkdir -p lib && objcopy --only-keep-debug prog lib/stripped.debug && "
			 "objcopy --strip-all --add-gnu-debuglink=lib/stripped.debug prog lib/stripped 2>/dev/null",
			 dir);
		if (run(cmd))
			stripped[0] = 0;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return run(cmd) ? -1 : 0;
}

/* the address of @name from nm, or 0 */
static uint64_t nm_addr(const char *file, const char *name)
{
	char cmd[512], line[512];
	uint64_t addr = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "nm %s 2>/dev/null", file);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	while (fgets(line, sizeof(line), p)) {
		char n[256], t;
		unsigned long long a;

		if (sscanf(line, "%llx %c %255s", &a, &t, n) == 3 && !strcmp(n, name))
			addr = a;
	}
	pclose(p);
	return addr;
}

static void test_elf_symbols(void **state)
{
	struct sym_cache *c;
	struct sym_dso *d;
	const struct sym *s;
	uint64_t outer, local, mainf;

	if (!have_cc)
		skip();
	outer = nm_addr(prog, "outer_fn");
	local = nm_addr(prog, "local_fn");
	mainf = nm_addr(prog, "main");
	assert_true(outer && local && mainf);
	c = sym_cache_new(&(struct sym_opts){ .debug_dir = "/nonexistent" });
	d = sym_cache_dso(c, prog, NULL, 0);
	assert_int_equal(sym_dso_kind(d), SYM_DSO_ELF);
	assert_string_equal(sym_dso_name(d), "prog");
	assert_string_equal(sym_dso_path(d), prog);
	assert_false(sym_dso_is_kernel(d));
	assert_ptr_equal(sym_cache_dso(c, prog, NULL, 0), d);

	s = sym_dso_find(d, outer);
	assert_non_null(s);
	assert_string_equal(s->name, "outer_fn");
	assert_int_equal(s->start, outer);
	assert_true(s->end > s->start);
	s = sym_dso_find(d, s->end - 1);
	assert_string_equal(s->name, "outer_fn");
	s = sym_dso_find(d, local + 1);
	assert_non_null(s);
	assert_string_equal(s->name, "local_fn");
	s = sym_dso_find(d, mainf);
	assert_string_equal(s->name, "main");
	assert_null(sym_dso_find(d, 0));
	assert_null(sym_dso_find(d, UINT64_MAX));
	assert_true(sym_dso_nr_syms(d) > 3);
	/* file offsets of a PIE's text map to the same addresses here */
	assert_int_equal(sym_dso_off_to_addr(d, outer), outer);
	assert_non_null(sym_dso_elf(d));
	{
		size_t len = 0;
		const uint8_t *id = sym_dso_build_id(d, &len);

		assert_non_null(id);
		assert_int_equal(len, 20);
	}
	sym_cache_free(c);
}

static void test_plt(void **state)
{
	struct sym_cache *c;
	struct sym_dso *d;
	bool found = false;
	const struct sym plain = { 0, 1, "plt" }, bare = { 0, 1, "@plt" };
	const struct sym named = { 0, 1, "puts@plt" };

	/* a PLT entry of a named function; not an IRELATIVE slot's bare "@plt" */
	assert_false(sym_is_plt(NULL));
	assert_false(sym_is_plt(&plain));
	assert_false(sym_is_plt(&bare));
	assert_true(sym_is_plt(&named));
	if (!have_cc)
		skip();
	c = sym_cache_new(NULL);
	d = sym_cache_dso(c, prog, NULL, 0);
	/* walk the text: puts@plt must be among the symbols */
	for (uint64_t a = 0; a < 0x4000 && !found; a += 4) {
		const struct sym *s = sym_dso_find(d, a);

		if (s && !strcmp(s->name, "puts@plt")) {
			found = true;
			assert_true(sym_is_plt(s));
		} else if (s && s->name && !strstr(s->name, "@plt")) {
			assert_false(sym_is_plt(s));
		}
	}
	assert_true(found);
	sym_cache_free(c);
}

static void test_srcline_inline(void **state)
{
	struct sym_cache *c;
	struct sym_dso *d;
	struct strbuf sb = STRBUF_INIT;
	const struct sym_inline *in;
	uint64_t outer;
	const struct sym *s;
	bool saw_inline = false;

	if (!have_cc)
		skip();
	outer = nm_addr(prog, "outer_fn");
	c = sym_cache_new(NULL);
	d = sym_cache_dso(c, prog, NULL, 0);
	assert_non_null(sym_dso_dwarf(d));
	assert_int_equal(sym_dso_srcline(d, outer, &sb), 0);
	assert_true(!strncmp(sb.buf, "prog.c:", 7));
	assert_int_equal(sym_dso_srcline(d, 0, &sb), -ENOENT);
	/* crt code: line tables, none for it; addr2line "_start ??:?" */
	strbuf_reset(&sb);
	assert_int_equal(sym_dso_srcline(d, nm_addr(prog, "_start"), &sb), -ENODATA);
	assert_int_equal(sb.len, 0);
	s = sym_dso_find(d, outer);
	for (uint64_t a = s->start; a < s->end; a++) {
		int n = sym_dso_inlines(d, a, &in);

		assert_true(n >= 0);
		if (n == 2) {
			assert_string_equal(in[0].name, "twice");
			assert_string_equal(in[1].name, "outer_fn");
			/* the outer level's line is the call site of twice() */
			assert_non_null(in[1].file);
			assert_int_equal(in[1].line, 8);
			saw_inline = true;
			/* cached: same answer, same pointers */
			{
				const struct sym_inline *again;

				assert_int_equal(sym_dso_inlines(d, a, &again), 2);
				assert_ptr_equal(again, in);
			}
		}
	}
	assert_true(saw_inline);
	strbuf_release(&sb);
	sym_cache_free(c);
}

static void test_debuglink(void **state)
{
	struct sym_cache *c;
	struct sym_dso *d;
	const struct sym *s;
	uint64_t local;

	if (!have_cc || !stripped[0])
		skip();
	local = nm_addr(prog, "local_fn");	/* a static: only in .symtab */
	c = sym_cache_new(&(struct sym_opts){ .debug_dir = "/nonexistent" });
	d = sym_cache_dso(c, stripped, NULL, 0);
	s = sym_dso_find(d, local);
	assert_non_null(s);
	assert_string_equal(s->name, "local_fn");
	sym_cache_free(c);
}

static void test_kallsyms(void **state)
{
	char path[256];
	FILE *f;
	struct sym_cache *c;
	struct sym_dso *k;
	const struct sym *s;

	snprintf(path, sizeof(path), "%s/kallsyms", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("ffffffff81000000 T _text\n"
	      "ffffffff81000000 T _stext\n"
	      "ffffffff81001000 t alpha_fn\n"
	      "ffffffff81002000 D some_data\n"
	      "ffffffff81003000 T __ia32_sys_x\n"
	      "ffffffff81003000 T __x64_sys_x\n"
	      "ffffffff81004000 T beta_fn\n"
	      "ffffffffc0001000 t mod_fn\t[mymod]\n"
	      "ffffffffc0002000 t mod_fn2\t[mymod]\n"
	      "garbage line\n", f);
	fclose(f);
	c = sym_cache_new(&(struct sym_opts){ .kallsyms = path });
	k = sym_cache_kernel(c);
	assert_true(sym_dso_is_kernel(k));
	assert_string_equal(sym_dso_name(k), "[kernel.kallsyms]");
	s = sym_dso_find(k, 0xffffffff81001800);
	assert_non_null(s);
	assert_string_equal(s->name, "alpha_fn");
	/* a data symbol is not a function: alpha_fn reaches __x64_sys_x */
	assert_string_equal(sym_dso_find(k, 0xffffffff81002800)->name, "alpha_fn");
	/* aliases: the last one of an address wins, as in perf */
	assert_string_equal(sym_dso_find(k, 0xffffffff81003000)->name, "__x64_sys_x");
	assert_string_equal(sym_dso_find(k, 0xffffffff81000000)->name, "_stext");
	assert_null(sym_dso_find(k, 0xffffffff80000000));
	/* module symbols name their module */
	assert_string_equal(sym_dso_find(k, 0xffffffffc0001010)->name, "mod_fn");
	assert_string_equal(sym_dso_name(sym_dso_kmod(k, 0xffffffffc0001010)), "[mymod]");
	assert_ptr_equal(sym_dso_kmod(k, 0xffffffff81001800), k);
	sym_cache_free(c);
}

static void test_perfmap(void **state)
{
	char path[64];
	FILE *f;
	struct sym_cache *c;
	struct sym_dso *d;
	const struct sym *s;

	snprintf(path, sizeof(path), "/tmp/perf-%d999.map", (int)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("7f0000001000 100 jit_one\n7f0000001100 80 LazyCompile:*two foo.js:1\nbad\n", f);
	fclose(f);
	c = sym_cache_new(NULL);
	d = sym_cache_dso(c, path, NULL, 0);
	assert_int_equal(sym_dso_kind(d), SYM_DSO_PERFMAP);
	{
		/* perf's short name for JIT code; the path stays the long name */
		char want[64];

		snprintf(want, sizeof(want), "[JIT] tid %d999", (int)getpid());
		assert_string_equal(sym_dso_name(d), want);
		assert_string_equal(sym_dso_path(d), path);
	}
	s = sym_dso_find(d, 0x7f0000001050);
	assert_string_equal(s->name, "jit_one");
	s = sym_dso_find(d, 0x7f000000117f);
	assert_string_equal(s->name, "LazyCompile:*two foo.js:1");
	assert_null(sym_dso_find(d, 0x7f0000001180));
	sym_cache_free(c);
	unlink(path);
}

static void test_kinds_and_demangle(void **state)
{
	struct sym_cache *c = sym_cache_new(NULL);
	char *s;

	assert_int_equal(sym_dso_kind(sym_cache_dso(c, "//anon", NULL, 0)), SYM_DSO_ANON);
	assert_int_equal(sym_dso_kind(sym_cache_dso(c, "[vdso]", NULL, 0)), SYM_DSO_VDSO);
	assert_int_equal(sym_dso_kind(sym_cache_dso(c, "[kernel.kallsyms]_text", NULL, 0)), SYM_DSO_KERNEL);
	assert_string_equal(sym_dso_name(sym_cache_dso(c, "/usr/lib/libfoo.so.1", NULL, 0)), "libfoo.so.1");
	assert_null(sym_dso_find(sym_cache_dso(c, "/nonexistent/x", NULL, 0), 0x1000));
	sym_cache_free(c);

	assert_null(sym_demangle("main"));
	s = sym_demangle("_ZN2ns3fooEi");
	if (!s)
		skip();	/* no libstdc++ on this machine */
	assert_string_equal(s, "ns::foo");
	free(s);
	s = sym_demangle("_ZNK3Foo3barEv");
	assert_string_equal(s, "Foo::bar");
	free(s);
	s = sym_demangle("_Z3maxIiET_S0_S0_");	/* int max<int>(int, int) */
	assert_string_equal(s, "max<int>");
	free(s);
	s = sym_demangle("_ZTv0_n24_NSoD1Ev");
	assert_string_equal(s, "virtual thunk to std::basic_ostream<char, std::char_traits<char> >::~basic_ostream()");
	free(s);
	assert_null(sym_demangle("_Zgarbage"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf_symbols),
		cmocka_unit_test(test_plt),
		cmocka_unit_test(test_srcline_inline),
		cmocka_unit_test(test_debuglink),
		cmocka_unit_test(test_kallsyms),
		cmocka_unit_test(test_perfmap),
		cmocka_unit_test(test_kinds_and_demangle),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
