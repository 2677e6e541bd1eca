#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool's pprof profiles as Go's own reader shows them (go tool pprof):
# File: names the profiled program (-g, --call-graph dwarf, -a); flat
# shares with -noinlines are perf report's self shares on inlined -O2 C++;
# -list finds main's source from another directory with its call lines;
# -raw gives each inline level the file:line of addr2line -i; -tagfocus
# on comm keeps that command's samples; totals are perf's event counts.
. "$(dirname "$0")/lib.sh"
need_perf
need_root
command -v go >/dev/null || skip "go is not installed (golang-go: scripts/install-deps.sh)"
command -v addr2line >/dev/null || skip "addr2line is not installed"
FL=$WORKLOADS/foldloop
CX=$WORKLOADS/inlinecxx
[ -x "$FL" ] && [ -x "$CX" ] || skip "build/workloads/{foldloop,inlinecxx} are not built (make workloads)"
export GOCACHE="$TMPD/gocache" GOPATH="$TMPD/gopath" PPROF_TMPDIR="$TMPD"
go tool pprof -h >/dev/null 2>&1 || skip "go tool pprof does not run here"
# pprof must not look anything up on its own: what it shows is ptool's
pp() { go tool pprof -symbolize=none "$@" 2>"$TMPD/pprof.err"; }

# the file's totals: samples and the sum of their periods (perf report's
# "Event count"), counted from perf script
perf_totals() {
	"$PERF" script -i "$1" -F period 2>/dev/null |
		awk '{ n++; v += $1 } END { printf "%d %d ", n, v }'
}
# pprof's totals: sums of the two value columns of -raw's samples
pprof_totals() {
	pp -raw "$1" | awk '/^Samples:/ { on = 1; getline; next }
		/^Locations/ { on = 0 }
		on && /^ +[0-9]+ +[0-9]+:/ { n += $1; v += $2 + 0 }
		END { printf "%d %d ", n, v }'
}
check_file() {	# DESC PROFILE PROGRAM
	pp -top "$2" >"$TMPD/top.txt" || { cat "$TMPD/pprof.err"; fail "$1: go tool pprof cannot read the profile"; }
	assert_match "$1: File: is the program" "^File: $(basename "$3")\$" "$TMPD/top.txt"
	assert_match "$1: with its build id" "^Build ID: $(eu-readelf -n "$3" 2>/dev/null |
		sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p' | head -1)\$" "$TMPD/top.txt"
	ok "$1: File: $(basename "$3")"
}
check_totals() {	# DESC DATA PROFILE
	local want got
	want=$(perf_totals "$2")
	got=$(pprof_totals "$3")
	[ -n "$want" ] && [ "$want" = "$got" ] || fail "$1: pprof totals '$got', perf report '$want'"
	ok "$1: totals = perf report's ($got)"
}

# ---- -g: a C program with frame pointers ----
"$PERF" record -q -g -o "$TMPD/g.data" -- "$FL" 300 >/dev/null 2>&1 || skip "perf record -g does not work here"
"$PTOOL" script -i "$TMPD/g.data" --pprof "$TMPD/g.pb.gz" || fail "-g: --pprof failed"
check_file "-g" "$TMPD/g.pb.gz" "$FL"
check_totals "-g" "$TMPD/g.data" "$TMPD/g.pb.gz"
# the source of leaf() from another directory, lines 23-24 hold its samples
(cd / && pp -list '^leaf$' "$TMPD/g.pb.gz") >"$TMPD/list.txt" ||
	{ cat "$TMPD/pprof.err"; fail "-g: -list leaf failed"; }
assert_match "-g: -list finds foldloop.c" "^ROUTINE =+ leaf in $TOP/tests/workloads/foldloop.c\$" "$TMPD/list.txt"
assert_match "-g: the loop's samples" '^ +[0-9.]+[mun]?s +[0-9.]+[mun]?s +2[34]:' "$TMPD/list.txt"
ok "-g: -list leaf from / shows foldloop.c with the loop's lines"

# ---- --call-graph dwarf: inlined -O2 C++ ----
"$PERF" record -q --call-graph dwarf -o "$TMPD/d.data" -- "$CX" 100 >/dev/null 2>&1 ||
	skip "perf record --call-graph dwarf does not work here"
