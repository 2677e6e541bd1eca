// SPDX-License-Identifier: GPL-2.0
/*
 * The inline index (src/report/sym-inline.c) on programs built here:
 * nested inline ranges, DW_AT_ranges (hot/cold split), abstract origins in
 * another CU (LTO), addresses in the gaps between ranges, and broken or
 * cyclic DWARF written by hand. Where GNU addr2line is installed, every
 * byte of .text is also resolved by it (one process, addresses in order,
 * as perf asks) and each level's name and line must agree: that is what
 * perf prints for inline frames.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdw.h>

#include "ptool/obj.h"
#include "ptool/strbuf.h"
#include "ptool/sym.h"
#include "../../src/report/sym-priv.h"

#define MAX_LEVELS_TEST 64

static char dir[] = "/tmp/ptool-test-syminl.XXXXXX";
static bool have_cc, have_cxx, have_lto, have_a2l, have_asm;

static const char *const c_src =
	"#include <stdlib.h>\n"						/* 1 */
	"static inline __attribute__((always_inline)) int leaf(int x)\n"	/* 2 */
	"{\n"								/* 3 */
	"\treturn x * 3 + (x >> 2);\n"					/* 4 */
	"}\n"								/* 5 */
	"static inline __attribute__((always_inline)) int mid(int x)\n"	/* 6 */
	"{\n"								/* 7 */
	"\treturn leaf(x) + leaf(x + 1);\n"				/* 8 */
	"}\n"								/* 9 */
	"__attribute__((noinline)) int top(int *v, int n)\n"		/* 10 */
	"{\n"								/* 11 */
	"\tint s = 0;\n"						/* 12 */
	"\tfor (int i = 0; i < n; i++) {\n"				/* 13 */
	"\t\tif (__builtin_expect(v[i] < 0, 0))\n"			/* 14 */
	"\t\t\tabort();\n"						/* 15 */
	"\t\ts += mid(v[i]);\n"						/* 16 */
	"\t}\n"								/* 17 */
	"\treturn s;\n"							/* 18 */
	"}\n"								/* 19 */
	"int main(int argc, char **argv)\n"				/* 20 */
	"{\n"								/* 21 */
	"\tint v[4] = { argc, 2, 3, 4 };\n"				/* 22 */
	"\treturn top(v, 4) & 1;\n"					/* 23 */
	"}\n";								/* 24 */

static const char *const cxx_src =
	"#include <algorithm>\n"
	"#include <map>\n"
	"#include <string>\n"
	"#include <vector>\n"
	"#include <cstdio>\n"
	"namespace geo { template <class T> struct P { T x, y; };\n"
	"template <class T> bool operator<(const P<T> &a, const P<T> &b)\n"
	"{ return a.x != b.x ? a.x < b.x : a.y < b.y; } }\n"
	"__attribute__((noinline)) long work(std::vector<geo::P<long>> &v, long n)\n"
	"{\n"
	"\tstd::map<std::string, long> m;\n"
	"\tchar b[16];\n"
	"\tfor (long i = 0; i < n; i++) {\n"
	"\t\tsnprintf(b, sizeof b, \"k%ld\", i % 7);\n"
	"\t\tm[b] += i;\n"
	"\t}\n"
	"\tstd::sort(v.begin(), v.end(), [](const geo::P<long> &a, const geo::P<long> &b) { return b < a; });\n"
	"\treturn (long)m.size() + v[0].x;\n"
	"}\n"
	"int main(int argc, char **)\n"
	"{\n"
	"\tstd::vector<geo::P<long>> v;\n"
	"\tfor (long i = 0; i < 100; i++) v.push_back({(i * 7) % 13, i});\n"
	"\treturn (int)work(v, argc * 100) & 1;\n"
	"}\n";

static const char *const lto_a =
	"int helper(int x);\n"
	"__attribute__((noinline)) int driver(int n)\n"
	"{\n"
	"\tint s = 0;\n"
	"\tfor (int i = 0; i < n; i++)\n"
	"\t\ts += helper(i);\n"
	"\treturn s;\n"
	"}\n"
	"int main(int argc, char **argv) { return driver(argc * 10) & 1; }\n";

