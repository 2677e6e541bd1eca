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
		# and the groups
		"$PERF" evlist -g -i "$TMPD/$t.data" 2>/dev/null | grep -v '^#' >>"$TMPD/$t.ev"
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
-e {task-clock,page-faults}
-e task-clock -e syscalls:sys_enter_write
-e cpu-clock,task-clock -g
-a -e {cpu-clock,task-clock}
-a -e cpu-clock -e syscalls:sys_enter_write
-e {cpu-clock,task-clock},page-faults
-e {cpu-clock,task-clock}:u
-e {cpu-clock,task-clock} -e {page-faults,minor-faults}
-e {sched:sched_switch,sched:sched_wakeup}
--call-graph dwarf -e cpu-clock,task-clock
-R -e cpu-clock,task-clock
LIST
ok "$n command lines give perf's attrs"

# a group is written as one: GROUP_DESC names it, members follow the leader
for t in perf ptool; do
	bin=$PERF
	[ $t = ptool ] && bin=$PTOOL
	"$bin" record -q -e '{task-clock,page-faults}' -o "$TMPD/$t.data" -- true \
		>/dev/null 2>&1 || fail "$t record of a group"
	"$PERF" evlist -g -i "$TMPD/$t.data" >"$TMPD/$t.g" 2>&1
	"$PERF" evlist -v -i "$TMPD/$t.data" >>"$TMPD/$t.g" 2>&1
done
grep -qx '{task-clock,page-faults}' "$TMPD/ptool.g" ||
	{ cat "$TMPD/ptool.g"; fail "perf evlist -g does not show ptool's group"; }
cmp -s "$TMPD/perf.g" "$TMPD/ptool.g" ||
	{ diff "$TMPD/perf.g" "$TMPD/ptool.g"; fail "group attrs differ from perf's"; }
"$PTOOL" report -i "$TMPD/ptool.data" --stdio >"$TMPD/g.rep" 2>&1 ||
	{ cat "$TMPD/g.rep"; fail "ptool report of a group file"; }
"$PTOOL" script -i "$TMPD/ptool.data" >/dev/null 2>&1 || fail "ptool script of a group file"
ok "a group is perf's {task-clock,page-faults}"

# -t counts the thread alone: no inherit, as perf
sleep 30 &
sp=$!
for t in perf ptool; do
	bin=$PERF
	[ $t = ptool ] && bin=$PTOOL
	"$bin" record -q -t $sp -o "$TMPD/$t.data" -- sleep 0.1 >/dev/null 2>&1 ||
		{ kill $sp; fail "$t record -t"; }
	"$PERF" report --header-only -i "$TMPD/$t.data" 2>/dev/null |
		sed -n 's/id = {[^}]*}//p' | grep '^# event :' >"$TMPD/$t.ev"
done
kill $sp
wait $sp 2>/dev/null
grep -q 'inherit = 1' "$TMPD/ptool.ev" && fail "-t writes inherit = 1"
cmp -s "$TMPD/perf.ev" "$TMPD/ptool.ev" ||
	{ diff "$TMPD/perf.ev" "$TMPD/ptool.ev"; fail "-t attrs differ from perf's"; }
ok "-t attrs are perf's"
