// SPDX-License-Identifier: GPL-2.0
/* Aggregation of hand-made samples, and their perf-style text. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/hist.h"
#include "ptool/out.h"
#include "ptool/sym.h"

static struct sym_cache *cache;
static struct sym_dso *exe, *kern;
static struct sym s_main = { 0x1000, 0x1100, "main" };
static struct sym s_alpha = { 0x1100, 0x1200, "alpha" };
static struct sym s_beta = { 0x1200, 0x1300, "beta" };
static struct sym s_leaf_a = { 0x1300, 0x1400, "leaf_a" };
static struct sym s_leaf_b = { 0x1400, 0x1500, "leaf_b" };
static struct sym s_kfn = { 0xffffffff81000000ull, 0xffffffff81000100ull, "kfn" };

static int setup(void **state)
{
	cache = sym_cache_new(NULL);
	exe = sym_cache_dso(cache, "/nonexistent/prog", NULL, 0);
	kern = sym_cache_dso(cache, "[kernel.kallsyms]", NULL, 0);
	return 0;
}

static int teardown(void **state)
{
	sym_cache_free(cache);
	return 0;
}

static struct session_frame fr(const struct sym *s, uint64_t off)
{
	struct session_frame f = { 0 };
	bool k = s == &s_kfn;

	f.dso = k ? kern : exe;
	f.dso_name = sym_dso_name(f.dso);
	f.dso_path = sym_dso_path(f.dso);
	f.sym = s;
	f.sym_name = s->name;
	f.addr = s->start + off;
	f.ip = k ? f.addr : 0x555500000000ull + f.addr;
	f.sym_off = off;
	f.kernel = k;
	return f;
}

static struct session_frame unresolved(uint64_t ip)
{
	struct session_frame f = { 0 };

	f.dso = exe;
	f.dso_name = sym_dso_name(exe);
	f.dso_path = sym_dso_path(exe);
	f.addr = ip - 0x555500000000ull;
	f.ip = ip;
	return f;
}

/* add one sample of @period with frames leaf first */
static void add(struct hist *h, const char *comm, uint64_t period, bool hidden,
		int n, ...)
{
	struct session_frame f[16];
	struct session_sample ss = { 0 };
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		f[i] = va_arg(ap, struct session_frame);
	va_end(ap);
	ss.comm = comm;
	ss.pid = ss.tid = 42;
	ss.period = period;
	ss.nr_frames = (unsigned int)n;
	ss.frames = f;
	ss.ip_frame = &f[0];
	if (hidden)
		hist_add_hidden(h, NULL, &ss);
	else
		hist_add(h, NULL, &ss);
}

static const struct hist_entry *find(const struct hist *h, const char *name)
{
	for (size_t i = 0; i < hist_nr_entries(h); i++) {
		const struct hist_entry *e = hist_entry_at(h, i);
		const struct hist_frame *f = hist_frame_at(h, e->frame);

		if (f->name && !strcmp(f->name, name))
			return e;
	}
	return NULL;
}

static struct hist *make(bool children)
{
	struct hist_opts o = {
		.keys = { HIST_KEY_COMM, HIST_KEY_DSO, HIST_KEY_SYM }, .nr_keys = 3,
		.children = children, .callchain = true,
		.order = children ? HIST_ORDER_CALLER : HIST_ORDER_CALLEE,
		.min_percent = 0.5,
	};
	/* the comm strings differ in address but not in text: they merge */
	static char comm1[] = "prog", comm2[] = "prog";
	struct hist *h = hist_new(&o);

	for (int i = 0; i < 3; i++)
		add(h, comm1, 100, false, 3, fr(&s_leaf_a, 0x10), fr(&s_alpha, 0x20), fr(&s_main, 0x30));
	add(h, comm2, 100, false, 4, fr(&s_leaf_b, 0x10), fr(&s_beta, 0x20), fr(&s_main, 0x40), fr(&s_main, 0x50));
	return h;
}

