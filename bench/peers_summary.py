#!/usr/bin/python3
"""Markdown tables from bench/peers.sh's raw.csv: medians over repetitions.

Table 1: per workload and concurrency, each gilbench model (native, python
engine) beside its Python peer, req/s and p99, ratio = gilbench / peer
(req/s) measured by wrk. Table 2: the peers as wrk and gilbench load see them.
"""

import csv
import statistics
import sys
from collections import defaultdict

PEER_OF = {"threads": "flask-threads", "procs": "flask-procs", "async": "aiohttp"}


def load(path):
    runs = defaultdict(list)
    for r in csv.DictReader(open(path)):
        key = (r["target"], r["model"], r["engine"], r["workload"], int(r["connections"]), r["tool"])
        runs[key].append((float(r["rps"] or 0), float(r["p99_ms"] or 0), int(r["errors"] or 0)))
    return {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v),
                sum(x[2] for x in v), len(v)) for k, v in runs.items()}


def fmt_rps(v):
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}"


def cell(m, key):
    if key not in m:
        return None, "—"
    rps, p99, err, _ = m[key]
    s = f"{fmt_rps(rps)} / {p99:.1f}"
    return rps, s + (f" ({err} err)" if err else "")


def pairs_table(m, tool):
    engines = sorted({k[2] for k in m if k[0] == "gilbench"})
    conns = sorted({k[4] for k in m})
    print(f"\nreq/s / p99 ms, medians; ratio = gilbench req/s ÷ peer req/s; measured by {tool}\n")
    head = ["workload", "c", "pair"] + [f"gilbench {e}" for e in engines] + ["peer"] + \
           [f"ratio {e}" for e in engines]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for w in ("cpu", "io"):
        for c in conns:
            for model, peer in PEER_OF.items():
                prps, pcell = cell(m, (f"peer:{peer}", peer, "python", w, c, tool))
                cells, ratios = [], []
                for e in engines:
                    g, s = cell(m, ("gilbench", model, e, w, c, tool))
                    cells.append(s)
                    ratios.append(f"{g / prps:.1f}×" if g and prps else "—")
                if prps is None and all(x == "—" for x in cells):
                    continue
                print(f"| {w} | {c} | {model} ↔ {peer} | " + " | ".join(cells + [pcell] + ratios) + " |")


def tools_table(m):
    conns = sorted({k[4] for k in m})
    print("\nPeers seen by wrk and by gilbench load (req/s / p99 ms, medians)\n")
    print("| workload | c | peer | wrk | gilbench load | load ÷ wrk |")
    print("|---|---|---|---|---|---|")
    for w in ("cpu", "io"):
        for c in conns:
            for peer in PEER_OF.values():
                a, sa = cell(m, (f"peer:{peer}", peer, "python", w, c, "wrk"))
                b, sb = cell(m, (f"peer:{peer}", peer, "python", w, c, "gilbench-load"))
                if a is None and b is None:
                    continue
                ratio = f"{b / a:.2f}" if a and b else "—"
                print(f"| {w} | {c} | {peer} | {sa} | {sb} | {ratio} |")


def main():
    m = load(sys.argv[1])
    pairs_table(m, "wrk")
    pairs_table(m, "gilbench-load")
    tools_table(m)


if __name__ == "__main__":
    main()
