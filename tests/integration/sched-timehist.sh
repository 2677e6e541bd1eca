#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool sched timehist against perf sched timehist on a 'perf sched record'
# file: the same lines (and so the same sums of wait, delay and run time),
# with every option; perf reads 'ptool sched record' files, and timehist
# gives the same text on them as perf.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sched.inc"
need_sched

work="$WORKLOADS/diffwork 2 & $WORKLOADS/diffwork 8 & sleep 0.05; sleep 0.05; wait"
sched_record perf perf.data "$work"

same() {
	local desc=$1 file=$2; shift 2
	"$PERF" sched timehist -i "$file" "$@" > perf.out 2>/dev/null
	"$PTOOL" sched timehist -i "$file" "$@" > ptool.out 2>ptool.err ||
		{ cat ptool.err; fail "ptool sched timehist $desc failed"; }
	# samples of tasks in another pid namespace carry tid -1; the pid
	# the summary shows for that pseudo-thread is not compared
	sed -Ei 's|^ *:-1\[-1/[0-9]+\]|:-1[-1/N]|' perf.out ptool.out
	diff -u perf.out ptool.out > d.diff || { head -30 d.diff; fail "timehist $desc differs from perf"; }
}

for a in "" "-w" "-M" "-V" "--state" "-n" "-s" "-S" "-s --state" "-w -M -V --state -S"; do
	same "[$a]" perf.data $a
done
ok "timehist lines and summaries are perf's"

# the sums of the three columns, on the lines of the switches
sums() { awk '/^ *[0-9]+\.[0-9]+ \[[0-9]+\]/ && NF >= 6 { w += $(NF-2); d += $(NF-1); r += $NF; n++ }
	END { printf "%d %.3f %.3f %.3f\n", n, w, d, r }' "$1"; }
"$PERF" sched timehist -i perf.data > perf.out 2>/dev/null
"$PTOOL" sched timehist -i perf.data > ptool.out
[ "$(sums perf.out)" = "$(sums ptool.out)" ] || fail "sums differ: perf $(sums perf.out), ptool $(sums ptool.out)"
[ "$(sums ptool.out | cut -d' ' -f1)" -gt 10 ] || fail "fewer than 10 switches: $(sums ptool.out)"
ok "sums of wait, delay and run time equal perf's: $(sums ptool.out)"

# -p: only the workload's processes
pid=$(awk '/diffwork\[[0-9]+\]/ { match($0, /diffwork\[[0-9]+\]/); s = substr($0, RSTART + 9, RLENGTH - 10); print s; exit }' ptool.out)
[ -n "$pid" ] || fail "no diffwork line"
same "[-p $pid]" perf.data -p "$pid"
same "[-s -p $pid]" perf.data -s -p "$pid"
ok "-p filters as perf does"

# ptool sched record: perf reads the file and agrees
sched_record ptool ptool.data "$work"
"$PERF" evlist -i ptool.data > evlist.out 2>&1 || { cat evlist.out; fail "perf cannot read ptool sched record's file"; }
for e in sched_switch sched_waking sched_wakeup_new sched_migrate_task sched_process_fork; do
	assert_match "perf evlist" "sched:$e" evlist.out
done
# the workload's tasks: the recorder's own threads appear in the file
# before their COMM records, in an order that changes from run to run
"$PTOOL" sched timehist -i ptool.data > ptool.out
pid2=$(awk '/diffwork\[[0-9]+\]/ { match($0, /diffwork\[[0-9]+\]/); s = substr($0, RSTART + 9, RLENGTH - 10); print s; exit }' ptool.out)
[ -n "$pid2" ] || fail "no diffwork line in ptool sched record's file"
same "[ptool sched record file, -p $pid2]" ptool.data -p "$pid2"
same "[ptool sched record file, -S --state -p $pid2]" ptool.data -S --state -p "$pid2"
ok "perf reads ptool sched record's file and timehist agrees"

# a file without sched_switch is an error
"$PERF" record -q -e cpu-clock -o cpu.data true >/dev/null 2>&1 || skip "perf record failed"
"$PTOOL" sched timehist -i cpu.data > /dev/null 2>err.out; rc=$?
[ $rc -eq 1 ] || fail "no sched_switch: exit $rc, expected 1"
assert_match "message" "no sched_switch events" err.out
ok "errors"