static void test_self(void **state)
{
	struct hist *h = make(false);
	const struct hist_entry *e;

	hist_finish(h, NULL, NULL, 0);
	assert_int_equal(hist_total(h), 400);
	assert_int_equal(hist_nr_samples(h), 4);
	assert_int_equal(hist_nr_entries(h), 2);
	e = hist_entry_at(h, 0);
	assert_string_equal(hist_frame_at(h, e->frame)->name, "leaf_a");
	assert_int_equal(e->self, 300);
	assert_int_equal(e->nr_samples, 3);
	assert_string_equal(e->comm, "prog");
	e = hist_entry_at(h, 1);
	assert_string_equal(hist_frame_at(h, e->frame)->name, "leaf_b");
	assert_int_equal(e->self, 100);
	assert_null(find(h, "main"));
	hist_free(h);
}

/*
 * Branches of equal weight in different objects: the object perf creates
 * later comes first (the build-id table's objects before the others),
 * whichever branch was seen first.
 */
static void test_tie_objects(void **state)
{
	static const uint8_t bid[20] = { 1 };
	struct sym_cache *c = sym_cache_new(NULL);
	struct sym_dso *prog, *lib;
	struct hist_opts o = {
		.keys = { HIST_KEY_SYM }, .nr_keys = 1, .callchain = true,
		.order = HIST_ORDER_CALLEE,
	};
	struct hist *h = hist_new(&o);
	struct session_frame f[2];
	struct session_sample ss = { 0 };
	const struct hist_entry *e;
	const struct hist_node *n;

	sym_cache_set_build_id(c, "/nonexistent/lib", bid, sizeof(bid));
	prog = sym_cache_dso(c, "/nonexistent/prog", NULL, 0);
	lib = sym_cache_dso(c, "/nonexistent/lib", NULL, 0);
	assert_true(sym_dso_order(lib) < sym_dso_order(prog));
	assert_true(sym_dso_order(exe) < sym_dso_order(kern));

	ss.comm = "prog";
	ss.pid = ss.tid = 42;
	ss.period = 100;
	ss.nr_frames = 2;
	ss.frames = f;
	ss.ip_frame = &f[0];
	/* the lib branch first: creation order would keep it first */
	for (int i = 0; i < 2; i++) {
		f[0] = fr(&s_leaf_a, 0);
		f[1] = fr(i ? &s_beta : &s_alpha, 0);
		f[1].dso = i ? prog : lib;
		f[1].dso_name = sym_dso_name(f[1].dso);
		f[1].dso_path = sym_dso_path(f[1].dso);
		hist_add(h, NULL, &ss);
	}
	hist_finish(h, NULL, NULL, 0);
	assert_int_equal(hist_nr_entries(h), 1);
	e = hist_entry_at(h, 0);
	assert_non_null(e->root);
	/* the root's run is leaf_a; its two kids are the callers */
	n = e->root->nr_kids == 1 ? e->root->kids[0] : e->root;
	assert_int_equal(n->nr_kids, 2);
	assert_string_equal(hist_frame_at(h, n->kids[0]->frames[0])->name, "beta");
	assert_string_equal(hist_frame_at(h, n->kids[1]->frames[0])->name, "alpha");
	assert_true(hist_node_key_cmp(h, n->kids[0], n->kids[1]) < 0);
	hist_free(h);
	sym_cache_free(c);
}

