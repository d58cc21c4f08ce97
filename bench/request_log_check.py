#!/usr/bin/env python3
"""Recompute gilbench load's latency percentiles from its per-request log.

Usage: request_log_check.py REQUEST_LOG [LOAD_JSON]

REQUEST_LOG is written by `gilbench load --log-requests FILE`: one line per
request scheduled in the window, `intended_ns sent_ns done_ns outcome`. The
percentiles here are computed independently of gilbench's histograms: exact
nearest-rank over the latency (done - intended) of 2xx answers and censored
requests (done = the drain deadline), the population docs/load.md defines
for lat_*. With LOAD_JSON (`gilbench load --json` of the same run) the
histogram's figures are printed beside them with their ratio.
"""
import json
import math
import sys

PERCENTILES = [50, 90, 99, 99.9]


def nearest_rank(sorted_values, p):
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    lat, errors, censored, other = [], 0, 0, 0
    with open(sys.argv[1]) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            intended, _sent, done, outcome = line.split()
            us = (int(done) - int(intended)) / 1000
            if outcome == "censored":
                censored += 1
                lat.append(us)
            elif outcome.isdigit() and 200 <= int(outcome) < 300:
                lat.append(us)
            elif outcome.isdigit():
                errors += 1
            else:
                other += 1
    lat.sort()
    print(f"requests scheduled: {len(lat) + errors + other}  2xx+censored: {len(lat)}  "
          f"censored: {censored}  non-2xx: {errors}  transport errors: {other}")
    hist = {}
    if len(sys.argv) == 3:
        with open(sys.argv[2]) as f:
            doc = json.load(f)
        for point in doc["latency"]["percentiles"]:
            hist[point["percentile"]] = point["value_us"]
    print("percentile  reference_us  gilbench_us  ratio")
    for p in PERCENTILES:
        ref = nearest_rank(lat, p)
        got = hist.get(p)
        ratio = f"{got / ref:.4f}" if got is not None and ref else "-"
        print(f"p{p:<10} {ref if ref is None else round(ref)!s:>12}  {got if got is not None else '-'!s:>11}  {ratio}")


if __name__ == "__main__":
    main()
