// SPDX-License-Identifier: GPL-2.0
/*
 * A C++ workload for demangled symbol names (built by the tests that use
 * it, with g++): main -> { sort_part (recursive, ~40%), mix<long> (~55%) },
 * and ns::walk<int> in a namespace. Runs for about the number of seconds
 * given (default 1).
 */
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <utility>
#include <vector>

static volatile long sink;

__attribute__((noinline)) long sort_part(std::vector<int> &v, int lo, int hi)
{
	long swaps = 0;
	int p = v[(lo + hi) / 2];
	int i = lo, j = hi;

	while (i <= j) {
		while (v[i] < p)
			i++;
		while (v[j] > p)
			j--;
		if (i <= j) {
			std::swap(v[i], v[j]);
			i++;
			j--;
			swaps++;
		}
	}
	if (lo < j)
		swaps += sort_part(v, lo, j);
	if (i < hi)
		swaps += sort_part(v, i, hi);
	return swaps;
}

template <typename T>
__attribute__((noinline)) T mix(T x, long n)
{
	for (long k = 0; k < n; k++)
		x = x * 31 + (T)(k ^ (x >> 7));
	return x;
}

namespace ns {
template <typename T>
__attribute__((noinline)) T walk(const std::vector<T> &v)
{
	T s = 0;

	for (const T &x : v)
		s += x & 0xff;
	return s;
}
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1;
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		std::vector<int> v(20000);

		for (auto &x : v)
			x = rand();
		sink += ns::walk<int>(v);
		sink += sort_part(v, 0, (int)v.size() - 1);
		sink += mix<long>(sink, 2000000);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((double)(t.tv_sec - t0.tv_sec) +
		 (double)(t.tv_nsec - t0.tv_nsec) / 1e9 < secs);
	printf("%ld\n", (long)sink);
	return 0;
}
