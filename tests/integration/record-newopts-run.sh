#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# What -D, --filter, --switch-events, --no-timestamp and -G do when ptool
# records, against perf on the same workloads; report and script read the
# files these options make.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
cd "$TMPD" || fail "cd"
need_sampling
W=$WORKLOADS/cpuloop

# -D: perf's messages; a delay cuts the start, -1 records nothing, ranges
# end the recording (and the workload, as perf: 143) after the last one
for d in 100 -1 50-100,150-200; do
	for t in perf ptool; do
		bin=$PERF
		[ $t = ptool ] && bin=$PTOOL
		"$bin" record -D $d -e cpu-clock -o $t.data -- "$W" 0.4 >/dev/null 2>$t.err
		echo $? >$t.rc
		grep '^Events' $t.err >$t.msg
	done
	cmp -s perf.rc ptool.rc || fail "-D $d: exit $(cat ptool.rc), perf's $(cat perf.rc)"
	cmp -s perf.msg ptool.msg || { diff perf.msg ptool.msg; fail "-D $d: messages differ"; }
	mine=$(perf_samples ptool.data)
	theirs=$(perf_samples perf.data)
	case $d in
	-1) [ "$mine" = 0 ] && [ "$theirs" = 0 ] ||
		fail "-D -1: $mine samples (perf $theirs), expected none" ;;
	*) [ "$mine" -gt 0 ] || fail "-D $d: no samples"
	   [ "$mine" -lt 1600 ] || fail "-D $d: $mine samples, as many as a whole run" ;;
	esac
	echo "-D $d: exit $(cat ptool.rc), $mine samples (perf $theirs)"
done
"$PTOOL" report --stdio -i ptool.data >rep.out 2>rep.err || { cat rep.err; fail "report of a -D file"; }
ok "-D delays and ranges"

# --filter on a tracepoint: only what matches is recorded, as perf
TP=syscalls:sys_enter_write
if "$PERF" list $TP 2>/dev/null | grep -q sys_enter_write; then
	for t in perf ptool; do
		bin=$PERF
		[ $t = ptool ] && bin=$PTOOL
		# dash writes both through fd 1: tell them apart by size
		"$bin" record -q -e $TP --filter 'count == 3' -o $t.data -- sh -c \
			'for i in 1 2 3; do echo o; echo ee >&2; done' >/dev/null 2>&1 ||
			fail "$t record --filter"
		"$PERF" script -i $t.data 2>/dev/null |
			grep -o 'sys_enter_write: fd: [0-9a-fx]*, buf: [0-9a-fx]*, count: [0-9a-fx]*' |
			sed 's/buf: [0-9a-fx]*//' >$t.scr
	done
	[ "$(wc -l <ptool.scr)" = 3 ] || { cat ptool.scr; fail "--filter 'count == 3': expected 3 writes"; }
	cmp -s perf.scr ptool.scr || { diff perf.scr ptool.scr; fail "--filter samples differ from perf's"; }
	assert_no_match "only 3-byte writes" 'count: 0x00000002' ptool.scr
	"$PTOOL" script -i ptool.data >scr.out 2>scr.err || { cat scr.err; fail "ptool script of a filtered file"; }
	expect_fail "bad filter" "$PTOOL" record -e $TP --filter 'fd ==== 1' -o bad.data -- true
	assert_match "filter named" 'cannot set filter "fd ==== 1"' ef.err
	[ ! -e bad.data ] || fail "a refused filter left bad.data"
	ok "--filter on $TP"
fi

