#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The events ptool record writes are perf's: for the same command line the
# "# event :" lines of perf report --header-only are identical (ids aside).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
need_sampling
"$PERF" list syscalls:sys_enter_write 2>/dev/null | grep -q sys_enter_write ||
	skip "no syscalls tracepoints"

n=0
while IFS= read -r args; do
	[ -n "$args" ] || continue
	for t in perf ptool; do
		bin=$PERF
		[ $t = ptool ] && bin=$PTOOL
		# shellcheck disable=SC2086
		"$bin" record -q $args -o "$TMPD/$t.data" -- true >/dev/null 2>"$TMPD/$t.err" ||
			{ cat "$TMPD/$t.err"; fail "$t record $args"; }
		"$PERF" report --header-only -i "$TMPD/$t.data" 2>/dev/null |
			sed -n 's/id = {[^}]*}//p' | grep '^# event :' >"$TMPD/$t.ev"
	done
	[ -s "$TMPD/perf.ev" ] || fail "no event line from perf for '$args'"
	if ! cmp -s "$TMPD/perf.ev" "$TMPD/ptool.ev"; then
		echo "perf:  $(cat "$TMPD/perf.ev")"
		echo "ptool: $(cat "$TMPD/ptool.ev")"
		fail "attrs differ for 'record $args'"
	fi
	n=$((n + 1))
done <<'LIST'
-F 4000
-g
--call-graph dwarf
--call-graph dwarf,4096
-c 10000
-e task-clock -F 999
-e cycles
-e syscalls:sys_enter_write
-e syscalls:sys_enter_write -c 5
--no-inherit -e cpu-clock
-e cpu-clock,task-clock
-a -e cpu-clock
-C 0 -g -e cpu-clock -c 100000
-a --call-graph dwarf -e sched:sched_switch
LIST
ok "$n command lines give perf's attrs"
