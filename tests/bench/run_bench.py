#!/usr/bin/python3
"""Runs Netwright and PyTorch on the same work in one run and prints both timings and their
ratio. Driven by scripts/bench.sh; see docs/benchmarks.md."""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "build/release/app/cli/netwright-cli"
PYTORCH = ROOT / "tests/bench/pytorch_mnist.py"
UI_BENCH = ROOT / "build/release/tests/netwright-ui-bench"

# case name -> (model, batch size)
TRAIN_CASES = {
    "train_mlp_b32": ("mlp", 32),
    "train_mlp_b256": ("mlp", 256),
    "train_cnn_b32": ("cnn", 32),
}

# case name -> (model, batch size): training inside the window against the same in the CLI
UI_CASES = {
    "ui_cnn_b32": ("cnn", 32),
    "ui_cnn_b256": ("cnn", 256),
}


def last_json_lines(output: str):
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def netwright_epoch(model: str, batch: int, samples: int, data_dir: Path, val_split: float = 0.0) -> dict:
    """One epoch in netwright-cli. PyTorch trains on every sample it is given, so the
    comparison holds none out (val_split 0); the window comparison keeps the preset's."""
    run = subprocess.run([str(CLI), "train", "--dataset", "mnist", "--model", model, "--epochs", "1",
                          "--batch-size", str(batch), "--train-samples", str(samples), "--json",
                          "--val-split", str(val_split), "--data-dir", str(data_dir.parent)],
                         check=True, capture_output=True, text=True)
    events = last_json_lines(run.stdout)
    epoch = next(e for e in events if e.get("event") == "epoch")
    done = next(e for e in events if e.get("event") == "done")
    return {"seconds": epoch["seconds"], "accuracy": done.get("test_accuracy")}


def pytorch_epoch(model: str, batch: int, samples: int, threads: int, data_dir: Path) -> dict:
    run = subprocess.run(["/usr/bin/python3", str(PYTORCH), "--model", model, "--batch-size", str(batch),
                          "--threads", str(threads), "--train-samples", str(samples), "--data-dir", str(data_dir)],
                         check=True, capture_output=True, text=True)
    result = last_json_lines(run.stdout)[-1]
    return {"seconds": result["seconds_per_epoch"], "accuracy": result["test_accuracy"]}


def ui_epoch(model: str, batch: int, data_dir: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([str(UI_BENCH), "--model", model, "--batch-size", str(batch), "--data-dir", str(data_dir.parent)],
                         check=True, capture_output=True, text=True, env=env)
    return last_json_lines(run.stdout)[-1]


def run_ui_suite(data_dir: Path, as_json: bool) -> None:
    """GUI-thread latency while the window trains, and its throughput against the CLI's."""
    if not as_json:
        print("# one MNIST epoch trained in the window (offscreen, resized twice a second) vs netwright-cli; "
              "latency of a 5 ms timer on the GUI thread")
        print(f"{'case':<12} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'window s':>9} {'cli s':>7} {'throughput':>10}")
    for case, (model, batch) in UI_CASES.items():
        cli = netwright_epoch(model, batch, 60000, data_dir, val_split=0.1)
        ui = ui_epoch(model, batch, data_dir)
        ratio = cli["seconds"] / ui["epoch_seconds"]
        if as_json:
            print(json.dumps({"case": case, "p50_ms": ui["p50_ms"], "p99_ms": ui["p99_ms"], "max_ms": ui["max_ms"],
                              "throughput_ratio": ratio, "window_epoch_s": ui["epoch_seconds"],
                              "cli_epoch_s": cli["seconds"], "timer_ticks": ui["ticks"]}))
        else:
            print(f"{case:<12} {ui['p50_ms']:>7.2f} {ui['p99_ms']:>7.2f} {ui['max_ms']:>7.1f} {ui['epoch_seconds']:>9.2f} "
                  f"{cli['seconds']:>7.2f} {ratio:>9.0%}")
        sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("suites", nargs="*", default=["train"])
    parser.add_argument("--quick", action="store_true", help="a sixth of an epoch per case")
    parser.add_argument("--json", action="store_true", help="one JSON object per case")
    args = parser.parse_args()
    data_dir = ROOT / "data/mnist"
    samples = 10000 if args.quick else 60000
    cores = os.cpu_count() or 1
    unknown = [s for s in args.suites if s not in ("train", "tabular", "ui", "serve")]
    if unknown:
        print(f"error: unknown suite(s) {', '.join(unknown)}; available: train, tabular, ui, serve", file=sys.stderr)
        return 2
    if "serve" in args.suites:
        from serve_bench import run_serve_suite
        run_serve_suite(data_dir, args.quick, args.json)
    if "ui" in args.suites:
        run_ui_suite(data_dir, args.json)
    if "tabular" in args.suites:
        subprocess.run(["/usr/bin/python3", str(ROOT / "tests/bench/compare_sklearn.py")] + (["--json"] if args.json else []),
                       check=True)
    if "train" not in args.suites:
        return 0

    if not args.json:
        print(f"# one epoch over {samples} MNIST training images, Adam, data in memory; {cores} cores")
        print(f"{'case':<16} {'netwright s':>12} {'torch 1T s':>11} {'torch {0}T s'.format(cores):>11} "
              f"{'speedup':>8} {'nw acc':>7} {'torch acc':>9}")
    for case, (model, batch) in TRAIN_CASES.items():
        ours = netwright_epoch(model, batch, samples, data_dir)
        torch_runs = {t: pytorch_epoch(model, batch, samples, t, data_dir) for t in sorted({1, cores})}
        best_threads = min(torch_runs, key=lambda t: torch_runs[t]["seconds"])
        best = torch_runs[best_threads]
        speedup = best["seconds"] / ours["seconds"]
        if args.json:
            print(json.dumps({"case": case, "netwright_s": ours["seconds"], "pytorch_s": best["seconds"],
                              "pytorch_threads": best_threads,
                              "pytorch_s_by_threads": {str(t): r["seconds"] for t, r in torch_runs.items()},
                              "speedup": speedup, "netwright_accuracy": ours["accuracy"],
                              "pytorch_accuracy": best["accuracy"], "train_samples": samples}))
        else:
            print(f"{case:<16} {ours['seconds']:>12.3f} {torch_runs[1]['seconds']:>11.3f} "
                  f"{torch_runs[cores]['seconds']:>11.3f} {speedup:>7.2f}x {ours['accuracy']:>7.4f} "
                  f"{best['accuracy']:>9.4f}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