"$PTOOL" script -i "$TMPD/d.data" --pprof "$TMPD/d.pb.gz" || fail "dwarf: --pprof failed"
check_file "dwarf" "$TMPD/d.pb.gz" "$CX"
check_totals "dwarf" "$TMPD/d.data" "$TMPD/d.pb.gz"

# flat shares without inlines = perf report's self shares, per function
# (each that perf puts at 0.5% or more, under perf's name for it)
"$PERF" report -i "$TMPD/d.data" --no-children --sort sym --stdio -g none 2>/dev/null |
	awk '/^ +[0-9.]+%/ { p = $1; sub(/%/, "", p); $1 = ""; $2 = "";
		sub(/^ +/, ""); if (p >= 0.5) print p "\t" $0 }' >"$TMPD/perf.top"
pp -top -noinlines -nodecount=1000 -nodefraction=0 "$TMPD/d.pb.gz" |
	awk '/^ +[0-9.]+[mun]?s +[0-9.]+%/ { p = $2; sub(/%/, "", p);
		for (i = 1; i <= 5; i++) $i = ""; sub(/^ +/, ""); print p "\t" $0 }' >"$TMPD/pprof.top"
[ "$(wc -l <"$TMPD/perf.top")" -ge 5 ] || fail "dwarf: perf report shows fewer than 5 functions"
n=0
while IFS=$'\t' read -r share name; do
	got=$(awk -F'\t' -v n="$name" '$2 == n { print $1; exit }' "$TMPD/pprof.top")
	[ -n "$got" ] || { cat "$TMPD/pprof.top"; fail "dwarf: '$name' (perf $share%) is not in pprof -top"; }
	awk -v a="$share" -v b="$got" 'BEGIN { d = a - b; exit !(d <= 1 && d >= -1) }' ||
		fail "dwarf: '$name': pprof $got%, perf report $share%"
	n=$((n + 1))
done <"$TMPD/perf.top"
main_flat=$(awk -F'\t' '$2 == "main" { print $1 }' "$TMPD/pprof.top")
ok "dwarf: the $n functions over 0.5% have flat shares within 1 point of perf report's (main $main_flat%)"

# -list main from another directory: main's own file, the lines of the
# calls inlined into it (counts[w] += ... on line 61), nothing misfiled
(cd / && pp -list '^main$' "$TMPD/d.pb.gz") >"$TMPD/list.txt" ||
	{ cat "$TMPD/pprof.err"; fail "dwarf: -list main failed"; }
assert_match "dwarf: -list finds inlinecxx.cpp" "^ROUTINE =+ main in $TOP/tests/workloads/inlinecxx.cpp\$" "$TMPD/list.txt"
assert_match "dwarf: the map lookup's line" '^ +[.0-9a-z]+ +[0-9.]+[mun]?s +61:.*counts\[w\]' "$TMPD/list.txt"
assert_no_match "dwarf: main filed under a header" '^ROUTINE =+ main in .*/(bits|c\+\+)/' "$TMPD/list.txt"
ok "dwarf: -list main from / shows inlinecxx.cpp with the inlined calls' lines"

