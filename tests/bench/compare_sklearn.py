#!/usr/bin/python3
"""Trains Netwright and scikit-learn on the same split of real public tabular sets (the
copies that ship with Debian's python3-sklearn) and prints both scores side by side.
Driven by scripts/bench.sh tabular; see docs/benchmarks.md."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn import datasets
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / os.environ.get("NETWRIGHT_BUILD_DIR", "build/release") / "app/cli/netwright-cli"
HIDDEN = (64, 64)  # the mlp64 preset
EPOCHS = 200
SEED = 1


def write_csv(path: Path, columns, x, y, target_name, target_labels=None):
    with path.open("w") as out:
        out.write(",".join(list(columns) + [target_name]) + "\n")
        for row, label in zip(x, y):
            target = target_labels[label] if target_labels is not None else repr(float(label))
            out.write(",".join(repr(float(v)) for v in row) + "," + target + "\n")


def netwright(train_csv: Path, test_csv: Path, target: str, workdir: Path, extra) -> dict:
    model = workdir / "model.nwm"
    subprocess.run([str(CLI), "train", "--dataset", str(train_csv), "--target", target, "--model", "mlp64",
                    "--epochs", str(EPOCHS), "--seed", str(SEED), "--json", "--save", str(model)] + extra,
                   check=True, capture_output=True, text=True)
    run = subprocess.run([str(CLI), "evaluate", str(model), "--dataset", str(test_csv), "--target", target,
                          "--split", "train", "--json"], check=True, capture_output=True, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def classification_case(name, bunch):
    x_train, x_test, y_train, y_test = train_test_split(bunch.data, bunch.target, test_size=0.2,
                                                        stratify=bunch.target, random_state=SEED)
    scaler = StandardScaler().fit(x_train)
    sk = MLPClassifier(hidden_layer_sizes=HIDDEN, max_iter=EPOCHS, batch_size=32, random_state=SEED)
    sk.fit(scaler.transform(x_train), y_train)
    sk_score = sk.score(scaler.transform(x_test), y_test)
    labels = [str(n).replace(",", " ") for n in bunch.target_names]
    columns = [f"f{i}" for i in range(bunch.data.shape[1])]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_csv(tmp / "train.csv", columns, x_train, y_train, "label", labels)
        write_csv(tmp / "test.csv", columns, x_test, y_test, "label", labels)
        ours = netwright(tmp / "train.csv", tmp / "test.csv", "label", tmp, ["--batch-size", "32"])
    return {"case": f"tabular_{name}", "metric": "accuracy", "netwright": ours["accuracy"], "sklearn": sk_score,
            "train_samples": len(x_train), "test_samples": len(x_test)}


def regression_case(name, bunch):
    x_train, x_test, y_train, y_test = train_test_split(bunch.data, bunch.target, test_size=0.2, random_state=SEED)
    scaler = StandardScaler().fit(x_train)
    sk = MLPRegressor(hidden_layer_sizes=HIDDEN, max_iter=EPOCHS, batch_size=32, learning_rate_init=0.01,
                      random_state=SEED)
    sk.fit(scaler.transform(x_train), y_train)
    sk_score = sk.score(scaler.transform(x_test), y_test)
    columns = [f"f{i}" for i in range(bunch.data.shape[1])]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_csv(tmp / "train.csv", columns, x_train, y_train, "target")
        write_csv(tmp / "test.csv", columns, x_test, y_test, "target")
        ours = netwright(tmp / "train.csv", tmp / "test.csv", "target", tmp, ["--batch-size", "32", "--lr", "0.01"])
    return {"case": f"tabular_{name}", "metric": "r2", "netwright": ours["r2"], "sklearn": sk_score,
            "train_samples": len(x_train), "test_samples": len(x_test)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    import warnings
    warnings.filterwarnings("ignore")  # sklearn's "not converged yet": both sides get the same epochs
    cases = [classification_case("iris", datasets.load_iris()), classification_case("wine", datasets.load_wine()),
             classification_case("breast_cancer", datasets.load_breast_cancer()),
             regression_case("diabetes", datasets.load_diabetes())]
    if not args.json:
        print(f"# mlp64 (64-64 ReLU), Adam, batch 32, {EPOCHS} epochs, standardised inputs, same 80/20 split")
        print(f"{'case':<24} {'metric':<9} {'netwright':>10} {'sklearn':>10} {'difference':>11}")
    for c in cases:
        c["difference"] = c["netwright"] - c["sklearn"]
        if args.json:
            print(json.dumps(c))
        else:
            print(f"{c['case']:<24} {c['metric']:<9} {c['netwright']:>10.4f} {c['sklearn']:>10.4f} {c['difference']:>+11.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
