#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The bash completion script, sourced in bash and driven as readline
# drives it: commands, each command's options (the same set -h shows),
# -e events (tracepoints as subsystem:event, comma lists, --event=),
# -i perf.data files, probe -x binaries and their functions, the workload
# command after "--".
. "$(dirname "$0")/lib.sh"
COMPLETION=$TOP/share/bash-completion/completions/ptool
[ -f "$COMPLETION" ] || fail "missing $COMPLETION"
# shellcheck disable=SC1090
. "$COMPLETION"
complete -p ptool | grep -q _ptool || fail "the script does not register _ptool"

# comp LINE: what _ptool offers with the cursor at the end of LINE
comp() {
	COMP_LINE=$1
	COMP_POINT=${#1}
	COMP_WORDS=("$PTOOL")
	COMPREPLY=()
	_ptool
	: > reply.txt
	[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}" | sort > reply.txt
}
# expect LINE WORD...: those words, and only those
expect() {
	local line=$1
	shift
	comp "$line"
	: > want.txt
	[ $# -eq 0 ] || printf '%s\n' "$@" | sort > want.txt
	diff -u want.txt reply.txt > d.txt || { cat d.txt; fail "[$line]"; }
}
# offers LINE WORD: WORD among the answers
offers() {
	comp "$1"
	grep -qxF -- "$2" reply.txt || { cat reply.txt; fail "[$1] does not offer '$2'"; }
}

cd "$TMPD"
expect "ptool rep" report
expect "ptool help rec" record
comp "ptool "
for c in stat record report script probe list version help; do
	grep -qx "$c" reply.txt || fail "command $c is not completed"
done
expect "ptool --no-p" --no-pager
ok "commands"

# every long option of -h, for every command, and nothing else
for c in stat record report script probe list version; do
	comp "ptool $c --"
	sed 's/=$//' reply.txt | sort -u > opts.txt
	"$PTOOL" "$c" -h | grep -oE '^ +(-[A-Za-z0-9], )?--[a-z0-9][a-z0-9-]*' |
		grep -oE -- '--[a-z0-9-]+' | sort -u > help.txt
	diff -u help.txt opts.txt > d.txt || { cat d.txt; fail "ptool $c: options differ from -h"; }
done
expect "ptool record --fr" --freq=
expect "ptool report --std" --stdio
ok "options, the same as -h"

tfs=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
if [ -n "$tfs" ] && [ -d "$tfs/events/sched/sched_switch" ]; then
	# readline replaces what follows the last ':', so that is the answer
	offers "ptool record -e sched:sched_sw" sched_switch
	offers "ptool record -e cycles,sched:sched_sw" sched_switch
	offers "ptool record --event=sched:sched_sw" sched_switch
	offers "ptool stat -e sched:sched_sw" sched_switch
	comp "ptool record -e sched:sched_sw"
	grep -qv '^sched_sw' reply.txt && fail "offers what does not match"
	ok "tracepoint events"
	# and what readline makes of it, in a real interactive bash
	if command -v tmux >/dev/null; then
		sock=$TMPD/tmux
		tmux -S "$sock" -f /dev/null new-session -d -x 200 -y 20 \
			"env -i HOME=$TMPD TERM=screen PATH=$(dirname "$PTOOL"):/usr/bin:/bin bash --norc --noprofile" ||
			fail "tmux did not start"
		tmux -S "$sock" send-keys ". '$COMPLETION'; PS1='$ '" Enter
		tmux -S "$sock" send-keys "$(basename "$PTOOL") record -e cpu-clock,sched:sched_swi" Tab
		for _ in $(seq 100); do
			tmux -S "$sock" capture-pane -p > pane.txt
			grep -q 'sched:sched_switch' pane.txt && break
			sleep 0.1
		done
		tmux -S "$sock" kill-server 2>/dev/null
		assert_match "bash completes -e sched:sched_swi<TAB>" \
			'record -e cpu-clock,sched:sched_switch' pane.txt
		ok "interactive bash completes sched:sched_swi<TAB>"
	fi
else
	echo "tracefs is not mounted: tracepoint completion not checked"
fi
expect "ptool record -e cpu-cl" cpu-clock
expect "ptool stat -e task-clock,cpu-cl" task-clock,cpu-clock
expect "ptool record --event=cpu-cl" cpu-clock
ok "hardware and software events, comma lists"

mkdir sub
touch a.data b.data perf.data.old notes.txt sub/c.data
expect "ptool report -i " a.data b.data perf.data.old sub
expect "ptool script -i su" sub
expect "ptool report --input=a" a.data
ok "-i perf.data files"

# the workload after "--": a command, then nothing of ptool's
offers "ptool record -- slee" sleep
offers "ptool stat -e cpu-clock -- slee" sleep
expect "ptool record -- sleep --fr"
expect "ptool list tra" tracepoint
ok "workload commands and list classes"

cp "$WORKLOADS/cpuloop" prog
expect "ptool probe -x pr" prog
offers "ptool probe -x prog " hot
expect "ptool probe -x prog wa" warm
ok "probe -x binaries and their functions"

expect "ptool trace -e lsee" lseek
expect "ptool trace -e write,lsee" write,lseek
expect "ptool trace --expr=!lsee" '!lseek'
offers "ptool trace -e opena" openat
ok "trace -e syscall names"
