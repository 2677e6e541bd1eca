#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Debug info by build-id from debuginfod: a real debuginfod serves the
# unstripped workload, ptool reads a profile of a stripped copy with the
# same build-id. Symbols and source lines (report, script, probe -L/-V)
# appear with DEBUGINFOD_URLS and not without it; a server that does not
# answer is asked once per build-id, however many addresses; a hostile
# server (wrong, truncated, short or huge file) costs a warning and leaves
# hex addresses, never a crash. Everything runs in a private network
# namespace, so the servers are on loopback only and their ports are free.
if [ -z "${PTOOL_TEST_NETNS:-}" ]; then
	if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null ||
	   ! command -v ip >/dev/null; then
		echo "SKIP: needs root, unshare and ip for a private network namespace"
		exit 77
	fi
	PTOOL_TEST_NETNS=1 exec unshare --net -- bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
"$PTOOL" version --build-options | grep -q 'debuginfod: \[ on' ||
	skip "ptool is built without libdebuginfod"
command -v debuginfod >/dev/null || skip "debuginfod is not installed (Debian package debuginfod)"
command -v strip >/dev/null || skip "binutils is not installed"
command -v python3 >/dev/null || skip "python3 is not installed"
can_open cpu-clock || skip "cannot open cpu-clock events"
ip link set lo up || skip "cannot bring up loopback in the network namespace"
SERVER=$TOP/tests/integration/debuginfod-server.py

cd "$TMPD"
mkdir srv bin
cc -O0 -g -fno-omit-frame-pointer -o srv/cpuloop "$TOP/tests/workloads/cpuloop.c" ||
	fail "cannot build the workload"
cp srv/cpuloop bin/cpuloop && strip -s bin/cpuloop
bid=$(eu-readelf -n bin/cpuloop | awk '/Build ID:/ { print $3 }')
[ -n "$bid" ] || fail "the workload has no build-id"
"$PTOOL" record -e cpu-clock -o s.data -- bin/cpuloop 0.3 >/dev/null 2>&1 ||
	fail "ptool record failed"

unset DEBUGINFOD_URLS DEBUGINFOD_PROGRESS DEBUGINFOD_VERBOSE
export DEBUGINFOD_CACHE_PATH=$TMPD/cache DEBUGINFOD_RETRY_LIMIT=0

# report/script without a server: hex addresses only
"$PTOOL" report -i s.data --sort sym,srcline --dsos cpuloop > none.txt 2>none.err ||
	{ cat none.err; fail "report without DEBUGINFOD_URLS failed"; }
assert_match "without debuginfod, hex" '0x0000' none.txt
assert_no_match "without debuginfod, no symbols" ' (spin|hot|warm) ' none.txt
expect_fail "probe -L without debuginfod" "$PTOOL" probe -x bin/cpuloop -L hot >/dev/null

# a real debuginfod on 127.0.0.1
debuginfod -F -p 8002 -d "$TMPD/db.sqlite" "$TMPD/srv" > dbgd.log 2>&1 &
dpid=$!
trap 'kill $dpid 2>/dev/null; wait $dpid 2>/dev/null; rm -rf "$TMPD"' EXIT
python3 "$SERVER" wait "http://127.0.0.1:8002/buildid/$bid/debuginfo" ||
	{ cat dbgd.log; fail "debuginfod did not come up"; }
export DEBUGINFOD_URLS=http://127.0.0.1:8002
"$PTOOL" report -i s.data --sort sym,srcline --dsos cpuloop > dbg.txt 2>dbg.err ||
	{ cat dbg.err; fail "report with DEBUGINFOD_URLS failed"; }
assert_match "debuginfod: symbols" '\[\.\] spin ' dbg.txt
assert_match "debuginfod: source lines" 'cpuloop\.c:1[0-9]' dbg.txt
assert_no_match "debuginfod: no warning" 'warning' dbg.err
"$PTOOL" script -i s.data -F ip,sym,srcline > script.txt 2>&1 ||
	fail "script with DEBUGINFOD_URLS failed"
assert_match "debuginfod: script symbols" ' spin' script.txt
"$PTOOL" probe -x bin/cpuloop -L hot > lines.txt 2>&1 ||
	{ cat lines.txt; fail "probe -L with debuginfod failed"; }
