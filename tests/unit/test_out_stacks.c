// SPDX-License-Identifier: GPL-2.0
/*
 * perf script lines and folded stacks of a perf.data file written here,
 * whose samples fall in this test's own functions: exact text, the
 * collapser's handling of a comm with a blank, periods as counts.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "ptool/out_pprof.h"
#include "ptool/out_script.h"
#include "ptool/out_stacks.h"
#include "ptool/pdata.h"
#include "ptool/session.h"

#include "testutil.h"

#define BASE 0x400000ull

static char path[] = "/tmp/ptool-test-stacks.XXXXXX";
static char exe[4096];

__attribute__((noinline)) int fold_leaf(int x);
__attribute__((noinline)) int fold_mid(int x);
__attribute__((noinline)) int fold_root(int x);
__attribute__((noinline)) int fold_leaf(int x)
{
	return x * 3 + 1;
}
__attribute__((noinline)) int fold_mid(int x)
{
	return fold_leaf(x) * 5 + 2;
}
__attribute__((noinline)) int fold_root(int x)
{
	return fold_mid(x) * 7 + 3;
}

static uint64_t off_leaf, off_mid, off_root;

static const struct sample *at(uint32_t pid, uint64_t time)
{
	static struct sample id;

	memset(&id, 0, sizeof(id));
	id.pid = id.tid = pid;
	id.time = time;
	return &id;
}

static void sample(struct pdata_writer *w, uint64_t time, uint64_t period,
		   const uint64_t *ips, int n)
{
	uint64_t cc[8] = { (uint64_t)-512 /* PERF_CONTEXT_USER */ };
	struct sample s = { 0 };

	for (int i = 0; i < n; i++)
		cc[1 + i] = ips[i];
	s.ip = ips[0];
	s.pid = s.tid = 100;
	s.time = time;
	s.period = period;
	s.callchain_nr = (uint64_t)n + 1;
	s.callchain = cc;
	assert_int_equal(pdata_write_sample(w, 0, PERF_RECORD_MISC_USER, &s), 0);
}

static int setup(void **state)
{
	struct perf_event_attr attr = { 0 };
	struct pdata_writer *w;
	struct pdata_mmap m = { 0 };
	uint64_t id = 7;
	ssize_t n;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	assert_true(n > 0);
	exe[n] = 0;
	off_leaf = tu_file_offset_of((const void *)fold_leaf);
	off_mid = tu_file_offset_of((const void *)fold_mid);
	off_root = tu_file_offset_of((const void *)fold_root);
	assert_true(off_leaf && off_mid && off_root);

	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_CPU_CLOCK;
	attr.sample_period = 1000;
	attr.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			   PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_PERIOD;
	attr.sample_id_all = 1;
	w = pdata_writer_new(fd, 0);
	assert_non_null(w);
	assert_int_equal(pdata_writer_add_attr(w, &attr, "cpu-clock", &id, 1), 0);
	assert_int_equal(pdata_write_comm(w, 100, 100, "work er", false, at(100, 1)), 0);
	m.misc = PERF_RECORD_MISC_USER;
	m.pid = m.tid = 100;
	m.start = BASE;
	m.len = 0x1000000;
	m.pgoff = 0;
	m.prot = 5;
	m.filename = exe;
	assert_int_equal(pdata_write_mmap2(w, &m, at(100, 2)), 0);
	{
		uint64_t a[3] = { BASE + off_leaf + 4, BASE + off_mid + 4, BASE + off_root + 4 };

		sample(w, 1000001000ull, 1000, a, 3);
		sample(w, 1000002000ull, 1000, a, 3);
		sample(w, 1000003500ull, 500, a + 1, 2);
	}
	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	return 0;
}

struct run {
	struct out_script *sc;
	struct out_stacks *st;
	struct strbuf text;
};

static int each(struct session *s, const struct session_sample *ss, void *arg)
{
	struct run *r = arg;

	if (r->sc)
		out_script_sample(r->sc, ss, &r->text);
	if (r->st)
		out_stacks_add(r->st, ss);
	return 0;
}

