// SPDX-License-Identifier: GPL-2.0
/*
 * The probe finder on programs compiled here (cc -g into a temp dir):
 * addresses checked against addr2line, DWARF locations against the
 * fetch-arg forms uprobetracer.rst defines.
 */
#include <errno.h>
#include <inttypes.h>
#include <regex.h>
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
#include "ptool/probe_dwarf.h"
#include "ptool/strbuf.h"

static const char src[] =
	"#include <stdio.h>\n"				/* 1 */
	"#include <unistd.h>\n"				/* 2 */
	"\n"						/* 3 */
	"struct pt { int x; long y; };\n"		/* 4 */
	"\n"						/* 5 */
	"int work(int n)\n"				/* 6 */
	"{\n"						/* 7 */
	"\tint i, s = 0;\n"				/* 8 */
	"\n"						/* 9 */
	"\tfor (i = 0; i < n; i++)\n"			/* 10 */
	"\t\ts += i & 7;\n"				/* 11 */
	"\treturn s;\n"					/* 12 */
	"}\n"						/* 13 */
	"\n"						/* 14 */
	"int use(struct pt *q, const char *name)\n"	/* 15 */
	"{\n"						/* 16 */
	"\treturn q->x + (int)q->y + name[0];\n"	/* 17 */
	"}\n"						/* 18 */
	"\n"						/* 19 */
	"int main(int argc, char **argv)\n"		/* 20 */
	"{\n"						/* 21 */
	"\tlong total = 0;\n"				/* 22 */
	"\tint k;\n"					/* 23 */
	"\tstruct pt p = { 3, 4 };\n"			/* 24 */
	"\tint arr[4] = { 1, 2, 3, 4 };\n"		/* 25 */
	"\n"						/* 26 */
	"\tfor (k = 0; k < 5; k++) {\n"			/* 27 */
	"\t\ttotal += work(1000000);\n"			/* 28 */
	"\t\tusleep(1000);\n"				/* 29 */
	"\t}\n"						/* 30 */
	"\tprintf(\"%ld %d\\n\", total, use(&p, argv[0]) + arr[2]);\n" /* 31 */
	"\treturn 0;\n"					/* 32 */
	"}\n";						/* 33 */

