#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool probe against perf probe on the same binaries: the same tracefs
# lines, perf lists and records what ptool adds, ptool lists and deletes
# what perf adds, and uprobe_events ends exactly as it began.
. "$(dirname "$0")/lib.sh"

need_root
need_perf
need_workloads probe_demo
# other suites may run this test at the same time: binaries (hence
# groups) of our own
U=$$
DEMO=$TMPD/pdemo_$U
cp "$WORKLOADS/probe_demo" "$DEMO" || fail "cp"
GD=probe_pdemo_$U
GD2=probe_pdemo2_$U
GS=probe_pdstrip_$U
GN=probe_pdnofp_$U
GT=ptool_t$U
"$PTOOL" probe -l >/dev/null 2>&1	# mounts tracefs when needed
TRACEFS=/sys/kernel/tracing
[ -f $TRACEFS/uprobe_events ] || skip "no uprobe_events (CONFIG_UPROBE_EVENTS)"

# other tests may add and remove their own probes meanwhile: compare the
# lines of the groups this test uses (none before, none after)
MINE="^[pr]:($GD|$GD2|$GS|$GN|$GT)/"
mine() { grep -E "$MINE" $TRACEFS/uprobe_events; }
mine >"$TMPD/before"
unchanged() { mine | cmp -s - "$TMPD/before"; }
cleanup() {
	for g in $GD $GD2 $GS $GN $GT; do
		"$PTOOL" probe -q -d "$g:*" >/dev/null 2>&1
	done
	if ! unchanged; then
		echo "FAIL: uprobe_events differs after the test" >&2
		mine >&2
		rm -rf "$TMPD"
		exit 1
	fi
	rm -rf "$TMPD"
}
trap cleanup EXIT

# the usleep() line, by its relative number in -L
"$PTOOL" probe -x "$DEMO" -L main >"$TMPD/L" 2>&1 || fail "-L main"
"$PERF" probe -x "$DEMO" -L main >"$TMPD/L.perf" 2>&1
cmp -s "$TMPD/L" "$TMPD/L.perf" || { diff "$TMPD/L" "$TMPD/L.perf"; fail "-L differs from perf"; }
N=$(awk '/usleep/ { print $1 }' "$TMPD/L")
W=$(awk '/total \+= work/ { print $1 }' "$TMPD/L")
[ -n "$N" ] && [ -n "$W" ] || fail "no usleep/work line in -L output"
ok "-L main matches perf (usleep at main:$N)"

# the same tracefs lines as perf for each spec, -O0 and -O2
cc -O2 -g -o "$TMPD/pdemo2_$U" "$TOP/tests/workloads/probe_demo.c" || fail "cc -O2"
lines() {	# TOOL BIN SPEC...: the "Writing event" lines of a dry run
	local tool=$1 bin=$2 try out; shift 2
	# perf 6.1 refuses a name that any group has (another test may be
	# running): -f, and drop its _N suffix
	for try in 1 2 3; do
		"$tool" probe -f -n -v -x "$bin" "$@" >"$TMPD/lines.out" 2>&1
		out=$(grep '^Writing event:' "$TMPD/lines.out" |
			sed 's|^\(Writing event: [pr]:[^/]*/[A-Za-z0-9_]*\)_[0-9][0-9]* |\1 |' | sort)
		[ -n "$out" ] && break
		sleep 1
	done
	printf '%s\n' "$out"
}
for spec in "main:$N" "main:$W" main work 'work n' 'work%return $retval' \
	    'main argc argv' 'work+4' "main:$N total k p.x p.y"; do
	for bin in "$DEMO" "$TMPD/pdemo2_$U"; do
		case "$bin:$spec" in
		*pdemo2_*:main:*|*pdemo2_*:main\ *|*pdemo2_*:work\ n) continue ;;	# perf fails or differs there, see docs
		esac
		lines "$PTOOL" "$bin" "$spec" >"$TMPD/p"
		lines "$PERF" "$bin" "$spec" >"$TMPD/q"
		[ -s "$TMPD/p" ] || fail "ptool wrote nothing for '$spec' on $bin"
		cmp -s "$TMPD/p" "$TMPD/q" || { diff "$TMPD/p" "$TMPD/q"; fail "'$spec' on $bin: lines differ from perf"; }
	done
