#!/usr/bin/python3
"""The PyTorch side of scripts/bench.sh: the same network, data and batch size as
netwright-cli, trained on the CPU; prints one JSON object with seconds per epoch.
With --mode infer: the median latency of one test image through the untrained network and
the seconds for all 10,000 test images in chunks of 1000, as netwright-core-bench infer."""
import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn


def read_idx(path: Path) -> np.ndarray:
    raw = path.read_bytes()
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def build(model: str) -> nn.Module:
    network = layers(model)
    # Netwright's initialisation (Glorot uniform weights, zero biases), not PyTorch's default.
    for layer in network:
        if isinstance(layer, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    return network


def layers(model: str) -> nn.Sequential:
    if model == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                             nn.Linear(128, 10))
    if model == "cnn":
        return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32 * 13 * 13, 10))
    raise SystemExit(f"unknown model {model}")


def infer(model: nn.Module, x_test: torch.Tensor, calls: int) -> dict:
    """Inference mode, softmax included as Netwright's output layer applies it."""
    model.eval()
    with torch.no_grad():
        one = x_test[:1]
        for _ in range(max(50, calls // 20)):
            torch.softmax(model(one), 1)
        latencies = []
        for _ in range(calls):
            start = time.perf_counter()
            torch.softmax(model(one), 1)
            latencies.append(time.perf_counter() - start)
        latencies.sort()
        passes = []
        for _ in range(4):  # a warm-up pass, then the best of three
            start = time.perf_counter()
            for i in range(0, len(x_test), 1000):
                torch.softmax(model(x_test[i:i + 1000]), 1)
            passes.append(time.perf_counter() - start)
    best = min(passes[1:])
    return {"calls": calls, "latency_median_s": latencies[len(latencies) // 2],
            "latency_p90_s": latencies[int(0.9 * (len(latencies) - 1))], "images": len(x_test),
            "throughput_s": best, "images_per_s": len(x_test) / best}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=["mlp", "cnn"], required=True)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--train-samples", type=int, default=60000)
    parser.add_argument("--data-dir", default="data/mnist")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=["train", "infer"], default="train")
    parser.add_argument("--calls", type=int, default=2000, help="infer: single-image calls timed")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    data = Path(args.data_dir)
    # Softmax + cross-entropy is applied to logits by CrossEntropyLoss, as Netwright fuses it.
    x_train = torch.from_numpy(read_idx(data / "train-images-idx3-ubyte")[: args.train_samples].astype(np.float32) / 255.0)
    y_train = torch.from_numpy(read_idx(data / "train-labels-idx1-ubyte")[: args.train_samples].astype(np.int64))
    x_test = torch.from_numpy(read_idx(data / "t10k-images-idx3-ubyte").astype(np.float32) / 255.0)
    y_test = torch.from_numpy(read_idx(data / "t10k-labels-idx1-ubyte").astype(np.int64))
    x_train, x_test = x_train.unsqueeze(1), x_test.unsqueeze(1)
    if args.model == "cnn":
        # As Netwright's cnn preset: pixels standardised with the training images' statistics.
        mean, std = x_train.mean(), x_train.std()
        x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

    model = build(args.model)
    if args.mode == "infer":
        print(json.dumps(dict(infer(model, x_test, args.calls), threads=args.threads, torch=torch.__version__)))
        return
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    epoch_seconds = []
    for _ in range(args.epochs):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(x_train))
        for first in range(0, len(order), args.batch_size):
            batch = order[first:first + args.batch_size]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
        epoch_seconds.append(time.perf_counter() - start)
    model.eval()
    with torch.no_grad():
        correct = sum((model(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item()
                      for i in range(0, len(x_test), 1000))
    print(json.dumps({"seconds_per_epoch": min(epoch_seconds), "test_accuracy": correct / len(x_test),
                      "threads": args.threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
