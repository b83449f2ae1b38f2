#!/usr/bin/python3
"""Runs Netwright and PyTorch on the same work in one run and prints both timings and their
ratio. Driven by scripts/bench.sh; see docs/benchmarks.md.

Suites (cases):
  train    train_mlp_b32, train_mlp_b256, train_cnn_b32: seconds per MNIST epoch.
  infer    infer_{mlp,cnn}_1: median latency of one test image; infer_{mlp,cnn}_10k: seconds
           for the 10,000 test images in chunks (netwright-core-bench infer).
  memory   memory_mlp, memory_cnn: peak RSS of a whole process training one epoch and
           evaluating the test set; speedup = PyTorch RSS / Netwright RSS. netwright_s and
           pytorch_s there are the epoch seconds of those same runs.
  scaling  floor_mlp_b16 ... floor_mlp_b1024: Netwright's mlp epoch at default threads and
           at 1 thread, its GEMM GFLOP/s and the floor (training GEMM FLOPs / the GEMM
           peak measured here); speedup = floor seconds / Netwright seconds (0.5: within 2x of
           the floor). threads_cnn_b32: speedup = Netwright cnn epoch at 1 thread / at 2.
  tabular, ui, serve: see compare_sklearn.py, UiLatencyBench.cpp, serve_bench.py.
Speedup is PyTorch seconds / Netwright seconds unless said otherwise; PyTorch is timed with 1
thread and with as many threads as cores, and the faster counts. Every epoch time, either
side's, is the fastest of --repeats fresh runs (5; 1 with --quick), the sides taking turns
so that a slow spell of a shared machine falls on both. Binaries come from
$NETWRIGHT_BUILD_DIR (default build/release). --chart PATH draws the speedups of the train,
infer, memory and scaling cases (tests/bench/bench_chart.py)."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / os.environ.get("NETWRIGHT_BUILD_DIR", "build/release")  # an absolute path stays as it is
CLI = BUILD / "app/cli/netwright-cli"
UI_BENCH = BUILD / "tests/netwright-ui-bench"
CORE_BENCH = BUILD / "tests/netwright-core-bench"
PYTORCH = ROOT / "tests/bench/pytorch_mnist.py"
SUITES = ("train", "infer", "memory", "scaling", "tabular", "ui", "serve")

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

SCALING_BATCHES = (16, 32, 64, 128, 256, 512, 1024)
# The mlp preset's layer widths: 784 inputs, two hidden layers of 128, 10 classes.
MLP_WIDTHS = (784, 128, 128, 10)

# Every case printed by the suites run here, for the chart.
RESULTS = []
# Each training epoch is timed this many times per side and the fastest kept (--repeats).
REPEATS = 5


def report(record: dict, row: str, as_json: bool) -> None:
    RESULTS.append(record)
    print(json.dumps(record) if as_json else row)
    sys.stdout.flush()


def last_json_lines(output: str):
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def train_command(model: str, batch: int, samples: int, data_dir: Path, val_split: float = 0.0, threads=None):
    command = [str(CLI), "train", "--dataset", "mnist", "--model", model, "--epochs", "1",
               "--batch-size", str(batch), "--train-samples", str(samples), "--json",
               "--val-split", str(val_split), "--data-dir", str(data_dir.parent)]
    return command + (["--threads", str(threads)] if threads else [])


def epoch_result(events) -> dict:
    epoch = next(e for e in events if e.get("event") == "epoch")
    done = next(e for e in events if e.get("event") == "done")
    return {"seconds": epoch["seconds"], "accuracy": done.get("test_accuracy")}


def fastest(runs: dict) -> dict:
    """The fastest of REPEATS runs of each of `runs` (name -> run once), each in a fresh
    process: the machine's noise only ever adds time. The runs take turns, one of each per
    round, so a slow spell of the shared machine (seconds to minutes) falls on every side
    alike instead of on whichever ran during it. The runs are seeded, so each reaches the
    same accuracy every time."""
    results = {name: [] for name in runs}
    for _ in range(REPEATS):
        for name, run_once in runs.items():
            results[name].append(run_once())
    return {name: min(found, key=lambda r: r["seconds"]) for name, found in results.items()}


def netwright_run(model: str, batch: int, samples: int, data_dir: Path, val_split: float = 0.0, threads=None):
    """One epoch in netwright-cli (threads None: its default, every core). PyTorch trains on
    every sample it is given, so the comparison holds none out (val_split 0); the window
    comparison keeps the preset's."""
    def once():
        run = subprocess.run(train_command(model, batch, samples, data_dir, val_split, threads),
                             check=True, capture_output=True, text=True)
        return epoch_result(last_json_lines(run.stdout))
    return once


