#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool trace on two threads making syscalls at once (sysloop threads: 500
# write and 100 lseek each): exact per-thread counts in -s, and in the lines
# every call once, whole or as an interrupted entry ("...") and its
# "[continued]" end on the same thread, as perf trace prints them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace.inc"
cd "$TMPD"

"$PTOOL" trace -s -- "$SYSLOOP" threads 2> s.err || { cat s.err; fail "trace -s failed"; }
n=$(awk '$1 == "write" && $2 == 500 && $3 == 0' s.err | wc -l)
[ "$n" = 2 ] || { cat s.err; fail "-s: $n threads with 500 writes, want 2"; }
n=$(awk '$1 == "lseek" && $2 == 100 && $3 == 0' s.err | wc -l)
[ "$n" = 2 ] || { cat s.err; fail "-s: $n threads with 100 lseek, want 2"; }
ok "trace -s: two threads, 500 write and 100 lseek each"

"$PTOOL" trace -e write,lseek -- "$SYSLOOP" threads 2> l.err || fail "trace failed"
whole=$(grep -c 'write(fd: 3[^,]*, buf: 0x[0-9a-f]*, count: 1) *= 1$' l.err)
cont=$(grep -c '\.\.\. \[continued\]: write()) *= 1$' l.err)
[ $((whole + cont)) = 1000 ] || fail "lines: $whole whole + $cont continued writes, want 1000"
# each interrupted entry ends later on its own thread
grep -E '\.\.\.$' l.err | sed -E 's/^.*\): ([^ ]+) ([a-z_0-9]+)\(.*/\1 \2/' | sort | uniq -c > intr.c
grep -E '\.\.\. \[continued\]' l.err | sed -E 's/^.*\): ([^ ]+)  \.\.\. \[continued\]: ([a-z_0-9]+)\(.*/\1 \2/' |
	sort | uniq -c > cont.c
diff -u intr.c cont.c || fail "interrupted entries and continued ends do not pair up per thread"
ok "trace: 1000 writes of two threads, $cont of them interrupted and continued on the same thread"
