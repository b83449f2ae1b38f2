#!/usr/bin/env bash
# Configures (once) and builds the release tree with two jobs. Used by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/release/build.ninja ]; then
  cmake --preset release >/dev/null
fi
cmake --build --preset release