static struct session *open_it(void)
{
	struct session_opts so = { .path = path };
	struct strbuf err = STRBUF_INIT;
	struct session *s = session_open(&so, &err);

	if (!s)
		print_message("%s\n", err.buf);
	strbuf_release(&err);
	assert_non_null(s);
	return s;
}

static void test_script_text(void **state)
{
	struct session *s = open_it();
	struct out_script_opts o = { 0 };
	struct run r = { 0 };
	struct strbuf err = STRBUF_INIT;
	static char want[65536];

	r.sc = out_script_new(s, &o, NULL, &err);
	assert_non_null(r.sc);
	strbuf_init(&r.text, 0);
	assert_int_equal(session_for_each_sample(s, SESSION_CALLCHAIN, each, &r), 0);
	snprintf(want, sizeof(want),
		 "work er   100     1.000001:       1000 cpu-clock: \n"
		 "\t%16llx fold_leaf+0x4 (%s)\n"
		 "\t%16llx fold_mid+0x4 (%s)\n"
		 "\t%16llx fold_root+0x4 (%s)\n\n"
		 "work er   100     1.000002:       1000 cpu-clock: \n"
		 "\t%16llx fold_leaf+0x4 (%s)\n"
		 "\t%16llx fold_mid+0x4 (%s)\n"
		 "\t%16llx fold_root+0x4 (%s)\n\n"
		 "work er   100     1.000003:        500 cpu-clock: \n"
		 "\t%16llx fold_mid+0x4 (%s)\n"
		 "\t%16llx fold_root+0x4 (%s)\n\n",
		 (unsigned long long)off_leaf + 4, exe, (unsigned long long)off_mid + 4, exe,
		 (unsigned long long)off_root + 4, exe,
		 (unsigned long long)off_leaf + 4, exe, (unsigned long long)off_mid + 4, exe,
		 (unsigned long long)off_root + 4, exe,
		 (unsigned long long)off_mid + 4, exe, (unsigned long long)off_root + 4, exe);
	assert_string_equal(r.text.buf, want);
	out_script_free(r.sc);
	strbuf_release(&r.text);

	/* -F and -G: one line per sample, the run-time address */
	o.fields = "comm,tid,ip,sym";
	o.hide_callchain = true;
	r.sc = out_script_new(s, &o, NULL, &err);
	assert_non_null(r.sc);
	assert_int_equal(err.len, 0);
	strbuf_init(&r.text, 0);
	assert_int_equal(session_for_each_sample(s, 0, each, &r), 0);
	snprintf(want, sizeof(want), "         work er   100  %16llx fold_leaf\n",
		 (unsigned long long)(BASE + off_leaf + 4));
	assert_memory_equal(r.text.buf, want, strlen(want));
	out_script_free(r.sc);
	strbuf_release(&r.text);

	o.fields = "comm,nosuch";
	assert_null(out_script_new(s, &o, NULL, &err));
	assert_string_equal(err.buf, "unknown field 'nosuch' in -F (comm, tid, pid, time, cpu, event, ip, sym, symoff, dso, period, trace, addr, srcline, tod, misc, callindent, srccode, insn, insnlen, brstack, iregs, uregs)");
	assert_null(out_script_new(s, &o, NULL, NULL));
	o.fields = "+cpu";
	strbuf_reset(&err);
	assert_null(out_script_new(s, &o, NULL, &err));
	assert_string_equal(err.buf, "samples for 'cpu-clock' event do not have CPU attribute set, cannot print 'cpu' field");
	assert_null(out_script_new(s, &o, NULL, NULL));
	strbuf_release(&err);
	session_free(s);
}

