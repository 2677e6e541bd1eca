// SPDX-License-Identifier: GPL-2.0
#include "ptool/synth.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ptool/msg.h"
#include "ptool/strbuf.h"

static const char *proc_root(const struct synth *s)
{
	return s->proc ? s->proc : "/proc";
}

/*
 * The kernel's COMM records carry task->comm, TASK_COMM_LEN (16) bytes
 * with the NUL; /proc can say more (a workqueue worker's
 * "kworker/u8:0-ext4-rsv-conversion"), and perf cuts it to fit.
 */
#define TASK_COMM_LEN 16

/* what /proc/<dir>/status says about a thread */
struct task_info {
	pid_t tgid, ppid;
	bool kernel;		/* no memory map: a kernel thread */
	char comm[TASK_COMM_LEN];
};

static int read_task(const char *dir, struct task_info *ti)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	char *line, *save = NULL;
	bool have_tgid = false, have_vm = false;
	long n;

	memset(ti, 0, sizeof(*ti));
	strbuf_addf(&path, "%s/status", dir);
	n = strbuf_read_file(&sb, path.buf, 1024);
	if (n < 0)
		goto out;
	for (line = strtok_r(sb.buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "Name:", 5)) {
			const char *v = line + 5;

			while (*v == ' ' || *v == '\t')
				v++;
			snprintf(ti->comm, sizeof(ti->comm), "%s", v);
		} else if (!strncmp(line, "Tgid:", 5)) {
			ti->tgid = (pid_t)strtol(line + 5, NULL, 10);
			have_tgid = true;
		} else if (!strncmp(line, "PPid:", 5)) {
			ti->ppid = (pid_t)strtol(line + 5, NULL, 10);
		} else if (!strncmp(line, "VmSize:", 7)) {
			have_vm = true;
		}
	}
	ti->kernel = !have_vm;
	if (!have_tgid) {
		n = -EINVAL;
		goto out;
	}
	/* comm has the name unescaped (status escapes '\n' and '\\') */
	strbuf_reset(&sb);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/comm", dir);
	if (strbuf_read_file(&sb, path.buf, 64) > 0) {
		strbuf_rtrim(&sb);
		if (sb.len && sb.buf[sb.len - 1] == '\n')
			strbuf_setlen(&sb, sb.len - 1);
		snprintf(ti->comm, sizeof(ti->comm), "%s", sb.buf);
	}
	n = 0;
out:
	strbuf_release(&sb);
	strbuf_release(&path);
	return (int)n;
}

int synth_parse_maps_line(char *line, struct synth_map *m)
{
	char perms[8];
	unsigned long long start, end, pgoff, ino;
	unsigned int maj, min;
	int name_at = -1;

	memset(m, 0, sizeof(*m));
	if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &start, &end,
		   perms, &pgoff, &maj, &min, &ino, &name_at) < 7 ||
	    end < start || strlen(perms) < 4)
		return -EINVAL;
	if (name_at < 0)
		name_at = (int)strlen(line);
	m->start = start;
	m->len = end - start;
	m->pgoff = pgoff;
	m->maj = maj;
	m->min = min;
	m->ino = ino;
	if (perms[0] == 'r')
		m->prot |= PROT_READ;
	if (perms[1] == 'w')
		m->prot |= PROT_WRITE;
	if (perms[2] == 'x')
		m->prot |= PROT_EXEC;
	m->exec = m->prot & PROT_EXEC;
	m->flags = perms[3] == 's' ? MAP_SHARED : MAP_PRIVATE;
	m->filename = line + name_at;
	while (*m->filename == ' ')
		m->filename++;
	if (!*m->filename)
		m->filename = "//anon";
	return 0;
}

static int synth_maps(const struct synth *s, pid_t pid,
		      struct synth_counts *counts)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	char *line, *next;
	int err = 0;
	long n;

	if (!s->ops->mmap)
		return 0;
	strbuf_addf(&path, "%s/%d/maps", proc_root(s), (int)pid);
	n = strbuf_read_file(&sb, path.buf, 16384);
	if (n < 0) {
		/* the process may be gone: its samples will be few */
		pr_debug("synth: cannot read %s: %s", path.buf, strerror((int)-n));
		goto out;
	}
	for (line = sb.buf; line && *line; line = next) {
		struct synth_map m;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (synth_parse_maps_line(line, &m)) {
			pr_debug("synth: %s: cannot parse '%s'", path.buf, line);
			continue;
		}
		if (!m.exec && !s->mmap_data)
			continue;
		err = s->ops->mmap(s->arg, pid, pid, &m);
		if (err)
			break;
		if (counts)
			counts->maps++;
	}