static const char *const lto_b =
	"int helper(int x)\n"
	"{\n"
	"\treturn x * x + 7;\n"
	"}\n";

/*
 * A CU with one function whose inlined child names an abstract origin
 * that names itself (a cycle), followed by a CU whose first child uses an
 * abbreviation code the table does not have (broken).
 */
static const char *const bad_asm =
	"\t.text\n"
	"\t.globl fn_a\n\t.type fn_a,@function\n"
	"fn_a:\n\tnop\n\tnop\n\tnop\n\tnop\n\tret\n"
	"\t.size fn_a,.-fn_a\n"
	"\t.globl fn_b\n\t.type fn_b,@function\n"
	"fn_b:\n\tnop\n\tnop\n\tret\n"
	"\t.size fn_b,.-fn_b\n"
	"\t.section .debug_abbrev,\"\",@progbits\n"
	".Labbrev:\n"
	"\t.uleb128 1\n\t.uleb128 0x11\n\t.byte 1\n"	/* compile_unit, children */
	"\t.uleb128 0x25\n\t.uleb128 0x8\n"		/* producer, string */
	"\t.uleb128 0x13\n\t.uleb128 0xb\n"		/* language, data1 */
	"\t.uleb128 0x11\n\t.uleb128 0x1\n"		/* low_pc, addr */
	"\t.uleb128 0x12\n\t.uleb128 0x1\n"		/* high_pc, addr */
	"\t.uleb128 0\n\t.uleb128 0\n"
	"\t.uleb128 2\n\t.uleb128 0x2e\n\t.byte 1\n"	/* subprogram, children */
	"\t.uleb128 0x3\n\t.uleb128 0x8\n"		/* name, string */
	"\t.uleb128 0x11\n\t.uleb128 0x1\n"
	"\t.uleb128 0x12\n\t.uleb128 0x1\n"
	"\t.uleb128 0\n\t.uleb128 0\n"
	"\t.uleb128 3\n\t.uleb128 0x1d\n\t.byte 0\n"	/* inlined_subroutine */
	"\t.uleb128 0x31\n\t.uleb128 0x13\n"		/* abstract_origin, ref4 */
	"\t.uleb128 0x11\n\t.uleb128 0x1\n"
	"\t.uleb128 0x12\n\t.uleb128 0x1\n"
	"\t.uleb128 0\n\t.uleb128 0\n"
	"\t.uleb128 4\n\t.uleb128 0x2e\n\t.byte 0\n"	/* subprogram, abstract */
	"\t.uleb128 0x31\n\t.uleb128 0x13\n"		/* abstract_origin, ref4 */
	"\t.uleb128 0x20\n\t.uleb128 0xb\n"		/* inline, data1 */
	"\t.uleb128 0\n\t.uleb128 0\n"
	"\t.byte 0\n"
	"\t.section .debug_info,\"\",@progbits\n"
	".Lcu1:\n"
	"\t.long .Lcu1_end - .Lcu1 - 4\n\t.value 4\n\t.long .Labbrev\n\t.byte 8\n"
	"\t.uleb128 1\n\t.string \"hand C\"\n\t.byte 0xc\n\t.quad fn_a\n\t.quad fn_b\n"
	"\t.uleb128 2\n\t.string \"fn_a\"\n\t.quad fn_a\n\t.quad fn_a+5\n"
	"\t.uleb128 3\n\t.long .Lcyc - .Lcu1\n\t.quad fn_a+1\n\t.quad fn_a+3\n"
	"\t.byte 0\n"
	".Lcyc:\n"
	"\t.uleb128 4\n\t.long .Lcyc - .Lcu1\n\t.byte 3\n"
	"\t.byte 0\n"
	".Lcu1_end:\n"
	".Lcu2:\n"
	"\t.long .Lcu2_end - .Lcu2 - 4\n\t.value 4\n\t.long .Labbrev\n\t.byte 8\n"
	"\t.uleb128 1\n\t.string \"hand C\"\n\t.byte 0xc\n\t.quad fn_b\n\t.quad fn_b+3\n"
	"\t.uleb128 77\n\t.byte 0\n\t.byte 0\n"
	".Lcu2_end:\n"
	"\t.section .debug_aranges,\"\",@progbits\n"
	"\t.long .Lar1_end - .Lar1\n.Lar1:\n\t.value 2\n\t.long .Lcu1\n\t.byte 8\n\t.byte 0\n"
	"\t.long 0\n\t.quad fn_a\n\t.quad 5\n\t.quad 0\n\t.quad 0\n.Lar1_end:\n"
	"\t.long .Lar2_end - .Lar2\n.Lar2:\n\t.value 2\n\t.long .Lcu2\n\t.byte 8\n\t.byte 0\n"
	"\t.long 0\n\t.quad fn_b\n\t.quad 3\n\t.quad 0\n\t.quad 0\n.Lar2_end:\n"
	"\t.section .note.GNU-stack,\"\",@progbits\n";

