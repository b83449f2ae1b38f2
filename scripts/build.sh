#!/usr/bin/env bash
# Configures (once) and builds a tree with two jobs, all of it or the targets named. Used by
# run.sh, test.sh, bench.sh and screenshots.sh. The CMake preset is $NETWRIGHT_PRESET
# (default release; CI builds werror, the same with warnings as errors), and a preset's tree
# is build/<preset>, where the other scripts look for it.
#   usage: scripts/build.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${NETWRIGHT_PRESET:-release}
if [ ! -f "build/$preset/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
targets=()
[ $# -eq 0 ] || targets=(--target "$@")
cmake --build --preset "$preset" "${targets[@]}"
