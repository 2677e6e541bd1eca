#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Recordings that did not finish: perf record and ptool record (plain and
# -z) killed with SIGKILL in the middle, and a finished file cut inside its
# data section. ptool report and ptool script read each up to its last
# whole record, print one warning naming what was lost, exit 0, and the
# top symbol is the one a finished recording of the same workload shows
# (perf 6.1 fails on these files: "failed to process sample").
. "$(dirname "$0")/lib.sh"
need_perf
can_open cpu-clock || skip "cannot open cpu-clock events"
CPULOOP=$WORKLOADS/cpuloop
[ -x "$CPULOOP" ] || skip "$CPULOOP is not built (make workloads)"

cd "$TMPD"

# top FILE: the symbol of the first line of a --no-children report
top() { awk '/^ +[0-9.]+%/ { print $NF; exit }' "$1"; }

# the truth: a finished recording of the same workload
"$PERF" record -q -e cpu-clock -o ref.data "$CPULOOP" 0.5 >/dev/null 2>&1 ||
	skip "perf record failed"
"$PERF" report -i ref.data --stdio --no-children >ref.out 2>/dev/null
want=$(top ref.out)
[ -n "$want" ] || { cat ref.out; fail "no top symbol in perf's report"; }

# killed TOOL FILE BYTES ARGS...: record "cpuloop 30" with a small ring
# buffer, SIGKILL the recorder once BYTES are on disk, then end the workload
killed() {
	local tool=$1 f=$2 min=$3 pid kid i
	shift 3
	rm -f "$f"
	"$tool" record -q -m 8 -e cpu-clock -o "$f" "$@" -- "$CPULOOP" 30 >/dev/null 2>&1 &
	pid=$!
	# a hang guard, not a timing check: give up after 60 s
	for i in $(seq 600); do
		[ "$(stat -c %s "$f" 2>/dev/null || echo 0)" -ge "$min" ] && break
		sleep 0.1
	done
	kid=$(pgrep -P $pid | head -1)
	kill -KILL $pid
	wait $pid 2>/dev/null
	[ -n "$kid" ] && kill -KILL "$kid" 2>/dev/null
	[ "$(stat -c %s "$f")" -ge "$min" ] || fail "$tool record wrote less than $min bytes in 60 s"
}

# check DESC FILE WHY: report and script read it with one warning, exit 0
check() {
	local desc=$1 f=$2 why=$3 cmd rc
	"$PTOOL" report -i "$f" --no-children >r.out 2>r.err
	rc=$?
	[ $rc -eq 0 ] || { cat r.err; fail "$desc: ptool report exited $rc"; }
	[ "$(wc -l <r.err)" -eq 1 ] || { cat r.err; fail "$desc: ptool report: not one line on stderr"; }
	assert_match "$desc: report warning" "^ptool report: warning: '$f' is an unfinished recording \\($why\\): read [0-9]+ records \\([0-9]+ bytes\\); lost " r.err
	got=$(top r.out)
	[ "$got" = "$want" ] || { head -20 r.out; fail "$desc: top symbol '$got', want '$want'"; }
	"$PTOOL" script -i "$f" >s.out 2>s.err
	rc=$?
	[ $rc -eq 0 ] || { cat s.err; fail "$desc: ptool script exited $rc"; }
	[ "$(wc -l <s.err)" -eq 1 ] || { cat s.err; fail "$desc: ptool script: not one line on stderr"; }
	assert_match "$desc: script warning" "^ptool script: warning: '$f' is an unfinished recording" s.err
	grep -q "cpu-clock:" s.out || fail "$desc: ptool script printed no sample"
	ok "$desc: top symbol $got, $(sed 's/.*: read //; s/;.*//' r.err)"
}

killed "$PERF" perf-k.data 153600
check "perf record killed" perf-k.data "the header says data size 0"

killed "$PTOOL" ptool-k.data 153600 -g
check "ptool record -g killed" ptool-k.data "the header says data size 0"

# --recover FILE: a finished file that perf reads, with the same report
for f in perf-k.data ptool-k.data; do
	rm -f fixed.data
	"$PTOOL" report -i $f --recover fixed.data >/dev/null 2>rec.err ||
		{ cat rec.err; fail "report --recover of $f"; }
	assert_match "$f: recovered" "^\[ ptool report: wrote 'fixed.data' \([0-9]+ bytes of records\) \]" rec.err
	"$PERF" report -i fixed.data --stdio --no-children >perf.out 2>perf.err ||
		{ cat perf.err; fail "perf report of the recovered $f"; }
	grep -Ev '^ *$|Tip|^#$' perf.err | grep . && fail "perf report warned on the recovered $f"
	got=$(top perf.out)
	[ "$got" = "$want" ] || { head -20 perf.out; fail "recovered $f: perf's top symbol '$got', want '$want'"; }
	"$PTOOL" report -i fixed.data --no-children >ptool.out 2>ptool.err ||
		{ cat ptool.err; fail "ptool report of the recovered $f"; }
	[ -s ptool.err ] && { cat ptool.err; fail "ptool report warned on the recovered $f"; }
	diff <(grep -v Tip perf.out | sed '/^#$/d') <(sed '/^#$/d' ptool.out) >d.diff ||
		{ head -30 d.diff; fail "recovered $f: reports differ"; }
	ok "report --recover of $f: perf reads it, top symbol $got, the same report"
done
"$PTOOL" report -i fixed.data --recover again.data >/dev/null 2>e.err
rc=$?
[ $rc -eq 1 ] || { cat e.err; fail "--recover of a finished file exited $rc"; }
assert_match "nothing to recover" "is a finished recording: there is nothing to recover" e.err

if "$PERF" version --build-options 2>/dev/null | grep -Eq 'zstd: +\[ on'; then
	killed "$PERF" perf-kz.data 24576 -z
	check "perf record -z killed" perf-kz.data "the header says data size 0"
fi
killed "$PTOOL" ptool-kz.data 24576 -z
check "ptool record -z killed" ptool-kz.data "the header says data size 0"

# a finished file cut in the middle of its data section (a copy that
# stopped): the records before the cut
"$PERF" record -q -e cpu-clock -c 100000 -o whole.data "$CPULOOP" 0.5 >/dev/null 2>&1 ||
	fail "perf record failed"
size=$(python3 -c 'import struct,sys; b=open(sys.argv[1],"rb").read(64); o,s=struct.unpack_from("<QQ",b,40); print(o + s * 2 // 3 + 3)' whole.data)
head -c "$size" whole.data >cut.data
check "a finished file cut inside its data" cut.data "its data section runs past the end of the file"
assert_match "cut record" "lost a cut record \\([0-9]+ bytes\\)" r.err

# damaged elsewhere: still a clean error (attrs past the end)
head -c 200 whole.data >short.data
"$PTOOL" report -i short.data >/dev/null 2>e.err
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <e.err)" -eq 1 ] || { cat e.err; fail "a file cut in its attrs: exit $rc"; }
ok "a file cut before its data fails with one line"