done
ok "dry-run tracefs lines match perf probe -n -v"

# add, list with perf, record with perf, script with perf
"$PTOOL" probe -x "$DEMO" "main:$N" 'work n' 'work%return $retval' \
	>"$TMPD/add.out" 2>&1 || { cat "$TMPD/add.out"; fail "add"; }
assert_match "hint" "ptool record -e $GD:work__return -aR sleep 1" "$TMPD/add.out"
assert_match "added" "$GD:main_L$N +\(on main:$N in $DEMO\)" "$TMPD/add.out"
"$PERF" probe -l >"$TMPD/perf-l" 2>&1
for e in main_L$N work work__return; do
	assert_match "perf -l" "$GD:$e " "$TMPD/perf-l"
done
"$PTOOL" probe -l >"$TMPD/ptool-l" 2>&1
cmp -s <(grep $GD "$TMPD/ptool-l") <(grep $GD "$TMPD/perf-l") ||
	{ diff "$TMPD/ptool-l" "$TMPD/perf-l"; fail "-l differs from perf -l"; }
ok "perf probe -l lists ptool's probes as ptool -l does"

"$PERF" record -q -o "$TMPD/perf.data" -e "$GD:*" -- "$DEMO" >/dev/null 2>&1 ||
	fail "perf record"
"$PERF" script -i "$TMPD/perf.data" >"$TMPD/script" 2>&1
c=$(grep -c "$GD:main_L$N:" "$TMPD/script")
[ "$c" -eq 5 ] || { cat "$TMPD/script"; fail "main_L$N: $c hits, expected 5"; }
c=$(grep -c "$GD:work: .* n=1000000$" "$TMPD/script")
[ "$c" -eq 5 ] || { cat "$TMPD/script"; fail "work n=1000000: $c hits, expected 5"; }
c=$(grep -c "$GD:work__return: .* arg1=0x3567e0$" "$TMPD/script")
[ "$c" -eq 5 ] || { cat "$TMPD/script"; fail "work%return: $c hits with \$retval 3500000, expected 5"; }
ok "perf record/script: 5 hits each, n=1000000, \$retval=0x3567e0"

# ptool record and ptool script on the same probes, perf script as a check
"$PTOOL" record -q -o "$TMPD/ptool.data" -e "$GD:*" -- "$DEMO" >/dev/null 2>"$TMPD/rec.err" ||
	{ cat "$TMPD/rec.err"; fail "ptool record"; }
for tool in "$PTOOL" "$PERF"; do
	"$tool" script -i "$TMPD/ptool.data" >"$TMPD/pscript" 2>&1
	c=$(grep -c "$GD:main_L$N:" "$TMPD/pscript")
	[ "$c" -eq 5 ] || { cat "$TMPD/pscript"; fail "$tool script of ptool.data: main_L$N $c hits"; }
	c=$(grep -c "$GD:work: .* n=1000000$" "$TMPD/pscript")
	[ "$c" -eq 5 ] || { cat "$TMPD/pscript"; fail "$tool script of ptool.data: work n=1000000 $c hits"; }
done
ok "ptool record; ptool script and perf script: 5 hits each, n=1000000"

# -O2: work is inlined into main; every instance is probed, as perf does
"$PTOOL" probe -x "$TMPD/pdemo2_$U" -L main >"$TMPD/L2" 2>&1 || fail "-L main -O2"
N2=$(awk '/usleep/ { print $1 }' "$TMPD/L2")
[ -n "$N2" ] || fail "no usleep line in -O2 -L output"
"$PTOOL" probe -q -x "$TMPD/pdemo2_$U" -a "main:$N2" -a work || fail "add -O2"
[ "$(grep -c "^p:$GD2/work " $TRACEFS/uprobe_events)" -ge 2 ] ||
	fail "-O2: expected the inlined and the real work"
