#!/usr/bin/env bash
# Sets up (if needed), builds, and starts the workbench window on MNIST with the mlp preset.
# Without a display (a server, a terminal session) it trains the same model with the
# headless netwright-cli instead; extra arguments then go to `netwright-cli train`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
build=build/${NETWRIGHT_PRESET:-release}
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -n "${QT_QPA_PLATFORM:-}" ]; then
  exec "./$build/app/gui/netwright" --dataset mnist --preset mlp
fi
echo "run: no display found; training mlp on MNIST with netwright-cli instead" >&2
exec "./$build/app/cli/netwright-cli" train --dataset mnist --model mlp "$@"
