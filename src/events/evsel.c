// SPDX-License-Identifier: GPL-2.0
#include "ptool/evsel.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ptool/attrfmt.h"
#include "ptool/msg.h"
#include "ptool/readall.h"
#include "ptool/sample.h"
#include "ptool/strbuf.h"
#include "ptool/sysroots.h"

struct evsel *evsel_new(const struct perf_event_attr *attr, const char *name,
			enum evsel_kind kind)
{
	struct evsel *e = xcalloc(1, sizeof(*e));

	e->attr = *attr;
	e->attr.size = sizeof(e->attr);
	e->name = xstrdup(name);
	e->kind = kind;
	e->leader = e;
	e->nr_members = 1;
	return e;
}

void evsel_free(struct evsel *evsel)
{
	if (!evsel)
		return;
	evsel_close(evsel);
	free(evsel->name);
	free(evsel->orig_name);
	free(evsel->tp_sys);
	free(evsel->tp_name);
	free(evsel->filter);
	free(evsel);
}

bool evsel_is_leader(const struct evsel *evsel)
{
	return evsel->leader == evsel;
}

static void alloc_fds(struct evsel *e, int ncpu, int nthr)
{
	size_t n = (size_t)ncpu * (size_t)nthr;

	e->nr_cpus = ncpu;
	e->nr_threads = nthr;
	e->fd = xmalloc(n * sizeof(*e->fd));
	e->id = xcalloc(n, sizeof(*e->id));
	for (size_t i = 0; i < n; i++)
		e->fd[i] = -1;
}

static int open_one(struct evsel *e, int slot, pid_t pid, int cpu,
		    unsigned long flags)
{
	int group_fd = -1, fd;
	struct perf_event_attr attr = e->attr;
	uint64_t id = 0;

	if (!evsel_is_leader(e)) {
		if (!e->leader->fd || e->leader->nr_cpus != e->nr_cpus ||
		    e->leader->nr_threads != e->nr_threads)
			return -EINVAL;
		group_fd = e->leader->fd[slot];
		if (group_fd < 0 && e->ignore_missing_thread)
			return 0;	/* its thread was gone */
		/* members follow their leader's enable state */
		attr.disabled = 0;
		attr.enable_on_exec = 0;
	}
	if (e->precise_max && !attr.precise_ip)
		attr.precise_ip = 3;
	for (;;) {
		fd = sys_perf_event_open(&attr, pid, cpu, group_fd,
					 flags | PERF_FLAG_FD_CLOEXEC);
		if (fd >= 0)
			break;
		/* :P asks for the most precise level the PMU takes */
		if (e->precise_max && attr.precise_ip > 0 &&
		    (errno == EINVAL || errno == EOPNOTSUPP)) {
			attr.precise_ip--;
			continue;
		}
		return -errno;
	}
	if (e->precise_max)
		e->attr.precise_ip = attr.precise_ip;
	pr_debug2("sys_perf_event_open: pid %d  cpu %d  group_fd %d  flags %#lx = %d",
		  (int)pid, cpu, group_fd, flags | PERF_FLAG_FD_CLOEXEC, fd);
	if (!ioctl(fd, PERF_EVENT_IOC_ID, &id))
		e->id[slot] = id;
	e->fd[slot] = fd;
	if (e->filter && ioctl(fd, PERF_EVENT_IOC_SET_FILTER, e->filter)) {
		e->filter_failed = true;
		return -errno;
	}
	return 0;
}

static int open_maps(struct evsel *evsel, const struct cpumap *cpus,
		     const struct threadmap *threads, int cgroup_fd)
{
	int err = 0;

	evsel_close(evsel);
	evsel->filter_failed = false;
	alloc_fds(evsel, cpus->nr, threads ? threads->nr : 1);
	for (int c = 0; c < cpus->nr && !err; c++) {
		for (int t = 0; t < evsel->nr_threads && !err; t++) {
			int slot = c * evsel->nr_threads + t;

			if (cgroup_fd >= 0)
				err = open_one(evsel, slot, cgroup_fd,
					       cpus->cpu[c], PERF_FLAG_PID_CGROUP);
			else
				err = open_one(evsel, slot, threads->tid[t],
					       cpus->cpu[c], 0);
			if (err == -ESRCH && evsel->ignore_missing_thread)
				err = 0;
		}
	}
	if (err) {
		evsel_close(evsel);
		evsel->open_err = err;
		return err;
	}
	evsel->open_err = 0;
	return 0;
}