assert_match "debuginfod: probe -L" 'return spin\(3 \* n\);' lines.txt
"$PTOOL" probe -x bin/cpuloop -V hot > vars.txt 2>&1 ||
	{ cat vars.txt; fail "probe -V with debuginfod failed"; }
assert_match "debuginfod: probe -V" 'long unsigned int[[:space:]]+n' vars.txt
# on a terminal, the download shows which object and how many bytes
if command -v script >/dev/null; then
	DEBUGINFOD_CACHE_PATH=$TMPD/cache.tty script -qec \
		"'$PTOOL' --no-pager report -i s.data --sort sym --dsos cpuloop > /dev/null" \
		/dev/null > tty.txt 2>&1 || { cat tty.txt; fail "report on a terminal failed"; }
	assert_match "progress on a terminal" "debuginfod: .*cpuloop \($bid\): [0-9]+ " tty.txt
	assert_no_match "no progress without a terminal" "debuginfod:" dbg.err
fi
# from the cache now, with the server gone
kill $dpid; wait $dpid 2>/dev/null
"$PTOOL" report -i s.data --sort sym --dsos cpuloop > cached.txt 2>&1
assert_match "debuginfod cache" '\[\.\] spin( |$)' cached.txt
ok "symbols, source lines and probe lines from debuginfod"

# hostile_run MODE: ptool against a server of that kind, with a fresh cache
hostile_run() {
	local mode=$1 port=$2
	rm -f "req.$mode"
	python3 "$SERVER" serve "$port" "$mode" "$3" "req.$mode" 2>/dev/null &
	local spid=$!
	python3 - "$port" <<'PY' || fail "$mode server did not come up"
import socket, sys, time
for _ in range(600):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY
	DEBUGINFOD_URLS=http://127.0.0.1:$port DEBUGINFOD_CACHE_PATH=$TMPD/cache.$mode \
		DEBUGINFOD_TIMEOUT=1 \
		"$PTOOL" report -i s.data --sort sym --dsos cpuloop > "out.$mode" 2> "err.$mode"
	local rc=$?
	kill $spid; wait $spid 2>/dev/null
	[ $rc -eq 0 ] || { cat "err.$mode"; fail "$mode server: report exited $rc"; }
	# libdebuginfod itself reports a transfer cut short as "not found"
	[ "$mode" = short ] ||
		assert_match "$mode server: a warning" "warning: .*debug.*cpuloop.*$bid" "err.$mode"
	assert_match "$mode server: hex addresses" '0x0000' "out.$mode"
	assert_no_match "$mode server: no symbols" ' (spin|hot|warm) *$' "out.$mode"
	grep -q "/buildid/$bid/debuginfo" "req.$mode" || fail "$mode server: never asked"
	ok "$mode server: hex addresses, no crash"
}
hostile_run wrong 8003 /bin/true
hostile_run truncated 8004 srv/cpuloop
hostile_run short 8005 srv/cpuloop
hostile_run huge 8006 srv/cpuloop
hostile_run hang 8007 srv/cpuloop
# the samples hit many addresses of cpuloop, yet each build-id is asked once
n=$(grep -c "/buildid/$bid/debuginfo" req.hang)
[ "$n" -eq 1 ] || fail "a server that does not answer was asked $n times for one build-id"
dup=$(sort req.hang | uniq -d)
[ -z "$dup" ] || fail "asked more than once: $dup"
ok "a server that does not answer is asked once per build-id"

# nothing listens: a warning, hex addresses
DEBUGINFOD_URLS=http://127.0.0.1:8009 DEBUGINFOD_CACHE_PATH=$TMPD/cache.down \
	"$PTOOL" report -i s.data --sort sym --dsos cpuloop > out.down 2> err.down ||
	{ cat err.down; fail "report with a server down failed"; }
assert_match "server down: a warning" 'warning: cannot fetch debug info' err.down
[ "$(grep -c "$bid" err.down)" -eq 1 ] || { cat err.down; fail "server down: not one warning for the build-id"; }
assert_match "server down: hex addresses" '0x0000' out.down
ok "a server that is down: one warning, hex addresses"
