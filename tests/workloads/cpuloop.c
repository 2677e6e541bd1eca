// SPDX-License-Identifier: GPL-2.0
/*
 * A CPU-bound workload with a known call tree, for profiles and demos:
 * main -> run -> { hot (~75%), warm (~25%) }. Runs for about the number of
 * seconds given (default 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void run(double secs)
{
	double end = now() + secs;

	while (now() < end) {
		sink += hot(100000);
		sink += warm(100000);
	}
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0;

	run(secs);
	printf("cpuloop: done (%lu)\n", sink & 0xff);
	return 0;
}
