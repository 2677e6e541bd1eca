#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Off-CPU recordings in report, script --folded, the flame graph and pprof:
# wall-clock time (CPU periods + blocked ns) by default, --off-cpu-only and
# --on-cpu-only apart; the totals agree between the outputs; off-CPU frames
# are blue in the flame graph.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
need_sampling
need_workloads offcpu
cd "$TMPD"
"$PTOOL" record --off-cpu -g -o oc.data -- "$WORKLOADS/offcpu" 300 3 > /dev/null 2> rec.err ||
	{ grep -q "sched_switch" rec.err && skip "no sched:sched_switch here: $(cat rec.err)"
	  cat rec.err; fail "record --off-cpu failed"; }

evcount() {	# evcount EVENT-NAME ARGS...: report's "Event count" of that event
	local ev=$1; shift
	"$PTOOL" report -i oc.data --stdio --no-children "$@" 2>/dev/null |
		awk -v ev="'$ev'" '/^# Samples:/ {on = index($0, ev) > 0}
			on && /^# Event count/ {print $NF; exit}'
}
sum() { awk '{s += $NF} END {printf "%d\n", s}' "$@"; }

all=$(evcount "cpu-clock:ppp + offcpu-time")
off=$(evcount offcpu-time --off-cpu-only)
on=$(evcount cpu-clock:ppp --on-cpu-only)
echo "report: all $all, off-CPU $off, on-CPU $on"
[ -n "$all" ] && [ -n "$off" ] && [ -n "$on" ] || fail "report headers missing"
[ "$off" -ge 600000000 ] || fail "off-CPU $off ns: 3 x 200 ms missing"
[ "$all" -eq $((off + on)) ] || fail "wall-clock $all != off-CPU $off + on-CPU $on"
# the CPU part counts what perf report counts for cpu-clock
perf_on=$("$PERF" report -i oc.data --stdio --no-children 2>/dev/null |
	awk "/^# Samples:.*'cpu-clock/ {on = 1} on && /^# Event count/ {print \$NF; exit}")
[ "$on" = "$perf_on" ] || fail "on-CPU $on ns, perf report's cpu-clock count $perf_on"
ok "report: wall-clock = off-CPU + on-CPU ns, the on-CPU part is perf report's cpu-clock count"

"$PTOOL" report -i oc.data --stdio --off-cpu-only > off.report 2>&1
assert_match "off-CPU call chain" 'do_nanosleep' off.report
assert_no_match "no CPU samples in --off-cpu-only" 'burn' off.report
"$PTOOL" report -i oc.data --stdio --on-cpu-only > on.report 2>&1
# (a real CPU sample may land in do_nanosleep on its way to sleep)
assert_no_match "no off-CPU time in --on-cpu-only" 'offcpu-time' on.report
ok "report --off-cpu-only and --on-cpu-only"

# folded stacks: the same totals, in ns
"$PTOOL" script -i oc.data --folded > all.folded
"$PTOOL" script -i oc.data --folded --off-cpu-only > off.folded
"$PTOOL" script -i oc.data --folded --on-cpu-only > on.folded
[ "$(sum all.folded)" = "$all" ] || fail "folded wall-clock total $(sum all.folded), report $all"
[ "$(sum off.folded)" = "$off" ] || fail "folded off-CPU total $(sum off.folded), report $off"
# --on-cpu-only folds as stackcollapse-perf.pl does: the period that perf
# script prints on the sample line (it does with the two events here)
"$PERF" script -i oc.data 2>/dev/null | grep -q ' 250000 *cpu-clock' ||
	fail "perf script prints no period on the cpu-clock lines"
[ "$(sum on.folded)" = "$on" ] || fail "--on-cpu-only folded $(sum on.folded), report $on"
"$PTOOL" report -i oc.data --folded --off-cpu-only > roff.folded
cmp -s off.folded roff.folded || fail "report --folded --off-cpu-only differs from script's"
ok "folded: wall-clock, off-CPU and on-CPU totals equal report's"

# the flame graph: off-CPU frames in the blue "io" palette, mixed ones say so
"$PTOOL" script -i oc.data --flamegraph oc.svg 2> fg.err || { cat fg.err; fail "flamegraph failed"; }
# the sleep frames are blue where they are wholly off-CPU: always so in the
# --off-cpu-only graph (in the wall-clock one a CPU sample may land on the
# way to sleep and make them mixed, hence warm)
"$PTOOL" script -i oc.data --flamegraph off.svg --off-cpu-only 2> fg.err ||
	{ cat fg.err; fail "flamegraph --off-cpu-only failed"; }
grep -oE '<title>[^<]*nanosleep[^<]*</title><rect[^>]*fill="rgb\([0-9,]*\)"' off.svg |
	sed 's/.*rgb(\([0-9]*\),\([0-9]*\),\([0-9]*\)).*/\1 \2 \3/' > blue.rgb
[ -s blue.rgb ] || fail "no nanosleep frame in the off-CPU flame graph"
awk '$1 != $2 || $3 < 190 {exit 1}' blue.rgb || { cat blue.rgb; fail "off-CPU sleep frames are not blue"; }
assert_match "main is part off-CPU" '<title>main \([0-9,]+ ns, [0-9.]+%; off-CPU [0-9.]+%\)' oc.svg
assert_match "legend" '>off-CPU</text>' oc.svg
assert_match "title" 'Wall-Clock Flame Graph' oc.svg
grep -o '<title>burn[^<]*</title><rect[^>]*fill="rgb([0-9,]*)"' oc.svg | head -1 |
	grep -q 'rgb(2[0-9][0-9],' || fail "burn is not in the warm colours"
ok "flame graph: off-CPU frames blue, CPU frames warm, mixed frames give the off-CPU share"

# pprof: cpu-clock and offcpu-time values in nanoseconds
if command -v go > /dev/null 2>&1; then
	"$PTOOL" script -i oc.data --pprof oc.pb.gz || fail "--pprof failed"
	go tool pprof -raw oc.pb.gz > raw.out 2>/dev/null || fail "go tool pprof cannot read it"
	assert_match "sample types" 'cpu-clock/nanoseconds\[dflt\] offcpu-time/nanoseconds' raw.out
	go tool pprof -sample_index=offcpu-time -top oc.pb.gz > top.out 2>/dev/null
	pp=$(awk '/Total samples = / {print}' top.out)
	echo "pprof: $pp"
	"$PTOOL" script -i oc.data --pprof off.pb.gz --off-cpu-only || fail "--pprof --off-cpu-only failed"
	go tool pprof -raw off.pb.gz 2>/dev/null | grep -q '^samples/count offcpu-time/nanoseconds' ||
		fail "--off-cpu-only pprof: not an offcpu-time profile"
	ok "pprof: cpu-clock and offcpu-time nanoseconds"
else
	echo "go is not installed: pprof not read back"
fi

# usage errors
"$PTOOL" report -i oc.data --off-cpu-only --on-cpu-only > /dev/null 2> err.out
[ $? -eq 2 ] || fail "report with both: not a usage error"
"$PTOOL" script -i oc.data --off-cpu-only > /dev/null 2> err.out
[ $? -eq 2 ] || fail "script --off-cpu-only without a picture: not a usage error"
assert_match "message" "needs --folded, --flamegraph or --pprof" err.out
ok "usage errors"
