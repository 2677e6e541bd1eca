// SPDX-License-Identifier: GPL-2.0
//
// A C++ workload whose hot functions carry the demangled-name shapes a
// profiler has to print: lambdas, operators, std::operator< on strings,
// GCC clones (.isra, .constprop, .part, .cold), templates in namespaces,
// anonymous namespaces and virtual thunks.
// Build: g++ -O2 -g -o demangle demangle.cpp
// Run:   ./demangle [SECONDS]  (default 1)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

static volatile long sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

namespace geo {

template <typename T>
struct Point {
	T x, y;
};

template <typename T>
__attribute__((noinline)) bool operator<(const Point<T> &a, const Point<T> &b)
{
	sink = sink + 1;
	return a.x < b.x || (a.x == b.x && a.y < b.y);
}

template <typename T>
__attribute__((noinline)) T dot(const Point<T> &a, const Point<T> &b)
{
	return a.x * b.x + a.y * b.y;
}

struct Scale {
	long k;
	__attribute__((noinline)) long operator()(long v) const
	{
		return v * k + sink;
	}
};

} // namespace geo

namespace {

struct Big {
	long a, b, c, d, e, f;
};

// A static function taking a struct by value whose caller GCC can
// rewrite: an .isra clone.
__attribute__((noinline)) long isra_sum(Big big, long n)
{
	long s = 0;

	for (long i = 0; i < n; i++)
		s += big.a * i + big.c;
	return s;
}

// Called with a constant argument: a .constprop clone.
__attribute__((noinline)) long constprop_work(long n, long mul)
{
	long s = 0;

	for (long i = 0; i < n; i++)
		s += (i ^ mul) * mul;
	return s;
}

} // namespace

// Partial inlining gives .part clones; the unlikely branch gives .cold.
static long cold_path(long v)
{
	if (__builtin_expect(v < 0, 0)) {
		fprintf(stderr, "negative %ld\n", v);
		for (int i = 0; i < 4; i++)
			sink = sink + v * i;
		abort();
	}
	long s = 0;

	for (long i = 0; i < 2000; i++)
		s += (v + i) * 3;
	return s;
}

// A likely early exit in front of a big body: partial inlining keeps the
// exit in the callers and moves the body to a .part clone.
static long part_work(const long *v, long n, long k)
{
	if (__builtin_expect(n == 0, 1))
		return 0;
	long s = 0;

	for (long r = 0; r < 8; r++)
		for (long i = 0; i < n; i++) {
			s += v[i] * r ^ k;
			if (s & 0x100000) {
				printf("%ld\n", s);
				s >>= 3;
			}
			sink = s;
		}
	return s;
}

__attribute__((noinline)) long use_part(const std::vector<long> &v, long k)
{
	return part_work(v.data(), v.size(), k) +
	       part_work(v.data(), v.size() - 1, k + 1);
}

__attribute__((noinline)) long use_cold(long v)
{
	return cold_path(v) + cold_path(v + 1);
}

struct Shape {
	virtual ~Shape() {}
	virtual long area(long n) const = 0;
};

struct Tag {
	virtual ~Tag() {}
	virtual long tag(long n) const { return n; }
};

struct Square : Tag, Shape {
	long side = 3;
	__attribute__((noinline)) long area(long n) const override
	{
		long s = 0;

		for (long i = 0; i < n; i++)
			s += side * side + i;
		return s;
	}
};

__attribute__((noinline)) long call_area(const Shape *sh, long n)
{
	return sh->area(n);
}

static std::vector<std::string> make_strings(void)
{
	std::vector<std::string> v;

	for (int i = 0; i < 64; i++)
		v.push_back("prefix-that-is-long-enough-" + std::to_string(i * 7919 % 64));
	return v;
}

__attribute__((noinline)) long compare_strings(const std::vector<std::string> &v)
{
	long c = 0;

	for (size_t i = 0; i + 1 < v.size(); i++)
		if (v[i] < v[i + 1])
			c++;
	return c;
}

__attribute__((noinline)) long sort_points(std::vector<geo::Point<long> > &pts)
{
	std::sort(pts.begin(), pts.end(),
		  [](const geo::Point<long> &a, const geo::Point<long> &b) {
			  return b < a;
		  });
	return pts[0].x;
}

__attribute__((noinline)) long for_each_lambda(std::vector<long> &v, long k)
{
	long s = 0;

	std::for_each(v.begin(), v.end(), [&s, k](long x)
		      __attribute__((noinline)) { s += x * k + sink; });
	return s;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	double end = now() + secs;
	std::vector<std::string> strs = make_strings();
	std::vector<long> longs(4096, 3);
	Square sq;
	geo::Scale scale{ 3 };
	Big big = { 1, 2, 3, 4, 5, 6 };
	long total = 0;

	while (now() < end) {
		std::vector<geo::Point<long> > pts;

		for (long i = 0; i < 512; i++)
			pts.push_back({ (i * 7919) % 512, i });
		total += sort_points(pts);
		for (int r = 0; r < 16; r++)
			total += compare_strings(strs);
		total += for_each_lambda(longs, total & 7);
		total += geo::dot(pts[0], pts[1]);
		for (long i = 0; i < 1000; i++)
			total += scale(i);
		big.a = total & 3;
		total += isra_sum(big, 20000);
		total += constprop_work(20000, 5);
		total += use_cold(total & 0xff);
		total += call_area(&sq, 20000);
		total += use_part(longs, total & 15);
		total += sq.tag(1);
	}
	printf("%ld\n", total & 1);
	return 0;
}