static void test_folded(void **state)
{
	struct session *s = open_it();
	struct run r = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	r.st = out_stacks_new(s, OUT_STACKS_FOLD | OUT_STACKS_PPROF, NULL);
	assert_non_null(r.st);
	assert_int_equal(session_for_each_sample(s, SESSION_CALLCHAIN, each, &r), 0);
	assert_int_equal(out_stacks_nr_samples(r.st), 3);
	fp = open_memstream(&buf, &len);
	assert_int_equal(out_fold_write(out_stacks_fold(r.st), fp), 0);
	fclose(fp);
	/* the blank in the comm becomes '_'; counts are the printed periods */
	assert_string_equal(buf, "work_er;fold_root;fold_mid 500\n"
				 "work_er;fold_root;fold_mid;fold_leaf 2000\n");
	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	assert_int_equal(out_stacks_write_pprof(r.st, fp), 0);
	fclose(fp);
	assert_true(len > 20);
	assert_int_equal((unsigned char)buf[0], 0x1f);
	free(buf);
	out_stacks_free(r.st);
	session_free(s);
}

/* ---- a small protobuf reader for the pprof checks ---- */

struct pbf {
	unsigned int num, wire;
	uint64_t v;
	const unsigned char *p;
	size_t len;
};

static bool pb_next(const unsigned char *buf, size_t len, size_t *pos, struct pbf *f)
{
	uint64_t key;

	if (*pos >= len)
		return false;
	assert_int_equal(out_pb_read_varint(buf, len, pos, &key), 0);
	f->num = (unsigned int)(key >> 3);
	f->wire = key & 7;
	assert_int_equal(out_pb_read_varint(buf, len, pos, &f->v), 0);
	if (f->wire == 2) {
		assert_true(*pos + f->v <= len);
		f->p = buf + *pos;
		f->len = f->v;
		*pos += f->len;
	} else {
		assert_int_equal(f->wire, 0);
	}
	return true;
}

struct prof {
	unsigned char *raw;
	size_t len;
	char *str[256];
	size_t nr_str;
};

static void prof_read(struct prof *pr, const char *gz, size_t gzlen)
{
	z_stream zs = { 0 };
	size_t cap = 1 << 20, pos = 0;
	struct pbf f;

	memset(pr, 0, sizeof(*pr));
	pr->raw = malloc(cap);
	assert_int_equal(inflateInit2(&zs, 31), Z_OK);
	zs.next_in = (unsigned char *)gz;
	zs.avail_in = (uInt)gzlen;
	zs.next_out = pr->raw;
	zs.avail_out = (uInt)cap;
	assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
	pr->len = zs.total_out;
	inflateEnd(&zs);
	while (pb_next(pr->raw, pr->len, &pos, &f))
		if (f.num == 6 && pr->nr_str < 256)
			pr->str[pr->nr_str++] = strndup((const char *)f.p, f.len);
}

static void prof_free(struct prof *pr)
{
	for (size_t i = 0; i < pr->nr_str; i++)
		free(pr->str[i]);
	free(pr->raw);
}

static const char *prof_s(const struct prof *pr, uint64_t i)
{
	assert_true(i < pr->nr_str);
	return pr->str[i];
}

/* the labels of every sample, "key=value;..." */
static void prof_labels(const struct prof *pr, struct strbuf *out)
{
	size_t pos = 0;
	struct pbf f, g, h;

	while (pb_next(pr->raw, pr->len, &pos, &f)) {
		size_t p2 = 0;

		if (f.num != 2)
			continue;
		while (pb_next(f.p, f.len, &p2, &g)) {
			size_t p3 = 0;
			uint64_t key = 0, str = 0;

			if (g.num != 3)
				continue;
			while (pb_next(g.p, g.len, &p3, &h)) {
				if (h.num == 1)
					key = h.v;
				if (h.num == 2)
					str = h.v;
			}
			strbuf_addf(out, "%s=%s;", prof_s(pr, key), prof_s(pr, str));
		}
		strbuf_addch(out, '\n');
	}
}

static void write_profile(unsigned int flags, struct prof *pr)
{
	struct session *s = open_it();
	struct run r = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	r.st = out_stacks_new(s, flags, NULL);
	assert_non_null(r.st);
	assert_int_equal(session_for_each_sample(s, SESSION_CALLCHAIN, each, &r), 0);
	fp = open_memstream(&buf, &len);
	assert_int_equal(out_stacks_write_pprof(r.st, fp), 0);
	fclose(fp);
	prof_read(pr, buf, len);
	free(buf);
	out_stacks_free(r.st);
	session_free(s);
}

