#!/usr/bin/python3
"""Latency split at c=4 with cpu work (docs/benchmarks.md, "Latency split").

For each model and engine, runs `BIN serve` on 127.0.0.1 (port 0, stopped by
its PID), keeps C connections busy in a closed loop for D seconds, and
compares what the client saw with what the server says each request spent:
mean client latency vs mean(queue_us + gil_wait_us + service_us). Means,
because a mean of sums is the sum of means (percentiles do not add). Every
answer is checked (200, mode cpu); a missing field counts as 0 and is
counted.

    bench/latency_split.py --bin build/gilbench [--bin-before OLD] [-c 4] [-d 5] [--reps 3]

With --bin-before, each configuration alternates the two binaries --reps
times, so a slow phase of a shared machine hits both alike; medians of the
per-run means are printed.
"""
import argparse
import http.client
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

CONFIGS = [  # (model, engine, workers)
    ("threads", "native", 2), ("async", "native", 1), ("procs", "native", 2),
    ("threads", "python", 2), ("async", "python", 1), ("procs", "python", 2),
]
ITERS = {"native": 200000, "python": 20000}  # ~10 ms of service each on the dev machine


def serve(argv):
    """Starts `argv` (a `gilbench serve --port 0 ...`, possibly under a
    wrapper such as valgrind) and returns (process, port) once its first
    stdout line names 127.0.0.1:PORT. Stop it with stop()."""
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    m = re.search(r"127\.0\.0\.1:(\d+)", line)
    if not m:
        p.kill()
        sys.exit(f"server did not start: {' '.join(argv)}: {line!r}")
    return p, int(m.group(1))


def stop(p):
    p.terminate()
    p.wait()


def client(port, body, until, out, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    rows = []
    while time.monotonic() < until:
        t0 = time.monotonic()
        conn.request("POST", "/score", body, {"Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
        lat = (time.monotonic() - t0) * 1e6
        o = json.loads(data)
        if r.status != 200 or o.get("mode") != "cpu":
            sys.exit(f"bad answer {r.status}: {data[:200]}")
        rows.append((lat, o.get("queue_us"), o.get("gil_wait_us"), o["service_us"]))
    conn.close()
    with lock:
        out.extend(rows)


def run(binary, db, cfg, conns, seconds):
    model, engine, workers = cfg
    p, port = serve([binary, "serve", "--port", "0", "--db", db, "--model", model,
                     "--engine", engine, "--workers", str(workers)])
    try:
        body = json.dumps({"mode": "cpu", "iters": ITERS[engine]})
        rows, lock = [], threading.Lock()
        until = time.monotonic() + seconds
        ts = [threading.Thread(target=client, args=(port, body, until, rows, lock)) for _ in range(conns)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    finally:
        stop(p)
    mean = lambda xs: statistics.fmean(xs) if xs else 0.0
    return {
        "n": len(rows),
        "latency": mean([r[0] for r in rows]),
        "queue": mean([r[1] or 0 for r in rows]),
        "gil": mean([r[2] or 0 for r in rows]),
        "service": mean([r[3] for r in rows]),
        "no_queue": sum(r[1] is None for r in rows),
        "has_gil": sum(r[2] is not None for r in rows),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--bin-before")
    ap.add_argument("-c", type=int, default=4)
    ap.add_argument("-d", type=float, default=5.0)
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = f"{tmp}/kv.db"
        subprocess.run([a.bin, "db", "init", "--db", db], check=True, stdout=subprocess.DEVNULL)
        bins = [("before", a.bin_before)] if a.bin_before else []
        bins.append(("after", a.bin))
        print("| model | engine | workers | binary | n | latency mean ms | queue_us | gil_wait_us | service_us"
              " | (q+g+s)/latency | answers without queue_us |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for cfg in CONFIGS:
            runs = {name: [] for name, _ in bins}
            for _ in range(a.reps):
                for name, binary in bins:
                    runs[name].append(run(binary, db, cfg, a.c, a.d))
            for name, _ in bins:
                med = {k: statistics.median(r[k] for r in runs[name]) for k in runs[name][0]}
                split = med["queue"] + med["gil"] + med["service"]
                gil = f"{med['gil'] / 1000:.2f} ms" if med["has_gil"] else "—"
                print(f"| {cfg[0]} | {cfg[1]} | {cfg[2]} | {name} | {med['n']:.0f} | {med['latency'] / 1000:.2f}"
                      f" | {med['queue'] / 1000:.2f} ms | {gil} | {med['service'] / 1000:.2f} ms"
                      f" | {split / med['latency']:.2f} | {med['no_queue']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