# --filter on a uprobe of our own group
TFS=/sys/kernel/tracing
[ -w "$TFS/uprobe_events" ] || TFS=/sys/kernel/debug/tracing
G=ptnewopt_$$
vaddr=$(nm "$W" | awk '$3 == "warm" { print $1 }')
off=$(readelf -lW "$W" | awk -v a=$((16#${vaddr:-0})) '
	$1 == "LOAD" { o = strtonum($2); v = strtonum($3); s = strtonum($5)
		if (a >= v && a < v + s) printf "0x%x\n", a - v + o }')
if [ -w "$TFS/uprobe_events" ] && [ -n "$vaddr" ] && [ -n "$off" ] &&
	echo "p:$G/warm $W:$off" >>"$TFS/uprobe_events" 2>/dev/null; then
	trap 'echo "-:$G/warm" >> "$TFS/uprobe_events" 2>/dev/null; rm -rf "$TMPD"' EXIT
	for f in 'common_pid == 1' 'common_pid != 1'; do
		for t in perf ptool; do
			bin=$PERF
			[ $t = ptool ] && bin=$PTOOL
			"$bin" record -q -e "$G:warm" --filter "$f" -c 1 -o $t.data -- "$W" 0.05 \
				>/dev/null 2>&1 || fail "$t record uprobe --filter '$f'"
		done
		mine=$(perf_samples ptool.data)
		theirs=$(perf_samples perf.data)
		case $f in
		*==*) [ "$mine" = 0 ] && [ "$theirs" = 0 ] ||
			fail "uprobe --filter '$f': $mine hits (perf $theirs), expected none" ;;
		*) [ "$mine" -gt 0 ] && [ "$theirs" -gt 0 ] ||
			fail "uprobe --filter '$f': $mine hits (perf $theirs)" ;;
		esac
	done
	ok "--filter on a uprobe"
else
	echo "no uprobe here: --filter on a uprobe not tried"
fi

# --switch-events: SWITCH records perf script shows as it does for its own
# file; ptool's reader takes them
for a in "" "-a"; do
	for t in perf ptool; do
		bin=$PERF
		[ $t = ptool ] && bin=$PTOOL
		# shellcheck disable=SC2086
		# offcpu sleeps twice: the task switches out and in whatever the load
		"$bin" record -q $a --switch-events -e cpu-clock -o $t.data -- "$WORKLOADS/offcpu" 100 2 \
			>/dev/null 2>&1 || fail "$t record $a --switch-events"
		"$PERF" script --show-switch-events -i $t.data 2>/dev/null |
			grep -o 'PERF_RECORD_SWITCH[_A-Z]* [INOUT]*' | sort -u >$t.sw
	done
	[ -s ptool.sw ] || fail "no switch records in ptool's $a --switch-events file"
	cmp -s perf.sw ptool.sw || { diff perf.sw ptool.sw; fail "$a --switch-events: record kinds differ"; }
	"$PTOOL" script -i ptool.data >scr.out 2>scr.err || { cat scr.err; fail "ptool script $a --switch-events"; }
	[ ! -s scr.err ] || { cat scr.err; fail "ptool script warned"; }
	"$PERF" script -i ptool.data 2>/dev/null | wc -l >perf.n
	[ "$(wc -l <scr.out)" = "$(cat perf.n)" ] ||
		fail "$a --switch-events: ptool script prints $(wc -l <scr.out) samples, perf $(cat perf.n)"
	"$PTOOL" report --stdio -i ptool.data >rep.out 2>rep.err || { cat rep.err; fail "report"; }
	echo "$a --switch-events: $(tr '\n' ' ' <ptool.sw)"
done
ok "--switch-events"

# --no-timestamp: samples without times, read by both
"$PTOOL" record -q --no-timestamp -e cpu-clock -o nt.data -- "$W" 0.1 >/dev/null 2>&1 ||
	fail "record --no-timestamp"
"$PTOOL" script -i nt.data -F comm,pid,ip >mine.out 2>mine.err || { cat mine.err; fail "ptool script --no-timestamp"; }
"$PERF" script -i nt.data -F comm,pid,ip >theirs.out 2>/dev/null || fail "perf script --no-timestamp"
cmp -s mine.out theirs.out || { diff mine.out theirs.out | head; fail "--no-timestamp: script differs from perf's"; }
"$PERF" record -q --no-timestamp -e cpu-clock -o pnt.data -- "$W" 0.1 >/dev/null 2>&1 ||
	fail "perf record --no-timestamp"
for f in nt pnt; do
	"$PERF" report --header-only -i $f.data 2>/dev/null | grep '^# time of' >$f.hdr
done
[ -s pnt.hdr ] && cmp -s nt.hdr pnt.hdr || { cat nt.hdr pnt.hdr; fail "--no-timestamp: sample times differ from perf's"; }
ok "--no-timestamp"

# ptool script prints what --user-regs, -I and -k recorded (-F uregs,
# iregs, tod) as perf script does, for ptool's files
same_script() {
	local f=$1
	shift
	"$PERF" script -i "$f" "$@" >theirs.out 2>theirs.err
	"$PTOOL" script -i "$f" "$@" >mine.out 2>mine.err || { cat mine.err; fail "ptool script $*"; }
	[ -s theirs.out ] || { cat theirs.err; fail "perf script $* printed nothing"; }
	cmp -s theirs.out mine.out || { diff theirs.out mine.out | head; fail "script $* differs from perf's"; }
}
"$PTOOL" record -q --user-regs=ax,sp -Iip,bx,r15 -e cpu-clock -o regs.data -- "$W" 0.05 \
	>/dev/null 2>&1 || fail "record --user-regs -I"
same_script regs.data -F comm,ip,sym,iregs,uregs
same_script regs.data -F +iregs,+uregs
"$PTOOL" record -q -a --user-regs=ax -g -e cpu-clock -o regs-a.data -- sleep 0.1 \
	>/dev/null 2>&1 || fail "record -a --user-regs -g"
same_script regs-a.data -F comm,pid,ip,sym,uregs
"$PTOOL" record -q -k mono -e cpu-clock -o tod.data -- "$W" 0.05 >/dev/null 2>&1 ||
	fail "record -k mono"
same_script tod.data -F comm,tod,time
same_script tod.data -F +tod
expect_fail "tod without -k" "$PTOOL" script -i regs.data -F comm,tod
assert_match "tod needs clock data" "no clock data" ef.err
expect_fail "iregs without -I" "$PTOOL" script -i nt.data -F ip,iregs
assert_match "iregs needs -I" "do not have IREGS" ef.err
ok "script -F iregs, uregs, tod"

# -G: only the cgroup's tasks are sampled
CGROOT=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
[ -n "$CGROOT" ] || skip "no cgroup v2 hierarchy mounted"
CG=ptool_newopts_$$
mkdir "$CGROOT/$CG" || skip "cannot create a cgroup under $CGROOT"
trap 'kill $in $out 2>/dev/null; wait 2>/dev/null; rmdir "$CGROOT/$CG" 2>/dev/null;
	echo "-:$G/warm" >> "$TFS/uprobe_events" 2>/dev/null; rm -rf "$TMPD"' EXIT
sh -c "echo \$\$ >'$CGROOT/$CG/cgroup.procs' && exec '$W' 6" >/dev/null 2>&1 &
in=$!
"$W" 6 >/dev/null 2>&1 &
out=$!
sleep 0.2
grep -qx "$in" "$CGROOT/$CG/cgroup.procs" || fail "the workload is not in $CG"
"$PTOOL" record -a -e cpu-clock -G "$CG" -o cg.data -- sleep 0.5 >/dev/null 2>cg.err ||
	{ cat cg.err; fail "record -a -G"; }
"$PERF" record -q -a -e cpu-clock -G "$CG" -o pcg.data -- sleep 0.5 >/dev/null 2>&1 ||
	fail "perf record -a -G"
kill $in $out 2>/dev/null
wait 2>/dev/null
"$PTOOL" script -i cg.data -F pid | sort -u | tr -d ' ' >pids.out
[ "$(cat pids.out)" = "$in" ] || { cat pids.out; fail "-G: samples from other tasks than $in"; }
"$PERF" script -i pcg.data -F pid | sort -u | tr -d ' ' >ppids.out
[ "$(cat ppids.out)" = "$in" ] || { cat ppids.out; fail "perf -G: samples from other tasks than $in, or none"; }
"$PERF" evlist -v -i cg.data | sed 's/, id: .*//' >mine.ev
"$PERF" evlist -v -i pcg.data | sed 's/, id: .*//' >theirs.ev
cmp -s mine.ev theirs.ev || { diff mine.ev theirs.ev; fail "-a -G: attrs differ from perf's"; }
expect_fail "no such cgroup" "$PTOOL" record -a -G no_such_cgroup_$$ -o x.data -- true
assert_match "cgroup named" "cannot open cgroup 'no_such_cgroup_$$': no such cgroup" ef.err
ok "-G: samples only from the cgroup's task, as perf"