static int run(const char *cmd)
{
	int rc = system(cmd);

	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static bool write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return false;
	fputs(text, f);
	return fclose(f) == 0;
}

static bool build(const char *cmd)
{
	char full[1024];

	snprintf(full, sizeof(full), "cd %s && %s >/dev/null 2>&1", dir, cmd);
	return run(full) == 0;
}

static int setup(void **state)
{
	assert_non_null(mkdtemp(dir));
	assert_true(write_file("c.c", c_src) && write_file("x.cpp", cxx_src) &&
		    write_file("lto_a.c", lto_a) && write_file("lto_b.c", lto_b) &&
		    write_file("bad.s", bad_asm));
	have_cc = build("cc -O2 -g -freorder-blocks-and-partition -o c c.c");
	have_cxx = build("g++ -O2 -g -o x x.cpp");
	have_lto = build("cc -O2 -g -flto -o lto lto_a.c lto_b.c");
	have_asm = build("cc -nostdlib -static -Wl,-e,fn_a -o bad bad.s");
	have_a2l = run("addr2line --version >/dev/null 2>&1") == 0;
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return run(cmd) ? -1 : 0;
}

static void path_of(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", dir, name);
}

/* the dso of the program @name built in setup(), in a cache of its own */
static struct sym_dso *open_dso(const char *name, struct sym_cache **c)
{
	char p[512];

	path_of(p, sizeof(p), name);
	*c = sym_cache_new(&(struct sym_opts){ .debug_dir = "/nonexistent" });
	return sym_cache_dso(*c, p, NULL, 0);
}

/* the [lo, hi) of .text in @d */
static void text_range(struct sym_dso *d, uint64_t *lo, uint64_t *hi)
{
	GElf_Shdr sh;

	assert_non_null(obj_section(sym_dso_elf(d), ".text", &sh));
	*lo = sh.sh_addr;
	*hi = sh.sh_addr + sh.sh_size;
}

/* the deepest nesting found in [lo, hi) of @d, and one address with it */
static int deepest(struct sym_dso *d, uint64_t lo, uint64_t hi, uint64_t *at)
{
	const struct sym_inline *lv;
	int best = 0;

	for (uint64_t a = lo; a < hi; a++) {
		int n = sym_dso_inlines(d, a, &lv);

		if (n > best) {
			best = n;
			*at = a;
		}
	}
	return best;
}

