#!/usr/bin/python3
"""Clients Netwright did not write against `netwright-cli serve`: curl over both REST protocols
(TensorFlow Serving and KServe v2) and an unmodified KServe gRPC client.

Python stubs are generated from core/serve/proto/grpc_predict_v2.proto at run time with protoc
and Debian's grpc_python_plugin (python3-grpcio and python3-protobuf, no pip). The script takes
a few real MNIST test digits, writes them as PNG files, asks `netwright-cli predict --json` for
their probabilities, starts `netwright-cli serve` on free ports with a token, and checks every
RPC: the token, readiness, metadata, and ModelInfer with FP32 contents, raw UINT8 bytes and
PNG images, each equal to predict's probabilities; then a refused shape. curl sends the same
digits as base64 PNGs to TF Serving's predict and as values to KServe v2's infer. Last, a
clean stop.

    serve_clients.py --cli build/app/cli/netwright-cli --proto core/serve/proto/grpc_predict_v2.proto \
                   --data-dir data [--model digits.nwm] [--digits 6]

Without --model it first trains a small one (the `tiny` preset, one epoch on 2,000 digits).
Exits 0 when every check passes; otherwise prints what failed and exits 1.
"""
import argparse
import base64
import gzip
import json
import queue
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import zlib
from pathlib import Path

