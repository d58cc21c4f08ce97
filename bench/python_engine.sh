#!/usr/bin/env bash
# Benchmarks of the python engine (docs/benchmarks.md, "Python engine").
#   bench/python_engine.sh [overhead|scaling|convoy|all]
# Env: GILBENCH (binary, default build-py/gilbench), REPS (default 5),
#      DURATION (seconds per load run, default 5).
# Every run is repeated REPS times, alternating the configurations so slow
# phases of a shared machine hit them alike; medians are printed. Servers
# listen on 127.0.0.1 only and are stopped by PID.
set -euo pipefail

cd "$(dirname "$0")/.."
GILBENCH=${GILBENCH:-build-py/gilbench}
REPS=${REPS:-5}
DURATION=${DURATION:-5}
PY=/usr/bin/python3  # the interpreter the engine embeds, never a pyenv one
# shellcheck source=bench/serve_lib.sh
. bench/serve_lib.sh
setup_store gilbench-pybench

median() { "$PY" -c 'import sys,statistics; print(round(statistics.median(map(float,sys.argv[1:])),3))' "$@"; }

# Reads `gilbench load --json` on stdin, prints the named figures.
load_field() {
  "$PY" -c '
import json, sys
r = json.load(sys.stdin)
p = {x["percentile"]: x["value_us"] for x in r["latency"]["percentiles"]}
vals = {"rps": r["throughput_rps"], "p50_us": p[50.0], "p99_us": p[99.0],
        "errors": sum(v for k, v in r["errors"].items() if k != "by_status")}
print(" ".join(str(vals[k]) for k in sys.argv[1:]))' "$@"
}

# (1) ns per chain iteration: the engine against the same module run by
# /usr/bin/python3 itself. Wall time (service_us) and CPU time (the server's
# utime+stime around the request; python3's process_time) are both kept: on a
# shared machine only CPU time is stable (proc_cpu_s: bench/serve_lib.sh).
overhead() {
  local iters=${ITERS:-3000000} eng=() engc=() direct=() directc=()
  start_server --model threads --engine python --workers 1 --max-iters 100000000
  for r in $(seq "$REPS"); do
    local body="{\"mode\":\"cpu\",\"seed\":\"gilbench\",\"iters\":$iters}"
    local c0 c1 us out
    c0=$(proc_cpu_s "$SERVER_PID")
    us=$(curl -s -XPOST "http://127.0.0.1:$PORT/score" -d "$body" |
      "$PY" -c 'import json,sys; print(json.load(sys.stdin)["service_us"])')
    c1=$(proc_cpu_s "$SERVER_PID")
    eng+=("$("$PY" -c "print(round($us * 1000 / $iters, 1))")")
    engc+=("$("$PY" -c "print(round(($c1 - $c0) * 1e9 / $iters, 1))")")
    out=$("$PY" src/engines/python/gilbench_workloads.py gilbench "$iters")
    direct+=("$(sed 's/.* ns_per_iter=\([0-9.]*\).*/\1/' <<<"$out")")
    directc+=("$(sed 's/.*cpu_ns_per_iter=//' <<<"$out")")
    echo "overhead rep $r: engine ${eng[-1]} ns/iter wall ${engc[-1]} cpu; python3 ${direct[-1]} wall ${directc[-1]} cpu"
  done
  stop_server
  local me md mec mdc
  me=$(median "${eng[@]}"); md=$(median "${direct[@]}")
  mec=$(median "${engc[@]}"); mdc=$(median "${directc[@]}")
  echo "overhead: wall ns/iter engine $me, python3 $md, ratio $("$PY" -c "print(round($me/$md,3))")"
  echo "overhead: cpu ns/iter engine $mec, python3 $mdc, ratio $("$PY" -c "print(round($mec/$mdc,3))")"
}

# (2) The GIL made visible: cpu iters=80000, closed loop, 2 connections;
# throughput with 2 workers over 1.
scaling() {
  local configs=("threads python" "threads native" "procs python")
  declare -A rps
  for r in $(seq "$REPS"); do
    for c in "${configs[@]}"; do
      read -r model engine <<<"$c"
      for w in 1 2; do
        start_server --model "$model" --engine "$engine" --workers "$w"
        local v
        v=$("$GILBENCH" load -c 2 -d "${DURATION}s" --warmup 1s --mode cpu --iters 80000 --json \
          "http://127.0.0.1:$PORT/score" | load_field rps)
        stop_server
        rps["$model $engine $w"]+="$v "
        echo "scaling rep $r: $model+$engine workers=$w ${v} req/s"
      done
    done
  done
  for c in "${configs[@]}"; do
    local one two
    one=$(median ${rps["$c 1"]})
    two=$(median ${rps["$c 2"]})
    echo "scaling: ${c/ /+}: 1 worker $one req/s, 2 workers $two req/s, speedup $("$PY" -c "print(round($two/$one,2))")"
  done
}

# (3) Convoy: one io client (no wait) while 2 connections keep cpu requests
# running, threads model with 4 workers (so io never waits for a worker).
convoy() {
  local configs=("python 5" "python 0.5" "native 0")
  declare -A p50 p99
  for r in $(seq "$REPS"); do
    for c in "${configs[@]}"; do
      read -r engine sw <<<"$c"
      start_server --model threads --engine "$engine" --workers 4 --switch-interval-ms "$sw"
      "$GILBENCH" load -c 2 -d "$((DURATION + 3))s" --mode cpu --iters 80000 \
        "http://127.0.0.1:$PORT/score" >/dev/null &
      local bg=$!
      sleep 1
      local v
      v=$("$GILBENCH" load -c 1 -d "${DURATION}s" --mode io --json "http://127.0.0.1:$PORT/score" |
        load_field p50_us p99_us rps)
      wait "$bg"
      stop_server
      read -r a b rate <<<"$v"
      p50["$c"]+="$a "
      p99["$c"]+="$b "
      echo "convoy rep $r: $engine switch=${sw}ms io p50 ${a}us p99 ${b}us (${rate} req/s)"
    done
  done
  for c in "${configs[@]}"; do
    read -r engine sw <<<"$c"
    echo "convoy: threads+$engine switch=${sw}ms: io p50 $(median ${p50["$c"]}) us, p99 $(median ${p99["$c"]}) us"
  done
}

case "${1:-all}" in
  overhead) overhead ;;
  scaling) scaling ;;
  convoy) convoy ;;
  all) overhead; scaling; convoy ;;
  *) echo "usage: $0 [overhead|scaling|convoy|all]" >&2; exit 2 ;;
esac
