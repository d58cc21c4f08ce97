#!/usr/bin/python3
"""Collects the offload model's hand-off cost as the server reports it.

Sends N cpu requests one after another on one keep-alive connection (c=1,
so no request ever waits for a pool process) and prints the percentiles of
the answers' ipc_us, service_us and queue_us. The client's own speed does
not enter these figures: all three are measured inside the server.
  offload_ipc.py PORT [N] [ITERS]
"""
import http.client
import json
import statistics
import sys


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def main():
    port = int(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    iters = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"mode": "cpu", "iters": iters, "seed": "gilbench"})
    fields = {"ipc_us": [], "service_us": [], "queue_us": []}
    for i in range(n + n // 10):  # the first tenth warms up and is dropped
        conn.request("POST", "/score", body, {"Content-Type": "application/json"})
        r = json.loads(conn.getresponse().read())
        if "ipc_us" not in r:
            sys.exit(f"answer without ipc_us: {r}")
        if i >= n // 10:
            for k in fields:
                fields[k].append(r[k])
    for k, xs in fields.items():
        print(f"{k} n={len(xs)} p50={pct(xs, 50)} p90={pct(xs, 90)} p99={pct(xs, 99)} "
              f"mean={statistics.mean(xs):.1f}")


if __name__ == "__main__":
    main()