static void test_children(void **state)
{
	struct hist *h = make(true);
	const struct hist_entry *e;
	const struct hist_node *n;

	hist_finish(h, NULL, NULL, 0);
	assert_int_equal(hist_nr_entries(h), 5);
	e = find(h, "main");
	/* counted once per sample, recursion included */
	assert_int_equal(e->children, 400);
	assert_int_equal(e->self, 0);
	assert_ptr_equal(hist_entry_at(h, 0), e);
	assert_int_equal(find(h, "alpha")->children, 300);
	assert_int_equal(find(h, "beta")->children, 100);
	assert_int_equal(find(h, "leaf_a")->children, 300);
	assert_int_equal(find(h, "leaf_a")->self, 300);
	/* main's tree, callers first: main -> { alpha -> leaf_a, beta ... } */
	n = e->root;
	assert_non_null(n);
	assert_int_equal(n->nr_kids, 1);
	n = n->kids[0];
	assert_int_equal(n->nr_frames, 1);
	assert_string_equal(hist_frame_at(h, n->frames[0])->name, "main");
	assert_int_equal(n->nr_kids, 2);
	assert_int_equal(n->kids[0]->nr_frames, 2);
	assert_string_equal(hist_frame_at(h, n->kids[0]->frames[0])->name, "alpha");
	assert_string_equal(hist_frame_at(h, n->kids[0]->frames[1])->name, "leaf_a");
	assert_int_equal(n->kids[0]->hit, 300);
	assert_int_equal(n->kids[1]->hit + n->kids[1]->children_hit, 100);
	hist_free(h);
}

static char *render(struct hist *h, const struct out_report_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(out_report_hist(f, h, o), 0);
	fclose(f);
	return buf;
}

static void test_graph_text(void **state)
{
	struct hist *h = make(false);
	struct out_report_opts o = { .graph = OUT_GRAPH_GRAPH, .min_percent = 0.5 };
	char *t;
	static const char expect[] =
		"# Overhead  Command  Shared Object  Symbol    \n"
		"# ........  .......  .............  ..........\n"
		"#\n"
		"    75.00%  prog     prog           [.] leaf_a\n"
		"            |\n"
		"            ---leaf_a\n"
		"               alpha\n"
		"               main\n"
		"\n"
		"    25.00%  prog     prog           [.] leaf_b\n"
		"            |\n"
		"            ---leaf_b\n"
		"               beta\n"
		"               main\n"
		"               main\n"
		"\n";

	hist_finish(h, NULL, NULL, 0);
	t = render(h, &o);
	assert_string_equal(t, expect);
	free(t);
	o.graph = OUT_GRAPH_FOLDED;
	o.quiet = true;
	t = render(h, &o);
	assert_string_equal(t,
		"    75.00%  prog     prog           [.] leaf_a\n"
		"75.00% leaf_a;alpha;main\n"
		"    25.00%  prog     prog           [.] leaf_b\n"
		"25.00% leaf_b;beta;main;main\n");
	free(t);
	hist_free(h);
}

static void test_branches_text(void **state)
{
	struct hist *h = make(true);
	struct out_report_opts o = { .graph = OUT_GRAPH_GRAPH, .min_percent = 0.5, .quiet = true };
	char *t, *p;

	hist_finish(h, NULL, NULL, 0);
	t = render(h, &o);
	p = strstr(t, "[.] main\n");
	assert_non_null(p);
	{
		/* the recursive sample keeps its second main under the first */
		static const char g[] =
			"            |\n"
			"            ---main\n"
			"               |          \n"
			"               |--75.00%--alpha\n"
			"               |          leaf_a\n"
			"               |          \n"
			"                --25.00%--main\n"
			"                          beta\n"
			"                          leaf_b\n"
			"\n";

		if (strncmp(p + 9, g, strlen(g)))
			fail_msg("got:\n%s", p + 9);
	}
	free(t);
	hist_free(h);
}

static void test_hidden_and_totals(void **state)
{
	struct hist_opts o = {
		.keys = { HIST_KEY_COMM, HIST_KEY_DSO, HIST_KEY_SYM }, .nr_keys = 3,
		.children = true, .callchain = false, .order = HIST_ORDER_CALLER,
	};
	struct hist *h = hist_new(&o);
	static char comm[] = "prog";

	/* a hidden sample makes main and kfn: they stay hidden though a
	 * visible sample adds to main later, as in perf */
	add(h, comm, 10, true, 2, fr(&s_kfn, 0), fr(&s_main, 0));
	add(h, comm, 30, false, 2, fr(&s_leaf_a, 0), fr(&s_main, 0));
	hist_add_period(h, 60);
	hist_finish(h, NULL, NULL, 0);
	assert_int_equal(hist_total(h), 100);
	assert_int_equal(hist_nr_samples(h), 3);
	assert_true(find(h, "main")->filtered);
	assert_int_equal(find(h, "main")->children, 40);
	assert_true(find(h, "kfn")->filtered);
	assert_true(find(h, "kfn")->kernel);
	assert_false(find(h, "leaf_a")->filtered);
	hist_free(h);
}

