// SPDX-License-Identifier: GPL-2.0
/*
 * The process model from records written here: comms (and perf's renaming
 * of a placeholder), forks copying maps, threads sharing them, samples
 * resolved against this test's own executable, and malformed records that
 * must be skipped without harm.
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
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/pdata.h"
#include "ptool/sample.h"
#include "ptool/session.h"
#include "ptool/sysroots.h"

#include "testutil.h"

#define BASE 0x400000ull

static char path[] = "/tmp/ptool-test-session.XXXXXX";
static char exe[4096];
static uint64_t marker_off;

__attribute__((noinline)) int marker_fn(int x);
__attribute__((noinline)) int marker_fn(int x)
{
	return x * 3 + 1;
}

struct rec {
	struct perf_event_header h;
	char body[256];
};

/* a record with @body and an id trailer (pid, tid, time) at @time */
static void raw(struct pdata_writer *w, uint32_t type, const void *body,
		size_t len, uint64_t time)
{
	struct rec r = { 0 };
	uint32_t pt[2] = { 999, 999 };

	r.h.type = type;
	r.h.size = (uint16_t)(sizeof(r.h) + len + 16);
	memcpy(r.body, body, len);
	memcpy(r.body + len, pt, 8);
	memcpy(r.body + len + 8, &time, 8);
	assert_int_equal(pdata_write_record(w, &r.h), 0);
}

static const struct sample *at(uint32_t pid, uint64_t time)
{
	static struct sample id;

	memset(&id, 0, sizeof(id));
	id.pid = id.tid = pid;
	id.time = time;
	return &id;
}

static void sample(struct pdata_writer *w, uint32_t pid, uint32_t tid,
		   uint64_t time, uint64_t ip)
{
	uint64_t cc[3] = { (uint64_t)-512 /* PERF_CONTEXT_USER */, ip, ip + 1 };
	struct sample s = { 0 };

	s.ip = ip;
	s.pid = pid;
	s.tid = tid;
	s.time = time;
	s.period = 1000;
	s.callchain_nr = 3;
	s.callchain = cc;
	assert_int_equal(pdata_write_sample(w, 0, PERF_RECORD_MISC_USER, &s), 0);
}

#define LONG_COMM "kworker/u8:0-ext4-rsv-conversion"

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
	marker_off = tu_file_offset_of((const void *)marker_fn);
	assert_true(marker_off > 0);

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

	/* a sample of thread 200 before its first COMM: shows the COMM name */
	sample(w, 200, 200, 5, 0x12345);
	assert_int_equal(pdata_write_comm(w, 100, 100, "first", false, at(100, 6)), 0);
	assert_int_equal(pdata_write_comm(w, 200, 200, "late", false, at(200, 6)), 0);
	m.misc = PERF_RECORD_MISC_USER;
	m.pid = m.tid = 100;
	m.start = BASE;
	m.len = 0x1000000;
	m.pgoff = 0;
	m.prot = 5;
	m.filename = exe;
	assert_int_equal(pdata_write_mmap2(w, &m, at(100, 7)), 0);

	/* malformed records: too short, no terminator, ids out of range */
	raw(w, PERF_RECORD_COMM, "", 0, 8);
	raw(w, PERF_RECORD_COMM, "\xe7\x03\0\0\xe7\x03\0\0ABCDEFGH", 16, 8);
	raw(w, PERF_RECORD_MMAP2, "\x64\0\0\0\0\0\0\0", 8, 8);
	raw(w, PERF_RECORD_MMAP, "\xe7\x03\0\0\xe7\x03\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0/no/nul/here", 44, 8);
	raw(w, PERF_RECORD_FORK, "\x01\0\0\0\0\0\0\0", 8, 8);
	raw(w, PERF_RECORD_LOST, "\0\0\0\0\0\0\0\0\x05\0\0\0\0\0\0\0", 16, 8);

	sample(w, 100, 100, 10, BASE + marker_off + 4);
	/* a thread of process 100 shares its maps; a fork copies them */
	assert_int_equal(pdata_write_fork(w, false, 100, 100, 101, 100, 11, at(100, 11)), 0);
	assert_int_equal(pdata_write_fork(w, false, 300, 100, 300, 100, 12, at(300, 12)), 0);
	sample(w, 100, 101, 13, BASE + marker_off + 4);
	sample(w, 300, 300, 14, BASE + marker_off + 4);
	/* the child execs something else: the parent keeps its maps */
	assert_int_equal(pdata_write_comm(w, 300, 300, "child", true, at(300, 15)), 0);
	m.pid = m.tid = 300;
	m.filename = "/nonexistent/other";
	assert_int_equal(pdata_write_mmap2(w, &m, at(300, 15)), 0);
	sample(w, 300, 300, 16, BASE + marker_off + 4);
	sample(w, 100, 100, 17, BASE + marker_off + 4);
	assert_int_equal(pdata_write_fork(w, true, 300, 100, 300, 100, 18, at(300, 18)), 0);
	/* an address outside every map, in a thread nobody announced */
	sample(w, 555, 556, 19, 0x7777);
	/* a name longer than the kernel's 16 bytes is kept whole, as perf */
	assert_int_equal(pdata_write_comm(w, 700, 700, LONG_COMM, false, at(700, 20)), 0);
	sample(w, 700, 700, 21, 0x7777);
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

