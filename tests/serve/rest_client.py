#!/usr/bin/env python3
"""Calls a running Netwright REST server with Python's standard HTTP client only, over both
protocols, and checks the predictions against the ones given.

usage: rest_client.py PORT MODEL_NAME CASES_JSON
CASES_JSON: [{"digit": [784 raw values], "png": base64 PNG, "output": [expected outputs]}, ...]
Prints "all checks passed" and exits 0, or names the first mismatch and exits 1.
"""
import http.client
import json
import sys

TOLERANCE = 1e-5


def call(port, method, path, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    payload = None if body is None else json.dumps(body)
    headers = {} if body is None else {"Content-Type": "application/json"}
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    data = json.loads(response.read())
    connection.close()
    return response.status, data


def close(got, expected, what):
    if len(got) != len(expected) or any(abs(a - b) > TOLERANCE for a, b in zip(got, expected)):
        sys.exit(f"{what}: got {got}, expected {expected}")


def main():
    port, name, cases_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(cases_path) as f:
        cases = json.load(f)

    status, body = call(port, "GET", f"/v1/models/{name}")
    assert status == 200 and body["model_version_status"][0]["state"] == "AVAILABLE", body
    status, body = call(port, "GET", "/v2/health/ready")
    assert status == 200 and body["ready"] is True, body
    status, body = call(port, "GET", f"/v2/models/{name}")
    assert status == 200 and body["inputs"][0]["name"] == "input", body

    status, body = call(port, "POST", f"/v1/models/{name}:predict", {"instances": [c["digit"] for c in cases]})
    assert status == 200, body
    for i, case in enumerate(cases):
        close(body["predictions"][i], case["output"], f"TF Serving instance {i}")

    status, body = call(port, "POST", f"/v1/models/{name}:predict", {"instances": [{"b64": c["png"]} for c in cases]})
    assert status == 200, body
    for i, case in enumerate(cases):
        close(body["predictions"][i], case["output"], f"TF Serving b64 instance {i}")

    for i, case in enumerate(cases):
        request = {"inputs": [{"name": "input", "shape": [1, 1, 28, 28], "datatype": "FP32", "data": case["digit"]}]}
        status, body = call(port, "POST", f"/v2/models/{name}/infer", request)
        assert status == 200, body
        close(body["outputs"][0]["data"], case["output"], f"KServe v2 sample {i}")

    status, body = call(port, "POST", f"/v2/models/{name}/infer", {"inputs": "nope"})
    assert status == 400 and "error" in body, body
    print("all checks passed")


if __name__ == "__main__":
    main()
