#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Odd input from the command line and from the workload: a 100 KB argv and
# a 16-character name re-exec'd (comm cut to 15), a comm set by PR_SET_NAME
# to control bytes and shell metacharacters, then event, probe and list
# arguments full of shell and tracefs metacharacters, control bytes, and
# very long ones. Errors must be clear (one line, or a line and perf's caret
# line), never a crash, and nothing may reach uprobe_events.
. "$(dirname "$0")/lib.sh"
need_perf
HOT=$WORKLOADS/hostile_hot
[ -x "$HOT" ] || fail "$HOT is not built"
"$PTOOL" record -o "$TMPD/probe.data" -- true >/dev/null 2>&1 || skip "ptool record cannot sample here"
cd "$TMPD" || exit 1
cases=0

# crash_free DESC RC: a status that is no signal
crash_free() { [ "$2" -lt 128 ] || fail "$1: died by signal ($2)"; cases=$((cases + 1)); }

# a 100 KB argv, exec'd under a 20-character name from sh
cp "$HOT" ./abcdefghijklmnopqrst
args=$(for i in $(seq 1000); do printf 'arg%097d ' "$i"; done)
"$PTOOL" record -F 499 -g -o argv.data -- sh -c "exec ./abcdefghijklmnopqrst 0.2 - $args" \
	>/dev/null 2>argv.err || { cat argv.err; fail "record with a 100 KB argv"; }
crash_free "100 KB argv" 0
"$PTOOL" report --stdio --no-children -g none -s comm -i argv.data >a.pt 2>&1
"$PERF" report --stdio --no-children -g none -s comm -i argv.data >a.perf 2>&1
assert_match "comm cut to 15 bytes" '%  abcdefghijklmno *$' a.pt
diff <(grep % a.pt | grep -v "^#") <(grep % a.perf | grep -v "^#") || fail "report -s comm differs from perf"
"$PTOOL" report --header-only -i argv.data 2>/dev/null | grep '^# cmdline' >h.pt
"$PERF" report --header-only -i argv.data 2>/dev/null | grep '^# cmdline' >h.perf
[ "$(wc -c <h.pt)" -gt 100000 ] || fail "header cmdline lost the long argv"
cmp -s h.pt h.perf || fail "header cmdline differs from perf's"
ok "100 KB argv and a 16-character name: as perf"

