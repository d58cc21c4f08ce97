#!/usr/bin/env bash
# Cost of the receive timestamp per request (docs/benchmarks.md, "Latency
# split"): the same noop load against two binaries, `before` (reads with
# recv, no stamps) and `after` (recvmsg + SO_TIMESTAMPING).
#   bench/rx_stamp_overhead.sh BEFORE_BIN AFTER_BIN [callgrind|cpu|all]
# callgrind: user-space instructions per request of `serve --model async`,
#   from two runs (N1 and N2 requests) so start-up and shutdown cancel out.
# cpu: server CPU time (utime + stime from /proc, kernel work included) per
#   request over REQS requests at -c4, REPS times alternating the binaries;
#   medians. Needs no other stamping socket on the machine for `before`:
#   the kernel stamps every received segment while any socket asks.
# Servers listen on 127.0.0.1, port 0, and are stopped by PID.
set -euo pipefail

BEFORE=$1
AFTER=$2
WHAT=${3:-all}
N1=${N1:-2000}
N2=${N2:-22000}
REQS=${REQS:-200000}
REPS=${REPS:-5}
WORK=$(mktemp -d /tmp/gilbench-rxstamp.XXXXXX)
SERVER_PID=""
trap 'stop_server; rm -rf "$WORK"' EXIT
"$AFTER" db init --db "$WORK/kv.db" >/dev/null

start_server() {  # args: command...; sets SERVER_PID and PORT
  rm -f "$WORK/serve.out"  # a stale port from the last server must not be read
  "$@" >"$WORK/serve.out" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do
    PORT=$(grep -so '127.0.0.1:[0-9]*' "$WORK/serve.out" | head -1 | cut -d: -f2 || true)
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "server did not start: $(cat "$WORK/serve.out")" >&2
  exit 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

load() {  # requests
  "$AFTER" load -c4 -n "$1" --mode noop "http://127.0.0.1:$PORT/score" >/dev/null
}

instructions() {  # binary requests -> total Ir of the server
  local out="$WORK/cg.out"
  start_server valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$1" serve --model async --port 0 --db "$WORK/kv.db"
  load "$2"
  stop_server
  awk '/^(summary|totals):/ {print $2; exit}' "$out"
}

cpu_ticks() {  # pid -> utime + stime
  awk '{print $14 + $15}' "/proc/$1/stat"
}

if [ "$WHAT" = callgrind ] || [ "$WHAT" = all ]; then
  for name in before after; do
    bin=$BEFORE
    [ "$name" = after ] && bin=$AFTER
    a=$(instructions "$bin" "$N1")
    b=$(instructions "$bin" "$N2")
    echo "callgrind $name: $(( (b - a) / (N2 - N1) )) instructions/request"
  done
fi

if [ "$WHAT" = cpu ] || [ "$WHAT" = all ]; then
  hz=$(getconf CLK_TCK)
  for rep in $(seq "$REPS"); do
    for name in before after; do
      bin=$BEFORE
      [ "$name" = after ] && bin=$AFTER
      start_server "$bin" serve --model async --port 0 --db "$WORK/kv.db"
      load 2000  # warm
      t0=$(cpu_ticks "$SERVER_PID")
      load "$REQS"
      t1=$(cpu_ticks "$SERVER_PID")
      stop_server
      echo "cpu $name rep $rep: $(awk -v d=$((t1 - t0)) -v hz="$hz" -v n="$REQS" 'BEGIN {printf "%.2f", d / hz / n * 1e6}') us/request"
    done
  done
fi