static const char *base(const char *p)
{
	const char *s;

	if (!p)
		return "??";
	s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static void test_nested(void **state)
{
	struct sym_cache *c;
	struct sym_dso *d;
	const struct sym *top;
	const struct sym_inline *lv;
	uint64_t at = 0;
	int n;

	if (!have_cc)
		skip();
	d = open_dso("c", &c);
	top = NULL;
	for (uint64_t a = 0x1000; a < 0x100000 && !top; a += 1) {
		const struct sym *s = sym_dso_find(d, a);

		if (s && !strcmp(s->name, "top"))
			top = s;
	}
	assert_non_null(top);
	n = deepest(d, top->start, top->end, &at);
	/* leaf inlined into mid inlined into top */
	assert_int_equal(n, 3);
	n = sym_dso_inlines(d, at, &lv);
	assert_int_equal(n, 3);
	assert_string_equal(lv[0].name, "leaf");
	assert_string_equal(lv[1].name, "mid");
	assert_string_equal(lv[2].name, "top");
	/* each outer level is where the inner one is called */
	assert_string_equal(base(lv[0].file), "c.c");
	assert_int_equal(lv[0].line, 4);
	assert_int_equal(lv[1].line, 8);
	assert_int_equal(lv[2].line, 16);
	/* an address before any code: nothing */
	assert_int_equal(sym_dso_inlines(d, 1, &lv), 0);
	sym_cache_free(c);
}

/*
 * top() has a cold part (top.cold, in .text.unlikely) listed in its
 * DW_AT_ranges: an address there resolves to top; an address between
 * the two parts belongs to whatever function is there.
 */
static void test_ranges_and_gap(void **state)
{
	struct sym_cache *c;
	struct sym_dso *d;
	const struct sym_inline *lv;
	const struct sym *s, *cold = NULL, *mainf = NULL;
	uint64_t lo, hi;
	int n;

	if (!have_cc)
		skip();
	d = open_dso("c", &c);
	text_range(d, &lo, &hi);
	for (uint64_t a = lo > 0x2000 ? lo - 0x2000 : 0; a < hi; a++) {
		s = sym_dso_find(d, a);
		if (s && !strcmp(s->name, "top.cold"))
			cold = s;
		if (s && !strcmp(s->name, "main"))
			mainf = s;
	}
	if (!cold) {
		sym_cache_free(c);
		skip();	/* this compiler kept no cold part */
	}
	n = sym_dso_inlines(d, cold->start, &lv);
	assert_true(n >= 1);
	assert_string_equal(lv[n - 1].name, "top");
	assert_non_null(mainf);
	n = sym_dso_inlines(d, mainf->start, &lv);
	assert_true(n >= 1);
	assert_string_equal(lv[n - 1].name, "main");
	sym_cache_free(c);
}

/* LTO: the inlined helper's abstract origin lives in another CU */
static void test_lto_origin(void **state)
{
	struct sym_cache *c;
	struct sym_dso *d;
	const struct sym_inline *lv;
	uint64_t lo, hi;
	bool found = false;

	if (!have_lto)
		skip();
	d = open_dso("lto", &c);
	text_range(d, &lo, &hi);
	for (uint64_t a = lo; a < hi && !found; a++) {
		int n = sym_dso_inlines(d, a, &lv);

		if (n == 2 && lv[0].name && !strcmp(lv[0].name, "helper")) {
			assert_string_equal(lv[1].name, "driver");
			assert_string_equal(base(lv[0].file), "lto_b.c");
			assert_string_equal(base(lv[1].file), "lto_a.c");
			assert_int_equal(lv[1].line, 6);
			found = true;
		}
	}
	assert_true(found);
	sym_cache_free(c);
}

/* a cyclic abstract origin and a CU with an unknown abbreviation */
static void test_broken_dwarf(void **state)
{
	struct sym_cache *c;
	struct sym_dso *d;
	const struct sym_inline *lv;
	struct sym_inl *x;
	struct sym_inl_res r;
	uint64_t fa, fb;
	size_t cus, ranges, addrs;

	if (!have_asm)
		skip();
	d = open_dso("bad", &c);
	fa = sym_dso_find(d, 0x401000) ? 0x401000 : 0;
	for (uint64_t a = 0x400000; a < 0x402000 && !fa; a++) {
		const struct sym *s = sym_dso_find(d, a);

		if (s && !strcmp(s->name, "fn_a"))
			fa = s->start;
	}
	assert_true(fa != 0);
	fb = sym_dso_find(d, fa)->end;
	/* the cycle ends: a name or none, never a hang */
	assert_true(sym_dso_inlines(d, fa + 1, &lv) >= 1);
	assert_int_equal(sym_dso_inlines(d, fa, &lv), 1);
	assert_string_equal(lv[0].name, "fn_a");
	/* the broken CU gives no levels from DWARF, only the symbol */
	assert_true(sym_dso_inlines(d, fb, &lv) <= 1);

	x = sym_inl_new(sym_dso_dwarf(d), false, NULL, NULL);
	assert_int_equal(sym_inl_lookup(x, fb, &r), -EINVAL);
	assert_int_equal(r.nr, 0);
	assert_int_equal(sym_inl_lookup(x, 0x10, &r), -ENOENT);
	assert_int_equal(sym_inl_lookup(x, fa, &r), 0);
	assert_int_equal(r.nr, 1);
	sym_inl_stats(x, &cus, &ranges, &addrs);
	assert_int_equal(cus, 2);
	assert_int_equal(addrs, 3);
	sym_inl_free(x);
	sym_cache_free(c);
}

/* report a difference (the first few) and count it */
#define MISMATCH(...) do {						\
		if (bad++ < 20)						\
			print_message(__VA_ARGS__), print_message("\n");	\
	} while (0)

