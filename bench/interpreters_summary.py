"""The numbers of docs/benchmarks.md, "Interpreters and free threading",
from one run of experiments/interpreters.toml.

Every ratio is formed inside one repetition round (the sweep interleaves
the targets of a round, so both sides of a ratio saw the same machine) and
the median over the rounds is printed with the smallest and largest round.
A round where either side was flagged noisy (steal or other load above the
sweep's threshold) is counted in the `noisy` column, not dropped.

Usage: python3 bench/interpreters_summary.py results/interpreters-<stamp>
"""
import csv
import statistics
import sys
from collections import defaultdict


def label(row):
    v = row["python"].rsplit("/", 1)[-1].replace("python", "")
    return v + (f" gil={row['gil']}" if row["gil"] else "")


def load(path):
    """cells[(model, interp, workers, workload, c)][rep] = row"""
    cells = defaultdict(dict)
    with open(f"{path}/results.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["status"] != "ok":
                continue
            key = (row["model"], label(row), int(row["workers"]),
                   row["workload"], int(row["connections"]))
            cells[key][int(row["rep"])] = row
    return cells


def ratio(cells, num, den, field="throughput_rps"):
    a, b = cells.get(num, {}), cells.get(den, {})
    rs, noisy = [], 0
    for rep in sorted(set(a) & set(b)):
        x, y = float(a[rep][field]), float(b[rep][field])
        if y > 0:
            rs.append(x / y)
            noisy += a[rep]["noisy"] == "1" or b[rep]["noisy"] == "1"
    if not rs:
        return "n/a"
    return (f"{statistics.median(rs):.2f} ({min(rs):.2f}-{max(rs):.2f},"
            f" {len(rs)} rounds, {noisy} noisy)")


def main():
    cells = load(sys.argv[1])
    interps = sorted({k[1] for k in cells if k[0] == "threads"})
    workloads = sorted({k[3] for k in cells})
    print("## two-over-one thread scaling: threads w2 c2 / threads w1 c1, req/s")
    for w in workloads:
        for i in interps:
            print(f"{w:5} {i:14} {ratio(cells, ('threads', i, 2, w, 2), ('threads', i, 1, w, 1))}")
    print("\n## server CPU per request, threads w2 c2 / w1 c1 (1.00 = no contention)")
    for w in workloads:
        for i in interps:
            print(f"{w:5} {i:14} {ratio(cells, ('threads', i, 2, w, 2), ('threads', i, 1, w, 1), 'cpu_per_req_us')}")
    print("\n## single-thread cost: 3.14 / 3.14t gil=off, threads w1 c1, req/s;"
          " and 3.14t gil=off / 3.14 server CPU per request")
    for w in workloads:
        one, ft = ('threads', '3.14', 1, w, 1), ('threads', '3.14t gil=off', 1, w, 1)
        print(f"{w:5} req/s {ratio(cells, one, ft)}   cpu/req {ratio(cells, ft, one, 'cpu_per_req_us')}")
    print("\n## threads (GIL off) over procs (3.14t gil=on), w2 c2")
    for w in workloads:
        t, p = ("threads", "3.14t gil=off", 2, w, 2), ("procs", "3.14t gil=on", 2, w, 2)
        print(f"{w:5} req/s {ratio(cells, t, p)}   PSS {ratio(cells, t, p, 'pss_kb')}")


if __name__ == "__main__":
    main()
