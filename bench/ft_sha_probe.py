"""Why does the `cpu` chain scale worse than other Python code without the GIL?

Runs each kernel on 1 thread and then on 2 threads (each thread doing the
same number of iterations) and reports, per kernel, the CPU time per
iteration with 2 threads over the CPU time per iteration with 1 thread.
On a free-threaded interpreter with 2 free cores a kernel that shares
nothing stays near 1.00; a kernel whose threads fight over shared state
(a lock, a reference count on one cache line) rises above it, because
spinning and cache-line transfers are paid in CPU time. CPU time (not
wall-clock) is used because it survives a noisy machine far better: a
thread that is descheduled is not charged. The kernels are interleaved
and repeated, and the median of the repeats is printed, with the spread.

Usage: python3.14t bench/ft_sha_probe.py [--iters N] [--repeats R]
"""
import argparse
import hashlib
import json
import statistics
import sys
import threading
import time

try:
    import _sha2  # CPython's own SHA-2 (HACL*), no OpenSSL involved
except ImportError:  # pragma: no cover - older interpreters
    _sha2 = None

SEED = b"gilbench-cpu-chain-seed-32bytes!"
BASE = hashlib.sha256()
DOC = {"items": [{"id": i, "name": f"item{i}", "tags": ["a", "b"]} for i in range(20)]}


def chain_openssl(n):
    h = SEED
    for _ in range(n):
        h = hashlib.sha256(h).digest()


def chain_new(n):
    h = SEED
    for _ in range(n):
        h = hashlib.new("sha256", h).digest()


def chain_copy(n):
    h = SEED
    for _ in range(n):
        c = BASE.copy()
        c.update(h)
        h = c.digest()


def chain_sha2(n):
    h = SEED
    for _ in range(n):
        h = _sha2.sha256(h).digest()


def arithmetic(n):
    x = 0
    for i in range(n * 20):
        x = (x * 31 + i) & 0xFFFFFFFF


def json_round(n):
    for _ in range(n // 20):
        json.loads(json.dumps(DOC))


KERNELS = {
    "hashlib.sha256(h) (the cpu chain)": chain_openssl,
    'hashlib.new("sha256", h)': chain_new,
    "base.copy() + update": chain_copy,
    "_sha2.sha256(h)": chain_sha2,
    "pure arithmetic": arithmetic,
    "json dumps+loads": json_round,
}


def cpu_per_iter(kernel, n, threads):
    """Mean thread CPU time per iteration, in ns, over `threads` threads."""
    times = []
    start = threading.Barrier(threads)

    def body():
        start.wait()
        t0 = time.thread_time_ns()
        kernel(n)
        times.append(time.thread_time_ns() - t0)

    ts = [threading.Thread(target=body) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return statistics.mean(times) / n


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iters", type=int, default=200_000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"# {sys.version.split()[0]} {'GIL on' if gil else 'GIL off'}"
          f" {hashlib.sha256().__class__.__module__} {args.iters} iters x {args.repeats}")
    kernels = {k: f for k, f in KERNELS.items() if f is not chain_sha2 or _sha2}
    ratios = {k: [] for k in kernels}
    one = {k: [] for k in kernels}
    for _ in range(args.repeats):
        for name, f in kernels.items():  # interleaved: every kernel each round
            a = cpu_per_iter(f, args.iters, 1)
            b = cpu_per_iter(f, args.iters, 2)
            one[name].append(a)
            ratios[name].append(b / a)
    print(f"{'kernel':38} {'ns/iter 1T':>10} {'2T/1T cpu':>10} {'min':>6} {'max':>6}")
    for name in kernels:
        r = ratios[name]
        print(f"{name:38} {statistics.median(one[name]):10.0f} "
              f"{statistics.median(r):10.2f} {min(r):6.2f} {max(r):6.2f}")


if __name__ == "__main__":
    main()
