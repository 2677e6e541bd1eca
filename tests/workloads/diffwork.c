// SPDX-License-Identifier: GPL-2.0
/*
 * Three CPU-bound functions whose shares depend on the argument (1..9), so
 * two runs with different arguments give profiles to compare:
 * alpha grows with it, gamma shrinks, beta stays the same amount of work.
 */
#include <stdlib.h>

static volatile unsigned long sink;

static void alpha(long n)
{
	for (long i = 0; i < n; i++)
		sink += i;
}

static void beta(long n)
{
	for (long i = 0; i < n; i++)
		sink ^= i * 3;
}

static void gamma_(long n)
{
	for (long i = 0; i < n; i++)
		sink += i >> 1;
}

int main(int argc, char **argv)
{
	long s = argc > 1 ? atol(argv[1]) : 5;

	if (s < 1 || s > 9)
		s = 5;
	alpha(20000000 * s);
	beta(100000000);
	gamma_(20000000 * (10 - s));
	return 0;
}
