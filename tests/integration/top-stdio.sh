#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool top --stdio (and top into a pipe): one PerfTop table per refresh,
# and the same hottest symbol with the same share as perf top --stdio on
# the same workload over the same interval.
. "$(dirname "$0")/lib.sh"
"$PTOOL" stat -e cpu-clock -- true >/dev/null 2>&1 || skip "cannot open cpu-clock"

"$WORKLOADS/cpuloop" 60 >/dev/null &
wl=$!
trap 'kill $wl 2>/dev/null; rm -rf "$TMPD"' EXIT

# a pipe, no --stdio: tables all the same
timeout -s INT 4.5 "$PTOOL" top -d 1 -E 5 -p "$wl" -e cpu-clock 2>"$TMPD/err" | cat >"$TMPD/pipe"
n=$(grep -c 'PerfTop:' "$TMPD/pipe")
[ "$n" -ge 3 ] || { cat "$TMPD/pipe" "$TMPD/err"; fail "$n tables in 4.5 s with -d 1"; }
assert_match "header" '^   PerfTop: +[0-9]+ irqs/sec  kernel: *[0-9.]+%  exact: +[0-9.]+% lost: 0/0 drop: 0/0 \[4000Hz cpu-clock\],  \(target_pid: [0-9]+\)$' "$TMPD/pipe"
assert_match "dashes" '^-{79}$' "$TMPD/pipe"
assert_match "row" '^ +[0-9]+\.[0-9]+%  cpuloop +\[\.\] spin$' "$TMPD/pipe"
rows=$(awk '/PerfTop:/ { n = 0 } /^ +[0-9]+\.[0-9]+%/ { n++ } END { print n }' "$TMPD/pipe")
[ "$rows" -le 5 ] || fail "-E 5 printed $rows rows"
ok "tables into a pipe ($n)"

# the default event falls back with record's notice
timeout -s INT 1.5 "$PTOOL" top --stdio -d 1 -p "$wl" >/dev/null 2>"$TMPD/err"
if ! can_open cycles; then
	assert_match "fallback notice" '^ptool top: cycles is not supported here, falling back to cpu-clock$' "$TMPD/err"
	ok "cycles falls back to cpu-clock"
fi

# -z and --percent-limit
timeout -s INT 4.5 "$PTOOL" top --stdio -z -d 1 --percent-limit 50 -p "$wl" -e cpu-clock >"$TMPD/z" 2>&1
assert_match "-z table" '^ +[0-9]+\.[0-9]+%  cpuloop +\[\.\] spin$' "$TMPD/z"
assert_no_match "--percent-limit 50" '^ +[0-4]?[0-9]\.[0-9]+%  ' "$TMPD/z"
ok "-z and --percent-limit"

# -K: kernel samples left out, as perf top leaves them out
timeout -s INT 4.5 "$PTOOL" top --stdio -K -d 1 -p "$wl" -e cpu-clock >"$TMPD/k" 2>&1
assert_match "-K table" '^ +(99\.[0-9]+|100\.00)%  cpuloop +\[\.\] spin$' "$TMPD/k"
assert_no_match "-K" '\[k\]' "$TMPD/k"
ok "-K"

# -u: the user's processes
timeout -s INT 4.5 "$PTOOL" top --stdio -u "$(id -un)" -d 1 -E 3 -e cpu-clock >"$TMPD/u" 2>&1
assert_match "-u header" "\(uid: $(id -un), 1 CPU\)$" "$TMPD/u"
ok "-u"

need_perf
# perf top and ptool top side by side over the same interval
(sleep 8 | timeout -s INT 5.5 "$PERF" top --stdio -d 2 -p "$wl" -e cpu-clock >"$TMPD/perf" 2>&1) &
pp=$!
timeout -s INT 5.5 "$PTOOL" top --stdio -d 2 -p "$wl" -e cpu-clock >"$TMPD/ptool" 2>&1
wait $pp
last_top() {	# the first row of the last table that has rows
	awk '/PerfTop:/ { cur = "" } /^ +[0-9]+\.[0-9]+%/ && cur == "" { cur = $0; last = $0 } END { print last }' "$1"
}
p=$(last_top "$TMPD/perf")
q=$(last_top "$TMPD/ptool")
[ -n "$p" ] || skip "perf top printed no table"
[ -n "$q" ] || fail "ptool top printed no table"
psym=$(echo "$p" | awk '{ print $NF }'); qsym=$(echo "$q" | awk '{ print $NF }')
[ "$psym" = "$qsym" ] || fail "top symbol: perf '$p', ptool '$q'"
ppct=$(echo "$p" | awk '{ sub("%", "", $1); print $1 }'); qpct=$(echo "$q" | awk '{ sub("%", "", $1); print $1 }')
awk -v a="$ppct" -v b="$qpct" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 5) }' ||
	fail "share of $psym: perf $ppct%, ptool $qpct%"
ok "top symbol $qsym: perf $ppct%, ptool $qpct%"
