#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool top's terminal UI in tmux: the hottest function of a CPU-bound
# workload first with a percentage, refreshes, q quits with status 0 and
# gives the terminal back, and so does SIGTERM.
. "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null || skip "tmux is not installed"
"$PTOOL" stat -e cpu-clock -- true >/dev/null 2>&1 || skip "cannot open cpu-clock"

S=ptool-top-tui
# a server of the test's own, kept up by a second session: killing the test
# session between cases then never races with the server shutting down
SOCK=$TMPD/tmux
tmux() { command tmux -S "$SOCK" -f /dev/null "$@"; }
tmux new-session -d -s keeper "sleep 600" || fail "tmux did not start"
WL=$WORKLOADS/cpuloop
"$WL" 60 >/dev/null &
wl=$!
cleanup() { tmux kill-server 2>/dev/null; kill "$wl" 2>/dev/null; rm -rf "$TMPD"; }
trap cleanup EXIT

# the pane runs top, then prints its status and the terminal's mode
start() {
	tmux kill-session -t "$S" 2>/dev/null
	tmux new-session -d -s "$S" -x 160 -y 40 \
		"$PTOOL top -d 1 -p $wl $*; echo \"EXIT=\$?\"; stty -a | tr ' ' '\n' | grep -x -e icanon -e -icanon -e echo -e -echo; sleep 60"
}
# wait_for PATTERN SECONDS: the pane shows PATTERN
wait_for() {
	for _ in $(seq $(($2 * 5))); do
		tmux capture-pane -p -t "$S" >"$TMPD/pane" 2>/dev/null
		grep -Eq -- "$1" "$TMPD/pane" && return 0
		sleep 0.2
	done
	echo "--- pane:"; cat "$TMPD/pane"
	return 1
}

start
wait_for '^ +[0-9]+\.[0-9]+%' 15 || fail "no table within 15 s"
first=$(grep -E '^ +[0-9]+\.[0-9]+%' "$TMPD/pane" | head -1)
echo "$first" | grep -Eq '^ +[0-9]+\.[0-9]+% +cpuloop +\[\.\] spin$' ||
	fail "the first line is not cpuloop's spin: '$first'"
grep -q 'PerfTop:' "$TMPD/pane" || fail "no PerfTop header"
ok "hottest function first: $first"

cp "$TMPD/pane" "$TMPD/pane1"
changed=
for _ in $(seq 30); do
	sleep 0.5
	tmux capture-pane -p -t "$S" >"$TMPD/pane2"
	if ! cmp -s "$TMPD/pane1" "$TMPD/pane2"; then changed=1; break; fi
done
[ -n "$changed" ] || fail "the screen did not change in 15 s"
ok "refreshes"

tmux send-keys -t "$S" h
wait_for 'ptool top keys' 5 || fail "h shows no help"
tmux send-keys -t "$S" x
wait_for 'PerfTop:' 5 || fail "a key does not leave the help"
ok "help"

tmux send-keys -t "$S" q
wait_for '^EXIT=' 30 || fail "q did not end top"
wait_for '^-?echo$' 5 || fail "no stty output"
grep -qx 'EXIT=0' "$TMPD/pane" || fail "q: status $(grep EXIT= "$TMPD/pane")"
grep -qx 'icanon' "$TMPD/pane" && grep -qx 'echo' "$TMPD/pane" ||
	fail "q: the terminal was not restored"
ok "q exits 0 and restores the terminal"

start
wait_for 'PerfTop:' 15 || fail "no header"
pid=$(pgrep -f "^$PTOOL top -d 1 -p $wl" | head -1)
[ -n "$pid" ] || fail "top's pid not found"
kill -TERM "$pid"
wait_for '^EXIT=' 30 || fail "SIGTERM did not end top"
wait_for '^-?echo$' 5 || fail "no stty output"
grep -qx 'icanon' "$TMPD/pane" && grep -qx 'echo' "$TMPD/pane" ||
	fail "SIGTERM: the terminal was not restored"
ok "SIGTERM restores the terminal ($(grep EXIT= "$TMPD/pane"))"

# a crash: the handler gives the terminal back, then dies of the signal
start
wait_for 'PerfTop:' 15 || fail "no header"
pid=$(pgrep -f "^$PTOOL top -d 1 -p $wl" | head -1)
[ -n "$pid" ] || fail "top's pid not found"
kill -SEGV "$pid"
wait_for '^EXIT=' 30 || fail "SIGSEGV did not end top"
wait_for '^-?echo$' 5 || fail "no stty output"
grep -qx 'EXIT=139' "$TMPD/pane" || fail "SIGSEGV: $(grep EXIT= "$TMPD/pane"), not 139"
grep -qx 'icanon' "$TMPD/pane" && grep -qx 'echo' "$TMPD/pane" ||
	fail "SIGSEGV: the terminal was not restored"
ok "a crash restores the terminal and dies of the signal"

# -g: Enter unfolds the call graph of a line; / filters; K hides the kernel
start -g
wait_for '^ +[0-9]+\.[0-9]+% +[0-9]+\.[0-9]+%' 15 || fail "-g: no table"
tmux send-keys -t "$S" Enter
wait_for '^ +---' 5 || fail "-g: Enter shows no call graph"
ok "Enter unfolds a call graph"
tmux send-keys -t "$S" / w a r m Enter
wait_for 'filter: warm' 5 || fail "/ sets no filter"
sleep 1.5
tmux capture-pane -p -t "$S" >"$TMPD/pane"
rows=$(grep -E '^ +[0-9]+\.[0-9]+%' "$TMPD/pane")
[ -n "$rows" ] || fail "/warm: no rows"
echo "$rows" | grep -v warm && fail "/warm: rows without warm"
ok "/ filters by symbol"
tmux send-keys -t "$S" K
wait_for 'kernel hidden' 5 || fail "K does not hide the kernel"
tmux send-keys -t "$S" q
wait_for '^EXIT=0' 30 || fail "q after the keys"
ok "K, and q"
