// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ptool/maps.h"
#include "ptool/sym.h"

static struct sym_cache *cache;
static struct sym_dso *da, *db, *dc;

static int setup(void **state)
{
	cache = sym_cache_new(NULL);
	da = sym_cache_dso(cache, "/nonexistent/a.so", NULL, 0);
	db = sym_cache_dso(cache, "/nonexistent/b.so", NULL, 0);
	dc = sym_cache_dso(cache, "/nonexistent/c.so", NULL, 0);
	return 0;
}

static int teardown(void **state)
{
	sym_cache_free(cache);
	return 0;
}

static void add(struct maps *m, uint64_t start, uint64_t end, uint64_t pgoff,
		struct sym_dso *d)
{
	struct map map = { .start = start, .end = end, .pgoff = pgoff, .dso = d };

	assert_int_equal(maps_insert(m, &map), 0);
}

static void check(const struct maps *m, size_t i, uint64_t start, uint64_t end,
		  uint64_t pgoff, struct sym_dso *d)
{
	assert_true(i < m->nr);
	assert_int_equal(m->v[i].start, start);
	assert_int_equal(m->v[i].end, end);
	assert_int_equal(m->v[i].pgoff, pgoff);
	assert_ptr_equal(m->v[i].dso, d);
}

static void test_lookup(void **state)
{
	struct maps *m = maps_new();

	add(m, 0x3000, 0x4000, 0, db);
	add(m, 0x1000, 0x2000, 0, da);
	add(m, 0x5000, 0x6000, 0, dc);
	assert_int_equal(m->nr, 3);
	check(m, 0, 0x1000, 0x2000, 0, da);
	check(m, 1, 0x3000, 0x4000, 0, db);
	assert_null(maps_find(m, 0xfff));
	assert_ptr_equal(maps_find(m, 0x1000)->dso, da);
	assert_ptr_equal(maps_find(m, 0x1fff)->dso, da);
	assert_null(maps_find(m, 0x2000));
	assert_null(maps_find(m, 0x2fff));
	assert_ptr_equal(maps_find(m, 0x3800)->dso, db);
	assert_ptr_equal(maps_find(m, 0x5fff)->dso, dc);
	assert_null(maps_find(m, 0x6000));
	assert_null(maps_find(m, UINT64_MAX));
	maps_put(m);
}

static void test_overlap_split(void **state)
{
	struct maps *m = maps_new();
	uint64_t gen;

	add(m, 0x1000, 0x9000, 0x10000, da);
	gen = m->gen;
	/* a map in the middle cuts the old one in two; the right part keeps
	 * its file offset */
	add(m, 0x3000, 0x5000, 0, db);
	assert_true(m->gen != gen);
	assert_int_equal(m->nr, 3);
	check(m, 0, 0x1000, 0x3000, 0x10000, da);
	check(m, 1, 0x3000, 0x5000, 0, db);
	check(m, 2, 0x5000, 0x9000, 0x14000, da);
	/* one map covering several replaces them all */
	add(m, 0x2000, 0x6000, 0x500, dc);
	assert_int_equal(m->nr, 3);
	check(m, 0, 0x1000, 0x2000, 0x10000, da);
	check(m, 1, 0x2000, 0x6000, 0x500, dc);
	check(m, 2, 0x6000, 0x9000, 0x15000, da);
	/* exact replacement */
	add(m, 0x2000, 0x6000, 0, db);
	assert_int_equal(m->nr, 3);
	check(m, 1, 0x2000, 0x6000, 0, db);
	/* overlapping the start of one map and the end of another */
	add(m, 0x1800, 0x2800, 0, dc);
	assert_int_equal(m->nr, 4);
	check(m, 0, 0x1000, 0x1800, 0x10000, da);
	check(m, 1, 0x1800, 0x2800, 0, dc);
	check(m, 2, 0x2800, 0x6000, 0x800, db);
	/* everything */
	add(m, 0, UINT64_MAX, 0, da);
	assert_int_equal(m->nr, 1);
	/* a zero-length map is ignored, a reversed one refused */
	{
		struct map z = { .start = 0x10, .end = 0x10, .dso = db };
		struct map r = { .start = 0x20, .end = 0x10, .dso = db };

		assert_int_equal(maps_insert(m, &z), 0);
		assert_int_equal(m->nr, 1);
		assert_int_equal(maps_insert(m, &r), -EINVAL);
	}
	maps_put(m);
}

static void test_fork_copy(void **state)
{
	struct maps *parent = maps_new(), *child, *thread;

	add(parent, 0x1000, 0x2000, 0, da);
	add(parent, 0x4000, 0x5000, 0, db);
	child = maps_copy(parent);		/* fork: a new process */
	thread = maps_get(parent);		/* clone: same address space */
	assert_int_equal(child->nr, 2);
	add(child, 0x4000, 0x5000, 0, dc);	/* exec-like change in the child */
	assert_ptr_equal(maps_find(child, 0x4800)->dso, dc);
	assert_ptr_equal(maps_find(parent, 0x4800)->dso, db);
	add(parent, 0x7000, 0x8000, 0, dc);
	assert_ptr_equal(maps_find(thread, 0x7800)->dso, dc);
	assert_null(maps_find(child, 0x7800));
	assert_int_equal(parent->refcnt, 2);
	maps_put(thread);
	assert_int_equal(parent->refcnt, 1);
	maps_put(parent);
	maps_put(child);
	maps_put(NULL);
}

static void test_many(void **state)
{
	struct maps *m = maps_new();

	/* insert in reverse order, then cut every other one in half */
	for (uint64_t i = 1000; i > 0; i--)
		add(m, i * 0x10000, i * 0x10000 + 0x8000, i, da);
	assert_int_equal(m->nr, 1000);
	for (uint64_t i = 1; i <= 1000; i += 2)
		add(m, i * 0x10000 + 0x4000, i * 0x10000 + 0x6000, 0, db);
	assert_int_equal(m->nr, 1000 + 2 * 500);
	for (size_t i = 1; i < m->nr; i++) {
		assert_true(m->v[i - 1].end <= m->v[i].start);
		assert_true(m->v[i].start < m->v[i].end);
	}
	assert_ptr_equal(maps_find(m, 3 * 0x10000 + 0x5000)->dso, db);
	assert_ptr_equal(maps_find(m, 3 * 0x10000 + 0x7000)->dso, da);
	assert_int_equal(maps_find(m, 3 * 0x10000 + 0x7000)->pgoff, 3 + 0x6000);
	maps_put(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_overlap_split),
		cmocka_unit_test(test_fork_copy),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
