#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool record's options, errors, exit status and output file handling.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
cd "$TMPD" || fail "cd"

"$PTOOL" record -h >h.out 2>&1 || fail "-h exit status"
assert_match "usage" 'Usage: ptool record' h.out
for o in -e -F -c -g --call-graph -a -C -p -t -o -m --no-inherit -z --compression-level -q -v --dry-run; do
	grep -q -- " $o" h.out || fail "-h does not list $o"
done

# option errors: exit 2, one clear line, no file
expect_fail "bad call graph" "$PTOOL" record --call-graph lbr -- true
assert_match "call graph named" "unknown --call-graph mode 'lbr'" "$TMPD/ef.err"
expect_fail "dwarf size" "$PTOOL" record --call-graph dwarf,100000 -- true
assert_match "size named" "invalid stack dump size '100000'" "$TMPD/ef.err"
expect_fail "zero freq" "$PTOOL" record -F 0 -- true
assert_match "freq named" "invalid frequency '0'" "$TMPD/ef.err"
expect_fail "bad pages" "$PTOOL" record -m lots -- true
assert_match "pages named" "invalid number of mmap pages 'lots'" "$TMPD/ef.err"
expect_fail "-p with -t" "$PTOOL" record -t 1 -p 1 -- true
expect_fail "compression level" "$PTOOL" record --compression-level=max -- true
assert_match "level named" "invalid compression level 'max'" "$TMPD/ef.err"
"$PTOOL" record --bogus -- true 2>/dev/null
[ $? -eq 2 ] || fail "unknown option must exit 2"
expect_fail "unknown event" "$PTOOL" record -e no_such_event_xyz -- true
assert_match "event named" "no_such_event_xyz" "$TMPD/ef.err"
sh -c 'exit 0' &
gone=$!
wait $gone
expect_fail "gone process" "$PTOOL" record -p $gone
assert_match "process named" "no such process in '$gone'" "$TMPD/ef.err"
expect_fail "bad tid list" "$PTOOL" record -t 12x
assert_match "list named" "invalid thread list '12x'" "$TMPD/ef.err"
[ ! -e perf.data ] || fail "a failed command left perf.data"

# --dry-run -v: the attrs, nothing opened, no file
"$PTOOL" record --dry-run -v -- true 2>dr.err || fail "dry run exit status"
assert_match "freq 4000" 'sample_period, sample_freq \} +4000' dr.err
assert_match "freq mode" '^  freq +1' dr.err
assert_match "sample type" 'sample_type +IP\|TID\|TIME\|PERIOD' dr.err
assert_match "enable on exec" 'enable_on_exec +1' dr.err
assert_match "inherit" '^  inherit +1' dr.err
assert_match "tracking" '^  mmap2 +1' dr.err
assert_match "sample_id_all" 'sample_id_all +1' dr.err
[ ! -e perf.data ] || fail "--dry-run created perf.data"
"$PTOOL" record --dry-run -v -c 1000 -g --no-inherit -e task-clock -- true 2>dr2.err ||
	fail "dry run 2 exit status"
assert_match "period" 'sample_period, sample_freq \} +1000' dr2.err
assert_no_match "no freq" '^  freq +1' dr2.err
assert_match "callchain" 'sample_type +IP\|TID\|TIME\|CALLCHAIN' dr2.err
assert_no_match "no inherit" '^  inherit +1' dr2.err
"$PTOOL" record --dry-run -v -a -e cpu-clock -e task-clock 2>dr3.err || fail "dry run 3"
assert_match "identifier with two events" 'IDENTIFIER' dr3.err
assert_match "cpu with -a" 'sample_type +IP\|TID\|TIME\|CPU' dr3.err
max=$(cat /proc/sys/kernel/perf_event_max_sample_rate)
"$PTOOL" record --dry-run -v -F $((max + 1)) -- true 2>dr4.err || fail "dry run 4"
assert_match "throttle warning" "warning: Maximum frequency rate \\($max Hz\\) exceeded" dr4.err
assert_match "throttled" "sample_freq \\} +$max\$" dr4.err
"$PTOOL" record --dry-run -m 3 -- true 2>dr5.err || fail "dry run 5"
assert_match "pages rounded" 'rounding mmap pages size to 4 pages' dr5.err
ok "options and --dry-run"

need_sampling
W=$WORKLOADS/cpuloop

# the workload's exit status; a command that cannot run: 127 and no file
"$PTOOL" record -q -o st.data -- sh -c 'exit 3' 2>st.err
rc=$?
[ $rc -eq 3 ] || { cat st.err; fail "workload exit 3 gave $rc"; }
[ ! -s st.err ] || { cat st.err; fail "-q printed something"; }
"$PTOOL" record -o nx.data -- ./no-such-program 2>nx.err
rc=$?
[ $rc -eq 127 ] || { cat nx.err; fail "missing program gave $rc, expected 127"; }
assert_match "one line" "cannot run './no-such-program': No such file or directory" nx.err
[ ! -e nx.data ] || fail "a failed exec left nx.data"
ok "exit status"

