#!/usr/bin/env bash
# HTTP path: gilbench `noop` vs nginx `return 200`, same wrk command, runs
# alternated so drift hits both alike. Prints every run, then medians and
# ratios as a Markdown table.
#   bench/http_path.sh [BUILD_DIR] [DURATION_S] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build}/gilbench
DUR=${2:-5}
RUNS=${3:-3}
DB=$(mktemp -d)/kv.db
"$BIN" db init --db "$DB" >/dev/null
NGX_PORT=18181

# PIN_CLIENT / PIN_SERVER: taskset prefixes (empty = let the scheduler place).
PIN_CLIENT=""
PIN_SERVER=""
rps() { $PIN_CLIENT wrk -t1 -c64 -d"${DUR}s" -s bench/noop.lua "$1" | awk '/Requests\/sec/ {print $2}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

start_gilbench() {  # model workers -> sets GPID, GPORT
  local out; out=$(mktemp)
  $PIN_SERVER "$BIN" serve --model "$1" --workers "$2" --port 0 --db "$DB" >"$out" 2>&1 &
  GPID=$!
  for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.05; done
  GPORT=$(grep -o '127.0.0.1:[0-9]*' "$out" | cut -d: -f2)
}

compare() {  # label model workers nginx_workers
  local label=$1 g=() n=()
  start_gilbench "$2" "$3"
  $PIN_SERVER bench/nginx.sh start $NGX_PORT "$4" >/dev/null
  for i in $(seq "$RUNS"); do
    g+=("$(rps "http://127.0.0.1:$GPORT/score")")
    n+=("$(rps "http://127.0.0.1:$NGX_PORT/score")")
    echo "# $label run $i: gilbench ${g[-1]} req/s, nginx ${n[-1]} req/s" >&2
  done
  kill "$GPID"; wait "$GPID" || true
  bench/nginx.sh stop
  local gm nm
  gm=$(printf '%s\n' "${g[@]}" | median)
  nm=$(printf '%s\n' "${n[@]}" | median)
  printf '| %s | %.0f | %.0f | %.2f |\n' "$label" "$gm" "$nm" "$(echo "$gm / $nm" | bc -l)"
}

echo "| comparison (wrk -t1 -c64 -d${DUR}s, median of $RUNS) | gilbench req/s | nginx req/s | ratio |"
echo "|---|---|---|---|"
compare "async noop vs nginx 1 worker" async 1 1
compare "procs --workers 2 noop vs nginx 2 workers" procs 2 2
# With 2 cores, wrk needs one: unpinned, the scheduler sometimes puts a
# server process on wrk's core and starves the client. Pinned, both servers
# get exactly one core for their two processes.
PIN_CLIENT="taskset -c 0"
PIN_SERVER="taskset -c 1"
compare "procs --workers 2 vs nginx 2 workers, pinned (wrk CPU 0, servers CPU 1)" procs 2 2