def netwright_epoch(model: str, batch: int, samples: int, data_dir: Path, val_split: float = 0.0, threads=None) -> dict:
    return fastest({"ours": netwright_run(model, batch, samples, data_dir, val_split, threads)})["ours"]


def pytorch_command(model: str, threads: int, data_dir: Path, *extra) -> list:
    return ["/usr/bin/python3", str(PYTORCH), "--model", model, "--threads", str(threads),
            "--data-dir", str(data_dir)] + [str(e) for e in extra]


def pytorch_json(model: str, threads: int, data_dir: Path, *extra) -> dict:
    run = subprocess.run(pytorch_command(model, threads, data_dir, *extra), check=True, capture_output=True, text=True)
    return last_json_lines(run.stdout)[-1]


def pytorch_run(model: str, batch: int, samples: int, threads: int, data_dir: Path):
    def once():
        result = pytorch_json(model, threads, data_dir, "--batch-size", batch, "--train-samples", samples)
        return {"seconds": result["seconds_per_epoch"], "accuracy": result["test_accuracy"]}
    return once


def core_bench(*args) -> dict:
    run = subprocess.run([str(CORE_BENCH)] + [str(a) for a in args], check=True, capture_output=True, text=True)
    return last_json_lines(run.stdout)[-1]


def torch_thread_counts(cores: int):
    return sorted({1, cores})


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


def run_train_suite(data_dir: Path, samples: int, cores: int, as_json: bool) -> None:
    if not as_json:
        print(f"# one epoch over {samples} MNIST training images, Adam, data in memory; {cores} cores")
        print(f"{'case':<16} {'netwright s':>12} {'torch 1T s':>11} {'torch {0}T s'.format(cores):>11} "
              f"{'speedup':>8} {'nw acc':>7} {'torch acc':>9}")
    for case, (model, batch) in TRAIN_CASES.items():
        runs = {"ours": netwright_run(model, batch, samples, data_dir)}
        runs.update({t: pytorch_run(model, batch, samples, t, data_dir) for t in torch_thread_counts(cores)})
        timed = fastest(runs)
        ours = timed.pop("ours")
        torch_runs = timed
        best_threads = min(torch_runs, key=lambda t: torch_runs[t]["seconds"])
        best = torch_runs[best_threads]
        speedup = best["seconds"] / ours["seconds"]
        report({"case": case, "netwright_s": ours["seconds"], "pytorch_s": best["seconds"],
                "pytorch_threads": best_threads,
                "pytorch_s_by_threads": {str(t): r["seconds"] for t, r in torch_runs.items()},
                "speedup": speedup, "netwright_accuracy": ours["accuracy"],
                "pytorch_accuracy": best["accuracy"], "train_samples": samples},
               f"{case:<16} {ours['seconds']:>12.3f} {torch_runs[1]['seconds']:>11.3f} "
               f"{torch_runs[cores]['seconds']:>11.3f} {speedup:>7.2f}x {ours['accuracy']:>7.4f} "
               f"{best['accuracy']:>9.4f}", as_json)


def run_infer_suite(data_dir: Path, quick: bool, cores: int, as_json: bool) -> None:
    """One image (median of many calls) and the 10,000 test images, untrained presets."""
    calls = 300 if quick else 3000
    if not as_json:
        print(f"# inference: median of {calls} single-image calls, and 10,000 test images in chunks; {cores} cores")
        print(f"{'case':<16} {'netwright ms':>12} {'torch 1T ms':>11} {'torch {0}T ms'.format(cores):>12} {'speedup':>8}")
    keys = ("latency_median_s", "throughput_s")
    for model in ("mlp", "cnn"):
        # As for training: the sides take turns for REPEATS rounds and each keeps its lowest
        # latency and its fastest pass over the test set.
        runs = {"ours": lambda: core_bench("infer", "--model", model, "--data-dir", data_dir.parent, "--calls", calls)}
        runs.update({t: (lambda t=t: pytorch_json(model, t, data_dir, "--mode", "infer", "--calls", calls))
                     for t in torch_thread_counts(cores)})
        found = {name: [] for name in runs}
        for _ in range(REPEATS):
            for name, run_once in runs.items():
                found[name].append(run_once())
        best_of = {name: dict(results[0], **{k: min(r[k] for r in results) for k in keys}) for name, results in found.items()}
        ours = best_of.pop("ours")
        torch_runs = best_of
        for case, key in ((f"infer_{model}_1", "latency_median_s"), (f"infer_{model}_10k", "throughput_s")):
            best_threads = min(torch_runs, key=lambda t: torch_runs[t][key])
            best = torch_runs[best_threads][key]
            speedup = best / ours[key]
            report({"case": case, "netwright_s": ours[key], "pytorch_s": best, "pytorch_threads": best_threads,
                    "pytorch_s_by_threads": {str(t): r[key] for t, r in torch_runs.items()}, "speedup": speedup,
                    "netwright_threads": ours["threads"], "calls": calls if key == "latency_median_s" else None,
                    "images": 1 if key == "latency_median_s" else ours["images"]},
                   f"{case:<16} {ours[key] * 1e3:>12.4g} {torch_runs[1][key] * 1e3:>11.4g} "
                   f"{torch_runs[cores][key] * 1e3:>12.4g} {speedup:>7.2f}x", as_json)


