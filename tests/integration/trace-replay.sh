#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool trace -i: a file from 'perf trace record' and one from 'ptool
# record -e raw_syscalls:sys_enter,raw_syscalls:sys_exit' give the exact
# counts, the same lines as perf trace -i on the same file (pointers masked)
# and the same lines as the live trace; filters apply to a replay too.
. "$(dirname "$0")/lib.sh"
need_perf
. "$(dirname "$0")/trace.inc"
cd "$TMPD"

"$PERF" trace record -o perf.data -- "$SYSLOOP" > /dev/null 2> rec.err ||
	{ cat rec.err; skip "perf trace record failed"; }
"$PTOOL" trace -i perf.data -s > /dev/null 2> s.err || { cat s.err; fail "trace -i -s failed"; }
[ "$(row write s.err)" = "1000 0" ] || { cat s.err; fail "-i perf: write $(row write s.err)"; }
[ "$(row lseek s.err)" = "20 0" ] || fail "-i perf: lseek $(row lseek s.err)"
"$PTOOL" trace -i perf.data 2> l.err || fail "trace -i failed"
"$PERF" trace -i perf.data 2> pl.err || skip "perf trace -i failed"
norm l.err > l.norm
norm pl.err > pl.norm
diff -u pl.norm l.norm > d.diff || { head -30 d.diff; fail "-i: lines differ from perf trace -i"; }
ok "trace -i of a perf trace record file: counts and $(wc -l < l.norm) lines as perf's"

"$PTOOL" record -q -o ptool.data -e raw_syscalls:sys_enter,raw_syscalls:sys_exit -- "$SYSLOOP" ||
	fail "ptool record failed"
"$PTOOL" trace -i ptool.data -S 2> ps.err || { cat ps.err; fail "trace -i ptool file failed"; }
[ "$(row write ps.err)" = "1000 0" ] || fail "-i ptool: write $(row write ps.err)"
n=$(grep -c 'openat(dfd: CWD, .*= -1 ENOENT' ps.err)
[ "$n" = 200 ] || fail "-i ptool: $n failed openat lines"
"$PERF" trace -i ptool.data 2> pp.err || skip "perf trace -i of the ptool file failed"
grep -v '^ptool\|^perf' ps.err | sed -n '/Summary of events/q;p' | grep . > ps.lines
norm ps.lines > ps.norm
norm pp.err > pp.norm
diff -u pp.norm ps.norm > d2.diff || { head -30 d2.diff; fail "-i ptool file: lines differ from perf trace -i"; }
ok "trace -i of a ptool record file: counts and lines as perf's"

"$PTOOL" trace -i ptool.data -e lseek --failure 2> lf.err || fail "-i with filters failed"
assert_no_match "-i -e lseek --failure: nothing" '\): ' lf.err
"$PTOOL" trace -i ptool.data -e access --failure 2> af.err || fail "-i with filters failed"
[ "$(grep -c 'mode: W' af.err)" = 10 ] || fail "-i -e access --failure: $(grep -c 'mode: W' af.err)"
ok "trace -i with -e and --failure"

# hostile files: mutated copies of both recordings; a clean exit or one
# error line, never a crash or a hang
python3 "$TOP/scripts/corrupt.py" 11 40 "$TMPD" perf.data ptool.data > /dev/null ||
	fail "corrupt.py failed"
for f in "$TMPD"/0*.data; do
	timeout 60 "$PTOOL" trace -i "$f" -S > /dev/null 2> c.err
	rc=$?
	[ $rc -lt 124 ] || { tail -3 c.err; fail "trace -i $(basename "$f"): crash or hang ($rc)"; }
	[ $rc -eq 0 ] || [ "$(grep -c '^ptool trace: ' c.err)" -ge 1 ] ||
		{ tail -3 c.err; fail "trace -i $(basename "$f"): failed without a message"; }
done
ok "trace -i on 40 corrupted files: no crash or hang"