static void test_pprof(void **state)
{
	struct prof pr;
	struct strbuf lab = STRBUF_INIT;
	struct pbf f, g;
	size_t pos = 0;
	int nr_maps = 0;
	bool leaf = false;

	(void)state;
	write_profile(OUT_STACKS_PPROF | OUT_STACKS_LABELS, &pr);
	while (pb_next(pr.raw, pr.len, &pos, &f)) {
		size_t p2 = 0;
		uint64_t v[8] = { 0 };

		if (f.num != 3 && f.num != 5)
			continue;
		while (pb_next(f.p, f.len, &p2, &g))
			if (g.num < 8)
				v[g.num] = g.v;
		if (f.num == 3) {
			/* the MMAP2 region as recorded: start, limit, offset, file */
			assert_int_equal(v[2], BASE);
			assert_int_equal(v[3], BASE + 0x1000000);
			assert_int_equal(v[4], 0);
			assert_string_equal(prof_s(&pr, v[5]), exe);
			assert_int_equal(v[7], 1);	/* has_functions */
			nr_maps++;
		} else if (!strcmp(prof_s(&pr, v[2]), "fold_leaf")) {
			const char *file = prof_s(&pr, v[4]);

			/* this test's source, as an absolute path */
			assert_true(file[0] == '/');
			assert_non_null(strstr(file, "test_out_stacks.c"));
			assert_true(v[5] > 0);	/* the declaration's line */
			leaf = true;
		}
	}
	assert_int_equal(nr_maps, 1);
	assert_true(leaf);
	/* two stacks; no CPU in the samples, no cpu label */
	prof_labels(&pr, &lab);
	assert_string_equal(lab.buf, "comm=work er;pid=100;tid=100;\n"
				     "comm=work er;pid=100;tid=100;\n");
	prof_free(&pr);

	strbuf_reset(&lab);
	write_profile(OUT_STACKS_PPROF | OUT_STACKS_LABEL_TID, &pr);
	prof_labels(&pr, &lab);
	assert_string_equal(lab.buf, "tid=100;\ntid=100;\n");
	prof_free(&pr);
	strbuf_release(&lab);
}

static void test_pprof_labels(void **state)
{
	unsigned int f = OUT_STACKS_PPROF | OUT_STACKS_LABELS;

	(void)state;
	assert_int_equal(out_stacks_parse_labels("comm", &f), 0);
	assert_int_equal(f, OUT_STACKS_PPROF | OUT_STACKS_LABEL_COMM);
	assert_int_equal(out_stacks_parse_labels("cpu,pid", &f), 0);
	assert_int_equal(f, OUT_STACKS_PPROF | OUT_STACKS_LABEL_CPU | OUT_STACKS_LABEL_PID);
	assert_int_equal(out_stacks_parse_labels("none", &f), 0);
	assert_int_equal(f, OUT_STACKS_PPROF);
	assert_int_equal(out_stacks_parse_labels("comm,pid,tid,cpu", &f), 0);
	assert_int_equal(f, OUT_STACKS_PPROF | OUT_STACKS_LABELS);
	/* unknown or empty names leave the flags alone */
	assert_int_equal(out_stacks_parse_labels("comm,bogus", &f), -EINVAL);
	assert_int_equal(out_stacks_parse_labels("comm,,pid", &f), -EINVAL);
	assert_int_equal(out_stacks_parse_labels("", &f), -EINVAL);
	assert_int_equal(out_stacks_parse_labels("pi", &f), -EINVAL);
	assert_int_equal(f, OUT_STACKS_PPROF | OUT_STACKS_LABELS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_script_text),
		cmocka_unit_test(test_folded),
		cmocka_unit_test(test_pprof_labels),
		cmocka_unit_test(test_pprof),
	};

	return cmocka_run_group_tests_name("out_stacks", tests, setup, teardown);
}
