#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Long command names: ptool record writes the kernel's 16-byte names into
# its synthesized COMM records, as perf does, and ptool script prints any
# name a file holds whole, in perf script's columns.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
need_sampling
command -v python3 >/dev/null || skip "python3 is not installed"
here=$(cd "$(dirname "$0")" && pwd)
cd "$TMPD"

# same FILE ARGS...: ptool script prints perf script's bytes
same() {
	local f=$1
	shift
	"$PERF" script -i "$f" "$@" >perf.out 2>/dev/null || fail "perf script $* failed"
	"$PTOOL" script -i "$f" "$@" >ptool.out 2>ptool.err || { cat ptool.err; fail "ptool script $* failed"; }
	[ -s perf.out ] || fail "perf script $* printed nothing"
	cmp -s perf.out ptool.out || { diff -u perf.out ptool.out | head -20; fail "script $* on $f differs from perf"; }
}

# COMM records of both recorders' system-wide files
"$PTOOL" record -a -e cpu-clock -o pt.data -- sleep 0.2 >/dev/null 2>pt.err ||
	{ cat pt.err; fail "ptool record -a"; }
"$PERF" record -q -a -e cpu-clock -o pf.data -- sleep 0.2 >/dev/null 2>&1 || fail "perf record -a"
"$PTOOL" record -a -e cpu-clock -o pt2.data -- sleep 0.2 >/dev/null 2>pt.err ||
	{ cat pt.err; fail "ptool record -a"; }
comms() {	# FILE: "tid name" of each COMM record
	"$PERF" script --show-task-events -i "$1" 2>/dev/null |
		sed -n 's/.*PERF_RECORD_COMM: \(.*\):[0-9]*\/\([0-9]*\)$/\2 \1/p' | sort -u
}
comms pt.data >pt.comms
comms pf.data >pf.comms
comms pt2.data >pt2.comms
long=$(awk '{ n = $0; sub(/^[0-9]+ /, "", n) } length(n) > 15 { print; f = 1 } END { exit !f }' pt.comms) &&
	fail "COMM records longer than the kernel's 15 characters: $(echo "$long" | head -3)"
# /proc names longer than that exist here (workqueue workers, some kthreads)?
nlong=$(cat /proc/[0-9]*/comm 2>/dev/null | awk 'length > 15' | wc -l)
# a thread both files describe has the same name in both; threads that
# changed names meanwhile (an exec, a worker's new work: ptool's two
# recordings, before and after perf's, disagree) are left out
join pt.comms pt2.comms 2>/dev/null | awk '$2 == $3 { print $1, $2 }' >stable.comms
join stable.comms pf.comms 2>/dev/null | awk '$0 !~ /kworker\// && $2 != $3 { print; bad = 1 } END { exit bad }' ||
	fail "ptool and perf name these threads differently (tid ptool perf)"
ok "COMM records within 15 characters, as perf's ($nlong longer names in /proc)"

# the two files print the same comm columns in both tools
for f in pt.data pf.data; do
	same "$f" -F comm,tid,time
	same "$f" -F comm,pid,tid,cpu,time,event
done
ok "ptool script prints perf's comm columns on both files"

# a file whose COMM holds a name of 32 characters (older ptool wrote them):
# perf script prints it whole, padded to 16 or, with callchains, as it is
"$PTOOL" record -g -e cpu-clock -o w.data -- "$WORKLOADS/cpuloop" 0.2 >/dev/null 2>&1 ||
	fail "ptool record -g"
pid=$("$PERF" script -i w.data -F pid 2>/dev/null | head -1 | tr -d ' ')
name=kworker/u8:0-ext4-rsv-conversion
python3 "$here/script-comm-rename.py" w.data long.data "$pid" "$name" ||
	fail "cannot write a file with a long comm"
same long.data
grep -q "^$name  *$pid " ptool.out || { head -3 ptool.out; fail "the long name is not printed whole"; }
same long.data -F comm,tid,time
same long.data -F comm,pid,tid,period,event
"$PERF" report -i long.data --stdio --sort comm,pid -g none 2>/dev/null | grep '%' | grep -v 'Tip:' >perf.rep
"$PTOOL" report -i long.data --sort comm,pid -g none | grep '%' >ptool.rep
diff perf.rep ptool.rep || fail "report --sort comm,pid on a long comm differs from perf"
ok "a 32-character comm, printed whole as perf does"
