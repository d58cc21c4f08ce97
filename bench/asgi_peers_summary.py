#!/usr/bin/python3
"""Ratio table of each peer against the gilbench series it imitates.

    bench/asgi_peers_summary.py RESULTS_DIR

Reads RESULTS_DIR/results.csv of `gilbench sweep experiments/peers.toml`:
for every ok cell of a peer (a row with `imitates`), the gilbench row of
the same model/engine, workload and concurrency, same round. Prints, per
workload and concurrency, the median over rounds of each side's req/s and
p99, and the ratio peer / gilbench (throughput > 1: the peer serves more;
p99 < 1: the peer answers faster). A Markdown table on stdout.
"""

import csv
import statistics
import sys
from collections import defaultdict


def main():
    rows = list(csv.DictReader(open(sys.argv[1] + "/results.csv")))
    ok = [r for r in rows if r["status"] in ("ok", "degraded")]
    gil = {}
    for r in ok:
        if r["target"] == "gilbench":
            gil[(r["model"] + "/" + r["engine"], r["workload"], r["connections"], r["rep"])] = r
    table = defaultdict(lambda: defaultdict(list))
    for r in ok:
        if not r.get("imitates"):
            continue
        g = gil.get((r["imitates"], r["workload"], r["connections"], r["rep"]))
        if not g:
            continue
        key = (r["workload"], int(r["connections"]), r["target"], r["imitates"])
        for side, row in (("peer", r), ("gil", g)):
            table[key][side + "_rps"].append(float(row["throughput_rps"]))
            table[key][side + "_p99"].append(float(row["lat_p99_us"]) / 1000)
        table[key]["noisy"].append(r.get("noisy") == "1" or g.get("noisy") == "1")
        table[key]["loop"] = r.get("server_loop", "")
    print("| workload | c | peer (loop) | imitates | peer req/s | gilbench req/s | req/s ratio | "
          "peer p99 ms | gilbench p99 ms | p99 ratio | rounds (noisy) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (wl, c, peer, im), v in sorted(table.items()):
        m = {k: statistics.median(v[k]) for k in ("peer_rps", "gil_rps", "peer_p99", "gil_p99")}
        print(f"| {wl} | {c} | {peer.removeprefix('peer:')} ({v['loop']}) | {im} | {m['peer_rps']:.1f} | "
              f"{m['gil_rps']:.1f} | {m['peer_rps'] / m['gil_rps']:.2f} | {m['peer_p99']:.1f} | "
              f"{m['gil_p99']:.1f} | {m['peer_p99'] / m['gil_p99']:.2f} | {len(v['peer_rps'])} "
              f"({sum(v['noisy'])}) |")


if __name__ == "__main__":
    main()
