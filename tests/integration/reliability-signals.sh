#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Signals: ptool record killed by SIGINT/SIGTERM/SIGHUP at random moments
# (right after start, mid-run, during -a -g) leaves a file that both
# ptool report and perf report read; a workload that dies by a signal is
# reported with its signal and exit status 128+N (stat and record); a -p
# target that exits ends the recording by itself.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
need_sampling
need_workloads cpuloop
cases=0

# stuck PID WHAT: a process that does not end is a failure, with where it
# is waiting (the kernel's stack, its threads' user stacks) for a look
stuck() {
	local pid=$1 what=$2
	echo "--- $what (pid $pid) has not ended; where it waits:"
	cat "/proc/$pid/wchan" 2>/dev/null; echo
	cat "/proc/$pid/stack" 2>/dev/null
	command -v gdb >/dev/null &&
		timeout 60 gdb -p "$pid" -batch -ex 'thread apply all bt' 2>/dev/null | grep -E '^(#|Thread)'
	kill -9 "$pid" 2>/dev/null
	fail "$what did not end"
}

# waited PID WHAT: wait for PID (at most 120 s), then its exit status
waited() {
	local pid=$1 what=$2 n=0
	while kill -0 "$pid" 2>/dev/null && [ $n -lt 1200 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill -0 "$pid" 2>/dev/null && stuck "$pid" "$what"
	wait "$pid"
}

# reads_ok FILE DESC: both readers take FILE without an error
reads_ok() {
	local f=$1 desc=$2 rc
	"$PTOOL" report --stdio -i "$f" >"$TMPD/pr.out" 2>"$TMPD/pr.err" &
	waited $! "$desc: ptool report"
	rc=$?
	[ $rc -eq 0 ] || { cat "$TMPD/pr.err"; fail "$desc: ptool report exit $rc"; }
	# a kill before the first sample leaves a file without any (exit 0)
	grep -v "has no samples" "$TMPD/pr.err" >"$TMPD/pr.err2"
	assert_no_match "$desc: ptool report" 'rror|orrupt|runcated|ptool report:' "$TMPD/pr.err2"
	"$PERF" report --stdio -i "$f" >"$TMPD/pf.out" 2>"$TMPD/pf.err" &
	waited $! "$desc: perf report"
	rc=$?
	[ $rc -eq 0 ] || { cat "$TMPD/pf.err"; fail "$desc: perf report exit $rc"; }
	# perf says "Error:\nThe FILE data has no samples!" and exits 0
	grep -v -e "has no samples" -e '^Error:$' "$TMPD/pf.err" >"$TMPD/pf.err2"
	assert_no_match "$desc: perf report" 'rror|orrupt|runcated|nvalid|[Cc]an.t|failed|WARNING' "$TMPD/pf.err2"
	if grep -q "has no samples" "$TMPD/pf.err"; then
		grep -q "has no samples" "$TMPD/pr.err" ||
			fail "$desc: perf finds no samples, ptool report does not say so"
	fi
}

# 1. kills at random moments: five shapes of recording by three signals,
# each pair once (i % 5, i % 3)
sigs=(INT TERM HUP)
shapes=(
	"-e cpu-clock -- $WORKLOADS/cpuloop 5"
	"-a -g -e cpu-clock -- sleep 5"
	"-g -e cpu-clock -F 999 -- $WORKLOADS/cpuloop 5"
	"--call-graph dwarf -e cpu-clock -- $WORKLOADS/cpuloop 5"
	"-a -g -e cpu-clock"
)
RANDOM=$$
start=$(date +%s)
for i in $(seq 1 15); do
	sig=${sigs[i % 3]}
	shape=${shapes[i % 5]}
	# the first ones very early, the rest anywhere in the first 0.8 s
	if [ "$i" -le 3 ]; then
		delay=0.00$((RANDOM % 10))
	else
		delay=0.$((RANDOM % 8))$((RANDOM % 10))
	fi
	f="$TMPD/k$i.data"
	# SIGINT at its default, as for a terminal's Ctrl-C: a script's '&'
	# would have it ignored until ptool sets its handler (without env's
	# help, wait for that handler)
	# shellcheck disable=SC2086
	$DFL_INT "$PTOOL" record -q -o "$f" $shape >/dev/null 2>"$TMPD/k.err" &
	pid=$!
	[ -n "$DFL_INT" ] || [ "$sig" != INT ] || wait_caught "$pid"
	sleep "$delay"
	kill -s "$sig" "$pid" 2>/dev/null
	desc="kill -$sig after ${delay}s of record $shape"
	waited "$pid" "$desc: ptool record"
	rc=$?
	# a workload ended by ptool exits 128+15, and so does ptool (as perf)
	if [ ! -e "$f" ]; then
		# only a kill before the handlers leaves no file, and kills ptool
		[ $rc -ge 128 ] || { cat "$TMPD/k.err"; fail "$desc: exit $rc and no file"; }
		ok "$desc: died before starting (exit $rc), no file"
	else
		[ -s "$f" ] || { cat "$TMPD/k.err"; fail "$desc: exit $rc, empty file"; }
		assert_no_match "$desc" 'ptool record:' "$TMPD/k.err"
		reads_ok "$f" "$desc"
		ok "$desc: exit $rc, file reads"
	fi
	rm -f "$f" "$f.old"
	cases=$((cases + 1))
	[ $(($(date +%s) - start)) -lt 50 ] || { echo "time is up after $i kills"; break; }
done

# pipe mode: record -o - killed mid-run; the stream reads to its end
for sig in INT TERM; do
	"$PTOOL" record -q -o - -e cpu-clock -g -- "$WORKLOADS/cpuloop" 5 >"$TMPD/pipe.data" 2>"$TMPD/k.err" &
	pid=$!
	wait_caught "$pid" "$sig"
	sleep 0.3
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	[ -s "$TMPD/pipe.data" ] || { cat "$TMPD/k.err"; fail "record -o - killed by SIG$sig: no data"; }
	"$PTOOL" report --stdio -i - <"$TMPD/pipe.data" >"$TMPD/pr.out" 2>"$TMPD/pr.err" ||
		{ cat "$TMPD/pr.err"; fail "ptool report of a killed pipe recording"; }
	assert_match "ptool report of a killed pipe recording" '^# Samples: ' "$TMPD/pr.out"
	"$PERF" report --stdio -i - <"$TMPD/pipe.data" >"$TMPD/pf.out" 2>"$TMPD/pf.err" ||
		{ cat "$TMPD/pf.err"; fail "perf report of a killed pipe recording"; }
	assert_match "perf report of a killed pipe recording" '^# Samples: ' "$TMPD/pf.out"
	ok "record -o - killed by SIG$sig (exit $rc): both read the stream"
	cases=$((cases + 1))
done

# stat killed by SIGINT mid-run still prints its counts
"$PTOOL" stat -e task-clock -- "$WORKLOADS/cpuloop" 5 >/dev/null 2>"$TMPD/st.err" &
pid=$!
wait_caught "$pid"
sleep 0.3
kill -INT "$pid"
wait "$pid"
rc=$?
assert_match "stat killed by SIGINT prints its counts" 'task-clock' "$TMPD/st.err"
[ $rc -eq 0 ] || fail "stat killed by SIGINT: exit $rc, perf exits 0"
ok "stat killed by SIGINT: exit $rc, counts printed"
cases=$((cases + 1))

# 2. a workload that dies by a signal: reported, and the status is 128+N
cat >"$TMPD/die.sh" <<'EOF'
#!/bin/sh
kill -s "$1" $$
EOF
chmod +x "$TMPD/die.sh"
for s in SEGV TERM KILL; do
	n=$(kill -l "$s")
	"$PTOOL" stat -e task-clock -- "$TMPD/die.sh" "$s" >"$TMPD/st.out" 2>"$TMPD/st.err"
	rc=$?
	[ $rc -eq $((128 + n)) ] || { cat "$TMPD/st.err"; fail "stat, workload killed by SIG$s: exit $rc, want $((128 + n))"; }
	python3 -c "import signal,sys; print(signal.strsignal($n))" >"$TMPD/want"
	grep -qF "$(cat "$TMPD/want")" "$TMPD/st.err" ||
		{ cat "$TMPD/st.err"; fail "stat does not name SIG$s ($(cat "$TMPD/want"))"; }
	ok "stat: workload killed by SIG$s: exit $rc, '$(cat "$TMPD/want")'"
	cases=$((cases + 1))

	"$PTOOL" record -o "$TMPD/d.data" -e cpu-clock -- "$TMPD/die.sh" "$s" >/dev/null 2>"$TMPD/rc.err"
	rc=$?
	[ $rc -eq $((128 + n)) ] || { cat "$TMPD/rc.err"; fail "record, workload killed by SIG$s: exit $rc, want $((128 + n))"; }
	grep -qF "$(cat "$TMPD/want")" "$TMPD/rc.err" ||
		{ cat "$TMPD/rc.err"; fail "record does not name SIG$s"; }
	reads_ok "$TMPD/d.data" "record of a workload killed by SIG$s"
	ok "record: workload killed by SIG$s: exit $rc, file reads"
	cases=$((cases + 1))
done

# 3. -p of a process that exits mid-record: the recording ends by itself
"$WORKLOADS/cpuloop" 1 >/dev/null &
tpid=$!
timeout -k 5 30 "$PTOOL" record -q -o "$TMPD/p.data" -e cpu-clock -p "$tpid" >/dev/null 2>"$TMPD/p.err"
rc=$?
wait "$tpid" 2>/dev/null
[ $rc -ne 124 ] && [ $rc -ne 137 ] || fail "record -p did not end when its target exited"
[ $rc -eq 0 ] || { cat "$TMPD/p.err"; fail "record -p: exit $rc"; }
reads_ok "$TMPD/p.data" "record -p of an exiting process"
ok "record -p of a process that exits: ends by itself, file reads"
cases=$((cases + 1))

# 4. -p of a multi-threaded process killed mid-record
"$WORKLOADS/stat_threads" 4 100 5 >/dev/null 2>&1 &
tpid=$!
sleep 0.2
( sleep 0.5; kill -KILL "$tpid" ) &
timeout -k 5 30 "$PTOOL" record -q -g -o "$TMPD/p2.data" -e cpu-clock -p "$tpid" >/dev/null 2>"$TMPD/p2.err"
rc=$?
wait 2>/dev/null
[ $rc -ne 124 ] && [ $rc -ne 137 ] || fail "record -p did not end when its target was killed"
[ $rc -eq 0 ] || { cat "$TMPD/p2.err"; fail "record -p (killed target): exit $rc"; }
reads_ok "$TMPD/p2.data" "record -p of a killed process"
ok "record -p of a process killed by SIGKILL: ends by itself, file reads"
cases=$((cases + 1))

echo "$cases signal cases"
