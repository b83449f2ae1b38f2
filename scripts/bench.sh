#!/usr/bin/env bash
# Benchmarks Netwright against PyTorch on the CPU, same work in one run:
#   scripts/bench.sh [train] [tabular] [ui] [serve] [--quick] [--json]
# PyTorch comes from Debian (python3-torch) with the threaded OpenBLAS it is fastest with;
# the tabular suite compares with scikit-learn (python3-sklearn) on the data it ships; the
# ui suite measures the window's event-loop latency while it trains, against the CLI; the
# serve suite loads `netwright-cli serve` with wrk, next to the PyTorch export behind Python's
# HTTP server.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
missing=()
for p in python3-torch libopenblas0-pthread python3-sklearn wrk; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
./scripts/build.sh >/dev/null
exec /usr/bin/python3 tests/bench/run_bench.py "$@"
