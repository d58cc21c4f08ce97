#!/usr/bin/env bash
# Benchmarks of the offload model (docs/benchmarks.md, "offload model (issue 12)").
#   bench/offload.sh [handoff|models|all]
# Env: BUILD (build dir, default build), REPS (default 3), DURATION (seconds
#      per load run, default 5), N (requests per hand-off sample, default 3000).
# handoff: the server's own ipc_us (cpu iters=1, c=1, one pool process)
#   against the raw pipe round trip of bench/pipe_roundtrip_bench, the two
#   alternated REPS times; medians and the ratio are printed.
# models: offload vs procs vs async, cpu iters=80000, closed loop at c=1,4,8,
#   --workers 2, both engines; the configurations rotate within each
#   repetition so machine drift hits them alike; medians are printed.
# Servers listen on 127.0.0.1 only and are stopped by PID.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
GILBENCH=$BUILD/gilbench
REPS=${REPS:-3}
DURATION=${DURATION:-5}
N=${N:-3000}
PY=/usr/bin/python3
# shellcheck source=bench/serve_lib.sh
. bench/serve_lib.sh
setup_store gilbench-offload

median() { "$PY" -c 'import sys,statistics; print(round(statistics.median(map(float,sys.argv[1:])),2))' "$@"; }
ratio() { "$PY" -c "print(round($1/$2, 2))"; }

handoff() {
  local ipc50=() ipc90=() ipc99=() hot=() poll=() idle=()
  for r in $(seq "$REPS"); do
    start_server --model offload --engine native --workers 1
    local line
    line=$("$PY" bench/offload_ipc.py "$PORT" "$N" 1 | grep '^ipc_us')
    stop_server
    ipc50+=("$(sed 's/.* p50=\([0-9]*\).*/\1/' <<<"$line")")
    ipc90+=("$(sed 's/.* p90=\([0-9]*\).*/\1/' <<<"$line")")
    ipc99+=("$(sed 's/.* p99=\([0-9]*\).*/\1/' <<<"$line")")
    local raw
    raw=$("$BUILD/bench/pipe_roundtrip_bench" --benchmark_min_time=0.5 --benchmark_format=csv 2>/dev/null)
    hot+=("$(grep '"BM_RawPipeRoundTrip/' <<<"$raw" | cut -d, -f3)")
    poll+=("$(grep '"BM_RawPipeRoundTripPoll/' <<<"$raw" | cut -d, -f3)")
    idle+=("$(grep '"BM_RawPipeRoundTripIdle/' <<<"$raw" | cut -d, -f3)")
    echo "handoff rep $r: $line | raw hot ${hot[-1]} us, poll ${poll[-1]} us, after idle ${idle[-1]} us"
  done
  local m50 mh mp mi
  m50=$(median "${ipc50[@]}"); mh=$(median "${hot[@]}"); mp=$(median "${poll[@]}"); mi=$(median "${idle[@]}")
  echo "handoff: ipc_us p50 $m50 (p90 $(median "${ipc90[@]}"), p99 $(median "${ipc99[@]}")); raw pipe round trip hot $mh us, with poll $mp us, after 200 us idle $mi us"
  echo "handoff: ratio ipc_us p50 / raw hot $(ratio "$m50" "$mh"), / raw poll $(ratio "$m50" "$mp"), / raw after idle $(ratio "$m50" "$mi")"
}

# Reads `gilbench load --json` on stdin: req/s, p50 and p99 in µs, errors.
load_fields() {
  "$PY" -c '
import json, sys
r = json.load(sys.stdin)
p = {x["percentile"]: x["value_us"] for x in r["latency"]["percentiles"]}
errs = sum(v for k, v in r["errors"].items() if k != "by_status")
print(r["throughput_rps"], p[50.0], p[99.0], errs)'
}

models() {
  declare -A rps p50 p99
  local configs=("offload native" "procs native" "async native" "offload python" "procs python" "async python")
  for r in $(seq "$REPS"); do
    for c in 1 4 8; do
      for cfg in "${configs[@]}"; do
        read -r model engine <<<"$cfg"
        start_server --model "$model" --engine "$engine" --workers 2
        local v
        v=$("$GILBENCH" load -c "$c" -d "${DURATION}s" --warmup 1s --mode cpu --iters 80000 --json \
          "http://127.0.0.1:$PORT/score" | load_fields)
        stop_server
        read -r a b d e <<<"$v"
        rps["$cfg $c"]+="$a "
        p50["$cfg $c"]+="$b "
        p99["$cfg $c"]+="$d "
        echo "models rep $r: $model+$engine c=$c ${a} req/s p50 ${b}us p99 ${d}us errors $e"
      done
    done
  done
  echo "models: model+engine c req/s p50_ms p99_ms (medians of $REPS)"
  for cfg in "${configs[@]}"; do
    for c in 1 4 8; do
      echo "models: ${cfg/ /+} $c $(median ${rps["$cfg $c"]}) $("$PY" -c "print(round($(median ${p50["$cfg $c"]})/1000,2))") $("$PY" -c "print(round($(median ${p99["$cfg $c"]})/1000,2))")"
    done
  done
}

case "${1:-all}" in
  handoff) handoff ;;
  models) models ;;
  all) handoff; models ;;
  *) echo "usage: $0 [handoff|models|all]" >&2; exit 2 ;;
esac