int evsel_open(struct evsel *evsel, const struct cpumap *cpus,
	       const struct threadmap *threads)
{
	if (evsel->kind == EVSEL_TOOL)
		return evsel->open_err = -EOPNOTSUPP;
	return open_maps(evsel, cpus, threads, -1);
}

int evsel_open_cgroup(struct evsel *evsel, const struct cpumap *cpus,
		      int cgroup_fd)
{
	if (evsel->kind == EVSEL_TOOL)
		return evsel->open_err = -EOPNOTSUPP;
	if (cpus->nr < 1 || cpus->cpu[0] < 0)
		return evsel->open_err = -EINVAL;
	return open_maps(evsel, cpus, NULL, cgroup_fd);
}

void evsel_set_filter(struct evsel *evsel, const char *filter)
{
	free(evsel->filter);
	evsel->filter = filter ? xstrdup(filter) : NULL;
}

void evsel_close(struct evsel *evsel)
{
	size_t n = (size_t)evsel->nr_cpus * (size_t)evsel->nr_threads;

	if (evsel->fd) {
		for (size_t i = 0; i < n; i++)
			if (evsel->fd[i] >= 0)
				close(evsel->fd[i]);
	}
	free(evsel->fd);
	free(evsel->id);
	evsel->fd = NULL;
	evsel->id = NULL;
	evsel->nr_cpus = evsel->nr_threads = 0;
}

static bool in_range(const struct evsel *e, int c, int t)
{
	return e->fd && c >= 0 && c < e->nr_cpus && t >= 0 &&
	       t < e->nr_threads;
}

int evsel_fd(const struct evsel *evsel, int cpu_idx, int thread_idx)
{
	if (!in_range(evsel, cpu_idx, thread_idx))
		return -1;
	return evsel->fd[cpu_idx * evsel->nr_threads + thread_idx];
}

uint64_t evsel_id(const struct evsel *evsel, int cpu_idx, int thread_idx)
{
	if (!in_range(evsel, cpu_idx, thread_idx))
		return 0;
	return evsel->id[cpu_idx * evsel->nr_threads + thread_idx];
}

static int ioctl_all(struct evsel *evsel, unsigned long req)
{
	size_t n = (size_t)evsel->nr_cpus * (size_t)evsel->nr_threads;
	int err = 0;

	if (!evsel->fd)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (evsel->fd[i] >= 0 && ioctl(evsel->fd[i], req, 0) && !err)
			err = -errno;
	return err;
}

int evsel_enable(struct evsel *evsel)
{
	return ioctl_all(evsel, PERF_EVENT_IOC_ENABLE);
}

int evsel_disable(struct evsel *evsel)
{
	return ioctl_all(evsel, PERF_EVENT_IOC_DISABLE);
}

/* the u64 layout read(2) returns for @rf with one value (no GROUP) */
int evsel_read(struct evsel *evsel, int cpu_idx, int thread_idx,
	       struct evsel_count *count)
{
	uint64_t buf[8];
	uint64_t rf = evsel->attr.read_format;
	int fd = evsel_fd(evsel, cpu_idx, thread_idx), i = 1;
	ssize_t n;

	if (fd < 0)
		return -EBADF;
	if (rf & PERF_FORMAT_GROUP)
		return -EINVAL;
	n = read_once(fd, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (n < (ssize_t)sizeof(uint64_t))
		return -EIO;
	memset(count, 0, sizeof(*count));
	count->val = buf[0];
	if (rf & PERF_FORMAT_TOTAL_TIME_ENABLED)
		count->ena = buf[i++];
	if (rf & PERF_FORMAT_TOTAL_TIME_RUNNING)
		count->run = buf[i++];
	if ((size_t)n < i * sizeof(uint64_t))
		return -EIO;
	return 0;
}

int evsel_read_group(struct evsel *leader, int cpu_idx, int thread_idx,
		     struct evsel_count *counts)
{
	uint64_t rf = leader->attr.read_format;
	int fd = evsel_fd(leader, cpu_idx, thread_idx);
	size_t per = 1 + !!(rf & PERF_FORMAT_ID) + !!(rf & PERF_FORMAT_LOST);
	size_t words = 3 + (size_t)leader->nr_members * per;
	uint64_t *buf, ena = 0, run = 0, nr;
	size_t i = 1;
	ssize_t n;
	int err = 0;