/*
 * perf's srcline from addr2line's innermost "file:line": the base name and
 * the line, "?" as 0; nothing for file "??"
 */
static void check_srcline(const char *name, struct sym_dso *d,
			  unsigned long long a, const char *src, size_t *nbad)
{
	struct strbuf sb = STRBUF_INIT;
	const char *colon = strrchr(src, ':');
	char file[4096], want[4200];
	int r = sym_dso_srcline(d, a, &sb);
	size_t bad = *nbad;

	if (!colon)
		return;
	snprintf(file, sizeof(file), "%.*s", (int)(colon - src), src);
	if (!strcmp(file, "??")) {
		if (!r)
			MISMATCH("%s %#llx: addr2line %s, ptool srcline %s", name,
				 a, src, sb.buf);
	} else {
		snprintf(want, sizeof(want), "%s:%d", base(file), atoi(colon + 1));
		if (r || strcmp(sb.buf, want))
			MISMATCH("%s %#llx: addr2line %s, ptool srcline %s", name,
				 a, want, r ? "(none)" : sb.buf);
	}
	*nbad = bad;
	strbuf_release(&sb);
}

/*
 * Every @step-th byte of .text of @p through GNU addr2line -i -f (one
 * process, in address order) and through the index of @d, in the same
 * order: the same levels, names (demangled as perf does), files and lines.
 */
