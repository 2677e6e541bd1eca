#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The pprof profile decodes with a real decoder (the npm package
# pprof-format) and its totals are perf report's: samples and event count.
. "$(dirname "$0")/lib.sh"
need_perf
need_workloads foldloop
command -v node >/dev/null && command -v npm >/dev/null || skip "node/npm are not installed"
npmdir="$TOP/build/npm"
if [ ! -d "$npmdir/node_modules/pprof-format" ]; then
	mkdir -p "$npmdir"
	(cd "$npmdir" && timeout 180 npm install --no-audit --no-fund --silent pprof-format \
		>/dev/null 2>&1) || skip "cannot install the npm package pprof-format"
fi

"$PERF" record -q -g -D 20 -F 997 -o "$TMPD/g.data" -- "$WORKLOADS/foldloop" 300 \
	>/dev/null 2>&1 || skip "perf record -g does not work here"
"$PTOOL" script -i "$TMPD/g.data" --pprof "$TMPD/p.pb.gz" || fail "--pprof failed"
[ "$(head -c2 "$TMPD/p.pb.gz" | od -An -tx1 | tr -d ' ')" = 1f8b ] || fail "not gzip"

cat >"$TMPD/dec.js" <<'JS'
const { Profile } = require('pprof-format');
const zlib = require('zlib');
const fs = require('fs');
const p = Profile.decode(zlib.gunzipSync(fs.readFileSync(process.argv[2])));
const st = p.stringTable.strings;
const str = (i) => st[Number(i)];
const totals = p.sampleType.map(() => 0n);
for (const s of p.sample) s.value.forEach((v, i) => { totals[i] += BigInt(v); });
const fns = new Map(p.function.map((f) => [Number(f.id), str(f.name)]));
const locs = new Map(p.location.map((l) => [Number(l.id), l]));
const maps = new Set(p.mapping.map((m) => Number(m.id)));
let leafs = {};
for (const s of p.sample) {
	for (const id of s.locationId) {
		const l = locs.get(Number(id));
		if (!l) throw new Error('sample refers to unknown location ' + id);
		if (Number(l.mappingId) && !maps.has(Number(l.mappingId)))
			throw new Error('location refers to unknown mapping');
		for (const ln of l.line)
			if (!fns.has(Number(ln.functionId))) throw new Error('unknown function');
	}
	const leaf = locs.get(Number(s.locationId[0])).line[0];
	if (!leaf) continue;	/* an address without a name */
	const name = fns.get(Number(leaf.functionId));
	leafs[name] = (leafs[name] || 0n) + BigInt(s.value[0]);
}
console.log('types ' + p.sampleType.map((t) => str(t.type) + '/' + str(t.unit)).join(' '));
console.log('totals ' + totals.join(' '));
console.log('leaf ' + Object.keys(leafs).sort().map((k) => k + '=' + leafs[k]).join(' '));
console.log('mapping ' + p.mapping.map((m) => str(m.filename)).join(' '));
const leafFn = [...fns.entries()].find(([id, n]) => n === 'leaf');
const leafLines = p.location.filter((l) => l.line.some((ln) => Number(ln.functionId) === leafFn[0]))
	.map((l) => str(p.function.find((f) => Number(f.id) === leafFn[0]).filename) + ':' + l.line[0].line);
console.log('lines ' + [...new Set(leafLines)].sort().join(' '));
JS
NODE_PATH="$npmdir/node_modules" node "$TMPD/dec.js" "$TMPD/p.pb.gz" >"$TMPD/dec.out" 2>"$TMPD/dec.err" ||
	{ cat "$TMPD/dec.err"; fail "pprof-format cannot decode the profile"; }
cat "$TMPD/dec.out"
"$PERF" report -i "$TMPD/g.data" --stdio 2>/dev/null >"$TMPD/report"
samples=$(sed -n "s/^# Samples: \([0-9]*\) .*/\1/p" "$TMPD/report" | head -1)
count=$(sed -n "s/^# Event count (approx.): \([0-9]*\)/\1/p" "$TMPD/report" | head -1)
[ -n "$samples" ] && [ -n "$count" ] || fail "cannot read perf report's totals"
assert_match "sample types" '^types samples/count cpu/nanoseconds$' "$TMPD/dec.out"
assert_match "totals = perf report's" "^totals $samples $count\$" "$TMPD/dec.out"
assert_match "leaf functions" ' leaf=' "$TMPD/dec.out"
assert_match "the workload's mapping" "mapping .*$WORKLOADS/foldloop" "$TMPD/dec.out"
# source lines of the loop in leaf() (foldloop.c lines 23-24)
assert_match "source lines" '^lines .*foldloop\.c:2[34]' "$TMPD/dec.out"
ok "pprof totals match perf report: $samples samples, $count ns"

expect_fail "--pprof on folded text" "$PTOOL" script -i "$TMPD/dec.out" --pprof "$TMPD/x.pb.gz"
exit 0