struct seen {
	int n;
	const char *comm0;	/* kept: its text may change later */
	char comm[16][64];
	char sym[16][64];
	char dso[16][64];
	int32_t tid[16];
	unsigned int nr_frames[16];
};

static int collect(struct session *s, const struct session_sample *ss, void *arg)
{
	struct seen *v = arg;
	int i = v->n++;

	if (i >= 16)
		return 0;
	if (!i)
		v->comm0 = ss->comm;
	snprintf(v->comm[i], sizeof(v->comm[i]), "%s", ss->comm);
	snprintf(v->sym[i], sizeof(v->sym[i]), "%s",
		 ss->frames[0].sym_name ? ss->frames[0].sym_name : "?");
	snprintf(v->dso[i], sizeof(v->dso[i]), "%s", ss->frames[0].dso_name);
	v->tid[i] = ss->tid;
	v->nr_frames[i] = ss->nr_frames;
	assert_non_null(ss->ip_frame);
	assert_int_equal(ss->period, 1000);
	return 0;
}

static void test_process_model(void **state)
{
	struct session_opts o = { .path = path };
	struct session *s = session_open(&o, NULL);
	struct seen v = { 0 };
	const char *base = strrchr(exe, '/') + 1;

	assert_non_null(s);
	assert_int_equal(session_nr_events(s), 1);
	assert_string_equal(session_event_name(s, 0), "cpu-clock");
	assert_int_equal(session_for_each_sample(s, SESSION_CALLCHAIN, collect, &v), 0);
	assert_int_equal(v.n, 8);
	/* the placeholder, renamed in place by the first COMM */
	assert_string_equal(v.comm[0], ":200");
	assert_string_equal(v.comm0, "late");
	assert_string_equal(v.dso[0], "[unknown]");
	/* resolved through the map of this executable */
	assert_string_equal(v.comm[1], "first");
	assert_string_equal(v.sym[1], "marker_fn");
	assert_string_equal(v.dso[1], base);
	assert_int_equal(v.nr_frames[1], 2);	/* the context marker is dropped */
	/* thread 101 shares process 100's maps and comm */
	assert_int_equal(v.tid[2], 101);
	assert_string_equal(v.comm[2], "first");
	assert_string_equal(v.sym[2], "marker_fn");
	/* process 300 got a copy */
	assert_string_equal(v.comm[3], "first");
	assert_string_equal(v.sym[3], "marker_fn");
	/* after its exec and new map, 300 differs; 100 does not */
	assert_string_equal(v.comm[4], "child");
	assert_string_equal(v.dso[4], "other");
	assert_string_equal(v.sym[4], "?");
	assert_string_equal(v.sym[5], "marker_fn");
	/* unknown thread, unmapped address */
	assert_string_equal(v.comm[6], ":556");
	assert_string_equal(v.dso[6], "[unknown]");
	assert_string_equal(v.comm[7], LONG_COMM);
	assert_int_equal(session_stats(s)->nr_samples[0], 8);
	assert_int_equal(session_stats(s)->period[0], 8000);
	assert_int_equal(session_stats(s)->lost, 5);

	/* a second pass rebuilds the same model */
	memset(&v, 0, sizeof(v));
	assert_int_equal(session_for_each_sample(s, 0, collect, &v), 0);
	assert_int_equal(v.n, 8);
	assert_string_equal(v.sym[1], "marker_fn");
	assert_int_equal(v.nr_frames[1], 1);	/* no callchain asked */
	session_free(s);
}

