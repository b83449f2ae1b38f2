#!/usr/bin/python3
"""Draws the speedups of a benchmark run against their targets, as a horizontal bar chart:
    tests/bench/bench_chart.py RESULTS.jsonl OUT.png
RESULTS.jsonl holds the lines of `scripts/bench.sh ... --json` (other lines are skipped);
`scripts/bench.sh ... --chart OUT.png` draws the same from the run itself. Green bars meet
their target, red ones miss it, grey ones have none; the x axis is logarithmic, so 0.5x and
2x lie equally far from 1."""
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

# The targets: speedup (as run_bench.py defines it per case) at or above these.
TARGETS = {
    "train_mlp_b32": 4.0,
    "train_cnn_b32": 4.0,
    "train_mlp_b256": 1.8,
    "infer_mlp_1": 3.0,
    "infer_cnn_1": 3.0,
    "memory_mlp": 3.0,
    "memory_cnn": 5.0,
    "threads_cnn_b32": 1.7,
    "floor_mlp_b256": 0.5,
}


def read_results(path: Path) -> list:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


def draw(results: list, path: Path) -> None:
    cases = [r for r in results if isinstance(r.get("speedup"), (int, float)) and r["speedup"] > 0]
    if not cases:
        raise SystemExit("no case with a speedup to draw")
    names = [r["case"] for r in cases]
    values = [r["speedup"] for r in cases]
    colours = ["#9e9e9e" if n not in TARGETS else "#2e7d32" if v >= TARGETS[n] else "#c62828"
               for n, v in zip(names, values)]
    figure, axes = plt.subplots(figsize=(8, 0.4 * len(cases) + 1.5))
    rows = range(len(cases))
    axes.barh(rows, values, color=colours, height=0.6)
    for row, (name, value) in enumerate(zip(names, values)):
        # Right of the bar, or of the target tick when that lies further right.
        axes.annotate(f"{value:.2f}x", (max(value, TARGETS.get(name, 0)), row), xytext=(4, 0), textcoords="offset points",
                      va="center", fontsize=8)
        if name in TARGETS:  # the target as a tick across its own bar
            axes.plot([TARGETS[name]] * 2, [row - 0.4, row + 0.4], color="black", linewidth=2)
    axes.axvline(1.0, color="black", linewidth=0.8, linestyle=":")
    axes.set_xscale("log")
    marks = values + [TARGETS[n] for n in names if n in TARGETS]
    axes.set_xlim(min(marks) / 1.5, max(marks) * 2)
    axes.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}x"))
    axes.set_yticks(list(rows), names, fontsize=9)
    axes.invert_yaxis()  # first case on top, as in the table
    axes.set_xlabel("speedup (PyTorch ÷ Netwright; memory: RSS ratio; floor: floor ÷ Netwright; threads: 1T ÷ 2T)\n"
                    "black tick: target", fontsize=8)
    axes.set_title("Netwright vs PyTorch and the GEMM floor")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    draw(read_results(Path(sys.argv[1])), Path(sys.argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
