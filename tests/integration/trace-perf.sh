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
n=$(wc -l < ptool.norm)
[ "$n" -gt 1300 ] || fail "ptool trace printed only $n lines"
got=
for try in 1 2 3; do
	"$PERF" trace -- "$SYSLOOP" 2> perf.err || skip "perf trace failed"
	norm perf.err > perf.norm
	if [ "$(wc -l < perf.norm)" = "$n" ]; then
		got=1
		break
	fi
done
[ -n "$got" ] || skip "perf trace lost events in 3 tries ($(wc -l < perf.norm) lines, ptool $n)"
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
	for try in 1 2 3; do
		"$PERF" trace "$@" -- "$SYSLOOP" 2> psel.err || skip "perf trace $desc failed"
		norm psel.err > psel.norm
		[ "$(wc -l < psel.norm)" = "$(wc -l < sel.norm)" ] && break
	done
	diff -u psel.norm sel.norm > sel.diff || { head -20 sel.diff; fail "trace $desc differs from perf"; }
}
same_as_perf "--failure -e openat,access" --failure -e openat,access
same_as_perf "-e '!write,lseek'" -e '!write,lseek'
same_as_perf "-e mmap,munmap" -e mmap,munmap
ok "trace -e, '!' and --failure select what perf trace selects"
