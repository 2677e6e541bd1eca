// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/disasm.h"

/* names every address as an offset into one function "f" at 0x1000 */
static int name_f(void *arg, uint64_t addr, struct strbuf *out)
{
	if (addr < 0x1000)
		return -ENOENT;
	strbuf_addstr(out, "f");
	if (addr != 0x1000)
		strbuf_addf(out, "+0x%" PRIx64, addr - 0x1000);
	return 0;
}

/*
 * Each row: bytes and what GNU objdump 2.40 -d prints for them at their
 * place in the sequence (targets named as in an ELF file with "f" at
 * 0x1000). The corner cases of objdump's AT&T text: size suffixes,
 * masked immediates, implicit scales and displacements, prefixes.
 */
static const struct {
	unsigned int len;
	const char *bytes;
	const char *text;
} cases[] = {
		{ 1, "\x55", "push   %rbp" },
		{ 3, "\x48\x89\xe5", "mov    %rsp,%rbp" },
		{ 8, "\x48\xc7\x45\xf8\x00\x00\x00\x00", "movq   $0x0,-0x8(%rbp)" },
		{ 4, "\x48\x83\xc4\x80", "add    $0xffffffffffffff80,%rsp" },
		{ 1, "\xc3", "ret" },
		{ 5, "\xe8\x00\x00\x00\x00", "call   1016 <f+0x16>" },
		{ 2, "\xeb\xfe", "jmp    1016 <f+0x16>" },
		{ 2, "\x66\x90", "xchg   %ax,%ax" },
		{ 9, "\x2e\x0f\x1f\x84\x00\x00\x00\x00\x00", "cs nopl 0x0(%rax,%rax,1)" },
		{ 11, "\x66\x66\x2e\x0f\x1f\x84\x00\x00\x00\x00\x00", "data16 cs nopw 0x0(%rax,%rax,1)" },
		{ 5, "\x0f\x1f\x44\x00\x00", "nopl   0x0(%rax,%rax,1)" },
		{ 3, "\xf3\x48\xab", "rep stos %rax,%es:(%rdi)" },
		{ 3, "\x48\xd1\xfe", "sar    %rsi" },
		{ 3, "\xd3\x63\x78", "shll   %cl,0x78(%rbx)" },
		{ 5, "\x66\x48\x0f\x7e\xc0", "movq   %xmm0,%rax" },
		{ 7, "\x48\x8b\x05\x10\x00\x00\x00", "mov    0x10(%rip),%rax        # 1058 <f+0x58>" },
		{ 9, "\x64\x48\x8b\x04\x25\x28\x00\x00\x00", "mov    %fs:0x28,%rax" },
		{ 8, "\x48\x8d\x14\x85\x00\x00\x00\x00", "lea    0x0(,%rax,4),%rdx" },
		{ 2, "\xff\xe0", "jmp    *%rax" },
		{ 3, "\x3e\xff\xe0", "notrack jmp *%rax" },
		{ 4, "\xf3\x0f\x1e\xfa", "endbr64" },
		{ 4, "\x0f\xb6\x45\xff", "movzbl -0x1(%rbp),%eax" },
		{ 3, "\x48\x63\xff", "movslq %edi,%rdi" },
		{ 5, "\xf2\x0f\x2a\x45\xec", "cvtsi2sdl -0x14(%rbp),%xmm0" },
		{ 5, "\xb8\xff\xff\xff\xff", "mov    $0xffffffff,%eax" },
		{ 7, "\x48\xc7\xc0\xff\xff\xff\xff", "mov    $0xffffffffffffffff,%rax" },
		{ 2, "\xf3\xa6", "repz cmpsb %es:(%rdi),%ds:(%rsi)" },
		{ 1, "\x91", "xchg   %eax,%ecx" },
		{ 2, "\x48\x97", "xchg   %rax,%rdi" },
		{ 2, "\x87\xc8", "xchg   %ecx,%eax" },
		{ 2, "\xd8\xc1", "fadd   %st(1),%st" },
		{ 2, "\xde\xc1", "faddp  %st,%st(1)" },
		{ 5, "\x9b\xd9\x7c\x24\x02", "fstcw  0x2(%rsp)" },
		{ 1, "\x9b", "fwait" },
		{ 1, "\x06", "(bad)" },
};