def peak_rss(command) -> tuple:
    """(peak resident set in KiB, JSON lines printed) of a whole child process: wait4 hands
    back the child's own rusage, ru_maxrss in KiB on Linux."""
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        output = out.read()
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command, output)
    return usage.ru_maxrss, last_json_lines(output)


def run_memory_suite(data_dir: Path, samples: int, cores: int, as_json: bool) -> None:
    """Peak RSS of one epoch (batch 32) plus the test evaluation, each side in a fresh process."""
    if not as_json:
        print(f"# peak RSS of a process training one epoch over {samples} MNIST images and evaluating the test set")
        print(f"{'case':<12} {'netwright MiB':>13} {'torch 1T MiB':>12} {'torch {0}T MiB'.format(cores):>13} "
              f"{'ratio':>7} {'nw acc':>7} {'torch acc':>9}")
    for model in ("mlp", "cnn"):
        ours_kib, events = peak_rss(train_command(model, 32, samples, data_dir))
        ours = epoch_result(events)
        torch_runs = {}
        for t in torch_thread_counts(cores):
            kib, lines = peak_rss(pytorch_command(model, t, data_dir, "--batch-size", 32, "--train-samples", samples))
            torch_runs[t] = {"kib": kib, "seconds": lines[-1]["seconds_per_epoch"], "accuracy": lines[-1]["test_accuracy"]}
        # PyTorch at its leanest setting, as it is timed at its fastest.
        best_threads = min(torch_runs, key=lambda t: torch_runs[t]["kib"])
        best = torch_runs[best_threads]
        ratio = best["kib"] / ours_kib
        report({"case": f"memory_{model}", "netwright_rss_mib": ours_kib / 1024, "pytorch_rss_mib": best["kib"] / 1024,
                "pytorch_threads": best_threads,
                "pytorch_rss_mib_by_threads": {str(t): r["kib"] / 1024 for t, r in torch_runs.items()},
                "speedup": ratio, "netwright_s": ours["seconds"], "pytorch_s": best["seconds"],
                "netwright_accuracy": ours["accuracy"], "pytorch_accuracy": best["accuracy"], "train_samples": samples},
               f"{'memory_' + model:<12} {ours_kib / 1024:>13.1f} {torch_runs[1]['kib'] / 1024:>12.1f} "
               f"{torch_runs[cores]['kib'] / 1024:>13.1f} {ratio:>6.2f}x {ours['accuracy']:>7.4f} "
               f"{best['accuracy']:>9.4f}", as_json)


def mlp_training_flops_per_sample(widths=MLP_WIDTHS) -> int:
    """Matrix-product FLOPs of one sample's training step through the mlp. A dense layer
    in -> out costs 2*in*out (a multiply and an add per weight) in the forward pass, the same
    again for its weight gradient, and the same again for its input gradient, except the first
    layer: the gradient of the data is never needed, so it is not computed. Bias, activation,
    loss and optimizer work are not matrix products and are left out."""
    layers = list(zip(widths, widths[1:]))
    forward = sum(2 * n_in * n_out for n_in, n_out in layers)
    weight_gradients = forward
    input_gradients = sum(2 * n_in * n_out for n_in, n_out in layers[1:])
    return forward + weight_gradients + input_gradients


