#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool report --latency: durations between two probes of the demo, per
# thread, checked against the timestamps perf script prints.
. "$(dirname "$0")/lib.sh"

need_root
need_perf
"$PTOOL" report -h 2>&1 | grep -q -- '--latency' || skip "ptool report has no --latency"
DEMO=$WORKLOADS/probe_demo
[ -x "$DEMO" ] || fail "$DEMO is not built"
"$PTOOL" probe -l >/dev/null 2>&1
[ -f /sys/kernel/tracing/uprobe_events ] || skip "no uprobe_events"
G=probe_latency_t$$	# unique: other suites may run at the same time
trap '"$PTOOL" probe -q -d "$G:*" >/dev/null 2>&1; rm -rf "$TMPD"' EXIT

U=$("$PTOOL" probe -x "$DEMO" -L main | awk '/usleep/ { print $1 }')
# begin at the loop body's first address only: work:0 is work's entry
"$PTOOL" probe -q -x "$DEMO" "$G:begin=work" "$G:end=main:$U" || fail "add"
"$PTOOL" record -q -o "$TMPD/lat.data" -e "$G:begin" -e "$G:end" -- "$DEMO" >/dev/null 2>&1 ||
	fail "ptool record"
"$PTOOL" report -i "$TMPD/lat.data" --latency "$G:begin,$G:end" >"$TMPD/out" 2>"$TMPD/err" ||
	{ cat "$TMPD/err"; fail "report --latency"; }
assert_match "heading" "^# Latency from $G:begin to $G:end, per thread: 5 intervals$" "$TMPD/out"
assert_match "histogram" '^@usecs:$' "$TMPD/out"

# the same numbers from perf script's timestamps (microsecond precision)
"$PERF" script -i "$TMPD/lat.data" -F time,event 2>/dev/null |
	awk -v g="$G" '$2 == g":begin:" { b = $1 + 0 } $2 == g":end:" && b { d = ($1 - b) * 1e6; b = 0; print d }' |
	sort -n >"$TMPD/d"
[ "$(wc -l <"$TMPD/d")" -eq 5 ] || { cat "$TMPD/d"; fail "perf script: not 5 intervals"; }
read -r cnt min avg p50 p90 p99 max _ < <(awk '/^ +count/ { getline; print; exit }' "$TMPD/out")
[ "$cnt" -eq 5 ] || fail "count $cnt"
pmin=$(head -1 "$TMPD/d"); pmax=$(tail -1 "$TMPD/d"); pmed=$(sed -n 3p "$TMPD/d")
close() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 2) }'; }
close "$min" "$pmin" || fail "min $min vs perf $pmin"
close "$max" "$pmax" || fail "max $max vs perf $pmax"
close "$p50" "$pmed" || fail "p50 $p50 vs perf $pmed"
# every interval spans work(1000000): at least a millisecond... of CPU here
# is not guaranteed; check the order only
awk -v a="$min" -v b="$avg" -v c="$max" 'BEGIN { exit !(a <= b && b <= c) }' || fail "min <= avg <= max"
ok "report --latency: 5 intervals, min/p50/max match perf script"

"$PTOOL" report -i "$TMPD/lat.data" --latency "$G:begin,$G:end" --latency-by comm >"$TMPD/out2" 2>&1 ||
	fail "--latency-by comm"
assert_match "by comm" "^comm: probe_demo$" "$TMPD/out2"
"$PTOOL" report -i "$TMPD/lat.data" --latency "$G:begin,$G:end" --latency-by tid >"$TMPD/out3" 2>&1 ||
	fail "--latency-by tid"
assert_match "by tid" "^tid: [0-9]+$" "$TMPD/out3"
expect_fail "unknown event" "$PTOOL" report -i "$TMPD/lat.data" --latency "$G:begin,$G:nosuch" >/dev/null
assert_match "unknown event" "no event '$G:nosuch'" "$TMPD/ef.err"
expect_fail "bad pair" "$PTOOL" report -i "$TMPD/lat.data" --latency "$G:begin" >/dev/null
expect_fail "bad by" "$PTOOL" report -i "$TMPD/lat.data" --latency "$G:begin,$G:end" --latency-by cpu >/dev/null
ok "--latency-by comm|tid and errors"
exit 0
