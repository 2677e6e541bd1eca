// SPDX-License-Identifier: GPL-2.0
/*
 * ptool record: sample events into a perf.data file that perf reads.
 *
 * Flow: parse the options, turn -e specs into attrs with the sampling
 * settings, fork the workload (held before exec), open the events with
 * perf's cycles -> cpu-clock fallback, map one ring per cpu with the
 * other fds' output redirected into it, create the file, describe the machine and the events, synthesize what already runs,
 * then drain the rings into the file until the workload ends or a signal
 * comes, and finish the header.
 */
#include "ptool/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "ptool/cpumap.h"
#include "ptool/evlist.h"
#include "ptool/evsel.h"
#include "ptool/evspec.h"
#include "ptool/msg.h"
#include "ptool/offcpu.h"
#include "ptool/opt.h"
#include "ptool/parse.h"
#include "ptool/pdata.h"
#include "ptool/recdesc.h"
#include "ptool/recorder.h"
#include "ptool/ring.h"
#include "ptool/strbuf.h"
#include "ptool/switchout.h"
#include "ptool/synth.h"
#include "ptool/target.h"
#include "ptool/workload.h"

#include "record-priv.h"

#define DEFAULT_EVENT	"cycles:P"
#define DEFAULT_FREQ	4000
#define DWARF_DEFAULT	8192
#define DWARF_MAX	65528	/* the kernel's u16 dump size, rounded to u64 */

/* the signal that ends the recording (SIGINT, SIGTERM, SIGHUP, SIGCHLD) */
static volatile sig_atomic_t record_stop;

static void on_signal(int sig)
{
	if (!record_stop)
		record_stop = sig;
}

/* --switch-output: SIGUSR2 or the timer's SIGALRM asks for the next file */
static volatile sig_atomic_t record_switch;

static void on_switch(int sig)
{
	(void)sig;
	record_switch = 1;
}

/* perf's side-band event of per-cpu recordings */
#define TRACKING_EVENT "dummy:HG"

struct record_opts {
	struct opt_strlist events;
	const char *freq;
	uint64_t period;
	bool callchain;
	const char *call_graph;
	struct target target;
	const char *output;
	const char *mmap_pages;
	bool no_inherit;
	bool no_buildid;
	bool raw_samples;
	bool quiet;
	int verbose;
	bool dry_run;
	int comp_level;		/* -z: zstd level, 0 for none */
	bool off_cpu;		/* sched_switch for off-CPU profiles (offcpu.h) */
	struct record_attr_opts ao;	/* -T -k -D --filter -G ... */
	struct switchout so;	/* --switch-output and friends */
	const char *switch_event;
	bool timestamp_filename;
};

/* the sampling settings that the options add up to */
struct sampling {
	bool freq_given, period_given;
	uint64_t freq, period;
	enum { CG_NONE, CG_FP, CG_DWARF } cg;
	uint32_t dump_size;
	unsigned int pages;
};

struct rec {
	struct evlist *el;
	struct recorder *rc;
	struct pdata_writer *w;
	int fd;
	char *path;		/* NULL for stdout */
	bool pipe;		/* perf's pipe format */
	bool keep;		/* a fifo or device: never removed */
	uint64_t id_type;	/* sample_type shared by every attr's id fields */
	unsigned long wakeups;
	uint64_t lost_read;	/* the fds' own lost counts at the end */
	const struct record_attr_opts *ao;	/* -D's schedule */
	bool quiet;
	/* what a file needs again when --switch-output starts the next one */
	struct record_opts *o;
	const struct sampling *smp;
	int cmd_argc;
	const char **cmd_argv;
};

static const char *const record_usage[] = {
	"ptool record [<options>] [<command>]",
	"ptool record [<options>] -- <command> [<options>]",
	NULL,
};

/* ---- small helpers ---- */

static uint64_t read_sysctl_u64(const char *path, uint64_t dflt)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t v = dflt;

	if (strbuf_read_file(&sb, path, 32) > 0) {
		strbuf_rtrim(&sb);
		if (parse_u64(sb.buf, &v))
			v = dflt;
	}
	strbuf_release(&sb);
	return v;
}

/* whether the running kernel is at least @maj.@min */
static bool kernel_at_least(int maj, int min)
{
	struct utsname u;
	int a = 0, b = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &a, &b) != 2)
		return true;
	return a > maj || (a == maj && b >= min);
}

/* ---- option checks ---- */

static int parse_call_graph(const char *s, struct sampling *smp)
{
	const char *comma = strchr(s, ',');
	size_t n = comma ? (size_t)(comma - s) : strlen(s);
	uint64_t size = DWARF_DEFAULT;

	if (n == 2 && !strncmp(s, "fp", 2) && !comma) {
		smp->cg = CG_FP;
		return 0;
	}
	if (n != 5 || strncmp(s, "dwarf", 5))
		return cmd_usage_fail("unknown --call-graph mode '%s' (fp or dwarf[,size])", s);
	if (comma && (parse_size(comma + 1, &size) || !size || size > DWARF_MAX))
		return cmd_usage_fail("invalid stack dump size '%s' (max %d bytes)",
				      comma + 1, DWARF_MAX);
	smp->cg = CG_DWARF;
	smp->dump_size = (uint32_t)((size + 7) & ~7ull);
	return 0;
}

