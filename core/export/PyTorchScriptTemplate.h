#pragma once
// The parts of an exported PyTorch program that do not depend on the model: imports, the
// weights file format, data readers, the training loop and the command line. PyTorchExport.cpp
// writes the model-specific parts (constants, the nn.Module, loss, optimizer, schedule)
// between kScriptImports and kScriptRuntime. Kept apart so the Python reads as Python.
#include <string_view>

namespace nw::pytorch {

inline constexpr std::string_view kScriptImports = R"PY(import argparse
import csv
import gzip
import io
import json
import math
import os
import struct
import time
from pathlib import Path

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler
)PY";

// Emitted only for a model whose average pooling pads unevenly.
inline constexpr std::string_view kAvgPoolSameClass = R"PY(

class AvgPool2dSame(nn.Module):
    """Average pooling with TensorFlow's "same" padding where it is uneven (the extra row or
    column at the bottom/right): each window averages only the real pixels it covers, as
    Netwright does. nn.AvgPool2d pads evenly, so window sums and pixel counts are pooled
    separately and divided."""

    def __init__(self, kernel_size, stride, padding):
        super().__init__()
        self.pad = nn.ZeroPad2d(padding)  # (left, right, top, bottom)
        self.pool = nn.AvgPool2d(kernel_size, stride)

    def forward(self, x):
        pixels = torch.ones_like(x[:1, :1])
        return self.pool(self.pad(x)) / self.pool(self.pad(pixels))
)PY";

inline constexpr std::string_view kScriptRuntime = R"PY(

# ----------------------------------------------------------------------------------------
# Preprocessing and predictions, as Netwright does them
# ----------------------------------------------------------------------------------------

_OFFSET = torch.tensor(NORMALIZATION_OFFSET, dtype=torch.float32)
_SCALE = torch.tensor(NORMALIZATION_SCALE, dtype=torch.float32)


def normalize(raw):
    """Raw inputs (N, *INPUT_SHAPE) as the network sees them: (x - offset) * scale in float32."""
    flat = raw.reshape(len(raw), -1).to(torch.float32)
    normalized = (flat - _OFFSET.to(flat.device)) * _SCALE.to(flat.device)
    return normalized.reshape(raw.shape)


def predicted_classes(outputs):
    """Netwright's rule: the largest output, or class 1 when a single sigmoid unit is >= 0.5."""
    outputs = outputs.flatten(1)
    return outputs.argmax(1) if outputs.shape[1] > 1 else (outputs[:, 0] >= 0.5).long()


def fail(message):
    raise SystemExit(f"error: {message}")


# ----------------------------------------------------------------------------------------
# Weights: safetensors files, read and written with json and torch alone
# ----------------------------------------------------------------------------------------

