#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool trace counts every call: the sysloop workload makes 1000 write, 200
# failing openat, 50 mmap/munmap of 28672 bytes, 20 lseek and 10 failing
# access(W_OK); -s, -S and the per-call lines must show exactly those, with
# no lost events, in perf trace -s's layout.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace.inc"
cd "$TMPD"

"$PTOOL" trace -s -- "$SYSLOOP" > s.out 2> s.err || { cat s.err; fail "trace -s failed"; }
assert_no_match "-s: no lines on stdout" . s.out
[ "$(row write s.err)" = "1000 0" ] || { cat s.err; fail "write: $(row write s.err), want 1000 0"; }
[ "$(row lseek s.err)" = "20 0" ] || { cat s.err; fail "lseek: $(row lseek s.err), want 20 0"; }
openat=$(row openat s.err)
[ "${openat#* }" = 200 ] || { cat s.err; fail "openat errors: ${openat#* }, want 200"; }
assert_no_match "-s: no lost events" 'lost' s.err
assert_no_match "-s: no per-call lines" '\): sysloop/' s.err
# perf's layout: header, per-thread line, table header
assert_match "-s: summary header" '^ Summary of events:$' s.err
assert_match "-s: thread line" '^ sysloop \([0-9]+\), [0-9]+ events, [0-9.]+%$' s.err
assert_match "-s: column header" '^   syscall            calls  errors  total       min       avg       max       stddev$' s.err
assert_match "-s: units" '^                                     \(msec\)    \(msec\)    \(msec\)    \(msec\)        \(%\)$' s.err
assert_match "-s: rule" '^   --------------- --------  ------ -------- --------- --------- ---------     ------$' s.err
assert_match "-s: row layout" '^   write               1000      0 +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{2}%$' s.err
ok "trace -s counts 1000 write, 20 lseek, 200 failed openat"

"$PTOOL" trace -S -- "$SYSLOOP" 2> S.err || { cat S.err; fail "trace -S failed"; }
n=$(grep -c 'write(fd: 3[^,]*, buf: 0x[0-9a-f]*, count: 1) *= 1$' S.err)
[ "$n" = 1000 ] || fail "-S: $n write lines, want 1000"
n=$(grep -c 'openat(dfd: CWD, filename: 0x[0-9a-f]*, flags: RDONLY|CLOEXEC) *= -1 ENOENT (No such file or directory)$' S.err)
[ "$n" = 200 ] || fail "-S: $n failed openat lines, want 200"
n=$(grep -c 'mmap(len: 28672, prot: READ|WRITE, flags: PRIVATE|ANONYMOUS) *= 0x[0-9a-f]*$' S.err)
[ "$n" = 50 ] || fail "-S: $n mmap lines, want 50"
n=$(grep -c 'munmap(addr: 0x[0-9a-f]*, len: 28672) *= 0$' S.err)
[ "$n" = 50 ] || fail "-S: $n munmap lines, want 50"
n=$(grep -c 'lseek(fd: 3[^,]*, whence: END) *= 0$' S.err)
[ "$n" = 20 ] || fail "-S: $n lseek lines, want 20"
n=$(grep -c 'access(filename: 0x[0-9a-f]*, mode: W) *= -1 ENOENT' S.err)
[ "$n" = 10 ] || fail "-S: $n access lines, want 10"
[ "$(row write S.err)" = "1000 0" ] || fail "-S: summary write $(row write S.err)"
# every line is "time ( dur ms): comm/tid call = ret", aligned as perf's
bad=$(grep -v '^$' S.err | sed -n '/Summary of events/q;p' |
	grep -Evc '^ +([0-9]+\.[0-9]{3}|\?) \(( *[0-9]+\.[0-9]{3} ms|         )\): sysloop/[0-9]+ .*\) += ')
[ "$bad" = 0 ] || fail "-S: $bad lines not in perf trace's layout"
ok "trace -S: 1000 write, 200 openat, 50 mmap and munmap lines, decoded as perf"

# a small ring that the watermark and the reading keep up with
"$PTOOL" trace -m 16 -s -- "$SYSLOOP" 2> m.err || { cat m.err; fail "trace -m 16 failed"; }
if grep -q 'lost' m.err; then
	assert_match "-m 16: loss named per cpu" '^ptool trace: warning: cpu [0-9]+: the kernel lost [0-9]+ events' m.err
	ok "trace -m 16: losses reported per cpu"
else
	[ "$(row write m.err)" = "1000 0" ] || fail "-m 16: write $(row write m.err) without a loss report"
	ok "trace -m 16: all 1000 writes"
fi

"$PTOOL" trace -s --errno-summary -e openat,access,write -- "$SYSLOOP" 2> e.err || fail "--errno-summary failed"
awk '$1 == "openat" { getline; print }' e.err | grep -qxP '\t\t\t\tENOENT: 200' ||
	{ cat e.err; fail "--errno-summary: no 'ENOENT: 200' under openat"; }
awk '$1 == "write" { getline; print }' e.err | grep -q 'E[A-Z]*:' && fail "--errno-summary: errno line under write"
ok "--errno-summary: ENOENT: 200 under openat, nothing under write"
