// SPDX-License-Identifier: GPL-2.0
/*
 * sym_demangle() against the names perf 6.1 prints. Each expected string
 * is what `perf probe -x BIN -F` (the same symbol loader as perf report
 * and perf script) printed for a binary defining a function of that
 * mangled name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/sym.h"

struct dm_case {
	const char *mangled;
	const char *want;	/* NULL: perf prints the name unchanged */
};

static void check(const struct dm_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *s = sym_demangle(c[i].mangled);

		if (!c[i].want) {
			if (s)
				fail_msg("'%s' demangled to '%s'", c[i].mangled, s);
			continue;
		}
		if (!s)
			fail_msg("'%s' not demangled", c[i].mangled);
		if (strcmp(s, c[i].want))
			fail_msg("'%s': got '%s', want '%s'", c[i].mangled, s,
				 c[i].want);
		free(s);
	}
}

#define CHECK(cases) check(cases, sizeof(cases) / sizeof(cases[0]))

static void test_lambdas(void **state)
{
	static const struct dm_case cases[] = {
		{ "_ZZ15for_each_lambdaRSt6vectorIlSaIlEElENKUllE_clEl.isra.0",
		  "for_each_lambda(std::vector<long, std::allocator<long> >&, long)::{lambda(long)#1}::operator()" },
		{ "_ZZ4mainENKUlvE_clEv", "main::{lambda()#1}::operator()" },
		{ "_ZSt16__introsort_loopIN9__gnu_cxx17__normal_iteratorIPN3geo5PointIlEESt6vectorIS4_SaIS4_EEEElNS0_5__ops15_Iter_comp_iterIZ11sort_pointsRS8_EUlRKS4_SE_E_EEEvT_SH_T0_T1_",
		  "std::__introsort_loop<__gnu_cxx::__normal_iterator<geo::Point<long>*, std::vector<geo::Point<long>, std::allocator<geo::Point<long> > > >, long, __gnu_cxx::__ops::_Iter_comp_iter<sort_points(std::vector<geo::Point<long>, std::allocator<geo::Point<long> > >&)::{lambda(geo::Point<long> const&, geo::Point<long> const&)#1}> >" },
	};

	CHECK(cases);
}

static void test_operators(void **state)
{
	static const struct dm_case cases[] = {
		{ "_ZN3geoltIlEEbRKNS_5PointIT_EES5_", "geo::operator< <long>" },
		{ "_ZStltIcSt11char_traitsIcESaIcEEbRKNSt7__cxx1112basic_stringIT_T0_T1_EESA_",
		  "std::operator< <char, std::char_traits<char>, std::allocator<char> >" },
		{ "_ZStlsISt11char_traitsIcEERSt13basic_ostreamIcT_ES5_PKc",
		  "std::operator<< <std::char_traits<char> >" },
		{ "_ZNSolsEi", "std::ostream::operator<<" },
		{ "_ZNK3geo5ScaleclEl.isra.0", "geo::Scale::operator()" },
		{ "_ZdlPv", "operator delete" },
		{ "_ZnwmRKSt9nothrow_t", "operator new" },
		{ "_ZN1AcvPFivEEv", "A::operator int (*)()" },
	};

	CHECK(cases);
}

static void test_clones(void **state)
{
	static const struct dm_case cases[] = {
		{ "_ZN3fooL3barEi.isra.0", "foo::bar" },
		{ "_ZN12_GLOBAL__N_114constprop_workEll.constprop.0",
		  "(anonymous namespace)::constprop_work" },
		{ "_ZN12_GLOBAL__N_18isra_sumENS_3BigEl.constprop.0.isra.0",
		  "(anonymous namespace)::isra_sum" },
		{ "_Z8use_coldl.cold", "use_cold" },
		{ "_ZL9part_workPKlll.part.0", "part_work" },
		{ "_Z3fooi.lto_priv.0", "foo" },
		{ "_ZN3foo3barEv.foo.bar", "foo::bar" },
	};

	CHECK(cases);
}