# comm with control bytes, '%', ';', '$(...)', a newline
for name in $'\x01\xff%s%n;$(id)\n\t' $'\x01\xff%s%n;$(id) \'x'; do
	HOSTILE_COMM=$name "$PTOOL" record -F 499 -g -o comm.data -- "$HOT" 0.2 >/dev/null 2>&1 ||
		fail "record of a workload renaming itself"
	for c in "report --stdio" "script" "script --folded"; do
		# shellcheck disable=SC2086
		"$PTOOL" $c -i comm.data >/dev/null 2>&1
		crash_free "odd comm: $c" $?
	done
	"$PTOOL" report --stdio --no-children -g none -s comm -i comm.data 2>/dev/null | grep -a % | grep -av "^#" >c.pt
	"$PERF" report --stdio --no-children -g none -s comm -i comm.data 2>/dev/null | grep -a % | grep -av "^#" >c.perf
	cmp -s c.pt c.perf || fail "odd comm: report -s comm differs from perf"
	"$PTOOL" script -F comm,tid,ip,sym -i comm.data 2>/dev/null | head -c 20000 >s.pt
	"$PERF" script -F comm,tid,ip,sym -i comm.data 2>/dev/null | head -c 20000 >s.perf
	cmp -s s.pt s.perf || fail "odd comm: script differs from perf"
	case $name in *$'\n'*) continue ;; esac	# no line-based reference then
	agg() { LC_ALL=C awk '{ n = $NF; sub(/ [0-9]+$/, ""); s[$0] += n }
		END { for (k in s) print k, s[k] }' | LC_ALL=C sort; }
	"$PERF" script -i comm.data 2>/dev/null |
		PYTHONIOENCODING=latin-1 python3 "$TOP/tests/integration/script-fold-ref.py" | agg >f.ref
	"$PTOOL" script --folded -i comm.data 2>/dev/null | agg >f.pt
	cmp -s f.ref f.pt || fail "odd comm: --folded differs from stackcollapse's rules"
done
ok "comm with control bytes and metacharacters: as perf"

# event specs
long=$(head -c 100000 /dev/zero | tr '\0' a)
specs=('cpu-clock;id' $'cpu-clock\nid' 'cpu-clock$(id)' "cpu-clock'" 'cpu-clock>x'
	'cpu clock' 'syscalls:sys_enter_write;id' 'syscalls:*;id' '../../../etc:passwd'
	'syscalls:sys_enter_write/../../x' "$long" "cpu-clock/$long/" 'cpu-clock:uu'
	'cpu-clock:pppp' 'cpu-clock/period=99999999999999999999999/' 'mem:0x0/99'
	'{cpu-clock' 'cpu-clock,,,' 'probe_x:$(id)' 'probe_x:y z' $'\x01\x02\xff' '%s%n%s%n')
# one_line DESC: the error in ef.err is one line, or perf's two-line caret form
one_line() {
	local n
	n=$(wc -l <"$TMPD/ef.err")
	[ "$n" -ge 1 ] || fail "$1: no message"
	head -1 "$TMPD/ef.err" | grep -q '^ptool [a-z]*: ' || fail "$1: message without 'ptool CMD:'"
	[ "$n" -le 2 ] || { cat "$TMPD/ef.err"; fail "$1: $n lines of error"; }
	[ "$n" -eq 1 ] || sed -n 2p "$TMPD/ef.err" | grep -Eq '^ +\^ |^Run .ptool list' ||
		{ cat "$TMPD/ef.err"; fail "$1: second line is neither a caret nor a hint"; }
	cases=$((cases + 1))
}
for s in "${specs[@]}"; do
	for c in stat record; do
		expect_fail "$c -e '${s:0:30}'" "$PTOOL" $c -e "$s" -o bad.data -- true >/dev/null
		one_line "$c -e '${s:0:30}'"
		[ ! -e bad.data ] || fail "$c -e '${s:0:30}': left bad.data behind"
	done
done
ok "${#specs[@]} hostile event specs: clear errors for stat and record"

# probe specs: nothing may reach uprobe_events
TFS=
for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
	[ -e "$d/uprobe_events" ] && { TFS=$d; break; }
done
if [ -z "$TFS" ] || [ "$(id -u)" -ne 0 ]; then
	echo "skip: probe specs need root and tracefs"
else
	X=$WORKLOADS/probe_demo
	cp "$TFS/uprobe_events" ue.before
	trap 'grep -q "^p:probe_probe_demo/" "$TFS/uprobe_events" 2>/dev/null &&
		"$PTOOL" probe -q -d "probe_probe_demo:*" 2>/dev/null; rm -rf "$TMPD"' EXIT
	pspecs=('main$(id)' "main'" 'main>x' 'p:foo main' '-:probe_x/main'
		'main%return;x' 'main arg=$(id)' 'main arg=%di;x' 'main +0(%sp):string>x'
		"$long" "main $long" 'x/y=main' '../x=main' 'grp:../ev=main'
		$'main\np:evil /bin/true:0' $'main\x01' 'main:99999999999999999999'
		'main+99999999999999999999' 'main%return arg=$retval;$(id)' '%s%n=main')
	for s in "${pspecs[@]}"; do
		expect_fail "probe '${s:0:30}'" "$PTOOL" probe -x "$X" -- "$s" >/dev/null
		one_line "probe '${s:0:30}'"
	done
	for s in '*;x' $'a\nb' "$long" '$(id)'; do
		"$PTOOL" probe -d "$s" >/dev/null 2>"$TMPD/ef.err"
		crash_free "probe -d '${s:0:30}'" $?
		[ "$(wc -l <"$TMPD/ef.err")" -le 1 ] || fail "probe -d '${s:0:30}': multi-line error"
	done
	expect_fail "probe -x with a newline" "$PTOOL" probe -x $'/tmp/a\nb' main >/dev/null
	one_line "probe -x with a newline"
	cmp -s ue.before "$TFS/uprobe_events" || { diff ue.before "$TFS/uprobe_events";
		fail "hostile probe specs changed uprobe_events"; }
	ok "${#pspecs[@]} hostile probe specs: clear errors, uprobe_events unchanged"
fi

# special files as input: errors, not a read to the end of /dev/zero
"$PTOOL" record -e cpu-clock -g -o good.data -- "$HOT" 0.1 >/dev/null 2>&1 || fail "record"
for f in /dev/zero /dev/urandom /dev/null / /proc/self/maps /etc/passwd; do
	for c in "report --stdio -i $f" "report --header-only -i $f" "script -i $f" \
		"script --folded -i $f" "script --flamegraph fg.svg -i $f" \
		"script --flamegraph fg.svg --diff $f -i good.data"; do
		# shellcheck disable=SC2086
		timeout -k 2 20 "$PTOOL" $c >/dev/null 2>"$TMPD/ef.err" </dev/null
		rc=$?
		[ $rc -ne 124 ] && [ $rc -ne 137 ] || fail "ptool $c: hung"
		[ $rc -ne 0 ] || fail "ptool $c: exit 0"
		crash_free "ptool $c" $rc
		one_line "ptool $c"
	done
done
[ ! -e fg.svg ] || fail "a failed --flamegraph left fg.svg behind"
ok "special files as input: one-line errors"

# a disk that fills up while recording: one-line error, and the whole
# records that reached the file are readable by perf as by ptool
if [ "$(id -u)" -eq 0 ] && mkdir full && mount -t tmpfs -o size=64k ptool-full full 2>/dev/null; then
	"$PTOOL" record -e cpu-clock --call-graph dwarf -o full/x.data -- "$HOT" 0.3 \
		>/dev/null 2>"$TMPD/ef.err"
	rc=$?
	cp full/x.data nospc.data 2>/dev/null
	umount full
	[ $rc -eq 1 ] || { cat "$TMPD/ef.err"; fail "full disk: exit $rc, expected 1"; }
	one_line "full disk"
	assert_match "full disk: says so" 'No space left on device' "$TMPD/ef.err"
	"$PERF" report --stdio -i nospc.data >nospc.perf 2>&1 ||
		{ head -5 nospc.perf; fail "full disk: perf cannot read what was kept"; }
	"$PTOOL" report --stdio -i nospc.data >nospc.pt 2>&1 || fail "full disk: ptool cannot read what was kept"
	assert_match "full disk: samples kept" 'hostile_hot' nospc.pt
	ok "full disk: one-line error, the file keeps its whole records for perf"
else
	echo "skip: a full disk needs root to mount a small tmpfs"
fi

# numbers that are not numbers
for v in nan -nan inf -1 101 1e400 0x; do
	expect_fail "report --percent-limit $v" "$PTOOL" report --stdio --percent-limit "$v" -i good.data >/dev/null
	assert_match "report --percent-limit $v: says why" 'percent-limit' "$TMPD/ef.err"
	cases=$((cases + 1))
done
ok "report --percent-limit refuses NaN, infinities and out-of-range values"

# probe line ranges past any file: refused, not allocated
for r in 'main:1-2147483647' 'probe_demo.c:1-2147483647' 'main:2147483647+2147483647' \
	'main:99999999999999999999' "main:$long"; do
	expect_fail "probe -L '${r:0:40}'" "$PTOOL" probe -x "$WORKLOADS/probe_demo" -L "$r" >/dev/null
	one_line "probe -L '${r:0:40}'"
done
ok "probe -L with huge line numbers: clear errors"

# list with odd patterns
for s in 'sys*;x' $'a\nb' '$(id)' "$long" '[' '*['; do
	timeout 10 "$PTOOL" list "$s" >/dev/null 2>&1
	crash_free "list '${s:0:30}'" $?
done
ok "list with odd patterns"
echo "$cases hostile input cases"