static void compare_dso(const char *name, const char *p, struct sym_dso *d,
			uint64_t step, bool gaps)
{
	char cmd[2048], list[600], line[8192];
	uint64_t lo, hi;
	FILE *f, *out;
	size_t checked = 0, levels = 0, want_checked = 0, bad = 0;

	text_range(d, &lo, &hi);
	snprintf(list, sizeof(list), "%s/%s.addrs", dir, name);
	f = fopen(list, "w");
	assert_non_null(f);
	for (uint64_t a = lo; a < hi; a += step, want_checked++)
		fprintf(f, "%#llx\n", (unsigned long long)a);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "addr2line -e %s -a -i -f < %s", p, list);
	out = popen(cmd, "r");
	assert_non_null(out);
	assert_non_null(fgets(line, sizeof(line), out));
	while (!feof(out)) {
		unsigned long long a = strtoull(line, NULL, 16);
		static char fn[MAX_LEVELS_TEST][8192];
		static char src[MAX_LEVELS_TEST][8192];
		int n = 0, k;
		const struct sym_inline *lv;

		/* records up to the next address line */
		while (fgets(line, sizeof(line), out) && strncmp(line, "0x", 2)) {
			line[strcspn(line, "\n")] = 0;
			if (n < MAX_LEVELS_TEST)
				snprintf(fn[n], sizeof(fn[n]), "%s", line);
			if (!fgets(line, sizeof(line), out))
				break;
			line[strcspn(line, "\n")] = 0;
			if (n < MAX_LEVELS_TEST)
				snprintf(src[n], sizeof(src[n]), "%s", line);
			n++;
		}
		/*
		 * outside every CU (padding between functions) bfd's answer
		 * depends on what it looked up before: skip those
		 */
		if (gaps) {
			Dwarf_Die cu;

			if (!dwarf_addrdie(sym_dso_dwarf(d), a, &cu)) {
				want_checked--;
				continue;
			}
		}
		k = sym_dso_inlines(d, a, &lv);
		if (n)
			check_srcline(name, d, a, src[0], &bad);
		if (n == 1 && !strcmp(fn[0], "??"))
			n = 0;
		if (n != k)
			MISMATCH("%s %#llx: addr2line %d levels (%s), ptool %d", name, a,
				 n, n ? fn[0] : "-", k);
		for (int i = 0; i < n; i++) {
			char *dem = sym_demangle(fn[i]);
			const char *want = dem ? dem : fn[i];
			char *colon = strrchr(src[i], ':');
			int wline = colon ? atoi(colon + 1) : 0;

			if (!lv[i].name || strcmp(lv[i].name, want))
				MISMATCH("%s %#llx level %d: addr2line '%s', ptool '%s'",
					 name, a, i, want, lv[i].name ? lv[i].name : "(null)");
			if (colon)
				*colon = 0;
			if (strcmp(src[i], "??") && wline && (lv[i].line != wline ||
			    !lv[i].file || strcmp(base(lv[i].file), base(src[i]))))
				MISMATCH("%s %#llx level %d: addr2line %s:%d, ptool %s:%d",
					 name, a, i, base(src[i]), wline,
					 base(lv[i].file), lv[i].line);
			free(dem);
		}
		checked++;
		levels += (size_t)n;
	}
	pclose(out);
	if (bad)
		fail_msg("%s: %zu differences from addr2line over %zu addresses", name,
			 bad, checked);
	assert_true(checked == want_checked);
	assert_true(levels > checked);
}

static void compare_with_addr2line(const char *name)
{
	char p[512];
	struct sym_cache *c;
	struct sym_dso *d;

	path_of(p, sizeof(p), name);
	d = open_dso(name, &c);
	compare_dso(name, p, d, 1, false);
	sym_cache_free(c);
}

/*
 * glibc's objects, with their debug files from /usr/lib/debug (libc6-dbg):
 * DWARF 5 line tables whose entries 0 and 1 differ, where addr2line
 * names entry 0 for the rows a sequence never moved out of file 1.
 */
static void compare_system(const char *name, const char *p, uint64_t step)
{
	struct sym_cache *c;
	struct sym_dso *d;
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "readelf -n %s 2>/dev/null | awk '/Build ID/ { print $3 }' | "
		 "{ read id && test -r /usr/lib/debug/.build-id/$(echo $id | "
		 "cut -c1-2)/$(echo $id | cut -c3-).debug; }", p);
	if (!have_a2l || access(p, R_OK) || run(cmd))
		skip();
	c = sym_cache_new(&(struct sym_opts){ 0 });
	d = sym_cache_dso(c, p, NULL, 0);
	assert_non_null(d);
	compare_dso(name, p, d, step, true);
	sym_cache_free(c);
}

static void test_addr2line_ldso(void **state)
{
	compare_system("ldso", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", 3);
}

static void test_addr2line_libc(void **state)
{
	compare_system("libc", "/lib/x86_64-linux-gnu/libc.so.6", 61);
}

static void test_addr2line_c(void **state)
{
	if (!have_cc || !have_a2l)
		skip();
	compare_with_addr2line("c");
}

static void test_addr2line_cxx(void **state)
{
	if (!have_cxx || !have_a2l)
		skip();
	compare_with_addr2line("x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_ranges_and_gap),
		cmocka_unit_test(test_lto_origin),
		cmocka_unit_test(test_broken_dwarf),
		cmocka_unit_test(test_addr2line_c),
		cmocka_unit_test(test_addr2line_cxx),
		cmocka_unit_test(test_addr2line_ldso),
		cmocka_unit_test(test_addr2line_libc),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