static int parse_mmap_pages(const char *s, struct sampling *smp)
{
	long psz = sysconf(_SC_PAGESIZE);
	uint64_t v, pages;

	if (!parse_u64(s, &v)) {
		pages = v;
	} else if (!parse_size(s, &v)) {
		pages = (v + psz - 1) / psz;
	} else {
		return cmd_usage_fail("invalid number of mmap pages '%s'", s);
	}
	if (!pages || pages > (1u << 20))
		return cmd_usage_fail("invalid number of mmap pages '%s'", s);
	if (pages & (pages - 1)) {
		uint64_t p = 1;

		while (p < pages)
			p <<= 1;
		pr_info("rounding mmap pages size to %" PRIu64 " pages (%" PRIu64 " KiB)",
			p, p * psz / 1024);
		pages = p;
	}
	smp->pages = (unsigned int)pages;
	return 0;
}

/* --switch-output and its companions, as perf sets them up */
static int check_switch(struct record_opts *o, const struct sampling *smp)
{
	uint64_t wakeup = (smp->pages + 1ull) * (uint64_t)sysconf(_SC_PAGESIZE) / 2;

	if (o->so.max_files < 0)
		return cmd_usage_fail("invalid --switch-max-files '%d'", o->so.max_files);
	/* the event's side band switches as SIGUSR2 would */
	if (o->switch_event)
		o->so.enabled = o->so.signal = true;
	if (!o->so.enabled)
		return 0;
	/* perf writes no build ids then, to keep a switch short */
	o->no_buildid = true;
	if (o->so.size && o->so.size < wakeup && !o->quiet)
		fprintf(stderr, "WARNING: switch-output data size lower than wakeup kernel "
			"buffer size (%" PRIu64 "K) expect bigger perf.data sizes\n",
			wakeup / 1024);
	return 0;
}

static int check_options(struct record_opts *o, int nargs, struct sampling *smp)
{
	int err;
	uint64_t max_rate;
	struct strbuf warn = STRBUF_INIT;

	err = cmd_check_target(&o->target, &warn);
	/* perf record's warning, word for word */
	if (warn.len && !o->quiet)
		fprintf(stderr, "Warning:\n%s\n", warn.buf);
	strbuf_release(&warn);
	if (err)
		return err;
	/* nothing to run and nothing to attach to: the whole system, as perf */
	if (!nargs && target_none(&o->target))
		o->target.system_wide = true;
	max_rate = read_sysctl_u64("/proc/sys/kernel/perf_event_max_sample_rate", 100000);
	smp->freq = DEFAULT_FREQ;
	if (o->freq) {
		smp->freq_given = true;
		if (!strcmp(o->freq, "max")) {
			smp->freq = max_rate;
		} else if (parse_u64(o->freq, &smp->freq) || !smp->freq) {
			return cmd_usage_fail("invalid frequency '%s'", o->freq);
		}
	}
	if (o->period) {
		smp->period_given = true;
		smp->period = o->period;
	}
	if (!smp->period_given && smp->freq > max_rate) {
		pr_warn("Maximum frequency rate (%" PRIu64 " Hz) exceeded, throttling from %"
			PRIu64 " Hz to %" PRIu64 " Hz.\n"
			"         The limit can be raised via /proc/sys/kernel/perf_event_max_sample_rate.\n"
			"         The kernel will lower it when ptool's interrupts take too long.",
			max_rate, smp->freq, max_rate);
		smp->freq = max_rate;
	}
	if (o->callchain)
		smp->cg = CG_FP;
	if (o->call_graph && parse_call_graph(o->call_graph, smp))
		return PTOOL_EXIT_USAGE;
	smp->pages = ring_default_pages();
	if (o->mmap_pages && parse_mmap_pages(o->mmap_pages, smp))
		return PTOOL_EXIT_USAGE;
	err = record_attr_check(&o->ao, smp->cg == CG_DWARF, o->quiet);
	return err ? err : check_switch(o, smp);
}

/* ---- events ---- */

static int parse_events(struct record_opts *o, struct evlist *el)
{
	int n = o->events.nr ? o->events.nr : 1;

	for (int i = 0; i < n; i++) {
		const char *spec = o->events.nr ? o->events.v[i] : DEFAULT_EVENT;
		bool system;
		int first = el->nr, err = evspec_add(el, spec, &system);

		/* no such event is a bad command line; tracefs unreadable is not */
		if (err)
			return system ? PTOOL_EXIT_FAIL : PTOOL_EXIT_USAGE;
		err = record_attr_filters(&o->ao, el, i, first);
		if (err)
			return err;
	}
	if (o->switch_event) {
		bool system;

		o->so.sb = evlist_new();
		if (evspec_add(o->so.sb, o->switch_event, &system))
			return PTOOL_EXIT_USAGE;
	}
	/* perf's own default counts the guest too */
	if (!o->events.nr)
		evlist_first(el)->attr.exclude_guest = 0;
	if (o->off_cpu) {
		struct evspec_ctx ctx = { .mount_tracefs = true };
		struct evspec_err perr = { .pos = -1 };
		int err = offcpu_add(el, &ctx, &perr);

		if (err && perr.msg[0])
			cmd_fail(0, "--off-cpu needs the '%s' tracepoint: %s",
				 OFFCPU_TRACEPOINT, perr.msg);
		else if (err)
			cmd_fail(err, "--off-cpu needs the '%s' tracepoint",
				 OFFCPU_TRACEPOINT);
		evspec_err_release(&perr);
		if (err)
			return PTOOL_EXIT_FAIL;
	}
	/*
	 * perf records per cpu with a dummy event that carries the side-band
	 * records (mmap, comm, task), enabled from the start so that nothing
	 * is missed while processes are synthesized; -D's events start
	 * disabled, so it is there for them too
	 */
	if ((target_has_cpu(&o->target) || o->ao.delayed) &&
	    !evlist_find(el, TRACKING_EVENT)) {
		struct evspec_ctx ctx = { 0 };
		struct evspec_err perr = { .pos = -1 };
		int err = evspec_parse(el, TRACKING_EVENT, &ctx, &perr);

		evspec_err_release(&perr);
		if (err)
			return cmd_fail(err, "cannot add the '%s' event", TRACKING_EVENT);
	}
	return 0;
}