/* the same bytes as objdump -M intel prints them */
static const char *const intel[] = {
		"push   rbp",
		"mov    rbp,rsp",
		"mov    QWORD PTR [rbp-0x8],0x0",
		"add    rsp,0xffffffffffffff80",
		"ret",
		"call   1016 <f+0x16>",
		"jmp    1016 <f+0x16>",
		"xchg   ax,ax",
		"cs nop DWORD PTR [rax+rax*1+0x0]",
		"data16 cs nop WORD PTR [rax+rax*1+0x0]",
		"nop    DWORD PTR [rax+rax*1+0x0]",
		"rep stos QWORD PTR es:[rdi],rax",
		"sar    rsi,1",
		"shl    DWORD PTR [rbx+0x78],cl",
		"movq   rax,xmm0",
		"mov    rax,QWORD PTR [rip+0x10]        # 1058 <f+0x58>",
		"mov    rax,QWORD PTR fs:0x28",
		"lea    rdx,[rax*4+0x0]",
		"jmp    rax",
		"notrack jmp rax",
		"endbr64",
		"movzx  eax,BYTE PTR [rbp-0x1]",
		"movsxd rdi,edi",
		"cvtsi2sd xmm0,DWORD PTR [rbp-0x14]",
		"mov    eax,0xffffffff",
		"mov    rax,0xffffffffffffffff",
		"repz cmps BYTE PTR ds:[rsi],BYTE PTR es:[rdi]",
		"xchg   ecx,eax",
		"xchg   rdi,rax",
		"xchg   eax,ecx",
		"fadd   st,st(1)",
		"faddp  st(1),st",
		"fstcw  WORD PTR [rsp+0x2]",
		"fwait",
		"(bad)",
};

static void test_objdump_text(void **state)
{
	struct disasm_opts o = { .bits = 64, .name = name_f };
	uint8_t buf[512];
	size_t len = 0, nr = 0;
	struct disasm_insn *v = NULL;
	struct disasm *d;

	if (!strcmp(disasm_backend(), "objdump"))
		skip();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(buf + len, cases[i].bytes, cases[i].len);
		len += cases[i].len;
	}
	d = disasm_new(&o);
	assert_non_null(d);
	assert_int_equal(disasm_range(d, buf, len, 0x1000, NULL, &v, &nr), 0);
	assert_int_equal(nr, sizeof(cases) / sizeof(cases[0]));
	for (size_t i = 0; i < nr; i++) {
		if (strcmp(v[i].text, cases[i].text))
			print_error("row %zu: got '%s', objdump prints '%s'\n", i,
				    v[i].text, cases[i].text);
		assert_string_equal(v[i].text, cases[i].text);
		assert_int_equal(v[i].len, cases[i].len);
	}
	disasm_insns_free(v, nr);
	disasm_free(d);
}

static void test_objdump_intel(void **state)
{
	struct disasm_opts o = { .bits = 64, .intel = true, .name = name_f };
	uint8_t buf[512];
	size_t len = 0, nr = 0;
	struct disasm_insn *v = NULL;
	struct disasm *d;

	if (!strcmp(disasm_backend(), "objdump"))
		skip();
	assert_int_equal(sizeof(intel) / sizeof(intel[0]), sizeof(cases) / sizeof(cases[0]));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(buf + len, cases[i].bytes, cases[i].len);
		len += cases[i].len;
	}
	d = disasm_new(&o);
	assert_non_null(d);
	assert_int_equal(disasm_range(d, buf, len, 0x1000, NULL, &v, &nr), 0);
	assert_int_equal(nr, sizeof(intel) / sizeof(intel[0]));
	for (size_t i = 0; i < nr; i++) {
		if (strcmp(v[i].text, intel[i]))
			print_error("row %zu: got '%s', objdump -M intel prints '%s'\n", i,
				    v[i].text, intel[i]);
	}
	for (size_t i = 0; i < nr; i++)
		assert_string_equal(v[i].text, intel[i]);
	disasm_insns_free(v, nr);
	disasm_free(d);
}

/* every byte string decodes to something, never past the end */
static void test_garbage(void **state)
{
	struct disasm_opts o = { .bits = 64, .name = name_f };
	uint8_t buf[4096];
	struct disasm_insn *v = NULL;
	size_t nr = 0, total = 0;
	struct disasm *d;
	uint32_t x = 12345;

	if (!strcmp(disasm_backend(), "objdump"))
		skip();
	for (size_t i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245 + 12345;
		buf[i] = (uint8_t)(x >> 16);
	}
	d = disasm_new(&o);
	assert_non_null(d);
	assert_int_equal(disasm_range(d, buf, sizeof(buf), 0x1000, NULL, &v, &nr), 0);
	for (size_t i = 0; i < nr; i++) {
		assert_true(v[i].len >= 1 && v[i].len <= 15);
		assert_int_equal(v[i].addr, 0x1000 + total);
		total += v[i].len;
	}
	assert_int_equal(total, sizeof(buf));
	disasm_insns_free(v, nr);
	assert_int_equal(disasm_range(d, buf, 0, 0x1000, NULL, &v, &nr), 0);
	assert_int_equal(nr, 0);
	disasm_insns_free(v, nr);
	disasm_free(d);
}

static void test_bits(void **state)
{
	struct disasm_opts o = { .bits = 16 };

	assert_null(disasm_new(&o));
	assert_int_equal(errno, ENOTSUP);
	disasm_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objdump_text),
		cmocka_unit_test(test_objdump_intel),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