TOKEN = "grpc-client-test-token"
MODEL_NAME = "mnist"
TOLERANCE = 1e-5
STARTUP_SECONDS = 60


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print(f"ok: {message}")


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        fail(f"{' '.join(map(str, command))} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def generate_stubs(proto, into):
    protoc = shutil.which("protoc") or fail("protoc not found (Debian: protobuf-compiler)")
    plugin = shutil.which("grpc_python_plugin") or fail("grpc_python_plugin not found (Debian: protobuf-compiler-grpc)")
    run([protoc, f"--proto_path={proto.parent}", f"--python_out={into}", f"--grpc_out={into}",
         f"--plugin=protoc-gen-grpc={plugin}", str(proto)])
    sys.path.insert(0, str(into))


def mnist_test_digits(data_dir, count):
    """The first `count` test images as 784 pixel values (0..255) each, from raw or gzipped IDX."""
    folder = data_dir / "mnist"
    for name in ("t10k-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz"):
        path = folder / name
        if path.exists():
            data = (gzip.open if name.endswith(".gz") else open)(path, "rb").read()
            break
    else:
        fail(f"no MNIST test images in {folder}")
    magic, images, rows, cols = struct.unpack(">IIII", data[:16])
    if magic != 0x803 or (rows, cols) != (28, 28) or images < count:
        fail(f"{folder} does not hold 28x28 MNIST images")
    return [list(data[16 + i * 784:16 + (i + 1) * 784]) for i in range(count)]


def write_png(path, pixels, width=28, height=28):
    """An 8-bit gray PNG, every row with filter 0."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = b"".join(b"\0" + bytes(pixels[y * width:(y + 1) * width]) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
                     + chunk(b"IEND", b""))


def train_model(cli, data_dir, path):
    run([cli, "train", "--dataset", "mnist", "--data-dir", str(data_dir), "--model", "tiny", "--epochs", "1",
         "--train-samples", "2000", "--save", str(path)])


def forward_lines(stream, lines):
    """Hands the server's output over line by line, then None, so reading it can time out."""
    for line in stream:
        lines.put(line)
    lines.put(None)


def rest_of(lines):
    text = []
    while (line := lines.get(timeout=30)) is not None:
        text.append(line)
    return "".join(text)


def start_server(cli, model):
    """Starts `serve` on free ports; returns the process and its gRPC port, read from what it prints."""
    server = subprocess.Popen([cli, "serve", str(model), "--name", MODEL_NAME, "--host", "127.0.0.1", "--port", "0",
                               "--grpc-port", "0", "--token", TOKEN, "--threads", "2"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = queue.Queue()
    threading.Thread(target=forward_lines, args=(server.stdout, lines), daemon=True).start()
    printed = []
    ports = {}
    while True:
        try:
            line = lines.get(timeout=STARTUP_SECONDS)
        except queue.Empty:
            server.kill()
            fail(f"serve printed no 'gRPC listening on' line within {STARTUP_SECONDS} s:\n{''.join(printed)}")
        if line is None:
            fail(f"serve exited {server.wait()} before listening:\n{''.join(printed)}")
        printed.append(line)
        match = re.match(r"(REST|gRPC) listening on (\S+):(\d+)$", line.strip())
        if match:
            ports[match.group(1)] = int(match.group(3))
        if len(ports) == 2:
            return server, ports, lines


def expected_probabilities(cli, model, images):
    lines = run([cli, "predict", "--json", str(model)] + [str(p) for p in images]).splitlines()
    return [json.loads(line)["probabilities"] for line in lines if line.strip()]


def close(actual, expected):
    return len(actual) == len(expected) and all(abs(a - e) <= TOLERANCE for a, e in zip(actual, expected))


def rows(values, width):
    return [list(values[i:i + width]) for i in range(0, len(values), width)]


def check_rpcs(pb, stub, grpc, digits, pngs, expected):
    auth = [("authorization", f"Bearer {TOKEN}")]
    classes = len(expected[0])
    count = len(digits)

    def code_of(call, request, **kwargs):
        try:
            call(request, timeout=30, **kwargs)
        except grpc.RpcError as error:
            return error.code()
        return grpc.StatusCode.OK

    check(code_of(stub.ServerMetadata, pb.ServerMetadataRequest()) == grpc.StatusCode.UNAUTHENTICATED,
          "ServerMetadata without the token is UNAUTHENTICATED")
    check(stub.ServerLive(pb.ServerLiveRequest(), timeout=30).live, "ServerLive answers without the token")
    check(code_of(stub.ModelInfer, pb.ModelInferRequest(model_name=MODEL_NAME),
                  metadata=[("authorization", "Bearer wrong")]) == grpc.StatusCode.UNAUTHENTICATED,
          "ModelInfer with a wrong token is UNAUTHENTICATED")
    check(stub.ServerLive(pb.ServerLiveRequest(), metadata=auth, timeout=30).live, "ServerLive")
    check(stub.ServerReady(pb.ServerReadyRequest(), metadata=auth, timeout=30).ready, "ServerReady")
    check(stub.ServerMetadata(pb.ServerMetadataRequest(), metadata=auth, timeout=30).name == "netwright",
          "ServerMetadata names netwright")
    check(stub.ModelReady(pb.ModelReadyRequest(name=MODEL_NAME), metadata=auth, timeout=30).ready, "ModelReady")
    check(code_of(stub.ModelReady, pb.ModelReadyRequest(name="nope"), metadata=auth) == grpc.StatusCode.NOT_FOUND,
          "ModelReady for an unknown model is NOT_FOUND")
    metadata = stub.ModelMetadata(pb.ModelMetadataRequest(name=MODEL_NAME), metadata=auth, timeout=30)
    check(list(metadata.inputs[0].shape) == [-1, 1, 28, 28] and metadata.inputs[0].datatype == "FP32",
          "ModelMetadata input FP32 [-1, 1, 28, 28]")
    check(list(metadata.outputs[0].shape) == [-1, classes], f"ModelMetadata output [-1, {classes}]")

    def request(datatype, shape):
        r = pb.ModelInferRequest(model_name=MODEL_NAME, id="python-client")
        r.inputs.add(name="input", datatype=datatype, shape=shape)
        return r

    fp32 = request("FP32", [count, 1, 28, 28])
    fp32.inputs[0].contents.fp32_contents.extend(float(v) for digit in digits for v in digit)
    response = stub.ModelInfer(fp32, metadata=auth, timeout=30)
    check(response.id == "python-client" and list(response.outputs[0].shape) == [count, classes],
          "ModelInfer answers with the id and shape [batch, classes]")
    check(all(map(close, rows(response.outputs[0].contents.fp32_contents, classes), expected)),
          "ModelInfer with fp32_contents equals predict")

    raw = request("UINT8", [count, 1, 28, 28])
    raw.raw_input_contents.append(bytes(v for digit in digits for v in digit))
    response = stub.ModelInfer(raw, metadata=auth, timeout=30)
    values = struct.unpack(f"<{count * classes}f", response.raw_output_contents[0])
    check(all(map(close, rows(values, classes), expected)), "ModelInfer with raw UINT8 bytes equals predict")

    images = request("BYTES", [count])
    images.inputs[0].contents.bytes_contents.extend(p.read_bytes() for p in pngs)
    response = stub.ModelInfer(images, metadata=auth, timeout=30)
    check(all(map(close, rows(response.outputs[0].contents.fp32_contents, classes), expected)),
          "ModelInfer with PNG images equals predict")

    wrong = request("FP32", [1, 784 - 1])
    wrong.inputs[0].contents.fp32_contents.extend([0.0] * (784 - 1))
    check(code_of(stub.ModelInfer, wrong, metadata=auth) == grpc.StatusCode.INVALID_ARGUMENT,
          "a sample of the wrong size is INVALID_ARGUMENT")


def curl(port, path, body):
    """POSTs JSON with curl, as the README shows, and returns the parsed answer."""
    executable = shutil.which("curl") or fail("curl not found (Debian: curl)")
    request = Path(tempfile.mkstemp(suffix=".json")[1])
    try:
        request.write_text(json.dumps(body))
        answer = run([executable, "-s", "--fail-with-body", "-H", f"Authorization: Bearer {TOKEN}",
                      "-H", "Content-Type: application/json", "-d", f"@{request}", f"http://127.0.0.1:{port}{path}"])
    finally:
        request.unlink()
    return json.loads(answer)


def check_rest_with_curl(port, digits, pngs, expected):
    encoded = [{"b64": base64.b64encode(p.read_bytes()).decode()} for p in pngs]
    answer = curl(port, f"/v1/models/{MODEL_NAME}:predict", {"instances": encoded})
    check(all(map(close, answer["predictions"], expected)), "curl: TF Serving predict with base64 PNGs equals predict")
    flat = [float(v) for digit in digits for v in digit]
    infer = {"inputs": [{"name": "input", "shape": [len(digits), 1, 28, 28], "datatype": "FP32", "data": flat}]}
    answer = curl(port, f"/v2/models/{MODEL_NAME}/infer", infer)
    classes = len(expected[0])
    check(all(map(close, rows(answer["outputs"][0]["data"], classes), expected)),
          "curl: KServe v2 infer with FP32 values equals predict")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True, help="the built netwright-cli")
    parser.add_argument("--proto", required=True, type=Path, help="grpc_predict_v2.proto")
    parser.add_argument("--data-dir", required=True, type=Path, help="folder holding mnist/")
    parser.add_argument("--model", type=Path, help="a model file on 1x28x28 digits (default: train one)")
    parser.add_argument("--digits", type=int, default=6, help="MNIST test digits to send")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="netwright-serve-") as temp:
        temp = Path(temp)
        generate_stubs(args.proto, temp)
        import grpc
        import grpc_predict_v2_pb2 as pb
        import grpc_predict_v2_pb2_grpc as pb_grpc

        model = args.model
        if model is None:
            model = temp / "digits.nwm"
            train_model(args.cli, args.data_dir, model)
        digits = mnist_test_digits(args.data_dir, args.digits)
        pngs = [temp / f"digit{i}.png" for i in range(len(digits))]
        for path, digit in zip(pngs, digits):
            write_png(path, digit)
        expected = expected_probabilities(args.cli, model, pngs)
        check(len(expected) == len(digits), f"predict answered for {len(digits)} digits")

        server, ports, output = start_server(args.cli, model)
        try:
            with grpc.insecure_channel(f"127.0.0.1:{ports['gRPC']}") as channel:
                check_rpcs(pb, pb_grpc.GRPCInferenceServiceStub(channel), grpc, digits, pngs, expected)
            check_rest_with_curl(ports["REST"], digits, pngs, expected)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                code = server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                fail("serve did not stop within 30 s of SIGTERM")
        check(code == 0, f"serve stopped cleanly on SIGTERM (exit {code})")
        check("Stopped after" in rest_of(output), "serve reported its requests when it stopped")


if __name__ == "__main__":
    main()