out:
	strbuf_release(&sb);
	strbuf_release(&path);
	return err;
}

int synth_threads(const struct synth *s, const pid_t *tids, int nr,
		  struct synth_counts *counts)
{
	pid_t *done = NULL;
	int nr_done = 0, alloc = 0, err = 0;

	for (int i = 0; i < nr && !err; i++) {
		struct task_info ti;
		char dir[4096];
		bool seen = false;

		snprintf(dir, sizeof(dir), "%s/%d", proc_root(s), (int)tids[i]);
		if (read_task(dir, &ti)) {
			pr_debug("synth: thread %d is gone", (int)tids[i]);
			continue;
		}
		if (s->ops->comm)
			err = s->ops->comm(s->arg, ti.tgid, tids[i], ti.comm);
		if (err)
			break;
		if (counts)
			counts->threads++;
		for (int j = 0; j < nr_done; j++)
			seen |= done[j] == ti.tgid;
		if (seen || ti.kernel)
			continue;
		ALLOC_GROW(done, nr_done + 1, alloc);
		done[nr_done++] = ti.tgid;
		if (counts)
			counts->procs++;
		err = synth_maps(s, ti.tgid, counts);
	}
	free(done);
	return err;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* fork + comm for each thread of @pid, then its mappings */
static int synth_process(const struct synth *s, pid_t pid,
			 struct synth_counts *counts)
{
	char dir[4096];
	struct dirent *de;
	bool kernel = true;
	DIR *d;
	int err = 0;

	snprintf(dir, sizeof(dir), "%s/%d/task", proc_root(s), (int)pid);
	d = opendir(dir);
	if (!d)
		return 0;	/* gone */
	while ((de = readdir(d))) {
		struct task_info ti;
		char tdir[4096 + 512];
		pid_t tid;

		if (!all_digits(de->d_name))
			continue;
		tid = (pid_t)strtol(de->d_name, NULL, 10);
		snprintf(tdir, sizeof(tdir), "%s/%s", dir, de->d_name);
		if (read_task(tdir, &ti))
			continue;
		if (tid == pid)
			kernel = ti.kernel;
		/*
		 * perf's rule: the main thread's parent is its PPid, other
		 * threads are taken to be spawned by the main thread
		 */
		if (s->ops->fork) {
			pid_t parent = tid == ti.tgid ? ti.ppid : ti.tgid;

			err = s->ops->fork(s->arg, ti.tgid, parent, tid, parent);
			if (err)
				break;
		}
		if (s->ops->comm) {
			err = s->ops->comm(s->arg, ti.tgid, tid, ti.comm);
			if (err)
				break;
		}
		if (counts)
			counts->threads++;
	}
	closedir(d);
	if (err)
		return err;
	if (counts)
		counts->procs++;
	if (!kernel)
		err = synth_maps(s, pid, counts);
	return err;
}

int synth_all(const struct synth *s, struct synth_counts *counts)
{
	struct dirent *de;
	DIR *d = opendir(proc_root(s));
	int err = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d)) && !err) {
		if (!all_digits(de->d_name))
			continue;
		err = synth_process(s, (pid_t)strtol(de->d_name, NULL, 10),
				    counts);
	}
	closedir(d);
	return err;
}

int synth_kernel_map(const char *proc, uint64_t *start, uint64_t *end)
{
	char path[4096], line[512];
	uint64_t text = 0, etext = 0, highest = 0;
	bool have_text = false, zero = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/kallsyms", proc ? proc : "/proc");
	f = fopen(path, "re");
	if (!f)
		return -errno;
	/* /proc files say 1 KiB blocks: read the ~10 MB in larger steps */
	setvbuf(f, NULL, _IOFBF, 1 << 18);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, *name, *p;

		/* "ffffffff81000000 T _text\n", module symbols add "\t[mod]" */
		addr = strtoull(line, &p, 16);
		if (p == line || p[0] != ' ' || !p[1] || p[2] != ' ')
			continue;
		type = p[1];
		name = p + 3;
		p = name + strcspn(name, "\t\n");
		if (*p == '\t')
			break;	/* modules come last and are not kernel text */
		*p = '\0';
		if (!strcmp(name, "_text")) {
			text = addr;
			have_text = true;
			zero = !addr;
		} else if (!strcmp(name, "_etext")) {
			etext = addr;
		}
		if ((type == 't' || type == 'T') && addr > highest)
			highest = addr;
	}
	fclose(f);
	if (!have_text)
		return -ENOENT;
	if (zero)
		return -EPERM;
	*start = text;
	*end = etext > text ? etext : (highest > text ? highest : text);
	return 0;
}
