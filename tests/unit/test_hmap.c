// SPDX-License-Identifier: GPL-2.0
/*
 * The index table (hmap) and the hash functions: adds, lookups with the
 * caller's equality, growth, deletion, many entries under one hash,
 * u64map's insertion order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/hash.h"
#include "ptool/hmap.h"
#include "ptool/u64map.h"

/* a set of u64 keys in an array, indexed by @hash_of */
struct set {
	struct hmap idx;
	uint64_t *keys;
	size_t nr;
	uint64_t (*hash_of)(uint64_t key);
};

static uint64_t good_hash(uint64_t key)
{
	return hash_u64(key);
}

static uint64_t bad_hash(uint64_t key)
{
	return key & 3;		/* four hashes for every key */
}

static int64_t set_find(const struct set *s, uint64_t key, size_t *pos)
{
	uint32_t id;

	hmap_for_each_hash(&s->idx, s->hash_of(key), *pos, id)
		if (s->keys[id] == key)
			return id;
	return -1;
}

/* adds @key unless there; returns its index */
static size_t set_add(struct set *s, uint64_t key)
{
	size_t pos;
	int64_t id = set_find(s, key, &pos);

	if (id >= 0)
		return (size_t)id;
	s->keys = realloc(s->keys, (s->nr + 1) * sizeof(*s->keys));
	assert_non_null(s->keys);
	s->keys[s->nr] = key;
	hmap_add(&s->idx, s->hash_of(key), (uint32_t)s->nr);
	return s->nr++;
}

/* removes @key by moving the last key into its place */
static void set_del(struct set *s, uint64_t key)
{
	size_t pos;
	int64_t id = set_find(s, key, &pos);
	size_t last = s->nr - 1;

	assert_true(id >= 0);
	hmap_del(&s->idx, pos);
	if ((size_t)id != last) {
		assert_true(hmap_move(&s->idx, s->hash_of(s->keys[last]),
				      (uint32_t)last, (uint32_t)id));
		s->keys[id] = s->keys[last];
	}
	s->nr--;
}

static void set_release(struct set *s)
{
	hmap_release(&s->idx);
	free(s->keys);
}

static void check_set(uint64_t (*hash_of)(uint64_t), size_t n)
{
	struct set s = { HMAP_INIT, NULL, 0, hash_of };
	size_t pos;

	assert_int_equal(set_find(&s, 0, &pos), -1);	/* no table yet */
	for (uint64_t k = 0; k < n; k++)
		assert_int_equal(set_add(&s, k * 7), k);
	assert_int_equal(s.idx.nr, n);
	assert_true((s.idx.mask + 1) >= 2 * n);	/* at most half full */
	for (uint64_t k = 0; k < n; k++) {
		assert_int_equal(set_add(&s, k * 7), k);	/* found */
		assert_int_equal(set_find(&s, k * 7, &pos), k);
		assert_int_equal(set_find(&s, k * 7 + 1, &pos), -1);
	}
	assert_int_equal(s.nr, n);

	/* delete every other key; the rest stay findable */
	for (uint64_t k = 0; k < n; k += 2)
		set_del(&s, k * 7);
	assert_int_equal(s.idx.nr, n - (n + 1) / 2);
	for (uint64_t k = 0; k < n; k++) {
		int64_t id = set_find(&s, k * 7, &pos);

		if (k % 2) {
			assert_true(id >= 0);
			assert_int_equal(s.keys[id], k * 7);
		} else {
			assert_int_equal(id, -1);
		}
	}
	/* and they come back */
	for (uint64_t k = 0; k < n; k += 2)
		set_add(&s, k * 7);
	assert_int_equal(s.nr, n);
	for (uint64_t k = 0; k < n; k++)
		assert_int_equal(s.keys[set_find(&s, k * 7, &pos)], k * 7);
	set_release(&s);
	assert_null(s.idx.slot);
	assert_int_equal(s.idx.nr, 0);
}

static void test_small(void **state)
{
	(void)state;
	check_set(good_hash, 5);
}

static void test_many(void **state)
{
	(void)state;
	check_set(good_hash, 200000);
}

static void test_collisions(void **state)
{
	(void)state;
	check_set(bad_hash, 3000);
}

