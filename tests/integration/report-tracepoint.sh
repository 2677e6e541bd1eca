#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A file whose events are all tracepoints is reported by perf's "trace"
# sort key: one line per distinct formatted record. ptool report prints
# perf report's lines exactly (only perf's random tip is left out).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-common.inc"
need_perf
need_root
need_workloads writeloop
"$PERF" list sched:sched_switch 2>/dev/null | grep -q sched_switch || skip "no sched tracepoints"
cd "$TMPD" || fail "no tmpdir"

work='for i in 1 2 3 4 5 6; do ls /usr/bin >/dev/null; sleep 0.01; done'
for t in perf ptool; do
	bin=$PERF
	[ $t = ptool ] && bin=$PTOOL
	"$bin" record -q -e sched:sched_switch,sched:sched_wakeup -o sched-$t.data -- \
		sh -c "$work" >/dev/null 2>&1 || fail "$t record of sched tracepoints"
	# one exec: an event of one sample, whose text perf cuts to the title
	"$bin" record -q -e sched:sched_process_exec -e syscalls:sys_enter_write \
		-o write-$t.data -- "$WORKLOADS/writeloop" 20 >/dev/null 2>&1 ||
		fail "$t record of syscall tracepoints"
	"$bin" record -q -e sched:sched_switch -a -o all-$t.data -- sleep 0.2 \
		>/dev/null 2>&1 || fail "$t record -a"
done
for t in perf ptool; do
	grep -q 'Trace output' <("$PERF" report --stdio -i sched-$t.data 2>/dev/null) ||
		fail "perf does not sort $t's tracepoint file by trace"
	report_same sched-$t.data "sched tracepoints ($t's file)"
	report_same sched-$t.data "-n ($t's file)" -n
	report_same sched-$t.data "-q ($t's file)" -q
	report_same sched-$t.data "--percent-limit ($t's file)" --percent-limit 10
	report_same write-$t.data "an event of one sample ($t's file)"
	# -a adds perf's dummy event: no longer all tracepoints
	report_same all-$t.data "-a ($t's file)"
	grep -q 'Shared Object' ptool.out || fail "-a file sorted by trace"
done
ok "tracepoint-only files: perf's --sort trace, line for line"

"$PERF" record -q -e cpu-clock -o cc.data -- "$WORKLOADS/writeloop" 20 >/dev/null 2>&1 ||
	fail "perf record -e cpu-clock"
report_same cc.data "--sort trace of a cpu-clock file" --sort trace
grep -q 'N/A' ptool.out || fail "no N/A for a non-tracepoint event"
ok "--sort trace of other events: N/A as perf"
exit 0
