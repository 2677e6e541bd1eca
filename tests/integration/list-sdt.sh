#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool list sdt: the SDT markers of the build-id cache ($HOME/.debug),
# against perf list sdt after perf buildid-cache --add.
. "$(dirname "$0")/lib.sh"

SDT=$WORKLOADS/sdt_demo
[ -x "$SDT" ] || fail "missing workload sdt_demo"
export HOME=$TMPD
[ -z "$("$PTOOL" list sdt)" ] || fail "markers listed without a cache"

# a cache written by hand, as perf buildid-cache lays it out; perf lists
# an entry only while its binary is at its path with the same build-id
cp "$SDT" "$TMPD/app" || fail "cp"
id=$(readelf -n "$TMPD/app" | sed -n 's/.*Build ID: \([0-9a-f]*\)/\1/p')
[ -n "$id" ] || fail "no build-id in sdt_demo"
d=$HOME/.debug$TMPD/app/$id
mkdir -p "$d" "$HOME/.debug/.build-id/${id:0:2}"
ln -s "../..$TMPD/app/$id" "$HOME/.debug/.build-id/${id:0:2}/${id:2}"
printf '%%ptool_t:go=go\np:ptool_t/go %s:0x10\n#not_sdt:x=x\np:not_sdt/x %s:0x20\n' \
	"$TMPD/app" "$TMPD/app" >"$d/probes"
"$PTOOL" list sdt >"$TMPD/hand"
printf '  %-50s [SDT event]\n' "ptool_t:go" | diff - "$TMPD/hand" ||
	fail "hand-made cache"
if [ -n "$PERF" ]; then
	"$PERF" list sdt 2>/dev/null | diff - "$TMPD/hand" || fail "hand-made cache: perf differs"
fi
# a link that does not end in its build-id is not valid
ln -s "../..$TMPD/app/bad" "$HOME/.debug/.build-id/${id:0:2}/x${id:3}"
"$PTOOL" list sdt | diff - "$TMPD/hand" || fail "invalid link listed"
# the binary changed since it was cached: not listed, as perf
cp "$WORKLOADS/cpuloop" "$TMPD/app"
[ -z "$("$PTOOL" list sdt)" ] || fail "a changed binary listed"
rm -rf "$HOME/.debug"
ok "hand-made cache"

need_perf
# two binaries with the same markers: perf shows where each one is
cp "$SDT" "$TMPD/sdt_a" || fail "cp"
python3 - "$TMPD/sdt_a" "$TMPD/sdt_b" <<'PY' || fail "no build-id to change"
import re, subprocess, sys
out = subprocess.run(["readelf", "-n", sys.argv[1]], capture_output=True,
                     text=True).stdout
bid = bytes.fromhex(re.search(r"Build ID: ([0-9a-f]+)", out).group(1))
data = bytearray(open(sys.argv[1], "rb").read())
data[data.find(bid)] ^= 0xff
open(sys.argv[2], "wb").write(data)
PY
chmod +x "$TMPD/sdt_b"
"$PERF" buildid-cache --add "$TMPD/sdt_a" || fail "perf buildid-cache --add"
"$PERF" list sdt >"$TMPD/p1" 2>/dev/null
"$PTOOL" list sdt >"$TMPD/t1" || fail "list sdt"
grep -q 'sdt_ptool_sdt:start  ' "$TMPD/t1" || { cat "$TMPD/t1"; fail "marker not listed"; }
diff "$TMPD/p1" "$TMPD/t1" || fail "one binary: differs from perf list sdt"
"$PERF" buildid-cache --add "$TMPD/sdt_b" || fail "perf buildid-cache --add"
"$PERF" list sdt >"$TMPD/p2" 2>/dev/null
"$PTOOL" list sdt >"$TMPD/t2"
grep -q "sdt_ptool_sdt:stop@$TMPD/sdt_b(" "$TMPD/t2" || { cat "$TMPD/t2"; fail "no binary shown"; }
diff "$TMPD/p2" "$TMPD/t2" || fail "two binaries: differs from perf list sdt"
"$PERF" list 'sdt_ptool_sdt:st*' >"$TMPD/p3" 2>/dev/null
"$PTOOL" list 'sdt_ptool_sdt:st*' >"$TMPD/t3"
diff "$TMPD/p3" "$TMPD/t3" || fail "a glob: differs from perf list"
"$PTOOL" list >"$TMPD/all"
grep -q '^  sdt_ptool_sdt:start@' "$TMPD/all" || fail "not in the full list"
ok "list sdt as perf's, $(wc -l <"$TMPD/t2") markers"