"$PERF" record -q -o "$TMPD/perf2.data" -e "$GD2:*" -- "$TMPD/pdemo2_$U" >/dev/null 2>&1 ||
	fail "perf record -O2"
"$PERF" script -i "$TMPD/perf2.data" >"$TMPD/script2" 2>&1
c=$(grep -c "$GD2:main_L$N2:" "$TMPD/script2")
[ "$c" -eq 5 ] || { cat "$TMPD/script2"; fail "-O2 main_L$N2: $c hits, expected 5"; }
# gcc hoists the pure work(1000000) out of the loop: the inlined copy runs once
c=$(grep -c "$GD2:work:" "$TMPD/script2")
[ "$c" -ge 1 ] || { cat "$TMPD/script2"; fail "-O2 inlined work: no hit"; }
"$PTOOL" probe -q -d "$GD2:*" || fail "-d -O2"
ok "-O2: main:$N2 hit 5 times, the inlined work $c time(s)"

# no frame pointer: locations through the CFA at each probe address
cc -O0 -g -fomit-frame-pointer -o "$TMPD/pdnofp_$U" "$TOP/tests/workloads/probe_demo.c" || fail "cc nofp"
"$PTOOL" probe -q -x "$TMPD/pdnofp_$U" "main:$N total k" 'work n' || fail "add nofp"
grep -q "^p:$GN/work .* n=-[0-9]*(%sp):s32\$" $TRACEFS/uprobe_events ||
	{ mine; fail "nofp: n not %sp-relative"; }
"$PERF" record -q -o "$TMPD/perf3.data" -e "$GN:*" -- "$TMPD/pdnofp_$U" >/dev/null 2>&1 ||
	fail "perf record nofp"
"$PERF" script -i "$TMPD/perf3.data" >"$TMPD/script3" 2>&1
c=$(grep -c "$GN:work: .* n=1000000$" "$TMPD/script3")
[ "$c" -eq 5 ] || { cat "$TMPD/script3"; fail "nofp work n=1000000: $c hits"; }
for k in 0 1 2 3 4; do
	grep -q "$GN:main_L$N: .* total=$(((k + 1) * 3500000)) k=$k$" "$TMPD/script3" ||
		{ cat "$TMPD/script3"; fail "nofp: total/k wrong at k=$k"; }
done
"$PTOOL" probe -q -d "$GN:*" || fail "-d nofp"
ok "-fomit-frame-pointer: n=1000000, total and k right on every hit"

# name clashes: refused, then suffixed with -f
expect_fail "clash" "$PTOOL" probe -x "$DEMO" "main:$N"
assert_match "clash message" "already exists" "$TMPD/ef.err"
"$PTOOL" probe -q -f -x "$DEMO" "main:$N" || fail "-f"
grep -q "^p:$GD/main_L${N}_1 " $TRACEFS/uprobe_events || fail "-f did not add main_L${N}_1"
"$PTOOL" probe -q -x "$DEMO" "$GT:mine=main:$N" || fail "GROUP:EVENT="
grep -q "^p:$GT/mine " $TRACEFS/uprobe_events || fail "explicit name not used"
ok "clash refused, -f suffix, explicit names"

# delete with a glob: back to where we started
"$PTOOL" probe -q -d "$GD:*" -d "$GT:*" || fail "-d"
unchanged || fail "-d left events behind"
ok "-d with globs restores uprobe_events"

# probes added by perf are listed and deleted by ptool
perf_add() {	# perf probe can fail while another one edits uprobe_events
	local try
	for try in 1 2 3 4 5; do
		"$PERF" probe -q -x "$DEMO" "$@" 2>"$TMPD/perf-add.err" && return 0
		sleep 1
	done
	cat "$TMPD/perf-add.err"
	return 1
}
perf_add "main:$N" || fail "perf probe add"
"$PTOOL" probe -l >"$TMPD/l2" 2>&1
assert_match "ptool -l shows perf's probe" "$GD:main_L$N +\(on main:$N@.*probe_demo.c in $DEMO\)" "$TMPD/l2"
"$PTOOL" probe -d "$GD:main_L$N" >"$TMPD/d" 2>&1 || fail "-d perf's probe"
assert_match "removed" "Removed event: $GD:main_L$N" "$TMPD/d"
unchanged || fail "perf's probe not deleted"
ok "perf's probes listed and deleted by ptool"

