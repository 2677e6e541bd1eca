#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool trace against perf trace on the same program: the same syscalls in
# the same order with the same decoded arguments and return values, once
# times, pointers, pids and fd paths are masked (perf prints filename
# pointers cut to 32 bits and reads fd paths from /proc when it gets to the
# event: neither is part of the comparison). perf trace may drop events
# under load; the comparison retries a few times and skips if perf never
# gets them all.
. "$(dirname "$0")/lib.sh"
need_perf
. "$(dirname "$0")/trace.inc"
cd "$TMPD"

"$PTOOL" trace -- "$SYSLOOP" 2> ptool.err || { tail ptool.err; fail "ptool trace failed"; }
norm ptool.err > ptool.norm
complete ptool.norm || { grep -v " = " ptool.norm | head -5; fail "ptool trace printed calls without their return"; }
n=$(wc -l < ptool.norm)
[ "$n" -gt 1300 ] || fail "ptool trace printed only $n lines"
got=
for try in 1 2 3; do
	"$PERF" trace -- "$SYSLOOP" 2> perf.err || skip "perf trace failed"
	norm perf.err > perf.norm
	if [ "$(wc -l < perf.norm)" = "$n" ] && complete perf.norm; then
		got=1
		break
	fi
done
[ -n "$got" ] || skip "perf trace lost events in 3 tries ($(wc -l < perf.norm) lines, ptool $n; $(grep -cv ' = ' perf.norm) without a return)"
diff -u perf.norm ptool.norm > d.diff || { head -40 d.diff; fail "lines differ from perf trace"; }
ok "trace: $n lines with perf trace's syscalls, arguments and return values"

# the layout: the '=' column at perf's place on both
p=$(grep -m1 'brk()' perf.err | sed -E 's/^.*(brk\(\) +=).*$/\1/')
q=$(grep -m1 'brk()' ptool.err | sed -E 's/^.*(brk\(\) +=).*$/\1/')
[ "$p" = "$q" ] || fail "alignment differs: perf '$p', ptool '$q'"
ok "trace: the return column is aligned as perf's"

# the same selections as perf: -e lists, '!' and --failure
same_as_perf() {
	local desc=$1; shift
	"$PTOOL" trace "$@" -- "$SYSLOOP" 2> sel.err || fail "ptool trace $desc failed"
	norm sel.err > sel.norm
	complete sel.norm || { grep -v ' = ' sel.norm | head -5; fail "ptool trace $desc printed calls without their return"; }
	local got=
	for try in 1 2 3; do
		"$PERF" trace "$@" -- "$SYSLOOP" 2> psel.err || skip "perf trace $desc failed"
		norm psel.err > psel.norm
		if [ "$(wc -l < psel.norm)" = "$(wc -l < sel.norm)" ] && complete psel.norm; then
			got=1
			break
		fi
	done
	[ -n "$got" ] || skip "perf trace $desc lost events in 3 tries ($(wc -l < psel.norm) lines, ptool $(wc -l < sel.norm); $(grep -cv ' = ' psel.norm) without a return)"
	diff -u psel.norm sel.norm > sel.diff || { head -20 sel.diff; fail "trace $desc differs from perf"; }
}
same_as_perf "--failure -e openat,access" --failure -e openat,access
same_as_perf "-e '!write,lseek'" -e '!write,lseek'
same_as_perf "-e mmap,munmap" -e mmap,munmap
ok "trace -e, '!' and --failure select what perf trace selects"

# -s: the whole summary of a thread with no completed call is perf's, and
# on sysloop the per-thread events and share, and each syscall's calls and
# errors (times differ, and so the order of the rows)
"$PTOOL" trace -s -e exit_group -- true 2> xs.err || fail "ptool trace -s -e exit_group failed"
"$PERF" trace -s -e exit_group -- true 2> pxs.err || skip "perf trace -s failed"
sed -E 's/\([0-9]+\)/(PID)/' xs.err > xs.m
sed -E 's/\([0-9]+\)/(PID)/' pxs.err > pxs.m
diff -u pxs.m xs.m || fail "-s -e exit_group: summary differs from perf"
counts() { sed -E 's/\([0-9]+\)/(PID)/' "$1" | awk '/ events, / { print } NF == 8 && $2 ~ /^[0-9]+$/ { print $1, $2, $3 }' | sort; }
"$PTOOL" trace -s -- "$SYSLOOP" 2> ss.err || fail "ptool trace -s failed"
counts ss.err > ss.c
for try in 1 2 3; do
	"$PERF" trace -s -- "$SYSLOOP" 2> pss.err || skip "perf trace -s failed"
	counts pss.err > pss.c
	cmp -s ss.c pss.c && break
done
[ "$(row write pss.err)" = "1000 0" ] || skip "perf trace -s lost writes: $(row write pss.err)"
diff -u pss.c ss.c || fail "-s: events, calls or errors differ from perf's"
ok "trace -s: perf's summary, events and shares, calls and errors"