/* deletion inside a run that wraps around the end of the table */
static void test_wrap(void **state)
{
	struct hmap m = HMAP_INIT;
	uint64_t top;
	size_t pos;
	uint32_t id;
	int seen;

	(void)state;
	hmap_reserve(&m, 4);
	top = m.mask;		/* the last slot: its run wraps to 0, 1 */
	for (uint32_t i = 0; i < 3; i++)
		hmap_add(&m, top, i);
	hmap_add(&m, 0, 3);		/* home 0, pushed to slot 2 */
	assert_int_equal(m.slot[top].id, 0);
	assert_int_equal(m.slot[2].id, 3);
	assert_int_equal(hmap_first(&m, top, &pos), 0);
	hmap_del(&m, pos);
	seen = 0;
	hmap_for_each_hash(&m, top, pos, id)
		seen |= 1 << id;
	assert_int_equal(seen, 6);
	assert_int_equal(hmap_first(&m, 0, &pos), 3);
	assert_int_equal(pos, 1);		/* moved back towards home */
	hmap_reset(&m);
	assert_int_equal(hmap_first(&m, 0, &pos), HMAP_NONE);
	hmap_add(&m, 0, 9);
	assert_int_equal(hmap_first(&m, 0, &pos), 9);
	assert_int_equal(pos, 0);
	assert_false(hmap_move(&m, 0, 8, 1));
	assert_true(hmap_move(&m, 0, 9, 1));
	assert_int_equal(hmap_first(&m, 0, &pos), 1);
	hmap_release(&m);
	hmap_release(&m);	/* twice is fine */
}

static void order_cb(uint64_t key, uint64_t val, void *arg)
{
	uint64_t *next = arg;

	assert_int_equal(key, next[0] * 4096);
	assert_int_equal(val, next[0] + 1);
	next[0]++;
}

static void test_u64map_order(void **state)
{
	struct u64map m = U64MAP_INIT;
	uint64_t next = 0;
	bool fresh;

	(void)state;
	for (uint64_t k = 0; k < 1000; k++) {
		*u64map_put(&m, k * 4096, &fresh) = k + 1;
		assert_true(fresh);
	}
	assert_int_equal(*u64map_get(&m, 0), 1);
	assert_null(u64map_get(&m, UINT64_MAX));
	u64map_for_each(&m, order_cb, &next);	/* the order of the puts */
	assert_int_equal(next, 1000);
	u64map_release(&m);
}

/* how many of 1024 buckets the low bits of @n hashes fill */
static size_t spread(uint64_t (*fn)(uint64_t i), size_t n)
{
	unsigned char used[1024] = { 0 };
	size_t nr = 0;

	for (uint64_t i = 0; i < n; i++) {
		size_t b = fn(i) & 1023;

		nr += !used[b];
		used[b] = 1;
	}
	return nr;
}

static uint64_t u64_of(uint64_t i)
{
	return hash_u64(i << 20);	/* only high bits differ */
}

static uint64_t str_of(uint64_t i)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "frame_%03u", (unsigned int)i);
	return hash_str(buf);
}

static uint64_t comb_of(uint64_t i)
{
	return hash_combine(hash_u64(i >> 5), i & 31);
}

static void test_hash(void **state)
{
	static const char text[] =
		"a somewhat longer name: std::vector<int>::push_back";
	uint64_t a, b;

	(void)state;
	assert_int_equal(hash_u64(0), 0);	/* the finaliser fixes 0 */
	assert_true(hash_u64(1) != hash_u64(2));
	assert_int_equal(hash_ptr(text), hash_u64((uintptr_t)text));
	assert_true(hash_combine(hash_u64(1), 2) !=
		    hash_combine(hash_u64(2), 1));
	assert_int_equal(hash_str(text), hash_bytes(text, strlen(text)));
	/* every length and every byte counts, also in the tail */
	for (size_t len = 0; len < sizeof(text) - 1; len++) {
		char copy[sizeof(text)];

		assert_true(hash_bytes(text, len) != hash_bytes(text, len + 1));
		memcpy(copy, text, sizeof(text));
		copy[len] ^= 0x20;
		assert_true(hash_bytes(copy, sizeof(text) - 1) !=
			    hash_bytes(text, sizeof(text) - 1));
	}
	/* the same bytes anywhere in memory hash the same */
	{
		char buf[80];

		memcpy(buf + 3, text, 20);
		a = hash_bytes(buf + 3, 20);
		b = hash_bytes(text, 20);
		assert_int_equal(a, b);
	}
	/* the published FNV-1a vectors */
	assert_int_equal(hash_fnv1a("", 0), 0xcbf29ce484222325ull);
	assert_int_equal(hash_fnv1a("a", 1), 0xaf63dc4c8601ec8cull);
	assert_int_equal(hash_fnv1a("foobar", 6), 0x85944171f73967e8ull);
	/* low bits spread: 1000 keys fill most of 1024 buckets (~630) */
	assert_true(spread(u64_of, 1000) > 560);
	assert_true(spread(str_of, 1000) > 560);
	assert_true(spread(comb_of, 1000) > 560);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_collisions),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_u64map_order),
		cmocka_unit_test(test_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
