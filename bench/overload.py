#!/usr/bin/env python3
"""Overload table (docs/benchmarks.md, "server"): each model at c=512 closed
loop on CPU work. Per model: answers ok, errors by class, peak RSS of the
server's process tree, /healthz latency while loaded (a probe every 250 ms on
its own connection), and recovery time (end of load -> first /healthz
answered within 50 ms).

usage: bench/overload.py [--bin build/gilbench] [--db PATH] [--seconds 10]
"""
import argparse, json, os, re, signal, statistics, subprocess, threading, time, urllib.request


def tree(root):
    pids, frontier = [root], [root]
    while frontier:
        p = frontier.pop()
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                kids = [int(x) for x in f.read().split()]
        except OSError:
            kids = []
        pids += kids
        frontier += kids
    return pids


def rss_kb(pids):
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                total += int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
        except (OSError, AttributeError):
            pass
    return total


def healthz(port, timeout=30.0):
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as r:
            ok = r.status == 200
    except Exception:
        ok = False
    return time.monotonic() - t0, ok


def run(model, args):
    srv = subprocess.Popen([args.bin, "serve", "--port", "0", "--db", args.db, "--model", model,
                            "--workers", "2"], stdout=subprocess.PIPE, text=True)
    port = int(re.search(r"127\.0\.0\.1:(\d+)", srv.stdout.readline()).group(1))
    stop = threading.Event()
    peak, probes = [0], []

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kb(tree(srv.pid)))
            time.sleep(0.2)

    def probe():
        time.sleep(1.0)  # past the ramp-up
        while not stop.is_set():
            probes.append(healthz(port))
            time.sleep(0.25)

    threads = [threading.Thread(target=sample), threading.Thread(target=probe)]
    for t in threads:
        t.start()
    load = subprocess.run([args.bin, "load", "-c", "512", "-t", "2", "-d", f"{args.seconds}s",
                           "--timeout", "10s", "--mode", "cpu", "--iters", str(args.iters),
                           "--json", f"http://127.0.0.1:{port}/score"],
                          capture_output=True, text=True)
    end = time.monotonic()
    stop.set()
    for t in threads:
        t.join()
    recovery = None
    while time.monotonic() - end < 60:
        took, ok = healthz(port, 5)
        if ok and took < 0.05:
            recovery = time.monotonic() - end
            break
        time.sleep(0.05)
    srv.send_signal(signal.SIGTERM)
    rc = srv.wait(60)
    r = json.loads(load.stdout)
    lat = sorted(t for t, ok in probes if ok)
    return {
        "model": model, "ok": r["ok"], "rps": r["throughput_rps"],
        "errors": {k: v for k, v in r["errors"].items() if k != "by_status" and v},
        "rss_peak_mb": peak[0] / 1024,
        "healthz_probes": len(probes), "healthz_failed": sum(1 for _, ok in probes if not ok),
        "healthz_p50_ms": 1000 * statistics.median(lat) if lat else None,
        "healthz_max_ms": 1000 * lat[-1] if lat else None,
        "recovery_s": recovery, "exit": rc,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/gilbench")
    ap.add_argument("--db", default="/tmp/gilbench-overload-kv.db")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--iters", type=int, default=20000)
    ap.add_argument("--models", default="threads,async,procs")
    args = ap.parse_args()
    if not os.path.exists(args.db):
        subprocess.run([args.bin, "db", "init", "--db", args.db], check=True, capture_output=True)
    print("| model | ok | req/s | errors | RSS peak (MB) | /healthz p50 / max under load (ms) | /healthz failed | recovery (s) | exit |")
    print("|---|---|---|---|---|---|---|---|---|")
    for m in args.models.split(","):
        x = run(m, args)
        fmt = lambda v, f: "-" if v is None else f.format(v)
        print(f"| {m} | {x['ok']} | {x['rps']:.0f} | {x['errors'] or 0} | {x['rss_peak_mb']:.1f} | "
              f"{fmt(x['healthz_p50_ms'], '{:.0f}')} / {fmt(x['healthz_max_ms'], '{:.0f}')} | "
              f"{x['healthz_failed']}/{x['healthz_probes']} | {fmt(x['recovery_s'], '{:.2f}')} | {x['exit']} |",
              flush=True)


if __name__ == "__main__":
    main()
