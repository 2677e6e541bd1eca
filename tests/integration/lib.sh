# SPDX-License-Identifier: GPL-2.0
# Shared helpers for tests/integration/*.sh. Source it first:
#   . "$(dirname "$0")/lib.sh"
# A test exits 0 (pass), 77 (skip, after printing "SKIP: reason") or
# anything else (fail, after printing what differed).
set -u
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PTOOL=${PTOOL:-$TOP/ptool}
WORKLOADS=${WORKLOADS:-$TOP/build/workloads}
PERF=${PERF:-$(command -v perf || true)}
# no debuginfod server but those a test starts itself
unset DEBUGINFOD_URLS
TMPD=$(mktemp -d /tmp/ptool-test.XXXXXX)
trap 'rm -rf "$TMPD"' EXIT

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

need_perf() { [ -n "$PERF" ] && [ -x "$PERF" ] || skip "perf is not installed"; }
need_root() { [ "$(id -u)" -eq 0 ] || skip "needs root"; }
# need_workloads NAME...: the bundled workloads are built (make workloads)
need_workloads() {
	local w
	for w; do
		[ -x "$WORKLOADS/$w" ] || fail "missing workload $w (make workloads)"
	done
}

# can_open EVENT: whether this kernel opens EVENT for a task (perf as oracle)
can_open() {
	[ -n "$PERF" ] || return 1
	"$PERF" stat -x, -e "$1" -- true 2>&1 | grep -qv 'not supported\|not counted\|event syntax'
}

# expect_fail DESC CMD...: CMD must exit non-zero without a crash
expect_fail() {
	local desc=$1; shift
	"$@" >"$TMPD/ef.out" 2>"$TMPD/ef.err"
	local rc=$?
	[ $rc -ne 0 ] || fail "$desc: exit 0, expected failure"
	[ $rc -lt 128 ] || fail "$desc: died by signal ($rc)"
	cat "$TMPD/ef.err"
	return 0
}

# assert_match DESC REGEX FILE
assert_match() { grep -Eq -- "$2" "$3" || { echo "--- $3:"; cat "$3"; fail "$1: /$2/ not found"; }; }
assert_no_match() { ! grep -Eq -- "$2" "$3" || { echo "--- $3:"; cat "$3"; fail "$1: /$2/ found"; }; }

# wait_caught PID [SIG]: until PID has its own handler for SIG (INT unless
# given), read from /proc/PID/status. A command a script starts with '&'
# ignores SIGINT until it sets a handler, so a SIGINT sent before that is
# lost, where a terminal's Ctrl-C would not be.
wait_caught() {
	local pid=$1 sig=${2:-INT} n mask
	n=$(kill -l "$sig") || fail "wait_caught: no signal $sig"
	for _ in $(seq 600); do
		mask=$(awk '/^SigCgt:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
		[ -n "$mask" ] && [ $(((16#$mask >> (n - 1)) & 1)) -eq 1 ] && return 0
		kill -0 "$pid" 2>/dev/null || fail "pid $pid ended before it caught SIG$sig"
		sleep 0.05
	done
	fail "pid $pid has no handler for SIG$sig after 30 s"
}

# DFL_INT: a prefix that starts a command with SIGINT at its default, as a
# terminal's foreground job has it (empty where env cannot do that)
DFL_INT=
env --default-signal=INT true 2>/dev/null && DFL_INT="env --default-signal=INT"