# an existing file becomes .old; a symlink is never followed
echo precious > victim
ln -s victim perf.data
"$PTOOL" record -q -- "$W" 0.1 >/dev/null 2>q.err || { cat q.err; fail "record into symlink path"; }
[ "$(cat victim)" = precious ] || fail "the symlink target was written"
[ -L perf.data.old ] || fail "the symlink was not moved to perf.data.old"
[ -f perf.data ] && [ ! -L perf.data ] || fail "perf.data is not a new regular file"
[ "$(stat -c %a perf.data)" = 600 ] || fail "perf.data mode is not 0600"
"$PTOOL" record -q -- "$W" 0.1 >/dev/null 2>&1 || fail "second record"
[ -f perf.data.old ] && [ ! -L perf.data.old ] || fail "the previous perf.data is not perf.data.old"
perf_reads perf.data.old
ok "output file rename"

# under sudo the file belongs to the user who ran sudo
SUDO_UID=65534 SUDO_GID=65534 "$PTOOL" record -q -o sudo.data -- true 2>/dev/null ||
	fail "record with SUDO_UID"
[ "$(stat -c %u:%g sudo.data)" = 65534:65534 ] || fail "sudo.data not given to SUDO_UID:SUDO_GID"
# an output that cannot be created: one line, exit 1
"$PTOOL" record -q -o /nonexistent/dir/x.data -- sleep 30 2>cr.err
rc=$?
[ $rc -eq 1 ] || { cat cr.err; fail "uncreatable output: exit $rc"; }
assert_match "named" "cannot create '/nonexistent/dir/x.data': No such file or directory" cr.err
# a device is written as it is, never renamed: a full disk is an error
"$PTOOL" record -q -o /dev/full -- true 2>full.err
rc=$?
[ $rc -eq 1 ] || { cat full.err; fail "/dev/full: exit $rc"; }
assert_match "disk full named" "cannot write to '/dev/full': No space left on device" full.err
[ -c /dev/full ] && [ ! -e /dev/full.old ] || fail "/dev/full was moved"
"$PTOOL" record -q -o /dev/null -- true || fail "record into /dev/null"
[ -c /dev/null ] && [ ! -e /dev/null.old ] || fail "/dev/null was moved"
# a named pipe gets the pipe format
mkfifo fifo
"$PERF" script -i - <fifo >fifo.out 2>&1 &
reader=$!
"$PTOOL" record -q -o fifo -- "$W" 0.2 >/dev/null || fail "record into a fifo"
wait $reader || { cat fifo.out; fail "perf script from the fifo"; }
assert_match "perf reads the fifo" 'spin' fifo.out
ok "file ownership, creation errors, devices and fifos"

# -p: a process that already runs, known by its synthesized comm and maps
"$W" 3 >/dev/null &
wpid=$!
sleep 0.2
"$PTOOL" record -p $wpid -o p.data -- sleep 0.5 >/dev/null 2>p.err ||
	{ cat p.err; kill $wpid; fail "record -p exit status"; }
kill $wpid 2>/dev/null
wait $wpid 2>/dev/null
n=$(same_count p.err p.data)
perf_reads p.data --sort comm,dso,sym
assert_match "-p samples resolve" 'cpuloop +cpuloop +\[\.\] (spin|hot|warm)' "$TMPD/report.out"
ok "-p: $n samples"

# -p without a command ends when the process does
"$W" 1.5 >/dev/null &
wpid=$!
sleep 0.1
timeout 30 "$PTOOL" record -q -p $wpid -o pe.data 2>pe.err
rc=$?
[ $rc -eq 0 ] || { cat pe.err; fail "record -p of an exiting process: exit $rc"; }
perf_reads pe.data
ok "-p ends with its process"

# pipe mode: straight into perf report
if "$PTOOL" record -o - -- "$W" 0.2 2>pipe.err | "$PERF" report -i - --stdio --sort sym >pipe.out 2>pipe.perr; then
	assert_match "perf reads the pipe" '\[\.\] spin' pipe.out
	ok "pipe mode"
else
	cat pipe.err pipe.perr
	fail "pipe mode"
fi
# -B: perf counts samples while it reads build ids, so its summary has no
# "(N samples)"; ptool's summary lines are perf's, name aside
for t in perf ptool; do
	bin=$PERF
	[ $t = ptool ] && bin=$PTOOL
	"$bin" record -B -e cpu-clock -o nb.data -- "$W" 0.2 >/dev/null 2>nb-$t.err ||
		{ cat nb-$t.err; fail "$t record -B"; }
	sed -e 's/perf record/ptool record/' -e 's/[0-9.]* MB/N MB/' \
		-e 's/Woken up [0-9]* times/Woken up N times/' nb-$t.err >nb-$t.out
done
cmp -s nb-perf.out nb-ptool.out ||
	{ diff nb-perf.out nb-ptool.out; fail "-B summary differs from perf's"; }
grep -q 'samples)' nb-ptool.out && fail "-B summary counts samples"
ok "-B summary is perf's"
exit 0