/* the last event when it is the tracking dummy that parse_events() added */
static struct evsel *tracking_event(const struct evlist *el)
{
	struct evsel *e, *last = NULL;

	evlist_for_each(el, e)
		last = e;
	return last && last != evlist_first(el) &&
	       !strcmp(last->name, TRACKING_EVENT) ? last : NULL;
}

/* the options as recattr_configure() takes them; the policy is there */
static uint64_t configure(struct evlist *el, const struct record_opts *o,
			  const struct sampling *smp, bool workload_only)
{
	const struct recattr_cfg c = {
		.ra = &o->ao.ra,
		.track = tracking_event(el),
		/* perf's -t counts only the threads named, never their children */
		.inherit = !o->no_inherit && !o->target.tid,
		.per_cpu = target_has_cpu(&o->target),
		.raw = o->raw_samples,
		.workload_only = workload_only,
		.delayed = o->ao.delayed,
		.freq_given = smp->freq_given,
		.period_given = smp->period_given,
		.freq = smp->freq,
		.period = smp->period,
		.cg = smp->cg == CG_DWARF ? RECATTR_CG_DWARF :
		      smp->cg == CG_FP ? RECATTR_CG_FP : RECATTR_CG_NONE,
		.dump_size = smp->dump_size,
		/* loss counts to read at the end (Linux 6.0), as perf */
		.read_lost = kernel_at_least(6, 0),
		/* BPF programs loaded meanwhile (Linux 5.1), as perf */
		.ksymbol = kernel_at_least(5, 1),
	};

	return recattr_configure(el, &c);
}

static int open_one(struct evsel *e, struct evlist *el, void *arg)
{
	if (msg_verbose() >= 2)
		evsel_fprintf_attr(e, stderr);
	return record_attr_open(arg, e, el);
}

static int open_events(struct evlist *el, bool is_default, bool quiet,
		       const struct record_attr_opts *ao)
{
	struct evsel *e;
	char buf[1024];
	int err = evlist_open_fallback(el, open_one, (void *)ao, is_default,
				       quiet, &e);

	if (!err)
		return 0;
	evsel_strerror(e, err, buf, sizeof(buf));
	pr_err("cannot open event '%s': %s", e->name, buf);
	return PTOOL_EXIT_FAIL;
}

static int map_rings(struct rec *r, unsigned int pages)
{
	struct strbuf why = STRBUF_INIT;
	int err = recorder_map_rings(r->rc, r->el, pages, &why);

	/* only mapping gives EPERM (the mlock limit), never sharing */
	if (err == -EPERM)
		err = cmd_fail(err, "cannot map %u pages of ring buffer; try a smaller -m "
			       "or raise /proc/sys/kernel/perf_event_mlock_kb", pages);
	else if (err)
		err = cmd_fail(0, "%s", why.buf);
	strbuf_release(&why);
	return err;
}

/* ---- output ---- */

/* "-o -", or no -o and a pipe on stdout: perf's pipe mode */
static bool output_is_pipe(const char *output)
{
	struct stat st;

	if (output)
		return !strcmp(output, "-");
	return !fstat(STDOUT_FILENO, &st) && S_ISFIFO(st.st_mode);
}

static int open_output(struct rec *r, const char *output)
{
	struct strbuf err = STRBUF_INIT;
	struct stat st;
	int fd;

	if (output_is_pipe(output)) {
		r->pipe = true;
		r->fd = STDOUT_FILENO;
		return 0;
	}
	if (!output)
		output = "perf.data";
	if (!lstat(output, &st) && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
	    !S_ISLNK(st.st_mode)) {
		/*
		 * A named pipe gets perf's pipe format, a device (/dev/null)
		 * the file as it is; neither is renamed nor removed
		 */
		r->pipe = S_ISFIFO(st.st_mode);
		fd = open(output, (r->pipe ? O_WRONLY : O_RDWR) | O_CLOEXEC);
		if (fd < 0)
			return cmd_fail(-errno, "cannot open '%s'", output);
		r->fd = fd;
		r->path = xstrdup(output);
		r->keep = true;
		return 0;
	}
	fd = recorder_create_file(output, &err);
	if (fd < 0) {
		fd = cmd_fail(0, "%s", err.buf);
		strbuf_release(&err);
		return fd;
	}
	r->fd = fd;
	r->path = xstrdup(output);
	return 0;
}

