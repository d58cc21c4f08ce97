#!/usr/bin/env bash
# GIL-releasing work against GIL-holding work (docs/benchmarks.md,
# "GIL-releasing work"): the threads model with 1 and 4 workers, closed loop
# at concurrency = workers, python and native engines, on
#   cpu   iters=80000             (hashlib on 32-byte inputs: GIL held)
#   hash  size=65536 iters=16     (1 MiB per request, updates >= 2048 B: GIL released)
#   hash  size=1024 iters=1024    (the same 1 MiB, updates < 2048 B: GIL held)
#   json  items=1000              (json.dumps/json.loads: GIL held)
# Prints the speedup (req/s at 4 workers over 1) per (engine, workload):
# the median over REPS paired repetitions, with the min and max; and the
# cores the server used at 4 workers (its CPU time over the run's wall
# time), which other work on a shared machine disturbs less than req/s.
#   bench/gil_hash.sh
# Env: GILBENCH (binary, default build/gilbench), REPS (default 3),
#      DURATION (seconds per load run, default 5).
# Repetitions are interleaved (every configuration once per round) so slow
# phases of a shared machine hit them alike. Servers listen on 127.0.0.1
# only and are stopped by PID.
set -euo pipefail

cd "$(dirname "$0")/.."
GILBENCH=${GILBENCH:-build/gilbench}
REPS=${REPS:-3}
DURATION=${DURATION:-5}
PY=/usr/bin/python3
# shellcheck source=bench/serve_lib.sh
. bench/serve_lib.sh
setup_store gilbench-gilhash

workloads=("cpu --iters 80000" "hash --size 65536 --iters 16" "hash --size 1024 --iters 1024" "json --items 1000")
engines=(python native)
results=$WORK/rps.txt  # engine|workload|workers|rep|rps|cores

rps_of() {  # reads `gilbench load --json` on stdin
  "$PY" -c 'import json,sys; r=json.load(sys.stdin); e=sum(v for k,v in r["errors"].items() if k!="by_status")
print(r["throughput_rps"] if e == 0 else "errors")'
}

for rep in $(seq "$REPS"); do
  for engine in "${engines[@]}"; do
    for wl in "${workloads[@]}"; do
      for w in 1 4; do
        start_server --model threads --engine "$engine" --workers "$w" --max-iters 100000000
        c0=$(proc_cpu_s "$SERVER_PID")
        t0=$(date +%s.%N)
        # shellcheck disable=SC2086  # $wl is "mode --flag value ..."
        v=$("$GILBENCH" load -c "$w" -d "${DURATION}s" --warmup 1s --json --mode $wl \
          "http://127.0.0.1:$PORT/score" | rps_of)
        cores=$("$PY" -c "print(round(($(proc_cpu_s "$SERVER_PID") - $c0) / ($(date +%s.%N) - $t0), 2))")
        stop_server
        echo "$engine|$wl|$w|$rep|$v|$cores" >>"$results"
        echo "rep $rep: $engine, $wl, workers=$w: $v req/s, server $cores cores" >&2
      done
    done
  done
done

"$PY" - "$results" <<'PYEOF'
import statistics, sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
rps = {(e, wl, int(w), int(r)): v for e, wl, w, r, v, _ in rows}
cores = {(e, wl, int(w), int(r)): float(c) for e, wl, w, r, _, c in rows}
print("| engine | workload | req/s, 1 worker | req/s, 4 workers | speedup 4/1: median (min–max) | server cores, 4 workers |")
print("|---|---|---|---|---|---|")
for e in dict.fromkeys(r[0] for r in rows):
    for wl in dict.fromkeys(r[1] for r in rows):
        reps = sorted({k[3] for k in rps if k[:2] == (e, wl)})
        if any(rps[(e, wl, w, r)] == "errors" for w in (1, 4) for r in reps):
            print(f"| {e} | {wl} | errors | | |")
            continue
        one = [float(rps[(e, wl, 1, r)]) for r in reps]
        four = [float(rps[(e, wl, 4, r)]) for r in reps]
        s = [b / a for a, b in zip(one, four)]  # paired within a round
        mode, *flags = wl.split()
        label = " ".join([mode] + [f"{k[2:]}={v}" for k, v in zip(flags[::2], flags[1::2])])
        print(f"| {e} | {label} | {statistics.median(one):.0f} | "
              f"{statistics.median(four):.0f} | **{statistics.median(s):.2f}** ({min(s):.2f}–{max(s):.2f}) | "
              f"{statistics.median(cores[(e, wl, 4, r)] for r in reps):.2f} |")
PYEOF
