#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The pager, on a real terminal (tmux): report, script and list page
# through PTOOL_PAGER, else PAGER, else less with LESS=FRX; --no-pager and
# -P force it off and on; a pipe is never paged; a pager that quits early
# is not an error; the exit status of a failing command survives.
. "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null || skip "tmux is not installed"
can_open cpu-clock || skip "cannot open cpu-clock events"

cd "$TMPD"
"$PTOOL" record -e cpu-clock -F 20000 -o p.data -- "$WORKLOADS/cpuloop" 0.5 >/dev/null 2>&1 ||
	fail "ptool record failed"
"$PTOOL" report -i p.data > plain.txt 2>/dev/null || fail "ptool report failed"
grep -q '%' plain.txt || fail "empty report"
mkdir bin
cat > bin/less <<'SH'
#!/bin/sh
printf '%s\n' "${LESS-unset}" > "$OUT.env"
cat > "$OUT"
SH
chmod +x bin/less
printf 'set -g remain-on-exit on\n' > tmux.conf
n=0

# interm ENV-ASSIGNMENTS -- CMD...: run CMD on a tmux terminal from $TMPD;
# its exit status lands in rc.$n, the screen in screen.$n
interm() {
	n=$((n + 1))
	{
		echo "cd '$TMPD'"
		echo "unset PAGER PTOOL_PAGER LESS"
		while [ "$1" != -- ]; do printf 'export %q\n' "$1"; shift; done
		shift
		printf '%q ' "$@"
		echo "; echo \$? > rc.$n"
	} > "case.$n.sh"
	tmux -S "$TMPD/tmux.$n" -f tmux.conf new-session -d -x 200 -y 50 "sh case.$n.sh" ||
		fail "tmux did not start"
	for _ in $(seq 600); do [ -s "rc.$n" ] && break; sleep 0.1; done
	[ -s "rc.$n" ] || fail "case $n never ended: $(cat "case.$n.sh")"
	tmux -S "$TMPD/tmux.$n" capture-pane -p -S - > "screen.$n"
	tmux -S "$TMPD/tmux.$n" kill-server 2>/dev/null
	rc=$(cat "rc.$n")
}

interm "PAGER=cat > paged.txt" -- "$PTOOL" report -i p.data
[ "$rc" -eq 0 ] || fail "report through PAGER: exit $rc"
cmp -s plain.txt paged.txt || { diff plain.txt paged.txt | head; fail "PAGER did not receive the whole report"; }
ok "PAGER receives the report"

interm "PTOOL_PAGER=cat > ptool.txt" "PAGER=cat > pager.txt" -- "$PTOOL" report -i p.data
[ "$rc" -eq 0 ] && cmp -s plain.txt ptool.txt && [ ! -e pager.txt ] ||
	fail "PTOOL_PAGER does not come before PAGER"
ok "PTOOL_PAGER before PAGER"

interm "PATH=$TMPD/bin:$PATH" "OUT=$TMPD/less.txt" -- "$PTOOL" report -i p.data
[ "$rc" -eq 0 ] && cmp -s plain.txt less.txt || fail "less did not receive the report"
[ "$(cat less.txt.env)" = FRX ] || fail "LESS is '$(cat less.txt.env)', not FRX"
interm "PATH=$TMPD/bin:$PATH" "OUT=$TMPD/less2.txt" "LESS=-S" -- "$PTOOL" report -i p.data
[ "$(cat less2.txt.env)" = -S ] || fail "the user's LESS was not kept"
ok "less with LESS=FRX by default, the user's LESS kept"

interm "PAGER=cat > nopager.txt" -- "$PTOOL" --no-pager report -i p.data
[ "$rc" -eq 0 ] && [ ! -e nopager.txt ] || fail "--no-pager still paged"
assert_match "--no-pager prints on the terminal" '%.*cpuloop' "screen.$n"
interm "PAGER=cat > cat.txt" -- sh -c "'$PTOOL' report -i p.data | cat > piped.txt"
[ ! -e cat.txt ] && cmp -s plain.txt piped.txt || fail "a pipe was paged"
PAGER="cat > notty.txt" "$PTOOL" report -i p.data > notty.out 2>&1
[ ! -e notty.txt ] && cmp -s plain.txt notty.out || fail "a file was paged"
interm "PAGER=cat > stat.txt" -- "$PTOOL" version
[ ! -e stat.txt ] || fail "version paged without -P"
interm "PAGER=cat > version.txt" -- "$PTOOL" -P version
assert_match "-P pages" '^ptool version ' version.txt
ok "--no-pager, -P, pipes and files"

# the pager reads two lines and quits: ptool's output is far bigger than
# a pipe holds, so its writes fail; that is no error
"$PTOOL" script -i p.data > script.txt 2>/dev/null || fail "ptool script failed"
[ "$(wc -c < script.txt)" -gt 262144 ] || fail "script output too small for the test"
interm "PAGER=head -n 2 > head.txt" -- "$PTOOL" script -i p.data
[ "$rc" -eq 0 ] || fail "a pager that quits early: exit $rc"
[ "$(wc -l < head.txt)" -eq 2 ] || fail "head saw $(wc -l < head.txt) lines"
interm "PAGER=true" -- "$PTOOL" list
[ "$rc" -eq 0 ] || fail "a pager that reads nothing: exit $rc"
ok "a pager that quits early is not an error"

# killed while the pager runs: ptool waits for the pager before it dies,
# so the shell does not take the terminal back from under it. The pager
# kills its parent, ptool, and writes a last line after a pause.
interm "PAGER=kill -TERM \$PPID; cat > killed.txt; sleep 1; echo pager-done >> killed.txt" \
	-- sh -c "'$PTOOL' script -i p.data; echo \$? > killed.rc; tail -n 1 killed.txt > killed.last"
[ "$(cat killed.rc)" -eq 143 ] || fail "ptool killed by SIGTERM exited $(cat killed.rc)"
[ "$(cat killed.last)" = pager-done ] || fail "ptool died before its pager was done"
ok "killed while paging, ptool waits for the pager"

interm "PAGER=cat > err.txt" -- "$PTOOL" report -i missing.data
[ "$rc" -eq 1 ] || fail "report of a missing file through the pager: exit $rc"
assert_match "the error reaches the pager" "missing.data" err.txt
ok "the exit status of a failing command survives the pager"