/* remove a file that holds nothing useful yet */
static void discard_output(struct rec *r)
{
	pdata_writer_free(r->w);
	r->w = NULL;
	if (r->path) {
		if (!r->keep)
			unlink(r->path);
		close(r->fd);
		free(r->path);
		r->path = NULL;
	}
	r->fd = -1;
}

/* the header: events, machine, command line, tracepoint formats */
static int describe(struct rec *r, int argc, const char **argv)
{
	struct recdesc_err de;
	int err = recdesc_write(r->w, r->rc, r->el, argc, argv, PTOOL_VERSION,
				&de);

	if (!err)
		return 0;
	switch (de.step) {
	case RECDESC_EVENT:
		return cmd_fail(err, "cannot describe event '%s'", de.event);
	case RECDESC_HOST:
		return cmd_fail(err, "cannot describe this machine");
	case RECDESC_CMDLINE:
		return cmd_fail(err, "cannot write the header");
	default:
		return cmd_fail(err, "cannot save the tracepoint formats");
	}
}

/* whether any event samples kernel addresses (not all :u) */
static bool samples_kernel(const struct evlist *el)
{
	struct evsel *e;

	evlist_for_each(el, e)
		if (!e->attr.exclude_kernel)
			return true;
	return false;
}

/*
 * kallsyms shows zeros to this user: with kptr_restrict 0 that is
 * perf_event_paranoid above 1 (the kernel's kallsyms_show_value()),
 * otherwise kptr_restrict itself; name the one that applies
 */
static void kallsyms_hidden_warning(void)
{
	uint64_t kptr = read_sysctl_u64("/proc/sys/kernel/kptr_restrict", 1);
	uint64_t paranoid = read_sysctl_u64("/proc/sys/kernel/perf_event_paranoid", 2);

	if (!kptr)
		pr_warn("kernel addresses are hidden (kernel.perf_event_paranoid = %" PRIu64
			" hides them from users without CAP_SYSLOG; 1 or less shows them); "
			"kernel samples will not resolve to symbols", paranoid);
	else
		pr_warn("kernel addresses are hidden (kernel.kptr_restrict = %" PRIu64
			"%s); kernel samples will not resolve to symbols", kptr,
			kptr == 1 ? ": only users with CAP_SYSLOG see them" : "");
}

/*
 * @again: a file after the first (--switch-output): a workload's process is
 * synthesized too, as perf does, since its exec is in an earlier file
 */
static int synthesize(struct rec *r, const struct record_opts *o,
		      bool dwarf, bool again)
{
	struct synth s = { NULL, dwarf, recorder_synth_ops(), r->rc };
	struct synth_counts counts = { 0 };
	int err;

	err = recorder_kernel_map(r->rc, NULL);
	if (err == -EPERM) {
		if (samples_kernel(r->el))
			kallsyms_hidden_warning();
	} else if (err == -ENOENT)
		pr_debug("no kernel map: no _text in kallsyms");
	else if (err)
		return cmd_fail(err, "cannot write to '%s'", r->path ? r->path : "-");
	if (target_has_cpu(&o->target))
		err = synth_all(&s, &counts);
	else if (target_has_task(&o->target) || again)
		err = synth_threads(&s, r->el->threads->tid, r->el->threads->nr,
				    &counts);
	else
		err = 0;	/* a workload: the kernel reports its exec */
	if (!err)
		err = pdata_write_finished_init(r->w);
	if (err)
		return cmd_fail(err, "cannot write to '%s'", r->path ? r->path : "-");
	pr_debug("synthesized %lu processes, %lu threads, %lu mappings",
		 counts.procs, counts.threads, counts.maps);
	return 0;
}

/* a writer on r->fd, the events and the machine described, state synthesized */
static int start_file(struct rec *r)
{
	int err;

	r->w = pdata_writer_new(r->fd, r->pipe ? PDATA_WRITER_PIPE : 0);
	if (!r->w)
		return cmd_fail(-errno, "cannot write to '%s'", r->path ? r->path : "-");
	recorder_set_writer(r->rc, r->w);
	err = !r->o->comp_level ? 0 :
	      recorder_compress(r->rc, r->o->comp_level,
				(uint32_t)((r->smp->pages + 1) * sysconf(_SC_PAGESIZE)));
	if (err)
		return cmd_fail(err, "cannot set up zstd compression");
	err = describe(r, r->cmd_argc, r->cmd_argv);
	if (!err)
		err = record_attr_describe(&r->o->ao, r->w);
	if (!err)
		err = synthesize(r, r->o, r->smp->cg == CG_DWARF, false);
	return err;
}

/*
 * --switch-output: finish this file, rename it to <output>.<timestamp> and
 * go on in a new <output> described as the first; at the end only the
 * rename, as perf
 */
