#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The flame graph in a real browser (headless Chromium): it loads, a search
# highlights the matching frames and shows their share, a zoom widens a
# frame to the full width and hides the others; a screenshot is kept in
# build/test-logs/script-browser.png.
. "$(dirname "$0")/lib.sh"
need_perf
command -v python3 >/dev/null || skip "python3 is not installed"
need_workloads foldloop

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
	echo "installing chromium (PTOOL_DEPS_EXTRA=chromium scripts/install-deps.sh does it ahead)"
	DEBIAN_FRONTEND=noninteractive timeout 150 apt-get install -y -qq \
		--no-install-recommends chromium >/dev/null 2>&1 || true
	browser=$(command -v chromium || true)
fi
[ -n "$browser" ] || skip "chromium is not installed and cannot be installed here"

"$PERF" record -q -g -D 20 -F 997 -o "$TMPD/g.data" -- "$WORKLOADS/foldloop" 300 \
	>/dev/null 2>&1 || skip "perf record -g does not work here"
"$PTOOL" script -i "$TMPD/g.data" --folded >"$TMPD/rec.folded" || fail "--folded failed"
"$PTOOL" script -i "$TMPD/g.data" --flamegraph "$TMPD/rec.svg" 2>/dev/null || fail "--flamegraph failed"
[ -s "$TMPD/rec.svg" ] || fail "--flamegraph wrote nothing"
# a stray stack first (as a broken frame-pointer chain gives), so that the
# first 'beta' in the document is not the one to zoom into: ?f= takes the
# widest frame of that name
total=$(awk '{ n += $NF } END { print n }' "$TMPD/rec.folded")
{ echo "foldloop;beta;leaf $((total / 50 + 1))"; cat "$TMPD/rec.folded"; } >"$TMPD/folded"
"$PTOOL" script -i "$TMPD/folded" --flamegraph "$TMPD/fg.svg" 2>/dev/null ||
	fail "--flamegraph of the folded stacks failed"

run_browser() {	# URL-QUERY ARGS...
	local q=$1; shift
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$TMPD/profile" "$@" "file://$TMPD/fg.svg$q" 2>"$TMPD/browser.err"
}

# search for "gamma_", zoom into "beta" (the SVG's ?s= and ?f= deep links
# call the same functions as Ctrl-F and a click)
run_browser '?s=^gamma_$&f=beta' --dump-dom >"$TMPD/dom.xml" || {
	tail -5 "$TMPD/browser.err"; fail "chromium could not load the SVG"; }
[ -s "$TMPD/dom.xml" ] || fail "chromium produced no document"

cat >"$TMPD/check.py" <<'PY'
import re, sys
dom, folded = open(sys.argv[1]).read(), sys.argv[2]
total = matched = 0
for line in open(folded):
    stack, n = line.rstrip("\n").rsplit(" ", 1)
    total += int(n)
    if any(f == "gamma_" for f in stack.split(";")):
        matched += int(n)
m = re.search(r'id="matched"[^>]*>Matched: ([0-9.]+)%<', dom)
if not m:
    sys.exit("no 'Matched' share shown after the search")
want = 100.0 * matched / total
if abs(float(m.group(1)) - want) > 0.051:
    sys.exit("matched %s%%, expected %.1f%%" % (m.group(1), want))
frames = re.findall(r'<g class="([^"]*)"[^>]*><title>([^<]*) \(([0-9,]+) [^<]*</title><rect ([^>]*)>', dom)
if not frames:
    sys.exit("no frames in the document")
def attr(r, k):
    return float(re.search(k + r'="([0-9.]+)"', r).group(1))
fullw = float(re.search(r'data-fullw="([0-9.]+)"', dom).group(1))
seen = {}
for cls, name, n, rect in frames:
    seen.setdefault(name, []).append((cls, attr(rect, "width"), rect))
beta = seen.get("beta", [])
if len(beta) != 2:
    sys.exit("expected two 'beta' frames (one stray): %s" % beta)
if not any(abs(w - fullw) <= 0.02 and "hide" not in c for c, w, r in beta):
    sys.exit("zoom: no 'beta' is full width: %s" % beta)
if not all("hide" in c for c, w, r in seen.get("alpha", [])):
    sys.exit("zoom: 'alpha' (outside 'beta') is still shown")
if not any("parent" in c for c, w, r in seen.get("main", [])):
    sys.exit("zoom: 'main' is not shown as a parent")
hits = [r for c, w, r in seen.get("gamma_", []) if "rgb(230,0,230)" in r]
if not hits:
    sys.exit("search: no 'gamma_' frame highlighted")
print("matched %s%% (expected %.1f%%), zoomed into beta" % (m.group(1), want))
PY
python3 "$TMPD/check.py" "$TMPD/dom.xml" "$TMPD/folded" || fail "search/zoom in the browser"
ok "search and zoom work in chromium"

# a zoom whose frame ends past its parent once both are rounded to 0.01
# (beta ends at 215.38, work at 215.37): the parents still show as such
printf '%s\n' "main;work;alpha 7328" "main;work;beta 10494" "main;zzz 71239" \
	"other 13337" >"$TMPD/round.folded"
"$PTOOL" script -i "$TMPD/round.folded" --flamegraph "$TMPD/fg.svg" 2>/dev/null ||
	fail "--flamegraph of round.folded failed"
run_browser '?f=beta' --dump-dom >"$TMPD/dom.xml" || fail "chromium could not load round.folded's SVG"
for f in work main; do
	grep -Eq "<g class=\"f parent\"><title>$f " "$TMPD/dom.xml" || {
		grep -E "<title>(work|main|beta) " "$TMPD/dom.xml"
		fail "zoom into beta: '$f' is not shown as a parent"
	}
done
ok "zoom keeps a parent whose rounded end is before the frame's"

shot="${TOP}/build/test-logs/script-browser.png"
mkdir -p "$(dirname "$shot")"
run_browser '?s=gamma&f=work' --screenshot="$shot" --window-size=1200,400 >/dev/null ||
	fail "no screenshot"
[ -s "$shot" ] || fail "empty screenshot"
ok "screenshot: $shot"
exit 0