/*
 * SESSION_REUSE: samples that share a chain id resolve to the same frames
 * (checked against a pass that resolves every sample), and a repeated id
 * comes without frames
 */
#define REUSE_MAX 100000

struct reuse {
	uint32_t id[REUSE_MAX];
	bool seen[REUSE_MAX];
	uint64_t sig[REUSE_MAX];
	size_t n, with_frames_when_seen;
};

static uint64_t frames_sig(const struct session_sample *ss)
{
	uint64_t h = 1469598103934665603ull ^ ss->nr_frames;

	for (unsigned int i = 0; i < ss->nr_frames; i++) {
		const struct session_frame *f = &ss->frames[i];

		h = (h ^ (uintptr_t)f->sym_name ^ f->addr ^ (uintptr_t)f->dso) * 1099511628211ull;
	}
	if (ss->ip_frame)
		h = (h ^ (uintptr_t)ss->ip_frame->sym_name ^ ss->ip_frame->addr) *
		    1099511628211ull;
	return h;
}

static int reuse_cb(struct session *s, const struct session_sample *ss, void *arg)
{
	struct reuse *r = arg;

	if (r->n >= REUSE_MAX)
		return 0;
	r->id[r->n] = ss->chain_id;
	r->seen[r->n] = ss->chain_seen;
	if (ss->chain_seen && (ss->frames || ss->nr_frames || ss->ip_frame))
		r->with_frames_when_seen++;
	r->sig[r->n] = ss->chain_seen ? 0 : frames_sig(ss);
	r->n++;
	return 0;
}

static void test_reuse(void **state)
{
	static struct reuse a, b;
	const char *top = getenv("TOP");
	char file[512];
	struct session_opts o = { .path = file };
	struct session *s;
	size_t repeats = 0;

	snprintf(file, sizeof(file), "%s/tests/data/cpuclock-g.data", top ? top : ".");
	s = session_open(&o, NULL);
	assert_non_null(s);
	assert_int_equal(session_for_each_sample(s, SESSION_CALLCHAIN | SESSION_REUSE,
						 reuse_cb, &a), 0);
	assert_int_equal(session_for_each_sample(s, SESSION_CALLCHAIN, reuse_cb, &b), 0);
	if (a.n != b.n || a.n < 50)
		fail_msg("%zu and %zu samples", a.n, b.n);
	assert_int_equal(a.with_frames_when_seen, 0);
	for (size_t i = 0; i < a.n; i++) {
		assert_false(b.seen[i]);
		assert_int_equal(b.id[i], 0);
		if (!a.id[i])
			continue;
		/* the first sample of each id has its frames */
		for (size_t j = 0; j < i; j++) {
			if (a.id[j] != a.id[i])
				continue;
			assert_true(a.seen[i]);
			assert_true(b.sig[i] == b.sig[j]);
			repeats++;
			break;
		}
	}
	assert_true(repeats > 0);
	session_free(s);
}

static void test_open_errors(void **state)
{
	struct session_opts o = { .path = "/nonexistent/perf.data" };
	struct strbuf err = STRBUF_INIT;

	assert_null(session_open(&o, &err));
	assert_int_equal(errno, ENOENT);
	assert_string_equal(err.buf, "cannot open '/nonexistent/perf.data': No such file or directory");
	assert_null(session_open(&o, NULL));
	assert_int_equal(errno, ENOENT);
	/* the reader's message, appended to what @err holds */
	o.path = "/dev/null";
	strbuf_reset(&err);
	strbuf_addstr(&err, "before: ");
	assert_null(session_open(&o, &err));
	assert_string_equal(err.buf, "before: /dev/null: no data (empty input)");
	assert_null(session_open(&o, NULL));
	strbuf_release(&err);
	session_free(NULL);
}

static void test_srcline_fallback(void **state)
{
	struct session_frame f = { 0 };
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(session_srcline(NULL, &f, &sb), -ENOENT);
	assert_string_equal(sb.buf, "[unknown]");
	strbuf_release(&sb);
}

