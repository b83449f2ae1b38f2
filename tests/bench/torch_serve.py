#!/usr/bin/python3
"""The point of comparison for `scripts/bench.sh serve`: a model exported by
`netwright-cli export --format pytorch`, served behind a minimal Python HTTP server that
speaks the TensorFlow Serving predict call ({"instances": [...]} -> {"predictions": [...]}).

usage: torch_serve.py EXPORTED_SCRIPT.py PORT
Prints "listening on PORT" when ready; serves until killed.
"""
import importlib.util
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import torch


def load_exported(script):
    spec = importlib.util.spec_from_file_location("exported", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, module.trained_model(module.WEIGHTS_FILE)


def main():
    script, port = sys.argv[1], int(sys.argv[2])
    # One image per request gains nothing from more threads; requests run side by side.
    torch.set_num_threads(1)
    module, model = load_exported(script)
    shape = module.INPUT_SHAPE

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as wrk expects
        # Headers and body leave in two writes; with Nagle's algorithm the second waits for
        # the client's delayed ACK, about 40 ms per request.
        disable_nagle_algorithm = True

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            raw = torch.tensor(body["instances"], dtype=torch.float32).reshape(-1, *shape)
            with torch.no_grad():
                outputs = model.predict(raw)
            reply = json.dumps({"predictions": outputs.tolist()}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
