// SPDX-License-Identifier: GPL-2.0
/*
 * A fixed amount of CPU work with cpuloop's call tree (main -> run ->
 * hot/warm -> spin), for measuring a profiler's overhead: the run time
 * grows with the overhead instead of the sample count shrinking.
 * Usage: spinwork [rounds] (default 2000)
 */
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned long sink;

static unsigned long spin(unsigned long n)
{
	unsigned long x = 0;

	for (unsigned long i = 0; i < n; i++)
		x += i * i ^ (x >> 3);
	return x;
}

unsigned long hot(unsigned long n);
unsigned long warm(unsigned long n);

unsigned long hot(unsigned long n)
{
	return spin(3 * n);
}

unsigned long warm(unsigned long n)
{
	return spin(n);
}

static void run(long rounds)
{
	for (long i = 0; i < rounds; i++) {
		sink += hot(100000);
		sink += warm(100000);
	}
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 2000;

	run(rounds);
	printf("spinwork: done (%lu)\n", sink & 0xff);
	return 0;
}