def run_scaling_suite(data_dir: Path, samples: int, cores: int, as_json: bool) -> None:
    """The mlp epoch across batch sizes and thread counts against the GEMM roofline, and the
    cnn epoch on 1 vs 2 threads."""
    peak = core_bench("gemm-peak")["gflops"]  # default threads: every core
    peak_1t = core_bench("gemm-peak", "--threads", 1)["gflops"]
    flops = mlp_training_flops_per_sample() * samples
    if not as_json:
        print(f"# mlp epoch over {samples} MNIST images, {flops / 1e9:.1f} GFLOP of matrix products; "
              f"GEMM peak (OpenBLAS) {peak:.1f} GFLOP/s on {cores} threads, {peak_1t:.1f} on 1")
        print(f"{'case':<16} {'nw s':>7} {'nw 1T s':>8} {'GFLOP/s':>8} {'1T GFLOP/s':>10} {'floor s':>8} "
              f"{'floor 1T s':>10} {'of floor':>8} {'threads':>8}")
    for batch in SCALING_BATCHES:
        timed = fastest({"all": netwright_run("mlp", batch, samples, data_dir),
                         "one": netwright_run("mlp", batch, samples, data_dir, threads=1)})
        ours, ours_1t = timed["all"], timed["one"]
        floor, floor_1t = flops / (peak * 1e9), flops / (peak_1t * 1e9)
        speedup = floor / ours["seconds"]
        threads_speedup = ours_1t["seconds"] / ours["seconds"]
        gflops, gflops_1t = flops / ours["seconds"] / 1e9, flops / ours_1t["seconds"] / 1e9
        report({"case": f"floor_mlp_b{batch}", "netwright_s": ours["seconds"], "netwright_1t_s": ours_1t["seconds"],
                "netwright_threads": cores, "gflops": gflops, "gflops_1t": gflops_1t,
                "gemm_peak_gflops": peak, "gemm_peak_1t_gflops": peak_1t, "floor_s": floor, "floor_1t_s": floor_1t,
                "speedup": speedup, "speedup_1t": floor_1t / ours_1t["seconds"], "threads_speedup": threads_speedup,
                "gemm_flops": flops, "netwright_accuracy": ours["accuracy"], "train_samples": samples},
               f"{'floor_mlp_b' + str(batch):<16} {ours['seconds']:>7.3f} {ours_1t['seconds']:>8.3f} {gflops:>8.1f} "
               f"{gflops_1t:>10.1f} {floor:>8.3f} {floor_1t:>10.3f} {speedup:>8.2f} {threads_speedup:>7.2f}x", as_json)
    timed = fastest({1: netwright_run("cnn", 32, samples, data_dir, threads=1),
                     2: netwright_run("cnn", 32, samples, data_dir, threads=2)})
    one, two = timed[1], timed[2]
    speedup = one["seconds"] / two["seconds"]
    report({"case": "threads_cnn_b32", "netwright_s": two["seconds"], "netwright_1t_s": one["seconds"],
            "speedup": speedup, "netwright_accuracy": two["accuracy"], "train_samples": samples},
           f"{'threads_cnn_b32':<16} {two['seconds']:>7.3f} {one['seconds']:>8.3f} (2 threads vs 1) "
           f"{'':>31} {speedup:>7.2f}x", as_json)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suites", nargs="*", default=["train"])
    parser.add_argument("--quick", action="store_true",
                        help="10,000 training images per case instead of 60,000, fewer inference calls")
    parser.add_argument("--json", action="store_true", help="one JSON object per case")
    parser.add_argument("--repeats", type=int, help="time each training epoch this many times, each side, taking "
                                                    "turns, and keep the fastest (default 5, 1 with --quick)")
    parser.add_argument("--chart", metavar="PATH.png", help="draw the speedups of the train, infer, memory and "
                                                             "scaling cases against their targets")
    args = parser.parse_args()
    global REPEATS
    REPEATS = max(1, args.repeats or (1 if args.quick else 5))
    data_dir = ROOT / "data/mnist"
    samples = 10000 if args.quick else 60000
    cores = os.cpu_count() or 1
    unknown = [s for s in args.suites if s not in SUITES]
    if unknown:
        print(f"error: unknown suite(s) {', '.join(unknown)}; available: {', '.join(SUITES)}", file=sys.stderr)
        return 2
    for suite in dict.fromkeys(args.suites):  # in the order asked, once each
        if suite == "serve":
            from serve_bench import run_serve_suite
            run_serve_suite(data_dir, args.quick, args.json)
        elif suite == "ui":
            run_ui_suite(data_dir, args.json)
        elif suite == "tabular":
            subprocess.run(["/usr/bin/python3", str(ROOT / "tests/bench/compare_sklearn.py")] +
                           (["--json"] if args.json else []), check=True)
        elif suite == "train":
            run_train_suite(data_dir, samples, cores, args.json)
        elif suite == "infer":
            run_infer_suite(data_dir, args.quick, cores, args.json)
        elif suite == "memory":
            run_memory_suite(data_dir, samples, cores, args.json)
        elif suite == "scaling":
            run_scaling_suite(data_dir, samples, cores, args.json)
    if args.chart:
        from bench_chart import draw
        draw(RESULTS, Path(args.chart))
        print(f"# chart: {args.chart}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
