#!/usr/bin/env bash
# gilbench load against wrk, both loading the nginx anchor (bench/nginx.sh,
# one worker, `return 200`) on 127.0.0.1 with the same request bytes.
#   1. throughput: alternating runs of wrk -t1 -c64 and gilbench load -t1 -c64,
#      RUNS each; medians and the ratio.
#   2. latency at light load: gilbench's open-loop p50 at a fixed moderate
#      rate vs wrk's closed-loop p50 at -c1 (wrk has no rate; at -c1 there is
#      no queueing, which is what a lightly loaded open loop should see too),
#      plus gilbench's own closed loop at -c1 and its timer lag (send delay).
#   3. latency against a server with a known 5 ms service time (gilbench
#      serve --model async, io wait fixed): wrk -c1 p50 vs gilbench open loop p50.
#   4. memory: VmRSS of gilbench load sampled every 5 s over a MEM_S run.
# Usage: bench/load_vs_wrk.sh [GILBENCH_BIN]   (env: PORT, RUNS, DUR, RATE, MEM_S)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-$HERE/../build/gilbench}
PORT=${PORT:-18480}
RUNS=${RUNS:-3}
DUR=${DUR:-5s}
RATE=${RATE:-2000}
MEM_S=${MEM_S:-60}
URL=http://127.0.0.1:$PORT/score
WORK=$(mktemp -d /tmp/gilbench-load-bench.XXXXXX)
export NGINX_ANCHOR_DIR=$WORK/nginx
SERVE_PID=
cleanup() {
  if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null || true; fi
  "$HERE/nginx.sh" stop || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$HERE/nginx.sh" start "$PORT" 1 >/dev/null
# wrk sends exactly the bytes gilbench sends for --mode noop; a static
# script (no request() function) keeps wrk on its prebuilt-request path.
cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"mode":"noop"}'
wrk.headers["Content-Type"] = "application/json"
LUA

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# wrk prints latencies as 123.45us / 1.23ms / 1.02s; to µs.
wrk_us() { awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n*1000; else print n*1e6 }'; }

echo "## throughput: -t1 -c64 -d$DUR, $RUNS runs each, alternating"
for i in $(seq "$RUNS"); do
  /usr/bin/time -f "%U %S" -o "$WORK/wrk.cpu" wrk -t1 -c64 -d"$DUR" --latency -s "$WORK/post.lua" "$URL" > "$WORK/wrk.out"
  w=$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.out")
  wn=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  wp=$(wrk_us "$(awk '$1 == "50%" {print $2}' "$WORK/wrk.out")")
  /usr/bin/time -f "%U %S" -o "$WORK/gil.cpu" "$BIN" load -t1 -c64 -d"$DUR" --mode noop --json "$URL" > "$WORK/gil.json"
  g=$(json 'd["throughput_rps"]' < "$WORK/gil.json")
  gn=$(json 'd["requests"]' < "$WORK/gil.json")
  gp=$(json 'd["latency"]["percentiles"][6]["value_us"]' < "$WORK/gil.json")
  # Requests per CPU-second of the load generator itself: "per core", and
  # less sensitive than req/s to other processes taking the CPU away.
  wc=$(awk -v n="$wn" '{printf "%.0f", n / ($1 + $2)}' "$WORK/wrk.cpu")
  gc=$(awk -v n="$gn" '{printf "%.0f", n / ($1 + $2)}' "$WORK/gil.cpu")
  echo "run $i: wrk $w req/s p50 ${wp}us $wc req/cpu-s | gilbench $g req/s p50 ${gp}us $gc req/cpu-s"
  echo "$w" >> "$WORK/wrk"; echo "$g" >> "$WORK/gil"; echo "$wp" >> "$WORK/wrkp"; echo "$gp" >> "$WORK/gilp"
  echo "$wc" >> "$WORK/wrkc"; echo "$gc" >> "$WORK/gilc"
done
wm=$(median < "$WORK/wrk"); gm=$(median < "$WORK/gil")
echo "median: wrk $wm req/s, gilbench $gm req/s, ratio gilbench/wrk $(awk -v g="$gm" -v w="$wm" 'BEGIN {printf "%.3f", g/w}')"
wcm=$(median < "$WORK/wrkc"); gcm=$(median < "$WORK/gilc")
echo "median per CPU-second: wrk $wcm, gilbench $gcm, ratio $(awk -v g="$gcm" -v w="$wcm" 'BEGIN {printf "%.3f", g/w}')"
echo "median p50 at -c64: wrk $(median < "$WORK/wrkp")us, gilbench $(median < "$WORK/gilp")us"

