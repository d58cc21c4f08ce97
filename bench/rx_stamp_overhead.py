#!/usr/bin/python3
"""Cost per request of a change to the request path, BEFORE vs AFTER binary.

The same noop load (`gilbench load -c4 --mode noop`) against `serve --model
MODEL` (default async) of two binaries. Used for the receive timestamp
(docs/benchmarks.md, "Latency split": BEFORE reads with recv, AFTER with
recvmsg + SO_TIMESTAMPING) and for the one request handler (issue 11,
"The handler's cost").

    bench/rx_stamp_overhead.py BEFORE AFTER [--what callgrind|cpu|all] [--reps 5] [--model M]

callgrind: user-space instructions per request, from two runs of N1 and N2
  requests so start-up and shutdown cancel out.
cpu: the server's CPU time (utime + stime from /proc, kernel work included)
  per request over REQS requests, REPS times alternating the binaries;
  medians. For BEFORE to be a true baseline no other socket on the machine
  may ask for stamps: the kernel stamps every received segment while any
  does.
Servers listen on 127.0.0.1, port 0, and are stopped by PID.
"""
import argparse
import os
import statistics
import subprocess
import tempfile

from latency_split import serve, stop

N1, N2, REQS = 2000, 22000, 200000


def load(binary, port, n):
    subprocess.run([binary, "load", "-c4", "-n", str(n), "--mode", "noop",
                    f"http://127.0.0.1:{port}/score"], check=True, stdout=subprocess.DEVNULL)


MODEL = "async"


def instructions(binary, loader, db, n, out):
    p, port = serve(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                     binary, "serve", "--model", MODEL, "--port", "0", "--db", db])
    load(loader, port, n)
    stop(p)
    with open(out) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise SystemExit(f"no totals in {out}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def cpu_per_request(binary, loader, db):
    p, port = serve([binary, "serve", "--model", MODEL, "--port", "0", "--db", db])
    load(loader, port, 2000)  # warm
    t0 = cpu_seconds(p.pid)
    load(loader, port, REQS)
    t1 = cpu_seconds(p.pid)
    stop(p)
    return (t1 - t0) / REQS * 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--what", choices=["callgrind", "cpu", "all"], default="all")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--model", default="async", help="serve --model (threads: callgrind counts every thread)")
    a = ap.parse_args()
    global MODEL
    MODEL = a.model
    bins = {"before": a.before, "after": a.after}
    with tempfile.TemporaryDirectory() as tmp:
        db = f"{tmp}/kv.db"
        subprocess.run([a.after, "db", "init", "--db", db], check=True, stdout=subprocess.DEVNULL)
        if a.what in ("callgrind", "all"):
            per = {}
            for name, b in bins.items():
                i1 = instructions(b, a.after, db, N1, f"{tmp}/cg1")
                i2 = instructions(b, a.after, db, N2, f"{tmp}/cg2")
                per[name] = (i2 - i1) / (N2 - N1)
                print(f"callgrind {name}: {per[name]:.0f} instructions/request", flush=True)
            print(f"callgrind after/before: {per['after'] / per['before']:.3f}")
        if a.what in ("cpu", "all"):
            runs = {name: [] for name in bins}
            for rep in range(a.reps):
                for name, b in bins.items():
                    runs[name].append(cpu_per_request(b, a.after, db))
                    print(f"cpu {name} rep {rep + 1}: {runs[name][-1]:.2f} us/request", flush=True)
            med = {name: statistics.median(v) for name, v in runs.items()}
            print(f"cpu median before {med['before']:.2f} after {med['after']:.2f} us/request,"
                  f" after/before {med['after'] / med['before']:.3f}")


if __name__ == "__main__":
    main()
