#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A file whose events are all tracepoints is reported by perf's "trace"
# sort key: one line per distinct formatted record. ptool report prints
# perf report's lines exactly (only perf's random tip is left out).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-common.inc"
need_perf
need_root
[ -x "$WORKLOADS/writeloop" ] || skip "build/workloads/writeloop is not built"
"$PERF" list sched:sched_switch 2>/dev/null | grep -q sched_switch || skip "no sched tracepoints"
cd "$TMPD" || fail "no tmpdir"

compare() {	# FILE DESC [ARGS...]
	local file=$1 desc=$2
	shift 2
	"$PERF" report --stdio -i "$file" "$@" >perf.raw 2>/dev/null || fail "$desc: perf report failed"
	strip_tip perf.raw >perf.out
	"$PTOOL" report --stdio -i "$file" "$@" >ptool.out 2>ptool.err ||
		{ cat ptool.err; fail "$desc: ptool report failed"; }
	grep -v '^#' perf.out | grep -q '%' || { cat perf.out; fail "$desc: perf reports nothing"; }
	if ! cmp -s perf.out ptool.out; then
		diff -u perf.out ptool.out | head -30
		fail "$desc: differs from perf report"
	fi
}

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
	compare sched-$t.data "sched tracepoints ($t's file)"
	compare sched-$t.data "-n ($t's file)" -n
	compare sched-$t.data "-q ($t's file)" -q
	compare sched-$t.data "--percent-limit ($t's file)" --percent-limit 10
	compare write-$t.data "an event of one sample ($t's file)"
	# -a adds perf's dummy event: no longer all tracepoints
	compare all-$t.data "-a ($t's file)"
	grep -q 'Shared Object' ptool.out || fail "-a file sorted by trace"
done
ok "tracepoint-only files: perf's --sort trace, line for line"

"$PERF" record -q -e cpu-clock -o cc.data -- "$WORKLOADS/writeloop" 20 >/dev/null 2>&1 ||
	fail "perf record -e cpu-clock"
compare cc.data "--sort trace of a cpu-clock file" --sort trace
grep -q 'N/A' ptool.out || fail "no N/A for a non-tracepoint event"
ok "--sort trace of other events: N/A as perf"
exit 0