echo "## latency p50 at light load, $RUNS runs each"
for i in $(seq "$RUNS"); do
  wp=$(wrk_us "$(wrk -t1 -c1 -d"$DUR" --latency -s "$WORK/post.lua" "$URL" | awk '$1 == "50%" {print $2}')")
  gc=$("$BIN" load -t1 -c1 -d"$DUR" --mode noop --json "$URL" | json 'd["latency"]["percentiles"][6]["value_us"]')
  "$BIN" load -t1 -c16 -d"$DUR" --rate "$RATE" --mode noop --json "$URL" > "$WORK/open.json"
  go=$(json 'd["latency"]["percentiles"][6]["value_us"]' < "$WORK/open.json")
  gu=$(json 'd["ulatency"]["percentiles"][6]["value_us"]' < "$WORK/open.json")
  sd=$(json '"%d/%d" % (d["send_delay"]["percentiles"][6]["value_us"], d["send_delay"]["percentiles"][14]["value_us"])' < "$WORK/open.json")
  rps=$(json 'round(d["throughput_rps"])' < "$WORK/open.json")
  echo "run $i: wrk -c1 p50 ${wp}us | gilbench -c1 p50 ${gc}us | gilbench --rate $RATE -c16 p50 ${go}us (uncorrected ${gu}us, $rps req/s, send delay p50/p99 ${sd}us)"
  echo "$wp" >> "$WORK/wp"; echo "$gc" >> "$WORK/gc"; echo "$go" >> "$WORK/go"
done
echo "median p50: wrk -c1 $(median < "$WORK/wp")us, gilbench -c1 $(median < "$WORK/gc")us, gilbench open loop $(median < "$WORK/go")us"

echo "## latency p50 against a known service time: gilbench serve --model async, io, wait_ms=5 fixed"
"$BIN" db init --db "$WORK/kv.db" >/dev/null
"$BIN" serve --model async --port 0 --db "$WORK/kv.db" > "$WORK/serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 100); do grep -qs listening "$WORK/serve.log" && break; sleep 0.1; done
SPORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.log" | head -1)
SURL=http://127.0.0.1:$SPORT/score
cat > "$WORK/io.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"mode":"io","key":"k0","wait_ms":5,"wait_dist":"fixed"}'
wrk.headers["Content-Type"] = "application/json"
LUA
for i in $(seq "$RUNS"); do
  wp=$(wrk_us "$(wrk -t1 -c1 -d"$DUR" --latency -s "$WORK/io.lua" "$SURL" | awk '$1 == "50%" {print $2}')")
  "$BIN" load -t1 -c16 -d"$DUR" --rate 400 --mode io --key-space 1 --wait-ms 5 --wait-dist fixed --json "$SURL" > "$WORK/io.json"
  go=$(json 'd["latency"]["percentiles"][6]["value_us"]' < "$WORK/io.json")
  gu=$(json 'd["ulatency"]["percentiles"][6]["value_us"]' < "$WORK/io.json")
  echo "run $i: wrk -c1 p50 ${wp}us | gilbench --rate 400 -c16 p50 ${go}us (uncorrected ${gu}us)"
  echo "$wp" >> "$WORK/iowp"; echo "$go" >> "$WORK/iogo"
done
kill "$SERVE_PID"; wait "$SERVE_PID" || true; SERVE_PID=
iw=$(median < "$WORK/iowp"); ig=$(median < "$WORK/iogo")
echo "median p50: wrk -c1 ${iw}us, gilbench open loop ${ig}us, ratio $(awk -v g="$ig" -v w="$iw" 'BEGIN {printf "%.3f", g/w}')"

echo "## memory: max RSS of gilbench load -t1 -c64 --mode noop, 5 s run vs ${MEM_S} s run"
for d in 5 "$MEM_S"; do
  /usr/bin/time -v -o "$WORK/time.$d" "$BIN" load -t1 -c64 -d"${d}s" --mode noop --json "$URL" > "$WORK/mem.$d.json" &
  tpid=$!
  samples=""
  sleep 1
  gpid=$(pgrep -P "$tpid" || true)
  while [ -n "$gpid" ] && kill -0 "$gpid" 2>/dev/null; do
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$gpid/status" 2>/dev/null || true)
    [ -n "$rss" ] && samples="$samples $rss"
    sleep 5
  done
  wait "$tpid"
  echo "${d}s: $(json 'd["requests"]' < "$WORK/mem.$d.json") requests, max RSS $(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/time.$d") KiB, VmRSS samples KiB:$samples"
done