	if (fd < 0)
		return -EBADF;
	if (!(rf & PERF_FORMAT_GROUP))
		return -EINVAL;
	buf = xcalloc(words, sizeof(*buf));
	n = read_once(fd, buf, words * sizeof(*buf));
	if (n < 0) {
		err = (int)n;
		goto out;
	}
	nr = buf[0];
	if (rf & PERF_FORMAT_TOTAL_TIME_ENABLED)
		ena = buf[i++];
	if (rf & PERF_FORMAT_TOTAL_TIME_RUNNING)
		run = buf[i++];
	if (nr != (uint64_t)leader->nr_members ||
	    (size_t)n < (i + nr * per) * sizeof(*buf)) {
		err = -EIO;
		goto out;
	}
	for (uint64_t k = 0; k < nr; k++) {
		counts[k].val = buf[i + k * per];
		counts[k].ena = ena;
		counts[k].run = run;
	}
out:
	free(buf);
	return err;
}

uint64_t evsel_count_scaled(const struct evsel_count *c, double *pct)
{
	if (pct)
		*pct = c->ena ? 100.0 * (double)c->run / (double)c->ena : 100.0;
	if (!c->ena || c->run == c->ena)
		return c->val;
	if (!c->run)
		return 0;
	return (uint64_t)((double)c->val * (double)c->ena / (double)c->run + 0.5);
}

int evsel_probe(uint32_t type, uint64_t config)
{
	struct perf_event_attr attr = { 0 };
	int fd;

	attr.size = sizeof(attr);
	attr.type = type;
	attr.config = config;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	fd = sys_perf_event_open(&attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

bool evsel_is_unsupported_err(int err)
{
	return err == -ENOENT || err == -EOPNOTSUPP || err == -ENODEV ||
	       err == -ENXIO;
}

static int read_int_file(const char *path, int *val)
{
	struct strbuf sb = STRBUF_INIT;
	long n = strbuf_read_file(&sb, path, 16);
	int ret = -1;

	if (n > 0) {
		*val = atoi(sb.buf);
		ret = 0;
	}
	strbuf_release(&sb);
	return ret;
}

/* kernel.perf_event_paranoid, 2 (the default) when unreadable */
static int paranoid_level(void)
{
	char path[4096];
	int v;

	snprintf(path, sizeof(path), "%s/sys/kernel/perf_event_paranoid",
		 sysroots_procfs());
	if (read_int_file(path, &v))
		return 2;
	return v;
}

bool evsel_fallback_user_only(struct evsel *evsel, int err, char *msg,
			      size_t len)
{
	struct perf_event_attr *a = &evsel->attr;
	int level;

	if ((err != -EACCES && err != -EPERM) || a->exclude_kernel ||
	    a->exclude_user)
		return false;
	level = paranoid_level();
	if (level < 2)
		return false;
	a->exclude_kernel = 1;
	a->exclude_hv = 1;
	if (!strchr(evsel->name, ':')) {	/* a tracepoint keeps sys:name */
		size_t l = strlen(evsel->name) + 3;
		char *n = xmalloc(l);

		snprintf(n, l, "%s:u", evsel->name);
		free(evsel->name);
		evsel->name = n;
	}
	snprintf(msg, len,
		 "kernel.perf_event_paranoid=%d, trying to fall back to excluding kernel and hypervisor samples",
		 level);
	return true;
}

bool evsel_fallback(struct evsel *evsel, int err, char *msg, size_t len)
{
	struct perf_event_attr *a = &evsel->attr;
	const char *mods;
	char name[256];

	if (evsel_fallback_user_only(evsel, err, msg, len))
		return true;

	if (a->type != PERF_TYPE_HARDWARE && a->type != PERF_TYPE_HW_CACHE &&
	    a->type != PERF_TYPE_RAW)
		return false;
	if (!evsel_is_unsupported_err(err) && err != -EINVAL)
		return false;
	if (a->precise_ip && err == -EINVAL) {
		a->precise_ip--;
		snprintf(msg, len, "%s: lowering precise_ip to %u",
			 evsel->name, (unsigned int)a->precise_ip);
		return true;
	}
	if (a->type != PERF_TYPE_HARDWARE || a->config != PERF_COUNT_HW_CPU_CYCLES)
		return false;
	if (evsel->fell_back)
		return false;
	/* keep the modifier suffix: "cycles:u" becomes "cpu-clock:u" */
	mods = strchr(evsel->name, ':');
	snprintf(name, sizeof(name), "cpu-clock%s", mods ? mods : "");
	snprintf(msg, len, "%s is not supported here, falling back to %s",
		 evsel->name, name);
	free(evsel->orig_name);
	evsel->orig_name = evsel->name;
	evsel->name = xstrdup(name);
	a->type = PERF_TYPE_SOFTWARE;
	a->config = PERF_COUNT_SW_CPU_CLOCK;
	a->precise_ip = 0;
	evsel->precise_max = 0;
	evsel->kind = EVSEL_SOFTWARE;
	evsel->fell_back = true;
	return true;
}

char *evsel_strerror(const struct evsel *evsel, int err, char *buf,
		     size_t len)
{
	int paranoid = 0;

	if (evsel->filter_failed) {
		snprintf(buf, len, "cannot set filter \"%s\" on '%s': %s",
			 evsel->filter, evsel->name,
			 err == -EINVAL ? "the kernel refused it (check the field names in the event's format)" :
			 strerror(-err));
		return buf;
	}
	switch (-err) {
	case EACCES:
	case EPERM:
		paranoid = paranoid_level();
		snprintf(buf, len,
			 "no permission to open '%s' (kernel.perf_event_paranoid = %d);\n"
			 "run as root, give ptool CAP_PERFMON (and CAP_SYS_PTRACE for other users' processes),\n"
			 "or lower it: sysctl kernel.perf_event_paranoid=%d (-1: all events, 0: cpu events, 1: kernel, 2: user space only)",
			 evsel->name, paranoid, paranoid > 1 ? 1 : -1);
		break;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		if (evsel->attr.type == PERF_TYPE_TRACEPOINT)
			snprintf(buf, len, "the tracepoint '%s' does not exist in this kernel",
				 evsel->name);
		else
			snprintf(buf, len, "'%s' is not supported here: no such event on this PMU",
				 evsel->name);
		break;
	case EOPNOTSUPP:
		if (evsel->attr.branch_sample_type)
			snprintf(buf, len, "the PMU hardware or event type does not support branch stack sampling");
		else if (evsel->attr.sample_period && evsel->kind == EVSEL_HARDWARE)
			snprintf(buf, len, "'%s': the PMU does not support sampling (or this kernel lacks the hardware PMU)",
				 evsel->name);
		else
			snprintf(buf, len, "'%s' is not supported by this kernel",
				 evsel->name);
		break;
	case EMFILE:
		snprintf(buf, len, "too many open files while opening '%s'; raise the limit with 'ulimit -n'",
			 evsel->name);
		break;
	case ESRCH:
		snprintf(buf, len, "cannot open '%s': no such process", evsel->name);
		break;
	case EBUSY:
		snprintf(buf, len, "'%s': the PMU is in use by another tool", evsel->name);
		break;
	case EINVAL:
		snprintf(buf, len, "'%s': the kernel refused its attributes (invalid argument)%s",
			 evsel->name,
			 evsel->attr.precise_ip ? "; try a lower precision (fewer :p)" : "");
		break;
	default:
		snprintf(buf, len, "cannot open '%s': %s", evsel->name,
			 strerror(-err));
		break;
	}
	return buf;
}


static void vv_line(const char *name, const char *value, void *arg)
{
	strbuf_addf(arg, "  %-32s %s\n", name, value);
}

int evsel_fprintf_attr(const struct evsel *evsel, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	int n;

	strbuf_addstr(&sb, "------------------------------------------------------------\n");
	strbuf_addstr(&sb, "perf_event_attr:\n");
	attrfmt_for_each(&evsel->attr, ATTRFMT_VERBOSE, vv_line, &sb);
	strbuf_addstr(&sb, "------------------------------------------------------------\n");
	n = (int)sb.len;
	fputs(sb.buf, fp);
	strbuf_release(&sb);
	return n;
}
