// SPDX-License-Identifier: GPL-2.0
/*
 * Off-CPU workload: sleeps 5 x 200 ms in usleep() (1.000 s blocked in
 * clock_nanosleep) and burns a known amount of CPU time in burn(),
 * measured with the thread's own CPU clock, between the sleeps.
 * Usage: offcpu [BURN_MS_TOTAL (default 500)] [NR_SLEEPS (default 5)]
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long sink;

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void __attribute__((noinline)) burn(double ms)
{
	double end = cpu_ms() + ms;

	while (cpu_ms() < end)
		for (int i = 0; i < 10000; i++)
			sink += i;
}

static void __attribute__((noinline)) nap(void)
{
	usleep(200000);
}

int main(int argc, char **argv)
{
	double total = argc > 1 ? atof(argv[1]) : 500;
	int n = argc > 2 ? atoi(argv[2]) : 5;

	for (int i = 0; i < n; i++) {
		burn(total / n);
		nap();
	}
	return 0;
}
