#!/usr/bin/env bash
# Sets up (if needed), builds, and runs every test suite with CTest, in the tree of
# $NETWRIGHT_PRESET (default release; see build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
export QT_QPA_PLATFORM=offscreen
ctest --preset "${NETWRIGHT_PRESET:-release}" "$@"
