#!/usr/bin/env bash
# One real epoch of an exported Netwright model, distributed over two CPU processes (gloo)
# by torchrun on the whole MNIST training set: it must exit 0, and rank 0 must report a test
# accuracy far above chance. Builds nothing: netwright-cli trains a small mlp (or a model
# file is given) and exports it as a PyTorch program; the program trains from fresh weights.
#
#   tests/export/run_torchrun.sh NETWRIGHT_CLI [MNIST_DIR] [MODEL_FILE]
#
# Exits 77, CTest's skip code, when /usr/bin/python3 cannot import torch.
set -euo pipefail

cli=${1:?usage: run_torchrun.sh NETWRIGHT_CLI [MNIST_DIR] [MODEL_FILE]}
mnist=${2:-$(cd "$(dirname "$0")/../.." && pwd)/data/mnist}
model=${3:-}
python=/usr/bin/python3
min_accuracy=0.9  # chance is 0.1; one epoch of this mlp reaches about 0.96

if ! "$python" -c "import torch.distributed" 2>/dev/null; then
    echo "SKIP: $python cannot import torch (install python3-torch to run the exported program)"
    exit 77
fi
if [ ! -d "$mnist" ]; then
    echo "error: no MNIST folder at $mnist (run ./scripts/setup.sh)" >&2
    exit 1
fi
# Debian's python3-torch installs torchrun; the module is the same launcher where it does not.
launcher=(torchrun)
command -v torchrun >/dev/null || launcher=("$python" -m torch.distributed.run)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -z "$model" ]; then
    model=$work/mlp.nwm
    "$cli" train --dataset "$mnist" --model mlp --epochs 1 --train-samples 5000 --save "$model" >/dev/null
fi
"$cli" export "$model" --format pytorch --output "$work/mlp.py"

started=$SECONDS
# One thread per process: the two processes share the machine's cores. The launcher of
# PyTorch 1.13 cannot parse its own default "--redirects 0" under Python 3.11 (its Std flag
# enum no longer lists NONE); sending stderr through its log files and teeing it back leaves
# the console output as it would be.
OMP_NUM_THREADS=1 "${launcher[@]}" --standalone --nproc_per_node=2 --redirects 2 --tee 2 --log_dir "$work/logs" \
    "$work/mlp.py" train --data "$mnist" --epochs 1 --output "$work/trained.safetensors" | tee "$work/log"
echo "torchrun took $((SECONDS - started))s"

accuracy=$(sed -n 's/^test: .*accuracy \([0-9.]*\).*/\1/p' "$work/log")
if [ -z "$accuracy" ]; then
    echo "error: rank 0 reported no test accuracy" >&2
    exit 1
fi
if ! awk -v a="$accuracy" -v min="$min_accuracy" 'BEGIN { exit !(a > min) }'; then
    echo "error: test accuracy $accuracy after one epoch is not above $min_accuracy" >&2
    exit 1
fi
if [ ! -s "$work/trained.safetensors" ]; then
    echo "error: rank 0 saved no weights" >&2
    exit 1
fi
echo "PASS: two processes, one epoch, test accuracy $accuracy"