struct fixture {
	char dir[64];
	char o0[128];
	char o2[128];
	char nopie[128];
	char stripped[128];
	char moved[128];
	bool ok;
};

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int run(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ret = system(sb.buf);
	strbuf_release(&sb);
	return ret;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char path[128];
	FILE *fp;

	strcpy(f->dir, "/tmp/ptool-probe-dwarf.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(path, sizeof(path), "%s/demo.c", f->dir);
	fp = fopen(path, "w");
	if (!fp)
		return -1;
	fputs(src, fp);
	fclose(fp);
	snprintf(f->o0, sizeof(f->o0), "%s/demo0", f->dir);
	snprintf(f->o2, sizeof(f->o2), "%s/demo2", f->dir);
	snprintf(f->nopie, sizeof(f->nopie), "%s/demonopie", f->dir);
	snprintf(f->stripped, sizeof(f->stripped), "%s/demostrip", f->dir);
	snprintf(f->moved, sizeof(f->moved), "%s/demomoved", f->dir);
	f->ok = !run("cd %s && cc -O0 -g -o demo0 demo.c && "
		     "cc -O2 -g -o demo2 demo.c && "
		     "cc -O0 -g -no-pie -fno-pie -o demonopie demo.c && "
		     "cc -O0 -o demostrip demo.c && strip -g demostrip && "
		     "cp demo.c moved.c && cc -O0 -g -o demomoved moved.c && "
		     "mkdir src && mv moved.c src/",
		     f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	run("rm -rf '%s'", f->dir);
	free(f);
	return 0;
}

static struct probe_bin *open_or_skip(struct fixture *f, const char *path)
{
	struct probe_bin *b;

	if (!f->ok)
		skip();
	b = probe_bin_open(path, false, NULL);
	assert_non_null(b);
	return b;
}

/* resolve @spec, expecting success */
static void resolve(struct probe_bin *b, const char *spec,
		    struct probe_locs *locs)
{
	struct probe_spec s;
	struct strbuf err = STRBUF_INIT;

	memset(locs, 0, sizeof(*locs));
	strbuf_init(&locs->warn, 0);
	if (probe_spec_parse(spec, &s, &err))
		fail_msg("parse '%s': %s", spec, err.buf);
	if (probe_resolve(b, &s, locs, &err))
		fail_msg("resolve '%s': %s", spec, err.buf);
	assert_true(locs->nr >= 1);
	probe_spec_release(&s);
	strbuf_release(&err);
}

static int resolve_err(struct probe_bin *b, const char *spec,
		       struct strbuf *err)
{
	struct probe_spec s;
	struct probe_locs locs = { .warn = STRBUF_INIT };
	int ret;

	assert_int_equal(probe_spec_parse(spec, &s, err), 0);
	ret = probe_resolve(b, &s, &locs, err);
	probe_spec_release(&s);
	probe_locs_release(&locs);
	return ret;
}

static void assert_re(const char *s, const char *re)
{
	regex_t r;

	assert_int_equal(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
	if (regexec(&r, s, 0, NULL, 0))
		fail_msg("'%s' does not match /%s/", s, re);
	regfree(&r);
}

/* the source line addr2line reports for @vaddr in @bin */
static int addr2line(const char *bin, uint64_t vaddr)
{
	struct strbuf cmd = STRBUF_INIT;
	char buf[512], *colon;
	FILE *p;
	int line = -1;

	strbuf_addf(&cmd, "addr2line -e '%s' 0x%" PRIx64, bin, vaddr);
	p = popen(cmd.buf, "r");
	strbuf_release(&cmd);
	if (!p)
		return -1;
	if (fgets(buf, sizeof(buf), p) && (colon = strrchr(buf, ':')))
		line = atoi(colon + 1);
	pclose(p);
	return line;
}

static long fbreg(const char *arg, const char *name)
{
	const char *p = strchr(arg, '=');

	assert_non_null(p);
	assert_memory_equal(arg, name, strlen(name));
	return strtol(p + 1, NULL, 10);
}

static void test_lines(void **state)
{
	struct fixture *f = *state;
	struct probe_bin *b = open_or_skip(f, f->o0);
	struct probe_locs l;

	assert_true(probe_bin_has_dwarf(b));
	/* main:9 is "usleep(1000);" (line 29): one address, on that line */
	resolve(b, "main:9", &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.v[0].line, 29);
	assert_int_equal(addr2line(f->o0, l.v[0].vaddr), 29);
	assert_string_equal(l.v[0].func, "main");
	/* PIE: the first segment maps at file offset 0 */
	assert_int_equal(l.v[0].offset, l.v[0].vaddr);
	probe_locs_release(&l);

	/* the same line by file */
	resolve(b, "demo.c:29", &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(addr2line(f->o0, l.v[0].vaddr), 29);
	probe_locs_release(&l);

	/* lazy patterns: a glob against the line without blanks */
	resolve(b, "main;usleep*", &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(addr2line(f->o0, l.v[0].vaddr), 29);
	probe_locs_release(&l);
	resolve(b, "demo.c;*s+=i&7;", &l);
	for (int i = 0; i < l.nr; i++)
		assert_int_equal(addr2line(f->o0, l.v[i].vaddr), 11);
	assert_string_equal(l.v[0].func, "work");
	probe_locs_release(&l);

	/* a loop header has code at several addresses: all of them */
	resolve(b, "work:4", &l);
	assert_true(l.nr >= 2);
	for (int i = 0; i < l.nr; i++)
		assert_int_equal(addr2line(f->o0, l.v[i].vaddr), 10);
	probe_locs_release(&l);
	probe_bin_free(b);
}

static void test_func_entry(void **state)
{
	struct fixture *f = *state;
	struct probe_bin *b = open_or_skip(f, f->o0);
	struct probe_locs l, a;
	uint64_t entry;

	resolve(b, "work", &l);
	assert_int_equal(l.nr, 1);
	assert_false(l.v[0].skipped_prologue);
	entry = l.v[0].vaddr;
	probe_locs_release(&l);

	/* -O0 with a variable: after the prologue, on the next line */
	resolve(b, "work n", &a);
	assert_true(a.v[0].skipped_prologue);
	assert_true(a.v[0].vaddr > entry);
	assert_int_equal(addr2line(f->o0, a.v[0].vaddr), 8);
	assert_int_equal(a.v[0].nargs, 1);
	assert_re(a.v[0].args[0], "^n=-[0-9]+\\(%bp\\):s32$");
	probe_locs_release(&a);

	resolve(b, "work+4", &l);
	assert_int_equal(l.v[0].vaddr, entry + 4);
	probe_locs_release(&l);

	resolve(b, "work%return $retval", &l);
	assert_int_equal(l.v[0].vaddr, entry);
	assert_string_equal(l.v[0].args[0], "$retval");
	probe_locs_release(&l);
	probe_bin_free(b);
}

static void test_vars(void **state)
{
	struct fixture *f = *state;
	struct probe_bin *b = open_or_skip(f, f->o0);
	struct probe_locs l;
	long p, x, y, arr, a2;

	resolve(b, "main:9 total k p.x p.y arr arr[2] argv c=k:u8 argc:x32",
		&l);
	assert_int_equal(l.v[0].nargs, 9);
	assert_re(l.v[0].args[0], "^total=-[0-9]+\\(%bp\\):s64$");
	assert_re(l.v[0].args[1], "^k=-[0-9]+\\(%bp\\):s32$");
	assert_re(l.v[0].args[2], "^x=-[0-9]+\\(%bp\\):s32$");
	assert_re(l.v[0].args[3], "^y=-[0-9]+\\(%bp\\):s64$");
	assert_re(l.v[0].args[4], "^arr=-[0-9]+\\(%bp\\)$");
	assert_re(l.v[0].args[5], "^arr=-[0-9]+\\(%bp\\):s32$");
	assert_re(l.v[0].args[6], "^argv=-[0-9]+\\(%bp\\):x64$");
	assert_re(l.v[0].args[7], "^c=-[0-9]+\\(%bp\\):u8$");
	assert_re(l.v[0].args[8], "^argc_x32=-[0-9]+\\(%bp\\):x32$");	/* perf's name */
	/* member and element offsets come from the DWARF types */
	x = fbreg(l.v[0].args[2], "x");
	y = fbreg(l.v[0].args[3], "y");
	assert_int_equal(y - x, 8);
	arr = fbreg(l.v[0].args[4], "arr");
	a2 = fbreg(l.v[0].args[5], "arr");
	assert_int_equal(a2 - arr, 8);
	(void)p;
	probe_locs_release(&l);

	/* through a pointer: memory at (value of q) + member offset */
	resolve(b, "use:2 q->x q->y name:string n0=name[0]", &l);
	assert_re(l.v[0].args[0], "^x=\\+0\\(-[0-9]+\\(%bp\\)\\):s32$");
	assert_re(l.v[0].args[1], "^y=\\+8\\(-[0-9]+\\(%bp\\)\\):s64$");
	assert_re(l.v[0].args[2], "^name_string=\\+0\\(-[0-9]+\\(%bp\\)\\):string$");
	assert_re(l.v[0].args[3], "^n0=\\+0\\(-[0-9]+\\(%bp\\)\\):s8$");
	probe_locs_release(&l);

	resolve(b, "main:9 $params", &l);
	assert_int_equal(l.v[0].nargs, 2);
	assert_re(l.v[0].args[0], "^argc=");
	assert_re(l.v[0].args[1], "^argv=");
	probe_locs_release(&l);

	resolve(b, "main:9 $vars", &l);
	assert_int_equal(l.v[0].nargs, 6);
	probe_locs_release(&l);
	probe_bin_free(b);
}

static void test_optimized(void **state)
{
	struct fixture *f = *state;
	struct probe_bin *b = open_or_skip(f, f->o2);
	struct probe_locs l;
	bool has_real = false;

	/* work is inlined into main and also exists on its own */
	resolve(b, "work", &l);
	assert_true(l.nr >= 2);
	probe_locs_release(&l);

	/* at the real entry the parameter is in %di; no prologue skip */
	resolve(b, "work n", &l);
	for (int i = 0; i < l.nr; i++) {
		assert_false(l.v[i].skipped_prologue);
		if (!strcmp(l.v[i].args[0], "n=%di:s32"))
			has_real = true;
		else
			assert_re(l.v[i].args[0], "^n=\\\\1000000:s32$");
	}
	assert_true(has_real);
	probe_locs_release(&l);

	resolve(b, "main argc", &l);
	assert_string_equal(l.v[0].args[0], "argc=%di:s32");
	probe_locs_release(&l);

	/*
	 * the call line of the inlined work: probed where the inlined code
	 * starts, with main's variables (the caller's concrete scope)
	 */
	resolve(b, "main:8 argc", &l);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.v[0].func, "main");
	assert_string_equal(l.v[0].args[0], "argc=%di:s32");
	probe_locs_release(&l);

	/* --no-inlines: the real function only */
	probe_bin_set_no_inlines(b, true);
	resolve(b, "work", &l);
	assert_int_equal(l.nr, 1);
	probe_locs_release(&l);
	probe_bin_set_no_inlines(b, false);

	/* a return probe only on the real function */
	resolve(b, "work%return", &l);
	assert_int_equal(l.nr, 1);
	probe_locs_release(&l);
	probe_bin_free(b);
}

static void test_nopie_offset(void **state)
{
	struct fixture *f = *state;
	struct probe_bin *b = open_or_skip(f, f->nopie);
	struct probe_locs l;
	uint64_t off;

	resolve(b, "main:9", &l);
	assert_true(l.v[0].vaddr >= 0x400000);
	assert_int_equal(probe_bin_file_offset(b, l.v[0].vaddr, &off), 0);
	assert_int_equal(l.v[0].offset, off);
	assert_true(l.v[0].offset < l.v[0].vaddr);
	assert_int_equal(l.v[0].vaddr - l.v[0].offset, 0x400000);
	assert_int_equal(addr2line(f->nopie, l.v[0].vaddr), 29);
	probe_locs_release(&l);
	probe_bin_free(b);
}

static void test_errors(void **state)
{
	struct fixture *f = *state;
	struct probe_bin *b = open_or_skip(f, f->o0);
	struct probe_bin *s = open_or_skip(f, f->stripped);
	struct strbuf err = STRBUF_INIT;
	struct probe_locs l;

	assert_int_equal(resolve_err(b, "nosuch", &err), -ENOENT);
	assert_non_null(strstr(err.buf, "nosuch"));
	strbuf_reset(&err);
	assert_int_equal(resolve_err(b, "main:6", &err), -ENOENT);
	strbuf_reset(&err);
	assert_int_equal(resolve_err(b, "main;nomatch*", &err), -ENOENT);
	assert_non_null(strstr(err.buf, "no line of 'main' matches"));
	strbuf_reset(&err);
	assert_int_equal(resolve_err(b, "main:9 nosuchvar", &err), -ENOENT);
	assert_non_null(strstr(err.buf, "nosuchvar"));
	strbuf_reset(&err);
	assert_int_equal(resolve_err(b, "main:9 p->x", &err), -EINVAL);
	strbuf_reset(&err);
	assert_int_equal(resolve_err(b, "main:9 total.x", &err), -ENOENT);
	strbuf_reset(&err);
	assert_int_equal(resolve_err(b, "main:9 p.nosuch", &err), -ENOENT);
	strbuf_reset(&err);

	/* no DWARF: functions by symbol only */
	assert_false(probe_bin_has_dwarf(s));
	assert_int_equal(resolve_err(s, "main:9", &err), -ENODATA);
	assert_non_null(strstr(err.buf, "has no debug information"));
	strbuf_reset(&err);
	assert_int_equal(resolve_err(s, "main argc", &err), -ENODATA);
	strbuf_reset(&err);
	resolve(s, "work", &l);
	assert_int_equal(l.nr, 1);
	probe_locs_release(&l);
	resolve(s, "work %di:s32", &l);
	assert_string_equal(l.v[0].args[0], "%di:s32");
	probe_locs_release(&l);
	strbuf_release(&err);
	probe_bin_free(b);
	probe_bin_free(s);
}

static void test_show(void **state)
{
	struct fixture *f = *state;
	struct probe_bin *b = open_or_skip(f, f->o0);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct probe_spec s;

	assert_int_equal(probe_show_lines(b, "work", &out, &err), 0);
	assert_re(out.buf, "^<work@/tmp/ptool-probe-dwarf\\.[^/]+/demo\\.c:0>\n"
		  "      0  int work\\(int n\\)\n"
		  "         \\{\n"
		  "      2  \tint i, s = 0;\n"
		  "         \n"
		  "      4  \tfor");
	strbuf_reset(&out);

	assert_int_equal(probe_spec_parse("work", &s, &err), 0);
	assert_int_equal(probe_show_vars(b, &s, false, NULL, &out, &err), 0);
	assert_string_equal(out.buf, "Available variables at work\n"
			    "\t@<work+0>\n\t\tint\ti\n\t\tint\tn\n\t\tint\ts\n");
	probe_spec_release(&s);
	strbuf_reset(&out);

	assert_int_equal(probe_list_funcs(b, "w*", &out), 0);
	assert_string_equal(out.buf, "work\n");
	strbuf_reset(&out);
	assert_int_equal(probe_list_funcs(b, NULL, &out), 0);
	assert_non_null(strstr(out.buf, "\nmain\n"));
	assert_null(strstr(out.buf, "\n_start\n"));

	strbuf_release(&out);
	strbuf_release(&err);
	probe_bin_free(b);
}

/* -s DIR: sources found under another directory, as perf finds them */
static void test_source_dir(void **state)
{
	struct fixture *f = *state;
	struct probe_bin *b = open_or_skip(f, f->moved);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char dir[128];

	assert_int_equal(probe_show_lines(b, "work", &out, &err), -ENOENT);
	assert_non_null(strstr(err.buf, "cannot open source file"));
	strbuf_reset(&err);
	snprintf(dir, sizeof(dir), "%s/src", f->dir);
	probe_bin_set_source_dir(b, dir);
	assert_int_equal(probe_show_lines(b, "work", &out, &err), 0);
	assert_re(out.buf, "^<work@/tmp/ptool-probe-dwarf\\.[^/]+/src//moved\\.c:0>\n"
		  "      0  int work\\(int n\\)\n");
	strbuf_release(&out);
	strbuf_release(&err);
	probe_bin_free(b);
}

static void test_kallsyms(void **state)
{
	struct fixture *f = *state;
	struct probe_locs l = { .warn = STRBUF_INIT };
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct probe_spec s;
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/kallsyms", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("0000000000000000 T vfs_read\n"
	      "0000000000000000 t do_thing\n"
	      "0000000000000000 D some_data\n"
	      "0000000000000000 T _text\n", fp);
	fclose(fp);

	assert_int_equal(probe_spec_parse("vfs_read+8 buf=%si:x64", &s, &err), 0);
	assert_int_equal(probe_resolve_kallsyms(path, &s, &l, &err), 0);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.v[0].symbol, "vfs_read");
	assert_int_equal(l.v[0].offset, 8);
	assert_string_equal(l.v[0].args[0], "buf=%si:x64");
	probe_spec_release(&s);
	probe_locs_release(&l);

	assert_int_equal(probe_spec_parse("some_data", &s, &err), 0);
	assert_int_equal(probe_resolve_kallsyms(path, &s, &l, &err), -ENOENT);
	assert_non_null(strstr(err.buf, "no kernel function 'some_data'"));
	probe_spec_release(&s);
	strbuf_reset(&err);

	assert_int_equal(probe_spec_parse("vfs_read count", &s, &err), 0);
	assert_int_equal(probe_resolve_kallsyms(path, &s, &l, &err), -ENODATA);
	assert_non_null(strstr(err.buf, "-k vmlinux"));
	probe_spec_release(&s);
	strbuf_reset(&err);

	assert_int_equal(probe_kallsyms_funcs(path, NULL, &out), 0);
	assert_string_equal(out.buf, "do_thing\nvfs_read\n");
	strbuf_reset(&out);
	assert_int_equal(probe_kallsyms_funcs(path, "*read", &out), 0);
	assert_string_equal(out.buf, "vfs_read\n");
	probe_locs_release(&l);
	strbuf_release(&err);
	strbuf_release(&out);
}

/* perf's strfilter for --vars --filter and -l */
static void test_strfilter(void **state)
{
	(void)state;
	assert_true(probe_strfilter_match(NULL, "x"));
	assert_true(probe_strfilter_match("t*", "total"));
	assert_false(probe_strfilter_match("t*", "argc"));
	assert_true(probe_strfilter_match("!t*", "argc"));
	assert_true(probe_strfilter_match("a*|k", "k"));
	assert_false(probe_strfilter_match("a*|k", "kk"));
	assert_true(probe_strfilter_match("a* & !argv", "argc"));
	assert_false(probe_strfilter_match("a* & !argv", "argv"));
	assert_true(probe_strfilter_match("(a*|k) & !argv", "k"));
	assert_false(probe_strfilter_match("(a*|k) & !argv", "argv"));
	assert_false(probe_strfilter_match(" ( a* | k ) & !argv ", "argv"));
	assert_true(probe_strfilter_match(" ( a* | k ) & !argv ", "argc"));
	assert_false(probe_strfilter_match("!(a*|k)", "argc"));
	assert_true(probe_strfilter_match("grp:*", "grp:ev"));
}

/*
 * a binary without DWARF finds its debug file by build-id under the root
 * the caller names (the probe command passes $PTOOL_DEBUG_DIR)
 */
static void test_debug_root(void **state)
{
	struct fixture *f = *state;
	struct probe_locs l = { .warn = STRBUF_INIT };
	struct strbuf err = STRBUF_INIT;
	struct probe_spec s;
	struct probe_bin *b;
	char path[128], root[128];

	if (!f->ok)
		skip();
	snprintf(path, sizeof(path), "%s/demodbg", f->dir);
	snprintf(root, sizeof(root), "%s/dbgroot", f->dir);
	assert_int_equal(run("cd %s && cc -O0 -g -Wl,--build-id=0x"
			     "aabbccddeeff00112233445566778899aabbccdd "
			     "-o demodbg demo.c && mkdir -p dbgroot/.build-id/aa && "
			     "objcopy --only-keep-debug demodbg dbgroot/.build-id/"
			     "aa/bbccddeeff00112233445566778899aabbccdd.debug && "
			     "strip -g demodbg", f->dir), 0);
	b = probe_bin_open(path, false, root);
	assert_non_null(b);
	assert_true(probe_bin_has_dwarf(b));
	assert_int_equal(probe_spec_parse("work:2", &s, &err), 0);
	assert_int_equal(probe_resolve(b, &s, &l, &err), 0);
	assert_true(l.nr >= 1);
	probe_spec_release(&s);
	probe_locs_release(&l);
	probe_bin_free(b);
	/* elsewhere (the default root has no such build-id): no DWARF */
	snprintf(root, sizeof(root), "%s/empty", f->dir);
	b = probe_bin_open(path, false, root);
	assert_non_null(b);
	assert_false(probe_bin_has_dwarf(b));
	probe_bin_free(b);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_debug_root),
		cmocka_unit_test(test_func_entry),
		cmocka_unit_test(test_vars),
		cmocka_unit_test(test_strfilter),
		cmocka_unit_test(test_optimized),
		cmocka_unit_test(test_nopie_offset),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_source_dir),
		cmocka_unit_test(test_kallsyms),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