static void test_unresolved(void **state)
{
	struct hist_opts o = {
		.keys = { HIST_KEY_SYM }, .nr_keys = 1,
		.children = true, .order = HIST_ORDER_CALLER,
	};
	struct hist *h = hist_new(&o);
	static char comm[] = "prog";
	struct out_report_opts oo = { .quiet = true };
	char *t;

	/* the same address as a sample IP and in a callchain: two entries,
	 * one by dso address and one by run-time address, as perf shows */
	add(h, comm, 10, false, 2, unresolved(0x555500002000ull), fr(&s_main, 0));
	add(h, comm, 10, false, 3, fr(&s_leaf_a, 0), unresolved(0x555500002000ull), fr(&s_main, 0));
	hist_finish(h, NULL, NULL, 0);
	t = render(h, &oo);
	assert_non_null(strstr(t, "[.] 0x0000000000002000\n"));
	assert_non_null(strstr(t, "[.] 0x0000555500002000\n"));
	free(t);
	hist_free(h);
}

/* a group: the members' entries merge by keys, one column each */
static void test_group_text(void **state)
{
	struct hist_opts o = {
		.keys = { HIST_KEY_COMM, HIST_KEY_DSO, HIST_KEY_SYM }, .nr_keys = 3,
	};
	struct out_report_opts oo = { .show_nr = true };
	struct hist *hs[2] = { hist_new(&o), hist_new(&o) };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	static const char expect[] =
		"#         Overhead                   Samples  Command  Shared Object  Symbol    \n"
		"# ................  ........................  .......  .............  ..........\n"
		"#\n"
		"    75.00%  25.00%             3           1  prog     prog           [.] leaf_a\n"
		"    25.00%   0.00%             1           0  prog     prog           [.] leaf_b\n"
		"     0.00%  75.00%             0           1  prog     prog           [.] alpha\n";

	for (int i = 0; i < 3; i++)
		add(hs[0], "prog", 100, false, 1, fr(&s_leaf_a, 0x10));
	add(hs[0], "prog", 100, false, 1, fr(&s_leaf_b, 0x10));
	add(hs[1], "prog", 1, false, 1, fr(&s_leaf_a, 0x18));
	add(hs[1], "prog", 3, false, 1, fr(&s_alpha, 0x10));
	for (int i = 0; i < 2; i++)
		hist_finish(hs[i], NULL, NULL, 0);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(out_report_group(f, (const struct hist *const *)hs, 2, &oo), 0);
	fclose(f);
	assert_string_equal(buf, expect);
	free(buf);
	for (int i = 0; i < 2; i++)
		hist_free(hs[i]);
}

