/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_HASH_H
#define PTOOL_HASH_H

#include <stddef.h>
#include <stdint.h>

/*
 * The hash functions of every in-memory table (struct hmap, u64map). All
 * give 64 bits whose low bits are as good as the high ones, so a table
 * may take `hash & mask` as the first slot. They are not stable across
 * builds or byte orders and are not for files; hash_fnv1a() is.
 *
 *	uint64_t h = hash_combine(hash_u64((uintptr_t)dso), addr);
 *	h = hash_combine(h, hash_str(name));
 */

/**
 * hash_u64 - mix the 64 bits of @x (murmur3's finaliser); a bijection, so
 * two keys have equal hashes only when they are equal
 */
static inline uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

/** hash_ptr - hash_u64() of a pointer's address */
static inline uint64_t hash_ptr(const void *p)
{
	return hash_u64((uintptr_t)p);
}

/**
 * hash_combine - fold @v into the running hash @h (boost's hash_combine,
 * then mixed); order matters: (a, b) and (b, a) hash apart
 */
static inline uint64_t hash_combine(uint64_t h, uint64_t v)
{
	return hash_u64(h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2)));
}

/**
 * hash_pair - a quick hash of two words (one mix, where hash_combine()
 * takes two): for hot tables keyed by a pointer and a small value
 */
static inline uint64_t hash_pair(uint64_t a, uint64_t b)
{
	return hash_u64(a * 0x9e3779b97f4a7c15ull + b);
}

/**
 * hash_bits - @x to @bits bits (1..63) by Fibonacci hashing (one multiply,
 * the top bits): the slot of a direct-mapped cache, where a miss costs
 * little and a cheap index matters more than a thorough mix
 */
static inline uint64_t hash_bits(uint64_t x, unsigned int bits)
{
	return (x * 0x9e3779b97f4a7c15ull) >> (64 - bits);
}

/** hash_bytes - hash of @len bytes at @p, read eight at a time */
uint64_t hash_bytes(const void *p, size_t len);

/** hash_str - hash_bytes() of a NUL-terminated string (without the NUL) */
uint64_t hash_str(const char *s);

/**
 * hash_fnv1a - the 64-bit FNV-1a of @len bytes at @p: slow (a byte at a
 * time) and weak in its low bits, but fixed, for values that must be the
 * same on every run and machine (the flame graph's colours)
 */
uint64_t hash_fnv1a(const void *p, size_t len);

#endif
