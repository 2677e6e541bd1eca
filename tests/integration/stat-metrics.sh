#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool stat --metric-only, -M, --topdown, --all-user and --all-kernel
# against perf stat on the same command.
. "$(dirname "$0")/lib.sh"

mask() { sed -E 's/[0-9]+\.[0-9]+/N/g; s/[0-9]+/N/g' "$1"; }

# --metric-only: perf leaves out rates and "CPUs utilized", so software
# events keep only empty columns, in each output mode
for args in "" "-x," "-j" "-I 100" "-x, -I 100" "-j -I 100" "-e task-clock,cs" \
	    "-e task-clock,cs,cycles -x,"; do
	read -ra a <<<"$args"
	"$PTOOL" stat --metric-only "${a[@]}" -- sleep 0.15 2>"$TMPD/t" ||
		fail "--metric-only $args"
	if [ -n "$PERF" ]; then
		"$PERF" stat --metric-only "${a[@]}" -- sleep 0.15 2>"$TMPD/p"
		diff <(mask "$TMPD/p") <(mask "$TMPD/t") ||
			fail "--metric-only $args differs from perf"
	fi
done
"$PTOOL" stat --metric-only -e cs -- true 2>"$TMPD/t"
assert_no_match "no count" '^ +[0-9]+ +cs' "$TMPD/t"
expect_fail "--metric-only -A" "$PTOOL" stat --metric-only -A -a -- true >/dev/null
ok "--metric-only"

# -M: perf's metrics of this cpu all need hardware counters
expect_fail "-M unknown" "$PTOOL" stat -M ptool_no_such_metric -- true >"$TMPD/m"
assert_match "unknown metric" "cannot find metric or group 'ptool_no_such_metric'" "$TMPD/m"
if [ -n "$PERF" ]; then
	m=$("$PERF" list metric 2>/dev/null | awk '/^  [a-z]/ { print $1; exit }')
	g=$("$PERF" list metricgroup 2>/dev/null | awk 'NF == 1 && !/:/ { print; exit }')
	for x in $m $g; do
		expect_fail "-M $x" "$PTOOL" stat -M "$x" -- true >"$TMPD/m"
		assert_match "-M $x" "metric '$x' needs hardware counters" "$TMPD/m"
	done
	ok "-M ${m:-(no metric here)} ${g:-}: needs hardware counters"
fi

# --topdown: perf's checks and messages
expect_fail "--topdown" "$PTOOL" stat --topdown -- true >"$TMPD/td"
assert_match "needs -a" 'top down event configuration requires system-wide mode \(-a\)$' "$TMPD/td"
if [ "$(id -u)" -eq 0 ] &&
   [ ! -e /sys/bus/event_source/devices/cpu/events/topdown-total-slots ] &&
   [ ! -e /sys/bus/event_source/devices/cpu/events/slots ]; then
	expect_fail "--topdown -a" "$PTOOL" stat --topdown -a -- true >"$TMPD/td"
	if [ -n "$PERF" ]; then
		"$PERF" stat --topdown -a -- true 2>"$TMPD/ptd" >/dev/null
		diff "$TMPD/ptd" <(sed 's/^ptool stat: //' "$TMPD/td") ||
			fail "--topdown -a message differs from perf's"
	fi
	assert_match "no topdown" 'System does not support topdown$' "$TMPD/td"
fi
ok "--topdown"

# --all-user / --all-kernel: the exclude bits, the names unchanged
for m in user kernel; do
	"$PTOOL" stat -vv --all-$m -e cs -- true 2>"$TMPD/a" >/dev/null || fail "--all-$m"
	grep -E '^  exclude_' "$TMPD/a" >"$TMPD/ax"
	want=$([ $m = user ] && echo exclude_kernel || echo exclude_user)
	assert_match "--all-$m" "^  $want +1$" "$TMPD/ax"
	if [ -n "$PERF" ]; then
		"$PERF" stat -vv --all-$m -e cs -- true 2>&1 >/dev/null |
			grep -E '^  exclude_' >"$TMPD/pax"
		diff "$TMPD/pax" "$TMPD/ax" || fail "--all-$m attr differs from perf"
		"$PERF" stat -x, --all-$m -e cs,page-faults -- true 2>"$TMPD/p"
		"$PTOOL" stat -x, --all-$m -e cs,page-faults -- true 2>"$TMPD/t"
		diff <(mask "$TMPD/p") <(mask "$TMPD/t") || fail "--all-$m CSV differs from perf"
	fi
done
expect_fail "both" "$PTOOL" stat --all-user --all-kernel -- true >/dev/null
ok "--all-user, --all-kernel"