/* ---- off-CPU: sched_switch switch-outs paired with switch-ins ---- */

#define OC_TP_ID 316
#define OC_ST (PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID | \
	       PERF_SAMPLE_TIME | PERF_SAMPLE_PERIOD)

static char oc_path[] = "/tmp/ptool-test-offcpu.XXXXXX";
static char oc_tfs[] = "/tmp/ptool-test-offcpu-tfs.XXXXXX";
static struct perf_event_attr oc_attr[2];

static void put_file(const char *dir, const char *rel, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* a sched_switch of @tid at @time with prev_state @state */
static void oc_switch_out(struct pdata_writer *w, uint32_t tid, uint64_t time,
			  uint64_t state)
{
	unsigned char raw[16] = { 0 };
	uint64_t cc[3] = { (uint64_t)-512, 0x1234, 0x5678 };
	struct sample s = { 0 };
	uint16_t type = OC_TP_ID;

	memcpy(raw, &type, 2);
	memcpy(raw + 8, &state, 8);
	s.ip = 0x1234;
	s.pid = s.tid = tid;
	s.time = time;
	s.period = 1;
	s.id = 2;
	s.callchain_nr = 3;
	s.callchain = cc;
	s.raw = raw;
	s.raw_size = sizeof(raw);
	assert_int_equal(pdata_write_sample(w, 1, PERF_RECORD_MISC_KERNEL, &s), 0);
}

/* PERF_RECORD_SWITCH of @tid at @time (in, or out with @misc) */
static void oc_switch_rec(struct pdata_writer *w, uint32_t tid, uint64_t time,
			  uint16_t misc)
{
	struct { struct perf_event_header h; uint64_t body[8]; } r = { 0 };
	struct sample id = { 0 };
	long n;

	id.pid = id.tid = tid;
	id.time = time;
	id.id = 2;
	n = sample_synth(&oc_attr[1], &id, true, r.body, sizeof(r.body));
	assert_true(n > 0);
	r.h.type = PERF_RECORD_SWITCH;
	r.h.misc = misc;
	r.h.size = (uint16_t)(sizeof(r.h) + (size_t)n);
	assert_int_equal(pdata_write_record(w, &r.h), 0);
}

static void oc_cpu_sample(struct pdata_writer *w, uint32_t tid, uint64_t time)
{
	struct sample s = { 0 };

	s.ip = 0x1234;
	s.pid = s.tid = tid;
	s.time = time;
	s.period = 1000;
	s.id = 1;
	assert_int_equal(pdata_write_sample(w, 0, PERF_RECORD_MISC_USER, &s), 0);
}

static int oc_setup(void **state)
{
	struct pdata_writer *w;
	uint64_t id1 = 1, id2 = 2;
	char d[512];
	int fd = mkstemp(oc_path);

	assert_true(fd >= 0);
	assert_non_null(mkdtemp(oc_tfs));
	snprintf(d, sizeof(d), "%s/events", oc_tfs);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/events/sched", oc_tfs);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/events/sched/sched_switch", oc_tfs);
	mkdir(d, 0755);
	put_file(oc_tfs, "events/sched/sched_switch/format",
		 "name: sched_switch\nID: 316\nformat:\n"
		 "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		 "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
		 "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
		 "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
		 "\tfield:long prev_state;\toffset:8;\tsize:8;\tsigned:1;\n\n"
		 "print fmt: \"prev_state=%ld\", REC->prev_state\n");
	put_file(oc_tfs, "events/header_page", "hp\n");
	put_file(oc_tfs, "events/header_event", "he\n");

	oc_attr[0].size = oc_attr[1].size = sizeof(oc_attr[0]);
	oc_attr[0].type = PERF_TYPE_SOFTWARE;
	oc_attr[0].config = PERF_COUNT_SW_CPU_CLOCK;
	oc_attr[0].sample_period = 1000;
	oc_attr[0].sample_type = OC_ST;
	oc_attr[0].sample_id_all = 1;
	oc_attr[1].type = PERF_TYPE_TRACEPOINT;
	oc_attr[1].config = OC_TP_ID;
	oc_attr[1].sample_period = 1;
	oc_attr[1].sample_type = OC_ST | PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_RAW;
	oc_attr[1].sample_id_all = 1;
	oc_attr[1].context_switch = 1;
	w = pdata_writer_new(fd, 0);
	assert_non_null(w);
	assert_int_equal(pdata_writer_add_attr(w, &oc_attr[0], "cpu-clock", &id1, 1), 0);
	assert_true(pdata_writer_add_attr(w, &oc_attr[1], "sched:sched_switch", &id2, 1) >= 0);
	assert_int_equal(pdata_write_comm(w, 50, 50, "w", false, at(50, 1)), 0);
	/* S at 100, in at 350: 250 ns off-CPU */
	oc_switch_out(w, 50, 100, 1);
	oc_switch_rec(w, 50, 110, PERF_RECORD_MISC_SWITCH_OUT);
	oc_switch_rec(w, 50, 350, 0);
	/* preempted (R) at 400: runnable, not blocked */
	oc_switch_out(w, 50, 400, 0);
	oc_switch_rec(w, 50, 450, 0);
	/* D at 500, no switch-in record: the next sample at 900 ends it */
	oc_switch_out(w, 50, 500, 2);
	oc_cpu_sample(w, 50, 900);
	/* another task's switch-in does not end tid 50's span */
	oc_switch_out(w, 50, 1000, 1);
	oc_switch_rec(w, 60, 1100, 0);
	oc_switch_rec(w, 50, 1300, 0);
	/* still blocked at the end: nothing */
	oc_switch_out(w, 50, 2000, 1);
	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	close(fd);
	sysroots_set(&(struct sysroots){ .tracefs = oc_tfs });
	return 0;
}

