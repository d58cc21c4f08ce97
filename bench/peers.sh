#!/usr/bin/env bash
# gilbench models against their Python peers (threads <-> flask-threads,
# procs <-> flask-procs, async <-> aiohttp), cpu iters=80000 and io without
# wait, c in {1,8,32,128}, each cell measured with wrk and with gilbench load,
# alternated so drift hits both alike. Raw runs go to OUT/raw.csv; medians,
# p99 and ratios to OUT/summary.md (bench/peers_summary.py).
#   bench/peers.sh [BUILD_DIR] [DURATION_S] [REPS] [OUT]
# Env: CONNS="1 8 32 128", WORKLOADS="cpu io", THREADS=4 (threads and
# flask-threads), PROCS=2 (procs and flask-procs).
# A closed loop at c=128 on a python cpu target (~15-50 req/s) has a latency
# of 3-9 s: a 3 s window may see no answer at all. Measure those cells apart
# with a longer window, e.g. WORKLOADS=cpu CONNS=128 bench/peers.sh build 15 1.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build}/gilbench
DUR=${2:-3}
REPS=${3:-3}
OUT=${4:-$(mktemp -d /tmp/gilbench-peers.XXXX)}
CONNS=${CONNS:-"1 8 32 128"}
WORKLOADS=${WORKLOADS:-"cpu io"}
THREADS=${THREADS:-4}
PROCS=${PROCS:-2}
PY=/usr/bin/python3
mkdir -p "$OUT"
DB="$OUT/kv.db"
"$BIN" db init --db "$DB" >/dev/null
RAW="$OUT/raw.csv"
[ -s "$RAW" ] || echo "target,model,engine,workers,workload,connections,rep,tool,rps,p99_ms,errors" >"$RAW"

ENGINES="native"
"$BIN" serve --help | grep -q 'python' && ENGINES="native python"

SPID=""
stop_server() {
  if [ -n "$SPID" ]; then kill -TERM "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true; fi
  SPID=""
}
trap stop_server EXIT

start() {  # argv... -> SPID, SPORT
  local log="$OUT/server.log"
  "$@" >"$log.out" 2>>"$log" &
  SPID=$!
  for _ in $(seq 200); do grep -q 'listening on' "$log.out" && break; sleep 0.05; done
  SPORT=$(grep -o '127.0.0.1:[0-9]*' "$log.out" | head -1 | cut -d: -f2)
  [ -n "$SPORT" ] || { echo "server did not start: $*" >&2; exit 1; }
}

# A closed-loop client that stops leaves up to c requests queued in the
# server (and at c=128 a python cpu request waits seconds); they would be
# served during the next run. One noop answered after them is the drain.
drain() {
  curl -s -o /dev/null --max-time 120 -X POST -H 'Content-Type: application/json' \
    --data '{"mode":"noop"}' "http://127.0.0.1:$SPORT/score" || true
}

body_of() { [ "$1" = cpu ] && echo '{"mode":"cpu","iters":80000}' || echo '{"mode":"io"}'; }

# wrk: Requests/sec, p99 in ms, socket errors + non-2xx.
run_wrk() {  # workload c
  BODY=$(body_of "$1") wrk -t1 -c"$2" -d"${DUR}s" --timeout 10s --latency -s bench/peers.lua \
    "http://127.0.0.1:$SPORT/score" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +99%/ { p99 = ms($2) }
    /Requests\/sec/ { rps = $2 }
    /Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
    /Non-2xx/ { err += $NF }
    END { printf "%s,%.3f,%d\n", rps, p99, err }'
}

run_load() {  # workload c
  "$BIN" load -t1 -c"$2" -d"${DUR}s" --timeout 10s --mode "$1" --iters 80000 --csv \
    "http://127.0.0.1:$SPORT/score" | awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { err = $col["errors_connect"] + $col["errors_read"] + $col["errors_write"] + $col["errors_timeout"] + $col["errors_status"]
      printf "%s,%.3f,%d\n", $col["throughput_rps"], $col["lat_p99_us"] / 1000, err }'
}

measure() {  # target model engine workers
  for w in $WORKLOADS; do
    for c in $CONNS; do
      BODY=$(body_of "$w") wrk -t1 -c"$c" -d1s --timeout 10s -s bench/peers.lua \
        "http://127.0.0.1:$SPORT/score" >/dev/null  # warm-up
      drain
      for r in $(seq "$REPS"); do
        echo "$1,$2,$3,$4,$w,$c,$r,wrk,$(run_wrk "$w" "$c")" >>"$RAW"
        drain
        echo "$1,$2,$3,$4,$w,$c,$r,gilbench-load,$(run_load "$w" "$c")" >>"$RAW"
        drain
      done
      echo "  $1 $2/$3 $w c=$c done" >&2
    done
  done
}

for pair in "threads flask-threads $THREADS" "procs flask-procs $PROCS" "async aiohttp 1"; do
  set -- $pair
  model=$1 peer=$2 workers=$3
  for engine in $ENGINES; do
    start "$BIN" serve --model "$model" --engine "$engine" --workers "$workers" --port 0 --db "$DB"
    measure gilbench "$model" "$engine" "$workers"
    stop_server
  done
  start $PY peers/python/serve.py --kind "$peer" --workers "$workers" --port 0 --db "$DB"
  measure "peer:$peer" "$peer" python "$workers"
  stop_server
done

$PY bench/peers_summary.py "$RAW" | tee "$OUT/summary.md"
echo "raw runs: $RAW" >&2
