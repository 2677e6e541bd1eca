#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Permissions: as nobody, with kernel.perf_event_paranoid at 2 and at 3
# (restored on exit), stat, record, record -a, stat -a, tracepoints and
# probe either work as perf does or fail with an actionable message (the
# sysctl, CAP_PERFMON, root), never a crash, never a file left behind; and
# report/script refuse a file owned by another user as perf does, unless -f.
. "$(dirname "$0")/lib.sh"
need_root
need_perf
command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
id nobody >/dev/null 2>&1 || skip "no user 'nobody'"
PARANOID=/proc/sys/kernel/perf_event_paranoid
[ -w "$PARANOID" ] || skip "$PARANOID is not writable"
"$PTOOL" record -o "$TMPD/probe.data" -- true >/dev/null 2>&1 || skip "ptool record cannot sample here"
saved=$(cat "$PARANOID")
TFS=
for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
	[ -e "$d/uprobe_events" ] && { TFS=$d; break; }
done
trap 'echo "$saved" >"$PARANOID"; rm -rf "$TMPD"' EXIT
NOB=$(id -u nobody)
NOG=$(id -g nobody)
chmod 755 "$TMPD"
W=$TMPD/w
mkdir "$W" && chmod 777 "$W"
cd "$W" || exit 1
as_nobody() { setpriv --reuid="$NOB" --regid="$NOG" --clear-groups env HOME="$W" "$@"; }
for p in "$PTOOL" "$WORKLOADS/probe_demo"; do
	as_nobody test -x "$p" || skip "$p is not reachable by nobody"
done
cases=0