static int switch_file(struct rec *r, bool at_exit)
{
	struct strbuf why = STRBUF_INIT;
	char name[4096];
	int err;

	if (at_exit) {
		err = switchout_rotate(&r->o->so, r->path, name, sizeof(name));
		if (err)
			pr_warn("cannot rename '%s' to '%s': %s", r->path, name,
				strerror(-err));
	} else {
		if (!r->o->quiet)
			fprintf(stderr, "[ ptool record: dump data: Woken up %lu times ]\n",
				r->wakeups);
		r->wakeups = 0;
		err = switchout_next(&r->o->so, r->rc, &r->w, &r->fd, r->path, name,
				     sizeof(name), &why);
		if (err) {
			err = cmd_fail(0, "%s", why.buf);
			strbuf_release(&why);
			return err;
		}
	}
	if (!r->o->quiet)
		fprintf(stderr, "[ ptool record: Dump %s ]\n", name);
	if (at_exit)
		return 0;
	err = describe(r, r->cmd_argc, r->cmd_argv);
	if (!err)
		err = record_attr_describe(&r->o->ao, r->w);
	return err ? err : synthesize(r, r->o, r->smp->cg == CG_DWARF, true);
}

/* the --switch-output-event events, opened on the recording's target */
static int start_switch(struct rec *r, const struct target *t)
{
	struct switchout *so = &r->o->so;
	struct evsel *e;
	int err;

	if (!so->sb)
		return 0;
	err = switchout_open_events(so, t);
	if (!err)
		return 0;
	evlist_for_each(so->sb, e) {
		if (e->open_err) {
			char buf[512];

			evsel_strerror(e, e->open_err, buf, sizeof(buf));
			return cmd_fail(0, "cannot open switch event '%s': %s", e->name, buf);
		}
	}
	return cmd_fail(err, "cannot open the switch events");
}

/* ---- the loop ---- */

/* whether any of the -p/-t threads still exists */
static bool targets_alive(const struct threadmap *threads)
{
	for (int i = 0; i < threads->nr; i++)
		if (threads->tid[i] > 0 &&
		    (!kill(threads->tid[i], 0) || errno == EPERM))
			return true;
	return false;
}

static int loop(struct rec *r, const sigset_t *waitmask, bool task_target)
{
	struct evsel *first = evlist_first(r->el);
	int nc = first->nr_cpus, nt = first->nr_threads, nfd = nc * nt;
	int nsb = r->o->so.nr_rings;
	struct pollfd *pfd = xcalloc((size_t)(nfd + nsb), sizeof(*pfd));
	int *sbfd = xcalloc((size_t)nsb + 1, sizeof(*sbfd));
	int hung = 0, ret, step = 0;
	long n, due = -1;
	struct timespec t0, now, dts;

	/* the switch events' fds follow the rings' */
	switchout_event_fds(&r->o->so, sbfd, nsb);
	for (int i = 0; i < nsb; i++) {
		pfd[nfd + i].fd = sbfd[i];
		pfd[nfd + i].events = POLLIN;
	}
	free(sbfd);

	for (int c = 0; c < nc; c++) {
		for (int t = 0; t < nt; t++) {
			pfd[c * nt + t].fd = evsel_fd(first, c, t);
			pfd[c * nt + t].events = POLLIN;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		/* after a hang-up, look again every 100 ms instead of waiting */
		struct timespec tick = { 0, 100 * 1000 * 1000 }, *to;

		if (r->ao->delayed) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			due = record_attr_tick(r->ao, r->el, tracking_event(r->el),
					       (now.tv_sec - t0.tv_sec) * 1000 +
					       (now.tv_nsec - t0.tv_nsec) / 1000000,
					       &step, r->quiet);
			if (due == -2)	/* -D's last range is over */
				break;
		}
		n = recorder_drain(r->rc);
		if (n < 0 || record_stop)
			break;
		if (r->o->so.enabled &&
		    switchout_due(&r->o->so, &record_switch,
				  pdata_writer_data_size(r->w))) {
			if (switch_file(r, false)) {
				n = -ECANCELED;	/* told already */
				break;
			}
			if (r->o->so.time)
				alarm(r->o->so.time);
		}
		if (hung && task_target && !targets_alive(r->el->threads))
			break;
		if (n > 0) {
			/* busy: no wait, but let a pending signal in */
			struct timespec zero = { 0, 0 };

			ppoll(NULL, 0, &zero, waitmask);
			continue;
		}
		to = hung ? &tick : NULL;
		if (due >= 0 && (!to || due < 100)) {
			dts.tv_sec = due / 1000;
			dts.tv_nsec = (due % 1000) * 1000000;
			to = &dts;
		}
		ret = ppoll(pfd, (nfds_t)(nfd + nsb), to, waitmask);
		if (ret < 0 && errno != EINTR) {
			n = -errno;
			break;
		}
		if (ret)	/* a wake-up, not the 100 ms look */
			r->wakeups++;
		/*
		 * A task event hangs its fd up when the task is gone (and some
		 * kernels do it early); stop polling that fd, and check the
		 * targets themselves from then on.
		 */
		for (int i = 0; i < nfd; i++) {
			if (pfd[i].fd >= 0 && (pfd[i].revents & (POLLHUP | POLLERR))) {
				pfd[i].fd = -1;
				hung++;
			}
		}
	}
	free(pfd);
	return n < 0 ? (int)n : 0;
}

/* ---- the end ---- */