static int oc_teardown(void **state)
{
	char cmd[600];

	sysroots_set(NULL);
	unlink(oc_path);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", oc_tfs);
	assert_int_equal(system(cmd), 0);
	return 0;
}

struct oc_seen {
	int n, nr_off;
	uint64_t period[16], time[16];
	bool off[16];
	int idx[16];
};

static int oc_collect(struct session *s, const struct session_sample *ss, void *arg)
{
	struct oc_seen *v = arg;
	int i = v->n++;

	if (i >= 16)
		return 0;
	v->period[i] = ss->period;
	v->time[i] = ss->time;
	v->off[i] = ss->offcpu;
	v->idx[i] = ss->attr_idx;
	v->nr_off += ss->offcpu;
	return 0;
}

static void test_offcpu(void **state)
{
	struct session_opts so = { .path = oc_path };
	struct session *s = session_open(&so, NULL);
	struct oc_seen v = { 0 };

	assert_non_null(s);
	assert_int_equal(session_offcpu_event(s), 1);
	assert_int_equal(session_offcpu_wall(s), 0);
	assert_string_equal(session_offcpu_name(s, 1, true), "offcpu-time");
	assert_string_equal(session_offcpu_name(s, 0, true), "cpu-clock + offcpu-time");
	assert_string_equal(session_offcpu_name(s, 0, false), "cpu-clock");

	/* without SESSION_OFFCPU: the tracepoint samples as they are */
	assert_int_equal(session_for_each_sample(s, 0, oc_collect, &v), 0);
	assert_int_equal(v.n, 6);
	assert_int_equal(v.nr_off, 0);

	memset(&v, 0, sizeof(v));
	assert_int_equal(session_for_each_sample(s, SESSION_OFFCPU | SESSION_CALLCHAIN,
						 oc_collect, &v), 0);
	assert_int_equal(v.n, 4);
	assert_true(v.off[0] && v.idx[0] == 1);
	assert_int_equal(v.period[0], 250);
	assert_int_equal(v.time[0], 100);
	/* the D span ends at the task's next sample, delivered before it */
	assert_true(v.off[1]);
	assert_int_equal(v.period[1], 400);
	assert_int_equal(v.time[1], 500);
	assert_false(v.off[2]);
	assert_int_equal(v.idx[2], 0);
	assert_int_equal(v.period[2], 1000);
	assert_true(v.off[3]);
	assert_int_equal(v.period[3], 300);
	assert_int_equal(session_stats(s)->period[1], 950);
	session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_process_model),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_srcline_fallback),
		cmocka_unit_test_setup_teardown(test_offcpu, oc_setup, oc_teardown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
