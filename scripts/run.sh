#!/usr/bin/env bash
# Sets up (if needed), builds, and starts the main job: training the mlp preset on MNIST
# with the headless netwright-cli. Extra arguments go to `netwright-cli train`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
exec ./build/release/app/cli/netwright-cli train --dataset mnist --model mlp "$@"
