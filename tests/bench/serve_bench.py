#!/usr/bin/python3
"""The `serve` suite of scripts/bench.sh: requests per second and p50/p99 latency of one MNIST
image per request, sent by wrk over loopback at concurrency 1 and 8, to `netwright-cli serve`
(TensorFlow Serving REST predict) and to the same model exported to PyTorch behind a minimal
Python HTTP server (tests/bench/torch_serve.py)."""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / os.environ.get("NETWRIGHT_BUILD_DIR", "build/release") / "app/cli/netwright-cli"
TORCH_SERVER = ROOT / "tests/bench/torch_serve.py"
CONCURRENCY = (1, 8)


def first_test_digit(data_dir: Path):
    with open(data_dir / "t10k-images-idx3-ubyte", "rb") as f:
        pixels = f.read(16 + 784)[16:]
    return list(pixels)


def start(command, ready_pattern):
    """Starts a server and returns (process, port) once it prints its port."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.search(ready_pattern, line)
        if match:
            return process, int(match.group(1))
    process.kill()
    raise RuntimeError(f"{command[0]} did not start")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def seconds(text):
    value, unit = float(re.match(r"([\d.]+)", text).group(1)), re.sub(r"[\d.]", "", text)
    return value * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def wrk(url, lua, connections, duration):
    """Runs wrk and returns requests/s, p50 and p99 latency in ms, and failed requests."""
    threads = min(connections, 2)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s", lua, url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = seconds(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)) * 1e3
    p99 = seconds(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)) * 1e3
    failed = 0
    for pattern in (r"Non-2xx or 3xx responses: (\d+)", r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"):
        match = re.search(pattern, out)
        if match:
            failed += sum(int(g) for g in match.groups())
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "failed": failed}


def prepare_model(model, workdir: Path, data_dir: Path):
    """A model trained briefly (speed does not depend on the weights) and its PyTorch export."""
    path = workdir / f"{model}.nwm"
    subprocess.run([str(CLI), "train", "--model", model, "--epochs", "1", "--train-samples", "2000",
                    "--data-dir", str(data_dir.parent), "--save", str(path)], check=True, capture_output=True)
    script = workdir / f"{model}_export.py"
    subprocess.run([str(CLI), "export", str(path), "--format", "pytorch", "--output", str(script)], check=True,
                   capture_output=True)
    return path, script


def run_serve_suite(data_dir: Path, quick: bool, as_json: bool) -> None:
    duration = 3 if quick else 10
    body = json.dumps({"instances": [first_test_digit(data_dir)]})
    if not as_json:
        print(f"# one MNIST image per request over loopback, wrk {duration} s per case; {os.cpu_count()} cores")
        print(f"{'case':<16} {'nw req/s':>9} {'nw p50':>7} {'nw p99':>7} {'torch req/s':>11} {'torch p50':>9} "
              f"{'torch p99':>9} {'speedup':>8} {'failed':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        lua = workdir / "body.lua"
        lua.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                       f"wrk.body = [=[{body}]=]\n")  # [=[ ]=]: the body holds "]]"
        for model in ("mlp", "cnn"):
            path, script = prepare_model(model, workdir, data_dir)
            results = {}
            for side, command, pattern in (
                    ("netwright", [str(CLI), "serve", str(path), "--name", model, "--port", "0", "--grpc-port", "-1"],
                     r"REST listening on .*:(\d+)"),
                    ("pytorch", ["/usr/bin/python3", str(TORCH_SERVER), str(script), "0"], r"listening on (\d+)")):
                process, port = start(command, pattern)
                try:
                    url = f"http://127.0.0.1:{port}/v1/models/{model}:predict"
                    wrk(url, str(lua), 1, 1)  # warm-up
                    results[side] = {c: wrk(url, str(lua), c, duration) for c in CONCURRENCY}
                finally:
                    stop(process)
            for c in CONCURRENCY:
                ours, theirs = results["netwright"][c], results["pytorch"][c]
                case = f"serve_{model}_c{c}"
                speedup = ours["rps"] / theirs["rps"]
                if as_json:
                    print(json.dumps({"case": case, "netwright_rps": ours["rps"], "pytorch_rps": theirs["rps"],
                                      "netwright_p50_ms": ours["p50_ms"], "netwright_p99_ms": ours["p99_ms"],
                                      "pytorch_p50_ms": theirs["p50_ms"], "pytorch_p99_ms": theirs["p99_ms"],
                                      "speedup": speedup, "netwright_failed": ours["failed"],
                                      "pytorch_failed": theirs["failed"]}))
                else:
                    print(f"{case:<16} {ours['rps']:>9.0f} {ours['p50_ms']:>7.2f} {ours['p99_ms']:>7.2f} "
                          f"{theirs['rps']:>11.0f} {theirs['p50_ms']:>9.2f} {theirs['p99_ms']:>9.2f} "
                          f"{speedup:>7.1f}x {ours['failed'] + theirs['failed']:>6}")
                sys.stdout.flush()