# check_raw DESC PROFILE: in -raw, the levels of inlined addresses of
# inlinecxx have the file:line addr2line -i prints for them
check_raw() {
	local mid mstart moff seg segoff segva n=0 addr lines va want
	pp -raw "$2" >"$TMPD/raw.txt"
	read -r mid mstart moff < <(awk -v p="$CX" '/^Mappings/ { on = 1; next }
		on && $3 == p { sub(/:$/, "", $1); split($2, a, "/"); print $1, a[1], a[3]; exit }' \
		"$TMPD/raw.txt")
	[ -n "${moff:-}" ] || fail "$1: no mapping for $CX in -raw"
	seg=$(readelf -lW "$CX" | awk '$1 == "LOAD" && $7 ~ /E/ { print $2, $3; exit }')
	read -r segoff segva <<<"$seg"
	awk -v m="M=$mid" '/^Locations/ { on = 1; next } /^Mappings/ { on = 0 }
		on && $1 ~ /^[0-9]+:$/ { if (addr != "" && n > 1) print addr "\t" lines;
			addr = ""; n = 0; if ($3 != m) next; addr = $2; lines = ""; }
		on && addr != "" { fl = ""; for (i = 1; i <= NF; i++) if ($i ~ /^s=/) fl = $(i - 1);
			lines = lines (n ? " " : "") fl; n++ }
		END { if (addr != "" && n > 1) print addr "\t" lines }' "$TMPD/raw.txt" |
		head -40 >"$TMPD/inl.txt"
	[ -s "$TMPD/inl.txt" ] || fail "$1: no location with inline levels in -raw"
	while IFS=$'\t' read -r addr lines; do
		va=$(printf '0x%x' $((addr - mstart + moff - segoff + segva)))
		want=$(addr2line -i -e "$CX" "$va" | sed "s/ (discriminator [0-9]*)//" | tr "\n" " " | sed "s/ $//")
		[ "$lines" = "$want" ] || fail "$1: $addr ($va): pprof '$lines', addr2line '$want'"
		n=$((n + 1))
	done <"$TMPD/inl.txt"
	ok "$1: $n inlined addresses have addr2line -i's file:line on every level"
}
check_raw "dwarf" "$TMPD/d.pb.gz"

# ---- -g on the same C++: frame-pointer stacks get their inline levels too
"$PERF" record -q -g -o "$TMPD/gx.data" -- "$CX" 50 >/dev/null 2>&1 || fail "perf record -g of inlinecxx failed"
"$PTOOL" script -i "$TMPD/gx.data" --pprof "$TMPD/gx.pb.gz" || fail "-g C++: --pprof failed"
check_file "-g C++" "$TMPD/gx.pb.gz" "$CX"
check_raw "-g C++" "$TMPD/gx.pb.gz"
(cd / && pp -list '^main$' "$TMPD/gx.pb.gz") >"$TMPD/list.txt" ||
	{ cat "$TMPD/pprof.err"; fail "-g C++: -list main failed"; }
assert_match "-g C++: the map lookup's line" '^ +[.0-9a-z]+ +[0-9.]+[mun]?s +61:.*counts\[w\]' "$TMPD/list.txt"
ok "-g C++: -list main shows the calls inlined into it"

# ---- -a: the whole machine while the workload runs ----
"$PERF" record -q -a -g -o "$TMPD/a.data" -- "$FL" 300 >/dev/null 2>&1 || skip "perf record -a does not work here"
"$PTOOL" script -i "$TMPD/a.data" --pprof "$TMPD/a.pb.gz" || fail "-a: --pprof failed"
check_file "-a" "$TMPD/a.pb.gz" "$FL"
check_totals "-a" "$TMPD/a.data" "$TMPD/a.pb.gz"
# -tagfocus comm=: only that command's samples, all of them
want=$("$PERF" script -i "$TMPD/a.data" -F comm,period 2>/dev/null |
	awk '$1 == "foldloop" { v += $2 } END { print v + 0 }')
pp -unit=ns -tagfocus 'comm=^foldloop$' -tags "$TMPD/a.pb.gz" >"$TMPD/tags.txt"
assert_match "-a: the comm label" '^ comm: Total' "$TMPD/tags.txt"
got=$(awk '/^ comm: Total/ { on = 1; t = $3; sub(/ns$/, "", t); printf "%d\n", t; next }
	on && NF == 0 { exit }' "$TMPD/tags.txt")
others=$(awk '/^ comm: Total/ { on = 1; next } on && NF == 0 { exit }
	on && $NF != "foldloop" { n++ } END { print n + 0 }' "$TMPD/tags.txt")
[ "$want" -gt 0 ] && [ "$got" = "$want" ] && [ "$others" = 0 ] ||
	{ cat "$TMPD/tags.txt"; fail "-a: -tagfocus comm=^foldloop\$: $got ns, $others other comms; perf script: $want ns"; }
for key in pid tid cpu; do
	assert_match "-a: the $key label" "^ $key: Total" "$TMPD/tags.txt"
done
ok "-a: -tagfocus comm=foldloop keeps its $want ns; pid, tid and cpu labels"
# --pprof-labels keeps only the labels asked for
"$PTOOL" script -i "$TMPD/a.data" --pprof "$TMPD/c.pb.gz" --pprof-labels=comm || fail "--pprof-labels=comm failed"
pp -tags "$TMPD/c.pb.gz" >"$TMPD/tags.txt"
assert_match "--pprof-labels=comm: comm" '^ comm: Total' "$TMPD/tags.txt"
assert_no_match "--pprof-labels=comm: no tid" '^ (tid|pid|cpu): Total' "$TMPD/tags.txt"
[ "$(stat -c %s "$TMPD/c.pb.gz")" -lt "$(stat -c %s "$TMPD/a.pb.gz")" ] ||
	fail "--pprof-labels=comm: the profile is not smaller"
expect_fail "--pprof-labels=bogus" "$PTOOL" script -i "$TMPD/a.data" --pprof "$TMPD/x.pb.gz" --pprof-labels=bogus
[ ! -e "$TMPD/x.pb.gz" ] || fail "--pprof-labels=bogus wrote a file"
ok "--pprof-labels=comm keeps the comm label only"

# ---- two events, one a tracepoint: a value per event, none mixed ----
WL=$WORKLOADS/writeloop
if [ -x "$WL" ] && "$PERF" record -q -e cpu-clock -e syscalls:sys_enter_write -o "$TMPD/e.data" \
	-- "$WL" 20000 >/dev/null 2>&1; then
	"$PTOOL" script -i "$TMPD/e.data" --pprof "$TMPD/e.pb.gz" || fail "two events: --pprof failed"
	check_file "two events" "$TMPD/e.pb.gz" "$WL"
	pp -raw "$TMPD/e.pb.gz" >"$TMPD/raw.txt" || fail "two events: -raw failed"
	assert_match "two events: one type per event" \
		'^cpu-clock/nanoseconds\[dflt\] syscalls:sys_enter_write/count$' "$TMPD/raw.txt"
	want=$("$PERF" script -i "$TMPD/e.data" -F event,period 2>/dev/null |
		awk '$2 ~ /^cpu-clock/ { c += $1 } $2 ~ /sys_enter_write/ { w += $1 }
			END { printf "%d %d ", c, w }')
	got=$(awk '/^Samples:/ { on = 1; getline; next } /^Locations/ { on = 0 }
		on && /^ +[0-9]+ +[0-9]+:/ { c += $1; w += $2 + 0 } END { printf "%d %d ", c, w }' \
		"$TMPD/raw.txt")
	[ "$got" = "$want" ] || fail "two events: pprof totals '$got', perf script '$want'"
	ok "two events: cpu-clock/nanoseconds and syscalls:sys_enter_write/count, totals $got"
else
	echo "skip: two events: cannot record syscalls:sys_enter_write here"
fi

# ---- hostile input: no symbols at all, code from a non-ELF file ----
# (recorded by ptool: its own files name the workload the same way)
if [ "$(uname -m)" = x86_64 ] && command -v strip >/dev/null; then
	(cd "$TMPD" && ${CC:-cc} -O0 -g -fno-omit-frame-pointer -o nosym \
		"$TOP/tests/workloads/hostile_hot.c" && strip -s nosym &&
		printf '\x48\xff\xcf\x75\xfb\xc3' >code.bin && truncate -s 4096 code.bin) ||
		fail "cannot build the stripped workload"
	"$PTOOL" record -F 499 -g -o "$TMPD/h.data" -- "$TMPD/nosym" 0.25 "$TMPD/code.bin" \
		>/dev/null 2>&1 || fail "ptool record of the stripped workload"
	"$PTOOL" script -i "$TMPD/h.data" --pprof "$TMPD/h.pb.gz" || fail "hostile: --pprof failed"
	check_file "hostile" "$TMPD/h.pb.gz" "$TMPD/nosym"
	check_totals "hostile" "$TMPD/h.data" "$TMPD/h.pb.gz"
	pp -raw "$TMPD/h.pb.gz" >"$TMPD/raw.txt" || fail "hostile: -raw failed"
	# an address nothing names is a location without lines, in its mapping
	code=$(awk '/^Mappings/ { on = 1; next } on && $3 ~ /code\.bin$/ { sub(/:$/, "", $1); print $1 }' \
		"$TMPD/raw.txt")
	[ -n "$code" ] || fail "hostile: no mapping for code.bin"
	assert_match "hostile: unnamed code as an address" "^ +[0-9]+: 0x[0-9a-f]+ M=$code \$" "$TMPD/raw.txt"
	ok "hostile: a stripped program and raw code give a valid profile, unnamed code as addresses"
fi
exit 0
