// SPDX-License-Identifier: GPL-2.0
/*
 * Drives the LZ4 library (third-party C code built -O2 -g by
 * scripts/thirdparty.sh, in its own shared object) for profiles of
 * inlined library code: each iteration compresses a generated 256 KiB
 * buffer with LZ4_compress_default and LZ4_compress_HC, decompresses
 * both, frames it with LZ4F_compressFrame, and checks the round trip
 * with XXH32. Runs ITERATIONS iterations (argument, default 220, about a
 * second here); the work does not depend on timing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lz4.h"
#include "lz4hc.h"
#include "lz4frame.h"
#include "xxhash.h"

#define SRC_SIZE (256 * 1024)

static volatile unsigned long sink;

/* text-like data: words from a small vocabulary and some noise */
static void fill(char *buf, size_t n)
{
	static const char *const vocab[] = {
		"perf", "sample", "callchain", "inline", "frame", "symbol",
		"dwarf", "unwind", "kernel", "user", "thread", "mmap",
	};
	unsigned long x = 0x9e3779b97f4a7c15UL;
	size_t i = 0;

	while (i < n) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		const char *w = vocab[x % (sizeof(vocab) / sizeof(vocab[0]))];
		size_t len = strlen(w);

		if ((x >> 20) % 8 == 0) {	/* noise */
			buf[i++] = (char)(x >> 32);
			continue;
		}
		if (len > n - i)
			len = n - i;
		memcpy(buf + i, w, len);
		i += len;
		if (i < n)
			buf[i++] = ' ';
	}
}

static void die(const char *what)
{
	fprintf(stderr, "lz4drive: %s\n", what);
	exit(1);
}

int main(int argc, char **argv)
{
	long iterations = argc > 1 ? atol(argv[1]) : 220;
	int bound = LZ4_compressBound(SRC_SIZE);
	size_t fbound = LZ4F_compressFrameBound(SRC_SIZE, NULL);
	char *src = malloc(SRC_SIZE), *back = malloc(SRC_SIZE);
	char *dst = malloc(bound), *fdst = malloc(fbound);
	unsigned long total = 0;

	if (!src || !back || !dst || !fdst)
		die("out of memory");
	fill(src, SRC_SIZE);
	unsigned int want = XXH32(src, SRC_SIZE, 0);

	for (long it = 0; it < iterations; it++) {
		int n = LZ4_compress_default(src, dst, SRC_SIZE, bound);

		if (n <= 0)
			die("LZ4_compress_default failed");
		if (LZ4_decompress_safe(dst, back, n, SRC_SIZE) != SRC_SIZE ||
		    XXH32(back, SRC_SIZE, 0) != want)
			die("LZ4 round trip differs");
		total += n;

		n = LZ4_compress_HC(src, dst, SRC_SIZE, bound, 4);
		if (n <= 0)
			die("LZ4_compress_HC failed");
		if (LZ4_decompress_safe(dst, back, n, SRC_SIZE) != SRC_SIZE ||
		    XXH32(back, SRC_SIZE, 0) != want)
			die("LZ4 HC round trip differs");
		total += n;

		size_t f = LZ4F_compressFrame(fdst, fbound, src, SRC_SIZE, NULL);

		if (LZ4F_isError(f))
			die(LZ4F_getErrorName(f));
		total += f + XXH64(fdst, f, 0) % 2;
	}
	sink = total;
	printf("lz4drive: done (%lu)\n", total & 0xff);
	free(src);
	free(back);
	free(dst);
	free(fdst);
	return 0;
}
