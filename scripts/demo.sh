#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make demo: profile the bundled workload and show what ptool makes of it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/demo
mkdir -p "$out"
work=build/workloads/cpuloop

echo "== ptool stat -- $work 0.5"
./ptool stat -- "$work" 0.5
