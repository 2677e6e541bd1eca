#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Wall time of 'ptool stat -- true' against 'perf stat -- true': alternating
# runs (30 each by default), medians and their ratio (ptool/perf).
#   scripts/bench/stat.sh [RUNS]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PTOOL=${PTOOL:-$top/ptool}
PERF=${PERF:-$(command -v perf || true)}
runs=${1:-30}
[ -x "$PTOOL" ] || { echo "stat bench: build ptool first" >&2; exit 1; }
[ -n "$PERF" ] || { echo "stat bench: perf not installed, skipped"; exit 0; }
python3 - "$PTOOL" "$PERF" "$runs" <<'PY'
import statistics, subprocess, sys, time
ptool, perf, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
cmds = {"ptool": [ptool, "stat", "--", "true"], "perf": [perf, "stat", "--", "true"]}
t = {k: [] for k in cmds}
for i in range(runs):
    for k in (("ptool", "perf") if i % 2 == 0 else ("perf", "ptool")):
        s = time.perf_counter()
        subprocess.run(cmds[k], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        t[k].append(time.perf_counter() - s)
m = {k: statistics.median(v) for k, v in t.items()}
print("stat -- true: ptool %.2f ms, perf %.2f ms (medians of %d), ratio ptool/perf %.2f"
      % (m["ptool"] * 1e3, m["perf"] * 1e3, runs, m["ptool"] / m["perf"]))
PY