static int finish(struct rec *r, const struct record_opts *o)
{
	const struct recorder_stats *st = recorder_stats(r->rc);
	/* the fds' counts are exact; LOST records can themselves be dropped */
	uint64_t size, lost = r->lost_read > st->lost ? r->lost_read : st->lost;
	struct stat sb;
	int err;

	if (!o->no_buildid)
		recorder_add_build_ids(r->rc);
	/* no times (--no-timestamp): perf's "no time", -1 */
	if (st->samples && !(r->id_type & PERF_SAMPLE_TIME))
		pdata_writer_set_sample_time(r->w, UINT64_MAX, UINT64_MAX);
	else if (st->samples)
		pdata_writer_set_sample_time(r->w, st->first_time, st->last_time);
	err = pdata_writer_finish(r->w);
	if (err)
		return cmd_fail(err, "cannot finish '%s'", r->path ? r->path : "-");
	size = r->path && !fstat(r->fd, &sb) && S_ISREG(sb.st_mode) ?
	       (uint64_t)sb.st_size : pdata_writer_data_size(r->w);
	if (!o->quiet)
		fprintf(stderr, "[ ptool record: Woken up %lu times to write data ]\n",
			r->wakeups);
	if (o->so.enabled || o->timestamp_filename)
		switch_file(r, true);
	lost += st->lost_samples;
	/* perf's two warnings: the ring overflowed, and how much of it */
	if (st->lost_chunks && !o->quiet)
		pr_warn("processed %" PRIu64 " events and lost %" PRIu64
			" chunks! Check IO/CPU overload, or give a larger -m",
			st->events, st->lost_chunks);
	if (lost && !o->quiet)
		pr_warn("processed %" PRIu64 " samples and lost %.2f%%!",
			st->samples + lost, 100.0 * lost / (st->samples + lost));
	if (!o->quiet) {
		char samples[64] = "";

		/* perf counts them while it reads the build ids: none with -B */
		if (st->samples && !o->no_buildid)
			snprintf(samples, sizeof(samples), " (%" PRIu64 " samples)",
				 st->samples);
		fprintf(stderr, "[ ptool record: Captured and wrote %.3f MB %s%s%s",
			size / 1024.0 / 1024.0, r->path ? r->path : "-",
			o->so.enabled || o->timestamp_filename ? ".<timestamp>" : "",
			samples);
		if (o->comp_level) {
			uint64_t in, out;

			pdata_writer_compressed_bytes(r->w, &in, &out);
			if (out)
				fprintf(stderr, ", compressed (original %.3f MB, ratio is %.3f)",
					in / 1024.0 / 1024.0, (double)in / out);
		}
		fprintf(stderr, " ]\n");
	}
	return 0;
}

static void rec_release(struct rec *r)
{
	recorder_free(r->rc);
	pdata_writer_free(r->w);
	if (r->path)
		close(r->fd);
	free(r->path);
	evlist_free(r->el);
}

static const int stop_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };

/*
 * Block the signals that end the recording, and take --switch-output's;
 * they are only taken inside ppoll(), so none is ever missed. After the
 * workload's fork: it must not inherit the mask or the ignored SIGUSR2.
 * @orig: the mask before.
 */
static void block_signals(const struct record_opts *o, sigset_t *orig)
{
	sigset_t block;

	sigemptyset(&block);
	for (size_t i = 0; i < ARRAY_SIZE(stop_sigs); i++)
		sigaddset(&block, stop_sigs[i]);
	if (o->so.enabled) {
		struct sigaction sw = { .sa_handler = on_switch };

		sigaction(SIGUSR2, &sw, NULL);
		sigaction(SIGALRM, &sw, NULL);
		sigaddset(&block, SIGUSR2);
		sigaddset(&block, SIGALRM);
	} else {
		signal(SIGUSR2, SIG_IGN);	/* as perf */
	}
	sigprocmask(SIG_BLOCK, &block, orig);
}

/* fork the workload, held before its exec */
static int prepare_workload(struct workload *wl, const struct record_opts *o,
			    const char **args)
{
	/* in pipe mode the workload's output must not mix with the data */
	int saved = output_is_pipe(o->output) ? dup(STDOUT_FILENO) : -1;
	int err;

	if (saved >= 0)
		dup2(STDERR_FILENO, STDOUT_FILENO);
	err = workload_prepare(wl, args);
	if (saved >= 0) {
		dup2(saved, STDOUT_FILENO);
		close(saved);
	}
	if (err)
		return cmd_fail(err, "cannot start '%s'", args[0]);
	return 0;
}

/* the cpus and threads of the target (@pid: the workload's, or 0) */
static int set_maps(struct rec *r, const struct target *t, int pid)
{
	int err = evlist_set_maps_per_cpu(r->el, t, pid);

	if (!err)
		return 0;
	if (err == -ESRCH && (t->pid || t->tid))
		return cmd_fail(0, "no such %s in '%s'", t->pid ? "process" : "thread",
				t->pid ? t->pid : t->tid);
	if (err == -EINVAL && (t->pid || t->tid))
		return cmd_usage_fail("invalid %s list '%s'", t->pid ? "process" : "thread",
				      t->pid ? t->pid : t->tid);
	if (err == -EINVAL && t->cpu_list)
		return cmd_usage_fail("invalid cpu list '%s'", t->cpu_list);
	if (err == -ENODEV && t->cpu_list)
		return cmd_fail(0, "cpu list '%s' names a cpu that is not online",
				t->cpu_list);
	return cmd_fail(err, "cannot set up the target");
}