# compare CMD...: ptool and perf, as nobody, on the same command line
compare() {
	local rc prc
	rm -f "$W"/*.data
	as_nobody "$PTOOL" "$@" >out.pt 2>err.pt
	rc=$?
	[ "$rc" -lt 128 ] || { cat err.pt; fail "ptool $*: died by signal ($rc)"; }
	as_nobody "$PERF" "$@" >/dev/null 2>err.perf
	prc=$?
	rm -f "$W"/*.data
	if [ "$prc" -eq 0 ]; then
		[ "$rc" -eq 0 ] || { cat err.pt; fail "paranoid $lvl: ptool $* fails where perf works"; }
		# hidden kernel addresses: kptr_restrict is named only when it is the cause
		if grep -q 'kptr_restrict' err.pt && ! grep -q 'kptr_restrict' err.perf &&
		   [ "$(cat /proc/sys/kernel/kptr_restrict)" = 0 ]; then
			cat err.pt; fail "paranoid $lvl: ptool $* blames kptr_restrict, which is 0"
		fi
		ok "paranoid $lvl: ptool $*: works, as perf"
	else
		[ "$rc" -ne 0 ] || fail "paranoid $lvl: ptool $* works where perf fails"
		grep -q 'perf_event_paranoid' err.pt && grep -q 'CAP_PERFMON' err.pt &&
			grep -q 'root' err.pt ||
			{ cat err.pt; fail "paranoid $lvl: ptool $*: message names no remedy"; }
		ok "paranoid $lvl: ptool $*: refused with advice ($(head -c 60 err.pt)...)"
	fi
	cases=$((cases + 1))
}

for lvl in 2 3; do
	if ! echo "$lvl" >"$PARANOID" 2>/dev/null || [ "$(cat "$PARANOID")" != "$lvl" ]; then
		echo "skip: this kernel rejects perf_event_paranoid=$lvl"
		continue
	fi
	compare stat true
	compare record -o u.data true
	compare record -a -o a.data sleep 0.1
	compare stat -e task-clock true
	compare record -e cpu-clock -o u.data true
	compare record -e cpu-clock -g -o u.data "$WORKLOADS/cpuloop" 0.1
	compare record -e cpu-clock -a -o a.data sleep 0.1
	compare stat -e cpu-clock -a sleep 0.1
	compare stat -e cpu-clock -p 1 sleep 0.1
	if [ "$lvl" = 3 ] && as_nobody "$PERF" stat -e task-clock true >/dev/null 2>&1; then
		echo "note: paranoid 3 acts as 2 on this kernel (no distribution patch forbidding all use)"
	fi
	# a failed record leaves no file behind
	as_nobody "$PTOOL" record -e cpu-clock -a -o left.data sleep 0.1 >/dev/null 2>&1 ||
		[ ! -e left.data ] || fail "paranoid $lvl: failed record -a left left.data behind"
	# tracefs is root's: tracepoints and probes say so
	if [ -n "$TFS" ]; then
		cp "$TFS/uprobe_events" ue.before
		expect_fail "probe as nobody" as_nobody "$PTOOL" probe -x "$WORKLOADS/probe_demo" main >/dev/null
		grep -qi 'root' "$TMPD/ef.err" || fail "probe as nobody: message does not say root"
		[ "$(wc -l <"$TMPD/ef.err")" -eq 1 ] || fail "probe as nobody: not one line"
		cmp -s ue.before "$TFS/uprobe_events" || fail "probe as nobody changed uprobe_events"
		expect_fail "probe -l as nobody" as_nobody "$PTOOL" probe -l >/dev/null
		grep -qi 'root' "$TMPD/ef.err" || fail "probe -l as nobody: message does not say root"
		expect_fail "tracepoint as nobody" as_nobody "$PTOOL" stat -e syscalls:sys_enter_write true >/dev/null
		grep -qi 'root\|tracefs' "$TMPD/ef.err" || fail "tracepoint as nobody: message names no remedy"
		cases=$((cases + 3))
		ok "paranoid $lvl: probe and tracepoints as nobody: clear refusals"
	fi
done
echo "$saved" >"$PARANOID"

# a file owned by another user: refused without -f, as perf; read with -f
"$PTOOL" record -e cpu-clock -g -o own.data -- "$WORKLOADS/cpuloop" 0.1 >/dev/null 2>&1 ||
	fail "record as root"
"$PTOOL" report --stdio -i own.data >own.out 2>&1 || fail "report of root's own file"
cp own.data nob.data && chown nobody nob.data
for c in "report --stdio" "script" "report --header-only"; do
	# shellcheck disable=SC2086
	expect_fail "root: $c of nobody's file" "$PTOOL" $c -i nob.data >/dev/null
	grep -q "not owned by current user or root (use -f to override)" "$TMPD/ef.err" ||
		fail "root: $c of nobody's file: not perf's refusal"
	# shellcheck disable=SC2086
	"$PERF" $c -i nob.data >/dev/null 2>perf.err
	grep -q "not owned by current user or root" perf.err || echo "note: perf $c read it"
	# shellcheck disable=SC2086
	"$PTOOL" $c -f -i nob.data >/dev/null 2>&1 || fail "root: $c -f of nobody's file"
	cases=$((cases + 2))
done
"$PTOOL" report --stdio -f -i nob.data >nob.out 2>&1
diff <(grep -v '^# ' own.out) <(grep -v '^# ' nob.out) >/dev/null ||
	fail "report -f of the copy differs from the original"
ok "root: a file owned by nobody is refused as perf does, read with -f"
# nobody: root's file, private (0600) then readable (0644)
expect_fail "nobody: root's 0600 file" as_nobody "$PTOOL" report --stdio -i own.data >/dev/null
grep -q "Permission denied" "$TMPD/ef.err" && [ "$(wc -l <"$TMPD/ef.err")" -eq 1 ] ||
	fail "nobody: root's 0600 file: no one-line 'Permission denied'"
chmod 644 own.data
as_nobody "$PTOOL" report --stdio -i own.data >/dev/null 2>err.pt ||
	{ cat err.pt; fail "nobody: root's 0644 file is refused (perf reads root's files)"; }
as_nobody "$PTOOL" script -i own.data >/dev/null 2>err.pt || fail "nobody: script of root's 0644 file"
# nobody: a file owned by a third user
cp own.data d.data && chown daemon d.data && chmod 644 d.data
expect_fail "nobody: daemon's file" as_nobody "$PTOOL" report --stdio -i d.data >/dev/null
grep -q "not owned by current user or root" "$TMPD/ef.err" || fail "nobody: daemon's file: not perf's refusal"
as_nobody "$PTOOL" report --stdio -f -i d.data >/dev/null 2>&1 || fail "nobody: report -f of daemon's file"
cases=$((cases + 5))
ok "nobody: root's files read as perf, another user's refused without -f"
echo "$cases permission cases"
