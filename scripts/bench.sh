#!/usr/bin/env bash
# Benchmarks Netwright against PyTorch on the CPU, same work in one run:
#   scripts/bench.sh [train] [infer] [memory] [scaling] [tabular] [ui] [serve] [--quick] [--json] [--chart OUT.png]
# train: seconds per MNIST epoch; infer: single-image latency and 10,000-image throughput;
# memory: peak RSS of an epoch plus the test evaluation; scaling: the mlp epoch from batch 16
# to 1024 on 1 thread and every core against the GEMM peak (OpenBLAS) measured here, and the cnn
# epoch on 1 vs 2 threads. PyTorch comes from Debian (python3-torch) with the threaded
# OpenBLAS it is fastest with; the tabular suite compares with scikit-learn (python3-sklearn)
# on the data it ships; the ui suite measures the window's event-loop latency while it trains,
# against the CLI; the serve suite loads `netwright-cli serve` with wrk, next to the PyTorch
# export behind Python's HTTP server. --json prints one object per case; --chart draws the
# speedups against their targets with matplotlib (also: tests/bench/bench_chart.py RESULTS.jsonl
# OUT.png on saved --json lines). With NETWRIGHT_BUILD_DIR set (a build tree, relative to the
# checkout or absolute) its binaries are used as they are instead of building the tree of
# $NETWRIGHT_PRESET (default build/release; see build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
missing=()
for p in python3-torch libopenblas0-pthread python3-sklearn python3-matplotlib wrk; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [ -z "${NETWRIGHT_BUILD_DIR:-}" ]; then
  ./scripts/build.sh >/dev/null
  export NETWRIGHT_BUILD_DIR=build/${NETWRIGHT_PRESET:-release}
fi
exec /usr/bin/python3 tests/bench/run_bench.py "$@"