static void test_templates_and_namespaces(void **state)
{
	static const struct dm_case cases[] = {
		{ "_Z3maxIiET_S0_S0_", "max<int>" },	/* int max<int>(int, int) */
		{ "_ZN3geo3dotIlEET_RKNS_5PointIS1_EES5_.isra.0", "geo::dot<long>" },
		{ "_ZNKSt5ctypeIcE8do_widenEc", "std::ctype<char>::do_widen" },
		{ "_ZN2ns3fooEi", "ns::foo" },
		{ "_ZNK3Foo3barEv", "Foo::bar" },
		/* a version suffix is past the encoding and goes too */
		{ "_ZdlPv@@GLIBCXX_3.4", "operator delete" },
	};

	CHECK(cases);
}

static void test_special_names(void **state)
{
	static const struct dm_case cases[] = {
		{ "_ZThn8_NK6Square4areaEl",
		  "non-virtual thunk to Square::area(long) const" },
		{ "_ZTv0_n24_NSoD1Ev",
		  "virtual thunk to std::basic_ostream<char, std::char_traits<char> >::~basic_ostream()" },
		{ "_ZTv0_n24_N6SquareD1Ev", "virtual thunk to Square::~Square()" },
		{ "_ZGVZ3foovE1x", "guard variable for foo()::x" },
		{ "_ZTV6Square", "vtable for Square" },
	};

	CHECK(cases);
}

static void test_other_languages(void **state)
{
	static const struct dm_case cases[] = {
		{ "_ZN4core3ptr13drop_in_place17h0123456789abcdefE",
		  "core::ptr::drop_in_place" },
		{ "_RNvCs1234_7mycrate3foo", "mycrate::foo" },
		/* not a Rust hash (too few distinct digits): plain C++ */
		{ "_ZN3foo3bar17h0000000000000000E", "foo::bar::h0000000000000000" },
		{ "camlStdlib__list__map_123", "Stdlib.list.map_123" },
		{ "camlFoo__bar$2a_45", "Foo.bar*_45" },
		{ "camlfoo", NULL },
		{ "_D3foo3barFZv", NULL },	/* D: not demangled */
	};

	CHECK(cases);
}

static void test_not_mangled(void **state)
{
	static const struct dm_case cases[] = {
		{ "main", NULL },
		{ "", NULL },
		{ "operator()", NULL },
		{ "_GLOBAL__sub_I_main", NULL },
		{ "_Z", NULL },
		{ "_ZN", NULL },
		{ "_Z3fo", NULL },
		{ "_Zx", NULL },
		{ "_Zgarbage", NULL },
		{ "_ZN8$LT$a$GT$3foo17h0123456789abcdefE", NULL },
	};

	CHECK(cases);
	assert_null(sym_demangle(NULL));
}

static char *nested(int n)
{
	char *s = malloc(4 * (size_t)n + 8);

	assert_non_null(s);
	strcpy(s, "_ZN");
	for (int i = 0; i < n; i++)
		strcat(s, "3abc");
	strcat(s, "Ev");
	return s;
}

static void test_long_names(void **state)
{
	char *name, *s, *want;

	/* 200 nested names: "abc::abc::...::abc" */
	name = nested(200);
	want = malloc(5 * 200);
	assert_non_null(want);
	want[0] = 0;
	for (int i = 0; i < 200; i++)
		strcat(want, i ? "::abc" : "abc");
	s = sym_demangle(name);
	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
	free(want);
	free(name);

	/* 1000 nested names: past libiberty's recursion limit, perf too */
	name = nested(1000);
	assert_null(sym_demangle(name));
	free(name);

	/* a 3000-character identifier: perf leaves it mangled */
	name = malloc(3100);
	assert_non_null(name);
	strcpy(name, "_ZN3foo3000");
	memset(name + strlen(name), 'x', 3000);
	strcpy(name + 11 + 3000, "Ev");
	assert_null(sym_demangle(name));
	free(name);

	/* past ptool's own bound, no work at all */
	name = nested(8000);
	assert_null(sym_demangle(name));
	free(name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lambdas),
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_clones),
		cmocka_unit_test(test_templates_and_namespaces),
		cmocka_unit_test(test_special_names),
		cmocka_unit_test(test_other_languages),
		cmocka_unit_test(test_not_mangled),
		cmocka_unit_test(test_long_names),
	};

	return cmocka_run_group_tests_name("sym_demangle", tests, NULL, NULL);
}