def read_safetensors(path):
    """Tensors by name from a safetensors file: an 8-byte little-endian header length, a JSON
    header (dtype, shape, data_offsets of each tensor), then raw little-endian data."""
    try:
        data = bytearray(Path(path).read_bytes())  # writable, so torch.frombuffer can share it
    except OSError as e:
        fail(f"{path}: cannot read the weights ({e.strerror})")
    if len(data) < 8:
        fail(f"{path}: not a safetensors file (too short)")
    (header_length,) = struct.unpack("<Q", data[:8])
    try:
        header = json.loads(data[8:8 + header_length])
    except ValueError as e:
        fail(f"{path}: not a safetensors file ({e})")
    body = 8 + header_length
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            fail(f"{path}: tensor {name} is {info['dtype']}; only F32 tensors are read")
        begin, end = info["data_offsets"]
        if body + end > len(data):
            fail(f"{path}: tensor {name} runs past the end of the file")
        values = torch.frombuffer(data, dtype=torch.float32, count=(end - begin) // 4, offset=body + begin)
        tensors[name] = values.reshape(info["shape"])
    return tensors


def write_safetensors(path, tensors):
    """Writes float32 tensors in the safetensors layout, atomically (a temporary file renamed
    over the target), so an interrupted run never leaves half a weights file."""
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, tensor in tensors.items():
        raw = tensor.detach().to("cpu", torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)  # the data then starts on an 8-byte boundary
    temporary = Path(f"{path}.tmp")
    with open(temporary, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for chunk in chunks:
            f.write(chunk)
    os.replace(temporary, path)


def weight_tensors(model):
    """The state_dict entries a weights file holds (BatchNorm's batch counter is not one)."""
    return {name: t for name, t in model.state_dict().items() if t.is_floating_point()}


def load_weights(model, path):
    tensors = read_safetensors(path)
    expected = weight_tensors(model)
    missing, unexpected = sorted(set(expected) - set(tensors)), sorted(set(tensors) - set(expected))
    if missing or unexpected:
        fail(f"{path} does not fit this network: missing {missing}, unexpected {unexpected}")
    for name, tensor in tensors.items():
        if tensor.shape != expected[name].shape:
            fail(f"{path}: {name} is {tuple(tensor.shape)} but the network needs {tuple(expected[name].shape)}")
    model.load_state_dict(tensors, strict=False)


# ----------------------------------------------------------------------------------------
# Data: IDX image folders (MNIST's format) and CSV files, read as Netwright reads them
# ----------------------------------------------------------------------------------------

def resolve_data(path):
    """--data, or where Netwright keeps the set this model was trained on."""
    if path:
        return Path(path)
    here = Path(__file__).resolve().parent
    bases = [Path(os.environ.get("NETWRIGHT_DATA_DIR", "data")), Path("data"), here / "data", Path("."), here]
    candidates = list(dict.fromkeys(base / name for base in bases for name in (DATASET, DATASET + ".csv")))
    for candidate in candidates:
        if candidate.exists():
            return candidate
    fail(f"cannot find the dataset '{DATASET}' (looked for {', '.join(map(str, candidates))}); "
         "pass --data DIR (a folder of IDX files) or --data FILE.csv")


def find_idx_file(folder, splits, kind):
    """The file of a split ("train", or "t10k"/"test") and kind ("images-idx3", "labels-idx1"),
    however the mirror spelled it (train-images-idx3-ubyte, train-images.idx3-ubyte.gz, ...);
    raw before gzipped, as Netwright picks it. None when there is none."""
    matches = []
    for entry in Path(folder).iterdir():
        name = entry.name.replace(".", "-")
        if entry.is_file() and kind + "-ubyte" in name and any(split + "-" in name for split in splits):
            matches.append(str(entry))
    return min(matches) if matches else None


def read_idx(path):
    """An IDX array of unsigned bytes, plain or gzipped, as a uint8 tensor."""
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if len(data) < 4 or data[0] or data[1] or data[2] != 0x08:
        fail(f"{path}: not an IDX file of unsigned bytes")
    rank = data[3]
    dims = struct.unpack(f">{rank}I", data[4:4 + 4 * rank])
    count, start = math.prod(dims), 4 + 4 * rank
    if len(data) - start < count:
        fail(f"{path}: holds {len(data) - start} values but its header promises {count}")
    return torch.frombuffer(bytearray(data[start:start + count]), dtype=torch.uint8).reshape(dims)


def load_idx_split(folder, splits):
    """Images (N, C, H, W) as uint8 and labels (N) of one split, or None when it is absent."""
    images_path = find_idx_file(folder, splits, "images-idx3")
    labels_path = find_idx_file(folder, splits, "labels-idx1")
    if not images_path or not labels_path:
        return None
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.dim() not in (3, 4) or labels.dim() != 1 or len(labels) != len(images):
        fail(f"{images_path} and {labels_path} are not one image per label")
    # (N, H, W) is one channel; (N, H, W, C) becomes channels first, the network's layout.
    images = images.unsqueeze(1) if images.dim() == 3 else images.permute(0, 3, 1, 2).contiguous()
    return images, labels.long()


def is_missing(cell):
    return cell.strip(" \t").lower() in ("", "?", "na", "nan", "null")


def parse_number(cell, delimiter):
    """A finite number, or None; a decimal comma is allowed in ;-separated files."""
    text = cell.strip(" \t")
    if delimiter == ";" and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_table(path):
    """The rows of a CSV file as (line, cells), blank rows left out, and its delimiter:
    comma, semicolon or tab, whichever its first line holds most of."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        fail(f"{path}: cannot read the file ({e})")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = [(reader.line_num, cells) for cells in reader if any(cell.strip() for cell in cells)]
    if not rows:
        fail(f"{path}: the file is empty")
    return rows, delimiter


def encode_features(path, rows, delimiter):
    """CSV rows (header first) encoded as Netwright encoded the training columns: numbers as
    they are, text columns one-hot, missing cells filled when it was trained to fill them."""
    (header_line, header), *body = rows
    header = [name.strip() for name in header]
    encoded = []
    for line, cells in body:
        values = []
        for column in TABULAR_SCHEMA["features"]:
            if column["name"] not in header:
                fail(f"{path}: line {header_line}: the header has no column '{column['name']}'")
            cell = cells[header.index(column["name"])]
            where = f"{path}: line {line}, column '{column['name']}'"
            if is_missing(cell) and not TABULAR_SCHEMA["fillMissing"]:
                fail(f"{where}: the value is missing and the model has no fill value for it")
            if column["type"] == "numeric":
                value = column["fill"] if is_missing(cell) else parse_number(cell, delimiter)
                if value is None:
                    fail(f"{where}: '{cell}' is not a finite number")
                values.append(value)
                continue
            if is_missing(cell):
                hot = int(column["fill"])
            elif cell in column["categories"]:
                hot = column["categories"].index(cell)
            else:
                fail(f"{where}: unknown category '{cell}'; the model knows {column['categories']}")
            values.extend(1.0 if i == hot else 0.0 for i in range(len(column["categories"])))
        encoded.append(values)
    return torch.tensor(encoded, dtype=torch.float32), [line for line, _ in body], header


def load_table(path):
    """Features and targets of a CSV file with the training columns and the target column."""
    rows, delimiter = read_table(path)
    features, lines, header = encode_features(path, rows, delimiter)
    target = TABULAR_SCHEMA["target"]
    if target not in header:
        fail(f"{path}: the header has no target column '{target}'")
    cells = [cells[header.index(target)] for _, cells in rows[1:]]
    if TASK == "classification":
        unknown = next((c for c in cells if c not in CLASS_NAMES and c.strip() not in CLASS_NAMES), None)
        if unknown is not None:
            fail(f"{path}: class '{unknown}' is not one the model knows ({', '.join(CLASS_NAMES)})")
        names = [c if c in CLASS_NAMES else c.strip() for c in cells]
        return features, torch.tensor([CLASS_NAMES.index(n) for n in names])
    values = [parse_number(c, delimiter) for c in cells]
    if None in values:
        fail(f"{path}: line {lines[values.index(None)]}: the target is not a finite number")
    return features, torch.tensor(values, dtype=torch.float32)


def load_dataset(source, limit=None):
    """The training split and the test split (None when the data has none) as raw inputs
    (uint8 images or float features) and targets."""
    if source.is_dir():
        train = load_idx_split(source, ["train"])
        if train is None:
            fail(f"{source}: expected train-images-idx3-ubyte and train-labels-idx1-ubyte (optionally .gz); "
                 "the exported loop reads IDX folders and CSV files, not image folders")
        test = load_idx_split(source, ["t10k", "test"])
    elif source.suffix.lower() in (".csv", ".tsv", ".txt") and source.is_file():
        if TABULAR_SCHEMA is None:
            fail(f"{source}: this model was trained on images, not on a CSV file")
        train, test = load_table(source), None
    else:
        fail(f"{source}: expected a folder of IDX files or a CSV file")
    if tuple(train[0].shape[1:]) != INPUT_SHAPE:
        fail(f"{source}: samples are {tuple(train[0].shape[1:])} but the network takes {INPUT_SHAPE}")
    if limit:
        train = (train[0][:limit], train[1][:limit])
    return train, test


def read_prediction_rows(path):
    """Samples of a CSV file for predict, as (inputs, sources). A model trained on a CSV file
    reads columns by name; any other takes one raw sample per row, the first row being a
    header unless every cell of it is a number."""
    rows, delimiter = read_table(path)
    if TABULAR_SCHEMA is not None:
        features, lines, _ = encode_features(path, rows, delimiter)
        return features, [f"{path}:{line}" for line in lines]
    if any(parse_number(cell, delimiter) is None for cell in rows[0][1]):
        rows = rows[1:]
    width = math.prod(INPUT_SHAPE)
    samples = []
    for line, cells in rows:
        values = [parse_number(cell, delimiter) for cell in cells]
        if len(values) != width or None in values:
            fail(f"{path}: line {line} is not {width} numbers")
        samples.append(values)
    inputs = torch.tensor(samples, dtype=torch.float32).reshape(-1, *INPUT_SHAPE)
    return inputs, [f"{path}:{line}" for line, _ in rows]


# ----------------------------------------------------------------------------------------
# Training, alone or under torchrun
# ----------------------------------------------------------------------------------------

def start_processes():
    """(rank, world size, device). torchrun sets WORLD_SIZE, RANK and LOCAL_RANK; without
    them this is a single process. NCCL joins GPUs, gloo joins CPU processes."""
    cuda = torch.cuda.is_available()
    if "WORLD_SIZE" not in os.environ:
        return 0, 1, torch.device("cuda" if cuda else "cpu")
    dist.init_process_group("nccl" if cuda else "gloo")
    device = torch.device("cpu")
    if cuda:
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
        torch.cuda.set_device(device)
    return dist.get_rank(), dist.get_world_size(), device


def split_validation(targets, fraction, seed):
    """(training, validation) sample indices: `fraction` of each class held out (of all
    samples for regression), as Netwright holds out; its generator differs from torch's, so
    the held-out samples are not the same ones."""
    generator = torch.Generator().manual_seed(seed)
    groups = [torch.arange(len(targets))]
    if TASK == "classification":
        groups = [torch.nonzero(targets == c).flatten() for c in targets.unique()]
    held = [g[torch.randperm(len(g), generator=generator)[:int(fraction * len(g) + 0.5)]] for g in groups]
    kept = torch.ones(len(targets), dtype=torch.bool)
    kept[torch.cat(held)] = False
    return torch.nonzero(kept).flatten(), torch.nonzero(~kept).flatten()


@torch.no_grad()
def measure(model, inputs, targets, device, chunk=1000):
    """Loss and accuracy (classification) or R² (regression) in inference mode."""
    was_training = model.training
    model.eval()
    loss, correct, residual, total, squares = 0.0, 0, 0.0, 0.0, 0.0
    for start in range(0, len(inputs), chunk):
        x = normalize(inputs[start:start + chunk].to(device))
        y = targets[start:start + chunk].to(device)
        logits = model(x)
        loss += model.loss(logits, y).item() * len(x)
        outputs = model.output_activation(logits)
        if TASK == "classification":
            correct += (predicted_classes(outputs) == y).sum().item()
        else:
            y = y.view_as(outputs).double()
            residual += (outputs.double() - y).square().sum().item()
            total, squares = total + y.sum().item(), squares + y.square().sum().item()
    model.train(was_training)
    n = len(inputs)
    if TASK == "classification":
        return {"loss": loss / n, "accuracy": correct / n}
    spread = squares - total * total / n
    return {"loss": loss / n, "r2": 1.0 - residual / spread if spread > 0 else float("nan")}


def describe(metrics, prefix=""):
    return "  ".join(f"{prefix}{name} {value:.4f}" for name, value in metrics.items())


def train(args):
    rank, world, device = start_processes()
    say = (lambda *text: print(*text, flush=True)) if rank == 0 else (lambda *text: None)
    seed = TRAINING["seed"] if args.seed is None else args.seed
    epochs = args.epochs or TRAINING["epochs"]
    if args.lr:
        TRAINING["schedule"]["base_rate"] = args.lr
    torch.manual_seed(seed)  # the same fresh weights in every process

    (inputs, targets), test = load_dataset(resolve_data(args.data), args.limit)
    train_indices, validation_indices = split_validation(targets, TRAINING["validation_split"], seed)
    model = Net()
    if args.resume:
        load_weights(model, args.weights)
    else:
        model.initialize()
    model.to(device)
    # PyTorch's BatchNorm1d cannot take the statistics of a single sample (Netwright's makes
    # it beta), so with one in the network a last batch of one sample is left out.
    skip_single = any(isinstance(m, nn.BatchNorm1d) for m in model.modules())
    network = model
    if world > 1:
        if device.type == "cuda":  # batch statistics over the whole global batch, as one process would see it
            model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
        network = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = make_optimizer(network.parameters())

    # Netwright's batch is the global one: each process takes its share and DDP averages the
    # gradients. The sampler deals each epoch's shuffled order out round-robin, so batch b of
    # all processes together is batch b of a single process: the same steps, spread out.
    batch = args.batch_size or TRAINING["batch_size"] or len(train_indices)
    per_process = max(1, batch // world)
    sampler = DistributedSampler(range(len(train_indices)), num_replicas=world, rank=rank, shuffle=True, seed=seed)
    inputs, targets = inputs.to(device), targets.to(device)
    say(f"training {MODEL_NAME} on {len(train_indices)} samples ({len(validation_indices)} held out) for {epochs} "
        f"epoch(s): {world} process(es) on {device.type}, batch {per_process * world} ({per_process} per process)")

    for epoch in range(epochs):
        started = time.time()
        sampler.set_epoch(epoch)  # a new shuffle each epoch, the same in every process
        order = train_indices[torch.tensor(list(sampler))].to(device)
        batches = math.ceil(len(order) / per_process)
        if skip_single and per_process > 1 and len(order) % per_process == 1:
            batches -= 1
        totals = torch.zeros(3, dtype=torch.float64, device=device)  # loss sum, correct, samples
        network.train()
        for b in range(batches):
            chosen = order[b * per_process:(b + 1) * per_process]
            x, y = normalize(inputs[chosen]), targets[chosen]
            rate = learning_rate(epoch + b / batches, epochs)  # Netwright sets the rate every batch
            for group in optimizer.param_groups:
                group["lr"] = rate
            optimizer.zero_grad(set_to_none=True)
            logits = network(x)
            loss = model.loss(logits, y)
            loss.backward()
            optimizer.step()
            totals[0] += loss.detach() * len(chosen)
            totals[2] += len(chosen)
            if TASK == "classification":
                totals[1] += (predicted_classes(model.output_activation(logits.detach())) == y).sum()
        if world > 1:
            dist.all_reduce(totals)
        report = {"loss": (totals[0] / totals[2]).item()}
        if TASK == "classification":
            report["accuracy"] = (totals[1] / totals[2]).item()
        if rank == 0 and len(validation_indices):
            validation = measure(model, inputs[validation_indices], targets[validation_indices], device)
            report.update({f"val_{name}": value for name, value in validation.items()})
        say(f"epoch {epoch + 1}/{epochs}  {describe(report)}  lr {rate:g}  ({time.time() - started:.1f}s)")

    if rank == 0:
        weights = Path(args.weights)
        output = Path(args.output) if args.output else weights.with_name(weights.stem + "-trained.safetensors")
        write_safetensors(output, weight_tensors(model))
        if test is not None:
            say(f"test: {describe(measure(model, test[0], test[1], device))}")
        say(f"saved {output}")
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


# ----------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------

def trained_model(weights):
    model = Net()
    load_weights(model, weights)
    return model.eval()


def predict(args):
    model = trained_model(args.weights)
    if args.mnist_test:
        source = resolve_data(args.data)
        test = load_idx_split(source, ["t10k", "test"]) if source.is_dir() else None
        if test is None:
            fail("the data has no IDX test split (t10k-images-idx3-ubyte, ...)")
        inputs = test[0][:args.mnist_test]
        sources = [f"test:{i}" for i in range(len(inputs))]
    elif args.inputs:
        parts = [read_prediction_rows(path) for path in args.inputs]
        inputs = torch.cat([p[0] for p in parts])
        sources = [source for p in parts for source in p[1]]
    else:
        fail("give CSV files to predict on, or --mnist-test N")
    with torch.no_grad():
        outputs = model.predict(inputs)
    for source, output in zip(sources, outputs.flatten(1)):
        record = {"input": source, "outputs": output.tolist()}
        if TASK == "classification":
            predicted = predicted_classes(output.unsqueeze(0)).item()
            record.update(prediction=predicted, label=CLASS_NAMES[predicted])
        print(json.dumps(record))


def evaluate(args):
    (inputs, targets), test = load_dataset(resolve_data(args.data))
    split = "test"
    if test is None:  # a CSV file: all of its rows
        test, split = (inputs, targets), "data"
    print(f"{split}: {describe(measure(trained_model(args.weights), test[0], test[1], torch.device('cpu')))}")


def main():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--weights", default=str(WEIGHTS_FILE), help="safetensors weights (default: %(default)s)")
    common.add_argument("--data", help=f"an IDX folder or CSV file (default: where Netwright keeps '{DATASET}')")
    parser = argparse.ArgumentParser(description=f"{MODEL_NAME}: a network from Netwright as a PyTorch program.")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("predict", parents=[common], help="print one JSON line per sample")
    p.add_argument("inputs", nargs="*", help="CSV files: one raw sample per row")
    p.add_argument("--mnist-test", type=int, metavar="N", help="the first N images of the test split in --data")
    p.set_defaults(run=predict)

    e = commands.add_parser("evaluate", parents=[common], help="loss and accuracy on the test split")
    e.set_defaults(run=evaluate)

    t = commands.add_parser("train", parents=[common], help="Netwright's training run; distributed under torchrun")
    t.add_argument("--epochs", type=int, help=f"passes over the data (default: {TRAINING['epochs']})")
    t.add_argument("--limit", type=int, metavar="N", help="train on the first N samples only")
    t.add_argument("--batch-size", type=int, help="global batch size (default: Netwright's)")
    t.add_argument("--lr", type=float, help="base learning rate (default: Netwright's)")
    t.add_argument("--seed", type=int, help=f"initialisation and shuffling seed (default: {TRAINING['seed']})")
    t.add_argument("--resume", action="store_true", help="start from --weights instead of fresh weights")
    t.add_argument("--output", help="where to save the trained weights (default: beside --weights, -trained)")
    t.set_defaults(run=train)

    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
)PY";

}  // namespace nw::pytorch
