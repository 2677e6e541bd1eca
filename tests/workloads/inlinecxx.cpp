// SPDX-License-Identifier: GPL-2.0
/*
 * An inline-heavy C++ workload, built -O2 -g, for inline-frame
 * symbolization: most of its time is spent in standard-library templates
 * inlined several levels deep into main and into one lambda comparator.
 * Each round, over a fixed list of generated words:
 *   - std::map<std::string, int>::operator[] in main's hot loop
 *     (tree descent, std::less<std::string>, string::compare, memcmp),
 *   - std::unordered_map<std::string, int> lookups (std::hash, bucket walk),
 *   - std::vector push_back,
 *   - std::sort of (word, count) pairs with a lambda comparator.
 * Runs a fixed amount of work: ROUNDS rounds (argument, default 200, about
 * a second here); the work does not depend on timing.
 */
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

static volatile unsigned long sink;

static std::vector<std::string> make_words(unsigned n)
{
	std::vector<std::string> words;
	unsigned long x = 88172645463325252UL;	/* xorshift64, fixed seed */

	words.reserve(n);
	for (unsigned i = 0; i < n; i++) {
		std::string w("key-");

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* common prefixes make the string compares do real work */
		unsigned len = 4 + x % 12;
		for (unsigned j = 0; j < len; j++)
			w.push_back("abcdefgh"[(x >> (3 * j)) & 7]);
		words.push_back(w);
	}
	return words;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 200;
	std::vector<std::string> words = make_words(4000);
	unsigned long total = 0;

	for (long r = 0; r < rounds; r++) {
		std::map<std::string, int> counts;
		std::unordered_map<std::string, int> seen;
		std::vector<std::pair<std::string, int>> sorted;
		std::vector<int> lengths;

		for (int pass = 0; pass < 4; pass++) {
			for (const std::string &w : words) {
				counts[w] += pass + 1;
				lengths.push_back((int)w.size());
			}
		}
		for (const std::string &w : words) {
			auto it = seen.find(w);
			if (it == seen.end())
				seen.emplace(w, counts[w]);
			else
				it->second++;
		}
		for (const auto &kv : counts)
			sorted.push_back(kv);
		std::sort(sorted.begin(), sorted.end(),
			  [](const std::pair<std::string, int> &a,
			     const std::pair<std::string, int> &b) {
				  if (a.second != b.second)
					  return a.second > b.second;
				  if (a.first.size() != b.first.size())
					  return a.first.size() < b.first.size();
				  return a.first.compare(b.first) < 0;
			  });
		total += sorted.front().second + lengths.size() + seen.size();
	}
	sink = total;
	printf("inlinecxx: done (%lu)\n", total & 0xff);
	return 0;
}