# errors: one line, non-zero, nothing written
cp "$DEMO" "$TMPD/pdstrip_$U" && strip -g "$TMPD/pdstrip_$U"
check_err() {	# DESC REGEX CMD...
	local desc=$1 re=$2; shift 2
	expect_fail "$desc" "$@" >/dev/null
	[ "$(wc -l <"$TMPD/ef.err")" -eq 1 ] || { cat "$TMPD/ef.err"; fail "$desc: not one line"; }
	assert_match "$desc" "$re" "$TMPD/ef.err"
	unchanged || fail "$desc: uprobe_events changed"
}
check_err "unknown function" "no function 'nosuch'" "$PTOOL" probe -x "$DEMO" nosuch
check_err "unknown line" "no code at line 5 of 'main'" "$PTOOL" probe -x "$DEMO" main:5
check_err "unknown variable" "no variable 'zz'" "$PTOOL" probe -x "$DEMO" "main:$N" 'main:'"$W"' zz'
check_err "no debug info" "'$TMPD/pdstrip_$U' has no debug information: rebuild with -g, or probe a function by name" \
	"$PTOOL" probe -x "$TMPD/pdstrip_$U" "main:$N"
check_err "binary not found" "binary '/nonexistent/x' not found" "$PTOOL" probe -x /nonexistent/x main
check_err "bad spec" "bad probe 'main:4x'" "$PTOOL" probe -x "$DEMO" main:4x
check_err "max probes" "resolves to 2 addresses, more than --max-probes=1" \
	"$PTOOL" probe --max-probes 1 -x "$DEMO" "main:$W"
check_err "newline" "newline" "$PTOOL" probe -x "$DEMO" "$(printf 'main\np:x/y /bin/sh:0')"
# the kernel refuses the second probe: the first one is removed again
check_err "rollback" "the kernel refused probe '$GD:work'" \
	"$PTOOL" probe -x "$DEMO" "main:$N" 'work %nosuchreg'
# without a debug-info need, a stripped binary probes by symbol
"$PTOOL" probe -q -x "$TMPD/pdstrip_$U" work || fail "probe by symbol without DWARF"
"$PTOOL" probe -q -d "$GS:*" || fail "-d stripped"
ok "errors are one line and write nothing"

# not root: refused before anything is written
if command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$PTOOL" probe -x "$WORKLOADS/probe_demo" main \
		>"$TMPD/nr.out" 2>&1 && fail "non-root add succeeded"
	assert_match "not root" "needs root" "$TMPD/nr.out"
	ok "non-root refused"
fi

# the prologue hint names the function's entry, as perf's does (dry runs)
if [ -x "$WORKLOADS/cpuloop" ]; then
	"$PTOOL" probe -n -x "$WORKLOADS/cpuloop" 'spin n' >"$TMPD/h.pt" 2>&1 ||
		{ cat "$TMPD/h.pt"; fail "probe -n 'spin n'"; }
	"$PERF" probe -n -x "$WORKLOADS/cpuloop" 'spin n' >"$TMPD/h.perf" 2>&1
	want=$(grep -o 'Probe on address 0x[0-9a-f]*' "$TMPD/h.perf")
	entry=$(nm "$WORKLOADS/cpuloop" | awk '$3 == "spin" { sub(/^0+/, "", $1); print "0x" $1 }')
	[ "$want" = "Probe on address $entry" ] || echo "note: perf's hint is '$want', spin is at $entry"
	grep -q "^Probe on address $entry to force probing at the function entry\.\$" "$TMPD/h.pt" ||
		{ cat "$TMPD/h.pt"; fail "prologue hint does not name spin's entry $entry"; }
	ok "prologue hint names the entry ($entry)"
fi
exit 0
