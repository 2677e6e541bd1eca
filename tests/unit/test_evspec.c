// SPDX-License-Identifier: GPL-2.0
/*
 * The -e parser against a fake sysfs and tracefs tree in a temp dir: every
 * syntax it accepts (as attr fields) and malformed specs with the position
 * of their error.
 */
#include <errno.h>
#include <inttypes.h>
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

#include "ptool/evspec.h"
#include "ptool/pmu.h"
#include "ptool/strbuf.h"
#include "ptool/sysroots.h"
#include "ptool/tfs.h"
#include "ptool/tp.h"

static char root[256];
static char sysfs[300], tracefs[300];
static struct tfs *tfs;

static void put(const char *base, const char *rel, const char *text)
{
	char path[1024], *slash;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	for (slash = strchr(path + strlen(base) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	snprintf(root, sizeof(root), "/tmp/ptool-evspec.XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(sysfs, sizeof(sysfs), "%s/sys", root);
	snprintf(tracefs, sizeof(tracefs), "%s/tracing", root);
	mkdir(sysfs, 0755);
	mkdir(tracefs, 0755);
	put(sysfs, "bus/event_source/devices/cpu/type", "4\n");
	put(sysfs, "bus/event_source/devices/cpu/format/event", "config:0-7\n");
	put(sysfs, "bus/event_source/devices/cpu/format/umask", "config:8-15\n");
	put(sysfs, "bus/event_source/devices/cpu/format/edge", "config:18\n");
	put(sysfs, "bus/event_source/devices/cpu/format/inv", "config:23\n");
	put(sysfs, "bus/event_source/devices/cpu/format/cmask", "config:24-31\n");
	put(sysfs, "bus/event_source/devices/cpu/format/ldlat", "config1:0-15\n");
	put(sysfs, "bus/event_source/devices/cpu/format/split", "config:0-3,32-35\n");
	put(sysfs, "bus/event_source/devices/cpu/events/cpu-cycles", "event=0x3c\n");
	put(sysfs, "bus/event_source/devices/cpu/events/mem-loads",
	    "event=0xcd,umask=0x1,ldlat=3\n");
	put(sysfs, "bus/event_source/devices/cpu/events/mem-loads.unit", "B\n");
	put(sysfs, "bus/event_source/devices/msr/type", "9\n");
	put(sysfs, "bus/event_source/devices/msr/format/event", "config:0-63\n");
	put(sysfs, "bus/event_source/devices/msr/events/tsc", "event=0x00\n");
	put(sysfs, "bus/event_source/devices/software/type", "1\n");
	put(sysfs, "bus/event_source/devices/software/events/cpu-clock", "config=0\n");
	put(tracefs, "events/sched/sched_switch/id", "316\n");
	put(tracefs, "events/sched/sched_wakeup/id", "317\n");
	put(tracefs, "events/sched/enable", "0\n");
	put(tracefs, "events/syscalls/sys_enter_write/id", "700\n");
	put(tracefs, "events/syscalls/sys_enter_read/id", "701\n");
	put(tracefs, "events/syscalls/sys_exit_write/id", "702\n");
	put(tracefs, "events/probe_a/main_L4/id", "2000\n");
	put(tracefs, "events/header_page", "x\n");
	tfs = tfs_open(tracefs);
	assert_non_null(tfs);
	return 0;
}

static int teardown(void **state)
{
	char cmd[400];

	tfs_free(tfs);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* one line per event: name type config, then what is excluded and more */
static void describe(const struct evlist *el, struct strbuf *sb)
{
	for (int i = 0; i < el->nr; i++) {
		const struct evsel *e = el->entry[i];
		const struct perf_event_attr *a = &e->attr;

		strbuf_addf(sb, "%s%s %u %#" PRIx64, i ? "; " : "", e->name,
			    a->type, (uint64_t)a->config);
		if (a->config1 && a->type != PERF_TYPE_BREAKPOINT)	/* bp_addr */
			strbuf_addf(sb, " c1=%#" PRIx64, (uint64_t)a->config1);
		if (a->exclude_user)
			strbuf_addstr(sb, " -u");
		if (a->exclude_kernel)
			strbuf_addstr(sb, " -k");
		if (a->exclude_hv)
			strbuf_addstr(sb, " -h");
		if (!a->exclude_guest)
			strbuf_addstr(sb, " +G");
		if (a->exclude_host)
			strbuf_addstr(sb, " -H");
		if (a->precise_ip)
			strbuf_addf(sb, " p%u", (unsigned int)a->precise_ip);
		if (a->pinned)
			strbuf_addstr(sb, " pinned");
		if (a->exclude_idle)
			strbuf_addstr(sb, " -idle");
		if (e->sample_read)
			strbuf_addstr(sb, " S");
		if (a->exclusive)
			strbuf_addstr(sb, " excl");
		if (a->type == PERF_TYPE_BREAKPOINT)
			strbuf_addf(sb, " bp=%#" PRIx64 "/%" PRIu64 "/%u",
				    (uint64_t)a->bp_addr, (uint64_t)a->bp_len,
				    (unsigned int)a->bp_type);
		if (a->sample_period)
			strbuf_addf(sb, " period=%" PRIu64, (uint64_t)a->sample_period);
		if (a->freq)
			strbuf_addstr(sb, " freq");
		if (e->leader != e)
			strbuf_addf(sb, " L%d", e->leader->idx);
		else if (e->nr_members > 1)
			strbuf_addf(sb, " G%d", e->nr_members);
	}
}

static const struct {
	const char *spec;
	const char *want;
} valid[] = {
	/* hardware, with perf's aliases */
	{ "cycles", "cycles 0 0" },
	{ "cpu-cycles", "cpu-cycles 0 0" },
	{ "instructions", "instructions 0 0x1" },
	{ "cache-references", "cache-references 0 0x2" },
	{ "cache-misses", "cache-misses 0 0x3" },
	{ "branches", "branches 0 0x4" },
	{ "branch-instructions", "branch-instructions 0 0x4" },
	{ "branch-misses", "branch-misses 0 0x5" },
	{ "bus-cycles", "bus-cycles 0 0x6" },
	{ "stalled-cycles-frontend", "stalled-cycles-frontend 0 0x7" },
	{ "idle-cycles-backend", "idle-cycles-backend 0 0x8" },
	{ "ref-cycles", "ref-cycles 0 0x9" },
	/* software */
	{ "cpu-clock", "cpu-clock 1 0" },
	{ "task-clock", "task-clock 1 0x1" },
	{ "page-faults", "page-faults 1 0x2" },
	{ "faults", "faults 1 0x2" },
	{ "cs", "cs 1 0x3" },
	{ "context-switches", "context-switches 1 0x3" },
	{ "migrations", "migrations 1 0x4" },
	{ "cpu-migrations", "cpu-migrations 1 0x4" },
	{ "minor-faults", "minor-faults 1 0x5" },
	{ "major-faults", "major-faults 1 0x6" },
	{ "alignment-faults", "alignment-faults 1 0x7" },
	{ "emulation-faults", "emulation-faults 1 0x8" },
	{ "dummy", "dummy 1 0x9" },
	{ "bpf-output", "bpf-output 1 0xa" },
	/* hardware cache: id | op << 8 | result << 16 */
	{ "L1-dcache-loads", "L1-dcache-loads 3 0" },
	{ "L1-dcache-load-misses", "L1-dcache-load-misses 3 0x10000" },
	{ "L1-dcache-stores", "L1-dcache-stores 3 0x100" },
	{ "L1-dcache-prefetch-misses", "L1-dcache-prefetch-misses 3 0x10200" },
	{ "l1d-loads", "l1d-loads 3 0" },
	{ "L1-icache-load-misses", "L1-icache-load-misses 3 0x10001" },
	{ "LLC-load-misses", "LLC-load-misses 3 0x10002" },
	{ "LLC-stores", "LLC-stores 3 0x102" },
	{ "L2-store-misses", "L2-store-misses 3 0x10102" },
	{ "dTLB-loads", "dTLB-loads 3 0x3" },
	{ "dTLB-load-misses", "dTLB-load-misses 3 0x10003" },
	{ "iTLB-load-misses", "iTLB-load-misses 3 0x10004" },
	{ "branch-loads", "branch-loads 3 0x5" },
	{ "branch-load-misses", "branch-load-misses 3 0x10005" },
	{ "node-loads", "node-loads 3 0x6" },
	{ "node-prefetches", "node-prefetches 3 0x206" },
	{ "L1-dcache-misses", "L1-dcache-misses 3 0x10000" },
	{ "L1-dcache-miss-load", "L1-dcache-miss-load 3 0x10000" },
	{ "LLC", "LLC 3 0x2" },
	/* raw */
	{ "r1a2b", "r1a2b 4 0x1a2b" },
	{ "rFF:u", "rFF:u 4 0xff -k -h" },
	/* modifiers */
	{ "cycles:u", "cycles:u 0 0 -k -h" },
	{ "cycles:k", "cycles:k 0 0 -u -h +G" },
	{ "cycles:h", "cycles:h 0 0 -u -k +G" },
	{ "cycles:uk", "cycles:uk 0 0 -h" },
	{ "cycles:p", "cycles:p 0 0 p1" },
	{ "cycles:pp", "cycles:pp 0 0 p2" },
	{ "cycles:ppp", "cycles:ppp 0 0 p3" },
	{ "cycles:upp", "cycles:upp 0 0 -k -h p2" },
	{ "cycles:P", "cycles:P 0 0 +G" },
	{ "cycles:G", "cycles:G 0 0 +G -H" },
	{ "cycles:H", "cycles:H 0 0" },
	{ "cycles:GH", "cycles:GH 0 0 +G" },
	{ "cycles:D", "cycles:D 0 0 +G pinned" },
	{ "cycles:I", "cycles:I 0 0 +G -idle" },
	{ "cycles:S", "cycles:S 0 0 +G S" },
	{ "cycles:W", "cycles:W 0 0 +G" },
	{ "cs:e", "cs:e 1 0x3 +G excl" },
	/* symbolic events with terms */
	{ "cycles/period=1000/", "cycles/period=1000/ 0 0 period=1000" },
	{ "cpu-clock/period=10,name=foo/", "foo 1 0 period=10" },
	{ "cs/freq=99/u", "cs/freq=99/u 1 0x3 -k -h period=99 freq" },
	{ "L1-dcache-loads/period=7/", "L1-dcache-loads/period=7/ 3 0 period=7" },
	/* hardware breakpoints: R=1 W=2 X=4 */
	{ "mem:0x1000", "mem:0x1000 5 0 bp=0x1000/4/3 period=1" },
	{ "mem:0x2000:x", "mem:0x2000:x 5 0 bp=0x2000/8/4 period=1" },
	{ "mem:0x3000/8:w", "mem:0x3000/8:w 5 0 bp=0x3000/8/2 period=1" },
	{ "mem:4096:rw:u", "mem:4096:rw:u 5 0 -k -h bp=0x1000/4/3 period=1" },
	{ "mem:0x10:u", "mem:0x10:u 5 0 -k -h bp=0x10/4/3 period=1" },
	/* lists and groups */
	{ "cycles,instructions", "cycles 0 0; instructions 0 0x1" },
	{ "{cycles,instructions}", "cycles 0 0 G2; instructions 0 0x1 L0" },
	{ "{cs,faults}:u", "cs 1 0x3 -k -h G2; faults 1 0x2 -k -h L0" },
	{ "{cs:k,faults}:u", "cs:k 1 0x3 -h G2; faults 1 0x2 -k -h L0" },
	{ "cs,{faults,migrations},dummy",
	  "cs 1 0x3; faults 1 0x2 G2; migrations 1 0x4 L1; dummy 1 0x9" },
	{ "{cs}", "cs 1 0x3" },
	/* sysfs PMUs */
	{ "cpu/event=0x3c/", "cpu/event=0x3c/ 4 0x3c" },
	{ "cpu/event=0x3c,umask=0x2/", "cpu/event=0x3c,umask=0x2/ 4 0x23c" },
	{ "cpu/event=1,edge,inv/", "cpu/event=1,edge,inv/ 4 0x840001" },
	{ "cpu/event=1,cmask=3/u", "cpu/event=1,cmask=3/u 4 0x3000001 -k -h" },
	{ "cpu/event=1/:k", "cpu/event=1/:k 4 0x1 -u -h +G" },
	{ "cpu/config=0x1234,config1=5/", "cpu/config=0x1234,config1=5/ 4 0x1234 c1=0x5" },
	{ "cpu/split=0xab/", "cpu/split=0xab/ 4 0xa0000000b" },
	{ "cpu/cpu-cycles/", "cpu/cpu-cycles/ 4 0x3c" },
	{ "cpu/mem-loads/", "cpu/mem-loads/ 4 0x1cd c1=0x3" },
	{ "cpu/event=0x3c,name=mine/", "mine 4 0x3c" },
	{ "cpu/event=0x3c,period=1000/", "cpu/event=0x3c,period=1000/ 4 0x3c period=1000" },
	{ "cpu/event=0x3c,freq=99/", "cpu/event=0x3c,freq=99/ 4 0x3c period=99 freq" },
	{ "msr/tsc/", "msr/tsc/ 9 0" },
	{ "software/cpu-clock/", "software/cpu-clock/ 1 0" },
	{ "mem-loads", "mem-loads 4 0x1cd c1=0x3" },
	{ "tsc:u", "tsc:u 9 0 -k -h" },
	/* tracepoints, kprobe/uprobe groups, globs */
	{ "sched:sched_switch", "sched:sched_switch 2 0x13c period=1" },
	{ "sched:sched_switch:u", "sched:sched_switch 2 0x13c -k -h period=1" },
	{ "probe_a:main_L4", "probe_a:main_L4 2 0x7d0 period=1" },
	{ "sched:*", "sched:sched_switch 2 0x13c period=1; sched:sched_wakeup 2 0x13d period=1" },
	{ "syscalls:sys_enter_*",
	  "syscalls:sys_enter_read 2 0x2bd period=1; syscalls:sys_enter_write 2 0x2bc period=1" },
	{ "syscalls:sys_*_write",
	  "syscalls:sys_enter_write 2 0x2bc period=1; syscalls:sys_exit_write 2 0x2be period=1" },
	{ "s?hed:sched_w*", "sched:sched_wakeup 2 0x13d period=1" },
	{ "{sched:sched_switch,cs}", "sched:sched_switch 2 0x13c period=1 G2; cs 1 0x3 L0" },
};

static void test_valid(void **state)
{
	struct evspec_ctx ctx = { .sysfs = sysfs, .tfs = tfs };

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		struct evlist *el = evlist_new();
		struct evspec_err err;
		struct strbuf sb = STRBUF_INIT;
		int ret = evspec_parse(el, valid[i].spec, &ctx, &err);

		if (ret)
			fail_msg("'%s': %s at %d", valid[i].spec, err.msg, err.pos);
		describe(el, &sb);
		if (strcmp(sb.buf, valid[i].want))
			fail_msg("'%s':\n  got  '%s'\n  want '%s'", valid[i].spec,
				 sb.buf, valid[i].want);
		/* every event has perf's default exclude_guest unless :G */
		strbuf_release(&sb);
		evlist_free(el);
	}
}

static const struct {
	const char *spec;
	int pos;
	int kind;
	const char *msg;	/* a part of the message */
} invalid[] = {
	{ "", 0, EVSPEC_E_SYNTAX, "empty" },
	{ ",", 0, EVSPEC_E_SYNTAX, "empty event" },
	{ "cs,", 3, EVSPEC_E_SYNTAX, "event expected" },
	{ ",cs", 0, EVSPEC_E_SYNTAX, "empty event" },
	{ "cs,,faults", 3, EVSPEC_E_SYNTAX, "empty event" },
	{ "cycles:x", 7, EVSPEC_E_SYNTAX, "unknown modifier 'x'" },
	{ "cycles:ux", 8, EVSPEC_E_SYNTAX, "unknown modifier 'x'" },
	{ "cycles:", 7, EVSPEC_E_SYNTAX, "modifier expected" },
	{ "cycles::u", 7, EVSPEC_E_SYNTAX, "unknown modifier ':'" },
	{ "cycles:pppp", 10, EVSPEC_E_SYNTAX, "too many 'p'" },
	{ "cycles:u k", 8, EVSPEC_E_SYNTAX, "unknown modifier ' '" },
	{ "cyclez", 0, EVSPEC_E_UNKNOWN, "unknown event 'cyclez'" },
	{ "cs,cyclez", 3, EVSPEC_E_UNKNOWN, "unknown event 'cyclez'" },
	{ "cyclez:u", 0, EVSPEC_E_UNKNOWN, "unknown event 'cyclez'" },
	{ "cycles x", 6, EVSPEC_E_SYNTAX, "unexpected character ' '" },
	{ "cycles=1", 6, EVSPEC_E_SYNTAX, "unexpected character '='" },
	{ "{cs", 0, EVSPEC_E_SYNTAX, "'}' expected" },
	{ "{cs,faults", 0, EVSPEC_E_SYNTAX, "'}' expected" },
	{ "cs}", 2, EVSPEC_E_SYNTAX, "'}' without '{'" },
	{ "{}", 1, EVSPEC_E_SYNTAX, "empty event" },
	{ "{cs,{faults}}", 4, EVSPEC_E_SYNTAX, "nested" },
	{ "{cs}:x", 5, EVSPEC_E_SYNTAX, "unknown modifier 'x'" },
	{ "{cs}x", 4, EVSPEC_E_SYNTAX, "unexpected" },
	{ "{cs,}", 4, EVSPEC_E_SYNTAX, "empty event" },
	{ ":u", 0, EVSPEC_E_SYNTAX, "unexpected character ':'" },
	{ "L1-icache-stores", 0, EVSPEC_E_UNKNOWN, "no such operation" },
	{ "iTLB-prefetches", 0, EVSPEC_E_UNKNOWN, "no such operation" },
	{ "cpu/event=0x3c", 14, EVSPEC_E_SYNTAX, "'/' expected" },
	{ "cpu/event=/", 10, EVSPEC_E_SYNTAX, "value expected" },
	{ "cpu/event=zz/", 10, EVSPEC_E_SYNTAX, "not a number" },
	{ "cpu/event=0x100/", 10, EVSPEC_E_SYNTAX, "does not fit" },
	{ "cpu/bogus=1/", 4, EVSPEC_E_UNKNOWN, "unknown term 'bogus'" },
	{ "cpu/event=1,/", 12, EVSPEC_E_SYNTAX, "term expected" },
	{ "cpu/event=1/x", 12, EVSPEC_E_SYNTAX, "unknown modifier 'x'" },
	{ "cpu/,/", 4, EVSPEC_E_SYNTAX, "term expected" },
	{ "cpu/name=/", 9, EVSPEC_E_SYNTAX, "value expected" },
	{ "nopmu/event=1/", 0, EVSPEC_E_UNKNOWN, "unknown PMU 'nopmu'" },
	{ "cs,nopmu/x/", 3, EVSPEC_E_UNKNOWN, "unknown PMU" },
	{ "sched:", 6, EVSPEC_E_SYNTAX, "tracepoint name expected" },
	{ "sched:nosuch", 0, EVSPEC_E_UNKNOWN, "unknown tracepoint 'sched:nosuch'" },
	{ "nosys:*", 0, EVSPEC_E_UNKNOWN, "unknown tracepoint" },
	{ "sched:sched_switch:q", 19, EVSPEC_E_SYNTAX, "unknown modifier 'q'" },
	{ "cs,sched:zz*", 3, EVSPEC_E_UNKNOWN, "unknown tracepoint" },
	{ "sched:sched_switch/", 18, EVSPEC_E_SYNTAX, "unexpected character '/'" },
	{ "r12g4", 0, EVSPEC_E_UNKNOWN, "unknown event 'r12g4'" },
	{ "cs$", 2, EVSPEC_E_SYNTAX, "unexpected character '$'" },
	{ "cs\x01", 2, EVSPEC_E_SYNTAX, "unexpected byte 0x01" },
	{ "cs:b", 3, EVSPEC_E_SYNTAX, "BPF" },
	{ "cycles/config=1/", 7, EVSPEC_E_UNKNOWN, "cannot be used with 'cycles'" },
	{ "cycles/period=1000", 18, EVSPEC_E_SYNTAX, "'/' expected" },
	{ "mem:", 4, EVSPEC_E_SYNTAX, "address expected" },
	{ "mem:0x10/3", 9, EVSPEC_E_SYNTAX, "1, 2, 4 or 8" },
	{ "mem:0x10:rx", 9, EVSPEC_E_SYNTAX, "execute" },
	{ "mem:0x10:q", 9, EVSPEC_E_SYNTAX, "unknown modifier 'q'" },
	{ "duration_time", 0, EVSPEC_E_UNKNOWN, "unknown event 'duration_time'" },
	{ "cycles:uu", 8, EVSPEC_E_SYNTAX, "modifier 'u' given twice" },
	{ "cycles:ukhk", 10, EVSPEC_E_SYNTAX, "modifier 'k' given twice" },
};

static void test_invalid(void **state)
{
	struct evspec_ctx ctx = { .sysfs = sysfs, .tfs = tfs };

	assert_true(sizeof(invalid) / sizeof(invalid[0]) >= 30);
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		struct evlist *el = evlist_new();
		struct evspec_err err;
		int ret;

		evspec_parse(el, "dummy", &ctx, &err);	/* kept on failure */
		ret = evspec_parse(el, invalid[i].spec, &ctx, &err);
		if (ret != -EINVAL)
			fail_msg("'%s': returned %d", invalid[i].spec, ret);
		if (err.pos != invalid[i].pos || err.kind != invalid[i].kind ||
		    !strstr(err.msg, invalid[i].msg))
			fail_msg("'%s': got pos %d kind %d '%s', want pos %d kind %d '%s'",
				 invalid[i].spec, err.pos, err.kind, err.msg,
				 invalid[i].pos, invalid[i].kind, invalid[i].msg);
		assert_int_equal(el->nr, 1);
		evspec_err_release(&err);
		evlist_free(el);
	}
}

static void test_caret(void **state)
{
	struct evlist *el = evlist_new();
	struct evspec_err err;
	char buf[512];

	assert_int_equal(evspec_parse(el, "cycles:x", NULL, &err), -EINVAL);
	evspec_err_format(&err, "ptool stat", buf, sizeof(buf));
	assert_string_equal(buf,
		"ptool stat: event syntax error: 'cycles:x'\n"
		"                                        ^ unknown modifier 'x'");
	evspec_err_release(&err);
	assert_int_equal(evspec_parse(el, "cyclez", NULL, &err), -EINVAL);
	evspec_err_format(&err, "ptool stat", buf, sizeof(buf));
	assert_string_equal(buf,
		"ptool stat: unknown event 'cyclez' (did you mean 'cycles'?)\n"
		"Run 'ptool list' for the events this machine offers");
	evspec_err_release(&err);
	/* a control byte in the spec is shown as '?': no line break in the echo */
	assert_int_equal(evspec_parse(el, "cycles\nid", NULL, &err), -EINVAL);
	evspec_err_format(&err, "ptool stat", buf, sizeof(buf));
	assert_string_equal(buf,
		"ptool stat: event syntax error: 'cycles?id'\n"
		"                                       ^ unexpected byte 0x0a");
	evspec_err_release(&err);
	evlist_free(el);
}

static void test_tool_events(void **state)
{
	struct evspec_ctx ctx = { .sysfs = sysfs, .tfs = tfs, .tool_events = true };
	struct evlist *el = evlist_new();
	struct evspec_err err;

	assert_int_equal(evspec_parse(el, "duration_time,user_time,system_time,cs",
				      &ctx, &err), 0);
	assert_int_equal(el->nr, 4);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(el->entry[i]->kind, EVSEL_TOOL);
		assert_int_equal(el->entry[i]->attr.config, i);
	}
	assert_string_equal(el->entry[0]->name, "duration_time");
	assert_int_equal(evsel_open(el->entry[0], NULL, NULL), -EOPNOTSUPP);
	evlist_free(el);
}

static void test_no_tracefs(void **state)
{
	struct evspec_ctx ctx = { .sysfs = sysfs };
	struct evlist *el = evlist_new();
	struct evspec_err err;

	/* an empty dir as tracefs: no events at all */
	sysroots_set(&(struct sysroots){ .tracefs = sysfs });
	assert_int_equal(evspec_parse(el, "sched:sched_switch", &ctx, &err), -EINVAL);
	assert_int_equal(err.kind, EVSPEC_E_UNKNOWN);
	evspec_err_release(&err);
	/* symbolic events never look at tracefs */
	sysroots_set(&(struct sysroots){ .tracefs = "/nonexistent/ptool" });
	assert_int_equal(evspec_parse(el, "cs:u", &ctx, &err), 0);
	assert_int_equal(evspec_parse(el, "sched:sched_switch", &ctx, &err), -EINVAL);
	assert_int_equal(err.kind, EVSPEC_E_SYSTEM);
	assert_non_null(strstr(err.msg, "tracefs"));
	evspec_err_release(&err);
	sysroots_set(NULL);
	evlist_free(el);
}

static void test_cache_names(void **state)
{
	char buf[64];
	int n = 0;

	assert_true(evspec_cache_name(PERF_COUNT_HW_CACHE_L1D, 0, 1, buf, sizeof(buf)));
	assert_string_equal(buf, "L1-dcache-load-misses");
	assert_true(evspec_cache_name(PERF_COUNT_HW_CACHE_DTLB, 1, 0, buf, sizeof(buf)));
	assert_string_equal(buf, "dTLB-stores");
	assert_false(evspec_cache_name(PERF_COUNT_HW_CACHE_ITLB, 1, 0, buf, sizeof(buf)));
	/* every listed name parses back to its config */
	for (int c = 0; c < PERF_COUNT_HW_CACHE_MAX; c++)
		for (int op = 0; op < PERF_COUNT_HW_CACHE_OP_MAX; op++)
			for (int r = 0; r < PERF_COUNT_HW_CACHE_RESULT_MAX; r++) {
				struct evlist *el;
				struct evspec_err err;

				if (!evspec_cache_name(c, op, r, buf, sizeof(buf)))
					continue;
				el = evlist_new();
				assert_int_equal(evspec_parse(el, buf, NULL, &err), 0);
				assert_int_equal(el->entry[0]->attr.type, PERF_TYPE_HW_CACHE);
				assert_int_equal(el->entry[0]->attr.config,
						 c | op << 8 | r << 16);
				evlist_free(el);
				n++;
			}
	assert_int_equal(n, 30);
}

static void test_pmu_helpers(void **state)
{
	char **v;
	int n;
	struct perf_event_attr a = { 0 };

	assert_int_equal(pmu_type(sysfs, "cpu"), 4);
	assert_int_equal(pmu_type(sysfs, "nope"), -ENOENT);
	assert_int_equal(pmu_type(sysfs, "../cpu"), -ENOENT);
	n = pmu_names(sysfs, &v);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "cpu");
	assert_string_equal(v[2], "software");
	pmu_strv_free(v, n);
	n = pmu_events(sysfs, "cpu", &v);
	assert_int_equal(n, 2);	/* mem-loads.unit is not an event */
	assert_string_equal(v[0], "cpu-cycles");
	assert_string_equal(v[1], "mem-loads");
	pmu_strv_free(v, n);
	assert_int_equal(pmu_apply_term(sysfs, "cpu", "umask", 0xff, &a), 0);
	assert_int_equal(a.config, 0xff00);
	assert_int_equal(pmu_apply_term(sysfs, "cpu", "umask", 0x100, &a), -ERANGE);
	assert_int_equal(pmu_apply_term(sysfs, "cpu", "nope", 1, &a), -ENOENT);
}

static void test_tp_helpers(void **state)
{
	struct tp_name *v;
	int n;

	assert_int_equal(tp_id(tfs, "sched", "sched_switch"), 316);
	assert_int_equal(tp_id(tfs, "sched", "nosuch"), -ENOENT);
	assert_int_equal(tp_id(tfs, "..", "sched_switch"), -ENOENT);
	n = tp_glob(tfs, "*", "*", &v);
	assert_int_equal(n, 6);	/* "enable" and header_page are no events */
	assert_string_equal(v[0].sys, "probe_a");
	assert_string_equal(v[5].name, "sys_exit_write");
	tp_names_free(v, n);
	assert_int_equal(tp_glob(tfs, "none", "*", &v), 0);
	tp_names_free(v, 0);
	assert_true(tp_is_glob("a*"));
	assert_false(tp_is_glob("sched_switch"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_caret),
		cmocka_unit_test(test_tool_events),
		cmocka_unit_test(test_no_tracefs),
		cmocka_unit_test(test_cache_names),
		cmocka_unit_test(test_pmu_helpers),
		cmocka_unit_test(test_tp_helpers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
