#!/usr/bin/env bash
# Starts the real program on MNIST with the mlp preset, offscreen, and writes one PNG per
# screen into docs/screenshots/: data.png, model.png, train.png in the middle of a run,
# train-step.png after a single step, inspect-gallery.png, inspect-detail.png and
# draw-digit.png from the Inspect screen; then linreg-fit.png from a linreg run; then
# deploy.png, the Deploy screen serving a freshly trained mlp. The window is driven by
# netwright-screenshots (tools/screenshots), which opens it as netwright does.
# The README shows these files. `./scripts/screenshots.sh deploy` writes deploy.png alone.
set -euo pipefail
cd "$(dirname "$0")/.."
shots="${1:-all}"
./scripts/setup.sh
./scripts/build.sh netwright-screenshots >/dev/null
shoot() {
  QT_QPA_PLATFORM=offscreen "./build/${NETWRIGHT_PRESET:-release}/tools/screenshots/netwright-screenshots" \
    --screenshots docs/screenshots "$@"
}
mkdir -p docs/screenshots
if [ "$shots" = all ]; then
  shoot --dataset mnist --preset mlp
  shoot --dataset linear --preset linreg
fi
shoot --dataset mnist --preset mlp --deploy-screenshot
ls -l docs/screenshots
