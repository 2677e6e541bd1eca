// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF unwinding of a stack this test takes of itself, the way the
 * kernel hands one over: the user registers in perf_regs order and a copy
 * of the stack from SP. The frames must come back as the functions that
 * called the capture, innermost first.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/maps.h"
#include "ptool/sym.h"
#include "ptool/unwind.h"

#if defined(__x86_64__)

struct snap {
	uint64_t ip, sp, bp, bx, r12, r13, r14, r15;
	uint8_t stack[32768];
	uint64_t len;
};

static uint64_t stack_end(uint64_t sp)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096];
	uint64_t end = 0;

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi;

		if (sscanf(line, "%llx-%llx", &lo, &hi) == 2 && sp >= lo && sp < hi)
			end = hi;
	}
	if (f)
		fclose(f);
	return end;
}

__attribute__((noinline, no_sanitize_address)) void uw_capture(struct snap *s);
__attribute__((noinline)) void uw_level2(struct snap *s);
__attribute__((noinline)) void uw_level1(struct snap *s);

/* reads the whole live stack, red zones included: not for ASan's eyes */
__attribute__((noinline, no_sanitize_address)) void uw_capture(struct snap *s)
{
	uint64_t end, n;
	const volatile uint8_t *from;

	__asm__ volatile("leaq 0(%%rip), %%rax\n\t"
			 "movq %%rax, %0\n\t"
			 "movq %%rsp, %1\n\t"
			 "movq %%rbp, %2\n\t"
			 "movq %%rbx, %3\n\t"
			 "movq %%r12, %4\n\t"
			 "movq %%r13, %5\n\t"
			 "movq %%r14, %6\n\t"
			 "movq %%r15, %7\n\t"
			 : "=m"(s->ip), "=m"(s->sp), "=m"(s->bp), "=m"(s->bx),
			   "=m"(s->r12), "=m"(s->r13), "=m"(s->r14), "=m"(s->r15)
			 : : "rax", "memory");
	end = stack_end(s->sp);
	n = end > s->sp ? end - s->sp : 0;
	if (n > sizeof(s->stack))
		n = sizeof(s->stack);
	from = (const volatile uint8_t *)(uintptr_t)s->sp;
	for (uint64_t i = 0; i < n; i++)
		s->stack[i] = from[i];
	s->len = n;
}

__attribute__((noinline)) void uw_level2(struct snap *s)
{
	uw_capture(s);
	__asm__ volatile("" ::: "memory");	/* not a tail call */
}

__attribute__((noinline)) void uw_level1(struct snap *s)
{
	uw_level2(s);
	__asm__ volatile("" ::: "memory");
}

/* the executable mappings of this process, as MMAP2 records would give */
static struct maps *own_maps(struct sym_cache *c)
{
	struct maps *m = maps_new();
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096];

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi, off;
		char perms[8], path[4096];
		struct map map = { 0 };

		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %4095s", &lo, &hi, perms,
			   &off, path) != 5 || perms[2] != 'x' || path[0] != '/')
			continue;
		map.start = lo;
		map.end = hi;
		map.pgoff = off;
		map.dso = sym_cache_dso(c, path, NULL, 0);
		maps_insert(m, &map);
	}
	if (f)
		fclose(f);
	return m;
}

static const char *name_of(const struct maps *m, uint64_t ip)
{
	const struct map *map = maps_find(m, ip);
	const struct sym *s;

	if (!map)
		return "?";
	s = sym_dso_find(map->dso, maps_dso_addr(map, ip));
	return s ? s->name : "??";
}

static void test_own_stack(void **state)
{
	struct snap *s = calloc(1, sizeof(*s));
	struct sym_cache *c = sym_cache_new(NULL);
	struct maps *m;
	struct unwind *u = unwind_new();
	/* perf_regs bits: BX 1, BP 6, SP 7, IP 8, R12..R15 20..23 */
	uint64_t mask = 1ull << 1 | 1ull << 6 | 1ull << 7 | 1ull << 8 |
			1ull << 20 | 1ull << 21 | 1ull << 22 | 1ull << 23;
	uint64_t regs[8];
	struct sample_regs r = { .abi = PERF_SAMPLE_REGS_ABI_64, .mask = mask, .nr = 8, .regs = regs };
	uint64_t ips[64];
	int n;

	uw_level1(s);
	regs[0] = s->bx;
	regs[1] = s->bp;
	regs[2] = s->sp;
	regs[3] = s->ip;
	regs[4] = s->r12;
	regs[5] = s->r13;
	regs[6] = s->r14;
	regs[7] = s->r15;
	m = own_maps(c);
	n = unwind_sample(u, m, &r, s->stack, s->len, ips, 64);
	assert_true(n >= 4);
	assert_string_equal(name_of(m, ips[0]), "uw_capture");
	assert_string_equal(name_of(m, ips[1]), "uw_level2");
	assert_string_equal(name_of(m, ips[2]), "uw_level1");
	assert_string_equal(name_of(m, ips[3]), "test_own_stack");
	/* again, through the caches */
	assert_int_equal(unwind_sample(u, m, &r, s->stack, s->len, ips, 64), n);
	assert_string_equal(name_of(m, ips[2]), "uw_level1");
	/* room for two frames only */
	assert_int_equal(unwind_sample(u, m, &r, s->stack, s->len, ips, 2), 2);
	/* a stack copy cut short keeps the frames found so far */
	n = unwind_sample(u, m, &r, s->stack, 16, ips, 64);
	assert_true(n >= 1);
	assert_string_equal(name_of(m, ips[0]), "uw_capture");
	/* no maps: no unwind tables, the sampled IP at least */
	{
		struct maps *empty = maps_new();

		assert_true(unwind_sample(u, empty, &r, s->stack, s->len, ips, 64) >= 1);
		assert_int_equal(ips[0], s->ip);
		maps_put(empty);
	}
	/* no registers */
	r.abi = PERF_SAMPLE_REGS_ABI_NONE;
	assert_int_equal(unwind_sample(u, m, &r, s->stack, s->len, ips, 64), -ENOENT);
	r.abi = PERF_SAMPLE_REGS_ABI_64;
	r.mask = 1ull << 1;
	r.nr = 1;
	assert_int_equal(unwind_sample(u, m, &r, s->stack, s->len, ips, 64), -ENOENT);
	unwind_free(u);
	unwind_free(NULL);
	maps_put(m);
	sym_cache_free(c);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_stack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

static void test_own_stack(void **state)
{
	skip();	/* the unwinder supports x86_64 only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_stack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
