#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool trace's selections: -e/--expr lists with globs and '!', --failure,
# --duration, -o, -T and --no-comm, on the sysloop workload's known calls.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace.inc"
cd "$TMPD"

calls() { norm "$1" | sed -E 's/\(.*//' | sort | uniq -c | awk '{ print $2 "=" $1 }' | tr '\n' ' '; }

"$PTOOL" trace -e write,lseek -- "$SYSLOOP" 2> e.err || { cat e.err; fail "-e write,lseek failed"; }
[ "$(calls e.err)" = "lseek=20 write=1000 " ] || fail "-e write,lseek: $(calls e.err)"
ok "-e write,lseek: only those, all of them"

"$PTOOL" trace --expr 'lsee?,munm*' -- "$SYSLOOP" 2> g.err || { cat g.err; fail "--expr globs failed"; }
[ "$(calls g.err)" = "lseek=20 munmap=51 " ] || fail "--expr 'lsee?,munm*': $(calls g.err)"
ok "--expr with globs"

"$PTOOL" trace -e '!write,openat,mmap,munmap' -- "$SYSLOOP" 2> x.err || { cat x.err; fail "-e '!...' failed"; }
assert_no_match "-e '!write,...': no write" ' write\(' x.err
assert_no_match "-e '!...,openat,...': no openat" ' openat\(' x.err
[ "$(grep -c ' lseek(' x.err)" = 20 ] || fail "-e '!...': lseek missing"
ok "-e '!list' excludes the list"

"$PTOOL" trace --failure -- "$SYSLOOP" 2> f.err || { cat f.err; fail "--failure failed"; }
assert_no_match "--failure: only errors" '= [^-]' f.err
[ "$(grep -c 'openat(.*= -1 ENOENT' f.err)" = 200 ] || fail "--failure: openat count"
[ "$(grep -c 'access(.*mode: W.*= -1 ENOENT' f.err)" = 10 ] || fail "--failure: access count"
ok "--failure: the 200 openat and 10 access failures, nothing else"

# nothing in sysloop takes a minute; all of it takes more than 0 ms
"$PTOOL" trace --duration 60000 -- "$SYSLOOP" 2> d.err || { cat d.err; fail "--duration failed"; }
assert_no_match "--duration 60000: no lines" '\): ' d.err
"$PTOOL" trace --duration 0.000001 -e write -- "$SYSLOOP" 2> d2.err || fail "--duration small failed"
[ "$(grep -c ' write(' d2.err)" = 1000 ] || fail "--duration 0.000001: $(grep -c ' write(' d2.err) writes"
ok "--duration filters on the call's duration"

"$PTOOL" trace -o out.txt -e lseek -- "$SYSLOOP" > o.out 2> o.err || { cat o.err; fail "-o failed"; }
[ "$(grep -c ' lseek(' out.txt)" = 20 ] || fail "-o: lines not in the file"
assert_no_match "-o: nothing on stderr" 'lseek' o.err
ok "-o writes the lines to the file"

"$PTOOL" trace -T --no-comm -e lseek -- "$SYSLOOP" 2> t.err || fail "-T failed"
first=$(awk 'NR == 1 { print int($1) }' t.err)
up=$(awk '{ print int($1 * 1000) }' /proc/uptime)
[ "$first" -gt 1000 ] || fail "-T: timestamp $first is not absolute"
assert_match "--no-comm: tid only" '^ *[0-9.]+ \( *[0-9.]+ ms\): [0-9]+ lseek\(' t.err
ok "-T absolute timestamps (uptime ${up} ms), --no-comm"

# -a: every task's calls but ptool's own, until SIGINT
"$PTOOL" trace -a -e lseek,ppoll -o all.txt & tr=$!	# ptool itself ppolls
wait_attached $tr
"$SYSLOOP" || fail "sysloop failed"
kill -INT $tr
wait $tr || fail "trace -a ended by SIGINT: non-zero exit"
n=$(grep -c 'sysloop/[0-9]* lseek(fd: 3[^,]*, whence: END) *= 0$' all.txt)
[ "$n" = 20 ] || fail "-a -e lseek,ppoll: $n sysloop lseek lines, want 20"
assert_no_match "-a: not ptool's own calls" "/$tr " all.txt
ok "-a traces other tasks' calls, not its own"

# one thread, not inherited: no comm/tid column (perf's rule)
"$PTOOL" trace --no-inherit -e write -- echo hi > /dev/null 2> ni.err || fail "--no-inherit failed"
assert_match "--no-inherit: no comm/tid" '^ +[0-9.]+ \( *[0-9.]+ ms\): write\(fd: 1' ni.err
"$PTOOL" trace -e write -- echo hi > /dev/null 2> in.err || fail "trace echo failed"
assert_match "inherited: comm/tid" '\): echo/[0-9]+ write\(fd: 1' in.err
ok "--no-inherit on one thread drops the comm/tid column"

"$PTOOL" trace --max-events 3 -- "$SYSLOOP" forever 2> me.err
[ $? = 0 ] || fail "--max-events: non-zero exit"
[ "$(grep -c '): ' me.err)" = 3 ] || { cat me.err; fail "--max-events 3: not 3 lines"; }
ok "--max-events 3: three lines, then the end (of a command that runs forever)"
