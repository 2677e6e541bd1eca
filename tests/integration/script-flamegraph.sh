#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The SVG flame graph: well-formed, one frame per trie node, widths
# proportional to the folded counts, names escaped, a differential graph.
. "$(dirname "$0")/lib.sh"
need_perf
command -v python3 >/dev/null || skip "python3 is not installed"
need_workloads foldloop

"$PERF" record -q -g -D 20 -F 997 -o "$TMPD/g.data" -- "$WORKLOADS/foldloop" 300 \
	>/dev/null 2>&1 || skip "perf record -g does not work here"
"$PTOOL" script -i "$TMPD/g.data" --folded >"$TMPD/folded" || fail "--folded failed"
"$PTOOL" script -i "$TMPD/g.data" --flamegraph "$TMPD/fg.svg" --title "foldloop <test>" \
	2>"$TMPD/err" || { cat "$TMPD/err"; fail "--flamegraph failed"; }

cat >"$TMPD/check.py" <<'PY'
import sys, xml.etree.ElementTree as ET
svg, folded, title = sys.argv[1], sys.argv[2], sys.argv[3]
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(svg).getroot()
fullw = float(root.get("data-fullw"))
total = 0
nodes = {}	# path tuple -> count
for line in open(folded, encoding="utf-8", errors="surrogateescape"):
    stack, n = line.rstrip("\n").rsplit(" ", 1)
    n = int(n)
    total += n
    path = ()
    for f in stack.split(";"):
        path += (f,)
        nodes[path] = nodes.get(path, 0) + n
def shown(name):	# the SVG drops the _[k]/_[j]/_[i] marks from names
    return name[:-4] if name[-4:] in ("_[k]", "_[j]", "_[i]") else name
want = {}
for path, n in nodes.items():
    if n * fullw / total >= 0.1:
        key = (shown(path[-1]), n)
        want[key] = want.get(key, 0) + 1
got = {}
root_w = None
for g in root.iter("{http://www.w3.org/2000/svg}g"):
    if g.get("class") != "f":
        continue
    t = g.find("s:title", ns).text
    r = g.find("s:rect", ns)
    name, rest = t.rsplit(" (", 1)
    n = int(rest.split(" ")[0].replace(",", ""))
    w = float(r.get("width"))
    if abs(w - n * fullw / total) > 0.011:
        sys.exit("frame %s: width %.2f, expected %.2f" % (name, w, n * fullw / total))
    if g.get("id") == "root":
        root_w = w
        if n != total:
            sys.exit("root frame has %d samples, folded total is %d" % (n, total))
        continue
    got[(name, n)] = got.get((name, n), 0) + 1
if root_w is None or abs(root_w - fullw) > 0.011:
    sys.exit("no full-width root frame")
if got != want:
    sys.exit("frames differ from the folded stacks:\n only in svg: %s\n only in folded: %s"
             % (sorted(set(got.items()) - set(want.items()))[:5],
                sorted(set(want.items()) - set(got.items()))[:5]))
if root.find("s:text[@id='title']", ns).text != title:
    sys.exit("title not escaped back to %r" % title)
print("frames: %d, total %d" % (sum(got.values()), total))
PY
python3 "$TMPD/check.py" "$TMPD/fg.svg" "$TMPD/folded" "foldloop <test>" || fail "SVG does not match the folded stacks"
ok "flame graph widths match the folded counts"
grep -q '<script' "$TMPD/fg.svg" || fail "no script in the SVG"
! grep -Eq '(src|href)="https?:' "$TMPD/fg.svg" || fail "the SVG loads something from the network"

# names with XML metacharacters, from folded text input
printf '%s\n' 'p;operator<<(a&"b");x 3' "p;it's>fine 1" 'p;plain 2' >"$TMPD/odd.folded"
"$PTOOL" script -i "$TMPD/odd.folded" --flamegraph "$TMPD/odd.svg" 2>/dev/null || fail "folded input"
python3 "$TMPD/check.py" "$TMPD/odd.svg" "$TMPD/odd.folded" "Flame Graph" || fail "escaped names"
ok "escaping"

# differential: widths from the new profile, the change in the titles
printf '%s\n' 'p;a 10' 'p;b 90' >"$TMPD/old.folded"
printf '%s\n' 'p;a 60' 'p;b 40' >"$TMPD/new.folded"
"$PTOOL" script -i "$TMPD/new.folded" --flamegraph "$TMPD/diff.svg" --diff "$TMPD/old.folded" \
	2>/dev/null || fail "--diff failed"
assert_match "growth shown" '<title>a \(60 samples, 60.00%; \+50.00%\)' "$TMPD/diff.svg"
assert_match "shrink shown" '<title>b \(40 samples, 40.00%; -50.00%\)' "$TMPD/diff.svg"
"$PTOOL" script -i "$TMPD/g.data" --flamegraph "$TMPD/self.svg" --diff "$TMPD/g.data" \
	2>/dev/null || fail "--diff against a perf.data file failed"
assert_match "no change against itself" '; \+0.00%\)' "$TMPD/self.svg"
ok "differential flame graph"

expect_fail "unwritable output" "$PTOOL" script -i "$TMPD/g.data" --flamegraph /nonexistent/dir/x.svg
[ ! -e /nonexistent/dir ] || fail "created a directory"
ls "$TMPD"/*.tmp.* >/dev/null 2>&1 && fail "a temporary file was left behind"
exit 0