/* events opened, rings mapped, the output created and described */
static int open_recording(struct rec *r, struct record_opts *o)
{
	int ret = record_attr_cgroups(&o->ao, r->el, r->el->nr -
				      (tracking_event(r->el) != NULL), &o->target);

	if (!ret)
		ret = open_events(r->el, !o->events.nr, o->quiet, &o->ao);
	r->rc = recorder_new(NULL, r->id_type);
	if (!ret)
		ret = map_rings(r, r->smp->pages);
	if (!ret)
		ret = open_output(r, o->output);
	if (ret)
		return ret;
	if (o->so.enabled && (r->pipe || r->keep))
		ret = cmd_usage_fail("--switch-output needs a regular output file");
	else
		ret = start_switch(r, &o->target);
	if (!ret)
		ret = start_file(r);
	if (ret)
		discard_output(r);
	return ret;
}

/* enable_on_exec starts a workload's events; -D's wait to be enabled */
static int start_recording(struct rec *r, const struct record_opts *o,
			   struct workload *wl, const char **args)
{
	bool have_wl = args != NULL;
	int err = 0;

	if (!o->ao.delayed && !(have_wl && target_none(&o->target)))
		err = evlist_enable(r->el);
	if (!err && have_wl)
		err = workload_start(wl);
	if (!err && o->ao.delayed && !o->quiet)
		fprintf(stderr, "Events disabled\n");
	if (!err)
		return 0;
	if (have_wl && wl->exec_err) {
		cmd_fail(err, "cannot run '%s'", args[0]);
		err = PTOOL_EXIT_NOEXEC;
	} else {
		err = cmd_fail(err, "cannot enable the events");
	}
	discard_output(r);
	return err;
}

/*
 * After the loop (@err its result): the rest of the rings, the fds' lost
 * counts, the workload ended; 0, or 1 after a message
 */
static int stop_recording(struct rec *r, const struct record_opts *o,
			  struct workload *wl, const char **args, int err)
{
	evlist_disable(r->el);
	if (!err) {
		long n = recorder_drain(r->rc);

		err = n < 0 ? (int)n : 0;
	}
	if (!err) {
		/* each fd's lost count as a LOST_SAMPLES record, as perf does */
		long long lost = recorder_save_lost(r->rc, r->el);

		if (lost < 0)
			err = (int)lost;
		else
			r->lost_read = (uint64_t)lost;
	}
	if (args) {
		/* perf's rule: a recording that ends first ends its workload */
		if (record_stop != SIGCHLD)
			workload_signal(wl, SIGTERM);
		workload_wait(wl, NULL);
		if (record_stop == SIGCHLD && workload_term_signal(wl) && !o->quiet)
			fprintf(stderr, "%s: %s\n", args[0],
				strsignal(workload_term_signal(wl)));
	}
	if (!err)
		return 0;
	if (err == -EBADMSG)
		pr_err("a ring buffer holds a corrupt record; the recording stops there");
	else if (err != -ECANCELED)
		cmd_fail(err, "cannot write to '%s'", r->path ? r->path : "-");
	/* what was written stays readable */
	if (r->w)
		pdata_writer_finish(r->w);
	return PTOOL_EXIT_FAIL;
}

static int run(struct rec *r, struct record_opts *o, const struct sampling *smp,
	       const char **args, int nargs, int cmd_argc, const char **cmd_argv)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_NOCLDSTOP };
	struct workload wl = { .pid = 0, .go_fd = -1, .err_fd = -1 };
	const char **wl_args = nargs > 0 ? args : NULL;
	sigset_t orig;
	int ret;

	r->o = o;
	r->smp = smp;
	r->cmd_argc = cmd_argc;
	r->cmd_argv = cmd_argv;
	for (size_t i = 0; i < ARRAY_SIZE(stop_sigs); i++)
		sigaction(stop_sigs[i], &sa, NULL);
	if (wl_args && (ret = prepare_workload(&wl, o, args))) {
		workload_release(&wl);
		return ret;
	}
	block_signals(o, &orig);
	ret = set_maps(r, &o->target, wl.pid);
	if (!ret)
		ret = open_recording(r, o);
	if (!ret)
		ret = start_recording(r, o, &wl, wl_args);
	if (ret)
		goto out;
	if (o->so.time)
		alarm(o->so.time);
	ret = loop(r, &orig, target_has_task(&o->target));
	alarm(0);
	ret = stop_recording(r, o, &wl, wl_args, ret);
	if (!ret)
		ret = finish(r, o);
	if (!ret && wl_args)
		ret = workload_exit_status(&wl);
out:
	if (wl_args)
		workload_release(&wl);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	return ret;
}

/* --switch-output[=signal|size|time] */
static int switch_output_cb(const struct opt *opt, const char *arg, bool unset)
{
	struct switchout *so = opt->value;

	if (unset) {
		so->enabled = false;
		return 0;
	}
	if (switchout_parse(so, arg))
		return cmd_usage_fail("invalid --switch-output '%s' (signal, a size with "
				      "B/K/M/G or a time with s/m/h/d)", arg);
	return 0;
}

