#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool stat -g, --summary, --no-csv-summary, --interval-clear, --table,
# --pre/--post, -T, --smi-cost and --cputype against perf stat.
. "$(dirname "$0")/lib.sh"

# numbers masked, the interval rows left out (how many depends on the load)
mask() {
	sed -E '/^ +[0-9]+\.[0-9]{9}[ ,]/d; s/[0-9]+\.[0-9]+/N/g; s/[0-9]+/N/g;
		s/ \( \+- +N% \)//; s/ [KMG]\/sec/ \/sec/; s/ +/ /g' "$1" | uniq
}
same() {	# same ARGS...: the layouts of ptool and perf on sleep 0.15
	"$PTOOL" stat "$@" -- sleep 0.15 2>"$TMPD/t" >"$TMPD/t.out" || fail "stat $*"
	[ -n "$PERF" ] || return 0
	"$PERF" stat "$@" -- sleep 0.15 2>"$TMPD/p" >"$TMPD/p.out"
	diff <(mask "$TMPD/p") <(mask "$TMPD/t") || fail "stat $* differs from perf"
}

# -g: the -e events in one group, read at once
"$PTOOL" stat -vv -g -e task-clock,cs -- true 2>"$TMPD/g" >/dev/null || fail "-g"
[ "$(grep -c 'read_format .*GROUP' "$TMPD/g")" -eq 2 ] || fail "-g: not a group"
assert_match "-g member" 'group_fd [0-9]+ ' "$TMPD/g"
same -g -e task-clock,cs
ok "-g"

# --summary: the totals after the intervals; CSV rows say "summary"
same -I 100 --summary -e cs
assert_match "summary header" 'Performance counter stats for' "$TMPD/t"
assert_match "intervals" '^ +[0-9]+\.[0-9]{9} +[0-9]+ +cs' "$TMPD/t"
same -x, -I 100 --summary -e cs,page-faults
assert_match "CSV summary" '^ +summary,[0-9]+,,cs,' "$TMPD/t"
same -x, -I 100 --summary --no-csv-summary -e cs
assert_match "CSV no-summary" '^[0-9]+,,cs,' "$TMPD/t"
"$PTOOL" stat -I 100 --summary -x, -e page-faults -- "$WORKLOADS/touchpages" 2>"$TMPD/s" >/dev/null ||
	fail "--summary touchpages"
awk -F, '$1 ~ /^ +[0-9.]+$/ { s += $2 } $1 ~ /summary/ { t = $2 } END { exit s != t }' "$TMPD/s" ||
	{ cat "$TMPD/s"; fail "--summary is not the sum of the intervals"; }
ok "--summary, --no-csv-summary"

# --interval-clear: perf clears the screen on stdout, a header each time
same -I 100 --interval-clear -e cs
n=$(grep -c $'\033\\[H\033\\[2J' "$TMPD/t.out")
[ "$n" -ge 1 ] && [ "$(grep -c '^#  *time' "$TMPD/t")" -eq "$n" ] ||
	fail "--interval-clear: $n clears"
ok "--interval-clear"

# --table: each run's time, then the final result
"$PTOOL" stat -r 3 --table -e cs -- sleep 0.05 2>"$TMPD/tb" || fail "--table"
assert_match "table" '^ +# Table of individual measurements:$' "$TMPD/tb"
[ "$(grep -cE '^ +[0-9]+\.[0-9]+ \([+-][0-9]+\.[0-9]+\) #+$' "$TMPD/tb")" -eq 3 ] ||
	fail "--table rows"
assert_match "final" '^ +# Final result:$' "$TMPD/tb"
if [ -n "$PERF" ]; then
	"$PERF" stat -r 3 --table -e cs -- sleep 0.05 2>"$TMPD/ptb"
	tshape() { grep -E '#' "$1" | sed -E 's/^ +//; s/[0-9.+-]+/N/g; s/#+/#/'; }
	diff <(tshape "$TMPD/ptb") <(tshape "$TMPD/tb") || fail "--table differs from perf"
fi
ok "--table"

# --pre/--post around each run
"$PTOOL" stat -r 2 --pre "echo pre >>$TMPD/h" --post "echo post >>$TMPD/h" -e cs -- true 2>/dev/null ||
	fail "--pre/--post"
[ "$(tr '\n' ' ' <"$TMPD/h")" = "pre post pre post " ] || fail "--pre/--post order: $(cat "$TMPD/h")"
expect_fail "--pre false" "$PTOOL" stat --pre false -e cs -- true >"$TMPD/pf"
assert_match "--pre fails" "the --pre command 'false' failed" "$TMPD/pf"
ok "--pre, --post"

# perf's messages where this cpu lacks what -T, --smi-cost, --cputype need
if [ ! -e /sys/bus/event_source/devices/cpu/events/cycles-t ]; then
	expect_fail "-T" "$PTOOL" stat -T -- true >"$TMPD/x"
	assert_match "-T" 'Cannot set up transaction events$' "$TMPD/x"
	[ -z "$PERF" ] || "$PERF" stat -T -- true 2>&1 | grep -q '^Cannot set up transaction events$' ||
		fail "perf -T says otherwise"
fi
if [ ! -e /sys/bus/event_source/devices/cpu/freeze_on_smi ]; then
	expect_fail "--smi-cost" "$PTOOL" stat --smi-cost -a -- true >"$TMPD/x"
	assert_match "--smi-cost" 'freeze_on_smi is not supported\.$' "$TMPD/x"
	[ -z "$PERF" ] || [ "$(id -u)" -ne 0 ] ||
		"$PERF" stat --smi-cost -a -- true 2>&1 | grep -q '^freeze_on_smi is not supported\.$' ||
		fail "perf --smi-cost says otherwise"
fi
if [ ! -e /sys/bus/event_source/devices/cpu_core ]; then
	"$PTOOL" stat --cputype core -e cs -- true 2>"$TMPD/x"
	[ $? -eq 2 ] || fail "--cputype: not a usage error"
	assert_match "--cputype" '--cputype core is not supported!$' "$TMPD/x"
fi
ok "-T, --smi-cost, --cputype"