static void test_parse_fields(void **state)
{
	struct hist_opts o = { 0 };
	const char *bad;

	(void)state;
	/* without --sort: -F's keys are the keys, -F's order the sort order */
	assert_int_equal(hist_parse_fields("sym,overhead,comm,sym", &o, false, &bad), 0);
	assert_int_equal(o.nr_fields, 3);
	assert_int_equal(o.fields[0], HIST_KEY_SYM);
	assert_int_equal(o.fields[1], HIST_FIELD_OVERHEAD);
	assert_int_equal(o.fields[2], HIST_KEY_COMM);
	assert_int_equal(o.nr_keys, 2);
	assert_int_equal(o.keys[0], HIST_KEY_SYM);
	assert_int_equal(o.keys[1], HIST_KEY_COMM);
	assert_memory_equal(o.sort_fields, o.fields, 3 * sizeof(int));
	assert_string_equal(hist_field_name(o.fields[1]), "overhead");
	assert_string_equal(hist_field_name(HIST_KEY_SYM), "sym");

	/* an output field alone: no key, one entry */
	assert_int_equal(hist_parse_fields("overhead_children", &o, false, &bad), 0);
	assert_int_equal(o.nr_keys, 0);
	assert_int_equal(o.fields[0], HIST_FIELD_OVERHEAD_CHILDREN);

	/* with --sort: its keys sort first and come after -F's columns */
	memset(&o, 0, sizeof(o));
	assert_int_equal(hist_parse_keys("dso", &o, &bad), 0);
	assert_int_equal(hist_parse_fields("period,sym,sample", &o, true, &bad), 0);
	assert_int_equal(o.nr_fields, 4);
	assert_int_equal(o.fields[0], HIST_FIELD_PERIOD);
	assert_int_equal(o.fields[1], HIST_KEY_SYM);
	assert_int_equal(o.fields[2], HIST_FIELD_SAMPLE);
	assert_int_equal(o.fields[3], HIST_KEY_DSO);
	assert_int_equal(o.sort_fields[0], HIST_KEY_DSO);
	assert_int_equal(o.sort_fields[1], HIST_FIELD_PERIOD);
	assert_int_equal(o.sort_fields[3], HIST_FIELD_SAMPLE);
	assert_int_equal(o.nr_keys, 2);
	assert_int_equal(o.keys[1], HIST_KEY_SYM);

	/* bad names and empty lists */
	assert_int_equal(hist_parse_fields("overhead,nosuch", &o, false, &bad), -EINVAL);
	assert_string_equal(bad, "nosuch");
	assert_int_equal(hist_parse_fields(",", &o, false, &bad), -EINVAL);
	assert_null(bad);
}

static void test_fields_text(void **state)
{
	struct hist *h;
	struct hist_opts o = { .min_percent = 0.5 };
	struct out_report_opts oo = { .min_percent = 0.5 };
	const char *bad;
	char *buf;
	const char *expect =
		"# Symbol           Samples  Overhead\n"
		"# ..........  ............  ........\n"
		"#\n"
		"  [.] leaf_a             1    25.00%\n"
		"  [.] leaf_b             3    75.00%\n";

	(void)state;
	/* sorted by the symbol first, as -F's order says */
	assert_int_equal(hist_parse_fields("sym,sample,overhead", &o, false, &bad), 0);
	h = hist_new(&o);
	add(h, "prog", 100, false, 1, fr(&s_leaf_a, 0x10));
	for (int i = 0; i < 3; i++)
		add(h, "prog", 100, false, 1, fr(&s_leaf_b, 0x10));
	hist_finish(h, NULL, NULL, 0);
	buf = render(h, &oo);
	assert_string_equal(buf, expect);
	free(buf);
	hist_free(h);
}

static void test_hierarchy_text(void **state)
{
	struct hist *h = make(false);
	struct out_report_opts oo = { .min_percent = 0.5 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	const char *expect =
		"#    Overhead  Command / Symbol\n"
		"# ...........  ................\n"
		"#\n"
		"   100.00%     prog   \n"
		"       75.00%     [.] leaf_a\n"
		"       25.00%     [.] leaf_b\n";
	struct hist_opts o = { .keys = { HIST_KEY_COMM, HIST_KEY_SYM }, .nr_keys = 2 };

	(void)state;
	hist_free(h);
	h = hist_new(&o);
	add(h, "prog", 100, false, 1, fr(&s_leaf_b, 0x10));
	for (int i = 0; i < 3; i++)
		add(h, "prog", 100, false, 1, fr(&s_leaf_a, 0x10));
	hist_finish(h, NULL, NULL, 0);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(out_report_hierarchy(f, h, &oo), 0);
	fclose(f);
	assert_string_equal(buf, expect);
	free(buf);
	hist_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self),
		cmocka_unit_test(test_children),
		cmocka_unit_test(test_tie_objects),
		cmocka_unit_test(test_graph_text),
		cmocka_unit_test(test_branches_text),
		cmocka_unit_test(test_hidden_and_totals),
		cmocka_unit_test(test_unresolved),
		cmocka_unit_test(test_group_text),
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_fields_text),
		cmocka_unit_test(test_hierarchy_text),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