/* -z, --compression-level[=n]: perf's default 1, its maximum 22 */
static int comp_level_cb(const struct opt *opt, const char *arg, bool unset)
{
	int *level = opt->value;
	uint64_t v = 1;

	if (unset) {
		*level = 0;
		return 0;
	}
	if (arg && parse_u64(arg, &v))
		return cmd_usage_fail("invalid compression level '%s'", arg);
	*level = !v ? 1 : v > 22 ? 22 : (int)v;
	return 0;
}

int cmd_record(int argc, const char **argv)
{
	struct record_opts o = { .output = NULL };
	struct sampling smp = { .cg = CG_NONE };
	struct rec r = { .fd = -1, .ao = &o.ao };
	const char **cmd_argv = xcalloc((size_t)argc + 1, sizeof(*cmd_argv));
	bool workload_only;
	int nargs, ret;
	const struct opt options[] = {
		OPT_STRLIST('e', "event", &o.events, "event",
			    "event selector (repeatable); default cycles"),
		OPT_STR('F', "freq", &o.freq, "freq or 'max'",
			"profile at this frequency (default 4000 Hz)"),
		OPT_U64('c', "count", &o.period, "n",
			"sample every n events (a period instead of -F)"),
		OPT_BOOL('g', NULL, &o.callchain,
			 "record frame-pointer call graphs (--call-graph fp)"),
		OPT_STR(0, "call-graph", &o.call_graph, "fp|dwarf[,size]",
			"call graph mode; dwarf copies 8192 bytes of user stack"),
		OPT_TARGET(&o.target),
		OPT_STR('o', "output", &o.output, "file",
			"output file name ('-' for a pipe)"),
		OPT_STR('m', "mmap-pages", &o.mmap_pages, "pages",
			"ring buffer size per cpu, in pages (power of two) or with K/M"),
		{ OPT_T_BOOL, 'i', "no-inherit", &o.no_inherit, NULL,
		  "child tasks do not inherit counters", OPT_NONEG, NULL },
		{ OPT_T_BOOL, 'B', "no-buildid", &o.no_buildid, NULL,
		  "do not collect build-ids", OPT_NONEG, NULL },
		{ OPT_T_BOOL, 'R', "raw-samples", &o.raw_samples, NULL,
		  "collect raw sample records from all opened counters", OPT_NONEG, NULL },
		OPT_CALLBACK_OPTARG('z', "compression-level", &o.comp_level, "n",
				    "write zstd-compressed records, level n (default 1, up to 22)",
				    comp_level_cb),
		OPT_RECORD_ATTR(&o.ao, &o.target),
		OPT_CALLBACK_OPTARG(0, "switch-output", &o.so, "signal|size|time",
				    "next file on SIGUSR2, or each size (B/K/M/G) or time (s/m/h/d)",
				    switch_output_cb),
		OPT_STR(0, "switch-output-event", &o.switch_event, "event",
			"next file each time this event fires"),
		OPT_INT(0, "switch-max-files", &o.so.max_files, "n",
			"keep only the newest n switched files"),
		OPT_BOOL(0, "timestamp-filename", &o.timestamp_filename,
			 "append a timestamp to the output file name"),
		OPT_BOOL('q', "quiet", &o.quiet, "don't print any messages"),
		OPT_INCR('v', "verbose", &o.verbose,
			 "be more verbose (show the event attributes with --dry-run)"),
		OPT_BOOL(0, "off-cpu", &o.off_cpu,
			 "also record where tasks block, for off-CPU time (sched:sched_switch)"),
		OPT_BOOL(0, "dry-run", &o.dry_run,
			 "parse the options and events, then exit"),
		OPT_END(),
	};

	memcpy(cmd_argv, argv, (size_t)argc * sizeof(*argv));
	o.ao.events = &o.events;
	o.ao.timestamp = true;
	nargs = opt_parse(argc, argv, options, record_usage, OPT_STOP_AT_NON_OPTION);
	if (nargs < 0) {
		ret = opt_exit_status(nargs);
		goto out;
	}
	msg_set_verbose(msg_verbose() + o.verbose);
	ret = check_options(&o, nargs, &smp);
	if (ret)
		goto out;
	r.el = evlist_new();
	ret = parse_events(&o, r.el);
	if (ret)
		goto out;
	workload_only = nargs > 0 && target_none(&o.target);
	r.id_type = configure(r.el, &o, &smp, workload_only);
	if (o.off_cpu)
		offcpu_config(r.el);
	if (o.dry_run) {
		struct evsel *e;

		if (msg_verbose())
			evlist_for_each(r.el, e) {
				fprintf(stderr, "%s:\n", e->name);
				evsel_fprintf_attr(e, stderr);
			}
		ret = PTOOL_EXIT_OK;
		goto out;
	}
	r.quiet = o.quiet;
	ret = run(&r, &o, &smp, argv, nargs, argc, cmd_argv);
out:
	rec_release(&r);
	switchout_release(&o.so);
	record_attr_release(&o.ao);
	opt_strlist_release(&o.events);
	free(cmd_argv);
	return ret;
}
