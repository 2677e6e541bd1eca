#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# -T, -k, -D, --filter, --switch-events, --user-regs, -I, -b, -j: the attrs
# ptool record writes are perf's for the same command line, the -k header
# features are perf's, and the option errors are clear.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
cd "$TMPD" || fail "cd"

"$PTOOL" record -h >h.out 2>&1 || fail "-h exit status"
for o in -T --timestamp -k --clockid -D --delay --filter -G --cgroup --switch-events \
	--user-regs -I --intr-regs -b --branch-any -j --branch-filter; do
	grep -q -- " $o" h.out || fail "-h does not list $o"
done

# errors need no kernel: exit 2 and the bad part named
expect_fail "bad clock" "$PTOOL" record -k bogus -- true
assert_match "clock named" "unknown clockid 'bogus'" ef.err
expect_fail "bad register" "$PTOOL" record --user-regs=ax,foo -- true
assert_match "register named" "unknown register 'foo' in --user-regs" ef.err
expect_fail "bad intr register" "$PTOOL" record -Ids -- true
assert_match "intr register named" "unknown register 'ds' in --intr-regs" ef.err
expect_fail "bad branch filter" "$PTOOL" record -j any,hw_index -- true
assert_match "filter named" "unknown branch filter 'hw_index'" ef.err
expect_fail "-b with -j" "$PTOOL" record -b -j any -- true
assert_match "-b -j" "cannot be used together" ef.err
for d in x 20-10 10-20,15-30 -2; do
	expect_fail "bad delay $d" "$PTOOL" record -D "$d" -- true
	assert_match "delay named" "invalid delay '$d'" ef.err
done
expect_fail "--filter first" "$PTOOL" record --filter 'x == 1' -- true
assert_match "filter needs -e" "must follow the -e event" ef.err
expect_fail "--filter on cpu-clock" "$PTOOL" record -e cpu-clock --filter 'x == 1' -- true
assert_match "not a tracepoint" "'cpu-clock' is not one" ef.err
expect_fail "-G without -a" "$PTOOL" record -G foo -- true
assert_match "-G needs -a" "needs system-wide mode" ef.err
[ ! -e perf.data ] || fail "a failed command left perf.data"
"$PTOOL" record --user-regs=? >regs.out 2>&1 || fail "--user-regs=? exit status"
"$PTOOL" record -I? >iregs.out 2>&1 || fail "-I? exit status"
cmp -s regs.out iregs.out || fail "--user-regs=? and -I? list different registers"
# -b/-j: the attrs, whether or not this machine can sample branches
"$PTOOL" record --dry-run -v -e task-clock -j any_call,u -- true 2>dr.err || fail "dry run -j"
assert_match "branch bit" 'sample_type +IP\|TID\|TIME\|PERIOD\|BRANCH_STACK' dr.err
assert_match "branch filter" 'branch_sample_type +0x11$' dr.err
"$PTOOL" record --dry-run -v -e task-clock -b -- true 2>dr.err || fail "dry run -b"
assert_match "branch any" 'branch_sample_type +0x8$' dr.err
ok "errors and dry runs"

need_sampling
"$PERF" record -q -o regs.data --user-regs=? -- true >perf-regs.out 2>&1
grep -o 'available registers: .*' perf-regs.out | sed 's/ *$//' >perf-regs.txt
sed 's/ *$//' regs.out >ptool-regs.txt
cmp -s perf-regs.txt ptool-regs.txt || { cat perf-regs.txt ptool-regs.txt; fail "register list differs from perf's"; }

n=0
while IFS= read -r args; do
	[ -n "$args" ] || continue
	for t in perf ptool; do
		bin=$PERF
		[ $t = ptool ] && bin=$PTOOL
		eval "\"\$bin\" record -q $args -o $t.data -- true" >/dev/null 2>$t.err ||
			{ cat $t.err; fail "$t record $args"; }
		"$PERF" report --header-only -i $t.data 2>/dev/null |
			sed -n 's/id = {[^}]*}//p' | grep '^# event :' >$t.ev
	done
	[ -s perf.ev ] || fail "no event line from perf for '$args'"
	if ! cmp -s perf.ev ptool.ev; then
		echo "perf:  $(cat perf.ev)"
		echo "ptool: $(cat ptool.ev)"
		fail "attrs differ for 'record $args'"
	fi
	n=$((n + 1))
done <<'LIST'
-T
--no-timestamp
-T --no-inherit
-a --no-timestamp
-k mono
-k CLOCK_MONOTONIC_RAW
-k tai
-k realtime
-a -k 1 -e cpu-clock
--switch-events
-a --switch-events
--user-regs=ax,bx
--user-regs
-I
-Iax,sp
--intr-regs=r8,flags -e task-clock
-a --user-regs=ax -e cpu-clock
-e syscalls:sys_enter_write --user-regs=ax
--call-graph dwarf --user-regs=ax
-D 10
-D -1
-D 10-20
-a -D 10 -e cpu-clock
-e syscalls:sys_enter_write --filter 'fd == 1'
LIST
ok "$n command lines give perf's attrs"

# --user-regs with --call-graph dwarf: perf's warning
"$PTOOL" record --call-graph dwarf --user-regs=ax -e cpu-clock -o w.data -- true >/dev/null 2>w.err ||
	{ cat w.err; fail "record --call-graph dwarf --user-regs=ax"; }
assert_match "dwarf warning" 'warning: the use of --call-graph=dwarf may require all the user registers' w.err

# -k: the CLOCKID and CLOCK_DATA features as perf writes them
for k in mono raw realtime boottime tai; do
	for t in perf ptool; do
		bin=$PERF
		[ $t = ptool ] && bin=$PTOOL
		"$bin" record -q -k $k -e cpu-clock -o $t.data -- true >/dev/null 2>&1 ||
			fail "$t record -k $k"
		"$PERF" report --header-only -i $t.data 2>/dev/null |
			grep -E '^# clockid|^# reference time' |
			sed 's/reference time: .*(\(.*\))$/reference time: (\1)/' >$t.clk
	done
	[ "$(wc -l <perf.clk)" -eq 3 ] || { cat perf.clk; fail "perf's -k $k header"; }
	cmp -s perf.clk ptool.clk || { diff perf.clk ptool.clk; fail "-k $k header differs"; }
	"$PTOOL" report --header-only -i ptool.data >hdr.out 2>&1 || fail "ptool report -k $k"
	grep -q "^# clockid: " hdr.out || fail "ptool report shows no clockid for -k $k"
done
# without -k, neither writes them
"$PTOOL" record -q -e cpu-clock -o ptool.data -- true 2>/dev/null || fail "record"
"$PERF" report --header-only -i ptool.data 2>/dev/null | grep '^# missing features' >miss.out
assert_match "no CLOCKID" 'CLOCKID' miss.out
assert_match "no CLOCK_DATA" 'CLOCK_DATA' miss.out
ok "-k header features"

# -b/-j: the open fails here as perf's does, with a clear message and no file
if ! "$PERF" record -q -b -o perf-b.data -- true >/dev/null 2>perf-b.err; then
	for a in -b "-j any" "-e task-clock -j any_call,u"; do
		# shellcheck disable=SC2086
		expect_fail "record $a" "$PTOOL" record $a -o b.data -- true
		assert_match "branch message" "does not support branch stack sampling" ef.err
		[ ! -e b.data ] || fail "failed record $a left b.data"
	done
	ok "-b/-j: not supported here, as perf"
else
	echo "perf samples branches here: only the attrs were compared"
fi
