#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool top on bad input: an unknown event, a pid that is gone, a bad
# option value, a tiny terminal and a storm of resizes: a clear message
# or a redraw, never a crash.
. "$(dirname "$0")/lib.sh"
"$PTOOL" stat -e cpu-clock -- true >/dev/null 2>&1 || skip "cannot open cpu-clock"

expect_fail "unknown event" "$PTOOL" top --stdio -e nosuchevent
assert_match "unknown event" "^ptool top: unknown event 'nosuchevent'" "$TMPD/ef.err"
expect_fail "unknown sort key" "$PTOOL" top --stdio -s nosuchkey
assert_match "unknown sort key" "^ptool top: unknown --sort key 'nosuchkey'" "$TMPD/ef.err"
expect_fail "bad delay" "$PTOOL" top --stdio -d 0
assert_match "bad delay" "^ptool top: invalid refresh delay" "$TMPD/ef.err"

sh -c 'exit 0' &
dead=$!
wait $dead
expect_fail "dead pid" timeout 10 "$PTOOL" top --stdio -p "$dead"
[ "$(wc -l <"$TMPD/ef.err")" -le 2 ] || fail "dead pid: more than a line or two"
assert_match "dead pid" "ptool top: .*'$dead'.*" "$TMPD/ef.err"
ok "unknown event, sort key, delay and a dead pid fail cleanly"

# no permission: one message that names perf_event_paranoid
paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo 2)
if [ "$(id -u)" -eq 0 ] && [ "$paranoid" -ge 1 ] && id nobody >/dev/null 2>&1; then
	chmod 755 "$TMPD"
	cp "$PTOOL" "$TMPD/ptool"
	chmod 755 "$TMPD/ptool"
	expect_fail "unprivileged -a" timeout 10 su nobody -s /bin/sh -c "$TMPD/ptool top --stdio -a"
	assert_match "unprivileged -a" "^ptool top: cannot open event .*perf_event_paranoid" "$TMPD/ef.err"
	ok "no permission names perf_event_paranoid"
fi

command -v tmux >/dev/null || skip "tmux is not installed"
S=ptool-top-hostile-$$
"$WORKLOADS/cpuloop" 60 >/dev/null &
wl=$!
trap 'tmux kill-session -t "$S" 2>/dev/null; kill $wl 2>/dev/null; rm -rf "$TMPD"' EXIT
tmux new-session -d -s "$S" -x 20 -y 5 \
	"$PTOOL top -d 1 -p $wl -e cpu-clock; echo \"EXIT=\$?\"; sleep 60"
sleep 3
tmux capture-pane -p -t "$S" >"$TMPD/pane"
assert_match "tiny terminal" 'terminal too small' "$TMPD/pane"
ok "tiny terminal: a message"

for i in $(seq 40); do
	tmux resize-window -t "$S" -x $((20 + (i * 37) % 140)) -y $((5 + (i * 13) % 35))
	sleep 0.05
done
tmux resize-window -t "$S" -x 160 -y 40
sleep 2.5
tmux capture-pane -p -t "$S" >"$TMPD/pane"
assert_no_match "resize storm" '^EXIT=' "$TMPD/pane"
assert_match "resize storm" 'PerfTop:' "$TMPD/pane"
tmux send-keys -t "$S" q
for _ in $(seq 150); do
	tmux capture-pane -p -t "$S" >"$TMPD/pane"
	grep -q '^EXIT=' "$TMPD/pane" && break
	sleep 0.2
done
assert_match "q after the storm" '^EXIT=0$' "$TMPD/pane"
ok "resize storm: redrawn, then q exits 0"
