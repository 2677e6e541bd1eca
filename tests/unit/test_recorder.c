// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/pdata.h"
#include "ptool/recorder.h"
#include "ptool/sysroots.h"
#include "ptool/tracing.h"

#define SIZE 4096
#define TYPE (PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME)

static char dir[64];
static const uint64_t one_id = 7;

static int setup(void **state)
{
	strcpy(dir, "/tmp/ptool-recorder.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* a fake kernel writing records into a memory ring */
struct fake {
	struct perf_event_mmap_page meta;
	unsigned char data[SIZE];
	uint64_t head;
};

static void put(struct fake *f, const void *rec)
{
	const struct perf_event_header *h = rec;

	for (uint16_t i = 0; i < h->size; i++)
		f->data[(f->head + i) % SIZE] = ((const unsigned char *)rec)[i];
	f->head += h->size;
	f->meta.data_head = f->head;
}

static void put_sample(struct fake *f, uint64_t ip, uint64_t time)
{
	struct {
		struct perf_event_header h;
		uint64_t ip;
		uint32_t pid, tid;
		uint64_t time;
	} s = { { PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER, sizeof(s) },
		ip, 42, 42, time };

	put(f, &s);
}

static void put_lost(struct fake *f, uint64_t n)
{
	struct {
		struct perf_event_header h;
		uint64_t id, lost;
		uint32_t pid, tid;	/* the sample_id trailer */
		uint64_t time;
	} l = { { PERF_RECORD_LOST, 0, sizeof(l) }, 0, n, 42, 42, 5 };

	put(f, &l);
}

/* an MMAP2 record of @name whose device and inode are those of @like */
static void put_mmap2(struct fake *f, const char *name, bool exec,
		      const char *like)
{
	unsigned char buf[512] = { 0 };
	struct perf_event_header h = { PERF_RECORD_MMAP2,
		PERF_RECORD_MISC_USER | (exec ? 0 : PERF_RECORD_MISC_MMAP_DATA), 0 };
	size_t off = 8 + 8 + 24 + 24 + 8, len = (strlen(name) + 8) & ~7ul;
	struct stat st = { 0 };
	uint32_t mm[2];
	uint64_t ino;

	if (like)
		assert_int_equal(stat(like, &st), 0);
	mm[0] = major(st.st_dev);
	mm[1] = minor(st.st_dev);
	ino = st.st_ino;
	h.size = (uint16_t)(off + len + 16);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + 40, mm, 8);
	memcpy(buf + 48, &ino, 8);
	strcpy((char *)buf + off, name);
	put(f, buf);
}

struct counts {
	uint64_t by_type[PDATA_RECORD_HEADER_MAX];
	uint64_t last_time;
	int unordered;
};

static int count_fn(struct pdata *p, const struct pdata_event *ev, void *arg)
{
	struct counts *c = arg;

	if (ev->rec->type < PDATA_RECORD_HEADER_MAX)
		c->by_type[ev->rec->type]++;
	return 0;
}

static void test_drain(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct perf_event_attr attr = {
		.size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
		.sample_type = TYPE, .sample_period = 1000, .sample_id_all = 1,
	};
	char path[128];
	struct pdata_writer *w;
	struct recorder *rc;
	const struct recorder_stats *st;
	struct pdata *p;
	struct counts c = { { 0 } };
	const char *dso;
	size_t it = 0;
	int fd, ndso = 0;
	bool saw_lib = false;
	char self[4096];
	ssize_t sl = readlink("/proc/self/exe", self, sizeof(self) - 1);

	assert_true(sl > 0);
	self[sl] = '\0';

	/* start near the end so that records wrap */
	f->head = f->meta.data_head = f->meta.data_tail = SIZE - 40;
	snprintf(path, sizeof(path), "%s/d.data", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	w = pdata_writer_new(fd, 0);
	assert_non_null(w);
	assert_true(pdata_writer_add_attr(w, &attr, "cpu-clock", &one_id, 1) >= 0);
	rc = recorder_new(NULL, TYPE);
	recorder_set_writer(rc, w);
	recorder_add_ring(rc, ring_new_mem(&f->meta, f->data, SIZE));

	/* an empty round writes nothing, not even FINISHED_ROUND */
	assert_int_equal(recorder_drain(rc), 0);

	put_sample(f, 0x1000, 300);
	put_mmap2(f, self, true, self);
	put_mmap2(f, self, true, self);			/* counted once */
	put_mmap2(f, "/bin/sh", true, self);		/* another file now */
	put_mmap2(f, "/data/file", false, NULL);	/* data: not a dso */
	put_mmap2(f, "[vdso]", true, NULL);		/* not a file */
	put_sample(f, 0x1004, 100);
	put_lost(f, 7);
	assert_int_equal(recorder_drain(rc), 8);
	put_sample(f, 0x1008, 500);
	put_lost(f, 3);
	assert_int_equal(recorder_drain(rc), 2);
	assert_int_equal(f->meta.data_tail, f->head);

	/* a synthesized process goes through the same writer */
	{
		struct synth_map m = { .start = 0x400000, .len = 0x1000,
				       .prot = PROT_READ | PROT_EXEC,
				       .flags = MAP_PRIVATE, .exec = true,
				       .filename = "/usr/bin/app", .ino = 1 };
		const struct synth_ops *ops = recorder_synth_ops();

		assert_int_equal(ops->comm(rc, 42, 42, "app"), 0);
		assert_int_equal(ops->fork(rc, 42, 1, 42, 1), 0);
		assert_int_equal(ops->mmap(rc, 42, 42, &m), 0);
	}

	st = recorder_stats(rc);
	assert_int_equal(st->events, 10);
	assert_int_equal(st->samples, 3);
	assert_int_equal(st->lost_chunks, 2);
	assert_int_equal(st->lost, 10);
	assert_int_equal(st->first_time, 100);
	assert_int_equal(st->last_time, 500);
	/* only the file that is still the one mapped */
	while ((dso = recorder_dso(rc, &it))) {
		ndso++;
		saw_lib |= !strcmp(dso, self);
	}
	assert_int_equal(ndso, 1);
	assert_true(saw_lib);

	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	recorder_free(rc);
	close(fd);

	/* the file holds what was drained, with a FINISHED_ROUND per round */
	p = pdata_open(path, NULL);
	assert_non_null(p);
	assert_int_equal(pdata_for_each_event(p, 0, count_fn, &c), 0);
	assert_int_equal(c.by_type[PERF_RECORD_SAMPLE], 3);
	assert_int_equal(c.by_type[PERF_RECORD_LOST], 2);
	assert_int_equal(c.by_type[PERF_RECORD_MMAP2], 6);
	assert_int_equal(c.by_type[PERF_RECORD_COMM], 1);
	assert_int_equal(c.by_type[PERF_RECORD_FORK], 1);
	assert_int_equal(c.by_type[PDATA_RECORD_FINISHED_ROUND], 2);
	pdata_close(p);
	free(f);
}

static void test_corrupt(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct perf_event_header bad = { PERF_RECORD_SAMPLE, 0, 8 };
	char path[128];
	int fd;
	struct pdata_writer *w;
	struct recorder *rc;
	struct perf_event_attr attr = { .size = sizeof(attr), .sample_type = TYPE };

	snprintf(path, sizeof(path), "%s/c.data", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	w = pdata_writer_new(fd, 0);
	assert_true(pdata_writer_add_attr(w, &attr, NULL, &one_id, 1) >= 0);
	rc = recorder_new(w, TYPE);
	recorder_add_ring(rc, ring_new_mem(&f->meta, f->data, SIZE));
	put_sample(f, 1, 1);
	put(f, &bad);
	f->data[(f->head - 2) % SIZE] = 2;	/* size 2: impossible */
	f->data[(f->head - 1) % SIZE] = 0;
	assert_int_equal(recorder_drain(rc), -EBADMSG);
	recorder_free(rc);
	pdata_writer_free(w);
	close(fd);
	free(f);
}

static void test_kernel_map(void **state)
{
	char proc[128], path[160];
	struct perf_event_attr attr = { .size = sizeof(attr), .sample_type = TYPE,
					.sample_id_all = 1 };
	struct pdata_writer *w;
	struct recorder *rc;
	struct counts c = { { 0 } };
	struct pdata *p;
	FILE *fk;
	int fd;

	snprintf(proc, sizeof(proc), "%s/proc", dir);
	mkdir(proc, 0755);
	snprintf(path, sizeof(path), "%s/kallsyms", proc);
	fk = fopen(path, "w");
	fputs("ffffffff81000000 T _text\nffffffff82000000 T _etext\n", fk);
	fclose(fk);
	snprintf(path, sizeof(path), "%s/k.data", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	w = pdata_writer_new(fd, 0);
	assert_true(pdata_writer_add_attr(w, &attr, NULL, &one_id, 1) >= 0);
	rc = recorder_new(w, TYPE);
	assert_int_equal(recorder_kernel_map(rc, proc), 0);
	assert_int_equal(recorder_kernel_map(rc, "/nonexistent"), -ENOENT);
	assert_int_equal(pdata_writer_finish(w), 0);
	recorder_free(rc);
	pdata_writer_free(w);
	close(fd);
	p = pdata_open(path, NULL);
	assert_non_null(p);
	assert_int_equal(pdata_for_each_event(p, 0, count_fn, &c), 0);
	assert_int_equal(c.by_type[PERF_RECORD_MMAP], 1);
	pdata_close(p);
}

/* the fd's read(2) is faked with a pipe holding { value, id, lost } */
static void test_read_lost(void **state)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr), .sample_type = TYPE | PERF_SAMPLE_IDENTIFIER,
		.sample_id_all = 1, .read_format = PERF_FORMAT_ID | PERF_FORMAT_LOST,
	};
	uint64_t vals[3] = { 1000, 77, 12 };
	char path[128];
	struct counts c = { { 0 } };
	struct pdata_writer *w;
	struct recorder *rc;
	struct pdata *p;
	int fd, pfd[2];

	snprintf(path, sizeof(path), "%s/l.data", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	w = pdata_writer_new(fd, 0);
	assert_true(pdata_writer_add_attr(w, &attr, NULL, &vals[1], 1) >= 0);
	rc = recorder_new(w, attr.sample_type);

	assert_int_equal(pipe(pfd), 0);
	assert_int_equal(write(pfd[1], vals, sizeof(vals)), sizeof(vals));
	assert_int_equal(recorder_read_lost(rc, &attr, pfd[0], 77), 12);
	vals[2] = 0;	/* nothing lost: no record */
	assert_int_equal(write(pfd[1], vals, sizeof(vals)), sizeof(vals));
	assert_int_equal(recorder_read_lost(rc, &attr, pfd[0], 77), 0);
	assert_int_equal(write(pfd[1], vals, 8), 8);	/* short read */
	assert_int_equal(recorder_read_lost(rc, &attr, pfd[0], 77), -EIO);
	attr.read_format = PERF_FORMAT_ID;	/* no lost counts: not read */
	assert_int_equal(recorder_read_lost(rc, &attr, -1, 77), 0);
	close(pfd[0]);
	close(pfd[1]);

	assert_int_equal(pdata_writer_finish(w), 0);
	recorder_free(rc);
	pdata_writer_free(w);
	close(fd);
	p = pdata_open(path, NULL);
	assert_non_null(p);
	assert_int_equal(pdata_for_each_event(p, 0, count_fn, &c), 0);
	assert_int_equal(c.by_type[PERF_RECORD_LOST_SAMPLES], 1);
	assert_int_equal(pdata_stats(p)->total_lost_samples, 12);
	pdata_close(p);
}

static void put_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* the tracepoints of an evlist end up in the file's TRACING_DATA */
static void test_tracing_data(void **state)
{
	static const char fmt[] = "name: sys_enter_write\nID: 700\nformat:\n";
	struct perf_event_attr attr = { .size = sizeof(attr),
					.type = PERF_TYPE_TRACEPOINT, .config = 700,
					.sample_type = TYPE };
	char root[160], path[200];
	struct evlist *el = evlist_new();
	struct evsel *e = evsel_new(&attr, "syscalls:sys_enter_write",
				    EVSEL_TRACEPOINT);
	struct tracing_data *td;
	struct pdata_writer *w;
	struct recorder *rc;
	const void *blob;
	size_t len;
	struct pdata *p;
	int fd;

	snprintf(root, sizeof(root), "%s/tracefs", dir);
	mkdir(root, 0755);
	snprintf(path, sizeof(path), "%s/events", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/syscalls", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/syscalls/sys_enter_write", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/syscalls/sys_enter_write/format", root);
	put_text(path, fmt);
	snprintf(path, sizeof(path), "%s/events/header_page", root);
	put_text(path, "hp\n");
	snprintf(path, sizeof(path), "%s/events/header_event", root);
	put_text(path, "he\n");
	sysroots_set(&(struct sysroots){ .tracefs = root });

	e->tp_sys = strdup("syscalls");
	e->tp_name = strdup("sys_enter_write");
	evlist_add(el, e);
	snprintf(path, sizeof(path), "%s/t.data", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	w = pdata_writer_new(fd, 0);
	assert_true(pdata_writer_add_attr(w, &attr, e->name, &one_id, 1) >= 0);
	rc = recorder_new(w, TYPE);
	assert_int_equal(recorder_tracing_data(rc, el), 0);
	assert_int_equal(pdata_writer_finish(w), 0);
	recorder_free(rc);
	pdata_writer_free(w);
	close(fd);
	sysroots_set(NULL);

	p = pdata_open(path, NULL);
	assert_non_null(p);
	assert_true(pdata_has_feat(p, PDATA_FEAT_TRACING_DATA));
	assert_int_equal(pdata_tracing_data(p, &blob, &len), 0);
	td = tracing_data_parse(blob, len);
	assert_non_null(td);
	assert_non_null(tracing_data_find(td, "syscalls", "sys_enter_write"));
	assert_int_equal(tracing_data_find_id(td, 700)->format_len, strlen(fmt));
	tracing_data_free(td);
	pdata_close(p);
	evlist_free(el);
}

static void test_create_file(void **state)
{
	char path[128], old[160], target[160], buf[16] = { 0 };
	struct strbuf failed = STRBUF_INIT;
	struct stat st;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/out.data", dir);
	snprintf(old, sizeof(old), "%s.old", path);
	snprintf(target, sizeof(target), "%s/victim", dir);

	fd = recorder_create_file(path, &failed);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(write(fd, "one", 3), 3);
	close(fd);

	/* the previous file becomes .old */
	fd = recorder_create_file(path, &failed);
	assert_true(fd >= 0);
	close(fd);
	f = fopen(old, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "one");

	/* an empty file is simply replaced: .old keeps the last real data */
	fd = recorder_create_file(path, &failed);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(stat(old, &st), 0);
	assert_int_equal(st.st_size, 3);

	/* a symlink is moved away, never written through */
	unlink(path);
	f = fopen(target, "w");
	fputs("keep", f);
	fclose(f);
	assert_int_equal(symlink(target, path), 0);
	fd = recorder_create_file(path, &failed);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "new", 3), 3);
	close(fd);
	assert_int_equal(lstat(old, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	f = fopen(target, "r");
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "keep");

	snprintf(path, sizeof(path), "%s/no/such/dir/x.data", dir);
	assert_int_equal(failed.len, 0);
	assert_int_equal(recorder_create_file(path, &failed), -ENOENT);
	assert_non_null(strstr(failed.buf, "cannot create '"));
	assert_non_null(strstr(failed.buf, "/no/such/dir/x.data': No such file or directory"));
	strbuf_release(&failed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drain),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_kernel_map),
		cmocka_unit_test(test_read_lost),
		cmocka_unit_test(test_tracing_data),
		cmocka_unit_test(test_create_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
