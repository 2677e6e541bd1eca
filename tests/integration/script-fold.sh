#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Folded stacks: `ptool script --folded` equals what the stackcollapse-perf.pl
# rules (script-fold-ref.py) make of `ptool script`, and of `perf script`
# for user-space stacks.
. "$(dirname "$0")/lib.sh"
need_perf
need_workloads foldloop
FOLD="python3 $(dirname "$0")/script-fold-ref.py"
command -v python3 >/dev/null || skip "python3 is not installed"

check_same() {	# DESC A B
	if ! cmp -s "$2" "$3"; then
		diff -u "$2" "$3" | head -30
		fail "$1"
	fi
}

"$PERF" record -q -e cpu-clock:u -g -D 20 -F 997 -o "$TMPD/u.data" -- \
	"$WORKLOADS/foldloop" 300 >/dev/null 2>&1 || skip "perf record -g does not work here"
"$PERF" script -i "$TMPD/u.data" | $FOLD >"$TMPD/perf.fold"
"$PTOOL" script -i "$TMPD/u.data" | $FOLD >"$TMPD/ptool.fold"
"$PTOOL" script -i "$TMPD/u.data" --folded >"$TMPD/folded" || fail "ptool script --folded failed"
[ -s "$TMPD/folded" ] || fail "no folded stacks"
check_same "perf script | fold != ptool script | fold" "$TMPD/perf.fold" "$TMPD/ptool.fold"
check_same "ptool script | fold != ptool script --folded" "$TMPD/ptool.fold" "$TMPD/folded"
assert_match "a known stack" '^foldloop;__libc_start_call_main;main;work;beta;gamma_;leaf [0-9]+$' "$TMPD/folded"
# the counts are the periods perf script prints
total=$(awk '{ s += $NF } END { print s }' "$TMPD/folded")
periods=$("$PERF" script -i "$TMPD/u.data" -F period | awk '{ s += $1 } END { print s }')
[ "$total" = "$periods" ] || fail "folded total $total != sum of periods $periods"
ok "user stacks: $(wc -l <"$TMPD/folded") unique, total $total"

# without annotations it is the plain collapser
"$PTOOL" script -i "$TMPD/u.data" --folded --fold-plain >"$TMPD/plain"
"$PTOOL" script -i "$TMPD/u.data" | $FOLD --plain >"$TMPD/plain.ref"
check_same "--fold-plain differs" "$TMPD/plain.ref" "$TMPD/plain"

# the collapser's --pid and --tid (perf script must show the pid for them)
"$PTOOL" script -i "$TMPD/u.data" -F +pid | $FOLD --pid >"$TMPD/pid.ref"
"$PTOOL" script -i "$TMPD/u.data" --folded --fold-pid >"$TMPD/pid.folded"
check_same "--fold-pid differs" "$TMPD/pid.ref" "$TMPD/pid.folded"
"$PTOOL" script -i "$TMPD/u.data" -F +pid | $FOLD --tid >"$TMPD/tid.ref"
"$PTOOL" script -i "$TMPD/u.data" --folded --fold-tid >"$TMPD/tid.folded"
check_same "--fold-tid differs" "$TMPD/tid.ref" "$TMPD/tid.folded"
assert_match "comm-pid/tid root" '^foldloop-[0-9]+/[0-9]+;' "$TMPD/tid.folded"

# folded text in, folded text out
"$PTOOL" script -i "$TMPD/folded" --folded >"$TMPD/again" || fail "folded input not read"
check_same "folded round trip" "$TMPD/folded" "$TMPD/again"

# no callchains: comm;leaf per sample
"$PERF" record -q -e cpu-clock:u -D 20 -F 997 -o "$TMPD/n.data" -- \
	"$WORKLOADS/foldloop" 100 >/dev/null 2>&1 || fail "perf record failed"
"$PTOOL" script -i "$TMPD/n.data" --folded >"$TMPD/n.folded" || fail "--folded without callchains"
assert_match "comm;leaf" '^foldloop;leaf [0-9]+$' "$TMPD/n.folded"

# a file recorded by ptool: perf script and ptool script fold the same
if "$PTOOL" record -g -F 997 -o "$TMPD/p.data" -- "$WORKLOADS/foldloop" 300 >/dev/null 2>&1; then
	"$PERF" script -i "$TMPD/p.data" 2>/dev/null | $FOLD | grep ';main;' | grep -v '_\[k\]' >"$TMPD/p.perf" || true
	"$PTOOL" script -i "$TMPD/p.data" | $FOLD | grep ';main;' | grep -v '_\[k\]' >"$TMPD/p.ptool" || true
	"$PTOOL" script -i "$TMPD/p.data" --folded | grep ';main;' | grep -v '_\[k\]' >"$TMPD/p.folded" || true
	[ -s "$TMPD/p.folded" ] || fail "no stacks through main in ptool's recording"
	check_same "ptool's file: perf script | fold != ptool script | fold" "$TMPD/p.perf" "$TMPD/p.ptool"
	check_same "ptool's file: ptool script | fold != --folded" "$TMPD/p.ptool" "$TMPD/p.folded"
	ok "ptool's recording: $(wc -l <"$TMPD/p.folded") user-space stacks through main"
else
	echo "note: ptool record -g does not work here; its part not run"
fi

# a tracepoint (its trace text keeps the collapser's event filter off) and
# a sampling event with callchains in one file
if can_open syscalls:sys_enter_write && "$PERF" record -q -g -e syscalls:sys_enter_write \
	-e cpu-clock:u -D 20 -o "$TMPD/t.data" -- "$WORKLOADS/foldloop" 100 >/dev/null 2>&1; then
	"$PTOOL" script -i "$TMPD/t.data" | $FOLD >"$TMPD/t.ref"
	"$PTOOL" script -i "$TMPD/t.data" --folded >"$TMPD/t.folded"
	check_same "tracepoint + cpu-clock: ptool script | fold != --folded" "$TMPD/t.ref" "$TMPD/t.folded"
	ok "tracepoint and cpu-clock: $(wc -l <"$TMPD/t.folded") stacks"
fi

# kernel and user frames, every process: the text and --folded agree
if "$PERF" record -q -a -g -F 499 -o "$TMPD/a.data" -- \
	"$WORKLOADS/foldloop" 200 >/dev/null 2>&1; then
	"$PTOOL" script -i "$TMPD/a.data" | $FOLD >"$TMPD/a.ref"
	"$PTOOL" script -i "$TMPD/a.data" --folded >"$TMPD/a.folded"
	check_same "system-wide: ptool script | fold != --folded" "$TMPD/a.ref" "$TMPD/a.folded"
	grep -q '_\[k\]' "$TMPD/a.folded" || echo "note: no kernel frames were sampled"
	ok "system-wide: $(wc -l <"$TMPD/a.folded") unique stacks"
else
	echo "note: perf record -a does not work here; system-wide part not run"
fi
exit 0
