#!/usr/bin/python3
"""The PyTorch side of scripts/bench.sh: the same network, data and batch size as
netwright-cli, trained on the CPU; prints one JSON object with seconds per epoch."""
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
    if model == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                             nn.Linear(128, 10))
    if model == "cnn":
        return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32 * 13 * 13, 10))
    raise SystemExit(f"unknown model {model}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=["mlp", "cnn"], required=True)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--train-samples", type=int, default=60000)
    parser.add_argument("--data-dir", default="data/mnist")
    parser.add_argument("--seed", type=int, default=1)
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

    model = build(args.model)
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
