// SPDX-License-Identifier: GPL-2.0
/*
 * A CPU-bound workload with a branching call tree, for report tests:
 * main -> work -> { alpha -> leaf_a (~50%), beta -> { leaf_a (~25%),
 * leaf_b (~25%) } }. Built -O0 with frame pointers by the Makefile, and
 * -O2 -fomit-frame-pointer by the DWARF-unwinding tests. Runs for about
 * the number of seconds given (default 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NOINLINE __attribute__((noinline))

static volatile unsigned long sink;

NOINLINE unsigned long leaf_a(unsigned long n);
NOINLINE unsigned long leaf_b(unsigned long n);
NOINLINE unsigned long alpha(unsigned long n);
NOINLINE unsigned long beta(unsigned long n);

NOINLINE unsigned long leaf_a(unsigned long n)
{
	unsigned long x = 0;

	for (unsigned long i = 0; i < n; i++) {
		x += i * i ^ (x >> 3);
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

NOINLINE unsigned long leaf_b(unsigned long n)
{
	unsigned long x = 1;

	for (unsigned long i = 0; i < n; i++) {
		x = x * 7 + (i ^ (x >> 5));
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

NOINLINE unsigned long alpha(unsigned long n)
{
	return leaf_a(2 * n) + 1;
}

NOINLINE unsigned long beta(unsigned long n)
{
	return leaf_a(n) + leaf_b(n) + 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

NOINLINE static void work(double secs)
{
	double end = now() + secs;

	while (now() < end) {
		sink += alpha(50000);
		sink += beta(50000);
	}
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0;

	work(secs);
	printf("rtree: done (%lu)\n", sink & 0xff);
	return 0;
}
