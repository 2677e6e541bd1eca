#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A callchain holding a context marker that is none of perf's
# (PERF_CONTEXT_MAX and above, not HV/KERNEL/USER/GUEST*) is corrupt:
# perf discards the whole chain of that sample and keeps the sample.
# ptool must print and report the same as perf on such a file.
. "$(dirname "$0")/lib.sh"
need_perf
need_root
command -v python3 >/dev/null || skip "python3 is not installed"
need_workloads cpuloop

"$PERF" record -q -g -F 999 -o "$TMPD/g.data" -- "$WORKLOADS/cpuloop" 1 \
	>/dev/null 2>"$TMPD/err" || { cat "$TMPD/err"; skip "perf record -g does not work here"; }

# the third user entry after each of the first 5 PERF_CONTEXT_USER markers
# becomes an unknown marker
python3 - "$TMPD/g.data" "$TMPD/bad.data" <<'PY' || fail "could not patch the file"
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
user = struct.pack('<Q', 0xfffffffffffffe00)
i, n = d.find(user), 0
while i >= 0 and n < 5:
    a, b = struct.unpack_from('<QQ', d, i + 8)
    if 0 < a < 1 << 47 and 0 < b < 1 << 47:
        struct.pack_into('<Q', d, i + 16, 0xfffffffffffff801)
        n += 1
    i = d.find(user, i + 8)
if n == 0:
    sys.exit(1)
open(sys.argv[2], 'wb').write(d)
PY

"$PERF" script -i "$TMPD/bad.data" >"$TMPD/perf.txt" 2>/dev/null
"$PTOOL" script -i "$TMPD/bad.data" >"$TMPD/ptool.txt" || fail "ptool script failed"
grep -q fffffffffffff801 "$TMPD/ptool.txt" && fail "the marker is printed as a frame"
diff -u "$TMPD/perf.txt" "$TMPD/ptool.txt" >"$TMPD/diff" ||
	{ head -40 "$TMPD/diff"; fail "script differs from perf's on a file with unknown markers"; }
ok "script: the corrupt chains are dropped as perf drops them"

"$PERF" report -i "$TMPD/bad.data" --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' >"$TMPD/perf.rep"
"$PTOOL" report -i "$TMPD/bad.data" --stdio | grep -v '^#' | grep -v '^$' >"$TMPD/ptool.rep" ||
	fail "ptool report failed"
diff -u "$TMPD/perf.rep" "$TMPD/ptool.rep" >"$TMPD/diff" ||
	{ head -40 "$TMPD/diff"; fail "report differs from perf's on a file with unknown markers"; }
ok "report: same as perf"

# pprof keeps those samples too, at their own address, so its total is the
# file's sample count (readers skip a sample that has no location)
if command -v go >/dev/null && go tool pprof -h >/dev/null 2>&1; then
	"$PTOOL" script -i "$TMPD/bad.data" --pprof "$TMPD/bad.pb.gz" || fail "ptool script --pprof failed"
	want=$("$PERF" script -i "$TMPD/bad.data" -F period 2>/dev/null | wc -l)
	got=$(go tool pprof -symbolize=none -raw "$TMPD/bad.pb.gz" 2>/dev/null |
		awk '/^Samples:/ { on = 1; getline; next } /^Locations/ { on = 0 }
		     on && /^ +[0-9]+ +[0-9]+:/ { n += $1 } END { print n + 0 }')
	[ "$got" = "$want" ] || fail "pprof holds $got samples, the file $want"
	ok "pprof: all $got samples"
else
	echo "note: go tool pprof is not installed; the pprof part is skipped"
fi
